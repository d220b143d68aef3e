import { Browser, expect, test } from '@playwright/test';
import { hydrated, login, noSideways, shot, OFFICE, PASSWORD } from './helpers';
import { firstHousehold, seedOutbox, syncUntilEmpty } from './outbox';
import { OwnServer } from './server';

// Issue 15: real office sheets, villagers on bad connections, and long diaries.
const CADRE = '13800000101';

/** The token of 李明's active card, looked up by the office in a context of its own. */
async function cardToken(browser: Browser, baseURL: string): Promise<string> {
  const office = await browser.newContext({ baseURL });
  const page = await office.newPage();
  await login(page, OFFICE, PASSWORD);
  const res = await page.request.post('/api/cards/list', { headers: { Origin: baseURL } });
  const cards = (await res.json()) as { token: string; cadre: string; active: boolean }[];
  await office.close();
  return cards.find((c) => c.cadre === '李明' && c.active)!.token;
}

test('an import preview names the columns it does not know, at 390 px', async ({ page }) => {
  await login(page, OFFICE, PASSWORD);
  await page.goto('/households/import');
  await hydrated(page);
  const csv = '序号,村,村民小组,户主姓名,身份证号码,手机号码,备注\n1,民智村,一组,预览户,,１３９００００５５５５,老党员\n';
  await page.getByLabel('表格文件').setInputFiles({ name: '台账.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.getByTestId('import-preview').click();
  await expect(page.getByTestId('import-report')).toBeVisible();
  await expect(page.getByTestId('import-ignored')).toContainText('序号');
  await expect(page.getByTestId('import-ignored')).toContainText('备注');
  await expect(page.getByTestId('import-counts')).toContainText('新增 1 户');
  await noSideways(page);
  await shot(page, '390-import-preview');
});

test('a villager whose answer was lost resends from the reloaded card and gets the first receipt', async ({
  page,
  browser,
  baseURL,
}) => {
  const token = await cardToken(browser, baseURL!);
  const text = `桥头的护栏松了，请派人看看（${Date.now()}）`;

  await page.goto(`/c/${token}`);
  await page.getByLabel('类别').selectOption('construction');
  await page.getByLabel('反映的问题或建议').fill(text);
  // The post reaches the server and is stored; its answer never reaches the phone.
  let firstReceipt = '';
  await page.route('**/feedback', async (route) => {
    const answer = await route.fetch({ maxRedirects: 0 });
    firstReceipt = answer.headers()['location'] ?? '';
    await route.abort('connectionreset');
  });
  await page.getByRole('button', { name: '提交反馈' }).click().catch(() => undefined);
  await expect.poll(() => firstReceipt).toMatch(/^\/r\/[0-9A-Z]{8}/);
  await page.unroute('**/feedback');

  // The villager opens the card again: the form is as they left it, and sending it again
  // lands on the receipt of the first send.
  await page.goto(`/c/${token}`);
  await expect(page.getByLabel('反映的问题或建议')).toHaveValue(text);
  await page.getByRole('button', { name: '提交反馈' }).click();
  await expect(page).toHaveURL(/\/r\/[0-9A-Z]{8}\?new=1/);
  expect(new URL(page.url()).pathname).toBe(firstReceipt.split('?')[0]);

  const office = await browser.newContext({ baseURL });
  const officePage = await office.newPage();
  await login(officePage, OFFICE, PASSWORD);
  const list = await officePage.request.post('/api/feedback/list', {
    headers: { Origin: baseURL! },
    form: { status: '' },
  });
  const rows = (await list.json()).rows as { receipt: string }[];
  const code = firstReceipt.split('?')[0].replace('/r/', '');
  expect(rows.filter((r) => r.receipt.replace('-', '') === code)).toHaveLength(1);
  await office.close();
});

test('a queue of long diaries goes up in batches under the body limit and nothing jams', async ({ browser }) => {
  test.setTimeout(120_000);
  // A server of its own: 3 MB of diaries would weigh on every later test's household pages.
  const server = new OwnServer();
  const base = await server.start();
  const context = await browser.newContext({ baseURL: base });
  const page = await context.newPage();
  try {
    await login(page, CADRE, PASSWORD);
    await page.goto('/visits');
    await hydrated(page);
    await expect(page.getByTestId('sync-panel')).toHaveAttribute('data-state', 'idle');
    const household = await firstHousehold(page);
    // 150 diaries of about 20 KB (3 MB: over the 2 MiB sync limit in one batch), then 50 short.
    const ids = await seedOutbox(page, household, 200, 150);
    await syncUntilEmpty(page);
    const res = await page.request.post('/api/visits/for_household', {
      form: { household: String(household) },
      headers: { Origin: base },
    });
    const stored = new Set(((await res.json()) as { id: string }[]).map((v) => v.id));
    expect(ids.filter((id) => !stored.has(id))).toEqual([]);
    await expect(page.getByTestId('sync-panel')).toHaveAttribute('data-waiting', '0');
  } finally {
    await context.close();
    await server.kill();
  }
});

test('a phone whose clock is two hours fast is told the right time at sync', async ({ page }) => {
  await page.clock.setFixedTime(new Date(Date.now() + 2 * 3600_000));
  await login(page, CADRE, PASSWORD);
  await page.goto('/visits');
  await hydrated(page);
  await expect(page.getByTestId('clock-warning')).toContainText('比实际时间快约');
  await noSideways(page);
  await shot(page, '390-clock-warning');
});

test.describe('a villager in WeChat at 360 px', () => {
  test.use({
    viewport: { width: 360, height: 640 },
    userAgent:
      'Mozilla/5.0 (Linux; Android 12; M2012K11AC) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/111.0.5563.116 Mobile Safari/537.36 XWEB/5317 MMWEBSDK/20230805 MMWEBID/1234 MicroMessenger/8.0.42.2460(0x28002A3B) WeChat/arm64 Weixin NetType/4G Language/zh_CN ABI/arm64',
  });

  test('the card says how to save the contact where WeChat cannot, and calling and feedback work', async ({
    page,
    browser,
    baseURL,
  }) => {
    const token = await cardToken(browser, baseURL!);
    await page.goto(`/c/${token}`);
    await expect(page.getByTestId('wechat-hint')).toBeVisible();
    await expect(page.getByTestId('wechat-hint')).toContainText('在浏览器打开');
    await expect(page.getByRole('link', { name: /拨打 13800000101/ })).toHaveAttribute('href', 'tel:13800000101');
    await noSideways(page);
    await shot(page, '360-card-wechat');
    await page.getByLabel('类别').selectOption('environment');
    await page.getByLabel('反映的问题或建议').fill('微信里提交：河边的垃圾没人清');
    await page.getByRole('button', { name: '提交反馈' }).click();
    await expect(page).toHaveURL(/\/r\/[0-9A-Z]{8}\?new=1/);
  });
});

test('outside WeChat the card shows no WeChat hint', async ({ page, browser, baseURL }) => {
  const token = await cardToken(browser, baseURL!);
  await page.goto(`/c/${token}`);
  await expect(page.getByTestId('wechat-hint')).toBeHidden();
});

import { test, expect, Page, APIRequestContext } from '@playwright/test';
import { writeFileSync } from 'node:fs';
import { hydrated, login, logout, noSideways, shot, tapTargetsAreLarge, OFFICE, PASSWORD } from './helpers';
import { firstHousehold } from './outbox';

type Card = { id: number; token: string; cadre: string; cadre_id: number; active: boolean };

/** The office's card list, through the same server function the cards screen calls. */
async function cards(request: APIRequestContext, baseURL: string): Promise<Card[]> {
  const res = await request.post('/api/cards/list', { headers: { Origin: baseURL } });
  expect(res.ok()).toBeTruthy();
  return res.json();
}

const CARD_TARGETS = 'a.btn, button, input:not([type=hidden]), select, .contacts a';

/** Pages in a PDF as Chromium prints it: each page object is `/Type /Page`. */
function pdfPages(pdf: Buffer, name: string): number {
  // Kept beside the screenshots, to look at as the office's printer will.
  writeFileSync(`screenshots/${name}.pdf`, pdf);
  return (pdf.toString('latin1').match(/\/Type\s*\/Page(?![s\w])/g) ?? []).length;
}

test('the office prints 8 or 10 cards to an A4 page, with QR codes', async ({ page, baseURL }) => {
  await login(page, OFFICE, PASSWORD);
  // Ten cards: the demo's eight and two more issued on the cards screen.
  await page.goto('/cards');
  await hydrated(page);
  await expect(page.getByTestId('card-list').locator('li')).toHaveCount(8);
  for (const holder of ['唐志远 · 局长', '彭立新 · 副局长']) {
    await page.getByLabel('持卡干部').selectOption({ label: holder });
    await page.getByRole('button', { name: '发放联系卡' }).click();
    await expect(page.getByText('已发卡。')).toBeVisible();
  }
  await expect(page.getByTestId('card-list').locator('li')).toHaveCount(10);
  await shot(page, 'cards');

  await page.goto('/cards/print?per=8');
  await hydrated(page);
  await expect(page.getByTestId('print-card')).toHaveCount(10);
  // Every QR code has loaded.
  await expect
    .poll(() => page.locator('img.lc-qr').evaluateAll((imgs) => imgs.filter((i) => (i as HTMLImageElement).naturalWidth > 0).length))
    .toBe(10);
  await page.emulateMedia({ media: 'print' });
  const sheets = page.getByTestId('sheet');
  await expect(sheets).toHaveCount(2);
  await expect(sheets.nth(0).getByTestId('print-card')).toHaveCount(8);
  await expect(sheets.nth(1).getByTestId('print-card')).toHaveCount(2);
  // A sheet is an A4 page less its margins (194 × 281 mm at 96 px per inch), and its
  // cards sit in two columns of four, inside it, without overlapping.
  const box = await sheets.nth(0).boundingBox();
  expect(Math.round(box!.width)).toBe(733);
  expect(Math.round(box!.height)).toBe(1062);
  const cardBoxes = await sheets.nth(0).getByTestId('print-card').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().toJSON()));
  const xs = new Set(cardBoxes.map((b) => Math.round(b.x)));
  const ys = new Set(cardBoxes.map((b) => Math.round(b.y)));
  expect([xs.size, ys.size]).toEqual([2, 4]);
  for (const b of cardBoxes) {
    expect(b.right).toBeLessThanOrEqual(box!.x + box!.width + 1);
    expect(b.bottom).toBeLessThanOrEqual(box!.y + box!.height + 1);
  }
  await expect(page.getByRole('navigation', { name: '主导航' })).toBeHidden();
  await shot(page, 'print-cards-8');
  expect(pdfPages(await page.pdf({ format: 'A4', printBackground: true }), 'print-cards-8')).toBe(2);

  await page.emulateMedia({ media: 'screen' });
  await page.goto('/cards/print?per=10');
  await hydrated(page);
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByTestId('sheet')).toHaveCount(1);
  await expect(page.getByTestId('sheet').getByTestId('print-card')).toHaveCount(10);
  await shot(page, 'print-cards-10');
  expect(pdfPages(await page.pdf({ format: 'A4', printBackground: true }), 'print-cards-10')).toBe(1);

  const all = await cards(page.request, baseURL!);
  expect(all.filter((c) => c.active)).toHaveLength(10);
});

for (const javaScriptEnabled of [false, true]) {
  test.describe(`a villager at 360 × 640 with JavaScript ${javaScriptEnabled ? 'on' : 'off'}`, () => {
    test.use({ viewport: { width: 360, height: 640 }, javaScriptEnabled });

    test('scans the card, reads it, sends feedback and checks the receipt', async ({ page, browser, baseURL }) => {
      // The office looks the token up in its own browser context.
      const office = await browser.newContext({ baseURL, javaScriptEnabled: true });
      const officePage = await office.newPage();
      await login(officePage, OFFICE, PASSWORD);
      const token = (await cards(officePage.request, baseURL!)).find((c) => c.cadre === '李明' && c.active)!.token;
      await office.close();

      const requests: string[] = [];
      page.on('request', (r) => requests.push(r.url()));
      await page.goto(`/c/${token}`);
      await expect(page.getByTestId('cadre')).toHaveText('李明');
      await expect(page.getByRole('link', { name: /拨打 13800000101/ })).toHaveAttribute('href', 'tel:13800000101');
      await expect(page.getByRole('link', { name: '保存到通讯录' })).toBeVisible();
      await expect(page.getByText('每月6日、7日')).toBeVisible();
      await noSideways(page);
      await tapTargetsAreLarge(page, CARD_TARGETS);
      await shot(page, `360-card-js-${javaScriptEnabled ? 'on' : 'off'}`);
      // The smallest phones still in use are 320 px wide.
      await page.setViewportSize({ width: 320, height: 640 });
      await noSideways(page);
      await page.setViewportSize({ width: 360, height: 640 });

      await page.getByLabel('类别').selectOption('environment');
      const text = `村口垃圾站满了，请安排清运（${javaScriptEnabled ? '有' : '无'}脚本）`;
      await page.getByLabel('反映的问题或建议').fill(text);
      if (javaScriptEnabled) {
        // Enhanced: a reload (a dropped connection, a closed tab) keeps the half-typed form.
        await page.reload();
        await expect(page.getByLabel('反映的问题或建议')).toHaveValue(text);
        await expect(page.getByLabel('类别')).toHaveValue('environment');
      }
      await page.getByRole('button', { name: '提交反馈' }).click();
      await expect(page).toHaveURL(/\/r\/[0-9A-Z]{8}\?new=1/);
      await expect(page.getByText('提交成功')).toBeVisible();
      const receipt = (await page.getByTestId('receipt').textContent())!;
      expect(receipt).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}$/);
      await expect(page.getByTestId('status')).toHaveText('待受理');
      await noSideways(page);
      await shot(page, `360-receipt-js-${javaScriptEnabled ? 'on' : 'off'}`);

      // Later: back on the card, the receipt code is looked up.
      await page.getByRole('link', { name: '返回联系卡' }).click();
      await expect(page.getByTestId('cadre')).toHaveText('李明');
      await expect(page.getByLabel('反映的问题或建议')).toHaveValue('');
      await page.getByLabel('回执码').fill(receipt.toLowerCase());
      await page.getByRole('button', { name: '查询' }).click();
      await expect(page.getByTestId('receipt')).toHaveText(receipt);
      await expect(page.getByText('提交成功')).toHaveCount(0);

      // English, for a visitor who prefers it.
      await page.getByRole('link', { name: 'English' }).click();
      await expect(page.getByText('Receipt code').first()).toBeVisible();

      expect(requests.filter((u) => u.includes('/pkg/') || u.endsWith('.wasm'))).toEqual([]);
    });
  });
}

test('a cadre records feedback without signal; it is sent when the signal returns', async ({ page, context }) => {
  await login(page, '13800000101', PASSWORD);
  // The phone's copy of the cadre's households arrives with the first sync.
  await page.goto('/visits');
  await hydrated(page);
  // The panel reads "idle" before the first run too: wait for the households themselves.
  await firstHousehold(page);
  await expect(page.getByTestId('sync-panel')).toHaveAttribute('data-state', 'idle');
  await page.goto('/feedback/new');
  await hydrated(page);
  await context.setOffline(true);
  await page.getByLabel('涉及农户').selectOption({ index: 1 });
  await page.getByLabel('来源').selectOption('reception');
  await page.getByLabel('类别').selectOption('relief');
  await page.getByTestId('submit-feedback').click();
  await expect(page.getByText('必填').first()).toBeVisible();
  await page.getByLabel('反映的问题或建议').fill('老人住房漏雨，希望协调危房改造');
  await page.getByTestId('submit-feedback').click();
  await expect(page.getByTestId('queued')).toBeVisible();
  const mine = page.getByTestId('feedback-on-phone');
  await expect(mine.locator('[data-state=waiting]')).toHaveCount(1);
  await shot(page, 'feedback-capture-offline');
  await context.setOffline(false);
  await expect(mine.locator('[data-state=sent]')).toHaveCount(1, { timeout: 30_000 });
  await expect(mine.getByTestId('feedback-receipt')).toContainText(/[0-9A-Z]{4}-[0-9A-Z]{4}/);
  await expect(mine.locator('[data-state=waiting]')).toHaveCount(0);

  // The office's inbox has it, once, as taken at a reception.
  await logout(page);
  await login(page, OFFICE, PASSWORD);
  await page.goto('/feedback');
  await hydrated(page);
  const item = page.getByTestId('feedback-list').getByText('老人住房漏雨');
  await expect(item).toHaveCount(1);
  await expect(page.getByTestId('feedback-list').getByText('服务日接待').first()).toBeVisible();
  await item.click();
  await expect(page.getByTestId('content')).toHaveText('老人住房漏雨，希望协调危房改造');
  await shot(page, 'feedback-detail');
});

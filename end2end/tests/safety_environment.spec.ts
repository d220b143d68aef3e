import { expect, test } from '@playwright/test';
import { hydrated, login, noSideways, PASSWORD, shot, underWorker } from './helpers';
import { OwnServer } from './server';

// 李明: on 民智村's liaison team, with his own households. 周建国: the office.
const CADRE = '13800000101';
const OFFICE = '13800000001';

test('a clean-up and a 代购 written with no signal go up once; the service pack reads offline', async ({ browser }) => {
  test.setTimeout(150_000);
  const server = new OwnServer();
  const base = await server.start();
  // The office puts a piece in the service pack.
  const office = await browser.newContext({ baseURL: base });
  const op = await office.newPage();
  await login(op, OFFICE, PASSWORD);
  const saved = await op.request.post(`${base}/api/servicepack/material_save`, {
    form: {
      'material[kind]': 'technology',
      'material[title]': '茶叶春季管护技术',
      'material[body]': '一、及时追施催芽肥。\n二、防治茶小绿叶蝉。',
      'material[active]': 'on',
    },
    headers: { Origin: base },
  });
  expect(saved.status()).toBe(200);
  await office.close();

  const context = await browser.newContext({
    baseURL: base,
    serviceWorkers: 'allow',
    viewport: { width: 360, height: 640 },
  });
  const page = await context.newPage();
  try {
    await login(page, CADRE, PASSWORD);
    // Online once: the worker installs and the pack (villages, households, material) comes.
    await underWorker(page, '/service-pack');
    await expect(page.getByTestId('material')).toHaveCount(1, { timeout: 30_000 });
    await page.goto('/organisation/new');
    await hydrated(page);
    await expect(page.locator('#w-village option', { hasText: '民智村' })).toHaveCount(1);

    // No signal, and the server gone too.
    await context.setOffline(true);
    await server.kill();

    // The service pack opens and reads from the phone.
    await page.goto('/service-pack');
    await hydrated(page);
    const material = page.getByTestId('material').filter({ hasText: '茶叶春季管护技术' });
    await material.locator('summary').click();
    await expect(material).toContainText('防治茶小绿叶蝉');
    await noSideways(page);
    await shot(page, 'service-pack-offline');

    await page.goto('/organisation/new');
    await hydrated(page);
    // A clean-up.
    await page.getByLabel('记录什么').selectOption('cleanup');
    await page.getByLabel('村', { exact: true }).selectOption({ label: '民智村' });
    await page.getByLabel('整治区域').fill('村主干道、沟渠');
    await page.getByLabel('民兵应急连人数').fill('１５');
    await page.getByLabel('参加群众人数').fill('40');
    await page.getByLabel('整治内容').fill('清理垃圾3车，疏通沟渠500米');
    await noSideways(page);
    await shot(page, 'cleanup-offline');
    await page.getByTestId('submit-work').click();
    await expect(page.getByTestId('queued')).toBeVisible();

    // A 代购 asked for, then delivered and confirmed, all before any signal.
    await page.getByLabel('记录什么').selectOption('purchase');
    await page.locator('#w-household').selectOption({ index: 1 });
    const household = await page.locator('#w-household').inputValue();
    await page.getByLabel('代购物品').fill('复合肥');
    await page.getByLabel('数量').fill('2袋');
    await page.getByLabel('预计金额（元）').fill('１２.３');
    await page.getByTestId('submit-work').click();
    await expect(page.getByTestId('work-waiting')).toHaveCount(2);
    await page.getByLabel('记录什么').selectOption('purchase_update');
    await page.getByLabel('哪一笔代购').selectOption({ index: 1 });
    await page.getByLabel('实际金额（元）').fill('12.35');
    await page.getByLabel('确认收货的群众').fill('王大山');
    await shot(page, 'purchase-offline');
    await page.getByTestId('submit-work').click();
    await expect(page.getByTestId('work-waiting')).toHaveCount(3);
    await page.reload();
    await hydrated(page);
    await expect(page.getByTestId('work-waiting')).toHaveCount(3);
    // Before the visit day the household's page shows what is open for it, from the phone.
    await page.goto(`/visits/household?household=${household}`);
    await hydrated(page);
    await expect(page.getByTestId('household-needs').getByTestId('need')).toContainText(['复合肥 × 2袋']);
    await shot(page, 'household-needs-offline');
    await page.goto('/organisation/new');
    await hydrated(page);

    // Signal again: all three go up by themselves, once each, with receipts.
    await server.start();
    await context.setOffline(false);
    await expect(page.getByTestId('work-sent')).toHaveCount(3, { timeout: 30_000 });
    await expect(page.getByTestId('work-waiting')).toHaveCount(0);
    const env = await page.request.post(`${base}/api/environment/village`, {
      form: { village: '1' },
      headers: { Origin: base },
    });
    const cleanups: { militia: number; villagers: number }[] = (await env.json()).cleanups;
    expect(cleanups.map((c) => [c.militia, c.villagers])).toEqual([[15, 40]]);
    const pack = await page.request.post(`${base}/api/sync/pack`, {
      form: { device: 'check' },
      headers: { Origin: base },
    });
    // Closed: it no longer travels in the pack; read it from the household.
    expect((await pack.json()).purchases).toHaveLength(0);
    const households: { id: number }[] = (await pack.json()).households;
    let found = 0;
    for (const h of households) {
      const r = await page.request.post(`${base}/api/servicepack/purchases`, {
        form: { household: String(h.id) },
        headers: { Origin: base },
      });
      for (const p of (await r.json()) as { estimate: number; actual: number; status: string }[]) {
        expect([p.estimate, p.actual, p.status]).toEqual([1230, 1235, 'closed']);
        found += 1;
      }
    }
    expect(found).toBe(1);
    await shot(page, 'four-helps-2-sent');
    // The village page shows the clean-up; the household page the closed purchase.
    await page.goto('/villages/1');
    await hydrated(page);
    await expect(page.getByTestId('cleanups')).toContainText('村主干道、沟渠');
    await noSideways(page);
    await shot(page, 'village-environment');
    await page.emulateMedia({ media: 'print' });
    await shot(page, 'village-environment-print');
    await page.emulateMedia({ media: 'screen' });
  } finally {
    await context.close();
    await server.kill();
  }
});

import { test, expect } from '@playwright/test';
import { writeFileSync } from 'node:fs';
import { hydrated, login, noSideways, shot, tapTargetsAreLarge, PASSWORD } from './helpers';

const DIRECTOR = '13800000010';
const TARGETS = 'button, .button, .bottomnav a, select';

test('the leadership summary reads on a phone and on a desktop, filters by village and exports', async ({ page, browser, baseURL }) => {
  // A cadre's phone syncs: it reports what it still holds, and the summary shows when.
  const phone = await browser.newContext({ baseURL, viewport: { width: 390, height: 844 } });
  const cadre = await phone.newPage();
  const packed = cadre.waitForResponse((r) => r.url().endsWith('/api/sync/pack') && r.ok());
  await login(cadre, '13800000104', PASSWORD);
  await packed;
  await phone.close();

  await page.setViewportSize({ width: 360, height: 640 });
  await login(page, DIRECTOR, PASSWORD);
  await page.getByTestId('open-summary').click();
  await expect(page).toHaveURL(/\/summary$/);
  await hydrated(page);
  const summary = page.getByTestId('summary');
  await expect(summary).toBeVisible();
  await expect(page.getByRole('heading', { name: '工作总览' })).toBeVisible();
  await expect(page.getByTestId('scope')).toContainText('全部村');
  await expect(page.getByTestId('tile-short')).toContainText('结对未达标人数');
  await expect(page.getByTestId('quota-banner')).toContainText('谭军（差1户）');
  // Every chart is drawn in the page's HTML and says what it shows.
  await expect(page.getByRole('img', { name: '各村走访覆盖率' })).toBeVisible();
  await expect(page.getByRole('img', { name: '近12个月走访次数' })).toBeVisible();
  // ... and its numbers are one tap away.
  const table = page.getByTestId('coverage-villages');
  await expect(table).toBeHidden();
  await page.locator('#coverage summary').first().click();
  await expect(table).toBeVisible();
  await expect(table.locator('tbody tr')).toHaveCount(3);
  await expect(table.locator('tbody tr').first()).toContainText('民智村');
  const phones = page.getByTestId('phones-table');
  await expect(phones.locator('tr', { hasText: '陈静' })).not.toContainText('从未同步');
  await expect(phones.locator('tr', { hasText: '谭军' })).toContainText('从未同步');
  await noSideways(page);
  await tapTargetsAreLarge(page, TARGETS);
  await shot(page, '360-summary');

  // A village: a plain form, so it works before the app has loaded too.
  await page.getByTestId('filter-village').selectOption({ label: '廖家村' });
  await page.getByTestId('filter-apply').click();
  await expect(page).toHaveURL(/village=2/);
  await expect(page.getByTestId('scope')).toContainText('廖家村');
  await page.locator('#coverage summary').first().click();
  await expect(page.getByTestId('coverage-villages').locator('tbody tr')).toHaveCount(1);

  // The office's spreadsheet, straight from the link.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('export-households-xlsx').click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^shugen-households-\d{4}-\d{2}-\d{2}\.xlsx$/);

  await page.setViewportSize({ width: 1280, height: 900 });
  await noSideways(page);
  await shot(page, 'desktop-summary');
});

test('the monthly report prints on A4 for the dispatch meeting', async ({ page }) => {
  await login(page, DIRECTOR, PASSWORD);
  await page.goto('/summary');
  await hydrated(page);
  await page.getByTestId('open-report').click();
  await expect(page).toHaveURL(/\/summary\/report\?month=\d{4}-\d{2}$/);
  await hydrated(page);
  const report = page.getByTestId('report');
  await expect(report.getByRole('heading', { level: 1 })).toContainText('“树根工程”工作月报');
  await expect(page.getByTestId('digest')).toContainText('本月走访');
  // In the report every table is open, with the charts.
  await expect(page.getByTestId('quota-table')).toBeVisible();
  await expect(page.getByTestId('trend-table').locator('tbody tr')).toHaveCount(12);
  await noSideways(page);
  await shot(page, '390-report');

  await page.setViewportSize({ width: 794, height: 1123 });
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByRole('navigation', { name: '主导航' })).toBeHidden();
  await expect(page.getByTestId('print')).toBeHidden();
  await expect(page.getByTestId('quota-table')).toBeVisible();
  await shot(page, 'print-report');
  const pdf = await page.pdf({ format: 'A4', printBackground: true });
  writeFileSync('screenshots/print-report.pdf', pdf);
  const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page(?![s\w])/g) ?? []).length;
  expect(pages).toBeGreaterThanOrEqual(1);
  expect(pages).toBeLessThanOrEqual(4);
  await page.emulateMedia({ media: 'screen' });
});

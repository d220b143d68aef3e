import { expect, test } from '@playwright/test';
import { hydrated, login, noSideways, shot, tapTargetsAreLarge, PASSWORD } from './helpers';

test.use({ viewport: { width: 360, height: 640 } });

const CADRE = '13800000101';
const LEADER = '13800000010';

test('a cadre sees a full ID number only after typing the password again; a leader never', async ({
  page,
  browser,
  baseURL,
}) => {
  await login(page, CADRE, PASSWORD);
  await page.goto('/households');
  await hydrated(page);
  const href = await page.locator('a[href^="/households/"]').first().getAttribute('href');
  await page.goto(href!);
  await hydrated(page);
  const cell = page.getByTestId('member-id').first();
  const masked = await cell.textContent();
  expect(masked).toMatch(/^\d{6}\*{8}[\dX]{4}$/);

  await page.getByRole('button', { name: '查看完整号码' }).first().click();
  await expect(page.getByText('每次查看都会记入审计日志')).toBeVisible();
  await page.getByLabel('密码').fill('not-my-password');
  await page.getByRole('button', { name: '查看', exact: true }).click();
  await expect(page.getByText('密码不正确')).toBeVisible();
  await expect(cell).toHaveText(masked!);
  await noSideways(page);
  await tapTargetsAreLarge(page, 'button, input:not([type=hidden])');
  await shot(page, '360-reveal-id');

  await page.getByLabel('密码').fill(PASSWORD);
  await page.getByRole('button', { name: '查看', exact: true }).click();
  await expect(page.getByText('已查看，已记入审计日志')).toBeVisible();
  const full = (await cell.textContent())!;
  expect(full).toMatch(/^\d{17}[\dX]$/);
  expect(full.slice(0, 6) + '********' + full.slice(14)).toBe(masked);

  // Leaders read the same page with the number masked and no way to unmask it.
  const other = await browser.newContext({ baseURL, viewport: { width: 360, height: 640 }, locale: 'zh-CN' });
  const leader = await other.newPage();
  await login(leader, LEADER, PASSWORD);
  await leader.goto(href!);
  await hydrated(leader);
  await expect(leader.getByTestId('member-id').first()).toHaveText(masked!);
  await expect(leader.getByRole('button', { name: '查看完整号码' })).toHaveCount(0);
  await other.close();
});

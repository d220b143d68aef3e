import { test, expect } from '@playwright/test';
import { writeFileSync } from 'node:fs';
import { hydrated, login, noSideways, shot, tapTargetsAreLarge, villagerSends, OFFICE, PASSWORD } from './helpers';

const TARGETS = 'button, .button, .bottomnav a, input:not([type=hidden]):not([type=checkbox]):not([type=radio]), select';

test('a dispatch meeting: from the agenda to printed minutes', async ({ page }) => {
  await login(page, OFFICE, PASSWORD);
  const text = '村口路灯坏了半个月，晚上出行不便（调度会）';
  const receipt = await villagerSends(page, '王芳', text);

  await page.goto('/meetings');
  await hydrated(page);
  await page.getByLabel('参会人员').fill('唐志远、彭立新、周建国、刘晓燕');
  await page.getByTestId('open-meeting').click();
  await expect(page).toHaveURL(/\/meetings\/\d+$/);
  await hydrated(page);

  // The feedback waits under its category; the office sorts it, assigns an owner and a date.
  const card = page.getByTestId('triage-card').filter({ hasText: text });
  await expect(card).toHaveCount(1);
  await card.getByTestId('triage-open').click();
  await card.getByLabel('类别', { exact: true }).selectOption('construction');
  await card.getByLabel('包案人').selectOption({ label: '王芳 · 联村工作队员' });
  await card.getByLabel('会议决定').fill('由王芳联系供电所，两周内修复');
  await card.getByTestId('triage-submit').click();
  await expect(page.getByTestId('triage-card').filter({ hasText: text })).toHaveCount(0);
  const decisions = page.getByTestId('decisions').locator('li');
  await expect(decisions).toHaveCount(1);
  await expect(decisions.first()).toContainText('王芳');

  // An overdue item: the meeting gives it a new date.
  const overdue = page.getByTestId('decide-card').filter({ hasText: '宅基地边界纠纷' });
  await overdue.getByText('记录决定').click();
  await overdue.getByLabel('会议决定').fill('限期调解，本周内上门');
  const week = new Date(Date.now() + (8 + 24 * 7) * 3600_000).toISOString().slice(0, 10);
  await overdue.getByLabel('完成时限').fill(week);
  await overdue.getByRole('button', { name: '记录' }).click();
  await expect(decisions).toHaveCount(2);
  await expect(page.getByTestId('decide-card').filter({ hasText: '宅基地边界纠纷' }).getByTestId('due')).toHaveCount(0);
  await page.setViewportSize({ width: 360, height: 640 });
  await noSideways(page);
  await tapTargetsAreLarge(page, TARGETS);
  await shot(page, '360-meeting');

  await page.getByTestId('minutes-link').click();
  await expect(page).toHaveURL(/\/minutes$/);
  await hydrated(page);
  const rows = page.getByTestId('minutes').locator('tbody tr');
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0)).toContainText('由王芳联系供电所，两周内修复');
  await expect(rows.nth(0)).toContainText(receipt);
  await expect(rows.nth(1)).toContainText('限期调解，本周内上门');
  await expect(page.getByTestId('minutes')).toContainText('唐志远、彭立新、周建国、刘晓燕');
  await page.setViewportSize({ width: 794, height: 1123 });
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByRole('navigation', { name: '主导航' })).toBeHidden();
  await expect(page.getByTestId('print')).toBeHidden();
  await shot(page, 'print-minutes');
  const pdf = await page.pdf({ format: 'A4', printBackground: true });
  writeFileSync('screenshots/print-minutes.pdf', pdf);
  expect((pdf.toString('latin1').match(/\/Type\s*\/Page(?![s\w])/g) ?? []).length).toBe(1);
  await page.emulateMedia({ media: 'screen' });

  // The villager's receipt page now says it was taken on.
  await page.goto(`/r/${receipt.replace('-', '')}`);
  await expect(page.getByTestId('status')).toHaveText('已受理');
  await expect(page.getByText('已受理并交办')).toBeVisible();
});

test.describe('a cadre at 360 px', () => {
  test.use({ viewport: { width: 360, height: 640 } });

  test('records a service-day reception and turns it into a ledger item in one tap', async ({ page }) => {
    await login(page, '13800000101', PASSWORD);
    await page.goto('/receptions');
    await hydrated(page);
    await page.getByLabel('来访群众').fill('廖德明');
    await page.getByLabel('联系电话（可不填）').fill('13912345678');
    await page.getByLabel('村组（可不填）').fill('民智村三组');
    await page.getByLabel('类别').selectOption('relief');
    await page.getByLabel('反映事项').fill('房屋漏雨，申请危房改造补助');
    await page.getByLabel('当场办理情况').fill('已登记，讲解申报条件');
    await page.getByTestId('save-reception').click();
    const line = page.getByTestId('reception').filter({ hasText: '廖德明' });
    await expect(line).toHaveCount(1);
    // The form is empty again for the next villager.
    await expect(page.getByLabel('来访群众')).toHaveValue('');
    await noSideways(page);
    await tapTargetsAreLarge(page, TARGETS);
    await shot(page, '360-receptions');

    await line.getByTestId('reception-kind').selectOption('proxy_service');
    await line.getByTestId('to-ledger').click();
    await expect(page).toHaveURL(/\/ledger\/[0-9a-f-]{36}$/);
    await hydrated(page);
    await expect(page.getByTestId('item-title')).toHaveText('房屋漏雨，申请危房改造补助');
    await expect(page.getByTestId('item-status')).toHaveText('待交办');
    await expect(page.getByText('服务日接待')).toBeVisible();
    await noSideways(page);
    await shot(page, '360-ledger-item');

    // Back on the receptions, the matter shows as in the ledger: a second tap cannot make another.
    await page.goto('/receptions');
    await hydrated(page);
    await expect(page.getByTestId('reception').filter({ hasText: '廖德明' }).getByTestId('reception-item')).toBeVisible();
    await page.goto('/ledger?view=all');
    await hydrated(page);
    await expect(page.getByTestId('ledger-list').getByText('房屋漏雨，申请危房改造补助')).toHaveCount(1);
    await noSideways(page);
    await tapTargetsAreLarge(page, TARGETS);
    await shot(page, '360-ledger');

    // A promise made there, written directly: it must name a place, and it is the cadre's own.
    await page.getByTestId('new-item').click();
    await expect(page).toHaveURL(/\/ledger\/new$/);
    await hydrated(page);
    await page.getByLabel('事项类别').selectOption('commitment');
    await page.getByLabel('事项', { exact: true }).fill('帮廖德明代办危房改造申请');
    const due = new Date(Date.now() + (8 + 24 * 10) * 3600_000).toISOString().slice(0, 10);
    await page.getByLabel('完成时限').fill(due);
    await page.getByTestId('create-item').click();
    await expect(page.getByText('承诺事项和帮扶计划须对应一个村或一户')).toBeVisible();
    await page.getByLabel('村', { exact: true }).selectOption({ label: '民智村' });
    await page.getByTestId('create-item').click();
    await expect(page).toHaveURL(/\/ledger\/[0-9a-f-]{36}$/);
    await expect(page.getByTestId('item-status')).toHaveText('已交办');
    await expect(page.getByTestId('step-start')).toBeVisible();
    await expect(page.getByTestId('step-assign')).toHaveCount(0);
  });
});

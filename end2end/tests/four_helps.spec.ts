import { expect, test } from '@playwright/test';
import { hydrated, login, noSideways, PASSWORD, shot, tapTargetsAreLarge, underWorker } from './helpers';
import { OwnServer } from './server';

// 李明: captain and 第一书记 of 民智村's liaison team.
const CADRE = '13800000101';

test('a branch meeting written with no signal is kept, then sent once', async ({ browser }) => {
  test.setTimeout(120_000);
  const server = new OwnServer();
  const base = await server.start();
  const context = await browser.newContext({
    baseURL: base,
    serviceWorkers: 'allow',
    viewport: { width: 360, height: 640 },
  });
  const page = await context.newPage();
  try {
    await login(page, CADRE, PASSWORD);
    // Online once: the worker installs and the villages come down with the pack.
    await underWorker(page, '/organisation/new');
    await expect(page.locator('#w-village option', { hasText: '民智村' })).toHaveCount(1);

    // The village has no signal, and the server is gone too.
    await context.setOffline(true);
    await server.kill();
    await page.goto('/organisation/new');
    await hydrated(page);
    await page.getByLabel('村', { exact: true }).selectOption({ label: '民智村' });
    await page.getByLabel('主题').fill('2026年下半年组织生活会');
    // Switching the kind keeps what was typed on screen as in the record (it did not).
    await page.getByLabel('记录什么').selectOption('training');
    await expect(page.getByLabel('主题')).toHaveValue('2026年下半年组织生活会');
    await page.getByLabel('记录什么').selectOption('life');
    await expect(page.getByLabel('主题')).toHaveValue('2026年下半年组织生活会');
    await page.getByLabel('地点').fill('民智村活动室');
    await page.getByLabel('实到').fill('２１');
    await page.getByLabel('缺席').fill('3');
    await page.getByLabel('李明').check();
    await page.getByTestId('leader-attended').check();
    // The leader was there: his 点评 is what the meeting is for.
    await page.getByTestId('submit-work').click();
    await expect(page.getByText('工作队负责人参加的组织生活会，请填写其点评')).toBeVisible();
    await page.getByLabel('点评').fill('查摆问题具体，整改措施可行');
    // Half-typed, a reload keeps it.
    await page.reload();
    await hydrated(page);
    await expect(page.getByLabel('点评')).toHaveValue('查摆问题具体，整改措施可行');
    await noSideways(page);
    await shot(page, 'four-helps-meeting-offline');
    await page.getByTestId('submit-work').click();
    await expect(page.getByTestId('queued')).toBeVisible();
    await expect(page.getByTestId('sync-badge')).toHaveText('待发 1');
    const waiting = page.getByTestId('work-waiting');
    await expect(waiting).toHaveCount(1);
    await expect(waiting).toContainText('2026年下半年组织生活会');
    await page.reload();
    await hydrated(page);
    await expect(page.getByTestId('work-waiting')).toHaveCount(1);

    // Signal again: it goes up by itself, once, with a receipt.
    await server.start();
    await context.setOffline(false);
    const sent = page.getByTestId('work-sent');
    await expect(sent).toHaveCount(1, { timeout: 30_000 });
    await expect(sent.getByTestId('work-receipt')).toHaveText(/W[0-9A-F]{10}$/);
    await expect(page.getByTestId('work-waiting')).toHaveCount(0);
    await expect(page.getByTestId('sync-badge')).toHaveCount(0);
    const res = await page.request.post(`${base}/api/organisation/village`, {
      form: { village: '1' },
      headers: { Origin: base },
    });
    const meetings: { kind: string; present: number; team_present: string[] }[] = (await res.json()).meetings;
    expect(meetings).toHaveLength(1);
    expect([meetings[0].kind, meetings[0].present, meetings[0].team_present]).toEqual(['life', 21, ['李明']]);
    await shot(page, 'four-helps-meeting-sent');
  } finally {
    await context.close();
    await server.kill();
  }
});

test.describe('the village page', () => {
  let server: OwnServer;
  let base: string;
  test.beforeAll(async () => {
    server = new OwnServer();
    base = await server.start();
  });
  test.afterAll(async () => {
    await server.kill();
  });

  test('a 四议两公开 decision walks its six steps in order', async ({ browser }) => {
    const context = await browser.newContext({ baseURL: base, viewport: { width: 360, height: 640 } });
    const page = await context.newPage();
    await login(page, CADRE, PASSWORD);
    await page.getByTestId('villages-card').getByTestId('village-link').filter({ hasText: '民智村' }).click();
    await expect(page).toHaveURL(/\/villages\/1$/);
    await hydrated(page);
    await expect(page.getByTestId('village-title')).toContainText('民智村');
    const decisions = page.getByTestId('decisions');
    await decisions.getByText('新建事项').click();
    await decisions.getByLabel('决策事项').fill('村道硬化筹资方案');
    await decisions.getByTestId('open-decision').click();
    const decision = page.getByTestId('decision').filter({ hasText: '村道硬化筹资方案' });
    await expect(decision).toHaveCount(1);
    const steps = ['党支部提议', '两委会商议', '党员大会审议', '村民代表会议或村民会议决议', '决议公开', '实施结果公开'];
    for (let i = 0; i < steps.length; i++) {
      await expect(decision.getByTestId('next-step')).toHaveText(`下一步：${steps[i]}`);
      await decision.getByLabel('说明').fill(`第${i + 1}步已完成`);
      await decision.getByTestId('take-step').click();
      await expect(decision.locator('[data-testid=decision-step][data-done=true]')).toHaveCount(i + 1);
    }
    await expect(decision).toContainText('已完成全部步骤');
    await expect(decision.getByTestId('take-step')).toHaveCount(0);
    // The two committees: a member with post and term.
    const committee = page.getByTestId('committee');
    await committee.getByText('新增两委成员').click();
    await committee.getByLabel('姓名').fill('廖德明');
    await committee.getByLabel('职务').selectOption('secretary');
    await committee.getByLabel('届次').fill('第十一届');
    await committee.getByRole('button', { name: '保存' }).click();
    await expect(committee.getByTestId('committee-row')).toContainText('村支部书记 · 廖德明');
    await noSideways(page);
    await tapTargetsAreLarge(page, 'button, .button, select, input:not([type=hidden]):not([type=checkbox])');
    await shot(page, 'four-helps-decision');
    await context.close();
  });

  test('a leader prints the village page on A4', async ({ browser }) => {
    const context = await browser.newContext({ baseURL: base, viewport: { width: 360, height: 640 } });
    const page = await context.newPage();
    await login(page, '13800000010', PASSWORD);
    // Money typed as a clerk would: 8.5万 is 85,000.00 yuan.
    const fund = await page.request.post(`${base}/api/organisation/venue_fund`, {
      form: { 'fund[village]': '1', 'fund[source]': 'department', 'fund[amount]': '8.5万', 'fund[received_on]': new Date().toISOString().slice(0, 10) },
      headers: { Origin: base },
    });
    expect(fund.status()).toBe(200);
    await page.goto('/villages/1');
    await hydrated(page);
    await expect(page.getByTestId('fund-total')).toHaveText('85,000.00');
    await expect(page.getByTestId('projects-year')).toContainText('本年获批项目 0');
    await page.emulateMedia({ media: 'print' });
    // Forms and the way back stay off the paper; every register's heading is on it.
    for (const h of ['两委班子', '三会一课和组织生活会', '民主评议党员', '四议两公开', '活动场所', '发展规划', '跑项争资', '集体经济收入']) {
      await expect(page.getByRole('heading', { name: h, exact: true }).first()).toBeVisible();
    }
    await expect(page.getByTestId('print')).toBeHidden();
    await expect(page.getByTestId('record-work')).toBeHidden();
    await expect(page.locator('details.no-print').first()).toBeHidden();
    await shot(page, 'four-helps-village-print');
    await context.close();
  });
});

import { test, expect } from '@playwright/test';
import { hydrated, login, noSideways, shot, tapTargetsAreLarge, PASSWORD } from './helpers';
import { OwnServer } from './server';

const DIRECTOR = '13800000010';
const CADRE = '13800000101';

// Service days are recorded here: a server of this file's own keeps the shared demo as it was.
let server: OwnServer;
let base: string;
test.beforeAll(async () => {
  server = new OwnServer();
  base = await server.start();
});
test.afterAll(async () => {
  await server.kill();
});

test('a service day nobody came to is recorded, and the calendar counts it', async ({ browser }) => {
  const context = await browser.newContext({ baseURL: base, viewport: { width: 360, height: 640 } });
  const page = await context.newPage();
  await login(page, CADRE, PASSWORD);
  // What falls to the cadre this month is on the home page.
  await expect(page.getByTestId('due-soon')).toBeVisible();
  await page.goto('/receptions');
  await hydrated(page);
  const days = page.getByTestId('service-days');
  await expect(days).toContainText('没有群众来访也要记录');
  await days.getByLabel("村", { exact: true }).selectOption({ label: '民智村' });
  await days.getByLabel('在岗人员').fill('李明、王芳');
  await page.getByTestId('save-service-day').click();
  const row = page.getByTestId('service-day-row').filter({ hasText: '民智村' });
  await expect(row).toContainText('民智村');
  await expect(row).toContainText('无人来访');
  await expect(row).toHaveAttribute('data-visitors', '0');
  // A second tap on the same day does not make a second record.
  await page.getByTestId('save-service-day').click();
  await expect(page.getByTestId('service-day-row').filter({ hasText: '民智村' })).toHaveCount(1);
  await noSideways(page);
  await shot(page, 'structure-service-day');
  // A reception that day is attached to it by default.
  await page.getByLabel('来访群众').fill('赵大爷');
  await page.getByLabel('反映事项').fill('咨询医保缴费');
  await page.getByTestId('save-reception').click();
  await expect(page.getByTestId('reception')).toHaveCount(1);
  await expect(row).toHaveAttribute('data-visitors', '1');
  await context.close();
});

test('the leadership reads the compliance grid on a phone and prints it', async ({ browser }) => {
  const context = await browser.newContext({ baseURL: base, viewport: { width: 360, height: 640 } });
  const page = await context.newPage();
  await login(page, DIRECTOR, PASSWORD);
  await page.getByTestId('open-obligations').click();
  await expect(page).toHaveURL(/\/obligations$/);
  await hydrated(page);
  await expect(page.getByRole('heading', { name: '履职日历' })).toBeVisible();
  const meeting = page.locator('[data-testid="ob-group"][data-code="dispatch_meeting"]');
  await expect(meeting).toContainText('局党组每月召开调度会');
  await expect(meeting.getByTestId('ob-row')).toHaveCount(1);
  // Three months across; the first two are closed, so judged done or missed.
  const cells = meeting.getByTestId('ob-cell');
  await expect(cells).toHaveCount(3);
  await expect(cells.first()).toHaveAttribute('data-state', /done|missed/);
  const villages = page.locator('[data-testid="ob-group"][data-code="service_days"]').getByTestId('ob-row');
  await expect(villages).toHaveCount(3);
  // Leaders read the rules; only the office may change them.
  await expect(page.getByTestId('ob-rules')).toHaveCount(0);
  await noSideways(page);
  await tapTargetsAreLarge(page, 'button, .button, .bottomnav a');
  await shot(page, 'structure-obligations');
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByTestId('print')).toBeHidden();
  await page.setViewportSize({ width: 794, height: 1123 });
  await shot(page, 'structure-obligations-print');
  await context.close();
});

test('the roster reads on a phone, prints on A4, and a rectifying team stays until a leader says why', async ({ browser }) => {
  const office = await browser.newContext({ baseURL: base, viewport: { width: 360, height: 640 } });
  const page = await office.newPage();
  await login(page, '13800000001', PASSWORD);
  await page.getByTestId('open-roster').click();
  await expect(page).toHaveURL(/\/roster$/);
  await hydrated(page);
  const group = page.getByTestId('leading-group');
  await expect(group.getByTestId('roster-row').first()).toContainText('组长');
  await expect(group.getByTestId('roster-row').first()).toContainText('唐志远');
  const minzhi = page.locator('[data-testid="team"][data-village="民智村"]');
  await expect(minzhi.getByTestId('team-member').first()).toContainText('第一书记');
  // The office marks 民智村 under rectification; from then on only a leader releases anyone.
  await minzhi.getByTestId('toggle-rectifying').click();
  await expect(minzhi).toHaveAttribute('data-rectifying', 'true');
  await expect(minzhi).toContainText('整顿中');
  await expect(minzhi.getByTestId('leave')).toHaveCount(0);
  await noSideways(page);
  await shot(page, 'structure-roster');
  await office.close();

  const leaderContext = await browser.newContext({ baseURL: base, viewport: { width: 360, height: 640 } });
  const leader = await leaderContext.newPage();
  await login(leader, DIRECTOR, PASSWORD);
  await leader.goto('/roster');
  await hydrated(leader);
  const team = leader.locator('[data-testid="team"][data-village="民智村"]');
  const chen = team.getByTestId('team-member').filter({ hasText: '陈静' });
  await chen.locator('summary').click();
  await chen.getByTestId('leave').click();
  await expect(leader.getByText('请写明调离的理由')).toBeVisible();
  await chen.locator('summary').click();
  await chen.getByTestId('leave-reason').fill('抽调参加县脱贫验收');
  await chen.getByTestId('leave').click();
  await expect(team.getByTestId('team-member').filter({ hasText: '陈静' })).toHaveCount(0);
  await expect(team).toContainText('抽调参加县脱贫验收');
  await leader.emulateMedia({ media: 'print' });
  await leader.setViewportSize({ width: 794, height: 1123 });
  await expect(leader.getByTestId('print')).toBeHidden();
  await shot(leader, 'structure-roster-print');
  await leaderContext.close();
});

test('the card page lists the bureau’s and the town’s leadership with their duties', async ({ browser }) => {
  const context = await browser.newContext({ baseURL: base, viewport: { width: 360, height: 640 } });
  const page = await context.newPage();
  await login(page, '13800000001', PASSWORD);
  const res = await page.request.post(`${base}/api/cards/list`, { headers: { Origin: base } });
  const token = (await res.json())[0].token as string;
  await page.goto(`/c/${token}`);
  const lines = page.getByTestId('leadership');
  await expect(lines).toContainText('局班子成员');
  await expect(lines.getByTestId('leader').first()).toContainText('唐志远');
  await expect(lines).toContainText('主持全面工作');
  await expect(lines).toContainText('镇班子成员');
  await expect(lines).toContainText('何建华');
  await expect(lines.locator('a[href="tel:13800000201"]')).toBeVisible();
  await tapTargetsAreLarge(page, '.leaders a');
  await noSideways(page);
  await shot(page, 'structure-card-leadership');
  await context.close();
});

test('the year’s results and assessment read on a phone, a leader decides, and it prints on A4', async ({ browser }) => {
  const context = await browser.newContext({ baseURL: base, viewport: { width: 360, height: 640 } });
  const page = await context.newPage();
  await login(page, DIRECTOR, PASSWORD);
  await page.getByTestId('open-results').click();
  await expect(page).toHaveURL(/\/results$/);
  await hydrated(page);
  const results = page.getByTestId('village-results');
  await results.locator('summary').click();
  await results.getByLabel('村', { exact: true }).selectOption({ label: '廖家村' });
  await results.getByLabel('方面').selectOption('industry');
  await results.getByLabel('亮点').fill('油茶基地扩种200亩');
  await results.getByLabel('之前').fill('年产值30万元');
  await results.getByLabel('之后').fill('年产值55万元');
  await page.getByTestId('save-result').click();
  await expect(page.getByTestId('village-result')).toContainText('油茶基地扩种200亩');
  const li = page.locator('[data-testid="assessment"][data-name="李明"]');
  await expect(li.getByTestId('undecided')).toBeVisible();
  await li.locator('summary').click();
  await li.getByTestId('decide-reason').fill('全年走访全覆盖，台账按时办结');
  await li.getByTestId('decide').click();
  const decided = page.locator('[data-testid="assessment"][data-name="李明"]').getByTestId('decided');
  await expect(decided).toHaveAttribute('data-decision', 'reward');
  await expect(decided).toContainText('全年走访全覆盖');
  await noSideways(page);
  await shot(page, 'structure-results');
  await page.emulateMedia({ media: 'print' });
  await page.setViewportSize({ width: 794, height: 1123 });
  await expect(page.getByTestId('print')).toBeHidden();
  await expect(page.locator('.no-print').first()).toBeHidden();
  await shot(page, 'structure-results-print');
  await context.close();
});

import { expect, test } from '@playwright/test';
import { hydrated, login, PASSWORD } from './helpers';
import { firstHousehold, syncUntilEmpty } from './outbox';

// 李明, a demo cadre with his own households.
const CADRE = '13800000101';

// `make faults` runs this (tagged @faults) beside integration/tests/faults: one visit half
// written, the same draft open in two tabs of the phone's browser, sent from both at once.
test('the same draft sent from two tabs is one visit on the server @faults', async ({ context, baseURL }) => {
  const a = await context.newPage();
  await login(a, CADRE, PASSWORD);
  await a.goto('/visits');
  await hydrated(a);
  await expect(a.getByTestId('sync-panel')).toHaveAttribute('data-state', 'idle');
  const household = await firstHousehold(a);

  const content = `两个标签页同时提交同一份草稿 ${Date.now()}`;
  await a.goto('/visits/new');
  await hydrated(a);
  await a.locator(`.choose-household[data-id="${household}"]`).click();
  await a.getByLabel('走访内容').fill(content);
  await a.getByTestId('form-yes').check();
  await expect(a.getByTestId('draft-status')).toContainText('草稿已自动保存');

  // The second tab opens the draft the first one saved: the same record, the same id.
  const b = await context.newPage();
  await b.goto('/visits/new');
  await hydrated(b);
  await expect(b.getByLabel('走访内容')).toHaveValue(content);

  await Promise.all([a.getByTestId('submit-visit').click(), b.getByTestId('submit-visit').click()]);
  await expect(a.getByTestId('queued')).toBeVisible();
  await expect(b.getByTestId('queued')).toBeVisible();

  // Both tabs' sync engines run; when the phone has nothing left to send, the server has it once.
  for (const tab of [a, b]) {
    await tab.goto('/visits');
    await hydrated(tab);
    await syncUntilEmpty(tab);
  }
  const res = await a.request.post('/api/visits/for_household', {
    form: { household: String(household) },
    headers: { Origin: baseURL! },
  });
  expect(res.status()).toBe(200);
  const visits: { id: string; content: string }[] = await res.json();
  const mine = visits.filter((v) => v.content === content);
  expect(mine).toHaveLength(1);
  const local = a.locator(`[data-testid=local-visit][data-id="${mine[0].id}"]`);
  await expect(local).toHaveAttribute('data-status', 'sent');
  await expect(a.locator('[data-testid=local-visit][data-status=waiting]')).toHaveCount(0);
});

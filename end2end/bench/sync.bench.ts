import { expect, test } from '@playwright/test';
import { hydrated, PASSWORD } from '../tests/helpers';
import { seedOutbox, syncUntilEmpty } from '../tests/outbox';

const CADRE = '13800000101';
const QUEUED = 1000;

// Figures are printed, not asserted: budgets are read by people (DESIGN.md §7).
test('first load of the cadre app, and 1,000 queued visits pushed end to end', async ({ page, baseURL }) => {
  const res = await page.request.post(`${baseURL}/api/auth/login`, {
    form: { phone: CADRE, password: PASSWORD },
    headers: { Origin: baseURL! },
  });
  expect(res.ok()).toBe(true);

  // First load: everything the page itself fetched, as transferred (compressed) bytes.
  const fetched: Promise<number>[] = [];
  page.on('requestfinished', (r) =>
    fetched.push(r.sizes().then((s) => s.responseBodySize + s.responseHeadersSize)),
  );
  await page.goto('/visits');
  await hydrated(page);
  await expect(page.getByTestId('sync-panel')).toHaveAttribute('data-state', 'idle');
  const bytes = (await Promise.all(fetched)).reduce((a, b) => a + b, 0);
  console.log(`BENCH first_load_transferred_kb=${(bytes / 1024).toFixed(1)} requests=${fetched.length}`);

  const household = await page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        const r = indexedDB.open('shugen');
        r.onsuccess = () => {
          const q = r.result.transaction('households').objectStore('households').getAllKeys();
          q.onsuccess = () => resolve((q.result as number[])[0]);
        };
      }),
  );
  await seedOutbox(page, household, QUEUED);
  const ms = await syncUntilEmpty(page);
  console.log(`BENCH sync_${QUEUED}_visits_ms=${ms.toFixed(0)} target=3000`);
  const left = await page.getByTestId('waiting-count').textContent();
  expect(left).toBe('0');
});

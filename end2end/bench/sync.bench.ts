import { expect, test } from '@playwright/test';
import { holdsApp, hydrated, PASSWORD } from '../tests/helpers';
import { firstHousehold, seedOutbox, syncUntilEmpty } from '../tests/outbox';

const CADRE = '13800000101';

// Figures are printed, not asserted: budgets are read by people (DESIGN.md §7; ×10, issue 23:
// a cadre back from a week in the mountains). The first load is measured in firstload.bench.ts.
for (const QUEUED of [1000, 10000]) {
  test(`${QUEUED.toLocaleString('en')} queued visits pushed end to end`, async ({ page, baseURL }) => {
    const res = await page.request.post(`${baseURL}/api/auth/login`, {
      form: { phone: CADRE, password: PASSWORD },
      headers: { Origin: baseURL! },
    });
    expect(res.ok()).toBe(true);
    // As the app: served plain, the diary would not sync.
    await holdsApp(page.context());

    await page.goto('/visits');
    await hydrated(page);
    const household = await firstHousehold(page);
    await seedOutbox(page, household, QUEUED);
    const ms = await syncUntilEmpty(page);
    console.log(`BENCH sync_${QUEUED}_visits_ms=${ms.toFixed(0)} target=3000`);
    const left = await page.getByTestId('waiting-count').textContent();
    expect(left).toBe('0');
  });
}

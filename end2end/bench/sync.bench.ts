import { expect, Page, test } from '@playwright/test';
import { hydrated, PASSWORD } from '../tests/helpers';
import { firstHousehold, seedOutbox, syncUntilEmpty } from '../tests/outbox';

const CADRE = '13800000101';
const QUEUED = 1000;

/** Loads `path` in a fresh page and answers the bytes transferred until it is interactive. */
async function firstLoad(page: Page, path: string): Promise<number> {
  const fetched: Promise<number>[] = [];
  page.on('requestfinished', (r) =>
    fetched.push(r.sizes().then((s) => s.responseBodySize + s.responseHeadersSize)),
  );
  await page.goto(path);
  await hydrated(page);
  return (await Promise.all(fetched)).reduce((a, b) => a + b, 0);
}

// Figures are printed, not asserted: budgets are read by people (DESIGN.md §7).
test('first load of the cadre app, and 1,000 queued visits pushed end to end', async ({ page, browser, baseURL }) => {
  // A phone that has never opened the app: the sign-in page, in a context of its own.
  const other = await browser.newContext();
  const login = await firstLoad(await other.newPage(), `${baseURL}/login`);
  console.log(`BENCH first_load_login_kb=${(login / 1024).toFixed(1)} budget=300`);
  await other.close();

  const res = await page.request.post(`${baseURL}/api/auth/login`, {
    form: { phone: CADRE, password: PASSWORD },
    headers: { Origin: baseURL! },
  });
  expect(res.ok()).toBe(true);

  // A signed-in cadre opening the app (its start URL) with nothing cached: every byte the
  // page fetched, as transferred (compressed).
  const visits = await firstLoad(page, '/visits');
  await expect(page.getByTestId('sync-panel')).toHaveAttribute('data-state', 'idle');
  console.log(`BENCH first_load_visits_kb=${(visits / 1024).toFixed(1)} budget=300`);

  const household = await firstHousehold(page);
  await seedOutbox(page, household, QUEUED);
  const ms = await syncUntilEmpty(page);
  console.log(`BENCH sync_${QUEUED}_visits_ms=${ms.toFixed(0)} target=3000`);
  const left = await page.getByTestId('waiting-count').textContent();
  expect(left).toBe('0');
});

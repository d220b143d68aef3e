import { expect, test, Page } from '@playwright/test';
import fs from 'fs';
import path from 'path';
import { hydrated, login, OFFICE, PASSWORD } from './helpers';

// 李明: a cadre of 民智村 with his own households.
const CADRE = '13800000101';

/** Every path of the route table in `app/src/app.rs`, in its order (`"/x" (offline) => Page`, `(offline, plain_when_cold)`). */
function routeTable(): string[] {
  const src = fs.readFileSync(path.resolve(__dirname, '../../app/src/app.rs'), 'utf8');
  const start = src.indexOf('\nroute_table! {');
  const table = src.slice(start, src.indexOf('\n}\n', start));
  const paths = [...table.matchAll(/^\s+"(\/[^"]*)"\s*(?:\([a-z_, ]+\))?\s*=>/gm)].map((m) => m[1]);
  // Every row read: a row this pattern missed would go untested.
  expect(paths.length).toBe(table.split('=>').length - 1);
  return paths;
}

/** A real path for a pattern: `:id` becomes the first record its list page links to. */
async function realPath(page: Page, pattern: string, literals: Set<string>): Promise<string> {
  if (!pattern.includes('/:')) return pattern;
  const prefix = pattern.slice(0, pattern.indexOf('/:'));
  await page.goto(prefix);
  await hydrated(page);
  const hrefs = await page.$$eval(`a[href^="${prefix}/"]`, (as) => as.map((a) => a.getAttribute('href') ?? ''));
  const id = hrefs
    .map((h) => h.slice(prefix.length + 1).split(/[/?#]/)[0])
    .find((s) => s !== '' && !literals.has(`${prefix}/${s}`));
  return pattern.replace(/:\w+/, id ?? '1');
}

// Each page of the table is routed (not the router's "no such page"), hydrates and throws nothing, for the
// office and for a cadre. A debug build's deep page once ran past the browser stack while
// hydrating ("memory access out of bounds", app/build.rs); the tests that happened to open
// that page timed out without saying why.
for (const [who, phone] of [['the office', OFFICE], ['a cadre', CADRE]] as const) {
  test(`every page of the route table opens and hydrates for ${who}`, async ({ page }) => {
    test.setTimeout(120_000);
    const patterns = routeTable();
    expect(patterns.length).toBeGreaterThan(30);
    expect(patterns).toContain('/organisation/new');
    const literals = new Set(patterns.filter((p) => !p.includes(':')));
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(`${page.url()}: ${e.message}`));
    await login(page, phone, PASSWORD);
    for (const pattern of patterns.filter((p) => p !== '/login')) {
      const target = await realPath(page, pattern, literals);
      const res = await page.goto(target);
      expect(res?.status(), `${target} renders`).toBeLessThan(500);
      await expect(page.locator('body[data-hydrated="true"]'), `${target} hydrates`).toHaveCount(1, { timeout: 20_000 });
      // A record that is not there is the page's own answer; the router's is a bug.
      await expect(page.getByTestId('no-page'), `${target} is routed`).toHaveCount(0);
      expect(errors, `${target} throws nothing`).toEqual([]);
    }
  });
}

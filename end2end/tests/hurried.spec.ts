// Issue 16: hurried people on slow phones, at 360 × 640.
import { Browser, BrowserContext, expect, Page, test } from '@playwright/test';
import { writeFileSync } from 'node:fs';
import { holdsApp, hydrated, login, noSideways, shot, underWorker, villagerSends, OFFICE, PASSWORD } from './helpers';
import { firstHousehold, seedOutbox } from './outbox';
import { OwnServer } from './server';

test.use({ viewport: { width: 360, height: 640 } });

async function typeLogin(page: Page, phone: string, password: string) {
  await page.getByLabel('手机号').fill(phone);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: '登录' }).click();
}

test.describe('with JavaScript off', () => {
  test.use({ javaScriptEnabled: false });

  test('sign-in answers with pages: the form with its translated error, then home', async ({ page }) => {
    await page.goto('/login');
    await typeLogin(page, OFFICE, 'wrong password');
    await expect(page).toHaveURL(/\/login\?/);
    await expect(page.getByRole('alert')).toHaveText('手机号或密码不正确');
    await expect(page.locator('body')).not.toContainText('BadCredentials');
    await shot(page, 'hurried-nojs-login-error');
    await typeLogin(page, OFFICE, PASSWORD);
    await expect(page).toHaveURL(/\/$/);
    await expect(page.getByRole('navigation', { name: '主导航' })).toBeVisible();
    await shot(page, 'hurried-nojs-login-home');
  });
});

test('sign-in opened cold is HTML and CSS alone; drawn, it fetches the app, and the home page after it starts from the cache', async ({
  page,
}) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto('/login');
  // Nothing of the app is asked for while the page loads: no module, no preload, no WASM.
  expect(await page.locator('script[type="module"], link[rel="modulepreload"], link[rel="preload"]').count()).toBe(0);
  const loadedAt = await page.evaluate(() => (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).loadEventStart);
  // Once drawn, the page's script fetches the app's files one after another.
  await expect(page.locator('body[data-app-cached="true"]')).toHaveCount(1);
  const fetched = await page.evaluate(() =>
    (performance.getEntriesByType('resource') as PerformanceResourceTiming[])
      .filter((e) => /\/pkg\/.*\.(wasm|js)$/.test(new URL(e.name).pathname))
      .map((e) => ({ path: new URL(e.name).pathname, start: e.startTime })),
  );
  expect(fetched.map((f) => f.path)).toEqual(expect.arrayContaining([expect.stringMatching(/^\/pkg\/shugen\..+\.wasm$/), expect.stringMatching(/split_field_kit/)]));
  for (const f of fetched) expect(f.start, `${f.path} after the page drew`).toBeGreaterThanOrEqual(loadedAt);
  expect(await page.locator('body[data-hydrated="true"]').count()).toBe(0);
  await shot(page, 'login-plain');

  // A refused sign-in comes back with the number typed; the right password goes home.
  await typeLogin(page, OFFICE, 'wrong password');
  await expect(page).toHaveURL(/\/login\?/);
  await expect(page.getByRole('alert')).toHaveText('手机号或密码不正确');
  await expect(page.getByLabel('手机号')).toHaveValue(OFFICE);
  await expect(page.getByLabel('密码')).toBeFocused();
  await typeLogin(page, OFFICE, PASSWORD);
  await expect(page).toHaveURL(/\/$/);
  await hydrated(page);
  await expect(page.getByRole('navigation', { name: '主导航' })).toBeVisible();
  // The home page's WASM came from the browser's cache, not the network. (A Playwright
  // context's cache lives in memory: 2 % of the machine's memory up to 50 MB, an entry at most
  // an eighth of that; the debug build's largest file is about 3.3 MB as the server sends it.)
  const wasm = await page.evaluate(() =>
    (performance.getEntriesByType('resource') as PerformanceResourceTiming[])
      .filter((e) => /\/pkg\/(shugen|split_field_kit)\..+\.wasm$/.test(new URL(e.name).pathname))
      .map((e) => ({ path: new URL(e.name).pathname, transferred: e.transferSize, size: e.decodedBodySize })),
  );
  expect(wasm.length).toBeGreaterThanOrEqual(2);
  for (const w of wasm) expect(w, `${w.path} from the cache`).toMatchObject({ transferred: 0 });
  // Back to sign-in, signed in: the page is asked again (not shown as the browser kept it),
  // and the server sends the person home.
  await page.goBack();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole('navigation', { name: '主导航' })).toBeVisible();
  expect(errors).toEqual([]);
});

test('the plain sign-in page switches language without the app, and the app keeps it', async ({ page }) => {
  await page.goto('/login');
  await page.getByTestId('lang-switch').click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sign in');
  await expect(page.getByTestId('lang-switch')).toHaveText('中文');
  await shot(page, 'login-plain-en');
  await page.getByLabel('Mobile number').fill(OFFICE);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/$/);
  await hydrated(page);
  await expect(page.getByRole('navigation', { name: 'Main navigation' })).toBeVisible();
  await page.getByTestId('lang-switch').click();
  await expect(page.getByRole('navigation', { name: '主导航' })).toBeVisible();
});

const CADRE = '13800000101';

/** Whether a page's response was served plain (app/src/ui/plain.rs). */
const servedPlain = (res: { headers(): Record<string, string> } | null) => res?.headers()['x-shugen-plain'] === '1';

/** The ids of the visits the diary lists, in its order. */
const listedVisits = (page: Page) =>
  page.locator('[data-testid=local-visit]').evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.id));

/** A second phone signed in as `page`'s user, whose browser holds nothing of the app. */
async function coldPhone(page: Page, browser: Browser, baseURL: string): Promise<BrowserContext> {
  const session = (await page.context().cookies()).filter((c) => c.name === 'shugen_session');
  expect(session).toHaveLength(1);
  const context = await browser.newContext({ baseURL, viewport: { width: 360, height: 640 }, serviceWorkers: 'block' });
  await context.addCookies(session);
  return context;
}

test('the diary opened in a browser without the app is the server\'s lists at once; drawn, it fetches the app, and opened again it is the app from the cache', async ({
  page,
  browser,
  baseURL,
}) => {
  await login(page, CADRE, PASSWORD);
  const context = await coldPhone(page, browser, baseURL!);
  try {
    const cold = await context.newPage();
    const errors: string[] = [];
    cold.on('pageerror', (e) => errors.push(e.message));
    expect(servedPlain(await cold.goto('/visits'))).toBe(true);
    // Nothing of the app is asked for while the page loads.
    expect(await cold.locator('script[type="module"], link[rel="modulepreload"], link[rel="preload"]').count()).toBe(0);
    const loadedAt = await cold.evaluate(() => (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).loadEventStart);
    await expect(cold.getByRole('heading', { level: 1 })).toHaveText('我的走访');
    const notVisited = cold.getByTestId('not-visited').locator('li');
    await expect(notVisited.first()).toBeVisible();
    const households = await notVisited.allTextContents();
    const visits = await listedVisits(cold);
    // This phone holds nothing waiting (asked, and none found): no word of it.
    await expect(cold.getByTestId('plain-unsent')).toHaveAttribute('data-unsent-count', '0');
    await expect(cold.getByTestId('plain-unsent')).toBeHidden();
    await noSideways(cold);
    await shot(cold, 'visits-plain');
    // Once drawn, the app comes into the cache, and the browser is known to hold it.
    await expect(cold.locator('body[data-app-cached="true"]')).toHaveCount(1);
    const fetched = await cold.evaluate(() =>
      (performance.getEntriesByType('resource') as PerformanceResourceTiming[])
        .filter((e) => /\/pkg\/.*\.wasm$/.test(new URL(e.name).pathname))
        .map((e) => ({ path: new URL(e.name).pathname, start: e.startTime })),
    );
    expect(fetched.map((f) => f.path)).toEqual(expect.arrayContaining([expect.stringMatching(/^\/pkg\/shugen\..+\.wasm$/)]));
    for (const f of fetched) expect(f.start, `${f.path} after the page drew`).toBeGreaterThanOrEqual(loadedAt);
    expect((await context.cookies()).map((c) => c.name)).toContain('shugen-app');

    // Opened again: the app, its WASM from the browser's cache, listing after its first sync
    // what the server drew.
    expect(servedPlain(await cold.goto('/visits'))).toBe(false);
    await hydrated(cold);
    const wasm = await cold.evaluate(() =>
      (performance.getEntriesByType('resource') as PerformanceResourceTiming[])
        .filter((e) => /\/pkg\/shugen\..+\.wasm$/.test(new URL(e.name).pathname))
        .map((e) => ({ path: new URL(e.name).pathname, transferred: e.transferSize })),
    );
    expect(wasm).toHaveLength(1);
    expect(wasm[0], 'the main WASM from the cache').toMatchObject({ transferred: 0 });
    await expect(cold.getByTestId('not-visited').locator('li')).toHaveText(households);
    expect(await listedVisits(cold)).toEqual(visits);
    expect(errors).toEqual([]);
  } finally {
    await context.close();
  }
});

/**
 * A second phone signed in as `page`'s user that has run the app and holds a visit written
 * with no signal (nothing reaches the sync endpoints), then is updated: its browser no longer
 * holds the app the server serves. Answers the visit's id.
 */
async function updatedPhoneHoldingAVisit(context: BrowserContext, phone: Page): Promise<string> {
  await holdsApp(context);
  await context.route('**/api/sync/**', (route) => route.abort('internetdisconnected'));
  await phone.goto('/visits');
  await hydrated(phone);
  const [id] = await seedOutbox(phone, 1, 1);
  await context.clearCookies({ name: 'shugen-app' });
  return id;
}

test('with records waiting on the phone, the diary served plain opens again as the app, which lists them', async ({
  page,
  browser,
  baseURL,
}) => {
  await login(page, CADRE, PASSWORD);
  const context = await coldPhone(page, browser, baseURL!);
  try {
    const phone = await context.newPage();
    const id = await updatedPhoneHoldingAVisit(context, phone);
    const served: boolean[] = [];
    phone.on('response', (r) => {
      if (r.request().isNavigationRequest()) served.push(servedPlain(r));
    });
    await phone.goto('/visits');
    // The page served plain cannot read the phone's records: once the app is here it opens
    // again as the app, which lists the waiting visit.
    await hydrated(phone);
    expect(served).toEqual([true, false]);
    await expect(phone.locator(`[data-testid=local-visit][data-id="${id}"]`)).toHaveAttribute('data-status', 'waiting');
  } finally {
    await context.close();
  }
});

test('where the browser keeps no cookie, the diary served plain says what waits on the phone and does not reload itself', async ({
  page,
  browser,
  baseURL,
}) => {
  await login(page, CADRE, PASSWORD);
  const context = await coldPhone(page, browser, baseURL!);
  try {
    const phone = await context.newPage();
    await updatedPhoneHoldingAVisit(context, phone);
    // A browser that refuses the cookie the page sets: opened again, the page would be plain
    // again, and again.
    await phone.addInitScript(() => {
      const cookie = Object.getOwnPropertyDescriptor(Document.prototype, 'cookie')!;
      Object.defineProperty(document, 'cookie', {
        get: () => cookie.get!.call(document),
        set: (v: string) => {
          if (!v.startsWith('shugen-app=')) cookie.set!.call(document, v);
        },
      });
    });
    let opened = 0;
    phone.on('framenavigated', (f) => {
      if (f === phone.mainFrame()) opened++;
    });
    expect(servedPlain(await phone.goto('/visits'))).toBe(true);
    await expect(phone.getByTestId('plain-unsent')).toHaveAttribute('data-unsent-count', '1');
    await expect(phone.getByTestId('plain-unsent')).toBeVisible();
    await expect(phone.getByTestId('plain-unsent')).toHaveText('本机还有未发送的记录，应用载入后自动发送。');
    // The app has come (the page decides then, in the same task): it stays as it is.
    await expect(phone.locator('body[data-app-cached]')).toHaveCount(1);
    expect(await phone.evaluate(() => sessionStorage.getItem('shugen-reopened'))).toBeNull();
    expect(opened).toBe(1);
  } finally {
    await context.close();
  }
});

/** With no network, the diary comes from the service worker as the app. */
async function diaryOpensOffline(page: Page, context: BrowserContext) {
  await context.setOffline(true);
  try {
    await page.goto('/visits');
    await hydrated(page);
    await expect(page.getByTestId('sync-panel')).toBeVisible();
  } finally {
    await context.setOffline(false);
  }
}

test('the diary served plain through the service worker is never its offline copy', async ({ page, context }) => {
  await login(page, CADRE, PASSWORD);
  await underWorker(page, '/visits');
  // An update the browser has not been sent: the worker fetches the page, which is plain.
  await context.clearCookies({ name: 'shugen-app' });
  expect(servedPlain(await page.goto('/visits'))).toBe(true);
  await expect(page.locator('body[data-app-cached]')).toHaveCount(1);
  // The page found no plain copy to mend: the worker had kept the one it stored at install…
  await expect(page.locator('body[data-offline-mended]')).toHaveCount(0);
  // …which is the diary with no network.
  await diaryOpensOffline(page, context);
});

test('a plain diary an older service worker stored as its offline copy is put right once the app has come', async ({
  page,
  context,
}) => {
  await login(page, CADRE, PASSWORD);
  await underWorker(page, '/visits');
  // What a worker of the build before this one did (it stored whatever page came): the page
  // served plain becomes its offline copy.
  await context.clearCookies({ name: 'shugen-app' });
  const stored = await page.evaluate(async () => {
    const res = await fetch('/visits', { credentials: 'same-origin' });
    const keys = (await caches.keys()).filter((k) => k.startsWith('shugen-pages-'));
    for (const k of keys) await (await caches.open(k)).put('/visits', res.clone());
    return { plain: res.headers.get('x-shugen-plain'), caches: keys.length };
  });
  expect(stored).toEqual({ plain: '1', caches: 1 });
  // Opened online, the diary comes plain through the worker; once it has fetched the app,
  // the worker's copy is the app's again, and opens with no network.
  expect(servedPlain(await page.goto('/visits'))).toBe(true);
  await expect(page.locator('body[data-app-cached="true"]')).toHaveCount(1);
  await expect(page.locator('body[data-offline-mended="true"]')).toHaveCount(1);
  await diaryOpensOffline(page, context);
});

/** Holds back the app's main WASM (or the file `pattern` names) until `release()`, as a slow
 * link would: `asked` settles when the page has asked for it. */
async function holdFile(page: Page, pattern = /\/pkg\/shugen\.[^/]+\.wasm$/) {
  let release!: () => void, asked!: () => void;
  const released = new Promise<void>((r) => (release = r));
  const wasAsked = new Promise<void>((r) => (asked = r));
  await page.route(pattern, async (route) => {
    asked();
    await released;
    await route.continue();
  });
  return { asked: wasAsked, release, done: () => page.unroute(pattern) };
}

test('the visit form opened in a browser without the app draws before it asks for the app; what is typed meanwhile is kept, beside a draft too', async ({
  page,
  browser,
  baseURL,
}) => {
  await login(page, CADRE, PASSWORD);
  const context = await coldPhone(page, browser, baseURL!);
  try {
    const phone = await context.newPage();
    const errors: string[] = [];
    phone.on('pageerror', (e) => errors.push(e.message));
    let held = await holdFile(phone);
    // The app's page (the worker may keep it), with nothing of the app asked for in <head>:
    // its module is asked for once the page has painted.
    expect(servedPlain(await phone.goto('/visits/new'))).toBe(false);
    expect(await phone.locator('link[rel="modulepreload"], link[rel="preload"]').count()).toBe(0);
    await held.asked;
    const order = await phone.evaluate(() => ({
      paint: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? Infinity,
      module:
        (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).find((e) =>
          /^\/pkg\/shugen\.[^/]+\.js$/.test(new URL(e.name).pathname),
        )?.startTime ?? -1,
    }));
    expect(order.module, 'the module asked for after the first paint').toBeGreaterThan(order.paint);
    // The cadre starts at once, before the app has come: nothing typed is lost to it.
    await expect(phone.locator('body[data-hydrated="true"]')).toHaveCount(0);
    await phone.locator('#f-content').fill('张家反映村道破损');
    await phone.locator('#f-method').selectOption('phone');
    await phone.getByTestId('card-given').check();
    // Enter in a field before the app has come sends nothing (the form would post itself as a
    // GET: its text in the address, the page reloaded empty).
    await phone.getByTestId('household-search').press('Enter');
    await expect(phone).toHaveURL(/\/visits\/new$/);
    await expect(phone.locator('#f-content')).toHaveValue('张家反映村道破损');
    held.release();
    await hydrated(phone);
    await held.done();
    await expect(phone.locator('#f-content')).toHaveValue('张家反映村道破损');
    await expect(phone.locator('#f-method')).toHaveValue('phone');
    await expect(phone.getByTestId('card-given')).toBeChecked();
    // Kept as typing is kept: in the phone's draft.
    await expect(phone.getByTestId('draft-status')).toHaveText('草稿已自动保存在手机上');
    expect((await context.cookies()).map((c) => c.name)).toContain('shugen-app');

    // Opened again in a new tab, the browser holding the app: <head> asks for it at once.
    // Typed before it has come, into the draft's text and beside it: the draft's text stays.
    const again = await context.newPage();
    again.on('pageerror', (e) => errors.push(e.message));
    held = await holdFile(again);
    await again.goto('/visits/new');
    expect(await again.locator('link[rel="preload"][href^="/pkg/shugen."][href$=".wasm"]').count()).toBe(1);
    await held.asked;
    await expect(again.locator('body[data-hydrated="true"]')).toHaveCount(0);
    await again.locator('#f-content').fill('补记：路灯也坏了');
    await again.locator('#f-process').fill('当场联系了村委会');
    held.release();
    await hydrated(again);
    await held.done();
    await expect(again.locator('#f-content')).toHaveValue('张家反映村道破损\n补记：路灯也坏了');
    await expect(again.locator('#f-process')).toHaveValue('当场联系了村委会');
    await expect(again.locator('#f-method')).toHaveValue('phone');
    await expect(again.getByTestId('draft-status')).toHaveText('草稿已自动保存在手机上');
    // And the draft holds it all: opened in another tab (nothing refilled by the browser),
    // the form restores it.
    const third = await context.newPage();
    await third.goto('/visits/new');
    await hydrated(third);
    await expect(third.locator('#f-content')).toHaveValue('张家反映村道破损\n补记：路灯也坏了');
    await expect(third.locator('#f-process')).toHaveValue('当场联系了村委会');
    expect(errors).toEqual([]);
  } finally {
    await context.close();
  }
});

test('feedback typed into a page whose chunk is still on its way is kept once the page has come alive', async ({
  page,
  browser,
  baseURL,
}) => {
  await login(page, CADRE, PASSWORD);
  // No worker holding the field kit's chunk, and the chunk held back: the app has started and
  // hydrates the page once the chunk has come; the fields are open meanwhile.
  const context = await coldPhone(page, browser, baseURL!);
  try {
    const phone = await context.newPage();
    const errors: string[] = [];
    phone.on('pageerror', (e) => errors.push(e.message));
    const held = await holdFile(phone, /\/pkg\/split_field_kit\.[^/]+\.wasm$/);
    await phone.goto('/feedback/new');
    await expect(phone.locator('body[data-hydrating="true"]')).toHaveCount(1);
    await phone.locator('#f-content').fill('王大爷说自来水停了三天');
    await phone.locator('#f-name').fill('王建国');
    expect(await phone.locator('body[data-hydrated="true"]').count()).toBe(0);
    held.release();
    await hydrated(phone);
    await expect(phone.locator('#f-content')).toHaveValue('王大爷说自来水停了三天');
    await expect(phone.locator('#f-name')).toHaveValue('王建国');
    // Kept in the phone's draft: opened in another tab, the form restores it.
    const again = await context.newPage();
    await again.goto('/feedback/new');
    await hydrated(again);
    await expect(again.locator('#f-content')).toHaveValue('王大爷说自来水停了三天');
    expect(errors).toEqual([]);
  } finally {
    await context.close();
  }
});

test('typed before the app into the work form\'s fields a draft of another kind lacks, it keeps its place', async ({
  page,
  browser,
  baseURL,
}) => {
  await login(page, CADRE, PASSWORD);
  const context = await coldPhone(page, browser, baseURL!);
  try {
    // A draft of a training on the phone: the form opens on a training's fields.
    const first = await context.newPage();
    await first.goto('/organisation/new');
    await hydrated(first);
    await first.locator('#w-what').selectOption('training');
    await first.locator('#w-headcount').fill('40');
    // Saved in the phone's drafts (IndexedDB "shugen", the work form's draft "work").
    const draft = () =>
      first.evaluate(
        () =>
          new Promise<string>((resolve) => {
            const open = indexedDB.open('shugen');
            open.onsuccess = () => {
              const get = open.result.transaction('drafts').objectStore('drafts').get('work');
              get.onsuccess = () => resolve(`${get.result?.what}:${get.result?.headcount}`);
            };
          }),
      );
    await expect.poll(draft).toBe('training:40');
    await first.close();
    // Opened again with the work pages' chunk on its way: the server drew a new form's
    // fields (a meeting's), and the cadre types the meeting's turnout there.
    const phone = await context.newPage();
    const errors: string[] = [];
    phone.on('pageerror', (e) => errors.push(e.message));
    const held = await holdFile(phone, /\/pkg\/split_work\.[^/]+\.wasm$/);
    await phone.goto('/organisation/new');
    await expect(phone.locator('body[data-hydrating="true"]')).toHaveCount(1);
    await phone.locator('#w-present').fill('23');
    held.release();
    await hydrated(phone);
    // The meeting's fields again, with what was typed; the draft's headcount stays in it.
    await expect(phone.locator('#w-present')).toHaveValue('23');
    await expect(phone.locator('#w-what')).toHaveValue('congress');
    await phone.locator('#w-what').selectOption('training');
    await expect(phone.locator('#w-headcount')).toHaveValue('40');
    expect(errors).toEqual([]);
  } finally {
    await context.close();
  }
});

test('at the 调度会 three items triaged in turn each start empty and reach their own owner', async ({ page }) => {
  await login(page, OFFICE, PASSWORD);
  const texts = ['水渠堵了（调度一）', '村道塌了一段（调度二）', '桥栏杆松了（调度三）'];
  const receipts: string[] = [];
  for (const t of texts) receipts.push(await villagerSends(page, '王芳', t));
  await page.goto('/meetings');
  await hydrated(page);
  await page.getByTestId('open-meeting').click();
  await expect(page).toHaveURL(/\/meetings\/\d+$/);
  const meeting = Number(page.url().split('/').pop());
  await hydrated(page);

  const owners: string[] = [];
  for (const [i, text] of texts.entries()) {
    const card = page.getByTestId('triage-card').filter({ hasText: text });
    await expect(card.locator('details')).not.toHaveAttribute('open');
    await card.getByTestId('triage-open').click();
    const owner = card.getByLabel('包案人');
    await expect(owner).toHaveValue('');
    await expect(card.getByLabel('会议决定')).toHaveValue('');
    const label = (await owner.locator('option').nth(i + 1).textContent())!;
    owners.push(label.split(' · ')[0]);
    await owner.selectOption({ index: i + 1 });
    await card.getByLabel('会议决定').fill(`决定${i + 1}：本周内处理`);
    if (i === 1) await shot(page, 'hurried-agenda-second-item');
    await card.getByTestId('triage-submit').click();
    await expect(page.getByTestId('triage-card').filter({ hasText: text })).toHaveCount(0);
  }
  expect(new Set(owners).size).toBe(3);

  // On the server: each receipt's decision names the owner chosen for it.
  const res = await page.request.post('/api/meetings/minutes', {
    headers: { Origin: new URL(page.url()).origin },
    form: { id: String(meeting) },
  });
  expect(res.ok()).toBeTruthy();
  const [, decisions] = await res.json();
  for (const [i, receipt] of receipts.entries()) {
    const d = decisions.find((d: { feedback: [string, string] | null }) => d.feedback?.[0] === receipt);
    expect(d, receipt).toBeTruthy();
    expect(d.owner).toBe(owners[i]);
    expect(d.decision).toBe(`决定${i + 1}：本周内处理`);
  }
});

test('cards with every field at its longest fit their cards at 8 and 10 a page, or the office is told', async ({ browser }) => {
  const server = new OwnServer();
  const base = await server.start(true);
  const context = await browser.newContext({ baseURL: base });
  const page = await context.newPage();
  try {
    await login(page, OFFICE, PASSWORD);
    const post = (url: string, form: Record<string, string>) =>
      page.request.post(url, { headers: { Origin: base }, form });
    const cards = await (await post('/api/cards/list', {})).json();
    const users = await (await post('/api/users/list', {})).json();
    const longest = cards[0];
    const u = users.find((u: { id: number }) => u.id === longest.cadre_id);
    const name = '欧阳'.padEnd(20, '名');
    expect((await post('/api/users/update', {
      id: String(u.id), phone: u.phone, name, title: '职'.repeat(30), unit: u.unit, role: String(u.role).toLowerCase(),
    })).ok()).toBeTruthy();
    const save = (id: number, duties: string, promise: string) =>
      post('/api/cards/update', { id: String(id), duties, promise });
    expect((await save(longest.id, '责'.repeat(300), '诺'.repeat(300))).ok()).toBeTruthy();
    // A little longer than the demo's: this one must print whole, in smaller type if need be.
    const longer = cards[1];
    expect((await save(longer.id, '联系民智村，负责民情收集、政策宣传、矛盾调解、民事代办和困难群众帮扶，每月两次入户走访'.repeat(2), '有求必应，三日内答复，一周内办结或说明原因，节假日照常接听')).ok()).toBeTruthy();
    const contacts = await (await post('/api/cards/contacts', {})).json();
    expect((await post('/api/cards/save_contacts', Object.fromEntries(
      Object.entries({ ...contacts, bureau: '局'.repeat(30) }).map(([k, v]) => [`form[${k}]`, String(v)]),
    ))).ok()).toBeTruthy();

    for (const per of [8, 10]) {
      await page.emulateMedia({ media: 'screen' });
      await page.goto(`/cards/print?per=${per}`);
      await hydrated(page);
      await expect(page.getByTestId('print-card')).toHaveCount(cards.length);
      await expect
        .poll(() => page.locator('img.lc-qr').evaluateAll((imgs) => imgs.filter((i) => (i as HTMLImageElement).naturalWidth > 0).length))
        .toBe(cards.length);
      // Told before printing: whose words this size cannot hold.
      const told = page.getByTestId('cards-too-long');
      await expect(told).toContainText(name);
      await expect(told).not.toContainText('王芳');
      await shot(page, `hurried-cards-told-${per}`);
      await page.emulateMedia({ media: 'print' });
      const problems = await page.getByTestId('sheet').evaluateAll((sheets) => {
        const out: string[] = [];
        const inside = (a: DOMRect, b: DOMRect) =>
          a.left >= b.left - 0.5 && a.right <= b.right + 0.5 && a.top >= b.top - 0.5 && a.bottom <= b.bottom + 0.5;
        for (const sheet of sheets) {
          const s = sheet.getBoundingClientRect();
          for (const card of sheet.querySelectorAll<HTMLElement>('[data-testid=print-card]')) {
            const c = card.getBoundingClientRect();
            const who = card.querySelector('.lc-name')!.textContent;
            if (!inside(c, s)) out.push(`${who}: card outside its sheet`);
            for (const el of card.querySelectorAll<HTMLElement>('*')) {
              if (el.closest('.lc-body') && !el.classList.contains('lc-body')) continue;
              if (!inside(el.getBoundingClientRect(), c)) out.push(`${who}: ${el.className || el.tagName} crosses the cut line`);
            }
            const body = card.querySelector<HTMLElement>('.lc-body')!;
            if (!card.dataset.clipped && body.scrollHeight > body.clientHeight + 1) out.push(`${who}: words clipped unannounced`);
          }
        }
        return out;
      });
      await shot(page, `hurried-cards-print-${per}`);
      expect(problems).toEqual([]);
      // The longest is always told; the longer one prints whole at 8 a page.
      await expect(page.locator('[data-clipped]').filter({ hasText: name })).toHaveCount(1);
      if (per === 8) await expect(page.locator('[data-clipped]')).toHaveCount(1);
      const pdf = await page.pdf({ format: 'A4', printBackground: true });
      writeFileSync(`screenshots/hurried-cards-${per}.pdf`, pdf);
      expect((pdf.toString('latin1').match(/\/Type\s*\/Page(?![s\w])/g) ?? []).length).toBe(Math.ceil(cards.length / per));
    }
  } finally {
    await context.close();
    await server.kill();
  }
});

test('the office sees what waits, and finds it in the inbox at 360 px', async ({ page }) => {
  await login(page, OFFICE, PASSWORD);
  const waiting = page.getByTestId('waiting-feedback').locator('strong');
  const before = Number(await waiting.textContent());
  const words = '五组的水井抽不上水了（待受理计数）';
  const receipt = await villagerSends(page, '李明', words);
  await page.goto('/');
  await hydrated(page);
  await expect(waiting).toHaveText(String(before + 1));
  await expect(page.getByTestId('nav-waiting')).toHaveAttribute('data-count', String(before + 1));
  await expect(page.getByTestId('nav-waiting')).toBeVisible();
  await shot(page, 'hurried-office-home-waiting');

  await page.getByTestId('waiting-feedback').click();
  await expect(page).toHaveURL(/\/feedback\?status=new$/);
  await hydrated(page);
  await page.getByTestId('filter-open').click();
  await page.getByTestId('filter-q').fill(receipt.toLowerCase());
  await page.getByTestId('filter-apply').click();
  await expect(page).toHaveURL(/q=/);
  const rows = page.getByTestId('feedback-list').locator('li');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('五组的水井');
  // The tabs keep the search; they wrap instead of scrolling out of sight.
  await expect(page.getByTestId('feedback-tabs').getByRole('link', { name: /全部/ })).toHaveAttribute('href', /q=/);
  await shot(page, 'hurried-inbox-filtered');
  await noSideways(page);
  const tabs = await page.getByTestId('feedback-tabs').evaluate((el) => [el.scrollWidth, el.clientWidth]);
  expect(tabs[0]).toBeLessThanOrEqual(tabs[1]);
});

test.describe('a villager with JavaScript off at 360 × 640', () => {
  test.use({ javaScriptEnabled: false });

  test('finds the feedback button near the top, and a refused field is where the page opens', async ({ page, browser, baseURL }) => {
    const office = await browser.newContext({ baseURL, javaScriptEnabled: true });
    const officePage = await office.newPage();
    await login(officePage, OFFICE, PASSWORD);
    const list = await (await officePage.request.post('/api/cards/list', { headers: { Origin: baseURL! } })).json();
    const token = list.find((c: { cadre: string; active: boolean }) => c.cadre === '李明' && c.active).token;
    await office.close();

    await page.goto(`/c/${token}`);
    const jump = page.getByTestId('jump-feedback');
    await expect(jump).toBeInViewport();
    await expect(page.getByTestId('reply-days')).toContainText('个工作日内答复');
    await jump.click();
    await expect(page.locator('#feedback h3')).toBeInViewport();
    await page.getByLabel('类别').selectOption('environment');
    await page.getByLabel('反映的问题或建议').fill('河道里的垃圾很多（焦点测试）');
    await page.getByLabel('联系电话（可不填）').fill('123');
    await page.getByRole('button', { name: '提交反馈' }).click();
    await expect(page.locator('#phone')).toBeFocused();
    await expect(page.locator('#phone')).toBeInViewport();
    await shot(page, 'hurried-villager-refused-phone');
  });
});

test('a reply is internal unless chosen public, the box empties, and the next status is offered', async ({ page }) => {
  await login(page, OFFICE, PASSWORD);
  const words = '自来水管冻裂了（答复测试）';
  const receipt = await villagerSends(page, '王芳', words);
  await page.goto('/feedback?status=new');
  await hydrated(page);
  await page.getByTestId('feedback-list').getByText(words).click();
  await hydrated(page);
  await expect(page.getByTestId('reply-public')).not.toBeChecked();
  const status = page.getByLabel('办理状态');
  await expect(status).toHaveValue('accepted');
  const box = page.getByLabel('答复内容');
  await box.fill('已联系水厂，明天上午派人维修（内部）');
  await page.getByRole('button', { name: '保存答复' }).click();
  await expect(page.getByTestId('replies').locator('li')).toHaveCount(1);
  await expect(box).toHaveValue('');
  await expect(status).toHaveValue('in_progress');
  await expect(page.getByTestId('reply-public')).not.toBeChecked();
  await shot(page, 'hurried-reply-saved');
  // The villager's receipt does not show the internal note.
  const villager = await page.context().browser()!.newContext({ baseURL: new URL(page.url()).origin, javaScriptEnabled: false });
  const p = await villager.newPage();
  await p.goto(`/r/${receipt.replace('-', '')}`);
  await expect(p.getByTestId('status')).toHaveText('已受理');
  await expect(p.locator('body')).not.toContainText('内部');
  await villager.close();
});

test('a changed password ends the other session and keeps this one', async ({ browser }) => {
  const server = new OwnServer();
  const base = await server.start();
  const phone = await browser.newContext({ baseURL: base, viewport: { width: 360, height: 640 } });
  const laptop = await browser.newContext({ baseURL: base });
  try {
    const p = await phone.newPage();
    const l = await laptop.newPage();
    await login(p, '13800000101', PASSWORD);
    await login(l, '13800000101', PASSWORD);
    await p.goto('/me');
    await hydrated(p);
    await p.getByLabel('当前密码').fill('not the password');
    await p.getByLabel('新密码', { exact: true }).fill('a-new-pass-2026');
    await p.getByLabel('再次输入新密码').fill('a-new-pass-2026');
    await p.getByTestId('change-password').click();
    await expect(p.getByTestId('error-current')).toHaveText('密码不正确');
    // Fixing the field takes its error away.
    await p.getByLabel('当前密码').fill(PASSWORD);
    await expect(p.getByTestId('error-current')).toHaveText('');
    await p.getByTestId('change-password').click();
    await expect(p.getByTestId('password-changed')).toContainText('1');
    await expect(p.getByLabel('当前密码')).toHaveValue('');
    await shot(p, 'hurried-password-changed');
    await l.goto('/me');
    await expect(l).toHaveURL(/\/login/);
    await p.goto('/');
    await expect(p.getByRole('navigation', { name: '主导航' })).toBeVisible();
  } finally {
    await phone.close();
    await laptop.close();
    await server.kill();
  }
});

test('an ended session is signed back in where the cadre is; the waiting records go once', async ({ browser }) => {
  const server = new OwnServer();
  const base = await server.start();
  const phone = await browser.newContext({ baseURL: base, viewport: { width: 360, height: 640 } });
  const laptop = await browser.newContext({ baseURL: base });
  try {
    const p = await phone.newPage();
    await login(p, '13800000101', PASSWORD);
    await p.goto('/visits');
    await hydrated(p);
    await expect(p.getByTestId('sync-panel')).toHaveAttribute('data-state', 'idle');
    const household = await firstHousehold(p);
    // The laptop ends every other session of the account: the phone's among them.
    const l = await laptop.newPage();
    await login(l, '13800000101', PASSWORD);
    await l.goto('/me');
    await hydrated(l);
    await l.getByTestId('logout-others').click();
    await expect(l.getByTestId('logout-others-done')).toBeVisible();

    // The phone learns it at its next sync, on the page the cadre is on.
    const ids = await seedOutbox(p, household, 3);
    await p.getByTestId('sync-now').click();
    const again = p.getByTestId('sign-in-again');
    await expect(again).toBeVisible();
    await expect(p.getByTestId('sync-badge')).toHaveText('待发 3');
    await shot(p, 'hurried-session-expired');
    // Home, reached inside the app, no longer greets as if signed in.
    await p.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '首页' }).click();
    await expect(again).toBeVisible();
    await expect(p.getByTestId('hello')).toHaveCount(0);
    // Someone else's password is refused here: records go only under their writer's name.
    await again.getByLabel('密码').fill('wrong password');
    await again.getByTestId('sign-in-again-submit').click();
    await expect(again.getByRole('alert').last()).toContainText('手机号或密码不正确');
    await again.getByLabel('密码').fill(PASSWORD);
    await again.getByTestId('sign-in-again-submit').click();
    await expect(again).toHaveCount(0);
    await expect(p.getByTestId('sync-badge')).toHaveCount(0);
    await expect(p.getByTestId('hello')).toBeVisible();
    // On the server, once each.
    const res = await l.request.post('/api/visits/for_household', { headers: { Origin: base }, form: { household: String(household) } });
    const stored = (await res.json()).map((v: { id: string }) => v.id);
    for (const id of ids) expect(stored.filter((s: string) => s === id)).toHaveLength(1);
  } finally {
    await phone.close();
    await laptop.close();
    await server.kill();
  }
});

test('waiting visits can be edited or withdrawn; the form says what became of each', async ({ browser }) => {
  test.setTimeout(120_000);
  const server = new OwnServer();
  const base = await server.start();
  const context = await browser.newContext({ baseURL: base, serviceWorkers: 'allow', viewport: { width: 360, height: 640 } });
  const page = await context.newPage();
  try {
    await login(page, '13800000101', PASSWORD);
    await underWorker(page, '/visits');
    await expect(page.getByTestId('sync-panel')).toHaveAttribute('data-state', 'idle');
    const href = (await page.getByTestId('not-visited').locator('a').first().getAttribute('href'))!;
    const household = Number(href.split('=').pop());

    await context.setOffline(true);
    await server.kill();
    // The household page opens from the phone's copy (a full load, from the worker), and
    // the diary from it.
    await page.goto(href);
    await hydrated(page);
    const card = page.getByTestId('offline-household');
    await expect(card.locator('h1')).not.toBeEmpty();
    const head = (await card.locator('h1').textContent())!;
    await shot(page, 'hurried-household-offline');
    await card.getByTestId('write-diary').click();
    await expect(page).toHaveURL(/\/visits\/new\?household=/);
    await hydrated(page);
    await expect(page.getByTestId('picked')).toContainText(head);
    const write = async (content: string) => {
      if (!(await page.getByTestId('picked').isVisible())) {
        await page.locator(`.choose-household[data-id="${household}"]`).click();
      }
      await page.getByLabel('走访内容').fill(content);
      await page.getByLabel('群众反映的问题').fill(`${content}：路灯不亮`);
      await page.getByTestId('ledger-kind').selectOption('petition');
      await page.getByTestId('form-yes').check();
      await page.getByTestId('submit-visit').click();
    };
    await write('走访一（要修改）');
    const banner = page.getByTestId('queued');
    await expect(banner).toHaveAttribute('data-state', 'waiting');
    await expect(banner).toContainText('保存在手机上');
    await expect(banner).toContainText('发送后，“反映的问题”会登记为台账事项');
    await write('走访二（要撤回）');
    await expect(page.getByTestId('sync-badge')).toHaveText('待发 2');

    await page.goto('/visits');
    await hydrated(page);
    const row = (text: string) => page.getByTestId('local-visit').filter({ hasText: text });
    await expect(row('走访一')).toHaveAttribute('data-status', 'waiting');
    await shot(page, 'hurried-waiting-rows');
    page.once('dialog', (d) => d.accept());
    await row('走访二').getByTestId('withdraw-waiting').click();
    await expect(row('走访二')).toHaveCount(0);
    await expect(page.getByTestId('sync-badge')).toHaveText('待发 1');
    await row('走访一').getByTestId('edit-waiting').click();
    await expect(page).toHaveURL(/\/visits\/new$/);
    await hydrated(page);
    await expect(page.getByLabel('走访内容')).toHaveValue('走访一（要修改）');
    await page.getByLabel('走访内容').fill('走访一（已修改）');
    await page.getByTestId('submit-visit').click();
    await expect(banner).toHaveAttribute('data-state', 'waiting');

    // Back online, on the same page: the banner follows the visit to the server.
    await server.start();
    await context.setOffline(false);
    await expect(banner).toHaveAttribute('data-state', 'sent', { timeout: 30_000 });
    await expect(banner).toContainText('回执');
    await expect(banner).toContainText('已登记为台账事项');
    await shot(page, 'hurried-visit-sent-banner');
    const res = await page.request.post(`${base}/api/visits/for_household`, { headers: { Origin: base }, form: { household: String(household) } });
    const contents = (await res.json()).map((v: { content: string }) => v.content);
    expect(contents.filter((c: string) => c.startsWith('走访一'))).toEqual(['走访一（已修改）']);
    expect(contents.filter((c: string) => c.startsWith('走访二'))).toEqual([]);

    // A sent visit is corrected by a new entry that names its receipt; the original stays.
    await page.goto('/visits');
    await hydrated(page);
    await row('走访一').getByTestId('amend').click();
    await expect(page).toHaveURL(/amends=/);
    await hydrated(page);
    await expect(page.getByLabel('走访内容')).toHaveValue(/^补充更正（回执 /);
    await page.getByLabel('走访内容').pressSequentially('门牌号记错了');
    await expect(page.getByTestId('draft-status')).toContainText('草稿已自动保存');
    // Signing out is refused for the draft, counted apart from records (none wait now).
    await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '我的' }).click();
    await page.getByTestId('logout').click();
    const refused = page.getByTestId('logout-refused');
    await expect(refused).toContainText('1 份草稿');
    await expect(refused).not.toContainText('条记录未发送');
  } finally {
    await context.close();
    await server.kill();
  }
});

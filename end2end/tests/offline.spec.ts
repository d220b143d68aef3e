import { Browser, BrowserContext, expect, Page, test } from '@playwright/test';
import { holdsApp, hydrated, login, PASSWORD, shot, underWorker } from './helpers';
import { firstHousehold, seedOutbox, syncUntilEmpty } from './outbox';
import { OwnServer } from './server';

// 李明, a demo cadre with his own households.
const CADRE = '13800000101';

/** The ids of the visits the server holds for a household, as the signed-in cadre sees them. */
async function serverVisitIds(page: Page, base: string, household: number): Promise<string[]> {
  const res = await page.request.post(`${base}/api/visits/for_household`, {
    form: { household: String(household) },
    headers: { Origin: base },
  });
  expect(res.status()).toBe(200);
  return (await res.json()).map((v: { id: string }) => v.id);
}

/** Runs `body` on a phone no service worker controls (WeChat on iOS, a first visit before
 * the worker takes over), signed in as 李明 through the API without opening a page (so no
 * lazily loaded chunk is in the browser's cache yet), in a context of its own, closed however
 * `body` ends. Then the page must have thrown nothing; with `failedFetch`, nothing but the
 * split loader's "Failed to fetch" (a chunk fetch that failed leaves its promise unobserved,
 * harmless: a stopped app throws something else). */
async function onWorkerlessPhone(
  browser: Browser,
  baseURL: string,
  { failedFetch }: { failedFetch: boolean },
  body: (phone: { context: BrowserContext; page: Page }) => Promise<void>,
) {
  const context = await browser.newContext({ baseURL, serviceWorkers: 'block' });
  try {
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const res = await context.request.post('/api/auth/login', {
      form: { phone: CADRE, password: PASSWORD },
      headers: { Origin: baseURL },
    });
    expect(res.ok()).toBe(true);
    await holdsApp(context);
    await body({ context, page });
    expect(errors.filter((e) => !(failedFetch && e === 'Failed to fetch'))).toEqual([]);
  } finally {
    await context.close();
  }
}

async function writeVisit(page: Page, household: number, content: string) {
  await page.locator(`.choose-household[data-id="${household}"]`).click();
  await page.getByLabel('走访内容').fill(content);
  await page.getByTestId('form-yes').check();
  await page.getByTestId('submit-visit').click();
}

test('visits written with no network are kept, sent once, and survive a server killed mid-sync', async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const server = new OwnServer();
  const base = await server.start();
  const context = await browser.newContext({ baseURL: base, serviceWorkers: 'allow' });
  const page = await context.newPage();
  try {
    await login(page, CADRE, PASSWORD);

    // Online once: the worker installs, and my households come down to the phone.
    await underWorker(page, '/visits');
    await expect(page.getByTestId('sync-panel')).toHaveAttribute('data-state', 'idle');
    await expect(page.getByTestId('not-visited')).toBeVisible();
    const household = await firstHousehold(page);
    const before = await serverVisitIds(page, base, household);

    // The network goes from the next page load on, and the server with it.
    await context.setOffline(true);
    await server.kill();

    // The offline route loads from the service worker; half a form survives a reload.
    await page.goto('/visits/new');
    await hydrated(page);
    await page.locator(`.choose-household[data-id="${household}"]`).click();
    const picked = await page.getByTestId('picked').textContent();
    await page.getByLabel('走访内容').fill('了解冬季取暖和饮水情况');
    await expect(page.getByTestId('draft-status')).toContainText('草稿已自动保存');
    await page.reload();
    await hydrated(page);
    await expect(page.getByLabel('走访内容')).toHaveValue('了解冬季取暖和饮水情况');
    await expect(page.getByTestId('picked')).toHaveText(picked!);
    await page.getByLabel('走访结果').fill('已登记，下周回访');
    // The problem raised goes to the ledger with the visit, in one choice, offline.
    await page.getByLabel('群众反映的问题').fill('三组山塘坝体渗水，需要整治');
    await page.getByTestId('ledger-kind').selectOption('hazard');
    // A home visit says whether the feedback form came back; refused until it does.
    await page.getByTestId('submit-visit').click();
    await expect(page.getByText('入户走访须说明是否带回意见反馈表')).toBeVisible();
    await page.getByTestId('form-no').check();
    await page.getByLabel('未带回的原因').fill('户主外出，家中老人不识字');
    await page.getByTestId('card-given').check();
    await page.getByTestId('submit-visit').click();
    await expect(page.getByTestId('sync-badge')).toHaveText('待发 1');
    await writeVisit(page, household, '电话回访：低保材料已收到');
    await expect(page.getByTestId('sync-badge')).toHaveText('待发 2');
    await writeVisit(page, household, '服务日接访：反映村道积水');
    await expect(page.getByTestId('sync-badge')).toHaveText('待发 3');
    await shot(page, 'visit-form-offline');

    // Feedback heard on the visit takes the same path: its form loads offline too.
    await page.goto('/feedback/new');
    await hydrated(page);
    await page.getByLabel('类别').selectOption('construction');
    await page.getByLabel('反映的问题或建议').fill('村道积水，希望修排水沟');
    await page.getByTestId('submit-feedback').click();
    await expect(page.getByTestId('sync-badge')).toHaveText('待发 4');

    // Reloaded offline, all three are listed as waiting.
    await page.goto('/visits');
    await hydrated(page);
    const waiting = page.locator('[data-testid=local-visit][data-status=waiting]');
    await expect(waiting).toHaveCount(3);
    // My open ledger items came down with the last sync and read offline too.
    await expect(page.getByTestId('my-items')).toContainText('修复三组至四组通组公路塌方路段');
    const ids = await waiting.evaluateAll((els) => els.map((e) => e.getAttribute('data-id')!));
    await shot(page, 'my-visits-waiting');

    // Signing out would wipe them: refused (client-side navigation, still offline).
    await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '我的' }).click();
    await page.getByTestId('logout').click();
    await expect(page.getByTestId('logout-refused')).toContainText('4 条记录未发送');
    await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '走访' }).click();

    // The network and the server come back; the phone notices by itself.
    await server.start();
    await context.setOffline(false);
    for (const id of ids) {
      const row = page.locator(`[data-testid=local-visit][data-id="${id}"]`);
      await expect(row).toHaveAttribute('data-status', 'sent', { timeout: 30_000 });
      await expect(row.getByTestId('receipt')).toHaveText(/^V[0-9A-F]{10}$/);
    }
    await expect(page.getByTestId('sync-badge')).toHaveCount(0);
    const feedback = await page.request.post(`${base}/api/feedback/list`, { form: { status: '' }, headers: { Origin: base } });
    const rows: { excerpt: string }[] = (await feedback.json()).rows;
    expect(rows.filter((r) => r.excerpt === '村道积水，希望修排水沟')).toHaveLength(1);
    const ledger = await page.request.post(`${base}/api/ledger/list`, { form: { view: 'all' }, headers: { Origin: base } });
    const items: { id: string; title: string; source: string; kind: string }[] = (await ledger.json()).rows;
    const raised = items.filter((i) => i.title === '三组山塘坝体渗水，需要整治');
    expect(raised).toHaveLength(1);
    expect([raised[0].source, raised[0].kind]).toEqual(['Visit', 'Hazard']);
    expect(ids).toContain(raised[0].id);
    const after = await serverVisitIds(page, base, household);
    expect(after.length).toBe(before.length + 3);
    for (const id of ids) expect(after.filter((x) => x === id)).toHaveLength(1);

    // Now 450 records (three batches), and the server is SIGKILLed as the first push leaves.
    const seeded = await seedOutbox(page, household, 450);
    const push = page.waitForRequest((r) => r.url().endsWith('/api/sync/visits'));
    await page.getByTestId('sync-now').click();
    await push;
    await server.kill();
    await server.start();
    await syncUntilEmpty(page);
    const final = await serverVisitIds(page, base, household);
    expect(final.length).toBe(after.length + 450);
    expect(new Set(final).size).toBe(final.length);
    for (const id of seeded) expect(final).toContain(id);

    // Nothing waits now, so signing out is allowed, and it leaves nothing of this cadre behind.
    await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '我的' }).click();
    await page.getByTestId('logout').click();
    await expect(page).toHaveURL(/\/login$/);
    const left = await page.evaluate(async () => {
      const db: IDBDatabase = await new Promise((resolve) => {
        const r = indexedDB.open('shugen');
        r.onsuccess = () => resolve(r.result);
      });
      const stores = ['drafts', 'outbox', 'sent', 'households', 'visits', 'meta'];
      const counts = await Promise.all(
        stores.map(
          (s) =>
            new Promise<number>((resolve) => {
              const q = db.transaction(s).objectStore(s).count();
              q.onsuccess = () => resolve(q.result);
            }),
        ),
      );
      db.close();
      const pages = (await caches.keys()).filter((k) => k.startsWith('shugen-pages-'));
      return { rows: counts.reduce((a, b) => a + b, 0), pages: pages.length };
    });
    expect(left).toEqual({ rows: 0, pages: 0 });
  } finally {
    await context.close();
    await server.kill();
  }
});

test('leaving my visits while it reads the phone breaks nothing', async ({ browser, baseURL }) => {
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error' && /panicked/.test(m.text())) problems.push(m.text());
  });
  try {
    await login(page, CADRE, PASSWORD);
    await page.goto('/visits');
    await hydrated(page);
    const household = await firstHousehold(page);
    // Offline, so the seeded records stay on this phone and off the shared server; not before
    // the first sync and what it fetches (the field kit, where no worker controls the page
    // yet) are done: a chunk fetch cut by the network stops the app, a known hole this test is
    // not about (it made this test fail now and then).
    await expect(page.getByTestId('sync-panel')).toHaveAttribute('data-state', 'idle');
    await page.waitForLoadState('networkidle');
    await context.setOffline(true);
    await seedOutbox(page, household, 10000);
    // Each arrival at "my visits" starts a read of 10,000 records; leaving at once leaves it
    // to finish after the page is gone (a read that then asked the page's state panicked).
    await page.getByTestId('new-visit').click();
    await expect(page).toHaveURL(/\/visits\/new$/);
    for (let i = 0; i < 4; i++) {
      await page.goBack();
      await page.goForward();
    }
    await page.goBack();
    await expect(page).toHaveURL(/\/visits$/);
    await expect(page.locator('[data-testid=local-visit][data-status=waiting]')).toHaveCount(100);
    await page.getByTestId('new-visit').click();
    await expect(page.getByTestId('submit-visit')).toBeVisible();
    expect(problems).toEqual([]);
  } finally {
    await context.close();
  }
});

test('a sync cut off mid-run keeps every answer it had, and the rest go once the network is back', async ({
  browser,
}) => {
  const server = new OwnServer();
  const base = await server.start();
  const context = await browser.newContext({ baseURL: base });
  const page = await context.newPage();
  /** Receipts on the phone, and the distinct receipt numbers among them. */
  const receipts = () =>
    page.evaluate(async () => {
      const db: IDBDatabase = await new Promise((resolve, reject) => {
        const r = indexedDB.open('shugen');
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error);
      });
      const rows: { receipt: string | null }[] = await new Promise((resolve) => {
        const q = db.transaction('sent').objectStore('sent').getAll();
        q.onsuccess = () => resolve(q.result);
      });
      db.close();
      return { rows: rows.length, numbers: new Set(rows.map((r) => r.receipt)).size };
    });
  try {
    await login(page, CADRE, PASSWORD);
    await page.goto('/visits');
    await hydrated(page);
    const household = await firstHousehold(page);
    // The first run has ended with nothing waiting, so no timer runs meanwhile.
    const panel = page.getByTestId('sync-panel');
    const ran = async () => Number(await panel.getAttribute('data-runs'));
    await expect.poll(ran).toBeGreaterThan(0);
    await expect(panel).toHaveAttribute('data-state', 'idle');
    const seeded = await seedOutbox(page, household, 1000);
    // Five batches of 200; the network goes as the third leaves (and stays gone for the
    // retries the failure schedules). Each batch's answers are filed while the next is on
    // the wire: the second's must be filed all the same.
    let pushes = 0;
    await page.route('**/api/sync/visits', (route) =>
      ++pushes >= 3 ? route.abort('internetdisconnected') : route.continue(),
    );
    const runs = await ran();
    await page.getByTestId('sync-now').click();
    await expect.poll(ran).toBeGreaterThan(runs);
    await expect(panel).toHaveAttribute('data-state', 'failed');
    await expect(panel).toHaveAttribute('data-waiting', '600');
    expect(await receipts()).toEqual({ rows: 400, numbers: 400 });

    await page.unroute('**/api/sync/visits');
    await syncUntilEmpty(page);
    // Each record once on the server (the pack now lists the newest 20, so their receipts
    // leave the phone).
    const after = await receipts();
    expect(after.numbers).toBe(after.rows);
    const held = await serverVisitIds(page, base, household);
    for (const id of seeded) expect(held.filter((x) => x === id)).toHaveLength(1);
  } finally {
    await context.close();
    await server.kill();
  }
});

test('a phone that cannot read its records keeps them and stays signed in at sign-out', async ({ page }) => {
  await login(page, CADRE, PASSWORD);
  await page.goto('/me');
  await hydrated(page);
  // The phone's storage fails when asked what waits (a dying disk, a browser gone wrong):
  // that is no "nothing unsent", and signing out would wipe the phone.
  await page.evaluate(() => {
    IDBObjectStore.prototype.count = function () {
      throw new DOMException('the disk failed', 'DataError');
    };
  });
  await page.getByTestId('logout').click();
  await expect(page.getByTestId('logout-refused')).toContainText('无法读取手机上的记录');
  await page.reload();
  await hydrated(page);
  await expect(page).toHaveURL(/\/me$/);
  await expect(page.getByTestId('logout')).toBeVisible();
});

test('where no service worker runs, the field kit still opens with no network in the tab that signed in', async ({
  browser,
  baseURL,
}) => {
  // The household page and the feedback form are in a chunk fetched when first opened; a chunk
  // that cannot be fetched stops the app. Where no service worker controls the page, a
  // signed-in phone fetches the field kit once its first sync has gone through
  // (`preload_field_kit`), so losing signal afterwards costs nothing.
  // Signed in without opening a page of the field kit: the diary is in the first download,
  // the kit is not.
  await onWorkerlessPhone(browser, baseURL!, { failedFetch: false }, async ({ context, page }) => {
    await page.goto('/visits');
    await hydrated(page);
    // The kit is in memory, and the pack on the phone, before the network goes.
    await page.waitForSelector('body[data-field-kit="loaded"]');
    await expect(page.getByTestId('sync-panel')).toHaveAttribute('data-state', 'idle');
    await context.setOffline(true);
    await page.locator('a.item[href^="/visits/household?household="]').first().click();
    await expect(page.getByTestId('offline-household')).toBeVisible();
    await page.locator('a[href^="/feedback/new?household="]').click();
    await page.getByLabel('类别').selectOption('construction');
    await page.getByLabel('反映的问题或建议').fill('断网后打开的表单照样能填');
    await page.getByTestId('submit-feedback').click();
    await expect(page.getByTestId('sync-badge')).toHaveText('待发 1');
  });
});

test('where no service worker runs, a field kit fetch cut off stops nothing and the next sync fetches it', async ({
  browser,
  baseURL,
}) => {
  // The signal drops while the field kit's chunk is on its way (a cadre's first open, on the
  // road out of the village): the app goes on, the kit is not marked loaded, and the next run
  // that reaches the server fetches it. Lazy routes' split points once panicked on a failed
  // fetch, and the whole app stopped ("load callback should succeed", stop 42).
  await onWorkerlessPhone(browser, baseURL!, { failedFetch: true }, async ({ context, page }) => {
    const kit = /split_field_kit\..*\.wasm/;
    await context.route(kit, (route) => route.abort('internetdisconnected'));
    await page.goto('/visits');
    await hydrated(page);
    await page.waitForSelector('body[data-field-kit="failed"]');
    const panel = page.getByTestId('sync-panel');
    await expect(panel).toHaveAttribute('data-state', 'idle');
    // The app still answers: the next run goes through and fetches the kit.
    await context.unroute(kit);
    await page.getByTestId('sync-now').click();
    await page.waitForSelector('body[data-field-kit="loaded"]');
    await context.setOffline(true);
    await page.locator('a.item[href^="/visits/household?household="]').first().click();
    await expect(page.getByTestId('offline-household')).toBeVisible();
  });
});

test('where no service worker runs, a page not yet fetched says it needs a connection, and opens once there is one', async ({
  browser,
  baseURL,
}) => {
  // 台账 is in a chunk of its own group, which this tab has not fetched: with no signal the
  // page says so in place of stopping the app, and "try again" opens it once signal is back.
  await onWorkerlessPhone(browser, baseURL!, { failedFetch: true }, async ({ context, page }) => {
    await page.goto('/visits');
    await hydrated(page);
    await page.waitForSelector('body[data-field-kit="loaded"]');
    await context.setOffline(true);
    await page.locator('.bottomnav a[href="/ledger"]').click();
    const notFetched = page.getByTestId('page-not-fetched');
    await expect(notFetched).toContainText('这个页面还没有下载到这部手机上');
    await shot(page, 'page-not-fetched');
    await notFetched.getByRole('button', { name: '重试' }).click();
    await expect(notFetched.getByRole('alert')).toContainText('无法连接服务器');
    // The rest of the app goes on: the diary, in the first download, opens.
    await notFetched.getByRole('link', { name: '我的走访' }).click();
    await expect(page.getByTestId('sync-panel')).toBeVisible();
    await page.goBack();
    await expect(notFetched).toBeVisible();
    await context.setOffline(false);
    // "Try again" reloads the page once the chunk has come: a new document, hydrated.
    await Promise.all([page.waitForEvent('load'), notFetched.getByRole('button', { name: '重试' }).click()]);
    await hydrated(page);
    await expect(page).toHaveURL(/\/ledger$/);
    await expect(page.getByTestId('ledger-list').first()).toBeVisible();
    await expect(notFetched).toHaveCount(0);
  });
});

test('where no service worker runs, a page the server rendered waits for its chunk instead of stopping', async ({
  browser,
  baseURL,
}) => {
  // The home page is in the field kit. Opened cold (a bookmark, a link in WeChat) it comes as
  // the server's HTML, and hydrating it needs the kit's chunk: with the signal gone in between,
  // the page stays as the server drew it and hydrates once the chunk comes, where it used to
  // stop the app.
  await onWorkerlessPhone(browser, baseURL!, { failedFetch: true }, async ({ context, page }) => {
    const kit = /split_field_kit\..*\.wasm/;
    await context.route(kit, (route) => route.abort('internetdisconnected'));
    const cut = page.waitForEvent('requestfailed', (r) => kit.test(r.url()));
    await page.goto('/');
    await cut;
    await expect(page.getByTestId('write-visit')).toBeVisible();
    await expect(page.locator('body[data-hydrated="true"]')).toHaveCount(0);
    await context.unroute(kit);
    await hydrated(page);
    await page.getByTestId('write-visit').click();
    await expect(page).toHaveURL(/\/visits\/new$/);
  });
});

test('where the sync engine cannot be fetched, the run ends offline and the app goes on', async ({
  browser,
  baseURL,
}) => {
  // The engine is a chunk fetched at the first sync. With no worker's copy and no network for
  // it, the run is "offline" like any unreachable server, and the next run fetches it.
  await onWorkerlessPhone(browser, baseURL!, { failedFetch: true }, async ({ context, page }) => {
    const engine = /sync_engine.*\.wasm/;
    await context.route(engine, (route) => route.abort('internetdisconnected'));
    await page.goto('/visits');
    await hydrated(page);
    const panel = page.getByTestId('sync-panel');
    await expect(panel).toHaveAttribute('data-runs', '1');
    await expect(panel).toHaveAttribute('data-state', 'failed');
    await expect(panel.getByRole('status')).toContainText('连不上服务器');
    const households = page.locator('a.item[href^="/visits/household?household="]');
    await expect(households).toHaveCount(0);

    await context.unroute(engine);
    await page.getByTestId('sync-now').click();
    await expect(panel).toHaveAttribute('data-state', 'idle');
    // The run made the phone this cadre's and brought his households down.
    await expect(households.first()).toBeVisible();
  });
});

test('another user signing in on the phone sees none of the first one\'s records, even before the sync engine loads', async ({
  browser,
  baseURL,
}) => {
  // The phone holds one user's data: a sign-in by someone else wipes the other's (nothing
  // of theirs is unsent) at once, in the first download, not in the engine's chunk.
  await onWorkerlessPhone(browser, baseURL!, { failedFetch: true }, async ({ context, page }) => {
    await page.goto('/visits');
    await hydrated(page);
    const households = page.locator('a.item[href^="/visits/household?household="]');
    await expect(households.first()).toBeVisible();

    // 李明's session ends without signing out; 王芳 signs in on the same phone, and the
    // engine's chunk cannot be fetched (routing also keeps it out of the HTTP cache).
    await context.clearCookies({ name: 'shugen_session' });
    await context.route(/sync_engine.*\.wasm/, (route) => route.abort('internetdisconnected'));
    const res = await context.request.post('/api/auth/login', {
      form: { phone: '13800000102', password: PASSWORD },
      headers: { Origin: baseURL! },
    });
    expect(res.ok()).toBe(true);
    await page.goto('/visits');
    await hydrated(page);
    await expect(page.getByTestId('sync-panel')).toHaveAttribute('data-state', 'failed');
    await expect(page.getByTestId('not-visited')).toBeVisible();
    await expect(households).toHaveCount(0);
  });
});

test('an outbox left by the previous version of the app is counted after the upgrade', async ({ browser, baseURL }) => {
  // Version 3 of the phone's database indexes the outbox by status (the badge counts the
  // waiting rows without reading them). A phone that wrote its outbox under version 2 must
  // open, upgrade, and count the same rows: three waiting, one the server refused.
  await onWorkerlessPhone(browser, baseURL!, { failedFetch: true }, async ({ context, page }) => {
    // Nothing reaches the server: the counts stay what the phone holds.
    await context.route('**/api/sync/**', (route) => route.abort('internetdisconnected'));
    // A page of the same origin without the app, to write the database as version 2 left it:
    // four queued visits, the third of them refused by the server.
    await page.goto('/healthz');
    await page.evaluate(
      () =>
        new Promise<void>((resolve, reject) => {
          const r = indexedDB.open('shugen', 2);
          r.onupgradeneeded = () => {
            for (const s of ['drafts', 'outbox', 'sent', 'households', 'visits', 'meta', 'photos']) {
              r.result.createObjectStore(s, { keyPath: 'id' });
            }
          };
          r.onsuccess = () => {
            r.result.close();
            resolve();
          };
          r.onerror = () => reject(r.error);
        }),
    );
    const ids = await seedOutbox(page, 1, 4);
    await page.evaluate(
      (id) =>
        new Promise<void>((resolve, reject) => {
          const r = indexedDB.open('shugen');
          r.onerror = () => reject(r.error);
          r.onsuccess = () => {
            const tx = r.result.transaction('outbox', 'readwrite');
            const outbox = tx.objectStore('outbox');
            const q = outbox.get(id);
            q.onsuccess = () => outbox.put({ ...q.result, status: { Attention: 'ValRequired' } });
            tx.oncomplete = () => {
              r.result.close();
              resolve();
            };
            tx.onerror = () => reject(tx.error);
          };
        }),
      ids[2],
    );
    await page.goto('/visits');
    await hydrated(page);
    const panel = page.getByTestId('sync-panel');
    await expect(panel).toHaveAttribute('data-waiting', '3');
    await expect(panel).toHaveAttribute('data-attention', '1');
    const upgraded = await page.evaluate(
      () =>
        new Promise((resolve, reject) => {
          const r = indexedDB.open('shugen');
          r.onerror = () => reject(r.error);
          r.onsuccess = () => {
            const outbox = r.result.transaction('outbox').objectStore('outbox');
            const q = outbox.count();
            q.onsuccess = () => {
              resolve({ version: r.result.version, indexes: [...outbox.indexNames], rows: q.result });
              r.result.close();
            };
          };
        }),
    );
    expect(upgraded).toEqual({ version: 3, indexes: ['status'], rows: 4 });
  });
});

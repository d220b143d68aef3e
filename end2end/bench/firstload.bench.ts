import { Browser, expect, test } from '@playwright/test';
import { hydrated, PASSWORD } from '../tests/helpers';

const CADRE = '13800000101';
// The pages a cadre opens first: sign-in, the visit diary and its form (DESIGN.md §7). The
// diary and the form twice: in a browser that has not been sent this build's app (the diary
// served plain, the form asking for the app after its first paint), and in one that has (the
// `shugen-app` cookie, app/src/ui/plain.rs) but whose cache lost it.
const PAGES: [string, boolean][] = [
  ['/login', false],
  ['/visits', false],
  ['/visits', true],
  ['/visits/new', false],
  ['/visits/new', true],
];
// Lighthouse's mobile preset: a mid-range phone is about four times slower than this machine,
// on "slow 4G" (150 ms round trip, 1.6 Mbit/s down, 750 kbit/s up).
const SLOW_4G = { offline: false, latency: 150, downloadThroughput: 204_800, uploadThroughput: 96_000 };

type Load = {
  bytes: number;
  requests: number;
  hydratedMs: number;
  lcpMs: number;
  idleBytes: number;
  idleRequests: number;
};

/** Opens `path` in a fresh context (nothing cached; signed in as a cadre unless it is the
 * sign-in page; sent the app before when `app`), slowed down as `throttle` says, and answers
 * the bytes transferred until the page is interactive (hydrated; a page served plain once
 * loaded), the requests, the time
 * from navigation to then, and the largest contentful paint Chromium observed by then; then
 * the bytes and requests once the network has been quiet for half a second (what the page
 * fetches after it is interactive, such as the sync engine's chunk, or what sign-in caches
 * for the page after it, counted too). */
async function firstLoad(
  browser: Browser,
  baseURL: string,
  path: string,
  app: boolean,
  throttle: 'none' | 'cpu' | 'cpu+network',
): Promise<Load> {
  const context = await browser.newContext();
  // No service worker: it would fetch the offline copies in the background and blur the figure.
  await context.route('**/sw.js', (r) => r.abort());
  if (path !== '/login') {
    const res = await context.request.post(`${baseURL}/api/auth/login`, {
      form: { phone: CADRE, password: PASSWORD },
      headers: { Origin: baseURL },
    });
    expect(res.ok()).toBe(true);
  }
  if (app) {
    expect((await context.request.get(`${baseURL}/`)).ok()).toBe(true);
    expect((await context.cookies()).map((c) => c.name)).toContain('shugen-app');
  }
  // The largest contentful paint as the browser reports it to the page.
  await context.addInitScript(() => {
    (window as any).__lcp = 0;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) (window as any).__lcp = e.startTime;
    }).observe({ type: 'largest-contentful-paint', buffered: true });
    // The moment the app marks the page interactive (`data-hydrated` on <body>).
    new MutationObserver((_, observer) => {
      if (document.body?.dataset.hydrated === 'true') {
        (window as any).__hydratedAt = performance.now();
        observer.disconnect();
      }
    }).observe(document, { attributes: true, subtree: true, attributeFilter: ['data-hydrated'] });
  });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  if (throttle !== 'none') await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  if (throttle === 'cpu+network') await cdp.send('Network.emulateNetworkConditions', SLOW_4G);
  // Bytes on the wire as Chromium counts them (headers and compressed bodies).
  let bytes = 0;
  let requests = 0;
  cdp.on('Network.loadingFinished', (e) => {
    bytes += e.encodedDataLength;
    requests += 1;
  });
  const res = await page.goto(`${baseURL}${path}`);
  // A page served plain (no WASM) is interactive once loaded. Its script then fetches the app
  // for the page after it, counted once the network is quiet.
  const plain = res?.headers()['x-shugen-plain'] === '1';
  if (plain) await page.waitForLoadState('load');
  else await hydrated(page);
  // What the page had fetched when it became interactive: the requests that ended before the
  // hydration mark (resource timing; same origin, so sizes are given). What it fetches next
  // (the sync engine, the field kit) counts once the network is quiet.
  const interactive = await page.evaluate((plain) => {
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
    const at = plain ? nav.loadEventEnd : ((window as any).__hydratedAt as number);
    const done = (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).filter(
      (e) => e.responseEnd <= at,
    );
    return {
      hydratedMs: at - nav.startTime,
      bytes: nav.transferSize + done.reduce((n, e) => n + e.transferSize, 0),
      requests: 1 + done.length,
    };
  }, plain);
  const lcpMs = await page.evaluate(() => (window as any).__lcp as number);
  await page.waitForLoadState('networkidle');
  await context.close();
  return {
    bytes: interactive.bytes,
    requests: interactive.requests,
    hydratedMs: interactive.hydratedMs,
    lcpMs,
    idleBytes: bytes,
    idleRequests: requests,
  };
}

// Figures are printed, not asserted: budgets are read by people (DESIGN.md §7).
test('first load of the cadre app: bytes, and time to interactive on a slow phone', async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(420_000);
  for (const [path, app] of PAGES) {
    const fast = await firstLoad(browser, baseURL!, path, app, 'none');
    const cpu = await firstLoad(browser, baseURL!, path, app, 'cpu');
    const slow = await firstLoad(browser, baseURL!, path, app, 'cpu+network');
    const name = path.replace(/\W+/g, '_').replace(/^_/, '') + (app ? '_app' : '');
    console.log(
      `BENCH first_load_${name}_kb=${(fast.bytes / 1024).toFixed(1)} budget=250 requests=${fast.requests}` +
        ` (until interactive; ${(fast.idleBytes / 1024).toFixed(1)} KB in ${fast.idleRequests} requests` +
        ` once the network is quiet)`,
    );
    console.log(
      `BENCH interactive_${name}_ms: loopback ${fast.hydratedMs.toFixed(0)}, ` +
        `4x CPU ${cpu.hydratedMs.toFixed(0)}, ` +
        `4x CPU + slow 4G ${slow.hydratedMs.toFixed(0)}`,
    );
    console.log(
      `BENCH largest_contentful_paint_${name}_ms: loopback ${fast.lcpMs.toFixed(0)}, ` +
        `4x CPU + slow 4G ${slow.lcpMs.toFixed(0)} (target 2500)`,
    );
  }
});

/** Sign-in to a working home page as a cadre does it on a slow phone (4× CPU, slow 4G): the
 * sign-in page opened cold, the form sent at once or only once the page's script has cached
 * the app (`body[data-app-cached]`, the time someone takes to type is longer on such a link),
 * then the time from the tap to the hydrated home page and the bytes the network carried
 * after the tap. No routing here: Playwright's routing turns the HTTP cache off. */
async function signInToHome(browser: Browser, baseURL: string, afterCaching: boolean) {
  const context = await browser.newContext({ serviceWorkers: 'block' });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  await cdp.send('Network.emulateNetworkConditions', SLOW_4G);
  const opened = Date.now();
  await page.goto(`${baseURL}/login`);
  if (afterCaching) await page.waitForSelector('body[data-app-cached="true"]', { timeout: 120_000 });
  const cachedMs = Date.now() - opened;
  await page.getByLabel('手机号').fill(CADRE);
  await page.getByLabel('密码').fill(PASSWORD);
  let bytes = 0;
  cdp.on('Network.loadingFinished', (e) => (bytes += e.encodedDataLength));
  const tapped = Date.now();
  await page.getByRole('button', { name: '登录' }).click();
  await hydrated(page);
  const homeMs = Date.now() - tapped;
  await context.close();
  return { cachedMs, homeMs, kb: bytes / 1024 };
}

test('sign-in to a working home page on a slow phone', async ({ browser, baseURL }) => {
  test.setTimeout(300_000);
  const atOnce = await signInToHome(browser, baseURL!, false);
  const cached = await signInToHome(browser, baseURL!, true);
  console.log(
    `BENCH sign_in_to_home_ms (4x CPU + slow 4G, tap to hydrated home): sent at once ${atOnce.homeMs}` +
      ` (${atOnce.kb.toFixed(1)} KB after the tap); sent once the app was cached ${cached.homeMs}` +
      ` (${cached.kb.toFixed(1)} KB after the tap; cached ${cached.cachedMs} ms after opening)`,
  );
});

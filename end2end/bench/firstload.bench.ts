import { Browser, expect, test } from '@playwright/test';
import { hydrated, PASSWORD } from '../tests/helpers';

const CADRE = '13800000101';
// The pages a cadre opens first: sign-in, the visit diary and its form (DESIGN.md §7).
const PAGES = ['/login', '/visits', '/visits/new'];
// Lighthouse's mobile preset: a mid-range phone is about four times slower than this machine,
// on "slow 4G" (150 ms round trip, 1.6 Mbit/s down, 750 kbit/s up).
const SLOW_4G = { offline: false, latency: 150, downloadThroughput: 204_800, uploadThroughput: 96_000 };

type Load = { bytes: number; requests: number; hydratedMs: number; lcpMs: number };

/** Opens `path` in a fresh context (nothing cached; signed in as a cadre unless it is the
 * sign-in page), slowed down as `throttle` says, and answers the bytes transferred until the
 * page is interactive (hydrated), the requests, the time from navigation to hydration, and
 * the largest contentful paint Chromium observed by then. */
async function firstLoad(
  browser: Browser,
  baseURL: string,
  path: string,
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
  // The largest contentful paint as the browser reports it to the page.
  await context.addInitScript(() => {
    (window as any).__lcp = 0;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) (window as any).__lcp = e.startTime;
    }).observe({ type: 'largest-contentful-paint', buffered: true });
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
  await page.goto(`${baseURL}${path}`);
  await hydrated(page);
  const hydratedMs = await page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
    return performance.now() - nav.startTime;
  });
  const lcpMs = await page.evaluate(() => (window as any).__lcp as number);
  await context.close();
  return { bytes, requests, hydratedMs, lcpMs };
}

// Figures are printed, not asserted: budgets are read by people (DESIGN.md §7).
test('first load of the cadre app: bytes, and time to interactive on a slow phone', async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(300_000);
  for (const path of PAGES) {
    const fast = await firstLoad(browser, baseURL!, path, 'none');
    const cpu = await firstLoad(browser, baseURL!, path, 'cpu');
    const slow = await firstLoad(browser, baseURL!, path, 'cpu+network');
    const name = path.replace(/\W+/g, '_').replace(/^_/, '');
    console.log(
      `BENCH first_load_${name}_kb=${(fast.bytes / 1024).toFixed(1)} budget=250 requests=${fast.requests}`,
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

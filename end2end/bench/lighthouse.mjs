// `make bench`: Lighthouse's mobile performance audit (its default: a Moto G Power-class
// phone, 4× CPU slowdown and slow 4G, simulated) of the pages a cadre opens first, in
// Debian's Chromium, and the villagers' pages given after the address (a card page: DESIGN.md
// §7 names it). Usage: node end2end/bench/lighthouse.mjs http://127.0.0.1:PORT [/c/TOKEN …]
// Prints one BENCH line a page: the median of RUNS runs. Reports; never fails on a number.
// Its LCP is simulated: every request that ended before the paint it observed (on loopback) is
// replayed on slow 4G, so the main WASM that <head> preloads counts in full (the form: about
// 3.2 s) though Chromium paints it sooner (firstload.bench.ts: 0.7 s). Sign-in opened cold
// is served plain, HTML and CSS only, and fetches the app after its first paint (issue 22:
// LCP 0.9 s, performance 1.00); so is the diary in a browser that has not been sent this
// build's app (`/visits`), and `/visits (app)` is the diary in one that has but whose cache
// lost it. The form in a browser without this build's app asks for the app once it has
// painted (what is typed before it comes is kept), and `/visits/new (app)` is the form in one
// that has been sent the app but whose cache lost it: its <head> preloads the main WASM.
import lighthouse from 'lighthouse';
import * as chromeLauncher from 'chrome-launcher';
import puppeteer from 'puppeteer-core';

const base = process.argv[2];
if (!base) throw new Error('usage: lighthouse.mjs BASE_URL [PUBLIC_PATH …]');
const RUNS = Number(process.env.LIGHTHOUSE_RUNS ?? 3);
const CADRE = '13800000101';
const PASSWORD = 'shugen-demo';
// A page, and whether the browser holds the `shugen-app` cookie (app/src/ui/plain.rs).
const PAGES = [['/login'], ['/visits/new'], ['/visits/new', 'app'], ['/visits'], ['/visits', 'app']];
// The villagers' pages given after the address; with sign-in, what anyone opens signed out.
const VILLAGERS = process.argv.slice(3);
const PUBLIC = ['/login', ...VILLAGERS];

/** A signed-in cadre's cookie header (the demo account). */
async function signIn() {
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: base },
    body: new URLSearchParams({ phone: CADRE, password: PASSWORD }),
    redirect: 'manual',
  });
  if (!res.ok) throw new Error(`sign-in: ${res.status}`);
  return res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
}

/** The `shugen-app` cookie a page served with the app sets: the browser has been sent it. */
async function appCookie(cookie) {
  const res = await fetch(`${base}/`, { headers: { Cookie: cookie }, redirect: 'manual' });
  const app = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .find((c) => c.startsWith('shugen-app='));
  if (!app) throw new Error('no shugen-app cookie from the home page');
  return `${cookie}; ${app}`;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Lighthouse's result for `url` in a Chromium of its own, `cookie` ("a=1; b=2") put in its
 * cookie jar first: its profile starts empty every time. (One Chromium for all kept the
 * cookies pages set, `shugen-app` among them, and the browser's own cookies then went instead
 * of a `Cookie` header given to Lighthouse: every page after sign-in was audited as the
 * sign-in page it redirected to. Given as a header to a Chromium of its own, the session
 * still went missing within one load: once the page had set `shugen-app`, the app's own
 * requests carried the jar's cookie instead, the first sync found the session ended, and its
 * "sign in again" notice was the largest paint.) */
async function audit(url, cookie) {
  const chrome = await chromeLauncher.launch({
    chromePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run'],
  });
  try {
    if (cookie) {
      const browser = await puppeteer.connect({ browserURL: `http://127.0.0.1:${chrome.port}` });
      await browser.setCookie(
        ...cookie.split('; ').map((c) => {
          const [name, ...value] = c.split('=');
          // The audited host's cookie (puppeteer's browser-wide cookies are named by domain).
          return { name, value: value.join('='), domain: new URL(url).hostname, path: '/' };
        }),
      );
      await browser.disconnect();
    }
    const result = await lighthouse(url, {
      port: chrome.port,
      output: 'json',
      logLevel: 'error',
      onlyCategories: ['performance'],
    });
    if (result.lhr.finalDisplayedUrl !== url) throw new Error(`${url} went to ${result.lhr.finalDisplayedUrl}`);
    // A page whose session went missing meanwhile is not the page a cadre sees.
    const lcp = result.lhr.audits['largest-contentful-paint-element']?.details?.items?.[0]?.items?.[0]?.node;
    if (lcp?.selector?.includes('sign-in-again') || /登录已过期/.test(lcp?.nodeLabel ?? '')) {
      throw new Error(`${url}: the session ended during the audit`);
    }
    return result.lhr;
  } finally {
    await chrome.kill();
  }
}

{
  const cookie = await signIn();
  const withApp = await appCookie(cookie);
  for (const [path, app] of [...PAGES, ...VILLAGERS.map((v) => [v])]) {
    const runs = [];
    for (let i = 0; i < RUNS; i++) {
      // Sign-in and the villagers' pages as a phone that has never signed in sees them.
      const jar = PUBLIC.includes(path) ? '' : app ? withApp : cookie;
      const { categories, audits } = await audit(`${base}${path}`, jar);
      runs.push({
        score: categories.performance.score,
        lcp: audits['largest-contentful-paint'].numericValue,
        fcp: audits['first-contentful-paint'].numericValue,
        tbt: audits['total-blocking-time'].numericValue,
        tti: audits.interactive?.numericValue ?? NaN,
        bytes: audits['total-byte-weight'].numericValue,
      });
    }
    const m = (k) => median(runs.map((r) => r[k]));
    console.log(
      `BENCH lighthouse ${path}${app ? ' (app)' : ''}: performance ${m('score').toFixed(2)} (target 0.95), ` +
        `LCP ${(m('lcp') / 1000).toFixed(2)} s (target 2.5), FCP ${(m('fcp') / 1000).toFixed(2)} s, ` +
        `TBT ${m('tbt').toFixed(0)} ms, TTI ${(m('tti') / 1000).toFixed(2)} s, ` +
        `${(m('bytes') / 1024).toFixed(0)} KB; median of ${RUNS}`,
    );
  }
}

import { BrowserContext, expect, Page } from '@playwright/test';

export const PASSWORD = 'shugen-demo';
export const OFFICE = '13800000001';

/** Waits until the WASM has hydrated the page, so clicks reach Leptos, not a bare form. */
export async function hydrated(page: Page) {
  await page.waitForSelector('body[data-hydrated="true"]');
}

/** Signs in on the sign-in page, as a person would (opened cold it is plain HTML: the form
 * posts itself), and waits for the home page to hydrate. */
export async function login(page: Page, phone: string, password: string) {
  await page.goto('/login');
  await page.getByLabel('手机号').fill(phone);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page.getByRole('navigation', { name: '主导航' })).toBeVisible();
  await expect(page).toHaveURL(/\/$/);
  await hydrated(page);
}

/**
 * Makes the context a browser that has been sent this build's app, as after any page of the
 * app (`shugen-app`, app/src/ui/plain.rs): its diary then opens as the app, not served plain.
 * For a context signed in through the API, which has opened no page yet.
 */
export async function holdsApp(context: BrowserContext) {
  expect((await context.request.get('/')).ok()).toBe(true);
  expect((await context.cookies()).map((c) => c.name)).toContain('shugen-app');
}

/** Opens `path` until the service worker controls it: opened once online (the worker
 * installs and stores the offline pages), then again under the worker, hydrated both times. */
export async function underWorker(page: Page, path: string) {
  await page.goto(path);
  await hydrated(page);
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  await page.reload();
  await hydrated(page);
  expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
}

export async function logout(page: Page) {
  await page.goto('/me');
  await hydrated(page);
  await page.getByTestId('logout').click();
  await expect(page).toHaveURL(/\/login$/);
}

export async function shot(page: Page, name: string) {
  await page.screenshot({ path: `screenshots/${name}.png`, fullPage: true });
}

/** Fails with the widest culprits named when the page scrolls sideways. */
export async function noSideways(page: Page) {
  const wide = await page.evaluate(() => {
    const w = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth <= w) return [];
    return [...document.querySelectorAll('body *')]
      .filter((el) => el.getBoundingClientRect().right > w + 0.5)
      .map((el) => `${el.tagName.toLowerCase()}.${el.className} → ${Math.round(el.getBoundingClientRect().right)}`)
      .slice(-5);
  });
  expect(wide, 'the page must not scroll sideways').toEqual([]);
}

/** Every visible control matching `selector` is at least 44 px high. */
export async function tapTargetsAreLarge(page: Page, selector: string) {
  const small = await page.evaluate(
    (sel) =>
      [...document.querySelectorAll(sel)]
        .filter((el) => (el as HTMLElement).offsetParent !== null)
        .map((el) => ({ el: (el as HTMLElement).outerHTML.slice(0, 80), h: el.getBoundingClientRect().height }))
        .filter((x) => x.h < 44),
    selector,
  );
  expect(small, 'tap targets at least 44 px high').toEqual([]);
}

/** A villager sends feedback from a card page, as on their phone; returns the receipt code. */
export async function villagerSends(page: Page, cadre: string, text: string): Promise<string> {
  const res = await page.request.post('/api/cards/list', { headers: { Origin: new URL(page.url()).origin } });
  expect(res.ok()).toBeTruthy();
  const token = (await res.json()).find((c: { cadre: string; active: boolean }) => c.cadre === cadre && c.active).token;
  const villager = await page.context().browser()!.newContext({ baseURL: new URL(page.url()).origin, javaScriptEnabled: false });
  const p = await villager.newPage();
  await p.goto(`/c/${token}`);
  await p.getByLabel('类别').selectOption('construction');
  await p.getByLabel('反映的问题或建议').fill(text);
  await p.getByRole('button', { name: '提交反馈' }).click();
  await expect(p.getByTestId('status')).toHaveText('待受理');
  const receipt = (await p.getByTestId('receipt').textContent())!;
  await villager.close();
  return receipt;
}

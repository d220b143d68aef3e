import { expect, test } from '@playwright/test';
import fs from 'fs';
import path from 'path';
import { hydrated, login, PASSWORD, underWorker } from './helpers';
import { copySite, OwnServer } from './server';

test('a new version is offered, never forced, and a half-filled form survives the update', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const site = copySite();
  const server = new OwnServer(site);
  const base = await server.start();
  const context = await browser.newContext({ baseURL: base, serviceWorkers: 'allow' });
  const page = await context.newPage();
  try {
    await login(page, '13800000102', PASSWORD);
    await underWorker(page, '/visits/new');
    await page.locator('.choose-household').first().click();
    await page.getByLabel('走访内容').fill('写到一半');
    await expect(page.getByTestId('draft-status')).toContainText('草稿已自动保存');

    // A deploy: the site changes, the server restarts, the phone looks for an update.
    fs.appendFileSync(path.join(site, 'offline.css'), '\n/* next build */\n');
    await server.kill();
    await server.start();
    await page.evaluate(() => {
      (window as unknown as { stillHere: boolean }).stillHere = true;
      return navigator.serviceWorker.getRegistration().then((r) => r!.update());
    });

    // Offered, and nothing reloaded under the cadre's fingers.
    await expect(page.getByTestId('update-ready')).toBeVisible();
    expect(await page.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere)).toBe(true);
    await expect(page.getByLabel('走访内容')).toHaveValue('写到一半');

    // Taken on the tap: the page reloads on the new version and the draft is still there.
    await Promise.all([page.waitForEvent('load'), page.getByTestId('update-ready').getByRole('button').click()]);
    await hydrated(page);
    expect(await page.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere)).toBeUndefined();
    await expect(page.getByLabel('走访内容')).toHaveValue('写到一半');
    await expect(page.getByTestId('update-ready')).toHaveCount(0);
  } finally {
    await context.close();
    await server.kill();
    fs.rmSync(site, { recursive: true, force: true });
  }
});

test('a new version that cannot fetch every offline page does not install; the old one keeps serving', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const site = copySite();
  const server = new OwnServer(site);
  const base = await server.start();
  const context = await browser.newContext({ baseURL: base, serviceWorkers: 'allow' });
  const page = await context.newPage();
  try {
    await login(page, '13800000102', PASSWORD);
    await page.goto('/visits');
    await hydrated(page);
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    const before = await page.evaluate(() => caches.keys());

    // A deploy, and the next check for an update meets a link that drops one offline page.
    fs.appendFileSync(path.join(site, 'offline.css'), '\n/* next build */\n');
    await server.kill();
    await server.start();
    await context.route('**/feedback/new', (route) => route.abort('connectionreset'));
    const outcome = await page.evaluate(async () => {
      const r = (await navigator.serviceWorker.getRegistration())!;
      await r.update();
      const w = r.installing ?? r.waiting;
      if (!w) return 'no new worker';
      if (w.state === 'redundant' || w.state === 'installed') return w.state;
      return new Promise<string>((resolve) =>
        w.addEventListener('statechange', () => {
          if (w.state === 'redundant' || w.state === 'installed') resolve(w.state);
        }),
      );
    });
    expect(outcome).toBe('redundant');
    await expect(page.getByTestId('update-ready')).toHaveCount(0);
    expect(await page.evaluate(() => caches.keys())).toEqual(before);

    // With no network at all, the old worker still serves the offline pages.
    await context.unroute('**/feedback/new');
    await context.setOffline(true);
    await server.kill();
    await page.goto('/feedback/new');
    await hydrated(page);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  } finally {
    await context.close();
    await server.kill();
    fs.rmSync(site, { recursive: true, force: true });
  }
});

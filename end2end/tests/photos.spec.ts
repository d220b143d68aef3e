import { expect, Page, test } from '@playwright/test';
import { hydrated, login, noSideways, OFFICE, PASSWORD, shot, underWorker } from './helpers';
import { firstHousehold } from './outbox';
import { OwnServer } from './server';

// 李明, a demo cadre with his own households.
const CADRE = '13800000101';
const CAMERA_BYTES = 6_000_000;

/**
 * A camera's JPEG, made in the page: 4000×3000 px of grain, an EXIF block with the time taken
 * and a GPS position (as every phone camera writes), padded with a maker-note segment to the
 * size a camera file has. Base64, to hand to the file input.
 */
function cameraJpeg(page: Page): Promise<string> {
  return page.evaluate(async (size) => {
    const canvas = document.createElement('canvas');
    canvas.width = 4000;
    canvas.height = 3000;
    const ctx = canvas.getContext('2d')!;
    const g = ctx.createLinearGradient(0, 0, 4000, 3000);
    g.addColorStop(0, '#5a7d3a');
    g.addColorStop(1, '#c9b38a');
    ctx.fillStyle = g;
    ctx.fillRect(0, 0, 4000, 3000);
    let seed = 7;
    const rnd = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    for (let i = 0; i < 4000; i++) {
      ctx.fillStyle = `hsl(${Math.floor(rnd() * 360)},40%,${30 + Math.floor(rnd() * 40)}%)`;
      ctx.fillRect(rnd() * 4000, rnd() * 3000, 20 + rnd() * 200, 20 + rnd() * 200);
    }
    const blob: Blob = await new Promise((r) => canvas.toBlob((b) => r(b!), 'image/jpeg', 0.95));
    const body = new Uint8Array(await blob.arrayBuffer());

    // EXIF, little-endian TIFF: IFD0 → Exif IFD (DateTimeOriginal) and GPS IFD (N 28.1°, E 112.9°).
    const tiff: number[] = [];
    const u16 = (v: number) => tiff.push(v & 255, v >> 8);
    const u32 = (v: number) => tiff.push(v & 255, (v >> 8) & 255, (v >> 16) & 255, v >>> 24);
    const entry = (tag: number, type: number, count: number, value: number) => {
      u16(tag);
      u16(type);
      u32(count);
      u32(value);
    };
    // Layout: header 8, IFD0 at 8 (2 entries: 30 bytes), Exif IFD at 38 (1 entry: 18),
    // GPS IFD at 56 (4 entries: 54), then the date at 110 and the rationals at 130.
    tiff.push(0x49, 0x49);
    u16(42);
    u32(8);
    u16(2);
    entry(0x8769, 4, 1, 38);
    entry(0x8825, 4, 1, 56);
    u32(0);
    u16(1);
    entry(0x9003, 2, 20, 110);
    u32(0);
    u16(4);
    entry(1, 2, 2, 0x4e); // 'N'
    entry(2, 5, 3, 130);
    entry(3, 2, 2, 0x45); // 'E'
    entry(4, 5, 3, 154);
    u32(0);
    for (const c of '2026:11:28 09:15:00') tiff.push(c.charCodeAt(0));
    tiff.push(0);
    for (const [n, d] of [[28, 1], [6, 1], [0, 1], [112, 1], [56, 1], [0, 1]]) {
      u32(n);
      u32(d);
    }
    const exif = [0x45, 0x78, 0x69, 0x66, 0, 0, ...tiff];
    const seg = (marker: number, data: number[] | Uint8Array) => {
      const len = data.length + 2;
      return [0xff, marker, len >> 8, len & 255, ...data];
    };
    const app1 = seg(0xe1, exif);
    // Maker notes up to the camera's size, in APP2 segments of at most 64 KB.
    const head = 2 + app1.length;
    const tail = body.length - 2;
    let pad = size - head - tail;
    const parts: number[][] = [];
    while (pad > 0) {
      const n = Math.min(65000, pad) - 4;
      parts.push(seg(0xe2, new Array(Math.max(n, 0)).fill(0x20)));
      pad -= n + 4;
    }
    const out = new Uint8Array(size);
    let at = 0;
    out.set([0xff, 0xd8], at);
    at += 2;
    out.set(app1, at);
    at += app1.length;
    for (const p of parts) {
      out.set(p, at);
      at += p.length;
    }
    out.set(body.subarray(2), at);
    let s = '';
    for (let i = 0; i < out.length; i += 0x8000) {
      s += String.fromCharCode(...out.subarray(i, i + 0x8000));
    }
    return btoa(s);
  }, CAMERA_BYTES);
}

test('a 6 MB camera photo attached offline is kept light, without its location, and sent once', async ({ browser }) => {
  test.setTimeout(180_000);
  const server = new OwnServer();
  const base = await server.start();
  const context = await browser.newContext({
    baseURL: base,
    serviceWorkers: 'allow',
    viewport: { width: 390, height: 844 },
  });
  const page = await context.newPage();
  try {
    await login(page, CADRE, PASSWORD);
    await underWorker(page, '/visits');
    await expect(page.getByTestId('sync-panel')).toHaveAttribute('data-state', 'idle');
    const household = await firstHousehold(page);
    const camera = Buffer.from(await cameraJpeg(page), 'base64');
    expect(camera.length).toBe(CAMERA_BYTES);
    // The file really carries a position: the test would pass vacuously otherwise.
    expect(camera.includes(Buffer.from('Exif\0\0'))).toBe(true);

    // No signal, and no server either.
    await context.setOffline(true);
    await server.kill();
    await page.goto('/visits/new');
    await hydrated(page);
    await page.locator(`.choose-household[data-id="${household}"]`).click();
    await page.getByLabel('走访内容').fill('查看危房改造进度，拍照留存');
    await page.getByTestId('form-yes').check();
    await page.getByTestId('photo-input').setInputFiles({
      name: 'IMG_20261128_091500.jpg',
      mimeType: 'image/jpeg',
      buffer: camera,
    });
    const item = page.getByTestId('photo-item');
    await expect(item).toHaveCount(1, { timeout: 30_000 });
    const kept = Number(await item.getAttribute('data-size'));
    expect(kept).toBeGreaterThan(10_000);
    expect(kept).toBeLessThanOrEqual(400 * 1024);
    await page.getByTestId('photo-caption').fill('改造前的屋顶');
    await expect(page.getByTestId('draft-status')).toContainText('草稿已自动保存');
    // A reload keeps the photo with the draft, preview and caption.
    await page.reload();
    await hydrated(page);
    await expect(item).toHaveCount(1);
    await expect(page.getByTestId('photo-caption')).toHaveValue('改造前的屋顶');
    await expect(item.locator('img')).toHaveJSProperty('complete', true);
    expect(await item.locator('img').evaluate((i: HTMLImageElement) => i.naturalWidth)).toBeGreaterThan(0);
    await noSideways(page);
    await shot(page, 'photo-attached-offline');
    await page.getByTestId('submit-visit').click();
    await expect(page.getByTestId('sync-badge')).toHaveText('待发 1');
    // The phone says what its unsent photos take.
    await page.goto('/visits');
    await hydrated(page);
    await expect(page.getByTestId('photo-space')).toContainText('1 张照片等待上传');
    await shot(page, 'photo-waiting');

    // Signal again: the photo goes up, then the visit, once.
    await server.start();
    await context.setOffline(false);
    await page.getByTestId('sync-now').click();
    await expect(page.getByTestId('sync-panel')).toHaveAttribute('data-waiting', '0', { timeout: 30_000 });
    await expect(page.getByTestId('photo-space')).toHaveCount(0);
    const res = await page.request.post(`${base}/api/visits/for_household`, {
      form: { household: String(household) },
      headers: { Origin: base },
    });
    const visits: { content: string; photos?: { id: string; caption: string; taken_at: string; size: number }[] }[] =
      await res.json();
    const mine = visits.filter((v) => v.content === '查看危房改造进度，拍照留存');
    expect(mine).toHaveLength(1);
    expect(mine[0].photos).toHaveLength(1);
    const photo = mine[0].photos![0];
    expect(photo.caption).toBe('改造前的屋顶');
    // The time the camera took it survives; its position does not.
    expect(photo.taken_at).toBe('2026-11-28T09:15:00');
    expect(photo.size).toBe(kept);
    const stored = await page.request.get(`${base}/api/photos/${photo.id}`);
    expect(stored.status()).toBe(200);
    expect(stored.headers()['cache-control']).toContain('no-store');
    const bytes = await stored.body();
    expect(bytes.length).toBe(kept);
    expect([bytes[0], bytes[1]]).toEqual([0xff, 0xd8]);
    expect(bytes.includes(Buffer.from('Exif\0\0'))).toBe(false);
    console.log(`photo: camera ${camera.length} B → phone and server ${kept} B`);

    // The household's timeline shows it; a tap opens the whole photo.
    await page.goto(`/households/${household}`);
    await hydrated(page);
    const thumb = page.getByTestId('thumb');
    await expect(thumb).toHaveCount(1);
    await expect(thumb).toHaveAttribute('alt', '改造前的屋顶');
    await expect
      .poll(() => thumb.evaluate((i: HTMLImageElement) => i.complete && i.naturalWidth))
      .toBeGreaterThan(0);
    await noSideways(page);
    await shot(page, 'photo-in-timeline');
  } finally {
    await context.close();
    await server.kill();
  }
});

test('photos go into a ledger item\'s log and a clean-up; the office picks one for the monthly report', async ({ browser }) => {
  test.setTimeout(180_000);
  const server = new OwnServer();
  const base = await server.start();
  const context = await browser.newContext({ baseURL: base, viewport: { width: 360, height: 740 } });
  const page = await context.newPage();
  const office = await browser.newContext({ baseURL: base, viewport: { width: 390, height: 844 } });
  const op = await office.newPage();
  try {
    await login(page, CADRE, PASSWORD);
    await page.goto('/visits');
    await hydrated(page);
    const camera = Buffer.from(await cameraJpeg(page), 'base64');
    const file = (name: string) => ({ name, mimeType: 'image/jpeg', buffer: camera });

    // A ledger item of 李明's: photos of the work go into its log, once.
    const made = await page.request.post(`${base}/api/ledger/create`, {
      form: {
        'form[kind]': 'proxy_service',
        'form[title]': '代办危房改造申请',
        'form[detail]': '户主委托代办',
        'form[household]': '8',
        'form[owner]': '6',
        'form[deadline]': '2099-12-31',
      },
      headers: { Origin: base },
    });
    expect(made.status()).toBe(200);
    const item: string = await made.json();
    await page.goto(`/ledger/${item}`);
    await hydrated(page);
    const panel = page.getByTestId('item-photos');
    await panel.getByTestId('photo-input').setInputFiles(file('receipt.jpg'));
    await expect(panel.getByTestId('photo-item')).toHaveCount(1, { timeout: 30_000 });
    await panel.getByTestId('photo-caption').fill('镇政府受理回执');
    await page.getByLabel('办理情况说明（可不填）').fill('申请材料已送到镇里');
    await page.getByTestId('item-photos-send').click();
    const log = page.getByTestId('item-log');
    await expect(log.getByTestId('thumb')).toHaveCount(1, { timeout: 30_000 });
    await expect(log).toContainText('申请材料已送到镇里');
    await expect(panel.getByTestId('photo-item')).toHaveCount(0);
    await noSideways(page);
    await shot(page, 'ledger-photo');

    // A clean-up with its before-and-after photos, through the outbox.
    await page.goto('/organisation/new');
    await hydrated(page);
    await page.getByLabel('记录什么').selectOption('cleanup');
    await page.getByLabel('村', { exact: true }).selectOption({ label: '民智村' });
    await page.getByLabel('整治区域').fill('村口沟渠');
    await page.getByLabel('民兵应急连人数').fill('12');
    await page.getByLabel('参加群众人数').fill('30');
    await page.getByLabel('整治内容').fill('清淤 200 米');
    await page.getByTestId('photo-input').setInputFiles([file('before.jpg'), file('after.jpg')]);
    await expect(page.getByTestId('photo-item')).toHaveCount(2, { timeout: 30_000 });
    await page.getByTestId('photo-caption').first().fill('整治前');
    await page.getByTestId('photo-caption').last().fill('整治后');
    await expect(page.getByTestId('photo-caption').last()).toHaveValue('整治后');
    await shot(page, 'cleanup-photos');
    await page.getByTestId('submit-work').click();
    await expect(page.getByTestId('work-sent')).toHaveCount(1, { timeout: 30_000 });

    // The office sees them on the village page and picks one for the month's report.
    await login(op, OFFICE, PASSWORD);
    await op.goto('/villages/1');
    await hydrated(op);
    const photos = op.getByTestId('village-photos');
    // The clean-up's two and the ledger item's proof (household 8 is in 民智村), by record.
    await expect(photos.getByTestId('thumb')).toHaveCount(3);
    const cleanup = photos.locator('.photo-groups > li', { hasText: '环境卫生整治' });
    await expect(cleanup.getByTestId('thumb')).toHaveCount(2);
    await expect(photos.locator('.photo-groups > li', { hasText: '台账事项' }).getByTestId('thumb')).toHaveCount(1);
    await cleanup.getByTestId('photo-report').last().check();
    await expect(cleanup.getByTestId('photo-report').last()).toBeChecked();
    await noSideways(op);
    await shot(op, 'village-photos');
    await op.goto('/summary/report');
    await hydrated(op);
    const chosen = op.getByTestId('report-photos');
    await expect(chosen.locator('img')).toHaveCount(1);
    await expect(chosen).toContainText('民智村 · 整治后');
    await expect
      .poll(() => chosen.locator('img').evaluate((i: HTMLImageElement) => i.complete && i.naturalWidth))
      .toBeGreaterThan(0);
    await op.emulateMedia({ media: 'print' });
    await shot(op, 'report-photos-print');
  } finally {
    await context.close();
    await office.close();
    await server.kill();
  }
});

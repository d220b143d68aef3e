import { expect, Page } from '@playwright/test';

/**
 * Puts `n` valid visits for `household` straight into the phone's outbox, in the format the
 * app writes (offline/model.rs), and answers their ids. The first `long` are diaries of about
 * 20 KB (1,700 characters in each of the four text fields).
 */
export function seedOutbox(page: Page, household: number, n: number, long = 0): Promise<string[]> {
  return page.evaluate(
    async ({ household, n, long }) => {
      const text = (i: number, what: string) => (i < long ? `${what}${i}：${'详'.repeat(1700)}` : '');
      const uuid7 = (ms: number) => {
        const b = crypto.getRandomValues(new Uint8Array(16));
        for (let i = 5; i >= 0; i--) {
          b[i] = ms % 256;
          ms = Math.floor(ms / 256);
        }
        b[6] = 0x70 | (b[6] & 0x0f);
        b[8] = 0x80 | (b[8] & 0x3f);
        const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
        return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
      };
      const db: IDBDatabase = await new Promise((resolve, reject) => {
        const r = indexedDB.open('shugen');
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error);
      });
      const tx = db.transaction('outbox', 'readwrite');
      const ids: string[] = [];
      const now = Date.now();
      for (let i = 0; i < n; i++) {
        const id = uuid7(now - n + i);
        ids.push(id);
        tx.objectStore('outbox').put({
          id,
          head_name: 'seeded',
          status: 'Waiting',
          draft: {
            id,
            household_id: household,
            visited_at: new Date(now - 3600_000).toISOString(),
            method: 'phone',
            content: `seeded visit ${i}${text(i, '内容')}`,
            process: text(i, '过程'),
            outcome: text(i, '结果'),
            problems: text(i, '问题'),
            follow_up: false,
            gps: null,
            changes: [],
          },
        });
      }
      await new Promise((resolve, reject) => {
        tx.oncomplete = resolve;
        tx.onerror = () => reject(tx.error);
      });
      db.close();
      return ids;
    },
    { household, n, long },
  );
}

/** Clicks "sync now" and resolves, with the milliseconds it took, once a run has finished with nothing waiting. */
export function syncUntilEmpty(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        const panel = document.querySelector<HTMLElement>('[data-testid=sync-panel]')!;
        const before = Number(panel.dataset.runs);
        const t0 = performance.now();
        const done = () =>
          Number(panel.dataset.runs) > before &&
          panel.dataset.waiting === '0' &&
          panel.dataset.state === 'idle';
        const obs = new MutationObserver(() => {
          if (done()) {
            obs.disconnect();
            resolve(performance.now() - t0);
          }
        });
        obs.observe(panel, { attributes: true });
        panel.querySelector<HTMLButtonElement>('[data-testid=sync-now]')!.click();
      }),
  );
}

/**
 * The lowest id among the households on the phone, once the first sync has put them there (the
 * sync panel says "idle" before the first run has started: an empty store would answer
 * Infinity, and visits seeded for it could never be read).
 */
export async function firstHousehold(page: Page): Promise<number> {
  let lowest = Infinity;
  await expect
    .poll(
      async () => {
        lowest = await page.evaluate(
          () =>
            new Promise<number>((resolve, reject) => {
              const r = indexedDB.open('shugen');
              r.onerror = () => reject(r.error);
              r.onsuccess = () => {
                try {
                  const q = r.result.transaction('households').objectStore('households').getAllKeys();
                  q.onsuccess = () => {
                    r.result.close();
                    resolve(Math.min(...(q.result as number[])));
                  };
                } catch (_) {
                  // The app has not made its stores yet.
                  r.result.close();
                  resolve(Infinity);
                }
              };
            }),
        );
        return Number.isFinite(lowest);
      },
      { timeout: 15_000 },
    )
    .toBe(true);
  return lowest;
}

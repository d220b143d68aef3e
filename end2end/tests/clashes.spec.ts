import { expect, request, test } from '@playwright/test';
import { hydrated, login, shot, OFFICE, PASSWORD } from './helpers';

// Two phones of one cadre report different economic situations for the same household; the
// office sees both values with their times and who, and settles it by choosing one.
test('the office settles a household fact two phones disagree on', async ({ page, baseURL }) => {
  const phone = await request.newContext({ baseURL, extraHTTPHeaders: { Origin: baseURL! } });
  expect((await phone.post('/api/auth/login', { form: { phone: '13800000101', password: PASSWORD } })).ok()).toBe(true);
  const list = await phone.post('/api/households/list', { form: { q: '', village: '', tag: '', page: '1' } });
  const household: number = (await list.json()).items[0].id;
  const h = await (await phone.post('/api/households/get', { form: { id: String(household) } })).json();
  const push = (n: number, device: string, at: string, value: string) =>
    phone.post('/api/sync/visits', {
      data: {
        batch: {
          schema: 2,
          device,
          visits: [
            {
              id: `01937b00-0000-7c3c-9d4e-${String(n).padStart(12, '0')}`,
              household_id: household,
              visited_at: at,
              method: 'home',
              content: '核实家庭经济状况',
              changes: [{ field: 'economy', base: h.economy, value }],
            },
          ],
        },
      },
    });
  expect((await push(1, 'phone-a', '2026-11-20T09:00:00+08:00', '务工收入稳定')).ok()).toBe(true);
  expect((await push(2, 'phone-b', '2026-11-21T09:00:00+08:00', '因病致贫')).ok()).toBe(true);
  await phone.dispose();

  await login(page, OFFICE, PASSWORD);
  await page.goto('/households/clashes');
  await hydrated(page);
  const clash = page.getByTestId('clash');
  await expect(clash).toHaveCount(1);
  await expect(clash).toContainText('经济状况');
  await expect(clash).toContainText('务工收入稳定');
  await expect(clash).toContainText('因病致贫');
  await expect(clash).toContainText('2026-11-20 09:00');
  await expect(clash).toContainText('李明');
  // Until the office decides, the later observation is in use.
  await expect(clash.locator('form').nth(1)).toContainText('当前使用');
  await shot(page, 'clash-office');

  await clash.getByTestId('choose-kept').click();
  await expect(page.getByTestId('no-clashes')).toBeVisible();
  await page.goto(`/households/${household}`);
  await hydrated(page);
  await expect(page.locator('main')).toContainText('务工收入稳定');
});

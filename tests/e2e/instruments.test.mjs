// instruments.test.mjs - the instrument pages in a real browser: catalogue
// (zh), instrument page with calendar and booking form (a taken slot shows the
// server's message under "start"), my bookings with cancel, the approval queue
// (en), and no console/CSP errors.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, open, shot, startServer, loginAs } from './browser.mjs';
import { localMonday } from '../api/lib.mjs';

let srv, data, browser, instr, appr, c;
const MON = localMonday();

before(async () => {
  ({ srv, data } = await startServer());
  browser = await launch();
  c = await srv.session('admin');
  const owner = data.orgs[0];
  instr = (await c.post('/api/instruments', { org_id: owner.id, name_zh: '扫描电子显微镜', name_en: 'Scanning electron microscope',
    category: '电子显微镜', manufacturer: 'Hitachi', model: 'SU8010', location: '分析测试中心 A101', value: 3200000,
    fee: { unit: 'hour', internal: 150, academic: 300, enterprise: 600 } })).json;
  appr = (await c.post('/api/instruments', { org_id: owner.id, name_zh: '核磁共振波谱仪', name_en: 'NMR spectrometer',
    category: '波谱仪器', requires_approval: true, value: 5000000 })).json;
  // Requested by another account: nobody approves their own request (issue #10).
  assert.equal((await c.post('/api/users', { email: 'requester@e2e.test.cn', role: 'admin', password: 'e2e-requester-pass' })).status, 201);
  const requester = srv.client();
  assert.equal((await requester.login('requester@e2e.test.cn', 'e2e-requester-pass')).status, 200);
  const b = await requester.post(`/api/instruments/${appr.id}/bookings`, { org_id: data.orgs[3].id, booker_name: '王工', start: `${MON}T09:00`, end: `${MON}T10:00` });
  assert.equal(b.status, 201, b.text);
});
after(async () => { await browser?.close(); await srv?.stop(); });

test('catalogue and instrument page in Chinese; booking and a taken slot', async () => {
  const page = await newPage(browser, { lang: 'zh' });
  await loginAs(page, srv, 'admin'); // booking needs an account; admin books for any organisation
  await open(page, srv.base, '/instruments');
  await page.waitForSelector('.result >> text=扫描电子显微镜');
  assert.match(await page.locator('.result').first().textContent(), /东北大学/);
  await shot(page, 'instruments-zh');
  await open(page, srv.base, `/instruments/${instr.id}?week=${MON}`);
  await page.waitForSelector('h1 >> text=扫描电子显微镜');
  assert.equal(await page.locator('.cal-day').count(), 7);
  await page.selectOption('select[name="org_id"]', String(data.orgs[3].id));
  await page.fill('input[name="booker_name"]', '李工');
  await page.fill('input[name="start"]', `${MON}T13:00`);
  await page.fill('input[name="end"]', `${MON}T15:00`);
  await page.click('.book-form button[type="submit"]');
  await page.waitForSelector('.state-ok');
  assert.match(await page.locator('.state-ok').textContent(), /预约成功/);
  // the same slot again: 409 naming start, shown under the start input
  await page.click('.book-form button[type="submit"]');
  await page.waitForSelector('[data-field="start"] .field-error:not([hidden])');
  assert.match(await page.locator('[data-field="start"] .field-error').textContent(), /已被占用/);
  await shot(page, 'instrument-zh');
  assert.deepEqual(page.errors.filter((e) => !/409|Conflict/.test(e)), []);
  await page.context().close();
});

test('my bookings: cancel; approval queue in English: approve', async () => {
  const page = await newPage(browser, { lang: 'en' });
  await loginAs(page, srv, 'admin');
  await open(page, srv.base, `/instruments/bookings?org=${data.orgs[3].id}`);
  await page.waitForSelector('.card >> text=Scanning electron microscope');
  const card = page.locator('.card', { hasText: 'Scanning electron microscope' }).first();
  await card.locator('button[data-action="cancel"]').click();
  await page.waitForSelector('.card >> text=Cancelled');
  await open(page, srv.base, `/instruments/approvals?org=${data.orgs[0].id}`);
  await page.waitForSelector('.card >> text=NMR spectrometer');
  await shot(page, 'approvals-en');
  await page.locator('button[data-action="approve"]').first().click();
  await page.waitForSelector('.card >> text=Approved');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

// event_agenda.test.mjs - one event's page (issue #14) in a real browser:
// the organiser adds an achievement to the agenda, edits the planned event,
// records a past one as held with its outcome and sees its outcomes (en); the
// public sees the agenda with links to the listings and no organiser forms
// (zh). No console or CSP error.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, open, shot, startServer, loginAs } from './browser.mjs';

let srv, browser, admin, orgAdmin, ach, future, past;
before(async () => {
  ({ srv } = await startServer());
  browser = await launch();
  admin = await srv.session('admin');
  orgAdmin = await srv.session('org_admin');
  ach = (await admin.post('/api/achievements', { title_zh: '路演页面测试成果', abstract_zh: '测试。', trl: 6, modes: ['transfer'],
    owner_org_id: orgAdmin.user.org_id, status: 'published' })).json.id;
  const mk = async (starts_on, title) => (await orgAdmin.post('/api/events', { kind: 'roadshow', title, starts_on, place: '沈阳浑南', capacity: 30 })).json.id;
  // Days from the server's today, so "past" is past on any date (a fixed
  // 15 January of this year is ahead from 1 to 14 January).
  future = await mk(srv.localDate(180), '新材料成果路演');
  past = await mk(srv.localDate(-30), '年初对接会');
  assert.ok(ach && future && past);
});
after(async () => { await browser?.close(); await srv?.stop(); });

test('the organiser keeps the agenda, edits the event, records it held (en)', async () => {
  const page = await newPage(browser, { lang: 'en', width: 1366 });
  await loginAs(page, srv, 'org_admin');
  await open(page, srv.base, `/events/${future}`);
  await page.waitForSelector('#agenda-add');
  await page.selectOption('#agenda-add select[name="kind"]', 'achievement');
  await page.fill('#agenda-add input[name="item_id"]', String(ach));
  await page.click('#agenda-add button[type="submit"]');
  await page.waitForSelector(`#agenda li[data-id="${ach}"]`);
  assert.equal(await page.textContent(`#agenda li[data-id="${ach}"] a`), '路演页面测试成果');
  await page.fill('#event-edit input[name="capacity"]', '45');
  // Wait for the save's answer, not for the field: the field holds the typed
  // 45 before the request is even sent (a run at load 30 read 30 back).
  const [saved] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith(`/api/events/${future}`) && r.request().method() !== 'GET'),
    page.click('#event-edit button[type="submit"]'),
  ]);
  assert.equal(saved.status(), 200);
  assert.equal((await orgAdmin.get(`/api/events/${future}`)).json.capacity, 45);
  await open(page, srv.base, `/events/${past}`);
  await page.waitForSelector('#event-outcome');
  await page.fill('#event-outcome textarea[name="outcome"]', '12 enterprises attended; 3 follow-up meetings');
  await page.click('#event-outcome button[type="submit"]');
  await page.waitForFunction(() => document.querySelector('#event-status')?.textContent === 'Held');
  assert.equal(await page.textContent('#event-outcome-text'), '12 enterprises attended; 3 follow-up meetings');
  await page.waitForSelector('#event-outcomes');
  assert.match(await page.textContent('#event-outcomes'), /0 cases opened at the event/);
  assert.equal(await page.$('#event-edit'), null, 'a held event is not edited');
  await shot(page, 'event-held-en');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('the public sees the agenda with links and no organiser forms (zh)', async () => {
  const page = await newPage(browser, { lang: 'zh' });
  await open(page, srv.base, `/events/${future}`);
  await page.waitForSelector('#agenda');
  assert.equal(await page.getAttribute(`#agenda li[data-id="${ach}"] a`, 'href'), `/achievements/${ach}`);
  assert.match(await page.textContent(`#agenda li[data-id="${ach}"]`), /^路演成果/);
  assert.equal(await page.$('#agenda-add'), null);
  assert.equal(await page.$('#event-outcomes'), null);
  await page.setViewportSize({ width: 390, height: 844 });
  await shot(page, 'event-public-zh-phone');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

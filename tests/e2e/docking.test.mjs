// docking.test.mjs - issue #14 in the browser: a broker opens a docking case
// from a match and moves it to a registered contract (zh), the case board in
// English; an enterprise declines a match with a reason and it disappears from
// its list (en); the broker directory searched by field (zh and en).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, sharedPage, open, shot, Server, loginAs } from './browser.mjs';

let srv, browser, admin, uni, ent, dem, ach, other;
// The province's date (UTC+8), as the platform shows it: the test machine's
// own date differs from it between 16:00 and 24:00 UTC (issue #19).
const today = new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10);

before(async () => {
  srv = await Server.start();
  browser = await launch();
  admin = await srv.session('admin');
  uni = (await srv.session('member')).user.org_id;
  ent = (await srv.session('broker')).user.linked_orgs.find((o) => o !== uni);
  const mk = (b) => admin.post('/api/achievements', { status: 'published', trl: 7, modes: ['licence'], price: 400000, field: '智能制造', ...b });
  ach = (await mk({ title_zh: '数控机床主轴热误差补偿技术', title_en: 'Spindle thermal error compensation', abstract_zh: '主轴热误差建模与实时补偿。', keywords: ['数控机床', '热误差补偿'], owner_org_id: uni })).json;
  other = (await mk({ title_zh: '数控机床主轴热误差在线测量', title_en: 'Online measurement of spindle thermal error', abstract_zh: '主轴热误差在线测量装置。', keywords: ['数控机床', '热误差'], owner_org_id: uni })).json;
  dem = (await admin.post('/api/demands', { title_zh: '数控机床主轴热误差补偿', title_en: 'Spindle thermal error compensation wanted', desc_zh: '主轴热变形导致加工精度下降，需要热误差补偿。', keywords: ['数控机床', '热误差补偿'], field: '智能制造', trl_min: 5, modes: ['licence'], budget_max: 800000, org_id: ent, status: 'published' })).json;
  assert.ok(ach.id && other.id && dem.id && ent);
});
after(async () => { await browser?.close(); await srv?.stop(); });

test('a broker opens a case from a match and moves it to a registered contract', async () => {
  const page = await sharedPage(browser, { lang: 'zh' });
  await loginAs(page, srv, 'broker');
  await open(page, srv.base, `/demands/${dem.id}`);
  const m = page.locator(`.match[data-id="${ach.id}"]`);
  await m.waitFor();
  await m.locator('.open-case').click();
  await page.waitForURL(/\/cases\/\d+$/);
  const caseId = Number(page.url().split('/').pop());
  assert.match(await page.locator('#case-match').textContent(), /^匹配度 \d+\/100/);
  for (const s of ['meeting', 'evaluation', 'negotiation']) {
    await page.selectOption('#case-advance select[name="status"]', s);
    await page.click('#case-advance button[type="submit"]');
    await page.waitForSelector(`.case-step[data-status="${s}"]`);
  }
  const c = await admin.post('/api/contracts', { reg_no: `${today.slice(0, 4)}210112000321`, type: 'licensing', seller: { org_id: uni }, buyer: { org_id: ent }, amount: 400000, tx_amount: 400000, signed_on: today });
  assert.equal(c.status, 201, c.text);
  await page.selectOption('#case-advance select[name="status"]', 'contracted');
  await page.fill('#case-advance input[name="contract_id"]', String(c.json.id));
  await page.click('#case-advance button[type="submit"]');
  await page.waitForSelector('#case-contract');
  assert.equal(await page.locator('#case-contract').textContent(), `#${c.json.id} (${today})`);
  assert.deepEqual(await page.locator('.case-step').evaluateAll((els) => els.map((e) => e.dataset.status)),
    ['first_contact', 'meeting', 'evaluation', 'negotiation', 'contracted']);
  await shot(page, 'case-contracted-zh');
  const en = await sharedPage(browser, { lang: 'en' });
  await loginAs(en, srv, 'broker');
  await open(en, srv.base, '/cases');
  const col = en.locator('.case-col[data-status="contracted"]');
  assert.match(await col.locator('h2').textContent(), /^Contract signed/);
  assert.equal(await col.locator(`.case[data-id="${caseId}"]`).count(), 1);
  assert.deepEqual(en.errors, []);
  // the dashboard's broker KPIs drill down to the case and its contract
  await loginAs(en, srv, 'reviewer');
  await open(en, srv.base, `/dashboard?year=${today.slice(0, 4)}`);
  const row = en.locator(`#broker-kpis tr[data-id="${(await srv.session('broker')).user.id}"]`);
  await row.waitFor();
  await row.locator('.kpi-drill').click();
  await en.locator('#kpi-trace li').first().waitFor();
  assert.match(await en.locator('#kpi-trace').textContent(), new RegExp(`contract #${c.json.id} signed ${today}`));
});

test('an enterprise declines a match with a reason and it disappears from its list', async () => {
  const email = `ent${Date.now()}@docking.test.cn`;
  assert.equal((await admin.post('/api/users', { email, role: 'member', org_id: ent, password: 'docking-e2e-pass-1' })).status, 201);
  const page = await sharedPage(browser, { lang: 'en' });
  await page.context().clearCookies();
  await open(page, srv.base, '/login', { reload: true });
  await page.fill('input[name="email"]', email);
  await page.fill('input[name="password"]', 'docking-e2e-pass-1');
  await page.click('.login-form button[type="submit"]');
  await page.waitForSelector('#logout-btn');
  await open(page, srv.base, `/demands/${dem.id}`);
  const m = page.locator(`.match[data-id="${other.id}"]`);
  await m.waitFor();
  await m.locator('select.fb-reason').selectOption('too_early');
  assert.equal(await m.locator('.fb-no').textContent(), 'Not interested');
  await m.locator('.fb-no').click();
  await m.waitFor({ state: 'detached' });
  await open(page, srv.base, `/demands/${dem.id}`, { reload: true });
  await page.locator('.match').first().waitFor();
  assert.equal(await page.locator(`.match[data-id="${other.id}"]`).count(), 0, 'still gone after a reload');
  const agg = await admin.get(`/api/achievements/${other.id}/feedback`);
  assert.deepEqual(agg.json.items, [{ verdict: 'not_interested', reason: 'too_early', count: 1 }]);
  await shot(page, 'match-declined-en');
});

test('the broker directory, searched by field, in both languages', async () => {
  for (const [lang, grade] of [['zh', '中级'], ['en', 'Middle']]) {
    const page = await sharedPage(browser, { lang });
    await page.context().clearCookies();
    await open(page, srv.base, '/brokers?field=' + encodeURIComponent('智能制造'), { reload: true });
    const card = page.locator('.broker').first();
    await card.waitFor();
    assert.match(await card.locator('.card-title').textContent(), new RegExp(grade));
    await open(page, srv.base, '/brokers?field=' + encodeURIComponent('不存在的领域'));
    await page.locator('#broker-list .state-empty').waitFor();
    await shot(page, `brokers-${lang}`);
  }
});

test('an event is created, attendees register and are checked in (zh, then en)', async () => {
  const date = `${new Date().getFullYear() + 1}-04-20`;
  const page = await sharedPage(browser, { lang: 'zh' });
  await loginAs(page, srv, 'org_admin');
  await open(page, srv.base, '/events');
  await page.fill('#event-create input[name="title"]', '专家企业行·装备制造');
  await page.selectOption('#event-create select[name="kind"]', 'expert_tour');
  await page.fill('#event-create input[name="starts_on"]', date);
  await page.fill('#event-create input[name="place"]', '沈阳浑南');
  await page.click('#event-create button[type="submit"]');
  const card = page.locator('.event', { hasText: '专家企业行·装备制造' });
  await card.waitFor();
  const id = await card.getAttribute('data-id');
  for (const role of ['member', 'broker']) {
    await loginAs(page, srv, role);
    await open(page, srv.base, '/events');
    await page.locator(`.event[data-id="${id}"] .register`).click();
    await page.locator(`.event[data-id="${id}"] .registered`).waitFor();
  }
  const en = await sharedPage(browser, { lang: 'en' });
  await loginAs(en, srv, 'org_admin');
  await open(en, srv.base, '/events');
  const ev = en.locator(`.event[data-id="${id}"]`);
  assert.equal(await ev.locator('.event-count').textContent(), '2 registered, 0 checked in');
  await ev.locator('summary').click();
  await ev.locator('.attendee').first().waitFor();
  await ev.locator('.attendee .checkin').first().click();
  await ev.locator('.attendee .status-ok').first().waitFor();
  assert.equal(await ev.locator('.attendee .status-ok').count(), 1);
  const csv = await admin.get(`/api/events/${id}/attendees?format=csv`);
  assert.equal(csv.text.trim().split('\r\n').length, 3);
  await shot(en, 'events-checkin-en');
});

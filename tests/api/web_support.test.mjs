// web_support.test.mjs - what the web UI needs from the API to be trusted
// (issue 18): the caller's permissions up front (GET /api/auth/session), every
// field error of a catalogue form at once (errors: [...]), and validation of
// inputs the UI used to accept silently (past deadline, overlong return
// reason, inverted price range), the statement CSV's BOM and the linked
// indicator definitions.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server, complete } from './lib.mjs';

let srv, admin;
before(async () => {
  srv = await Server.start();
  admin = await srv.session('admin');
});
after(async () => { await srv.stop(); });

// Guards against: the UI probing endpoints (401/403 console errors on every
// page) and showing buttons to roles that cannot use them.
test('GET /api/auth/session says who is asking and what the role may do, 200 for everyone', async () => {
  const anon = await srv.client().get('/api/auth/session');
  assert.equal(anon.status, 200);
  assert.equal(anon.json.user, null);
  assert.equal(anon.json.role, 'anonymous');
  assert.deepEqual(anon.json.can, {});
  const rev = await (await srv.session('reviewer')).get('/api/auth/session');
  assert.equal(rev.json.user.role, 'reviewer');
  assert.equal(rev.json.can['achievement.publish'], 'all');
  assert.equal(rev.json.can['achievement.update'], undefined);
  assert.equal(rev.json.can['booking.approve'], undefined);
  assert.equal(rev.json.can['contract.read'], 'all');
  assert.match(rev.json.csrf_token, /^[0-9a-f]{64}$/);
  const mem = await (await srv.session('member')).get('/api/auth/session');
  assert.equal(mem.json.can['achievement.update'], 'own');
  // Approval belongs to the instrument organisation's org_admins (issue #10),
  // so a member's UI offers no approval queue.
  assert.equal(mem.json.can['booking.approve'], undefined);
  const oa = await (await srv.session('org_admin')).get('/api/auth/session');
  assert.equal(oa.json.can['booking.approve'], 'own');
  assert.equal(mem.json.can['achievement.publish'], undefined);
  const broker = await (await srv.session('broker')).get('/api/auth/session');
  assert.equal(broker.json.can['booking.approve'], undefined);
  assert.equal(broker.json.can['booking.read'], 'own');
  const adm = await admin.get('/api/auth/session');
  assert.equal(adm.json.can['audit.read'], 'all');
});

// Guards against: one error per submit (an empty form took 8 submits).
test('catalogue create/update report every failing field at once', async () => {
  const a = await admin.post('/api/achievements', { contact: { email: 'nope' } });
  assert.equal(a.status, 400);
  assert.equal(a.json.field, 'title_zh', 'the first error stays in error/field');
  assert.deepEqual(a.json.errors.map((e) => e.field), ['title_zh', 'contact.email', 'trl', 'modes', 'owner_org_id']);
  assert.equal(a.json.errors[2].error, 'must be an integer from 1 to 9');
  const d = await admin.post('/api/demands', { budget_min: 5, budget_max: 1 });
  assert.equal(d.status, 400);
  assert.deepEqual(d.json.errors.map((e) => e.field), ['title_zh', 'desc_zh', 'budget_min', 'org_id']);
  const org = (await admin.post('/api/orgs', { name: '校验测试单位', kind: 'enterprise' })).json.id;
  const ok = await admin.post('/api/achievements', { title_zh: '校验测试', trl: 3, modes: ['transfer'], owner_org_id: org });
  assert.equal(ok.status, 201, ok.text);
  const up = await admin.patch(`/api/achievements/${ok.json.id}`, { reg_no: 'x', contact: { email: 'bad' } });
  assert.equal(up.status, 400);
  assert.deepEqual(up.json.errors.map((e) => e.field), ['contact.email', 'reg_no']);
});

// Guards against: a demand deadline in 2020 accepted; a 5,000-character return
// reason accepted; price_min > price_max silently returning nothing.
test('past deadlines, overlong return reasons and inverted price ranges are 400 naming the field', async () => {
  const org = (await admin.post('/api/orgs', { name: '期限测试单位', kind: 'enterprise' })).json.id;
  const past = await admin.post('/api/demands', { title_zh: '过期需求', desc_zh: '描述', org_id: org, deadline: '2020-05-01' });
  assert.equal(past.status, 400);
  assert.equal(past.json.field, 'deadline');
  assert.match(past.json.error, /must not be in the past/);
  const d = await admin.post('/api/demands', complete('demands', { title_zh: '有效需求', desc_zh: '描述', org_id: org, deadline: '2099-01-01', status: 'submitted' }));
  assert.equal(d.status, 201, d.text);
  assert.equal((await admin.patch(`/api/demands/${d.json.id}`, { deadline: '2021-01-01' })).json.field, 'deadline');
  assert.equal((await admin.patch(`/api/demands/${d.json.id}`, { title_en: 'kept deadline' })).status, 200, 'an unchanged deadline is not re-checked');
  const long = await admin.post(`/api/demands/${d.json.id}/return`, { reason: '理'.repeat(5000) });
  assert.equal(long.status, 400);
  assert.equal(long.json.field, 'reason');
  assert.match(long.json.error, /longer than 1000 characters/);
  assert.equal((await admin.post(`/api/demands/${d.json.id}/return`, { reason: '理'.repeat(1000) })).status, 200);
  const inv = await srv.client().get('/api/achievements?price_min=500&price_max=100');
  assert.equal(inv.status, 400);
  assert.equal(inv.json.field, 'price_min');
  assert.equal(inv.json.error, 'price_min: must not exceed price_max');
  assert.equal((await srv.client().get('/api/demands?budget_min=500&budget_max=100')).json.field, 'budget_min');
});

// Guards against: Excel garbling 东北大学 in the booking statement (no BOM).
test('the booking statement CSV starts with a UTF-8 BOM; /docs/indicators.md is served', async () => {
  const org = (await admin.post('/api/orgs', { name: '东北大学账单', kind: 'university' })).json.id;
  const res = await fetch(`${srv.base}/api/statements.csv?org=${org}&month=2026-11`, { headers: { cookie: admin.cookieHeader() } });
  assert.equal(res.status, 200);
  const bytes = new Uint8Array(await res.arrayBuffer());
  assert.deepEqual([...bytes.slice(0, 3)], [0xef, 0xbb, 0xbf]);
  const doc = await fetch(`${srv.base}/docs/indicators.md`);
  assert.equal(doc.status, 200);
  assert.match(doc.headers.get('content-type'), /^text\/plain/);
  assert.match(await doc.text(), /^# /);
  assert.equal((await fetch(`${srv.base}/docs/../Makefile.md`)).status, 404);
  assert.equal((await fetch(`${srv.base}/docs/sub/x.md`)).status, 404);
});

// brokers.test.mjs - issue #14 through the real server: the broker directory,
// consent-based representation (a broker acts only for organisations that
// consented, only within the consent, and revocation takes effect at once),
// docking cases from a match to a registered contract, contact requests that
// reveal staff contacts only after the owner accepts, and match feedback.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server, cli } from './lib.mjs';

let srv, admin, inst, uni, ent, brokerC, brokerId, uniAdmin, uniMember, entMember, ach, dem;
let seq = 0;
const uniq = () => `${Date.now().toString(36)}${++seq}`;
// The server's "today" is the platform's local date (UTC+8), not this machine's.
const today = new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10);

async function account(role, org) {
  const email = `${role}${uniq()}@brk.test.cn`;
  const r = await admin.post('/api/users', { email, role, org_id: org, password: 'broker-test-pass-1' });
  assert.equal(r.status, 201, r.text);
  const c = srv.client();
  assert.equal((await c.login(email, 'broker-test-pass-1')).status, 200);
  return c;
}

before(async () => {
  srv = await Server.start();
  admin = await srv.session('admin');
  inst = (await admin.post('/api/orgs', { name: '沈阳测试技术转移中心', kind: 'transfer', city: '沈阳' })).json;
  uni = (await admin.post('/api/orgs', { name: '测试大学', kind: 'university', city: '沈阳' })).json;
  ent = (await admin.post('/api/orgs', { name: '测试机床厂', kind: 'enterprise', city: '沈阳' })).json;
  brokerC = await account('broker', inst.id);
  brokerId = brokerC.user.id;
  uniAdmin = await account('org_admin', uni.id);
  uniMember = await account('member', uni.id);
  entMember = await account('member', ent.id);
  const p = await admin.put(`/api/brokers/${brokerId}`, { institution_id: inst.id, name: '王经纪', grade: 'senior', fields: ['智能制造', '新材料'], regions: ['沈阳', '大连'], cert_no: 'SY-2024-001', cert_date: '2024-05-01', cert_expiry: '2027-04-30' });
  assert.equal(p.status, 200, p.text);
  ach = (await admin.post('/api/achievements', { title_zh: '数控机床主轴热误差补偿技术', abstract_zh: '数控机床主轴热误差建模与实时补偿。', keywords: ['数控机床', '热误差补偿'], field: '智能制造', trl: 7, modes: ['licence'], price: 500000, owner_org_id: uni.id, status: 'published', contact: { name: '李老师', email: 'li@uni.test.cn', phone: '024-12345678' } })).json;
  dem = (await admin.post('/api/demands', { title_zh: '数控机床主轴热误差补偿需求', desc_zh: '主轴热变形导致精度下降，需要热误差补偿方案。', keywords: ['数控机床', '热误差补偿'], field: '智能制造', trl_min: 5, modes: ['licence'], budget_max: 800000, org_id: ent.id, status: 'published', contact: { name: '张工', email: 'zhang@ent.test.cn', phone: '13800000000' } })).json;
  assert.ok(ach.id && dem.id);
});
after(async () => { await srv.stop(); });

test('the public directory finds brokers by field and region; bad profiles are refused naming the field', async () => {
  const anon = srv.client();
  const r = await anon.get('/api/brokers?field=' + encodeURIComponent('新材料') + '&region=' + encodeURIComponent('大连'));
  assert.equal(r.status, 200);
  const mine = r.json.items.find((b) => b.user_id === brokerId);
  assert.deepEqual({ grade: mine.grade, institution: mine.institution, regions: mine.regions }, { grade: 'senior', institution: '沈阳测试技术转移中心', regions: ['沈阳', '大连'] });
  const none = await anon.get('/api/brokers?field=' + encodeURIComponent('生物医药') + '&region=' + encodeURIComponent('大连'));
  assert.ok(!none.json.items.some((b) => b.user_id === brokerId));
  assert.equal((await anon.get('/api/brokers?grade=guru')).json.field, 'grade');
  const bad = await admin.put(`/api/brokers/${brokerId}`, { institution_id: uni.id, name: 'x', grade: 'senior' });
  assert.deepEqual([bad.status, bad.json.field], [400, 'institution_id']);
  const grade = await admin.put(`/api/brokers/${brokerId}`, { institution_id: inst.id, name: 'x', grade: 'expert' });
  assert.deepEqual([grade.status, grade.json.field], [400, 'grade']);
});

// Defect guarded: a linked broker acted for an organisation without its consent.
test('a broker acts only with consent, within its scope; revocation takes effect at once', async () => {
  const draft = () => brokerC.post('/api/achievements', { title_zh: `代理发布${uniq()}`, abstract_zh: '测试。', trl: 4, modes: ['licence'], owner_org_id: uni.id, status: 'draft' });
  assert.equal((await draft()).status, 403, 'no consent yet');
  const req = await brokerC.post('/api/representations', { org_id: uni.id, scope: ['listings'] });
  assert.equal(req.status, 201, req.text);
  assert.equal(req.json.status, 'requested');
  assert.equal((await draft()).status, 403, 'requested is not consented');
  assert.equal((await brokerC.post('/api/representations', { org_id: uni.id })).status, 409, 'one live request');
  assert.equal((await uniMember.post(`/api/representations/${brokerId}/${uni.id}/consent`)).status, 403, 'a member cannot consent');
  const entAdmin = await account('org_admin', ent.id);
  assert.equal((await entAdmin.post(`/api/representations/${brokerId}/${uni.id}/consent`)).status, 403, 'another org cannot consent');
  const ok = await uniAdmin.post(`/api/representations/${brokerId}/${uni.id}/consent`, { note: '同意代理成果发布' });
  assert.deepEqual([ok.status, ok.json.status], [200, 'consented']);
  const d1 = await draft();
  assert.equal(d1.status, 201, 'consented for listings: ' + d1.text);
  const contract = await brokerC.post('/api/contracts', { reg_no: '2026210112000001', type: 'licensing', seller: { org_id: uni.id }, buyer: { name: '某企业' }, amount: 100000, signed_on: '2026-01-05' });
  assert.equal(contract.status, 403, 'contracts are outside the consent: ' + contract.text);
  const list = await uniAdmin.get(`/api/representations?org_id=${uni.id}`);
  assert.deepEqual(list.json.items.map((x) => [x.broker_id, x.status, x.scope]), [[brokerId, 'consented', ['listings']]]);
  const rev = await uniAdmin.post(`/api/representations/${brokerId}/${uni.id}/revoke`);
  assert.deepEqual([rev.status, rev.json.status], [200, 'revoked']);
  assert.equal((await draft()).status, 403, 'revoked: denied on the next request');
  const again = await uniAdmin.post(`/api/representations/${brokerId}/${uni.id}/consent`);
  assert.deepEqual([again.status, again.json.field], [409, 'status']);
});

test('a case opened from a match keeps the match as it was, and moves to a registered contract', async () => {
  const m = await admin.get(`/api/demands/${dem.id}/matches`);
  const hit = m.json.items.find((x) => x.achievement.id === ach.id);
  assert.ok(hit, 'the pair is a match');
  const k = await brokerC.post('/api/cases', { achievement_id: ach.id, demand_id: dem.id, origin: 'match', note: '首次联系双方' });
  assert.equal(k.status, 201, k.text);
  assert.deepEqual([k.json.status, k.json.broker_id, k.json.institution_id, k.json.seeker_org_id, k.json.owner_org_id], ['first_contact', brokerId, inst.id, ent.id, uni.id]);
  assert.equal(k.json.match_strength, hit.strength);
  assert.ok(Math.abs(k.json.match_score - hit.score) < 1e-6);
  assert.match(k.json.match_explanation, /数控机床/);
  const id = k.json.id;
  const mv = (b, who = brokerC) => who.post(`/api/cases/${id}/advance`, b);
  assert.equal((await mv({ status: 'meeting', note: '双方见面', attachments: [{ name: '会议纪要.pdf', bytes: 20480, sha256: 'a'.repeat(64) }] })).status, 200);
  const back = await mv({ status: 'first_contact' });
  assert.deepEqual([back.status, back.json.field], [409, 'status']);
  assert.equal((await mv({ status: 'evaluation' })).status, 200);
  assert.equal((await mv({ status: 'contracted' })).json.field, 'contract_id');
  assert.equal((await mv({ status: 'closed' })).json.field, 'close_reason');
  assert.equal((await mv({ status: 'negotiation' }, srv.client())).status, 401);
  assert.equal((await mv({ status: 'negotiation' }, await account('member', inst.id))).status, 403, 'not a party');
  assert.equal((await mv({ status: 'negotiation' }, entMember)).status, 200, 'a party moves it too');
  const c = await admin.post('/api/contracts', { reg_no: '2026210112000777', type: 'licensing', seller: { org_id: uni.id }, buyer: { org_id: ent.id }, amount: 450000, tx_amount: 450000, signed_on: today });
  assert.equal(c.status, 201, c.text);
  const done = await mv({ status: 'contracted', contract_id: c.json.id, on_date: today });
  assert.equal(done.status, 200, done.text);
  assert.deepEqual([done.status, done.json.status, done.json.contract_id, done.json.contracted_on], [200, 'contracted', c.json.id, today]);
  const full = await entMember.get(`/api/cases/${id}`);
  assert.deepEqual(full.json.steps.map((s) => s.status), ['first_contact', 'meeting', 'evaluation', 'negotiation', 'contracted']);
  assert.equal(full.json.steps[1].attachments, `会议纪要.pdf|20480|${'a'.repeat(64)}`);
  assert.equal((await uniMember.get('/api/cases')).json.items.some((x) => x.id === id), true);
  assert.equal((await (await account('member', inst.id)).get(`/api/cases/${id}`)).status, 403);
});

// Defect guarded: every detail page exposed staff e-mail and phone to anonymous scrapers.
test('contacts are hidden from anonymous visitors and revealed to the other party once the owner accepts', async () => {
  const anon = srv.client();
  for (const path of [`/api/achievements/${ach.id}`, `/api/demands/${dem.id}`]) {
    const r = await anon.get(path);
    assert.deepEqual([r.json.contact.email, r.json.contact.phone], [null, null], path);
  }
  const listed = await anon.get('/api/achievements?limit=100');
  assert.ok(listed.json.items.every((x) => x.contact.email === null && x.contact.phone === null));
  const matched = await anon.get(`/api/demands/${dem.id}/matches`);
  assert.ok(matched.json.items.every((x) => x.achievement.contact.email === null));
  assert.equal((await anon.post('/api/match', { text: '热误差补偿' })).json.items.every((x) => x.achievement.contact.email === null), true);
  assert.equal((await uniMember.get(`/api/achievements/${ach.id}`)).json.contact.email, 'li@uni.test.cn', 'the owner sees its own');
  assert.equal((await entMember.get(`/api/achievements/${ach.id}`)).json.contact.email, null, 'not before acceptance');

  assert.equal((await anon.post('/api/contacts', { kind: 'achievement', listing_id: ach.id, message: 'hi' })).status, 401);
  const r = await entMember.post('/api/contacts', { kind: 'achievement', listing_id: ach.id, message: '我司希望对接主轴热误差补偿技术' });
  assert.equal(r.status, 201, r.text);
  assert.deepEqual([r.json.status, r.json.to_org, r.json.from_org], ['pending', uni.id, ent.id]);
  const inbox = await uniAdmin.get('/api/contacts?box=in');
  assert.equal(inbox.json.items[0].message, '我司希望对接主轴热误差补偿技术');
  const kase = await entMember.get(`/api/cases/${r.json.case_id}`);
  assert.deepEqual([kase.json.origin, kase.json.status, kase.json.steps[0].note], ['contact', 'first_contact', '我司希望对接主轴热误差补偿技术']);
  assert.equal((await entMember.post(`/api/contacts/${r.json.id}/accept`)).status, 403, 'only the owner decides');
  const acc = await uniAdmin.post(`/api/contacts/${r.json.id}/accept`);
  assert.deepEqual([acc.status, acc.json.status], [200, 'accepted']);
  const seen = await entMember.get(`/api/achievements/${ach.id}`);
  assert.deepEqual([seen.json.contact.email, seen.json.contact.phone], ['li@uni.test.cn', '024-12345678']);
  assert.equal((await anon.get(`/api/achievements/${ach.id}`)).json.contact.email, null, 'still hidden from others');
  const r2 = await entMember.post('/api/contacts', { kind: 'achievement', listing_id: ach.id, message: '再次联系' });
  const noReason = await uniAdmin.post(`/api/contacts/${r2.json.id}/decline`);
  assert.deepEqual([noReason.status, noReason.json.field], [400, 'reason']);
  const dec = await uniAdmin.post(`/api/contacts/${r2.json.id}/decline`, { reason: 'too_early' });
  assert.deepEqual([dec.json.status, dec.json.reason], ['declined', 'too_early']);
  assert.equal((await admin.get(`/api/cases/${r2.json.case_id}`)).json.status, 'closed');
});

test('feedback: one per party and pair, the declined pair leaves the list, owners see the aggregate', async () => {
  const d2 = (await admin.post('/api/demands', { title_zh: '主轴热误差补偿改造', desc_zh: '数控机床主轴热误差补偿。', keywords: ['数控机床'], field: '智能制造', org_id: ent.id, status: 'published' })).json;
  const before = await entMember.get(`/api/demands/${d2.id}/matches`);
  assert.ok(before.json.items.some((x) => x.achievement.id === ach.id));
  const body = { achievement_id: ach.id, demand_id: d2.id, verdict: 'not_interested', reason: 'too_early' };
  const f1 = await entMember.put('/api/feedback', body);
  assert.equal(f1.status, 201, f1.text);
  const f2 = await entMember.put('/api/feedback', { ...body, reason: 'price' });
  assert.deepEqual([f2.status, f2.json.id, f2.json.reason], [200, f1.json.id, 'price'], 'idempotent: the same row');
  const after1 = await entMember.get(`/api/demands/${d2.id}/matches`);
  assert.ok(!after1.json.items.some((x) => x.achievement.id === ach.id), 'declined: not shown again');
  assert.equal((await entMember.put('/api/feedback', { ...body, party_org_id: uni.id })).status, 403, 'not for another organisation');
  assert.equal((await entMember.put('/api/feedback', { ...body, reason: undefined })).json.field, 'reason');
  assert.equal((await entMember.put('/api/feedback', { ...body, reason: 'other' })).json.field, 'note');
  const agg = await uniMember.get(`/api/achievements/${ach.id}/feedback`);
  assert.deepEqual(agg.json.items, [{ verdict: 'not_interested', reason: 'price', count: 1 }]);
  assert.equal((await entMember.get(`/api/achievements/${ach.id}/feedback`)).status, 403);
  const back = await entMember.put('/api/feedback', { ...body, verdict: 'interested', reason: undefined });
  assert.equal(back.status, 200);
  assert.ok((await entMember.get(`/api/demands/${d2.id}/matches`)).json.items.some((x) => x.achievement.id === ach.id), 'changed mind: shown again');
});

test('CLI: the directory, consent from the command line, bad input exits 2', async () => {
  const j = cli(['broker', 'list', '--db', srv.db, '--field', '新材料']);
  assert.equal(j.code, 0, j.stderr);
  const rows = j.stdout.trim().split('\n').map((l) => l.split('\t'));
  assert.ok(rows.some((b) => b[0] === String(brokerId) && b[2] === 'senior'));
  assert.equal(cli(['broker', 'consent', '--db', srv.db, '--user', String(brokerId)]).code, 2);
  const bad = cli(['broker', 'set', '--db', srv.db, '--user', String(brokerId), '--institution', String(inst.id), '--name', 'x', '--grade', 'guru']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /^grade: /);
  const again = cli(['broker', 'revoke', '--db', srv.db, '--user', String(brokerId), '--org', String(uni.id)]);
  assert.equal(again.code, 2, 'already revoked: a state error');
  assert.match(again.stderr, /^status: /);
});

// Must hold (issue #14): a KPI figure traces to its contracts; a contract
// registered without a case counts for no broker.
test('KPIs come only from registered contracts reached through cases, and trace to them', async () => {
  const year = today.slice(0, 4), q = `since=${year}-01-01&until=${year}-12-31`;
  const reviewer = await srv.session('reviewer');
  const k = (await reviewer.get(`/api/kpi?by=broker&id=${brokerId}&${q}`)).json.items[0];
  assert.deepEqual({ contracts: k.contracts, tx_amount: k.tx_amount, cases_contracted: k.cases_contracted, median_days: k.median_days },
    { contracts: 1, tx_amount: 450000, cases_contracted: 1, median_days: 0 });
  assert.ok(k.cases_opened >= 1);
  // a contract between the same parties, registered without a case
  const lone = await admin.post('/api/contracts', { reg_no: `${year}210112000888`, type: 'licensing', seller: { org_id: uni.id }, buyer: { org_id: ent.id }, amount: 990000, tx_amount: 990000, signed_on: today });
  assert.equal(lone.status, 201, lone.text);
  const after1 = (await reviewer.get(`/api/kpi?by=broker&id=${brokerId}&${q}`)).json.items[0];
  assert.deepEqual([after1.contracts, after1.tx_amount], [1, 450000], 'a contract without a case counts for nobody');
  const all = (await reviewer.get(`/api/kpi?by=broker&${q}`)).json.items;
  assert.ok(!all.some((x) => x.tx_amount >= 990000));
  const trace = (await reviewer.get(`/api/kpi/trace?by=broker&id=${brokerId}&${q}`)).json.items;
  const counted = trace.filter((x) => x.contract_id !== null);
  assert.equal(counted.reduce((s, x) => s + x.tx_amount, 0), k.tx_amount, 'the figure is the sum of its contracts');
  assert.equal(counted.length, k.contracts);
  assert.ok(!counted.some((x) => x.contract_id === lone.json.id));
  const inst1 = (await reviewer.get(`/api/kpi?by=institution&id=${inst.id}&${q}`)).json.items[0];
  assert.deepEqual([inst1.contracts, inst1.tx_amount], [1, 450000]);
  assert.equal((await brokerC.get(`/api/kpi?by=broker&id=${brokerId}&${q}`)).status, 200, 'a broker sees their own');
  assert.equal((await brokerC.get(`/api/kpi?by=institution&id=${inst.id}&${q}`)).status, 403);
  assert.equal((await uniMember.get(`/api/kpi?by=broker&${q}`)).status, 403);
  assert.equal((await reviewer.get(`/api/kpi?by=person&${q}`)).json.field, 'by');
  assert.equal((await reviewer.get(`/api/kpi?by=broker&since=${year}-12-31&until=${year}-01-01`)).json.field, 'until');
});

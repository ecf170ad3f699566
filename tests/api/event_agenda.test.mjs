// event_agenda.test.mjs - an event after its creation (issue #14): the
// organiser edits it while planned, records it held with its outcome or
// cancels it (cancelled is final, 409 naming the status), keeps its agenda of
// achievements presented and demands discussed (published listings only,
// public to read), and reads its outcomes: the cases opened at the event and
// the registered contracts they reached. Guards against events frozen at
// creation, an agenda that can reference drafts or nothing, anyone but the
// organiser writing, and outcomes that do not trace to their contracts.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server } from './lib.mjs';

let srv, admin, reviewer, orgAdmin, member, broker, anon, org, ach, dem, draft;
// The server runs on 15 December 2026 whatever the real date: "past" (10
// January) is then past and "future" ahead (issue #19: on the real clock
// this file failed from 1 to 9 January, found by a faketime run).
const AT = '2026-12-15T02:00:00Z', year = 2026;
const past = `${year}-01-10`, future = `${year + 1}-05-20`;

before(async () => {
  srv = await Server.start({ at: AT });
  admin = await srv.session('admin');
  reviewer = await srv.session('reviewer');
  orgAdmin = await srv.session('org_admin');
  member = await srv.session('member');
  broker = await srv.session('broker');
  anon = srv.client();
  org = orgAdmin.user.org_id;
  const ent = (await admin.post('/api/orgs', { name: '路演测试企业', kind: 'enterprise', city: '沈阳' })).json.id;
  ach = (await admin.post('/api/achievements', { title_zh: '路演展示成果', abstract_zh: '测试。', trl: 6, modes: ['transfer'], owner_org_id: org, status: 'published' })).json.id;
  draft = (await admin.post('/api/achievements', { title_zh: '未发布成果', abstract_zh: '测试。', trl: 6, modes: ['transfer'], owner_org_id: org, status: 'draft' })).json.id;
  dem = (await admin.post('/api/demands', { title_zh: '路演讨论需求', desc_zh: '测试。', org_id: ent, status: 'published' })).json.id;
  assert.ok(ach && draft && dem);
});
after(async () => { await srv.stop(); });

const create = async (over = {}) => {
  const r = await orgAdmin.post('/api/events', { kind: 'roadshow', title: '新材料成果路演', starts_on: future, place: '沈阳浑南', capacity: 50, ...over });
  assert.equal(r.status, 201, r.text);
  return r.json.id;
};

test('the organiser edits a planned event; others may not; bad input names the field', async () => {
  const id = await create();
  assert.equal((await anon.patch(`/api/events/${id}`, { title: 'x' })).status, 401);
  for (const c of [member, broker]) assert.equal((await c.patch(`/api/events/${id}`, { title: 'x' })).status, 403);
  const r = await orgAdmin.patch(`/api/events/${id}`, { title: '新材料成果路演（第二场）', online: true, place: null, capacity: 80, ends_on: `${year + 1}-05-21` });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual([r.json.title, r.json.online, r.json.capacity, r.json.ends_on], ['新材料成果路演（第二场）', true, 80, `${year + 1}-05-21`]);
  for (const [body, field] of [[{ ends_on: `${year + 1}-05-01` }, 'ends_on'], [{ kind: 'party' }, 'kind'], [{ starts_on: 'soon' }, 'starts_on'],
    [{ online: 'yes' }, 'online'], [{ colour: 'red' }, 'colour']]) {
    const bad = await orgAdmin.patch(`/api/events/${id}`, body);
    assert.equal(bad.status, 400, bad.text);
    assert.equal(bad.json.field, field);
  }
  assert.equal((await member.post(`/api/events/${id}/register`, {})).status, 201);
  assert.equal((await broker.post(`/api/events/${id}/register`, {})).status, 201);
  const cap = await orgAdmin.patch(`/api/events/${id}`, { capacity: 1 });
  assert.deepEqual([cap.status, cap.json.field], [409, 'capacity']);
  assert.equal((await reviewer.patch(`/api/events/${id}`, { capacity: 2 })).status, 200, 'the bureau organises too');
  assert.equal((await anon.get(`/api/events/${id}`)).json.capacity, 2);
});

test('held or cancelled: planned -> held (not before it starts) or cancelled; cancelled is final', async () => {
  const soon = await create();
  const early = await orgAdmin.post(`/api/events/${soon}/status`, { status: 'held' });
  assert.deepEqual([early.status, early.json.field], [409, 'status']);
  const c = await orgAdmin.post(`/api/events/${soon}/status`, { status: 'cancelled', outcome: '场地调整，改期' });
  assert.deepEqual([c.status, c.json.status, c.json.outcome], [200, 'cancelled', '场地调整，改期']);
  const again = await orgAdmin.post(`/api/events/${soon}/status`, { status: 'held' });
  assert.equal(again.status, 409);
  assert.match(again.json.error, /cancelled/);
  assert.equal((await orgAdmin.patch(`/api/events/${soon}`, { title: 'x' })).status, 409);
  assert.equal((await orgAdmin.post(`/api/events/${soon}/status`, { status: 'planned' })).json.field, 'status');
  const done = await create({ starts_on: past });
  assert.equal((await member.post(`/api/events/${done}/status`, { status: 'held' })).status, 403);
  const h = await orgAdmin.post(`/api/events/${done}/status`, { status: 'held', outcome: '12家企业参会' });
  assert.deepEqual([h.status, h.json.status], [200, 'held']);
  const more = await orgAdmin.post(`/api/events/${done}/status`, { status: 'held', outcome: '12家企业参会，达成3项意向' });
  assert.equal(more.json.outcome, '12家企业参会，达成3项意向');
});

test('the agenda: published achievements presented and demands discussed, public to read', async () => {
  const id = await create();
  assert.equal((await member.post(`/api/events/${id}/items`, { kind: 'achievement', item_id: ach })).status, 403);
  const bad = await orgAdmin.post(`/api/events/${id}/items`, { kind: 'achievement', item_id: draft });
  assert.deepEqual([bad.status, bad.json.field], [400, 'item_id']);
  assert.equal((await orgAdmin.post(`/api/events/${id}/items`, { kind: 'achievement', item_id: 999999 })).json.field, 'item_id');
  assert.equal((await orgAdmin.post(`/api/events/${id}/items`, { kind: 'patent', item_id: ach })).json.field, 'kind');
  assert.equal((await orgAdmin.post(`/api/events/${id}/items`, { kind: 'achievement', item_id: ach })).status, 200);
  const r = await orgAdmin.post(`/api/events/${id}/items`, { kind: 'demand', item_id: dem });
  assert.equal(r.status, 200, r.text);
  const pub = await anon.get(`/api/events/${id}/items`);
  assert.deepEqual(pub.json.items.map((x) => [x.kind, x.item_id, x.title]), [['achievement', ach, '路演展示成果'], ['demand', dem, '路演讨论需求']]);
  const rm = await orgAdmin.del(`/api/events/${id}/demands/${dem}`);
  assert.deepEqual(rm.json.items.map((x) => x.item_id), [ach]);
  assert.equal((await orgAdmin.del(`/api/events/${id}/demands/${dem}`)).status, 404);
});

test('outcomes: the cases opened at the event and the contracts they reached, for the organiser and the bureau', async () => {
  const id = await create({ starts_on: past });
  const k = await admin.post('/api/cases', { achievement_id: ach, demand_id: dem, origin: 'event', event_id: id, opened_on: past });
  assert.equal(k.status, 201, k.text);
  const k2 = await admin.post('/api/cases', { achievement_id: ach, origin: 'event', event_id: id, opened_on: past });
  assert.equal(k2.status, 201, k2.text);
  assert.equal((await admin.post(`/api/cases/${k.json.id}/advance`, { status: 'negotiation' })).status, 200);
  const signed = `${year}-03-01`;
  const c = await admin.post('/api/contracts', { reg_no: `${year}210112000901`, type: 'transfer', subtype: 'technical_secret', seller: { org_id: org },
    buyer: { name: '路演买方' }, amount: 300000, tx_amount: 250000, signed_on: signed, achievement_id: ach });
  assert.equal(c.status, 201, c.text);
  assert.equal((await admin.post(`/api/cases/${k.json.id}/advance`, { status: 'contracted', contract_id: c.json.id, on_date: signed })).status, 200);
  assert.equal((await anon.get(`/api/events/${id}/outcomes`)).status, 401);
  assert.equal((await member.get(`/api/events/${id}/outcomes`)).status, 403);
  const o = await orgAdmin.get(`/api/events/${id}/outcomes`);
  assert.equal(o.status, 200, o.text);
  assert.deepEqual([o.json.cases_opened, o.json.cases_contracted, o.json.contracts, o.json.tx_amount], [2, 1, 1, 250000]);
  assert.deepEqual(o.json.cases.filter((x) => x.contract_id).map((x) => [x.case_id, x.contract_id]), [[k.json.id, c.json.id]]);
  assert.equal(o.json.tx_amount, o.json.cases.reduce((s, x) => s + (x.tx_amount ?? 0), 0), 'the figure is the sum of its contracts');
  assert.equal((await reviewer.get(`/api/events/${id}/outcomes`)).status, 200);
  // the per-event KPI agrees with the outcomes and names the event (dashboard table)
  const kpi = (await reviewer.get(`/api/kpi?by=event&since=${year}-01-01&until=${year}-12-31&id=${id}`)).json.items[0];
  assert.deepEqual([kpi.name, kpi.cases_opened, kpi.contracts, kpi.tx_amount], ['新材料成果路演', 2, 1, 250000]);
  const inst = (await reviewer.get(`/api/kpi?by=event&since=${year}-01-01&until=${year}-12-31`)).json.items;
  assert.ok(inst.every((k) => typeof k.name === 'string'));
});

// alliances.test.mjs - the registries of industry-university-research
// alliances and of service agencies (issue #15), against the real server.
// Guards against: registries that are not public; anyone but the bureau
// registering an alliance, or an org_admin editing an alliance their
// organisation does not lead; members counted without the lead; the
// substantive rule not looking at the year asked; a service profile on an
// organisation that is not an agency or transfer institution, or with a
// service outside the list; enterprises served typed in rather than derived
// from cases and contracts; bad input answered without the field named.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server } from './lib.mjs';

let srv, admin, reviewer, orgAdmin, member, broker, anon, lead, ent1, ent2, agencyOrg, other;
before(async () => {
  srv = await Server.start();
  admin = await srv.session('admin');
  reviewer = await srv.session('reviewer');
  orgAdmin = await srv.session('org_admin');
  member = await srv.session('member');
  broker = await srv.session('broker');
  anon = srv.client();
  lead = orgAdmin.user.org_id;
  const org = async (name, kind, extra = {}) => {
    const r = await admin.post('/api/orgs', { name, kind, city: '沈阳', ...extra });
    assert.equal(r.status, 201, r.text);
    return r.json.id;
  };
  ent1 = await org('联盟测试企业一', 'enterprise');
  ent2 = await org('联盟测试企业二', 'enterprise');
  other = await org('联盟测试研究院', 'institute');
  agencyOrg = await org('浑南区知识产权服务中心', 'agency', { district: '浑南区' });
});
after(async () => { await srv.stop(); });

const body = (over = {}) => ({ name: '辽宁省机器人产业技术创新战略联盟', name_en: 'Liaoning Robotics Industrial Technology Innovation Strategic Alliance',
  field: '智能制造', level: 'provincial', city: '沈阳', founded_on: '2016-03-01', lead_org_id: lead,
  members: [{ org_id: ent1, role: 'vice_lead' }], ...over });

test('only the bureau registers an alliance; bad input names the field; the lead is a member', async () => {
  assert.equal((await anon.post('/api/alliances', body())).status, 401);
  for (const who of [member, orgAdmin, broker]) assert.equal((await who.post('/api/alliances', body())).status, 403);
  for (const [over, field] of [[{ level: 'county' }, 'level'], [{ founded_on: '2016-13-01' }, 'founded_on'],
    [{ lead_org_id: 999999 }, 'lead_org_id'], [{ members: [{ org_id: 999999 }] }, 'members'],
    [{ members: [{ org_id: ent1, role: 'lead' }] }, 'members'], [{ members: 'x' }, 'members'], [{ colour: 1 }, 'colour']]) {
    const r = await reviewer.post('/api/alliances', body(over));
    assert.equal(r.status, 400, r.text);
    assert.equal(r.json.field, field);
  }
  const r = await reviewer.post('/api/alliances', body());
  assert.equal(r.status, 201, r.text);
  assert.deepEqual(r.json.members.map((m) => [m.org_id, m.role]), [[lead, 'lead'], [ent1, 'vice_lead']]);
  assert.equal(r.json.member_count, 2);
  assert.equal(r.json.substantive, false);
  assert.deepEqual(r.json.activities, []);
});

test('members and activities: the bureau or the lead organisation\'s org_admin, nobody else', async () => {
  const id = (await reviewer.post('/api/alliances', body({ name: '成员测试联盟' }))).json.id;
  const foreign = (await reviewer.post('/api/alliances', body({ name: '他人牵头联盟', lead_org_id: other, members: [] }))).json.id;
  assert.equal((await anon.post(`/api/alliances/${id}/members`, { org_id: ent2 })).status, 401);
  assert.equal((await member.post(`/api/alliances/${id}/members`, { org_id: ent2 })).status, 403);
  assert.equal((await broker.post(`/api/alliances/${id}/members`, { org_id: ent2 })).status, 403);
  assert.equal((await orgAdmin.post(`/api/alliances/${foreign}/members`, { org_id: ent2 })).status, 403);
  const bad = await orgAdmin.post(`/api/alliances/${id}/members`, { org_id: ent2, role: 'lead' });
  assert.equal(bad.status, 400);
  assert.equal(bad.json.field, 'role');
  assert.equal((await orgAdmin.post(`/api/alliances/999999/members`, { org_id: ent2 })).status, 404);
  const ok = await orgAdmin.post(`/api/alliances/${id}/members`, { org_id: ent2 });
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.json.member_count, 3);
  // three members with a research and an industry side; substantive only in a year with an activity
  const early = await orgAdmin.post(`/api/alliances/${id}/activities`, { held_on: '2015-01-01', title: '成立前' });
  assert.equal(early.status, 400);
  assert.equal(early.json.field, 'held_on');
  const act = await orgAdmin.post(`/api/alliances/${id}/activities`, { held_on: '2023-06-18', title: '机器人技术对接会' });
  assert.equal(act.status, 201, act.text);
  assert.equal((await anon.get(`/api/alliances/${id}?year=2023`)).json.substantive, true);
  assert.equal((await anon.get(`/api/alliances/${id}?year=2022`)).json.substantive, false);
  const list = await anon.get('/api/alliances?year=2023&substantive=1&q=成员测试');
  assert.deepEqual(list.json.items.map((x) => x.id), [id]);
  assert.equal((await anon.get('/api/alliances?year=2022&substantive=1&q=成员测试')).json.total, 0);
  assert.equal((await anon.get('/api/alliances?substantive=yes')).json.field, 'substantive');
  assert.deepEqual((await anon.get(`/api/alliances?member=${ent2}`)).json.items.map((x) => x.id), [id]);
});

test('the registry\'s totals are the sums of its records', async () => {
  const s = await anon.get('/api/alliances/stats?year=2023');
  assert.equal(s.status, 200);
  const all = (await anon.get('/api/alliances?limit=500&year=2023')).json.items;
  assert.equal(s.json.alliances, all.length);
  assert.equal(s.json.memberships, all.reduce((n, x) => n + x.member_count, 0));
  assert.equal(s.json.substantive, all.filter((x) => x.substantive).length);
  const orgs = new Set();
  for (const x of all) for (const m of (await anon.get(`/api/alliances/${x.id}`)).json.members) orgs.add(m.org_id);
  assert.equal(s.json.member_orgs, orgs.size);
});

test('service agencies: profile by the bureau, public listing, counts; only agencies, only listed services', async () => {
  const prof = { level: 'city', year: 2019, services: ['ip', 'finance'], regions: ['沈阳', '浑南区'], description: '专利代理与科技金融' };
  assert.equal((await anon.put(`/api/agencies/${agencyOrg}`, prof)).status, 401);
  assert.equal((await orgAdmin.put(`/api/agencies/${agencyOrg}`, prof)).status, 403); // not their organisation
  for (const [over, field, status] of [[{ services: ['ip', 'astrology'] }, 'services', 400], [{ services: [] }, 'services', 400],
    [{ level: 'township' }, 'level', 400], [{ year: 1800 }, 'year', 400]]) {
    const r = await reviewer.put(`/api/agencies/${agencyOrg}`, { ...prof, ...over });
    assert.equal(r.status, status, r.text);
    assert.equal(r.json.field, field);
  }
  const notAgency = await reviewer.put(`/api/agencies/${ent1}`, prof);
  assert.equal(notAgency.status, 400);
  assert.equal(notAgency.json.field, 'org_id');
  assert.equal((await reviewer.put('/api/agencies/999999', prof)).status, 404);
  const r = await reviewer.put(`/api/agencies/${agencyOrg}`, prof);
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json.services, ['ip', 'finance']);
  assert.equal(r.json.enterprises_served, 0);
  assert.deepEqual(r.json.clients, []);
  const l = await anon.get('/api/agencies?service=ip&district=浑南区&year_to=2020');
  assert.deepEqual(l.json.items.map((x) => x.org_id), [agencyOrg]);
  assert.equal((await anon.get('/api/agencies?service=testing')).json.total, 0);
  const c = await anon.get('/api/agencies/counts?by=service');
  assert.deepEqual(c.json.items.map((x) => [x.key, x.count]), [['finance', 1], ['ip', 1]]);
  assert.equal(c.json.total, 1);
  assert.equal((await anon.get('/api/agencies/counts?by=name')).json.field, 'by');
  const sv = await anon.get('/api/agencies/services');
  assert.equal(sv.json.items.find((x) => x.key === 'testing').en, 'inspection and testing');
});

test('an agency\'s own org_admin edits its profile (own organisation)', async () => {
  const email = 'agency-admin@example.cn', password = 'agency-admin-pass-2026-x';
  const u = await admin.post('/api/users', { email, password, role: 'org_admin', org_id: agencyOrg, name: '服务中心管理员' });
  assert.equal(u.status, 201, u.text);
  const c = srv.client();
  assert.equal((await c.login(email, password)).status, 200);
  const r = await c.put(`/api/agencies/${agencyOrg}`, { level: 'city', year: 2019, services: 'ip,testing' });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json.services, ['ip', 'testing']);
});

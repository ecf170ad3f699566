// platforms.test.mjs - the registry of innovation platforms (issue #15).
// Guards against: kinds frozen in code (a kind is a row, and an unknown kind
// is a 400 naming the field); a registry that is not public; anyone but the
// bureau registering or revoking; an illegal status change (revoked is final:
// 409 naming the current status); links that point at nothing, or that can
// only be followed one way.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server } from './lib.mjs';

let srv, admin, reviewer, member, anon, host;
before(async () => {
  srv = await Server.start();
  admin = await srv.session('admin');
  reviewer = await srv.session('reviewer');
  member = await srv.session('member');
  anon = srv.client();
  host = member.user.org_id;
});
after(async () => { await srv.stop(); });

const body = (over = {}) => ({ name: '辽宁省先进材料重点实验室', name_en: 'Liaoning Key Laboratory of Advanced Materials',
  kind: 'key_lab', level: 'provincial', city: '沈阳', district: '浑南区', approval_body: '辽宁省科学技术厅',
  batch: '2019', year: 2019, field: '新材料', hosts: [host], ...over });

test('kinds come from the table, in both languages, for everyone', async () => {
  const r = await anon.get('/api/platforms/kinds');
  assert.equal(r.status, 200);
  const k = Object.fromEntries(r.json.items.map((x) => [x.key, x]));
  assert.equal(k.pilot_base.zh, '中试基地');
  assert.equal(k.transfer_demo.en, 'technology-transfer demonstration institution');
  assert.equal(r.json.items.length, 11);
});

test('only the bureau registers; bad input names the field', async () => {
  assert.equal((await anon.post('/api/platforms', body())).status, 401);
  assert.equal((await member.post('/api/platforms', body())).status, 403);
  for (const [over, field] of [[{ kind: 'castle' }, 'kind'], [{ level: 'county' }, 'level'], [{ year: 1800 }, 'year'], [{ hosts: [999999] }, 'hosts']]) {
    const r = await reviewer.post('/api/platforms', body(over));
    assert.equal(r.status, 400, r.text);
    assert.equal(r.json.field, field);
  }
  const r = await reviewer.post('/api/platforms', body());
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.status, 'active');
  assert.deepEqual(r.json.hosts, [host]);
});

test('public browse with filters and counts by kind, level, district and year', async () => {
  await reviewer.post('/api/platforms', body({ name: '沈阳工业机器人技术创新中心', kind: 'tech_innovation_centre', level: 'city', district: null, year: 2021 }));
  await reviewer.post('/api/platforms', body({ name: '国家级企业技术中心甲', kind: 'enterprise_tech_centre', level: 'national', city: '大连', district: null, year: 2022, batch: '第29批' }));
  const l = await anon.get('/api/platforms?city=沈阳&year_to=2020');
  assert.equal(l.status, 200);
  assert.deepEqual(l.json.items.map((p) => p.name), ['辽宁省先进材料重点实验室']);
  const byKind = await anon.get('/api/platforms/counts?by=kind');
  assert.deepEqual(Object.fromEntries(byKind.json.items.map((x) => [x.key, x.count])),
    { key_lab: 1, tech_innovation_centre: 1, enterprise_tech_centre: 1 });
  assert.equal(byKind.json.total, 3);
  const byLevel = await anon.get('/api/platforms/counts?by=level&city=沈阳');
  assert.deepEqual(byLevel.json.items.map((x) => [x.key, x.count]), [['city', 1], ['provincial', 1]]);
  assert.equal((await anon.get('/api/platforms/counts?by=year&year=2022')).json.items[0].key, '2022');
  const bad = await anon.get('/api/platforms/counts?by=name');
  assert.equal(bad.status, 400);
  assert.equal(bad.json.field, 'by');
  assert.equal((await anon.get('/api/platforms?host=' + host)).json.total, 3);
});

test('evaluation and status: active -> under_evaluation -> revoked; revoked is final (409)', async () => {
  const id = (await reviewer.post('/api/platforms', body({ name: '待评估实验室' }))).json.id;
  assert.equal((await member.post(`/api/platforms/${id}/status`, { status: 'revoked' })).status, 403);
  const e = await reviewer.post(`/api/platforms/${id}/status`, { status: 'under_evaluation', evaluation: '2023年度评估：基本合格' });
  assert.equal(e.status, 200, e.text);
  assert.equal(e.json.evaluation, '2023年度评估：基本合格');
  assert.equal((await reviewer.post(`/api/platforms/${id}/status`, { status: 'revoked' })).json.status, 'revoked');
  const again = await reviewer.post(`/api/platforms/${id}/status`, { status: 'active' });
  assert.equal(again.status, 409);
  assert.equal(again.json.field, 'status');
  assert.match(again.json.error, /revoked/);
  assert.equal((await anon.get('/api/platforms?status=revoked')).json.total, 1);
});

test('links to achievements, instruments and experts, followed both ways', async () => {
  const p = (await reviewer.post('/api/platforms', body({ name: '链接测试中心', kind: 'eng_research_centre' }))).json.id;
  const ach = (await admin.post('/api/achievements', { title_zh: '平台链接成果', abstract_zh: '测试。', trl: 6, modes: ['transfer'], owner_org_id: host, status: 'published' })).json.id;
  const bad = await reviewer.post(`/api/platforms/${p}/links`, { kind: 'achievement', ref_id: 999999 });
  assert.equal(bad.status, 400);
  assert.equal(bad.json.field, 'ref_id');
  const r = await reviewer.post(`/api/platforms/${p}/links`, { kind: 'achievement', ref_id: ach });
  assert.equal(r.status, 200, r.text);
  const ex = await reviewer.post(`/api/platforms/${p}/links`, { kind: 'expert', ref_id: reviewer.user.id });
  assert.equal(ex.status, 200, ex.text);
  const got = await anon.get(`/api/platforms/${p}`);
  assert.deepEqual(got.json.links, [{ kind: 'achievement', ref_id: ach }, { kind: 'expert', ref_id: reviewer.user.id }]);
  const back = await anon.get(`/api/platforms?achievement=${ach}`);
  assert.deepEqual(back.json.items.map((x) => x.id), [p]);
});

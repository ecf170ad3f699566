// tiers.test.mjs - enterprise tiers as data (issue #15) through the API.
//
// Guards against: thresholds that only a code change could alter (a new
// region's gazelle thresholds are added here through the API and firms are
// evaluated under them); an enterprise's facts leaking beyond the enterprise,
// the bureau and the brokers it linked; a CSV import that half-writes or
// reports errors without the line; bad facts (negative revenue, shares above
// 100 %) accepted; a gap without its figure.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server, cli } from './lib.mjs';

let srv, admin, reviewer, member, broker, anon, entAdmin, ent, dalianA, dalianB, other;
const PW = 'Tier-test-pass-2026!';

before(async () => {
  srv = await Server.start({
    setup: (db) => {
      for (const [name, city] of [['层级测试企业', '沈阳'], ['大连瞪羚甲', '大连'], ['大连瞪羚乙', '大连'], ['层级测试他企', '沈阳']])
        assert.equal(cli(['org', 'add', '--db', db, '--name', name, '--kind', 'enterprise', '--city', city]).code, 0);
      assert.equal(cli(['user', 'add', '--db', db, '--email', 'ent@tier.test', '--org', '层级测试企业', '--role', 'org_admin', '--password', PW]).code, 0);
      assert.equal(cli(['user', 'link', '--db', db, '--email', 'broker@demo.techbridge.cn', '--org', '层级测试企业']).code, 0);
    },
  });
  admin = await srv.session('admin');
  reviewer = await srv.session('reviewer');
  member = await srv.session('member');
  broker = await srv.session('broker');
  anon = srv.client();
  entAdmin = srv.client();
  assert.equal((await entAdmin.login('ent@tier.test', PW)).status, 200);
  const orgs = (await admin.get('/api/orgs?kind=enterprise&limit=500')).json.items;
  const id = (n) => orgs.find((o) => o.name === n).id;
  ent = id('层级测试企业'); dalianA = id('大连瞪羚甲'); dalianB = id('大连瞪羚乙'); other = id('层级测试他企');
});
after(async () => { await srv.stop(); });

const facts = (over = {}) => ({ year: 2023, staff: 200, st_staff: 50, revenue: 150000000, rd: 4800000,
  total_cost: 120000000, assets: 90000000, ip_class1: 0, ip_class2: 2, founded_on: '2016-04-01',
  hightech_rev_pct: 70, rd_china_pct: 100, source: '2023 annual report', ...over });

test('the default rule sets are public data with their region and validity', async () => {
  const r = await anon.get('/api/tiers/rules?tier=gazelle');
  assert.equal(r.status, 200);
  assert.equal(r.json.total, 1);
  assert.equal(r.json.items[0].region_code, '210000');
  assert.equal(r.json.items[0].valid_from, '2020-01-01');
  assert.ok(r.json.items[0].criteria.some((c) => c.metric === 'rd_intensity_4y' && c.op === '>=' && c.value === 2.5));
  const sme = (await anon.get('/api/tiers/rules?tier=tech_sme')).json.items[0];
  assert.equal(sme.bands.length, 20);
});

test('rule sets: only the bureau writes them; bad rules name the field', async () => {
  const body = { tier: 'gazelle', region_code: '210200', valid_from: '2023-01-01', source: 'test',
                 criteria: [{ metric: 'revenue', op: '>=', value: 1 }] };
  for (const c of [anon, member, entAdmin, broker]) {
    const r = await c.post('/api/tiers/rules', body);
    assert.equal(r.status, c === anon ? 401 : 403, r.text);
  }
  const bad = await reviewer.post('/api/tiers/rules', { ...body, criteria: [{ metric: 'turnover', op: '>=', value: 1 }] });
  assert.equal(bad.status, 400);
  assert.equal(bad.json.field, 'criteria');
  const bad2 = await reviewer.post('/api/tiers/rules', { ...body, tier: 'dragon' });
  assert.equal(bad2.json.field, 'tier');
});

test('facts: bad figures are rejected naming the field', async () => {
  for (const [over, field] of [[{ revenue: -5 }, 'revenue'], [{ hightech_rev_pct: 120 }, 'hightech_rev_pct'],
                               [{ st_staff: 300 }, 'st_staff'], [{ source: '' }, 'source'], [{ founded_on: '2016-02-30' }, 'founded_on']]) {
    const r = await reviewer.put(`/api/enterprises/${ent}/facts`, facts(over));
    assert.equal(r.status, 400, r.text);
    assert.equal(r.json.field, field);
  }
  assert.equal((await reviewer.get(`/api/enterprises/${ent}/facts`)).json.total, 0); // nothing half-written
});

test('facts: visible to the enterprise, the bureau and its linked broker only', async () => {
  const w = await entAdmin.put(`/api/enterprises/${ent}/facts`, facts());
  assert.equal(w.status, 200, w.text);
  assert.equal(w.json.revenue, '150000000.00');
  assert.equal(w.json.source, '2023 annual report');
  for (const c of [entAdmin, reviewer, admin, broker]) {
    const r = await c.get(`/api/enterprises/${ent}/facts`);
    assert.equal(r.status, 200);
    assert.equal(r.json.items[0].rd, '4800000.00');
  }
  assert.equal((await anon.get(`/api/enterprises/${ent}/facts`)).status, 401);
  assert.equal((await member.get(`/api/enterprises/${ent}/facts`)).status, 403);   // another organisation
  assert.equal((await broker.get(`/api/enterprises/${other}/facts`)).status, 403); // not linked: no consent
  assert.equal((await entAdmin.get(`/api/enterprises/${other}/facts`)).status, 403);
  assert.equal((await entAdmin.put(`/api/enterprises/${other}/facts`, facts())).status, 403);
  assert.equal((await anon.get(`/api/enterprises/${ent}/tiers?year=2023`)).status, 401);
});

test('an enterprise sees its gap to the next tier in both languages', async () => {
  const r = await entAdmin.get(`/api/enterprises/${ent}/tiers?year=2023`);
  assert.equal(r.status, 200, r.text);
  const by = Object.fromEntries(r.json.tiers.map((t) => [t.tier, t]));
  // 25 % S&T staff (16) + 3.2 % R&D (20; 4 % of cost = 0) + 2 class-II IP (12) = 48 < 60
  assert.equal(by.tech_sme.score, 48);
  assert.equal(by.tech_sme.eligible, false);
  assert.equal(by.tech_sme.next, true);
  assert.deepEqual(by.tech_sme.gaps.map((g) => g.en), ['score 48 points, needs 60 points']);
  // high-tech (150 M revenue: 4 %): the R&D money it takes
  const ht = by.high_tech.gaps.find((g) => g.metric === 'rd_intensity_3y');
  assert.equal(ht.en, '3-year R&D intensity 3.2 %, needs 4.0 %: +1.2 M yuan R&D at this revenue');
  assert.equal(ht.zh, '近三年研发强度 3.2 %，需 4.0 %：按当前收入需增加研发投入 120.0 万元');
  assert.equal(by.high_tech.rule_version, 1);
});

test('CSV import: errors per line, nothing stored when any line is bad; then evaluate and the pipeline', async () => {
  const header = 'org,year,staff,st_staff,revenue,rd,total_cost,assets,ip_class1,ip_class2,founded_on,source\n';
  const bad = header +
    '大连瞪羚甲,2023,100,30,2000000,100000,1000000,1000000,0,4,2020-01-01,report\n' +
    '大连瞪羚乙,2023,100,30,-10,100000,1000000,1000000,0,4,2020-01-01,report\n' +
    '无此企业,2023,100,30,10,1,1,1,0,0,2020-01-01,report\n' +
    '大连瞪羚乙,2023,100,300,10,1,1,1,0,0,2020-01-01,report\n';
  const r = await reviewer.post('/api/tiers/facts/import', { csv: bad });
  assert.equal(r.status, 400, r.text);
  assert.deepEqual(r.json.errors.map((e) => [e.line, e.field]), [[3, 'revenue'], [4, 'org'], [5, 'st_staff']]);
  assert.equal(r.json.errors[0].message, 'must not be negative');
  assert.equal((await reviewer.get(`/api/enterprises/${dalianA}/facts`)).json.total, 0); // line 2 was good, still nothing
  assert.equal((await entAdmin.post('/api/tiers/facts/import', { csv: header })).status, 403);

  // Dalian firms: revenue 2 M / 5 M, R&D 5 % and 2.4 % (4-year intensity = this year)
  const good = header +
    '大连瞪羚甲,2023,100,30,2000000,100000,1000000,1000000,0,4,2020-01-01,report\n' +
    '大连瞪羚乙,2023,100,30,5000000,120000,1000000,1000000,0,4,2019-01-01,report\n';
  const ok = await reviewer.post('/api/tiers/facts/import', { csv: good });
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.json.rows, 2);
  assert.equal((await reviewer.post('/api/tiers/evaluate', { year: 2023 })).json.enterprises, 3);
  const p = await reviewer.get('/api/tiers/pipeline?year=2023');
  assert.equal(p.status, 200);
  const g = p.json.tiers.find((t) => t.tier === 'gazelle');
  // Liaoning's thresholds: neither is near (500 M revenue is far away)
  assert.equal(g.evaluated, 3);
  assert.equal(g.eligible, 0);
  assert.equal(g.near, 0);
  assert.equal((await entAdmin.get('/api/tiers/pipeline?year=2023')).status, 403);
  assert.equal((await anon.get('/api/tiers/pipeline?year=2023')).status, 401);
});

test('a new region\'s gazelle thresholds, added through the API, apply to its firms without a code change', async () => {
  // Dalian (210200): founded <= 5 years with revenue >= 2 M, 4-year R&D >= 2.5 %
  const rule = { tier: 'gazelle', region_code: '210200', valid_from: '2023-01-01', source: 'Dalian test rule',
                 criteria: [{ group: 0, metric: 'rd_intensity_4y', op: '>=', value: 2.5 },
                            { group: 1, metric: 'age', op: '<=', value: 5 }, { group: 1, metric: 'revenue', op: '>=', value: 2000000 }] };
  const c = await reviewer.post('/api/tiers/rules', rule);
  assert.equal(c.status, 201, c.text);
  assert.equal(c.json.version, 1);
  assert.equal((await reviewer.post('/api/tiers/evaluate', { year: 2023 })).status, 200);
  const a = (await reviewer.get(`/api/enterprises/${dalianA}/tiers?year=2023`)).json.tiers.find((t) => t.tier === 'gazelle');
  assert.equal(a.rule_region, '210200');
  assert.equal(a.eligible, true);
  assert.equal(a.stored.eligible, true);
  assert.equal(a.stored.rule_id, c.json.id);
  const b = (await reviewer.get(`/api/enterprises/${dalianB}/tiers?year=2023`)).json.tiers.find((t) => t.tier === 'gazelle');
  assert.equal(b.eligible, false);
  assert.deepEqual(b.gaps.map((x) => x.metric), ['rd_intensity_4y']); // 2.4 %: within 10 % of 2.5 %
  const p = (await reviewer.get('/api/tiers/pipeline?year=2023')).json.tiers.find((t) => t.tier === 'gazelle');
  assert.equal(p.eligible, 1);
  assert.equal(p.near, 1);
  assert.deepEqual(p.near_orgs, [dalianB]);
  // the Shenyang firm stays under Liaoning's rule
  const s = (await reviewer.get(`/api/enterprises/${ent}/tiers?year=2023`)).json.tiers.find((t) => t.tier === 'gazelle');
  assert.equal(s.rule_region, '210000');
  // retiring the Dalian rule returns Dalian firms to Liaoning's thresholds
  assert.equal((await reviewer.post(`/api/tiers/rules/${c.json.id}/retire`, { valid_to: '2023-06-30' })).status, 200);
  const a2 = (await reviewer.get(`/api/enterprises/${dalianA}/tiers?year=2023`)).json.tiers.find((t) => t.tier === 'gazelle');
  assert.equal(a2.rule_region, '210000');
  assert.equal(a2.eligible, false);
});

test('certifications: the bureau records the official list with validity; anyone reads it', async () => {
  const body = { org_id: ent, tier: 'high_tech', year: 2023, valid_from: '2023-12-01', valid_to: '2026-11-30', source: '2023 list' };
  assert.equal((await entAdmin.post('/api/tiers/certifications', body)).status, 403);
  const bad = await reviewer.post('/api/tiers/certifications', { ...body, valid_to: '2022-01-01' });
  assert.equal(bad.json.field, 'valid_to');
  const r = await reviewer.post('/api/tiers/certifications', body);
  assert.equal(r.status, 201, r.text);
  const l = await anon.get('/api/tiers/certifications?tier=high_tech&year=2023');
  assert.equal(l.status, 200);
  assert.deepEqual(l.json.items.map((x) => [x.org_id, x.valid_to]), [[ent, '2026-11-30']]);
  // certification is not eligibility: the standing shows both
  const s = (await entAdmin.get(`/api/enterprises/${ent}/tiers?year=2023`)).json.tiers.find((t) => t.tier === 'high_tech');
  assert.equal(s.certified, true);
  assert.equal(s.eligible, false);
});

test('CLI: tier import prints FILE:LINE: field: message like import, exits 2 and stores nothing', async () => {
  const { writeFileSync } = await import('node:fs');
  const { join } = await import('node:path');
  const f = join(srv.dir, 'facts.csv');
  writeFileSync(f, 'org,year,staff,st_staff,revenue,source\n层级测试他企,2022,100,30,1000000,cli\n层级测试他企,2021,-1,1,1,cli\n');
  const r = cli(['tier', 'import', '--db', srv.db, f]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /facts\.csv:3: staff: must not be negative\n/);
  assert.equal((await reviewer.get(`/api/enterprises/${other}/facts?year=2022`)).json.total, 0);
  const bad = cli(['tier', 'evaluate', '--db', srv.db, '--year', '20x']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /^year: /);
});

// The dashboard's drill-down walks the whole list (9,336 tech SMEs in 2023
// are more than one answer): the list is paged, total is the whole list, and
// each row names the organisation. Guards against a list capped at 5,000 rows
// whose length no longer matched the indicator.
test('certifications: paged with the organisation named; total is the whole list', async () => {
  for (const org of [dalianA, dalianB, other]) {
    const r = await reviewer.post('/api/tiers/certifications', { org_id: org, tier: 'gazelle', year: 2021 });
    assert.equal(r.status, 201, r.text);
  }
  const p1 = await anon.get('/api/tiers/certifications?tier=gazelle&year=2021&limit=2');
  assert.equal(p1.status, 200);
  assert.equal(p1.json.total, 3);
  assert.deepEqual(p1.json.items.map((x) => [x.org_id, x.org_name]), [[dalianA, '大连瞪羚甲'], [dalianB, '大连瞪羚乙']]);
  const p2 = await anon.get('/api/tiers/certifications?tier=gazelle&year=2021&limit=2&offset=2');
  assert.deepEqual(p2.json.items.map((x) => x.org_id), [other]);
  assert.equal(p2.json.total, 3);
  assert.equal((await anon.get('/api/tiers/certifications?limit=0')).json.field, 'limit');
  // by the owner's region (the dashboard's city figure opens this list), by
  // code or name, the same through the CLI; an unknown region names the field
  const dl = await anon.get('/api/tiers/certifications?tier=gazelle&year=2021&region=210200');
  assert.deepEqual(dl.json.items.map((x) => x.org_id), [dalianA, dalianB]);
  assert.equal(dl.json.total, 2);
  assert.deepEqual((await anon.get(`/api/tiers/certifications?tier=gazelle&year=2021&region=${encodeURIComponent('沈阳')}`)).json.items.map((x) => x.org_id), [other]);
  const bad = await anon.get('/api/tiers/certifications?region=atlantis', { 'Accept-Language': 'zh' });
  assert.equal(bad.status, 400);
  assert.equal(bad.json.field, 'region');
  assert.match(bad.json.error, /[\u4e00-\u9fff]/);
  const c = cli(['tier', 'certs', '--db', srv.db, '--tier', 'gazelle', '--year', '2021', '--region', '大连']);
  assert.equal(c.code, 0, c.stderr);
  assert.deepEqual(c.stdout.trim().split('\n').map((l) => Number(l.split('\t')[2])), [dalianA, dalianB]);
  const e = cli(['tier', 'certs', '--db', srv.db, '--region', 'atlantis']);
  assert.equal(e.code, 2);
  assert.match(e.stderr, /^region: /);
});

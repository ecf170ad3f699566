// boundaries.test.mjs - values on both sides of each bound, through the API
// and through import (each layer checks on its own), and contracts on both
// sides of year, quarter and month boundaries in the indicators. Every test
// runs as the least-privileged role that may do the action (a member of the
// organisation; anonymous for the public indicators).
//
// Guards against (issue #19 mutation run): "TRL 10 accepted (only the upper
// bound widened)", an off-by-one keyword cap, and "a contract counted in the
// year of its registration number instead of its signing year".
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Server, cli } from './lib.mjs';

let srv, member, anon, own, dir;

before(async () => {
  srv = await Server.start();
  member = await srv.session('member');
  anon = srv.client();
  own = member.user.org_id;
  dir = mkdtempSync(join(tmpdir(), 'tb-bounds-'));
});
after(async () => { await srv.stop(); rmSync(dir, { recursive: true, force: true }); });

const ach = (over) => ({ title_zh: '边界测试成果', abstract_zh: '边界。', trl: 5, modes: ['transfer'], price: 1000, owner_org_id: own, ...over });
const dem = (over) => ({ title_zh: '边界测试需求', desc_zh: '边界。', org_id: own, ...over });
const kws = (n) => Array.from({ length: n }, (_, i) => `关键词${i + 1}`);

test('achievement TRL 0/1/9/10 and keywords 10/11 through the API', async () => {
  for (const [trl, ok] of [[0, false], [1, true], [9, true], [10, false]]) {
    const r = await member.post('/api/achievements', ach({ trl }));
    assert.equal(r.status, ok ? 201 : 400, `trl ${trl}: ${r.text}`);
    if (ok) assert.equal(r.json.trl, trl);
    else {
      // The API's own bound answers (out_of_range, 1..9), before the domain's
      // repeat of it (int_range): guards the API bound widened to 10, which
      // the domain rule alone would mask (mutant api-trl-upper).
      assert.equal(r.json.field, 'trl');
      assert.equal(r.json.code, 'out_of_range', r.text);
    }
  }
  const ten = await member.post('/api/achievements', ach({ keywords: kws(10) }));
  assert.equal(ten.status, 201, ten.text);
  assert.deepEqual(ten.json.keywords, kws(10));
  const eleven = await member.post('/api/achievements', ach({ keywords: kws(11) }));
  assert.equal(eleven.status, 400, eleven.text);
  assert.equal(eleven.json.field, 'keywords');
  // PATCH enforces the same bounds
  const p = await member.patch(`/api/achievements/${ten.json.id}`, { trl: 10 });
  assert.equal(p.status, 400);
  assert.equal(p.json.field, 'trl');
  const p9 = await member.patch(`/api/achievements/${ten.json.id}`, { trl: 9 });
  assert.equal(p9.status, 200, p9.text);
  assert.equal(p9.json.trl, 9);
});

test('demand trl_min -1/0/9/10 through the API', async () => {
  for (const [trl_min, ok] of [[-1, false], [0, true], [9, true], [10, false]]) {
    const r = await member.post('/api/demands', dem({ trl_min }));
    assert.equal(r.status, ok ? 201 : 400, `trl_min ${trl_min}: ${r.text}`);
    if (ok) assert.equal(r.json.trl_min, trl_min);
    else assert.equal(r.json.field, 'trl_min');
  }
  const eleven = await member.post('/api/demands', dem({ keywords: kws(11) }));
  assert.equal(eleven.json.field, 'keywords');
});

test('TRL and keyword bounds through import (CSV): a bad row names line and field, nothing written', () => {
  const db = join(dir, 'imp.db');
  assert.equal(cli(['migrate', '--db', db]).code, 0);
  writeFileSync(join(dir, 'orgs.csv'), 'name,kind,city\r\n边界大学,university,沈阳\r\n');
  assert.equal(cli(['import', '--db', db, '--kind', 'orgs', join(dir, 'orgs.csv')]).code, 0);
  const row = (trl, k) => `边界成果${trl}-${k},${kws(k).join(';')},${trl},transfer,边界大学\r\n`;
  const head = 'title_zh,keywords,trl,modes,owner_org\r\n';
  for (const [trl, k, field] of [[0, 1, 'trl'], [10, 1, 'trl'], [5, 11, 'keywords']]) {
    const f = join(dir, `bad-${trl}-${k}.csv`);
    writeFileSync(f, head + row(1, 1) + row(trl, k));
    const r = cli(['import', '--db', db, '--kind', 'achievements', f]);
    assert.equal(r.code, 2, `trl ${trl}, ${k} keywords: ${r.stdout}${r.stderr}`);
    assert.match(r.stderr, new RegExp(`:3: ${field}: `), r.stderr);
    // The import's own column rule names the accepted range and the value
    // (mutant import-trl-upper: widened to 10, the domain rule answered
    // with another message).
    if (field === 'trl') assert.match(r.stderr, new RegExp(`:3: trl: must be an integer from 1 to 9, not '${trl}'`), r.stderr);
  }
  const good = join(dir, 'good.csv');
  writeFileSync(good, head + row(1, 10) + row(9, 10));
  const g = cli(['import', '--db', db, '--kind', 'achievements', good]);
  assert.equal(g.code, 0, g.stderr);
  const out = cli(['export', '--db', db, '--kind', 'achievements', '--format', 'jsonl']).stdout.trim().split('\n').map((l) => JSON.parse(l));
  assert.deepEqual(out.map((x) => [x.trl, x.keywords.length]), [[1, 10], [9, 10]], 'only the good file was written');
});

// ---- contracts on both sides of period boundaries. The registration number's
// year (first four digits) deliberately differs from the signing year.
const contract = (reg, signed, amount) => ({
  reg_no: reg, title: `边界合同${reg}`, type: 'service', seller: { org_id: own },
  buyer: { name: '北京某科技公司', region_code: '110108' }, amount, signed_on: signed,
});

test('contracts: the signing date decides the year, quarter and month', async () => {
  for (const [reg, signed, amount] of [
    ['2019210100000101', '2018-12-31', 100],   // registered under 2019, signed in 2018
    ['2018210100000102', '2019-01-01', 200],   // registered under 2018, signed in 2019
    ['2019210100000103', '2019-03-31', 400],   // Q1 / March
    ['2019210100000104', '2019-04-01', 800],   // Q2 / April
    ['2019210100000105', '2019-01-31', 1600],  // January
    ['2019210100000106', '2019-02-01', 3200],  // February
  ]) {
    const r = await member.post('/api/contracts', contract(reg, signed, amount));
    assert.equal(r.status, 201, `${reg}: ${r.text}`);
  }
  const rows = async (q) => {
    const r = await anon.get(`/api/indicators/turnover?from=2018&to=2019${q}`);
    assert.equal(r.status, 200, r.text);
    return r.json.rows.map((x) => [x.period, x.count, x.amount_fen]);
  };
  assert.deepEqual(await rows(''), [['2018', 1, 10000], ['2019', 5, 620000]]);
  assert.deepEqual(await rows('&period=quarter'), [['2018-Q4', 1, 10000], ['2019-Q1', 4, 540000], ['2019-Q2', 1, 80000]]);
  assert.deepEqual(await rows('&period=month'), [['2018-12', 1, 10000], ['2019-01', 2, 180000], ['2019-02', 1, 320000],
    ['2019-03', 1, 40000], ['2019-04', 1, 80000]]);
  const s18 = await anon.get('/api/indicators/summary?year=2018');
  assert.equal(s18.json.contract_count, 1);
  assert.equal(s18.json.turnover_fen, 10000);
});

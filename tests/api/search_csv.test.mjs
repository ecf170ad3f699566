// search_csv.test.mjs - a search exported as CSV (issue #18): the same
// filters as the listing, its first 1,000 rows in the listing's order (not
// one page), a UTF-8 BOM, headers and mode names in the asked language,
// titles in that language with the other as fallback, a link per row.
//
// Guards against: a search could not be taken away for a report; and an
// export without a BOM garbles Chinese names in spreadsheet programs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server } from './lib.mjs';

let srv, admin, org;
before(async () => {
  srv = await Server.start();
  admin = await srv.session('admin');
  org = (await admin.post('/api/orgs', { name: '导出测试大学', name_en: 'Export Test University', kind: 'university', city: '沈阳' })).json.id;
  for (let i = 1; i <= 25; i++) {
    const r = await admin.post('/api/achievements', { title_zh: `导出测试钛合金成果${i}`, title_en: i === 1 ? null : `Export test titanium ${i}`,
      abstract_zh: '钛合金导出测试。', trl: 5, modes: ['transfer', 'licence'], price: i === 2 ? 'negotiable' : 10000 * i,
      owner_org_id: org, status: 'published', field: '新材料' });
    assert.equal(r.status, 201, r.text);
  }
  const d = await admin.post('/api/demands', { title_zh: '导出测试钛合金需求, 含逗号', desc_zh: '钛合金', org_id: org, budget_min: 100000, budget_max: 500000,
    deadline: '2099-06-30', modes: ['codev'], status: 'published' });
  assert.equal(d.status, 201, d.text);
});
after(async () => { await srv.stop(); });

const rows = (text) => text.replace(/^\uFEFF/, '').trim().split('\r\n');

test('achievements: the whole search (not one page), BOM, Chinese headers and modes', async () => {
  const r = await srv.client().get(`/api/achievements?q=${encodeURIComponent('导出测试钛合金')}&sort=newest&offset=20&format=csv`);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.headers.get('content-type'), 'text/csv; charset=utf-8');
  assert.match(r.headers.get('content-disposition'), /filename="achievements\.csv"/);
  const raw = Buffer.from(await (await fetch(`${srv.base}/api/achievements?q=x&format=csv`)).arrayBuffer());
  assert.deepEqual([...raw.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'a BOM (fetch\'s text() drops it)');
  const lines = rows(r.text);
  assert.equal(lines[0], '编号,标题,单位,城市,领域,技术成熟度,合作方式,价格（元）,链接');
  assert.equal(lines.length, 1 + 25, 'every row of the search, the offset ignored');
  assert.match(lines[1], /^\d+,导出测试钛合金成果25,导出测试大学,沈阳,新材料,5,转让、许可,250000,\/achievements\/\d+$/);
  const negotiable = lines.find((l) => l.includes('成果2,'));
  assert.match(negotiable, /,转让、许可,,\/achievements\//, 'negotiable: no amount');
});

test('English headers and titles (Chinese as fallback); demands with budget and deadline; bad lang is 400', async () => {
  const r = await srv.client().get(`/api/achievements?q=${encodeURIComponent('导出测试钛合金')}&sort=oldest&format=csv&lang=en`);
  const lines = rows(r.text);
  assert.equal(lines[0], 'id,title,organisation,city,field,TRL,modes,price (yuan),link');
  assert.match(lines[1], /^\d+,导出测试钛合金成果1,/, 'no English title: the Chinese one');
  assert.match(lines[2], /^\d+,Export test titanium 2,.*,transfer; licence,,/);
  const d = await srv.client().get(`/api/demands?org=${org}&format=csv`);
  const dl = rows(d.text);
  assert.equal(dl[0], '编号,标题,单位,城市,领域,最低技术成熟度,合作方式,预算下限（元）,预算上限（元）,截止日期,链接');
  assert.match(dl[1], /^\d+,"导出测试钛合金需求, 含逗号",导出测试大学,沈阳,,0,合作开发,100000,500000,2099-06-30,\/demands\/\d+$/);
  const bad = await srv.client().get('/api/demands?format=csv&lang=fr');
  assert.equal(bad.status, 400);
  assert.equal(bad.json.field, 'lang');
});

// changelog.test.mjs - the change log that every node follows (issue #12):
// a write by another process reaches a running server's ranked search and
// matches, with no restart (how fast: `make bench-pg`). Guards against the defect measured in
// the issue: items imported with `techbridge import` into the database a
// server was using stayed invisible to `?q=` and to a demand's matches until
// the server restarted (its match index was built once, at start). The
// two-node case (two `techbridge serve` on one database) is in
// two_nodes.test.mjs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, Server, complete, sqlShell } from './lib.mjs';

let srv, admin, anon, org, dem;

before(async () => {
  srv = await Server.start();
  admin = await srv.session('admin');
  anon = srv.client();
  org = (await admin.post('/api/orgs', { name: '沈阳自动化研究所', name_en: 'Shenyang Institute of Automation', kind: 'institute', city: 'Shenyang' })).json;
  const ent = (await admin.post('/api/orgs', { name: '大连重型装备有限公司', kind: 'enterprise', city: '大连' })).json;
  const r = await admin.post('/api/demands', complete('demands', {
    title_zh: '风电齿轮箱轴承故障预警', title_en: 'Early fault warning for wind turbine gearbox bearings',
    desc_zh: '需要基于振动信号的风电齿轮箱轴承故障早期预警方法，降低停机损失。', keywords: ['风电', '齿轮箱', '轴承', '故障预警'],
    field: '智能制造', org_id: ent.id, status: 'published',
  }));
  assert.equal(r.status, 201, r.text);
  dem = r.json;
});
after(async () => { await srv.stop(); });

// Polls `probe` until it returns true or `ms` pass; returns the elapsed ms or -1.
// How FAST another process's write becomes visible (issue #12: 1 s) is a
// benchmark figure (`make bench-pg` prints the visibility p99 on both
// engines), not a test bound: a 1 s bound here failed on a machine at load
// 30-40 (issue #19: the same verdict every run). These tests check THAT it
// becomes visible; VISIBLE_MS only tells a follower that never catches up
// from a slow one. A sanitizer build runs several times slower, so
// run-tests.sh sets TB_TIME_SCALE for it (as full_demo.test.mjs).
const SCALE = Number(process.env.TB_TIME_SCALE) || 1;
const VISIBLE_MS = 15000;
async function within(ms, probe) {
  ms *= SCALE;
  const t0 = Date.now();
  for (;;) {
    if (await probe()) return Date.now() - t0;
    if (Date.now() - t0 > ms) return -1;
    await new Promise((r) => setTimeout(r, 20));
  }
}

test('an achievement imported by the CLI into the served database is found by ?q= and in matches ', async () => {
  const q = '/api/achievements?q=' + encodeURIComponent('齿轮箱轴承振动') + '&limit=50';
  // the anonymous answer is computed and kept (api/cache.c) before the import
  const before0 = await anon.get(q);
  assert.equal(before0.status, 200);
  assert.equal(before0.json.items.length, 0);
  const m0 = await anon.get(`/api/demands/${dem.id}/matches?limit=50`);
  assert.equal(m0.status, 200);
  assert.equal(m0.json.items.length, 0);

  const csv = join(srv.dir, 'ach.csv');
  writeFileSync(csv, 'title_zh,title_en,abstract_zh,keywords,field,trl,modes,price,owner_org,contact_email,status\n' +
    '风电齿轮箱轴承振动故障预警系统,Vibration-based fault warning for wind gearbox bearings,' +
    '基于振动信号与深度学习的风电齿轮箱轴承故障早期预警系统，已在辽宁风电场验证，预警准确率百分之九十五。,' +
    '风电;齿轮箱;轴承;故障预警,智能制造,6,transfer,500000,沈阳自动化研究所,sia@example.cn,published\n');
  const r = cli(['import', '--db', srv.db, '--kind', 'achievements', '--format', 'csv', csv], srv.cliEnv());
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /imported 1 achievements/);
  const id = Number(cli(['export', '--db', srv.db, '--kind', 'achievements', '--format', 'jsonl']).stdout
    .split('\n').filter(Boolean).map((l) => JSON.parse(l)).find((x) => x.title_zh.startsWith('风电齿轮箱')).id);
  assert.ok(id > 0);

  const tSearch = await within(VISIBLE_MS, async () => (await anon.get(q)).json.items.some((x) => x.id === id));
  assert.ok(tSearch >= 0, 'the imported item is found by ?q= ');
  const tMatch = await within(VISIBLE_MS, async () =>
    (await anon.get(`/api/demands/${dem.id}/matches?limit=50`)).json.items.some((x) => x.achievement.id === id));
  assert.ok(tMatch >= 0, "the imported item is among the demand's matches");

  // withdrawn by the CLI's database too (a write that leaves the index)
  const w = await admin.post(`/api/achievements/${id}/withdraw`, {});
  assert.equal(w.status, 200, w.text);
  assert.equal((await anon.get(q)).json.items.length, 0, 'gone at once on the writing node');
});

test('a CLI write that is not in the index still moves the public answers of a running server', async () => {
  const before1 = await anon.get('/api/indicators/summary');
  assert.equal(before1.status, 200);
  const etag = before1.headers.get('etag');
  assert.ok(etag);
  const r = cli(['org', 'add', '--db', srv.db, '--name', '鞍山钢铁研究院', '--kind', 'institute', '--city', '鞍山'], srv.cliEnv());
  assert.equal(r.code, 0, r.stderr);
  const after1 = await anon.get('/api/indicators/summary', { 'if-none-match': etag });
  assert.equal(after1.status, 200, 'the kept answer is stale: a new one, not 304');
  assert.notEqual(after1.headers.get('etag'), etag);
});

test('pruning: the maintenance lease holder keeps the last rows only; the server goes on following', async () => {
  // Guards against a change log that grows without bound, and against a
  // prune that takes the last seq with it (the public version would go back).
  const s = await Server.start({ args: ['--maintain-interval', '1', '--changes-keep-days', '0', '--changes-keep-rows', '3'] });
  try {
    const a = await s.session('admin');
    const o = (await a.post('/api/orgs', { name: '本溪药都研究院', kind: 'institute', city: '本溪' })).json;
    for (let i = 0; i < 6; i++)
      assert.equal((await a.patch(`/api/orgs/${o.id}`, { name_en: `Benxi Institute ${i}` })).status, 200);
    const count = () => Number(sqlShell(s.db, 'SELECT count(*) FROM changes'));
    const last = () => Number(sqlShell(s.db, 'SELECT max(seq) FROM changes'));
    const lastBefore = last();
    assert.ok(lastBefore >= 7);
    const t = await within(5000, async () => count() === 3);
    assert.ok(t >= 0, `pruned to the last 3 rows (have ${count()})`);
    assert.equal(last(), lastBefore, 'the last seq is kept');
    // still following: a CLI write after the prune is found
    const csv = join(s.dir, 'p.csv');
    writeFileSync(csv, 'title_zh,abstract_zh,keywords,field,trl,modes,price,owner_org,status\n' +
      '辽细辛道地药材组培快繁技术,辽细辛道地药材的组织培养快速繁殖技术，繁殖系数提高五倍，已在本溪基地应用推广。,辽细辛;组培,生物医药,6,transfer,300000,本溪药都研究院,published\n');
    assert.equal(cli(['import', '--db', s.db, '--kind', 'achievements', '--format', 'csv', csv], s.cliEnv()).code, 0);
    const found = await within(VISIBLE_MS, async () =>
      (await s.client().get('/api/achievements?q=' + encodeURIComponent('辽细辛组培'))).json.items.length === 1);
    assert.ok(found >= 0);
  } finally {
    await s.stop();
  }
});

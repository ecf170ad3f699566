// metrics.test.mjs - GET /metrics (src/api/observe.c, src/core/metrics.c;
// docs/performance.md, "Observability"). Guards against:
//   - metrics open to anyone: without TB_METRICS_TOKEN or --metrics-listen
//     the endpoint does not exist (404); with a token, no or a wrong token is
//     401; with --metrics-listen the API's listener still answers 404;
//   - counters that do not move, or move by the wrong amount: a scrape, known
//     requests, a scrape again, and the exact change of every series
//     (requests and latency histograms per route pattern and status class,
//     answer cache hits, booking conflicts, login throttles, index size and
//     generation);
//   - an exposition that does not parse (tests/api/prom.mjs is strict);
//   - raw paths as labels (ids would make the series unbounded).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server, complete, localMonday } from './lib.mjs';
import { parseProm, val } from './prom.mjs';

const TOKEN = 'metrics-test-token-0123456789';
let srv, anon;

before(async () => {
  srv = await Server.start({ demo: true, env: { TB_METRICS_TOKEN: TOKEN } });
  anon = srv.client();
});
after(async () => { await srv.stop(); });

async function scrape(base = srv.base, token = TOKEN) {
  const r = await fetch(base + '/metrics', { headers: token ? { authorization: `Bearer ${token}` } : {} });
  assert.equal(r.status, 200);
  assert.equal(r.headers.get('content-type'), 'text/plain; version=0.0.4; charset=utf-8');
  assert.equal(r.headers.get('cache-control'), 'no-store');
  return parseProm(await r.text());
}

// Every tb_http_requests_total series that changed between two scrapes, as
// "METHOD route status" -> delta.
function requestDeltas(a, b) {
  const out = {};
  for (const s of b.list) {
    if (s.name !== 'tb_http_requests_total') continue;
    const d = s.value - val(a, s.name, s.labels);
    if (d) out[`${s.labels.method} ${s.labels.route} ${s.labels.status}`] = d;
  }
  return out;
}

test('/metrics needs the token: 401 without it or with a wrong one', async () => {
  const none = await fetch(srv.base + '/metrics');
  assert.equal(none.status, 401);
  assert.equal(none.headers.get('www-authenticate'), 'Bearer realm="metrics"');
  assert.equal((await none.json()).field, 'Authorization');
  const wrong = await fetch(srv.base + '/metrics', { headers: { authorization: `Bearer ${TOKEN}x` } });
  assert.equal(wrong.status, 401);
  const prefix = await fetch(srv.base + '/metrics', { headers: { authorization: `Bearer ${TOKEN.slice(0, -1)}` } });
  assert.equal(prefix.status, 401);
  // The metrics token is not an API token: the API does not accept it.
  const api = await fetch(srv.base + '/api/auth/me', { headers: { authorization: `Bearer ${TOKEN}` } });
  assert.equal(api.status, 401);
  await scrape();
});

test('scrape, requests, scrape: exact deltas per route pattern and status class', async () => {
  const LIST = '/api/achievements?limit=2&sort=newest';
  const first = (await anon.get(LIST)).json.items[0];
  const a = await scrape();
  assert.equal((await anon.get(LIST)).status, 200);       // answer cache hit
  assert.equal((await anon.get(LIST)).status, 200);       // answer cache hit
  assert.equal((await anon.get(`/api/achievements/${first.id}`)).status, 200);
  assert.equal((await anon.get('/api/achievements/999999999')).status, 404);
  assert.equal((await anon.get('/api/no-such-thing')).status, 404);
  assert.equal((await anon.post('/api/achievements', {})).status, 401); // refused before the body
  assert.equal((await anon.get('/')).status, 200);        // a static file
  const b = await scrape();
  assert.deepEqual(requestDeltas(a, b), {
    'GET /api/achievements 2xx': 2,
    'GET /api/achievements/{id} 2xx': 1,
    'GET /api/achievements/{id} 4xx': 1,
    '* unmatched 4xx': 1,
    'POST /api/achievements 4xx': 1,
    '* static 2xx': 1,
    'GET /metrics 2xx': 1,                                  // the first scrape
  });
  // The histogram counts the same requests, each in some bucket.
  const H = 'tb_http_request_duration_seconds';
  const L = { method: 'GET', route: '/api/achievements/{id}', status: '4xx' };
  assert.equal(val(b, H + '_count', L) - val(a, H + '_count', L), 1);
  assert.equal(val(b, H + '_bucket', { ...L, le: '+Inf' }) - val(a, H + '_bucket', { ...L, le: '+Inf' }), 1);
  assert.ok(val(b, H + '_sum', L) > val(a, H + '_sum', L));
  assert.equal(val(b, 'tb_answer_cache_hits_total') - val(a, 'tb_answer_cache_hits_total'), 2);
  // One request at a time never waits for a database connection.
  assert.equal(val(b, 'tb_db_pool_waits_total') - val(a, 'tb_db_pool_waits_total'), 0);
  // Labels are patterns: no series carries an id.
  for (const s of b.list) if (s.labels.route) assert.doesNotMatch(s.labels.route, /\/\d/, s.labels.route);
  for (const f of ['tb_http_requests_total', 'tb_booking_conflicts_total', 'tb_login_throttled_total',
    'tb_db_pool_waits_total', 'tb_index_generation', 'tb_index_documents'])
    assert.ok(b.types.has(f), f);
  assert.equal(b.types.get(H), 'histogram');
});

test('login throttles and booking conflicts are counted exactly', async () => {
  const a = await scrape();
  const c = srv.client();
  const seen = [];
  for (let i = 0; i < 8 && !seen.includes(429); i++)
    seen.push((await c.post('/api/auth/login', { email: 'nobody@metrics.test.cn', password: 'wrong-password' })).status);
  assert.deepEqual(seen, [401, 401, 401, 401, 401, 429]);

  const admin = await srv.session('admin');
  const org = async (b) => (await admin.post('/api/orgs', b)).json;
  const uni = await org({ name: '指标大学', name_en: 'Metrics University', kind: 'university', city: '大连' });
  const ent = await org({ name: '指标企业', name_en: 'Metrics Ltd', kind: 'enterprise', city: '沈阳' });
  const ins = await admin.post('/api/instruments', {
    org_id: uni.id, name_zh: '指标显微镜', name_en: 'Metrics microscope', category: '电子显微镜',
    services: ['self_operation'], fee: { unit: 'hour', internal: 1, academic: 2, enterprise: 3 },
    opening_hours: { mon: '08:00-18:00', tue: '08:00-18:00', wed: '08:00-18:00', thu: '08:00-18:00', fri: '08:00-18:00', sat: null, sun: null },
    min_slot_minutes: 60, max_slot_minutes: 240, lead_time_hours: 24, cancel_deadline_hours: 24,
    requires_approval: false, status: 'available', value: 100000,
  });
  assert.equal(ins.status, 201, ins.text);
  const MON = localMonday(14, srv.nowMs());
  const book = () => admin.post(`/api/instruments/${ins.json.id}/bookings`, {
    org_id: ent.id, booker_name: '王工', booker_email: 'wang@metrics.test.cn', start: `${MON}T09:00`, end: `${MON}T10:00` });
  assert.equal((await book()).status, 201);
  const clash = await book();
  assert.equal(clash.status, 409);
  assert.equal(clash.json.field, 'start');
  const b = await scrape();
  assert.equal(val(b, 'tb_login_throttled_total') - val(a, 'tb_login_throttled_total'), 1);
  assert.equal(val(b, 'tb_booking_conflicts_total') - val(a, 'tb_booking_conflicts_total'), 1);
  assert.equal(requestDeltas(a, b)['POST /api/auth/login 4xx'], 6);
});

// Guards: a body over the cap is answered 413 by the HTTP layer itself,
// after the route was named in the headers phase; that answer went uncounted.
test('a 413 for a body over the cap is counted under its route', async () => {
  const admin = await srv.session('admin');
  const tok = (await admin.post('/api/auth/tokens', { name: 'metrics-413' })).json.token;
  const a = await scrape();
  const big = JSON.stringify({ title_zh: 'x'.repeat(2200000) });
  const r = await fetch(srv.base + '/api/achievements', { method: 'POST', body: big,
    headers: { authorization: `Bearer ${tok}`, 'content-type': 'application/json' } });
  assert.equal(r.status, 413);
  const b = await scrape();
  const d = requestDeltas(a, b);
  assert.deepEqual(d, { 'POST /api/achievements 4xx': 1, 'GET /metrics 2xx': 1 });
});

test('index size and generation follow publishing', async () => {
  const member = await srv.session('member');
  const reviewer = await srv.session('reviewer');
  const r = await member.post('/api/achievements', complete('achievements', {
    title_zh: '指标测试成果', abstract_zh: '指标', field: '新材料', trl: 5, modes: ['transfer'],
    price: 1000, owner_org_id: member.user.org_id }));
  assert.equal(r.status, 201, r.text);
  const a = await scrape();
  assert.equal((await member.post(`/api/achievements/${r.json.id}/submit`)).status, 200);
  const mid = await scrape();
  // Drafts and submissions are not indexed: nothing moves.
  assert.equal(val(mid, 'tb_index_generation'), val(a, 'tb_index_generation'));
  assert.equal((await reviewer.post(`/api/achievements/${r.json.id}/publish`)).status, 200);
  const b = await scrape();
  // The publishing node updates its index at once (read-your-writes) and its
  // change-log follower applies the same write again (idempotent: the
  // document count below moves by one), which may count one more generation.
  const moved = val(b, 'tb_index_generation') - val(a, 'tb_index_generation');
  assert.ok(moved >= 1 && moved <= 2, `generation moved by ${moved}`);
  const K = { kind: 'achievements' };
  assert.equal(val(b, 'tb_index_documents', K) - val(a, 'tb_index_documents', K), 1);
  assert.equal(val(b, 'tb_index_documents', { kind: 'demands' }), val(a, 'tb_index_documents', { kind: 'demands' }));
});

test('without a token or listener /metrics does not exist; --metrics-listen serves it apart', async () => {
  const plain = await Server.start();
  try {
    assert.equal((await fetch(plain.base + '/metrics')).status, 404);
  } finally { await plain.stop(); }
  const apart = await Server.start({ args: ['--metrics-listen', '127.0.0.1:0'] });
  try {
    assert.ok(apart.metricsBase && apart.metricsBase !== apart.base);
    assert.equal((await fetch(apart.base + '/metrics')).status, 404);
    const p = await scrape(apart.metricsBase, null);
    assert.ok(p.types.has('tb_http_requests_total'));
    // The metrics listener serves nothing else.
    assert.equal((await fetch(apart.metricsBase + '/api/achievements')).status, 404);
    assert.equal((await fetch(apart.metricsBase + '/')).status, 404);
  } finally { await apart.stop(); }
});

// The match cache (src/domain/docking.c). Guards against: a listing's
// matches recomputed (its whole text analysed, every hit's text analysed
// again) on every request although nothing changed; and, the cache's own
// risks, a ranking kept after the listing's text changed (a draft's edits do
// not move the index generation) or after the index changed, and a draft's
// matches served to someone who may not see the draft.
test('a listing\'s matches are computed once per index generation and again when its text changes', async () => {
  const member = await srv.session('member');
  const reviewer = await srv.session('reviewer');
  const org = member.user.org_id;
  const d = await member.post('/api/demands', {
    title_zh: '镁合金轻量化压铸件需求', desc_zh: '需要高强度镁合金板材与压铸工艺，用于汽车轻量化零部件。',
    keywords: ['镁合金', '轻量化', '压铸'], field: '新材料', org_id: org });
  assert.equal(d.status, 201, d.text);
  const path = `/api/demands/${d.json.id}/matches`;
  const hits = (p) => val(p, 'tb_match_cache_hits_total');
  const misses = (p) => val(p, 'tb_match_cache_misses_total');
  const terms = (r) => r.json.items.flatMap((it) => it.factors.filter((f) => f.kind === 'term').map((f) => f.name));

  const s0 = await scrape();
  const a = await member.get(path);
  assert.equal(a.status, 200);
  assert.ok(a.json.items.length > 0);
  const OLD = /合金|轻量化|铸/;                          // words of the first text
  assert.ok(terms(a).some((t) => OLD.test(t)), JSON.stringify(terms(a)));
  const s1 = await scrape();
  assert.deepEqual([misses(s1) - misses(s0), hits(s1) - hits(s0)], [1, 0]);
  const b = await member.get(path);
  assert.equal(b.text, a.text);                       // the same answer, from the cache
  const s2 = await scrape();
  assert.deepEqual([misses(s2) - misses(s1), hits(s2) - hits(s1)], [0, 1]);

  // Nobody who may not read the draft gets its matches, cached or not.
  const anon = await srv.client().get(path);
  assert.notEqual(anon.status, 200);
  assert.ok(!anon.text.includes('镁合金'));
  const s3 = await scrape();
  assert.deepEqual([misses(s3) - misses(s2), hits(s3) - hits(s2)], [0, 0]);

  // The draft's text changes (the index does not): a new ranking, at once.
  const p = await member.patch(`/api/demands/${d.json.id}`, {
    title_zh: '钠离子电池正极材料需求', desc_zh: '需要钠离子电池层状氧化物正极材料，用于储能电站。',
    keywords: ['钠离子电池', '正极材料', '储能'] });
  assert.equal(p.status, 200, p.text);
  const c = await member.get(path);
  assert.equal(c.status, 200);
  assert.ok(c.json.items.length > 0);
  assert.ok(!terms(c).some((t) => OLD.test(t)), JSON.stringify(terms(c)));
  const s4 = await scrape();
  assert.deepEqual([misses(s4) - misses(s3), hits(s4) - hits(s3)], [1, 0]);

  // The index changes (a listing is published): the kept ranking is stale.
  const x = await member.post('/api/achievements', complete('achievements', {
    title_zh: '钠离子电池层状氧化物正极材料', keywords: ['钠离子电池', '正极材料', '储能'], field: '新能源',
    trl: 6, modes: ['transfer'], price: 1000, owner_org_id: org }));
  assert.equal(x.status, 201, x.text);
  assert.equal((await member.post(`/api/achievements/${x.json.id}/submit`)).status, 200);
  assert.equal((await reviewer.post(`/api/achievements/${x.json.id}/publish`)).status, 200);
  const e = await member.get(path);
  assert.ok(e.json.items.some((it) => it.achievement.id === x.json.id), 'the new listing is not among the matches');
  const s5 = await scrape();
  assert.deepEqual([misses(s5) - misses(s4), hits(s5) - hits(s4)], [1, 0]);
});

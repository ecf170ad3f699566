// cache.test.mjs - the public answer cache and conditional requests
// (src/api/cache.c, docs/performance.md). Guards against:
//   - a member's draft coming out of a cache (ours or a shared one): answers
//     to a principal are never stored and say Cache-Control: no-store;
//   - an ETag that reveals unpublished data: creating or editing a draft
//     leaves the public ETag as it was;
//   - stale public answers: publishing through the API, and a change made by
//     another process directly in the database, are seen at once;
//   - conditional requests: If-None-Match with the current ETag answers 304;
//   - gzip: compressed only for clients that accept it, the same bytes once
//     inflated, a weak ETag that still revalidates, Vary: Accept-Encoding.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { Server, complete, sqlShell } from './lib.mjs';

let srv, anon, member, reviewer, org;
const LIST = '/api/achievements?limit=5&sort=newest';

before(async () => {
  srv = await Server.start({ demo: true });
  anon = srv.client();
  member = await srv.session('member');
  reviewer = await srv.session('reviewer');
  org = member.user.org_id;
});
after(async () => { await srv.stop(); });

// fetch asks for gzip by default and inflates; identity is asked for
// explicitly where the exact bytes and the strong ETag matter.
const ID = { 'accept-encoding': 'identity' };

// A raw GET: status, headers and body bytes as sent.
function raw(path, headers = {}) {
  return new Promise((resolveP, reject) => {
    const r = request(srv.base + path, { headers }, (m) => {
      const chunks = [];
      m.on('data', (d) => chunks.push(d));
      m.on('end', () => resolveP({ status: m.statusCode, headers: m.headers, body: Buffer.concat(chunks) }));
    });
    r.on('error', reject);
    r.end();
  });
}

// complete(): a submit must pass the quality checklist (issue #16).
const draft = (title) => complete('achievements', {
  title_zh: title, abstract_zh: '缓存测试', field: '新材料', trl: 5, modes: ['transfer'],
  price: 1000, owner_org_id: org,
});

test('anonymous public answers carry an ETag and revalidate to 304', async () => {
  const a = await anon.get(LIST, ID);
  assert.equal(a.status, 200);
  const etag = a.headers.get('etag');
  assert.match(etag, /^"[0-9a-f]+-[0-9a-f]{16}"$/);
  assert.equal(a.headers.get('cache-control'), 'no-cache');
  assert.equal(a.headers.get('vary'), 'Cookie, Authorization, Accept-Encoding');
  const b = await anon.get(LIST, ID);
  assert.equal(b.headers.get('etag'), etag);
  assert.equal(b.text, a.text);
  const c = await anon.get(LIST, { ...ID, 'if-none-match': etag });
  assert.equal(c.status, 304);
  assert.equal(c.text, '');
  const d = await anon.get(LIST, { ...ID, 'if-none-match': '"0-0000000000000000"' });
  assert.equal(d.status, 200);
  assert.equal(d.text, a.text);
});

test('a member\'s draft never comes out of a cache and never moves the public ETag', async () => {
  const before1 = await anon.get(LIST, ID);
  const r = await member.post('/api/achievements', draft('缓存草稿甲'));
  assert.equal(r.status, 201, r.text);
  const id = r.json.id;
  // The member's own answers: never stored, never for shared caches.
  const mine = await member.get(`/api/achievements?status=draft&org=${org}&limit=50`);
  assert.equal(mine.status, 200);
  assert.ok(mine.json.items.some((x) => x.id === id));
  assert.equal(mine.headers.get('cache-control'), 'no-store');
  assert.equal(mine.headers.get('etag'), null);
  const one = await member.get(`/api/achievements/${id}`);
  assert.equal(one.status, 200);
  assert.equal(one.headers.get('cache-control'), 'no-store');
  assert.equal(one.headers.get('etag'), null);
  // The same URLs anonymously: the draft is not served from anything.
  const anonDraft = await anon.get(`/api/achievements/${id}`);
  assert.notEqual(anonDraft.status, 200);
  assert.ok(!anonDraft.text.includes('缓存草稿甲'));
  const anonList = await anon.get(`/api/achievements?status=draft&org=${org}&limit=50`);
  assert.notEqual(anonList.status, 200);
  // Drafting and editing leave the public answer and its ETag unchanged.
  assert.equal((await member.patch(`/api/achievements/${id}`, { title_zh: '缓存草稿乙' })).status, 200);
  const after1 = await anon.get(LIST, ID);
  assert.equal(after1.headers.get('etag'), before1.headers.get('etag'));
  assert.equal(after1.json.total, before1.json.total);
  // Publishing changes it at once.
  assert.equal((await member.post(`/api/achievements/${id}/submit`)).status, 200);
  assert.equal((await reviewer.post(`/api/achievements/${id}/publish`)).status, 200);
  const after2 = await anon.get(LIST, ID);
  assert.notEqual(after2.headers.get('etag'), before1.headers.get('etag'));
  assert.equal(after2.json.total, before1.json.total + 1);
  assert.equal(after2.json.items[0].id, id);
  assert.equal(after2.json.items[0].title_zh, '缓存草稿乙');
});

test('a change written by another process is seen at once', async () => {
  const list = (await anon.get('/api/achievements?limit=1')).json;
  const id = list.items[0].id;
  const before1 = await anon.get(`/api/achievements/${id}`);
  assert.equal(before1.status, 200);
  assert.ok(before1.headers.get('etag'));
  // Another writer (the sqlite3 shell or psql) changes a published row directly.
  sqlShell(srv.db, `UPDATE achievements SET title_zh='外部进程修改' WHERE id=${id}`);
  const after1 = await anon.get(`/api/achievements/${id}`);
  assert.equal(after1.json.title_zh, '外部进程修改');
  assert.notEqual(after1.headers.get('etag'), before1.headers.get('etag'));
  const c = await anon.get(`/api/achievements/${id}`, { 'if-none-match': before1.headers.get('etag') });
  assert.equal(c.status, 200);
});

test('gzip only when accepted: same bytes inflated, weak ETag that revalidates', async () => {
  const plain = await raw('/api/achievements?limit=20', { 'accept-encoding': 'identity' });
  assert.equal(plain.status, 200);
  assert.equal(plain.headers['content-encoding'], undefined);
  assert.match(plain.headers.vary, /Accept-Encoding/);
  const gz = await raw('/api/achievements?limit=20', { 'accept-encoding': 'br;q=1, gzip;q=0.8' });
  assert.equal(gz.headers['content-encoding'], 'gzip');
  assert.match(gz.headers.vary, /Accept-Encoding/);
  assert.ok(gz.body.length < plain.body.length / 2, `${gz.body.length} vs ${plain.body.length}`);
  assert.deepEqual(gunzipSync(gz.body), plain.body);
  assert.equal(gz.headers.etag, 'W/' + plain.headers.etag);
  for (const inm of [gz.headers.etag, plain.headers.etag]) {
    const r = await raw('/api/achievements?limit=20', { 'accept-encoding': 'gzip', 'if-none-match': inm });
    assert.equal(r.status, 304, inm);
  }
  const refused = await raw('/api/achievements?limit=20', { 'accept-encoding': 'gzip;q=0' });
  assert.equal(refused.headers['content-encoding'], undefined);
  // Static text too, with its own ETag made weak; small answers stay plain.
  const page = await raw('/', { 'accept-encoding': 'gzip' });
  assert.equal(page.status, 200);
  assert.equal(page.headers['content-encoding'], 'gzip');
  assert.match(gunzipSync(page.body).toString(), /<html/i);
  assert.match(page.headers.etag, /^W\//);
  assert.equal((await raw('/', { 'accept-encoding': 'gzip', 'if-none-match': page.headers.etag })).status, 304);
  const small = await raw('/healthz', { 'accept-encoding': 'gzip' });
  assert.equal(small.headers['content-encoding'], undefined);
});

// Guards: the cache key's date came from time(NULL), not from the clock the
// rest of the server reads (now_unix, which tests move): an answer that
// defaults to the current year outlived the year change on a moved clock.
test('the key\'s date follows the server clock: a new year recomputes default-year answers', async () => {
  // Mid-June, so that 366 days later is the next year on any real date (from
  // 31 December it was the year after next: a faketime run failed here).
  const s = await Server.start({ users: false, at: '2026-06-15T04:00:00Z' });
  try {
    const a = s.client();
    const y0 = (await a.get('/api/indicators/summary')).json.year;
    assert.equal(y0, 2025);
    assert.equal((await a.get('/api/indicators/summary')).json.year, y0);   // kept
    s.advance(366 * 86400);
    const r = await a.get('/api/indicators/summary');
    assert.equal(r.status, 200);
    assert.equal(r.json.year, y0 + 1);
  } finally { await s.stop(); }
});

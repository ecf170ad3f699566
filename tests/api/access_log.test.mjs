// access_log.test.mjs - serve --access-log (src/api/observe.c,
// src/core/linelog.c; docs/performance.md, "Observability"). Guards against:
//   - lines that do not parse, or lines missing or extra: exactly one JSON
//     object per answered request, with exactly the documented keys;
//   - personal data or secrets in the log: no raw path or query string (a
//     search term, an id), no user id, no session cookie or API token; the
//     user is a keyed hash that tells users apart and is the same for one
//     user's requests;
//   - lines lost at shutdown (the writer flushes what it holds).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Server } from './lib.mjs';

const dir = mkdtempSync(join(tmpdir(), 'tb-access-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const lines = (p) => (existsSync(p) ? readFileSync(p, 'utf8') : '').split('\n').filter(Boolean);
async function waitLines(p, n) {
  for (let i = 0; i < 200 && lines(p).length < n; i++) await new Promise((r) => setTimeout(r, 25));
  return lines(p);
}

test('one JSON line per request: route pattern, status, bytes, us, hashed user; no secrets', async () => {
  const path = join(dir, 'access.log');
  const srv = await Server.start({ demo: true, args: ['--access-log', path] });
  try {
    const member = await srv.session('member');       // 1 line: the login
    const admin = await srv.session('admin');         // 1 line
    const anon = srv.client();
    const tok = await admin.post('/api/auth/tokens', { name: 'log-test' });
    assert.equal(tok.status, 201, tok.text);
    const bearer = srv.client({ authorization: `Bearer ${tok.json.token}` });
    const before = (await waitLines(path, 3)).length;
    assert.equal(before, 3);

    const first = (await anon.get('/api/achievements?limit=1&q=SECRETSEARCHWORD')).status;
    assert.equal(first, 200);
    const id = (await anon.get('/api/achievements?limit=1')).json.items[0].id;
    assert.equal((await member.get(`/api/achievements/${id}`)).status, 200);
    assert.equal((await member.get('/api/auth/me')).status, 200);
    assert.equal((await admin.get('/api/auth/me')).status, 200);
    assert.equal((await bearer.get('/api/auth/me')).status, 200);
    assert.equal((await anon.get('/api/nothing-here')).status, 404);
    const done = await waitLines(path, before + 7);
    assert.equal(done.length, before + 7);

    const recs = done.slice(before).map((l) => JSON.parse(l));
    for (const r of recs) {
      assert.deepEqual(Object.keys(r), ['time', 'method', 'route', 'status', 'bytes', 'us', 'user']);
      assert.match(r.time, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      assert.ok(Number.isInteger(r.bytes) && r.bytes > 0, JSON.stringify(r));
      assert.ok(Number.isInteger(r.us) && r.us >= 0, JSON.stringify(r));
    }
    assert.deepEqual(recs.map((r) => [r.method, r.route, r.status]), [
      ['GET', '/api/achievements', 200], ['GET', '/api/achievements', 200],
      ['GET', '/api/achievements/{id}', 200], ['GET', '/api/auth/me', 200], ['GET', '/api/auth/me', 200],
      ['GET', '/api/auth/me', 200], ['GET', 'unmatched', 404],
    ]);
    const [u0, u1, u2, uMember, uAdmin, uBearer, u6] = recs.map((r) => r.user);
    assert.equal(u0, null);
    assert.equal(u1, null);
    assert.equal(u6, null);
    assert.match(uMember, /^[0-9a-f]{16}$/);
    assert.equal(u2, uMember);                 // the same user, the same hash
    assert.notEqual(uAdmin, uMember);          // another user, another hash
    assert.equal(uBearer, uAdmin);             // by token or by cookie: the same user

    const text = readFileSync(path, 'utf8');
    assert.ok(!text.includes('SECRETSEARCHWORD'), 'a query string reached the log');
    assert.ok(!text.includes(tok.json.token), 'an API token reached the log');
    for (const v of member.cookies.values()) assert.ok(!text.includes(v), 'a session cookie reached the log');
    assert.ok(!text.includes(`/api/achievements/${id}`), 'a raw path reached the log');
    assert.doesNotMatch(text, new RegExp(`"user":"?${member.user.id}"?[,}]`));
  } finally {
    await srv.stop();
  }
  // Shutdown loses nothing and adds nothing: still one line per request.
  assert.equal(lines(join(dir, 'access.log')).length, 10);
});

test('--access-log - writes the lines to standard output', async () => {
  const srv = await Server.start({ args: ['--access-log', '-'] });
  let out = '';
  srv.proc.stdout.on('data', (d) => { out += d; });
  try {
    assert.equal((await srv.client().get('/healthz')).status, 200);
    for (let i = 0; i < 200 && !out.includes('"route":"/healthz"'); i++) await new Promise((r) => setTimeout(r, 25));
  } finally {
    await srv.stop();
  }
  const line = out.split('\n').find((l) => l.includes('"route":"/healthz"'));
  assert.ok(line, out);
  assert.equal(JSON.parse(line).status, 200);
});

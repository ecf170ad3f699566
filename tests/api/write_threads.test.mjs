// write_threads.test.mjs - writes run on writer threads, apart from the
// threads that serve reads (src/http/server.c, "Writes on writer threads";
// docs/performance.md). Guards against:
//   - reads queued behind writes (issue #17, the mixed profile's p99): a
//     write waiting for the database's write lock held its request thread,
//     and every connection of that thread waited with it (with `--threads 1`
//     a GET sent during such a wait was answered 41 s later, after the
//     writes had given up with 500). Here the write lock is held from
//     outside (the sqlite3 shell's BEGIN IMMEDIATE, or psql's LOCK TABLE on
//     PostgreSQL), three writes are sent (one more than the writer threads)
//     and seen waiting (tb_http_writes_pending = 3), and reads on the one
//     request thread must still answer;
//   - writes that change meaning on the way: once the lock is released every
//     waiting write answers 201 with its own new item, exactly once, a bad
//     write still answers 400 naming the field, and the request counters
//     count each write once.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { Server, cli, DB_KIND, demoEmail } from './lib.mjs';
import { parseProm, val } from './prom.mjs';

const TOKEN = 'write-threads-metrics-token-0123';
let srv, api, release = null;

before(async () => {
  srv = await Server.start({ demo: true, env: { TB_METRICS_TOKEN: TOKEN }, args: ['--threads', '1', '--write-threads', '2'] });
  const t = cli(['token', 'add', '--db', srv.db, '--email', demoEmail('admin')]);
  assert.equal(t.code, 0, t.stderr);
  api = srv.client({ authorization: `Bearer ${t.stdout.trim().split('\n').pop()}` });
});
after(async () => {
  if (release) await release();   // a failed test must not leave the shell holding the lock
  await srv.stop();
});

// Bounded: a request thread stuck behind a write must fail the test, not hang it.
async function scrape() {
  const r = await fetch(srv.base + '/metrics', { headers: { authorization: `Bearer ${TOKEN}` },
                                                 signal: AbortSignal.timeout(8000) });
  assert.equal(r.status, 200);
  return parseProm(await r.text());
}

// Holds the database's write lock from another process until release().
async function holdWriteLock(db) {
  const [cmd, args, sql] = DB_KIND === 'pg'
    ? ['psql', ['-qAtX', db], 'BEGIN; LOCK TABLE achievements IN EXCLUSIVE MODE; SELECT \'locked\';\n']
    : ['sqlite3', [db], 'BEGIN IMMEDIATE;\nSELECT \'locked\';\n'];
  const p = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '', err = '';
  p.stderr.on('data', (d) => { err += d; });
  await new Promise((resolve, reject) => {
    p.stdout.on('data', (d) => { out += d; if (out.includes('locked')) resolve(); });
    p.on('exit', (code) => reject(new Error(`${cmd} exited ${code} before locking: ${err}`)));
    p.stdin.write(sql);
  });
  p.removeAllListeners('exit');
  return async () => {
    const done = new Promise((r) => p.once('exit', r));
    p.stdin.end(DB_KIND === 'pg' ? 'COMMIT;\n\\q\n' : 'COMMIT;\n.quit\n');
    await done;
    release = null;
  };
}

const draft = (i) => ({ title_zh: `写线程测试${i}`, abstract_zh: '写入线程测试的草稿', keywords: ['写线程'],
                        field: '新材料', trl: 5, modes: ['transfer'], price: 1000, owner_org_id: 1 });

test('reads answer while writes wait for the write lock; the writes then answer 201 once each', async () => {
  const m0 = await scrape();
  release = await holdWriteLock(srv.db);
  let settled = 0;
  const writes = [0, 1, 2].map((i) => api.post('/api/achievements', draft(i)).finally(() => { settled++; }));
  // All three are in the server, waiting: two on the writer threads, one queued.
  let pending = 0;
  for (let tries = 0; tries < 200 && pending !== 3; tries++) {
    pending = val(await scrape(), 'tb_http_writes_pending', {});
    if (pending !== 3) await new Promise((r) => setTimeout(r, 25));
  }
  assert.equal(pending, 3, 'three writes queued for or running on the writer threads');
  // Reads: a catalogue page, a detail, the health check.
  const list = await api.get('/api/achievements?limit=1');
  assert.equal(list.status, 200);
  assert.equal(list.json.items.length, 1);
  const one = await api.get(`/api/achievements/${list.json.items[0].id}`);
  assert.equal(one.status, 200);
  assert.equal(one.json.id, list.json.items[0].id);
  assert.equal((await api.get('/healthz')).status, 200);
  assert.equal(settled, 0, 'the writes were still waiting for the lock while the reads answered');
  await release();
  const done = await Promise.all(writes);
  assert.deepEqual(done.map((r) => r.status), [201, 201, 201]);
  const ids = done.map((r) => r.json.id);
  assert.equal(new Set(ids).size, 3);
  for (let i = 0; i < 3; i++) {
    const r = await api.get(`/api/achievements/${ids[i]}`);
    assert.equal(r.status, 200);
    assert.equal(r.json.title_zh, `写线程测试${i}`);
    assert.equal(r.json.status, 'draft');
  }
  const m1 = await scrape();
  assert.equal(val(m1, 'tb_http_writes_pending', {}), 0);
  const lbl = { method: 'POST', route: '/api/achievements', status: '2xx' };
  assert.equal(val(m1, 'tb_http_requests_total', lbl) - val(m0, 'tb_http_requests_total', lbl), 3);
});

test('a write on a writer thread keeps its error semantics: 400 naming the field, 401 without a login', async () => {
  const bad = await api.post('/api/achievements', { ...draft(9), trl: 12 });
  assert.equal(bad.status, 400);
  assert.equal(bad.json.field, 'trl');
  const anon = await srv.client().post('/api/achievements', draft(10));
  assert.equal(anon.status, 401);
  assert.equal(val(await scrape(), 'tb_http_writes_pending', {}), 0);
});

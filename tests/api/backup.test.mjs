// backup.test.mjs - `techbridge backup` (issue #12, docs/deploy.md): an
// online copy of the SQLite file a server is using and writing to; the copy
// opens, has every write acknowledged before the backup started, and passes
// SQLite's integrity check. Bad input: a one-line error and exit 1 (2 for a
// missing option). Guards against backing up by copying the file (torn
// while the server writes; the WAL left behind) and against a backup of a
// mistyped path that silently creates and copies an empty database.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { cli, Server, DB_KIND } from './lib.mjs';

let srv, admin, org;
before(async () => {
  srv = await Server.start();
  admin = await srv.session('admin');
  org = (await admin.post('/api/orgs', { name: '辽宁省科学技术馆', kind: 'agency', city: '沈阳' })).json;
});
after(async () => { await srv.stop(); });

const count = (db, kind) => cli(['export', '--db', db, '--kind', kind, '--format', 'jsonl']).stdout.split('\n').filter(Boolean).length;

if (DB_KIND === 'pg') test('backup of a PostgreSQL database: refused with one line naming its own tools', () => {
  const r = cli(['backup', '--db', srv.db, '--to', join(srv.dir, 'x.db')]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^techbridge backup: .* is not a SQLite database; use the database's own backup tools/m);
  assert.ok(!existsSync(join(srv.dir, 'x.db')));
});

if (DB_KIND === 'sqlite') test('backup of a database being written: whole, consistent, with every earlier write', async () => {
  const base = count(srv.db, 'orgs'); // the demo users' organisations and `org`
  const ids = [];
  for (let i = 0; i < 20; i++) {
    const r = await admin.post('/api/orgs', { name: `备份测试机构${i}`, kind: 'enterprise', city: '大连' });
    assert.equal(r.status, 201);
    ids.push(r.json.id);
  }
  // writes go on during the backup
  let stop = false, during = 0;
  const writer = (async () => {
    while (!stop) {
      const r = await admin.post('/api/orgs', { name: `备份期间写入${during}`, kind: 'enterprise', city: '大连' });
      if (r.status === 201) during++;
    }
  })();
  const out = join(srv.dir, 'backup.db');
  const r = cli(['backup', '--db', srv.db, '--to', out]);
  stop = true;
  await writer;
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /backup written to /);
  assert.ok(!existsSync(out + '.tmp'));
  assert.equal(execFileSync('sqlite3', [out, 'PRAGMA integrity_check;'], { encoding: 'utf8' }).trim(), 'ok');
  const orgs = cli(['export', '--db', out, '--kind', 'orgs', '--format', 'jsonl']).stdout
    .split('\n').filter(Boolean).map((l) => JSON.parse(l).id);
  for (const id of [org.id, ...ids]) assert.ok(orgs.includes(id), `org ${id} in the backup`);
  assert.ok(orgs.length >= base + 20 && orgs.length <= base + 20 + during, `${orgs.length} ${base} ${during}`);
  assert.ok(count(srv.db, 'orgs') >= orgs.length);
});

if (DB_KIND === 'sqlite') test('backup: bad input answers one line and a non-zero exit', () => {
  const missing = cli(['backup', '--db', join(srv.dir, 'no-such.db'), '--to', join(srv.dir, 'x.db')]);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /cannot open .*no-such\.db: no such file/);
  assert.ok(!existsSync(join(srv.dir, 'no-such.db')), 'no empty database created');
  const noTo = cli(['backup', '--db', srv.db]);
  assert.equal(noTo.code, 2);
  assert.match(noTo.stderr, /--to FILE is required/);
  const badDir = cli(['backup', '--db', srv.db, '--to', '/nonexistent-dir/x.db']);
  assert.equal(badDir.code, 1);
  assert.match(badDir.stderr, /cannot write \/nonexistent-dir\/x\.db/);
});

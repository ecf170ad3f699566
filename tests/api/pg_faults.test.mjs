// pg_faults.test.mjs - faults of the PostgreSQL backend (issue #12, "Bad
// input and faults"), on the test cluster of scripts/run-tests.sh
// (TB_TEST_PG_URL) whichever backend the rest of the suite runs on:
// - a wrong URL, an unreachable server, a failed migration: one line naming
//   the cause on stderr and exit code 1, never a crash or a hang;
// - a connection lost in the middle of serving (pg_terminate_backend, as a
//   server restart or a failover does it): that request answers 503 JSON,
//   the node reconnects by itself and the next request is 200, with the
//   session still valid;
// - a failed migration leaves the database as it was (DDL is transactional).
// Guards against: a multi-line libpq message or a bare "storage error"
// instead of the cause; a dead pooled connection answering 500 forever (or
// logging the user out) after the database came back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Server, cli, freshDb, dropDb, sqlShell, pgDbUrl } from './lib.mjs';

const PG = process.env.TB_TEST_PG_URL;
const needPg = () => assert.ok(PG, 'TB_TEST_PG_URL is not set: run through scripts/run-tests.sh (make test / make api), which starts the test cluster');
// Error lines the CLI prints itself (log lines start with a timestamp).
const ownLines = (stderr) => stderr.split('\n').filter((l) => l && !/^\d{4}-\d\d-\d\dT/.test(l));

test('a PostgreSQL URL that cannot be reached: one line naming the cause, exit 1', () => {
  needPg();
  const cases = [
    ['postgresql://nohost.invalid/x', /could not translate host name "nohost\.invalid"/],
    // A socket directory where no server runs, and a closed loopback port.
    [pgDbUrl('x').replace(/host=[^&]*/, 'host=/nonexistent-tb-dir'), /\/nonexistent-tb-dir.*No such file or directory/],
    ['postgresql://127.0.0.1:1/x?connect_timeout=3', /127\.0\.0\.1.*port 1.*(Connection refused|failed)/],
    // The cluster is there, the database is not.
    [pgDbUrl('tb_no_such_database'), /database "tb_no_such_database" does not exist/],
  ];
  for (const [url, cause] of cases) {
    for (const args of [['migrate', '--db', url], ['serve', '--db', url, '--listen', '127.0.0.1:0']]) {
      const t0 = Date.now();
      // Without a test clock serve refuses the test hash cost before it
      // opens anything (docs/security.md); these cases are about the URL.
      const r = cli(args, { timeout: 20000, env: { ...process.env, TB_PWHASH: '' } });
      assert.equal(r.code, 1, `${args.join(' ')}: exit ${r.code}\n${r.stderr}`);
      const lines = ownLines(r.stderr);
      assert.equal(lines.length, 1, `${args.join(' ')}: ${JSON.stringify(r.stderr)}`);
      assert.match(lines[0], new RegExp(`^techbridge ${args[0]}: cannot open `));
      assert.match(lines[0], cause);
      assert.ok(Date.now() - t0 < 15000, 'no hang');
    }
  }
});

test('a URL with a password never prints the password', () => {
  needPg();
  const r = cli(['migrate', '--db', 'postgresql://tb:s3cret-pw@nohost.invalid/x'], { timeout: 20000 });
  assert.equal(r.code, 1);
  assert.doesNotMatch(r.stderr + r.stdout, /s3cret-pw/);
  assert.match(ownLines(r.stderr)[0], /postgresql:\/\/tb:\*\*\*@nohost\.invalid\/x/);
});

test('a failed migration: one line naming the cause, exit 1, the database left as it was', () => {
  needPg();
  const db = freshDb('', 'x', 'pg', { empty: true });
  try {
    // Something already holds the name migration 1 needs.
    sqlShell(db, 'CREATE TABLE orgs (something integer)');
    const r = cli(['migrate', '--db', db]);
    assert.equal(r.code, 1, r.stderr);
    const lines = ownLines(r.stderr);
    assert.equal(lines.length, 1, r.stderr);
    assert.match(lines[0], /^techbridge migrate: migration failed: .*relation "orgs" already exists/);
    assert.match(r.stderr, /migration 1 \(catalog\) failed/);   // the log names the version
    // Nothing of migration 1 (or the version record) stayed behind.
    assert.equal(sqlShell(db, "SELECT count(*) FROM information_schema.tables WHERE table_schema='public' AND table_name IN ('achievements','demands')").trim(), '0');
    assert.equal(sqlShell(db, "SELECT count(*) FROM information_schema.columns WHERE table_name='orgs'").trim(), '1');
  } finally { dropDb(db); }
});

test('a connection lost mid-serving: 503 JSON, then the node reconnects and answers 200', async () => {
  needPg();
  const srv = await Server.start({ db: 'pg' });
  try {
    assert.match(srv.db, /^postgresql:/);
    const admin = await srv.session('admin');
    assert.equal((await admin.get('/api/auth/me')).status, 200);
    assert.equal((await admin.get('/api/orgs')).status, 200);
    // What a server restart or a failover does to every open connection.
    const killed = sqlShell(PG, `SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname='${new URL(srv.db).pathname.slice(1)}'`);
    assert.ok(Number(killed) >= 1, `terminated ${killed}`);
    const r = await admin.get('/api/orgs');
    assert.equal(r.status, 503, r.text);
    assert.deepEqual(r.json, { error: 'storage unavailable', code: 'unavailable' });
    assert.equal(r.headers.get('retry-after'), '1');
    // The next request finds the database again, the session still valid.
    const again = await admin.get('/api/auth/me');
    assert.equal(again.status, 200, again.text);
    assert.equal(again.json.user.role, 'admin');
    for (let i = 0; i < 5; i++) assert.equal((await admin.get('/api/orgs')).status, 200);
    assert.match(srv.stderr, /connection lost/);
    assert.match(srv.stderr, /reconnected/);
  } finally { await srv.stop(); }
});

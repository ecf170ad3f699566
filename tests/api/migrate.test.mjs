// migrate.test.mjs - `techbridge migrate --from URL --to URL` (issue #12) on
// the demo province: every table copied with its ids, the row count of each
// table equal before and after, the indicator figures served from the copy
// equal to those served from the original, ranked search the same; and the
// faults: a target that is not new, a missing source, a half-given pair of
// options, an unknown backend answer one line and exit 1 (2 for usage),
// leaving the target untouched. Guards against a copy that drops or renumbers
// rows (counts and the figures built from them would move) and one that
// writes half a database.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { cli, Server, DB_KIND, sqlShell, demoSmallFile } from './lib.mjs';

let dir, src;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'tb-migrate-'));
  src = join(dir, 'province.db');
  const r = demoSmallFile(src);   // the run's shared copy when there is one
  assert.equal(r.code, 0, r.stderr);
});
after(() => { if (!process.env.TB_KEEP) rmSync(dir, { recursive: true, force: true }); });

const sql = (db, q) => sqlShell(db, q).trim();
// Row counts of the source's data tables (sqlite_* are SQLite's own), in db.
let TABLES;
function counts(db) {
  TABLES ??= sql(src, "SELECT name FROM sqlite_schema WHERE type='table' AND name NOT LIKE 'sqlite%' ORDER BY name").split('\n');
  const out = {};
  for (const t of TABLES) out[t] = Number(sql(db, `SELECT count(*) FROM "${t}"`));
  return out;
}
const FIGURES = ['/api/indicators/summary', '/api/indicators/turnover', '/api/indicators/regions',
  '/api/indicators/funnel', '/api/indicators/challenges'];

// On the PostgreSQL run (TB_TEST_DB=pg) the copy goes from the SQLite file into
// PostgreSQL: `migrate --from sqlite:... --to postgresql://...`.
test(`sqlite -> ${DB_KIND} on the demo province: counts per table, indicator figures and search equal`, async () => {
  const before0 = counts(src);
  assert.ok(before0.achievements > 100 && before0.contracts > 10 && before0.changes > 0, JSON.stringify(before0));
  // the copy is served by a server of its own: migrate into its (new) database
  let copyOut;
  const B = await Server.start({
    users: false,
    setup: (db) => {
      const r = cli(['migrate', '--from', `sqlite:${src}`, '--to', DB_KIND === 'pg' ? db : `sqlite:${db}`]);
      assert.equal(r.code, 0, r.stderr);
      copyOut = { db, stdout: r.stdout };
    },
  });
  const A = await Server.start({ db: 'sqlite', users: false, setup: (db) => { execFileSync('cp', [src, db]); } });
  try {
    assert.match(copyOut.stdout, new RegExp(`copied ${Object.keys(before0).length} tables, \\d+ rows at schema version \\d+`));
    assert.deepEqual(counts(src), before0, 'the source is only read');
    const afterCopy = counts(copyOut.db);
    assert.deepEqual(afterCopy, before0);
    if (DB_KIND === 'sqlite') {
      assert.equal(sql(copyOut.db, 'PRAGMA integrity_check'), 'ok');
      assert.equal(sql(copyOut.db, 'PRAGMA foreign_key_check'), '');
    }
    // ids kept: the same rows under the same ids
    for (const t of ['orgs', 'achievements', 'demands', 'contracts', 'bookings', 'users', 'changes'])
      assert.equal(sql(copyOut.db, `SELECT ${t === 'changes' ? 'seq' : 'id'} FROM ${t} ORDER BY 1`),
        sql(src, `SELECT ${t === 'changes' ? 'seq' : 'id'} FROM ${t} ORDER BY 1`), t);
    const a = A.client(), b = B.client();
    for (const f of FIGURES) {
      const ra = await a.get(f), rb = await b.get(f);
      assert.equal(ra.status, 200, f);
      assert.equal(rb.status, 200, f);
      assert.deepEqual(rb.json, ra.json, f);
    }
    const q = '/api/achievements?q=' + encodeURIComponent('机器人') + '&sort=relevance&limit=20';
    const sa = await a.get(q), sb = await b.get(q);
    assert.ok(sa.json.items.length > 0);
    assert.deepEqual(sb.json.items.map((x) => x.id), sa.json.items.map((x) => x.id));
    // the copy's change log continues from the source's last seq
    if (DB_KIND === 'sqlite')
      assert.equal(sql(copyOut.db, "SELECT seq FROM sqlite_sequence WHERE name='changes'"), sql(src, 'SELECT max(seq) FROM changes'));
  } finally {
    await A.stop();
    await B.stop();
  }
});

test('migrate: faults answer one line and leave the target as it was', () => {
  const target = join(dir, 'target.db');
  let r = cli(['migrate', '--from', `sqlite:${src}`, '--to', `sqlite:${target}`]);
  assert.equal(r.code, 0, r.stderr);
  const n = counts(target);
  r = cli(['migrate', '--from', `sqlite:${src}`, '--to', `sqlite:${target}`]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^techbridge migrate: the target sqlite:.*target\.db is not empty/m);
  assert.equal(r.stderr.trim().split('\n').filter((l) => l.startsWith('techbridge')).length, 1);
  assert.deepEqual(counts(target), n, 'untouched');
  r = cli(['migrate', '--from', `sqlite:${join(dir, 'missing.db')}`, '--to', `sqlite:${join(dir, 'new.db')}`]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /cannot open sqlite:.*missing\.db: no such file/);
  assert.ok(!existsSync(join(dir, 'missing.db')) && !existsSync(join(dir, 'new.db')));
  r = cli(['migrate', '--from', `sqlite:${src}`]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--from URL and --to URL go together/);
  r = cli(['migrate', '--from', `sqlite:${src}`, '--to', 'mysql://x/y']);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^techbridge migrate: cannot open or migrate the target mysql:\/\/x\/y: /m);
});

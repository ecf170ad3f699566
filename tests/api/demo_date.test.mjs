// engines: sqlite
// demo_date.test.mjs - `techbridge demo` makes the same province on any day
// (issue #19). The generator runs every date rule on the demo's own day
// (DEMO_NOW in src/cli/demo.h, 2026-12-01): a year of bookings back from
// "today", challenge deadlines, docking cases and their contracts, the match's
// validity day, the life-cycle pass. It read the real clock before, and the
// small demo had 1,493 achievements on 2 December (Shenyang time) and 1,461 on
// 3 December, which failed the suite every evening after 16:00 UTC.
//
// The guard: the small demo generated under two far-apart clocks (before and
// after the province's midnight, months apart) reads back identically through
// every listing command. Guards against any seeder or domain rule that reads
// the wall clock during generation. Runs on SQLite only: the generator is the
// same code on both engines, and the file-per-engine copy adds nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli, DEMO_DATE } from './lib.mjs';

let dir;
before(() => { dir = mkdtempSync(join(tmpdir(), 'tb-demo-date-')); });
after(() => { if (!process.env.TB_KEEP) rmSync(dir, { recursive: true, force: true }); });

// What the demo holds, read through the CLI (one run of each, at the same
// real time for both databases).
const READS = [
  ['export', '--kind', 'orgs', '--format', 'jsonl'],
  ['export', '--kind', 'achievements', '--format', 'jsonl'],
  ['export', '--kind', 'demands', '--format', 'jsonl'],
  ['booking', 'list'],
  ['instrument', 'list'],
  ['contract', 'list'],
  ['challenge', 'list', '--json'],
  ['event', 'list', '--json'],
  ['broker', 'list'],
  ['bulletin', 'list', '--json'],
  ['stats', 'turnover', '--from', '2019', '--to', '2026', '--format', 'csv'],
  ['stats', 'summary', '--year', '2026', '--format', 'json'],
];

function generate(name, isoNow) {
  const db = join(dir, name);
  const clock = String(Math.floor(Date.parse(isoNow) / 1000));
  const r = cli(['demo', '--db', db, '--small', '--quiet'], { env: { ...process.env, TB_TEST_CLOCK: clock } });
  assert.equal(r.code, 0, r.stderr);
  return db;
}

test('the small demo is the same province whatever the real date and hour', () => {
  // 10:00 in Shenyang on 2 December, 02:00 on 3 December (after the
  // province's midnight, where the suite used to fail), and a summer day
  // half a year later.
  const dbs = [generate('a.db', '2026-12-02T02:00:00Z'), generate('b.db', '2026-12-02T18:00:00Z'),
    generate('c.db', '2027-06-30T18:00:00Z')];
  for (const args of READS) {
    const out = dbs.map((db) => {
      const r = cli([...args, '--db', db]);
      assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
      return r.stdout;
    });
    assert.ok(out[0].length > 200, `${args.join(' ')} reads the demo (${out[0].length} bytes)`);
    assert.equal(out[1], out[0], `${args.join(' ')}: generated after the province's midnight`);
    assert.equal(out[2], out[0], `${args.join(' ')}: generated half a year later`);
  }
  // Its timestamps are the demo's own day, not the real one.
  const orgs = cli(['export', '--db', dbs[1], '--kind', 'orgs', '--format', 'jsonl']).stdout.split('\n').filter(Boolean);
  assert.ok(orgs.length > 0);
  for (const l of orgs) assert.equal(JSON.parse(l).created_at.slice(0, 10), DEMO_DATE);
});

// clock_dates.test.mjs - every "today" that decides behaviour follows the one
// clock (now_unix: TB_TEST_CLOCK / TB_TEST_CLOCK_FILE), never time(NULL), and
// turns at the platform's local midnight (UTC+8). Each test runs the CLI at
// exact instants on both sides of a boundary day, so it gives the same answer
// on any date the suite happens to run.
//
// Guards against (issue #19): docking.c's today_ymd and brokerage.c's today()
// reading time(NULL), so a demand's deadline and an event's registration
// cut-off were decided by the machine's real date whatever the test clock
// said; and event_ops.c's "held" check turning at UTC midnight while the
// registration cut-off turned at local midnight.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server, cli, demoEmail, sqlShell } from './lib.mjs';

let srv, org;
// TB_TEST_CLOCK fixes "now" for one CLI process at the given instant.
const at = (iso) => ({ env: { ...process.env, TB_TEST_CLOCK: String(Date.parse(iso) / 1000) } });
const run = (iso, ...args) => cli([...args, '--db', srv.db], at(iso));

before(async () => {
  srv = await Server.start({ demo: true });
  org = (await srv.session('org_admin')).user.org_id;
  assert.ok(org > 0);
});
after(async () => { await srv.stop(); });

test('matching: a demand is matched through its deadline day (local) and not after it', () => {
  // One published demand with a deadline, given a deadline of our own so the
  // instants below do not depend on when the demo was seeded.
  const id = Number(sqlShell(srv.db, "SELECT min(id) FROM demands WHERE status='published'").trim());
  assert.ok(id > 0);
  sqlShell(srv.db, `UPDATE demands SET deadline='2031-03-31' WHERE id=${id}`);
  const title = sqlShell(srv.db, `SELECT title_zh FROM demands WHERE id=${id}`).trim();
  const ids = (iso) => {
    const r = run(iso, 'match', '--text', title, '--want', 'demands', '--limit', '100', '--json');
    assert.equal(r.code, 0, r.stderr);
    return JSON.parse(r.stdout).items.map((x) => x.id);
  };
  assert.ok(ids('2031-03-31T12:00:00+08:00').includes(id), 'deadline day: still matched');
  // 23:30 local is 15:30 UTC, the same date either way.
  assert.ok(ids('2031-03-31T23:30:00+08:00').includes(id), 'last minutes of the deadline day');
  // 00:30 local on April 1st is still March 31st in UTC: local midnight decides.
  assert.ok(!ids('2031-04-01T00:30:00+08:00').includes(id), 'the day after the deadline: expired');
  assert.ok(!ids('2031-06-01T12:00:00+08:00').includes(id), 'months later: expired');
});

test('events: registration closes at the local midnight after the event ends; held from its first local day', () => {
  const add = run('2031-03-01T12:00:00+08:00', 'event', 'add', '--kind', 'expert_tour', '--title', '时钟边界路演',
    '--starts-on', '2031-03-31', '--online', '--organiser', String(org), '--capacity', '10', '--json');
  assert.equal(add.code, 0, add.stderr);
  const ev = JSON.parse(add.stdout).id;
  const reg = (iso, role) => run(iso, 'event', 'register', '--as', demoEmail(role), '--id', String(ev));

  const late = reg('2031-04-01T00:30:00+08:00', 'member');
  assert.equal(late.code, 2, 'the day after the event (local): closed');
  assert.match(late.stderr, /^status: the event is over/);
  const last = reg('2031-03-31T23:30:00+08:00', 'member');
  assert.equal(last.code, 0, last.stderr);
  assert.match(last.stdout, /attendee \d+/);

  // Marked held: refused the evening before (local), accepted at 07:30 local
  // on the day, which is still the day before in UTC.
  const early = run('2031-03-30T20:00:00+08:00', 'event', 'status', '--id', String(ev), '--status', 'held');
  assert.equal(early.code, 2);
  assert.match(early.stderr, /^status: the event starts on 2031-03-31: not held yet/);
  const held = run('2031-03-31T07:30:00+08:00', 'event', 'status', '--id', String(ev), '--status', 'held');
  assert.equal(held.code, 0, held.stderr);
  assert.match(held.stdout, /\theld\t/);
});

test('brokerage: a case opened without a date is opened on the local day of the clock', () => {
  const one = (sql) => Number(sqlShell(srv.db, sql).trim());
  const ach = one("SELECT min(id) FROM achievements WHERE status='published'");
  const dem = one("SELECT min(id) FROM demands WHERE status='published'");
  // 16:30 UTC on March 31st is 00:30 on April 1st in Shenyang.
  const r = run('2031-03-31T16:30:00Z', 'broker', 'case-open', '--achievement', String(ach), '--demand', String(dem));
  assert.equal(r.code, 0, r.stderr);
  const id = Number(r.stdout.match(/^case (\d+) opened/)[1]);
  assert.equal(sqlShell(srv.db, `SELECT opened_on FROM cases WHERE id=${id}`).trim(), '2031-04-01');
});

// Guards against (issue #19, a faketime run at 2026-12-31 17:00 UTC): the
// indicators' "this year" was the UTC year, and the answer cache keyed its
// day by the UTC date, so from 16:00 to 24:00 UTC on 31 December (the first
// hours of 1 January in Shenyang) the default year was the old one, and a
// cached answer outlived the province's new year. The server runs across
// that midnight on its moved clock; the year turns with Shenyang's.
test('the default indicator year turns at the province\'s new year, cached answers with it', async () => {
  const s = await Server.start({ users: false, at: '2026-12-31T15:58:00Z' }); // 23:58 in Shenyang
  try {
    const a = s.client();
    const year = async () => { const r = await a.get('/api/indicators/summary'); assert.equal(r.status, 200, r.text); return r.json.year; };
    assert.equal(await year(), 2025);      // the last full year, 2026 still running
    assert.equal(await year(), 2025);      // kept (cached)
    s.advance(240);                        // 00:02 on 1 January in Shenyang, 16:02 UTC on 31 December
    assert.equal(s.localDate(), '2027-01-01');
    assert.equal(await year(), 2026);
  } finally { await s.stop(); }
});

// Guards against: the match answer cache keyed its day by the UTC date,
// while the match itself drops a demand after its deadline day in Shenyang;
// a cached answer kept the expired demand for eight more hours (until 00:00
// UTC).
test('a cached match answer drops a demand when its deadline day ends in Shenyang', async () => {
  const s = await Server.start({ at: '2031-03-31T15:50:00Z' }); // 23:50 in Shenyang
  try {
    const admin = await s.session('admin');
    const o = (await admin.post('/api/orgs', { name: '午夜匹配企业', kind: 'enterprise', city: '沈阳' })).json.id;
    const u = (await admin.post('/api/orgs', { name: '午夜匹配大学', kind: 'university', city: '沈阳' })).json.id;
    const d = await admin.post('/api/demands', { title_zh: '午夜边界钛合金激光焊接', desc_zh: '钛合金薄板激光焊接变形控制。',
      keywords: ['钛合金', '激光焊接'], org_id: o, deadline: '2031-03-31', status: 'published' });
    assert.equal(d.status, 201, d.text);
    const x = await admin.post('/api/achievements', { title_zh: '钛合金激光焊接变形控制技术', abstract_zh: '钛合金薄板激光焊接的变形控制方法。',
      keywords: ['钛合金', '激光焊接'], trl: 6, modes: ['licence'], price: 'negotiable', owner_org_id: u, status: 'published' });
    assert.equal(x.status, 201, x.text);
    const hit = async () => {
      const r = await admin.get(`/api/achievements/${x.json.id}/matches?limit=50`);
      assert.equal(r.status, 200, r.text);
      return r.json.items.some((m) => m.demand.id === d.json.id);
    };
    assert.ok(await hit(), 'the deadline day: matched');
    assert.ok(await hit(), 'the deadline day: matched (cached)');
    s.advance(20 * 60);                    // 00:10 on 1 April in Shenyang, 16:10 UTC on 31 March
    assert.ok(!(await hit()), 'the day after the deadline in Shenyang: not matched');
  } finally { await s.stop(); }
});

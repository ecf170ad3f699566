// bulletins.test.mjs - issue #16, "Feeds and bulletins": the weekly and
// monthly bulletin of a period that has ended (new listings by field,
// demands closing soon, headline figures), made once and archived by period,
// through the API, the CLI and the scheduler. Defect guarded: there was no
// bulletin at all; and a bulletin must never be made twice for a period (two
// app nodes, cron and an operator may all try). Time moves with the test
// clock (srv.advance), never with sleeps.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server, cli, complete } from './lib.mjs';

// The ISO week (YYYY-Www) and the local (UTC+08:00) date of a moment.
const local = (ms) => new Date(ms + 8 * 3600e3);
function isoWeek(ms) {
  const d = local(ms);
  const day = (d.getUTCDay() + 6) % 7;                 // Monday 0
  const thu = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - day + 3));
  const jan4 = new Date(Date.UTC(thu.getUTCFullYear(), 0, 4));
  const week1 = Date.UTC(jan4.getUTCFullYear(), 0, 4 - ((jan4.getUTCDay() + 6) % 7));
  const w = Math.floor((thu - week1) / (7 * 86400e3)) + 1;
  const monday = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - day));
  const iso = (x) => x.toISOString().slice(0, 10);
  return { period: `${thu.getUTCFullYear()}-W${String(w).padStart(2, '0')}`, from: iso(monday),
    to: iso(new Date(monday.getTime() + 7 * 86400e3)) };
}
const addDays = (date, n) => new Date(Date.parse(date + 'T00:00:00Z') + n * 86400e3).toISOString().slice(0, 10);

let srv, orgA, orgB;
const week = isoWeek(Date.now());
before(async () => {
  srv = await Server.start({ args: ['--maintain-interval', '0'] });
  const admin = await srv.session('admin');
  orgA = (await admin.post('/api/orgs', { name: '简报测试大学', kind: 'university', city: '沈阳' })).json.id;
  orgB = (await admin.post('/api/orgs', { name: '简报测试企业', kind: 'enterprise', city: '大连' })).json.id;
  const pub = async (kind, body) => {
    const r = await admin.post(`/api/${kind}`, complete(kind, { ...body, status: 'published' }));
    assert.equal(r.status, 201, r.text);
    return r.json.id;
  };
  await pub('achievements', { title_zh: '简报新材料成果一', field: '新材料', owner_org_id: orgA, modes: ['licence'] });
  await pub('achievements', { title_zh: '简报新材料成果二', field: '新材料', owner_org_id: orgA, modes: ['licence'] });
  await pub('achievements', { title_zh: '简报智能制造成果', field: '智能制造', owner_org_id: orgA, modes: ['transfer'] });
  await pub('demands', { title_zh: '简报即将截止需求', field: '新材料', org_id: orgB, deadline: addDays(week.to, 3) });
  await pub('demands', { title_zh: '简报远期需求', field: '新材料', org_id: orgB, deadline: addDays(week.to, 60) });
});
after(async () => { await srv.stop(); });

test('a week that has not ended is refused; after it ends a reviewer makes its bulletin once', async () => {
  const reviewer = await srv.session('reviewer');
  const early = await reviewer.post('/api/bulletins', { period: week.period });
  assert.equal(early.status, 400, early.text);
  assert.equal(early.json.field, 'period');
  assert.equal(early.json.error, `period: ${week.period} has not ended yet (it ends on ${week.to})`);
  assert.equal((await reviewer.post('/api/bulletins', { period: '2026-13' })).json.field, 'period');
  assert.equal((await reviewer.post('/api/bulletins', { period: '2027-W53' })).status, 400);

  srv.advance(7 * 86400);  // the week is over, and it is the last ended week (also on a Sunday)
  const rv = await srv.session('reviewer');
  const member = await srv.session('member');
  assert.equal((await member.post('/api/bulletins', { period: week.period })).status, 403);
  assert.equal((await srv.client().post('/api/bulletins', { period: week.period })).status, 401);
  const made = await rv.post('/api/bulletins', { period: week.period });
  assert.equal(made.status, 201, made.text);
  const b = made.json;
  assert.equal(b.period, week.period);
  assert.equal(b.kind, 'weekly');
  assert.equal(b.from, week.from);
  assert.equal(b.to, week.to);
  assert.equal(b.window_to, addDays(week.to, 14));
  assert.equal(b.generated_by, 'reviewer');   // public: the role, not the address
  assert.deepEqual(b.figures, { new_achievements: 3, new_demands: 2, contracts: 0, contract_amount: 0, contract_amount_fen: 0,
    published_achievements: 3, published_demands: 2, closing_demands: 1, upcoming_events: 0 });
  // New listings by field (fields in code-point order), titles, organisations.
  assert.deepEqual(b.new_achievements.map((g) => [g.field, g.items.map((x) => x.title_zh)]),
    [['新材料', ['简报新材料成果一', '简报新材料成果二']], ['智能制造', ['简报智能制造成果']]]);
  assert.equal(b.new_achievements[0].items[0].org, '简报测试大学');
  assert.deepEqual(b.closing_demands.map((x) => [x.title_zh, x.deadline]), [['简报即将截止需求', addDays(week.to, 3)]]);
  assert.deepEqual(b.events, []);

  // Once per period, whoever asks.
  const again = await rv.post('/api/bulletins', { period: week.period });
  assert.equal(again.status, 409);
  assert.equal(again.json.field, 'period');
  const c2 = cli(['bulletin', 'make', '--period', week.period, '--db', srv.db], srv.cliEnv());
  assert.equal(c2.code, 2);
  assert.equal(c2.stderr.trim(), `period: the bulletin of ${week.period} was made already`);

  // The archive is public; the bulletin reads back as it was made.
  const anon = srv.client();
  const got = await anon.get(`/api/bulletins/${week.period}`);
  assert.equal(got.status, 200);
  assert.deepEqual(got.json, b);
  const list = await anon.get('/api/bulletins?kind=weekly');
  assert.deepEqual(list.json.items.map((x) => x.period), [week.period]);
  assert.equal(list.json.items[0].figures.new_achievements, 3);
  assert.equal((await anon.get('/api/bulletins?kind=daily')).json.field, 'kind');
  assert.equal((await anon.get('/api/bulletins/2001-W02')).status, 404);
  assert.equal((await anon.get('/api/bulletins/abc')).status, 404);
  // The CLI shows the same object.
  const show = cli(['bulletin', 'show', week.period, '--db', srv.db, '--json']);
  assert.equal(show.code, 0, show.stderr);
  assert.deepEqual(JSON.parse(show.stdout), b);
});

test('the scheduler (maintain, serve) makes the last ended week and month, each once', async () => {
  const env = srv.cliEnv();
  const run = () => {
    const r = cli(['maintain', '--db', srv.db, '--json'], env);
    assert.equal(r.code, 0, r.stderr);
    return JSON.parse(r.stdout);
  };
  const first = run();
  const list = (await srv.client().get('/api/bulletins')).json.items.map((x) => x.period);
  // The week was made by the reviewer already; the month that ended before
  // the (advanced) clock is made now, unless that month had been made.
  assert.ok(list.includes(week.period));
  assert.equal(list.filter((p) => /^\d{4}-\d{2}$/.test(p)).length, 1, list.join(' '));
  assert.equal(first.bulletins, 1);
  assert.equal(run().bulletins, 0, 'a second pass makes nothing');
  const show = cli(['bulletin', 'list', '--db', srv.db, '--kind', 'monthly']);
  assert.equal(show.code, 0);
  assert.equal(show.stdout.trim().split('\n').length, 1);
});

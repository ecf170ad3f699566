// cli_events.test.mjs - every API write of events and contact requests has a
// CLI command (issue #14): `techbridge event ...` and `techbridge contact
// ...` on the server's database, as the named account (--as) or as the
// trusted operator, with the API's rules and exit codes (0 ok, 2 bad input
// naming the field). Guards against writes only reachable over HTTP and
// against a CLI that bypasses the organiser or owner checks.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server, cli, demoEmail } from './lib.mjs';

let srv, admin, orgAdmin, other, ach, past;
const year = new Date().getFullYear();
const run = (...args) => cli([...args, '--db', srv.db], srv.cliEnv());

before(async () => {
  srv = await Server.start();
  admin = await srv.session('admin');
  orgAdmin = await srv.session('org_admin');
  other = (await admin.post('/api/orgs', { name: '命令行对接企业', kind: 'enterprise', city: '沈阳' })).json.id;
  ach = (await admin.post('/api/achievements', { title_zh: '命令行路演成果', abstract_zh: '测试。', trl: 6, modes: ['transfer'], owner_org_id: orgAdmin.user.org_id, status: 'published' })).json.id;
  assert.ok(ach);
  // Last year: on January 1st this year's February is not past yet.
  past = `${year - 1}-02-02`;
});
after(async () => { await srv.stop(); });

test('event: add, edit, register, check in, attendees CSV, agenda, held with outcome, outcomes', () => {
  const as = (role) => ['--as', demoEmail(role)];
  const bad = run('event', 'add', ...as('org_admin'), '--kind', 'party', '--title', 'x', '--starts-on', past, '--place', '沈阳');
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /^kind: /);
  const add = run('event', 'add', ...as('org_admin'), '--kind', 'roadshow', '--title', '命令行路演', '--starts-on', past, '--place', '沈阳浑南', '--capacity', '10', '--json');
  assert.equal(add.code, 0, add.stderr);
  const ev = JSON.parse(add.stdout);
  assert.equal(ev.organiser_org_id, orgAdmin.user.org_id);
  assert.equal(run('event', 'edit', ...as('member'), '--id', String(ev.id), '--capacity', '5').code, 2, 'not the organiser');
  const ed = run('event', 'edit', ...as('org_admin'), '--id', String(ev.id), '--capacity', '5', '--title', '命令行路演（改）');
  assert.equal(ed.code, 0, ed.stderr);
  assert.match(ed.stdout, /0\/5 registered\t命令行路演（改）/);
  assert.equal(run('event', 'register', '--id', String(ev.id)).code, 2, 'a person registers: --as');
  // registration is for events not yet over: this one is past, so the CLI answers as the API does
  const reg = run('event', 'register', ...as('member'), '--id', String(ev.id));
  assert.equal(reg.code, 2);
  assert.match(reg.stderr, /^status: the event is over/);
  const ag = run('event', 'agenda-add', ...as('org_admin'), '--id', String(ev.id), '--kind', 'achievement', '--item', String(ach));
  assert.equal(ag.code, 0, ag.stderr);
  assert.match(run('event', 'show', '--id', String(ev.id)).stdout, /achievement \d+\t命令行路演成果/);
  const held = run('event', 'status', ...as('org_admin'), '--id', String(ev.id), '--status', 'held', '--outcome', '9家企业参会');
  assert.equal(held.code, 0, held.stderr);
  assert.match(held.stdout, /\theld\t/);
  const again = run('event', 'status', ...as('org_admin'), '--id', String(ev.id), '--status', 'cancelled');
  assert.equal(again.code, 2);
  assert.match(again.stderr, /^status: cannot go from held to cancelled/);
  const out = run('event', 'outcomes', '--id', String(ev.id));
  assert.equal(out.code, 0, out.stderr);
  assert.match(out.stdout, /^cases_opened,0\ncases_contracted,0\ncontracts,0\ntx_amount,0.00\n/);
  // a future event: registration, check-in by the organiser, the CSV
  const fut = JSON.parse(run('event', 'add', '--kind', 'expert_tour', '--title', '专家企业行', '--starts-on', `${year + 1}-04-01`, '--online', '--organiser', String(orgAdmin.user.org_id), '--json').stdout);
  const r = run('event', 'register', ...as('member'), '--id', String(fut.id), '--name', '=CMD()');
  assert.equal(r.code, 0, r.stderr);
  const att = r.stdout.match(/attendee (\d+)/)[1];
  assert.equal(run('event', 'checkin', ...as('member'), '--id', String(fut.id), '--attendee', att).code, 2);
  assert.equal(run('event', 'checkin', ...as('org_admin'), '--id', String(fut.id), '--attendee', att).code, 0);
  const csv = run('event', 'attendees', ...as('org_admin'), '--id', String(fut.id));
  assert.equal(csv.code, 0, csv.stderr);
  const lines = csv.stdout.trim().split('\r\n');
  assert.equal(lines[0], 'id,name,organisation,registered_at,checked_in_at');
  assert.match(lines[1], new RegExp(`^${att},"'=CMD\\(\\)",`), 'the formula guard');
  assert.equal(run('event', 'attendees', ...as('member'), '--id', String(fut.id)).code, 2);
});

test('contact: ask, the owner declines with a reason or accepts; the asker is a person', () => {
  const as = (role) => ['--as', demoEmail(role)];
  assert.equal(run('contact', 'add', '--kind', 'achievement', '--listing', String(ach), '--message', 'x').code, 2);
  const own = run('contact', 'add', ...as('member'), '--kind', 'achievement', '--listing', String(ach), '--message', '希望对接');
  assert.equal(own.code, 2, 'the member belongs to the owner organisation');
  assert.match(own.stderr, /^listing_id: /);
  const user = cli(['user', 'add', '--db', srv.db, '--email', 'asker@cli.test', '--org', '命令行对接企业', '--role', 'member', '--password', 'asker-pass-2026-x']);
  assert.equal(user.code, 0, user.stderr);
  const ask = run('contact', 'add', '--as', 'asker@cli.test', '--kind', 'achievement', '--listing', String(ach), '--message', '希望了解授权条件', '--json');
  assert.equal(ask.code, 0, ask.stderr);
  const req = JSON.parse(ask.stdout);
  assert.equal(req.status, 'pending');
  const inbox = run('contact', 'list', ...as('org_admin'), '--box', 'in');
  assert.match(inbox.stdout, new RegExp(`^${req.id}\\tachievement ${ach}\\t`, 'm'));
  assert.equal(run('contact', 'decline', '--as', 'asker@cli.test', '--id', String(req.id), '--reason', 'price').code, 2, 'only the owner answers');
  const noReason = run('contact', 'decline', ...as('org_admin'), '--id', String(req.id));
  assert.equal(noReason.code, 2);
  assert.match(noReason.stderr, /^reason: /);
  const dec = run('contact', 'decline', ...as('org_admin'), '--id', String(req.id), '--reason', 'price');
  assert.equal(dec.code, 0, dec.stderr);
  assert.match(dec.stdout, /\tdeclined price\n$/);
  const ask2 = JSON.parse(run('contact', 'add', '--as', 'asker@cli.test', '--kind', 'achievement', '--listing', String(ach), '--message', '再次联系', '--json').stdout);
  const acc = run('contact', 'accept', ...as('org_admin'), '--id', String(ask2.id));
  assert.equal(acc.code, 0, acc.stderr);
  assert.match(acc.stdout, /\taccepted\n$/);
  assert.match(run('contact', 'list', '--as', 'asker@cli.test', '--box', 'out').stdout, /accepted/);
  assert.ok(other > 0);
});

// events.test.mjs - issue #14: roadshows, Expert Enterprise Tours, docking
// meetings and field events - a public calendar, creation by organisers,
// self-registration within capacity, check-in by the organiser once, and the
// attendee list as CSV through the one CSV writer (formula guard).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server } from './lib.mjs';

let srv, admin, orgAdmin, member, broker, ev;
const future = `${new Date().getFullYear() + 1}-03-15`;

before(async () => {
  srv = await Server.start();
  admin = await srv.session('admin');
  orgAdmin = await srv.session('org_admin');
  member = await srv.session('member');
  broker = await srv.session('broker');
});
after(async () => { await srv.stop(); });

test('organisers create events; bad input names the field; others may not', async () => {
  const body = { kind: 'expert_tour', title: '专家企业行·智能制造', starts_on: future, place: '沈阳浑南', fields: ['智能制造'], capacity: 2 };
  const r = await orgAdmin.post('/api/events', body);
  assert.equal(r.status, 201, r.text);
  ev = r.json;
  assert.deepEqual([ev.status, ev.organiser_org_id, ev.registered], ['planned', orgAdmin.user.org_id, 0]);
  assert.equal((await member.post('/api/events', body)).status, 403);
  assert.equal((await srv.client().post('/api/events', body)).status, 401);
  assert.equal((await orgAdmin.post('/api/events', { ...body, kind: 'party' })).json.field, 'kind');
  assert.equal((await orgAdmin.post('/api/events', { ...body, place: undefined })).json.field, 'place');
  assert.equal((await orgAdmin.post('/api/events', { ...body, place: undefined, online: true })).status, 201);
  assert.equal((await orgAdmin.post('/api/events', { ...body, organiser_org_id: broker.user.org_id })).status, 403, 'not for another organisation');
  const cal = await srv.client().get(`/api/events?since=${future}&until=${future}&kind=expert_tour`);
  assert.ok(cal.json.items.some((x) => x.id === ev.id), 'the public calendar');
});

test('attendees register within capacity and are checked in once by the organiser; CSV export', async () => {
  const a1 = await member.post(`/api/events/${ev.id}/register`, { name: '=HYPERLINK("x")' });
  assert.equal(a1.status, 201, a1.text);
  assert.equal((await member.post(`/api/events/${ev.id}/register`, {})).status, 409, 'once');
  assert.equal((await broker.post(`/api/events/${ev.id}/register`, { name: '王经纪' })).status, 201);
  const full = await admin.post(`/api/events/${ev.id}/register`, { name: '管理员' });
  assert.deepEqual([full.status, full.json.field], [409, 'capacity']);
  assert.equal((await member.post(`/api/events/${ev.id}/attendees/${a1.json.id}/checkin`)).status, 403);
  assert.equal((await orgAdmin.post(`/api/events/${ev.id}/attendees/${a1.json.id}/checkin`)).status, 200);
  const again = await orgAdmin.post(`/api/events/${ev.id}/attendees/${a1.json.id}/checkin`);
  assert.deepEqual([again.status, again.json.field], [409, 'attendee']);
  const e = (await srv.client().get(`/api/events/${ev.id}`)).json;
  assert.deepEqual([e.registered, e.checked_in], [2, 1]);
  // Each registration is audited, by whom (guards the mutant
  // event-register-no-audit, which skipped the audit row).
  const reg = (await admin.get('/api/audit?resource=event&action=register&limit=100')).json.items
    .filter((x) => x.resource_id === ev.id);
  assert.deepEqual(reg.map((x) => [x.user_id, x.outcome]).sort(),
    [[member.user.id, 'ok'], [broker.user.id, 'ok']].sort());
  assert.equal((await member.get(`/api/events/${ev.id}/attendees`)).status, 403);
  const csv = await orgAdmin.get(`/api/events/${ev.id}/attendees?format=csv`);
  assert.equal(csv.status, 200);
  const lines = csv.text.trim().split('\r\n');
  assert.equal(lines[0], 'id,name,organisation,registered_at,checked_in_at');
  assert.equal(lines.length, 3);
  assert.match(lines[1], /^\d+,"'=HYPERLINK\(""x""\)",/, 'formula guard of csv_cell');
});

// rebook.test.mjs - a slot that stops being held is bookable again: after a
// cancellation, a rejection and a lapsed waitlist offer, the same slot is
// booked anew. Runs as the least-privileged roles: the instrument is the
// org_admin's organisation's, a member books and cancels, the org_admin
// rejects; a reviewer (who may read bookings but not book) is refused. The
// offer lapses on the server's test clock (srv.advance), not by sleeping.
//
// Guards against (issue #19 mutation run): "a cancelled booking keeps holding
// its slot" (the overlap probe counted cancelled bookings; no test did
// cancel-then-rebook), and the same for rejected and expired bookings.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server } from './lib.mjs';

let srv, orgAdmin, member, reviewer, own;

before(async () => {
  srv = await Server.start();
  orgAdmin = await srv.session('org_admin');
  member = await srv.session('member');
  reviewer = await srv.session('reviewer');
  own = member.user.org_id;
  assert.equal(orgAdmin.user.org_id, own, 'the demo org_admin and member share an organisation');
});
after(async () => { await srv.stop(); });

const ALL_DAY = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, '00:00-24:00']));
async function instrument(over = {}) {
  const r = await orgAdmin.post('/api/instruments', {
    org_id: own, name_zh: '重订测试仪器', category: '测试', fee: { unit: 'hour', internal: 1, academic: 2, enterprise: 3 },
    opening_hours: ALL_DAY, min_slot_minutes: 60, max_slot_minutes: 240, lead_time_hours: 0, cancel_deadline_hours: 0,
    requires_approval: false, offer_hours: 12, ...over,
  });
  assert.equal(r.status, 201, r.text);
  return r.json.id;
}
// A slot 30 days ahead, so the clock moved in the last test stays before it.
const day = new Date(Date.now() + 30 * 86400e3).toISOString().slice(0, 10);
const SLOT = { start: `${day}T09:00`, end: `${day}T11:00` };
const book = (c, id, over = {}) => c.post(`/api/instruments/${id}/bookings`,
  { org_id: own, booker_name: '王工', booker_email: 'wang@example.cn', ...SLOT, ...over });

test('cancel, then book the same slot again', async () => {
  const id = await instrument();
  const a = await book(member, id);
  assert.equal(a.status, 201, a.text);
  assert.equal(a.json.status, 'approved');
  assert.equal((await book(member, id)).status, 409, 'held while approved');
  const cx = await member.post(`/api/bookings/${a.json.id}/cancel`);
  assert.equal(cx.status, 200, cx.text);
  assert.equal(cx.json.status, 'cancelled');
  const again = await book(member, id);
  assert.equal(again.status, 201, `a cancelled booking still holds its slot: ${again.text}`);
  assert.equal(again.json.status, 'approved');
  // one that may not: the reviewer reads bookings but does not book
  assert.equal((await book(reviewer, id, { start: `${day}T13:00`, end: `${day}T14:00` })).status, 403);
});

test('reject, then book the same slot again', async () => {
  const id = await instrument({ requires_approval: true });
  const a = await book(member, id);
  assert.equal(a.json.status, 'pending');
  assert.equal((await book(member, id)).status, 409, 'a pending request holds the slot');
  const rj = await orgAdmin.post(`/api/bookings/${a.json.id}/reject`, { note: '设备校准' });
  assert.equal(rj.status, 200, rj.text);
  assert.equal(rj.json.status, 'rejected');
  const again = await book(member, id);
  assert.equal(again.status, 201, `a rejected booking still holds its slot: ${again.text}`);
  assert.equal(again.json.status, 'pending');
});

test('a lapsed waitlist offer frees the slot (test clock, no sleep)', async () => {
  const id = await instrument();
  const a = await book(member, id);
  const w = await book(member, id, { waitlist: true });
  assert.equal(w.status, 201, w.text);
  assert.equal(w.json.status, 'waitlisted');
  assert.equal((await member.post(`/api/bookings/${a.json.id}/cancel`)).json.status, 'cancelled');
  const offered = await member.get(`/api/bookings/${w.json.id}`);
  assert.equal(offered.json.status, 'offered');
  assert.equal((await book(member, id)).status, 409, 'an offer holds the slot');
  srv.advance(12 * 3600 + 60);                 // past the 12-hour offer window
  member = await srv.session('member');        // the old session has idled out by now
  const again = await book(member, id);
  assert.equal(again.status, 201, `an expired offer still holds its slot: ${again.text}`);
  assert.equal((await member.get(`/api/bookings/${w.json.id}`)).json.status, 'expired');
  assert.equal((await member.post(`/api/bookings/${w.json.id}/accept`)).status, 409, 'a lapsed offer cannot be accepted');
});

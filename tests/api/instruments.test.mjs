// instruments.test.mjs - instrument sharing through the real server:
// catalogue CRUD, booking rules answered with 4xx naming the field, approval
// queue, cancellation deadline, waitlist offers, usage and fees (greater of
// reserved and used), statement CSV, calendar, free search, statistics, and
// the concurrency guarantee: 64 clients POST the same slot at once, exactly
// one gets 201, the other 63 get 409 naming "start", one active booking remains.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server, localMonday } from './lib.mjs';

let srv, c, uni, inst, ent;

const addDays = (d, n) => { const t = new Date(d + 'T00:00:00Z'); t.setUTCDate(t.getUTCDate() + n); return t.toISOString().slice(0, 10); };
const MON = localMonday(7);

before(async () => {
  srv = await Server.start();
  c = await srv.session('admin');
  uni = (await c.post('/api/orgs', { name: '大连理工大学', name_en: 'Dalian University of Technology', kind: 'university', city: '大连' })).json;
  inst = (await c.post('/api/orgs', { name: '中国科学院金属研究所', name_en: 'Institute of Metal Research, CAS', kind: 'institute', city: '沈阳' })).json;
  ent = (await c.post('/api/orgs', { name: '沈阳新松机器人', name_en: 'Siasun Robot', kind: 'enterprise', city: '沈阳' })).json;
});
after(async () => { await srv.stop(); });

const sem = (over = {}) => ({
  org_id: uni.id, name_zh: '扫描电子显微镜', name_en: 'Scanning electron microscope', category: '电子显微镜',
  model: 'SU8010', manufacturer: 'Hitachi', location: '材料楼 B102', specs: '分辨率 1.0 nm @ 15 kV',
  services: ['self_operation', 'staff_operated'], training_required: false,
  fee: { unit: 'hour', internal: 150, academic: 300, enterprise: 600 },
  opening_hours: { mon: '08:00-18:00', tue: '08:00-18:00', wed: '08:00-18:00', thu: '08:00-18:00', fri: '08:00-18:00', sat: null, sun: null },
  closed_dates: [addDays(MON, 3)], min_slot_minutes: 60, max_slot_minutes: 240,
  lead_time_hours: 24, cancel_deadline_hours: 24, requires_approval: false, status: 'available', value: 3200000, ...over,
});
const book = (id, start, end, over = {}) => c.post(`/api/instruments/${id}/bookings`, {
  org_id: ent.id, booker_name: '李工', booker_email: 'li@siasun.com', start, end, ...over });

test('create, get, list and patch an instrument', async () => {
  const r = await c.post('/api/instruments', sem());
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.org.name, '大连理工大学');
  assert.equal(r.json.opening_hours.mon, '08:00-18:00');
  assert.equal(r.json.opening_hours.sat, null);
  assert.equal(r.json.kpi, true);
  assert.deepEqual(r.json.services, ['self_operation', 'staff_operated']);
  const g = await c.get(`/api/instruments/${r.json.id}`);
  assert.equal(g.json.fee.enterprise, 600);
  const l = await c.get('/api/instruments?category=' + encodeURIComponent('电子显微镜'));
  assert.ok(l.json.items.some((x) => x.id === r.json.id));
  const q = await c.get('/api/instruments?q=hitachi');
  assert.ok(q.json.items.some((x) => x.id === r.json.id));
  const p = await c.patch(`/api/instruments/${r.json.id}`, { location: '材料楼 B104' });
  assert.equal(p.status, 200);
  assert.equal(p.json.location, '材料楼 B104');
  assert.equal(p.json.fee.academic, 300);
});

test('bad instrument input names the field', async () => {
  for (const [over, field] of [
    [{ org_id: 999999 }, 'org_id'], [{ services: ['dancing'] }, 'services'],
    [{ fee: { unit: 'day' } }, 'fee.unit'], [{ opening_hours: { mon: '18:00-08:00' } }, 'opening_hours'],
    [{ min_slot_minutes: 300, max_slot_minutes: 60 }, 'max_slot_minutes'], [{ status: 'broken' }, 'status'],
    [{ closed_dates: ['2026-02-30'] }, 'closed_dates'], [{ colour: 'red' }, 'colour'],
  ]) {
    const r = await c.post('/api/instruments', sem(over));
    assert.equal(r.status, 400, JSON.stringify(over) + r.text);
    assert.equal(r.json.field, field, JSON.stringify(over));
  }
});

test('booking rules: opening hours, closed date, slot length, lead time, status', async () => {
  const id = (await c.post('/api/instruments', sem({ name_zh: '规则测试电镜' }))).json.id;
  const cases = [
    [`${MON}T07:00`, `${MON}T09:00`, 'start', /opening hours/],
    [`${MON}T17:00`, `${MON}T19:00`, 'end', /opening hours/],
    [`${addDays(MON, 5)}T09:00`, `${addDays(MON, 5)}T10:00`, 'start', /closed on sat/],
    [`${addDays(MON, 3)}T09:00`, `${addDays(MON, 3)}T10:00`, 'start', /closed on/],
    [`${MON}T09:00`, `${MON}T09:30`, 'end', /at least 60/],
    [`${MON}T09:00`, `${MON}T15:00`, 'end', /at most 240/],
    [`${MON}T11:00`, `${MON}T10:00`, 'end', /after start/],
    ['2020-01-06T09:00', '2020-01-06T10:00', 'start', /lead time/],
    ['next monday', `${MON}T10:00`, 'start', /ISO-8601/],
  ];
  for (const [s, e, field, msg] of cases) {
    const r = await book(id, s, e);
    assert.equal(r.status, 400, `${s} ${e}: ${r.text}`);
    assert.equal(r.json.field, field, `${s} ${e}`);
    assert.match(r.json.error, msg);
  }
  const missing = await c.post(`/api/instruments/${id}/bookings`, { start: `${MON}T09:00`, end: `${MON}T10:00` });
  assert.equal(missing.json.field, 'org_id');
  const ok = await book(id, `${MON}T09:00+08:00`, `${MON}T01:00:00Z`.replace('01:00', '03:00'));
  assert.equal(ok.status, 201, ok.text);
  assert.equal(ok.json.start, `${MON}T09:00:00+08:00`);
  assert.equal(ok.json.end, `${MON}T11:00:00+08:00`);
  assert.equal(ok.json.status, 'approved');
  assert.equal(ok.json.user_class, 'enterprise');
  // Guards: the maintenance PATCH was never checked, so a failed PATCH made the
  // 409 below come from something else.
  const mp = await c.patch(`/api/instruments/${id}`, { status: 'maintenance' });
  assert.equal(mp.status, 200, mp.text);
  assert.equal(mp.json.status, 'maintenance');
  const m = await book(id, `${addDays(MON, 1)}T09:00`, `${addDays(MON, 1)}T10:00`);
  assert.equal(m.status, 409);
  assert.equal(m.json.field, 'instrument');
  const nf = await book(999999, `${MON}T09:00`, `${MON}T10:00`);
  assert.equal(nf.status, 404);
});

test('training gate: qualification with expiry', async () => {
  const id = (await c.post('/api/instruments', sem({ name_zh: '激光共聚焦显微镜', training_required: true }))).json.id;
  const r = await book(id, `${MON}T09:00`, `${MON}T10:00`);
  assert.equal(r.status, 403);
  assert.equal(r.json.field, 'booker_email');
  const expired = await c.post(`/api/instruments/${id}/qualifications`, { org_id: ent.id, email: 'li@siasun.com', expires_on: '2021-01-01' });
  assert.equal(expired.status, 201);
  assert.equal((await book(id, `${MON}T09:00`, `${MON}T10:00`)).status, 403);
  await c.post(`/api/instruments/${id}/qualifications`, { org_id: ent.id, email: 'LI@siasun.com', expires_on: addDays(MON, 30) });
  const ok = await book(id, `${MON}T09:00`, `${MON}T10:00`);
  assert.equal(ok.status, 201, ok.text);
  const bad = await c.post(`/api/instruments/${id}/qualifications`, { org_id: ent.id, email: 'x@y.cn', expires_on: 'soon' });
  assert.equal(bad.json.field, 'expires_on');
});

test('approval queue: pending holds the slot; approve, reject frees it', async () => {
  const id = (await c.post('/api/instruments', sem({ name_zh: '核磁共振波谱仪', requires_approval: true }))).json.id;
  const a = await book(id, `${MON}T09:00`, `${MON}T11:00`);
  assert.equal(a.json.status, 'pending');
  const clash = await book(id, `${MON}T10:00`, `${MON}T12:00`, { org_id: inst.id });
  assert.equal(clash.status, 409);
  assert.equal(clash.json.field, 'start');
  // Nobody approves their own request (issue #10): a second administrator decides.
  assert.equal((await c.post(`/api/bookings/${a.json.id}/approve`)).status, 403);
  const u2 = await c.post('/api/users', { email: 'approver@instruments.test.cn', role: 'admin', password: 'second-admin-pass' });
  assert.equal(u2.status, 201, u2.text);
  const c2 = srv.client();
  assert.equal((await c2.login('approver@instruments.test.cn', 'second-admin-pass')).status, 200);
  const q = await c2.get(`/api/bookings/pending?owner_org=${uni.id}`);
  assert.ok(q.json.items.some((x) => x.id === a.json.id));
  const ap = await c2.post(`/api/bookings/${a.json.id}/approve`, { note: '请提前10分钟到场' });
  assert.equal(ap.json.status, 'approved');
  const again = await c2.post(`/api/bookings/${a.json.id}/approve`);
  assert.equal(again.status, 409);
  const b = await book(id, `${MON}T13:00`, `${MON}T14:00`, { org_id: inst.id });
  const rj = await c2.post(`/api/bookings/${b.json.id}/reject`, { note: '设备调试' });
  assert.equal(rj.json.status, 'rejected');
  assert.equal((await book(id, `${MON}T13:00`, `${MON}T14:00`)).status, 201);
});

test('cancellation deadline and waitlist offer', async () => {
  const id = (await c.post('/api/instruments', sem({ name_zh: 'X射线衍射仪', lead_time_hours: 0, cancel_deadline_hours: 48 }))).json.id;
  const d = addDays(MON, 1);
  const a = await book(id, `${d}T09:00`, `${d}T11:00`);
  assert.equal(a.status, 201);
  const w = await book(id, `${d}T10:00`, `${d}T11:00`, { org_id: inst.id, waitlist: true });
  assert.equal(w.status, 201);
  assert.equal(w.json.status, 'waitlisted');
  const cx = await c.post(`/api/bookings/${a.json.id}/cancel`);
  assert.equal(cx.json.status, 'cancelled');
  const offered = await c.get(`/api/bookings/${w.json.id}`);
  assert.equal(offered.json.status, 'offered');
  assert.ok(offered.json.offer_expires);
  // an offered slot is held
  assert.equal((await book(id, `${d}T10:00`, `${d}T10:30`.replace('10:30', '11:00'))).status, 409);
  const acc = await c.post(`/api/bookings/${w.json.id}/accept`);
  assert.equal(acc.json.status, 'approved');
  // inside the deadline: a booking 2 hours ahead cannot be cancelled (48 h deadline)
  const cal = await c.get(`/api/instruments/${id}/calendar?from=${d}&to=${addDays(d, 1)}`);
  assert.equal(cal.status, 200);
  assert.equal(cal.json.busy.length, 1);
  assert.equal(cal.json.busy[0].start, `${d}T10:00:00+08:00`);
  assert.ok(!('booker_email' in cal.json.busy[0]));
  const late = (await c.post('/api/instruments', sem({ name_zh: '取消期限测试', lead_time_hours: 0, cancel_deadline_hours: 24 * 60, opening_hours: { mon: '00:00-24:00', tue: '00:00-24:00', wed: '00:00-24:00', thu: '00:00-24:00', fri: '00:00-24:00', sat: '00:00-24:00', sun: '00:00-24:00' }, closed_dates: [] }))).json.id;
  const lb = await book(late, `${MON}T09:00`, `${MON}T10:00`);
  assert.equal(lb.status, 201, lb.text);
  const lc = await c.post(`/api/bookings/${lb.json.id}/cancel`);
  assert.equal(lc.status, 409);
  assert.match(lc.json.error, /cancellation closes/);
});

test('usage, fees (greater of reserved and used) and the statement CSV', async () => {
  const id = (await c.post('/api/instruments', sem({ name_zh: '液相色谱-质谱联用仪' }))).json.id;
  const a = await book(id, `${MON}T09:00`, `${MON}T11:00`);            // enterprise 600/h
  const u = await c.post(`/api/bookings/${a.json.id}/usage`, { actual_start: `${MON}T09:10`, actual_end: `${MON}T10:10` });
  assert.equal(u.status, 200, u.text);
  assert.equal(u.json.status, 'completed');
  assert.equal(u.json.usage.billed_quantity, 2);
  assert.equal(u.json.usage.fee, 1200);
  const b = await book(id, `${MON}T13:00`, `${MON}T14:00`);
  const u2 = await c.post(`/api/bookings/${b.json.id}/usage`, { actual_start: `${MON}T13:00`, actual_end: `${MON}T14:30` });
  assert.equal(u2.json.usage.fee, 900);
  const twice = await c.post(`/api/bookings/${b.json.id}/usage`, {});
  assert.equal(twice.status, 409);
  const ps = (await c.post('/api/instruments', sem({ name_zh: '电感耦合等离子体质谱仪', fee: { unit: 'sample', internal: 50, academic: 80, enterprise: 200 } }))).json.id;
  const s = await book(ps, `${MON}T09:00`, `${MON}T10:00`, { samples: 5, service: 'staff_operated' });
  const su = await c.post(`/api/bookings/${s.json.id}/usage`, { samples: 6 });
  assert.equal(su.json.usage.fee, 1200);
  const month = MON.slice(0, 7);
  const csv = await c.get(`/api/statements.csv?org=${ent.id}&month=${month}`);
  assert.equal(csv.status, 200);
  assert.match(csv.headers.get('content-type'), /text\/csv/);
  const lines = csv.text.trim().split('\r\n');
  assert.match(lines[0], /^booking_id,date,instrument_id,instrument/);
  assert.ok(lines.some((l) => l.startsWith(`${a.json.id},`) && l.endsWith(',1200.00')));
  assert.ok(lines.at(-1).startsWith('total,'));
  assert.ok(lines.at(-1).endsWith(',3300.00'), lines.at(-1));
  const bad = await c.get(`/api/statements.csv?org=${ent.id}&month=2026-13`);
  assert.equal(bad.status, 400);
  assert.equal(bad.json.field, 'month');
  const l = await c.get(`/api/bookings?org=${ent.id}&status=completed`);
  assert.equal(l.json.total, 3);
  const stats = await c.get(`/api/instruments/stats?from=${addDays(MON, -1)}&to=${addDays(MON, 6)}`);
  assert.equal(stats.status, 200, stats.text);
  assert.equal(stats.json.revenue, 3300);
  // Guards: `used_hours > 0 && utilisation > 0` passed on any figure. Known
  // exactly: 8 instruments of one institution so far in this file; used 2.5 h
  // (LC-MS) + 1 h (ICP-MS, samples); open 7 x 40 h (Mon-Fri 10 h, one closed
  // day) + 168 h (the round-the-clock one) = 448 h; 3.5 / 448 = 0.0078.
  assert.equal(stats.json.instruments, 8);
  assert.equal(stats.json.institutions, 1);
  assert.equal(stats.json.used_hours, 3.5);
  assert.equal(stats.json.open_hours, 448);
  assert.equal(stats.json.utilisation, 0.0078);
  assert.equal(stats.json.uses, 3);
  assert.ok(stats.json.by_category.some((x) => x.category === '电子显微镜'));
  const lcms = stats.json.by_instrument.find((x) => x.id === id);
  assert.ok(lcms && lcms.used_hours === 2.5 && lcms.open_hours === 40, JSON.stringify(lcms));
});

test('what is free across all instruments', async () => {
  const id = (await c.post('/api/instruments', sem({ name_zh: '高性能计算集群', category: '计算' }))).json.id;
  const d = addDays(MON, 2);
  const before = await c.get(`/api/instruments/free?from=${d}T09:00&to=${d}T10:00&category=${encodeURIComponent('计算')}`);
  assert.ok(before.json.items.some((x) => x.id === id));
  await book(id, `${d}T09:30`, `${d}T10:30`);
  const after = await c.get(`/api/instruments/free?from=${d}T09:00&to=${d}T10:00&category=${encodeURIComponent('计算')}`);
  assert.ok(!after.json.items.some((x) => x.id === id));
  const night = await c.get(`/api/instruments/free?from=${d}T20:00&to=${d}T21:00`);
  // closed at night; only the round-the-clock instrument from the cancellation test is free
  assert.ok(!night.json.items.some((x) => x.id === id));
  assert.ok(night.json.items.every((x) => x.opening_hours.wed === '00:00-24:00'));
  const miss = await c.get('/api/instruments/free?from=2026-12-01T09:00');
  assert.equal(miss.json.field, 'to');
});

test('concurrency: 64 clients POST the same slot, exactly one wins', async () => {
  const id = (await c.post('/api/instruments', sem({ name_zh: '并发测试透射电镜', name_en: 'TEM (concurrency)' }))).json.id;
  const d = addDays(MON, 1);
  // 64 concurrent requests on 64 connections; one session serves them all (64
  // logins cost 64 argon2id hashes, 30 s on a busy 2-core machine, and add nothing).
  const clients = Array.from({ length: 64 }, () => c);
  const res = await Promise.all(clients.map((cl, i) => cl.post(`/api/instruments/${id}/bookings`, {
    org_id: [uni.id, inst.id, ent.id][i % 3], booker_name: `用户${i}`, booker_email: `u${i}@example.cn`,
    start: `${d}T14:00`, end: `${d}T16:00` })));
  const codes = res.map((r) => r.status);
  assert.equal(codes.filter((s) => s === 201).length, 1, JSON.stringify(codes));
  assert.equal(codes.filter((s) => s === 409).length, 63, JSON.stringify(codes));
  for (const r of res.filter((x) => x.status === 409)) {
    assert.equal(r.json.field, 'start');
    assert.match(r.json.error, /overlaps another booking/);
  }
  const list = await c.get(`/api/bookings?instrument=${id}`);
  const active = list.json.items.filter((b) => ['pending', 'approved', 'offered'].includes(b.status));
  assert.equal(active.length, 1);
  assert.equal(list.json.total, 1);
});

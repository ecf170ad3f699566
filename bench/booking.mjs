#!/usr/bin/env node
// booking.mjs - booking throughput through the HTTP API with the no-overlap
// guarantee held. Starts the real server on a fresh database (tests/api/lib.mjs),
// creates instruments open round the clock, then runs two phases with N
// concurrent clients for a fixed time each:
//   distinct:  every client books its own instrument, slot after slot (no collisions)
//   contested: all clients race for the same slots, in the same order, on a few
//              instruments: each slot is requested by every client, one wins
//   random:    clients book random 1-hour slots in a shared space of hot x slots
//              (collisions grow as it fills)
// and prints requests/s, bookings/s (201) and conflicts/s (409) per phase.
// Afterwards it reads every instrument's bookings back and verifies that no
// two slot-holding bookings overlap and that their number equals the 201s.
//
// usage: node bench/booking.mjs [--clients 64] [--seconds 5] [--slots 2000]
//        [--hot 4] [--bin build/techbridge] [--threads 0]
// exit status 1 when an overlap (or a count mismatch) is found.
import { Server } from '../tests/api/lib.mjs';

const arg = (k, d) => { const i = process.argv.indexOf('--' + k); return i > 0 ? process.argv[i + 1] : d; };
const CLIENTS = Number(arg('clients', 64));
const SECONDS = Number(arg('seconds', 5));
const SLOTS = Number(arg('slots', 2000));    // slot space per hot instrument (random phase)
const HOT = Number(arg('hot', 4));           // shared instruments (contested and random phases)
if (arg('bin')) process.env.TB_BIN = arg('bin');
const threads = arg('threads');

const ALL_DAY = { mon: '00:00-24:00', tue: '00:00-24:00', wed: '00:00-24:00', thu: '00:00-24:00', fri: '00:00-24:00', sat: '00:00-24:00', sun: '00:00-24:00' };
const base = Date.now() + 8 * 3600e3 + 3 * 86400e3;          // local, 3 days ahead
const day0 = new Date(base).toISOString().slice(0, 10);
// slot k = one hour starting k hours after day0 00:00 local
const slot = (k) => {
  const t = new Date(Date.parse(day0 + 'T00:00:00Z') + k * 3600e3).toISOString().slice(0, 16);
  const e = new Date(Date.parse(day0 + 'T00:00:00Z') + (k + 1) * 3600e3).toISOString().slice(0, 16);
  return [t, e];
};

const srv = await Server.start({ args: threads ? ['--threads', threads] : [] });
const c = await srv.session('admin'); // writes need an account; one session serves every client
const org = (await c.post('/api/orgs', { name: '基准测试大学', kind: 'university' })).json;
const ent = (await c.post('/api/orgs', { name: '基准测试企业', kind: 'enterprise' })).json;
const mk = async (i) => (await c.post('/api/instruments', {
  org_id: org.id, name_zh: `基准仪器${i}`, name_en: `Bench instrument ${i}`, category: 'bench',
  opening_hours: ALL_DAY, min_slot_minutes: 60, max_slot_minutes: 60, lead_time_hours: 0,
  fee: { unit: 'hour', internal: 1, academic: 2, enterprise: 3 } })).json.id;
const distinctIds = [];
for (let i = 0; i < CLIENTS; i++) distinctIds.push(await mk(i));
const hotIds = [], rndIds = [];
for (let i = 0; i < HOT; i++) hotIds.push(await mk(`hot${i}`));
for (let i = 0; i < HOT; i++) rndIds.push(await mk(`rnd${i}`));

// Baseline on the same machine and client: a read of one instrument, no write.
async function baseline() {
  const stop = Date.now() + SECONDS * 1000; let n = 0;
  const t0 = process.hrtime.bigint();
  await Promise.all(Array.from({ length: CLIENTS }, async () => {
    const cl = srv.client();
    while (Date.now() < stop) { await cl.get(`/api/instruments/${distinctIds[0]}`); n++; }
  }));
  const secs = Number(process.hrtime.bigint() - t0) / 1e9;
  console.log(`${'baseline'.padEnd(10)} clients=${CLIENTS} ${secs.toFixed(1)}s  GET instrument requests/s=${(n / secs).toFixed(0)}`);
}

async function phase(name, pick) {
  const stop = Date.now() + SECONDS * 1000;
  let ok = 0, conflict = 0, other = 0;
  const t0 = process.hrtime.bigint();
  await Promise.all(Array.from({ length: CLIENTS }, async (_, ci) => {
    const cl = c;
    for (let n = 0; Date.now() < stop; n++) {
      const [id, k] = pick(ci, n);
      const [s, e] = slot(k);
      const r = await cl.post(`/api/instruments/${id}/bookings`, { org_id: ent.id, booker_email: `c${ci}@bench.cn`, start: s, end: e });
      if (r.status === 201) ok++;
      else if (r.status === 409 && r.json?.field === 'start') conflict++;
      else { other++; if (other < 5) console.error(name, r.status, r.text); }
    }
  }));
  const secs = Number(process.hrtime.bigint() - t0) / 1e9;
  const total = ok + conflict + other;
  console.log(`${name.padEnd(10)} clients=${CLIENTS} ${secs.toFixed(1)}s  requests/s=${(total / secs).toFixed(0)}  bookings/s=${(ok / secs).toFixed(0)}  conflicts/s=${(conflict / secs).toFixed(0)}  other=${other}`);
  return { ok, conflict, other };
}

await baseline();
// distinct: client i walks its own instrument's slots: 0, 1, 2, ... (never collides)
const d = await phase('distinct', (ci, n) => [distinctIds[ci], n]);
// contested: request n of every client targets the same slot
const x = await phase('contested', (ci, n) => [hotIds[n % HOT], Math.floor(n / HOT)]);
// random: everyone draws from HOT instruments x SLOTS slots
const y = await phase('random', () => [rndIds[Math.floor(Math.random() * HOT)], Math.floor(Math.random() * SLOTS)]);

// verification: read everything back
let active = 0, overlaps = 0;
for (const id of [...distinctIds, ...hotIds, ...rndIds]) {
  const rows = [];
  for (let off = 0; ; off += 500) {
    const r = await c.get(`/api/bookings?instrument=${id}&limit=500&offset=${off}`);
    rows.push(...r.json.items);
    if (r.json.items.length < 500) break;
  }
  const act = rows.filter((b) => ['pending', 'approved', 'offered'].includes(b.status)).sort((a, b) => a.start.localeCompare(b.start));
  active += act.length;
  for (let i = 1; i < act.length; i++) if (act[i].start < act[i - 1].end) overlaps++;
}
const wins = d.ok + x.ok + y.ok;
console.log(`verify     slot-holding bookings=${active} 201s=${wins} overlaps=${overlaps} ${overlaps === 0 && active === wins ? 'OK' : 'FAILED'}`);
await srv.stop();
process.exit(overlaps === 0 && active === wins ? 0 : 1);

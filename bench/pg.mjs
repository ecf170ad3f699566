#!/usr/bin/env node
// pg.mjs - PostgreSQL against SQLite, and one app node against two on
// PostgreSQL (issue #12), every figure a ratio measured in one run with both
// backends' servers up at once (measurements alternate, so a drift of the
// shared machine hits both sides):
//   booking:    N clients each booking its own instrument slot after slot
//               through the API (POST .../bookings, the no-overlap probe and
//               the database's constraint), bookings/s PostgreSQL / SQLite;
//   reads:      wrk with bench/reads.lua (catalogue page, ranked search,
//               detail, a demand's matches) against one node, PostgreSQL /
//               SQLite;
//   nodes:      the same reads against one PostgreSQL node, then against two
//               nodes on the same database at once (target >= 1.6x when the
//               database is not the bottleneck); the CPU time of the
//               PostgreSQL backends, the nodes and wrk during each is printed,
//               which says what the bottleneck was;
//   visibility: a listing published through node A (the 201 is the commit)
//               is searched for on node B until found, over W writes, on
//               both backends: median, p99, max (target p99 <= 1 s).
// The PostgreSQL cluster is TB_TEST_PG_URL's, or a throw-away one started
// here (scripts/pg-cluster.sh) and stopped at the end.
// usage: node bench/pg.mjs [--writes 1000] [--seconds 5] [--conns 32]
//        [--clients 16] [--bin build/techbridge]
// exit status 1 when a write is not visible on B within 5 s or a request fails.
import { spawn, execFileSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { mkdtempSync, readFileSync } from 'node:fs';

const arg = (k, d) => { const i = process.argv.indexOf('--' + k); return i > 0 ? process.argv[i + 1] : d; };
const WRITES = Number(arg('writes', 1000));
const SECONDS = Number(arg('seconds', 5));
const CONNS = Number(arg('conns', 32));
const CLIENTS = Number(arg('clients', 16));
if (arg('bin')) process.env.TB_BIN = arg('bin');

// lib.mjs reads TB_TEST_PG_URL when it is loaded: the cluster comes first.
let cluster = null;
if (!process.env.TB_TEST_PG_URL) {
  cluster = mkdtempSync('/tmp/tb-bench-pg.');
  process.env.TB_TEST_PG_URL = execFileSync('scripts/pg-cluster.sh', ['start', cluster], { encoding: 'utf8' }).trim();
}
const { Server } = await import('../tests/api/lib.mjs');

const pct = (xs, p) => xs[Math.min(xs.length - 1, Math.floor(p * xs.length))];
const med = (xs) => { const s = [...xs].sort((x, y) => x - y); return s[Math.floor(s.length / 2)]; };
const f0 = (x) => x.toFixed(0);
let status = 0;

// CPU seconds (user + system) of a set of processes, from /proc.
function cpuSecs(pids) {
  let ticks = 0;
  for (const pid of pids) {
    try {
      const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      ticks += Number(f[11]) + Number(f[12]);   // utime, stime (fields 14, 15)
    } catch { /* gone */ }
  }
  return ticks / 100;
}
// The PostgreSQL backends serving a database (its nodes' pooled connections).
function pgPids(db) {
  const name = new URL(db).pathname.slice(1);
  return execFileSync('psql', ['-qAtX', '-c', `SELECT pid FROM pg_stat_activity WHERE datname='${name}'`, db],
    { encoding: 'utf8' }).split('\n').filter(Boolean).map(Number);
}

function wrk(base, conns, env, threads = 1) {
  return new Promise((resolve, reject) => {
    const p = spawn('wrk', [`-t${threads}`, `-c${conns}`, `-d${SECONDS}s`, '-s', 'bench/reads.lua', base],
      { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const pid = p.pid;
    p.stdout.on('data', (d) => { out += d; });
    p.on('error', reject);
    // wrk's own CPU, read just before it exits (a zombie's stat is still there).
    let wcpu = 0;
    const timer = setInterval(() => { const c = cpuSecs([pid]); if (c) wcpu = c; }, 200);
    p.on('exit', () => {
      clearInterval(timer);
      const m = out.match(/Requests\/sec:\s+([\d.]+)/);
      const bad = out.match(/Non-2xx or 3xx responses:\s+(\d+)/);
      if (!m) return reject(new Error('wrk: ' + out));
      resolve({ rps: Number(m[1]), errors: bad ? Number(bad[1]) : 0, cpu: wcpu });
    });
  });
}

// Reads against `nodes` at once (connections split), with the CPU each side used.
async function reads(stack, nodes) {
  const pids = stack.pg ? pgPids(stack.A.db) : [];
  const nodePids = nodes.map((s) => s.proc.pid);
  const c0 = { db: cpuSecs(pids), nodes: cpuSecs(nodePids) };
  const t0 = process.hrtime.bigint();
  const rs = await Promise.all(nodes.map((s) => wrk(s.base, CONNS / nodes.length, stack.env, nodes.length === 1 ? 2 : 1)));
  const secs = Number(process.hrtime.bigint() - t0) / 1e9;
  return {
    rps: rs.reduce((x, r) => x + r.rps, 0), errors: rs.reduce((x, r) => x + r.errors, 0),
    cpu: { db: (cpuSecs(pids) - c0.db) / secs, nodes: (cpuSecs(nodePids) - c0.nodes) / secs,
      wrk: rs.reduce((x, r) => x + r.cpu, 0) / secs },
  };
}

async function stackUp(kind) {
  const A = await Server.start({ demo: true, db: kind });
  const B = await Server.start({ sharing: A });
  const admin = await A.session('admin');
  const ach = (await admin.get('/api/achievements?limit=50')).json.items.map((x) => x.id);
  const dem = (await admin.get('/api/demands?limit=50')).json.items.map((x) => x.id);
  const org = (await admin.get('/api/orgs?limit=1')).json.items[0].id;
  return { kind, pg: kind === 'pg', A, B, admin, org, env: { TB_ACH_IDS: ach.join(','), TB_DEM_IDS: dem.join(',') } };
}

async function visibility(st) {
  const anonB = st.B.client(), lat = [];
  let missed = 0;
  for (let i = 0; i < WRITES; i++) {
    const word = `vis${st.kind}${i}q`;
    const r = await st.admin.post('/api/achievements', {
      title_zh: `可见性测试成果${i}`, title_en: `Visibility ${word}`, keywords: ['可见性'],
      abstract_zh: '两个节点之间的可见性测试：在节点甲发布，在节点乙检索，测量从提交到可见的时间。',
      field: '新材料', trl: 5, modes: ['transfer'], price: 100000, owner_org_id: st.org, status: 'published',
      contact: { name: '测试', email: 'bench@example.cn' },
    });
    if (r.status !== 201) throw new Error(`write ${i}: ${r.status} ${r.text}`);
    const t0 = process.hrtime.bigint();
    for (;;) {
      const s = await anonB.get(`/api/achievements?q=${word}&limit=5`);
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      if (s.json?.items?.some((x) => x.id === r.json.id)) { lat.push(ms); break; }
      if (ms > 5000) { missed++; break; }
    }
  }
  lat.sort((x, y) => x - y);
  if (missed) status = 1;
  return `median ${pct(lat, 0.5).toFixed(1)} ms, p99 ${pct(lat, 0.99).toFixed(1)} ms, max ${lat[lat.length - 1].toFixed(1)} ms` +
    ` over ${lat.length} writes${missed ? `, NOT visible within 5 s: ${missed}` : ''}` +
    ` (target p99 <= 1000 ms: ${pct(lat, 0.99) <= 1000 && !missed ? 'met' : 'MISSED'})`;
}

const ALL_DAY = { mon: '00:00-24:00', tue: '00:00-24:00', wed: '00:00-24:00', thu: '00:00-24:00', fri: '00:00-24:00', sat: '00:00-24:00', sun: '00:00-24:00' };
const day0 = Date.parse(new Date(Date.now() + 8 * 3600e3 + 3 * 86400e3).toISOString().slice(0, 10) + 'T00:00:00Z');
const slot = (k) => [0, 1].map((d) => new Date(day0 + (k + d) * 3600e3).toISOString().slice(0, 16));

async function bookingSetup(st) {
  const c = st.admin;
  const org = (await c.post('/api/orgs', { name: '基准测试大学', kind: 'university' })).json;
  st.ent = (await c.post('/api/orgs', { name: '基准测试企业', kind: 'enterprise' })).json;
  st.instr = [];
  for (let i = 0; i < CLIENTS; i++) {
    st.instr.push((await c.post('/api/instruments', {
      org_id: org.id, name_zh: `基准仪器${i}`, name_en: `Bench instrument ${i}`, category: 'bench',
      opening_hours: ALL_DAY, min_slot_minutes: 60, max_slot_minutes: 60, lead_time_hours: 0,
      fee: { unit: 'hour', internal: 1, academic: 2, enterprise: 3 } })).json.id);
  }
  st.next = new Array(CLIENTS).fill(0);
}

// Client i books its own instrument's next slot, again and again (no collisions).
async function bookings(st) {
  const stop = Date.now() + SECONDS * 1000;
  let ok = 0, other = 0;
  const t0 = process.hrtime.bigint();
  await Promise.all(st.instr.map(async (id, ci) => {
    while (Date.now() < stop) {
      const [s, e] = slot(st.next[ci]++);
      const r = await st.admin.post(`/api/instruments/${id}/bookings`, { org_id: st.ent.id, booker_email: `c${ci}@bench.cn`, start: s, end: e });
      if (r.status === 201) ok++;
      else { other++; if (other < 5) console.error(st.kind, 'booking', r.status, r.text); }
    }
  }));
  if (other) status = 1;
  return ok / (Number(process.hrtime.bigint() - t0) / 1e9);
}

const cpuLine = (r) => `CPU cores busy: postgres ${r.cpu.db.toFixed(2)}, node(s) ${r.cpu.nodes.toFixed(2)}, wrk ${r.cpu.wrk.toFixed(2)}`;
console.log(`# ${cpus().length} CPUs, load average ${loadavg().map((x) => x.toFixed(2)).join(' ')} at start; ` +
  `${SECONDS} s per measurement, ${CONNS} wrk connections, ${CLIENTS} booking clients`);
let S, P;
try {
  S = await stackUp('sqlite');
  P = await stackUp('pg');

  // ---- visibility A -> B, both backends
  console.log(`visibility A -> B, SQLite:     ${await visibility(S)}`);
  console.log(`visibility A -> B, PostgreSQL: ${await visibility(P)}`);

  // ---- booking throughput, alternating rounds
  await bookingSetup(S);
  await bookingSetup(P);
  const bs = [], bp = [];
  for (let round = 0; round < 3; round++) { bs.push(await bookings(S)); bp.push(await bookings(P)); }
  console.log(`booking (${CLIENTS} clients, own instrument each, median of 3 alternating rounds): ` +
    `SQLite ${f0(med(bs))} bookings/s, PostgreSQL ${f0(med(bp))} bookings/s; ratio PostgreSQL/SQLite ${(med(bp) / med(bs)).toFixed(2)}x` +
    ` (rounds: SQLite ${bs.map(f0).join(' ')}; PostgreSQL ${bp.map(f0).join(' ')})`);

  // ---- reads: SQLite 1 node, PostgreSQL 1 node, PostgreSQL 2 nodes
  for (const st of [S, P]) { await wrk(st.A.base, CONNS, st.env); await wrk(st.B.base, CONNS, st.env); }  // warm
  const rs = [], rp = [], rp2 = [];
  let errors = 0;
  for (let round = 0; round < 3; round++) {
    rs.push(await reads(S, [S.A]));
    rp.push(await reads(P, [P.A]));
    rp2.push(await reads(P, [P.A, P.B]));
    errors += rs[round].errors + rp[round].errors + rp2[round].errors;
  }
  const pick = (xs) => { const m = med(xs.map((r) => r.rps)); return xs.find((r) => r.rps === m); };
  const s1 = pick(rs), p1 = pick(rp), p2 = pick(rp2);
  console.log(`reads, 1 node (median of 3 alternating rounds): SQLite ${f0(s1.rps)} req/s, PostgreSQL ${f0(p1.rps)} req/s; ` +
    `ratio PostgreSQL/SQLite ${(p1.rps / s1.rps).toFixed(2)}x (rounds: SQLite ${rs.map((r) => f0(r.rps)).join(' ')}; PostgreSQL ${rp.map((r) => f0(r.rps)).join(' ')})`);
  console.log(`reads, PostgreSQL, 1 node ${f0(p1.rps)} req/s, 2 nodes ${f0(p2.rps)} req/s: ratio ${(p2.rps / p1.rps).toFixed(2)}x` +
    ` (target >= 1.6x when the database is not the bottleneck; rounds: 2 nodes ${rp2.map((r) => f0(r.rps)).join(' ')})`);
  console.log(`  1 node:  ${cpuLine(p1)}`);
  console.log(`  2 nodes: ${cpuLine(p2)}`);
  console.log(`  (SQLite 1 node: ${cpuLine(s1).replace('postgres 0.00, ', '')})`);
  if (errors) { console.log(`errors: ${errors} non-2xx`); status = 1; }
  console.log(`# load average ${loadavg().map((x) => x.toFixed(2)).join(' ')} at the end`);
} finally {
  for (const s of [S?.B, S?.A, P?.B, P?.A]) if (s) await s.stop().catch((e) => { console.error(e.message); status = 1; });
  if (cluster) execFileSync('scripts/pg-cluster.sh', ['stop', cluster]);
}
process.exit(status);

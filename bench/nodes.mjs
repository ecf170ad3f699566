#!/usr/bin/env node
// nodes.mjs - two app nodes on one database (issue #12), measured in one run:
//   visibility: a listing is published through node A (the 201 is the commit);
//     node B is asked by ranked search until it finds it; the time from the
//     201 to B's first answer that has it, over N writes (median, p99, max);
//     target: p99 <= 1 s;
//   reads: wrk with the same read mix (bench/reads.lua: list, ranked search,
//     detail, a demand's matches; anonymous) against node A alone, then
//     against A and B at once (connections split); printed as the ratio of
//     two nodes' req/s to one node's; target >= 1.6x when the database is not
//     the bottleneck. With every process on one machine (wrk included) the
//     CPU is shared and caps the ratio: the output says how many CPUs there
//     are, and docs/deploy.md ("Scaling") what limits it.
// The database is SQLite (a file both nodes open); docs/deploy.md has the
// PostgreSQL figures' procedure.
// usage: node bench/nodes.mjs [--writes 1000] [--seconds 5] [--conns 64] [--bin build/techbridge]
// exit status 1 when a write is not visible on B within 5 s.
import { spawn } from 'node:child_process';
import { cpus } from 'node:os';
import { Server } from '../tests/api/lib.mjs';

const arg = (k, d) => { const i = process.argv.indexOf('--' + k); return i > 0 ? process.argv[i + 1] : d; };
const WRITES = Number(arg('writes', 1000));
const SECONDS = Number(arg('seconds', 5));
const CONNS = Number(arg('conns', 64));
if (arg('bin')) process.env.TB_BIN = arg('bin');

const pct = (xs, p) => xs[Math.min(xs.length - 1, Math.floor(p * xs.length))];

// threads: wrk's own; one node gets 2, each of two nodes 1 (the same load generator).
function wrk(base, conns, env, threads = 1) {
  return new Promise((resolve, reject) => {
    const p = spawn('wrk', [`-t${threads}`, `-c${conns}`, `-d${SECONDS}s`, '-s', 'bench/reads.lua', base],
      { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    p.stdout.on('data', (d) => { out += d; });
    p.on('error', reject);
    p.on('exit', () => {
      const m = out.match(/Requests\/sec:\s+([\d.]+)/);
      const bad = out.match(/Non-2xx or 3xx responses:\s+(\d+)/);
      if (!m) return reject(new Error('wrk: ' + out));
      resolve({ rps: Number(m[1]), errors: bad ? Number(bad[1]) : 0 });
    });
  });
}

const A = await Server.start({ demo: true });
const B = await Server.start({ sharing: A });
let status = 0;
try {
  const admin = await A.session('admin');
  const anonB = B.client();
  const org = (await admin.get('/api/orgs?limit=1')).json.items[0].id;
  const dem = (await admin.get('/api/demands?limit=50')).json.items.map((x) => x.id);
  const ach = (await admin.get('/api/achievements?limit=50')).json.items.map((x) => x.id);

  // ---- visibility
  const lat = [];
  let missed = 0;
  for (let i = 0; i < WRITES; i++) {
    const word = `visprobe${i}q`;
    const r = await admin.post('/api/achievements', {
      title_zh: `可见性测试成果${i}`, title_en: `Visibility ${word}`, keywords: ['可见性'],
      abstract_zh: '两个节点之间的可见性测试：在节点甲发布，在节点乙检索，测量从提交到可见的时间。',
      field: '新材料', trl: 5, modes: ['transfer'], price: 100000, owner_org_id: org, status: 'published',
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
  console.log(`visibility A -> B over ${lat.length} writes (SQLite, ${cpus().length} CPUs): ` +
    `median ${pct(lat, 0.5).toFixed(1)} ms, p99 ${pct(lat, 0.99).toFixed(1)} ms, max ${lat[lat.length - 1].toFixed(1)} ms` +
    ` (target p99 <= 1000 ms: ${pct(lat, 0.99) <= 1000 ? 'met' : 'MISSED'})`);
  if (missed) { console.log(`NOT visible on B within 5 s: ${missed} writes`); status = 1; }

  // ---- reads: 1 node, then 2
  const env = { TB_ACH_IDS: ach.join(','), TB_DEM_IDS: dem.join(',') };
  await wrk(A.base, CONNS, env); // warm both caches and the page cache
  await wrk(B.base, CONNS, env);
  // Alternating rounds, medians: the machine is shared and drifts between runs.
  const ones = [], twos = [];
  let errors = 0;
  for (let round = 0; round < 3; round++) {
    const one = await wrk(A.base, CONNS, env, 2);
    const [a2, b2] = await Promise.all([wrk(A.base, CONNS / 2, env), wrk(B.base, CONNS / 2, env)]);
    ones.push(one.rps);
    twos.push(a2.rps + b2.rps);
    errors += one.errors + a2.errors + b2.errors;
  }
  const med = (xs) => [...xs].sort((x, y) => x - y)[1];
  const one = { rps: med(ones) }, two = med(twos);
  console.log(`reads (list/search/detail/matches, ${CONNS} connections, ${SECONDS} s, median of 3 alternating rounds): ` +
    `1 node ${one.rps.toFixed(0)} req/s; 2 nodes ${two.toFixed(0)} req/s; ` +
    `ratio ${(two / one.rps).toFixed(2)}x (target >= 1.6x where the CPU is not shared by both nodes and wrk; ` +
    `here ${cpus().length} CPUs for 2 nodes + wrk; rounds: 1 node ${ones.map((x) => x.toFixed(0)).join(' ')}, ` +
    `2 nodes ${twos.map((x) => x.toFixed(0)).join(' ')})`);
  if (errors) { console.log(`errors: ${errors} non-2xx`); status = 1; }
} finally {
  await B.stop();
  await A.stop();
}
process.exit(status);

// perf.test.mjs - response times of the read path on the FULL demo database
// (13,347 achievements, 2,000 demands, 19,596 contracts, ~120,000 bookings):
// every report the dashboard loads, for every region it offers (province,
// cities, districts and zones), and the public catalogue listings. Guards:
//   - choosing a city on the dashboard hung for 22-58 s (one instrument-revenue
//     query per organisation of the city; every contract row streamed);
//   - the default catalogue page read every published row to count them.
// Limits are 1 s per request (targets: docs/performance.md, measured by
// `make bench`): loose enough for a loaded test machine, far below the old
// figures. Creating the full demo takes 5-20 s.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server, cli } from './lib.mjs';

let srv, c, auth, year;
// 1 s on a release build (5x the 200 ms target: headroom for a busy 2-core
// machine). A sanitizer build runs the same code several times slower, so
// run-tests.sh sets TB_TIME_SCALE for it; the bound scales, the test stays.
const LIMIT_MS = 1000 * (Number(process.env.TB_TIME_SCALE) || 1);

before(async () => {
  srv = await Server.start({ demo: true, demoArgs: ['--quiet'], users: false });
  c = srv.client();
  // A logged-in client, whose answers are never cached: a slow path is timed
  // again through it (see judged() below).
  const email = 'perf@timing.test.cn', pw = 'perf-timing-pass-1';
  const add = cli(['user', 'add', '--db', srv.db, '--email', email, '--role', 'reviewer', '--password', pw]);
  assert.equal(add.code, 0, add.stderr);
  auth = srv.client();
  assert.equal((await auth.login(email, pw)).status, 200);
  // The latest year with contracts, as the dashboard picks it.
  const now = new Date().getFullYear();
  const r = await c.get(`/api/indicators/turnover?from=${now - 15}&to=${now}`);
  assert.equal(r.status, 200, r.text);
  year = Math.max(...r.json.rows.filter((x) => x.count > 0).map((x) => Number(x.period)));
});
after(async () => { await srv.stop(); });

// Milliseconds one GET takes; a request still running after 5 s is given up
// (Infinity), so that a regression fails in seconds, not in hours.
async function timed(path) {
  const t0 = performance.now();
  let res;
  try {
    res = await fetch(srv.base + path, { signal: AbortSignal.timeout(5000) });
  } catch (e) {
    if (e.name === 'TimeoutError') return Infinity;
    throw e;
  }
  const text = await res.text();
  const ms = performance.now() - t0;
  assert.equal(res.status, 200, `${path}: ${res.status} ${text.slice(0, 200)}`);
  return ms;
}

// A path over the limit is timed twice more as the logged-in client (no
// answer cache) and judged by its best time: a loaded machine inflates single
// timings (a 1.6 s outlier at load average 20), while a real regression (the
// old 22-58 s) stays slow every time.
async function judged(path) {
  let ms = await timed(path);
  for (let i = 0; i < 2 && ms > LIMIT_MS; i++) {
    const t0 = performance.now();
    const r = await auth.get(path);
    assert.equal(r.status, 200, `${path}: ${r.status} ${r.text.slice(0, 200)}`);
    ms = Math.min(ms, performance.now() - t0);
  }
  return ms;
}

test('every dashboard report answers within 1 s for every region of the demo', async () => {
  const regions = (await c.get('/api/indicators/regions')).json.regions;
  assert.ok(regions.length >= 15, `regions: ${regions.length}`);
  assert.ok(regions.some((r) => r.level === 'city') && regions.some((r) => r.level !== 'city' && r.level !== 'province'));
  const slow = [];
  for (const r of regions) {
    if (slow.length) break; // a busy server makes every later request slow too
    // The requests of web/js/pages/dashboard.js, plus the other reports.
    const by = r.level === 'province' ? 'city' : 'district';
    const paths = [
      `summary?year=${year}`, `turnover?from=${year - 9}&to=${year}`,
      `turnover?from=${year}&to=${year}&by=type`, `turnover?from=${year}&to=${year}&by=${by}`,
      `funnel?from=${year}&to=${year}`, `targets?year=${year}`,
      `conversion?from=${year - 4}&to=${year}`, `enterprises?from=${year - 4}&to=${year}`,
    ];
    for (const p of paths) {
      const ms = await judged(`/api/indicators/${p}&region=${r.code}`);
      if (ms > LIMIT_MS) slow.push(`${r.code} ${p}: ${ms.toFixed(0)} ms`);
    }
  }
  assert.deepEqual(slow, []);
});

test('catalogue listings answer within 1 s, the default page in time independent of the table', async () => {
  const paths = [
    '/api/achievements?limit=20', '/api/achievements?limit=1', '/api/demands?limit=20',
    '/api/achievements?limit=20&city=Shenyang', '/api/achievements?limit=20&field=%E6%96%B0%E6%9D%90%E6%96%99',
    '/api/achievements?limit=20&trl_min=5&trl_max=8', '/api/achievements?limit=20&offset=2000',
    '/api/demands?limit=20&city=Dalian',
  ];
  const slow = [];
  for (const p of paths) {
    const ms = Math.min(await timed(p), await timed(p)); // best of two: first may warm the cache
    if (ms > LIMIT_MS) slow.push(`${p}: ${ms.toFixed(0)} ms`);
    if (ms === Infinity) break;
  }
  assert.deepEqual(slow, []);
  // The totals are exact: the published counts of the demo. 7021 (was 7097):
  // the demo's docking cases (issue #14) register contracts for 76 achievements,
  // which become commercialised.
  const a = (await c.get('/api/achievements?limit=1')).json;
  assert.equal(a.total, 6599); // issues #14-#16: contracts commercialise, the life cycle expires
  assert.equal((await c.get('/api/demands?limit=1')).json.total, 521); // past-deadline demands closed (issue #16)
});

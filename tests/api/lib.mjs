// lib.mjs - starts the real techbridge binary on a free loopback port with a
// fresh database, and gives tests a small HTTP client. Used by API and browser
// tests alike. TB_BIN (set by scripts/run-tests.sh) names the binary.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const BIN = process.env.TB_BIN || join(ROOT, 'build/techbridge');
export const SHARED = process.env.TB_SHARED || resolve(ROOT, '../shared');

// Cheap password hashes for everything the tests start (docs/security.md,
// "The test hash cost"): argon2id at the interactive cost was most of the
// suite's time (5 hashes per server start, one per login). Inherited by every
// CLI call and server of this process; TB_PWHASH= (empty) keeps the real cost.
// serve accepts it only beside a test clock, which Server.start always sets.
process.env.TB_PWHASH ??= 'test';

// The database a test server gets (issue #12: the API suite runs on both
// backends). TB_TEST_DB=pg: a fresh database on the test cluster
// (TB_TEST_PG_URL, started by scripts/run-tests.sh), copied from the migrated
// template TB_TEST_PG_TEMPLATE when there is one; otherwise a SQLite file.
export const DB_KIND = process.env.TB_TEST_DB === 'pg' ? 'pg' : 'sqlite';
const PG_URL = process.env.TB_TEST_PG_URL ?? '';
const isPg = (db) => /^postgres(ql)?:\/\//.test(db);
// The URL of database `name` on the test cluster (its base URL names `postgres`).
export const pgDbUrl = (name) => PG_URL.replace(/^(postgres(?:ql)?:\/\/[^/]*\/)[^?]*/, `$1${name}`);
const pgName = (db) => new URL(db).pathname.slice(1);
function psql(url, sql) {
  return execFileSync('psql', ['-qAtX', '-v', 'ON_ERROR_STOP=1', '-c', sql, url], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}
let dbSeq = 0;
// empty: no schema at all (not even the migrated template's). template: a
// database of the cluster to copy instead (the small demo's, see demoSmall).
export function freshDb(dir, file = 'test.db', kind = DB_KIND, { empty = false, template: from } = {}) {
  if (kind !== 'pg') return join(dir, file);
  if (!PG_URL) throw new Error('TB_TEST_DB=pg needs TB_TEST_PG_URL (scripts/run-tests.sh starts a cluster)');
  const name = `tb_${process.pid}_${++dbSeq}_${Date.now() % 100000}`;
  const template = from ?? (empty ? 'template0' : process.env.TB_TEST_PG_TEMPLATE ?? 'template0');
  psql(PG_URL, `CREATE DATABASE ${name} TEMPLATE ${template}`);
  return pgDbUrl(name);
}
export function dropDb(db) {
  if (isPg(db)) psql(PG_URL, `DROP DATABASE IF EXISTS ${pgName(db)} WITH (FORCE)`);
}
// Runs one SQL statement on a test database from outside techbridge (the
// sqlite3 shell or psql, by the database's kind); returns its output, rows
// one a line, columns separated by '|'. Throws with the tool's stderr.
export function sqlShell(db, sql) {
  if (isPg(db)) return psql(db, sql);
  return execFileSync('sqlite3', [db, sql], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 << 20 });
}

// The whole database as SQL text (sqlite3 .dump or pg_dump).
export function dumpDb(db) {
  const [cmd, args] = isPg(db) ? ['pg_dump', ['--no-owner', '-d', db]] : ['sqlite3', [db, '.dump']];
  return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 256 << 20 });
}

// The demo's own day (DEMO_NOW in src/cli/demo.h): the generator runs every
// date rule on it, whatever the real date, so its rows and counts are exact
// on any day. A test that looks for the demo's dated records (its contracts'
// year, its events) asks for these, never for the machine's date (issue #19:
// the suite failed after the province's midnight).
export const DEMO_DATE = '2026-12-01';
export const DEMO_YEAR = 2026;

// The province's (UTC+08:00) first Monday at least `days` ahead of `nowMs`
// (a server's srv.nowMs(), or the machine's clock): a weekday slot for
// bookings on instruments open Monday to Friday.
export function localMonday(days = 7, nowMs = Date.now()) {
  const t = new Date(nowMs + 8 * 3600e3 + days * 86400e3);
  while (t.getUTCDay() !== 1) t.setUTCDate(t.getUTCDate() + 1);
  return t.toISOString().slice(0, 10);
}

// The small demo (`techbridge demo --small`), generated once per run by
// scripts/run-tests.sh instead of once per test file: TB_TEST_DEMO_SMALL names
// the SQLite file, TB_TEST_PG_DEMO_TEMPLATE the PostgreSQL database to copy.
// The demo is deterministic, so a copy is the same data a generation gives
// (docs/testing.md, "Shared fixtures"). Without them (one file run on its
// own) the demo is generated as before.
export function demoSmallFixture(kind = DB_KIND) {
  const f = kind === 'pg' ? process.env.TB_TEST_PG_DEMO_TEMPLATE : process.env.TB_TEST_DEMO_SMALL;
  return f || null;
}
// Puts the small demo into the SQLite file `path`: a copy of the fixture, or
// a generation. Returns the CLI result shape ({ code, stdout, stderr }).
export function demoSmallFile(path) {
  const f = demoSmallFixture('sqlite');
  if (!f) return cli(['demo', '--db', path, '--small', '--quiet']);
  copyFileSync(f, path);
  return { code: 0, stdout: '', stderr: '' };
}

// Runs the CLI synchronously; returns { code, stdout, stderr }. maxBuffer is
// raised from node's 1 MiB default: exports of the small demo already come
// close to it, and a truncated stdout would look like a data difference.
export function cli(args, opts = {}) {
  try {
    const stdout = execFileSync(BIN, args, { encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'], maxBuffer: 256 << 20, ...opts });
    return { code: 0, stdout, stderr: '' };
  } catch (e) {
    return { code: e.status ?? 1, stdout: e.stdout?.toString() ?? '', stderr: e.stderr?.toString() ?? '' };
  }
}

// The demo user of each role (docs/security.md, "Demo users"); created on every
// test database by `techbridge demo-users` unless Server.start({ users: false }).
export const ROLES = ['admin', 'reviewer', 'org_admin', 'member', 'broker'];
export const demoEmail = (role) => `${role}@demo.techbridge.cn`;
export const demoPassword = (role) => `demo-${role}-2026`;
const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

// Kept-alive connections and the server's idle timeout (issue #19, "fetch
// failed" under load). techbridge closes a kept-alive connection that has been
// idle for 30 s (docs/security.md: MHD's connection timeout and the idle
// deadline). node's fetch pools connections and closes an idle one itself
// after 4 s, but only from a timer: while a test blocks its event loop in a
// synchronous call (execFileSync of the CLI, jing, sqlite3; seconds each on a
// loaded machine) no timer runs, and the next request can go out on a
// connection the server closed meanwhile. It then fails before any answer
// (UND_ERR_SOCKET "other side closed", or ECONNRESET). That is the ordinary
// keep-alive race of HTTP/1.1, not a server fault: the server never read the
// request, so it is sent once more on a new connection. Only then: a
// connection dropped sooner than the idle timeout is a server that drops
// connections it should keep, and the test fails with that said.
export const SERVER_IDLE_MS = 30000;
// When the last answer from each origin was read (any client of this process
// shares node's connection pool for that origin).
const lastAnswer = new Map();
// Is a failed send the idle race? err: fetch's error; idleMs: the server's idle
// timeout; gapMs: how long the origin's connections had been unused. The slack
// covers the time between the server finishing an answer and this process
// reading it (seconds on a loaded machine).
export function idleRace(err, idleMs, gapMs) {
  const code = err?.cause?.code;
  if (code !== 'UND_ERR_SOCKET' && code !== 'ECONNRESET' && code !== 'EPIPE') return false;
  return gapMs >= idleMs - Math.min(5000, idleMs / 2);
}

// A client bound to one cookie jar / token. After login() it sends the
// session's CSRF token on unsafe methods, as the web UI does. opts.idleMs: the
// server's idle timeout (SERVER_IDLE_MS for techbridge).
export class Client {
  // opts.server: the Server answering, named in the error of a failed send.
  constructor(base, headers = {}, { idleMs = SERVER_IDLE_MS, server = null } = {}) {
    this.base = base; this.headers = headers; this.cookies = new Map(); this.csrf = null;
    this.origin = new URL(base).origin; this.idleMs = idleMs; this.server = server;
  }
  // What a failed send leaves to go on: the error's cause and, for our own
  // server, whether it still runs and the end of its log.
  failure(method, path, e, gap) {
    const p = this.server?.proc;
    const state = !p ? '' : p.exitCode !== null || p.signalCode !== null
      ? `; the server has exited (${p.exitCode ?? p.signalCode})` : '; the server still runs';
    const log = this.server ? `; its stderr ends: ${this.server.stderr.slice(-600)}` : '';
    const what = e.cause?.code === 'UND_ERR_SOCKET' || e.cause?.code === 'ECONNRESET' || e.cause?.code === 'EPIPE'
      ? `the server dropped the connection (${e.cause.code}) although its connections had been unused for ${gap} ms only (idle timeout ${this.idleMs} ms)`
      : `${e.message} (${e.cause?.code ?? 'no code'}: ${e.cause?.message ?? ''}) after ${gap} ms unused`;
    return new Error(`${method} ${path}: ${what}${state}${log}`, { cause: e });
  }
  cookieHeader() { return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '); }
  async login(email, password) {
    const r = await this.post('/api/auth/login', { email, password });
    if (r.status === 200) { this.csrf = r.json.csrf_token; this.user = r.json.user; }
    return r;
  }
  async req(method, path, body, extra = {}) {
    const headers = { ...this.headers, ...extra };
    if (this.csrf && !SAFE.has(method) && !Object.keys(headers).some((k) => k.toLowerCase() === 'x-csrf-token'))
      headers['x-csrf-token'] = this.csrf;
    if (this.cookies.size) headers.cookie = this.cookieHeader();
    let payload;
    if (body !== undefined) {
      payload = typeof body === 'string' ? body : JSON.stringify(body);
      headers['content-type'] ??= 'application/json';
    }
    const send = () => fetch(this.base + path, { method, headers, body: payload, redirect: 'manual' });
    const last = lastAnswer.get(this.origin);
    const gap = last === undefined ? 0 : Date.now() - last;
    let res;
    try {
      res = await send();
    } catch (e) {
      // The idle race (above): once more, on a new connection. A server that
      // is gone fails again.
      if (!idleRace(e, this.idleMs, gap)) throw this.failure(method, path, e, gap);
      try { res = await send(); } catch (e2) { throw this.failure(method, path, e2, 0); }
    }
    for (const sc of res.headers.getSetCookie?.() ?? []) {
      const [kv] = sc.split(';'); const i = kv.indexOf('=');
      const k = kv.slice(0, i).trim(), v = kv.slice(i + 1).trim();
      if (v === '' || /max-age=0/i.test(sc)) this.cookies.delete(k); else this.cookies.set(k, v);
    }
    const text = await res.text();
    lastAnswer.set(this.origin, Date.now());
    let json = null;
    try { json = text ? JSON.parse(text) : null; } catch { /* non-JSON body */ }
    return { status: res.status, headers: res.headers, text, json };
  }
  get(p, h) { return this.req('GET', p, undefined, h); }
  post(p, b, h) { return this.req('POST', p, b ?? {}, h); }
  patch(p, b, h) { return this.req('PATCH', p, b, h); }
  put(p, b, h) { return this.req('PUT', p, b, h); }
  del(p, h) { return this.req('DELETE', p, undefined, h); }
}

export class Server {
  // opts.env: extra environment for the server (TB_METRICS_TOKEN, ...).
  // opts.demo: run `techbridge demo` first (small); opts.users (default true):
  // create the demo user of each role; opts.setup(dbPath): hook before serving.
  // Every server gets a test clock file (TB_TEST_CLOCK_FILE, docs/testing.md):
  // srv.advance(seconds) moves its clock forward instead of sleeping.
  // opts.sharing: another Server whose database this one serves too (a
  // second app node, issue #12); it neither seeds nor removes the database.
  // opts.at: an ISO instant the server's clock starts at (then runs on), for
  // tests whose assertions relate the demo's dates to "today": they hold on
  // any real date (issue #19). srv.nowMs()/srv.localDate() read that clock.
  static async start(opts = {}) {
    const s = new Server();
    s.dir = mkdtempSync(join(tmpdir(), 'tb-test-'));
    const kind = opts.db ?? DB_KIND;   // opts.db: 'pg' | 'sqlite'
    // The small demo as a copy of the run's fixture (demoSmallFixture) when
    // there is one; other demo arguments generate it here.
    const fixture = opts.demo && !opts.sharing && !opts.demoArgs ? demoSmallFixture(kind) : null;
    s.db = opts.sharing ? opts.sharing.db : freshDb(s.dir, 'test.db', kind, kind === 'pg' && fixture ? { template: fixture } : {});
    s.clockFile = opts.sharing ? opts.sharing.clockFile : join(s.dir, 'clock');
    s.clockOffset = opts.sharing ? opts.sharing.clockOffset
      : opts.at ? Math.round((Date.parse(opts.at) - Date.now()) / 1000) : 0;
    if (opts.sharing) opts = { ...opts, users: false };
    else writeFileSync(s.clockFile, `${s.clockOffset}\n`);
    if (fixture && kind !== 'pg') copyFileSync(fixture, s.db);
    if (opts.demo && !fixture) {
      const r = cli(['demo', '--db', s.db, ...(opts.demoArgs ?? ['--small'])]);
      if (r.code !== 0) throw new Error('demo failed: ' + r.stderr);
    }
    if (opts.users !== false) {
      const r = cli(['demo-users', '--db', s.db, '--quiet']);
      if (r.code !== 0) throw new Error('demo-users failed: ' + r.stderr);
    }
    if (opts.setup) await opts.setup(s.db, s);
    s.proc = spawn(BIN, ['serve', '--db', s.db, '--listen', '127.0.0.1:0', '--web', join(ROOT, 'web'),
                         // The life-cycle scheduler (issue #16) is off unless a test asks
                         // for it: tests move time themselves and count exact rows.
                         ...((opts.args ?? []).includes('--maintain-interval') ? [] : ['--maintain-interval', '0']),
                         ...(opts.args ?? [])],
                   { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, TB_TEST_CLOCK_FILE: s.clockFile, ...(opts.env ?? {}) } });
    s.stderr = '';
    s.proc.stderr.on('data', (d) => { s.stderr += d; });
    s.base = await new Promise((resolveP, reject) => {
      let out = '';
      const t = setTimeout(() => reject(new Error('server did not start: ' + s.stderr)), 20000);
      s.proc.stdout.on('data', (d) => {
        out += d;
        const m = out.match(/listening on (http:\/\/[\d.]+:\d+)/);
        // serve --metrics-listen prints its address on the next line.
        const mm = out.match(/metrics on (http:\/\/[\d.]+:\d+)\/metrics/);
        if (mm) s.metricsBase = mm[1];
        if (m && (mm || !(opts.args ?? []).includes('--metrics-listen'))) { clearTimeout(t); resolveP(m[1]); }
      });
      s.proc.on('exit', (code) => { clearTimeout(t); reject(new Error(`server exited ${code}: ${s.stderr}`)); });
    });
    s.proc.removeAllListeners('exit');
    return s;
  }
  client(headers) { return new Client(this.base, headers, { server: this }); }
  // Moves the server's wall clock forward by `seconds` (cumulative); the next
  // request sees the new time. CLI calls can share it with cliEnv().
  advance(seconds) {
    this.clockOffset += seconds;
    writeFileSync(this.clockFile, `${this.clockOffset}\n`);
  }
  cliEnv() { return { env: { ...process.env, TB_TEST_CLOCK_FILE: this.clockFile } }; }
  // The server's clock (ms), and its local date (UTC+8, the province's) `days` ahead.
  nowMs() { return Date.now() + this.clockOffset * 1000; }
  localDate(days = 0) { return new Date(this.nowMs() + 8 * 3600e3 + days * 86400e3).toISOString().slice(0, 10); }
  // A client logged in as the demo user of `role` ('anonymous' = not logged in).
  async session(role = 'admin') {
    const c = this.client();
    if (role === 'anonymous') return c;
    const r = await c.login(demoEmail(role), demoPassword(role));
    if (r.status !== 200) throw new Error(`login as ${role} failed: ${r.status} ${r.text}`);
    return c;
  }
  // SIGKILL: the process gets no chance to flush or finish anything.
  async kill() {
    if (this.proc.exitCode !== null || this.proc.signalCode !== null) return;
    const done = new Promise((r) => this.proc.once('exit', r));
    this.proc.kill('SIGKILL');
    await done;
  }
  // keep: leave the database for CLI checks after the server is gone.
  async stop({ keep = false } = {}) {
    if (this.proc && this.proc.exitCode === null && this.proc.signalCode === null) {
      // A server that ignores SIGTERM is a bug to report, not a run that hangs
      // until the outer timeout: give it 10 s, then kill it and fail loudly.
      let timer;
      const done = new Promise((r) => this.proc.once('exit', r));
      const late = new Promise((r) => { timer = setTimeout(() => r('late'), 10000); });
      this.proc.kill('SIGTERM');
      const how = await Promise.race([done, late]);
      clearTimeout(timer);
      if (how === 'late') {
        this.proc.kill('SIGKILL');
        await done;
        throw new Error(`server did not exit within 10 s of SIGTERM; stderr: ${this.stderr.slice(-2000)}`);
      }
    }
    if (!keep && !process.env.TB_KEEP) {
      rmSync(this.dir, { recursive: true, force: true });
      dropDb(this.db);
    }
  }
}

export function sharedAvailable(sub = '') { return existsSync(join(SHARED, sub)); }

// Fills what the quality checklist asks for (docs/release.md) into a listing
// body, so a test about something else can submit it: since issue #16 a thin
// listing ("可见性测试条目。") is refused at submit. Fields the test sets
// itself are kept, except a description too short to pass.
export const READY_ABSTRACT = '针对储能电站中锂资源成本高的问题，本成果提出了一种基于层状氧化物的钠离子电池正极材料。'
  + '与磷酸铁锂电池相比，循环寿命提高20%，综合成本降低30%。已建成中试线，并在3家企业开展示范应用（TRL 7）。'
  + '可通过许可方式与沈阳及周边储能企业合作推广。';
export const READY_DESC = '我单位主要面向数控机床领域，现有主轴存在热变形大等问题，制约了产品竞争力。'
  + '希望与高校合作，采用实时补偿等技术路线，目标使加工精度提高30%以上。';
export function complete(kind, body) {
  const ach = kind.startsWith('achievement');
  const out = { ...body };
  const text = ach ? 'abstract_zh' : 'desc_zh';
  if (!out[text] || out[text].length < 60) out[text] = (out[text] ?? '') + (ach ? READY_ABSTRACT : READY_DESC);
  out.field ??= '智能制造';
  out.keywords ??= ach ? ['正极材料', '储能', '电池'] : ['数控机床', '热变形', '补偿'];
  out.contact ??= { name: '联系人', email: 'contact@ready.test.cn' };
  if (ach) out.trl ??= 5;
  return out;
}

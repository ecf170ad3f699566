// hardening.test.mjs - regressions for the outside security probe (issue #10,
// the HTTP and account items): CSV formula injection, password policy,
// Content-Type on JSON bodies, bodies refused before authentication, login
// throttling that is atomic and does not lock a known device out, and the
// header-phase deadline / per-address connection cap (slowloris).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { readFileSync } from 'node:fs';
import { Server, cli, demoEmail, demoPassword, sqlShell } from './lib.mjs';

// Sends raw request headers plus `sendFirst` bytes of a body declared as
// `declared` bytes, and resolves with { head, ms, sent } as soon as a status
// line arrives (or { head: null } after `waitMs`). The rest of the body is
// never sent: a server that reads the body first never answers.
function rawPartial(base, { method = 'POST', path, headers = {}, declared, sendFirst, waitMs = 3000, from }) {
  const u = new URL(base);
  return new Promise((resolve) => {
    const t0 = Date.now();
    const sock = net.connect({ host: u.hostname, port: Number(u.port), localAddress: from });
    let got = '', done = false;
    const finish = (v) => { if (!done) { done = true; clearTimeout(timer); sock.destroy(); resolve(v); } };
    const timer = setTimeout(() => finish({ head: null, ms: Date.now() - t0, timedOut: true }), waitMs);
    sock.on('error', () => finish({ head: got || null, ms: Date.now() - t0 }));
    sock.on('data', (d) => {
      got += d.toString('latin1');
      const end = got.indexOf('\r\n\r\n');
      if (end >= 0) {
        const m = got.match(/content-length: (\d+)/i);
        const bodyStart = end + 4;
        if (!m || got.length - bodyStart >= Number(m[1]))
          finish({ head: got.slice(0, end), body: got.slice(bodyStart), ms: Date.now() - t0 });
      }
    });
    sock.on('connect', () => {
      const h = Object.entries({ Host: u.host, 'Content-Length': String(declared), ...headers })
        .map(([k, v]) => `${k}: ${v}\r\n`).join('');
      sock.write(`${method} ${path} HTTP/1.1\r\n${h}\r\n`);
      if (sendFirst) sock.write(Buffer.alloc(sendFirst, 0x7b));
    });
  });
}
const statusOf = (head) => (head ? Number(head.split(' ')[1]) : 0);
const rssKiB = (pid) => Number(readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/)[1]);

let srv, admin;
before(async () => {
  srv = await Server.start();
  admin = await srv.session('admin');
});
after(async () => { await srv.stop(); });

// Guards: /api/contracts?format=csv wrote =HYPERLINK(...) as a live formula,
// and the CLI's CSV went through another path. One writer, quote-prefixed.
test('contract CSV neutralises formula cells in the API and the CLI', async () => {
  const uni = (await admin.post('/api/orgs', { name: '公式注入测试研究院', kind: 'institute', city: 'Shenyang' })).json;
  const ent = (await admin.post('/api/orgs', { name: '公式注入测试公司', kind: 'enterprise', city: '鞍山' })).json;
  const title = '=HYPERLINK("http://x","y")';
  const r = await admin.post('/api/contracts', {
    reg_no: '2023210100000077', title, type: 'transfer', subtype: 'patent_right',
    seller: { org_id: uni.id }, buyer: { org_id: ent.id }, amount: '1000.00', tx_amount: 1000,
    signed_on: '2023-12-31', valid_from: '2024-01-01', valid_to: '2026-12-31',
  });
  assert.equal(r.status, 201, r.text);
  const want = `"'=HYPERLINK(""http://x"",""y"")"`;
  const api = await admin.get('/api/contracts?format=csv');
  assert.equal(api.status, 200, api.text);
  const line = api.text.split('\r\n').find((l) => l.includes('HYPERLINK'));
  assert.equal(line.split(',')[2] + ',' + line.split(',')[3], want);
  assert.ok(!/(^|,)=HYPERLINK/.test(api.text), api.text);
  // The CLI's CSV export of the catalogue, same writer.
  const a = await admin.post('/api/achievements', {
    title_zh: title, abstract_zh: '公式注入测试。', trl: 5, modes: ['transfer'], owner_org_id: uni.id, status: 'published',
  });
  assert.equal(a.status, 201, a.text);
  const out = cli(['export', '--db', srv.db, '--kind', 'achievements', '--format', 'csv']);
  assert.equal(out.code, 0, out.stderr);
  assert.ok(out.stdout.includes(want), out.stdout);
  assert.ok(!/(^|,)=HYPERLINK/m.test(out.stdout), out.stdout);
});

// Guards: aaaaaaaaaa, 1234567890, password12 and the user's own email were
// accepted, passwords were trimmed, and an all-blank one was silently
// replaced by a generated password (201). NIST SP 800-63B rules now.
test('password policy: common, repeated, sequential, own email/name refused; never trimmed or substituted', async () => {
  const org = (await admin.get('/api/orgs?kind=university')).json.items[0].id;
  const email = 'policy.person@hardening.test.cn';
  const weak = ['aaaaaaaaaa', '1234567890', '9876543210', 'abcdefghij', 'password12', 'Password!2026',
    'qwertyuiop', email, 'policy.person', 'Policy.Person2026', 'Li Policyperson', '          ', '', 'short'];
  for (const password of weak) {
    const r = await admin.post('/api/users', { email, name: 'Li Policyperson', role: 'member', org_id: org, password });
    assert.equal(r.status, 400, `${JSON.stringify(password)} -> ${r.status} ${r.text}`);
    assert.equal(r.json.field, 'password', JSON.stringify(password));
    assert.equal(r.json.password, undefined, 'no generated password substituted');
  }
  const pw = '  river otter lantern  ';
  const ok = await admin.post('/api/users', { email, name: 'Li Policyperson', role: 'member', org_id: org, password: pw });
  assert.equal(ok.status, 201, ok.text);
  assert.equal((await srv.client().login(email, pw.trim())).status, 401, 'the stored password is not trimmed');
  const me = srv.client();
  assert.equal((await me.login(email, pw)).status, 200);
  const self = await me.post(`/api/users/${ok.json.id}/password`, { password: '1111111111', current_password: pw });
  assert.equal(self.status, 400);
  assert.equal(self.json.field, 'password');
  // CLI: the same rules, exit 2 naming the field.
  for (const bad of ['aaaaaaaaaa', 'password12', 'cli.policy@hardening.test.cn']) {
    const add = cli(['user', 'add', '--db', srv.db, '--email', 'cli.policy@hardening.test.cn', '--role', 'admin', '--password', bad]);
    assert.equal(add.code, 2, bad);
    assert.match(add.stderr, /^password: /m, bad);
  }
  const pwd = cli(['user', 'passwd', '--db', srv.db, '--email', email, '--password', '1234567890']);
  assert.equal(pwd.code, 2);
  assert.match(pwd.stderr, /^password: /m);
  // The documented demo passwords still satisfy the policy.
  for (const role of ['admin', 'reviewer', 'org_admin', 'member', 'broker'])
    assert.equal((await srv.client().login(demoEmail(role), demoPassword(role))).status, 200, role);
});

// Guards: login accepted Content-Type: text/plain, so a cross-site HTML form
// could log a victim into the attacker's account. Every JSON body needs
// application/json; anything else is 415 with a JSON error.
test('JSON bodies require Content-Type: application/json (415 otherwise)', async () => {
  const body = JSON.stringify({ email: demoEmail('member'), password: demoPassword('member') });
  for (const ct of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', null]) {
    const c = srv.client();
    const headers = ct ? { 'content-type': ct } : {};
    const res = await fetch(srv.base + '/api/auth/login', { method: 'POST', headers, body: ct ? body : new Blob([body]) });
    const j = await res.json();
    assert.equal(res.status, 415, `${ct} -> ${res.status}`);
    assert.equal(j.field, 'Content-Type');
    assert.equal(res.headers.getSetCookie().length, 0, 'no session is issued');
    assert.equal(c.cookies.size, 0);
  }
  const ok = await srv.client().req('POST', '/api/auth/login', body, { 'content-type': 'application/json; charset=utf-8' });
  assert.equal(ok.status, 200, ok.text);
  const w = await admin.req('POST', '/api/orgs', JSON.stringify({ name: '内容类型测试单位', kind: 'enterprise' }), { 'content-type': 'text/plain' });
  assert.equal(w.status, 415, w.text);
  assert.equal(w.json.field, 'Content-Type');
  const p = await admin.req('PATCH', '/api/orgs/1', 'name=x', { 'content-type': 'application/x-www-form-urlencoded' });
  assert.equal(p.status, 415, p.text);
});

// Guards: bodies were buffered before authentication (300 unfinished 2 MiB
// bodies took the server from 49 to 641 MiB), and an anonymous POST with an
// invalid body got a 400 that described the body instead of 401.
test('anonymous writes get 401 before their body is read; login takes only a small body', async () => {
  const bad = await srv.client().req('POST', '/api/achievements', '{"not json');
  assert.equal(bad.status, 401, bad.text);
  assert.deepEqual(bad.json, { error: 'login required', code: 'login_required' });
  // No body byte is sent, so the answer can only come before the body; and
  // none is left unread in the server's socket, whose close would then be a
  // reset that may overtake the 401 (issue #19: this flipped under load, as did
  // a 1 s bound on the answer's time). A server that waits for the body never
  // answers: the wait is generous because a passing run does not spend it.
  const r = await rawPartial(srv.base, {
    path: '/api/achievements', headers: { 'Content-Type': 'application/json' }, declared: 2 << 20, sendFirst: 0, waitMs: 10000,
  });
  assert.equal(statusOf(r.head), 401, `answered before the body was complete: ${r.head}`);
  assert.ok(!r.timedOut);
  const tok = await rawPartial(srv.base, {
    path: '/api/orgs', headers: { 'Content-Type': 'application/json', Authorization: 'Bearer tbk_forged' }, declared: 2 << 20, sendFirst: 1024,
  });
  assert.equal(statusOf(tok.head), 401, tok.head);
  const login = await rawPartial(srv.base, {
    path: '/api/auth/login', headers: { 'Content-Type': 'application/json' }, declared: 2 << 20, sendFirst: 1024,
  });
  assert.equal(statusOf(login.head), 413, login.head);
  assert.equal(JSON.parse(login.body).field, 'body');
  // The static file server takes no bodies either.
  const stat = await rawPartial(srv.base, { path: '/index.html', declared: 2 << 20, sendFirst: 1024 });
  assert.equal(statusOf(stat.head), 405, stat.head);
  // Memory: 100 unfinished 2 MiB anonymous uploads (1 MiB sent each) do not
  // grow the server; before, each connection buffered what it had received.
  const before = rssKiB(srv.proc.pid);
  const all = [];
  for (let i = 0; i < 100; i++)
    all.push(rawPartial(srv.base, { path: '/api/demands', headers: { 'Content-Type': 'application/json' }, declared: 2 << 20, sendFirst: 1 << 20, waitMs: 10000 }));
  const res = await Promise.all(all);
  // Each ends before its body is sent: a 401, or a reset when the server
  // closes with the unread upload still in flight; never a wait for the body.
  assert.ok(res.every((x) => !x.timedOut && [0, 401].includes(statusOf(x.head))), JSON.stringify(res.filter((x) => x.timedOut).slice(0, 3)));
  const grown = rssKiB(srv.proc.pid) - before;
  assert.ok(grown < 32 * 1024, `server grew by ${grown} KiB`);
  // An authenticated write with a body still works.
  const ok = await admin.post('/api/orgs', { name: '请求体测试单位', kind: 'enterprise' });
  assert.equal(ok.status, 201, ok.text);
});

// ---- slowloris. Guards: the request time limit started only after the
// headers, with no per-address cap: 1,100 connections sending one header line
// now and then held all 1,024 slots and normal requests timed out.
// Opens n connections that send a request line and then one header line
// every `everyMs`, never finishing the headers. Resolves once all have
// connected (or failed to); .closedByServer counts those the server ended.
async function slowClients(base, n, everyMs) {
  const u = new URL(base);
  const socks = [];
  const state = { closedByServer: 0, socks, timer: null };
  await Promise.all(Array.from({ length: n }, (_, i) => new Promise((resolve) => {
    const s = net.connect({ host: u.hostname, port: Number(u.port) });
    s.setNoDelay(true);
    s.mine = false;
    s.on('connect', () => { s.write(`GET /healthz HTTP/1.1\r\nHost: ${u.host}\r\n`); resolve(); });
    s.on('error', () => resolve());
    s.on('close', () => { if (!s.mine) state.closedByServer++; resolve(); });
    s.on('data', () => {});
    socks.push(s);
  })));
  state.timer = setInterval(() => { for (const s of socks) if (!s.destroyed) s.write(`X-Slow-${Date.now()}: 1\r\n`); }, everyMs);
  state.stop = () => { clearInterval(state.timer); for (const s of socks) { s.mine = true; s.destroy(); } };
  return state;
}

// One normal GET from a chosen loopback source address; resolves with the
// status and the time it took (status 0 on error or after 5 s).
function timedGet(base, path, localAddress) {
  return new Promise((resolve) => {
    const t0 = Date.now();
    const req = http.get(base + path, { localAddress, agent: false, timeout: 5000 }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode, ms: Date.now() - t0 }));
    });
    req.on('timeout', () => { req.destroy(); resolve({ status: 0, ms: Date.now() - t0 }); });
    req.on('error', () => resolve({ status: 0, ms: Date.now() - t0 }));
  });
}

test('slowloris: a per-address cap keeps 1,100 slow connections from one address from starving others', async () => {
  const s = await Server.start({ users: false, args: ['--per-ip-limit', '64', '--header-timeout', '30'] });
  let slow;
  try {
    slow = await slowClients(s.base, 1100, 1000);
    // 127.0.0.2 reaches the server over lo like any other client.
    // Starved, this request would wait for the 30 s header deadline to free
    // a slot; timedGet gives up after 5 s (status 0). That margin does not
    // depend on CPU speed, unlike the 1 s bound this once had (issue #19: 1.3 s
    // on a loaded machine).
    const r = await timedGet(s.base, '/healthz', '127.0.0.2');
    assert.equal(r.status, 200, `no answer within ${r.ms} ms while 1,100 slow connections are open`);
  } finally { slow?.stop(); await s.stop(); }
});

test('slowloris: connections that do not finish their headers in time are closed, freeing the slots', async () => {
  // Per-address cap at the total (1,024), so only the deadline can help here.
  const s = await Server.start({ users: false, args: ['--per-ip-limit', '1024', '--header-timeout', '1'] });
  let slow;
  try {
    // A header line every 200 ms: an idle timeout never fires on these.
    const t0 = Date.now();
    slow = await slowClients(s.base, 1100, 200);
    // Wait for the condition, not for a fixed time (issue #19): the deadline
    // is 1 s, the trickle never stops, so only the deadline closes them; 20 s
    // is the give-up point of a failing run, not the expected time.
    while (slow.closedByServer < 1024 && Date.now() - t0 < 20000) await new Promise((r) => setTimeout(r, 100));
    assert.ok(slow.closedByServer >= 1024, `${slow.closedByServer} of 1,100 slow connections closed by the server`);
    assert.ok(Date.now() - t0 >= 1000, 'closed before their 1 s header deadline');
    // The freed slots serve a normal request (starved: no answer, status 0).
    const r = await timedGet(s.base, '/healthz', '127.0.0.1');
    assert.equal(r.status, 200, `${r.ms} ms`);
    assert.match(s.stderr, /sent no complete request headers within 1000 ms/);
  } finally { slow?.stop(); await s.stop(); }
});

// ---- kept-alive connections. Guards: the header deadline ran from the end
// of each response, so a kept-alive connection idle for longer than
// --header-timeout (10 s by default) between two requests was cut although
// the idle timeout is 30 s: a browser's next click paid a new connection.
// The idle wait is now bounded by the idle timeout; the header deadline
// starts with the next request line.
function keptAliveGet(agent, base, path) {
  return new Promise((resolve, reject) => {
    const req = http.get(base + path, { agent }, (res) => {
      const port = res.socket.localPort; // read now: the agent takes the socket back at the end
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode, reused: req.reusedSocket, port }));
    });
    req.on('error', reject);
  });
}

test('keep-alive: a connection idle for longer than the header deadline still serves the next request', async () => {
  const s = await Server.start({ users: false, args: ['--header-timeout', '1'] });
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  try {
    const a = await keptAliveGet(agent, s.base, '/healthz');
    assert.equal(a.status, 200);
    assert.equal(a.reused, false);
    // Three header deadlines of idleness (the default deadline is 10 s and
    // the brief's case 15 s idle: the same rule, scaled down).
    await new Promise((r) => setTimeout(r, 3000));
    const b = await keptAliveGet(agent, s.base, '/healthz');
    assert.equal(b.status, 200);
    assert.equal(b.reused, true, 'the server closed the idle kept-alive connection');
    assert.ok(Number.isInteger(a.port));
    assert.equal(b.port, a.port);
    assert.doesNotMatch(s.stderr, /sent no complete request headers/);
  } finally { agent.destroy(); await s.stop(); }
});

test('keep-alive: after the next request line the header deadline applies again', async () => {
  const s = await Server.start({ users: false, args: ['--header-timeout', '1'] });
  const u = new URL(s.base);
  const sock = net.connect({ host: u.hostname, port: Number(u.port) });
  let got = '', closedAt = 0, timer;
  try {
    const closed = new Promise((r) => sock.on('close', () => { closedAt = Date.now(); r(); }));
    sock.on('data', (d) => { got += d; });
    sock.on('error', () => {});
    await new Promise((r) => sock.on('connect', r));
    sock.write(`GET /healthz HTTP/1.1\r\nHost: ${u.host}\r\n\r\n`);
    for (let i = 0; i < 100 && !got.includes('\r\n\r\n'); i++) await new Promise((r) => setTimeout(r, 20));
    assert.match(got, /^HTTP\/1\.1 200/);
    // The next request: its line, then one header line every 200 ms, never
    // the end of the headers (an idle timeout alone never fires on this).
    const t0 = Date.now();
    sock.write(`GET /healthz HTTP/1.1\r\nHost: ${u.host}\r\n`);
    timer = setInterval(() => { if (!sock.destroyed) sock.write(`X-Slow-${Date.now()}: 1\r\n`); }, 200);
    await Promise.race([closed, new Promise((r) => setTimeout(r, 5000))]);
    assert.ok(closedAt > 0, 'the trickling connection was not closed within 5 s');
    // Closed by the 1 s header deadline, not by the 30 s idle timeout: the
    // 5 s wait above is the bound; a lower bound shows the deadline was kept.
    assert.ok(closedAt - t0 >= 1000, `closed after ${closedAt - t0} ms, before the header deadline`);
  } finally { clearInterval(timer); sock.destroy(); await s.stop(); }
});

// ---- login throttling. Guards: the failure count was read and recorded in
// two steps (64 parallel wrong logins got 16-19 password checks instead of
// 5), and failures against 20 emails from one address locked even the
// reviewer's correct login out (429).
const sql = (db, q) => sqlShell(db, q).trim();

test('login throttling: 64 parallel wrong logins get exactly 5 password checks', async () => {
  const s = await Server.start();
  try {
    const res = await Promise.all(Array.from({ length: 64 }, (_, i) =>
      s.client().post('/api/auth/login', { email: demoEmail('member'), password: `parallel-guess-${i}` })));
    const codes = res.map((r) => r.status);
    assert.equal(codes.filter((x) => x === 401).length, 5, JSON.stringify(codes));
    assert.equal(codes.filter((x) => x === 429).length, 59, JSON.stringify(codes));
    // Each 401 is one password check, audited as 'fail'.
    assert.equal(sql(s.db, `SELECT count(*) FROM audit_log WHERE action='login' AND outcome='fail' AND email='${demoEmail('member')}'`), '5');
  } finally { await s.stop(); }
});

test('login throttling: a stranger\'s failures do not lock the owner out of a known device', async () => {
  const s = await Server.start();
  try {
    const mine = s.client();               // the reviewer's own browser
    assert.equal((await mine.login(demoEmail('reviewer'), demoPassword('reviewer'))).status, 200);
    assert.ok(mine.cookies.has('tb_device'), 'a device cookie is issued at login');
    await mine.post('/api/auth/logout');
    // The attacker, from the same address: 20 emails, then the reviewer's.
    const evil = s.client();
    for (let i = 0; i < 20; i++)
      await evil.post('/api/auth/login', { email: `victim${i}@x.cn`, password: 'guessing-pass' });
    for (let i = 0; i < 5; i++)
      await evil.post('/api/auth/login', { email: demoEmail('reviewer'), password: `guess-${i}` });
    // Per-source and per-account limits hold for unknown devices ...
    const other = await s.client().post('/api/auth/login', { email: demoEmail('broker'), password: demoPassword('broker') });
    assert.equal(other.status, 429);
    const unknown = await s.client().post('/api/auth/login', { email: demoEmail('reviewer'), password: demoPassword('reviewer') });
    assert.equal(unknown.status, 429);
    // ... but the reviewer's correct password from the known device gets in.
    const back = await mine.login(demoEmail('reviewer'), demoPassword('reviewer'));
    assert.equal(back.status, 200, back.text);
    // A known device has its own limit: it is not a way around guessing.
    const thief = s.client();
    thief.cookies.set('tb_device', mine.cookies.get('tb_device'));
    const got = [];
    for (let i = 0; i < 11; i++)
      got.push((await thief.post('/api/auth/login', { email: demoEmail('reviewer'), password: `stolen-${i}` })).status);
    assert.deepEqual(got, [...Array(10).fill(401), 429]);
  } finally { await s.stop(); }
});

// http_client.test.mjs - the test HTTP client (lib.mjs Client) and kept-alive
// connections (issue #19: "fetch failed" under load). The cause: a test blocks
// node's event loop in a synchronous call (the CLI, jing) for longer than the
// server's idle timeout, the server closes the pooled connection as idle, and
// the next request goes out on it and fails before any answer. The client
// sends such a request once more on a new connection - but only then: a
// connection dropped while it was fresh is a server fault and must fail the
// test (the client used to resend after any dropped connection, which hid
// such a fault). The servers here are a few lines of raw HTTP in a child
// process (its timers run while this process is blocked), with an idle
// timeout of their own, so that nothing waits 30 s.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { Client, idleRace, SERVER_IDLE_MS } from './lib.mjs';

// mode idle: closes a connection idle for IDLE ms, as techbridge does after
// 30 s. mode drop: closes a connection, unanswered, on its second request.
// GET /stats answers the number of connections accepted so far.
const SERVER = `
const net = require('node:net');
const [mode, idle] = [process.argv[1], Number(process.argv[2])];
let conns = 0;
const srv = net.createServer((s) => {
  conns++;
  let buf = '', n = 0, timer = null;
  const arm = () => { clearTimeout(timer); timer = setTimeout(() => s.destroy(), idle); };
  arm();
  s.on('data', (d) => {
    buf += d;
    let i;
    while ((i = buf.indexOf('\\r\\n\\r\\n')) >= 0) {
      const head = buf.slice(0, i); buf = buf.slice(i + 4);
      n++;
      if (mode === 'drop' && n === 2 && !head.startsWith('GET /stats')) { s.destroy(); return; }
      const body = head.startsWith('GET /stats') ? JSON.stringify({ conns }) : '{"ok":true}';
      s.write('HTTP/1.1 200 OK\\r\\nContent-Type: application/json\\r\\nContent-Length: ' + body.length + '\\r\\n\\r\\n' + body);
      arm();
    }
  });
  s.on('error', () => {});
});
srv.listen(0, '127.0.0.1', () => console.log('port ' + srv.address().port));
`;
const children = [];
after(() => { for (const c of children) c.kill('SIGKILL'); });
async function rawServer(mode, idleMs) {
  const p = spawn(process.execPath, ['-e', SERVER, mode, String(idleMs)], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(p);
  const port = await new Promise((resolve, reject) => {
    let out = '';
    p.stdout.on('data', (d) => { out += d; const m = out.match(/port (\d+)/); if (m) resolve(Number(m[1])); });
    p.on('exit', (code) => reject(new Error(`raw server exited ${code}`)));
  });
  return `http://127.0.0.1:${port}`;
}
// Blocks this thread as execFileSync does: no timer, no socket event runs.
const blockFor = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

test('a connection the server closed as idle while the test was blocked: the next request is answered', async () => {
  const base = await rawServer('idle', 300);
  const c = new Client(base, {}, { idleMs: 300 });
  assert.equal((await c.get('/a')).status, 200);
  blockFor(1000); // the server closes the pooled connection meanwhile
  const r = await c.get('/b');
  assert.equal(r.status, 200);
  assert.deepEqual(r.json, { ok: true });
  // /b went out on a new connection (after the resend, or because fetch
  // noticed the close first; either way not on the closed one).
  const st = await c.get('/stats');
  assert.ok(st.json.conns >= 2 && st.json.conns <= 3, `connections: ${st.json.conns}`);
});

test('a connection dropped while it was fresh fails the request, naming the drop', async () => {
  // Guards: the client resent after any dropped connection, so a server
  // dropping connections it should keep passed every test.
  const base = await rawServer('drop', 60000);
  const c = new Client(base, {}, { idleMs: 60000 });
  assert.equal((await c.get('/a')).status, 200);
  // fetch takes the connection back into its pool a moment after the
  // answer is read; without the pause /b would open a second connection.
  await new Promise((r) => setTimeout(r, 50));
  await assert.rejects(c.get('/b'), /GET \/b: the server dropped the connection \((UND_ERR_SOCKET|ECONNRESET)\) although its connections had been unused for \d+ ms only \(idle timeout 60000 ms\)/);
});

test('idleRace: a dropped connection counts as the idle race only past the idle timeout, less the slack', () => {
  const dropped = (code) => Object.assign(new TypeError('fetch failed'), { cause: { code } });
  assert.equal(SERVER_IDLE_MS, 30000);
  assert.equal(idleRace(dropped('UND_ERR_SOCKET'), 30000, 25000), true);
  assert.equal(idleRace(dropped('ECONNRESET'), 30000, 31000), true);
  assert.equal(idleRace(dropped('UND_ERR_SOCKET'), 30000, 24999), false);
  assert.equal(idleRace(dropped('UND_ERR_SOCKET'), 300, 150), true);
  assert.equal(idleRace(dropped('UND_ERR_SOCKET'), 300, 149), false);
  assert.equal(idleRace(dropped('ECONNREFUSED'), 30000, 60000), false, 'a server that is gone is not the race');
  assert.equal(idleRace(new TypeError('fetch failed'), 30000, 60000), false);
});

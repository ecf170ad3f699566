// digest.test.mjs - issue #16 e-mail digests against a local SMTP sink
// (smtp_sink.mjs): opt-in, one UTF-8 message with the alerts and an
// unsubscribe link; a failing SMTP server delays the digest with back-off and
// loses nothing; the link works without login and cannot be forged or
// replayed for another user. Time moves with TB_TEST_CLOCK, not sleeps.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Server, BIN, complete, demoEmail } from './lib.mjs';
import { startSink } from './smtp_sink.mjs';

let srv, admin, reviewer, member, broker, sink, orgX;
before(async () => {
  srv = await Server.start({ args: ['--maintain-interval', '0'] });
  admin = await srv.session('admin');
  reviewer = await srv.session('reviewer');
  member = await srv.session('member');
  broker = await srv.session('broker');
  orgX = (await admin.post('/api/orgs', { name: '邮件摘要测试企业', kind: 'enterprise', city: '大连' })).json.id;
  sink = await startSink({ fail: true });
});
after(async () => { await sink.stop(); await srv.stop(); });

const t0 = Math.floor(Date.now() / 1000);
// Asynchronous: the sink runs in this process and must answer while the CLI talks to it.
async function maintain(at) {
  const { stdout } = await promisify(execFile)(BIN, ['maintain', '--db', srv.db, '--json', '--smtp', sink.url,
    '--mail-from', 'alerts@techbridge.test', '--public-url', 'https://tb.example.cn'],
    { env: { ...process.env, TB_TEST_CLOCK: String(at) } });
  return JSON.parse(stdout);
}
const header = (raw, name) => (raw.match(new RegExp(`^${name}: (.*)$`, 'mi')) ?? [])[1];
const decodeWord = (s) => s.replace(/=\?UTF-8\?B\?([^?]+)\?=/g, (_, b) => Buffer.from(b, 'base64').toString('utf8'));
const bodyOf = (raw) => Buffer.from(raw.split('\r\n\r\n').slice(1).join('').replace(/\r\n/g, ''), 'base64').toString('utf8');

test('opt-in, a failing server delays with back-off, then one UTF-8 digest with an unsubscribe link', async () => {
  assert.equal((await member.put('/api/mail', { digest: 'hourly' })).json.field, 'digest');
  assert.equal((await member.put('/api/mail', { digest: 'daily' })).status, 200);
  assert.equal((await member.get('/api/mail')).json.digest, 'daily');
  assert.equal((await member.post('/api/subscriptions', { kind: 'org', target: 'achievement', org_id: orgX })).status, 201);
  const a = await admin.post('/api/achievements', complete('achievements', { title_zh: '邮件摘要测试成果', modes: ['licence'],
    owner_org_id: orgX, status: 'submitted' }));
  assert.equal((await reviewer.post(`/api/achievements/${a.json.id}/publish`)).status, 200);

  // The server refuses: nothing lost, retried after the back-off (60 s), not before.
  let r = await maintain(t0);
  assert.equal(r.mail_failed, 1);
  assert.equal(r.mail_sent, 0);
  assert.equal((await maintain(t0 + 30)).mail_failed, 0, 'not retried inside the back-off');
  assert.equal(sink.messages.length, 0);
  r = await maintain(t0 + 61);
  assert.equal(r.mail_failed, 1, 'second failure: back-off doubles');
  assert.equal((await maintain(t0 + 61 + 100)).mail_failed, 0);
  sink.fail = false;
  r = await maintain(t0 + 61 + 121);
  assert.equal(r.mail_sent, 1);
  assert.equal(sink.messages.length, 1);
  // Sent once: later runs do not send it again.
  assert.equal((await maintain(t0 + 400)).mail_sent, 0);
  assert.equal(sink.messages.length, 1);

  const m = sink.messages[0];
  assert.equal(m.from, 'alerts@techbridge.test');
  assert.deepEqual(m.to, [demoEmail('member')]);
  assert.equal(header(m.raw, 'To'), demoEmail('member'));
  assert.equal(header(m.raw, 'From'), 'alerts@techbridge.test');
  assert.equal(decodeWord(header(m.raw, 'Subject')), '科技成果与需求提醒 TechBridge alerts (1)');
  assert.equal(header(m.raw, 'Content-Type'), 'text/plain; charset=UTF-8');
  assert.equal(header(m.raw, 'MIME-Version'), '1.0');
  const body = bodyOf(m.raw);
  assert.ok(body.includes('新发布：“邮件摘要测试成果”（关注的单位）'), body);
  assert.ok(body.includes(`https://tb.example.cn/achievements/${a.json.id}`), body);
  const link = body.match(/Unsubscribe: (\S+)/)[1];
  assert.equal(header(m.raw, 'List-Unsubscribe'), `<${link}>`);
  const u = new URL(link);
  assert.equal(u.searchParams.get('u'), String(member.user.id));
  const t = u.searchParams.get('t');
  assert.match(t, /^[0-9a-f]{64}$/);

  // Forged or replayed for another user: 403, nothing changes.
  const anon = srv.client();
  const forged = t.slice(0, -1) + (t.endsWith('0') ? '1' : '0');
  assert.equal((await anon.get(`/api/unsubscribe?u=${member.user.id}&t=${forged}`)).status, 403);
  assert.equal((await broker.put('/api/mail', { digest: 'weekly' })).status, 200);
  assert.equal((await anon.get(`/api/unsubscribe?u=${broker.user.id}&t=${t}`)).status, 403);
  assert.equal((await broker.get('/api/mail')).json.digest, 'weekly');
  // The real link works without login, and again (idempotent).
  const ok = await anon.get(`/api/unsubscribe?u=${member.user.id}&t=${t}`);
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.json.digest, 'none');
  assert.equal((await anon.get(`/api/unsubscribe?u=${member.user.id}&t=${t}`)).status, 200);
  assert.equal((await member.get('/api/mail')).json.digest, 'none');
});

// Defect guarded (issue #16 "Must hold"): an alert raised when a listing was
// published stayed pending, and the next digest mailed it even after the
// listing had closed; closed, expired or past-deadline listings never appear
// in alerts.
test('the digest leaves out alerts for listings closed since they were published', async () => {
  sink.fail = false;
  const oa = await srv.session('org_admin');
  assert.equal((await oa.put('/api/mail', { digest: 'daily' })).status, 200);
  assert.equal((await oa.post('/api/subscriptions', { kind: 'org', target: 'demand', org_id: orgX })).status, 201);
  const mk = async (title) => {
    const d = await admin.post('/api/demands', complete('demands', { title_zh: title, org_id: orgX, status: 'published' }));
    assert.equal(d.status, 201, d.text);
    return d.json.id;
  };
  const closed = await mk('摘要已关闭需求'), live = await mk('摘要仍有效需求');
  assert.equal((await admin.post(`/api/demands/${closed}/close`)).status, 200);
  const mine = (await oa.get('/api/notifications')).json.items.filter((n) => n.kind === 'alert');
  assert.deepEqual(mine.map((n) => n.item_id), [live], 'in-app: the closed demand is left out');
  const before = sink.messages.length;
  const r = await maintain(t0 + 1000);
  assert.equal(r.mail_sent, 1, JSON.stringify(r));
  const m = sink.messages.slice(before).find((x) => x.to.includes(demoEmail('org_admin')));
  assert.ok(m, 'a digest for org_admin');
  assert.equal(decodeWord(header(m.raw, 'Subject')), '科技成果与需求提醒 TechBridge alerts (1)');
  const body = bodyOf(m.raw);
  assert.ok(body.includes(`https://tb.example.cn/demands/${live}`), body);
  assert.ok(!body.includes(`https://tb.example.cn/demands/${closed}`), body);
  assert.ok(!body.includes('摘要已关闭需求'), body);
});

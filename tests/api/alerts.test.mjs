// alerts.test.mjs - issue #16 subscriptions and in-app alerts: a saved
// search (field, words in either language), a followed organisation; one
// notification per user per listing however often it is published; each
// user sees and changes only their own. Guards against "there is no feed,
// subscription, alert or bulletin": a published listing nobody is told about.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server, cli, complete, demoEmail } from './lib.mjs';

let srv, admin, reviewer, member, broker, anon, orgA, orgX;
before(async () => {
  srv = await Server.start({ args: ['--maintain-interval', '0'] });
  admin = await srv.session('admin');
  reviewer = await srv.session('reviewer');
  member = await srv.session('member');
  broker = await srv.session('broker');
  anon = srv.client();
  orgA = member.user.org_id;
  orgX = (await admin.post('/api/orgs', { name: '订阅测试企业', kind: 'enterprise', city: '大连' })).json.id;
});
after(async () => { await srv.stop(); });

const alerts = async (c) => (await c.get('/api/notifications')).json.items.filter((n) => n.kind === 'alert');

test('subscriptions: validation, own only, anonymous 401', async () => {
  assert.equal((await anon.post('/api/subscriptions', { kind: 'search', target: 'achievement', q: 'x' })).status, 401);
  const empty = await member.post('/api/subscriptions', { kind: 'search', target: 'achievement' });
  assert.equal(empty.status, 400);
  assert.equal(empty.json.field, 'q');
  const kind = await member.post('/api/subscriptions', { kind: 'rss', target: 'achievement', q: 'x' });
  assert.equal(kind.json.field, 'kind');
  const org = await member.post('/api/subscriptions', { kind: 'org', target: 'demand' });
  assert.equal(org.json.field, 'org_id');
  const s = await member.post('/api/subscriptions', { kind: 'search', target: 'demand', q: 'zzz' });
  assert.equal(s.status, 201, s.text);
  assert.equal((await broker.del(`/api/subscriptions/${s.json.id}`)).status, 404, "not the broker's");
  assert.ok(!(await broker.get('/api/subscriptions')).json.items.some((x) => x.id === s.json.id));
  assert.equal((await member.del(`/api/subscriptions/${s.json.id}`)).status, 200);
});

test('a saved search alerts once when a matching listing is published; others are not alerted', async () => {
  const s = await member.post('/api/subscriptions', { kind: 'search', target: 'achievement', field: '新能源', q: '钠离子 Cathode' });
  assert.equal(s.status, 201, s.text);
  const before = (await alerts(member)).length;
  const mk = (title_zh, title_en, field) => admin.post('/api/achievements', complete('achievements',
    { title_zh, title_en, field, modes: ['licence'], owner_org_id: orgX, status: 'submitted' }));
  const hit = await mk('钠离子电池正极材料订阅测试', 'Sodium-ion cathode material', '新能源');
  const miss = await mk('钠离子电池正极材料另一领域', 'Sodium-ion cathode material', '新材料');
  assert.equal(hit.status, 201, hit.text);
  assert.equal((await reviewer.post(`/api/achievements/${hit.json.id}/publish`)).status, 200);
  assert.equal((await reviewer.post(`/api/achievements/${miss.json.id}/publish`)).status, 200);
  let mine = await alerts(member);
  assert.equal(mine.length, before + 1);
  assert.equal(mine[0].item_kind, 'achievement');
  assert.equal(mine[0].item_id, hit.json.id);
  assert.equal(mine[0].text_zh, '新发布：“钠离子电池正极材料订阅测试”（保存的搜索）');
  assert.equal(mine[0].text_en, 'Newly published: "钠离子电池正极材料订阅测试" (a saved search)');
  assert.equal(mine[0].read_at, null);
  // Withdrawn, resubmitted, published again: still one alert for this listing.
  await admin.post(`/api/achievements/${hit.json.id}/withdraw`);
  await admin.post(`/api/achievements/${hit.json.id}/submit`);
  assert.equal((await reviewer.post(`/api/achievements/${hit.json.id}/publish`)).status, 200);
  mine = await alerts(member);
  assert.equal(mine.length, before + 1);
  // The broker has no subscription: nothing.
  assert.equal((await alerts(broker)).filter((n) => n.item_id === hit.json.id).length, 0);
  // Read.
  const unread = (await member.get('/api/notifications')).json.unread;
  assert.equal((await member.post(`/api/notifications/${mine[0].id}/read`)).status, 200);
  assert.equal((await member.get('/api/notifications')).json.unread, unread - 1);
  assert.equal((await broker.post(`/api/notifications/${mine[0].id}/read`)).status, 404);
});

test('following an organisation alerts on its new demands', async () => {
  const s = await member.post('/api/subscriptions', { kind: 'org', target: 'demand', org_id: orgX });
  assert.equal(s.status, 201, s.text);
  const d = await admin.post('/api/demands', complete('demands', { title_zh: '关注单位的新需求', org_id: orgX,
    deadline: '2099-01-01', status: 'published' }));
  assert.equal(d.status, 201, d.text);
  const mine = await alerts(member);
  assert.ok(mine.some((n) => n.item_kind === 'demand' && n.item_id === d.json.id
    && n.text_en === 'Newly published: "关注单位的新需求" (an organisation you follow)'));
});

test('CLI: techbridge subscription add|list|delete with the same rules (exit 2 naming the field)', async () => {
  const run = (...args) => cli(['subscription', ...args, '--db', srv.db]);
  const bad = run('add', '--email', demoEmail('member'), '--kind', 'search', '--target', 'demand');
  assert.equal(bad.code, 2);
  assert.equal(bad.stderr, 'q: a saved search needs q, field, city or trl_min\n');
  assert.equal(run('add', '--email', 'nobody@x.cn', '--q', 'x').code, 2);
  const ok = run('add', '--email', demoEmail('member'), '--kind', 'search', '--target', 'demand', '--q', 'CLI订阅', '--json');
  assert.equal(ok.code, 0, ok.stderr);
  const id = JSON.parse(ok.stdout).id;
  assert.ok((await member.get('/api/subscriptions')).json.items.some((s) => s.id === id && s.q === 'CLI订阅'));
  assert.match(run('list', '--email', demoEmail('member')).stdout, new RegExp(`^${id}\\tsearch\\tdemand\\tq=CLI订阅`, 'm'));
  assert.equal(run('delete', '--email', demoEmail('broker'), '--id', String(id)).code, 2, "not the broker's");
  assert.equal(run('delete', '--email', demoEmail('member'), '--id', String(id)).code, 0);
});

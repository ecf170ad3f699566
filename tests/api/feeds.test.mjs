// feeds.test.mjs - issue #16 Atom feeds (RFC 4287): new achievements, new
// demands, and the feed of any saved search, validated offline with jing and
// the RELAX NG schema of RFC 4287 (tests/atom.rnc) plus xmllint; expired and
// closed listings never appear. Guards against "there is no feed".
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Server, ROOT, cli, complete } from './lib.mjs';

let srv, admin, member, orgX;
before(async () => {
  // jing (Java) takes seconds per file on a loaded machine while node is
  // blocked in execFileSync: a kept-alive connection must not be closed as a
  // slow header sender meanwhile (the next fetch on it failed).
  srv = await Server.start({ args: ['--maintain-interval', '0', '--header-timeout', '120'] });
  admin = await srv.session('admin');
  member = await srv.session('member');
  orgX = (await admin.post('/api/orgs', { name: '订阅源测试企业', kind: 'enterprise', city: '大连' })).json.id;
});
after(async () => { await srv.stop(); });

function validate(xml, name) {
  const f = join(srv.dir, name);
  writeFileSync(f, xml);
  // jing exits non-zero and names the element on any schema violation.
  execFileSync('jing', ['-c', join(ROOT, 'tests/atom.rnc'), f], { stdio: ['ignore', 'pipe', 'pipe'] });
  execFileSync('xmllint', ['--noout', f], { stdio: ['ignore', 'pipe', 'pipe'] });
}
const entries = (xml) => [...xml.matchAll(/<entry><id>tag:techbridge,2026:(\w+):(\d+)<\/id><title>([^<]*)<\/title>/g)]
  .map((m) => ({ kind: m[1], id: Number(m[2]), title: m[3] }));

test('feeds are valid Atom, newest first, with only published listings; a saved search has its own feed', async () => {
  const mk = (title_zh, field) => admin.post('/api/achievements', complete('achievements',
    { title_zh, field, modes: ['licence'], owner_org_id: orgX, status: 'published' }));
  const a1 = (await mk('订阅源成果甲 <&> "引号"', '新能源')).json;
  const a2 = (await mk('订阅源成果乙', '新能源')).json;
  const other = (await mk('订阅源成果丙', '新材料')).json;
  const gone = (await mk('订阅源成果已撤回', '新能源')).json;
  assert.equal((await admin.post(`/api/achievements/${gone.id}/withdraw`)).status, 200);

  const r = await srv.client().get('/api/feeds/achievements.atom?field=' + encodeURIComponent('新能源') + '&org=' + orgX);
  assert.equal(r.status, 200);
  assert.equal(r.headers.get('content-type'), 'application/atom+xml; charset=utf-8');
  validate(r.text, 'a.atom');
  assert.deepEqual(entries(r.text).map((e) => e.id), [a2.id, a1.id]);
  assert.ok(r.text.includes('<title>订阅源成果甲 &lt;&amp;&gt; &quot;引号&quot;</title>'));
  assert.ok(!r.text.includes(String(other.id) + '</id>') && !r.text.includes('已撤回'));

  const d = await admin.post('/api/demands', complete('demands', { title_zh: '订阅源需求', org_id: orgX, deadline: '2099-01-01', status: 'published' }));
  const dr = await srv.client().get('/api/feeds/demands.atom?org=' + orgX);
  validate(dr.text, 'd.atom');
  assert.deepEqual(entries(dr.text).map((e) => e.id), [d.json.id]);

  // A saved search names its feed; the feed lists what the search would alert on.
  const s = await member.post('/api/subscriptions', { kind: 'search', target: 'achievement', field: '新能源', q: '订阅源成果乙' });
  assert.equal(s.json.feed, '/api/feeds/achievements.atom?field=%E6%96%B0%E8%83%BD%E6%BA%90&q=%E8%AE%A2%E9%98%85%E6%BA%90%E6%88%90%E6%9E%9C%E4%B9%99');
  const sf = await srv.client().get(s.json.feed);
  validate(sf.text, 's.atom');
  assert.deepEqual(entries(sf.text).map((e) => e.id), [a2.id]);

  // Expired by the life cycle: out of the feed.
  const after = String(Math.floor(Date.parse(a2.expires_at + 'T12:00:00+08:00') / 1000) + 86400);
  assert.equal(cli(['maintain', '--db', srv.db], { env: { ...process.env, TB_TEST_CLOCK: after } }).code, 0);
  const r2 = await srv.client().get('/api/feeds/achievements.atom?org=' + orgX);
  validate(r2.text, 'a2.atom');
  assert.deepEqual(entries(r2.text), []);
  // An empty feed is valid too.
  assert.equal((await srv.client().get('/api/feeds/achievements.atom?limit=0')).status, 400);
});

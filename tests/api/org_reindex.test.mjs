// org_reindex.test.mjs - an organisation's city reaches the match index.
// A listing's city is its owner's (the index uses it for the same_city and
// same_province factors), but an edit of the organisation left the indexed
// listings with the old city until each listing changed or the server
// restarted. The change log's follower now re-indexes an organisation's
// published listings when its row changes (domain/changefeed.c).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server } from './lib.mjs';

let srv, admin, U, E, X, D;
const year = new Date().getFullYear();

before(async () => {
  srv = await Server.start();
  admin = await srv.session('admin');
  const org = async (name, kind) => {
    const r = await admin.post('/api/orgs', { name, kind, city: '沈阳', province: '辽宁' });
    assert.equal(r.status, 201, r.text);
    return r.json.id;
  };
  U = await org('城市变更测试大学', 'university');
  E = await org('城市变更测试企业', 'enterprise');
  const a = await admin.post('/api/achievements', { title_zh: '风电齿轮箱故障诊断技术', abstract_zh: '基于振动信号的风电齿轮箱早期故障诊断方法，准确率95%。',
    keywords: ['风电', '齿轮箱', '故障诊断'], field: '新能源', trl: 6, modes: ['licence'], owner_org_id: U, status: 'published' });
  assert.equal(a.status, 201, a.text);
  X = a.json.id;
  const d = await admin.post('/api/demands', { title_zh: '风电齿轮箱故障诊断需求', desc_zh: '我单位风电场齿轮箱故障频发，需要早期故障诊断技术。',
    keywords: ['风电', '齿轮箱'], field: '新能源', org_id: E, deadline: `${year + 1}-12-31`, status: 'published' });
  assert.equal(d.status, 201, d.text);
  D = d.json.id;
});
after(async () => { await srv.stop(); });

const factorsOfX = async () => {
  const r = await admin.get(`/api/demands/${D}/matches?limit=20`);
  assert.equal(r.status, 200, r.text);
  const hit = r.json.items.find((x) => x.achievement.id === X);
  assert.ok(hit, 'the achievement matches the demand');
  return hit.factors.map((f) => f.name);
};

test('moving an organisation to another city moves its listings in the index', async () => {
  assert.ok((await factorsOfX()).includes('same_city'), 'both in 沈阳 at first');
  const p = await admin.patch(`/api/orgs/${U}`, { city: '大连' });
  assert.equal(p.status, 200, p.text);
  // the follower applies the change in the background: wait for the
  // condition (bounded), never a fixed sleep
  let names;
  for (const t0 = Date.now(); Date.now() - t0 < 10000;) {
    names = await factorsOfX();
    if (!names.includes('same_city')) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.ok(!names.includes('same_city'), `still same_city after the move: ${names}`);
  assert.ok(names.includes('same_province'), 'still in the same province');
  // and a search by the new city finds it (the store's join says so too)
  const s = await admin.get(`/api/achievements?city=${encodeURIComponent('大连')}&q=${encodeURIComponent('齿轮箱')}`);
  assert.ok(s.json.items.some((x) => x.id === X), 'found under 大连');
});

// favourites.test.mjs - saved listings (issue #18): save (idempotent),
// list with the listing's current data, forget; each user sees only their
// own; a listing the user may not see cannot be saved, and one withdrawn
// after saving stays in the list without its data.
//
// Guards against: users could not keep a shortlist of listings to compare.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server, complete } from './lib.mjs';

let srv, admin, member, reviewer, other, pubA, pubD, draftOther;
before(async () => {
  srv = await Server.start();
  admin = await srv.session('admin');
  member = await srv.session('member');
  reviewer = await srv.session('reviewer');
  other = (await admin.post('/api/orgs', { name: '收藏测试其他单位', kind: 'enterprise', city: '大连' })).json.id;
  pubA = (await admin.post('/api/achievements', complete('achievements', { title_zh: '收藏测试成果', trl: 5, modes: ['transfer'], price: 100000,
    owner_org_id: other, status: 'published' }))).json.id;
  pubD = (await admin.post('/api/demands', complete('demands', { title_zh: '收藏测试需求', org_id: other, status: 'published', budget_max: 300000 }))).json.id;
  draftOther = (await admin.post('/api/achievements', complete('achievements', { title_zh: '收藏测试草稿', trl: 5, modes: ['transfer'], price: 1,
    owner_org_id: other, status: 'draft' }))).json.id;
});
after(async () => { await srv.stop(); });

test('save, list with current data, save again is 200, forget; only one\'s own', async () => {
  let r = await member.post('/api/favourites', { kind: 'achievement', item_id: pubA });
  assert.equal(r.status, 201, r.text);
  assert.equal((await member.post('/api/favourites', { kind: 'achievement', item_id: pubA })).status, 200);
  assert.equal((await member.post('/api/favourites', { kind: 'demand', item_id: pubD })).status, 201);
  r = await member.get('/api/favourites');
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json.items.map((x) => [x.kind, x.item_id]).sort(), [['achievement', pubA], ['demand', pubD]]);
  assert.equal(r.json.items.find((x) => x.kind === 'achievement').item.title_zh, '收藏测试成果');
  assert.deepEqual((await reviewer.get('/api/favourites')).json.items, []);
  assert.equal((await srv.client().get('/api/favourites')).status, 401);
  assert.equal((await member.del(`/api/favourites/demands/${pubD}`)).status, 204);
  assert.equal((await member.del(`/api/favourites/demands/${pubD}`)).status, 404);
  assert.equal((await member.get('/api/favourites')).json.items.length, 1);
});

test('a listing the user may not see cannot be saved; one withdrawn later stays without its data', async () => {
  let r = await member.post('/api/favourites', { kind: 'achievement', item_id: draftOther });
  assert.equal(r.status, 404, r.text);
  assert.equal(r.json.field, 'item_id');
  r = await member.post('/api/favourites', { kind: 'contract', item_id: pubA });
  assert.equal(r.status, 400);
  assert.equal(r.json.field, 'kind');
  assert.equal((await member.post('/api/favourites', { kind: 'demand', item_id: pubD })).status, 201);
  assert.equal((await admin.post(`/api/demands/${pubD}/withdraw`)).status, 200);
  const f = (await member.get('/api/favourites')).json.items.find((x) => x.kind === 'demand' && x.item_id === pubD);
  assert.ok(f, 'still listed');
  assert.equal(f.item, null, 'withdrawn from the public: no data for another organisation\'s member');
  // a reviewer, who may read it, still sees its data
  assert.equal((await reviewer.post('/api/favourites', { kind: 'demand', item_id: pubD })).status, 201);
  assert.equal((await reviewer.get('/api/favourites')).json.items.find((x) => x.kind === 'demand' && x.item_id === pubD).item.status, 'withdrawn');
});

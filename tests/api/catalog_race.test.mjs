// catalog_race.test.mjs - two reviewers act on the same submitted item at the
// same time. Guards the defect of issue #11: api/catalog.c read the status,
// checked the transition and wrote without a transaction, and its UPDATE did
// not check the expected status, so both a "publish" and a "return" (or two
// "publish"es) of one item could answer 200. Now exactly one wins and the
// other gets 409 naming the item's current status.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server, complete } from './lib.mjs';

let srv, admin, reviewer, org;
const PAIRS = 12; // several items at once, so that the requests really overlap

before(async () => {
  srv = await Server.start({ args: ['--threads', '4'] });
  admin = await srv.session('admin');
  reviewer = await srv.session('reviewer');
  org = (await admin.post('/api/orgs', { name: '并发测试大学', kind: 'university', city: '沈阳' })).json;
});
after(async () => { await srv.stop(); });

async function submitted(kind, i) {
  // Complete listings: since issue #16 a thin one is refused at submit.
  const body = complete(kind, kind === 'achievements'
    ? { title_zh: `并发审核成果${i}`, trl: 5, modes: ['transfer'], owner_org_id: org.id, status: 'submitted' }
    : { title_zh: `并发审核需求${i}`, desc_zh: '需要一种轻量化材料。', org_id: org.id, status: 'submitted' });
  const r = await admin.post(`/api/${kind}`, body);
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.status, 'submitted');
  return r.json.id;
}

for (const kind of ['achievements', 'demands']) {
  test(`${kind}: publish and return of the same submitted item at once -> one 200, one 409`, async () => {
    const ids = [];
    for (let i = 0; i < PAIRS; i++) ids.push(await submitted(kind, i));
    const answers = await Promise.all(ids.map((id) => Promise.all([
      // Both reviewers saw it submitted (the review page sends what it showed).
      reviewer.post(`/api/${kind}/${id}/publish`, { expected_status: 'submitted' }),
      admin.post(`/api/${kind}/${id}/return`, { reason: '请补充对比数据', expected_status: 'submitted' }),
    ])));
    for (const [i, [pub, ret]] of answers.entries()) {
      const codes = [pub.status, ret.status].sort();
      assert.deepEqual(codes, [200, 409], `item ${ids[i]}: ${pub.text} / ${ret.text}`);
      const loser = pub.status === 409 ? pub : ret;
      assert.equal(loser.json.field, 'status');
      const now = (await admin.get(`/api/${kind}/${ids[i]}`)).json;
      assert.equal(now.status, pub.status === 200 ? 'published' : 'draft');
      assert.match(loser.json.error, new RegExp(now.status));
    }
  });

  test(`${kind}: two reviewers publish the same submitted item at once -> one 200, one 409`, async () => {
    const ids = [];
    for (let i = 0; i < PAIRS; i++) ids.push(await submitted(kind, 100 + i));
    const answers = await Promise.all(ids.map((id) => Promise.all([
      reviewer.post(`/api/${kind}/${id}/publish`),
      admin.post(`/api/${kind}/${id}/publish`),
    ])));
    for (const [i, pair] of answers.entries()) {
      assert.deepEqual(pair.map((r) => r.status).sort(), [200, 409], `item ${ids[i]}`);
      assert.equal(pair.find((r) => r.status === 409).json.error, 'cannot publish an item that is published');
    }
  });
}

// review_batch.test.mjs - the reviewer's workbench (issue #18): several
// submitted items published or returned with one reason, each in its own
// transaction with a per-item result; and an item's history (revisions and
// audit trail) for the review view.
//
// Guards against: a reviewer with a long queue could only decide one item at
// a time, and a batch that stops at the first stale item (or rolls back the
// good ones) would lose decisions; the review view had no history of an item.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server, complete } from './lib.mjs';

let srv, admin, reviewer, member, orgAdmin, own, other;
let seq = 0;

before(async () => {
  srv = await Server.start();
  admin = await srv.session('admin');
  reviewer = await srv.session('reviewer');
  member = await srv.session('member');
  orgAdmin = await srv.session('org_admin');
  own = member.user.org_id;
  other = (await admin.post('/api/orgs', { name: '批量审核其他单位', kind: 'enterprise', city: '大连' })).json.id;
});
after(async () => { await srv.stop(); });

const body = {
  achievements: (org) => ({ title_zh: `批量审核成果${++seq}`, abstract_zh: '批量审核测试。', trl: 5, modes: ['transfer'],
                            price: 100000, owner_org_id: org, status: 'draft' }),
  demands: (org) => ({ title_zh: `批量审核需求${++seq}`, desc_zh: '批量审核测试。', budget_max: 500000, org_id: org, status: 'draft' }),
};
async function submitted(kind, org = own) {
  const r = await admin.post(`/api/${kind}`, complete(kind, body[kind](org)));
  assert.equal(r.status, 201, r.text);
  const s = await member.post(`/api/${kind}/${r.json.id}/submit`);
  assert.equal(s.status, org === own ? 200 : 403, s.text);
  if (org !== own) assert.equal((await admin.post(`/api/${kind}/${r.json.id}/submit`)).status, 200);
  return r.json.id;
}

test('batch publish: every item in its own transaction, a stale one fails alone with 409 naming its status', async () => {
  const a1 = await submitted('achievements');
  const a2 = await submitted('achievements', other);
  const d1 = await submitted('demands');
  const stale = await submitted('demands');
  // Someone else returned this one after the reviewer loaded the queue.
  assert.equal((await admin.post(`/api/demands/${stale}/return`, { reason: '另一位审核员已退回' })).status, 200);
  const r = await reviewer.post('/api/review/batch', {
    action: 'publish',
    items: [
      { kind: 'achievement', id: a1, expected_status: 'submitted' },
      { kind: 'demand', id: stale, expected_status: 'submitted' },
      { kind: 'achievement', id: a2, expected_status: 'submitted' },
      { kind: 'demand', id: d1 },
      { kind: 'demand', id: 999999 },
    ],
  });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.action, 'publish');
  assert.equal(r.json.ok, 3);
  assert.equal(r.json.failed, 2);
  assert.deepEqual(r.json.results.map((x) => [x.kind, x.id, x.ok]),
    [['achievement', a1, true], ['demand', stale, false], ['achievement', a2, true], ['demand', d1, true], ['demand', 999999, false]]);
  assert.equal(r.json.results[0].status, 'published');
  assert.equal(r.json.results[1].code, 409);
  assert.equal(r.json.results[1].field, 'status');
  assert.match(r.json.results[1].error, /draft/);
  assert.equal(r.json.results[4].code, 404);
  for (const [k, id] of [['achievements', a1], ['achievements', a2], ['demands', d1]])
    assert.equal((await srv.client().get(`/api/${k}/${id}`)).json.status, 'published');
  assert.equal((await admin.get(`/api/demands/${stale}`)).json.status, 'draft');
  // A published item has its validity period, as after the single publish.
  assert.ok((await srv.client().get(`/api/achievements/${a1}`)).json.expires_at);
});

test('batch return: one reason for all; required, bounded, and the body is checked before anything changes', async () => {
  const a = await submitted('achievements');
  const d = await submitted('demands');
  const items = [{ kind: 'achievement', id: a }, { kind: 'demand', id: d }];
  const none = await reviewer.post('/api/review/batch', { action: 'return', items });
  assert.equal(none.status, 400, none.text);
  assert.equal(none.json.field, 'reason');
  const long = await reviewer.post('/api/review/batch', { action: 'return', reason: '长'.repeat(1001), items });
  assert.equal(long.status, 400, long.text);
  assert.equal(long.json.field, 'reason');
  const badItem = await reviewer.post('/api/review/batch', { action: 'return', reason: '请补充', items: [...items, { kind: 'contract', id: 1 }] });
  assert.equal(badItem.status, 400, badItem.text);
  assert.equal(badItem.json.field, 'items[2].kind');
  const badAction = await reviewer.post('/api/review/batch', { action: 'delete', items });
  assert.equal(badAction.status, 400);
  assert.equal(badAction.json.field, 'action');
  const empty = await reviewer.post('/api/review/batch', { action: 'publish', items: [] });
  assert.equal(empty.status, 400);
  assert.equal(empty.json.field, 'items');
  const many = await reviewer.post('/api/review/batch', { action: 'publish', items: Array.from({ length: 101 }, () => items[0]) });
  assert.equal(many.status, 400);
  assert.equal(many.json.field, 'items');
  // Nothing changed by the refused bodies.
  assert.equal((await admin.get(`/api/achievements/${a}`)).json.status, 'submitted');
  const r = await reviewer.post('/api/review/batch', { action: 'return', reason: '请补充与现有技术的对比', items });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.ok, 2);
  for (const [k, id] of [['achievements', a], ['demands', d]]) {
    const g = await admin.get(`/api/${k}/${id}`);
    assert.equal(g.json.status, 'draft');
    assert.equal(g.json.review_note, '请补充与现有技术的对比');
  }
});

test('batch: roles that may not publish are refused as a whole (403), nothing changes', async () => {
  const a = await submitted('achievements');
  for (const c of [member, orgAdmin]) {
    const r = await c.post('/api/review/batch', { action: 'publish', items: [{ kind: 'achievement', id: a }] });
    assert.equal(r.status, 403, r.text);
  }
  const anon = await srv.client().post('/api/review/batch', { action: 'publish', items: [{ kind: 'achievement', id: a }] });
  assert.equal(anon.status, 401);
  assert.equal((await admin.get(`/api/achievements/${a}`)).json.status, 'submitted');
});

test('history: revisions and the audit trail of one item, for its organisation and reviewers only', async () => {
  const a = await submitted('achievements');
  assert.equal((await reviewer.post('/api/review/batch', { action: 'publish', items: [{ kind: 'achievement', id: a }] })).json.ok, 1);
  assert.equal((await member.patch(`/api/achievements/${a}`, { abstract_zh: '修订后的摘要。' })).status, 202);
  assert.equal((await reviewer.post(`/api/achievements/${a}/revision/reject`, { reason: '摘要不够具体' })).status, 200);
  const h = await reviewer.get(`/api/achievements/${a}/history`);
  assert.equal(h.status, 200, h.text);
  assert.equal(h.json.kind, 'achievement');
  assert.equal(h.json.status, 'published');
  assert.equal(h.json.revisions.length, 1);
  assert.equal(h.json.revisions[0].status, 'rejected');
  assert.equal(h.json.revisions[0].reason, '摘要不够具体');
  const actions = h.json.audit.map((e) => e.action);
  for (const want of ['submit', 'publish', 'revision_propose', 'revision_reject'])
    assert.ok(actions.includes(want), `${want} in ${actions}`);
  // newest first: the oldest publish row is the batch's (a revision's reject is checked as a publish right)
  const pub = h.json.audit.findLast((e) => e.action === 'publish');
  assert.equal(pub.role, 'reviewer');
  assert.equal(pub.email, 'reviewer@demo.techbridge.cn');
  assert.equal(pub.detail, `org ${own}, batch`);
  // The owner organisation sees what happened and by which role, not who.
  const mine = await member.get(`/api/achievements/${a}/history`);
  assert.equal(mine.status, 200, mine.text);
  assert.equal(mine.json.audit.find((e) => e.action === 'publish').email, null);
  assert.equal(mine.json.revisions.length, 1);
  // Another organisation's item: refused.
  const b = await submitted('achievements', other);
  assert.equal((await member.get(`/api/achievements/${b}/history`)).status, 403);
  assert.equal((await srv.client().get(`/api/achievements/${b}/history`)).status, 401);
  assert.equal((await reviewer.get('/api/demands/999999/history')).status, 404);
});

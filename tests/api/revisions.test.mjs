// revisions.test.mjs - edits of published listings wait for review.
//
// Guards against the defect of issue #10, item 4: an owner's PATCH on a
// published achievement changed the public text at once. Now it becomes a
// pending revision (202): the public keeps seeing the published version, the
// owner sees `pending_revision`, and only a reviewer accepts (applied) or
// rejects (dropped, with a reason) it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server, cli } from './lib.mjs';

let srv, admin, reviewer, member, orgAdmin, anon, own, other;
let seq = 0;

before(async () => {
  srv = await Server.start();
  admin = await srv.session('admin');
  reviewer = await srv.session('reviewer');
  member = await srv.session('member');
  orgAdmin = await srv.session('org_admin');
  anon = srv.client();
  own = member.user.org_id;
  other = (await admin.post('/api/orgs', { name: '修订测试其他单位', kind: 'enterprise', city: '大连' })).json.id;
});
after(async () => { await srv.stop(); });

const bodies = {
  achievements: (org) => ({ title_zh: `修订测试成果${++seq}`, abstract_zh: '原始摘要。', trl: 5, modes: ['transfer'],
                            price: 100000, owner_org_id: org, status: 'published' }),
  demands: (org) => ({ title_zh: `修订测试需求${++seq}`, desc_zh: '原始描述。', budget_max: 500000, org_id: org,
                       status: 'published' }),
};
const textKey = { achievements: 'abstract_zh', demands: 'desc_zh' };
const single = { achievements: 'achievement', demands: 'demand' };

async function published(kind, org = own) {
  const r = await admin.post(`/api/${kind}`, bodies[kind](org));
  assert.equal(r.status, 201, r.text);
  return r.json;
}

for (const kind of ['achievements', 'demands']) {
  const tk = textKey[kind];

  test(`${kind}: an owner's edit of a published item is pending; the public still sees the published text`, async () => {
    const x = await published(kind);
    const p = await member.patch(`/api/${kind}/${x.id}`, { title_zh: '修改后的标题', [tk]: '修改后的文本。' });
    assert.equal(p.status, 202, p.text);
    assert.equal(p.json.revision.status, 'pending');
    assert.equal(p.json.revision.kind, single[kind]);
    assert.equal(p.json.revision.item_id, x.id);
    assert.equal(p.json.revision.author_id, member.user.id);
    assert.equal(p.json.revision.proposed.title_zh, '修改后的标题');
    for (const c of [anon, member, reviewer]) {
      const g = await c.get(`/api/${kind}/${x.id}`);
      assert.equal(g.status, 200);
      assert.equal(g.json.title_zh, x.title_zh);
      assert.equal(g.json[tk], x[tk]);
      assert.equal(g.json.status, 'published');
    }
    const pub = await anon.get(`/api/${kind}/${x.id}`);
    assert.equal(pub.json.pending_revision, undefined, 'the public does not see the pending revision');
    const mine = await member.get(`/api/${kind}/${x.id}`);
    assert.equal(mine.json.pending_revision.proposed.title_zh, '修改后的标题');
    // Listing and search show the published text only.
    const l = await anon.get(`/api/${kind}?q=${encodeURIComponent('修改后的标题')}&sort=newest`);
    assert.equal(l.json.total, 0);
    // A second edit accumulates on the pending revision (one pending per item).
    const p2 = await member.patch(`/api/${kind}/${x.id}`, { title_en: 'Edited title' });
    assert.equal(p2.status, 202, p2.text);
    assert.equal(p2.json.revision.id, p.json.revision.id);
    assert.equal(p2.json.revision.proposed.title_zh, '修改后的标题');
    assert.equal(p2.json.revision.proposed.title_en, 'Edited title');
  });

  test(`${kind}: a reviewer's accept applies the revision`, async () => {
    const x = await published(kind);
    assert.equal((await orgAdmin.patch(`/api/${kind}/${x.id}`, { [tk]: '审核后生效的文本。' })).status, 202);
    const q = await reviewer.get('/api/revisions');
    assert.equal(q.status, 200, q.text);
    assert.ok(q.json.items.some((r) => r.item_id === x.id && r.kind === single[kind]));
    const a = await reviewer.post(`/api/${kind}/${x.id}/revision/accept`);
    assert.equal(a.status, 200, a.text);
    assert.equal(a.json.revision.status, 'accepted');
    const g = await anon.get(`/api/${kind}/${x.id}`);
    assert.equal(g.json[tk], '审核后生效的文本。');
    assert.equal(g.json.status, 'published');
    assert.equal(g.json.title_zh, x.title_zh);
    assert.equal((await member.get(`/api/${kind}/${x.id}`)).json.pending_revision, undefined);
    // Nothing left to accept.
    const again = await reviewer.post(`/api/${kind}/${x.id}/revision/accept`);
    assert.equal(again.status, 404, again.text);
    // The accept is in the audit log.
    const log = await admin.get(`/api/audit?action=revision_accept&limit=100`);
    assert.ok(log.json.items.some((e) => e.resource_id === x.id && e.resource === single[kind]), log.text);
  });

  test(`${kind}: a reviewer's reject drops the revision and needs a reason`, async () => {
    const x = await published(kind);
    assert.equal((await member.patch(`/api/${kind}/${x.id}`, { [tk]: '将被驳回的文本。' })).status, 202);
    const noReason = await reviewer.post(`/api/${kind}/${x.id}/revision/reject`, {});
    assert.equal(noReason.status, 400, noReason.text);
    assert.equal(noReason.json.field, 'reason');
    const r = await reviewer.post(`/api/${kind}/${x.id}/revision/reject`, { reason: '描述不准确' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.revision.status, 'rejected');
    assert.equal(r.json.revision.reason, '描述不准确');
    const g = await anon.get(`/api/${kind}/${x.id}`);
    assert.equal(g.json[tk], x[tk]);
    assert.equal((await member.get(`/api/${kind}/${x.id}`)).json.pending_revision, undefined);
  });

  test(`${kind}: the owner cannot accept their own revision; others cannot see or edit it`, async () => {
    const x = await published(kind);
    assert.equal((await member.patch(`/api/${kind}/${x.id}`, { [tk]: '自行批准的尝试。' })).status, 202);
    for (const [c, code] of [[member, 403], [orgAdmin, 403], [anon, 401]]) {
      const a = await c.post(`/api/${kind}/${x.id}/revision/accept`);
      assert.equal(a.status, code, a.text);
      const rj = await c.post(`/api/${kind}/${x.id}/revision/reject`, { reason: 'x' });
      assert.equal(rj.status, code, rj.text);
    }
    assert.equal((await member.get('/api/revisions')).status, 403);
    assert.equal((await anon.get('/api/revisions')).status, 401);
    assert.equal((await anon.get(`/api/${kind}/${x.id}`)).json[tk], x[tk]);
    // Another organisation's item: no pending revision shown, no edit.
    const y = await published(kind, other);
    assert.equal((await admin.patch(`/api/${kind}/${y.id}`, { [tk]: '管理员直接修改。' })).status, 200);
    assert.equal((await member.patch(`/api/${kind}/${y.id}`, { [tk]: '越权修改。' })).status, 403);
  });

  test(`${kind}: drafts are still edited directly`, async () => {
    const r = await member.post(`/api/${kind}`, { ...bodies[kind](own), status: 'draft' });
    assert.equal(r.status, 201, r.text);
    const p = await member.patch(`/api/${kind}/${r.json.id}`, { [tk]: '草稿直接修改。' });
    assert.equal(p.status, 200, p.text);
    assert.equal(p.json[tk], '草稿直接修改。');
  });
}

test('CLI: revision list, reject and accept (same workflow as the API, audited)', async () => {
  const x = await published('achievements');
  assert.equal((await member.patch(`/api/achievements/${x.id}`, { abstract_zh: '命令行审核的文本。' })).status, 202);
  const l = cli(['revision', 'list', '--db', srv.db]);
  assert.equal(l.code, 0, l.stderr);
  assert.match(l.stdout, new RegExp(`\\tachievement\\t${x.id}\\tpending\\t`));
  const noReason = cli(['revision', 'reject', '--db', srv.db, '--kind', 'achievement', '--id', String(x.id)]);
  assert.equal(noReason.code, 2);
  assert.match(noReason.stderr, /^reason: /);
  const acc = cli(['revision', 'accept', '--db', srv.db, '--kind', 'achievement', '--id', String(x.id)]);
  assert.equal(acc.code, 0, acc.stderr);
  assert.match(acc.stdout, /accepted/);
  assert.equal((await anon.get(`/api/achievements/${x.id}`)).json.abstract_zh, '命令行审核的文本。');
  const none = cli(['revision', 'accept', '--db', srv.db, '--kind', 'achievement', '--id', String(x.id)]);
  assert.equal(none.code, 2);
  assert.match(none.stderr, /^revision: the item has no pending revision/);
  const bad = cli(['revision', 'accept', '--db', srv.db, '--kind', 'contract', '--id', '1']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /^kind: /);
});

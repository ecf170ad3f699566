// contract_links.test.mjs - which achievement or demand a contract may link.
//
// Guards against the defect of issue #10, item 3: check_links never checked
// who owns the linked listing. A member of org A registered a contract
// linking org B's published achievement and marked it commercialised; linking
// B's draft demand was accepted (and copied its field); linking B's draft
// achievement answered 409 "is draft" (a status leak). Now a contract links
// only listings of its seller or buyer (or of an organisation its registering
// broker represents), and a listing the caller may not read answers exactly
// like a missing id (404).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server } from './lib.mjs';

let srv, admin, member, broker, orgA, orgB, orgX, orgE;
let seq = 0;

before(async () => {
  srv = await Server.start();
  admin = await srv.session('admin');
  member = await srv.session('member');
  broker = await srv.session('broker');
  orgA = member.user.org_id;
  orgE = broker.user.linked_orgs.find((o) => o !== orgA && o !== broker.user.org_id);
  assert.ok(orgA && orgE, 'the broker represents the member\'s university and an enterprise');
  orgB = (await admin.post('/api/orgs', { name: '合同关联乙大学', kind: 'university', city: '大连' })).json.id;
  orgX = (await admin.post('/api/orgs', { name: '合同关联买方企业', kind: 'enterprise', city: '鞍山' })).json.id;
});
after(async () => { await srv.stop(); });

async function ach(org, status = 'published') {
  const r = await admin.post('/api/achievements', { title_zh: `合同关联成果${++seq}`, trl: 6, field: '新材料',
                                                    modes: ['transfer'], owner_org_id: org, status });
  assert.equal(r.status, 201, r.text);
  return r.json.id;
}
async function dem(org, status = 'published') {
  const r = await admin.post('/api/demands', { title_zh: `合同关联需求${++seq}`, desc_zh: '测试', field: '智能制造',
                                               org_id: org, status });
  assert.equal(r.status, 201, r.text);
  return r.json.id;
}
const contract = (over) => ({
  reg_no: `20242101${String(++seq).padStart(8, '0')}`, title: '合同关联测试', type: 'service',
  seller: { org_id: orgA }, buyer: { org_id: orgX }, amount: 10000, signed_on: '2024-03-01', ...over,
});
const status = async (kind, id) => (await admin.get(`/api/${kind}/${id}`)).json.status;

test("member of A cannot link B's published achievement, and it is not commercialised", async () => {
  const id = await ach(orgB);
  const r = await member.post('/api/contracts', contract({ achievement_id: id }));
  assert.equal(r.status, 400, r.text);
  assert.equal(r.json.field, 'achievement_id');
  assert.equal(await status('achievements', id), 'published');
});

test("B's draft demand and draft achievement answer exactly like a missing id", async () => {
  const missingDem = await member.post('/api/contracts', contract({ demand_id: 99999999 }));
  const draftDem = await member.post('/api/contracts', contract({ demand_id: await dem(orgB, 'draft') }));
  assert.equal(missingDem.status, 404, missingDem.text);
  assert.equal(draftDem.status, missingDem.status);
  assert.deepEqual(draftDem.json, missingDem.json);
  assert.deepEqual(draftDem.json, { error: 'no such demand', code: 'no_such', field: 'demand_id' });

  const missingAch = await member.post('/api/contracts', contract({ achievement_id: 99999999 }));
  const draftAch = await member.post('/api/contracts', contract({ achievement_id: await ach(orgB, 'draft') }));
  assert.equal(missingAch.status, 404, missingAch.text);
  assert.equal(draftAch.status, 404, draftAch.text);
  assert.deepEqual(draftAch.json, missingAch.json);
  assert.deepEqual(draftAch.json, { error: 'no such achievement', code: 'no_such', field: 'achievement_id' });
});

test("B's draft demand is refused even when B is the buyer (the member may not read it)", async () => {
  const r = await member.post('/api/contracts', contract({ buyer: { org_id: orgB }, demand_id: await dem(orgB, 'draft') }));
  assert.equal(r.status, 404, r.text);
  assert.deepEqual(r.json, { error: 'no such demand', code: 'no_such', field: 'demand_id' });
});

test("the seller's own achievement and the buyer's published demand may be linked", async () => {
  const a = await ach(orgA);
  const d = await dem(orgX);
  const r = await member.post('/api/contracts', contract({ achievement_id: a, demand_id: d }));
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.achievement_id, a);
  assert.equal(r.json.demand_id, d);
  assert.equal(await status('achievements', a), 'commercialised');
});

test('a broker may link listings of an organisation they represent', async () => {
  const a = await ach(orgE);
  const d = await dem(orgE, 'draft');
  const r = await broker.post('/api/contracts', contract({ buyer: { name: '北京某科技公司', region_code: '110108' },
                                                          achievement_id: a, demand_id: d }));
  assert.equal(r.status, 201, r.text);
  assert.equal(await status('achievements', a), 'commercialised');
  // ... but not those of an organisation they do not represent.
  const b = await broker.post('/api/contracts', contract({ achievement_id: await ach(orgB) }));
  assert.equal(b.status, 400, b.text);
  assert.equal(b.json.field, 'achievement_id');
});

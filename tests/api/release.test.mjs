// release.test.mjs - issue #16, regular release: the listing quality
// checklist and the submit threshold. Guards against the outside check's
// finding: an achievement titled "空" with no abstract, field or contact went
// draft -> submitted -> published, and `ip_status: granted` with no patents
// was accepted.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server, complete, READY_ABSTRACT } from './lib.mjs';

let srv, member, reviewer, anon, org;
before(async () => {
  srv = await Server.start();
  member = await srv.session('member');
  reviewer = await srv.session('reviewer');
  anon = srv.client();
  org = member.user.org_id;
});
after(async () => { await srv.stop(); });

test('a vague achievement is refused at submit, item by item in both languages, until fixed', async () => {
  const r = await member.post('/api/achievements', { title_zh: '空', trl: 3, modes: ['licence'], owner_org_id: org });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.quality.score, 10);
  assert.equal(r.json.quality.threshold, 60);
  assert.equal(r.json.quality.ready, false);
  const s = await member.post(`/api/achievements/${r.json.id}/submit`);
  assert.equal(s.status, 400, s.text);
  assert.equal(s.json.code, 'quality_below_threshold');
  assert.equal(s.json.field, 'title_zh');
  assert.equal(s.json.score, 10);
  assert.deepEqual(s.json.errors.map((e) => e.code),
    ['title', 'field', 'abstract_length', 'abstract_structure', 'benefit_numbers', 'route_to_market',
     'trl_evidence', 'keywords', 'contact']);
  const contact = s.json.errors.find((e) => e.code === 'contact');
  assert.equal(contact.field, 'contact.email');
  assert.equal(contact.zh, '填写联系人姓名及有效的电子邮箱或电话');
  assert.equal(contact.en, 'Give a contact name and a valid e-mail address or phone number');
  assert.equal((await member.get(`/api/achievements/${r.json.id}`)).json.status, 'draft', 'nothing changed');
  // Fix part of it: still short (no figures, one sentence) -> still refused, fewer items.
  const p = await member.patch(`/api/achievements/${r.json.id}`, { title_zh: '钠离子电池正极材料', field: '新能源',
    contact: { name: '王工', email: 'wang@example.cn' } });
  assert.equal(p.json.quality.score, 35);
  assert.equal((await member.post(`/api/achievements/${r.json.id}/submit`)).status, 400);
  const p2 = await member.patch(`/api/achievements/${r.json.id}`, { abstract_zh: READY_ABSTRACT, keywords: ['钠离子电池', '正极', '储能'] });
  assert.equal(p2.json.quality.score, 100);
  assert.equal(p2.json.quality.ready, true);
  const ok = await member.post(`/api/achievements/${r.json.id}/submit`);
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.json.status, 'submitted');
  // Reviewers see the score in the queue.
  const q = await reviewer.get('/api/achievements?status=submitted');
  assert.equal(q.json.items.find((x) => x.id === r.json.id).quality_score, 100);
});

test('ip_status granted or pending with no patent number is 400 naming patents', async () => {
  const r = await member.post('/api/achievements', complete('achievements',
    { title_zh: '无专利号的授权成果', modes: ['transfer'], owner_org_id: org, ip_status: 'granted' }));
  assert.equal(r.status, 400, r.text);
  assert.equal(r.json.field, 'patents');
  assert.match(r.json.error, /list the patent numbers when ip_status is granted/);
  const ok = await member.post('/api/achievements', complete('achievements',
    { title_zh: '有专利号的授权成果', modes: ['transfer'], owner_org_id: org, ip_status: 'granted', patents: ['ZL202110000001.X'] }));
  assert.equal(ok.status, 201, ok.text);
});

test('a thin demand cannot be created as submitted; a complete one can', async () => {
  const thin = await member.post('/api/demands', { title_zh: '需求', desc_zh: '描述', org_id: org, status: 'submitted' });
  assert.equal(thin.status, 400);
  assert.equal(thin.json.code, 'quality_below_threshold');
  assert.ok(thin.json.errors.some((e) => e.code === 'desc_length' && e.field === 'desc_zh' && e.blocking));
  const ok = await member.post('/api/demands', complete('demands', { title_zh: '主轴热变形补偿需求', org_id: org, status: 'submitted' }));
  assert.equal(ok.status, 201, ok.text);
  assert.equal(ok.json.quality.score, 75);
});

test('the live checklist of an unsaved form: logged-in authors only, nothing stored', async () => {
  assert.equal((await anon.post('/api/achievements/quality', { title_zh: 'x' })).status, 401);
  const r = await member.post('/api/achievements/quality', { title_zh: '钠离子电池正极材料', abstract_zh: READY_ABSTRACT });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.score, 70);
  assert.deepEqual(r.json.items.filter((i) => !i.ok).map((i) => i.code), ['field', 'trl_evidence', 'keywords', 'contact']);
  assert.equal(r.json.ready, false);
  const d = await member.post('/api/demands/quality', { title_zh: '需求' });
  assert.equal(d.status, 200);
  assert.equal(d.json.score, 0);
});

// contract_signal.test.mjs - registered contracts as a positive ranking
// signal (issue #14, docs/docking.md): when a docking case reaches its
// contract, the seller's other published achievements in the same field rise
// (x1.20) in the matches of demands in the buyer demand's field, reported as
// the `feedback` factor; an identical listing of another organisation does
// not move, and a rebuilt index (restart) keeps the signal. Guards against
// contracts being "computed, shown and forgotten" by ranking.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server, cli } from './lib.mjs';

let srv, admin, U, V, E, X1, X2, Y, D1, D2;
const year = new Date().getFullYear();
const TEXT = { title_zh: '数控机床主轴热误差补偿技术', abstract_zh: '针对数控机床主轴热变形导致的加工误差，提出基于温度场建模的热误差实时补偿方法，定位精度提升40%。',
  keywords: ['数控机床', '热误差', '补偿'], field: '智能制造', trl: 6, modes: ['licence'], status: 'published' };

before(async () => {
  srv = await Server.start();
  admin = await srv.session('admin');
  const org = async (name, kind) => (await admin.post('/api/orgs', { name, kind, city: '沈阳' })).json.id;
  U = await org('信号测试大学甲', 'university');
  V = await org('信号测试大学乙', 'university');
  E = await org('信号测试机床企业', 'enterprise');
  const ach = async (owner, over = {}) => {
    const r = await admin.post('/api/achievements', { ...TEXT, owner_org_id: owner, ...over });
    assert.equal(r.status, 201, r.text);
    return r.json.id;
  };
  X1 = await ach(U, { title_zh: '机床主轴温升控制技术', abstract_zh: '主轴轴承温升控制，降低热变形。', keywords: ['主轴', '温升'] });
  Y = await ach(V);   // the same text as X2, another organisation
  X2 = await ach(U);
  const dem = async (title) => {
    const r = await admin.post('/api/demands', { title_zh: title, desc_zh: '我单位数控机床主轴热变形大，加工误差超差，需要热误差补偿技术。',
      keywords: ['数控机床', '热误差'], field: '高端装备', org_id: E, deadline: `${year + 1}-12-31`, status: 'published' });
    assert.equal(r.status, 201, r.text);
    return r.json.id;
  };
  D1 = await dem('主轴温升控制需求');
  D2 = await dem('数控机床热误差补偿需求');
});
after(async () => { await srv.stop(); });

const matches = async () => {
  const r = await admin.get(`/api/demands/${D2}/matches?limit=20`);
  assert.equal(r.status, 200, r.text);
  return Object.fromEntries(r.json.items.map((x, i) => [x.achievement.id, { rank: i, score: x.score, factors: x.factors }]));
};

test('a case reaching its contract raises the seller\'s similar achievements for similar demands', async () => {
  const before0 = await matches();
  assert.ok(before0[X2] && before0[Y], 'both identical listings match');
  assert.ok(Math.abs(before0[X2].score - before0[Y].score) < 1e-9, 'identical text, identical score');
  const k = await admin.post('/api/cases', { achievement_id: X1, demand_id: D1, origin: 'manual', opened_on: `${year}-05-01` });
  assert.equal(k.status, 201, k.text);
  assert.equal((await admin.post(`/api/cases/${k.json.id}/advance`, { status: 'negotiation' })).status, 200);
  const c = await admin.post('/api/contracts', { reg_no: `${year}210112000951`, type: 'licensing', subtype: 'patent', seller: { org_id: U }, buyer: { org_id: E },
    amount: 500000, signed_on: `${year}-06-01`, achievement_id: X1 });
  assert.equal(c.status, 201, c.text);
  const done = await admin.post(`/api/cases/${k.json.id}/advance`, { status: 'contracted', contract_id: c.json.id, on_date: `${year}-06-01` });
  assert.equal(done.status, 200, done.text);
  const after1 = await matches();
  // X1 is commercialised by its contract and leaves the index, which changes
  // every text score a little: compare the two identical listings instead.
  assert.ok(Math.abs(after1[X2].score / after1[Y].score - 1.2) < 1e-6, `x1.20: ${after1[Y].score} -> ${after1[X2].score}`);
  assert.ok(!after1[Y].factors.some((f) => f.name === 'feedback'), 'the identical listing of another organisation does not move');
  assert.ok(after1[X2].rank < after1[Y].rank);
  const fb = after1[X2].factors.find((f) => f.name === 'feedback');
  assert.ok(fb && Math.abs(fb.weight - after1[Y].score * 0.2) < 1e-6, 'reported as the feedback factor');
});

test('the signal is rebuilt from the records when an index is built (the CLI builds its own)', async () => {
  const api = await matches();
  const r = cli(['match', '--db', srv.db, '--demand', String(D2), '--limit', '20', '--json']);
  assert.equal(r.code, 0, r.stderr);
  const items = JSON.parse(r.stdout).items;
  const score = (id) => items.find((x) => x.id === id).score;
  assert.ok(Math.abs(score(X2) - api[X2].score) < 1e-6, 'the same x1.20 from the stored case and contract');
  assert.ok(score(X2) > score(Y));
});

// The signal used to reach only the listings published when the contract was
// registered: a listing the seller published afterwards in the same field
// stayed unraised until the index was rebuilt (restart). It now gets the
// signal when it is indexed, and so does a demand the buyer publishes later.
test('a listing the seller publishes after the contract gets the signal at once', async () => {
  const r = await admin.post('/api/achievements', { ...TEXT, owner_org_id: U, title_zh: '数控机床主轴热误差补偿技术（二期）' });
  assert.equal(r.status, 201, r.text);
  const X3 = r.json.id;
  const m = await matches();
  assert.ok(m[X3] && m[Y], 'both match');
  const fb = m[X3].factors.find((f) => f.name === 'feedback');
  assert.ok(fb, 'the later listing carries the contract signal');
  assert.ok(m[X3].score > m[Y].score, `${m[X3].score} > ${m[Y].score}`);
  // a later listing of another organisation does not get it
  const other = await admin.post('/api/achievements', { ...TEXT, owner_org_id: V, title_zh: '数控机床主轴热误差补偿技术（乙二期）' });
  assert.equal(other.status, 201, other.text);
  const m2 = await matches();
  assert.ok(!m2[other.json.id].factors.some((f) => f.name === 'feedback'));
  // the buyer's later demand in the demand's field is raised for the seller's field
  const d = await admin.post('/api/demands', { title_zh: '主轴热误差补偿新需求', desc_zh: '我单位数控机床主轴热变形大，需要热误差补偿技术。',
    keywords: ['数控机床', '热误差'], field: '高端装备', org_id: E, deadline: `${year + 1}-12-31`, status: 'published' });
  assert.equal(d.status, 201, d.text);
  const am = await admin.get(`/api/achievements/${X2}/matches?limit=20`);
  assert.equal(am.status, 200, am.text);
  const hit = am.json.items.find((x) => x.demand.id === d.json.id);
  assert.ok(hit, 'the new demand matches X2');
  assert.ok(hit.factors.some((f) => f.name === 'feedback'), 'and carries the signal');
});

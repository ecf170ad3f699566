// money.test.mjs - every money field has one documented bound (1e12 yuan,
// docs/security.md): the bound itself is accepted, one fen or one yuan above
// it answers 400 naming the field.
//
// Guards against the defect of issue #10, item 2: read_money accepted up to
// INT64_MAX/100 yuan; one member's contract of 92233720368547758 yuan made the
// 2023 province turnover -9.2e16 yuan and aborted the sanitizer build.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server } from './lib.mjs';

const MAX = 1000000000000; // yuan
let srv, c, uni, ent, seq = 0;

before(async () => {
  srv = await Server.start();
  c = await srv.session('admin');
  uni = (await c.post('/api/orgs', { name: '金额上限测试大学', kind: 'university', city: '沈阳' })).json;
  ent = (await c.post('/api/orgs', { name: '金额上限测试企业', kind: 'enterprise', city: '大连' })).json;
});
after(async () => { await srv.stop(); });

const contract = (over = {}) => ({
  reg_no: `20232101${String(++seq).padStart(8, '0')}`, title: '金额上限测试合同', type: 'service',
  seller: { org_id: uni.id }, buyer: { org_id: ent.id }, amount: 1000, signed_on: '2023-06-01', ...over,
});

async function rejects(path, body, field, method = 'post') {
  const r = await c[method](path, body);
  assert.equal(r.status, 400, `${path} ${JSON.stringify(body)} -> ${r.text}`);
  assert.equal(r.json.field, field, r.text);
}

test('contract amount and tx_amount: accepted at 1e12 yuan, 400 naming the field above', async () => {
  const ok = await c.post('/api/contracts', contract({ amount: MAX, tx_amount: MAX }));
  assert.equal(ok.status, 201, ok.text);
  assert.equal(ok.json.amount_fen, MAX * 100);
  const ok2 = await c.post('/api/contracts', contract({ amount: '1000000000000.00' }));
  assert.equal(ok2.status, 201, ok2.text);
  await rejects('/api/contracts', contract({ amount: '1000000000000.01' }), 'amount');
  await rejects('/api/contracts', contract({ amount: MAX + 1 }), 'amount');
  await rejects('/api/contracts', contract({ amount: '92233720368547758' }), 'amount');
  await rejects('/api/contracts', contract({ amount: 92233720368547758 }), 'amount');
  await rejects(`/api/contracts/${ok.json.id}`, { amount: MAX + 1 }, 'amount', 'patch');
  // The probe's figure no longer reaches the indicators: the 2023 province
  // turnover is the sum of the two accepted contracts, positive and exact.
  const t = await c.get('/api/indicators/turnover?from=2023&to=2023');
  assert.equal(t.status, 200, t.text);
  const row = t.json.rows.find((x) => x.period === '2023');
  assert.equal(row.amount_fen, 2 * MAX * 100);
});

test('achievement price and demand budgets: accepted at 1e12 yuan, 400 naming the field above', async () => {
  const a = await c.post('/api/achievements', { title_zh: '金额上限成果', trl: 5, modes: ['transfer'], owner_org_id: uni.id, price: MAX });
  assert.equal(a.status, 201, a.text);
  await rejects('/api/achievements', { title_zh: '金额上限成果', trl: 5, modes: ['transfer'], owner_org_id: uni.id, price: MAX + 1 }, 'price');
  await rejects(`/api/achievements/${a.json.id}`, { price: MAX + 1 }, 'price', 'patch');
  const d = await c.post('/api/demands', { title_zh: '金额上限需求', desc_zh: '测试', org_id: ent.id, budget_min: MAX, budget_max: MAX });
  assert.equal(d.status, 201, d.text);
  await rejects('/api/demands', { title_zh: '金额上限需求', desc_zh: '测试', org_id: ent.id, budget_min: MAX + 1 }, 'budget_min');
  await rejects('/api/demands', { title_zh: '金额上限需求', desc_zh: '测试', org_id: ent.id, budget_max: MAX + 1 }, 'budget_max');
});

test('instrument value and fees: accepted at 1e12 yuan, 400 naming the field above', async () => {
  const base = { org_id: uni.id, name_zh: '金额上限仪器', category: '测试仪器',
                 fee: { unit: 'hour', internal: MAX, academic: MAX, enterprise: MAX }, value: MAX };
  const i = await c.post('/api/instruments', base);
  assert.equal(i.status, 201, i.text);
  await rejects('/api/instruments', { ...base, value: MAX + 1 }, 'value');
  for (const k of ['internal', 'academic', 'enterprise'])
    await rejects('/api/instruments', { ...base, fee: { ...base.fee, [k]: MAX + 1 } }, `fee.${k}`);
});

test('turnover target: accepted at 1e12 yuan, 400 naming the field above', async () => {
  const ok = await c.put('/api/indicators/targets', { year: 2025, targets: { turnover: MAX } });
  assert.equal(ok.status, 200, ok.text);
  await rejects('/api/indicators/targets', { year: 2025, targets: { turnover: MAX + 1 } }, 'targets.turnover', 'put');
});

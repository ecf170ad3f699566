// catalog.test.mjs - the achievement/demand/organisation API against the real
// server: happy paths in Chinese and English, filters, sort, pagination,
// status transitions, and bad input answered with a 4xx naming the field.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server, complete } from './lib.mjs';

let srv, c, uni, ent;

before(async () => {
  srv = await Server.start();
  c = await srv.session('admin');
  uni = (await c.post('/api/orgs', { name: '东北大学', name_en: 'Northeastern University', kind: 'university', city: 'Shenyang' })).json;
  ent = (await c.post('/api/orgs', { name: '大连机床集团', name_en: 'Dalian Machine Tool Group', kind: 'enterprise', city: '大连' })).json;
});
after(async () => { await srv.stop(); });

const ach = (over = {}) => ({
  title_zh: '高强度镁合金轧制技术', title_en: 'High-strength magnesium alloy sheet rolling',
  abstract_zh: '面向汽车轻量化的镁合金板材轧制工艺，强度提高30%。',
  abstract_en: 'A rolling process for magnesium alloy sheet for lightweight vehicles.',
  keywords: ['镁合金', '轧制', 'lightweight'], field: '新材料', trl: 6,
  modes: ['transfer', 'licence'], price: 1200000, owner_org_id: uni.id, status: 'published',
  contact: { name: '王工', email: 'wang@neu.edu.cn' }, ...over,
});

test('health and meta', async () => {
  const h = await c.get('/healthz');
  assert.equal(h.status, 200);
  assert.equal(h.json.status, 'ok');
  assert.ok(h.json.schema >= 1);
  const m = await c.get('/api/meta');
  assert.ok(m.json.modes.includes('equity'));
  assert.ok(m.json.cities.some((x) => x.zh === '沈阳' && x.en === 'Shenyang'));
});

test('organisations: city names in either language are stored canonically', async () => {
  assert.equal(uni.city, '沈阳');
  assert.equal(uni.city_en, 'Shenyang');
  assert.equal(uni.province, '辽宁');
  const l = await c.get('/api/orgs?city=Dalian');
  assert.equal(l.json.total, 1);
  assert.equal(l.json.items[0].name, '大连机床集团');
  const dup = await c.post('/api/orgs', { name: '东北大学', kind: 'university' });
  assert.equal(dup.status, 409);
  assert.equal(dup.json.field, 'name');
  const bad = await c.post('/api/orgs', { name: 'X', kind: 'bank' });
  assert.equal(bad.status, 400);
  assert.equal(bad.json.field, 'kind');
});

test('create, get and search an achievement in Chinese and English', async () => {
  const r = await c.post('/api/achievements', ach());
  assert.equal(r.status, 201);
  assert.equal(r.json.status, 'published');
  assert.deepEqual(r.json.modes, ['transfer', 'licence']);
  assert.deepEqual(r.json.keywords, ['镁合金', '轧制', 'lightweight']);
  const g = await c.get(`/api/achievements/${r.json.id}`);
  assert.equal(g.status, 200);
  assert.equal(g.json.owner.name, '东北大学');
  const zh = await c.get('/api/achievements?q=' + encodeURIComponent('镁合金'));
  assert.ok(zh.json.items.some((x) => x.id === r.json.id));
  const en = await c.get('/api/achievements?q=magnesium');
  assert.ok(en.json.items.some((x) => x.id === r.json.id));
  const none = await c.get('/api/achievements?q=' + encodeURIComponent('量子通信'));
  assert.equal(none.json.items.filter((x) => x.id === r.json.id).length, 0);
});

test('filters, sort and pagination', async () => {
  for (let i = 1; i <= 5; i++)
    await c.post('/api/achievements', ach({ title_zh: `测试成果${i}`, title_en: `Test result ${i}`, trl: i, price: i * 100000, field: i % 2 ? '智能制造' : '新材料', modes: [i % 2 ? 'equity' : 'service'] }));
  const f = await c.get('/api/achievements?field=' + encodeURIComponent('智能制造'));
  // Exact lists (issue #19: `every` on a possibly empty list passes on nothing).
  const titles = (r) => r.json.items.map((x) => x.title_zh);
  assert.deepEqual(titles(f), ['测试成果5', '测试成果3', '测试成果1']);
  const t = await c.get('/api/achievements?trl_min=2&trl_max=3');
  assert.deepEqual(titles(t), ['测试成果3', '测试成果2']);
  const m = await c.get('/api/achievements?mode=equity');
  assert.deepEqual(titles(m), ['测试成果5', '测试成果3', '测试成果1']);
  const p = await c.get('/api/achievements?price_max=250000&sort=price');
  const prices = p.json.items.map((x) => x.price);
  assert.deepEqual(prices, [100000, 200000]);
  const city = await c.get('/api/achievements?city=Shenyang');
  assert.equal(city.json.total, 6);
  const p1 = await c.get('/api/achievements?limit=2&offset=0&sort=oldest');
  const p2 = await c.get('/api/achievements?limit=2&offset=2&sort=oldest');
  assert.equal(p1.json.items.length, 2);
  assert.notEqual(p1.json.items[0].id, p2.json.items[0].id);
  assert.equal(p1.json.total, p2.json.total);
  const fac = await c.get('/api/achievements?facets=1');
  assert.ok(fac.json.facets.field.some((x) => x.value === '新材料' && x.count >= 1));
});

test('update and the status workflow', async () => {
  const r = await c.post('/api/achievements', complete('achievements', ach({ status: 'draft', title_zh: '草稿成果' })));
  assert.equal(r.json.status, 'draft');
  const list = await c.get('/api/achievements?q=' + encodeURIComponent('草稿成果'));
  assert.ok(!list.json.items.some((x) => x.id === r.json.id), 'drafts are not listed as published');
  const u = await c.patch(`/api/achievements/${r.json.id}`, { trl: 7, price: 'negotiable' });
  assert.equal(u.status, 200);
  assert.equal(u.json.trl, 7);
  assert.equal(u.json.price, 'negotiable');
  assert.equal(u.json.title_zh, '草稿成果', 'partial update keeps other fields');
  assert.equal((await c.post(`/api/achievements/${r.json.id}/submit`)).json.status, 'submitted');
  const ret = await c.post(`/api/achievements/${r.json.id}/return`, {});
  assert.equal(ret.status, 400);
  assert.equal(ret.json.field, 'reason');
  const ret2 = await c.post(`/api/achievements/${r.json.id}/return`, { reason: '缺少与现有技术的对比' });
  assert.equal(ret2.json.status, 'draft');
  assert.equal(ret2.json.review_note, '缺少与现有技术的对比');
  await c.post(`/api/achievements/${r.json.id}/submit`);
  assert.equal((await c.post(`/api/achievements/${r.json.id}/publish`)).json.status, 'published');
  const w = await c.post(`/api/achievements/${r.json.id}/withdraw`);
  assert.equal(w.json.status, 'withdrawn');
  const again = await c.post(`/api/achievements/${r.json.id}/publish`);
  assert.equal(again.status, 409);
  const st = await c.patch(`/api/achievements/${r.json.id}`, { status: 'published' });
  assert.equal(st.status, 400);
  assert.equal(st.json.field, 'status');
});

test('demands: create, filter by budget, close', async () => {
  const d = await c.post('/api/demands', {
    title_zh: '数控机床主轴热变形补偿', title_en: 'Thermal error compensation for CNC spindles',
    desc_zh: '需要一种实时补偿主轴热伸长的方法，精度达到微米级。', keywords: '数控机床，热变形；补偿',
    field: '智能制造', budget_min: 500000, budget_max: 2000000, deadline: srv.localDate(210), trl_min: 5, // ahead on any date
    modes: ['codev'], org_id: ent.id, status: 'published',
  });
  assert.equal(d.status, 201);
  assert.deepEqual(d.json.keywords, ['数控机床', '热变形', '补偿']);
  assert.equal(d.json.org.city_en, 'Dalian');
  const inb = await c.get('/api/demands?budget_min=1000000');
  assert.ok(inb.json.items.some((x) => x.id === d.json.id));
  const outb = await c.get('/api/demands?budget_max=100000');
  assert.ok(!outb.json.items.some((x) => x.id === d.json.id));
  const en = await c.get('/api/demands?q=spindle');
  assert.ok(en.json.items.some((x) => x.id === d.json.id));
  assert.equal((await c.post(`/api/demands/${d.json.id}/close`)).json.status, 'closed');
});

test('bad input gets a 4xx naming the field', async () => {
  const cases = [
    [{ ...ach(), trl: 12 }, 'trl'],
    [{ ...ach(), trl: 'high' }, 'trl'],
    [{ ...ach(), modes: ['sell'] }, 'modes'],
    [{ ...ach(), modes: [] }, 'modes'],
    [{ ...ach(), price: -5 }, 'price'],
    [{ ...ach(), title_zh: null, title_en: '  ' }, 'title_zh'],
    [{ ...ach(), reg_no: '12345' }, 'reg_no'],
    [{ ...ach(), colour: 'red' }, 'colour'],
    [{ ...ach(), contact: { email: 'not-an-email' } }, 'contact.email'],
    [{ ...ach(), owner_org_id: 999999 }, 'owner_org_id'],
    [{ ...ach(), keywords: Array.from({ length: 11 }, (_, i) => 'k' + i) }, 'keywords'],
  ];
  for (const [body, field] of cases) {
    const r = await c.post('/api/achievements', body);
    assert.ok(r.status >= 400 && r.status < 500, `${field}: got ${r.status}`);
    assert.equal(r.json.field, field, JSON.stringify(r.json));
  }
  const dd = await c.post('/api/demands', { title_zh: 'x', desc_zh: 'y', org_id: ent.id, deadline: '2027-02-30' });
  assert.equal(dd.json.field, 'deadline');
  const bm = await c.post('/api/demands', { title_zh: 'x', desc_zh: 'y', org_id: ent.id, budget_min: 5, budget_max: 1 });
  assert.equal(bm.json.field, 'budget_min');
  const notjson = await c.post('/api/achievements', '{"title_zh":');
  assert.equal(notjson.status, 400);
  assert.equal(notjson.json.field, 'body');
  const dup = await c.post('/api/achievements', '{"trl":1,"trl":2}');
  assert.equal(dup.json.field, 'body');
  const badq = await c.get('/api/achievements?trl_min=0');
  assert.equal(badq.status, 400);
  assert.equal(badq.json.field, 'trl_min');
  const badsort = await c.get('/api/achievements?sort=colour');
  assert.equal(badsort.json.field, 'sort');
  const badutf = await c.post('/api/achievements', Buffer.from([0x7b, 0x22, 0x74, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d]));
  assert.equal(badutf.status, 400);
});

test('protocol errors: 404, 405, 413, unknown id', async () => {
  assert.equal((await c.get('/api/nothing')).status, 404);
  const m = await c.del('/api/achievements/1');
  assert.equal(m.status, 405);
  assert.match(m.headers.get('allow'), /GET/);
  assert.equal((await c.get('/api/achievements/987654')).status, 404);
  assert.equal((await c.get('/api/achievements/abc')).status, 404);
  const big = await c.post('/api/achievements', 'x'.repeat(3 * 1024 * 1024));
  assert.equal(big.status, 413);
  const h = await c.get('/healthz');
  assert.equal(h.headers.get('x-content-type-options'), 'nosniff');
  assert.equal(h.headers.get('x-frame-options'), 'DENY');
});

// The achievement attribute (issue #11's "add a field" recipe, followed once):
// stored, read back, validated by name, carried by a pending revision and by
// export/import.
test('achievement attribute: round trip, validation, pending revision', async () => {
  const r = await c.post('/api/achievements', ach({ title_zh: '属性测试成果', attribute: 'imported_absorbed' }));
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.attribute, 'imported_absorbed');
  assert.equal((await c.get(`/api/achievements/${r.json.id}`)).json.attribute, 'imported_absorbed');
  const none = await c.post('/api/achievements', ach({ title_zh: '无属性成果' }));
  assert.equal(none.json.attribute, null);
  const bad = await c.post('/api/achievements', ach({ title_zh: '坏属性', attribute: 'borrowed' }));
  assert.equal(bad.status, 400);
  assert.equal(bad.json.field, 'attribute');
  const meta = await c.get('/api/meta');
  assert.deepEqual(meta.json.attributes, ['original', 'imported_absorbed', 'secondary']);
  // an owner's edit of the published item waits for review and keeps the new attribute
  const owner = await srv.session('org_admin');
  const mine = await c.post('/api/achievements', ach({ title_zh: '待审属性', owner_org_id: owner.user.org_id, attribute: 'original' }));
  assert.equal(mine.status, 201, mine.text);
  const p = await owner.patch(`/api/achievements/${mine.json.id}`, { attribute: 'secondary' });
  assert.equal(p.status, 202, p.text);
  assert.equal(p.json.revision.proposed.attribute, 'secondary');
  assert.equal((await c.get(`/api/achievements/${mine.json.id}`)).json.attribute, 'original');
  const acc = await c.post(`/api/achievements/${mine.json.id}/revision/accept`);
  assert.equal(acc.status, 200, acc.text);
  assert.equal((await c.get(`/api/achievements/${mine.json.id}`)).json.attribute, 'secondary');
});

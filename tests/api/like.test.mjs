// like.test.mjs - search text is matched literally by the store.
//
// Guards against the defect of issue #10, item 5: `%` and `_` in `q` acted
// as LIKE wildcards when the store was searched directly (q=% with
// sort=newest matched every item). Items whose text holds a literal `%`, `_`
// or `\` must be the only ones found for those characters.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server } from './lib.mjs';

let srv, admin, anon, org;
const ids = { achievements: {}, demands: {}, instruments: {} };
const TITLES = { pct: '收率提升50%工艺', under: 'snake_case 编码规范', slash: '路径 a\\b 解析', plain: '普通条目无特殊字符' };

before(async () => {
  srv = await Server.start();
  admin = await srv.session('admin');
  anon = srv.client();
  org = (await admin.post('/api/orgs', { name: '通配符测试单位', kind: 'university', city: '沈阳' })).json.id;
  for (const [k, title] of Object.entries(TITLES)) {
    let r = await admin.post('/api/achievements', { title_zh: title, abstract_zh: '测试', trl: 5, modes: ['transfer'],
                                                    owner_org_id: org, status: 'published' });
    assert.equal(r.status, 201, r.text);
    ids.achievements[k] = r.json.id;
    r = await admin.post('/api/demands', { title_zh: title, desc_zh: '测试', org_id: org, status: 'published' });
    assert.equal(r.status, 201, r.text);
    ids.demands[k] = r.json.id;
    r = await admin.post('/api/instruments', { org_id: org, name_zh: title, category: '测试仪器',
                                               fee: { unit: 'hour', internal: 1, academic: 1, enterprise: 1 } });
    assert.equal(r.status, 201, r.text);
    ids.instruments[k] = r.json.id;
  }
});
after(async () => { await srv.stop(); });

for (const kind of ['achievements', 'demands', 'instruments']) {
  for (const [q, key] of [['%', 'pct'], ['_', 'under'], ['\\', 'slash'], ['50%', 'pct'], ['e_c', 'under']]) {
    test(`${kind}: q=${q} matches only the literal text`, async () => {
      const extra = kind === 'instruments' ? '' : '&sort=newest';
      const r = await anon.get(`/api/${kind}?q=${encodeURIComponent(q)}&limit=100${extra}`);
      assert.equal(r.status, 200, r.text);
      assert.deepEqual(r.json.items.map((x) => x.id), [ids[kind][key]]);
      assert.equal(r.json.total, 1);
    });
  }
}

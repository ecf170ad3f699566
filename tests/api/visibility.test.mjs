// visibility.test.mjs - who sees which catalogue items through the listing
// endpoints, for every filter singly and in pairs; and that contract and
// booking listings stay within the caller's organisation.
//
// Guards against the defect found by an outside probe (issue #10, item 1): the
// SQL WHERE builder appended `AND (a.modes & ?)!=0 OR a.modes=0` without
// brackets, so every demand with no modes matched whatever the status,
// organisation or text filter, and an anonymous `GET /api/demands?mode=transfer`
// returned drafts of every organisation with their contacts.
//
// The database holds only the items seeded here (no demo), so the expected
// answer of each query is computed from the seeds by a model of the filters
// and compared exactly (ids and total). Anonymous callers may list published
// items only (other statuses: 401); a member lists published items of every
// organisation and non-published ones of their own organisation only (403
// for any other).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server, complete, localMonday } from './lib.mjs';

let srv, admin, anon, member, orgA, orgB;
const seeds = { achievements: [], demands: [] };

const STATUSES = {
  achievements: ['draft', 'submitted', 'published', 'withdrawn'],
  demands: ['draft', 'submitted', 'published', 'withdrawn', 'closed'],
};
const MODE_BIT = { transfer: 1, licence: 2, equity: 4, codev: 8, service: 16 };

async function seed(kind, org, city, status, variant) {
  // Demands may name no mode (any is acceptable); achievements must offer one.
  const modes = [kind === 'demands' ? [] : ['service'], ['transfer'], ['licence', 'codev']][variant % 3];
  const field = variant % 2 ? '新材料' : '智能制造';
  const word = variant % 2 ? 'alphaword' : 'betaword';
  const title = `可见性测试 ${word} ${kind} ${org} ${status} ${variant}`;
  let body;
  if (kind === 'achievements') {
    body = { title_zh: title, abstract_zh: '可见性测试条目。', field, trl: [3, 5, 7][variant % 3], modes,
             price: [100000, 2000000, 'negotiable'][variant % 3], owner_org_id: org,
             contact: { name: '联系人', email: 'c@vis.test.cn' } };
  } else {
    const budgets = [[100000, 200000], [1500000, 3000000], [null, null]][variant % 3];
    body = { title_zh: title, desc_zh: '可见性测试需求。', field, trl_min: [0, 4, 6][variant % 3], modes,
             budget_min: budgets[0], budget_max: budgets[1], org_id: org,
             contact: { name: '联系人', email: 'c@vis.test.cn' } };
  }
  // complete(): submit refuses thin listings since issue #16.
  const r = await admin.post(`/api/${kind}`, complete(kind, body));
  assert.equal(r.status, 201, r.text);
  const id = r.json.id;
  const go = async (action) => assert.equal((await admin.post(`/api/${kind}/${id}/${action}`)).status, 200);
  if (status === 'submitted') await go('submit');
  if (['published', 'withdrawn', 'closed'].includes(status)) await go('publish');
  if (status === 'withdrawn') await go('withdraw');
  if (status === 'closed') await go('close');
  const mask = modes.reduce((m, x) => m | MODE_BIT[x], 0);
  seeds[kind].push({ id, org, city, status, field, mask, title, trl: body.trl ?? body.trl_min,
                     price: typeof body.price === 'number' ? body.price : -1,
                     bmin: body.budget_min ?? null, bmax: body.budget_max ?? null });
}

before(async () => {
  srv = await Server.start();
  admin = await srv.session('admin');
  member = await srv.session('member');
  anon = srv.client();
  orgA = member.user.org_id;
  assert.ok(orgA);
  const a = await admin.get(`/api/orgs/${orgA}`);
  assert.equal(a.json.city, '沈阳');
  const b = await admin.post('/api/orgs', { name: '可见性测试乙单位', kind: 'university', city: '大连' });
  assert.equal(b.status, 201, b.text);
  orgB = b.json.id;
  for (const kind of Object.keys(seeds))
    for (const [org, city] of [[orgA, '沈阳'], [orgB, '大连']])
      for (const status of STATUSES[kind])
        for (let v = 0; v < 3; v++) await seed(kind, org, city, status, v);
});
after(async () => { await srv.stop(); });

// The filters as the API documents them; `skip` drops one (facets ignore their own).
function matches(kind, it, p, skip) {
  const ach = kind === 'achievements';
  if (it.status !== (p.status ?? 'published')) return false;
  if (p.field && skip !== 'field' && it.field !== p.field) return false;
  if (p.city && skip !== 'city' && it.city !== p.city) return false;
  if (p.org && it.org !== Number(p.org)) return false;
  if (skip !== 'trl') {
    if (p.trl_min && !(it.trl >= Number(p.trl_min))) return false;
    if (p.trl_max && !(it.trl <= Number(p.trl_max))) return false;
  }
  if (p.mode) {
    const m = p.mode.split(',').reduce((x, w) => x | MODE_BIT[w], 0);
    // A demand that names no mode accepts any; an achievement must offer one.
    if (!((it.mask & m) !== 0 || (!ach && it.mask === 0))) return false;
  }
  if (ach) {
    if (p.price_min !== undefined && !(it.price >= Number(p.price_min))) return false;
    if (p.price_max !== undefined && !(it.price >= 0 && it.price <= Number(p.price_max))) return false;
  } else {
    if (p.budget_min !== undefined && !((it.bmax ?? it.bmin ?? 1e18) >= Number(p.budget_min))) return false;
    if (p.budget_max !== undefined && !((it.bmin ?? 0) <= Number(p.budget_max))) return false;
  }
  if (p.q && !it.title.toLowerCase().includes(p.q.toLowerCase())) return false;
  return true;
}

function filterValues(kind) {
  const ach = kind === 'achievements';
  return {
    q: ['alphaword'],
    field: ['新材料'],
    trl_min: ['5'],
    trl_max: ['5'],
    mode: ['transfer', 'codev'],
    city: ['大连'],
    [ach ? 'price_min' : 'budget_min']: ['1000000'],
    [ach ? 'price_max' : 'budget_max']: ['1000000'],
    status: STATUSES[kind],
    org: ['A', 'B'],
    sort: ['newest', 'price', 'title'],
    facets: ['1'],
  };
}

function combos(kind) {
  const vals = filterValues(kind);
  const keys = Object.keys(vals);
  const out = [{}];
  for (const k of keys) for (const v of vals[k]) out.push({ [k]: v });
  for (let i = 0; i < keys.length; i++)
    for (let j = i + 1; j < keys.length; j++)
      for (const v1 of vals[keys[i]]) for (const v2 of vals[keys[j]]) out.push({ [keys[i]]: v1, [keys[j]]: v2 });
  return out;
}

// Expected HTTP status for a caller: non-published listings need the right to
// read drafts of the requested organisation.
function expectedStatus(who, p) {
  const pub = (p.status ?? 'published') === 'published';
  if (pub) return 200;
  if (who === 'anonymous') return 401;
  return Number(p.org) === orgA ? 200 : 403;
}

for (const kind of ['achievements', 'demands']) {
  for (const who of ['anonymous', 'member']) {
    test(`${kind}: ${who} sees exactly the allowed items for every filter and pair of filters`, async () => {
      const c = who === 'anonymous' ? anon : member;
      let checked = 0;
      for (const raw of combos(kind)) {
        const p = { ...raw };
        if (p.org) p.org = String(p.org === 'A' ? orgA : orgB);
        // Text search ranked by the in-memory index is checked below; here the
        // SQL filter is compared exactly.
        if (p.q && !p.sort) p.sort = 'newest';
        const qs = new URLSearchParams({ ...p, limit: '100' }).toString();
        const r = await c.get(`/api/${kind}?${qs}`);
        const want = expectedStatus(who, p);
        assert.equal(r.status, want, `${who} ${qs}: ${r.text}`);
        checked++;
        if (want !== 200) continue;
        const expect = seeds[kind].filter((it) => matches(kind, it, p)).map((it) => it.id).sort((x, y) => x - y);
        const got = r.json.items.map((it) => it.id).sort((x, y) => x - y);
        assert.deepEqual(got, expect, `${who} ${qs}`);
        assert.equal(r.json.total, expect.length, `${who} ${qs} total`);
        for (const it of r.json.items)
          if (it.status !== 'published') assert.equal(it.org?.id ?? it.owner?.id, orgA, `${who} ${qs} leaked ${it.id}`);
        if (p.facets && kind === 'achievements') {
          for (const f of ['field', 'city', 'trl']) {
            const counts = {};
            for (const it of seeds[kind].filter((x) => matches(kind, x, p, f))) {
              const v = f === 'field' ? it.field : f === 'city' ? it.city : String(it.trl);
              counts[v] = (counts[v] ?? 0) + 1;
            }
            const gotF = Object.fromEntries(r.json.facets[f].map((x) => [x.value, x.count]));
            assert.deepEqual(gotF, counts, `${who} ${qs} facet ${f}`);
          }
        }
      }
      assert.ok(checked > 100);
    });
  }

  test(`${kind}: relevance-ranked text search returns only published items`, async () => {
    for (const mode of ['', 'transfer', 'codev']) {
      const qs = new URLSearchParams({ q: 'alphaword', limit: '100', ...(mode ? { mode } : {}) }).toString();
      const r = await anon.get(`/api/${kind}?${qs}`);
      assert.equal(r.status, 200, r.text);
      const allowed = new Set(seeds[kind].filter((it) => it.status === 'published').map((it) => it.id));
      for (const it of r.json.items) assert.ok(allowed.has(it.id), `${qs}: ${it.id} is ${it.status}`);
    }
  });
}

// Contracts and bookings are never public: anonymous callers get 401; a
// member lists only their own organisation's (403 for another or for all),
// and every filter keeps to that organisation.
const MON = localMonday(7);

test('contracts: anonymous 401; a member lists only their organisation\'s, under every filter', async () => {
  const x = (await admin.post('/api/orgs', { name: '可见性测试合同买方', kind: 'enterprise', city: '鞍山' })).json.id;
  const mine = [], theirs = [];
  let n = 0;
  for (const [seller, list] of [[orgA, mine], [orgB, theirs]])
    for (const type of ['service', 'consulting']) {
      const r = await admin.post('/api/contracts', { reg_no: `20232101${String(++n + (seller === orgA ? 100 : 200)).padStart(8, '0')}`,
        title: `可见性合同${n}`, type, seller: { org_id: seller }, buyer: { org_id: x }, amount: 1000 * n, signed_on: `2023-0${n}-01` });
      assert.equal(r.status, 201, r.text);
      list.push(r.json.id);
    }
  assert.equal((await anon.get('/api/contracts')).status, 401);
  assert.equal((await anon.get(`/api/contracts?org=${orgA}`)).status, 401);
  assert.equal((await member.get('/api/contracts')).status, 403);
  assert.equal((await member.get(`/api/contracts?org=${orgB}`)).status, 403);
  const filters = [{}, { status: 'registered' }, { type: 'service' }, { q: '可见性合同' }, { q: '2023' },
                   { from: '2023-01-01' }, { to: '2024-01-01' }, { from: '2023-02-01', type: 'consulting' }];
  for (const f of filters) {
    const r = await member.get(`/api/contracts?${new URLSearchParams({ ...f, org: String(orgA) })}`);
    assert.equal(r.status, 200, r.text);
    for (const c of r.json.items) assert.ok(mine.includes(c.id), `${JSON.stringify(f)} leaked contract ${c.id}`);
  }
  const all = await member.get(`/api/contracts?org=${orgA}`);
  assert.deepEqual(all.json.items.map((c) => c.id).sort((p, q) => p - q), mine);
});

test('bookings: anonymous 401; a member lists only their organisation\'s, under every filter', async () => {
  const hours = '00:00-24:00';
  const ins = await admin.post('/api/instruments', { org_id: orgB, name_zh: '可见性测试仪器', category: '测试仪器',
    fee: { unit: 'hour', internal: 1, academic: 1, enterprise: 1 }, lead_time_hours: 0,
    opening_hours: { mon: hours, tue: hours, wed: hours, thu: hours, fri: hours, sat: hours, sun: hours } });
  assert.equal(ins.status, 201, ins.text);
  const mine = [], theirs = [];
  for (const [org, list, h] of [[orgA, mine, 9], [orgB, theirs, 13]]) {
    const r = await admin.post(`/api/instruments/${ins.json.id}/bookings`, { org_id: org, booker_name: '测试', booker_email: 't@vis.test.cn',
      start: `${MON}T${String(h).padStart(2, '0')}:00`, end: `${MON}T${String(h + 1).padStart(2, '0')}:00` });
    assert.equal(r.status, 201, r.text);
    list.push(r.json.id);
  }
  assert.equal((await anon.get('/api/bookings')).status, 401);
  assert.equal((await member.get('/api/bookings')).status, 403);
  assert.equal((await member.get(`/api/bookings?org=${orgB}`)).status, 403);
  assert.equal((await member.get(`/api/bookings?owner_org=${orgB}`)).status, 403);
  for (const f of [{}, { instrument: String(ins.json.id) }, { owner_org: String(orgB) }, { status: 'approved' },
                   { from: MON }, { to: `${MON}T23:00` }]) {
    const r = await member.get(`/api/bookings?${new URLSearchParams({ ...f, org: String(orgA) })}`);
    assert.equal(r.status, 200, r.text);
    for (const b of r.json.items) assert.ok(mine.includes(b.id), `${JSON.stringify(f)} leaked booking ${b.id}`);
  }
  const all = await member.get(`/api/bookings?org=${orgA}`);
  assert.deepEqual(all.json.items.map((b) => b.id), mine);
});

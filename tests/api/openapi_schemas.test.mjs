// openapi_schemas.test.mjs - the response schemas of /api/openapi.json
// (issue #16, "OpenAPI 3.1 document ... generated from the route tables and
// the field descriptions"). Guards against: 2xx responses described only as
// "an object" (179 of 221 before), and record schemas that say something
// other than what the server answers (a schema written once and left to drift
// from its presenter). Every 2xx names a schema in components; a real answer
// of every GET list and detail route on the demo validates against it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Server, ROOT, complete } from './lib.mjs';

let srv, doc, admin;
before(async () => {
  srv = await Server.start({ demo: true });
  admin = await srv.session('admin');
  doc = (await srv.client().get('/api/openapi.json')).json;
  // the demo has no attachment: one, so that its detail route has an answer to check
  const ach = (await admin.get('/api/achievements?limit=1')).json.items[0].id;
  const headers = { 'content-type': 'application/pdf', 'x-csrf-token': admin.csrf, cookie: admin.cookieHeader() };
  const up = await fetch(`${srv.base}/api/achievements/${ach}/attachments?name=c.pdf`, { method: 'POST', headers,
    body: readFileSync(join(ROOT, 'tests/fixtures/attachments/certificate.pdf')) });
  assert.equal(up.status, 201, await up.text());
});
after(async () => { await srv.stop(); });

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];
function operations() {
  const out = [];
  for (const [path, item] of Object.entries(doc.paths))
    for (const m of METHODS) if (item[m]) out.push({ path, method: m, op: item[m] });
  return out;
}
const deref = (s) => (s && s.$ref ? s.$ref.replace(/^#\//, '').split('/').reduce((o, k) => o?.[k], doc) : s);

// A small JSON-schema check: the subset the generator writes ($ref, type,
// properties, required, additionalProperties, items, oneOf, enum). Returns
// the first mismatch as "path: what", or null.
function check(schema, v, at = '$') {
  schema = deref(schema);
  if (!schema) return `${at}: no schema`;
  if (schema.oneOf) {
    const fits = schema.oneOf.filter((s) => check(s, v, at) === null).length;
    return fits === 1 ? null : `${at}: matches ${fits} of oneOf`;
  }
  if (schema.enum && !schema.enum.includes(v)) return `${at}: ${JSON.stringify(v)} not in enum`;
  if (schema.type) {
    const types = [].concat(schema.type);
    const t = v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v;
    const ok = types.some((x) => x === t || (x === 'integer' && t === 'number' && Number.isInteger(v))
      || (x === 'number' && t === 'number'));
    if (!ok) return `${at}: ${JSON.stringify(v)?.slice(0, 60)} is not ${types.join('|')}`;
  }
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    for (const k of schema.required ?? []) if (!(k in v)) return `${at}: missing ${k}`;
    for (const [k, x] of Object.entries(v)) {
      const p = schema.properties?.[k];
      if (p) {
        const e = check(p, x, `${at}.${k}`);
        if (e) return e;
      } else if (schema.additionalProperties === false) {
        return `${at}: unexpected key ${k}`;
      }
    }
  }
  if (Array.isArray(v) && schema.items)
    for (let i = 0; i < Math.min(v.length, 20); i++) {
      const e = check(schema.items, v[i], `${at}[${i}]`);
      if (e) return e;
    }
  return null;
}

// Guards against: a 2xx answer described as a bare object, not by a named schema.
test('every 2xx response of every operation names a schema in components', () => {
  const bare = [];
  for (const { path, method, op } of operations())
    for (const [status, r] of Object.entries(op.responses)) {
      if (!status.startsWith('2')) continue;
      const [media] = Object.keys(r.content ?? {});
      const s = r.content?.[media]?.schema;
      const named = s?.$ref || s?.properties?.items?.items?.$ref;
      if (!named || !deref(named.$ref ? named : s)) bare.push(`${method} ${path} ${status}`);
    }
  assert.deepEqual(bare, []);
  // text answers are named as text, not as JSON
  assert.deepEqual(Object.keys(doc.paths['/api/statements.csv'].get.responses['200'].content), ['text/csv']);
  assert.deepEqual(Object.keys(doc.paths['/api/feeds/achievements.atom'].get.responses['200'].content),
    ['application/atom+xml']);
});

// The id of a record under a list path, from the demo (first item).
async function firstId(listPath, key = 'id') {
  const r = await admin.get(listPath);
  if (r.status !== 200) return null;
  const items = Array.isArray(r.json) ? r.json : r.json.items;
  return items?.find((x) => x?.[key] != null)?.[key] ?? null;
}
// Where the ids of a detail route come from, when its list is not the path
// before /{id} (or that list has other ids).
const ID_SOURCES = {
  '/api/enterprises': ['/api/orgs?kind=enterprise&limit=1'],
  '/api/orgs/{id}/profile': ['/api/orgs?limit=1'],
  '/api/challenge-applications': ['/api/challenges/{c}/applications'],
  '/api/bulletins': ['/api/bulletins', 'period'],
  '/api/agencies': ['/api/agencies?limit=1', 'org_id'],
  '/api/brokers': ['/api/brokers?limit=1', 'user_id'],
  '/api/attachments': ['/api/achievements/{a}/attachments'],
};

// Guards against: a named schema that the real answer does not fit (a
// presenter changed, the schema stayed), on every GET list/detail route.
test('a real answer of every GET list and detail route validates against its schema', async () => {
  const challenge = await firstId('/api/challenges');
  const achievement = await firstId('/api/achievements?limit=1');
  let checked = 0;
  const failures = [], unresolved = [];
  for (const { path, op } of operations().filter((o) => o.method === 'get')) {
    const ok = op.responses['200'];
    if (!ok?.content?.['application/json']) continue; // CSV and Atom: text, checked by their own tests
    if (path === '/api/unsubscribe') continue;       // answers a signed token, not a listing (digest.test.mjs)
    let url = path;
    if (path.includes('{')) {
      if (path.includes('{id2}')) continue;          // no GET route has two ids today
      const base = path.slice(0, path.indexOf('/{'));
      const src = ID_SOURCES[path] ?? ID_SOURCES[base] ?? [`${base}?limit=1`];
      const list = src[0].replace('{c}', challenge).replace('{a}', achievement);
      const id = await firstId(list, src[1] ?? (path.includes('{period}') ? 'period' : 'id'));
      if (id == null) { unresolved.push(path); continue; }
      url = path.replace(/\{id\}|\{period\}/, id);
    }
    // the required parameters, and a from..to range where the route takes one
    const need = (op.parameters ?? []).map(deref)
      .filter((p) => p.in === 'query' && (p.required || p.name === 'from' || p.name === 'to'));
    if (need.length) {
      const q = need.map((p) => `${p.name}=${encodeURIComponent(sampleValue(p))}`).join('&');
      url += (url.includes('?') ? '&' : '?') + q;
    }
    const r = await admin.get(url);
    if (r.status !== 200) { failures.push(`${url}: ${r.status} ${r.text.slice(0, 120)}`); continue; }
    const e = check(ok.content['application/json'].schema, r.json);
    if (e) failures.push(`${url}: ${e}`);
    checked++;
  }
  assert.deepEqual(failures, []);
  assert.deepEqual(unresolved, [], 'detail routes without a demo record to sample');
  assert.ok(checked >= 90, `${checked} answers checked`);
});

// A value for a query parameter the route needs (a year where the parameter
// is an integer, the demo's year of enterprise facts for `year`).
function sampleValue(p) {
  if (p.schema?.type === 'integer')
    return { from: '2020', to: '2025', year: '2023' }[p.name] ?? '1';
  return { from: '2030-01-07', to: '2030-01-20', since: '2020-01-01', until: '2026-12-31', by: 'broker',
    name: 'tier' }[p.name] ?? '1';
}

// Guards against: presenter schemas made from an empty record saying
// "string" for a field the real record fills with a number or an object.
test('record schemas come from the presenters: keys and types of a real record', async () => {
  const id = (await admin.get('/api/achievements?limit=1')).json.items[0].id;
  const a = (await admin.get(`/api/achievements/${id}`)).json;
  const s = doc.components.schemas.Achievement;
  // every documented key is answered (the detail route adds its checklist beside them)
  for (const k of Object.keys(s.properties)) assert.ok(k in a, `Achievement.${k} answered`);
  assert.equal(check({ $ref: '#/components/schemas/Achievement' }, a), null);
  for (const name of ['TierRule', 'TierCertification', 'EnterpriseFacts', 'Alliance', 'Agency', 'Revision',
    'Challenge', 'ChallengeApplication', 'ChallengeMilestone', 'Representation', 'CaseStep', 'MatchFeedback',
    'QualityReport', 'BulletinSummary', 'Bulletin'])
    assert.equal(doc.components.schemas[name]?.type, 'object', name);
});

// Guards against: write routes documented as a bare object (or with the
// wrong status: a challenge's create answered 201, documented 200) while
// they answer a record: the answers of a few writes fit the schema of the
// status they are documented with.
test('the answers of writes fit their documented status and schema', async () => {
  async function fits(method, docPath, url, body) {
    const r = await admin.req(method, url, body);
    const op = doc.paths[docPath][method.toLowerCase()];
    const res = op.responses[String(r.status)];
    assert.ok(res && String(r.status).startsWith('2'), `${method} ${url}: ${r.status} documented as 2xx (${r.text.slice(0, 200)})`);
    assert.ok(res.content['application/json'].schema.$ref, `${method} ${docPath}: a named schema`);
    assert.equal(check(res.content['application/json'].schema, r.json), null, `${method} ${url}`);
    return r.json;
  }
  const org = (await admin.get('/api/orgs?kind=university&limit=1')).json.items[0].id;
  const a = await fits('POST', '/api/achievements', '/api/achievements',
    complete('achievements', { title_zh: '接口模式测试成果', trl: 5, modes: ['licence'], owner_org_id: org }));
  await fits('POST', '/api/achievements/{id}/submit', `/api/achievements/${a.id}/submit`, {});
  await fits('POST', '/api/achievements/{id}/publish', `/api/achievements/${a.id}/publish`, {});
  const ins = (await admin.get('/api/instruments?limit=1')).json.items[0].id;
  const b = await fits('POST', '/api/instruments/{id}/bookings', `/api/instruments/${ins}/bookings`,
    { org_id: org, start: '2030-01-08T09:00', end: '2030-01-08T11:00', booker_name: '模式测试' });
  await fits('POST', '/api/bookings/{id}/cancel', `/api/bookings/${b.id}/cancel`, {});
  const issuer = (await admin.get('/api/orgs?kind=enterprise&limit=1')).json.items[0].id;
  const ch = await fits('POST', '/api/challenges', '/api/challenges', {
    issuer_org_id: issuer, title_zh: '接口模式测试榜单', problem: '国产减速器精度保持性不足。', field: 'robotics',
    region: '沈阳', deadline: '2030-06-30T16:00:00Z', period_start: '2031-01-01', period_end: '2031-12-31',
    acceptance: '第三方检测', budget_fen: 100000000, max_winners: 1,
    indicators: [{ name: '精度', target: '0.02', unit: 'mm' }], deliverables: ['样机'],
    stages: [{ name: '启动', kind: 'initial', amount_fen: 100000000 }],
    criteria: [{ name: '技术路线', weight: 100 }], contacts: [{ name: '王工', contact: '024-12345678' }] });
  await fits('POST', '/api/challenges/{id}/submit', `/api/challenges/${ch.id}/submit`, {});
});

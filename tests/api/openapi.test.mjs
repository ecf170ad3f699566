// openapi.test.mjs - GET /api/openapi.json (issue #16: "/api/openapi.json ->
// 404"; "a test that every route in the router is in the document and vice
// versa"). The document is generated from the route tables; these tests hold
// it to the source (the tables in src/api/*.c, read here independently), to
// the OpenAPI 3.1 schema (npm @seriousme/openapi-schema-validator) and to a
// running server (every documented path answers; the documented statuses of
// a sample of operations are really answered).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Server, ROOT, complete } from './lib.mjs';

let srv, doc, admin;
before(async () => {
  srv = await Server.start({ demo: true });
  admin = await srv.session('admin');
  const r = await srv.client().get('/api/openapi.json');
  assert.equal(r.status, 200, r.text.slice(0, 300));
  doc = r.json;
});
after(async () => { await srv.stop(); });

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];
function operations() {
  const out = [];
  for (const [path, item] of Object.entries(doc.paths))
    for (const m of METHODS) if (item[m]) out.push({ path, method: m, op: item[m] });
  return out;
}
// /api/x/{id}/y/{id} as the router writes it -> /api/x/{id}/y/{id2} (OpenAPI).
function docPath(pattern) {
  let n = 0;
  return pattern.replace(/\{id\}/g, () => (++n === 1 ? '{id}' : `{id${n}}`));
}

// Guards against: no document at all (issue #16), or one that is not OpenAPI 3.1.
test('the document is valid OpenAPI 3.1 and every $ref resolves', async () => {
  let Validator;
  try {
    ({ Validator } = await import('@seriousme/openapi-schema-validator'));
  } catch (e) {
    assert.fail('npm module @seriousme/openapi-schema-validator is missing (package.json devDependencies): '
      + 'run scripts/install-deps.sh or npm ci - ' + e.message);
  }
  const v = new Validator();
  const res = await v.validate(doc);
  assert.equal(v.version, '3.1');
  assert.deepEqual(res.errors ?? [], [], 'validator errors');
  assert.equal(res.valid, true);
  const refs = JSON.stringify(doc).match(/"\$ref":"[^"]+"/g) ?? [];
  assert.ok(refs.length > 100, `${refs.length} refs`);
  for (const r of new Set(refs)) {
    const target = r.slice(8, -1).replace(/^#\//, '').split('/').reduce((o, k) => o?.[k], doc);
    assert.ok(target, `unresolved ${r}`);
  }
});

// Guards against: a route added to a table without its description, or a
// document that lists what the router does not serve (drift both ways).
test('every route of every route table is in the document, and nothing else', () => {
  const dir = join(ROOT, 'src/api');
  const inSource = new Set();
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.c'))) {
    const src = readFileSync(join(dir, f), 'utf8');
    for (const m of src.matchAll(/^\t\{ "(GET|POST|PUT|PATCH|DELETE)", "([^"]+)", [a-z_0-9]+,/gm))
      inSource.add(`${m[1].toLowerCase()} ${docPath(m[2])}`);
    // Action tables (src/api/challenges.c CH_ACTIONS ...): one X("path", ...) row
    // per POST route, expanded into the route table by ROUTE(...).
    for (const m of src.matchAll(/^\tX\("(\/api\/[^"]+)", [A-Z]+, "/gm))
      inSource.add(`post ${docPath(m[1])}`);
  }
  const inDoc = new Set(operations().map((o) => `${o.method} ${o.path}`));
  assert.ok(inSource.size >= 180, `${inSource.size} routes in src/api`);
  assert.deepEqual([...inSource].filter((x) => !inDoc.has(x)), [], 'routes missing from the document');
  assert.deepEqual([...inDoc].filter((x) => !inSource.has(x)), [], 'documented operations no table has');
  assert.ok(inDoc.has('get /api/openapi.json'));
  const ids = new Set();
  for (const { path, method, op } of operations()) {
    const where = `${method} ${path}`;
    assert.ok(op.summary && /^[A-Z]/.test(op.summary), `${where}: English summary`);
    assert.match(op['x-summary-zh'] ?? '', /[\u3400-\u9fff]/, `${where}: Chinese summary`);
    assert.ok(op.tags?.length === 1 && doc.tags.some((t) => t.name === op.tags[0]), `${where}: tag`);
    assert.ok(!ids.has(op.operationId), `${where}: operationId ${op.operationId} unique`);
    ids.add(op.operationId);
    assert.ok(Object.keys(op.responses).some((s) => /^2\d\d$/.test(s)), `${where}: a success response`);
    assert.ok(op['x-access'], `${where}: access`);
    if (op['x-access'].includes(':')) assert.equal(op['x-roles'].admin, 'any', `${where}: admin may`);
  }
});

// Guards against: roles written by hand beside the route (they come from policy.c).
test('roles come from the policy table', () => {
  const publish = doc.paths['/api/achievements/{id}/publish'].post;
  assert.equal(publish['x-access'], 'achievement:publish');
  assert.deepEqual(publish['x-roles'], { admin: 'any', reviewer: 'any' });
  const create = doc.paths['/api/achievements'].post;
  assert.deepEqual(create['x-roles'], { admin: 'any', org_admin: 'own', member: 'own', broker: 'own' });
  const search = doc.paths['/api/achievements'].get;
  assert.equal(search['x-roles'].anonymous, 'any');
  assert.ok(search.parameters.some((p) => p.name === 'trl_min' && p.schema.type === 'integer'));
  assert.deepEqual(doc.paths['/api/auth/login'].post.security, []);
  // Component schemas come from the presenters and the body readers.
  const ach = doc.components.schemas.Achievement.properties;
  for (const k of ['id', 'title_zh', 'trl', 'modes', 'contact', 'status', 'expires_at']) assert.ok(ach[k], k);
  assert.equal(ach.trl.type, 'integer');
  const input = doc.components.schemas.AchievementInput;
  assert.equal(input.additionalProperties, false);
  assert.ok(input.properties.title_zh && !input.properties.id);
  const codes = doc.components.schemas.Error.properties.code.enum;
  for (const c of ['field_required', 'too_long', 'not_found', 'state_conflict', 'no_such_endpoint', 'login_required'])
    assert.ok(codes.includes(c), c);
});

// Guards against: a documented path the server does not route (the router's
// own 404 "no_such_endpoint" or 405), whatever the record or the input.
test('every documented operation is routed by a running server', async () => {
  const missing = [];
  const ops = operations();
  // Log-out routes last: they end the session the others use.
  ops.sort((a, b) => Number(/logout/.test(a.path)) - Number(/logout/.test(b.path)));
  for (const { path, method } of ops) {
    const url = path.replace(/\{id\d*\}/g, '999999').replace('{period}', '2001-01');
    const send = () => admin.req(method.toUpperCase(), url, method === 'get' || method === 'delete' ? undefined : {});
    // One retry on a dropped keep-alive connection (the server closes one idle
    // for 10 s; on a loaded machine the client may reuse it just then). A
    // crashed server fails the retry too.
    const r = await send().catch((e) => { if (e.message !== 'fetch failed') throw e; return send(); });
    if ((r.status === 404 && r.json?.code === 'no_such_endpoint') || r.status === 405)
      missing.push(`${method} ${path}: ${r.status} ${r.text.slice(0, 80)}`);
    if (r.status >= 400 && r.headers.get('content-type')?.startsWith('application/json'))
      assert.ok(r.json?.code, `${method} ${url}: ${r.status} without a code: ${r.text.slice(0, 120)}`);
  }
  assert.deepEqual(missing, []);
});

// Guards against: documented responses that never happen (or happen undocumented)
// on a sample of operations: each documented status is provoked here.
test('the documented statuses of a sample of operations are real', async () => {
  const member = await srv.session('member');
  const reviewer = await srv.session('reviewer');
  const anon = srv.client();
  const list = await anon.get('/api/achievements?limit=1');
  const pub = list.json.items[0].id;
  const body = () => complete('achievement', { title_zh: '接口文档状态样例', modes: ['licence'], owner_org_id: member.user.org_id });
  const draft = await member.post('/api/achievements', body());
  assert.equal(draft.status, 201, draft.text);
  const id = draft.json.id;
  const draftOther = (await member.post('/api/achievements', body())).json.id;
  // A member of another organisation: may not read this organisation's drafts.
  const orgs = await anon.get('/api/orgs?limit=50');
  const otherOrg = orgs.json.items.find((o) => o.id !== member.user.org_id).id;
  // A new admin session: the routing test above logged `admin` out.
  const admin2 = await srv.session('admin');
  const mk = await admin2.post('/api/users', { email: 'openapi-other@test.cn', password: 'other-member-pass-2026', role: 'member', org_id: otherOrg });
  assert.equal(mk.status, 201, mk.text);
  const other = srv.client();
  assert.equal((await other.login('openapi-other@test.cn', 'other-member-pass-2026')).status, 200);
  // Integer keys run in ascending order: 200 publishes `id`, 409 then finds it published.
  const sample = {
    'get /api/achievements/{id}': {
      200: () => anon.get(`/api/achievements/${pub}`),
      401: () => anon.get(`/api/achievements/${draftOther}`),         // a draft: read_draft
      403: () => other.get(`/api/achievements/${draftOther}`),        // another organisation
      404: () => anon.get('/api/achievements/999999'),
    },
    'get /api/achievements': {
      200: () => anon.get('/api/achievements?trl_min=3'),
      400: () => anon.get('/api/achievements?trl_min=x'),
      401: () => anon.get('/api/achievements?status=draft'),           // read_any
      403: () => other.get(`/api/achievements?status=draft&org=${member.user.org_id}`),
    },
    'post /api/achievements': {
      201: () => member.post('/api/achievements', body()),
      400: () => member.post('/api/achievements', { title_zh: 'x'.repeat(300), owner_org_id: member.user.org_id }),
      401: () => anon.post('/api/achievements', {}),
      403: () => reviewer.post('/api/achievements', body()),
      415: () => member.req('POST', '/api/achievements', 'title_zh=x', { 'content-type': 'text/plain' }),
    },
    'post /api/achievements/{id}/publish': {
      200: () => reviewer.post(`/api/achievements/${id}/publish`, {}),
      400: () => reviewer.post(`/api/achievements/${draftOther}/publish`, { nonsense: 1 }),
      401: () => anon.post(`/api/achievements/${id}/publish`, {}),
      403: () => member.post(`/api/achievements/${id}/publish`, {}),
      404: () => reviewer.post('/api/achievements/999999/publish', {}),
      409: () => reviewer.post(`/api/achievements/${id}/publish`, {}),  // published already
      415: () => reviewer.req('POST', `/api/achievements/${id}/publish`, 'x', { 'content-type': 'text/plain' }),
    },
    'get /api/openapi.json': { 200: () => anon.get('/api/openapi.json') },
  };
  for (const [key, provoke] of Object.entries(sample)) {
    const [method, path] = key.split(' ');
    const documented = Object.keys(doc.paths[path][method].responses).sort();
    assert.deepEqual(documented, Object.keys(provoke).sort(), `${key}: documented statuses`);
    for (const [status, fn] of Object.entries(provoke)) {
      const r = await fn();
      assert.equal(r.status, Number(status), `${key} -> ${status}: ${r.text.slice(0, 200)}`);
      if (r.status >= 400) assert.ok(doc.components.schemas.Error.properties.code.enum.includes(r.json.code), r.json.code);
    }
  }
});

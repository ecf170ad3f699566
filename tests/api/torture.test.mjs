// torture.test.mjs - allocation fault injection in the spirit of curl's
// torture tests (issue #10). The server runs with TB_FAIL_ALLOC=header, so a
// request carrying `X-TB-Fail-Alloc: N` has its Nth counted allocation fail
// (arena, buffer growth, jansson; src/core/fault.h) and the answer says
// `X-TB-Fault: injected` or `not-reached`. For each representative request we
// try N = 1, 2, 3, ... until N is not reached, and check that every answer is
// either the normal answer with complete data or a 500 JSON error - never a
// crash, never a 200 (or a 4xx) with something missing - and that a write
// answered 500 left the database either untouched or fully written, never
// half. `make test` tries every 7th N (plus the first 40); `make torture`
// (TB_TORTURE=full) tries every N. docs/security.md describes it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server, complete } from './lib.mjs';

const FULL = process.env.TB_TORTURE === 'full';
const tries = (n) => FULL || n <= 40 || n % 7 === 0;

// Values that differ between two correct answers: ids of new rows, times, tokens.
const VOLATILE = /^(id|.*_at|csrf_token|token|expires|session.*)$/;
function mask(v) {
  if (Array.isArray(v)) return v.map(mask);
  if (v && typeof v === 'object')
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, VOLATILE.test(k) && (typeof x !== 'object' || x === null) ? '*' : mask(x)]));
  return v;
}

let srv, admin, uni, draftId, pubId, demandId;
const stats = [];

before(async () => {
  process.env.TB_FAIL_ALLOC = 'header';
  srv = await Server.start({ demo: true });
  delete process.env.TB_FAIL_ALLOC;
  admin = await srv.session('admin');
  uni = (await admin.get('/api/orgs?kind=university&limit=1')).json.items[0];
  pubId = (await admin.get('/api/achievements?status=published&limit=1')).json.items[0].id;
  demandId = (await admin.get('/api/demands?status=published&limit=1')).json.items[0].id;
  draftId = (await admin.post('/api/achievements', newAch('torture patch target'))).json.id;
});
after(async () => {
  if (process.env.TB_TORTURE_STATS) console.log(stats.join('\n'));
  await srv.stop();
});

// complete(): since issue #16 submit refuses a listing under the quality threshold.
const newAch = (title) => complete('achievements', {
  title_zh: title, title_en: 'Fault injection ' + title, abstract_zh: '分配失败时的行为。',
  keywords: ['镁合金', '轧制'], field: '新材料', trl: 5, modes: ['transfer', 'licence'],
  price: 1000, owner_org_id: uni.id, status: 'draft', contact: { name: '王工', email: 'wang@neu.edu.cn' },
});

// Runs `send(headers)` for N = 1.. until not reached. `expected` is the masked
// normal answer { status, json }. After a 500, `check()` (if given) asserts
// the stored state is whole. `prepare()` runs before each try (no fault).
async function torture(name, { send, prepare, check }) {
  const t0 = Date.now();
  if (prepare) await prepare();
  const base = await send({});
  assert.equal(base.headers.get('x-tb-fault'), null, `${name}: fault header without injection`);
  assert.ok(base.status < 300, `${name}: baseline ${base.status} ${base.text}`);
  const expected = { status: base.status, json: mask(base.json) };
  let n = 0, injected = 0, failed500 = 0;
  for (;;) {
    n++;
    if (!tries(n)) continue;
    if (prepare) await prepare();
    const r = await send({ 'x-tb-fail-alloc': String(n) });
    assert.equal(srv.proc.exitCode, null, `${name}: server died at N=${n}`);
    const fault = r.headers.get('x-tb-fault');
    assert.ok(fault === 'injected' || fault === 'not-reached', `${name} N=${n}: X-TB-Fault ${fault}`);
    if (r.status === 500) {
      assert.equal(fault, 'injected', `${name} N=${n}: 500 without an injected failure`);
      assert.deepEqual(r.json, { error: 'internal error', code: 'internal_error' }, `${name} N=${n}`);
      failed500++;
      if (check) await check(n);
    } else {
      assert.deepEqual({ status: r.status, json: mask(r.json) }, expected,
        `${name} N=${n} (${fault}): neither the normal answer nor a 500`);
    }
    if (fault === 'not-reached') break;
    injected++;
    assert.ok(n < 200000, `${name}: no end to allocations`);
  }
  stats.push(`${name}: ${n - 1} allocations, ${injected} injected tries, ${failed500} answered 500, ${Date.now() - t0} ms`);
  assert.ok(failed500 > 0, `${name}: no injected failure ever surfaced as a 500`);
}

test('reads: list, get, search, matches', async () => {
  const anon = srv.client();
  await torture('list', { send: (h) => anon.get('/api/achievements?status=published&limit=3', h) });
  await torture('get', { send: (h) => anon.get(`/api/achievements/${pubId}`, h) });
  await torture('search', { send: (h) => anon.get(`/api/achievements?q=${encodeURIComponent('镁合金')}&limit=3`, h) });
  await torture('matches', { send: (h) => anon.get(`/api/demands/${demandId}/matches?limit=3`, h) });
});

test('login', async () => {
  await torture('login', {
    send: (h) => srv.client().post('/api/auth/login', { email: 'member@demo.techbridge.cn', password: 'demo-member-2026' }, h),
  });
});

test('writes: create, patch, submit leave nothing half-written', async () => {
  // create: after a 500 there is either no new row or one complete row.
  let before;
  const listing = async () => (await admin.get('/api/achievements?status=draft&q=&limit=100&sort=newest')).json;
  const expectedNew = mask((await admin.get(`/api/achievements/${draftId}`)).json);
  await torture('create', {
    prepare: async () => { before = (await listing()).total; },
    send: (h) => admin.post('/api/achievements', newAch('torture patch target'), h),
    check: async (n) => {
      const now = await listing();
      assert.ok(now.total === before || now.total === before + 1, `create N=${n}: ${before} -> ${now.total}`);
      if (now.total === before + 1) {
        const full = (await admin.get(`/api/achievements/${now.items[0].id}`)).json;
        assert.deepEqual(mask(full), expectedNew, `create N=${n}: the row written is incomplete`);
      }
    },
  });

  // patch: reset to A, then patch to B under fault; the row is exactly A or B.
  const A = { keywords: ['镁合金', '轧制'], modes: ['transfer', 'licence'], price: 1000 };
  const B = { keywords: ['机器人', '视觉', 'robot'], modes: ['equity'], price: 'negotiable' };
  const state = async () => mask((await admin.get(`/api/achievements/${draftId}`)).json);
  await admin.patch(`/api/achievements/${draftId}`, B);
  const stateB = await state();
  await admin.patch(`/api/achievements/${draftId}`, A);
  const stateA = await state();
  assert.notDeepEqual(stateA, stateB);
  await torture('patch', {
    prepare: () => admin.patch(`/api/achievements/${draftId}`, A),
    send: (h) => admin.patch(`/api/achievements/${draftId}`, B, h),
    check: async (n) => {
      const s = await state();
      assert.ok(JSON.stringify(s) === JSON.stringify(stateA) || JSON.stringify(s) === JSON.stringify(stateB),
        `patch N=${n}: row is neither before nor after: ${JSON.stringify(s).slice(0, 300)}`);
    },
  });

  // submit: a fresh draft each try; after a 500 it is draft or submitted.
  let target;
  await torture('submit', {
    prepare: async () => { target = (await admin.post('/api/achievements', newAch('torture submit'))).json.id; },
    send: (h) => admin.post(`/api/achievements/${target}/submit`, {}, h),
    check: async (n) => {
      const s = (await admin.get(`/api/achievements/${target}`)).json.status;
      assert.ok(s === 'draft' || s === 'submitted', `submit N=${n}: status ${s}`);
    },
  });
});

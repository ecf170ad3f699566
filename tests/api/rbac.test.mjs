// rbac.test.mjs - the authorisation matrix, generated: every role (anonymous,
// member, org_admin, broker, reviewer, admin) x every resource/action endpoint
// is called on the real HTTP API, and the outcome is compared with the table
// below. The table is written here from the rules in the issue and
// docs/security.md, NOT derived from the server's policy table, so a wrong row
// in src/api/policy.c shows up as an unexpected allow or deny.
// "own" = the member's organisation (the broker is linked to it); "other" = an
// organisation none of the test users belongs to. Allowed = 2xx; denied = 401
// for anonymous, 403 for everyone else.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server, complete } from './lib.mjs';

const ROLES = ['anonymous', 'member', 'org_admin', 'broker', 'reviewer', 'admin'];

let srv, admin, own, other, ownUser;
const S = {};
let seq = 0;
const uniq = () => `${Date.now().toString(36)}${++seq}`;

before(async () => {
  srv = await Server.start();
  for (const r of ROLES) S[r] = await srv.session(r);
  admin = S.admin;
  own = S.member.user.org_id;
  assert.ok(own, 'the demo member belongs to an organisation');
  assert.ok(S.broker.user.linked_orgs.includes(own), 'the demo broker acts for the member\'s organisation');
  const o = await admin.post('/api/orgs', { name: '无关单位测试', name_en: 'Unrelated Test Org', kind: 'enterprise' });
  assert.equal(o.status, 201, o.text);
  other = o.json.id;
});
after(async () => { await srv.stop(); });

// ---- fixtures, always created by the admin
const body = {
  achievements: (org, status) => ({
    title_zh: `权限测试成果${uniq()}`, abstract_zh: '用于权限矩阵测试。', trl: 5, modes: ['transfer'],
    price: 100000, owner_org_id: org, status,
  }),
  demands: (org, status) => ({
    title_zh: `权限测试需求${uniq()}`, desc_zh: '用于权限矩阵测试。', org_id: org, status,
  }),
};
async function item(kind, org, status) {
  const r = await admin.post(`/api/${kind}`, complete(kind, body[kind](org, status === 'submitted' ? 'draft' : status)));
  assert.equal(r.status, 201, r.text);
  if (status === 'submitted') assert.equal((await admin.post(`/api/${kind}/${r.json.id}/submit`)).status, 200);
  return r.json.id;
}
async function user(org, role = 'member') {
  const r = await admin.post('/api/users', { email: `u${uniq()}@rbac.test.cn`, role, org_id: org, password: 'rbac-target-pass' });
  assert.equal(r.status, 201, r.text);
  return r.json.id;
}
const orgOf = (w) => (w === 'own' ? own : other);

// ---- the expected outcome, one letter per role in ROLES order: A allow, D deny.
//                        anon mem oadm brok rev adm
const cases = [];
const add = (name, expect, run) => cases.push({ name, expect: expect.replace(/ /g, ''), run });

for (const kind of ['achievements', 'demands']) {
  add(`${kind}: list published`, 'A A A A A A', (c) => c.get(`/api/${kind}`));
  for (const w of ['own', 'other']) {
    const mine = w === 'own';
    add(`${kind}: list drafts of ${w} org`, mine ? 'D A A A A A' : 'D D D D A A',
      (c) => c.get(`/api/${kind}?status=draft&org=${orgOf(w)}`));
    add(`${kind}: get published of ${w} org`, 'A A A A A A',
      async (c) => c.get(`/api/${kind}/${await item(kind, orgOf(w), 'published')}`));
    add(`${kind}: get draft of ${w} org`, mine ? 'D A A A A A' : 'D D D D A A',
      async (c) => c.get(`/api/${kind}/${await item(kind, orgOf(w), 'draft')}`));
    add(`${kind}: create draft for ${w} org`, mine ? 'D A A A D A' : 'D D D D D A',
      (c) => c.post(`/api/${kind}`, body[kind](orgOf(w), 'draft')));
    add(`${kind}: create already published for ${w} org`, 'D D D D D A',
      (c) => c.post(`/api/${kind}`, body[kind](orgOf(w), 'published')));
    add(`${kind}: update draft of ${w} org`, mine ? 'D A A A D A' : 'D D D D D A',
      async (c) => c.patch(`/api/${kind}/${await item(kind, orgOf(w), 'draft')}`, { title_en: 'Edited' }));
    add(`${kind}: submit draft of ${w} org`, mine ? 'D A A A D A' : 'D D D D D A',
      async (c) => c.post(`/api/${kind}/${await item(kind, orgOf(w), 'draft')}/submit`));
    add(`${kind}: publish submitted of ${w} org`, 'D D D D A A',
      async (c) => c.post(`/api/${kind}/${await item(kind, orgOf(w), 'submitted')}/publish`));
    add(`${kind}: return submitted of ${w} org`, 'D D D D A A',
      async (c) => c.post(`/api/${kind}/${await item(kind, orgOf(w), 'submitted')}/return`, { reason: '请补充材料' }));
    add(`${kind}: withdraw published of ${w} org`, mine ? 'D A A A D A' : 'D D D D D A',
      async (c) => c.post(`/api/${kind}/${await item(kind, orgOf(w), 'published')}/withdraw`));
    if (kind === 'demands')
      add(`${kind}: close published of ${w} org`, mine ? 'D A A A D A' : 'D D D D D A',
        async (c) => c.post(`/api/${kind}/${await item(kind, orgOf(w), 'published')}/close`));
  }
  add(`${kind}: list submitted of all orgs`, 'D D D D A A', (c) => c.get(`/api/${kind}?status=submitted`));
  // == release (issue #16): the live quality checklist, for every logged-in role ==
  add(`${kind}: score an unsaved form`, 'D A A A A A', (c) => c.post(`/api/${kind}/quality`, { title_zh: '评分' }));
}

// == release (issue #16): one's own subscriptions and notifications, for every logged-in role ==
add('subscriptions: list own', 'D A A A A A', (c) => c.get('/api/subscriptions'));
add('subscriptions: save a search', 'D A A A A A', (c) => c.post('/api/subscriptions', { kind: 'search', target: 'demand', q: 'rbac' }));
add('notifications: list own', 'D A A A A A', (c) => c.get('/api/notifications'));
add('mail: read own digest preference', 'D A A A A A', (c) => c.get('/api/mail'));
add('orgs: list', 'A A A A A A', (c) => c.get('/api/orgs'));
add('orgs: get', 'A A A A A A', (c) => c.get(`/api/orgs/${other}`));
add('orgs: create', 'D D D D D A', (c) => c.post('/api/orgs', { name: `新单位${uniq()}`, kind: 'enterprise' }));
add('orgs: update own', 'D D A D D A', (c) => c.patch(`/api/orgs/${own}`, { district: '浑南区' }));
add('orgs: update other', 'D D D D D A', (c) => c.patch(`/api/orgs/${other}`, { district: '和平区' }));

add('users: list (own org unless admin)', 'D D A D D A', (c) => c.get('/api/users'));
add('users: list other org', 'D D D D D A', (c) => c.get(`/api/users?org=${other}`));
add('users: create member in own org', 'D D A D D A',
  (c) => c.post('/api/users', { email: `n${uniq()}@rbac.test.cn`, role: 'member', org_id: own, password: 'rbac-new-pass-1' }));
add('users: create member in other org', 'D D D D D A',
  (c) => c.post('/api/users', { email: `n${uniq()}@rbac.test.cn`, role: 'member', org_id: other, password: 'rbac-new-pass-1' }));
add('users: create reviewer (escalation)', 'D D D D D A',
  (c) => c.post('/api/users', { email: `n${uniq()}@rbac.test.cn`, role: 'reviewer', org_id: own, password: 'rbac-new-pass-1' }));
add('users: create admin (escalation)', 'D D D D D A',
  (c) => c.post('/api/users', { email: `n${uniq()}@rbac.test.cn`, role: 'admin', password: 'rbac-new-pass-1' }));
add('users: change role in own org', 'D D A D D A', async (c) => c.patch(`/api/users/${await user(own)}`, { role: 'org_admin' }));
add('users: make own-org user admin', 'D D D D D A', async (c) => c.patch(`/api/users/${await user(own)}`, { role: 'admin' }));
add('users: change role in other org', 'D D D D D A', async (c) => c.patch(`/api/users/${await user(other)}`, { role: 'org_admin' }));
add('users: reset password in own org', 'D D A D D A',
  async (c) => c.post(`/api/users/${await user(own)}/password`, { password: 'rbac-reset-pass-2' }));
add('users: reset password in other org', 'D D D D D A',
  async (c) => c.post(`/api/users/${await user(other)}/password`, { password: 'rbac-reset-pass-2' }));

add('tokens: create', 'D A A A A A', (c) => c.post('/api/auth/tokens', { name: 'matrix', expires_days: 1 }));
add('tokens: list', 'D A A A A A', (c) => c.get('/api/auth/tokens'));
add('tokens: revoke own', 'D A A A A A', async (c) => {
  const t = await c.post('/api/auth/tokens', { name: 'to revoke', expires_days: 1 });
  return c.del(`/api/auth/tokens/${t.json?.id ?? 1}`);
});
add('auth: me', 'D A A A A A', (c) => c.get('/api/auth/me'));
add('audit: list', 'D D D D D A', (c) => c.get('/api/audit?limit=5'));
add('audit: export csv', 'D D D D D A', (c) => c.get('/api/audit.csv?action=login'));

// ---- bookings (issue #10: a member could see the approval queue and approve,
// including their own request). Approval belongs to the org_admins of the
// instrument's organisation (and admin); the requests below are made by a
// member of the unrelated organisation, so nobody in the matrix is the booker.
const OPEN = { mon: '00:00-24:00', tue: '00:00-24:00', wed: '00:00-24:00', thu: '00:00-24:00', fri: '00:00-24:00', sat: '00:00-24:00', sun: '00:00-24:00' };
async function instrument(org) {
  const r = await admin.post('/api/instruments', {
    org_id: org, name_zh: `审批测试仪器${uniq()}`, category: '电子显微镜', services: ['staff_operated'],
    fee: { unit: 'hour', internal: 1, academic: 1, enterprise: 1 }, opening_hours: OPEN, closed_dates: [],
    min_slot_minutes: 60, max_slot_minutes: 240, lead_time_hours: 0, cancel_deadline_hours: 0,
    requires_approval: true, status: 'available',
  });
  assert.equal(r.status, 201, r.text);
  return r.json.id;
}
let bookerClient;
async function booker() {
  if (bookerClient) return bookerClient;
  const email = `booker${uniq()}@rbac.test.cn`;
  const u = await admin.post('/api/users', { email, role: 'member', org_id: other, password: 'rbac-booker-pass' });
  assert.equal(u.status, 201, u.text);
  bookerClient = srv.client();
  assert.equal((await bookerClient.login(email, 'rbac-booker-pass')).status, 200);
  return bookerClient;
}
async function pending(w, by) {
  const who = by ?? await booker();
  const org = by ? (who.user.org_id ?? own) : other;
  const r = await who.post(`/api/instruments/${await instrument(orgOf(w))}/bookings`,
    { org_id: org, booker_name: '审批测试人', start: '2031-03-03T10:00', end: '2031-03-03T11:00' });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.status, 'pending');
  return r.json.id;
}
for (const w of ['own', 'other']) {
  const mine = w === 'own';
  add(`bookings: approve request on ${w} org's instrument`, mine ? 'D D A D D A' : 'D D D D D A',
    async (c) => c.post(`/api/bookings/${await pending(w)}/approve`));
  add(`bookings: reject request on ${w} org's instrument`, mine ? 'D D A D D A' : 'D D D D D A',
    async (c) => c.post(`/api/bookings/${await pending(w)}/reject`, { note: '不予批准' }));
  add(`bookings: approval queue of ${w} org`, mine ? 'D D A D D A' : 'D D D D D A',
    (c) => c.get(`/api/bookings/pending?owner_org=${orgOf(w)}`));
}

test('rbac matrix: every role x resource x action matches the expected table', async () => {
  const unexpected = [];
  let checks = 0;
  for (const cs of cases) {
    assert.equal(cs.expect.length, ROLES.length, `${cs.name}: one letter per role`);
    for (let i = 0; i < ROLES.length; i++) {
      const role = ROLES[i];
      const want = cs.expect[i] === 'A' ? 'allow' : 'deny';
      const r = await cs.run(S[role]);
      checks++;
      let got;
      if (r.status >= 200 && r.status < 300) got = 'allow';
      else if (r.status === (role === 'anonymous' ? 401 : 403)) got = 'deny';
      else got = `status ${r.status}`;
      if (got !== want) unexpected.push(`${role} / ${cs.name}: expected ${want}, got ${got} ${r.text.slice(0, 120)}`);
    }
  }
  console.log(`rbac matrix: ${checks} checks, ${unexpected.length} unexpected`);
  assert.deepEqual(unexpected, []);
});

test('denials of writes are audited with role, action and outcome', async () => {
  const a = await admin.get('/api/audit?outcome=deny&resource=achievement&limit=500');
  assert.equal(a.status, 200);
  assert.ok(a.json.total > 0);
  const roles = new Set(a.json.items.map((x) => x.role));
  for (const r of ['anonymous', 'member', 'reviewer']) assert.ok(roles.has(r), `a denial by ${r} is in the audit log`);
  assert.ok(a.json.items.every((x) => x.client_ip && x.at && x.action));
});

// Issue #10: approving one's own request must be impossible for every role -
// a member, the instrument organisation's own org_admin, and admin.
test('nobody approves or rejects their own booking', async () => {
  for (const role of ['member', 'org_admin', 'admin']) {
    const id = await pending('own', S[role]);
    for (const action of ['approve', 'reject']) {
      const r = await S[role].post(`/api/bookings/${id}/${action}`);
      assert.equal(r.status, 403, `${role} ${action}s own request: ${r.text}`);
    }
    assert.equal((await admin.get(`/api/bookings/${id}`)).json.status, 'pending');
  }
  // Someone else with the power decides: the org_admin approves the member's request.
  const id = await pending('own', S.member);
  const ok = await S.org_admin.post(`/api/bookings/${id}/approve`);
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.json.status, 'approved');
});

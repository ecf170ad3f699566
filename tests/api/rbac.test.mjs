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
  // On 15 December 2026 whatever the real date: the bookings below are in
  // January 2027 and must stay in the future (issue #19: at the real date
  // this file would fail from 4 January 2027 on).
  srv = await Server.start({ at: '2026-12-15T02:00:00Z' });
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
// opts.deny: further statuses that count as a denial for this row (a data rule
// may answer 400 naming the field rather than 403).
const add = (name, expect, run, opts = {}) => cases.push({ name, expect: expect.replace(/ /g, ''), run, ...opts });

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
  // == web2 (issue #18): the reviewer's batch and an item's history ==
  for (const w of ['own', 'other']) {
    add(`${kind}: batch publish submitted of ${w} org`, 'D D D D A A', async (c) => {
      const r = await c.post('/api/review/batch', { action: 'publish', items: [{ kind: kind.slice(0, -1), id: await item(kind, orgOf(w), 'submitted') }] });
      // the batch answers 200 with a per-item result; an item refused there counts as denied
      return r.status === 200 && !r.json.results[0].ok ? { ...r, status: r.json.results[0].code } : r;
    });
    add(`${kind}: history of ${w} org`, w === 'own' ? 'D A A A A A' : 'D D D D A A',
      async (c) => c.get(`/api/${kind}/${await item(kind, orgOf(w), 'submitted')}/history`));
  }
}

// == web2 (issue #18): attachments follow the listing's visibility; edit right adds ==
const PDF = '%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n';
for (const w of ['own', 'other']) {
  add(`attachments: upload to published achievement of ${w} org`, w === 'own' ? 'D A A A D A' : 'D D D D D A',
    async (c) => c.req('POST', `/api/achievements/${await item('achievements', orgOf(w), 'published')}/attachments?name=a.pdf`, PDF, { 'content-type': 'application/pdf' }));
  add(`attachments: list of draft demand of ${w} org`, w === 'own' ? 'D A A A A A' : 'D D D D A A',
    async (c) => c.get(`/api/demands/${await item('demands', orgOf(w), 'draft')}/attachments`));
}
add('attachments: list of a published achievement', 'A A A A A A', async (c) => c.get(`/api/achievements/${await item('achievements', other, 'published')}/attachments`));

// == web2 (issue #18): one's own favourites, for every logged-in role ==
add('favourites: list own', 'D A A A A A', (c) => c.get('/api/favourites'));
add('favourites: save a published listing', 'D A A A A A',
  async (c) => c.post('/api/favourites', { kind: 'achievement', item_id: await item('achievements', other, 'published') }));

// == web2 (issue #18): an organisation's public page ==
add('orgs: profile of own org', 'A A A A A A', (c) => c.get(`/api/orgs/${own}/profile`));
add('orgs: profile of other org', 'A A A A A A', (c) => c.get(`/api/orgs/${other}/profile`));

// == release (issue #16): one's own subscriptions and notifications, for every logged-in role ==
add('subscriptions: list own', 'D A A A A A', (c) => c.get('/api/subscriptions'));
add('subscriptions: save a search', 'D A A A A A', (c) => c.post('/api/subscriptions', { kind: 'search', target: 'demand', q: 'rbac' }));
add('notifications: list own', 'D A A A A A', (c) => c.get('/api/notifications'));
// == bulletins (issue #16): a public archive; the science bureau makes one (a month of 2001: ended, new each call)
let bulletinMonth = 0;
add('bulletins: the archive', 'A A A A A A', (c) => c.get('/api/bulletins'));
add('bulletins: make one for an ended period', 'D D D D A A',
  (c) => c.post('/api/bulletins', { period: `2001-${String(++bulletinMonth).padStart(2, '0')}` }));
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

// ---- instruments, bookings, statements, contracts, targets, indicators.
// Expected cells come from the README's role table: anonymous reads the
// instrument catalogue and the indicators; a member books instruments for their
// organisation; an org_admin manages their organisation's instruments and the
// bookings on them (approves, rejects, records use); a broker acts as a member
// for linked organisations; the reviewer (science bureau) reads every booking,
// statement and contract, amends and terminates registrations and sets targets.
// "." = not checked for that role (see the row's comment).
let slot = 0;
const nextSlot = () => {                       // a fresh one-hour slot per booking
  const d = new Date(Date.UTC(2027, 0, 4) + (slot++) * 86400e3).toISOString().slice(0, 10);
  return { start: `${d}T09:00`, end: `${d}T10:00` };
};
const instrBody = (org) => ({
  org_id: org, name_zh: `权限测试仪器${uniq()}`, category: '测试', fee: { unit: 'hour', internal: 1, academic: 2, enterprise: 3 },
  opening_hours: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, '00:00-24:00'])),
  min_slot_minutes: 60, max_slot_minutes: 240, lead_time_hours: 0, cancel_deadline_hours: 0, requires_approval: true,
});
const instruments = {};
async function instrument(w) {
  if (!instruments[w]) {
    const r = await admin.post('/api/instruments', instrBody(orgOf(w)));
    assert.equal(r.status, 201, r.text);
    instruments[w] = r.json.id;
  }
  return instruments[w];
}
const bookBody = (org) => ({ org_id: org, booker_name: '权限测试', booker_email: 'rbac@example.cn', ...nextSlot() });
// Requests are made by a separate member of the booking organisation, so that
// nobody in the matrix is the booker (nobody approves their own request,
// issue #10; that rule has its own test below).
const bookers = {};
async function bookerOf(w) {
  if (!bookers[w]) {
    const email = `booker-${w}${uniq()}@rbac.test.cn`;
    const u = await admin.post('/api/users', { email, role: 'member', org_id: orgOf(w), password: 'rbac-booker-pass' });
    assert.equal(u.status, 201, u.text);
    const cl = srv.client();
    assert.equal((await cl.login(email, 'rbac-booker-pass')).status, 200);
    bookers[w] = cl;
  }
  return bookers[w];
}
// A pending booking by organisation `by` on the instrument of organisation `on`.
async function booking(by, on) {
  const r = await (await bookerOf(by)).post(`/api/instruments/${await instrument(on)}/bookings`, bookBody(orgOf(by)));
  assert.equal(r.status, 201, r.text);
  return r.json.id;
}
let regSeq = 0;
const contractBody = (org, over = {}) => ({
  reg_no: `2024210100${String(++regSeq).padStart(6, '0')}`, title: `权限测试合同${uniq()}`, type: 'service',
  seller: { org_id: org }, buyer: { name: '北京某科技公司', region_code: '110108' }, amount: 1000, signed_on: '2024-06-01', ...over,
});
async function contract(w) {
  const r = await admin.post('/api/contracts', contractBody(orgOf(w)));
  assert.equal(r.status, 201, r.text);
  return r.json.id;
}
const month = '2027-01';

//                        anon mem oadm brok rev adm
add('instruments: list', 'A A A A A A', (c) => c.get('/api/instruments'));
add('instruments: get', 'A A A A A A', async (c) => c.get(`/api/instruments/${await instrument('other')}`));
add('instruments: calendar', 'A A A A A A', async (c) => c.get(`/api/instruments/${await instrument('other')}/calendar?from=2027-01-01&to=2027-01-08`));
add('instruments: free slots', 'A A A A A A', (c) => c.get('/api/instruments/free?from=2027-06-01T09:00&to=2027-06-01T10:00'));
add('instruments: statistics', 'A A A A A A', (c) => c.get('/api/instruments/stats?from=2027-01-01&to=2027-01-31'));
for (const w of ['own', 'other']) {
  const mine = w === 'own';
  add(`instruments: create for ${w} org`, mine ? 'D D A D D A' : 'D D D D D A', (c) => c.post('/api/instruments', instrBody(orgOf(w))));
  add(`instruments: update of ${w} org`, mine ? 'D D A D D A' : 'D D D D D A',
    async (c) => c.patch(`/api/instruments/${await instrument(w)}`, { location: `B${uniq()}` }));
  add(`instruments: add a qualification on ${w} org's instrument`, mine ? 'D D A D D A' : 'D D D D D A',
    async (c) => c.post(`/api/instruments/${await instrument(w)}/qualifications`, { org_id: other, email: `q${uniq()}@example.cn`, expires_on: '2030-01-01' }));

  add(`bookings: book for ${w} org`, mine ? 'D A A A D A' : 'D D D D D A',
    async (c) => c.post(`/api/instruments/${await instrument('other')}/bookings`, bookBody(orgOf(w))));
  add(`bookings: get a booking of ${w} org`, mine ? 'D A A A A A' : 'D D D D A A',
    async (c) => c.get(`/api/bookings/${await booking(w, 'other')}`));
  add(`bookings: list ${w} org's bookings`, mine ? 'D A A A A A' : 'D D D D A A',
    (c) => c.get(`/api/bookings?org=${orgOf(w)}`));
  add(`bookings: cancel a booking of ${w} org`, mine ? 'D A A A D A' : 'D D D D D A',
    async (c) => c.post(`/api/bookings/${await booking(w, 'other')}/cancel`));
  // approve / reject / usage: the instrument organisation's org_admin (or admin) only.
  add(`bookings: approve a request on ${w} org's instrument`, mine ? 'D D A D D A' : 'D D D D D A',
    async (c) => c.post(`/api/bookings/${await booking(mine ? 'other' : 'own', w)}/approve`));
  add(`bookings: reject a request on ${w} org's instrument`, mine ? 'D D A D D A' : 'D D D D D A',
    async (c) => c.post(`/api/bookings/${await booking(mine ? 'other' : 'own', w)}/reject`, { note: '设备维护' }));
  add(`bookings: approval queue of ${w} org`, mine ? 'D D A D D A' : 'D D D D D A',
    (c) => c.get(`/api/bookings/pending?owner_org=${orgOf(w)}`));
  add(`bookings: record use on ${w} org's instrument`, mine ? 'D D A D D A' : 'D D D D D A', async (c) => {
    const id = await booking(mine ? 'other' : 'own', w);
    assert.equal((await admin.post(`/api/bookings/${id}/approve`)).status, 200);
    return c.post(`/api/bookings/${id}/usage`, {});
  });
  add(`statements: monthly statement of ${w} org`, mine ? 'D A A A A A' : 'D D D D A A',
    (c) => c.get(`/api/statements.csv?org=${orgOf(w)}&month=${month}`));

  add(`contracts: register for ${w} org (seller)`, mine ? 'D A A A D A' : 'D D D D D A',
    (c) => c.post('/api/contracts', contractBody(orgOf(w))));
  add(`contracts: get one of ${w} org`, mine ? 'D A A A A A' : 'D D D D A A',
    async (c) => c.get(`/api/contracts/${await contract(w)}`));
  add(`contracts: list ${w} org's`, mine ? 'D A A A A A' : 'D D D D A A', (c) => c.get(`/api/contracts?org=${orgOf(w)}`));
  add(`contracts: amend one of ${w} org`, mine ? 'D D A D A A' : 'D D D D A A',
    async (c) => c.patch(`/api/contracts/${await contract(w)}`, { amount: 2000 }));
  add(`contracts: terminate one of ${w} org`, 'D D D D A A',
    async (c) => c.post(`/api/contracts/${await contract(w)}/terminate`, { reason: '测试' }));
}
// A contract of one's own organisation may not realise another organisation's
// achievement. Admin not checked: a data rule may refuse it to everyone.
add('contracts: register own contract linking another org\'s achievement', 'D D D D D .', async (c) =>
  c.post('/api/contracts', contractBody(own, { achievement_id: await item('achievements', other, 'published') })),
{ deny: [400] });
add('contracts: list all', 'D D D D A A', (c) => c.get('/api/contracts'));
add('targets: read', 'A A A A A A', (c) => c.get('/api/indicators/targets?year=2024'));
add('targets: set', 'D D D D A A', (c) => c.put('/api/indicators/targets', { year: 2024, targets: { turnover: 1000 } }));
add('indicators: turnover', 'A A A A A A', (c) => c.get('/api/indicators/turnover?from=2023&to=2024'));
add('indicators: summary', 'A A A A A A', (c) => c.get('/api/indicators/summary?year=2024'));

// Cells where this branch's server still differs from the spec and the fix is
// on another branch (listed, not failed, by the matrix; scripts/run-tests.sh
// prints them). Remove a line once its fix is merged: the matrix then reports
// it as "now passes".
const KNOWN_FIXED_ELSEWHERE = new Map([]);

// == challenges (揭榜挂帅): an organisation drafts and submits its own; only
// the science bureau (reviewer) publishes or drafts for another organisation.
const chBody = (org) => ({
  issuer_org_id: org, title_zh: `权限测试榜单${uniq()}`, problem: '用于权限矩阵测试。', deadline: '2030-12-31',
  budget_fen: 100000000, indicators: [{ name: '精度', target: '0.01', unit: 'mm' }],
  criteria: [{ name: '技术路线', weight: 100 }],
});
async function challenge(org, status) {
  const r = await admin.post('/api/challenges', chBody(org));
  assert.equal(r.status, 201, r.text);
  if (status !== 'draft') assert.equal((await admin.post(`/api/challenges/${r.json.id}/submit`)).status, 200);
  return r.json.id;
}
add('challenges: list', 'A A A A A A', (c) => c.get('/api/challenges'));
add('challenges: create for own org', 'D A A A A A', (c) => c.post('/api/challenges', chBody(own)));
add('challenges: create for other org', 'D D D D A A', (c) => c.post('/api/challenges', chBody(other)));
add('challenges: submit own draft', 'D A A A A A', async (c) => c.post(`/api/challenges/${await challenge(own, 'draft')}/submit`));
add('challenges: submit other org draft', 'D D D D A A', async (c) => c.post(`/api/challenges/${await challenge(other, 'draft')}/submit`));
add('challenges: publish own submitted', 'D D D D A A', async (c) => c.post(`/api/challenges/${await challenge(own, 'submitted')}/publish`));
add('challenges: expert assignments of a challenge', 'D D D D A A', async (c) => c.get(`/api/challenges/${await challenge(own, 'submitted')}/experts`));
// ---- enterprise tiers (issue #15): rules and the certification list are
// public; facts are the enterprise's own (and its linked broker's), the
// bureau (reviewer) reads and writes all of them, imports, evaluates and sees
// the pipeline.
add('tiers: list rule sets', 'A A A A A A', (c) => c.get('/api/tiers/rules'));
add('tiers: create a rule set', 'D D D D A A', (c) => c.post('/api/tiers/rules', {
  tier: 'gazelle', region_code: '210300', valid_from: '2024-01-01', criteria: [{ metric: 'revenue', op: '>=', value: 1 }] }));
add('tiers: read facts of own org', 'D A A A A A', (c) => c.get(`/api/enterprises/${own}/facts`));
add('tiers: read facts of other org', 'D D D D A A', (c) => c.get(`/api/enterprises/${other}/facts`));
add('tiers: report facts of other org', 'D D D D A A',
  (c) => c.put(`/api/enterprises/${other}/facts`, { year: 2023, revenue: 1000, source: 'rbac' }));
add('tiers: import facts', 'D D D D A A',
  (c) => c.post('/api/tiers/facts/import', { csv: `org_id,year,staff,source\n${other},2022,10,rbac\n` }));
add('tiers: evaluate a year', 'D D D D A A', (c) => c.post('/api/tiers/evaluate', { year: 2023 }));
add('tiers: pipeline', 'D D D D A A', (c) => c.get('/api/tiers/pipeline?year=2023'));
add('tiers: list certifications', 'A A A A A A', (c) => c.get('/api/tiers/certifications?tier=high_tech'));
add('platforms: browse the registry', 'A A A A A A', (c) => c.get('/api/platforms?kind=key_lab'));
add('platforms: counts', 'A A A A A A', (c) => c.get('/api/platforms/counts?by=level'));
add('platforms: register', 'D D D D A A', (c) => c.post('/api/platforms', {
  name: `权限测试平台${uniq()}`, kind: 'maker_space', level: 'city', year: 2022 }));
add('platforms: evaluate', 'D D D D A A', async (c) => {
  const p = await admin.post('/api/platforms', { name: `评估测试平台${uniq()}`, kind: 'maker_space', level: 'city', year: 2022 });
  return c.post(`/api/platforms/${p.json.id}/status`, { status: 'under_evaluation' });
});
add('tiers: record a certification', 'D D D D A A',
  (c) => c.post('/api/tiers/certifications', { org_id: other, tier: 'tech_sme', year: 2023 }));
// ---- alliances and service agencies (issue #15): public registries; the
// bureau registers; the lead organisation's org_admin edits its alliance (a
// broker's consent does not extend to alliances); an agency's profile is its
// own org_admin's or the bureau's.
const alliance = async (leadOrg) => (await admin.post('/api/alliances', {
  name: `权限测试联盟${uniq()}`, level: 'city', founded_on: '2020-01-01', lead_org_id: leadOrg })).json.id;
add('alliances: browse the registry', 'A A A A A A', (c) => c.get('/api/alliances?level=city'));
add('alliances: totals', 'A A A A A A', (c) => c.get('/api/alliances/stats?year=2023'));
add('alliances: register', 'D D D D A A', (c) => c.post('/api/alliances', {
  name: `权限测试联盟${uniq()}`, level: 'city', founded_on: '2020-01-01', lead_org_id: own }));
add('alliances: add a member to one the own org leads', 'D D A D A A',
  async (c) => c.post(`/api/alliances/${await alliance(own)}/members`, { org_id: other }));
add('alliances: record an activity of one another org leads', 'D D D D A A',
  async (c) => c.post(`/api/alliances/${await alliance(other)}/activities`, { held_on: '2023-05-01', title: '对接会' }));
add('agencies: browse the registry', 'A A A A A A', (c) => c.get('/api/agencies?service=ip'));
add('agencies: write the profile of another org', 'D D D D A A', async (c) => {
  const o = await admin.post('/api/orgs', { name: `权限测试服务机构${uniq()}`, kind: 'agency' });
  return c.put(`/api/agencies/${o.json.id}`, { level: 'city', year: 2020, services: ['ip'] });
});
// ---- brokers, cases, contact requests, feedback (issue #14). The demo broker
// represents the member's organisation with its consent; feedback belongs to
// the receiving party and cannot be given for another organisation.
add('brokers: public directory', 'A A A A A A', (c) => c.get('/api/brokers?field=' + encodeURIComponent('智能制造')));
add('brokers: edit a profile of another institution', 'D D D D D A',
  (c) => c.put(`/api/brokers/${S.broker.user.id}`, { institution_id: S.broker.user.org_id, name: '技术经纪人', grade: 'senior' }));
add('representation: ask an organisation to consent', 'D D D A D D',
  (c) => c.post('/api/representations', { org_id: other, scope: ['listings'] }));
add('cases: list (own)', 'D A A A A A', (c) => c.get('/api/cases'));
add('contacts: ask to be put in touch on a published listing', 'D A A A A A',
  async (c) => c.post('/api/contacts', { kind: 'achievement', listing_id: await item('achievements', other, 'published'), message: '希望对接' }));
add('feedback: on a match of the own demand', 'D A A A D D',
  async (c) => c.put('/api/feedback', { achievement_id: await item('achievements', other, 'published'), demand_id: await item('demands', own, 'published'), verdict: 'not_interested', reason: 'too_early', party_org_id: own }));
add('feedback: forged for another organisation', 'D D D D D D',
  async (c) => c.put('/api/feedback', { achievement_id: await item('achievements', other, 'published'), demand_id: await item('demands', other, 'published'), verdict: 'interested', party_org_id: other }));

test('rbac matrix: every role x resource x action matches the expected table', async () => {
  const unexpected = [];
  let checks = 0;
  const known = [];
  // The six roles of one row run at once (each call makes its own fixtures),
  // and ROWS_AT_ONCE rows at a time (issue #11: the matrix was the slowest
  // file, mostly waiting on round trips). Every cell stays; no row depends on
  // another's writes (fresh fixtures, unique names, one booking day each).
  // The verdicts are checked in table order once all rows have answered.
  const ROWS_AT_ONCE = 4;
  for (const cs of cases) assert.equal(cs.expect.length, ROLES.length, `${cs.name}: one letter per role`);
  const answered = new Array(cases.length);
  let next = 0;
  const worker = async () => {
    while (next < cases.length) {
      const k = next++;
      const cs = cases[k];
      answered[k] = await Promise.all(ROLES.map((role, i) => (cs.expect[i] === '.' ? null : cs.run(S[role]))));
    }
  };
  await Promise.all(Array.from({ length: ROWS_AT_ONCE }, worker));
  for (const [k, cs] of cases.entries()) {
    const answers = answered[k];
    for (let i = 0; i < ROLES.length; i++) {
      const role = ROLES[i];
      if (cs.expect[i] === '.') continue;
      const want = cs.expect[i] === 'A' ? 'allow' : 'deny';
      const r = answers[i];
      checks++;
      let got;
      if (r.status >= 200 && r.status < 300) got = 'allow';
      else if (r.status === (role === 'anonymous' ? 401 : 403) || cs.deny?.includes(r.status)) got = 'deny';
      else got = `status ${r.status}`;
      const cell = `${role} / ${cs.name}`;
      if (KNOWN_FIXED_ELSEWHERE.has(cell)) {
        known.push(got === want ? `KNOWN_FIXED_ELSEWHERE now passes, remove it from the list: ${cell}`
          : `KNOWN_FIXED_ELSEWHERE ${cell}: expected ${want}, got ${got} (${KNOWN_FIXED_ELSEWHERE.get(cell)})`);
        continue;
      }
      if (got !== want) unexpected.push(`${cell}: expected ${want}, got ${got} ${r.text.slice(0, 120)}`);
    }
  }
  for (const k of known) console.log(k);
  for (const cell of KNOWN_FIXED_ELSEWHERE.keys())
    assert.ok(cases.some((cs) => cell.endsWith(` / ${cs.name}`)), `KNOWN_FIXED_ELSEWHERE names no cell: ${cell}`);
  console.log(`rbac matrix: ${checks} checks, ${unexpected.length} unexpected, ${known.length} known to be fixed elsewhere`);
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

// A pending request on organisation w's instrument, made by client `by` for
// its own organisation.
async function pending(w, by) {
  const org = by.user?.org_id ?? own;
  const r = await by.post(`/api/instruments/${await instrument(w)}/bookings`,
    { org_id: org, booker_name: '审批测试人', ...nextSlot() });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.status, 'pending');
  return r.json.id;
}

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

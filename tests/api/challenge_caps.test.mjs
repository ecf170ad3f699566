// challenge_caps.test.mjs - issue #13 leftover: the challenge code held its
// lists in fixed arrays that cut them short without a word (a consortium of
// at most 32 organisations in the conflict-of-interest check, 256 lines of a
// kind, 200 list entries per request, 64 scores per expert, 500 lines read
// back). A challenge with 300 lines, an expert scoring 100 criteria and a
// consortium of 40 organisations now work; the bounds that remain are
// request bounds (CH_MAX_LINES, CH_MAX_CRITERIA) answered with a 400 naming
// the field.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server } from './lib.mjs';

let srv, admin, reviewer;
const pw = 'Chal-caps-pw-2026!x';
const iso = (ms) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');
let seq = 0;

async function org(name, kind = 'university') {
  const r = await admin.post('/api/orgs', { name: `${name}${++seq}`, kind, city: '沈阳', province: '辽宁' });
  assert.equal(r.status, 201, r.text);
  return r.json.id;
}
async function user(email, orgId) {
  const r = await admin.post('/api/users', { email: `${++seq}-${email}`, password: pw, role: 'member', org_id: orgId });
  assert.equal(r.status, 201, r.text);
  const c = srv.client();
  assert.equal((await c.login(`${seq}-${email}`, pw)).status, 200);
  c.id = r.json.id;
  return c;
}

before(async () => {
  srv = await Server.start();
  admin = await srv.session('admin');
  reviewer = await srv.session('reviewer');
});
after(async () => { await srv.stop(); });

const range = (n) => Array.from({ length: n }, (_, i) => i + 1);
const body = (issuer, extra = {}) => ({
  issuer_org_id: issuer, title_zh: '轴承钢纯净度提升', problem: '轴承钢氧含量偏高。', field: 'materials', region: '沈阳',
  deadline: iso(Date.now() + (srv.clockOffset + 3600) * 1000), budget_fen: 100000000,
  indicators: [{ name: '氧含量', target: '5', unit: 'ppm' }], criteria: [{ name: '技术路线', weight: 100 }], ...extra,
});
const application = (team, extra = {}) => ({
  team_org_id: team, plan: '真空脱气与夹杂物控制。', budget: [{ stage: '启动', amount_fen: 50000000 }],
  milestones: [{ title: '中试', due_on: '2027-06-30', tranche: 'initial', amount_fen: 50000000 }], ...extra,
});

// A published challenge (bureau-created) with one application of `team`.
async function published(extra) {
  const issuer = await org('上限测试发榜企业', 'enterprise');
  let r = await reviewer.post('/api/challenges', body(issuer, extra));
  assert.equal(r.status, 201, r.text);
  const id = r.json.id;
  assert.equal((await reviewer.post(`/api/challenges/${id}/submit`)).status, 200);
  assert.equal((await reviewer.post(`/api/challenges/${id}/publish`)).status, 200);
  return id;
}

// Before: 400 "at most 200 list entries in all" (and 256 per kind in the
// domain, 500 lines read back by the store).
test('a challenge with 300 lines is stored and read back whole', async () => {
  const issuer = await org('三百行发榜企业', 'enterprise');
  const extra = {
    indicators: range(190).map((i) => ({ name: `指标${i}`, target: String(i), unit: 'MPa' })),
    deliverables: range(100).map((i) => `交付物${i}`),
    criteria: range(10).map((i) => ({ name: `评价${i}`, weight: 10 })),
  };
  const r = await reviewer.post('/api/challenges', body(issuer, extra));
  assert.equal(r.status, 201, r.text);
  const g = await reviewer.get(`/api/challenges/${r.json.id}`);
  assert.equal(g.status, 200);
  assert.equal(g.json.indicators.length, 190);
  assert.equal(g.json.deliverables.length, 100);
  assert.equal(g.json.criteria.length, 10);
  assert.equal(g.json.indicators[189].name, '指标190');
  assert.equal(g.json.indicators[189].seq, 190);
});

test('more lines than one request may carry: 400 naming the list that crosses the bound', async () => {
  const issuer = await org('超限发榜企业', 'enterprise');
  const r = await reviewer.post('/api/challenges', body(issuer, {
    indicators: range(600).map((i) => ({ name: `指标${i}`, target: '1', unit: '%' })),
    deliverables: range(401).map((i) => `交付物${i}`),
  }));
  assert.equal(r.status, 400, r.text);
  assert.equal(r.json.field, 'deliverables');
});

// Before: 400 "must be an array of 1..64 scores" for a challenge whose 100
// criteria (weight 1 each, adding up to 100) the rules allow.
test('an expert scores a challenge with 100 criteria: 100 scores count', async () => {
  const id = await published({ criteria: range(100).map((i) => ({ name: `评价${i}`, weight: 1 })) });
  const team = await org('百项评分团队');
  const ta = await user('team@caps.test.cn', team);
  let r = await ta.post(`/api/challenges/${id}/applications`, application(team));
  assert.equal(r.status, 201, r.text);
  const app = r.json.id;
  srv.advance(3700);
  assert.equal((await reviewer.post(`/api/challenges/${id}/close-applications`)).status, 200);
  assert.equal((await reviewer.post(`/api/challenges/${id}/start-review`)).status, 200);
  const ex = await user('expert@caps.test.cn', await org('百项评分专家单位', 'institute'));
  assert.equal((await reviewer.post(`/api/challenges/${id}/experts`, { user_id: ex.id })).json.status, 'assigned');
  r = await ex.post(`/api/challenge-applications/${app}/scores`, { scores: range(100).map((k) => ({ criterion: k, score: 70 })) });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.scored, 100);
  r = await reviewer.get(`/api/challenges/${id}/ranking`);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.items[0].experts, 1); // every criterion scored: the weighted total counts
  assert.equal(r.json.items[0].total, 70);
  r = await ex.post(`/api/challenge-applications/${app}/scores`, { scores: range(101).map((k) => ({ criterion: k, score: 70 })) });
  assert.equal(r.status, 400, r.text);
  assert.equal(r.json.field, 'scores');
});

// Before: only the first 32 organisations of an application were checked, so
// an expert of the 40th consortium member was assigned (and could score a
// team its own organisation belongs to), and a user of that member did not
// see the team's sealed application.
test('a consortium of 40 organisations: the 40th member counts as the team everywhere', async () => {
  const id = await published();
  const team = await org('四十家联合体牵头单位');
  const members = [];
  for (let i = 0; i < 40; i++) members.push(await org('联合体成员'));
  const ta = await user('lead@caps.test.cn', team);
  let r = await ta.post(`/api/challenges/${id}/applications`, application(team, {
    consortium: members.map((m, i) => ({ org_id: m, lead: i === 0 })),
  }));
  assert.equal(r.status, 201, r.text);
  const app = r.json.id;
  assert.equal(r.json.consortium.length, 40);
  const last = await user('member40@caps.test.cn', members[39]);
  r = await last.get(`/api/challenge-applications/${app}`);
  assert.equal(r.status, 200, r.text); // sealed to outsiders, open to its own consortium
  srv.advance(3700);
  assert.equal((await reviewer.post(`/api/challenges/${id}/close-applications`)).status, 200);
  r = await reviewer.post(`/api/challenges/${id}/experts`, { user_id: last.id });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.status, 'excluded');
  assert.match(r.json.reason, new RegExp(`organisation ${members[39]} `));
});

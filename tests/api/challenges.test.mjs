// challenges.test.mjs - 揭榜挂帅 open competitions through the real server
// (issue #13): the whole life cycle, sealed applications (no one but the
// team sees an application before the deadline - not the bureau, not admin),
// experts see only their assigned challenges, conflict-of-interest exclusion
// by the domain, illegal transitions answer 409 naming the current status,
// and concurrent tranche payments: exactly one succeeds.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server } from './lib.mjs';

let srv, admin, reviewer;
const pw = 'Chal-lenge-pw-2026!x';
const iso = (ms) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');

async function org(name, kind) {
  const r = await admin.post('/api/orgs', { name, kind, city: '沈阳', province: '辽宁' });
  assert.equal(r.status, 201, r.text);
  return r.json.id;
}
async function user(email, orgId, role = 'member') {
  const r = await admin.post('/api/users', { email, password: pw, role, org_id: orgId });
  assert.equal(r.status, 201, r.text);
  const c = srv.client();
  assert.equal((await c.login(email, pw)).status, 200);
  c.id = r.json.id;
  return c;
}

before(async () => {
  // On 15 December 2026 whatever the real date: the bodies below fix the
  // implementation period (2027-2028) and milestones (2027-06-30), which must
  // lie ahead (issue #19: a faketime run in 2029 failed here).
  srv = await Server.start({ at: '2026-12-15T02:00:00Z' });
  admin = await srv.session('admin');
  reviewer = await srv.session('reviewer');
});
after(async () => { await srv.stop(); });

const body = (issuer, deadline) => ({
  issuer_org_id: issuer,
  title_zh: '六轴工业机器人高精度减速器', title_en: 'High-precision reducer for six-axis robots',
  problem: '国产RV减速器精度保持性不足，寿命低于进口产品。', field: 'robotics', region: '沈阳',
  deadline, period_start: '2027-01-01', period_end: '2028-12-31', acceptance: '第三方检测 + 用户现场验收',
  budget_fen: 500000000, max_winners: 2,
  indicators: [{ name: '重复定位精度', target: '0.02', unit: 'mm' }, { name: '寿命', target: '20000', unit: 'h' }],
  deliverables: ['样机 3 台', '检测报告'],
  stages: [{ name: '启动', kind: 'initial', amount_fen: 200000000 }, { name: '中期', kind: 'milestone', amount_fen: 200000000 },
           { name: '验收奖励', kind: 'reward', amount_fen: 100000000 }],
  criteria: [{ name: '技术路线', weight: 50 }, { name: '团队能力', weight: 30 }, { name: '经费合理性', weight: 20 }],
  contacts: [{ name: '王工', contact: '024-12345678' }],
});
const application = (team) => ({
  team_org_id: team, plan: '采用摆线针轮优化齿形与精密热处理。',
  members: [{ name: '李博士', role: '负责人' }, '赵工'],
  budget: [{ stage: '启动', amount_fen: 150000000 }, { stage: '验收', amount_fen: 50000000 }],
  milestones: [{ title: '样机交付', due_on: '2027-06-30', tranche: 'initial', indicators: '重复定位精度 0.02 mm', amount_fen: 200000000 }],
});

test('life cycle: sealed applications, experts, conflict exclusion, notice, award, contract, tranche paid once', async () => {
  const issuer = await org('沈阳揭榜装备有限公司', 'enterprise');
  const teamA = await org('揭榜大学A', 'university');
  const teamB = await org('揭榜研究所B', 'institute');
  const neutral = await org('中立评审单位', 'institute');
  const iss = await user('issuer@ch.test.cn', issuer);
  const ta = await user('a@ch.test.cn', teamA);
  const tb = await user('b@ch.test.cn', teamB);
  const ex1 = await user('ex1@ch.test.cn', teamB);      // works at an applicant: must be excluded
  const ex2 = await user('ex2@ch.test.cn', neutral);
  const outsider = await user('o@ch.test.cn', neutral);
  const anon = srv.client();
  // a published achievement of team A that the matching engine should find
  let r0 = await admin.post('/api/achievements', { title_zh: 'RV减速器摆线齿形修形与精度保持技术', abstract_zh: '工业机器人RV减速器精度保持性提升，重复定位精度 0.02 mm，寿命 20000 h。',
    trl: 6, modes: ['licence'], price: 800000, owner_org_id: teamA, status: 'published', field: 'robotics' });
  assert.equal(r0.status, 201, r0.text);
  const achA = r0.json.id;

  // The deadline is on the server's test clock, 10 minutes ahead; the test
  // moves that clock past it instead of sleeping (issue #19: a real-time
  // deadline flipped the verdict on a loaded machine).
  const deadlineMs = Date.now() + (srv.clockOffset + 600) * 1000;
  let r = await iss.post('/api/challenges', body(issuer, iso(deadlineMs)));
  assert.equal(r.status, 201, r.text);
  const id = r.json.id;
  assert.equal(r.json.status, 'draft');
  assert.equal(r.json.indicators[0].unit, 'mm');
  assert.equal(r.json.criteria.length, 3);
  assert.equal((await anon.get(`/api/challenges/${id}`)).status, 404); // drafts are not public

  // weights that do not add up: 400 naming the field
  const bad = body(issuer, iso(deadlineMs)); bad.criteria[0].weight = 10;
  r = await iss.post('/api/challenges', bad);
  assert.equal(r.status, 400);
  assert.equal(r.json.field, 'criteria');

  assert.equal((await iss.post(`/api/challenges/${id}/submit`)).status, 200);
  assert.equal((await iss.post(`/api/challenges/${id}/publish`)).status, 403);
  r = await reviewer.post(`/api/challenges/${id}/publish`);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.status, 'published');
  r = await reviewer.post(`/api/challenges/${id}/publish`);
  assert.equal(r.status, 409);
  assert.equal(r.json.current, 'published');
  assert.equal((await anon.get(`/api/challenges/${id}`)).status, 200);
  assert.equal((await anon.get('/api/indicators/challenges')).json.by_field.find((x) => x.key === 'robotics').published, 1);
  // matching help: the catalogue proposes team A with the achievement and its reasons
  r = await anon.get(`/api/challenges/${id}/proposals`);
  assert.equal(r.status, 200, r.text);
  const prop = r.json.items.find((p) => p.org_id === teamA);
  assert.ok(prop, JSON.stringify(r.json));
  assert.equal(prop.achievements[0].id, achA);
  assert.ok(prop.achievements[0].factors.length > 0);

  const robotics = async () => (await anon.get('/api/indicators/challenges')).json.by_field.find((x) => x.key === 'robotics');
  assert.equal((await robotics()).applications, 0);
  r = await ta.post(`/api/challenges/${id}/applications`, application(teamA));
  assert.equal(r.status, 201, r.text);
  const appA = r.json.id;
  // anonymous indicator answers are cached (api/cache.c): an application must
  // move the public version, or the cached 0 would be served
  assert.equal((await robotics()).applications, 1);
  assert.equal(r.json.requested_fen, 200000000);
  r = await tb.post(`/api/challenges/${id}/applications`, application(teamB));
  assert.equal(r.status, 201, r.text);
  const appB = r.json.id;
  assert.equal((await ta.post(`/api/challenges/${id}/applications`, application(teamA))).status, 409);
  // a team applies only for its own organisation
  assert.equal((await outsider.post(`/api/challenges/${id}/applications`, application(teamA))).status, 403);

  // Sealed: before the deadline nobody but the team sees an application.
  for (const c of [admin, reviewer, iss, ex2, outsider, anon]) {
    r = await c.get(`/api/challenges/${id}/applications`);
    assert.equal(r.status, 200);
    assert.equal(r.json.sealed, true);
    assert.deepEqual(r.json.items, []);
    assert.equal((await c.get(`/api/challenge-applications/${appA}`)).status, 404);
  }
  assert.equal((await tb.get(`/api/challenge-applications/${appA}`)).status, 404);
  r = await ta.get(`/api/challenges/${id}/applications`);
  assert.deepEqual(r.json.items.map((x) => x.id), [appA]);
  assert.equal((await ta.get(`/api/challenge-applications/${appA}`)).status, 200);
  assert.equal((await reviewer.get(`/api/challenges/${id}/ranking`)).status, 403);

  r = await reviewer.post(`/api/challenges/${id}/close-applications`);
  assert.equal(r.status, 409);
  assert.equal(r.json.field, 'deadline');

  srv.advance(660);
  r = await ta.post(`/api/challenges/${id}/applications`, application(neutral));
  assert.equal(r.status, 403); // not their org
  r = await outsider.post(`/api/challenges/${id}/applications`, application(neutral));
  assert.equal(r.status, 409); // deadline passed
  // after the deadline the issuer and the bureau see both, outsiders none
  r = await iss.get(`/api/challenges/${id}/applications`);
  assert.equal(r.json.sealed, false);
  assert.deepEqual(r.json.items.map((x) => x.id).sort(), [appA, appB].sort());
  assert.equal(r.json.items.find((x) => x.id === appA).match.org_id, teamA); // match evidence
  assert.equal(r.json.items.find((x) => x.id === appB).match, null);
  assert.deepEqual((await outsider.get(`/api/challenges/${id}/applications`)).json.items, []);

  assert.equal((await reviewer.post(`/api/challenges/${id}/close-applications`)).status, 200);
  assert.equal((await reviewer.post(`/api/challenges/${id}/start-review`)).status, 200);

  // experts: conflict of interest decided by the domain
  assert.equal((await iss.post(`/api/challenges/${id}/experts`, { user_id: ex2.id })).status, 403);
  r = await reviewer.post(`/api/challenges/${id}/experts`, { user_id: ex1.id });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.status, 'excluded');
  r = await reviewer.post(`/api/challenges/${id}/experts`, { user_id: ex2.id });
  assert.equal(r.json.status, 'assigned');
  assert.deepEqual((await ex2.get('/api/expert/challenges')).json.items.map((x) => x.id), [id]);
  assert.deepEqual((await ex1.get('/api/expert/challenges')).json.items, []);
  assert.deepEqual((await outsider.get('/api/expert/challenges')).json.items, []);
  const scores = (a, b, c) => ({ scores: [{ criterion: 1, score: a }, { criterion: 2, score: b }, { criterion: 3, score: c }] });
  r = await ex1.post(`/api/challenge-applications/${appA}/scores`, scores(10, 10, 10));
  assert.equal(r.status, 403);
  assert.equal(r.json.field, 'expert');
  assert.equal((await outsider.post(`/api/challenge-applications/${appA}/scores`, scores(10, 10, 10))).status, 403);
  assert.equal((await ex2.post(`/api/challenge-applications/${appA}/scores`, scores(90, 80, 70))).status, 200);
  assert.equal((await ex2.post(`/api/challenge-applications/${appB}/scores`, scores(60, 60, 60))).status, 200);
  r = await ex2.get(`/api/challenges/${id}/ranking`);
  assert.equal(r.status, 200);
  assert.equal(r.json.items[0].app_id, appA);
  assert.equal(r.json.items[0].total, 83); // 0.5*90 + 0.3*80 + 0.2*70
  assert.equal(r.json.items[1].total, 60);
  assert.equal((await outsider.get(`/api/challenges/${id}/ranking`)).status, 403);

  // winners, public notice, objection, confirm
  r = await reviewer.post(`/api/challenges/${id}/select`, { winners: [appA], notice_days: 0 });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.status, 'notice');
  r = await outsider.post(`/api/challenges/${id}/objections`, { app_id: appA, text: '团队成员资质存疑' });
  assert.equal(r.status, 201);
  const obj = r.json.id;
  r = await reviewer.post(`/api/challenges/${id}/confirm`);
  assert.equal(r.status, 409);
  assert.equal(r.json.field, 'objections');
  assert.equal((await reviewer.post(`/api/challenge-objections/${obj}/dismiss`, { resolution: '经核实无问题' })).status, 200);
  r = await reviewer.post(`/api/challenges/${id}/confirm`);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.status, 'awarded');
  assert.equal(r.json.awarded_fen, 200000000);
  assert.equal(r.json.winners[0].app_id, appA);
  assert.equal(r.json.milestones.length, 1);
  const ms = r.json.milestones[0].id;

  // task book (JSON and CSV) and the contract draft -> registration
  r = await iss.get(`/api/challenge-applications/${appA}/task-book`);
  assert.equal(r.status, 200);
  assert.equal(r.json.application.award_fen, 200000000);
  assert.equal(r.json.challenge.indicators[0].target, '0.02');
  r = await iss.get(`/api/challenge-applications/${appA}/task-book?format=csv`);
  assert.match(r.text, /milestone,样机交付,2027-06-30/);
  r = await iss.get(`/api/challenge-applications/${appA}/contract-draft`);
  assert.equal(r.json.type, 'development');
  assert.equal(r.json.seller.org_id, teamA);
  assert.equal(r.json.buyer.org_id, issuer);
  assert.equal(r.json.amount_fen, 200000000);
  assert.equal((await iss.post(`/api/challenge-applications/${appA}/contract`, { reg_no: '2026210100000913', signed_on: '2026-12-01' })).status, 403);
  r = await reviewer.post(`/api/challenge-applications/${appA}/contract`, { reg_no: '2026210100000913', signed_on: '2026-12-01' });
  assert.equal(r.status, 201, r.text);
  assert.equal((await reviewer.get(`/api/contracts/${r.json.id}`)).json.amount_fen, 200000000);
  r = await reviewer.post(`/api/challenge-applications/${appA}/contract`, { reg_no: '2026210100000914', signed_on: '2026-12-01' });
  assert.equal(r.status, 409);

  // milestones: team reports, end user accepts, bureau pays once
  assert.equal((await reviewer.post(`/api/challenges/${id}/start`)).status, 200);
  assert.equal((await tb.post(`/api/challenge-milestones/${ms}/report`, { evidence: 'x' })).status, 403);
  assert.equal((await ta.post(`/api/challenge-milestones/${ms}/report`, { evidence: '检测报告 No.2027-118' })).status, 200);
  r = await iss.post(`/api/challenge-milestones/${ms}/reject`, {});
  assert.equal(r.status, 400);
  assert.equal(r.json.field, 'reason');
  assert.equal((await ta.post(`/api/challenge-milestones/${ms}/accept`)).status, 403);
  assert.equal((await iss.post(`/api/challenge-milestones/${ms}/accept`)).status, 200);
  const pays = await Promise.all(Array.from({ length: 6 }, () => reviewer.post(`/api/challenge-milestones/${ms}/pay`)));
  assert.deepEqual(pays.map((p) => p.status).sort(), [200, 409, 409, 409, 409, 409]);

  // illegal transitions name the current status
  r = await reviewer.post(`/api/challenges/${id}/reopen`, { deadline: '2030-01-01' });
  assert.equal(r.status, 409);
  assert.equal(r.json.current, 'in_progress');
  r = await reviewer.post(`/api/challenges/${id}/fail`, {});
  assert.equal(r.status, 400);
  assert.equal(r.json.field, 'reason');
  assert.equal((await iss.post(`/api/challenges/${id}/accept`)).status, 200);
  r = await reviewer.post(`/api/challenges/${id}/close`);
  assert.equal(r.json.status, 'closed');

  // programme indicators with drill-down by field and region (read anonymously
  // once before the last steps too: the anonymous answer is cached, and must
  // not be served stale after the challenge changes)
  r = await anon.get('/api/indicators/challenges');
  assert.equal(r.status, 200, r.text);
  const robo = r.json.by_field.find((x) => x.key === 'robotics');
  assert.equal(robo.published, 1);
  assert.equal(robo.applications, 2);
  assert.equal(robo.awarded, 1);
  assert.equal(robo.committed_fen, 200000000);
  assert.equal(robo.released_fen, 200000000);
  assert.equal(robo.milestones_accepted, 1);
  assert.equal(robo.milestones_on_time, 1);
  assert.equal(r.json.by_region.find((x) => x.key === '沈阳').published, 1);
  r = await anon.get('/api/challenges?field=robotics&region=%E6%B2%88%E9%98%B3');
  assert.deepEqual(r.json.items.map((x) => x.id), [id]);

  // every state change is audited by the domain
  r = await admin.get(`/api/audit?resource=challenge&limit=200`);
  const acts = new Set(r.json.items.filter((e) => e.resource_id === id && e.outcome === 'ok').map((e) => e.action));
  for (const a of ['challenge_create', 'challenge_submit', 'challenge_publish', 'challenge_apply',
    'challenge_close_applications', 'challenge_start_review', 'challenge_assign_expert', 'challenge_score',
    'challenge_select', 'challenge_object', 'challenge_objection_dismiss', 'challenge_confirm',
    'challenge_contract', 'challenge_start', 'challenge_ms_report', 'challenge_ms_accept',
    'challenge_ms_pay', 'challenge_accept', 'challenge_close'])
    assert.ok(acts.has(a), a);
});

// The CLI runs the same domain: bad input exits 2 naming the field; a failed
// challenge is re-opened with a new deadline (the failed round's
// applications stay as history) and closed with its reason.
test('cli: create .. fail -> reopen, with --json and exit codes', async () => {
  const { cli: cliRaw } = await import('./lib.mjs');
  // Every CLI call shares the server's test clock: the deadline below is 10
  // minutes ahead on it and the test moves it past instead of sleeping (issue
  // #19: a 2.5 s real-time deadline passed while the CLI calls ran on a loaded
  // machine).
  const cli = (args) => cliRaw(args, srv.cliEnv());
  const db = srv.db;
  const issuer = await org('CLI发榜企业', 'enterprise');
  const team = await org('CLI揭榜团队', 'university');
  await user('cli-team@ch.test.cn', team);
  await user('cli-issuer@ch.test.cn', issuer);
  const base = ['challenge', 'create', '--db', db, '--issuer', String(issuer), '--title', '轴承钢纯净度提升',
    '--problem', '氧含量控制', '--deadline', iso(Date.now() + (srv.clockOffset + 600) * 1000), '--budget-fen', '300000000',
    '--indicator', '氧含量|5|ppm', '--criterion', '技术路线|100', '--json'];
  let r = cli(base.map((x) => (x === '技术路线|100' ? '技术路线|90' : x)));
  assert.equal(r.code, 2);
  assert.match(r.stderr, /^criteria: /);
  r = cli(base);
  assert.equal(r.code, 0, r.stderr);
  const c = JSON.parse(r.stdout);
  assert.equal(c.status, 'draft');
  assert.equal(c.indicators[0].unit, 'ppm');
  const id = String(c.id);
  assert.equal(cli(['challenge', 'publish', id, '--db', db]).code, 2); // draft -> publish is illegal
  assert.equal(cli(['challenge', 'submit', id, '--db', db]).code, 0);
  assert.equal(cli(['challenge', 'publish', id, '--db', db]).code, 0);
  r = cli(['challenge', 'apply', id, '--db', db, '--as', 'cli-team@ch.test.cn', '--team', String(team), '--plan', '真空脱气',
    '--budget', '一期|100000000', '--milestone', '中试|2027-09-30|initial|100000000|氧含量 5 ppm']);
  assert.equal(r.code, 0, r.stderr);
  const app = r.stdout.split('\t')[0];
  // sealed for the operator too
  r = cli(['challenge', 'applications', id, '--db', db]);
  assert.equal(r.stdout, '');
  srv.advance(660);
  for (const step of ['close-applications', 'start-review'])
    assert.equal(cli(['challenge', step, id, '--db', db]).code, 0, step);
  assert.equal(cli(['challenge', 'select', id, '--db', db, '--winners', app, '--notice-days', '0']).code, 0);
  assert.equal(cli(['challenge', 'confirm', id, '--db', db]).code, 0);
  assert.equal(cli(['challenge', 'start', id, '--db', db]).code, 0);
  r = cli(['challenge', 'fail', id, '--db', db]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /^reason: /);
  assert.equal(cli(['challenge', 'fail', id, '--db', db, '--reason', '中试氧含量未达标']).code, 0);
  r = cli(['challenge', 'reopen', id, '--db', db, '--deadline', '2030-06-30', '--json']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(JSON.parse(r.stdout).status, 'published');
  assert.equal(JSON.parse(r.stdout).deadline, '2030-06-30T23:59:59Z');
  r = await admin.get(`/api/challenge-applications/${app}`);
  assert.equal(r.status, 404); // sealed again in the new round: only the team sees it
  r = await (await srv.client()).get(`/api/challenges/${id}`);
  assert.equal(r.json.status, 'published');
});

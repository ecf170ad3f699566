// challenges.test.mjs - the 揭榜挂帅 life cycle through the web pages, in
// Chinese and in English at the same time (two pages in parallel, to keep
// the suite fast): issuer drafts and submits -> bureau publishes -> team
// applies (sealed) -> bureau closes, reviews, assigns an expert -> expert
// scores -> bureau selects, confirms after the notice, starts -> team reports
// a milestone -> end user accepts it and the result; then the printable task
// book. Screenshots go to $TB_TEST_OUTPUT/screenshots/ (the README uses one).
// The application deadline passes on the server's test clock (srv.advance,
// once both teams have applied), never by waiting for real time: the test
// slept ~20 s for it before.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, open, shot, Server } from './browser.mjs';

let srv, browser;
const PW = 'E2e-challenge-pw-2026!';
const DEADLINE_S = 3600; // applications close an hour ahead on the server's clock (sessions outlive it)
before(async () => {
  srv = await Server.start();
  browser = await launch();
});
after(async () => { await browser?.close(); await srv?.stop(); });

// Switches the page to another account and renders `path` in place, with
// no page reload per role. The first switch to an account logs in the way the
// login form does (the app's own auth.js login()); its session cookie is kept,
// and later switches put that cookie back and let the app re-read the session
// (auth.js refreshAuth()): a password hash (argon2id, 64 MiB) per switch and a
// full page load per switch were most of this test's time.
async function login(page, email, path) {
  const ctx = page.context();
  page.sessions ??= new Map();
  if (!page.url().startsWith(srv.base)) await open(page, srv.base, '/', { reload: true });
  await ctx.clearCookies();
  if (page.sessions.has(email)) await ctx.addCookies(page.sessions.get(email));
  const who = await page.evaluate(async ([e, p, known]) => {
    const auth = await import('/js/auth.js'); // the module instance the app uses
    return (known ? await auth.refreshAuth() : { user: await auth.login(e, p) }).user?.email;
  }, [email, PW, page.sessions.has(email)]);
  assert.equal(who, email);
  page.sessions.set(email, await ctx.cookies());
  await open(page, srv.base, path);
}

// Resolves for everyone once `n` callers have arrived; the last one runs
// `last` first (the two walks share one server clock).
function barrier(n, last) {
  let arrived = 0, release;
  const all = new Promise((r) => { release = r; });
  return async () => {
    if (++arrived === n) { await last(); release(); }
    await all;
  };
}

async function walk(lang, users, deadlinePassed) {
  const page = await newPage(browser, { lang, width: 1366, height: 900 });
  const status = async (want) => page.waitForSelector(`#ch-status[data-status="${want}"]`);
  const deadline = new Date(Date.now() + DEADLINE_S * 1000).toISOString().replace(/\.\d+Z$/, 'Z');

  await login(page, users.issuer, '/challenges/new');
  await page.fill('input[name="title_zh"]', `增材制造钛合金构件缺陷控制-${lang}`);
  await page.fill('textarea[name="problem"]', '激光选区熔化钛合金构件内部气孔率偏高。');
  await page.fill('input[name="field"]', 'additive');
  await page.fill('input[name="region"]', '沈阳');
  await page.fill('input[name="deadline"]', deadline);
  await page.fill('input[name="budget"]', '3000000');
  await page.fill('textarea[name="indicators"]', '致密度|99.9|%');
  await page.click('#ch-save');
  await status('draft');
  const id = Number(new URL(page.url()).pathname.split('/').pop());
  await page.click('#ch-submit');
  await status('submitted');

  await login(page, users.reviewer, `/challenges/${id}`);
  await page.click('#ch-publish');
  await status('published');

  await login(page, users.team, `/challenges/${id}`);
  await page.fill('textarea[name="plan"]', '原位监测与工艺窗口优化。');
  await page.fill('input[name="amount"]', '2000000');
  await page.fill('input[name="ms_title"]', '样件致密度达标');
  await page.fill('input[name="ms_due"]', srv.localDate(300)); // ahead on any date: a past one is overdue
  await page.click('#ch-apply');
  await page.waitForSelector('#ch-applied');
  await open(page, srv.base, `/challenges/${id}`);
  await page.waitForSelector('#ch-sealed');
  assert.equal(await page.locator('.ch-app').count(), 1); // the team sees its own

  await deadlinePassed();
  await login(page, users.reviewer, `/challenges/${id}`);
  await page.click('#ch-close-applications');
  await status('applications_closed');
  await page.click('#ch-start-review');
  await status('under_review');
  await page.fill('#ch-expert-form input[name="user_id"]', String(users.expertId));
  await page.click('#ch-assign');
  await page.waitForSelector('#ch-expert-result');

  await login(page, users.expert, '/challenges');
  await page.waitForSelector(`#ch-assigned a[href="/challenges/${id}"]`);
  await open(page, srv.base, `/challenges/${id}`);
  for (const input of await page.locator('.ch-score-input').all()) await input.fill('85');
  await page.locator('.ch-app button').first().click();
  await page.waitForSelector('#ch-scored');

  await login(page, users.reviewer, `/challenges/${id}`);
  await page.waitForSelector('.ch-score');
  await page.check('.ch-pick');
  await page.fill('#ch-notice-days', '0');
  await page.click('#ch-select');
  await status('notice');
  await page.click('#ch-confirm');
  await status('awarded');
  await page.click('#ch-start');
  await status('in_progress');

  await login(page, users.team, `/challenges/${id}`);
  await page.locator('#ch-milestones input[name="evidence"]').fill('CT 检测报告：致密度 99.93%');
  await page.locator('#ch-milestones button[id^="ms-report-"]').click();
  await page.waitForSelector('#ch-milestones li[data-status="reported"]');

  await login(page, users.issuer, `/challenges/${id}`);
  await page.locator('#ch-milestones button[id^="ms-accept-"]').click();
  await page.waitForSelector('#ch-milestones li[data-status="accepted"]');
  await page.click('#ch-accept');
  await status('accepted');
  await shot(page, `challenge-detail-${lang}`);
  await page.click('.ch-taskbook');
  await page.waitForSelector('#task-book');
  assert.match(await page.locator('#tb-award').textContent(), lang === 'zh' ? /200万元/ : /¥2M/);
  await shot(page, `challenge-task-book-${lang}`);
  assert.deepEqual(page.errors, []);
  await page.context().close();
}

test('life cycle through the pages, zh and en', async () => {
  const admin = await srv.session('admin');
  const mkOrg = async (name, kind) => (await admin.post('/api/orgs', { name, kind, city: '沈阳' })).json.id;
  const mkUser = async (email, org_id, role = 'member') => {
    const r = await admin.post('/api/users', { email, password: PW, role, org_id });
    assert.equal(r.status, 201, r.text);
    return r.json.id;
  };
  const issuerOrg = await mkOrg('网页发榜企业', 'enterprise');
  const teamOrg = await mkOrg('网页揭榜团队', 'university');
  const expertOrg = await mkOrg('网页评审专家单位', 'institute');
  const users = { issuer: 'issuer@e2e.cn', team: 'team@e2e.cn', expert: 'expert@e2e.cn', reviewer: 'bureau@e2e.cn' };
  await mkUser(users.issuer, issuerOrg);
  await mkUser(users.team, teamOrg);
  users.expertId = await mkUser(users.expert, expertOrg);
  await mkUser(users.reviewer, null, 'reviewer');
  // The deadline passes for both challenges at once, after both teams applied.
  const deadlinePassed = barrier(2, () => srv.advance(DEADLINE_S + 60));
  await Promise.all([walk('zh', users, deadlinePassed), walk('en', users, deadlinePassed)]);
});

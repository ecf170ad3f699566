// registries.test.mjs - the registries of issue #15 in a real browser:
// the public browses the platform registry and drills down from a count to
// the records (zh); the science bureau imports a year of enterprise facts
// from CSV, sees the errors per line, then the pipeline (en); an enterprise
// sees its tier standing and its gap to the next tier (zh). No console or CSP
// error on any of them.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, open, shot, startServer, loginAs } from './browser.mjs';

let srv, data, browser, admin, member;
before(async () => {
  ({ srv, data } = await startServer());
  browser = await launch();
  admin = await srv.session('admin');
  member = await srv.session('member');
  for (const [name, kind, level, year] of [['沈阳材料科学重点实验室', 'key_lab', 'national', 2015],
    ['浑南机器人技术创新中心', 'tech_innovation_centre', 'provincial', 2019], ['沈阳化工重点实验室', 'key_lab', 'provincial', 2021]]) {
    const r = await admin.post('/api/platforms', { name, kind, level, year, city: '沈阳' });
    assert.equal(r.status, 201, r.text);
  }
});
after(async () => { await browser?.close(); await srv?.stop(); });

test('the public browses the platform registry and drills down from a count (zh)', async () => {
  const page = await newPage(browser, { lang: 'zh' });
  await open(page, srv.base, '/platforms');
  assert.equal(await page.textContent('h1'), '科技创新平台');
  assert.equal(await page.textContent('#platform-counts li[data-kind="key_lab"] .count'), '2');
  await page.click('#platform-counts li[data-kind="key_lab"] a');
  await page.waitForFunction(() => location.search.includes('kind=key_lab'));
  await page.waitForSelector('#platform-list');
  const names = await page.$$eval('#platform-list .card-title', (els) => els.map((e) => e.textContent));
  assert.deepEqual(names, ['沈阳材料科学重点实验室', '沈阳化工重点实验室']);
  await page.selectOption('select[name="level"]', 'national');
  await page.click('#platform-filters button[type="submit"]');
  await page.waitForFunction(() => document.querySelectorAll('#platform-list .card').length === 1);
  await page.setViewportSize({ width: 390, height: 844 });
  await shot(page, 'platforms-zh-phone');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('the bureau imports a year of facts from CSV, sees errors per line, then the pipeline (en)', async () => {
  const org = data.orgs.find((o) => o.kind === 'enterprise') ?? (await admin.post('/api/orgs', { name: '梯队测试企业', kind: 'enterprise', city: '沈阳' })).json;
  const page = await newPage(browser, { lang: 'en' });
  await loginAs(page, srv, 'reviewer');
  await open(page, srv.base, '/tiers?year=2023');
  await page.waitForSelector('#pipeline-table');
  const head = 'org_id,year,staff,st_staff,revenue,rd,total_cost,assets,ip_class1,ip_class2,founded_on,source\n';
  await page.fill('#facts-import textarea[name="csv"]', head + `${org.id},2023,100,30,-5,1,1,1,0,4,2019-01-01,report\n`);
  await page.click('#facts-import button[type="submit"]');
  await page.waitForSelector('#import-errors li');
  assert.equal(await page.textContent('#import-errors li'), 'Line 2: revenue: must not be negative');
  await page.fill('#facts-import textarea[name="csv"]', head + `${org.id},2023,100,30,20000000,1200000,15000000,9000000,1,4,2019-01-01,report\n`);
  await page.click('#facts-import button[type="submit"]');
  await page.waitForSelector('#import-result .notice');
  assert.match(await page.textContent('#import-result'), /1 rows imported/);
  await page.waitForFunction(() => document.querySelector('#pipeline-table tr[data-tier="tech_sme"] td')?.textContent === '1');
  await shot(page, 'tiers-bureau-en');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('an enterprise sees its standing and its gap to the next tier (zh)', async () => {
  const own = member.user.org_id;
  // the demo member's organisation reports as an enterprise for this test
  const ent = (await admin.post('/api/orgs', { name: '梯队差距测试企业', kind: 'enterprise', city: '沈阳' })).json;
  assert.ok(own);
  const email = 'tier-ent@e2e.test.cn';
  assert.equal((await admin.post('/api/users', { email, role: 'org_admin', org_id: ent.id, password: 'Gap-view-2026-secure' })).status, 201);
  assert.equal((await admin.put(`/api/enterprises/${ent.id}/facts`, { year: 2023, staff: 200, st_staff: 50, revenue: 150000000,
    rd: 4800000, total_cost: 120000000, assets: 90000000, ip_class1: 0, ip_class2: 2, founded_on: '2016-04-01', source: '年报' })).status, 200);
  const page = await newPage(browser, { lang: 'zh' });
  await page.goto(srv.base + '/login');
  await page.waitForSelector('html[data-ready="1"]');
  await page.fill('input[name="email"]', email);
  await page.fill('input[name="password"]', 'Gap-view-2026-secure');
  await page.click('.login-form button[type="submit"]');
  await page.waitForSelector('#logout-btn');
  await open(page, srv.base, '/tiers?year=2023');
  await page.waitForSelector('#gap-list li');
  assert.match(await page.textContent('#standing h2:last-of-type'), /科技型中小企业/);
  assert.deepEqual(await page.$$eval('#gap-list li', (els) => els.map((e) => e.textContent)), ['评价得分 48 分，需 60 分']);
  assert.equal(await page.textContent('#tier-table tr[data-tier="tech_sme"] td'), '否');
  await shot(page, 'tiers-enterprise-zh');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

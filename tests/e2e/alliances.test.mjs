// alliances.test.mjs - the alliance and service-agency registries (issue
// #15) in a real browser: the public browses the alliances, follows the
// substantive figure to the alliances it counts (the count equals the
// figure) and opens one with its members (zh); the public drills down from a
// service count to the agencies offering it and opens one (en, then at
// phone width). Guards against a figure whose link lands on other records,
// and against console or CSP errors on the new pages.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, open, shot, startServer } from './browser.mjs';

let srv, browser, admin, reviewer, ids = {};
before(async () => {
  ({ srv } = await startServer());
  browser = await launch();
  admin = await srv.session('admin');
  reviewer = await srv.session('reviewer');
  const org = async (name, kind, extra = {}) => (await admin.post('/api/orgs', { name, kind, city: '沈阳', ...extra })).json.id;
  ids.uni = await org('浏览器测试大学', 'university');
  ids.ent = await org('浏览器测试企业', 'enterprise');
  ids.ent2 = await org('浏览器测试企业二', 'enterprise');
  for (const [name, members, held] of [['辽宁省机器人产业技术创新战略联盟', [ids.ent, ids.ent2], '2023-04-01'],
    ['辽宁省新材料产学研协同创新联盟', [ids.ent], '2023-05-01'], ['辽宁省生物医药技术创新联盟', [ids.ent, ids.ent2], null]]) {
    const r = await reviewer.post('/api/alliances', { name, level: 'provincial', field: '智能制造', founded_on: '2018-01-01',
      lead_org_id: ids.uni, members: members.map((org_id) => ({ org_id })) });
    assert.equal(r.status, 201, r.text);
    if (held) assert.equal((await reviewer.post(`/api/alliances/${r.json.id}/activities`, { held_on: held, title: '技术对接会' })).status, 201);
    ids[name] = r.json.id;
  }
  for (const [name, services, district] of [['浑南知识产权服务中心', ['ip', 'finance'], '浑南区'], ['浑南检验检测中心', ['testing'], '浑南区'],
    ['大连科技金融服务中心', ['finance'], null]]) {
    const id = await org(name, 'agency', district ? { district } : { city: '大连' });
    const r = await reviewer.put(`/api/agencies/${id}`, { level: 'city', year: 2019, services, regions: ['沈阳'] });
    assert.equal(r.status, 200, r.text);
    ids[name] = id;
  }
});
after(async () => { await browser?.close(); await srv?.stop(); });

test('the public follows the substantive figure to the alliances it counts, then opens one (zh)', async () => {
  const page = await newPage(browser, { lang: 'zh' });
  await open(page, srv.base, '/alliances?year=2023');
  assert.equal(await page.textContent('h1'), '产学研联盟');
  const figure = Number(await page.textContent('#alliance-stats dd[data-k="substantive"]'));
  assert.equal(figure, 1); // three members from both sides and a 2023 activity: the robotics alliance only
  assert.equal(await page.textContent('#alliance-stats dd[data-k="memberships"]'), '8');
  await page.click('#alliance-stats dd[data-k="substantive"] a');
  await page.waitForFunction(() => location.search.includes('substantive=1'));
  await page.waitForFunction(() => document.querySelectorAll('#alliance-list .card').length === 1);
  assert.equal(await page.$$eval('#alliance-list .card', (els) => els.length), figure);
  await page.click('#alliance-list .card-title a');
  await page.waitForSelector('#member-table');
  assert.equal(await page.textContent('h1'), '辽宁省机器人产业技术创新战略联盟');
  assert.deepEqual(await page.$$eval('#member-table tbody tr td:first-of-type', (els) => els.map((e) => e.textContent)),
    ['牵头单位', '成员单位', '成员单位']);
  assert.match(await page.textContent('#activity-list'), /2023-04-01/);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('the public drills down from a service count to the agencies offering it (en, desktop and phone)', async () => {
  const page = await newPage(browser, { lang: 'en', width: 1366 });
  await open(page, srv.base, '/agencies');
  assert.equal(await page.textContent('h1'), 'Service agencies');
  const figure = Number(await page.textContent('#agency-counts li[data-service="finance"] .count'));
  assert.equal(figure, 2);
  await page.click('#agency-counts li[data-service="finance"] a');
  await page.waitForFunction(() => location.search.includes('service=finance'));
  await page.waitForFunction((n) => document.querySelectorAll('#agency-list .card').length === n, figure);
  assert.match(await page.textContent('#result-count'), /^2 agencies$/);
  await page.fill('#registry-filters input[name="district"]', '浑南区');
  await page.click('#registry-filters button[type="submit"]');
  await page.waitForFunction(() => document.querySelectorAll('#agency-list .card').length === 1);
  await page.click('#agency-list .card-title a');
  await page.waitForSelector('h1');
  await page.waitForFunction(() => document.querySelector('h1')?.textContent === '浑南知识产权服务中心');
  assert.match(await page.textContent('main'), /Enterprises served \(0\)/);
  await page.setViewportSize({ width: 390, height: 844 });
  await open(page, srv.base, '/agencies?service=finance');
  await page.waitForSelector('#agency-list');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
  assert.equal(overflow, false);
  await shot(page, 'agencies-en-phone');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

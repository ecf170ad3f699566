// dash_registries.test.mjs - the registries' indicators on /dashboard (issue
// #15), in a real browser, on the contracts demo seeder's certification
// lists plus platforms, alliances and agencies registered here. Each figure
// is clicked and must land on the records it counts, whose count equals the
// figure: a platform count by kind and level, a certified-enterprise count,
// the substantive alliances. Guards against figures computed one way and
// listed another (different filters, a year off, a capped list), and checks
// the 2023 growth rates the seeds quote (+55.6 % tech SMEs, +16.0 % high-tech,
// computed by the indicators from the lists) are what the table shows.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, open, shot } from './browser.mjs';
import { Server, cli } from '../api/lib.mjs';

let srv, browser, reviewer;
before(async () => {
  srv = await Server.start({
    setup: (db) => {
      for (const args of [['migrate', '--db', db], ['contract', 'seed', '--db', db, '--small']]) {
        const r = cli(args);
        if (r.code !== 0) throw new Error(`${args[0]}: ${r.stderr}`);
      }
    },
  });
  browser = await launch();
  reviewer = await srv.session('reviewer');
  for (const [name, kind, level, year] of [['沈阳材料重点实验室', 'key_lab', 'provincial', 2015], ['大连化工重点实验室', 'key_lab', 'provincial', 2021],
    ['辽宁镁合金重点实验室', 'key_lab', 'national', 2019], ['沈阳中试基地', 'pilot_base', 'provincial', 2023], ['未来重点实验室', 'key_lab', 'provincial', 2024]]) {
    const r = await reviewer.post('/api/platforms', { name, kind, level, year, city: '沈阳' });
    assert.equal(r.status, 201, r.text);
  }
  const uni = (await reviewer.get('/api/orgs?kind=university&limit=1')).json.items[0].id;
  const ent = (await reviewer.get('/api/orgs?kind=enterprise&limit=2')).json.items.map((o) => o.id);
  const a = await reviewer.post('/api/alliances', { name: '仪表盘测试联盟', level: 'city', founded_on: '2019-01-01', lead_org_id: uni,
    members: ent.map((org_id) => ({ org_id })) });
  assert.equal(a.status, 201, a.text);
  assert.equal((await reviewer.post(`/api/alliances/${a.json.id}/activities`, { held_on: '2023-09-09', title: '对接会' })).status, 201);
});
after(async () => { await browser?.close(); await srv?.stop(); });

const figure = async (page, sel) => Number((await page.textContent(sel)).replace(/[^\d]/g, ''));

test('each registry figure on the dashboard opens the records it counts (zh)', async () => {
  const page = await newPage(browser, { lang: 'zh', width: 1366 });
  await open(page, srv.base, '/dashboard?year=2023');
  await page.waitForSelector('#reg-platforms');
  // platforms: key labs at provincial level approved by 2023 (not the 2024 one)
  const cell = '#reg-platforms tr[data-kind="key_lab"] td[data-level="provincial"] a';
  const n = await figure(page, cell);
  assert.equal(n, 2);
  await page.click(cell);
  await page.waitForFunction(() => location.pathname === '/platforms' && document.querySelector('#platform-list'));
  assert.equal(await page.$$eval('#platform-list .card', (els) => els.length), n);
  assert.equal(await page.textContent("#result-count"), `共 ${n} 个平台`);

  // certified enterprises: the high-tech list of 2023 and its growth rate
  await open(page, srv.base, '/dashboard?year=2023');
  await page.waitForSelector('#reg-tiers');
  const ht = await figure(page, '#reg-tiers tr[data-tier="high_tech"] td[data-col="count"] a');
  assert.ok(ht > 0);
  const api = (await reviewer.get('/api/indicators/enterprises?from=2022&to=2023')).json.rows.find((r) => r.year === '2023');
  assert.equal(ht, api.high_tech);
  assert.equal(await page.textContent('#reg-tiers tr[data-tier="high_tech"] td[data-col="growth"]'), `+${api.yoy_pct.toFixed(1)} %`);
  assert.equal(await page.textContent('#reg-tiers tr[data-tier="tech_sme"] td[data-col="growth"]'), `+${api.tech_sme_yoy_pct.toFixed(1)} %`);
  await page.click('#reg-tiers tr[data-tier="high_tech"] td[data-col="count"] a');
  await page.waitForSelector('#cert-list');
  assert.equal(await page.textContent('#result-count'), `名单共 ${ht.toLocaleString('zh-CN')} 家企业`);
  const listed = await page.$$eval('#cert-list li', (els) => els.length);
  assert.equal(listed, Math.min(ht, 50)); // the first page of the list

  // alliances: the substantive figure opens exactly those alliances
  await open(page, srv.base, '/dashboard?year=2023');
  await page.waitForSelector('#reg-orgs');
  const sub = await figure(page, '#reg-orgs a[data-k="substantive"]');
  assert.equal(sub, 1);
  await page.click('#reg-orgs a[data-k="substantive"]');
  await page.waitForSelector('#alliance-list');
  assert.equal(await page.$$eval('#alliance-list .card', (els) => els.length), sub);
  await page.setViewportSize({ width: 390, height: 844 });
  await open(page, srv.base, '/dashboard?year=2023');
  await page.waitForSelector('#reg-tiers');
  await shot(page, 'dashboard-registries-zh-phone');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

// The registries panel follows the dashboard's region (it showed the
// province's figures whatever city was chosen): every platform registered
// above is in 沈阳, so 大连 shows none of them and 沈阳 all, and a city's
// certified-enterprise figure opens a list of that city's enterprises of
// the same length (the list is filtered by the same owner region).
test('the registry figures follow the chosen region, and a city figure opens that city\'s records (en)', async () => {
  const page = await newPage(browser, { lang: 'en', width: 1366 });
  const cell = '#reg-platforms tr[data-kind="key_lab"] td[data-level="provincial"]';
  await open(page, srv.base, '/dashboard?year=2023&region=210200');
  await page.waitForSelector('#reg-tiers');
  assert.match(await page.textContent('#h-reg'), /Dalian/);
  assert.equal((await page.$$(`${cell} a`)).length, 0);
  assert.equal((await page.$$('#reg-platforms tr[data-kind="key_lab"]')).length, 0);

  await open(page, srv.base, '/dashboard?year=2023&region=210100');
  await page.waitForSelector('#reg-platforms');
  assert.match(await page.textContent('#h-reg'), /Shenyang/);
  assert.equal(await figure(page, `${cell} a`), 2);
  assert.equal(new URL(await page.getAttribute(`${cell} a`, 'href'), srv.base).searchParams.get('city'), '沈阳');

  // certified enterprises: a city that has some of the province's high-tech list, not all
  const all = (await reviewer.get('/api/indicators/enterprises?from=2022&to=2023')).json.rows.find((r) => r.year === '2023');
  const cities = (await reviewer.get('/api/indicators/regions')).json.regions.filter((r) => r.level === 'city');
  let city, api;
  for (const c of cities) {
    const row = (await reviewer.get(`/api/indicators/enterprises?from=2022&to=2023&region=${c.code}`)).json.rows.find((r) => r.year === '2023');
    if (row.high_tech > 0 && row.high_tech < all.high_tech) { city = c; api = row; break; }
  }
  assert.ok(city, `no city holds part of the ${all.high_tech} high-tech enterprises`);
  await open(page, srv.base, `/dashboard?year=2023&region=${city.code}`);
  await page.waitForSelector('#reg-tiers');
  const ht = await figure(page, '#reg-tiers tr[data-tier="high_tech"] td[data-col="count"] a');
  assert.equal(ht, api.high_tech);
  await page.click('#reg-tiers tr[data-tier="high_tech"] td[data-col="count"] a');
  await page.waitForSelector('#cert-list');
  const total = (await reviewer.get(`/api/tiers/certifications?tier=high_tech&year=2023&region=${city.code}&limit=1`)).json.total;
  assert.equal(total, ht);
  assert.equal(await page.$$eval('#cert-list li', (els) => els.length), Math.min(ht, 50));
  assert.match(await page.textContent('#result-count'), new RegExp(`\\b${ht.toLocaleString('en')}\\b`));
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('an unknown region on the certification list is a 400 naming the field', async () => {
  const r = await reviewer.get('/api/tiers/certifications?region=atlantis');
  assert.equal(r.status, 400);
  assert.equal(r.json.field, 'region');
});

// orgs.test.mjs - organisation pages (issue #18): the name on a search result
// links to the organisation's page, which shows its key figures, published
// achievements and demands, instruments, hosted platforms and certifications;
// its own people see their drafts and items waiting for review. Chinese at
// 1366 px, English at 390 px; the directory; axe clean.
//
// Guards against: organisation names were plain text everywhere and there
// was no page for an organisation.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, sharedPage, open, shot, loginAs, seed, axeClean } from './browser.mjs';
import { Server } from '../api/lib.mjs';

let srv, browser, data;
before(async () => {
  srv = await Server.start();
  data = await seed(srv);
  browser = await launch();
  const allDays = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((x) => [x, '08:00-18:00']));
  const neu = data.orgs[0];
  assert.equal((await data.client.post('/api/instruments', { org_id: neu.id, name_zh: '机构页测试透射电镜', name_en: 'Org page test TEM', category: '电子显微镜',
    opening_hours: allDays, value: 900000, fee: { unit: 'hour', internal: 100, academic: 200, enterprise: 300 } })).status, 201);
  assert.equal((await data.client.post('/api/platforms', { name: '机构页测试重点实验室', name_en: 'Org page test key laboratory', kind: 'key_lab',
    level: 'provincial', year: 2021, hosts: [neu.id], city: '沈阳' })).status, 201);
});
after(async () => { await browser?.close(); await srv?.stop(); });

test('zh, 1366 px: from a search result to the organisation page, its listings, instruments and platforms', async () => {
  const page = await sharedPage(browser, { lang: 'zh', width: 1366, height: 900 });
  await page.context().clearCookies();
  await open(page, srv.base, `/search?q=${encodeURIComponent('镁合金')}`, { reload: true });
  const owner = page.locator('.result .owner').first();
  assert.equal(await owner.evaluate((e) => e.tagName), 'A', 'the organisation name is a link');
  assert.equal(await owner.getAttribute('href'), `/orgs/${data.orgs[0].id}`);
  await owner.click();
  await page.waitForSelector('.org-head h1');
  assert.equal(await page.textContent('.org-head h1'), '东北大学');
  assert.equal(await page.textContent('.org-head .subtitle'), 'Northeastern University');
  const figures = await page.locator('.org-figures .figure-num').allTextContents();
  assert.deepEqual(figures, ['2', '0', '1', '1', '0', '0']);
  assert.equal(await page.locator('#org-ach .result').count(), 2);
  assert.match(await page.textContent('#org-ins'), /机构页测试透射电镜/);
  assert.match(await page.textContent('#org-plat'), /机构页测试重点实验室/);
  assert.equal(await page.locator('#org-private').count(), 0, 'no private part for the public');
  assert.deepEqual(await axeClean(page), []);
  await shot(page, 'org-profile-zh');
  assert.deepEqual(page.errors, []);
});

test('en, 390 px: the directory, the English name, and the private part for a reviewer', async () => {
  const page = await sharedPage(browser, { lang: 'en', width: 390, height: 844 });
  await loginAs(page, srv, 'reviewer');
  await open(page, srv.base, '/orgs?kind=university');
  assert.match(await page.textContent('#result-count'), /^\d+ organisations$/);
  await page.click('#org-list a >> text=Dalian University of Technology');
  await page.waitForSelector('.org-head h1');
  assert.equal(await page.textContent('.org-head h1'), 'Dalian University of Technology');
  assert.equal(await page.getAttribute('.org-head .subtitle', 'lang'), 'zh-CN');
  assert.match(await page.textContent('#org-private'), /Achievement drafts: 0/);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `no horizontal scroll (${overflow} px)`);
  assert.deepEqual(await axeClean(page), []);
  await shot(page, 'org-profile-en-phone');
  assert.deepEqual(page.errors, []);
});

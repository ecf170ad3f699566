// alerts.test.mjs - issue #16, "Must hold: a user saves a search and sees a
// notification when a matching listing is published". Defect guarded: the
// API had subscriptions, notifications and feeds but the web had no page for
// any of them. A member saves the current search from the search page; a
// reviewer publishes a matching listing through the API; the member's bell
// counts it, the notifications page lists it in the page's language and marks
// it read; the subscriptions page shows the saved search with its Atom feed,
// the e-mail digest choice, and deletes it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { complete } from '../api/lib.mjs';
import { launch, sharedPage, open, shot, startServer, loginAs } from './browser.mjs';

let srv, data, browser, admin, reviewer;
before(async () => {
  ({ srv, data } = await startServer());
  browser = await launch();
  admin = await srv.session('admin');
  reviewer = await srv.session('reviewer');
});
after(async () => { await browser?.close(); await srv?.stop(); });

async function publishMatching(title_zh, title_en) {
  const a = await admin.post('/api/achievements', complete('achievements', { title_zh, title_en, field: '新能源',
    modes: ['licence'], owner_org_id: data.orgs[1].id, status: 'submitted' }));
  assert.equal(a.status, 201, a.text);
  const p = await reviewer.post(`/api/achievements/${a.json.id}/publish`);
  assert.equal(p.status, 200, p.text);
  return a.json.id;
}

test('a member saves a search, a matching listing is published, the bell and the list show it (zh)', async () => {
  const page = await sharedPage(browser, { lang: 'zh', width: 1366 });
  await loginAs(page, srv, 'member');
  assert.ok(await page.isHidden('#notif-count'), 'no unread notification yet');
  await open(page, srv.base, '/search?q=' + encodeURIComponent('固态电解质') + '&field=' + encodeURIComponent('新能源'));
  await page.waitForSelector('#result-count');
  assert.equal(await page.getAttribute('#search-feed', 'href'),
    '/api/feeds/achievements.atom?q=' + encodeURIComponent('固态电解质') + '&field=' + encodeURIComponent('新能源'));
  await page.click('#save-search');
  await page.waitForSelector('#save-search-msg a[href="/subscriptions"]');
  assert.ok(await page.isDisabled('#save-search'));

  const id = await publishMatching('固态电解质浏览器订阅测试', 'Solid electrolyte, browser subscription test');
  await publishMatching('无关的新能源成果', 'Unrelated energy result');   // no 固态电解质: no alert
  // The next page the member opens counts it.
  await open(page, srv.base, '/');
  await page.waitForFunction(() => document.getElementById('notif-count')?.textContent === '1');
  assert.equal(await page.getAttribute('#notif-link', 'aria-label'), '消息通知：1 条未读');
  await page.click('#notif-link');
  await page.waitForSelector('#notif-list');
  const items = page.locator('#notif-list li.notif');
  assert.equal(await items.count(), 1);
  assert.equal(await items.first().getAttribute('data-item'), `achievement:${id}`);
  assert.equal(await items.first().locator('a').textContent(), '新发布：“固态电解质浏览器订阅测试”（保存的搜索）');
  assert.equal(await items.first().locator('a').getAttribute('href'), `/achievements/${id}`);
  assert.equal(await page.textContent('#notif-unread'), '1 条未读');
  await shot(page, 'notifications-zh');
  await items.first().locator('.notif-mark').click();
  await page.waitForFunction(() => document.querySelector('#notif-list li.notif')?.classList.contains('notif-read'));
  assert.equal(await page.textContent('#notif-unread'), '0 条未读');
  await page.waitForFunction(() => document.getElementById('notif-count')?.hidden === true);
  assert.deepEqual(page.errors, []);
});

test('the subscriptions page: the saved search with its feed, the digest, delete (en)', async () => {
  const page = await sharedPage(browser, { lang: 'en', width: 1366 });
  await loginAs(page, srv, 'member');
  await open(page, srv.base, '/notifications');
  await page.waitForSelector('#notif-list');
  assert.equal(await page.locator('#notif-list li.notif a').first().textContent(),
    'Newly published: "固态电解质浏览器订阅测试" (a saved search)');
  await page.click('#tab-subscriptions');
  await page.waitForSelector('#sub-list');
  assert.equal(await page.textContent('h1'), 'My subscriptions');
  const sub = page.locator('#sub-list li.sub');
  assert.equal(await sub.count(), 1);
  assert.equal(await sub.locator('.sub-desc').textContent(), 'New achievements: “固态电解质” · New energy');
  const feed = await sub.locator('a.feed-link').getAttribute('href');
  assert.match(feed, /^\/api\/feeds\/achievements\.atom\?/);
  const atom = await (await fetch(srv.base + feed)).text();
  assert.ok(atom.includes('固态电解质浏览器订阅测试'), 'the saved search\'s feed has the listing');
  assert.ok(!atom.includes('无关的新能源成果'));
  // E-mail digest: weekly, saved for the account.
  await page.selectOption('#digest', 'weekly');
  await page.click('#digest-save');
  await page.waitForFunction(() => /Saved: a weekly digest/.test(document.getElementById('sub-msg').textContent));
  assert.equal((await (await srv.session('member')).get('/api/mail')).json.digest, 'weekly');
  await shot(page, 'subscriptions-en');
  await sub.locator('.sub-delete').click();
  await page.waitForFunction(() => !document.querySelector('#sub-list li.sub'));
  assert.deepEqual((await (await srv.session('member')).get('/api/subscriptions')).json.items, []);
  assert.deepEqual(page.errors, []);
});

test('on a phone the notifications page fits; anonymous visitors are asked to log in', async () => {
  const page = await sharedPage(browser, { lang: 'zh', width: 390, height: 844 });
  await loginAs(page, srv, 'member');
  await open(page, srv.base, '/notifications');
  await page.waitForSelector('#notif-list');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `horizontal overflow ${overflow}px`);
  await page.context().clearCookies();
  await open(page, srv.base, '/subscriptions', { reload: true });
  await page.waitForSelector('main a[href^="/login"]');
  assert.ok(await page.isHidden('#notif-link'));
  assert.deepEqual(page.errors, []);
});

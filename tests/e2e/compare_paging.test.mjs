// compare_paging.test.mjs - issue #18, what was left of compare and search
// paging: demands are compared side by side too (two to four), an
// achievement and a demand together are refused with a clear message and a
// way on; the search page has numbered pages and jump-to-page, keeping the
// filters in the URL, and a page past the end leads back. Both languages,
// 1366 px and 390 px, axe clean on every new or changed page.
//
// Guards against: compare took achievements only (a demand could not be
// picked, /compare?kind=demand showed achievements' 404s); the search page
// had only previous/next ("page 1 of 8"), no way to reach page 7 but six clicks.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { launch, sharedPage, open, shot, loginAs, startServer, axeClean, shownDate } from './browser.mjs';
import { complete } from '../api/lib.mjs';

const PAGED = 75; // listings made for paging: 8 pages of 10
let srv, browser, data;
before(async () => {
  ({ srv, data } = await startServer());
  browser = await launch();
  for (let i = 1; i <= PAGED; i++) {
    const r = await data.client.post('/api/achievements', complete('achievements', {
      title_zh: `翻页测试成果${String(i).padStart(2, '0')}`, title_en: `Paging test achievement ${i}`,
      abstract_zh: '用于检验检索结果翻页的成果。', trl: 5, modes: ['transfer'], price: 100000 + i,
      owner_org_id: data.orgs[i % 3].id, status: 'published' }));
    assert.equal(r.status, 201, r.text);
  }
});
after(async () => { await browser?.close(); await srv?.stop(); });

const query = (page) => new URL(page.url()).searchParams;
const noOverflow = async (page) => {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `no page-wide horizontal scroll (${overflow} px)`);
};

test('zh, 1366 px: two demands compared side by side; an achievement with a demand is refused, with a way on', async () => {
  const page = await sharedPage(browser, { lang: 'zh', width: 1366, height: 900 });
  await loginAs(page, srv, 'member');
  const [d1, d2] = data.demands;
  const a = data.achievements[0];
  for (const path of [`/demands/${d1.id}`, `/demands/${d2.id}`, `/achievements/${a.id}`]) {
    await open(page, srv.base, path);
    await page.click('#save-btn');
    await page.waitForSelector('#save-btn[aria-pressed="true"]');
  }
  await open(page, srv.base, '/favourites');
  // a mixed pick: the button stays off and says why
  await page.check(`input.compare-pick[value="achievement:${a.id}"]`);
  await page.check(`input.compare-pick[value="demand:${d1.id}"]`);
  assert.equal(await page.getAttribute('#compare-btn', 'aria-disabled'), 'true');
  assert.equal(await page.textContent('#compare-hint'), '成果与需求不能相互对比：请勾选同一类信息。');
  assert.deepEqual(await axeClean(page), []);
  // two demands: on
  await page.uncheck(`input.compare-pick[value="achievement:${a.id}"]`);
  await page.check(`input.compare-pick[value="demand:${d2.id}"]`);
  assert.equal(await page.getAttribute('#compare-btn', 'aria-disabled'), 'false');
  // the list is newest first: d2 was saved after d1
  assert.equal(await page.getAttribute('#compare-btn', 'href'), `/compare?kind=demand&ids=${d2.id},${d1.id}`);
  await page.click('#compare-btn');
  await page.waitForSelector('#compare-table[data-kind="demand"]');
  assert.equal(await page.textContent('main h1'), '需求对比');
  assert.deepEqual(await page.locator('#compare-table thead th a').allTextContents(), [d2.title_zh, d1.title_zh]);
  const budget = await page.locator('#compare-table tbody tr', { hasText: '预算' }).locator('td').allTextContents();
  assert.equal(budget.length, 2);
  assert.ok(budget.every((x) => /万元/.test(x)), JSON.stringify(budget));
  const deadline = await page.locator('#compare-table tbody tr', { hasText: '截止' }).locator('td').allTextContents();
  assert.deepEqual(deadline, [shownDate('zh', d2.deadline), shownDate('zh', d1.deadline)]);
  assert.deepEqual(await axeClean(page), []);
  await shot(page, 'compare-demands-zh');
  // a URL with both kinds: refused, with links to compare each kind
  await open(page, srv.base, `/compare?ids=achievement:${a.id},demand:${d1.id},demand:${d2.id}`);
  await page.waitForSelector('#compare-mixed');
  assert.match(await page.textContent('#compare-mixed'), /成果与需求不能并列对比/);
  assert.equal(await page.locator('#compare-table').count(), 0);
  assert.equal(await page.locator('#compare-mixed a', { hasText: '对比其中的成果' }).count(), 0, 'one achievement: nothing to compare');
  assert.deepEqual(await axeClean(page), []);
  await page.click('#compare-mixed a:has-text("对比其中的需求")');
  await page.waitForSelector('#compare-table[data-kind="demand"]');
  assert.equal(await page.locator('#compare-table thead th a').count(), 2);
  assert.deepEqual(page.errors, []);
});

test('en, 390 px: demands compared on a phone scroll inside the table; mixed kinds refused in English', async () => {
  const page = await sharedPage(browser, { lang: 'en', width: 390, height: 844 });
  await loginAs(page, srv, 'member');
  const ids = data.demands.slice(0, 3).map((d) => d.id);
  await open(page, srv.base, `/compare?kind=demand&ids=${ids.join(',')}`);
  await page.waitForSelector('#compare-table[data-kind="demand"]');
  assert.equal(await page.textContent('main h1'), 'Compare demands');
  assert.deepEqual(await page.locator('#compare-table thead th a').allTextContents(), data.demands.slice(0, 3).map((d) => d.title_en));
  assert.equal(await page.locator('#compare-table tbody tr', { hasText: 'Budget' }).count(), 1);
  await noOverflow(page);
  assert.deepEqual(await axeClean(page), []);
  await open(page, srv.base, `/compare?ids=demand:${ids[0]},achievement:${data.achievements[0].id},achievement:${data.achievements[1].id}`);
  await page.waitForSelector('#compare-mixed');
  assert.match(await page.textContent('#compare-mixed'), /An achievement and a demand cannot be compared side by side/);
  assert.equal(await page.getAttribute('#compare-mixed a:has-text("Compare the achievements")', 'href'),
    `/compare?ids=${data.achievements[0].id},${data.achievements[1].id}`);
  await noOverflow(page);
  assert.deepEqual(await axeClean(page), []);
  await shot(page, 'compare-demands-en-phone');
  assert.deepEqual(page.errors, []);
});

test('zh, 1366 px: numbered pages and jump-to-page keep the filters; a page past the end leads back', async () => {
  const page = await sharedPage(browser, { lang: 'zh', width: 1366, height: 900 });
  const q = '翻页测试';
  await open(page, srv.base, `/search?q=${encodeURIComponent(q)}&sort=title`);
  await page.waitForSelector('nav.pager');
  const labels = async () => page.locator('nav.pager .pager-pages li').allTextContents();
  assert.deepEqual(await labels(), ['1', '2', '3', '…', '8']);
  assert.equal(await page.textContent('nav.pager a[aria-current="page"]'), '1');
  await page.click('nav.pager a[aria-label="第 3 页"]');
  await page.waitForSelector('nav.pager a[aria-current="page"][aria-label="第 3 页"]');
  assert.deepEqual(await labels(), ['1', '2', '3', '4', '5', '…', '8']);
  assert.equal(query(page).get('offset'), '20');
  assert.equal(query(page).get('q'), q);
  assert.equal(query(page).get('sort'), 'title');
  // sorted by title: page 3 starts with the 21st
  assert.equal(await page.locator('.result .card-title a').first().textContent(), '翻页测试成果21');
  // jump: a page out of range is refused in place, saying the range
  await page.fill('#pager-jump input', '99');
  await page.click('#pager-jump button');
  assert.equal(await page.textContent('#pager-jump .field-error'), '请输入 1 至 8 之间的页码。');
  assert.equal(await page.getAttribute('#pager-jump input', 'aria-invalid'), 'true');
  assert.equal(query(page).get('offset'), '20', 'nothing happened');
  await page.fill('#pager-jump input', '7');
  await page.press('#pager-jump input', 'Enter');
  await page.waitForSelector('nav.pager a[aria-current="page"][aria-label="第 7 页"]');
  assert.equal(query(page).get('offset'), '60');
  assert.equal(query(page).get('q'), q);
  assert.equal(query(page).get('sort'), 'title');
  assert.deepEqual(await labels(), ['1', '…', '5', '6', '7', '8']);
  assert.equal(await page.locator('.result .card-title a').first().textContent(), '翻页测试成果61');
  assert.deepEqual(await axeClean(page), []);
  await shot(page, 'search-pages-zh');
  // past the end (an old bookmark): a way back to the last page, filters kept
  await open(page, srv.base, `/search?q=${encodeURIComponent(q)}&sort=title&offset=999990`);
  await page.waitForSelector('#past-end');
  await page.click(`#past-end a:has-text("最后一页")`);
  await page.waitForSelector('nav.pager a[aria-current="page"][aria-label="第 8 页"]');
  assert.equal(query(page).get('offset'), '70');
  assert.equal(query(page).get('sort'), 'title');
  assert.equal(await page.locator('.result').count(), 5);
  assert.deepEqual(page.errors, []);
});

test('en, 390 px: the page numbers and the jump box fit a phone and work', async () => {
  const page = await sharedPage(browser, { lang: 'en', width: 390, height: 844 });
  await open(page, srv.base, `/search?q=${encodeURIComponent('翻页测试')}&sort=title&offset=30`);
  await page.waitForSelector('nav.pager a[aria-current="page"][aria-label="Page 4"]');
  assert.deepEqual(await page.locator('nav.pager .pager-pages li').allTextContents(), ['1', '2', '3', '4', '5', '6', '…', '8']);
  await noOverflow(page);
  await page.fill('#pager-jump input', '0');
  await page.click('#pager-jump button');
  assert.equal(await page.textContent('#pager-jump .field-error'), 'Enter a page from 1 to 8.');
  await page.fill('#pager-jump input', '2');
  await page.click('#pager-jump button');
  await page.waitForSelector('nav.pager a[aria-current="page"][aria-label="Page 2"]');
  assert.equal(query(page).get('offset'), '10');
  assert.equal(query(page).get('sort'), 'title');
  assert.deepEqual(await axeClean(page), []);
  await shot(page, 'search-pages-en-phone');
  assert.deepEqual(page.errors, []);
});

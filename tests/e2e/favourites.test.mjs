// favourites.test.mjs - saved listings and compare (issue #18): a member
// saves achievements from their detail pages, picks three on /favourites and
// compares them side by side (zh, 1366 px); in English on a phone the compare
// table scrolls inside itself (no page-wide horizontal scroll); axe clean.
//
// Guards against: there was no way to keep a shortlist or to compare
// listings side by side.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { launch, sharedPage, open, shot, loginAs, startServer, axeClean } from './browser.mjs';

let srv, browser, data;
before(async () => {
  ({ srv, data } = await startServer());
  browser = await launch();
});
after(async () => { await browser?.close(); await srv?.stop(); });

test('zh, 1366 px: save three achievements and a demand, compare the three side by side', async () => {
  const page = await sharedPage(browser, { lang: 'zh', width: 1366, height: 900 });
  await loginAs(page, srv, 'member');
  const picks = data.achievements.slice(0, 3);
  for (const a of picks) {
    await open(page, srv.base, `/achievements/${a.id}`);
    await page.click('#save-btn');
    await page.waitForSelector('#save-btn[aria-pressed="true"]');
  }
  await open(page, srv.base, `/demands/${data.demands[0].id}`);
  await page.click('#save-btn');
  await page.waitForSelector('#save-btn[aria-pressed="true"]');
  await open(page, srv.base, '/favourites');
  assert.equal(await page.locator('#fav-ach .result').count(), 3);
  assert.equal(await page.locator('#fav-dem .result').count(), 1);
  assert.equal(await page.getAttribute('#compare-btn', 'aria-disabled'), 'true');
  for (const a of picks) await page.check(`input.compare-pick[value="achievement:${a.id}"]`);
  assert.equal(await page.getAttribute('#compare-btn', 'aria-disabled'), 'false');
  assert.deepEqual(await axeClean(page), []);
  await page.click('#compare-btn');
  await page.waitForSelector('#compare-table');
  const heads = await page.locator('#compare-table thead th a').allTextContents();
  assert.deepEqual([...heads].sort(), picks.map((a) => a.title_zh).sort());
  const price = { 高强度镁合金板材轧制技术: '120万元', 工业机器人视觉引导装配系统: '350万元', 钢铁冶炼余热高效回收技术: '面议' };
  const priceRow = await page.locator('#compare-table tbody tr', { hasText: '价格' }).locator('td').allTextContents();
  assert.deepEqual(priceRow, heads.map((x) => price[x]));
  assert.deepEqual(await axeClean(page), []);
  await shot(page, 'compare-zh');
  // remove one from the list
  await open(page, srv.base, '/favourites');
  await page.locator('#fav-dem button[data-action="unsave"]').click();
  await page.waitForFunction(() => !document.querySelector('#fav-dem .result'));
  assert.deepEqual(page.errors, []);
});

test('en, 390 px: compare on a phone scrolls inside the table, not the page', async () => {
  const page = await sharedPage(browser, { lang: 'en', width: 390, height: 844 });
  await loginAs(page, srv, 'member');
  const ids = data.achievements.slice(0, 4).map((a) => a.id);
  await open(page, srv.base, `/compare?ids=${ids.join(',')}`);
  await page.waitForSelector('#compare-table');
  assert.equal(await page.locator('#compare-table thead th a').count(), 4);
  assert.match(await page.textContent('#compare-table'), /High-strength magnesium alloy sheet rolling/);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `no page-wide horizontal scroll (${overflow} px)`);
  assert.deepEqual(await axeClean(page), []);
  await open(page, srv.base, `/compare?ids=${ids[0]}`);
  assert.match(await page.textContent('main .state-error'), /two to four/);
  await shot(page, 'compare-en-phone');
  assert.deepEqual(page.errors, []);
});

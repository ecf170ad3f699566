// admin_pages.test.mjs - contract, user and audit pages for the roles that
// may use them (issue #18: "today they exist only in the API/CLI"). On the
// small demo province: the reviewer reads every contract (zh, 1366 px), the
// admin the users and the audit log (en, 390 px, labelled rows, no page-wide
// scrolling); a member sees only their organisation's contracts and no
// audit link; axe clean.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, sharedPage, open, shot, loginAs, axeClean } from './browser.mjs';
import { Server } from '../api/lib.mjs';

let srv, browser, admin;
before(async () => {
  srv = await Server.start({ demo: true });
  browser = await launch();
  admin = await srv.session('admin');
});
after(async () => { await browser?.close(); await srv?.stop(); });

test('zh, 1366 px: the reviewer reads every contract, filters by registration number, gets the CSV', async () => {
  const all = (await admin.get('/api/contracts?limit=1')).json;
  const page = await sharedPage(browser, { lang: 'zh', width: 1366, height: 900 });
  await loginAs(page, srv, 'reviewer');
  assert.equal(await page.isVisible('#nav-contracts'), true);
  assert.equal(await page.isVisible('#nav-audit'), false, 'the audit log is the admin\'s');
  await page.click('#nav-contracts');
  await page.waitForSelector('#contracts-table');
  assert.equal(await page.textContent('#result-count'), `共 ${all.total.toLocaleString('zh-CN')} 条`);
  const reg = all.items[0].reg_no;
  await page.fill('.admin-filter input[name="q"]', reg);
  await page.click('.admin-filter button[type="submit"]');
  await page.waitForFunction(() => document.querySelectorAll('#contracts-table tbody tr').length === 1);
  assert.match(await page.textContent('#contracts-table tbody tr'), new RegExp(reg));
  const csv = await page.request.get(srv.base + await page.getAttribute('a[download]', 'href'));
  assert.equal(csv.status(), 200);
  assert.deepEqual(await axeClean(page), []);
  await shot(page, 'contracts-zh');
  assert.deepEqual(page.errors, []);
});

test('en, 390 px: the admin lists users and the audit log; a member sees own contracts only', async () => {
  const page = await sharedPage(browser, { lang: 'en', width: 390, height: 844 });
  await loginAs(page, srv, 'admin');
  await open(page, srv.base, '/users?role=reviewer');
  await page.waitForSelector('#users-table');
  assert.match(await page.textContent('#users-table tbody'), /reviewer@demo\.techbridge\.cn/);
  assert.deepEqual(await axeClean(page), []);
  await open(page, srv.base, '/audit');
  await page.waitForSelector('#audit-table');
  assert.ok(await page.locator('#audit-table tbody tr').count() > 0);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `no page-wide horizontal scroll (${overflow} px)`);
  assert.deepEqual(await axeClean(page), []);
  await shot(page, 'audit-en-phone');
  await loginAs(page, srv, 'member');
  assert.equal(await page.isVisible('#nav-audit'), false);
  await open(page, srv.base, '/audit');
  assert.equal(await page.textContent('main [role="alert"]'), 'Your role cannot use this page.');
  await open(page, srv.base, '/contracts');
  await page.waitForSelector('#result-count');
  assert.match(await page.textContent('main .hint'), /Your organisation's/);
  assert.deepEqual(page.errors, []);
});

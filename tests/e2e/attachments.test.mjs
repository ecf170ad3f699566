// attachments.test.mjs - files on a detail page (issue #18): the owner's
// member uploads a PDF and an image (thumbnail) from the detail page; a
// renamed executable is refused with the reason in the page's language; the
// public sees the list and download links but no upload form. Chinese at
// 1366 px, English at 390 px, axe clean.
//
// Guards against: listings had no attachments in the UI, and a refused file
// must say why without raw English on the Chinese page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { launch, sharedPage, open, shot, loginAs, axeClean } from './browser.mjs';
import { Server, ROOT, complete } from '../api/lib.mjs';

const FIX = join(ROOT, 'tests/fixtures/attachments');
let srv, browser, admin, member, ach;
before(async () => {
  srv = await Server.start();
  browser = await launch();
  admin = await srv.session('admin');
  member = await srv.session('member');
  const r = await admin.post('/api/achievements', complete('achievements', { title_zh: '附件页面测试成果', title_en: 'Attachment page test achievement',
    trl: 6, modes: ['transfer'], price: 500000, owner_org_id: member.user.org_id, status: 'published' }));
  assert.equal(r.status, 201, r.text);
  ach = r.json.id;
});
after(async () => { await browser?.close(); await srv?.stop(); });

test('zh, 1366 px: the owner uploads a PDF and an image; a renamed executable is refused, said in Chinese', async () => {
  const page = await sharedPage(browser, { lang: 'zh', width: 1366, height: 900 });
  await loginAs(page, srv, 'member');
  await open(page, srv.base, `/achievements/${ach}`);
  await page.waitForSelector('#attachments-body .hint');
  assert.equal(await page.textContent('#attachments-body'), '暂无附件。');
  await page.setInputFiles('#attach-file', join(FIX, 'certificate.pdf'));
  await page.click('button[data-action="upload"]');
  await page.waitForSelector('.attachment a >> text=certificate.pdf');
  assert.match(await page.textContent('.attachment'), /PDF · 约 1 KB/);
  await page.setInputFiles('#attach-file', join(FIX, 'photo.png'));
  await page.click('button[data-action="upload"]');
  // The element appears before its image has arrived: wait for the load (or
  // its failure) to finish, then check the picture (a loaded machine read
  // img.complete too early and failed here).
  await page.waitForFunction(() => { const i = document.querySelector('.attachment img.thumb'); return i && i.complete; });
  assert.equal(await page.$eval('.attachment img.thumb', (img) => img.naturalWidth), 4, 'the thumbnail loads');
  // A Windows executable renamed to a PDF.
  await page.setInputFiles('#attach-file', { name: 'setup.pdf', mimeType: 'application/pdf', buffer: readFileSync(join(FIX, 'setup.exe.pdf')) });
  await page.click('button[data-action="upload"]');
  await page.waitForSelector('#attach-error:not([hidden])');
  const msg = await page.textContent('#attach-error');
  assert.match(msg, /该文件未被接受：文件实际内容为 application\/vnd\.microsoft\.portable-executable/);
  assert.equal(await page.locator('.attachment').count(), 2);
  assert.deepEqual(await axeClean(page), []);
  await shot(page, 'attachments-zh');
  // Delete one, by keyboard.
  await page.focus('.attachment:first-child button[data-action="delete-attachment"]');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelectorAll('.attachment').length === 1);
  assert.deepEqual(page.errors, []);
});

test('en, 390 px: the public sees the files and download links, no upload form', async () => {
  const page = await sharedPage(browser, { lang: 'en', width: 390, height: 844 });
  await page.context().clearCookies();
  await open(page, srv.base, `/achievements/${ach}`, { reload: true });
  await page.waitForSelector('.attachment a');
  assert.equal(await page.locator('.attach-form').count(), 0);
  const href = await page.getAttribute('.attachment a', 'href');
  assert.match(href, /^\/api\/attachments\/\d+$/);
  const res = await page.request.get(srv.base + href);
  assert.equal(res.status(), 200);
  assert.match(res.headers()['content-disposition'], /^attachment; filename="photo\.png"/);
  assert.equal(await page.textContent('#h-attach'), 'Attachments');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `no horizontal scroll (${overflow} px)`);
  assert.deepEqual(await axeClean(page), []);
  await shot(page, 'attachments-en-phone');
  assert.deepEqual(page.errors, []);
});

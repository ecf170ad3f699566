// revision.test.mjs - an owner's edit of a published achievement through the
// web form goes to review (issue #10, item 4: it used to go live at once):
// the owner is told so, the public page keeps the published text, the
// reviewer accepts it from the review queue's "edits" tab, then it is public.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, sharedPage, open, shot, startServer, loginAs } from './browser.mjs';

let srv, browser;
before(async () => {
  ({ srv } = await startServer());
  browser = await launch();
});
after(async () => { await browser?.close(); await srv?.stop(); });

test('an edit of a published achievement waits in the review queue until accepted', async () => {
  const admin = await srv.session('admin');
  const member = await srv.session('member');
  const made = await admin.post('/api/achievements', { title_zh: '网页修订测试成果', abstract_zh: '已发布的摘要。', trl: 5,
    modes: ['transfer'], owner_org_id: member.user.org_id, status: 'published' });
  assert.equal(made.status, 201, made.text);
  const id = made.json.id;

  const page = await sharedPage(browser, { lang: 'zh' });
  await loginAs(page, srv, 'member');
  await open(page, srv.base, `/achievements/${id}/edit`);
  await page.fill('textarea[name="abstract_zh"]', '修改后等待审核的摘要。');
  await page.click('#btn-draft');
  await page.waitForSelector('#saved-notice');
  assert.match(page.url(), new RegExp(`/achievements/${id}\\?saved=revision$`));
  assert.match(await page.locator('#saved-notice').textContent(), /审核/);
  const pub = await srv.client().get(`/api/achievements/${id}`);
  assert.equal(pub.json.abstract_zh, '已发布的摘要。');

  await loginAs(page, srv, 'reviewer');
  await open(page, srv.base, '/review?kind=revisions');
  const item = page.locator(`.revision-item[data-id="${id}"]`);
  await item.waitFor();
  assert.match(await item.textContent(), /修改后等待审核的摘要/);
  await shot(page, 'review-revisions-zh');
  await item.locator('button[data-action="accept"]').click();
  await page.locator('#review-status').filter({ hasText: '已接受修改' }).waitFor({ state: 'attached' });
  const after = await srv.client().get(`/api/achievements/${id}`);
  assert.equal(after.json.abstract_zh, '修改后等待审核的摘要。');
});

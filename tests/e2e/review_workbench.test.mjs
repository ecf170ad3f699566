// review_workbench.test.mjs - the reviewer's workbench (issue #18): several
// submitted items selected and published (or returned with one reason)
// together, the result naming each item done or failed with why; an item's
// history unfolded in the queue. Chinese at 1366 px, English at 390 px, axe
// clean in both.
//
// Guards against: the queue decided one item at a time (a reviewer with 300
// waiting clicked 600 times), a batch with one stale item lost or hid the
// others' outcome, and the review view had no history of an item.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, sharedPage, open, shot, loginAs, axeClean } from './browser.mjs';
import { Server, complete } from '../api/lib.mjs';

let srv, browser, admin, member;
before(async () => {
  srv = await Server.start();
  browser = await launch();
  admin = await srv.session('admin');
  member = await srv.session('member');
});
after(async () => { await browser?.close(); await srv?.stop(); });

async function submitted(kind, title) {
  const body = kind === 'achievements'
    ? { title_zh: title, trl: 5, modes: ['transfer'], price: 100000, owner_org_id: member.user.org_id, status: 'draft' }
    : { title_zh: title, budget_max: 500000, org_id: member.user.org_id, status: 'draft' };
  const r = await admin.post(`/api/${kind}`, complete(kind, body));
  assert.equal(r.status, 201, r.text);
  assert.equal((await member.post(`/api/${kind}/${r.json.id}/submit`)).status, 200);
  return r.json.id;
}

test('zh, 1366 px: select three, one went stale meanwhile; two are published, the third is listed as failed', async () => {
  const ids = [await submitted('achievements', '批量发布测试甲'), await submitted('achievements', '批量发布测试乙'),
    await submitted('achievements', '批量发布测试丙')];
  const page = await sharedPage(browser, { lang: 'zh', width: 1366, height: 900 });
  await loginAs(page, srv, 'reviewer');
  await open(page, srv.base, `/review?q=${encodeURIComponent('批量发布测试')}`);
  assert.equal(await page.locator('.review-item').count(), 3);
  assert.ok(await page.locator('button[data-action="batch-publish"]').isDisabled(), 'nothing selected: disabled');
  await page.check('.batch-bar .select-item input');          // select all on this page
  assert.equal(await page.locator('input.batch-select:checked').count(), 3);
  assert.match(await page.textContent('.batch-count'), /已选 3 项/);
  // Another reviewer returns one after this page was loaded.
  assert.equal((await admin.post(`/api/achievements/${ids[1]}/return`, { reason: '另一位审核员已退回' })).status, 200);
  assert.deepEqual(await axeClean(page), []);
  await page.click('button[data-action="batch-publish"]');
  await page.waitForSelector('#batch-result .batch-lines');
  assert.match(await page.textContent('#batch-result'), /完成 2 项，失败 1 项/);
  assert.match(await page.locator('.batch-failed').textContent(), /批量发布测试乙/);
  assert.doesNotMatch(await page.textContent('#batch-result'), /[a-z]{4,}/, 'no raw English on the Chinese page');
  assert.equal(await page.locator('.review-item .state-ok').count(), 2);
  for (const [i, want] of [[0, 'published'], [1, 'draft'], [2, 'published']])
    assert.equal((await admin.get(`/api/achievements/${ids[i]}`)).json.status, want);
  await shot(page, 'review-batch-zh');
  // The failed one is still there with its history: submitted, then returned.
  const item = page.locator(`.review-item[data-id="${ids[1]}"]`);
  await item.locator('details.history summary').click();
  await item.locator('.history-list').first().waitFor();
  const hist = await item.locator('.history').textContent();
  assert.match(hist, /提交审核/);
  assert.match(hist, /退回/);
  assert.deepEqual(page.errors, []);
});

test('en, 390 px: return two demands with one reason (required), keyboard only', async () => {
  const ids = [await submitted('demands', '批量退回测试一'), await submitted('demands', '批量退回测试二')];
  const page = await sharedPage(browser, { lang: 'en', width: 390, height: 844 });
  await loginAs(page, srv, 'reviewer');
  await open(page, srv.base, `/review?kind=demands&q=${encodeURIComponent('批量退回测试')}`);
  assert.equal(await page.locator('.review-item').count(), 2);
  for (const id of ids) {
    await page.focus(`input.batch-select[value="${id}"]`);
    await page.keyboard.press('Space');
  }
  assert.match(await page.textContent('.batch-count'), /2 selected/);
  await page.focus('button[data-action="batch-return"]');
  await page.keyboard.press('Enter');
  assert.ok(await page.evaluate(() => document.activeElement?.name === 'reason'), 'focus moves to the reason');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');                          // submit with no reason
  await page.locator('.batch-return .field-error:not([hidden])').waitFor();
  assert.match(await page.locator('.batch-return .field-error:not([hidden])').textContent(), /reason/i);
  await page.fill('.batch-return textarea[name="reason"]', 'Please add the expected budget split');
  await page.click('button[data-action="batch-confirm-return"]');
  await page.waitForSelector('#batch-result .batch-lines');
  assert.match(await page.textContent('#batch-result'), /Done: 2; failed: 0/);
  for (const id of ids) {
    const d = (await admin.get(`/api/demands/${id}`)).json;
    assert.equal(d.status, 'draft');
    assert.equal(d.review_note, 'Please add the expected budget split');
  }
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `no horizontal scroll (${overflow} px)`);
  await shot(page, 'review-batch-en-phone');
  assert.deepEqual(await axeClean(page), []);
  assert.deepEqual(page.errors, []);
});

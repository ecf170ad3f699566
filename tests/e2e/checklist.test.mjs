// checklist.test.mjs - the live quality checklist on the publish form (issue
// #16, "Must hold": an author sees the checklist and fixes a listing until it
// can be submitted). Defect guarded: the checklist appeared only after a
// refused submit, so the author learned what was missing one refusal at a
// time. Here it follows the typing (debounced: a burst of keystrokes is one
// request), item by item, in both languages, and nothing is written until
// the author submits.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { READY_ABSTRACT } from '../api/lib.mjs';
import { launch, sharedPage, open, shot, startServer, loginAs } from './browser.mjs';

let srv, browser;
before(async () => {
  ({ srv } = await startServer());
  browser = await launch();
});
after(async () => { await browser?.close(); await srv?.stop(); });

const missing = (page) => page.$$eval('#qc-items li.qc-missing', (els) => els.map((e) => e.dataset.code));
const isOk = (page, code) => page.waitForSelector(`#qc-items li.qc-ok[data-code="${code}"]`);

test('an author fixes an achievement item by item as they type, then submits (zh)', async () => {
  const page = await sharedPage(browser, { lang: 'zh' });
  await loginAs(page, srv, 'member');
  const writes = [], quality = [];
  const onReq = (r) => {
    const u = new URL(r.url());
    if (r.method() !== 'POST') return;
    if (u.pathname === '/api/achievements/quality') quality.push(u.pathname);
    else if (u.pathname.startsWith('/api/achievements')) writes.push(u.pathname);
  };
  page.on('request', onReq);
  try {
    await open(page, srv.base, '/publish');
    await page.waitForSelector('#quality-checklist[data-score]');
    assert.equal(await page.textContent('#qc-h'), '质量检查清单');
    assert.equal(await page.getAttribute('#quality-checklist', 'data-ready'), 'false');
    assert.deepEqual(await missing(page), ['title', 'field', 'abstract_length', 'abstract_structure', 'benefit_numbers',
      'route_to_market', 'trl_evidence', 'keywords', 'contact']);
    assert.equal(await page.textContent('#qc-state'), '尚不能提交：请补全标 ✗ 的项目');

    // A burst of keystrokes: one request after the pause, not one per key.
    const before = quality.length;
    await page.locator('input[name="title_zh"]').pressSequentially('钠离子电池正极材料', { delay: 30 });
    await isOk(page, 'title');
    assert.ok(quality.length - before <= 2, `${quality.length - before} requests for 9 keystrokes`);

    await page.fill('input[name="field"]', '新能源');
    await isOk(page, 'field');
    await page.fill('textarea[name="abstract_zh"]', READY_ABSTRACT);
    await isOk(page, 'benefit_numbers');
    assert.deepEqual(await missing(page), ['trl_evidence', 'keywords', 'contact']);
    await page.selectOption('select[name="trl"]', '5');
    await isOk(page, 'trl_evidence');
    await page.fill('input[name="keywords"]', '钠离子电池，正极材料，储能');
    await isOk(page, 'keywords');
    assert.deepEqual(await missing(page), ['contact']);
    assert.equal(await page.getAttribute('#quality-checklist', 'data-ready'), 'false');
    await page.fill('input[name="contact.name"]', '王工');
    await page.fill('input[name="contact.email"]', 'wang@example.cn');
    await page.waitForSelector('#quality-checklist[data-ready="true"]');
    assert.deepEqual(await missing(page), []);
    assert.equal(await page.textContent('#qc-state'), '可以提交审核');
    assert.equal(await page.getAttribute('#quality-checklist', 'data-score'), '100');
    await shot(page, 'publish-checklist-ready-zh');
    assert.deepEqual(writes, [], 'nothing is saved while typing');

    await page.check('input[name="modes"][value="licence"]');
    await page.click('#btn-submit');
    await page.waitForSelector('#saved-notice');
    assert.match(page.url(), /\/achievements\/\d+\?saved=submitted$/);
    assert.deepEqual(writes, ['/api/achievements']);
    assert.deepEqual(page.errors, []);
  } finally {
    page.off('request', onReq);
  }
});

test('the checklist of a demand in English: the server texts in the page language', async () => {
  const page = await sharedPage(browser, { lang: 'en' });
  await loginAs(page, srv, 'member');
  await open(page, srv.base, '/publish?type=demand');
  await page.waitForSelector('#quality-checklist[data-score]');
  assert.equal(await page.textContent('#qc-h'), 'Quality checklist');
  await page.fill('input[name="title_zh"]', '数控机床主轴热变形补偿');
  await isOk(page, 'title');
  const c = await srv.session('member');
  const want = (await c.post('/api/demands/quality', { title_zh: '数控机床主轴热变形补偿', trl_min: 0, modes: [],
    keywords: [], contact: {} })).json;
  const texts = await page.$$eval('#qc-items li', (els) => els.map((e) => e.lastChild.textContent));
  assert.deepEqual(texts, want.items.map((i) => i.en));
  assert.equal(await page.textContent('#qc-score strong'), `Score ${want.score} / 100 (at least ${want.threshold} to submit)`);
  await shot(page, 'publish-checklist-en');
  assert.deepEqual(page.errors, []);
});

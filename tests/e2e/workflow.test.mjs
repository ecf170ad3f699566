// workflow.test.mjs - the publishing workflow in a real browser: an achievement
// published through the form, reviewed in the queue (publish / return with a
// reason), found by search; a failing submission shows the API's field error
// next to the field; the language switch changes the UI text and is remembered.
// With accounts (GET /api/auth/me not 404) it logs in through /login first.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { complete, READY_ABSTRACT } from '../api/lib.mjs';
import { launch, sharedPage, open, shot, startServer, loginAs as sharedLoginAs } from './browser.mjs';

let srv, data, browser, hasAuth = false;
before(async () => {
  ({ srv, data } = await startServer());
  browser = await launch();
  hasAuth = (await srv.client().get('/api/auth/me')).status !== 404;
  assert.ok(hasAuth, 'accounts are part of the build: a 404 /api/auth/me is a regression, not a reason to run logged out');
});
after(async () => { await browser?.close(); await srv?.stop(); });

// With accounts: log in through the UI as the demo user of `role`.
async function loginAs(page, role) {
  if (hasAuth) await sharedLoginAs(page, srv, role);
}

test('publish an achievement through the form, review it, find it', async (t) => {
  const page = await sharedPage(browser, { lang: 'zh' });
  await loginAs(page, 'admin');
  await open(page, srv.base, '/publish');
  await page.fill('input[name="title_zh"]', '秸秆生物质制备活性炭技术');
  await page.fill('input[name="title_en"]', 'Activated carbon from straw biomass');
  await page.fill('textarea[name="abstract_zh"]', '以玉米秸秆为原料，低温热解制备高比表面积活性炭。');
  await page.fill('input[name="keywords"]', '秸秆，活性炭，生物质');
  await page.fill('input[name="field"]', '节能环保');
  await page.selectOption('select[name="owner_org_id"]', String(data.orgs[1].id));
  await page.selectOption('select[name="trl"]', '5');
  await page.check('input[name="modes"][value="licence"]');
  await page.check('input[name="modes"][value="codev"]');
  await page.uncheck('#negotiable');
  await page.fill('input[name="price"]', '85');
  await page.fill('input[name="contact.email"]', 'liu@dlut.edu.cn');
  await shot(page, 'publish-form-zh');
  // Issue #16: the thin abstract and the missing contact name are refused at
  // submit, each next to its field in the page's language; the author fixes
  // them and submits again.
  await page.click('#btn-submit');
  const absErr = page.locator('[data-field="abstract_zh"] .field-error');
  await absErr.waitFor();
  assert.match(await absErr.textContent(), /补充摘要：至少80个汉字/);
  assert.match(await absErr.textContent(), /用数字说明相对现有技术的优势/);
  assert.match(await page.locator('[data-field="contact.email"] .field-error, [data-field="contact"] .field-error').first().textContent(),
    /填写联系人姓名/);
  await page.fill('textarea[name="abstract_zh"]', '针对秸秆焚烧污染与活性炭原料成本高的问题，以玉米秸秆为原料，低温热解制备高比表面积活性炭。'
    + '与椰壳活性炭相比，比表面积提高20%，生产成本降低35%。已完成中试验证（TRL 5）。可通过许可方式与省内环保企业合作推广。');
  await page.fill('input[name="contact.name"]', '刘工');
  await shot(page, 'publish-form-fixed-zh');
  await page.click('#btn-submit');
  await page.waitForSelector('#saved-notice');
  assert.match(page.url(), /\/achievements\/\d+\?saved=submitted$/);
  const id = Number(page.url().match(/achievements\/(\d+)/)[1]);
  assert.match(await page.locator('.detail-head').textContent(), /待审核/);
  assert.match(await page.locator('.detail-head').textContent(), /85万元/);

  // Stored as typed: price in yuan, keywords split.
  const api = await (await srv.session('admin')).get(`/api/achievements/${id}`);
  assert.equal(api.status, 200);
  assert.equal(api.json.price, 850000);
  assert.deepEqual(api.json.keywords, ['秸秆', '活性炭', '生物质']);
  assert.deepEqual(api.json.modes, ['licence', 'codev']);

  // Review queue: publish it.
  await loginAs(page, 'reviewer');
  await open(page, srv.base, '/review');
  const item = page.locator(`.review-item[data-id="${id}"]`);
  await item.waitFor();
  await shot(page, 'review-zh');
  await item.locator('button[data-action="publish"]').click();
  await item.locator('.state-ok').waitFor();

  // The owner's page lists it as published.
  await loginAs(page, 'admin');
  await open(page, srv.base, `/my?org=${data.orgs[1].id}&kind=achievements&status=published`);
  await page.waitForSelector(`.my-table tr[data-id="${id}"]`);
  assert.match(await page.locator(`.my-table tr[data-id="${id}"]`).textContent(), /已发布/);
  await shot(page, 'my-org-zh');

  // Now it is public: search finds it in Chinese and English.
  await open(page, srv.base, '/search?q=' + encodeURIComponent('活性炭'));
  await page.waitForSelector(`.result[data-id="${id}"]`);
  await open(page, srv.base, '/search?q=straw');
  await page.waitForSelector(`.result[data-id="${id}"]`);
  assert.deepEqual(page.errors, []);
  t.diagnostic(hasAuth ? 'with accounts: logged in through /login' : 'accounts absent: server in open mode, login hidden');
});

test('returning a submitted item needs a reason, shown next to the field', async () => {
  const c = await srv.session('admin');
  const r = await c.post('/api/demands', complete('demands', { title_zh: '退回测试需求', desc_zh: '用于测试退回流程。', org_id: data.orgs[3].id, status: 'submitted' }));
  assert.equal(r.status, 201, r.text);
  const page = await sharedPage(browser, { lang: 'en' });
  await loginAs(page, 'reviewer');
  await open(page, srv.base, '/review?kind=demands');
  const item = page.locator(`.review-item[data-id="${r.json.id}"]`);
  await item.locator('button[data-action="return"]').click();
  await item.locator('button[data-action="confirm-return"]').click();
  const err = item.locator('[data-field="reason"] .field-error');
  await err.waitFor();
  assert.match(await err.textContent(), /reason is required/i);
  assert.equal(await item.locator('textarea[name="reason"]').getAttribute('aria-invalid'), 'true');
  await item.locator('textarea[name="reason"]').fill('Please add the expected accuracy.');
  await item.locator('button[data-action="confirm-return"]').click();
  await item.locator('.state-ok').waitFor();
  const back = await c.get(`/api/demands/${r.json.id}`);
  assert.equal(back.json.status, 'draft');
  assert.equal(back.json.review_note, 'Please add the expected accuracy.');
});

test('edit a published achievement through the form (PATCH), price made negotiable', async () => {
  const a = data.achievements[1];
  const page = await sharedPage(browser, { lang: 'en' });
  await loginAs(page, 'admin');
  await open(page, srv.base, `/achievements/${a.id}`);
  await page.click('.owner-actions a[href$="/edit"]');
  await page.waitForSelector('form.pub-form');
  assert.equal(await page.inputValue('input[name="title_en"]'), a.title_en);
  assert.equal(await page.inputValue('input[name="price"]'), '350');
  assert.equal(await page.inputValue('select[name="trl"]'), '7');
  await page.selectOption('select[name="trl"]', '8');
  await page.check('#negotiable');
  assert.ok(await page.isDisabled('input[name="price"]'));
  await page.click('#btn-draft');
  await page.waitForSelector('#saved-notice');
  const head = await page.locator('.detail-head').textContent();
  assert.match(head, /TRL 8/);
  assert.match(head, /Negotiable/);
  assert.match(head, /Published/, 'editing keeps the status');
});

test('accounts: a member publishes for their own organisation only; no review link', async (t) => {
  const page = await sharedPage(browser, { lang: 'zh' });
  await loginAs(page, 'member');
  await open(page, srv.base, '/publish');
  const org = page.locator('select[name="owner_org_id"]');
  assert.ok(await org.isDisabled(), 'organisation fixed to the member\'s own');
  const me = await page.evaluate(() => fetch('/api/auth/me').then((r) => r.json()));
  assert.equal(await org.inputValue(), String(me.user.org_id));
  assert.ok(await page.locator('#site-nav a[href="/review"]').isHidden(), 'members do not review');
  await page.fill('input[name="title_zh"]', '成员发布测试成果');
  await page.selectOption('select[name="trl"]', '4');
  await page.check('input[name="modes"][value="service"]');
  // What the quality checklist (issue #16) asks for before submitting.
  await page.fill('textarea[name="abstract_zh"]', READY_ABSTRACT);
  await page.fill('input[name="field"]', '新能源');
  await page.fill('input[name="keywords"]', '钠离子电池，正极材料，储能');
  await page.fill('input[name="contact.name"]', '王工');
  await page.fill('input[name="contact.email"]', 'wang@example.cn');
  await page.click('#btn-submit');
  await page.waitForSelector('#saved-notice');
  assert.match(await page.locator('.detail-head').textContent(), /待审核/);
  await page.click('#logout-btn');
  await page.waitForSelector('#login-link');
});

test('a failing submission shows the field error next to the field (zh and en)', async () => {
  const page = await sharedPage(browser, { lang: 'zh' });
  await loginAs(page, 'admin');
  await open(page, srv.base, '/publish');
  // No title, no TRL: the server names title_zh first.
  await page.selectOption('select[name="owner_org_id"]', String(data.orgs[0].id));
  await page.click('#btn-draft');
  const titleErr = page.locator('[data-field="title_zh"] .field-error');
  await titleErr.waitFor();
  assert.equal(await titleErr.textContent(), '请填写中文或英文标题。');
  assert.equal(await page.locator('input[name="title_zh"]').getAttribute('aria-invalid'), 'true');
  assert.equal(await page.evaluate(() => document.activeElement.name), 'title_zh', 'focus moves to the bad field');
  // Fix it; a bad email is the next error, next to the email field.
  await page.fill('input[name="title_zh"]', '表单校验测试');
  await page.selectOption('select[name="trl"]', '3');
  await page.check('input[name="modes"][value="transfer"]');
  await page.fill('input[name="contact.email"]', 'not-an-email');
  await page.click('#btn-draft');
  const mailErr = page.locator('[data-field="contact.email"] .field-error');
  await mailErr.waitFor();
  assert.equal(await mailErr.textContent(), '电子邮箱格式不正确。');
  assert.ok(await titleErr.isHidden(), 'the old error is cleared');
  await shot(page, 'publish-error-zh');
  // English UI: what was typed survives the switch; same error, English text.
  await page.click('#lang-switch');
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  assert.equal(await page.inputValue('input[name="title_zh"]'), '表单校验测试');
  assert.equal(await page.inputValue('select[name="trl"]'), '3');
  assert.ok(await page.isChecked('input[name="modes"][value="transfer"]'));
  assert.equal(await page.inputValue('input[name="contact.email"]'), 'not-an-email');
  await page.click('#btn-draft');
  await mailErr.waitFor();
  assert.equal(await mailErr.textContent(), 'This is not a valid email address.');
  assert.deepEqual(page.errors, []);
});

test('language switch changes the UI text, <html lang>, money format, and is remembered', async () => {
  const page = await sharedPage(browser, { lang: 'zh' });
  await open(page, srv.base, '/');
  assert.equal(await page.locator('#site-nav a[href="/search"]').textContent(), '成果与需求');
  assert.match(await page.locator('.cards').first().textContent(), /万元|面议/);
  await page.click('#lang-switch');
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  await page.waitForSelector('.figure-num');
  assert.equal(await page.locator('#site-nav a[href="/search"]').textContent(), 'Browse');
  assert.equal(await page.locator('h1').textContent(), 'Connecting research with industry');
  assert.match(await page.locator('.cards').first().textContent(), /¥|Negotiable/);
  assert.equal(await page.evaluate(() => document.activeElement.id), 'lang-switch', 'focus stays on the switch');
  assert.equal(await page.evaluate(() => localStorage.getItem('tb.lang')), 'en');
  await page.reload();
  await page.waitForSelector('html[data-ready="1"]');
  assert.equal(await page.locator('html').getAttribute('lang'), 'en');
  assert.equal(await page.locator('#lang-switch').textContent(), '中文');
  await shot(page, 'home-en');
});

// apiref.test.mjs - the API reference page and the server's messages in the
// UI's language (issue #16: "a browsable API reference page"; "the server
// answers errors in the language the request asks for ... so that the UI
// stops mapping English strings to Chinese"; issue #18 item 4).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../api/lib.mjs';
import { launch, sharedPage, open, startServer, loginAs, SHOTS } from './browser.mjs';

let srv, data, browser, doc;
before(async () => {
  ({ srv, data } = await startServer());
  browser = await launch();
  doc = (await srv.client().get('/api/openapi.json')).json;
});
after(async () => { await browser?.close(); await srv?.stop(); });

const AXE = readFileSync(join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');

// Guards against: no reference at all (only the JSON), or one in English only.
for (const lang of ['zh', 'en']) {
  test(`the API reference lists every operation by tag, in ${lang}`, async () => {
    const page = await sharedPage(browser, { lang });
    await open(page, srv.base, '/api-docs');
    await page.waitForSelector('.api-op');
    assert.equal(await page.locator('main h1').textContent(), lang === 'zh' ? '接口文档' : 'API reference');
    const nops = Object.values(doc.paths).reduce((n, item) => n + Object.keys(item).length, 0);
    assert.equal(await page.locator('.api-op').count(), nops);
    assert.equal(await page.locator('.api-tag').count(), doc.tags.length);
    const op = page.locator('.api-op[data-method="post"][data-path="/api/achievements/{id}/publish"]');
    assert.equal(await op.locator('.api-summary').textContent(), lang === 'zh' ? '发布成果' : 'Publish an achievement');
    assert.match(await op.locator('.api-roles').textContent(), lang === 'zh' ? /管理员、审核员/ : /administrator, reviewer/);
    assert.match(await op.locator('.api-example').textContent(),
      new RegExp(`^curl -s -X POST '${srv.base}/api/achievements/1/publish'`));
    const search = page.locator('.api-op[data-method="get"][data-path="/api/achievements"]');
    assert.ok(await search.locator('td code', { hasText: /^trl_min$/ }).count() === 1, 'query parameters listed');
    assert.match(await page.locator('#tag-catalogue h2').textContent(), lang === 'zh' ? /成果与需求/ : /catalogue/);
    // The viewport only: the whole page (180 operations) is too tall to shoot in time.
    mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: join(SHOTS, `api-reference-${lang}.png`) });
    await page.evaluate(AXE);
    const r = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'],
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } }));
    assert.deepEqual(r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id), []);
    assert.deepEqual(page.errors, []);
  });
}

// Guards against: a Chinese UI showing a vague "“专利”填写有误" (or English) for
// a server message it had no regex for; it now shows the server's Chinese text.
test('a form error on the Chinese UI is the server message in Chinese; in English on the English UI', async () => {
  const page = await sharedPage(browser, { lang: 'zh' });
  await loginAs(page, srv, 'admin');
  await open(page, srv.base, '/publish');
  await page.fill('input[name="title_zh"]', '专利状态校验样例');
  await page.selectOption('select[name="owner_org_id"]', String(data.orgs[0].id));
  await page.selectOption('select[name="trl"]', '4');
  await page.check('input[name="modes"][value="licence"]');
  await page.selectOption('select[name="ip_status"]', 'granted');
  await page.click('#btn-draft');
  const err = page.locator('[data-field="patents"] .field-error');
  await err.waitFor();
  assert.equal(await err.textContent(), '知识产权状态为“已授权”时须列出专利号');
  await page.click('#lang-switch');
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  await page.click('#btn-draft');
  await page.waitForFunction(() => /ip_status/.test(document.querySelector('[data-field="patents"] .field-error')?.textContent || ''));
  assert.equal(await err.textContent(), 'list the patent numbers when ip_status is granted');
  assert.deepEqual(page.errors, []);
});

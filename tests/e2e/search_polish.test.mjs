// search_polish.test.mjs - search and listing output (issue #18): result
// snippets with the user's words highlighted (built from text nodes and
// <mark>, never markup from the data), the search as CSV, and a printable
// one-page sheet of a listing. Chinese at 1366 px, English at 390 px.
//
// Guards against: results showed no text around the words searched for;
// printing a detail page gave several pages of match cards and forms.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, sharedPage, open, shot, startServer } from './browser.mjs';

let srv, browser, data;
before(async () => {
  ({ srv, data } = await startServer());
  browser = await launch();
  // A listing whose text would be markup if it were parsed as HTML.
  const r = await data.client.post('/api/achievements', { title_zh: '片段高亮测试成果', title_en: 'Snippet test',
    abstract_zh: '一种<b>不应成为标记</b>的稀土镁合金挤压工艺，用于轻量化车身结构件。', abstract_en: 'A <img src=x onerror=alert(1)> rare-earth magnesium extrusion process.',
    trl: 5, modes: ['transfer'], price: 100000, owner_org_id: data.orgs[1].id, status: 'published' });
  assert.equal(r.status, 201, r.text);
});
after(async () => { await browser?.close(); await srv?.stop(); });

test('zh, 1366 px: snippets highlight the words searched for, as text', async () => {
  const page = await sharedPage(browser, { lang: 'zh', width: 1366, height: 900 });
  await open(page, srv.base, `/search?q=${encodeURIComponent('镁合金 轧制')}`);
  const marks = await page.locator('.result .snippet mark').allTextContents();
  assert.ok(marks.includes('镁合金'), JSON.stringify(marks));
  assert.ok(marks.includes('轧制'), JSON.stringify(marks));
  await open(page, srv.base, `/search?q=${encodeURIComponent('稀土镁合金挤压')}`);
  const sn = page.locator('.result .snippet').first();
  assert.match(await sn.textContent(), /<b>不应成为标记<\/b>/, 'the angle brackets are text');
  assert.equal(await page.locator('.result .snippet b').count(), 0, 'no element from the data');
  assert.deepEqual(await sn.locator('mark').allTextContents(), ['稀土镁合金挤压']);
  // the same search as CSV, headers in the page's language
  const href = await page.getAttribute('#export-csv', 'href');
  assert.match(href, /^\/api\/achievements\?q=.*&format=csv&lang=zh$/);
  const csv = await page.request.get(srv.base + href);
  assert.equal(csv.status(), 200);
  const body = (await csv.body()).toString('utf8');
  assert.ok(body.startsWith('\uFEFF编号,标题,单位'), body.slice(0, 40));
  assert.match(body, /片段高亮测试成果/);
  await shot(page, 'search-snippets-zh');
  assert.deepEqual(page.errors, []);
});

test('en, 390 px: an English query highlights in the English text; print gives one page', async () => {
  const page = await sharedPage(browser, { lang: 'en', width: 390, height: 844 });
  await open(page, srv.base, '/search?q=magnesium');
  const marks = await page.locator('.result .snippet mark').allTextContents();
  assert.ok(marks.length >= 1 && marks.every((m) => m.toLowerCase() === 'magnesium'), JSON.stringify(marks));
  assert.equal(await page.locator('.result .snippet img').count(), 0);
  const id = data.achievements[0].id;
  await open(page, srv.base, `/achievements/${id}`);
  await page.waitForSelector('#matches-body .state, #matches-body li, #matches-body p');
  assert.equal(await page.textContent('#print-btn'), 'Print a one-page sheet');
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('#matches').isVisible(), false, 'no matches on the sheet');
  assert.equal(await page.locator('.print-sheet-foot').isVisible(), true);
  assert.match(await page.textContent('.print-sheet-foot'), new RegExp(`/achievements/${id} · printed`));
  await page.emulateMedia({ media: null }); // ('screen' would make the PDF use the screen styles)
  const pdf = await page.pdf({ format: 'A4' });
  const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) || []).length;
  assert.equal(pages, 1, `one page, got ${pages}`);
  assert.deepEqual(page.errors, []);
});

// i18n-lang.test.mjs - each language's UI text is in that language. The
// catalogue test (i18n.test.mjs) checks that keys exist in both files; this
// one checks their content and the rendered pages: no English catalogue text
// holds Chinese, every Chinese text holds Chinese, and no page in one language
// shows UI text of the other (data values - titles, organisation names - aside).
//
// Guards against (issue #19 mutation run): an English UI string replaced by
// Chinese ("nav.publish" -> 发布) went through with every test green.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../api/lib.mjs';
import { launch, sharedPage, open, startServer } from './browser.mjs';

const load = (l) => JSON.parse(readFileSync(join(ROOT, 'web/i18n', `${l}.json`), 'utf8'));
const zh = load('zh'), en = load('en');
const CJK = /[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff01-\uff5e]/;
// Keys whose text is deliberately in the other language: the switch to it.
const SWITCH = new Set(['lang.switch', 'lang.switch_label']);
// Latin tokens a Chinese UI text may hold: abbreviations, file names, the time zone.
// PDF and Atom are format names, like CSV and PNG (issue #16: print to PDF, Atom feeds).
const ZH_LATIN_OK = /^(TRL|CSV|PNG|PDF|Atom|UTC|API|docs|indicators|md|vendor|echarts|min|js|ID)$/;
const latinWords = (s) => (s.replace(/\{\w+\}/g, '').match(/[A-Za-z]{2,}/g) ?? []);

test('catalogues: English text has no Chinese, Chinese text is Chinese', () => {
  const bad = [];
  for (const [k, v] of Object.entries(en))
    if (!SWITCH.has(k) && CJK.test(v)) bad.push(`en ${k}: ${v}`);
  for (const [k, v] of Object.entries(zh)) {
    if (SWITCH.has(k)) continue;
    const stray = latinWords(v).filter((w) => !ZH_LATIN_OK.test(w));
    if (stray.length) bad.push(`zh ${k}: ${v} (${stray.join(' ')})`);
    if (!CJK.test(v) && !/^TRL/.test(v)) bad.push(`zh ${k}: no Chinese in ${v}`);
  }
  assert.deepEqual(bad, []);
});

// ---- rendered pages
let srv, data, browser;
before(async () => {
  ({ srv, data } = await startServer());
  browser = await launch();
});
after(async () => { await browser?.close(); await srv?.stop(); });

const pages = () => ['/', '/search', '/search?tab=demands', '/publish', '/login', '/instruments', '/dashboard',
  `/achievements/${data.achievements[0].id}`, `/demands/${data.demands[0].id}`];

// UI chrome: where only catalogue text belongs (no data values).
const CHROME = 'header, nav, footer, label, button, th, legend, summary, [data-i18n], .state-loading, .state-empty, .state-error';

// Text nodes (and labelling attributes) inside UI chrome, the language switch aside.
async function uiTexts(page) {
  return page.evaluate((sel) => {
    const out = [];
    const skip = (el) => el.closest('#lang-switch, script, style');
    const w = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = w.nextNode(); n; n = w.nextNode()) {
      const el = n.parentElement, t = n.nodeValue.trim();
      if (t && el.closest(sel) && !skip(el)) out.push(t);
    }
    for (const el of document.querySelectorAll('[placeholder], [aria-label], [title]'))
      for (const a of ['placeholder', 'aria-label', 'title']) {
        const v = el.getAttribute(a);
        if (v && !skip(el)) out.push(v.trim());
      }
    return out;
  }, CHROME);
}

// Every text node of the page that equals a catalogue text of the other language.
async function otherCatalogueTexts(page, other, own) {
  const texts = await page.evaluate(() => {
    const w = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const out = [];
    for (let n = w.nextNode(); n; n = w.nextNode()) {
      const t = n.nodeValue.trim();
      if (t && !n.parentElement.closest('script, style, #lang-switch')) out.push(t);
    }
    return out;
  });
  const ownValues = new Set(Object.values(own));
  const foreign = new Set(Object.entries(other).filter(([k, v]) => !SWITCH.has(k) && !ownValues.has(v) && !/\{/.test(v)).map(([, v]) => v));
  return texts.filter((t) => foreign.has(t));
}

// Data values (titles, names, contacts) may be in either language on any page.
function dataValues(d) {
  const out = new Set();
  const walk = (v) => {
    if (typeof v === 'string') out.add(v.trim());
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk([d.orgs, d.achievements, d.demands]);
  return out;
}

for (const lang of ['en', 'zh']) {
  test(`pages in ${lang} show only ${lang} UI text`, async () => {
    const page = await sharedPage(browser, { lang });
    const bad = [];
    const isData = dataValues(data);
    for (const path of pages()) {
      await open(page, srv.base, path);
      // rendered: nothing is still loading
      await page.waitForFunction(() => !document.querySelector('.state-loading'), null, { timeout: 10000 });
      assert.equal(await page.locator('html').getAttribute('lang'), lang === 'zh' ? 'zh-CN' : 'en');
      for (const t of (await uiTexts(page)).filter((x) => !isData.has(x))) {
        if (lang === 'en' && CJK.test(t)) bad.push(`${path}: Chinese UI text "${t.slice(0, 60)}"`);
        if (lang === 'zh') {
          const stray = latinWords(t).filter((w) => !ZH_LATIN_OK.test(w));
          if (stray.length) bad.push(`${path}: English UI text "${t.slice(0, 60)}" (${stray.join(' ')})`);
        }
      }
      for (const t of (await otherCatalogueTexts(page, lang === 'en' ? zh : en, lang === 'en' ? en : zh)).filter((x) => !isData.has(x)))
        bad.push(`${path}: text of the other catalogue "${t}"`);
    }
    assert.deepEqual([...new Set(bad)], []);
  });
}

// bulletins.test.mjs - issue #16, "Must hold: the bulletin page prints": the
// archive links to a week's bulletin, the printable page shows the period's
// headline, figures and new listings by field in zh and en, and Chromium
// prints it to a PDF (page.pdf(), the print stylesheet applied) that has
// pages and carries the period's headline as its title. Defect guarded:
// there was no bulletin page at all. The print view's screenshot is written
// to test-output (docs/img/bulletin-print.png is a copy of it).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launch, sharedPage, open, shot, startServer, loginAs, OUT } from './browser.mjs';

let srv, browser, period, weekNo, year;
before(async () => {
  ({ srv } = await startServer());   // seeds published achievements and demands now
  browser = await launch();
  // The week of "now" (UTC+08:00), made once it has ended (the clock moves a week).
  const d = new Date(Date.now() + 8 * 3600e3);
  const day = (d.getUTCDay() + 6) % 7;
  const thu = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - day + 3));
  const jan4 = new Date(Date.UTC(thu.getUTCFullYear(), 0, 4));
  const week1 = Date.UTC(jan4.getUTCFullYear(), 0, 4 - ((jan4.getUTCDay() + 6) % 7));
  weekNo = Math.floor((thu - week1) / (7 * 86400e3)) + 1;
  year = thu.getUTCFullYear();
  period = `${year}-W${String(weekNo).padStart(2, '0')}`;
  srv.advance(7 * 86400);
  const r = await (await srv.session('reviewer')).post('/api/bulletins', { period });
  assert.equal(r.status, 201, r.text);
  assert.ok(r.json.figures.new_achievements >= 6, 'the seeded listings are in it');
});
after(async () => { await browser?.close(); await srv?.stop(); });

// PDF pages (/Type /Page, not /Pages) and the document title (UTF-16BE hex or a literal).
function pdfFacts(buf) {
  const s = buf.toString('latin1');
  const pages = (s.match(/\/Type\s*\/Page(?![s\w])/g) || []).length;
  let title = null;
  const hex = s.match(/\/Title\s*<FEFF([0-9A-Fa-f]*)>/);
  if (hex) {
    const b = Buffer.from(hex[1], 'hex');
    title = Buffer.from(b.swap16()).toString('utf16le');
  } else {
    const lit = s.match(/\/Title\s*\(((?:\\.|[^\\)])*)\)/);
    if (lit) title = lit[1];
  }
  return { magic: s.slice(0, 5), pages, title };
}

for (const lang of ['zh', 'en']) {
  test(`the bulletin of a week: archive, printable page, PDF (${lang})`, async () => {
    const page = await sharedPage(browser, { lang, width: 1366 });
    await open(page, srv.base, '/bulletins', { reload: true });
    const link = page.locator(`#archive-weekly li[data-period="${period}"] a`);
    await link.waitFor();
    const headline = lang === 'zh' ? `${year}年第${weekNo}周` : `Week ${weekNo}, ${year}`;
    assert.equal(await link.textContent(), headline);
    await link.click();
    await page.waitForSelector('#bulletin');
    const title = await page.textContent('#bulletin-title');
    assert.equal(title, `${lang === 'zh' ? '成果与需求简报' : 'Bulletin'} · ${headline}`);
    assert.equal(await page.textContent('#kpi-new-a .kpi-value'), '6');
    assert.ok(await page.locator('.bulletin-field h3').count() >= 2, 'new listings grouped by field');
    assert.ok(await page.isVisible('#bulletin-print'));

    // Printed: the tools and the site chrome are gone, the bulletin stays.
    await page.emulateMedia({ media: 'print' });
    assert.ok(await page.isHidden('#bulletin-print'));
    assert.ok(await page.isHidden('.site-header'));
    assert.ok(await page.isVisible('#bulletin-title'));
    await shot(page, `bulletin-print-${lang}`);
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    await page.emulateMedia({ media: 'screen' });
    mkdirSync(OUT, { recursive: true });
    writeFileSync(join(OUT, `bulletin-${lang}.pdf`), pdf);
    const f = pdfFacts(pdf);
    assert.equal(f.magic, '%PDF-');
    assert.ok(f.pages >= 1 && f.pages <= 10, `${f.pages} pages`);
    assert.ok(f.title && f.title.includes(headline), `PDF title: ${f.title}`);
    assert.deepEqual(page.errors, []);
  });
}

test('on a phone the bulletin reads in one column', async () => {
  const page = await sharedPage(browser, { lang: 'zh', width: 390, height: 844 });
  await open(page, srv.base, `/bulletins/${period}`, { reload: true });
  await page.waitForSelector('#bulletin');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `horizontal overflow ${overflow}px`);
  await shot(page, 'bulletin-phone-zh');
  // Reviewers make a bulletin from the archive; a period not ended is refused next to the field.
  await loginAs(page, srv, 'reviewer');
  await open(page, srv.base, '/bulletins');
  await page.fill('#bulletin-make input[name="period"]', '2099-01');
  await page.click('#bulletin-make-btn');
  const err = page.locator('#bulletin-make [data-field="period"] .field-error');
  await err.waitFor();
  assert.equal(await err.textContent(), '该期尚未结束：一周或一个月结束后才能生成简报。');
  // A made period is refused the same way; an ended, unmade one opens its bulletin.
  await page.fill('#bulletin-make input[name="period"]', period);
  await page.click('#bulletin-make-btn');
  await page.waitForFunction(() => /已生成/.test(document.querySelector('#bulletin-make [data-field="period"] .field-error')?.textContent || ''));
  await page.fill('#bulletin-make input[name="period"]', '2026-10');
  await page.click('#bulletin-make-btn');
  await page.waitForSelector('#bulletin[data-period="2026-10"]');
  assert.deepEqual(page.errors, []);
});

// screenshots.mjs - the README's screenshots (issue #18): desktop (1366 px)
// and phone (390 px), Chinese and English, of the pages a visitor and a
// reviewer see first, taken from the small demo province with Debian
// chromium through playwright-core. Writes docs/screenshots/<page>-<lang>-<desktop|phone>.png.
//   node scripts/screenshots.mjs            (after `make build`)
// The same helpers as the browser tests (tests/e2e/browser.mjs).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launch, newPage, open, loginAs } from '../tests/e2e/browser.mjs';
import { Server, ROOT } from '../tests/api/lib.mjs';

const OUT = join(ROOT, 'docs/screenshots');
const SIZES = { desktop: [1366, 900], phone: [390, 844] };

async function main() {
  mkdirSync(OUT, { recursive: true });
  const srv = await Server.start({ demo: true });
  const browser = await launch();
  try {
    const admin = await srv.session('admin');
    const ach = (await admin.get('/api/achievements?sort=newest&limit=1')).json.items[0];
    const org = ach.owner.id;
    const pages = [['home', '/'], ['search', `/search?q=${encodeURIComponent('机器人')}`], ['achievement', `/achievements/${ach.id}`],
      ['organisation', `/orgs/${org}`], ['review', '/review']];
    for (const lang of ['zh', 'en']) {
      for (const [size, [width, height]] of Object.entries(SIZES)) {
        const page = await newPage(browser, { lang, width, height });
        await loginAs(page, srv, 'reviewer');
        for (const [name, path] of pages) {
          await open(page, srv.base, path);
          await page.waitForTimeout(300); // matches and thumbnails fill in after the first render
          const file = join(OUT, `${name}-${lang}-${size}.png`);
          await page.screenshot({ path: file });
          console.log(file);
        }
        await page.context().close();
      }
    }
  } finally {
    await browser.close();
    await srv.stop();
  }
}

main().catch((e) => { console.error(e); process.exit(1); });

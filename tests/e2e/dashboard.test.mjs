// dashboard.test.mjs - /dashboard on a database seeded by the contracts demo
// seeder (`techbridge contract seed --small`): every chart renders (ECharts
// canvas), the headline figures match the seed figures, CSV and PNG export
// work, a city shows its districts/zones, and the page runs without console
// errors or CSP violations in both languages.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { launch, newPage, open, shot, downloaded } from './browser.mjs';
import { Server, cli, ROOT } from '../api/lib.mjs';

const haveEcharts = existsSync(join(ROOT, 'web/vendor/echarts.min.js'));
let srv, browser;

before(async () => {
  srv = await Server.start({
    setup: (db) => {
      for (const args of [['migrate', '--db', db], ['contract', 'seed', '--db', db, '--small']]) {
        const r = cli(args);
        if (r.code !== 0) throw new Error(`${args[0]}: ${r.stderr}`);
      }
    },
  });
  browser = await launch();
  // ECharts comes from package.json via `make vendor` (a dependency of make test):
  // its absence is a broken build, not a reason to skip the dashboard.
  assert.ok(haveEcharts, 'web/vendor/echarts.min.js missing (make vendor)');
});
after(async () => { await browser?.close(); await srv?.stop(); });

async function chartsRendered(page, n) {
  await page.waitForFunction((k) => document.querySelectorAll('.chart[data-rendered="1"] canvas').length >= k, n, { timeout: 15000 });
}

test('dashboard renders every chart for the province (zh)', async () => {
  const page = await newPage(browser, { lang: 'zh' });
  await open(page, srv.base, '/dashboard?year=2023');
  await chartsRendered(page, 5);
  const ids = await page.$$eval('.chart-card', (els) => els.map((e) => e.dataset.chart));
  assert.deepEqual(ids, ['trend', 'type', 'area', 'funnel', 'targets']);
  const turnover = await page.textContent('[data-kpi="turnover"] .kpi-value');
  assert.match(turnover, /1,?308\.3亿元/);                 // 130.83 bn yuan
  assert.match(await page.textContent('[data-kpi="turnover"] .kpi-note'), /\+30\.8%/);
  const local = Number((await page.textContent('[data-kpi="local"] .kpi-value')).replace('%', ''));
  assert.ok(local > 57, `local conversion ${local}`);
  // a canvas with something drawn on it
  const painted = await page.$eval('#chart-trend canvas', (c) => {
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    for (let i = 3; i < d.length; i += 4) if (d[i] !== 0) return true;
    return false;
  });
  assert.ok(painted, 'trend chart canvas is blank');
  await shot(page, 'dashboard-zh');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('CSV and PNG export', async () => {
  const page = await newPage(browser, { lang: 'en' });
  await page.context().close();
  const context = await browser.newContext({ acceptDownloads: true, locale: 'en-GB' });
  await context.addInitScript(() => localStorage.setItem('tb.lang', 'en'));
  const p = await context.newPage();
  p.errors = [];
  p.on('pageerror', (e) => p.errors.push(String(e)));
  await open(p, srv.base, '/dashboard?year=2023');
  await chartsRendered(p, 5);
  for (const id of ['trend', 'type', 'area', 'funnel', 'targets']) {
    const href = await p.getAttribute(`[data-csv="${id}"]`, 'href');
    assert.match(href, /format=csv/);
    const r = await fetch(srv.base + href);
    assert.equal(r.status, 200, id);
    assert.match(r.headers.get('content-type'), /text\/csv/);
    const text = await r.text();
    assert.ok(text.split('\n').length >= 2, `${id} csv has rows`);
  }
  const [dl] = await Promise.all([p.waitForEvent('download'), p.click('[data-png="trend"]')]);
  assert.match(dl.suggestedFilename(), /^trend-2023\.png$/);
  const path = await downloaded(dl);
  assert.ok(existsSync(path));
  assert.match(await p.textContent('h1'), /Technology contracts/);
  await shot(p, 'dashboard-en');
  assert.deepEqual(p.errors, []);
  await context.close();
});

test('a city shows its districts and zones; the zone its share of the city', async () => {
  const page = await newPage(browser, { lang: 'en' });
  await open(page, srv.base, '/dashboard?year=2023&region=210100');
  await chartsRendered(page, 4);
  assert.match(await page.textContent('[data-chart="area"] h2'), /district or zone/);
  // Issue #15: the zone's 12.1 bn yuan (about 40 % of Shenyang) is a 2020 figure.
  await open(page, srv.base, '/dashboard?year=2020&region=210112');
  await page.waitForSelector('[data-kpi="share"]');
  assert.match(await page.textContent('[data-kpi="share"] .kpi-value'), /^39\.8%$/);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

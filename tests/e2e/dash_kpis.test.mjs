// dash_kpis.test.mjs - docking KPIs by institution and by event on
// /dashboard (issue #14) in a real browser, on the small demo province (its
// brokerage seeder registers contracts that trace back to cases, some begun
// at an event). The bureau switches the table to institutions, then events;
// clicking a row lists the cases and contracts behind it, and the contracts
// listed are exactly as many as the row's figure (en, then zh). Guards
// against KPI figures that cannot be traced to their contracts.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, open, shot, loginAs } from './browser.mjs';
import { Server, DEMO_YEAR } from '../api/lib.mjs';

let srv, browser, reviewer, year;
before(async () => {
  srv = await Server.start({ demo: true });
  browser = await launch();
  reviewer = await srv.session('reviewer');
  // The demo's docking year: its cases reach their contracts in the demo's
  // own year, whatever the machine's date (issue #19: this looked at the
  // machine's year and the year before, which breaks in 2028).
  year = DEMO_YEAR;
  const r = await reviewer.get(`/api/kpi?by=event&since=${year}-01-01&until=${year}-12-31`);
  assert.ok(r.json.items.some((k) => k.contracts > 0), 'the small demo has an event whose case reached a contract');
});
after(async () => { await browser?.close(); await srv?.stop(); });

async function drill(page, by) {
  await page.selectOption('#kpi-by', by);
  await page.waitForSelector(`#kpi-table[data-by="${by}"]`);
  const rows = await page.$$eval('#kpi-table tbody tr', (trs) => trs.map((tr) => ({ id: tr.dataset.id,
    contracts: Number(tr.querySelector('td[data-col="contracts"]').textContent.replace(/[^\d]/g, '')) })));
  const row = rows.find((r) => r.contracts > 0);
  assert.ok(row, `${by}: a row with contracts`);
  await page.click(`#kpi-table tr[data-id="${row.id}"] .kpi-drill`);
  await page.waitForSelector('#kpi-trace-sum');
  const listed = await page.$$eval('#kpi-trace li', (lis) => new Set(lis.map((li) => li.dataset.contract).filter(Boolean)).size);
  assert.equal(listed, row.contracts, `${by} #${row.id}: the contracts listed are the figure`);
  assert.ok(await page.$(`#kpi-trace li a[href^="/cases/"]`), 'each case is a link');
  return row;
}

test('KPIs by institution and by event drill down to exactly the contracts they count (en, zh)', async () => {
  const page = await newPage(browser, { lang: 'en', width: 1366 });
  await loginAs(page, srv, 'reviewer');
  await open(page, srv.base, `/dashboard?year=${year}`);
  await page.waitForSelector('#kpi-table[data-by="broker"]');
  const inst = await drill(page, 'institution');
  const api = (await reviewer.get(`/api/kpi?by=institution&since=${year}-01-01&until=${year}-12-31&id=${inst.id}`)).json.items[0];
  assert.equal(api.contracts, inst.contracts);
  assert.ok(api.name, 'the institution is named');
  assert.match(await page.textContent(`#kpi-table tr[data-id="${inst.id}"] .kpi-drill`), new RegExp(`\\(#${inst.id}\\)$`));
  await drill(page, 'event');
  await shot(page, 'dashboard-kpi-event-en');
  assert.deepEqual(page.errors, []);
  await page.context().close();
  const zh = await newPage(browser, { lang: 'zh', width: 390, height: 844 });
  await loginAs(zh, srv, 'reviewer');
  await open(zh, srv.base, `/dashboard?year=${year}`);
  await zh.waitForSelector('#kpi-table');
  await drill(zh, 'event');
  assert.match(await zh.textContent('#kpi-trace h3'), /^活动 /);
  assert.deepEqual(zh.errors, []);
  await zh.context().close();
});

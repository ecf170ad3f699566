// browser.mjs - shared set-up for the browser tests: Debian chromium through
// playwright-core, the real server (../api/lib.mjs) seeded with a small bilingual
// catalogue through the API (or `techbridge demo --small` once it exists), and a
// screenshot helper writing to $TB_TEST_OUTPUT/screenshots/.
import { chromium } from 'playwright-core';
import { mkdirSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Server, ROOT, demoEmail, demoPassword } from '../api/lib.mjs';

export const CHROMIUM = process.env.TB_CHROMIUM || '/usr/bin/chromium';
export const OUT = process.env.TB_TEST_OUTPUT || join(ROOT, 'test-output');
export const SHOTS = join(OUT, 'screenshots');

export const LAUNCH_OPTIONS = {
  executablePath: CHROMIUM,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
};

// The browser of a test file. scripts/run-tests.sh starts one chromium for
// the whole level (scripts/browser-server.mjs) and names it in TB_BROWSER_WS:
// a file connects to it instead of starting its own (a launch cost 1-3 s of
// CPU per file). Files stay apart: each works in its own contexts, and
// close() on a connected browser closes only this file's contexts and
// disconnects. A file run on its own launches its own chromium.
export async function launch() {
  const ws = process.env.TB_BROWSER_WS;
  if (ws) return chromium.connect(ws);
  return chromium.launch(LAUNCH_OPTIONS);
}

// A finished download as a local file: saveAs() works on a launched browser
// and on the run's shared one alike (download.path() is not available when
// connected remotely). Returns the file's path, under $TB_TEST_OUTPUT/downloads.
export async function downloaded(dl) {
  mkdirSync(join(OUT, 'downloads'), { recursive: true });
  const path = join(mkdtempSync(join(OUT, 'downloads', 'dl-')), dl.suggestedFilename());
  await dl.saveAs(path);
  return path;
}

// A page with a fixed language; console errors and CSP violations are collected
// so tests can assert the UI ran clean.
export async function newPage(browser, { lang = 'zh', width = 1280, height = 900 } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, locale: lang === 'zh' ? 'zh-CN' : 'en-GB' });
  // First visit in this language; a later switch (stored by the app) wins on reload.
  await context.addInitScript((l) => { try { if (!localStorage.getItem('tb.lang')) localStorage.setItem('tb.lang', l); } catch { /* */ } }, lang);
  const page = await context.newPage();
  page.setDefaultTimeout(8000);
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error' && !/Failed to load resource/.test(m.text())) page.errors.push(m.text()); });
  return page;
}

// One page per language reused across the tests of a file: a new browser
// context costs 1-2 s (more on a loaded machine). On reuse: stubs and errors
// are reset, the stored language is set back (a test may have switched it),
// the viewport is set to the asked size. Cookies (a login) are kept.
const shared = new Map();
export async function sharedPage(browser, opts = {}) {
  const lang = opts.lang || 'zh';
  let page = shared.get(lang);
  if (!page || page.isClosed()) {
    page = await newPage(browser, opts);
    shared.set(lang, page);
    return page;
  }
  await page.unrouteAll({ behavior: 'ignoreErrors' });
  page.errors.length = 0;
  await page.evaluate((l) => { try { localStorage.setItem('tb.lang', l); } catch { /* */ } }, lang).catch(() => {});
  await page.setViewportSize({ width: opts.width || 1280, height: opts.height || 900 });
  return page;
}

// Opens a path and waits until the app has rendered its first route.
// When the app is already loaded it navigates in place (History API + popstate,
// as the back button does): no reload of modules and catalogues, which keeps the
// suite fast. { reload: true } forces a full page load.
export async function open(page, base, path, { reload = false } = {}) {
  const soft = !reload && page.url().startsWith(base)
    && await page.evaluate(() => document.documentElement.dataset.ready === '1'
      && (localStorage.getItem('tb.lang') || 'zh') === (document.documentElement.lang === 'en' ? 'en' : 'zh')).catch(() => false);
  if (soft) {
    const before = await page.evaluate(() => document.documentElement.dataset.rendered || '');
    await page.evaluate((p) => { history.pushState({}, '', p); dispatchEvent(new PopStateEvent('popstate')); }, path);
    await page.waitForFunction((b) => (document.documentElement.dataset.rendered || '') !== b, before);
  } else {
    await page.goto(base + path);
    await page.waitForSelector('html[data-ready="1"]');
  }
  await page.waitForSelector('main .state-loading, main p.loading', { state: 'detached' }).catch(() => {});
}

// axe-core on the page as it stands: the serious and critical violations of
// WCAG 2.1 A/AA and best practice, one line each ([] when clean). Loaded into
// the page once; the script is read from node_modules once per file.
let axeSource;
export async function axeClean(page) {
  axeSource ??= readFileSync(join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');
  if (!await page.evaluate(() => typeof window.axe === 'object')) await page.evaluate(axeSource);
  const r = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'],
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } }));
  return r.violations.filter((x) => x.impact === 'serious' || x.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.slice(0, 2).map((n) => n.target.join(' ')).join(', ')}`);
}

export async function shot(page, name) {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

export const ORGS = [
  { name: '东北大学', name_en: 'Northeastern University', kind: 'university', city: '沈阳' },
  { name: '大连理工大学', name_en: 'Dalian University of Technology', kind: 'university', city: '大连' },
  { name: '中国科学院金属研究所', name_en: 'Institute of Metal Research, CAS', kind: 'institute', city: '沈阳' },
  { name: '鞍钢集团', name_en: 'Ansteel Group', kind: 'enterprise', city: '鞍山' },
  { name: '大连机床集团', name_en: 'Dalian Machine Tool Group', kind: 'enterprise', city: '大连' },
];

const ACH = [
  ['高强度镁合金板材轧制技术', 'High-strength magnesium alloy sheet rolling', '面向汽车轻量化的镁合金板材轧制工艺，强度提高30%，成品率达到95%。', 'A rolling process for magnesium alloy sheet for lightweight vehicles; 30% stronger, 95% yield.', ['镁合金', '轧制', '轻量化'], '新材料', 6, ['transfer', 'licence'], 1200000, 0],
  ['工业机器人视觉引导装配系统', 'Vision-guided robotic assembly system', '基于深度学习的工业机器人视觉定位与柔性装配，定位精度0.05毫米。', 'Deep-learning visual positioning for flexible robotic assembly, 0.05 mm accuracy.', ['机器人', '机器视觉', '装配'], '智能制造', 7, ['licence', 'codev'], 3500000, 1],
  ['钢铁冶炼余热高效回收技术', 'Waste-heat recovery for steelmaking', '高炉与转炉余热梯级回收发电，吨钢节能15千克标煤。', 'Cascade recovery of blast-furnace and converter waste heat for power.', ['余热回收', '节能', '钢铁'], '节能环保', 8, ['transfer', 'service'], 'negotiable', 2],
  ['液流电池储能系统', 'Flow-battery energy storage system', '全钒液流电池电堆与系统集成技术，适用于电网侧储能。', 'Vanadium flow-battery stacks and system integration for grid storage.', ['储能', '液流电池'], '新能源', 5, ['equity', 'codev'], 8000000, 1],
  ['数控机床热误差实时补偿方法', 'Real-time thermal error compensation for CNC machine tools', '', 'A model-based method that compensates spindle thermal growth in real time to micron level.', ['数控机床', 'thermal error'], '智能制造', 4, ['licence'], 600000, 0],
  ['高性能钛合金3D打印工艺', 'High-performance titanium alloy 3D printing', '激光选区熔化钛合金零件的工艺与后处理，适用于航空航天结构件。', '', ['钛合金', '增材制造'], '新材料', 6, ['transfer'], 2500000, 2],
];
// A date as the pages show it (web/js/format.js fmtDate): "2027年3月31日",
// "31 Dec 2027". For dates the seed computes (deadlines below).
export const shownDate = (lang, iso) => new Intl.DateTimeFormat(lang === 'zh' ? 'zh-CN' : 'en-GB',
  { year: 'numeric', month: 'short', day: 'numeric' }).format(new Date(iso + 'T00:00:00'));

// A demand's deadline is given in days after the server's "today" (a fixed
// date would be past one day, and a demand with a past deadline is refused).
const DEM = [
  ['数控机床主轴热变形补偿', 'Thermal deformation compensation for CNC spindles', '需要一种实时补偿主轴热伸长的方法，精度达到微米级。', 'We need a method that compensates spindle thermal growth in real time to micron accuracy.', ['数控机床', '热变形'], '智能制造', 500000, 2000000, 210, 5, ['codev'], 4],
  ['轧制板材表面缺陷在线检测', 'Online surface defect detection for rolled strip', '热轧带钢表面缺陷的在线视觉检测与分类。', 'Online visual detection and classification of hot-rolled strip surface defects.', ['表面缺陷', '机器视觉'], '智能制造', 1000000, 3000000, 120, 6, ['transfer', 'codev'], 3],
  ['高炉煤气深度净化', 'Deep purification of blast-furnace gas', '降低高炉煤气中硫化物含量，满足超低排放要求。', '', ['高炉煤气', '脱硫'], '节能环保', null, 5000000, 390, 5, ['service'], 3],
];

// Seeds orgs, 6 published achievements and 3 published demands through the API.
export async function seed(srv) {
  const c = await srv.session('admin');
  const orgs = [];
  for (const o of ORGS) orgs.push((await c.post('/api/orgs', o)).json);
  const achievements = [];
  for (const [tz, te, az, ae, kw, field, trl, modes, price, oi] of ACH) {
    const r = await c.post('/api/achievements', {
      title_zh: tz, title_en: te, abstract_zh: az || null, abstract_en: ae || null, keywords: kw, field, trl, modes, price,
      owner_org_id: orgs[oi].id, status: 'published', ip_status: 'granted', patents: ['ZL202110000001.X'],
      contact: { name: '联系人', email: 'contact@example.cn', phone: '024-12345678' },
    });
    if (r.status !== 201) throw new Error('seed achievement: ' + r.text);
    achievements.push(r.json);
  }
  const demands = [];
  for (const [tz, te, dz, de, kw, field, bmin, bmax, days, trl, modes, oi] of DEM) {
    const r = await c.post('/api/demands', {
      title_zh: tz, title_en: te, desc_zh: dz, desc_en: de || null, keywords: kw, field, budget_min: bmin ?? undefined, budget_max: bmax,
      deadline: srv.localDate(days), trl_min: trl, modes, org_id: orgs[oi].id, status: 'published',
    });
    if (r.status !== 201) throw new Error('seed demand: ' + r.text);
    demands.push(r.json);
  }
  return { orgs, achievements, demands, client: c };
}

// Starts the server: demo data when the demo command exists, else API seeding.
export async function startServer() {
  const srv = await Server.start();
  const data = await seed(srv);
  return { srv, data };
}

export { Server, existsSync };

// Logs the page in through /login as the demo user of `role` (fresh cookies).
export async function loginAs(page, srv, role) {
  await page.context().clearCookies();
  await open(page, srv.base, '/login', { reload: true });
  await page.fill('input[name="email"]', demoEmail(role));
  await page.fill('input[name="password"]', demoPassword(role));
  await page.click('.login-form button[type="submit"]');
  await page.waitForSelector('#logout-btn');
}

// attachments_more.test.mjs - issue #18: files on a challenge page and on a
// docking case page. The challenge's issuer uploads a PDF and an image
// (thumbnail) and a renamed executable is refused in Chinese (zh, 1366 px);
// once published the public sees the files without a form (en, 390 px). A
// case's participant uploads (zh); a reviewer reads the case's files with no
// form (en, 390 px). axe clean on every page.
//
// Guards against: the challenge and case pages showed no attachments, and a
// form offered to those who may not change the files.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { launch, sharedPage, open, shot, loginAs, axeClean } from './browser.mjs';
import { Server, ROOT, complete } from '../api/lib.mjs';

const FIX = join(ROOT, 'tests/fixtures/attachments');
let srv, browser, admin, reviewer, member, ch, kase;
before(async () => {
  srv = await Server.start();
  browser = await launch();
  admin = await srv.session('admin');
  reviewer = await srv.session('reviewer');
  member = await srv.session('member');
  const org = member.user.org_id;
  const deadline = new Date(Date.now() + (srv.clockOffset + 86400 * 30) * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
  const c = await member.post('/api/challenges', {
    issuer_org_id: org, title_zh: '附件页面测试榜单', title_en: 'Attachment page test challenge', problem: '缺陷率高。', field: 'materials', region: '沈阳',
    deadline, period_start: '2027-01-01', period_end: '2028-12-31', acceptance: '用户验收', budget_fen: 300000000, max_winners: 1,
    indicators: [{ name: '缺陷率', target: '2', unit: '%' }], deliverables: ['工艺规范'],
    stages: [{ name: '启动', kind: 'initial', amount_fen: 300000000 }],
    criteria: [{ name: '技术路线', weight: 100 }], contacts: [{ name: '刘工', contact: '024-1' }] });
  assert.equal(c.status, 201, c.text);
  ch = c.json.id;
  const other = (await admin.post('/api/orgs', { name: '附件页面案例企业', name_en: 'Attachment case enterprise', kind: 'enterprise', city: '大连' })).json.id;
  const a = await admin.post('/api/achievements', complete('achievements', { title_zh: '附件页面案例成果', owner_org_id: org, status: 'published', modes: ['transfer'] }));
  const d = await admin.post('/api/demands', complete('demands', { title_zh: '附件页面案例需求', org_id: other, status: 'published' }));
  const k = await admin.post('/api/cases', { achievement_id: a.json.id, demand_id: d.json.id, origin: 'manual' });
  assert.equal(k.status, 201, k.text);
  kase = k.json.id;
});
after(async () => { await browser?.close(); await srv?.stop(); });

test('zh, 1366 px: the issuer attaches a PDF and an image to its draft challenge; an executable is refused in Chinese', async () => {
  const page = await sharedPage(browser, { lang: 'zh', width: 1366, height: 900 });
  await loginAs(page, srv, 'member');
  await open(page, srv.base, `/challenges/${ch}`);
  await page.waitForSelector('#attachments-body .hint');
  assert.equal(await page.textContent('#h-attach'), '附件');
  assert.equal(await page.textContent('#attachments-body'), '暂无附件。');
  await page.setInputFiles('#attach-file', join(FIX, 'certificate.pdf'));
  await page.click('button[data-action="upload"]');
  await page.waitForSelector('.attachment a >> text=certificate.pdf');
  await page.setInputFiles('#attach-file', join(FIX, 'photo.png'));
  await page.click('button[data-action="upload"]');
  await page.waitForSelector('.attachment img.thumb');
  assert.ok(await page.$eval('.attachment img.thumb', (img) => img.complete && img.naturalWidth === 4), 'the thumbnail loads');
  await page.setInputFiles('#attach-file', { name: 'setup.pdf', mimeType: 'application/pdf', buffer: readFileSync(join(FIX, 'setup.exe.pdf')) });
  await page.click('button[data-action="upload"]');
  await page.waitForSelector('#attach-error:not([hidden])');
  assert.match(await page.textContent('#attach-error'), /该文件未被接受：文件实际内容为 application\/vnd\.microsoft\.portable-executable/);
  assert.equal(await page.locator('.attachment').count(), 2);
  assert.deepEqual(await axeClean(page), []);
  await shot(page, 'challenge-attachments-zh');
  assert.deepEqual(page.errors, []);
});

test('en, 390 px: the published challenge shows its files to the public, no form', async () => {
  assert.equal((await member.post(`/api/challenges/${ch}/submit`)).status, 200);
  assert.equal((await reviewer.post(`/api/challenges/${ch}/publish`)).status, 200);
  const page = await sharedPage(browser, { lang: 'en', width: 390, height: 844 });
  await page.context().clearCookies();
  await open(page, srv.base, `/challenges/${ch}`, { reload: true });
  await page.waitForSelector('.attachment a');
  assert.equal(await page.textContent('#h-attach'), 'Attachments');
  assert.deepEqual(await page.locator('.attachment a').allTextContents(), ['certificate.pdf', 'photo.png']);
  assert.equal(await page.locator('.attach-form').count(), 0);
  const res = await page.request.get(srv.base + await page.getAttribute('.attachment a', 'href'));
  assert.equal(res.status(), 200);
  assert.match(res.headers()['content-disposition'], /^attachment; filename="certificate\.pdf"/);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `no page-wide horizontal scroll (${overflow} px)`);
  assert.deepEqual(await axeClean(page), []);
  await shot(page, 'challenge-attachments-en-phone');
  assert.deepEqual(page.errors, []);
});

test('zh, 1366 px: a case participant attaches a file on the case page', async () => {
  const page = await sharedPage(browser, { lang: 'zh', width: 1366, height: 900 });
  await loginAs(page, srv, 'member');
  await open(page, srv.base, `/cases/${kase}`);
  await page.waitForSelector('#attachments-body .hint');
  await page.setInputFiles('#attach-file', { name: '意向书.pdf', mimeType: 'application/pdf', buffer: readFileSync(join(FIX, 'certificate.pdf')) });
  await page.click('button[data-action="upload"]');
  await page.waitForSelector('.attachment a >> text=意向书.pdf');
  assert.deepEqual(await axeClean(page), []);
  await shot(page, 'case-attachments-zh');
  assert.deepEqual(page.errors, []);
});

test('en, 390 px: a reviewer reads the case\'s files and gets no form', async () => {
  const page = await sharedPage(browser, { lang: 'en', width: 390, height: 844 });
  await loginAs(page, srv, 'reviewer');
  await open(page, srv.base, `/cases/${kase}`);
  await page.waitForSelector('.attachment a');
  assert.deepEqual(await page.locator('.attachment a').allTextContents(), ['意向书.pdf']);
  assert.equal(await page.locator('.attach-form').count(), 0);
  assert.deepEqual(await axeClean(page), []);
  assert.deepEqual(page.errors, []);
});

// A broker who represents one side of the case with its consent for cases
// may add files (the server's case_may allows it), but the page offered the
// form only to the sides' own users and the case's broker: the session now
// names the represented organisations and their scopes.
test('zh, 1366 px: a broker representing a side with its consent gets the case\'s file form', async () => {
  const broker = await srv.session('broker');
  const k = (await admin.get(`/api/cases/${kase}`)).json;
  const side = k.seeker_org_id;
  const rq = await broker.post('/api/representations', { org_id: side, scope: ['cases'] });
  assert.equal(rq.status, 201, rq.text);
  const ok = await admin.post(`/api/representations/${broker.user.id}/${side}/consent`, {});
  assert.equal(ok.status, 200, ok.text);
  const me = (await broker.get('/api/auth/me')).json;
  assert.ok((me.user || me).represents.some((r) => r.org_id === side && r.scope === 'cases'), JSON.stringify((me.user || me).represents));
  const page = await sharedPage(browser, { lang: 'zh', width: 1366, height: 900 });
  await loginAs(page, srv, 'broker');
  await open(page, srv.base, `/cases/${kase}`);
  await page.waitForSelector('#attachments-body');
  await page.waitForSelector('#attach-file');
  await page.setInputFiles('#attach-file', { name: '代理意向书.pdf', mimeType: 'application/pdf', buffer: readFileSync(join(FIX, 'certificate.pdf')) });
  await page.click('button[data-action="upload"]');
  await page.waitForSelector('.attachment a >> text=代理意向书.pdf');
  assert.deepEqual(page.errors, []);
});

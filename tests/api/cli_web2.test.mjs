// cli_web2.test.mjs - issue #18, CLI parity for what the web UI added:
// attachments (add/list/get/remove), favourites (add/list/remove), the batch
// review (publish/return many with one reason) and editing a challenge
// application (PUT /api/challenge-applications/{id}).
//
// Defect guarded: these write routes had no CLI command ("NOT YET" rows in
// cli_parity.test.mjs); an operator could not attach a patent certificate,
// decide a review batch or correct an application from a shell. Each command
// must give the API's objects with --json, the API's validation messages
// (the same domain code: a renamed executable is refused by its content),
// and exit 0 ok / 1 runtime / 2 bad input.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { createHash } from 'node:crypto';
import { Server, ROOT, cli, complete, demoEmail } from './lib.mjs';

const FIX = join(ROOT, 'tests/fixtures/attachments');
let srv, admin, member, reviewer, orgA, orgX, tmp;
before(async () => {
  srv = await Server.start({ args: ['--maintain-interval', '0'] });
  admin = await srv.session('admin');
  member = await srv.session('member');
  reviewer = await srv.session('reviewer');
  orgA = member.user.org_id;
  orgX = (await admin.post('/api/orgs', { name: 'CLI网页功能测试企业', kind: 'enterprise', city: '大连' })).json.id;
  tmp = mkdtempSync(join(tmpdir(), 'tb-cli-web2-'));
});
after(async () => { await srv.stop(); rmSync(tmp, { recursive: true, force: true }); });

const tb = (...args) => cli([...args, '--db', srv.db], srv.cliEnv());
const apiLine = (j) => (j.error.startsWith(`${j.field}: `) ? j.error : `${j.field}: ${j.error}`);

async function upload(c, path, name, bytes, type) {
  const headers = { 'content-type': type, cookie: c.cookieHeader(), 'x-csrf-token': c.csrf };
  const r = await fetch(`${srv.base}${path}?name=${encodeURIComponent(name)}`, { method: 'POST', headers, body: bytes });
  const text = await r.text();
  return { status: r.status, json: JSON.parse(text), text };
}

test('attachment add/list/get/remove: content-checked like an upload, the API\'s objects and messages', async () => {
  const a = await admin.post('/api/achievements', complete('achievements', { title_zh: '命令行附件测试成果', owner_org_id: orgA, status: 'published', modes: ['transfer'] }));
  assert.equal(a.status, 201, a.text);
  const id = String(a.json.id);
  const pdf = join(FIX, 'certificate.pdf');
  const add = tb('attachment', 'add', '--kind', 'achievement', '--id', id, pdf, '--as', demoEmail('member'), '--json');
  assert.equal(add.code, 0, add.stderr);
  const x = JSON.parse(add.stdout);
  const bytes = readFileSync(pdf);
  assert.equal(x.name, 'certificate.pdf');
  assert.equal(x.mime, 'application/pdf');
  assert.equal(x.size, bytes.length);
  assert.equal(x.sha256, createHash('sha256').update(bytes).digest('hex'));
  assert.equal(x.url, `/api/attachments/${x.id}`);
  // the API lists the same object; the CLI's list is the API's list answer
  const apiList = await srv.client().get(`/api/achievements/${id}/attachments`);
  assert.equal(apiList.status, 200);
  const list = tb('attachment', 'list', '--kind', 'achievement', '--id', id, '--json');
  assert.equal(list.code, 0, list.stderr);
  assert.deepEqual(JSON.parse(list.stdout), apiList.json);
  assert.deepEqual(apiList.json.items, [x]);
  // download to a file: byte for byte
  const out = join(tmp, 'got.pdf');
  const get = tb('attachment', 'get', String(x.id), '--out', out);
  assert.equal(get.code, 0, get.stderr);
  assert.ok(readFileSync(out).equals(bytes));
  assert.equal(get.stdout, `${out}\tapplication/pdf\t${bytes.length}\t${x.sha256}\n`);

  // A renamed executable: refused by its content, the API's 415 message, exit 2.
  const exe = join(FIX, 'setup.exe.pdf');
  const apiExe = await upload(member, `/api/achievements/${id}/attachments`, 'setup.exe.pdf', readFileSync(exe), 'application/octet-stream');
  assert.equal(apiExe.status, 415, apiExe.text);
  const cExe = tb('attachment', 'add', '--kind', 'achievement', '--id', id, exe);
  assert.equal(cExe.code, 2);
  assert.equal(cExe.stderr.trim(), apiLine(apiExe.json));
  // A name whose extension is not the content's: the API's message too.
  const apiExt = await upload(member, `/api/achievements/${id}/attachments`, 'photo.pdf', readFileSync(join(FIX, 'photo.png')), 'application/octet-stream');
  const cExt = tb('attachment', 'add', '--kind', 'achievement', '--id', id, join(FIX, 'photo.png'), '--name', 'photo.pdf');
  assert.equal(apiExt.status, 415);
  assert.equal(cExt.code, 2);
  assert.equal(cExt.stderr.trim(), apiLine(apiExt.json));
  // in Chinese with --lang zh, as the API answers a Chinese caller
  const cExtZh = tb('attachment', 'add', '--kind', 'achievement', '--id', id, join(FIX, 'photo.png'), '--name', 'photo.pdf', '--lang', 'zh');
  assert.equal(cExtZh.code, 2);
  assert.match(cExtZh.stderr, /[\u4e00-\u9fff]/);
  // nothing was stored by the refusals
  assert.equal((await srv.client().get(`/api/achievements/${id}/attachments`)).json.total, 1);
  // unknown listing, bad kind, missing file, unknown attachment: 2; unreadable database: 1
  assert.equal(tb('attachment', 'list', '--kind', 'demand', '--id', '99999999').code, 2);
  assert.equal(tb('attachment', 'list', '--kind', 'contract', '--id', id).code, 2);
  assert.equal(tb('attachment', 'add', '--kind', 'achievement', '--id', id, join(tmp, 'missing.pdf')).code, 2);
  assert.equal(tb('attachment', 'get', '99999999', '--out', join(tmp, 'x')).code, 2);
  assert.equal(cli(['attachment', 'list', '--kind', 'achievement', '--id', id, '--db', '/nonexistent/dir/x.db']).code, 1);
  // remove: gone from the API, audited under the account named by --as
  const rm = tb('attachment', 'remove', String(x.id), '--as', demoEmail('member'));
  assert.equal(rm.code, 0, rm.stderr);
  assert.equal((await srv.client().get(`/api/attachments/${x.id}`)).status, 404);
  assert.equal(tb('attachment', 'remove', String(x.id)).code, 2);
  const audit = (await admin.get(`/api/audit?resource=achievement&limit=50`)).json.items.filter((e) => e.resource_id === a.json.id);
  assert.deepEqual(audit.filter((e) => e.action.startsWith('attachment_')).map((e) => [e.action, e.email]).sort(),
    [['attachment_add', demoEmail('member')], ['attachment_delete', demoEmail('member')]]);
});

test('favourite add/list/remove --as: the API\'s list; a listing the account may not see is not there', async () => {
  const pub = await admin.post('/api/demands', complete('demands', { title_zh: '命令行收藏测试需求', org_id: orgX, status: 'published', contact: { name: '王工', email: 'staff@x.test', phone: '024-12345678' } }));
  const hidden = await admin.post('/api/demands', complete('demands', { title_zh: '命令行收藏测试草稿', org_id: orgX, status: 'draft' }));
  assert.equal(pub.status, 201, pub.text);
  const as = ['--as', demoEmail('member')];
  const add = tb('favourite', 'add', '--kind', 'demand', '--id', String(pub.json.id), ...as, '--json');
  assert.equal(add.code, 0, add.stderr);
  assert.deepEqual(JSON.parse(add.stdout), { kind: 'demand', item_id: pub.json.id, saved: true });
  assert.equal(tb('favourite', 'add', '--kind', 'demand', '--id', String(pub.json.id), ...as).stdout, `demand ${pub.json.id} was saved before\n`);
  // another organisation's draft: the API's 404 naming item_id, exit 2, nothing saved
  const apiHidden = await member.post('/api/favourites', { kind: 'demand', item_id: hidden.json.id });
  assert.equal(apiHidden.status, 404);
  const cHidden = tb('favourite', 'add', '--kind', 'demand', '--id', String(hidden.json.id), ...as);
  assert.equal(cHidden.code, 2);
  assert.equal(cHidden.stderr.trim(), apiLine(apiHidden.json));
  // the member's list: the same as the API's (item summaries included)
  const apiList = await member.get('/api/favourites');
  const list = tb('favourite', 'list', ...as, '--json');
  assert.equal(list.code, 0, list.stderr);
  const got = JSON.parse(list.stdout);
  assert.deepEqual(got.items.map((i) => [i.kind, i.item_id, i.saved_at, i.item.id, i.item.title_zh]),
    apiList.json.items.map((i) => [i.kind, i.item_id, i.saved_at, i.item.id, i.item.title_zh]));
  assert.deepEqual(got.items.map((i) => i.item_id), [pub.json.id]);
  assert.equal(got.total, 1);
  // the staff contact as the API shows it to this member (hidden until the
  // owner accepts a contact request): the CLI printed it to anyone --as names
  assert.equal(pub.json.contact.email, 'staff@x.test');
  assert.equal(apiList.json.items[0].item.contact.email, null);
  assert.deepEqual(got.items[0].item.contact, apiList.json.items[0].item.contact);
  // without --as, or with an unknown account: 2
  assert.equal(tb('favourite', 'list').code, 2);
  assert.equal(tb('favourite', 'list', '--as', 'nobody@example.cn').code, 2);
  const rm = tb('favourite', 'remove', '--kind', 'demand', '--id', String(pub.json.id), ...as);
  assert.equal(rm.code, 0, rm.stderr);
  assert.equal((await member.get('/api/favourites')).json.total, 0);
  assert.equal(tb('favourite', 'remove', '--kind', 'demand', '--id', String(pub.json.id), ...as).code, 2);
});

test('review batch: one reason for many, each item on its own, the API\'s answer and messages', async () => {
  const mk = async (kind, title) => {
    const body = kind === 'achievements' ? { title_zh: title, owner_org_id: orgA, modes: ['licence'], status: 'submitted' }
      : { title_zh: title, org_id: orgX, status: 'submitted' };
    const r = await admin.post(`/api/${kind}`, complete(kind, body));
    assert.equal(r.status, 201, r.text);
    return r.json.id;
  };
  const a1 = await mk('achievements', '命令行批量成果一'), a2 = await mk('achievements', '命令行批量成果二');
  const d1 = await mk('demands', '命令行批量需求一');
  // the reason is required when returning: the API's message, nothing changes
  const apiNoReason = await reviewer.post('/api/review/batch', { action: 'return', items: [{ kind: 'achievement', id: a1 }] });
  assert.equal(apiNoReason.status, 400);
  const noReason = tb('review', 'batch', '--action', 'return', `achievement:${a1}`);
  assert.equal(noReason.code, 2);
  assert.equal(noReason.stderr.trim(), apiLine(apiNoReason.json));
  const longReason = 'x'.repeat(5000);
  const apiLong = await reviewer.post('/api/review/batch', { action: 'return', reason: longReason, items: [{ kind: 'achievement', id: a1 }] });
  assert.equal(apiLong.status, 400);
  const cLong = tb('review', 'batch', '--action', 'return', '--reason', longReason, `achievement:${a1}`);
  assert.equal(cLong.code, 2);
  assert.equal(cLong.stderr.trim(), apiLine(apiLong.json));
  assert.equal(tb('review', 'batch', '--action', 'return', '--reason', 'r', 'contract:1').code, 2);
  assert.equal(tb('review', 'batch', '--action', 'publish').code, 2);
  assert.equal(tb('review', 'batch', '--action', 'delete', `achievement:${a1}`).code, 2);
  assert.equal((await admin.get(`/api/achievements/${a1}`)).json.status, 'submitted');

  // return two with one reason
  const ret = tb('review', 'batch', '--action', 'return', '--reason', '请补充试验数据', `achievement:${a1}`, `demand:${d1}`, '--json');
  assert.equal(ret.code, 0, ret.stderr);
  assert.deepEqual(JSON.parse(ret.stdout), { action: 'return', ok: 2, failed: 0, results: [
    { kind: 'achievement', id: a1, ok: true, status: 'draft' }, { kind: 'demand', id: d1, ok: true, status: 'draft' }] });
  assert.equal((await admin.get(`/api/achievements/${a1}`)).json.review_note, '请补充试验数据');
  assert.equal((await admin.get(`/api/demands/${d1}`)).json.review_note, '请补充试验数据');
  // publish: a stale item (a1, published meanwhile through the API) fails alone
  // with the API's 409 for it; a2 is published; exit 2
  const first = await reviewer.post('/api/review/batch', { action: 'publish', items: [{ kind: 'achievement', id: a1 }] });
  assert.equal(first.json.ok, 1, first.text);
  const pub = tb('review', 'batch', '--action', 'publish', `achievement:${a1}`, `achievement:${a2}`, '--json');
  assert.equal(pub.code, 2);
  const got = JSON.parse(pub.stdout);
  assert.equal(got.ok, 1);
  assert.equal(got.failed, 1);
  const apiStale = await reviewer.post('/api/review/batch', { action: 'publish', items: [{ kind: 'achievement', id: a1 }] });
  assert.deepEqual(got.results[0], apiStale.json.results[0]);
  assert.equal(got.results[0].code, 409);
  assert.equal(got.results[0].field, 'status');
  assert.deepEqual(got.results[1], { kind: 'achievement', id: a2, ok: true, status: 'published' });
  const view = (await admin.get(`/api/achievements/${a2}`)).json;
  assert.equal(view.status, 'published');
  assert.match(view.expires_at, /^\d{4}-\d{2}-\d{2}$/);
});

test('challenge app-edit: the team edits its application before the deadline (versioned), as PUT does', async () => {
  const issuer = (await admin.post('/api/orgs', { name: 'CLI改申请发榜企业', kind: 'enterprise', city: '沈阳' })).json.id;
  const team = (await admin.post('/api/orgs', { name: 'CLI改申请团队', kind: 'university', city: '沈阳' })).json.id;
  const email = 'team@cli-app-edit.test.cn';
  assert.equal((await admin.post('/api/users', { email, password: 'Cli-app-edit-2026!x', role: 'member', org_id: team })).status, 201);
  const deadline = new Date(Date.now() + (srv.clockOffset + 3600) * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
  const ch = await admin.post('/api/challenges', {
    issuer_org_id: issuer, title_zh: '命令行改申请测试榜', problem: '缺陷率高。', field: 'materials', region: '沈阳',
    deadline, period_start: '2027-01-01', period_end: '2028-12-31', acceptance: '用户验收', budget_fen: 300000000, max_winners: 1,
    indicators: [{ name: '缺陷率', target: '2', unit: '%' }], deliverables: ['工艺规范'],
    stages: [{ name: '启动', kind: 'initial', amount_fen: 300000000 }],
    criteria: [{ name: '技术路线', weight: 100 }], contacts: [{ name: '刘工', contact: '024-1' }] });
  assert.equal(ch.status, 201, ch.text);
  assert.equal((await admin.post(`/api/challenges/${ch.json.id}/submit`)).status, 200);
  assert.equal((await reviewer.post(`/api/challenges/${ch.json.id}/publish`)).status, 200);
  // a file on the challenge from the CLI (issue #18: challenges carry attachments too)
  const att = tb('attachment', 'add', '--kind', 'challenge', '--id', String(ch.json.id), join(FIX, 'certificate.pdf'), '--name', '任务说明.pdf', '--json');
  assert.equal(att.code, 0, att.stderr);
  assert.equal(JSON.parse(att.stdout).kind, 'challenge');
  const chList = await srv.client().get(`/api/challenges/${ch.json.id}/attachments`);
  assert.deepEqual(JSON.parse(tb('attachment', 'list', '--kind', 'challenge', '--id', String(ch.json.id), '--json').stdout), chList.json);
  assert.equal(tb('attachment', 'list', '--kind', 'case', '--id', '99999999').code, 2);
  const ap = tb('challenge', 'apply', String(ch.json.id), '--as', email, '--team', String(team), '--plan', '第一版方案。',
    '--member', '张博士|负责人', '--budget', '启动|100000000', '--milestone', '工艺验证|2027-06-30|initial|100000000|缺陷率 2%', '--json');
  assert.equal(ap.code, 0, ap.stderr);
  const app = JSON.parse(ap.stdout).id;
  const edit = ['--plan', '第二版：定向凝固 + 籽晶法。', '--member', '张博士|负责人', '--budget', '启动|120000000',
    '--milestone', '工艺验证|2027-06-30|initial|120000000|缺陷率 2%'];
  // the rules of applying: tranches must add up to the budget (the API's message)
  const bad = tb('challenge', 'app-edit', String(app), '--as', email, '--plan', 'x', '--member', '张博士|负责人',
    '--budget', '启动|120000000', '--milestone', '工艺验证|2027-06-30|initial|1|缺陷率 2%');
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /^milestones: /);
  // another account does not find the sealed application
  assert.equal(tb('challenge', 'app-edit', String(app), '--as', demoEmail('member'), ...edit).code, 2);
  const ok = tb('challenge', 'app-edit', String(app), '--as', email, ...edit, '--json');
  assert.equal(ok.code, 0, ok.stderr);
  const got = JSON.parse(ok.stdout);
  assert.equal(got.version, 2);
  assert.equal(got.plan, '第二版：定向凝固 + 籽晶法。');
  assert.equal(got.requested_fen, 120000000);
  // the API sees the edit and the kept version
  const c = srv.client();
  assert.equal((await c.login(email, 'Cli-app-edit-2026!x')).status, 200);
  const v = await c.get(`/api/challenge-applications/${app}/versions`);
  assert.equal(v.status, 200, v.text);
  assert.deepEqual(v.json.items.map((x) => [x.version, x.plan, x.requested_fen]), [[1, '第一版方案。', 100000000]]);
  // after the deadline: fixed (the API's 409 on status), exit 2
  srv.advance(7200);
  const late = tb('challenge', 'app-edit', String(app), '--as', email, ...edit);
  assert.equal(late.code, 2);
  assert.match(late.stderr, /^status: /);
});

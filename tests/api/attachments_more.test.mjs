// attachments_more.test.mjs - issue #18: attachments on challenges (揭榜挂帅)
// and docking cases, with the rules of listing attachments (type by content,
// size cap, in the database, Content-Disposition + sandbox CSP, images inline
// for thumbnails) and the visibility of the item: a draft challenge is its
// issuer's and the bureau's (404 to others), a case its participants' and
// the reviewers' (403 to other accounts, 401 anonymous). Files hang on the
// challenge, never on an application: a team that applied cannot add one
// (its sealed plan cannot be published that way).
//
// Guards against: challenges and cases had no attachments (only listings),
// and a naive generalisation that checks only "logged in" would hand a
// stranger a case's contract scans.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Server, ROOT, complete } from './lib.mjs';

const FIX = join(ROOT, 'tests/fixtures/attachments');
const file = (n) => readFileSync(join(FIX, n));
const pw = 'Attach-more-pw-2026!x';
let srv, admin, reviewer, member, orgA, orgX, seq = 0;

async function upload(c, path, name, bytes, type = 'application/octet-stream') {
  const headers = { 'content-type': type };
  if (c.csrf) headers['x-csrf-token'] = c.csrf;
  if (c.cookies.size) headers.cookie = c.cookieHeader();
  const r = await fetch(`${srv.base}${path}?name=${encodeURIComponent(name)}`, { method: 'POST', headers, body: bytes });
  const text = await r.text();
  let json = null;
  try { json = JSON.parse(text); } catch { /* */ }
  return { status: r.status, json, text };
}
async function download(c, url) {
  const headers = {};
  if (c.cookies.size) headers.cookie = c.cookieHeader();
  const r = await fetch(`${srv.base}${url}`, { headers });
  return { status: r.status, headers: r.headers, body: Buffer.from(await r.arrayBuffer()) };
}
async function userOf(orgId) {
  const email = `attach-more-${++seq}@test.cn`;
  const r = await admin.post('/api/users', { email, password: pw, role: 'member', org_id: orgId });
  assert.equal(r.status, 201, r.text);
  const c = srv.client();
  assert.equal((await c.login(email, pw)).status, 200);
  return c;
}
async function org(name, kind = 'enterprise') {
  const r = await admin.post('/api/orgs', { name: `${name}${++seq}`, kind, city: '沈阳' });
  assert.equal(r.status, 201, r.text);
  return r.json.id;
}

before(async () => {
  srv = await Server.start();
  admin = await srv.session('admin');
  reviewer = await srv.session('reviewer');
  member = await srv.session('member');
  orgA = member.user.org_id;
  orgX = await org('附件扩展测试企业');
});
after(async () => { await srv.stop(); });

test('challenge: the issuer attaches while a draft (hidden: 404), everyone sees and downloads once published; a team cannot attach', async () => {
  const deadline = new Date(Date.now() + (srv.clockOffset + 86400) * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
  const ch = await member.post('/api/challenges', {
    issuer_org_id: orgA, title_zh: '附件测试榜单', problem: '缺陷率高。', field: 'materials', region: '沈阳',
    deadline, period_start: '2027-01-01', period_end: '2028-12-31', acceptance: '用户验收', budget_fen: 300000000, max_winners: 1,
    indicators: [{ name: '缺陷率', target: '2', unit: '%' }], deliverables: ['工艺规范'],
    stages: [{ name: '启动', kind: 'initial', amount_fen: 300000000 }],
    criteria: [{ name: '技术路线', weight: 100 }], contacts: [{ name: '刘工', contact: '024-1' }] });
  assert.equal(ch.status, 201, ch.text);
  const base = `/api/challenges/${ch.json.id}/attachments`;
  const pdf = file('certificate.pdf'), png = file('photo.png');
  const up = await upload(member, base, '任务说明.pdf', pdf);
  assert.equal(up.status, 201, up.text);
  assert.equal(up.json.kind, 'challenge');
  assert.equal(up.json.item_id, ch.json.id);
  assert.equal(up.json.mime, 'application/pdf');
  const img = await upload(member, base, 'site.png', png);
  assert.equal(img.status, 201, img.text);
  // the same rules as on listings: a renamed executable is refused by its content
  const exe = await upload(member, base, 'setup.pdf', file('setup.exe.pdf'), 'application/pdf');
  assert.equal(exe.status, 415, exe.text);
  assert.equal(exe.json.field, 'file');
  // a draft: the issuer and the bureau see the files; a stranger and the public do not (404)
  const stranger = await userOf(orgX);
  assert.equal((await member.get(base)).json.total, 2);
  assert.equal((await reviewer.get(base)).json.total, 2);
  for (const c of [stranger, srv.client()]) {
    assert.equal((await c.get(base)).status, 404);
    const d = await download(c, up.json.url);
    assert.equal(d.status, 404);
    assert.ok(!d.body.includes(pdf.subarray(0, 64)), 'not the file');
  }
  // a stranger may not attach or remove
  assert.equal((await upload(stranger, base, 'x.pdf', pdf)).status, 404);
  assert.equal((await stranger.del(`/api/attachments/${up.json.id}`)).status, 404);
  // published: everyone sees and downloads, served safely
  assert.equal((await member.post(`/api/challenges/${ch.json.id}/submit`)).status, 200);
  assert.equal((await reviewer.post(`/api/challenges/${ch.json.id}/publish`)).status, 200);
  const pub = await srv.client().get(base);
  assert.equal(pub.status, 200);
  assert.deepEqual(pub.json.items.map((x) => [x.kind, x.item_id, x.name]), [['challenge', ch.json.id, '任务说明.pdf'], ['challenge', ch.json.id, 'site.png']]);
  const d = await download(srv.client(), up.json.url);
  assert.equal(d.status, 200);
  assert.ok(d.body.equals(pdf));
  assert.equal(d.headers.get('content-type'), 'application/pdf');
  assert.match(d.headers.get('content-disposition'), /^attachment; filename="_{12}\.pdf"; filename\*=UTF-8''%E4%BB%BB%E5%8A%A1%E8%AF%B4%E6%98%8E\.pdf$/);
  assert.match(d.headers.get('content-security-policy'), /(^|, )sandbox; default-src 'none'/);
  assert.equal(d.headers.get('x-content-type-options'), 'nosniff');
  const thumb = await download(srv.client(), `${img.json.url}?inline=1`);
  assert.equal(thumb.status, 200);
  assert.match(thumb.headers.get('content-disposition'), /^inline; /);
  // a team applies; it cannot attach to the challenge (its plan stays sealed in its application)
  const team = await org('附件扩展测试团队', 'university');
  const teamUser = await userOf(team);
  const app = await teamUser.post(`/api/challenges/${ch.json.id}/applications`, { team_org_id: team, plan: '密封的方案。',
    members: [{ name: '张博士', role: '负责人' }], budget: [{ stage: '启动', amount_fen: 100000000 }],
    milestones: [{ title: '验证', due_on: '2027-06-30', tranche: 'initial', indicators: '缺陷率 2%', amount_fen: 100000000 }] });
  assert.equal(app.status, 201, app.text);
  const teamUp = await upload(teamUser, base, 'plan.pdf', pdf);
  assert.equal(teamUp.status, 403, teamUp.text);
  assert.equal((await srv.client().get(base)).json.total, 2, 'nothing added');
  // removal by the issuer, audited on the challenge
  const del = await member.del(`/api/attachments/${img.json.id}`);
  assert.equal(del.status, 204);
  const audit = (await admin.get('/api/audit?resource=challenge&limit=100')).json.items.filter((e) => e.resource_id === ch.json.id && e.action.startsWith('attachment_'));
  assert.deepEqual(audit.map((e) => e.action).sort(), ['attachment_add', 'attachment_add', 'attachment_delete']);
});

test('docking case: its participants attach and read; a stranger gets 403, the public 401; reviewers read only', async () => {
  const ach = await admin.post('/api/achievements', complete('achievements', { title_zh: '附件案例成果', owner_org_id: orgA, status: 'published', modes: ['transfer'] }));
  const dem = await admin.post('/api/demands', complete('demands', { title_zh: '附件案例需求', org_id: orgX, status: 'published' }));
  assert.equal(ach.status, 201, ach.text);
  assert.equal(dem.status, 201, dem.text);
  const k = await admin.post('/api/cases', { achievement_id: ach.json.id, demand_id: dem.json.id, origin: 'manual' });
  assert.equal(k.status, 201, k.text);
  const base = `/api/cases/${k.json.id}/attachments`;
  const pdf = file('certificate.pdf');
  // the owner side (member of orgA) attaches
  const up = await upload(member, base, '意向书.pdf', pdf);
  assert.equal(up.status, 201, up.text);
  assert.equal(up.json.kind, 'case');
  // the seeker side (a user of orgX) reads it
  const seeker = await userOf(orgX);
  const l = await seeker.get(base);
  assert.equal(l.status, 200, l.text);
  assert.deepEqual(l.json.items.map((x) => x.name), ['意向书.pdf']);
  const got = await download(seeker, up.json.url);
  assert.equal(got.status, 200);
  assert.ok(got.body.equals(pdf));
  // a stranger (another organisation): 403 and never the bytes; anonymous: 401
  const stranger = await userOf(await org('附件案例旁观单位'));
  assert.equal((await stranger.get(base)).status, 403);
  const sd = await download(stranger, up.json.url);
  assert.equal(sd.status, 403);
  assert.ok(!sd.body.includes(pdf.subarray(0, 64)));
  assert.equal((await upload(stranger, base, 'x.pdf', pdf)).status, 403);
  assert.equal((await stranger.del(`/api/attachments/${up.json.id}`)).status, 403);
  // the refused writes are audited as what they tried (a refused removal was
  // recorded as an "attachment_add"); refused reads are not audited, as on listings
  const denied = (await admin.get('/api/audit?resource=case&limit=100')).json.items
    .filter((e) => e.resource_id === k.json.id && e.outcome === 'deny').map((e) => e.action).sort();
  assert.deepEqual(denied, ['attachment_add', 'attachment_delete']);
  assert.equal((await srv.client().get(base)).status, 401);
  assert.equal((await download(srv.client(), up.json.url)).status, 401);
  // reviewers read every case's files but do not add to it
  assert.equal((await reviewer.get(base)).json.total, 1);
  assert.equal((await upload(reviewer, base, 'x.pdf', pdf)).status, 403);
  // size cap and type as on listings
  const big = Buffer.concat([pdf, Buffer.alloc(8 * 1024 * 1024)]);
  assert.equal((await upload(member, base, 'big.pdf', big)).status, 413);
  assert.equal((await upload(member, base, 'page.pdf', Buffer.from('<html><script>alert(1)</script></html>'))).status, 415);
  // unknown case: 404
  assert.equal((await member.get('/api/cases/99999999/attachments')).status, 404);
  // the seeker side removes it
  assert.equal((await seeker.del(`/api/attachments/${up.json.id}`)).status, 204);
  assert.equal((await member.get(base)).json.total, 0);
});

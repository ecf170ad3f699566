// attachments.test.mjs - files on achievements and demands (issue #18):
// upload as a raw body with the file's type, the type identified from the
// content (a renamed executable is refused 415 naming what it is), served
// with Content-Disposition, nosniff and a sandboxing CSP, visible to whoever
// may see the listing, added and removed by whoever may edit it.
//
// Guards against: listings had no attachments; and a naive upload that
// trusts the extension or the Content-Type would serve an executable or an
// HTML page as a "PDF" from this origin.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { Server, ROOT, complete } from './lib.mjs';

const FIX = join(ROOT, 'tests/fixtures/attachments');
const file = (n) => readFileSync(join(FIX, n));
let srv, admin, reviewer, member, orgAdmin, own, other, pub, draft, otherPub;

async function upload(c, path, name, bytes, type) {
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

before(async () => {
  srv = await Server.start();
  admin = await srv.session('admin');
  reviewer = await srv.session('reviewer');
  member = await srv.session('member');
  orgAdmin = await srv.session('org_admin');
  own = member.user.org_id;
  other = (await admin.post('/api/orgs', { name: '附件测试其他单位', kind: 'enterprise', city: '大连' })).json.id;
  const mk = async (kind, org, status) => {
    const body = kind === 'achievements'
      ? { title_zh: `附件测试成果${status}${org}`, trl: 5, modes: ['transfer'], price: 100000, owner_org_id: org, status }
      : { title_zh: `附件测试需求${status}${org}`, budget_max: 100000, org_id: org, status };
    const r = await admin.post(`/api/${kind}`, complete(kind, body));
    assert.equal(r.status, 201, r.text);
    return r.json.id;
  };
  pub = await mk('achievements', own, 'published');
  draft = await mk('demands', own, 'draft');
  otherPub = await mk('achievements', other, 'published');
});
after(async () => { await srv.stop(); });

test('upload each accepted type; the stored type is the content\'s; the file comes back byte for byte', async () => {
  const cases = [['certificate.pdf', 'application/pdf'], ['photo.png', 'image/png'], ['scan.jpg', 'image/jpeg'],
    ['spec.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
    ['figures.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet']];
  for (const [name, mime] of cases) {
    const bytes = file(name);
    const r = await upload(member, `/api/achievements/${pub}/attachments`, name, bytes, 'application/octet-stream');
    assert.equal(r.status, 201, `${name}: ${r.text}`);
    assert.equal(r.json.mime, mime);
    assert.equal(r.json.name, name);
    assert.equal(r.json.size, bytes.length);
    assert.equal(r.json.sha256, createHash('sha256').update(bytes).digest('hex'));
    const d = await download(srv.client(), r.json.url);
    assert.equal(d.status, 200);
    assert.ok(d.body.equals(bytes), `${name}: same bytes`);
    assert.equal(d.headers.get('content-type'), mime);
    assert.equal(d.headers.get('x-content-type-options'), 'nosniff');
    assert.match(d.headers.get('content-disposition'), new RegExp(`^attachment; filename="${name.replace('.', '\\.')}"`));
    assert.match(d.headers.get('content-security-policy'), /sandbox/);
  }
  const l = await srv.client().get(`/api/achievements/${pub}/attachments`);
  assert.equal(l.status, 200, l.text);
  assert.deepEqual(l.json.items.map((x) => x.name), cases.map(([n]) => n));
  // Images may be shown inline when asked; other types never.
  const img = l.json.items.find((x) => x.mime === 'image/png');
  assert.match((await download(srv.client(), `${img.url}?inline=1`)).headers.get('content-disposition'), /^inline;/);
  const doc = l.json.items.find((x) => x.mime === 'application/pdf');
  assert.match((await download(srv.client(), `${doc.url}?inline=1`)).headers.get('content-disposition'), /^attachment;/);
});

test('a renamed executable is refused 415 naming the detected type; a forged extension or declared type too', async () => {
  const exe = file('setup.exe.pdf');
  const r = await upload(member, `/api/achievements/${pub}/attachments`, 'setup.pdf', exe, 'application/pdf');
  assert.equal(r.status, 415, r.text);
  assert.equal(r.json.field, 'file');
  assert.match(r.json.error, /application\/vnd\.microsoft\.portable-executable/);
  const html = await upload(member, `/api/achievements/${pub}/attachments`, 'photo.png', Buffer.from('<!DOCTYPE html><script>alert(1)</script>'), 'image/png');
  assert.equal(html.status, 415, html.text);
  assert.match(html.json.error, /text\/html/);
  const forged = await upload(member, `/api/achievements/${pub}/attachments`, 'certificate.png', file('certificate.pdf'), 'application/octet-stream');
  assert.equal(forged.status, 415, forged.text);
  assert.equal(forged.json.field, 'name');
  const lied = await upload(member, `/api/achievements/${pub}/attachments`, 'certificate.pdf', file('certificate.pdf'), 'image/png');
  assert.equal(lied.status, 415, lied.text);
  assert.equal(lied.json.field, 'Content-Type');
  const unnamed = await upload(member, `/api/achievements/${pub}/attachments`, '', file('certificate.pdf'), 'application/pdf');
  assert.equal(unnamed.status, 400, unnamed.text);
  assert.equal(unnamed.json.field, 'name');
  // Other endpoints still require JSON bodies.
  const notJson = await upload(member, `/api/achievements/${pub}/submit`, 'x.pdf', file('certificate.pdf'), 'application/pdf');
  assert.equal(notJson.status, 415);
  assert.equal(notJson.json.field, 'Content-Type');
});

test('size cap: a body over 8 MiB is refused 413 before it is stored', async () => {
  const big = Buffer.alloc((8 << 20) + 1);
  file('certificate.pdf').copy(big);
  const r = await upload(member, `/api/achievements/${pub}/attachments`, 'big.pdf', big, 'application/pdf');
  assert.equal(r.status, 413, r.text);
  // 2 MiB is still the cap of a JSON body
  const json = await member.post('/api/achievements/quality', { title_zh: 'x'.repeat((2 << 20) + 10) });
  assert.equal(json.status, 413);
});

test('visibility follows the listing; only who may edit the listing adds or removes', async () => {
  const up = await upload(member, `/api/demands/${draft}/attachments`, 'plan.pdf', file('certificate.pdf'), 'application/pdf');
  assert.equal(up.status, 201, up.text);
  // a draft's file: its organisation and reviewers, not the public or others
  assert.equal((await download(srv.client(), up.json.url)).status, 401);
  assert.equal((await srv.client().get(`/api/demands/${draft}/attachments`)).status, 401);
  assert.equal((await download(member, up.json.url)).status, 200);
  assert.equal((await download(reviewer, up.json.url)).status, 200);
  // another organisation's listing: no upload, no delete
  assert.equal((await upload(member, `/api/achievements/${otherPub}/attachments`, 'x.pdf', file('certificate.pdf'), 'application/pdf')).status, 403);
  assert.equal((await upload(reviewer, `/api/achievements/${otherPub}/attachments`, 'x.pdf', file('certificate.pdf'), 'application/pdf')).status, 403);
  assert.equal((await upload(srv.client(), `/api/achievements/${otherPub}/attachments`, 'x.pdf', file('certificate.pdf'), 'application/pdf')).status, 401);
  const theirs = await upload(admin, `/api/achievements/${otherPub}/attachments`, 'x.pdf', file('certificate.pdf'), 'application/pdf');
  assert.equal(theirs.status, 201, theirs.text);
  assert.equal((await member.del(`/api/attachments/${theirs.json.id}`)).status, 403);
  assert.equal((await orgAdmin.del(`/api/attachments/${up.json.id}`)).status, 204);
  assert.equal((await member.del(`/api/attachments/${up.json.id}`)).status, 404);
  // both changes are in the listing's history
  const h = await reviewer.get(`/api/demands/${draft}/history`);
  const actions = h.json.audit.map((e) => e.action);
  assert.ok(actions.includes('attachment_add') && actions.includes('attachment_delete'), String(actions));
  // once the listing is withdrawn from the public, so are its files
  const pubFile = (await srv.client().get(`/api/achievements/${pub}/attachments`)).json.items[0];
  assert.equal((await member.post(`/api/achievements/${pub}/withdraw`)).status, 200);
  assert.equal((await download(srv.client(), pubFile.url)).status, 401);
});

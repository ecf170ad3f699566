// errors_i18n.test.mjs - every 4xx carries a stable code, the field, and a
// message in the caller's language (issue #16: "the server answers errors in
// the language the request asks for, with a stable error code beside the
// message, so that the UI stops mapping English strings to Chinese"; issue #18
// item 4: English server messages on the Chinese UI). One representative
// validation error per resource at least, asked for in Chinese and English.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Server, ROOT, cli } from './lib.mjs';

let srv, admin, codes;
before(async () => {
  srv = await Server.start({ demo: true });
  admin = await srv.session('admin');
  codes = (await srv.client().get('/api/openapi.json')).json.components.schemas.Error.properties.code.enum;
});
after(async () => { await srv.stop(); });

const CJK = /[\u3400-\u9fff]/;
const LATIN_WORD = /[A-Za-z]{4,}/;

// [resource, method, path, body, expected status, code, field]
const CASES = [
  ['achievements', 'POST', '/api/achievements', { title_zh: '题'.repeat(201), owner_org_id: 1, trl: 5, modes: ['licence'] }, 400, 'too_long', 'title_zh'],
  ['achievements', 'POST', '/api/achievements', { title_zh: '标题', owner_org_id: 1, trl: 12, modes: ['licence'] }, 400, 'out_of_range', 'trl'],
  ['achievements', 'POST', '/api/achievements', { title_zh: '标题', owner_org_id: 1, trl: 5, modes: ['licence'], keywords: ['k'.repeat(61)] }, 400, 'keyword_too_long', 'keywords'],
  ['achievements', 'GET', '/api/achievements?sort=bogus', undefined, 400, 'one_of_list', 'sort'],
  ['demands', 'POST', '/api/demands', {}, 400, 'title_required', 'title_zh'],
  ['demands', 'GET', '/api/demands?trl_min=6&trl_max=3', undefined, 400, 'min_exceeds_max', 'trl_min'],
  ['orgs', 'POST', '/api/orgs', {}, 400, 'field_required', 'name'],
  ['users', 'POST', '/api/users', {}, 400, 'field_required', 'email'],
  ['instruments', 'POST', '/api/instruments', {}, 400, 'field_required', 'org_id'],
  ['bookings', 'POST', '/api/instruments/1/bookings', {}, 400, 'field_required', 'org_id'],
  ['bookings', 'GET', '/api/bookings?limit=x', undefined, 400, 'not_integer', 'limit'],
  ['contracts', 'POST', '/api/contracts', {}, 400, 'field_required', 'reg_no'],
  ['challenges', 'POST', '/api/challenges', {}, 400, 'field_required', 'deadline'],
  ['tiers', 'POST', '/api/tiers/rules', {}, 400, 'field_required', 'tier'],
  ['platforms', 'POST', '/api/platforms', {}, 400, 'field_required', 'name'],
  ['platforms', 'GET', '/api/platforms/counts?by=colour', undefined, 400, 'one_of', 'by'],
  ['cases', 'POST', '/api/cases', {}, 400, 'listing_required', 'achievement_id'],
  ['contacts', 'POST', '/api/contacts', {}, 400, 'field_required', 'kind'],
  ['events', 'POST', '/api/events', {}, 400, 'field_required', 'kind'],
  ['feedback', 'PUT', '/api/feedback', {}, 400, 'field_required', 'achievement_id'],
  ['subscriptions', 'POST', '/api/subscriptions', {}, 400, 'field_required', 'kind'],
  ['revisions', 'POST', '/api/achievements/1/revision/reject', {}, 400, 'field_required', 'reason'],
  ['indicators', 'PUT', '/api/indicators/targets', {}, 400, 'field_required', 'year'],
  ['audit', 'GET', '/api/audit?limit=x', undefined, 400, 'not_integer', 'limit'],
  ['match', 'POST', '/api/match', {}, 400, 'field_required', 'text'],
  ['body', 'POST', '/api/orgs', '{"name": ', 400, 'invalid_json', 'body'],
  ['body', 'POST', '/api/orgs', { name: 'x', color: 'red' }, 400, 'unknown_field', 'color'],
  // A top-level key that is not in the body's list is named as sent: the API
  // nests the contact (contact.email), and the rename of the domain's flat
  // field names (contact_email -> contact.email) once turned an unknown
  // contact_email key into a field the caller never sent.
  ['body', 'POST', '/api/achievements', { title_zh: '标题', owner_org_id: 1, trl: 5, modes: ['licence'], contact_email: 'a@b.cn' }, 400, 'unknown_field', 'contact_email'],
  ['records', 'GET', '/api/achievements/999999', undefined, 404, 'not_found', undefined],
  ['router', 'GET', '/api/no-such-thing', undefined, 404, 'no_such_endpoint', undefined],
];

// Guards against: English-only messages ("each keyword must be at most 60
// bytes", "must not exceed trl_max", the raw sort list) on the Chinese UI, and
// errors without a machine code.
test('validation errors: a documented code, the field, Chinese for zh and English for en', async () => {
  const seen = new Set();
  for (const [res, method, path, body, status, code, field] of CASES) {
    for (const lang of ['zh', 'en']) {
      const r = await admin.req(method, path, body, { 'accept-language': lang === 'zh' ? 'zh-CN,zh;q=0.9,en;q=0.8' : 'en-GB,en;q=0.9' });
      const where = `${res}: ${method} ${path} (${lang}) -> ${r.text.slice(0, 200)}`;
      assert.equal(r.status, status, where);
      assert.equal(r.json.code, code, where);
      assert.equal(r.json.field, field, where);
      assert.ok(codes.includes(r.json.code), `${where}: code in the OpenAPI Error enum`);
      if (lang === 'zh') {
        assert.match(r.json.error, CJK, where);
        assert.equal(r.json.detail, undefined, `${where}: a catalogued message has no English detail`);
      } else {
        assert.doesNotMatch(r.json.error, CJK, where);
        assert.match(r.json.error, LATIN_WORD, where);
        if (status === 400) assert.ok(r.json.error.startsWith(`${field}: `), where);
      }
    }
    seen.add(res);
  }
  assert.ok(seen.size >= 20, `${seen.size} resources`);
});

test('the language: ?lang= wins over Accept-Language, English by default, field labels in Chinese', async () => {
  const q = await admin.req('POST', '/api/orgs?lang=zh', {}, { 'accept-language': 'en' });
  assert.equal(q.json.error, '名称：必须填写');
  const none = await admin.req('POST', '/api/orgs', {});
  assert.equal(none.json.error, 'name: is required');
  const pref = await admin.req('POST', '/api/orgs', {}, { 'accept-language': 'fr-FR, en;q=0.5, zh;q=0.8' });
  assert.equal(pref.json.error, '名称：必须填写');
  // Every field error of a catalogue form, each coded and in the language asked for.
  const all = await admin.req('POST', '/api/demands', {}, { 'accept-language': 'zh' });
  assert.deepEqual(all.json.errors.map((e) => [e.field, e.code]),
    [['title_zh', 'title_required'], ['desc_zh', 'desc_required'], ['org_id', 'field_required']]);
  for (const e of all.json.errors) assert.match(e.error, CJK);
  // A 409 of the status machine names the action and status in Chinese.
  const list = await admin.get('/api/achievements?limit=1');
  const pub = list.json.items[0].id;
  const again = await admin.req('POST', `/api/achievements/${pub}/publish`, {}, { 'accept-language': 'zh' });
  assert.equal(again.status, 409);
  assert.equal(again.json.code, 'status_transition');
  assert.equal(again.json.error, '状态为“已发布”的条目不能发布');
  const en = await admin.req('POST', `/api/achievements/${pub}/publish`, {}, { 'accept-language': 'en' });
  assert.equal(en.json.error, 'cannot publish an item that is published');
  // 401 from the router, before any body is read.
  const anon = await srv.client().req('POST', '/api/orgs', {}, { 'accept-language': 'zh' });
  assert.deepEqual(anon.json, { error: '请先登录', code: 'login_required' });
});

// Guards against: the booking rules (issue #18: the first click on a default
// slot failed) answering English on the Chinese instrument page.
test('booking rules in both languages: lead time, a list of values the Chinese way', async () => {
  const ins = (await admin.get('/api/instruments?limit=1')).json.items[0];
  const org = (await admin.get('/api/orgs?limit=1')).json.items[0].id;
  const body = { org_id: org, start: '2020-01-06T09:00', end: '2020-01-06T10:00', booker_name: '测试' };
  const zh = await admin.req('POST', `/api/instruments/${ins.id}/bookings`, body, { 'accept-language': 'zh' });
  assert.equal(zh.json.code, 'lead_time', zh.text);
  assert.equal(zh.json.field, 'start');
  assert.match(zh.json.error, /^开始时间：需至少提前 \d+ 小时预约$/);
  const en = await admin.req('POST', `/api/instruments/${ins.id}/bookings`, body, { 'accept-language': 'en' });
  assert.match(en.json.error, /^start: must be at least \d+ hours from now \(lead time\)$/);
  const by = await admin.req('GET', '/api/platforms/counts?by=colour', undefined, { 'accept-language': 'zh' });
  assert.equal(by.json.error, '分组方式：应为以下取值之一：kind、level、city、district、field、year、status');
});

// Guards against: the quality gate's 400 (issue #16) saying its sentence in
// English to the Chinese UI.
test('the quality gate answers in the language asked for', async () => {
  const org = (await admin.get('/api/orgs?limit=1')).json.items[0].id;
  const a = await admin.post('/api/achievements', { title_zh: '空', trl: 3, modes: ['licence'], owner_org_id: org });
  assert.equal(a.status, 201, a.text);
  const zh = await admin.req('POST', `/api/achievements/${a.json.id}/submit`, {}, { 'accept-language': 'zh' });
  assert.equal(zh.status, 400);
  assert.equal(zh.json.code, 'quality_below_threshold');
  assert.equal(zh.json.error, '中文标题：条目信息不完整（得分 10，提交需要 60），请按检查清单补充');
  for (const e of zh.json.errors) assert.match(e.error, CJK, e.code);
  const en = await admin.req('POST', `/api/achievements/${a.json.id}/submit`, {}, { 'accept-language': 'en' });
  assert.equal(en.json.error, 'title_zh: the listing scores 10 of 60 needed to submit; add what the checklist names');
  for (const e of en.json.errors) assert.doesNotMatch(e.error, CJK, e.code);
});

// Guards against: codes that clients key on but nobody documented.
test('every code is documented in docs/api.md', () => {
  const doc = readFileSync(join(ROOT, 'docs/api.md'), 'utf8');
  const missing = codes.filter((c) => !doc.includes(`\`${c}\``));
  assert.deepEqual(missing, []);
});

// Guards against: the CLI printing English only while the API speaks Chinese.
test('the CLI prints the same message in the language of --lang or LANG', () => {
  const db = join(srv.dir, 'cli.db');
  const zh = cli(['org', 'add', '--db', db, '--lang', 'zh']);
  assert.equal(zh.code, 2);
  assert.match(zh.stderr, /^名称：必须填写$/m);
  const env = cli(['org', 'add', '--db', db], { env: { ...process.env, LC_ALL: '', LC_MESSAGES: '', LANG: 'zh_CN.UTF-8' } });
  assert.match(env.stderr, /^名称：必须填写$/m);
  const en = cli(['org', 'add', '--db', db], { env: { ...process.env, LC_ALL: '', LC_MESSAGES: '', LANG: 'C.UTF-8' } });
  assert.match(en.stderr, /^name: is required$/m);
});

// errors_i18n_a.test.mjs - issue #16 part A ("the server answers errors in the
// language the request asks for, with a stable error code beside the
// message"): one bad input per rule file that used to answer free English
// text (challenges, brokerage, alliances, events, accounts, import, attachments,
// platforms, subscriptions, bulletins, revisions, renewal, favourites, and the
// API's own body readers), asked for in Chinese and in English: the exact code,
// the field, and the exact sentence in each language. Before the change every
// one of them answered the status's generic code ("invalid", "conflict") and,
// in Chinese, only "<label>：输入有误" with the English in `detail`.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Server, cli, complete } from './lib.mjs';

let srv, admin, reviewer, member, codes, org, dir;
const ZH = { 'accept-language': 'zh-CN,zh;q=0.9,en;q=0.8' };
const EN = { 'accept-language': 'en-GB,en;q=0.9' };
const future = '2030-06-01';

before(async () => {
  srv = await Server.start({ demo: true });
  admin = await srv.session('admin');
  reviewer = await srv.session('reviewer');
  member = await srv.session('member');
  codes = (await srv.client().get('/api/openapi.json')).json.components.schemas.Error.properties.code.enum;
  org = member.user.org_id;
  dir = mkdtempSync(join(tmpdir(), 'tb-i18n-a-'));
});
after(async () => { await srv.stop(); rmSync(dir, { recursive: true, force: true }); });

// Asks once in each language; checks status, code, field and both sentences.
async function both(who, method, path, body, status, code, field, zh, en, headers = {}) {
  const z = await who.req(method, path, body, { ...ZH, ...headers });
  const where = `${method} ${path} -> ${z.text.slice(0, 300)}`;
  assert.equal(z.status, status, where);
  assert.equal(z.json.code, code, where);
  assert.equal(z.json.field, field, where);
  assert.equal(z.json.error, zh, where);
  assert.equal(z.json.detail, undefined, `${where}: a catalogued message has no English detail`);
  assert.ok(codes.includes(code), `${code} is in the OpenAPI Error enum`);
  const e = await who.req(method, path, body, { ...EN, ...headers });
  assert.equal(e.json.code, code);
  assert.equal(e.json.error, en, `${method} ${path} (en)`);
}

const challenge = (over = {}) => ({
  issuer_org_id: org, title_zh: '国产减速器精度提升', problem: '国产减速器精度保持性不足。', deadline: future,
  budget_fen: 100000000, max_winners: 1,
  indicators: [{ name: '重复定位精度', target: '0.02', unit: 'mm' }],
  criteria: [{ name: '技术路线', weight: 50 }, { name: '团队能力', weight: 40 }], ...over });

test('challenges (domain/challenge.c): criteria weights', async () => {
  await both(admin, 'POST', '/api/challenges', challenge(), 400, 'weights_sum', 'criteria',
    '标准：评审标准的权重之和应为 100（现为 90）',
    'criteria: evaluation criteria weights must add up to 100 (they add up to 90)');
  // a list entry names itself and its bounds
  await both(admin, 'POST', '/api/challenges', challenge({ criteria: [{ name: '技术路线', weight: 500 }] }), 400,
    'int_range', 'criteria[0].weight', 'criteria[0].weight：应为 0 到 100 之间的整数',
    'criteria[0].weight: must be an integer from 0 to 100');
});

test('events (domain/brokerage.c, domain/event_ops.c): place, agenda kind', async () => {
  const ev = { kind: 'roadshow', title: '路演', starts_on: future, capacity: 10 };
  await both(admin, 'POST', '/api/events', ev, 400, 'place_required', 'place',
    '地点：线下活动必须填写地点', 'place: is required unless the event is online');
  const made = await admin.post('/api/events', { ...ev, place: '沈阳' });
  assert.equal(made.status, 201, made.text);
  await both(admin, 'PATCH', `/api/events/${made.json.id}`, { ends_on: '2020-01-01' }, 400, 'date_not_before', 'ends_on',
    '结束日期：应为不早于开始日期的 YYYY-MM-DD 格式日期', 'ends_on: must be a date YYYY-MM-DD, not before starts_on');
  await both(admin, 'POST', `/api/events/${made.json.id}/items`, { kind: 'patent', item_id: 1 }, 400, 'one_of', 'kind',
    '类别：应为以下取值之一：achievement、demand', 'kind: must be achievement or demand');
});

test('alliances (domain/alliance.c) and platforms (domain/platform.c)', async () => {
  await both(reviewer, 'POST', '/api/alliances', { name: '联盟', level: 'global', founded_on: '2016-03-01', lead_org_id: org },
    400, 'one_of', 'level', '级别：应为以下取值之一：national、provincial、city', 'level: must be national, provincial or city');
  await both(reviewer, 'POST', '/api/alliances', { name: '联盟', level: 'city', founded_on: '2016-03-01', lead_org_id: org,
    members: [{ org_id: 999999, role: 'member' }] }, 400, 'no_such_id', 'members',
  '成员：没有编号为 999999 的机构', 'members: no such organisation 999999');
  await both(reviewer, 'POST', '/api/platforms', { name: '重点实验室', kind: 'castle', level: 'provincial', year: 2019, hosts: [org] },
    400, 'platform_kind', 'kind', '类别：不是已知的平台类别（见 GET /api/platforms/kinds）',
    'kind: is not a platform kind (GET /api/platforms/kinds)');
});

test('accounts (domain/account.c, api/users.c)', async () => {
  await both(admin, 'POST', '/api/users', { email: 'pw@i18n.test.cn', role: 'member', org_id: org, password: 'short' },
    400, 'too_short', 'password', '密码：至少需要 10 个字符', 'password: must be at least 10 characters');
  await both(admin, 'POST', '/api/users', { email: 'org@i18n.test.cn', role: 'member' },
    400, 'role_requires', 'org', '机构：角色为“成员”时必须填写', 'org: is required for role member');
});

test('subscriptions, favourites, bulletins (domain/alerts.c, favourite.c, bulletin.c)', async () => {
  await both(member, 'POST', '/api/subscriptions', { kind: 'search', target: 'achievement' }, 400, 'search_filter_required', 'q',
    '检索词：保存的检索至少需要检索词、技术领域、城市或最低技术成熟度之一', 'q: a saved search needs q, field, city or trl_min');
  await both(member, 'POST', '/api/favourites', { kind: 'achievement', item_id: 99999999 }, 404, 'no_such', 'item_id',
    '没有找到该条目', 'no such listing');
  await both(reviewer, 'POST', '/api/bulletins', { period: '2026-13' }, 400, 'period_format', 'period',
    '期次：应为 YYYY-Www 格式的周（如 2026-W48）或 YYYY-MM 格式的月（如 2026-11）',
    'period: must be a week YYYY-Www (e.g. 2026-W48) or a month YYYY-MM (e.g. 2026-11)');
});

test('revisions and renewal (domain/revision_ops.c, domain/lifecycle.c), catalogue bodies (api/catalog.c)', async () => {
  const d = await admin.post('/api/achievements', complete('achievements',
    { title_zh: '国际化测试草稿', trl: 5, modes: ['licence'], price: 100000, owner_org_id: org, status: 'draft' }));
  assert.equal(d.status, 201, d.text);
  await both(reviewer, 'POST', `/api/achievements/${d.json.id}/revision/reject`, { reason: '不合适' }, 404, 'no_pending_revision',
    'revision', '该条目没有待审核的修改', 'the item has no pending revision');
  await both(admin, 'POST', `/api/achievements/${d.json.id}/renew`, {}, 409, 'renew_status', 'status',
    '只有已发布或已过期的条目可以续期（该条目为“草稿”）', 'only a published or expired listing is renewed (this one is draft)');
  await both(admin, 'POST', `/api/achievements/${d.json.id}/attachments?name=a.pdf`, '', 400, 'file_empty', 'file',
    '文件：文件为空', 'file: is empty', { 'content-type': 'application/octet-stream' });
  await both(admin, 'POST', '/api/achievements', { title_zh: '方式', trl: 3, modes: ['barter'], owner_org_id: org }, 400,
    'unknown_mode_value', 'modes',
    '合作方式：未知的合作方式“barter”（可选 transfer 转让、licence 许可、equity 作价入股、codev 合作开发、service 技术服务）',
    "modes: unknown transaction mode 'barter' (use transfer, licence, equity, codev, service)");
});

test('contracts, review batch, indicators (api/contracts.c, review.c, indicators.c)', async () => {
  await both(admin, 'POST', '/api/contracts', { reg_no: '12', type: 'licensing', seller: { org_id: org }, buyer: { name: '某企业' },
    amount: 1000, signed_on: '2026-01-05' }, 400, 'contract_reg_no_format', 'reg_no',
  '登记号：应为以登记年份开头的 16 位数字', 'reg_no: must be 16 digits starting with the registration year');
  await both(reviewer, 'POST', '/api/review/batch', { action: 'bury', items: [] }, 400, 'one_of', 'action',
    '操作：应为以下取值之一：publish、return', 'action: must be publish or return');
  await both(admin, 'PUT', '/api/indicators/targets', { year: 2026, targets: { colour: 1 } }, 400, 'not_metric', 'targets.colour',
    'targets.colour：不是可设定目标的指标（contract_count, turnover, commercialised, local_conversion_rate, high_tech）',
    'targets.colour: is not a metric (contract_count, turnover, commercialised, local_conversion_rate, high_tech)');
});

// The CLI renders the same codes: an import row (domain/transfer.c) in --lang zh.
test('import (domain/transfer.c): a bad cell in the CLI\'s language', () => {
  const db = join(dir, 'imp.db');
  writeFileSync(join(dir, 'orgs.csv'), 'name,kind,city\n东北大学,university,沈阳\n');
  let r = cli(['import', '--db', db, '--kind', 'orgs', '--format', 'csv', join(dir, 'orgs.csv')]);
  assert.equal(r.code, 0, r.stderr);
  writeFileSync(join(dir, 'a.csv'), 'title_zh,owner_org,trl,modes\nx,东北大学,nine,transfer\n');
  r = cli(['import', '--db', db, '--kind', 'achievements', '--format', 'csv', join(dir, 'a.csv'), '--lang', 'zh']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /:2: trl: 应为1 到 9 之间的整数，而不是“nine”$/m);
  r = cli(['import', '--db', db, '--kind', 'achievements', '--format', 'csv', join(dir, 'a.csv'), '--lang', 'en']);
  assert.match(r.stderr, /:2: trl: must be an integer from 1 to 9, not 'nine'$/m);
});

// The HTTP layer's own 413 (a body that outgrows the cap while it arrives: no
// route ran) was English only, whatever the caller asked for.
test('the HTTP layer\'s 413 in the caller\'s language (http/server.c)', async () => {
  const tok = (await admin.post('/api/auth/tokens', { name: 'i18n-413' })).json.token;
  const big = JSON.stringify({ title_zh: 'x'.repeat(2200000) });
  const send = async (lang) => {
    const r = await fetch(srv.base + '/api/achievements', { method: 'POST', body: big,
      headers: { authorization: `Bearer ${tok}`, 'content-type': 'application/json', 'accept-language': lang } });
    return { status: r.status, json: await r.json() };
  };
  const zh = await send('zh-CN,zh;q=0.9');
  assert.equal(zh.status, 413);
  assert.equal(zh.json.code, 'body_too_large');
  assert.equal(zh.json.field, 'body');
  assert.match(zh.json.error, /^请求体超过 \d+ 字节$/);
  const en = await send('en');
  assert.match(en.json.error, /^request body larger than \d+ bytes$/);
});

// The API's own answers that were free English (api/auth.c, api/review.c).
test('answers of the API itself: a malformed Authorization header, a bad batch item', async () => {
  await both(srv.client(), 'GET', '/api/achievements', undefined, 401, 'auth_header_format', 'Authorization',
    'Authorization 请求头应为“Bearer <API 令牌>”', "Authorization must be 'Bearer <api token>'", { authorization: 'Basic abc' });
  await both(reviewer, 'POST', '/api/review/batch', { action: 'publish', items: [{ kind: 'patent', id: 1 }] }, 400, 'one_of',
    'items[0].kind', 'items[0].kind：应为以下取值之一：achievement、demand', 'items[0].kind: must be achievement or demand');
});

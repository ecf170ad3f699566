// errors_i18n_rules.test.mjs - issue #16 ("the server answers errors in the
// language the request asks for, with a stable error code beside the
// message"), part B: the domain rules of tiers, bookings, payment schedules,
// contracts, instruments, the instrument free-slot range, the catalogue's
// create and the audit query. Each case below was a free English sentence
// answered with the generic code `invalid`/`conflict`/`state_conflict` and, in
// Chinese, only "<label>：输入有误" with the English in `detail`. Each now
// carries its own code and the exact sentence in both languages.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server } from './lib.mjs';

let srv, admin, codes, ent, uni, ins, ach;
let seq = 0;
before(async () => {
  srv = await Server.start({ demo: true });
  admin = await srv.session('admin');
  codes = (await srv.client().get('/api/openapi.json')).json.components.schemas.Error.properties.code.enum;
  ent = (await admin.get('/api/orgs?kind=enterprise&limit=1')).json.items[0].id;
  uni = (await admin.get('/api/orgs?kind=university&limit=1')).json.items[0].id;
  ins = (await admin.get('/api/instruments?limit=1')).json.items[0].id;
  ach = (await admin.get('/api/achievements?limit=50')).json.items.find((a) => a.reg_no);
});
after(async () => { await srv.stop(); });

const contract = (over) => ({
  reg_no: `20242101${String(9900 + ++seq).padStart(8, '0')}`, title: '错误信息测试合同', type: 'licensing',
  subtype: 'patent', seller: { org_id: uni }, buyer: { org_id: ent }, amount: 100000, signed_on: '2024-03-01', ...over,
});

const ZH = { 'accept-language': 'zh-CN,zh;q=0.9,en;q=0.8' };
const EN = { 'accept-language': 'en-GB,en;q=0.9' };

// Asks the same request in both languages and checks the code, the field and
// both sentences exactly. `make` builds the request anew for each language
// (some requests create a record first).
async function both(make, status, code, field, zh, en) {
  for (const [lang, hdr, want] of [['zh', ZH, zh], ['en', EN, en]]) {
    const [method, path, body] = await make();
    const r = await admin.req(method, path, body, hdr);
    const where = `${method} ${path} (${lang}) -> ${r.text.slice(0, 300)}`;
    assert.equal(r.status, status, where);
    assert.equal(r.json.code, code, where);
    assert.equal(r.json.field, field, where);
    assert.equal(r.json.error, want, where);
    assert.equal(r.json.detail, undefined, `${where}: a catalogued message has no English detail`);
    assert.ok(codes.includes(code), `${code} is in the OpenAPI Error enum`);
  }
}

// Guards against: tier rule and facts checks (src/domain/tier.c) answering
// `invalid` with English only.
test('tiers: a rule with an unknown metric, facts with more S&T staff than staff', async () => {
  const rule = { tier: 'gazelle', region_code: '210200', valid_from: '2023-01-01', source: 'test',
                 criteria: [{ metric: 'turnover', op: '>=', value: 1 }] };
  await both(() => ['POST', '/api/tiers/rules', rule], 400, 'criterion_metric', 'criteria',
    '标准：第 1 项条件：未知的指标“turnover”', "criteria: criterion 1: unknown metric 'turnover'");
  await both(() => ['POST', '/api/tiers/rules', { ...rule, region_code: '2102' }], 400, 'region_code_format', 'region_code',
    '行政区划代码：应为 6 位行政区划代码（GB/T 2260）', 'region_code: must be 6 digits (GB/T 2260)');
  const facts = { year: 2023, staff: 200, st_staff: 300, revenue: 150000000, source: '2023 annual report' };
  await both(() => ['PUT', `/api/enterprises/${ent}/facts`, facts], 400, 'st_staff_above_staff', 'st_staff',
    '科技人员数：不能多于职工总数（占比超过 100%）', 'st_staff: is more than staff (a share above 100 %)');
  await both(() => ['PUT', `/api/enterprises/${uni}/facts`, { ...facts, st_staff: 50 }], 400, 'not_enterprise', 'org_id',
    `机构：机构 ${uni} 不是企业（机构类型为 university）`, `org_id: organisation ${uni} is a university, not an enterprise`);
});

// Guards against: the booking rules (src/domain/booking.c) answering English
// only: a start that is no time, a statement month that is no month.
test('bookings: a start that is not a time, a statement month that is not a month', async () => {
  const body = { org_id: ent, start: 'tomorrow 9am', end: '2030-01-07T10:00', booker_name: '测试' };
  await both(() => ['POST', `/api/instruments/${ins}/bookings`, body], 400, 'time_example', 'start',
    '开始时间：应为 ISO-8601 格式的时间，例如 2026-12-01T09:00（北京时间，UTC+08:00）',
    'start: must be an ISO-8601 time such as 2026-12-01T09:00 (local, UTC+08:00)');
  await both(() => ['GET', `/api/statements.csv?org=${ent}&month=2026-13`], 400, 'invalid_month', 'month',
    '月份：应为 YYYY-MM 格式的月份', 'month: must be a month YYYY-MM');
});

// Guards against: the payment schedule checks (src/domain/payment.c, Civil
// Code art. 846) answering English only.
test('payments: instalments that do not add up, a royalty with a schedule', async () => {
  const sched = [{ due_on: '2024-04-01', amount_fen: 6000000 }, { due_on: '2024-10-01', amount_fen: 3000000 }];
  await both(() => ['POST', '/api/contracts', contract({ payment_mode: 'instalments', schedule: sched })], 400,
    'instalments_sum', 'schedule', '付款计划：各期金额合计 9000000 分，与合同金额 10000000 分不符',
    'schedule: the instalments add up to 9000000 fen, the contract amount is 10000000 fen');
  await both(() => ['POST', '/api/contracts', contract({ payment_mode: 'royalty', schedule: sched })], 400,
    'royalty_no_schedule', 'schedule', '付款计划：提成支付按销售额结算，不填写付款计划',
    'schedule: royalties follow sales: give no schedule');
});

// Guards against: contract validation (src/domain/contract.c) answering
// English only.
test('contracts: a registration number of the wrong shape, a subtype of another type', async () => {
  await both(() => ['POST', '/api/contracts', contract({ reg_no: '2024-0001' })], 400, 'contract_reg_no_format', 'reg_no',
    '登记号：应为以登记年份开头的 16 位数字', 'reg_no: must be 16 digits starting with the registration year');
  await both(() => ['POST', '/api/contracts', contract({ subtype: 'patent_right' })], 400, 'subtype_licensing', 'subtype',
    '子类型：技术许可合同的子类型应为 patent（专利）或 technical_secret（技术秘密）',
    'subtype: for licensing must be patent or technical_secret');
});

// Guards against: the contract service (src/domain/contract_ops.c) answering
// an unknown party and a second termination in English only.
test('contract service: an unknown party organisation, terminating twice', async () => {
  await both(() => ['POST', '/api/contracts', contract({ buyer: { org_id: 999999 } })], 400, 'not_known_org', 'buyer.org_id',
    '买方机构：不是已登记的机构', 'buyer.org_id: is not a known organisation');
  const c = await admin.post('/api/contracts', contract({}));
  assert.equal(c.status, 201, c.text);
  assert.equal((await admin.post(`/api/contracts/${c.json.id}/terminate`, { reason: '协商解除' })).status, 200);
  await both(() => ['POST', `/api/contracts/${c.json.id}/terminate`, { reason: '再次解除' }], 409, 'contract_transition', 'status',
    '状态为“已终止”的合同不能终止', 'cannot terminate a contract that is terminated');
});

// Guards against: instrument validation (src/domain/instrument.c) answering
// English only.
test('instruments: a closed date that is no date, slots the wrong way round, a service that does not exist', async () => {
  const base = { org_id: uni, name_zh: '错误信息测试仪器', services: ['self_operation'],
                 fee: { unit: 'hour', internal: 1, academic: 1, enterprise: 1 } };
  await both(() => ['POST', '/api/instruments', { ...base, closed_dates: ['2026-02-30'] }], 400,
    'dates_format', 'closed_dates', '不开放日期：应为 YYYY-MM-DD 格式的日期', 'closed_dates: must be dates YYYY-MM-DD');
  await both(() => ['POST', '/api/instruments', { ...base, min_slot_minutes: 300, max_slot_minutes: 60 }], 400,
    'out_of_range', 'max_slot_minutes', '单次最长时长（分钟）：应在 300 到 1440 之间', 'max_slot_minutes: must be between 300 and 1440');
  await both(() => ['POST', '/api/instruments', { ...base, services: ['dancing'] }], 400, 'some_of_list', 'services',
    '服务：应为以下取值中的一个或多个：self_operation、staff_operated、sample_testing',
    'services: must be one or more of self_operation, staff_operated, sample_testing');
});

// Guards against: the free-slot range (src/domain/instrument_ops.c) answering
// English only.
test('instrument free slots: a from that is not a time, a range too long', async () => {
  await both(() => ['GET', '/api/instruments/free?from=soon'], 400, 'time_format', 'from',
    '起始日期：应为 ISO-8601 格式的时间或日期', 'from: must be an ISO-8601 time or date');
  await both(() => ['GET', '/api/instruments/free?from=2030-01-01&to=2031-01-01'], 400, 'span_days', 'to',
    '结束日期：时间跨度不能超过 31 天', 'to: the range may span at most 31 days');
});

// Guards against: the catalogue's create (src/domain/catalog_ops.c) answering
// a duplicate registration number in English only.
test('catalogue: an achievement with a registration number already taken', async () => {
  assert.ok(ach, 'the demo has an achievement with a registration number');
  const body = { title_zh: '重复登记号成果', owner_org_id: ach.owner_org_id ?? ach.owner_org?.id, trl: 5,
                 modes: ['licence'], reg_no: ach.reg_no };
  await both(() => ['POST', '/api/achievements', body], 409, 'org_or_reg_no', 'owner_org_id',
    '机构不存在，或登记号重复', 'unknown organisation or duplicate reg_no');
});

// Guards against: the audit query (src/domain/account_ops.c) answering
// English only.
test('audit: a since that is neither a date nor a time', async () => {
  await both(() => ['GET', '/api/audit?since=yesterday'], 400, 'date_or_time', 'since',
    '起始时间：应为 YYYY-MM-DD 格式的日期或 YYYY-MM-DDTHH:MM:SSZ 格式的时间',
    'since: must be YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ');
});

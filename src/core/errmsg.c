/* errmsg.c - the catalogue of error messages, keyed by a stable code, in
 * English and Chinese, and the labels of the fields they name (issue #16:
 * "the server answers errors in the language the request asks for, with a
 * stable error code beside the message"). The layers that find an error set a
 * code and its parameters (tb_fe_code); the API renders it in the language of
 * the request and the CLI in the language of LANG/--lang, from this one table.
 * docs/api.md lists the codes; /api/openapi.json carries them as the Error
 * schema's enum (tb_code_at). Templates: {n} {m} numbers, {s} {t} text, {fs}
 * {ft} the label of the text parameter (a field, action or status name). */
#include "core/err.h"
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

struct msg { const char *code, *en, *zh; };

/* Order: the codes answered by HTTP status alone first, then field codes.
 * A code is never renamed or reused for another meaning (clients key on it). */
static const struct msg msgs[] = {
	/* ---- by status (api_error without a specific code) */
	{ "invalid", "invalid input", "输入有误" },
	{ "login_required", "login required", "请先登录" },
	{ "auth_required", "authentication required", "需要身份验证，请先登录" },
	{ "forbidden", "forbidden", "没有权限执行此操作" },
	{ "not_allowed", "not allowed for your role or organisation", "您的角色或所在机构无权执行此操作" },
	{ "not_found", "not found", "没有找到该记录" },
	{ "no_such_endpoint", "no such endpoint", "没有这个接口" },
	{ "method_not_allowed", "method not allowed", "该接口不支持此请求方法" },
	{ "conflict", "conflict", "与已有数据冲突" },
	{ "state_conflict", "not allowed in the current state", "当前状态下不允许此操作" },
	{ "too_large", "too large", "内容过大" },
	{ "body_too_large", "request body larger than {n} bytes", "请求体超过 {n} 字节" },
	{ "unsupported_media_type",
	  "the request body must be sent as Content-Type: application/json",
	  "请求体须以 Content-Type: application/json 发送" },
	{ "rate_limited", "too many requests", "请求过于频繁，请稍后再试" },
	{ "internal_error", "internal error", "服务器内部错误" },
	{ "unavailable", "storage unavailable", "存储暂不可用，请稍后再试" },
	{ "quality_below_threshold", "the listing is not complete enough to submit",
	  "条目信息不完整，暂不能提交" },

	/* ---- request bodies and query strings (api/json_in.c) */
	{ "body_required", "a JSON object is required", "请求体须为 JSON 对象" },
	{ "invalid_json", "invalid JSON at line {n} column {m}: {s}", "JSON 格式错误（第 {n} 行第 {m} 列）" },
	{ "body_not_object", "must be a JSON object", "须为 JSON 对象" },
	{ "key_too_long", "has an unknown key longer than {n} bytes", "含有超过 {n} 字节的未知字段名" },
	{ "unknown_field", "is not a known field", "不是可接受的字段" },
	{ "field_required", "is required", "必须填写" },
	{ "not_string", "must be a string", "应为文本" },
	{ "contains_nul", "must not contain NUL", "不能包含空字符" },
	{ "not_integer", "must be an integer", "应为整数" },
	{ "not_number", "must be a number", "应为数字" },
	{ "negative", "must be a non-negative number", "不能为负数" },
	{ "out_of_range", "must be between {n} and {m}", "应在 {n} 到 {m} 之间" },
	{ "not_list", "must be an array of strings", "应为文本列表" },
	{ "list_too_long", "is too long", "内容过长" },
	{ "not_boolean", "must be true or false", "应为 true 或 false" },

	/* ---- values */
	{ "too_long", "is longer than {n} characters", "不能超过 {n} 个字符" },
	{ "invalid_utf8", "is not valid UTF-8", "不是有效的 UTF-8 文本" },
	{ "invalid_email", "is not an email address", "不是有效的电子邮件地址" },
	{ "invalid_date", "must be a date YYYY-MM-DD", "应为 YYYY-MM-DD 格式的日期" },
	{ "date_past", "must not be in the past (today is {s})", "不能早于今天（{s}）" },
	{ "min_exceeds_max", "must not exceed {s}", "不能大于{fs}" },
	{ "money_too_large", "must not exceed 1000000000000 yuan (one trillion)", "不能超过 1 万亿元" },
	{ "int_range", "must be an integer from {n} to {m}", "应为 {n} 到 {m} 之间的整数" },
	{ "trl_min_range", "must be 0 (any) or 1 to 9", "应为 0（不限）或 1 到 9" },
	{ "one_of", "must be {s}", "应为以下取值之一：{sl}" },
	{ "one_of_list", "must be one of {s}", "应为以下取值之一：{sl}" },
	{ "too_long_bytes", "is longer than {n} bytes", "不能超过 {n} 字节" },
	{ "not_negative", "must not be negative", "不能为负数" },
	{ "date_or_time", "must be YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ",
	  "应为 YYYY-MM-DD 格式的日期或 YYYY-MM-DDTHH:MM:SSZ 格式的时间" },
	{ "time_only_format", "must be an ISO-8601 time", "应为 ISO-8601 格式的时间" },
	{ "year_range", "must be a year 1980..2100", "应为 1980 到 2100 之间的年份" },
	{ "zero_or_one", "must be 0 or 1", "应为 0 或 1" },
	{ "working_days_range", "must be 0..30 working days", "应为 0 到 30 个工作日" },
	{ "date_before_valid_from", "must be a date YYYY-MM-DD not before valid_from",
	  "应为不早于生效日期的 YYYY-MM-DD 格式日期" },
	{ "no_such", "no such {s}", "没有找到该{fs}" },
	{ "not_known_org", "is not a known organisation", "不是已登记的机构" },
	{ "unknown_region", "is not a known region", "不是已知的地区" },
	{ "region_code_format", "must be 6 digits (GB/T 2260)", "应为 6 位行政区划代码（GB/T 2260）" },
	{ "own_org_only", "must be your organisation", "只能是您所在的机构" },
	{ "unknown_status_value", "unknown status", "未知的状态" },
	{ "contract_reg_taken", "a contract with this registration number exists", "该登记号的合同已存在" },
	{ "listing_required", "an achievement or a demand is required", "请指定一项成果或需求" },
	{ "unknown_status", "is not a known status", "不是已知的状态" },
	{ "unknown_mode", "unknown transaction mode", "未知的合作方式" },
	{ "unknown_org", "unknown organisation", "没有这个机构" },
	{ "no_such_org", "no such organisation", "没有这个机构" },

	/* ---- catalogue: achievements and demands (domain/catalog.c) */
	{ "title_required", "a Chinese or English title is required", "请填写中文或英文标题" },
	{ "desc_required", "a description of the problem is required", "请填写需求描述" },
	{ "keyword_too_long", "each keyword must be at most {n} bytes", "每个关键词不能超过 {n} 字节" },
	{ "too_many_keywords", "at most {n} keywords", "关键词最多 {n} 个" },
	{ "reg_no_format", "must be 12 digits (3 region + 4 year + 1 type + 4 serial)",
	  "应为 12 位数字（3 位地区 + 4 位年份 + 1 位类型 + 4 位序号）" },
	{ "modes_required", "at least one of transfer, licence, equity, codev, service",
	  "至少选择一种合作方式（转让、许可、作价入股、合作开发、技术服务）" },
	{ "invalid_price", "must be a non-negative amount in yuan, or \"negotiable\"",
	  "应为不小于 0 的金额（元），或“面议”" },
	{ "patents_required", "list the patent numbers when ip_status is {s}",
	  "知识产权状态为“{fs}”时须列出专利号" },
	{ "reason_required", "is required when returning an item", "退回时必须填写理由" },
	{ "status_transition", "cannot {s} an item that is {t}", "状态为“{ft}”的条目不能{fs}" },
	{ "status_changed", "cannot {s} an item whose status just changed",
	  "条目状态刚刚发生变化，不能{fs}，请刷新后再试" },

	/* ---- instruments and bookings (domain/booking.c, domain/instrument.c) */
	{ "booker_required", "booker_name or booker_email is required", "请填写预约人姓名或电子邮件" },
	{ "time_format", "must be an ISO-8601 time or date", "应为 ISO-8601 格式的时间或日期" },
	{ "end_before_start", "must be after start", "必须晚于开始时间" },
	{ "after_from", "must be after from", "必须晚于起始日期" },
	{ "overlap", "overlaps another booking", "与其他预约时间冲突" },
	{ "slot_taken", "the slot {s} to {t} overlaps another booking on this instrument",
	  "{s} 至 {t} 的时段与本仪器的其他预约重叠" },
	/* attachments (issue #18): the type is read from the content (libmagic) */
	{ "file_type_refused", "content is {s}; accepted: {t}", "文件实际内容为 {s}，可接受的类型：{t}" },
	{ "file_type_declared", "declared {s} but the content is {t}", "声明的类型为 {s}，但文件实际内容为 {t}" },
	{ "file_extension_mismatch", "the extension '{s}' does not match the content ({t})",
	  "扩展名“{s}”与文件内容（{t}）不符" },
	{ "slot_too_short", "the slot must be at least {n} minutes", "每次预约至少 {n} 分钟" },
	{ "slot_too_long", "the slot must be at most {n} minutes", "每次预约最多 {n} 分钟" },
	{ "lead_time", "must be at least {n} hours from now (lead time)", "需至少提前 {n} 小时预约" },
	{ "closed_on", "the instrument is closed on {s}", "仪器在{fs}不开放" },
	{ "no_opening_hours", "the instrument has no valid opening hours", "该仪器没有有效的开放时间" },
	{ "outside_hours", "outside opening hours {s} on {t}", "超出{ft}的开放时间 {s}" },
	{ "cancel_closed", "cancellation closes {n} hours before the start", "开始前 {n} 小时内不能取消" },

	/* ---- accounts (domain/account.c) */
	{ "bad_credentials", "wrong email or password", "电子邮件或密码错误" },
	{ "email_taken", "an account with this email exists", "该电子邮件已注册账号" },
	{ "org_name_taken", "an organisation with this name exists", "已有同名机构" },
	{ "unknown_role", "is not a known role", "不是已知的角色" },
	/* --- msg16b: tiers, bookings, payments, contracts, instruments --- */
	/* tiers (domain/tier.c): rules as data, enterprise facts, certifications */
	{ "items_range", "must hold {n} to {m} entries", "应包含 {n} 到 {m} 项" },
	{ "too_many_items", "must hold at most {n} entries", "最多 {n} 项" },
	{ "band_component", "band {n}: component is required (at most 32 bytes)",
	  "第 {n} 档：必须填写评分项（不超过 32 字节）" },
	{ "band_metric", "band {n}: unknown metric '{s}'", "第 {n} 档：未知的指标“{s}”" },
	{ "band_points", "band {n}: points must be 0..100", "第 {n} 档：分值应在 0 到 100 之间" },
	{ "criterion_metric", "criterion {n}: unknown metric '{s}'", "第 {n} 项条件：未知的指标“{s}”" },
	{ "criterion_op", "criterion {n}: op must be >=, >, <=, < or =",
	  "第 {n} 项条件：比较符应为 >=、>、<=、< 或 =" },
	{ "criterion_group", "criterion {n}: group must be 0..16 and the value a finite number",
	  "第 {n} 项条件：分组应在 0 到 16 之间，数值须为有限数" },
	{ "percentage", "must be a percentage between 0 and 100", "应为 0 到 100 之间的百分比" },
	{ "source_required", "is required (where the figures come from)", "必须填写（数据从何而来）" },
	{ "implausible", "is implausibly large", "数值大得不合常理" },
	{ "st_staff_above_staff", "is more than staff (a share above 100 %)",
	  "不能多于职工总数（占比超过 100%）" },
	{ "after_facts_year", "is after the year of the facts", "晚于数据所属年份" },
	{ "before_rule_valid_from", "is before the rule's valid_from {s}", "早于该规则的生效日期 {s}" },
	{ "not_enterprise", "organisation {n} is a {s}, not an enterprise",
	  "机构 {n} 不是企业（机构类型为 {s}）" },
	/* bookings (domain/booking.c) */
	{ "time_example", "must be an ISO-8601 time such as {s} (local, UTC+08:00)",
	  "应为 ISO-8601 格式的时间，例如 {s}（北京时间，UTC+08:00）" },
	{ "service_not_offered", "this instrument offers {s}", "该仪器提供的服务方式为：{s}" },
	{ "training_email_required", "is required: this instrument needs a training qualification",
	  "该仪器须经培训方可使用，必须填写" },
	{ "no_qualification", "has no training qualification for this instrument valid on {s}",
	  "在 {s} 没有该仪器有效的培训资格" },
	{ "own_booking", "you cannot approve or reject your own booking", "不能审批自己提交的预约" },
	{ "not_instrument_admin",
	  "only an administrator of the instrument's organisation approves or rejects its bookings",
	  "只有仪器所属机构的管理员才能审批其预约" },
	{ "booking_transition", "cannot {s} a booking that is {t}", "状态为“{ft}”的预约不能{fs}" },
	{ "must_be_after", "must be after {s}", "必须晚于{fs}" },
	{ "use_too_long", "a use longer than {n} days is not plausible", "使用时长超过 {n} 天，不合常理" },
	{ "samples_required", "is required: this instrument bills per sample",
	  "该仪器按样品数计费，必须填写" },
	{ "changed_meanwhile", "the record changed meanwhile; reload and try again",
	  "记录刚刚被修改，请刷新后再试" },
	{ "invalid_month", "must be a month YYYY-MM", "应为 YYYY-MM 格式的月份" },
	{ "statement_too_big", "too many uses for one statement (at most {n})",
	  "一份对账单的使用记录过多（最多 {n} 条）" },
	{ "span_years", "the period may span at most {n} years", "时间跨度不能超过 {n} 年" },
	{ "span_days", "the range may span at most {n} days", "时间跨度不能超过 {n} 天" },
	/* payment modes and schedules (domain/payment.c; Civil Code art. 846) */
	{ "required_with", "is required with a {s}", "填写{fs}时必须填写" },
	{ "after_previous_payment", "must be after the previous payment ({s})",
	  "须晚于上一笔付款的日期（{s}）" },
	{ "positive_fen", "must be a positive amount in fen, at most 100000000000000 (one trillion yuan)",
	  "应为大于 0 的金额（分），不超过 1 万亿元" },
	{ "instalments_min", "instalments need at least {n} payments", "分期付款至少需要 {n} 笔" },
	{ "instalments_sum", "the instalments add up to {n} fen, the contract amount is {m} fen",
	  "各期金额合计 {n} 分，与合同金额 {m} 分不符" },
	{ "lump_sum_one", "a lump sum is one payment", "一次总付只能有一笔付款" },
	{ "equal_contract_amount", "must equal the contract amount ({n} fen)",
	  "应等于合同金额（{n} 分）" },
	{ "royalty_no_schedule", "royalties follow sales: give no schedule",
	  "提成支付按销售额结算，不填写付款计划" },
	{ "entry_fee_one", "give the entry fee as one payment", "入门费应为一笔付款" },
	{ "entry_fee_exceeds", "the entry fee exceeds the contract amount ({n} fen)",
	  "入门费超过了合同金额（{n} 分）" },
	/* contracts (domain/contract.c, contract_ops.c) */
	{ "party_required", "an organisation id or a party name is required",
	  "请填写机构编号或当事方名称" },
	{ "country_code_format", "must be a 3-digit ISO 3166-1 numeric code (China: 156)",
	  "应为 3 位 ISO 3166-1 数字国家代码（中国为 156）" },
	{ "contract_reg_no_format", "must be 16 digits starting with the registration year",
	  "应为以登记年份开头的 16 位数字" },
	{ "subtype_transfer",
	  "for transfer must be patent_right, patent_application or technical_secret",
	  "技术转让合同的子类型应为 patent_right（专利权）、patent_application（专利申请权）"
	  "或 technical_secret（技术秘密）" },
	{ "subtype_licensing", "for licensing must be patent or technical_secret",
	  "技术许可合同的子类型应为 patent（专利）或 technical_secret（技术秘密）" },
	{ "subtype_unused", "is only used with transfer and licensing", "仅用于技术转让和技术许可合同" },
	{ "same_as_seller", "must differ from the seller", "不能与卖方相同" },
	{ "positive_yuan", "must be a positive amount in yuan", "应为大于 0 的金额（元）" },
	{ "above_contract_amount", "must not exceed the contract amount", "不能超过合同金额" },
	{ "listing_not_party", "must be a listing of the seller or the buyer", "须为卖方或买方发布的条目" },
	{ "not_published", "is {s}; only a published achievement can be commercialised",
	  "该成果的状态为“{fs}”，只有已发布的成果才能标记为已转化" },
	{ "contract_transition", "cannot {s} a contract that is {t}", "状态为“{ft}”的合同不能{fs}" },
	/* instruments (domain/instrument.c, instrument_ops.c) and the catalogue */
	{ "name_required", "name_zh or name_en is required", "请填写中文或英文名称" },
	{ "some_of_list", "must be one or more of {s}", "应为以下取值中的一个或多个：{sl}" },
	{ "rates_negative", "rates must be non-negative", "收费标准不能为负数" },
	{ "opening_hours_format", "must give each weekday's hours as HH:MM-HH:MM, or none when closed",
	  "应逐日给出 HH:MM-HH:MM 格式的开放时间，不开放的日子留空" },
	{ "dates_format", "must be dates YYYY-MM-DD", "应为 YYYY-MM-DD 格式的日期" },
	{ "instrument_unavailable", "is not available for booking (status {s})",
	  "当前不可预约（状态：{fs}）" },
	{ "org_or_reg_no", "unknown organisation or duplicate reg_no", "机构不存在，或登记号重复" },
	/* --- msg16a: challenges, brokerage, alliances, events, api --- */
	/* generic shapes and values */
	{ "required_max_bytes", "is required (at most {n} bytes)", "必须填写，且不能超过 {n} 字节" },
	{ "date_not_before", "must be a date YYYY-MM-DD, not before {s}",
	  "应为不早于{fs}的 YYYY-MM-DD 格式日期" },
	{ "before_field", "is before {s}", "不能早于{fs}" },
	{ "max_items", "at most {n}", "最多 {n} 项" },
	{ "not_known", "is not a known {s}", "不是已知的{fs}" },
	{ "unknown_kind", "unknown kind", "未知的类别" },
	{ "unknown_value", "unknown {s} '{t}'", "未知的{fs}“{t}”" },
	{ "no_such_id", "no such {s} {n}", "没有编号为 {n} 的{fs}" },
	{ "listed_twice", "{s} {n} is listed twice", "{fs} {n} 被重复列出" },
	{ "shape_object", "must be an object {s}", "应为对象 {s}" },
	{ "shape_list", "must be an array of {s}", "应为由 {s} 组成的数组" },
	{ "shape_list_max", "must be a list of at most {n} {s}", "应为最多 {n} 项的列表，每项为 {s}" },
	{ "list_size", "must be an array of {n} to {m} {s}", "应为包含 {n} 到 {m} 项的数组" },
	{ "item_shape", "item {n} must be {s}", "第 {n} 项应为 {s}" },
	{ "not_array", "must be an array", "应为数组" },
	{ "max_entries", "at most {n} list entries in all", "列表项合计最多 {n} 个" },
	{ "length_range", "must be {n} to {m} characters", "应为 {n} 到 {m} 个字符" },
	{ "too_short", "must be at least {n} characters", "至少需要 {n} 个字符" },
	{ "required_to", "is required to {s}", "{fs}时必须填写" },
	{ "string_or_number", "must be a string or a number", "应为文本或数字" },
	{ "given_by_path", "is given by the path", "已由请求路径指定，不能在请求体中填写" },
	{ "money_fen", "must be a non-negative amount in yuan with at most two decimals",
	  "应为不小于 0 的金额（元），最多两位小数" },
	{ "money_positive", "must be more than 0 and at most 1000000000000 yuan (one trillion)",
	  "应大于 0 且不超过 1 万亿元" },
	{ "amount_range", "amount out of range", "金额超出范围" },
	{ "month_required", "is required (YYYY-MM)", "必须填写（YYYY-MM 格式）" },
	{ "from_after_to", "must not be after to", "不能晚于结束年份" },
	{ "max_years", "at most {n} years at a time", "一次最多查询 {n} 年" },
	{ "region_unknown_hint", "is not a known region (province, a city, a district or zone; name or code)",
	  "不是已知的地区（可填省、市、区县或园区的名称或代码）" },
	{ "not_metric", "is not a metric ({s})", "不是可设定目标的指标（{s}）" },
	{ "percent_range", "must be a non-negative number of percent (0..100)", "应为 0 到 100 之间的百分数" },
	{ "yuan_range", "must be a non-negative number of yuan not above 1000000000000 yuan (one trillion)",
	  "应为不超过 1 万亿元的非负金额" },
	{ "percentage_range", "must be a percentage between 0 and 100", "应为 0 到 100 之间的百分比" },
	/* states */
	{ "state_is", "the {s} is {t}", "该{fs}当前为“{ft}”状态，不能执行此操作" },
	{ "status_move", "cannot go from {s} to {t}", "不能从“{fs}”变为“{ft}”" },
	{ "already_state", "the {s} is already {t}", "该{fs}已是“{ft}”状态" },
	{ "must_be_published", "must be a published {s}", "应为已发布的{fs}" },
	{ "not_published_item", "the {s} is {t}, not published", "该{fs}当前为“{ft}”，尚未发布" },
	{ "status_via_actions", "changes through /submit, /publish, /return, /withdraw",
	  "状态只能通过 /submit、/publish、/return、/withdraw 改变" },
	{ "contract_status_via", "changes through PATCH (amended) and /terminate",
	  "状态只能通过 PATCH（变更）和 /terminate 改变" },
	{ "fixed_on_renewal", "cannot change on renewal", "续期时不能修改" },
	{ "renew_status", "only a published or expired listing is renewed (this one is {s})",
	  "只有已发布或已过期的条目可以续期（该条目为“{fs}”）" },
	{ "listing_changed", "the listing changed meanwhile; reload it", "条目刚被修改，请刷新后再试" },
	{ "no_pending_revision", "the item has no pending revision", "该条目没有待审核的修改" },
	/* catalogue bodies and queries (api/catalog.c, api/matches.c, domain/transfer.c) */
	{ "unknown_mode_value", "unknown transaction mode '{s}' (use transfer, licence, equity, codev, service)",
	  "未知的合作方式“{s}”（可选 transfer 转让、licence 许可、equity 作价入股、codev 合作开发、service 技术服务）" },
	{ "unknown_payment_mode",
	  "unknown payment mode '{s}' (use lump_sum, instalments, royalty, royalty_entry_fee)",
	  "未知的支付方式“{s}”（可选 lump_sum 一次总付、instalments 分期支付、royalty 提成支付、"
	  "royalty_entry_fee 入门费加提成）" },
	{ "after_cursor", "works with sort=newest or oldest, without offset and q",
	  "只能与 sort=newest 或 oldest 一起使用，且不能同时使用 offset 和 q" },
	{ "import_value", "must be {s}, not '{t}'", "应为{fs}，而不是“{t}”" },
	{ "import_money", "must be a non-negative amount in yuan, not '{s}'",
	  "应为不小于 0 的金额（元），而不是“{s}”" },
	{ "import_price", "must be a non-negative amount in yuan, or \"negotiable\", not '{s}'",
	  "应为不小于 0 的金额（元）或“面议”，而不是“{s}”" },
	{ "import_date", "must be YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ, not '{s}'",
	  "应为 YYYY-MM-DD 格式的日期或 YYYY-MM-DDTHH:MM:SSZ 格式的时间，而不是“{s}”" },
	{ "import_unknown_org", "unknown organisation '{s}' (import orgs first)",
	  "未知的机构“{s}”（请先导入机构）" },
	/* accounts (domain/account.c, api/users.c, api/auth.c) */
	{ "password_pattern", "must not be one repeated character or a run of consecutive digits or letters",
	  "不能是同一字符的重复，也不能是连续的数字或字母" },
	{ "password_common",
	  "is too common: choose a longer phrase that is not on lists of common passwords",
	  "过于常见：请选择一个更长、不在常见密码列表中的短语" },
	{ "password_is_email", "must not be your email address", "不能与您的电子邮件地址相同" },
	{ "password_is_name", "must not be your name", "不能与您的姓名相同" },
	{ "wrong_password", "is wrong", "不正确" },
	{ "role_requires", "is required for role {s}", "角色为“{fs}”时必须填写" },
	{ "email_or_org", "an account with this email exists, or the organisation is unknown",
	  "该电子邮件已注册账号，或机构不存在" },
	/* attachments (domain/attachment.c) */
	{ "file_name_chars", "must not contain a path, quotes or control characters",
	  "不能包含路径、引号或控制字符" },
	{ "file_empty", "is empty", "文件为空" },
	{ "file_too_large", "is larger than {n} bytes", "文件不能超过 {n} 字节" },
	{ "max_attachments", "a listing has at most {n} attachments", "每个条目最多 {n} 个附件" },
	/* subscriptions, favourites, bulletins */
	{ "search_filter_required", "a saved search needs q, field, city or trl_min",
	  "保存的检索至少需要检索词、技术领域、城市或最低技术成熟度之一" },
	{ "max_subscriptions", "at most {n} subscriptions per user", "每位用户最多 {n} 个订阅" },
	{ "max_favourites", "at most {n} saved listings", "最多收藏 {n} 个条目" },
	{ "period_format", "must be a week YYYY-Www (e.g. 2026-W48) or a month YYYY-MM (e.g. 2026-11)",
	  "应为 YYYY-Www 格式的周（如 2026-W48）或 YYYY-MM 格式的月（如 2026-11）" },
	{ "period_not_ended", "{s} has not ended yet (it ends on {t})", "{s} 尚未结束（结束日期为 {t}）" },
	{ "bulletin_exists", "the bulletin of {s} was made already", "{s} 的简报已经生成" },
	/* challenges (domain/challenge.c, api/challenges.c) */
	{ "challenge_state", "the challenge is {s}; {t} is not possible now",
	  "榜单当前为“{fs}”，现在不能{ft}" },
	{ "problem_required", "the problem statement is required", "请填写需要解决的问题" },
	{ "indicator_required", "at least one measurable indicator is required", "至少需要一项可衡量的指标" },
	{ "weights_sum", "evaluation criteria weights must add up to 100 (they add up to {n})",
	  "评审标准的权重之和应为 100（现为 {n}）" },
	{ "stages_sum", "funding stages must add up to the budget ceiling", "各阶段拨付金额之和应等于榜单金额上限" },
	{ "line_name_required", "needs a name", "须填写名称" },
	{ "target_unit_required", "needs a measurable target value and a unit", "须填写可衡量的目标值和单位" },
	{ "weight_range", "weight must be 1..100", "权重应在 1 到 100 之间" },
	{ "tranche_kind", "kind must be initial, milestone or reward", "类别应为首期、里程碑或奖励" },
	{ "deadline_future", "a re-opened challenge needs a new application deadline in the future",
	  "重新开放的榜单须设定晚于当前时间的申请截止时间" },
	{ "open_until", "applications are open until {s}", "申请在 {s} 前仍开放" },
	{ "milestones_pending", "every milestone must be accepted first", "须先验收全部里程碑" },
	{ "stage_budget_required", "a requested budget per stage is required", "请填写各阶段申请经费" },
	{ "tranches_sum", "the milestones' tranches must add up to the requested budget",
	  "各里程碑拨付金额之和应等于申请经费" },
	{ "one_lead", "a consortium has one lead", "联合体只能有一个牵头单位" },
	{ "exceeds_ceiling", "{s} exceed the budget ceiling", "{fs}超出榜单金额上限" },
	{ "own_challenge", "the issuer cannot apply to its own challenge", "发榜单位不能揭自己的榜" },
	{ "already_applied", "this team has already applied", "该团队已提交过申请" },
	{ "not_expert", "you are not an expert of this challenge", "您不是本榜单的评审专家" },
	{ "expert_excluded", "you are excluded from this challenge (conflict of interest)",
	  "您因利益冲突已回避本榜单的评审" },
	{ "team_conflict", "conflict of interest: your organisation is in this team",
	  "利益冲突：您所在的机构属于该团队" },
	{ "winners_count", "choose 1..{n} winners", "应选择 1 到 {n} 个入选者" },
	{ "not_live_app", "application {n} is not a live application of this challenge",
	  "申请 {n} 不是本榜单的有效申请" },
	{ "not_app_of_challenge", "not an application of this challenge", "不是本榜单的申请" },
	{ "no_open_objection", "no open objection of a challenge in public notice",
	  "没有处于公示期榜单的待处理异议" },
	{ "notice_until", "the public notice runs until {s}", "公示期至 {s} 结束" },
	{ "objection_open", "objection {n} is still open", "异议 {n} 尚未处理" },
	{ "award_mismatch", "application {n}: stage budgets and tranches must add up to the award",
	  "申请 {n}：各阶段经费与拨付金额之和应等于资助金额" },
	{ "no_winner", "no winner selected", "尚未选定入选者" },
	{ "awarded_only", "only an awarded application has {s}", "只有已入选的申请才有{fs}" },
	{ "contract_registered_as", "already registered as contract {n}", "已登记为合同 {n}" },
	{ "milestone_paid_once", "the milestone is {s}: a tranche is paid once, after acceptance",
	  "里程碑当前为“{fs}”：每笔经费只在验收后拨付一次" },
	/* brokerage, events, alliances, platforms, agencies */
	{ "role_not_broker", "the account's role is {s}, not broker", "该账号的角色为“{fs}”，不是技术经纪人" },
	{ "institution_kind", "must be a transfer institution or service agency", "应为技术转移机构或服务机构" },
	{ "agency_kind", "must be a service agency or transfer institution (kind agency or transfer), not {s}",
	  "应为服务机构或技术转移机构（类别 agency 或 transfer），而不是 {s}" },
	{ "brokers_only", "only brokers ask to represent", "只有技术经纪人可以申请代理" },
	{ "no_broker_profile", "no broker profile for this account", "该账号没有技术经纪人档案" },
	{ "is_own_org", "is your own organisation", "不能是您自己的机构" },
	{ "own_listing", "is your own organisation's listing", "是您所在机构自己的条目" },
	{ "note_required_other", "is required with reason other", "理由为“其他”时必须填写" },
	{ "admin_assigns_broker", "only an administrator assigns another broker", "只有管理员可以指派其他技术经纪人" },
	{ "attachment_shape", "each needs a name, bytes and a hex sha256", "每项须包含名称、字节数和十六进制 sha256" },
	{ "place_required", "is required unless the event is online", "线下活动必须填写地点" },
	{ "registered_exceeds", "{n} people are registered already", "已有 {n} 人报名" },
	{ "event_not_started", "the event starts on {s}: not held yet", "活动于 {s} 开始，尚未举行" },
	{ "event_full", "the event is full ({n} places)", "活动名额已满（共 {n} 个）" },
	{ "already_registered", "already registered", "已经报名" },
	{ "not_registered", "already checked in, or not registered for this event", "已签到，或未报名本活动" },
	{ "member_role", "role must be {s}", "成员角色应为以下取值之一：{sl}" },
	{ "member_date", "joined_on must be a date YYYY-MM-DD", "加入日期应为 YYYY-MM-DD 格式" },
	{ "lead_role_only", "only lead_org_id has the role lead", "只有牵头单位的角色可以为牵头" },
	{ "lead_must_lead", "lead_org_id must have the role lead", "牵头单位的角色必须为牵头" },
	{ "is_lead_org", "is the lead organisation (role lead)", "是联盟的牵头单位（角色为牵头）" },
	{ "alliance_full", "the alliance has {n} members, the most allowed", "联盟已有 {n} 个成员，已达上限" },
	{ "before_founded", "is before the alliance was founded ({s})", "早于联盟成立日期（{s}）" },
	{ "services_list",
	  "must list one or more of finance, transfer, testing, ip, roadshow, incubation, consulting, training",
	  "应列出以下服务中的一项或多项：finance 科技金融、transfer 技术转移、testing 检验检测、ip 知识产权、"
	  "roadshow 路演、incubation 孵化、consulting 咨询、training 培训" },
	{ "regions_list", "at most 32 region names of at most 60 bytes", "最多 32 个地区名称，每个不超过 60 字节" },
	{ "platform_kind", "is not a platform kind (GET /api/platforms/kinds)",
	  "不是已知的平台类别（见 GET /api/platforms/kinds）" },
	{ "id_list_max", "must be a list of at most {n} organisation ids", "应为最多 {n} 个机构编号的列表" },
	{ "id_list", "must be a list of organisation ids", "应为机构编号列表" },
	/* api bodies: opening hours, tiers, contracts */
	{ "day_hours_format", "{s} must be HH:MM-HH:MM or null", "{fs}应为 HH:MM-HH:MM 或 null" },
	{ "tier_rule_max", "at most 64 criteria and 64 bands", "最多 64 条标准和 64 个分段" },
	{ "criterion_shape", "criterion {n}: needs metric, op (strings), value (number) and an optional integer group",
	  "第 {n} 条标准：须有 metric、op（文本）和 value（数字），group 可选（整数）" },
	{ "band_shape", "band {n}: needs component, metric, lower, points",
	  "第 {n} 个分段：须有 component、metric、lower 和 points" },
	{ "max_payments", "at most {n} payments", "最多 {n} 期付款" },
	{ "positive_int", "must be a positive integer", "应为正整数" },
	/* answers of the API itself: credentials, size caps, the index */
	{ "auth_header_format", "Authorization must be 'Bearer <api token>'",
	  "Authorization 请求头应为“Bearer <API 令牌>”" },
	{ "csrf_required", "missing or wrong CSRF token (send the X-CSRF-Token header)",
	  "缺少或错误的 CSRF 令牌（请发送 X-CSRF-Token 请求头）" },
	{ "token_invalid", "invalid or expired API token", "API 令牌无效或已过期" },
	{ "login_throttled", "too many failed logins, try again in {n} seconds",
	  "登录失败次数过多，请 {n} 秒后再试" },
	{ "export_too_large", "export too large", "导出内容过大，请缩小范围" },
	{ "feed_too_large", "feed too large", "订阅源内容过大" },
	{ "task_book_too_large", "task book too large", "任务书内容过大" },
	{ "index_not_loaded", "the matching index is not loaded", "匹配索引尚未加载，请稍后再试" },
	{ "unsubscribe_invalid", "this unsubscribe link is not valid", "该退订链接无效" },
	{ "no_facts", "no facts for this enterprise and year", "该企业在该年度没有登记数据" },
};

/* Labels of the fields, actions and statuses that messages name. */
struct label { const char *name, *en, *zh; };
static const struct label labels[] = {
	{ "title_zh", "Chinese title", "中文标题" },
	{ "title_en", "English title", "英文标题" },
	{ "abstract_zh", "Chinese abstract", "中文摘要" },
	{ "abstract_en", "English abstract", "英文摘要" },
	{ "desc_zh", "Chinese description", "中文需求描述" },
	{ "desc_en", "English description", "英文需求描述" },
	{ "keywords", "keywords", "关键词" },
	{ "field", "technical field", "技术领域" },
	{ "trl", "TRL", "技术成熟度" },
	{ "trl_min", "minimum TRL", "最低技术成熟度" },
	{ "trl_max", "maximum TRL", "最高技术成熟度" },
	{ "modes", "transaction modes", "合作方式" },
	{ "price", "price", "价格" },
	{ "price_min", "minimum price", "最低价格" },
	{ "price_max", "maximum price", "最高价格" },
	{ "budget_min", "minimum budget", "最低预算" },
	{ "budget_max", "maximum budget", "最高预算" },
	{ "deadline", "deadline", "截止日期" },
	{ "region", "region", "地区" },
	{ "city", "city", "城市" },
	{ "contact", "contact", "联系人" },
	{ "contact.name", "contact name", "联系人姓名" },
	{ "contact.email", "contact e-mail", "联系人电子邮件" },
	{ "contact.phone", "contact phone", "联系电话" },
	{ "contact_name", "contact name", "联系人姓名" },
	{ "contact_email", "contact e-mail", "联系人电子邮件" },
	{ "contact_phone", "contact phone", "联系电话" },
	{ "reg_no", "registration number", "登记号" },
	{ "ip_status", "IP status", "知识产权状态" },
	{ "patents", "patents", "专利" },
	{ "attribute", "attribute", "成果属性" },
	{ "owner_org_id", "owner organisation", "所属机构" },
	{ "org_id", "organisation", "机构" },
	{ "org", "organisation", "机构" },
	{ "status", "status", "状态" },
	{ "expected_status", "expected status", "预期状态" },
	{ "reason", "reason", "理由" },
	{ "email", "e-mail", "电子邮件" },
	{ "password", "password", "密码" },
	{ "name", "name", "名称" },
	{ "name_en", "English name", "英文名称" },
	{ "role", "role", "角色" },
	{ "body", "request body", "请求体" },
	{ "q", "query", "检索词" },
	{ "sort", "sort order", "排序方式" },
	{ "limit", "page size", "每页条数" },
	{ "offset", "offset", "偏移量" },
	{ "start", "start", "开始时间" },
	{ "end", "end", "结束时间" },
	{ "from", "from", "起始日期" },
	{ "to", "to", "结束日期" },
	{ "year", "year", "年份" },
	{ "month", "month", "月份" },
	{ "booker_name", "booker name", "预约人姓名" },
	{ "booker_email", "booker e-mail", "预约人电子邮件" },
	{ "purpose", "purpose", "用途" },
	{ "instrument_id", "instrument", "仪器" },
	{ "amount", "amount", "金额" },
	{ "amount_yuan", "amount", "金额（元）" },
	{ "signed_on", "signing date", "签订日期" },
	{ "type", "type", "类型" },
	{ "kind", "kind", "类别" },
	{ "text", "text", "文本" },
	{ "tx_amount", "transaction amount", "技术交易额" },
	{ "fee.internal", "internal fee", "校内收费标准" },
	{ "fee.academic", "academic fee", "高校院所收费标准" },
	{ "fee.enterprise", "enterprise fee", "企业收费标准" },
	{ "value", "value", "数值" },
	{ "category", "category", "类别" },
	{ "location", "location", "地点" },
	{ "title", "title", "标题" },
	{ "description", "description", "描述" },
	{ "message", "message", "留言" },
	{ "scope", "scope", "范围" },
	{ "schedule", "payment schedule", "付款计划" },
	{ "payment_mode", "payment mode", "支付方式" },
	{ "starts_at", "start time", "开始时间" },
	{ "ends_at", "end time", "结束时间" },
	{ "frequency", "frequency", "频率" },
	{ "min_strength", "minimum strength", "最低匹配强度" },
	{ "revision", "revision", "修改" },
	{ "token", "token", "令牌" },
	{ "tier", "tier", "梯度层级" },
	{ "achievement", "achievement", "成果" },
	{ "demand", "demand", "需求" },
	{ "user", "user", "用户" },
	{ "organisation", "organisation", "机构" },
	{ "instrument", "instrument", "仪器" },
	{ "booking", "booking", "预约" },
	{ "challenge", "challenge", "榜单" },
	{ "application", "application", "揭榜申请" },
	{ "milestone", "milestone", "里程碑" },
	{ "case", "case", "对接案例" },
	{ "event", "event", "活动" },
	{ "platform", "platform", "创新平台" },
	{ "rule", "rule", "规则" },
	{ "mon", "mon", "周一" },
	{ "tue", "tue", "周二" },
	{ "wed", "wed", "周三" },
	{ "thu", "thu", "周四" },
	{ "fri", "fri", "周五" },
	{ "sat", "sat", "周六" },
	{ "sun", "sun", "周日" },
	{ "registered contract", "registered contract", "已登记的合同" },
	{ "contract_id", "contract", "合同" },
	{ "want", "want", "匹配对象" },
	{ "by", "grouping", "分组方式" },
	{ "achievement_id", "achievement", "成果" },
	{ "demand_id", "demand", "需求" },
	{ "institution_id", "institution", "所属机构" },
	{ "team_org_id", "applicant organisation", "揭榜单位" },
	{ "issuer_org_id", "issuing organisation", "发榜单位" },
	{ "broker_id", "broker", "技术经纪人" },
	{ "user_id", "user", "用户" },
	{ "region_code", "region code", "行政区划代码" },
	{ "evidence", "evidence", "证明材料" },
	{ "seller", "seller", "卖方" },
	{ "buyer", "buyer", "买方" },
	{ "Content-Type", "Content-Type", "Content-Type" },
	/* actions and statuses, for status_transition */
	{ "submit", "submit", "提交" },
	{ "publish", "publish", "发布" },
	{ "return", "return", "退回" },
	{ "withdraw", "withdraw", "撤回" },
	{ "close", "close", "关闭" },
	{ "commercialise", "commercialise", "标记为已转化" },
	{ "renew", "renew", "续期" },
	{ "draft", "draft", "草稿" },
	{ "submitted", "submitted", "待审核" },
	{ "published", "published", "已发布" },
	{ "withdrawn", "withdrawn", "已撤回" },
	{ "commercialised", "commercialised", "已转化" },
	{ "closed", "closed", "已关闭" },
	{ "expired", "expired", "已过期" },
	{ "granted", "granted", "已授权" },
	{ "pending", "pending", "申请中" },
	/* --- msg16b: fields, actions and statuses of tiers, bookings, contracts, instruments --- */
	{ "criteria", "criteria", "标准" },
	{ "bands", "bands", "分档" },
	{ "source", "source", "数据来源" },
	{ "revenue", "revenue", "营业收入" },
	{ "total_cost", "total cost", "成本费用总额" },
	{ "rd", "R&D expenditure", "研发费用" },
	{ "assets", "assets", "资产总额" },
	{ "liabilities", "liabilities", "负债总额" },
	{ "vc_round", "venture funding", "创业投资融资额" },
	{ "staff", "staff", "职工总数" },
	{ "st_staff", "S&T staff", "科技人员数" },
	{ "ip_class1", "class I IP", "I 类知识产权数" },
	{ "ip_class2", "class II IP", "II 类知识产权数" },
	{ "valuation_usd", "valuation (USD)", "估值（美元）" },
	{ "hightech_rev_pct", "high-tech revenue share", "高新技术产品收入占比" },
	{ "rd_china_pct", "R&D in China share", "境内研发费用占比" },
	{ "main_business_pct", "main business share", "主营业务收入占比" },
	{ "niche_share_pct", "niche market share", "细分市场占有率" },
	{ "listed", "listed", "是否上市" },
	{ "rd_institution", "R&D institution", "是否设有研发机构" },
	{ "founded_on", "founding date", "成立日期" },
	{ "valid_from", "valid from", "生效日期" },
	{ "valid_to", "valid to", "失效日期" },
	{ "service", "service", "服务方式" },
	{ "services", "services", "服务" },
	{ "samples", "samples", "样品数" },
	{ "actual_start", "actual start", "实际开始时间" },
	{ "actual_end", "actual end", "实际结束时间" },
	{ "action", "action", "操作" },
	{ "subtype", "subtype", "子类型" },
	{ "note", "note", "备注" },
	{ "seller.name", "seller name", "卖方名称" },
	{ "buyer.name", "buyer name", "买方名称" },
	{ "seller.org_id", "seller organisation", "卖方机构" },
	{ "buyer.org_id", "buyer organisation", "买方机构" },
	{ "seller.region_code", "seller region code", "卖方行政区划代码" },
	{ "buyer.region_code", "buyer region code", "买方行政区划代码" },
	{ "seller.country", "seller country", "卖方国家代码" },
	{ "buyer.country", "buyer country", "买方国家代码" },
	{ "name_zh", "Chinese name", "中文名称" },
	{ "fee", "fees", "收费标准" },
	{ "fee.unit", "fee unit", "计费单位" },
	{ "opening_hours", "opening hours", "开放时间" },
	{ "closed_dates", "closed dates", "不开放日期" },
	{ "min_slot_minutes", "minimum slot", "单次最短时长（分钟）" },
	{ "max_slot_minutes", "maximum slot", "单次最长时长（分钟）" },
	{ "since", "since", "起始时间" },
	{ "until", "until", "截止时间" },
	{ "approve", "approve", "批准" },
	{ "reject", "reject", "拒绝" },
	{ "cancel", "cancel", "取消" },
	{ "accept", "accept", "接受" },
	{ "record usage on", "record usage on", "登记使用情况" },
	{ "amend", "amend", "变更" },
	{ "terminate", "terminate", "终止" },
	{ "approved", "approved", "已批准" },
	{ "rejected", "rejected", "已拒绝" },
	{ "cancelled", "cancelled", "已取消" },
	{ "waitlisted", "waitlisted", "候补中" },
	{ "offered", "offered", "已递补待确认" },
	{ "completed", "completed", "已完成" },
	{ "registered", "registered", "已登记" },
	{ "amended", "amended", "已变更" },
	{ "terminated", "terminated", "已终止" },
	{ "available", "available", "可预约" },
	{ "maintenance", "maintenance", "维护中" },
	{ "retired", "retired", "已停用" },
	/* --- msg16a: fields, statuses and actions of challenges, brokerage, alliances, events --- */
	{ "problem", "problem statement", "需解决的问题" },
	{ "budget", "budget", "经费" },
	{ "period_start", "period start", "实施周期开始日期" },
	{ "period_end", "period end", "实施周期结束日期" },
	{ "max_winners", "number of winners", "入选数量上限" },
	{ "indicators", "indicators", "指标" },
	{ "stages", "funding stages", "拨付阶段" },
	{ "plan", "implementation plan", "实施方案" },
	{ "milestones", "milestones", "里程碑" },
	{ "consortium", "consortium", "联合体" },
	{ "scores", "scores", "评分" },
	{ "expert", "expert", "评审专家" },
	{ "winners", "winners", "入选者" },
	{ "app_id", "application", "揭榜申请" },
	{ "objection", "objection", "异议" },
	{ "objections", "objections", "异议" },
	{ "notice_end", "end of the public notice", "公示结束日期" },
	{ "grade", "grade", "等级" },
	{ "cert_date", "certificate date", "证书日期" },
	{ "cert_expiry", "certificate expiry", "证书有效期" },
	{ "fields", "fields", "领域" },
	{ "regions", "regions", "地区" },
	{ "broker", "broker", "技术经纪人" },
	{ "origin", "origin", "来源" },
	{ "opened_on", "opening date", "立案日期" },
	{ "on_date", "date", "日期" },
	{ "close_reason", "close reason", "关闭理由" },
	{ "listing_id", "listing", "条目" },
	{ "listing", "listing", "条目" },
	{ "starts_on", "start date", "开始日期" },
	{ "ends_on", "end date", "结束日期" },
	{ "place", "place", "地点" },
	{ "capacity", "capacity", "名额" },
	{ "attendee", "attendee", "参会人" },
	{ "level", "level", "级别" },
	{ "lead_org_id", "lead organisation", "牵头单位" },
	{ "members", "members", "成员" },
	{ "joined_on", "joining date", "加入日期" },
	{ "held_on", "date held", "举办日期" },
	{ "hosts", "host organisations", "依托单位" },
	{ "item_id", "listing", "条目" },
	{ "outcome", "outcome", "活动成效" },
	{ "min_score", "minimum score", "最低匹配分" },
	{ "period", "period", "期次" },
	{ "file", "file", "文件" },
	{ "payment_modes", "payment modes", "支付方式" },
	{ "after", "cursor", "翻页游标" },
	{ "mode", "transaction mode", "合作方式" },
	{ "lang", "language", "语言" },
	{ "substantive", "substantive", "实体化" },
	{ "online", "online", "线上" },
	{ "attachments", "attachments", "附件" },
	{ "targets", "targets", "目标值" },
	{ "items", "items", "条目" },
	{ "current_password", "current password", "当前密码" },
	{ "day", "day", "星期" },
	{ "reason code", "reason code", "理由代码" },
	{ "organisation kind", "organisation kind", "机构类别" },
	{ "contract type", "contract type", "合同类型" },
	{ "event kind", "event kind", "活动类别" },
	{ "line kind", "kind", "类别" },
	{ "representation", "representation", "代理关系" },
	{ "request", "request", "对接请求" },
	{ "a contract", "a contract", "合同" },
	{ "a task book", "a task book", "任务书" },
	{ "the request", "the request", "申请经费" },
	{ "the winners' budgets", "the winners' budgets", "入选者的经费" },
	{ "the awards", "the awards", "资助金额" },
	{ "fail", "fail", "判定失败" },
	{ "decline", "decline", "拒绝" },
	{ "close a failed challenge", "close a failed challenge", "关闭未通过的榜单" },
	{ "follow an organisation", "follow an organisation", "关注机构" },
	/* what an import column must hold (domain/transfer.c) */
	{ "a positive organisation id", "a positive organisation id", "正整数的机构编号" },
	{ "an integer from 1 to 9", "an integer from 1 to 9", "1 到 9 之间的整数" },
	{ "0 (any) or 1 to 9", "0 (any) or 1 to 9", "0（不限）或 1 到 9 之间的整数" },
	{ "a whole number in range", "a whole number in range", "范围内的整数" },
	/* challenge steps that bad_state names */
	{ "editing (only a draft is edited)", "editing (only a draft is edited)", "编辑（只有草稿可以编辑）" },
	{ "applying (deadline passed or closed)", "applying (deadline passed or closed)", "申请（已过截止时间或申请已关闭）" },
	{ "editing an application (deadline passed)", "editing an application (deadline passed)", "修改申请（已过截止时间）" },
	{ "assigning experts", "assigning experts", "指派评审专家" },
	{ "scoring", "scoring", "评分" },
	{ "selecting winners", "selecting winners", "选定入选者" },
	{ "objecting (only during the public notice)", "objecting (only during the public notice)", "提出异议（只能在公示期内）" },
	{ "confirming the award", "confirming the award", "确认立项" },
	{ "registering the contract", "registering the contract", "登记合同" },
	{ "reporting a milestone", "reporting a milestone", "报告里程碑" },
	{ "deciding a milestone", "deciding a milestone", "验收里程碑" },
	{ "paying a tranche", "paying a tranche", "拨付经费" },
	{ "close_applications", "close_applications", "截止申请" },
	{ "start_review", "start_review", "开始评审" },
	{ "reopen", "reopen", "重新开放" },
	{ "start work", "start work", "开始攻关" },
	/* statuses */
	{ "applications_closed", "applications_closed", "申报截止" },
	{ "under_review", "under_review", "评审中" },
	{ "notice", "notice", "公示中" },
	{ "awarded", "awarded", "已揭榜" },
	{ "in_progress", "in_progress", "攻关中" },
	{ "accepted", "accepted", "已接受" },
	{ "failed", "failed", "未通过" },
	{ "won", "won", "已入选" },
	{ "lost", "lost", "未入选" },
	{ "reported", "reported", "已报告" },
	{ "paid", "paid", "已拨付" },
	{ "open", "open", "待处理" },
	{ "upheld", "upheld", "已支持" },
	{ "dismissed", "dismissed", "已驳回" },
	{ "requested", "requested", "已申请" },
	{ "consented", "consented", "已同意" },
	{ "declined", "declined", "已拒绝" },
	{ "revoked", "revoked", "已撤销" },
	{ "first_contact", "first_contact", "初次接触" },
	{ "meeting", "meeting", "会谈" },
	{ "evaluation", "evaluation", "评估" },
	{ "negotiation", "negotiation", "谈判" },
	{ "contracted", "contracted", "已签约" },
	{ "planned", "planned", "计划中" },
	{ "held", "held", "已举办" },
	{ "over", "over", "已结束" },
	{ "active", "active", "运行中" },
	{ "under_evaluation", "under_evaluation", "评估中" },
	{ "none", "none", "无" },
	{ "admin", "admin", "管理员" },
	{ "reviewer", "reviewer", "审核员" },
	{ "member", "member", "成员" },
};

static const struct msg *find_msg(const char *code)
{
	if (!code || !*code)
		return NULL;
	for (size_t i = 0; i < sizeof(msgs) / sizeof(msgs[0]); i++)
		if (!strcmp(msgs[i].code, code))
			return &msgs[i];
	return NULL;
}

const char *tb_code_at(size_t i)
{
	return i < sizeof(msgs) / sizeof(msgs[0]) ? msgs[i].code : NULL;
}

const char *tb_code_text(const char *code, enum tb_lang lang)
{
	const struct msg *m = find_msg(code);
	return m ? (lang == TB_LANG_ZH ? m->zh : m->en) : NULL;
}

const char *tb_field_label(const char *field, enum tb_lang lang)
{
	if (!field)
		return "";
	for (size_t i = 0; i < sizeof(labels) / sizeof(labels[0]); i++)
		if (!strcmp(labels[i].name, field))
			return lang == TB_LANG_ZH ? labels[i].zh : labels[i].en;
	return field;
}

/* Appends at most what fits; out stays terminated. Once a piece is cut the
 * buffer counts as full, so nothing after the cut is appended. */
static void put(char *out, size_t cap, size_t *o, const char *s, size_t n)
{
	bool cut = false;
	if (!cap || *o >= cap - 1)
		return;
	if (*o + n >= cap) {
		n = cap - 1 - *o;
		cut = true;
		/* never half a character: the API's JSON strings must stay UTF-8 */
		while (n && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
	}
	memcpy(out + *o, s, n);
	out[*o + n] = '\0';
	*o = cut ? cap - 1 : *o + n;
}

/* "a, b or c" -> "a、b、c": a list of values written the Chinese way. */
static const char *zh_list(const char *s, char *out, size_t cap)
{
	size_t o = 0;
	out[0] = '\0';
	while (*s) {
		size_t n = 1;
		const char *v = NULL;
		if (!strncmp(s, ", ", 2))
			v = "、", n = 2;
		else if (!strncmp(s, " or ", 4))
			v = "、", n = 4;
		put(out, cap, &o, v ? v : s, v ? strlen(v) : 1);
		s += n;
	}
	return out;
}

static void render(const char *tpl, const struct tb_field_error *fe, enum tb_lang lang, char *out,
                   size_t cap, size_t *o)
{
	for (const char *p = tpl; *p; ) {
		char num[32], list[160];
		const char *v = NULL;
		size_t skip = 0;
		if (!strncmp(p, "{n}", 3))
			snprintf(num, sizeof(num), "%lld", fe->n), v = num, skip = 3;
		else if (!strncmp(p, "{m}", 3))
			snprintf(num, sizeof(num), "%lld", fe->m), v = num, skip = 3;
		else if (!strncmp(p, "{s}", 3))
			v = fe->s, skip = 3;
		else if (!strncmp(p, "{t}", 3))
			v = fe->t, skip = 3;
		else if (!strncmp(p, "{sl}", 4))
			v = zh_list(fe->s, list, sizeof(list)), skip = 4;
		else if (!strncmp(p, "{fs}", 4))
			v = tb_field_label(fe->s, lang), skip = 4;
		else if (!strncmp(p, "{ft}", 4))
			v = tb_field_label(fe->t, lang), skip = 4;
		if (v) {
			put(out, cap, o, v, strlen(v));
			p += skip;
		} else {
			/* the literal run up to the next placeholder, in one piece, so
			 * that a cut falls between characters */
			size_t n = strcspn(p + 1, "{") + 1;
			put(out, cap, o, p, n);
			p += n;
		}
	}
}

void tb_msg_render(const struct tb_field_error *fe, enum tb_lang lang, char *out, size_t cap)
{
	const struct msg *m = find_msg(fe->code);
	size_t o = 0;
	if (cap)
		out[0] = '\0';
	if (!m) {
		put(out, cap, &o, fe->message, strlen(fe->message));
		return;
	}
	render(lang == TB_LANG_ZH ? m->zh : m->en, fe, lang, out, cap, &o);
}

void tb_msg_full(const struct tb_field_error *fe, enum tb_lang lang, char *out, size_t cap)
{
	char msg[256];
	tb_msg_render(fe, lang, msg, sizeof(msg));
	if (!fe->field[0])
		snprintf(out, cap, "%s", msg);
	else if (lang == TB_LANG_ZH)
		snprintf(out, cap, "%s：%s", tb_field_label(fe->field, lang), msg);
	else
		snprintf(out, cap, "%s: %s", fe->field, msg);
}

/* snprintf into a fixed field, then drop a character the cap cut in half: a
 * parameter is often the caller's own input (an unknown mode, a file name),
 * and the API answers it inside a JSON string, which must stay UTF-8. */
static void copy_param(char *out, size_t cap, const char *s)
{
	size_t n = strlen(s);
	snprintf(out, cap, "%s", s);
	if (n >= cap) {
		/* s[n] is the first byte left out: a continuation byte there
		 * means the character before it was cut */
		n = cap - 1;
		while (n && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
		out[n] = '\0';
	}
}

void tb_fe_code(struct tb_field_error *fe, const char *field, const char *code, long long n,
                long long m, const char *s, const char *t)
{
	if (!fe)
		return;
	snprintf(fe->field, sizeof(fe->field), "%s", field ? field : "");
	snprintf(fe->code, sizeof(fe->code), "%s", code ? code : "");
	fe->n = n;
	fe->m = m;
	copy_param(fe->s, sizeof(fe->s), s ? s : "");
	copy_param(fe->t, sizeof(fe->t), t ? t : "");
	/* The English rendering stays in message: import reports, logs and every
	 * caller that prints fe->message keep working unchanged. */
	fe->message[0] = '\0';
	{
		size_t o = 0;
		const struct msg *mm = find_msg(fe->code);
		if (mm)
			render(mm->en, fe, TB_LANG_EN, fe->message, sizeof(fe->message), &o);
		else
			snprintf(fe->message, sizeof(fe->message), "%s", fe->code);
	}
}

/* One tag of an Accept-Language list or a locale name -> a language, or -1. */
static int tag_lang(const char *p, size_t n)
{
	while (n && (*p == ' ' || *p == '\t'))
		p++, n--;
	bool tail = n == 2 || (n > 2 && (p[2] == '-' || p[2] == '_' || p[2] == '.'));
	if (n >= 2 && tail && !strncasecmp(p, "zh", 2))
		return TB_LANG_ZH;
	if (n >= 2 && tail && !strncasecmp(p, "en", 2))
		return TB_LANG_EN;
	return -1;
}

enum tb_lang tb_lang_parse(const char *s, enum tb_lang dflt)
{
	int best = -1;
	double best_q = -1;
	const char *p = s;
	while (p && *p) {
		const char *e = strchr(p, ',');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		const char *semi = memchr(p, ';', n);
		size_t tn = semi ? (size_t)(semi - p) : n;
		double q = 1.0;
		int l = tag_lang(p, tn);
		if (semi) {
			const char *qp = strstr(semi, "q=");
			if (qp && qp < p + n) {
				char tmp[16];
				size_t ql = (size_t)(p + n - (qp + 2));
				if (ql >= sizeof(tmp))
					ql = sizeof(tmp) - 1;
				memcpy(tmp, qp + 2, ql);
				tmp[ql] = '\0';
				if (sscanf(tmp, "%lf", &q) != 1)
					q = 0;
			}
		}
		/* The first of equal weights wins: "zh-CN,en" is Chinese. */
		if (l >= 0 && q > 0 && q > best_q) {
			best = l;
			best_q = q;
		}
		p = e ? e + 1 : NULL;
	}
	return best < 0 ? dflt : (enum tb_lang)best;
}

enum tb_lang tb_lang_pick(const char *param, const char *accept)
{
	enum tb_lang l = tb_lang_parse(accept, TB_LANG_EN);
	return param && *param ? tb_lang_parse(param, l) : l;
}

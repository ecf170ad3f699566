/* contracts.c - /api/contracts: register (POST), list (GET, also format=csv),
 * get, amend (PATCH) and terminate. Amounts travel as yuan (a number or a
 * decimal string with at most two decimals) and are stored as integer fen;
 * responses carry both `amount` (yuan) and `amount_fen` (exact). */
#include "api/api.h"
#include "domain/catalog_ops.h"
#include "core/csv.h"
#include "domain/catalog.h"
#include "domain/contract.h"
#include "domain/contract_ops.h"
#include "domain/docking.h"
#include "domain/payment.h"
#include "domain/region.h"
#include "core/util.h"
#include <string.h>

static json_t *money_json(int64_t fen)
{
	return json_real((double)fen / 100.0);
}

static json_t *party_json(const struct contract_party *p)
{
	return json_pack("{s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:b}",
	                 "org_id", p->org_id > 0 ? json_integer(p->org_id) : json_null(),
	                 "name", jstr(p->name), "region_code", jstr(p->region_code),
	                 "country", jstr(p->country), "city", jstr(p->city),
	                 "city_en", jstr(region_city_en(p->city)), "city_code", jstr(p->city_code),
	                 "unit_code", jstr(p->unit_code), "in_province", p->in_province != 0);
}

json_t *contract_json(const struct contract *x)
{
	return json_pack("{s:I,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:I,s:o,s:I,s:o,s:o,s:o,s:o,s:o,s:o,s:o,"
	                 "s:b,s:o,s:o,s:o,s:o}",
	                 "id", (json_int_t)x->id, "reg_no", jstr(x->reg_no), "title", jstr(x->title),
	                 "type", jstr(x->type), "subtype", jstr(x->subtype),
	                 "seller", party_json(&x->seller), "buyer", party_json(&x->buyer),
	                 "amount", money_json(x->amount_fen), "amount_fen", (json_int_t)x->amount_fen,
	                 "tx_amount", money_json(x->tx_amount_fen),
	                 "tx_amount_fen", (json_int_t)x->tx_amount_fen,
	                 "signed_on", jstr(x->signed_on), "valid_from", jstr(x->valid_from),
	                 "valid_to", jstr(x->valid_to),
	                 "achievement_id", x->achievement_id > 0 ? json_integer(x->achievement_id) : json_null(),
	                 "demand_id", x->demand_id > 0 ? json_integer(x->demand_id) : json_null(),
	                 "field", jstr(x->field), "status", jstr(x->status), "local", x->local != 0,
	                 "note", jstr(x->note), "created_at", jstr(x->created_at),
	                 "updated_at", jstr(x->updated_at),
	                 /* == release (issue #16) == */
	                 "payment_mode", jstr(x->payment_mode));
}

/* ------------------------------------------------------------- input */

static int read_money(struct api_ctx *c, const char *key, bool required, int64_t *fen)
{
	json_t *v = json_object_get(c->body, key);
	if (!v || json_is_null(v)) {
		if (required)
			return TB_FE(&c->fe, key, "field_required"), TB_EINVAL;
		return TB_OK;
	}
	if (json_is_integer(v) && json_integer_value(v) >= 0 &&
	    json_integer_value(v) <= INT64_MAX / 100) {
		*fen = json_integer_value(v) * 100;
		return TB_OK;
	}
	if (json_is_real(v) && money_from_double(json_real_value(v), fen))
		return TB_OK;
	if (json_is_string(v) && money_parse_yuan(json_string_value(v), fen))
		return TB_OK;
	return TB_FE(&c->fe, key, "money_fen"), TB_EINVAL;
}

static int read_date(struct api_ctx *c, const char *key, bool required, const char **out)
{
	int rc = jin_str(c, key, required, out);
	if (rc)
		return rc;
	if (*out && !parse_date(*out, NULL, NULL, NULL))
		return TB_FE(&c->fe, key, "invalid_date"), TB_EINVAL;
	return TB_OK;
}

/* "seller": {"org_id":1} or {"name":"...","region_code":"110108","country":"156"};
 * "seller_org_id": 1 is a shortcut. Errors name "seller.org_id" etc. */
static int read_party(struct api_ctx *c, const char *side, struct contract_party *p)
{
	static const char *const keys[] = { "org_id", "name", "region_code", "country", NULL };
	char shortcut[32];
	json_t *o = json_object_get(c->body, side), *saved = c->body;
	int64_t id = 0;
	int rc;

	snprintf(shortcut, sizeof(shortcut), "%s_org_id", side);
	if (jin_has(c, shortcut)) {
		if ((rc = jin_int(c, shortcut, false, 1, INT64_MAX, &id)))
			return rc;
		p->org_id = id;
	}
	if (!o || json_is_null(o))
		return TB_OK;
	if (!json_is_object(o))
		return TB_FE_S(&c->fe, side, "shape_object", "{org_id} or {name, region_code, country}"),
		       TB_EINVAL;
	c->body = o;
	rc = api_only_keys(c, keys);
	if (!rc && jin_has(c, "org_id") && !(rc = jin_int(c, "org_id", false, 1, INT64_MAX, &id)))
		p->org_id = id;
	if (!rc) rc = jin_str(c, "name", false, &p->name);
	if (!rc) rc = jin_str(c, "region_code", false, &p->region_code);
	if (!rc) rc = jin_str(c, "country", false, &p->country);
	c->body = saved;
	if (rc && c->fe.field[0]) {
		char f[sizeof(c->fe.field)];
		snprintf(f, sizeof(f), "%s.%.40s", side, c->fe.field);
		snprintf(c->fe.field, sizeof(c->fe.field), "%s", f);
	}
	return rc;
}

static const char *const create_keys[] = {
	"reg_no", "title", "type", "subtype", "seller", "buyer", "seller_org_id", "buyer_org_id",
	"amount", "tx_amount", "signed_on", "valid_from", "valid_to", "achievement_id", "demand_id",
	"field", "note", "payment_mode", "schedule", NULL
};
static const char *const patch_keys[] = {
	"title", "subtype", "amount", "tx_amount", "signed_on", "valid_from", "valid_to", "field",
	"note", NULL
};

/* Fields both create and amend accept. */
static int read_common(struct api_ctx *c, struct contract *x, bool create)
{
	int rc;
	if ((rc = jin_str(c, "title", false, &x->title)) ||
	    (rc = jin_str(c, "subtype", false, &x->subtype)) ||
	    (rc = read_money(c, "amount", create, &x->amount_fen)) ||
	    (rc = read_money(c, "tx_amount", false, &x->tx_amount_fen)) ||
	    (rc = read_date(c, "signed_on", create, &x->signed_on)) ||
	    (rc = read_date(c, "valid_from", false, &x->valid_from)) ||
	    (rc = read_date(c, "valid_to", false, &x->valid_to)) ||
	    (rc = jin_str(c, "field", false, &x->field)) ||
	    (rc = jin_str(c, "note", false, &x->note)))
		return rc;
	return TB_OK;
}

static int read_schedule(struct api_ctx *c, struct contract *x);

static int contract_from_body(struct api_ctx *c, struct contract *x)
{
	int64_t v;
	int rc;
	if ((rc = api_only_keys(c, create_keys)) ||
	    (rc = jin_str(c, "reg_no", true, &x->reg_no)) ||
	    (rc = jin_str(c, "type", true, &x->type)))
		return rc;
	if (!contract_reg_no_valid(x->reg_no))
		return TB_FE(&c->fe, "reg_no", "contract_reg_no_format"), TB_EINVAL;
	if (!name_in(contract_types, x->type))
		return tb_fe_code(&c->fe, "type", "one_of_list", 0, 0,
		                  "development, transfer, licensing, consulting, service",
		                  NULL), TB_EINVAL;
	if ((rc = read_party(c, "seller", &x->seller)) || (rc = read_party(c, "buyer", &x->buyer)) ||
	    (rc = read_common(c, x, true)) || (rc = read_schedule(c, x)))
		return rc;
	v = 0;
	if ((rc = jin_int(c, "achievement_id", false, 1, INT64_MAX, &v)))
		return rc;
	x->achievement_id = v;
	v = 0;
	if ((rc = jin_int(c, "demand_id", false, 1, INT64_MAX, &v)))
		return rc;
	x->demand_id = v;
	return TB_OK;
}

/* "schedule": [{"due_on":"2027-01-31","amount_fen":5000000}, ...] (issue #16);
 * the sums are checked by the domain (payment_check_schedule). */
static int read_schedule(struct api_ctx *c, struct contract *x)
{
	static const char *const keys[] = { "due_on", "amount_fen", NULL };
	json_t *arr = json_object_get(c->body, "schedule"), *saved = c->body;
	struct instalment *items;
	size_t n;
	int rc = TB_OK;
	if ((rc = jin_str(c, "payment_mode", false, &x->payment_mode)))
		return rc;
	if (!arr || json_is_null(arr))
		return TB_OK;
	if (!json_is_array(arr))
		return TB_FE_S(&c->fe, "schedule", "shape_list", "{due_on, amount_fen}"), TB_EINVAL;
	n = json_array_size(arr);
	if (n > PAYMENT_MAX_INSTALMENTS)
		return TB_FE_N(&c->fe, "schedule", "max_payments", PAYMENT_MAX_INSTALMENTS), TB_EINVAL;
	if (n && !(items = arena_alloc(c->a, sizeof(*items) * n)))
		return TB_ENOMEM;
	for (size_t i = 0; i < n && !rc; i++) {
		json_t *it = json_array_get(arr, i);
		int64_t fen = 0;
		if (!json_is_object(it)) {
			rc = TB_EINVAL;
			tb_fe_code(&c->fe, "schedule", "item_shape", (long long)i, 0, "{due_on, amount_fen}", NULL);
			break;
		}
		c->body = it;
		if (!(rc = api_only_keys(c, keys)) && !(rc = jin_str(c, "due_on", true, &items[i].due_on)))
			rc = jin_int(c, "amount_fen", true, 1, INT64_MAX, &fen);
		c->body = saved;
		if (rc) {
			char f[sizeof(c->fe.field)];
			snprintf(f, sizeof(f), "schedule[%zu].%.40s", i, c->fe.field);
			snprintf(c->fe.field, sizeof(c->fe.field), "%s", f);
			break;
		}
		items[i].seq = (int)i + 1;
		items[i].amount_fen = fen;
	}
	if (!rc && n) {
		x->schedule = items;
		x->nschedule = (int)n;
	}
	return rc;
}

/* The contract with its payment schedule (single-contract answers). */
static void answer_contract(struct api_ctx *c, int status, const struct contract *x)
{
	struct instalment *it;
	int n, rc;
	json_t *o, *arr;
	if ((rc = contract_schedule(c->st, c->a, x->id, &it, &n)))
		return api_fail(c, rc);
	o = contract_json(x);
	arr = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(arr, json_pack("{s:i,s:s,s:I,s:o}", "seq", it[i].seq,
		                                     "due_on", it[i].due_on,
		                                     "amount_fen", (json_int_t)it[i].amount_fen,
		                                     "amount", money_json(it[i].amount_fen)));
	json_object_set_new(o, "schedule", arr);
	api_json(c, status, o);
}

static void changed_achievement(struct api_ctx *c, int64_t id)
{
	struct achievement a;
	if (id > 0 && catalog_ach_get(c->st, c->a, id, &a) == TB_OK)
		docking_changed_achievement(c->app->index, &a);
}

/* ------------------------------------------------------------ handlers */

static void create_contract(struct api_ctx *c)
{
	struct contract_actor by;
	struct contract x;
	int64_t changed = 0;
	int rc;
	memset(&x, 0, sizeof(x));
	x.tx_amount_fen = -1;
	if ((rc = api_body(c)) || (rc = contract_from_body(c, &x)))
		return api_fail(c, rc);
	if (!api_allow(c, "contract", "create", x.seller.org_id))
		return;
	by.user_id = c->who.user_id;
	by.org_id = c->who.org_id;
	by.reads_all = api_may(c, "achievement", "read_draft", 0) && api_may(c, "demand", "read_draft", 0);
	by.broker = c->who.role && !strcmp(c->who.role, "broker");
	if ((rc = contract_register(c->st, c->a, &x, &by, &c->fe, &changed)))
		return api_fail(c, rc);
	changed_achievement(c, changed);
	if (x.demand_id > 0) { /* it may have closed the demand (issue #16) */
		struct demand d;
		if (catalog_dem_get(c->st, c->a, x.demand_id, &d) == TB_OK)
			docking_changed_demand(c->app->index, &d);
	}
	if ((rc = contract_get(c->st, c->a, x.id, &x)))
		return api_fail(c, rc);
	answer_contract(c, 201, &x);
}

static void get_contract(struct api_ctx *c)
{
	struct contract x;
	int rc = contract_get(c->st, c->a, c->ids[0], &x);
	if (rc)
		return api_fail(c, rc);
	if (!api_allow(c, "contract", "read", x.seller.org_id))
		return;
	answer_contract(c, 200, &x);
}

static int contracts_csv(struct api_ctx *c, const struct contract *rows, int n, struct buf *b,
                         bool header)
{
	char m1[32], m2[32];
	int rc = header ? buf_adds(b, "id,reg_no,title,type,subtype,seller,seller_city,buyer,buyer_city,"
	                              "amount_yuan,tx_amount_yuan,signed_on,status,local,achievement_id\r\n")
	                : TB_OK;
	for (int i = 0; i < n && !rc; i++) {
		const struct contract *x = &rows[i];
		money_format(x->amount_fen, m1);
		money_format(x->tx_amount_fen, m2);
		/* Every text cell through the one writer (formula guard + quoting). */
		rc = buf_printf(b, "%lld,", (long long)x->id);
		if (!rc) rc = csv_cell(b, x->reg_no);
		if (!rc) rc = buf_addc(b, ',');
		if (!rc) rc = csv_cell(b, x->title);
		if (!rc) rc = buf_addc(b, ',');
		if (!rc) rc = csv_cell(b, x->type);
		if (!rc) rc = buf_addc(b, ',');
		if (!rc) rc = csv_cell(b, x->subtype);
		if (!rc) rc = buf_addc(b, ',');
		if (!rc) rc = csv_cell(b, x->seller.name);
		if (!rc) rc = buf_addc(b, ',');
		if (!rc) rc = csv_cell(b, x->seller.city);
		if (!rc) rc = buf_addc(b, ',');
		if (!rc) rc = csv_cell(b, x->buyer.name);
		if (!rc) rc = buf_addc(b, ',');
		if (!rc) rc = csv_cell(b, x->buyer.city);
		if (!rc) rc = buf_printf(b, ",%s,%s,%s,%s,%d,", m1, m2, x->signed_on, x->status, x->local);
		if (!rc && x->achievement_id > 0)
			rc = buf_printf(b, "%lld", (long long)x->achievement_id);
		if (!rc) rc = buf_adds(b, "\r\n");
	}
	return rc;
}

static void list_contracts(struct api_ctx *c)
{
	struct contract_query q;
	struct contract *rows;
	int n, rc;
	int64_t total;
	json_t *items;

	memset(&q, 0, sizeof(q));
	q.status = qs_str(c, "status");
	q.type = qs_str(c, "type");
	q.q = qs_str(c, "q");
	q.from = qs_str(c, "from");
	q.to = qs_str(c, "to");
	if (q.status && !name_in(contract_statuses, q.status))
		return TB_FE_S(&c->fe, "status", "one_of", "registered, amended or terminated"),
		       api_fail(c, TB_EINVAL);
	if (q.type && !name_in(contract_types, q.type))
		return TB_FE_S(&c->fe, "type", "not_known", "contract type"), api_fail(c, TB_EINVAL);
	if (q.from && !parse_date(q.from, NULL, NULL, NULL))
		return TB_FE(&c->fe, "from", "invalid_date"), api_fail(c, TB_EINVAL);
	if (q.to && !parse_date(q.to, NULL, NULL, NULL))
		return TB_FE(&c->fe, "to", "invalid_date"), api_fail(c, TB_EINVAL);
	if ((rc = qs_int(c, "org", 1, INT64_MAX, 0, &q.org_id)) ||
	    (rc = qs_int(c, "achievement", 1, INT64_MAX, 0, &q.achievement_id)))
		return api_fail(c, rc);
	if ((rc = qs_page(c, api_want_csv(c) ? 1000000 : 500, 50, 100000000, &q.limit, &q.offset)))
		return api_fail(c, rc);
	if (!api_allow(c, "contract", "read", q.org_id))
		return;
	if (api_want_csv(c)) {
		/* Pages of 2,000 rows, each in its own arena: the request arena stays small. */
		struct buf b = BUF_INIT(64u << 20);
		struct contract_query pq = q;
		int want = q.limit, got = 0;
		bool header = true;
		while (got < want) {
			struct arena pa;
			arena_init(&pa, 16u << 20);
			pq.offset = q.offset + got;
			pq.limit = want - got < 2000 ? want - got : 2000;
			rc = contract_list(c->st, &pa, &pq, &rows, &n, &total);
			if (!rc)
				rc = contracts_csv(c, rows, n, &b, header);
			arena_release(&pa);
			if (rc) {
				buf_release(&b);
				return api_fail(c, rc);
			}
			header = false;
			got += n;
			if (n < pq.limit)
				break;
		}
		api_send_csv(c, &b, "contracts.csv");
		buf_release(&b);
		return;
	}
	if ((rc = contract_list(c->st, c->a, &q, &rows, &n, &total)))
		return api_fail(c, rc);
	items = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(items, contract_json(&rows[i]));
	api_json(c, 200, json_pack("{s:o,s:I,s:i,s:i}", "items", items, "total", (json_int_t)total,
	                           "limit", q.limit, "offset", q.offset));
}

static void update_contract(struct api_ctx *c)
{
	struct contract x;
	int rc;
	if ((rc = api_body(c)) || (rc = contract_get(c->st, c->a, c->ids[0], &x)))
		return api_fail(c, rc);
	if (!api_allow(c, "contract", "update", x.seller.org_id))
		return;
	if (jin_has(c, "status"))
		return TB_FE(&c->fe, "status", "contract_status_via"), api_fail(c, TB_EINVAL);
	if ((rc = api_only_keys(c, patch_keys)) || (rc = read_common(c, &x, false)))
		return api_fail(c, rc);
	if ((rc = contract_amend(c->st, c->a, &x, &c->fe)) ||
	    (rc = contract_get(c->st, c->a, x.id, &x)))
		return api_fail(c, rc);
	api_json(c, 200, contract_json(&x));
}

static void terminate_contract(struct api_ctx *c)
{
	struct contract x;
	const char *reason = NULL;
	int64_t changed = 0;
	int rc;
	if ((rc = contract_get(c->st, c->a, c->ids[0], &x)))
		return api_fail(c, rc);
	if (!api_allow(c, "contract", "terminate", x.seller.org_id))
		return;
	if (c->req->body_len) {
		static const char *const keys[] = { "reason", NULL };
		if ((rc = api_body_keys(c, keys)) ||
		    (rc = jin_str(c, "reason", false, &reason)))
			return api_fail(c, rc);
	}
	if ((rc = contract_terminate(c->st, c->a, x.id, reason, &c->fe, &changed)))
		return api_fail(c, rc);
	changed_achievement(c, changed);
	if ((rc = contract_get(c->st, c->a, x.id, &x)))
		return api_fail(c, rc);
	api_json(c, 200, contract_json(&x));
}

const struct api_route api_contract_routes[] = {
	{ "GET", "/api/contracts", list_contracts,
	  { .en = "List contracts", .zh = "技术合同列表", .access = "contract:read",
	    .query = "status,type,q,from,to,org:integer,achievement:integer,limit:integer,"
	             "offset:integer", .ok = "200:[#Contract" } },
	{ "POST", "/api/contracts", create_contract,
	  { .en = "Register a technology contract", .zh = "登记技术合同", .access = "contract:create",
	    .body = "reg_no:string!,type:string!,achievement_id:integer,demand_id:integer,"
	             "org_id:integer,name:string,region_code:string,country:string,title:string,"
	             "subtype:string,field:string,note:string,payment_mode:string,due_on:string!,"
	             "amount_fen:integer!", .ok = "200:#Contract" } },
	{ "GET", "/api/contracts/{id}", get_contract,
	  { .en = "Get one contract", .zh = "查看技术合同", .access = "contract:read",
	    .ok = "200:#Contract" } },
	{ "PATCH", "/api/contracts/{id}", update_contract,
	  { .en = "Amend a contract", .zh = "变更技术合同", .access = "contract:update",
	    .body = "title:string,subtype:string,field:string,note:string",
	    .ok = "200:#Contract" } },
	{ "POST", "/api/contracts/{id}/terminate", terminate_contract,
	  { .en = "Terminate a contract", .zh = "终止技术合同", .access = "contract:terminate",
	    .body = "reason:string", .errors = "409", .ok = "200:#Contract" } },
	{ NULL, NULL, NULL, { 0 } },
};

/* instruments.c - /api/instruments: catalogue (filters, pagination), get,
 * create, partial update, busy calendar, "what is free in this range across
 * all instruments", utilisation/revenue statistics, and training
 * qualifications. Times are local (UTC+08:00), see domain/instrument.h. */
#include "api/api.h"
#include "domain/instrument_ops.h"
#include "domain/org.h"
#include "domain/booking.h"
#include "domain/catalog.h"
#include "domain/instrument.h"
#include "domain/region.h"
#include "core/util.h"
#include <math.h>
#include <string.h>

/* ------------------------------------------------------------ to JSON */

static json_t *hours_json(const char *text)
{
	struct opening o;
	json_t *h = json_object();
	if (!text || !opening_parse(text, &o))
		return h;
	for (int d = 0; d < 7; d++) {
		char w[16];
		if (o.to[d] > o.from[d]) {
			snprintf(w, sizeof(w), "%02d:%02d-%02d:%02d", (o.from[d] / 60) % 100, o.from[d] % 60,
			         (o.to[d] / 60) % 100, o.to[d] % 60);
			json_object_set_new(h, weekday_keys[d], json_string(w));
		} else {
			json_object_set_new(h, weekday_keys[d], json_null());
		}
	}
	return h;
}

json_t *instrument_json(const struct instrument *x)
{
	return json_pack(
		"{s:I,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:b,s:{s:s,s:f,s:f,s:f},s:o,s:o,"
		"s:i,s:i,s:i,s:i,s:i,s:b,s:s,s:f,s:b,s:o,s:o,s:{s:I,s:o,s:o,s:o}}",
		"id", (json_int_t)x->id, "name_zh", jstr(x->name_zh), "name_en", jstr(x->name_en),
		"category", jstr(x->category), "model", jstr(x->model),
		"manufacturer", jstr(x->manufacturer), "location", jstr(x->location),
		"specs", jstr(x->specs), "services", jlist(x->services),
		"training_required", x->training_required,
		"fee", "unit", x->fee_unit ? x->fee_unit : "hour", "internal", x->rate_internal,
		"academic", x->rate_academic, "enterprise", x->rate_enterprise,
		"opening_hours", hours_json(x->hours), "closed_dates", jlist(x->closed_dates),
		"min_slot_minutes", x->min_slot_min, "max_slot_minutes", x->max_slot_min,
		"lead_time_hours", x->lead_hours, "cancel_deadline_hours", x->cancel_hours,
		"offer_hours", x->offer_hours, "requires_approval", x->requires_approval,
		"status", x->status ? x->status : "available", "value", x->value,
		"kpi", x->value >= TB_KPI_VALUE,
		"created_at", jstr(x->created_at), "updated_at", jstr(x->updated_at),
		"org", "id", (json_int_t)x->org_id, "name", jstr(x->org_name), "city", jstr(x->org_city),
		"city_en", jstr(region_city_en(x->org_city)));
}

/* ------------------------------------------------------------ input */

static int jin_bool(struct api_ctx *c, const char *key, int *out)
{
	json_t *v = json_object_get(c->body, key);
	if (!v)
		return TB_OK;
	if (!json_is_boolean(v))
		return TB_FE(&c->fe, key, "not_boolean"), TB_EINVAL;
	*out = json_is_true(v);
	return TB_OK;
}

static int jin_int32(struct api_ctx *c, const char *key, int lo, int hi, int *out)
{
	int64_t v = *out;
	int rc = jin_int(c, key, false, lo, hi, &v);
	*out = (int)v;
	return rc;
}

/* opening_hours: {"mon":"08:00-18:00",...,"sun":null} (missing days closed)
 * or the 7-field text form. */
static int read_hours(struct api_ctx *c, const char **out)
{
	json_t *v = json_object_get(c->body, "opening_hours");
	struct opening o;
	char txt[128];
	const char *key;
	json_t *day;

	if (!v)
		return TB_OK;
	if (json_is_string(v)) {
		if (!opening_parse(json_string_value(v), &o))
			return TB_FE(&c->fe, "opening_hours", "opening_hours_format"), TB_EINVAL;
	} else if (json_is_object(v)) {
		memset(&o, 0, sizeof(o));
		json_object_foreach(v, key, day) {
			int d = -1;
			for (int i = 0; weekday_keys[i]; i++)
				if (!strcmp(weekday_keys[i], key))
					d = i;
			if (d < 0)
				return TB_FE_ST(&c->fe, "opening_hours", "unknown_value", "day", key), TB_EINVAL;
			if (json_is_null(day))
				continue;
			if (!json_is_string(day) || !window_parse(json_string_value(day), &o.from[d], &o.to[d]))
				return TB_FE_S(&c->fe, "opening_hours", "day_hours_format", key), TB_EINVAL;
		}
	} else {
		return TB_FE_S(&c->fe, "opening_hours", "shape_object", "mon..sun"), TB_EINVAL;
	}
	opening_fmt(&o, txt);
	*out = arena_strdup(c->a, txt);
	return TB_OK;
}

static int read_fee(struct api_ctx *c, struct instrument *x)
{
	json_t *fee = json_object_get(c->body, "fee"), *saved = c->body;
	static const char *const keys[] = { "unit", "internal", "academic", "enterprise", NULL };
	int rc;
	if (!fee || json_is_null(fee))
		return TB_OK;
	if (!json_is_object(fee))
		return TB_FE_S(&c->fe, "fee", "shape_object", "{unit, internal, academic, enterprise}"), TB_EINVAL;
	c->body = fee;
	rc = api_only_keys(c, keys);
	if (!rc) rc = jin_str(c, "unit", false, &x->fee_unit);
	if (!rc) rc = jin_num(c, "internal", false, &x->rate_internal);
	if (!rc) rc = jin_num(c, "academic", false, &x->rate_academic);
	if (!rc) rc = jin_num(c, "enterprise", false, &x->rate_enterprise);
	c->body = saved;
	if (rc && c->fe.field[0] && strcmp(c->fe.field, "fee")) {
		char f[80];
		snprintf(f, sizeof(f), "fee.%s", c->fe.field);
		snprintf(c->fe.field, sizeof(c->fe.field), "%.63s", f);
	}
	if (!x->fee_unit)
		x->fee_unit = "hour";
	return rc;
}

static const char *const instr_keys[] = {
	"org_id", "name_zh", "name_en", "category", "model", "manufacturer", "location", "specs",
	"services", "training_required", "fee", "opening_hours", "closed_dates", "min_slot_minutes",
	"max_slot_minutes", "lead_time_hours", "cancel_deadline_hours", "offer_hours",
	"requires_approval", "status", "value", NULL
};

static int instrument_from_body(struct api_ctx *c, struct instrument *x)
{
	int rc;
	double value = x->value;
	if ((rc = api_only_keys(c, instr_keys)) ||
	    (rc = jin_int(c, "org_id", false, 1, INT64_MAX, &x->org_id)) ||
	    (rc = jin_str(c, "name_zh", false, &x->name_zh)) ||
	    (rc = jin_str(c, "name_en", false, &x->name_en)) ||
	    (rc = jin_str(c, "category", false, &x->category)) ||
	    (rc = jin_str(c, "model", false, &x->model)) ||
	    (rc = jin_str(c, "manufacturer", false, &x->manufacturer)) ||
	    (rc = jin_str(c, "location", false, &x->location)) ||
	    (rc = jin_str(c, "specs", false, &x->specs)) ||
	    (rc = jin_list(c, "services", &x->services)) ||
	    (rc = jin_bool(c, "training_required", &x->training_required)) ||
	    (rc = read_fee(c, x)) || (rc = read_hours(c, &x->hours)) ||
	    (rc = jin_list(c, "closed_dates", &x->closed_dates)) ||
	    (rc = jin_int32(c, "min_slot_minutes", 0, 100000, &x->min_slot_min)) ||
	    (rc = jin_int32(c, "max_slot_minutes", 0, 100000, &x->max_slot_min)) ||
	    (rc = jin_int32(c, "lead_time_hours", 0, 100000, &x->lead_hours)) ||
	    (rc = jin_int32(c, "cancel_deadline_hours", 0, 100000, &x->cancel_hours)) ||
	    (rc = jin_int32(c, "offer_hours", 0, 100000, &x->offer_hours)) ||
	    (rc = jin_bool(c, "requires_approval", &x->requires_approval)) ||
	    (rc = jin_str(c, "status", false, &x->status)) ||
	    (rc = jin_num(c, "value", false, &value)))
		return rc;
	x->value = value < 0 ? 0 : value;
	if (!x->status)
		x->status = "available";
	if (x->closed_dates && !*x->closed_dates)
		x->closed_dates = NULL;
	return TB_OK;
}

static int check_org(struct api_ctx *c, int64_t org_id)
{
	struct org o;
	int rc = org_get(c->st, c->a, org_id, &o);
	if (rc == TB_ENOTFOUND)
		return TB_FE(&c->fe, "org_id", "no_such_org"), TB_EINVAL;
	return rc;
}

/* ---------------------------------------------------------- handlers */

static void list_instruments(struct api_ctx *c)
{
	struct instr_query q;
	struct instrument *rows;
	int n, rc;
	int64_t total;
	json_t *items;

	memset(&q, 0, sizeof(q));
	q.category = qs_str(c, "category");
	q.status = qs_str(c, "status");
	q.q = qs_str(c, "q");
	if (q.status && !name_in(instrument_statuses, q.status))
		return TB_FE_S(&c->fe, "status", "one_of", "available, maintenance or retired"),
		       api_fail(c, TB_EINVAL);
	if ((rc = qs_int(c, "org", 1, INT64_MAX, 0, &q.org_id)) ||
	    (rc = qs_num(c, "value_min", -1, &q.value_min)))
		return api_fail(c, rc);
	if (qs_str(c, "kpi"))
		q.value_min = TB_KPI_VALUE;
	if ((rc = qs_page(c, 500, 20, 10000000, &q.limit, &q.offset)))
		return api_fail(c, rc);
	if (!api_allow(c, "instrument", "read", q.org_id))
		return;
	if ((rc = instrument_list(c->st, c->a, &q, &rows, &n, &total)))
		return api_fail(c, rc);
	items = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(items, instrument_json(&rows[i]));
	api_json(c, 200, json_pack("{s:o,s:I,s:i,s:i}", "items", items, "total", (json_int_t)total,
	                           "limit", q.limit, "offset", q.offset));
}

static void get_instrument(struct api_ctx *c)
{
	struct instrument x;
	int rc = instrument_get(c->st, c->a, c->ids[0], &x);
	if (rc)
		return api_fail(c, rc);
	if (!api_allow(c, "instrument", "read", x.org_id))
		return;
	api_json(c, 200, instrument_json(&x));
}

static void create_instrument(struct api_ctx *c)
{
	struct instrument x;
	int rc;
	instrument_defaults(&x);
	if ((rc = api_body(c)) || (rc = instrument_from_body(c, &x)))
		return api_fail(c, rc);
	if (!x.org_id)
		return TB_FE(&c->fe, "org_id", "field_required"), api_fail(c, TB_EINVAL);
	if (!api_allow(c, "instrument", "create", x.org_id))
		return;
	if ((rc = instrument_validate(&x, &c->fe)) || (rc = check_org(c, x.org_id)) ||
	    (rc = instrument_create(c->st, &x)) || (rc = instrument_get(c->st, c->a, x.id, &x)))
		return api_fail(c, rc);
	api_json(c, 201, instrument_json(&x));
}

static void update_instrument(struct api_ctx *c)
{
	struct instrument x;
	int64_t owner;
	int rc;
	if ((rc = api_body(c)) || (rc = instrument_get(c->st, c->a, c->ids[0], &x)))
		return api_fail(c, rc);
	owner = x.org_id;
	if (!api_allow(c, "instrument", "update", owner))
		return;
	if ((rc = instrument_from_body(c, &x)))
		return api_fail(c, rc);
	/* Moving an instrument to another owner needs the right on that owner too. */
	if (x.org_id != owner && !api_allow(c, "instrument", "update", x.org_id))
		return;
	if ((rc = instrument_validate(&x, &c->fe)) || (rc = check_org(c, x.org_id)) ||
	    (rc = instrument_save(c->st, &x)) || (rc = instrument_get(c->st, c->a, x.id, &x)))
		return api_fail(c, rc);
	api_json(c, 200, instrument_json(&x));
}

/* from/to query parameters: ISO-8601 local; defaults now .. now+days. */
/* ?from=&to= (ISO times or dates; from defaults to now, to to from + days_default). */
static int read_range(struct api_ctx *c, int days_default, int days_max, char from[32], char to[32],
                      int64_t *f, int64_t *t)
{
	return instrument_range(qs_str(c, "from"), qs_str(c, "to"), days_default, days_max, from, to,
	                        f, t, &c->fe);
}

static void instrument_calendar(struct api_ctx *c)
{
	struct instrument x;
	struct booking *rows;
	char from[32], to[32];
	int64_t f, t;
	int n, rc;
	json_t *busy;

	if ((rc = instrument_get(c->st, c->a, c->ids[0], &x)))
		return api_fail(c, rc);
	if ((rc = read_range(c, 7, 92, from, to, &f, &t)))
		return api_fail(c, rc);
	if (!api_allow(c, "instrument", "read", x.org_id))
		return;
	if ((rc = instrument_busy(c->st, c->a, x.id, from, to, &rows, &n)))
		return api_fail(c, rc);
	busy = json_array();
	/* Busy slots only: who booked is not public. */
	for (int i = 0; i < n; i++)
		json_array_append_new(busy, json_pack("{s:s,s:s,s:s}", "start", rows[i].start_at,
		                                      "end", rows[i].end_at, "status", rows[i].status));
	api_json(c, 200, json_pack("{s:I,s:s,s:s,s:o,s:o,s:o,s:f}", "instrument_id", (json_int_t)x.id,
	                           "from", from, "to", to, "opening_hours", hours_json(x.hours),
	                           "closed_dates", jlist(x.closed_dates), "busy", busy,
	                           "open_hours", instrument_open_hours(&x, f, t)));
}

static void free_instruments(struct api_ctx *c)
{
	struct instrument *rows;
	char from[32], to[32];
	int64_t f, t, v;
	int n, rc;
	json_t *items;

	if ((rc = read_range(c, 0, 31, from, to, &f, &t)))
		return api_fail(c, rc);
	if (!qs_str(c, "from") || !qs_str(c, "to"))
		return TB_FE(&c->fe, qs_str(c, "from") ? "to" : "from", "field_required"), api_fail(c, TB_EINVAL);
	if ((rc = qs_int(c, "limit", 1, 500, 50, &v)))
		return api_fail(c, rc);
	if (!api_allow(c, "instrument", "read", 0))
		return;
	if ((rc = instrument_free(c->st, c->a, f, t, from, to, qs_str(c, "category"), (int)v, &rows,
	                          &n)))
		return api_fail(c, rc);
	items = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(items, instrument_json(&rows[i]));
	api_json(c, 200, json_pack("{s:s,s:s,s:o,s:i}", "from", from, "to", to, "items", items,
	                           "count", n));
}

static double r2(double x) { return round(x * 100.0) / 100.0; }
static double r4(double x) { return round(x * 10000.0) / 10000.0; }

static json_t *util_json(const struct util_row *r, int is_cat)
{
	json_t *o = json_pack("{s:s,s:f,s:f,s:f,s:f,s:I}", is_cat ? "category" : "name",
	                      r->name ? r->name : "", "used_hours", r2(r->used_hours),
	                      "open_hours", r2(r->open_hours), "utilisation", r4(r->utilisation),
	                      "revenue", r2(r->fees), "uses", (json_int_t)r->uses);
	if (is_cat)
		json_object_set_new(o, "instruments", json_integer(r->instruments));
	else {
		json_object_set_new(o, "id", json_integer(r->instrument_id));
		json_object_set_new(o, "org", jstr(r->org_name));
	}
	return o;
}

json_t *instr_stats_json(const struct instr_stats *s, int64_t limit)
{
	json_t *bi = json_array(), *bc = json_array();
	for (int i = 0; i < s->n_instrument && i < limit; i++)
		json_array_append_new(bi, util_json(&s->by_instrument[i], 0));
	for (int i = 0; i < s->n_category; i++)
		json_array_append_new(bc, util_json(&s->by_category[i], 1));
	return json_pack("{s:s,s:s,s:I,s:I,s:I,s:f,s:f,s:f,s:f,s:I,s:o,s:o}",
	                 "from", s->from, "to", s->to, "instruments", (json_int_t)s->instruments,
	                 "institutions", (json_int_t)s->institutions,
	                 "kpi_instruments", (json_int_t)s->kpi_instruments,
	                 "used_hours", r2(s->used_hours), "open_hours", r2(s->open_hours),
	                 "utilisation", r4(s->utilisation), "revenue", r2(s->revenue),
	                 "uses", (json_int_t)s->uses, "by_instrument", bi, "by_category", bc);
}

static void instrument_stats_h(struct api_ctx *c)
{
	struct instr_stats s;
	int64_t limit;
	int rc;

	if ((rc = qs_int(c, "limit", 1, 100000, 20, &limit)))
		return api_fail(c, rc);
	if (!api_allow(c, "instrument", "stats", 0))
		return;
	if ((rc = instrument_stats(c->st, c->a, qs_str(c, "from"), qs_str(c, "to"), &s, &c->fe)))
		return api_fail(c, rc);
	api_json(c, 200, instr_stats_json(&s, limit));
}

static json_t *qual_json(const struct qualification *q)
{
	return json_pack("{s:I,s:I,s:I,s:o,s:o,s:o,s:o}", "id", (json_int_t)q->id,
	                 "instrument_id", (json_int_t)q->instrument_id, "org_id", (json_int_t)q->org_id,
	                 "email", jstr(q->email), "name", jstr(q->name),
	                 "expires_on", jstr(q->expires_on), "created_at", jstr(q->created_at));
}

static void add_qualification(struct api_ctx *c)
{
	static const char *const keys[] = { "org_id", "email", "name", "expires_on", NULL };
	struct instrument x;
	struct qualification q;
	int rc;

	memset(&q, 0, sizeof(q));
	if ((rc = api_body(c)) || (rc = instrument_get(c->st, c->a, c->ids[0], &x)))
		return api_fail(c, rc);
	if ((rc = api_only_keys(c, keys)) || (rc = jin_int(c, "org_id", true, 1, INT64_MAX, &q.org_id)) ||
	    (rc = jin_str(c, "email", true, &q.email)) || (rc = jin_str(c, "name", false, &q.name)) ||
	    (rc = jin_str(c, "expires_on", true, &q.expires_on)))
		return api_fail(c, rc);
	/* The owner trains and certifies users of its instrument. */
	if (!api_allow(c, "instrument", "update", x.org_id))
		return;
	if (!strchr(q.email, '@'))
		return TB_FE(&c->fe, "email", "invalid_email"), api_fail(c, TB_EINVAL);
	if (!parse_date(q.expires_on, NULL, NULL, NULL))
		return TB_FE(&c->fe, "expires_on", "invalid_date"),
		       api_fail(c, TB_EINVAL);
	q.instrument_id = x.id;
	if ((rc = check_org(c, q.org_id)) || (rc = qualification_add(c->st, &q)))
		return api_fail(c, rc);
	api_json(c, 201, qual_json(&q));
}

static void list_qualifications(struct api_ctx *c)
{
	struct instrument x;
	struct qualification *rows;
	int n, rc;
	if ((rc = instrument_get(c->st, c->a, c->ids[0], &x)))
		return api_fail(c, rc);
	if (!api_allow(c, "instrument", "update", x.org_id))
		return;
	if ((rc = qualification_list(c->st, c->a, x.id, &rows, &n)))
		return api_fail(c, rc);
	API_ITEMS(c, rows, n, qual_json);
}

const struct api_route api_instrument_routes[] = {
	{ "GET", "/api/instruments", list_instruments,
	  { .en = "List instruments", .zh = "仪器列表", .access = "instrument:read",
	    .query = "category,status,q,org:integer,value_min:number,kpi,limit:integer,"
	             "offset:integer", .ok = "200:[#Instrument" } },
	{ "POST", "/api/instruments", create_instrument,
	  { .en = "Add an instrument", .zh = "新增仪器", .access = "instrument:create",
	    .body = "org_id:integer,name_zh:string,name_en:string,category:string,model:string,"
	             "manufacturer:string,location:string,specs:string,services:array,"
	             "closed_dates:array,status:string,value:number,unit:string,internal:number,"
	             "academic:number,enterprise:number", .ok = "201:#Instrument" } },
	{ "GET", "/api/instruments/free", free_instruments,
	  { .en = "Search free instrument slots", .zh = "查找仪器空闲时段", .access = "instrument:read",
	    .query = "from,to!,limit:integer,category", .ok = "200:[#Instrument" } },
	{ "GET", "/api/instruments/stats", instrument_stats_h,
	  { .en = "Instrument sharing statistics", .zh = "仪器共享统计", .access = "instrument:stats",
	    .query = "limit:integer,from,to", .ok = "200:#InstrumentStats" } },
	{ "GET", "/api/instruments/{id}", get_instrument,
	  { .en = "Get one instrument", .zh = "查看仪器", .access = "instrument:read",
	    .ok = "200:#Instrument" } },
	{ "PATCH", "/api/instruments/{id}", update_instrument,
	  { .en = "Edit an instrument", .zh = "修改仪器", .access = "instrument:update",
	    .body = "org_id:integer,name_zh:string,name_en:string,category:string,model:string,"
	             "manufacturer:string,location:string,specs:string,services:array,"
	             "closed_dates:array,status:string,value:number,unit:string,internal:number,"
	             "academic:number,enterprise:number", .ok = "200:#Instrument" } },
	{ "GET", "/api/instruments/{id}/calendar", instrument_calendar,
	  { .en = "An instrument's booking calendar", .zh = "仪器预约日历", .access = "instrument:read",
	    .query = "from,to", .ok = "200" } },
	{ "GET", "/api/instruments/{id}/qualifications", list_qualifications,
	  { .en = "Users trained on an instrument", .zh = "仪器的培训合格人员",
	    .access = "instrument:update", .ok = "200" } },
	{ "POST", "/api/instruments/{id}/qualifications", add_qualification,
	  { .en = "Record a user's training", .zh = "登记培训合格", .access = "instrument:update",
	    .body = "org_id:integer!,email:string!,name:string,expires_on:string!", .ok = "201" } },
	{ NULL, NULL, NULL, { 0 } },
};

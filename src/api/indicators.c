/* indicators.c - /api/indicators/...: turnover, conversion, funnel, enterprises,
 * summary, targets (GET/PUT) and regions. Every table endpoint answers JSON
 * ({"query":..., "columns":[...], "rows":[{...}]}) or, with format=csv, a CSV
 * download of the same rows. Definitions: docs/indicators.md. */
#include "api/api.h"
#include "domain/catalog.h"
#include "domain/indicators.h"
#include "domain/money.h"
#include "domain/region.h"
#include "core/util.h"
#include <math.h>
#include <stdio.h>
#include <string.h>

bool api_want_csv(struct api_ctx *c)
{
	const char *f = qs_str(c, "format");
	return f && !strcmp(f, "csv");
}

void api_send_csv(struct api_ctx *c, struct buf *csv, const char *filename)
{
	c->resp->status = 200;
	c->resp->content_type = "text/csv; charset=utf-8";
	http_resp_header(c->resp, "Content-Disposition",
	                 arena_printf(c->a, "attachment; filename=\"%s\"", filename));
	buf_reset(&c->resp->body);
	/* A UTF-8 BOM so that spreadsheet programs read the Chinese names correctly. */
	if (buf_adds(&c->resp->body, "\xEF\xBB\xBF") || buf_add(&c->resp->body, csv->ptr ? csv->ptr : "", csv->len)) {
		api_error_code(c, 413, "export_too_large", NULL);
		return;
	}
	c->answered = 1;
}

static double round4(double x) { return nearbyint(x * 10000.0) / 10000.0; }

static json_t *val_json(const struct ind_val *v)
{
	switch (v->t) {
	case IV_NULL: return json_null();
	case IV_STR: return json_string(v->s);
	case IV_INT: return json_integer(v->i);
	case IV_MONEY: return json_real((double)v->i / 100.0);
	case IV_PCT: return json_real(round4(v->d));
	}
	return json_null();
}

static json_t *table_json(const struct ind_table *t)
{
	json_t *cols = json_array(), *rows = json_array();
	for (int j = 0; j < t->ncols; j++) {
		json_array_append_new(cols, json_string(t->cols[j].name));
		if (t->cols[j].t == IV_MONEY)
			json_array_append_new(cols, json_sprintf("%s_fen", t->cols[j].name));
	}
	for (int i = 0; i < t->nrows; i++) {
		const struct ind_val *row = &t->vals[(size_t)i * (size_t)t->ncols];
		json_t *o = json_object();
		for (int j = 0; j < t->ncols; j++) {
			json_object_set_new(o, t->cols[j].name, val_json(&row[j]));
			/* Money: yuan for charts, and the exact integer fen alongside. */
			if (t->cols[j].t == IV_MONEY)
			{
				char k[80];
				snprintf(k, sizeof(k), "%s_fen", t->cols[j].name);
				json_object_set_new(o, k, row[j].t == IV_MONEY ? json_integer(row[j].i) : json_null());
			}
		}
		json_array_append_new(rows, o);
	}
	return json_pack("{s:o,s:o}", "columns", cols, "rows", rows);
}

static json_t *region_json(const struct ind_region *r)
{
	return json_pack("{s:s,s:s,s:s,s:s}", "code", r->code, "level", ind_region_level_name(r->level),
	                 "zh", r->zh, "en", r->en);
}

/* from, to (years), period, by, region, side. */
static int read_query(struct api_ctx *c, struct ind_query *q)
{
	int64_t from, to;
	const char *s;
	int rc;
	memset(q, 0, sizeof(*q));
	if ((rc = qs_int(c, "to", 1980, 2100, region_this_year(), &to)) ||
	    (rc = qs_int(c, "from", 1980, 2100, to - 4, &from)))
		return rc;
	if (from > to)
		return TB_FE(&c->fe, "from", "from_after_to"), TB_EINVAL;
	if (to - from > 50)
		return TB_FE_N(&c->fe, "from", "max_years", 50), TB_EINVAL;
	q->from_year = (int)from;
	q->to_year = (int)to;
	if (ind_period_parse(qs_str(c, "period"), &q->period))
		return TB_FE_S(&c->fe, "period", "one_of", "year, quarter or month"), TB_EINVAL;
	if (ind_by_parse(qs_str(c, "by"), &q->by))
		return TB_FE_S(&c->fe, "by", "one_of", "type, city, district or field"), TB_EINVAL;
	if (ind_region_resolve(qs_str(c, "region"), &q->region))
		return TB_FE(&c->fe, "region", "region_unknown_hint"), TB_EINVAL;
	s = qs_str(c, "side");
	if (s && strcmp(s, "seller") && strcmp(s, "buyer"))
		return TB_FE_S(&c->fe, "side", "one_of", "seller or buyer"), TB_EINVAL;
	q->buyer_side = s && !strcmp(s, "buyer");
	return TB_OK;
}

static json_t *query_json(const struct ind_query *q)
{
	static const char *const periods[] = { "year", "quarter", "month" };
	static const char *const bys[] = { NULL, "type", "city", "district", "field" };
	return json_pack("{s:i,s:i,s:s,s:o,s:o,s:s}", "from", q->from_year, "to", q->to_year,
	                 "period", periods[q->period], "by", jstr(bys[q->by]),
	                 "region", region_json(&q->region), "side", q->buyer_side ? "buyer" : "seller");
}

static void send_table(struct api_ctx *c, const struct ind_table *t, json_t *query, const char *name)
{
	if (api_want_csv(c)) {
		struct buf b = BUF_INIT(16u << 20);
		json_decref(query);
		if (ind_table_csv(t, &b)) {
			buf_release(&b);
			return api_error_code(c, 413, "export_too_large", NULL);
		}
		api_send_csv(c, &b, arena_printf(c->a, "%s.csv", name));
		buf_release(&b);
		return;
	}
	json_t *o = table_json(t);
	json_object_set_new(o, "query", query);
	api_json(c, 200, o);
}

typedef int (*ind_fn)(struct store *, struct arena *, const struct ind_query *, struct ind_table *);

static void table_endpoint(struct api_ctx *c, ind_fn fn, const char *name)
{
	struct ind_query q;
	struct ind_table t;
	int rc;
	if ((rc = read_query(c, &q)))
		return api_fail(c, rc);
	if (!api_allow(c, "indicator", "read", 0))
		return;
	if ((rc = fn(c->st, c->a, &q, &t)))
		return api_fail(c, rc);
	send_table(c, &t, query_json(&q), name);
}

static void turnover(struct api_ctx *c) { table_endpoint(c, ind_turnover, "turnover"); }
static void conversion(struct api_ctx *c) { table_endpoint(c, ind_conversion, "conversion"); }
static void funnel(struct api_ctx *c) { table_endpoint(c, ind_funnel, "funnel"); }
static void enterprises(struct api_ctx *c) { table_endpoint(c, ind_enterprises, "enterprises"); }

static int read_year_region(struct api_ctx *c, int *year, struct ind_region *r)
{
	int64_t y;
	int rc;
	if ((rc = qs_int(c, "year", 1980, 2100, region_this_year() - 1, &y)))
		return rc;
	*year = (int)y;
	if (ind_region_resolve(qs_str(c, "region"), r))
		return TB_FE(&c->fe, "region", "unknown_region"), TB_EINVAL;
	return TB_OK;
}

static json_t *pct_json(bool ok, double v) { return ok ? json_real(round4(v)) : json_null(); }

static void summary(struct api_ctx *c)
{
	struct ind_summary s;
	struct ind_region r;
	struct ind_table t, tt;
	int year, rc;
	double g1 = 0, g2 = 0, s1 = 0, s2 = 0, lr = 0, cp = 0;
	bool hg1, hg2, hs1, hs2, hlr, hcp;
	json_t *targets;

	if ((rc = read_year_region(c, &year, &r)))
		return api_fail(c, rc);
	if (!api_allow(c, "indicator", "read", 0))
		return;
	if ((rc = ind_summary_compute(c->st, c->a, year, &r, &s)))
		return api_fail(c, rc);
	if (api_want_csv(c)) {
		if ((rc = ind_summary_table(c->st, c->a, &s, &t)))
			return api_fail(c, rc);
		return send_table(c, &t, NULL, "summary");
	}
	if ((rc = ind_targets_table(c->st, c->a, year, &r, &tt)))
		return api_fail(c, rc);
	{
		json_t *tj = table_json(&tt);
		targets = json_incref(json_object_get(tj, "rows"));
		json_decref(tj);
	}
	hg1 = ind_growth(s.amount_fen, s.prev_amount_fen, &g1);
	hg2 = ind_growth(s.count, s.prev_count, &g2);
	hs1 = s.has_parent && ind_share(s.amount_fen, s.parent_amount_fen, &s1);
	hs2 = s.has_parent && ind_share(s.count, s.parent_count, &s2);
	hlr = ind_share(s.commercialised_local, s.commercialised, &lr);
	hcp = ind_share(s.commercialised, s.published, &cp);
	{
		json_t *o = json_pack(
			"{s:i,s:o,s:I,s:f,s:I,s:f,s:I,s:I,s:f,s:o,s:o,s:o,s:o,s:I,s:I,s:I,s:o,s:o,s:I,s:f,s:I}",
			"year", year, "region", region_json(&r),
			"contract_count", (json_int_t)s.count,
			"turnover", (double)s.amount_fen / 100.0, "turnover_fen", (json_int_t)s.amount_fen,
			"tx_amount", (double)s.tx_fen / 100.0, "tx_amount_fen", (json_int_t)s.tx_fen,
			"prev_turnover_fen", (json_int_t)s.prev_amount_fen,
			"prev_turnover", (double)s.prev_amount_fen / 100.0,
			"turnover_yoy_pct", pct_json(hg1, g1), "count_yoy_pct", pct_json(hg2, g2),
			"turnover_share_of_parent_pct", pct_json(hs1, s1),
			"count_share_of_parent_pct", pct_json(hs2, s2),
			"published", (json_int_t)s.published, "commercialised", (json_int_t)s.commercialised,
			"commercialised_local", (json_int_t)s.commercialised_local,
			"local_conversion_rate_pct", pct_json(hlr, lr),
			"commercialised_per_published_pct", pct_json(hcp, cp),
			"high_tech_enterprises", (json_int_t)s.high_tech,
			"service_revenue", (double)s.service_revenue_fen / 100.0,
			"service_revenue_fen", (json_int_t)s.service_revenue_fen);
		json_object_set_new(o, "targets", targets);
		api_json(c, 200, o);
	}
}

static void get_targets(struct api_ctx *c)
{
	struct ind_region r;
	struct ind_table t;
	int year, rc;
	if ((rc = read_year_region(c, &year, &r)))
		return api_fail(c, rc);
	if (!api_allow(c, "indicator", "read", 0))
		return;
	if ((rc = ind_targets_table(c->st, c->a, year, &r, &t)))
		return api_fail(c, rc);
	send_table(c, &t, json_pack("{s:i,s:o}", "year", year, "region", region_json(&r)), "targets");
}

/* PUT {"year":2023,"region":"辽宁","targets":{"commercialised":4000,
 *      "local_conversion_rate":57,"turnover":130000000000,"contract_count":20000}}
 * turnover in yuan, local_conversion_rate in percent (stored as basis points). */
static void put_targets(struct api_ctx *c)
{
	static const char *const keys[] = { "year", "region", "targets", NULL };
	struct ind_region r;
	struct ind_table t;
	const char *region = NULL, *key;
	int64_t year = 0;
	json_t *tg, *v;
	struct ind_target *targets;
	int rc, nt;

	if ((rc = api_body_keys(c, keys)) ||
	    (rc = jin_int(c, "year", true, 1980, 2100, &year)) ||
	    (rc = jin_str(c, "region", false, &region)))
		return api_fail(c, rc);
	if (ind_region_resolve(region, &r))
		return TB_FE(&c->fe, "region", "unknown_region"), api_fail(c, TB_EINVAL);
	tg = json_object_get(c->body, "targets");
	if (!json_is_object(tg) || !json_object_size(tg))
		return TB_FE_S(&c->fe, "targets", "shape_object", "{metric: value}"), api_fail(c, TB_EINVAL);
	if (!api_allow(c, "target", "update", 0))
		return;
	json_object_foreach(tg, key, v) {
		double x;
		if (!name_in(ind_target_metrics, key)) {
			TB_FE_S(&c->fe, arena_printf(c->a, "targets.%.40s", key), "not_metric",
			        "contract_count, turnover, commercialised, local_conversion_rate, high_tech");
			return api_fail(c, TB_EINVAL);
		}
		if (!json_is_number(v) || (x = json_number_value(v)) < 0 || !isfinite(x) ||
		    (!strcmp(key, "local_conversion_rate") && x > 100) || x > 9.0e13 ||
		    (!strcmp(key, "turnover") && x > (double)MONEY_MAX_YUAN)) {
			TB_FE(&c->fe, arena_printf(c->a, "targets.%.40s", key),
			      !strcmp(key, "local_conversion_rate") ? "percent_range"
			      : !strcmp(key, "turnover") ? "yuan_range" : "negative");
			return api_fail(c, TB_EINVAL);
		}
	}
	nt = 0;
	if (!(targets = arena_alloc(c->a, json_object_size(tg) * sizeof(*targets))))
		return api_fail(c, TB_ENOMEM);
	json_object_foreach(tg, key, v) {
		struct ind_target it = { (int)year, r.code, key, 0 };
		double x = json_number_value(v);
		if (!strcmp(key, "turnover"))
			it.value = (int64_t)nearbyint(x * 100.0);        /* yuan -> fen */
		else if (!strcmp(key, "local_conversion_rate"))
			it.value = (int64_t)nearbyint(x * 100.0);        /* percent -> basis points */
		else
			it.value = (int64_t)nearbyint(x);
		targets[nt++] = it;
	}
	if ((rc = ind_targets_put(c->st, targets, nt)))
		return api_fail(c, rc);
	if ((rc = ind_targets_table(c->st, c->a, (int)year, &r, &t)))
		return api_fail(c, rc);
	send_table(c, &t, json_pack("{s:I,s:o}", "year", (json_int_t)year, "region", region_json(&r)),
	           "targets");
}

static void regions(struct api_ctx *c)
{
	json_t *arr = json_array();
	if (!api_allow(c, "indicator", "read", 0))
		return;
	json_array_append_new(arr, json_pack("{s:s,s:s,s:s,s:s,s:n}", "code", IND_PROVINCE_CODE,
	                                     "level", "province", "zh", region_province_zh,
	                                     "en", region_province_en, "parent"));
	for (const struct city *ct = region_cities; ct->zh; ct++)
		json_array_append_new(arr, json_pack("{s:s,s:s,s:s,s:s,s:s}", "code", ct->code, "level",
		                                     "city", "zh", ct->zh, "en", ct->en, "parent",
		                                     IND_PROVINCE_CODE));
	for (const struct ind_unit *u = ind_units; u->code; u++)
		json_array_append_new(arr, json_pack("{s:s,s:s,s:s,s:s,s:s}", "code", u->code, "level",
		                                     u->kind, "zh", u->zh, "en", u->en, "parent",
		                                     u->city_code));
	api_json(c, 200, json_pack("{s:o,s:o}", "regions", arr, "target_metrics",
	                           json_pack("[s,s,s,s,s]", "contract_count", "turnover",
	                                     "commercialised", "local_conversion_rate", "high_tech")));
}

const struct api_route api_indicator_routes[] = {
	{ "GET", "/api/indicators/turnover", turnover,
	  { .en = "Contract turnover by period", .zh = "技术合同成交额", .access = "indicator:read",
	    .query = "to:integer,from:integer,period,by,region,side,format", .ok = "200" } },
	{ "GET", "/api/indicators/conversion", conversion,
	  { .en = "Conversion of achievements", .zh = "成果转化情况", .access = "indicator:read",
	    .query = "to:integer,from:integer,period,by,region,side,format", .ok = "200" } },
	{ "GET", "/api/indicators/funnel", funnel,
	  { .en = "Listing funnel: published to contracted", .zh = "成果转化漏斗",
	    .access = "indicator:read",
	    .query = "to:integer,from:integer,period,by,region,side,format", .ok = "200" } },
	{ "GET", "/api/indicators/enterprises", enterprises,
	  { .en = "High-tech enterprise indicators", .zh = "企业指标", .access = "indicator:read",
	    .query = "to:integer,from:integer,period,by,region,side,format", .ok = "200" } },
	{ "GET", "/api/indicators/summary", summary,
	  { .en = "Headline indicators", .zh = "核心指标概览", .access = "indicator:read",
	    .query = "year:integer,region,format", .ok = "200" } },
	{ "GET", "/api/indicators/targets", get_targets,
	  { .en = "Annual targets", .zh = "年度目标", .access = "indicator:read",
	    .query = "year:integer,region,format", .ok = "200" } },
	{ "PUT", "/api/indicators/targets", put_targets,
	  { .en = "Set annual targets", .zh = "设定年度目标", .access = "target:update",
	    .query = "format", .body = "year:integer!,region:string", .ok = "200" } },
	{ "GET", "/api/indicators/regions", regions,
	  { .en = "Indicators by region", .zh = "分地区指标", .access = "indicator:read",
	    .ok = "200" } },
	{ NULL, NULL, NULL, { 0 } },
};

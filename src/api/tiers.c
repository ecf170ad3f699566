/* tiers.c - the enterprise-tier resource (issue #15): rule sets (public to
 * read, written by the bureau), an enterprise's annual facts (visible to the
 * enterprise, the bureau and the brokers it linked), the CSV import of a
 * year of facts with errors per line, evaluation, an enterprise's standing
 * and gap to the next tier, the bureau's pipeline, and the official
 * certification list (public). JSON in and out; the rules live in
 * domain/tier.c. */
#include "api/api.h"
#include "domain/tier.h"
#include "domain/indicators.h"
#include <stdio.h>
#include <string.h>

json_t *tier_rule_json(const struct tier_rule *r)
{
	json_t *crit = json_array(), *bands = json_array();
	for (int i = 0; i < r->ncrit; i++)
		json_array_append_new(crit, json_pack("{s:i,s:s,s:s,s:f}", "group", r->crit[i].grp,
		                                      "metric", r->crit[i].metric, "op", r->crit[i].op,
		                                      "value", r->crit[i].value));
	for (int i = 0; i < r->nbands; i++)
		json_array_append_new(bands, json_pack("{s:s,s:s,s:f,s:i}", "component",
		                                       r->bands[i].component, "metric", r->bands[i].metric,
		                                       "lower", r->bands[i].lower, "points",
		                                       r->bands[i].points));
	return json_pack("{s:I,s:s,s:s,s:i,s:s,s:o,s:o,s:o,s:o}", "id", (json_int_t)r->id, "tier",
	                 r->tier, "region_code", r->region_code, "version", r->version, "valid_from",
	                 r->valid_from, "valid_to", jstr(r->valid_to), "source", jstr(r->source),
	                 "criteria", crit, "bands", bands);
}

static json_t *money_or_null(int64_t fen)
{
	char b[32];
	if (fen < 0)
		return json_null();
	snprintf(b, sizeof(b), "%lld.%02lld", (long long)(fen / 100), (long long)(fen % 100));
	return json_string(b);
}
static json_t *int_or_null(int64_t v) { return v < 0 ? json_null() : json_integer(v); }
static json_t *pct_or_null(double v) { return v < 0 ? json_null() : json_real(v); }

json_t *ent_facts_json(const struct ent_facts *f)
{
	json_t *o = json_pack("{s:I,s:i,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o}", "org_id",
	                      (json_int_t)f->org_id, "year", f->year, "staff", int_or_null(f->staff),
	                      "st_staff", int_or_null(f->st_staff), "revenue",
	                      money_or_null(f->revenue_fen), "total_cost",
	                      money_or_null(f->total_cost_fen), "rd", money_or_null(f->rd_fen),
	                      "assets", money_or_null(f->assets_fen), "liabilities",
	                      money_or_null(f->liabilities_fen), "vc_round",
	                      money_or_null(f->vc_round_fen));
	json_object_set_new(o, "ip_class1", int_or_null(f->ip_class1));
	json_object_set_new(o, "ip_class2", int_or_null(f->ip_class2));
	json_object_set_new(o, "valuation_usd", int_or_null(f->valuation_usd));
	json_object_set_new(o, "listed", int_or_null(f->listed));
	json_object_set_new(o, "rd_institution", int_or_null(f->rd_institution));
	json_object_set_new(o, "hightech_rev_pct", pct_or_null(f->hightech_rev_pct));
	json_object_set_new(o, "rd_china_pct", pct_or_null(f->rd_china_pct));
	json_object_set_new(o, "main_business_pct", pct_or_null(f->main_business_pct));
	json_object_set_new(o, "niche_share_pct", pct_or_null(f->niche_share_pct));
	json_object_set_new(o, "founded_on", jstr(f->founded_on));
	json_object_set_new(o, "source", jstr(f->source));
	json_object_set_new(o, "updated_at", jstr(f->updated_at));
	return o;
}

json_t *tier_cert_json(const struct tier_cert *c)
{
	/* label: the tier's name in both languages, for the organisation page */
	const struct tier_name *t = tier_name_find(c->tier);
	return json_pack("{s:I,s:s,s:i,s:o,s:o,s:o,s:o,s:{s:s,s:s}}", "org_id", (json_int_t)c->org_id,
	                 "tier", c->tier, "year", c->year, "valid_from", jstr(c->valid_from),
	                 "valid_to", jstr(c->valid_to), "source", jstr(c->source), "org_name",
	                 jstr(c->org_name), "label", "zh", t ? t->zh : c->tier, "en",
	                 t ? t->en : c->tier);
}

static json_t *tier_label(const char *tier)
{
	const struct tier_name *t = tier_name_find(tier);
	return json_pack("{s:s,s:s}", "zh", t ? t->zh : tier, "en", t ? t->en : tier);
}

/* ---- rules */

/* tier_fact_set's reason (English, from the domain) -> its catalogue code, so
 * the answer is in the caller's language (issue #16). A reason not listed here
 * is still a 400 with the generic code "invalid" and the English in detail. */
static const char *fact_code(const char *bad)
{
	static const struct { const char *text, *code; } map[] = {
		{ "must not be negative", "not_negative" },
		{ "must be a whole number", "not_integer" },
		{ "must be 0 or 1", "zero_or_one" },
		{ "unknown column", "unknown_field" },
		{ "must be a number", "not_number" },
		{ "must be a percentage between 0 and 100", "percentage_range" },
	};
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (!strcmp(map[i].text, bad))
			return map[i].code;
	return "invalid";
}

static void list_rules(struct api_ctx *c)
{
	struct tier_rule *rules;
	int n, rc;
	json_t *items;
	if (!api_allow(c, "tier_rule", "read", 0))
		return;
	if ((rc = tier_rules(c->st, c->a, qs_str(c, "tier"), qs_str(c, "region"), &rules, &n)))
		return api_fail(c, rc);
	items = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(items, tier_rule_json(&rules[i]));
	api_json(c, 200, json_pack("{s:o,s:i}", "items", items, "total", n));
}

static void get_rule(struct api_ctx *c)
{
	struct tier_rule r;
	int rc;
	if (!api_allow(c, "tier_rule", "read", 0))
		return;
	if ((rc = tier_rule_get(c->st, c->a, c->ids[0], &r)))
		return api_fail(c, rc);
	api_json(c, 200, tier_rule_json(&r));
}

static int read_criteria(struct api_ctx *c, struct tier_rule *r)
{
	json_t *arr = json_object_get(c->body, "criteria"), *bands = json_object_get(c->body, "bands");
	size_t i;
	json_t *v;
	if (!json_is_array(arr))
		return TB_FE_S(&c->fe, "criteria", "shape_list", "{group, metric, op, value}"), TB_EINVAL;
	if (bands && !json_is_array(bands) && !json_is_null(bands))
		return TB_FE_S(&c->fe, "bands", "shape_list", "{component, metric, lower, points}"), TB_EINVAL;
	if (json_array_size(arr) > 64 || (bands && json_array_size(bands) > 64))
		return TB_FE(&c->fe, "criteria", "tier_rule_max"), TB_EINVAL;
	r->crit = arena_alloc(c->a, sizeof(*r->crit) * (json_array_size(arr) + 1));
	r->bands = arena_alloc(c->a, sizeof(*r->bands) * (json_array_size(bands) + 1));
	if (!r->crit || !r->bands)
		return TB_ENOMEM;
	json_array_foreach(arr, i, v) {
		json_t *g = json_object_get(v, "group"), *m = json_object_get(v, "metric"),
		       *op = json_object_get(v, "op"), *val = json_object_get(v, "value");
		if (!json_is_object(v) || !json_is_string(m) || !json_is_string(op) || !json_is_number(val) ||
		    (g && !json_is_integer(g)))
			return TB_FE_N(&c->fe, "criteria", "criterion_shape", (long long)(i + 1)), TB_EINVAL;
		r->crit[i] = (struct tier_criterion){ g ? (int)json_integer_value(g) : 0,
		                                      arena_strdup(c->a, json_string_value(m)),
		                                      arena_strdup(c->a, json_string_value(op)),
		                                      json_number_value(val) };
	}
	r->ncrit = (int)json_array_size(arr);
	json_array_foreach(bands, i, v) {
		json_t *comp = json_object_get(v, "component"), *m = json_object_get(v, "metric"),
		       *lo = json_object_get(v, "lower"), *pts = json_object_get(v, "points");
		if (!json_is_object(v) || !json_is_string(comp) || !json_is_string(m) || !json_is_number(lo) ||
		    !json_is_integer(pts))
			return TB_FE_N(&c->fe, "bands", "band_shape", (long long)(i + 1)), TB_EINVAL;
		r->bands[i] = (struct tier_band){ arena_strdup(c->a, json_string_value(comp)),
		                                  arena_strdup(c->a, json_string_value(m)),
		                                  json_number_value(lo), (int)json_integer_value(pts) };
	}
	r->nbands = bands ? (int)json_array_size(bands) : 0;
	return TB_OK;
}

static void create_rule(struct api_ctx *c)
{
	static const char *const keys[] = { "tier", "region_code", "valid_from", "valid_to", "source",
	                                    "criteria", "bands", NULL };
	struct tier_rule r;
	int rc;
	if (!api_allow(c, "tier_rule", "create", 0))
		return;
	memset(&r, 0, sizeof(r));
	if ((rc = api_body_keys(c, keys)) ||
	    (rc = jin_str(c, "tier", true, &r.tier)) ||
	    (rc = jin_str(c, "region_code", true, &r.region_code)) ||
	    (rc = jin_str(c, "valid_from", true, &r.valid_from)) ||
	    (rc = jin_str(c, "valid_to", false, &r.valid_to)) ||
	    (rc = jin_str(c, "source", false, &r.source)) || (rc = read_criteria(c, &r)))
		return api_fail(c, rc);
	if ((rc = tier_rule_create(c->st, &r, c->who.user_id, &c->fe)))
		return api_fail(c, rc);
	if ((rc = tier_rule_get(c->st, c->a, r.id, &r)))
		return api_fail(c, rc);
	api_json(c, 201, tier_rule_json(&r));
}

static void retire_rule(struct api_ctx *c)
{
	static const char *const keys[] = { "valid_to", NULL };
	const char *to = NULL;
	struct tier_rule r;
	int rc;
	if (!api_allow(c, "tier_rule", "retire", 0))
		return;
	if ((rc = api_body_keys(c, keys)) ||
	    (rc = jin_str(c, "valid_to", true, &to)))
		return api_fail(c, rc);
	if ((rc = tier_rule_end(c->st, c->ids[0], to, c->who.user_id, &c->fe)) ||
	    (rc = tier_rule_get(c->st, c->a, c->ids[0], &r)))
		return api_fail(c, rc);
	api_json(c, 200, tier_rule_json(&r));
}

/* ---- facts */

static void put_facts(struct api_ctx *c)
{
	struct ent_facts f;
	const char *key;
	json_t *v;
	int rc;
	if (!api_allow(c, "facts", "create", c->ids[0]))
		return;
	if ((rc = api_body(c)))
		return api_fail(c, rc);
	tier_facts_init(&f);
	f.org_id = c->ids[0];
	json_object_foreach(c->body, key, v) {
		const char *text, *bad;
		char *dumped = NULL;
		if (!strcmp(key, "org_id") || !strcmp(key, "org")) {
			TB_FE(&c->fe, key, "given_by_path");
			return api_fail(c, TB_EINVAL);
		}
		if (json_is_null(v))
			continue;
		if (json_is_string(v))
			text = json_string_value(v);
		else if (json_is_number(v) || json_is_boolean(v)) {
			dumped = json_is_boolean(v) ? NULL : json_dumps(v, JSON_ENCODE_ANY);
			text = json_is_boolean(v) ? (json_is_true(v) ? "1" : "0")
			                          : arena_strdup(c->a, dumped ? dumped : "");
			free(dumped);
		} else {
			TB_FE(&c->fe, key, "string_or_number");
			return api_fail(c, TB_EINVAL);
		}
		bad = tier_fact_set(c->st, c->a, &f, key, text);
		if (bad) {
			TB_FE(&c->fe, key, fact_code(bad));
			return api_fail(c, TB_EINVAL);
		}
	}
	if ((rc = tier_facts_record(c->st, c->a, &f, c->who.user_id, &c->fe)))
		return api_fail(c, rc);
	struct ent_facts *rows;
	int n;
	if ((rc = tier_facts_list(c->st, c->a, f.org_id, f.year, &rows, &n)))
		return api_fail(c, rc);
	if (n != 1)
		return api_fail(c, TB_EDB);
	api_json(c, 200, ent_facts_json(&rows[0]));
}

static void get_facts(struct api_ctx *c)
{
	struct ent_facts *rows;
	int64_t year;
	int n, rc;
	json_t *items;
	if (!api_allow(c, "facts", "read", c->ids[0]))
		return;
	if ((rc = qs_int(c, "year", 0, 2100, 0, &year)) ||
	    (rc = tier_facts_list(c->st, c->a, c->ids[0], (int)year, &rows, &n)))
		return api_fail(c, rc);
	items = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(items, ent_facts_json(&rows[i]));
	api_json(c, 200, json_pack("{s:o,s:i}", "items", items, "total", n));
}

static void import_facts(struct api_ctx *c)
{
	static const char *const keys[] = { "csv", NULL };
	struct tier_import_report rep;
	const char *csv = NULL;
	json_t *errs;
	int rc;
	if (!api_allow(c, "facts", "import", 0))
		return;
	if ((rc = api_body_keys(c, keys)) || (rc = jin_secret(c, "csv", true, &csv)))
		return api_fail(c, rc);
	rc = tier_facts_import_csv(c->st, c->a, csv, strlen(csv), c->who.user_id, &rep);
	if (rc && rc != TB_EINVAL)
		return api_fail(c, rc);
	errs = json_array();
	for (int i = 0; i < rep.nerrors; i++)
		json_array_append_new(errs, json_pack("{s:I,s:s,s:s}", "line", (json_int_t)rep.errors[i].line,
		                                      "field", rep.errors[i].field, "message",
		                                      rep.errors[i].message));
	if (rc == TB_EINVAL) {
		json_t *o = json_pack("{s:s,s:s,s:I,s:I,s:o}", "error",
		                      arena_printf(c->a, "%ld line(s) rejected; nothing was imported",
		                                   rep.total_errors),
		                      "field", rep.nerrors ? rep.errors[0].field : "csv",
		                      "rows", (json_int_t)0, "total_errors", (json_int_t)rep.total_errors,
		                      "errors", errs);
		return api_json(c, 400, o);
	}
	api_json(c, 200, json_pack("{s:I,s:o}", "rows", (json_int_t)rep.rows, "errors", errs));
}

/* ---- evaluation, standing, pipeline */

static void evaluate(struct api_ctx *c)
{
	static const char *const keys[] = { "year", "org_id", NULL };
	int64_t year, org = 0;
	int ents, results, rc;
	if (!api_allow(c, "tier", "evaluate", 0))
		return;
	if ((rc = api_body_keys(c, keys)) ||
	    (rc = jin_int(c, "year", true, 1980, 2100, &year)) ||
	    (rc = jin_int(c, "org_id", false, 1, INT64_MAX, &org)))
		return api_fail(c, rc);
	if ((rc = tier_evaluate_year(c->st, c->a, (int)year, org, c->who.user_id, &ents, &results)))
		return api_fail(c, rc);
	api_json(c, 200, json_pack("{s:I,s:i,s:i}", "year", (json_int_t)year, "enterprises", ents,
	                           "results", results));
}

static json_t *check_json(const struct tier_check *k)
{
	return json_pack("{s:s,s:s,s:f,s:o,s:b,s:o,s:s,s:s}", "metric", k->c->metric, "op", k->c->op,
	                 "threshold", k->c->value, "value", k->known ? json_real(k->value) : json_null(),
	                 "known", k->known,
	                 "shortfall_pct", k->rel_gap < 1e8 ? json_real(k->rel_gap * 100) : json_null(),
	                 "zh", k->gap_zh ? k->gap_zh : "", "en", k->gap_en ? k->gap_en : "");
}

static void standing(struct api_ctx *c)
{
	struct tier_standing *v;
	struct tier_result *stored;
	int64_t year;
	int n, ns, rc;
	json_t *items;
	if (!api_allow(c, "facts", "read", c->ids[0]))
		return;
	if ((rc = qs_int(c, "year", 1980, 2100, 0, &year)))
		return api_fail(c, rc);
	if (!year)
		return TB_FE(&c->fe, "year", "field_required"), api_fail(c, TB_EINVAL);
	rc = tier_status(c->st, c->a, c->ids[0], (int)year, &v, &n);
	if (rc == TB_ENOTFOUND)
		return api_error_code(c, 404, "no_facts", "year");
	if (rc || (rc = tier_result_list(c->st, c->a, c->ids[0], (int)year, NULL, &stored, &ns)))
		return api_fail(c, rc);
	items = json_array();
	for (int i = 0; i < n; i++) {
		json_t *gaps = json_array(), *o, *res = json_null();
		for (int k = 0; k < v[i].ev.nfails; k++)
			json_array_append_new(gaps, check_json(&v[i].ev.fails[k]));
		for (int k = 0; k < ns; k++)
			if (!strcmp(stored[k].tier, v[i].tier))
				res = json_pack("{s:b,s:I,s:i,s:s}", "eligible", stored[k].eligible, "rule_id",
				                (json_int_t)stored[k].rule_id, "rule_version",
				                stored[k].rule_version, "evaluated_at", stored[k].evaluated_at);
		o = json_pack("{s:s,s:o,s:b,s:b,s:b,s:I,s:i,s:s,s:o,s:o,s:o}", "tier", v[i].tier, "label",
		              tier_label(v[i].tier), "eligible", v[i].ev.eligible, "certified",
		              v[i].certified, "next", v[i].next, "rule_id", (json_int_t)v[i].ev.rule->id,
		              "rule_version", v[i].ev.rule->version, "rule_region",
		              v[i].ev.rule->region_code, "score",
		              v[i].ev.score >= 0 ? json_real(v[i].ev.score) : json_null(), "gaps", gaps,
		              "stored", res);
		json_array_append_new(items, o);
	}
	api_json(c, 200, json_pack("{s:I,s:I,s:o}", "org_id", (json_int_t)c->ids[0], "year",
	                           (json_int_t)year, "tiers", items));
}

static void pipeline(struct api_ctx *c)
{
	struct tier_pipe_row *rows;
	int64_t year;
	int n, rc;
	json_t *items;
	if (!api_allow(c, "tier", "pipeline", 0))
		return;
	if ((rc = qs_int(c, "year", 1980, 2100, 0, &year)))
		return api_fail(c, rc);
	if (!year)
		return TB_FE(&c->fe, "year", "field_required"), api_fail(c, TB_EINVAL);
	if ((rc = tier_pipeline(c->st, c->a, (int)year, &rows, &n)))
		return api_fail(c, rc);
	items = json_array();
	for (int i = 0; i < n; i++) {
		json_t *crit = json_array(), *orgs = json_array();
		for (int k = 0; k < rows[i].ncrit; k++)
			json_array_append_new(crit, json_pack("{s:i,s:s,s:s,s:f,s:I}", "group",
			                                      rows[i].crit[k].c->grp, "metric",
			                                      rows[i].crit[k].c->metric, "op",
			                                      rows[i].crit[k].c->op, "threshold",
			                                      rows[i].crit[k].c->value, "near",
			                                      (json_int_t)rows[i].crit[k].near));
		for (int k = 0; k < rows[i].nnear; k++)
			json_array_append_new(orgs, json_integer(rows[i].near_orgs[k]));
		json_array_append_new(items, json_pack("{s:s,s:o,s:I,s:I,s:I,s:o,s:o}", "tier", rows[i].tier,
		                                       "label", tier_label(rows[i].tier), "evaluated",
		                                       (json_int_t)rows[i].evaluated, "eligible",
		                                       (json_int_t)rows[i].eligible, "near",
		                                       (json_int_t)rows[i].near, "criteria", crit,
		                                       "near_orgs", orgs));
	}
	api_json(c, 200, json_pack("{s:I,s:f,s:o}", "year", (json_int_t)year, "near_pct", TIER_NEAR_PCT,
	                           "tiers", items));
}

/* ---- certifications: the published list */

static void list_certs(struct api_ctx *c)
{
	struct tier_cert *rows;
	struct ind_region region;
	int64_t year, org, limit, offset, total;
	int n, rc;
	if (!api_allow(c, "certification", "read", 0))
		return;
	/* paged, so that a list larger than one answer (9,336 tech SMEs in
	 * 2023) can be walked to its end: total is the whole list */
	if ((rc = qs_int(c, "year", 0, 2100, 0, &year)) || (rc = qs_int(c, "org", 0, INT64_MAX, 0, &org)) ||
	    (rc = qs_int(c, "limit", 1, 5000, 5000, &limit)) ||
	    (rc = qs_int(c, "offset", 0, 10000000, 0, &offset)))
		return api_fail(c, rc);
	if (qs_str(c, "region") && ind_region_resolve(qs_str(c, "region"), &region))
		return TB_FE(&c->fe, "region", "unknown_region"), api_fail(c, TB_EINVAL);
	if ((rc = tier_cert_list(c->st, c->a, org, qs_str(c, "tier"), (int)year,
	                         qs_str(c, "region") ? &region : NULL, (int)limit, (int)offset, &rows,
	                         &n, &total)))
		return api_fail(c, rc);
	API_PAGE(c, rows, n, tier_cert_json, total);
}

static void create_cert(struct api_ctx *c)
{
	static const char *const keys[] = { "org_id", "tier", "year", "valid_from", "valid_to", "source",
	                                    NULL };
	struct tier_cert ct;
	int64_t org, year;
	int rc;
	if (!api_allow(c, "certification", "create", 0))
		return;
	memset(&ct, 0, sizeof(ct));
	if ((rc = api_body_keys(c, keys)) ||
	    (rc = jin_int(c, "org_id", true, 1, INT64_MAX, &org)) ||
	    (rc = jin_str(c, "tier", true, &ct.tier)) ||
	    (rc = jin_int(c, "year", true, 1980, 2100, &year)) ||
	    (rc = jin_str(c, "valid_from", false, &ct.valid_from)) ||
	    (rc = jin_str(c, "valid_to", false, &ct.valid_to)) ||
	    (rc = jin_str(c, "source", false, &ct.source)))
		return api_fail(c, rc);
	ct.org_id = org;
	ct.year = (int)year;
	if ((rc = tier_cert_record(c->st, &ct, c->who.user_id, &c->fe)))
		return api_fail(c, rc);
	api_json(c, 201, tier_cert_json(&ct));
}

/* A named collection of achievements and its size (public, as the indicators are). */
static void collection(struct api_ctx *c)
{
	const char *name = qs_str(c, "name");
	int64_t n;
	int rc;
	if (!api_allow(c, "indicator", "read", 0))
		return;
	if (!name || !*name)
		return TB_FE(&c->fe, "name", "field_required"), api_fail(c, TB_EINVAL);
	if ((rc = tier_collection_count(c->st, name, &n)))
		return api_fail(c, rc);
	api_json(c, 200, json_pack("{s:s,s:I}", "name", name, "count", (json_int_t)n));
}

const struct api_route api_tier_routes[] = {
	{ "GET", "/api/collections", collection,
	  { .en = "Entry points of the API", .zh = "API 入口列表", .access = "indicator:read",
	    .query = "name!", .ok = "200" } },
	{ "GET", "/api/tiers/rules", list_rules,
	  { .en = "Tier rules (rules as data)", .zh = "企业梯度认定规则", .access = "tier_rule:read",
	    .query = "tier,region", .ok = "200:[#TierRule" } },
	{ "POST", "/api/tiers/rules", create_rule,
	  { .en = "Add a tier rule set", .zh = "新增梯度认定规则", .access = "tier_rule:create",
	    .body = "tier:string!,region_code:string!,valid_from:string!,valid_to:string,"
	             "source:string", .ok = "201:#TierRule" } },
	{ "GET", "/api/tiers/rules/{id}", get_rule,
	  { .en = "Get one tier rule set", .zh = "查看梯度认定规则", .access = "tier_rule:read",
	    .ok = "200:#TierRule" } },
	{ "POST", "/api/tiers/rules/{id}/retire", retire_rule,
	  { .en = "Retire a tier rule set", .zh = "停用梯度认定规则", .access = "tier_rule:retire",
	    .body = "valid_to:string!", .ok = "200:#TierRule" } },
	{ "POST", "/api/tiers/facts/import", import_facts,
	  { .en = "Import enterprise facts", .zh = "导入企业数据", .access = "facts:import",
	    .body = "csv:string!", .ok = "200" } },
	{ "POST", "/api/tiers/evaluate", evaluate,
	  { .en = "Evaluate enterprises against the tier rules", .zh = "按规则评估企业梯度",
	    .access = "tier:evaluate", .body = "year:integer!,org_id:integer", .ok = "200" } },
	{ "GET", "/api/tiers/pipeline", pipeline,
	  { .en = "Tier pipeline: enterprises near the next tier", .zh = "梯度培育库：接近上一级的企业",
	    .access = "tier:pipeline", .query = "year:integer!", .ok = "200" } },
	{ "GET", "/api/tiers/certifications", list_certs,
	  { .en = "List tier certifications", .zh = "梯度认定列表", .access = "certification:read",
	    .query = "year:integer,org:integer,tier,region,limit:integer,offset:integer",
	    .ok = "200:[#TierCertification" } },
	{ "POST", "/api/tiers/certifications", create_cert,
	  { .en = "Record a tier certification", .zh = "登记梯度认定", .access = "certification:create",
	    .body = "org_id:integer!,tier:string!,year:integer!,valid_from:string,valid_to:string,"
	             "source:string", .ok = "201:#TierCertification" } },
	{ "GET", "/api/enterprises/{id}/facts", get_facts,
	  { .en = "An enterprise's facts", .zh = "企业数据", .access = "facts:read",
	    .query = "year:integer", .ok = "200:[#EnterpriseFacts" } },
	{ "PUT", "/api/enterprises/{id}/facts", put_facts,
	  { .en = "Set an enterprise's facts", .zh = "设置企业数据", .access = "facts:create",
	    .ok = "200:#EnterpriseFacts" } },
	{ "GET", "/api/enterprises/{id}/tiers", standing,
	  { .en = "An enterprise's tier evaluation and gaps", .zh = "企业梯度评估与差距",
	    .access = "facts:read", .query = "year:integer!", .ok = "200" } },
	{ NULL, NULL, NULL, { 0 } },
};

/* tiers.c - the JSON shape of enterprise tier rules, an enterprise's facts, certifications: one builder per record,
 * shared by the API's answers and the command line's --json/export output
 * (present/present.h). Builds values only: no request, no store, no policy. */
#include "present/present.h"
#include "domain/indicators.h"
#include "domain/tier.h"
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

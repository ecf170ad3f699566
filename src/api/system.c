/* system.c - /healthz and /api/meta (the enumerations the UI and scripts
 * need: modes, statuses, org kinds, cities in both languages). */
#include "api/api.h"
#include "domain/app.h"
#include "domain/catalog.h"
#include "domain/docking.h"
#include "domain/org.h"
#include "domain/region.h"

static json_t *names_json(const char *const *list)
{
	json_t *a = json_array();
	for (; *list; list++)
		json_array_append_new(a, json_string(*list));
	return a;
}

static void healthz(struct api_ctx *c)
{
	int v = 0;
	int64_t na = 0, nd = 0;
	if (app_schema_version(c->st, &v))
		return api_error(c, 503, "storage unavailable", NULL);
	if (c->app->index)
		catalog_index_counts(c->app->index, &na, &nd);
	api_json(c, 200, json_pack("{s:s,s:i,s:{s:b,s:I,s:I}}", "status", "ok", "schema", v, "index",
	                           "loaded", c->app->index != NULL, "achievements", (json_int_t)na,
	                           "demands", (json_int_t)nd));
}

static void meta(struct api_ctx *c)
{
	json_t *cities = json_array();
	for (const struct city *ct = region_cities; ct->zh; ct++)
		json_array_append_new(cities, json_pack("{s:s,s:s,s:s}", "zh", ct->zh, "en", ct->en,
		                                        "code", ct->code));
	api_json(c, 200, json_pack("{s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:{s:s,s:s},s:o}",
	                           "modes", names_json(mode_names),
	                           "achievement_statuses", names_json(ach_statuses),
	                           "demand_statuses", names_json(demand_statuses),
	                           "ip_statuses", names_json(ip_statuses),
	                           "attributes", names_json(ach_attributes),
	                           "org_kinds", names_json(org_kinds),
	                           "sorts", names_json(catalog_sorts),
	                           "province", "zh", region_province_zh, "en", region_province_en,
	                           "cities", cities));
}

const struct api_route api_system_routes[] = {
	{ "GET", "/healthz", healthz,
	  { .en = "Liveness check", .zh = "健康检查", .access = "public", .ok = "200" } },
	{ "GET", "/api/meta", meta,
	  { .en = "Enumerations and cities in both languages", .zh = "枚举值与城市（中英文）",
	    .access = "public", .ok = "200" } },
	{ NULL, NULL, NULL, { 0 } },
};

/* orgs.c - the JSON shape of organisations: one builder per record,
 * shared by the API's answers and the command line's --json/export output
 * (present/present.h). Builds values only: no request, no store, no policy. */
#include "present/present.h"
#include "domain/org.h"
#include "domain/region.h"
#include <string.h>

json_t *org_json(const struct org *o)
{
	return json_pack("{s:I,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o}", "id", (json_int_t)o->id,
	                 "name", jstr(o->name), "name_en", jstr(o->name_en), "kind", jstr(o->kind),
	                 "province", jstr(o->province), "city", jstr(o->city),
	                 "city_en", jstr(region_city_en(o->city)), "district", jstr(o->district),
	                 "region_code", jstr(o->region_code), "created_at", jstr(o->created_at),
	                 "updated_at", jstr(o->updated_at));
}

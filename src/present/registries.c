/* registries.c - the JSON shape of innovation platforms, alliances, service agencies: one builder per record,
 * shared by the API's answers and the command line's --json/export output
 * (present/present.h). Builds values only: no request, no store, no policy. */
#include "present/present.h"
#include "domain/alliance.h"
#include "domain/platform.h"
#include <string.h>

json_t *platform_json(const struct platform *p)
{
	json_t *hosts = json_array();
	for (int i = 0; i < p->nhosts; i++)
		json_array_append_new(hosts, json_integer(p->hosts[i]));
	json_t *o = json_pack("{s:I,s:s,s:o,s:s,s:s,s:o,s:o,s:o,s:o,s:i,s:o,s:s,s:o,s:o}", "id",
	                      (json_int_t)p->id, "name", p->name, "name_en", jstr(p->name_en), "kind",
	                      p->kind, "level", p->level, "city", jstr(p->city), "district",
	                      jstr(p->district), "approval_body", jstr(p->approval_body), "batch",
	                      jstr(p->batch), "year", p->year, "field", jstr(p->field), "status",
	                      p->status, "evaluation", jstr(p->evaluation), "hosts", hosts);
	return o;
}

json_t *alliance_json(const struct alliance *x)
{
	json_t *o = json_pack("{s:I,s:s,s:o,s:o,s:s,s:o,s:s,s:I,s:o,s:o,s:I,s:I,s:b}", "id",
	                      (json_int_t)x->id, "name", x->name, "name_en", jstr(x->name_en), "field",
	                      jstr(x->field), "level", x->level, "city", jstr(x->city), "founded_on",
	                      x->founded_on, "lead_org_id", (json_int_t)x->lead_org_id, "lead_name",
	                      jstr(x->lead_name), "description", jstr(x->description), "member_count",
	                      (json_int_t)x->member_count, "activity_count", (json_int_t)x->activity_count,
	                      "substantive", x->substantive);
	if (x->members) {
		json_t *m = json_array();
		for (int i = 0; i < x->nmembers; i++)
			json_array_append_new(m, json_pack("{s:I,s:o,s:o,s:s,s:o}", "org_id",
			                                   (json_int_t)x->members[i].org_id, "name",
			                                   jstr(x->members[i].org_name), "kind",
			                                   jstr(x->members[i].org_kind), "role", x->members[i].role,
			                                   "joined_on", jstr(x->members[i].joined_on)));
		json_object_set_new(o, "members", m);
	}
	return o;
}

json_t *agency_json(const struct agency *x)
{
	return json_pack("{s:I,s:o,s:o,s:o,s:o,s:o,s:s,s:i,s:o,s:o,s:o,s:I}", "org_id",
	                 (json_int_t)x->org_id, "name", jstr(x->name), "name_en", jstr(x->name_en),
	                 "org_kind", jstr(x->org_kind), "city", jstr(x->city), "district",
	                 jstr(x->district), "level", x->level, "year", x->year, "services",
	                 jlist(x->services), "regions", jlist(x->regions), "description",
	                 jstr(x->description), "enterprises_served", (json_int_t)x->served);
}

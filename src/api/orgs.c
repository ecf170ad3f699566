/* orgs.c - /api/orgs: list (kind, city, name search), get, create, update. */
#include "api/api.h"
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

static void list_orgs(struct api_ctx *c)
{
	struct org_query q = { 0 };
	struct org *rows;
	int n, rc;
	int64_t total;
	json_t *items;

	q.kind = qs_str(c, "kind");
	q.city = region_city_canonical(qs_str(c, "city"));
	q.q = qs_str(c, "q");
	if (q.kind && !name_in(org_kinds, q.kind))
		return TB_FE_S(&c->fe, "kind", "not_known", "organisation kind"), api_fail(c, TB_EINVAL);
	if ((rc = qs_page(c, 500, 50, 10000000, &q.limit, &q.offset)))
		return api_fail(c, rc);
	if (!api_allow(c, "org", "read", 0))
		return;
	if ((rc = org_list(c->st, c->a, &q, &rows, &n, &total)))
		return api_fail(c, rc);
	items = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(items, org_json(&rows[i]));
	api_json(c, 200, json_pack("{s:o,s:I,s:i,s:i}", "items", items, "total", (json_int_t)total,
	                           "limit", q.limit, "offset", q.offset));
}

static void get_org(struct api_ctx *c)
{
	struct org o;
	int rc = org_get(c->st, c->a, c->ids[0], &o);
	if (rc)
		return api_fail(c, rc);
	if (!api_allow(c, "org", "read", o.id))
		return;
	api_json(c, 200, org_json(&o));
}

static const char *const org_keys[] = { "name", "name_en", "kind", "province", "city", "district",
                                        "region_code", NULL };

static int org_from_body(struct api_ctx *c, struct org *o)
{
	int rc;
	if ((rc = api_only_keys(c, org_keys)) || (rc = jin_str(c, "name", false, &o->name)) ||
	    (rc = jin_str(c, "name_en", false, &o->name_en)) || (rc = jin_str(c, "kind", false, &o->kind)) ||
	    (rc = jin_str(c, "province", false, &o->province)) || (rc = jin_str(c, "city", false, &o->city)) ||
	    (rc = jin_str(c, "district", false, &o->district)) ||
	    (rc = jin_str(c, "region_code", false, &o->region_code)))
		return rc;
	o->city = region_city_canonical(o->city);
	if (!o->province && region_in_province(o->city))
		o->province = region_province_zh;
	return TB_OK;
}

static void create_org(struct api_ctx *c)
{
	struct org o;
	int rc;
	memset(&o, 0, sizeof(o));
	if ((rc = api_body(c)) || (rc = org_from_body(c, &o)))
		return api_fail(c, rc);
	if (!api_allow(c, "org", "create", 0))
		return;
	if ((rc = org_validate(&o, &c->fe)))
		return api_fail(c, rc);
	if ((rc = org_create(c->st, &o))) {
		if (rc == TB_ECONFLICT)
			TB_FE(&c->fe, "name", "org_name_taken");
		return api_fail(c, rc);
	}
	if ((rc = org_get(c->st, c->a, o.id, &o)))
		return api_fail(c, rc);
	api_json(c, 201, org_json(&o));
}

static void update_org(struct api_ctx *c)
{
	struct org o;
	int rc;
	if ((rc = api_body(c)) || (rc = org_get(c->st, c->a, c->ids[0], &o)))
		return api_fail(c, rc);
	if (!api_allow(c, "org", "update", o.id))
		return;
	if ((rc = org_from_body(c, &o)) || (rc = org_validate(&o, &c->fe)))
		return api_fail(c, rc);
	if ((rc = org_save(c->st, &o))) {
		if (rc == TB_ECONFLICT)
			TB_FE(&c->fe, "name", "org_name_taken");
		return api_fail(c, rc);
	}
	if ((rc = org_get(c->st, c->a, o.id, &o)))
		return api_fail(c, rc);
	api_json(c, 200, org_json(&o));
}

const struct api_route api_org_routes[] = {
	{ "GET", "/api/orgs", list_orgs,
	  { .en = "List organisations", .zh = "机构列表", .access = "org:read",
	    .query = "kind,city,q,limit:integer,offset:integer", .ok = "200:[#Organisation" } },
	{ "POST", "/api/orgs", create_org,
	  { .en = "Add an organisation", .zh = "新增机构", .access = "org:create",
	    .body = "name:string,name_en:string,kind:string,province:string,city:string,"
	             "district:string,region_code:string", .ok = "201:#Organisation" } },
	{ "GET", "/api/orgs/{id}", get_org,
	  { .en = "Get one organisation", .zh = "查看机构", .access = "org:read",
	    .ok = "200:#Organisation" } },
	{ "PATCH", "/api/orgs/{id}", update_org,
	  { .en = "Edit an organisation", .zh = "修改机构", .access = "org:update",
	    .body = "name:string,name_en:string,kind:string,province:string,city:string,"
	             "district:string,region_code:string", .ok = "200:#Organisation" } },
	{ NULL, NULL, NULL, { 0 } },
};

/* agencies.c - the public registry of science and technology service
 * agencies (issue #15): the services offered (a fixed list with labels in
 * both languages), regions served, the filtered listing with the number of
 * enterprises served, counts by service, city, district or year, and one
 * agency with the enterprises it served (derived from docking cases run by
 * its brokers and the contracts those cases produced). The bureau
 * (reviewer) or the agency's own org_admin writes the profile. Rules in
 * domain/alliance.c. */
#include "api/api.h"
#include "domain/alliance.h"
#include <string.h>

json_t *agency_json(const struct agency *x)
{
	return json_pack("{s:I,s:o,s:o,s:o,s:o,s:o,s:s,s:i,s:o,s:o,s:o,s:I}", "org_id",
	                 (json_int_t)x->org_id, "name", jstr(x->name), "name_en", jstr(x->name_en),
	                 "org_kind", jstr(x->org_kind), "city", jstr(x->city), "district",
	                 jstr(x->district), "level", x->level, "year", x->year, "services",
	                 jlist(x->services), "regions", jlist(x->regions), "description",
	                 jstr(x->description), "enterprises_served", (json_int_t)x->served);
}

static int read_query(struct api_ctx *c, struct agency_query *q)
{
	int rc;
	memset(q, 0, sizeof(*q));
	q->service = qs_str(c, "service");
	q->region = qs_str(c, "region");
	q->city = qs_str(c, "city");
	q->district = qs_str(c, "district");
	q->q = qs_str(c, "q");
	if ((rc = qs_int32(c, "year_to", 0, 2100, 0, &q->year_to)))
		return rc;
	if ((rc = qs_page(c, 500, 50, 10000000, &q->limit, &q->offset)))
		return rc;
	return TB_OK;
}

static void services(struct api_ctx *c)
{
	json_t *items;
	if (!api_allow(c, "agency", "read", 0))
		return;
	items = json_array();
	for (int i = 0; agency_services[i].key; i++)
		json_array_append_new(items, json_pack("{s:s,s:s,s:s}", "key", agency_services[i].key, "zh",
		                                       agency_services[i].zh, "en", agency_services[i].en));
	api_json(c, 200, json_pack("{s:o}", "items", items));
}

static void list(struct api_ctx *c)
{
	struct agency_query q;
	struct agency *rows;
	int64_t total;
	int n, rc;
	if (!api_allow(c, "agency", "read", 0))
		return;
	if ((rc = read_query(c, &q)) || (rc = agency_list(c->st, c->a, &q, &rows, &n, &total)))
		return api_fail(c, rc);
	API_PAGE(c, rows, n, agency_json, total);
}

static void counts(struct api_ctx *c)
{
	struct agency_query q;
	struct agency_count *rows;
	const char *by = qs_str(c, "by");
	int n, m, rc;
	json_t *items;
	int64_t total;
	struct agency *unused;
	if (!api_allow(c, "agency", "read", 0))
		return;
	if (!by)
		by = "service";
	if ((rc = read_query(c, &q)))
		return api_fail(c, rc);
	rc = agency_counts(c->st, c->a, by, &q, &rows, &n);
	if (rc == TB_EINVAL)
		return TB_FE_S(&c->fe, "by", "one_of", "service, city, district or year"),
		       api_fail(c, rc);
	/* total = agencies under the filters (a multi-service agency counts once) */
	q.limit = 1;
	if (rc || (rc = agency_list(c->st, c->a, &q, &unused, &m, &total)))
		return api_fail(c, rc);
	items = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(items, json_pack("{s:s,s:I}", "key", rows[i].key, "count",
		                                       (json_int_t)rows[i].count));
	api_json(c, 200, json_pack("{s:s,s:o,s:I}", "by", by, "items", items, "total", (json_int_t)total));
}

static void get(struct api_ctx *c)
{
	struct agency x;
	struct agency_client *cl;
	int n, rc;
	json_t *o, *arr;
	if (!api_allow(c, "agency", "read", 0))
		return;
	if ((rc = agency_get(c->st, c->a, c->ids[0], &x)) ||
	    (rc = agency_clients(c->st, c->a, x.org_id, 200, &cl, &n)))
		return api_fail(c, rc);
	o = agency_json(&x);
	arr = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(arr, json_pack("{s:I,s:o,s:I,s:I}", "org_id", (json_int_t)cl[i].org_id,
		                                     "name", jstr(cl[i].name), "cases", (json_int_t)cl[i].cases,
		                                     "contracts", (json_int_t)cl[i].contracts));
	json_object_set_new(o, "clients", arr);
	api_json(c, 200, o);
}

static void put(struct api_ctx *c)
{
	static const char *const keys[] = { "level", "year", "services", "regions", "description", NULL };
	struct agency x;
	int64_t year;
	int rc;
	if (!api_allow(c, "agency", "update", c->ids[0]))
		return;
	memset(&x, 0, sizeof(x));
	x.org_id = c->ids[0];
	if ((rc = api_body_keys(c, keys)) ||
	    (rc = jin_str(c, "level", true, &x.level)) ||
	    (rc = jin_int(c, "year", true, 1950, 2100, &year)) ||
	    (rc = jin_list(c, "services", &x.services)) || (rc = jin_list(c, "regions", &x.regions)) ||
	    (rc = jin_str(c, "description", false, &x.description)))
		return api_fail(c, rc);
	x.year = (int)year;
	if ((rc = agency_put(c->st, c->a, &x, c->who.user_id, &c->fe)))
		return api_fail(c, rc);
	get(c);
}

const struct api_route api_agency_routes[] = {
	{ "GET", "/api/agencies/services", services,
	  { .en = "The service kinds agencies offer", .zh = "服务机构的服务类别", .access = "agency:read", .ok = "200" } },
	{ "GET", "/api/agencies/counts", counts,
	  { .en = "Service agencies counted by service and level", .zh = "按服务类别和级别统计服务机构", .access = "agency:read", .ok = "200" } },
	{ "GET", "/api/agencies", list,
	  { .en = "List service agencies", .zh = "服务机构列表", .access = "agency:read", .query = "service,region,level,q,limit:integer,offset:integer", .ok = "200:[#Agency" } },
	{ "GET", "/api/agencies/{id}", get,
	  { .en = "One service agency with the enterprises it served (from cases and contracts)", .zh = "查看服务机构及其服务企业（来自对接案例与合同）", .access = "agency:read", .ok = "200:#Agency" } },
	{ "PUT", "/api/agencies/{id}", put,
	  { .en = "Set an agency's profile (services, regions, level, year)", .zh = "设置服务机构档案（服务、区域、级别、认定年份）", .access = "agency:update", .body = "level:string!,year:integer!,services:string!,regions:string,description:string", .ok = "200" } },
	{ NULL, NULL, NULL, { 0 } },
};

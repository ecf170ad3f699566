/* platforms.c - the public registry of innovation platforms (issue #15):
 * kinds (a table), the filtered listing, counts by kind, level, city,
 * district, field, year or status (the way the seeds count), one platform
 * with its hosts and links; the bureau (reviewer) registers platforms,
 * records evaluations and status changes, and links achievements,
 * instruments and experts. Rules in domain/platform.c. */
#include "api/api.h"
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

static int read_query(struct api_ctx *c, struct platform_query *q)
{
	static const char *const links[] = { "achievement", "instrument", "expert" };
	int64_t v;
	int rc;
	memset(q, 0, sizeof(*q));
	q->kind = qs_str(c, "kind");
	q->level = qs_str(c, "level");
	q->city = qs_str(c, "city");
	q->district = qs_str(c, "district");
	q->field = qs_str(c, "field");
	q->status = qs_str(c, "status");
	q->q = qs_str(c, "q");
	if ((rc = qs_int32(c, "year", 0, 2100, 0, &q->year)))
		return rc;
	if ((rc = qs_int32(c, "year_to", 0, 2100, 0, &q->year_to)))
		return rc;
	if ((rc = qs_int(c, "host", 0, INT64_MAX, 0, &q->host_org)))
		return rc;
	for (size_t i = 0; i < 3; i++) {
		if ((rc = qs_int(c, links[i], 0, INT64_MAX, 0, &v)))
			return rc;
		if (v) {
			q->link_kind = links[i];
			q->link_ref = v;
		}
	}
	if ((rc = qs_page(c, 500, 50, 10000000, &q->limit, &q->offset)))
		return rc;
	return TB_OK;
}

static void kinds(struct api_ctx *c)
{
	struct platform_kind *k;
	int n, rc;
	json_t *items = json_array();
	if (!api_allow(c, "platform", "read", 0))
		return json_decref(items);
	if ((rc = platform_kinds(c->st, c->a, &k, &n)))
		return json_decref(items), api_fail(c, rc);
	for (int i = 0; i < n; i++)
		json_array_append_new(items, json_pack("{s:s,s:s,s:s}", "key", k[i].key, "zh", k[i].zh,
		                                       "en", k[i].en));
	api_json(c, 200, json_pack("{s:o}", "items", items));
}

static void list(struct api_ctx *c)
{
	struct platform_query q;
	struct platform *rows;
	int64_t total;
	int n, rc;
	if (!api_allow(c, "platform", "read", 0))
		return;
	if ((rc = read_query(c, &q)) ||
	    (rc = platform_list(c->st, c->a, &q, &rows, &n, &total)))
		return api_fail(c, rc);
	API_PAGE(c, rows, n, platform_json, total);
}

static void counts(struct api_ctx *c)
{
	struct platform_query q;
	struct platform_count *rows;
	const char *by = qs_str(c, "by");
	int64_t sum = 0;
	int n, rc;
	json_t *items;
	if (!api_allow(c, "platform", "read", 0))
		return;
	if (!by)
		by = "kind";
	if ((rc = read_query(c, &q)))
		return api_fail(c, rc);
	rc = platform_counts(c->st, c->a, by, &q, &rows, &n);
	if (rc == TB_EINVAL)
		return TB_FE_S(&c->fe, "by", "one_of",
		               "kind, level, city, district, field, year or status"),
		       api_fail(c, rc);
	if (rc)
		return api_fail(c, rc);
	items = json_array();
	for (int i = 0; i < n; i++) {
		json_array_append_new(items, json_pack("{s:s,s:I}", "key", rows[i].key, "count",
		                                       (json_int_t)rows[i].count));
		sum += rows[i].count;
	}
	api_json(c, 200, json_pack("{s:s,s:o,s:I}", "by", by, "items", items, "total", (json_int_t)sum));
}

static void get(struct api_ctx *c)
{
	struct platform p;
	struct platform_link *l;
	int n, rc;
	json_t *o, *links;
	if (!api_allow(c, "platform", "read", 0))
		return;
	if ((rc = platform_get(c->st, c->a, c->ids[0], &p)) ||
	    (rc = platform_links(c->st, c->a, p.id, &l, &n)))
		return api_fail(c, rc);
	o = platform_json(&p);
	links = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(links, json_pack("{s:s,s:I}", "kind", l[i].kind, "ref_id",
		                                       (json_int_t)l[i].ref_id));
	json_object_set_new(o, "links", links);
	api_json(c, 200, o);
}

static void create(struct api_ctx *c)
{
	static const char *const keys[] = { "name", "name_en", "kind", "level", "city", "district",
	                                    "approval_body", "batch", "year", "field", "status",
	                                    "evaluation", "hosts", NULL };
	struct platform p;
	json_t *hosts, *v;
	int64_t year;
	size_t i;
	int rc;
	if (!api_allow(c, "platform", "create", 0))
		return;
	memset(&p, 0, sizeof(p));
	if ((rc = api_body_keys(c, keys)) ||
	    (rc = jin_str(c, "name", true, &p.name)) || (rc = jin_str(c, "name_en", false, &p.name_en)) ||
	    (rc = jin_str(c, "kind", true, &p.kind)) || (rc = jin_str(c, "level", true, &p.level)) ||
	    (rc = jin_str(c, "city", false, &p.city)) || (rc = jin_str(c, "district", false, &p.district)) ||
	    (rc = jin_str(c, "approval_body", false, &p.approval_body)) ||
	    (rc = jin_str(c, "batch", false, &p.batch)) || (rc = jin_int(c, "year", true, 1950, 2100, &year)) ||
	    (rc = jin_str(c, "field", false, &p.field)) || (rc = jin_str(c, "status", false, &p.status)) ||
	    (rc = jin_str(c, "evaluation", false, &p.evaluation)))
		return api_fail(c, rc);
	p.year = (int)year;
	hosts = json_object_get(c->body, "hosts");
	if (hosts && (!json_is_array(hosts) || json_array_size(hosts) > 16))
		return TB_FE_N(&c->fe, "hosts", "id_list_max", 16),
		       api_fail(c, TB_EINVAL);
	p.hosts = arena_alloc(c->a, sizeof(int64_t) * 17);
	if (!p.hosts)
		return api_fail(c, TB_ENOMEM);
	json_array_foreach(hosts, i, v) {
		if (!json_is_integer(v) || json_integer_value(v) <= 0)
			return TB_FE(&c->fe, "hosts", "id_list"),
			       api_fail(c, TB_EINVAL);
		p.hosts[p.nhosts++] = json_integer_value(v);
	}
	if ((rc = platform_create(c->st, c->a, &p, c->who.user_id, &c->fe)) ||
	    (rc = platform_get(c->st, c->a, p.id, &p)))
		return api_fail(c, rc);
	api_json(c, 201, platform_json(&p));
}

static void status(struct api_ctx *c)
{
	static const char *const keys[] = { "status", "evaluation", NULL };
	const char *st = NULL, *ev = NULL;
	struct platform p;
	int rc;
	if (!api_allow(c, "platform", "update", 0))
		return;
	if ((rc = api_body_keys(c, keys)) || (rc = jin_str(c, "status", true, &st)) ||
	    (rc = jin_str(c, "evaluation", false, &ev)))
		return api_fail(c, rc);
	if ((rc = platform_change_status(c->st, c->a, c->ids[0], st, ev, c->who.user_id, &c->fe)) ||
	    (rc = platform_get(c->st, c->a, c->ids[0], &p)))
		return api_fail(c, rc);
	api_json(c, 200, platform_json(&p));
}

static void link(struct api_ctx *c)
{
	static const char *const keys[] = { "kind", "ref_id", NULL };
	struct platform_link l = { c->ids[0], NULL, 0 };
	int rc;
	if (!api_allow(c, "platform", "update", 0))
		return;
	if ((rc = api_body_keys(c, keys)) || (rc = jin_str(c, "kind", true, &l.kind)) ||
	    (rc = jin_int(c, "ref_id", true, 1, INT64_MAX, &l.ref_id)))
		return api_fail(c, rc);
	if ((rc = platform_link(c->st, c->a, &l, c->who.user_id, &c->fe)))
		return api_fail(c, rc);
	get(c);
}

const struct api_route api_platform_routes[] = {
	{ "GET", "/api/platforms/kinds", kinds,
	  { .en = "Kinds of innovation platforms", .zh = "创新平台类别", .access = "platform:read",
	    .ok = "200" } },
	{ "GET", "/api/platforms/counts", counts,
	  { .en = "Platform counts by kind and level", .zh = "按类别和级别统计平台数量",
	    .access = "platform:read",
	    .query = "by,kind,level,city,district,field,status,q,year:integer,year_to:integer,"
	             "host:integer,limit:integer,offset:integer", .ok = "200" } },
	{ "GET", "/api/platforms", list,
	  { .en = "List innovation platforms", .zh = "创新平台列表", .access = "platform:read",
	    .query = "kind,level,city,district,field,status,q,year:integer,year_to:integer,"
	             "host:integer,limit:integer,offset:integer", .ok = "200:[#Platform" } },
	{ "POST", "/api/platforms", create,
	  { .en = "Register an innovation platform", .zh = "登记创新平台", .access = "platform:create",
	    .body = "name:string!,name_en:string,kind:string!,level:string!,city:string,"
	             "district:string,approval_body:string,batch:string,year:integer!,"
	             "field:string,status:string,evaluation:string", .ok = "201:#Platform" } },
	{ "GET", "/api/platforms/{id}", get,
	  { .en = "Get one platform", .zh = "查看创新平台", .access = "platform:read",
	    .ok = "200:#Platform" } },
	{ "POST", "/api/platforms/{id}/status", status,
	  { .en = "Change a platform's status", .zh = "变更平台状态", .access = "platform:update",
	    .body = "status:string!,evaluation:string", .ok = "200:#Platform" } },
	{ "POST", "/api/platforms/{id}/links", link,
	  { .en = "Link a platform to listings or instruments", .zh = "关联平台与成果或仪器",
	    .access = "platform:update", .body = "kind:string!,ref_id:integer!", .ok = "200" } },
	{ NULL, NULL, NULL, { 0 } },
};

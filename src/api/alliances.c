/* alliances.c - the public registry of industry-university-research
 * alliances (issue #15): the filtered listing with member counts and the
 * substantive rule for a year, the registry's totals, one alliance with its
 * members and activities; the bureau (reviewer) registers alliances, and
 * the bureau or the lead organisation's org_admin adds members and records
 * activities. Rules in domain/alliance.c. */
#include "api/api.h"
#include "domain/alliance.h"
#include <string.h>

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

static int read_query(struct api_ctx *c, struct alliance_query *q)
{
	const char *s;
	int rc;
	memset(q, 0, sizeof(*q));
	q->field = qs_str(c, "field");
	q->level = qs_str(c, "level");
	q->city = qs_str(c, "city");
	q->q = qs_str(c, "q");
	q->substantive = -1;
	if ((rc = qs_int32(c, "year", 0, 2100, 0, &q->year)))
		return rc;
	if ((rc = qs_int32(c, "founded_to", 0, 2100, 0, &q->founded_to)))
		return rc;
	if ((rc = qs_int(c, "member", 0, INT64_MAX, 0, &q->member_org)))
		return rc;
	if ((s = qs_str(c, "substantive"))) {
		if (strcmp(s, "1") && strcmp(s, "0"))
			return TB_FE(&c->fe, "substantive", "zero_or_one"), TB_EINVAL;
		q->substantive = s[0] == '1';
	}
	if ((rc = qs_page(c, 500, 50, 10000000, &q->limit, &q->offset)))
		return rc;
	return TB_OK;
}

static void list(struct api_ctx *c)
{
	struct alliance_query q;
	struct alliance *rows;
	int64_t total;
	int n, rc;
	json_t *items;
	if (!api_allow(c, "alliance", "read", 0))
		return;
	if ((rc = read_query(c, &q)) || (rc = alliance_list(c->st, c->a, &q, &rows, &n, &total)))
		return api_fail(c, rc);
	items = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(items, alliance_json(&rows[i]));
	api_json(c, 200, json_pack("{s:o,s:I,s:i}", "items", items, "total", (json_int_t)total, "year",
	                           q.year));
}

static void stats(struct api_ctx *c)
{
	struct alliance_query q;
	struct alliance_stats s;
	int rc;
	if (!api_allow(c, "alliance", "read", 0))
		return;
	if ((rc = read_query(c, &q)) || (rc = alliance_stats(c->st, &q, &s)))
		return api_fail(c, rc);
	api_json(c, 200, json_pack("{s:i,s:I,s:I,s:I,s:I}", "year", q.year, "alliances",
	                           (json_int_t)s.alliances, "memberships", (json_int_t)s.memberships,
	                           "member_orgs", (json_int_t)s.member_orgs, "substantive",
	                           (json_int_t)s.substantive));
}

/* One alliance with its members and activities, answered with `status`. */
static void send_one(struct api_ctx *c, int64_t id, int status)
{
	struct alliance x;
	struct alliance_activity *v;
	int64_t year;
	int n, rc;
	json_t *o, *acts;
	if ((rc = qs_int(c, "year", 0, 2100, 0, &year)) ||
	    (rc = alliance_get(c->st, c->a, id, (int)year, &x)) ||
	    (rc = alliance_activities(c->st, c->a, x.id, &v, &n)))
		return api_fail(c, rc);
	o = alliance_json(&x);
	acts = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(acts, json_pack("{s:I,s:s,s:s}", "id", (json_int_t)v[i].id, "held_on",
		                                      v[i].held_on, "title", v[i].title));
	json_object_set_new(o, "activities", acts);
	api_json(c, status, o);
}

static void get(struct api_ctx *c)
{
	if (api_allow(c, "alliance", "read", 0))
		send_one(c, c->ids[0], 200);
}

static int read_members(struct api_ctx *c, struct alliance *x)
{
	json_t *arr = json_object_get(c->body, "members"), *v;
	size_t i;
	if (!arr)
		return TB_OK;
	if (!json_is_array(arr) || json_array_size(arr) > ALLIANCE_MAX_MEMBERS)
		return tb_fe_code(&c->fe, "members", "shape_list_max", ALLIANCE_MAX_MEMBERS, 0,
		                  "{org_id, role}", NULL), TB_EINVAL;
	if (!(x->members = arena_alloc(c->a, sizeof(*x->members) * (json_array_size(arr) + 1))))
		return TB_ENOMEM;
	json_array_foreach(arr, i, v) {
		struct alliance_member *m = &x->members[x->nmembers++];
		json_t *org = json_object_get(v, "org_id"), *role = json_object_get(v, "role"),
		       *on = json_object_get(v, "joined_on");
		memset(m, 0, sizeof(*m));
		if (!json_is_object(v) || !json_is_integer(org) || json_integer_value(org) <= 0 ||
		    (role && !json_is_string(role)) || (on && !json_is_null(on) && !json_is_string(on)))
			return TB_FE_S(&c->fe, "members", "shape_object", "{org_id, role?, joined_on?}"),
			       TB_EINVAL;
		m->org_id = json_integer_value(org);
		m->role = role ? json_string_value(role) : "member";
		m->joined_on = json_is_string(on) ? json_string_value(on) : NULL;
	}
	return TB_OK;
}

static void create(struct api_ctx *c)
{
	static const char *const keys[] = { "name", "name_en", "field", "level", "city", "founded_on",
	                                    "lead_org_id", "description", "members", NULL };
	struct alliance x;
	int rc;
	if (!api_allow(c, "alliance", "create", 0))
		return;
	memset(&x, 0, sizeof(x));
	if ((rc = api_body_keys(c, keys)) ||
	    (rc = jin_str(c, "name", true, &x.name)) || (rc = jin_str(c, "name_en", false, &x.name_en)) ||
	    (rc = jin_str(c, "field", false, &x.field)) || (rc = jin_str(c, "level", true, &x.level)) ||
	    (rc = jin_str(c, "city", false, &x.city)) ||
	    (rc = jin_str(c, "founded_on", true, &x.founded_on)) ||
	    (rc = jin_int(c, "lead_org_id", true, 1, INT64_MAX, &x.lead_org_id)) ||
	    (rc = jin_str(c, "description", false, &x.description)) || (rc = read_members(c, &x)))
		return api_fail(c, rc);
	if ((rc = alliance_create(c->st, c->a, &x, c->who.user_id, &c->fe)))
		return api_fail(c, rc);
	send_one(c, x.id, 201);
}

/* The bureau, or an org_admin of the lead organisation (OWN the lead). */
static bool allow_update(struct api_ctx *c)
{
	struct alliance x;
	int rc = alliance_get(c->st, c->a, c->ids[0], 0, &x);
	if (rc) {
		api_fail(c, rc);
		return false;
	}
	return api_allow(c, "alliance", "update", x.lead_org_id);
}

static void member(struct api_ctx *c)
{
	static const char *const keys[] = { "org_id", "role", "joined_on", NULL };
	struct alliance_member m = { 0, "member", NULL, NULL, NULL };
	int rc;
	if (!allow_update(c))
		return;
	if ((rc = api_body_keys(c, keys)) ||
	    (rc = jin_int(c, "org_id", true, 1, INT64_MAX, &m.org_id)) ||
	    (rc = jin_str(c, "role", false, &m.role)) || (rc = jin_str(c, "joined_on", false, &m.joined_on)))
		return api_fail(c, rc);
	if (!m.role)
		m.role = "member";
	if ((rc = alliance_member_add(c->st, c->a, c->ids[0], &m, c->who.user_id, &c->fe)))
		return api_fail(c, rc);
	send_one(c, c->ids[0], 200);
}

static void activity(struct api_ctx *c)
{
	static const char *const keys[] = { "held_on", "title", NULL };
	struct alliance_activity v = { 0, c->ids[0], NULL, NULL };
	int rc;
	if (!allow_update(c))
		return;
	if ((rc = api_body_keys(c, keys)) ||
	    (rc = jin_str(c, "held_on", true, &v.held_on)) || (rc = jin_str(c, "title", true, &v.title)))
		return api_fail(c, rc);
	if ((rc = alliance_activity_add(c->st, c->a, &v, c->who.user_id, &c->fe)))
		return api_fail(c, rc);
	send_one(c, c->ids[0], 201);
}

const struct api_route api_alliance_routes[] = {
	{ "GET", "/api/alliances/stats", stats,
	  { .en = "Alliance counts and the substantive ones of a year", .zh = "产学研联盟统计及某年实体化运行联盟", .access = "alliance:read", .query = "year:integer", .ok = "200" } },
	{ "GET", "/api/alliances", list,
	  { .en = "List industry-university-research alliances", .zh = "产学研联盟列表", .access = "alliance:read", .query = "field,level,q,limit:integer,offset:integer", .ok = "200:[#Alliance" } },
	{ "POST", "/api/alliances", create,
	  { .en = "Create an alliance with its lead organisation", .zh = "新建产学研联盟（含牵头单位）", .access = "alliance:create", .body = "name:string!,name_en:string,field:string,level:string!,city:string,founded_on:string!,lead_org_id:integer!,description:string", .ok = "200" } },
	{ "GET", "/api/alliances/{id}", get,
	  { .en = "One alliance with its members and activities", .zh = "查看联盟及其成员、活动", .access = "alliance:read", .ok = "200:#Alliance" } },
	{ "POST", "/api/alliances/{id}/members", member,
	  { .en = "Add a member or change its role", .zh = "添加联盟成员或修改其角色", .access = "alliance:update", .body = "org_id:integer!,role:string!,joined_on:string", .ok = "200" } },
	{ "POST", "/api/alliances/{id}/activities", activity,
	  { .en = "Record an activity of the alliance", .zh = "记录联盟活动", .access = "alliance:update", .body = "held_on:string!,title:string!", .ok = "200" } },
	{ NULL, NULL, NULL, { 0 } },
};

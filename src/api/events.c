/* events.c - roadshows, Expert Enterprise Tours, docking meetings and field
 * events (docs/docking.md): the public calendar, creation by organisers,
 * self-registration, check-in by the organiser and the attendee list as CSV
 * (brokerage_attendees_csv, shared with the CLI). Rules in domain/brokerage.h. */
#include "api/api.h"
#include "core/buf.h"
#include "domain/brokerage.h"
#include <string.h>

json_t *event_json(const struct event *e)
{
	return json_pack("{s:I,s:s,s:s,s:s,s:o,s:o,s:b,s:o,s:o,s:o,s:i,s:s,s:o,s:I,s:I}", "id", (json_int_t)e->id,
			 "kind", e->kind, "title", e->title, "starts_on", e->starts_on, "ends_on", jstr(e->ends_on),
			 "place", jstr(e->place), "online", e->online != 0, "organiser_org_id",
			 e->organiser_org_id > 0 ? json_integer(e->organiser_org_id) : json_null(), "organiser",
			 jstr(e->organiser_name), "fields", jlist(e->fields), "capacity", e->capacity, "status",
			 e->status, "outcome", jstr(e->outcome), "registered", (json_int_t)e->registered,
			 "checked_in", (json_int_t)e->checked_in);
}

static struct actor who(struct api_ctx *c)
{
	struct actor a = { c->who.user_id, c->who.org_id, c->who.role };
	return a;
}

static void list_events(struct api_ctx *c)
{
	const char *kind = qs_str(c, "kind");
	struct event *rows;
	int64_t lim;
	int n, rc;
	if (kind && !name_in(event_kinds, kind))
		return TB_FE_S(&c->fe, "kind", "not_known", "event kind"), api_fail(c, TB_EINVAL);
	if ((rc = qs_int(c, "limit", 1, 500, 100, &lim)))
		return api_fail(c, rc);
	if (!api_allow(c, "event", "read", 0))
		return;
	if ((rc = brokerage_event_list(c->st, c->a, qs_str(c, "since"), qs_str(c, "until"), kind, (int)lim, &rows, &n)))
		return api_fail(c, rc);
	API_ITEMS(c, rows, n, event_json);
}

static void get_event(struct api_ctx *c)
{
	struct event e;
	int rc;
	if (!api_allow(c, "event", "read", 0))
		return;
	if ((rc = brokerage_event_get(c->st, c->a, c->ids[0], &e)))
		return api_fail(c, rc);
	api_json(c, 200, event_json(&e));
}

static void create_event(struct api_ctx *c)
{
	static const char *const keys[] = { "kind", "title", "starts_on", "ends_on", "place", "online",
					    "organiser_org_id", "fields", "capacity", NULL };
	struct actor by = who(c);
	struct event e = { 0 };
	int64_t cap = 0, online = 0;
	int rc;
	if (c->who.user_id <= 0)
		return api_error(c, 401, "login required", NULL);
	if ((rc = api_body_keys(c, keys)) || (rc = jin_str(c, "kind", true, &e.kind)) ||
	    (rc = jin_str(c, "title", true, &e.title)) || (rc = jin_str(c, "starts_on", true, &e.starts_on)) ||
	    (rc = jin_str(c, "ends_on", false, &e.ends_on)) || (rc = jin_str(c, "place", false, &e.place)) ||
	    (rc = jin_int(c, "organiser_org_id", false, 1, INT64_MAX, &e.organiser_org_id)) ||
	    (rc = jin_list(c, "fields", &e.fields)) || (rc = jin_int(c, "capacity", false, 0, 100000, &cap)))
		return api_fail(c, rc);
	if (jin_has(c, "online")) {
		json_t *v = json_object_get(c->body, "online");
		if (!json_is_boolean(v))
			return TB_FE(&c->fe, "online", "not_boolean"), api_fail(c, TB_EINVAL);
		online = json_is_true(v);
	}
	e.online = (int)online;
	e.capacity = (int)cap;
	if ((rc = event_create(c->st, c->a, &by, &e, &c->fe))) {
		if (rc == TB_EPERM)
			api_audit(c, "create", "event", 0, "deny", NULL);
		return api_fail(c, rc);
	}
	api_json(c, 201, event_json(&e));
}

static void register_event(struct api_ctx *c)
{
	static const char *const keys[] = { "name", NULL };
	struct actor by = who(c);
	struct event_attendee at;
	const char *name = NULL;
	int rc;
	if (c->who.user_id <= 0)
		return api_error(c, 401, "login required", NULL);
	if ((rc = api_body_keys(c, keys)) || (rc = jin_str(c, "name", false, &name)))
		return api_fail(c, rc);
	if (!name)
		name = c->who.email;
	if ((rc = event_signup(c->st, c->a, &by, c->ids[0], name, &at, &c->fe)))
		return api_fail(c, rc);
	api_json(c, 201, json_pack("{s:I,s:I,s:s}", "id", (json_int_t)at.id, "event_id", (json_int_t)at.event_id,
				   "name", at.name));
}

static void checkin(struct api_ctx *c)
{
	struct actor by = who(c);
	int rc;
	if (c->who.user_id <= 0)
		return api_error(c, 401, "login required", NULL);
	if ((rc = event_check_in(c->st, c->a, &by, c->ids[0], c->ids[1], &c->fe))) {
		if (rc == TB_EPERM)
			api_audit(c, "checkin", "event", c->ids[0], "deny", NULL);
		return api_fail(c, rc);
	}
	api_json(c, 200, json_pack("{s:I,s:b}", "attendee_id", (json_int_t)c->ids[1], "checked_in", 1));
}

/* The organiser's attendee list: JSON, or CSV with ?format=csv. */
static void attendees(struct api_ctx *c)
{
	struct actor by = who(c);
	struct event e;
	struct event_attendee *rows;
	int n, rc;
	if (c->who.user_id <= 0)
		return api_error(c, 401, "login required", NULL);
	if ((rc = brokerage_event_get(c->st, c->a, c->ids[0], &e)))
		return api_fail(c, rc);
	if (!event_organises(&by, &e))
		return api_fail(c, TB_EPERM);
	if ((rc = brokerage_event_attendees(c->st, c->a, e.id, &rows, &n)))
		return api_fail(c, rc);
	if (api_want_csv(c)) {
		struct buf b = BUF_INIT(16u << 20);
		brokerage_attendees_csv(&b, rows, n);
		api_send_csv(c, &b, arena_printf(c->a, "event-%lld-attendees.csv", (long long)e.id));
		buf_release(&b);
		return;
	}
	{
		json_t *items = json_array();
		for (int i = 0; i < n; i++)
			json_array_append_new(items, json_pack("{s:I,s:s,s:o,s:o,s:o}", "id", (json_int_t)rows[i].id,
							       "name", rows[i].name, "org", jstr(rows[i].org_name),
							       "registered_at", jstr(rows[i].registered_at),
							       "checked_in_at", jstr(rows[i].checked_in_at)));
		api_json(c, 200, json_pack("{s:o}", "items", items));
	}
}

const struct api_route api_event_routes[] = {
	{ "GET", "/api/events", list_events,
	  { .en = "List events", .zh = "活动列表", .access = "event:read",
	    .query = "kind,limit:integer,since,until", .ok = "200:[#Event" } },
	{ "POST", "/api/events", create_event,
	  { .en = "Create an event", .zh = "新建活动", .access = "login",
	    .body = "kind:string!,title:string!,starts_on:string!,ends_on:string,place:string,"
	             "organiser_org_id:integer,fields:array,capacity:integer",
	    .ok = "201:#Event" } },
	{ "GET", "/api/events/{id}", get_event,
	  { .en = "Get one event", .zh = "查看活动", .access = "event:read", .ok = "200:#Event" } },
	{ "POST", "/api/events/{id}/register", register_event,
	  { .en = "Register for an event", .zh = "报名参加活动", .access = "login", .body = "name:string",
	    .ok = "201" } },
	{ "GET", "/api/events/{id}/attendees", attendees,
	  { .en = "List an event's attendees", .zh = "活动报名名单", .access = "login", .ok = "200" } },
	{ "POST", "/api/events/{id}/attendees/{id}/checkin", checkin,
	  { .en = "Check an attendee in", .zh = "活动签到", .access = "login", .ok = "200" } },
	{ NULL, NULL, NULL, { 0 } },
};

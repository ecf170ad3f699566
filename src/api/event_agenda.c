/* event_agenda.c - an event after its creation (issue #14): the organiser's
 * edit (PATCH), its status held or cancelled with the outcome text, its
 * agenda (the achievements presented and the demands discussed: public), and
 * its outcomes (the cases opened at the event and the registered contracts
 * they reached: the organiser and the bureau). Rules in domain/event_ops.c;
 * the event itself is presented by event_json (api/events.c). */
#include "api/api.h"
#include "domain/event_ops.h"
#include <string.h>

static struct actor who(struct api_ctx *c)
{
	struct actor a = { c->who.user_id, c->who.org_id, c->who.role };
	return a;
}

/* TB_EPERM from the domain (not the organiser) is a denied write: audited. */
static void fail(struct api_ctx *c, const char *action, int rc)
{
	if (rc == TB_EPERM)
		api_audit(c, action, "event", c->ids[0], "deny", NULL);
	api_fail(c, rc);
}

static void edit(struct api_ctx *c)
{
	static const char *const keys[] = { "kind", "title", "starts_on", "ends_on", "place", "online",
	                                    "fields", "capacity", NULL };
	struct event_patch p = { .online = -1, .capacity = -1 };
	struct actor by = who(c);
	struct event e;
	int64_t cap = -1;
	int rc;
	if (c->who.user_id <= 0)
		return api_error(c, 401, "login required", NULL);
	if ((rc = api_body_keys(c, keys)) || (rc = jin_str(c, "kind", false, &p.kind)) ||
	    (rc = jin_str(c, "title", false, &p.title)) || (rc = jin_str(c, "starts_on", false, &p.starts_on)) ||
	    (rc = jin_str(c, "place", false, &p.place)) || (rc = jin_list(c, "fields", &p.fields)) ||
	    (rc = jin_int(c, "capacity", false, 0, 100000, &cap)))
		return api_fail(c, rc);
	if (jin_has(c, "ends_on")) {
		json_t *v = json_object_get(c->body, "ends_on");
		if (json_is_null(v))
			p.clear_ends_on = true;
		else if ((rc = jin_str(c, "ends_on", false, &p.ends_on)))
			return api_fail(c, rc);
	}
	if (jin_has(c, "online")) {
		json_t *v = json_object_get(c->body, "online");
		if (!json_is_boolean(v))
			return TB_FE(&c->fe, "online", "not_boolean"), api_fail(c, TB_EINVAL);
		p.online = json_is_true(v);
	}
	p.capacity = (int)cap;
	if ((rc = event_edit(c->st, c->a, &by, c->ids[0], &p, &e, &c->fe)))
		return fail(c, "update", rc);
	api_json(c, 200, event_json(&e));
}

static void status(struct api_ctx *c)
{
	static const char *const keys[] = { "status", "outcome", NULL };
	const char *st = NULL, *outcome = NULL;
	struct actor by = who(c);
	struct event e;
	int rc;
	if (c->who.user_id <= 0)
		return api_error(c, 401, "login required", NULL);
	if ((rc = api_body_keys(c, keys)) || (rc = jin_str(c, "status", true, &st)) ||
	    (rc = jin_str(c, "outcome", false, &outcome)))
		return api_fail(c, rc);
	if ((rc = event_set_outcome(c->st, c->a, &by, c->ids[0], st, outcome, &e, &c->fe)))
		return fail(c, "status", rc);
	api_json(c, 200, event_json(&e));
}

static void items(struct api_ctx *c)
{
	struct event e;
	struct event_item *rows;
	int n, rc;
	json_t *arr;
	if (!api_allow(c, "event", "read", 0))
		return;
	if ((rc = brokerage_event_get(c->st, c->a, c->ids[0], &e)) ||
	    (rc = event_agenda(c->st, c->a, e.id, &rows, &n)))
		return api_fail(c, rc);
	arr = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(arr, json_pack("{s:s,s:I,s:o,s:o,s:I}", "kind", rows[i].kind, "item_id",
		                                     (json_int_t)rows[i].item_id, "title", jstr(rows[i].title),
		                                     "status", jstr(rows[i].status), "owner_org_id",
		                                     (json_int_t)rows[i].owner_org_id));
	api_json(c, 200, json_pack("{s:I,s:o}", "event_id", (json_int_t)e.id, "items", arr));
}

static void item_add(struct api_ctx *c)
{
	static const char *const keys[] = { "kind", "item_id", NULL };
	struct actor by = who(c);
	const char *kind = NULL;
	int64_t item;
	int rc;
	if (c->who.user_id <= 0)
		return api_error(c, 401, "login required", NULL);
	if ((rc = api_body_keys(c, keys)) || (rc = jin_str(c, "kind", true, &kind)) ||
	    (rc = jin_int(c, "item_id", true, 1, INT64_MAX, &item)))
		return api_fail(c, rc);
	if ((rc = event_agenda_add(c->st, c->a, &by, c->ids[0], kind, item, &c->fe)))
		return fail(c, "agenda_add", rc);
	items(c);
}

static void item_remove(struct api_ctx *c, const char *kind)
{
	struct actor by = who(c);
	int rc;
	if (c->who.user_id <= 0)
		return api_error(c, 401, "login required", NULL);
	if ((rc = event_agenda_remove(c->st, c->a, &by, c->ids[0], kind, c->ids[1], &c->fe)))
		return fail(c, "agenda_remove", rc);
	items(c);
}
static void ach_remove(struct api_ctx *c) { item_remove(c, "achievement"); }
static void dem_remove(struct api_ctx *c) { item_remove(c, "demand"); }

static json_t *yuan(int64_t fen) { return json_real((double)fen / 100.0); }

/* The organiser and the bureau (who also read every KPI). */
static void outcomes(struct api_ctx *c)
{
	struct actor by = who(c);
	struct event e;
	struct kpi sum;
	struct kpi_row *rows;
	int n, rc;
	json_t *arr;
	if (c->who.user_id <= 0)
		return api_error(c, 401, "login required", NULL);
	if ((rc = brokerage_event_get(c->st, c->a, c->ids[0], &e)))
		return api_fail(c, rc);
	if (!event_organises(&by, &e) && !api_may(c, "kpi", "read", 0))
		return api_fail(c, TB_EPERM);
	if ((rc = event_outcomes(c->st, c->a, e.id, &sum, &rows, &n, &c->fe)))
		return api_fail(c, rc);
	arr = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(arr, json_pack("{s:I,s:s,s:s,s:o,s:o,s:o}", "case_id", (json_int_t)rows[i].case_id,
		                                     "opened_on", rows[i].opened_on, "status", rows[i].status,
		                                     "contract_id", rows[i].contract_id > 0 ? json_integer(rows[i].contract_id) : json_null(),
		                                     "signed_on", rows[i].contract_id > 0 ? jstr(rows[i].signed_on) : json_null(),
		                                     "tx_amount", rows[i].contract_id > 0 ? yuan(rows[i].tx_amount_fen) : json_null()));
	api_json(c, 200, json_pack("{s:I,s:I,s:I,s:I,s:o,s:o,s:o}", "event_id", (json_int_t)e.id, "cases_opened",
	                           (json_int_t)sum.cases_opened, "cases_contracted", (json_int_t)sum.cases_contracted,
	                           "contracts", (json_int_t)sum.contracts, "amount", yuan(sum.amount_fen),
	                           "tx_amount", yuan(sum.tx_amount_fen), "cases", arr));
}

const struct api_route api_event_agenda_routes[] = {
	{ "PATCH", "/api/events/{id}", edit,
	  { .en = "Edit a planned event", .zh = "修改计划中的活动", .access = "event:update", .body = "title:string,starts_on:string,place:string,online:boolean,capacity:integer,fields:string", .ok = "200:#Event" } },
	{ "POST", "/api/events/{id}/status", status,
	  { .en = "Mark an event held (with its outcome) or cancelled", .zh = "标记活动已举办（含成果）或取消", .access = "event:update", .body = "status:string!,outcome:string", .ok = "200:#Event" } },
	{ "GET", "/api/events/{id}/items", items,
	  { .en = "The achievements presented and demands discussed at an event", .zh = "活动路演成果与讨论需求", .access = "event:read", .ok = "200" } },
	{ "POST", "/api/events/{id}/items", item_add,
	  { .en = "Add an achievement or a demand to the agenda", .zh = "将成果或需求列入活动议程", .access = "event:update", .body = "kind:string!,id:integer!", .ok = "200" } },
	{ "DELETE", "/api/events/{id}/achievements/{id}", ach_remove,
	  { .en = "Remove an achievement from the agenda", .zh = "从议程移除成果", .access = "event:update", .ok = "200" } },
	{ "DELETE", "/api/events/{id}/demands/{id}", dem_remove,
	  { .en = "Remove a demand from the agenda", .zh = "从议程移除需求", .access = "event:update", .ok = "200" } },
	{ "GET", "/api/events/{id}/outcomes", outcomes,
	  { .en = "Cases opened and contracts signed from an event", .zh = "活动产生的对接案例与合同", .access = "kpi:read", .ok = "200" } },
	{ NULL, NULL, NULL, { 0 } },
};

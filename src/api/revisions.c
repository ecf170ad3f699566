/* revisions.c - review of edits to public listings (issue #10): the pending
 * revision of an achievement or demand as JSON, the reviewer's queue
 * (GET /api/revisions) and accept / reject
 * (POST /api/{achievements,demands}/{id}/revision/accept|reject). The owner's
 * PATCH that creates a revision lives with the other catalogue writes in
 * catalog.c. */
#include "api/api.h"
#include "domain/catalog_ops.h"
#include "domain/docking.h"
#include "domain/revision.h"
#include <string.h>

json_t *revision_json(const struct revision *r)
{
	return json_pack("{s:I,s:s,s:I,s:o,s:o,s:o,s:o,s:o,s:o}", "id", (json_int_t)r->id,
	                 "kind", r->is_ach ? "achievement" : "demand", "item_id", (json_int_t)r->item_id,
	                 "author_id", r->author_id > 0 ? json_integer(r->author_id) : json_null(),
	                 "status", jstr(r->status), "reason", jstr(r->reason),
	                 "created_at", jstr(r->created_at), "decided_at", jstr(r->decided_at),
	                 "proposed", r->is_ach ? achievement_json(&r->ach) : demand_json(&r->dem));
}

/* Reviewers and admins (the "publish" right on any organisation). */
static bool may_review(struct api_ctx *c, const char *res, int64_t owner)
{
	return api_may(c, res, "publish", owner);
}

static void list_revisions(struct api_ctx *c)
{
	struct revision *rows;
	const char *status = qs_str(c, "status");
	int64_t v;
	int n, rc;
	json_t *items;

	if (!may_review(c, "achievement", 0) || !may_review(c, "demand", 0)) {
		if (c->who.user_id <= 0)
			return api_error(c, 401, "login required", NULL);
		return api_error(c, 403, "not allowed for your role or organisation", NULL);
	}
	if (!status)
		status = "pending";
	if (strcmp(status, "pending") && strcmp(status, "accepted") && strcmp(status, "rejected") &&
	    strcmp(status, "any"))
		return TB_FE_S(&c->fe, "status", "one_of", "pending, accepted, rejected or any"),
		       api_fail(c, TB_EINVAL);
	if ((rc = qs_int(c, "limit", 1, 500, 100, &v)))
		return api_fail(c, rc);
	if ((rc = revision_queue(c->st, c->a, strcmp(status, "any") ? status : NULL, (int)v, &rows, &n)))
		return api_fail(c, rc);
	items = json_array();
	for (int i = 0; i < n; i++) {
		const char *want = qs_str(c, "kind");
		if (want && strcmp(want, rows[i].is_ach ? "achievement" : "demand"))
			continue;
		json_array_append_new(items, revision_json(&rows[i]));
	}
	api_json(c, 200, json_pack("{s:o,s:I}", "items", items, "total", (json_int_t)json_array_size(items)));
}

static void decide(struct api_ctx *c, bool is_ach, bool accept)
{
	const char *res = is_ach ? "achievement" : "demand";
	const char *reason = NULL;
	struct achievement a;
	struct demand d;
	struct revision r;
	int64_t owner;
	int rc;

	if (is_ach) {
		if ((rc = catalog_ach_get(c->st, c->a, c->ids[0], &a)))
			return api_fail(c, rc);
		owner = a.owner_org_id;
	} else {
		if ((rc = catalog_dem_get(c->st, c->a, c->ids[0], &d)))
			return api_fail(c, rc);
		owner = d.org_id;
	}
	if (!api_allow(c, res, "publish", owner))
		return;
	if (!accept) {
		static const char *const keys[] = { "reason", NULL };
		if ((rc = api_body_keys(c, keys)) ||
		    (rc = jin_str(c, "reason", true, &reason)))
			return api_fail(c, rc);
	}
	rc = accept ? revision_accept(c->st, c->a, is_ach, c->ids[0], c->who.user_id, &r, &c->fe)
	            : revision_reject(c->st, c->a, is_ach, c->ids[0], c->who.user_id, reason, &r, &c->fe);
	if (rc)
		return api_fail(c, rc);
	api_audit(c, accept ? "revision_accept" : "revision_reject", res, c->ids[0], "allow",
	          arena_printf(c->a, "revision %lld", (long long)r.id));
	if (is_ach) {
		if ((rc = catalog_ach_get(c->st, c->a, c->ids[0], &a)))
			return api_fail(c, rc);
		if (accept)
			docking_changed_achievement(c->app->index, &a);
		api_json(c, 200, json_pack("{s:o,s:o}", "achievement", achievement_json(&a),
		                           "revision", revision_json(&r)));
	} else {
		if ((rc = catalog_dem_get(c->st, c->a, c->ids[0], &d)))
			return api_fail(c, rc);
		if (accept)
			docking_changed_demand(c->app->index, &d);
		api_json(c, 200, json_pack("{s:o,s:o}", "demand", demand_json(&d),
		                           "revision", revision_json(&r)));
	}
}

static void ach_accept(struct api_ctx *c) { decide(c, true, true); }
static void ach_reject(struct api_ctx *c) { decide(c, true, false); }
static void dem_accept(struct api_ctx *c) { decide(c, false, true); }
static void dem_reject(struct api_ctx *c) { decide(c, false, false); }

const struct api_route api_revision_routes[] = {
	{ "GET", "/api/revisions", list_revisions,
	  { .en = "Pending revisions of published listings", .zh = "已发布条目的待审修改",
	    .access = "revision:publish", .query = "status,limit:integer,kind", .ok = "200:[#Revision" } },
	{ "POST", "/api/achievements/{id}/revision/accept", ach_accept,
	  { .en = "Accept an achievement's pending revision", .zh = "通过成果的待审修改",
	    .access = "achievement:publish", .body = "reason:string!", .errors = "409",
	    .ok = "200" } },
	{ "POST", "/api/achievements/{id}/revision/reject", ach_reject,
	  { .en = "Reject an achievement's pending revision", .zh = "驳回成果的待审修改",
	    .access = "achievement:publish", .body = "reason:string!", .errors = "409",
	    .ok = "200" } },
	{ "POST", "/api/demands/{id}/revision/accept", dem_accept,
	  { .en = "Accept a demand's pending revision", .zh = "通过需求的待审修改",
	    .access = "demand:publish", .body = "reason:string!", .errors = "409", .ok = "200" } },
	{ "POST", "/api/demands/{id}/revision/reject", dem_reject,
	  { .en = "Reject a demand's pending revision", .zh = "驳回需求的待审修改",
	    .access = "demand:publish", .body = "reason:string!", .errors = "409", .ok = "200" } },
	{ NULL, NULL, NULL, { 0 } },
};

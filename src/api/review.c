/* review.c - the reviewer's workbench beyond one item at a time (issue #18):
 * POST /api/review/batch publishes or returns several submitted achievements
 * and demands with one reason, each item in its own domain transaction (one
 * stale or forbidden item does not undo the others; the answer lists every
 * item as ok or failed with the reason), and
 * GET /api/{achievements,demands}/{id}/history gives an item's revisions and
 * its audit trail for the review view. */
#include "api/api.h"
#include "domain/account_ops.h"
#include "domain/catalog_ops.h"
#include "core/log.h"
#include "domain/revision.h"
#include "core/util.h"
#include <string.h>

/* A page of the queue is 20 items; 100 leaves room for "select all" on a
 * longer page while bounding the work of one request. */
#define BATCH_MAX 100
#define HISTORY_MAX 100

/* The failure of one item as the single request would have answered it. */
static json_t *item_failure(struct api_ctx *c, const char *kind, int64_t id, int rc)
{
	int status = api_status_for(rc);
	const char *msg, *field = c->fe.field[0] ? c->fe.field : NULL;
	if (status == 500) {
		tb_error("review batch: %s %lld failed: %s", kind, (long long)id, tb_strerror(rc));
		msg = "internal error";
		field = NULL;
	} else if (rc == TB_EINVAL && field) {
		msg = arena_printf(c->a, "%s: %s", c->fe.field, c->fe.message);
	} else {
		msg = c->fe.message[0] ? c->fe.message : tb_strerror(rc);
	}
	return json_pack("{s:s,s:I,s:b,s:i,s:s,s:o}", "kind", kind, "id", (json_int_t)id, "ok", 0,
	                 "code", status, "error", msg, "field", jstr(field));
}

/* Reads items[i] = {"kind","id","expected_status"?}; c->fe names items[i].x. */
static int read_item(struct api_ctx *c, json_t *it, size_t i, bool *is_ach, int64_t *id,
                     const char **seen)
{
	json_t *k = json_is_object(it) ? json_object_get(it, "kind") : NULL;
	json_t *v = json_is_object(it) ? json_object_get(it, "id") : NULL;
	json_t *s = json_is_object(it) ? json_object_get(it, "expected_status") : NULL;
	const char *key = "kind";

	if (!json_is_object(it)) {
		key = "";
		goto bad;
	}
	if (!json_is_string(k) || (strcmp(json_string_value(k), "achievement") &&
	                           strcmp(json_string_value(k), "demand")))
		goto bad;
	*is_ach = !strcmp(json_string_value(k), "achievement");
	key = "id";
	if (!json_is_integer(v) || json_integer_value(v) < 1)
		goto bad;
	*id = json_integer_value(v);
	key = "expected_status";
	if (s && !json_is_null(s) && !json_is_string(s))
		goto bad;
	*seen = json_is_string(s) ? json_string_value(s) : NULL;
	return TB_OK;
bad:
	snprintf(c->fe.field, sizeof(c->fe.field), "items[%zu]%s%s", i, key[0] ? "." : "", key);
	{
		char f[sizeof(c->fe.field)];
		snprintf(f, sizeof(f), "%s", c->fe.field);
		if (!key[0])
			TB_FE_S(&c->fe, f, "shape_object", "{kind, id, expected_status}");
		else if (!strcmp(key, "kind"))
			TB_FE_S(&c->fe, f, "one_of", "achievement or demand");
		else
			TB_FE(&c->fe, f, !strcmp(key, "id") ? "positive_int" : "not_string");
	}
	return TB_EINVAL;
}

/* POST /api/review/batch {"action":"publish"|"return","reason"?,"items":[...]}.
 * The whole body is checked first (a bad one is a 400 naming the field and
 * nothing changes); then every item is decided on its own. */
static void batch(struct api_ctx *c)
{
	static const char *const keys[] = { "action", "reason", "items", NULL };
	const char *action = NULL, *reason = NULL;
	json_t *items, *results;
	size_t n, i;
	int rc, ok = 0;

	if ((rc = api_body_keys(c, keys)) ||
	    (rc = jin_str(c, "action", true, &action)) || (rc = jin_str(c, "reason", false, &reason)))
		return api_fail(c, rc);
	if (strcmp(action, "publish") && strcmp(action, "return"))
		return TB_FE_S(&c->fe, "action", "one_of", "publish or return"),
		       api_fail(c, TB_EINVAL);
	/* Only roles that may take this decision somewhere get further; the
	 * organisation of each item is checked per item. */
	if (!api_role_may(c->who.role, "achievement", action) &&
	    !api_role_may(c->who.role, "demand", action)) {
		api_audit(c, action, "review_batch", 0, "deny", NULL);
		return api_error(c, c->who.user_id > 0 ? 403 : 401,
		                 c->who.user_id > 0 ? "not allowed for your role or organisation"
		                                    : "login required", NULL);
	}
	if (strcmp(action, "return"))
		reason = NULL;
	else if (!reason)
		return TB_FE(&c->fe, "reason", "reason_required"),
		       api_fail(c, TB_EINVAL);
	if (reason && catalog_check_reason(reason, &c->fe))
		return api_fail(c, TB_EINVAL);
	items = json_object_get(c->body, "items");
	if (!json_is_array(items) || !(n = json_array_size(items)) || n > BATCH_MAX)
		return tb_fe_code(&c->fe, "items", "list_size", 1, 100, "items", NULL),
		       api_fail(c, TB_EINVAL);
	for (i = 0; i < n; i++) {
		bool is_ach;
		int64_t id;
		const char *seen;
		if ((rc = read_item(c, json_array_get(items, i), i, &is_ach, &id, &seen)))
			return api_fail(c, rc);
	}
	results = json_array();
	for (i = 0; i < n; i++) {
		bool is_ach = false;
		int64_t id = 0;
		const char *seen = NULL, *status = NULL;
		read_item(c, json_array_get(items, i), i, &is_ach, &id, &seen);
		const char *kind = is_ach ? "achievement" : "demand";
		rc = api_catalog_decide(c, is_ach, id, action, reason, seen, &status);
		if (rc) {
			json_array_append_new(results, item_failure(c, kind, id, rc));
			continue;
		}
		ok++;
		json_array_append_new(results, json_pack("{s:s,s:I,s:b,s:s}", "kind", kind, "id",
		                                         (json_int_t)id, "ok", 1, "status", status));
	}
	memset(&c->fe, 0, sizeof(c->fe));
	api_json(c, 200, json_pack("{s:s,s:i,s:i,s:o}", "action", action, "ok", ok, "failed",
	                           (int)n - ok, "results", results));
}

/* GET /api/{achievements,demands}/{id}/history: the item's revisions (any
 * status) and its audit trail, newest first. Those who may read the item's
 * drafts see it: its own organisation and the reviewers. Reviewers see who
 * acted (e-mail) and refused attempts; the organisation sees roles and what
 * was done. */
static void history(struct api_ctx *c, bool is_ach)
{
	const char *res = is_ach ? "achievement" : "demand";
	struct achievement a;
	struct demand d;
	struct revision *revs;
	struct audit_entry *rows;
	struct audit_query q;
	int64_t owner, total;
	int n, nrows, rc;
	bool staff;
	json_t *rj, *aj;

	if ((rc = is_ach ? catalog_ach_get(c->st, c->a, c->ids[0], &a)
	                 : catalog_dem_get(c->st, c->a, c->ids[0], &d)))
		return api_fail(c, rc);
	owner = is_ach ? a.owner_org_id : d.org_id;
	if (!api_allow(c, res, "read_draft", owner))
		return;
	staff = api_may(c, res, "publish", owner);
	if ((rc = revision_history(c->st, c->a, is_ach, c->ids[0], HISTORY_MAX, &revs, &n)))
		return api_fail(c, rc);
	memset(&q, 0, sizeof(q));
	q.resource = res;
	q.resource_id = c->ids[0];
	q.limit = HISTORY_MAX;
	if ((rc = audit_list(c->st, c->a, &q, &rows, &nrows, &total)))
		return api_fail(c, rc);
	rj = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(rj, revision_json(&revs[i]));
	aj = json_array();
	for (int i = 0; i < nrows; i++) {
		const struct audit_entry *e = &rows[i];
		if (!staff && e->outcome && !strcmp(e->outcome, "deny"))
			continue;
		json_array_append_new(aj, json_pack("{s:I,s:o,s:o,s:o,s:o,s:o,s:o}", "id",
		                                    (json_int_t)e->id, "at", jstr(e->at), "role",
		                                    jstr(e->role), "email", jstr(staff ? e->email : NULL),
		                                    "action", jstr(e->action), "outcome",
		                                    jstr(e->outcome), "detail",
		                                    jstr(staff ? e->detail : NULL)));
	}
	api_json(c, 200, json_pack("{s:s,s:I,s:s,s:o,s:o,s:o}", "kind", res, "id",
	                           (json_int_t)c->ids[0], "status", is_ach ? a.status : d.status,
	                           "review_note", jstr(is_ach ? a.review_note : d.review_note),
	                           "revisions", rj, "audit", aj));
}

static void ach_history(struct api_ctx *c) { history(c, true); }
static void dem_history(struct api_ctx *c) { history(c, false); }

const struct api_route api_review_routes[] = {
	{ "POST", "/api/review/batch", batch,
	  { .en = "Publish or return several submitted items; one result per item", .zh = "批量发布或退回待审条目，逐条返回结果", .access = "achievement:publish", .body = "action:string!,items:array!,note:string", .ok = "200" } },
	{ "GET", "/api/achievements/{id}/history", ach_history,
	  { .en = "An achievement's revisions and audit trail", .zh = "成果的修订与审计记录", .access = "achievement:read_draft", .ok = "200" } },
	{ "GET", "/api/demands/{id}/history", dem_history,
	  { .en = "A demand's revisions and audit trail", .zh = "需求的修订与审计记录", .access = "demand:read_draft", .ok = "200" } },
	{ NULL, NULL, NULL, { 0 } },
};

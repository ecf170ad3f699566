/* audit.c - /api/audit (admin: filters and pagination) and /api/audit.csv
 * (the same filters, streamed as CSV). The log holds ids, roles and outcomes,
 * never passwords or tokens. */
#include "api/api.h"
#include "domain/account_ops.h"
#include "core/csv.h"
#include "core/util.h"
#include <stdlib.h>
#include <string.h>

static int read_filters(struct api_ctx *c, struct audit_query *q)
{
	int rc;
	memset(q, 0, sizeof(*q));
	if ((rc = qs_int(c, "user", 1, INT64_MAX, 0, &q->user_id)))
		return rc;
	q->action = qs_str(c, "action");
	q->resource = qs_str(c, "resource");
	q->outcome = qs_str(c, "outcome");
	q->since = qs_str(c, "since");
	q->until = qs_str(c, "until");
	return audit_query_check(q, &c->fe);
}

static json_t *entry_json(const struct audit_entry *e)
{
	return json_pack("{s:I,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o}", "id", (json_int_t)e->id,
	                 "at", jstr(e->at),
	                 "user_id", e->user_id > 0 ? json_integer(e->user_id) : json_null(),
	                 "email", jstr(e->email), "role", jstr(e->role), "action", jstr(e->action),
	                 "resource", jstr(e->resource),
	                 "resource_id", e->resource_id > 0 ? json_integer(e->resource_id) : json_null(),
	                 "outcome", jstr(e->outcome), "client_ip", jstr(e->client_ip),
	                 "detail", jstr(e->detail));
}

static void list_audit(struct api_ctx *c)
{
	struct audit_query q;
	struct audit_entry *rows;
	int64_t total;
	int n, rc;
	json_t *items;

	if ((rc = read_filters(c, &q)) ||
	    (rc = qs_page(c, 500, 50, INT32_MAX, &q.limit, &q.offset)))
		return api_fail(c, rc);
	if (!api_allow(c, "audit", "read", 0))
		return;
	if ((rc = audit_list(c->st, c->a, &q, &rows, &n, &total)))
		return api_fail(c, rc);
	items = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(items, entry_json(&rows[i]));
	api_json(c, 200, json_pack("{s:o,s:I,s:i,s:i}", "items", items, "total", (json_int_t)total,
	                           "limit", q.limit, "offset", q.offset));
}

static void export_audit(struct api_ctx *c)
{
	struct audit_query q;
	int rc;
	if ((rc = read_filters(c, &q)))
		return api_fail(c, rc);
	if (!api_allow(c, "audit", "export", 0))
		return;
	buf_reset(&c->resp->body);
	buf_adds(&c->resp->body, AUDIT_CSV_HEADER);
	if ((rc = audit_each(c->st, &q, audit_csv_row, &c->resp->body)))
		return api_fail(c, rc);
	c->resp->status = 200;
	c->resp->content_type = "text/csv; charset=utf-8";
	http_resp_header(c->resp, "Content-Disposition", "attachment; filename=\"audit.csv\"");
	c->answered = 1;
}

const struct api_route api_audit_routes[] = {
	{ "GET", "/api/audit", list_audit,
	  { .en = "List audit log", .zh = "审计日志列表", .access = "audit:read",
	    .query = "limit:integer,offset:integer,user:integer,action,resource,outcome,since,"
	             "until", .ok = "200" } },
	{ "GET", "/api/audit.csv", export_audit,
	  { .en = "Export the audit log as CSV", .zh = "导出审计日志（CSV）", .access = "audit:export",
	    .query = "user:integer,action,resource,outcome,since,until", .ok = "200", .media = "text/csv" } },
	{ NULL, NULL, NULL, { 0 } },
};

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
	if (q->since && !parse_date(q->since, NULL, NULL, NULL) && strlen(q->since) != 20)
		return TB_FE(&c->fe, "since", "date_or_time"), TB_EINVAL;
	if (q->until && !parse_date(q->until, NULL, NULL, NULL) && strlen(q->until) != 20)
		return TB_FE(&c->fe, "until", "date_or_time"), TB_EINVAL;
	return TB_OK;
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
	int64_t v, total;
	int n, rc;
	json_t *items;

	if ((rc = read_filters(c, &q)) || (rc = qs_int(c, "limit", 1, 500, 50, &v)))
		return api_fail(c, rc);
	q.limit = (int)v;
	if ((rc = qs_int(c, "offset", 0, INT32_MAX, 0, &v)))
		return api_fail(c, rc);
	q.offset = (int)v;
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

static int csv_row(void *ctx, const struct audit_entry *e)
{
	struct buf *b = ctx;
	int rc = 0;
	rc |= buf_printf(b, "%lld,", (long long)e->id);
	rc |= csv_cell(b, e->at);
	rc |= buf_printf(b, e->user_id > 0 ? ",%lld," : ",,", (long long)e->user_id);
	rc |= csv_cell(b, e->email);
	rc |= buf_addc(b, ',');
	rc |= csv_cell(b, e->role);
	rc |= buf_addc(b, ',');
	rc |= csv_cell(b, e->action);
	rc |= buf_addc(b, ',');
	rc |= csv_cell(b, e->resource);
	rc |= buf_printf(b, e->resource_id > 0 ? ",%lld," : ",,", (long long)e->resource_id);
	rc |= csv_cell(b, e->outcome);
	rc |= buf_addc(b, ',');
	rc |= csv_cell(b, e->client_ip);
	rc |= buf_addc(b, ',');
	rc |= csv_cell(b, e->detail);
	rc |= buf_adds(b, "\r\n");
	return rc ? TB_ETOOBIG : TB_OK;
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
	buf_adds(&c->resp->body, "id,at,user_id,email,role,action,resource,resource_id,outcome,client_ip,detail\r\n");
	if ((rc = audit_each(c->st, &q, csv_row, &c->resp->body)))
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
	    .query = "user:integer,action,resource,outcome,since,until", .ok = "200" } },
	{ NULL, NULL, NULL, { 0 } },
};

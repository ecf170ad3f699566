/* bookings.c - booking an instrument and what follows: POST
 * /api/instruments/{id}/bookings (rules, approval, waitlist; an overlap is 409
 * naming "start"), listing, the owner's approval queue, approve / reject /
 * cancel / accept, usage with fees, and the monthly statement CSV. Until
 * accounts exist the booker is an organisation id plus a name/email in the
 * body; api_allow("booking", ...) lets the accounts policy govern it. */
#include "api/api.h"
#include "domain/instrument_ops.h"
#include "domain/booking.h"
#include "domain/catalog.h"
#include "domain/instrument.h"
#include "core/util.h"
#include <string.h>

json_t *booking_json(const struct booking *b)
{
	json_t *o = json_pack(
		"{s:I,s:I,s:o,s:o,s:I,s:o,s:o,s:o,s:o,s:o,s:o,s:i,s:s,s:s,s:s,s:o,s:o,s:o,s:o,"
		"s:{s:I,s:o,s:o}}",
		"id", (json_int_t)b->id, "instrument_id", (json_int_t)b->instrument_id,
		"instrument", jstr(b->instrument_name ? b->instrument_name : b->instrument_name_en),
		"instrument_en", jstr(b->instrument_name_en),
		"org_id", (json_int_t)b->org_id, "org", jstr(b->org_name),
		"booker_name", jstr(b->booker_name), "booker_email", jstr(b->booker_email),
		"user_class", jstr(b->user_class), "service", jstr(b->service),
		"purpose", jstr(b->purpose), "samples", b->samples, "start", b->start_at,
		"end", b->end_at, "status", b->status, "note", jstr(b->note),
		"offer_expires", jstr(b->offer_expires), "created_at", jstr(b->created_at),
		"updated_at", jstr(b->updated_at),
		"owner", "id", (json_int_t)b->owner_org_id, "name", jstr(b->owner_org_name),
		"category", jstr(b->category));
	json_object_set_new(o, "booked_by", b->booked_by > 0 ? json_integer(b->booked_by) : json_null());
	if (b->used_start)
		json_object_set_new(o, "usage", json_pack("{s:s,s:o,s:i,s:f,s:s,s:f,s:f,s:f}",
		                                          "actual_start", b->used_start,
		                                          "actual_end", jstr(b->used_end),
		                                          "samples", b->used_samples,
		                                          "used_hours", b->used_hours,
		                                          "unit", b->fee_unit ? b->fee_unit : "hour",
		                                          "billed_quantity", b->billed_qty,
		                                          "rate", b->rate, "fee", b->fee));
	return o;
}

static int jin_flag(struct api_ctx *c, const char *key, int *out)
{
	json_t *v = json_object_get(c->body, key);
	if (!v)
		return TB_OK;
	if (!json_is_boolean(v))
		return TB_FE(&c->fe, key, "not_boolean"), TB_EINVAL;
	*out = json_is_true(v);
	return TB_OK;
}

static void create_booking(struct api_ctx *c)
{
	static const char *const keys[] = { "org_id", "booker_name", "booker_email", "service",
	                                    "purpose", "samples", "start", "end", "waitlist", NULL };
	struct booking_request r;
	struct booking b;
	int64_t samples = 0;
	int rc;

	memset(&r, 0, sizeof(r));
	r.instrument_id = c->ids[0];
	if ((rc = api_body_keys(c, keys)) ||
	    (rc = jin_int(c, "org_id", true, 1, INT64_MAX, &r.org_id)) ||
	    (rc = jin_str(c, "booker_name", false, &r.booker_name)) ||
	    (rc = jin_str(c, "booker_email", false, &r.booker_email)) ||
	    (rc = jin_str(c, "service", false, &r.service)) ||
	    (rc = jin_str(c, "purpose", false, &r.purpose)) ||
	    (rc = jin_int(c, "samples", false, 0, 100000, &samples)) ||
	    (rc = jin_str(c, "start", true, &r.start)) || (rc = jin_str(c, "end", true, &r.end)) ||
	    (rc = jin_flag(c, "waitlist", &r.waitlist)))
		return api_fail(c, rc);
	r.samples = (int)samples;
	r.booked_by = c->who.user_id;
	if (!api_allow(c, "booking", "create", r.org_id))
		return;
	rc = booking_request_make(c->st, c->a, &r, tb_now_local(), &b, &c->fe);
	if (rc == TB_ENOTFOUND && !strcmp(c->fe.field, "instrument"))
		return TB_FE_S(&c->fe, "", "no_such", "instrument"), api_error_fe(c, 404, &c->fe);
	if (rc)
		return api_fail(c, rc);
	api_json(c, 201, booking_json(&b));
}

static int read_booking_query(struct api_ctx *c, struct booking_query *q)
{
	int rc;
	const char *f = qs_str(c, "from"), *t = qs_str(c, "to");
	int64_t tf;
	char buf[32];

	memset(q, 0, sizeof(*q));
	q->status = qs_str(c, "status");
	if (q->status && !name_in(booking_statuses, q->status))
		return TB_FE(&c->fe, "status", "unknown_status"), TB_EINVAL;
	if ((rc = qs_int(c, "org", 1, INT64_MAX, 0, &q->org_id)) ||
	    (rc = qs_int(c, "instrument", 1, INT64_MAX, 0, &q->instrument_id)) ||
	    (rc = qs_int(c, "owner_org", 1, INT64_MAX, 0, &q->owner_org_id)))
		return rc;
	if (f) {
		if (!tb_time_parse(f, &tf) && !tb_date_local(f, &tf))
			return TB_FE(&c->fe, "from", "time_format"), TB_EINVAL;
		tb_time_fmt(tf, buf);
		q->from = arena_strdup(c->a, buf);
	}
	if (t) {
		if (!tb_time_parse(t, &tf) && !tb_date_local(t, &tf))
			return TB_FE(&c->fe, "to", "time_format"), TB_EINVAL;
		tb_time_fmt(tf, buf);
		q->to = arena_strdup(c->a, buf);
	}
	if ((rc = qs_page(c, 500, 50, 10000000, &q->limit, &q->offset)))
		return rc;
	return TB_OK;
}

static void answer_list(struct api_ctx *c, const struct booking_query *q)
{
	struct booking *rows;
	int n, rc;
	int64_t total;
	json_t *items;
	if ((rc = booking_list(c->st, c->a, q, &rows, &n, &total)))
		return api_fail(c, rc);
	items = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(items, booking_json(&rows[i]));
	api_json(c, 200, json_pack("{s:o,s:I,s:i,s:i}", "items", items, "total", (json_int_t)total,
	                           "limit", q->limit, "offset", q->offset));
}

static void list_bookings(struct api_ctx *c)
{
	struct booking_query q;
	int rc;
	if ((rc = read_booking_query(c, &q)))
		return api_fail(c, rc);
	/* Reading an organisation's bookings; owners read theirs through owner_org. */
	if (!api_allow(c, "booking", "read", q.org_id ? q.org_id : q.owner_org_id))
		return;
	answer_list(c, &q);
}

/* The approval queue: pending requests on instruments of owner_org. */
static void pending_bookings(struct api_ctx *c)
{
	struct booking_query q;
	int rc;
	if ((rc = read_booking_query(c, &q)))
		return api_fail(c, rc);
	q.status = "pending";
	if (!api_allow(c, "booking", "approve", q.owner_org_id))
		return;
	answer_list(c, &q);
}

static void get_booking(struct api_ctx *c)
{
	struct booking b;
	int rc;
	if ((rc = booking_get(c->st, c->a, c->ids[0], &b)))
		return api_fail(c, rc);
	if (!api_allow(c, "booking", "read", b.org_id))
		return;
	api_json(c, 200, booking_json(&b));
}

/* approve/reject are the instrument owner's; cancel/accept the booker's. */
static void act(struct api_ctx *c, const char *action)
{
	static const char *const keys[] = { "note", NULL };
	struct booking b;
	const char *note = NULL;
	int64_t who;
	int rc;

	if (c->req->body_len && ((rc = api_body_keys(c, keys)) ||
	                         (rc = jin_str(c, "note", false, &note))))
		return api_fail(c, rc);
	if ((rc = booking_get(c->st, c->a, c->ids[0], &b)))
		return api_fail(c, rc);
	who = (!strcmp(action, "approve") || !strcmp(action, "reject")) ? b.owner_org_id : b.org_id;
	if (!api_allow(c, "booking", action, who))
		return;
	{
		struct booking_actor actor = { c->who.user_id, c->who.org_id, c->who.role, c->who.email };
		if ((rc = booking_act(c->st, c->a, b.id, action, &actor, note, tb_now_local(), &b, &c->fe))) {
			if (rc == TB_EPERM)
				api_audit(c, action, "booking", b.id, "deny", c->fe.message);
			return api_fail(c, rc);
		}
	}
	api_json(c, 200, booking_json(&b));
}

static void approve_booking(struct api_ctx *c) { act(c, "approve"); }
static void reject_booking(struct api_ctx *c) { act(c, "reject"); }
static void cancel_booking(struct api_ctx *c) { act(c, "cancel"); }
static void accept_booking(struct api_ctx *c) { act(c, "accept"); }

static void record_usage(struct api_ctx *c)
{
	static const char *const keys[] = { "actual_start", "actual_end", "samples", NULL };
	struct booking b;
	const char *as = NULL, *ae = NULL;
	int64_t samples = 0;
	int rc;

	if ((rc = api_body_keys(c, keys)) ||
	    (rc = jin_str(c, "actual_start", false, &as)) || (rc = jin_str(c, "actual_end", false, &ae)) ||
	    (rc = jin_int(c, "samples", false, 0, 100000, &samples)))
		return api_fail(c, rc);
	if ((rc = booking_get(c->st, c->a, c->ids[0], &b)))
		return api_fail(c, rc);
	/* The owner's staff record what was used. */
	if (!api_allow(c, "booking", "usage", b.owner_org_id))
		return;
	if ((rc = booking_record_use(c->st, c->a, b.id, as, ae, (int)samples, &b, &c->fe)))
		return api_fail(c, rc);
	api_json(c, 200, booking_json(&b));
}

static void statement_csv(struct api_ctx *c)
{
	int64_t org;
	int rc;
	const char *month = qs_str(c, "month");
	if ((rc = qs_int(c, "org", 1, INT64_MAX, 0, &org)))
		return api_fail(c, rc);
	if (!org)
		return TB_FE(&c->fe, "org", "field_required"), api_fail(c, TB_EINVAL);
	if (!month)
		return TB_FE(&c->fe, "month", "month_required"), api_fail(c, TB_EINVAL);
	if (!api_allow(c, "statement", "read", org))
		return;
	buf_reset(&c->resp->body);
	/* A UTF-8 BOM first, as every CSV we send: without it Excel reads the
	 * Chinese names (东北大学) as GBK and shows mojibake. */
	if ((rc = buf_adds(&c->resp->body, "\xEF\xBB\xBF")) ||
	    (rc = booking_statement_csv(c->st, c->a, org, month, &c->resp->body, &c->fe))) {
		buf_reset(&c->resp->body);
		return api_fail(c, rc);
	}
	c->resp->status = 200;
	c->resp->content_type = "text/csv; charset=utf-8";
	http_resp_header(c->resp, "Content-Disposition",
	                 arena_printf(c->a, "attachment; filename=\"statement-%lld-%s.csv\"",
	                              (long long)org, month));
	c->answered = 1;
}

const struct api_route api_booking_routes[] = {
	{ "POST", "/api/instruments/{id}/bookings", create_booking,
	  { .en = "Book an instrument", .zh = "预约仪器", .access = "booking:create",
	    .body = "org_id:integer!,booker_name:string,booker_email:string,service:string,"
	             "purpose:string,samples:integer,start:string!,end:string!", .ok = "201:#Booking" } },
	{ "GET", "/api/bookings", list_bookings,
	  { .en = "List bookings", .zh = "预约列表", .access = "booking:read",
	    .query = "from,to,status,org:integer,instrument:integer,owner_org:integer,"
	             "limit:integer,offset:integer", .ok = "200:[#Booking" } },
	{ "GET", "/api/bookings/pending", pending_bookings,
	  { .en = "Bookings waiting for approval", .zh = "待审批的预约", .access = "booking:approve",
	    .query = "from,to,status,org:integer,instrument:integer,owner_org:integer,"
	             "limit:integer,offset:integer", .ok = "200:[#Booking" } },
	{ "GET", "/api/bookings/{id}", get_booking,
	  { .en = "Get one booking", .zh = "查看预约", .access = "booking:read",
	    .ok = "200:#Booking" } },
	{ "POST", "/api/bookings/{id}/approve", approve_booking,
	  { .en = "Approve a booking", .zh = "批准预约", .access = "booking:approve",
	    .body = "note:string", .errors = "409", .ok = "200:#Booking" } },
	{ "POST", "/api/bookings/{id}/reject", reject_booking,
	  { .en = "Reject a booking", .zh = "驳回预约", .access = "booking:reject",
	    .body = "note:string", .errors = "409", .ok = "200:#Booking" } },
	{ "POST", "/api/bookings/{id}/cancel", cancel_booking,
	  { .en = "Cancel a booking", .zh = "取消预约", .access = "booking:cancel",
	    .body = "note:string", .errors = "409", .ok = "200:#Booking" } },
	{ "POST", "/api/bookings/{id}/accept", accept_booking,
	  { .en = "Accept a proposed booking time", .zh = "接受预约的改期时间", .access = "booking:accept",
	    .body = "note:string", .errors = "409", .ok = "200:#Booking" } },
	{ "POST", "/api/bookings/{id}/usage", record_usage,
	  { .en = "Record the use of a booking", .zh = "登记预约的实际使用", .access = "booking:usage",
	    .body = "actual_start:string,actual_end:string,samples:integer", .ok = "200:#Booking" } },
	{ "GET", "/api/statements.csv", statement_csv,
	  { .en = "Monthly fee statement of an organisation (CSV)", .zh = "机构月度费用结算单（CSV）",
	    .access = "statement:read", .query = "month,org:integer", .ok = "200", .media = "text/csv" } },
	{ NULL, NULL, NULL, { 0 } },
};

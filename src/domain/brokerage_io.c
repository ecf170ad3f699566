/* brokerage_io.c - the API's and the CLI's way to the brokerage records in
 * the store (see brokerage.h): thin pass-throughs, so that api/ and cli/ never
 * include store headers (issue #11: domain is the only writer). */
#include "domain/brokerage.h"
#include "store/store.h"
#include "core/buf.h"
#include "core/csv.h"

int brokerage_broker_put(struct store *st, const struct broker *b)
{
	return store_broker_put(st, b);
}

int brokerage_broker_get(struct store *st, struct arena *a, int64_t user_id, struct broker *out)
{
	return store_broker_get(st, a, user_id, out);
}

int brokerage_broker_list(struct store *st, struct arena *a, const struct broker_query *q,
			  struct broker **out, int *n, int64_t *total)
{
	return store_broker_list(st, a, q, out, n, total);
}

int brokerage_rep_request(struct store *st, int64_t user_id, int64_t org_id, const char *scope)
{
	return store_rep_request(st, user_id, org_id, scope);
}

int brokerage_rep_get(struct store *st, struct arena *a, int64_t user_id, int64_t org_id,
		      struct representation *out)
{
	return store_rep_get(st, a, user_id, org_id, out);
}

int brokerage_rep_decide(struct store *st, int64_t user_id, int64_t org_id, const char *from,
			 const char *to, int64_t by, const char *note)
{
	return store_rep_decide(st, user_id, org_id, from, to, by, note);
}

int brokerage_rep_list(struct store *st, struct arena *a, int64_t user_id, int64_t org_id,
		       const char *status, struct representation **out, int *n)
{
	return store_rep_list(st, a, user_id, org_id, status, out, n);
}

int brokerage_case_get(struct store *st, struct arena *a, int64_t id, struct dcase *out)
{
	return store_case_get(st, a, id, out);
}

int brokerage_case_list(struct store *st, struct arena *a, const struct case_query *q,
			struct dcase **out, int *n, int64_t *total)
{
	return store_case_list(st, a, q, out, n, total);
}

int brokerage_case_steps(struct store *st, struct arena *a, int64_t case_id, struct case_step **out,
			 int *n)
{
	return store_case_steps(st, a, case_id, out, n);
}

int brokerage_contact_list(struct store *st, struct arena *a, int64_t to_org, int64_t from_user,
			   const char *status, struct contact_request **out, int *n)
{
	return store_contact_list(st, a, to_org, from_user, status, out, n);
}

int brokerage_fb_summary(struct store *st, struct arena *a, bool is_ach, int64_t listing_id,
			 struct feedback_count **out, int *n)
{
	return store_fb_summary(st, a, is_ach, listing_id, out, n);
}

int brokerage_event_insert(struct store *st, struct event *e)
{
	return store_event_insert(st, e);
}

int brokerage_event_get(struct store *st, struct arena *a, int64_t id, struct event *out)
{
	return store_event_get(st, a, id, out);
}

int brokerage_event_list(struct store *st, struct arena *a, const char *since, const char *until,
			 const char *kind, int limit, struct event **out, int *n)
{
	return store_event_list(st, a, since, until, kind, limit, out, n);
}

int brokerage_event_register(struct store *st, struct event_attendee *at)
{
	return store_event_register(st, at);
}

int brokerage_event_checkin(struct store *st, int64_t event_id, int64_t attendee_id)
{
	return store_event_checkin(st, event_id, attendee_id);
}

int brokerage_event_attendees(struct store *st, struct arena *a, int64_t event_id,
			      struct event_attendee **out, int *n)
{
	return store_event_attendees(st, a, event_id, out, n);
}

void brokerage_attendees_csv(struct buf *b, const struct event_attendee *rows, int n)
{
	buf_adds(b, "id,name,organisation,registered_at,checked_in_at\r\n");
	for (int i = 0; i < n; i++) {
		buf_printf(b, "%lld,", (long long)rows[i].id);
		csv_cell(b, rows[i].name);
		buf_addc(b, ',');
		csv_cell(b, rows[i].org_name);
		buf_addc(b, ',');
		csv_cell(b, rows[i].registered_at);
		buf_addc(b, ',');
		csv_cell(b, rows[i].checked_in_at);
		buf_adds(b, "\r\n");
	}
}

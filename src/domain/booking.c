/* booking.c - the booking service (see booking.h): request, approve /
 * reject / cancel / accept with the waitlist, usage and fees, statements and
 * utilisation statistics. Every write runs inside store_begin (BEGIN
 * IMMEDIATE), so the store's overlap probe and insert see a stable table. */
#include "domain/booking.h"
#include "store/store.h"
#include "core/csv.h"
#include "domain/catalog.h"
#include "core/log.h"
#include "core/metrics.h"
#include "core/util.h"
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdbool.h>
#include <string.h>
#include <strings.h>

/* Booking writers of this process queue on a mutex before BEGIN IMMEDIATE.
 * Correctness does not depend on it (the write lock, the probe and the
 * trigger do); it keeps threads of one server from meeting SQLite's busy
 * handler, which sleeps 1 ms and more between retries and halved throughput
 * under contention. Other processes still serialise on the database lock. */
static pthread_mutex_t book_mu = PTHREAD_MUTEX_INITIALIZER;

static int tx_begin(struct store *s)
{
	int rc;
	pthread_mutex_lock(&book_mu);
	if ((rc = store_begin(s)))
		pthread_mutex_unlock(&book_mu);
	return rc;
}

static int tx_end(struct store *s, int rc)
{
	if (rc)
		store_rollback(s);
	else
		rc = store_commit(s);
	if (rc)
		store_rollback(s);
	pthread_mutex_unlock(&book_mu);
	return rc;
}

/* Offers freed slots on one instrument to waitlisted requests in arrival
 * order; each offer holds the slot for offer_hours. */
static int promote_waitlist(struct store *s, struct arena *a, int64_t instrument_id, int64_t now)
{
	struct instrument in;
	char now_s[32], exp_s[32];
	int rc;

	if ((rc = store_instrument_get(s, a, instrument_id, &in)))
		return rc;
	tb_time_fmt(now, now_s);
	tb_time_fmt(now + (int64_t)in.offer_hours * 3600, exp_s);
	for (int i = 0; i < 32; i++) {
		struct booking nx;
		rc = store_booking_next_waitlisted(s, a, instrument_id, now_s, &nx);
		if (rc == TB_ENOTFOUND)
			return TB_OK;
		if (rc)
			return rc;
		if ((rc = store_booking_set_status(s, nx.id, "waitlisted", "offered", NULL, exp_s)))
			return rc;
		tb_info("booking %lld offered a freed slot on instrument %lld", (long long)nx.id,
		        (long long)instrument_id);
	}
	return TB_OK;
}

/* Lazy expiry: offers past their window lapse, and their slots move on. */
static int sweep_offers(struct store *s, struct arena *a, int64_t now)
{
	int64_t ids[64];
	char now_s[32];
	int n = 0, rc;
	tb_time_fmt(now, now_s);
	if ((rc = store_booking_expire_offers(s, now_s, ids, 64, &n)))
		return rc;
	for (int i = 0; i < n; i++)
		if ((rc = promote_waitlist(s, a, ids[i], now)))
			return rc;
	return TB_OK;
}

static bool csv_has(const char *csv, const char *w)
{
	size_t n = strlen(w);
	for (const char *p = csv ? strstr(csv, w) : NULL; p; p = strstr(p + 1, w))
		if ((p == csv || p[-1] == ',') && (p[n] == '\0' || p[n] == ','))
			return true;
	return false;
}

int booking_request_make(struct store *s, struct arena *a, const struct booking_request *r,
                         int64_t now, struct booking *out, struct tb_field_error *fe)
{
	struct instrument in;
	struct org booker;
	struct booking b;
	int64_t start, end;
	char start_s[32], end_s[32];
	int rc;

	if ((rc = store_instrument_get(s, a, r->instrument_id, &in)))
		return rc == TB_ENOTFOUND ? (TB_FE_S(fe, "instrument", "no_such", "instrument"), rc)
		                          : rc;
	if (r->org_id <= 0)
		return TB_FE(fe, "org_id", "field_required"), TB_EINVAL;
	if ((rc = store_org_get(s, a, r->org_id, &booker)))
		return rc == TB_ENOTFOUND ? (TB_FE(fe, "org_id", "no_such_org"),
		                             TB_EINVAL) : rc;
	if (!r->start || !tb_time_parse(r->start, &start))
		return TB_FE_S(fe, "start", "time_example", "2026-12-01T09:00"), TB_EINVAL;
	if (!r->end || !tb_time_parse(r->end, &end))
		return TB_FE_S(fe, "end", "time_example", "2026-12-01T11:00"), TB_EINVAL;
	if (str_empty(r->booker_name) && str_empty(r->booker_email))
		return TB_FE(fe, "booker_email", "booker_required"),
		       TB_EINVAL;
	if (r->booker_email && !strchr(r->booker_email, '@'))
		return TB_FE(fe, "booker_email", "invalid_email"), TB_EINVAL;
	if (r->service && !csv_has(in.services, r->service))
		return TB_FE_S(fe, "service", "service_not_offered", in.services), TB_EINVAL;
	if (r->samples < 0 || r->samples > 100000)
		return TB_FE_NM(fe, "samples", "out_of_range", 0, 100000), TB_EINVAL;
	if ((rc = booking_check(&in, start, end, now, fe)))
		return rc;
	tb_time_fmt(start, start_s);
	tb_time_fmt(end, end_s);
	if (in.training_required) {
		int ok = 0;
		char day[32];
		memcpy(day, start_s, 10);
		day[10] = '\0';
		if (str_empty(r->booker_email))
			return TB_FE(fe, "booker_email", "training_email_required"), TB_EINVAL;
		if ((rc = store_qualification_valid(s, in.id, r->booker_email, day, &ok)))
			return rc;
		if (!ok)
			return TB_FE_S(fe, "booker_email", "no_qualification", day),
			       TB_EPERM;
	}

	memset(&b, 0, sizeof(b));
	b.instrument_id = in.id;
	b.org_id = booker.id;
	b.booked_by = r->booked_by;
	b.booker_name = r->booker_name;
	b.booker_email = r->booker_email;
	b.user_class = user_class_for(booker.id, booker.kind, in.org_id);
	b.service = r->service ? r->service : arena_strndup(a, in.services,
	                                                    strcspn(in.services, ","));
	b.purpose = r->purpose;
	b.samples = r->samples;
	b.start_at = start_s;
	b.end_at = end_s;
	b.status = in.requires_approval ? "pending" : "approved";

	if ((rc = tx_begin(s)))
		return rc;
	if ((rc = sweep_offers(s, a, now)))
		goto out;
	rc = store_booking_create(s, &b);
	if (rc == TB_ECONFLICT && r->waitlist) {
		b.status = "waitlisted";
		rc = store_booking_create(s, &b);
	}
	if (rc == TB_ECONFLICT) {
		tbm_inc(TBM_BOOKING_CONFLICTS);
		TB_FE_ST(fe, "start", "slot_taken", start_s, end_s + 11);
	}
out:
	if ((rc = tx_end(s, rc)))
		return rc;
	return store_booking_get(s, a, b.id, out);
}

/* Approval is a second person's check on the request: the instrument's
 * organisation admins (or admin) decide, and the requester never does. A
 * booking made before requesters were recorded falls back to its email. */
static int may_decide(const struct booking_actor *who, const struct booking *b,
                      const struct instrument *in, struct tb_field_error *fe)
{
	bool own = (b->booked_by > 0 && b->booked_by == who->user_id) ||
	           (b->booked_by <= 0 && who->email && b->booker_email &&
	            !strcasecmp(who->email, b->booker_email));
	if (own)
		return TB_FE(fe, "booking", "own_booking"), TB_EPERM;
	if (who->role && !strcmp(who->role, "admin"))
		return TB_OK;
	if (who->role && !strcmp(who->role, "org_admin") && who->org_id > 0 && who->org_id == in->org_id)
		return TB_OK;
	return TB_FE(fe, "booking", "not_instrument_admin"), TB_EPERM;
}

int booking_act(struct store *s, struct arena *a, int64_t id, const char *action,
                const struct booking_actor *actor, const char *note, int64_t now,
                struct booking *out, struct tb_field_error *fe)
{
	struct booking b;
	struct instrument in;
	const char *to = NULL;
	int64_t start;
	int rc, frees = 0;

	if ((rc = tx_begin(s)))
		return rc;
	if ((rc = sweep_offers(s, a, now)) || (rc = store_booking_get(s, a, id, &b)) ||
	    (rc = store_instrument_get(s, a, b.instrument_id, &in)))
		goto out;
	if (!tb_time_parse(b.start_at, &start)) {
		rc = TB_EDB;
		goto out;
	}
	if (!strcmp(action, "approve") || !strcmp(action, "reject")) {
		if (actor && (rc = may_decide(actor, &b, &in, fe)))
			goto out;
		if (strcmp(b.status, "pending")) {
			TB_FE_ST(fe, "status", "booking_transition", action, b.status);
			rc = TB_ESTATE;
			goto out;
		}
		to = !strcmp(action, "approve") ? "approved" : "rejected";
		frees = !strcmp(to, "rejected");
	} else if (!strcmp(action, "cancel")) {
		if (!booking_status_active(b.status) && strcmp(b.status, "waitlisted")) {
			TB_FE_ST(fe, "status", "booking_transition", "cancel", b.status);
			rc = TB_ESTATE;
			goto out;
		}
		/* The deadline protects the owner's planning; declining an offer or
		 * leaving the waitlist is always possible. */
		if ((!strcmp(b.status, "pending") || !strcmp(b.status, "approved")) &&
		    (rc = booking_check_cancel(&in, start, now, fe)))
			goto out;
		to = "cancelled";
		frees = booking_status_active(b.status);
	} else if (!strcmp(action, "accept")) {
		if (strcmp(b.status, "offered")) {
			TB_FE_ST(fe, "status", "booking_transition", "accept", b.status);
			rc = TB_ESTATE;
			goto out;
		}
		to = in.requires_approval ? "pending" : "approved";
	} else {
		rc = TB_EINVAL;
		TB_FE_S(fe, "action", "one_of", "approve, reject, cancel or accept");
		goto out;
	}
	if ((rc = store_booking_set_status(s, id, b.status, to, note, NULL)))
		goto out;
	if (frees)
		rc = promote_waitlist(s, a, b.instrument_id, now);
out:
	if ((rc = tx_end(s, rc)))
		return rc;
	return store_booking_get(s, a, id, out);
}

int booking_record_use(struct store *s, struct arena *a, int64_t id, const char *actual_start,
                       const char *actual_end, int samples, struct booking *out,
                       struct tb_field_error *fe)
{
	struct booking b;
	struct instrument in;
	int64_t rs, re, us, ue;
	char us_s[32], ue_s[32];
	int rc;

	if ((rc = store_booking_get(s, a, id, &b)) || (rc = store_instrument_get(s, a, b.instrument_id, &in)))
		return rc;
	if (strcmp(b.status, "approved"))
		return TB_FE_ST(fe, "status", "booking_transition", "record usage on", b.status), TB_ESTATE;
	if (!tb_time_parse(b.start_at, &rs) || !tb_time_parse(b.end_at, &re))
		return TB_EDB;
	us = rs;
	ue = re;
	if (actual_start && !tb_time_parse(actual_start, &us))
		return TB_FE(fe, "actual_start", "time_only_format"), TB_EINVAL;
	if (actual_end && !tb_time_parse(actual_end, &ue))
		return TB_FE(fe, "actual_end", "time_only_format"), TB_EINVAL;
	if (ue <= us)
		return TB_FE_S(fe, "actual_end", "must_be_after", "actual_start"), TB_EINVAL;
	if (ue - us > 7 * 86400)
		return TB_FE_N(fe, "actual_end", "use_too_long", 7), TB_EINVAL;
	if (samples < 0 || samples > 100000)
		return TB_FE_NM(fe, "samples", "out_of_range", 0, 100000), TB_EINVAL;
	if (in.fee_unit && !strcmp(in.fee_unit, "sample") && samples <= 0) {
		if (b.samples <= 0)
			return TB_FE(fe, "samples", "samples_required"), TB_EINVAL;
		samples = b.samples;
	}
	tb_time_fmt(us, us_s);
	tb_time_fmt(ue, ue_s);
	b.used_start = us_s;
	b.used_end = ue_s;
	b.used_samples = samples;
	b.used_hours = (double)(ue - us) / 3600.0;
	b.rate = instrument_rate(&in, b.user_class);
	b.fee = booking_fee(&in, b.user_class, rs, re, us, ue, samples, &b.billed_qty);
	if ((rc = tx_begin(s)))
		return rc;
	rc = store_booking_record_usage(s, &b);
	if (rc == TB_ESTATE)
		TB_FE(fe, "status", "changed_meanwhile");
	if ((rc = tx_end(s, rc)))
		return rc;
	return store_booking_get(s, a, id, out);
}

/* "YYYY-MM" -> [first day, first day of next month) as dates. */
static bool month_range(const char *m, char from[16], char to[16])
{
	int y, mo;
	char d[16];
	if (!m || strlen(m) != 7)
		return false;
	snprintf(d, sizeof(d), "%s-01", m);
	if (!parse_date(d, &y, &mo, NULL))
		return false;
	if (y > 9998)
		return false;
	snprintf(from, 16, "%04d-%02d-01", y % 10000, mo % 100);
	if (++mo > 12)
		mo = 1, y++;
	snprintf(to, 16, "%04d-%02d-01", y % 10000, mo % 100);
	return true;
}

int booking_statement_csv(struct store *s, struct arena *a, int64_t org_id, const char *month,
                          struct buf *out, struct tb_field_error *fe)
{
	struct booking_query q;
	struct booking *rows;
	struct org o;
	char from[16], to[16];
	double total = 0;
	int n, rc;
	int64_t count;

	if (!month_range(month, from, to))
		return TB_FE(fe, "month", "invalid_month"), TB_EINVAL;
	if (org_id <= 0)
		return TB_FE(fe, "org", "field_required"), TB_EINVAL;
	if ((rc = store_org_get(s, a, org_id, &o)))
		return rc == TB_ENOTFOUND ? (TB_FE(fe, "org", "no_such_org"),
		                             TB_EINVAL) : rc;
	memset(&q, 0, sizeof(q));
	q.org_id = org_id;
	q.status = "completed";
	q.used_from = from;
	q.used_to = to;
	/* Count first so the arena holds exactly the month's rows. */
	q.limit = 1;
	if ((rc = store_booking_list(s, a, &q, &rows, &n, &count)))
		return rc;
	if (count > 200000)
		return TB_FE_N(fe, "month", "statement_too_big", 200000), TB_ETOOBIG;
	q.limit = count > 0 ? (int)count : 1;
	if ((rc = store_booking_list(s, a, &q, &rows, &n, &count)))
		return rc;
	buf_adds(out, "booking_id,date,instrument_id,instrument,owner,booker,booker_email,"
	              "user_class,service,reserved_start,reserved_end,used_start,used_end,unit,"
	              "quantity,rate,fee\r\n");
	for (int i = 0; i < n; i++) {
		const struct booking *b = &rows[i];
		char date[11];
		memcpy(date, b->used_start, 10);
		date[10] = '\0';
		buf_printf(out, "%lld,%s,%lld,", (long long)b->id, date, (long long)b->instrument_id);
		csv_cell(out, b->instrument_name ? b->instrument_name : b->instrument_name_en);
		buf_addc(out, ',');
		csv_cell(out, b->owner_org_name);
		buf_addc(out, ',');
		csv_cell(out, b->booker_name ? b->booker_name : "");
		buf_addc(out, ',');
		csv_cell(out, b->booker_email ? b->booker_email : "");
		buf_addc(out, ',');
		csv_cell(out, b->user_class);
		buf_addc(out, ',');
		csv_cell(out, b->service); /* named by the instrument owner: text, not ours */
		buf_printf(out, ",%s,%s,%s,%s,%s,%.2f,%.2f,%.2f\r\n", b->start_at, b->end_at,
		           b->used_start, b->used_end ? b->used_end : "", b->fee_unit, b->billed_qty,
		           b->rate, b->fee);
		total += b->fee;
	}
	buf_adds(out, "total,,,,");
	csv_cell(out, o.name);
	rc = buf_printf(out, ",,,,,,,,,,%d,,%.2f\r\n", n, total);
	return rc;
}

/* ------------------------------------------------------------- stats */

static int cmp_util(const void *x, const void *y)
{
	const struct util_row *a = x, *b = y;
	if (a->utilisation != b->utilisation)
		return a->utilisation < b->utilisation ? 1 : -1;
	return a->instrument_id < b->instrument_id ? -1 : a->instrument_id > b->instrument_id;
}

static int cmp_used(const void *x, const void *y)
{
	const struct util_row *a = x, *b = y;
	if (a->used_hours != b->used_hours)
		return a->used_hours < b->used_hours ? 1 : -1;
	return strcmp(a->name, b->name);
}

int instrument_stats(struct store *s, struct arena *a, const char *from, const char *to,
                     struct instr_stats *out, struct tb_field_error *fe)
{
	struct instr_query q;
	struct instrument *ins;
	struct instr_usage *use;
	int64_t f, t, total;
	int n, nu, rc, j = 0, nc = 0;
	char buf[32];

	memset(out, 0, sizeof(*out));
	if (to && !tb_date_local(to, &t))
		return TB_FE(fe, "to", "invalid_date"), TB_EINVAL;
	if (from && !tb_date_local(from, &f))
		return TB_FE(fe, "from", "invalid_date"), TB_EINVAL;
	if (!to) {
		t = tb_now_local();
		t = t - t % 86400 + 86400;
	}
	if (!from)
		f = t - 365 * 86400;
	if (t <= f)
		return TB_FE(fe, "to", "after_from"), TB_EINVAL;
	if (t - f > 3660LL * 86400)
		return TB_FE_N(fe, "from", "span_years", 10), TB_EINVAL;
	tb_time_fmt(f, buf);
	out->from = arena_strndup(a, buf, 10);
	tb_time_fmt(t, buf);
	out->to = arena_strndup(a, buf, 10);

	if ((rc = store_instrument_counts(s, &out->instruments, &out->institutions, &out->kpi_instruments)) ||
	    (rc = store_instrument_revenue(s, out->from, out->to, 0, &out->revenue, &out->uses)) ||
	    (rc = store_instrument_usage(s, a, out->from, out->to, &use, &nu)))
		return rc;
	memset(&q, 0, sizeof(q));
	q.value_min = -1;
	q.limit = 1;
	if ((rc = store_instrument_list(s, a, &q, &ins, &n, &total)))
		return rc;
	if (total > 50000)
		return TB_ETOOBIG;
	q.limit = total > 0 ? (int)total : 1;
	if ((rc = store_instrument_list(s, a, &q, &ins, &n, &total)))
		return rc;
	out->by_instrument = arena_alloc(a, sizeof(struct util_row) * (size_t)(n + 1));
	out->by_category = arena_alloc(a, sizeof(struct util_row) * (size_t)(n + 1));
	if (!out->by_instrument || !out->by_category)
		return TB_ENOMEM;
	for (int i = 0; i < n; i++) {
		struct util_row *r = &out->by_instrument[i], *c = NULL;
		const char *cat = ins[i].category ? ins[i].category : "other";
		r->instrument_id = ins[i].id;
		r->name = ins[i].name_zh ? ins[i].name_zh : ins[i].name_en;
		r->org_name = ins[i].org_name;
		r->instruments = 1;
		/* usage rows and instruments are both in id order: merge */
		while (j < nu && use[j].instrument_id < ins[i].id)
			j++;
		if (j < nu && use[j].instrument_id == ins[i].id) {
			r->used_hours = use[j].used_hours;
			r->fees = use[j].fees;
			r->uses = use[j].uses;
		}
		if (strcmp(ins[i].status, "retired"))
			r->open_hours = instrument_open_hours(&ins[i], f, t);
		r->utilisation = r->open_hours > 0 ? r->used_hours / r->open_hours : 0;
		out->used_hours += r->used_hours;
		out->open_hours += r->open_hours;
		for (int k = 0; k < nc; k++)
			if (!strcmp(out->by_category[k].name, cat))
				c = &out->by_category[k];
		if (!c) {
			c = &out->by_category[nc++];
			c->name = cat;
		}
		c->used_hours += r->used_hours;
		c->open_hours += r->open_hours;
		c->fees += r->fees;
		c->uses += r->uses;
		c->instruments++;
	}
	for (int k = 0; k < nc; k++)
		out->by_category[k].utilisation = out->by_category[k].open_hours > 0
			? out->by_category[k].used_hours / out->by_category[k].open_hours : 0;
	out->utilisation = out->open_hours > 0 ? out->used_hours / out->open_hours : 0;
	qsort(out->by_instrument, (size_t)n, sizeof(struct util_row), cmp_util);
	qsort(out->by_category, (size_t)nc, sizeof(struct util_row), cmp_used);
	out->n_instrument = n;
	out->n_category = nc;
	return TB_OK;
}

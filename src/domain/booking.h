/* booking.h - the booking service: the flows the API and the CLI share.
 * Each runs the rules of domain/instrument.h, then writes through the store
 * in one BEGIN IMMEDIATE transaction so that the overlap probe and the insert
 * are atomic with respect to every other writer. Also: the waitlist (a freed
 * slot is offered to the first waitlisted request that fits), usage and fees,
 * monthly statements as CSV, and utilisation statistics. Authorisation is the
 * caller's job (api_allow before calling). */
#ifndef TB_BOOKING_H
#define TB_BOOKING_H

#include <stdint.h>
#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "domain/instrument.h"
struct store; /* opaque above domain; the operations are store.h's, used in domain only */

struct booking_request {
	int64_t instrument_id;
	int64_t org_id;            /* booking organisation */
	int64_t booked_by;         /* the requesting user; 0 = CLI / import */
	const char *booker_name;
	const char *booker_email;
	const char *service;       /* NULL = the instrument's first service */
	const char *purpose;
	const char *start, *end;   /* ISO-8601, see domain/instrument.h */
	int samples;
	int waitlist;              /* on overlap, join the waiting list instead of failing */
};

/* Creates the booking: pending when the instrument requires approval, else
 * approved; waitlisted on overlap when asked. TB_ECONFLICT (field "start")
 * when the slot is taken. `now` is local seconds (tb_now_local()). */
int booking_request_make(struct store *s, struct arena *a, const struct booking_request *r,
                         int64_t now, struct booking *out, struct tb_field_error *fe);

/* Who acts on a booking. The domain, not only the API policy, decides who
 * may approve or reject: an admin, or an org_admin of the instrument's
 * organisation, and never the person who made the request (whatever their
 * role). NULL = the operator at the command line (the CLI has direct access
 * to the database anyway). */
struct booking_actor {
	int64_t user_id;
	int64_t org_id;
	const char *role;
	const char *email;
};

/* approve | reject (pending), cancel (pending approved offered waitlisted;
 * slot holders only before the cancellation deadline), accept (offered, before
 * the offer expires). Freed slots move the waitlist. approve/reject by a
 * non-approver or by the requester: TB_EPERM (field "booking"). */
int booking_act(struct store *s, struct arena *a, int64_t id, const char *action,
                const struct booking_actor *actor, const char *note, int64_t now,
                struct booking *out, struct tb_field_error *fe);

/* Records actual use of an approved booking and computes the fee (rate of
 * the booking's user class; hourly bills the greater of reserved and used). */
int booking_record_use(struct store *s, struct arena *a, int64_t id, const char *actual_start,
                       const char *actual_end, int samples, struct booking *out,
                       struct tb_field_error *fe);

/* Monthly statement for the booking organisation: month "YYYY-MM". */
int booking_statement_csv(struct store *s, struct arena *a, int64_t org_id, const char *month,
                          struct buf *out, struct tb_field_error *fe);

struct util_row {
	int64_t instrument_id;     /* 0 for category rows */
	const char *name;          /* instrument name or category */
	const char *org_name;
	double used_hours, open_hours, utilisation, fees;
	int64_t uses, instruments;
};
struct instr_stats {
	const char *from, *to;     /* dates, [from, to) */
	int64_t instruments, institutions, kpi_instruments;
	double used_hours, open_hours, utilisation, revenue;
	int64_t uses;
	struct util_row *by_instrument; int n_instrument;  /* sorted by utilisation, desc */
	struct util_row *by_category; int n_category;      /* sorted by used hours, desc */
};
/* from/to: "YYYY-MM-DD" (to exclusive); NULL = the last 365 days. */
int instrument_stats(struct store *s, struct arena *a, const char *from, const char *to,
                     struct instr_stats *out, struct tb_field_error *fe);

#endif

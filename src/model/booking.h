/* booking.h - one booking of an instrument: the record, the status names and
 * which statuses hold the slot. The flows (request, approve, waitlist, fees)
 * are in domain/booking.h; the rules in domain/instrument.h. */
#ifndef TB_MODEL_BOOKING_H
#define TB_MODEL_BOOKING_H

#include <stdbool.h>
#include <stdint.h>

extern const char *const booking_statuses[];
/* pending approved rejected cancelled waitlisted offered completed expired */
bool booking_status_active(const char *status); /* holds the slot */

struct booking {
	int64_t id;
	int64_t instrument_id;
	int64_t org_id;            /* the booking organisation */
	int64_t booked_by;         /* the user who asked; 0 = CLI, import or demo */
	const char *booker_name;
	const char *booker_email;
	const char *user_class;    /* internal academic enterprise: fixed at request time */
	const char *service;
	const char *purpose;
	int samples;               /* planned samples (per-sample fee) */
	const char *start_at, *end_at;   /* local text, see domain/instrument.h */
	const char *status;
	const char *note;          /* approver's or canceller's note */
	const char *offer_expires; /* for status offered */
	/* usage, once recorded (status completed) */
	const char *used_start, *used_end;
	int used_samples;
	double used_hours;         /* actual instrument hours (utilisation) */
	double billed_qty;         /* hours or samples billed */
	double rate, fee;          /* yuan */
	const char *created_at, *updated_at;
	/* joined, read-only */
	const char *instrument_name;
	const char *instrument_name_en;
	int64_t owner_org_id;
	const char *owner_org_name;
	const char *org_name;
	const char *fee_unit;
	const char *category;
};

/* Listing filter (store_booking_list). */
struct booking_query {
	int64_t org_id, instrument_id, owner_org_id;  /* 0 = any */
	const char *status;                           /* NULL = any */
	const char *from, *to;                        /* start_at range; NULL = open */
	const char *used_from, *used_to;              /* used_start range (statements) */
	int limit, offset;
};

#endif

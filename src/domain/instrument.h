/* instrument.h - shared research instruments (大型科研仪器共享) and their
 * bookings: plain structs and the rules users expect (opening hours per
 * weekday, closed dates, minimum and maximum slot, lead time, cancellation
 * deadline, status, fees by user class with "bill the greater of reserved and
 * used time", available hours for utilisation). No JSON, no SQL.
 *
 * Time: every booking time is province-local civil time, China Standard Time
 * (UTC+08:00, no daylight saving). Input may be "YYYY-MM-DDTHH:MM[:SS]"
 * (taken as local), or carry "Z" or an explicit "+HH:MM"/"-HH:MM" offset, which
 * is converted to local. Stored and returned as "YYYY-MM-DDTHH:MM:SS+08:00",
 * a fixed-width form that compares correctly as text (the store's overlap
 * check and trigger rely on that). Inside C a time is "local seconds": the
 * local civil time counted as if it were UTC, so weekday and minute-of-day
 * come straight from gmtime_r. */
#ifndef TB_INSTRUMENT_H
#define TB_INSTRUMENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "core/err.h"

#define TB_TZ_OFFSET_S (8 * 3600)
#define TB_KPI_VALUE 500000.0   /* national appraisal applies to instruments >= this (yuan) */

bool tb_time_parse(const char *s, int64_t *local);
void tb_time_fmt(int64_t local, char out[32]);   /* "YYYY-MM-DDTHH:MM:SS+08:00" */
int64_t tb_now_local(void);
/* Local midnight of the date "YYYY-MM-DD"; false on a bad date. */
bool tb_date_local(const char *date, int64_t *local);

/* Opening hours: one window per weekday, Monday = 0. from == to = closed.
 * Text form (stored): 7 comma-separated fields "08:00-18:00" or "-". */
struct opening { int from[7], to[7]; };
extern const char *const weekday_keys[]; /* mon..sun, NULL-terminated */
bool opening_parse(const char *s, struct opening *o);
void opening_fmt(const struct opening *o, char out[128]);
/* One window "08:00-18:00" (or "-"/"closed") -> minutes; false on junk. */
bool window_parse(const char *s, int *from, int *to);
#define OPENING_DEFAULT "08:00-18:00,08:00-18:00,08:00-18:00,08:00-18:00,08:00-18:00,-,-"

extern const char *const instrument_statuses[]; /* available maintenance retired */
extern const char *const instrument_services[]; /* self_operation staff_operated sample_testing */
extern const char *const fee_units[];           /* hour sample */
extern const char *const user_classes[];        /* internal academic enterprise */
extern const char *const booking_statuses[];
/* pending approved rejected cancelled waitlisted offered completed expired */
#define BOOKING_ACTIVE_SQL "('pending','approved','offered')"
bool booking_status_active(const char *status); /* holds the slot */

struct instrument {
	int64_t id;
	int64_t org_id;            /* owner organisation */
	const char *name_zh;
	const char *name_en;       /* at least one name */
	const char *category;
	const char *model;
	const char *manufacturer;
	const char *location;
	const char *specs;         /* key specifications, free text */
	const char *services;      /* comma-separated instrument_services */
	int training_required;
	const char *fee_unit;      /* hour | sample */
	double rate_internal, rate_academic, rate_enterprise; /* yuan per unit */
	const char *hours;         /* opening hours, text form */
	const char *closed_dates;  /* comma-separated YYYY-MM-DD */
	int min_slot_min, max_slot_min;
	int lead_hours;            /* book at least this long before the start */
	int cancel_hours;          /* cancel at least this long before the start */
	int offer_hours;           /* a waitlisted request offered a freed slot must accept within */
	int requires_approval;
	const char *status;
	double value;              /* yuan */
	const char *created_at;
	const char *updated_at;
	/* joined from the owner organisation, read-only */
	const char *org_name;
	const char *org_city;
};

void instrument_defaults(struct instrument *x);
int instrument_validate(const struct instrument *x, struct tb_field_error *fe);

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
	const char *start_at, *end_at;   /* local, see above */
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

/* The rules a new request must satisfy (instrument status, duration, opening
 * hours of that weekday, closed dates, lead time). fe names "start"/"end". */
int booking_check(const struct instrument *in, int64_t start, int64_t end, int64_t now,
                  struct tb_field_error *fe);
/* Cancellation allowed until cancel_hours before the start. */
int booking_check_cancel(const struct instrument *in, int64_t start, int64_t now,
                         struct tb_field_error *fe);
/* internal when the booker is the owner; academic for universities and
 * institutes; enterprise otherwise. */
const char *user_class_for(int64_t booker_org, const char *booker_kind, int64_t owner_org);
double instrument_rate(const struct instrument *in, const char *user_class);
/* Fee for a use. Hourly: billed hours = max(reserved, used); per sample:
 * samples. Fills *qty (billed quantity) and returns yuan rounded to fen. */
double booking_fee(const struct instrument *in, const char *user_class, int64_t res_start,
                   int64_t res_end, int64_t used_start, int64_t used_end, int samples, double *qty);
/* Bookable hours in [from, to) from the weekly hours less closed dates. */
double instrument_open_hours(const struct instrument *in, int64_t from, int64_t to);

/* Qualification (training record) of a person at an organisation for one
 * instrument, valid until `expires_on` inclusive. */
struct qualification {
	int64_t id;
	int64_t instrument_id;
	int64_t org_id;
	const char *email;
	const char *name;
	const char *expires_on;    /* YYYY-MM-DD */
	const char *created_at;
};

#endif

/* instrument.h - shared research instruments (大型科研仪器共享) and their
 * bookings: the rules users expect (opening hours per
 * weekday, closed dates, minimum and maximum slot, lead time, cancellation
 * deadline, status, fees by user class with "bill the greater of reserved and
 * used time", available hours for utilisation). The records and name tables
 * are in model/instrument.h and model/booking.h. No JSON, no SQL.
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
#include "model/booking.h"
#include "model/instrument.h"
#include "model/region.h"

/* Booking times are the province's local time (REGION_UTC_OFFSET_S, model/region). */
#define TB_KPI_VALUE 500000.0   /* national appraisal applies to instruments >= this (yuan) */

bool tb_time_parse(const char *s, int64_t *local);
void tb_time_fmt(int64_t local, char out[32]);   /* "YYYY-MM-DDTHH:MM:SS+08:00" */
int64_t tb_now_local(void);
/* Local midnight of the date "YYYY-MM-DD"; false on a bad date. */
bool tb_date_local(const char *date, int64_t *local);

/* Opening hours: one window per weekday, Monday = 0. from == to = closed.
 * Text form (stored): 7 comma-separated fields "08:00-18:00" or "-". */
struct opening { int from[7], to[7]; };
bool opening_parse(const char *s, struct opening *o);
void opening_fmt(const struct opening *o, char out[128]);
/* One window "08:00-18:00" (or "-"/"closed") -> minutes; false on junk. */
bool window_parse(const char *s, int *from, int *to);
#define OPENING_DEFAULT "08:00-18:00,08:00-18:00,08:00-18:00,08:00-18:00,08:00-18:00,-,-"

void instrument_defaults(struct instrument *x);
int instrument_validate(const struct instrument *x, struct tb_field_error *fe);

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

#endif

/* bulletin.h - the periodic bulletin (issue #16): for a week ("2026-W48",
 * ISO 8601 weeks, Monday to Sunday) or a month ("2026-11") that has ended,
 * the listings published in it by field, the demands whose deadline falls
 * in the window after it (14 days after a week, 30 after a month), the
 * events planned in that window and the headline figures, made once and
 * archived by period (a second make of a period is refused: TB_ECONFLICT).
 * The maintenance run makes the last ended week and month under its lease,
 * so with several app nodes and cron each period is made once. Dates are
 * the province's (UTC+08:00). No JSON, no SQL. */
#ifndef TB_BULLETIN_H
#define TB_BULLETIN_H

#include <stdbool.h>
#include <stdint.h>
#include "core/arena.h"
#include "core/err.h"
#include "model/bulletin.h"

struct store;

#define BULLETIN_MAX_LISTINGS 200   /* per side: a printed bulletin, not an export */
#define BULLETIN_MAX_CLOSING 100
#define BULLETIN_MAX_EVENTS 50

/* Parses a period: *kind weekly|monthly, [from, to) and the window end, all
 * YYYY-MM-DD. TB_EINVAL naming "period" on anything else (week 53 of a
 * year that has 52, month 13, years outside 2000-2099). */
int bulletin_period(const char *period, const char **kind, char from[11], char to[11],
                    char window_to[11], struct tb_field_error *fe);
/* The last period of `kind` that has ended by the local date of `now`. */
void bulletin_last_ended(const char *kind, int64_t now, char period[9]);

/* Makes and stores the bulletin of `period` (ended by `now`) in one
 * transaction; *out gets it with its items. by: who made it, shown with
 * the public archive (system, cli, or the maker's role; not an address). TB_EINVAL naming "period" (bad or not ended), TB_ECONFLICT naming
 * "period" when it was made already. */
int bulletin_make(struct store *st, struct arena *a, const char *period, int64_t now,
                  const char *by, struct bulletin *out, struct tb_field_error *fe);
/* The maintenance step: makes the last ended week and month unless made;
 * *made = how many this call made (0 when another node made them). */
int bulletin_due(struct store *st, int64_t now, int *made);

/* Reads for the API and the CLI. */
int bulletin_get(struct store *st, struct arena *a, const char *period, struct bulletin *out);
int bulletin_list(struct store *st, struct arena *a, const char *kind, int limit,
                  struct bulletin **out, int *n);

#endif

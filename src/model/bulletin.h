/* bulletin.h - the periodic bulletin of the regular release (issue #16): a
 * weekly (period "2026-W48", ISO week) or monthly ("2026-11") digest of new
 * listings by field, demands closing soon, upcoming events and headline
 * figures, generated once for a period that has ended and archived by its
 * period. Records and names only. */
#ifndef TB_MODEL_BULLETIN_H
#define TB_MODEL_BULLETIN_H

#include <stdint.h>

extern const char *const bulletin_kinds[];     /* weekly monthly */
extern const char *const bulletin_sections[];  /* new_achievement new_demand closing_demand event */

/* One line of a bulletin, copied when it is made (the archive stays as it
 * was printed even when the listing changes later). */
struct bulletin_item {
	const char *section;      /* bulletin_sections */
	const char *field;        /* the listing's technical field; an event's kind */
	int64_t ref_id;           /* achievement, demand or event id */
	const char *title_zh, *title_en;
	const char *org;          /* owner, demanding organisation or organiser */
	const char *date;         /* YYYY-MM-DD: published, deadline, or the event's start */
};

/* The headline figures of the period [from, to). */
struct bulletin_figures {
	int64_t new_achievements, new_demands;      /* published in the period, still published */
	int64_t contracts, contract_amount_fen;     /* signed in the period, not terminated */
	int64_t published_achievements, published_demands; /* the live catalogue when made */
	int64_t closing_demands, upcoming_events;   /* in the window after the period */
};

struct bulletin {
	int64_t id;
	const char *period;       /* 2026-W48 | 2026-11 */
	const char *kind;         /* weekly monthly */
	const char *date_from, *date_to;   /* YYYY-MM-DD, [from, to) */
	const char *window_to;    /* closing demands and events: [date_to, window_to) */
	const char *generated_at; /* ISO-8601 UTC */
	const char *generated_by; /* system (scheduler), cli, or the maker's role (reviewer, admin) */
	struct bulletin_figures fig;
	struct bulletin_item *items;  /* NULL in lists */
	int n_items;
};

#endif

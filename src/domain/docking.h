/* docking.h - two-way matching between achievements and demands. Owns the
 * in-memory indexes (src/match), keeps them in step with the store, and turns
 * index hits back into rows with explanations. A NULL index is valid (e.g. a
 * CLI that does not need one): changes are ignored, searches fall back to the
 * store's own text filter and matches report TB_ENOTFOUND. */
#ifndef TB_DOCKING_H
#define TB_DOCKING_H

#include <stdint.h>
#include "core/arena.h"
#include "domain/catalog.h"
struct store; /* opaque above domain; the operations are store.h's, used in domain only */

struct catalog_index;

struct docking_factor { const char *name; double weight; };
/* A condition of the asker checked against the listing (docs/matching.md):
 * code names what was found ("trl_below_min"), met is 1 satisfied, 0 not,
 * -1 unknown (e.g. a negotiable price). */
struct docking_condition { const char *name; const char *code; int met; };
struct docking_hit {
	int64_t id;
	double score;      /* the raw ranking score (BM25F + evidence, times locality) */
	int strength;      /* 0-100 match strength (docs/matching.md) */
	double text;       /* the text part of score */
	double text_max;   /* the best text score this query can reach */
	int nfactors;
	struct docking_factor *factors; /* arena; terms are "term:<surface word>" */
	int nconds;
	struct docking_condition *conds; /* arena */
};

/* The match strength from its parts (exposed for tests and docs). */
int docking_strength(double text, double text_max, int met, int unmet);

/* Settings (docs/matching.md): weights of the structured evidence. */
struct docking_settings {
	double w_locality;   /* same city / province: a policy weight */
	int no_feedback;     /* 1: do not load stored match feedback (benchmarks) */
};
void docking_settings_default(struct docking_settings *s);

int catalog_index_build(struct store *st, const struct docking_settings *set, struct catalog_index **out);
void catalog_index_free(struct catalog_index *ix);
void catalog_index_counts(struct catalog_index *ix, int64_t *achievements, int64_t *demands);
/* Bumped after every change to the index (docking_changed_*): answers that
 * ranked with the index are kept only while it stays the same. */
uint64_t catalog_index_version(struct catalog_index *ix);

/* Feedback on matches (docs/docking.md) changes ranking: a pair the receiving
 * party declined is not shown to them again; each "not interested" about a
 * listing lowers it (x0.85, at most 3 times) for requests in the same field as
 * the one that declined; each "interested" raises it (x1.10, at most 3). Call
 * after a feedback write has committed. */
struct match_feedback;
void docking_feedback_changed(struct catalog_index *ix, struct store *st,
                              const struct match_feedback *f);
/* The multipliers, exposed for the benchmark: 0 turns feedback off. */
void docking_feedback_weight(struct catalog_index *ix, double w);
/* A registered contract reached through a case (achievement, demand) raises
 * similar pairs: the seller's published achievements in the same field for
 * requests in the demand's field, the buyer's published demands in the same
 * field for achievements in the achievement's field (x DOCKING_CONTRACT_BOOST
 * per contract, at most 3). Loaded at index build; call after a case reached
 * its contract. */
#define DOCKING_CONTRACT_BOOST 1.20
void docking_contract_changed(struct catalog_index *ix, struct store *st, int64_t achievement_id,
                              int64_t demand_id);
/* 0 turns the contract signal off (benchmark). */
void docking_contract_weight(struct catalog_index *ix, double w);

/* Keep the index in step after a write (only published items are indexed).
 * With a follower attached (docking_attach_sync), these ask it to catch up
 * with the change log instead, which re-reads the rows (domain/changefeed.h). */
void docking_changed_achievement(struct catalog_index *ix, const struct achievement *x);
void docking_changed_demand(struct catalog_index *ix, const struct demand *x);

/* For the change log's follower (domain/changefeed.c): apply a row as read
 * from the store now; drop an id whose row is gone; apply a feedback row
 * (idempotent: the same row twice counts once). All are harmless to repeat. */
void docking_apply_achievement(struct catalog_index *ix, const struct achievement *x);
void docking_apply_demand(struct catalog_index *ix, const struct demand *x);
void docking_remove(struct catalog_index *ix, bool is_ach, int64_t id);
/* Calls cb for every published achievement (demands false) or demand of
 * organisation org_id, in field `field` when not NULL, paged 200 at a time,
 * each page in an arena of its own (no cap on the count). Exactly one of
 * x, d is set per call. The first non-zero return of cb stops the walk and
 * is returned; so is a store error. */
int docking_each_org_listing(struct store *st, bool demands, int64_t org_id, const char *field,
                             int (*cb)(void *ctx, const struct achievement *x, const struct demand *d),
                             void *ctx);
void docking_feedback_apply(struct catalog_index *ix, struct store *st,
                            const struct match_feedback *f);
/* The follower's catch-up, called by docking_changed_* and
 * docking_feedback_changed on this node's own writes. */
void docking_attach_sync(struct catalog_index *ix, void (*sync)(void *ctx), void *ctx);
/* A node that fell behind the log's horizon starts over: every published row
 * is put again, ids no longer published are dropped, feedback is reloaded;
 * searches keep running meanwhile. */
int catalog_index_resync(struct catalog_index *ix, struct store *st);

/* Ranked text search with the listing filters; rows and hits are parallel arrays. */
int docking_search_achievements(struct catalog_index *ix, struct store *st, struct arena *a,
                                const struct catalog_query *q, struct achievement **rows,
                                struct docking_hit **hits, int *n, int64_t *total);
int docking_search_demands(struct catalog_index *ix, struct store *st, struct arena *a,
                           const struct catalog_query *q, struct demand **rows,
                           struct docking_hit **hits, int *n, int64_t *total);

/* Matches for one item on the other side, explained. */
int docking_for_demand(struct catalog_index *ix, struct store *st, struct arena *a, int64_t demand_id,
                       const struct catalog_query *filters, struct achievement **rows,
                       struct docking_hit **hits, int *n);
int docking_for_achievement(struct catalog_index *ix, struct store *st, struct arena *a,
                            int64_t ach_id, const struct catalog_query *filters, struct demand **rows,
                            struct docking_hit **hits, int *n);

/* Free text from either side ("I need...", "we offer..."), with optional
 * evidence about the asker; rows are struct achievement or struct demand. */
struct docking_evidence {
	const char *field;
	int trl;
	unsigned modes;
	double price_lo, price_hi;
	const char *city, *province;
};
int docking_free_text(struct catalog_index *ix, struct store *st, struct arena *a, int want_demands,
                      const char *text, const struct catalog_query *filters,
                      const struct docking_evidence *ev, void **rows, struct docking_hit **hits,
                      int *n, int64_t *total);

#endif

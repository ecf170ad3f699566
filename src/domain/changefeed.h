/* changefeed.h - a node follows the change log (issue #12): every committed
 * write of an indexed or cached row is a row of the `changes` table (schema
 * version 13, written by the database's triggers in the writing
 * transaction); a serving node applies them to its match index in log order,
 * from its last position, so writes of other processes (a CLI import, another
 * app node, cron's maintenance) reach its ranked search and matches within
 * a poll period, and none is ever missed:
 * - at start the node builds its index, then replays the log from the seq it
 *   read before building (replaying a change twice is harmless);
 * - each change names a row; the row is re-read from the store and put into
 *   or removed from the index (the store is the source of truth);
 * - a node that fell behind the pruning horizon (pos < first kept - 1), or
 *   finds the log shorter than its position (a restored backup, a fail-over
 *   to a replica that lacked the last changes), resynchronises its index
 *   from scratch, then follows again;
 * - a seq that is missing between two applied ones (a hole: on PostgreSQL a
 *   transaction that took its seq and has not committed yet, or rolled back)
 *   is looked for again until it appears, or on PostgreSQL until every
 *   transaction that was running when it was seen has ended (however long:
 *   transaction fences, store_changes_fence), on SQLite until `grace` has
 *   passed (a hole there is a rollback: writers never overlap).
 * Response caches need nothing from here: they key on the last seq, read
 * from the database per request (api/cache.c), and on the index version,
 * which each applied change moves. docs/deploy.md, "The change log". */
#ifndef TB_CHANGEFEED_H
#define TB_CHANGEFEED_H

#include <stdbool.h>
#include <stdint.h>

struct store;
struct catalog_index;

/* ---- the position: which seqs are applied (pure; unit-tested alone) */
#define FOLLOW_MAX_HOLES 256
struct follow_pos {
	int64_t pos;    /* every seq <= pos is applied or given up */
	int64_t hi;     /* the highest seq applied */
	int nholes;     /* seqs in (pos, hi) not seen yet */
	/* fence: the transaction fence when the hole was seen (0 = none;
	 * store_changes_fence): the hole is final once every transaction that
	 * was running then has ended and the log was read again. */
	struct { int64_t seq, since_ms, fence; } holes[FOLLOW_MAX_HOLES];
};
void follow_init(struct follow_pos *p, int64_t start);
/* true: seq was not applied yet (beyond hi, or one of the holes). */
bool follow_is_new(const struct follow_pos *p, int64_t seq);
/* Records seq as applied; the seqs skipped between hi and seq become holes.
 * TB_ELIMIT when that would make more than FOLLOW_MAX_HOLES (the caller
 * resynchronises instead). */
int follow_mark(struct follow_pos *p, int64_t seq, int64_t now_ms);
/* Gives the holes without a fence the fence `next` (read after the log). */
void follow_fence(struct follow_pos *p, int64_t next);
/* Gives up the holes that are final and advances pos. done >= 0 (the
 * store's fences, read before this catch-up re-read the log): a fenced hole
 * is final when its fence <= done, whatever its age; otherwise (no fences:
 * SQLite, where a hole is a rollback) when it is older than grace_ms. */
void follow_settle(struct follow_pos *p, int64_t now_ms, int64_t grace_ms, int64_t done);

/* ---- the follower */
struct changefeed;
struct changefeed_stats {
	int64_t pos, hi, applied, resyncs, errors;
	int holes;
};
/* Follows `url` (its own connections) into ix from `start` (the last seq
 * read before ix was built) and attaches itself to ix, so that this node's
 * own writes (docking_changed_*) catch up through it too. */
int changefeed_new(const char *url, struct catalog_index *ix, int64_t start,
                   struct changefeed **out);
/* Applies everything committed up to now. wait_ms bounds the wait for the
 * follower's lock (another catch-up in progress): a request never waits
 * longer, the background thread passes -1 (no bound). *applied may be NULL. */
int changefeed_catch_up(struct changefeed *f, int wait_ms, int *applied);
/* The background thread: waits for changes (store_changes_wait) and catches
 * up; reconnects with back-off after an error. */
int changefeed_start(struct changefeed *f);
/* Stops the thread, detaches from the index, closes the connections. */
void changefeed_free(struct changefeed *f);
void changefeed_get_stats(struct changefeed *f, struct changefeed_stats *out);
/* How long (ms) a hole is looked for before it is taken for a rolled-back write. */
#define CHANGEFEED_GRACE_MS 30000

/* Pruning (any node may run it; the maintenance lease holder does): drops
 * changes older than keep_days except the last keep_rows. A node that was
 * down for longer resynchronises when it comes back. */
int changefeed_prune(struct store *st, int64_t now, int keep_days, int64_t keep_rows,
                     int64_t *deleted);

#endif

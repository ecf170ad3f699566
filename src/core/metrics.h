/* metrics.h - the process's counters, gauges and per-route latency
 * histograms, written out in the Prometheus text exposition format by
 * GET /metrics (docs/performance.md, "Observability").
 *
 * Why lock-free: every request records one observation. The counters are
 * relaxed atomics in fixed arrays (no allocation, no mutex on the request
 * path); a scrape reads them without stopping anyone, so a scrape taken while
 * requests run may see a request's count before its duration sum, never a
 * torn or lost update. Any layer may count (the store counts pool waits, the
 * domain booking conflicts and login throttles); only the API writes the
 * exposition. */
#ifndef TB_METRICS_H
#define TB_METRICS_H

#include <stdint.h>
#include "core/buf.h"

/* Monotonic counters. A new one: a name here, its name and help in metrics.c. */
enum tbm_counter {
	TBM_POOL_WAITS,            /* a request waited for a free database connection */
	TBM_POOL_WAIT_US,          /* total microseconds spent waiting */
	TBM_BOOKING_CONFLICTS,     /* a booking refused: the slot overlaps another */
	TBM_LOGIN_THROTTLES,       /* a login answered 429: too many failures */
	TBM_MATCH_CACHE_HITS,      /* a listing's matches answered from the match cache */
	TBM_MATCH_CACHE_MISSES,    /* ... computed (and kept) */
	TBM_MATCH_ANSWER_HITS,     /* a listing's presented matches from memory (api/matches.c) */
	TBM_ANSWER_CACHE_HITS,     /* a public answer served from the answer cache (api/cache.c) */
	TBM_ACCESS_LOG_LINES,      /* access log lines written */
	TBM_ACCESS_LOG_DROPPED,    /* access log lines dropped: the writer fell behind */
	TBM_COUNTER_COUNT
};

/* Gauges set by whoever knows the value (last write wins). A gauge that was
 * never set is not written out: "unknown" is not "zero". */
enum tbm_gauge {
	TBM_CHANGELOG_LAG_MS,      /* how far this node's change-log follower is behind */
	TBM_CHANGELOG_LAG_CHANGES, /* changes committed but not yet applied here */
	TBM_WRITES_PENDING,        /* requests queued for or running on the writer threads */
	TBM_GAUGE_COUNT
};

void tbm_inc(enum tbm_counter c);
void tbm_add(enum tbm_counter c, uint64_t n);
uint64_t tbm_get(enum tbm_counter c);
void tbm_gauge_set(enum tbm_gauge g, int64_t v);

/* Per-route request counts and latency histograms. The API names its routes
 * once (before the server's threads start; again with the same table is a
 * no-op); an observation is (route index, HTTP status, microseconds). Labels
 * are the route pattern ("/api/demands/{id}/matches"), never the raw path,
 * so the number of series is bounded by the route table. */
struct tbm_route { const char *method; const char *pattern; };
int tbm_routes_init(const struct tbm_route *routes, int n);
void tbm_observe(int route, int status, uint64_t us);

/* Appends every family with its # HELP and # TYPE lines. Routes and status
 * classes that never saw a request are left out. */
int tbm_write(struct buf *out);

/* Microseconds of a monotonic clock (for durations). */
uint64_t tbm_now_us(void);

#endif

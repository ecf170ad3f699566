/* metrics.c - see metrics.h. Fixed arrays of relaxed atomics: recording is
 * one or three fetch_adds, never a lock or an allocation; the exposition
 * walks the arrays into a capped buffer. */
#include "core/metrics.h"
#include "core/err.h"
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const struct { const char *name, *help; } counter_info[TBM_COUNTER_COUNT] = {
	[TBM_POOL_WAITS] = { "tb_db_pool_waits_total",
	                     "Requests that waited for a free database connection." },
	[TBM_POOL_WAIT_US] = { "tb_db_pool_wait_seconds_total",
	                       "Time requests spent waiting for a database connection." },
	[TBM_BOOKING_CONFLICTS] = { "tb_booking_conflicts_total",
	                            "Bookings refused because the slot overlaps another booking." },
	[TBM_LOGIN_THROTTLES] = { "tb_login_throttled_total",
	                          "Logins refused with 429 after too many failures." },
	[TBM_MATCH_CACHE_HITS] = { "tb_match_cache_hits_total",
	                           "A listing's matches answered from the match cache." },
	[TBM_MATCH_CACHE_MISSES] = { "tb_match_cache_misses_total",
	                             "A listing's matches computed by the index (then kept)." },
	[TBM_MATCH_ANSWER_HITS] = { "tb_match_answer_cache_hits_total",
	                            "A listing's presented matches answered from memory (no row loaded, "
	                            "nothing presented again)." },
	[TBM_ANSWER_CACHE_HITS] = { "tb_answer_cache_hits_total",
	                            "Anonymous public answers served from the answer cache." },
	[TBM_ACCESS_LOG_LINES] = { "tb_access_log_lines_total", "Access log lines written." },
	[TBM_ACCESS_LOG_DROPPED] = { "tb_access_log_dropped_total",
	                             "Access log lines dropped because the writer fell behind." },
};

static const struct { const char *name, *help; int ms; } gauge_info[TBM_GAUGE_COUNT] = {
	[TBM_CHANGELOG_LAG_MS] = { "tb_changelog_lag_seconds",
	                           "How far this node's change-log follower is behind the newest change.",
	                           1 },
	[TBM_CHANGELOG_LAG_CHANGES] = { "tb_changelog_lag_changes",
	                                "Changes committed but not yet applied by this node.", 0 },
	[TBM_WRITES_PENDING] = { "tb_http_writes_pending",
	                         "Write requests queued for or running on the writer threads.", 0 },
};

static _Atomic uint64_t counters[TBM_COUNTER_COUNT];
static _Atomic int64_t gauges[TBM_GAUGE_COUNT];
static _Atomic int gauge_set[TBM_GAUGE_COUNT];

/* Upper bounds of the latency buckets, in microseconds (0.5 ms .. 10 s). */
static const uint64_t bucket_us[] = { 500, 1000, 2500, 5000, 10000, 25000, 50000, 100000,
                                      250000, 500000, 1000000, 2500000, 5000000, 10000000 };
#define NBUCKETS (sizeof(bucket_us) / sizeof(bucket_us[0]))
#define NCLASSES 5 /* 1xx .. 5xx */

struct series {
	_Atomic uint64_t count, sum_us;
	_Atomic uint64_t bucket[NBUCKETS]; /* per bucket, not cumulative; above the last: count only */
};

static const struct tbm_route *route_names;
static struct series *route_series; /* [nroutes][NCLASSES] */
static int nroutes;

void tbm_inc(enum tbm_counter c) { atomic_fetch_add_explicit(&counters[c], 1, memory_order_relaxed); }

void tbm_add(enum tbm_counter c, uint64_t n)
{
	atomic_fetch_add_explicit(&counters[c], n, memory_order_relaxed);
}

uint64_t tbm_get(enum tbm_counter c) { return atomic_load_explicit(&counters[c], memory_order_relaxed); }

void tbm_gauge_set(enum tbm_gauge g, int64_t v)
{
	atomic_store_explicit(&gauges[g], v, memory_order_relaxed);
	atomic_store_explicit(&gauge_set[g], 1, memory_order_release);
}

uint64_t tbm_now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

int tbm_routes_init(const struct tbm_route *routes, int n)
{
	struct series *s;
	if (route_series)
		return route_names == routes && nroutes == n ? TB_OK : TB_EINVAL;
	if (n <= 0 || !(s = calloc((size_t)n * NCLASSES, sizeof(*s))))
		return TB_ENOMEM;
	route_names = routes;
	nroutes = n;
	route_series = s;
	return TB_OK;
}

void tbm_observe(int route, int status, uint64_t us)
{
	struct series *s;
	int cls = status / 100 - 1;
	size_t b = 0;
	if (!route_series || route < 0 || route >= nroutes)
		return;
	if (cls < 0 || cls >= NCLASSES)
		cls = NCLASSES - 1;
	s = &route_series[route * NCLASSES + cls];
	while (b < NBUCKETS && us > bucket_us[b])
		b++;
	if (b < NBUCKETS)
		atomic_fetch_add_explicit(&s->bucket[b], 1, memory_order_relaxed);
	atomic_fetch_add_explicit(&s->sum_us, us, memory_order_relaxed);
	atomic_fetch_add_explicit(&s->count, 1, memory_order_relaxed);
}

/* A label value: backslash, quote and newline escaped (the format's rule). */
static int put_label(struct buf *out, const char *name, const char *v, int comma)
{
	int rc = buf_printf(out, "%s%s=\"", comma ? "," : "", name);
	for (; !rc && *v; v++) {
		if (*v == '\\' || *v == '"') {
			if (!(rc = buf_addc(out, '\\')))
				rc = buf_addc(out, *v);
		}
		else if (*v == '\n')
			rc = buf_adds(out, "\\n");
		else
			rc = buf_addc(out, *v);
	}
	return rc ? rc : buf_addc(out, '"');
}

static int put_route_labels(struct buf *out, int r, int cls)
{
	char st[4] = { (char)('1' + cls), 'x', 'x', '\0' };
	int rc;
	if ((rc = put_label(out, "method", route_names[r].method, 0)) ||
	    (rc = put_label(out, "route", route_names[r].pattern, 1)) ||
	    (rc = put_label(out, "status", st, 1)))
		return rc;
	return TB_OK;
}

static int write_routes(struct buf *out)
{
	int rc = buf_adds(out, "# HELP tb_http_requests_total HTTP requests answered, by route pattern "
	                       "and status class.\n# TYPE tb_http_requests_total counter\n");
	for (int r = 0; !rc && r < nroutes; r++)
		for (int k = 0; !rc && k < NCLASSES; k++) {
			uint64_t n = atomic_load_explicit(&route_series[r * NCLASSES + k].count,
			                                  memory_order_relaxed);
			if (!n)
				continue;
			if (!(rc = buf_adds(out, "tb_http_requests_total{")) && !(rc = put_route_labels(out, r, k)))
				rc = buf_printf(out, "} %llu\n", (unsigned long long)n);
		}
	if (!rc)
		rc = buf_adds(out, "# HELP tb_http_request_duration_seconds Time from the request's headers "
		                   "to its answer, by route pattern and status class.\n"
		                   "# TYPE tb_http_request_duration_seconds histogram\n");
	for (int r = 0; !rc && r < nroutes; r++)
		for (int k = 0; !rc && k < NCLASSES; k++) {
			struct series *s = &route_series[r * NCLASSES + k];
			uint64_t n = atomic_load_explicit(&s->count, memory_order_relaxed), cum = 0, sum;
			if (!n)
				continue;
			for (size_t b = 0; !rc && b < NBUCKETS; b++) {
				cum += atomic_load_explicit(&s->bucket[b], memory_order_relaxed);
				if (!(rc = buf_adds(out, "tb_http_request_duration_seconds_bucket{")) &&
				    !(rc = put_route_labels(out, r, k)))
					rc = buf_printf(out, ",le=\"%g\"} %llu\n", (double)bucket_us[b] / 1e6,
					                (unsigned long long)cum);
			}
			/* Read apart from the buckets: a request recorded in between
			 * must not leave +Inf below a finite bucket. */
			if (cum > n)
				n = cum;
			sum = atomic_load_explicit(&s->sum_us, memory_order_relaxed);
			if (rc || (rc = buf_adds(out, "tb_http_request_duration_seconds_bucket{")) ||
			    (rc = put_route_labels(out, r, k)) ||
			    (rc = buf_printf(out, ",le=\"+Inf\"} %llu\n", (unsigned long long)n)) ||
			    (rc = buf_adds(out, "tb_http_request_duration_seconds_sum{")) ||
			    (rc = put_route_labels(out, r, k)) ||
			    (rc = buf_printf(out, "} %.6f\n", (double)sum / 1e6)) ||
			    (rc = buf_adds(out, "tb_http_request_duration_seconds_count{")) ||
			    (rc = put_route_labels(out, r, k)))
				break;
			rc = buf_printf(out, "} %llu\n", (unsigned long long)n);
		}
	return rc;
}

int tbm_write(struct buf *out)
{
	int rc = TB_OK;
	for (int i = 0; !rc && i < TBM_COUNTER_COUNT; i++) {
		uint64_t v = tbm_get((enum tbm_counter)i);
		rc = buf_printf(out, "# HELP %s %s\n# TYPE %s counter\n", counter_info[i].name,
		                counter_info[i].help, counter_info[i].name);
		if (rc)
			break;
		if (i == TBM_POOL_WAIT_US)
			rc = buf_printf(out, "%s %.6f\n", counter_info[i].name, (double)v / 1e6);
		else
			rc = buf_printf(out, "%s %llu\n", counter_info[i].name, (unsigned long long)v);
	}
	for (int i = 0; !rc && i < TBM_GAUGE_COUNT; i++) {
		int64_t v;
		if (!atomic_load_explicit(&gauge_set[i], memory_order_acquire))
			continue;
		v = atomic_load_explicit(&gauges[i], memory_order_relaxed);
		rc = buf_printf(out, "# HELP %s %s\n# TYPE %s gauge\n", gauge_info[i].name, gauge_info[i].help,
		                gauge_info[i].name);
		if (!rc && gauge_info[i].ms)
			rc = buf_printf(out, "%s %.3f\n", gauge_info[i].name, (double)v / 1e3);
		else if (!rc)
			rc = buf_printf(out, "%s %lld\n", gauge_info[i].name, (long long)v);
	}
	if (!rc && route_series)
		rc = write_routes(out);
	return rc;
}

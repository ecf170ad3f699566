/* changefeed.c - see changefeed.h. One mutex orders every catch-up (the
 * background thread's and the ones this node's own writes ask for), so the
 * index receives changes in log order; the background thread waits on a
 * connection of its own, and catch-ups read through a second one, used only
 * under the mutex. */
#include "domain/changefeed.h"
#include "domain/docking.h"
#include "store/store.h"
#include "core/arena.h"
#include "core/err.h"
#include "core/log.h"
#include "core/util.h"
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ------------------------------------------------------------ position */

void follow_init(struct follow_pos *p, int64_t start)
{
	memset(p, 0, sizeof(*p));
	p->pos = p->hi = start;
}

static int hole_at(const struct follow_pos *p, int64_t seq)
{
	for (int i = 0; i < p->nholes; i++)
		if (p->holes[i].seq == seq)
			return i;
	return -1;
}

bool follow_is_new(const struct follow_pos *p, int64_t seq)
{
	if (seq <= p->pos)
		return false;
	return seq > p->hi || hole_at(p, seq) >= 0;
}

int follow_mark(struct follow_pos *p, int64_t seq, int64_t now_ms)
{
	int i;
	if (seq <= p->pos)
		return TB_OK;
	if (seq <= p->hi) {
		if ((i = hole_at(p, seq)) >= 0)
			p->holes[i] = p->holes[--p->nholes];
		return TB_OK;
	}
	if (seq - p->hi - 1 > FOLLOW_MAX_HOLES - p->nholes)
		return TB_ELIMIT;
	for (int64_t s = p->hi + 1; s < seq; s++) {
		p->holes[p->nholes].seq = s;
		p->holes[p->nholes].fence = 0;
		p->holes[p->nholes++].since_ms = now_ms;
	}
	p->hi = seq;
	return TB_OK;
}

void follow_fence(struct follow_pos *p, int64_t next)
{
	for (int i = 0; i < p->nholes; i++)
		if (!p->holes[i].fence)
			p->holes[i].fence = next;
}

void follow_settle(struct follow_pos *p, int64_t now_ms, int64_t grace_ms, int64_t done)
{
	int64_t low = p->hi;
	for (int i = 0; i < p->nholes;) {
		if (done >= 0 && p->holes[i].fence > 0) {
			/* Every transaction that could still commit this seq has
			 * ended, and the log was read after that: a rollback. */
			if (p->holes[i].fence <= done) {
				tb_info("change log: seq %lld was rolled back (every transaction that "
				        "could hold it has ended)", (long long)p->holes[i].seq);
				p->holes[i] = p->holes[--p->nholes];
				continue;
			}
		} else if (now_ms - p->holes[i].since_ms >= grace_ms) {
			tb_warn("change log: seq %lld never appeared in %lld ms: taken for a rolled-back write",
			        (long long)p->holes[i].seq, (long long)grace_ms);
			p->holes[i] = p->holes[--p->nholes];
			continue;
		}
		if (p->holes[i].seq - 1 < low)
			low = p->holes[i].seq - 1;
		i++;
	}
	p->pos = low;
}

/* ------------------------------------------------------------ follower */

#define BATCH 256
#define WAIT_MS 250          /* one wait; holes are looked for again after each */
#define BACKOFF_MAX_MS 5000

struct changefeed {
	char *url;
	struct catalog_index *ix;
	pthread_mutex_t mu;          /* every catch-up; guards pos, apply_st, stats */
	struct follow_pos pos;
	struct store *apply_st;      /* used under mu only */
	struct store *wait_st;       /* the thread's */
	_Atomic int64_t hi;          /* pos.hi, read by the thread without the lock */
	_Atomic int nholes;
	atomic_int stop;
	pthread_t thread;
	int started;
	struct changefeed_stats stats;
};

static int64_t mono_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* An organisation's row changed (its city, province, name): its published
 * listings carry those values in the index (the owner's city decides the
 * same_city / same_province factors), so each is read and put again. Paged,
 * each page in a fresh arena; an insert has no listings yet. */
static int reindex_one(void *ctx, const struct achievement *x, const struct demand *d)
{
	if (x)
		docking_apply_achievement(ctx, x);
	else
		docking_apply_demand(ctx, d);
	return 0;
}

static int reindex_org(struct catalog_index *ix, struct store *st, int64_t org_id)
{
	int rc = docking_each_org_listing(st, false, org_id, NULL, reindex_one, ix);
	return rc ? rc : docking_each_org_listing(st, true, org_id, NULL, reindex_one, ix);
}

/* One change: re-read the row it names and apply what the store says now. */
static int apply_change(struct catalog_index *ix, struct store *st, struct arena *a,
                        const struct change *c)
{
	int rc = TB_OK;
	if (!strcmp(c->entity, "achievement")) {
		struct achievement x;
		rc = store_achievement_get(st, a, c->entity_id, &x);
		if (rc == TB_ENOTFOUND)
			docking_remove(ix, true, c->entity_id), rc = TB_OK;
		else if (!rc)
			docking_apply_achievement(ix, &x);
	} else if (!strcmp(c->entity, "demand")) {
		struct demand x;
		rc = store_demand_get(st, a, c->entity_id, &x);
		if (rc == TB_ENOTFOUND)
			docking_remove(ix, false, c->entity_id), rc = TB_OK;
		else if (!rc)
			docking_apply_demand(ix, &x);
	} else if (!strcmp(c->entity, "feedback")) {
		struct match_feedback fb;
		rc = store_fb_get_id(st, a, c->entity_id, &fb);
		if (rc == TB_ENOTFOUND)
			rc = TB_OK; /* feedback is never deleted by the platform */
		else if (!rc)
			docking_feedback_apply(ix, st, &fb);
	} else if (!strcmp(c->entity, "org") && c->op && strcmp(c->op, "insert")) {
		rc = reindex_org(ix, st, c->entity_id);
	}
	/* Anything else (contracts, bookings, ...) is not in the index; the
	 * answers that show it are cached under the last seq, which this change
	 * has already moved. */
	return rc;
}

static int resync(struct changefeed *f)
{
	int64_t first, last;
	int rc;
	/* The last seq first: a change committed during the rebuild is replayed
	 * after it, which is harmless. */
	if ((rc = store_changes_last(f->apply_st, &first, &last)) ||
	    (rc = catalog_index_resync(f->ix, f->apply_st)))
		return rc;
	follow_init(&f->pos, last);
	f->stats.resyncs++;
	return TB_OK;
}

/* Applies one change unless already applied. `later`: a later change of
 * the same batch names the same row, which is re-read then: this one is
 * marked applied without touching the index (a publish that also sets the
 * validity writes the row twice in one transaction; the index moved twice
 * and every cached answer keyed on its generation was dropped twice). */
static int take(struct changefeed *f, struct arena *a, const struct change *c, bool later,
                int64_t now, int *applied)
{
	int rc;
	if (!follow_is_new(&f->pos, c->seq))
		return TB_OK;
	if (!later && (rc = apply_change(f->ix, f->apply_st, a, c)))
		return rc;
	if (follow_mark(&f->pos, c->seq, now) == TB_ELIMIT) {
		tb_warn("change log: more than %d missing seqs: resynchronising", FOLLOW_MAX_HOLES);
		return resync(f);
	}
	(*applied)++;
	return TB_OK;
}

static int catch_up_locked(struct changefeed *f, int *applied)
{
	struct arena a;
	struct change *rows;
	int64_t first, last, now = mono_ms(), fnext = 0, fdone = -1, fdone2;
	int n, rc;

	arena_init(&a, 64u << 20);
	if (!f->apply_st && (rc = store_open(f->url, &f->apply_st)))
		goto out;
	/* The fences before the log is read (see follow_settle); -1: none. */
	if (store_changes_fence(f->apply_st, &fnext, &fdone))
		fdone = -1;
	if ((rc = store_changes_last(f->apply_st, &first, &last)))
		goto out;
	/* The log went backwards: the database was restored from a backup, or
	 * replaced by a replica that had not received the last changes. The
	 * seqs this node applied may be reused for other writes: start over. */
	if (last < f->pos.hi) {
		tb_warn("change log: last seq %lld is below this node's position %lld (restored or failed "
		        "over?): resynchronising", (long long)last, (long long)f->pos.hi);
		if ((rc = resync(f)))
			goto out;
	}
	/* Behind the horizon: changes this node never saw were pruned. */
	if (first > 0 && f->pos.pos + 1 < first) {
		tb_warn("change log: position %lld is behind the oldest kept change %lld: resynchronising",
		        (long long)f->pos.pos, (long long)first);
		if ((rc = resync(f)))
			goto out;
	}
	/* Holes: each looked for on its own (rare: PostgreSQL only). */
	for (int i = f->pos.nholes - 1; i >= 0 && i < f->pos.nholes; i--) {
		int64_t h = f->pos.holes[i].seq;
		if ((rc = store_changes_after(f->apply_st, &a, h - 1, h, 1, &rows, &n)))
			goto out;
		if (n == 1 && (rc = take(f, &a, &rows[0], false, now, applied)))
			goto out;
	}
	do {
		arena_release(&a);
		arena_init(&a, 64u << 20);
		if ((rc = store_changes_after(f->apply_st, &a, f->pos.hi, 0, BATCH, &rows, &n)))
			goto out;
		for (int i = 0; i < n; i++) {
			bool later = false;
			for (int j = i + 1; j < n && !later; j++)
				later = rows[j].entity_id == rows[i].entity_id && !strcmp(rows[j].entity, rows[i].entity);
			if ((rc = take(f, &a, &rows[i], later, now, applied)))
				goto out;
		}
	} while (n == BATCH);
	/* New holes get the fence read after the log: every transaction that
	 * could still commit one of them is running now, below `fnext`. */
	if (fdone >= 0 && !store_changes_fence(f->apply_st, &fnext, &fdone2))
		follow_fence(&f->pos, fnext);
	follow_settle(&f->pos, mono_ms(), CHANGEFEED_GRACE_MS, fdone);
out:
	arena_release(&a);
	if (rc) {
		f->stats.errors++;
		tb_error("change log: catch-up failed at %lld: %s (retried)", (long long)f->pos.hi,
		         tb_strerror(rc));
		/* A broken connection is opened again on the next catch-up. */
		store_close(f->apply_st);
		f->apply_st = NULL;
	}
	f->hi = f->pos.hi;
	f->nholes = f->pos.nholes;
	return rc;
}

int changefeed_catch_up(struct changefeed *f, int wait_ms, int *applied)
{
	int rc, n = 0;
	if (wait_ms < 0) {
		pthread_mutex_lock(&f->mu);
	} else {
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += wait_ms / 1000;
		until.tv_nsec += (long)(wait_ms % 1000) * 1000000L;
		if (until.tv_nsec >= 1000000000L) {
			until.tv_sec++;
			until.tv_nsec -= 1000000000L;
		}
		/* Another catch-up holds the lock: it is applying the log (this
		 * write included, or it will be on the next pass). */
		if (pthread_mutex_timedlock(&f->mu, &until))
			return TB_ELIMIT;
	}
	rc = catch_up_locked(f, &n);
	f->stats.applied += n;
	pthread_mutex_unlock(&f->mu);
	if (applied)
		*applied = n;
	return rc;
}

/* This node's own writes: docking_changed_* call this after their commit. */
static void own_write(void *ctx)
{
	changefeed_catch_up(ctx, 1000, NULL);
}

int changefeed_new(const char *url, struct catalog_index *ix, int64_t start,
                   struct changefeed **out)
{
	struct changefeed *f = calloc(1, sizeof(*f));
	*out = NULL;
	if (!f || !(f->url = strdup(url))) {
		free(f);
		return TB_ENOMEM;
	}
	f->ix = ix;
	pthread_mutex_init(&f->mu, NULL);
	follow_init(&f->pos, start);
	f->hi = start;
	docking_attach_sync(ix, own_write, f);
	*out = f;
	return TB_OK;
}

static void nap_ms(int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };
	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

static void *follow_main(void *p)
{
	struct changefeed *f = p;
	int backoff = 0;
	while (!f->stop) {
		int64_t last = 0;
		int rc;
		if (backoff) {
			nap_ms(backoff);
			backoff = backoff * 2 > BACKOFF_MAX_MS ? BACKOFF_MAX_MS : backoff * 2;
		}
		if (!f->wait_st && store_open(f->url, &f->wait_st)) {
			f->wait_st = NULL;
			backoff = backoff ? backoff : 100;
			continue;
		}
		if ((rc = store_changes_wait(f->wait_st, f->hi, WAIT_MS, &last))) {
			store_close(f->wait_st);
			f->wait_st = NULL;
			backoff = backoff ? backoff : 100;
			continue;
		}
		if (f->stop)
			break;
		if (last > f->hi || f->nholes) {
			rc = changefeed_catch_up(f, -1, NULL);
			backoff = rc ? (backoff ? backoff : 100) : 0;
		} else {
			backoff = 0;
		}
	}
	return NULL;
}

int changefeed_start(struct changefeed *f)
{
	sigset_t all, old;
	/* The thread takes no signals: the server's main thread waits for them. */
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	f->started = pthread_create(&f->thread, NULL, follow_main, f) == 0;
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (!f->started) {
		tb_error("cannot start the change log follower");
		return TB_ENOMEM;
	}
	return TB_OK;
}

void changefeed_free(struct changefeed *f)
{
	if (!f)
		return;
	f->stop = 1;
	if (f->started)
		pthread_join(f->thread, NULL);
	docking_attach_sync(f->ix, NULL, NULL);
	store_close(f->wait_st);
	store_close(f->apply_st);
	pthread_mutex_destroy(&f->mu);
	free(f->url);
	free(f);
}

void changefeed_get_stats(struct changefeed *f, struct changefeed_stats *out)
{
	pthread_mutex_lock(&f->mu);
	*out = f->stats;
	out->pos = f->pos.pos;
	out->hi = f->pos.hi;
	out->holes = f->pos.nholes;
	pthread_mutex_unlock(&f->mu);
}

int changefeed_prune(struct store *st, int64_t now, int keep_days, int64_t keep_rows,
                     int64_t *deleted)
{
	char before[32];
	if (keep_days < 0 || keep_rows < 1)
		return TB_EINVAL;
	fmt_iso8601(now - (int64_t)keep_days * 86400, before);
	return store_changes_prune(st, before, keep_rows, deleted);
}

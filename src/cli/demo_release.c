/* demo_release.c - the demo province's listing life cycle (issue #16):
 * validity dates for the generated listings and one life-cycle pass at the
 * end of `techbridge demo`, so that what the demo publishes is true: the
 * generator spreads deadlines over 2019-2026, and without this pass 703 of
 * 1,292 published demands were past their deadline. */
#include "model/region.h"
#include "cli/demo.h"
#include "core/arena.h"
#include "core/err.h"
#include "core/util.h"
#include "domain/catalog_ops.h"
#include "domain/lifecycle.h"
#include "domain/bulletin.h"
#include <stdio.h>
#include <string.h>
#include <time.h>

#define YEAR (365LL * 86400)

const char *demo_expiry(struct arena *a, const char *published_at, const char *title)
{
	struct tm tm;
	int64_t p, k;
	uint64_t h = 1469598103934665603ULL;
	char date[11];
	int y, m, d;

	if (!published_at || !parse_date(arena_strndup(a, published_at, 10), &y, &m, &d))
		return NULL;
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	p = (int64_t)timegm(&tm);
	for (const char *s = title; s && *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	/* Renewed each year: the first anniversary after the demo's end ... */
	k = p > DEMO_END ? 1 : (DEMO_END - p) / YEAR + 1;
	/* ... except one owner in eight, who let the last period lapse. */
	if (h % 8 == 0 && k > 1)
		k--;
	region_local_date(p + k * YEAR - REGION_UTC_OFFSET_S, date);
	return arena_strdup(a, date);
}

/* Published rows other seeders made (the contracts seeder writes its own
 * achievements) get their validity by the same rule. */
struct undated {
	struct arena *a;
	int64_t *ids;
	const char **until;
	int n, cap;
};

static int collect(void *ctx, const struct achievement *x)
{
	struct undated *u = ctx;
	if (x->expires_at || u->n >= u->cap)
		return TB_OK;
	u->ids[u->n] = x->id;
	u->until[u->n++] = demo_expiry(u->a, x->published_at, x->title_zh ? x->title_zh : x->title_en);
	return TB_OK;
}

static int date_undated(struct demo_ctx *d)
{
	struct arena a;
	struct undated u = { &a, NULL, NULL, 0, 200000 };
	int rc;
	arena_init(&a, 64u << 20);
	u.ids = arena_alloc(&a, sizeof(*u.ids) * (size_t)u.cap);
	u.until = arena_alloc(&a, sizeof(*u.until) * (size_t)u.cap);
	if (!u.ids || !u.until) {
		arena_release(&a);
		return TB_ENOMEM;
	}
	rc = catalog_ach_each(d->st, "published", collect, &u);
	if (!rc)
		rc = lifecycle_set_expiry(d->st, u.ids, u.until, u.n);
	arena_release(&a);
	return rc;
}

/* The archive a province would have: the bulletins of the last 8 weeks and
 * the last 6 months before the demo's "today", made on that day. Each earlier
 * period is the one that had ended on the first day of the later one (a
 * 31-day step skipped October when counted back from 1 December). */
static int demo_bulletins(struct demo_ctx *d, int64_t today, int *made)
{
	static const struct { const char *kind; int n; } plan[] = { { "weekly", 8 }, { "monthly", 6 } };
	struct arena a;
	int rc = TB_OK;
	*made = 0;
	arena_init(&a, 16u << 20);
	for (size_t p = 0; p < sizeof(plan) / sizeof(plan[0]) && !rc; p++) {
		int64_t t = today;
		for (int k = 0; k < plan[p].n && !rc; k++) {
			struct tb_field_error fe = { 0 };
			struct bulletin b;
			const char *kind;
			char period[9], from[11], to[11], win[11];
			bulletin_last_ended(plan[p].kind, t, period);
			rc = bulletin_make(d->st, &a, period, today, "system", &b, &fe);
			if (!rc)
				(*made)++;
			else if (rc == TB_ECONFLICT)
				rc = TB_OK;
			arena_release(&a);
			/* Noon UTC of the period's first day: that day in Shenyang too. */
			if (!rc && (bulletin_period(period, &kind, from, to, win, &fe) || !date_utc(from, 12, &t)))
				rc = TB_EINVAL;
		}
	}
	arena_release(&a);
	return rc;
}

int demo_seed_release(struct demo_ctx *d)
{
	struct life_settings ls;
	struct life_report r;
	int rc, made;
	life_settings_default(&ls);
	if ((rc = date_undated(d)))
		return rc;
	/* At the demo's own "today" (DEMO_NOW), so the same seed gives the same
	 * file whatever the date; a server's scheduler
	 * (or `techbridge maintain`) brings it to the real date. */
	if ((rc = lifecycle_run(d->st, NULL, &ls, DEMO_NOW, &r)))
		return rc;
	if (!d->quiet)
		fprintf(stderr, "  life cycle: expired %d, demands closed at deadline %d, realised %d, "
		                "reminders %d\n", r.expired, r.closed_deadline, r.closed_realised,
		        r.reminded);
	if ((rc = demo_bulletins(d, DEMO_NOW, &made)))
		return rc;
	if (!d->quiet)
		fprintf(stderr, "  bulletins: %d (8 weeks, 6 months)\n", made);
	return TB_OK;
}

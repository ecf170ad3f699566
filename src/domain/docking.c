/* docking.c - see docking.h. Two in-memory indexes (achievements, demands)
 * hold only published items; the store stays the source of truth and rows
 * are loaded from it by id after ranking, so a listing never shows stale
 * text. Index writes happen after the store write has committed. */
#include "domain/docking.h"
#include "store/store.h"
#include "core/buf.h"
#include "core/err.h"
#include "core/log.h"
#include "match/index.h"
#include <stdlib.h>
#include <string.h>

struct catalog_index {
	struct mindex *ach;
	struct mindex *dem;
	_Atomic uint64_t version; /* see catalog_index_version */
	struct docking_settings set;
};

void docking_settings_default(struct docking_settings *s) { s->w_locality = 1.0; }

/* zh and en joined: the analyzer handles both in one pass. */
static const char *join2(struct buf *b, const char *x, const char *y)
{
	buf_reset(b);
	if (x)
		buf_adds(b, x);
	if (x && y)
		buf_addc(b, '\n');
	if (y)
		buf_adds(b, y);
	return b->ptr ? b->ptr : "";
}

static int put_achievement(struct catalog_index *ix, const struct achievement *x)
{
	struct buf t = BUF_INIT(1 << 20), body = BUF_INIT(1 << 22);
	struct mdoc d = { 0 };
	int rc;
	d.id = x->id;
	d.title = join2(&t, x->title_zh, x->title_en);
	d.keywords = x->keywords;
	d.body = join2(&body, x->abstract_zh, x->abstract_en);
	d.field = x->field;
	d.trl = x->trl;
	d.modes = x->modes;
	d.city = x->city;
	d.province = x->province;
	d.price_lo = d.price_hi = x->price;
	d.status = x->status;
	rc = mindex_put(ix->ach, &d);
	buf_release(&t);
	buf_release(&body);
	return rc;
}

static int put_demand(struct catalog_index *ix, const struct demand *x)
{
	struct buf t = BUF_INIT(1 << 20), body = BUF_INIT(1 << 22);
	struct mdoc d = { 0 };
	int rc;
	d.id = x->id;
	d.title = join2(&t, x->title_zh, x->title_en);
	d.keywords = x->keywords;
	d.body = join2(&body, x->desc_zh, x->desc_en);
	d.field = x->field;
	d.trl = x->trl_min;
	d.modes = x->modes;
	d.city = x->region ? x->region : x->city;
	d.province = x->province;
	d.price_lo = x->budget_min;
	d.price_hi = x->budget_max;
	d.status = x->status;
	rc = mindex_put(ix->dem, &d);
	buf_release(&t);
	buf_release(&body);
	return rc;
}

static int load_ach(void *ctx, const struct achievement *x) { return put_achievement(ctx, x); }
static int load_dem(void *ctx, const struct demand *x) { return put_demand(ctx, x); }

static void apply_settings(struct catalog_index *ix)
{
	struct mparams p;
	mparams_default(&p);
	p.locality = ix->set.w_locality;
	mindex_set_params(ix->ach, &p);
	mindex_set_params(ix->dem, &p);
}

int catalog_index_build(struct store *st, const struct docking_settings *set, struct catalog_index **out)
{
	struct catalog_index *ix = calloc(1, sizeof(*ix));
	int rc;
	*out = NULL;
	if (!ix)
		return TB_ENOMEM;
	ix->set = *set;
	ix->ach = mindex_new(NULL);
	ix->dem = mindex_new(NULL);
	if (!ix->ach || !ix->dem) {
		catalog_index_free(ix);
		return TB_ENOMEM;
	}
	apply_settings(ix);
	if ((rc = store_achievement_each(st, "published", load_ach, ix)) ||
	    (rc = store_demand_each(st, "published", load_dem, ix))) {
		catalog_index_free(ix);
		return rc;
	}
	tb_info("match index: %zu achievements, %zu demands, %zu KiB", mindex_count(ix->ach),
	        mindex_count(ix->dem), (mindex_bytes(ix->ach) + mindex_bytes(ix->dem)) >> 10);
	*out = ix;
	return TB_OK;
}

void catalog_index_free(struct catalog_index *ix)
{
	if (!ix)
		return;
	mindex_free(ix->ach);
	mindex_free(ix->dem);
	free(ix);
}

void catalog_index_counts(struct catalog_index *ix, int64_t *a, int64_t *d)
{
	*a = ix ? (int64_t)mindex_count(ix->ach) : 0;
	*d = ix ? (int64_t)mindex_count(ix->dem) : 0;
}

void docking_changed_achievement(struct catalog_index *ix, const struct achievement *x)
{
	if (!ix)
		return;
	/* A draft that was never indexed changes nothing: kept answers stay. */
	if (!strcmp(x->status, "published"))
		put_achievement(ix, x);
	else if (mindex_del(ix->ach, x->id) == TB_ENOTFOUND)
		return;
	ix->version++;
}

void docking_changed_demand(struct catalog_index *ix, const struct demand *x)
{
	if (!ix)
		return;
	if (!strcmp(x->status, "published"))
		put_demand(ix, x);
	else if (mindex_del(ix->dem, x->id) == TB_ENOTFOUND)
		return;
	ix->version++;
}

uint64_t catalog_index_version(struct catalog_index *ix) { return ix ? ix->version : 0; }

static void query_filters(struct mquery *mq, const struct catalog_query *q)
{
	mq->field = q->field;
	mq->trl_min = q->trl_min;
	mq->trl_max = q->trl_max;
	mq->modes_any = q->modes;
	mq->city = q->city;
	mq->price_min = q->price_min;
	mq->price_max = q->price_max;
	mq->limit = (size_t)(q->limit > 0 ? q->limit : 10);
	mq->offset = (size_t)(q->offset > 0 ? q->offset : 0);
}

/* Copies index hits (and explanations) into the caller's arena. */
static int copy_hits(struct arena *a, const struct mresults *r, struct docking_hit **out)
{
	struct docking_hit *h = arena_alloc(a, sizeof(*h) * (r->nhits ? r->nhits : 1));
	if (!h)
		return TB_ENOMEM;
	for (size_t i = 0; i < r->nhits; i++) {
		h[i].id = r->hits[i].id;
		h[i].score = r->hits[i].score;
		h[i].nfactors = (int)r->hits[i].nfactors;
		h[i].factors = arena_alloc(a, sizeof(struct docking_factor) * (r->hits[i].nfactors + 1));
		if (!h[i].factors)
			return TB_ENOMEM;
		for (size_t f = 0; f < r->hits[i].nfactors; f++) {
			const struct mfactor *mf = &r->hits[i].factors[f];
			/* Terms are shown as "term:x" so clients can tell them from factors. */
			h[i].factors[f].name = mf->is_term ? arena_printf(a, "term:%s", mf->name)
			                                   : arena_strdup(a, mf->name);
			h[i].factors[f].weight = mf->weight;
		}
	}
	*out = h;
	return TB_OK;
}

/* Loads one row by id into `out`; the two sides differ only in this. */
typedef int (*row_loader)(struct store *st, struct arena *a, int64_t id, void *out);
/* The index holds published items only, but another process (cron's
 * `techbridge maintain`, another app node) may have expired or closed one
 * since this node indexed it: the store decides, so such rows are skipped
 * like deleted ones (issue #16). */
static int load_ach_row(struct store *st, struct arena *a, int64_t id, void *out)
{
	int rc = store_achievement_get(st, a, id, out);
	if (!rc && strcmp(((struct achievement *)out)->status, "published"))
		rc = TB_ENOTFOUND;
	return rc;
}
static int load_dem_row(struct store *st, struct arena *a, int64_t id, void *out)
{
	int rc = store_demand_get(st, a, id, out);
	if (!rc && strcmp(((struct demand *)out)->status, "published"))
		rc = TB_ENOTFOUND;
	return rc;
}

/* Runs a query on one index and loads the rows (elements of `elem` bytes);
 * rows deleted since they were indexed are skipped. */
static int run_query(struct mindex *idx, struct store *st, struct arena *a, const struct mquery *mq,
                     size_t elem, row_loader load, void **rows, struct docking_hit **hits, int *n,
                     int64_t *total)
{
	struct mresults r;
	int rc, k = 0;
	char *out;

	if ((rc = mindex_search(idx, mq, &r)))
		goto done;
	if ((rc = copy_hits(a, &r, hits)))
		goto done;
	out = arena_alloc(a, elem * (r.nhits ? r.nhits : 1));
	if (!out) {
		rc = TB_ENOMEM;
		goto done;
	}
	for (size_t i = 0; i < r.nhits; i++) {
		int grc = load(st, a, r.hits[i].id, out + elem * (size_t)k);
		if (grc == TB_ENOTFOUND)
			continue;
		if (grc) {
			rc = grc;
			goto done;
		}
		(*hits)[k] = (*hits)[i];
		k++;
	}
	*rows = out;
	*n = k;
	if (total)
		*total = (int64_t)r.total;
done:
	mresults_release(&r);
	return rc;
}

static int run_ach(struct catalog_index *ix, struct store *st, struct arena *a, const struct mquery *mq,
                   struct achievement **rows, struct docking_hit **hits, int *n, int64_t *total)
{
	return run_query(ix->ach, st, a, mq, sizeof(**rows), load_ach_row, (void **)rows, hits, n, total);
}

static int run_dem(struct catalog_index *ix, struct store *st, struct arena *a, const struct mquery *mq,
                   struct demand **rows, struct docking_hit **hits, int *n, int64_t *total)
{
	return run_query(ix->dem, st, a, mq, sizeof(**rows), load_dem_row, (void **)rows, hits, n, total);
}

static int only_published(const struct catalog_query *q)
{
	return !q->status || !strcmp(q->status, "published");
}

int docking_search_achievements(struct catalog_index *ix, struct store *st, struct arena *a,
                                const struct catalog_query *q, struct achievement **rows,
                                struct docking_hit **hits, int *n, int64_t *total)
{
	struct mquery mq;
	if (!ix || !only_published(q) || q->org_id) {
		*hits = NULL;
		return store_achievement_list(st, a, q, rows, n, total);
	}
	mquery_init(&mq);
	mq.text = q->q;
	query_filters(&mq, q);
	return run_ach(ix, st, a, &mq, rows, hits, n, total);
}

int docking_search_demands(struct catalog_index *ix, struct store *st, struct arena *a,
                           const struct catalog_query *q, struct demand **rows,
                           struct docking_hit **hits, int *n, int64_t *total)
{
	struct mquery mq;
	if (!ix || !only_published(q) || q->org_id) {
		*hits = NULL;
		return store_demand_list(st, a, q, rows, n, total);
	}
	mquery_init(&mq);
	mq.text = q->q;
	query_filters(&mq, q);
	return run_dem(ix, st, a, &mq, rows, hits, n, total);
}

/* The query for "what matches this item" is its own title, keywords and text;
 * keywords are repeated once so that the parties' own labels weigh more. */
static const char *item_text(struct arena *a, const char *t1, const char *t2, const char *kw,
                             const char *b1, const char *b2)
{
	return arena_printf(a, "%s %s %s %s %s %s", t1 ? t1 : "", t2 ? t2 : "", kw ? kw : "",
	                    kw ? kw : "", b1 ? b1 : "", b2 ? b2 : "");
}

int docking_for_demand(struct catalog_index *ix, struct store *st, struct arena *a, int64_t demand_id,
                       const struct catalog_query *filters, struct achievement **rows,
                       struct docking_hit **hits, int *n)
{
	struct demand d;
	struct mquery mq;
	int rc;
	if (!ix)
		return TB_ENOTFOUND;
	if ((rc = store_demand_get(st, a, demand_id, &d)))
		return rc;
	mquery_init(&mq);
	mq.text = item_text(a, d.title_zh, d.title_en, d.keywords, d.desc_zh, d.desc_en);
	query_filters(&mq, filters);
	mq.ev.side = MSIDE_DEMAND;
	mq.ev.field = d.field;
	mq.ev.trl = d.trl_min;
	mq.ev.modes = d.modes;
	mq.ev.price_lo = d.budget_min;
	mq.ev.price_hi = d.budget_max;
	mq.ev.city = d.region ? d.region : d.city;
	mq.ev.province = d.province;
	return run_ach(ix, st, a, &mq, rows, hits, n, NULL);
}

int docking_for_achievement(struct catalog_index *ix, struct store *st, struct arena *a,
                            int64_t ach_id, const struct catalog_query *filters, struct demand **rows,
                            struct docking_hit **hits, int *n)
{
	struct achievement x;
	struct mquery mq;
	int rc;
	if (!ix)
		return TB_ENOTFOUND;
	if ((rc = store_achievement_get(st, a, ach_id, &x)))
		return rc;
	mquery_init(&mq);
	mq.text = item_text(a, x.title_zh, x.title_en, x.keywords, x.abstract_zh, x.abstract_en);
	query_filters(&mq, filters);
	mq.ev.side = MSIDE_ACHIEVEMENT;
	mq.ev.field = x.field;
	mq.ev.trl = x.trl;
	mq.ev.modes = x.modes;
	mq.ev.price_lo = mq.ev.price_hi = x.price;
	mq.ev.city = x.city;
	mq.ev.province = x.province;
	return run_dem(ix, st, a, &mq, rows, hits, n, NULL);
}

int docking_free_text(struct catalog_index *ix, struct store *st, struct arena *a, int want_demands,
                      const char *text, const struct catalog_query *filters,
                      const struct docking_evidence *ev, void **rows, struct docking_hit **hits,
                      int *n, int64_t *total)
{
	struct mquery mq;
	if (!ix)
		return TB_ENOTFOUND;
	mquery_init(&mq);
	mq.text = text;
	query_filters(&mq, filters);
	if (ev) {
		mq.ev.side = want_demands ? MSIDE_ACHIEVEMENT : MSIDE_DEMAND;
		mq.ev.field = ev->field;
		mq.ev.trl = ev->trl;
		mq.ev.modes = ev->modes;
		mq.ev.price_lo = ev->price_lo;
		mq.ev.price_hi = ev->price_hi;
		mq.ev.city = ev->city;
		mq.ev.province = ev->province;
	}
	return want_demands ? run_dem(ix, st, a, &mq, (struct demand **)rows, hits, n, total)
	                    : run_ach(ix, st, a, &mq, (struct achievement **)rows, hits, n, total);
}

/* docking.c - see docking.h. Two in-memory indexes (achievements, demands)
 * hold only published items; the store stays the source of truth and rows
 * are loaded from it by id after ranking, so a listing never shows stale
 * text. Index writes happen after the store write has committed. */
#include "domain/docking.h"
#include "core/buf.h"
#include "core/err.h"
#include "core/log.h"
#include "match/index.h"
#include "match/surface.h"
#include "text/analyzer.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct catalog_index {
	struct mindex *ach;
	struct mindex *dem;
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

/* "YYYY-MM-DD" -> YYYYMMDD, 0 when absent or malformed. */
static uint32_t ymd(const char *d)
{
	unsigned y, m, dd;
	if (!d || sscanf(d, "%4u-%2u-%2u", &y, &m, &dd) != 3)
		return 0;
	return y * 10000 + m * 100 + dd;
}

/* Today (local) as YYYYMMDD; TB_TODAY=YYYY-MM-DD pins it for tests and demos. */
static uint32_t today_ymd(void)
{
	const char *pin = getenv("TB_TODAY");
	time_t t = time(NULL);
	struct tm tm;
	if (pin && ymd(pin))
		return ymd(pin);
	localtime_r(&t, &tm);
	return (uint32_t)((tm.tm_year + 1900) * 10000 + (tm.tm_mon + 1) * 100 + tm.tm_mday);
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
	d.valid_until = ymd(x->deadline); /* a closed call is no match (filtered per query) */
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
	if ((rc = store_ach_each(st, "published", load_ach, ix)) ||
	    (rc = store_dem_each(st, "published", load_dem, ix))) {
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
	if (!strcmp(x->status, "published"))
		put_achievement(ix, x);
	else
		mindex_del(ix->ach, x->id);
}

void docking_changed_demand(struct catalog_index *ix, const struct demand *x)
{
	if (!ix)
		return;
	if (!strcmp(x->status, "published"))
		put_demand(ix, x);
	else
		mindex_del(ix->dem, x->id);
}

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

int docking_strength(double text, double text_max, int met, int unmet)
{
	/* docs/matching.md: 70 points for text coverage, 30 for the asker's stated
	 * conditions; coverage = text / text_max, shown through a square root
	 * because whole-listing queries rarely cover more than half their terms */
	double cov = text_max > 0 ? text / text_max : 0, c = met + unmet > 0 ? (double)met / (met + unmet) : 0.5;
	double v;
	if (cov < 0)
		cov = 0;
	if (cov > 1)
		cov = 1;
	v = 70.0 * sqrt(cov) + 30.0 * c;
	if (text <= 0)
		v = 30.0 * c * 0.5; /* nothing in common in the text: at most 15 */
	return (int)lround(v < 0 ? 0 : v > 100 ? 100 : v);
}

/* What differs between the two sides: load a row, its text, its conditions. */
struct side {
	size_t elem;
	int (*load)(struct store *st, struct arena *a, int64_t id, void *out);
	const char *(*text)(struct arena *a, const void *row);
	int (*conds)(struct arena *a, const struct mevidence *ev, const void *row,
		     struct docking_condition *out);
};

static int load_ach_row(struct store *st, struct arena *a, int64_t id, void *out)
{
	return store_ach_get(st, a, id, out);
}
static int load_dem_row(struct store *st, struct arena *a, int64_t id, void *out)
{
	return store_dem_get(st, a, id, out);
}

static const char *nz(const char *s) { return s ? s : ""; }

static const char *ach_text(struct arena *a, const void *row)
{
	const struct achievement *x = row;
	return arena_printf(a, "%s\n%s\n%s\n%s\n%s", nz(x->title_zh), nz(x->title_en), nz(x->keywords),
			    nz(x->abstract_zh), nz(x->abstract_en));
}
static const char *dem_text(struct arena *a, const void *row)
{
	const struct demand *x = row;
	return arena_printf(a, "%s\n%s\n%s\n%s\n%s", nz(x->title_zh), nz(x->title_en), nz(x->keywords),
			    nz(x->desc_zh), nz(x->desc_en));
}

/* The conditions both sides share: transaction mode, price vs budget, TRL vs
 * the minimum wanted, field. `price`/`budget`/`have`/`want` are already
 * oriented (achievement's price and TRL, demand's budget and minimum). */
static int conds_common(const struct mevidence *ev, unsigned doc_modes, const char *doc_field,
			double price, double budget, int have, int want, struct docking_condition *c)
{
	int n = 0;
	if (ev->field && doc_field)
		c[n++] = (struct docking_condition){ "field",
			strcmp(ev->field, doc_field) ? "other_field" : "same_field", !strcmp(ev->field, doc_field) };
	if (ev->modes && doc_modes)
		c[n++] = (struct docking_condition){ "mode", ev->modes & doc_modes ? "mode_match" : "mode_mismatch",
						     (ev->modes & doc_modes) != 0 };
	if (budget >= 0) {
		if (price < 0)
			c[n++] = (struct docking_condition){ "price", "price_negotiable", -1 };
		else
			c[n++] = (struct docking_condition){ "price",
				price <= budget ? "price_within_budget" : "price_over_budget", price <= budget };
	}
	if (want > 0 && have > 0)
		c[n++] = (struct docking_condition){ "trl", have >= want ? "trl_meets_min" : "trl_below_min",
						     have >= want };
	return n;
}

/* asker = a demand (evidence), row = an achievement */
static int ach_conds(struct arena *a, const struct mevidence *ev, const void *row,
		     struct docking_condition *out)
{
	const struct achievement *x = row;
	double budget = ev->price_hi >= 0 ? ev->price_hi : -1;
	(void)a;
	return conds_common(ev, x->modes, x->field, x->price, budget, x->trl, ev->trl, out);
}
/* asker = an achievement (evidence), row = a demand */
static int dem_conds(struct arena *a, const struct mevidence *ev, const void *row,
		     struct docking_condition *out)
{
	const struct demand *x = row;
	double price = ev->price_lo >= 0 ? ev->price_lo : ev->price_hi;
	(void)a;
	if (ev->price_lo < 0 && ev->price_hi < 0)
		price = -2; /* no evidence about our price: no price condition */
	return conds_common(ev, x->modes, x->field, price, price == -2 ? -1 : x->budget_max, ev->trl,
			    x->trl_min, out);
}

static const struct side ach_side = { sizeof(struct achievement), load_ach_row, ach_text, ach_conds };
static const struct side dem_side = { sizeof(struct demand), load_dem_row, dem_text, dem_conds };

/* Copies one index hit into the caller's arena: term factors become the
 * listing's own words (match/surface.h), structured factors stay by name. */
static int copy_hit(struct arena *a, struct analyzer *an, const struct mquery *mq,
		    const struct mresults *r, const struct mhit *mh, const struct side *sd,
		    const void *row, struct docking_hit *h)
{
	struct msurface *w = NULL;
	size_t nw = 0, k = 0;
	int rc, met = 0, unmet = 0;
	h->id = mh->id;
	h->score = mh->score;
	h->text = mh->text;
	h->text_max = r->text_max;
	if ((rc = msurface_words(an, sd->text(a, row), mh->factors, mh->nfactors, a, &w, &nw)))
		return rc;
	h->factors = arena_alloc(a, sizeof(struct docking_factor) * (mh->nfactors + 1));
	h->conds = arena_alloc(a, sizeof(struct docking_condition) * 8);
	if (!h->factors || !h->conds)
		return TB_ENOMEM;
	for (size_t i = 0; i < nw; i++) {
		/* Terms are shown as "term:x" so clients can tell them from factors. */
		if (!(h->factors[k].name = arena_printf(a, "term:%s", w[i].word)))
			return TB_ENOMEM;
		h->factors[k++].weight = w[i].weight;
	}
	for (size_t f = 0; f < mh->nfactors; f++)
		if (!mh->factors[f].is_term) {
			h->factors[k].name = mh->factors[f].name;
			h->factors[k++].weight = mh->factors[f].weight;
		}
	h->nfactors = (int)k;
	h->nconds = mq->ev.side == MSIDE_DEMAND || mq->ev.side == MSIDE_ACHIEVEMENT
			    ? sd->conds(a, &mq->ev, row, h->conds) : 0;
	for (int i = 0; i < h->nconds; i++) {
		if (h->conds[i].met == 1)
			met++;
		else if (h->conds[i].met == 0)
			unmet++;
	}
	h->strength = docking_strength(h->text, h->text_max, met, unmet);
	return TB_OK;
}

/* Runs a query on one index and loads the rows; rows deleted since they were
 * indexed are skipped. */
static int run_query(struct mindex *idx, struct store *st, struct arena *a, const struct mquery *mq,
                     const struct side *sd, void **rows, struct docking_hit **hits, int *n,
                     int64_t *total)
{
	struct mresults r;
	struct analyzer *an = NULL;
	struct docking_hit *h;
	int rc, k = 0;
	char *out;

	if ((rc = mindex_search(idx, mq, &r)))
		goto done;
	out = arena_alloc(a, sd->elem * (r.nhits ? r.nhits : 1));
	h = arena_alloc(a, sizeof(*h) * (r.nhits ? r.nhits : 1));
	if (!out || !h || !(an = analyzer_new())) {
		rc = TB_ENOMEM;
		goto done;
	}
	for (size_t i = 0; i < r.nhits; i++) {
		void *row = out + sd->elem * (size_t)k;
		int grc = sd->load(st, a, r.hits[i].id, row);
		if (grc == TB_ENOTFOUND)
			continue;
		if (grc || (grc = copy_hit(a, an, mq, &r, &r.hits[i], sd, row, &h[k]))) {
			rc = grc;
			goto done;
		}
		k++;
	}
	*rows = out;
	*hits = h;
	*n = k;
	if (total)
		*total = (int64_t)r.total;
done:
	analyzer_free(an);
	mresults_release(&r);
	return rc;
}

static int run_ach(struct catalog_index *ix, struct store *st, struct arena *a, const struct mquery *mq,
                   struct achievement **rows, struct docking_hit **hits, int *n, int64_t *total)
{
	return run_query(ix->ach, st, a, mq, &ach_side, (void **)rows, hits, n, total);
}

static int run_dem(struct catalog_index *ix, struct store *st, struct arena *a, const struct mquery *mq,
                   struct demand **rows, struct docking_hit **hits, int *n, int64_t *total)
{
	return run_query(ix->dem, st, a, mq, &dem_side, (void **)rows, hits, n, total);
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
		return store_ach_list(st, a, q, rows, n, total);
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
		return store_dem_list(st, a, q, rows, n, total);
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
	if ((rc = store_dem_get(st, a, demand_id, &d)))
		return rc;
	mquery_init(&mq);
	mq.text = item_text(a, d.title_zh, d.title_en, d.keywords, d.desc_zh, d.desc_en);
	query_filters(&mq, filters);
	mq.valid_on = today_ymd();
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
	if ((rc = store_ach_get(st, a, ach_id, &x)))
		return rc;
	mquery_init(&mq);
	mq.text = item_text(a, x.title_zh, x.title_en, x.keywords, x.abstract_zh, x.abstract_en);
	query_filters(&mq, filters);
	mq.valid_on = today_ymd();
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
	mq.valid_on = today_ymd();
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

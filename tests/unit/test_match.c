/* test_match.c - unit tests for the in-memory matching index: insert, search,
 * replace, delete, every filter, explanations, paging, empty queries,
 * compaction and concurrent searches. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <cmocka.h>

#include "core/err.h"
#include "match/index.h"
#include "match/surface.h"
#include "text/analyzer.h"

static struct mdoc doc(int64_t id, const char *title, const char *kw, const char *body)
{
	struct mdoc d = { .id = id, .title = title, .keywords = kw, .body = body,
			  .price_lo = -1, .price_hi = -1 };
	return d;
}

static void put_fixture(struct mindex *x)
{
	struct mdoc d;
	d = doc(1, "锂离子电池正极材料制备方法", "锂电池、正极材料", "高镍三元材料，提高能量密度");
	d.field = "新材料"; d.trl = 6; d.modes = MMODE_TRANSFER | MMODE_LICENCE;
	d.city = "沈阳"; d.province = "辽宁"; d.price_lo = d.price_hi = 2e6;
	assert_int_equal(mindex_put(x, &d), TB_OK);
	d = doc(2, "Deep learning for data mining", "data mining; neural networks",
		"We apply running deep networks to mine industrial data");
	d.field = "AI"; d.trl = 3; d.modes = MMODE_CODEV;
	d.city = "Dalian"; d.province = "Liaoning"; d.price_lo = 5e5; d.price_hi = 1e6;
	assert_int_equal(mindex_put(x, &d), TB_OK);
	d = doc(3, "数据挖掘平台", "数据挖掘,大数据", "基于5G的smart grid数据挖掘与分析");
	d.field = "ai"; d.trl = 8; d.modes = MMODE_SERVICE | MMODE_TRANSFER;
	d.city = "沈阳"; d.province = "辽宁"; /* price negotiable */
	assert_int_equal(mindex_put(x, &d), TB_OK);
	d = doc(4, "Battery management system", "battery, BMS", "lithium battery state of charge");
	d.field = "energy"; d.trl = 7; d.modes = MMODE_EQUITY;
	d.city = "Beijing"; d.province = "Beijing"; d.price_lo = 8e6; d.price_hi = 1e7;
	assert_int_equal(mindex_put(x, &d), TB_OK);
}

static int setup(void **state)
{
	struct mindex *x = mindex_new(NULL);
	if (!x)
		return -1;
	put_fixture(x);
	*state = x;
	return 0;
}

static int teardown(void **state)
{
	mindex_free(*state);
	return 0;
}

static size_t search_ids(struct mindex *x, const struct mquery *q, int64_t *ids, size_t max)
{
	struct mresults r;
	size_t n;
	assert_int_equal(mindex_search(x, q, &r), TB_OK);
	n = r.nhits < max ? r.nhits : max;
	for (size_t i = 0; i < n; i++)
		ids[i] = r.hits[i].id;
	for (size_t i = 1; i < r.nhits; i++)
		assert_true(r.hits[i - 1].score >= r.hits[i].score);
	mresults_release(&r);
	return n;
}

static void test_insert_search(void **state)
{
	struct mindex *x = *state;
	struct mquery q;
	int64_t ids[8];
	assert_int_equal(mindex_count(x), 4);
	mquery_init(&q);
	q.text = "数据挖掘";
	assert_int_equal(search_ids(x, &q, ids, 8), 1);
	assert_int_equal(ids[0], 3);
	q.text = "mining the data";
	assert_int_equal(search_ids(x, &q, ids, 8), 1);
	assert_int_equal(ids[0], 2);
	q.text = "lithium batteries";
	assert_int_equal(search_ids(x, &q, ids, 8), 1);
	assert_int_equal(ids[0], 4);
	q.text = "锂电池"; /* bigrams 锂电 电池 hit doc 1 only (doc 4 is English) */
	assert_int_equal(search_ids(x, &q, ids, 8), 1);
	assert_int_equal(ids[0], 1);
	q.text = "鋰電池"; /* Traditional query finds the Simplified document */
	assert_int_equal(search_ids(x, &q, ids, 8), 1);
	assert_int_equal(ids[0], 1);
	q.text = "5G";
	assert_int_equal(search_ids(x, &q, ids, 8), 1);
	assert_int_equal(ids[0], 3);
	q.text = "quantum";
	assert_int_equal(search_ids(x, &q, ids, 8), 0);
}

static void test_update_delete(void **state)
{
	struct mindex *x = *state;
	struct mquery q;
	int64_t ids[8];
	struct mdoc d = doc(2, "Quantum sensing", "quantum", "magnetometer");
	assert_int_equal(mindex_put(x, &d), TB_OK);
	assert_int_equal(mindex_count(x), 4);
	mquery_init(&q);
	q.text = "deep learning"; /* the old text of doc 2 is gone */
	assert_int_equal(search_ids(x, &q, ids, 8), 0);
	q.text = "quantum";
	assert_int_equal(search_ids(x, &q, ids, 8), 1);
	assert_int_equal(ids[0], 2);
	assert_int_equal(mindex_del(x, 2), TB_OK);
	assert_int_equal(mindex_del(x, 2), TB_ENOTFOUND);
	assert_int_equal(mindex_count(x), 3);
	assert_int_equal(search_ids(x, &q, ids, 8), 0);
	/* re-insert after delete */
	assert_int_equal(mindex_put(x, &d), TB_OK);
	assert_int_equal(search_ids(x, &q, ids, 8), 1);
	assert_int_equal(mindex_compact(x), TB_OK);
	assert_int_equal(search_ids(x, &q, ids, 8), 1);
	assert_int_equal(ids[0], 2);
	q.text = "数据挖掘";
	assert_int_equal(search_ids(x, &q, ids, 8), 1);
	assert_int_equal(ids[0], 3);
	assert_int_equal(mindex_count(x), 4);
	d.id = 0;
	assert_int_equal(mindex_put(x, &d), TB_EINVAL);
}

static void test_filters(void **state)
{
	struct mindex *x = *state;
	struct mquery q;
	int64_t ids[8];
	mquery_init(&q); /* empty text: browse by filters */
	q.field = "AI";  /* case folded: matches "AI" and "ai" */
	assert_int_equal(search_ids(x, &q, ids, 8), 2);
	assert_true((ids[0] == 2 && ids[1] == 3) || (ids[0] == 3 && ids[1] == 2));
	q.field = "ＡＩ"; /* full-width folds too */
	assert_int_equal(search_ids(x, &q, ids, 8), 2);
	q.field = "nosuch";
	assert_int_equal(search_ids(x, &q, ids, 8), 0);

	mquery_init(&q);
	q.trl_min = 6;
	assert_int_equal(search_ids(x, &q, ids, 8), 3);
	q.trl_max = 7;
	assert_int_equal(search_ids(x, &q, ids, 8), 2); /* 1 (6) and 4 (7) */
	assert_true(ids[0] == 1 && ids[1] == 4);

	mquery_init(&q);
	q.modes_any = MMODE_TRANSFER;
	assert_int_equal(search_ids(x, &q, ids, 8), 2);
	assert_true(ids[0] == 1 && ids[1] == 3);
	q.modes_any = MMODE_EQUITY | MMODE_CODEV;
	assert_int_equal(search_ids(x, &q, ids, 8), 2);
	assert_true(ids[0] == 2 && ids[1] == 4);

	mquery_init(&q);
	q.city = "沈阳";
	assert_int_equal(search_ids(x, &q, ids, 8), 2);
	assert_true(ids[0] == 1 && ids[1] == 3);
	q.city = "dalian";
	assert_int_equal(search_ids(x, &q, ids, 8), 1);
	assert_int_equal(ids[0], 2);

	mquery_init(&q);
	q.price_max = 1.5e6; /* doc 2 (0.5-1M) and negotiable doc 3 */
	assert_int_equal(search_ids(x, &q, ids, 8), 2);
	assert_true(ids[0] == 2 && ids[1] == 3);
	q.price_min = 9e6; /* 9M..1.5M overlaps nothing priced; only negotiable */
	q.price_max = -1;
	assert_int_equal(search_ids(x, &q, ids, 8), 2); /* 4 (8-10M) and 3 */
	assert_true(ids[0] == 3 && ids[1] == 4);

	/* filters combine with text */
	mquery_init(&q);
	q.text = "数据挖掘 battery";
	assert_int_equal(search_ids(x, &q, ids, 8), 2);
	q.city = "Beijing";
	assert_int_equal(search_ids(x, &q, ids, 8), 1);
	assert_int_equal(ids[0], 4);
	q.city = NULL;
	q.exclude_id = 4;
	assert_int_equal(search_ids(x, &q, ids, 8), 1);
	assert_int_equal(ids[0], 3);
}

static const struct mfactor *factor(const struct mhit *h, const char *name)
{
	for (size_t i = 0; i < h->nfactors; i++)
		if (strcmp(h->factors[i].name, name) == 0)
			return &h->factors[i];
	return NULL;
}

static void test_explain(void **state)
{
	struct mindex *x = *state;
	struct mquery q;
	struct mresults r;
	const struct mfactor *f;
	double sum = 0;
	mquery_init(&q);
	q.text = "数据挖掘 running";
	q.ev.side = MSIDE_DEMAND;
	q.ev.field = "AI";
	q.ev.trl = 5;
	q.ev.modes = MMODE_TRANSFER | MMODE_SERVICE;
	q.ev.price_lo = 0;
	q.ev.price_hi = 3e6;
	q.ev.city = "沈阳";
	assert_int_equal(mindex_search(x, &q, &r), TB_OK);
	assert_int_equal(r.total, 2);
	assert_int_equal(r.nhits, 2);
	assert_int_equal(r.hits[0].id, 3);
	f = factor(&r.hits[0], "数据");
	assert_non_null(f);
	assert_true(f->is_term && f->weight > 0);
	assert_non_null(factor(&r.hits[0], "挖掘"));
	assert_non_null(f = factor(&r.hits[0], "same_field"));
	assert_false(f->is_term);
	assert_non_null(factor(&r.hits[0], "trl_fit"));    /* 8 >= 5 */
	f = factor(&r.hits[0], "mode_overlap");             /* both wanted modes offered */
	assert_non_null(f);
	assert_true(f->weight > 0.79 && f->weight < 0.81);
	assert_non_null(factor(&r.hits[0], "budget_fit")); /* negotiable: half */
	assert_non_null(factor(&r.hits[0], "same_city"));
	for (size_t i = 0; i < r.hits[0].nfactors; i++)
		sum += r.hits[0].factors[i].weight;
	assert_true(sum > r.hits[0].score - 1e-3 && sum < r.hits[0].score + 1e-3);
	/* doc 2: stemmed "run" matched, TRL 3 < 5 gives a partial fit, no mode overlap */
	assert_int_equal(r.hits[1].id, 2);
	assert_non_null(factor(&r.hits[1], "run"));
	assert_non_null(f = factor(&r.hits[1], "trl_fit"));
	assert_true(f->weight < 0.8 * 0.34 + 1e-6);
	assert_null(factor(&r.hits[1], "mode_overlap"));
	assert_null(factor(&r.hits[1], "same_city"));
	mresults_release(&r);

	/* province evidence and the locality knob */
	{
		struct mparams p;
		mparams_default(&p);
		mquery_init(&q);
		q.text = "data";
		q.ev.province = "liaoning";
		assert_int_equal(mindex_search(x, &q, &r), TB_OK);
		assert_true(r.nhits >= 1);
		assert_non_null(factor(&r.hits[0], "same_province"));
		mresults_release(&r);
		p.locality = 0;
		mindex_set_params(x, &p);
		assert_int_equal(mindex_search(x, &q, &r), TB_OK);
		assert_null(factor(&r.hits[0], "same_province"));
		mresults_release(&r);
	}
}

static void test_paging_and_empty(void **state)
{
	struct mindex *x = *state;
	struct mquery q;
	struct mresults r;
	int64_t all[8], ids[8];
	mquery_init(&q);
	q.text = "";
	assert_int_equal(search_ids(x, &q, all, 8), 4); /* empty query: all docs */
	q.limit = 2;
	q.offset = 1;
	assert_int_equal(search_ids(x, &q, ids, 8), 2);
	assert_int_equal(ids[0], all[1]);
	assert_int_equal(ids[1], all[2]);
	q.offset = 3;
	assert_int_equal(search_ids(x, &q, ids, 8), 1);
	assert_int_equal(ids[0], all[3]);
	q.offset = 10;
	assert_int_equal(mindex_search(x, &q, &r), TB_OK);
	assert_int_equal(r.nhits, 0);
	assert_int_equal(r.total, 4);
	mresults_release(&r);
	q.limit = 0; /* count only */
	q.offset = 0;
	q.text = "data";
	assert_int_equal(mindex_search(x, &q, &r), TB_OK);
	assert_int_equal(r.nhits, 0);
	assert_int_equal(r.total, 1);
	mresults_release(&r);
	/* text with stopwords only behaves like an empty query; unknown terms: nothing */
	mquery_init(&q);
	q.text = "the of";
	assert_int_equal(search_ids(x, &q, ids, 8), 4);
	q.text = "zzzz qqqq";
	assert_int_equal(search_ids(x, &q, ids, 8), 0);
}

static void test_many_docs_compact(void **state)
{
	struct mindex *x = mindex_new(NULL);
	struct mquery q;
	struct mresults r;
	char title[64];
	(void)state;
	for (int round = 0; round < 3; round++)
		for (int i = 1; i <= 3000; i++) {
			struct mdoc d = doc(i, title, NULL, i % 7 == 0 ? "seven common" : "common");
			snprintf(title, sizeof(title), "doc%d r%d", i, round);
			assert_int_equal(mindex_put(x, &d), TB_OK);
		}
	assert_int_equal(mindex_count(x), 3000);
	mquery_init(&q);
	q.text = "seven";
	q.limit = 1000;
	assert_int_equal(mindex_search(x, &q, &r), TB_OK);
	assert_int_equal(r.total, 3000 / 7);
	mresults_release(&r);
	q.text = "doc700 r2"; /* the newest version only */
	q.limit = 1;
	assert_int_equal(mindex_search(x, &q, &r), TB_OK);
	assert_int_equal(r.hits[0].id, 700);
	assert_non_null(factor(&r.hits[0], "doc700"));
	assert_non_null(factor(&r.hits[0], "r2"));
	mresults_release(&r);
	q.text = "r0";
	assert_int_equal(mindex_search(x, &q, &r), TB_OK);
	assert_int_equal(r.total, 0);
	mresults_release(&r);
	assert_true(mindex_bytes(x) > 0);
	mindex_free(x);
}

/* The pruned (MaxScore) top-k must equal the exhaustive one. */
static void test_maxscore_equals_exhaustive(void **state)
{
	static const char *const vocab[] = {
		"alpha", "beta", "gamma", "delta", "epsilon", "zeta", "theta", "kappa", "lambda",
		"sigma", "omega", "数据", "挖掘", "材料", "电池", "能源", "机器", "学习", "控制",
		"系统", "rare1", "rare2", "rare3", "common", "steel", "laser", "pump", "valve",
	};
	const size_t nv = sizeof(vocab) / sizeof(vocab[0]);
	struct mindex *x = mindex_new(NULL);
	char title[256], body[2048];
	unsigned seed = 7;
	int pruned = 0;
	(void)state;
	for (int i = 1; i <= 3000; i++) {
		size_t tl = 0, bl = 0, nb = 3 + (size_t)(rand_r(&seed) % 120);
		for (int w = 0; w < 3; w++)
			tl += (size_t)snprintf(title + tl, sizeof(title) - tl, "%s ",
					       vocab[(size_t)rand_r(&seed) % nv]);
		for (size_t w = 0; w < nb; w++) {
			size_t v = (size_t)rand_r(&seed) % nv;
			v = v * v % nv; /* skewed */
			bl += (size_t)snprintf(body + bl, sizeof(body) - bl, "%s ", vocab[v]);
		}
		struct mdoc d = doc(i, title, i % 3 ? "common" : NULL, body);
		d.trl = i % 10;
		d.modes = (unsigned)i % 32;
		assert_int_equal(mindex_put(x, &d), TB_OK);
	}
	for (int n = 0; n < 300; n++) {
		char qtext[256];
		size_t ql = 0, nw = 1 + (size_t)(rand_r(&seed) % 5);
		struct mquery q;
		struct mresults a, b;
		for (size_t w = 0; w < nw; w++)
			ql += (size_t)snprintf(qtext + ql, sizeof(qtext) - ql, "%s ",
					       vocab[(size_t)rand_r(&seed) % nv]);
		mquery_init(&q);
		q.text = qtext;
		q.limit = 1 + (size_t)(n % 20);
		q.offset = (size_t)(n % 3);
		if (n % 4 == 0) {
			q.ev.trl = 5;
			q.ev.modes = MMODE_LICENCE;
		}
		if (n % 5 == 0)
			q.trl_min = 3;
		assert_int_equal(mindex_search(x, &q, &a), TB_OK);
		q.exact_total = true;
		assert_int_equal(mindex_search(x, &q, &b), TB_OK);
		assert_int_equal(a.nhits, b.nhits);
		assert_true(a.total <= b.total);
		pruned += a.total < b.total;
		for (size_t i = 0; i < a.nhits; i++) {
			double d = a.hits[i].score - b.hits[i].score;
			assert_true(d < 1e-3 && d > -1e-3);
			/* ids agree unless two scores are (float-)tied */
			if (a.hits[i].id != b.hits[i].id)
				assert_true((i + 1 < a.nhits &&
					     b.hits[i + 1].score > b.hits[i].score - 1e-3) ||
					    (i > 0 && b.hits[i - 1].score < b.hits[i].score + 1e-3));
		}
		mresults_release(&a);
		mresults_release(&b);
	}
	assert_true(pruned > 100); /* the pruned path really ran */
	mindex_free(x);
}

static void test_pair_terms(void **state)
{
	struct mparams p;
	struct mindex *x;
	struct mquery q;
	struct mresults r;
	struct mdoc a = doc(1, "learning deep structures", NULL, "deep sea learning"),
		    b = doc(2, "deep learning", NULL, "deep learning of data");
	(void)state;
	mparams_default(&p);
	p.w_pair = 0.2;
	x = mindex_new(&p);
	assert_int_equal(mindex_put(x, &a), TB_OK);
	assert_int_equal(mindex_put(x, &b), TB_OK);
	mquery_init(&q);
	q.text = "deep learning";
	assert_int_equal(mindex_search(x, &q, &r), TB_OK);
	assert_int_equal(r.nhits, 2);
	assert_int_equal(r.hits[0].id, 2);
	assert_non_null(factor(&r.hits[0], "deep learn")); /* the adjacent pair */
	assert_null(factor(&r.hits[1], "deep learn"));
	mresults_release(&r);
	p.w_pair = 0; /* switched off at query time: pair terms ignored */
	mindex_set_params(x, &p);
	assert_int_equal(mindex_search(x, &q, &r), TB_OK);
	assert_null(factor(&r.hits[0], "deep learn"));
	mresults_release(&r);
	mindex_free(x);
}

static void *searcher(void *arg)
{
	struct mindex *x = arg;
	struct mquery q;
	for (int i = 0; i < 200; i++) {
		struct mresults r;
		mquery_init(&q);
		q.text = i % 2 ? "数据挖掘" : "battery";
		if (mindex_search(x, &q, &r) != TB_OK || r.nhits != 1) {
			mresults_release(&r);
			return (void *)1;
		}
		mresults_release(&r);
	}
	return NULL;
}

static void test_threads(void **state)
{
	struct mindex *x = *state;
	pthread_t t[4];
	void *rv;
	for (int i = 0; i < 4; i++)
		assert_int_equal(pthread_create(&t[i], NULL, searcher, x), 0);
	for (int i = 0; i < 50; i++) { /* concurrent writes to unrelated docs */
		struct mdoc d = doc(100 + i, "unrelated", NULL, "text");
		assert_int_equal(mindex_put(x, &d), TB_OK);
	}
	for (int i = 0; i < 4; i++) {
		assert_int_equal(pthread_join(t[i], &rv), 0);
		assert_null(rv);
	}
}

/* Defect guarded: locality was an additive 1.0 next to text scores of ~180,
 * so it almost never changed a ranking. It is now a multiplier of the whole
 * score (+15 % same city, +7.5 % same province at locality 1; locality 2
 * doubles both), and a same-city listing beats an out-of-town one whose text
 * score is up to 15 % higher. */
static void test_locality_multiplier(void **state)
{
	struct mindex *x = mindex_new(NULL);
	struct mparams p;
	struct mquery q;
	struct mresults r;
	struct mdoc d;
	(void)state;
	assert_non_null(x);
	/* 1 (Dalian) has one more matching keyword than 2 (沈阳): a higher text score */
	d = doc(1, "spindle thermal error compensation", "spindle, thermal, error", "machine tool");
	d.city = "Dalian"; d.province = "Liaoning";
	assert_int_equal(mindex_put(x, &d), TB_OK);
	d = doc(2, "spindle thermal error compensation", "spindle, thermal", "machine tool");
	d.city = "沈阳"; d.province = "辽宁";
	assert_int_equal(mindex_put(x, &d), TB_OK);
	d = doc(3, "unrelated battery", "battery", "cells");
	assert_int_equal(mindex_put(x, &d), TB_OK);
	mquery_init(&q);
	q.text = "spindle thermal error compensation";
	q.exact_total = true;
	assert_int_equal(mindex_search(x, &q, &r), TB_OK);
	assert_int_equal(r.hits[0].id, 1); /* no evidence: text alone */
	double t1 = r.hits[0].score, t2 = r.hits[1].score;
	assert_true(t1 > t2 && t1 < t2 * 1.15);
	mresults_release(&r);

	q.ev.city = "沈阳";
	q.exact_total = false; /* the pruned path must agree */
	assert_int_equal(mindex_search(x, &q, &r), TB_OK);
	assert_int_equal(r.hits[0].id, 2); /* same city wins now */
	assert_true(fabs(r.hits[0].score - t2 * 1.15) < 1e-3 * t2);
	assert_true(fabs(factor(&r.hits[0], "same_city")->weight - t2 * 0.15) < 1e-3 * t2);
	assert_true(fabs(r.hits[1].score - t1) < 1e-4 * t1); /* no bonus for Dalian */
	mresults_release(&r);

	q.ev.city = NULL;
	q.ev.province = "辽宁";
	assert_int_equal(mindex_search(x, &q, &r), TB_OK);
	assert_true(fabs(factor(&r.hits[0], "same_province")->weight - r.hits[0].text * 0.075) <
		    1e-3 * t2);
	mresults_release(&r);

	mparams_default(&p);
	p.locality = 0; /* the knob: 0 turns locality off */
	mindex_set_params(x, &p);
	q.ev.province = NULL;
	q.ev.city = "沈阳";
	assert_int_equal(mindex_search(x, &q, &r), TB_OK);
	assert_int_equal(r.hits[0].id, 1);
	mresults_release(&r);
	mindex_free(x);
}

/* Defect guarded: explanations showed index terms, stems and bigram fragments
 * ("compens", "spindl", "备预", "测性"), instead of the listing's own words. */
static void test_surface_words(void **state)
{
	struct analyzer *an = analyzer_new();
	struct arena a;
	struct msurface *w = NULL;
	size_t n = 0;
	struct mfactor f[] = {
		{ "compens", 3.0, true }, { "spindl", 2.0, true }, { "预测", 1.0, true },
		{ "测性", 1.0, true },    { "维护", 0.5, true },   { "same_field", 1.5, false },
		{ "ghost", 0.1, true },
	};
	(void)state;
	arena_init(&a, 1 << 20);
	assert_non_null(an);
	assert_int_equal(msurface_words(an, "Thermal error compensation of the Spindle.\n设备预测性的维护系统",
					f, sizeof(f) / sizeof(f[0]), &a, &w, &n), TB_OK);
	assert_int_equal(n, 5);
	assert_string_equal(w[0].word, "compensation");
	assert_string_equal(w[1].word, "Spindle");
	assert_string_equal(w[2].word, "预测性"); /* two bigrams, one word, weights summed */
	assert_true(fabs(w[2].weight - 2.0) < 1e-9);
	assert_string_equal(w[2].terms, "预测|测性");
	assert_string_equal(w[3].word, "维护");
	assert_string_equal(w[4].word, "ghost"); /* no surface form: the term itself */
	arena_release(&a);
	analyzer_free(an);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_insert_search, setup, teardown),
		cmocka_unit_test_setup_teardown(test_update_delete, setup, teardown),
		cmocka_unit_test_setup_teardown(test_filters, setup, teardown),
		cmocka_unit_test_setup_teardown(test_explain, setup, teardown),
		cmocka_unit_test_setup_teardown(test_paging_and_empty, setup, teardown),
		cmocka_unit_test(test_many_docs_compact),
		cmocka_unit_test(test_maxscore_equals_exhaustive),
		cmocka_unit_test(test_pair_terms),
		cmocka_unit_test_setup_teardown(test_threads, setup, teardown),
		cmocka_unit_test(test_locality_multiplier),
		cmocka_unit_test(test_surface_words),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

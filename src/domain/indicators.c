/* indicators.c - the reports defined in docs/indicators.md: turnover,
 * conversion, funnel, high-tech enterprises, the summary with targets, and
 * technical-service revenue. They stream rows from the store into the
 * aggregation of indicators_table.c; regions are in indicators_region.c,
 * periods in indicators_period.c. All money is summed as int64 fen;
 * percentages are computed only at the end. */
#include "domain/indicators.h"
#include "store/store.h"
#include "domain/catalog.h"
#include "domain/region.h"
#include "core/buf.h"
#include "core/util.h"
#include "core/log.h"
#include "domain/money.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

void ind_owner_filter(const struct ind_region *r, struct ach_region_filter *f)
{
	memset(f, 0, sizeof(*f));
	f->in_province = 1;
	if (r->level != IND_PROVINCE)
		f->city = r->city_zh;
	if (r->level == IND_UNIT) {
		f->district_names[0] = r->unit->zh;
		f->district_names[1] = r->unit->alias ? r->unit->alias : r->unit->en;
		f->district_names[2] = r->unit->en;
	}
}

/* Adds one (period, group) sum computed by the store: the same cell figures
 * ind_agg_add accumulates row by row, without streaming every contract.
 * Checked like ind_agg_add: a sum past int64 fen is an error, never a wrap. */
static int agg_sum_cb(void *ctx, const struct contract_sum *sum)
{
	struct ind_agg *g = ctx;
	struct ind_cell *cell;
	if (!(cell = ind_agg_cell(g, sum->period, g->by == IND_BY_NONE ? NULL : sum->key)))
		return TB_ENOMEM;
	if (!money_add(&cell->amount_fen, sum->amount_fen) || !money_add(&cell->tx_fen, sum->tx_fen)) {
		tb_error("indicators: turnover of %s overflows int64 fen", sum->period);
		return TB_EOVERFLOW;
	}
	cell->count += sum->count;
	cell->local_count += sum->local_count;
	return TB_OK;
}

static enum contract_sum_period sum_period(enum ind_period p)
{
	return p == IND_QUARTER ? CS_QUARTER : p == IND_MONTH ? CS_MONTH : CS_YEAR;
}

static enum contract_sum_by sum_by(enum ind_by by)
{
	switch (by) {
	case IND_BY_TYPE: return CS_BY_TYPE;
	case IND_BY_CITY: return CS_BY_CITY;
	case IND_BY_DISTRICT: return CS_BY_UNIT;
	case IND_BY_FIELD: return CS_BY_FIELD;
	case IND_BY_NONE: break;
	}
	return CS_BY_NONE;
}

static void year_range(int from, int to, char f[IND_KEYLEN], char t[IND_KEYLEN])
{
	snprintf(f, IND_KEYLEN, "%04d-01-01", from);
	snprintf(t, IND_KEYLEN, "%04d-01-01", to + 1);
}

static int agg_load(struct store *st, struct ind_agg *g, const struct ind_region *r, int buyer_side,
                    int from_year, int to_year, int first_per_ach)
{
	struct contract_filter f;
	char from[IND_KEYLEN], to[IND_KEYLEN];
	memset(&f, 0, sizeof(f));
	ind_region_filter(r, buyer_side, &f);
	year_range(from_year, to_year, from, to);
	f.from = from;
	f.to = to;
	f.first_per_achievement = first_per_ach;
	g->buyer_side = buyer_side;
	return store_contract_sums(st, &f, sum_period(g->period), sum_by(g->by), agg_sum_cb, g);
}

/* ------------------------------------------------------------ queries */

static const char *type_zh(const char *t)
{
	static const char *const zh[] = { "技术开发", "技术转让", "技术许可", "技术咨询", "技术服务" };
	for (int i = 0; contract_types[i]; i++)
		if (str_eq(contract_types[i], t))
			return zh[i];
	return NULL;
}

/* Chinese and English labels for a group key. */
static void group_labels(enum ind_by by, const char *key, const char **zh, const char **en)
{
	const struct city *c;
	const struct ind_unit *u;
	*zh = *en = key;
	if (!key || !strcmp(key, "other")) {
		*zh = "其他";
		*en = "other";
		return;
	}
	if (by == IND_BY_TYPE) {
		*zh = type_zh(key);
	} else if (by == IND_BY_CITY && (c = region_city_by_code(key))) {
		*zh = c->zh;
		*en = c->en;
	} else if (by == IND_BY_DISTRICT && (u = ind_unit_by_code(key))) {
		*zh = u->zh;
		*en = u->en;
	}
}

static const struct ind_col turnover_cols[] = {
	{ "period", IV_STR }, { "group", IV_STR }, { "group_zh", IV_STR }, { "group_en", IV_STR },
	{ "count", IV_INT }, { "amount", IV_MONEY }, { "tx_amount", IV_MONEY },
	{ "yoy_amount_pct", IV_PCT }, { "yoy_count_pct", IV_PCT },
	{ "share_amount_pct", IV_PCT }, { "share_count_pct", IV_PCT },
};

int ind_turnover(struct store *st, struct arena *a, const struct ind_query *q, struct ind_table *out)
{
	struct ind_agg g, parent, total;
	struct ind_region pr;
	int rc, has_parent = 0, breakdown = q->by == IND_BY_CITY || q->by == IND_BY_DISTRICT;
	char from_key[IND_KEYLEN];

	ind_agg_init(&g, a, q->period, q->by);
	if ((rc = agg_load(st, &g, &q->region, q->buyer_side, q->from_year - 1, q->to_year, 0)))
		return rc;
	ind_agg_sort(&g);
	/* Share: a breakdown into sub-regions is shared out of the asked region's
	 * total; anything else is the region's share of its parent region. */
	if (breakdown) {
		ind_agg_init(&total, a, q->period, IND_BY_NONE);
		if ((rc = agg_load(st, &total, &q->region, q->buyer_side, q->from_year, q->to_year, 0)))
			return rc;
	} else if (ind_region_parent(&q->region, &pr) == TB_OK) {
		ind_agg_init(&parent, a, q->period, q->by);
		if ((rc = agg_load(st, &parent, &pr, q->buyer_side, q->from_year, q->to_year, 0)))
			return rc;
		has_parent = 1;
	}
	snprintf(from_key, sizeof(from_key), "%04d", q->from_year);
	ind_table_init(out, a, turnover_cols, (int)ARRAY_SIZE(turnover_cols));
	for (int i = 0; i < g.n; i++) {
		const struct ind_cell *c = &g.cells[i], *prev, *base = NULL;
		struct ind_val *row;
		char pk[IND_KEYLEN];
		const char *zh, *en;
		if (strncmp(c->period, from_key, 4) < 0)
			continue; /* the year before `from` is loaded only for growth */
		if (!(row = ind_table_row(out)))
			return TB_ENOMEM;
		group_labels(q->by, c->key, &zh, &en);
		iv_str(&row[0], arena_strdup(a, c->period));
		iv_str(&row[1], c->key);
		iv_str(&row[2], q->by == IND_BY_NONE ? NULL : zh);
		iv_str(&row[3], q->by == IND_BY_NONE ? NULL : en);
		iv_int(&row[4], c->count);
		iv_money(&row[5], c->amount_fen);
		iv_money(&row[6], c->tx_fen);
		ind_period_prev_year(c->period, pk);
		prev = ind_agg_find(&g, pk, c->key);
		iv_growth(&row[7], c->amount_fen, prev ? prev->amount_fen : 0);
		iv_growth(&row[8], c->count, prev ? prev->count : 0);
		if (breakdown)
			base = ind_agg_find(&total, c->period, NULL);
		else if (has_parent)
			base = ind_agg_find(&parent, c->period, c->key);
		if (base || breakdown || has_parent) {
			iv_share(&row[9], c->amount_fen, base ? base->amount_fen : 0);
			iv_share(&row[10], c->count, base ? base->count : 0);
		}
	}
	return TB_OK;
}

static const struct ind_col conversion_cols[] = {
	{ "period", IV_STR }, { "commercialised", IV_INT }, { "local", IV_INT },
	{ "local_rate_pct", IV_PCT },
};

int ind_conversion(struct store *st, struct arena *a, const struct ind_query *q, struct ind_table *out)
{
	struct ind_agg g;
	int rc;
	ind_agg_init(&g, a, q->period, IND_BY_NONE);
	if ((rc = agg_load(st, &g, &q->region, q->buyer_side, q->from_year, q->to_year, 1)))
		return rc;
	ind_agg_sort(&g);
	ind_table_init(out, a, conversion_cols, (int)ARRAY_SIZE(conversion_cols));
	for (int i = 0; i < g.n; i++) {
		struct ind_val *row = ind_table_row(out);
		if (!row)
			return TB_ENOMEM;
		iv_str(&row[0], g.cells[i].period);
		iv_int(&row[1], g.cells[i].count);
		iv_int(&row[2], g.cells[i].local_count);
		iv_share(&row[3], g.cells[i].local_count, g.cells[i].count);
	}
	return TB_OK;
}

struct pub_ctx { struct ind_agg *g; };
static int pub_cb(void *ctx, const char *date)
{
	struct ind_agg *g = ctx;
	char period[IND_KEYLEN];
	struct ind_cell *cell;
	if (!ind_period_key(date, g->period, period))
		return TB_OK;
	if (!(cell = ind_agg_cell(g, period, NULL)))
		return TB_ENOMEM;
	cell->count++;
	return TB_OK;
}

static const struct ind_col funnel_cols[] = {
	{ "period", IV_STR }, { "published", IV_INT }, { "commercialised", IV_INT },
	{ "commercialised_local", IV_INT }, { "commercialised_per_published_pct", IV_PCT },
};

int ind_funnel(struct store *st, struct arena *a, const struct ind_query *q, struct ind_table *out)
{
	struct ind_agg pub, com, keys;
	struct ach_region_filter f;
	char from[IND_KEYLEN], to[IND_KEYLEN];
	int rc;

	ind_agg_init(&pub, a, q->period, IND_BY_NONE);
	ind_agg_init(&com, a, q->period, IND_BY_NONE);
	ind_agg_init(&keys, a, q->period, IND_BY_NONE);
	ind_owner_filter(&q->region, &f);
	year_range(q->from_year, q->to_year, from, to);
	f.from = from;
	f.to = to;
	if ((rc = store_achievement_published_each(st, &f, pub_cb, &pub)) ||
	    (rc = agg_load(st, &com, &q->region, 0, q->from_year, q->to_year, 1)))
		return rc;
	/* Periods present on either side. */
	for (int i = 0; i < pub.n; i++)
		if (!ind_agg_cell(&keys, pub.cells[i].period, NULL))
			return TB_ENOMEM;
	for (int i = 0; i < com.n; i++)
		if (!ind_agg_cell(&keys, com.cells[i].period, NULL))
			return TB_ENOMEM;
	ind_agg_sort(&keys);
	ind_table_init(out, a, funnel_cols, (int)ARRAY_SIZE(funnel_cols));
	for (int i = 0; i < keys.n; i++) {
		const struct ind_cell *p = ind_agg_find(&pub, keys.cells[i].period, NULL);
		const struct ind_cell *c = ind_agg_find(&com, keys.cells[i].period, NULL);
		struct ind_val *row = ind_table_row(out);
		if (!row)
			return TB_ENOMEM;
		iv_str(&row[0], keys.cells[i].period);
		iv_int(&row[1], p ? p->count : 0);
		iv_int(&row[2], c ? c->count : 0);
		iv_int(&row[3], c ? c->local_count : 0);
		iv_share(&row[4], c ? c->count : 0, p ? p->count : 0);
	}
	return TB_OK;
}

/* Certified enterprises per year by tier (the official lists, issue #15):
 * counts, year-on-year growth of the two large tiers, and the new entries of
 * the small ones (on the year's list, not on the year before's). */
static const struct ind_col ent_cols[] = {
	{ "year", IV_STR }, { "high_tech", IV_INT }, { "yoy_pct", IV_PCT },
	{ "tech_sme", IV_INT }, { "tech_sme_yoy_pct", IV_PCT },
	{ "gazelle", IV_INT }, { "gazelle_new", IV_INT }, { "little_giant", IV_INT },
	{ "little_giant_new", IV_INT }, { "unicorn", IV_INT }, { "unicorn_new", IV_INT },
};

int ind_enterprises(struct store *st, struct arena *a, const struct ind_query *q, struct ind_table *out)
{
	static const char *const growth[] = { "high_tech", "tech_sme" };
	static const char *const small[] = { "gazelle", "little_giant", "unicorn" };
	struct ach_region_filter f;
	int64_t prev[2] = { 0, 0 }, n;
	int rc;
	ind_owner_filter(&q->region, &f);
	ind_table_init(out, a, ent_cols, (int)ARRAY_SIZE(ent_cols));
	for (int k = 0; k < 2; k++)
		if ((rc = store_cert_count(st, growth[k], q->from_year - 1, &f, &prev[k])))
			return rc;
	for (int y = q->from_year; y <= q->to_year; y++) {
		struct ind_val *row = ind_table_row(out);
		if (!row)
			return TB_ENOMEM;
		iv_str(&row[0], arena_printf(a, "%04d", y));
		for (int k = 0; k < 2; k++) {
			if ((rc = store_cert_count(st, growth[k], y, &f, &n)))
				return rc;
			iv_int(&row[1 + 2 * k], n);
			iv_growth(&row[2 + 2 * k], n, prev[k]);
			prev[k] = n;
		}
		for (int k = 0; k < 3; k++) {
			if ((rc = store_cert_count(st, small[k], y, &f, &n)))
				return rc;
			iv_int(&row[5 + 2 * k], n);
			if ((rc = store_cert_count_new(st, small[k], y, &f, &n)))
				return rc;
			iv_int(&row[6 + 2 * k], n);
		}
	}
	return TB_OK;
}

/* ------------------------------------------------------------ summary */

/* Province: one sum over all uses. City or district/zone: the sum over the
 * organisations located there (instrument owners are universities and
 * institutes, a few hundred per city at most). Yuan from the store are
 * rounded to fen once per organisation. */
/* A store sum of yuan (double) as fen; out of int64 range is an error, not
 * the undefined result llround would give. */
static int yuan_to_fen_checked(double yuan, int64_t *fen)
{
	double x = yuan * 100.0;
	if (!isfinite(x) || x >= 9.2e18 || x <= -9.2e18) {
		tb_error("indicators: service revenue %g yuan is out of range", yuan);
		return TB_EOVERFLOW;
	}
	*fen = llround(x);
	return TB_OK;
}

int instr_service_revenue_fen(struct store *st, const char *from, const char *to,
                              const struct ind_region *r, int64_t *fen)
{
	struct instr_org_revenue *rev;
	struct arena a;
	int64_t total = 0, uses;
	double yuan;
	int rc, n;

	*fen = 0;
	if (!r || r->level == IND_PROVINCE) {
		if ((rc = store_instrument_revenue(st, from, to, 0, &yuan, &uses)))
			return rc;
		return yuan_to_fen_checked(yuan, fen);
	}
	/* One grouped query for the owners in the city (one query per
	 * organisation took 58 s for Shenyang on the demo). */
	arena_init(&a, 8 << 20);
	if (!(rc = store_instrument_revenue_by_org(st, &a, from, to, r->city_zh, &rev, &n))) {
		for (int i = 0; i < n && !rc; i++) {
			int64_t part = 0;
			if (r->level == IND_UNIT && ind_unit_for(rev[i].city, rev[i].district) != r->unit)
				continue;
			if (!(rc = yuan_to_fen_checked(rev[i].fees, &part)) && !money_add(&total, part)) {
				tb_error("indicators: service revenue overflows int64 fen");
				rc = TB_EOVERFLOW;
			}
		}
		if (!rc)
			*fen = total;
	}
	arena_release(&a);
	return rc;
}

int ind_summary_compute(struct store *st, struct arena *a, int year, const struct ind_region *r,
                        struct ind_summary *s)
{
	struct ind_agg g, com;
	struct ind_region pr;
	struct ach_region_filter f;
	const struct ind_cell *c;
	char ys[IND_KEYLEN], from[IND_KEYLEN], to[IND_KEYLEN];
	int rc;

	memset(s, 0, sizeof(*s));
	s->year = year;
	s->region = *r;
	ind_agg_init(&g, a, IND_YEAR, IND_BY_NONE);
	if ((rc = agg_load(st, &g, r, 0, year - 1, year, 0)))
		return rc;
	snprintf(ys, sizeof(ys), "%04d", year);
	if ((c = ind_agg_find(&g, ys, NULL))) {
		s->count = c->count;
		s->amount_fen = c->amount_fen;
		s->tx_fen = c->tx_fen;
	}
	snprintf(ys, sizeof(ys), "%04d", year - 1);
	if ((c = ind_agg_find(&g, ys, NULL))) {
		s->prev_count = c->count;
		s->prev_amount_fen = c->amount_fen;
	}
	if (ind_region_parent(r, &pr) == TB_OK) {
		struct ind_agg p;
		s->has_parent = true;
		ind_agg_init(&p, a, IND_YEAR, IND_BY_NONE);
		if ((rc = agg_load(st, &p, &pr, 0, year, year, 0)))
			return rc;
		snprintf(ys, sizeof(ys), "%04d", year);
		if ((c = ind_agg_find(&p, ys, NULL))) {
			s->parent_count = c->count;
			s->parent_amount_fen = c->amount_fen;
		}
	}
	ind_agg_init(&com, a, IND_YEAR, IND_BY_NONE);
	if ((rc = agg_load(st, &com, r, 0, year, year, 1)))
		return rc;
	snprintf(ys, sizeof(ys), "%04d", year);
	if ((c = ind_agg_find(&com, ys, NULL))) {
		s->commercialised = c->count;
		s->commercialised_local = c->local_count;
	}
	ind_owner_filter(r, &f);
	year_range(year, year, from, to);
	f.from = from;
	f.to = to;
	{
		struct ind_agg pub;
		ind_agg_init(&pub, a, IND_YEAR, IND_BY_NONE);
		if ((rc = store_achievement_published_each(st, &f, pub_cb, &pub)))
			return rc;
		s->published = pub.n ? pub.cells[0].count : 0;
	}
	f.from = f.to = NULL;
	if ((rc = store_cert_count(st, "high_tech", year, &f, &s->high_tech)))
		return rc;
	return instr_service_revenue_fen(st, from, to, r, &s->service_revenue_fen);
}

const char *const ind_target_metrics[] = { "contract_count", "turnover", "commercialised",
                                           "local_conversion_rate", "high_tech", NULL };

/* Actual value of a target metric in its stored unit (count, fen, basis points). */
static bool summary_metric(const struct ind_summary *s, const char *m, int64_t *v)
{
	double pct;
	if (!strcmp(m, "contract_count")) *v = s->count;
	else if (!strcmp(m, "turnover")) *v = s->amount_fen;
	else if (!strcmp(m, "commercialised")) *v = s->commercialised;
	else if (!strcmp(m, "high_tech")) *v = s->high_tech;
	else if (!strcmp(m, "local_conversion_rate")) {
		if (!ind_share(s->commercialised_local, s->commercialised, &pct))
			return false;
		*v = (int64_t)(pct * 100.0 + 0.5);
	} else
		return false;
	return true;
}

static void metric_val(struct ind_val *v, const char *m, int64_t x)
{
	if (!strcmp(m, "turnover"))
		iv_money(v, x);
	else if (!strcmp(m, "local_conversion_rate"))
		iv_pct(v, true, (double)x / 100.0);
	else
		iv_int(v, x);
}

static const struct ind_col target_cols[] = {
	{ "year", IV_INT }, { "region", IV_STR }, { "metric", IV_STR }, { "target", IV_STR },
	{ "actual", IV_STR }, { "progress_pct", IV_PCT }, { "met", IV_STR },
};

int ind_targets_table(struct store *st, struct arena *a, int year, const struct ind_region *r,
                      struct ind_table *out)
{
	struct ind_target *t;
	struct ind_summary s;
	int n, rc;
	if ((rc = store_target_list(st, a, year, r->code, &t, &n)))
		return rc;
	if (n && (rc = ind_summary_compute(st, a, year, r, &s)))
		return rc;
	ind_table_init(out, a, target_cols, (int)ARRAY_SIZE(target_cols));
	for (int i = 0; i < n; i++) {
		struct ind_val *row = ind_table_row(out);
		int64_t actual = 0;
		bool have;
		if (!row)
			return TB_ENOMEM;
		have = summary_metric(&s, t[i].metric, &actual);
		iv_int(&row[0], year);
		iv_str(&row[1], r->code);
		iv_str(&row[2], t[i].metric);
		metric_val(&row[3], t[i].metric, t[i].value);
		if (have) {
			metric_val(&row[4], t[i].metric, actual);
			iv_share(&row[5], actual, t[i].value);
			iv_str(&row[6], actual >= t[i].value ? "yes" : "no");
		}
	}
	return TB_OK;
}

static const struct ind_col summary_cols[] = {
	{ "figure", IV_STR }, { "value", IV_STR }, { "unit", IV_STR },
};

int ind_summary_table(struct store *st, struct arena *a, const struct ind_summary *s,
                      struct ind_table *out)
{
	struct ind_val *row;
	ind_table_init(out, a, summary_cols, (int)ARRAY_SIZE(summary_cols));
#define ROW(name, unit)                          \
	do {                                         \
		if (!(row = ind_table_row(out)))         \
			return TB_ENOMEM;                    \
		iv_str(&row[0], name);                   \
		iv_str(&row[2], unit);                   \
	} while (0)
	ROW("contract_count", "contracts");
	iv_int(&row[1], s->count);
	ROW("turnover", "yuan");
	iv_money(&row[1], s->amount_fen);
	ROW("tx_amount", "yuan");
	iv_money(&row[1], s->tx_fen);
	ROW("turnover_yoy", "%");
	iv_growth(&row[1], s->amount_fen, s->prev_amount_fen);
	ROW("contract_count_yoy", "%");
	iv_growth(&row[1], s->count, s->prev_count);
	ROW("turnover_share_of_parent", "%");
	if (s->has_parent)
		iv_share(&row[1], s->amount_fen, s->parent_amount_fen);
	ROW("count_share_of_parent", "%");
	if (s->has_parent)
		iv_share(&row[1], s->count, s->parent_count);
	ROW("published", "achievements");
	iv_int(&row[1], s->published);
	ROW("commercialised", "achievements");
	iv_int(&row[1], s->commercialised);
	ROW("commercialised_local", "achievements");
	iv_int(&row[1], s->commercialised_local);
	ROW("local_conversion_rate", "%");
	iv_share(&row[1], s->commercialised_local, s->commercialised);
	ROW("high_tech_enterprises", "enterprises");
	iv_int(&row[1], s->high_tech);
	ROW("service_revenue", "yuan");
	iv_money(&row[1], s->service_revenue_fen);
#undef ROW
	(void)st;
	return TB_OK;
}

int ind_targets_put(struct store *st, const struct ind_target *t, int n)
{
	int rc = store_begin(st);
	for (int i = 0; !rc && i < n; i++)
		rc = store_target_put(st, &t[i]);
	if (!rc && !(rc = store_commit(st)))
		return TB_OK;
	store_rollback(st);
	return rc;
}

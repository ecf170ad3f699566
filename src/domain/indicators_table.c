/* indicators_table.c - aggregation of contracts into (period, group) cells
 * with int64 fen sums, and the small typed output table with its CSV form
 * (money as exact yuan, percentages with 2 decimals). */
#include "domain/indicators.h"
#include "core/csv.h"
#include "core/util.h"
#include "core/log.h"
#include "domain/money.h"
#include "core/buf.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ----------------------------------------------------------- grouping */

int ind_by_parse(const char *s, enum ind_by *by)
{
	if (!s || !strcmp(s, "none"))
		*by = IND_BY_NONE;
	else if (!strcmp(s, "type"))
		*by = IND_BY_TYPE;
	else if (!strcmp(s, "city"))
		*by = IND_BY_CITY;
	else if (!strcmp(s, "district") || !strcmp(s, "zone"))
		*by = IND_BY_DISTRICT;
	else if (!strcmp(s, "field"))
		*by = IND_BY_FIELD;
	else
		return TB_EINVAL;
	return TB_OK;
}

void ind_agg_init(struct ind_agg *g, struct arena *a, enum ind_period p, enum ind_by by)
{
	memset(g, 0, sizeof(*g));
	g->a = a;
	g->period = p;
	g->by = by;
}

static const char *group_key(const struct ind_agg *g, const struct contract *c)
{
	const struct contract_party *p = g->buyer_side ? &c->buyer : &c->seller;
	switch (g->by) {
	case IND_BY_NONE: return NULL;
	case IND_BY_TYPE: return c->type;
	case IND_BY_CITY: return p->city_code ? p->city_code : "other";
	case IND_BY_DISTRICT: return p->unit_code ? p->unit_code : "other";
	case IND_BY_FIELD: return c->field ? c->field : "other";
	}
	return NULL;
}

struct ind_cell *ind_agg_cell(struct ind_agg *g, const char *period, const char *key)
{
	for (int i = 0; i < g->n; i++)
		if (!strcmp(g->cells[i].period, period) && str_eq(g->cells[i].key, key))
			return &g->cells[i];
	if (g->n == g->cap) {
		int ncap = g->cap ? g->cap * 2 : 32;
		struct ind_cell *nc = arena_alloc(g->a, sizeof(*nc) * (size_t)ncap);
		if (!nc)
			return NULL;
		if (g->n)
			memcpy(nc, g->cells, sizeof(*nc) * (size_t)g->n);
		g->cells = nc;
		g->cap = ncap;
	}
	struct ind_cell *cell = &g->cells[g->n++];
	memset(cell, 0, sizeof(*cell));
	snprintf(cell->period, sizeof(cell->period), "%s", period);
	/* Keys from a streamed row live in the row's arena: copy into ours. */
	cell->key = key ? arena_strdup(g->a, key) : NULL;
	if (key && !cell->key)
		return NULL;
	return cell;
}

int ind_agg_add(struct ind_agg *g, const struct contract *c)
{
	char period[IND_KEYLEN];
	struct ind_cell *cell;
	if (!ind_period_key(c->signed_on, g->period, period))
		return TB_OK; /* the store validated dates; a bad one is skipped, not fatal */
	if (!(cell = ind_agg_cell(g, period, group_key(g, c))))
		return TB_ENOMEM;
	/* Checked: amounts are bounded on input, but rows written before the
	 * bound (or by another tool) must give an error, never a wrapped total. */
	if (!money_add(&cell->amount_fen, c->amount_fen) || !money_add(&cell->tx_fen, c->tx_amount_fen)) {
		tb_error("indicators: turnover of %s overflows int64 fen at contract %lld", period,
		         (long long)c->id);
		return TB_EOVERFLOW;
	}
	cell->count++;
	cell->local_count += c->local ? 1 : 0;
	return TB_OK;
}

const struct ind_cell *ind_agg_find(const struct ind_agg *g, const char *period, const char *key)
{
	for (int i = 0; i < g->n; i++)
		if (!strcmp(g->cells[i].period, period) && str_eq(g->cells[i].key, key))
			return &g->cells[i];
	return NULL;
}

static int cell_cmp(const void *a, const void *b)
{
	const struct ind_cell *x = a, *y = b;
	int r = strcmp(x->period, y->period);
	if (r)
		return r;
	if (!x->key || !y->key)
		return !x->key - !y->key;
	return strcmp(x->key, y->key);
}

void ind_agg_sort(struct ind_agg *g)
{
	if (g->n > 1)
		qsort(g->cells, (size_t)g->n, sizeof(*g->cells), cell_cmp);
}

/* -------------------------------------------------------------- table */

int ind_table_init(struct ind_table *t, struct arena *a, const struct ind_col *cols, int ncols)
{
	memset(t, 0, sizeof(*t));
	t->a = a;
	t->cols = cols;
	t->ncols = ncols;
	return TB_OK;
}

struct ind_val *ind_table_row(struct ind_table *t)
{
	if (t->nrows == t->cap) {
		int ncap = t->cap ? t->cap * 2 : 16;
		struct ind_val *nv = arena_alloc(t->a, sizeof(*nv) * (size_t)ncap * (size_t)t->ncols);
		if (!nv)
			return NULL;
		if (t->nrows)
			memcpy(nv, t->vals, sizeof(*nv) * (size_t)t->nrows * (size_t)t->ncols);
		t->vals = nv;
		t->cap = ncap;
	}
	return &t->vals[(size_t)t->nrows++ * (size_t)t->ncols]; /* arena memory is zeroed: IV_NULL */
}

void iv_str(struct ind_val *v, const char *s) { v->t = s ? IV_STR : IV_NULL; v->s = s; }
void iv_int(struct ind_val *v, int64_t i) { v->t = IV_INT; v->i = i; }
void iv_money(struct ind_val *v, int64_t fen) { v->t = IV_MONEY; v->i = fen; }
void iv_pct(struct ind_val *v, bool ok, double pct) { v->t = ok ? IV_PCT : IV_NULL; v->d = pct; }
void iv_growth(struct ind_val *v, int64_t cur, int64_t prev)
{
	double pct = 0;
	bool ok = ind_growth(cur, prev, &pct);
	iv_pct(v, ok, pct);
}
void iv_share(struct ind_val *v, int64_t part, int64_t whole)
{
	double pct = 0;
	bool ok = ind_share(part, whole, &pct);
	iv_pct(v, ok, pct);
}

int ind_table_csv(const struct ind_table *t, struct buf *out)
{
	int rc = TB_OK;
	char tmp[48];
	for (int j = 0; j < t->ncols && !rc; j++) {
		if (j)
			rc = buf_addc(out, ',');
		if (!rc)
			rc = t->cols[j].t == IV_MONEY ? buf_printf(out, "%s_yuan", t->cols[j].name)
			                              : csv_cell(out, t->cols[j].name);
	}
	if (!rc)
		rc = buf_adds(out, "\r\n");
	for (int i = 0; i < t->nrows && !rc; i++) {
		const struct ind_val *row = &t->vals[(size_t)i * (size_t)t->ncols];
		for (int j = 0; j < t->ncols && !rc; j++) {
			const struct ind_val *v = &row[j];
			if (j)
				rc = buf_addc(out, ',');
			if (rc)
				break;
			switch (v->t) {
			case IV_NULL: break;
			case IV_STR: rc = csv_cell(out, v->s); break;
			case IV_INT: rc = buf_printf(out, "%lld", (long long)v->i); break;
			case IV_MONEY: money_format(v->i, tmp); rc = buf_adds(out, tmp); break;
			case IV_PCT: rc = buf_printf(out, "%.2f", v->d); break;
			}
		}
		if (!rc)
			rc = buf_adds(out, "\r\n");
	}
	return rc;
}

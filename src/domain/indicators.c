/* indicators.c - computes the technology-market indicators defined in
 * docs/indicators.md from rows the store streams: regions and sub-city units,
 * period keys, growth and shares, grouping, and the typed output table. All
 * money is summed as int64 fen; percentages are computed only at the end. */
#include "domain/indicators.h"
#include "domain/catalog.h"
#include "domain/region.h"
#include "core/buf.h"
#include "core/util.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ------------------------------------------------------------ regions */

/* Districts (GB/T 2260) and development zones of the two largest cities. A
 * zone is listed under the district code that hosts it, so that an org's
 * district field ("浑南区", "浑南") resolves to it. Data, not logic: extend freely. */
const struct ind_unit ind_units[] = {
	{ "210102", "210100", "district", "和平区", "Heping District", "和平" },
	{ "210103", "210100", "district", "沈河区", "Shenhe District", "沈河" },
	{ "210104", "210100", "district", "大东区", "Dadong District", "大东" },
	{ "210105", "210100", "district", "皇姑区", "Huanggu District", "皇姑" },
	{ "210106", "210100", "district", "铁西区", "Tiexi District", "铁西" },
	{ "210111", "210100", "district", "苏家屯区", "Sujiatun District", "苏家屯" },
	{ "210112", "210100", "zone", "浑南", "Hunnan zone", "浑南区" },
	{ "210113", "210100", "district", "沈北新区", "Shenbei New District", "沈北" },
	{ "210114", "210100", "district", "于洪区", "Yuhong District", "于洪" },
	{ "210202", "210200", "district", "中山区", "Zhongshan District", "中山" },
	{ "210203", "210200", "district", "西岗区", "Xigang District", "西岗" },
	{ "210204", "210200", "district", "沙河口区", "Shahekou District", "沙河口" },
	{ "210211", "210200", "zone", "大连高新区", "Dalian Hi-tech Zone", "甘井子区" },
	{ "210212", "210200", "district", "旅顺口区", "Lushunkou District", "旅顺口" },
	{ "210213", "210200", "district", "金州区", "Jinzhou District", "金州" },
	{ NULL, NULL, NULL, NULL, NULL, NULL },
};

static const struct city *city_by_code(const char *code)
{
	for (const struct city *c = region_cities; code && c->zh; c++)
		if (!strcmp(c->code, code))
			return c;
	return NULL;
}

static const struct city *city_by_zh(const char *zh)
{
	for (const struct city *c = region_cities; zh && c->zh; c++)
		if (!strcmp(c->zh, zh))
			return c;
	return NULL;
}

const struct ind_unit *ind_unit_by_code(const char *code)
{
	for (const struct ind_unit *u = ind_units; code && u->code; u++)
		if (!strcmp(u->code, code))
			return u;
	return NULL;
}

const struct ind_unit *ind_unit_for(const char *city_zh, const char *district)
{
	const struct city *c = city_by_zh(city_zh);
	if (!c || str_empty(district))
		return NULL;
	for (const struct ind_unit *u = ind_units; u->code; u++)
		if (!strcmp(u->city_code, c->code) &&
		    (!strcmp(u->zh, district) || (u->alias && !strcmp(u->alias, district)) ||
		     !strcasecmp(u->en, district) || !strcmp(u->code, district)))
			return u;
	return NULL;
}

const char *ind_region_level_name(enum ind_level l)
{
	return l == IND_PROVINCE ? "province" : l == IND_CITY ? "city" : "district";
}

static void region_province(struct ind_region *r)
{
	memset(r, 0, sizeof(*r));
	r->level = IND_PROVINCE;
	r->code = IND_PROVINCE_CODE;
	r->zh = region_province_zh;
	r->en = region_province_en;
}

static void region_city(struct ind_region *r, const struct city *c)
{
	memset(r, 0, sizeof(*r));
	r->level = IND_CITY;
	r->code = c->code;
	r->zh = c->zh;
	r->en = c->en;
	r->city_zh = c->zh;
}

static void region_unit(struct ind_region *r, const struct ind_unit *u)
{
	memset(r, 0, sizeof(*r));
	r->level = IND_UNIT;
	r->code = u->code;
	r->zh = u->zh;
	r->en = u->en;
	r->city_zh = city_by_code(u->city_code)->zh;
	r->unit = u;
}

int ind_region_resolve(const char *q, struct ind_region *out)
{
	const char *canon;
	const struct city *c;
	if (str_empty(q) || !strcmp(q, IND_PROVINCE_CODE) || !strcmp(q, region_province_zh) ||
	    !strcasecmp(q, region_province_en) || !strcmp(q, "辽宁省") || !strcasecmp(q, "province")) {
		region_province(out);
		return TB_OK;
	}
	if ((c = city_by_code(q))) {
		region_city(out, c);
		return TB_OK;
	}
	canon = region_city_canonical(q);
	if ((c = city_by_zh(canon))) {
		region_city(out, c);
		return TB_OK;
	}
	for (const struct ind_unit *u = ind_units; u->code; u++)
		if (!strcmp(u->code, q) || !strcmp(u->zh, q) || (u->alias && !strcmp(u->alias, q)) ||
		    !strcasecmp(u->en, q)) {
			region_unit(out, u);
			return TB_OK;
		}
	/* "沈阳浑南" / "Shenyang Hunnan": a city name followed by a unit name. */
	for (c = region_cities; c->zh; c++) {
		size_t zl = strlen(c->zh), el = strlen(c->en);
		const char *rest = NULL;
		if (!strncmp(q, c->zh, zl))
			rest = q + zl;
		else if (!strncasecmp(q, c->en, el))
			rest = q + el;
		while (rest && *rest == ' ')
			rest++;
		if (rest && *rest) {
			const struct ind_unit *u = ind_unit_for(c->zh, rest);
			char en[80];
			if (!u) {
				snprintf(en, sizeof(en), "%s zone", rest);
				u = ind_unit_for(c->zh, en);
			}
			if (u) {
				region_unit(out, u);
				return TB_OK;
			}
		}
	}
	return TB_ENOTFOUND;
}

int ind_region_parent(const struct ind_region *r, struct ind_region *out)
{
	if (r->level == IND_PROVINCE)
		return TB_ENOTFOUND;
	if (r->level == IND_CITY) {
		region_province(out);
		return TB_OK;
	}
	region_city(out, city_by_code(r->unit->city_code));
	return TB_OK;
}

void ind_party_locate(struct contract_party *p, const char *city, const char *district)
{
	const struct city *c = NULL;
	const struct ind_unit *u = NULL;
	if (city)
		c = city_by_zh(region_city_canonical(city));
	if (c) {
		u = ind_unit_for(c->zh, district);
	} else if (contract_code_in_province(p->region_code, p->country)) {
		/* A free-text party: its GB/T 2260 code names the city (first four digits). */
		char cc[8];
		snprintf(cc, sizeof(cc), "%.4s00", p->region_code);
		c = city_by_code(cc);
		u = ind_unit_by_code(p->region_code);
	}
	p->city = c ? c->zh : (city ? city : NULL);
	p->city_code = c ? c->code : NULL;
	p->unit_code = u ? u->code : NULL;
	p->in_province = c != NULL;
}

void ind_region_filter(const struct ind_region *r, int buyer_side, struct contract_filter *f)
{
	f->buyer_side = buyer_side;
	f->in_province = 1;
	f->city_code = r->level == IND_CITY ? r->code : r->level == IND_UNIT ? r->unit->city_code : NULL;
	f->unit_code = r->level == IND_UNIT ? r->code : NULL;
}

static void ach_filter(const struct ind_region *r, struct ach_region_filter *f)
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

/* ------------------------------------------------------------ periods */

int ind_period_parse(const char *s, enum ind_period *p)
{
	if (!s || !strcmp(s, "year"))
		*p = IND_YEAR;
	else if (!strcmp(s, "quarter"))
		*p = IND_QUARTER;
	else if (!strcmp(s, "month"))
		*p = IND_MONTH;
	else
		return TB_EINVAL;
	return TB_OK;
}

bool ind_period_key(const char *date, enum ind_period p, char out[IND_KEYLEN])
{
	int y, m, d;
	if (!date || !parse_date(date, &y, &m, &d))
		return false;
	if (p == IND_YEAR)
		snprintf(out, IND_KEYLEN, "%04d", y);
	else if (p == IND_QUARTER)
		snprintf(out, IND_KEYLEN, "%04d-Q%d", y, (m - 1) / 3 + 1);
	else
		snprintf(out, IND_KEYLEN, "%04d-%02d", y, m);
	return true;
}

bool ind_period_prev_year(const char *key, char out[IND_KEYLEN])
{
	int64_t y;
	char ys[5];
	if (!key || strlen(key) < 4)
		return false;
	memcpy(ys, key, 4);
	ys[4] = '\0';
	if (!parse_i64(ys, &y))
		return false;
	snprintf(out, IND_KEYLEN, "%04d%s", (int)(y - 1), key + 4);
	return true;
}

bool ind_growth(int64_t cur, int64_t prev, double *pct)
{
	if (prev == 0)
		return false;
	*pct = ((double)cur - (double)prev) * 100.0 / (double)prev;
	return true;
}

bool ind_share(int64_t part, int64_t whole, double *pct)
{
	if (whole == 0)
		return false;
	*pct = (double)part * 100.0 / (double)whole;
	return true;
}

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

static struct ind_cell *agg_cell(struct ind_agg *g, const char *period, const char *key)
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
	if (!(cell = agg_cell(g, period, group_key(g, c))))
		return TB_ENOMEM;
	cell->count++;
	cell->amount_fen += c->amount_fen;
	cell->tx_fen += c->tx_amount_fen;
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

/* Adds one (period, group) sum computed by the store: the same cell figures
 * ind_agg_add accumulates row by row, without streaming every contract. */
static int agg_sum_cb(void *ctx, const struct contract_sum *sum)
{
	struct ind_agg *g = ctx;
	struct ind_cell *cell;
	if (!(cell = agg_cell(g, sum->period, g->by == IND_BY_NONE ? NULL : sum->key)))
		return TB_ENOMEM;
	cell->count += sum->count;
	cell->amount_fen += sum->amount_fen;
	cell->tx_fen += sum->tx_fen;
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
			                              : buf_add_csv(out, t->cols[j].name);
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
			case IV_STR: rc = buf_add_csv(out, v->s); break;
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
	} else if (by == IND_BY_CITY && (c = city_by_code(key))) {
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
	if (!(cell = agg_cell(g, period, NULL)))
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
	ach_filter(&q->region, &f);
	year_range(q->from_year, q->to_year, from, to);
	f.from = from;
	f.to = to;
	if ((rc = store_ach_published_each(st, &f, pub_cb, &pub)) ||
	    (rc = agg_load(st, &com, &q->region, 0, q->from_year, q->to_year, 1)))
		return rc;
	/* Periods present on either side. */
	for (int i = 0; i < pub.n; i++)
		if (!agg_cell(&keys, pub.cells[i].period, NULL))
			return TB_ENOMEM;
	for (int i = 0; i < com.n; i++)
		if (!agg_cell(&keys, com.cells[i].period, NULL))
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

static const struct ind_col ent_cols[] = {
	{ "year", IV_STR }, { "high_tech", IV_INT }, { "yoy_pct", IV_PCT },
};

int ind_enterprises(struct store *st, struct arena *a, const struct ind_query *q, struct ind_table *out)
{
	struct ach_region_filter f;
	int64_t prev = 0, n;
	int rc;
	ach_filter(&q->region, &f);
	ind_table_init(out, a, ent_cols, (int)ARRAY_SIZE(ent_cols));
	if ((rc = store_cert_count(st, "high_tech", q->from_year - 1, &f, &prev)))
		return rc;
	for (int y = q->from_year; y <= q->to_year; y++) {
		struct ind_val *row = ind_table_row(out);
		if (!row)
			return TB_ENOMEM;
		if ((rc = store_cert_count(st, "high_tech", y, &f, &n)))
			return rc;
		iv_str(&row[0], arena_printf(a, "%04d", y));
		iv_int(&row[1], n);
		iv_growth(&row[2], n, prev);
		prev = n;
	}
	return TB_OK;
}

/* ------------------------------------------------------------ summary */

/* Province: one sum over all uses. City or district/zone: the sum over the
 * organisations located there, from one grouped query (one query per
 * organisation took 58 s for Shenyang on the demo). Yuan from the store are
 * rounded to fen once per organisation. */
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
		if ((rc = store_instr_revenue(st, from, to, 0, &yuan, &uses)))
			return rc;
		*fen = llround(yuan * 100.0);
		return TB_OK;
	}
	arena_init(&a, 8 << 20);
	if (!(rc = store_instr_revenue_by_org(st, &a, from, to, r->city_zh, &rev, &n))) {
		for (int i = 0; i < n; i++) {
			if (r->level == IND_UNIT && ind_unit_for(rev[i].city, rev[i].district) != r->unit)
				continue;
			total += llround(rev[i].fees * 100.0);
		}
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
	ach_filter(r, &f);
	year_range(year, year, from, to);
	f.from = from;
	f.to = to;
	{
		struct ind_agg pub;
		ind_agg_init(&pub, a, IND_YEAR, IND_BY_NONE);
		if ((rc = store_ach_published_each(st, &f, pub_cb, &pub)))
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

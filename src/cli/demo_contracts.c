/* demo_contracts.c - the demo province's technology contracts, enterprise
 * certifications and indicator targets, sized so that `techbridge stats`
 * reproduces the seed figures of docs/indicators.md exactly, each in the year
 * and at the level its source gives (shared/domain.md, "The seeds' figures"):
 *   2020 Hunnan zone 2,024 contracts = 25 % of Shenyang's 8,096, and its
 *        12.1 bn yuan ~ 40 % of Shenyang's 30.39 bn, which is 47 % of the
 *        province's 64.66 bn (China Daily 2021-04-13: "last year");
 *   2023 province turnover 130.83 bn yuan, +30.8 % on 2022 (100.02 bn);
 *   Shenyang's high-tech enterprises 416 (2015) -> 2,560 (2020) and its 4,559
 *        tech SMEs (2020, 3.2x the 1,425 of 2018);
 *   2023 province: tech SMEs +55.6 %, high-tech +16.0 %, 1,029 new gazelles,
 *        41 little giants, the first unicorn (SCIO 2024-05-09);
 *   targets for 2024: > 4,000 commercialised, local conversion > 57 %
 *        (Liaoning SCIO, July 2024).
 * Each (year, region) group has a fixed count and total; amounts are random
 * weights scaled to the total in whole yuan, and the group's last contract
 * takes the remainder, so sums are exact. --small divides the counts by 8
 * (ratios and totals unchanged), creates at most a few organisations and scales
 * the certification series to the enterprises present. Deterministic: the demo PRNG only. */
#include "domain/bulk.h"
#include "cli/demo.h"
#include "core/arena.h"
#include "core/err.h"
#include "core/log.h"
#include "core/util.h"
#include "domain/catalog.h"
#include "domain/contract.h"
#include "domain/indicators.h"
#include "domain/region.h"
#include <stdio.h>
#include <string.h>

struct seed_org { int64_t id; const char *city, *district; int enterprise; };
struct org_pool { struct seed_org *v; int n, cap; };

enum { G_HUNNAN, G_SHENYANG_OTHER, G_DALIAN, G_OTHER_CITIES, G_N };

/* count, total in units of 0.01 bn yuan (10 million yuan) */
struct group_spec { int year, group, count; int64_t total_cbn; };
static const struct group_spec specs[] = {
	{ 2020, G_HUNNAN, 2024, 1210 },      { 2020, G_SHENYANG_OTHER, 6072, 1829 },
	{ 2020, G_DALIAN, 1500, 2000 },      { 2020, G_OTHER_CITIES, 1000, 1427 },  /* 64.66 bn */
	{ 2021, G_HUNNAN, 400, 1000 },       { 2021, G_SHENYANG_OTHER, 1100, 2039 },
	{ 2021, G_DALIAN, 800, 2000 },       { 2021, G_OTHER_CITIES, 700, 2961 },   /* 80.00 bn */
	{ 2022, G_HUNNAN, 600, 1000 },       { 2022, G_SHENYANG_OTHER, 1400, 1500 },
	{ 2022, G_DALIAN, 1500, 3500 },      { 2022, G_OTHER_CITIES, 1000, 4002 },  /* 100.02 bn */
	{ 2023, G_HUNNAN, 900, 1500 },       { 2023, G_SHENYANG_OTHER, 2400, 2600 },
	{ 2023, G_DALIAN, 2500, 4500 },      { 2023, G_OTHER_CITIES, 1500, 4483 },  /* 130.83 bn */
};
/* Share of each year's contracts that realise an achievement. */
static double ach_share(int year) { return year <= 2021 ? 0.20 : year == 2022 ? 0.25 : 0.30; }
#define P_LOCAL 0.62

/* The official lists per year, Shenyang and the other 13 cities apart (the
 * seeds give Shenyang's series and the province's 2023 growth rates). */
struct cert_series { const char *tier; int from, to; int sy[9], other[9]; };
static const struct cert_series cert_series[] = {
	/* 416 (2015) -> 2,560 (2020) in Shenyang; province 4,000 (2022) -> 4,640 (2023) = +16.0 % */
	{ "high_tech", 2015, 2023, { 416, 620, 950, 1400, 1950, 2560, 2700, 2850, 3200 },
	                           { 300, 400, 500, 600, 700, 850, 1000, 1150, 1440 } },
	/* Shenyang 1,425 (2018) -> 4,559 (2020) = 3.2x; province 6,000 (2022) -> 9,336 (2023) = +55.6 % */
	{ "tech_sme", 2018, 2023, { 1425, 2900, 4559, 4800, 5000, 6500 },
	                          { 400, 600, 800, 900, 1000, 2836 } },
	/* 2023: 1,029 new gazelles (none listed before), 41 little giants, the first unicorn */
	{ "gazelle", 2023, 2023, { 400 }, { 629 } },
	{ "little_giant", 2023, 2023, { 20 }, { 21 } },
	{ "unicorn", 2023, 2023, { 1 }, { 0 } },
};

static const char *const fields[] = { "新材料", "智能制造", "生物医药", "电子信息", "新能源",
                                      "节能环保", "现代农业", "海洋工程", NULL };
static const char *const syl[] = { "华", "盛", "嘉", "恒", "泰", "瑞", "博", "远", "创", "鑫",
                                   "达", "宏", "锐", "联", "智", "信", NULL };
static const char *const ind_zh[] = { "精密机械", "新材料", "生物科技", "电子", "智能装备",
                                      "环保科技", "软件", "化工", NULL };
static const char *const ind_en[] = { "Precision Machinery", "New Materials", "Biotech",
                                      "Electronics", "Smart Equipment", "Environmental Tech",
                                      "Software", "Chemicals", NULL };
static const char *const sy_districts[] = { "铁西区", "和平区", "沈河区", "皇姑区", "沈北新区", NULL };
static const char *const dl_districts[] = { "甘井子区", "中山区", "金州区", "沙河口区", NULL };
struct outside { const char *name, *code, *country; };
static const struct outside outsiders[] = {
	{ "北京中关村智造科技有限公司", "110108", "156" },
	{ "上海张江生物医药有限公司", "310115", "156" },
	{ "深圳南山电子科技有限公司", "440305", "156" },
	{ "苏州工业园区精密机械有限公司", "320571", "156" },
	{ "天津滨海新材料有限公司", "120116", "156" },
	{ "Rhein Maschinenbau GmbH", NULL, "276" },
	{ "Hanil Heavy Industries Co.", NULL, "410" },
	{ "Kansai Precision Co., Ltd.", NULL, "392" },
};

static int pool_add(struct arena *a, struct org_pool *p, int64_t id, const char *city,
                    const char *district, int enterprise)
{
	if (p->n == p->cap) {
		int ncap = p->cap ? p->cap * 2 : 64;
		struct seed_org *nv = arena_alloc(a, sizeof(*nv) * (size_t)ncap);
		if (!nv)
			return TB_ENOMEM;
		if (p->n)
			memcpy(nv, p->v, sizeof(*nv) * (size_t)p->n);
		p->v = nv;
		p->cap = ncap;
	}
	p->v[p->n++] = (struct seed_org){ id, city, district, enterprise };
	return TB_OK;
}

/* Inserts a demo organisation, or finds it when a previous run made it. */
static int make_org(struct demo_ctx *d, struct arena *a, const char *name, const char *name_en,
                    const char *kind, const char *city, const char *district, int64_t *id)
{
	struct org o;
	int rc;
	memset(&o, 0, sizeof(o));
	o.name = name;
	o.name_en = name_en;
	o.kind = kind;
	o.city = city;
	o.district = district;
	o.province = region_province_zh;
	rc = bulk_org_insert(d->st, &o);
	if (rc == TB_ECONFLICT)
		rc = bulk_org_find(d->st, a, name, &o);
	*id = o.id;
	return rc;
}

static const char *city_en_or(const char *zh) { const char *e = region_city_en(zh); return e ? e : zh; }

/* A fresh enterprise with a generated bilingual name in `city`. */
static int new_enterprise(struct demo_ctx *d, struct arena *a, const char *city, const char *district,
                          int serial, int64_t *id)
{
	int k = demo_pick(d, 8);
	const char *zh = arena_printf(a, "%s%s%s%s有限公司%04d", city, demo_choose(d, syl),
	                              demo_choose(d, syl), ind_zh[k], serial);
	const char *en = arena_printf(a, "%s %s Co. No. %04d", city_en_or(city), ind_en[k], serial);
	return make_org(d, a, zh, en, "enterprise", city, district, id);
}

static int load_orgs(struct demo_ctx *d, struct arena *a, struct org_pool *all)
{
	struct org_query q;
	struct org *rows;
	int n, rc;
	int64_t total;
	memset(&q, 0, sizeof(q));
	q.limit = 500;
	for (;;) {
		if ((rc = bulk_org_list(d->st, a, &q, &rows, &n, &total)))
			return rc;
		for (int i = 0; i < n; i++)
			if (region_in_province(rows[i].city) &&
			    (rc = pool_add(a, all, rows[i].id, region_city_canonical(rows[i].city), rows[i].district,
			                   str_eq(rows[i].kind, "enterprise"))))
				return rc;
		if (n < q.limit)
			return TB_OK;
		q.offset += n;
	}
}

/* Sellers per group, from existing orgs; demo orgs are added where a group has fewer than 6. */
static int seller_pools(struct demo_ctx *d, struct arena *a, const struct org_pool *all,
                        struct org_pool pools[G_N], int *serial)
{
	int rc;
	for (int i = 0; i < all->n; i++) {
		const struct seed_org *o = &all->v[i];
		const struct ind_unit *u = ind_unit_for(o->city, o->district);
		int g = !strcmp(o->city, "沈阳") ? (u && !strcmp(u->code, "210112") ? G_HUNNAN : G_SHENYANG_OTHER)
		      : !strcmp(o->city, "大连") ? G_DALIAN : G_OTHER_CITIES;
		if ((rc = pool_add(a, &pools[g], o->id, o->city, o->district, o->enterprise)))
			return rc;
	}
	for (int g = 0; g < G_N; g++) {
		/* --small keeps the organisation list short (tests count it). */
		int min = d->small ? (g == G_OTHER_CITIES ? 4 : 1) : (g == G_OTHER_CITIES ? 24 : 6);
		while (pools[g].n < min) {
			const char *city, *district = NULL;
			int64_t id;
			if (g == G_HUNNAN) { city = "沈阳"; district = "浑南区"; }
			else if (g == G_SHENYANG_OTHER) { city = "沈阳"; district = demo_choose(d, sy_districts); }
			else if (g == G_DALIAN) { city = "大连"; district = demo_choose(d, dl_districts); }
			else city = region_cities[2 + (pools[g].n % 12)].zh; /* the 12 other cities in turn */
			if ((rc = new_enterprise(d, a, city, district, ++*serial, &id)) ||
			    (rc = pool_add(a, &pools[g], id, city, district, 1)))
				return rc;
		}
	}
	return TB_OK;
}

static const char *rand_date(struct demo_ctx *d, struct arena *a, int year, int *month)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int m = 1 + demo_pick(d, 12);
	int dd = 1 + demo_pick(d, mdays[m - 1]);
	*month = m;
	return arena_printf(a, "%04d-%02d-%02d", year, m, dd);
}

static const char *pick_type(struct demo_ctx *d, int realises, const char **subtype)
{
	double u = demo_uniform(d);
	static const char *const ts[] = { "patent_right", "patent_application", "technical_secret", NULL };
	static const char *const ls[] = { "patent", "technical_secret", NULL };
	*subtype = NULL;
	if (realises) {
		if (u < 0.45) return *subtype = demo_choose(d, ts), "transfer";
		if (u < 0.65) return *subtype = demo_choose(d, ls), "licensing";
		return "development";
	}
	if (u < 0.35) return "development";
	if (u < 0.45) return *subtype = demo_choose(d, ts), "transfer";
	if (u < 0.50) return *subtype = demo_choose(d, ls), "licensing";
	if (u < 0.55) return "consulting";
	return "service";
}

struct seed_state {
	struct demo_ctx *d;
	struct arena *a;          /* long-lived: pools */
	struct arena *row;        /* per contract */
	const struct org_pool *buyers;
	int serial;
	int64_t contracts, achievements, commercialised;
};

static int new_achievement(struct seed_state *s, const struct seed_org *owner, int year, int month,
                           const char *field, int64_t *id)
{
	struct achievement x;
	int rc;
	memset(&x, 0, sizeof(x));
	x.title_zh = arena_printf(s->row, "%s领域示范成果%05lld", field, (long long)s->achievements + 1);
	x.title_en = arena_printf(s->row, "Demonstration result %05lld", (long long)s->achievements + 1);
	x.field = field;
	x.trl = 5 + demo_pick(s->d, 4);
	/* Issue #16: an abstract the quality checklist accepts (docs/release.md).
	 * Figures come from the serial, not the PRNG, so the rest of the demo is
	 * unchanged. */
	x.abstract_zh = arena_printf(s->row,
		"本成果面向%s领域企业的技术升级需求，形成了可工程化应用的成套技术。与行业现有方案相比，"
		"关键性能指标提高%lld%%，生产成本降低%lld%%。已完成中试验证并在合作企业示范应用（TRL %d）。"
		"可通过技术转让或许可方式与省内企业合作推广。", field,
		(long long)(10 + s->achievements % 31), (long long)(5 + s->achievements % 17), x.trl);
	x.keywords = arena_printf(s->row, "%s,技术转让,示范应用", field);
	x.contact_name = "成果转化办公室";
	x.contact_email = arena_printf(s->row, "tto@org%lld.example.com", (long long)owner->id);
	x.modes = MODE_TRANSFER | MODE_LICENCE;
	x.price = PRICE_NEGOTIABLE;
	x.owner_org_id = owner->id;
	x.status = "published";
	x.created_at = arena_printf(s->row, "%04d-%02d-01T08:00:00Z", year, month);
	x.published_at = x.created_at;
	if ((rc = bulk_ach_insert(s->d->st, &x)))
		return rc;
	s->achievements++;
	*id = x.id;
	return TB_OK;
}

static int seed_group(struct seed_state *s, const struct group_spec *g, const struct org_pool *sellers,
                      int count)
{
	struct demo_ctx *d = s->d;
	int64_t total_yuan = g->total_cbn * 10000000LL, sum = 0, wsum = 0;
	int64_t *w = arena_alloc(s->a, sizeof(int64_t) * (size_t)count);
	int rc;
	if (!w)
		return TB_ENOMEM;
	for (int i = 0; i < count; i++) {
		double u = demo_uniform(d);
		w[i] = 1 + (int64_t)(u * u * 1000.0); /* many small contracts, a few large ones */
		wsum += w[i];
	}
	for (int i = 0; i < count; i++) {
		struct contract c;
		const struct seed_org *sel = &sellers->v[demo_pick(d, sellers->n)];
		int month, realises = demo_uniform(d) < ach_share(g->year);
		int64_t yuan = i == count - 1 ? total_yuan - sum : total_yuan * w[i] / wsum;
		struct tb_field_error fe;

		memset(&c, 0, sizeof(c));
		if (yuan <= 0)
			yuan = 1;
		sum += yuan;
		c.amount_fen = yuan * 100;
		c.tx_amount_fen = (yuan * (70 + demo_pick(d, 31)) / 100) * 100;
		c.reg_no = arena_printf(s->row, "%04d%.6s%06d", g->year,
		                        g->group == G_DALIAN ? "210200" : g->group == G_OTHER_CITIES
		                        ? "210000" : "210100", ++s->serial);
		c.type = pick_type(d, realises, &c.subtype);
		/* Period boundary on show: the Hunnan zone's first 2023 contract is signed on 31 Dec. */
		c.signed_on = (g->year == 2023 && g->group == G_HUNNAN && i == 0)
		              ? (month = 12, "2023-12-31") : rand_date(d, s->row, g->year, &month);
		c.field = demo_choose(d, fields);
		c.title = arena_printf(s->row, "%s技术%s项目", c.field,
		                       !strcmp(c.type, "service") ? "服务" : !strcmp(c.type, "consulting")
		                       ? "咨询" : !strcmp(c.type, "development") ? "开发"
		                       : !strcmp(c.type, "transfer") ? "转让" : "许可");
		c.status = "registered";
		c.seller.org_id = sel->id;
		c.seller.country = CONTRACT_COUNTRY_CHINA;
		ind_party_locate(&c.seller, sel->city, sel->district);
		if (demo_uniform(d) < P_LOCAL) {
			const struct seed_org *b = &s->buyers->v[demo_pick(d, s->buyers->n)];
			if (b->id == sel->id)
				b = &s->buyers->v[(b - s->buyers->v + 1) % s->buyers->n];
			c.buyer.org_id = b->id;
			c.buyer.country = CONTRACT_COUNTRY_CHINA;
			ind_party_locate(&c.buyer, b->city, b->district);
		} else {
			const struct outside *o = &outsiders[demo_pick(d, (int)ARRAY_SIZE(outsiders))];
			c.buyer.name = o->name;
			c.buyer.region_code = o->code;
			c.buyer.country = o->country;
			ind_party_locate(&c.buyer, NULL, NULL);
		}
		c.local = c.buyer.in_province;
		c.valid_from = c.signed_on;
		c.valid_to = arena_printf(s->row, "%04d-%.5s", g->year + 1 + demo_pick(d, 3), c.signed_on + 5);
		if (!strcmp(c.valid_to + 5, "02-29"))
			c.valid_to = arena_printf(s->row, "%04d-02-28", g->year + 1);
		if (realises && (rc = new_achievement(s, sel, g->year, month, c.field, &c.achievement_id)))
			return rc;
		if ((rc = contract_validate(&c, &fe))) {
			tb_error("demo contracts: %s: %s", fe.field, fe.message);
			return rc;
		}
		if ((rc = bulk_contract_insert(d->st, &c)))
			return rc;
		if (c.achievement_id > 0) {
			if ((rc = bulk_ach_set_status(d->st, c.achievement_id, "published",
			                                "commercialised", NULL)))
				return rc;
			s->commercialised++;
		}
		s->contracts++;
		arena_release(s->row);
	}
	return TB_OK;
}

/* Published but not (yet) commercialised achievements, for the funnel. */
static int seed_uncommercialised(struct seed_state *s, const struct org_pool *owners, int year, int n)
{
	for (int i = 0; i < n; i++) {
		int64_t id;
		int month = 1 + demo_pick(s->d, 12), rc;
		if ((rc = new_achievement(s, &owners->v[demo_pick(s->d, owners->n)], year, month,
		                          demo_choose(s->d, fields), &id)))
			return rc;
		arena_release(s->row);
	}
	return TB_OK;
}

static int series_max(const int *v, int n)
{
	int m = 0;
	for (int i = 0; i < n; i++)
		m = v[i] > m ? v[i] : m;
	return m;
}

/* Certifies the first n[y] enterprises of each pool in year y (a stable,
 * growing set); gazelles and the like start further down the pool so that
 * they are not all the oldest high-tech firms. */
static int seed_certifications(struct seed_state *s, struct org_pool *sy, struct org_pool *other)
{
	int need_sy = 0, need_other = 0, rc;
	for (size_t k = 0; k < ARRAY_SIZE(cert_series); k++) {
		int ny = cert_series[k].to - cert_series[k].from + 1;
		int off = strcmp(cert_series[k].tier, "high_tech") && strcmp(cert_series[k].tier, "tech_sme")
		          ? 1000 : 0;
		need_sy = series_max(cert_series[k].sy, ny) + off > need_sy ? series_max(cert_series[k].sy, ny) + off : need_sy;
		need_other = series_max(cert_series[k].other, ny) > need_other ? series_max(cert_series[k].other, ny) : need_other;
	}
	/* --small creates no enterprises for this: the series are scaled to the
	 * enterprises present (same growth shape, not the seed figures). */
	for (int full = !s->d->small; full && (sy->n < need_sy || other->n < need_other);) {
		int in_sy = sy->n < need_sy;
		const char *city = in_sy ? "沈阳" : region_cities[1 + demo_pick(s->d, 13)].zh;
		const char *district = in_sy ? demo_choose(s->d, sy_districts) : NULL;
		int64_t id;
		if ((rc = new_enterprise(s->d, s->a, city, district, ++s->serial, &id)) ||
		    (rc = pool_add(s->a, in_sy ? sy : other, id, city, district, 1)))
			return rc;
	}
	for (size_t k = 0; k < ARRAY_SIZE(cert_series); k++) {
		const struct cert_series *c = &cert_series[k];
		int off = strcmp(c->tier, "high_tech") && strcmp(c->tier, "tech_sme") ? 1000 : 0;
		for (int y = c->from; y <= c->to; y++) {
			for (int side = 0; side < 2; side++) {
				const struct org_pool *p = side ? other : sy;
				int want = side ? c->other[y - c->from] : c->sy[y - c->from];
				int full = side ? need_other : need_sy;
				int first = s->d->small ? (int)((int64_t)off * p->n / full) : off;
				if (s->d->small)
					want = (int)((int64_t)want * p->n / full);
				for (int i = 0; i < want && first + i < p->n; i++) {
					struct tier_cert ct = { p->v[first + i].id, c->tier, y, NULL, NULL,
					                        "demo: the year's official list", NULL };
					if ((rc = bulk_tier_cert_put(s->d->st, &ct)))
						return rc;
				}
			}
		}
	}
	return TB_OK;
}

static int seed_targets(struct demo_ctx *d)
{
	static const struct ind_target t[] = {
		/* Liaoning's targets for 2024 (SCIO press conference, July 2024) */
		{ 2024, IND_PROVINCE_CODE, "commercialised", 4000 },
		{ 2024, IND_PROVINCE_CODE, "local_conversion_rate", 5700 },           /* 57 % */
		{ 2023, IND_PROVINCE_CODE, "turnover", 12000000000000LL },             /* 120 bn yuan */
		{ 2023, IND_PROVINCE_CODE, "contract_count", 15000 },
		{ 2023, "210100", "turnover", 3000000000000LL },                       /* 30 bn yuan */
		{ 2020, IND_PROVINCE_CODE, "high_tech", 2500 },
	};
	int rc;
	for (size_t i = 0; i < ARRAY_SIZE(t); i++)
		if ((rc = bulk_target_put(d->st, &t[i])))
			return rc;
	return TB_OK;
}

int demo_seed_contracts(struct demo_ctx *d)
{
	struct arena a, row;
	struct org_pool all = { 0 }, pools[G_N], ents = { 0 }, ents_sy = { 0 }, ents_other = { 0 };
	struct seed_state s;
	int rc, div = d->small ? 8 : 1;

	memset(pools, 0, sizeof(pools));
	memset(&s, 0, sizeof(s));
	arena_init(&a, 512u << 20);
	arena_init(&row, 1u << 20);
	s.d = d;
	s.a = &a;
	s.row = &row;
	if ((rc = bulk_begin(d->st)))
		goto out;
	if ((rc = load_orgs(d, &a, &all)) || (rc = seller_pools(d, &a, &all, pools, &s.serial)))
		goto fail;
	/* Enterprises in the province: the certification pools (Shenyang, the
	 * other cities) and the local buyers. */
	for (int g = 0; g < G_N; g++)
		for (int i = 0; i < pools[g].n; i++)
			if (pools[g].v[i].enterprise &&
			    (rc = pool_add(&a, g <= G_SHENYANG_OTHER ? &ents_sy : &ents_other, pools[g].v[i].id,
			                   pools[g].v[i].city, pools[g].v[i].district, 1)))
				goto fail;
	if ((rc = seed_certifications(&s, &ents_sy, &ents_other)))
		goto fail;
	for (int side = 0; side < 2; side++) {
		const struct org_pool *p = side ? &ents_other : &ents_sy;
		for (int i = 0; i < p->n; i++)
			if ((rc = pool_add(&a, &ents, p->v[i].id, p->v[i].city, p->v[i].district, 1)))
				goto fail;
	}
	s.buyers = &ents;
	for (size_t i = 0; i < ARRAY_SIZE(specs); i++) {
		int n = specs[i].count / div;
		int64_t before = s.commercialised;
		if ((rc = seed_group(&s, &specs[i], &pools[specs[i].group], n)))
			goto fail;
		if ((rc = seed_uncommercialised(&s, &pools[specs[i].group], specs[i].year,
		                                (int)((s.commercialised - before) * 6 / 10))))
			goto fail;
	}
	if ((rc = seed_targets(d)) || (rc = bulk_commit(d->st)))
		goto fail;
	if (!d->quiet)
		printf("contracts: %lld contracts, %lld achievements (%lld commercialised), %d enterprises "
		       "in the certification pools, targets for 2024\n", (long long)s.contracts,
		       (long long)s.achievements, (long long)s.commercialised, ents.n);
	goto out;
fail:
	bulk_rollback(d->st);
out:
	arena_release(&row);
	arena_release(&a);
	return rc;
}

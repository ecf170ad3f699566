/* demo_tiers.c - the demo province's figures that come from the seeds but
 * live outside contracts (issue #15), each in the year and at the level its
 * source gives (docs/indicators.md, "The seeds' figures"):
 *   - the Shenyang condition platform's technical-service volume of 115 M
 *     yuan (China Daily 2021-04-13): completed instrument uses in 2020 on
 *     instruments owned in Shenyang, fees summing to exactly 115,000,000.00;
 *   - the 4,016 highly mature achievements "collected" (Liaoning SCIO, July
 *     2024): a named collection of TRL >= 7 published or commercialised
 *     achievements, not a count of listings;
 *   - a year (2022, 2023) of enterprise facts for some certified
 *     enterprises, evaluated against the tier rules, so that standings, gaps
 *     and the pipeline have something to show.
 *   - the registry of innovation platforms at the seeds' counts, levels and
 *     dates: Shenyang's 1,167 platforms at the end of 2020 (337 key labs,
 *     262 technological innovation centres, 180 engineering research centres,
 *     331 enterprise technology centres, 57 others) and 32 new R&D
 *     institutions, of which the High-Tech Zone's 272 (76, 99, 68, 29);
 *     Liaoning's 638 key labs at provincial level or above by 2024 (21
 *     national, 11 of them approved in 2023), 4 Liaoning laboratories, 47
 *     national enterprise technology centres (5 in the 29th batch, 2022) and
 *     36 pilot-test bases (2023).
 * Runs after the instruments and contracts seeders. --small: the same money
 * total, the collection and the facts scaled by 1/8. Deterministic. */
#include "cli/demo.h"
#include "core/arena.h"
#include "core/err.h"
#include "core/log.h"
#include "domain/platform.h"
#include "domain/tier.h"
#include "model/region.h"
#include <stdio.h>
#include <string.h>

/* Seed inputs (the seeds' figures): */
#define CONDITION_YEAR 2020
#define CONDITION_VOLUME_YUAN 115000000LL
#define CONDITION_USES 2300
#define MATURE_COLLECTION "high_maturity_2024"
#define MATURE_COUNT 4016
#define MATURE_ON "2024-07-23"

static int seed_condition_platform(struct demo_ctx *d, struct arena *a, int64_t *uses)
{
	struct instr_query q;
	struct instrument *rows, *sy = NULL;
	int n, nsy = 0, cap = 0, rc, want = d->small ? CONDITION_USES / 8 : CONDITION_USES;
	int64_t total, wsum = 0, sum = 0, *w;

	memset(&q, 0, sizeof(q));
	q.limit = 500;
	q.value_min = -1;
	/* Instruments owned in Shenyang (the city's condition platform). */
	for (;;) {
		if ((rc = bulk_instr_list(d->st, a, &q, &rows, &n, &total)))
			return rc;
		for (int i = 0; i < n; i++) {
			struct org o;
			if ((rc = bulk_org_get(d->st, a, rows[i].org_id, &o)))
				return rc;
			if (!o.city || strcmp(region_city_canonical(o.city), "沈阳"))
				continue;
			if (nsy == cap) {
				struct instrument *nv = arena_alloc(a, sizeof(*nv) * (size_t)(cap = cap ? cap * 2 : 256));
				if (!nv)
					return TB_ENOMEM;
				if (nsy)
					memcpy(nv, sy, sizeof(*nv) * (size_t)nsy);
				sy = nv;
			}
			sy[nsy++] = rows[i];
		}
		if (n < q.limit)
			break;
		q.offset += n;
	}
	*uses = 0;
	if (!nsy) {
		tb_warn("demo: no instruments in Shenyang; the condition platform's volume is not seeded");
		return TB_OK;
	}
	if (!(w = arena_alloc(a, sizeof(*w) * (size_t)want)))
		return TB_ENOMEM;
	for (int i = 0; i < want; i++) {
		double u = demo_uniform(d);
		w[i] = 1 + (int64_t)(u * u * 1000.0);
		wsum += w[i];
	}
	for (int i = 0; i < want; i++) {
		const struct instrument *x = &sy[i % nsy];
		int k = i / nsy, slot = k % 4, day = 1 + k / 4, m = 1; /* four 2-hour slots a day */
		int64_t yuan = i == want - 1 ? CONDITION_VOLUME_YUAN - sum : CONDITION_VOLUME_YUAN * w[i] / wsum;
		struct booking b;
		static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
		static const char *const from[] = { "09:00", "11:00", "14:00", "16:00" };
		static const char *const to[] = { "11:00", "13:00", "16:00", "18:00" };
		while (m <= 12 && day > mdays[m - 1])
			day -= mdays[m++ - 1];
		if (m > 12) {
			tb_error("demo: too few Shenyang instruments for %d uses in one year", want);
			return TB_ELIMIT;
		}
		sum += yuan;
		memset(&b, 0, sizeof(b));
		b.instrument_id = x->id;
		b.org_id = x->org_id;
		b.booker_name = "条件平台服务";
		b.booker_email = "platform@example.cn";
		b.user_class = "enterprise";
		b.service = "sample_testing";
		b.purpose = "检验检测服务";
		b.start_at = arena_printf(a, "%04d-%02d-%02dT%s", CONDITION_YEAR, m, day, from[slot]);
		b.end_at = arena_printf(a, "%04d-%02d-%02dT%s", CONDITION_YEAR, m, day, to[slot]);
		b.created_at = arena_printf(a, "%04d-%02d-%02dT00:00:00Z", CONDITION_YEAR, m, day);
		b.status = "completed";
		b.used_start = b.start_at;
		b.used_end = b.end_at;
		b.used_hours = 2;
		b.billed_qty = 1;
		b.rate = (double)yuan;
		b.fee = (double)yuan;  /* whole yuan: the double sum is exact */
		if ((rc = bulk_booking_create(d->st, &b)))
			return rc;
		(*uses)++;
	}
	return TB_OK;
}

struct mature_ctx { int64_t *ids; int n, cap; };
static int collect_mature(void *ctx, const struct achievement *x)
{
	struct mature_ctx *m = ctx;
	if (x->trl >= 7 && (!strcmp(x->status, "published") || !strcmp(x->status, "commercialised")) &&
	    m->n < m->cap)
		m->ids[m->n++] = x->id;
	return TB_OK;
}

static int seed_collection(struct demo_ctx *d, struct arena *a, int *added)
{
	int want = d->small ? MATURE_COUNT / 8 : MATURE_COUNT, rc;
	struct mature_ctx m = { arena_alloc(a, sizeof(int64_t) * (size_t)want), 0, want };
	*added = 0;
	if (!m.ids)
		return TB_ENOMEM;
	if ((rc = bulk_ach_each(d->st, NULL, collect_mature, &m)))
		return rc;
	if (m.n < want)
		tb_warn("demo: %d highly mature achievements, fewer than the %d of the seeds", m.n, want);
	for (int i = 0; i < m.n; i++)
		if ((rc = bulk_collection_add(d->st, MATURE_COLLECTION, m.ids[i], MATURE_ON)))
			return rc;
	*added = m.n;
	return TB_OK;
}

/* Facts for the first enterprises of the 2023 high-tech and tech-SME lists:
 * plausible figures around the thresholds, so the pipeline is not empty. */
static int seed_facts(struct demo_ctx *d, struct arena *a, int *nfacts)
{
	struct tier_cert *certs;
	int n, rc, want = d->small ? 40 : 300;
	*nfacts = 0;
	if ((rc = tier_cert_list(d->st, a, 0, "tech_sme", 2023, NULL, -1, 0, &certs, &n, NULL)))
		return rc;
	for (int i = 0; i < n && i < want; i++) {
		for (int y = 2022; y <= 2023; y++) {
			struct ent_facts f;
			int64_t rev = (int64_t)(5e6 + demo_uniform(d) * 1.9e8) * 100;
			tier_facts_init(&f);
			f.org_id = certs[i].org_id;
			f.year = y;
			f.staff = 40 + demo_pick(d, 400);
			f.st_staff = f.staff * (5 + demo_pick(d, 35)) / 100;
			f.revenue_fen = rev;
			f.total_cost_fen = rev * (70 + demo_pick(d, 25)) / 100;
			f.rd_fen = rev * (15 + demo_pick(d, 60)) / 1000;  /* 1.5 % .. 7.4 % */
			f.assets_fen = rev * (60 + demo_pick(d, 80)) / 100;
			f.liabilities_fen = f.assets_fen * (20 + demo_pick(d, 60)) / 100;
			f.ip_class1 = demo_pick(d, 3);
			f.ip_class2 = demo_pick(d, 6);
			f.hightech_rev_pct = 40 + demo_pick(d, 55);
			f.rd_china_pct = 90 + demo_pick(d, 11);
			f.founded_on = arena_printf(a, "%04d-%02d-01", 2008 + demo_pick(d, 14), 1 + demo_pick(d, 12));
			f.listed = 0;
			f.source = "demo: annual report";
			if ((rc = bulk_facts_put(d->st, &f)))
				return rc;
			(*nfacts)++;
		}
	}
	return TB_OK;
}

/* One block of the registry: n platforms of a kind and level in a city
 * (district optional), approved in years [y0, y1]. */
struct plat_block {
	const char *kind, *level, *city, *district, *batch;
	int n, y0, y1;
};
static const struct plat_block plat_blocks[] = {
	/* Shenyang, end of 2020 (China Daily 2021-04-13): the High-Tech Zone (浑南区) first */
	{ "key_lab", "national", "沈阳", "浑南区", NULL, 4, 2005, 2018 },
	{ "key_lab", "provincial", "沈阳", "浑南区", NULL, 40, 2008, 2020 },
	{ "key_lab", "city", "沈阳", "浑南区", NULL, 32, 2010, 2020 },
	{ "key_lab", "national", "沈阳", NULL, NULL, 6, 2000, 2018 },
	{ "key_lab", "provincial", "沈阳", NULL, NULL, 160, 2005, 2020 },
	{ "key_lab", "city", "沈阳", NULL, NULL, 95, 2008, 2020 },
	{ "tech_innovation_centre", "provincial", "沈阳", "浑南区", NULL, 60, 2015, 2020 },
	{ "tech_innovation_centre", "city", "沈阳", "浑南区", NULL, 39, 2016, 2020 },
	{ "tech_innovation_centre", "provincial", "沈阳", NULL, NULL, 90, 2015, 2020 },
	{ "tech_innovation_centre", "city", "沈阳", NULL, NULL, 73, 2016, 2020 },
	{ "eng_research_centre", "provincial", "沈阳", NULL, NULL, 120, 2008, 2020 },
	{ "eng_research_centre", "city", "沈阳", NULL, NULL, 60, 2010, 2020 },
	{ "enterprise_tech_centre", "national", "沈阳", "浑南区", NULL, 8, 2003, 2020 },
	{ "enterprise_tech_centre", "provincial", "沈阳", "浑南区", NULL, 60, 2008, 2020 },
	{ "enterprise_tech_centre", "national", "沈阳", NULL, NULL, 12, 2000, 2020 },
	{ "enterprise_tech_centre", "provincial", "沈阳", NULL, NULL, 251, 2005, 2020 },
	{ "other", "city", "沈阳", "浑南区", NULL, 29, 2015, 2020 },
	{ "other", "city", "沈阳", NULL, NULL, 28, 2015, 2020 },
	{ "new_rd_institution", "provincial", "沈阳", NULL, NULL, 32, 2018, 2020 },
	/* Liaoning, the other cities (Liaoning SCIO 2024; provincial release 2023-03) */
	{ "key_lab", "national", "大连", NULL, "2023年重组", 11, 2023, 2023 },
	{ "key_lab", "provincial", "大连", NULL, NULL, 250, 2005, 2024 },
	{ "key_lab", "provincial", "鞍山", NULL, NULL, 167, 2008, 2024 },
	{ "liaoning_lab", "provincial", "大连", NULL, NULL, 2, 2023, 2023 },
	{ "liaoning_lab", "provincial", "沈阳", NULL, NULL, 2, 2023, 2023 },
	{ "enterprise_tech_centre", "national", "大连", NULL, NULL, 22, 2000, 2021 },
	{ "enterprise_tech_centre", "national", "鞍山", NULL, "第29批", 5, 2022, 2022 },
	{ "pilot_base", "provincial", "大连", NULL, NULL, 16, 2023, 2023 },
	{ "pilot_base", "provincial", "沈阳", NULL, NULL, 14, 2023, 2023 },
	{ "pilot_base", "provincial", "营口", NULL, NULL, 6, 2023, 2023 },
};

static const char *const plat_fields[] = { "新材料", "智能制造", "生物医药", "电子信息", "新能源",
                                           "节能环保", "现代农业", "化工", NULL };

static int seed_platforms(struct demo_ctx *d, struct arena *a, int *made)
{
	struct platform_kind *kinds;
	int nk, rc;
	*made = 0;
	if ((rc = platform_kinds(d->st, a, &kinds, &nk)))
		return rc;
	for (size_t b = 0; b < sizeof(plat_blocks) / sizeof(plat_blocks[0]); b++) {
		const struct plat_block *pb = &plat_blocks[b];
		const struct platform_kind *k = NULL;
		struct org_query q = { 0 };
		struct org *hosts;
		int nh;
		int64_t total;
		for (int i = 0; i < nk; i++)
			if (!strcmp(kinds[i].key, pb->kind))
				k = &kinds[i];
		if (!k)
			return TB_ENOTFOUND;
		q.city = pb->city;
		q.kind = strcmp(pb->kind, "enterprise_tech_centre") ? "university" : "enterprise";
		q.limit = 200;
		if ((rc = bulk_org_list(d->st, a, &q, &hosts, &nh, &total)))
			return rc;
		if (!nh) {
			q.kind = "institute";
			if ((rc = bulk_org_list(d->st, a, &q, &hosts, &nh, &total)))
				return rc;
		}
		for (int i = 0; i < pb->n; i++) {
			struct platform p;
			int64_t host;
			const char *field = demo_choose(d, plat_fields);
			memset(&p, 0, sizeof(p));
			p.kind = pb->kind;
			p.level = pb->level;
			p.city = pb->city;
			p.district = pb->district;
			p.year = pb->y0 + demo_pick(d, pb->y1 - pb->y0 + 1);
			p.batch = pb->batch ? pb->batch : arena_printf(a, "%d", p.year);
			p.field = field;
			p.status = "active";
			p.approval_body = !strcmp(pb->level, "national") ? "科学技术部 / 国家发展改革委"
			                : !strcmp(pb->level, "provincial") ? "辽宁省科学技术厅" : "沈阳市科学技术局";
			p.name = arena_printf(a, "%s%s%s%s%03d", pb->city, field, k->zh,
			                      !strcmp(pb->level, "national") ? "（国家级）" : "", i + 1);
			p.name_en = arena_printf(a, "%s %s %s %03d", region_city_en(pb->city), field, k->en, i + 1);
			if (nh) {
				host = hosts[demo_pick(d, nh)].id;
				p.hosts = &host;
				p.nhosts = 1;
			}
			if ((rc = bulk_platform_insert(d->st, &p)))
				return rc;
			(*made)++;
		}
	}
	return TB_OK;
}

int demo_seed_sources(struct demo_ctx *d)
{
	struct arena a;
	int64_t uses = 0;
	int added = 0, nfacts = 0, nplat = 0, ents, results, rc;
	arena_init(&a, 256u << 20);
	if ((rc = bulk_begin(d->st)))
		goto out;
	if ((rc = seed_condition_platform(d, &a, &uses)) || (rc = seed_collection(d, &a, &added)) ||
	    (rc = seed_facts(d, &a, &nfacts)) || (rc = seed_platforms(d, &a, &nplat))) {
		bulk_rollback(d->st);
		goto out;
	}
	if ((rc = bulk_commit(d->st)))
		goto out;
	/* Evaluation is the engine's own transaction (audited as system). */
	if ((rc = tier_evaluate_year(d->st, &a, 2023, 0, 0, &ents, &results)))
		goto out;
	if (!d->quiet)
		fprintf(stderr, "sources: %lld condition-platform uses in %d, %d achievements collected, "
		        "%d facts, %d tier results, %d platforms\n", (long long)uses, CONDITION_YEAR, added,
		        nfacts, results, nplat);
out:
	arena_release(&a);
	return rc;
}

/* demo_registries.c - the demo province's alliances and service agencies
 * (issue #15, docs/registries.md), at the seeds' counts, levels and dates
 * (docs/indicators.md):
 *   - Liaoning, 2023 (SCIO press conference 2024-05-09): 600
 *     industry-university-research alliances with 2,000+ members, each led
 *     by a university, institute or enterprise, with dated activities (most
 *     were active in 2023, so the substantive rule has something to count);
 *   - Shenyang High-Tech Zone (浑南区), end of 2020 (China Daily
 *     2021-04-13): 333 service agencies (finance, technology transfer,
 *     inspection and testing, IP); Liaoning, 2023: 400+ service
 *     institutions, i.e. the zone's agencies, the Shenyang transfer
 *     institutions of the brokers seeder (whose cases give the enterprises
 *     served) and agencies in the other cities.
 * The counts below are the seeder's inputs; tests recompute the figures
 * from the records. Deterministic with the seed; --small makes a few dozen. */
#include "cli/demo.h"
#include "cli/demo_vocab.h"
#include "core/err.h"
#include "core/log.h"
#include "domain/alliance.h"
#include "model/region.h"
#include <stdio.h>
#include <string.h>

#define SEED_ALLIANCES 600     /* Liaoning, 2023 */
#define SEED_HTZ_AGENCIES 333  /* Shenyang High-Tech Zone, end of 2020 */
#define SEED_TRANSFER 68       /* Shenyang Technology Transfer Association */
#define SEED_OTHER_AGENCIES 16 /* the other cities: with the zone and the 68 transfer
                                * institutions, 417 = "400+" in 2023 */

/* A database without a catalogue (`alliance seed` alone) still gets members. */
static int ensure(struct demo_ctx *d, struct arena *a, const char *kind, int want, struct demo_ids *l)
{
	int rc;
	for (int i = l->n; i < want && l->n < DEMO_MAX_IDS; i++) {
		struct org o = { 0 };
		const struct term *b = &demo_brands[i % demo_term_count(demo_brands)];
		int enterprise = !strcmp(kind, "enterprise");
		o.name = arena_printf(a, enterprise ? "辽宁%s科技有限公司%d" : "辽宁%s研究院%d", b->zh, i + 1);
		o.name_en = arena_printf(a, enterprise ? "Liaoning %s Technology Co. %d"
		                                       : "Liaoning %s Research Institute %d", b->en, i + 1);
		o.kind = kind;
		o.province = "辽宁省";
		o.city = "沈阳";
		o.region_code = "210100";
		if ((rc = bulk_org_insert(d->st, &o)))
			return rc;
		l->v[l->n++] = o.id;
	}
	return TB_OK;
}

static const char *const alliance_kinds_zh[] = { "产业技术创新战略联盟", "产学研协同创新联盟",
                                                  "技术创新联盟", NULL };
static const char *const alliance_kinds_en[] = { "Industrial Technology Innovation Strategic Alliance",
                                                  "Industry-University-Research Collaborative Innovation Alliance",
                                                  "Technology Innovation Alliance", NULL };

static int seed_alliances(struct demo_ctx *d, struct arena *a, int *nall, int *nmem, int *nact)
{
	struct demo_ids *acad = arena_alloc(a, sizeof(*acad)), *ent = arena_alloc(a, sizeof(*ent)),
	              *inst = arena_alloc(a, sizeof(*inst));
	int want = d->small ? 30 : SEED_ALLIANCES, rc;
	if (!acad || !ent || !inst)
		return TB_ENOMEM;
	if ((rc = demo_org_ids(d->st, a, "university", NULL, acad)) ||
	    (rc = demo_org_ids(d->st, a, "institute", NULL, inst)) ||
	    (rc = demo_org_ids(d->st, a, "enterprise", NULL, ent)))
		return rc;
	for (int i = 0; i < inst->n && acad->n < DEMO_MAX_IDS; i++)
		acad->v[acad->n++] = inst->v[i];
	if ((rc = ensure(d, a, "institute", 8, acad)) || (rc = ensure(d, a, "enterprise", 24, ent)))
		return rc;
	for (int i = 0; i < want; i++) {
		static const int sizes[] = { 2, 3, 4, 4, 5 }; /* 3.6 members on average */
		const struct field_vocab *f = &demo_fields[i % demo_nfields];
		int k = demo_pick(d, 3), size = sizes[i % 5], fy = 2005 + (i * 7) % 19;
		struct alliance x;
		struct tb_field_error fe = { 0 };
		double lv = demo_uniform(d);
		memset(&x, 0, sizeof(x));
		x.name = arena_printf(a, "辽宁省%s%s（第%d号）", f->name.zh, alliance_kinds_zh[k], i + 1);
		x.name_en = arena_printf(a, "Liaoning %s %s No. %d", f->name.en, alliance_kinds_en[k], i + 1);
		x.field = f->name.zh;
		x.level = lv < 0.05 ? "national" : lv < 0.5 ? "provincial" : "city";
		x.city = demo_cities[demo_pick(d, 4)].zh;
		x.founded_on = arena_printf(a, "%04d-%02d-%02d", fy, 1 + demo_pick(d, 12), 1 + demo_pick(d, 28));
		/* half led by a university or institute, half by an enterprise */
		x.lead_org_id = i % 2 ? acad->v[demo_pick(d, acad->n)] : ent->v[demo_pick(d, ent->n)];
		if (!(x.members = arena_alloc(a, sizeof(*x.members) * (size_t)size)))
			return TB_ENOMEM;
		x.members[x.nmembers++] = (struct alliance_member){ x.lead_org_id, "lead", x.founded_on, NULL, NULL };
		for (int tries = 0; x.nmembers < size && tries < 50; tries++) {
			/* members alternate: research side, industry side */
			int64_t org = x.nmembers % 2 ? (i % 2 ? ent->v[demo_pick(d, ent->n)] : acad->v[demo_pick(d, acad->n)])
			                             : (demo_uniform(d) < 0.5 ? ent->v[demo_pick(d, ent->n)]
			                                                      : acad->v[demo_pick(d, acad->n)]);
			int dup = 0;
			for (int m = 0; m < x.nmembers; m++)
				dup = dup || x.members[m].org_id == org;
			if (dup)
				continue;
			x.members[x.nmembers++] = (struct alliance_member){
				org, x.nmembers == 1 && size >= 4 ? "vice_lead" : "member", x.founded_on, NULL, NULL };
		}
		if ((rc = alliance_validate(d->st, a, &x, &fe))) {
			tb_warn("demo alliance %d: %s: %s", i, fe.field, fe.message);
			return rc;
		}
		if ((rc = alliance_seed_insert(d->st, &x)))
			return rc;
		(*nall)++;
		*nmem += x.nmembers;
		/* activities: three in four alliances met in 2023, most in 2022 too */
		for (int y = 2022; y <= 2023; y++) {
			int n = demo_uniform(d) < 0.75 ? 1 + demo_pick(d, 3) : 0;
			for (int j = 0; j < n; j++) {
				struct alliance_activity v = { 0, x.id, NULL, NULL };
				v.held_on = arena_printf(a, "%04d-%02d-%02d", y, 1 + demo_pick(d, 12), 1 + demo_pick(d, 28));
				if (strcmp(v.held_on, x.founded_on) < 0)
					continue;
				v.title = arena_printf(a, "%s年度技术对接会", f->name.zh);
				if ((rc = alliance_seed_activity(d->st, &v)))
					return rc;
				(*nact)++;
			}
		}
	}
	return TB_OK;
}

/* Services: a rotation over the seeds' four (finance, transfer, testing, IP)
 * with roadshows, incubation, consulting and training beside them. */
static const char *services_for(struct demo_ctx *d, struct arena *a, int i, int transfer)
{
	static const char *const main4[] = { "finance", "transfer", "testing", "ip" };
	static const char *const extra[] = { "roadshow", "incubation", "consulting", "training" };
	const char *first = transfer ? "transfer" : main4[i % 4];
	double u = demo_uniform(d);
	if (u < 0.4)
		return first;
	if (u < 0.8) {
		const char *second = main4[(i + 1 + demo_pick(d, 3)) % 4];
		return strcmp(first, second) ? arena_printf(a, "%s,%s", first, second) : first;
	}
	return arena_printf(a, "%s,%s", first, extra[demo_pick(d, 4)]);
}

/* A service in an organisation's English name ("... Intellectual Property
 * Service Centre"). */
static const char *title_en(const char *service)
{
	static const char *const t[][2] = { { "finance", "Technology Finance" }, { "transfer", "Technology Transfer" },
	                                    { "testing", "Inspection and Testing" }, { "ip", "Intellectual Property" },
	                                    { "consulting", "S&T Consulting" } };
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (!strcmp(t[i][0], service))
			return t[i][1];
	return "S&T";
}

static int seed_agencies(struct demo_ctx *d, struct arena *a, int *nag)
{
	struct demo_ids *tr = arena_alloc(a, sizeof(*tr));
	int htz = d->small ? 12 : SEED_HTZ_AGENCIES, other = d->small ? 3 : SEED_OTHER_AGENCIES, rc;
	if (!tr)
		return TB_ENOMEM;
	/* the brokers seeder's transfer institutions (their cases give the
	 * enterprises served) */
	if ((rc = demo_org_ids(d->st, a, "transfer", NULL, tr)))
		return rc;
	/* `alliance seed` without the brokers seeder: the Shenyang Technology
	 * Transfer Association's institutions still belong to the registry */
	for (int i = tr->n; i < (d->small ? 6 : SEED_TRANSFER) && tr->n < DEMO_MAX_IDS; i++) {
		struct org o = { 0 };
		const struct term *b = &demo_brands[i % demo_term_count(demo_brands)];
		o.name = arena_printf(a, "沈阳%s技术转移中心%d", b->zh, i + 1);
		o.name_en = arena_printf(a, "Shenyang %s Technology Transfer Centre %d", b->en, i + 1);
		o.kind = "transfer";
		o.province = "辽宁省";
		o.city = "沈阳";
		o.region_code = "210100";
		if ((rc = bulk_org_insert(d->st, &o)))
			return rc;
		tr->v[tr->n++] = o.id;
	}
	for (int i = 0; i < tr->n; i++) {
		struct agency g = { 0 };
		g.org_id = tr->v[i];
		g.level = i % 5 ? "city" : "provincial";
		g.year = 2012 + i % 9;
		g.services = services_for(d, a, i, 1);
		g.regions = i % 3 ? "沈阳" : "沈阳,鞍山,抚顺,本溪";
		if ((rc = agency_seed_put(d->st, &g)))
			return rc;
		(*nag)++;
	}
	for (int i = 0; i < htz + other; i++) {
		struct org o = { 0 };
		struct agency g = { 0 };
		const struct term *b = &demo_brands[i % demo_term_count(demo_brands)];
		int in_htz = i < htz;
		const char *city = in_htz ? "沈阳" : demo_cities[1 + i % 13].zh;
		g.services = services_for(d, a, i, 0);
		o.name = arena_printf(a, "%s%s%s服务中心%d", in_htz ? "沈阳高新区" : city, b->zh,
		                      agency_service_label(strchr(g.services, ',') ? "consulting" : g.services, "zh"),
		                      i + 1);
		o.name_en = arena_printf(a, "%s %s %s Service Centre %d", in_htz ? "Shenyang High-Tech Zone" : "Liaoning",
		                         b->en, title_en(strchr(g.services, ',') ? "consulting" : g.services), i + 1);
		o.kind = "agency";
		o.province = "辽宁省";
		o.city = city;
		/* what an import derives from the city (export -> import round trip) */
		o.region_code = region_city_by_zh(city) ? region_city_by_zh(city)->code : NULL;
		o.district = in_htz ? "浑南区" : NULL;
		if ((rc = bulk_org_insert(d->st, &o)))
			return rc;
		g.org_id = o.id;
		g.level = i % 7 ? "city" : "provincial";
		/* the zone's 333 were all recognised by the end of 2020; the others by 2023 */
		g.year = in_htz ? 2008 + i % 13 : 2015 + i % 9;
		g.regions = in_htz ? "沈阳,浑南区" : city;
		if ((rc = agency_seed_put(d->st, &g)))
			return rc;
		(*nag)++;
	}
	return TB_OK;
}

int demo_seed_registries(struct demo_ctx *d)
{
	struct arena a;
	int rc, nall = 0, nmem = 0, nact = 0, nag = 0;
	arena_init(&a, 256 << 20);
	if ((rc = bulk_begin(d->st)))
		goto out;
	if ((rc = seed_alliances(d, &a, &nall, &nmem, &nact)) || (rc = seed_agencies(d, &a, &nag))) {
		bulk_rollback(d->st);
		goto out;
	}
	if ((rc = bulk_commit(d->st)))
		goto out;
	if (!d->quiet)
		fprintf(stderr, "registries: %d alliances with %d members and %d activities, %d service agencies\n",
		        nall, nmem, nact, nag);
out:
	arena_release(&a);
	return rc;
}

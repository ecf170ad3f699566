/* demo_catalog.c - the demo province's organisations, achievements and
 * demands. Everything is generated here from the vocabularies in
 * demo_vocab.c with the seeded PRNG, so the same seed gives the same
 * province: universities and institutes (about 330, reused by the
 * instrument-sharing seeder), enterprises across the 14 cities with Shenyang
 * and Dalian heaviest, service agencies, transfer institutions and the
 * science department; then achievements whose abstracts state the benefit
 * over incumbents, maturity and route to market (what industry asks for),
 * and enterprise demands with budgets and deadlines, spread over 2019-2026. */
#include "domain/bulk.h"
#include "cli/demo_catalog.h"
#include "cli/demo_vocab.h"
#include "core/buf.h"
#include "core/err.h"
#include "core/util.h"
#include "domain/region.h"
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define T_START 1546300800LL /* 2019-01-01 */
#define T_END   1793404800LL /* 2026-10-31 */

/* Derived dates (published, updated) never run past the demo's end. */
static int64_t clamp_end(int64_t t) { return t > T_END ? T_END : t; }

/* Titles seen so far (FNV-1a hashes, open addressing): a province does not
 * publish the same title twice, so the generator redraws on a repeat. */
struct title_set { uint64_t *h; size_t cap; };

/* Returns 1 when newly added, 0 when already present (or the set is full). */
static int title_set_add(struct title_set *t, const char *s)
{
	/* | 1: 0 marks an empty slot */
	uint64_t h = (s ? fnv1a(s, strlen(s), FNV1A_OFFSET) : FNV1A_OFFSET) | 1;
	for (size_t i = h % t->cap, n = 0; n < t->cap; i = (i + 1) % t->cap, n++) {
		if (t->h[i] == h)
			return 0;
		if (!t->h[i]) {
			t->h[i] = h;
			return 1;
		}
	}
	return 0;
}
#define DAY     86400LL
#define T_LAST  DEMO_END /* no timestamp after this (cli/demo.h) */

int demo_field_count(void) { return demo_nfields; }

static const struct term *pick_term(struct demo_ctx *d, const struct term *t)
{
	return &t[demo_pick(d, demo_term_count(t))];
}

static int pick_field(struct demo_ctx *d)
{
	int total = 0, r;
	for (int i = 0; i < demo_nfields; i++)
		total += demo_fields[i].weight;
	r = demo_pick(d, total);
	for (int i = 0; i < demo_nfields; i++)
		if ((r -= demo_fields[i].weight) < 0)
			return i;
	return 0;
}

static const struct city_info *pick_city(struct demo_ctx *d)
{
	int total = 0, r;
	for (const struct city_info *c = demo_cities; c->zh; c++)
		total += c->weight;
	r = demo_pick(d, total);
	for (const struct city_info *c = demo_cities; c->zh; c++)
		if ((r -= c->weight) < 0)
			return c;
	return demo_cities;
}

static const struct city_info *city_info(const char *zh)
{
	for (const struct city_info *c = demo_cities; c->zh; c++)
		if (zh && !strcmp(c->zh, zh))
			return c;
	return demo_cities;
}

static const char *cap_first(struct arena *a, const char *s)
{
	char *o = arena_strdup(a, s);
	if (o && islower((unsigned char)o[0]))
		o[0] = (char)toupper((unsigned char)o[0]);
	return o;
}

static const char *iso_time(struct arena *a, int64_t t)
{
	char s[32];
	if (t > T_LAST)
		t = T_LAST;
	fmt_iso8601(t, s);
	return arena_strdup(a, s);
}

/* Amounts are quoted in whole 万元 (10,000 yuan), as listings do. */
static double wan_round(double yuan)
{
	double w = floor(yuan / 10000.0 + 0.5);
	return (w < 1 ? 1 : w) * 10000.0;
}

static void contact(struct demo_ctx *d, struct arena *a, const struct demo_owner *o,
                    const char **name, const char **email, const char **phone)
{
	int s, ns = 0;
	const struct city_info *ci = city_info(o->city);
	while (demo_surnames_zh[ns])
		ns++;
	s = demo_pick(d, ns);
	*name = arena_printf(a, "%s%s", demo_surnames_zh[s], demo_choose(d, demo_given_zh));
	*email = arena_printf(a, "%s%02d@%s", demo_surnames_py[s], demo_pick(d, 100),
	                      o->name && o->id ? arena_printf(a, "org%lld.example.com", (long long)o->id)
	                                       : "example.com");
	if (demo_uniform(d) < 0.4)
		*phone = arena_printf(a, "13%d%08d", demo_pick(d, 10), demo_pick(d, 100000000));
	else if (strlen(ci->area) == 3)
		*phone = arena_printf(a, "%s-%08d", ci->area, 20000000 + demo_pick(d, 70000000));
	else
		*phone = arena_printf(a, "%s-%07d", ci->area, 2000000 + demo_pick(d, 7000000));
}

static unsigned pick_modes(struct demo_ctx *d, const double *p)
{
	unsigned m = 0;
	for (int i = 0; i < 5; i++)
		if (demo_uniform(d) < p[i])
			m |= 1u << i;
	return m ? m : (demo_uniform(d) < 0.5 ? MODE_TRANSFER : MODE_LICENCE);
}

static const char *const mode_zh[] = { "技术转让", "许可使用", "作价入股", "合作开发", "技术服务" };
static const char *const mode_en[] = { "outright transfer", "licence", "equity investment",
                                       "joint development", "technical services" };

static int first_mode(unsigned m)
{
	for (int i = 0; i < 5; i++)
		if (m & (1u << i))
			return i;
	return 0;
}

void demo_make_achievement(struct demo_ctx *d, struct arena *a, const struct demo_owner *o,
                           long serial, struct achievement *x)
{
	static const double trl_cdf[] = { .03, .10, .23, .40, .58, .75, .88, .96, 1.0 };
	static const double mode_p[] = { .5, .45, .2, .4, .25 };
	int f = o->field >= 0 && demo_uniform(d) < 0.8 ? o->field : pick_field(d);
	const struct field_vocab *fv = &demo_fields[f];
	const struct term *obj = pick_term(d, fv->objects), *meth = pick_term(d, fv->methods);
	const struct term *app = pick_term(d, fv->apps), *met = pick_term(d, fv->metrics);
	const struct term *suf = pick_term(d, demo_suffixes), *pain = pick_term(d, demo_pains);
	const struct term *inc = pick_term(d, demo_incumbents);
	const char *city_en = region_city_en(o->city);
	double u = demo_uniform(d), r;
	int64_t created = T_START + (int64_t)(demo_uniform(d) * (double)(T_END - T_START));
	struct buf zh = BUF_INIT(8192), en = BUF_INIT(8192);
	int trl = 1, p1 = 8 + demo_pick(d, 60), p2 = 5 + demo_pick(d, 35), m;

	memset(x, 0, sizeof(*x));
	while (trl < 9 && u >= trl_cdf[trl - 1])
		trl++;
	x->trl = trl;
	x->owner_org_id = o->id;
	x->field = fv->name.zh;
	switch (demo_pick(d, 4)) {
	case 0:
		x->title_zh = arena_printf(a, "基于%s的%s%s", meth->zh, obj->zh, suf->zh);
		x->title_en = cap_first(a, arena_printf(a, "%s for %s based on %s", suf->en, obj->en, meth->en));
		break;
	case 1:
		x->title_zh = arena_printf(a, "面向%s的%s%s", app->zh, obj->zh, suf->zh);
		x->title_en = cap_first(a, arena_printf(a, "%s for %s in %s", suf->en, obj->en, app->en));
		break;
	case 2:
		x->title_zh = arena_printf(a, "高性能%s%s", obj->zh, suf->zh);
		x->title_en = cap_first(a, arena_printf(a, "%s for high-performance %s", suf->en, obj->en));
		break;
	default:
		x->title_zh = arena_printf(a, "%s%s%s", obj->zh, meth->zh, suf->zh);
		x->title_en = cap_first(a, arena_printf(a, "%s %s for %s", meth->en, suf->en, obj->en));
		break;
	}
	x->modes = pick_modes(d, mode_p);
	m = first_mode(x->modes);

	buf_printf(&zh, "针对%s中%s%s的问题，本成果提出了一种基于%s的%s%s。", app->zh, obj->zh, pain->zh,
	           meth->zh, obj->zh, suf->zh);
	buf_printf(&en, "Addressing the %s of %s in %s, this work applies %s to deliver a new %s.", pain->en,
	           obj->en, app->en, meth->en, suf->en);
	if (demo_uniform(d) < 0.85) {
		buf_printf(&zh, "与%s相比，%s提高%d%%，综合成本降低%d%%。", inc->zh, met->zh, p1, p2);
		buf_printf(&en, " Compared with %s, it raises %s by %d%% and lowers overall cost by %d%%.",
		           inc->en, met->en, p1, p2);
	}
	if (trl <= 3) {
		buf_printf(&zh, "目前已完成原理验证和实验室小试（TRL %d）。", trl);
		buf_printf(&en, " Proof of concept has been completed in the laboratory (TRL %d).", trl);
	} else if (trl <= 5) {
		buf_printf(&zh, "已完成实验室样机验证，关键指标达到设计要求（TRL %d）。", trl);
		buf_printf(&en, " A laboratory prototype has met its design targets (TRL %d).", trl);
	} else if (trl <= 7) {
		int n = 1 + demo_pick(d, 5);
		buf_printf(&zh, "已建成中试线，并在%d家企业开展示范应用（TRL %d）。", n, trl);
		buf_printf(&en, " A pilot line is running and %d compan%s trialling it (TRL %d).", n,
		           n == 1 ? "y is" : "ies are", trl);
	} else {
		int n = 3 + demo_pick(d, 40);
		buf_printf(&zh, "已实现规模化生产，累计在%d家企业推广应用（TRL %d）。", n, trl);
		buf_printf(&en, " It is in volume production and used by %d companies (TRL %d).", n, trl);
	}
	if (demo_uniform(d) < 0.75) {
		buf_printf(&zh, "可通过%s方式与%s及周边%s合作推广。", mode_zh[m], o->city ? o->city : "辽宁",
		           fv->industry.zh);
		buf_printf(&en, " It is offered by %s to %s in %s and beyond.", mode_en[m], fv->industry.en,
		           city_en ? city_en : "Liaoning");
	}
	x->abstract_zh = arena_strdup(a, zh.ptr);
	x->abstract_en = arena_strdup(a, en.ptr);
	buf_release(&zh);
	buf_release(&en);
	x->keywords = arena_printf(a, "%s,%s,%s,%s", obj->zh, meth->zh, met->zh, meth->en);

	r = demo_uniform(d);
	x->ip_status = r < 0.55 ? "granted" : r < 0.85 ? "pending" : "none";
	if (strcmp(x->ip_status, "none")) {
		int np = 1 + demo_pick(d, 3);
		struct buf pb = BUF_INIT(512);
		int pyear = 2015 + demo_pick(d, 11);
		for (int i = 0; i < np; i++)
			buf_printf(&pb, "%sZL%04d1%07d.%d", i ? "," : "", pyear + i / 2, demo_pick(d, 10000000),
			           demo_pick(d, 10));
		x->patents = arena_strdup(a, pb.ptr);
		buf_release(&pb);
	}
	x->price = demo_uniform(d) < 0.25 ? PRICE_NEGOTIABLE : wan_round(pow(10.0, 4.7 + 3.6 * demo_uniform(d)));
	if (demo_uniform(d) < 0.7 && serial >= 0)
		x->reg_no = arena_printf(a, "210%.4s%d%04ld", iso_time(a, created), (int)((serial / 10000) % 10),
		                         serial % 10000);
	contact(d, a, o, &x->contact_name, &x->contact_email, &x->contact_phone);
	r = demo_uniform(d);
	x->status = r < 0.80 ? "published" : r < 0.86 ? "draft" : r < 0.92 ? "submitted"
	          : r < 0.96 ? "withdrawn" : "commercialised";
	x->created_at = iso_time(a, created);
	x->published_at = iso_time(a, clamp_end(created + (1 + demo_pick(d, 15)) * DAY));
	x->updated_at = iso_time(a, clamp_end(created + (1 + demo_pick(d, 60)) * DAY));
	x->expires_at = demo_expiry(a, x->published_at, x->title_zh); /* no PRNG draw: data unchanged */
}

void demo_make_demand(struct demo_ctx *d, struct arena *a, const struct demo_owner *o, struct demand *x)
{
	static const double mode_p[] = { .35, .3, .05, .6, .2 };
	int f = o->field >= 0 && demo_uniform(d) < 0.85 ? o->field : pick_field(d);
	const struct field_vocab *fv = &demo_fields[f];
	const struct term *obj = pick_term(d, fv->objects), *meth = pick_term(d, fv->methods);
	const struct term *app = pick_term(d, fv->apps), *met = pick_term(d, fv->metrics);
	const struct term *need = pick_term(d, demo_needs), *pain = pick_term(d, demo_pains);
	/* Demands are current business: most were posted in the last two years. */
	double back = demo_uniform(d);
	int64_t created = T_END - (int64_t)(back * back * (double)(T_END - T_START));
	int p = 10 + demo_pick(d, 50), months = 6 + demo_pick(d, 30);
	double r;
	char dl[32];

	memset(x, 0, sizeof(*x));
	x->org_id = o->id;
	x->field = fv->name.zh;
	switch (demo_pick(d, 3)) {
	case 0:
		x->title_zh = arena_printf(a, "%s%s技术需求", obj->zh, need->zh);
		x->title_en = cap_first(a, arena_printf(a, "technology needed: %s of %s", need->en, obj->en));
		break;
	case 1:
		x->title_zh = arena_printf(a, "寻求%s%s问题解决方案", obj->zh, pain->zh);
		x->title_en = cap_first(a, arena_printf(a, "seeking a solution to %s in %s", pain->en, obj->en));
		break;
	default:
		x->title_zh = arena_printf(a, "%s用%s%s", app->zh, obj->zh, need->zh);
		x->title_en = cap_first(a, arena_printf(a, "%s of %s for %s", need->en, obj->en, app->en));
		break;
	}
	x->desc_zh = arena_printf(a,
		"我单位主要面向%s领域，现有%s存在%s等问题，制约了产品竞争力。希望与高校、科研院所合作，"
		"采用%s等技术路线开展%s，目标使%s提高%d%%以上。%s",
		app->zh, obj->zh, pain->zh, meth->zh, need->zh, met->zh, p,
		demo_uniform(d) < 0.5 ? "可提供中试场地和应用验证条件。"
		                      : arena_printf(a, "项目周期约%d个月，经费可分阶段拨付。", months));
	x->desc_en = arena_printf(a,
		"We serve %s. Our current %s suffer from %s, which limits our competitiveness. We seek "
		"universities or institutes to work on %s using approaches such as %s, aiming to improve "
		"%s by at least %d%%. %s",
		app->en, obj->en, pain->en, need->en, meth->en, met->en, p,
		demo_uniform(d) < 0.5 ? "We can provide a pilot site and field validation."
		                      : arena_printf(a, "The project runs about %d months with staged funding.", months));
	x->keywords = arena_printf(a, "%s,%s,%s", obj->zh, need->zh, meth->zh);
	x->budget_min = x->budget_max = -1;
	if (demo_uniform(d) < 0.75) {
		x->budget_min = wan_round(pow(10.0, 5.0 + 2.3 * demo_uniform(d)));
		x->budget_max = wan_round(x->budget_min * (1.5 + 2.5 * demo_uniform(d)));
	}
	fmt_iso8601(created + (180 + demo_pick(d, 540)) * DAY, dl);
	x->deadline = arena_strndup(a, dl, 10);
	x->trl_min = demo_uniform(d) < 0.3 ? 0 : 3 + demo_pick(d, 6);
	x->modes = demo_uniform(d) < 0.3 ? 0 : pick_modes(d, mode_p);
	x->region = o->city;
	contact(d, a, o, &x->contact_name, &x->contact_email, &x->contact_phone);
	r = demo_uniform(d);
	x->status = r < 0.78 ? "published" : r < 0.84 ? "draft" : r < 0.91 ? "submitted"
	          : r < 0.95 ? "withdrawn" : "closed";
	/* Some demands whose deadline has passed were closed by their owners. */
	if (!strcmp(x->status, "published") && strcmp(x->deadline, "2026-11-01") < 0 && demo_uniform(d) < 0.3)
		x->status = "closed";
	x->created_at = iso_time(a, created);
	x->published_at = iso_time(a, clamp_end(created + (1 + demo_pick(d, 10)) * DAY));
	x->updated_at = iso_time(a, clamp_end(created + (1 + demo_pick(d, 60)) * DAY));
	x->expires_at = demo_expiry(a, x->published_at, x->title_zh); /* no PRNG draw: data unchanged */
}

/* ------------------------------------------------------------ seeding */

struct seed {
	struct demo_ctx *d;
	struct arena *a;             /* lives for the whole seeder */
	struct demo_owner *inst, *ent, *gov;
	int ninst, nent, ngov;
};

static const char *region_code(const char *city)
{
	for (const struct city *c = region_cities; c->zh; c++)
		if (!strcmp(c->zh, city))
			return c->code;
	return NULL;
}

/* Inserts an org; TB_ECONFLICT when the name is taken (caller tries another). */
static int add_org(struct seed *s, const char *zh, const char *en, const char *kind, const char *city,
                   int field, struct demo_owner *out)
{
	struct org o;
	const struct city_info *ci = city_info(city);
	int rc, nd = 0;
	memset(&o, 0, sizeof(o));
	o.name = zh;
	o.name_en = en;
	o.kind = kind;
	o.province = region_province_zh;
	o.city = city;
	while (ci->districts[nd])
		nd++;
	o.district = demo_uniform(s->d) < 0.8 ? ci->districts[demo_pick(s->d, nd)] : NULL;
	o.region_code = region_code(city);
	if ((rc = bulk_org_insert(s->d->st, &o)))
		return rc;
	if (out) {
		out->id = o.id;
		out->name = arena_strdup(s->a, zh);
		out->city = city;
		out->field = field;
	}
	return TB_OK;
}

static int university_field(const char *zh)
{
	static const struct { const char *w; int f; } m[] = {
		{ "医", 2 }, { "药", 2 }, { "农", 6 }, { "海事", 8 }, { "海洋", 6 }, { "船舶", 8 },
		{ "石油", 7 }, { "化", 7 }, { "航空", 9 }, { "钢铁", 1 }, { "科技大学", 1 }, { "工业", 0 },
		{ "工程", 0 }, { "交通", 0 }, { "理工", 0 },
	};
	for (size_t i = 0; i < ARRAY_SIZE(m); i++)
		if (strstr(zh, m[i].w))
			return m[i].f;
	return -1;
}

static int seed_orgs(struct seed *s, int nuniv, int ninst, int nent, int nagency, int ntransfer, int ngov)
{
	struct demo_ctx *d = s->d;
	static const struct term transfers[] = {
		{ "辽宁技术交易市场", "Liaoning Technology Market" },
		{ "东北大学技术转移中心", "Northeastern University Technology Transfer Centre" },
		{ "大连理工大学技术转移研究院", "Dalian University of Technology Institute of Technology Transfer" },
		{ "沈阳技术转移服务中心", "Shenyang Technology Transfer Service Centre" },
		{ "大连市技术转移中心", "Dalian Technology Transfer Centre" },
		{ "辽宁省科技成果转化服务平台", "Liaoning Achievement Transformation Service Platform" },
		{ "鞍山技术转移中心", "Anshan Technology Transfer Centre" },
		{ "辽宁知识产权运营中心", "Liaoning Intellectual Property Operation Centre" },
		{ NULL, NULL },
	};
	int rc, i, tries;

	s->inst = arena_alloc(s->a, sizeof(*s->inst) * (size_t)(nuniv + ninst));
	s->ent = arena_alloc(s->a, sizeof(*s->ent) * (size_t)nent);
	s->gov = arena_alloc(s->a, sizeof(*s->gov) * (size_t)(ngov + nagency + ntransfer));
	if (!s->inst || !s->ent || !s->gov)
		return TB_ENOMEM;

	/* Government: the provincial science department, then city bureaus. */
	if ((rc = add_org(s, "辽宁省科学技术厅", "Department of Science and Technology of Liaoning Province",
	                  "government", "沈阳", -1, &s->gov[s->ngov++])))
		return rc;
	for (i = 0; i + 1 < ngov && region_cities[i].zh; i++)
		if ((rc = add_org(s, arena_printf(s->a, "%s市科学技术局", region_cities[i].zh),
		                  arena_printf(s->a, "%s Municipal Science and Technology Bureau", region_cities[i].en),
		                  "government", region_cities[i].zh, -1, &s->gov[s->ngov++])))
			return rc;
	for (i = 0; i < nagency && region_cities[i % 14].zh; i++) {
		const struct city *c = &region_cities[i % 14];
		const char *zh = i < 14 ? arena_printf(s->a, "%s科技成果转化服务中心", c->zh)
		                        : arena_printf(s->a, "%s科技创新服务中心%d", c->zh, i / 14);
		const char *en = arena_printf(s->a, "%s Technology Commercialisation Service Centre%s", c->en,
		                              i < 14 ? "" : " II");
		if ((rc = add_org(s, zh, en, "agency", c->zh, -1, &s->gov[s->ngov++])))
			return rc;
	}
	for (i = 0; i < ntransfer && transfers[i].zh; i++)
		if ((rc = add_org(s, transfers[i].zh, transfers[i].en, "transfer", i == 2 || i == 4 ? "大连" :
		                  i == 6 ? "鞍山" : "沈阳", -1, &s->gov[s->ngov++])))
			return rc;

	for (i = 0; i < nuniv && demo_universities[i].zh; i++) {
		const struct inst *u = &demo_universities[i];
		if ((rc = add_org(s, u->zh, u->en, "university", u->city, university_field(u->zh),
		                  &s->inst[s->ninst++])))
			return rc;
	}
	for (i = 0; i < ninst && demo_institutes[i].zh; i++) {
		const struct inst *u = &demo_institutes[i];
		if ((rc = add_org(s, u->zh, u->en, "institute", u->city, -1, &s->inst[s->ninst++])))
			return rc;
	}
	for (int made = i, guard = 0; made < ninst && guard < ninst * 50; guard++) {
		int t = demo_pick(d, demo_term_count(demo_topics));
		const struct term *tp = &demo_topics[t];
		const struct city_info *ci = pick_city(d);
		const char *cen = region_city_en(ci->zh), *zh, *en, *city = ci->zh;
		switch (demo_pick(d, 6)) {
		case 0:
			zh = arena_printf(s->a, "%s市%s研究所", ci->zh, tp->zh);
			en = arena_printf(s->a, "%s Institute of %s", cen, tp->en);
			break;
		case 1:
			zh = arena_printf(s->a, "辽宁省%s研究院", tp->zh);
			en = arena_printf(s->a, "Liaoning Academy of %s", tp->en);
			city = "沈阳";
			break;
		case 2:
			zh = arena_printf(s->a, "%s%s工程技术研究中心", ci->zh, tp->zh);
			en = arena_printf(s->a, "%s %s Engineering Research Centre", cen, tp->en);
			break;
		case 3: {
			const struct inst *u = &demo_universities[demo_pick(d, nuniv < 40 ? nuniv : 40)];
			zh = arena_printf(s->a, "%s%s研究院", u->zh, tp->zh);
			en = arena_printf(s->a, "%s Research Institute, %s", tp->en, u->en);
			city = u->city;
			break;
		}
		case 4:
			zh = arena_printf(s->a, "辽宁%s产业技术研究院", tp->zh);
			en = arena_printf(s->a, "Liaoning %s Industrial Technology Research Institute", tp->en);
			city = demo_uniform(d) < 0.5 ? "沈阳" : "大连";
			break;
		default:
			zh = arena_printf(s->a, "%s%s技术创新中心", ci->zh, tp->zh);
			en = arena_printf(s->a, "%s %s Technology Innovation Centre", cen, tp->en);
			break;
		}
		rc = add_org(s, zh, en, "institute", city, demo_topic_field[t], &s->inst[s->ninst]);
		if (rc == TB_ECONFLICT)
			continue;
		if (rc)
			return rc;
		s->ninst++;
		made++;
	}
	for (tries = 0; s->nent < nent && tries < nent * 50; tries++) {
		const struct term *b = pick_term(d, demo_brands);
		int t = demo_pick(d, demo_term_count(demo_trades));
		const struct term *tr = &demo_trades[t];
		const struct city_info *ci = pick_city(d);
		double r = demo_uniform(d);
		const char *sz = r < 0.75 ? "有限公司" : r < 0.93 ? "股份有限公司" : "集团有限公司";
		const char *se = r < 0.75 ? "Co., Ltd." : r < 0.93 ? "Co., Ltd. (joint-stock)" : "Group Co., Ltd.";
		rc = add_org(s, arena_printf(s->a, "%s%s%s%s", ci->zh, b->zh, tr->zh, sz),
		             arena_printf(s->a, "%s %s %s %s", region_city_en(ci->zh), b->en, tr->en, se),
		             "enterprise", ci->zh, demo_trade_field[t], &s->ent[s->nent]);
		if (rc == TB_ECONFLICT)
			continue;
		if (rc)
			return rc;
		s->nent++;
	}
	return TB_OK;
}

int demo_seed_catalog(struct demo_ctx *d)
{
	struct arena a, row;
	struct seed s;
	struct title_set titles = { NULL, 0 };
	int small = d->small, rc;
	int nach = small ? 300 : 5000, ndem = small ? 120 : 2000;

	memset(&s, 0, sizeof(s));
	arena_init(&a, 256u << 20);
	arena_init(&row, 16u << 20);
	titles.cap = 4 * (size_t)(nach + ndem) + 16;
	titles.h = calloc(titles.cap, sizeof(*titles.h));
	if (!titles.h) {
		rc = TB_ENOMEM;
		goto out;
	}
	s.d = d;
	s.a = &a;
	if ((rc = bulk_begin(d->st)))
		goto out;
	rc = small ? seed_orgs(&s, 6, 14, 36, 2, 1, 1) : seed_orgs(&s, 40, 290, 1500, 14, 8, 15);
	for (int i = 0; !rc && i < nach; i++) {
		struct achievement x;
		/* Institutions own about 60 %; big universities own more (squared pick). */
		const struct demo_owner *o;
		if (demo_uniform(d) < 0.6) {
			double u = demo_uniform(d);
			o = &s.inst[(int)(u * u * s.ninst)];
		} else {
			o = &s.ent[demo_pick(d, s.nent)];
		}
		/* Redraw a repeated title a few times; after that a repeat is kept. */
		for (int tries = 0; tries < 8; tries++) {
			arena_release(&row);
			demo_make_achievement(d, &row, o, i, &x);
			if (title_set_add(&titles, x.title_zh))
				break;
		}
		if ((rc = bulk_ach_insert(d->st, &x)) == TB_ECONFLICT)
			rc = TB_OK; /* a rare reg_no clash: skip the row */
		arena_release(&row);
	}
	for (int i = 0; !rc && i < ndem; i++) {
		struct demand x;
		const struct demo_owner *o = demo_uniform(d) < 0.92 || !s.ngov ? &s.ent[demo_pick(d, s.nent)]
		                                                               : &s.gov[demo_pick(d, s.ngov)];
		for (int tries = 0; tries < 8; tries++) {
			arena_release(&row);
			demo_make_demand(d, &row, o, &x);
			if (title_set_add(&titles, x.title_zh))
				break;
		}
		rc = bulk_dem_insert(d->st, &x);
		arena_release(&row);
	}
	if (!rc)
		rc = bulk_commit(d->st);
	else
		bulk_rollback(d->st);
out:
	free(titles.h);
	arena_release(&row);
	arena_release(&a);
	return rc;
}

/* demo_brokers.c - the demo province's brokerage (docs/docking.md): 68
 * Shenyang transfer institutions (the Technology Transfer Association's
 * count), ~600 graded brokers (T/CASTEM 1007-2022: junior / middle / senior)
 * representing universities and enterprises with their consent, and a year
 * of docking cases opened from real matches of the demo catalogue, in every
 * state, with feedback on the matches and registered contracts for the cases
 * that reached one, and a year of events (tours, field events, roadshows,
 * docking meetings) with attendees; some cases began at an event. Contracts
 * of this seeder always trace back to a case.
 * Deterministic with the seed; --small makes a few dozen of each. */
#include "cli/demo.h"
#include "cli/demo_vocab.h"
#include "core/err.h"
#include "domain/account.h"
#include "domain/brokerage.h"
#include "domain/catalog_ops.h"
#include "domain/contract_ops.h"
#include "domain/docking.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int collect_dem(void *ctx, const struct demand *x)
{
	struct demo_ids *d = ctx;
	if (d->n < DEMO_MAX_IDS && x->deadline && strcmp(x->deadline, "2026-12-31") > 0)
		d->v[d->n++] = x->id; /* open calls only: expired ones are never matched */
	return 0;
}

static const char *date_plus(struct arena *a, const char *ymd, int days)
{
	int y, m, d;
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	if (sscanf(ymd, "%d-%d-%d", &y, &m, &d) != 3)
		return ymd;
	d += days;
	while (d > mdays[m - 1]) {
		d -= mdays[m - 1];
		if (++m > 12) {
			m = 1;
			y++;
		}
	}
	return arena_printf(a, "%04d-%02d-%02d", y, m, d);
}

static int seed_institutions_brokers(struct demo_ctx *d, struct arena *a, struct demo_ids *brokers)
{
	static const char *const grades[] = { "junior", "middle", "senior" };
	struct demo_ids inst, unis, ents;
	char hash[ACCOUNT_HASH_MAX];
	int want_inst = d->small ? 6 : 68, want_brk = d->small ? 30 : 600, rc;

	/* one unusable password hash shared by every generated account: hashing
	 * 600 passwords would take a minute; these accounts are not logged into */
	if ((rc = password_hash("demo-broker-not-a-login-2026-x", hash)))
		return rc;
	if ((rc = bulk_begin(d->st)))
		return rc;
	if ((rc = demo_org_ids(d->st, a, "transfer", "沈阳", &inst)))
		goto fail;
	for (int i = inst.n; i < want_inst; i++) {
		struct org o = { 0 };
		const struct term *b = &demo_brands[i % 20];
		o.name = arena_printf(a, "沈阳%s%s技术转移中心%d", b->zh, demo_fields[i % demo_nfields].name.zh, i + 1);
		o.name_en = arena_printf(a, "Shenyang %s %s Technology Transfer Centre %d", b->en,
					 demo_fields[i % demo_nfields].name.en, i + 1);
		o.kind = "transfer";
		o.province = "辽宁省";
		o.city = "沈阳";
		o.region_code = "210100"; /* what an import derives from the city */
		if ((rc = bulk_org_insert(d->st, &o)))
			goto fail;
		inst.v[inst.n++] = o.id;
	}
	if ((rc = demo_org_ids(d->st, a, "university", NULL, &unis)) || (rc = demo_org_ids(d->st, a, "enterprise", "沈阳", &ents)))
		goto fail;
	for (int i = 0; i < want_brk; i++) {
		struct user u = { 0 };
		struct broker b = { 0 };
		double g = demo_uniform(d);
		int f1 = demo_pick(d, demo_nfields), f2 = demo_pick(d, demo_nfields), y = 2019 + demo_pick(d, 7);
		const char *sur = demo_choose(d, demo_surnames_zh), *given = demo_choose(d, demo_given_zh);
		u.email = arena_printf(a, "broker%03d@brokers.demo.techbridge.cn", i + 1);
		u.name = arena_printf(a, "%s%s", sur, given);
		u.role = "broker";
		u.org_id = inst.v[i % inst.n];
		u.pw_hash = hash;
		if ((rc = bulk_user_insert(d->st, &u)))
			goto fail;
		b.user_id = u.id;
		b.institution_id = u.org_id;
		b.name = u.name;
		b.grade = grades[g < 0.5 ? 0 : g < 0.85 ? 1 : 2];
		b.fields = f1 == f2 ? demo_fields[f1].name.zh
				    : arena_printf(a, "%s,%s", demo_fields[f1].name.zh, demo_fields[f2].name.zh);
		b.regions = demo_uniform(d) < 0.7 ? "沈阳" : demo_uniform(d) < 0.5 ? "沈阳,大连" : "沈阳,鞍山,抚顺";
		b.cert_no = arena_printf(a, "SY-%d-%04d", y, i + 1);
		b.cert_date = arena_printf(a, "%d-%02d-01", y, 1 + demo_pick(d, 12));
		b.cert_expiry = arena_printf(a, "%d-%s", y + 4, b.cert_date + 5);
		if ((rc = brokerage_broker_put(d->st, &b)))
			goto fail;
		brokers->v[brokers->n++] = u.id;
		/* each represents one to three organisations, with their consent */
		for (int k = 0, nk = 1 + demo_pick(d, 3); k < nk; k++) {
			int64_t org = k % 2 ? ents.v[demo_pick(d, ents.n)] : unis.v[demo_pick(d, unis.n)];
			if (brokerage_rep_request(d->st, u.id, org, k ? "listings,cases" : "listings,contracts,cases"))
				continue; /* asked twice: keep the first */
			if (demo_uniform(d) < 0.9 &&
			    (rc = brokerage_rep_decide(d->st, u.id, org, "requested", "consented", 0, NULL)))
				goto fail;
		}
	}
	return bulk_commit(d->st);
fail:
	bulk_rollback(d->st);
	return rc;
}

/* A year of events (Shenyang: 30+ Expert Enterprise Tours and 100+ field
 * events a year), organised by the transfer institutions, with brokers as
 * attendees; held ones have check-ins. */
static int seed_events(struct demo_ctx *d, struct arena *a, const struct demo_ids *brokers, struct demo_ids *events)
{
	static const struct { const char *kind, *zh; int n; } plan[] = {
		{ "expert_tour", "专家企业行", 36 }, { "field_event", "专业领域对接活动", 110 },
		{ "roadshow", "科技成果路演", 24 }, { "docking_meeting", "产学研对接会", 12 },
	};
	struct demo_ids inst;
	int rc;
	if ((rc = bulk_begin(d->st)))
		return rc;
	if ((rc = demo_org_ids(d->st, a, "transfer", "沈阳", &inst)))
		goto fail;
	for (size_t p = 0; p < sizeof(plan) / sizeof(plan[0]); p++) {
		int n = d->small ? plan[p].n / 10 + 1 : plan[p].n;
		for (int i = 0; i < n; i++) {
			struct event e = { 0 };
			const struct field_vocab *fv = &demo_fields[demo_pick(d, demo_nfields)];
			bool past;
			e.kind = plan[p].kind;
			e.starts_on = arena_printf(a, "2026-%02d-%02d", 1 + (i * 12) / n, 1 + demo_pick(d, 28));
			past = strcmp(e.starts_on, "2026-11-30") <= 0;
			e.title = arena_printf(a, "%s·%s（第%d期）", plan[p].zh, fv->name.zh, i + 1);
			e.place = demo_uniform(d) < 0.15 ? NULL : demo_uniform(d) < 0.6 ? "沈阳浑南科技城" : "沈阳市科技馆";
			e.online = e.place == NULL;
			e.organiser_org_id = inst.v[demo_pick(d, inst.n)];
			e.fields = fv->name.zh;
			e.capacity = 20 + 10 * demo_pick(d, 8);
			e.status = past ? "held" : "planned";
			if (past && demo_uniform(d) < 0.4)
				e.outcome = "演示：现场达成对接意向";
			if ((rc = brokerage_event_insert(d->st, &e)))
				goto fail;
			if (past && events->n < DEMO_MAX_IDS)
				events->v[events->n++] = e.id;
			for (int k = 0, na = 5 + demo_pick(d, 15); k < na; k++) {
				struct event_attendee at = { 0 };
				int64_t b = brokers->v[demo_pick(d, brokers->n)];
				at.event_id = e.id;
				at.user_id = b;
				at.name = arena_printf(a, "经纪人%lld", (long long)b);
				rc = brokerage_event_register(d->st, &at);
				if (rc == TB_ECONFLICT)
					continue; /* drawn twice */
				if (rc)
					goto fail;
				if (past && demo_uniform(d) < 0.85 && (rc = brokerage_event_checkin(d->st, e.id, at.id)))
					goto fail;
			}
		}
	}
	return bulk_commit(d->st);
fail:
	bulk_rollback(d->st);
	return rc;
}

static const char *const close_reasons[] = { "no_response", "not_feasible", "price", "ip_issue",
					     "chose_other", "other", NULL };
static const char *const fb_reasons[] = { "too_early", "benefit_unclear", "route_unclear", "too_vague",
					  "price", "location", "already_solved", NULL };

/* One case from a match; walks it to `final` with dated steps. */
static int one_case(struct demo_ctx *d, struct arena *a, const struct demo_ids *events, int64_t broker,
		    const struct demand *dem, const struct achievement *x, const struct docking_hit *h,
		    int *serial, int *contracts)
{
	static const char *const path[] = { "meeting", "evaluation", "negotiation" };
	struct actor by = { broker, 0, "broker" };
	struct tb_field_error fe = { 0 };
	struct dcase k = { 0 }, out;
	double r = demo_uniform(d);
	int steps = r < 0.2 ? 0 : r < 0.35 ? 1 : r < 0.47 ? 2 : 3, rc;
	bool contract = r >= 0.57 && r < 0.82, closed = r >= 0.82;
	const char *day = arena_printf(a, "2025-%02d-%02d", 12 - demo_pick(d, 1), 1 + demo_pick(d, 28));
	if (demo_uniform(d) < 0.92) /* most cases of the year opened in 2026 */
		day = arena_printf(a, "2026-%02d-%02d", 1 + demo_pick(d, 10), 1 + demo_pick(d, 28));
	k.achievement_id = x->id;
	k.demand_id = dem->id;
	k.broker_id = broker;
	k.origin = "match";
	k.match_score = h->score;
	k.match_strength = h->strength;
	k.match_explanation = h->nfactors ? arena_printf(a, "%s=%.2f", h->factors[0].name + 5, h->factors[0].weight)
					  : NULL;
	k.opened_on = day;
	if (events->n && demo_uniform(d) < 0.2) { /* met at an event */
		k.event_id = events->v[demo_pick(d, events->n)];
		k.origin = "event";
	}
	if ((rc = case_open(d->st, a, &by, &k, "演示：经纪人从匹配结果发起对接", &fe)))
		return rc;
	if (contract)
		steps = 3;
	for (int s = 0; s < steps; s++) {
		day = date_plus(a, day, 5 + demo_pick(d, 25));
		if ((rc = case_advance(d->st, a, &by, k.id, path[s], day, NULL, NULL, NULL, 0, &out, &fe)))
			return rc;
	}
	if (contract) {
		struct contract c = { 0 };
		struct contract_actor ca = { broker, 0, true, false };
		int64_t changed = 0;
		day = date_plus(a, day, 10 + demo_pick(d, 40));
		if (strcmp(day, "2026-11-30") > 0)
			day = "2026-11-30";
		c.title = x->title_zh;
		c.type = (x->modes & MODE_LICENCE) ? "licensing" : "transfer";
		c.subtype = !strcmp(c.type, "licensing") ? "patent" : "patent_right";
		c.seller.org_id = x->owner_org_id;
		c.buyer.org_id = dem->org_id;
		c.amount_fen = (int64_t)(200000 + demo_pick(d, 30) * 100000) * 100;
		c.tx_amount_fen = c.amount_fen;
		c.signed_on = day;
		c.achievement_id = x->id;
		c.demand_id = dem->id;
		c.field = x->field;
		do {
			c.reg_no = arena_printf(a, "%.4s210112%06d", day, 900000 + (*serial)++);
			rc = contract_resolve_parties(d->st, a, &c, &fe);
			if (!rc)
				rc = contract_register(d->st, a, &c, &ca, &fe, &changed);
		} while (rc == TB_ECONFLICT && *serial < 99999);
		if (rc) /* an achievement under contract already: the case stays in negotiation */
			return TB_OK;
		(*contracts)++;
		return case_advance(d->st, a, &by, k.id, "contracted", day, "演示：合同已登记", NULL, NULL, c.id,
				    &out, &fe);
	}
	if (closed) {
		day = date_plus(a, day, 7 + demo_pick(d, 30));
		return case_advance(d->st, a, &by, k.id, "closed", day, NULL, NULL, demo_choose(d, close_reasons), 0,
				    &out, &fe);
	}
	return TB_OK;
}

int demo_seed_brokers(struct demo_ctx *d)
{
	struct arena a;
	struct demo_ids *brokers = calloc(1, sizeof(*brokers)), *dems = calloc(1, sizeof(*dems)),
		   *events = calloc(1, sizeof(*events));
	struct docking_settings set;
	struct catalog_index *ix = NULL;
	int rc, ncases = 0, ncontracts = 0, nfb = 0, serial = 0, want = d->small ? 40 : 900;

	arena_init(&a, 256 << 20);
	if (!brokers || !dems || !events) {
		rc = TB_ENOMEM;
		goto out;
	}
	if ((rc = seed_institutions_brokers(d, &a, brokers)) || (rc = seed_events(d, &a, brokers, events)))
		goto out;
	docking_settings_default(&set);
	if ((rc = catalog_index_build(d->st, &set, &ix)) || (rc = catalog_dem_each(d->st, "published", collect_dem, dems)))
		goto out;
	for (int i = 0; i < dems->n && ncases < want; i++) {
		struct arena q;
		struct demand dem;
		struct achievement *rows;
		struct docking_hit *hits;
		struct catalog_query cq;
		int n = 0, chosen;
		int64_t dem_id = dems->v[(i * 7919) % dems->n];
		if (demo_uniform(d) < 0.5)
			continue;
		arena_init(&q, 64 << 20);
		catalog_query_init(&cq);
		cq.limit = 10;
		if ((rc = catalog_dem_get(d->st, &q, dem_id, &dem)) ||
		    (rc = docking_for_demand(ix, d->st, &q, dem_id, &cq, &rows, &hits, &n))) {
			arena_release(&q);
			goto out;
		}
		if (n < 3) {
			arena_release(&q);
			continue;
		}
		/* the broker takes one of the top three; the enterprise gave feedback on others */
		chosen = demo_pick(d, 3);
		rc = one_case(d, &q, events, brokers->v[demo_pick(d, brokers->n)], &dem, &rows[chosen], &hits[chosen],
			      &serial, &ncontracts);
		for (int j = 0; !rc && j < n && j < 6; j++) {
			struct actor by = { 0, dem.org_id, "member" };
			struct match_feedback f;
			struct tb_field_error fe = { 0 };
			int created;
			if (j == chosen || demo_uniform(d) < 0.5)
				continue;
			by.user_id = 1; /* the platform admin records what the enterprise said */
			if (feedback_put(d->st, &q, &by, dem.org_id, rows[j].id, dem.id, "not_interested",
					 demo_choose(d, fb_reasons), NULL, &f, &created, &fe) == TB_OK)
				nfb++;
		}
		arena_release(&q);
		if (rc)
			goto out;
		ncases++;
	}
	if (!d->quiet)
		printf("  brokerage:     %d brokers, %d events, %d cases (%d reached a registered contract), %d "
		       "match feedbacks\n", brokers->n, events->n, ncases, ncontracts, nfb);
out:
	catalog_index_free(ix);
	arena_release(&a);
	free(brokers);
	free(dems);
	free(events);
	return rc;
}

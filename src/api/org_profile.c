/* org_profile.c - GET /api/orgs/{id}/profile (issue #18): what an
 * organisation's public page shows in one answer - the organisation, how many
 * published achievements and demands, instruments, platforms it hosts,
 * certifications and registered technology contracts it has - and, for those
 * who may read its drafts (its own people, reviewers), how many of its
 * listings are drafts or wait for review. The lists themselves come from the
 * existing listings filtered by organisation (?org=, ?host=). Counts only:
 * contract parties and amounts stay behind contract.read. */
#include "api/api.h"
#include "domain/catalog_ops.h"
#include "domain/contract_ops.h"
#include "domain/instrument_ops.h"
#include "domain/org.h"
#include "domain/platform.h"
#include "domain/tier.h"
#include <string.h>

static int catalog_count(struct api_ctx *c, bool is_ach, int64_t org, const char *status,
                         int64_t *total)
{
	struct catalog_query q;
	struct achievement *a;
	struct demand *d;
	int n;
	catalog_query_init(&q);
	q.org_id = org;
	q.status = status;
	q.limit = 1;
	return is_ach ? catalog_ach_list(c->st, c->a, &q, &a, &n, total)
	              : catalog_dem_list(c->st, c->a, &q, &d, &n, total);
}

static void profile(struct api_ctx *c)
{
	struct org o;
	struct instr_query iq;
	struct platform_query pq;
	struct contract_query cq;
	struct instrument *ins;
	struct platform *pl;
	struct contract *ct;
	struct tier_cert *certs;
	int64_t ach, dem, instr, plat, contracts;
	int n, ncert, rc;
	json_t *priv = json_null();

	if ((rc = org_get(c->st, c->a, c->ids[0], &o)))
		return api_fail(c, rc);
	if (!api_allow(c, "org", "read", o.id))
		return;
	memset(&iq, 0, sizeof(iq));
	iq.org_id = o.id;
	iq.value_min = -1;
	iq.limit = 1;
	memset(&pq, 0, sizeof(pq));
	pq.host_org = o.id;
	pq.limit = 1;
	memset(&cq, 0, sizeof(cq));
	cq.org_id = o.id;
	cq.limit = 1;
	if ((rc = catalog_count(c, true, o.id, NULL, &ach)) ||
	    (rc = catalog_count(c, false, o.id, NULL, &dem)) ||
	    (rc = instrument_list(c->st, c->a, &iq, &ins, &n, &instr)) ||
	    (rc = platform_list(c->st, c->a, &pq, &pl, &n, &plat)) ||
	    (rc = contract_list(c->st, c->a, &cq, &ct, &n, &contracts)) ||
	    (rc = tier_cert_list(c->st, c->a, o.id, NULL, 0, NULL, -1, 0, &certs, &ncert, NULL)))
		return api_fail(c, rc);
	if (api_may(c, "achievement", "read_draft", o.id)) {
		int64_t v[4];
		if ((rc = catalog_count(c, true, o.id, "draft", &v[0])) ||
		    (rc = catalog_count(c, true, o.id, "submitted", &v[1])) ||
		    (rc = catalog_count(c, false, o.id, "draft", &v[2])) ||
		    (rc = catalog_count(c, false, o.id, "submitted", &v[3])))
			return api_fail(c, rc);
		priv = json_pack("{s:I,s:I,s:I,s:I}", "achievement_drafts", (json_int_t)v[0],
		                 "achievements_submitted", (json_int_t)v[1], "demand_drafts",
		                 (json_int_t)v[2], "demands_submitted", (json_int_t)v[3]);
	}
	api_json(c, 200, json_pack("{s:o,s:{s:I,s:I,s:I,s:I,s:i,s:I},s:o}", "org", org_json(&o),
	                           "counts", "achievements", (json_int_t)ach, "demands",
	                           (json_int_t)dem, "instruments", (json_int_t)instr, "platforms",
	                           (json_int_t)plat, "certifications", ncert, "contracts",
	                           (json_int_t)contracts, "private", priv));
}

const struct api_route api_org_profile_routes[] = {
	{ "GET", "/api/orgs/{id}/profile", profile,
	  { .en = "An organisation's public profile: listings, instruments, platforms, tiers", .zh = "机构主页：成果、需求、仪器、平台、梯度", .access = "org:read", .ok = "200" } },
	{ NULL, NULL, NULL, { 0 } },
};

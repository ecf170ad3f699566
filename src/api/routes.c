/* routes.c - the table of every resource's route table (a new resource
 * adds its table here, with the tag that groups its operations in
 * /api/openapi.json and the reference page), finding the route of a request,
 * and the routes' names for the metrics. The router (router.c) dispatches
 * through it; resources never call it, so the resource files and this table
 * do not include each other's functions (the OpenAPI document is handed the
 * tables by its caller). */
#include "api/api.h"
#include "core/log.h"
#include "core/metrics.h"
#include "core/util.h"
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* Resource route tables; a new resource adds its table here, with the tag
 * that groups its operations in /api/openapi.json and the reference page. */
static const struct api_table api_tables[] = {
	{ api_system_routes, "system", "系统" },
	{ api_openapi_routes, "system", "系统" },
	{ api_catalog_routes, "catalogue", "成果与需求" },
	{ api_org_routes, "organisations", "机构" },

	/* == docking / matches == */
	{ api_match_routes, "matching", "供需对接" },

	/* == accounts == */
	{ api_auth_routes, "accounts", "账号与登录" },
	{ api_user_routes, "accounts", "账号与登录" },
	{ api_audit_routes, "audit", "审计" },

	/* == instruments and bookings == */
	{ api_instrument_routes, "instruments", "仪器共享" },
	{ api_booking_routes, "instruments", "仪器共享" },

	/* == contracts and indicators == */
	{ api_contract_routes, "contracts", "技术合同" },
	{ api_indicator_routes, "indicators", "统计指标" },

	/* == revisions of public listings == */
	{ api_revision_routes, "catalogue", "成果与需求" },
	/* == web2: reviewer workbench (batch, history), organisation pages, attachments, favourites == */
	{ api_review_routes, "catalogue", "成果与需求" },
	{ api_org_profile_routes, "organisations", "机构" },
	{ api_attachment_routes, "catalogue", "成果与需求" },
	{ api_favourite_routes, "catalogue", "成果与需求" },
	/* == challenges == */
	{ api_challenge_routes, "challenges", "揭榜挂帅" },
	/* == enterprise tiers == */
	{ api_tier_routes, "tiers", "企业梯度" },
	{ api_platform_routes, "platforms", "创新平台" },
	/* == alliances and service agencies (issue #15) == */
	{ api_alliance_routes, "registries", "创新体系名录" },
	{ api_agency_routes, "registries", "创新体系名录" },
	/* == events: edit, outcome, agenda (issue #14) == */
	{ api_event_agenda_routes, "docking", "技术经纪与对接" },

	/* == brokers, cases, contact requests, feedback == */
	{ api_broker_routes, "docking", "技术经纪与对接" },
	{ api_event_routes, "events", "活动" },

	/* == release: subscriptions and notifications (issue #16) == */
	{ api_subscription_routes, "release", "订阅与通知" },
	{ api_feed_routes, "release", "订阅与通知" },
	{ api_bulletin_routes, "release", "订阅与通知" },
};

const struct api_table *api_route_tables(size_t *n)
{
	*n = ARRAY_SIZE(api_tables);
	return api_tables;
}

/* ---- route names for the metrics (core/metrics.h): every route of every
 * table has an index, its first route's index is base[t] + its position; the
 * pseudo routes after them label answers that no route gave. */
static struct tbm_route *route_label;   /* route_count + API_ROUTE_PSEUDO; NULL: none */
static int route_base[ARRAY_SIZE(api_tables)];
static int route_count;
static pthread_once_t route_once = PTHREAD_ONCE_INIT;

static void route_label_init(void)
{
	int n = 0, k = 0;
	for (size_t t = 0; t < ARRAY_SIZE(api_tables); t++) {
		route_base[t] = n;
		for (const struct api_route *r = api_tables[t].routes; r && r->method; r++)
			n++;
	}
	route_count = n;
	/* Without labels the requests are still served, only not counted. */
	if (!(route_label = calloc((size_t)n + API_ROUTE_PSEUDO, sizeof(*route_label)))) {
		tb_error("metrics: no memory for the route labels (no route metrics)");
		return;
	}
	for (size_t t = 0; t < ARRAY_SIZE(api_tables); t++)
		for (const struct api_route *r = api_tables[t].routes; r && r->method; r++)
			route_label[k++] = (struct tbm_route){ r->method, r->pattern };
	route_label[n + API_ROUTE_STATIC] = (struct tbm_route){ "*", "static" };
	route_label[n + API_ROUTE_UNMATCHED] = (struct tbm_route){ "*", "unmatched" };
	route_label[n + API_ROUTE_METRICS] = (struct tbm_route){ "GET", "/metrics" };
	if (tbm_routes_init(route_label, n + API_ROUTE_PSEUDO))
		tb_error("metrics: per-route series could not be allocated (no route metrics)");
}

int api_route_pseudo(int which)
{
	pthread_once(&route_once, route_label_init);
	return route_count + which;
}

const char *api_route_name(int route)
{
	pthread_once(&route_once, route_label_init);
	if (!route_label || route < 0 || route >= route_count + API_ROUTE_PSEUDO)
		return "unmatched";
	return route_label[route].pattern;
}

void api_routes_init(void)
{
	pthread_once(&route_once, route_label_init);
}


/* The route for method and path (ids filled), or NULL with *allow naming the
 * methods the path has (NULL too when no pattern matches). Sets req->route. */
const struct api_route *api_route_find(struct api_ctx *c, const char **allow)
{
	pthread_once(&route_once, route_label_init);
	*allow = NULL;
	c->req->route = route_count + API_ROUTE_UNMATCHED;
	for (size_t t = 0; t < ARRAY_SIZE(api_tables); t++) {
		for (const struct api_route *r = api_tables[t].routes; r && r->method; r++) {
			int64_t ids[4];
			int nids = 0;
			if (!api_match_pattern(r->pattern, c->req->path, ids, &nids))
				continue;
			if (strcmp(r->method, c->req->method)) {
				*allow = *allow ? arena_printf(c->a, "%s, %s", *allow, r->method) : r->method;
				continue;
			}
			memcpy(c->ids, ids, sizeof(ids));
			c->nids = nids;
			c->req->route = route_base[t] + (int)(r - api_tables[t].routes);
			return r;
		}
	}
	return NULL;
}

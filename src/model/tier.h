/* tier.h - enterprise tiers (issue #15): rule sets stored as data (criteria
 * and score bands with a region and validity dates), an enterprise's annual
 * facts with their source, the stored evaluation results and the official
 * certifications. Plain records and name tables only; the engine that reads
 * them is domain/tier.c. Strings point into the caller's arena. */
#ifndef TB_MODEL_TIER_H
#define TB_MODEL_TIER_H

#include <stdint.h>

/* One condition "metric op value". Group 0 criteria must all hold; when a
 * rule has groups >= 1, at least one of those groups must hold entirely
 * (the alternatives of a rule: "founded <= 5 years with revenue >= 500 M,
 * or <= 10 years with >= 1 bn, ..."). */
struct tier_criterion { int grp; const char *metric, *op; double value; };
/* Score band: component `component` scores `points` when `metric` >= lower;
 * a component's score is its best band, the score the sum of components. */
struct tier_band { const char *component, *metric; double lower; int points; };

struct tier_rule {
	int64_t id;
	const char *tier;         /* see tier_names */
	const char *region_code;  /* 6-digit GB/T 2260; 100000 = national */
	int version;              /* per (tier, region), set by the store */
	const char *valid_from;   /* YYYY-MM-DD */
	const char *valid_to;     /* YYYY-MM-DD or NULL = open */
	const char *source;       /* the regulation it encodes */
	const char *created_at;
	struct tier_criterion *crit;
	int ncrit;
	struct tier_band *bands;
	int nbands;
};

/* An enterprise's facts for one year. -1 (or NULL) = not reported; money in fen. */
struct ent_facts {
	int64_t org_id;
	int year;
	int64_t staff, st_staff;
	int64_t revenue_fen, total_cost_fen, rd_fen, assets_fen, liabilities_fen, vc_round_fen;
	int64_t ip_class1, ip_class2;
	int64_t valuation_usd;
	int listed, rd_institution;                 /* 0/1, -1 = not reported */
	double hightech_rev_pct, rd_china_pct, main_business_pct, niche_share_pct; /* <0 = none */
	const char *founded_on;                     /* YYYY-MM-DD */
	const char *source;                         /* required: where the figures come from */
	const char *updated_at;
};

struct tier_result {
	int64_t org_id;
	int year;
	const char *tier;
	int64_t rule_id;
	int rule_version;
	int eligible;
	double score;       /* -1 when the rule has no score bands */
	const char *evaluated_at;
};

/* The official list (enterprise_certifications): who holds a tier, in which year's list. */
struct tier_cert {
	int64_t org_id;
	const char *tier;
	int year;
	const char *valid_from, *valid_to, *source;
	const char *org_name;       /* read only: the listed organisation's name */
};
/* A page of the certification list: org_id 0 / tier NULL / year 0 / region
 * NULL = any; region: the owner's (the filter the enterprise indicators
 * count by). limit -1: every row (a caller that uses them all). */
struct ach_region_filter;
struct cert_query {
	int64_t org_id;
	const char *tier;
	int year;
	const struct ach_region_filter *region;
	int limit, offset;
};

/* Tiers in the order an enterprise climbs them, with labels. */
struct tier_name { const char *name, *zh, *en; };
extern const struct tier_name tier_names[];      /* NULL-terminated */
const struct tier_name *tier_name_find(const char *name);

/* Metrics a criterion or band may name (computed by domain/tier.c from facts). */
struct tier_metric { const char *name, *zh, *en, *unit; };
extern const struct tier_metric tier_metrics[];  /* NULL-terminated */
const struct tier_metric *tier_metric_find(const char *name);
extern const char *const tier_ops[];             /* ">=", ">", "<=", "<", "=" */

#define TIER_NATIONAL "100000"

#endif

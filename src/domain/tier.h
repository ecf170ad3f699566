/* tier.h - the enterprise-tier engine (issue #15). Rules are data
 * (model/tier.h, tables of migration 11): this module validates rule sets and
 * annual facts, computes the metrics a rule may test from an enterprise's
 * facts of the year and the years before, evaluates each enterprise against
 * each tier under the rule that applies to its region and year (stored with
 * the rule version), explains the gap to the next tier in both languages,
 * counts the bureau's pipeline and records the official certifications. It is
 * the only writer of these tables; every write is one transaction with an
 * audit row. docs/registries.md documents the rules. */
#ifndef TB_DOMAIN_TIER_H
#define TB_DOMAIN_TIER_H

#include <stdint.h>
#include "core/arena.h"
#include "core/err.h"
#include "model/org.h"
#include "model/tier.h"

struct store;

/* Near a threshold: the relative shortfall the pipeline counts (10 %). */
#define TIER_NEAR_PCT 10.0

int tier_rule_validate(const struct tier_rule *r, struct tb_field_error *fe);
int tier_facts_validate(const struct ent_facts *f, struct tb_field_error *fe);
void tier_facts_init(struct ent_facts *f); /* every field "not reported" */

/* One criterion checked against an enterprise. */
struct tier_check {
	const struct tier_criterion *c;
	int known;          /* the metric could be computed from the facts */
	double value;
	int ok;
	double rel_gap;     /* |threshold - value| / |threshold| when failing; 1e9 when unknown */
	const char *gap_zh, *gap_en; /* the explanation of a failing check */
};
/* An enterprise against one rule. */
struct tier_eval {
	const struct tier_rule *rule;
	int eligible;
	double score;       /* -1 when the rule has no bands */
	int grp;            /* the alternative that holds, or the closest one (0 = none) */
	struct tier_check *fails;  /* failing checks of group 0 and of `grp` */
	int nfails;
	double max_rel_gap; /* the largest rel_gap among fails; 0 when eligible */
};

/* Metric `name` of the enterprise in `year` (hist: its facts, any years, any
 * order). TB_OK with *known = 0 when the facts do not give it; TB_EINVAL for
 * an unknown metric name. */
int tier_metric(const struct tier_rule *r, const struct ent_facts *hist, int nhist, int year,
                const char *name, double *value, int *known);
int tier_evaluate(struct arena *a, const struct tier_rule *r, const struct ent_facts *hist,
                  int nhist, int year, struct tier_eval *out);
/* The rule of `tier` that applies on `date` to an enterprise whose region codes
 * are `codes` (most specific first, NULL-terminated; the national code is
 * always tried last): the most specific region, then the highest version. */
const struct tier_rule *tier_rule_for(const struct tier_rule *rules, int n, const char *tier,
                                      const char *const *codes, const char *date);

/* ---- reads for the CLI (the API reads the store alike) */
int tier_rules(struct store *st, struct arena *a, const char *tier, const char *region_code,
               struct tier_rule **out, int *n);
int tier_collection_count(struct store *st, const char *name, int64_t *count);
/* The stored rows, read for api and cli (which never include store.h, issue #11). */
int tier_rule_get(struct store *st, struct arena *a, int64_t id, struct tier_rule *out);
int tier_facts_list(struct store *st, struct arena *a, int64_t org_id, int year,
                    struct ent_facts **out, int *n);
int tier_result_list(struct store *st, struct arena *a, int64_t org_id, int year,
                     const char *tier, struct tier_result **out, int *n);
/* region NULL = anywhere; otherwise the owners in that region (the filter
 * the enterprise indicators count by, so a list matches its figure).
 * limit -1: every row; total (may be NULL): the whole list's length. */
struct ind_region;
int tier_cert_list(struct store *st, struct arena *a, int64_t org_id, const char *tier, int year,
                   const struct ind_region *region, int limit, int offset,
                   struct tier_cert **out, int *n, int64_t *total);

/* ---- services (each one transaction, audited as `actor`) */
int tier_rule_create(struct store *st, struct tier_rule *r, int64_t actor,
                     struct tb_field_error *fe);
int tier_rule_end(struct store *st, int64_t id, const char *valid_to, int64_t actor,
                  struct tb_field_error *fe);
int tier_facts_record(struct store *st, struct arena *a, const struct ent_facts *f, int64_t actor,
                      struct tb_field_error *fe);

/* CSV import of facts: all rows or none. Errors are per line, like `import`. */
struct tier_import_error { long line; char field[64]; char message[192]; };
struct tier_import_report {
	long rows;                       /* rows stored (0 when any error) */
	struct tier_import_error *errors;
	int nerrors;                     /* at most TIER_IMPORT_MAX_ERRORS are kept */
	long total_errors;
};
#define TIER_IMPORT_MAX_ERRORS 100
/* TB_EINVAL when any row is bad (report says which), TB_OK when all stored. */
int tier_facts_import_csv(struct store *st, struct arena *a, const char *csv, size_t len,
                          int64_t actor, struct tier_import_report *rep);
/* The CSV columns, in the documented order (a header names any subset; org or org_id,
 * year and source are required). */
extern const char *const tier_fact_columns[];
/* One column's text value into f ("" = not reported; money in yuan, at most
 * 2 decimals): NULL when accepted, else what is wrong (the column is the field). */
const char *tier_fact_set(struct store *st, struct arena *a, struct ent_facts *f, const char *col,
                          const char *v);

/* Evaluates every enterprise with facts for `year` (org_id 0) or one, and
 * stores one result per tier. */
int tier_evaluate_year(struct store *st, struct arena *a, int year, int64_t org_id, int64_t actor,
                       int *enterprises, int *results);

/* An enterprise's standing in a year: every tier, and which is next. */
struct tier_standing {
	const char *tier;
	struct tier_eval ev;
	int certified;       /* on the official list of that year */
	int next;            /* the tier to climb to */
};
int tier_status(struct store *st, struct arena *a, int64_t org_id, int year,
                struct tier_standing **out, int *n);

/* The bureau's pipeline for a year: per tier, enterprises evaluated, eligible,
 * and near (not eligible, every failing check within TIER_NEAR_PCT of its
 * threshold); per criterion, how many fail it by at most TIER_NEAR_PCT. */
struct tier_pipe_crit { const struct tier_criterion *c; int64_t near; };
struct tier_pipe_row {
	const char *tier;
	int64_t evaluated, eligible, near;
	struct tier_pipe_crit *crit;
	int ncrit;
	int64_t *near_orgs;   /* the near enterprises (drill-down) */
	int nnear;
};
int tier_pipeline(struct store *st, struct arena *a, int year, struct tier_pipe_row **out, int *n);

int tier_cert_record(struct store *st, const struct tier_cert *c, int64_t actor,
                     struct tb_field_error *fe);

#endif

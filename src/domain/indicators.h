/* indicators.h - the official technology-market indicators (docs/indicators.md
 * has the written definitions): contract count and turnover by period, type,
 * region and field; year-on-year growth; share of the parent region; local
 * conversion rate; the achievement funnel; high-tech enterprises; technical
 * service revenue; targets and progress. Computation happens here, in C, on
 * rows streamed from the store with integer money, so every figure is exact
 * and testable on a hand-checked dataset. Output is a small typed table that
 * the API renders as JSON or CSV and the CLI as an aligned table.
 *
 * Regions: the province, its 14 cities (domain/region.h), and sub-city units
 * (districts and development zones) listed in ind_units[]. A unit belongs to
 * exactly one city, so a contract counted in a zone is also counted in its
 * city and in the province. Contracts are attributed to the SELLER's region
 * (registration happens where the seller is) unless side=buyer is asked for. */
#ifndef TB_INDICATORS_H
#define TB_INDICATORS_H

#include <stdbool.h>
#include <stdint.h>
#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "domain/contract.h"
struct store; /* opaque above domain; the operations are store.h's, used in domain only */

/* ---- regions */
struct ind_unit {
	const char *code;       /* GB/T 2260 district code, or the zone's own code */
	const char *city_code;  /* parent city */
	const char *kind;       /* district | zone */
	const char *zh, *en;
	const char *alias;      /* another Chinese spelling found in org.district, or NULL */
};
extern const struct ind_unit ind_units[]; /* NULL-code terminated */

enum ind_level { IND_PROVINCE, IND_CITY, IND_UNIT };
struct ind_region {
	enum ind_level level;
	const char *code;       /* 210000 for the province */
	const char *zh, *en;
	const char *city_zh;    /* for IND_CITY and IND_UNIT */
	const struct ind_unit *unit;
};
#define IND_PROVINCE_CODE "210000"
/* NULL/"" -> province. Accepts codes, Chinese or English names. TB_ENOTFOUND otherwise. */
int ind_region_resolve(const char *q, struct ind_region *out);
/* The store's owner-region filter for r (orgs in the province's cities, the
 * city, the district by its names); the counts and lists by region use it. */
struct ach_region_filter;
void ind_owner_filter(const struct ind_region *r, struct ach_region_filter *f);
/* The region one level up; TB_ENOTFOUND for the province. */
int ind_region_parent(const struct ind_region *r, struct ind_region *out);
const char *ind_region_level_name(enum ind_level l);
/* An org's free-text district within its city -> unit, or NULL. */
const struct ind_unit *ind_unit_for(const char *city_zh, const char *district);
const struct ind_unit *ind_unit_by_code(const char *code);
/* Fills the location snapshot of a party from an org's city/district or a free-text code. */
void ind_party_locate(struct contract_party *p, const char *city, const char *district);
/* The store filter for "contracts whose <side> is in region r". */
void ind_region_filter(const struct ind_region *r, int buyer_side, struct contract_filter *f);

#define IND_KEYLEN 32
/* ---- periods: the signing date decides; 31 Dec belongs to its own year. */
enum ind_period { IND_YEAR, IND_QUARTER, IND_MONTH };
int ind_period_parse(const char *s, enum ind_period *p); /* year|quarter|month */
/* "2023-12-31" -> "2023" | "2023-Q4" | "2023-12"; false on a bad date. */
bool ind_period_key(const char *date, enum ind_period p, char out[IND_KEYLEN]);
/* The same period one year earlier: "2023-Q4" -> "2022-Q4". */
bool ind_period_prev_year(const char *key, char out[IND_KEYLEN]);

/* ---- arithmetic. Both return false when the base is zero (undefined: shown as null). */
bool ind_growth(int64_t cur, int64_t prev, double *pct);   /* (cur-prev)/prev*100 */
bool ind_share(int64_t part, int64_t whole, double *pct);  /* part/whole*100 */

/* ---- grouping */
enum ind_by { IND_BY_NONE, IND_BY_TYPE, IND_BY_CITY, IND_BY_DISTRICT, IND_BY_FIELD };
int ind_by_parse(const char *s, enum ind_by *by);
struct ind_cell {
	char period[IND_KEYLEN];
	const char *key;        /* group value (type, city code, unit code, field); NULL for none */
	int64_t count, amount_fen, tx_fen, local_count;
};
struct ind_agg {
	struct arena *a;
	enum ind_period period;
	enum ind_by by;
	int buyer_side;
	struct ind_cell *cells;
	int n, cap;
};
void ind_agg_init(struct ind_agg *g, struct arena *a, enum ind_period p, enum ind_by by);
int ind_agg_add(struct ind_agg *g, const struct contract *c);
const struct ind_cell *ind_agg_find(const struct ind_agg *g, const char *period, const char *key);
/* The cell for (period, key), created empty when new; NULL on no memory. */
struct ind_cell *ind_agg_cell(struct ind_agg *g, const char *period, const char *key);
void ind_agg_sort(struct ind_agg *g); /* by period, then key */

/* ---- output table */
enum ind_vt { IV_NULL, IV_STR, IV_INT, IV_MONEY, IV_PCT };
struct ind_val { enum ind_vt t; const char *s; int64_t i; double d; };
struct ind_col { const char *name; enum ind_vt t; };
struct ind_table {
	const struct ind_col *cols;
	int ncols;
	struct ind_val *vals;   /* nrows * ncols */
	int nrows, cap;
	struct arena *a;
};
int ind_table_init(struct ind_table *t, struct arena *a, const struct ind_col *cols, int ncols);
struct ind_val *ind_table_row(struct ind_table *t); /* appends a row of IV_NULLs */
void iv_str(struct ind_val *v, const char *s);
void iv_int(struct ind_val *v, int64_t i);
void iv_money(struct ind_val *v, int64_t fen);
void iv_pct(struct ind_val *v, bool ok, double pct);
void iv_growth(struct ind_val *v, int64_t cur, int64_t prev); /* null when prev == 0 */
void iv_share(struct ind_val *v, int64_t part, int64_t whole); /* null when whole == 0 */
/* CSV: money as exact yuan "1234.56" in a column named <name>_yuan, percentages with 2 decimals. */
int ind_table_csv(const struct ind_table *t, struct buf *out);

/* ---- queries */
struct ind_query {
	int from_year, to_year;          /* inclusive */
	enum ind_period period;
	enum ind_by by;
	struct ind_region region;
	int buyer_side;
};

/* Contract count and turnover per period (and group), with yoy growth (same
 * period one year earlier) and share of the parent region. */
int ind_turnover(struct store *st, struct arena *a, const struct ind_query *q, struct ind_table *out);
/* Achievements commercialised (first live contract signed in the period) and
 * how many of them by buyers in the province; the local conversion rate. */
int ind_conversion(struct store *st, struct arena *a, const struct ind_query *q, struct ind_table *out);
/* Achievements published in the period vs commercialised in the period. */
int ind_funnel(struct store *st, struct arena *a, const struct ind_query *q, struct ind_table *out);
/* High-tech enterprises (enterprise_certifications tier high_tech) per year. */
int ind_enterprises(struct store *st, struct arena *a, const struct ind_query *q, struct ind_table *out);

struct ind_summary {
	int year;
	struct ind_region region;
	int64_t count, amount_fen, tx_fen;
	int64_t prev_count, prev_amount_fen;
	int64_t parent_count, parent_amount_fen;
	bool has_parent;
	int64_t commercialised, commercialised_local, published;
	int64_t high_tech;
	int64_t service_revenue_fen;
};
int ind_summary_compute(struct store *st, struct arena *a, int year, const struct ind_region *r,
                        struct ind_summary *out);
/* Summary as a one-row-per-figure table: figure, value, unit, target, progress. */
int ind_summary_table(struct store *st, struct arena *a, const struct ind_summary *s,
                      struct ind_table *out);

/* ---- targets: metric names and units (count, fen, basis points). */
extern const char *const ind_target_metrics[]; /* contract_count turnover commercialised local_conversion_rate high_tech */
int ind_targets_table(struct store *st, struct arena *a, int year, const struct ind_region *r,
                      struct ind_table *out);
/* Stores n targets (values already in the metric's unit) in one transaction:
 * all or none. */
int ind_targets_put(struct store *st, const struct ind_target *t, int n);

/* ---- technical-service revenue from instrument usage (fees recorded by the
 * instruments module) in region r, dates [from, to). */
int instr_service_revenue_fen(struct store *st, const char *from, const char *to,
                              const struct ind_region *r, int64_t *fen);

#endif

/* tiers.c - SQL persistence of enterprise tiers (model/tier.h; tables of
 * migration 11): rule sets with their criteria and score bands, annual
 * enterprise facts, evaluation results, the official certification list and
 * named achievement collections.
 * Bound parameters only; listings read every row into a growing arena array
 * (sq_rows). */
#include "store/sql/sq.h"
#include "core/err.h"
#include <string.h>

/* ---- rules */

static void crit_row(struct arena *a, struct sqs *st, void *p)
{
	struct tier_criterion *c = p;
	c->grp = sqs_col_int(st, 0);
	c->metric = sq_col_text(a, st, 1);
	c->op = sq_col_text(a, st, 2);
	c->value = sqs_col_double(st, 3);
}

static void band_row(struct arena *a, struct sqs *st, void *p)
{
	struct tier_band *b = p;
	b->component = sq_col_text(a, st, 0);
	b->metric = sq_col_text(a, st, 1);
	b->lower = sqs_col_double(st, 2);
	b->points = sqs_col_int(st, 3);
}

static int rule_children(struct sq *q, struct arena *a, struct tier_rule *r)
{
	static const char csql[] =
		"SELECT grp,metric,op,value FROM tier_criteria WHERE rule_id=? ORDER BY pos";
	static const char bsql[] =
		"SELECT component,metric,lower,points FROM tier_bands WHERE rule_id=? ORDER BY pos";
	int rc;
	if ((rc = SQ_SELECT(q, a, csql, sizeof(*r->crit), crit_row, (void **)&r->crit, &r->ncrit,
		SQV_I64(r->id))))
		return rc;
	return SQ_SELECT(q, a, bsql, sizeof(*r->bands), band_row, (void **)&r->bands, &r->nbands,
		SQV_I64(r->id));
}

#define RULE_COLS "id,tier,region_code,version,valid_from,valid_to,source,created_at"

static void rule_row(struct arena *a, struct sqs *st, void *p)
{
	struct tier_rule *r = p;
	memset(r, 0, sizeof(*r));
	r->id = sqs_col_int64(st, 0);
	r->tier = sq_col_text(a, st, 1);
	r->region_code = sq_col_text(a, st, 2);
	r->version = sqs_col_int(st, 3);
	r->valid_from = sq_col_text(a, st, 4);
	r->valid_to = sq_col_text(a, st, 5);
	r->source = sq_col_text(a, st, 6);
	r->created_at = sq_col_text(a, st, 7);
}

int sq_tier_rule_insert(struct store *s, struct tier_rule *r)
{
	static const char vsql[] =
		"SELECT coalesce(max(version),0)+1 FROM tier_rules WHERE tier=? AND region_code=?";
	static const char isql[] =
		"INSERT INTO tier_rules(tier,region_code,version,valid_from,valid_to,source,created_at)"
		" VALUES(?,?,?,?,?,?,?) RETURNING id";
	static const char csql[] =
		"INSERT INTO tier_criteria(rule_id,pos,grp,metric,op,value) VALUES(?,?,?,?,?,?)";
	static const char bsql[] =
		"INSERT INTO tier_bands(rule_id,pos,component,metric,lower,points) VALUES(?,?,?,?,?,?)";
	struct sq *q = SQ(s);
	int64_t version;
	int rc;
	if ((rc = SQ_INT(q, vsql, 1, &version, SQV_TEXT(r->tier), SQV_TEXT(r->region_code))))
		return rc;
	r->version = (int)version;
	if ((rc = SQ_INSERT(q, isql, &r->id, SQV_TEXT(r->tier), SQV_TEXT(r->region_code),
		SQV_I64(r->version), SQV_TEXT(r->valid_from), SQV_TEXT(r->valid_to),
		SQV_TEXT(r->source), SQV_NOW)))
		return rc;
	for (int i = 0; i < r->ncrit; i++) {
		const struct tier_criterion *c = &r->crit[i];
		if ((rc = SQ_EXEC(q, csql, TB_OK, SQV_I64(r->id), SQV_I64(i), SQV_I64(c->grp),
			SQV_TEXT(c->metric), SQV_TEXT(c->op), SQV_DBL(c->value))))
			return rc;
	}
	for (int i = 0; i < r->nbands; i++) {
		const struct tier_band *b = &r->bands[i];
		if ((rc = SQ_EXEC(q, bsql, TB_OK, SQV_I64(r->id), SQV_I64(i),
			SQV_TEXT(b->component), SQV_TEXT(b->metric), SQV_DBL(b->lower),
			SQV_I64(b->points))))
			return rc;
	}
	return TB_OK;
}

int sq_tier_rule_get(struct store *s, struct arena *a, int64_t id, struct tier_rule *out)
{
	static const char sql[] = "SELECT " RULE_COLS " FROM tier_rules WHERE id=?";
	int rc = sq_get_by_id(SQ(s), a, sql, id, rule_row, out);
	return rc ? rc : rule_children(SQ(s), a, out);
}

int sq_tier_rule_list(struct store *s, struct arena *a, const char *tier, const char *region_code,
                      struct tier_rule **out, int *n)
{
	static const char sql[] =
		"SELECT " RULE_COLS " FROM tier_rules WHERE (CAST(?1 AS TEXT) IS NULL OR tier=?1)"
		" AND (CAST(?2 AS TEXT) IS NULL OR region_code=?2) ORDER BY tier, region_code, version";
	struct sq *q = SQ(s);
	int rc;
	if ((rc = SQ_SELECT(q, a, sql, sizeof(**out), rule_row, (void **)out, n, SQV_TEXT(tier),
		SQV_TEXT(region_code))))
		return rc;
	/* Children after the outer statement is reset: the cached statements differ. */
	for (int i = 0; i < *n && !rc; i++)
		rc = rule_children(q, a, &(*out)[i]);
	return rc;
}

int sq_tier_rule_retire(struct store *s, int64_t id, const char *valid_to)
{
	static const char sql[] = "UPDATE tier_rules SET valid_to=? WHERE id=?";
	return SQ_EXEC(SQ(s), sql, TB_ENOTFOUND, SQV_TEXT(valid_to), SQV_I64(id));
}

/* ---- facts: one column list for bind and read */

#define FACT_COLUMNS(X)                                                                        \
	X(staff, I64, NULL) X(st_staff, I64, NULL) X(revenue_fen, I64, NULL)                      \
	X(total_cost_fen, I64, NULL) X(rd_fen, I64, NULL) X(assets_fen, I64, NULL)                \
	X(liabilities_fen, I64, NULL) X(vc_round_fen, I64, NULL) X(ip_class1, I64, NULL)          \
	X(ip_class2, I64, NULL) X(valuation_usd, I64, NULL) X(listed, INT, NULL)                  \
	X(rd_institution, INT, NULL) X(hightech_rev_pct, OPT_DBL, NULL)                           \
	X(rd_china_pct, OPT_DBL, NULL) X(main_business_pct, OPT_DBL, NULL)                        \
	X(niche_share_pct, OPT_DBL, NULL) X(founded_on, TEXT, NULL) X(source, TEXT, NULL)

#define FACT_COL(n, t, d) SQ_COL(struct ent_facts, n, t, d),
static const struct sq_col fact_cols[] = { FACT_COLUMNS(FACT_COL) };
#define NFACT ((int)(sizeof(fact_cols) / sizeof(fact_cols[0])))

int sq_facts_put(struct store *s, const struct ent_facts *f)
{
	static const char sql[] =
		"INSERT INTO enterprise_facts(org_id,year," FACT_COLUMNS(SQ_COL_NAME)
		"updated_at) VALUES(?,?," FACT_COLUMNS(SQ_COL_QM) "?)"
		" ON CONFLICT(org_id,year) DO UPDATE SET " FACT_COLUMNS(SQ_COL_EXCL)
		"updated_at=excluded.updated_at";
	struct sq *q = SQ(s);
	return SQ_EXEC(q, sql, TB_OK, SQV_I64(f->org_id), SQV_I64(f->year),
		SQV_COLS(fact_cols, NFACT, f), SQV_NOW);
}

static void fact_row(struct arena *a, struct sqs *st, void *p)
{
	struct ent_facts *f = p;
	memset(f, 0, sizeof(*f));
	f->org_id = sqs_col_int64(st, 0);
	f->year = sqs_col_int(st, 1);
	f->updated_at = sq_col_text(a, st, 2);
	sq_cols_read(a, st, 3, fact_cols, NFACT, f);
}

int sq_facts_list(struct store *s, struct arena *a, int64_t org_id, int year,
                  struct ent_facts **out, int *n)
{
	static const char sql[] =
		"SELECT org_id,year,updated_at," FACT_COLUMNS(SQ_COL_NAME) "1 FROM enterprise_facts"
		" WHERE (?1=0 OR org_id=?1) AND (?2=0 OR year=?2) ORDER BY org_id, year";
	struct sq *q = SQ(s);
	return SQ_SELECT(q, a, sql, sizeof(**out), fact_row, (void **)out, n, SQV_I64(org_id),
		SQV_I64(year));
}

/* ---- results */

int sq_tier_result_put(struct store *s, const struct tier_result *r)
{
	static const char sql[] =
		"INSERT INTO tier_results(org_id,year,tier,rule_id,rule_version,eligible,score,"
		"evaluated_at) VALUES(?,?,?,?,?,?,?,?) ON CONFLICT(org_id,year,tier) DO UPDATE SET"
		" rule_id=excluded.rule_id,rule_version=excluded.rule_version,eligible=excluded.eligible,"
		"score=excluded.score,evaluated_at=excluded.evaluated_at";
	return SQ_EXEC(SQ(s), sql, TB_OK, SQV_I64(r->org_id), SQV_I64(r->year), SQV_TEXT(r->tier),
		SQV_I64(r->rule_id), SQV_I64(r->rule_version), SQV_I64(r->eligible ? 1 : 0),
		SQV_OPT_DBL(r->score), SQV_NOW);
}

static void result_row(struct arena *a, struct sqs *st, void *p)
{
	struct tier_result *r = p;
	r->org_id = sqs_col_int64(st, 0);
	r->year = sqs_col_int(st, 1);
	r->tier = sq_col_text(a, st, 2);
	r->rule_id = sqs_col_int64(st, 3);
	r->rule_version = sqs_col_int(st, 4);
	r->eligible = sqs_col_int(st, 5);
	r->score = sq_col_double_or(st, 6, -1);
	r->evaluated_at = sq_col_text(a, st, 7);
}

int sq_tier_result_list(struct store *s, struct arena *a, int64_t org_id, int year,
                        const char *tier, struct tier_result **out, int *n)
{
	static const char sql[] =
		"SELECT org_id,year,tier,rule_id,rule_version,eligible,score,evaluated_at FROM tier_results"
		" WHERE (?1=0 OR org_id=?1) AND (?2=0 OR year=?2) AND (CAST(?3 AS TEXT) IS NULL OR tier=?3)"
		" ORDER BY org_id, year, tier";
	struct sq *q = SQ(s);
	return SQ_SELECT(q, a, sql, sizeof(**out), result_row, (void **)out, n, SQV_I64(org_id),
		SQV_I64(year), SQV_TEXT(tier));
}

/* ---- certifications */

int sq_tier_cert_put(struct store *s, const struct tier_cert *c)
{
	static const char sql[] =
		"INSERT INTO enterprise_certifications(org_id,tier,year,valid_from,valid_to,source)"
		" VALUES(?,?,?,?,?,?) ON CONFLICT(tier,year,org_id) DO UPDATE SET"
		" valid_from=excluded.valid_from, valid_to=excluded.valid_to, source=excluded.source";
	return SQ_EXEC(SQ(s), sql, TB_OK, SQV_I64(c->org_id), SQV_TEXT(c->tier), SQV_I64(c->year),
		SQV_TEXT(c->valid_from), SQV_TEXT(c->valid_to), SQV_TEXT(c->source));
}

static void cert_row(struct arena *a, struct sqs *st, void *p)
{
	struct tier_cert *c = p;
	c->org_id = sqs_col_int64(st, 0);
	c->tier = sq_col_text(a, st, 1);
	c->year = sqs_col_int(st, 2);
	c->valid_from = sq_col_text(a, st, 3);
	c->valid_to = sq_col_text(a, st, 4);
	c->source = sq_col_text(a, st, 5);
	c->org_name = sq_col_text(a, st, 6);
}

static void cert_where(struct sqb *b, const void *query)
{
	const struct cert_query *cq = query;
	sqb_sql(b, " WHERE 1=1");
	sqb_and_int(b, " AND e.org_id=", cq->org_id);
	sqb_and_text(b, " AND e.tier=", cq->tier);
	sqb_and_int(b, " AND e.year=", cq->year);
	if (cq->region)
		sq_org_region_where(b, cq->region);
}

/* Count-then-page in the database (the API used to read the whole list,
 * 9,336 tech SMEs in 2023, for every page of 50). */
int sq_tier_cert_list(struct store *s, struct arena *a, const struct cert_query *cq,
                      struct tier_cert **out, int *n, int64_t *total)
{
	int64_t t;
	return sq_page(SQ(s), a, "e.org_id,e.tier,e.year,e.valid_from,e.valid_to,e.source,o.name",
	               " FROM enterprise_certifications e JOIN orgs o ON o.id=e.org_id", cert_where, cq,
	               "e.year, e.tier, e.org_id", cq->limit < 0 ? SQ_ALL : cq->limit, cq->offset,
	               sizeof(**out), cert_row, (void **)out, n, total ? total : &t);
}

/* ---- achievement collections */

int sq_collection_add(struct store *s, const char *name, int64_t achievement_id, const char *added_on)
{
	static const char sql[] =
		"INSERT INTO achievement_collections(name,achievement_id,added_on) VALUES(?,?,?)"
		" ON CONFLICT DO NOTHING";
	return SQ_EXEC(SQ(s), sql, TB_OK, SQV_TEXT(name), SQV_I64(achievement_id),
		SQV_TEXT(added_on));
}

int sq_collection_count(struct store *s, const char *name, int64_t *count)
{
	static const char sql[] = "SELECT count(*) FROM achievement_collections WHERE name=?";
	return SQ_INT(SQ(s), sql, 0, count, SQV_TEXT(name));
}

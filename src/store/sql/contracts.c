/* contracts.c - SQL operations for technology contracts, the statistics
 * streams the indicators are computed from (contracts by signing date and
 * party location, achievement publication dates), indicator targets and
 * enterprise certifications. Money columns are INTEGER fen. */
#include "store/sql/sq.h"
#include "core/err.h"
#include "core/log.h"
#include "core/util.h"
#include "model/region.h"
#include <string.h>

/* Columns in bind order: the contract's own columns before and after the two
 * parties (CT_HEAD, CT_TAIL, X-macro lists as in sq.h), each party as
 * PARTY_* (8 columns; an org party's name comes from the join). The lists
 * give the SELECT list, INSERT, UPDATE, binds and row reader. */
#define CT_HEAD(X) \
	X(reg_no, TEXT, NULL) X(title, TEXT, NULL) X(type, TEXT, NULL) X(subtype, TEXT, NULL)
#define CT_TAIL(X)                                                                               \
	X(amount_fen, I64, NULL) X(tx_amount_fen, I64, NULL) X(signed_on, TEXT, NULL)              \
	X(valid_from, TEXT, NULL) X(valid_to, TEXT, NULL) X(achievement_id, OPT_ID, NULL)          \
	X(demand_id, OPT_ID, NULL) X(field, TEXT, NULL) X(status, TEXT, NULL) X(local, BOOL, NULL) \
	X(note, TEXT, NULL) X(payment_mode, TEXT, NULL)
#define PARTY_N 8
#define PARTY_NAMES(side)                                                                        \
	#side "_org_id," #side "_name," #side "_region_code," #side "_country," #side "_city,"      \
	#side "_city_code," #side "_unit_code," #side "_in_province,"
#define PARTY_SEL(side, org)                                                                     \
	"c." #side "_org_id,coalesce(" #org ".name,c." #side "_name),c." #side "_region_code,"      \
	"c." #side "_country,c." #side "_city,c." #side "_city_code,c." #side "_unit_code,"         \
	"c." #side "_in_province,"
#define PARTY_SET(side)                                                                          \
	#side "_org_id=?," #side "_name=?," #side "_region_code=?," #side "_country=?,"             \
	#side "_city=?," #side "_city_code=?," #side "_unit_code=?," #side "_in_province=?,"
#define PARTY_QM "?,?,?,?,?,?,?,?,"
#define CT_COLS \
	"c.id," CT_HEAD(SQ_COL_C) PARTY_SEL(seller, so) PARTY_SEL(buyer, bo) CT_TAIL(SQ_COL_C) \
	"c.created_at,c.updated_at"
#define CT_FROM                                                            \
	" FROM contracts c LEFT JOIN orgs so ON so.id=c.seller_org_id" \
	" LEFT JOIN orgs bo ON bo.id=c.buyer_org_id"

static void party_row(struct arena *a, struct sqs *st, int i, struct contract_party *p)
{
	p->org_id = sqs_col_int64(st, i);
	p->name = sq_col_text(a, st, i + 1);
	p->region_code = sq_col_text(a, st, i + 2);
	p->country = sq_col_text(a, st, i + 3);
	p->city = sq_col_text(a, st, i + 4);
	p->city_code = sq_col_text(a, st, i + 5);
	p->unit_code = sq_col_text(a, st, i + 6);
	p->in_province = sqs_col_int(st, i + 7);
}

static const struct sq_col ct_head[] = {
#define X(n, t, d) SQ_COL(struct contract, n, t, d),
	CT_HEAD(X)
#undef X
};
static const struct sq_col ct_tail[] = {
#define X(n, t, d) SQ_COL(struct contract, n, t, d),
	CT_TAIL(X)
#undef X
};
#define CT_H ((int)ARRAY_SIZE(ct_head))
#define CT_T ((int)ARRAY_SIZE(ct_tail))
#define CT_SELLER (CT_H + 1)             /* first parameter / column of each part */
#define CT_BUYER (CT_SELLER + PARTY_N)
#define CT_REST (CT_BUYER + PARTY_N)
#define CT_N (CT_REST + CT_T - 1)        /* the last of them */

static void ct_row(struct arena *a, struct sqs *st, struct contract *c)
{
	c->id = sqs_col_int64(st, 0);
	sq_cols_read(a, st, 1, ct_head, CT_H, c);
	party_row(a, st, CT_SELLER, &c->seller);
	party_row(a, st, CT_BUYER, &c->buyer);
	sq_cols_read(a, st, CT_REST, ct_tail, CT_T, c);
	c->created_at = sq_col_text(a, st, CT_N + 1);
	c->updated_at = sq_col_text(a, st, CT_N + 2);
}
static void ct_row_v(struct arena *a, struct sqs *st, void *p) { ct_row(a, st, p); }

/* One party's PARTY_N values. The name of an org party is not stored (the
 * join supplies it). */
static struct sqv *party_vals(struct sqv *v, const struct contract_party *p)
{
	*v++ = SQV_OPT_ID(p->org_id);
	*v++ = SQV_TEXT(p->org_id > 0 ? NULL : p->name);
	*v++ = SQV_TEXT(p->region_code);
	*v++ = SQV_TEXT(p->country ? p->country : "156");
	*v++ = SQV_TEXT(p->city);
	*v++ = SQV_TEXT(p->city_code);
	*v++ = SQV_TEXT(p->unit_code);
	*v++ = SQV_BOOL(p->in_province);
	return v;
}

/* The values of parameters 1..CT_N in the column order of CT_COLS (without
 * id), then `stamp`; returns the count (the caller appends one more). */
static int ct_vals(struct sqv v[CT_N + 2], const struct contract *c, struct sqv stamp)
{
	struct sqv *p = v;
	*p++ = SQV_COLS(ct_head, CT_H, c);
	p = party_vals(p, &c->seller);
	p = party_vals(p, &c->buyer);
	*p++ = SQV_COLS(ct_tail, CT_T, c);
	*p++ = stamp;
	return (int)(p - v);
}

int sq_contract_insert(struct store *s, struct contract *c)
{
	static const char sql[] =
		"INSERT INTO contracts(" CT_HEAD(SQ_COL_NAME) PARTY_NAMES(seller) PARTY_NAMES(buyer)
		CT_TAIL(SQ_COL_NAME) "created_at,updated_at)"
		" VALUES(" CT_HEAD(SQ_COL_QM) PARTY_QM PARTY_QM CT_TAIL(SQ_COL_QM) "?,?) RETURNING id";
	struct sqv v[CT_N + 2];
	int nv = ct_vals(v, c, SQV_TEXT_OR_NOW(c->created_at)); /* created_at */
	v[nv++] = SQV_TEXT_OR_NOW(c->created_at);                /* updated_at */
	return sq_insert(SQ(s), sql, &c->id, v, nv);
}

int sq_contract_update(struct store *s, const struct contract *c)
{
	static const char sql[] =
		"UPDATE contracts SET " CT_HEAD(SQ_COL_SET) PARTY_SET(seller) PARTY_SET(buyer)
		CT_TAIL(SQ_COL_SET) "updated_at=? WHERE id=?";
	struct sqv v[CT_N + 2];
	int nv = ct_vals(v, c, SQV_NOW);
	v[nv++] = SQV_I64(c->id);
	return sq_exec(SQ(s), sql, TB_ENOTFOUND, v, nv);
}

int sq_contract_get(struct store *s, struct arena *a, int64_t id, struct contract *out)
{
	static const char sql[] = "SELECT " CT_COLS CT_FROM " WHERE c.id=?";
	return sq_get_by_id(SQ(s), a, sql, id, ct_row_v, out);
}

static void ct_where(struct sqb *b, const struct contract_query *cq)
{
	sqb_sql(b, CT_FROM " WHERE 1=1");
	if (cq->status) { sqb_sql(b, " AND c.status="); sqb_text(b, cq->status); }
	if (cq->type) { sqb_sql(b, " AND c.type="); sqb_text(b, cq->type); }
	if (cq->org_id > 0) {
		sqb_sql(b, " AND (c.seller_org_id="); sqb_int(b, cq->org_id);
		sqb_sql(b, " OR c.buyer_org_id="); sqb_int(b, cq->org_id);
		sqb_sql(b, ")");
	}
	if (cq->achievement_id > 0) { sqb_sql(b, " AND c.achievement_id="); sqb_int(b, cq->achievement_id); }
	if (cq->from) { sqb_sql(b, " AND c.signed_on>="); sqb_text(b, cq->from); }
	if (cq->to) { sqb_sql(b, " AND c.signed_on<"); sqb_text(b, cq->to); }
	if (cq->q) {
		sqb_sql(b, " AND (substr(c.reg_no,1,length("); sqb_text(b, cq->q);
		sqb_sql(b, "))="); sqb_text(b, cq->q);
		sqb_sql(b, " OR ");
		sqb_contains(b, "coalesce(c.title,'')", cq->q);
		sqb_sql(b, " OR ");
		sqb_contains(b, "coalesce(so.name,c.seller_name,'')", cq->q);
		sqb_sql(b, " OR ");
		sqb_contains(b, "coalesce(bo.name,c.buyer_name,'')", cq->q);
		sqb_sql(b, ")");
	}
}

static void ct_where_v(struct sqb *b, const void *cq) { ct_where(b, cq); }

int sq_contract_list(struct store *s, struct arena *a, const struct contract_query *cq,
                     struct contract **out, int *n, int64_t *total)
{
	return sq_page(SQ(s), a, CT_COLS, "", ct_where_v, cq, "c.signed_on DESC, c.id DESC", cq->limit,
	               cq->offset, sizeof(struct contract), ct_row_v, (void **)out, n, total);
}

int sq_public_version(struct store *s, int64_t *version)
{
	static const char sql[] = "SELECT coalesce(max(seq),0) FROM changes";
	return sq_int(SQ(s), sql, 0, version, NULL, 0);
}

/* WHERE of the indicator queries over contracts (each and sums). */
static void contract_filter_where(struct sqb *b, const struct contract_filter *f)
{
	const char *side = f->buyer_side ? "c.buyer_" : "c.seller_";
	sqb_sql(b, " WHERE c.status!='terminated'");
	if (f->from) { sqb_sql(b, " AND c.signed_on>="); sqb_text(b, f->from); }
	if (f->to) { sqb_sql(b, " AND c.signed_on<"); sqb_text(b, f->to); }
	if (f->in_province) { sqb_sql(b, " AND "); sqb_sql(b, side); sqb_sql(b, "in_province=1"); }
	if (f->city_code) {
		sqb_sql(b, " AND "); sqb_sql(b, side); sqb_sql(b, "city_code="); sqb_text(b, f->city_code);
	}
	if (f->unit_code) {
		sqb_sql(b, " AND "); sqb_sql(b, side); sqb_sql(b, "unit_code="); sqb_text(b, f->unit_code);
	}
	if (f->first_per_achievement)
		/* The achievement's first live contract, in signing order (ties: lowest id). */
		sqb_sql(b, " AND c.achievement_id IS NOT NULL AND c.id=(SELECT c2.id FROM contracts c2"
		           " WHERE c2.achievement_id=c.achievement_id AND c2.status!='terminated'"
		           " ORDER BY c2.signed_on, c2.id LIMIT 1)");
}

_Static_assert(sizeof(struct contract) <= SQ_EACH_MAX_ELEM, "sq_each item");

SQ_EACH_TYPED(struct contract, ct_each)

int sq_contract_each(struct store *s, const struct contract_filter *f,
                     int (*cb)(void *, const struct contract *), void *ctx)
{
	struct sq *q = SQ(s);
	struct sqb b;
	int rc;

	sqb_init(&b, q);
	sqb_sql(&b, "SELECT " CT_COLS CT_FROM);
	contract_filter_where(&b, f);
	sqb_sql(&b, " ORDER BY c.signed_on, c.id");
	struct ct_each w = { cb, ctx };
	rc = sq_each_b(q, &b, 1 << 20, sizeof(struct contract), ct_row_v, ct_each_call, &w);
	sqb_release(&b);
	return rc;
}

int sq_contract_sums(struct store *s, const struct contract_filter *f,
                     enum contract_sum_period period, enum contract_sum_by by,
                     int (*cb)(void *, const struct contract_sum *), void *ctx)
{
	struct sq *q = SQ(s);
	struct sqb b;
	struct sqs *st;
	struct contract_sum sum;
	const char *pexpr, *kexpr = "NULL";
	int rc, step;

	switch (period) {
	case CS_QUARTER:
		pexpr = "substr(c.signed_on,1,4)||'-Q'||((CAST(substr(c.signed_on,6,2) AS INTEGER)+2)/3)";
		break;
	case CS_MONTH: pexpr = "substr(c.signed_on,1,7)"; break;
	default: pexpr = "substr(c.signed_on,1,4)"; break;
	}
	switch (by) {
	case CS_BY_TYPE: kexpr = "c.type"; break;
	case CS_BY_CITY:
		kexpr = f->buyer_side ? "coalesce(c.buyer_city_code,'other')"
		                      : "coalesce(c.seller_city_code,'other')";
		break;
	case CS_BY_UNIT:
		kexpr = f->buyer_side ? "coalesce(c.buyer_unit_code,'other')"
		                      : "coalesce(c.seller_unit_code,'other')";
		break;
	case CS_BY_FIELD: kexpr = "coalesce(c.field,'other')"; break;
	case CS_BY_NONE: break;
	}
	sqb_init(&b, q);
	sqb_sql(&b, "SELECT ");
	sqb_sql(&b, pexpr);
	sqb_sql(&b, ", ");
	sqb_sql(&b, kexpr);
	sqb_sql(&b, ", count(*), sum(c.amount_fen), sum(c.tx_amount_fen), sum(CASE WHEN c.local!=0 THEN 1 ELSE 0 END)"
	            " FROM contracts c");
	contract_filter_where(&b, f);
	sqb_sql(&b, " GROUP BY 1, 2 ORDER BY 1, 2");
	rc = sqb_prepare(q, &b, &st);
	sqb_release(&b);
	if (rc)
		return rc;
	while ((step = sqs_step(st)) == SQD_ROW) {
		/* Text pointers stay valid until the next step: the callback copies. */
		sum.period = sqs_col_text(st, 0);
		sum.key = sqs_col_text(st, 1);
		sum.count = sqs_col_int64(st, 2);
		sum.amount_fen = sqs_col_int64(st, 3);
		sum.tx_fen = sqs_col_int64(st, 4);
		sum.local_count = sqs_col_int64(st, 5);
		if (!sum.period)
			continue;
		if ((rc = cb(ctx, &sum)))
			break;
	}
	if (!rc && step != SQD_DONE && step != SQD_ROW)
		rc = sq_rc(q, step);
	sqs_finalize(st);
	return rc;
}

int sq_contract_live_for_ach(struct store *s, int64_t ach, int64_t *count)
{
	static const char sql[] =
		"SELECT count(*) FROM contracts WHERE achievement_id=? AND status!='terminated'";
	return SQ_INT(SQ(s), sql, 0, count, SQV_I64(ach));
}

/* Owner-region condition on `orgs o` shared by the achievement and certification counts. */
void sq_org_region_where(struct sqb *b, const struct ach_region_filter *f)
{
	if (f->in_province) {
		/* By city, so that orgs imported without a province still count. */
		sqb_sql(b, " AND o.city IN (");
		for (const struct city *c = region_cities; c->zh; c++) {
			if (c != region_cities)
				sqb_sql(b, ",");
			sqb_text(b, c->zh);
		}
		sqb_sql(b, ")");
	}
	if (f->city) { sqb_sql(b, " AND o.city="); sqb_text(b, f->city); }
	if (f->district_names[0]) {
		sqb_sql(b, " AND o.district IN (");
		for (int i = 0; i < 3 && f->district_names[i]; i++) {
			if (i)
				sqb_sql(b, ",");
			sqb_text(b, f->district_names[i]);
		}
		sqb_sql(b, ")");
	}
}

int sq_achievement_published_each(struct store *s, const struct ach_region_filter *f,
                          int (*cb)(void *, const char *), void *ctx)
{
	struct sq *q = SQ(s);
	struct sqb b;
	struct sqs *st;
	int rc, step;

	/* published_at is an ISO timestamp; its date part decides the period. An
	 * achievement published and later commercialised keeps its published_at. */
	sqb_init(&b, q);
	/* Read the period's range of ach_published_owner (covering: status and
	 * owner are in it), then each owner: CROSS JOIN fixes that order and
	 * +a.status keeps the planner off the status index, which would read
	 * every published row (without statistics it cannot tell which is
	 * smaller). */
	/* PostgreSQL: published_at is a timestamptz (its text form starts with
	 * the date too); no CROSS JOIN ... ON or unary plus there, and its
	 * planner has statistics. */
	SQB_SQL(&b, "SELECT substr(a.published_at,1,10) FROM achievements a CROSS JOIN orgs o"
	            " ON o.id=a.owner_org_id WHERE a.published_at IS NOT NULL"
	            " AND +a.status IN ('published','commercialised')",
	        "SELECT substr(CAST(a.published_at AS TEXT),1,10) FROM achievements a JOIN orgs o"
	        " ON o.id=a.owner_org_id WHERE a.published_at IS NOT NULL"
	        " AND a.status IN ('published','commercialised')");
	/* The plain comparisons are implied by the substr ones (from and to are
	 * dates, published_at starts with one) and let ach_published_owner serve
	 * the range; on PostgreSQL they are the whole test (a date compares
	 * with a timestamptz as its midnight UTC). */
	if (f->from) {
		if (b.dialect == SQD_SQLITE) {
			sqb_sql(&b, " AND substr(a.published_at,1,10)>="); sqb_text(&b, f->from);
		}
		sqb_sql(&b, " AND a.published_at>="); sqb_text(&b, f->from);
	}
	if (f->to) {
		if (b.dialect == SQD_SQLITE) {
			sqb_sql(&b, " AND substr(a.published_at,1,10)<"); sqb_text(&b, f->to);
		}
		sqb_sql(&b, " AND a.published_at<"); sqb_text(&b, f->to);
	}
	sq_org_region_where(&b, f);
	rc = sqb_prepare(q, &b, &st);
	sqb_release(&b);
	if (rc)
		return rc;
	while ((step = sqs_step(st)) == SQD_ROW) {
		if ((rc = cb(ctx, sqs_col_text(st, 0))))
			break;
	}
	if (!rc && step != SQD_DONE && step != SQD_ROW)
		rc = sq_rc(q, step);
	sqs_finalize(st);
	return rc;
}

int sq_target_put(struct store *s, const struct ind_target *t)
{
	static const char sql[] =
		"INSERT INTO indicator_targets(year,region_code,metric,value,updated_at) VALUES(?,?,?,?,?)"
		" ON CONFLICT(year,region_code,metric) DO UPDATE SET value=excluded.value,"
		"updated_at=excluded.updated_at";
	return SQ_EXEC(SQ(s), sql, TB_OK, SQV_I64(t->year), SQV_TEXT(t->region_code),
		SQV_TEXT(t->metric), SQV_I64(t->value), SQV_NOW);
}

static void target_row(struct arena *a, struct sqs *st, void *p)
{
	struct ind_target *t = p;
	t->year = sqs_col_int(st, 0);
	t->region_code = sq_col_text(a, st, 1);
	t->metric = sq_col_text(a, st, 2);
	t->value = sqs_col_int64(st, 3);
}

int sq_target_list(struct store *s, struct arena *a, int year, const char *region_code,
                   struct ind_target **out, int *n)
{
	static const char sql[] =
		"SELECT year,region_code,metric,value FROM indicator_targets"
		" WHERE year=? AND region_code=? ORDER BY metric";
	/* A year's targets of one region: one row per metric (a handful). */
	return SQ_SELECT(SQ(s), a, sql, sizeof(struct ind_target), target_row, (void **)out, n,
	                 SQV_I64(year), SQV_TEXT(region_code));
}

int sq_cert_put(struct store *s, int64_t org_id, const char *tier, int year)
{
	static const char sql[] =
		"INSERT INTO enterprise_certifications(org_id,tier,year) VALUES(?,?,?)"
		" ON CONFLICT DO NOTHING";
	return SQ_EXEC(SQ(s), sql, TB_OK, SQV_I64(org_id), SQV_TEXT(tier), SQV_I64(year));
}

/* Certified enterprises of a tier and year in a region; only_new: those
 * not on the previous year's list (issue #15). */
static int cert_count(struct sq *q, const char *tier, int year, bool only_new,
                      const struct ach_region_filter *f, int64_t *count)
{
	struct sqb b;
	int rc;

	sqb_init(&b, q);
	sqb_sql(&b, "SELECT count(DISTINCT e.org_id) FROM enterprise_certifications e JOIN orgs o"
	            " ON o.id=e.org_id WHERE e.tier=");
	sqb_text(&b, tier);
	sqb_sql(&b, " AND e.year=");
	sqb_int(&b, year);
	if (only_new)
		sqb_sql(&b, " AND NOT EXISTS (SELECT 1 FROM enterprise_certifications p"
		            " WHERE p.org_id=e.org_id AND p.tier=e.tier AND p.year=e.year-1)");
	sq_org_region_where(&b, f);
	rc = sq_count(q, &b, count);
	sqb_release(&b);
	return rc;
}

int sq_cert_count(struct store *s, const char *tier, int year, const struct ach_region_filter *f,
                  int64_t *count)
{
	return cert_count(SQ(s), tier, year, false, f, count);
}

/* Issue #15: new certifications per year (on this year's list, not last year's). */
int sq_cert_count_new(struct store *s, const char *tier, int year, const struct ach_region_filter *f,
                      int64_t *count)
{
	return cert_count(SQ(s), tier, year, true, f, count);
}

/* platforms.c - SQL persistence of the registry of innovation platforms
 * (model/platform.h; tables of migration 11): kinds (a table), platforms with
 * their host organisations, links to achievements, instruments and experts,
 * the filtered listing (one sq_page call) and grouped counts. */
#include "store/sql/sq.h"
#include "core/err.h"
#include <string.h>

#define PLAT_COLUMNS(X)                                                                         \
	X(name, TEXT, NULL) X(name_en, TEXT, NULL) X(kind, TEXT, NULL) X(level, TEXT, NULL)       \
	X(city, TEXT, NULL) X(district, TEXT, NULL) X(approval_body, TEXT, NULL)                  \
	X(batch, TEXT, NULL) X(year, INT, NULL) X(field, TEXT, NULL) X(status, TEXT, "active")   \
	X(evaluation, TEXT, NULL)
#define PLAT_COL(n, t, d) SQ_COL(struct platform, n, t, d),
static const struct sq_col plat_cols[] = { PLAT_COLUMNS(PLAT_COL) };
#define NPLAT ((int)(sizeof(plat_cols) / sizeof(plat_cols[0])))
#define PLAT_SEL "p.id,p.created_at,p.updated_at," PLAT_COLUMNS(SQ_COL_P) "1"
#define SQ_COL_P(n, t, d) "p." #n ","

static void plat_row(struct arena *a, struct sqs *st, void *out)
{
	struct platform *p = out;
	memset(p, 0, sizeof(*p));
	p->id = sqs_col_int64(st, 0);
	p->created_at = sq_col_text(a, st, 1);
	p->updated_at = sq_col_text(a, st, 2);
	sq_cols_read(a, st, 3, plat_cols, NPLAT, p);
}

static void kind_row(struct arena *a, struct sqs *st, void *p)
{
	struct platform_kind *k = p;
	k->key = sq_col_text(a, st, 0);
	k->zh = sq_col_text(a, st, 1);
	k->en = sq_col_text(a, st, 2);
}

/* A facet row: key, count (sq_platform_counts). */
static void count_row(struct arena *a, struct sqs *st, void *p)
{
	struct platform_count *c = p;
	c->key = sq_col_text(a, st, 0);
	c->count = sqs_col_int64(st, 1);
}

static void link_row(struct arena *a, struct sqs *st, void *p)
{
	struct platform_link *l = p;
	l->platform_id = sqs_col_int64(st, 0);
	l->kind = sq_col_text(a, st, 1);
	l->ref_id = sqs_col_int64(st, 2);
}

int sq_platform_kinds(struct store *s, struct arena *a, struct platform_kind **out, int *n)
{
	static const char sql[] = "SELECT key,zh,en FROM platform_kinds ORDER BY pos, key";
	return sq_select(SQ(s), a, sql, sizeof(struct platform_kind), kind_row, (void **)out, n, NULL,
	                 0);
}

int sq_platform_insert(struct store *s, struct platform *p)
{
	static const char sql[] =
		"INSERT INTO platforms(" PLAT_COLUMNS(SQ_COL_NAME) "created_at,updated_at)"
		" VALUES(" PLAT_COLUMNS(SQ_COL_QM) "?,?) RETURNING id";
	static const char hsql[] = "INSERT INTO platform_hosts(platform_id,org_id) VALUES(?,?)"
		" ON CONFLICT DO NOTHING";
	struct sq *q = SQ(s);
	int rc;
	if ((rc = SQ_INSERT(q, sql, &p->id, SQV_COLS(plat_cols, NPLAT, p), SQV_NOW, SQV_NOW)))
		return rc;
	for (int i = 0; i < p->nhosts; i++) {
		rc = SQ_EXEC(q, hsql, TB_OK, SQV_I64(p->id), SQV_I64(p->hosts[i]));
		if (rc)
			return rc;
	}
	return TB_OK;
}

static int load_hosts(struct sq *q, struct arena *a, struct platform *p)
{
	static const char sql[] = "SELECT org_id FROM platform_hosts WHERE platform_id=? ORDER BY org_id";
	/* every host (the array stopped at 16 without a word) */
	return SQ_SELECT(q, a, sql, sizeof(int64_t), sq_row_i64, (void **)&p->hosts, &p->nhosts,
	                 SQV_I64(p->id));
}

int sq_platform_get(struct store *s, struct arena *a, int64_t id, struct platform *out)
{
	static const char sql[] = "SELECT " PLAT_SEL " FROM platforms p WHERE p.id=?";
	struct sq *q = SQ(s);
	int rc = sq_get_by_id(q, a, sql, id, plat_row, out);
	return rc ? rc : load_hosts(q, a, out);
}

static void plat_where(struct sqb *b, const void *v)
{
	const struct platform_query *f = v;
	sqb_sql(b, " WHERE 1=1");
#define EQ(col, val) if (val) { sqb_sql(b, " AND p." col "="); sqb_text(b, val); }
	EQ("kind", f->kind) EQ("level", f->level) EQ("city", f->city) EQ("district", f->district)
	EQ("field", f->field) EQ("status", f->status)
#undef EQ
	if (f->year) { sqb_sql(b, " AND p.year="); sqb_int(b, f->year); }
	if (f->year_to) { sqb_sql(b, " AND p.year<="); sqb_int(b, f->year_to); }
	if (f->host_org) {
		sqb_sql(b, " AND p.id IN (SELECT platform_id FROM platform_hosts WHERE org_id=");
		sqb_int(b, f->host_org);
		sqb_sql(b, ")");
	}
	if (f->link_kind) {
		sqb_sql(b, " AND p.id IN (SELECT platform_id FROM platform_links WHERE kind=");
		sqb_text(b, f->link_kind);
		sqb_sql(b, " AND ref_id=");
		sqb_int(b, f->link_ref);
		sqb_sql(b, ")");
	}
	sqb_and_name_like(b, "p.name", "p.name_en", f->q);
}

int sq_platform_list(struct store *s, struct arena *a, const struct platform_query *q,
                     struct platform **out, int *n, int64_t *total)
{
	int rc = sq_page(SQ(s), a, PLAT_SEL, " FROM platforms p", plat_where, q, "p.year, p.id",
	                 q->limit, q->offset, sizeof(struct platform), plat_row, (void **)out, n, total);
	for (int i = 0; !rc && i < *n; i++)
		rc = load_hosts(SQ(s), a, &(*out)[i]);
	return rc;
}

int sq_platform_counts(struct store *s, struct arena *a, const char *by,
                       const struct platform_query *f, struct platform_count **out, int *n)
{
	static const char *const cols[] = { "kind", "level", "city", "district", "field", "year",
	                                    "status", NULL };
	struct sq *q = SQ(s);
	struct sqb b;
	int rc, ok = 0;
	for (int i = 0; cols[i]; i++)
		ok = ok || !strcmp(cols[i], by);
	if (!ok)
		return TB_EINVAL;
	sqb_init(&b, q);
	/* `by` is one of the fixed column names above, never caller text. */
	sqb_sql(&b, "SELECT coalesce(CAST(p.");
	sqb_sql(&b, by);
	sqb_sql(&b, " AS TEXT),''), count(*) FROM platforms p");
	plat_where(&b, f);
	sqb_sql(&b, " GROUP BY 1 ORDER BY 2 DESC, 1");
	rc = sq_list(q, a, &b, sizeof(struct platform_count), SQ_MAX_FACETS, count_row, (void **)out,
	             n);
	sqb_release(&b);
	return rc;
}

int sq_platform_set_status(struct store *s, int64_t id, const char *expect, const char *status,
                           const char *evaluation)
{
	static const char sql[] =
		"UPDATE platforms SET status=?, evaluation=coalesce(?, evaluation), updated_at=?"
		" WHERE id=? AND status=?";
	return SQ_EXEC(SQ(s), sql, TB_ESTATE, SQV_TEXT(status), SQV_TEXT(evaluation), SQV_NOW,
		SQV_I64(id), SQV_TEXT(expect));
}

int sq_platform_link_add(struct store *s, const struct platform_link *l)
{
	static const char sql[] =
		"INSERT INTO platform_links(platform_id,kind,ref_id) VALUES(?,?,?)"
		" ON CONFLICT DO NOTHING";
	return SQ_EXEC(SQ(s), sql, TB_OK, SQV_I64(l->platform_id), SQV_TEXT(l->kind),
		SQV_I64(l->ref_id));
}

int sq_platform_links(struct store *s, struct arena *a, int64_t platform_id,
                      struct platform_link **out, int *n)
{
	static const char sql[] =
		"SELECT platform_id,kind,ref_id FROM platform_links WHERE platform_id=? ORDER BY kind, ref_id";
	return SQ_SELECT(SQ(s), a, sql, sizeof(struct platform_link), link_row, (void **)out, n,
	                 SQV_I64(platform_id));
}

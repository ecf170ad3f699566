/* bulletin.c - store operations of the periodic bulletin (issue #16,
 * migration 15), portable SQL through the driver interface (sq.h): the archive (one row per period, its items copied in
 * order) and the queries a bulletin is made from (new listings, demands
 * closing soon, headline counts). Bound parameters only. */
#include "store/sql/sq.h"
#include "core/err.h"
#include "core/util.h"
#include <string.h>

/* An item row: section, field, ref_id, title_zh, title_en, org, date (that
 * order in every SELECT below). */
static void item_row(struct arena *a, struct sqs *st, void *p)
{
	struct bulletin_item *x = p;
	x->section = sq_col_text(a, st, 0);
	x->field = sq_col_text(a, st, 1);
	x->ref_id = sqs_col_int64(st, 2);
	x->title_zh = sq_col_text(a, st, 3);
	x->title_en = sq_col_text(a, st, 4);
	x->org = sq_col_text(a, st, 5);
	x->date = sq_col_text(a, st, 6);
}

/* A bulletin's columns (the figures are the members of `fig`), and the
 * figures alone: one list for the insert, the read and the figures query. */
#define BUL_HEAD(X)                                                                              \
	X(period, period, TEXT, NULL) X(kind, kind, TEXT, NULL) X(date_from, date_from, TEXT, NULL)  \
	X(date_to, date_to, TEXT, NULL) X(window_to, window_to, TEXT, NULL)                          \
	X(generated_at, generated_at, TEXT, NULL) X(generated_by, generated_by, TEXT, NULL)
#define BUL_FIGS(X, s)                                                                           \
	X(new_achievements, s new_achievements, I64, NULL) X(new_demands, s new_demands, I64, NULL) \
	X(contracts, s contracts, I64, NULL) X(contract_amount_fen, s contract_amount_fen, I64, NULL) \
	X(published_achievements, s published_achievements, I64, NULL)                              \
	X(published_demands, s published_demands, I64, NULL)                                        \
	X(closing_demands, s closing_demands, I64, NULL) X(upcoming_events, s upcoming_events, I64, NULL)
#define FIG_M(c, m, t, d) SQ_COLM(struct bulletin, c, m, t, d),
static const struct sq_col bul_cols[] = { BUL_HEAD(FIG_M) BUL_FIGS(FIG_M, fig.) };
#undef FIG_M
#define FIG_M(c, m, t, d) SQ_COLM(struct bulletin_figures, c, m, t, d),
static const struct sq_col fig_cols[] = { BUL_FIGS(FIG_M, ) };
#undef FIG_M
#define BUL_N ((int)ARRAY_SIZE(bul_cols))
#define BULLETIN_COLS "id," BUL_HEAD(SQ_COLM_NAME) BUL_FIGS(SQ_COLM_NAME, ) "id"

static void read_bulletin(struct arena *a, struct sqs *st, void *p)
{
	struct bulletin *b = p;
	memset(b, 0, sizeof(*b));
	b->id = sqs_col_int64(st, 0);
	sq_cols_read(a, st, 1, bul_cols, BUL_N, b);
}

int sq_bulletin_insert(struct store *s, struct bulletin *b)
{
	static const char sql[] =
		"INSERT INTO bulletins(" BUL_HEAD(SQ_COLM_NAME) BUL_FIGS(SQ_COLM_NAME, ) "id) VALUES("
		BUL_HEAD(SQ_COLM_QM) BUL_FIGS(SQ_COLM_QM, ) "DEFAULT) RETURNING id";
	static const char sql_lite[] =
		"INSERT INTO bulletins(" BUL_HEAD(SQ_COLM_NAME) BUL_FIGS(SQ_COLM_NAME, ) "id) VALUES("
		BUL_HEAD(SQ_COLM_QM) BUL_FIGS(SQ_COLM_QM, ) "NULL) RETURNING id";
	static const char items[] = "INSERT INTO bulletin_items(bulletin_id,seq,section,field,ref_id,"
	                            "title_zh,title_en,org,date) VALUES(?,?,?,?,?,?,?,?,?)";
	struct sq *q = SQ(s);
	/* a second bulletin for the period: TB_ECONFLICT (the UNIQUE period) */
	int rc = SQ_INSERT(q, SQ_SQL(q, sql_lite, sql), &b->id, SQV_COLS(bul_cols, BUL_N, b));
	for (int i = 0; i < b->n_items && !rc; i++) {
		const struct bulletin_item *x = &b->items[i];
		rc = SQ_EXEC(q, items, TB_OK, SQV_I64(b->id), SQV_I64(i + 1), SQV_TEXT(x->section),
		             SQV_TEXT(x->field), SQV_I64(x->ref_id), SQV_TEXT(x->title_zh),
		             SQV_TEXT(x->title_en), SQV_TEXT(x->org), SQV_TEXT(x->date));
	}
	return rc;
}

int sq_bulletin_get(struct store *s, struct arena *a, const char *period, struct bulletin *out)
{
	struct sq *q = SQ(s);
	static const char items[] = "SELECT section,field,ref_id,title_zh,title_en,org,date"
	                            " FROM bulletin_items WHERE bulletin_id=? ORDER BY seq";
	int rc = SQ_ONE(q, a, "SELECT " BULLETIN_COLS " FROM bulletins WHERE period=?", read_bulletin,
	                out, SQV_TEXT(period));
	if (rc)
		return rc;
	return SQ_SELECT(q, a, items, sizeof(struct bulletin_item), item_row, (void **)&out->items,
	                 &out->n_items, SQV_I64(out->id));
}

int sq_bulletin_list(struct store *s, struct arena *a, const char *kind, int limit,
                     struct bulletin **out, int *n)
{
	static const char sql[] = "SELECT " BULLETIN_COLS " FROM bulletins"
	                          " WHERE (CAST(?1 AS TEXT) IS NULL OR kind=?1)"
	                          " ORDER BY date_from DESC, kind LIMIT ?2";
	*out = NULL;
	*n = 0;
	if (limit <= 0)
		return TB_EINVAL;
	return SQ_SELECT(SQ(s), a, sql, sizeof(struct bulletin), read_bulletin, (void **)out, n,
	                 SQV_TEXT(kind), SQV_I64(limit));
}

int sq_bulletin_new_listings(struct store *s, struct arena *a, bool is_ach, const char *from,
                             const char *to, int max, struct bulletin_item **out, int *n)
{
	struct sq *q = SQ(s);
	const char *sql = is_ach
		? "SELECT 'new_achievement',x.field,x.id,x.title_zh,x.title_en,o.name,"
		  "substr(CAST(x.published_at AS TEXT),1,10) FROM achievements x JOIN orgs o ON o.id=x.owner_org_id"
		  " WHERE x.status='published' AND x.published_at>=?1 AND x.published_at<?2"
		  " ORDER BY coalesce(x.field,'') , x.published_at, x.id LIMIT ?3"
		: "SELECT 'new_demand',x.field,x.id,x.title_zh,x.title_en,o.name,"
		  "substr(CAST(x.published_at AS TEXT),1,10) FROM demands x JOIN orgs o ON o.id=x.org_id"
		  " WHERE x.status='published' AND x.published_at>=?1 AND x.published_at<?2"
		  " ORDER BY coalesce(x.field,''), x.published_at, x.id LIMIT ?3";
	return SQ_SELECT(q, a, sql, sizeof(struct bulletin_item), item_row, (void **)out, n,
	                 SQV_TEXT(from), SQV_TEXT(to), SQV_I64(max));
}

int sq_bulletin_closing_demands(struct store *s, struct arena *a, const char *from, const char *to,
                                int max, struct bulletin_item **out, int *n)
{
	struct sq *q = SQ(s);
	static const char sql[] =
		"SELECT 'closing_demand',x.field,x.id,x.title_zh,x.title_en,o.name,x.deadline"
		" FROM demands x JOIN orgs o ON o.id=x.org_id"
		" WHERE x.status='published' AND x.deadline>=?1 AND x.deadline<?2"
		" ORDER BY x.deadline, x.id LIMIT ?3";
	return SQ_SELECT(q, a, sql, sizeof(struct bulletin_item), item_row, (void **)out, n,
	                 SQV_TEXT(from), SQV_TEXT(to), SQV_I64(max));
}

/* The figures' columns in BUL_FIGS order (no text: no arena needed). */
static void figures_row(struct arena *a, struct sqs *st, void *p)
{
	sq_cols_read(a, st, 0, fig_cols, (int)ARRAY_SIZE(fig_cols), p);
}

int sq_bulletin_figures(struct store *s, const char *from, const char *to, const char *window_to,
                        struct bulletin_figures *out)
{
	static const char sql[] =
		"SELECT"
		" (SELECT count(*) FROM achievements WHERE status='published'"
		"  AND published_at>=?1 AND published_at<?2),"
		" (SELECT count(*) FROM demands WHERE status='published'"
		"  AND published_at>=?1 AND published_at<?2),"
		" (SELECT count(*) FROM contracts WHERE status!='terminated'"
		"  AND signed_on>=?4 AND signed_on<?5),"
		" (SELECT coalesce(sum(amount_fen),0) FROM contracts WHERE status!='terminated'"
		"  AND signed_on>=?4 AND signed_on<?5),"
		" (SELECT count(*) FROM achievements WHERE status='published'),"
		" (SELECT count(*) FROM demands WHERE status='published'),"
		" (SELECT count(*) FROM demands WHERE status='published'"
		"  AND deadline>=?6 AND deadline<?3),"
		" (SELECT count(*) FROM events WHERE status='planned'"
		"  AND starts_on>=?7 AND starts_on<?8)";
	memset(out, 0, sizeof(*out));
	/* The same dates again under their own numbers (?4..?8): PostgreSQL
	 * gives a parameter one type, and published_at is an instant
	 * (timestamptz) while signed_on, deadline and starts_on are calendar
	 * dates (TEXT). */
	return SQ_ONE(SQ(s), NULL, sql, figures_row, out, SQV_TEXT(from), SQV_TEXT(to),
	              SQV_TEXT(window_to), SQV_TEXT(from), SQV_TEXT(to), SQV_TEXT(to), SQV_TEXT(to),
	              SQV_TEXT(window_to));
}

/* catalog.c - SQL operations for organisations, achievements and demands:
 * insert, update, status changes, get, filtered listing, streaming, facets.
 * Achievements and demands share one set of routines driven by a per-kind
 * column description (cat_kind). */
#include "store/sql/sq.h"
#include "core/err.h"
#include "core/log.h"
#include "core/util.h"
#include <stddef.h>
#include <string.h>

/* ---------------------------------------------------------------- orgs */

#define ORG_COLUMNS(X)                                                                           \
	X(name, TEXT, NULL) X(name_en, TEXT, NULL) X(kind, TEXT, NULL) X(province, TEXT, NULL)      \
	X(city, TEXT, NULL) X(district, TEXT, NULL) X(region_code, TEXT, NULL)
#define ORG_COLS "id," ORG_COLUMNS(SQ_COL_NAME) "created_at,updated_at"

static const struct sq_col org_cols[] = {
#define X(n, t, d) SQ_COL(struct org, n, t, d),
	ORG_COLUMNS(X)
#undef X
};
#define ORG_N ((int)ARRAY_SIZE(org_cols))

static void org_row(struct arena *a, struct sqs *st, void *p)
{
	struct org *o = p;
	o->id = sqs_col_int64(st, 0);
	sq_cols_read(a, st, 1, org_cols, ORG_N, o);
	o->created_at = sq_col_text(a, st, ORG_N + 1);
	o->updated_at = sq_col_text(a, st, ORG_N + 2);
}

int sq_org_insert(struct store *s, struct org *o)
{
	static const char sql[] =
		"INSERT INTO orgs(" ORG_COLUMNS(SQ_COL_NAME) "created_at,updated_at)"
		" VALUES(" ORG_COLUMNS(SQ_COL_QM) "?,?8) RETURNING id";
	return SQ_INSERT(SQ(s), sql, &o->id, SQV_COLS(org_cols, ORG_N, o), SQV_NOW);
}

int sq_org_update(struct store *s, const struct org *o)
{
	static const char sql[] =
		"UPDATE orgs SET " ORG_COLUMNS(SQ_COL_SET) "updated_at=? WHERE id=?";
	return sq_update_cols(SQ(s), sql, org_cols, ORG_N, o, true, o->id);
}

static int org_get_by(struct sq *q, struct arena *a, const char *sql, int64_t id, const char *name,
                      struct org *out)
{
	if (name)
		return SQ_ONE(q, a, sql, org_row, out, SQV_TEXT(name));
	return SQ_ONE(q, a, sql, org_row, out, SQV_I64(id));
}

int sq_org_get(struct store *s, struct arena *a, int64_t id, struct org *out)
{
	static const char sql[] = "SELECT " ORG_COLS " FROM orgs WHERE id=?";
	return org_get_by(SQ(s), a, sql, id, NULL, out);
}

int sq_org_find_by_name(struct store *s, struct arena *a, const char *name, struct org *out)
{
	static const char sql[] = "SELECT " ORG_COLS " FROM orgs WHERE name=?1 OR name_en=?1 LIMIT 1";
	return org_get_by(SQ(s), a, sql, 0, name, out);
}

static void org_row_v(struct arena *a, struct sqs *st, void *p) { org_row(a, st, p); }

static void org_where(struct sqb *b, const struct org_query *oq)
{
	sqb_sql(b, " FROM orgs WHERE 1=1");
	if (oq->kind) { sqb_sql(b, " AND kind="); sqb_text(b, oq->kind); }
	if (oq->city) { sqb_sql(b, " AND city="); sqb_text(b, oq->city); }
	if (oq->q) {
		sqb_sql(b, " AND (");
		sqb_contains(b, "name", oq->q);
		sqb_sql(b, " OR ");
		SQB_SQL(b, "instr(", "strpos(");
		sqb_sql(b, "lower(coalesce(name_en,'')),lower(");
		sqb_text(b, oq->q);
		sqb_sql(b, "))>0)");
	}
}

static void org_where_v(struct sqb *b, const void *oq) { org_where(b, oq); }

int sq_org_list(struct store *s, struct arena *a, const struct org_query *oq, struct org **out,
                int *n, int64_t *total)
{
	return sq_page(SQ(s), a, ORG_COLS, "", org_where_v, oq, "id", oq->limit, oq->offset,
	               sizeof(struct org), org_row_v, (void **)out, n, total);
}

/* --------------------------------------------------------- achievements */

/* Achievements and demands are described once each, in the spirit of curl's
 * per-protocol handler table: the writable columns, in bind order, give the
 * SELECT list, the INSERT and UPDATE statements, their binds and the row
 * decoder (cat_kind below). Adding a field is one X(...) line (plus the
 * migration that adds the column). Every row then reads the same read-only
 * tail: review_note, created_at, updated_at, published_at, and the joined
 * org name, city and province. */
#define CAT_TAIL_SQL \
	"a.review_note,a.created_at,a.updated_at,a.published_at,o.name,o.city,o.province,a.expires_at"
enum { TAIL_NOTE, TAIL_CREATED, TAIL_UPDATED, TAIL_PUBLISHED, TAIL_ORG, TAIL_CITY, TAIL_PROVINCE,
       TAIL_EXPIRES, TAIL_N };
#define CAT_TAIL(T, org_name)                                                                    \
	{ offsetof(T, review_note), offsetof(T, created_at), offsetof(T, updated_at),              \
	  offsetof(T, published_at), offsetof(T, org_name), offsetof(T, city), offsetof(T, province), \
	  offsetof(T, expires_at) }

struct cat_kind {
	const struct sq_col *cols;    /* writable columns, bind order */
	int ncols;
	size_t off_id, off_status, off_tail[TAIL_N];
	const char *sql_insert;       /* cols, created_at, updated_at, published_at, expires_at, review_note */
	const char *sql_update;       /* cols, updated_at, then id */
	const char *sql_get;
};

/* Statuses whose row is public from the start: an insert without published_at
 * takes created_at (import and demo load published rows). */
static const char *const born_published[] = { "published", "commercialised", "closed", NULL };

static const char *rec_text(const void *rec, size_t off)
{
	return *(const char *const *)((const char *)rec + off);
}

static void cat_row(const struct cat_kind *k, struct arena *a, struct sqs *st, void *rec)
{
	char *p = rec;
	*(int64_t *)(p + k->off_id) = sqs_col_int64(st, 0);
	sq_cols_read(a, st, 1, k->cols, k->ncols, rec);
	for (int i = 0; i < TAIL_N; i++)
		*(const char **)(p + k->off_tail[i]) = sq_col_text(a, st, 1 + k->ncols + i);
}

static int cat_insert(const struct cat_kind *k, struct store *s, const void *rec, int64_t *id)
{
	const char *created = rec_text(rec, k->off_tail[TAIL_CREATED]);
	const char *updated = rec_text(rec, k->off_tail[TAIL_UPDATED]);
	const char *published = rec_text(rec, k->off_tail[TAIL_PUBLISHED]);
	/* Import and demo may supply the validity; NULL = the life cycle sets it. */
	const char *expires = rec_text(rec, k->off_tail[TAIL_EXPIRES]);
	char now[32];
	sq_now(now);
	/* created_at may be supplied by import/demo so that history is kept. */
	if (!created)
		created = now;
	if (!updated)
		updated = created;
	if (!published && name_in(born_published, rec_text(rec, k->off_status)))
		published = created;
	/* A reviewer's or the life cycle's note travels with an imported row
	 * (export -> import gives the same rows); a new item has none. */
	return SQ_INSERT(SQ(s), k->sql_insert, id, SQV_COLS(k->cols, k->ncols, rec),
	                 SQV_TEXT(created), SQV_TEXT(updated), SQV_TEXT(published),
	                 SQV_TEXT(expires), SQV_TEXT(rec_text(rec, k->off_tail[TAIL_NOTE])));
}

static int cat_update(const struct cat_kind *k, struct store *s, const void *rec)
{
	return sq_update_cols(SQ(s), k->sql_update, k->cols, k->ncols, rec, true,
	                      *(const int64_t *)((const char *)rec + k->off_id));
}

static int cat_get(const struct cat_kind *k, struct store *s, struct arena *a, int64_t id,
                   void *out)
{
	struct sq *q = SQ(s);
	struct sqs *st = sq_prep(q, k->sql_get);
	int rc;
	if (!st)
		return TB_EDB;
	sqs_bind_int64(st, 1, id);
	if (!(rc = sq_step_one(q, st)))
		cat_row(k, a, st, out);
	sqs_reset(st);
	return rc;
}

/* --------------------------------------------------------- achievements */

#define ACH_COLUMNS(X)                                                                           \
	X(reg_no, TEXT, NULL) X(title_zh, TEXT, NULL) X(title_en, TEXT, NULL)                      \
	X(abstract_zh, TEXT, NULL) X(abstract_en, TEXT, NULL) X(keywords, TEXT, NULL)              \
	X(trl, INT, NULL) X(ip_status, TEXT, "none") X(patents, TEXT, NULL) X(attribute, TEXT, NULL)   \
	X(modes, UINT, NULL) X(price, DBL, NULL) X(owner_org_id, I64, NULL)                        \
	X(contact_name, TEXT, NULL) X(contact_email, TEXT, NULL) X(contact_phone, TEXT, NULL)      \
	X(status, TEXT, NULL) X(payment_modes, UINT, NULL)
/* The plain fields (model/catalog.h) follow the fixed columns everywhere: in
 * the SQL text and in the column table, so binds and reads line up. */
#define ACH_COLS "a.id," ACH_COLUMNS(SQ_COL_A) ACH_PLAIN_FIELDS(SQ_COL_A) CAT_TAIL_SQL
#define ACH_FROM " FROM achievements a JOIN orgs o ON o.id=a.owner_org_id"

static const struct sq_col ach_cols[] = {
#define X(n, t, d) SQ_COL(struct achievement, n, t, d),
	ACH_COLUMNS(X)
#undef X
#define X(n, t, max) SQ_COL(struct achievement, n, t, NULL),
	ACH_PLAIN_FIELDS(X)
#undef X
};
static const struct cat_kind ach_kind = {
	ach_cols, (int)ARRAY_SIZE(ach_cols),
	offsetof(struct achievement, id), offsetof(struct achievement, status),
	CAT_TAIL(struct achievement, owner_name),
	"INSERT INTO achievements(" ACH_COLUMNS(SQ_COL_NAME) ACH_PLAIN_FIELDS(SQ_COL_NAME)
	"created_at,updated_at,published_at,expires_at,review_note) VALUES("
	ACH_COLUMNS(SQ_COL_QM) ACH_PLAIN_FIELDS(SQ_COL_QM) "?,?,?,?,?) RETURNING id",
	"UPDATE achievements SET " ACH_COLUMNS(SQ_COL_SET) ACH_PLAIN_FIELDS(SQ_COL_SET)
	"updated_at=? WHERE id=?",
	"SELECT " ACH_COLS ACH_FROM " WHERE a.id=?",
};

static void ach_row_v(struct arena *a, struct sqs *st, void *p) { cat_row(&ach_kind, a, st, p); }

int sq_achievement_insert(struct store *s, struct achievement *x)
{
	return cat_insert(&ach_kind, s, x, &x->id);
}

int sq_achievement_update(struct store *s, const struct achievement *x)
{
	return cat_update(&ach_kind, s, x);
}

/* The status change is guarded by the status the caller decided on: two
 * reviewers who both saw "submitted" cannot both publish (or one publish and
 * the other return). 0 rows changed -> TB_ESTATE when the row exists with
 * another status, TB_ENOTFOUND when it does not exist. */
static int set_status(struct sq *q, const char *sql, const char *probe, int64_t id,
                      const char *expect, const char *status, const char *note)
{
	int found, rc = SQ_EXEC(q, sql, TB_OK, SQV_TEXT(status), SQV_TEXT(note), SQV_NOW, SQV_I64(id),
	                        SQV_TEXT(expect));
	if (rc || sq_changes(q) > 0)
		return rc;
	if ((rc = SQ_EXISTS(q, probe, &found, SQV_I64(id))))
		return rc;
	return found ? TB_ESTATE : TB_ENOTFOUND;
}

int sq_achievement_set_status(struct store *s, int64_t id, const char *expect, const char *status,
                      const char *note)
{
	static const char sql[] =
		"UPDATE achievements SET status=?1,review_note=?2,updated_at=?3,"
		"published_at=CASE WHEN ?1='published' THEN coalesce(published_at,?3) ELSE published_at END"
		" WHERE id=?4 AND status=?5";
	return set_status(SQ(s), sql, "SELECT 1 FROM achievements WHERE id=?1", id, expect, status,
	                  note);
}

int sq_achievement_get(struct store *s, struct arena *a, int64_t id, struct achievement *out)
{
	return cat_get(&ach_kind, s, a, id, out);
}

/* Shared WHERE for both sides. `pfx` is the table alias; price columns differ. */
static void catalog_where(struct sqb *b, const struct catalog_query *cq, int is_ach,
                          const char *skip_facet)
{
	const char *text_expr = is_ach
		? "(coalesce(a.title_zh,'')||' '||coalesce(a.title_en,'')||' '||coalesce(a.keywords,'')"
		  "||' '||coalesce(a.abstract_zh,'')||' '||coalesce(a.abstract_en,''))"
		: "(coalesce(a.title_zh,'')||' '||coalesce(a.title_en,'')||' '||coalesce(a.keywords,'')"
		  "||' '||coalesce(a.desc_zh,'')||' '||coalesce(a.desc_en,''))";

	sqb_sql(b, " WHERE a.status=");
	sqb_text(b, cq->status ? cq->status : "published");
	if (cq->field && !(skip_facet && !strcmp(skip_facet, "field"))) {
		sqb_sql(b, " AND a.field=");
		sqb_text(b, cq->field);
	}
	if (cq->city && !(skip_facet && !strcmp(skip_facet, "city"))) {
		/* A subquery rather than o.city, so that counts need no join. */
		sqb_sql(b, is_ach ? " AND a.owner_org_id IN (SELECT id FROM orgs WHERE city="
		                  : " AND a.org_id IN (SELECT id FROM orgs WHERE city=");
		sqb_text(b, cq->city);
		sqb_sql(b, ")");
	}
	if (cq->org_id > 0) {
		sqb_sql(b, is_ach ? " AND a.owner_org_id=" : " AND a.org_id=");
		sqb_int(b, cq->org_id);
	}
	if (!(skip_facet && !strcmp(skip_facet, "trl"))) {
		if (cq->trl_min > 0) {
			sqb_sql(b, is_ach ? " AND a.trl>=" : " AND a.trl_min>=");
			sqb_int(b, cq->trl_min);
		}
		if (cq->trl_max > 0) {
			sqb_sql(b, is_ach ? " AND a.trl<=" : " AND a.trl_min<=");
			sqb_int(b, cq->trl_max);
		}
	}
	if (cq->modes) {
		/* Bracketed as a whole: an unbracketed OR here once made every demand
		 * without modes match whatever the status and organisation (issue #10). */
		sqb_sql(b, " AND ((a.modes & ");
		sqb_int(b, cq->modes);
		sqb_sql(b, is_ach ? ")!=0)" : ")!=0 OR a.modes=0)");
	}
	if (is_ach) {
		if (cq->price_min >= 0) { sqb_sql(b, " AND a.price>="); sqb_double(b, cq->price_min); }
		if (cq->price_max >= 0) {
			sqb_sql(b, " AND a.price>=0 AND a.price<=");
			sqb_double(b, cq->price_max);
		}
	} else {
		/* Budget range overlaps [price_min, price_max]. */
		if (cq->price_min >= 0) {
			sqb_sql(b, " AND coalesce(a.budget_max,a.budget_min,1e18)>=");
			sqb_double(b, cq->price_min);
		}
		if (cq->price_max >= 0) {
			sqb_sql(b, " AND coalesce(a.budget_min,0)<=");
			sqb_double(b, cq->price_max);
		}
	}
	if (cq->q) {
		/* First-version text filter; the match index ranks when it is loaded. */
		sqb_sql(b, " AND ");
		sqb_sql(b, text_expr);
		sqb_like_contains(b, cq->q, 0);
	}
}

/* Keyset page: the rows after item `after` in the newest (or oldest) order,
 * a range on the (status, created_at) index instead of skipping OFFSET rows. */
static void catalog_after(struct sqb *b, const struct catalog_query *cq, const char *table)
{
	bool oldest = cq->sort && !strcmp(cq->sort, "oldest");
	if (cq->after <= 0)
		return;
	sqb_sql(b, oldest ? " AND (a.created_at,a.id)>(SELECT created_at,id FROM "
	                  : " AND (a.created_at,a.id)<(SELECT created_at,id FROM ");
	sqb_sql(b, table);
	sqb_sql(b, " WHERE id=");
	sqb_int(b, cq->after);
	sqb_sql(b, ")");
}

static const char *catalog_order(const char *sort, int is_ach)
{
	const char *o = "a.created_at DESC, a.id DESC";
	if (!sort || !strcmp(sort, "newest")) ;
	else if (!strcmp(sort, "oldest")) o = "a.created_at ASC, a.id ASC";
	else if (!strcmp(sort, "price")) o = is_ach ? "a.price<0, a.price ASC, a.id" : "a.budget_max IS NULL, a.budget_max ASC, a.id";
	else if (!strcmp(sort, "-price")) o = is_ach ? "a.price DESC, a.id" : "a.budget_max DESC, a.id";
	else if (!strcmp(sort, "trl")) o = is_ach ? "a.trl ASC, a.id" : "a.trl_min ASC, a.id";
	else if (!strcmp(sort, "-trl")) o = is_ach ? "a.trl DESC, a.id" : "a.trl_min DESC, a.id";
	else if (!strcmp(sort, "title")) o = "coalesce(a.title_zh,a.title_en), a.id";
	else if (!strcmp(sort, "deadline")) o = is_ach ? "a.id" : "a.deadline IS NULL, a.deadline, a.id";
	return o;
}

static void ach_where_v(struct sqb *b, const void *cq) { catalog_where(b, cq, 1, NULL); }
static void dem_where_v(struct sqb *b, const void *cq) { catalog_where(b, cq, 0, NULL); }
static void ach_after_v(struct sqb *b, const void *cq) { catalog_after(b, cq, "achievements"); }
static void dem_after_v(struct sqb *b, const void *cq) { catalog_after(b, cq, "demands"); }

int sq_achievement_list(struct store *s, struct arena *a, const struct catalog_query *cq,
                struct achievement **out, int *n, int64_t *total)
{
	/* The count goes without the orgs join (the WHERE needs none): an
	 * index-only count for the default listing instead of one row read per
	 * published item. */
	return sq_page_ex(SQ(s), a, ACH_COLS, ACH_FROM, " FROM achievements a", ach_where_v,
	                  ach_after_v, cq, catalog_order(cq->sort, 1), cq->limit, cq->offset,
	                  sizeof(struct achievement), ach_row_v, (void **)out, n, total);
}

int sq_achievement_facet(struct store *s, struct arena *a, const char *facet, const struct catalog_query *cq,
                 struct facet **out, int *n)
{
	struct sq *q = SQ(s);
	struct sqb b;
	struct sqs *st;
	const char *col;
	int rc, step, cap = 64, count = 0;
	struct facet *arr;

	if (!strcmp(facet, "field")) col = "a.field";
	else if (!strcmp(facet, "city")) col = "o.city";
	else if (!strcmp(facet, "trl")) col = "CAST(a.trl AS TEXT)";
	else return TB_EINVAL;
	sqb_init(&b, q);
	sqb_sql(&b, "SELECT ");
	sqb_sql(&b, col);
	sqb_sql(&b, ", count(*)" ACH_FROM);
	catalog_where(&b, cq, 1, facet);
	sqb_sql(&b, " GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 64");
	rc = sqb_prepare(q, &b, &st);
	sqb_release(&b);
	if (rc)
		return rc;
	arr = arena_alloc(a, sizeof(*arr) * (size_t)cap);
	if (!arr) {
		sqs_finalize(st);
		return TB_ENOMEM;
	}
	while ((step = sqs_step(st)) == SQD_ROW && count < cap) {
		if (sqs_col_type(st, 0) == SQD_NULL)
			continue;
		arr[count].value = sq_col_text(a, st, 0);
		arr[count].count = sqs_col_int64(st, 1);
		count++;
	}
	rc = (step == SQD_ROW || step == SQD_DONE) ? TB_OK : sq_rc(q, step);
	sqs_finalize(st);
	*out = arr;
	*n = count;
	return rc;
}

/* Streams rows with a private arena per row, so memory stays flat on 1M
 * rows; a statement of its own (sq_prep_once): the callback may run the
 * cached ones. */
static int each_rows(struct sq *q, const char *sql_all, const char *sql_status, const char *status,
                     size_t elem, void (*row)(struct arena *, struct sqs *, void *),
                     int (*cb)(void *, const void *), void *ctx)
{
	struct sqs *st;
	int rc;
	if (!(st = sq_prep_once(q, status ? sql_status : sql_all)))
		return TB_EDB;
	if (status)
		sq_bind_text(st, 1, status);
	rc = sq_each(q, st, 64 << 20, elem, row, cb, ctx);
	sqs_finalize(st);
	return rc;
}

_Static_assert(sizeof(struct achievement) <= SQ_EACH_MAX_ELEM, "sq_each item");
_Static_assert(sizeof(struct demand) <= SQ_EACH_MAX_ELEM, "sq_each item");

SQ_EACH_TYPED(struct achievement, ach_each)

int sq_achievement_each(struct store *s, const char *status, int (*cb)(void *, const struct achievement *),
                void *ctx)
{
	return each_rows(SQ(s), "SELECT " ACH_COLS ACH_FROM " ORDER BY a.id",
	                 "SELECT " ACH_COLS ACH_FROM " WHERE a.status=? ORDER BY a.id", status,
	                 sizeof(struct achievement), ach_row_v, ach_each_call, &(struct ach_each){ cb, ctx });
}

/* -------------------------------------------------------------- demands */

#define DEM_COLUMNS(X)                                                                           \
	X(title_zh, TEXT, NULL) X(title_en, TEXT, NULL) X(desc_zh, TEXT, NULL)                     \
	X(desc_en, TEXT, NULL) X(keywords, TEXT, NULL)                                             \
	X(budget_min, OPT_DBL, NULL) X(budget_max, OPT_DBL, NULL) X(deadline, TEXT, NULL)          \
	X(trl_min, INT, NULL) X(modes, UINT, NULL) X(org_id, I64, NULL) X(region, TEXT, NULL)      \
	X(contact_name, TEXT, NULL) X(contact_email, TEXT, NULL) X(contact_phone, TEXT, NULL)      \
	X(status, TEXT, NULL)
#define DEM_COLS "a.id," DEM_COLUMNS(SQ_COL_A) DEM_PLAIN_FIELDS(SQ_COL_A) CAT_TAIL_SQL
#define DEM_FROM " FROM demands a JOIN orgs o ON o.id=a.org_id"

static const struct sq_col dem_cols[] = {
#define X(n, t, d) SQ_COL(struct demand, n, t, d),
	DEM_COLUMNS(X)
#undef X
#define X(n, t, max) SQ_COL(struct demand, n, t, NULL),
	DEM_PLAIN_FIELDS(X)
#undef X
};
static const struct cat_kind dem_kind = {
	dem_cols, (int)ARRAY_SIZE(dem_cols),
	offsetof(struct demand, id), offsetof(struct demand, status),
	CAT_TAIL(struct demand, org_name),
	"INSERT INTO demands(" DEM_COLUMNS(SQ_COL_NAME) DEM_PLAIN_FIELDS(SQ_COL_NAME)
	"created_at,updated_at,published_at,expires_at,review_note) VALUES("
	DEM_COLUMNS(SQ_COL_QM) DEM_PLAIN_FIELDS(SQ_COL_QM) "?,?,?,?,?) RETURNING id",
	"UPDATE demands SET " DEM_COLUMNS(SQ_COL_SET) DEM_PLAIN_FIELDS(SQ_COL_SET)
	"updated_at=? WHERE id=?",
	"SELECT " DEM_COLS DEM_FROM " WHERE a.id=?",
};

static void dem_row_v(struct arena *a, struct sqs *st, void *p) { cat_row(&dem_kind, a, st, p); }

int sq_demand_insert(struct store *s, struct demand *x)
{
	return cat_insert(&dem_kind, s, x, &x->id);
}

int sq_demand_update(struct store *s, const struct demand *x)
{
	return cat_update(&dem_kind, s, x);
}

int sq_demand_set_status(struct store *s, int64_t id, const char *expect, const char *status,
                      const char *note)
{
	static const char sql[] =
		"UPDATE demands SET status=?1,review_note=?2,updated_at=?3,"
		"published_at=CASE WHEN ?1='published' THEN coalesce(published_at,?3) ELSE published_at END"
		" WHERE id=?4 AND status=?5";
	return set_status(SQ(s), sql, "SELECT 1 FROM demands WHERE id=?1", id, expect, status, note);
}

int sq_demand_get(struct store *s, struct arena *a, int64_t id, struct demand *out)
{
	return cat_get(&dem_kind, s, a, id, out);
}

int sq_demand_list(struct store *s, struct arena *a, const struct catalog_query *cq,
                struct demand **out, int *n, int64_t *total)
{
	return sq_page_ex(SQ(s), a, DEM_COLS, DEM_FROM, " FROM demands a", dem_where_v, dem_after_v,
	                  cq, catalog_order(cq->sort, 0), cq->limit, cq->offset, sizeof(struct demand),
	                  dem_row_v, (void **)out, n, total); /* count without the join: see sq_achievement_list */
}

SQ_EACH_TYPED(struct demand, dem_each)

int sq_demand_each(struct store *s, const char *status, int (*cb)(void *, const struct demand *),
                void *ctx)
{
	return each_rows(SQ(s), "SELECT " DEM_COLS DEM_FROM " ORDER BY a.id",
	                 "SELECT " DEM_COLS DEM_FROM " WHERE a.status=? ORDER BY a.id", status,
	                 sizeof(struct demand), dem_row_v, dem_each_call, &(struct dem_each){ cb, ctx });
}

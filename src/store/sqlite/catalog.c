/* catalog.c - SQLite operations for organisations, achievements and demands:
 * insert, update, status changes, get, filtered listing, streaming, facets. */
#include "store/sqlite/sq.h"
#include "core/err.h"
#include "core/log.h"
#include <string.h>

/* ---------------------------------------------------------------- orgs */

#define ORG_COLS "id,name,name_en,kind,province,city,district,region_code,created_at,updated_at"

static void org_row(struct arena *a, sqlite3_stmt *st, struct org *o)
{
	o->id = sqlite3_column_int64(st, 0);
	o->name = sq_col_text(a, st, 1);
	o->name_en = sq_col_text(a, st, 2);
	o->kind = sq_col_text(a, st, 3);
	o->province = sq_col_text(a, st, 4);
	o->city = sq_col_text(a, st, 5);
	o->district = sq_col_text(a, st, 6);
	o->region_code = sq_col_text(a, st, 7);
	o->created_at = sq_col_text(a, st, 8);
	o->updated_at = sq_col_text(a, st, 9);
}

static void org_bind(sqlite3_stmt *st, const struct org *o)
{
	sq_bind_text(st, 1, o->name);
	sq_bind_text(st, 2, o->name_en);
	sq_bind_text(st, 3, o->kind);
	sq_bind_text(st, 4, o->province);
	sq_bind_text(st, 5, o->city);
	sq_bind_text(st, 6, o->district);
	sq_bind_text(st, 7, o->region_code);
}

int sq_org_insert(struct store *s, struct org *o)
{
	static const char sql[] =
		"INSERT INTO orgs(name,name_en,kind,province,city,district,region_code,created_at,updated_at)"
		" VALUES(?,?,?,?,?,?,?,?,?8)";
	struct sq *q = SQ(s);
	sqlite3_stmt *st = sq_prep(q, sql);
	char now[32];
	int rc;
	if (!st)
		return TB_EDB;
	sq_now(now);
	org_bind(st, o);
	sq_bind_text(st, 8, now);
	rc = sq_rc(q, sqlite3_step(st));
	sqlite3_reset(st);
	if (!rc)
		o->id = sqlite3_last_insert_rowid(q->db);
	return rc;
}

int sq_org_update(struct store *s, const struct org *o)
{
	static const char sql[] =
		"UPDATE orgs SET name=?,name_en=?,kind=?,province=?,city=?,district=?,region_code=?,"
		"updated_at=? WHERE id=?";
	struct sq *q = SQ(s);
	sqlite3_stmt *st = sq_prep(q, sql);
	char now[32];
	int rc;
	if (!st)
		return TB_EDB;
	sq_now(now);
	org_bind(st, o);
	sq_bind_text(st, 8, now);
	sqlite3_bind_int64(st, 9, o->id);
	rc = sq_rc(q, sqlite3_step(st));
	sqlite3_reset(st);
	if (!rc && sqlite3_changes(q->db) == 0)
		rc = TB_ENOTFOUND;
	return rc;
}

static int org_get_by(struct sq *q, struct arena *a, const char *sql, int64_t id, const char *name,
                      struct org *out)
{
	sqlite3_stmt *st = sq_prep(q, sql);
	int rc;
	if (!st)
		return TB_EDB;
	if (name)
		sq_bind_text(st, 1, name);
	else
		sqlite3_bind_int64(st, 1, id);
	if (!(rc = sq_step_one(q, st)))
		org_row(a, st, out);
	sqlite3_reset(st);
	return rc;
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

static void org_row_v(struct arena *a, sqlite3_stmt *st, void *p) { org_row(a, st, p); }

static void org_where(struct sqb *b, const struct org_query *oq)
{
	sqb_sql(b, " FROM orgs WHERE 1=1");
	if (oq->kind) { sqb_sql(b, " AND kind="); sqb_text(b, oq->kind); }
	if (oq->city) { sqb_sql(b, " AND city="); sqb_text(b, oq->city); }
	if (oq->q) {
		sqb_sql(b, " AND (instr(name,"); sqb_text(b, oq->q);
		sqb_sql(b, ")>0 OR instr(lower(coalesce(name_en,'')),lower("); sqb_text(b, oq->q);
		sqb_sql(b, "))>0)");
	}
}

int sq_org_list(struct store *s, struct arena *a, const struct org_query *oq, struct org **out,
                int *n, int64_t *total)
{
	struct sq *q = SQ(s);
	struct sqb b;
	int rc;

	sqb_init(&b);
	sqb_sql(&b, "SELECT count(*)");
	org_where(&b, oq);
	rc = sq_count(q, &b, total);
	sqb_release(&b);
	if (rc)
		return rc;
	sqb_init(&b);
	sqb_sql(&b, "SELECT " ORG_COLS);
	org_where(&b, oq);
	sqb_sql(&b, " ORDER BY id LIMIT ");
	sqb_int(&b, oq->limit);
	sqb_sql(&b, " OFFSET ");
	sqb_int(&b, oq->offset);
	rc = sq_list(q, a, &b, sizeof(struct org), oq->limit, org_row_v, (void **)out, n);
	sqb_release(&b);
	return rc;
}

/* --------------------------------------------------------- achievements */

#define ACH_COLS \
	"a.id,a.reg_no,a.title_zh,a.title_en,a.abstract_zh,a.abstract_en,a.keywords,a.field,a.trl," \
	"a.ip_status,a.patents,a.modes,a.price,a.owner_org_id,a.contact_name,a.contact_email,"       \
	"a.contact_phone,a.status,a.review_note,a.created_at,a.updated_at,a.published_at,"           \
	"o.name,o.city,o.province"
#define ACH_FROM " FROM achievements a JOIN orgs o ON o.id=a.owner_org_id"

static void ach_row(struct arena *a, sqlite3_stmt *st, struct achievement *x)
{
	x->id = sqlite3_column_int64(st, 0);
	x->reg_no = sq_col_text(a, st, 1);
	x->title_zh = sq_col_text(a, st, 2);
	x->title_en = sq_col_text(a, st, 3);
	x->abstract_zh = sq_col_text(a, st, 4);
	x->abstract_en = sq_col_text(a, st, 5);
	x->keywords = sq_col_text(a, st, 6);
	x->field = sq_col_text(a, st, 7);
	x->trl = sqlite3_column_int(st, 8);
	x->ip_status = sq_col_text(a, st, 9);
	x->patents = sq_col_text(a, st, 10);
	x->modes = (unsigned)sqlite3_column_int(st, 11);
	x->price = sqlite3_column_double(st, 12);
	x->owner_org_id = sqlite3_column_int64(st, 13);
	x->contact_name = sq_col_text(a, st, 14);
	x->contact_email = sq_col_text(a, st, 15);
	x->contact_phone = sq_col_text(a, st, 16);
	x->status = sq_col_text(a, st, 17);
	x->review_note = sq_col_text(a, st, 18);
	x->created_at = sq_col_text(a, st, 19);
	x->updated_at = sq_col_text(a, st, 20);
	x->published_at = sq_col_text(a, st, 21);
	x->owner_name = sq_col_text(a, st, 22);
	x->city = sq_col_text(a, st, 23);
	x->province = sq_col_text(a, st, 24);
}
static void ach_row_v(struct arena *a, sqlite3_stmt *st, void *p) { ach_row(a, st, p); }

static void ach_bind(sqlite3_stmt *st, const struct achievement *x)
{
	sq_bind_text(st, 1, x->reg_no);
	sq_bind_text(st, 2, x->title_zh);
	sq_bind_text(st, 3, x->title_en);
	sq_bind_text(st, 4, x->abstract_zh);
	sq_bind_text(st, 5, x->abstract_en);
	sq_bind_text(st, 6, x->keywords);
	sq_bind_text(st, 7, x->field);
	sqlite3_bind_int(st, 8, x->trl);
	sq_bind_text(st, 9, x->ip_status ? x->ip_status : "none");
	sq_bind_text(st, 10, x->patents);
	sqlite3_bind_int(st, 11, (int)x->modes);
	sqlite3_bind_double(st, 12, x->price);
	sqlite3_bind_int64(st, 13, x->owner_org_id);
	sq_bind_text(st, 14, x->contact_name);
	sq_bind_text(st, 15, x->contact_email);
	sq_bind_text(st, 16, x->contact_phone);
	sq_bind_text(st, 17, x->status);
}

int sq_ach_insert(struct store *s, struct achievement *x)
{
	static const char sql[] =
		"INSERT INTO achievements(reg_no,title_zh,title_en,abstract_zh,abstract_en,keywords,field,"
		"trl,ip_status,patents,modes,price,owner_org_id,contact_name,contact_email,contact_phone,"
		"status,created_at,updated_at,published_at) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?18,"
		"coalesce(?19,?18),CASE WHEN ?17 IN ('published','commercialised','closed') THEN coalesce(?20,?18) ELSE ?20 END)";
	struct sq *q = SQ(s);
	sqlite3_stmt *st = sq_prep(q, sql);
	char now[32];
	int rc;
	if (!st)
		return TB_EDB;
	sq_now(now);
	ach_bind(st, x);
	/* created_at may be supplied by import/demo so that history is kept. */
	sq_bind_text(st, 18, x->created_at ? x->created_at : now);
	sq_bind_text(st, 19, x->updated_at);
	sq_bind_text(st, 20, x->published_at);
	rc = sq_rc(q, sqlite3_step(st));
	sqlite3_reset(st);
	if (!rc)
		x->id = sqlite3_last_insert_rowid(q->db);
	return rc;
}

int sq_ach_update(struct store *s, const struct achievement *x)
{
	static const char sql[] =
		"UPDATE achievements SET reg_no=?,title_zh=?,title_en=?,abstract_zh=?,abstract_en=?,"
		"keywords=?,field=?,trl=?,ip_status=?,patents=?,modes=?,price=?,owner_org_id=?,"
		"contact_name=?,contact_email=?,contact_phone=?,status=?,updated_at=?18 WHERE id=?19";
	struct sq *q = SQ(s);
	sqlite3_stmt *st = sq_prep(q, sql);
	char now[32];
	int rc;
	if (!st)
		return TB_EDB;
	sq_now(now);
	ach_bind(st, x);
	sq_bind_text(st, 18, now);
	sqlite3_bind_int64(st, 19, x->id);
	rc = sq_rc(q, sqlite3_step(st));
	sqlite3_reset(st);
	if (!rc && sqlite3_changes(q->db) == 0)
		rc = TB_ENOTFOUND;
	return rc;
}

static int set_status(struct sq *q, const char *sql, int64_t id, const char *status, const char *note)
{
	sqlite3_stmt *st = sq_prep(q, sql);
	char now[32];
	int rc;
	if (!st)
		return TB_EDB;
	sq_now(now);
	sq_bind_text(st, 1, status);
	sq_bind_text(st, 2, note);
	sq_bind_text(st, 3, now);
	sqlite3_bind_int64(st, 4, id);
	rc = sq_rc(q, sqlite3_step(st));
	sqlite3_reset(st);
	if (!rc && sqlite3_changes(q->db) == 0)
		rc = TB_ENOTFOUND;
	return rc;
}

int sq_ach_set_status(struct store *s, int64_t id, const char *status, const char *note)
{
	static const char sql[] =
		"UPDATE achievements SET status=?1,review_note=?2,updated_at=?3,"
		"published_at=CASE WHEN ?1='published' THEN coalesce(published_at,?3) ELSE published_at END"
		" WHERE id=?4";
	return set_status(SQ(s), sql, id, status, note);
}

int sq_ach_get(struct store *s, struct arena *a, int64_t id, struct achievement *out)
{
	static const char sql[] = "SELECT " ACH_COLS ACH_FROM " WHERE a.id=?";
	struct sq *q = SQ(s);
	sqlite3_stmt *st = sq_prep(q, sql);
	int rc;
	if (!st)
		return TB_EDB;
	sqlite3_bind_int64(st, 1, id);
	if (!(rc = sq_step_one(q, st)))
		ach_row(a, st, out);
	sqlite3_reset(st);
	return rc;
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
		sqb_sql(b, " AND (a.modes & ");
		sqb_int(b, cq->modes);
		sqb_sql(b, is_ach ? ")!=0" : ")!=0 OR a.modes=0");
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
		sqb_sql(b, " LIKE '%'||");
		sqb_text(b, cq->q);
		sqb_sql(b, "||'%'");
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

static void catalog_order(struct sqb *b, const char *sort, int is_ach)
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
	sqb_sql(b, " ORDER BY ");
	sqb_sql(b, o);
}

int sq_ach_list(struct store *s, struct arena *a, const struct catalog_query *cq,
                struct achievement **out, int *n, int64_t *total)
{
	struct sq *q = SQ(s);
	struct sqb b;
	int rc;

	sqb_init(&b);
	/* Without the orgs join (the WHERE needs none): an index-only count for
	 * the default listing instead of one row read per published item. */
	sqb_sql(&b, "SELECT count(*) FROM achievements a");
	catalog_where(&b, cq, 1, NULL);
	rc = sq_count(q, &b, total);
	sqb_release(&b);
	if (rc)
		return rc;
	sqb_init(&b);
	sqb_sql(&b, "SELECT " ACH_COLS ACH_FROM);
	catalog_where(&b, cq, 1, NULL);
	catalog_after(&b, cq, "achievements");
	catalog_order(&b, cq->sort, 1);
	sqb_sql(&b, " LIMIT ");
	sqb_int(&b, cq->limit);
	sqb_sql(&b, " OFFSET ");
	sqb_int(&b, cq->offset);
	rc = sq_list(q, a, &b, sizeof(struct achievement), cq->limit, ach_row_v, (void **)out, n);
	sqb_release(&b);
	return rc;
}

int sq_ach_facet(struct store *s, struct arena *a, const char *facet, const struct catalog_query *cq,
                 struct facet **out, int *n)
{
	struct sq *q = SQ(s);
	struct sqb b;
	sqlite3_stmt *st;
	const char *col;
	int rc, step, cap = 64, count = 0;
	struct facet *arr;

	if (!strcmp(facet, "field")) col = "a.field";
	else if (!strcmp(facet, "city")) col = "o.city";
	else if (!strcmp(facet, "trl")) col = "CAST(a.trl AS TEXT)";
	else return TB_EINVAL;
	sqb_init(&b);
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
		sqlite3_finalize(st);
		return TB_ENOMEM;
	}
	while ((step = sqlite3_step(st)) == SQLITE_ROW && count < cap) {
		if (sqlite3_column_type(st, 0) == SQLITE_NULL)
			continue;
		arr[count].value = sq_col_text(a, st, 0);
		arr[count].count = sqlite3_column_int64(st, 1);
		count++;
	}
	rc = (step == SQLITE_ROW || step == SQLITE_DONE) ? TB_OK : sq_rc(q, step);
	sqlite3_finalize(st);
	*out = arr;
	*n = count;
	return rc;
}

/* Streams rows with a private arena reset per row, so memory stays flat on 1M rows. */
static int each_rows(struct sq *q, const char *sql_all, const char *sql_status, const char *status,
                     size_t elem, void (*row)(struct arena *, sqlite3_stmt *, void *),
                     int (*cb)(void *, const void *), void *ctx)
{
	sqlite3_stmt *st;
	struct arena a;
	char item[512];
	int rc = TB_OK, step;

	if (elem > sizeof(item))
		return TB_EINVAL;
	if (sqlite3_prepare_v2(q->db, status ? sql_status : sql_all, -1, &st, NULL) != SQLITE_OK)
		return sq_rc(q, sqlite3_errcode(q->db));
	if (status)
		sq_bind_text(st, 1, status);
	arena_init(&a, 64 << 20);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		memset(item, 0, elem);
		row(&a, st, item);
		rc = cb(ctx, item);
		arena_release(&a);
		if (rc)
			break;
	}
	if (!rc && step != SQLITE_DONE && step != SQLITE_ROW)
		rc = sq_rc(q, step);
	arena_release(&a);
	sqlite3_finalize(st);
	return rc;
}

int sq_ach_each(struct store *s, const char *status, int (*cb)(void *, const struct achievement *),
                void *ctx)
{
	return each_rows(SQ(s), "SELECT " ACH_COLS ACH_FROM " ORDER BY a.id",
	                 "SELECT " ACH_COLS ACH_FROM " WHERE a.status=? ORDER BY a.id", status,
	                 sizeof(struct achievement), ach_row_v,
	                 (int (*)(void *, const void *))cb, ctx);
}

/* -------------------------------------------------------------- demands */

#define DEM_COLS \
	"a.id,a.title_zh,a.title_en,a.desc_zh,a.desc_en,a.keywords,a.field,a.budget_min,"     \
	"a.budget_max,a.deadline,a.trl_min,a.modes,a.org_id,a.region,a.contact_name,"          \
	"a.contact_email,a.contact_phone,a.status,a.review_note,a.created_at,a.updated_at,"    \
	"a.published_at,o.name,o.city,o.province"
#define DEM_FROM " FROM demands a JOIN orgs o ON o.id=a.org_id"

static void dem_row(struct arena *a, sqlite3_stmt *st, struct demand *x)
{
	x->id = sqlite3_column_int64(st, 0);
	x->title_zh = sq_col_text(a, st, 1);
	x->title_en = sq_col_text(a, st, 2);
	x->desc_zh = sq_col_text(a, st, 3);
	x->desc_en = sq_col_text(a, st, 4);
	x->keywords = sq_col_text(a, st, 5);
	x->field = sq_col_text(a, st, 6);
	x->budget_min = sq_col_double_or(st, 7, -1);
	x->budget_max = sq_col_double_or(st, 8, -1);
	x->deadline = sq_col_text(a, st, 9);
	x->trl_min = sqlite3_column_int(st, 10);
	x->modes = (unsigned)sqlite3_column_int(st, 11);
	x->org_id = sqlite3_column_int64(st, 12);
	x->region = sq_col_text(a, st, 13);
	x->contact_name = sq_col_text(a, st, 14);
	x->contact_email = sq_col_text(a, st, 15);
	x->contact_phone = sq_col_text(a, st, 16);
	x->status = sq_col_text(a, st, 17);
	x->review_note = sq_col_text(a, st, 18);
	x->created_at = sq_col_text(a, st, 19);
	x->updated_at = sq_col_text(a, st, 20);
	x->published_at = sq_col_text(a, st, 21);
	x->org_name = sq_col_text(a, st, 22);
	x->city = sq_col_text(a, st, 23);
	x->province = sq_col_text(a, st, 24);
}
static void dem_row_v(struct arena *a, sqlite3_stmt *st, void *p) { dem_row(a, st, p); }

static void dem_bind(sqlite3_stmt *st, const struct demand *x)
{
	sq_bind_text(st, 1, x->title_zh);
	sq_bind_text(st, 2, x->title_en);
	sq_bind_text(st, 3, x->desc_zh);
	sq_bind_text(st, 4, x->desc_en);
	sq_bind_text(st, 5, x->keywords);
	sq_bind_text(st, 6, x->field);
	sq_bind_opt_double(st, 7, x->budget_min);
	sq_bind_opt_double(st, 8, x->budget_max);
	sq_bind_text(st, 9, x->deadline);
	sqlite3_bind_int(st, 10, x->trl_min);
	sqlite3_bind_int(st, 11, (int)x->modes);
	sqlite3_bind_int64(st, 12, x->org_id);
	sq_bind_text(st, 13, x->region);
	sq_bind_text(st, 14, x->contact_name);
	sq_bind_text(st, 15, x->contact_email);
	sq_bind_text(st, 16, x->contact_phone);
	sq_bind_text(st, 17, x->status);
}

int sq_dem_insert(struct store *s, struct demand *x)
{
	static const char sql[] =
		"INSERT INTO demands(title_zh,title_en,desc_zh,desc_en,keywords,field,budget_min,budget_max,"
		"deadline,trl_min,modes,org_id,region,contact_name,contact_email,contact_phone,status,"
		"created_at,updated_at,published_at) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?18,"
		"coalesce(?19,?18),CASE WHEN ?17 IN ('published','commercialised','closed') THEN coalesce(?20,?18) ELSE ?20 END)";
	struct sq *q = SQ(s);
	sqlite3_stmt *st = sq_prep(q, sql);
	char now[32];
	int rc;
	if (!st)
		return TB_EDB;
	sq_now(now);
	dem_bind(st, x);
	sq_bind_text(st, 18, x->created_at ? x->created_at : now);
	sq_bind_text(st, 19, x->updated_at);
	sq_bind_text(st, 20, x->published_at);
	rc = sq_rc(q, sqlite3_step(st));
	sqlite3_reset(st);
	if (!rc)
		x->id = sqlite3_last_insert_rowid(q->db);
	return rc;
}

int sq_dem_update(struct store *s, const struct demand *x)
{
	static const char sql[] =
		"UPDATE demands SET title_zh=?,title_en=?,desc_zh=?,desc_en=?,keywords=?,field=?,"
		"budget_min=?,budget_max=?,deadline=?,trl_min=?,modes=?,org_id=?,region=?,contact_name=?,"
		"contact_email=?,contact_phone=?,status=?,updated_at=?18 WHERE id=?19";
	struct sq *q = SQ(s);
	sqlite3_stmt *st = sq_prep(q, sql);
	char now[32];
	int rc;
	if (!st)
		return TB_EDB;
	sq_now(now);
	dem_bind(st, x);
	sq_bind_text(st, 18, now);
	sqlite3_bind_int64(st, 19, x->id);
	rc = sq_rc(q, sqlite3_step(st));
	sqlite3_reset(st);
	if (!rc && sqlite3_changes(q->db) == 0)
		rc = TB_ENOTFOUND;
	return rc;
}

int sq_dem_set_status(struct store *s, int64_t id, const char *status, const char *note)
{
	static const char sql[] =
		"UPDATE demands SET status=?1,review_note=?2,updated_at=?3,"
		"published_at=CASE WHEN ?1='published' THEN coalesce(published_at,?3) ELSE published_at END"
		" WHERE id=?4";
	return set_status(SQ(s), sql, id, status, note);
}

int sq_dem_get(struct store *s, struct arena *a, int64_t id, struct demand *out)
{
	static const char sql[] = "SELECT " DEM_COLS DEM_FROM " WHERE a.id=?";
	struct sq *q = SQ(s);
	sqlite3_stmt *st = sq_prep(q, sql);
	int rc;
	if (!st)
		return TB_EDB;
	sqlite3_bind_int64(st, 1, id);
	if (!(rc = sq_step_one(q, st)))
		dem_row(a, st, out);
	sqlite3_reset(st);
	return rc;
}

int sq_dem_list(struct store *s, struct arena *a, const struct catalog_query *cq,
                struct demand **out, int *n, int64_t *total)
{
	struct sq *q = SQ(s);
	struct sqb b;
	int rc;

	sqb_init(&b);
	sqb_sql(&b, "SELECT count(*) FROM demands a"); /* no join: see sq_ach_list */
	catalog_where(&b, cq, 0, NULL);
	rc = sq_count(q, &b, total);
	sqb_release(&b);
	if (rc)
		return rc;
	sqb_init(&b);
	sqb_sql(&b, "SELECT " DEM_COLS DEM_FROM);
	catalog_where(&b, cq, 0, NULL);
	catalog_after(&b, cq, "demands");
	catalog_order(&b, cq->sort, 0);
	sqb_sql(&b, " LIMIT ");
	sqb_int(&b, cq->limit);
	sqb_sql(&b, " OFFSET ");
	sqb_int(&b, cq->offset);
	rc = sq_list(q, a, &b, sizeof(struct demand), cq->limit, dem_row_v, (void **)out, n);
	sqb_release(&b);
	return rc;
}

int sq_dem_each(struct store *s, const char *status, int (*cb)(void *, const struct demand *),
                void *ctx)
{
	return each_rows(SQ(s), "SELECT " DEM_COLS DEM_FROM " ORDER BY a.id",
	                 "SELECT " DEM_COLS DEM_FROM " WHERE a.status=? ORDER BY a.id", status,
	                 sizeof(struct demand), dem_row_v, (int (*)(void *, const void *))cb, ctx);
}

/* sq.c - SQLite connection: open with WAL and foreign keys, statement cache,
 * transactions, helpers, and the vtable that ties the backend files together. */
#include "store/sqlite/sq.h"
#include "core/err.h"
#include "core/log.h"
#include "core/util.h"
#include <stdlib.h>
#include <string.h>

int sq_rc(struct sq *q, int rc)
{
	switch (rc & 0xff) {
	case SQLITE_OK: case SQLITE_DONE: case SQLITE_ROW: return TB_OK;
	case SQLITE_CONSTRAINT:
		/* CHECK failures are the caller's data; FK/UNIQUE are conflicts. */
		if (rc == SQLITE_CONSTRAINT_CHECK || rc == SQLITE_CONSTRAINT_NOTNULL)
			return TB_EINVAL;
		return TB_ECONFLICT;
	case SQLITE_TOOBIG: return TB_ETOOBIG;
	case SQLITE_NOMEM: return TB_ENOMEM;
	case SQLITE_BUSY: case SQLITE_LOCKED:
		tb_warn("sqlite busy: %s", sqlite3_errmsg(q->db));
		return TB_EDB;
	}
	tb_error("sqlite: %s (rc=%d)", sqlite3_errmsg(q->db), rc);
	return TB_EDB;
}

void sq_plan_log(struct store *s, struct buf *log) { SQ(s)->plan_log = log; }

/* Appends the plan of `sql` (len bytes; -1 = NUL-terminated) to q->plan_log,
 * bound with the builder's values when there are any. */
static void plan_append(struct sq *q, const char *sql, int len, const struct sqb *b)
{
	struct buf text;
	sqlite3_stmt *st;

	buf_init(&text, 1 << 20);
	if (buf_adds(&text, "EXPLAIN QUERY PLAN ") ||
	    buf_add(&text, sql, len < 0 ? strlen(sql) : (size_t)len) || buf_addc(&text, '\0'))
		goto out;
	if (sqlite3_prepare_v2(q->db, text.ptr, -1, &st, NULL) != SQLITE_OK)
		goto out;
	for (int i = 0; b && i < b->nv; i++) {
		switch (b->v[i].t) {
		case SQV_TEXT: sq_bind_text(st, i + 1, b->v[i].s); break;
		case SQV_INT: sqlite3_bind_int64(st, i + 1, b->v[i].i); break;
		case SQV_DOUBLE: sqlite3_bind_double(st, i + 1, b->v[i].d); break;
		}
	}
	buf_adds(q->plan_log, "SQL: ");
	buf_add(q->plan_log, sql, len < 0 ? strlen(sql) : (size_t)len);
	buf_addc(q->plan_log, '\n');
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *detail = (const char *)sqlite3_column_text(st, 3);
		buf_adds(q->plan_log, "  ");
		buf_adds(q->plan_log, detail ? detail : "");
		buf_addc(q->plan_log, '\n');
	}
	sqlite3_finalize(st);
out:
	buf_release(&text);
}

sqlite3_stmt *sq_prep(struct sq *q, const char *sql)
{
	sqlite3_stmt *st;
	if (q->plan_log)
		plan_append(q, sql, -1, NULL);
	for (int i = 0; i < q->ncache; i++)
		if (q->cache[i].sql == sql) {
			st = q->cache[i].st;
			sqlite3_reset(st);
			sqlite3_clear_bindings(st);
			return st;
		}
	if (sqlite3_prepare_v3(q->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK) {
		tb_error("sqlite prepare: %s", sqlite3_errmsg(q->db));
		return NULL;
	}
	if (q->ncache < SQ_CACHE) {
		q->cache[q->ncache].sql = sql;
		q->cache[q->ncache].st = st;
		q->ncache++;
	} else {
		/* Cache full: a programming error (too many distinct statements); evict slot 0. */
		sqlite3_finalize(q->cache[0].st);
		q->cache[0].sql = sql;
		q->cache[0].st = st;
	}
	return st;
}

int sq_exec(struct sq *q, const char *sql)
{
	char *err = NULL;
	int rc = sqlite3_exec(q->db, sql, NULL, NULL, &err);
	if (rc != SQLITE_OK) {
		tb_error("sqlite exec: %s", err ? err : sqlite3_errmsg(q->db));
		sqlite3_free(err);
		return sq_rc(q, rc);
	}
	return TB_OK;
}

void sq_now(char out[32]) { fmt_iso8601(now_unix(), out); }

void sq_bind_text(sqlite3_stmt *st, int i, const char *s)
{
	if (s)
		sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, i);
}

void sq_bind_opt_double(sqlite3_stmt *st, int i, double v)
{
	if (v < 0)
		sqlite3_bind_null(st, i);
	else
		sqlite3_bind_double(st, i, v);
}

const char *sq_col_text(struct arena *a, sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	if (!t)
		return NULL;
	return arena_strndup(a, (const char *)t, (size_t)sqlite3_column_bytes(st, i));
}

double sq_col_double_or(sqlite3_stmt *st, int i, double dflt)
{
	return sqlite3_column_type(st, i) == SQLITE_NULL ? dflt : sqlite3_column_double(st, i);
}

void sq_cols_bind(sqlite3_stmt *st, int first, const struct sq_col *c, int n, const void *rec)
{
	const char *p = rec;
	for (int i = 0; i < n; i++) {
		const void *v = p + c[i].off;
		int at = first + i;
		switch (c[i].t) {
		case SQC_TEXT: {
			const char *t = *(const char *const *)v;
			sq_bind_text(st, at, t ? t : c[i].dflt);
			break;
		}
		case SQC_INT: sqlite3_bind_int(st, at, *(const int *)v); break;
		case SQC_BOOL: sqlite3_bind_int(st, at, *(const int *)v ? 1 : 0); break;
		case SQC_UINT: sqlite3_bind_int(st, at, (int)*(const unsigned *)v); break;
		case SQC_I64: sqlite3_bind_int64(st, at, *(const int64_t *)v); break;
		case SQC_OPT_ID:
			if (*(const int64_t *)v > 0)
				sqlite3_bind_int64(st, at, *(const int64_t *)v);
			else
				sqlite3_bind_null(st, at);
			break;
		case SQC_DBL: sqlite3_bind_double(st, at, *(const double *)v); break;
		case SQC_OPT_DBL: sq_bind_opt_double(st, at, *(const double *)v); break;
		}
	}
}

void sq_cols_read(struct arena *a, sqlite3_stmt *st, int first, const struct sq_col *c, int n,
                  void *rec)
{
	char *p = rec;
	for (int i = 0; i < n; i++) {
		void *v = p + c[i].off;
		int at = first + i;
		switch (c[i].t) {
		case SQC_TEXT: *(const char **)v = sq_col_text(a, st, at); break;
		case SQC_INT: case SQC_BOOL: *(int *)v = sqlite3_column_int(st, at); break;
		case SQC_UINT: *(unsigned *)v = (unsigned)sqlite3_column_int(st, at); break;
		case SQC_I64: case SQC_OPT_ID: *(int64_t *)v = sqlite3_column_int64(st, at); break;
		case SQC_DBL: *(double *)v = sqlite3_column_double(st, at); break;
		case SQC_OPT_DBL: *(double *)v = sq_col_double_or(st, at, -1); break;
		}
	}
}

void sqb_init(struct sqb *b)
{
	buf_init(&b->sql, 16384);
	b->nv = 0;
}
void sqb_release(struct sqb *b) { buf_release(&b->sql); }
void sqb_sql(struct sqb *b, const char *s) { buf_adds(&b->sql, s); }
static struct sqv *sqb_slot(struct sqb *b)
{
	/* 32 slots is more than any listing uses; overflow is a programming error. */
	if (b->nv >= (int)(sizeof(b->v) / sizeof(b->v[0])))
		abort();
	buf_addc(&b->sql, '?');
	return &b->v[b->nv++];
}
void sqb_text(struct sqb *b, const char *s) { struct sqv *v = sqb_slot(b); v->t = SQV_TEXT; v->s = s; }
void sqb_int(struct sqb *b, int64_t i) { struct sqv *v = sqb_slot(b); v->t = SQV_INT; v->i = i; }
void sqb_double(struct sqb *b, double d) { struct sqv *v = sqb_slot(b); v->t = SQV_DOUBLE; v->d = d; }

/* `%` and `_` in user text would otherwise act as LIKE wildcards (q=% matched
 * everything, issue #10): escape them and the escape character itself inside
 * SQL, so the bound value stays the caller's string and needs no copy. */
void sqb_like_contains(struct sqb *b, const char *s, int lower)
{
	sqb_sql(b, lower ? " LIKE '%'||lower(" : " LIKE '%'||(");
	sqb_sql(b, "replace(replace(replace(");
	sqb_text(b, s);
	sqb_sql(b, ",'\\','\\\\'),'%','\\%'),'_','\\_'))||'%' ESCAPE '\\'");
}

int sqb_prepare(struct sq *q, struct sqb *b, sqlite3_stmt **out)
{
	sqlite3_stmt *st;
	if (!b->sql.ptr)
		return TB_EINVAL;
	if (q->plan_log)
		plan_append(q, b->sql.ptr, (int)b->sql.len, b);
	if (sqlite3_prepare_v2(q->db, b->sql.ptr, (int)b->sql.len, &st, NULL) != SQLITE_OK) {
		tb_error("sqlite prepare: %s", sqlite3_errmsg(q->db));
		return TB_EDB;
	}
	for (int i = 0; i < b->nv; i++) {
		switch (b->v[i].t) {
		case SQV_TEXT: sq_bind_text(st, i + 1, b->v[i].s); break;
		case SQV_INT: sqlite3_bind_int64(st, i + 1, b->v[i].i); break;
		case SQV_DOUBLE: sqlite3_bind_double(st, i + 1, b->v[i].d); break;
		}
	}
	*out = st;
	return TB_OK;
}

int sq_list(struct sq *q, struct arena *a, struct sqb *b, size_t elem, int limit,
            void (*row)(struct arena *, sqlite3_stmt *, void *), void **out, int *n)
{
	sqlite3_stmt *st;
	int rc, step = SQLITE_DONE, count = 0;
	char *arr;

	*out = NULL;
	*n = 0;
	if ((rc = sqb_prepare(q, b, &st)))
		return rc;
	arr = arena_alloc(a, elem * (size_t)(limit > 0 ? limit : 1));
	if (!arr) {
		sqlite3_finalize(st);
		return TB_ENOMEM;
	}
	/* Stop at the limit without stepping one row past it. */
	while (count < limit && (step = sqlite3_step(st)) == SQLITE_ROW)
		row(a, st, arr + elem * (size_t)count++);
	rc = (step == SQLITE_ROW || step == SQLITE_DONE) ? TB_OK : sq_rc(q, step);
	sqlite3_finalize(st);
	*out = arr;
	*n = count;
	return rc;
}

int sq_count(struct sq *q, struct sqb *b, int64_t *total)
{
	sqlite3_stmt *st;
	int rc, step;
	if ((rc = sqb_prepare(q, b, &st)))
		return rc;
	step = sqlite3_step(st);
	*total = step == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	rc = (step == SQLITE_ROW) ? TB_OK : sq_rc(q, step);
	sqlite3_finalize(st);
	return rc;
}

int sq_page_ex(struct sq *q, struct arena *a, const char *cols, const char *from,
               const char *count_from, void (*where)(struct sqb *, const void *),
               void (*page_where)(struct sqb *, const void *), const void *query,
               const char *order, int limit, int offset, size_t elem,
               void (*row)(struct arena *, sqlite3_stmt *, void *), void **out, int *n,
               int64_t *total)
{
	struct sqb b;
	int rc;

	*out = NULL;
	*n = 0;
	sqb_init(&b);
	sqb_sql(&b, "SELECT count(*)");
	sqb_sql(&b, count_from ? count_from : from);
	where(&b, query);
	rc = sq_count(q, &b, total);
	sqb_release(&b);
	if (rc)
		return rc;
	sqb_init(&b);
	sqb_sql(&b, "SELECT ");
	sqb_sql(&b, cols);
	sqb_sql(&b, from);
	where(&b, query);
	if (page_where)
		page_where(&b, query);
	sqb_sql(&b, " ORDER BY ");
	sqb_sql(&b, order);
	sqb_sql(&b, " LIMIT ");
	sqb_int(&b, limit);
	sqb_sql(&b, " OFFSET ");
	sqb_int(&b, offset);
	rc = sq_list(q, a, &b, elem, limit, row, out, n);
	sqb_release(&b);
	return rc;
}

int sq_page(struct sq *q, struct arena *a, const char *cols, const char *from,
            void (*where)(struct sqb *, const void *), const void *query, const char *order,
            int limit, int offset, size_t elem, void (*row)(struct arena *, sqlite3_stmt *, void *),
            void **out, int *n, int64_t *total)
{
	return sq_page_ex(q, a, cols, from, NULL, where, NULL, query, order, limit, offset, elem, row,
	                  out, n, total);
}

int sq_step_one(struct sq *q, sqlite3_stmt *st)
{
	int step = sqlite3_step(st);
	if (step == SQLITE_ROW)
		return TB_OK;
	return step == SQLITE_DONE ? TB_ENOTFOUND : sq_rc(q, step);
}

static void sq_close(struct store *s)
{
	struct sq *q = SQ(s);
	for (int i = 0; i < q->ncache; i++)
		sqlite3_finalize(q->cache[i].st);
	sqlite3_close(q->db);
	free(q);
}

static const char *sq_errmsg(struct store *s) { return sqlite3_errmsg(SQ(s)->db); }

int sq_begin(struct store *s)
{
	int rc = sq_exec(SQ(s), "BEGIN IMMEDIATE");
	if (!rc)
		SQ(s)->in_tx = 1;
	return rc;
}
int sq_commit(struct store *s)
{
	SQ(s)->in_tx = 0;
	return sq_exec(SQ(s), "COMMIT");
}
int sq_rollback(struct store *s)
{
	SQ(s)->in_tx = 0;
	/* Rollback after an error may find no transaction open: not an error then. */
	if (sqlite3_get_autocommit(SQ(s)->db))
		return TB_OK;
	return sq_exec(SQ(s), "ROLLBACK");
}

/* Bulk mode: 256 MB of page cache (negative = KiB) so that a long write
 * transaction stays in memory until COMMIT; back to the default afterwards. */
int sq_bulk_mode(struct store *s, int on)
{
	return sq_exec(SQ(s), on ? "PRAGMA cache_size=-262144" : "PRAGMA cache_size=-2000");
}

int sqlite_store_open(const char *path, struct store **out)
{
	struct sq *q = calloc(1, sizeof(*q));
	int rc;
	if (!q)
		return TB_ENOMEM;
	q->base.ops = &sq_ops;
	rc = sqlite3_open_v2(path, &q->db,
	                     SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		tb_error("sqlite open %s: %s", path, q->db ? sqlite3_errmsg(q->db) : "out of memory");
		sqlite3_close(q->db);
		free(q);
		return TB_EIO;
	}
	/* Extended codes let sq_rc tell a CHECK failure (bad input) from a UNIQUE/FK conflict. */
	sqlite3_extended_result_codes(q->db, 1);
	/* busy_timeout: writers queue behind BEGIN IMMEDIATE rather than failing. */
	sqlite3_busy_timeout(q->db, 10000);
	if ((rc = sq_exec(q, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
	                     "PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY;"))) {
		sq_close(&q->base);
		return rc;
	}
	*out = &q->base;
	return TB_OK;
}

/* Built from the one list: a missing sq_<name> does not link, a wrong
 * signature does not compile (the prototype comes from the same list). */
const struct store_ops sq_ops = {
	.name = "sqlite",
	.close = sq_close,
	.errmsg = sq_errmsg,
#define X(ret, name, params, args) .name = sq_##name,
	STORE_OPS(X)
#undef X
};

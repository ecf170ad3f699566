/* sq.c - the SQL backend's connection over a driver (sqd.h): statement
 * cache, transactions, helpers, the listing runner, and the vtable that ties
 * the backend files together. Engine specifics live in the drivers
 * (src/store/sqlite/driver.c, src/store/pg/driver.c). */
#include "store/sql/sq.h"
#include "store/sql/migrate.h"
#include "core/err.h"
#include "core/log.h"
#include "core/util.h"
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int sq_rc(struct sq *q, int rc)
{
	(void)q;
	/* The driver has mapped (and logged) its engine's error already. */
	return rc == SQD_ROW || rc == SQD_DONE ? TB_OK : rc;
}

void sq_plan_log(struct store *s, struct buf *log) { SQ(s)->plan_log = log; }

void sqs_finalize(struct sqs *s)
{
	if (!s)
		return;
	s->d->finalize(s->p);
	free(s);
}

void sq_bind_values(struct sqs *st, const struct sqv *v, int nv)
{
	char now[32] = "";
	int at = 1;
	for (int i = 0; i < nv; i++) {
		switch (v[i].t) {
		case SQVT_TEXT: sq_bind_text(st, at++, v[i].s); break;
		case SQVT_INT: sqs_bind_int64(st, at++, v[i].i); break;
		case SQVT_DOUBLE: sqs_bind_double(st, at++, v[i].d); break;
		case SQVT_NULL: sqs_bind_null(st, at++); break;
		case SQVT_NOW:
			/* Once per call: every SQV_NOW of one statement is the same instant. */
			if (!now[0])
				sq_now(now);
			sq_bind_text(st, at++, now);
			break;
		case SQVT_COLS:
			if (v[i].rec)
				sq_cols_bind(st, at, v[i].cols, (int)v[i].i, v[i].rec);
			else /* no record: the columns are NULL */
				for (int k = 0; k < (int)v[i].i; k++)
					sqs_bind_null(st, at + k);
			at += (int)v[i].i;
			break;
		}
	}
}

static void bind_values(struct sqs *st, const struct sqb *b)
{
	if (b)
		sq_bind_values(st, b->v, b->nv);
}

/* Appends the plan of `sql` (len bytes; -1 = NUL-terminated) to q->plan_log,
 * bound with the builder's values when there are any. SQLite only: the plan
 * test (tests/unit/test_plans.c) reads SQLite's EXPLAIN QUERY PLAN lines. */
static void plan_append(struct sq *q, const char *sql, int len, const struct sqb *b)
{
	struct buf text;
	struct sqs st = { q->drv, NULL };

	if (sq_dialect(q) != SQD_SQLITE)
		return;
	buf_init(&text, 1 << 20);
	if (buf_adds(&text, "EXPLAIN QUERY PLAN ") ||
	    buf_add(&text, sql, len < 0 ? strlen(sql) : (size_t)len) || buf_addc(&text, '\0'))
		goto out;
	/* Length given: a one-off statement, not one for the cache. */
	if (!(st.p = q->drv->prepare(q->conn, text.ptr, (int)text.len - 1)))
		goto out;
	bind_values(&st, b);
	buf_adds(q->plan_log, "SQL: ");
	buf_add(q->plan_log, sql, len < 0 ? strlen(sql) : (size_t)len);
	buf_addc(q->plan_log, '\n');
	while (sqs_step(&st) == SQD_ROW) {
		const char *detail = sqs_col_text(&st, 3);
		buf_adds(q->plan_log, "  ");
		buf_adds(q->plan_log, detail ? detail : "");
		buf_addc(q->plan_log, '\n');
	}
	q->drv->finalize(st.p);
out:
	buf_release(&text);
}

static size_t cache_slot(const struct sq *q, const char *sql)
{
	/* Fibonacci hashing of the address; cache_cap is a power of two. */
	uint64_t h = (uint64_t)(uintptr_t)sql * 0x9E3779B97F4A7C15ull;
	return (size_t)(h >> 32) & (q->cache_cap - 1);
}

/* Doubles the table (entries stay where they are; only the index moves). */
static int cache_grow(struct sq *q)
{
	size_t old_cap = q->cache_cap, cap = old_cap ? old_cap * 2 : 256;
	struct sq_cached **old = q->cache, **t = calloc(cap, sizeof *t);
	if (!t)
		return TB_ENOMEM;
	q->cache = t;
	q->cache_cap = cap;
	for (size_t i = 0; i < old_cap; i++)
		if (old[i]) {
			size_t j = cache_slot(q, old[i]->sql);
			while (t[j])
				j = (j + 1) & (cap - 1);
			t[j] = old[i];
		}
	free(old);
	return TB_OK;
}

struct sqs *sq_prep(struct sq *q, const char *sql)
{
	struct sqd_stmt *p;
	struct sq_cached *e;
	size_t j = 0;

	if (q->plan_log)
		plan_append(q, sql, -1, NULL);
	if (q->cache_cap) {
		for (j = cache_slot(q, sql); q->cache[j]; j = (j + 1) & (q->cache_cap - 1))
			if (q->cache[j]->sql == sql) {
				q->drv->reset(q->cache[j]->s.p); /* also clears the bindings */
				return &q->cache[j]->s;
			}
	}
	if ((q->ncache + 1) * 2 > q->cache_cap) {
		if (cache_grow(q))
			return NULL;
		for (j = cache_slot(q, sql); q->cache[j]; j = (j + 1) & (q->cache_cap - 1))
			;
	}
	if (!(e = malloc(sizeof *e)))
		return NULL;
	/* len -1: a string literal kept for the connection's life (the driver
	 * may prepare it as persistent). */
	if (!(p = q->drv->prepare(q->conn, sql, -1))) {
		free(e);
		return NULL;
	}
	e->sql = sql;
	e->s.d = q->drv;
	e->s.p = p;
	q->cache[j] = e;
	q->ncache++;
	return &e->s;
}

struct sqs *sq_prep_once(struct sq *q, const char *sql)
{
	struct sqs *st = malloc(sizeof(*st));
	if (!st)
		return NULL;
	st->d = q->drv;
	/* Length given: used once, not kept for the connection's life. */
	if (!(st->p = q->drv->prepare(q->conn, sql, (int)strlen(sql)))) {
		free(st);
		return NULL;
	}
	return st;
}

int sq_exec_sql(struct sq *q, const char *sql) { return q->drv->exec(q->conn, sql); }

int sq_insert_id(struct sq *q, struct sqs *st, int64_t *id)
{
	int step = sqs_step(st);
	int rc = step == SQD_ROW ? TB_OK : step == SQD_DONE ? TB_EDB : sq_rc(q, step);
	if (!rc)
		*id = sqs_col_int64(st, 0);
	else if (step == SQD_DONE)
		tb_error("sql: INSERT ... RETURNING id gave no row");
	sqs_reset(st);
	return rc;
}

void sq_now(char out[32]) { fmt_iso8601(now_unix(), out); }

void sq_bind_text(struct sqs *st, int i, const char *s)
{
	if (s)
		sqs_bind_textn(st, i, s, -1);
	else
		sqs_bind_null(st, i);
}

void sq_bind_opt_double(struct sqs *st, int i, double v)
{
	if (v < 0)
		sqs_bind_null(st, i);
	else
		sqs_bind_double(st, i, v);
}

const char *sq_col_text(struct arena *a, struct sqs *st, int i)
{
	const char *t = sqs_col_text(st, i);
	if (!t)
		return NULL;
	return arena_strndup(a, t, (size_t)sqs_col_bytes(st, i));
}

double sq_col_double_or(struct sqs *st, int i, double dflt)
{
	return sqs_col_type(st, i) == SQD_NULL ? dflt : sqs_col_double(st, i);
}

void sq_cols_bind(struct sqs *st, int first, const struct sq_col *c, int n, const void *rec)
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
		case SQC_INT: sqs_bind_int(st, at, *(const int *)v); break;
		case SQC_BOOL: sqs_bind_int(st, at, *(const int *)v ? 1 : 0); break;
		case SQC_UINT: sqs_bind_int(st, at, (int)*(const unsigned *)v); break;
		case SQC_I64: sqs_bind_int64(st, at, *(const int64_t *)v); break;
		case SQC_OPT_ID:
			if (*(const int64_t *)v > 0)
				sqs_bind_int64(st, at, *(const int64_t *)v);
			else
				sqs_bind_null(st, at);
			break;
		case SQC_DBL: sqs_bind_double(st, at, *(const double *)v); break;
		case SQC_OPT_DBL: sq_bind_opt_double(st, at, *(const double *)v); break;
		}
	}
}

void sq_cols_read(struct arena *a, struct sqs *st, int first, const struct sq_col *c, int n,
                  void *rec)
{
	char *p = rec;
	for (int i = 0; i < n; i++) {
		void *v = p + c[i].off;
		int at = first + i;
		switch (c[i].t) {
		case SQC_TEXT: *(const char **)v = sq_col_text(a, st, at); break;
		case SQC_INT: case SQC_BOOL: *(int *)v = sqs_col_int(st, at); break;
		case SQC_UINT: *(unsigned *)v = (unsigned)sqs_col_int(st, at); break;
		case SQC_I64: case SQC_OPT_ID: *(int64_t *)v = sqs_col_int64(st, at); break;
		case SQC_DBL: *(double *)v = sqs_col_double(st, at); break;
		case SQC_OPT_DBL: *(double *)v = sq_col_double_or(st, at, -1); break;
		}
	}
}

void sqb_init(struct sqb *b, const struct sq *q)
{
	b->dialect = sq_dialect(q);
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
void sqb_text(struct sqb *b, const char *s) { *sqb_slot(b) = sqv_text(s); }
void sqb_int(struct sqb *b, int64_t i) { *sqb_slot(b) = sqv_i64(i); }
void sqb_double(struct sqb *b, double d) { *sqb_slot(b) = sqv_dbl(d); }

void sqb_contains(struct sqb *b, const char *expr, const char *s)
{
	SQB_SQL(b, "instr(", "strpos(");
	sqb_sql(b, expr);
	sqb_sql(b, ",");
	sqb_text(b, s);
	sqb_sql(b, ")>0");
}

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

void sqb_and_name_like(struct sqb *b, const char *name, const char *name_en, const char *q)
{
	if (!q)
		return;
	sqb_sql(b, " AND (");
	sqb_sql(b, name);
	sqb_like_contains(b, q, 0);
	sqb_sql(b, " OR lower(");
	sqb_sql(b, name_en);
	sqb_sql(b, ")");
	sqb_like_contains(b, q, 1);
	sqb_sql(b, ")");
}

int sqb_prepare(struct sq *q, struct sqb *b, struct sqs **out)
{
	struct sqs *st;
	*out = NULL;
	if (!b->sql.ptr)
		return TB_EINVAL;
	if (q->plan_log)
		plan_append(q, b->sql.ptr, (int)b->sql.len, b);
	if (!(st = malloc(sizeof(*st))))
		return TB_ENOMEM;
	st->d = q->drv;
	if (!(st->p = q->drv->prepare(q->conn, b->sql.ptr, (int)b->sql.len))) {
		free(st);
		return TB_EDB;
	}
	bind_values(st, b);
	*out = st;
	return TB_OK;
}

/* Reads rows of st until done or `limit` rows (limit < 0: no limit) into an
 * arena array; with no limit the array doubles as it fills. Does not reset
 * or finalize st. */
static int step_rows(struct sq *q, struct arena *a, struct sqs *st, size_t elem, int limit,
                     void (*row)(struct arena *, struct sqs *, void *), void **out, int *n)
{
	int step = SQD_DONE, count = 0;
	size_t cap = limit >= 0 ? (size_t)(limit > 0 ? limit : 1) : 16;
	char *arr = arena_alloc(a, elem * cap);

	*out = NULL;
	*n = 0;
	if (!arr)
		return TB_ENOMEM;
	/* Stop at the limit without stepping one row past it. */
	while ((limit < 0 || count < limit) && (step = sqs_step(st)) == SQD_ROW) {
		if ((size_t)count == cap) {
			char *bigger = arena_alloc(a, elem * cap * 2);
			if (!bigger)
				return TB_ENOMEM; /* the arena's cap: fail, never a short list */
			memcpy(bigger, arr, elem * cap);
			arr = bigger;
			cap *= 2;
		}
		row(a, st, arr + elem * (size_t)count++);
	}
	*out = arr;
	*n = count;
	return (step == SQD_ROW || step == SQD_DONE) ? TB_OK : sq_rc(q, step);
}

int sq_list(struct sq *q, struct arena *a, struct sqb *b, size_t elem, int limit,
            void (*row)(struct arena *, struct sqs *, void *), void **out, int *n)
{
	struct sqs *st;
	int rc;

	*out = NULL;
	*n = 0;
	if ((rc = sqb_prepare(q, b, &st)))
		return rc;
	rc = step_rows(q, a, st, elem, limit, row, out, n);
	sqs_finalize(st);
	return rc;
}

int sq_rows(struct sq *q, struct arena *a, struct sqs *st, size_t elem,
            void (*row)(struct arena *, struct sqs *, void *), void **out, int *n)
{
	int rc = step_rows(q, a, st, elem, SQ_ALL, row, out, n);
	sqs_reset(st);
	return rc;
}

int sq_get_by_id(struct sq *q, struct arena *a, const char *sql, int64_t id,
                 void (*row)(struct arena *, struct sqs *, void *), void *out)
{
	return SQ_ONE(q, a, sql, row, out, SQV_I64(id));
}

int sq_write(struct sq *q, struct sqs *st, int none)
{
	int rc = sq_rc(q, sqs_step(st));
	sqs_reset(st);
	if (!rc && sq_changes(q) == 0)
		rc = none;
	return rc;
}

int sq_update_cols(struct sq *q, const char *sql, const struct sq_col *c, int n, const void *rec,
                   bool stamp, int64_t id)
{
	if (stamp)
		return SQ_EXEC(q, sql, TB_ENOTFOUND, SQV_COLS(c, n, rec), SQV_NOW, SQV_I64(id));
	return SQ_EXEC(q, sql, TB_ENOTFOUND, SQV_COLS(c, n, rec), SQV_I64(id));
}

void sq_row_i64(struct arena *a, struct sqs *st, void *out)
{
	(void)a;
	*(int64_t *)out = sqs_col_int64(st, 0);
}

int sq_each(struct sq *q, struct sqs *st, size_t arena_cap, size_t elem,
            void (*row)(struct arena *, struct sqs *, void *), int (*cb)(void *, const void *),
            void *ctx)
{
	_Alignas(max_align_t) unsigned char item[SQ_EACH_MAX_ELEM];
	struct arena a;
	int rc = TB_OK, step;

	if (elem > sizeof(item))
		return TB_EINVAL;
	while ((step = sqs_step(st)) == SQD_ROW) {
		arena_init(&a, arena_cap); /* one row at a time: memory stays flat */
		memset(item, 0, elem);
		row(&a, st, item);
		rc = cb(ctx, item);
		arena_release(&a);
		if (rc)
			return rc;
	}
	return step == SQD_DONE ? TB_OK : sq_rc(q, step);
}

int sq_each_b(struct sq *q, struct sqb *b, size_t arena_cap, size_t elem,
              void (*row)(struct arena *, struct sqs *, void *), int (*cb)(void *, const void *),
              void *ctx)
{
	struct sqs *st;
	int rc = sqb_prepare(q, b, &st);
	if (rc)
		return rc;
	rc = sq_each(q, st, arena_cap, elem, row, cb, ctx);
	sqs_finalize(st);
	return rc;
}

void sq_row_text(struct arena *a, struct sqs *st, void *out)
{
	*(const char **)out = sq_col_text(a, st, 0);
}

void sq_row_i64_pair(struct arena *a, struct sqs *st, void *out)
{
	(void)a;
	((int64_t *)out)[0] = sqs_col_int64(st, 0);
	((int64_t *)out)[1] = sqs_col_int64(st, 1);
}

int sq_exec(struct sq *q, const char *sql, int none, const struct sqv *v, int nv)
{
	struct sqs *st = sq_prep(q, sql);
	if (!st)
		return TB_EDB;
	sq_bind_values(st, v, nv);
	return sq_write(q, st, none);
}

int sq_insert(struct sq *q, const char *sql, int64_t *id, const struct sqv *v, int nv)
{
	struct sqs *st = sq_prep(q, sql);
	if (!st)
		return TB_EDB;
	sq_bind_values(st, v, nv);
	return sq_insert_id(q, st, id);
}

int sq_one(struct sq *q, struct arena *a, const char *sql,
           void (*row)(struct arena *, struct sqs *, void *), void *out, const struct sqv *v,
           int nv)
{
	struct sqs *st = sq_prep(q, sql);
	int rc;
	if (!st)
		return TB_EDB;
	sq_bind_values(st, v, nv);
	if (!(rc = sq_step_one(q, st)))
		row(a, st, out);
	sqs_reset(st);
	return rc;
}

static void row_none(struct arena *a, struct sqs *st, void *out) { (void)a, (void)st, (void)out; }

int sq_exists(struct sq *q, const char *sql, int *yes, const struct sqv *v, int nv)
{
	int rc = sq_one(q, NULL, sql, row_none, NULL, v, nv);
	*yes = rc == TB_OK;
	return rc == TB_ENOTFOUND ? TB_OK : rc;
}

int sq_select(struct sq *q, struct arena *a, const char *sql, size_t elem,
           void (*row)(struct arena *, struct sqs *, void *), void **out, int *n,
           const struct sqv *v, int nv)
{
	struct sqs *st = sq_prep(q, sql);
	*out = NULL;
	*n = 0;
	if (!st)
		return TB_EDB;
	sq_bind_values(st, v, nv);
	return sq_rows(q, a, st, elem, row, out, n);
}

int sq_int(struct sq *q, const char *sql, int64_t dflt, int64_t *out, const struct sqv *v,
           int nv)
{
	struct sqs *st = sq_prep(q, sql);
	int rc;
	*out = dflt;
	if (!st)
		return TB_EDB;
	sq_bind_values(st, v, nv);
	rc = sq_step_one(q, st);
	if (!rc && sqs_col_type(st, 0) != SQD_NULL)
		*out = sqs_col_int64(st, 0);
	sqs_reset(st);
	return rc == TB_ENOTFOUND ? TB_OK : rc;
}

int sq_count(struct sq *q, struct sqb *b, int64_t *total)
{
	struct sqs *st;
	int rc, step;
	if ((rc = sqb_prepare(q, b, &st)))
		return rc;
	step = sqs_step(st);
	*total = step == SQD_ROW ? sqs_col_int64(st, 0) : 0;
	rc = (step == SQD_ROW) ? TB_OK : sq_rc(q, step);
	sqs_finalize(st);
	return rc;
}

int sq_page_ex(struct sq *q, struct arena *a, const char *cols, const char *from,
               const char *count_from, void (*where)(struct sqb *, const void *),
               void (*page_where)(struct sqb *, const void *), const void *query,
               const char *order, int limit, int offset, size_t elem,
               void (*row)(struct arena *, struct sqs *, void *), void **out, int *n,
               int64_t *total)
{
	struct sqb b;
	int rc;

	*out = NULL;
	*n = 0;
	sqb_init(&b, q);
	sqb_sql(&b, "SELECT count(*)");
	sqb_sql(&b, count_from ? count_from : from);
	where(&b, query);
	rc = sq_count(q, &b, total);
	sqb_release(&b);
	if (rc)
		return rc;
	sqb_init(&b, q);
	sqb_sql(&b, "SELECT ");
	sqb_sql(&b, cols);
	sqb_sql(&b, from);
	where(&b, query);
	if (page_where)
		page_where(&b, query);
	sqb_sql(&b, " ORDER BY ");
	sqb_sql(&b, order);
	if (limit >= 0) { /* SQ_ALL: every row (a caller that aggregates them all) */
		sqb_sql(&b, " LIMIT ");
		sqb_int(&b, limit);
		sqb_sql(&b, " OFFSET ");
		sqb_int(&b, offset);
	}
	rc = sq_list(q, a, &b, elem, limit, row, out, n);
	sqb_release(&b);
	return rc;
}

int sq_page(struct sq *q, struct arena *a, const char *cols, const char *from,
            void (*where)(struct sqb *, const void *), const void *query, const char *order,
            int limit, int offset, size_t elem, void (*row)(struct arena *, struct sqs *, void *),
            void **out, int *n, int64_t *total)
{
	return sq_page_ex(q, a, cols, from, NULL, where, NULL, query, order, limit, offset, elem, row,
	                  out, n, total);
}

int sq_step_one(struct sq *q, struct sqs *st)
{
	int step = sqs_step(st);
	if (step == SQD_ROW)
		return TB_OK;
	return step == SQD_DONE ? TB_ENOTFOUND : sq_rc(q, step);
}

static void sq_close(struct store *s)
{
	struct sq *q = SQ(s);
	for (size_t i = 0; i < q->cache_cap; i++)
		if (q->cache[i]) {
			q->drv->finalize(q->cache[i]->s.p);
			free(q->cache[i]);
		}
	free(q->cache);
	if (q->conn)
		q->drv->close(q->conn);
	free(q);
}

static const char *sq_errmsg(struct store *s) { return sq_errmsg_of(SQ(s)); }

int sq_begin(struct store *s)
{
	int rc = SQ(s)->drv->begin(SQ(s)->conn);
	if (!rc)
		SQ(s)->in_tx = 1;
	return rc;
}
int sq_commit(struct store *s)
{
	SQ(s)->in_tx = 0;
	return SQ(s)->drv->commit(SQ(s)->conn);
}
int sq_rollback(struct store *s)
{
	SQ(s)->in_tx = 0;
	/* The driver answers TB_OK when no transaction is open (rollback after an error). */
	return SQ(s)->drv->rollback(SQ(s)->conn);
}

/* Bulk mode (SQLite): 256 MB of page cache (negative = KiB) so that a long
 * write transaction stays in memory until COMMIT; back to the default
 * afterwards. PostgreSQL keeps its own buffers: nothing to do. */
int sq_bulk_mode(struct store *s, int on)
{
	if (sq_dialect(SQ(s)) != SQD_SQLITE)
		return TB_OK;
	return sq_exec_sql(SQ(s), on ? "PRAGMA cache_size=-262144" : "PRAGMA cache_size=-2000");
}

int sq_store_open(const struct sqd_driver *drv, const struct sq_migrations *m, const char *url,
                  struct store **out, char *err, size_t errlen)
{
	struct sq *q = calloc(1, sizeof(*q));
	*out = NULL;
	err[0] = '\0';
	if (!q)
		return TB_ENOMEM;
	q->base.ops = &sq_ops;
	q->drv = drv;
	q->migrations = m;
	if (drv->open(url, &q->conn, err, errlen) || !q->conn) {
		/* The caller prints or logs it (store_open_error): one line. */
		if (!err[0])
			snprintf(err, errlen, "%s", "cannot open the database");
		free(q);
		return TB_EIO;
	}
	*out = &q->base;
	return TB_OK;
}

/* Built from the one list: a missing sq_<name> does not link, a wrong
 * signature does not compile (the prototype comes from the same list). */
const struct store_ops sq_ops = {
	.name = "sql",
	.close = sq_close,
	.errmsg = sq_errmsg,
#define X(ret, name, params, args) .name = sq_##name,
	STORE_OPS(X)
#undef X
};

void sqb_and_int(struct sqb *b, const char *sql, int64_t v)
{
	if (v > 0) {
		sqb_sql(b, sql);
		sqb_int(b, v);
	}
}

void sqb_and_text(struct sqb *b, const char *sql, const char *s)
{
	if (s) {
		sqb_sql(b, sql);
		sqb_text(b, s);
	}
}

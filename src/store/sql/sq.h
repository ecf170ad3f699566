/* sq.h - internals shared by the files of the one SQL backend (src/store/sql/):
 * the connection struct over a driver (sqd.h: SQLite or PostgreSQL), a cache
 * of prepared statements, statement wrappers, binding and column helpers, and
 * a small query builder for filtered listings (bound parameters only). No
 * engine header is included here: the engine is behind `drv`. */
#ifndef TB_SQ_H
#define TB_SQ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "core/arena.h"
#include "core/buf.h"
#include "store/store_impl.h"
#include "store/sql/sqd.h"


/* A statement handle of the backend: the driver's statement and the driver
 * that runs it. Row readers get only the statement (no connection), so the
 * driver travels with it; the sqs_* wrappers below call through it. */
struct sqs {
	const struct sqd_driver *d;
	struct sqd_stmt *p;
};

struct sq_migrations;
struct sq_cached { const char *sql; struct sqs s; };

struct sq {
	struct store base;
	const struct sqd_driver *drv;
	struct sqd_conn *conn;
	const struct sq_migrations *migrations; /* the driver's schema (migrate.h) */
	/* Prepared statements keyed on their SQL literal's address: an open-
	 * addressing table of entries that never move (callers hold &e->s while
	 * they step), grown at half load. No cap: the number of distinct
	 * statements is bounded by the literals in the source, and evicting one
	 * could finalize a statement a caller is still stepping. */
	struct sq_cached **cache;
	size_t ncache, cache_cap;
	int in_tx;
	struct buf *plan_log; /* see sq_plan_log */
};

static inline struct sq *SQ(struct store *s) { return (struct sq *)s; }

/* Dialect pairs: SQ_SQL(q, "sqlite text", "pg text") picks one of two string
 * literals at run time. Both stay literals, so the statement cache (keyed on
 * the address) holds each once. Used only where portable SQL cannot say it. */
static inline enum sqd_dialect sq_dialect(const struct sq *q) { return q->drv->dialect; }
#define SQ_SQL(q, sqlite_text, pg_text) \
	(sq_dialect(q) == SQD_SQLITE ? (sqlite_text) : (pg_text))

/* Thin wrappers, so the backend code reads like the engine's C API. */
static inline int sqs_step(struct sqs *s) { return s->d->step(s->p); }
static inline void sqs_reset(struct sqs *s) { s->d->reset(s->p); }
static inline void sqs_bind_null(struct sqs *s, int i) { s->d->bind_null(s->p, i); }
static inline void sqs_bind_int64(struct sqs *s, int i, int64_t v) { s->d->bind_int64(s->p, i, v); }
static inline void sqs_bind_int(struct sqs *s, int i, int v) { s->d->bind_int64(s->p, i, v); }
static inline void sqs_bind_double(struct sqs *s, int i, double v) { s->d->bind_double(s->p, i, v); }
static inline void sqs_bind_textn(struct sqs *s, int i, const char *t, int len)
{
	s->d->bind_text(s->p, i, t, len);
}
static inline int64_t sqs_col_int64(struct sqs *s, int i) { return s->d->column_int64(s->p, i); }
static inline int sqs_col_int(struct sqs *s, int i) { return (int)s->d->column_int64(s->p, i); }
static inline double sqs_col_double(struct sqs *s, int i) { return s->d->column_double(s->p, i); }
static inline const char *sqs_col_text(struct sqs *s, int i) { return s->d->column_text(s->p, i); }
static inline int sqs_col_bytes(struct sqs *s, int i) { return s->d->column_bytes(s->p, i); }
static inline int sqs_col_type(struct sqs *s, int i) { return s->d->column_type(s->p, i); }
/* Statements from sqb_prepare are the caller's: finalize them (NULL is a no-op).
 * Cached statements (sq_prep) are never finalized by callers. */
void sqs_finalize(struct sqs *s);
/* Rows changed by the last INSERT/UPDATE/DELETE on this connection. */
static inline int64_t sq_changes(struct sq *q) { return q->drv->changes(q->conn); }
static inline const char *sq_errmsg_of(struct sq *q) { return q->drv->errmsg(q->conn); }

/* Debug hook for tests (tests/unit/test_plans.c): while `log` is non-NULL,
 * every statement the backend prepares (sq_prep and the sqb builder: every
 * listing, count, facet and indicator query) is also run through EXPLAIN
 * QUERY PLAN, and its SQL and plan lines are appended to `log` as
 * "SQL: ...\n" followed by one "  detail\n" line per plan step. The test reads
 * the plans of the store's own SQL instead of a copy of it. */
void sq_plan_log(struct store *s, struct buf *log);

/* Prepared once per connection, keyed by the SQL string's address (callers
 * pass string literals). Returned statement is reset and unbound. */
struct sqs *sq_prep(struct sq *q, const char *sql);
/* Appends " AND ..." conditions on `orgs o` for an owner region (contracts.c). */
struct ach_region_filter;
struct sqb;
void sq_org_region_where(struct sqb *b, const struct ach_region_filter *f);
/* The same, not cached: for a statement that stays open while its caller
 * runs others (a walk over every row). The caller finalizes it. */
struct sqs *sq_prep_once(struct sq *q, const char *sql);
/* A step/exec result -> tb_err: SQD_ROW and SQD_DONE are TB_OK, a driver
 * error (already mapped and logged by the driver) passes through. */
int sq_rc(struct sq *q, int step_rc);
/* Runs SQL text without parameters (may hold several statements: DDL,
 * PRAGMA, SET). A write with values is sq_exec / SQ_EXEC below. */
int sq_exec_sql(struct sq *q, const char *sql);
/* Runs a cached INSERT ... RETURNING id (bound by the caller) and reads the
 * new row's id into *id: the one way the backend learns a new id on both
 * engines. */
int sq_insert_id(struct sq *q, struct sqs *st, int64_t *id);
void sq_now(char out[32]);

void sq_bind_text(struct sqs *st, int i, const char *s); /* NULL binds NULL */
void sq_bind_opt_double(struct sqs *st, int i, double v); /* <0 binds NULL */
const char *sq_col_text(struct arena *a, struct sqs *st, int i);
double sq_col_double_or(struct sqs *st, int i, double dflt);

/* Column descriptions: one entry per column of a record, so that the bind
 * and the read of that column are written once (see catalog.c). Types:
 * TEXT (NULL binds NULL, or `dflt` when given), INT, BOOL (binds 0 or 1),
 * UINT (a bit mask), I64, OPT_ID (<=0 binds NULL and reads back as 0), DBL,
 * OPT_DBL (<0 binds NULL and reads back as -1). A column list is an
 * X-macro `X(member, TYPE, dflt)`; the SQ_COL_* macros below turn the same
 * list into SQL text at compile time (statements stay string literals, which
 * the statement cache keys on). */
enum sq_ctype {
	SQC_TEXT, SQC_INT, SQC_BOOL, SQC_UINT, SQC_I64, SQC_OPT_ID, SQC_DBL, SQC_OPT_DBL
};
struct sq_col { const char *name; enum sq_ctype t; size_t off; const char *dflt; };
#define SQ_COL(T, n, t, d) { #n, SQC_##t, offsetof(T, n), d }
#define SQ_COL_NAME(n, t, d) #n ","      /* INSERT column list */
#define SQ_COL_A(n, t, d) "a." #n ","    /* SELECT list, table alias a */
#define SQ_COL_I(n, t, d) "i." #n ","    /* SELECT list, table alias i */
#define SQ_COL_C(n, t, d) "c." #n ","    /* SELECT list, table alias c */
#define SQ_COL_B(n, t, d) "b." #n ","    /* SELECT list, table alias b */
#define SQ_COL_SET(n, t, d) #n "=?,"     /* UPDATE SET list */
#define SQ_COL_QM(n, t, d) "?,"          /* INSERT VALUES */
#define SQ_COL_EXCL(n, t, d) #n "=excluded." #n ","  /* ON CONFLICT DO UPDATE SET */
/* A table whose column names differ from the record's members (revisions:
 * body_zh holds an achievement's abstract_zh or a demand's desc_zh) uses
 * X(column, member, TYPE, dflt) lists and these: */
#define SQ_COLM(T, c, m, t, d) { #c, SQC_##t, offsetof(T, m), d }
#define SQ_COLM_NAME(c, m, t, d) #c ","
#define SQ_COLM_QM(c, m, t, d) "?,"
#define SQ_COLM_EXCL(c, m, t, d) #c "=excluded." #c ","   /* ON CONFLICT DO UPDATE SET */
/* Binds columns to parameters first..first+n-1 / reads result columns first.. */
void sq_cols_bind(struct sqs *st, int first, const struct sq_col *c, int n, const void *rec);
void sq_cols_read(struct arena *a, struct sqs *st, int first, const struct sq_col *c, int n,
                  void *rec);

/* Typed values, for the query builder and for the one-call statement
 * runners below. A value is built by a macro that names its type, so the
 * C type of the argument is checked by the compiler (no format string):
 *   SQV_TEXT(s)       text; NULL binds NULL
 *   SQV_I64(i)        integer (also ints and bools: SQV_BOOL(b) binds 0/1)
 *   SQV_OPT_ID(i)     an optional reference: i <= 0 binds NULL
 *   SQV_DBL(d)        real;  SQV_OPT_DBL(d): d < 0 binds NULL
 *   SQV_NULL          NULL
 *   SQV_NOW           the current time (sq_now), the same for every SQV_NOW
 *                     of one call (created_at and updated_at agree)
 *   SQV_TEXT_OR_NOW(s) s, or the current time when s is NULL
 *   SQV_COLS(c,n,rec) the n columns of a column table (sq_cols_bind): n
 *                     parameters in a row; rec NULL: n NULLs
 * Parameters are bound in order from ?1; `?N` in the SQL may use one value
 * twice ("VALUES(?1,?2,?2)"). */
enum sqv_type { SQVT_TEXT, SQVT_INT, SQVT_DOUBLE, SQVT_NULL, SQVT_NOW, SQVT_COLS };
struct sqv {
	enum sqv_type t;
	const char *s;
	int64_t i;   /* SQVT_INT; SQVT_COLS: the number of columns */
	double d;
	const struct sq_col *cols; /* SQVT_COLS */
	const void *rec;           /* SQVT_COLS */
};
static inline struct sqv sqv_text(const char *s) { return (struct sqv){ .t = SQVT_TEXT, .s = s }; }
static inline struct sqv sqv_i64(int64_t i) { return (struct sqv){ .t = SQVT_INT, .i = i }; }
static inline struct sqv sqv_opt_id(int64_t i)
{
	return i > 0 ? sqv_i64(i) : (struct sqv){ .t = SQVT_NULL };
}
static inline struct sqv sqv_dbl(double d) { return (struct sqv){ .t = SQVT_DOUBLE, .d = d }; }
static inline struct sqv sqv_opt_dbl(double d)
{
	return d < 0 ? (struct sqv){ .t = SQVT_NULL } : sqv_dbl(d);
}
static inline struct sqv sqv_cols(const struct sq_col *c, int n, const void *rec)
{
	return (struct sqv){ .t = SQVT_COLS, .i = n, .cols = c, .rec = rec };
}
#define SQV_TEXT(s) sqv_text(s)
#define SQV_I64(i) sqv_i64(i)
#define SQV_BOOL(b) sqv_i64((b) ? 1 : 0)
#define SQV_OPT_ID(i) sqv_opt_id(i)
#define SQV_DBL(d) sqv_dbl(d)
#define SQV_OPT_DBL(d) sqv_opt_dbl(d)
#define SQV_NULL ((struct sqv){ .t = SQVT_NULL })
#define SQV_NOW ((struct sqv){ .t = SQVT_NOW })
static inline struct sqv sqv_text_or_now(const char *s) { return s ? sqv_text(s) : SQV_NOW; }
#define SQV_TEXT_OR_NOW(s) sqv_text_or_now(s)
#define SQV_COLS(c, n, rec) sqv_cols((c), (n), (rec))
/* The values of a call as an array and its length (sizeof does not evaluate). */
#define SQV_LIST(...) (const struct sqv[]){ __VA_ARGS__ }, \
	(int)(sizeof((const struct sqv[]){ __VA_ARGS__ }) / sizeof(struct sqv))

/* One call per statement: prepares `sql` (cached on its address), binds the
 * values, runs it and resets it.
 * sq_exec: an INSERT/UPDATE/DELETE; when it changed no row the result is
 *   `none` (as sq_write: TB_ENOTFOUND, TB_ESTATE for a lost `WHERE status=?`
 *   guard, TB_OK when zero rows is fine).
 * sq_insert: an INSERT ... RETURNING id; the new id into *id.
 * sq_one: a single-row SELECT read by `row` into out; TB_ENOTFOUND when
 *   there is none.
 * sq_exists: a SELECT that yields a row or none: *yes 1 or 0, TB_OK.
 * sq_select: every row of a SELECT into an arena array (sq_rows).
 * sq_int: the first column of the first row as an integer (a count, a sum,
 *   a max); `dflt` when there is no row or it is NULL. */
int sq_exec(struct sq *q, const char *sql, int none, const struct sqv *v, int nv);
int sq_insert(struct sq *q, const char *sql, int64_t *id, const struct sqv *v, int nv);
int sq_one(struct sq *q, struct arena *a, const char *sql,
           void (*row)(struct arena *, struct sqs *, void *), void *out, const struct sqv *v,
           int nv);
int sq_exists(struct sq *q, const char *sql, int *yes, const struct sqv *v, int nv);
int sq_select(struct sq *q, struct arena *a, const char *sql, size_t elem,
           void (*row)(struct arena *, struct sqs *, void *), void **out, int *n,
           const struct sqv *v, int nv);
int sq_int(struct sq *q, const char *sql, int64_t dflt, int64_t *out, const struct sqv *v,
           int nv);
#define SQ_EXEC(q, sql, none, ...) sq_exec((q), (sql), (none), SQV_LIST(__VA_ARGS__))
#define SQ_INSERT(q, sql, id, ...) sq_insert((q), (sql), (id), SQV_LIST(__VA_ARGS__))
#define SQ_ONE(q, a, sql, row, out, ...) sq_one((q), (a), (sql), (row), (out), SQV_LIST(__VA_ARGS__))
#define SQ_EXISTS(q, sql, yes, ...) sq_exists((q), (sql), (yes), SQV_LIST(__VA_ARGS__))
#define SQ_SELECT(q, a, sql, elem, row, out, n, ...) \
	sq_select((q), (a), (sql), (elem), (row), (out), (n), SQV_LIST(__VA_ARGS__))
#define SQ_INT(q, sql, dflt, out, ...) sq_int((q), (sql), (dflt), (out), SQV_LIST(__VA_ARGS__))
/* Walks every row of `st` (bound by the caller; neither reset nor finalized
 * here): each row is read by `row` into an `elem`-byte item (at most
 * SQ_EACH_MAX_ELEM, else TB_EINVAL) with an arena of `arena_cap` bytes of its
 * own, released after `cb`, so memory stays flat however many rows there
 * are (an export, a re-index). A non-zero result of cb stops the walk and
 * is returned. sq_each_b: the same over built SQL (prepared and finalized
 * here). The callback takes the item as `const void *`; a store operation's
 * typed callback is reached through SQ_EACH_TYPED's trampoline (calling a
 * function through a pointer of another type is undefined behaviour, C11
 * 6.3.2.3p8, however alike the two types look). */
#define SQ_EACH_MAX_ELEM 1024
/* At file scope: struct TAG { cb, ctx } and TAG_call, the sq_each callback
 * that hands the item to cb as a const T *. Use: struct TAG w = { cb, ctx };
 * sq_each(..., TAG_call, &w). */
#define SQ_EACH_TYPED(T, TAG)                                                   \
	struct TAG {                                                                \
		int (*cb)(void *, const T *);                                           \
		void *ctx;                                                              \
	};                                                                          \
	static int TAG##_call(void *p, const void *item)                            \
	{                                                                           \
		const struct TAG *w = p;                                                \
		return w->cb(w->ctx, item);                                             \
	}
int sq_each(struct sq *q, struct sqs *st, size_t arena_cap, size_t elem,
            void (*row)(struct arena *, struct sqs *, void *), int (*cb)(void *, const void *),
            void *ctx);
int sq_each_b(struct sq *q, struct sqb *b, size_t arena_cap, size_t elem,
              void (*row)(struct arena *, struct sqs *, void *), int (*cb)(void *, const void *),
              void *ctx);
/* A row reader for a one-column integer list (ids): column 0 into an int64_t. */
void sq_row_i64(struct arena *a, struct sqs *st, void *out);
/* Column 0 as arena text into a const char * (NULL for NULL). */
void sq_row_text(struct arena *a, struct sqs *st, void *out);
/* Columns 0 and 1 into an int64_t[2] (a min and a max, two counts). */
void sq_row_i64_pair(struct arena *a, struct sqs *st, void *out);
/* Binds values from parameter 1 (what the runners above do). */
void sq_bind_values(struct sqs *st, const struct sqv *v, int nv);

/* Query builder: SQL text plus positional values. */
struct sqb {
	struct buf sql;
	struct sqv v[32];
	int nv;
	enum sqd_dialect dialect; /* of the connection the SQL is built for */
};
void sqb_init(struct sqb *b, const struct sq *q);
void sqb_release(struct sqb *b);
void sqb_sql(struct sqb *b, const char *s);
/* A dialect pair inside built SQL (see SQ_SQL). */
#define SQB_SQL(b, sqlite_text, pg_text) \
	sqb_sql((b), (b)->dialect == SQD_SQLITE ? (sqlite_text) : (pg_text))
/* Appends "(position of <s> in <expr>)>0": a case-sensitive substring test
 * (instr on SQLite, strpos on PostgreSQL; both take the haystack first). */
void sqb_contains(struct sqb *b, const char *expr, const char *s);
void sqb_text(struct sqb *b, const char *s);
void sqb_int(struct sqb *b, int64_t i);
void sqb_double(struct sqb *b, double d);
/* A filter of a listing, given only when it is set: appends `sql` (" AND
 * col=") and the value when v > 0 / s is not NULL; nothing otherwise. */
void sqb_and_int(struct sqb *b, const char *sql, int64_t v);
void sqb_and_text(struct sqb *b, const char *sql, const char *s);
/* The registries' text filter (alliances, agencies, platforms), when q is
 * given: " AND (<name> LIKE %q% OR lower(<name_en>) LIKE %lower(q)%)": the
 * Chinese name as written, the English one in any case. */
void sqb_and_name_like(struct sqb *b, const char *name, const char *name_en, const char *q);
int sqb_prepare(struct sq *q, struct sqb *b, struct sqs **out); /* caller finalizes */
/* Appends ` LIKE <s as a literal substring>` (wildcards escaped); lower: lower(s). */
void sqb_like_contains(struct sqb *b, const char *s, int lower);

/* Runs a built listing: at most `limit` rows, each read by `row` into an
 * arena array of `elem`-byte structs. limit SQ_ALL (< 0): every row, into
 * an array that doubles as it fills (bounded by the arena's cap, which
 * fails loudly): a sub-list of a record (a challenge's lines, its scores)
 * is never cut short by a number written here. */
int sq_list(struct sq *q, struct arena *a, struct sqb *b, size_t elem, int limit,
            void (*row)(struct arena *, struct sqs *, void *), void **out, int *n);
/* Count-then-page, the one listing runner: "SELECT count(*)" + from + where
 * gives *total, "SELECT " cols + from + where + " ORDER BY " order + LIMIT
 * and OFFSET gives the page (rows read by `row`). `where` appends the
 * filters of `query` (and may carry the FROM itself when `from` is ""). */
int sq_page(struct sq *q, struct arena *a, const char *cols, const char *from,
            void (*where)(struct sqb *, const void *), const void *query, const char *order,
            int limit, int offset, size_t elem, void (*row)(struct arena *, struct sqs *, void *),
            void **out, int *n, int64_t *total);
/* The same with two refinements for large tables: `count_from` (NULL = from)
 * lets the count skip a join the WHERE does not need (an index-only count of
 * the default catalogue page instead of one row read per item), and
 * `page_where` (NULL = none) adds a condition to the page only, not the total
 * (keyset paging: after=ID). */
int sq_page_ex(struct sq *q, struct arena *a, const char *cols, const char *from,
               const char *count_from, void (*where)(struct sqb *, const void *),
               void (*page_where)(struct sqb *, const void *), const void *query,
               const char *order, int limit, int offset, size_t elem,
               void (*row)(struct arena *, struct sqs *, void *), void **out, int *n,
               int64_t *total);
#define SQ_ALL (-1)
/* The most rows a facet count (key, count GROUP BY key) answers. */
#define SQ_MAX_FACETS 4096
/* Steps a cached statement (bound by the caller) to its last row like
 * sq_list with SQ_ALL, then resets it. */
int sq_rows(struct sq *q, struct arena *a, struct sqs *st, size_t elem,
            void (*row)(struct arena *, struct sqs *, void *), void **out, int *n);
/* Get by id: prepares `sql` (cached; its one parameter is the id), reads the
 * row with `row`; TB_ENOTFOUND when there is none. */
int sq_get_by_id(struct sq *q, struct arena *a, const char *sql, int64_t id,
                 void (*row)(struct arena *, struct sqs *, void *), void *out);
/* Runs a bound INSERT/UPDATE/DELETE and resets it; when it changed no row
 * the result is `none` (TB_ENOTFOUND for a missing id, TB_ESTATE for a lost
 * `WHERE status=?` guard, TB_OK when zero rows is fine). */
int sq_write(struct sq *q, struct sqs *st, int none);
/* UPDATE from a column table: `sql` is "UPDATE t SET " COLS(SQ_COL_SET)
 * ["updated_at=?"] " WHERE id=?"; binds the n columns of rec, then the
 * current time when `stamp` is set, then id. 0 rows -> TB_ENOTFOUND. */
int sq_update_cols(struct sq *q, const char *sql, const struct sq_col *c, int n, const void *rec,
                   bool stamp, int64_t id);
/* Runs a built "SELECT count(*) ..." into *total. */
int sq_count(struct sq *q, struct sqb *b, int64_t *total);
/* Steps a cached single-row statement: TB_OK on a row (read it, then reset),
 * TB_ENOTFOUND when there is none. */
int sq_step_one(struct sq *q, struct sqs *st);

extern const struct store_ops sq_ops;
/* The backend's side of every store operation: int sq_<name>(...), one per
 * STORE_OPS entry, defined in catalog.c, accounts.c, instruments.c,
 * contracts.c, ..., migrate.c and sq.c. */
#define X(ret, name, params, args) ret sq_##name params;
STORE_OPS(X)
#undef X


#endif

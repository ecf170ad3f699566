/* test_sql_driver.c - the SQL driver interface (src/store/sql/sqd.h) on the
 * SQLite driver, and what the SQL backend builds on it: the contract every
 * driver keeps (result codes, error mapping, reset clears the bindings,
 * changes, rollback without a transaction), INSERT ... RETURNING as the one
 * way to learn a new id, store_open's choice of driver by URL, and the server
 * key stored as text (the interface has no blobs) while a key written as a
 * BLOB before the driver interface still reads back. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>
#include <cmocka.h>

#include "tmpdir.h"

#include "core/err.h"
#include "store/sql/sqd.h"
#include "store/sql/sq.h"
#include "store/store.h"

struct fx {
	char path[64];
	struct sqd_conn *c;
};

static void unlink_db(const char *path)
{
	char p[96];
	unlink(path);
	snprintf(p, sizeof(p), "%s-wal", path); unlink(p);
	snprintf(p, sizeof(p), "%s-shm", path); unlink(p);
}

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	char err[128] = "";
	snprintf(f->path, sizeof(f->path), "%s/tb-sqd-%d.db", test_tmpdir(), (int)getpid());
	unlink_db(f->path);
	assert_int_equal(sqd_sqlite.open(f->path, &f->c, err, sizeof(err)), TB_OK);
	assert_non_null(f->c);
	assert_int_equal(sqd_sqlite.exec(f->c,
		"CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE,"
		" n INTEGER CHECK (n >= 0), x REAL);"), TB_OK);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	sqd_sqlite.close(f->c);
	unlink_db(f->path);
	free(f);
	return 0;
}

/* Inserts (name, n) with RETURNING id; returns the step result and *id. */
static int insert(struct sqd_conn *c, const char *name, int64_t n, int64_t *id)
{
	const struct sqd_driver *d = &sqd_sqlite;
	struct sqd_stmt *st = d->prepare(c, "INSERT INTO t(name,n) VALUES(?,?) RETURNING id", -1);
	int rc;
	assert_non_null(st);
	d->bind_text(st, 1, name, -1);
	d->bind_int64(st, 2, n);
	rc = d->step(st);
	if (rc == SQD_ROW && id)
		*id = d->column_int64(st, 0);
	d->finalize(st);
	return rc;
}

/* The driver contract the shared SQL relies on: step answers SQD_ROW /
 * SQD_DONE, RETURNING id gives the new row's id, column types use sqd's
 * numbers, and a length-limited text binds only that length. */
static void test_step_returning_and_types(void **state)
{
	struct fx *f = *state;
	const struct sqd_driver *d = &sqd_sqlite;
	struct sqd_stmt *st;
	int64_t a = 0, b = 0;

	assert_int_equal(d->dialect, SQD_SQLITE);
	assert_string_equal(d->name, "sqlite");
	assert_int_equal(insert(f->c, "one", 1, &a), SQD_ROW);
	assert_int_equal(insert(f->c, "two", 2, &b), SQD_ROW);
	assert_int_equal(a, 1);
	assert_int_equal(b, 2);

	st = d->prepare(f->c, "SELECT id,name,x,?,? FROM t WHERE id=?", -1);
	assert_non_null(st);
	d->bind_text(st, 1, "abcdef", 3);
	d->bind_double(st, 2, 2.5);
	d->bind_int64(st, 3, b);
	assert_int_equal(d->column_count(st), 5);
	assert_int_equal(d->step(st), SQD_ROW);
	assert_int_equal(d->column_type(st, 0), SQD_INTEGER);
	assert_int_equal(d->column_type(st, 1), SQD_TEXT);
	assert_int_equal(d->column_type(st, 2), SQD_NULL);
	assert_int_equal(d->column_type(st, 4), SQD_FLOAT);
	assert_string_equal(d->column_text(st, 1), "two");
	assert_int_equal(d->column_bytes(st, 1), 3);
	assert_string_equal(d->column_text(st, 3), "abc");
	assert_true(d->column_double(st, 4) == 2.5);
	assert_null(d->column_text(st, 2));
	assert_int_equal(d->step(st), SQD_DONE);
	d->finalize(st);
}

/* Guards the interface rule "reset also clears the bindings": the
 * PostgreSQL driver keeps no bindings across a reset, so a SQLite driver
 * that kept them would hide a missing bind in the shared SQL. */
static void test_reset_clears_bindings(void **state)
{
	struct fx *f = *state;
	const struct sqd_driver *d = &sqd_sqlite;
	struct sqd_stmt *st = d->prepare(f->c, "SELECT ? IS NULL", -1);
	assert_non_null(st);
	d->bind_int64(st, 1, 7);
	assert_int_equal(d->step(st), SQD_ROW);
	assert_int_equal(d->column_int64(st, 0), 0);
	d->reset(st);
	assert_int_equal(d->step(st), SQD_ROW);
	assert_int_equal(d->column_int64(st, 0), 1);
	d->finalize(st);
}

/* Errors come back mapped once, by the driver: UNIQUE -> TB_ECONFLICT,
 * CHECK and NOT NULL -> TB_EINVAL (the caller's data), bad SQL -> NULL. */
static void test_error_mapping(void **state)
{
	struct fx *f = *state;
	const struct sqd_driver *d = &sqd_sqlite;
	struct sqd_stmt *st;

	assert_int_equal(insert(f->c, "one", 1, NULL), SQD_ROW);
	assert_int_equal(insert(f->c, "one", 1, NULL), TB_ECONFLICT);
	assert_int_equal(insert(f->c, "neg", -1, NULL), TB_EINVAL);
	st = d->prepare(f->c, "INSERT INTO t(name) VALUES(?)", -1);
	assert_non_null(st);
	d->bind_text(st, 1, NULL, -1);   /* NULL text binds NULL: NOT NULL fails */
	assert_int_equal(d->step(st), TB_EINVAL);
	d->finalize(st);
	assert_null(d->prepare(f->c, "SELEC nothing", -1));
	assert_int_equal(d->exec(f->c, "INSERT INTO t(name,n) VALUES('one',1)"), TB_ECONFLICT);
}

/* changes() counts the last statement's rows; begin/rollback undo; a
 * rollback with no transaction open is not an error (error paths call it). */
static void test_changes_and_transactions(void **state)
{
	struct fx *f = *state;
	const struct sqd_driver *d = &sqd_sqlite;
	struct sqd_stmt *st;

	assert_int_equal(insert(f->c, "a", 1, NULL), SQD_ROW);
	assert_int_equal(insert(f->c, "b", 1, NULL), SQD_ROW);
	assert_int_equal(insert(f->c, "c", 2, NULL), SQD_ROW);
	assert_int_equal(d->exec(f->c, "UPDATE t SET n=5 WHERE n=1"), TB_OK);
	assert_int_equal(d->changes(f->c), 2);

	assert_int_equal(d->rollback(f->c), TB_OK);
	assert_int_equal(d->begin(f->c), TB_OK);
	assert_int_equal(d->exec(f->c, "DELETE FROM t"), TB_OK);
	assert_int_equal(d->changes(f->c), 3);
	assert_int_equal(d->rollback(f->c), TB_OK);
	st = d->prepare(f->c, "SELECT count(*) FROM t", -1);
	assert_int_equal(d->step(st), SQD_ROW);
	assert_int_equal(d->column_int64(st, 0), 3);
	d->finalize(st);
}

/* Runs store_open(url) with stderr captured into `msg`. */
static int open_capturing(const char *url, struct store **out, char *msg, size_t len)
{
	char path[64];
	int fd, saved, rc;
	ssize_t n;
	snprintf(path, sizeof(path), "%s/tb-sqd-err-%d.txt", test_tmpdir(), (int)getpid());
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	assert_true(fd >= 0);
	fflush(stderr);
	saved = dup(2);
	dup2(fd, 2);
	rc = store_open(url, out);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	lseek(fd, 0, SEEK_SET);
	n = read(fd, msg, len - 1);
	msg[n > 0 ? n : 0] = '\0';
	close(fd);
	unlink(path);
	return rc;
}

/* store_open picks the driver by URL: both PostgreSQL schemes open the
 * PostgreSQL driver (here a socket directory where no server runs: the
 * failure prints nothing itself and store_open_error() names the cause for
 * the caller's one line); sqlite:PATH and a plain path open the SQLite
 * driver. */
static void test_store_open_by_url(void **state)
{
	struct fx *f = *state;
	struct store *s = (struct store *)1;
	char msg[512];
	int applied;

	assert_int_equal(open_capturing("postgresql://u@/tb?host=/nonexistent-tb-sock", &s, msg, sizeof(msg)),
	                 TB_EIO);
	assert_null(s);
	assert_string_equal(msg, "");
	assert_non_null(strstr(store_open_error(), "/nonexistent-tb-sock"));
	assert_null(strchr(store_open_error(), '\n'));
	s = (struct store *)1;
	assert_int_equal(open_capturing("postgres://u@/tb?host=/nonexistent-tb-sock", &s, msg, sizeof(msg)),
	                 TB_EIO);
	assert_null(s);
	assert_non_null(strstr(store_open_error(), "/nonexistent-tb-sock"));

	{
		char url[80];
		snprintf(url, sizeof(url), "sqlite:%s.store", f->path);
		assert_int_equal(store_open(url, &s), TB_OK);
		assert_int_equal(store_migrate(s, &applied), TB_OK);
		assert_true(applied >= 12);
		store_close(s);
		/* The same file by its plain path: already at the latest version. */
		assert_int_equal(store_open(url + 7, &s), TB_OK);
		assert_int_equal(store_migrate(s, &applied), TB_OK);
		assert_int_equal(applied, 0);
		store_close(s);
		unlink_db(url + 7);
	}
	assert_int_equal(store_open("/nonexistent-dir/x/y.db", &s), TB_EIO);
	assert_null(s);
}

/* The statement cache has no cap: it used to hold 256 statements and then
 * evict slot 0, so a statement a caller was still stepping could be
 * finalized (and its handle silently reused for another statement) as soon
 * as the backend had more distinct statements than that. 600 distinct
 * statements are prepared around an outer one that is being stepped; the
 * outer one must still give its own rows, and each statement must still be
 * the cached one afterwards. */
static void test_statement_cache_has_no_cap(void **state)
{
	struct fx *f = *state;
	enum { N = 600 };
	char url[80], *fill[N];
	struct store *s;
	struct sq *q;
	struct sqs *outer, *again[N];
	static const char outer_sql[] =
		"WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM r WHERE i<3) SELECT i FROM r";

	snprintf(url, sizeof(url), "sqlite:%s.cache", f->path);
	assert_int_equal(store_open(url, &s), TB_OK);
	q = SQ(s);
	for (int i = 0; i < N; i++) {
		fill[i] = malloc(32);
		assert_non_null(fill[i]);
		snprintf(fill[i], 32, "SELECT %d", 1000 + i);
	}
	for (int i = 0; i < N / 2; i++)
		assert_non_null(again[i] = sq_prep(q, fill[i]));
	assert_non_null(outer = sq_prep(q, outer_sql));
	assert_int_equal(sqs_step(outer), SQD_ROW);
	assert_int_equal(sqs_col_int64(outer, 0), 1);
	for (int i = N / 2; i < N; i++)
		assert_non_null(again[i] = sq_prep(q, fill[i]));
	assert_int_equal(sqs_step(outer), SQD_ROW);
	assert_int_equal(sqs_col_int64(outer, 0), 2);
	for (int i = 0; i < N; i++) {
		struct sqs *st = sq_prep(q, fill[i]);
		assert_ptr_equal(st, again[i]);
		assert_int_equal(sqs_step(st), SQD_ROW);
		assert_int_equal(sqs_col_int64(st, 0), 1000 + i);
	}
	store_close(s);
	for (int i = 0; i < N; i++)
		free(fill[i]);
	unlink_db(url + 7);
}

/* The server key (unsubscribe links) is stored as hex text now: the first
 * candidate wins and reads back byte for byte; a key that an older build
 * wrote as a 32-byte BLOB still reads back unchanged (links already mailed
 * stay valid). */
static void test_server_key_text_and_legacy_blob(void **state)
{
	struct fx *f = *state;
	struct store *s;
	unsigned char cand[32], other[32], got[32], legacy[32];
	char url[80];
	int applied;
	struct sqd_conn *c;
	char err[128];

	for (int i = 0; i < 32; i++) {
		cand[i] = (unsigned char)(i * 7 + 1);
		other[i] = (unsigned char)(255 - i);
		legacy[i] = (unsigned char)(i == 3 ? 0 : i + 100); /* a NUL inside */
	}
	snprintf(url, sizeof(url), "%s.keys", f->path);
	assert_int_equal(store_open(url, &s), TB_OK);
	assert_int_equal(store_migrate(s, &applied), TB_OK);
	assert_int_equal(store_server_key(s, "k", cand, sizeof(cand), got), TB_OK);
	assert_memory_equal(got, cand, 32);
	assert_int_equal(store_server_key(s, "k", other, sizeof(other), got), TB_OK);
	assert_memory_equal(got, cand, 32);
	store_close(s);

	/* A BLOB as the SQLite backend wrote it before the driver interface. */
	assert_int_equal(sqd_sqlite.open(url, &c, err, sizeof(err)), TB_OK);
	{
		char sql[160];
		int n = snprintf(sql, sizeof(sql), "INSERT INTO server_keys(name,key) VALUES('old',x'");
		for (int i = 0; i < 32; i++)
			n += snprintf(sql + n, sizeof(sql) - (size_t)n, "%02x", legacy[i]);
		snprintf(sql + n, sizeof(sql) - (size_t)n, "')");
		assert_int_equal(sqd_sqlite.exec(c, sql), TB_OK);
	}
	sqd_sqlite.close(c);
	assert_int_equal(store_open(url, &s), TB_OK);
	assert_int_equal(store_server_key(s, "old", other, sizeof(other), got), TB_OK);
	assert_memory_equal(got, legacy, 32);
	store_close(s);
	unlink_db(url);
}

/* The one-call statement runners of sq.h (issue #11: every write in
 * src/store/sql/ was prepare + n binds + step, written out ~150 times; a
 * typed value list replaces them, so these guard what all of them now rely
 * on): values bind in order from ?1 by their type, `?N` reuses one, SQV_NULL
 * and SQV_OPT_ID(0) bind NULL, every SQV_NOW of one call is the same text,
 * SQV_COLS expands to its columns, 0 rows changed is the caller's `none`,
 * sq_insert returns the new id, sq_one / sq_exists / sq_select / sq_int
 * read what was written. */
struct rec { const char *name; int64_t n; double x; };
#define REC_COLUMNS(X) X(name, TEXT, NULL) X(n, I64, NULL) X(x, OPT_DBL, NULL)
static const struct sq_col rec_cols[] = {
#define X(n, t, d) SQ_COL(struct rec, n, t, d),
	REC_COLUMNS(X)
#undef X
};

static void rec_row(struct arena *a, struct sqs *st, void *p)
{
	struct rec *r = p;
	r->name = sq_col_text(a, st, 0);
	r->n = sqs_col_type(st, 1) == SQD_NULL ? -7 : sqs_col_int64(st, 1);
	r->x = sq_col_double_or(st, 2, -1);
}

static void test_typed_runners(void **state)
{
	struct fx *f = *state;
	char url[80];
	struct store *s;
	struct sq *q;
	struct arena a;
	struct rec r, in = { "cols", 4, -1 }, *rows;
	int64_t id = 0, id2 = 0, v;
	int yes = -1, n = 0;
	static const char ins[] = "INSERT INTO t(name,n,x) VALUES(?,?,?) RETURNING id";
	static const char ins_cols[] = "INSERT INTO t(" REC_COLUMNS(SQ_COL_NAME) "id)"
	                               " VALUES(" REC_COLUMNS(SQ_COL_QM) "?) RETURNING id";
	static const char get[] = "SELECT name,n,x FROM t WHERE id=?";
	static const char upd[] = "UPDATE t SET name=?1||'/'||?1, n=?2 WHERE id=?3";
	static const char two_now[] = "INSERT INTO t(name,n) VALUES(?1, CASE WHEN ?1=? THEN 1 ELSE 0 END)"
	                              " RETURNING id";

	snprintf(url, sizeof(url), "sqlite:%s.run", f->path);
	assert_int_equal(store_open(url, &s), TB_OK);
	q = SQ(s);
	assert_int_equal(sq_exec_sql(q, "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT UNIQUE,"
	                                " n INTEGER, x REAL)"), TB_OK);
	arena_init(&a, 1 << 20);

	assert_int_equal(SQ_INSERT(q, ins, &id, SQV_TEXT("a"), SQV_I64(5), SQV_DBL(2.5)), TB_OK);
	assert_true(id > 0);
	assert_int_equal(SQ_ONE(q, &a, get, rec_row, &r, SQV_I64(id)), TB_OK);
	assert_string_equal(r.name, "a");
	assert_int_equal(r.n, 5);
	assert_true(r.x == 2.5);
	/* NULLs: SQV_NULL, SQV_OPT_ID(0), SQV_OPT_DBL(<0), SQV_TEXT(NULL) */
	assert_int_equal(SQ_INSERT(q, ins, &id2, SQV_TEXT("b"), SQV_OPT_ID(0), SQV_OPT_DBL(-1)), TB_OK);
	assert_int_equal(SQ_ONE(q, &a, get, rec_row, &r, SQV_I64(id2)), TB_OK);
	assert_int_equal(r.n, -7);
	assert_true(r.x == -1);
	assert_int_equal(SQ_EXEC(q, "UPDATE t SET x=? WHERE id=?", TB_ENOTFOUND, SQV_NULL, SQV_I64(id2)),
	                 TB_OK);
	/* ?N reuses a value; 0 rows is `none` */
	assert_int_equal(SQ_EXEC(q, upd, TB_ENOTFOUND, SQV_TEXT("c"), SQV_OPT_ID(9), SQV_I64(id)), TB_OK);
	assert_int_equal(SQ_ONE(q, &a, get, rec_row, &r, SQV_I64(id)), TB_OK);
	assert_string_equal(r.name, "c/c");
	assert_int_equal(r.n, 9);
	assert_int_equal(SQ_EXEC(q, upd, TB_ESTATE, SQV_TEXT("d"), SQV_I64(1), SQV_I64(999)), TB_ESTATE);
	assert_int_equal(SQ_EXEC(q, upd, TB_OK, SQV_TEXT("d"), SQV_I64(1), SQV_I64(999)), TB_OK);
	assert_int_equal(SQ_ONE(q, &a, get, rec_row, &r, SQV_I64(999)), TB_ENOTFOUND);
	/* two SQV_NOW of one call are the same instant (created_at = updated_at) */
	assert_int_equal(SQ_INSERT(q, two_now, &id2, SQV_NOW, SQV_NOW), TB_OK);
	assert_int_equal(SQ_ONE(q, &a, get, rec_row, &r, SQV_I64(id2)), TB_OK);
	assert_int_equal(r.n, 1);
	assert_int_equal((int)strlen(r.name), 20); /* YYYY-MM-DDTHH:MM:SSZ */
	/* SQV_TEXT_OR_NOW: the text when given */
	assert_int_equal(SQ_INSERT(q, ins, &id2, SQV_TEXT_OR_NOW("given"), SQV_I64(0), SQV_NULL), TB_OK);
	/* SQV_COLS: a column table's members, then the values after it */
	assert_int_equal(SQ_INSERT(q, ins_cols, &id2, SQV_COLS(rec_cols, 3, &in), SQV_I64(77)), TB_OK);
	assert_int_equal(id2, 77);
	assert_int_equal(SQ_ONE(q, &a, get, rec_row, &r, SQV_I64(77)), TB_OK);
	assert_string_equal(r.name, "cols");
	assert_int_equal(r.n, 4);
	assert_true(r.x == -1);
	/* a constraint is the driver's mapped error, not `none` */
	assert_int_equal(SQ_INSERT(q, ins, &id2, SQV_TEXT("cols"), SQV_I64(1), SQV_NULL), TB_ECONFLICT);
	/* reads */
	assert_int_equal(SQ_EXISTS(q, "SELECT 1 FROM t WHERE name=?", &yes, SQV_TEXT("given")), TB_OK);
	assert_int_equal(yes, 1);
	assert_int_equal(SQ_EXISTS(q, "SELECT 1 FROM t WHERE name=?", &yes, SQV_TEXT("nope")), TB_OK);
	assert_int_equal(yes, 0);
	assert_int_equal(SQ_SELECT(q, &a, "SELECT name,n,x FROM t WHERE id>=? ORDER BY id", sizeof(struct rec),
	                           rec_row, (void **)&rows, &n, SQV_I64(id)), TB_OK);
	assert_int_equal(n, 5);
	assert_string_equal(rows[0].name, "c/c");
	assert_string_equal(rows[4].name, "cols");
	assert_int_equal(SQ_INT(q, "SELECT max(n) FROM t WHERE name<>?", -1, &v, SQV_TEXT("x")), TB_OK);
	assert_int_equal(v, 9);
	assert_int_equal(SQ_INT(q, "SELECT n FROM t WHERE id=?", -1, &v, SQV_I64(12345)), TB_OK);
	assert_int_equal(v, -1);
	arena_release(&a);
	store_close(s);
	unlink_db(url + 7);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_step_returning_and_types, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reset_clears_bindings, setup, teardown),
		cmocka_unit_test_setup_teardown(test_error_mapping, setup, teardown),
		cmocka_unit_test_setup_teardown(test_changes_and_transactions, setup, teardown),
		cmocka_unit_test_setup_teardown(test_store_open_by_url, setup, teardown),
		cmocka_unit_test_setup_teardown(test_server_key_text_and_legacy_blob, setup, teardown),
		cmocka_unit_test_setup_teardown(test_statement_cache_has_no_cap, setup, teardown),
		cmocka_unit_test_setup_teardown(test_typed_runners, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

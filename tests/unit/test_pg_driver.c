/* test_pg_driver.c - the PostgreSQL driver (src/store/pg/driver.c) alone,
 * against the test cluster (pg_fixture.h): `?` placeholders rewritten to $n
 * outside quoted text, SQLite-like column types and values (booleans,
 * integral sums, timestamptz in the SQLite backend's form), SQLSTATE -> tb_err
 * mapping, changes(), the failed-commit case, the write lock of begin(), and
 * reconnecting after the server dropped the connection.
 *
 * Guards against: a `?` inside a literal taken for a parameter; booleans
 * read as 0 ("t" is not a number); timestamps that differ in form between the
 * backends; a unique or exclusion violation answered 500 instead of 409; a
 * COMMIT of an aborted transaction taken for success (an acknowledged write
 * that is not there); a statement run in autocommit after its transaction was
 * lost; a pooled connection that stays dead after the server came back; a
 * change-log follower that polls instead of waiting on LISTEN (below). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <pthread.h>
#include <time.h>
#include <cmocka.h>

#include "core/err.h"
#include "store/sql/sqd.h"
#include "pg_fixture.h"

static const struct sqd_driver *D = &sqd_pg;
static char db_name[64];
static char db_url[640];

static struct sqd_conn *connect_to(const char *url)
{
	struct sqd_conn *c = NULL;
	char err[256];
	int rc = D->open(url, &c, err, sizeof(err));
	if (rc)
		fprintf(stderr, "open %s: %s\n", url, err);
	assert_int_equal(rc, TB_OK);
	assert_non_null(c);
	return c;
}

/* One fresh database for the whole file, dropped at the end. */
static int group_setup(void **state)
{
	const char *base = pgfx_base_url();
	struct sqd_conn *c;
	char sql[128];

	(void)state;
	if (!base)
		return -1;
	snprintf(db_name, sizeof(db_name), "tb_pg_driver_%ld", (long)getpid());
	c = connect_to(base);
	snprintf(sql, sizeof(sql), "DROP DATABASE IF EXISTS %s", db_name);
	D->exec(c, sql);
	snprintf(sql, sizeof(sql), "CREATE DATABASE %s", db_name);
	if (D->exec(c, sql) != TB_OK) {
		fprintf(stderr, "create database: %s\n", D->errmsg(c));
		D->close(c);
		return -1;
	}
	D->close(c);
	pgfx_db_url(db_url, sizeof(db_url), db_name);
	return 0;
}

static int group_teardown(void **state)
{
	struct sqd_conn *c;
	char sql[128];
	(void)state;
	if (!pgfx_base_url())
		return 0;
	c = connect_to(pgfx_base_url());
	snprintf(sql, sizeof(sql), "DROP DATABASE IF EXISTS %s WITH (FORCE)", db_name);
	D->exec(c, sql);
	D->close(c);
	return 0;
}

static int setup(void **state)
{
	*state = connect_to(db_url);
	return 0;
}

static int teardown(void **state)
{
	D->close(*state);
	return 0;
}

/* Runs sql (one row expected) with up to 3 text parameters. */
static struct sqd_stmt *row_of(struct sqd_conn *c, const char *sql, const char *p1, const char *p2,
                               const char *p3)
{
	struct sqd_stmt *st = D->prepare(c, sql, -1);
	assert_non_null(st);
	if (p1) D->bind_text(st, 1, p1, -1);
	if (p2) D->bind_text(st, 2, p2, -1);
	if (p3) D->bind_text(st, 3, p3, -1);
	assert_int_equal(D->step(st), SQD_ROW);
	return st;
}

static void test_placeholders_outside_quotes(void **state)
{
	struct sqd_conn *c = *state;
	/* Question marks in a string, an E-string with an escaped quote, a
	 * quoted identifier, a dollar quote and both comment kinds are text;
	 * the two bare ones are $1 and $2. */
	struct sqd_stmt *st = row_of(c,
		"SELECT ? AS \"a?\", '?''?', E'\\'?', $$?$$, /* ? /* ? */ */ ? -- ?\n",
		"one", "two", NULL);
	assert_int_equal(D->column_count(st), 5);
	assert_string_equal(D->column_text(st, 0), "one");
	assert_string_equal(D->column_text(st, 1), "?'?");
	assert_string_equal(D->column_text(st, 2), "'?");
	assert_string_equal(D->column_text(st, 3), "?");
	assert_string_equal(D->column_text(st, 4), "two");
	assert_int_equal(D->step(st), SQD_DONE);
	D->finalize(st);

	/* ?NNN keeps its number (SQLite's rule), a later bare ? continues after it. */
	st = row_of(c, "SELECT ?2 || ?1, ?", "a", "b", "c");
	assert_string_equal(D->column_text(st, 0), "ba");
	assert_string_equal(D->column_text(st, 1), "c");
	D->finalize(st);
}

static void test_types_read_like_sqlite(void **state)
{
	struct sqd_conn *c = *state;
	struct sqd_stmt *st;

	assert_int_equal(D->exec(c, "CREATE TEMP TABLE t (i bigint, b boolean, d double precision,"
	                            " n numeric, ts timestamptz, tx text)"), TB_OK);
	st = D->prepare(c, "INSERT INTO t VALUES (?,?,?,?,?,?),(?,?,?,?,?,?)", -1);
	assert_non_null(st);
	D->bind_int64(st, 1, INT64_C(4611686018427387904));   /* 2^62 */
	D->bind_int64(st, 2, 1);
	D->bind_double(st, 3, 0.1);
	D->bind_text(st, 4, "12.50", -1);
	D->bind_text(st, 5, "2026-12-01T16:00:00+08:00", -1);   /* a booking's local time */
	D->bind_text(st, 6, "文本", -1);
	D->bind_int64(st, 7, 3);
	D->bind_int64(st, 8, 0);
	D->bind_null(st, 9);
	D->bind_text(st, 10, "7", -1);
	D->bind_text(st, 11, "2026-12-01T08:00:00.75Z", -1);
	D->bind_null(st, 12);
	assert_int_equal(D->step(st), SQD_DONE);
	assert_int_equal(D->changes(c), 2);
	D->finalize(st);

	st = D->prepare(c, "SELECT i, b, d, n, ts, tx, i > 5 FROM t ORDER BY i DESC", -1);
	assert_int_equal(D->step(st), SQD_ROW);
	assert_int_equal(D->column_type(st, 0), SQD_INTEGER);
	assert_true(D->column_int64(st, 0) == INT64_C(4611686018427387904));
	assert_int_equal(D->column_type(st, 1), SQD_INTEGER);   /* boolean: 1/0 */
	assert_int_equal(D->column_int64(st, 1), 1);
	assert_string_equal(D->column_text(st, 1), "1");
	assert_int_equal(D->column_type(st, 2), SQD_FLOAT);
	assert_true(D->column_double(st, 2) == 0.1);
	assert_int_equal(D->column_type(st, 3), SQD_FLOAT);      /* numeric with a fraction */
	assert_true(D->column_double(st, 3) == 12.5);
	assert_int_equal(D->column_int64(st, 3), 12);
	assert_int_equal(D->column_type(st, 4), SQD_TEXT);
	assert_string_equal(D->column_text(st, 4), "2026-12-01T08:00:00Z");
	assert_int_equal(D->column_bytes(st, 4), 20);
	assert_string_equal(D->column_text(st, 5), "文本");
	assert_int_equal(D->column_bytes(st, 5), 6);
	assert_int_equal(D->column_int64(st, 6), 1);
	assert_int_equal(D->step(st), SQD_ROW);
	assert_int_equal(D->column_int64(st, 1), 0);
	assert_string_equal(D->column_text(st, 1), "0");
	assert_int_equal(D->column_type(st, 2), SQD_NULL);
	assert_null(D->column_text(st, 2));
	assert_true(D->column_double(st, 2) == 0.0);
	assert_int_equal(D->column_type(st, 3), SQD_INTEGER);    /* integral numeric */
	/* Fractions of a second are dropped: the SQLite backend stores seconds. */
	assert_string_equal(D->column_text(st, 4), "2026-12-01T08:00:00Z");
	assert_int_equal(D->column_type(st, 5), SQD_NULL);
	assert_int_equal(D->column_int64(st, 6), 0);
	assert_int_equal(D->step(st), SQD_DONE);
	D->finalize(st);

	/* sum() of bigint is numeric in PostgreSQL; read as an exact INTEGER. */
	st = row_of(c, "SELECT sum(i), count(*) FROM t", NULL, NULL, NULL);
	assert_int_equal(D->column_type(st, 0), SQD_INTEGER);
	assert_true(D->column_int64(st, 0) == INT64_C(4611686018427387907));
	assert_int_equal(D->column_type(st, 1), SQD_INTEGER);
	assert_int_equal(D->column_int64(st, 1), 2);
	D->finalize(st);
}

static void test_reset_rerun_and_changes(void **state)
{
	struct sqd_conn *c = *state;
	struct sqd_stmt *st;

	assert_int_equal(D->exec(c, "CREATE TEMP TABLE r (id bigint GENERATED ALWAYS AS IDENTITY"
	                            " PRIMARY KEY, v text)"), TB_OK);
	st = D->prepare(c, "INSERT INTO r(v) VALUES (?) RETURNING id", -1);
	for (int i = 1; i <= 3; i++) {
		D->bind_text(st, 1, "x", -1);
		assert_int_equal(D->step(st), SQD_ROW);
		assert_int_equal(D->column_int64(st, 0), i);
		assert_int_equal(D->step(st), SQD_DONE);
		assert_int_equal(D->changes(c), 1);
		D->reset(st);
	}
	/* reset clears the bindings: an unbound parameter is NULL. */
	assert_int_equal(D->step(st), SQD_ROW);
	D->finalize(st);
	st = row_of(c, "SELECT count(*) FROM r WHERE v IS NULL", NULL, NULL, NULL);
	assert_int_equal(D->column_int64(st, 0), 1);
	D->finalize(st);

	st = D->prepare(c, "UPDATE r SET v='y' WHERE id <= ?", -1);
	D->bind_int64(st, 1, 3);
	assert_int_equal(D->step(st), SQD_DONE);
	assert_int_equal(D->changes(c), 3);
	/* A finished statement runs again on the next step, with its bindings. */
	assert_int_equal(D->step(st), SQD_DONE);
	assert_int_equal(D->changes(c), 3);
	D->finalize(st);
	/* A SELECT leaves the count of the last write alone, as in SQLite. */
	st = row_of(c, "SELECT 1", NULL, NULL, NULL);
	D->finalize(st);
	assert_int_equal(D->changes(c), 3);
}

static int step_text(struct sqd_conn *c, const char *sql, const char *v)
{
	struct sqd_stmt *st = D->prepare(c, sql, -1);
	int rc;
	assert_non_null(st);
	if (v)
		D->bind_text(st, 1, v, -1);
	rc = D->step(st);
	D->finalize(st);
	return rc;
}

static void test_errors_by_sqlstate(void **state)
{
	struct sqd_conn *c = *state;

	assert_int_equal(D->exec(c,
		"CREATE TEMP TABLE p (id bigint PRIMARY KEY, name text NOT NULL UNIQUE,"
		" n int CHECK (n > 0));"
		"CREATE TEMP TABLE ch (p_id bigint REFERENCES p(id));"
		"CREATE TEMP TABLE ex (r int4range, EXCLUDE USING gist (r WITH &&));"
		"INSERT INTO p VALUES (1, 'a', 1);"
		"INSERT INTO ex VALUES ('[1,5)')"), TB_OK);
	/* 23505 unique, 23503 foreign key, 23P01 exclusion: conflicts (409). */
	assert_int_equal(step_text(c, "INSERT INTO p VALUES (2, ?, 1)", "a"), TB_ECONFLICT);
	assert_int_equal(step_text(c, "INSERT INTO ch VALUES (?)", "99"), TB_ECONFLICT);
	assert_int_equal(step_text(c, "INSERT INTO ex VALUES (?)", "[3,8)"), TB_ECONFLICT);
	/* 23514 CHECK, 23502 NOT NULL, 22P02 a value of the wrong form: bad input. */
	assert_int_equal(step_text(c, "INSERT INTO p VALUES (3, 'c', ?)", "0"), TB_EINVAL);
	assert_int_equal(step_text(c, "INSERT INTO p VALUES (4, ?, 1)", NULL), TB_EINVAL);
	assert_int_equal(step_text(c, "INSERT INTO p VALUES (?, 'd', 1)", "12x"), TB_EINVAL);
	/* A syntax error is the store's own failure, with a message for the log. */
	assert_int_equal(step_text(c, "SELEC 1", NULL), TB_EDB);
	assert_non_null(strstr(D->errmsg(c), "syntax error"));
	/* The connection is fine after all of these. */
	assert_int_equal(step_text(c, "SELECT 1", NULL), SQD_ROW);
}

/* As in SQLite, a failed write undoes itself only: the demo seeder skips a
 * duplicate attendee and goes on (it failed on PostgreSQL with "current
 * transaction is aborted" before the statement savepoints). */
static void test_failed_write_undoes_only_itself(void **state)
{
	struct sqd_conn *c = *state;
	struct sqd_stmt *st;

	assert_int_equal(D->exec(c, "CREATE TEMP TABLE w (k text PRIMARY KEY)"), TB_OK);
	assert_int_equal(D->begin(c), TB_OK);
	assert_int_equal(step_text(c, "INSERT INTO w VALUES (?)", "one"), SQD_DONE);
	assert_int_equal(step_text(c, "INSERT INTO w VALUES (?)", "one"), TB_ECONFLICT);
	assert_int_equal(step_text(c, "UPDATE w SET k=NULL WHERE k=?", "one"), TB_EINVAL);
	assert_int_equal(step_text(c, "INSERT INTO w VALUES (?)", "two"), SQD_DONE);
	assert_int_equal(step_text(c, "INSERT INTO w VALUES (?)", "two"), TB_ECONFLICT);
	assert_int_equal(D->commit(c), TB_OK);
	st = row_of(c, "SELECT string_agg(k, ',' ORDER BY k) FROM w", NULL, NULL, NULL);
	assert_string_equal(D->column_text(st, 0), "one,two");
	D->finalize(st);
}

static void test_failed_transaction_never_commits(void **state)
{
	struct sqd_conn *c = *state;
	struct sqd_stmt *st;

	assert_int_equal(D->exec(c, "CREATE TEMP TABLE f (k text PRIMARY KEY)"), TB_OK);
	assert_int_equal(D->begin(c), TB_OK);
	assert_int_equal(step_text(c, "INSERT INTO f VALUES (?)", "one"), SQD_DONE);
	/* A failed read is not under a savepoint: it aborts the transaction. */
	assert_int_equal(step_text(c, "SELECT 1/(length(?)-3)", "one"), TB_EINVAL);
	/* PostgreSQL answers COMMIT of an aborted transaction with "ROLLBACK"
	 * and no error; the driver must report the failure. */
	assert_int_equal(D->commit(c), TB_EDB);
	st = row_of(c, "SELECT count(*) FROM f", NULL, NULL, NULL);
	assert_int_equal(D->column_int64(st, 0), 0);
	D->finalize(st);
	/* and the connection goes on in autocommit. */
	assert_int_equal(D->begin(c), TB_OK);
	assert_int_equal(step_text(c, "INSERT INTO f VALUES (?)", "two"), SQD_DONE);
	assert_int_equal(D->commit(c), TB_OK);
	assert_int_equal(D->rollback(c), TB_OK);   /* outside a transaction: harmless */
}

struct locker { struct sqd_conn *c; volatile int began; };

static void *second_writer(void *arg)
{
	struct locker *l = arg;
	if (D->begin(l->c) == TB_OK) {
		l->began = 1;
		D->rollback(l->c);
	}
	return NULL;
}

static void test_begin_serializes_writers(void **state)
{
	struct sqd_conn *a = *state, *b = connect_to(db_url);
	struct locker l = { b, 0 };
	struct timespec pause = { 0, 300 * 1000000L };
	pthread_t t;

	/* As BEGIN IMMEDIATE on SQLite: a second write transaction waits
	 * until the first ends. */
	assert_int_equal(D->begin(a), TB_OK);
	assert_int_equal(pthread_create(&t, NULL, second_writer, &l), 0);
	nanosleep(&pause, NULL);
	assert_int_equal(l.began, 0);
	assert_int_equal(D->commit(a), TB_OK);
	pthread_join(t, NULL);
	assert_int_equal(l.began, 1);
	D->close(b);
}

static int backend_pid(struct sqd_conn *c)
{
	struct sqd_stmt *st = row_of(c, "SELECT pg_backend_pid()", NULL, NULL, NULL);
	int pid = (int)D->column_int64(st, 0);
	D->finalize(st);
	return pid;
}

static void terminate(int pid)
{
	struct sqd_conn *k = connect_to(db_url);
	struct sqd_stmt *st = D->prepare(k, "SELECT pg_terminate_backend(?::int)", -1);
	struct timespec pause = { 0, 100 * 1000000L };
	D->bind_int64(st, 1, pid);
	assert_int_equal(D->step(st), SQD_ROW);
	assert_int_equal(D->column_int64(st, 0), 1);
	D->finalize(st);
	D->close(k);
	nanosleep(&pause, NULL);   /* the backend exits asynchronously */
}

static void test_reconnects_after_lost_connection(void **state)
{
	struct sqd_conn *c = *state;
	struct sqd_stmt *st = D->prepare(c, "SELECT ? || '!'", -1);
	int pid;

	D->bind_text(st, 1, "before", -1);
	assert_int_equal(D->step(st), SQD_ROW);
	assert_string_equal(D->column_text(st, 0), "before!");
	D->reset(st);
	pid = backend_pid(c);
	terminate(pid);

	/* The request that meets the dead connection fails (503 upstairs)... */
	D->bind_text(st, 1, "during", -1);
	assert_int_equal(D->step(st), TB_EUNAVAIL);
	D->reset(st);
	/* ...the next one reconnects, and a statement prepared on the old
	 * session is prepared again on the new one. */
	D->bind_text(st, 1, "after", -1);
	assert_int_equal(D->step(st), SQD_ROW);
	assert_string_equal(D->column_text(st, 0), "after!");
	D->finalize(st);
	assert_int_not_equal(backend_pid(c), pid);
}

static void test_lost_transaction_stays_failed(void **state)
{
	struct sqd_conn *c = *state;
	struct sqd_stmt *st;

	assert_int_equal(D->exec(c, "CREATE TABLE IF NOT EXISTS lost (k text)"), TB_OK);
	assert_int_equal(D->begin(c), TB_OK);
	assert_int_equal(step_text(c, "INSERT INTO lost VALUES (?)", "first"), SQD_DONE);
	terminate(backend_pid(c));
	/* The second half of the transaction must not run in autocommit on a
	 * new connection: it fails, and so does commit. */
	assert_int_equal(step_text(c, "INSERT INTO lost VALUES (?)", "second"), TB_EUNAVAIL);
	assert_int_equal(step_text(c, "INSERT INTO lost VALUES (?)", "second"), TB_EUNAVAIL);
	assert_int_equal(D->commit(c), TB_EUNAVAIL);
	assert_int_equal(D->rollback(c), TB_OK);
	/* After rollback the connection heals; nothing of the transaction is there. */
	st = row_of(c, "SELECT count(*) FROM lost", NULL, NULL, NULL);
	assert_int_equal(D->column_int64(st, 0), 0);
	D->finalize(st);
}

static void test_open_failure_is_one_line(void **state)
{
	struct sqd_conn *c = (void *)1;
	char err[256];
	(void)state;
	assert_int_equal(D->open("postgresql:///x?host=/nonexistent-tb-dir&port=1", &c, err, sizeof(err)),
	                 TB_EDB);
	assert_null(c);
	assert_non_null(strstr(err, "/nonexistent-tb-dir"));
	assert_null(strchr(err, '\n'));
	assert_null(strchr(err, '\t'));
}

/* == the change-log wait (sqd.h `wait`): LISTEN tb_changes, poll() ==
 * Guards against the follower of the change log polling the database every
 * few ms (the pg driver had no wait hook: changes_wait read max(seq) every
 * 10 ms on every node, forever), against a wait that returns before the
 * notifying transaction commits or long after it, and against a listener
 * that stops hearing anything after its connection was re-established. */

static int64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

struct committer {
	struct sqd_conn *c;
	int delay_ms;
	int64_t commit_start, commit_done;
	int rc;
};

/* Commits c's open transaction after delay_ms. */
static void *commit_later(void *arg)
{
	struct committer *k = arg;
	struct timespec pause = { k->delay_ms / 1000, (k->delay_ms % 1000) * 1000000L };
	nanosleep(&pause, NULL);
	k->commit_start = now_ms();
	k->rc = D->commit(k->c);
	k->commit_done = now_ms();
	return NULL;
}

static void test_wait_wakes_at_commit(void **state)
{
	struct sqd_conn *a = *state, *b = connect_to(db_url);
	struct committer k = { b, 300, 0, 0, -1 };
	int64_t token = -1, taken, t0, t1;
	pthread_t t;

	assert_non_null(D->wait);
	assert_int_equal(D->exec(b, "CREATE TABLE IF NOT EXISTS waitlog (k int)"), TB_OK);
	assert_int_equal(D->wait(a, &token, 0), TB_OK);
	assert_true(token >= 0);
	taken = token;
	/* What the change log's trigger does: a write and a NOTIFY in one
	 * transaction, delivered at its commit only. */
	assert_int_equal(D->begin(b), TB_OK);
	assert_int_equal(D->exec(b, "INSERT INTO waitlog VALUES (1);SELECT pg_notify('tb_changes','')"),
	                 TB_OK);
	assert_int_equal(pthread_create(&t, NULL, commit_later, &k), 0);
	t0 = now_ms();
	assert_int_equal(D->wait(a, &token, 10000), TB_OK);
	t1 = now_ms();
	pthread_join(t, NULL);
	assert_int_equal(k.rc, TB_OK);
	assert_int_not_equal(token, taken);
	/* Not before the commit (the NOTIFY was sent 300 ms earlier)... */
	assert_true(t1 >= k.commit_start);
	assert_true(t1 - t0 >= 290);
	/* ...and not long after it: woken, not the 10 s timeout. */
	if (t1 - k.commit_done > 100)
		fail_msg("woken %lld ms after the commit", (long long)(t1 - k.commit_done));
	D->close(b);
}

static void test_wait_sleeps_until_timeout(void **state)
{
	struct sqd_conn *a = *state, *b = connect_to(db_url);
	struct committer k = { b, 100, 0, 0, -1 };
	int64_t token = -1, taken, t0, t1;
	pthread_t t;

	assert_non_null(D->wait);
	assert_int_equal(D->exec(b, "CREATE TABLE IF NOT EXISTS waitlog (k int)"), TB_OK);
	assert_int_equal(D->wait(a, &token, 0), TB_OK);
	taken = token;
	/* A commit that sends no NOTIFY (a write outside the change log) does
	 * not wake the wait: it sleeps on the socket, it does not poll. */
	assert_int_equal(D->begin(b), TB_OK);
	assert_int_equal(D->exec(b, "INSERT INTO waitlog VALUES (2)"), TB_OK);
	assert_int_equal(pthread_create(&t, NULL, commit_later, &k), 0);
	t0 = now_ms();
	assert_int_equal(D->wait(a, &token, 400), TB_OK);
	t1 = now_ms();
	pthread_join(t, NULL);
	assert_int_equal(k.rc, TB_OK);
	assert_int_equal(token, taken);
	assert_true(t1 - t0 >= 395);
	/* Another channel's NOTIFY does not wake it either. */
	assert_int_equal(D->exec(b, "NOTIFY other_channel"), TB_OK);
	assert_int_equal(D->wait(a, &token, 200), TB_OK);
	assert_int_equal(token, taken);
	D->close(b);
}

static void test_wait_listens_again_after_reconnect(void **state)
{
	struct sqd_conn *a = *state, *b = connect_to(db_url);
	int64_t token = -1, taken, t0;

	assert_non_null(D->wait);
	assert_int_equal(D->wait(a, &token, 0), TB_OK);
	terminate(backend_pid(a));
	/* The lost connection is reported at once (503 upstairs), not after
	 * the timeout... */
	t0 = now_ms();
	assert_int_equal(D->wait(a, &token, 5000), TB_EUNAVAIL);
	assert_true(now_ms() - t0 < 1000);
	/* ...the next wait reconnects and returns at once with a new token:
	 * notifications sent while it was down are lost, the caller re-reads
	 * the log... */
	taken = token;
	t0 = now_ms();
	assert_int_equal(D->wait(a, &token, 5000), TB_OK);
	assert_int_not_equal(token, taken);
	assert_true(now_ms() - t0 < 1000);
	/* ...and it LISTENs again on the new session. */
	taken = token;
	assert_int_equal(D->exec(b, "NOTIFY tb_changes"), TB_OK);
	t0 = now_ms();
	assert_int_equal(D->wait(a, &token, 5000), TB_OK);
	assert_int_not_equal(token, taken);
	assert_true(now_ms() - t0 < 1000);
	D->close(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_placeholders_outside_quotes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_types_read_like_sqlite, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reset_rerun_and_changes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_errors_by_sqlstate, setup, teardown),
		cmocka_unit_test_setup_teardown(test_failed_write_undoes_only_itself, setup, teardown),
		cmocka_unit_test_setup_teardown(test_failed_transaction_never_commits, setup, teardown),
		cmocka_unit_test_setup_teardown(test_begin_serializes_writers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reconnects_after_lost_connection, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lost_transaction_stays_failed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_wait_wakes_at_commit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_wait_sleeps_until_timeout, setup, teardown),
		cmocka_unit_test_setup_teardown(test_wait_listens_again_after_reconnect, setup, teardown),
		cmocka_unit_test(test_open_failure_is_one_line),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}

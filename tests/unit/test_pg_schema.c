/* test_pg_schema.c - the PostgreSQL DDL (src/store/pg/migrations.c) on the
 * test cluster (pg_fixture.h): every version applies in order on an empty
 * database; the result has the same tables and columns as the SQLite schema
 * after the same versions; and the rules the database itself enforces hold
 * on PostgreSQL too, written to the tables directly (no store code, no
 * domain probe): the bookings' no-overlap exclusion constraint, the
 * append-only audit log, the change log that replaced the public_version
 * counter (schema version 13), named ids moving the
 * identity on, the widened status CHECK, timestamps read in SQLite's form.
 *
 * Guards against: a table or column missing from (or only in) the
 * PostgreSQL schema; two overlapping slot-holding bookings accepted when a
 * code path skips the overlap probe (issue #12: "enforced by the database");
 * an audit row rewritten; a public change that does not move the cache
 * counter; a tier rule insert failing on id 1 after the seeded rules. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "tmpdir.h"
#include <sqlite3.h>

#include "core/err.h"
#include "store/sql/sqd.h"
#include "store/sql/migrate.h"
#include "store/store.h"
#include "pg_fixture.h"

static const struct sqd_driver *D = &sqd_pg;
static char db_name[64];
static char db_url[640];
static struct sqd_conn *C;

static struct sqd_conn *connect_to(const char *url)
{
	struct sqd_conn *c = NULL;
	char err[256];
	int rc = D->open(url, &c, err, sizeof(err));
	if (rc)
		fprintf(stderr, "open %s: %s\n", url, err);
	assert_int_equal(rc, TB_OK);
	return c;
}

static int group_setup(void **state)
{
	const char *base = pgfx_base_url();
	struct sqd_conn *c;
	char sql[128];

	(void)state;
	if (!base)
		return -1;
	snprintf(db_name, sizeof(db_name), "tb_pg_schema_%ld", (long)getpid());
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
	C = connect_to(db_url);
	return 0;
}

static int group_teardown(void **state)
{
	struct sqd_conn *c;
	char sql[128];
	(void)state;
	if (C)
		D->close(C);
	if (!pgfx_base_url())
		return 0;
	c = connect_to(pgfx_base_url());
	snprintf(sql, sizeof(sql), "DROP DATABASE IF EXISTS %s WITH (FORCE)", db_name);
	D->exec(c, sql);
	D->close(c);
	return 0;
}

static void test_migrations_apply_in_order(void **state)
{
	(void)state;
	assert_true(pg_migrations.n >= 12);
	for (size_t i = 0; i < pg_migrations.n; i++) {
		const struct sq_migration *m = &pg_migrations.list[i];
		/* Versions rise; gaps are allowed (branches reserve their numbers),
		 * and each one is SQLite's (the column comparison below checks that
		 * the two lists describe the same schema). */
		if (i > 0)
			assert_true(m->version > pg_migrations.list[i - 1].version);
		assert_int_equal(D->begin(C), TB_OK);
		if (D->exec(C, m->sql) != TB_OK) {
			fprintf(stderr, "migration %d (%s): %s\n", m->version, m->name, D->errmsg(C));
			D->rollback(C);
			fail();
		}
		assert_int_equal(D->commit(C), TB_OK);
	}
}

/* "table.column" lines, sorted, of one schema. */
static char *pg_columns(void)
{
	struct sqd_stmt *st = D->prepare(C,
		"SELECT string_agg(table_name || '.' || column_name, E'\\n' ORDER BY table_name, column_name)"
		" FROM information_schema.columns WHERE table_schema='public'", -1);
	char *out;
	assert_non_null(st);
	assert_int_equal(D->step(st), SQD_ROW);
	out = strdup(D->column_text(st, 0));
	D->finalize(st);
	return out;
}

static char *sqlite_columns(void)
{
	char path[64], *out = NULL;
	struct store *s = NULL;
	sqlite3 *db;
	sqlite3_stmt *st;
	int applied;
	size_t len = 0, cap = 1 << 16;

	snprintf(path, sizeof(path), "%s/tb-pg-schema-%ld.db", test_tmpdir(), (long)getpid());
	unlink(path);
	assert_int_equal(store_open(path, &s), TB_OK);
	assert_int_equal(store_migrate(s, &applied), TB_OK);
	store_close(s);
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db,
		"SELECT m.name || '.' || p.name FROM sqlite_schema m, pragma_table_info(m.name) p"
		" WHERE m.type='table' AND m.name NOT LIKE 'sqlite_%' ORDER BY m.name, p.name",
		-1, &st, NULL), SQLITE_OK);
	out = calloc(1, cap);
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(st, 0);
		size_t n = strlen(t);
		assert_true(len + n + 2 < cap);
		if (len)
			out[len++] = '\n';
		memcpy(out + len, t, n);
		len += n;
	}
	sqlite3_finalize(st);
	sqlite3_close(db);
	unlink(path);
	return out;
}

static void test_same_tables_and_columns_as_sqlite(void **state)
{
	char *pg = pg_columns(), *lite = sqlite_columns(), *rowid;
	(void)state;
	/* The one column PostgreSQL has on its own: SQLite's implicit rowid of
	 * login_failures, which the store addresses a row by. */
	rowid = strstr(pg, "login_failures.id\n");
	assert_non_null(rowid);
	memmove(rowid, rowid + strlen("login_failures.id\n"), strlen(rowid + strlen("login_failures.id\n")) + 1);
	/* Both lists are sorted by table, then column (C collation on pg: the
	 * cluster is C.UTF-8; SQLite's default is binary). */
	if (strcmp(pg, lite) != 0) {
		fprintf(stderr, "--- sqlite\n%s\n--- postgresql\n%s\n", lite, pg);
		fail_msg("the PostgreSQL schema differs from the SQLite one");
	}
	free(pg);
	free(lite);
}

static int run_sql(const char *sql, const char *p1, const char *p2)
{
	struct sqd_stmt *st = D->prepare(C, sql, -1);
	int rc;
	assert_non_null(st);
	if (p1) D->bind_text(st, 1, p1, -1);
	if (p2) D->bind_text(st, 2, p2, -1);
	rc = D->step(st);
	D->finalize(st);
	return rc;
}

static int64_t one_int(const char *sql)
{
	struct sqd_stmt *st = D->prepare(C, sql, -1);
	int64_t v;
	assert_non_null(st);
	assert_int_equal(D->step(st), SQD_ROW);
	v = D->column_int64(st, 0);
	D->finalize(st);
	return v;
}

static const char now[] = "2026-12-01T08:00:00Z";

/* A booking on instrument 1 from start to end (local times), in status st. */
static int book(const char *start, const char *end, const char *status)
{
	struct sqd_stmt *st = D->prepare(C,
		"INSERT INTO bookings(instrument_id,org_id,user_class,start_at,end_at,status,created_at,updated_at)"
		" VALUES (1,1,'enterprise',?,?,?,'2026-12-01T08:00:00Z','2026-12-01T08:00:00Z')", -1);
	int rc;
	D->bind_text(st, 1, start, -1);
	D->bind_text(st, 2, end, -1);
	D->bind_text(st, 3, status, -1);
	rc = D->step(st);
	D->finalize(st);
	return rc;
}

static void test_bookings_cannot_overlap(void **state)
{
	(void)state;
	assert_int_equal(run_sql("INSERT INTO orgs(id,name,kind,created_at,updated_at)"
	                         " VALUES (1,'沈阳仪器中心','institute',?,?)", now, now), SQD_DONE);
	assert_int_equal(run_sql("INSERT INTO instruments(id,org_id,name_zh,hours,min_slot_min,max_slot_min,"
	                         "lead_hours,cancel_hours,offer_hours,status,created_at,updated_at)"
	                         " VALUES (1,1,'透射电镜','08:00-18:00',30,480,0,0,0,'available',?,?)",
	                         now, now), SQD_DONE);
	assert_int_equal(book("2026-12-07T09:00:00+08:00", "2026-12-07T11:00:00+08:00", "approved"), SQD_DONE);
	/* Overlapping slot-holders: refused by the database (23P01 -> 409). */
	assert_int_equal(book("2026-12-07T10:00:00+08:00", "2026-12-07T12:00:00+08:00", "pending"), TB_ECONFLICT);
	assert_int_equal(book("2026-12-07T08:00:00+08:00", "2026-12-07T13:00:00+08:00", "offered"), TB_ECONFLICT);
	/* The same instant written in UTC is the same slot. */
	assert_int_equal(book("2026-12-07T01:30:00Z", "2026-12-07T02:30:00Z", "pending"), TB_ECONFLICT);
	/* Back to back is no overlap ([start, end)); rows that hold no slot
	 * (cancelled, waitlisted, ...) may overlap anything. */
	assert_int_equal(book("2026-12-07T11:00:00+08:00", "2026-12-07T12:00:00+08:00", "pending"), SQD_DONE);
	assert_int_equal(book("2026-12-07T09:30:00+08:00", "2026-12-07T10:30:00+08:00", "cancelled"), SQD_DONE);
	assert_int_equal(book("2026-12-07T09:30:00+08:00", "2026-12-07T10:30:00+08:00", "waitlisted"), SQD_DONE);
	/* ...until an update makes one slot-holding again. */
	assert_int_equal(run_sql("UPDATE bookings SET status='offered' WHERE status=?", "waitlisted", NULL),
	                 TB_ECONFLICT);
	/* end before start: the CHECK, bad input. */
	assert_int_equal(book("2026-12-08T11:00:00+08:00", "2026-12-08T10:00:00+08:00", "pending"), TB_EINVAL);
	assert_int_equal(one_int("SELECT count(*) FROM bookings WHERE status IN ('pending','approved','offered')"), 2);

	/* Read back in the SQLite backend's form of an instant. */
	struct sqd_stmt *st = D->prepare(C, "SELECT start_at, created_at FROM bookings ORDER BY id LIMIT 1", -1);
	assert_int_equal(D->step(st), SQD_ROW);
	assert_string_equal(D->column_text(st, 0), "2026-12-07T01:00:00Z");
	assert_string_equal(D->column_text(st, 1), now);
	D->finalize(st);
}

static void test_audit_log_is_append_only(void **state)
{
	(void)state;
	assert_int_equal(run_sql("INSERT INTO audit_log(at,role,action,resource,outcome)"
	                         " VALUES (?,'admin','login',?,'ok')", now, "session"), SQD_DONE);
	assert_int_equal(run_sql("UPDATE audit_log SET outcome=?", "denied", NULL), TB_ECONFLICT);
	assert_int_equal(run_sql("DELETE FROM audit_log WHERE resource=?", "session", NULL), TB_ECONFLICT);
	assert_int_equal(run_sql("TRUNCATE audit_log", NULL, NULL), TB_ECONFLICT);
	assert_int_equal(one_int("SELECT count(*) FROM audit_log WHERE outcome='ok'"), 1);
}

/* Schema version 13 (issue #12): the public version is the change log's
 * last seq; a trigger appends a row per public write, in the transaction. */
static void test_public_version_moves_on_public_changes(void **state)
{
	int64_t v0, v1, v2;
	(void)state;
	v0 = one_int("SELECT coalesce(max(seq),0) FROM changes");
	/* A draft is not public: no move. */
	assert_int_equal(run_sql("INSERT INTO achievements(title_zh,trl,modes,price,owner_org_id,status,"
	                         "created_at,updated_at) VALUES ('草稿',5,1,0,1,'draft',?,?)", now, now), SQD_DONE);
	assert_int_equal(one_int("SELECT coalesce(max(seq),0) FROM changes"), v0);
	/* Publishing it, and any change to an org, moves it, naming the row. */
	assert_int_equal(run_sql("UPDATE achievements SET status='published', published_at=? WHERE title_zh=?",
	                         now, "草稿"), SQD_DONE);
	v1 = one_int("SELECT coalesce(max(seq),0) FROM changes");
	assert_true(v1 > v0);
	assert_int_equal(one_int("SELECT count(*) FROM changes WHERE entity = 'achievement'"
	                         " AND op = 'update' AND seq = (SELECT max(seq) FROM changes)"), 1);
	assert_int_equal(run_sql("UPDATE orgs SET city=? WHERE id=1", "沈阳", NULL), SQD_DONE);
	v2 = one_int("SELECT coalesce(max(seq),0) FROM changes");
	assert_true(v2 > v1);
	/* Every row of a transaction is logged (a follower re-reads each one). */
	assert_int_equal(D->begin(C), TB_OK);
	for (int i = 0; i < 3; i++)
		assert_int_equal(run_sql("UPDATE orgs SET district=? WHERE id=1", "浑南区", NULL), SQD_DONE);
	assert_int_equal(D->commit(C), TB_OK);
	assert_true(one_int("SELECT coalesce(max(seq),0) FROM changes") >= v2 + 3);
}

static void test_constraints_as_in_sqlite(void **state)
{
	(void)state;
	/* v12 widened the status CHECK to `expired`; other words still fail. */
	assert_int_equal(run_sql("UPDATE achievements SET status=? WHERE title_zh='草稿'", "expired", NULL),
	                 SQD_DONE);
	assert_int_equal(run_sql("UPDATE achievements SET status=? WHERE title_zh='草稿'", "lost", NULL),
	                 TB_EINVAL);
	/* The seeded tier rules named ids 1..6; a new rule gets 7. */
	assert_int_equal(run_sql("INSERT INTO tier_rules(tier,region_code,version,valid_from,created_at)"
	                         " VALUES ('gazelle','210100',1,'2026-01-01',?)", now, NULL), SQD_DONE);
	assert_int_equal(one_int("SELECT max(id) FROM tier_rules"), 7);
	/* Qualifications match e-mail without case (SQLite: COLLATE NOCASE). */
	assert_int_equal(run_sql("INSERT INTO qualifications(instrument_id,org_id,email,expires_on,created_at)"
	                         " VALUES (1,1,?,'2027-12-31',?)", "Li@Siasun.com", now), SQD_DONE);
	assert_int_equal(one_int("SELECT count(*) FROM qualifications WHERE email='li@siasun.com'"), 1);
	/* Money is integer fen: a fraction is refused, not rounded. */
	assert_int_equal(run_sql("INSERT INTO contract_instalments(contract_id,seq,due_on,amount_fen)"
	                         " VALUES (1,1,'2027-01-01',?)", "12.5", NULL), TB_EINVAL);
}

/* Guards against reading the schema version on PostgreSQL by running
 * CREATE TABLE IF NOT EXISTS schema_version (DDL in a read: it fails for a
 * read-only role or on a hot standby, and it wrote to a database that was
 * never migrated). Reading is a plain query; store_migrate creates the table. */
static void test_schema_version_read_without_ddl(void **state)
{
	char name[64], url[760], sql[128];
	struct sqd_conn *base, *c;
	struct sqd_stmt *st;
	struct store *s = NULL;
	int v = -1, applied = 0;

	(void)state;
	snprintf(name, sizeof(name), "tb_pg_schema_ro_%ld", (long)getpid());
	base = connect_to(pgfx_base_url());
	snprintf(sql, sizeof(sql), "DROP DATABASE IF EXISTS %s", name);
	D->exec(base, sql);
	snprintf(sql, sizeof(sql), "CREATE DATABASE %s", name);
	assert_int_equal(D->exec(base, sql), TB_OK);
	/* A read-only session: any DDL fails there. */
	pgfx_db_url(url, sizeof(url) - 64, name);
	strncat(url, "&options=-c%20default_transaction_read_only%3Don", sizeof(url) - strlen(url) - 1);
	assert_int_equal(store_open(url, &s), TB_OK);
	assert_int_equal(store_schema_version(s, &v), TB_OK);
	assert_int_equal(v, 0);
	store_close(s);
	pgfx_db_url(url, sizeof(url), name);
	c = connect_to(url);
	st = D->prepare(c, "SELECT to_regclass('schema_version') IS NULL", -1);
	assert_int_equal(D->step(st), SQD_ROW);
	assert_int_equal(D->column_int64(st, 0), 1);   /* nothing was created */
	D->finalize(st);
	D->close(c);
	/* Migrating creates it; the version is then the last migration's. */
	assert_int_equal(store_open(url, &s), TB_OK);
	assert_int_equal(store_migrate(s, &applied), TB_OK);
	assert_int_equal((size_t)applied, pg_migrations.n);
	assert_int_equal(store_schema_version(s, &v), TB_OK);
	assert_int_equal(v, pg_migrations.list[pg_migrations.n - 1].version);
	store_close(s);
	snprintf(sql, sizeof(sql), "DROP DATABASE IF EXISTS %s WITH (FORCE)", name);
	D->exec(base, sql);
	D->close(base);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_migrations_apply_in_order),
		cmocka_unit_test(test_same_tables_and_columns_as_sqlite),
		cmocka_unit_test(test_bookings_cannot_overlap),
		cmocka_unit_test(test_audit_log_is_append_only),
		cmocka_unit_test(test_public_version_moves_on_public_changes),
		cmocka_unit_test(test_constraints_as_in_sqlite),
		cmocka_unit_test(test_schema_version_read_without_ddl),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}

/* driver.c - the SQLite driver of the SQL backend (sqd.h): opens the file with
 * WAL, foreign keys and a busy timeout, runs statements, and maps SQLite's
 * result codes to tb_err once. The driver's handles are SQLite's own
 * (struct sqd_conn is a sqlite3, struct sqd_stmt a sqlite3_stmt), cast at
 * this boundary and never dereferenced elsewhere. sqlite3.h is included only
 * in this directory. */
#include "store/sql/sqd.h"
#include "core/err.h"
#include "core/log.h"
#include <sqlite3.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

_Static_assert(SQD_INTEGER == SQLITE_INTEGER && SQD_FLOAT == SQLITE_FLOAT &&
               SQD_TEXT == SQLITE_TEXT && SQD_NULL == SQLITE_NULL, "sqd types are SQLite's");

static sqlite3 *DB(struct sqd_conn *c) { return (sqlite3 *)c; }
static sqlite3_stmt *ST(struct sqd_stmt *s) { return (sqlite3_stmt *)s; }

/* SQLite rc -> tb_err; logs the unexpected ones. */
static int map_rc(sqlite3 *db, int rc)
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
		tb_warn("sqlite busy: %s", sqlite3_errmsg(db));
		return TB_EDB;
	}
	tb_error("sqlite: %s (rc=%d)", sqlite3_errmsg(db), rc);
	return TB_EDB;
}

static int d_exec(struct sqd_conn *c, const char *sql)
{
	char *err = NULL;
	int rc = sqlite3_exec(DB(c), sql, NULL, NULL, &err);
	if (rc != SQLITE_OK) {
		tb_error("sqlite exec: %s", err ? err : sqlite3_errmsg(DB(c)));
		sqlite3_free(err);
		return map_rc(DB(c), rc);
	}
	return TB_OK;
}

static void d_close(struct sqd_conn *c) { sqlite3_close(DB(c)); }

static int d_open(const char *path, struct sqd_conn **out, char *err, size_t errlen)
{
	sqlite3 *db = NULL;
	int rc = sqlite3_open_v2(path, &db,
	                         SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
	*out = NULL;
	if (rc != SQLITE_OK) {
		snprintf(err, errlen, "open %s: %s", path, db ? sqlite3_errmsg(db) : "out of memory");
		sqlite3_close(db);
		return TB_EIO;
	}
	/* Extended codes let map_rc tell a CHECK failure (bad input) from a UNIQUE/FK conflict. */
	sqlite3_extended_result_codes(db, 1);
	/* busy_timeout: writers queue behind BEGIN IMMEDIATE rather than failing. */
	sqlite3_busy_timeout(db, 10000);
	if (d_exec((struct sqd_conn *)db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
	                                  "PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY;")) {
		snprintf(err, errlen, "open %s: %s", path, sqlite3_errmsg(db));
		sqlite3_close(db);
		return TB_EIO;
	}
	*out = (struct sqd_conn *)db;
	return TB_OK;
}

static const char *d_errmsg(struct sqd_conn *c) { return sqlite3_errmsg(DB(c)); }
/* IMMEDIATE: take the write lock now, so two writers queue (busy timeout)
 * instead of one failing at its first write. */
static int d_begin(struct sqd_conn *c) { return d_exec(c, "BEGIN IMMEDIATE"); }
static int d_commit(struct sqd_conn *c) { return d_exec(c, "COMMIT"); }
static int d_rollback(struct sqd_conn *c)
{
	/* Rollback after an error may find no transaction open: not an error then. */
	if (sqlite3_get_autocommit(DB(c)))
		return TB_OK;
	return d_exec(c, "ROLLBACK");
}
static int64_t d_changes(struct sqd_conn *c) { return sqlite3_changes64(DB(c)); }

static struct sqd_stmt *d_prepare(struct sqd_conn *c, const char *sql, int len)
{
	sqlite3_stmt *st = NULL;
	/* len < 0: a string literal the backend caches for the connection's
	 * life (sq_prep); a built statement (len given) is used once. */
	unsigned flags = len < 0 ? SQLITE_PREPARE_PERSISTENT : 0;
	if (sqlite3_prepare_v3(DB(c), sql, len, flags, &st, NULL) != SQLITE_OK) {
		tb_error("sqlite prepare: %s", sqlite3_errmsg(DB(c)));
		return NULL;
	}
	return (struct sqd_stmt *)st;
}

static void d_finalize(struct sqd_stmt *s) { sqlite3_finalize(ST(s)); }
static void d_reset(struct sqd_stmt *s)
{
	sqlite3_reset(ST(s));
	sqlite3_clear_bindings(ST(s));
}
static int d_step(struct sqd_stmt *s)
{
	int rc = sqlite3_step(ST(s));
	if (rc == SQLITE_ROW)
		return SQD_ROW;
	if (rc == SQLITE_DONE)
		return SQD_DONE;
	return map_rc(sqlite3_db_handle(ST(s)), rc);
}
static void d_bind_null(struct sqd_stmt *s, int i) { sqlite3_bind_null(ST(s), i); }
static void d_bind_int64(struct sqd_stmt *s, int i, int64_t v) { sqlite3_bind_int64(ST(s), i, v); }
static void d_bind_double(struct sqd_stmt *s, int i, double v) { sqlite3_bind_double(ST(s), i, v); }
static void d_bind_text(struct sqd_stmt *s, int i, const char *t, int len)
{
	if (t)
		sqlite3_bind_text(ST(s), i, t, len, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(ST(s), i);
}
static int d_column_count(struct sqd_stmt *s) { return sqlite3_column_count(ST(s)); }
static int d_column_type(struct sqd_stmt *s, int i)
{
	/* SQLite's fundamental types have the numbers sqd.h uses; a BLOB reads as text. */
	int t = sqlite3_column_type(ST(s), i);
	return t == SQLITE_BLOB ? SQD_TEXT : t;
}
static int64_t d_column_int64(struct sqd_stmt *s, int i) { return sqlite3_column_int64(ST(s), i); }
static double d_column_double(struct sqd_stmt *s, int i) { return sqlite3_column_double(ST(s), i); }
static const char *d_column_text(struct sqd_stmt *s, int i)
{
	return (const char *)sqlite3_column_text(ST(s), i);
}
static int d_column_bytes(struct sqd_stmt *s, int i) { return sqlite3_column_bytes(ST(s), i); }

/* == change log and backup hooks (issue #12; sqd.h) == */

/* PRAGMA data_version: a number that moves when another connection has
 * committed to the file since this connection last looked; reading it
 * touches only the WAL's shared-memory index. Polled every 5 ms: well under
 * the 1 s visibility target, a few microseconds of CPU each. */
static int d_wait(struct sqd_conn *c, int64_t *token, int timeout_ms)
{
	struct timespec nap = { 0, 5 * 1000000L }, now;
	sqlite3_stmt *st = NULL;
	int64_t deadline_ms, v = 0;
	int rc = TB_OK;

	clock_gettime(CLOCK_MONOTONIC, &now);
	deadline_ms = (int64_t)now.tv_sec * 1000 + now.tv_nsec / 1000000 + (timeout_ms > 0 ? timeout_ms : 0);
	if (sqlite3_prepare_v2(DB(c), "PRAGMA data_version", -1, &st, NULL) != SQLITE_OK)
		return map_rc(DB(c), sqlite3_errcode(DB(c)));
	for (;;) {
		int step = sqlite3_step(st);
		if (step != SQLITE_ROW) {
			rc = map_rc(DB(c), step);
			break;
		}
		v = sqlite3_column_int64(st, 0);
		sqlite3_reset(st);
		if (*token < 0 || v != *token)
			break;
		clock_gettime(CLOCK_MONOTONIC, &now);
		if ((int64_t)now.tv_sec * 1000 + now.tv_nsec / 1000000 >= deadline_ms)
			break;
		nanosleep(&nap, NULL);
	}
	sqlite3_finalize(st);
	if (!rc)
		*token = v;
	return rc;
}

/* The online backup API: page by page into dest.tmp while others keep
 * writing (a write during a step restarts the copy from a consistent
 * point), then renamed, so dest is whole or absent. */
#define BACKUP_PAGES 1024
static int d_backup(struct sqd_conn *c, const char *dest)
{
	sqlite3 *out = NULL;
	sqlite3_backup *b = NULL;
	char tmp[4096];
	int rc = TB_OK, step;
	struct timespec nap = { 0, 10 * 1000000L };

	if (!dest || !*dest || snprintf(tmp, sizeof(tmp), "%s.tmp", dest) >= (int)sizeof(tmp))
		return TB_EINVAL;
	unlink(tmp);
	if (sqlite3_open_v2(tmp, &out, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
		tb_error("backup: cannot create %s: %s", tmp, out ? sqlite3_errmsg(out) : "out of memory");
		rc = TB_EIO;
		goto out;
	}
	if (!(b = sqlite3_backup_init(out, "main", DB(c), "main"))) {
		tb_error("backup: %s", sqlite3_errmsg(out));
		rc = TB_EIO;
		goto out;
	}
	do {
		step = sqlite3_backup_step(b, BACKUP_PAGES);
		if (step == SQLITE_BUSY || step == SQLITE_LOCKED)
			nanosleep(&nap, NULL);
	} while (step == SQLITE_OK || step == SQLITE_BUSY || step == SQLITE_LOCKED);
	if (step != SQLITE_DONE) {
		tb_error("backup: %s", sqlite3_errstr(step));
		rc = step == SQLITE_NOMEM ? TB_ENOMEM : TB_EIO;
	}
out:
	if (b && sqlite3_backup_finish(b) != SQLITE_OK && !rc)
		rc = TB_EIO;
	if (out && sqlite3_close(out) != SQLITE_OK && !rc)
		rc = TB_EIO;
	if (!rc && rename(tmp, dest)) {
		tb_error("backup: cannot rename %s to %s", tmp, dest);
		rc = TB_EIO;
	}
	if (rc)
		unlink(tmp);
	return rc;
}

const struct sqd_driver sqd_sqlite = {
	.name = "sqlite",
	.dialect = SQD_SQLITE,
	.open = d_open,
	.close = d_close,
	.errmsg = d_errmsg,
	.exec = d_exec,
	.begin = d_begin,
	.commit = d_commit,
	.rollback = d_rollback,
	.changes = d_changes,
	.prepare = d_prepare,
	.finalize = d_finalize,
	.reset = d_reset,
	.step = d_step,
	.bind_null = d_bind_null,
	.bind_int64 = d_bind_int64,
	.bind_double = d_bind_double,
	.bind_text = d_bind_text,
	.column_count = d_column_count,
	.column_type = d_column_type,
	.column_int64 = d_column_int64,
	.column_double = d_column_double,
	.column_text = d_column_text,
	.column_bytes = d_column_bytes,
	.wait = d_wait,
	.backup = d_backup,
};

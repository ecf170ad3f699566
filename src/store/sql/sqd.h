/* sqd.h - the SQL driver interface under the one SQL backend. The backend's
 * files (src/store/sql/: accounts.c, catalog.c, ... sq.c) hold the SQL and
 * the column tables once; a driver (src/store/sqlite/driver.c,
 * src/store/pg/driver.c) runs that SQL on one engine. The calls mirror
 * SQLite's C API on purpose (prepare, bind by 1-based index, step, column by
 * 0-based index, reset) so the backend code reads the same on both engines.
 *
 * SQL text uses `?` placeholders (the PostgreSQL driver rewrites them to $n
 * at prepare time, skipping quoted literals). Dialect differences that SQL
 * text cannot hide are chosen with sq_dialect()/SQ_SQL(sqlite, pg) in sq.h,
 * never with #ifdef.
 *
 * Errors: step/exec/begin/commit return SQD_ROW, SQD_DONE or a tb_err
 * (core/err.h) that the driver has already mapped and logged: unique/FK/
 * exclusion violations -> TB_ECONFLICT, CHECK/NOT NULL -> TB_EINVAL, lost
 * connection -> TB_EUNAVAIL (503; the pg driver marks the connection broken
 * and reconnects it, with a back-off, on a later call outside a
 * transaction). */
#ifndef TB_SQD_H
#define TB_SQD_H

#include <stdint.h>
#include <stddef.h>

enum { SQD_ROW = 100, SQD_DONE = 101 };
enum sqd_type { SQD_INTEGER = 1, SQD_FLOAT = 2, SQD_TEXT = 3, SQD_NULL = 5 };
enum sqd_dialect { SQD_SQLITE, SQD_PG };

struct sqd_conn;  /* one connection; used by one thread at a time */
struct sqd_stmt;  /* a prepared statement of one connection */

struct sqd_driver {
	const char *name;                  /* "sqlite", "postgresql" */
	enum sqd_dialect dialect;
	/* url without the scheme check: the driver's own form (a path, or a
	 * postgresql:// URI). On failure *out is NULL and err holds one line. */
	int (*open)(const char *url, struct sqd_conn **out, char *err, size_t errlen);
	void (*close)(struct sqd_conn *c);
	const char *(*errmsg)(struct sqd_conn *c);   /* for logs, never for users */
	int (*exec)(struct sqd_conn *c, const char *sql);  /* no parameters, may hold several statements */
	int (*begin)(struct sqd_conn *c);            /* SQLite: BEGIN IMMEDIATE; pg: BEGIN */
	int (*commit)(struct sqd_conn *c);
	int (*rollback)(struct sqd_conn *c);
	int64_t (*changes)(struct sqd_conn *c);      /* rows changed by the last INSERT/UPDATE/DELETE */

	/* len < 0: NUL-terminated. NULL on error (logged). */
	struct sqd_stmt *(*prepare)(struct sqd_conn *c, const char *sql, int len);
	void (*finalize)(struct sqd_stmt *st);
	void (*reset)(struct sqd_stmt *st);          /* also clears the bindings */
	int (*step)(struct sqd_stmt *st);
	void (*bind_null)(struct sqd_stmt *st, int i);
	void (*bind_int64)(struct sqd_stmt *st, int i, int64_t v);
	void (*bind_double)(struct sqd_stmt *st, int i, double v);
	void (*bind_text)(struct sqd_stmt *st, int i, const char *s, int len);  /* copied; NULL binds NULL */
	int (*column_count)(struct sqd_stmt *st);
	int (*column_type)(struct sqd_stmt *st, int i);
	int64_t (*column_int64)(struct sqd_stmt *st, int i);  /* pg: 't'/'f' read as 1/0 */
	double (*column_double)(struct sqd_stmt *st, int i);
	/* Valid until the next step/reset. pg: timestamptz columns come back in
	 * the SQLite backend's form "YYYY-MM-DDTHH:MM:SSZ" (session TimeZone UTC). */
	const char *(*column_text)(struct sqd_stmt *st, int i);
	int (*column_bytes)(struct sqd_stmt *st, int i);

	/* Optional (NULL: not offered), added for the change log (issue #12).
	 * wait: returns after timeout_ms, or as soon as another connection may
	 * have committed since *token was taken (SQLite: PRAGMA data_version
	 * moved; pg: a NOTIFY on tb_changes arrived); *token gets the new token.
	 * *token < 0 only takes it and returns at once. Without it the caller
	 * polls. backup: an online copy of the database into the file dest,
	 * whole or absent (SQLite's backup API; pg has its own tools). */
	int (*wait)(struct sqd_conn *c, int64_t *token, int timeout_ms);
	int (*backup)(struct sqd_conn *c, const char *dest);
};

extern const struct sqd_driver sqd_sqlite;
extern const struct sqd_driver sqd_pg;

#endif

/* copy.c - the whole-database copy operations (techbridge migrate --from
 * --to, issue #12) on either engine: tables in dependency order from the
 * schema's own foreign keys, rows read and written without knowing the
 * table. Table and column names are identifiers and cannot be bound: only
 * names the schema itself lists are accepted (letters, digits, underscore),
 * and they are quoted. The engine catalogues differ, so each catalogue query
 * is a dialect pair (SQ_SQL). */
#include "store/sql/sq.h"
#include "core/err.h"
#include "core/log.h"
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_TABLES 128
#define MAX_COLS 128
#define IDENT "abcdefghijklmnopqrstuvwxyz0123456789_"

static bool ident(const char *s)
{
	return s && *s && strlen(s) <= 64 && strspn(s, IDENT) == strlen(s);
}

/* The data tables (the engine's own and the migration runner's
 * schema_version excluded), by name. */
static int table_names(struct sq *q, struct arena *a, const char **names, int *n)
{
	struct sqs *st = sq_prep(q, SQ_SQL(q,
		"SELECT name FROM sqlite_schema WHERE type='table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
		" AND name<>'schema_version' ORDER BY name",
		"SELECT table_name FROM information_schema.tables WHERE table_schema=current_schema()"
		" AND table_type='BASE TABLE' AND table_name<>'schema_version' ORDER BY table_name"));
	int step;
	*n = 0;
	if (!st)
		return TB_EDB;
	while ((step = sqs_step(st)) == SQD_ROW) {
		if (*n == MAX_TABLES) {
			sqs_reset(st);
			return TB_ETOOBIG;
		}
		if (!(names[(*n)++] = sq_col_text(a, st, 0))) {
			sqs_reset(st);
			return TB_ENOMEM;
		}
	}
	sqs_reset(st);
	return sq_rc(q, step);
}

static int known_table(struct sq *q, const char *table)
{
	struct sqs *st;
	int rc;
	if (!ident(table) || !strcmp(table, "schema_version"))
		return TB_EINVAL;
	if (!(st = sq_prep(q, SQ_SQL(q, "SELECT 1 FROM sqlite_schema WHERE type='table' AND name=?",
	                             "SELECT 1 FROM information_schema.tables WHERE"
	                             " table_schema=current_schema() AND table_name=?"))))
		return TB_EDB;
	sq_bind_text(st, 1, table);
	rc = sq_step_one(q, st);
	sqs_reset(st);
	return rc == TB_ENOTFOUND ? TB_EINVAL : rc;
}

int sq_copy_tables(struct store *s, struct arena *a, const char ***out, int *n)
{
	struct sq *q = SQ(s);
	const char *all[MAX_TABLES], **order;
	bool done[MAX_TABLES] = { 0 };
	int nall, k = 0, rc;
	struct sqs *st;

	*out = NULL;
	*n = 0;
	if ((rc = table_names(q, a, all, &nall)))
		return rc;
	if (!(order = arena_alloc(a, sizeof(*order) * (size_t)(nall ? nall : 1))))
		return TB_ENOMEM;
	if (!(st = sq_prep(q, SQ_SQL(q, "SELECT \"table\" FROM pragma_foreign_key_list(?)",
	                             "SELECT cl.relname FROM pg_constraint c JOIN pg_class cl ON"
	                             " cl.oid=c.confrelid WHERE c.contype='f' AND c.conrelid=CAST(? AS regclass)"))))
		return TB_EDB;
	/* Kahn's order, by name among the ready ones: a table is ready when every
	 * table it references (other than itself) is placed. */
	while (k < nall) {
		int placed = 0;
		for (int i = 0; i < nall; i++) {
			bool ready = true;
			int step;
			if (done[i])
				continue;
			sqs_reset(st);
			sq_bind_text(st, 1, all[i]);
			while (ready && (step = sqs_step(st)) == SQD_ROW) {
				const char *parent = sqs_col_text(st, 0);
				for (int j = 0; j < nall; j++)
					if (!done[j] && j != i && parent && !strcmp(parent, all[j]))
						ready = false;
			}
			sqs_reset(st);
			if (ready) {
				done[i] = true;
				order[k++] = all[i];
				placed++;
			}
		}
		if (!placed) {
			/* A cycle: the rest in name order; copy_begin defers the checks. */
			for (int i = 0; i < nall; i++)
				if (!done[i]) {
					done[i] = true;
					order[k++] = all[i];
				}
		}
	}
	*out = order;
	*n = nall;
	return TB_OK;
}

/* The table's columns in their order (a SELECT * would do on SQLite, but
 * the driver interface has no column names). */
static int columns(struct sq *q, struct arena *a, const char *table, const char **cols, int *n)
{
	struct sqs *st = sq_prep(q, SQ_SQL(q, "SELECT name FROM pragma_table_info(?) ORDER BY cid",
	                                   "SELECT column_name FROM information_schema.columns WHERE"
	                                   " table_schema=current_schema() AND table_name=?"
	                                   " ORDER BY ordinal_position"));
	int step;
	*n = 0;
	if (!st)
		return TB_EDB;
	sq_bind_text(st, 1, table);
	while ((step = sqs_step(st)) == SQD_ROW) {
		const char *c = sq_col_text(a, st, 0);
		if (*n == MAX_COLS || !ident(c)) {
			sqs_reset(st);
			return c ? TB_EINVAL : TB_ENOMEM;
		}
		cols[(*n)++] = c;
	}
	sqs_reset(st);
	return sq_rc(q, step);
}

int sq_copy_rows(struct store *s, const char *table,
                 int (*row)(void *ctx, const struct copy_row *r), void *ctx)
{
	struct sq *q = SQ(s);
	struct sqs *st = NULL;
	struct arena a;
	const char *cols[MAX_COLS];
	struct copy_val v[MAX_COLS];
	struct copy_row r = { 0, cols, v };
	struct buf sql = BUF_INIT(16384);
	int rc, step;

	arena_init(&a, 1 << 20);
	if ((rc = known_table(q, table)) || (rc = columns(q, &a, table, cols, &r.n)))
		goto out;
	buf_adds(&sql, "SELECT ");
	for (int i = 0; i < r.n; i++)
		buf_printf(&sql, "%s\"%s\"", i ? "," : "", cols[i]);
	buf_printf(&sql, " FROM \"%s\"", table);
	if (sql.failed || buf_addc(&sql, '\0')) {
		rc = TB_ETOOBIG;
		goto out;
	}
	if (!(st = sq_prep_once(q, sql.ptr))) {
		rc = TB_EDB;
		goto out;
	}
	while ((step = sqs_step(st)) == SQD_ROW) {
		for (int i = 0; i < r.n; i++) {
			memset(&v[i], 0, sizeof(v[i]));
			switch (sqs_col_type(st, i)) {
			case SQD_INTEGER: v[i].t = COPY_INT; v[i].i = sqs_col_int64(st, i); break;
			case SQD_FLOAT: v[i].t = COPY_REAL; v[i].d = sqs_col_double(st, i); break;
			case SQD_TEXT:
				v[i].t = COPY_TEXT;
				v[i].p = sqs_col_text(st, i);
				v[i].len = sqs_col_bytes(st, i);
				break;
			default: v[i].t = COPY_NULL; break;
			}
		}
		if ((rc = row(ctx, &r)))
			goto out;
	}
	rc = sq_rc(q, step);
out:
	sqs_finalize(st);
	buf_release(&sql);
	arena_release(&a);
	return rc;
}

int sq_copy_begin(struct store *s)
{
	struct sq *q = SQ(s);
	int rc = sq_begin(s);
	/* Checked at COMMIT (and by copy_finish): rows arrive table by table.
	 * PostgreSQL defers only constraints declared DEFERRABLE; the dependency
	 * order of copy_tables covers the others. */
	if (!rc && (rc = sq_exec_sql(q, SQ_SQL(q, "PRAGMA defer_foreign_keys=ON", "SET CONSTRAINTS ALL DEFERRED"))))
		sq_rollback(s);
	return rc;
}

int sq_copy_clear(struct store *s, const char *table)
{
	struct sq *q = SQ(s);
	char sql[128];
	int rc;
	if ((rc = known_table(q, table)))
		return rc;
	snprintf(sql, sizeof(sql), "DELETE FROM \"%s\"", table);
	return sq_exec_sql(q, sql);
}

/* Parameters per multi-row INSERT: under SQLite's default limit (32766
 * host parameters) and PostgreSQL's (65535). */
#define PUT_MAX_PARAMS 32000

/* INSERT INTO "table"(cols) VALUES(?,..),(?,..) for nrows rows, prepared. */
static struct sqs *put_stmt(struct sq *q, const char *table, const struct copy_row *r0, int nrows,
                            int *rc)
{
	struct buf sql = BUF_INIT(PUT_MAX_PARAMS * 2 + 16384);
	struct sqs *st = NULL;

	*rc = TB_OK;
	buf_printf(&sql, "INSERT INTO \"%s\"(", table);
	for (int i = 0; i < r0->n; i++) {
		if (!ident(r0->cols[i])) {
			*rc = TB_EINVAL;
			goto out;
		}
		buf_printf(&sql, "%s\"%s\"", i ? "," : "", r0->cols[i]);
	}
	buf_adds(&sql, ") VALUES");
	for (int r = 0; r < nrows; r++) {
		buf_adds(&sql, r ? ",(" : "(");
		for (int i = 0; i < r0->n; i++)
			buf_adds(&sql, i ? ",?" : "?");
		buf_addc(&sql, ')');
	}
	if (sql.failed || buf_addc(&sql, '\0')) {
		*rc = TB_ETOOBIG;
		goto out;
	}
	if (!(st = sq_prep_once(q, sql.ptr))) {
		tb_error("copy into %s: %s", table, sq_errmsg_of(q));
		*rc = TB_EINVAL; /* the target has no such column: another schema */
	}
out:
	buf_release(&sql);
	return st;
}

int sq_copy_put(struct store *s, const char *table, const struct copy_row *rows, int n)
{
	struct sq *q = SQ(s);
	struct sqs *st = NULL;
	int rc, per, cur = 0;

	if (n <= 0)
		return TB_OK;
	if ((rc = known_table(q, table)))
		return rc;
	if (rows[0].n < 1 || rows[0].n > MAX_COLS)
		return TB_EINVAL;
	/* Many rows per statement: a statement per row cost a round trip each
	 * on PostgreSQL (and a savepoint: the driver runs every write of a
	 * transaction under one), so moving the demo province took minutes. */
	per = PUT_MAX_PARAMS / rows[0].n;
	for (int r = 0; r < n && !rc;) {
		int m = n - r < per ? n - r : per, p = 1;
		if (m != cur) {   /* the full-size statement is reused; the rest gets its own */
			sqs_finalize(st);
			if (!(st = put_stmt(q, table, &rows[0], m, &rc)))
				break;
			cur = m;
		}
		for (int k = r; k < r + m; k++) {
			if (rows[k].n != rows[0].n) {
				rc = TB_EINVAL;
				goto out;
			}
			for (int i = 0; i < rows[k].n; i++, p++) {
				const struct copy_val *v = &rows[k].v[i];
				switch (v->t) {
				case COPY_INT: sqs_bind_int64(st, p, v->i); break;
				case COPY_REAL: sqs_bind_double(st, p, v->d); break;
				case COPY_TEXT: case COPY_BLOB: sqs_bind_textn(st, p, v->p, v->len); break;
				default: sqs_bind_null(st, p); break;
				}
			}
		}
		rc = sq_rc(q, sqs_step(st));
		sqs_reset(st);
		r += m;
	}
out:
	sqs_finalize(st);
	return rc;
}

/* Sequences follow the copied rows: the next id (and the change log's next
 * seq) is the source's next, not what the copy's own trigger inserts took
 * before the copy replaced them. SQLite: the AUTOINCREMENT counters;
 * PostgreSQL: setval on every identity column. */
static int reset_sequences(struct sq *q)
{
	struct sqs *st = sq_prep(q, SQ_SQL(q, "SELECT name, 'rowid' FROM sqlite_sequence",
		"SELECT table_name, column_name FROM information_schema.columns WHERE"
		" table_schema=current_schema() AND is_identity='YES'"));
	char names[MAX_TABLES][2][72];
	int n = 0, step, rc = TB_OK;
	if (!st)
		return sq_dialect(q) == SQD_SQLITE ? TB_OK : TB_EDB; /* SQLite: no AUTOINCREMENT table yet */
	while ((step = sqs_step(st)) == SQD_ROW && n < MAX_TABLES) {
		snprintf(names[n][0], sizeof(names[n][0]), "%s", sqs_col_text(st, 0));
		snprintf(names[n][1], sizeof(names[n][1]), "%s", sqs_col_text(st, 1));
		n++;
	}
	sqs_reset(st);
	for (int i = 0; i < n && !rc; i++) {
		char sql[400];
		if ((rc = known_table(q, names[i][0])) || !ident(names[i][1]))
			return rc ? rc : TB_EINVAL;
		if (sq_dialect(q) == SQD_SQLITE)
			snprintf(sql, sizeof(sql), "UPDATE sqlite_sequence SET seq=(SELECT coalesce(max(rowid),0)"
			         " FROM \"%.64s\") WHERE name='%.64s'", names[i][0], names[i][0]);
		else
			snprintf(sql, sizeof(sql), "SELECT setval(pg_get_serial_sequence('\"%.64s\"','%.64s'),"
			         " coalesce(max(\"%.64s\"),0)+1, false) FROM \"%.64s\"", names[i][0], names[i][1],
			         names[i][1], names[i][0]);
		rc = sq_exec_sql(q, sql);
	}
	return rc;
}

int sq_copy_finish(struct store *s)
{
	struct sq *q = SQ(s);
	struct sqs *st;
	int rc;
	/* SQLite: every foreign key of the copy holds now, not only at COMMIT,
	 * so a failure names itself. PostgreSQL checked each row already (its
	 * foreign keys are not deferrable). */
	if (sq_dialect(q) == SQD_SQLITE) {
		if (!(st = sq_prep(q, "SELECT \"table\", parent FROM pragma_foreign_key_check")))
			return TB_EDB;
		rc = sq_step_one(q, st);
		if (rc == TB_OK)
			tb_error("copy: a row of %s references a missing row of %s", sqs_col_text(st, 0),
			         sqs_col_text(st, 1));
		sqs_reset(st);
		if (rc != TB_ENOTFOUND)
			return rc == TB_OK ? TB_ECONFLICT : rc;
	}
	return reset_sequences(q);
}

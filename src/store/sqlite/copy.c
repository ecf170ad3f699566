/* copy.c - the whole-database copy operations on SQLite (techbridge migrate
 * --from --to, issue #12): tables in dependency order from the schema
 * itself (PRAGMA foreign_key_list), rows read and written without knowing
 * the table. Table names are identifiers and cannot be bound: only names
 * that copy_tables lists (the schema's own) are accepted, and they are
 * quoted. */
#include "store/sqlite/sq.h"
#include "core/err.h"
#include "core/log.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_TABLES 128
#define MAX_COLS 128

static int table_names(struct sq *q, struct arena *a, const char **names, int *n)
{
	static const char sql[] = "SELECT name FROM sqlite_schema WHERE type='table'"
	                          " AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name";
	sqlite3_stmt *st = sq_prep(q, sql);
	int step;
	*n = 0;
	if (!st)
		return TB_EDB;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == MAX_TABLES) {
			sqlite3_reset(st);
			return TB_ETOOBIG;
		}
		if (!(names[(*n)++] = sq_col_text(a, st, 0))) {
			sqlite3_reset(st);
			return TB_ENOMEM;
		}
	}
	sqlite3_reset(st);
	return step == SQLITE_DONE ? TB_OK : sq_rc(q, step);
}

/* A name of this schema: letters, digits, underscore (what our migrations
 * create); anything else is refused before it reaches SQL text. */
static int known_table(struct sq *q, const char *table)
{
	static const char sql[] = "SELECT 1 FROM sqlite_schema WHERE type='table' AND name=?";
	sqlite3_stmt *st;
	int rc;
	if (!table || !*table || strlen(table) > 64 || strspn(table, "abcdefghijklmnopqrstuvwxyz0123456789_") != strlen(table))
		return TB_EINVAL;
	if (!(st = sq_prep(q, sql)))
		return TB_EDB;
	sq_bind_text(st, 1, table);
	rc = sq_step_one(q, st);
	sqlite3_reset(st);
	return rc == TB_ENOTFOUND ? TB_EINVAL : rc;
}

int sq_copy_tables(struct store *s, struct arena *a, const char ***out, int *n)
{
	static const char fk_sql[] = "SELECT \"table\" FROM pragma_foreign_key_list(?)";
	struct sq *q = SQ(s);
	const char *all[MAX_TABLES], **order;
	bool done[MAX_TABLES] = { 0 };
	int nall, k = 0, rc;
	sqlite3_stmt *st;

	*out = NULL;
	*n = 0;
	if ((rc = table_names(q, a, all, &nall)))
		return rc;
	if (!(order = arena_alloc(a, sizeof(*order) * (size_t)(nall ? nall : 1))) || !(st = sq_prep(q, fk_sql)))
		return order ? TB_EDB : TB_ENOMEM;
	/* Kahn's order, by name among the ready ones: a table is ready when every
	 * table it references (other than itself) is placed. */
	while (k < nall) {
		int placed = 0;
		for (int i = 0; i < nall; i++) {
			bool ready = true;
			int step;
			if (done[i])
				continue;
			sqlite3_reset(st);
			sq_bind_text(st, 1, all[i]);
			while (ready && (step = sqlite3_step(st)) == SQLITE_ROW) {
				const char *parent = (const char *)sqlite3_column_text(st, 0);
				for (int j = 0; j < nall; j++)
					if (!done[j] && j != i && parent && !strcmp(parent, all[j]))
						ready = false;
			}
			sqlite3_reset(st);
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

int sq_copy_rows(struct store *s, const char *table,
                 int (*row)(void *ctx, const struct copy_row *r), void *ctx)
{
	struct sq *q = SQ(s);
	sqlite3_stmt *st = NULL;
	const char *cols[MAX_COLS];
	struct copy_val v[MAX_COLS];
	struct copy_row r = { 0, cols, v };
	char sql[128];
	int rc, step;

	if ((rc = known_table(q, table)))
		return rc;
	snprintf(sql, sizeof(sql), "SELECT * FROM \"%s\"", table);
	if (sqlite3_prepare_v2(q->db, sql, -1, &st, NULL) != SQLITE_OK) {
		tb_error("copy: %s", sqlite3_errmsg(q->db));
		return TB_EDB;
	}
	if ((r.n = sqlite3_column_count(st)) > MAX_COLS) {
		rc = TB_ETOOBIG;
		goto out;
	}
	for (int i = 0; i < r.n; i++)
		cols[i] = sqlite3_column_name(st, i);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		for (int i = 0; i < r.n; i++) {
			memset(&v[i], 0, sizeof(v[i]));
			switch (sqlite3_column_type(st, i)) {
			case SQLITE_INTEGER: v[i].t = COPY_INT; v[i].i = sqlite3_column_int64(st, i); break;
			case SQLITE_FLOAT: v[i].t = COPY_REAL; v[i].d = sqlite3_column_double(st, i); break;
			case SQLITE_TEXT:
				v[i].t = COPY_TEXT;
				v[i].p = (const char *)sqlite3_column_text(st, i);
				v[i].len = sqlite3_column_bytes(st, i);
				break;
			case SQLITE_BLOB:
				v[i].t = COPY_BLOB;
				v[i].p = sqlite3_column_blob(st, i);
				v[i].len = sqlite3_column_bytes(st, i);
				break;
			default: v[i].t = COPY_NULL; break;
			}
		}
		if ((rc = row(ctx, &r)))
			goto out;
	}
	rc = step == SQLITE_DONE ? TB_OK : sq_rc(q, step);
out:
	sqlite3_finalize(st);
	return rc;
}

int sq_copy_begin(struct store *s)
{
	int rc = sq_begin(s);
	/* Checked at COMMIT (and by copy_finish): rows arrive table by table. */
	if (!rc && (rc = sq_exec(SQ(s), "PRAGMA defer_foreign_keys=ON")))
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
	return sq_exec(q, sql);
}

int sq_copy_put(struct store *s, const char *table, const struct copy_row *rows, int n)
{
	struct sq *q = SQ(s);
	struct buf sql = BUF_INIT(16384);
	sqlite3_stmt *st = NULL;
	int rc;

	if (n <= 0)
		return TB_OK;
	if ((rc = known_table(q, table)))
		return rc;
	/* One statement for the batch: every row has the source's columns. */
	buf_printf(&sql, "INSERT INTO \"%s\"(", table);
	for (int i = 0; i < rows[0].n; i++) {
		if (strspn(rows[0].cols[i], "abcdefghijklmnopqrstuvwxyz0123456789_") != strlen(rows[0].cols[i])) {
			rc = TB_EINVAL;
			goto out;
		}
		buf_printf(&sql, "%s\"%s\"", i ? "," : "", rows[0].cols[i]);
	}
	buf_adds(&sql, ") VALUES(");
	for (int i = 0; i < rows[0].n; i++)
		buf_adds(&sql, i ? ",?" : "?");
	buf_addc(&sql, ')');
	if (sql.failed || buf_addc(&sql, '\0')) {
		rc = TB_ETOOBIG;
		goto out;
	}
	if (sqlite3_prepare_v2(q->db, sql.ptr, -1, &st, NULL) != SQLITE_OK) {
		tb_error("copy into %s: %s", table, sqlite3_errmsg(q->db));
		rc = TB_EINVAL; /* the target has no such column: another schema */
		goto out;
	}
	for (int r = 0; r < n && !rc; r++) {
		if (rows[r].n != rows[0].n) {
			rc = TB_EINVAL;
			break;
		}
		for (int i = 0; i < rows[r].n; i++) {
			const struct copy_val *v = &rows[r].v[i];
			switch (v->t) {
			case COPY_INT: sqlite3_bind_int64(st, i + 1, v->i); break;
			case COPY_REAL: sqlite3_bind_double(st, i + 1, v->d); break;
			case COPY_TEXT: sqlite3_bind_text(st, i + 1, v->p, v->len, SQLITE_STATIC); break;
			case COPY_BLOB: sqlite3_bind_blob(st, i + 1, v->p, v->len, SQLITE_STATIC); break;
			default: sqlite3_bind_null(st, i + 1); break;
			}
		}
		rc = sq_rc(q, sqlite3_step(st));
		sqlite3_reset(st);
		sqlite3_clear_bindings(st);
	}
out:
	sqlite3_finalize(st);
	buf_release(&sql);
	return rc;
}

/* AUTOINCREMENT counters (the change log's) follow the copied rows, not
 * the inserts the copy's own triggers made and the copy then replaced: the
 * next seq is the source's next. PostgreSQL's form: setval per identity. */
static int reset_sequences(struct sq *q)
{
	static const char list[] = "SELECT name FROM sqlite_sequence";
	sqlite3_stmt *st;
	char names[MAX_TABLES][72];
	int n = 0, step, rc = TB_OK;
	if (!(st = sq_prep(q, list)))
		return TB_OK; /* no AUTOINCREMENT table at all: no sqlite_sequence */
	while ((step = sqlite3_step(st)) == SQLITE_ROW && n < MAX_TABLES)
		snprintf(names[n++], sizeof(names[0]), "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_reset(st);
	for (int i = 0; i < n && !rc; i++) {
		char sql[256];
		if ((rc = known_table(q, names[i])))
			break;
		snprintf(sql, sizeof(sql), "UPDATE sqlite_sequence SET seq=(SELECT coalesce(max(rowid),0)"
		         " FROM \"%.64s\") WHERE name='%.64s'", names[i], names[i]);
		rc = sq_exec(q, sql);
	}
	return rc;
}

int sq_copy_finish(struct store *s)
{
	/* Every foreign key of the copy holds now, not only at COMMIT: a failure
	 * here names itself instead of a bare "constraint failed". */
	static const char sql[] = "SELECT \"table\", parent FROM pragma_foreign_key_check";
	struct sq *q = SQ(s);
	sqlite3_stmt *st = sq_prep(q, sql);
	int rc;
	if (!st)
		return TB_EDB;
	rc = sq_step_one(q, st);
	if (rc == TB_OK)
		tb_error("copy: a row of %s references a missing row of %s", sqlite3_column_text(st, 0),
		         sqlite3_column_text(st, 1));
	sqlite3_reset(st);
	if (rc == TB_ENOTFOUND)
		return reset_sequences(q);
	return rc == TB_OK ? TB_ECONFLICT : rc;
}

/* challenge_versions.c - SQLite persistence of the versions a challenge
 * application's edits replaced (issue #13 leftover; table from migration 17). */
#include "store/sqlite/sq.h"
#include "core/err.h"
#include <string.h>

#define V_COLS "id,app_id,version,plan,requested_fen,lines,replaced_at,replaced_by"

static void v_row(struct arena *a, sqlite3_stmt *st, void *p)
{
	struct ch_app_version *v = p;
	memset(v, 0, sizeof(*v));
	v->id = sqlite3_column_int64(st, 0);
	v->app_id = sqlite3_column_int64(st, 1);
	v->version = sqlite3_column_int(st, 2);
	v->plan = sq_col_text(a, st, 3);
	v->requested_fen = sqlite3_column_int64(st, 4);
	v->lines = sq_col_text(a, st, 5);
	v->replaced_at = sq_col_text(a, st, 6);
	v->replaced_by = sqlite3_column_int64(st, 7);
}

int sq_ch_app_version_add(struct store *s, struct ch_app_version *v)
{
	struct sq *q = SQ(s);
	sqlite3_stmt *st = sq_prep(q, "INSERT INTO challenge_app_versions(app_id,version,plan,requested_fen,"
	                              "lines,replaced_at,replaced_by) VALUES(?,?,?,?,?,?,?)");
	char now[32];
	int rc;
	if (!st)
		return TB_EDB;
	sq_now(now);
	sqlite3_bind_int64(st, 1, v->app_id);
	sqlite3_bind_int(st, 2, v->version);
	sq_bind_text(st, 3, v->plan ? v->plan : "");
	sqlite3_bind_int64(st, 4, v->requested_fen);
	sq_bind_text(st, 5, v->lines ? v->lines : "");
	sq_bind_text(st, 6, now);
	if (v->replaced_by > 0)
		sqlite3_bind_int64(st, 7, v->replaced_by);
	else
		sqlite3_bind_null(st, 7);
	rc = sq_rc(q, sqlite3_step(st));
	sqlite3_reset(st);
	if (!rc)
		v->id = sqlite3_last_insert_rowid(q->db);
	return rc;
}

int sq_ch_app_version_list(struct store *s, struct arena *a, int64_t app_id,
                           struct ch_app_version **out, int *n)
{
	struct sqb b;
	int rc;
	sqb_init(&b);
	sqb_sql(&b, "SELECT " V_COLS " FROM challenge_app_versions WHERE app_id=");
	sqb_int(&b, app_id);
	sqb_sql(&b, " ORDER BY version LIMIT 500");
	rc = sq_list(SQ(s), a, &b, sizeof(struct ch_app_version), 500, v_row, (void **)out, n);
	sqb_release(&b);
	return rc;
}

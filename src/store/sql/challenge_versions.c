/* challenge_versions.c - persistence of the versions a challenge
 * application's edits replaced (issue #13 leftover; table from migration 17). */
#include "store/sql/sq.h"
#include "core/err.h"
#include <string.h>

#define V_COLS "id,app_id,version,plan,requested_fen,lines,replaced_at,replaced_by"

static void v_row(struct arena *a, struct sqs *st, void *p)
{
	struct ch_app_version *v = p;
	memset(v, 0, sizeof(*v));
	v->id = sqs_col_int64(st, 0);
	v->app_id = sqs_col_int64(st, 1);
	v->version = sqs_col_int(st, 2);
	v->plan = sq_col_text(a, st, 3);
	v->requested_fen = sqs_col_int64(st, 4);
	v->lines = sq_col_text(a, st, 5);
	v->replaced_at = sq_col_text(a, st, 6);
	v->replaced_by = sqs_col_int64(st, 7);
}

int sq_ch_app_version_add(struct store *s, struct ch_app_version *v)
{
	struct sq *q = SQ(s);
	struct sqs *st = sq_prep(q, "INSERT INTO challenge_app_versions(app_id,version,plan,requested_fen,"
	                            "lines,replaced_at,replaced_by) VALUES(?,?,?,?,?,?,?) RETURNING id");
	char now[32];
	if (!st)
		return TB_EDB;
	sq_now(now);
	sqs_bind_int64(st, 1, v->app_id);
	sqs_bind_int(st, 2, v->version);
	sq_bind_text(st, 3, v->plan ? v->plan : "");
	sqs_bind_int64(st, 4, v->requested_fen);
	sq_bind_text(st, 5, v->lines ? v->lines : "");
	sq_bind_text(st, 6, now);
	if (v->replaced_by > 0)
		sqs_bind_int64(st, 7, v->replaced_by);
	else
		sqs_bind_null(st, 7);
	return sq_insert_id(q, st, &v->id);
}

int sq_ch_app_version_list(struct store *s, struct arena *a, int64_t app_id,
                           struct ch_app_version **out, int *n)
{
	struct sqb b;
	int rc;
	sqb_init(&b, SQ(s));
	sqb_sql(&b, "SELECT " V_COLS " FROM challenge_app_versions WHERE app_id=");
	sqb_int(&b, app_id);
	sqb_sql(&b, " ORDER BY version"); /* every version: the history is never cut short */
	rc = sq_list(SQ(s), a, &b, sizeof(struct ch_app_version), SQ_ALL, v_row, (void **)out, n);
	sqb_release(&b);
	return rc;
}

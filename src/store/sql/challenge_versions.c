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
	const char *sql = "INSERT INTO challenge_app_versions(app_id,version,plan,requested_fen,"
	                            "lines,replaced_at,replaced_by) VALUES(?,?,?,?,?,?,?) RETURNING id";
	return SQ_INSERT(SQ(s), sql, &v->id, SQV_I64(v->app_id), SQV_I64(v->version),
		SQV_TEXT(v->plan ? v->plan : ""), SQV_I64(v->requested_fen),
		SQV_TEXT(v->lines ? v->lines : ""), SQV_NOW, SQV_OPT_ID(v->replaced_by));
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

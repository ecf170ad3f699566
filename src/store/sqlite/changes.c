/* changes.c - the change log's store operations on SQLite (issue #12): read
 * a bounded batch after a position, the bounds of what is kept, wait for the
 * next change without hammering the file, and prune old rows. The rows
 * themselves are written by the triggers of migration 13, never here. */
#include "store/sqlite/sq.h"
#include "core/err.h"
#include <time.h>

static void change_row(struct arena *a, sqlite3_stmt *st, void *p)
{
	struct change *c = p;
	c->seq = sqlite3_column_int64(st, 0);
	c->entity = sq_col_text(a, st, 1);
	c->entity_id = sqlite3_column_int64(st, 2);
	c->op = sq_col_text(a, st, 3);
	c->at = sq_col_text(a, st, 4);
}

int sq_changes_after(struct store *s, struct arena *a, int64_t after, int64_t upto, int limit,
                     struct change **out, int *n)
{
	struct sqb b;
	int rc;
	*out = NULL;
	*n = 0;
	if (limit < 1 || limit > 10000 || after < 0)
		return TB_EINVAL;
	sqb_init(&b);
	sqb_sql(&b, "SELECT seq,entity,entity_id,op,at FROM changes WHERE seq>");
	sqb_int(&b, after);
	if (upto > 0) {
		sqb_sql(&b, " AND seq<=");
		sqb_int(&b, upto);
	}
	sqb_sql(&b, " ORDER BY seq");
	rc = sq_list(SQ(s), a, &b, sizeof(struct change), limit, change_row, (void **)out, n);
	sqb_release(&b);
	return rc;
}

int sq_changes_last(struct store *s, int64_t *first, int64_t *last)
{
	/* Two index lookups on the primary key, no scan. */
	static const char sql[] = "SELECT coalesce(min(seq),0),coalesce(max(seq),0) FROM changes";
	struct sq *q = SQ(s);
	sqlite3_stmt *st = sq_prep(q, sql);
	int rc;
	if (!st)
		return TB_EDB;
	if (!(rc = sq_step_one(q, st))) {
		*first = sqlite3_column_int64(st, 0);
		*last = sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
	return rc;
}

/* PRAGMA data_version: a number that moves when another connection has
 * committed to the file since this connection last looked. Reading it
 * touches only the shared-memory index of the WAL, not the tables. */
static int data_version(struct sq *q, int64_t *v)
{
	static const char sql[] = "PRAGMA data_version";
	sqlite3_stmt *st = sq_prep(q, sql);
	int rc;
	if (!st)
		return TB_EDB;
	if (!(rc = sq_step_one(q, st)))
		*v = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return rc;
}

static int64_t mono_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The poll period: well under the 1 s visibility target, and a PRAGMA
 * every 5 ms costs a few microseconds of CPU. */
#define WAIT_POLL_MS 5

int sq_changes_wait(struct store *s, int64_t after, int timeout_ms, int64_t *last)
{
	struct sq *q = SQ(s);
	int64_t deadline = mono_ms() + (timeout_ms > 0 ? timeout_ms : 0), dv = 0, seen = -1, first;
	struct timespec nap = { 0, WAIT_POLL_MS * 1000000L };
	int rc;

	for (;;) {
		if ((rc = data_version(q, &dv)))
			return rc;
		/* The table is read on the first pass and whenever someone committed. */
		if (dv != seen) {
			seen = dv;
			if ((rc = sq_changes_last(s, &first, last)))
				return rc;
			if (*last > after)
				return TB_OK;
		}
		if (mono_ms() >= deadline)
			return TB_OK;
		nanosleep(&nap, NULL);
	}
}

int sq_changes_prune(struct store *s, const char *before, int64_t keep_rows, int64_t *deleted)
{
	static const char sql[] = "DELETE FROM changes WHERE at<? AND"
	                          " seq<=(SELECT coalesce(max(seq),0) FROM changes)-?";
	struct sq *q = SQ(s);
	sqlite3_stmt *st;
	int rc;
	*deleted = 0;
	if (!before || keep_rows < 1)
		return TB_EINVAL;
	if (!(st = sq_prep(q, sql)))
		return TB_EDB;
	sq_bind_text(st, 1, before);
	sqlite3_bind_int64(st, 2, keep_rows);
	rc = sq_rc(q, sqlite3_step(st));
	sqlite3_reset(st);
	if (!rc)
		*deleted = sqlite3_changes(q->db);
	return rc;
}

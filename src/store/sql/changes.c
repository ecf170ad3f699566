/* changes.c - the change log's store operations (issue #12): read a bounded
 * batch after a position, the bounds of what is kept, wait for the next
 * change without hammering the database, and prune old rows. The rows
 * themselves are written by the triggers of schema version 13 (SQLite:
 * src/store/sqlite/migrations.c; PostgreSQL: the same version of
 * src/store/pg/migrations.c), never here. */
#include "store/sql/sq.h"
#include "core/err.h"
#include <time.h>

static void change_row(struct arena *a, struct sqs *st, void *p)
{
	struct change *c = p;
	c->seq = sqs_col_int64(st, 0);
	c->entity = sq_col_text(a, st, 1);
	c->entity_id = sqs_col_int64(st, 2);
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
	sqb_init(&b, SQ(s));
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
	/* Two index lookups on the primary key. One SELECT with min() and max()
	 * together is a full scan on SQLite (its min/max optimisation takes a
	 * query with one of them only): a follower polling it read ~150 pages a
	 * cycle and an idle server used a sixth of a core. */
	static const char sql[] = "SELECT coalesce((SELECT min(seq) FROM changes),0),"
	                          "coalesce((SELECT max(seq) FROM changes),0)";
	int64_t v[2];
	int rc = sq_one(SQ(s), NULL, sql, sq_row_i64_pair, v, NULL, 0);
	if (!rc) {
		*first = v[0];
		*last = v[1];
	}
	return rc;
}

int sq_changes_fence(struct store *s, int64_t *next, int64_t *done)
{
	static const char sql[] =
		"SELECT CAST(CAST(pg_snapshot_xmax(x) AS TEXT) AS BIGINT),"
		" CAST(CAST(pg_snapshot_xmin(x) AS TEXT) AS BIGINT) FROM pg_current_snapshot() x";
	int64_t v[2];
	int rc;
	if (sq_dialect(SQ(s)) != SQD_PG)
		return TB_EINVAL;
	if (!(rc = sq_one(SQ(s), NULL, sql, sq_row_i64_pair, v, NULL, 0))) {
		*next = v[0];
		*done = v[1];
	}
	return rc;
}

static int64_t mono_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Without a driver wait (sqd.h), the table itself is polled this often. */
#define POLL_MS 10

int sq_changes_wait(struct store *s, int64_t after, int timeout_ms, int64_t *last)
{
	struct sq *q = SQ(s);
	int64_t deadline = mono_ms() + (timeout_ms > 0 ? timeout_ms : 0), first, left, token = -1;
	int rc;

	/* The driver's token is taken before the table is read: a commit in
	 * between moves it, so the wait below returns at once. */
	if (q->drv->wait && (rc = q->drv->wait(q->conn, &token, 0)))
		return rc;
	for (;;) {
		if ((rc = sq_changes_last(s, &first, last)))
			return rc;
		if (*last > after || (left = deadline - mono_ms()) <= 0)
			return TB_OK;
		/* The driver sleeps until another connection may have committed
		 * (SQLite: PRAGMA data_version moved; PostgreSQL: a NOTIFY on
		 * tb_changes) or the time is up; the table is read only then. */
		if (q->drv->wait) {
			if ((rc = q->drv->wait(q->conn, &token, (int)left)))
				return rc;
		} else {
			struct timespec nap = { 0, POLL_MS * 1000000L };
			nanosleep(&nap, NULL);
		}
	}
}

int sq_changes_prune(struct store *s, const char *before, int64_t keep_rows, int64_t *deleted)
{
	static const char sql[] = "DELETE FROM changes WHERE at<? AND"
	                          " seq<=(SELECT coalesce(max(seq),0) FROM changes)-?";
	struct sq *q = SQ(s);
	int rc;
	*deleted = 0;
	if (!before || keep_rows < 1)
		return TB_EINVAL;
	rc = SQ_EXEC(q, sql, TB_OK, SQV_TEXT(before), SQV_I64(keep_rows));
	if (!rc)
		*deleted = sq_changes(q);
	return rc;
}

int sq_backup(struct store *s, const char *dest)
{
	struct sq *q = SQ(s);
	if (!dest || !*dest)
		return TB_EINVAL;
	/* SQLite's online backup API; PostgreSQL has its own tools. */
	return q->drv->backup ? q->drv->backup(q->conn, dest) : TB_EINVAL;
}

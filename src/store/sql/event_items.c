/* event_items.c - SQL persistence of an event's agenda and its edits
 * (issue #14; tables events and event_items of migration 10): the
 * achievements presented and demands discussed, the organiser's edit of an
 * event and its status change to held or cancelled with the outcome text,
 * each UPDATE guarded by the status the caller read. */
#include "store/sql/sq.h"
#include "core/err.h"
#include <string.h>

int sq_event_item_add(struct store *s, int64_t event_id, const char *kind, int64_t item_id)
{
	static const char sql[] = "INSERT INTO event_items(event_id,kind,item_id) VALUES(?,?,?) ON CONFLICT DO NOTHING";
	struct sq *q = SQ(s);
	struct sqs *st = sq_prep(q, sql);
	int rc;
	if (!st)
		return TB_EDB;
	sqs_bind_int64(st, 1, event_id);
	sq_bind_text(st, 2, kind);
	sqs_bind_int64(st, 3, item_id);
	rc = sq_rc(q, sqs_step(st));
	sqs_reset(st);
	return rc;
}

int sq_event_item_remove(struct store *s, int64_t event_id, const char *kind, int64_t item_id)
{
	static const char sql[] = "DELETE FROM event_items WHERE event_id=? AND kind=? AND item_id=?";
	struct sq *q = SQ(s);
	struct sqs *st = sq_prep(q, sql);
	int rc;
	if (!st)
		return TB_EDB;
	sqs_bind_int64(st, 1, event_id);
	sq_bind_text(st, 2, kind);
	sqs_bind_int64(st, 3, item_id);
	rc = sq_rc(q, sqs_step(st));
	sqs_reset(st);
	if (!rc && sq_changes(q) == 0)
		rc = TB_ENOTFOUND;
	return rc;
}

int sq_event_items(struct store *s, struct arena *a, int64_t event_id, struct event_item **out, int *n)
{
	static const char sql[] =
		"SELECT i.kind, i.item_id,"
		" coalesce(x.title_zh, x.title_en, y.title_zh, y.title_en),"
		" coalesce(x.status, y.status), coalesce(x.owner_org_id, y.org_id, 0)"
		" FROM event_items i"
		" LEFT JOIN achievements x ON i.kind='achievement' AND x.id=i.item_id"
		" LEFT JOIN demands y ON i.kind='demand' AND y.id=i.item_id"
		" WHERE i.event_id=? ORDER BY i.kind, i.item_id LIMIT 1000";
	struct sq *q = SQ(s);
	struct sqs *st = sq_prep(q, sql);
	struct event_item *arr;
	int step, count = 0, cap = 1000;
	if (!st)
		return TB_EDB;
	if (!(arr = arena_alloc(a, sizeof(*arr) * (size_t)cap)))
		return sqs_reset(st), TB_ENOMEM;
	sqs_bind_int64(st, 1, event_id);
	while ((step = sqs_step(st)) == SQD_ROW && count < cap) {
		struct event_item *x = &arr[count++];
		x->event_id = event_id;
		x->kind = sq_col_text(a, st, 0);
		x->item_id = sqs_col_int64(st, 1);
		x->title = sq_col_text(a, st, 2);
		x->status = sq_col_text(a, st, 3);
		x->owner_org_id = sqs_col_int64(st, 4);
	}
	sqs_reset(st);
	*out = arr;
	*n = count;
	return step == SQD_ROW || step == SQD_DONE ? TB_OK : sq_rc(q, step);
}

int sq_event_update(struct store *s, const struct event *e, const char *expect)
{
	static const char sql[] =
		"UPDATE events SET kind=?,title=?,starts_on=?,ends_on=?,place=?,online=?,fields=?,capacity=?,"
		"updated_at=? WHERE id=? AND status=?";
	struct sq *q = SQ(s);
	struct sqs *st = sq_prep(q, sql);
	char now[32];
	int rc;
	if (!st)
		return TB_EDB;
	sq_now(now);
	sq_bind_text(st, 1, e->kind);
	sq_bind_text(st, 2, e->title);
	sq_bind_text(st, 3, e->starts_on);
	sq_bind_text(st, 4, e->ends_on);
	sq_bind_text(st, 5, e->place);
	sqs_bind_int(st, 6, e->online != 0);
	sq_bind_text(st, 7, e->fields);
	sqs_bind_int(st, 8, e->capacity);
	sq_bind_text(st, 9, now);
	sqs_bind_int64(st, 10, e->id);
	sq_bind_text(st, 11, expect);
	rc = sq_rc(q, sqs_step(st));
	sqs_reset(st);
	if (!rc && sq_changes(q) == 0)
		rc = TB_ESTATE;
	return rc;
}

int sq_event_set_status(struct store *s, int64_t id, const char *expect, const char *status,
                        const char *outcome)
{
	static const char sql[] =
		"UPDATE events SET status=?, outcome=coalesce(?, outcome), updated_at=? WHERE id=? AND status=?";
	struct sq *q = SQ(s);
	struct sqs *st = sq_prep(q, sql);
	char now[32];
	int rc;
	if (!st)
		return TB_EDB;
	sq_now(now);
	sq_bind_text(st, 1, status);
	sq_bind_text(st, 2, outcome);
	sq_bind_text(st, 3, now);
	sqs_bind_int64(st, 4, id);
	sq_bind_text(st, 5, expect);
	rc = sq_rc(q, sqs_step(st));
	sqs_reset(st);
	if (!rc && sq_changes(q) == 0)
		rc = TB_ESTATE;
	return rc;
}

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
	return SQ_EXEC(SQ(s), sql, TB_OK, SQV_I64(event_id), SQV_TEXT(kind), SQV_I64(item_id));
}

int sq_event_item_remove(struct store *s, int64_t event_id, const char *kind, int64_t item_id)
{
	static const char sql[] = "DELETE FROM event_items WHERE event_id=? AND kind=? AND item_id=?";
	return SQ_EXEC(SQ(s), sql, TB_ENOTFOUND, SQV_I64(event_id), SQV_TEXT(kind),
		SQV_I64(item_id));
}

static void item_row(struct arena *a, struct sqs *st, void *p)
{
	struct event_item *x = p;
	x->kind = sq_col_text(a, st, 0);
	x->item_id = sqs_col_int64(st, 1);
	x->title = sq_col_text(a, st, 2);
	x->status = sq_col_text(a, st, 3);
	x->owner_org_id = sqs_col_int64(st, 4);
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
	int rc = SQ_SELECT(SQ(s), a, sql, sizeof(struct event_item), item_row, (void **)out, n,
	                   SQV_I64(event_id));
	for (int i = 0; !rc && i < *n; i++)
		(*out)[i].event_id = event_id;
	return rc;
}

int sq_event_update(struct store *s, const struct event *e, const char *expect)
{
	static const char sql[] =
		"UPDATE events SET kind=?,title=?,starts_on=?,ends_on=?,place=?,online=?,fields=?,capacity=?,"
		"updated_at=? WHERE id=? AND status=?";
	return SQ_EXEC(SQ(s), sql, TB_ESTATE, SQV_TEXT(e->kind), SQV_TEXT(e->title),
		SQV_TEXT(e->starts_on), SQV_TEXT(e->ends_on), SQV_TEXT(e->place),
		SQV_I64(e->online != 0), SQV_TEXT(e->fields), SQV_I64(e->capacity), SQV_NOW,
		SQV_I64(e->id), SQV_TEXT(expect));
}

int sq_event_set_status(struct store *s, int64_t id, const char *expect, const char *status,
                        const char *outcome)
{
	static const char sql[] =
		"UPDATE events SET status=?, outcome=coalesce(?, outcome), updated_at=? WHERE id=? AND status=?";
	return SQ_EXEC(SQ(s), sql, TB_ESTATE, SQV_TEXT(status), SQV_TEXT(outcome), SQV_NOW,
		SQV_I64(id), SQV_TEXT(expect));
}

/* attachments.c - SQLite persistence of listing attachments (issue #18;
 * table from migration 17). The bytes are a BLOB next to their metadata:
 * listings read the metadata only, a download reads one row with its data. */
#include "store/sqlite/sq.h"
#include "core/err.h"
#include <string.h>

#define ATT_META "id,kind,item_id,name,mime,size,sha256,uploaded_by,created_at"

static void att_row(struct arena *a, sqlite3_stmt *st, struct attachment *x)
{
	const char *kind;
	memset(x, 0, sizeof(*x));
	x->id = sqlite3_column_int64(st, 0);
	kind = (const char *)sqlite3_column_text(st, 1);
	x->is_ach = kind && !strcmp(kind, "achievement");
	x->item_id = sqlite3_column_int64(st, 2);
	x->name = sq_col_text(a, st, 3);
	x->mime = sq_col_text(a, st, 4);
	x->size = sqlite3_column_int64(st, 5);
	x->sha256 = sq_col_text(a, st, 6);
	x->uploaded_by = sqlite3_column_int64(st, 7);
	x->created_at = sq_col_text(a, st, 8);
}

static void att_row_v(struct arena *a, sqlite3_stmt *st, void *p) { att_row(a, st, p); }

int sq_attachment_insert(struct store *s, struct attachment *x)
{
	struct sq *q = SQ(s);
	sqlite3_stmt *st = sq_prep(q, "INSERT INTO attachments(kind,item_id,name,mime,size,sha256,data,"
	                              "uploaded_by,created_at) VALUES(?,?,?,?,?,?,?,?,?)");
	char now[32];
	int rc;
	if (!st)
		return TB_EDB;
	if (!x->data || x->size <= 0 || x->size > (int64_t)ATTACHMENT_MAX_BYTES)
		return TB_EINVAL;
	sq_now(now);
	sq_bind_text(st, 1, x->is_ach ? "achievement" : "demand");
	sqlite3_bind_int64(st, 2, x->item_id);
	sq_bind_text(st, 3, x->name);
	sq_bind_text(st, 4, x->mime);
	sqlite3_bind_int64(st, 5, x->size);
	sq_bind_text(st, 6, x->sha256);
	sqlite3_bind_blob(st, 7, x->data, (int)x->size, SQLITE_STATIC);
	if (x->uploaded_by > 0)
		sqlite3_bind_int64(st, 8, x->uploaded_by);
	else
		sqlite3_bind_null(st, 8);
	sq_bind_text(st, 9, now);
	rc = sq_rc(q, sqlite3_step(st));
	sqlite3_reset(st);
	/* the statement is cached: it must not keep pointing at the caller's bytes */
	sqlite3_clear_bindings(st);
	if (!rc) {
		x->id = sqlite3_last_insert_rowid(q->db);
		x->created_at = NULL;
	}
	return rc;
}

int sq_attachment_list(struct store *s, struct arena *a, bool is_ach, int64_t item_id,
                       struct attachment **out, int *n)
{
	struct sqb b;
	int rc;
	sqb_init(&b);
	sqb_sql(&b, "SELECT " ATT_META " FROM attachments WHERE kind=");
	sqb_text(&b, is_ach ? "achievement" : "demand");
	sqb_sql(&b, " AND item_id=");
	sqb_int(&b, item_id);
	sqb_sql(&b, " ORDER BY id LIMIT 200");
	rc = sq_list(SQ(s), a, &b, sizeof(struct attachment), 200, att_row_v, (void **)out, n);
	sqb_release(&b);
	return rc;
}

int sq_attachment_get(struct store *s, struct arena *a, int64_t id, bool with_data,
                      struct attachment *out)
{
	struct sq *q = SQ(s);
	sqlite3_stmt *st = sq_prep(q, "SELECT " ATT_META ",data FROM attachments WHERE id=?");
	int rc;
	if (!st)
		return TB_EDB;
	sqlite3_bind_int64(st, 1, id);
	if ((rc = sq_step_one(q, st)))
		return rc;
	att_row(a, st, out);
	if (with_data) {
		const void *p = sqlite3_column_blob(st, 9);
		size_t len = (size_t)sqlite3_column_bytes(st, 9);
		unsigned char *d = len ? arena_alloc(a, len) : NULL;
		if (!d || !p || (int64_t)len != out->size)
			rc = d ? TB_EDB : TB_ENOMEM;
		else
			memcpy(d, p, len);
		out->data = d;
	}
	sqlite3_reset(st);
	return rc;
}

int sq_attachment_delete(struct store *s, int64_t id)
{
	struct sq *q = SQ(s);
	sqlite3_stmt *st = sq_prep(q, "DELETE FROM attachments WHERE id=?");
	int rc;
	if (!st)
		return TB_EDB;
	sqlite3_bind_int64(st, 1, id);
	rc = sq_rc(q, sqlite3_step(st));
	sqlite3_reset(st);
	if (!rc && sqlite3_changes(q->db) == 0)
		rc = TB_ENOTFOUND;
	return rc;
}

/* ---- favourites (issue #18), kept here with the other web2 tables */

int sq_favourite_put(struct store *s, int64_t user_id, bool is_ach, int64_t item_id, int *created)
{
	struct sq *q = SQ(s);
	sqlite3_stmt *st = sq_prep(q, "INSERT INTO favourites(user_id,kind,item_id,created_at) VALUES(?,?,?,?)"
	                              " ON CONFLICT DO NOTHING");
	char now[32];
	int rc;
	if (!st)
		return TB_EDB;
	sq_now(now);
	sqlite3_bind_int64(st, 1, user_id);
	sq_bind_text(st, 2, is_ach ? "achievement" : "demand");
	sqlite3_bind_int64(st, 3, item_id);
	sq_bind_text(st, 4, now);
	rc = sq_rc(q, sqlite3_step(st));
	sqlite3_reset(st);
	*created = !rc && sqlite3_changes(q->db) > 0;
	return rc;
}

int sq_favourite_delete(struct store *s, int64_t user_id, bool is_ach, int64_t item_id)
{
	struct sq *q = SQ(s);
	sqlite3_stmt *st = sq_prep(q, "DELETE FROM favourites WHERE user_id=? AND kind=? AND item_id=?");
	int rc;
	if (!st)
		return TB_EDB;
	sqlite3_bind_int64(st, 1, user_id);
	sq_bind_text(st, 2, is_ach ? "achievement" : "demand");
	sqlite3_bind_int64(st, 3, item_id);
	rc = sq_rc(q, sqlite3_step(st));
	sqlite3_reset(st);
	if (!rc && sqlite3_changes(q->db) == 0)
		rc = TB_ENOTFOUND;
	return rc;
}

static void fav_row(struct arena *a, sqlite3_stmt *st, void *p)
{
	struct favourite *f = p;
	const char *kind = (const char *)sqlite3_column_text(st, 0);
	f->is_ach = kind && !strcmp(kind, "achievement");
	f->item_id = sqlite3_column_int64(st, 1);
	f->created_at = sq_col_text(a, st, 2);
}

int sq_favourite_list(struct store *s, struct arena *a, int64_t user_id, struct favourite **out, int *n)
{
	struct sqb b;
	int rc;
	sqb_init(&b);
	sqb_sql(&b, "SELECT kind,item_id,created_at FROM favourites WHERE user_id=");
	sqb_int(&b, user_id);
	sqb_sql(&b, " ORDER BY created_at DESC, rowid DESC LIMIT ");
	sqb_int(&b, FAVOURITES_MAX);
	rc = sq_list(SQ(s), a, &b, sizeof(struct favourite), FAVOURITES_MAX, fav_row, (void **)out, n);
	sqb_release(&b);
	return rc;
}

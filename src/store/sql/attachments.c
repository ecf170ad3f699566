/* attachments.c - persistence of attachments (listings, challenges and
 * docking cases) and favourites (issue #18; tables from migrations 17, 20). The driver interface carries text,
 * not blobs, so a file's bytes are stored as base64 text (libsodium's
 * original variant) next to its metadata: a third larger, the same on SQLite
 * and PostgreSQL, and every app node serving the database sees every file.
 * Listings read the metadata only; a download decodes one row. */
#include "store/sql/sq.h"
#include "core/err.h"
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#define ATT_META "id,kind,item_id,name,mime,size,sha256,uploaded_by,created_at"

static void att_row(struct arena *a, struct sqs *st, struct attachment *x)
{
	memset(x, 0, sizeof(*x));
	x->id = sqs_col_int64(st, 0);
	x->kind = sq_col_text(a, st, 1);
	x->item_id = sqs_col_int64(st, 2);
	x->name = sq_col_text(a, st, 3);
	x->mime = sq_col_text(a, st, 4);
	x->size = sqs_col_int64(st, 5);
	x->sha256 = sq_col_text(a, st, 6);
	x->uploaded_by = sqs_col_int64(st, 7);
	x->created_at = sq_col_text(a, st, 8);
}

static void att_row_v(struct arena *a, struct sqs *st, void *p) { att_row(a, st, p); }

int sq_attachment_insert(struct store *s, struct attachment *x)
{
	static const char sql[] = "INSERT INTO attachments(kind,item_id,name,mime,size,sha256,data,"
	                          "uploaded_by,created_at) VALUES(?,?,?,?,?,?,?,?,?) RETURNING id";
	char *b64;
	size_t n;
	int rc;
	if (!x->data || !x->kind || x->size <= 0 || x->size > (int64_t)ATTACHMENT_MAX_BYTES)
		return TB_EINVAL;
	n = sodium_base64_encoded_len((size_t)x->size, sodium_base64_VARIANT_ORIGINAL);
	if (!(b64 = malloc(n)))
		return TB_ENOMEM;
	sodium_bin2base64(b64, n, x->data, (size_t)x->size, sodium_base64_VARIANT_ORIGINAL);
	/* b64 is NUL-terminated (sodium_bin2base64) */
	rc = SQ_INSERT(SQ(s), sql, &x->id, SQV_TEXT(x->kind), SQV_I64(x->item_id), SQV_TEXT(x->name),
	               SQV_TEXT(x->mime), SQV_I64(x->size), SQV_TEXT(x->sha256), SQV_TEXT(b64),
	               SQV_OPT_ID(x->uploaded_by), SQV_NOW);
	/* the driver's reset clears the bindings: the cached statement does not
	 * keep pointing at the freed text */
	free(b64);
	return rc;
}

int sq_attachment_list(struct store *s, struct arena *a, const char *kind, int64_t item_id,
                       struct attachment **out, int *n)
{
	struct sqb b;
	int rc;
	sqb_init(&b, SQ(s));
	sqb_sql(&b, "SELECT " ATT_META " FROM attachments WHERE kind=");
	sqb_text(&b, kind);
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
	struct sqs *st = sq_prep(q, "SELECT " ATT_META ",data FROM attachments WHERE id=?");
	int rc;
	if (!st)
		return TB_EDB;
	sqs_bind_int64(st, 1, id);
	if ((rc = sq_step_one(q, st)))
		return rc;
	att_row(a, st, out);
	if (with_data) {
		const char *b64 = sqs_col_text(st, 9);
		size_t len = (size_t)sqs_col_bytes(st, 9), got = 0;
		unsigned char *d = out->size > 0 ? arena_alloc(a, (size_t)out->size) : NULL;
		if (!d)
			rc = TB_ENOMEM;
		else if (!b64 || sodium_base642bin(d, (size_t)out->size, b64, len, NULL, &got, NULL,
		                                   sodium_base64_VARIANT_ORIGINAL) ||
		         (int64_t)got != out->size)
			rc = TB_EDB; /* a row that does not decode to its size: not the caller's fault */
		out->data = d;
	}
	sqs_reset(st);
	return rc;
}

int sq_attachment_delete(struct store *s, int64_t id)
{
	return SQ_EXEC(SQ(s), "DELETE FROM attachments WHERE id=?", TB_ENOTFOUND, SQV_I64(id));
}

/* ---- favourites (issue #18), kept here with the other web2 tables */

int sq_favourite_put(struct store *s, int64_t user_id, bool is_ach, int64_t item_id, int *created)
{
	struct sq *q = SQ(s);
	/* ON CONFLICT DO NOTHING: 0 rows is an existing favourite, not an error */
	int rc = SQ_EXEC(q, "INSERT INTO favourites(user_id,kind,item_id,created_at) VALUES(?,?,?,?)"
	                    " ON CONFLICT DO NOTHING",
	                 TB_OK, SQV_I64(user_id), SQV_TEXT(is_ach ? "achievement" : "demand"),
	                 SQV_I64(item_id), SQV_NOW);
	*created = !rc && sq_changes(q) > 0;
	return rc;
}

int sq_favourite_delete(struct store *s, int64_t user_id, bool is_ach, int64_t item_id)
{
	return SQ_EXEC(SQ(s), "DELETE FROM favourites WHERE user_id=? AND kind=? AND item_id=?",
		TB_ENOTFOUND, SQV_I64(user_id), SQV_TEXT(is_ach ? "achievement" : "demand"),
		SQV_I64(item_id));
}

static void fav_row(struct arena *a, struct sqs *st, void *p)
{
	struct favourite *f = p;
	const char *kind = sqs_col_text(st, 0);
	f->is_ach = kind && !strcmp(kind, "achievement");
	f->item_id = sqs_col_int64(st, 1);
	f->created_at = sq_col_text(a, st, 2);
}

int sq_favourite_list(struct store *s, struct arena *a, int64_t user_id, struct favourite **out, int *n)
{
	struct sqb b;
	int rc;
	sqb_init(&b, SQ(s));
	sqb_sql(&b, "SELECT kind,item_id,created_at FROM favourites WHERE user_id=");
	sqb_int(&b, user_id);
	/* created_at has second resolution: item order breaks ties, newest first */
	sqb_sql(&b, " ORDER BY created_at DESC, item_id DESC LIMIT ");
	sqb_int(&b, FAVOURITES_MAX);
	rc = sq_list(SQ(s), a, &b, sizeof(struct favourite), FAVOURITES_MAX, fav_row, (void **)out, n);
	sqb_release(&b);
	return rc;
}

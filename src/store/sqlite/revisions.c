/* revisions.c - SQLite persistence of pending revisions of public listings
 * (domain/revision.h; table from migration 6). Achievement and demand share
 * one table: body_zh/body_en hold the abstract or the description, trl the
 * achievement's trl or the demand's trl_min, org_id the owner. */
#include "store/sqlite/sq.h"
#include "core/err.h"
#include <string.h>

#define REV_COLS \
	"id,kind,item_id,author_id,status,reason,decided_by,decided_at,created_at,reg_no,title_zh," \
	"title_en,body_zh,body_en,keywords,field,trl,ip_status,patents,modes,price,budget_min,"     \
	"budget_max,deadline,region,org_id,contact_name,contact_email,contact_phone,payment_modes"

static void rev_row(struct arena *a, sqlite3_stmt *st, struct revision *r)
{
	memset(r, 0, sizeof(*r));
	r->id = sqlite3_column_int64(st, 0);
	r->is_ach = !strcmp((const char *)sqlite3_column_text(st, 1), "achievement");
	r->item_id = sqlite3_column_int64(st, 2);
	r->author_id = sqlite3_column_int64(st, 3);
	r->status = sq_col_text(a, st, 4);
	r->reason = sq_col_text(a, st, 5);
	r->decided_by = sqlite3_column_int64(st, 6);
	r->decided_at = sq_col_text(a, st, 7);
	r->created_at = sq_col_text(a, st, 8);
	if (r->is_ach) {
		struct achievement *x = &r->ach;
		x->id = r->item_id;
		x->reg_no = sq_col_text(a, st, 9);
		x->title_zh = sq_col_text(a, st, 10);
		x->title_en = sq_col_text(a, st, 11);
		x->abstract_zh = sq_col_text(a, st, 12);
		x->abstract_en = sq_col_text(a, st, 13);
		x->keywords = sq_col_text(a, st, 14);
		x->field = sq_col_text(a, st, 15);
		x->trl = sqlite3_column_int(st, 16);
		x->ip_status = sq_col_text(a, st, 17);
		x->patents = sq_col_text(a, st, 18);
		x->modes = (unsigned)sqlite3_column_int(st, 19);
		x->price = sq_col_double_or(st, 20, -1);
		x->owner_org_id = sqlite3_column_int64(st, 25);
		x->contact_name = sq_col_text(a, st, 26);
		x->contact_email = sq_col_text(a, st, 27);
		x->contact_phone = sq_col_text(a, st, 28);
		x->payment_modes = (unsigned)sqlite3_column_int(st, 29);
		x->status = "pending_revision";
	} else {
		struct demand *x = &r->dem;
		x->id = r->item_id;
		x->title_zh = sq_col_text(a, st, 10);
		x->title_en = sq_col_text(a, st, 11);
		x->desc_zh = sq_col_text(a, st, 12);
		x->desc_en = sq_col_text(a, st, 13);
		x->keywords = sq_col_text(a, st, 14);
		x->field = sq_col_text(a, st, 15);
		x->trl_min = sqlite3_column_int(st, 16);
		x->modes = (unsigned)sqlite3_column_int(st, 19);
		x->budget_min = sq_col_double_or(st, 21, -1);
		x->budget_max = sq_col_double_or(st, 22, -1);
		x->deadline = sq_col_text(a, st, 23);
		x->region = sq_col_text(a, st, 24);
		x->org_id = sqlite3_column_int64(st, 25);
		x->contact_name = sq_col_text(a, st, 26);
		x->contact_email = sq_col_text(a, st, 27);
		x->contact_phone = sq_col_text(a, st, 28);
		x->status = "pending_revision";
	}
}
static void rev_row_v(struct arena *a, sqlite3_stmt *st, void *p) { rev_row(a, st, p); }

int sq_rev_put(struct store *s, struct revision *r)
{
	/* The partial unique index allows one pending row per item: a newer edit
	 * overwrites it in place (the audit log keeps every edit). */
	static const char sql[] =
		"INSERT INTO revisions(kind,item_id,author_id,status,created_at,reg_no,title_zh,title_en,"
		"body_zh,body_en,keywords,field,trl,ip_status,patents,modes,price,budget_min,budget_max,"
		"deadline,region,org_id,contact_name,contact_email,contact_phone,payment_modes)"
		" VALUES(?1,?2,?3,'pending',?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,?19,?20,"
		"?21,?22,?23,?24,?25)"
		" ON CONFLICT(kind,item_id) WHERE status='pending' DO UPDATE SET author_id=excluded.author_id,"
		"created_at=excluded.created_at,reg_no=excluded.reg_no,title_zh=excluded.title_zh,"
		"title_en=excluded.title_en,body_zh=excluded.body_zh,body_en=excluded.body_en,"
		"keywords=excluded.keywords,field=excluded.field,trl=excluded.trl,"
		"ip_status=excluded.ip_status,patents=excluded.patents,modes=excluded.modes,"
		"price=excluded.price,budget_min=excluded.budget_min,budget_max=excluded.budget_max,"
		"deadline=excluded.deadline,region=excluded.region,org_id=excluded.org_id,"
		"contact_name=excluded.contact_name,contact_email=excluded.contact_email,"
		"contact_phone=excluded.contact_phone,payment_modes=excluded.payment_modes"
		" RETURNING id,created_at";
	struct sq *q = SQ(s);
	sqlite3_stmt *st = sq_prep(q, sql);
	char now[32];
	int rc, step;
	if (!st)
		return TB_EDB;
	sq_now(now);
	sq_bind_text(st, 1, r->is_ach ? "achievement" : "demand");
	sqlite3_bind_int64(st, 2, r->item_id);
	if (r->author_id > 0)
		sqlite3_bind_int64(st, 3, r->author_id);
	sq_bind_text(st, 4, now);
	if (r->is_ach) {
		const struct achievement *x = &r->ach;
		sq_bind_text(st, 5, x->reg_no);
		sq_bind_text(st, 6, x->title_zh);
		sq_bind_text(st, 7, x->title_en);
		sq_bind_text(st, 8, x->abstract_zh);
		sq_bind_text(st, 9, x->abstract_en);
		sq_bind_text(st, 10, x->keywords);
		sq_bind_text(st, 11, x->field);
		sqlite3_bind_int(st, 12, x->trl);
		sq_bind_text(st, 13, x->ip_status);
		sq_bind_text(st, 14, x->patents);
		sqlite3_bind_int(st, 15, (int)x->modes);
		sqlite3_bind_double(st, 16, x->price);
		sqlite3_bind_int64(st, 21, x->owner_org_id);
		sq_bind_text(st, 22, x->contact_name);
		sq_bind_text(st, 23, x->contact_email);
		sq_bind_text(st, 24, x->contact_phone);
		sqlite3_bind_int(st, 25, (int)x->payment_modes);
	} else {
		const struct demand *x = &r->dem;
		sq_bind_text(st, 6, x->title_zh);
		sq_bind_text(st, 7, x->title_en);
		sq_bind_text(st, 8, x->desc_zh);
		sq_bind_text(st, 9, x->desc_en);
		sq_bind_text(st, 10, x->keywords);
		sq_bind_text(st, 11, x->field);
		sqlite3_bind_int(st, 12, x->trl_min);
		sqlite3_bind_int(st, 15, (int)x->modes);
		sq_bind_opt_double(st, 17, x->budget_min);
		sq_bind_opt_double(st, 18, x->budget_max);
		sq_bind_text(st, 19, x->deadline);
		sq_bind_text(st, 20, x->region);
		sqlite3_bind_int64(st, 21, x->org_id);
		sq_bind_text(st, 22, x->contact_name);
		sq_bind_text(st, 23, x->contact_email);
		sq_bind_text(st, 24, x->contact_phone);
		sqlite3_bind_int(st, 25, 0); /* payment modes are an achievement's */
	}
	step = sqlite3_step(st);
	if (step == SQLITE_ROW) {
		r->id = sqlite3_column_int64(st, 0);
		r->status = "pending";
		rc = TB_OK;
		/* Drain RETURNING so the statement completes before reset. */
		step = sqlite3_step(st);
		if (step != SQLITE_DONE)
			rc = sq_rc(q, step);
	} else {
		rc = step == SQLITE_DONE ? TB_EDB : sq_rc(q, step);
	}
	sqlite3_reset(st);
	return rc;
}

int sq_rev_pending(struct store *s, struct arena *a, bool is_ach, int64_t item_id,
                   struct revision *out)
{
	static const char sql[] =
		"SELECT " REV_COLS " FROM revisions WHERE kind=? AND item_id=? AND status='pending'";
	struct sq *q = SQ(s);
	sqlite3_stmt *st = sq_prep(q, sql);
	int rc;
	if (!st)
		return TB_EDB;
	sq_bind_text(st, 1, is_ach ? "achievement" : "demand");
	sqlite3_bind_int64(st, 2, item_id);
	if (!(rc = sq_step_one(q, st)))
		rev_row(a, st, out);
	sqlite3_reset(st);
	return rc;
}

int sq_rev_list(struct store *s, struct arena *a, const char *status, int limit,
                struct revision **out, int *n)
{
	struct sqb b;
	int rc;
	sqb_init(&b);
	sqb_sql(&b, "SELECT " REV_COLS " FROM revisions WHERE 1=1");
	if (status) {
		sqb_sql(&b, " AND status=");
		sqb_text(&b, status);
	}
	sqb_sql(&b, " ORDER BY created_at DESC, id DESC LIMIT ");
	sqb_int(&b, limit);
	rc = sq_list(SQ(s), a, &b, sizeof(struct revision), limit, rev_row_v, (void **)out, n);
	sqb_release(&b);
	return rc;
}

int sq_rev_decide(struct store *s, int64_t id, const char *status, const char *reason,
                  int64_t decided_by)
{
	static const char sql[] =
		"UPDATE revisions SET status=?,reason=?,decided_by=?,decided_at=? WHERE id=? AND "
		"status='pending'";
	struct sq *q = SQ(s);
	sqlite3_stmt *st = sq_prep(q, sql);
	char now[32];
	int rc;
	if (!st)
		return TB_EDB;
	sq_now(now);
	sq_bind_text(st, 1, status);
	sq_bind_text(st, 2, reason);
	if (decided_by > 0)
		sqlite3_bind_int64(st, 3, decided_by);
	sq_bind_text(st, 4, now);
	sqlite3_bind_int64(st, 5, id);
	rc = sq_rc(q, sqlite3_step(st));
	sqlite3_reset(st);
	if (!rc && sqlite3_changes(q->db) == 0)
		rc = TB_ESTATE;
	return rc;
}

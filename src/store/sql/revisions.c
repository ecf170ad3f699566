/* revisions.c - SQL persistence of pending revisions of public listings
 * (domain/revision_ops.h; table from migration 6). Achievement and demand share
 * one table: body_zh/body_en hold the abstract or the description, trl the
 * achievement's trl or the demand's trl_min, org_id the owner. */
#include "store/sql/sq.h"
#include "core/err.h"
#include "core/util.h"
#include <string.h>

/* The proposed record's columns, per kind: X(column, member, TYPE, dflt).
 * A kind leaves the other kind's columns NULL. */
#define REV_ACH_COLUMNS(X)                                                                       \
	X(reg_no, reg_no, TEXT, NULL) X(title_zh, title_zh, TEXT, NULL)                            \
	X(title_en, title_en, TEXT, NULL) X(body_zh, abstract_zh, TEXT, NULL)                      \
	X(body_en, abstract_en, TEXT, NULL) X(keywords, keywords, TEXT, NULL)                      \
	X(trl, trl, INT, NULL) X(ip_status, ip_status, TEXT, NULL)                                  \
	X(patents, patents, TEXT, NULL) X(modes, modes, UINT, NULL) X(price, price, DBL, NULL)     \
	X(org_id, owner_org_id, I64, NULL) X(contact_name, contact_name, TEXT, NULL)               \
	X(contact_email, contact_email, TEXT, NULL) X(contact_phone, contact_phone, TEXT, NULL)    \
	X(attribute, attribute, TEXT, NULL) X(payment_modes, payment_modes, UINT, NULL)
#define REV_DEM_COLUMNS(X)                                                                       \
	X(title_zh, title_zh, TEXT, NULL) X(title_en, title_en, TEXT, NULL)                        \
	X(body_zh, desc_zh, TEXT, NULL) X(body_en, desc_en, TEXT, NULL)                            \
	X(keywords, keywords, TEXT, NULL) X(trl, trl_min, INT, NULL)                               \
	X(modes, modes, UINT, NULL) X(budget_min, budget_min, OPT_DBL, NULL)                       \
	X(budget_max, budget_max, OPT_DBL, NULL) X(deadline, deadline, TEXT, NULL)                 \
	X(region, region, TEXT, NULL) X(org_id, org_id, I64, NULL)                                 \
	X(contact_name, contact_name, TEXT, NULL) X(contact_email, contact_email, TEXT, NULL)      \
	X(contact_phone, contact_phone, TEXT, NULL)

static const struct sq_col rev_ach_cols[] = {
#define X(c, m, t, d) SQ_COLM(struct achievement, c, m, t, d),
	REV_ACH_COLUMNS(X)
#undef X
/* The plain fields (model/catalog.h) have a column of their own name here too. */
#define X(n, t, max) SQ_COL(struct achievement, n, t, NULL),
	ACH_PLAIN_FIELDS(X)
#undef X
};
static const struct sq_col rev_dem_cols[] = {
#define X(c, m, t, d) SQ_COLM(struct demand, c, m, t, d),
	REV_DEM_COLUMNS(X)
#undef X
#define X(n, t, max) SQ_COL(struct demand, n, t, NULL),
	DEM_PLAIN_FIELDS(X)
#undef X
};
#define REV_ACH_N ((int)ARRAY_SIZE(rev_ach_cols))
#define REV_DEM_N ((int)ARRAY_SIZE(rev_dem_cols))

/* The revision's own columns, then both kinds' lists (a row reads the one
 * of its kind). */
#define REV_HEAD "id,kind,item_id,author_id,status,reason,decided_by,decided_at,created_at"
#define REV_HEAD_N 9
#define REV_COLS                                                                                 \
	REV_HEAD "," REV_ACH_COLUMNS(SQ_COLM_NAME) ACH_PLAIN_FIELDS(SQ_COL_NAME)                     \
	REV_DEM_COLUMNS(SQ_COLM_NAME) DEM_PLAIN_FIELDS(SQ_COL_NAME) "1"

static void rev_row(struct arena *a, struct sqs *st, struct revision *r)
{
	memset(r, 0, sizeof(*r));
	r->id = sqs_col_int64(st, 0);
	r->is_ach = !strcmp(sqs_col_text(st, 1), "achievement");
	r->item_id = sqs_col_int64(st, 2);
	r->author_id = sqs_col_int64(st, 3);
	r->status = sq_col_text(a, st, 4);
	r->reason = sq_col_text(a, st, 5);
	r->decided_by = sqs_col_int64(st, 6);
	r->decided_at = sq_col_text(a, st, 7);
	r->created_at = sq_col_text(a, st, 8);
	if (r->is_ach) {
		sq_cols_read(a, st, REV_HEAD_N, rev_ach_cols, REV_ACH_N, &r->ach);
		r->ach.id = r->item_id;
		r->ach.status = "pending_revision";
	} else {
		sq_cols_read(a, st, REV_HEAD_N + REV_ACH_N, rev_dem_cols, REV_DEM_N, &r->dem);
		r->dem.id = r->item_id;
		r->dem.status = "pending_revision";
	}
}
static void rev_row_v(struct arena *a, struct sqs *st, void *p) { rev_row(a, st, p); }

/* The partial unique index allows one pending row per item: a newer edit
 * overwrites it in place (the audit log keeps every edit). */
#define REV_PUT_SQL(COLS, PLAIN)                                                                 \
	"INSERT INTO revisions(" COLS(SQ_COLM_NAME) PLAIN(SQ_COL_NAME)                               \
	"kind,item_id,author_id,status,created_at)"                                                  \
	" VALUES(" COLS(SQ_COLM_QM) PLAIN(SQ_COL_QM) "?,?,?,'pending',?)"                            \
	" ON CONFLICT(kind,item_id) WHERE status='pending' DO UPDATE SET " COLS(SQ_COLM_EXCL)        \
	PLAIN(SQ_COL_EXCL)                                                                           \
	"author_id=excluded.author_id,created_at=excluded.created_at RETURNING id,created_at"

int sq_revision_put(struct store *s, struct revision *r)
{
	static const char ach_sql[] = REV_PUT_SQL(REV_ACH_COLUMNS, ACH_PLAIN_FIELDS);
	static const char dem_sql[] = REV_PUT_SQL(REV_DEM_COLUMNS, DEM_PLAIN_FIELDS);
	int rc = SQ_INSERT(SQ(s), r->is_ach ? ach_sql : dem_sql, &r->id,
	                   r->is_ach ? SQV_COLS(rev_ach_cols, REV_ACH_N, &r->ach)
	                             : SQV_COLS(rev_dem_cols, REV_DEM_N, &r->dem),
	                   SQV_TEXT(r->is_ach ? "achievement" : "demand"), SQV_I64(r->item_id),
	                   SQV_OPT_ID(r->author_id), SQV_NOW);
	if (!rc)
		r->status = "pending";
	return rc;
}

int sq_revision_pending(struct store *s, struct arena *a, bool is_ach, int64_t item_id,
                   struct revision *out)
{
	static const char sql[] =
		"SELECT " REV_COLS " FROM revisions WHERE kind=? AND item_id=? AND status='pending'";
	return SQ_ONE(SQ(s), a, sql, rev_row_v, out, SQV_TEXT(is_ach ? "achievement" : "demand"),
	              SQV_I64(item_id));
}

int sq_revision_list(struct store *s, struct arena *a, const char *status, int limit,
                struct revision **out, int *n)
{
	struct sqb b;
	int rc;
	sqb_init(&b, SQ(s));
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

/* The history of one item (issue #18): every revision, whatever its status. */
int sq_revision_of_item(struct store *s, struct arena *a, bool is_ach, int64_t item_id, int limit,
                        struct revision **out, int *n)
{
	struct sqb b;
	int rc;
	sqb_init(&b, SQ(s));
	sqb_sql(&b, "SELECT " REV_COLS " FROM revisions WHERE kind=");
	sqb_text(&b, is_ach ? "achievement" : "demand");
	sqb_sql(&b, " AND item_id=");
	sqb_int(&b, item_id);
	sqb_sql(&b, " ORDER BY created_at DESC, id DESC LIMIT ");
	sqb_int(&b, limit);
	rc = sq_list(SQ(s), a, &b, sizeof(struct revision), limit, rev_row_v, (void **)out, n);
	sqb_release(&b);
	return rc;
}

int sq_revision_decide(struct store *s, int64_t id, const char *status, const char *reason,
                  int64_t decided_by)
{
	static const char sql[] =
		"UPDATE revisions SET status=?,reason=?,decided_by=?,decided_at=? WHERE id=? AND "
		"status='pending'";
	return SQ_EXEC(SQ(s), sql, TB_ESTATE, SQV_TEXT(status), SQV_TEXT(reason),
	               SQV_OPT_ID(decided_by), SQV_NOW, SQV_I64(id));
}

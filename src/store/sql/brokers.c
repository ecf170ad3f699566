/* brokers.c - SQL operations for brokers, consented representation
 * (user_orgs), docking cases and their steps, contact requests and match
 * feedback (model/broker.h; tables from migration 10). Every status UPDATE
 * carries the expected current status in its WHERE clause: 0 rows changed is
 * TB_ESTATE, so two concurrent decisions never both win. */
#include "store/sql/sq.h"
#include "core/err.h"
#include "core/util.h"
#include <string.h>

/* ------------------------------------------------------------- brokers */

#define BRK_COLUMNS(X)                                                                           \
	X(institution_id, I64, NULL) X(name, TEXT, NULL) X(grade, TEXT, NULL) X(fields, TEXT, NULL) \
	X(regions, TEXT, NULL) X(cert_no, TEXT, NULL) X(cert_date, TEXT, NULL)                      \
	X(cert_expiry, TEXT, NULL) X(bio, TEXT, NULL)
#define BRK_COLS "a.user_id," BRK_COLUMNS(SQ_COL_A) "a.created_at,a.updated_at,o.name"
#define BRK_FROM " FROM brokers a JOIN orgs o ON o.id=a.institution_id"

static const struct sq_col brk_cols[] = {
#define X(n, t, d) SQ_COL(struct broker, n, t, d),
	BRK_COLUMNS(X)
#undef X
};
#define BRK_N ((int)ARRAY_SIZE(brk_cols))

static void brk_row(struct arena *a, struct sqs *st, void *p)
{
	struct broker *b = p;
	memset(b, 0, sizeof(*b));
	b->user_id = sqs_col_int64(st, 0);
	sq_cols_read(a, st, 1, brk_cols, BRK_N, b);
	b->created_at = sq_col_text(a, st, BRK_N + 1);
	b->updated_at = sq_col_text(a, st, BRK_N + 2);
	b->institution_name = sq_col_text(a, st, BRK_N + 3);
}

int sq_broker_put(struct store *s, const struct broker *b)
{
	static const char sql[] =
		"INSERT INTO brokers(" BRK_COLUMNS(SQ_COL_NAME) "user_id,created_at,updated_at)"
		" VALUES(" BRK_COLUMNS(SQ_COL_QM) "?,?,?)"
		" ON CONFLICT(user_id) DO UPDATE SET institution_id=excluded.institution_id,"
		"name=excluded.name,grade=excluded.grade,fields=excluded.fields,regions=excluded.regions,"
		"cert_no=excluded.cert_no,cert_date=excluded.cert_date,cert_expiry=excluded.cert_expiry,"
		"bio=excluded.bio,updated_at=excluded.updated_at";
	return SQ_EXEC(SQ(s), sql, TB_OK, SQV_COLS(brk_cols, BRK_N, b), SQV_I64(b->user_id),
		SQV_NOW, SQV_NOW);
}

int sq_broker_get(struct store *s, struct arena *a, int64_t user_id, struct broker *out)
{
	static const char sql[] = "SELECT " BRK_COLS BRK_FROM " WHERE a.user_id=?";
	return SQ_ONE(SQ(s), a, sql, brk_row, out, SQV_I64(user_id));
}

/* One element of a comma-separated list equals v. */
static void list_has(struct sqb *b, const char *col, const char *v)
{
	sqb_sql(b, " AND (',' || ");
	sqb_sql(b, col);
	sqb_sql(b, " || ',') LIKE ('%,' || ");
	sqb_text(b, v);
	sqb_sql(b, " || ',%')");
}

static void brk_where(struct sqb *b, const void *p)
{
	const struct broker_query *bq = p;
	sqb_sql(b, BRK_FROM " WHERE 1=1");
	if (bq->field)
		list_has(b, "a.fields", bq->field);
	if (bq->region)
		list_has(b, "a.regions", bq->region);
	sqb_and_text(b, " AND a.grade=", bq->grade);
	sqb_and_int(b, " AND a.institution_id=", bq->institution_id);
	if (bq->q) {
		sqb_sql(b, " AND (a.name");
		sqb_like_contains(b, bq->q, 0);
		sqb_sql(b, " OR o.name");
		sqb_like_contains(b, bq->q, 0);
		sqb_sql(b, ")");
	}
}

int sq_broker_list(struct store *s, struct arena *a, const struct broker_query *bq,
		   struct broker **out, int *n, int64_t *total)
{
	return sq_page(SQ(s), a, BRK_COLS, "", brk_where, bq,
		       "CASE a.grade WHEN 'senior' THEN 0 WHEN 'middle' THEN 1 ELSE 2 END, a.name, a.user_id",
		       bq->limit, bq->offset, sizeof(struct broker), brk_row, (void **)out, n, total);
}

/* ------------------------------------------------------ representation */

#define REP_COLS                                                                                 \
	"r.user_id,r.org_id,r.status,r.scope,r.requested_at,r.decided_at,r.decided_by,r.note,o.name," \
	"coalesce(b.name,u.name,u.email)"
#define REP_FROM                                                                                 \
	" FROM user_orgs r JOIN orgs o ON o.id=r.org_id JOIN users u ON u.id=r.user_id"           \
	" LEFT JOIN brokers b ON b.user_id=r.user_id"

static void rep_row(struct arena *a, struct sqs *st, void *p)
{
	struct representation *r = p;
	r->user_id = sqs_col_int64(st, 0);
	r->org_id = sqs_col_int64(st, 1);
	r->status = sq_col_text(a, st, 2);
	r->scope = sq_col_text(a, st, 3);
	r->requested_at = sq_col_text(a, st, 4);
	r->decided_at = sq_col_text(a, st, 5);
	r->decided_by = sqs_col_int64(st, 6);
	r->note = sq_col_text(a, st, 7);
	r->org_name = sq_col_text(a, st, 8);
	r->broker_name = sq_col_text(a, st, 9);
}

int sq_rep_request(struct store *s, int64_t user_id, int64_t org_id, const char *scope)
{
	/* A declined or revoked link may be asked for again; a live one may not. */
	static const char sql[] =
		"INSERT INTO user_orgs(user_id,org_id,status,scope,requested_at) VALUES(?1,?2,'requested',?3,?4)"
		" ON CONFLICT(user_id,org_id) DO UPDATE SET status='requested',scope=excluded.scope,"
		"requested_at=excluded.requested_at,decided_at=NULL,decided_by=NULL,note=NULL"
		" WHERE user_orgs.status IN ('declined','revoked')";
	return SQ_EXEC(SQ(s), sql, TB_ESTATE, SQV_I64(user_id), SQV_I64(org_id), SQV_TEXT(scope),
		SQV_NOW);
}

int sq_rep_get(struct store *s, struct arena *a, int64_t user_id, int64_t org_id,
	       struct representation *out)
{
	static const char sql[] = "SELECT " REP_COLS REP_FROM " WHERE r.user_id=? AND r.org_id=?";
	return SQ_ONE(SQ(s), a, sql, rep_row, out, SQV_I64(user_id), SQV_I64(org_id));
}

int sq_rep_decide(struct store *s, int64_t user_id, int64_t org_id, const char *from, const char *to,
		  int64_t by, const char *note)
{
	static const char sql[] = "UPDATE user_orgs SET status=?1,decided_at=?2,decided_by=?3,note=?4"
				  " WHERE user_id=?5 AND org_id=?6 AND status=?7";
	return SQ_EXEC(SQ(s), sql, TB_ESTATE, SQV_TEXT(to), SQV_NOW, SQV_I64(by), SQV_TEXT(note),
		SQV_I64(user_id), SQV_I64(org_id), SQV_TEXT(from));
}

struct rep_q { int64_t user_id, org_id; const char *status; };
static void rep_where(struct sqb *b, const void *p)
{
	const struct rep_q *rq = p;
	sqb_sql(b, REP_FROM " WHERE 1=1");
	sqb_and_int(b, " AND r.user_id=", rq->user_id);
	sqb_and_int(b, " AND r.org_id=", rq->org_id);
	sqb_and_text(b, " AND r.status=", rq->status);
}

int sq_rep_list(struct store *s, struct arena *a, int64_t user_id, int64_t org_id, const char *status,
		struct representation **out, int *n)
{
	struct rep_q rq = { user_id, org_id, status };
	int64_t total;
	return sq_page(SQ(s), a, REP_COLS, "", rep_where, &rq, "r.org_id, r.user_id", 500, 0,
		       sizeof(struct representation), rep_row, (void **)out, n, &total);
}

int sq_rep_allows(struct store *s, int64_t user_id, int64_t org_id, const char *scope, int *ok)
{
	static const char sql[] = "SELECT 1 FROM user_orgs WHERE user_id=? AND org_id=?"
				  " AND status='consented' AND (',' || scope || ',') LIKE ('%,' || ? || ',%')";
	return SQ_EXISTS(SQ(s), sql, ok, SQV_I64(user_id), SQV_I64(org_id), SQV_TEXT(scope));
}

/* --------------------------------------------------------------- cases */

#define CASE_COLUMNS(X)                                                                          \
	X(achievement_id, OPT_ID, NULL) X(demand_id, OPT_ID, NULL) X(seeker_org_id, OPT_ID, NULL)  \
	X(owner_org_id, OPT_ID, NULL) X(broker_id, OPT_ID, NULL) X(institution_id, OPT_ID, NULL)   \
	X(event_id, OPT_ID, NULL) X(origin, TEXT, NULL) X(match_score, OPT_DBL, NULL)               \
	X(match_strength, INT, NULL) X(match_explanation, TEXT, NULL) X(status, TEXT, NULL)         \
	X(close_reason, TEXT, NULL) X(contract_id, OPT_ID, NULL) X(opened_on, TEXT, NULL)          \
	X(contracted_on, TEXT, NULL) X(created_by, OPT_ID, NULL)
#define CASE_COLS "c.id," CASE_COLUMNS(SQ_COL_C) "c.created_at,c.updated_at"

static const struct sq_col case_cols[] = {
#define X(n, t, d) SQ_COL(struct dcase, n, t, d),
	CASE_COLUMNS(X)
#undef X
};
#define CASE_N ((int)ARRAY_SIZE(case_cols))

static void case_row(struct arena *a, struct sqs *st, void *p)
{
	struct dcase *c = p;
	memset(c, 0, sizeof(*c));
	c->id = sqs_col_int64(st, 0);
	sq_cols_read(a, st, 1, case_cols, CASE_N, c);
	c->created_at = sq_col_text(a, st, CASE_N + 1);
	c->updated_at = sq_col_text(a, st, CASE_N + 2);
}

int sq_case_insert(struct store *s, struct dcase *c)
{
	static const char sql[] = "INSERT INTO cases(" CASE_COLUMNS(SQ_COL_NAME) "created_at,updated_at)"
				  " VALUES(" CASE_COLUMNS(SQ_COL_QM) "?,?) RETURNING id";
	return SQ_INSERT(SQ(s), sql, &c->id, SQV_COLS(case_cols, CASE_N, c), SQV_NOW, SQV_NOW);
}

int sq_case_get(struct store *s, struct arena *a, int64_t id, struct dcase *out)
{
	static const char sql[] = "SELECT " CASE_COLS " FROM cases c WHERE c.id=?";
	return SQ_ONE(SQ(s), a, sql, case_row, out, SQV_I64(id));
}

static void case_where(struct sqb *b, const void *p)
{
	const struct case_query *cq = p;
	sqb_sql(b, " FROM cases c WHERE 1=1");
	sqb_and_int(b, " AND c.broker_id=", cq->broker_id);
	sqb_and_int(b, " AND c.institution_id=", cq->institution_id);
	sqb_and_int(b, " AND c.event_id=", cq->event_id);
	if (cq->org_id > 0) {
		sqb_sql(b, " AND (c.seeker_org_id=");
		sqb_int(b, cq->org_id);
		sqb_sql(b, " OR c.owner_org_id=");
		sqb_int(b, cq->org_id);
		sqb_sql(b, ")");
	}
	sqb_and_text(b, " AND c.status=", cq->status);
	sqb_and_text(b, " AND c.opened_on>=", cq->since);
	sqb_and_text(b, " AND c.opened_on<=", cq->until);
}

int sq_case_list(struct store *s, struct arena *a, const struct case_query *cq, struct dcase **out,
		 int *n, int64_t *total)
{
	return sq_page(SQ(s), a, CASE_COLS, "", case_where, cq, "c.opened_on DESC, c.id DESC", cq->limit,
		       cq->offset, sizeof(struct dcase), case_row, (void **)out, n, total);
}

int sq_case_move(struct store *s, int64_t id, const char *from, const char *to, const char *close_reason,
		 int64_t contract_id, const char *contracted_on)
{
	static const char sql[] =
		"UPDATE cases SET status=?1,close_reason=coalesce(?2,close_reason),"
		"contract_id=coalesce(?3,contract_id),contracted_on=coalesce(?4,contracted_on),updated_at=?5"
		" WHERE id=?6 AND status=?7";
	return SQ_EXEC(SQ(s), sql, TB_ESTATE, SQV_TEXT(to), SQV_TEXT(close_reason),
		SQV_OPT_ID(contract_id), SQV_TEXT(contracted_on), SQV_NOW, SQV_I64(id),
		SQV_TEXT(from));
}

int sq_case_step_add(struct store *s, struct case_step *cs)
{
	static const char sql[] = "INSERT INTO case_steps(case_id,status,on_date,note,attachments,by_user,"
				  "created_at) VALUES(?,?,?,?,?,?,?) RETURNING id";
	struct sq *q = SQ(s);
	int rc;
	rc = SQ_INSERT(q, sql, &cs->id, SQV_I64(cs->case_id), SQV_TEXT(cs->status),
		SQV_TEXT(cs->on_date), SQV_TEXT(cs->note), SQV_TEXT(cs->attachments),
		SQV_OPT_ID(cs->by_user), SQV_NOW);
	if (!rc) {
		cs->created_at = NULL;
	}
	return rc;
}

static void step_row(struct arena *a, struct sqs *st, void *p)
{
	struct case_step *c = p;
	c->id = sqs_col_int64(st, 0);
	c->case_id = sqs_col_int64(st, 1);
	c->status = sq_col_text(a, st, 2);
	c->on_date = sq_col_text(a, st, 3);
	c->note = sq_col_text(a, st, 4);
	c->attachments = sq_col_text(a, st, 5);
	c->by_user = sqs_col_int64(st, 6);
	c->created_at = sq_col_text(a, st, 7);
}

static void step_where(struct sqb *b, const void *p)
{
	sqb_sql(b, " FROM case_steps WHERE case_id=");
	sqb_int(b, *(const int64_t *)p);
}

int sq_case_steps(struct store *s, struct arena *a, int64_t case_id, struct case_step **out, int *n)
{
	int64_t total;
	return sq_page(SQ(s), a, "id,case_id,status,on_date,note,attachments,by_user,created_at", "",
		       step_where, &case_id, "id", 200, 0, sizeof(struct case_step), step_row,
		       (void **)out, n, &total);
}

/* ---------------------------------------------------- contact requests */

#define CR_COLS                                                                                  \
	"id,case_id,listing_kind,listing_id,from_user,from_org,to_org,message,status,reason,"      \
	"decided_by,decided_at,created_at"

static void cr_row(struct arena *a, struct sqs *st, void *p)
{
	struct contact_request *r = p;
	r->id = sqs_col_int64(st, 0);
	r->case_id = sqs_col_int64(st, 1);
	r->listing_kind = sq_col_text(a, st, 2);
	r->listing_id = sqs_col_int64(st, 3);
	r->from_user = sqs_col_int64(st, 4);
	r->from_org = sqs_col_int64(st, 5);
	r->to_org = sqs_col_int64(st, 6);
	r->message = sq_col_text(a, st, 7);
	r->status = sq_col_text(a, st, 8);
	r->reason = sq_col_text(a, st, 9);
	r->decided_by = sqs_col_int64(st, 10);
	r->decided_at = sq_col_text(a, st, 11);
	r->created_at = sq_col_text(a, st, 12);
}

int sq_contact_insert(struct store *s, struct contact_request *r)
{
	static const char sql[] = "INSERT INTO contact_requests(case_id,listing_kind,listing_id,from_user,"
				  "from_org,to_org,message,status,created_at) VALUES(?,?,?,?,?,?,?,'pending',?) RETURNING id";
	struct sq *q = SQ(s);
	int rc;
	rc = SQ_INSERT(q, sql, &r->id, SQV_OPT_ID(r->case_id), SQV_TEXT(r->listing_kind),
		SQV_I64(r->listing_id), SQV_I64(r->from_user), SQV_OPT_ID(r->from_org),
		SQV_I64(r->to_org), SQV_TEXT(r->message), SQV_NOW);
	if (!rc) {
		r->status = "pending";
	}
	return rc;
}

int sq_contact_get(struct store *s, struct arena *a, int64_t id, struct contact_request *out)
{
	static const char sql[] = "SELECT " CR_COLS " FROM contact_requests WHERE id=?";
	return SQ_ONE(SQ(s), a, sql, cr_row, out, SQV_I64(id));
}

struct cr_q { int64_t to_org, from_user; const char *status; };
static void cr_where(struct sqb *b, const void *p)
{
	const struct cr_q *c = p;
	sqb_sql(b, " FROM contact_requests WHERE 1=1");
	sqb_and_int(b, " AND to_org=", c->to_org);
	sqb_and_int(b, " AND from_user=", c->from_user);
	sqb_and_text(b, " AND status=", c->status);
}

int sq_contact_list(struct store *s, struct arena *a, int64_t to_org, int64_t from_user,
		    const char *status, struct contact_request **out, int *n)
{
	struct cr_q c = { to_org, from_user, status };
	int64_t total;
	return sq_page(SQ(s), a, CR_COLS, "", cr_where, &c, "id DESC", 200, 0,
		       sizeof(struct contact_request), cr_row, (void **)out, n, &total);
}

int sq_contact_decide(struct store *s, int64_t id, const char *to, const char *reason, int64_t by)
{
	static const char sql[] = "UPDATE contact_requests SET status=?1,reason=?2,decided_by=?3,"
				  "decided_at=?4 WHERE id=?5 AND status='pending'";
	return SQ_EXEC(SQ(s), sql, TB_ESTATE, SQV_TEXT(to), SQV_TEXT(reason), SQV_I64(by), SQV_NOW,
		SQV_I64(id));
}

int sq_contact_accepted(struct store *s, int64_t user_id, int64_t org_id, const char *kind,
			int64_t listing_id, int *ok)
{
	static const char sql[] = "SELECT 1 FROM contact_requests WHERE listing_kind=?1 AND listing_id=?2"
				  " AND status='accepted' AND (from_user=?3 OR from_org=?4) LIMIT 1";
	return SQ_EXISTS(SQ(s), sql, ok, SQV_TEXT(kind), SQV_I64(listing_id),
		SQV_I64(user_id > 0 ? user_id : -1), SQV_I64(org_id > 0 ? org_id : -1));
}

/* -------------------------------------------------------------- feedback */

#define FB_COLS "id,party_org_id,achievement_id,demand_id,verdict,reason,note,by_user,created_at,updated_at"

static void fb_row(struct arena *a, struct sqs *st, void *p)
{
	struct match_feedback *f = p;
	f->id = sqs_col_int64(st, 0);
	f->party_org_id = sqs_col_int64(st, 1);
	f->achievement_id = sqs_col_int64(st, 2);
	f->demand_id = sqs_col_int64(st, 3);
	f->verdict = sq_col_text(a, st, 4);
	f->reason = sq_col_text(a, st, 5);
	f->note = sq_col_text(a, st, 6);
	f->by_user = sqs_col_int64(st, 7);
	f->created_at = sq_col_text(a, st, 8);
	f->updated_at = sq_col_text(a, st, 9);
}

int sq_fb_put(struct store *s, struct match_feedback *f, int *created)
{
	static const char sql[] =
		"INSERT INTO match_feedback(party_org_id,achievement_id,demand_id,verdict,reason,note,by_user,"
		"created_at,updated_at) VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?8)"
		" ON CONFLICT(party_org_id,achievement_id,demand_id) DO UPDATE SET verdict=excluded.verdict,"
		"reason=excluded.reason,note=excluded.note,by_user=excluded.by_user,updated_at=excluded.updated_at"
		" RETURNING id";
	static const char probe[] = "SELECT 1 FROM match_feedback WHERE party_org_id=? AND achievement_id=?"
				    " AND demand_id=?";
	struct sq *q = SQ(s);
	int rc, found;
	/* inside the caller's transaction: the probe and the upsert agree */
	if ((rc = SQ_EXISTS(q, probe, &found, SQV_I64(f->party_org_id), SQV_I64(f->achievement_id),
	                    SQV_I64(f->demand_id))))
		return rc;
	*created = !found;
	return SQ_INSERT(q, sql, &f->id, SQV_I64(f->party_org_id), SQV_I64(f->achievement_id),
	                 SQV_I64(f->demand_id), SQV_TEXT(f->verdict), SQV_TEXT(f->reason),
	                 SQV_TEXT(f->note), SQV_OPT_ID(f->by_user), SQV_NOW);
}

int sq_fb_get(struct store *s, struct arena *a, int64_t party, int64_t ach, int64_t dem,
	      struct match_feedback *out)
{
	static const char sql[] = "SELECT " FB_COLS " FROM match_feedback WHERE party_org_id=?"
				  " AND achievement_id=? AND demand_id=?";
	return SQ_ONE(SQ(s), a, sql, fb_row, out, SQV_I64(party), SQV_I64(ach), SQV_I64(dem));
}

int sq_fb_get_id(struct store *s, struct arena *a, int64_t id, struct match_feedback *out)
{
	static const char sql[] = "SELECT " FB_COLS " FROM match_feedback WHERE id=?";
	return SQ_ONE(SQ(s), a, sql, fb_row, out, SQV_I64(id));
}

_Static_assert(sizeof(struct match_feedback) <= SQ_EACH_MAX_ELEM, "sq_each item");

SQ_EACH_TYPED(struct match_feedback, fb_each)

int sq_fb_each(struct store *s, int (*cb)(void *ctx, const struct match_feedback *f), void *ctx)
{
	static const char sql[] = "SELECT " FB_COLS " FROM match_feedback ORDER BY id";
	struct sq *q = SQ(s);
	struct sqs *st = sq_prep(q, sql);
	int rc;
	if (!st)
		return TB_EDB;
	struct fb_each w = { cb, ctx };
	rc = sq_each(q, st, 1 << 20, sizeof(struct match_feedback), fb_row, fb_each_call, &w);
	sqs_reset(st);
	return rc;
}

static void fbc_row(struct arena *a, struct sqs *st, void *p)
{
	struct feedback_count *c = p;
	c->verdict = sq_col_text(a, st, 0);
	c->reason = sq_col_text(a, st, 1);
	c->count = sqs_col_int64(st, 2);
}

int sq_fb_summary(struct store *s, struct arena *a, bool is_ach, int64_t listing_id,
		  struct feedback_count **out, int *n)
{
	struct sqb b;
	int rc;
	sqb_init(&b, SQ(s));
	sqb_sql(&b, "SELECT verdict, coalesce(reason,''), count(*) FROM match_feedback WHERE ");
	sqb_sql(&b, is_ach ? "achievement_id=" : "demand_id=");
	sqb_int(&b, listing_id);
	sqb_sql(&b, " GROUP BY verdict, reason ORDER BY verdict, count(*) DESC, reason");
	rc = sq_list(SQ(s), a, &b, sizeof(struct feedback_count), 100, fbc_row, (void **)out, n);
	sqb_release(&b);
	return rc;
}

/* ------------------------------------------------------------------- KPIs */

static void kpi_row_read(struct arena *a, struct sqs *st, void *p)
{
	struct kpi_row *r = p;
	r->case_id = sqs_col_int64(st, 0);
	r->broker_id = sqs_col_int64(st, 1);
	r->institution_id = sqs_col_int64(st, 2);
	r->event_id = sqs_col_int64(st, 3);
	r->opened_on = sq_col_text(a, st, 4);
	r->status = sq_col_text(a, st, 5);
	r->contract_id = sqs_col_int64(st, 6);
	r->signed_on = sq_col_text(a, st, 7);
	r->amount_fen = sqs_col_int64(st, 8);
	r->tx_amount_fen = sqs_col_int64(st, 9);
}

int sq_kpi_rows(struct store *s, struct arena *a, const char *since, const char *until, struct kpi_row **out,
		int *n)
{
	struct sqb b;
	int rc;
	sqb_init(&b, SQ(s));
	sqb_sql(&b, "SELECT k.id, coalesce(k.broker_id,0), coalesce(k.institution_id,0), coalesce(k.event_id,0),"
		    " k.opened_on, k.status, coalesce(ct.id,0), ct.signed_on, coalesce(ct.amount_fen,0),"
		    " coalesce(ct.tx_amount_fen,0) FROM cases k LEFT JOIN contracts ct ON ct.id=k.contract_id"
		    " AND k.status='contracted' AND ct.status<>'terminated' WHERE (k.opened_on BETWEEN ");
	sqb_text(&b, since);
	sqb_sql(&b, " AND ");
	sqb_text(&b, until);
	sqb_sql(&b, ") OR (ct.signed_on BETWEEN ");
	sqb_text(&b, since);
	sqb_sql(&b, " AND ");
	sqb_text(&b, until);
	sqb_sql(&b, ") ORDER BY k.id");
	/* a period's cases, capped: more than the cap is refused, never truncated */
	rc = sq_list(SQ(s), a, &b, sizeof(struct kpi_row), 20001, kpi_row_read, (void **)out, n);
	sqb_release(&b);
	if (!rc && *n > 20000)
		rc = TB_ETOOBIG;
	return rc;
}

/* ----------------------------------------------------------------- events */

#define EV_COLS                                                                                  \
	"e.id,e.kind,e.title,e.starts_on,e.ends_on,e.place,e.online,coalesce(e.organiser_org_id,0),"  \
	"e.fields,e.capacity,e.status,e.outcome,coalesce(e.created_by,0),e.created_at,e.updated_at,"  \
	"(SELECT count(*) FROM event_attendees t WHERE t.event_id=e.id),"                          \
	"(SELECT count(*) FROM event_attendees t WHERE t.event_id=e.id AND t.checked_in_at IS NOT NULL)," \
	"o.name"
#define EV_FROM " FROM events e LEFT JOIN orgs o ON o.id=e.organiser_org_id"

static void ev_row(struct arena *a, struct sqs *st, void *p)
{
	struct event *e = p;
	e->id = sqs_col_int64(st, 0);
	e->kind = sq_col_text(a, st, 1);
	e->title = sq_col_text(a, st, 2);
	e->starts_on = sq_col_text(a, st, 3);
	e->ends_on = sq_col_text(a, st, 4);
	e->place = sq_col_text(a, st, 5);
	e->online = sqs_col_int(st, 6);
	e->organiser_org_id = sqs_col_int64(st, 7);
	e->fields = sq_col_text(a, st, 8);
	e->capacity = sqs_col_int(st, 9);
	e->status = sq_col_text(a, st, 10);
	e->outcome = sq_col_text(a, st, 11);
	e->created_by = sqs_col_int64(st, 12);
	e->created_at = sq_col_text(a, st, 13);
	e->updated_at = sq_col_text(a, st, 14);
	e->registered = sqs_col_int64(st, 15);
	e->checked_in = sqs_col_int64(st, 16);
	e->organiser_name = sq_col_text(a, st, 17);
}

int sq_event_insert(struct store *s, struct event *e)
{
	static const char sql[] = "INSERT INTO events(kind,title,starts_on,ends_on,place,online,organiser_org_id,"
				  "fields,capacity,status,outcome,created_by,created_at,updated_at)"
				  " VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?) RETURNING id";
	return SQ_INSERT(SQ(s), sql, &e->id, SQV_TEXT(e->kind), SQV_TEXT(e->title),
		SQV_TEXT(e->starts_on), SQV_TEXT(e->ends_on), SQV_TEXT(e->place),
		SQV_I64(e->online != 0), SQV_OPT_ID(e->organiser_org_id), SQV_TEXT(e->fields),
		SQV_I64(e->capacity), SQV_TEXT(e->status ? e->status : "planned"),
		SQV_TEXT(e->outcome), SQV_OPT_ID(e->created_by), SQV_NOW, SQV_NOW);
}

int sq_event_get(struct store *s, struct arena *a, int64_t id, struct event *out)
{
	static const char sql[] = "SELECT " EV_COLS EV_FROM " WHERE e.id=?";
	return SQ_ONE(SQ(s), a, sql, ev_row, out, SQV_I64(id));
}

struct ev_q { const char *since, *until, *kind; };
static void ev_where(struct sqb *b, const void *p)
{
	const struct ev_q *e = p;
	sqb_sql(b, EV_FROM " WHERE 1=1");
	sqb_and_text(b, " AND e.starts_on>=", e->since);
	sqb_and_text(b, " AND e.starts_on<=", e->until);
	sqb_and_text(b, " AND e.kind=", e->kind);
}

int sq_event_list(struct store *s, struct arena *a, const char *since, const char *until, const char *kind,
		  int limit, struct event **out, int *n)
{
	struct ev_q e = { since, until, kind };
	int64_t total;
	return sq_page(SQ(s), a, EV_COLS, "", ev_where, &e, "e.starts_on, e.id", limit, 0, sizeof(struct event),
		       ev_row, (void **)out, n, &total);
}

int sq_event_register(struct store *s, struct event_attendee *at)
{
	static const char sql[] = "INSERT INTO event_attendees(event_id,user_id,org_id,name,registered_at)"
				  " VALUES(?,?,?,?,?) RETURNING id";
	return SQ_INSERT(SQ(s), sql, &at->id, SQV_I64(at->event_id), SQV_OPT_ID(at->user_id),
		SQV_OPT_ID(at->org_id), SQV_TEXT(at->name), SQV_NOW);
}

int sq_event_checkin(struct store *s, int64_t event_id, int64_t attendee_id)
{
	static const char sql[] = "UPDATE event_attendees SET checked_in_at=? WHERE id=? AND event_id=?"
				  " AND checked_in_at IS NULL";
	return SQ_EXEC(SQ(s), sql, TB_ESTATE, SQV_NOW, SQV_I64(attendee_id), SQV_I64(event_id));
}

static void att_row(struct arena *a, struct sqs *st, void *p)
{
	struct event_attendee *t = p;
	t->id = sqs_col_int64(st, 0);
	t->event_id = sqs_col_int64(st, 1);
	t->user_id = sqs_col_int64(st, 2);
	t->org_id = sqs_col_int64(st, 3);
	t->name = sq_col_text(a, st, 4);
	t->registered_at = sq_col_text(a, st, 5);
	t->checked_in_at = sq_col_text(a, st, 6);
	t->org_name = sq_col_text(a, st, 7);
}

static void att_where(struct sqb *b, const void *p)
{
	sqb_sql(b, " FROM event_attendees t LEFT JOIN orgs o ON o.id=t.org_id WHERE t.event_id=");
	sqb_int(b, *(const int64_t *)p);
}

int sq_event_attendees(struct store *s, struct arena *a, int64_t event_id, struct event_attendee **out, int *n)
{
	int64_t total;
	return sq_page(SQ(s), a,
		       "t.id,t.event_id,coalesce(t.user_id,0),coalesce(t.org_id,0),t.name,t.registered_at,"
		       "t.checked_in_at,o.name",
		       "", att_where, &event_id, "t.id", 5000, 0, sizeof(struct event_attendee), att_row,
		       (void **)out, n, &total);
}

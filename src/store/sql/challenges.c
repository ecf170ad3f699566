/* challenges.c - SQL persistence of 揭榜挂帅 open competitions (migration
 * 9, model/challenge.h): challenges, their lines, applications, expert
 * assignments, scores, objections and milestones. Every status change that
 * the domain guards is one UPDATE ... WHERE status=? whose zero-row outcome
 * is TB_ESTATE, so two concurrent actors cannot both move the same row. */
#include "store/sql/sq.h"
#include "core/err.h"
#include "core/util.h"
#include <string.h>

/* ---- challenges */

#define CH_COLUMNS(X)                                                                            \
	X(demand_id, OPT_ID, NULL) X(issuer_org_id, I64, NULL) X(end_user_org_id, OPT_ID, NULL)    \
	X(created_by, OPT_ID, NULL) X(title_zh, TEXT, NULL) X(title_en, TEXT, NULL)                \
	X(problem, TEXT, NULL) X(field, TEXT, NULL) X(region, TEXT, NULL)                          \
	X(eligibility, TEXT, NULL) X(acceptance, TEXT, NULL) X(deadline, TEXT, NULL)               \
	X(period_start, TEXT, NULL) X(period_end, TEXT, NULL) X(budget_fen, I64, NULL)             \
	X(awarded_fen, I64, NULL) X(max_winners, INT, NULL) X(notice_days, INT, NULL)              \
	X(notice_start, TEXT, NULL) X(notice_end, TEXT, NULL)
#define CH_COLS "c.id," CH_COLUMNS(SQ_COL_C) "c.status,c.note,c.published_at,c.created_at," \
	"c.updated_at,o.name,u.name"
#define CH_FROM " FROM challenges c JOIN orgs o ON o.id=c.issuer_org_id" \
	" LEFT JOIN orgs u ON u.id=c.end_user_org_id"

static const struct sq_col ch_cols[] = {
#define X(n, t, d) SQ_COL(struct challenge, n, t, d),
	CH_COLUMNS(X)
#undef X
};
#define CH_N ((int)ARRAY_SIZE(ch_cols))

static void ch_row(struct arena *a, struct sqs *st, struct challenge *x)
{
	memset(x, 0, sizeof(*x));
	x->id = sqs_col_int64(st, 0);
	sq_cols_read(a, st, 1, ch_cols, CH_N, x);
	x->status = sq_col_text(a, st, CH_N + 1);
	x->note = sq_col_text(a, st, CH_N + 2);
	x->published_at = sq_col_text(a, st, CH_N + 3);
	x->created_at = sq_col_text(a, st, CH_N + 4);
	x->updated_at = sq_col_text(a, st, CH_N + 5);
	x->issuer_name = sq_col_text(a, st, CH_N + 6);
	x->end_user_name = sq_col_text(a, st, CH_N + 7);
}
static void ch_row_v(struct arena *a, struct sqs *st, void *p) { ch_row(a, st, p); }

int sq_ch_insert(struct store *s, struct challenge *x)
{
	static const char sql[] =
		"INSERT INTO challenges(" CH_COLUMNS(SQ_COL_NAME) "status,note,created_at,updated_at)"
		" VALUES(" CH_COLUMNS(SQ_COL_QM) "?,?,?,?) RETURNING id";
	struct sq *q = SQ(s);
	struct sqs *st = sq_prep(q, sql);
	char now[32];
	int rc;
	if (!st)
		return TB_EDB;
	sq_now(now);
	sq_cols_bind(st, 1, ch_cols, CH_N, x);
	sq_bind_text(st, CH_N + 1, x->status ? x->status : "draft");
	sq_bind_text(st, CH_N + 2, x->note);
	sq_bind_text(st, CH_N + 3, now);
	sq_bind_text(st, CH_N + 4, now);
	rc = sq_insert_id(q, st, &x->id);
	if (!rc) {
		if (!x->status)
			x->status = "draft";
	}
	return rc;
}

int sq_ch_update(struct store *s, const struct challenge *x)
{
	static const char sql[] =
		"UPDATE challenges SET " CH_COLUMNS(SQ_COL_SET) "updated_at=? WHERE id=?";
	struct sq *q = SQ(s);
	struct sqs *st = sq_prep(q, sql);
	char now[32];
	int rc;
	if (!st)
		return TB_EDB;
	sq_now(now);
	sq_cols_bind(st, 1, ch_cols, CH_N, x);
	sq_bind_text(st, CH_N + 1, now);
	sqs_bind_int64(st, CH_N + 2, x->id);
	rc = sq_rc(q, sqs_step(st));
	sqs_reset(st);
	if (!rc && sq_changes(q) == 0)
		rc = TB_ENOTFOUND;
	return rc;
}

int sq_ch_get(struct store *s, struct arena *a, int64_t id, struct challenge *out)
{
	static const char sql[] = "SELECT " CH_COLS CH_FROM " WHERE c.id=?";
	struct sq *q = SQ(s);
	struct sqs *st = sq_prep(q, sql);
	int rc;
	if (!st)
		return TB_EDB;
	sqs_bind_int64(st, 1, id);
	if (!(rc = sq_step_one(q, st)))
		ch_row(a, st, out);
	sqs_reset(st);
	return rc;
}

static void ch_where(struct sqb *b, const void *p)
{
	const struct ch_query *cq = p;
	sqb_sql(b, " WHERE 1=1");
	if (cq->status) { sqb_sql(b, " AND c.status="); sqb_text(b, cq->status); }
	if (cq->field) { sqb_sql(b, " AND c.field="); sqb_text(b, cq->field); }
	if (cq->region) { sqb_sql(b, " AND c.region="); sqb_text(b, cq->region); }
	if (cq->issuer_org > 0) { sqb_sql(b, " AND c.issuer_org_id="); sqb_int(b, cq->issuer_org); }
	if (cq->public_only)
		sqb_sql(b, " AND c.status NOT IN ('draft','submitted')");
	if (cq->q) {
		sqb_sql(b, " AND (coalesce(c.title_zh,'')||' '||lower(coalesce(c.title_en,''))||' '||"
		           "coalesce(c.problem,''))");
		sqb_like_contains(b, cq->q, 1);
	}
}

int sq_ch_list(struct store *s, struct arena *a, const struct ch_query *cq,
               struct challenge **out, int *n, int64_t *total)
{
	return sq_page(SQ(s), a, CH_COLS, CH_FROM, ch_where, cq, "c.id DESC", cq->limit, cq->offset,
	               sizeof(struct challenge), ch_row_v, (void **)out, n, total);
}

int sq_ch_set_status(struct store *s, int64_t id, const char *expect, const char *status,
                     const char *note)
{
	static const char sql[] =
		"UPDATE challenges SET status=?1, note=coalesce(?2,note), updated_at=?3,"
		" published_at=CASE WHEN ?1='published' THEN ?3 ELSE published_at END"
		" WHERE id=?4 AND status=?5";
	struct sq *q = SQ(s);
	struct sqs *st = sq_prep(q, sql);
	char now[32];
	int rc;
	if (!st)
		return TB_EDB;
	sq_now(now);
	sq_bind_text(st, 1, status);
	sq_bind_text(st, 2, note);
	sq_bind_text(st, 3, now);
	sqs_bind_int64(st, 4, id);
	sq_bind_text(st, 5, expect);
	rc = sq_rc(q, sqs_step(st));
	sqs_reset(st);
	if (!rc && sq_changes(q) == 0)
		rc = TB_ESTATE;
	return rc;
}

/* ---- lines */

#define LN_COLUMNS(X)                                                                            \
	X(challenge_id, I64, NULL) X(app_id, I64, NULL) X(kind, TEXT, NULL) X(seq, INT, NULL)      \
	X(name, TEXT, NULL) X(value, TEXT, NULL) X(unit, TEXT, NULL) X(note, TEXT, NULL)           \
	X(weight, INT, NULL) X(amount_fen, I64, NULL) X(ref_id, I64, NULL)
static const struct sq_col ln_cols[] = {
#define X(n, t, d) SQ_COL(struct ch_line, n, t, d),
	LN_COLUMNS(X)
#undef X
};
#define LN_N ((int)ARRAY_SIZE(ln_cols))

static void ln_row(struct arena *a, struct sqs *st, void *p)
{
	struct ch_line *x = p;
	memset(x, 0, sizeof(*x));
	x->id = sqs_col_int64(st, 0);
	sq_cols_read(a, st, 1, ln_cols, LN_N, x);
}

int sq_ch_lines_put(struct store *s, int64_t challenge_id, int64_t app_id, const char *kind,
                    const struct ch_line *lines, int n)
{
	static const char del[] = "DELETE FROM challenge_lines WHERE challenge_id=? AND app_id=? AND kind=?";
	/* The column list ends with a comma: id closes it. NULL asks SQLite for
	 * a new rowid; PostgreSQL's identity wants DEFAULT (NULL is a NOT NULL
	 * violation there). */
	static const char ins[] =
		"INSERT INTO challenge_lines(" LN_COLUMNS(SQ_COL_NAME) "id) VALUES(" LN_COLUMNS(SQ_COL_QM)
		"NULL)";
	static const char ins_pg[] =
		"INSERT INTO challenge_lines(" LN_COLUMNS(SQ_COL_NAME) "id) VALUES(" LN_COLUMNS(SQ_COL_QM)
		"DEFAULT)";
	struct sq *q = SQ(s);
	struct sqs *st = sq_prep(q, del);
	int rc;
	if (!st)
		return TB_EDB;
	sqs_bind_int64(st, 1, challenge_id);
	sqs_bind_int64(st, 2, app_id);
	sq_bind_text(st, 3, kind);
	rc = sq_rc(q, sqs_step(st));
	sqs_reset(st);
	for (int i = 0; !rc && i < n; i++) {
		struct ch_line l = lines[i];
		l.challenge_id = challenge_id;
		l.app_id = app_id;
		l.kind = kind;
		if (!(st = sq_prep(q, SQ_SQL(q, ins, ins_pg))))
			return TB_EDB;
		sq_cols_bind(st, 1, ln_cols, LN_N, &l);
		rc = sq_rc(q, sqs_step(st));
		sqs_reset(st);
	}
	return rc;
}

int sq_ch_lines_get(struct store *s, struct arena *a, int64_t challenge_id, int64_t app_id,
                    struct ch_line **out, int *n)
{
	struct sqb b;
	int rc;
	sqb_init(&b, SQ(s));
	sqb_sql(&b, "SELECT id," LN_COLUMNS(SQ_COL_NAME) "1 FROM challenge_lines WHERE challenge_id=");
	sqb_int(&b, challenge_id);
	sqb_sql(&b, " AND app_id=");
	sqb_int(&b, app_id);
	sqb_sql(&b, " ORDER BY kind, seq, id LIMIT 500");
	rc = sq_list(SQ(s), a, &b, sizeof(struct ch_line), 500, ln_row, (void **)out, n);
	sqb_release(&b);
	return rc;
}

/* ---- applications */

#define APP_COLUMNS(X)                                                                           \
	X(challenge_id, I64, NULL) X(team_org_id, I64, NULL) X(created_by, OPT_ID, NULL)           \
	X(plan, TEXT, NULL) X(status, TEXT, NULL) X(requested_fen, I64, NULL)                      \
	X(award_fen, I64, NULL) X(contract_id, OPT_ID, NULL)
#define APP_COLS "p.id," APP_COLUMNS(SQ_COL_P) "p.created_at,o.name"
#define SQ_COL_P(n, t, d) "p." #n ","
#define APP_FROM " FROM challenge_apps p JOIN orgs o ON o.id=p.team_org_id"
static const struct sq_col app_cols[] = {
#define X(n, t, d) SQ_COL(struct ch_app, n, t, d),
	APP_COLUMNS(X)
#undef X
};
#define APP_N ((int)ARRAY_SIZE(app_cols))

static void app_row(struct arena *a, struct sqs *st, void *p)
{
	struct ch_app *x = p;
	memset(x, 0, sizeof(*x));
	x->id = sqs_col_int64(st, 0);
	sq_cols_read(a, st, 1, app_cols, APP_N, x);
	x->created_at = sq_col_text(a, st, APP_N + 1);
	x->team_name = sq_col_text(a, st, APP_N + 2);
}

int sq_ch_app_insert(struct store *s, struct ch_app *x)
{
	static const char sql[] =
		"INSERT INTO challenge_apps(" APP_COLUMNS(SQ_COL_NAME) "created_at) VALUES("
		APP_COLUMNS(SQ_COL_QM) "?) RETURNING id";
	struct sq *q = SQ(s);
	struct sqs *st = sq_prep(q, sql);
	char now[32];
	int rc;
	if (!st)
		return TB_EDB;
	sq_now(now);
	sq_cols_bind(st, 1, app_cols, APP_N, x);
	sq_bind_text(st, APP_N + 1, x->created_at ? x->created_at : now);
	rc = sq_insert_id(q, st, &x->id);
	return rc;
}

int sq_ch_app_update(struct store *s, const struct ch_app *x)
{
	static const char sql[] =
		"UPDATE challenge_apps SET plan=?,status=?,requested_fen=?,award_fen=?,contract_id=?"
		" WHERE id=?";
	struct sq *q = SQ(s);
	struct sqs *st = sq_prep(q, sql);
	int rc;
	if (!st)
		return TB_EDB;
	sq_bind_text(st, 1, x->plan);
	sq_bind_text(st, 2, x->status);
	sqs_bind_int64(st, 3, x->requested_fen);
	sqs_bind_int64(st, 4, x->award_fen);
	if (x->contract_id > 0)
		sqs_bind_int64(st, 5, x->contract_id);
	sqs_bind_int64(st, 6, x->id);
	rc = sq_rc(q, sqs_step(st));
	sqs_reset(st);
	if (!rc && sq_changes(q) == 0)
		rc = TB_ENOTFOUND;
	return rc;
}

int sq_ch_app_get(struct store *s, struct arena *a, int64_t id, struct ch_app *out)
{
	static const char sql[] = "SELECT " APP_COLS APP_FROM " WHERE p.id=?";
	struct sq *q = SQ(s);
	struct sqs *st = sq_prep(q, sql);
	int rc;
	if (!st)
		return TB_EDB;
	sqs_bind_int64(st, 1, id);
	if (!(rc = sq_step_one(q, st)))
		app_row(a, st, out);
	sqs_reset(st);
	return rc;
}

int sq_ch_app_list(struct store *s, struct arena *a, int64_t challenge_id, int64_t team_org,
                   struct ch_app **out, int *n)
{
	struct sqb b;
	int rc;
	sqb_init(&b, SQ(s));
	sqb_sql(&b, "SELECT " APP_COLS APP_FROM " WHERE 1=1");
	if (challenge_id > 0) { sqb_sql(&b, " AND p.challenge_id="); sqb_int(&b, challenge_id); }
	if (team_org > 0) { sqb_sql(&b, " AND p.team_org_id="); sqb_int(&b, team_org); }
	sqb_sql(&b, " ORDER BY p.id LIMIT 2000");
	rc = sq_list(SQ(s), a, &b, sizeof(struct ch_app), 2000, app_row, (void **)out, n);
	sqb_release(&b);
	return rc;
}

/* ---- experts and scores */

int sq_ch_expert_put(struct store *s, const struct ch_expert *e)
{
	static const char sql[] =
		"INSERT INTO challenge_experts(challenge_id,user_id,org_id,status,reason,created_at)"
		" VALUES(?,?,?,?,?,?) ON CONFLICT(challenge_id,user_id) DO UPDATE SET"
		" org_id=excluded.org_id,status=excluded.status,reason=excluded.reason";
	struct sq *q = SQ(s);
	struct sqs *st = sq_prep(q, sql);
	char now[32];
	int rc;
	if (!st)
		return TB_EDB;
	sq_now(now);
	sqs_bind_int64(st, 1, e->challenge_id);
	sqs_bind_int64(st, 2, e->user_id);
	if (e->org_id > 0)
		sqs_bind_int64(st, 3, e->org_id);
	sq_bind_text(st, 4, e->status);
	sq_bind_text(st, 5, e->reason);
	sq_bind_text(st, 6, now);
	rc = sq_rc(q, sqs_step(st));
	sqs_reset(st);
	return rc;
}

static void ex_row(struct arena *a, struct sqs *st, void *p)
{
	struct ch_expert *e = p;
	memset(e, 0, sizeof(*e));
	e->challenge_id = sqs_col_int64(st, 0);
	e->user_id = sqs_col_int64(st, 1);
	e->org_id = sqs_col_int64(st, 2);
	e->status = sq_col_text(a, st, 3);
	e->reason = sq_col_text(a, st, 4);
	e->created_at = sq_col_text(a, st, 5);
	e->email = sq_col_text(a, st, 6);
	e->name = sq_col_text(a, st, 7);
}

int sq_ch_expert_list(struct store *s, struct arena *a, int64_t challenge_id, int64_t user_id,
                      struct ch_expert **out, int *n)
{
	struct sqb b;
	int rc;
	sqb_init(&b, SQ(s));
	sqb_sql(&b, "SELECT e.challenge_id,e.user_id,e.org_id,e.status,e.reason,e.created_at,"
	            "u.email,u.name FROM challenge_experts e JOIN users u ON u.id=e.user_id WHERE 1=1");
	if (challenge_id > 0) { sqb_sql(&b, " AND e.challenge_id="); sqb_int(&b, challenge_id); }
	if (user_id > 0) { sqb_sql(&b, " AND e.user_id="); sqb_int(&b, user_id); }
	sqb_sql(&b, " ORDER BY e.challenge_id, e.user_id LIMIT 2000");
	rc = sq_list(SQ(s), a, &b, sizeof(struct ch_expert), 2000, ex_row, (void **)out, n);
	sqb_release(&b);
	return rc;
}

int sq_ch_score_put(struct store *s, const struct ch_score *x)
{
	static const char sql[] =
		"INSERT INTO challenge_scores(challenge_id,app_id,expert_id,criterion,score,comment)"
		" VALUES(?,?,?,?,?,?) ON CONFLICT(app_id,expert_id,criterion) DO UPDATE SET"
		" score=excluded.score,comment=excluded.comment";
	struct sq *q = SQ(s);
	struct sqs *st = sq_prep(q, sql);
	int rc;
	if (!st)
		return TB_EDB;
	sqs_bind_int64(st, 1, x->challenge_id);
	sqs_bind_int64(st, 2, x->app_id);
	sqs_bind_int64(st, 3, x->expert_id);
	sqs_bind_int(st, 4, x->criterion);
	sqs_bind_int(st, 5, x->score);
	sq_bind_text(st, 6, x->comment);
	rc = sq_rc(q, sqs_step(st));
	sqs_reset(st);
	return rc;
}

static void sc_row(struct arena *a, struct sqs *st, void *p)
{
	struct ch_score *x = p;
	x->challenge_id = sqs_col_int64(st, 0);
	x->app_id = sqs_col_int64(st, 1);
	x->expert_id = sqs_col_int64(st, 2);
	x->criterion = sqs_col_int(st, 3);
	x->score = sqs_col_int(st, 4);
	x->comment = sq_col_text(a, st, 5);
}

int sq_ch_score_list(struct store *s, struct arena *a, int64_t challenge_id, struct ch_score **out,
                     int *n)
{
	struct sqb b;
	int rc;
	sqb_init(&b, SQ(s));
	sqb_sql(&b, "SELECT challenge_id,app_id,expert_id,criterion,score,comment FROM challenge_scores"
	            " WHERE challenge_id=");
	sqb_int(&b, challenge_id);
	sqb_sql(&b, " ORDER BY app_id, expert_id, criterion LIMIT 20000");
	rc = sq_list(SQ(s), a, &b, sizeof(struct ch_score), 20000, sc_row, (void **)out, n);
	sqb_release(&b);
	return rc;
}

/* ---- objections */

int sq_ch_obj_insert(struct store *s, struct ch_objection *o)
{
	static const char sql[] =
		"INSERT INTO challenge_objections(challenge_id,app_id,user_id,text,status,created_at)"
		" VALUES(?,?,?,?,'open',?) RETURNING id";
	struct sq *q = SQ(s);
	struct sqs *st = sq_prep(q, sql);
	char now[32];
	int rc;
	if (!st)
		return TB_EDB;
	sq_now(now);
	sqs_bind_int64(st, 1, o->challenge_id);
	if (o->app_id > 0)
		sqs_bind_int64(st, 2, o->app_id);
	if (o->user_id > 0)
		sqs_bind_int64(st, 3, o->user_id);
	sq_bind_text(st, 4, o->text);
	sq_bind_text(st, 5, now);
	rc = sq_insert_id(q, st, &o->id);
	if (!rc) {
		o->status = "open";
	}
	return rc;
}

static void obj_row(struct arena *a, struct sqs *st, void *p)
{
	struct ch_objection *o = p;
	o->id = sqs_col_int64(st, 0);
	o->challenge_id = sqs_col_int64(st, 1);
	o->app_id = sqs_col_int64(st, 2);
	o->user_id = sqs_col_int64(st, 3);
	o->text = sq_col_text(a, st, 4);
	o->status = sq_col_text(a, st, 5);
	o->resolution = sq_col_text(a, st, 6);
	o->created_at = sq_col_text(a, st, 7);
}

int sq_ch_obj_list(struct store *s, struct arena *a, int64_t challenge_id,
                   struct ch_objection **out, int *n)
{
	struct sqb b;
	int rc;
	sqb_init(&b, SQ(s));
	sqb_sql(&b, "SELECT id,challenge_id,app_id,user_id,text,status,resolution,created_at"
	            " FROM challenge_objections WHERE challenge_id=");
	sqb_int(&b, challenge_id);
	sqb_sql(&b, " ORDER BY id LIMIT 1000");
	rc = sq_list(SQ(s), a, &b, sizeof(struct ch_objection), 1000, obj_row, (void **)out, n);
	sqb_release(&b);
	return rc;
}

int sq_ch_obj_decide(struct store *s, int64_t id, const char *status, const char *resolution)
{
	static const char sql[] =
		"UPDATE challenge_objections SET status=?,resolution=? WHERE id=? AND status='open'";
	struct sq *q = SQ(s);
	struct sqs *st = sq_prep(q, sql);
	int rc;
	if (!st)
		return TB_EDB;
	sq_bind_text(st, 1, status);
	sq_bind_text(st, 2, resolution);
	sqs_bind_int64(st, 3, id);
	rc = sq_rc(q, sqs_step(st));
	sqs_reset(st);
	if (!rc && sq_changes(q) == 0)
		rc = TB_ESTATE;
	return rc;
}

/* ---- milestones */

#define MS_SEL "SELECT id,challenge_id,app_id,seq,title,due_on,indicators,tranche_kind,tranche_fen," \
	"status,evidence,reason,reported_at,decided_at,paid_at,paid_by FROM challenge_milestones"

static void ms_row(struct arena *a, struct sqs *st, void *p)
{
	struct ch_milestone *m = p;
	m->id = sqs_col_int64(st, 0);
	m->challenge_id = sqs_col_int64(st, 1);
	m->app_id = sqs_col_int64(st, 2);
	m->seq = sqs_col_int(st, 3);
	m->title = sq_col_text(a, st, 4);
	m->due_on = sq_col_text(a, st, 5);
	m->indicators = sq_col_text(a, st, 6);
	m->tranche_kind = sq_col_text(a, st, 7);
	m->tranche_fen = sqs_col_int64(st, 8);
	m->status = sq_col_text(a, st, 9);
	m->evidence = sq_col_text(a, st, 10);
	m->reason = sq_col_text(a, st, 11);
	m->reported_at = sq_col_text(a, st, 12);
	m->decided_at = sq_col_text(a, st, 13);
	m->paid_at = sq_col_text(a, st, 14);
	m->paid_by = sqs_col_int64(st, 15);
}

int sq_ch_ms_insert(struct store *s, struct ch_milestone *m)
{
	static const char sql[] =
		"INSERT INTO challenge_milestones(challenge_id,app_id,seq,title,due_on,indicators,"
		"tranche_kind,tranche_fen,status) VALUES(?,?,?,?,?,?,?,?,?) RETURNING id";
	struct sq *q = SQ(s);
	struct sqs *st = sq_prep(q, sql);
	int rc;
	if (!st)
		return TB_EDB;
	sqs_bind_int64(st, 1, m->challenge_id);
	sqs_bind_int64(st, 2, m->app_id);
	sqs_bind_int(st, 3, m->seq);
	sq_bind_text(st, 4, m->title);
	sq_bind_text(st, 5, m->due_on);
	sq_bind_text(st, 6, m->indicators);
	sq_bind_text(st, 7, m->tranche_kind);
	sqs_bind_int64(st, 8, m->tranche_fen);
	sq_bind_text(st, 9, m->status ? m->status : "pending");
	rc = sq_insert_id(q, st, &m->id);
	if (!rc) {
		if (!m->status)
			m->status = "pending";
	}
	return rc;
}

int sq_ch_ms_get(struct store *s, struct arena *a, int64_t id, struct ch_milestone *out)
{
	static const char sql[] = MS_SEL " WHERE id=?";
	struct sq *q = SQ(s);
	struct sqs *st = sq_prep(q, sql);
	int rc;
	if (!st)
		return TB_EDB;
	sqs_bind_int64(st, 1, id);
	if (!(rc = sq_step_one(q, st)))
		ms_row(a, st, out);
	sqs_reset(st);
	return rc;
}

int sq_ch_ms_list(struct store *s, struct arena *a, int64_t challenge_id, struct ch_milestone **out,
                  int *n)
{
	struct sqb b;
	int rc;
	sqb_init(&b, SQ(s));
	sqb_sql(&b, MS_SEL " WHERE 1=1");
	if (challenge_id > 0) { sqb_sql(&b, " AND challenge_id="); sqb_int(&b, challenge_id); }
	sqb_sql(&b, " ORDER BY challenge_id, app_id, seq LIMIT 5000");
	rc = sq_list(SQ(s), a, &b, sizeof(struct ch_milestone), 5000, ms_row, (void **)out, n);
	sqb_release(&b);
	return rc;
}

int sq_ch_ms_set(struct store *s, const struct ch_milestone *m, const char *expect)
{
	static const char sql[] =
		"UPDATE challenge_milestones SET status=?,evidence=?,reason=?,reported_at=?,decided_at=?"
		" WHERE id=? AND status=?";
	struct sq *q = SQ(s);
	struct sqs *st = sq_prep(q, sql);
	int rc;
	if (!st)
		return TB_EDB;
	sq_bind_text(st, 1, m->status);
	sq_bind_text(st, 2, m->evidence);
	sq_bind_text(st, 3, m->reason);
	sq_bind_text(st, 4, m->reported_at);
	sq_bind_text(st, 5, m->decided_at);
	sqs_bind_int64(st, 6, m->id);
	sq_bind_text(st, 7, expect);
	rc = sq_rc(q, sqs_step(st));
	sqs_reset(st);
	if (!rc && sq_changes(q) == 0)
		rc = TB_ESTATE;
	return rc;
}

int sq_ch_ms_pay(struct store *s, int64_t id, int64_t by, const char *at)
{
	/* The guard is the whole rule: only an accepted, unpaid milestone moves,
	 * so of two concurrent approvals the second updates no row. */
	static const char sql[] =
		"UPDATE challenge_milestones SET status='paid',paid_at=?,paid_by=?"
		" WHERE id=? AND status='accepted' AND paid_at IS NULL";
	struct sq *q = SQ(s);
	struct sqs *st = sq_prep(q, sql);
	int rc;
	if (!st)
		return TB_EDB;
	sq_bind_text(st, 1, at);
	if (by > 0)
		sqs_bind_int64(st, 2, by);
	sqs_bind_int64(st, 3, id);
	rc = sq_rc(q, sqs_step(st));
	sqs_reset(st);
	if (!rc && sq_changes(q) == 0)
		rc = TB_ESTATE;
	return rc;
}

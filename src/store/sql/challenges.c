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
	int rc;
	rc = SQ_INSERT(q, sql, &x->id, SQV_COLS(ch_cols, CH_N, x),
		SQV_TEXT(x->status ? x->status : "draft"), SQV_TEXT(x->note), SQV_NOW, SQV_NOW);
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
	return sq_update_cols(SQ(s), sql, ch_cols, CH_N, x, true, x->id);
}

int sq_ch_get(struct store *s, struct arena *a, int64_t id, struct challenge *out)
{
	static const char sql[] = "SELECT " CH_COLS CH_FROM " WHERE c.id=?";
	return sq_get_by_id(SQ(s), a, sql, id, ch_row_v, out);
}

static void ch_where(struct sqb *b, const void *p)
{
	const struct ch_query *cq = p;
	sqb_sql(b, " WHERE 1=1");
	sqb_and_text(b, " AND c.status=", cq->status);
	sqb_and_text(b, " AND c.field=", cq->field);
	sqb_and_text(b, " AND c.region=", cq->region);
	sqb_and_int(b, " AND c.issuer_org_id=", cq->issuer_org);
	if (cq->public_only)
		sqb_sql(b, " AND c.status NOT IN ('draft','submitted')");
	if (cq->q) {
		sqb_sql(b, " AND (coalesce(c.title_zh,'')||' '||lower(coalesce(c.title_en,''))||' '||"
		           "coalesce(c.problem,''))");
		sqb_like_contains(b, cq->q, 1);
	}
}

/* limit SQ_ALL: every challenge (the programme's indicators aggregate all). */
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
	return SQ_EXEC(SQ(s), sql, TB_ESTATE, SQV_TEXT(status), SQV_TEXT(note), SQV_NOW,
		SQV_I64(id), SQV_TEXT(expect));
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
	int rc;
	rc = SQ_EXEC(q, del, TB_OK, SQV_I64(challenge_id), SQV_I64(app_id), SQV_TEXT(kind));
	for (int i = 0; !rc && i < n; i++) {
		struct ch_line l = lines[i];
		l.challenge_id = challenge_id;
		l.app_id = app_id;
		l.kind = kind;
		rc = SQ_EXEC(q, SQ_SQL(q, ins, ins_pg), TB_OK, SQV_COLS(ln_cols, LN_N, &l));
	}
	return rc;
}

/* Every line of the record: no LIMIT (issue #13: 300 lines were cut to 256
 * by a fixed buffer, and 500 by a LIMIT here). */
int sq_ch_lines_get(struct store *s, struct arena *a, int64_t challenge_id, int64_t app_id,
                    struct ch_line **out, int *n)
{
	static const char sql[] =
		"SELECT id," LN_COLUMNS(SQ_COL_NAME) "1 FROM challenge_lines WHERE challenge_id=?"
		" AND app_id=? ORDER BY kind, seq, id";
	struct sq *q = SQ(s);
	return SQ_SELECT(q, a, sql, sizeof(struct ch_line), ln_row, (void **)out, n,
		SQV_I64(challenge_id), SQV_I64(app_id));
}

/* ---- applications */

/* The key of an application, then what the workflow changes (APP_STATE, the
 * columns of sq_ch_app_update: the tail of app_cols). */
#define APP_KEY(X) X(challenge_id, I64, NULL) X(team_org_id, I64, NULL) X(created_by, OPT_ID, NULL)
#define APP_STATE(X)                                                                             \
	X(plan, TEXT, NULL) X(status, TEXT, NULL) X(requested_fen, I64, NULL)                      \
	X(award_fen, I64, NULL) X(contract_id, OPT_ID, NULL)
#define APP_COLUMNS(X) APP_KEY(X) APP_STATE(X)
#define SQ_COL_P(n, t, d) "p." #n ","
#define APP_COLS "p.id," APP_COLUMNS(SQ_COL_P) "p.created_at,o.name"
#define APP_FROM " FROM challenge_apps p JOIN orgs o ON o.id=p.team_org_id"
#define X(n, t, d) SQ_COL(struct ch_app, n, t, d),
static const struct sq_col app_cols[] = { APP_COLUMNS(X) };
static const struct sq_col app_key_cols[] = { APP_KEY(X) };
#undef X
#define APP_N ((int)ARRAY_SIZE(app_cols))
#define APP_NKEY ((int)ARRAY_SIZE(app_key_cols))

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
	return SQ_INSERT(SQ(s), sql, &x->id, SQV_COLS(app_cols, APP_N, x),
		SQV_TEXT_OR_NOW(x->created_at));
}

int sq_ch_app_update(struct store *s, const struct ch_app *x)
{
	/* "id=id" closes the comma-terminated SET list (no updated_at here). */
	static const char sql[] = "UPDATE challenge_apps SET " APP_STATE(SQ_COL_SET) "id=id WHERE id=?";
	return sq_update_cols(SQ(s), sql, app_cols + APP_NKEY, APP_N - APP_NKEY, x, false, x->id);
}

int sq_ch_app_get(struct store *s, struct arena *a, int64_t id, struct ch_app *out)
{
	static const char sql[] = "SELECT " APP_COLS APP_FROM " WHERE p.id=?";
	return sq_get_by_id(SQ(s), a, sql, id, app_row, out);
}

int sq_ch_app_list(struct store *s, struct arena *a, int64_t challenge_id, int64_t team_org,
                   struct ch_app **out, int *n)
{
	struct sqb b;
	int rc;
	sqb_init(&b, SQ(s));
	sqb_sql(&b, "SELECT " APP_COLS APP_FROM " WHERE 1=1");
	sqb_and_int(&b, " AND p.challenge_id=", challenge_id);
	sqb_and_int(&b, " AND p.team_org_id=", team_org);
	sqb_sql(&b, " ORDER BY p.id");
	rc = sq_list(SQ(s), a, &b, sizeof(struct ch_app), SQ_ALL, app_row, (void **)out, n);
	sqb_release(&b);
	return rc;
}

/* ---- experts and scores */

#define EX_KEY(X) X(challenge_id, I64, NULL) X(user_id, I64, NULL)
#define EX_VAL(X) X(org_id, OPT_ID, NULL) X(status, TEXT, NULL) X(reason, TEXT, NULL)
#define SQ_COL_E(n, t, d) "e." #n ","
#define X(n, t, d) SQ_COL(struct ch_expert, n, t, d),
static const struct sq_col ex_cols[] = { EX_KEY(X) EX_VAL(X) };
#undef X
#define EX_N ((int)ARRAY_SIZE(ex_cols))

int sq_ch_expert_put(struct store *s, const struct ch_expert *e)
{
	static const char sql[] =
		"INSERT INTO challenge_experts(" EX_KEY(SQ_COL_NAME) EX_VAL(SQ_COL_NAME) "created_at)"
		" VALUES(" EX_KEY(SQ_COL_QM) EX_VAL(SQ_COL_QM) "?) ON CONFLICT(challenge_id,user_id)"
		" DO UPDATE SET " EX_VAL(SQ_COL_EXCL)
		"created_at=challenge_experts.created_at"; /* unchanged: closes the SET list */
	return SQ_EXEC(SQ(s), sql, TB_OK, SQV_COLS(ex_cols, EX_N, e), SQV_NOW);
}

static void ex_row(struct arena *a, struct sqs *st, void *p)
{
	struct ch_expert *e = p;
	memset(e, 0, sizeof(*e));
	sq_cols_read(a, st, 0, ex_cols, EX_N, e);
	e->created_at = sq_col_text(a, st, EX_N);
	e->email = sq_col_text(a, st, EX_N + 1);
	e->name = sq_col_text(a, st, EX_N + 2);
}

int sq_ch_expert_list(struct store *s, struct arena *a, int64_t challenge_id, int64_t user_id,
                      struct ch_expert **out, int *n)
{
	struct sqb b;
	int rc;
	sqb_init(&b, SQ(s));
	sqb_sql(&b, "SELECT " EX_KEY(SQ_COL_E) EX_VAL(SQ_COL_E) "e.created_at,u.email,u.name"
	            " FROM challenge_experts e JOIN users u ON u.id=e.user_id WHERE 1=1");
	sqb_and_int(&b, " AND e.challenge_id=", challenge_id);
	sqb_and_int(&b, " AND e.user_id=", user_id);
	sqb_sql(&b, " ORDER BY e.challenge_id, e.user_id");
	rc = sq_list(SQ(s), a, &b, sizeof(struct ch_expert), SQ_ALL, ex_row, (void **)out, n);
	sqb_release(&b);
	return rc;
}

#define SC_KEY(X) \
	X(challenge_id, I64, NULL) X(app_id, I64, NULL) X(expert_id, I64, NULL) X(criterion, INT, NULL)
#define SC_VAL(X) X(score, INT, NULL) X(comment, TEXT, NULL) /* the upsert names them */
#define X(n, t, d) SQ_COL(struct ch_score, n, t, d),
static const struct sq_col sc_cols[] = { SC_KEY(X) SC_VAL(X) };
#undef X
#define SC_N ((int)ARRAY_SIZE(sc_cols))

int sq_ch_score_put(struct store *s, const struct ch_score *x)
{
	static const char sql[] =
		"INSERT INTO challenge_scores(" SC_KEY(SQ_COL_NAME) "score,comment) VALUES("
		SC_KEY(SQ_COL_QM) "?,?) ON CONFLICT(app_id,expert_id,criterion) DO UPDATE SET"
		" score=excluded.score,comment=excluded.comment";
	return SQ_EXEC(SQ(s), sql, TB_OK, SQV_COLS(sc_cols, SC_N, x));
}

static void sc_row(struct arena *a, struct sqs *st, void *p)
{
	sq_cols_read(a, st, 0, sc_cols, SC_N, p);
}

/* Every score of the challenge: an expert scores up to 100 criteria per
 * application, so no fixed number of rows is enough. */
int sq_ch_score_list(struct store *s, struct arena *a, int64_t challenge_id, struct ch_score **out,
                     int *n)
{
	static const char sql[] =
		"SELECT " SC_KEY(SQ_COL_NAME) SC_VAL(SQ_COL_NAME) "1 FROM challenge_scores"
		" WHERE challenge_id=? ORDER BY app_id, expert_id, criterion";
	struct sq *q = SQ(s);
	return SQ_SELECT(q, a, sql, sizeof(struct ch_score), sc_row, (void **)out, n,
		SQV_I64(challenge_id));
}

/* ---- objections */

#define OBJ_NEW(X) \
	X(challenge_id, I64, NULL) X(app_id, OPT_ID, NULL) X(user_id, OPT_ID, NULL) X(text, TEXT, NULL)
#define OBJ_OUT(X) X(status, TEXT, NULL) X(resolution, TEXT, NULL) X(created_at, TEXT, NULL)
#define X(n, t, d) SQ_COL(struct ch_objection, n, t, d),
static const struct sq_col obj_cols[] = { OBJ_NEW(X) OBJ_OUT(X) };
#undef X
#define OBJ_N ((int)ARRAY_SIZE(obj_cols))
#define OBJ_NNEW 4 /* OBJ_NEW: what a new objection binds */

int sq_ch_obj_insert(struct store *s, struct ch_objection *o)
{
	static const char sql[] =
		"INSERT INTO challenge_objections(" OBJ_NEW(SQ_COL_NAME) "status,created_at)"
		" VALUES(" OBJ_NEW(SQ_COL_QM) "'open',?) RETURNING id";
	int rc = SQ_INSERT(SQ(s), sql, &o->id, SQV_COLS(obj_cols, OBJ_NNEW, o), SQV_NOW);
	if (!rc)
		o->status = "open";
	return rc;
}

static void obj_row(struct arena *a, struct sqs *st, void *p)
{
	struct ch_objection *o = p;
	o->id = sqs_col_int64(st, 0);
	sq_cols_read(a, st, 1, obj_cols, OBJ_N, o);
}

int sq_ch_obj_list(struct store *s, struct arena *a, int64_t challenge_id,
                   struct ch_objection **out, int *n)
{
	static const char sql[] =
		"SELECT id," OBJ_NEW(SQ_COL_NAME) OBJ_OUT(SQ_COL_NAME) "1 FROM challenge_objections"
		" WHERE challenge_id=? ORDER BY id";
	struct sq *q = SQ(s);
	return SQ_SELECT(q, a, sql, sizeof(struct ch_objection), obj_row, (void **)out, n,
		SQV_I64(challenge_id));
}

int sq_ch_obj_decide(struct store *s, int64_t id, const char *status, const char *resolution)
{
	static const char sql[] =
		"UPDATE challenge_objections SET status=?,resolution=? WHERE id=? AND status='open'";
	return SQ_EXEC(SQ(s), sql, TB_ESTATE, SQV_TEXT(status), SQV_TEXT(resolution), SQV_I64(id));
}

/* ---- milestones */

/* The plan (from the winner's proposal), the state the team and the end user
 * move (MS_STATE, what sq_ch_ms_set writes), and the payment. */
#define MS_PLAN(X)                                                                               \
	X(challenge_id, I64, NULL) X(app_id, I64, NULL) X(seq, INT, NULL) X(title, TEXT, NULL)     \
	X(due_on, TEXT, NULL) X(indicators, TEXT, NULL) X(tranche_kind, TEXT, NULL)                \
	X(tranche_fen, I64, NULL)
#define MS_STATE(X)                                                                              \
	X(status, TEXT, "pending") X(evidence, TEXT, NULL) X(reason, TEXT, NULL)                   \
	X(reported_at, TEXT, NULL) X(decided_at, TEXT, NULL)
#define MS_PAID(X) X(paid_at, TEXT, NULL) X(paid_by, OPT_ID, NULL)
#define X(n, t, d) SQ_COL(struct ch_milestone, n, t, d),
static const struct sq_col ms_cols[] = { MS_PLAN(X) MS_STATE(X) MS_PAID(X) };
static const struct sq_col ms_plan_cols[] = { MS_PLAN(X) };
static const struct sq_col ms_state_cols[] = { MS_STATE(X) };
#undef X
#define MS_SEL "SELECT id," MS_PLAN(SQ_COL_NAME) MS_STATE(SQ_COL_NAME) MS_PAID(SQ_COL_NAME) \
	"1 FROM challenge_milestones"
#define MS_NPLAN ((int)ARRAY_SIZE(ms_plan_cols))
#define MS_NSTATE ((int)ARRAY_SIZE(ms_state_cols))

static void ms_row(struct arena *a, struct sqs *st, void *p)
{
	struct ch_milestone *m = p;
	m->id = sqs_col_int64(st, 0);
	sq_cols_read(a, st, 1, ms_cols, (int)ARRAY_SIZE(ms_cols), m);
}

int sq_ch_ms_insert(struct store *s, struct ch_milestone *m)
{
	static const char sql[] =
		"INSERT INTO challenge_milestones(" MS_PLAN(SQ_COL_NAME) MS_STATE(SQ_COL_NAME) "id) VALUES("
		MS_PLAN(SQ_COL_QM) MS_STATE(SQ_COL_QM) "DEFAULT) RETURNING id";
	static const char sql_lite[] =
		"INSERT INTO challenge_milestones(" MS_PLAN(SQ_COL_NAME) MS_STATE(SQ_COL_NAME) "id) VALUES("
		MS_PLAN(SQ_COL_QM) MS_STATE(SQ_COL_QM) "NULL) RETURNING id";
	struct sq *q = SQ(s);
	int rc = SQ_INSERT(q, SQ_SQL(q, sql_lite, sql), &m->id, SQV_COLS(ms_plan_cols, MS_NPLAN, m),
	                   SQV_COLS(ms_state_cols, MS_NSTATE, m));
	if (!rc && !m->status)
		m->status = "pending";
	return rc;
}

int sq_ch_ms_get(struct store *s, struct arena *a, int64_t id, struct ch_milestone *out)
{
	static const char sql[] = MS_SEL " WHERE id=?";
	return sq_get_by_id(SQ(s), a, sql, id, ms_row, out);
}

int sq_ch_ms_list(struct store *s, struct arena *a, int64_t challenge_id, struct ch_milestone **out,
                  int *n)
{
	struct sqb b;
	int rc;
	sqb_init(&b, SQ(s));
	sqb_sql(&b, MS_SEL " WHERE 1=1");
	sqb_and_int(&b, " AND challenge_id=", challenge_id);
	sqb_sql(&b, " ORDER BY challenge_id, app_id, seq");
	rc = sq_list(SQ(s), a, &b, sizeof(struct ch_milestone), SQ_ALL, ms_row, (void **)out, n);
	sqb_release(&b);
	return rc;
}

int sq_ch_ms_set(struct store *s, const struct ch_milestone *m, const char *expect)
{
	static const char sql[] =
		"UPDATE challenge_milestones SET " MS_STATE(SQ_COL_SET) "id=id"  /* closes the list */
		" WHERE id=? AND status=?";
	return SQ_EXEC(SQ(s), sql, TB_ESTATE, SQV_COLS(ms_state_cols, MS_NSTATE, m), SQV_I64(m->id),
		SQV_TEXT(expect));
}

int sq_ch_ms_pay(struct store *s, int64_t id, int64_t by, const char *at)
{
	/* The guard is the whole rule: only an accepted, unpaid milestone moves,
	 * so of two concurrent approvals the second updates no row. */
	static const char sql[] =
		"UPDATE challenge_milestones SET status='paid',paid_at=?,paid_by=?"
		" WHERE id=? AND status='accepted' AND paid_at IS NULL";
	return SQ_EXEC(SQ(s), sql, TB_ESTATE, SQV_TEXT(at), SQV_OPT_ID(by), SQV_I64(id));
}

/* accounts.c - SQL operations for users, broker links, credentials
 * (sessions and API tokens, stored as hashes), failed-login counters and the
 * append-only audit log. */
#include "store/sql/sq.h"
#include "core/err.h"
#include "core/log.h"
#include "core/util.h"
#include <string.h>

/* ---------------------------------------------------------------- users */

/* A user's writable columns (the password hash is written on its own). */
#define USER_COLUMNS(X)                                                                          \
	X(email, TEXT, NULL) X(name, TEXT, NULL) X(org_id, OPT_ID, NULL) X(role, TEXT, NULL)
#define SQ_COL_U(n, t, d) "u." #n ","
#define USER_COLS "u.id," USER_COLUMNS(SQ_COL_U) "u.pw_hash,u.created_at,u.updated_at,o.name"
#define USER_FROM " FROM users u LEFT JOIN orgs o ON o.id=u.org_id"

static const struct sq_col user_cols[] = {
#define X(n, t, d) SQ_COL(struct user, n, t, d),
	USER_COLUMNS(X)
#undef X
};
#define USER_N ((int)ARRAY_SIZE(user_cols))

static void user_row(struct arena *a, struct sqs *st, struct user *u)
{
	u->id = sqs_col_int64(st, 0);
	sq_cols_read(a, st, 1, user_cols, USER_N, u);
	u->pw_hash = sq_col_text(a, st, USER_N + 1);
	u->created_at = sq_col_text(a, st, USER_N + 2);
	u->updated_at = sq_col_text(a, st, USER_N + 3);
	u->org_name = sq_col_text(a, st, USER_N + 4);
}
static void user_row_v(struct arena *a, struct sqs *st, void *p) { user_row(a, st, p); }

int sq_user_insert(struct store *s, struct user *u)
{
	static const char sql[] =
		"INSERT INTO users(" USER_COLUMNS(SQ_COL_NAME) "pw_hash,created_at,updated_at)"
		" VALUES(" USER_COLUMNS(SQ_COL_QM) "?,?,?) RETURNING id";
	return SQ_INSERT(SQ(s), sql, &u->id, SQV_COLS(user_cols, USER_N, u), SQV_TEXT(u->pw_hash),
		SQV_NOW, SQV_NOW);
}

int sq_user_update(struct store *s, const struct user *u)
{
	static const char sql[] =
		"UPDATE users SET " USER_COLUMNS(SQ_COL_SET) "updated_at=? WHERE id=?";
	return SQ_EXEC(SQ(s), sql, TB_ENOTFOUND, SQV_COLS(user_cols, USER_N, u), SQV_NOW,
		SQV_I64(u->id));
}

int sq_user_set_password(struct store *s, int64_t id, const char *pw_hash)
{
	static const char sql[] = "UPDATE users SET pw_hash=?,updated_at=? WHERE id=?";
	return SQ_EXEC(SQ(s), sql, TB_ENOTFOUND, SQV_TEXT(pw_hash), SQV_NOW, SQV_I64(id));
}

static int user_get_by(struct sq *q, struct arena *a, const char *sql, int64_t id, const char *email,
                       struct user *out)
{
	if (email)
		return SQ_ONE(q, a, sql, user_row_v, out, SQV_TEXT(email));
	return SQ_ONE(q, a, sql, user_row_v, out, SQV_I64(id));
}

int sq_user_get(struct store *s, struct arena *a, int64_t id, struct user *out)
{
	static const char sql[] = "SELECT " USER_COLS USER_FROM " WHERE u.id=?";
	return user_get_by(SQ(s), a, sql, id, NULL, out);
}

int sq_user_find_by_email(struct store *s, struct arena *a, const char *email, struct user *out)
{
	static const char sql[] = "SELECT " USER_COLS USER_FROM " WHERE u.email=?";
	return user_get_by(SQ(s), a, sql, 0, email, out);
}

static void user_where(struct sqb *b, const struct user_query *uq)
{
	sqb_sql(b, USER_FROM " WHERE 1=1");
	if (uq->org_id > 0) {
		sqb_sql(b, " AND (u.org_id=");
		sqb_int(b, uq->org_id);
		sqb_sql(b, " OR u.id IN (SELECT user_id FROM user_orgs WHERE status='consented' AND org_id=");
		sqb_int(b, uq->org_id);
		sqb_sql(b, "))");
	}
	if (uq->role) { sqb_sql(b, " AND u.role="); sqb_text(b, uq->role); }
}

static void user_where_v(struct sqb *b, const void *uq) { user_where(b, uq); }

int sq_user_list(struct store *s, struct arena *a, const struct user_query *uq, struct user **out,
                 int *n, int64_t *total)
{
	return sq_page(SQ(s), a, USER_COLS, "", user_where_v, uq, "u.id", uq->limit, uq->offset,
	               sizeof(struct user), user_row_v, (void **)out, n, total);
}

int sq_user_org_link(struct store *s, int64_t user_id, int64_t org_id)
{
	static const char sql[] =
		"INSERT INTO user_orgs(user_id,org_id) VALUES(?,?) ON CONFLICT DO NOTHING";
	return SQ_EXEC(SQ(s), sql, TB_OK, SQV_I64(user_id), SQV_I64(org_id));
}

int sq_user_org_linked(struct store *s, int64_t user_id, int64_t org_id, int *linked)
{
	static const char sql[] = "SELECT 1 FROM user_orgs WHERE user_id=? AND org_id=? AND status='consented'";
	return SQ_EXISTS(SQ(s), sql, linked, SQV_I64(user_id), SQV_I64(org_id));
}

int sq_user_org_list(struct store *s, struct arena *a, int64_t user_id, int64_t **out, int *n)
{
	static const char sql[] = "SELECT org_id FROM user_orgs WHERE user_id=? AND status='consented' ORDER BY org_id LIMIT 64";
	return SQ_SELECT(SQ(s), a, sql, sizeof(int64_t), sq_row_i64, (void **)out, n,
		SQV_I64(user_id));
}

/* ---------------------------------------------------------- credentials */

/* A credential's columns; expires_at closes each list. */
#define CRED_COLUMNS(X)                                                                          \
	X(user_id, I64, NULL) X(kind, TEXT, NULL) X(token_hash, TEXT, NULL) X(csrf, TEXT, NULL)     \
	X(name, TEXT, NULL) X(created_at, I64, NULL)
#define CRED_COLS "id," CRED_COLUMNS(SQ_COL_NAME) "expires_at"

static const struct sq_col cred_cols[] = {
#define X(n, t, d) SQ_COL(struct credential, n, t, d),
	CRED_COLUMNS(X)
#undef X
};
#define CRED_N ((int)ARRAY_SIZE(cred_cols))

static void cred_row(struct arena *a, struct sqs *st, void *p)
{
	struct credential *c = p;
	c->id = sqs_col_int64(st, 0);
	sq_cols_read(a, st, 1, cred_cols, CRED_N, c);
	c->expires_at = sqs_col_int64(st, CRED_N + 1);
}

int sq_credential_insert(struct store *s, struct credential *c)
{
	static const char sql[] =
		"INSERT INTO credentials(" CRED_COLUMNS(SQ_COL_NAME) "expires_at)"
		" VALUES(" CRED_COLUMNS(SQ_COL_QM) "?) RETURNING id";
	return SQ_INSERT(SQ(s), sql, &c->id, SQV_COLS(cred_cols, CRED_N, c),
		SQV_I64(c->expires_at));
}

int sq_credential_find(struct store *s, struct arena *a, const char *token_hash, int64_t now,
                 struct credential *out)
{
	static const char sql[] = "SELECT " CRED_COLS " FROM credentials WHERE token_hash=? AND expires_at>?";
	return SQ_ONE(SQ(s), a, sql, cred_row, out, SQV_TEXT(token_hash), SQV_I64(now));
}

int sq_credential_list(struct store *s, struct arena *a, int64_t user_id, const char *kind, int64_t now,
                 struct credential **out, int *n)
{
	static const char sql[] = "SELECT " CRED_COLS " FROM credentials"
	                          " WHERE user_id=? AND kind=? AND expires_at>? ORDER BY id LIMIT 200";
	return SQ_SELECT(SQ(s), a, sql, sizeof(struct credential), cred_row, (void **)out, n,
		SQV_I64(user_id), SQV_TEXT(kind), SQV_I64(now));
}

int sq_credential_delete(struct store *s, int64_t user_id, int64_t id)
{
	static const char sql[] = "DELETE FROM credentials WHERE id=? AND user_id=?";
	return SQ_EXEC(SQ(s), sql, TB_ENOTFOUND, SQV_I64(id), SQV_I64(user_id));
}

int sq_credential_delete_user(struct store *s, int64_t user_id, int64_t except_id, int *deleted)
{
	static const char sql[] = "DELETE FROM credentials WHERE user_id=? AND id<>?";
	struct sq *q = SQ(s);
	int rc;
	rc = SQ_EXEC(q, sql, TB_OK, SQV_I64(user_id), SQV_I64(except_id));
	if (deleted)
		*deleted = rc ? 0 : sq_changes(q);
	return rc;
}

int sq_credential_purge(struct store *s, int64_t now)
{
	static const char sql[] = "DELETE FROM credentials WHERE expires_at<=?";
	return SQ_EXEC(SQ(s), sql, TB_OK, SQV_I64(now));
}

/* ------------------------------------------------------- failed logins */

int sq_login_fail_clear(struct store *s, const char *key)
{
	static const char sql[] = "DELETE FROM login_failures WHERE key=?";
	return SQ_EXEC(SQ(s), sql, TB_OK, SQV_TEXT(key));
}

int sq_login_charge(struct store *s, const char *const *keys, const int *max, int n, int64_t since,
                    int64_t now, int64_t *blocked_oldest, int64_t *ids)
{
	struct sq *q = SQ(s);
	static const char count[] = "SELECT count(*),min(at) FROM login_failures WHERE key=? AND at>=?";
	static const char prune[] = "DELETE FROM login_failures WHERE at<?";
	/* login_failures has no id column in the SQLite schema (migration 2):
	 * there its rowid is the row's id. */
	const char *ins = SQ_SQL(q, "INSERT INTO login_failures(key,at) VALUES(?,?) RETURNING rowid",
	                         "INSERT INTO login_failures(key,at) VALUES(?,?) RETURNING id");
	struct sqs *st;
	int rc, i, step;

	*blocked_oldest = 0;
	/* BEGIN IMMEDIATE takes the write lock before the counts are read: the
	 * next attempt's transaction waits (busy_timeout) and sees this one's
	 * charge. */
	if ((rc = q->drv->begin(q->conn)))
		return rc;
	for (i = 0; i < n; i++) {
		if (!(st = sq_prep(q, count))) {
			rc = TB_EDB;
			goto out;
		}
		sq_bind_text(st, 1, keys[i]);
		sqs_bind_int64(st, 2, since);
		step = sqs_step(st);
		if (step == SQD_ROW && sqs_col_int(st, 0) >= max[i]) {
			int64_t oldest = sqs_col_int64(st, 1);
			if (!*blocked_oldest || oldest > *blocked_oldest)
				*blocked_oldest = oldest;   /* the later expiry wins */
		}
		sqs_reset(st);
		if (step != SQD_ROW) {
			rc = sq_rc(q, step);
			goto out;
		}
	}
	if (*blocked_oldest)
		goto out;
	/* Keep a day of history at most: the table cannot grow without bound. */
	if ((rc = SQ_EXEC(q, prune, TB_OK, SQV_I64(now - 86400))))
		goto out;
	for (i = 0; i < n; i++)
		if ((rc = SQ_INSERT(q, ins, &ids[i], SQV_TEXT(keys[i]), SQV_I64(now))))
			goto out;
out:
	if (rc) {
		q->drv->rollback(q->conn);
		return rc;
	}
	return q->drv->commit(q->conn);
}

int sq_login_uncharge(struct store *s, const int64_t *ids, int n)
{
	struct sq *q = SQ(s);
	const char *sql = SQ_SQL(q, "DELETE FROM login_failures WHERE rowid=?",
	                         "DELETE FROM login_failures WHERE id=?");
	int rc = TB_OK;
	for (int i = 0; i < n && !rc; i++)
		rc = SQ_EXEC(q, sql, TB_OK, SQV_I64(ids[i]));
	return rc;
}

int sq_device_add(struct store *s, int64_t user_id, const char *token_hash, int64_t now)
{
	static const char sql[] = "INSERT INTO login_devices(token_hash,user_id,created_at) VALUES(?,?,?)";
	return SQ_EXEC(SQ(s), sql, TB_OK, SQV_TEXT(token_hash), SQV_I64(user_id), SQV_I64(now));
}

int sq_device_known(struct store *s, int64_t user_id, const char *token_hash, int *known)
{
	static const char sql[] = "SELECT 1 FROM login_devices WHERE token_hash=? AND user_id=?";
	return SQ_EXISTS(SQ(s), sql, known, SQV_TEXT(token_hash), SQV_I64(user_id));
}

/* ---------------------------------------------------------------- audit */

/* An audit entry's columns; `at` (the time, now unless given) closes each list. */
#define AUDIT_COLUMNS(X)                                                                         \
	X(user_id, OPT_ID, NULL) X(email, TEXT, NULL) X(role, TEXT, "anonymous")                    \
	X(action, TEXT, NULL) X(resource, TEXT, NULL) X(resource_id, OPT_ID, NULL)                  \
	X(outcome, TEXT, NULL) X(client_ip, TEXT, NULL) X(detail, TEXT, NULL)
#define AUDIT_COLS "id," AUDIT_COLUMNS(SQ_COL_NAME) "at"

static const struct sq_col audit_cols[] = {
#define X(n, t, d) SQ_COL(struct audit_entry, n, t, d),
	AUDIT_COLUMNS(X)
#undef X
};
#define AUDIT_N ((int)ARRAY_SIZE(audit_cols))

static void audit_row(struct arena *a, struct sqs *st, struct audit_entry *e)
{
	e->id = sqs_col_int64(st, 0);
	sq_cols_read(a, st, 1, audit_cols, AUDIT_N, e);
	e->at = sq_col_text(a, st, AUDIT_N + 1);
}

int sq_audit_append(struct store *s, const struct audit_entry *e)
{
	static const char sql[] =
		"INSERT INTO audit_log(" AUDIT_COLUMNS(SQ_COL_NAME) "at)"
		" VALUES(" AUDIT_COLUMNS(SQ_COL_QM) "?)";
	return SQ_EXEC(SQ(s), sql, TB_OK, SQV_COLS(audit_cols, AUDIT_N, e), SQV_TEXT_OR_NOW(e->at));
}

static void audit_where(struct sqb *b, const struct audit_query *aq)
{
	sqb_sql(b, " FROM audit_log WHERE 1=1");
	if (aq->user_id > 0) { sqb_sql(b, " AND user_id="); sqb_int(b, aq->user_id); }
	if (aq->action) { sqb_sql(b, " AND action="); sqb_text(b, aq->action); }
	if (aq->resource) { sqb_sql(b, " AND resource="); sqb_text(b, aq->resource); }
	if (aq->resource_id > 0) { sqb_sql(b, " AND resource_id="); sqb_int(b, aq->resource_id); }
	if (aq->outcome) { sqb_sql(b, " AND outcome="); sqb_text(b, aq->outcome); }
	if (aq->since) { sqb_sql(b, " AND at>="); sqb_text(b, aq->since); }
	if (aq->until) { sqb_sql(b, " AND at<"); sqb_text(b, aq->until); }
}

static void audit_where_v(struct sqb *b, const void *aq) { audit_where(b, aq); }
static void audit_row_v(struct arena *a, struct sqs *st, void *p) { audit_row(a, st, p); }

int sq_audit_list(struct store *s, struct arena *a, const struct audit_query *aq,
                  struct audit_entry **out, int *n, int64_t *total)
{
	return sq_page(SQ(s), a, AUDIT_COLS, "", audit_where_v, aq, "id DESC", aq->limit, aq->offset,
	               sizeof(struct audit_entry), audit_row_v, (void **)out, n, total);
}

_Static_assert(sizeof(struct audit_entry) <= SQ_EACH_MAX_ELEM, "sq_each item");

SQ_EACH_TYPED(struct audit_entry, audit_each)

int sq_audit_each(struct store *s, const struct audit_query *aq,
                  int (*cb)(void *, const struct audit_entry *), void *ctx)
{
	struct sq *q = SQ(s);
	struct sqb b;
	int rc;

	sqb_init(&b, q);
	sqb_sql(&b, "SELECT " AUDIT_COLS);
	audit_where(&b, aq);
	sqb_sql(&b, " ORDER BY id");
	/* One small arena per row: streaming an export uses constant memory. */
	struct audit_each w = { cb, ctx };
	rc = sq_each_b(q, &b, 1 << 20, sizeof(struct audit_entry), audit_row_v, audit_each_call, &w);
	sqb_release(&b);
	return rc;
}

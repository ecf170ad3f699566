/* release.c - SQL operations of the regular-release module (issue #16,
 * migration 12): contract payment schedules, listing validity and the
 * life-cycle queries, the maintenance lease, in-app notifications. */
#include "store/sql/sq.h"
#include "core/err.h"
#include "core/log.h"
#include "core/util.h"
#include <stdio.h>
#include <string.h>

/* ------------------------------------------------------ payment schedule */

int sq_contract_schedule_put(struct store *s, int64_t contract_id, const struct instalment *items,
                             int n)
{
	static const char ins[] = "INSERT INTO contract_instalments(contract_id,seq,due_on,amount_fen)"
	                          " VALUES(?,?,?,?)";
	struct sq *q = SQ(s);
	int rc = SQ_EXEC(q, "DELETE FROM contract_instalments WHERE contract_id=?", TB_OK,
	                 SQV_I64(contract_id));
	for (int i = 0; i < n && !rc; i++)
		rc = SQ_EXEC(q, ins, TB_OK, SQV_I64(contract_id), SQV_I64(i + 1),
		             SQV_TEXT(items[i].due_on), SQV_I64(items[i].amount_fen));
	return rc;
}

static void inst_row(struct arena *a, struct sqs *st, void *p)
{
	struct instalment *x = p;
	x->seq = sqs_col_int(st, 0);
	x->due_on = sq_col_text(a, st, 1);
	x->amount_fen = sqs_col_int64(st, 2);
}

int sq_contract_schedule_get(struct store *s, struct arena *a, int64_t contract_id,
                             struct instalment **out, int *n)
{
	return SQ_SELECT(SQ(s), a, "SELECT seq,due_on,amount_fen FROM contract_instalments"
	                          " WHERE contract_id=? ORDER BY seq",
	                 sizeof(**out), inst_row, (void **)out, n, SQV_I64(contract_id));
}

/* ------------------------------------------------------------- validity */

int sq_cat_assign_expiry(struct store *s, bool is_ach, int days, int *n)
{
	/* The date `days` after publication, as YYYY-MM-DD (UTC): date arithmetic
	 * is each engine's own, so a dialect pair per table. */
#define EXPIRY_SQLITE(t)                                                                     \
	"UPDATE " t " SET expires_at=date(coalesce(published_at,created_at),?||' days')"       \
	" WHERE status='published' AND expires_at IS NULL"
#define EXPIRY_PG(t)                                                                         \
	"UPDATE " t " SET expires_at=CAST(CAST(coalesce(published_at,created_at) AS timestamptz)"  \
	"+CAST(CAST(? AS TEXT)||' days' AS interval) AS date)"                                    \
	" WHERE status='published' AND expires_at IS NULL"
	static const char ach[] = EXPIRY_SQLITE("achievements"), ach_pg[] = EXPIRY_PG("achievements");
	static const char dem[] = EXPIRY_SQLITE("demands"), dem_pg[] = EXPIRY_PG("demands");
#undef EXPIRY_SQLITE
#undef EXPIRY_PG
	struct sq *q = SQ(s);
	char d[16];
	int rc;
	snprintf(d, sizeof(d), "+%d", days);
	rc = SQ_EXEC(q, is_ach ? SQ_SQL(q, ach, ach_pg) : SQ_SQL(q, dem, dem_pg), TB_OK, SQV_TEXT(d));
	*n = rc ? 0 : sq_changes(q);
	return rc;
}

int sq_cat_set_expiry(struct store *s, bool is_ach, int64_t id, const char *expires_at)
{
	const char *sql = is_ach
		? "UPDATE achievements SET expires_at=?,reminded_at=NULL WHERE id=?"
		: "UPDATE demands SET expires_at=?,reminded_at=NULL WHERE id=?";
	return SQ_EXEC(SQ(s), sql, TB_ENOTFOUND, SQV_TEXT(expires_at), SQV_I64(id));
}

int sq_cat_due(struct store *s, struct arena *a, bool is_ach, const char *what, const char *date,
               int max, int64_t **out, int *n)
{
	static const char *const sql[][2] = {
		/* what, then { achievements, demands } */
		{ "SELECT id FROM achievements WHERE status='published' AND expires_at<?1"
		  " ORDER BY id LIMIT ?2",
		  "SELECT id FROM demands WHERE status='published' AND expires_at<?1 ORDER BY id LIMIT ?2" },
		{ "SELECT id FROM achievements WHERE status='published' AND expires_at<=?1"
		  " AND reminded_at IS NULL ORDER BY id LIMIT ?2",
		  "SELECT id FROM demands WHERE status='published' AND expires_at<=?1"
		  " AND reminded_at IS NULL ORDER BY id LIMIT ?2" },
		{ NULL,
		  "SELECT id FROM demands WHERE status='published' AND deadline<?1 ORDER BY id LIMIT ?2" },
		{ NULL,
		  "SELECT d.id FROM demands d WHERE d.status='published' AND CAST(?1 AS TEXT) IS NOT NULL AND EXISTS"
		  " (SELECT 1 FROM contracts c WHERE c.demand_id=d.id AND c.status!='terminated')"
		  " ORDER BY d.id LIMIT ?2" },
	};
	static const char *const whats[] = { "expire", "remind", "deadline", "realised" };
	int k = -1;

	*out = NULL;
	*n = 0;
	for (int i = 0; i < 4; i++)
		if (!strcmp(what, whats[i]))
			k = i;
	if (k < 0 || max <= 0 || !sql[k][is_ach ? 0 : 1])
		return TB_EINVAL;
	return SQ_SELECT(SQ(s), a, sql[k][is_ach ? 0 : 1], sizeof(int64_t), sq_row_i64, (void **)out,
	                 n, SQV_TEXT(date), SQV_I64(max));
}

int sq_cat_set_status_if(struct store *s, bool is_ach, int64_t id, const char *expect,
                         const char *status, const char *note)
{
	const char *sql = is_ach
		? "UPDATE achievements SET status=?1,review_note=?2,updated_at=?3,"
		  "published_at=CASE WHEN ?1='published' THEN coalesce(published_at,?3) ELSE published_at END"
		  " WHERE id=?4 AND status=?5"
		: "UPDATE demands SET status=?1,review_note=?2,updated_at=?3,"
		  "published_at=CASE WHEN ?1='published' THEN coalesce(published_at,?3) ELSE published_at END"
		  " WHERE id=?4 AND status=?5";
	/* The expected-status guard: someone changed it meanwhile (or it is gone). */
	return SQ_EXEC(SQ(s), sql, TB_ESTATE, SQV_TEXT(status), SQV_TEXT(note), SQV_NOW, SQV_I64(id),
	               SQV_TEXT(expect));
}

int sq_cat_mark_reminded(struct store *s, bool is_ach, int64_t id, const char *at)
{
	const char *sql = is_ach ? "UPDATE achievements SET reminded_at=? WHERE id=?"
	                                     : "UPDATE demands SET reminded_at=? WHERE id=?";
	return SQ_EXEC(SQ(s), sql, TB_ENOTFOUND, SQV_TEXT(at), SQV_I64(id));
}

/* ---------------------------------------------------------------- lease */

int sq_lease_acquire(struct store *s, const char *name, const char *holder, int64_t now,
                     int64_t ttl, int *got)
{
	/* One statement: the row is taken only when free, expired or ours, so two
	 * nodes racing for it cannot both get it (SQLite serialises writers). */
	static const char sql[] =
		"INSERT INTO leases(name,holder,until) VALUES(?1,?2,CAST(?3 AS BIGINT)+CAST(?4 AS BIGINT))"
		" ON CONFLICT(name) DO UPDATE SET holder=excluded.holder,until=excluded.until"
		" WHERE leases.until<=?3 OR leases.holder=excluded.holder";
	struct sq *q = SQ(s);
	int rc = SQ_EXEC(q, sql, TB_OK, SQV_TEXT(name), SQV_TEXT(holder), SQV_I64(now), SQV_I64(ttl));
	*got = !rc && sq_changes(q) == 1;
	return rc;
}

int sq_lease_release(struct store *s, const char *name, const char *holder)
{
	return SQ_EXEC(SQ(s), "DELETE FROM leases WHERE name=? AND holder=?", TB_OK, SQV_TEXT(name),
		SQV_TEXT(holder));
}

/* -------------------------------------------------------- notifications */

/* A notification's columns; the store stamps created_at, sq_notify_read sets read_at. */
#define NT_COLUMNS(X)                                                                            \
	X(user_id, I64, NULL) X(org_id, I64, NULL) X(kind, TEXT, NULL) X(item_kind, TEXT, NULL)     \
	X(item_id, I64, NULL) X(text_zh, TEXT, NULL) X(text_en, TEXT, NULL)
#define X(n, t, d) SQ_COL(struct notification, n, t, d),
static const struct sq_col nt_cols[] = { NT_COLUMNS(X) };
#undef X
#define NT_N ((int)ARRAY_SIZE(nt_cols))

int sq_notify_insert(struct store *s, struct notification *nt, int *created)
{
	struct sq *q = SQ(s);
	struct sqs *st = sq_prep(q,
		"INSERT INTO notifications(" NT_COLUMNS(SQ_COL_NAME) "created_at) VALUES("
		NT_COLUMNS(SQ_COL_QM) "?) ON CONFLICT DO NOTHING RETURNING id");
	char now[32];
	int rc, step;
	if (!st)
		return TB_EDB;
	sq_now(now);
	sq_cols_bind(st, 1, nt_cols, NT_N, nt);
	sq_bind_text(st, NT_N + 1, now);
	/* A row back: inserted; none: the same notification existed (DO NOTHING). */
	step = sqs_step(st);
	*created = step == SQD_ROW;
	if (*created)
		nt->id = sqs_col_int64(st, 0);
	rc = sq_rc(q, step);
	sqs_reset(st);
	return rc;
}

static void nt_row(struct arena *a, struct sqs *st, void *p)
{
	struct notification *x = p;
	x->id = sqs_col_int64(st, 0);
	sq_cols_read(a, st, 1, nt_cols, NT_N, x);
	x->created_at = sq_col_text(a, st, NT_N + 1);
	x->read_at = sq_col_text(a, st, NT_N + 2);
}

int sq_notify_list(struct store *s, struct arena *a, int64_t user_id, int64_t org_id, int limit,
                   struct notification **out, int *n)
{
	static const char sql[] =
		"SELECT id," NT_COLUMNS(SQ_COL_NAME) "created_at,read_at"
		" FROM notifications WHERE (user_id=?1 AND ?1>0) OR (org_id=?2 AND ?2>0 AND user_id=0)"
		" ORDER BY id DESC LIMIT ?3";
	*out = NULL;
	*n = 0;
	if (limit <= 0)
		return TB_EINVAL;
	return SQ_SELECT(SQ(s), a, sql, sizeof(**out), nt_row, (void **)out, n, SQV_I64(user_id),
	                 SQV_I64(org_id), SQV_I64(limit));
}

int sq_notify_read(struct store *s, int64_t user_id, int64_t org_id, int64_t id)
{
	const char *sql =
		"UPDATE notifications SET read_at=coalesce(read_at,?4) WHERE id=?3 AND"
		" ((user_id=?1 AND ?1>0) OR (org_id=?2 AND ?2>0 AND user_id=0))";
	return SQ_EXEC(SQ(s), sql, TB_ENOTFOUND, SQV_I64(user_id), SQV_I64(org_id), SQV_I64(id),
		SQV_NOW);
}

/* -------------------------------------------------------- subscriptions */

#define SUB_COLUMNS(X)                                                                           \
	X(user_id, I64, NULL) X(kind, TEXT, NULL) X(target, TEXT, NULL) X(q, TEXT, NULL)            \
	X(field, TEXT, NULL) X(city, TEXT, NULL) X(trl_min, INT, NULL) X(org_id, I64, NULL)         \
	X(min_score, DBL, NULL)
#define X(n, t, d) SQ_COL(struct subscription, n, t, d),
static const struct sq_col sub_cols[] = { SUB_COLUMNS(X) };
#undef X
#define SUB_N ((int)ARRAY_SIZE(sub_cols))

int sq_sub_insert(struct store *s, struct subscription *x)
{
	const char *sql =
		"INSERT INTO subscriptions(" SUB_COLUMNS(SQ_COL_NAME) "created_at) VALUES("
		SUB_COLUMNS(SQ_COL_QM) "?) RETURNING id";
	return SQ_INSERT(SQ(s), sql, &x->id, SQV_COLS(sub_cols, SUB_N, x), SQV_NOW);
}

static void sub_row(struct arena *a, struct sqs *st, void *p)
{
	struct subscription *x = p;
	x->id = sqs_col_int64(st, 0);
	sq_cols_read(a, st, 1, sub_cols, SUB_N, x);
	x->created_at = sq_col_text(a, st, SUB_N + 1);
}

/* Every subscription (the maintenance run walks them all; no row limit). */
int sq_sub_list(struct store *s, struct arena *a, int64_t user_id, const char *target,
                struct subscription **out, int *n)
{
	static const char sql[] =
		"SELECT id," SUB_COLUMNS(SQ_COL_NAME) "created_at"
		" FROM subscriptions WHERE (?1=0 OR user_id=?1) AND (CAST(?2 AS TEXT) IS NULL OR target=?2)"
		" ORDER BY id";
	return SQ_SELECT(SQ(s), a, sql, sizeof(**out), sub_row, (void **)out, n, SQV_I64(user_id),
	                 SQV_TEXT(target));
}

int sq_sub_delete(struct store *s, int64_t user_id, int64_t id)
{
	return SQ_EXEC(SQ(s), "DELETE FROM subscriptions WHERE id=? AND user_id=?", TB_ENOTFOUND,
		SQV_I64(id), SQV_I64(user_id));
}

/* ---------------------------------------------------------- mail digest */

int sq_mail_pref_put(struct store *s, int64_t user_id, const char *digest)
{
	const char *sql =
		"INSERT INTO mail_prefs(user_id,digest) VALUES(?1,?2)"
		" ON CONFLICT(user_id) DO UPDATE SET digest=excluded.digest";
	return SQ_EXEC(SQ(s), sql, TB_OK, SQV_I64(user_id), SQV_TEXT(digest));
}

int sq_mail_pref_get(struct store *s, struct arena *a, int64_t user_id, const char **digest)
{
	/* no row: the default, no digest */
	int rc;
	*digest = "none";
	rc = SQ_ONE(SQ(s), a, "SELECT digest FROM mail_prefs WHERE user_id=?", sq_row_text, digest,
	            SQV_I64(user_id));
	if (rc == TB_ENOTFOUND) {
		*digest = "none";
		rc = TB_OK;
	}
	return rc;
}

static void due_row(struct arena *a, struct sqs *st, void *p)
{
	struct mail_due *d = p;
	d->user_id = sqs_col_int64(st, 0);
	d->email = sq_col_text(a, st, 1);
	d->digest = sq_col_text(a, st, 2);
	d->failures = sqs_col_int(st, 3);
}

int sq_mail_due(struct store *s, struct arena *a, int64_t now, int max, struct mail_due **out,
                int *n)
{
	static const char sql[] =
		"SELECT p.user_id,u.email,p.digest,p.failures FROM mail_prefs p JOIN users u ON u.id=p.user_id"
		" WHERE p.digest!='none' AND p.next_at<=? ORDER BY p.next_at,p.user_id LIMIT ?";
	*out = NULL;
	*n = 0;
	if (max <= 0)
		return TB_EINVAL;
	return SQ_SELECT(SQ(s), a, sql, sizeof(struct mail_due), due_row, (void **)out, n,
	                 SQV_I64(now), SQV_I64(max));
}

static void pending_row(struct arena *a, struct sqs *st, void *p)
{
	struct notification *x = p;
	memset(x, 0, sizeof(*x));
	x->id = sqs_col_int64(st, 0);
	x->kind = sq_col_text(a, st, 1);
	x->item_kind = sq_col_text(a, st, 2);
	x->item_id = sqs_col_int64(st, 3);
	x->text_zh = sq_col_text(a, st, 4);
	x->text_en = sq_col_text(a, st, 5);
	x->created_at = sq_col_text(a, st, 6);
}

int sq_mail_pending(struct store *s, struct arena *a, int64_t user_id, int max,
                    struct notification **out, int *n)
{
	static const char sql[] =
		"SELECT id,kind,item_kind,item_id,text_zh,text_en,created_at FROM notifications"
		" WHERE user_id=? AND kind='alert' AND mailed_at IS NULL ORDER BY id LIMIT ?";
	int rc;
	*out = NULL;
	*n = 0;
	if (max <= 0)
		return TB_EINVAL;
	rc = SQ_SELECT(SQ(s), a, sql, sizeof(struct notification), pending_row, (void **)out, n,
	               SQV_I64(user_id), SQV_I64(max));
	for (int i = 0; !rc && i < *n; i++)
		(*out)[i].user_id = user_id;
	return rc;
}

int sq_mail_sent(struct store *s, int64_t user_id, int64_t upto, int64_t next_at)
{
	struct sq *q = SQ(s);
	int rc = SQ_EXEC(q, "UPDATE notifications SET mailed_at=? WHERE user_id=?"
	                    " AND kind='alert' AND mailed_at IS NULL AND id<=?",
	                 TB_OK, SQV_NOW, SQV_I64(user_id), SQV_I64(upto));
	if (rc)
		return rc;
	return SQ_EXEC(q, "UPDATE mail_prefs SET next_at=?,failures=0 WHERE user_id=?", TB_OK,
	               SQV_I64(next_at), SQV_I64(user_id));
}

int sq_mail_failed(struct store *s, int64_t user_id, int failures, int64_t next_at)
{
	return SQ_EXEC(SQ(s), "UPDATE mail_prefs SET next_at=?, failures=? WHERE user_id=?", TB_OK,
		SQV_I64(next_at), SQV_I64(failures), SQV_I64(user_id));
}

/* Keys are stored as hex text: both engines hold text alike (the driver
 * interface has no blobs). A SQLite file written before the SQL driver
 * interface holds the raw bytes in a BLOB, which read back as `len` bytes. */
static int hexval(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

int sq_server_key(struct store *s, const char *name, const unsigned char *candidate, size_t len,
                  unsigned char *out)
{
	static const char digits[] = "0123456789abcdef";
	struct sq *q = SQ(s);
	struct sqs *sel;
	char hex[2 * 64 + 1];
	const char *got;
	int rc, step;
	size_t n;
	if (len > 64)
		return TB_EINVAL;
	for (size_t i = 0; i < len; i++) {
		hex[2 * i] = digits[candidate[i] >> 4];
		hex[2 * i + 1] = digits[candidate[i] & 15];
	}
	hex[2 * len] = '\0';
	rc = SQ_EXEC(q, "INSERT INTO server_keys(name,key) VALUES(?,?) ON CONFLICT(name) DO NOTHING",
	             TB_OK, SQV_TEXT(name), SQV_TEXT(hex));
	if (rc)
		return rc;
	if (!(sel = sq_prep(q, "SELECT key FROM server_keys WHERE name=?")))
		return TB_EDB;
	sq_bind_text(sel, 1, name);
	step = sqs_step(sel);
	if (step != SQD_ROW) {
		rc = step == SQD_DONE ? TB_EDB : sq_rc(q, step);
		goto out;
	}
	got = sqs_col_text(sel, 0);
	n = (size_t)sqs_col_bytes(sel, 0);
	rc = TB_EDB;
	if (got && n == len) {
		memcpy(out, got, len);
		rc = TB_OK;
	} else if (got && n == 2 * len) {
		rc = TB_OK;
		for (size_t i = 0; i < len && !rc; i++) {
			int hi = hexval(got[2 * i]), lo = hexval(got[2 * i + 1]);
			if (hi < 0 || lo < 0)
				rc = TB_EDB;
			else
				out[i] = (unsigned char)(hi << 4 | lo);
		}
	}
	if (rc)
		tb_error("server key %s: stored value has the wrong size or form", name);
out:
	sqs_reset(sel);
	return rc;
}

/* instruments.c - SQL operations for shared instruments, bookings,
 * qualifications and usage statistics. The no-overlap guarantee lives here
 * twice: sq_booking_create probes the partial index bookings_active inside
 * the caller's BEGIN IMMEDIATE transaction (INDEXED BY: without ANALYZE the
 * planner prefers bookings_instr_start and walks the instrument's whole
 * history), and the bookings_no_overlap_*
 * triggers (migration 3) refuse an overlapping slot-holding row whatever
 * path wrote it. Both answer TB_ECONFLICT. */
#include "store/sql/sq.h"
#include "core/err.h"
#include "core/log.h"
#include "core/util.h"
#include "model/region.h"
#include <stdio.h>
#include <string.h>
#include <time.h>

/* The slot-holding statuses as SQL: the same set as booking_status_active()
 * in model/booking.c (the partial index bookings_active and the overlap
 * triggers of migration 3 list them too). */
#define BOOKING_ACTIVE_SQL "('pending','approved','offered')"
/* SQLite is told which index answers an overlap probe (INDEXED BY is
 * SQLite's alone; PostgreSQL's planner picks its index itself), so each
 * probe is a dialect pair built from one text with or without the hint. */
#define SQLITE_ACTIVE_HINT " INDEXED BY bookings_active"

/* --------------------------------------------------------- instruments */

/* The writable columns, in bind order, listed once: they give the SELECT
 * list, the INSERT and UPDATE statements, the binds and the row reader. */
#define INS_COLUMNS(X)                                                                           \
	X(org_id, I64, NULL) X(name_zh, TEXT, NULL) X(name_en, TEXT, NULL)                         \
	X(category, TEXT, NULL) X(model, TEXT, NULL) X(manufacturer, TEXT, NULL)                   \
	X(location, TEXT, NULL) X(specs, TEXT, NULL) X(services, TEXT, NULL)                       \
	X(training_required, BOOL, NULL) X(fee_unit, TEXT, NULL) X(rate_internal, DBL, NULL)       \
	X(rate_academic, DBL, NULL) X(rate_enterprise, DBL, NULL) X(hours, TEXT, NULL)             \
	X(closed_dates, TEXT, NULL) X(min_slot_min, INT, NULL) X(max_slot_min, INT, NULL)          \
	X(lead_hours, INT, NULL) X(cancel_hours, INT, NULL) X(offer_hours, INT, NULL)              \
	X(requires_approval, BOOL, NULL) X(status, TEXT, NULL) X(value, DBL, NULL)
#define INS_COLS "i.id," INS_COLUMNS(SQ_COL_I) "i.created_at,i.updated_at,o.name,o.city"
#define INS_FROM " FROM instruments i JOIN orgs o ON o.id=i.org_id"

static const struct sq_col ins_cols[] = {
#define X(n, t, d) SQ_COL(struct instrument, n, t, d),
	INS_COLUMNS(X)
#undef X
};
#define INS_N ((int)ARRAY_SIZE(ins_cols))

static void ins_row(struct arena *a, struct sqs *st, struct instrument *x)
{
	x->id = sqs_col_int64(st, 0);
	sq_cols_read(a, st, 1, ins_cols, INS_N, x);
	x->created_at = sq_col_text(a, st, INS_N + 1);
	x->updated_at = sq_col_text(a, st, INS_N + 2);
	x->org_name = sq_col_text(a, st, INS_N + 3);
	x->org_city = sq_col_text(a, st, INS_N + 4);
}
static void ins_row_v(struct arena *a, struct sqs *st, void *p) { ins_row(a, st, p); }

int sq_instrument_insert(struct store *s, struct instrument *x)
{
	static const char sql[] =
		"INSERT INTO instruments(" INS_COLUMNS(SQ_COL_NAME) "created_at,updated_at)"
		" VALUES(" INS_COLUMNS(SQ_COL_QM) "?,?) RETURNING id";
	return SQ_INSERT(SQ(s), sql, &x->id, SQV_COLS(ins_cols, INS_N, x),
		SQV_TEXT_OR_NOW(x->created_at),
		SQV_TEXT_OR_NOW(x->created_at));
}

int sq_instrument_update(struct store *s, const struct instrument *x)
{
	static const char sql[] =
		"UPDATE instruments SET " INS_COLUMNS(SQ_COL_SET) "updated_at=? WHERE id=?";
	return sq_update_cols(SQ(s), sql, ins_cols, INS_N, x, true, x->id);
}

int sq_instrument_get(struct store *s, struct arena *a, int64_t id, struct instrument *out)
{
	static const char sql[] = "SELECT " INS_COLS INS_FROM " WHERE i.id=?";
	return sq_get_by_id(SQ(s), a, sql, id, ins_row_v, out);
}

static void ins_where(struct sqb *b, const struct instr_query *iq)
{
	sqb_sql(b, " WHERE 1=1");
	sqb_and_text(b, " AND i.category=", iq->category);
	sqb_and_text(b, " AND i.status=", iq->status);
	sqb_and_int(b, " AND i.org_id=", iq->org_id);
	if (iq->value_min >= 0) { sqb_sql(b, " AND i.value>="); sqb_double(b, iq->value_min); }
	if (iq->q) {
		sqb_sql(b, " AND (coalesce(i.name_zh,'')||' '||lower(coalesce(i.name_en,''))||' '||"
		           "lower(coalesce(i.model,''))||' '||lower(coalesce(i.manufacturer,''))||' '||"
		           "coalesce(i.category,''))");
		sqb_like_contains(b, iq->q, 1);
	}
}

static void ins_where_v(struct sqb *b, const void *iq) { ins_where(b, iq); }

int sq_instrument_list(struct store *s, struct arena *a, const struct instr_query *iq,
                  struct instrument **out, int *n, int64_t *total)
{
	return sq_page(SQ(s), a, INS_COLS, INS_FROM, ins_where_v, iq, "i.id", iq->limit, iq->offset,
	               sizeof(struct instrument), ins_row_v, (void **)out, n, total);
}

int sq_instrument_free(struct store *s, struct arena *a, const char *from, const char *to,
                  const char *category, int limit, struct instrument **out, int *n)
{
	struct sq *q = SQ(s);
	struct sqb b;
	int rc;

	sqb_init(&b, q);
	sqb_sql(&b, "SELECT " INS_COLS INS_FROM " WHERE i.status='available'");
	sqb_and_text(&b, " AND i.category=", category);
	sqb_sql(&b, " AND NOT EXISTS (SELECT 1 FROM bookings k");
	SQB_SQL(&b, SQLITE_ACTIVE_HINT, "");
	sqb_sql(&b, " WHERE k.instrument_id=i.id"
	            " AND k.status IN " BOOKING_ACTIVE_SQL " AND k.end_at>");
	sqb_text(&b, from);
	sqb_sql(&b, " AND k.start_at<");
	sqb_text(&b, to);
	sqb_sql(&b, ") ORDER BY i.id LIMIT ");
	sqb_int(&b, limit);
	rc = sq_list(q, a, &b, sizeof(struct instrument), limit, ins_row_v, (void **)out, n);
	sqb_release(&b);
	return rc;
}

static void three_row(struct arena *a, struct sqs *st, void *p)
{
	int64_t *v = p;
	(void)a;
	for (int i = 0; i < 3; i++)
		v[i] = sqs_col_int64(st, i);
}

int sq_instrument_counts(struct store *s, int64_t *instruments, int64_t *institutions, int64_t *kpi)
{
	static const char sql[] =
		"SELECT count(*), count(DISTINCT org_id), coalesce(sum(CASE WHEN value>=500000 THEN 1 ELSE 0 END),0) FROM instruments"
		" WHERE status<>'retired'";
	int64_t v[3];
	int rc = sq_one(SQ(s), NULL, sql, three_row, v, NULL, 0);
	if (!rc) {
		*instruments = v[0];
		*institutions = v[1];
		*kpi = v[2];
	}
	return rc;
}

static void usage_row(struct arena *a, struct sqs *st, void *p)
{
	struct instr_usage *u = p;
	u->instrument_id = sqs_col_int64(st, 0);
	u->used_hours = sqs_col_double(st, 1);
	u->fees = sqs_col_double(st, 2);
	u->uses = sqs_col_int64(st, 3);
}

int sq_instrument_usage(struct store *s, struct arena *a, const char *from, const char *to,
                   struct instr_usage **out, int *n)
{
	/* One read: the array grows in the arena (no count first). */
	static const char sql[] =
		"SELECT instrument_id, sum(coalesce(used_hours,0)), sum(coalesce(fee,0)), count(*)"
		" FROM bookings WHERE status='completed' AND used_start>=?1 AND used_start<?2"
		" GROUP BY instrument_id ORDER BY instrument_id";
	return SQ_SELECT(SQ(s), a, sql, sizeof(struct instr_usage), usage_row, (void **)out, n,
	                 SQV_TEXT(from), SQV_TEXT(to));
}

struct revenue { double yuan; int64_t uses; };
static void revenue_row(struct arena *a, struct sqs *st, void *p)
{
	struct revenue *r = p;
	(void)a;
	r->yuan = sqs_col_double(st, 0);
	r->uses = sqs_col_int64(st, 1);
}

int sq_instrument_revenue(struct store *s, const char *from, const char *to, int64_t owner_org,
                     double *yuan, int64_t *uses)
{
	static const char sql[] =
		/* No join: the period's rows come from bookings_completed alone. */
		"SELECT coalesce(sum(b.fee),0), count(*) FROM bookings b"
		" WHERE b.status='completed' AND b.used_start>=?1 AND b.used_start<?2"
		" AND (?3=0 OR b.instrument_id IN (SELECT id FROM instruments WHERE org_id=?3))";
	struct revenue r;
	int rc = SQ_ONE(SQ(s), NULL, sql, revenue_row, &r, SQV_TEXT(from), SQV_TEXT(to),
	                SQV_I64(owner_org));
	if (!rc) {
		*yuan = r.yuan;
		if (uses)
			*uses = r.uses;
	}
	return rc;
}

static void org_revenue_row(struct arena *a, struct sqs *st, void *p)
{
	struct instr_org_revenue *r = p;
	r->org_id = sqs_col_int64(st, 0);
	r->city = sq_col_text(a, st, 1);
	r->district = sq_col_text(a, st, 2);
	r->fees = sqs_col_double(st, 3);
	r->uses = sqs_col_int64(st, 4);
}

int sq_instrument_revenue_by_org(struct store *s, struct arena *a, const char *from, const char *to,
                            const char *city, struct instr_org_revenue **out, int *n)
{
	/* One pass over the period's completed uses (the covering index
	 * bookings_completed), summed per instrument, then per owner. */
	static const char sql[] =
		"SELECT i.org_id, o.city, o.district, coalesce(sum(u.fee),0), sum(u.n) FROM"
		" (SELECT instrument_id, sum(fee) AS fee, count(*) AS n FROM bookings"
		"  WHERE status='completed' AND used_start>=?1 AND used_start<?2 GROUP BY instrument_id) u"
		" JOIN instruments i ON i.id=u.instrument_id JOIN orgs o ON o.id=i.org_id"
		" WHERE (CAST(?3 AS TEXT) IS NULL OR o.city=?3) GROUP BY i.org_id, o.city, o.district ORDER BY i.org_id";
	return SQ_SELECT(SQ(s), a, sql, sizeof(struct instr_org_revenue), org_revenue_row,
	                 (void **)out, n, SQV_TEXT(from), SQV_TEXT(to), SQV_TEXT(city));
}

/* ------------------------------------------------------------ bookings */

/* A booking's writable columns, and its usage (recorded when it is
 * completed; NULL until then). */
#define BK_COLUMNS(X)                                                                            \
	X(instrument_id, I64, NULL) X(org_id, I64, NULL) X(booker_name, TEXT, NULL)                 \
	X(booker_email, TEXT, NULL) X(user_class, TEXT, NULL) X(service, TEXT, NULL)                \
	X(purpose, TEXT, NULL) X(samples, INT, NULL) X(start_at, TEXT, NULL)                        \
	X(end_at, TEXT, NULL) X(status, TEXT, NULL) X(note, TEXT, NULL)                             \
	X(offer_expires, TEXT, NULL) X(booked_by, OPT_ID, NULL)
#define BK_USAGE(X)                                                                              \
	X(used_start, TEXT, NULL) X(used_end, TEXT, NULL) X(used_samples, INT, NULL)                \
	X(used_hours, DBL, NULL) X(billed_qty, DBL, NULL) X(rate, DBL, NULL) X(fee, DBL, NULL)
#define BK_COLS                                                                                  \
	"b.id," BK_COLUMNS(SQ_COL_B) BK_USAGE(SQ_COL_B)                                            \
	"b.created_at,b.updated_at,i.name_zh,i.name_en,i.org_id,io.name,bo.name,i.fee_unit,"       \
	"i.category"
#define BK_FROM                                                                               \
	" FROM bookings b JOIN instruments i ON i.id=b.instrument_id"                           \
	" JOIN orgs io ON io.id=i.org_id JOIN orgs bo ON bo.id=b.org_id"

static const struct sq_col bk_cols[] = {
#define X(n, t, d) SQ_COL(struct booking, n, t, d),
	BK_COLUMNS(X)
#undef X
};
static const struct sq_col bk_usage[] = {
#define X(n, t, d) SQ_COL(struct booking, n, t, d),
	BK_USAGE(X)
#undef X
};
#define BK_N ((int)ARRAY_SIZE(bk_cols))
#define BK_U ((int)ARRAY_SIZE(bk_usage))

/* Booking times are the province's local time, "YYYY-MM-DDTHH:MM:SS+08:00"
 * (domain/instrument.h). SQLite keeps that text; PostgreSQL keeps the
 * instant (timestamptz) and its driver reads it in UTC ("...Z"): turned back
 * into local time here, so both backends answer the same text. */
static const char *bk_local(struct arena *a, const char *t)
{
	struct tm tm;
	time_t at;
	char out[32];

	if (!t || strlen(t) != 20 || t[19] != 'Z')
		return t;
	memset(&tm, 0, sizeof(tm));
	if (sscanf(t, "%4d-%2d-%2dT%2d:%2d:%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
	           &tm.tm_min, &tm.tm_sec) != 6)
		return t;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	at = timegm(&tm) + REGION_UTC_OFFSET_S;
	gmtime_r(&at, &tm);
	strftime(out, sizeof(out), "%Y-%m-%dT%H:%M:%S+08:00", &tm);
	return arena_strdup(a, out);
}

static void bk_row(struct arena *a, struct sqs *st, struct booking *x)
{
	int at = 1 + BK_N + BK_U;
	x->id = sqs_col_int64(st, 0);
	sq_cols_read(a, st, 1, bk_cols, BK_N, x);
	sq_cols_read(a, st, 1 + BK_N, bk_usage, BK_U, x);
	x->start_at = bk_local(a, x->start_at);
	x->end_at = bk_local(a, x->end_at);
	x->offer_expires = bk_local(a, x->offer_expires);
	x->used_start = bk_local(a, x->used_start);
	x->used_end = bk_local(a, x->used_end);
	x->created_at = sq_col_text(a, st, at++);
	x->updated_at = sq_col_text(a, st, at++);
	x->instrument_name = sq_col_text(a, st, at++);
	x->instrument_name_en = sq_col_text(a, st, at++);
	x->owner_org_id = sqs_col_int64(st, at++);
	x->owner_org_name = sq_col_text(a, st, at++);
	x->org_name = sq_col_text(a, st, at++);
	x->fee_unit = sq_col_text(a, st, at++);
	x->category = sq_col_text(a, st, at);
}
static void bk_row_v(struct arena *a, struct sqs *st, void *p) { bk_row(a, st, p); }

int sq_booking_create(struct store *s, struct booking *b)
{
#define PROBE(hint)                                                                         \
	"SELECT 1 FROM bookings" hint " WHERE instrument_id=?1 AND status IN " BOOKING_ACTIVE_SQL \
	" AND end_at>?2 AND start_at<?3 LIMIT 1"
	static const char probe_sqlite[] = PROBE(SQLITE_ACTIVE_HINT), probe_pg[] = PROBE("");
#undef PROBE
	static const char sql[] =
		"INSERT INTO bookings(" BK_COLUMNS(SQ_COL_NAME) BK_USAGE(SQ_COL_NAME) "created_at,updated_at)"
		" VALUES(" BK_COLUMNS(SQ_COL_QM) BK_USAGE(SQ_COL_QM) "?,?) RETURNING id";
	struct sq *q = SQ(s);
	int rc, busy;

	if (!q->in_tx)
		tb_warn("store_booking_create outside a transaction: the trigger still guards overlaps");
	if (booking_status_active(b->status)) {
		if ((rc = SQ_EXISTS(q, SQ_SQL(q, probe_sqlite, probe_pg), &busy,
		                    SQV_I64(b->instrument_id), SQV_TEXT(b->start_at),
		                    SQV_TEXT(b->end_at))))
			return rc;
		if (busy)
			return TB_ECONFLICT;
	}
	/* Import and demo may create completed historical bookings in one go;
	 * otherwise the usage columns are NULL. */
	return SQ_INSERT(q, sql, &b->id, SQV_COLS(bk_cols, BK_N, b),
	                 SQV_COLS(bk_usage, BK_U, b->used_start ? b : NULL),
	                 SQV_TEXT_OR_NOW(b->created_at), SQV_TEXT_OR_NOW(b->created_at));
}

/* Parameters per multi-row INSERT: under SQLite's default limit (32766
 * host parameters) and PostgreSQL's (65535). */
#define BK_MANY_PARAMS 32000

static struct sqs *bk_many_stmt(struct sq *q, int rows)
{
	static const char head[] =
		"INSERT INTO bookings(" BK_COLUMNS(SQ_COL_NAME) BK_USAGE(SQ_COL_NAME) "created_at,updated_at)"
		" VALUES";
	static const char row[] = "(" BK_COLUMNS(SQ_COL_QM) BK_USAGE(SQ_COL_QM) "?,?)";
	struct buf sql = BUF_INIT(sizeof(head) + (size_t)BK_MANY_PARAMS / (BK_N + BK_U + 2) * sizeof(row) + 16);
	struct sqs *st = NULL;

	buf_adds(&sql, head);
	for (int r = 0; r < rows; r++) {
		if (r)
			buf_addc(&sql, ',');
		buf_adds(&sql, row);
	}
	if (!sql.failed && !buf_addc(&sql, '\0'))
		st = sq_prep_once(q, sql.ptr);
	buf_release(&sql);
	return st;
}

int sq_booking_insert_many(struct store *s, const struct booking *b, int n)
{
	const int cols = BK_N + BK_U + 2, per = BK_MANY_PARAMS / cols;
	struct sq *q = SQ(s);
	struct sqs *st = NULL;
	char now[32];
	int rc = TB_OK, cur = 0;

	if (n < 0 || (n > 0 && !b))
		return TB_EINVAL;
	if (!q->in_tx)
		tb_warn("store_booking_insert_many outside a transaction: the trigger still guards overlaps");
	sq_now(now);
	/* One statement per `per` rows instead of a probe and an insert per row:
	 * the demo's 120,000 bookings were 240,000 round trips on PostgreSQL. */
	for (int r = 0; r < n && !rc;) {
		int m = n - r < per ? n - r : per;
		if (m != cur) {   /* the full-size statement is reused; the rest gets its own */
			sqs_finalize(st);
			if (!(st = bk_many_stmt(q, m))) {
				rc = TB_EDB;
				break;
			}
			cur = m;
		}
		for (int k = 0; k < m; k++) {
			const struct booking *x = &b[r + k];
			int p = 1 + k * cols;
			sq_cols_bind(st, p, bk_cols, BK_N, x);
			if (x->used_start)
				sq_cols_bind(st, p + BK_N, bk_usage, BK_U, x);
			else
				for (int i = 0; i < BK_U; i++)
					sqs_bind_null(st, p + BK_N + i);
			sq_bind_text(st, p + BK_N + BK_U, x->created_at ? x->created_at : now);
			sq_bind_text(st, p + BK_N + BK_U + 1, x->created_at ? x->created_at : now);
		}
		rc = sq_rc(q, sqs_step(st));
		sqs_reset(st);
		r += m;
	}
	sqs_finalize(st);
	return rc;
}

int sq_booking_get(struct store *s, struct arena *a, int64_t id, struct booking *out)
{
	static const char sql[] = "SELECT " BK_COLS BK_FROM " WHERE b.id=?";
	return sq_get_by_id(SQ(s), a, sql, id, bk_row_v, out);
}

static void bk_where(struct sqb *b, const struct booking_query *bq)
{
	sqb_sql(b, " WHERE 1=1");
	sqb_and_int(b, " AND b.org_id=", bq->org_id);
	sqb_and_int(b, " AND b.instrument_id=", bq->instrument_id);
	sqb_and_int(b, " AND i.org_id=", bq->owner_org_id);
	sqb_and_text(b, " AND b.status=", bq->status);
	sqb_and_text(b, " AND b.end_at>", bq->from);
	sqb_and_text(b, " AND b.start_at<", bq->to);
	sqb_and_text(b, " AND b.used_start>=", bq->used_from);
	sqb_and_text(b, " AND b.used_start<", bq->used_to);
}

static void bk_where_v(struct sqb *b, const void *bq) { bk_where(b, bq); }

int sq_booking_list(struct store *s, struct arena *a, const struct booking_query *bq,
                    struct booking **out, int *n, int64_t *total)
{
	return sq_page(SQ(s), a, BK_COLS, BK_FROM, bk_where_v, bq,
	               bq->used_from ? "b.used_start, b.id" : "b.start_at, b.id", bq->limit, bq->offset,
	               sizeof(struct booking), bk_row_v, (void **)out, n, total);
}

int sq_booking_busy(struct store *s, struct arena *a, int64_t instrument_id, const char *from,
                    const char *to, struct booking **out, int *n)
{
	struct booking_query bq;
	struct sqb b;
	int rc;

	memset(&bq, 0, sizeof(bq));
	bq.instrument_id = instrument_id;
	bq.from = from;
	bq.to = to;
	sqb_init(&b, SQ(s));
	sqb_sql(&b, "SELECT " BK_COLS BK_FROM);
	bk_where(&b, &bq);
	sqb_sql(&b, " AND b.status IN " BOOKING_ACTIVE_SQL " ORDER BY b.start_at LIMIT 2000");
	rc = sq_list(SQ(s), a, &b, sizeof(struct booking), 2000, bk_row_v, (void **)out, n);
	sqb_release(&b);
	return rc;
}

int sq_booking_set_status(struct store *s, int64_t id, const char *expect, const char *status,
                          const char *note, const char *offer_expires)
{
	static const char sql[] =
		"UPDATE bookings SET status=?1, note=coalesce(?2,note), offer_expires=?3, updated_at=?4"
		" WHERE id=?5 AND (CAST(?6 AS TEXT) IS NULL OR status=?6)";
	return SQ_EXEC(SQ(s), sql, TB_ESTATE, SQV_TEXT(status), SQV_TEXT(note),
		SQV_TEXT(offer_expires), SQV_NOW, SQV_I64(id), SQV_TEXT(expect));
}

int sq_booking_record_usage(struct store *s, const struct booking *b)
{
	static const char sql[] =
		"UPDATE bookings SET status='completed'," BK_USAGE(SQ_COL_SET) "updated_at=?"
		" WHERE id=? AND status='approved'";
	return SQ_EXEC(SQ(s), sql, TB_ESTATE, SQV_COLS(bk_usage, BK_U, b), SQV_NOW, SQV_I64(b->id));
}

int sq_booking_next_waitlisted(struct store *s, struct arena *a, int64_t instrument_id,
                               const char *now, struct booking *out)
{
#define NEXT(hint)                                                                          \
	"SELECT " BK_COLS BK_FROM " WHERE b.instrument_id=?1 AND b.status='waitlisted'"         \
	" AND b.start_at>?2 AND NOT EXISTS (SELECT 1 FROM bookings k" hint " WHERE"             \
	" k.instrument_id=b.instrument_id AND k.status IN " BOOKING_ACTIVE_SQL                  \
	" AND k.end_at>b.start_at AND k.start_at<b.end_at)"                                     \
	" ORDER BY b.created_at, b.id LIMIT 1"
	static const char sql_sqlite[] = NEXT(SQLITE_ACTIVE_HINT), sql_pg[] = NEXT("");
#undef NEXT
	struct sq *q = SQ(s);
	return SQ_ONE(q, a, SQ_SQL(q, sql_sqlite, sql_pg), bk_row_v, out, SQV_I64(instrument_id),
	              SQV_TEXT(now));
}

int sq_booking_expire_offers(struct store *s, const char *now, int64_t *instruments, int max,
                             int *n)
{
	static const char sel[] =
		"SELECT DISTINCT instrument_id FROM bookings WHERE status='offered' AND offer_expires<?1";
	static const char upd[] =
		"UPDATE bookings SET status='expired', updated_at=?1 WHERE status='offered'"
		" AND offer_expires<?2";
	struct sq *q = SQ(s);
	struct sqs *st = sq_prep(q, sel);
	int rc, count = 0, step;

	*n = 0;
	if (!st)
		return TB_EDB;
	sq_bind_text(st, 1, now);
	while ((step = sqs_step(st)) == SQD_ROW)
		if (count < max)
			instruments[count++] = sqs_col_int64(st, 0);
	sqs_reset(st);
	if (step != SQD_DONE)
		return sq_rc(q, step);
	if (!count)
		return TB_OK;
	rc = SQ_EXEC(q, upd, TB_OK, SQV_NOW, SQV_TEXT(now));
	*n = count;
	return rc;
}

/* ------------------------------------------------------ qualifications */

#define QUAL_COLUMNS(X)                                                                          \
	X(instrument_id, I64, NULL) X(org_id, I64, NULL) X(email, TEXT, NULL) X(name, TEXT, NULL)   \
	X(expires_on, TEXT, NULL) X(created_at, TEXT, NULL)
static const struct sq_col qual_cols[] = {
#define X(n, t, d) SQ_COL(struct qualification, n, t, d),
	QUAL_COLUMNS(X)
#undef X
};
#define QUAL_N ((int)ARRAY_SIZE(qual_cols))

int sq_qualification_insert(struct store *s, struct qualification *x)
{
	static const char sql[] =
		"INSERT INTO qualifications(" QUAL_COLUMNS(SQ_COL_NAME) "id) VALUES(" QUAL_COLUMNS(SQ_COL_QM)
		"DEFAULT) RETURNING id";
	static const char sql_lite[] =
		"INSERT INTO qualifications(" QUAL_COLUMNS(SQ_COL_NAME) "id) VALUES(" QUAL_COLUMNS(SQ_COL_QM)
		"NULL) RETURNING id";
	struct sq *q = SQ(s);
	struct qualification rec = *x;
	char now[32];
	sq_now(now);
	rec.created_at = now; /* the store stamps it */
	return SQ_INSERT(q, SQ_SQL(q, sql_lite, sql), &x->id, SQV_COLS(qual_cols, QUAL_N, &rec));
}

int sq_qualification_valid(struct store *s, int64_t instrument_id, const char *email, const char *date,
                  int *valid)
{
	static const char sql[] =
		"SELECT 1 FROM qualifications WHERE instrument_id=? AND email=? AND expires_on>=? LIMIT 1";
	return SQ_EXISTS(SQ(s), sql, valid, SQV_I64(instrument_id), SQV_TEXT(email), SQV_TEXT(date));
}

static void qual_row(struct arena *a, struct sqs *st, void *p)
{
	struct qualification *x = p;
	x->id = sqs_col_int64(st, 0);
	sq_cols_read(a, st, 1, qual_cols, QUAL_N, x);
}

/* Every qualification of the instrument (it stopped at 500 without a word). */
int sq_qualification_list(struct store *s, struct arena *a, int64_t instrument_id,
                 struct qualification **out, int *n)
{
	static const char sql[] =
		"SELECT id," QUAL_COLUMNS(SQ_COL_NAME) "1 FROM qualifications WHERE instrument_id=?"
		" ORDER BY id";
	return SQ_SELECT(SQ(s), a, sql, sizeof(**out), qual_row, (void **)out, n,
	                 SQV_I64(instrument_id));
}

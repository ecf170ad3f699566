/* bulletin.c - store operations of the periodic bulletin (issue #16,
 * migration 15), portable SQL through the driver interface (sq.h): the archive (one row per period, its items copied in
 * order) and the queries a bulletin is made from (new listings, demands
 * closing soon, headline counts). Bound parameters only. */
#include "store/sql/sq.h"
#include "core/err.h"
#include <string.h>

/* An item row: section, field, ref_id, title_zh, title_en, org, date (that
 * order in every SELECT below). */
static void item_row(struct arena *a, struct sqs *st, void *p)
{
	struct bulletin_item *x = p;
	x->section = sq_col_text(a, st, 0);
	x->field = sq_col_text(a, st, 1);
	x->ref_id = sqs_col_int64(st, 2);
	x->title_zh = sq_col_text(a, st, 3);
	x->title_en = sq_col_text(a, st, 4);
	x->org = sq_col_text(a, st, 5);
	x->date = sq_col_text(a, st, 6);
}

int sq_bulletin_insert(struct store *s, struct bulletin *b)
{
	struct sq *q = SQ(s);
	struct sqs *st = sq_prep(q,
		"INSERT INTO bulletins(period,kind,date_from,date_to,window_to,generated_at,generated_by,"
		"new_achievements,new_demands,contracts,contract_amount_fen,published_achievements,"
		"published_demands,closing_demands,upcoming_events)"
		" VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) RETURNING id");
	const struct bulletin_figures *f = &b->fig;
	const int64_t figs[] = { f->new_achievements, f->new_demands, f->contracts,
	                         f->contract_amount_fen, f->published_achievements,
	                         f->published_demands, f->closing_demands, f->upcoming_events };
	int rc;
	if (!st)
		return TB_EDB;
	sq_bind_text(st, 1, b->period);
	sq_bind_text(st, 2, b->kind);
	sq_bind_text(st, 3, b->date_from);
	sq_bind_text(st, 4, b->date_to);
	sq_bind_text(st, 5, b->window_to);
	sq_bind_text(st, 6, b->generated_at);
	sq_bind_text(st, 7, b->generated_by);
	for (int i = 0; i < 8; i++)
		sqs_bind_int64(st, 8 + i, figs[i]);
	/* a second bulletin for the period: TB_ECONFLICT (the UNIQUE period) */
	if ((rc = sq_insert_id(q, st, &b->id)))
		return rc;
	if (!(st = sq_prep(q, "INSERT INTO bulletin_items(bulletin_id,seq,section,field,ref_id,"
	                      "title_zh,title_en,org,date) VALUES(?,?,?,?,?,?,?,?,?)")))
		return TB_EDB;
	for (int i = 0; i < b->n_items && !rc; i++) {
		const struct bulletin_item *x = &b->items[i];
		sqs_bind_int64(st, 1, b->id);
		sqs_bind_int(st, 2, i + 1);
		sq_bind_text(st, 3, x->section);
		sq_bind_text(st, 4, x->field);
		sqs_bind_int64(st, 5, x->ref_id);
		sq_bind_text(st, 6, x->title_zh);
		sq_bind_text(st, 7, x->title_en);
		sq_bind_text(st, 8, x->org);
		sq_bind_text(st, 9, x->date);
		rc = sq_rc(q, sqs_step(st));
		sqs_reset(st);
	}
	return rc;
}

#define BULLETIN_COLS "id,period,kind,date_from,date_to,window_to,generated_at,generated_by," \
	"new_achievements,new_demands,contracts,contract_amount_fen,published_achievements," \
	"published_demands,closing_demands,upcoming_events"

static void read_bulletin(struct arena *a, struct sqs *st, void *p)
{
	struct bulletin *b = p;
	int64_t *figs[] = { &b->fig.new_achievements, &b->fig.new_demands, &b->fig.contracts,
	                    &b->fig.contract_amount_fen, &b->fig.published_achievements,
	                    &b->fig.published_demands, &b->fig.closing_demands,
	                    &b->fig.upcoming_events };
	memset(b, 0, sizeof(*b));
	b->id = sqs_col_int64(st, 0);
	b->period = sq_col_text(a, st, 1);
	b->kind = sq_col_text(a, st, 2);
	b->date_from = sq_col_text(a, st, 3);
	b->date_to = sq_col_text(a, st, 4);
	b->window_to = sq_col_text(a, st, 5);
	b->generated_at = sq_col_text(a, st, 6);
	b->generated_by = sq_col_text(a, st, 7);
	for (int i = 0; i < 8; i++)
		*figs[i] = sqs_col_int64(st, 8 + i);
}

int sq_bulletin_get(struct store *s, struct arena *a, const char *period, struct bulletin *out)
{
	struct sq *q = SQ(s);
	static const char items[] = "SELECT section,field,ref_id,title_zh,title_en,org,date"
	                            " FROM bulletin_items WHERE bulletin_id=? ORDER BY seq";
	int rc = SQ_ONE(q, a, "SELECT " BULLETIN_COLS " FROM bulletins WHERE period=?", read_bulletin,
	                out, SQV_TEXT(period));
	if (rc)
		return rc;
	return SQ_SELECT(q, a, items, sizeof(struct bulletin_item), item_row, (void **)&out->items,
	                 &out->n_items, SQV_I64(out->id));
}

int sq_bulletin_list(struct store *s, struct arena *a, const char *kind, int limit,
                     struct bulletin **out, int *n)
{
	struct sq *q = SQ(s);
	struct sqs *st = sq_prep(q, "SELECT " BULLETIN_COLS " FROM bulletins"
	                              " WHERE (CAST(?1 AS TEXT) IS NULL OR kind=?1)"
	                              " ORDER BY date_from DESC, kind LIMIT ?2");
	struct bulletin *arr;
	int step, count = 0;
	*out = NULL;
	*n = 0;
	if (!st)
		return TB_EDB;
	if (limit <= 0 || !(arr = arena_alloc(a, sizeof(*arr) * (size_t)limit)))
		return limit <= 0 ? TB_EINVAL : TB_ENOMEM;
	sq_bind_text(st, 1, kind);
	sqs_bind_int(st, 2, limit);
	while (count < limit && (step = sqs_step(st)) == SQD_ROW)
		read_bulletin(a, st, &arr[count++]);
	sqs_reset(st);
	if (count < limit && step != SQD_DONE)
		return sq_rc(q, step);
	*out = arr;
	*n = count;
	return TB_OK;
}

int sq_bulletin_new_listings(struct store *s, struct arena *a, bool is_ach, const char *from,
                             const char *to, int max, struct bulletin_item **out, int *n)
{
	struct sq *q = SQ(s);
	const char *sql = is_ach
		? "SELECT 'new_achievement',x.field,x.id,x.title_zh,x.title_en,o.name,"
		  "substr(CAST(x.published_at AS TEXT),1,10) FROM achievements x JOIN orgs o ON o.id=x.owner_org_id"
		  " WHERE x.status='published' AND x.published_at>=?1 AND x.published_at<?2"
		  " ORDER BY coalesce(x.field,'') , x.published_at, x.id LIMIT ?3"
		: "SELECT 'new_demand',x.field,x.id,x.title_zh,x.title_en,o.name,"
		  "substr(CAST(x.published_at AS TEXT),1,10) FROM demands x JOIN orgs o ON o.id=x.org_id"
		  " WHERE x.status='published' AND x.published_at>=?1 AND x.published_at<?2"
		  " ORDER BY coalesce(x.field,''), x.published_at, x.id LIMIT ?3";
	return SQ_SELECT(q, a, sql, sizeof(struct bulletin_item), item_row, (void **)out, n,
	                 SQV_TEXT(from), SQV_TEXT(to), SQV_I64(max));
}

int sq_bulletin_closing_demands(struct store *s, struct arena *a, const char *from, const char *to,
                                int max, struct bulletin_item **out, int *n)
{
	struct sq *q = SQ(s);
	static const char sql[] =
		"SELECT 'closing_demand',x.field,x.id,x.title_zh,x.title_en,o.name,x.deadline"
		" FROM demands x JOIN orgs o ON o.id=x.org_id"
		" WHERE x.status='published' AND x.deadline>=?1 AND x.deadline<?2"
		" ORDER BY x.deadline, x.id LIMIT ?3";
	return SQ_SELECT(q, a, sql, sizeof(struct bulletin_item), item_row, (void **)out, n,
	                 SQV_TEXT(from), SQV_TEXT(to), SQV_I64(max));
}

int sq_bulletin_figures(struct store *s, const char *from, const char *to, const char *window_to,
                        struct bulletin_figures *out)
{
	struct sq *q = SQ(s);
	struct sqs *st = sq_prep(q,
		"SELECT"
		" (SELECT count(*) FROM achievements WHERE status='published'"
		"  AND published_at>=?1 AND published_at<?2),"
		" (SELECT count(*) FROM demands WHERE status='published'"
		"  AND published_at>=?1 AND published_at<?2),"
		" (SELECT count(*) FROM contracts WHERE status!='terminated'"
		"  AND signed_on>=?4 AND signed_on<?5),"
		" (SELECT coalesce(sum(amount_fen),0) FROM contracts WHERE status!='terminated'"
		"  AND signed_on>=?4 AND signed_on<?5),"
		" (SELECT count(*) FROM achievements WHERE status='published'),"
		" (SELECT count(*) FROM demands WHERE status='published'),"
		" (SELECT count(*) FROM demands WHERE status='published'"
		"  AND deadline>=?6 AND deadline<?3),"
		" (SELECT count(*) FROM events WHERE status='planned'"
		"  AND starts_on>=?7 AND starts_on<?8)");
	int step;
	if (!st)
		return TB_EDB;
	sq_bind_text(st, 1, from);
	sq_bind_text(st, 2, to);
	sq_bind_text(st, 3, window_to);
	/* The same dates again under their own numbers: PostgreSQL gives a
	 * parameter one type, and published_at is an instant (timestamptz)
	 * while signed_on, deadline and starts_on are calendar dates (TEXT). */
	sq_bind_text(st, 4, from);
	sq_bind_text(st, 5, to);
	sq_bind_text(st, 6, to);
	sq_bind_text(st, 7, to);
	sq_bind_text(st, 8, window_to);
	memset(out, 0, sizeof(*out));
	if ((step = sqs_step(st)) == SQD_ROW) {
		out->new_achievements = sqs_col_int64(st, 0);
		out->new_demands = sqs_col_int64(st, 1);
		out->contracts = sqs_col_int64(st, 2);
		out->contract_amount_fen = sqs_col_int64(st, 3);
		out->published_achievements = sqs_col_int64(st, 4);
		out->published_demands = sqs_col_int64(st, 5);
		out->closing_demands = sqs_col_int64(st, 6);
		out->upcoming_events = sqs_col_int64(st, 7);
	}
	sqs_reset(st);
	return step == SQD_ROW ? TB_OK : sq_rc(q, step);
}

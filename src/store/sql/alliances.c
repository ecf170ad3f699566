/* alliances.c - SQL persistence of the alliance and service-agency
 * registries (model/alliance.h; tables of migration 14): alliances with
 * members and activities, the substantive rule evaluated in SQL for a
 * year, the registry's totals; agency profiles with the enterprises they
 * served derived from cases (institution_id) and the contracts those cases
 * produced. Listings are one sq_page call each. */
#include "store/sql/sq.h"
#include "core/err.h"
#include <string.h>

#define AL_COLUMNS(X)                                                                            \
	X(name, TEXT, NULL) X(name_en, TEXT, NULL) X(field, TEXT, NULL) X(level, TEXT, NULL)       \
	X(city, TEXT, NULL) X(founded_on, TEXT, NULL) X(lead_org_id, I64, NULL)                    \
	X(description, TEXT, NULL)
#define AL_COL(n, t, d) SQ_COL(struct alliance, n, t, d),
static const struct sq_col al_cols[] = { AL_COLUMNS(AL_COL) };
#define NAL ((int)(sizeof(al_cols) / sizeof(al_cols[0])))

#define AL_MC "(SELECT count(*) FROM alliance_members m WHERE m.alliance_id=a.id)"
/* The substantive rule (docs/registries.md): at least three members, among
 * them a university or institute and an enterprise, and an activity held in
 * the year yr.y. */
#define AL_SUBST                                                                                 \
	"(" AL_MC ">=3 AND EXISTS (SELECT 1 FROM alliance_members m JOIN orgs o ON o.id=m.org_id"   \
	" WHERE m.alliance_id=a.id AND o.kind IN ('university','institute'))"                       \
	" AND EXISTS (SELECT 1 FROM alliance_members m JOIN orgs o ON o.id=m.org_id"               \
	" WHERE m.alliance_id=a.id AND o.kind='enterprise')"                                       \
	" AND EXISTS (SELECT 1 FROM alliance_activities v WHERE v.alliance_id=a.id"                \
	" AND CAST(substr(v.held_on,1,4) AS INTEGER)=yr.y))"
#define AL_SEL                                                                                   \
	"a.id,a.created_at,a.updated_at,(SELECT name FROM orgs WHERE id=a.lead_org_id)," AL_MC     \
	",(SELECT count(*) FROM alliance_activities v WHERE v.alliance_id=a.id),"                   \
	"CASE WHEN " AL_SUBST " THEN 1 ELSE 0 END,"      \
	AL_COLUMNS(SQ_COL_A) "1"

static void al_row(struct arena *a, struct sqs *st, void *out)
{
	struct alliance *x = out;
	memset(x, 0, sizeof(*x));
	x->id = sqs_col_int64(st, 0);
	x->created_at = sq_col_text(a, st, 1);
	x->updated_at = sq_col_text(a, st, 2);
	x->lead_name = sq_col_text(a, st, 3);
	x->member_count = sqs_col_int64(st, 4);
	x->activity_count = sqs_col_int64(st, 5);
	x->substantive = sqs_col_int(st, 6) != 0;
	sq_cols_read(a, st, 7, al_cols, NAL, x);
}

static int member_put(struct sq *q, int64_t alliance_id, const struct alliance_member *m)
{
	static const char sql[] =
		"INSERT INTO alliance_members(alliance_id,org_id,role,joined_on) VALUES(?,?,?,?)"
		" ON CONFLICT(alliance_id,org_id) DO UPDATE SET role=excluded.role,"
		" joined_on=coalesce(excluded.joined_on,alliance_members.joined_on)";
	return SQ_EXEC(q, sql, TB_OK, SQV_I64(alliance_id), SQV_I64(m->org_id), SQV_TEXT(m->role),
		SQV_TEXT(m->joined_on));
}

int sq_alliance_insert(struct store *s, struct alliance *x)
{
	static const char sql[] =
		"INSERT INTO alliances(" AL_COLUMNS(SQ_COL_NAME) "created_at,updated_at)"
		" VALUES(" AL_COLUMNS(SQ_COL_QM) "?,?) RETURNING id";
	struct sq *q = SQ(s);
	int rc;
	if ((rc = SQ_INSERT(q, sql, &x->id, SQV_COLS(al_cols, NAL, x), SQV_NOW, SQV_NOW)))
		return rc;
	for (int i = 0; i < x->nmembers; i++)
		if ((rc = member_put(q, x->id, &x->members[i])))
			return rc;
	return TB_OK;
}

int sq_alliance_member_put(struct store *s, int64_t alliance_id, const struct alliance_member *m)
{
	return member_put(SQ(s), alliance_id, m);
}

static void al_where(struct sqb *b, const void *v)
{
	const struct alliance_query *f = v;
	/* the year the substantive rule looks at, bound once for the row (sqb
	 * keeps pointers to text, so numbers go in as integers) */
	sqb_sql(b, " FROM alliances a, (SELECT CAST(");
	sqb_int(b, f->year > 0 && f->year < 10000 ? f->year : 0);
	sqb_sql(b, " AS INTEGER) AS y) yr WHERE 1=1");
#define EQ(col, val) if (val) { sqb_sql(b, " AND a." col "="); sqb_text(b, val); }
	EQ("field", f->field) EQ("level", f->level) EQ("city", f->city)
#undef EQ
	if (f->founded_to) {
		sqb_sql(b, " AND CAST(substr(a.founded_on,1,4) AS INTEGER)<=");
		sqb_int(b, f->founded_to);
	}
	if (f->member_org) {
		sqb_sql(b, " AND a.id IN (SELECT alliance_id FROM alliance_members WHERE org_id=");
		sqb_int(b, f->member_org);
		sqb_sql(b, ")");
	}
	if (f->substantive == 1)
		sqb_sql(b, " AND " AL_SUBST);
	else if (f->substantive == 0)
		sqb_sql(b, " AND NOT " AL_SUBST);
	sqb_and_name_like(b, "a.name", "a.name_en", f->q);
}

int sq_alliance_list(struct store *s, struct arena *a, const struct alliance_query *q,
                     struct alliance **out, int *n, int64_t *total)
{
	return sq_page(SQ(s), a, AL_SEL, "", al_where, q, "a.founded_on, a.id", q->limit, q->offset,
	               sizeof(struct alliance), al_row, (void **)out, n, total);
}

static void member_row(struct arena *a, struct sqs *st, void *p)
{
	struct alliance_member *m = p;
	m->org_id = sqs_col_int64(st, 0);
	m->role = sq_col_text(a, st, 1);
	m->joined_on = sq_col_text(a, st, 2);
	m->org_name = sq_col_text(a, st, 3);
	m->org_kind = sq_col_text(a, st, 4);
}

int sq_alliance_get(struct store *s, struct arena *a, int64_t id, int year, struct alliance *out)
{
	static const char msql[] =
		"SELECT m.org_id,m.role,m.joined_on,o.name,o.kind FROM alliance_members m"
		" JOIN orgs o ON o.id=m.org_id WHERE m.alliance_id=?"
		" ORDER BY CASE m.role WHEN 'lead' THEN 0 WHEN 'vice_lead' THEN 1 ELSE 2 END, m.org_id";
	struct alliance_query q = { 0 };
	struct alliance *rows;
	struct sq *sq = SQ(s);
	int n, rc;
	struct sqb b;
	q.year = year;
	q.substantive = -1;
	sqb_init(&b, sq);
	sqb_sql(&b, "SELECT " AL_SEL);
	al_where(&b, &q);
	sqb_sql(&b, " AND a.id=");
	sqb_int(&b, id);
	rc = sq_list(sq, a, &b, sizeof(struct alliance), 1, al_row, (void **)&rows, &n);
	sqb_release(&b);
	if (rc)
		return rc;
	if (n == 0)
		return TB_ENOTFOUND;
	*out = rows[0];
	/* every member (the array stopped at 1000 without a word) */
	return SQ_SELECT(sq, a, msql, sizeof(struct alliance_member), member_row,
	                 (void **)&out->members, &out->nmembers, SQV_I64(id));
}

int sq_alliance_stats(struct store *s, const struct alliance_query *f, struct alliance_stats *out)
{
	struct sq *q = SQ(s);
	struct sqb b;
	struct sqs *st;
	int rc, step;
	memset(out, 0, sizeof(*out));
	sqb_init(&b, q);
	sqb_sql(&b, "SELECT count(*), coalesce(sum(" AL_MC "),0), coalesce(sum(CASE WHEN " AL_SUBST " THEN 1 ELSE 0 END),0)");
	al_where(&b, f);
	rc = sqb_prepare(q, &b, &st);
	sqb_release(&b);
	if (rc)
		return rc;
	if ((step = sqs_step(st)) == SQD_ROW) {
		out->alliances = sqs_col_int64(st, 0);
		out->memberships = sqs_col_int64(st, 1);
		out->substantive = sqs_col_int64(st, 2);
	}
	rc = step == SQD_ROW ? TB_OK : sq_rc(q, step);
	sqs_finalize(st);
	if (rc)
		return rc;
	sqb_init(&b, q);
	sqb_sql(&b, "SELECT count(DISTINCT org_id) FROM alliance_members WHERE alliance_id IN"
	            " (SELECT a.id");
	al_where(&b, f);
	sqb_sql(&b, ")");
	rc = sq_count(q, &b, &out->member_orgs);
	sqb_release(&b);
	return rc;
}

int sq_alliance_activity_add(struct store *s, struct alliance_activity *v)
{
	static const char sql[] =
		"INSERT INTO alliance_activities(alliance_id,held_on,title) VALUES(?,?,?) RETURNING id";
	return SQ_INSERT(SQ(s), sql, &v->id, SQV_I64(v->alliance_id), SQV_TEXT(v->held_on),
		SQV_TEXT(v->title));
}

static void activity_row(struct arena *a, struct sqs *st, void *p)
{
	struct alliance_activity *v = p;
	v->id = sqs_col_int64(st, 0);
	v->alliance_id = sqs_col_int64(st, 1);
	v->held_on = sq_col_text(a, st, 2);
	v->title = sq_col_text(a, st, 3);
}

/* A facet row: key, count (sq_agency_counts). */
static void count_row(struct arena *a, struct sqs *st, void *p)
{
	struct agency_count *c = p;
	c->key = sq_col_text(a, st, 0);
	c->count = sqs_col_int64(st, 1);
}

int sq_alliance_activities(struct store *s, struct arena *a, int64_t alliance_id,
                           struct alliance_activity **out, int *n)
{
	static const char sql[] =
		"SELECT id,alliance_id,held_on,title FROM alliance_activities WHERE alliance_id=?"
		" ORDER BY held_on DESC, id DESC LIMIT 500";
	return SQ_SELECT(SQ(s), a, sql, sizeof(struct alliance_activity), activity_row, (void **)out,
	                 n, SQV_I64(alliance_id));
}

/* ---- service agencies ---- */

#define AG_COLUMNS(X)                                                                            \
	X(level, TEXT, NULL) X(year, INT, NULL) X(services, TEXT, NULL) X(regions, TEXT, NULL)    \
	X(description, TEXT, NULL)
#define AG_COL(n, t, d) SQ_COL(struct agency, n, t, d),
static const struct sq_col ag_cols[] = { AG_COLUMNS(AG_COL) };
#define NAG ((int)(sizeof(ag_cols) / sizeof(ag_cols[0])))
#define SQ_COL_P(n, t, d) "p." #n ","
/* Enterprises served: parties of the cases the agency's brokers ran and of
 * the contracts those cases produced (docs/registries.md). */
#define AG_CLIENTS(ORG)                                                                          \
	"SELECT seeker_org_id FROM cases WHERE institution_id=" ORG                                \
	" UNION SELECT owner_org_id FROM cases WHERE institution_id=" ORG                          \
	" UNION SELECT k.buyer_org_id FROM cases c JOIN contracts k ON k.id=c.contract_id"         \
	" WHERE c.institution_id=" ORG                                                              \
	" UNION SELECT k.seller_org_id FROM cases c JOIN contracts k ON k.id=c.contract_id"        \
	" WHERE c.institution_id=" ORG
#define AG_SEL                                                                                   \
	"p.org_id,o.name,o.name_en,o.kind,o.city,o.district,p.updated_at,"                          \
	"(SELECT count(*) FROM orgs e WHERE e.kind='enterprise' AND e.id IN (" AG_CLIENTS("p.org_id") \
	"))," AG_COLUMNS(SQ_COL_P) "1"

static void ag_row(struct arena *a, struct sqs *st, void *out)
{
	struct agency *x = out;
	memset(x, 0, sizeof(*x));
	x->org_id = sqs_col_int64(st, 0);
	x->name = sq_col_text(a, st, 1);
	x->name_en = sq_col_text(a, st, 2);
	x->org_kind = sq_col_text(a, st, 3);
	x->city = sq_col_text(a, st, 4);
	x->district = sq_col_text(a, st, 5);
	x->updated_at = sq_col_text(a, st, 6);
	x->served = sqs_col_int64(st, 7);
	sq_cols_read(a, st, 8, ag_cols, NAG, x);
}

int sq_agency_put(struct store *s, const struct agency *x)
{
	static const char sql[] =
		"INSERT INTO agency_profiles(org_id," AG_COLUMNS(SQ_COL_NAME) "updated_at)"
		" VALUES(?," AG_COLUMNS(SQ_COL_QM) "?) ON CONFLICT(org_id) DO UPDATE SET"
		" level=excluded.level,year=excluded.year,services=excluded.services,"
		"regions=excluded.regions,description=excluded.description,updated_at=excluded.updated_at";
	struct sq *q = SQ(s);
	int rc;
	rc = SQ_EXEC(q, sql, TB_OK, SQV_I64(x->org_id), SQV_COLS(ag_cols, NAG, x), SQV_NOW);
	return rc;
}

/* One element of a comma-separated list equals v. */
static void list_has(struct sqb *b, const char *col, const char *v)
{
	sqb_sql(b, " AND (',' || ");
	sqb_sql(b, col);
	sqb_sql(b, " || ',') LIKE ('%,' || CAST(");
	sqb_text(b, v);
	sqb_sql(b, " AS TEXT) || ',%')");
}

static void ag_where(struct sqb *b, const void *v)
{
	const struct agency_query *f = v;
	sqb_sql(b, " FROM agency_profiles p JOIN orgs o ON o.id=p.org_id WHERE 1=1");
	if (f->service)
		list_has(b, "p.services", f->service);
	if (f->region)
		list_has(b, "p.regions", f->region);
	sqb_and_text(b, " AND o.city=", f->city);
	sqb_and_text(b, " AND o.district=", f->district);
	if (f->year_to) {
		sqb_sql(b, " AND p.year<=");
		sqb_int(b, f->year_to);
	}
	sqb_and_name_like(b, "o.name", "o.name_en", f->q);
}

int sq_agency_list(struct store *s, struct arena *a, const struct agency_query *q,
                   struct agency **out, int *n, int64_t *total)
{
	return sq_page(SQ(s), a, AG_SEL, "", ag_where, q, "p.year, p.org_id", q->limit, q->offset,
	               sizeof(struct agency), ag_row, (void **)out, n, total);
}

int sq_agency_get(struct store *s, struct arena *a, int64_t org_id, struct agency *out)
{
	struct agency_query q = { 0 };
	struct agency *rows;
	struct sqb b;
	int n, rc;
	sqb_init(&b, SQ(s));
	sqb_sql(&b, "SELECT " AG_SEL);
	ag_where(&b, &q);
	sqb_sql(&b, " AND p.org_id=");
	sqb_int(&b, org_id);
	rc = sq_list(SQ(s), a, &b, sizeof(struct agency), 1, ag_row, (void **)&rows, &n);
	sqb_release(&b);
	if (!rc && n == 0)
		rc = TB_ENOTFOUND;
	if (!rc)
		*out = rows[0];
	return rc;
}

int sq_agency_counts(struct store *s, struct arena *a, const char *by, const struct agency_query *f,
                     struct agency_count **out, int *n)
{
	struct sq *q = SQ(s);
	struct sqb b;
	int rc;
	sqb_init(&b, q);
	/* `by` picks one of these fixed expressions, never caller text */
	if (!strcmp(by, "service")) {
		/* one row per offered service: the services are a fixed name table */
		sqb_sql(&b, "SELECT s.key, count(*) FROM (");
		for (int i = 0; agency_services[i].key; i++) {
			sqb_sql(&b, i ? " UNION ALL SELECT CAST(" : "SELECT CAST(");
			sqb_text(&b, agency_services[i].key);
			sqb_sql(&b, " AS TEXT) AS key");
		}
		sqb_sql(&b, ") s, agency_profiles p2 JOIN orgs o2 ON o2.id=p2.org_id"
		            " WHERE (',' || p2.services || ',') LIKE ('%,' || s.key || ',%')"
		            " AND p2.org_id IN (SELECT p.org_id");
		ag_where(&b, f);
		sqb_sql(&b, ") GROUP BY 1 ORDER BY 2 DESC, 1");
	} else if (!strcmp(by, "city") || !strcmp(by, "district") || !strcmp(by, "year")) {
		sqb_sql(&b, !strcmp(by, "city")       ? "SELECT coalesce(o.city,''), count(*)"
		            : !strcmp(by, "district") ? "SELECT coalesce(o.district,''), count(*)"
		                                      : "SELECT CAST(p.year AS TEXT), count(*)");
		ag_where(&b, f);
		sqb_sql(&b, " GROUP BY 1 ORDER BY 2 DESC, 1");
	} else {
		sqb_release(&b);
		return TB_EINVAL;
	}
	rc = sq_list(q, a, &b, sizeof(struct agency_count), SQ_MAX_FACETS, count_row, (void **)out, n);
	sqb_release(&b);
	return rc;
}

static void client_row(struct arena *a, struct sqs *st, void *p)
{
	struct agency_client *c = p;
	c->org_id = sqs_col_int64(st, 0);
	c->name = sq_col_text(a, st, 1);
	c->cases = sqs_col_int64(st, 2);
	c->contracts = sqs_col_int64(st, 3);
}

int sq_agency_clients(struct store *s, struct arena *a, int64_t org_id, int max,
                      struct agency_client **out, int *n)
{
	static const char sql[] =
		"SELECT e.id, e.name,"
		" (SELECT count(*) FROM cases c WHERE c.institution_id=?1"
		"  AND (c.seeker_org_id=e.id OR c.owner_org_id=e.id)),"
		" (SELECT count(DISTINCT k.id) FROM cases c JOIN contracts k ON k.id=c.contract_id"
		"  WHERE c.institution_id=?1 AND (k.buyer_org_id=e.id OR k.seller_org_id=e.id))"
		" FROM orgs e WHERE e.kind='enterprise' AND e.id IN (" AG_CLIENTS("?1") ")"
		" ORDER BY 4 DESC, 3 DESC, e.id LIMIT ?2";
	if (max < 1)
		max = 1;
	return SQ_SELECT(SQ(s), a, sql, sizeof(struct agency_client), client_row, (void **)out, n,
	                 SQV_I64(org_id), SQV_I64(max));
}

/* test_store_conformance.c - the contract of every store operation
 * (store/store_ops.h), run against one backend chosen by URL: TB_STORE_URL
 * (e.g. "sqlite:/tmp/x.db", later "postgres://..."), default a fresh temporary
 * SQLite file per test. A new backend is done when this suite passes on it.
 *
 * Every test reaches the backend through a counting vtable generated from
 * STORE_OPS, and the last test fails naming any operation that no test
 * called: adding an operation to the list without a conformance case fails
 * `make test`. Tests only create rows with their own names and compare
 * counts before and after, so they also hold on a database that is not empty.
 *
 * Guards against: a backend that differs from SQLite in paging/total, filter,
 * status guard, overlap, expiry or upsert semantics, and operations added to
 * the store without a contract. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <pthread.h>
#include <time.h>
#include <cmocka.h>

#include "tmpdir.h"

#include "core/arena.h"
#include "core/err.h"
#include "model/region.h"
#include "store/store_impl.h"

/* ---- the counting vtable, generated from the one list of operations */

enum {
#define X(ret, name, params, args) OP_##name,
	STORE_OPS(X)
#undef X
	OP_COUNT
};
static const char *const op_names[] = {
#define X(ret, name, params, args) #name,
	STORE_OPS(X)
#undef X
};
static int op_calls[OP_COUNT];
static const struct store_ops *real_ops;

#define X(ret, name, params, args) \
	static ret count_##name params { op_calls[OP_##name]++; return real_ops->name args; }
STORE_OPS(X)
#undef X
static void count_close(struct store *s) { real_ops->close(s); }
static const char *count_errmsg(struct store *s) { return real_ops->errmsg(s); }
static struct store_ops counting_ops = {
	.name = "counting",
	.close = count_close,
	.errmsg = count_errmsg,
#define X(ret, name, params, args) .name = count_##name,
	STORE_OPS(X)
#undef X
};

/* ---- fixture: one store, one arena, two organisations */

struct fx {
	char path[512];
	struct store *st;
	struct arena a;
	int64_t uni, ent;   /* a university in 沈阳, an enterprise in 大连 */
	char tag[32];       /* unique per test: names created here contain it */
};

static const char *tagged(struct fx *f, const char *s)
{
	return arena_printf(&f->a, "%s-%s", s, f->tag);
}

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	const char *url = getenv("TB_STORE_URL");
	static int seq;
	struct org o;
	int applied;

	assert_non_null(f);
	snprintf(f->tag, sizeof(f->tag), "t%d-%d", (int)getpid(), ++seq);
	if (url && *url) {
		snprintf(f->path, sizeof(f->path), "%s", url);
	} else {
		snprintf(f->path, sizeof(f->path), "%s/tb-conf-%s.db", test_tmpdir(), f->tag);
		unlink(f->path);
	}
	assert_int_equal(store_open(f->path, &f->st), TB_OK);
	real_ops = f->st->ops;
	f->st->ops = &counting_ops;
	assert_int_equal(store_migrate(f->st, &applied), TB_OK);
	arena_init(&f->a, 16 << 20);
	memset(&o, 0, sizeof(o));
	o.name = tagged(f, "东北大学"); o.kind = "university"; o.city = "沈阳"; o.province = "辽宁";
	o.district = "浑南区";
	assert_int_equal(store_org_insert(f->st, &o), TB_OK);
	f->uni = o.id;
	memset(&o, 0, sizeof(o));
	o.name = tagged(f, "大连重工"); o.kind = "enterprise"; o.city = "大连"; o.province = "辽宁";
	assert_int_equal(store_org_insert(f->st, &o), TB_OK);
	f->ent = o.id;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	char p[530];
	arena_release(&f->a);
	store_close(f->st);
	if (!getenv("TB_STORE_URL") || !*getenv("TB_STORE_URL")) {
		unlink(f->path);
		snprintf(p, sizeof(p), "%s-wal", f->path); unlink(p);
		snprintf(p, sizeof(p), "%s-shm", f->path); unlink(p);
	}
	free(f);
	return 0;
}

/* ---- schema and transactions */

static void test_migrate_version_transactions(void **state)
{
	struct fx *f = *state;
	struct org o, got;
	int applied = -1, v = 0, v2 = 0;

	assert_int_equal(store_schema_version(f->st, &v), TB_OK);
	assert_true(v >= 4);
	/* migrate is idempotent: nothing left to apply, version unchanged */
	assert_int_equal(store_migrate(f->st, &applied), TB_OK);
	assert_int_equal(applied, 0);
	assert_int_equal(store_schema_version(f->st, &v2), TB_OK);
	assert_int_equal(v2, v);

	/* rollback drops the write, commit keeps it */
	memset(&o, 0, sizeof(o));
	o.name = tagged(f, "rolled back"); o.kind = "agency";
	assert_int_equal(store_begin(f->st), TB_OK);
	assert_int_equal(store_org_insert(f->st, &o), TB_OK);
	assert_int_equal(store_rollback(f->st), TB_OK);
	assert_int_equal(store_org_get(f->st, &f->a, o.id, &got), TB_ENOTFOUND);
	memset(&o, 0, sizeof(o));
	o.name = tagged(f, "committed"); o.kind = "agency";
	assert_int_equal(store_begin(f->st), TB_OK);
	assert_int_equal(store_org_insert(f->st, &o), TB_OK);
	assert_int_equal(store_commit(f->st), TB_OK);
	assert_int_equal(store_org_get(f->st, &f->a, o.id, &got), TB_OK);
	/* a rollback with no transaction open is not an error */
	assert_int_equal(store_rollback(f->st), TB_OK);

	/* bulk mode switches on and off; writes still work in between */
	assert_int_equal(store_bulk_mode(f->st, 1), TB_OK);
	memset(&o, 0, sizeof(o));
	o.name = tagged(f, "bulk"); o.kind = "agency";
	assert_int_equal(store_org_insert(f->st, &o), TB_OK);
	assert_int_equal(store_bulk_mode(f->st, 0), TB_OK);
	assert_int_equal(store_org_get(f->st, &f->a, o.id, &got), TB_OK);
}

/* ---- organisations */

static void test_orgs(void **state)
{
	struct fx *f = *state;
	struct org o, got, *rows;
	struct org_query q;
	int n;
	int64_t total;

	assert_int_equal(store_org_get(f->st, &f->a, f->uni, &got), TB_OK);
	assert_int_equal(got.id, f->uni);
	assert_string_equal(got.kind, "university");
	assert_string_equal(got.city, "沈阳");
	assert_string_equal(got.district, "浑南区");
	assert_non_null(got.created_at);
	assert_non_null(got.updated_at);

	got.name_en = "Northeastern University";
	got.region_code = "210112";
	assert_int_equal(store_org_update(f->st, &got), TB_OK);
	assert_int_equal(store_org_find_by_name(f->st, &f->a, got.name, &o), TB_OK);
	assert_int_equal(o.id, f->uni);
	assert_string_equal(o.name_en, "Northeastern University");
	assert_string_equal(o.region_code, "210112");
	assert_int_equal(store_org_find_by_name(f->st, &f->a, tagged(f, "nobody"), &o), TB_ENOTFOUND);
	assert_int_equal(store_org_get(f->st, &f->a, 99999999, &o), TB_ENOTFOUND);

	/* a duplicate name is a conflict */
	memset(&o, 0, sizeof(o));
	o.name = got.name; o.kind = "university";
	assert_int_equal(store_org_insert(f->st, &o), TB_ECONFLICT);

	/* filters, paging and the total of all matches */
	for (int i = 0; i < 3; i++) {
		memset(&o, 0, sizeof(o));
		o.name = tagged(f, arena_printf(&f->a, "page-%d", i)); o.kind = "institute";
		o.city = "鞍山";
		assert_int_equal(store_org_insert(f->st, &o), TB_OK);
	}
	memset(&q, 0, sizeof(q));
	q.kind = "institute"; q.city = "鞍山"; q.q = f->tag; q.limit = 2; q.offset = 0;
	assert_int_equal(store_org_list(f->st, &f->a, &q, &rows, &n, &total), TB_OK);
	assert_int_equal(total, 3);
	assert_int_equal(n, 2);
	q.offset = 2;
	assert_int_equal(store_org_list(f->st, &f->a, &q, &rows, &n, &total), TB_OK);
	assert_int_equal(total, 3);
	assert_int_equal(n, 1);
	assert_string_equal(rows[0].city, "鞍山");
}

/* ---- achievements and demands */

static struct achievement mk_ach(struct fx *f, const char *title, int trl, const char *status)
{
	struct achievement x;
	memset(&x, 0, sizeof(x));
	x.title_zh = tagged(f, title);
	x.trl = trl;
	x.price = 100000;
	x.field = "materials";
	x.ip_status = "granted";
	x.modes = MODE_TRANSFER | MODE_LICENCE;
	x.owner_org_id = f->uni;
	x.keywords = "镁合金,alloy";
	x.status = status;
	return x;
}

static void test_achievements(void **state)
{
	struct fx *f = *state;
	struct achievement x, got, *rows;
	struct catalog_query q;
	struct facet *fc;
	int n, nf;
	int64_t total;

	x = mk_ach(f, "镁合金", 6, "draft");
	assert_int_equal(store_achievement_insert(f->st, &x), TB_OK);
	assert_true(x.id > 0);
	assert_int_equal(store_achievement_get(f->st, &f->a, x.id, &got), TB_OK);
	assert_string_equal(got.title_zh, x.title_zh);
	assert_int_equal(got.trl, 6);
	assert_int_equal(got.modes, MODE_TRANSFER | MODE_LICENCE);
	assert_true(got.price == 100000);
	assert_string_equal(got.status, "draft");
	assert_null(got.published_at);           /* not published yet */
	assert_string_equal(got.city, "沈阳");    /* joined from the owner */
	assert_non_null(got.owner_name);

	got.trl = 7;
	got.title_en = "Magnesium alloy";
	assert_int_equal(store_achievement_update(f->st, &got), TB_OK);
	/* the expected status guards the change: a stale expectation changes nothing */
	assert_int_equal(store_achievement_set_status(f->st, x.id, "submitted", "published", NULL), TB_ESTATE);
	assert_int_equal(store_achievement_get(f->st, &f->a, x.id, &got), TB_OK);
	assert_string_equal(got.status, "draft");
	assert_int_equal(store_achievement_set_status(f->st, x.id, "draft", "published", NULL), TB_OK);
	assert_int_equal(store_achievement_get(f->st, &f->a, x.id, &got), TB_OK);
	assert_int_equal(got.trl, 7);
	assert_string_equal(got.title_en, "Magnesium alloy");
	assert_string_equal(got.status, "published");
	assert_non_null(got.published_at);        /* set when published */
	assert_int_equal(store_achievement_set_status(f->st, x.id, "published", "withdrawn", "dup"), TB_OK);
	assert_int_equal(store_achievement_get(f->st, &f->a, x.id, &got), TB_OK);
	assert_string_equal(got.review_note, "dup");
	assert_int_equal(store_achievement_set_status(f->st, 99999999, "draft", "published", NULL), TB_ENOTFOUND);
	assert_int_equal(store_achievement_get(f->st, &f->a, 99999999, &got), TB_ENOTFOUND);

	/* listing: published only by default, filters, sort, paging, total */
	for (int trl = 3; trl <= 6; trl++) {
		x = mk_ach(f, arena_printf(&f->a, "list-%d", trl), trl, "published");
		assert_int_equal(store_achievement_insert(f->st, &x), TB_OK);
	}
	x = mk_ach(f, "list-draft", 5, "draft");
	assert_int_equal(store_achievement_insert(f->st, &x), TB_OK);
	catalog_query_init(&q);
	q.q = f->tag; q.org_id = f->uni; q.sort = "trl"; q.trl_min = 4; q.limit = 2;
	assert_int_equal(store_achievement_list(f->st, &f->a, &q, &rows, &n, &total), TB_OK);
	assert_int_equal(total, 3);               /* trl 4, 5, 6 published */
	assert_int_equal(n, 2);
	assert_int_equal(rows[0].trl, 4);
	assert_int_equal(rows[1].trl, 5);
	q.offset = 2;
	assert_int_equal(store_achievement_list(f->st, &f->a, &q, &rows, &n, &total), TB_OK);
	assert_int_equal(n, 1);
	assert_int_equal(rows[0].trl, 6);
	q.offset = 0; q.status = "draft"; q.trl_min = -1;
	assert_int_equal(store_achievement_list(f->st, &f->a, &q, &rows, &n, &total), TB_OK);
	assert_int_equal(total, 1);

	/* facets: same filters, counts per value */
	catalog_query_init(&q);
	q.q = f->tag;
	assert_int_equal(store_achievement_facet(f->st, &f->a, "trl", &q, &fc, &nf), TB_OK);
	assert_int_equal(nf, 4);
	for (int i = 0; i < nf; i++)
		assert_int_equal(fc[i].count, 1);
	assert_int_equal(store_achievement_facet(f->st, &f->a, "field", &q, &fc, &nf), TB_OK);
	assert_int_equal(nf, 1);
	assert_string_equal(fc[0].value, "materials");
	assert_int_equal(fc[0].count, 4);
}

struct each_ctx { int n; int64_t last; int stop_at; };
static int fb_count_cb(void *ctx, const struct match_feedback *fb)
{
	struct each_ctx *c = ctx;
	assert_true(fb->id > c->last);
	c->last = fb->id;
	c->n++;
	return 0;
}
static int ach_cb(void *ctx, const struct achievement *x)
{
	struct each_ctx *c = ctx;
	assert_true(x->id > c->last);              /* id order */
	c->last = x->id;
	return ++c->n == c->stop_at ? 7 : 0;
}
static int dem_cb(void *ctx, const struct demand *x)
{
	struct each_ctx *c = ctx;
	assert_true(x->id > c->last);
	c->last = x->id;
	return ++c->n == c->stop_at ? 7 : 0;
}

static void test_each_streams(void **state)
{
	struct fx *f = *state;
	struct each_ctx c0 = { 0 }, c1 = { 0 }, c2 = { 0 };
	struct achievement x;
	int before_pub, before_all;

	assert_int_equal(store_achievement_each(f->st, "published", ach_cb, &c0), TB_OK);
	before_pub = c0.n;
	memset(&c0, 0, sizeof(c0));
	assert_int_equal(store_achievement_each(f->st, NULL, ach_cb, &c0), TB_OK);
	before_all = c0.n;
	for (int i = 0; i < 3; i++) {
		x = mk_ach(f, "each", 5, i ? "published" : "draft");
		assert_int_equal(store_achievement_insert(f->st, &x), TB_OK);
	}
	assert_int_equal(store_achievement_each(f->st, "published", ach_cb, &c1), TB_OK);
	assert_int_equal(c1.n, before_pub + 2);
	memset(&c0, 0, sizeof(c0));
	assert_int_equal(store_achievement_each(f->st, NULL, ach_cb, &c0), TB_OK);
	assert_int_equal(c0.n, before_all + 3);
	/* a callback's non-zero answer stops the stream and is returned */
	c2.stop_at = 1;
	assert_int_equal(store_achievement_each(f->st, NULL, ach_cb, &c2), 7);
	assert_int_equal(c2.n, 1);
	memset(&c2, 0, sizeof(c2));
	c2.stop_at = 1;
	{
		struct demand d;
		memset(&d, 0, sizeof(d));
		d.title_zh = tagged(f, "each demand"); d.org_id = f->ent; d.status = "draft";
		d.budget_min = d.budget_max = -1;
		assert_int_equal(store_demand_insert(f->st, &d), TB_OK);
	}
	assert_int_equal(store_demand_each(f->st, NULL, dem_cb, &c2), 7);
	memset(&c2, 0, sizeof(c2));
	assert_int_equal(store_demand_each(f->st, "draft", dem_cb, &c2), TB_OK);
	assert_true(c2.n >= 1);
}

static void test_demands(void **state)
{
	struct fx *f = *state;
	struct demand d, got, *rows;
	struct catalog_query q;
	int n;
	int64_t total;

	memset(&d, 0, sizeof(d));
	d.title_zh = tagged(f, "轧机智能化"); d.org_id = f->ent; d.status = "draft";
	d.budget_min = 500000; d.budget_max = 2000000; d.trl_min = 5; d.field = "manufacturing";
	d.deadline = "2027-06-30"; d.modes = MODE_CODEV;
	assert_int_equal(store_demand_insert(f->st, &d), TB_OK);
	assert_true(d.id > 0);
	assert_int_equal(store_demand_get(f->st, &f->a, d.id, &got), TB_OK);
	assert_string_equal(got.title_zh, d.title_zh);
	assert_true(got.budget_min == 500000 && got.budget_max == 2000000);
	assert_string_equal(got.deadline, "2027-06-30");
	assert_string_equal(got.city, "大连");
	assert_non_null(got.org_name);
	got.desc_zh = "需要";
	assert_int_equal(store_demand_update(f->st, &got), TB_OK);
	assert_int_equal(store_demand_set_status(f->st, d.id, "submitted", "published", NULL),
	                 TB_ESTATE);
	assert_int_equal(store_demand_set_status(f->st, d.id, got.status, "published", NULL), TB_OK);
	assert_int_equal(store_demand_get(f->st, &f->a, d.id, &got), TB_OK);
	assert_string_equal(got.desc_zh, "需要");
	assert_string_equal(got.status, "published");
	assert_non_null(got.published_at);
	assert_int_equal(store_demand_set_status(f->st, 99999999, "published", "closed", NULL), TB_ENOTFOUND);
	assert_int_equal(store_demand_get(f->st, &f->a, 99999999, &got), TB_ENOTFOUND);

	/* budget overlap: [1.5M, 3M] overlaps [0.5M, 2M]; [3M, 4M] does not */
	catalog_query_init(&q);
	q.q = f->tag; q.price_min = 1500000; q.price_max = 3000000;
	assert_int_equal(store_demand_list(f->st, &f->a, &q, &rows, &n, &total), TB_OK);
	assert_int_equal(total, 1);
	assert_int_equal(n, 1);
	assert_int_equal(rows[0].id, d.id);
	q.price_min = 3000000; q.price_max = 4000000;
	assert_int_equal(store_demand_list(f->st, &f->a, &q, &rows, &n, &total), TB_OK);
	assert_int_equal(total, 0);
	assert_int_equal(n, 0);
}

/* Every field of an achievement and a demand survives insert, get, update
 * and listing unchanged (guards the per-kind column description in the
 * SQLite backend: a column bound or read at the wrong position). */
static void test_catalog_fields_round_trip(void **state)
{
	struct fx *f = *state;
	struct achievement x, g, *rows;
	struct demand d, h;
	struct catalog_query q;
	int n;
	int64_t total;

	memset(&x, 0, sizeof(x));
	x.reg_no = "210202610001"; x.title_zh = tagged(f, "全字段"); x.title_en = "All fields";
	x.abstract_zh = "摘要"; x.abstract_en = "abstract"; x.keywords = "k1,k2"; x.field = "energy";
	x.trl = 8; x.ip_status = "pending"; x.patents = "CN1,CN2"; x.modes = MODE_EQUITY | MODE_SERVICE;
	x.price = 1234.5; x.owner_org_id = f->uni; x.contact_name = "Li"; x.contact_email = "li@x.cn";
	x.contact_phone = "024-1"; x.status = "submitted"; x.created_at = "2029-01-02T03:04:05Z";
	x.attribute = "imported_absorbed";
	assert_int_equal(store_achievement_insert(f->st, &x), TB_OK);
	assert_int_equal(store_achievement_get(f->st, &f->a, x.id, &g), TB_OK);
	assert_string_equal(g.reg_no, x.reg_no);
	assert_string_equal(g.title_zh, x.title_zh);
	assert_string_equal(g.title_en, x.title_en);
	assert_string_equal(g.abstract_zh, x.abstract_zh);
	assert_string_equal(g.abstract_en, x.abstract_en);
	assert_string_equal(g.keywords, x.keywords);
	assert_string_equal(g.field, x.field);
	assert_int_equal(g.trl, 8);
	assert_string_equal(g.ip_status, "pending");
	assert_string_equal(g.patents, x.patents);
	assert_string_equal(g.attribute, "imported_absorbed");
	assert_int_equal(g.modes, MODE_EQUITY | MODE_SERVICE);
	assert_true(g.price == 1234.5);
	assert_int_equal(g.owner_org_id, f->uni);
	assert_string_equal(g.contact_name, x.contact_name);
	assert_string_equal(g.contact_email, x.contact_email);
	assert_string_equal(g.contact_phone, x.contact_phone);
	assert_string_equal(g.status, "submitted");
	assert_null(g.review_note);
	assert_string_equal(g.created_at, x.created_at);   /* kept from the caller (import) */
	assert_string_equal(g.updated_at, x.created_at);   /* defaults to created_at */
	assert_null(g.published_at);                       /* submitted: not public */
	assert_string_equal(g.city, "沈阳");
	assert_string_equal(g.province, "辽宁");
	/* ip_status absent: stored as "none" */
	g.ip_status = NULL; g.price = PRICE_NEGOTIABLE;
	assert_int_equal(store_achievement_update(f->st, &g), TB_OK);
	assert_int_equal(store_achievement_get(f->st, &f->a, x.id, &g), TB_OK);
	assert_string_equal(g.ip_status, "none");
	assert_true(g.price == PRICE_NEGOTIABLE);
	assert_string_not_equal(g.updated_at, x.created_at);
	catalog_query_init(&q);
	q.q = f->tag; q.status = "submitted";
	assert_int_equal(store_achievement_list(f->st, &f->a, &q, &rows, &n, &total), TB_OK);
	assert_int_equal(n, 1);
	assert_string_equal(rows[0].patents, x.patents);
	assert_string_equal(rows[0].contact_phone, x.contact_phone);
	assert_string_equal(rows[0].owner_name, g.owner_name);

	memset(&d, 0, sizeof(d));
	d.title_zh = tagged(f, "全字段需求"); d.title_en = "All"; d.desc_zh = "描述"; d.desc_en = "desc";
	d.keywords = "k"; d.field = "it"; d.budget_min = -1; d.budget_max = 300000;
	d.deadline = "2029-12-31"; d.trl_min = 4; d.modes = MODE_TRANSFER; d.org_id = f->ent;
	d.region = "沈阳"; d.contact_name = "Wang"; d.contact_email = "w@x.cn"; d.contact_phone = "0411";
	d.status = "published";
	assert_int_equal(store_demand_insert(f->st, &d), TB_OK);
	assert_int_equal(store_demand_get(f->st, &f->a, d.id, &h), TB_OK);
	assert_string_equal(h.title_en, "All");
	assert_string_equal(h.desc_zh, "描述");
	assert_string_equal(h.desc_en, "desc");
	assert_string_equal(h.keywords, "k");
	assert_string_equal(h.field, "it");
	assert_true(h.budget_min == -1);                   /* not stated: NULL, read back as -1 */
	assert_true(h.budget_max == 300000);
	assert_string_equal(h.deadline, "2029-12-31");
	assert_int_equal(h.trl_min, 4);
	assert_int_equal(h.modes, MODE_TRANSFER);
	assert_int_equal(h.org_id, f->ent);
	assert_string_equal(h.region, "沈阳");
	assert_string_equal(h.contact_name, "Wang");
	assert_string_equal(h.contact_email, "w@x.cn");
	assert_string_equal(h.contact_phone, "0411");
	assert_string_equal(h.status, "published");
	assert_non_null(h.published_at);                   /* published on insert */
	assert_string_equal(h.published_at, h.created_at);
	assert_string_equal(h.city, "大连");
	assert_non_null(h.org_name);
}

/* ---- accounts: users, links, credentials, failed logins, audit */

static void test_users(void **state)
{
	struct fx *f = *state;
	struct user u, got, *rows;
	struct user_query q;
	int64_t *orgs;
	int n, linked = -1;
	int64_t total;

	memset(&u, 0, sizeof(u));
	u.email = tagged(f, "member@example.cn"); u.name = "M"; u.org_id = f->uni; u.role = "member";
	u.pw_hash = "$argon2id$x";
	assert_int_equal(store_user_insert(f->st, &u), TB_OK);
	assert_true(u.id > 0);
	assert_int_equal(store_user_insert(f->st, &u), TB_ECONFLICT);   /* same email */
	assert_int_equal(store_user_get(f->st, &f->a, u.id, &got), TB_OK);
	assert_string_equal(got.email, u.email);
	assert_string_equal(got.role, "member");
	assert_string_equal(got.pw_hash, "$argon2id$x");
	assert_non_null(got.org_name);
	got.role = "org_admin"; got.name = "Org Admin";
	assert_int_equal(store_user_update(f->st, &got), TB_OK);
	assert_int_equal(store_user_set_password(f->st, u.id, "$argon2id$y"), TB_OK);
	assert_int_equal(store_user_find_by_email(f->st, &f->a, u.email, &got), TB_OK);
	assert_int_equal(got.id, u.id);
	assert_string_equal(got.role, "org_admin");
	assert_string_equal(got.pw_hash, "$argon2id$y");
	assert_int_equal(store_user_find_by_email(f->st, &f->a, tagged(f, "nobody@x.cn"), &got),
	                 TB_ENOTFOUND);
	assert_int_equal(store_user_get(f->st, &f->a, 99999999, &got), TB_ENOTFOUND);

	memset(&q, 0, sizeof(q));
	q.org_id = f->uni; q.role = "org_admin"; q.limit = 10;
	assert_int_equal(store_user_list(f->st, &f->a, &q, &rows, &n, &total), TB_OK);
	assert_int_equal(total, 1);
	assert_int_equal(n, 1);
	assert_int_equal(rows[0].id, u.id);

	/* broker links: idempotent, listed in org order */
	assert_int_equal(store_user_org_linked(f->st, u.id, f->ent, &linked), TB_OK);
	assert_int_equal(linked, 0);
	assert_int_equal(store_user_org_link(f->st, u.id, f->ent), TB_OK);
	assert_int_equal(store_user_org_link(f->st, u.id, f->ent), TB_OK);
	assert_int_equal(store_user_org_link(f->st, u.id, f->uni), TB_OK);
	assert_int_equal(store_user_org_linked(f->st, u.id, f->ent, &linked), TB_OK);
	assert_int_equal(linked, 1);
	assert_int_equal(store_user_org_list(f->st, &f->a, u.id, &orgs, &n), TB_OK);
	assert_int_equal(n, 2);
	assert_true(orgs[0] < orgs[1]);
}

static void test_credentials(void **state)
{
	struct fx *f = *state;
	struct user u;
	struct credential c, got, *rows;
	int64_t ids[3];
	int n, deleted = -1;

	memset(&u, 0, sizeof(u));
	u.email = tagged(f, "cred@example.cn"); u.role = "admin"; u.pw_hash = "h";
	assert_int_equal(store_user_insert(f->st, &u), TB_OK);
	for (int i = 0; i < 3; i++) {
		memset(&c, 0, sizeof(c));
		c.user_id = u.id; c.kind = i == 2 ? "api" : "session";
		c.token_hash = tagged(f, arena_printf(&f->a, "hash%d", i));
		c.csrf = "csrf"; c.name = i == 2 ? "ci" : NULL;
		c.created_at = 1000; c.expires_at = i == 1 ? 1500 : 5000;
		assert_int_equal(store_credential_insert(f->st, &c), TB_OK);
		assert_true(c.id > 0);
		ids[i] = c.id;
	}
	/* expiry: found before expires_at, TB_ENOTFOUND from then on */
	assert_int_equal(store_credential_find(f->st, &f->a, tagged(f, "hash1"), 1499, &got), TB_OK);
	assert_int_equal(got.id, ids[1]);
	assert_string_equal(got.csrf, "csrf");
	assert_int_equal(got.expires_at, 1500);
	assert_int_equal(store_credential_find(f->st, &f->a, tagged(f, "hash1"), 1500, &got), TB_ENOTFOUND);
	/* list: one kind, live ones only */
	assert_int_equal(store_credential_list(f->st, &f->a, u.id, "session", 1600, &rows, &n), TB_OK);
	assert_int_equal(n, 1);
	assert_int_equal(rows[0].id, ids[0]);
	assert_int_equal(store_credential_list(f->st, &f->a, u.id, "api", 1600, &rows, &n), TB_OK);
	assert_int_equal(n, 1);
	assert_string_equal(rows[0].name, "ci");
	/* purge drops expired rows for good (even asked with an earlier clock) */
	assert_int_equal(store_credential_purge(f->st, 1600), TB_OK);
	assert_int_equal(store_credential_find(f->st, &f->a, tagged(f, "hash1"), 0, &got), TB_ENOTFOUND);
	assert_int_equal(store_credential_find(f->st, &f->a, tagged(f, "hash0"), 0, &got), TB_OK);
	/* delete: only the owner's; another user's id is TB_ENOTFOUND */
	assert_int_equal(store_credential_delete(f->st, u.id + 1000000, ids[2]), TB_ENOTFOUND);
	assert_int_equal(store_credential_delete(f->st, u.id, ids[2]), TB_OK);
	assert_int_equal(store_credential_delete(f->st, u.id, ids[2]), TB_ENOTFOUND);
	/* delete all but one (log out everywhere else) */
	memset(&c, 0, sizeof(c));
	c.user_id = u.id; c.kind = "session"; c.token_hash = tagged(f, "hash3");
	c.created_at = 1000; c.expires_at = 5000;
	assert_int_equal(store_credential_insert(f->st, &c), TB_OK);
	assert_int_equal(store_credential_delete_user(f->st, u.id, ids[0], &deleted), TB_OK);
	assert_int_equal(deleted, 1);
	assert_int_equal(store_credential_find(f->st, &f->a, tagged(f, "hash0"), 0, &got), TB_OK);
	assert_int_equal(store_credential_find(f->st, &f->a, tagged(f, "hash3"), 0, &got), TB_ENOTFOUND);
}

/* Atomic throttling: a charge records one failure per key unless any key is
 * at its limit (then nothing is recorded and the oldest failure is named);
 * uncharge takes a charge back; clear forgets a key; old rows are ignored. */
static void test_login_failures(void **state)
{
	struct fx *f = *state;
	const char *keys[2] = { tagged(f, "account:x@example.cn"), tagged(f, "ip:10.0.0.1") };
	const int max[2] = { 3, 5 };
	int64_t ids[2], blocked = -1, now = 1700000000, first_ids[2];
	int known = -1;

	assert_int_equal(store_login_charge(f->st, keys, max, 2, now - 60, now - 100, &blocked, ids),
	                 TB_OK);                               /* outside the window later */
	assert_int_equal(blocked, 0);
	for (int i = 0; i < 3; i++) {
		assert_int_equal(store_login_charge(f->st, keys, max, 2, now - 60, now - 50 + i, &blocked,
		                                    ids), TB_OK);
		assert_int_equal(blocked, 0);
		if (i == 0)
			memcpy(first_ids, ids, sizeof(ids));
	}
	/* the account key holds 3 in the window: blocked, nothing recorded */
	assert_int_equal(store_login_charge(f->st, keys, max, 2, now - 60, now, &blocked, ids), TB_OK);
	assert_int_equal(blocked, now - 50);
	/* a correct password takes its charge back: one slot frees */
	assert_int_equal(store_login_uncharge(f->st, first_ids, 2), TB_OK);
	assert_int_equal(store_login_charge(f->st, keys, max, 2, now - 60, now, &blocked, ids), TB_OK);
	assert_int_equal(blocked, 0);
	assert_int_equal(store_login_charge(f->st, keys, max, 2, now - 60, now, &blocked, ids), TB_OK);
	assert_true(blocked > 0);
	/* clearing the account key leaves the address key's count */
	assert_int_equal(store_login_fail_clear(f->st, keys[0]), TB_OK);
	assert_int_equal(store_login_charge(f->st, keys, max, 2, now - 60, now, &blocked, ids), TB_OK);
	assert_int_equal(blocked, 0);                          /* ip: 3 of 5 before this one */
	assert_int_equal(store_login_charge(f->st, keys, max, 2, now - 60, now, &blocked, ids), TB_OK);
	assert_int_equal(blocked, 0);                          /* ip: the 5th */
	assert_int_equal(store_login_charge(f->st, keys, max, 2, now - 60, now, &blocked, ids), TB_OK);
	assert_int_equal(blocked, now - 49);                   /* ip reached 5: its oldest in window */

	struct user u;
	memset(&u, 0, sizeof(u));
	u.email = tagged(f, "device@example.cn"); u.name = "D"; u.org_id = f->uni; u.role = "member";
	u.pw_hash = "$argon2id$x";
	assert_int_equal(store_user_insert(f->st, &u), TB_OK);
	assert_int_equal(store_device_known(f->st, u.id, tagged(f, "dev"), &known), TB_OK);
	assert_int_equal(known, 0);
	assert_int_equal(store_device_add(f->st, u.id, tagged(f, "dev"), now), TB_OK);
	assert_int_equal(store_device_known(f->st, u.id, tagged(f, "dev"), &known), TB_OK);
	assert_int_equal(known, 1);
	assert_int_equal(store_device_known(f->st, u.id + 1, tagged(f, "dev"), &known), TB_OK);
	assert_int_equal(known, 0);                            /* per account */
}

static int audit_cb(void *ctx, const struct audit_entry *e)
{
	(*(int *)ctx)++;
	assert_string_equal(e->resource, "conformance");
	return 0;
}

static void test_audit(void **state)
{
	struct fx *f = *state;
	struct audit_entry e, *rows;
	struct audit_query q;
	int n, seen = 0;
	int64_t total;
	const char *action = tagged(f, "probe");

	for (int i = 0; i < 3; i++) {
		memset(&e, 0, sizeof(e));
		e.at = arena_printf(&f->a, "2026-01-0%dT00:00:00Z", i + 1);
		e.user_id = 0; e.action = action; e.resource = "conformance"; e.resource_id = i + 1;
		e.outcome = i == 2 ? "deny" : "ok"; e.client_ip = "127.0.0.1"; e.detail = "d";
		assert_int_equal(store_audit_append(f->st, &e), TB_OK);
	}
	memset(&q, 0, sizeof(q));
	q.action = action; q.limit = 2;
	assert_int_equal(store_audit_list(f->st, &f->a, &q, &rows, &n, &total), TB_OK);
	assert_int_equal(total, 3);
	assert_int_equal(n, 2);
	assert_int_equal(rows[0].resource_id, 3);   /* newest first */
	assert_string_equal(rows[0].outcome, "deny");
	q.outcome = "ok"; q.limit = 10;
	assert_int_equal(store_audit_list(f->st, &f->a, &q, &rows, &n, &total), TB_OK);
	assert_int_equal(total, 2);
	q.outcome = NULL; q.since = "2026-01-02";
	assert_int_equal(store_audit_each(f->st, &q, audit_cb, &seen), TB_OK);
	assert_int_equal(seen, 2);
}

/* ---- instruments, bookings, qualifications */

static struct instrument mk_instr(struct fx *f, const char *name, double value)
{
	struct instrument x;
	memset(&x, 0, sizeof(x));
	x.org_id = f->uni;
	x.name_zh = tagged(f, name);
	x.category = tagged(f, "electron_microscope");
	x.services = "staff_operated";
	x.fee_unit = "hour";
	x.rate_internal = 100; x.rate_academic = 200; x.rate_enterprise = 400;
	x.hours = "08:00-18:00,08:00-18:00,08:00-18:00,08:00-18:00,08:00-18:00,-,-";
	x.min_slot_min = 30; x.max_slot_min = 480;
	x.lead_hours = 0; x.cancel_hours = 0; x.offer_hours = 24;
	x.status = "available";
	x.value = value;
	return x;
}

static struct booking mk_booking(int64_t instr, int64_t org, const char *start, const char *end,
                                 const char *status)
{
	struct booking b;
	memset(&b, 0, sizeof(b));
	b.instrument_id = instr; b.org_id = org; b.user_class = "enterprise";
	b.service = "staff_operated"; b.start_at = start; b.end_at = end; b.status = status;
	return b;
}

static int create(struct fx *f, struct booking *b)
{
	int rc;
	assert_int_equal(store_begin(f->st), TB_OK);
	rc = store_booking_create(f->st, b);
	if (rc)
		assert_int_equal(store_rollback(f->st), TB_OK);
	else
		assert_int_equal(store_commit(f->st), TB_OK);
	return rc;
}

#define T(d, h) "2030-03-" d "T" h ":00:00+08:00"

static void test_instruments(void **state)
{
	struct fx *f = *state;
	struct instrument x, y, got, *rows;
	struct instr_query q;
	int64_t n0, i0, k0, n1, i1, k1, total;
	int n;

	assert_int_equal(store_instrument_counts(f->st, &n0, &i0, &k0), TB_OK);
	x = mk_instr(f, "场发射电镜", 2000000);
	assert_int_equal(store_instrument_insert(f->st, &x), TB_OK);
	assert_true(x.id > 0);
	y = mk_instr(f, "小型离心机", 20000);
	assert_int_equal(store_instrument_insert(f->st, &y), TB_OK);
	assert_int_equal(store_instrument_get(f->st, &f->a, x.id, &got), TB_OK);
	assert_string_equal(got.name_zh, x.name_zh);
	assert_int_equal(got.max_slot_min, 480);
	assert_true(got.rate_enterprise == 400);
	assert_non_null(got.org_name);
	got.model = "JSM-7900F"; got.status = "maintenance";
	assert_int_equal(store_instrument_update(f->st, &got), TB_OK);
	assert_int_equal(store_instrument_get(f->st, &f->a, x.id, &got), TB_OK);
	assert_string_equal(got.model, "JSM-7900F");
	assert_string_equal(got.status, "maintenance");
	assert_int_equal(store_instrument_get(f->st, &f->a, 99999999, &got), TB_ENOTFOUND);

	/* counts: not retired; institutions distinct; >= 500,000 yuan */
	assert_int_equal(store_instrument_counts(f->st, &n1, &i1, &k1), TB_OK);
	assert_int_equal(n1 - n0, 2);
	assert_int_equal(k1 - k0, 1);
	assert_true(i1 >= 1);

	memset(&q, 0, sizeof(q));
	q.category = x.category; q.value_min = -1; q.limit = 1;
	assert_int_equal(store_instrument_list(f->st, &f->a, &q, &rows, &n, &total), TB_OK);
	assert_int_equal(total, 2);
	assert_int_equal(n, 1);
	q.limit = 10; q.value_min = 100000;
	assert_int_equal(store_instrument_list(f->st, &f->a, &q, &rows, &n, &total), TB_OK);
	assert_int_equal(total, 1);
	assert_int_equal(rows[0].id, x.id);
	q.value_min = -1; q.status = "available";
	assert_int_equal(store_instrument_list(f->st, &f->a, &q, &rows, &n, &total), TB_OK);
	assert_int_equal(total, 1);
	assert_int_equal(rows[0].id, y.id);
}

/* Every field of an instrument survives insert, get, update and listing
 * (guards the instruments column list of the SQLite backend). */
static void test_instrument_fields_round_trip(void **state)
{
	struct fx *f = *state;
	struct instrument x = mk_instr(f, "全字段仪器", 650000), g, *rows;
	struct instr_query q;
	int n;
	int64_t total;

	x.name_en = "All fields"; x.model = "M1"; x.manufacturer = "Maker"; x.location = "B-101";
	x.specs = "1 nm"; x.services = "self_operation,sample_testing"; x.training_required = 7;
	x.fee_unit = "sample"; x.rate_internal = 1.25; x.rate_academic = 2.5; x.rate_enterprise = 5;
	x.closed_dates = "2030-10-01"; x.min_slot_min = 15; x.max_slot_min = 90; x.lead_hours = 2;
	x.cancel_hours = 3; x.offer_hours = 4; x.requires_approval = 1;
	x.created_at = "2029-01-02T03:04:05Z";
	assert_int_equal(store_instrument_insert(f->st, &x), TB_OK);
	assert_int_equal(store_instrument_get(f->st, &f->a, x.id, &g), TB_OK);
	assert_int_equal(g.org_id, f->uni);
	assert_string_equal(g.name_zh, x.name_zh);
	assert_string_equal(g.name_en, "All fields");
	assert_string_equal(g.category, x.category);
	assert_string_equal(g.model, "M1");
	assert_string_equal(g.manufacturer, "Maker");
	assert_string_equal(g.location, "B-101");
	assert_string_equal(g.specs, "1 nm");
	assert_string_equal(g.services, "self_operation,sample_testing");
	assert_int_equal(g.training_required, 1);          /* stored as a flag */
	assert_string_equal(g.fee_unit, "sample");
	assert_true(g.rate_internal == 1.25 && g.rate_academic == 2.5 && g.rate_enterprise == 5);
	assert_string_equal(g.hours, x.hours);
	assert_string_equal(g.closed_dates, "2030-10-01");
	assert_int_equal(g.min_slot_min, 15);
	assert_int_equal(g.max_slot_min, 90);
	assert_int_equal(g.lead_hours, 2);
	assert_int_equal(g.cancel_hours, 3);
	assert_int_equal(g.offer_hours, 4);
	assert_int_equal(g.requires_approval, 1);
	assert_string_equal(g.status, "available");
	assert_true(g.value == 650000);
	assert_string_equal(g.created_at, x.created_at);
	assert_string_equal(g.updated_at, x.created_at);
	assert_string_equal(g.org_city, "沈阳");
	assert_non_null(g.org_name);
	g.requires_approval = 0; g.offer_hours = 48;
	assert_int_equal(store_instrument_update(f->st, &g), TB_OK);
	memset(&q, 0, sizeof(q));
	q.category = x.category; q.value_min = -1; q.limit = 10;
	assert_int_equal(store_instrument_list(f->st, &f->a, &q, &rows, &n, &total), TB_OK);
	assert_int_equal(n, 1);
	assert_int_equal(rows[0].requires_approval, 0);
	assert_int_equal(rows[0].offer_hours, 48);
	assert_string_equal(rows[0].closed_dates, "2030-10-01");
	assert_string_not_equal(rows[0].updated_at, x.created_at);
}

static void test_bookings(void **state)
{
	struct fx *f = *state;
	struct instrument x;
	struct booking a, b, c, w, got, *rows;
	struct booking_query q;
	struct instrument *free_rows;
	int64_t total, affected[8];
	int n;

	x = mk_instr(f, "质谱仪", 800000);
	assert_int_equal(store_instrument_insert(f->st, &x), TB_OK);
	a = mk_booking(x.id, f->ent, T("04", "09"), T("04", "11"), "approved");
	assert_int_equal(create(f, &a), TB_OK);
	assert_true(a.id > 0);
	/* overlap with a slot holder: TB_ECONFLICT; touching end-to-start is fine */
	b = mk_booking(x.id, f->ent, T("04", "10"), T("04", "12"), "pending");
	assert_int_equal(create(f, &b), TB_ECONFLICT);
	b = mk_booking(x.id, f->ent, T("04", "11"), T("04", "12"), "pending");
	assert_int_equal(create(f, &b), TB_OK);
	/* a non-holding status may overlap (the waitlist) */
	w = mk_booking(x.id, f->uni, T("04", "10"), T("04", "11"), "waitlisted");
	assert_int_equal(create(f, &w), TB_OK);

	assert_int_equal(store_booking_get(f->st, &f->a, a.id, &got), TB_OK);
	assert_string_equal(got.start_at, T("04", "09"));
	assert_string_equal(got.status, "approved");
	assert_string_equal(got.instrument_name, x.name_zh);
	assert_int_equal(got.owner_org_id, f->uni);
	assert_int_equal(store_booking_get(f->st, &f->a, 99999999, &got), TB_ENOTFOUND);

	memset(&q, 0, sizeof(q));
	q.instrument_id = x.id; q.limit = 2;
	assert_int_equal(store_booking_list(f->st, &f->a, &q, &rows, &n, &total), TB_OK);
	assert_int_equal(total, 3);
	assert_int_equal(n, 2);
	q.status = "waitlisted"; q.limit = 10;
	assert_int_equal(store_booking_list(f->st, &f->a, &q, &rows, &n, &total), TB_OK);
	assert_int_equal(total, 1);
	assert_int_equal(rows[0].id, w.id);

	/* busy: only slot holders overlapping the window */
	assert_int_equal(store_booking_busy(f->st, &f->a, x.id, T("04", "08"), T("04", "20"), &rows, &n),
	                 TB_OK);
	assert_int_equal(n, 2);
	assert_int_equal(rows[0].id, a.id);
	/* free instruments: none of this category while the slot is held */
	assert_int_equal(store_instrument_free(f->st, &f->a, T("04", "09"), T("04", "10"), x.category, 10,
	                                  &free_rows, &n), TB_OK);
	assert_int_equal(n, 0);
	assert_int_equal(store_instrument_free(f->st, &f->a, T("05", "09"), T("05", "10"), x.category, 10,
	                                  &free_rows, &n), TB_OK);
	assert_int_equal(n, 1);
	assert_int_equal(free_rows[0].id, x.id);

	/* status guard: the expected status must still hold */
	assert_int_equal(store_booking_set_status(f->st, b.id, "approved", "rejected", NULL, NULL),
	                 TB_ESTATE);
	/* the waitlisted request cannot take a held slot */
	assert_int_equal(store_booking_next_waitlisted(f->st, &f->a, x.id, T("01", "00"), &got),
	                 TB_ENOTFOUND);
	assert_int_equal(store_booking_set_status(f->st, w.id, "waitlisted", "approved", NULL, NULL),
	                 TB_ECONFLICT);
	assert_int_equal(store_booking_set_status(f->st, a.id, "approved", "cancelled", "ill", NULL),
	                 TB_OK);
	assert_int_equal(store_booking_get(f->st, &f->a, a.id, &got), TB_OK);
	assert_string_equal(got.status, "cancelled");
	assert_string_equal(got.note, "ill");
	/* now the slot is free: the waitlisted request is next, and is offered */
	assert_int_equal(store_booking_next_waitlisted(f->st, &f->a, x.id, T("01", "00"), &got), TB_OK);
	assert_int_equal(got.id, w.id);
	assert_int_equal(store_booking_set_status(f->st, w.id, "waitlisted", "offered", NULL,
	                                          T("02", "00")), TB_OK);
	/* offers past their window expire; the instrument is reported */
	assert_int_equal(store_booking_expire_offers(f->st, T("01", "12"), affected, 8, &n), TB_OK);
	assert_int_equal(n, 0);
	assert_int_equal(store_booking_expire_offers(f->st, T("03", "00"), affected, 8, &n), TB_OK);
	assert_int_equal(n, 1);
	assert_int_equal(affected[0], x.id);
	assert_int_equal(store_booking_get(f->st, &f->a, w.id, &got), TB_OK);
	assert_string_equal(got.status, "expired");

	/* usage: only an approved booking; then completed with its fee */
	assert_int_equal(store_booking_set_status(f->st, b.id, "pending", "approved", NULL, NULL), TB_OK);
	c = b;
	c.used_start = T("04", "11"); c.used_end = T("04", "12"); c.used_samples = 0;
	c.used_hours = 1; c.billed_qty = 1; c.rate = 400; c.fee = 400;
	assert_int_equal(store_booking_record_usage(f->st, &c), TB_OK);
	assert_int_equal(store_booking_record_usage(f->st, &c), TB_ESTATE);
	assert_int_equal(store_booking_get(f->st, &f->a, b.id, &got), TB_OK);
	assert_string_equal(got.status, "completed");
	assert_true(got.fee == 400);
	memset(&q, 0, sizeof(q));
	q.used_from = "2030-03-04"; q.used_to = "2030-03-05"; q.instrument_id = x.id; q.limit = 10;
	assert_int_equal(store_booking_list(f->st, &f->a, &q, &rows, &n, &total), TB_OK);
	assert_int_equal(total, 1);
	assert_int_equal(rows[0].id, b.id);
}

/* booking_insert_many (bulk loads): guards against a multi-row insert that
 * loses or changes rows, binds a row's usage columns into its neighbour's,
 * or writes part of a batch the database refused (an overlap). */
static void test_booking_insert_many(void **state)
{
	struct fx *f = *state;
	struct instrument x;
	struct booking b[3], *rows;
	struct booking_query q;
	int64_t total;
	int n;

	x = mk_instr(f, "批量仪器", 300000);
	assert_int_equal(store_instrument_insert(f->st, &x), TB_OK);
	b[0] = mk_booking(x.id, f->ent, T("06", "09"), T("06", "11"), "approved");
	b[1] = mk_booking(x.id, f->uni, T("06", "08"), T("06", "12"), "completed");
	b[1].used_start = T("06", "08"); b[1].used_end = T("06", "12");
	b[1].used_hours = 4; b[1].billed_qty = 4; b[1].rate = 200; b[1].fee = 800;
	b[2] = mk_booking(x.id, f->ent, T("06", "11"), T("06", "12"), "pending");
	assert_int_equal(store_begin(f->st), TB_OK);
	assert_int_equal(store_booking_insert_many(f->st, b, 3), TB_OK);
	assert_int_equal(store_booking_insert_many(f->st, b, 0), TB_OK);
	assert_int_equal(store_commit(f->st), TB_OK);
	memset(&q, 0, sizeof(q));
	q.instrument_id = x.id; q.limit = 10;
	assert_int_equal(store_booking_list(f->st, &f->a, &q, &rows, &n, &total), TB_OK);
	assert_int_equal(total, 3);
	q.status = "completed";
	assert_int_equal(store_booking_list(f->st, &f->a, &q, &rows, &n, &total), TB_OK);
	assert_int_equal(n, 1);
	assert_int_equal(rows[0].org_id, f->uni);
	assert_string_equal(rows[0].used_end, T("06", "12"));
	assert_true(rows[0].fee == 800);
	q.status = "pending";
	assert_int_equal(store_booking_list(f->st, &f->a, &q, &rows, &n, &total), TB_OK);
	assert_int_equal(n, 1);
	assert_null(rows[0].used_start);
	assert_string_equal(rows[0].start_at, T("06", "11"));

	/* A batch with an overlapping slot holder: refused whole. */
	b[0] = mk_booking(x.id, f->ent, T("07", "09"), T("07", "10"), "approved");
	b[1] = mk_booking(x.id, f->ent, T("06", "10"), T("06", "11"), "approved");
	assert_int_equal(store_begin(f->st), TB_OK);
	assert_int_equal(store_booking_insert_many(f->st, b, 2), TB_ECONFLICT);
	assert_int_equal(store_commit(f->st), TB_OK);
	q.status = NULL;
	assert_int_equal(store_booking_list(f->st, &f->a, &q, &rows, &n, &total), TB_OK);
	assert_int_equal(total, 3);
}

static void test_usage_and_revenue(void **state)
{
	struct fx *f = *state;
	struct instrument x;
	struct booking b;
	struct instr_usage *u;
	double yuan = -1, yuan0 = -1;
	int64_t uses = -1, uses0 = -1;
	int n, found = 0;

	x = mk_instr(f, "核磁共振", 3000000);
	assert_int_equal(store_instrument_insert(f->st, &x), TB_OK);
	assert_int_equal(store_instrument_revenue(f->st, "2031-01-01", "2031-02-01", f->uni, &yuan0, &uses0),
	                 TB_OK);
	/* a historical completed booking written in one go (import and demo do this) */
	for (int i = 0; i < 2; i++) {
		b = mk_booking(x.id, f->ent, i ? "2031-01-06T09:00:00+08:00" : "2031-01-05T09:00:00+08:00",
		               i ? "2031-01-06T11:00:00+08:00" : "2031-01-05T11:00:00+08:00", "completed");
		b.used_start = b.start_at; b.used_end = b.end_at; b.used_hours = 2; b.billed_qty = 2;
		b.rate = 400; b.fee = 800;
		assert_int_equal(create(f, &b), TB_OK);
	}
	assert_int_equal(store_instrument_revenue(f->st, "2031-01-01", "2031-02-01", f->uni, &yuan, &uses),
	                 TB_OK);
	assert_true(yuan - yuan0 == 1600);
	assert_int_equal(uses - uses0, 2);
	assert_int_equal(store_instrument_revenue(f->st, "2031-02-01", "2031-03-01", f->uni, &yuan, &uses),
	                 TB_OK);
	assert_int_equal(uses, 0);
	assert_int_equal(store_instrument_usage(f->st, &f->a, "2031-01-01", "2031-02-01", &u, &n), TB_OK);
	for (int i = 0; i < n; i++)
		if (u[i].instrument_id == x.id) {
			found = 1;
			assert_true(u[i].used_hours == 4);
			assert_true(u[i].fees == 1600);
			assert_int_equal(u[i].uses, 2);
		}
	assert_true(found);
}

static void test_qualifications(void **state)
{
	struct fx *f = *state;
	struct instrument x;
	struct qualification ql, *rows;
	int valid = -1, n;

	x = mk_instr(f, "X射线衍射仪", 900000);
	assert_int_equal(store_instrument_insert(f->st, &x), TB_OK);
	memset(&ql, 0, sizeof(ql));
	ql.instrument_id = x.id; ql.org_id = f->ent; ql.email = "Op@Example.cn"; ql.name = "Op";
	ql.expires_on = "2030-06-30";
	assert_int_equal(store_qualification_insert(f->st, &ql), TB_OK);
	/* valid through expires_on inclusive; email compares case-insensitively */
	assert_int_equal(store_qualification_valid(f->st, x.id, "op@example.cn", "2030-06-30", &valid), TB_OK);
	assert_int_equal(valid, 1);
	assert_int_equal(store_qualification_valid(f->st, x.id, "op@example.cn", "2030-07-01", &valid), TB_OK);
	assert_int_equal(valid, 0);
	assert_int_equal(store_qualification_valid(f->st, x.id, "other@example.cn", "2030-01-01", &valid), TB_OK);
	assert_int_equal(valid, 0);
	assert_int_equal(store_qualification_list(f->st, &f->a, x.id, &rows, &n), TB_OK);
	assert_int_equal(n, 1);
	assert_string_equal(rows[0].expires_on, "2030-06-30");
}

/* ---- contracts and indicators */

static struct contract mk_contract(struct fx *f, int serial, const char *signed_on, int64_t ach)
{
	struct contract c;
	memset(&c, 0, sizeof(c));
	c.reg_no = arena_printf(&f->a, "2030%06d%06d", (int)(getpid() % 1000000), serial);
	c.title = tagged(f, "合同");
	c.type = "transfer"; c.subtype = "patent_right";
	c.seller.org_id = f->uni; c.seller.city = "沈阳"; c.seller.city_code = "210100";
	c.seller.unit_code = "210112"; c.seller.in_province = 1; c.seller.country = "156";
	c.buyer.name = tagged(f, "上海某公司"); c.buyer.region_code = "310000"; c.buyer.country = "156";
	c.amount_fen = 100000000; c.tx_amount_fen = 80000000;
	c.signed_on = signed_on;
	c.achievement_id = ach;
	c.status = "registered";
	return c;
}

struct ct_ctx { int n; int64_t fen; const char *tag; };
static int ct_cb(void *ctx, const struct contract *c)
{
	struct ct_ctx *x = ctx;
	if (c->title && strstr(c->title, x->tag)) {
		x->n++;
		x->fen += c->amount_fen;
	}
	return 0;
}

static void test_contracts(void **state)
{
	struct fx *f = *state;
	struct achievement a = mk_ach(f, "合同成果", 7, "published");
	struct contract c1, c2, got, *rows;
	struct contract_query q;
	struct contract_filter flt;
	struct ct_ctx cx = { 0, 0, f->tag };
	int64_t live = -1, total;
	int n;

	assert_int_equal(store_achievement_insert(f->st, &a), TB_OK);
	c1 = mk_contract(f, 1, "2030-02-01", a.id);
	assert_int_equal(store_contract_insert(f->st, &c1), TB_OK);
	assert_true(c1.id > 0);
	assert_int_equal(store_contract_insert(f->st, &c1), TB_ECONFLICT);   /* same reg_no */
	c2 = mk_contract(f, 2, "2030-05-01", a.id);
	assert_int_equal(store_contract_insert(f->st, &c2), TB_OK);

	assert_int_equal(store_contract_get(f->st, &f->a, c1.id, &got), TB_OK);
	assert_string_equal(got.reg_no, c1.reg_no);
	assert_int_equal(got.amount_fen, 100000000);    /* exact integer money */
	assert_int_equal(got.tx_amount_fen, 80000000);
	assert_int_equal(got.seller.org_id, f->uni);
	assert_string_equal(got.seller.unit_code, "210112");
	assert_int_equal(got.seller.in_province, 1);
	assert_string_equal(got.buyer.name, c1.buyer.name);
	assert_string_equal(got.buyer.region_code, "310000");
	assert_int_equal(store_contract_get(f->st, &f->a, 99999999, &got), TB_ENOTFOUND);

	got.status = "amended"; got.note = "price";
	assert_int_equal(store_contract_update(f->st, &got), TB_OK);
	assert_int_equal(store_contract_get(f->st, &f->a, c1.id, &got), TB_OK);
	assert_string_equal(got.status, "amended");
	assert_string_equal(got.note, "price");

	memset(&q, 0, sizeof(q));
	q.q = f->tag; q.limit = 1;
	assert_int_equal(store_contract_list(f->st, &f->a, &q, &rows, &n, &total), TB_OK);
	assert_int_equal(total, 2);
	assert_int_equal(n, 1);
	assert_int_equal(rows[0].id, c2.id);             /* newest signing first */
	q.limit = 10; q.from = "2030-03-01"; q.to = "2030-12-31";
	assert_int_equal(store_contract_list(f->st, &f->a, &q, &rows, &n, &total), TB_OK);
	assert_int_equal(total, 1);

	assert_int_equal(store_contract_live_for_ach(f->st, a.id, &live), TB_OK);
	assert_int_equal(live, 2);
	/* terminated contracts are not live and not in the statistics */
	assert_int_equal(store_contract_get(f->st, &f->a, c2.id, &got), TB_OK);
	got.status = "terminated";
	assert_int_equal(store_contract_update(f->st, &got), TB_OK);
	assert_int_equal(store_contract_live_for_ach(f->st, a.id, &live), TB_OK);
	assert_int_equal(live, 1);

	memset(&flt, 0, sizeof(flt));
	flt.from = "2030-01-01"; flt.to = "2031-01-01"; flt.city_code = "210100"; flt.unit_code = "210112";
	flt.in_province = 1;
	assert_int_equal(store_contract_each(f->st, &flt, ct_cb, &cx), TB_OK);
	assert_int_equal(cx.n, 1);
	assert_int_equal(cx.fen, 100000000);
	/* by the buyer's side: the buyer is outside the province */
	memset(&cx, 0, sizeof(cx));
	cx.tag = f->tag;
	flt.buyer_side = 1; flt.city_code = NULL; flt.unit_code = NULL;
	assert_int_equal(store_contract_each(f->st, &flt, ct_cb, &cx), TB_OK);
	assert_int_equal(cx.n, 0);
}

/* Every field of a contract and of both parties survives insert, get and
 * update (guards the contract column lists of the SQLite backend). */
static void test_contract_fields_round_trip(void **state)
{
	struct fx *f = *state;
	struct achievement ac = mk_ach(f, "合同全字段", 7, "published");
	struct demand d;
	struct contract c, g;

	assert_int_equal(store_achievement_insert(f->st, &ac), TB_OK);
	memset(&d, 0, sizeof(d));
	d.title_zh = tagged(f, "需求"); d.org_id = f->ent; d.status = "published";
	d.budget_min = d.budget_max = -1;
	assert_int_equal(store_demand_insert(f->st, &d), TB_OK);
	c = mk_contract(f, 3, "2030-07-01", ac.id);
	c.demand_id = d.id; c.valid_from = "2030-07-02"; c.valid_to = "2031-07-01";
	c.field = "materials"; c.local = 5; c.note = "n";
	c.buyer.city = "上海"; c.buyer.city_code = "310100"; c.buyer.country = NULL;
	c.created_at = "2030-07-01T10:00:00Z";
	assert_int_equal(store_contract_insert(f->st, &c), TB_OK);
	assert_int_equal(store_contract_get(f->st, &f->a, c.id, &g), TB_OK);
	assert_string_equal(g.title, c.title);
	assert_string_equal(g.type, "transfer");
	assert_string_equal(g.subtype, "patent_right");
	assert_int_equal(g.seller.org_id, f->uni);
	assert_non_null(g.seller.name);                     /* from the org row */
	assert_string_equal(g.seller.country, "156");
	assert_string_equal(g.seller.city, "沈阳");
	assert_string_equal(g.seller.city_code, "210100");
	assert_string_equal(g.seller.unit_code, "210112");
	assert_int_equal(g.seller.in_province, 1);
	assert_int_equal(g.buyer.org_id, 0);
	assert_string_equal(g.buyer.name, c.buyer.name);
	assert_string_equal(g.buyer.region_code, "310000");
	assert_string_equal(g.buyer.country, "156");         /* default */
	assert_string_equal(g.buyer.city, "上海");
	assert_string_equal(g.buyer.city_code, "310100");
	assert_null(g.buyer.unit_code);
	assert_int_equal(g.buyer.in_province, 0);
	assert_int_equal(g.amount_fen, 100000000);
	assert_int_equal(g.tx_amount_fen, 80000000);
	assert_string_equal(g.signed_on, "2030-07-01");
	assert_string_equal(g.valid_from, "2030-07-02");
	assert_string_equal(g.valid_to, "2031-07-01");
	assert_int_equal(g.achievement_id, ac.id);
	assert_int_equal(g.demand_id, d.id);
	assert_string_equal(g.field, "materials");
	assert_string_equal(g.status, "registered");
	assert_int_equal(g.local, 1);                       /* stored as a flag */
	assert_string_equal(g.note, "n");
	assert_string_equal(g.created_at, c.created_at);
	assert_string_equal(g.updated_at, c.created_at);
	/* ids <= 0 are stored as none and read back as 0 */
	g.demand_id = 0; g.achievement_id = -1; g.tx_amount_fen = 1;
	assert_int_equal(store_contract_update(f->st, &g), TB_OK);
	assert_int_equal(store_contract_get(f->st, &f->a, c.id, &g), TB_OK);
	assert_int_equal(g.demand_id, 0);
	assert_int_equal(g.achievement_id, 0);
	assert_int_equal(g.tx_amount_fen, 1);
	assert_string_not_equal(g.updated_at, c.created_at);
}

struct pub_ctx { int n; };
static int pub_cb(void *ctx, const char *published_at)
{
	((struct pub_ctx *)ctx)->n++;
	assert_int_equal(strlen(published_at), 10);    /* the date part */
	return 0;
}

static void test_published_targets_certs(void **state)
{
	struct fx *f = *state;
	struct achievement a = mk_ach(f, "发布", 6, "published");
	struct ach_region_filter rf;
	struct pub_ctx p0 = { 0 }, p1 = { 0 };
	struct ind_target t, *ts;
	int64_t c0 = -1, c1 = -1;
	int n;
	const char *region = arena_printf(&f->a, "9%05d", (int)(getpid() % 100000));

	memset(&rf, 0, sizeof(rf));
	rf.from = "2029-01-01"; rf.to = "2029-12-31"; rf.city = "沈阳";
	rf.district_names[0] = "浑南区";
	assert_int_equal(store_achievement_published_each(f->st, &rf, pub_cb, &p0), TB_OK);
	a.published_at = "2029-05-04T08:00:00Z";
	assert_int_equal(store_achievement_insert(f->st, &a), TB_OK);
	assert_int_equal(store_achievement_published_each(f->st, &rf, pub_cb, &p1), TB_OK);
	assert_int_equal(p1.n - p0.n, 1);
	rf.city = "大连";   /* the owner is in 沈阳 */
	memset(&p1, 0, sizeof(p1));
	assert_int_equal(store_achievement_published_each(f->st, &rf, pub_cb, &p1), TB_OK);
	assert_int_equal(p1.n, 0);

	/* targets: upsert on (year, region, metric), listed by metric */
	t.year = 2030; t.region_code = region; t.metric = "turnover"; t.value = 5;
	assert_int_equal(store_target_put(f->st, &t), TB_OK);
	t.value = 9;
	assert_int_equal(store_target_put(f->st, &t), TB_OK);
	t.metric = "contract_count"; t.value = 3;
	assert_int_equal(store_target_put(f->st, &t), TB_OK);
	assert_int_equal(store_target_list(f->st, &f->a, 2030, region, &ts, &n), TB_OK);
	assert_int_equal(n, 2);
	assert_string_equal(ts[0].metric, "contract_count");
	assert_int_equal(ts[1].value, 9);

	/* certifications: distinct orgs of a tier and year in the region */
	memset(&rf, 0, sizeof(rf));
	rf.city = "大连";
	assert_int_equal(store_cert_count(f->st, "high_tech", 2030, &rf, &c0), TB_OK);
	assert_int_equal(store_cert_put(f->st, f->ent, "high_tech", 2030), TB_OK);
	assert_int_equal(store_cert_put(f->st, f->ent, "high_tech", 2030), TB_OK);  /* idempotent */
	assert_int_equal(store_cert_put(f->st, f->uni, "high_tech", 2030), TB_OK);  /* 沈阳 */
	assert_int_equal(store_cert_count(f->st, "high_tech", 2030, &rf, &c1), TB_OK);
	assert_int_equal(c1 - c0, 1);
}


/* == brokers (issue #14) == */
static int64_t conf_user(struct fx *f, const char *role, int64_t org, const char *label)
{
	struct user u;
	memset(&u, 0, sizeof(u));
	u.email = tagged(f, arena_printf(&f->a, "%s@brk.cn", label));
	u.name = role; u.org_id = org; u.role = role; u.pw_hash = "$argon2id$x";
	assert_int_equal(store_user_insert(f->st, &u), TB_OK);
	return u.id;
}

/* Broker profiles (upsert, directory filters on list elements, grade order)
 * and representation: request -> decide guarded by the expected status,
 * re-request only after decline/revoke, allows = consented and in scope. */
static void test_brokers_representation(void **state)
{
	struct fx *f = *state;
	struct org o;
	struct broker b, got, *rows;
	struct broker_query q;
	struct representation r, *reps;
	int n, ok = -1, linked = -1;
	int64_t total, inst, u1, u2;

	memset(&o, 0, sizeof(o));
	o.name = tagged(f, "转移中心"); o.kind = "transfer"; o.city = "沈阳";
	assert_int_equal(store_org_insert(f->st, &o), TB_OK);
	inst = o.id;
	u1 = conf_user(f, "broker", inst, "b1");
	u2 = conf_user(f, "broker", inst, "b2");
	memset(&b, 0, sizeof(b));
	b.user_id = u1; b.institution_id = inst; b.name = "甲"; b.grade = "junior";
	b.fields = "新材料,智能制造"; b.regions = "沈阳"; b.cert_date = "2024-01-01";
	assert_int_equal(store_broker_put(f->st, &b), TB_OK);
	b.grade = "middle"; /* replace */
	assert_int_equal(store_broker_put(f->st, &b), TB_OK);
	b.user_id = u2; b.name = "乙"; b.grade = "senior"; b.fields = "新材料料"; b.regions = "大连";
	assert_int_equal(store_broker_put(f->st, &b), TB_OK);
	assert_int_equal(store_broker_get(f->st, &f->a, u1, &got), TB_OK);
	assert_string_equal(got.grade, "middle");
	assert_string_equal(got.institution_name, o.name);
	assert_string_equal(got.cert_date, "2024-01-01");
	assert_int_equal(store_broker_get(f->st, &f->a, 999999, &got), TB_ENOTFOUND);
	memset(&q, 0, sizeof(q));
	q.institution_id = inst; q.limit = 10;
	assert_int_equal(store_broker_list(f->st, &f->a, &q, &rows, &n, &total), TB_OK);
	assert_int_equal(total, 2);
	assert_int_equal(rows[0].user_id, u2); /* senior first */
	q.field = "新材料"; /* one element exactly: "新材料料" does not match */
	assert_int_equal(store_broker_list(f->st, &f->a, &q, &rows, &n, &total), TB_OK);
	assert_int_equal(total, 1);
	assert_int_equal(rows[0].user_id, u1);
	q.field = NULL; q.region = "大连";
	assert_int_equal(store_broker_list(f->st, &f->a, &q, &rows, &n, &total), TB_OK);
	assert_int_equal(rows[0].user_id, u2);

	assert_int_equal(store_rep_request(f->st, u1, f->ent, "listings"), TB_OK);
	assert_int_equal(store_rep_request(f->st, u1, f->ent, "listings"), TB_ESTATE);
	assert_int_equal(store_rep_allows(f->st, u1, f->ent, "listings", &ok), TB_OK);
	assert_int_equal(ok, 0);
	assert_int_equal(store_rep_decide(f->st, u1, f->ent, "consented", "revoked", 5, NULL), TB_ESTATE);
	assert_int_equal(store_rep_decide(f->st, u1, f->ent, "requested", "consented", 5, "ok"), TB_OK);
	assert_int_equal(store_rep_allows(f->st, u1, f->ent, "listings", &ok), TB_OK);
	assert_int_equal(ok, 1);
	assert_int_equal(store_rep_allows(f->st, u1, f->ent, "contracts", &ok), TB_OK);
	assert_int_equal(ok, 0);
	assert_int_equal(store_user_org_linked(f->st, u1, f->ent, &linked), TB_OK);
	assert_int_equal(linked, 1);
	assert_int_equal(store_rep_get(f->st, &f->a, u1, f->ent, &r), TB_OK);
	assert_string_equal(r.status, "consented");
	assert_int_equal(r.decided_by, 5);
	assert_string_equal(r.broker_name, "甲");
	assert_int_equal(store_rep_list(f->st, &f->a, 0, f->ent, "consented", &reps, &n), TB_OK);
	assert_int_equal(n, 1);
	assert_int_equal(store_rep_decide(f->st, u1, f->ent, "consented", "revoked", 5, NULL), TB_OK);
	assert_int_equal(store_user_org_linked(f->st, u1, f->ent, &linked), TB_OK);
	assert_int_equal(linked, 0); /* revoked: no longer a link */
	assert_int_equal(store_rep_request(f->st, u1, f->ent, "listings,cases"), TB_OK); /* again */
	assert_int_equal(store_rep_list(f->st, &f->a, u1, 0, NULL, &reps, &n), TB_OK);
	assert_int_equal(n, 1);
	assert_string_equal(reps[0].status, "requested");
	assert_string_equal(reps[0].scope, "listings,cases");
	assert_int_equal(store_rep_get(f->st, &f->a, u2, f->ent, &r), TB_ENOTFOUND);
}

/* Cases (insert, get, list filters, move guarded by the status, steps),
 * contact requests (decide once; accepted reveals) and feedback (one row per
 * party and pair; summary; each). */
static void test_cases_contacts_feedback(void **state)
{
	struct fx *f = *state;
	struct achievement x = mk_ach(f, "对接", 6, "published");
	struct demand d;
	struct dcase k, got, *rows;
	struct case_query q;
	struct case_step s, *steps;
	struct contact_request cr, cg, *crs;
	struct match_feedback fb, fg;
	struct feedback_count *fc;
	struct each_ctx ec = { 0, 0, 0 };
	int n, ok = -1, created = -1;
	int64_t total, u = conf_user(f, "member", f->ent, "m1");
	struct contract ct;

	assert_int_equal(store_achievement_insert(f->st, &x), TB_OK);
	memset(&d, 0, sizeof(d));
	d.title_zh = tagged(f, "对接需求"); d.org_id = f->ent; d.status = "published";
	assert_int_equal(store_demand_insert(f->st, &d), TB_OK);

	memset(&k, 0, sizeof(k));
	k.achievement_id = x.id; k.demand_id = d.id; k.seeker_org_id = f->ent; k.owner_org_id = f->uni;
	k.origin = "match"; k.match_score = 12.5; k.match_strength = 64; k.match_explanation = "热误差=3.20";
	k.status = "first_contact"; k.opened_on = "2030-01-02"; k.created_by = u;
	assert_int_equal(store_case_insert(f->st, &k), TB_OK);
	assert_true(k.id > 0);
	assert_int_equal(store_case_get(f->st, &f->a, k.id, &got), TB_OK);
	assert_true(got.match_score == 12.5 && got.match_strength == 64 && got.broker_id == 0);
	assert_string_equal(got.match_explanation, "热误差=3.20");
	assert_int_equal(store_case_move(f->st, k.id, "meeting", "evaluation", NULL, 0, NULL), TB_ESTATE);
	ct = mk_contract(f, 77, "2030-03-01", x.id);
	assert_int_equal(store_contract_insert(f->st, &ct), TB_OK);
	assert_int_equal(store_case_move(f->st, k.id, "first_contact", "contracted", NULL, ct.id, "2030-03-01"),
			 TB_OK);
	assert_int_equal(store_case_get(f->st, &f->a, k.id, &got), TB_OK);
	assert_string_equal(got.status, "contracted");
	assert_int_equal(got.contract_id, ct.id);
	assert_string_equal(got.contracted_on, "2030-03-01");
	memset(&q, 0, sizeof(q));
	q.org_id = f->uni; q.since = "2030-01-01"; q.until = "2030-01-31"; q.limit = 10;
	assert_int_equal(store_case_list(f->st, &f->a, &q, &rows, &n, &total), TB_OK);
	assert_int_equal(total, 1);
	q.status = "closed";
	assert_int_equal(store_case_list(f->st, &f->a, &q, &rows, &n, &total), TB_OK);
	assert_int_equal(total, 0);
	memset(&s, 0, sizeof(s));
	s.case_id = k.id; s.status = "first_contact"; s.on_date = "2030-01-02"; s.note = "n1";
	s.attachments = "a.pdf|10|"; s.by_user = u;
	assert_int_equal(store_case_step_add(f->st, &s), TB_OK);
	s.status = "contracted"; s.on_date = "2030-03-01"; s.note = NULL; s.attachments = NULL;
	assert_int_equal(store_case_step_add(f->st, &s), TB_OK);
	assert_int_equal(store_case_steps(f->st, &f->a, k.id, &steps, &n), TB_OK);
	assert_int_equal(n, 2);
	assert_string_equal(steps[0].attachments, "a.pdf|10|");
	assert_string_equal(steps[1].status, "contracted");

	memset(&cr, 0, sizeof(cr));
	cr.case_id = k.id; cr.listing_kind = "achievement"; cr.listing_id = x.id; cr.from_user = u;
	cr.from_org = f->ent; cr.to_org = f->uni; cr.message = "你好";
	assert_int_equal(store_contact_insert(f->st, &cr), TB_OK);
	assert_int_equal(store_contact_get(f->st, &f->a, cr.id, &cg), TB_OK);
	assert_string_equal(cg.status, "pending");
	assert_int_equal(store_contact_accepted(f->st, u, 0, "achievement", x.id, &ok), TB_OK);
	assert_int_equal(ok, 0);
	assert_int_equal(store_contact_decide(f->st, cr.id, "accepted", NULL, 9), TB_OK);
	assert_int_equal(store_contact_decide(f->st, cr.id, "declined", "price", 9), TB_ESTATE);
	assert_int_equal(store_contact_accepted(f->st, 0, f->ent, "achievement", x.id, &ok), TB_OK);
	assert_int_equal(ok, 1);
	assert_int_equal(store_contact_accepted(f->st, u, 0, "demand", x.id, &ok), TB_OK);
	assert_int_equal(ok, 0);
	assert_int_equal(store_contact_list(f->st, &f->a, f->uni, 0, "accepted", &crs, &n), TB_OK);
	assert_int_equal(n, 1);
	assert_int_equal(store_contact_list(f->st, &f->a, 0, u, "pending", &crs, &n), TB_OK);
	assert_int_equal(n, 0);

	memset(&fb, 0, sizeof(fb));
	fb.party_org_id = f->ent; fb.achievement_id = x.id; fb.demand_id = d.id;
	fb.verdict = "not_interested"; fb.reason = "too_early"; fb.by_user = u;
	assert_int_equal(store_fb_put(f->st, &fb, &created), TB_OK);
	assert_int_equal(created, 1);
	fb.reason = "price";
	{
		int64_t first = fb.id;
		assert_int_equal(store_fb_put(f->st, &fb, &created), TB_OK);
		assert_int_equal(created, 0);
		assert_int_equal(fb.id, first);
	}
	assert_int_equal(store_fb_get(f->st, &f->a, f->ent, x.id, d.id, &fg), TB_OK);
	assert_string_equal(fg.reason, "price");
	assert_int_equal(store_fb_get(f->st, &f->a, f->uni, x.id, d.id, &fg), TB_ENOTFOUND);
	/* by id: what a feedback change of the change log names */
	assert_int_equal(store_fb_get_id(f->st, &f->a, fb.id, &fg), TB_OK);
	assert_int_equal(fg.party_org_id, f->ent);
	assert_string_equal(fg.reason, "price");
	assert_int_equal(store_fb_get_id(f->st, &f->a, fb.id + 1000000, &fg), TB_ENOTFOUND);
	assert_int_equal(store_fb_summary(f->st, &f->a, true, x.id, &fc, &n), TB_OK);
	assert_int_equal(n, 1);
	assert_string_equal(fc[0].reason, "price");
	assert_int_equal(fc[0].count, 1);
	assert_int_equal(store_fb_each(f->st, fb_count_cb, &ec), TB_OK);
	assert_int_equal(ec.n, 1);

	/* KPI rows: the case opened 2030-01-02 with its contract signed 2030-03-01 */
	{
		struct kpi_row *kr;
		assert_int_equal(store_kpi_rows(f->st, &f->a, "2030-01-01", "2030-01-31", &kr, &n), TB_OK);
		assert_int_equal(n, 1);
		assert_int_equal(kr[0].case_id, k.id);
		assert_int_equal(kr[0].contract_id, ct.id);
		assert_int_equal(kr[0].tx_amount_fen, ct.tx_amount_fen);
		assert_int_equal(store_kpi_rows(f->st, &f->a, "2030-02-15", "2030-03-15", &kr, &n), TB_OK);
		assert_int_equal(n, 1); /* by its contract date */
		assert_int_equal(store_kpi_rows(f->st, &f->a, "2031-01-01", "2031-12-31", &kr, &n), TB_OK);
		assert_int_equal(n, 0);
	}
}

/* Events: insert/get with counts, list by period and kind, one registration
 * per person, check-in once. */
static void test_events(void **state)
{
	struct fx *f = *state;
	struct event e, got, *rows;
	struct event_attendee at, *ats;
	int n;
	int64_t u = conf_user(f, "member", f->ent, "ev1");

	memset(&e, 0, sizeof(e));
	e.kind = "expert_tour"; e.title = tagged(f, "专家企业行"); e.starts_on = "2030-05-10"; e.place = "沈阳";
	e.organiser_org_id = f->uni; e.fields = "新材料"; e.capacity = 2;
	assert_int_equal(store_event_insert(f->st, &e), TB_OK);
	assert_true(e.id > 0);
	memset(&at, 0, sizeof(at));
	at.event_id = e.id; at.user_id = u; at.org_id = f->ent; at.name = "张三";
	assert_int_equal(store_event_register(f->st, &at), TB_OK);
	assert_int_equal(store_event_register(f->st, &at), TB_ECONFLICT);
	assert_int_equal(store_event_get(f->st, &f->a, e.id, &got), TB_OK);
	assert_string_equal(got.status, "planned");
	assert_int_equal(got.registered, 1);
	assert_int_equal(got.checked_in, 0);
	assert_int_equal(store_event_checkin(f->st, e.id, at.id), TB_OK);
	assert_int_equal(store_event_checkin(f->st, e.id, at.id), TB_ESTATE);
	assert_int_equal(store_event_checkin(f->st, e.id + 1, at.id), TB_ESTATE);
	assert_int_equal(store_event_attendees(f->st, &f->a, e.id, &ats, &n), TB_OK);
	assert_int_equal(n, 1);
	assert_non_null(ats[0].checked_in_at);
	assert_int_equal(store_event_list(f->st, &f->a, "2030-05-01", "2030-05-31", "expert_tour", 10, &rows, &n),
			 TB_OK);
	assert_int_equal(n, 1);
	assert_int_equal(rows[0].checked_in, 1);
	assert_int_equal(store_event_list(f->st, &f->a, "2030-05-01", "2030-05-31", "roadshow", 10, &rows, &n),
			 TB_OK);
	assert_int_equal(n, 0);
}

/* Last: every operation in STORE_OPS was called by some test above. */
/* Pending revisions of public listings: one pending per item (a second put
 * replaces it), the whole proposed record round-trips, a decision is taken
 * once (TB_ESTATE after), and listing filters by status. */
static void test_revisions(void **state)
{
	struct fx *f = *state;
	struct achievement x = mk_ach(f, "修订", 6, "published");
	struct revision r, got, *rows;
	int n, pending_before = 0;

	assert_int_equal(store_achievement_insert(f->st, &x), TB_OK);
	assert_int_equal(store_revision_pending(f->st, &f->a, true, x.id, &got), TB_ENOTFOUND);
	assert_int_equal(store_revision_list(f->st, &f->a, "pending", 10000, &rows, &n), TB_OK);
	pending_before = n;

	memset(&r, 0, sizeof(r));
	r.is_ach = true;
	r.item_id = x.id;
	r.ach = x;
	r.ach.title_en = "first proposal";
	assert_int_equal(store_revision_put(f->st, &r), TB_OK);
	assert_true(r.id > 0);
	assert_string_equal(r.status, "pending");
	int64_t first = r.id;
	r.ach.title_en = "second proposal";
	r.ach.trl = 8;
	r.ach.attribute = "secondary";   /* a pending revision carries every field */
	assert_int_equal(store_revision_put(f->st, &r), TB_OK);   /* replaces the pending one */
	assert_int_equal(store_revision_pending(f->st, &f->a, true, x.id, &got), TB_OK);
	assert_int_equal(got.id, first);
	assert_true(got.is_ach);
	assert_string_equal(got.status, "pending");
	assert_string_equal(got.ach.title_en, "second proposal");
	assert_int_equal(got.ach.trl, 8);
	assert_string_equal(got.ach.attribute, "secondary");
	assert_string_equal(got.ach.title_zh, x.title_zh);
	/* not pending for the other kind with the same id */
	assert_int_equal(store_revision_pending(f->st, &f->a, false, x.id, &got), TB_ENOTFOUND);
	assert_int_equal(store_revision_list(f->st, &f->a, "pending", 10000, &rows, &n), TB_OK);
	assert_int_equal(n, pending_before + 1);

	assert_int_equal(store_revision_decide(f->st, first, "rejected", "vague", 7), TB_OK);
	assert_int_equal(store_revision_decide(f->st, first, "accepted", NULL, 7), TB_ESTATE);
	assert_int_equal(store_revision_pending(f->st, &f->a, true, x.id, &got), TB_ENOTFOUND);
	assert_int_equal(store_revision_list(f->st, &f->a, "rejected", 10000, &rows, &n), TB_OK);
	int found = 0;
	for (int i = 0; i < n; i++)
		if (rows[i].id == first) {
			found = 1;
			assert_string_equal(rows[i].reason, "vague");
			assert_int_equal(rows[i].decided_by, 7);
		}
	assert_true(found);
}

/* == enterprise tiers (issue #15): rules with children, versions per
 * (tier, region), facts upsert with "not reported" kept, results and the
 * official list with validity. == */
static void test_tiers(void **state)
{
	struct fx *f = *state;
	struct tier_criterion crit[] = { { 0, "revenue", ">=", 1000 }, { 1, "age", "<=", 5 } };
	struct tier_band bands[] = { { "rd", "rd_intensity", 3, 20 } };
	struct tier_rule r = { .tier = "gazelle", .region_code = "210299", .valid_from = "2024-01-01",
	                       .source = "test", .crit = crit, .ncrit = 2, .bands = bands, .nbands = 1 };
	struct tier_rule got, *rules;
	struct ent_facts fa = { 0 }, *facts;
	struct tier_result res, *results;
	struct tier_cert c, *certs;
	int n, v1;

	assert_int_equal(store_tier_rule_insert(f->st, &r), TB_OK);
	assert_true(r.id > 0);
	v1 = r.version;
	assert_int_equal(v1, 1);
	assert_int_equal(store_tier_rule_insert(f->st, &r), TB_OK);
	assert_int_equal(r.version, 2);
	assert_int_equal(store_tier_rule_get(f->st, &f->a, r.id, &got), TB_OK);
	assert_string_equal(got.tier, "gazelle");
	assert_string_equal(got.region_code, "210299");
	assert_int_equal(got.ncrit, 2);
	assert_int_equal(got.crit[1].grp, 1);
	assert_string_equal(got.crit[1].op, "<=");
	assert_true(got.crit[0].value == 1000);
	assert_int_equal(got.nbands, 1);
	assert_int_equal(got.bands[0].points, 20);
	assert_null(got.valid_to);
	assert_int_equal(store_tier_rule_get(f->st, &f->a, 999999, &got), TB_ENOTFOUND);
	assert_int_equal(store_tier_rule_list(f->st, &f->a, "gazelle", "210299", &rules, &n), TB_OK);
	assert_int_equal(n, 2);
	assert_int_equal(rules[0].version, 1);
	assert_int_equal(rules[1].ncrit, 2);
	/* the migration's defaults are there */
	assert_int_equal(store_tier_rule_list(f->st, &f->a, "tech_sme", "100000", &rules, &n), TB_OK);
	assert_int_equal(n, 1);
	assert_int_equal(rules[0].nbands, 20);
	assert_int_equal(store_tier_rule_retire(f->st, r.id, "2025-12-31"), TB_OK);
	assert_int_equal(store_tier_rule_get(f->st, &f->a, r.id, &got), TB_OK);
	assert_string_equal(got.valid_to, "2025-12-31");
	assert_int_equal(store_tier_rule_retire(f->st, 999999, "2025-12-31"), TB_ENOTFOUND);

	memset(&fa, 0, sizeof(fa));
	fa.org_id = f->ent; fa.year = 2023; fa.staff = 120; fa.st_staff = 30;
	fa.revenue_fen = 5000000000; fa.total_cost_fen = -1; fa.rd_fen = 200000000;
	fa.assets_fen = -1; fa.liabilities_fen = -1; fa.vc_round_fen = -1;
	fa.ip_class1 = 1; fa.ip_class2 = -1; fa.valuation_usd = -1; fa.listed = 0;
	fa.rd_institution = -1; fa.hightech_rev_pct = 65.5; fa.rd_china_pct = -1;
	fa.main_business_pct = -1; fa.niche_share_pct = -1; fa.founded_on = "2019-03-01";
	fa.source = "annual report";
	assert_int_equal(store_facts_put(f->st, &fa), TB_OK);
	fa.staff = 130; /* same (org, year): replaces */
	assert_int_equal(store_facts_put(f->st, &fa), TB_OK);
	fa.year = 2022;
	assert_int_equal(store_facts_put(f->st, &fa), TB_OK);
	assert_int_equal(store_facts_list(f->st, &f->a, f->ent, 0, &facts, &n), TB_OK);
	assert_int_equal(n, 2);
	assert_int_equal(facts[0].year, 2022);
	assert_int_equal(facts[1].staff, 130);
	assert_int_equal(facts[1].total_cost_fen, -1);
	assert_true(facts[1].rd_china_pct == -1);
	assert_true(facts[1].hightech_rev_pct == 65.5);
	assert_string_equal(facts[1].founded_on, "2019-03-01");
	assert_string_equal(facts[1].source, "annual report");
	assert_int_equal(store_facts_list(f->st, &f->a, 0, 2023, &facts, &n), TB_OK);
	assert_true(n >= 1);

	res = (struct tier_result){ f->ent, 2023, "gazelle", r.id, 2, 1, -1, NULL };
	assert_int_equal(store_tier_result_put(f->st, &res), TB_OK);
	res.eligible = 0;
	res.score = 72;
	assert_int_equal(store_tier_result_put(f->st, &res), TB_OK);
	assert_int_equal(store_tier_result_list(f->st, &f->a, f->ent, 2023, NULL, &results, &n), TB_OK);
	assert_int_equal(n, 1);
	assert_int_equal(results[0].eligible, 0);
	assert_int_equal(results[0].rule_version, 2);
	assert_true(results[0].score == 72);
	assert_non_null(results[0].evaluated_at);

	c = (struct tier_cert){ f->ent, "high_tech", 2023, "2023-12-01", "2026-11-30", "list 2023", NULL };
	assert_int_equal(store_tier_cert_put(f->st, &c), TB_OK);
	c.valid_to = "2026-12-31";
	assert_int_equal(store_tier_cert_put(f->st, &c), TB_OK);
	assert_int_equal(store_tier_cert_list(f->st, &f->a, &(struct cert_query){ f->ent, NULL, 0, NULL, -1, 0 }, &certs, &n, NULL), TB_OK);
	assert_int_equal(n, 1);
	assert_string_equal(certs[0].valid_to, "2026-12-31");
	assert_string_equal(certs[0].source, "list 2023");
	/* the list names the organisation (the dashboard's drill-down shows it) */
	assert_string_equal(certs[0].org_name, tagged(f, "大连重工"));
	assert_int_equal(store_tier_cert_list(f->st, &f->a, &(struct cert_query){ 0, "high_tech", 2022, NULL, -1, 0 }, &certs, &n, NULL), TB_OK);
	assert_int_equal(n, 0);
	/* the owner-region filter (the dashboard's list for a city matches its
	 * figure): the enterprise is in 大连, so 大连 lists it and 沈阳 does not */
	{
		struct ach_region_filter in_dl = { .in_province = 1, .city = "大连" };
		struct ach_region_filter in_sy = { .in_province = 1, .city = "沈阳" };
		assert_int_equal(store_tier_cert_list(f->st, &f->a, &(struct cert_query){ 0, "high_tech", 2023, &in_dl, -1, 0 }, &certs, &n, NULL), TB_OK);
		assert_int_equal(n, 1);
		assert_int_equal(certs[0].org_id, f->ent);
		assert_int_equal(store_tier_cert_list(f->st, &f->a, &(struct cert_query){ 0, "high_tech", 2023, &in_sy, -1, 0 }, &certs, &n, NULL), TB_OK);
		assert_int_equal(n, 0);
	}
	/* paged in the database: a page and the whole list's total (the API read
	 * the whole list for every page) */
	{
		int64_t total = -1, all;
		struct tier_cert *every;
		int nall;
		assert_int_equal(store_tier_cert_list(f->st, &f->a, &(struct cert_query){ 0, NULL, 0, NULL, -1, 0 }, &every, &nall, &all), TB_OK);
		assert_true(all >= 1);
		assert_int_equal(nall, (int)all);
		assert_int_equal(store_tier_cert_list(f->st, &f->a, &(struct cert_query){ 0, NULL, 0, NULL, 1, (int)all - 1 }, &certs, &n, &total), TB_OK);
		assert_int_equal(n, 1);
		assert_int_equal(total, all);
		assert_int_equal(certs[0].org_id, every[nall - 1].org_id);
		assert_int_equal(store_tier_cert_list(f->st, &f->a, &(struct cert_query){ 0, NULL, 0, NULL, 5, (int)all }, &certs, &n, &total), TB_OK);
		assert_int_equal(n, 0);
		assert_int_equal(total, all);
	}

	/* new on a year's list = not on the year before's; the region filter applies */
	struct ach_region_filter rf = { .in_province = 1 };
	int64_t cnt;
	assert_int_equal(store_cert_count_new(f->st, "high_tech", 2023, &rf, &cnt), TB_OK);
	assert_int_equal(cnt, 1);
	c.year = 2022;
	assert_int_equal(store_tier_cert_put(f->st, &c), TB_OK);
	assert_int_equal(store_cert_count_new(f->st, "high_tech", 2023, &rf, &cnt), TB_OK);
	assert_int_equal(cnt, 0);
	assert_int_equal(store_cert_count_new(f->st, "high_tech", 2022, &rf, &cnt), TB_OK);
	assert_int_equal(cnt, 1);
	rf.in_province = 0;
	rf.city = "沈阳";
	assert_int_equal(store_cert_count_new(f->st, "high_tech", 2022, &rf, &cnt), TB_OK);
	assert_int_equal(cnt, 0);

	/* collections: a second add is a no-op; counted by name */
	struct achievement x = mk_ach(f, "收集", 8, "published");
	assert_int_equal(store_achievement_insert(f->st, &x), TB_OK);
	assert_int_equal(store_collection_count(f->st, "mature", &cnt), TB_OK);
	assert_int_equal(cnt, 0);
	assert_int_equal(store_collection_add(f->st, "mature", x.id, "2024-07-01"), TB_OK);
	assert_int_equal(store_collection_add(f->st, "mature", x.id, "2024-07-02"), TB_OK);
	assert_int_equal(store_collection_count(f->st, "mature", &cnt), TB_OK);
	assert_int_equal(cnt, 1);
	assert_int_equal(store_collection_count(f->st, "other", &cnt), TB_OK);
	assert_int_equal(cnt, 0);
}

/* == platform registry (issue #15): kinds from the table, hosts with the
 * record, filters and grouped counts, the guarded status change, links. == */
static void test_platforms(void **state)
{
	struct fx *f = *state;
	struct platform_kind *kinds;
	struct platform p, got, *rows;
	struct platform_query q;
	struct platform_count *cnt;
	struct platform_link l, *links;
	int64_t hosts[] = { f->uni, f->ent }, total;
	int n;

	assert_int_equal(store_platform_kinds(f->st, &f->a, &kinds, &n), TB_OK);
	assert_true(n >= 9);
	assert_string_equal(kinds[0].key, "key_lab");
	assert_string_equal(kinds[0].en, "key laboratory");
	memset(&p, 0, sizeof(p));
	p.name = tagged(f, "材料重点实验室"); p.kind = "key_lab"; p.level = "provincial";
	p.city = "沈阳"; p.district = "浑南区"; p.year = 2019; p.field = "新材料"; p.status = "active";
	p.batch = "2019"; p.approval_body = "辽宁省科学技术厅"; p.hosts = hosts; p.nhosts = 2;
	assert_int_equal(store_platform_insert(f->st, &p), TB_OK);
	assert_true(p.id > 0);
	int64_t first = p.id;
	p.name = tagged(f, "企业技术中心"); p.kind = "enterprise_tech_centre"; p.level = "national";
	p.year = 2022; p.nhosts = 1; p.hosts = &hosts[1]; p.district = NULL;
	assert_int_equal(store_platform_insert(f->st, &p), TB_OK);
	assert_int_equal(store_platform_get(f->st, &f->a, first, &got), TB_OK);
	assert_string_equal(got.kind, "key_lab");
	assert_string_equal(got.district, "浑南区");
	assert_int_equal(got.year, 2019);
	assert_int_equal(got.nhosts, 2);
	assert_int_equal(store_platform_get(f->st, &f->a, 999999, &got), TB_ENOTFOUND);

	memset(&q, 0, sizeof(q));
	q.limit = 10;
	q.city = "沈阳";
	q.year_to = 2020;
	assert_int_equal(store_platform_list(f->st, &f->a, &q, &rows, &n, &total), TB_OK);
	assert_int_equal(total, 1);
	assert_int_equal(rows[0].id, first);
	q.year_to = 0;
	q.host_org = f->ent;
	assert_int_equal(store_platform_list(f->st, &f->a, &q, &rows, &n, &total), TB_OK);
	assert_int_equal(total, 2);
	q.host_org = 0;
	assert_int_equal(store_platform_counts(f->st, &f->a, "level", &q, &cnt, &n), TB_OK);
	assert_int_equal(n, 2);
	assert_int_equal(cnt[0].count, 1);
	assert_int_equal(store_platform_counts(f->st, &f->a, "year", &q, &cnt, &n), TB_OK);
	assert_string_equal(cnt[0].key, "2019");
	assert_int_equal(store_platform_counts(f->st, &f->a, "name; DROP", &q, &cnt, &n), TB_EINVAL);

	assert_int_equal(store_platform_set_status(f->st, first, "active", "under_evaluation", "2023: good"), TB_OK);
	assert_int_equal(store_platform_set_status(f->st, first, "active", "revoked", NULL), TB_ESTATE);
	assert_int_equal(store_platform_get(f->st, &f->a, first, &got), TB_OK);
	assert_string_equal(got.status, "under_evaluation");
	assert_string_equal(got.evaluation, "2023: good");

	struct achievement x = mk_ach(f, "平台成果", 7, "published");
	assert_int_equal(store_achievement_insert(f->st, &x), TB_OK);
	l = (struct platform_link){ first, "achievement", x.id };
	assert_int_equal(store_platform_link_add(f->st, &l), TB_OK);
	assert_int_equal(store_platform_link_add(f->st, &l), TB_OK);
	assert_int_equal(store_platform_links(f->st, &f->a, first, &links, &n), TB_OK);
	assert_int_equal(n, 1);
	assert_int_equal(links[0].ref_id, x.id);
	memset(&q, 0, sizeof(q));
	q.limit = 10;
	q.link_kind = "achievement";
	q.link_ref = x.id;
	assert_int_equal(store_platform_list(f->st, &f->a, &q, &rows, &n, &total), TB_OK);
	assert_int_equal(total, 1);
}

/* == release (issue #16): payment schedules, validity, lease, notifications ==
 * Guards against: instalments lost or reordered, a life-cycle query that
 * finds rows it must not (drafts, reminded rows), a status change that
 * ignores the expected status, two nodes holding the maintenance lease at
 * once, and a notification made twice. */

static bool has_id(const int64_t *ids, int n, int64_t id)
{
	for (int i = 0; i < n; i++)
		if (ids[i] == id)
			return true;
	return false;
}

static void test_release_schedule(void **state)
{
	struct fx *f = *state;
	struct contract c = mk_contract(f, 901, "2030-02-01", 0);
	struct instalment in[3] = { { 1, "2030-03-01", 30000000 }, { 2, "2030-09-01", 30000000 },
	                            { 3, "2031-03-01", 40000000 } };
	struct instalment *out;
	int n = -1;

	c.payment_mode = "instalments";
	assert_int_equal(store_contract_insert(f->st, &c), TB_OK);
	assert_int_equal(store_contract_schedule_get(f->st, &f->a, c.id, &out, &n), TB_OK);
	assert_int_equal(n, 0);
	assert_int_equal(store_contract_schedule_put(f->st, c.id, in, 3), TB_OK);
	assert_int_equal(store_contract_schedule_get(f->st, &f->a, c.id, &out, &n), TB_OK);
	assert_int_equal(n, 3);
	assert_int_equal(out[2].seq, 3);
	assert_string_equal(out[2].due_on, "2031-03-01");
	assert_int_equal(out[2].amount_fen, 40000000);
	/* put replaces */
	assert_int_equal(store_contract_schedule_put(f->st, c.id, in + 1, 2), TB_OK);
	assert_int_equal(store_contract_schedule_get(f->st, &f->a, c.id, &out, &n), TB_OK);
	assert_int_equal(n, 2);
	assert_int_equal(out[0].seq, 1);
	assert_string_equal(out[0].due_on, "2030-09-01");
	{
		struct contract got;
		assert_int_equal(store_contract_get(f->st, &f->a, c.id, &got), TB_OK);
		assert_string_equal(got.payment_mode, "instalments");
	}
}

static void test_release_validity(void **state)
{
	struct fx *f = *state;
	struct achievement a = mk_ach(f, "有效期成果", 6, "published"), b = mk_ach(f, "草稿", 6, "draft");
	struct achievement got;
	struct demand d, dg;
	int64_t *ids;
	int n, assigned = -1;

	a.published_at = "2030-01-10T00:00:00Z";
	a.payment_modes = PAY_ROYALTY | PAY_LUMP_SUM;
	assert_int_equal(store_achievement_insert(f->st, &a), TB_OK);
	assert_int_equal(store_achievement_insert(f->st, &b), TB_OK);
	assert_int_equal(store_cat_assign_expiry(f->st, true, 365, &assigned), TB_OK);
	assert_true(assigned >= 1);
	assert_int_equal(store_achievement_get(f->st, &f->a, a.id, &got), TB_OK);
	assert_string_equal(got.expires_at, "2031-01-10");
	assert_int_equal(got.payment_modes, PAY_ROYALTY | PAY_LUMP_SUM);
	assert_int_equal(store_achievement_get(f->st, &f->a, b.id, &got), TB_OK);
	assert_null(got.expires_at);                       /* drafts have no validity */

	assert_int_equal(store_cat_due(f->st, &f->a, true, "remind", "2031-01-01", 10000, &ids, &n), TB_OK);
	assert_false(has_id(ids, n, a.id));
	assert_int_equal(store_cat_due(f->st, &f->a, true, "remind", "2031-01-10", 10000, &ids, &n), TB_OK);
	assert_true(has_id(ids, n, a.id));
	assert_int_equal(store_cat_mark_reminded(f->st, true, a.id, "2031-01-01T00:00:00Z"), TB_OK);
	assert_int_equal(store_cat_due(f->st, &f->a, true, "remind", "2031-01-10", 10000, &ids, &n), TB_OK);
	assert_false(has_id(ids, n, a.id));                /* reminded once */
	assert_int_equal(store_cat_due(f->st, &f->a, true, "expire", "2031-01-10", 10000, &ids, &n), TB_OK);
	assert_false(has_id(ids, n, a.id));                /* valid through its last day */
	assert_int_equal(store_cat_due(f->st, &f->a, true, "expire", "2031-01-11", 10000, &ids, &n), TB_OK);
	assert_true(has_id(ids, n, a.id));
	assert_false(has_id(ids, n, b.id));
	assert_int_equal(store_cat_due(f->st, &f->a, true, "bogus", "2031-01-11", 10, &ids, &n), TB_EINVAL);

	/* the expected-status guard */
	assert_int_equal(store_cat_set_status_if(f->st, true, a.id, "draft", "expired", "x"), TB_ESTATE);
	assert_int_equal(store_cat_set_status_if(f->st, true, a.id, "published", "expired", "ended"), TB_OK);
	assert_int_equal(store_achievement_get(f->st, &f->a, a.id, &got), TB_OK);
	assert_string_equal(got.status, "expired");
	assert_string_equal(got.review_note, "ended");
	assert_int_equal(store_cat_set_status_if(f->st, true, a.id, "published", "expired", NULL), TB_ESTATE);
	/* renewal: a new end, the reminder mark cleared */
	assert_int_equal(store_cat_set_expiry(f->st, true, a.id, "2032-01-10"), TB_OK);
	assert_int_equal(store_cat_set_status_if(f->st, true, a.id, "expired", "published", NULL), TB_OK);
	assert_int_equal(store_cat_due(f->st, &f->a, true, "remind", "2032-01-10", 10000, &ids, &n), TB_OK);
	assert_true(has_id(ids, n, a.id));
	assert_int_equal(store_cat_set_expiry(f->st, true, 99999999, "2032-01-10"), TB_ENOTFOUND);
	assert_int_equal(store_cat_mark_reminded(f->st, true, 99999999, "2032-01-10T00:00:00Z"), TB_ENOTFOUND);

	/* demands: deadline passed, and realised by a live contract */
	memset(&d, 0, sizeof(d));
	d.title_zh = tagged(f, "期限需求");
	d.desc_zh = "描述";
	d.org_id = f->ent;
	d.budget_min = d.budget_max = -1;
	d.deadline = "2030-06-30";
	d.status = "published";
	assert_int_equal(store_demand_insert(f->st, &d), TB_OK);
	assert_int_equal(store_cat_due(f->st, &f->a, false, "deadline", "2030-06-30", 10000, &ids, &n), TB_OK);
	assert_false(has_id(ids, n, d.id));
	assert_int_equal(store_cat_due(f->st, &f->a, false, "deadline", "2030-07-01", 10000, &ids, &n), TB_OK);
	assert_true(has_id(ids, n, d.id));
	assert_int_equal(store_cat_due(f->st, &f->a, false, "realised", "2030-07-01", 10000, &ids, &n), TB_OK);
	assert_false(has_id(ids, n, d.id));
	{
		struct contract c = mk_contract(f, 902, "2030-02-01", 0);
		c.demand_id = d.id;
		assert_int_equal(store_contract_insert(f->st, &c), TB_OK);
	}
	assert_int_equal(store_cat_due(f->st, &f->a, false, "realised", "2030-07-01", 10000, &ids, &n), TB_OK);
	assert_true(has_id(ids, n, d.id));
	assert_int_equal(store_cat_set_status_if(f->st, false, d.id, "published", "closed", "done"), TB_OK);
	assert_int_equal(store_demand_get(f->st, &f->a, d.id, &dg), TB_OK);
	assert_string_equal(dg.status, "closed");
	assert_int_equal(store_cat_due(f->st, &f->a, false, "realised", "2030-07-01", 10000, &ids, &n), TB_OK);
	assert_false(has_id(ids, n, d.id));
}

static void test_release_lease(void **state)
{
	struct fx *f = *state;
	const char *name = tagged(f, "lease");
	int got = -1;

	assert_int_equal(store_lease_acquire(f->st, name, "node-a", 1000, 60, &got), TB_OK);
	assert_int_equal(got, 1);
	assert_int_equal(store_lease_acquire(f->st, name, "node-b", 1030, 60, &got), TB_OK);
	assert_int_equal(got, 0);                          /* held by a */
	assert_int_equal(store_lease_acquire(f->st, name, "node-a", 1030, 60, &got), TB_OK);
	assert_int_equal(got, 1);                          /* the holder extends it */
	assert_int_equal(store_lease_acquire(f->st, name, "node-b", 1089, 60, &got), TB_OK);
	assert_int_equal(got, 0);                          /* until 1090: still a's at 1089 ... */
	assert_int_equal(store_lease_acquire(f->st, name, "node-b", 1100, 60, &got), TB_OK);
	assert_int_equal(got, 1);                          /* ... lapsed: b takes it */
	assert_int_equal(store_lease_release(f->st, name, "node-a"), TB_OK); /* not a's: no effect */
	assert_int_equal(store_lease_acquire(f->st, name, "node-a", 1101, 60, &got), TB_OK);
	assert_int_equal(got, 0);
	assert_int_equal(store_lease_release(f->st, name, "node-b"), TB_OK);
	assert_int_equal(store_lease_acquire(f->st, name, "node-a", 1101, 60, &got), TB_OK);
	assert_int_equal(got, 1);
}

static void test_release_notifications(void **state)
{
	struct fx *f = *state;
	struct notification nt, *rows;
	int created = -1, n;

	memset(&nt, 0, sizeof(nt));
	nt.org_id = f->uni;
	nt.kind = "expiry_reminder";
	nt.item_kind = "achievement";
	nt.item_id = 424242;
	nt.text_zh = "将到期";
	nt.text_en = "expires soon";
	assert_int_equal(store_notify_insert(f->st, &nt, &created), TB_OK);
	assert_int_equal(created, 1);
	assert_true(nt.id > 0);
	assert_int_equal(store_notify_insert(f->st, &nt, &created), TB_OK);
	assert_int_equal(created, 0);                      /* once per (kind, item, recipient) */
	assert_int_equal(store_notify_list(f->st, &f->a, 0, f->uni, 50, &rows, &n), TB_OK);
	assert_int_equal(n, 1);
	assert_string_equal(rows[0].text_en, "expires soon");
	assert_null(rows[0].read_at);
	assert_int_equal(store_notify_list(f->st, &f->a, 0, f->ent, 50, &rows, &n), TB_OK);
	assert_int_equal(n, 0);                            /* another organisation's */
	assert_int_equal(store_notify_read(f->st, 0, f->ent, nt.id), TB_ENOTFOUND);
	assert_int_equal(store_notify_read(f->st, 0, f->uni, nt.id), TB_OK);
	assert_int_equal(store_notify_list(f->st, &f->a, 0, f->uni, 50, &rows, &n), TB_OK);
	assert_non_null(rows[0].read_at);
}

static void test_release_subscriptions(void **state)
{
	struct fx *f = *state;
	struct user u;
	struct subscription x, *rows;
	int n;

	memset(&u, 0, sizeof(u));
	u.email = tagged(f, "sub@x.cn");
	u.role = "member";
	u.org_id = f->uni;
	u.pw_hash = "x";
	assert_int_equal(store_user_insert(f->st, &u), TB_OK);
	memset(&x, 0, sizeof(x));
	x.user_id = u.id;
	x.kind = "search";
	x.target = "achievement";
	x.q = "钠离子 battery";
	x.field = "新能源";
	x.trl_min = 4;
	assert_int_equal(store_sub_insert(f->st, &x), TB_OK);
	assert_true(x.id > 0);
	assert_int_equal(store_sub_list(f->st, &f->a, u.id, NULL, &rows, &n), TB_OK);
	assert_int_equal(n, 1);
	assert_string_equal(rows[0].q, "钠离子 battery");
	assert_int_equal(rows[0].trl_min, 4);
	assert_int_equal(store_sub_list(f->st, &f->a, u.id, "demand", &rows, &n), TB_OK);
	assert_int_equal(n, 0);
	assert_int_equal(store_sub_delete(f->st, u.id + 1000000, x.id), TB_ENOTFOUND); /* not theirs */
	assert_int_equal(store_sub_delete(f->st, u.id, x.id), TB_OK);
	assert_int_equal(store_sub_list(f->st, &f->a, u.id, NULL, &rows, &n), TB_OK);
	assert_int_equal(n, 0);
}

static void test_release_mail(void **state)
{
	struct fx *f = *state;
	struct user u;
	struct notification nt, *rows;
	struct mail_due *due;
	const char *digest = NULL;
	unsigned char k1[32], k2[32], cand[32], got[32];
	int created, n;
	bool found;

	memset(&u, 0, sizeof(u));
	u.email = tagged(f, "mail@x.cn");
	u.role = "member";
	u.pw_hash = "x";
	assert_int_equal(store_user_insert(f->st, &u), TB_OK);
	assert_int_equal(store_mail_pref_get(f->st, &f->a, u.id, &digest), TB_OK);
	assert_string_equal(digest, "none");
	assert_int_equal(store_mail_pref_put(f->st, u.id, "daily"), TB_OK);
	assert_int_equal(store_mail_pref_get(f->st, &f->a, u.id, &digest), TB_OK);
	assert_string_equal(digest, "daily");
	assert_int_equal(store_mail_due(f->st, &f->a, 1000, 10000, &due, &n), TB_OK);
	found = false;
	for (int i = 0; i < n; i++)
		found |= due[i].user_id == u.id && !strcmp(due[i].email, u.email);
	assert_true(found);
	memset(&nt, 0, sizeof(nt));
	nt.user_id = u.id; nt.kind = "alert"; nt.item_kind = "demand"; nt.item_id = 5;
	nt.text_zh = "新"; nt.text_en = "new";
	assert_int_equal(store_notify_insert(f->st, &nt, &created), TB_OK);
	assert_int_equal(store_mail_pending(f->st, &f->a, u.id, 10, &rows, &n), TB_OK);
	assert_int_equal(n, 1);
	assert_int_equal(rows[0].id, nt.id);
	/* a failure marks nothing and moves the next try */
	assert_int_equal(store_mail_failed(f->st, u.id, 1, 1060), TB_OK);
	assert_int_equal(store_mail_due(f->st, &f->a, 1059, 10000, &due, &n), TB_OK);
	for (int i = 0; i < n; i++)
		assert_true(due[i].user_id != u.id);
	assert_int_equal(store_mail_due(f->st, &f->a, 1060, 10000, &due, &n), TB_OK);
	found = false;
	for (int i = 0; i < n; i++)
		if (due[i].user_id == u.id)
			found = due[i].failures == 1;
	assert_true(found);
	assert_int_equal(store_mail_pending(f->st, &f->a, u.id, 10, &rows, &n), TB_OK);
	assert_int_equal(n, 1);
	assert_int_equal(store_mail_sent(f->st, u.id, nt.id, 90000), TB_OK);
	assert_int_equal(store_mail_pending(f->st, &f->a, u.id, 10, &rows, &n), TB_OK);
	assert_int_equal(n, 0);
	/* unsubscribed users are never due */
	assert_int_equal(store_mail_pref_put(f->st, u.id, "none"), TB_OK);
	assert_int_equal(store_mail_due(f->st, &f->a, 100000, 10000, &due, &n), TB_OK);
	for (int i = 0; i < n; i++)
		assert_true(due[i].user_id != u.id);
	/* the server key: the first candidate wins, every later call reads it */
	memset(k1, 1, sizeof(k1));
	memset(k2, 2, sizeof(k2));
	assert_int_equal(store_server_key(f->st, tagged(f, "k"), k1, 32, got), TB_OK);
	assert_memory_equal(got, k1, 32);
	assert_int_equal(store_server_key(f->st, tagged(f, "k"), k2, 32, cand), TB_OK);
	assert_memory_equal(cand, k1, 32);
}

/* The read path's operations (issue #17): public_version moves with public
 * data only; revenue per owning organisation in one grouped query, narrowed
 * by the owner's city; contracts summed per period and group in the database,
 * equal to what streaming the rows gives. Counts are taken as differences, so
 * the case holds on a database that is not empty. */
struct sum_ctx { int64_t count[4], fen[4]; char period[4][12]; int n; };
static int sum_cb(void *ctx, const struct contract_sum *sum)
{
	struct sum_ctx *c = ctx;
	for (int i = 0; i < c->n; i++)
		if (!strcmp(c->period[i], sum->period)) {
			c->count[i] += sum->count;
			c->fen[i] += sum->amount_fen;
			return 0;
		}
	if (c->n < 4) {
		snprintf(c->period[c->n], sizeof(c->period[0]), "%s", sum->period);
		c->count[c->n] = sum->count;
		c->fen[c->n++] = sum->amount_fen;
	}
	return 0;
}
static int64_t sum_of(const struct sum_ctx *c, const char *period, bool fen)
{
	for (int i = 0; i < c->n; i++)
		if (!strcmp(c->period[i], period))
			return fen ? c->fen[i] : c->count[i];
	return 0;
}

/* The change log (issue #12): every committed write of a row a node indexes
 * or caches appends a row in the same transaction; a rolled-back write
 * appends none; drafts are not logged (not public); reads are bounded and
 * ordered; the wait returns as soon as another connection commits and not
 * before; pruning keeps the last seq. Guards against: a write path that
 * forgets the log (the CLI import that stayed invisible to a server until it
 * restarted), a log row that outlives its rolled-back write, and a wait that
 * spins or sleeps through a commit. */
struct cl_writer { const char *url; int64_t org_id; int delay_ms; int rc; };
static void *cl_write_later(void *p)
{
	struct cl_writer *w = p;
	struct store *st = NULL;
	struct timespec nap = { 0, (long)w->delay_ms * 1000000L };
	struct org o;
	nanosleep(&nap, NULL);
	w->rc = store_open(w->url, &st);
	/* an update of an organisation is logged whatever its fields */
	if (!w->rc) {
		struct arena a;
		arena_init(&a, 1 << 20);
		w->rc = store_org_get(st, &a, w->org_id, &o);
		if (!w->rc) {
			o.name_en = "changed by another connection";
			w->rc = store_org_update(st, &o);
		}
		arena_release(&a);
	}
	store_close(st);
	return NULL;
}

static int64_t ms_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void test_change_log(void **state)
{
	struct fx *f = *state;
	struct achievement a = mk_ach(f, "变更日志", 6, "draft"), b = mk_ach(f, "回滚", 5, "draft");
	struct change *rows;
	int64_t first0, last0, first, last, pub, deleted, t0;
	int n;

	assert_int_equal(store_changes_last(f->st, &first0, &last0), TB_OK);
	assert_true(last0 >= 2); /* the fixture's two organisations */
	/* transaction fences: PostgreSQL's snapshot bounds (done <= next; a
	 * write transaction open on another connection lies between them, so a
	 * follower keeps the holes it may still fill); SQLite has none */
	{
		int64_t next, done, next2, done2;
		int frc = store_changes_fence(f->st, &next, &done);
		const char *url = getenv("TB_STORE_URL");
		bool pg = url && !strncmp(url, "postgres", 8);
		assert_int_equal(frc, pg ? TB_OK : TB_EINVAL);
		if (pg) {
			assert_true(done > 0 && done <= next);
			assert_int_equal(store_changes_fence(f->st, &next2, &done2), TB_OK);
			assert_true(next2 >= next && done2 <= next2);
		}
	}
	assert_int_equal(store_public_version(f->st, &pub), TB_OK);
	assert_int_equal(pub, last0);

	/* a draft is not public: not logged */
	assert_int_equal(store_achievement_insert(f->st, &a), TB_OK);
	assert_int_equal(store_changes_last(f->st, &first, &last), TB_OK);
	assert_int_equal(last, last0);
	/* publishing it is, once, naming the row */
	assert_int_equal(store_achievement_set_status(f->st, a.id, "draft", "published", NULL), TB_OK);
	assert_int_equal(store_changes_after(f->st, &f->a, last0, 0, 10, &rows, &n), TB_OK);
	assert_int_equal(n, 1);
	assert_int_equal(rows[0].seq, last0 + 1);
	assert_string_equal(rows[0].entity, "achievement");
	assert_int_equal(rows[0].entity_id, a.id);
	assert_string_equal(rows[0].op, "update");
	assert_int_equal(strlen(rows[0].at), 20); /* YYYY-MM-DDTHH:MM:SSZ */
	assert_int_equal(store_public_version(f->st, &pub), TB_OK);
	assert_int_equal(pub, last0 + 1);

	/* a write rolled back leaves no change behind */
	b.status = "published";
	assert_int_equal(store_begin(f->st), TB_OK);
	assert_int_equal(store_achievement_insert(f->st, &b), TB_OK);
	assert_int_equal(store_rollback(f->st), TB_OK);
	assert_int_equal(store_changes_last(f->st, &first, &last), TB_OK);
	assert_int_equal(last, last0 + 1);

	/* several in one transaction: in order, bounded by limit and upto (on
	 * PostgreSQL the rolled-back insert above used up a seq: a gap, which
	 * followers handle; SQLite has none) */
	assert_int_equal(store_begin(f->st), TB_OK);
	assert_int_equal(store_achievement_set_status(f->st, a.id, "published", "withdrawn", NULL), TB_OK);
	assert_int_equal(store_achievement_set_status(f->st, a.id, "withdrawn", "published", NULL), TB_OK);
	assert_int_equal(store_commit(f->st), TB_OK);
	{
		int64_t p1 = last0 + 1, p2, p3, p4;
		assert_int_equal(store_changes_after(f->st, &f->a, p1, 0, 2, &rows, &n), TB_OK);
		assert_int_equal(n, 2);
		p2 = rows[0].seq;
		p3 = rows[1].seq;
		assert_true(p1 < p2 && p2 < p3);
		assert_int_equal(store_changes_after(f->st, &f->a, last0, p3, 10, &rows, &n), TB_OK);
		assert_int_equal(n, 3);
		assert_int_equal(rows[2].seq, p3);
		assert_int_equal(store_changes_after(f->st, &f->a, p3, 0, 10, &rows, &n), TB_OK);
		assert_int_equal(n, 0);
		assert_int_equal(store_changes_after(f->st, &f->a, last0, 0, 0, &rows, &n), TB_EINVAL);
		assert_int_equal(store_changes_after(f->st, &f->a, last0, 0, 10001, &rows, &n), TB_EINVAL);

		/* wait: something after `after` already: at once */
		t0 = ms_now();
		assert_int_equal(store_changes_wait(f->st, last0, 5000, &last), TB_OK);
		assert_int_equal(last, p3);
		assert_true(ms_now() - t0 < 1000);
		/* nothing new: the whole timeout, then the same last */
		t0 = ms_now();
		assert_int_equal(store_changes_wait(f->st, p3, 60, &last), TB_OK);
		assert_int_equal(last, p3);
		assert_true(ms_now() - t0 >= 55);
		/* another connection commits while we wait: woken well before the timeout */
		{
			struct cl_writer w = { f->path, f->uni, 80, -1 };
			pthread_t th;
			assert_int_equal(pthread_create(&th, NULL, cl_write_later, &w), 0);
			t0 = ms_now();
			assert_int_equal(store_changes_wait(f->st, p3, 10000, &last), TB_OK);
			pthread_join(th, NULL);
			assert_int_equal(w.rc, TB_OK);
			assert_true(ms_now() - t0 < 5000);
			assert_true(last > p3);
			assert_int_equal(store_changes_after(f->st, &f->a, p3, 0, 10, &rows, &n), TB_OK);
			assert_int_equal(n, 1);
			assert_string_equal(rows[0].entity, "org");
			assert_int_equal(rows[0].entity_id, f->uni);
			p4 = rows[0].seq;
		}

		/* prune: old rows go, the last ones stay (the last seq stays known) */
		assert_int_equal(store_changes_prune(f->st, "9999-12-31T00:00:00Z", 0, &deleted), TB_EINVAL);
		assert_int_equal(store_changes_prune(f->st, "2000-01-01T00:00:00Z", 1, &deleted), TB_OK);
		assert_int_equal(deleted, 0);
		assert_int_equal(store_changes_prune(f->st, "9999-12-31T00:00:00Z", p4 - p3 + 1, &deleted), TB_OK);
		assert_true(deleted >= 3);
		assert_int_equal(store_changes_last(f->st, &first, &last), TB_OK);
		assert_int_equal(first, p3);
		assert_int_equal(last, p4);
		assert_int_equal(store_public_version(f->st, &pub), TB_OK);
		assert_int_equal(pub, p4);
		/* a new change follows the last, never reusing a pruned seq */
		assert_int_equal(store_achievement_set_status(f->st, a.id, "published", "withdrawn", NULL), TB_OK);
		assert_int_equal(store_changes_last(f->st, &first, &last), TB_OK);
		assert_true(last > p4);
	}
}

/* Online backup (issue #12, docs/deploy.md): on SQLite a whole copy that
 * opens as a database with the same rows, written under the given name only
 * when complete; other backends refuse (their own tools back them up).
 * Guards against: a backup that is a torn copy of a file being written, and
 * a failed one that leaves a half-written file under the final name. */
static void test_backup(void **state)
{
	struct fx *f = *state;
	struct store *copy = NULL;
	struct org o;
	char dest[128], tmp[140];
	int rc;

	snprintf(dest, sizeof(dest), "%s/tb-conf-backup-%s.db", test_tmpdir(), f->tag);
	snprintf(tmp, sizeof(tmp), "%s.tmp", dest);
	unlink(dest);
	rc = store_backup(f->st, dest);
	if (!strncmp(f->path, "postgres", 8)) {
		assert_int_equal(rc, TB_EINVAL);
		return;
	}
	assert_int_equal(rc, TB_OK);
	assert_int_equal(access(tmp, F_OK), -1);
	assert_int_equal(store_open(dest, &copy), TB_OK);
	assert_int_equal(store_org_get(copy, &f->a, f->uni, &o), TB_OK);
	assert_string_equal(o.name, tagged(f, "东北大学"));
	store_close(copy);
	unlink(dest);
	assert_int_equal(store_backup(f->st, "/nonexistent-dir/tb-backup.db"), TB_EIO);
	assert_int_equal(access("/nonexistent-dir/tb-backup.db", F_OK), -1);
	assert_int_equal(store_backup(f->st, ""), TB_EINVAL);
}

/* Whole-database copy (techbridge migrate --from --to, issue #12): tables
 * parents first, rows of any table with their types, and on the target a
 * transaction whose foreign keys are checked at the finish. Everything on
 * the target side is rolled back here, so the case holds on a shared
 * database. Guards against: a copy order that inserts a child before its
 * parent, a table name that reaches SQL unchecked, and a copy that commits
 * rows referencing nothing. */
struct copy_count { int64_t n; int64_t want_id; bool seen; int cols; };
static int copy_count_cb(void *ctx, const struct copy_row *r)
{
	struct copy_count *c = ctx;
	c->n++;
	c->cols = r->n;
	for (int i = 0; i < r->n; i++)
		if (!strcmp(r->cols[i], "id") && r->v[i].t == COPY_INT && r->v[i].i == c->want_id)
			c->seen = true;
	return 0;
}

static void test_copy(void **state)
{
	struct fx *f = *state;
	const char **names;
	int n, orgs = -1, ach = -1, changes = -1;
	struct copy_count cc = { 0, f->uni, false, 0 };
	struct org o;

	assert_int_equal(store_copy_tables(f->st, &f->a, &names, &n), TB_OK);
	assert_true(n >= 40);
	for (int i = 0; i < n; i++) {
		assert_true(strncmp(names[i], "sqlite_", 7) != 0);
		if (!strcmp(names[i], "orgs")) orgs = i;
		if (!strcmp(names[i], "achievements")) ach = i;
		if (!strcmp(names[i], "changes")) changes = i;
	}
	assert_true(orgs >= 0 && ach > orgs && changes >= 0);

	assert_int_equal(store_copy_rows(f->st, "orgs", copy_count_cb, &cc), TB_OK);
	assert_true(cc.n >= 2 && cc.seen);
	assert_true(cc.cols >= 9);
	assert_int_equal(store_copy_rows(f->st, "no_such_table", copy_count_cb, &cc), TB_EINVAL);
	assert_int_equal(store_copy_rows(f->st, "orgs\"; DROP TABLE orgs; --", copy_count_cb, &cc), TB_EINVAL);

	/* put with ids kept, a clear, and the foreign keys checked at the finish */
	{
		const char *cols[] = { "id", "name", "kind", "created_at", "updated_at" };
		struct copy_val v[] = {
			{ COPY_INT, 90000000 + (int64_t)getpid() % 1000000, 0, NULL, 0 },
			{ COPY_TEXT, 0, 0, "复制测试机构", (int)strlen("复制测试机构") },
			{ COPY_TEXT, 0, 0, "agency", 6 },
			{ COPY_TEXT, 0, 0, "2026-01-01T00:00:00Z", 20 },
			{ COPY_TEXT, 0, 0, "2026-01-01T00:00:00Z", 20 },
		};
		struct copy_row r = { 5, cols, v };
		const char *fcols[] = { "org_id", "tier", "year" };
		struct copy_val fv[] = { { COPY_INT, 99999999, 0, NULL, 0 }, { COPY_TEXT, 0, 0, "high_tech", 9 },
		                         { COPY_INT, 2030, 0, NULL, 0 } };
		struct copy_row orphan = { 3, fcols, fv };
		struct copy_count after = { 0, 0, false, 0 };

		int rc;
		/* each failure in its own transaction: PostgreSQL aborts the rest of one */
		assert_int_equal(store_copy_begin(f->st), TB_OK);
		assert_int_equal(store_copy_put(f->st, "orgs", &r, 1), TB_OK);
		assert_int_equal(store_org_get(f->st, &f->a, v[0].i, &o), TB_OK);
		assert_string_equal(o.name, "复制测试机构");
		assert_int_equal(store_copy_clear(f->st, "contact_requests"), TB_OK);
		assert_int_equal(store_copy_rows(f->st, "contact_requests", copy_count_cb, &after), TB_OK);
		assert_int_equal(after.n, 0);
		assert_int_equal(store_copy_clear(f->st, "nope"), TB_EINVAL);
		assert_int_equal(store_copy_finish(f->st), TB_OK);
		assert_int_equal(store_rollback(f->st), TB_OK);

		assert_int_equal(store_copy_begin(f->st), TB_OK);
		assert_int_equal(store_copy_put(f->st, "orgs", &r, 1), TB_OK);
		assert_int_equal(store_copy_put(f->st, "orgs", &r, 1), TB_ECONFLICT); /* same id */
		assert_int_equal(store_rollback(f->st), TB_OK);

		/* a certification of an organisation that does not exist: refused
		 * at the row (PostgreSQL) or at the finish (SQLite, deferred) */
		assert_int_equal(store_copy_begin(f->st), TB_OK);
		rc = store_copy_put(f->st, "enterprise_certifications", &orphan, 1);
		if (rc == TB_OK)
			rc = store_copy_finish(f->st);
		assert_int_equal(rc, TB_ECONFLICT);
		assert_int_equal(store_rollback(f->st), TB_OK);
		assert_int_equal(store_org_get(f->st, &f->a, v[0].i, &o), TB_ENOTFOUND);
	}
}

static void test_read_path(void **state)
{
	struct fx *f = *state;
	struct achievement a = mk_ach(f, "读路径", 6, "draft");
	struct instrument x;
	struct booking b;
	struct instr_org_revenue *rev;
	struct contract c1, c2;
	struct contract_filter flt;
	struct sum_ctx y0 = { 0 }, y1 = { 0 }, q1 = { 0 };
	int64_t v0 = -1, v1 = -1, v2 = -1, uses0 = 0;
	double fees0 = 0;
	int n;

	/* public_version: a draft is not public; publishing it is */
	assert_int_equal(store_public_version(f->st, &v0), TB_OK);
	assert_int_equal(store_achievement_insert(f->st, &a), TB_OK);
	assert_int_equal(store_public_version(f->st, &v1), TB_OK);
	assert_true(v1 == v0);
	assert_int_equal(store_achievement_set_status(f->st, a.id, "draft", "published", NULL), TB_OK);
	assert_int_equal(store_public_version(f->st, &v2), TB_OK);
	assert_true(v2 > v1);

	/* revenue per owning organisation, narrowed by the owner's city */
	x = mk_instr(f, "质谱仪", 2000000);
	assert_int_equal(store_instrument_insert(f->st, &x), TB_OK);
	assert_int_equal(store_instrument_revenue_by_org(f->st, &f->a, "2032-01-01", "2032-02-01", "沈阳",
	                                            &rev, &n), TB_OK);
	for (int i = 0; i < n; i++)
		if (rev[i].org_id == f->uni) {
			fees0 = rev[i].fees;
			uses0 = rev[i].uses;
		}
	b = mk_booking(x.id, f->ent, "2032-01-05T09:00:00+08:00", "2032-01-05T11:00:00+08:00",
	               "completed");
	b.used_start = b.start_at; b.used_end = b.end_at; b.used_hours = 2; b.billed_qty = 2;
	b.rate = 300; b.fee = 600;
	assert_int_equal(create(f, &b), TB_OK);
	assert_int_equal(store_instrument_revenue_by_org(f->st, &f->a, "2032-01-01", "2032-02-01", "沈阳",
	                                            &rev, &n), TB_OK);
	int found = 0;
	for (int i = 0; i < n; i++)
		if (rev[i].org_id == f->uni) {
			found = 1;
			assert_true(rev[i].fees - fees0 == 600);
			assert_int_equal(rev[i].uses - uses0, 1);
			assert_string_equal(rev[i].city, "沈阳");
		}
	assert_true(found);
	assert_int_equal(store_instrument_revenue_by_org(f->st, &f->a, "2032-01-01", "2032-02-01", "大连",
	                                            &rev, &n), TB_OK);
	for (int i = 0; i < n; i++)
		assert_true(rev[i].org_id != f->uni);   /* the owner is in 沈阳 */

	/* contracts summed per period: the same figures as the rows */
	memset(&flt, 0, sizeof(flt));
	flt.from = "2034-01-01"; flt.to = "2035-01-01";
	assert_int_equal(store_contract_sums(f->st, &flt, CS_YEAR, CS_BY_NONE, sum_cb, &y0), TB_OK);
	c1 = mk_contract(f, 31, "2034-02-01", a.id);
	c2 = mk_contract(f, 32, "2034-05-01", a.id);
	assert_int_equal(store_contract_insert(f->st, &c1), TB_OK);
	assert_int_equal(store_contract_insert(f->st, &c2), TB_OK);
	assert_int_equal(store_contract_sums(f->st, &flt, CS_YEAR, CS_BY_NONE, sum_cb, &y1), TB_OK);
	assert_int_equal(sum_of(&y1, "2034", false) - sum_of(&y0, "2034", false), 2);
	assert_true(sum_of(&y1, "2034", true) - sum_of(&y0, "2034", true) ==
	            c1.amount_fen + c2.amount_fen);
	assert_int_equal(store_contract_sums(f->st, &flt, CS_QUARTER, CS_BY_NONE, sum_cb, &q1), TB_OK);
	assert_true(sum_of(&q1, "2034-Q1", false) >= 1);
	assert_true(sum_of(&q1, "2034-Q2", false) >= 1);
	assert_int_equal(sum_of(&q1, "2034-Q1", false) + sum_of(&q1, "2034-Q2", false) +
	                 sum_of(&q1, "2034-Q3", false) + sum_of(&q1, "2034-Q4", false),
	                 sum_of(&y1, "2034", false));
}

/* == challenges == The contract of the challenge operations: insert/get/
 * update round-trip every column, the listing filters (public_only hides
 * drafts), a status change is guarded by the expected status (TB_ESTATE
 * otherwise), lines are replaced per (owner, kind), expert and score puts are
 * upserts, an objection and a milestone are decided once, and a tranche is
 * paid once (the second pay is TB_ESTATE: the double-payment guard). */
static void test_challenges(void **state)
{
	struct fx *f = *state;
	struct challenge c, got, *rows;
	struct ch_line ln[2], *lg;
	struct ch_app ap, ag, *apps;
	struct ch_expert ex, *exs;
	struct ch_score sc, *scs;
	struct ch_objection ob, *obs;
	struct ch_milestone ms, mg, *mss;
	struct ch_query q;
	struct user u;
	int64_t total, total2;
	int n;

	memset(&c, 0, sizeof(c));
	c.issuer_org_id = f->ent;
	c.end_user_org_id = f->uni;
	c.title_zh = tagged(f, "六轴机器人减速器");
	c.problem = "精度保持性不足";
	c.field = "robotics";
	c.region = "大连";
	c.deadline = "2030-01-01T00:00:00Z";
	c.budget_fen = 300000000;
	c.max_winners = 2;
	c.notice_days = 5;
	memset(&q, 0, sizeof(q));
	q.public_only = 1;
	q.limit = 10;
	assert_int_equal(store_ch_list(f->st, &f->a, &q, &rows, &n, &total), TB_OK);
	assert_int_equal(store_ch_insert(f->st, &c), TB_OK);
	assert_true(c.id > 0);
	assert_string_equal(c.status, "draft");
	assert_int_equal(store_ch_get(f->st, &f->a, c.id, &got), TB_OK);
	assert_string_equal(got.title_zh, c.title_zh);
	assert_int_equal(got.budget_fen, 300000000);
	assert_int_equal(got.end_user_org_id, f->uni);
	assert_int_equal(got.max_winners, 2);
	assert_string_equal(got.issuer_name, tagged(f, "大连重工"));
	got.awarded_fen = 250000000;
	got.notice_end = "2030-02-08";
	assert_int_equal(store_ch_update(f->st, &got), TB_OK);
	assert_int_equal(store_ch_get(f->st, &f->a, c.id, &got), TB_OK);
	assert_int_equal(got.awarded_fen, 250000000);
	assert_string_equal(got.notice_end, "2030-02-08");
	/* drafts are not public */
	assert_int_equal(store_ch_list(f->st, &f->a, &q, &rows, &n, &total2), TB_OK);
	assert_int_equal(total2, total);
	assert_int_equal(store_ch_set_status(f->st, c.id, "submitted", "published", NULL), TB_ESTATE);
	assert_int_equal(store_ch_set_status(f->st, c.id, "draft", "published", "ok"), TB_OK);
	assert_int_equal(store_ch_get(f->st, &f->a, c.id, &got), TB_OK);
	assert_string_equal(got.status, "published");
	assert_non_null(got.published_at);
	assert_int_equal(store_ch_list(f->st, &f->a, &q, &rows, &n, &total2), TB_OK);
	assert_int_equal(total2, total + 1);
	q.q = tagged(f, "六轴机器人减速器");
	assert_int_equal(store_ch_list(f->st, &f->a, &q, &rows, &n, &total2), TB_OK);
	assert_int_equal(total2, 1);
	assert_int_equal(rows[0].id, c.id);

	memset(ln, 0, sizeof(ln));
	ln[0].seq = 1; ln[0].name = "重复定位精度"; ln[0].value = "0.02"; ln[0].unit = "mm";
	ln[1].seq = 2; ln[1].name = "寿命"; ln[1].value = "20000"; ln[1].unit = "h";
	assert_int_equal(store_ch_lines_put(f->st, c.id, 0, "indicator", ln, 2), TB_OK);
	assert_int_equal(store_ch_lines_put(f->st, c.id, 0, "indicator", ln, 1), TB_OK); /* replaces */
	assert_int_equal(store_ch_lines_get(f->st, &f->a, c.id, 0, &lg, &n), TB_OK);
	assert_int_equal(n, 1);
	assert_string_equal(lg[0].kind, "indicator");
	assert_string_equal(lg[0].unit, "mm");
	/* Issue #13: every line comes back - the read stopped at LIMIT 500, so a
	 * longer list was cut short without an error. */
	{
		enum { NMANY = 600 };
		struct ch_line *many = test_malloc(sizeof(*many) * NMANY);
		memset(many, 0, sizeof(*many) * NMANY);
		for (int i = 0; i < NMANY; i++) {
			many[i].seq = i + 1;
			many[i].name = "交付物";
		}
		assert_int_equal(store_ch_lines_put(f->st, c.id, 0, "deliverable", many, NMANY), TB_OK);
		test_free(many);
		assert_int_equal(store_ch_lines_get(f->st, &f->a, c.id, 0, &lg, &n), TB_OK);
		assert_int_equal(n, NMANY + 1);
		assert_string_equal(lg[NMANY - 1].kind, "deliverable"); /* ordered by kind, seq */
		assert_int_equal(lg[NMANY - 1].seq, NMANY);
		assert_string_equal(lg[NMANY].kind, "indicator");
	}

	memset(&ap, 0, sizeof(ap));
	ap.challenge_id = c.id;
	ap.team_org_id = f->uni;
	ap.plan = "plan";
	ap.status = "submitted";
	ap.requested_fen = 100000000;
	assert_int_equal(store_ch_app_insert(f->st, &ap), TB_OK);
	ap.status = "won";
	ap.award_fen = 100000000;
	assert_int_equal(store_ch_app_update(f->st, &ap), TB_OK);
	assert_int_equal(store_ch_app_get(f->st, &f->a, ap.id, &ag), TB_OK);
	assert_string_equal(ag.status, "won");
	assert_int_equal(ag.award_fen, 100000000);
	assert_string_equal(ag.team_name, tagged(f, "东北大学"));
	assert_int_equal(store_ch_app_list(f->st, &f->a, c.id, f->ent, &apps, &n), TB_OK);
	assert_int_equal(n, 0);
	assert_int_equal(store_ch_app_list(f->st, &f->a, c.id, 0, &apps, &n), TB_OK);
	assert_int_equal(n, 1);

	memset(&u, 0, sizeof(u));
	u.email = tagged(f, "expert@x.cn");
	u.role = "member";
	u.org_id = f->uni;
	u.pw_hash = "x";
	assert_int_equal(store_user_insert(f->st, &u), TB_OK);
	memset(&ex, 0, sizeof(ex));
	ex.challenge_id = c.id; ex.user_id = u.id; ex.org_id = f->uni; ex.status = "assigned";
	assert_int_equal(store_ch_expert_put(f->st, &ex), TB_OK);
	ex.status = "excluded"; ex.reason = "applicant";
	assert_int_equal(store_ch_expert_put(f->st, &ex), TB_OK); /* upsert */
	assert_int_equal(store_ch_expert_list(f->st, &f->a, c.id, 0, &exs, &n), TB_OK);
	assert_int_equal(n, 1);
	assert_string_equal(exs[0].status, "excluded");
	assert_string_equal(exs[0].email, u.email);

	memset(&sc, 0, sizeof(sc));
	sc.challenge_id = c.id; sc.app_id = ap.id; sc.expert_id = u.id; sc.criterion = 1; sc.score = 70;
	assert_int_equal(store_ch_score_put(f->st, &sc), TB_OK);
	sc.score = 85;
	assert_int_equal(store_ch_score_put(f->st, &sc), TB_OK);
	assert_int_equal(store_ch_score_list(f->st, &f->a, c.id, &scs, &n), TB_OK);
	assert_int_equal(n, 1);
	assert_int_equal(scs[0].score, 85);

	memset(&ob, 0, sizeof(ob));
	ob.challenge_id = c.id; ob.app_id = ap.id; ob.text = "objection";
	assert_int_equal(store_ch_obj_insert(f->st, &ob), TB_OK);
	assert_int_equal(store_ch_obj_decide(f->st, ob.id, "dismissed", "unfounded"), TB_OK);
	assert_int_equal(store_ch_obj_decide(f->st, ob.id, "upheld", "again"), TB_ESTATE);
	assert_int_equal(store_ch_obj_list(f->st, &f->a, c.id, &obs, &n), TB_OK);
	assert_int_equal(n, 1);
	assert_string_equal(obs[0].status, "dismissed");

	memset(&ms, 0, sizeof(ms));
	ms.challenge_id = c.id; ms.app_id = ap.id; ms.seq = 1; ms.title = "样机";
	ms.due_on = "2030-06-30"; ms.tranche_kind = "initial"; ms.tranche_fen = 30000000;
	assert_int_equal(store_ch_ms_insert(f->st, &ms), TB_OK);
	assert_string_equal(ms.status, "pending");
	assert_int_equal(store_ch_ms_pay(f->st, ms.id, u.id, "2030-07-01T10:00:00Z"), TB_ESTATE); /* not accepted */
	ms.status = "accepted";
	ms.decided_at = "2030-06-30T10:00:00Z";   /* instants: timestamptz on PostgreSQL */
	assert_int_equal(store_ch_ms_set(f->st, &ms, "reported"), TB_ESTATE);
	assert_int_equal(store_ch_ms_set(f->st, &ms, "pending"), TB_OK);
	assert_int_equal(store_ch_ms_pay(f->st, ms.id, u.id, "2030-07-01T10:00:00Z"), TB_OK);
	assert_int_equal(store_ch_ms_pay(f->st, ms.id, u.id, "2030-07-02T10:00:00Z"), TB_ESTATE);
	assert_int_equal(store_ch_ms_get(f->st, &f->a, ms.id, &mg), TB_OK);
	assert_string_equal(mg.status, "paid");
	assert_string_equal(mg.paid_at, "2030-07-01T10:00:00Z");
	assert_int_equal(mg.paid_by, u.id);
	assert_int_equal(store_ch_ms_list(f->st, &f->a, c.id, &mss, &n), TB_OK);
	assert_int_equal(n, 1);
	assert_int_equal(mss[0].tranche_fen, 30000000);
}

/* == bulletins (issue #16) == */
/* The archive: one bulletin per period (a second is TB_ECONFLICT), items in
 * their order, lists newest first; the content queries: listings published
 * in [from, to) and published still, demands closing in a window, figures.
 * Dates are in 2041 so that other tests' rows (today) stay out. */
static void test_bulletins(void **state)
{
	struct fx *f = *state;
	struct achievement x = mk_ach(f, "简报成果", 6, "published"), old = mk_ach(f, "旧成果", 6,
	                                                                           "published");
	struct demand d;
	struct contract c = mk_contract(f, 41, "2041-03-05", 0);
	struct bulletin b, got, *rows;
	struct bulletin_item *items, it[2];
	struct bulletin_figures fig;
	const char *period = tagged(f, "2041-W10");
	int n;

	x.published_at = "2041-03-06T02:00:00Z";
	old.published_at = "2041-02-20T02:00:00Z";
	assert_int_equal(store_achievement_insert(f->st, &x), TB_OK);
	assert_int_equal(store_achievement_insert(f->st, &old), TB_OK);
	memset(&d, 0, sizeof(d));
	d.title_zh = tagged(f, "简报需求");
	d.field = "materials";
	d.org_id = f->ent;
	d.budget_min = d.budget_max = -1;
	d.deadline = "2041-03-15";
	d.status = "published";
	d.published_at = "2041-03-07T02:00:00Z";
	assert_int_equal(store_demand_insert(f->st, &d), TB_OK);
	assert_int_equal(store_contract_insert(f->st, &c), TB_OK);

	assert_int_equal(store_bulletin_new_listings(f->st, &f->a, true, "2041-03-02", "2041-03-09",
	                                             50, &items, &n), TB_OK);
	assert_int_equal(n, 1);                             /* not the one of February */
	assert_int_equal(items[0].ref_id, x.id);
	assert_string_equal(items[0].section, "new_achievement");
	assert_string_equal(items[0].field, "materials");
	assert_string_equal(items[0].date, "2041-03-06");
	assert_non_null(items[0].org);
	assert_int_equal(store_bulletin_new_listings(f->st, &f->a, false, "2041-03-02", "2041-03-09",
	                                             50, &items, &n), TB_OK);
	assert_int_equal(n, 1);
	assert_string_equal(items[0].section, "new_demand");
	assert_int_equal(store_bulletin_closing_demands(f->st, &f->a, "2041-03-09", "2041-03-23", 50,
	                                                &items, &n), TB_OK);
	assert_int_equal(n, 1);
	assert_string_equal(items[0].date, "2041-03-15");
	assert_string_equal(items[0].section, "closing_demand");
	assert_int_equal(store_bulletin_closing_demands(f->st, &f->a, "2041-03-16", "2041-03-30", 50,
	                                                &items, &n), TB_OK);
	assert_int_equal(n, 0);
	assert_int_equal(store_bulletin_figures(f->st, "2041-03-02", "2041-03-09", "2041-03-23", &fig),
	                 TB_OK);
	assert_int_equal(fig.new_achievements, 1);
	assert_int_equal(fig.new_demands, 1);
	assert_int_equal(fig.contracts, 1);
	assert_int_equal(fig.contract_amount_fen, 100000000);
	assert_int_equal(fig.closing_demands, 1);
	assert_true(fig.published_achievements >= 2);

	memset(&b, 0, sizeof(b));
	b.period = period; b.kind = "weekly";
	b.date_from = "2041-03-04"; b.date_to = "2041-03-11"; b.window_to = "2041-03-25";
	b.generated_at = "2041-03-11T00:00:00Z"; b.generated_by = "system";
	b.fig = fig;
	memset(it, 0, sizeof(it));
	it[0].section = "new_achievement"; it[0].ref_id = x.id; it[0].title_zh = "甲"; it[0].field = "f";
	it[1].section = "event"; it[1].ref_id = 7; it[1].title_zh = "乙"; it[1].date = "2041-03-12";
	b.items = it; b.n_items = 2;
	assert_int_equal(store_bulletin_insert(f->st, &b), TB_OK);
	assert_true(b.id > 0);
	assert_int_equal(store_bulletin_insert(f->st, &b), TB_ECONFLICT);  /* once per period */
	assert_int_equal(store_bulletin_get(f->st, &f->a, period, &got), TB_OK);
	assert_string_equal(got.kind, "weekly");
	assert_string_equal(got.window_to, "2041-03-25");
	assert_int_equal(got.fig.contract_amount_fen, 100000000);
	assert_int_equal(got.n_items, 2);
	assert_string_equal(got.items[0].title_zh, "甲");
	assert_string_equal(got.items[1].section, "event");
	assert_string_equal(got.items[1].date, "2041-03-12");
	assert_int_equal(store_bulletin_get(f->st, &f->a, tagged(f, "2041-W11"), &got), TB_ENOTFOUND);
	assert_int_equal(store_bulletin_list(f->st, &f->a, "weekly", 500, &rows, &n), TB_OK);
	assert_true(n >= 1);
	assert_null(rows[0].items);
	for (int i = 0; i < n; i++)
		assert_string_equal(rows[i].kind, "weekly");
	assert_int_equal(store_bulletin_list(f->st, &f->a, "monthly", 500, &rows, &n), TB_OK);
	for (int i = 0; i < n; i++)
		assert_true(strcmp(rows[i].period, period));
}

/* == alliances and service agencies (issue #15) == */
/* Guards: the substantive rule (three members with both a research and an
 * industry side, and an activity in the year asked) computed in the store;
 * member rows upserted (a role change, not a second row); the enterprises an
 * agency served derived from its cases and their contracts, never typed in. */
static void test_alliances_agencies(void **state)
{
	struct fx *f = *state;
	struct alliance x, got, *rows;
	struct alliance_member mem[2];
	struct alliance_query q;
	struct alliance_stats stt;
	struct alliance_activity v, *acts;
	struct agency g, gg, *ags;
	struct agency_query aq;
	struct agency_count *cnt;
	struct agency_client *cl;
	struct org ag, ent2;
	int64_t total;
	int n;

	memset(&ent2, 0, sizeof(ent2));
	ent2.name = tagged(f, "联盟企业"); ent2.kind = "enterprise"; ent2.city = "沈阳";
	assert_int_equal(store_org_insert(f->st, &ent2), TB_OK);
	memset(&x, 0, sizeof(x));
	x.name = tagged(f, "辽宁省机器人产业技术创新战略联盟"); x.level = "provincial"; x.field = "智能制造";
	x.city = "沈阳"; x.founded_on = "2015-06-01"; x.lead_org_id = f->uni;
	mem[0] = (struct alliance_member){ f->uni, "lead", "2015-06-01", NULL, NULL };
	mem[1] = (struct alliance_member){ f->ent, "member", NULL, NULL, NULL };
	x.members = mem; x.nmembers = 2;
	assert_int_equal(store_alliance_insert(f->st, &x), TB_OK);
	assert_true(x.id > 0);
	assert_int_equal(store_alliance_get(f->st, &f->a, x.id, 2023, &got), TB_OK);
	assert_int_equal(got.nmembers, 2);
	assert_string_equal(got.members[0].role, "lead");
	assert_int_equal(got.member_count, 2);
	assert_int_equal(got.substantive, 0);   /* two members, no activity */
	assert_int_equal(store_alliance_get(f->st, &f->a, 999999, 2023, &got), TB_ENOTFOUND);
	mem[0] = (struct alliance_member){ ent2.id, "member", "2020-01-01", NULL, NULL };
	assert_int_equal(store_alliance_member_put(f->st, x.id, &mem[0]), TB_OK);
	mem[0].role = "vice_lead";
	assert_int_equal(store_alliance_member_put(f->st, x.id, &mem[0]), TB_OK);
	v = (struct alliance_activity){ 0, x.id, "2023-05-10", "年度对接会" };
	assert_int_equal(store_alliance_activity_add(f->st, &v), TB_OK);
	assert_true(v.id > 0);
	assert_int_equal(store_alliance_activities(f->st, &f->a, x.id, &acts, &n), TB_OK);
	assert_int_equal(n, 1);
	assert_string_equal(acts[0].held_on, "2023-05-10");
	assert_int_equal(store_alliance_get(f->st, &f->a, x.id, 2023, &got), TB_OK);
	assert_int_equal(got.member_count, 3);
	assert_string_equal(got.members[1].role, "vice_lead");
	assert_int_equal(got.substantive, 1);
	assert_int_equal(store_alliance_get(f->st, &f->a, x.id, 2022, &got), TB_OK);
	assert_int_equal(got.substantive, 0);   /* no activity in 2022 */

	memset(&q, 0, sizeof(q));
	q.q = f->tag; q.year = 2023; q.substantive = 1; q.limit = 10;
	assert_int_equal(store_alliance_list(f->st, &f->a, &q, &rows, &n, &total), TB_OK);
	assert_int_equal(total, 1);
	assert_int_equal(rows[0].id, x.id);
	assert_int_equal(rows[0].member_count, 3);
	q.year = 2022;
	assert_int_equal(store_alliance_list(f->st, &f->a, &q, &rows, &n, &total), TB_OK);
	assert_int_equal(total, 0);
	q.substantive = -1; q.year = 2023; q.member_org = ent2.id;
	assert_int_equal(store_alliance_stats(f->st, &q, &stt), TB_OK);
	assert_int_equal(stt.alliances, 1);
	assert_int_equal(stt.memberships, 3);
	assert_int_equal(stt.member_orgs, 3);
	assert_int_equal(stt.substantive, 1);
	q.founded_to = 2014;
	assert_int_equal(store_alliance_stats(f->st, &q, &stt), TB_OK);
	assert_int_equal(stt.alliances, 0);

	memset(&ag, 0, sizeof(ag));
	ag.name = tagged(f, "高新区知识产权服务中心"); ag.kind = "agency"; ag.city = "沈阳"; ag.district = "浑南区";
	assert_int_equal(store_org_insert(f->st, &ag), TB_OK);
	memset(&g, 0, sizeof(g));
	g.org_id = ag.id; g.level = "city"; g.year = 2019; g.services = "ip,finance"; g.regions = "沈阳,浑南区";
	assert_int_equal(store_agency_put(f->st, &g), TB_OK);
	g.services = "ip,testing";
	assert_int_equal(store_agency_put(f->st, &g), TB_OK);   /* replaces */
	assert_int_equal(store_agency_get(f->st, &f->a, ag.id, &gg), TB_OK);
	assert_string_equal(gg.services, "ip,testing");
	assert_string_equal(gg.district, "浑南区");
	assert_int_equal(gg.served, 0);
	assert_int_equal(store_agency_get(f->st, &f->a, f->uni, &gg), TB_ENOTFOUND);
	memset(&aq, 0, sizeof(aq));
	aq.q = f->tag; aq.service = "testing"; aq.limit = 10;
	assert_int_equal(store_agency_list(f->st, &f->a, &aq, &ags, &n, &total), TB_OK);
	assert_int_equal(total, 1);
	aq.service = "finance";
	assert_int_equal(store_agency_list(f->st, &f->a, &aq, &ags, &n, &total), TB_OK);
	assert_int_equal(total, 0);
	aq.service = NULL; aq.region = "浑南区"; aq.year_to = 2020;
	assert_int_equal(store_agency_list(f->st, &f->a, &aq, &ags, &n, &total), TB_OK);
	assert_int_equal(total, 1);
	assert_int_equal(store_agency_counts(f->st, &f->a, "service", &aq, &cnt, &n), TB_OK);
	assert_int_equal(n, 2);
	assert_string_equal(cnt[0].key, "ip");
	assert_int_equal(cnt[0].count, 1);
	assert_int_equal(store_agency_counts(f->st, &f->a, "district", &aq, &cnt, &n), TB_OK);
	assert_string_equal(cnt[0].key, "浑南区");
	assert_int_equal(store_agency_counts(f->st, &f->a, "name; DROP", &aq, &cnt, &n), TB_EINVAL);

	/* a case run by the agency's broker, and the contract it produced */
	{
		struct achievement a1 = mk_ach(f, "服务成果", 6, "published");
		struct dcase k;
		struct contract ct;
		assert_int_equal(store_achievement_insert(f->st, &a1), TB_OK);
		ct = mk_contract(f, 91, "2030-03-01", a1.id);
		ct.buyer.org_id = ent2.id; ct.buyer.name = NULL;
		assert_int_equal(store_contract_insert(f->st, &ct), TB_OK);
		memset(&k, 0, sizeof(k));
		k.achievement_id = a1.id; k.seeker_org_id = f->ent; k.owner_org_id = f->uni;
		k.institution_id = ag.id; k.origin = "manual"; k.status = "first_contact";
		k.opened_on = "2030-01-02";
		assert_int_equal(store_case_insert(f->st, &k), TB_OK);
		assert_int_equal(store_case_move(f->st, k.id, "first_contact", "contracted", NULL, ct.id,
		                                 "2030-03-01"), TB_OK);
	}
	assert_int_equal(store_agency_clients(f->st, &f->a, ag.id, 10, &cl, &n), TB_OK);
	assert_int_equal(n, 2);                 /* the seeker and the contract's buyer, not the university */
	assert_int_equal(cl[0].org_id, ent2.id); /* most contracts first */
	assert_int_equal(cl[0].contracts, 1);
	assert_int_equal(cl[0].cases, 0);
	assert_int_equal(cl[1].org_id, f->ent);
	assert_int_equal(cl[1].cases, 1);
	assert_int_equal(store_agency_get(f->st, &f->a, ag.id, &gg), TB_OK);
	assert_int_equal(gg.served, 2);
}

/* == events: agenda, edit, outcome (issue #14) == */
/* Guards: the agenda is one row per (kind, item), removal of what is not
 * there is TB_ENOTFOUND, titles come from the listing; an edit or a status
 * change of an event no longer in the expected status changes nothing. */
static void test_event_agenda(void **state)
{
	struct fx *f = *state;
	struct event e, got;
	struct event_item *items;
	struct demand d;
	int n;
	struct achievement x = mk_ach(f, "路演成果", 6, "published");

	assert_int_equal(store_achievement_insert(f->st, &x), TB_OK);
	memset(&d, 0, sizeof(d));
	d.title_zh = tagged(f, "路演需求"); d.org_id = f->ent; d.status = "published";
	assert_int_equal(store_demand_insert(f->st, &d), TB_OK);
	memset(&e, 0, sizeof(e));
	e.kind = "roadshow"; e.title = tagged(f, "路演"); e.starts_on = "2030-06-01"; e.place = "沈阳";
	e.organiser_org_id = f->uni; e.status = "planned";
	assert_int_equal(store_event_insert(f->st, &e), TB_OK);
	assert_int_equal(store_event_item_add(f->st, e.id, "demand", d.id), TB_OK);
	assert_int_equal(store_event_item_add(f->st, e.id, "achievement", x.id), TB_OK);
	assert_int_equal(store_event_item_add(f->st, e.id, "achievement", x.id), TB_OK); /* idempotent */
	assert_int_equal(store_event_items(f->st, &f->a, e.id, &items, &n), TB_OK);
	assert_int_equal(n, 2);
	assert_string_equal(items[0].kind, "achievement");
	assert_string_equal(items[0].title, x.title_zh);
	assert_string_equal(items[1].title, d.title_zh);
	assert_int_equal(items[1].owner_org_id, f->ent);
	assert_int_equal(store_event_item_remove(f->st, e.id, "demand", d.id), TB_OK);
	assert_int_equal(store_event_item_remove(f->st, e.id, "demand", d.id), TB_ENOTFOUND);
	assert_int_equal(store_event_items(f->st, &f->a, e.id, &items, &n), TB_OK);
	assert_int_equal(n, 1);

	assert_int_equal(store_event_get(f->st, &f->a, e.id, &got), TB_OK);
	got.title = tagged(f, "路演第二场"); got.capacity = 40; got.online = 1;
	assert_int_equal(store_event_update(f->st, &got, "held"), TB_ESTATE);
	assert_int_equal(store_event_update(f->st, &got, "planned"), TB_OK);
	assert_int_equal(store_event_set_status(f->st, e.id, "planned", "held", "8家企业参会"), TB_OK);
	assert_int_equal(store_event_set_status(f->st, e.id, "planned", "cancelled", NULL), TB_ESTATE);
	assert_int_equal(store_event_set_status(f->st, e.id, "held", "held", NULL), TB_OK); /* outcome kept */
	assert_int_equal(store_event_get(f->st, &f->a, e.id, &got), TB_OK);
	assert_string_equal(got.title, tagged(f, "路演第二场"));
	assert_int_equal(got.capacity, 40);
	assert_int_equal(got.online, 1);
	assert_string_equal(got.status, "held");
	assert_string_equal(got.outcome, "8家企业参会");
}

/* == web2: the history of one item (issue #18) == */
/* Guards the review view's history: every revision of the item (accepted,
 * rejected, pending), none of another item or kind, and the audit rows of one
 * resource id only. */
static void test_web2_history(void **state)
{
	struct fx *f = *state;
	struct achievement x = mk_ach(f, "履历", 6, "published"), y = mk_ach(f, "旁项", 6, "published");
	struct revision r, *rows;
	struct audit_entry e, *au;
	struct audit_query q;
	int64_t total;
	int n;

	assert_int_equal(store_achievement_insert(f->st, &x), TB_OK);
	assert_int_equal(store_achievement_insert(f->st, &y), TB_OK);
	memset(&r, 0, sizeof(r));
	r.is_ach = true; r.item_id = x.id; r.ach = x; r.ach.title_en = "first";
	assert_int_equal(store_revision_put(f->st, &r), TB_OK);
	assert_int_equal(store_revision_decide(f->st, r.id, "rejected", "vague", 7), TB_OK);
	memset(&r, 0, sizeof(r));
	r.is_ach = true; r.item_id = x.id; r.ach = x; r.ach.title_en = "second";
	assert_int_equal(store_revision_put(f->st, &r), TB_OK);
	memset(&r, 0, sizeof(r));
	r.is_ach = true; r.item_id = y.id; r.ach = y; r.ach.title_en = "other item";
	assert_int_equal(store_revision_put(f->st, &r), TB_OK);

	assert_int_equal(store_revision_of_item(f->st, &f->a, true, x.id, 50, &rows, &n), TB_OK);
	assert_int_equal(n, 2);
	assert_string_equal(rows[0].status, "pending");     /* newest first */
	assert_string_equal(rows[0].ach.title_en, "second");
	assert_string_equal(rows[1].status, "rejected");
	assert_string_equal(rows[1].reason, "vague");
	assert_int_equal(store_revision_of_item(f->st, &f->a, false, x.id, 50, &rows, &n), TB_OK);
	assert_int_equal(n, 0);
	assert_int_equal(store_revision_of_item(f->st, &f->a, true, x.id, 1, &rows, &n), TB_OK);
	assert_int_equal(n, 1);

	for (int i = 0; i < 3; i++) {
		memset(&e, 0, sizeof(e));
		e.action = "publish"; e.resource = "web2-history"; e.resource_id = i == 2 ? y.id : x.id;
		e.outcome = "allow";
		assert_int_equal(store_audit_append(f->st, &e), TB_OK);
	}
	memset(&q, 0, sizeof(q));
	q.resource = "web2-history"; q.resource_id = x.id; q.limit = 10;
	assert_int_equal(store_audit_list(f->st, &f->a, &q, &au, &n, &total), TB_OK);
	assert_int_equal(total, 2);
	assert_int_equal(au[0].resource_id, x.id);
	assert_int_equal(au[1].resource_id, x.id);
}

/* Guards the attachment store: bytes round-trip exactly (a BLOB with a NUL in
 * it), listings carry no bytes and only the item's own files (of its kind:
 * achievement, demand, challenge, case), delete is TB_ENOTFOUND the second
 * time. */
static void test_web2_attachments(void **state)
{
	struct fx *f = *state;
	static const unsigned char bytes[] = { '%', 'P', 'D', 'F', 0, 1, 2, 0xff };
	struct attachment x, y, got, *rows;
	int n;

	memset(&x, 0, sizeof(x));
	x.kind = "achievement"; x.item_id = 424242; x.name = "证书.pdf"; x.mime = "application/pdf";
	x.size = sizeof(bytes); x.sha256 = "00"; x.data = bytes; x.uploaded_by = 7;
	assert_int_equal(store_attachment_insert(f->st, &x), TB_OK);
	assert_true(x.id > 0);
	y = x;
	y.kind = "demand";   /* the same item id as a demand: another listing */
	assert_int_equal(store_attachment_insert(f->st, &y), TB_OK);
	/* Issue #18: challenges and docking cases carry files too (migration 20
	 * widened the kind CHECK; before it these inserts failed). */
	for (int k = 0; k < 2; k++) {
		const char *kind = k ? "case" : "challenge";
		struct attachment z = x;
		z.kind = kind;
		assert_int_equal(store_attachment_insert(f->st, &z), TB_OK);
		assert_int_equal(store_attachment_list(f->st, &f->a, kind, 424242, &rows, &n), TB_OK);
		assert_int_equal(n, 1);
		assert_int_equal(rows[0].id, z.id);
		assert_string_equal(rows[0].kind, kind);
	}
	assert_int_equal(store_attachment_list(f->st, &f->a, "achievement", 424242, &rows, &n), TB_OK);
	assert_int_equal(n, 1);
	assert_int_equal(rows[0].id, x.id);
	assert_string_equal(rows[0].kind, "achievement");
	assert_string_equal(rows[0].name, "证书.pdf");
	assert_null(rows[0].data);
	assert_int_equal(store_attachment_get(f->st, &f->a, x.id, true, &got), TB_OK);
	assert_int_equal(got.size, sizeof(bytes));
	assert_memory_equal(got.data, bytes, sizeof(bytes));
	assert_int_equal(got.uploaded_by, 7);
	assert_non_null(got.created_at);
	assert_int_equal(store_attachment_get(f->st, &f->a, x.id, false, &got), TB_OK);
	assert_null(got.data);
	assert_int_equal(store_attachment_delete(f->st, x.id), TB_OK);
	assert_int_equal(store_attachment_delete(f->st, x.id), TB_ENOTFOUND);
	assert_int_equal(store_attachment_get(f->st, &f->a, x.id, false, &got), TB_ENOTFOUND);
	assert_int_equal(store_attachment_list(f->st, &f->a, "demand", 424242, &rows, &n), TB_OK);
	assert_int_equal(n, 1);
}

/* Guards the versions of an edited challenge application: kept in order,
 * one per (application, version), only the application's own. */
static void test_web2_app_versions(void **state)
{
	struct fx *f = *state;
	struct ch_app_version v, *rows;
	int n;
	memset(&v, 0, sizeof(v));
	v.app_id = 777001; v.version = 1; v.plan = "第一版"; v.requested_fen = 100;
	v.lines = "budget\t1\t首期\t\t\t0\t100\t0\n"; v.replaced_by = 3;
	assert_int_equal(store_ch_app_version_add(f->st, &v), TB_OK);
	assert_true(v.id > 0);
	v.version = 2; v.plan = "第二版"; v.replaced_by = 0;
	assert_int_equal(store_ch_app_version_add(f->st, &v), TB_OK);
	assert_int_equal(store_ch_app_version_add(f->st, &v), TB_ECONFLICT);   /* (app, version) once */
	v.app_id = 777002; v.version = 1;
	assert_int_equal(store_ch_app_version_add(f->st, &v), TB_OK);
	assert_int_equal(store_ch_app_version_list(f->st, &f->a, 777001, &rows, &n), TB_OK);
	assert_int_equal(n, 2);
	assert_int_equal(rows[0].version, 1);
	assert_string_equal(rows[0].plan, "第一版");
	assert_int_equal(rows[0].requested_fen, 100);
	assert_int_equal(rows[0].replaced_by, 3);
	assert_non_null(strstr(rows[0].lines, "首期"));
	assert_non_null(rows[0].replaced_at);
	assert_int_equal(rows[1].version, 2);
	assert_int_equal(rows[1].replaced_by, 0);
}

/* Guards favourites: idempotent save, per user, per kind, delete once. */
static void test_web2_favourites(void **state)
{
	struct fx *f = *state;
	struct favourite *rows;
	int n, created = -1;
	assert_int_equal(store_favourite_put(f->st, 880001, true, 5, &created), TB_OK);
	assert_int_equal(created, 1);
	assert_int_equal(store_favourite_put(f->st, 880001, true, 5, &created), TB_OK);
	assert_int_equal(created, 0);
	assert_int_equal(store_favourite_put(f->st, 880001, false, 5, &created), TB_OK);
	assert_int_equal(created, 1);
	assert_int_equal(store_favourite_put(f->st, 880002, true, 5, &created), TB_OK);
	assert_int_equal(store_favourite_list(f->st, &f->a, 880001, &rows, &n), TB_OK);
	assert_int_equal(n, 2);
	assert_int_equal(rows[0].item_id, 5);
	assert_non_null(rows[0].created_at);
	assert_int_equal(store_favourite_delete(f->st, 880001, true, 5), TB_OK);
	assert_int_equal(store_favourite_delete(f->st, 880001, true, 5), TB_ENOTFOUND);
	assert_int_equal(store_favourite_list(f->st, &f->a, 880001, &rows, &n), TB_OK);
	assert_int_equal(n, 1);
	assert_false(rows[0].is_ach);
	assert_int_equal(store_favourite_list(f->st, &f->a, 880002, &rows, &n), TB_OK);
	assert_int_equal(n, 1);
}

static void test_every_operation_has_a_case(void **state)
{
	int missing = 0;
	for (int i = 0; i < OP_COUNT; i++)
		if (!op_calls[i]) {
			fprintf(stderr, "store operation without a conformance case: %s\n", op_names[i]);
			missing++;
		}
	assert_int_equal(missing, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_migrate_version_transactions, setup, teardown),
		cmocka_unit_test_setup_teardown(test_orgs, setup, teardown),
		cmocka_unit_test_setup_teardown(test_achievements, setup, teardown),
		cmocka_unit_test_setup_teardown(test_each_streams, setup, teardown),
		cmocka_unit_test_setup_teardown(test_demands, setup, teardown),
		cmocka_unit_test_setup_teardown(test_catalog_fields_round_trip, setup, teardown),
		cmocka_unit_test_setup_teardown(test_users, setup, teardown),
		cmocka_unit_test_setup_teardown(test_credentials, setup, teardown),
		cmocka_unit_test_setup_teardown(test_login_failures, setup, teardown),
		cmocka_unit_test_setup_teardown(test_audit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_instruments, setup, teardown),
		cmocka_unit_test_setup_teardown(test_instrument_fields_round_trip, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bookings, setup, teardown),
		cmocka_unit_test_setup_teardown(test_booking_insert_many, setup, teardown),
		cmocka_unit_test_setup_teardown(test_usage_and_revenue, setup, teardown),
		cmocka_unit_test_setup_teardown(test_qualifications, setup, teardown),
		cmocka_unit_test_setup_teardown(test_contracts, setup, teardown),
		cmocka_unit_test_setup_teardown(test_contract_fields_round_trip, setup, teardown),
		cmocka_unit_test_setup_teardown(test_published_targets_certs, setup, teardown),
		cmocka_unit_test_setup_teardown(test_revisions, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tiers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_platforms, setup, teardown),
		/* == release (issue #16) == */
		cmocka_unit_test_setup_teardown(test_release_schedule, setup, teardown),
		cmocka_unit_test_setup_teardown(test_release_validity, setup, teardown),
		cmocka_unit_test_setup_teardown(test_release_lease, setup, teardown),
		cmocka_unit_test_setup_teardown(test_release_notifications, setup, teardown),
		cmocka_unit_test_setup_teardown(test_release_subscriptions, setup, teardown),
		cmocka_unit_test_setup_teardown(test_release_mail, setup, teardown),
		cmocka_unit_test_setup_teardown(test_read_path, setup, teardown),
		cmocka_unit_test_setup_teardown(test_change_log, setup, teardown),
		cmocka_unit_test_setup_teardown(test_backup, setup, teardown),
		cmocka_unit_test_setup_teardown(test_copy, setup, teardown),
		cmocka_unit_test_setup_teardown(test_challenges, setup, teardown),
		cmocka_unit_test_setup_teardown(test_brokers_representation, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cases_contacts_feedback, setup, teardown),
		cmocka_unit_test_setup_teardown(test_events, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bulletins, setup, teardown),
		/* == alliances and service agencies (issue #15) == */
		cmocka_unit_test_setup_teardown(test_alliances_agencies, setup, teardown),
		/* == events: agenda, edit, outcome (issue #14) == */
		cmocka_unit_test_setup_teardown(test_event_agenda, setup, teardown),
		cmocka_unit_test_setup_teardown(test_web2_history, setup, teardown),
		cmocka_unit_test_setup_teardown(test_web2_attachments, setup, teardown),
		cmocka_unit_test_setup_teardown(test_web2_app_versions, setup, teardown),
		cmocka_unit_test_setup_teardown(test_web2_favourites, setup, teardown),
		cmocka_unit_test(test_every_operation_has_a_case),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

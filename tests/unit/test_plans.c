/* test_plans.c - query plans of the read path (docs/performance.md). With the
 * SQLite backend's plan log on (sq_plan_log), it runs every catalogue listing
 * with each filter and every indicator report, and checks the plans SQLite
 * chose for the store's own SQL:
 *   - no full scan (SCAN) of a large table: achievements, demands, contracts,
 *     bookings;
 *   - the default listing's total is counted from an index alone (it used to
 *     read every published row through a join with orgs: 9 ms per request on
 *     the demo, whatever the page size);
 *   - the change log's reads (issue #12), which every serving node runs
 *     several times a second, are index lookups: min() and max() in one
 *     SELECT scanned the whole table (an idle server used a sixth of a core
 *     and the indicator reports it served took twice as long);
 *   - indicator sums over contracts read a covering index, and a city's
 *     summary runs one instrument-revenue query however many organisations
 *     the city has (it used to run one per organisation: 58 s on the demo).
 * Without statistics (no ANALYZE) the planner's choice does not depend on the
 * row counts, so an almost empty database shows the plans of a full one. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "domain/catalog.h"
#include "domain/indicators.h"
#include "store/store.h"
#include "store/sql/sq.h"

static struct store *st;
static struct arena A;
static struct buf plans;

static int setup(void **state)
{
	int applied;
	arena_init(&A, 64 << 20);
	buf_init(&plans, 64 << 20);
	assert_int_equal(store_open(":memory:", &st), TB_OK);
	assert_int_equal(store_migrate(st, &applied), TB_OK);
	/* Three organisations in Shenyang: a per-organisation query would show
	 * up three times in a city's summary. */
	for (int i = 0; i < 3; i++) {
		struct org o = { 0 };
		o.name = i == 0 ? "沈阳甲" : i == 1 ? "沈阳乙" : "沈阳丙";
		o.kind = "university";
		o.city = "沈阳";
		o.district = "浑南区";
		o.province = "辽宁";
		assert_int_equal(store_org_insert(st, &o), TB_OK);
	}
	return 0;
}

static int teardown(void **state)
{
	store_close(st);
	buf_release(&plans);
	arena_release(&A);
	return 0;
}

static void log_start(void)
{
	buf_reset(&plans);
	sq_plan_log(st, &plans);
}

static const char *log_stop(void)
{
	sq_plan_log(st, NULL);
	if (buf_addc(&plans, '\0'))
		fail_msg("plan log overflow");
	plans.len--;
	return plans.ptr ? plans.ptr : "";
}

/* Fails on a plan line "SCAN <t>" (with or without an index: both read the
 * whole table or index) for a large table, given its name or the alias the
 * store's SQL uses for it. */
static void assert_no_full_scan(const char *log, const char *what)
{
	static const char *const big[] = { "achievements", "demands", "contracts", "bookings",
	                                   "changes", "a", "c", "b", NULL };
	const char *line = log;
	while (line && *line) {
		const char *end = strchr(line, '\n');
		size_t len = end ? (size_t)(end - line) : strlen(line);
		if (len > 7 && !strncmp(line, "  SCAN ", 7)) {
			for (int i = 0; big[i]; i++) {
				size_t n = strlen(big[i]);
				if (len >= 7 + n && !strncmp(line + 7, big[i], n) &&
				    (len == 7 + n || line[7 + n] == ' '))
					fail_msg("%s: full scan of a large table:\n%.*s\nin:\n%s", what, (int)len,
					         line, log);
			}
		}
		line = end ? end + 1 : NULL;
	}
}

static int count_substr(const char *s, const char *sub)
{
	int n = 0;
	for (const char *p = strstr(s, sub); p; p = strstr(p + 1, sub))
		n++;
	return n;
}

struct filter_case {
	const char *name;
	void (*set)(struct catalog_query *q);
};
static void f_none(struct catalog_query *q) { (void)q; }
static void f_field(struct catalog_query *q) { q->field = "新材料"; }
static void f_city(struct catalog_query *q) { q->city = "沈阳"; }
static void f_org(struct catalog_query *q) { q->org_id = 1; }
static void f_trl(struct catalog_query *q) { q->trl_min = 5; q->trl_max = 8; }
static void f_mode(struct catalog_query *q) { q->modes = MODE_TRANSFER; }
static void f_price(struct catalog_query *q) { q->price_min = 1000; q->price_max = 5e6; }
static void f_status(struct catalog_query *q) { q->status = "submitted"; }
static void f_oldest(struct catalog_query *q) { q->sort = "oldest"; }
static void f_text(struct catalog_query *q) { q->q = "镁合金"; q->sort = "newest"; }
static void f_page(struct catalog_query *q) { q->offset = 200; }
static void f_after(struct catalog_query *q) { q->after = 7; }
static void f_after_old(struct catalog_query *q) { q->after = 7; q->sort = "oldest"; }
static const struct filter_case filters[] = {
	{ "default", f_none }, { "field", f_field }, { "city", f_city }, { "org", f_org },
	{ "trl", f_trl }, { "mode", f_mode }, { "price", f_price }, { "status", f_status },
	{ "oldest", f_oldest }, { "text", f_text }, { "offset", f_page },
	{ "after", f_after }, { "after, oldest", f_after_old },
};

/* Every listing endpoint's store query, with each filter: never a full scan. */
static void test_catalog_listings_use_indexes(void **state)
{
	for (size_t i = 0; i < sizeof(filters) / sizeof(filters[0]); i++) {
		struct catalog_query q;
		struct achievement *ach;
		struct demand *dem;
		int64_t total;
		int n;
		char what[64];

		catalog_query_init(&q);
		q.limit = 20;
		filters[i].set(&q);
		log_start();
		assert_int_equal(store_achievement_list(st, &A, &q, &ach, &n, &total), TB_OK);
		snprintf(what, sizeof(what), "achievements, filter %s", filters[i].name);
		assert_no_full_scan(log_stop(), what);

		/* Demands by mode: the WHERE's "OR a.modes=0" escapes the status
		 * condition (a precedence defect fixed in its own change), which
		 * makes that query scan; its plan is checked once that is in. */
		if (filters[i].set == f_mode)
			continue;
		log_start();
		assert_int_equal(store_demand_list(st, &A, &q, &dem, &n, &total), TB_OK);
		snprintf(what, sizeof(what), "demands, filter %s", filters[i].name);
		assert_no_full_scan(log_stop(), what);
	}
}

/* The plan of the count statement `sql` (its lines up to the next "SQL:")
 * is one index-only search by status. */
static void assert_count_index_only(const char *log, const char *sql)
{
	const char *p = strstr(log, sql), *end;
	assert_non_null(p);
	p += strlen(sql);
	end = strstr(p, "SQL:");
	assert_non_null(end);
	if (strncmp(p, "  SEARCH a USING COVERING INDEX ", 32) || !strstr(p, "(status=?)\n") ||
	    strstr(p, "(status=?)\n") + 11 != end)
		fail_msg("count not served by an index alone:\n%s", log);
}

/* Guards the 9 ms default page: the total of the default listing comes from
 * an index alone (no row reads, no join), and the page reads the index in
 * order without sorting. */
static void test_default_listing_count_is_index_only(void **state)
{
	struct catalog_query q;
	struct achievement *ach;
	struct demand *dem;
	int64_t total;
	int n;
	const char *log;

	catalog_query_init(&q);
	q.limit = 20;
	log_start();
	assert_int_equal(store_achievement_list(st, &A, &q, &ach, &n, &total), TB_OK);
	log = log_stop();
	/* The log holds the count first, then the page. */
	assert_count_index_only(log, "SQL: SELECT count(*) FROM achievements a WHERE a.status=?\n");
	assert_non_null(strstr(log, "  SEARCH a USING INDEX ach_status_created (status=?)\n"));
	assert_null(strstr(log, "TEMP B-TREE"));

	log_start();
	assert_int_equal(store_demand_list(st, &A, &q, &dem, &n, &total), TB_OK);
	log = log_stop();
	assert_count_index_only(log, "SQL: SELECT count(*) FROM demands a WHERE a.status=?\n");
	assert_non_null(strstr(log, "  SEARCH a USING INDEX dem_status_created (status=?)\n"));
	assert_null(strstr(log, "TEMP B-TREE"));
}

/* Keyset pages read the (status, created_at) index from the cursor on, in
 * order: a range search, no sort. */
static void test_keyset_page_is_an_index_range(void **state)
{
	struct catalog_query q;
	struct achievement *ach;
	int64_t total;
	int n;
	const char *log, *page;

	catalog_query_init(&q);
	q.limit = 20;
	q.after = 7;
	log_start();
	assert_int_equal(store_achievement_list(st, &A, &q, &ach, &n, &total), TB_OK);
	log = log_stop();
	page = strstr(log, "SQL: SELECT a.id");
	assert_non_null(page);
	if (!strstr(page, "SEARCH a USING INDEX ach_status_created (status=? AND ") ||
	    strstr(page, "TEMP B-TREE"))
		fail_msg("keyset page is not an index range:\n%s", log);
}

static void region(const char *code, struct ind_region *r)
{
	assert_int_equal(ind_region_resolve(code, r), TB_OK);
}

/* Every report the dashboard loads, for the province, a city and a zone:
 * no full scan; contract sums from the covering index. */
static void test_indicator_reports_use_indexes(void **state)
{
	static const char *const codes[] = { "210000", "210100", "210112" };
	for (size_t i = 0; i < sizeof(codes) / sizeof(codes[0]); i++) {
		struct ind_query q = { 0 };
		struct ind_summary s;
		struct ind_table t;
		const char *log;
		char what[64];

		q.from_year = 2014;
		q.to_year = 2023;
		region(codes[i], &q.region);
		log_start();
		assert_int_equal(ind_summary_compute(st, &A, 2023, &q.region, &s), TB_OK);
		assert_int_equal(ind_targets_table(st, &A, 2023, &q.region, &t), TB_OK);
		assert_int_equal(ind_turnover(st, &A, &q, &t), TB_OK);
		q.from_year = 2023;
		q.by = IND_BY_TYPE;
		assert_int_equal(ind_turnover(st, &A, &q, &t), TB_OK);
		q.by = i == 0 ? IND_BY_CITY : IND_BY_DISTRICT;
		assert_int_equal(ind_turnover(st, &A, &q, &t), TB_OK);
		q.by = IND_BY_NONE;
		assert_int_equal(ind_funnel(st, &A, &q, &t), TB_OK);
		assert_int_equal(ind_conversion(st, &A, &q, &t), TB_OK);
		q.buyer_side = 1;
		assert_int_equal(ind_turnover(st, &A, &q, &t), TB_OK);
		log = log_stop();
		snprintf(what, sizeof(what), "indicators, region %s", codes[i]);
		assert_no_full_scan(log, what);
		/* Contract rows are never read one by one for a sum. */
		assert_null(strstr(log, "LEFT JOIN orgs so"));
		/* The first live contract of an achievement from the index alone. */
		assert_non_null(strstr(log, "SEARCH c2 USING COVERING INDEX contracts_ach"));
		/* Achievements published in the period: the period's index range. */
		assert_non_null(strstr(log, "SEARCH a USING COVERING INDEX ach_published_owner (published_at>? AND published_at<?)"));
		/* A city's or zone's sums: the city's covering index. */
		if (i > 0)
			assert_non_null(strstr(log, "SEARCH c USING COVERING INDEX contracts_seller_city"));
	}
	{
		/* The province's sums read the covering index. */
		struct ind_query q = { 0 };
		struct ind_table t;
		q.from_year = q.to_year = 2023;
		region("210000", &q.region);
		log_start();
		assert_int_equal(ind_turnover(st, &A, &q, &t), TB_OK);
		assert_non_null(strstr(log_stop(), "SEARCH c USING COVERING INDEX contracts_sums"));
	}
}

/* Guards the 58 s city summary: the service revenue of a city is one grouped
 * query, not one query per organisation located there. */
static void test_city_summary_revenue_is_one_query(void **state)
{
	struct ind_region r;
	struct ind_summary s;
	const char *log;

	region("210100", &r);
	log_start();
	assert_int_equal(ind_summary_compute(st, &A, 2026, &r, &s), TB_OK);
	log = log_stop();
	assert_int_equal(count_substr(log, "FROM bookings"), 1);
	assert_null(strstr(log, "FROM orgs WHERE"));
}

/* Guards the change log's polling: bounds, a batch, the public version, a
 * wait and a prune never scan `changes` (it holds every public write of the
 * last days: 150,000 rows on the full demo). */
static void test_change_log_reads_use_the_key(void **state)
{
	struct change *rows;
	int64_t first, last, v, deleted;
	int n;
	const char *log;

	log_start();
	assert_int_equal(store_changes_last(st, &first, &last), TB_OK);
	assert_int_equal(store_changes_after(st, &A, 1, 0, 10, &rows, &n), TB_OK);
	assert_int_equal(store_changes_after(st, &A, 1, 5, 10, &rows, &n), TB_OK);
	assert_int_equal(store_public_version(st, &v), TB_OK);
	assert_int_equal(store_changes_wait(st, last, 0, &v), TB_OK);
	assert_int_equal(store_changes_prune(st, "2000-01-01T00:00:00Z", 10, &deleted), TB_OK);
	log = log_stop();
	assert_true(count_substr(log, "changes") >= 6);
	assert_no_full_scan(log, "change log");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_catalog_listings_use_indexes),
		cmocka_unit_test(test_default_listing_count_is_index_only),
		cmocka_unit_test(test_keyset_page_is_an_index_range),
		cmocka_unit_test(test_indicator_reports_use_indexes),
		cmocka_unit_test(test_city_summary_revenue_is_one_query),
		cmocka_unit_test(test_change_log_reads_use_the_key),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}

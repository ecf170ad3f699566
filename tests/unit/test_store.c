/* test_store.c - the SQLite store behind store.h, and the catalogue's domain
 * rules: migrations, inserts and reads, filters and sort, status changes,
 * constraint errors mapped to tb_err codes, validation, keywords, regions. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "tmpdir.h"

#include "core/arena.h"
#include "core/err.h"
#include "domain/catalog.h"
#include "domain/org.h"
#include "domain/region.h"
#include "store/store.h"

struct fx {
	char path[64];
	struct store *st;
	struct arena a;
	int64_t uni, ent;
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	int applied;
	struct org o = { 0 };
	snprintf(f->path, sizeof(f->path), "%s/tb-unit-%d.db", test_tmpdir(), (int)getpid());
	unlink(f->path);
	assert_int_equal(store_open(f->path, &f->st), TB_OK);
	assert_int_equal(store_migrate(f->st, &applied), TB_OK);
	assert_true(applied >= 1);
	arena_init(&f->a, 16 << 20);
	o.name = "东北大学"; o.kind = "university"; o.city = "沈阳"; o.province = "辽宁";
	assert_int_equal(store_org_insert(f->st, &o), TB_OK);
	f->uni = o.id;
	memset(&o, 0, sizeof(o));
	o.name = "大连重工"; o.kind = "enterprise"; o.city = "大连";
	assert_int_equal(store_org_insert(f->st, &o), TB_OK);
	f->ent = o.id;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	char p[80];
	arena_release(&f->a);
	store_close(f->st);
	unlink(f->path);
	snprintf(p, sizeof(p), "%s-wal", f->path); unlink(p);
	snprintf(p, sizeof(p), "%s-shm", f->path); unlink(p);
	free(f);
	return 0;
}

static struct achievement mk_ach(struct fx *f, const char *title, int trl, double price, const char *field)
{
	struct achievement x;
	memset(&x, 0, sizeof(x));
	x.title_zh = title;
	x.trl = trl;
	x.price = price;
	x.field = field;
	x.modes = MODE_TRANSFER;
	x.owner_org_id = f->uni;
	x.status = "published";
	return x;
}

static void test_migrate_idempotent(void **state)
{
	struct fx *f = *state;
	int applied = -1, v = 0;
	assert_int_equal(store_migrate(f->st, &applied), TB_OK);
	assert_int_equal(applied, 0);
	assert_int_equal(store_schema_version(f->st, &v), TB_OK);
	assert_true(v >= 1);
}

static void test_insert_get_update(void **state)
{
	struct fx *f = *state;
	struct achievement x = mk_ach(f, "镁合金轧制", 6, 1000000, "新材料"), y;
	x.keywords = "镁合金,轧制";
	assert_int_equal(store_achievement_insert(f->st, &x), TB_OK);
	assert_true(x.id > 0);
	assert_int_equal(store_achievement_get(f->st, &f->a, x.id, &y), TB_OK);
	assert_string_equal(y.title_zh, "镁合金轧制");
	assert_string_equal(y.owner_name, "东北大学");
	assert_string_equal(y.city, "沈阳");
	assert_non_null(y.published_at);
	y.trl = 8;
	assert_int_equal(store_achievement_update(f->st, &y), TB_OK);
	assert_int_equal(store_achievement_get(f->st, &f->a, x.id, &y), TB_OK);
	assert_int_equal(y.trl, 8);
	assert_int_equal(store_achievement_get(f->st, &f->a, 999999, &y), TB_ENOTFOUND);
	y.id = 999999;
	assert_int_equal(store_achievement_update(f->st, &y), TB_ENOTFOUND);
}

static void test_constraints(void **state)
{
	struct fx *f = *state;
	struct achievement x = mk_ach(f, "t", 6, 1, NULL);
	struct org o = { 0 };
	x.owner_org_id = 424242; /* foreign key */
	assert_int_equal(store_achievement_insert(f->st, &x), TB_ECONFLICT);
	x = mk_ach(f, "t", 10, 1, NULL); /* CHECK trl */
	assert_int_equal(store_achievement_insert(f->st, &x), TB_EINVAL);
	o.name = "东北大学"; o.kind = "university"; /* UNIQUE name */
	assert_int_equal(store_org_insert(f->st, &o), TB_ECONFLICT);
}

static void test_list_filters_sort(void **state)
{
	struct fx *f = *state;
	struct catalog_query q;
	struct achievement *rows;
	int n;
	int64_t total;
	for (int i = 1; i <= 6; i++) {
		struct achievement x = mk_ach(f, i % 2 ? "odd" : "even", i, i * 10.0, i % 2 ? "A" : "B");
		if (i == 6)
			x.status = "draft";
		assert_int_equal(store_achievement_insert(f->st, &x), TB_OK);
	}
	catalog_query_init(&q);
	assert_int_equal(store_achievement_list(f->st, &f->a, &q, &rows, &n, &total), TB_OK);
	assert_int_equal(total, 5); /* the draft is not published */
	q.field = "A";
	assert_int_equal(store_achievement_list(f->st, &f->a, &q, &rows, &n, &total), TB_OK);
	assert_int_equal(total, 3);
	q.field = NULL;
	q.trl_min = 2;
	q.trl_max = 4;
	q.sort = "-trl";
	assert_int_equal(store_achievement_list(f->st, &f->a, &q, &rows, &n, &total), TB_OK);
	assert_int_equal(n, 3);
	assert_int_equal(rows[0].trl, 4);
	assert_int_equal(rows[2].trl, 2);
	catalog_query_init(&q);
	q.price_max = 25;
	q.sort = "price";
	assert_int_equal(store_achievement_list(f->st, &f->a, &q, &rows, &n, &total), TB_OK);
	assert_int_equal(n, 2);
	assert_true(rows[0].price <= rows[1].price);
	catalog_query_init(&q);
	q.limit = 2;
	q.offset = 4;
	assert_int_equal(store_achievement_list(f->st, &f->a, &q, &rows, &n, &total), TB_OK);
	assert_int_equal(n, 1);
	assert_int_equal(total, 5);
	catalog_query_init(&q);
	q.q = "odd";
	assert_int_equal(store_achievement_list(f->st, &f->a, &q, &rows, &n, &total), TB_OK);
	assert_int_equal(total, 3);
	catalog_query_init(&q);
	q.status = "draft";
	assert_int_equal(store_achievement_list(f->st, &f->a, &q, &rows, &n, &total), TB_OK);
	assert_int_equal(total, 1);
}

static void test_status_and_transitions(void **state)
{
	struct fx *f = *state;
	struct achievement x = mk_ach(f, "t", 5, 1, NULL), y;
	x.status = "draft";
	assert_int_equal(store_achievement_insert(f->st, &x), TB_OK);
	assert_string_equal(catalog_transition(1, "draft", "submit"), "submitted");
	assert_string_equal(catalog_transition(1, "submitted", "publish"), "published");
	assert_string_equal(catalog_transition(1, "submitted", "return"), "draft");
	assert_null(catalog_transition(1, "withdrawn", "publish"));
	assert_null(catalog_transition(1, "published", "close"));   /* demands only */
	assert_string_equal(catalog_transition(0, "published", "close"), "closed");
	assert_int_equal(store_achievement_set_status(f->st, x.id, "draft", "published", NULL), TB_OK);
	assert_int_equal(store_achievement_get(f->st, &f->a, x.id, &y), TB_OK);
	assert_string_equal(y.status, "published");
	assert_non_null(y.published_at);
	assert_int_equal(store_achievement_set_status(f->st, 777777, "draft", "published", NULL), TB_ENOTFOUND);
}

static void test_demand_budget_overlap(void **state)
{
	struct fx *f = *state;
	struct demand d;
	struct catalog_query q;
	struct demand *rows;
	int n;
	int64_t total;
	memset(&d, 0, sizeof(d));
	d.title_zh = "需求";
	d.desc_zh = "描述";
	d.budget_min = 100;
	d.budget_max = 200;
	d.org_id = f->ent;
	d.status = "published";
	assert_int_equal(store_demand_insert(f->st, &d), TB_OK);
	catalog_query_init(&q);
	q.price_min = 150;
	assert_int_equal(store_demand_list(f->st, &f->a, &q, &rows, &n, &total), TB_OK);
	assert_int_equal(total, 1);
	q.price_min = 201;
	assert_int_equal(store_demand_list(f->st, &f->a, &q, &rows, &n, &total), TB_OK);
	assert_int_equal(total, 0);
	q.price_min = -1;
	q.price_max = 99;
	assert_int_equal(store_demand_list(f->st, &f->a, &q, &rows, &n, &total), TB_OK);
	assert_int_equal(total, 0);
}

static void test_transaction_rollback(void **state)
{
	struct fx *f = *state;
	struct catalog_query q;
	struct achievement *rows, x = mk_ach(f, "rolled back", 3, 1, NULL);
	int n;
	int64_t total;
	assert_int_equal(store_begin(f->st), TB_OK);
	assert_int_equal(store_achievement_insert(f->st, &x), TB_OK);
	assert_int_equal(store_rollback(f->st), TB_OK);
	catalog_query_init(&q);
	q.q = "rolled back";
	assert_int_equal(store_achievement_list(f->st, &f->a, &q, &rows, &n, &total), TB_OK);
	assert_int_equal(total, 0);
}

static void test_validation(void **state)
{
	struct achievement a;
	struct demand d;
	struct tb_field_error fe = { 0 };
	memset(&a, 0, sizeof(a));
	a.trl = 5; a.modes = MODE_LICENCE; a.price = 1; a.owner_org_id = 1;
	assert_int_equal(achievement_validate(&a, &fe), TB_EINVAL);
	assert_string_equal(fe.field, "title_zh");
	a.title_en = "Title";
	assert_int_equal(achievement_validate(&a, &fe), TB_OK);
	a.trl = 0;
	assert_int_equal(achievement_validate(&a, &fe), TB_EINVAL);
	assert_string_equal(fe.field, "trl");
	a.trl = 5; a.price = -3;
	assert_int_equal(achievement_validate(&a, &fe), TB_EINVAL);
	assert_string_equal(fe.field, "price");
	a.price = PRICE_NEGOTIABLE; a.reg_no = "21020261000A";
	assert_int_equal(achievement_validate(&a, &fe), TB_EINVAL);
	assert_string_equal(fe.field, "reg_no");
	a.reg_no = "210202610001"; a.title_zh = "\xe6\xb2";
	assert_int_equal(achievement_validate(&a, &fe), TB_EINVAL);
	assert_string_equal(fe.field, "title_zh");

	memset(&d, 0, sizeof(d));
	d.title_zh = "t"; d.desc_zh = "d"; d.org_id = 1; d.budget_min = d.budget_max = -1;
	assert_int_equal(demand_validate(&d, &fe), TB_OK);
	d.deadline = "2026-02-29";
	assert_int_equal(demand_validate(&d, &fe), TB_EINVAL);
	assert_string_equal(fe.field, "deadline");
	d.deadline = NULL; d.budget_min = 10; d.budget_max = 5;
	assert_int_equal(demand_validate(&d, &fe), TB_EINVAL);
	assert_string_equal(fe.field, "budget_min");
}

static void test_keywords_modes_regions(void **state)
{
	char out[256];
	struct tb_field_error fe;
	unsigned m;
	const char *bad = NULL;
	assert_int_equal(keywords_normalize(" 镁合金，轧制；镁合金、 lightweight ,", out, sizeof(out), 10, &fe, "keywords"), TB_OK);
	assert_string_equal(out, "镁合金,轧制,lightweight");
	assert_int_equal(keywords_normalize("a,b,c,d", out, sizeof(out), 3, &fe, "keywords"), TB_EINVAL);
	assert_string_equal(fe.field, "keywords");
	assert_true(modes_parse("transfer, license,equity", &m, &bad));
	assert_int_equal(m, MODE_TRANSFER | MODE_LICENCE | MODE_EQUITY);
	assert_false(modes_parse("transfer,sell", &m, &bad));
	assert_string_equal(bad, "sell");
	assert_string_equal(region_city_canonical("Shenyang"), "沈阳");
	assert_string_equal(region_city_canonical("DALIAN"), "大连");
	assert_string_equal(region_city_canonical("沈阳市"), "沈阳");
	assert_string_equal(region_city_canonical("北京"), "北京");
	assert_true(region_in_province("Anshan"));
	assert_false(region_in_province("北京"));
	assert_string_equal(region_city_en("葫芦岛"), "Huludao");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_migrate_idempotent, setup, teardown),
		cmocka_unit_test_setup_teardown(test_insert_get_update, setup, teardown),
		cmocka_unit_test_setup_teardown(test_constraints, setup, teardown),
		cmocka_unit_test_setup_teardown(test_list_filters_sort, setup, teardown),
		cmocka_unit_test_setup_teardown(test_status_and_transitions, setup, teardown),
		cmocka_unit_test_setup_teardown(test_demand_budget_overlap, setup, teardown),
		cmocka_unit_test_setup_teardown(test_transaction_rollback, setup, teardown),
		cmocka_unit_test(test_validation),
		cmocka_unit_test(test_keywords_modes_regions),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

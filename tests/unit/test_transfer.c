/* test_transfer.c - unit tests for the import/export row mapping: defaults,
 * list separators, owner resolution by name, column-named errors, and
 * struct -> row -> struct round trips. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "core/arena.h"
#include "domain/transfer.h"

static int resolver(void *ctx, const char *name, int64_t *id)
{
	(void)ctx;
	if (!strcmp(name, "东北大学") || !strcmp(name, "Northeastern University")) {
		*id = 7;
		return TB_OK;
	}
	return TB_ENOTFOUND;
}

static void set(enum xfer_kind k, const char **v, const char *col, const char *val)
{
	int i = xfer_column_index(k, col);
	assert_true(i >= 0);
	v[i] = val;
}

static void test_columns(void **state)
{
	enum xfer_kind k;
	assert_true(xfer_kind_parse("achievements", &k));
	assert_int_equal(k, XFER_ACHIEVEMENTS);
	assert_false(xfer_kind_parse("patents", &k));
	assert_string_equal(xfer_columns(XFER_ORGS)[1], "name");
	assert_int_equal(xfer_column_index(XFER_DEMANDS, "org"), 13);
	assert_int_equal(xfer_column_index(XFER_ACHIEVEMENTS, "colour"), -1);
	assert_true(xfer_ncolumns(XFER_ACHIEVEMENTS) <= XFER_MAX_COLS);
}

static void test_ach_row(void **state)
{
	struct arena a;
	struct achievement x;
	struct tb_field_error fe = { 0 };
	const char *v[XFER_MAX_COLS] = { 0 };
	arena_init(&a, 1 << 20);
	set(XFER_ACHIEVEMENTS, v, "title_zh", "镁合金轧制");
	set(XFER_ACHIEVEMENTS, v, "trl", " 6 ");
	set(XFER_ACHIEVEMENTS, v, "modes", "transfer; licence");
	set(XFER_ACHIEVEMENTS, v, "keywords", "镁合金；轧制、镁合金,lightweight");
	set(XFER_ACHIEVEMENTS, v, "owner_org", "Northeastern University");
	set(XFER_ACHIEVEMENTS, v, "owner_org_id", "99");
	set(XFER_ACHIEVEMENTS, v, "price", "面议");
	set(XFER_ACHIEVEMENTS, v, "created_at", "2024-05-01");
	set(XFER_ACHIEVEMENTS, v, "id", "12345"); /* ignored */
	assert_int_equal(xfer_row_to_ach(&a, v, resolver, NULL, &x, &fe), TB_OK);
	assert_int_equal(x.owner_org_id, 7); /* name wins over id */
	assert_int_equal(x.trl, 6);
	assert_int_equal(x.modes, MODE_TRANSFER | MODE_LICENCE);
	assert_string_equal(x.keywords, "镁合金,轧制,lightweight");
	assert_true(x.price == PRICE_NEGOTIABLE);
	assert_string_equal(x.status, "draft");
	assert_string_equal(x.created_at, "2024-05-01T00:00:00Z");
	assert_int_equal(x.id, 0);

	set(XFER_ACHIEVEMENTS, v, "owner_org", "无名公司");
	assert_int_equal(xfer_row_to_ach(&a, v, resolver, NULL, &x, &fe), TB_EINVAL);
	assert_string_equal(fe.field, "owner_org");
	set(XFER_ACHIEVEMENTS, v, "owner_org", NULL);
	assert_int_equal(xfer_row_to_ach(&a, v, resolver, NULL, &x, &fe), TB_OK);
	assert_int_equal(x.owner_org_id, 99);

	set(XFER_ACHIEVEMENTS, v, "trl", "six");
	assert_int_equal(xfer_row_to_ach(&a, v, resolver, NULL, &x, &fe), TB_EINVAL);
	assert_string_equal(fe.field, "trl");
	set(XFER_ACHIEVEMENTS, v, "trl", "6");
	set(XFER_ACHIEVEMENTS, v, "modes", "sell");
	assert_int_equal(xfer_row_to_ach(&a, v, resolver, NULL, &x, &fe), TB_EINVAL);
	assert_string_equal(fe.field, "modes");
	set(XFER_ACHIEVEMENTS, v, "modes", "codev");
	set(XFER_ACHIEVEMENTS, v, "price", "-5");
	assert_int_equal(xfer_row_to_ach(&a, v, resolver, NULL, &x, &fe), TB_EINVAL);
	assert_string_equal(fe.field, "price");
	set(XFER_ACHIEVEMENTS, v, "price", "");
	set(XFER_ACHIEVEMENTS, v, "created_at", "2024-13-01");
	assert_int_equal(xfer_row_to_ach(&a, v, resolver, NULL, &x, &fe), TB_EINVAL);
	assert_string_equal(fe.field, "created_at");
	set(XFER_ACHIEVEMENTS, v, "created_at", NULL);
	set(XFER_ACHIEVEMENTS, v, "title_zh", "");
	assert_int_equal(xfer_row_to_ach(&a, v, resolver, NULL, &x, &fe), TB_EINVAL);
	assert_string_equal(fe.field, "title_zh"); /* from achievement_validate */
	arena_release(&a);
}

static void test_round_trip(void **state)
{
	struct arena a;
	struct achievement x = { 0 }, y;
	struct demand d = { 0 }, e;
	struct tb_field_error fe = { 0 };
	const char *v[XFER_MAX_COLS];
	arena_init(&a, 1 << 20);
	x.id = 3;
	x.reg_no = "210202410001";
	x.title_zh = "标题, 含逗号";
	x.title_en = "Title";
	x.keywords = "a,b";
	x.patents = "ZL202110123456.7,ZL202110123457.5";
	x.trl = 5;
	x.modes = MODE_EQUITY | MODE_SERVICE;
	x.price = 1234567.89;
	x.owner_org_id = 7;
	x.owner_name = "东北大学";
	x.status = "published";
	x.created_at = "2021-02-03T04:05:06Z";
	xfer_ach_to_row(&a, &x, v);
	assert_string_equal(v[xfer_column_index(XFER_ACHIEVEMENTS, "keywords")], "a;b");
	assert_string_equal(v[xfer_column_index(XFER_ACHIEVEMENTS, "modes")], "equity;service");
	assert_string_equal(v[xfer_column_index(XFER_ACHIEVEMENTS, "price")], "1234567.89");
	assert_int_equal(xfer_row_to_ach(&a, v, resolver, NULL, &y, &fe), TB_OK);
	assert_string_equal(y.title_zh, x.title_zh);
	assert_string_equal(y.patents, x.patents);
	assert_int_equal(y.modes, x.modes);
	assert_true(y.price == x.price);
	assert_string_equal(y.created_at, x.created_at);

	d.title_zh = "需求";
	d.desc_zh = "描述";
	d.budget_min = 100000;
	d.budget_max = -1;
	d.deadline = "2027-06-30";
	d.org_id = 7;
	d.region = "大连";
	d.status = "closed";
	xfer_dem_to_row(&a, &d, v);
	assert_null(v[xfer_column_index(XFER_DEMANDS, "budget_max")]);
	assert_null(v[xfer_column_index(XFER_DEMANDS, "modes")]);
	assert_int_equal(xfer_row_to_dem(&a, v, resolver, NULL, &e, &fe), TB_OK);
	assert_true(e.budget_min == 100000 && e.budget_max < 0);
	assert_int_equal(e.modes, 0);
	assert_string_equal(e.status, "closed");
	assert_string_equal(e.deadline, "2027-06-30");
	v[xfer_column_index(XFER_DEMANDS, "budget_max")] = "50000";
	assert_int_equal(xfer_row_to_dem(&a, v, resolver, NULL, &e, &fe), TB_EINVAL);
	assert_string_equal(fe.field, "budget_min");
	arena_release(&a);
}

static void test_org_row(void **state)
{
	struct arena a;
	struct org o;
	struct tb_field_error fe = { 0 };
	const char *v[XFER_MAX_COLS] = { 0 };
	arena_init(&a, 1 << 20);
	set(XFER_ORGS, v, "name", "大连精工");
	set(XFER_ORGS, v, "kind", "enterprise");
	set(XFER_ORGS, v, "city", "大连市");
	assert_int_equal(xfer_row_to_org(&a, v, &o, &fe), TB_OK);
	assert_string_equal(o.city, "大连");
	assert_string_equal(o.province, "辽宁");
	assert_string_equal(o.region_code, "210200");
	set(XFER_ORGS, v, "kind", "bank");
	assert_int_equal(xfer_row_to_org(&a, v, &o, &fe), TB_EINVAL);
	assert_string_equal(fe.field, "kind");
	arena_release(&a);
}

static void test_numbers_and_times(void **state)
{
	struct arena a;
	arena_init(&a, 1 << 16);
	assert_string_equal(xfer_fmt_num(&a, 0.1), "0.1");
	assert_string_equal(xfer_fmt_num(&a, 1e8), "100000000");
	assert_string_equal(xfer_fmt_num(&a, 1.0 / 3), "0.33333333333333331");
	assert_string_equal(xfer_timestamp(&a, "2024-02-29"), "2024-02-29T00:00:00Z");
	assert_null(xfer_timestamp(&a, "2023-02-29"));
	assert_null(xfer_timestamp(&a, "2024-01-01T25:00:00Z"));
	assert_null(xfer_timestamp(&a, "2024-01-01 10:00:00"));
	arena_release(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_columns),
		cmocka_unit_test(test_ach_row),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_org_row),
		cmocka_unit_test(test_numbers_and_times),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

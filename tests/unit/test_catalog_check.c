/* test_catalog_check.c - unit tests for the catalogue's collecting validation
 * (every failing field at once, first error unchanged for single-field
 * callers) and the checks added for the web UI: past deadlines, return-reason
 * length, min above max. Guards against the form needing one submit per error
 * and against silently accepted bad input (issue 18). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "domain/catalog.h"

static void empty_achievement_reports_every_field(void **state)
{
	struct achievement a;
	struct catalog_errors errs;
	struct tb_field_error fe;
	static const char *const want[] = { "title_zh", "contact_email", "trl", "modes", "owner_org_id" };
	(void)state;
	memset(&a, 0, sizeof(a));
	a.contact_email = "not-an-address";
	assert_int_equal(achievement_check(&a, &errs), TB_EINVAL);
	assert_int_equal(errs.n, 5);
	for (int i = 0; i < 5; i++)
		assert_string_equal(errs.e[i].field, want[i]);
	/* the single-error API still names the first */
	assert_int_equal(achievement_validate(&a, &fe), TB_EINVAL);
	assert_string_equal(fe.field, "title_zh");
	a.title_zh = "标题";
	a.contact_email = NULL;
	a.trl = 4;
	a.modes = MODE_LICENCE;
	a.owner_org_id = 1;
	assert_int_equal(achievement_check(&a, &errs), TB_OK);
	assert_int_equal(errs.n, 0);
}

static void demand_reports_every_field(void **state)
{
	struct demand d;
	struct catalog_errors errs;
	(void)state;
	memset(&d, 0, sizeof(d));
	d.budget_min = 5;
	d.budget_max = 1;
	d.deadline = "2027-02-30";
	assert_int_equal(demand_check(&d, &errs), TB_EINVAL);
	assert_int_equal(errs.n, 5);
	assert_string_equal(errs.e[0].field, "title_zh");
	assert_string_equal(errs.e[1].field, "desc_zh");
	assert_string_equal(errs.e[2].field, "budget_min");
	assert_string_equal(errs.e[2].message, "must not exceed budget_max");
	assert_string_equal(errs.e[3].field, "deadline");
	assert_string_equal(errs.e[4].field, "org_id");
}

static void deadline_reason_and_range(void **state)
{
	struct tb_field_error fe;
	char long_reason[CATALOG_REASON_MAX * 3 + 4];
	(void)state;
	assert_int_equal(catalog_check_deadline("2020-05-01", "2026-12-02", &fe), TB_EINVAL);
	assert_string_equal(fe.field, "deadline");
	assert_string_equal(fe.message, "must not be in the past (today is 2026-12-02)");
	assert_int_equal(catalog_check_deadline("2026-12-02", "2026-12-02", &fe), TB_OK);
	assert_int_equal(catalog_check_deadline(NULL, "2026-12-02", &fe), TB_OK);
	/* 1000 three-byte characters pass, 1001 do not */
	for (int i = 0; i < CATALOG_REASON_MAX; i++)
		memcpy(long_reason + i * 3, "理", 3);
	long_reason[CATALOG_REASON_MAX * 3] = '\0';
	assert_int_equal(catalog_check_reason(long_reason, &fe), TB_OK);
	memcpy(long_reason + CATALOG_REASON_MAX * 3, "x", 2);
	assert_int_equal(catalog_check_reason(long_reason, &fe), TB_EINVAL);
	assert_string_equal(fe.field, "reason");
	assert_int_equal(catalog_check_range(500, 100, "price_min", "price_max", &fe), TB_EINVAL);
	assert_string_equal(fe.field, "price_min");
	assert_string_equal(fe.message, "must not exceed price_max");
	assert_int_equal(catalog_check_range(-1, 100, "price_min", "price_max", &fe), TB_OK);
	assert_int_equal(catalog_check_range(100, 100, "price_min", "price_max", &fe), TB_OK);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(empty_achievement_reports_every_field),
		cmocka_unit_test(demand_reports_every_field),
		cmocka_unit_test(deadline_reason_and_range),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

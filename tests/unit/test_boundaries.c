/* test_boundaries.c - the edges of the catalogue's numeric and list rules in
 * the domain layer, on both sides of each bound: TRL 0/1/9/10 (achievements),
 * trl_min -1/0/9/10 (demands), 10/11 keywords, 60/61-byte keywords. The API
 * and import check the same bounds in their own layer
 * (tests/api/boundaries.test.mjs); each layer is tested on its own because a
 * widened bound in one is otherwise hidden by the other.
 *
 * Guards against (issue #19): "TRL 10 accepted (only the upper bound
 * widened)" - only TRL 0 was tested - and an off-by-one in the keyword cap. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "core/err.h"
#include "domain/catalog.h"

static struct achievement ach(int trl)
{
	struct achievement a;
	memset(&a, 0, sizeof(a));
	a.title_zh = "边界测试成果";
	a.trl = trl;
	a.modes = 1;
	a.owner_org_id = 1;
	return a;
}

static struct demand dem(int trl_min)
{
	struct demand d;
	memset(&d, 0, sizeof(d));
	d.title_zh = "边界测试需求";
	d.desc_zh = "描述";
	d.budget_min = d.budget_max = -1;
	d.trl_min = trl_min;
	d.org_id = 1;
	return d;
}

static void test_trl_bounds(void **state)
{
	static const struct { int trl, ok; } cases[] = { { 0, 0 }, { 1, 1 }, { 9, 1 }, { 10, 0 }, { -1, 0 } };
	struct tb_field_error fe;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct achievement a = ach(cases[i].trl);
		memset(&fe, 0, sizeof(fe));
		int rc = achievement_validate(&a, &fe);
		if (rc != (cases[i].ok ? TB_OK : TB_EINVAL))
			fail_msg("trl %d: rc %d", cases[i].trl, rc);
		if (!cases[i].ok)
			assert_string_equal(fe.field, "trl");
	}
}

static void test_trl_min_bounds(void **state)
{
	static const struct { int trl, ok; } cases[] = { { -1, 0 }, { 0, 1 }, { 1, 1 }, { 9, 1 }, { 10, 0 } };
	struct tb_field_error fe;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct demand d = dem(cases[i].trl);
		memset(&fe, 0, sizeof(fe));
		int rc = demand_validate(&d, &fe);
		if (rc != (cases[i].ok ? TB_OK : TB_EINVAL))
			fail_msg("trl_min %d: rc %d", cases[i].trl, rc);
		if (!cases[i].ok)
			assert_string_equal(fe.field, "trl_min");
	}
}

static void test_keyword_count(void **state)
{
	char out[512];
	struct tb_field_error fe;
	memset(&fe, 0, sizeof(fe));
	/* exactly 10, mixed separators: accepted, normalised to commas */
	assert_int_equal(keywords_normalize("k1,k2;k3，k4；k5、k6,k7,k8,k9,k10", out, sizeof(out), 10, &fe,
	                                    "keywords"), TB_OK);
	assert_string_equal(out, "k1,k2,k3,k4,k5,k6,k7,k8,k9,k10");
	/* 11: refused, naming the field */
	assert_int_equal(keywords_normalize("k1,k2,k3,k4,k5,k6,k7,k8,k9,k10,k11", out, sizeof(out), 10, &fe,
	                                    "keywords"), TB_EINVAL);
	assert_string_equal(fe.field, "keywords");
	/* 11 with one duplicate is 10 distinct: accepted */
	memset(&fe, 0, sizeof(fe));
	assert_int_equal(keywords_normalize("k1,k2,k3,k4,k5,k6,k7,k8,k9,k10,k1", out, sizeof(out), 10, &fe,
	                                    "keywords"), TB_OK);
}

static void test_keyword_length(void **state)
{
	char out[512], in[80];
	struct tb_field_error fe;
	memset(&fe, 0, sizeof(fe));
	memset(in, 'a', 60);
	in[60] = '\0';
	assert_int_equal(keywords_normalize(in, out, sizeof(out), 10, &fe, "keywords"), TB_OK);
	in[60] = 'a';
	in[61] = '\0';
	assert_int_equal(keywords_normalize(in, out, sizeof(out), 10, &fe, "keywords"), TB_EINVAL);
	assert_string_equal(fe.field, "keywords");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_trl_bounds),
		cmocka_unit_test(test_trl_min_bounds),
		cmocka_unit_test(test_keyword_count),
		cmocka_unit_test(test_keyword_length),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

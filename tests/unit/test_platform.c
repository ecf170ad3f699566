/* test_platform.c - the platform registry's status machine (issue #15):
 * every pair of statuses against the table, so that a revoked platform can
 * never come back and an evaluation always ends active or revoked. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "domain/platform.h"

static void test_transitions(void **state)
{
	static const char *const s[] = { "active", "under_evaluation", "revoked" };
	/* rows: from; columns: to */
	static const int ok[3][3] = { { 0, 1, 1 }, { 1, 0, 1 }, { 0, 0, 0 } };
	for (int i = 0; i < 3; i++)
		for (int j = 0; j < 3; j++)
			assert_int_equal(platform_transition_ok(s[i], s[j]), ok[i][j]);
	assert_int_equal(platform_transition_ok("active", "closed"), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = { cmocka_unit_test(test_transitions) };
	return cmocka_run_group_tests(tests, NULL, NULL);
}

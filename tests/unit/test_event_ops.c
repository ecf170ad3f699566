/* test_event_ops.c - the moves of an event after its creation (issue #14,
 * domain/event_ops.c): every pair of statuses against the table, so that a
 * cancelled event never comes back and a held one is never planned again
 * (its outcome text may still be completed). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "domain/event_ops.h"

static void test_moves(void **state)
{
	static const char *const s[] = { "planned", "held", "cancelled" };
	/* rows: from; columns: to */
	static const int ok[3][3] = { { 0, 1, 1 }, { 0, 1, 0 }, { 0, 0, 0 } };
	for (int i = 0; i < 3; i++)
		for (int j = 0; j < 3; j++)
			assert_int_equal(event_move_ok(s[i], s[j]), ok[i][j]);
	assert_int_equal(event_move_ok("planned", "closed"), 0);
	assert_int_equal(event_move_ok(NULL, "held"), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = { cmocka_unit_test(test_moves) };
	return cmocka_run_group_tests(tests, NULL, NULL);
}

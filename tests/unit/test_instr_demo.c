/* test_instr_demo.c - the instrument demo seeder in --small mode on a fresh
 * database: the counts it promises, non-zero usage and revenue, and no
 * overlapping slot-holding bookings (every instrument's busy list is sorted
 * and disjoint). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "cli/demo.h"
#include "core/err.h"
#include "domain/booking.h"
#include "store/store.h"

static void test_seed_small(void **state)
{
	char path[] = "/tmp/tb-instr-demo-XXXXXX", side[64];
	int fd = mkstemp(path), applied, n;
	struct store *st;
	struct demo_ctx d;
	struct arena a;
	struct instr_stats s;
	struct tb_field_error fe;
	int64_t ni, norg, nkpi, uses;
	double revenue;

	assert_true(fd >= 0);
	close(fd);
	assert_int_equal(store_open(path, &st), TB_OK);
	assert_int_equal(store_migrate(st, &applied), TB_OK);
	memset(&d, 0, sizeof(d));
	d.st = st;
	d.rng = 42;
	d.small = 1;
	d.quiet = 1;
	assert_int_equal(demo_seed_instruments(&d), TB_OK);
	assert_int_equal(store_instrument_counts(st, &ni, &norg, &nkpi), TB_OK);
	assert_true(ni >= 95 && ni <= 100);   /* retired ones are not counted */
	assert_int_equal(norg, 12);
	assert_true(nkpi > 0 && nkpi < ni);
	assert_int_equal(store_instrument_revenue(st, "2000-01-01", "2100-01-01", 0, &revenue, &uses), TB_OK);
	assert_true(revenue > 0 && uses > 100);

	arena_init(&a, 64 << 20);
	assert_int_equal(instrument_stats(st, &a, NULL, NULL, &s, &fe), TB_OK);
	assert_true(s.utilisation > 0 && s.utilisation < 1);
	assert_true(s.n_category > 5);
	for (int64_t id = 1; id <= 100; id++) {
		struct booking *busy;
		assert_int_equal(store_booking_busy(st, &a, id, "2000-01-01", "2100-01-01", &busy, &n), TB_OK);
		for (int i = 1; i < n; i++)
			assert_true(strcmp(busy[i - 1].end_at, busy[i].start_at) <= 0);
	}
	arena_release(&a);
	store_close(st);
	unlink(path);
	snprintf(side, sizeof(side), "%s-wal", path);
	unlink(side);
	snprintf(side, sizeof(side), "%s-shm", path);
	unlink(side);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_seed_small),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

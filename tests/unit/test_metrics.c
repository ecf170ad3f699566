/* test_metrics.c - counters that an API test cannot move deterministically.
 * Guards against: a request that waits for a database connection going
 * uncounted (tb_db_pool_waits_total), or being counted once per wake-up
 * instead of once per request. (An API test with one connection and eight
 * worker threads saw 0 waits when one thread happened to accept every
 * connection; here the waiting is forced.) */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "core/err.h"
#include "core/metrics.h"
#include "domain/app.h"

struct waiter { struct store_pool *pool; struct store *got; };

static void *take(void *arg)
{
	struct waiter *w = arg;
	w->got = app_pool_get(w->pool);
	return NULL;
}

static void test_pool_wait_counted_once(void **state)
{
	char dir[] = "/tmp/tb-metrics-XXXXXX", path[64];
	struct store_pool *pool;
	struct store *held;
	struct waiter w = { 0 };
	pthread_t t;
	uint64_t waits0 = tbm_get(TBM_POOL_WAITS), us0 = tbm_get(TBM_POOL_WAIT_US);
	struct timespec pause = { 0, 5000000 };
	int spins = 0;

	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/t.db", dir);
	assert_int_equal(app_pool_new(path, 1, &pool), TB_OK);
	held = app_pool_get(pool);                   /* the only connection */
	assert_non_null(held);
	assert_int_equal(tbm_get(TBM_POOL_WAITS), waits0);
	w.pool = pool;
	assert_int_equal(pthread_create(&t, NULL, take, &w), 0);
	/* The other thread is counted as it starts to wait. */
	while (tbm_get(TBM_POOL_WAITS) == waits0 && spins++ < 2000)
		nanosleep(&pause, NULL);
	assert_int_equal(tbm_get(TBM_POOL_WAITS), waits0 + 1);
	nanosleep(&pause, NULL);
	app_pool_put(pool, held);
	assert_int_equal(pthread_join(t, NULL), 0);
	assert_ptr_equal(w.got, held);               /* it got the same connection */
	assert_int_equal(tbm_get(TBM_POOL_WAITS), waits0 + 1);
	assert_true(tbm_get(TBM_POOL_WAIT_US) > us0);
	/* A free connection: no wait. */
	app_pool_put(pool, w.got);
	held = app_pool_get(pool);
	assert_int_equal(tbm_get(TBM_POOL_WAITS), waits0 + 1);
	app_pool_put(pool, held);
	app_pool_free(pool);
	unlink(path);
	{
		char side[80];
		snprintf(side, sizeof(side), "%s-wal", path);
		unlink(side);
		snprintf(side, sizeof(side), "%s-shm", path);
		unlink(side);
	}
	rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pool_wait_counted_once),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

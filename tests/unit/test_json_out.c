/* test_json_out.c - the JSON written without a tree (api/json_out.c) must be
 * byte for byte what jansson writes for the same values with the API's
 * flags: the matches endpoints switched from trees to this writer, and a
 * client must not be able to tell. Guards against a real formatted
 * differently (1e+20 vs 1e20, 3 vs 3.0), a string escaped differently
 * (control bytes as \u00XX in upper case, DEL kept), invalid UTF-8 or a
 * non-finite number sent instead of refused, and metrics that do not parse
 * (core/metrics.c: label escaping, cumulative buckets). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>
#include <cmocka.h>

#include "api/api.h"
#include "core/buf.h"
#include "core/metrics.h"

#define FLAGS (JSON_COMPACT | JSON_REAL_PRECISION(15) | JSON_ENCODE_ANY)

static void same_real(double v)
{
	struct buf b = BUF_INIT(1024);
	json_t *j = json_real(v);
	char *want = json_dumps(j, FLAGS);
	assert_int_equal(jw_real(&b, v), TB_OK);
	assert_string_equal(b.ptr, want);
	free(want);
	json_decref(j);
	buf_release(&b);
}

static void test_reals_as_jansson_writes_them(void **state)
{
	static const double v[] = { 0, -0.0, 1, 3, -7, 0.1, 0.5, 1.0 / 3, 2.0 / 3, 12.375, 1e20, 1e21,
	                            1.5e-5, 1e-7, 123456789012345.0, 1234567890123456.0, 9.87654321e100,
	                            -2.5e-300, 4.9e-324, 1.7976931348623157e308, 42.000000000001,
	                            0.30000000000000004, 100, 1e15, 1e16 };
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++)
		same_real(v[i]);
	/* Pseudo-random weights and scores as the ranking produces them. */
	srand(17);
	for (int i = 0; i < 5000; i++)
		same_real(((double)rand() / RAND_MAX - 0.3) * pow(10, rand() % 12 - 6));
}

static void test_non_finite_is_refused(void **state)
{
	struct buf b = BUF_INIT(1024);
	assert_int_not_equal(jw_real(&b, NAN), TB_OK);
	assert_int_not_equal(jw_real(&b, INFINITY), TB_OK);
	assert_null(json_real(NAN)); /* the tree path refused it too */
	buf_release(&b);
}

static void same_str(const char *s)
{
	struct buf b = BUF_INIT(4096);
	json_t *j = json_string(s);
	char *want;
	assert_non_null(j);
	want = json_dumps(j, FLAGS);
	assert_int_equal(jw_str(&b, s), TB_OK);
	assert_string_equal(b.ptr, want);
	free(want);
	json_decref(j);
	buf_release(&b);
}

static void test_strings_as_jansson_escapes_them(void **state)
{
	char all[128];
	same_str("");
	same_str("镁合金");
	same_str("term \"quoted\" and back\\slash / slash");
	same_str("line\nbreak\r\ttab\b\f");
	same_str("\x01\x1f\x7f end");
	same_str("😀 emoji and é");
	for (int i = 1; i < 128; i++)
		all[i - 1] = (char)i;
	all[127] = '\0';
	same_str(all);
}

static void test_bad_utf8_and_null(void **state)
{
	struct buf b = BUF_INIT(1024);
	assert_int_not_equal(jw_str(&b, "bad \xff byte"), TB_OK);
	assert_null(json_string("bad \xff byte"));
	buf_reset(&b);
	assert_int_equal(jw_str(&b, NULL), TB_OK);
	assert_string_equal(b.ptr, "null");
	buf_release(&b);
}

static void test_tree_dump_in_place(void **state)
{
	struct buf b = BUF_INIT(1024);
	json_t *o = json_pack("{s:s,s:f,s:[i,b,n]}", "a", "x\"y", "w", 0.25, "l", 3, 1);
	char *want = json_dumps(o, FLAGS);
	buf_adds(&b, "[");
	assert_int_equal(jw_tree(&b, json_incref(o)), TB_OK);
	buf_adds(&b, "]");
	{
		char expect[256];
		snprintf(expect, sizeof(expect), "[%s]", want);
		assert_string_equal(b.ptr, expect);
	}
	assert_int_not_equal(jw_tree(&b, NULL), TB_OK);
	free(want);
	json_decref(o);
	buf_release(&b);
}

/* core/metrics.c: a route label with characters the format escapes, and a
 * histogram that stays cumulative with +Inf = _count. */
static void test_metrics_exposition(void **state)
{
	static const struct tbm_route routes[] = { { "GET", "/a/{id}" }, { "GET", "we\"ird\\" } };
	struct buf b = BUF_INIT(1 << 20);
	assert_int_equal(tbm_routes_init(routes, 2), TB_OK);
	assert_int_equal(tbm_routes_init(routes, 2), TB_OK); /* again: a no-op */
	tbm_observe(0, 200, 400);        /* <= 0.5 ms */
	tbm_observe(0, 204, 3000);       /* <= 5 ms */
	tbm_observe(0, 503, 20000000);   /* above every bucket */
	tbm_observe(1, 404, 1000);
	tbm_observe(7, 200, 1);          /* no such route: ignored */
	tbm_inc(TBM_BOOKING_CONFLICTS);
	assert_int_equal(tbm_write(&b), TB_OK);
	assert_non_null(strstr(b.ptr, "tb_booking_conflicts_total 1\n"));
	assert_non_null(strstr(b.ptr, "tb_http_requests_total{method=\"GET\",route=\"/a/{id}\",status=\"2xx\"} 2\n"));
	assert_non_null(strstr(b.ptr, "tb_http_requests_total{method=\"GET\",route=\"/a/{id}\",status=\"5xx\"} 1\n"));
	assert_non_null(strstr(b.ptr, "route=\"we\\\"ird\\\\\",status=\"4xx\"} 1\n"));
	assert_non_null(strstr(b.ptr, "route=\"/a/{id}\",status=\"2xx\",le=\"0.0005\"} 1\n"));
	assert_non_null(strstr(b.ptr, "route=\"/a/{id}\",status=\"2xx\",le=\"0.001\"} 1\n"));
	assert_non_null(strstr(b.ptr, "route=\"/a/{id}\",status=\"2xx\",le=\"0.005\"} 2\n"));
	assert_non_null(strstr(b.ptr, "route=\"/a/{id}\",status=\"2xx\",le=\"+Inf\"} 2\n"));
	assert_non_null(strstr(b.ptr, "route=\"/a/{id}\",status=\"5xx\",le=\"10\"} 0\n"));
	assert_non_null(strstr(b.ptr, "route=\"/a/{id}\",status=\"5xx\",le=\"+Inf\"} 1\n"));
	assert_non_null(strstr(b.ptr, "tb_http_request_duration_seconds_sum{method=\"GET\",route=\"/a/{id}\",status=\"2xx\"} 0.003400\n"));
	/* Unset gauges are not written: unknown is not zero. */
	assert_null(strstr(b.ptr, "tb_changelog_lag_seconds"));
	tbm_gauge_set(TBM_CHANGELOG_LAG_MS, 1500);
	buf_reset(&b);
	assert_int_equal(tbm_write(&b), TB_OK);
	assert_non_null(strstr(b.ptr, "# TYPE tb_changelog_lag_seconds gauge\ntb_changelog_lag_seconds 1.500\n"));
	buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reals_as_jansson_writes_them),
		cmocka_unit_test(test_non_finite_is_refused),
		cmocka_unit_test(test_strings_as_jansson_escapes_them),
		cmocka_unit_test(test_bad_utf8_and_null),
		cmocka_unit_test(test_tree_dump_in_place),
		cmocka_unit_test(test_metrics_exposition),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

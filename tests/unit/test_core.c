/* test_core.c - unit tests for buf, arena and util. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/csv.h"
#include "core/err.h"
#include "core/util.h"

static void test_buf_cap(void **state)
{
	struct buf b = BUF_INIT(8);
	assert_int_equal(buf_adds(&b, "abcd"), TB_OK);
	assert_int_equal(buf_adds(&b, "efgh"), TB_OK);
	assert_int_equal(buf_adds(&b, "i"), TB_ETOOBIG);
	assert_string_equal(b.ptr, "abcdefgh"); /* old content kept */
	buf_release(&b);
}

static void test_buf_printf_csv(void **state)
{
	struct buf b = BUF_INIT(1024);
	assert_int_equal(buf_printf(&b, "%d-%s", 42, "x"), TB_OK);
	assert_string_equal(b.ptr, "42-x");
	buf_reset(&b);
	csv_cell(&b, "a,\"b\"");
	assert_string_equal(b.ptr, "\"a,\"\"b\"\"\"");
	buf_release(&b);
}

static void test_arena(void **state)
{
	struct arena a;
	arena_init(&a, 1 << 20);
	char *s = arena_strdup(&a, "沈阳");
	assert_string_equal(s, "沈阳");
	assert_null(arena_strdup(&a, NULL));
	void *big = arena_alloc(&a, 100000);
	assert_non_null(big);
	assert_null(arena_alloc(&a, 2 << 20)); /* over the cap */
	char *p = arena_printf(&a, "%s/%d", "x", 7);
	assert_string_equal(p, "x/7");
	arena_release(&a);
}

static void test_parse(void **state)
{
	int64_t v;
	double d;
	assert_true(parse_i64("123", &v));
	assert_int_equal(v, 123);
	assert_false(parse_i64("12x", &v));
	assert_false(parse_i64("", &v));
	assert_false(parse_i64("99999999999999999999", &v));
	assert_true(parse_double("1.5", &d));
	assert_false(parse_double("nan", &d));
	assert_true(parse_date("2024-02-29", NULL, NULL, NULL));
	assert_false(parse_date("2023-02-29", NULL, NULL, NULL));
	assert_false(parse_date("2023-13-01", NULL, NULL, NULL));
}

static void test_utf8(void **state)
{
	assert_true(utf8_valid("abc", 3));
	assert_int_equal(utf8_len("沈阳abc", strlen("沈阳abc")), 5);
	assert_false(utf8_valid("\xff", 1));
	assert_false(utf8_valid("\xe6\xb2", 2));       /* truncated */
	assert_false(utf8_valid("\xc0\xaf", 2));       /* overlong */
	assert_false(utf8_valid("\xed\xa0\x80", 3));   /* surrogate */
	assert_false(utf8_valid("a\0b", 3));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_buf_cap),
		cmocka_unit_test(test_buf_printf_csv),
		cmocka_unit_test(test_arena),
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_utf8),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* test_fuzz_smoke.c - runs every fuzz target (tests/fuzz/fuzz_targets.c) on
 * a fixed set of tricky inputs and on deterministic random mutations of them,
 * so `make SANITIZE=1 test` exercises the same code paths a fuzzer would,
 * without needing clang's libFuzzer. `make fuzz` does the real fuzzing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "../fuzz/fuzz_targets.c"

static const char *const seeds[] = {
	"", "a", "数据挖掘", "基于5G的smart grid", "ＡＢＣ１２３", "資料庫", "running runs ran",
	"\xff\xfe\xfd", "\xe6\xb2", "\xf0\x9f\x98", "\xc0\xaf", "\xed\xa0\x80", "a\0b",
	"\"a\",\"b\"\"c\"\r\nd,e\n", "\xef\xbb\xbfh1,h2\n1,\"x\ny\"\n", "\",,,,\"\"\"", "\"unterminated",
	"transfer,licence,,equity", "镁合金，轧制；、、 ,", "GB/T 22900-2022 M8 304L", "2024-02-29",
	"99999999999999999999", "-1e308", "nan",
};

typedef int (*target_fn)(const uint8_t *, size_t);

static void run_target(target_fn fn)
{
	uint64_t rng = 0x9E3779B97F4A7C15ULL;
	uint8_t buf[512];
	for (size_t s = 0; s < sizeof(seeds) / sizeof(seeds[0]); s++) {
		size_t n = strlen(seeds[s]);
		if (s == 12)
			n = 3; /* embedded NUL */
		assert_int_equal(fn((const uint8_t *)seeds[s], n), 0);
		for (int m = 0; m < 300; m++) {
			size_t len = n, edits;
			memcpy(buf, seeds[s], n);
			rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
			edits = 1 + rng % 4;
			for (size_t e = 0; e < edits; e++) {
				rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
				if (rng % 3 == 0 && len < sizeof(buf))
					buf[len++] = (uint8_t)(rng >> 8); /* append */
				else if (len)
					buf[(rng >> 16) % len] = (uint8_t)(rng >> 24); /* flip */
			}
			assert_int_equal(fn(buf, len), 0);
		}
	}
}

static void test_analyzer(void **state) { run_target(fuzz_analyzer); }
static void test_csv(void **state) { run_target(fuzz_csv); }
static void test_fields(void **state) { run_target(fuzz_fields); }
static void test_match_query(void **state) { run_target(fuzz_match_query); }

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_analyzer),
		cmocka_unit_test(test_csv),
		cmocka_unit_test(test_fields),
		cmocka_unit_test(test_match_query),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* test_fuzz_smoke.c - runs every fuzz target (tests/fuzz/fuzz_targets.c) on
 * its seed corpus (tests/fuzz/corpus/<target>/, every file, in name order)
 * and on deterministic random mutations of each seed (fixed xorshift seed),
 * so `make test` and `make SANITIZE=1 test` exercise the same code paths and
 * check the same properties a fuzzer would, without clang's libFuzzer. A
 * target's FUZZ_CHECK failing fails its test here (FUZZ_SMOKE); a missing or
 * empty corpus fails too. `make fuzz` does the real fuzzing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include <dirent.h>

typedef int (*target_fn)(const uint8_t *, size_t);

#define FUZZ_SMOKE 1
#include "../fuzz/fuzz_targets.c"

static const uint8_t *cur;
static size_t cur_len;

void fuzz_dump_input(void)
{
	fprintf(stderr, "input (%zu bytes):", cur_len);
	for (size_t i = 0; i < cur_len && i < 300; i++)
		fprintf(stderr, " %02x", cur[i]);
	fputc('\n', stderr);
}

static int call(target_fn fn, const uint8_t *d, size_t n)
{
	cur = d;
	cur_len = n;
	return fn(d, n);
}


static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

/* mutations per seed: fewer for the import, which writes to a database */
static void run_target(const char *name, target_fn fn, int mutations)
{
	char dir[256], path[512];
	struct dirent **ents;
	uint64_t rng = 0x9E3779B97F4A7C15ULL;
	uint8_t seed[4096], buf[4200];
	int nents, nseeds = 0;

	snprintf(dir, sizeof(dir), "tests/fuzz/corpus/%s", name);
	nents = scandir(dir, &ents, NULL, by_name);
	if (nents < 0)
		fail_msg("no corpus at %s (run from the repository root)", dir);
	for (int e = 0; e < nents; e++) {
		FILE *fp;
		size_t n;
		if (ents[e]->d_name[0] == '.') {
			free(ents[e]);
			continue;
		}
		snprintf(path, sizeof(path), "%s/%s", dir, ents[e]->d_name);
		free(ents[e]);
		fp = fopen(path, "rb");
		assert_non_null(fp);
		n = fread(seed, 1, sizeof(seed), fp);
		fclose(fp);
		nseeds++;
		assert_int_equal(call(fn, seed, n), 0);
		for (int m = 0; m < mutations; m++) {
			size_t len = n, edits;
			memcpy(buf, seed, n);
			rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
			edits = 1 + rng % 4;
			for (size_t k = 0; k < edits; k++) {
				rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
				switch (rng % 4) {
				case 0: /* append a byte */
					if (len < sizeof(buf))
						buf[len++] = (uint8_t)(rng >> 8);
					break;
				case 1: /* duplicate a byte (grows runs: quotes, slashes, dots) */
					if (len && len < sizeof(buf)) {
						size_t at = (rng >> 16) % len;
						memmove(buf + at + 1, buf + at, len - at);
						len++;
					}
					break;
				case 2: /* delete a byte */
					if (len) {
						size_t at = (rng >> 16) % len;
						memmove(buf + at, buf + at + 1, len - at - 1);
						len--;
					}
					break;
				default: /* replace a byte, often by an interesting one */
					if (len) {
						static const uint8_t interesting[] = { ',', '"', '\n', '\r', '\t', '.', '/', '\\',
						                                       '0', '9', '-', ':', '{', '}', '[', ']', ' ' };
						uint8_t b = (rng >> 32) % 2 ? interesting[(rng >> 40) % sizeof(interesting)]
						                            : (uint8_t)(rng >> 24);
						buf[(rng >> 16) % len] = b;
					}
				}
			}
			assert_int_equal(call(fn, buf, len), 0);
		}
	}
	free(ents);
	if (nseeds == 0)
		fail_msg("empty corpus at %s", dir);
}

static void test_analyzer(void **state) { run_target("analyzer", fuzz_analyzer, 300); }
static void test_csv(void **state) { run_target("csv", fuzz_csv, 300); }
static void test_fields(void **state) { run_target("fields", fuzz_fields, 300); }
static void test_match_query(void **state) { run_target("match_query", fuzz_match_query, 300); }
static void test_json_fields(void **state) { run_target("json_fields", fuzz_json_fields, 300); }
static void test_router(void **state) { run_target("router", fuzz_router, 300); }
static void test_import_jsonl(void **state) { run_target("import_jsonl", fuzz_import_jsonl, 100); }

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_analyzer),
		cmocka_unit_test(test_csv),
		cmocka_unit_test(test_fields),
		cmocka_unit_test(test_match_query),
		cmocka_unit_test(test_json_fields),
		cmocka_unit_test(test_router),
		cmocka_unit_test(test_import_jsonl),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

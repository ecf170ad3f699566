/* test_text.c - unit tests for the Chinese/English analyzer: bigrams, stemming,
 * stopwords, mixed scripts, full-width and Traditional normalisation, and
 * malformed UTF-8 robustness. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/buf.h"
#include "core/err.h"
#include "text/analyzer.h"

struct toks {
	char s[4096]; /* terms joined by '|' */
	size_t n;
	uint32_t last_pos;
};

static int collect(void *ctx, const char *t, size_t n, uint32_t pos)
{
	struct toks *k = ctx;
	size_t l = strlen(k->s);
	assert_true(n > 0 && n <= ANALYZER_MAX_TERM);
	if (k->n)
		assert_int_equal(pos, k->last_pos + 1);
	else
		assert_int_equal(pos, 0);
	k->last_pos = pos;
	if (l + n + 2 < sizeof(k->s)) {
		if (l)
			k->s[l++] = '|';
		memcpy(k->s + l, t, n);
		k->s[l + n] = 0;
	}
	k->n++;
	return 0;
}

static void run_str(struct analyzer *a, const char *text, struct toks *k)
{
	memset(k, 0, sizeof(*k));
	assert_int_equal(analyzer_run(a, text, strlen(text), collect, k), TB_OK);
}

static int setup(void **state)
{
	*state = analyzer_new();
	return *state ? 0 : -1;
}

static int teardown(void **state)
{
	analyzer_free(*state);
	return 0;
}

static void test_chinese_bigrams(void **state)
{
	struct toks k;
	run_str(*state, "数据挖掘", &k);
	assert_string_equal(k.s, "数据|据挖|挖掘");
	run_str(*state, "新材料，锂", &k); /* single-character run -> unigram */
	assert_string_equal(k.s, "新材|材料|锂");
}

static void test_english(void **state)
{
	struct toks k;
	run_str(*state, "The running dogs are jumping over the fences", &k);
	assert_string_equal(k.s, "run|dog|jump|fenc");
	run_str(*state, "a the of and", &k);
	assert_int_equal(k.n, 0);
	run_str(*state, "GB/T 22900 M8 bolts of 304L steel", &k);
	assert_string_equal(k.s, "gb|22900|m8|bolt|304l|steel");
}

static void test_mixed(void **state)
{
	struct toks k;
	run_str(*state, "基于5G的smart grid", &k);
	assert_string_equal(k.s, "基于|5g|的|smart|grid");
}

static void test_fullwidth(void **state)
{
	struct toks k;
	struct buf b = BUF_INIT(1024);
	run_str(*state, "ＡＢＣ１２３", &k);
	assert_string_equal(k.s, "abc123");
	assert_int_equal(analyzer_normalize(*state, "  ＡＢＣ１２３ Shenyang ", strlen("  ＡＢＣ１２３ Shenyang "), &b), TB_OK);
	assert_string_equal(b.ptr, "abc123 shenyang");
	buf_release(&b);
	/* full-width with a character that needs ICU (Latin-1 superscript) */
	run_str(*state, "ＡＢＣ１２３ x²", &k);
	assert_string_equal(k.s, "abc123|x2");
}

static void test_traditional(void **state)
{
	struct toks k;
	struct buf b = BUF_INIT(1024);
	run_str(*state, "資料庫", &k);
	assert_string_equal(k.s, "资料|料库");
	assert_int_equal(analyzer_normalize(*state, "瀋陽 機器學習", strlen("瀋陽 機器學習"), &b), TB_OK);
	assert_string_equal(b.ptr, "沈阳 机器学习");
	buf_release(&b);
	/* the slow (ICU) path gives the same terms */
	run_str(*state, "資料庫 é", &k);
	assert_string_equal(k.s, "资料|料库|é");
}

static void test_cjk_unigram_flag(void **state)
{
	struct analyzer *a = analyzer_new_flags(ANALYZER_CJK_UNIGRAMS);
	struct toks k;
	assert_non_null(a);
	run_str(a, "数据库", &k);
	assert_string_equal(k.s, "数|据|数据|库|据库");
	analyzer_free(a);
}

static int count_only(void *ctx, const char *t, size_t n, uint32_t pos)
{
	(void)t;
	(void)pos;
	assert_true(n > 0 && n <= ANALYZER_MAX_TERM);
	(*(size_t *)ctx)++;
	return 0;
}

static void test_malformed_utf8(void **state)
{
	struct toks k;
	size_t cnt = 0;
	/* truncated 3-byte sequence at the end, lone continuation bytes, overlong */
	static const char bad[] = "数据\xe6\x8c" ;
	assert_int_equal(analyzer_run(*state, bad, sizeof(bad) - 1, collect, memset(&k, 0, sizeof(k))),
			 TB_OK);
	assert_string_equal(k.s, "数据");
	static const char bad2[] = "ab\x80\xbf" "cd\xc0\xaf" "ef\xed\xa0\x80" "gh\xf5";
	run_str(*state, bad2, &k);
	assert_string_equal(k.s, "ab|cd|ef|gh");
	/* random bytes, exact-length heap buffers so ASan sees any overread */
	srand(42);
	for (int i = 0; i < 2000; i++) {
		size_t n = (size_t)(rand() % 64) + 1;
		unsigned char *p = malloc(n);
		assert_non_null(p);
		for (size_t j = 0; j < n; j++) {
			int r = rand();
			p[j] = (unsigned char)(r % 4 == 0 ? 0xE0 + (r >> 8) % 16 : r >> 4);
		}
		assert_int_equal(analyzer_run(*state, (const char *)p, n, count_only, &cnt), TB_OK);
		free(p);
	}
	assert_true(cnt > 0);
}

static int stop_after_two(void *ctx, const char *t, size_t n, uint32_t pos)
{
	(void)ctx;
	(void)t;
	(void)n;
	return pos == 1 ? 99 : 0;
}

static void test_callback_stop_and_long(void **state)
{
	char big[300];
	struct toks k;
	assert_int_equal(analyzer_run(*state, "alpha beta gamma delta", 22, stop_after_two, NULL), 99);
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = 0;
	run_str(*state, big, &k);
	assert_int_equal(k.n, 1);
	assert_true(strlen(k.s) <= ANALYZER_MAX_TERM);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_chinese_bigrams, setup, teardown),
		cmocka_unit_test_setup_teardown(test_english, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mixed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fullwidth, setup, teardown),
		cmocka_unit_test_setup_teardown(test_traditional, setup, teardown),
		cmocka_unit_test(test_cjk_unigram_flag),
		cmocka_unit_test_setup_teardown(test_malformed_utf8, setup, teardown),
		cmocka_unit_test_setup_teardown(test_callback_stop_and_long, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

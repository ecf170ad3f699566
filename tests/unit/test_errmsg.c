/* test_errmsg.c - the error message catalogue (core/errmsg.c, issue #16):
 * language negotiation from Accept-Language / LANG, rendering of a code's
 * template with its parameters and field label in both languages, the English
 * text kept in fe->message for the callers that print it, and a catalogue in
 * which every code has both languages and no code appears twice. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "core/err.h"

static void test_lang_parse(void **state)
{
	(void)state;
	assert_int_equal(tb_lang_parse(NULL, TB_LANG_EN), TB_LANG_EN);
	assert_int_equal(tb_lang_parse("zh", TB_LANG_EN), TB_LANG_ZH);
	assert_int_equal(tb_lang_parse("zh_CN.UTF-8", TB_LANG_EN), TB_LANG_ZH);
	assert_int_equal(tb_lang_parse("zh-CN,zh;q=0.9,en;q=0.8", TB_LANG_EN), TB_LANG_ZH);
	assert_int_equal(tb_lang_parse("en-GB,en;q=0.9,zh;q=0.8", TB_LANG_ZH), TB_LANG_EN);
	/* the better q wins, whatever the order; q=0 is "not this one" */
	assert_int_equal(tb_lang_parse("fr, en;q=0.5, zh;q=0.8", TB_LANG_EN), TB_LANG_ZH);
	assert_int_equal(tb_lang_parse("zh;q=0, en", TB_LANG_ZH), TB_LANG_EN);
	/* "zhx" and "eng" are not zh and en; an unknown language keeps the default */
	assert_int_equal(tb_lang_parse("zhx", TB_LANG_EN), TB_LANG_EN);
	assert_int_equal(tb_lang_parse("fr-FR", TB_LANG_ZH), TB_LANG_ZH);
	assert_int_equal(tb_lang_parse("C.UTF-8", TB_LANG_EN), TB_LANG_EN);
}

static void test_render(void **state)
{
	struct tb_field_error fe = { 0 };
	char out[300];
	(void)state;
	TB_FE_N(&fe, "title_zh", "too_long", 200);
	assert_string_equal(fe.message, "is longer than 200 characters");
	tb_msg_full(&fe, TB_LANG_EN, out, sizeof(out));
	assert_string_equal(out, "title_zh: is longer than 200 characters");
	tb_msg_full(&fe, TB_LANG_ZH, out, sizeof(out));
	assert_string_equal(out, "中文标题：不能超过 200 个字符");
	TB_FE_ST(&fe, "status", "status_transition", "publish", "published");
	tb_msg_render(&fe, TB_LANG_ZH, out, sizeof(out));
	assert_string_equal(out, "状态为“已发布”的条目不能发布");
	assert_string_equal(fe.message, "cannot publish an item that is published");
	TB_FE_S(&fe, "trl_min", "min_exceeds_max", "trl_max");
	tb_msg_full(&fe, TB_LANG_ZH, out, sizeof(out));
	assert_string_equal(out, "最低技术成熟度：不能大于最高技术成熟度");
	/* free text (not catalogued yet): the English as it is, code cleared */
	tb_field_error_set(&fe, "x", "odd %d", 3);
	assert_string_equal(fe.code, "");
	tb_msg_render(&fe, TB_LANG_ZH, out, sizeof(out));
	assert_string_equal(out, "odd 3");
	/* a tiny buffer is cut, never overrun */
	TB_FE_N(&fe, "title_zh", "too_long", 200);
	tb_msg_render(&fe, TB_LANG_EN, out, 5);
	assert_string_equal(out, "is l");
	/* ... and never in the middle of a character: "不能" is 6 bytes */
	tb_msg_render(&fe, TB_LANG_ZH, out, 6);
	assert_string_equal(out, "不");
}

static void test_catalogue(void **state)
{
	const char *c;
	(void)state;
	for (size_t i = 0; (c = tb_code_at(i)); i++) {
		const char *en = tb_code_text(c, TB_LANG_EN), *zh = tb_code_text(c, TB_LANG_ZH);
		assert_non_null(en);
		assert_non_null(zh);
		assert_true(strlen(en) > 0 && strlen(zh) > 0);
		for (size_t j = 0; j < i; j++)
			assert_string_not_equal(tb_code_at(j), c);
	}
	assert_null(tb_code_text("no_such_code", TB_LANG_EN));
	assert_string_equal(tb_field_label("unknown_field_x", TB_LANG_ZH), "unknown_field_x");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lang_parse),
		cmocka_unit_test(test_render),
		cmocka_unit_test(test_catalogue),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

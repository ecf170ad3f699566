/* test_csv.c - unit tests for the RFC 4180 reader: quoting, BOM, CRLF,
 * blank lines, line numbers across multi-line fields, caps, and malformed
 * input (stray quotes, unterminated quotes, invalid UTF-8). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "core/buf.h"
#include "core/csv.h"
#include "core/err.h"

#define MEM(r, s) csv_init_mem((r), (s), sizeof(s) - 1)

static void test_simple_lf_and_crlf(void **state)
{
	struct csv_reader r;
	const char *const *f;
	int n;
	MEM(&r, "a,b,c\r\n1,2,3\n4,,\n");
	assert_int_equal(csv_next(&r, &f, &n), TB_OK);
	assert_int_equal(n, 3);
	assert_string_equal(f[0], "a");
	assert_string_equal(f[2], "c");
	assert_int_equal(csv_line(&r), 1);
	assert_int_equal(csv_next(&r, &f, &n), TB_OK);
	assert_string_equal(f[1], "2");
	assert_int_equal(csv_line(&r), 2);
	assert_int_equal(csv_next(&r, &f, &n), TB_OK);
	assert_int_equal(n, 3);
	assert_string_equal(f[0], "4");
	assert_string_equal(f[1], "");
	assert_string_equal(f[2], "");
	assert_int_equal(csv_next(&r, &f, &n), TB_ENOTFOUND);
	assert_int_equal(csv_next(&r, &f, &n), TB_ENOTFOUND);
	csv_release(&r);
}

static void test_quotes_bom_chinese(void **state)
{
	struct csv_reader r;
	const char *const *f;
	int n;
	MEM(&r, "\xEF\xBB\xBFtitle,note\n"
	        "\"镁合金, 轧制\",\"他说\"\"好\"\"\"\n"
	        "\"two\nlines\r\nhere\",x\n"
	        "last,\"\"");
	assert_int_equal(csv_next(&r, &f, &n), TB_OK);
	assert_string_equal(f[0], "title"); /* BOM stripped */
	assert_int_equal(csv_next(&r, &f, &n), TB_OK);
	assert_int_equal(n, 2);
	assert_string_equal(f[0], "镁合金, 轧制");
	assert_string_equal(f[1], "他说\"好\"");
	assert_int_equal(csv_line(&r), 2);
	assert_int_equal(csv_next(&r, &f, &n), TB_OK);
	assert_string_equal(f[0], "two\nlines\r\nhere");
	assert_string_equal(f[1], "x");
	assert_int_equal(csv_line(&r), 3);
	assert_int_equal(csv_next(&r, &f, &n), TB_OK); /* no trailing newline */
	assert_int_equal(csv_line(&r), 6);
	assert_int_equal(n, 2);
	assert_string_equal(f[0], "last");
	assert_string_equal(f[1], "");
	assert_int_equal(csv_next(&r, &f, &n), TB_ENOTFOUND);
	csv_release(&r);
}

static void test_blank_lines_skipped(void **state)
{
	struct csv_reader r;
	const char *const *f;
	int n;
	MEM(&r, "\n\na\r\n\r\n\nb\n");
	assert_int_equal(csv_next(&r, &f, &n), TB_OK);
	assert_string_equal(f[0], "a");
	assert_int_equal(csv_line(&r), 3);
	assert_int_equal(csv_next(&r, &f, &n), TB_OK);
	assert_string_equal(f[0], "b");
	assert_int_equal(csv_line(&r), 6);
	assert_int_equal(csv_next(&r, &f, &n), TB_ENOTFOUND);
	csv_release(&r);
}

static void test_malformed(void **state)
{
	struct csv_reader r;
	const char *const *f;
	int n;

	MEM(&r, "a,b\nx,\"open\nnever closed\n");
	assert_int_equal(csv_next(&r, &f, &n), TB_OK);
	assert_int_equal(csv_next(&r, &f, &n), TB_EINVAL);
	assert_int_equal(csv_line(&r), 2);
	assert_non_null(strstr(csv_error(&r), "unterminated"));
	csv_release(&r);

	MEM(&r, "a,b\nok,ok\nx\"y,z\n");
	csv_next(&r, &f, &n);
	csv_next(&r, &f, &n);
	assert_int_equal(csv_next(&r, &f, &n), TB_EINVAL);
	assert_int_equal(csv_line(&r), 3);
	assert_non_null(strstr(csv_error(&r), "quote"));
	csv_release(&r);

	MEM(&r, "\"abc\"def,1\n");
	assert_int_equal(csv_next(&r, &f, &n), TB_EINVAL);
	assert_non_null(strstr(csv_error(&r), "after closing quote"));
	csv_release(&r);

	MEM(&r, "ok\n\"multi\nline\",\xff\xfe\n");
	assert_int_equal(csv_next(&r, &f, &n), TB_OK);
	assert_int_equal(csv_next(&r, &f, &n), TB_EINVAL);
	assert_int_equal(csv_line(&r), 2);
	assert_non_null(strstr(csv_error(&r), "UTF-8"));
	assert_non_null(strstr(csv_error(&r), "field 2"));
	csv_release(&r);

	/* truncated multibyte sequence and an embedded NUL */
	MEM(&r, "\xe6\xb2\n");
	assert_int_equal(csv_next(&r, &f, &n), TB_EINVAL);
	csv_release(&r);
	MEM(&r, "a\0b\n");
	assert_int_equal(csv_next(&r, &f, &n), TB_EINVAL);
	csv_release(&r);
	/* a broken BOM */
	MEM(&r, "\xEF\xBB" "a\n");
	assert_int_equal(csv_next(&r, &f, &n), TB_EINVAL);
	assert_int_equal(csv_line(&r), 1);
	csv_release(&r);
}

static void test_caps(void **state)
{
	struct csv_reader r;
	const char *const *f;
	int n;

	MEM(&r, "short,abcdefghijk\n");
	csv_set_limits(&r, 8, 1024, 16);
	assert_int_equal(csv_next(&r, &f, &n), TB_ETOOBIG);
	assert_non_null(strstr(csv_error(&r), "field 2"));
	csv_release(&r);

	MEM(&r, "a,b,c,d,e\n");
	csv_set_limits(&r, 8, 1024, 4);
	assert_int_equal(csv_next(&r, &f, &n), TB_ETOOBIG);
	csv_release(&r);

	MEM(&r, "aaaaaaa,bbbbbbb,ccccccc\n");
	csv_set_limits(&r, 100, 16, 16);
	assert_int_equal(csv_next(&r, &f, &n), TB_ETOOBIG);
	assert_non_null(strstr(csv_error(&r), "record"));
	csv_release(&r);
}

static void test_file_stream(void **state)
{
	struct csv_reader r;
	const char *const *f;
	int n, rows = 0;
	FILE *fp = tmpfile();
	assert_non_null(fp);
	fputs("\xEF\xBB\xBFid,name\r\n", fp);
	for (int i = 0; i < 5000; i++)
		fprintf(fp, "%d,\"名称 %d, \"\"quoted\"\"\"\r\n", i, i);
	rewind(fp);
	csv_init_file(&r, fp);
	assert_int_equal(csv_next(&r, &f, &n), TB_OK);
	assert_string_equal(f[0], "id");
	while (csv_next(&r, &f, &n) == TB_OK) {
		char want[64];
		snprintf(want, sizeof(want), "名称 %d, \"quoted\"", rows);
		assert_int_equal(n, 2);
		assert_string_equal(f[1], want);
		rows++;
	}
	assert_int_equal(rows, 5000);
	assert_int_equal(csv_line(&r), 5001);
	csv_release(&r);
	fclose(fp);
}

/* Guards issue #10: /api/contracts?format=csv wrote =HYPERLINK(...) unescaped
 * (spreadsheet formula injection). csv_cell is the one writer; a cell that
 * starts with = + - @ TAB or CR gets a leading single quote, then RFC 4180. */
static void cell(const char *in, const char *want)
{
	struct buf b;
	buf_init(&b, 1024);
	assert_int_equal(csv_cell(&b, in), TB_OK);
	assert_string_equal(b.ptr ? b.ptr : "", want);
	buf_release(&b);
}

static void test_writer_formula_guard_and_quoting(void **state)
{
	cell("=HYPERLINK(\"http://x\",\"y\")", "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"");
	cell("+1", "\"'+1\"");
	cell("-2", "\"'-2\"");
	cell("@SUM(A1)", "\"'@SUM(A1)\"");
	cell("\tx", "\"'\tx\"");
	cell("\rx", "\"'\rx\"");
	cell("a=b", "a=b");                 /* only a leading character is a formula */
	cell("plain 文本", "plain 文本");
	cell("a,b", "\"a,b\"");
	cell("say \"hi\"", "\"say \"\"hi\"\"\"");
	cell("two\nlines", "\"two\nlines\"");
	cell("", "");
	cell(NULL, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_simple_lf_and_crlf),
		cmocka_unit_test(test_quotes_bom_chinese),
		cmocka_unit_test(test_blank_lines_skipped),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_caps),
		cmocka_unit_test(test_file_stream),
		cmocka_unit_test(test_writer_formula_guard_and_quoting),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* test_failures.c - failures that used to be silent (issue #10): a failed
 * arena or buffer allocation, a dropped response header, a list field whose
 * copy failed, a response JSON that could not be built. Each must leave a
 * mark (a sticky flag, an error code, a failure cause) that the API router
 * turns into a 500, never a 200 with missing data. Also the fault-injection
 * hook (core/fault.h) that the torture run uses. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "api/api.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "core/fault.h"
#include "http/http.h"

/* Defect: arena_alloc returned NULL and nobody could tell afterwards, so
 * sq_col_text's NULL became a JSON null in a 200. The flag is sticky. */
static void test_arena_failed_is_sticky(void **state)
{
	struct arena a;
	arena_init(&a, 4096);
	assert_int_equal(a.failed, 0);
	assert_non_null(arena_alloc(&a, 100));
	assert_int_equal(a.failed, 0);
	assert_null(arena_alloc(&a, 8192));           /* past the cap */
	assert_int_equal(a.failed, 1);
	assert_non_null(arena_alloc(&a, 16));         /* later success does not clear it */
	assert_int_equal(a.failed, 1);
	assert_null(arena_strdup(&a, NULL));          /* NULL in is not a failure... */
	arena_release(&a);
	assert_int_equal(a.failed, 0);                /* ...and release starts over */
	arena_release(&a);
}

/* Defect: a buffer that hit its cap or could not grow returned an error each
 * caller was free to ignore, and a truncated body went out as a 200. */
static void test_buf_failed_is_sticky(void **state)
{
	struct buf b = BUF_INIT(8);
	assert_int_equal(buf_adds(&b, "abcdefgh"), TB_OK);
	assert_int_equal(b.failed, 0);
	assert_int_equal(buf_adds(&b, "i"), TB_ETOOBIG);
	assert_int_equal(b.failed, 1);
	buf_reset(&b);
	assert_int_equal(b.failed, 0);
	buf_release(&b);
}

/* The hook: the Nth counted allocation of a request fails, is reported as
 * injected, and every failure (injected or not) is counted for the router. */
static void test_fault_injection_counts(void **state)
{
	struct arena a;
	struct buf b = BUF_INIT(1 << 20);
	bool injected = true;
	arena_init(&a, 1 << 20);

	fault_begin(3);
	assert_non_null(arena_alloc(&a, 10));                 /* 1 */
	assert_int_equal(buf_adds(&b, "x"), TB_OK);           /* 2: first growth */
	assert_int_equal(buf_add(&b, "y", 200), TB_ENOMEM);   /* 3: injected */
	assert_int_equal(b.failed, 1);
	assert_non_null(arena_alloc(&a, 10));                 /* 4: only the 3rd fails */
	assert_int_equal(a.failed, 0);
	assert_int_equal(fault_end(&injected), 1);
	assert_true(injected);

	fault_begin(1);
	assert_null(arena_alloc(&a, 10));
	assert_int_equal(a.failed, 1);
	assert_int_equal(fault_end(&injected), 1);
	assert_true(injected);

	fault_begin(0);                                       /* off: nothing fails */
	for (int i = 0; i < 100; i++)
		assert_non_null(arena_alloc(&a, 10));
	assert_int_equal(fault_end(&injected), 0);
	assert_false(injected);
	arena_release(&a);
	buf_release(&b);
}

/* jansson allocates through the hook, so a failed json_string inside
 * json_object_set_new (which only returns -1) is still seen by the router. */
static void test_jansson_failures_are_noted(void **state)
{
	bool injected = false;
	json_t *o;
	api_alloc_init();
	o = json_object();
	fault_begin(1);
	assert_null(json_string("lost"));
	assert_int_equal(fault_end(&injected), 1);
	assert_true(injected);
	fault_begin(0);
	assert_int_equal(json_object_set_new(o, "kept", json_string("yes")), 0);
	assert_int_equal(fault_end(NULL), 0);
	json_decref(o);
}

/* Defect: http_resp_header silently dropped the 17th header (and a NULL value
 * from a failed arena_printf). */
static void test_resp_header_overflow(void **state)
{
	struct http_resp r;
	memset(&r, 0, sizeof(r));
	for (int i = 0; i < HTTP_MAX_HEADERS; i++)
		assert_int_equal(http_resp_header(&r, "X-A", "1"), TB_OK);
	assert_int_equal(r.headers_dropped, 0);
	assert_int_equal(http_resp_header(&r, "X-B", "2"), TB_ELIMIT);
	assert_int_equal(r.headers_dropped, 1);
	assert_int_equal(r.nheaders, HTTP_MAX_HEADERS);

	memset(&r, 0, sizeof(r));
	assert_int_equal(http_resp_header(&r, "Retry-After", NULL), TB_EINVAL);
	assert_int_equal(r.headers_dropped, 1);
	assert_int_equal(r.nheaders, 0);
}

static void ctx_with_body(struct api_ctx *c, struct arena *a, const char *json)
{
	memset(c, 0, sizeof(*c));
	c->a = a;
	c->body = json_loads(json, 0, NULL);
	assert_non_null(c->body);
}

/* Defect: jin_list answered TB_OK with *out NULL when its copy failed, which a
 * PATCH reads as "clear the keywords". */
static void test_jin_list_copy_failure(void **state)
{
	struct arena a;
	struct api_ctx c;
	const char *out = "unchanged";

	arena_init(&a, 4096);
	assert_non_null(arena_alloc(&a, 4080));      /* 16 bytes left: neither copy fits */
	ctx_with_body(&c, &a, "{\"keywords\":[\"magnesium\",\"rolling\",\"alloy\",\"sheet\","
	                      "\"automotive\",\"lightweight\",\"process\",\"casting\"]}");
	assert_int_equal(jin_list(&c, "keywords", &out), TB_ENOMEM);
	json_decref(c.body);

	ctx_with_body(&c, &a, "{\"modes\":\"transfer,licence,equity,codev,service,transfer\"}");
	out = "unchanged";
	assert_int_equal(jin_list(&c, "modes", &out), TB_ENOMEM);
	json_decref(c.body);
	arena_release(&a);

	/* With room, the same input works and an over-long list is still a 400. */
	arena_init(&a, 1 << 20);
	ctx_with_body(&c, &a, "{\"keywords\":[\"a\",\"b\"]}");
	assert_int_equal(jin_list(&c, "keywords", &out), TB_OK);
	assert_string_equal(out, "a,b");
	json_decref(c.body);
	arena_release(&a);
}

/* Defect: api_json with NULL (a failed json_pack) or a body buffer that could
 * not grow sent 200 with an empty body. Now the request carries a cause. */
static void test_api_json_failures(void **state)
{
	struct http_resp resp;
	struct api_ctx c;
	memset(&c, 0, sizeof(c));
	memset(&resp, 0, sizeof(resp));
	buf_init(&resp.body, 16);
	c.resp = &resp;

	api_json(&c, 200, NULL);
	assert_non_null(c.fail_cause);
	assert_int_equal(resp.body.len, 0);

	c.fail_cause = NULL;
	api_json(&c, 200, json_pack("{s:s}", "title", "a value longer than sixteen bytes"));
	assert_non_null(c.fail_cause);
	assert_int_equal(resp.body.len, 0);           /* nothing partial */

	c.fail_cause = NULL;
	api_json(&c, 200, json_pack("{s:i}", "n", 1));
	assert_null(c.fail_cause);
	assert_string_equal(resp.body.ptr, "{\"n\":1}");
	buf_release(&resp.body);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_arena_failed_is_sticky),
		cmocka_unit_test(test_buf_failed_is_sticky),
		cmocka_unit_test(test_fault_injection_counts),
		cmocka_unit_test(test_jansson_failures_are_noted),
		cmocka_unit_test(test_resp_header_overflow),
		cmocka_unit_test(test_jin_list_copy_failure),
		cmocka_unit_test(test_api_json_failures),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

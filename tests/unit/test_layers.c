/* test_layers.c - unit tests for layers that were only reached through the
 * (slower) API tests: the HTTP server (a real request on a loopback socket:
 * status, query decoding, 404 from the handler, 413 for an oversized body),
 * the API's JSON input helpers (field named on every error, ranges, blank
 * strings, unknown keys), the rc -> status mapping, the region table, and
 * docking (a demand's best match, explained). Issue #11: unit tests for http,
 * api helpers, docking and region. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <cmocka.h>

#include "api/api.h"
#include "core/arena.h"
#include "core/err.h"
#include "domain/catalog.h"
#include "domain/docking.h"
#include "domain/org.h"
#include "domain/region.h"
#include "http/http.h"
#include "store/store.h"

/* ---------------------------------------------------------------- http */

static void echo(struct http_req *req, struct http_resp *resp, void *app)
{
	const char *q = http_query(req, "q");
	(void)app;
	if (!strcmp(req->path, "/missing")) {
		resp->status = 404;
		buf_adds(&resp->body, "{}");
		return;
	}
	resp->status = 200;
	buf_printf(&resp->body, "%s %s q=%s len=%zu", req->method, req->path, q ? q : "-", req->body_len);
}

/* One request over a fresh connection; returns the whole answer. */
static void roundtrip(uint16_t port, const char *request, char *out, size_t cap)
{
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons(port) };
	size_t n = 0;
	ssize_t k;
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	assert_true(fd >= 0);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(connect(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	assert_int_equal(write(fd, request, strlen(request)), (ssize_t)strlen(request));
	while (n + 1 < cap && (k = read(fd, out + n, cap - n - 1)) > 0)
		n += (size_t)k;
	out[n] = '\0';
	close(fd);
}

static void test_http_server(void **state)
{
	struct http_config cfg = { .listen = "127.0.0.1:0", .threads = 1, .max_body = 64, .timeout_s = 5,
	                           .request_limit_s = 5 };
	struct http_server *srv = NULL;
	static char got[8192];
	uint16_t port;
	(void)state;
	assert_int_equal(http_server_start(&cfg, echo, NULL, &srv), TB_OK);
	port = http_server_port(srv);
	assert_true(port > 0);
	roundtrip(port, "GET /hello?q=%E6%B2%88%E9%98%B3+x HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n",
	          got, sizeof(got));
	assert_non_null(strstr(got, "HTTP/1.1 200"));
	assert_non_null(strstr(got, "GET /hello q=沈阳 x len=0")); /* path without query; decoded */
	roundtrip(port, "POST /p HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello",
	          got, sizeof(got));
	assert_non_null(strstr(got, "POST /p q=- len=5"));
	roundtrip(port, "GET /missing HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n", got, sizeof(got));
	assert_non_null(strstr(got, "HTTP/1.1 404"));
	/* over max_body: 413, the handler never sees it */
	roundtrip(port, "POST /p HTTP/1.1\r\nHost: t\r\nContent-Length: 100\r\nConnection: close\r\n\r\n"
	                "0123456789012345678901234567890123456789012345678901234567890123456789"
	                "012345678901234567890123456789", got, sizeof(got));
	assert_non_null(strstr(got, "HTTP/1.1 413"));
	http_server_stop(srv);
}

/* ---------------------------------------------------------------- api helpers */

struct actx {
	struct api_ctx c;
	struct http_req req;
	struct arena a;
};

static void ctx_with(struct actx *x, const char *body)
{
	memset(x, 0, sizeof(*x));
	arena_init(&x->a, 1 << 20);
	x->req.body = body;
	x->req.body_len = strlen(body);
	x->req.arena = &x->a;
	x->c.req = &x->req;
	x->c.a = &x->a;
}

static void ctx_free(struct actx *x)
{
	json_decref(x->c.body);
	arena_release(&x->a);
}

static void test_api_body(void **state)
{
	struct actx x;
	(void)state;
	for (const char *bad = "[1]|{\"a\":1,\"a\":2}|{oops|"; *bad;) {
		char one[32];
		const char *bar = strchr(bad, '|');
		snprintf(one, sizeof(one), "%.*s", (int)(bar - bad), bad);
		ctx_with(&x, one);
		assert_int_equal(api_body(&x.c), TB_EINVAL);
		assert_string_equal(x.c.fe.field, "body");
		ctx_free(&x);
		bad = bar + 1;
	}
	ctx_with(&x, "");
	assert_int_equal(api_body(&x.c), TB_EINVAL);
	assert_string_equal(x.c.fe.field, "body");
	ctx_free(&x);
}

static void test_api_getters(void **state)
{
	static const char *const keys[] = { "n", "s", "blank", "str_n", NULL };
	struct actx x;
	int64_t v = -7;
	const char *s = "unchanged";
	(void)state;
	ctx_with(&x, "{\"n\":9,\"s\":\"  沈阳  \",\"blank\":\"  \",\"str_n\":\"12\"}");
	assert_int_equal(api_body(&x.c), TB_OK);
	assert_int_equal(api_only_keys(&x.c, keys), TB_OK);
	assert_int_equal(jin_int(&x.c, "n", true, 1, 9, &v), TB_OK);     /* upper bound included */
	assert_int_equal(v, 9);
	assert_int_equal(jin_int(&x.c, "n", true, 1, 8, &v), TB_EINVAL); /* one past it */
	assert_string_equal(x.c.fe.field, "n");
	assert_int_equal(jin_int(&x.c, "n", true, 9, 20, &v), TB_OK);    /* lower bound included */
	assert_int_equal(jin_int(&x.c, "str_n", true, 1, 20, &v), TB_OK);
	assert_int_equal(v, 12);
	assert_int_equal(jin_int(&x.c, "s", true, 0, 9, &v), TB_EINVAL);
	assert_string_equal(x.c.fe.field, "s");
	assert_int_equal(jin_int(&x.c, "absent", false, 0, 9, &v), TB_OK);
	assert_int_equal(v, 12);                                         /* untouched */
	assert_int_equal(jin_int(&x.c, "absent", true, 0, 9, &v), TB_EINVAL);
	assert_string_equal(x.c.fe.field, "absent");
	assert_int_equal(jin_str(&x.c, "s", true, &s), TB_OK);
	assert_string_equal(s, "沈阳");                                  /* trimmed */
	assert_int_equal(jin_str(&x.c, "blank", false, &s), TB_OK);
	assert_null(s);                                                  /* blank = not given */
	assert_int_equal(jin_str(&x.c, "blank", true, &s), TB_EINVAL);
	assert_int_equal(jin_str(&x.c, "n", true, &s), TB_EINVAL);
	assert_string_equal(x.c.fe.field, "n");
	assert_true(jin_has(&x.c, "n"));
	assert_false(jin_has(&x.c, "nope"));
	ctx_free(&x);
	ctx_with(&x, "{\"n\":1,\"colour\":\"red\"}");
	assert_int_equal(api_body(&x.c), TB_OK);
	assert_int_equal(api_only_keys(&x.c, keys), TB_EINVAL);
	assert_string_equal(x.c.fe.field, "colour");
	ctx_free(&x);
}

static void test_status_mapping(void **state)
{
	(void)state;
	assert_int_equal(present_status(TB_OK), 200);
	assert_int_equal(present_status(TB_EINVAL), 400);
	assert_int_equal(present_status(TB_EAUTH), 401);
	assert_int_equal(present_status(TB_EPERM), 403);
	assert_int_equal(present_status(TB_ENOTFOUND), 404);
	assert_int_equal(present_status(TB_ECONFLICT), 409);
	assert_int_equal(present_status(TB_ESTATE), 409);
	assert_int_equal(present_status(TB_ETOOBIG), 413);
	assert_int_equal(present_status(TB_ELIMIT), 429);
	assert_int_equal(present_status(TB_EDB), 500);
}

/* ---------------------------------------------------------------- region */

static void test_region(void **state)
{
	(void)state;
	assert_string_equal(region_city_canonical("Shenyang"), "沈阳");
	assert_string_equal(region_city_canonical("shenyang"), "沈阳");
	assert_string_equal(region_city_canonical("沈阳市"), "沈阳");
	assert_string_equal(region_city_canonical("大连"), "大连");
	assert_string_equal(region_city_canonical("Atlantis"), "Atlantis"); /* unknown: unchanged */
	assert_string_equal(region_city_en("大连"), "Dalian");
	assert_null(region_city_en("北京"));
	assert_true(region_in_province("Anshan"));
	assert_true(region_in_province("鞍山"));
	assert_false(region_in_province("北京"));
}

/* ---------------------------------------------------------------- docking */

static void test_docking(void **state)
{
	char path[] = "/tmp/tb-layers-XXXXXX";
	int fd = mkstemp(path), applied, n = 0;
	struct store *st;
	struct catalog_index *ix = NULL;
	struct docking_settings ds;
	struct arena a;
	struct org o = { 0 };
	struct achievement x, *rows = NULL;
	struct docking_hit *hits = NULL;
	struct demand d;
	struct catalog_query filters;
	int64_t ids[3], na = 0, nd = 0;
	static const char *const titles[] = { "工业机器人视觉抓取系统", "海水淡化反渗透膜", "机器人关节减速器" };
	(void)state;
	assert_true(fd >= 0);
	close(fd);
	arena_init(&a, 8 << 20);
	assert_int_equal(store_open(path, &st), TB_OK);
	assert_int_equal(store_migrate(st, &applied), TB_OK);
	o.name = "东北大学"; o.kind = "university"; o.city = "沈阳"; o.province = "辽宁";
	assert_int_equal(store_org_insert(st, &o), TB_OK);
	for (int i = 0; i < 3; i++) {
		memset(&x, 0, sizeof(x));
		x.title_zh = titles[i];
		x.abstract_zh = i == 0 ? "基于深度学习的机器人视觉定位与抓取，用于无序分拣。" : "用于测试。";
		x.keywords = i == 0 ? "机器人,机器视觉" : NULL;
		x.field = i == 1 ? "节能环保" : "智能制造";
		x.trl = 6;
		x.modes = 1;
		x.owner_org_id = o.id;
		x.status = "published";
		assert_int_equal(store_achievement_insert(st, &x), TB_OK);
		ids[i] = x.id;
	}
	memset(&d, 0, sizeof(d));
	d.title_zh = "无序分拣机器人视觉系统";
	d.desc_zh = "需要机器人视觉抓取方案。";
	d.keywords = "机器视觉,机器人";
	d.field = "智能制造";
	d.budget_min = d.budget_max = -1;
	d.org_id = o.id;
	d.status = "published";
	assert_int_equal(store_demand_insert(st, &d), TB_OK);
	catalog_query_init(&filters);
	docking_settings_default(&ds);
	assert_int_equal(catalog_index_build(st, &ds, &ix), TB_OK);
	catalog_index_counts(ix, &na, &nd);
	assert_int_equal(na, 3);
	assert_int_equal(nd, 1);
	assert_int_equal(docking_for_demand(ix, st, &a, d.id, &filters, &rows, &hits, &n), TB_OK);
	assert_true(n >= 2);
	assert_int_equal(hits[0].id, ids[0]);               /* vision grasping first */
	assert_int_equal(rows[0].id, ids[0]);
	assert_true(hits[0].nfactors >= 2);
	for (int i = 0; i < n; i++)
		assert_true(hits[i].id != ids[1]);              /* desalination shares no term */
	assert_int_equal(docking_for_demand(ix, st, &a, 424242, &filters, &rows, &hits, &n), TB_ENOTFOUND);
	catalog_index_free(ix);
	store_close(st);
	arena_release(&a);
	unlink(path);
	{
		char side[64];
		snprintf(side, sizeof(side), "%s-wal", path); unlink(side);
		snprintf(side, sizeof(side), "%s-shm", path); unlink(side);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_http_server),
		cmocka_unit_test(test_api_body),
		cmocka_unit_test(test_api_getters),
		cmocka_unit_test(test_status_mapping),
		cmocka_unit_test(test_region),
		cmocka_unit_test(test_docking),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

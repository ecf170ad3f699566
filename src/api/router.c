/* router.c - maps method+path to a handler. Patterns are literal segments,
 * "{id}" (a positive 64-bit integer) and "{period}" (a bulletin's period). An
 * unknown path answers 404, a known path with another method 405 with Allow.
 * Paths outside /api and /healthz go to the static file server. */
#include "api/api.h"
#include "domain/app.h"
#include "api/static.h"
#include "core/fault.h"
#include "core/log.h"
#include "core/metrics.h"
#include "core/util.h"
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static bool is_api_path(const char *p)
{
	return !strncmp(p, "/api/", 5) || !strcmp(p, "/healthz") || !strcmp(p, "/api");
}

static void dispatch(struct api_ctx *c, const struct api_route *r, const char *allow)
{
	if (r) {
		c->route = r;
		r->fn(c);
		return;
	}
	if (allow) {
		http_resp_header(c->resp, "Allow", allow);
		api_error_code(c, 405, "method_not_allowed", NULL);
		return;
	}
	api_error_code(c, 404, "no_such_endpoint", NULL);
}

/* Unsafe requests an anonymous caller may make, each with the largest body it
 * may send: login (credentials) and free-text matching. Everything else that
 * writes needs a session or token before its body is read. */
static const struct { const char *method, *path; size_t max_body; } anonymous_writes[] = {
	{ "POST", "/api/auth/login", 4u << 10 },
	{ "POST", "/api/match", 16u << 10 },
};

static bool safe_method(const char *m)
{
	return !strcmp(m, "GET") || !strcmp(m, "HEAD") || !strcmp(m, "OPTIONS");
}

/* application/json, optionally with parameters (charset=utf-8). */
static bool json_content_type(const char *ct)
{
	size_t n = strlen("application/json");
	if (!ct)
		return false;
	while (*ct == ' ')
		ct++;
	return !strncasecmp(ct, "application/json", n) && (ct[n] == '\0' || ct[n] == ';' || ct[n] == ' ');
}

int api_admit(struct http_req *req, struct http_resp *resp, void *appv, size_t *max_body)
{
	struct api_app *app = appv;
	struct api_ctx c;
	const char *len = http_header(req, "Content-Length");
	const char *te = http_header(req, "Transfer-Encoding");
	int64_t declared = 0;
	bool has_body, anon_ok = false, upload;

	if (safe_method(req->method))
		return 0;
	upload = api_is_upload(req->method, req->path);
	if (!upload && *max_body > API_MAX_JSON_BODY)
		*max_body = API_MAX_JSON_BODY;
	if (!is_api_path(req->path)) {
		/* The static file server takes no bodies: its 405 goes out before
		 * one is read. */
		req->route = api_route_pseudo(API_ROUTE_STATIC);
		static_serve(req, resp, app->web_dir);
		return 1;
	}
	memset(&c, 0, sizeof(c));
	c.req = req;
	c.resp = resp;
	c.app = app;
	c.a = req->arena;
	c.who.role = "anonymous";
	{
		/* Named for the metrics in case this hook answers. */
		const char *allow;
		api_route_find(&c, &allow);
	}
	http_resp_header(resp, "Cache-Control", "no-store");
	if (len && (!parse_i64(len, &declared) || declared < 0))
		declared = 0;
	has_body = declared > 0 || te;
	for (size_t i = 0; i < ARRAY_SIZE(anonymous_writes); i++) {
		if (strcmp(req->method, anonymous_writes[i].method) || strcmp(req->path, anonymous_writes[i].path))
			continue;
		anon_ok = true;
		*max_body = anonymous_writes[i].max_body;
	}
	if (!anon_ok) {
		/* Who is asking, from the headers alone (cookie or bearer token). */
		if (!(c.st = app_pool_get(app->pool))) {
			api_error(&c, 503, "storage unavailable", NULL);
			return 1;
		}
		if (!auth_resolve(&c) && c.who.user_id <= 0) {
			/* Denied writes stay in the audit log as before (the handler's
			 * api_allow no longer runs): resource = the path's first
			 * segment in the singular, detail = method and path. */
			const char *seg = req->path + (strncmp(req->path, "/api/", 5) ? 1 : 5);
			size_t n = strcspn(seg, "/");
			if (n > 1 && seg[n - 1] == 's')
				n--;
			api_audit(&c, "write", arena_printf(c.a, "%.*s", (int)(n > 40 ? 40 : n), seg), 0, "deny",
			          arena_printf(c.a, "%s %.200s before the body: login required", req->method,
			                       req->path));
			api_error(&c, 401, "login required", NULL);
		}
		app_pool_put(app->pool, c.st);
		req->user_id = c.who.user_id;
		if (c.answered)
			return 1;
	}
	/* An upload carries the file as its body with the file's own type (a
	 * cross-site form cannot send the CSRF header the session needs). */
	if (has_body && !upload && !json_content_type(http_header(req, "Content-Type"))) {
		/* A cross-site HTML form can send text/plain or a form encoding but
		 * not application/json without a CORS preflight. */
		api_error(&c, 415, "the request body must be sent as Content-Type: application/json",
		          "Content-Type");
		return 1;
	}
	if (anon_ok && declared > 0 && (size_t)declared > *max_body) {
		{
			struct tb_field_error fe;
			memset(&fe, 0, sizeof(fe));
			TB_FE_N(&fe, "body", "body_too_large", (long long)*max_body);
			api_error_fe(&c, 413, &fe);
		}
		return 1;
	}
	/* Writes run on the writer threads (http.h, write_threads): one that
	 * waits for the database's write lock must not hold a thread that
	 * serves reads. Free-text matching only reads. */
	req->offload = strcmp(req->path, "/api/match") != 0;
	return 0;
}

/* TB_FAIL_ALLOC, read once by api_alloc_init before the server's threads start. */
static long fault_mode_v;

void api_alloc_init(void)
{
	/* jansson allocates through the failure hook: a node that cannot be
	 * allocated is noted for the request (and can be injected in tests). */
	json_set_alloc_funcs(fault_malloc, free);
	fault_mode_v = fault_mode();
}

/* Which allocation to fail in this request (torture run only, see fault.h). */
static long fail_at_for(struct http_req *req)
{
	const char *h;
	int64_t n;
	if (fault_mode_v != FAULT_HEADER)
		return fault_mode_v;
	h = http_header(req, "X-TB-Fail-Alloc");
	return h && parse_i64(h, &n) && n > 0 ? (long)n : 0;
}

/* The one check after the handler (issue #10): anything that failed on the way
 * - an arena allocation (sq_col_text answering NULL), a jansson node, the
 * response body or a header - turns the answer into a logged 500, whatever the
 * handler thought it was sending. */
static void check_failures(struct api_ctx *c, struct http_req *req, struct http_resp *resp,
                           long fail_at)
{
	bool injected = false;
	int failures = fault_end(&injected);
	const char *cause = c->fail_cause;

	if (!cause && req->arena->failed)
		cause = "request arena allocation failed (cap or out of memory)";
	if (!cause && resp->body.failed)
		cause = "response body could not be written completely";
	if (!cause && resp->headers_dropped)
		cause = "a response header could not be added";
	if (!cause && failures)
		cause = "an allocation failed";
	if (!cause) {
		/* Static strings: the torture driver learns whether N was reached. */
		if (fail_at && http_resp_header(resp, "X-TB-Fault", injected ? "injected" : "not-reached"))
			cause = "a response header could not be added";
		else
			return;
	}
	tb_error("%s %s: answering 500 instead of %d: %s", req->method, req->path, resp->status, cause);
	c->fail_cause = NULL;
	resp->nheaders = 0;          /* drop Set-Cookie, Location, ... of the abandoned answer */
	resp->headers_dropped = 0;
	resp->content_type = NULL;
	if (fail_at)
		http_resp_header(resp, "X-TB-Fault", injected ? "injected" : "not-reached");
	http_resp_header(resp, "Cache-Control", "no-store");
	api_error(c, 500, "internal error", NULL);
	if (c->fail_cause || resp->body.failed) {
		/* Even the error object failed: a fixed body needs no allocation
		 * beyond the buffer, and an empty 500 is still a 500. */
		buf_reset(&resp->body);
		buf_adds(&resp->body, "{\"error\":\"internal error\",\"code\":\"internal_error\"}");
		resp->status = 500;
	}
}

void api_handle(struct http_req *req, struct http_resp *resp, void *appv)
{
	struct api_app *app = appv;
	struct api_ctx c;
	const struct api_route *route;
	const char *allow;
	long fail_at = fail_at_for(req);

	memset(&c, 0, sizeof(c));
	c.req = req;
	c.resp = resp;
	c.app = app;
	c.a = req->arena;
	c.tables = api_route_tables(&c.ntables);
	c.who.role = "anonymous";

	fault_begin(fail_at);
	if (!strcmp(req->path, "/metrics")) {
		api_metrics(req, resp, app, 0);
		check_failures(&c, req, resp, fail_at);
		return;
	}
	if (!is_api_path(req->path)) {
		req->route = api_route_pseudo(API_ROUTE_STATIC);
		static_serve(req, resp, app->web_dir);
		check_failures(&c, req, resp, fail_at);
		api_gzip(req, resp);
		return;
	}
	http_resp_header(resp, "Cache-Control", "no-store");
	route = api_route_find(&c, &allow);
	c.st = app_pool_get(app->pool);
	if (!c.st) {
		api_error(&c, 503, "storage unavailable", NULL);
		check_failures(&c, req, resp, fail_at);
		return;
	}
	/* Principal resolution happens here, once, before any handler runs. */
	if (!auth_resolve(&c) && !api_cache_answer(&c)) {
		dispatch(&c, route, allow);
		api_cache_keep(&c);
	}
	req->user_id = c.who.user_id;
	if (!c.answered)
		api_fail_cause(&c, "the handler sent no answer");
	json_decref(c.body);
	/* app_pool_put rolls back a transaction a handler left open. */
	app_pool_put(app->pool, c.st);
	check_failures(&c, req, resp, fail_at);
	api_gzip(req, resp);
}

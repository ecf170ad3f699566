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
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Resource route tables; a new resource adds its table here, with the tag
 * that groups its operations in /api/openapi.json and the reference page. */
const struct api_table api_tables[] = {
	{ api_system_routes, "system", "系统" },
	{ api_openapi_routes, "system", "系统" },
	{ api_catalog_routes, "catalogue", "成果与需求" },
	{ api_org_routes, "organisations", "机构" },

	/* == docking / matches == */
	{ api_match_routes, "matching", "供需对接" },

	/* == accounts == */
	{ api_auth_routes, "accounts", "账号与登录" },
	{ api_user_routes, "accounts", "账号与登录" },
	{ api_audit_routes, "audit", "审计" },

	/* == instruments and bookings == */
	{ api_instrument_routes, "instruments", "仪器共享" },
	{ api_booking_routes, "instruments", "仪器共享" },

	/* == contracts and indicators == */
	{ api_contract_routes, "contracts", "技术合同" },
	{ api_indicator_routes, "indicators", "统计指标" },

	/* == revisions of public listings == */
	{ api_revision_routes, "catalogue", "成果与需求" },
	/* == web2: reviewer workbench (batch, history), organisation pages, attachments, favourites == */
	{ api_review_routes, "catalogue", "成果与需求" },
	{ api_org_profile_routes, "organisations", "机构" },
	{ api_attachment_routes, "catalogue", "成果与需求" },
	{ api_favourite_routes, "catalogue", "成果与需求" },
	/* == challenges == */
	{ api_challenge_routes, "challenges", "揭榜挂帅" },
	/* == enterprise tiers == */
	{ api_tier_routes, "tiers", "企业梯度" },
	{ api_platform_routes, "platforms", "创新平台" },
	/* == alliances and service agencies (issue #15) == */
	{ api_alliance_routes, "registries", "创新体系名录" },
	{ api_agency_routes, "registries", "创新体系名录" },
	/* == events: edit, outcome, agenda (issue #14) == */
	{ api_event_agenda_routes, "docking", "技术经纪与对接" },

	/* == brokers, cases, contact requests, feedback == */
	{ api_broker_routes, "docking", "技术经纪与对接" },
	{ api_event_routes, "events", "活动" },

	/* == release: subscriptions and notifications (issue #16) == */
	{ api_subscription_routes, "release", "订阅与通知" },
	{ api_feed_routes, "release", "订阅与通知" },
	{ api_bulletin_routes, "release", "订阅与通知" },
};
const size_t api_ntables = ARRAY_SIZE(api_tables);

/* Match one pattern; fills ids. An {id} is a canonical decimal (no sign, no
 * leading zero), so every matching path is exactly the pattern with its ids
 * written in: /api/x/012 and /api/x/+12 are not aliases of /api/x/12. */
bool api_match_pattern(const char *pat, const char *path, int64_t ids[4], int *nids)
{
	int n = 0;
	while (*pat && *path) {
		if (*pat != '/' || *path != '/')
			return false;
		pat++, path++;
		const char *pe = strchr(pat, '/'), *se = strchr(path, '/');
		size_t pl = pe ? (size_t)(pe - pat) : strlen(pat);
		size_t sl = se ? (size_t)(se - path) : strlen(path);
		if (pl == 4 && !strncmp(pat, "{id}", 4)) {
			char tmp[24];
			int64_t v;
			if (sl == 0 || sl >= sizeof(tmp) || n >= 4 || path[0] < '1' || path[0] > '9')
				return false;
			memcpy(tmp, path, sl);
			tmp[sl] = '\0';
			if (!parse_i64(tmp, &v) || v <= 0)
				return false;
			ids[n++] = v;
		} else if (pl == 8 && !strncmp(pat, "{period}", 8)) {
			/* A bulletin's period: YYYY-Www or YYYY-MM (digits, '-', 'W'); the
			 * handler reads the segment and the domain checks it exactly. */
			if (sl < 7 || sl > 8)
				return false;
			for (size_t k = 0; k < sl; k++)
				if (!((path[k] >= '0' && path[k] <= '9') || path[k] == '-' || path[k] == 'W'))
					return false;
		} else if (pl != sl || strncmp(pat, path, pl)) {
			return false;
		}
		pat += pl;
		path += sl;
	}
	if (*pat || *path)
		return false;
	*nids = n;
	return true;
}

int api_status_for(int rc)
{
	switch (rc) {
	case TB_OK: return 200;
	case TB_EINVAL: return 400;
	case TB_EAUTH: return 401;
	case TB_EPERM: return 403;
	case TB_ENOTFOUND: return 404;
	case TB_ECONFLICT: case TB_ESTATE: return 409;
	case TB_ETOOBIG: return 413;
	case TB_ELIMIT: return 429;
	case TB_EUNAVAIL: return 503;
	case TB_ETYPE: return 415;
	}
	return 500;
}

void api_fail_cause(struct api_ctx *c, const char *cause)
{
	if (!c->fail_cause)
		c->fail_cause = cause;
}

void api_json(struct api_ctx *c, int status, json_t *v)
{
	c->resp->status = status;
	buf_reset(&c->resp->body);
	c->answered = 1;
	/* A NULL value is what json_pack/json_object return when they fail: never
	 * let it become a 200 with an empty body. */
	if (!v) {
		api_fail_cause(c, "response JSON could not be built");
		return;
	}
	/* One pass straight into our buffer. It was two (json_dumpb to measure,
	 * then to write, for a single allocation), but dumping is the expensive
	 * part - jansson's loop check formats every object's address - and the
	 * buffer grows geometrically anyway. */
	if (jw_tree(&c->resp->body, v) || c->resp->body.failed) {
		/* Never a partial body, whatever answers in its place. */
		buf_reset(&c->resp->body);
		api_fail_cause(c, "response JSON could not be encoded");
	}
}

/* The language of the answer (issue #16): ?lang= (the web UI's choice, a
 * link), then Accept-Language, then English. Resolved once per request. */
enum tb_lang api_lang(struct api_ctx *c)
{
	if (!c->lang_set) {
		const char *q = c->req ? http_query(c->req, "lang") : NULL;
		const char *al = c->req ? http_header(c->req, "Accept-Language") : NULL;
		c->lang = tb_lang_pick(q, al);
		c->lang_set = 1;
	}
	return c->lang;
}

/* The code an answer carries when its site named none: by status. */
static const char *code_for_status(int status)
{
	switch (status) {
	case 400: return "invalid";
	case 401: return "login_required";
	case 403: return "forbidden";
	case 404: return "not_found";
	case 405: return "method_not_allowed";
	case 409: return "conflict";
	case 413: return "too_large";
	case 415: return "unsupported_media_type";
	case 429: return "rate_limited";
	case 503: return "unavailable";
	}
	return "internal_error";
}

/* A free English text that is exactly a catalogue message (without
 * parameters) is that code: "login required" -> login_required. */
static const char *code_for_text(const char *msg)
{
	const char *code;
	for (size_t i = 0; msg && (code = tb_code_at(i)); i++)
		if (!strcmp(tb_code_text(code, TB_LANG_EN), msg))
			return code;
	return NULL;
}

json_t *api_error_json(struct api_ctx *c, int status, const struct tb_field_error *fe)
{
	enum tb_lang lang = api_lang(c);
	const char *code = fe->code[0] ? fe->code : NULL;
	struct tb_field_error x = *fe;
	char msg[400];
	json_t *o = json_object();

	if (!code)
		code = code_for_text(fe->message);
	if (!code) {
		/* A message not in the catalogue yet (docs/api.md lists what is
		 * left): English as it was; in Chinese the status's sentence. The
		 * English text is always in detail: a client knows the code is the
		 * status's, not the message's. */
		code = code_for_status(status);
		if (fe->message[0])
			json_object_set_new(o, "detail", json_string(fe->message));
		if (lang == TB_LANG_EN && fe->message[0])
			x.code[0] = '\0';  /* tb_msg_render then uses the text as it is */
		else
			snprintf(x.code, sizeof(x.code), "%s", code);
	} else {
		snprintf(x.code, sizeof(x.code), "%s", code);
	}
	/* A 400 names its field in the sentence ("trl: must be ..."), as before;
	 * other statuses say the message alone and name the field beside it. */
	if (status != 400)
		x.field[0] = '\0';
	tb_msg_full(&x, lang, msg, sizeof(msg));
	json_object_set_new(o, "error", json_string(msg));
	json_object_set_new(o, "code", json_string(code));
	if (fe->field[0])
		json_object_set_new(o, "field", json_string(fe->field));
	return o;
}

void api_error_fe(struct api_ctx *c, int status, const struct tb_field_error *fe)
{
	api_json(c, status, api_error_json(c, status, fe));
}

void api_error(struct api_ctx *c, int status, const char *msg, const char *field)
{
	struct tb_field_error fe;
	memset(&fe, 0, sizeof(fe));
	snprintf(fe.field, sizeof(fe.field), "%s", field ? field : "");
	snprintf(fe.message, sizeof(fe.message), "%s", msg ? msg : "");
	api_error_fe(c, status, &fe);
}

void api_error_code(struct api_ctx *c, int status, const char *code, const char *field)
{
	struct tb_field_error fe;
	memset(&fe, 0, sizeof(fe));
	TB_FE(&fe, field, code);
	api_error_fe(c, status, &fe);
}

void api_fail(struct api_ctx *c, int rc)
{
	int status = api_status_for(rc);
	/* Domain names flat fields (contact_email); the API nests them (contact.email). */
	if (!strncmp(c->fe.field, "contact_", 8))
		c->fe.field[7] = '.';
	if (status == 503) {
		/* The database connection was lost (PostgreSQL restarted, a
		 * failover): nothing was acknowledged, the node reconnects on a
		 * later request, so the client may retry. */
		tb_warn("%s %s failed: %s", c->req->method, c->req->path, tb_strerror(rc));
		http_resp_header(c->resp, "Retry-After", "1");
		api_error(c, 503, "storage unavailable", NULL);
		return;
	}
	if (status == 500) {
		/* Never leak internals: the log has the details. */
		tb_error("%s %s failed: %s", c->req->method, c->req->path, tb_strerror(rc));
		api_error_code(c, 500, "internal_error", NULL);
		return;
	}
	if (!c->fe.code[0] && !c->fe.message[0])
		/* Nothing said by the site: the error class's text, which is a
		 * catalogue message (not_found, state_conflict, auth_required, ...). */
		snprintf(c->fe.message, sizeof(c->fe.message), "%s", tb_strerror(rc));
	api_error_fe(c, status, &c->fe);
}

/* ---- route names for the metrics (core/metrics.h): every route of every
 * table has an index, its first route's index is base[t] + its position; the
 * pseudo routes after them label answers that no route gave. */
static struct tbm_route *route_label;   /* route_count + API_ROUTE_PSEUDO; NULL: none */
static int route_base[ARRAY_SIZE(api_tables)];
static int route_count;
static pthread_once_t route_once = PTHREAD_ONCE_INIT;

static void route_label_init(void)
{
	int n = 0, k = 0;
	for (size_t t = 0; t < ARRAY_SIZE(api_tables); t++) {
		route_base[t] = n;
		for (const struct api_route *r = api_tables[t].routes; r && r->method; r++)
			n++;
	}
	route_count = n;
	/* Without labels the requests are still served, only not counted. */
	if (!(route_label = calloc((size_t)n + API_ROUTE_PSEUDO, sizeof(*route_label)))) {
		tb_error("metrics: no memory for the route labels (no route metrics)");
		return;
	}
	for (size_t t = 0; t < ARRAY_SIZE(api_tables); t++)
		for (const struct api_route *r = api_tables[t].routes; r && r->method; r++)
			route_label[k++] = (struct tbm_route){ r->method, r->pattern };
	route_label[n + API_ROUTE_STATIC] = (struct tbm_route){ "*", "static" };
	route_label[n + API_ROUTE_UNMATCHED] = (struct tbm_route){ "*", "unmatched" };
	route_label[n + API_ROUTE_METRICS] = (struct tbm_route){ "GET", "/metrics" };
	if (tbm_routes_init(route_label, n + API_ROUTE_PSEUDO))
		tb_error("metrics: per-route series could not be allocated (no route metrics)");
}

int api_route_pseudo(int which)
{
	pthread_once(&route_once, route_label_init);
	return route_count + which;
}

const char *api_route_name(int route)
{
	pthread_once(&route_once, route_label_init);
	if (!route_label || route < 0 || route >= route_count + API_ROUTE_PSEUDO)
		return "unmatched";
	return route_label[route].pattern;
}

void api_routes_init(void)
{
	pthread_once(&route_once, route_label_init);
}

static bool is_api_path(const char *p)
{
	return !strncmp(p, "/api/", 5) || !strcmp(p, "/healthz") || !strcmp(p, "/api");
}

/* The route for method and path (ids filled), or NULL with *allow naming the
 * methods the path has (NULL too when no pattern matches). Sets req->route. */
static const struct api_route *route_find(struct api_ctx *c, const char **allow)
{
	pthread_once(&route_once, route_label_init);
	*allow = NULL;
	c->req->route = route_count + API_ROUTE_UNMATCHED;
	for (size_t t = 0; t < ARRAY_SIZE(api_tables); t++) {
		for (const struct api_route *r = api_tables[t].routes; r && r->method; r++) {
			int64_t ids[4];
			int nids = 0;
			if (!api_match_pattern(r->pattern, c->req->path, ids, &nids))
				continue;
			if (strcmp(r->method, c->req->method)) {
				*allow = *allow ? arena_printf(c->a, "%s, %s", *allow, r->method) : r->method;
				continue;
			}
			memcpy(c->ids, ids, sizeof(ids));
			c->nids = nids;
			c->req->route = route_base[t] + (int)(r - api_tables[t].routes);
			return r;
		}
	}
	return NULL;
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
		route_find(&c, &allow);
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

const struct api_table *api_route_tables(size_t *n)
{
	*n = ARRAY_SIZE(api_tables);
	return api_tables;
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
	route = route_find(&c, &allow);
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

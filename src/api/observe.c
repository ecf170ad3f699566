/* observe.c - what the server tells its operators: GET /metrics in the
 * Prometheus text format and the access log, one JSON line per request
 * (docs/performance.md, "Observability").
 *
 * Why the access log has no path and no user id: a raw path carries ids and
 * query strings carry secrets (an unsubscribe token); a user id is personal
 * data. A line names the route pattern and a keyed hash of the user id, which
 * tells one user's requests apart from another's without saying who they are
 * (the key is random per process unless TB_ACCESS_LOG_KEY fixes it). */
#include "api/api.h"
#include "core/linelog.h"
#include "core/metrics.h"
#include "core/util.h"
#include "domain/docking.h"
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

_Static_assert(sizeof(((struct api_app *)0)->log_key) == crypto_shorthash_KEYBYTES,
               "the access log's key is a shorthash key");

int api_log_key_init(struct api_app *app)
{
	const char *k = getenv("TB_ACCESS_LOG_KEY");
	if (sodium_init() < 0)
		return TB_EIO;
	if (k && *k)
		crypto_generichash(app->log_key, sizeof(app->log_key), (const unsigned char *)k, strlen(k),
		                   NULL, 0);
	else
		randombytes_buf(app->log_key, sizeof(app->log_key));
	return TB_OK;
}

/* Compares in time independent of where the strings differ. */
static bool token_equal(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	unsigned char d = la != lb;
	for (size_t i = 0; i < lb; i++)
		d |= (unsigned char)(a[i < la ? i : 0] ^ b[i]);
	return d == 0 && la > 0;
}

static void answer_json(struct http_resp *resp, int status, const char *json)
{
	resp->status = status;
	resp->content_type = NULL;
	buf_reset(&resp->body);
	buf_adds(&resp->body, json);
	http_resp_header(resp, "Cache-Control", "no-store");
}

void api_metrics(struct http_req *req, struct http_resp *resp, struct api_app *app, int own_listener)
{
	const char *auth = http_header(req, "Authorization");
	int64_t na = 0, nd = 0;

	req->route = api_route_pseudo(API_ROUTE_METRICS);
	if (!own_listener && !app->metrics_token) {
		/* Not configured: the endpoint does not exist here. */
		answer_json(resp, 404, "{\"error\":\"no such endpoint\"}");
		return;
	}
	if (app->metrics_token && (!auth || strncmp(auth, "Bearer ", 7) ||
	                           !token_equal(auth + 7, app->metrics_token))) {
		answer_json(resp, 401, "{\"error\":\"metrics token required\",\"field\":\"Authorization\"}");
		http_resp_header(resp, "WWW-Authenticate", "Bearer realm=\"metrics\"");
		return;
	}
	if (strcmp(req->method, "GET") && strcmp(req->method, "HEAD")) {
		answer_json(resp, 405, "{\"error\":\"method not allowed\"}");
		http_resp_header(resp, "Allow", "GET, HEAD");
		return;
	}
	resp->status = 200;
	resp->content_type = "text/plain; version=0.0.4; charset=utf-8";
	http_resp_header(resp, "Cache-Control", "no-store");
	buf_reset(&resp->body);
	/* Index figures are read here, at scrape time: nothing to keep in step. */
	catalog_index_counts(app->index, &na, &nd);
	if (tbm_write(&resp->body) ||
	    buf_printf(&resp->body,
	               "# HELP tb_index_documents Published listings in this node's match index.\n"
	               "# TYPE tb_index_documents gauge\n"
	               "tb_index_documents{kind=\"achievements\"} %lld\n"
	               "tb_index_documents{kind=\"demands\"} %lld\n"
	               "# HELP tb_index_generation Bumped by every change to the match index; "
	               "cached matches are kept per generation.\n"
	               "# TYPE tb_index_generation gauge\n"
	               "tb_index_generation %llu\n",
	               (long long)na, (long long)nd,
	               (unsigned long long)catalog_index_version(app->index))) {
		/* A half-written exposition would parse as wrong figures. */
		answer_json(resp, 500, "{\"error\":\"internal error\"}");
	}
}

void api_metrics_handle(struct http_req *req, struct http_resp *resp, void *appv)
{
	if (!strcmp(req->path, "/metrics")) {
		api_metrics(req, resp, appv, 1);
		return;
	}
	req->route = api_route_pseudo(API_ROUTE_UNMATCHED);
	answer_json(resp, 404, "{\"error\":\"no such endpoint\"}");
}

/* Printable ASCII only: a method is the client's choice, and anything else
 * (a quote, a control byte) becomes '?', so the line always parses. */
static void ascii_copy(char *out, size_t cap, const char *s)
{
	size_t i = 0;
	for (; s && *s && i + 1 < cap; s++)
		out[i++] = *s >= 0x20 && *s < 0x7f && *s != '"' && *s != '\\' ? *s : '?';
	out[i] = '\0';
}

void api_observe(const struct http_req *req, const struct http_resp *resp, void *appv, uint64_t us)
{
	struct api_app *app = appv;
	char line[512], when[32], method[24], rname[160], user[2 * crypto_shorthash_BYTES + 3] = "null";
	int n;

	/* No route named (a body over the cap on a path nobody routed): still
	 * counted, as unmatched. */
	int route = req->route >= 0 ? req->route : api_route_pseudo(API_ROUTE_UNMATCHED);

	tbm_observe(route, resp->status, us);
	if (!app->access_log)
		return;
	fmt_iso8601(now_unix(), when);
	ascii_copy(method, sizeof(method), req->method);
	ascii_copy(rname, sizeof(rname), api_route_name(route));
	if (req->user_id > 0) {
		unsigned char h[crypto_shorthash_BYTES], le[8];
		uint64_t id = (uint64_t)req->user_id;
		for (int i = 0; i < 8; i++)
			le[i] = (unsigned char)(id >> (8 * i));
		/* log_key is crypto_shorthash_KEYBYTES (16) long. */
		crypto_shorthash(h, le, sizeof(le), app->log_key);
		user[0] = '"';
		sodium_bin2hex(user + 1, sizeof(user) - 2, h, sizeof(h));
		user[1 + 2 * sizeof(h)] = '"';
		user[2 + 2 * sizeof(h)] = '\0';
	}
	/* On the stack: a line never allocates. */
	n = snprintf(line, sizeof(line),
	             "{\"time\":\"%s\",\"method\":\"%s\",\"route\":\"%s\",\"status\":%d,"
	             "\"bytes\":%zu,\"us\":%llu,\"user\":%s}\n",
	             when, method, rname, resp->status, resp->body.len, (unsigned long long)us, user);
	if (n > 0 && (size_t)n < sizeof(line))
		linelog_put(app->access_log, line, (size_t)n);
}

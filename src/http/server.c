/* server.c - libmicrohttpd glue.
 *
 * Why the two-call pattern: answering on the first callback makes MHD 0.9.75
 * close keep-alive connections, costing about 4x throughput (see
 * ../shared/stack-notes.md). So the first call only allocates request state;
 * body chunks are appended (capped) on later calls; the response is queued on
 * the final call, when upload_data_size is 0. */
#include "http/http.h"
#include "core/err.h"
#include "core/log.h"
#include "core/util.h"
#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct http_server {
	struct MHD_Daemon *d;
	http_handler handler;
	void *app;
	size_t max_body;
	int64_t request_limit_s;
	size_t arena_max;
};

struct conn_state {
	struct arena arena;
	struct buf body;
	int too_big;
	int64_t started;           /* unix seconds of the first callback */
	char ip[INET6_ADDRSTRLEN];
};

const char *http_query(const struct http_req *r, const char *key)
{
	return MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, key);
}

const char *http_header(const struct http_req *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name);
}

const char *http_cookie(const struct http_req *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, name);
}

struct each_ctx { int (*cb)(void *, const char *, const char *); void *ctx; int rc; };

static enum MHD_Result each_arg(void *cls, enum MHD_ValueKind kind, const char *k, const char *v)
{
	struct each_ctx *e = cls;
	e->rc = e->cb(e->ctx, k, v ? v : "");
	return e->rc ? MHD_NO : MHD_YES;
}

int http_query_each(const struct http_req *r, int (*cb)(void *, const char *, const char *), void *ctx)
{
	struct each_ctx e = { cb, ctx, 0 };
	MHD_get_connection_values(r->conn, MHD_GET_ARGUMENT_KIND, each_arg, &e);
	return e.rc;
}

int http_resp_header(struct http_resp *resp, const char *name, const char *value)
{
	if (!name || !value) {
		resp->headers_dropped = 1;
		return TB_EINVAL;
	}
	if (resp->nheaders >= HTTP_MAX_HEADERS) {
		resp->headers_dropped = 1;
		return TB_ELIMIT;
	}
	resp->headers[resp->nheaders].name = name;
	resp->headers[resp->nheaders].value = value;
	resp->nheaders++;
	return TB_OK;
}

static enum MHD_Result send_resp(struct MHD_Connection *c, struct http_resp *resp)
{
	size_t len;
	char *body = buf_detach(&resp->body, &len);
	struct MHD_Response *r = MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE);
	enum MHD_Result ret;

	if (!r) {
		free(body);
		return MHD_NO;
	}
	MHD_add_response_header(r, "Content-Type",
	                        resp->content_type ? resp->content_type : "application/json; charset=utf-8");
	/* Security headers on every response (issue: secure by default). */
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(r, "X-Frame-Options", "DENY");
	MHD_add_response_header(r, "Referrer-Policy", "same-origin");
	MHD_add_response_header(r, "Content-Security-Policy",
	                        "default-src 'self'; img-src 'self' data:; style-src 'self'; "
	                        "script-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'");
	for (int i = 0; i < resp->nheaders; i++)
		MHD_add_response_header(r, resp->headers[i].name, resp->headers[i].value);
	ret = MHD_queue_response(c, (unsigned)resp->status, r);
	MHD_destroy_response(r);
	return ret;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version, const char *upload,
                                  size_t *upload_size, void **con_cls)
{
	struct http_server *srv = cls;
	struct conn_state *cs = *con_cls;
	struct http_resp resp;
	struct http_req req;
	enum MHD_Result ret;

	if (!cs) {
		const union MHD_ConnectionInfo *ci;
		cs = calloc(1, sizeof(*cs));
		if (!cs)
			return MHD_NO;
		arena_init(&cs->arena, srv->arena_max);
		buf_init(&cs->body, srv->max_body);
		ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
		if (ci && ci->client_addr) {
			const struct sockaddr *sa = ci->client_addr;
			if (sa->sa_family == AF_INET)
				inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, cs->ip, sizeof(cs->ip));
			else if (sa->sa_family == AF_INET6)
				inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, cs->ip, sizeof(cs->ip));
		}
		cs->started = now_unix();
		*con_cls = cs;
		return MHD_YES;
	}
	/* The idle timeout alone lets a client trickle a body byte by byte for
	 * ever (slowloris); the whole request must arrive within the limit. */
	if (now_unix() - cs->started > srv->request_limit_s) {
		tb_warn("http: request from %s exceeded %llds, closing", cs->ip,
		        (long long)srv->request_limit_s);
		return MHD_NO;
	}
	if (*upload_size) {
		if (!cs->too_big && buf_add(&cs->body, upload, *upload_size) != TB_OK)
			cs->too_big = 1;
		*upload_size = 0;
		return MHD_YES;
	}

	memset(&resp, 0, sizeof(resp));
	buf_init(&resp.body, 256u << 20);
	resp.status = 200;
	if (cs->too_big) {
		resp.status = 413;
		buf_printf(&resp.body, "{\"error\":\"request body larger than %zu bytes\",\"field\":\"body\"}",
		           srv->max_body);
	} else {
		req.method = method;
		req.path = url;
		req.body = cs->body.ptr ? cs->body.ptr : "";
		req.body_len = cs->body.len;
		req.client_ip = cs->ip;
		req.arena = &cs->arena;
		req.conn = c;
		srv->handler(&req, &resp, srv->app);
	}
	ret = send_resp(c, &resp);
	buf_release(&resp.body);
	return ret;
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
	struct conn_state *cs = *con_cls;
	if (!cs)
		return;
	arena_release(&cs->arena);
	buf_release(&cs->body);
	free(cs);
	*con_cls = NULL;
}

static int parse_listen(const char *listen, struct sockaddr_in *sa)
{
	char host[64];
	const char *colon = strrchr(listen, ':');
	int64_t port;
	size_t hl;

	memset(sa, 0, sizeof(*sa));
	sa->sin_family = AF_INET;
	if (!colon || !parse_i64(colon + 1, &port) || port < 0 || port > 65535)
		return TB_EINVAL;
	hl = (size_t)(colon - listen);
	if (hl == 0 || hl >= sizeof(host))
		return TB_EINVAL;
	memcpy(host, listen, hl);
	host[hl] = '\0';
	if (!strcmp(host, "localhost"))
		snprintf(host, sizeof(host), "127.0.0.1");
	if (inet_pton(AF_INET, host, &sa->sin_addr) != 1)
		return TB_EINVAL;
	sa->sin_port = htons((uint16_t)port);
	return TB_OK;
}

int http_server_start(const struct http_config *cfg, http_handler h, void *app, struct http_server **out)
{
	struct http_server *s;
	struct sockaddr_in sa;
	unsigned threads;

	if (parse_listen(cfg->listen, &sa)) {
		tb_error("http: --listen must be IPv4:PORT, got '%s'", cfg->listen);
		return TB_EINVAL;
	}
	s = calloc(1, sizeof(*s));
	if (!s)
		return TB_ENOMEM;
	s->handler = h;
	s->app = app;
	s->max_body = cfg->max_body ? cfg->max_body : (1u << 20);
	s->request_limit_s = cfg->request_limit_s ? cfg->request_limit_s : 60;
	s->arena_max = cfg->arena_max ? cfg->arena_max : (32u << 20);
	threads = cfg->threads > 0 ? (unsigned)cfg->threads : (unsigned)sysconf(_SC_NPROCESSORS_ONLN);
	if (threads < 1)
		threads = 1;
	s->d = MHD_start_daemon(MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ERROR_LOG, 0, NULL, NULL,
	                        on_request, s,
	                        MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
	                        MHD_OPTION_THREAD_POOL_SIZE, threads,
	                        MHD_OPTION_CONNECTION_TIMEOUT, cfg->timeout_s ? cfg->timeout_s : 30u,
	                        MHD_OPTION_CONNECTION_LIMIT, 1024u,
	                        MHD_OPTION_NOTIFY_COMPLETED, on_completed, s,
	                        MHD_OPTION_END);
	if (!s->d) {
		tb_error("http: cannot listen on %s", cfg->listen);
		free(s);
		return TB_EIO;
	}
	*out = s;
	return TB_OK;
}

uint16_t http_server_port(const struct http_server *s)
{
	const union MHD_DaemonInfo *di = MHD_get_daemon_info(s->d, MHD_DAEMON_INFO_BIND_PORT);
	return di ? di->port : 0;
}

void http_server_stop(struct http_server *s)
{
	if (!s)
		return;
	MHD_stop_daemon(s->d);
	free(s);
}

/* http.h - the HTTP server, the only module that includes microhttpd.h.
 * It turns a libmicrohttpd connection into a `struct http_req` (method, path,
 * body capped at a limit, an arena for the request) and sends back a
 * `struct http_resp`. Routing lives above, in src/api. */
#ifndef TB_HTTP_H
#define TB_HTTP_H

#include <stddef.h>
#include <stdint.h>
#include "core/arena.h"
#include "core/buf.h"

struct http_req {
	const char *method;
	const char *path;          /* without the query string */
	const char *body;          /* NUL-terminated, may be empty */
	size_t body_len;
	const char *client_ip;
	struct arena *arena;       /* released when the response is sent */
	void *conn;                /* opaque; for the accessors below */
	/* Set by the handler for the observer (http_observe): which route
	 * answered (the API's metrics index, -1 = none) and who asked (0 =
	 * anonymous). The HTTP layer only carries them. */
	int route;
	int64_t user_id;
	/* Set by the admit hook: run the handler on a writer thread, not on
	 * the thread that reads requests (see write_threads below). */
	int offload;
};

#define HTTP_MAX_HEADERS 16
struct http_resp {
	int status;
	const char *content_type;  /* default application/json; charset=utf-8 */
	struct buf body;
	int nheaders;
	struct { const char *name, *value; } headers[HTTP_MAX_HEADERS]; /* arena strings */
	int headers_dropped;       /* sticky: a header did not fit (the router answers 500) */
};

const char *http_query(const struct http_req *r, const char *key);   /* decoded, NULL if absent */
const char *http_header(const struct http_req *r, const char *name);
const char *http_cookie(const struct http_req *r, const char *name);
/* Iterates all query arguments (for rejecting unknown ones). */
int http_query_each(const struct http_req *r, int (*cb)(void *ctx, const char *k, const char *v), void *ctx);
/* TB_OK, or TB_ELIMIT past HTTP_MAX_HEADERS (and TB_EINVAL for a NULL name or
 * value, e.g. a failed arena_printf): the header is not added and
 * headers_dropped is set, so a response never goes out silently without it. */
int http_resp_header(struct http_resp *resp, const char *name, const char *value);

typedef void (*http_handler)(struct http_req *req, struct http_resp *resp, void *app);
/* Called once per request as soon as its headers are in, before any body byte
 * is read (req->body is "" then). Returns 0 to go on, and may lower *max_body
 * for this request; non-zero when it has filled resp: that answer is sent at
 * once, the body is never read and the connection is closed after it. This is
 * how the API refuses anonymous writes and wrong Content-Types without
 * buffering megabytes first. */
typedef int (*http_admit)(struct http_req *req, struct http_resp *resp, void *app, size_t *max_body);
/* Called once for every answered request (a handler's answer, an admit hook's
 * refusal, a 413), after the response is built and before it is queued, on
 * the request's own thread: it must not block (metrics, access log). `us` is
 * the time since the request's headers were complete. */
typedef void (*http_observe)(const struct http_req *req, const struct http_resp *resp, void *app,
                             uint64_t us);

struct http_config {
	const char *listen;        /* "127.0.0.1:8080"; port 0 picks a free one */
	int threads;               /* epoll thread pool size; 0 = number of cores */
	size_t max_body;           /* larger bodies get 413 */
	unsigned timeout_s;        /* idle connection timeout */
	unsigned request_limit_s;  /* whole-request limit (slow uploads are cut off); 0 = 60 */
	unsigned header_timeout_s; /* a request's headers must be complete this long after the
	                            * connection began, or after its request line on a kept-alive
	                            * connection; 0 = 10 */
	                           /* between requests a kept-alive connection may stay idle for
	                            * timeout_s (the next request line must start by then) */
	unsigned per_ip_limit;     /* open connections per client address; 0 = 128 */
	http_admit admit;          /* optional headers-phase hook, see above */
	http_observe observe;      /* optional per-request observer, see above */
	size_t arena_max;          /* per-request arena cap; 0 = 32 MiB */
	/* Threads that run the requests the admit hook marks `offload`
	 * (writes): their connection is suspended while a writer thread runs the
	 * handler, so a write waiting for the database's write lock holds a
	 * writer thread, never a thread that serves reads. 0 = run every
	 * handler on the request threads (as before). */
	int write_threads;
};

struct http_server;
int http_server_start(const struct http_config *cfg, http_handler h, void *app, struct http_server **out);
uint16_t http_server_port(const struct http_server *s);
void http_server_stop(struct http_server *s);

#endif

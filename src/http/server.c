/* server.c - libmicrohttpd glue.
 *
 * Why the two-call pattern: answering on the first callback makes MHD 0.9.75
 * close keep-alive connections, costing about 4x throughput (measured with
 * wrk on the 2-core reference machine: about 19k vs 85k req/s). So the first call only allocates request state;
 * body chunks are appended (capped) on later calls; the response is queued on
 * the final call, when upload_data_size is 0. The one exception is the
 * headers-phase hook (http_admit): a request it refuses is answered on the
 * first call on purpose, so that its body is never read and the connection
 * closes.
 *
 * Slowloris: MHD's connection timeout is an idle timeout, and the request
 * limit below starts only once the headers are complete, so a client sending
 * one header line every few seconds held a slot for ever. Every connection is
 * therefore watched from accept until its headers are complete (and again
 * from the end of each response until the next request's headers): a reaper
 * thread shuts down the socket of any connection past header_timeout_s.
 * MHD_OPTION_PER_IP_CONNECTION_LIMIT caps the slots one address can hold.
 *
 * Kept-alive connections: between two requests a client may be idle (a
 * browser keeps its connections open while the user reads a page). That wait
 * is not a header phase: it may last the idle timeout (timeout_s), counted
 * from the end of the previous response and not reset by trickled bytes; the
 * header deadline starts again when the next request line is in (MHD's URI
 * callback). Before, the 10 s header deadline ran from the end of the
 * response, and a connection idle for 15 s was cut although the idle timeout
 * is 30 s. A slow client thus holds a slot at most timeout_s + header_timeout_s
 * per request, still bounded.
 *
 * Writes on writer threads: a write may wait up to the busy timeout for the
 * database's write lock (SQLite has one writer at a time; another process, a
 * backup or the change-log pruning can hold it). Run on MHD's pool threads,
 * two such writes held both threads and every read queued behind them (the
 * mixed load profile's p99 was 84-151 ms while reads took <= 2.5 ms inside the
 * server). A request the admit hook marks `offload` is therefore handed to a
 * writer thread once its body is in: the connection is suspended
 * (MHD_suspend_connection, from the access handler as MHD requires), the
 * writer runs the handler, stores the answer in the request's state and
 * resumes the connection (MHD_resume_connection may be called from any
 * thread with MHD_ALLOW_SUSPEND_RESUME); MHD then calls the access handler
 * again and that call queues the stored answer. The handler, its transaction
 * and its errors are the same code as before; only the thread differs. A
 * suspended connection does not time out (MHD stops its clock), and the
 * header deadline does not watch it (it is between its headers and its
 * answer). */
#include "http/http.h"
#include "core/err.h"
#include "core/log.h"
#include "core/metrics.h"
#include "core/util.h"
#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

/* One per TCP connection (MHD's socket_context). Linked into the server's
 * waiting list while the connection is in a header phase. */
struct conn_watch {
	struct conn_watch *prev, *next;
	int fd;
	int linked;
	int shut;
	int idle;                  /* between requests: the idle deadline applies */
	int64_t since_ms;          /* start of the current header phase */
	int worker;                /* index into http_server.workers; -1 = unknown */
	int64_t busy_mark;         /* that worker's busy_ms when the phase began */
};

struct http_server {
	struct MHD_Daemon *d;
	http_handler handler;
	http_admit admit;
	http_observe observe;
	void *app;
	size_t max_body;
	int64_t request_limit_s;
	int64_t header_timeout_ms;
	int64_t idle_ms;           /* kept-alive connection between requests */
	pthread_mutex_t mu;        /* guards the waiting list and stopping */
	pthread_cond_t wake;
	struct conn_watch waiting; /* list head (circular) */
	pthread_t reaper;
	/* Time each MHD worker thread spent inside our handlers. A connection
	 * served by a worker stuck in a handler (a password hash, a big export)
	 * cannot have its headers read meanwhile; that time is ours, not the
	 * client's, and is not counted against its header deadline. */
	struct worker_clock { int64_t busy_ms, busy_since_ms; } *workers;
	int nworkers, workers_used;
	int reaper_started, stopping;
	size_t arena_max;
	/* The writer threads and their queue (FIFO, under wq_mu). */
	pthread_mutex_t wq_mu;
	pthread_cond_t wq_wake;
	struct conn_state *wq_head, *wq_tail;
	pthread_t *writers;
	int nwriters, wq_stop;
	int offload_on;            /* write_threads > 0, fixed before MHD starts */
	int64_t wq_pending;        /* queued + running, for tb_http_writes_pending */
};

struct conn_state {
	struct arena arena;
	struct buf body;
	int too_big;
	size_t max_body;           /* this request's cap (the hook may lower it) */
	int64_t started;           /* unix seconds of the first callback */
	uint64_t t0_us;            /* monotonic microseconds of the first callback */
	int route;                 /* what the admit hook named (http_req.route), for a 413 */
	int offload;               /* the admit hook asked for a writer thread */
	int done;                  /* a writer thread has filled resp: queue it */
	struct MHD_Connection *conn; /* while queued for or on a writer thread */
	const char *method, *url;  /* MHD's strings, valid until the request completes */
	struct http_resp resp;     /* the writer thread's answer */
	struct conn_state *qnext;
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

static int64_t mono_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* This thread's slot in s->workers (MHD's pool threads accept and serve
 * their own connections, so the accepting thread is the serving one). */
static _Thread_local int my_worker = -1;
static _Thread_local const struct http_server *my_server;

static int worker_slot(struct http_server *s)
{
	if (my_server != s) {
		my_server = s;
		my_worker = -1;
		pthread_mutex_lock(&s->mu);
		if (s->workers_used < s->nworkers)
			my_worker = s->workers_used++;
		pthread_mutex_unlock(&s->mu);
	}
	return my_worker;
}

/* Under s->mu. */
static int64_t worker_busy(const struct http_server *s, int i, int64_t now)
{
	const struct worker_clock *wc;
	if (i < 0)
		return 0;
	wc = &s->workers[i];
	return wc->busy_ms + (wc->busy_since_ms ? now - wc->busy_since_ms : 0);
}

static void worker_enter(struct http_server *s)
{
	int i = worker_slot(s);
	if (i < 0)
		return;
	pthread_mutex_lock(&s->mu);
	s->workers[i].busy_since_ms = mono_ms();
	pthread_mutex_unlock(&s->mu);
}

static void worker_leave(struct http_server *s)
{
	int i = worker_slot(s);
	if (i < 0)
		return;
	pthread_mutex_lock(&s->mu);
	s->workers[i].busy_ms += mono_ms() - s->workers[i].busy_since_ms;
	s->workers[i].busy_since_ms = 0;
	pthread_mutex_unlock(&s->mu);
}

static void watch_link(struct http_server *s, struct conn_watch *w, int idle)
{
	pthread_mutex_lock(&s->mu);
	w->idle = idle;
	if (!w->linked) {
		w->next = &s->waiting;
		w->prev = s->waiting.prev;
		s->waiting.prev->next = w;
		s->waiting.prev = w;
		w->linked = 1;
	}
	w->since_ms = mono_ms();
	w->busy_mark = worker_busy(s, w->worker, w->since_ms);
	pthread_mutex_unlock(&s->mu);
}

static void watch_unlink(struct http_server *s, struct conn_watch *w)
{
	pthread_mutex_lock(&s->mu);
	if (w->linked) {
		w->prev->next = w->next;
		w->next->prev = w->prev;
		w->linked = 0;
	}
	pthread_mutex_unlock(&s->mu);
}

static struct conn_watch *watch_of(struct MHD_Connection *c)
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	return ci ? ci->socket_context : NULL;
}

static void on_connection(void *cls, struct MHD_Connection *c, void **socket_context,
                          enum MHD_ConnectionNotificationCode toe)
{
	struct http_server *s = cls;
	struct conn_watch *w = *socket_context;
	if (toe == MHD_CONNECTION_NOTIFY_STARTED) {
		const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
		/* Without a watch the connection is only under the idle timeout:
		 * still served, never leaked. */
		if (!ci || !(w = calloc(1, sizeof(*w))))
			return;
		w->fd = ci->connect_fd;
		w->worker = worker_slot(s);
		*socket_context = w;
		watch_link(s, w, 0);
		return;
	}
	if (w) {
		/* Unlinked under the lock before MHD closes the fd, so the reaper
		 * never shuts down a descriptor that has been reused. */
		watch_unlink(s, w);
		free(w);
		*socket_context = NULL;
	}
}

static void *reaper_main(void *arg)
{
	struct http_server *s = arg;
	pthread_mutex_lock(&s->mu);
	while (!s->stopping) {
		struct timespec until;
		int64_t now = mono_ms();
		int cut = 0;
		for (struct conn_watch *w = s->waiting.next; w != &s->waiting; w = w->next) {
			int unread = 0;
			int64_t client_ms = now - w->since_ms - (worker_busy(s, w->worker, now) - w->busy_mark);
			if (w->shut || client_ms < (w->idle ? s->idle_ms : s->header_timeout_ms))
				continue;
			/* Bytes still in the socket: sent by the client, not yet read by
			 * us; not the client's delay either. */
			if (ioctl(w->fd, FIONREAD, &unread) == 0 && unread > 0)
				continue;
			/* shutdown, not close: MHD owns the descriptor, sees end of
			 * stream on its next poll and frees the slot itself. */
			shutdown(w->fd, SHUT_RDWR);
			w->shut = 1;
			cut++;
		}
		if (cut)
			tb_warn("http: closed %d connection(s) that sent no complete request headers "
			        "within %lld ms (or no request line within %lld ms of the previous answer)",
			        cut, (long long)s->header_timeout_ms, (long long)s->idle_ms);
		/* Check four times per deadline (at most every 250 ms). */
		clock_gettime(CLOCK_REALTIME, &until);
		{
			int64_t step = s->header_timeout_ms / 4 < 250 ? s->header_timeout_ms / 4 : 250;
			int64_t ns = until.tv_nsec + (step < 10 ? 10 : step) * 1000000;
			until.tv_sec += ns / 1000000000;
			until.tv_nsec = ns % 1000000000;
		}
		pthread_cond_timedwait(&s->wake, &s->mu, &until);
	}
	pthread_mutex_unlock(&s->mu);
	return NULL;
}

/* The next request line is in: a kept-alive connection's idle wait is over and
 * its header phase begins (see the top of the file). */
static void *on_uri(void *cls, const char *uri, struct MHD_Connection *c)
{
	struct http_server *s = cls;
	struct conn_watch *w = watch_of(c);
	if (!w)
		return NULL;
	pthread_mutex_lock(&s->mu);
	if (w->linked && w->idle) {
		w->idle = 0;
		w->since_ms = mono_ms();
		w->busy_mark = worker_busy(s, w->worker, w->since_ms);
	}
	pthread_mutex_unlock(&s->mu);
	return NULL; /* con_cls stays NULL: the two-call pattern below relies on it */
}

static void req_fill(struct http_req *req, struct conn_state *cs, struct MHD_Connection *c,
                     const char *method, const char *url)
{
	req->method = method;
	req->path = url;
	req->body = cs->body.ptr ? cs->body.ptr : "";
	req->body_len = cs->body.len;
	req->client_ip = cs->ip;
	req->arena = &cs->arena;
	req->conn = c;
	req->route = cs->route;
	req->user_id = 0;
	req->offload = 0;
}

static void observe(struct http_server *srv, const struct http_req *req, const struct http_resp *resp,
                    const struct conn_state *cs)
{
	if (srv->observe)
		srv->observe(req, resp, srv->app, tbm_now_us() - cs->t0_us);
}

/* On a writer thread: the handler, then the answer back to MHD. cs must not
 * be touched after the resume: MHD may complete and free it at once. */
static void write_run(struct http_server *s, struct conn_state *cs)
{
	struct MHD_Connection *c = cs->conn;
	struct http_req req;

	memset(&cs->resp, 0, sizeof(cs->resp));
	buf_init(&cs->resp.body, 256u << 20);
	cs->resp.status = 200;
	req_fill(&req, cs, c, cs->method, cs->url);
	s->handler(&req, &cs->resp, s->app);
	observe(s, &req, &cs->resp, cs);
	cs->done = 1;
	pthread_mutex_lock(&s->wq_mu);
	tbm_gauge_set(TBM_WRITES_PENDING, --s->wq_pending);
	pthread_mutex_unlock(&s->wq_mu);
	MHD_resume_connection(c);
}

static void *writer_main(void *arg)
{
	struct http_server *s = arg;
	pthread_mutex_lock(&s->wq_mu);
	for (;;) {
		struct conn_state *cs;
		while (!s->wq_head && !s->wq_stop)
			pthread_cond_wait(&s->wq_wake, &s->wq_mu);
		/* Stopping drains the queue first: every suspended connection is
		 * answered and resumed before MHD_stop_daemon. */
		if (!(cs = s->wq_head))
			break;
		s->wq_head = cs->qnext;
		if (!s->wq_head)
			s->wq_tail = NULL;
		pthread_mutex_unlock(&s->wq_mu);
		write_run(s, cs);
		pthread_mutex_lock(&s->wq_mu);
	}
	pthread_mutex_unlock(&s->wq_mu);
	return NULL;
}

/* Suspends c and queues its request for a writer thread; false when the
 * writers are stopping (the caller then runs the handler itself). Called from
 * the access handler, the one place MHD allows a suspend. */
static bool write_queue(struct http_server *s, struct conn_state *cs, struct MHD_Connection *c,
                        const char *method, const char *url)
{
	pthread_mutex_lock(&s->wq_mu);
	if (s->wq_stop) {
		pthread_mutex_unlock(&s->wq_mu);
		return false;
	}
	cs->conn = c;
	cs->method = method;
	cs->url = url;
	cs->qnext = NULL;
	MHD_suspend_connection(c);
	if (s->wq_tail)
		s->wq_tail->qnext = cs;
	else
		s->wq_head = cs;
	s->wq_tail = cs;
	tbm_gauge_set(TBM_WRITES_PENDING, ++s->wq_pending);
	pthread_cond_signal(&s->wq_wake);
	pthread_mutex_unlock(&s->wq_mu);
	return true;
}

/* The 413 for a body that outgrew its cap while it arrived (chunked, or a
 * client whose Content-Length the admit hook let through): no route ran, so
 * the HTTP layer answers itself, in the caller's language with the code the
 * API uses for the same refusal (issue #16). The message comes from the core
 * catalogue (http may include core, not api); it is escaped for JSON although
 * the catalogue's text holds no quote, so a later wording cannot break it. */
static void too_big_body(const struct http_req *req, struct http_resp *resp, size_t cap)
{
	struct tb_field_error fe;
	enum tb_lang lang = tb_lang_pick(http_query(req, "lang"), http_header(req, "Accept-Language"));
	char msg[256];

	memset(&fe, 0, sizeof(fe));
	TB_FE_N(&fe, "body", "body_too_large", (long long)cap);
	tb_msg_render(&fe, lang, msg, sizeof(msg));
	buf_add(&resp->body, "{\"error\":\"", 10);
	for (const char *p = msg; *p; p++) {
		if (*p == '"' || *p == '\\')
			buf_printf(&resp->body, "\\%c", *p);
		else if ((unsigned char)*p < 0x20)
			buf_printf(&resp->body, "\\u%04x", (unsigned)(unsigned char)*p);
		else
			buf_add(&resp->body, p, 1);
	}
	buf_printf(&resp->body, "\",\"code\":\"%s\",\"field\":\"%s\"}", fe.code, fe.field);
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
		struct conn_watch *w = watch_of(c);
		size_t cap = srv->max_body;
		/* Headers complete: this request's header phase is over. */
		if (w)
			watch_unlink(srv, w);
		cs = calloc(1, sizeof(*cs));
		if (!cs)
			return MHD_NO;
		arena_init(&cs->arena, srv->arena_max);
		ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
		if (ci && ci->client_addr) {
			const struct sockaddr *sa = ci->client_addr;
			if (sa->sa_family == AF_INET)
				inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, cs->ip, sizeof(cs->ip));
			else if (sa->sa_family == AF_INET6)
				inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, cs->ip, sizeof(cs->ip));
		}
		cs->started = now_unix();
		cs->t0_us = tbm_now_us();
		cs->route = -1;
		*con_cls = cs;
		if (srv->admit) {
			memset(&resp, 0, sizeof(resp));
			buf_init(&resp.body, 1u << 20);
			resp.status = 200;
			req_fill(&req, cs, c, method, url);
			int refused;
			worker_enter(srv);
			refused = srv->admit(&req, &resp, srv->app, &cap);
			worker_leave(srv);
			cs->route = req.route;
			cs->offload = req.offload && srv->offload_on;
			if (refused) {
				/* Answered before the body: MHD discards the body and
				 * closes the connection after this response. */
				observe(srv, &req, &resp, cs);
				ret = send_resp(c, &resp);
				buf_release(&resp.body);
				return ret;
			}
			buf_release(&resp.body);
		}
		cs->max_body = cap < srv->max_body ? cap : srv->max_body;
		buf_init(&cs->body, cs->max_body);
		return MHD_YES;
	}
	if (cs->done) {
		/* Resumed: a writer thread has answered (write_run). */
		ret = send_resp(c, &cs->resp);
		buf_release(&cs->resp.body);
		return ret;
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
	req_fill(&req, cs, c, method, url);
	if (cs->too_big) {
		resp.status = 413;
		too_big_body(&req, &resp, cs->max_body);
	} else if (cs->offload && write_queue(srv, cs, c, method, url)) {
		buf_release(&resp.body);
		return MHD_YES;
	} else {
		worker_enter(srv);
		srv->handler(&req, &resp, srv->app);
		worker_leave(srv);
	}
	observe(srv, &req, &resp, cs);
	ret = send_resp(c, &resp);
	buf_release(&resp.body);
	return ret;
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
	struct http_server *srv = cls;
	struct conn_state *cs = *con_cls;
	struct conn_watch *w = watch_of(c);
	/* The response is out: the wait for the next request's headers on this
	 * keep-alive connection is a header phase again. */
	if (w)
		watch_link(srv, w, 1);
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
	s->admit = cfg->admit;
	s->observe = cfg->observe;
	s->app = app;
	s->header_timeout_ms = (int64_t)(cfg->header_timeout_s ? cfg->header_timeout_s : 10) * 1000;
	s->idle_ms = (int64_t)(cfg->timeout_s ? cfg->timeout_s : 30u) * 1000;
	pthread_mutex_init(&s->mu, NULL);
	pthread_cond_init(&s->wake, NULL);
	pthread_mutex_init(&s->wq_mu, NULL);
	pthread_cond_init(&s->wq_wake, NULL);
	s->waiting.next = s->waiting.prev = &s->waiting;
	s->max_body = cfg->max_body ? cfg->max_body : (1u << 20);
	s->request_limit_s = cfg->request_limit_s ? cfg->request_limit_s : 60;
	s->arena_max = cfg->arena_max ? cfg->arena_max : (32u << 20);
	threads = cfg->threads > 0 ? (unsigned)cfg->threads : (unsigned)sysconf(_SC_NPROCESSORS_ONLN);
	if (threads < 1)
		threads = 1;
	if (!(s->workers = calloc(threads, sizeof(*s->workers)))) {
		free(s);
		return TB_ENOMEM;
	}
	s->nworkers = (int)threads;
	s->offload_on = cfg->write_threads > 0;
	s->d = MHD_start_daemon(MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ERROR_LOG |
	                        (cfg->write_threads > 0 ? MHD_ALLOW_SUSPEND_RESUME : 0), 0, NULL, NULL,
	                        on_request, s,
	                        MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
	                        MHD_OPTION_THREAD_POOL_SIZE, threads,
	                        MHD_OPTION_CONNECTION_TIMEOUT, cfg->timeout_s ? cfg->timeout_s : 30u,
	                        MHD_OPTION_CONNECTION_LIMIT, 1024u,
	                        MHD_OPTION_PER_IP_CONNECTION_LIMIT,
	                        cfg->per_ip_limit ? cfg->per_ip_limit : 128u,
	                        MHD_OPTION_NOTIFY_COMPLETED, on_completed, s,
	                        MHD_OPTION_NOTIFY_CONNECTION, on_connection, s,
	                        MHD_OPTION_URI_LOG_CALLBACK, on_uri, s,
	                        MHD_OPTION_END);
	if (!s->d) {
		tb_error("http: cannot listen on %s", cfg->listen);
		goto fail;
	}
	if (pthread_create(&s->reaper, NULL, reaper_main, s)) {
		tb_error("http: cannot start the header-deadline thread");
		MHD_stop_daemon(s->d);
		goto fail;
	}
	s->reaper_started = 1;
	if (cfg->write_threads > 0) {
		if (!(s->writers = calloc((size_t)cfg->write_threads, sizeof(*s->writers)))) {
			http_server_stop(s);
			return TB_ENOMEM;
		}
		for (int i = 0; i < cfg->write_threads; i++) {
			if (pthread_create(&s->writers[i], NULL, writer_main, s)) {
				tb_error("http: cannot start writer thread %d", i + 1);
				http_server_stop(s);
				return TB_EIO;
			}
			s->nwriters++;
		}
	}
	*out = s;
	return TB_OK;
fail:
	free(s->workers);
	pthread_cond_destroy(&s->wq_wake);
	pthread_mutex_destroy(&s->wq_mu);
	pthread_cond_destroy(&s->wake);
	pthread_mutex_destroy(&s->mu);
	free(s);
	return TB_EIO;
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
	if (s->reaper_started) {
		pthread_mutex_lock(&s->mu);
		s->stopping = 1;
		pthread_cond_signal(&s->wake);
		pthread_mutex_unlock(&s->mu);
		pthread_join(s->reaper, NULL);
	}
	/* The writers answer what is queued and resume those connections before
	 * MHD stops (it refuses to stop with connections still suspended); a
	 * write arriving meanwhile runs on its request thread (write_queue). */
	pthread_mutex_lock(&s->wq_mu);
	s->wq_stop = 1;
	pthread_cond_broadcast(&s->wq_wake);
	pthread_mutex_unlock(&s->wq_mu);
	for (int i = 0; i < s->nwriters; i++)
		pthread_join(s->writers[i], NULL);
	free(s->writers);
	/* Only when no writer could be started: answer what they left. */
	while (s->wq_head) {
		struct conn_state *cs = s->wq_head;
		s->wq_head = cs->qnext;
		write_run(s, cs);
	}
	MHD_stop_daemon(s->d);
	free(s->workers);
	pthread_cond_destroy(&s->wq_wake);
	pthread_mutex_destroy(&s->wq_mu);
	pthread_cond_destroy(&s->wake);
	pthread_mutex_destroy(&s->mu);
	free(s);
}

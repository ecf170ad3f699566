/* serve.c - `techbridge serve`: migrate, load the match index, serve
 * the API and web UI until SIGINT/SIGTERM. Prints the bound address on stdout
 * (tests start it on port 0 and read the line). */
#include "server/server.h"
#include "api/api.h"
#include "core/linelog.h"
#include "core/log.h"
#include "core/util.h"
#include "domain/docking.h"
#include "domain/lifecycle.h"
#include "domain/account.h"
#include "domain/app.h"
#include "domain/catalog_ops.h"
#include "domain/changefeed.h"
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static volatile sig_atomic_t stop;
static void on_signal(int sig) { stop = 1; }

/* == release (issue #16): the life-cycle scheduler ==
 * A thread runs one maintenance pass at start and every `interval` seconds,
 * off the request path. Several app nodes may run it: the lease row in the
 * database lets one at a time do the work (domain/lifecycle.h). */
struct scheduler {
	struct api_app *app;
	struct cli_mail mail;
	int interval;
	int keep_days;          /* change log pruning (docs/deploy.md) */
	int64_t keep_rows;
	char holder[96];
	pthread_t thread;
	int started;
};

static void *scheduler_main(void *p)
{
	struct scheduler *s = p;
	while (!stop) {
		struct store *st = app_pool_get(s->app->pool);
		struct life_report r;
		int ran = 0, rc;
		if (st) {
			rc = lifecycle_maintain(st, s->app->index, &s->app->life, s->holder, now_unix(),
			                        cli_mail_digest, &s->mail, &ran, &r);
			/* The lease holder also prunes the change log: one node is enough. */
			if (ran) { /* whether or not the life-cycle pass failed */
				int64_t deleted = 0;
				if (changefeed_prune(st, now_unix(), s->keep_days, s->keep_rows, &deleted))
					tb_error("change log pruning failed (retried in %d s)", s->interval);
				else if (deleted)
					tb_info("change log: %lld old changes pruned", (long long)deleted);
			}
			app_pool_put(s->app->pool, st);
			if (rc)
				tb_error("maintenance failed: %s (retried in %d s)", tb_strerror(rc), s->interval);
			else if (ran && (r.expired || r.closed_deadline || r.closed_realised || r.reminded))
				tb_info("maintenance: expired %d, closed %d at deadline, %d realised, reminded %d",
				        r.expired, r.closed_deadline, r.closed_realised, r.reminded);
		}
		for (int i = 0; i < s->interval && !stop; i++)
			sleep(1);
	}
	return NULL;
}

static void scheduler_start(struct scheduler *s)
{
	sigset_t all, old;
	/* The thread must not take SIGINT/SIGTERM: the main thread waits for them. */
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	s->started = pthread_create(&s->thread, NULL, scheduler_main, s) == 0;
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (!s->started)
		tb_error("cannot start the maintenance scheduler");
}

/* A test clock variable (docs/testing.md) is set to something. */
static bool test_clock_set(void)
{
	static const char *const vars[] = { "TB_TEST_CLOCK_FILE", "TB_TEST_CLOCK", "TB_TEST_CLOCK_OFFSET" };
	for (size_t i = 0; i < sizeof(vars) / sizeof(vars[0]); i++) {
		const char *v = getenv(vars[i]);
		if (v && *v)
			return true;
	}
	return false;
}

int cmd_serve(int argc, char **argv)
{
	const char *db = cli_opt(argc, argv, "--db", "techbridge.db");
	const char *listen = cli_opt(argc, argv, "--listen", "127.0.0.1:8080");
	const char *web = cli_opt(argc, argv, "--web", "web");
	const char *threads_s = cli_opt(argc, argv, "--threads", "0");
	/* Threads that run writes, apart from the ones that serve reads
	 * (docs/performance.md, "Writes on writer threads"); 0 = none. */
	const char *wthreads_s = cli_opt(argc, argv, "--write-threads", "2");
	const char *reqlim_s = cli_opt(argc, argv, "--request-timeout", "60");
	const char *locality = cli_opt(argc, argv, "--locality", NULL);
	const char *hdrlim_s = cli_opt(argc, argv, "--header-timeout", "10");
	const char *perip_s = cli_opt(argc, argv, "--per-ip-limit", "128");
	const char *maint_s = cli_opt(argc, argv, "--maintain-interval", "60");
	const char *keep_days_s = cli_opt(argc, argv, "--changes-keep-days", "7");
	const char *keep_rows_s = cli_opt(argc, argv, "--changes-keep-rows", "100000");
	struct changefeed *feed = NULL;
	int64_t feed_start = 0, keep_days, keep_rows;
	/* Observability (docs/performance.md): an access log file ("-" = stdout)
	 * and /metrics on a listener of its own. */
	const char *access_log = cli_opt(argc, argv, "--access-log", NULL);
	const char *metrics_listen = cli_opt(argc, argv, "--metrics-listen", NULL);
	const char *metrics_token = getenv("TB_METRICS_TOKEN");
	/* Database connections shared by the request threads (each request holds
	 * one while it runs; tb_db_pool_waits_total counts the waits). */
	const char *pool_s = cli_opt(argc, argv, "--db-pool", "16");
	int64_t pool_n;
	struct http_server *msrv = NULL;
	struct scheduler sched = { 0 };
	int64_t maint;
	/* Per-request memory cap; small values let tests trip it (docs/security.md). */
	const char *arena_s = cli_opt(argc, argv, "--arena-max", "33554432");
	struct http_config cfg = { 0 };
	struct api_app app = { 0 };
	struct http_server *srv = NULL;
	struct docking_settings ds;
	struct store *st;
	struct sigaction sa;
	sigset_t block, waitmask;
	int64_t threads, wthreads, reqlim, hdrlim, perip, arena_max;
	int rc, applied;

	if (!parse_i64(threads_s, &threads) || threads < 0 || threads > 64)
		return cli_usage_error("serve", "--threads must be 0..64");
	if (!parse_i64(wthreads_s, &wthreads) || wthreads < 0 || wthreads > 64)
		return cli_usage_error("serve", "--write-threads must be 0..64");
	if (!parse_i64(reqlim_s, &reqlim) || reqlim < 1 || reqlim > 3600)
		return cli_usage_error("serve", "--request-timeout must be 1..3600 seconds");
	if (!parse_i64(hdrlim_s, &hdrlim) || hdrlim < 1 || hdrlim > 600)
		return cli_usage_error("serve", "--header-timeout must be 1..600 seconds");
	if (!parse_i64(perip_s, &perip) || perip < 1 || perip > 1024)
		return cli_usage_error("serve", "--per-ip-limit must be 1..1024 connections");
	if (!parse_i64(maint_s, &maint) || maint < 0 || maint > 86400)
		return cli_usage_error("serve", "--maintain-interval must be 0 (off)..86400 seconds");
	if (!parse_i64(keep_days_s, &keep_days) || keep_days < 0 || keep_days > 3650)
		return cli_usage_error("serve", "--changes-keep-days must be 0..3650");
	if (!parse_i64(keep_rows_s, &keep_rows) || keep_rows < 1 || keep_rows > 1000000000)
		return cli_usage_error("serve", "--changes-keep-rows must be 1..1000000000");
	sched.keep_days = (int)keep_days;
	sched.keep_rows = keep_rows;
	if ((rc = cli_life_settings("serve", argc, argv, &app.life)) ||
	    (rc = cli_mail_options("serve", argc, argv, &sched.mail)))
		return rc;
	if (!parse_i64(arena_s, &arena_max) || arena_max < 4096 || arena_max > (1LL << 30))
		return cli_usage_error("serve", "--arena-max must be 4096..1073741824 bytes");
	if (!parse_i64(pool_s, &pool_n) || pool_n < 1 || pool_n > 256)
		return cli_usage_error("serve", "--db-pool must be 1..256 connections");
	if (metrics_token && strlen(metrics_token) < 16)
		return cli_usage_error("serve", "TB_METRICS_TOKEN must be at least 16 characters");
	/* The test hash cost makes stolen hashes cheap to crack: a server takes it
	 * only beside a test clock, which no deployment sets (docs/security.md). */
	if (password_cost_is_test() && !test_clock_set())
		return cli_usage_error("serve", "TB_PWHASH=test is for the test suite only: it needs a test clock "
		                                "(TB_TEST_CLOCK_FILE, docs/testing.md)");
	if (password_cost_is_test())
		tb_warn("serve: TB_PWHASH=test: passwords are hashed at the INSECURE test cost");
	api_alloc_init();
	api_routes_init();
	if ((rc = app_open(db, 0, NULL, &st)))
		return fprintf(stderr, "techbridge serve: cannot open %s: %s\n", app_url_shown(db), app_open_error(rc)), CLI_EXIT_FAIL;
	if ((rc = app_migrate(st, &applied))) {
		fprintf(stderr, "techbridge serve: migration failed: %s\n",
		        *app_errmsg(st) ? app_errmsg(st) : tb_strerror(rc));
		app_close(st);
		return CLI_EXIT_FAIL;
	}
	docking_settings_default(&ds);
	if (locality && (!parse_double(locality, &ds.w_locality) || ds.w_locality < 0)) {
		app_close(st);
		return cli_usage_error("serve", "--locality must be a non-negative number");
	}
	/* The change log's position is read before the index is built: a write
	 * committed in between is replayed by the follower (harmless twice),
	 * never missed. */
	if (app_public_version(st, &feed_start) || catalog_index_build(st, &ds, &app.index) != TB_OK)
		app.index = NULL;
	if (app.index && (changefeed_new(db, app.index, feed_start, &feed) || changefeed_start(feed))) {
		changefeed_free(feed);
		catalog_index_free(app.index);
		app_close(st);
		return fprintf(stderr, "techbridge serve: cannot follow the change log\n"), CLI_EXIT_FAIL;
	}

	if ((rc = app_pool_new(db, (int)pool_n, &app.pool))) {
		changefeed_free(feed);
		catalog_index_free(app.index);
		app_close(st);
		return CLI_EXIT_FAIL;
	}
	/* The first request finds an open connection (on PostgreSQL a new
	 * one is a server process: the first /healthz took over 1 s under load). */
	app_pool_adopt(app.pool, st);
	if ((rc = api_cache_new(&app.cache))) {
		app_pool_free(app.pool);
		changefeed_free(feed);
		catalog_index_free(app.index);
		return CLI_EXIT_FAIL;
	}
	app.web_dir = access(web, R_OK) == 0 ? web : NULL;
	app.secure_cookies = cli_flag(argc, argv, "--secure"); /* behind TLS: cookie gets Secure */
	app.metrics_token = metrics_token && *metrics_token ? metrics_token : NULL;
	if (api_log_key_init(&app)) {
		app_pool_free(app.pool);
		catalog_index_free(app.index);
		api_cache_free(app.cache);
		return CLI_EXIT_FAIL;
	}
	cfg.listen = listen;
	cfg.threads = (int)threads;
	cfg.write_threads = (int)wthreads;
	/* the ceiling: an attachment upload (8 MiB of file); api_admit lowers it
	 * to 2 MiB for every other request */
	cfg.max_body = API_MAX_UPLOAD;
	cfg.timeout_s = 30;
	cfg.request_limit_s = (unsigned)reqlim;
	cfg.header_timeout_s = (unsigned)hdrlim;
	cfg.per_ip_limit = (unsigned)perip;
	cfg.admit = api_admit;
	cfg.observe = api_observe;
	cfg.arena_max = (size_t)arena_max;
	/* Blocked before the server's threads exist, so they inherit the block
	 * and only the main thread, in sigsuspend below, takes these signals. */
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &block, &waitmask);
	sigdelset(&waitmask, SIGINT);
	sigdelset(&waitmask, SIGTERM);
	/* After the signal mask: the log's writer thread inherits the block. */
	if (access_log && linelog_open(access_log, 0, &app.access_log))
		rc = TB_EIO;
	else
		rc = http_server_start(&cfg, api_handle, &app, &srv);
	if (!rc && metrics_listen) {
		struct http_config mcfg = cfg;
		mcfg.listen = metrics_listen;
		mcfg.threads = 2; /* 1 makes MHD warn that the pool is not used */
		mcfg.admit = NULL;
		mcfg.max_body = 1024;
		rc = http_server_start(&mcfg, api_metrics_handle, &app, &msrv);
	}
	if (rc) {
		http_server_stop(srv);
		linelog_close(app.access_log);
		app_pool_free(app.pool);
		changefeed_free(feed);
		catalog_index_free(app.index);
		api_cache_free(app.cache);
		return CLI_EXIT_FAIL;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	{
		char host[64];
		const char *colon = strrchr(listen, ':');
		snprintf(host, sizeof(host), "%.*s", (int)(colon - listen), listen);
		printf("techbridge listening on http://%s:%u\n", host, http_server_port(srv));
		if (msrv) {
			colon = strrchr(metrics_listen, ':');
			snprintf(host, sizeof(host), "%.*s", (int)(colon - metrics_listen), metrics_listen);
			printf("techbridge metrics on http://%s:%u/metrics\n", host, http_server_port(msrv));
		}
		fflush(stdout);
	}
	if (maint > 0) {
		char host[64] = "";
		gethostname(host, sizeof(host) - 1);
		sched.app = &app;
		sched.interval = (int)maint;
		snprintf(sched.holder, sizeof(sched.holder), "serve:%s:%ld", host, (long)getpid());
		scheduler_start(&sched);
	}
	/* Race-free wait: SIGINT/SIGTERM stay blocked except inside sigsuspend.
	 * With pause() a signal delivered to one of the server's threads (they
	 * inherit the handler) set `stop` but never woke the main thread, and the
	 * server hung on SIGTERM; a signal just before pause() was lost too. */
	while (!stop)
		sigsuspend(&waitmask);
	tb_info("shutting down");
	if (sched.started)
		pthread_join(sched.thread, NULL);
	http_server_stop(msrv);
	http_server_stop(srv);
	/* After the servers: every answered request's line is in the ring. */
	linelog_close(app.access_log);
	app_pool_free(app.pool);
	changefeed_free(feed);
	catalog_index_free(app.index);
	api_cache_free(app.cache);
	return CLI_EXIT_OK;
}

/* cmd_serve.c - `techbridge serve`: migrate, load the match index, serve
 * the API and web UI until SIGINT/SIGTERM. Prints the bound address on stdout
 * (tests start it on port 0 and read the line). */
#include "cli/cli.h"
#include "api/api.h"
#include "core/log.h"
#include "core/util.h"
#include "domain/docking.h"
#include "store/store.h"
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int cmd_serve(int argc, char **argv);
int cmd_serve(int argc, char **argv)
{
	const char *db = cli_opt(argc, argv, "--db", "techbridge.db");
	const char *listen = cli_opt(argc, argv, "--listen", "127.0.0.1:8080");
	const char *web = cli_opt(argc, argv, "--web", "web");
	const char *threads_s = cli_opt(argc, argv, "--threads", "0");
	const char *reqlim_s = cli_opt(argc, argv, "--request-timeout", "60");
	const char *locality = cli_opt(argc, argv, "--locality", NULL);
	struct http_config cfg = { 0 };
	struct api_app app = { 0 };
	struct http_server *srv = NULL;
	struct docking_settings ds;
	struct store *st;
	sigset_t stop_set;
	int64_t threads, reqlim;
	int rc, applied, sig;

	if (!parse_i64(threads_s, &threads) || threads < 0 || threads > 64)
		return cli_usage_error("serve", "--threads must be 0..64");
	if (!parse_i64(reqlim_s, &reqlim) || reqlim < 1 || reqlim > 3600)
		return cli_usage_error("serve", "--request-timeout must be 1..3600 seconds");
	if ((rc = store_open(db, &st)))
		return fprintf(stderr, "techbridge serve: cannot open %s: %s\n", db, tb_strerror(rc)), CLI_EXIT_FAIL;
	if ((rc = store_migrate(st, &applied))) {
		store_close(st);
		return fprintf(stderr, "techbridge serve: migration failed: %s\n", tb_strerror(rc)), CLI_EXIT_FAIL;
	}
	docking_settings_default(&ds);
	if (locality && (!parse_double(locality, &ds.w_locality) || ds.w_locality < 0)) {
		store_close(st);
		return cli_usage_error("serve", "--locality must be a non-negative number");
	}
	if (catalog_index_build(st, &ds, &app.index) != TB_OK)
		app.index = NULL;
	store_close(st);

	if ((rc = store_pool_new(db, 16, &app.pool)))
		return CLI_EXIT_FAIL;
	app.web_dir = access(web, R_OK) == 0 ? web : NULL;
	app.secure_cookies = cli_flag(argc, argv, "--secure"); /* behind TLS: cookie gets Secure */
	cfg.listen = listen;
	cfg.threads = (int)threads;
	cfg.max_body = 2u << 20;
	cfg.timeout_s = 30;
	cfg.request_limit_s = (unsigned)reqlim;
	/* SIGINT/SIGTERM are blocked before the server's threads exist (they
	 * inherit the mask) and taken with sigwait below. A flag set by a handler
	 * and a `while (!stop) pause()` loop can miss a signal that lands between
	 * the test and the pause, and then the server never exits (a test run
	 * hung on exactly that). */
	sigemptyset(&stop_set);
	sigaddset(&stop_set, SIGINT);
	sigaddset(&stop_set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &stop_set, NULL);
	signal(SIGPIPE, SIG_IGN);
	if ((rc = http_server_start(&cfg, api_handle, &app, &srv))) {
		store_pool_free(app.pool);
		catalog_index_free(app.index);
		return CLI_EXIT_FAIL;
	}
	{
		char host[64];
		const char *colon = strrchr(listen, ':');
		snprintf(host, sizeof(host), "%.*s", (int)(colon - listen), listen);
		printf("techbridge listening on http://%s:%u\n", host, http_server_port(srv));
		fflush(stdout);
	}
	while (sigwait(&stop_set, &sig) != 0)
		;
	tb_info("shutting down on signal %d", sig);
	http_server_stop(srv);
	store_pool_free(app.pool);
	catalog_index_free(app.index);
	return CLI_EXIT_OK;
}

/* mhd_hello.c - the load benchmark's ceiling: a bare libmicrohttpd server that
 * answers every request with a 27-byte JSON body, started with the same
 * settings as techbridge's server (src/http/server.c): epoll internal thread,
 * a thread pool of one thread per core, and the two-call handler pattern
 * (answering on the first call makes libmicrohttpd 0.9.75 close the
 * connection). scripts/load-bench.sh runs wrk against it and against
 * techbridge in the same run, and reports each endpoint as a ratio to it, so
 * that figures from machines of different speed compare.
 * Usage: mhd_hello PORT  (prints "listening PORT", runs until SIGINT/SIGTERM) */
#include <microhttpd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static volatile sig_atomic_t stop;
static void on_signal(int sig) { (void)sig; stop = 1; }

static const char body[] = "{\"status\":\"ok\",\"db\":\"ok\"}\n";

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version, const char *upload,
                                  size_t *upload_size, void **state)
{
	static int first_call_marker;
	struct MHD_Response *r;
	enum MHD_Result ret;

	(void)cls; (void)url; (void)method; (void)version; (void)upload;
	/* Two-call pattern, as techbridge does: nothing is queued on the first call. */
	if (!*state) {
		*state = &first_call_marker;
		return MHD_YES;
	}
	if (*upload_size) {
		*upload_size = 0;
		return MHD_YES;
	}
	r = MHD_create_response_from_buffer(sizeof(body) - 1, (void *)body, MHD_RESPMEM_PERSISTENT);
	if (!r)
		return MHD_NO;
	MHD_add_response_header(r, "Content-Type", "application/json");
	ret = MHD_queue_response(conn, MHD_HTTP_OK, r);
	MHD_destroy_response(r);
	return ret;
}

int main(int argc, char **argv)
{
	struct MHD_Daemon *d;
	struct sigaction sa;
	long threads = sysconf(_SC_NPROCESSORS_ONLN);
	int port = argc > 1 ? (int)strtol(argv[1], NULL, 10) : 0;
	const union MHD_DaemonInfo *di;

	if (port < 0 || port > 65535) {
		fprintf(stderr, "usage: mhd_hello PORT\n");
		return 2;
	}
	if (threads < 1)
		threads = 1;
	d = MHD_start_daemon(MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ERROR_LOG, (uint16_t)port, NULL,
	                     NULL, on_request, NULL,
	                     MHD_OPTION_THREAD_POOL_SIZE, (unsigned)threads,
	                     MHD_OPTION_CONNECTION_TIMEOUT, 30u,
	                     MHD_OPTION_CONNECTION_LIMIT, 1024u,
	                     MHD_OPTION_END);
	if (!d) {
		fprintf(stderr, "mhd_hello: cannot listen on port %d\n", port);
		return 1;
	}
	di = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	printf("listening %u\n", di ? di->port : 0);
	fflush(stdout);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	while (!stop)
		pause();
	MHD_stop_daemon(d);
	return 0;
}

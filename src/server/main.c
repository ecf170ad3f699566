/* main.c - entry point: argv[1] through the command table (cli/), with the
 * server's commands (server/: serve, routes) handed in beside it. */
#include "server/server.h"

const struct cli_command server_commands[] = {
	{ "serve", "--db PATH --listen HOST:PORT [--web DIR] [--threads N] [--locality W] [--secure] [--request-timeout S] [--header-timeout S] [--per-ip-limit N] [--arena-max BYTES] [--maintain-interval S] [--changes-keep-days N] [--changes-keep-rows N] [--validity-days N] [--remind-days N] [--smtp URL --mail-from ADDR --public-url URL] [--db-pool N] [--write-threads N] [--access-log FILE|-] [--metrics-listen HOST:PORT] (env TB_METRICS_TOKEN)", "serve the API and web UI", cmd_serve },
	{ "routes", "[--json]", "the API's routes (method, pattern) from the router's tables", cmd_routes },
	{ NULL, NULL, NULL, NULL },
};

int main(int argc, char **argv)
{
	return cli_main(argc, argv, server_commands);
}

/* server.h - the program's top: the commands that start or describe the API
 * server (serve, routes). They sit above both the command line (cli/) and
 * the API (api/): cli never includes api, and the entry point (main.c) hands
 * these commands to the command table (cli_main's `more`). */
#ifndef TB_SERVER_H
#define TB_SERVER_H

#include "cli/cli.h"

/* The server's commands, NULL-name terminated, for cli_main. */
extern const struct cli_command server_commands[];

int cmd_serve(int argc, char **argv);
int cmd_routes(int argc, char **argv);

#endif

/* cli.h - the command table (tmux style: one file per command, one table).
 * Exit codes: 0 ok, 1 runtime failure, 2 bad usage or bad input. */
#ifndef TB_CLI_H
#define TB_CLI_H

struct cli_command {
	const char *name;
	const char *usage;     /* one line: arguments */
	const char *summary;   /* one line: what it does */
	int (*run)(int argc, char **argv); /* argv[0] is the command name */
};

extern const struct cli_command cli_commands[];
int cli_main(int argc, char **argv);

/* Shared option helpers: "--key value" or "--key=value". */
const char *cli_opt(int argc, char **argv, const char *key, const char *dflt);
int cli_flag(int argc, char **argv, const char *key);
int cli_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#define CLI_EXIT_OK 0
#define CLI_EXIT_FAIL 1
#define CLI_EXIT_USAGE 2

#endif

/* cli.h - the command table (tmux style: one file per command, one table).
 * Exit codes: 0 ok, 1 runtime failure, 2 bad usage or bad input. */
#ifndef TB_CLI_H
#define TB_CLI_H

#include "core/err.h"
#include <stddef.h>

struct cli_command {
	const char *name;
	const char *usage;     /* one line: arguments */
	const char *summary;   /* one line: what it does */
	int (*run)(int argc, char **argv); /* argv[0] is the command name */
};

extern const struct cli_command cli_commands[];
/* Runs argv[1] from cli_commands or from `more` (NULL-name terminated; the
 * program's own commands above cli, such as the server's; may be NULL). */
int cli_main(int argc, char **argv, const struct cli_command *more);

/* Shared option helpers: "--key value" or "--key=value". */
const char *cli_opt(int argc, char **argv, const char *key, const char *dflt);
int cli_flag(int argc, char **argv, const char *key);
int cli_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A validation error on stderr in the CLI's language (--lang, else LANG):
 * "field: message" / "<label>：<message>", the API's sentence (core/errmsg.c). */
void cli_field_error(const struct tb_field_error *fe);
enum tb_lang cli_lang(void);
/* 0 when url names an existing SQLite file (or another backend's URL);
 * otherwise prints "techbridge CMD: cannot open URL: no such file" and
 * returns CLI_EXIT_FAIL. Opening a missing file would create an empty
 * database: commands that only read one must not. */
int cli_require_db(const char *cmd, const char *url);
/* Opens --db (migrating it) for a command: usage (2) without one, 1 with
 * "techbridge CMD: cannot open URL: why" when it does not open. */
struct store;
struct arena;
int cli_open_db(const char *cmd, const char *db, struct store **st);
/* argv[1]'s entry in a sub-command table (n entries of `size` bytes, each
 * beginning with its name), or NULL when it is missing or unknown. */
const void *cli_sub_find(int argc, char **argv, const void *table, size_t n, size_t size);
/* A sub-command that works on the database in an arena. */
struct cli_sub {
	const char *name;
	int (*fn)(int argc, char **argv, struct store *st, struct arena *a);
};
/* Runs argv[1] of subs: usage (2) when it is missing or unknown, the
 * database opened by cli_open_db, an arena of arena_cap bytes. */
int cli_run_sub(const char *cmd, int argc, char **argv, const struct cli_sub *subs, size_t n,
                const char *usage, size_t arena_cap);
/* Prints o as indented JSON with sorted keys (the --json output of every
 * command) and frees it; CLI_EXIT_FAIL with "techbridge CMD: out of memory"
 * when it cannot be written out. */
struct json_t;
int cli_print_json(const char *cmd, struct json_t *o);

/* The commands (one file each, cmd_<name>.c), in the order of the table. */
int cmd_migrate(int argc, char **argv);
int cmd_backup(int argc, char **argv);
/* == import / export / demo == */
int cmd_import(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_demo(int argc, char **argv);
/* == match == */
int cmd_match(int argc, char **argv);
/* == accounts == */
int cmd_user(int argc, char **argv);
int cmd_org(int argc, char **argv);
int cmd_admin_init(int argc, char **argv);
int cmd_token(int argc, char **argv);
int cmd_demo_users(int argc, char **argv);
/* == instruments == */
int cmd_instrument(int argc, char **argv);
int cmd_booking(int argc, char **argv);
int cmd_statement(int argc, char **argv);
/* == contracts and stats == */
int cmd_contract(int argc, char **argv);
int cmd_stats(int argc, char **argv);

/* == revisions of public listings == */
int cmd_revision(int argc, char **argv);
/* == brokers, cases, feedback == */
int cmd_broker(int argc, char **argv);

/* == challenges (揭榜挂帅) == */
int cmd_challenge(int argc, char **argv);
/* == enterprise tiers == */
int cmd_tier(int argc, char **argv);
int cmd_platform(int argc, char **argv);
/* == alliances and service agencies (issue #15) == */
int cmd_alliance(int argc, char **argv);
int cmd_agency(int argc, char **argv);
/* == events and contact requests (issue #14) == */
int cmd_event(int argc, char **argv);
int cmd_contact(int argc, char **argv);

/* == release: listing life cycle (issue #16) == */
int cmd_maintain(int argc, char **argv);
int cmd_subscription(int argc, char **argv);
int cmd_listing(int argc, char **argv);   /* achievement|demand ACTION ID (cmd_listing.c) */
int cmd_review(int argc, char **argv);    /* review batch (cmd_review.c) */
int cmd_attachment(int argc, char **argv);
int cmd_favourite(int argc, char **argv);
int cmd_audit(int argc, char **argv);
int cmd_bulletin(int argc, char **argv);
struct life_settings;
/* --validity-days, --remind-days into ls (defaults otherwise); exit code on a bad value. */
int cli_life_settings(const char *cmd, int argc, char **argv, struct life_settings *ls);
/* E-mail digest options and the step run under the maintenance lease (cli/mail.c). */
#include "domain/digest.h"
struct cli_mail {
	const char *smtp, *from, *public_url;
	struct digest_report last;
};
int cli_mail_options(const char *cmd, int argc, char **argv, struct cli_mail *m);
int cli_mail_digest(struct store *st, int64_t now, void *ctx); /* a life_then_fn */

/* An indicators table as aligned text, csv or json (cmd_stats.c; used by
 * stats and contract). */
struct ind_table;
int cli_print_table(const struct ind_table *t, const char *format);

#include <stdbool.h>
#include <stdint.h>
struct store;
struct arena;
/* One status change of a listing as the operator (cmd_listing.c): the
 * expected status (NULL: the one read), the validity on publication, the
 * audit row as role "cli", subscribers alerted when it becomes published.
 * *status gets the new status. Used by `achievement|demand ACTION` and
 * `review batch`. */
int cli_listing_decide(struct store *st, struct arena *a, bool is_ach, int64_t id,
                       const char *action, const char *reason, const char *seen,
                       const struct life_settings *ls, const char **status,
                       struct tb_field_error *fe);

#define CLI_EXIT_OK 0
#define CLI_EXIT_FAIL 1
#define CLI_EXIT_USAGE 2

#endif

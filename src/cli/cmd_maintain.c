/* cmd_maintain.c - `techbridge maintain`: one pass of the listing life cycle
 * (issue #16: validity, reminders, expiry, demands closing at their deadline
 * or when a contract realises them) for cron, under the same database lease
 * as the scheduler inside `techbridge serve`, so the two never run at once.
 * Also the life-cycle options shared with serve (cli_life_settings). */
#include "cli/cli.h"
#include "core/err.h"
#include "core/util.h"
#include "domain/app.h"
#include "domain/lifecycle.h"
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int cli_life_settings(const char *cmd, int argc, char **argv, struct life_settings *ls)
{
	const char *v = cli_opt(argc, argv, "--validity-days", NULL);
	const char *r = cli_opt(argc, argv, "--remind-days", NULL);
	int64_t n;
	life_settings_default(ls);
	if (v) {
		if (!parse_i64(v, &n) || n < 1 || n > 3650)
			return cli_usage_error(cmd, "--validity-days must be 1..3650");
		ls->validity_days = (int)n;
	}
	if (r) {
		if (!parse_i64(r, &n) || n < 0 || n >= ls->validity_days)
			return cli_usage_error(cmd, "--remind-days must be 0..validity-days - 1");
		ls->remind_days = (int)n;
	}
	return CLI_EXIT_OK;
}

int cmd_maintain(int argc, char **argv)
{
	const char *db = cli_opt(argc, argv, "--db", "techbridge.db");
	struct life_settings ls;
	struct life_report r;
	struct cli_mail mail;
	struct store *st;
	char holder[96], host[64] = "";
	int rc, applied, ran = 0;

	if ((rc = cli_life_settings("maintain", argc, argv, &ls)) ||
	    (rc = cli_mail_options("maintain", argc, argv, &mail)))
		return rc;
	if ((rc = app_open(db, 0, NULL, &st)))
		return fprintf(stderr, "techbridge maintain: cannot open %s: %s\n", app_url_shown(db), app_open_error(rc)),
		       CLI_EXIT_FAIL;
	gethostname(host, sizeof(host) - 1);
	snprintf(holder, sizeof(holder), "maintain:%s:%ld", host, (long)getpid());
	if (!(rc = app_migrate(st, &applied)))
		rc = lifecycle_maintain(st, NULL, &ls, holder, now_unix(), cli_mail_digest, &mail, &ran,
		                        &r);
	app_close(st);
	if (rc)
		return fprintf(stderr, "techbridge maintain: %s\n", tb_strerror(rc)), CLI_EXIT_FAIL;
	if (!ran) {
		/* Not an error for cron: the node holding the lease is doing the work. */
		printf("maintenance is running elsewhere (lease held); nothing done\n");
		return CLI_EXIT_OK;
	}
	if (cli_flag(argc, argv, "--json"))
		printf("{\"assigned\":%d,\"reminded\":%d,\"expired\":%d,\"closed_deadline\":%d,"
		       "\"closed_realised\":%d,\"skipped\":%d,\"bulletins\":%d,\"mail_sent\":%d,"
		       "\"mail_failed\":%d}\n",
		       r.assigned, r.reminded, r.expired, r.closed_deadline, r.closed_realised, r.skipped,
		       r.bulletins, mail.last.sent, mail.last.failed);
	else
		printf("validity set %d, reminded %d, expired %d, demands closed at deadline %d, "
		       "realised by contract %d, skipped %d; bulletins made %d; digests sent %d, "
		       "failed %d\n", r.assigned, r.reminded, r.expired, r.closed_deadline,
		       r.closed_realised, r.skipped, r.bulletins, mail.last.sent, mail.last.failed);
	return CLI_EXIT_OK;
}

/* cmd_backup.c - `techbridge backup --db PATH --to FILE`: an online copy of
 * a SQLite database that a server may be using right now (the backup API;
 * docs/deploy.md, "Backups"). The file appears whole or not at all. */
#include "cli/cli.h"
#include "core/err.h"
#include "domain/app.h"
#include <stdio.h>

int cmd_backup(int argc, char **argv)
{
	const char *db = cli_opt(argc, argv, "--db", "techbridge.db");
	const char *to = cli_opt(argc, argv, "--to", NULL);
	struct store *st;
	int rc;

	if (!to || !*to)
		return cli_usage_error("backup", "--to FILE is required");
	if ((rc = cli_require_db("backup", db)))
		return rc;
	if ((rc = app_open(db, 0, NULL, &st)))
		return fprintf(stderr, "techbridge backup: cannot open %s: %s\n", db, tb_strerror(rc)), CLI_EXIT_FAIL;
	rc = app_backup(st, to);
	app_close(st);
	if (rc == TB_EINVAL)
		return fprintf(stderr, "techbridge backup: %s is not a SQLite database; use the database's own "
		               "backup tools (docs/deploy.md)\n", db), CLI_EXIT_FAIL;
	if (rc)
		return fprintf(stderr, "techbridge backup: cannot write %s: %s\n", to, tb_strerror(rc)), CLI_EXIT_FAIL;
	printf("backup written to %s\n", to);
	return CLI_EXIT_OK;
}

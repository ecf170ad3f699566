/* cmd_migrate.c - `techbridge migrate --db PATH`: apply pending schema migrations. */
#include "cli/cli.h"
#include "core/err.h"
#include "domain/app.h"
#include <stdio.h>

int cmd_migrate(int argc, char **argv)
{
	const char *db = cli_opt(argc, argv, "--db", "techbridge.db");
	struct store *st;
	int rc, applied = 0, version = 0;

	if ((rc = app_open(db, 0, NULL, &st)))
		return fprintf(stderr, "techbridge migrate: cannot open %s: %s\n", app_url_shown(db), app_open_error(rc)), CLI_EXIT_FAIL;
	rc = app_migrate(st, &applied);
	if (rc) {
		/* The cause in one line: the database's own message. */
		fprintf(stderr, "techbridge migrate: migration failed: %s\n",
		        *app_errmsg(st) ? app_errmsg(st) : tb_strerror(rc));
		app_close(st);
		return CLI_EXIT_FAIL;
	}
	rc = app_schema_version(st, &version);
	app_close(st);
	if (rc)
		return fprintf(stderr, "techbridge migrate: %s\n", tb_strerror(rc)), CLI_EXIT_FAIL;
	printf("schema version %d (%d migration%s applied)\n", version, applied, applied == 1 ? "" : "s");
	return CLI_EXIT_OK;
}

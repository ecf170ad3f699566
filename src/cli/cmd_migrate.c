/* cmd_migrate.c - `techbridge migrate --db PATH`: apply pending schema
 * migrations; `techbridge migrate --from URL --to URL`: copy a whole
 * database into a new one, e.g. a province's SQLite file into PostgreSQL
 * (issue #12; domain/dbcopy.h, docs/deploy.md). */
#include "cli/cli.h"
#include "core/err.h"
#include "domain/app.h"
#include "domain/dbcopy.h"
#include <stdio.h>

static int copy_database(const char *from, const char *to)
{
	struct dbcopy_report r;
	char err[512] = "";
	if (dbcopy_run(from, to, &r, err, sizeof(err)))
		return fprintf(stderr, "techbridge migrate: %s\n", err), CLI_EXIT_FAIL;
	printf("copied %d tables, %lld rows at schema version %d from %s to %s\n", r.tables,
	       (long long)r.rows, r.version, from, to);
	return CLI_EXIT_OK;
}

int cmd_migrate(int argc, char **argv)
{
	const char *db = cli_opt(argc, argv, "--db", "techbridge.db");
	const char *from = cli_opt(argc, argv, "--from", NULL);
	const char *to = cli_opt(argc, argv, "--to", NULL);
	struct store *st;
	int rc, applied = 0, version = 0;

	if (from || to) {
		if (!from || !to || !*from || !*to)
			return cli_usage_error("migrate", "--from URL and --to URL go together");
		if ((rc = cli_require_db("migrate", from)))
			return rc;
		return copy_database(from, to);
	}
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

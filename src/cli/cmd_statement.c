/* cmd_statement.c - `techbridge statement --org ID --month YYYY-MM`: the
 * monthly instrument-usage statement of one organisation as CSV on stdout
 * (the same CSV as GET /api/statements.csv). */
#include "cli/cli.h"
#include "core/buf.h"
#include "core/err.h"
#include "core/util.h"
#include "domain/booking.h"
#include "domain/app.h"
#include <stdio.h>

int cmd_statement(int argc, char **argv)
{
	const char *db = cli_opt(argc, argv, "--db", "techbridge.db");
	const char *org_s = cli_opt(argc, argv, "--org", NULL);
	const char *month = cli_opt(argc, argv, "--month", NULL);
	struct tb_field_error fe = { { 0 }, { 0 } };
	struct buf out = BUF_INIT(256u << 20);
	struct store *st;
	struct arena a;
	int64_t org;
	int rc, applied;

	if (!org_s || !parse_i64(org_s, &org) || !month)
		return cli_usage_error("statement", "usage: statement --org ID --month YYYY-MM [--db PATH]");
	if ((rc = app_open(db, 0, NULL, &st)))
		return fprintf(stderr, "techbridge statement: cannot open %s: %s\n", app_url_shown(db), app_open_error(rc)),
		       CLI_EXIT_FAIL;
	if ((rc = app_migrate(st, &applied))) {
		app_close(st);
		return fprintf(stderr, "techbridge statement: %s\n", tb_strerror(rc)), CLI_EXIT_FAIL;
	}
	arena_init(&a, 256u << 20);
	rc = booking_statement_csv(st, &a, org, month, &out, &fe);
	arena_release(&a);
	app_close(st);
	if (rc) {
		buf_release(&out);
		if (fe.field[0])
			return fprintf(stderr, "%s: %s\n", fe.field, fe.message), CLI_EXIT_USAGE;
		return fprintf(stderr, "techbridge statement: %s\n", tb_strerror(rc)), CLI_EXIT_FAIL;
	}
	fwrite(out.ptr, 1, out.len, stdout);
	buf_release(&out);
	return CLI_EXIT_OK;
}

/* cmd_audit.c - `techbridge audit export`: the audit log as CSV, the same
 * filters, validation messages and columns as GET /api/audit.csv (the row
 * writer is the domain's audit_csv_row), streamed to stdout or --out. */
#include "cli/cli.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "core/util.h"
#include "domain/account_ops.h"
#include "domain/app.h"
#include <stdio.h>
#include <string.h>

struct sink { struct buf b; FILE *fp; };

/* Flushes the buffer to the file every row, so the cap is one row, not the log. */
static int row(void *ctx, const struct audit_entry *e)
{
	struct sink *k = ctx;
	int rc = audit_csv_row(&k->b, e);
	if (!rc && k->b.len && fwrite(k->b.ptr, 1, k->b.len, k->fp) != k->b.len)
		rc = TB_EIO;
	buf_reset(&k->b);
	return rc;
}

int cmd_audit(int argc, char **argv)
{
	const char *db = cli_opt(argc, argv, "--db", NULL), *out = cli_opt(argc, argv, "--out", NULL);
	const char *user = cli_opt(argc, argv, "--user", NULL);
	struct tb_field_error fe = { { 0 }, { 0 } };
	struct audit_query q;
	struct sink k = { BUF_INIT(1u << 20), stdout };
	struct store *st = NULL;
	int rc, ex = CLI_EXIT_OK;

	if (argc < 2 || strcmp(argv[1], "export"))
		return cli_usage_error("audit", "export --db PATH [--user ID] [--action A] [--resource R] "
		                                "[--outcome O] [--since D] [--until D] [--out FILE]");
	if (!db)
		return cli_usage_error("audit", "--db PATH is required");
	memset(&q, 0, sizeof(q));
	if (user && (!parse_i64(user, &q.user_id) || q.user_id <= 0))
		return fprintf(stderr, "user: must be a user id\n"), CLI_EXIT_USAGE;
	q.action = cli_opt(argc, argv, "--action", NULL);
	q.resource = cli_opt(argc, argv, "--resource", NULL);
	q.outcome = cli_opt(argc, argv, "--outcome", NULL);
	q.since = cli_opt(argc, argv, "--since", NULL);
	q.until = cli_opt(argc, argv, "--until", NULL);
	if (audit_query_check(&q, &fe))
		return fprintf(stderr, "%s: %s\n", fe.field, fe.message), CLI_EXIT_USAGE;
	if ((rc = app_open(db, 0, NULL, &st)))
		return fprintf(stderr, "techbridge audit: cannot open %s: %s\n", db, tb_strerror(rc)),
		       CLI_EXIT_FAIL;
	if (out && !(k.fp = fopen(out, "w"))) {
		fprintf(stderr, "techbridge audit: cannot write %s\n", out);
		ex = CLI_EXIT_FAIL;
		goto out;
	}
	fputs(AUDIT_CSV_HEADER, k.fp);
	if ((rc = audit_each(st, &q, row, &k))) {
		fprintf(stderr, "techbridge audit: %s\n", tb_strerror(rc));
		ex = CLI_EXIT_FAIL;
	}
	if (k.fp != stdout && fclose(k.fp)) {
		fprintf(stderr, "techbridge audit: cannot write %s\n", out);
		ex = CLI_EXIT_FAIL;
	}
out:
	buf_release(&k.b);
	app_close(st);
	return ex;
}

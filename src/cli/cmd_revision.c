/* cmd_revision.c - `techbridge revision list|accept|reject`: the reviewer's
 * side of pending revisions of public listings (domain/revision.h) from the
 * command line, with the same transaction and validation as
 * POST /api/{achievements,demands}/{id}/revision/accept|reject. Each decision
 * is written to the audit log as role "cli". A running server's search index
 * sees an accepted revision after its next restart (as with `import`). */
#include "cli/cli.h"
#include "core/arena.h"
#include "core/err.h"
#include "core/util.h"
#include "domain/revision.h"
#include "domain/app.h"
#include "domain/account_ops.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int cmd_revision(int argc, char **argv);

static int rev_list(int argc, char **argv, struct store *st, struct arena *a)
{
	const char *status = cli_opt(argc, argv, "--status", "pending");
	struct revision *rows;
	int n, rc;
	if (strcmp(status, "pending") && strcmp(status, "accepted") && strcmp(status, "rejected") &&
	    strcmp(status, "any"))
		return fprintf(stderr, "status: must be pending, accepted, rejected or any\n"), CLI_EXIT_USAGE;
	if ((rc = revision_queue(st, a, strcmp(status, "any") ? status : NULL, 10000, &rows, &n)))
		return fprintf(stderr, "techbridge revision list: %s\n", tb_strerror(rc)), CLI_EXIT_FAIL;
	for (int i = 0; i < n; i++) {
		const struct revision *r = &rows[i];
		const char *title = r->is_ach ? (r->ach.title_zh ? r->ach.title_zh : r->ach.title_en)
		                              : (r->dem.title_zh ? r->dem.title_zh : r->dem.title_en);
		printf("%lld\t%s\t%lld\t%s\t%s\t%s\n", (long long)r->id, r->is_ach ? "achievement" : "demand",
		       (long long)r->item_id, r->status, r->created_at ? r->created_at : "-",
		       title ? title : "-");
	}
	return CLI_EXIT_OK;
}

static int rev_decide(int argc, char **argv, struct store *st, struct arena *a, bool accept)
{
	struct tb_field_error fe = { 0 };
	const char *kind = cli_opt(argc, argv, "--kind", NULL);
	const char *ids = cli_opt(argc, argv, "--id", NULL);
	const char *reason = cli_opt(argc, argv, "--reason", NULL);
	struct audit_entry e = { 0 };
	struct revision r;
	const char *who = getenv("USER");
	char detail[64];
	int64_t id;
	bool is_ach;
	int rc;

	if (!kind || (strcmp(kind, "achievement") && strcmp(kind, "demand")))
		return fprintf(stderr, "kind: must be achievement or demand\n"), CLI_EXIT_USAGE;
	if (!ids || !parse_i64(ids, &id) || id <= 0)
		return fprintf(stderr, "id: must be the item's id\n"), CLI_EXIT_USAGE;
	is_ach = !strcmp(kind, "achievement");
	rc = accept ? revision_accept(st, a, is_ach, id, 0, &r, &fe)
	            : revision_reject(st, a, is_ach, id, 0, reason, &r, &fe);
	if (rc) {
		if (fe.field[0])
			cli_field_error(&fe);
		else
			fprintf(stderr, "techbridge revision: %s\n", tb_strerror(rc));
		return rc == TB_EINVAL || rc == TB_ENOTFOUND ? CLI_EXIT_USAGE : CLI_EXIT_FAIL;
	}
	snprintf(detail, sizeof(detail), "revision %lld", (long long)r.id);
	e.email = who ? who : "cli";
	e.role = "cli";
	e.action = accept ? "revision_accept" : "revision_reject";
	e.resource = kind;
	e.resource_id = id;
	e.outcome = "ok";
	e.client_ip = "local";
	e.detail = detail;
	if ((rc = audit_append(st, &e)))
		return fprintf(stderr, "techbridge revision: audit: %s\n", tb_strerror(rc)), CLI_EXIT_FAIL;
	printf("revision %lld of %s %lld %s\n", (long long)r.id, kind, (long long)id,
	       accept ? "accepted" : "rejected");
	return CLI_EXIT_OK;
}

int cmd_revision(int argc, char **argv)
{
	const char *db = cli_opt(argc, argv, "--db", NULL);
	struct store *st;
	struct arena a;
	int rc, applied;
	if (argc < 2 || (strcmp(argv[1], "list") && strcmp(argv[1], "accept") && strcmp(argv[1], "reject")))
		return cli_usage_error("revision", "list|accept|reject --db PATH [--kind K --id N] [--reason R]");
	if (!db)
		return cli_usage_error("revision", "--db PATH is required");
	if ((rc = app_open(db, 0, NULL, &st)))
		return fprintf(stderr, "techbridge revision: cannot open %s: %s\n", app_url_shown(db), app_open_error(rc)),
		       CLI_EXIT_FAIL;
	if ((rc = app_migrate(st, &applied))) {
		app_close(st);
		return fprintf(stderr, "techbridge revision: migration failed\n"), CLI_EXIT_FAIL;
	}
	arena_init(&a, 64 << 20);
	if (!strcmp(argv[1], "list"))
		rc = rev_list(argc, argv, st, &a);
	else
		rc = rev_decide(argc, argv, st, &a, !strcmp(argv[1], "accept"));
	arena_release(&a);
	app_close(st);
	return rc;
}

/* cmd_attachment.c - `techbridge attachment add|list|get|remove`: files on
 * achievements, demands, challenges and docking cases from the command line
 * (issue #18, CLI parity with /api/{achievements,demands,challenges,cases}/
 * {id}/attachments and /api/attachments/{id}).
 * The file goes through the same domain writer as an upload (domain/
 * attachment.h): its type is identified from its bytes, never from its name
 * or --type, with the same size cap, per-listing count and messages (exit 2
 * naming the field). --json prints the API's objects. The operator acts as
 * role "cli" in the audit log, or as the account named by --as EMAIL. */
#include "api/present.h"
#include "cli/cli.h"
#include "core/arena.h"
#include "core/err.h"
#include "core/util.h"
#include "domain/account_ops.h"
#include "domain/app.h"
#include "domain/attachment.h"
#include "domain/brokerage.h"
#include "domain/catalog_ops.h"
#include "domain/challenge.h"
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CMD "attachment"
#define USAGE "add --kind K --id N FILE [--name NAME] [--type MIME] | list --kind K --id N | " \
	"get ID --out FILE | remove ID (K: achievement|demand|challenge|case) " \
	"--db PATH [--as EMAIL] [--json]"

static int fail(int rc, const struct tb_field_error *fe)
{
	if (fe && fe->field[0])
		cli_field_error(fe);
	else
		fprintf(stderr, "techbridge " CMD ": %s\n", tb_strerror(rc));
	/* The caller's to fix (bad file, unknown id, full listing): 2; the rest: 1. */
	return rc == TB_EINVAL || rc == TB_ENOTFOUND || rc == TB_ECONFLICT || rc == TB_ETYPE ||
	       rc == TB_ETOOBIG || rc == TB_ESTATE ? CLI_EXIT_USAGE : CLI_EXIT_FAIL;
}

/* --kind and --id: the item, which must exist (as the API's 404); the
 * operator sees every item, drafts included. */
static int item_arg(int argc, char **argv, struct store *st, struct arena *a, const char **kind,
                    int64_t *id)
{
	const char *v = cli_opt(argc, argv, "--id", NULL);
	struct ch_actor bureau = { 0, 0, "cli", "admin", true };
	struct achievement x;
	struct demand d;
	struct ch_full ch;
	struct dcase k;
	int rc;
	*kind = cli_opt(argc, argv, "--kind", NULL);
	if (!attachment_kind_valid(*kind))
		return cli_usage_error(CMD, "--kind must be achievement, demand, challenge or case");
	if (!v || !parse_i64(v, id) || *id <= 0)
		return cli_usage_error(CMD, "--id takes the %s's id", *kind);
	if (!strcmp(*kind, "achievement"))
		rc = catalog_ach_get(st, a, *id, &x);
	else if (!strcmp(*kind, "demand"))
		rc = catalog_dem_get(st, a, *id, &d);
	else if (!strcmp(*kind, "challenge"))
		rc = challenge_get(st, a, &bureau, *id, &ch);
	else
		rc = brokerage_case_get(st, a, *id, &k);
	return rc ? fail(rc, NULL) : CLI_EXIT_OK;
}

/* Reads path whole, up to one byte more than the cap (so that a larger file
 * is refused by the domain's rule, with its message, not cut). */
static int read_file(struct arena *a, const char *path, unsigned char **out, size_t *len)
{
	size_t cap = ATTACHMENT_MAX_BYTES + 1, n;
	unsigned char *b = arena_alloc(a, cap);
	FILE *f = fopen(path, "rb");
	int rc = CLI_EXIT_OK;
	if (!f) {
		fprintf(stderr, "techbridge " CMD ": cannot read %s\n", path);
		return CLI_EXIT_USAGE;
	}
	if (!b) {
		rc = fail(TB_ENOMEM, NULL);
		goto out;
	}
	n = fread(b, 1, cap, f);
	if (ferror(f)) {
		fprintf(stderr, "techbridge " CMD ": cannot read %s\n", path);
		rc = CLI_EXIT_FAIL;
		goto out;
	}
	*out = b;
	*len = n;
out:
	fclose(f);
	return rc;
}

/* The file argument of add: the first operand after "add" that is not an option's value. */
static const char *file_operand(int argc, char **argv)
{
	for (int i = 2; i < argc; i++) {
		if (!strcmp(argv[i], "--json"))
			continue;
		if (!strncmp(argv[i], "--", 2)) {
			if (!strchr(argv[i], '='))
				i++; /* skip the option's value */
			continue;
		}
		return argv[i];
	}
	return NULL;
}

static int add(int argc, char **argv, struct store *st, struct arena *a,
               const struct attachment_actor *who, bool js)
{
	const char *path = file_operand(argc, argv), *name = cli_opt(argc, argv, "--name", NULL);
	struct tb_field_error fe = { 0 };
	struct attachment x;
	unsigned char *data = NULL;
	size_t len = 0;
	const char *kind;
	int64_t id;
	int rc;

	if ((rc = item_arg(argc, argv, st, a, &kind, &id)))
		return rc;
	if (!path)
		return cli_usage_error(CMD, "add needs the FILE to attach");
	if (!name) {
		/* the file's own name, without its directories, as a browser sends it */
		const char *slash = strrchr(path, '/');
		name = slash ? slash + 1 : path;
	}
	if ((rc = read_file(a, path, &data, &len)))
		return rc;
	if ((rc = attachment_add(st, a, kind, id, name, cli_opt(argc, argv, "--type", NULL), data,
	                         len, who, &x, &fe)))
		return fail(rc, &fe);
	if (js)
		cli_print_json(CMD, attachment_json(&x));
	else
		printf("%lld\t%s\t%s\t%lld\n", (long long)x.id, x.name, x.mime, (long long)x.size);
	return CLI_EXIT_OK;
}

static int list(int argc, char **argv, struct store *st, struct arena *a, bool js)
{
	struct attachment *rows;
	const char *kind;
	int64_t id;
	int n, rc;
	json_t *items;

	if ((rc = item_arg(argc, argv, st, a, &kind, &id)))
		return rc;
	if ((rc = attachment_list(st, a, kind, id, &rows, &n)))
		return fail(rc, NULL);
	if (!js) {
		for (int i = 0; i < n; i++)
			printf("%lld\t%s\t%s\t%lld\t%s\n", (long long)rows[i].id, rows[i].name, rows[i].mime,
			       (long long)rows[i].size, rows[i].created_at ? rows[i].created_at : "");
		return CLI_EXIT_OK;
	}
	/* the API's list answer (GET /api/{kind}/{id}/attachments) */
	items = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(items, attachment_json(&rows[i]));
	cli_print_json(CMD, json_pack("{s:o,s:i,s:i,s:I}", "items", items, "total", n, "max",
	                              ATTACHMENT_MAX_PER_ITEM, "max_bytes",
	                              (json_int_t)ATTACHMENT_MAX_BYTES));
	return CLI_EXIT_OK;
}

static int id_operand(int argc, char **argv, int64_t *id)
{
	if (argc < 3 || !parse_i64(argv[2], id) || *id <= 0)
		return cli_usage_error(CMD, "%s needs the attachment's id", argv[1]);
	return CLI_EXIT_OK;
}

static int get(int argc, char **argv, struct store *st, struct arena *a, bool js)
{
	const char *out = cli_opt(argc, argv, "--out", NULL);
	struct attachment x;
	int64_t id;
	FILE *f;
	int rc;

	if ((rc = id_operand(argc, argv, &id)))
		return rc;
	if (!out)
		return cli_usage_error(CMD, "get needs --out FILE (where to write the file)");
	if ((rc = attachment_get(st, a, id, true, &x)))
		return fail(rc, NULL);
	if (!(f = fopen(out, "wb")))
		return fprintf(stderr, "techbridge " CMD ": cannot write %s\n", out), CLI_EXIT_FAIL;
	/* a short write or a failed close (full disk) is a failure, not a truncated file */
	rc = fwrite(x.data, 1, (size_t)x.size, f) != (size_t)x.size;
	rc |= fclose(f) != 0;
	if (rc) {
		remove(out);
		return fprintf(stderr, "techbridge " CMD ": cannot write %s\n", out), CLI_EXIT_FAIL;
	}
	if (js)
		cli_print_json(CMD, attachment_json(&x));
	else
		printf("%s\t%s\t%lld\t%s\n", out, x.mime, (long long)x.size, x.sha256);
	return CLI_EXIT_OK;
}

static int remove_one(int argc, char **argv, struct store *st, struct arena *a,
                      const struct attachment_actor *who, bool js)
{
	int64_t id;
	int rc;
	if ((rc = id_operand(argc, argv, &id)))
		return rc;
	if ((rc = attachment_remove(st, a, id, who)))
		return fail(rc, NULL);
	if (js)
		cli_print_json(CMD, json_pack("{s:I,s:b}", "id", (json_int_t)id, "removed", 1));
	else
		printf("attachment %lld removed\n", (long long)id);
	return CLI_EXIT_OK;
}

int cmd_attachment(int argc, char **argv)
{
	const char *sub = argc > 1 ? argv[1] : "", *db = cli_opt(argc, argv, "--db", NULL);
	const char *as = cli_opt(argc, argv, "--as", NULL), *user = getenv("USER");
	struct attachment_actor who = { 0, user ? user : "cli", "cli" };
	bool js = cli_flag(argc, argv, "--json");
	struct store *st;
	struct arena a;
	struct user u;
	int rc;

	if (strcmp(sub, "add") && strcmp(sub, "list") && strcmp(sub, "get") && strcmp(sub, "remove"))
		return cli_usage_error(CMD, USAGE);
	if (!db)
		return cli_usage_error(CMD, "--db PATH is required");
	if ((rc = app_open(db, 1, NULL, &st)))
		return fprintf(stderr, "techbridge " CMD ": cannot open %s: %s\n", app_url_shown(db),
		               app_open_error(rc)), CLI_EXIT_FAIL;
	arena_init(&a, 64u << 20);
	if (as) {
		if (account_user_find(st, &a, as, &u)) {
			rc = cli_usage_error(CMD, "--as: no account %s", as);
			goto out;
		}
		who.user_id = u.id;
		who.email = u.email;
		who.role = u.role;
	}
	if (!strcmp(sub, "add"))
		rc = add(argc, argv, st, &a, &who, js);
	else if (!strcmp(sub, "list"))
		rc = list(argc, argv, st, &a, js);
	else if (!strcmp(sub, "get"))
		rc = get(argc, argv, st, &a, js);
	else
		rc = remove_one(argc, argv, st, &a, &who, js);
out:
	arena_release(&a);
	app_close(st);
	return rc;
}

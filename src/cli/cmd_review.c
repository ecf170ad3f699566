/* cmd_review.c - `techbridge review batch`: publish or return many submitted
 * achievements and demands with one reason (issue #18, CLI parity with
 * POST /api/review/batch). The same two phases as the API: the whole command
 * line is checked first (action, the reason when returning, 1 to 100 items,
 * each "achievement:ID" or "demand:ID"), a bad one exits 2 naming the field
 * and nothing changes; then each item is decided on its own, in its own
 * transaction (cli_listing_decide, as `achievement|demand publish|return`),
 * so one stale item does not undo the others. --json prints the API's answer
 * ({action, ok, failed, results}); the exit status is 0 when every item went
 * through, 2 when some were refused (stale, unknown: the caller's to see). */
#include "present/present.h"
#include "cli/cli.h"
#include "core/arena.h"
#include "core/err.h"
#include "core/util.h"
#include "domain/app.h"
#include "domain/catalog_ops.h"
#include "domain/lifecycle.h"
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CMD "review"
#define BATCH_MAX 100 /* as POST /api/review/batch */

struct item { bool is_ach; int64_t id; };

static int bad(const char *field, const char *msg)
{
	fprintf(stderr, "%s: %s\n", field, msg);
	return CLI_EXIT_USAGE;
}

/* The operands after "batch" that are not options: the items. */
static int read_items(int argc, char **argv, struct item *items, int *n)
{
	*n = 0;
	for (int i = 2; i < argc; i++) {
		const char *s = argv[i], *colon;
		char field[32];
		if (!strcmp(s, "--json"))
			continue;
		if (!strncmp(s, "--", 2)) {
			if (!strchr(s, '='))
				i++;
			continue;
		}
		snprintf(field, sizeof(field), "items[%d]", *n);
		if (*n >= BATCH_MAX)
			return bad("items", "must be a list of 1 to 100 items");
		colon = strchr(s, ':');
		if (colon && colon - s == 11 && !strncmp(s, "achievement", 11))
			items[*n].is_ach = true;
		else if (colon && colon - s == 6 && !strncmp(s, "demand", 6))
			items[*n].is_ach = false;
		else
			return bad(field, "must be achievement:ID or demand:ID");
		if (!parse_i64(colon + 1, &items[*n].id) || items[*n].id < 1)
			return bad(field, "must be a positive integer");
		(*n)++;
	}
	if (!*n)
		return bad("items", "must be a list of 1 to 100 items");
	return CLI_EXIT_OK;
}

/* One item's failure as the API's batch answer gives it (api/review.c). */
static json_t *failure(struct arena *a, const struct item *it, int rc,
                       const struct tb_field_error *fe)
{
	int status = present_status(rc);
	const char *msg, *field = fe->field[0] ? fe->field : NULL;
	if (status == 500) {
		msg = "internal error";
		field = NULL;
	} else if (rc == TB_EINVAL && field) {
		msg = arena_printf(a, "%s: %s", fe->field, fe->message);
	} else {
		msg = fe->message[0] ? fe->message : tb_strerror(rc);
	}
	return json_pack("{s:s,s:I,s:b,s:i,s:s,s:o}", "kind", it->is_ach ? "achievement" : "demand",
	                 "id", (json_int_t)it->id, "ok", 0, "code", status, "error", msg, "field",
	                 field ? json_string(field) : json_null());
}

static int batch(int argc, char **argv, struct store *st, struct arena *a)
{
	const char *action = cli_opt(argc, argv, "--action", NULL);
	const char *reason = cli_opt(argc, argv, "--reason", NULL);
	bool js = cli_flag(argc, argv, "--json");
	struct tb_field_error fe = { 0 };
	struct life_settings ls;
	struct item items[BATCH_MAX];
	json_t *results, *out;
	char *s;
	int n, ok = 0, rc;

	if (!action)
		return bad("action", "is required");
	if (strcmp(action, "publish") && strcmp(action, "return"))
		return bad("action", "must be publish or return");
	if (strcmp(action, "return"))
		reason = NULL;
	else if (!reason)
		return bad("reason", "is required when returning an item");
	if (reason && catalog_check_reason(reason, &fe))
		return cli_field_error(&fe), CLI_EXIT_USAGE;
	if ((rc = cli_life_settings(CMD, argc, argv, &ls)) || (rc = read_items(argc, argv, items, &n)))
		return rc;
	results = json_array();
	for (int i = 0; i < n; i++) {
		const char *status = NULL;
		memset(&fe, 0, sizeof(fe));
		rc = cli_listing_decide(st, a, items[i].is_ach, items[i].id, action, reason, NULL, &ls,
		                        &status, &fe);
		if (rc) {
			json_t *f = failure(a, &items[i], rc, &fe);
			if (!js)
				printf("%s %lld: failed: %s\n", items[i].is_ach ? "achievement" : "demand",
				       (long long)items[i].id, json_string_value(json_object_get(f, "error")));
			json_array_append_new(results, f);
			continue;
		}
		ok++;
		if (!js)
			printf("%s %lld: %s\n", items[i].is_ach ? "achievement" : "demand",
			       (long long)items[i].id, status);
		json_array_append_new(results, json_pack("{s:s,s:I,s:b,s:s}", "kind",
		                                         items[i].is_ach ? "achievement" : "demand", "id",
		                                         (json_int_t)items[i].id, "ok", 1, "status", status));
	}
	out = json_pack("{s:s,s:i,s:i,s:o}", "action", action, "ok", ok, "failed", n - ok, "results",
	                results);
	if (js && (s = json_dumps(out, JSON_INDENT(2) | JSON_SORT_KEYS))) {
		puts(s);
		free(s);
	}
	json_decref(out);
	return ok == n ? CLI_EXIT_OK : CLI_EXIT_USAGE;
}

int cmd_review(int argc, char **argv)
{
	const char *db = cli_opt(argc, argv, "--db", NULL);
	struct store *st;
	struct arena a;
	int rc;

	if (argc < 2 || strcmp(argv[1], "batch"))
		return cli_usage_error(CMD, "batch --action publish|return [--reason R] "
		                            "achievement:ID|demand:ID ... --db PATH [--json]");
	if (!db)
		return cli_usage_error(CMD, "--db PATH is required");
	if ((rc = app_open(db, 1, NULL, &st)))
		return fprintf(stderr, "techbridge " CMD ": cannot open %s: %s\n", app_url_shown(db),
		               app_open_error(rc)), CLI_EXIT_FAIL;
	arena_init(&a, 64u << 20);
	rc = batch(argc, argv, st, &a);
	arena_release(&a);
	app_close(st);
	return rc;
}

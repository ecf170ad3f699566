/* cmd_bulletin.c - `techbridge bulletin make|list|show` (issue #16): make the
 * bulletin of a week or month that has ended (as POST /api/bulletins; the
 * scheduler in `serve` and `maintain` makes the last ended ones by itself),
 * list the archive, show one. Same domain, same messages (exit 2 naming
 * period); --json prints the API's objects. */
#include "api/present.h"
#include "cli/cli.h"
#include "core/arena.h"
#include "core/err.h"
#include "core/util.h"
#include "domain/app.h"
#include "domain/bulletin.h"
#include "model/names.h"
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *title(const struct bulletin_item *x)
{
	return x->title_zh ? x->title_zh : x->title_en ? x->title_en : "-";
}

static void print_text(const struct bulletin *b)
{
	static const char *const heads[] = { "new achievements", "new demands",
	                                     "demands closing soon", "upcoming events" };
	printf("bulletin %s (%s, %s to %s): %lld new achievements, %lld new demands, %lld contracts "
	       "(%.2f yuan), %lld demands closing and %lld events before %s\n", b->period, b->kind,
	       b->date_from, b->date_to, (long long)b->fig.new_achievements,
	       (long long)b->fig.new_demands, (long long)b->fig.contracts,
	       (double)b->fig.contract_amount_fen / 100.0, (long long)b->fig.closing_demands,
	       (long long)b->fig.upcoming_events, b->window_to);
	for (int s = 0; bulletin_sections[s]; s++) {
		bool head = false;
		for (int i = 0; i < b->n_items; i++) {
			const struct bulletin_item *x = &b->items[i];
			if (strcmp(x->section, bulletin_sections[s]))
				continue;
			if (!head)
				printf("\n%s:\n", heads[s]);
			head = true;
			printf("  %lld\t%s\t%s\t%s\t%s\n", (long long)x->ref_id, x->date ? x->date : "-",
			       x->field ? x->field : "-", title(x), x->org ? x->org : "-");
		}
	}
}

int cmd_bulletin(int argc, char **argv)
{
	const char *sub = argc > 1 ? argv[1] : "", *db = cli_opt(argc, argv, "--db", NULL);
	struct tb_field_error fe = { 0 };
	bool js = cli_flag(argc, argv, "--json");
	struct bulletin b, *rows;
	struct store *st;
	struct arena a;
	int rc, n, ex = CLI_EXIT_OK;

	if (strcmp(sub, "make") && strcmp(sub, "list") && strcmp(sub, "show"))
		return cli_usage_error("bulletin", "make --period 2026-W48|2026-11 | list [--kind "
		                                   "weekly|monthly] | show PERIOD  (all take --db PATH "
		                                   "[--json])");
	if (!db)
		return cli_usage_error("bulletin", "--db PATH is required");
	if (!strcmp(sub, "list")) {
		const char *kind = cli_opt(argc, argv, "--kind", NULL);
		if (kind && !name_in(bulletin_kinds, kind))
			return fprintf(stderr, "kind: must be weekly or monthly\n"), CLI_EXIT_USAGE;
	}
	if ((rc = app_open(db, 1, NULL, &st)))
		return fprintf(stderr, "techbridge bulletin: cannot open %s: %s\n", db, tb_strerror(rc)),
		       CLI_EXIT_FAIL;
	arena_init(&a, 64u << 20);
	if (!strcmp(sub, "make")) {
		const char *period = cli_opt(argc, argv, "--period", NULL);
		if (!period) {
			ex = cli_usage_error("bulletin", "make needs --period 2026-W48|2026-11");
			goto out;
		}
		rc = bulletin_make(st, &a, period, now_unix(), "cli", &b, &fe);
	} else if (!strcmp(sub, "show")) {
		if (argc < 3 || argv[2][0] == '-') {
			ex = cli_usage_error("bulletin", "show needs a PERIOD (2026-W48 or 2026-11)");
			goto out;
		}
		rc = bulletin_get(st, &a, argv[2], &b);
	} else {
		rc = bulletin_list(st, &a, cli_opt(argc, argv, "--kind", NULL), 200, &rows, &n);
		if (!rc && js) {
			json_t *items = json_array();
			for (int i = 0; i < n; i++)
				json_array_append_new(items, bulletin_summary_json(&rows[i]));
			ex = cli_print_json("bulletin", json_pack("{s:o}", "items", items));
		} else if (!rc) {
			for (int i = 0; i < n; i++)
				printf("%s\t%s\t%s\t%s\t%lld\t%lld\n", rows[i].period, rows[i].kind,
				       rows[i].date_from, rows[i].date_to,
				       (long long)rows[i].fig.new_achievements,
				       (long long)rows[i].fig.new_demands);
		}
		goto done;
	}
	if (!rc)
		ex = js ? cli_print_json("bulletin", bulletin_json(&b)) : (print_text(&b), CLI_EXIT_OK);
done:
	if (rc) {
		if (fe.field[0])
			fprintf(stderr, "%s: %s\n", fe.field, fe.message);
		else
			fprintf(stderr, "techbridge bulletin: %s\n", tb_strerror(rc));
		ex = rc == TB_EINVAL || rc == TB_ECONFLICT || rc == TB_ENOTFOUND ? CLI_EXIT_USAGE
		                                                                : CLI_EXIT_FAIL;
	}
out:
	arena_release(&a);
	app_close(st);
	return ex;
}

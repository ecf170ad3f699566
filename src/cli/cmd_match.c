/* cmd_match.c - `techbridge match`: explained matches from the command line.
 *   techbridge match --db PATH --demand ID        achievements for a demand
 *   techbridge match --db PATH --achievement ID   demands for an achievement
 *   techbridge match --db PATH --text "..." [--want achievements|demands]
 * Options: --limit N, --locality W, --json. Builds the index from the database. */
#include "cli/cli.h"
#include "core/arena.h"
#include "core/util.h"
#include "domain/docking.h"
#include "domain/app.h"
#include "domain/catalog_ops.h"
#include <jansson.h>
#include <stdio.h>
#include <string.h>

static const char *title_of(const char *zh, const char *en) { return zh ? zh : en ? en : ""; }

static json_t *hit_json(int rank, int64_t id, const char *title, const struct docking_hit *h)
{
	json_t *f = json_array();
	for (int i = 0; i < h->nfactors; i++)
		json_array_append_new(f, json_pack("{s:s,s:f}", "name", h->factors[i].name, "weight",
		                                   h->factors[i].weight));
	return json_pack("{s:i,s:I,s:s,s:i,s:f,s:o}", "rank", rank, "id", (json_int_t)id, "title", title,
	                 "strength", h->strength, "score", h->score, "factors", f);
}

static void print_hit(int rank, int64_t id, const char *title, const struct docking_hit *h)
{
	printf("%2d. [%lld] strength %d (score %.4f)  %s\n    why:", rank, (long long)id, h->strength,
	       h->score, title);
	for (int f = 0; f < h->nfactors && f < 8; f++)
		printf(" %s(%.2f)", h->factors[f].name, h->factors[f].weight);
	for (int c = 0; c < h->nconds; c++)
		printf("%s %s", c ? "," : "\n    conditions:", h->conds[c].code);
	printf("\n");
}

int cmd_match(int argc, char **argv)
{
	const char *db = cli_opt(argc, argv, "--db", "techbridge.db");
	const char *dem = cli_opt(argc, argv, "--demand", NULL);
	const char *ach = cli_opt(argc, argv, "--achievement", NULL);
	const char *text = cli_opt(argc, argv, "--text", NULL);
	const char *want = cli_opt(argc, argv, "--want", "achievements");
	const char *lim = cli_opt(argc, argv, "--limit", "10");
	const char *loc = cli_opt(argc, argv, "--locality", NULL);
	int json = cli_flag(argc, argv, "--json");
	struct docking_settings set;
	struct catalog_index *ix = NULL;
	struct catalog_query q;
	struct docking_hit *hits = NULL;
	struct store *st = NULL;
	struct arena a;
	int64_t id = 0, limit;
	int rc, n = 0, wd, nsel = !!dem + !!ach + !!text;
	void *rows = NULL;
	json_t *items = NULL;

	if (nsel != 1)
		return cli_usage_error("match", "give exactly one of --demand ID, --achievement ID, --text TEXT");
	if ((dem && !parse_i64(dem, &id)) || (ach && !parse_i64(ach, &id)) || ((dem || ach) && id <= 0))
		return cli_usage_error("match", "the id must be a positive integer");
	if (!parse_i64(lim, &limit) || limit < 1 || limit > 100)
		return cli_usage_error("match", "--limit must be 1..100");
	if (strcmp(want, "achievements") && strcmp(want, "demands"))
		return cli_usage_error("match", "--want must be achievements or demands");
	docking_settings_default(&set);
	if (loc && (!parse_double(loc, &set.w_locality) || set.w_locality < 0))
		return cli_usage_error("match", "--locality must be a non-negative number");
	if ((rc = app_open(db, 0, NULL, &st)))
		return fprintf(stderr, "techbridge match: cannot open %s: %s\n", app_url_shown(db), app_open_error(rc)),
		       CLI_EXIT_FAIL;
	if ((rc = catalog_index_build(st, &set, &ix))) {
		app_close(st);
		return fprintf(stderr, "techbridge match: cannot build the index: %s\n", tb_strerror(rc)), CLI_EXIT_FAIL;
	}
	arena_init(&a, 64 << 20);
	catalog_query_init(&q);
	q.limit = (int)limit;
	wd = (ach != NULL) || (text && !strcmp(want, "demands"));
	if (dem)
		rc = docking_for_demand(ix, st, &a, id, &q, (struct achievement **)&rows, &hits, &n);
	else if (ach)
		rc = docking_for_achievement(ix, st, &a, id, &q, (struct demand **)&rows, &hits, &n);
	else
		rc = docking_free_text(ix, st, &a, wd, text, &q, NULL, &rows, &hits, &n, NULL);
	if (rc) {
		fprintf(stderr, "techbridge match: %s\n", rc == TB_ENOTFOUND ? "no such item" : tb_strerror(rc));
		rc = rc == TB_ENOTFOUND ? CLI_EXIT_USAGE : CLI_EXIT_FAIL;
		goto out;
	}
	items = json_array();
	if (!json && !n)
		printf("no matches\n");
	for (int i = 0; i < n; i++) {
		int64_t rid;
		const char *title;
		if (wd) {
			struct demand *d = &((struct demand *)rows)[i];
			rid = d->id;
			title = title_of(d->title_zh, d->title_en);
		} else {
			struct achievement *x = &((struct achievement *)rows)[i];
			rid = x->id;
			title = title_of(x->title_zh, x->title_en);
		}
		if (json)
			json_array_append_new(items, hit_json(i + 1, rid, title, &hits[i]));
		else
			print_hit(i + 1, rid, title, &hits[i]);
	}
	if (json) {
		json_t *o = json_pack("{s:s,s:O}", "want", wd ? "demands" : "achievements", "items", items);
		json_dumpf(o, stdout, JSON_INDENT(1));
		putchar('\n');
		json_decref(o);
	}
	json_decref(items);
	rc = CLI_EXIT_OK;
out:
	arena_release(&a);
	catalog_index_free(ix);
	app_close(st);
	return rc;
}

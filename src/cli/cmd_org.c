/* cmd_org.c - `techbridge org add|list`: organisations from the command line
 * (needed before their users can be created). */
#include "cli/cli.h"
#include "core/arena.h"
#include "core/err.h"
#include "domain/org.h"
#include "domain/region.h"
#include "domain/app.h"
#include <stdio.h>
#include <string.h>

static int org_add(int argc, char **argv, struct store *st)
{
	struct tb_field_error fe = { { 0 }, { 0 } };
	struct org o;
	int rc;
	memset(&o, 0, sizeof(o));
	o.name = cli_opt(argc, argv, "--name", NULL);
	o.name_en = cli_opt(argc, argv, "--name-en", NULL);
	o.kind = cli_opt(argc, argv, "--kind", NULL);
	o.city = region_city_canonical(cli_opt(argc, argv, "--city", NULL));
	if (region_in_province(o.city))
		o.province = region_province_zh;
	if (org_validate(&o, &fe))
		return fprintf(stderr, "%s: %s\n", fe.field, fe.message), CLI_EXIT_USAGE;
	if ((rc = org_create(st, &o))) {
		if (rc == TB_ECONFLICT)
			return fprintf(stderr, "name: an organisation with this name exists\n"), CLI_EXIT_USAGE;
		return fprintf(stderr, "techbridge org add: %s\n", tb_strerror(rc)), CLI_EXIT_FAIL;
	}
	printf("org %lld %s\n", (long long)o.id, o.name);
	return CLI_EXIT_OK;
}

static int list_orgs(int argc, char **argv, struct store *st)
{
	struct org_query q = { 0 };
	struct org *rows;
	struct arena a;
	int64_t total;
	int n, rc;
	q.kind = cli_opt(argc, argv, "--kind", NULL);
	q.city = region_city_canonical(cli_opt(argc, argv, "--city", NULL));
	q.limit = 10000;
	arena_init(&a, 64 << 20);
	rc = org_list(st, &a, &q, &rows, &n, &total);
	for (int i = 0; !rc && i < n; i++)
		printf("%lld\t%s\t%s\t%s\n", (long long)rows[i].id, rows[i].name, rows[i].kind,
		       rows[i].city ? rows[i].city : "-");
	arena_release(&a);
	if (rc)
		return fprintf(stderr, "techbridge org list: %s\n", tb_strerror(rc)), CLI_EXIT_FAIL;
	return CLI_EXIT_OK;
}

int cmd_org(int argc, char **argv)
{
	const char *db = cli_opt(argc, argv, "--db", NULL);
	struct store *st;
	int rc, applied;
	if (argc < 2 || (strcmp(argv[1], "add") && strcmp(argv[1], "list")))
		return cli_usage_error("org", "add|list --db PATH ...");
	if (!db)
		return cli_usage_error("org", "--db PATH is required");
	if ((rc = app_open(db, 0, NULL, &st)))
		return fprintf(stderr, "techbridge org: cannot open %s: %s\n", app_url_shown(db), app_open_error(rc)), CLI_EXIT_FAIL;
	if ((rc = app_migrate(st, &applied))) {
		app_close(st);
		return fprintf(stderr, "techbridge org: migration failed\n"), CLI_EXIT_FAIL;
	}
	rc = !strcmp(argv[1], "add") ? org_add(argc, argv, st) : list_orgs(argc, argv, st);
	app_close(st);
	return rc;
}

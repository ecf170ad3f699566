/* cmd_platform.c - `techbridge platform kinds|list|counts|add|status|link`:
 * the registry of innovation platforms (issue #15, domain/platform.h) from
 * the command line, with the filters of GET /api/platforms and the same
 * validation and transactions as the API's writes. */
#include "cli/cli.h"
#include "core/arena.h"
#include "core/err.h"
#include "core/util.h"
#include "domain/app.h"
#include "domain/platform.h"
#include <stdio.h>
#include <string.h>

static int fail(const char *what, int rc, const struct tb_field_error *fe)
{
	if (fe && fe->field[0])
		fprintf(stderr, "%s: %s\n", fe->field, fe->message);
	else
		fprintf(stderr, "techbridge platform %s: %s\n", what, tb_strerror(rc));
	return rc == TB_EINVAL || rc == TB_ENOTFOUND || rc == TB_ESTATE ? CLI_EXIT_USAGE : CLI_EXIT_FAIL;
}

static int num(int argc, char **argv, const char *key, int64_t *out)
{
	const char *v = cli_opt(argc, argv, key, NULL);
	*out = 0;
	return v && (!parse_i64(v, out) || *out < 0) ? -1 : 0;
}

static int query(int argc, char **argv, struct platform_query *q)
{
	int64_t v;
	memset(q, 0, sizeof(*q));
	q->kind = cli_opt(argc, argv, "--kind", NULL);
	q->level = cli_opt(argc, argv, "--level", NULL);
	q->city = cli_opt(argc, argv, "--city", NULL);
	q->district = cli_opt(argc, argv, "--district", NULL);
	q->field = cli_opt(argc, argv, "--field", NULL);
	q->status = cli_opt(argc, argv, "--status", NULL);
	q->q = cli_opt(argc, argv, "--q", NULL);
	if (num(argc, argv, "--year", &v))
		return fprintf(stderr, "year: must be a year\n"), -1;
	q->year = (int)v;
	if (num(argc, argv, "--year-to", &v))
		return fprintf(stderr, "year_to: must be a year\n"), -1;
	q->year_to = (int)v;
	q->limit = 500;
	return 0;
}

int cmd_platform(int argc, char **argv)
{
	const char *db = cli_opt(argc, argv, "--db", NULL), *sub = argc > 1 ? argv[1] : "";
	struct tb_field_error fe = { { 0 }, { 0 } };
	struct platform_query q;
	struct store *st;
	struct arena a;
	int rc, applied, n, out = CLI_EXIT_OK;
	if (strcmp(sub, "kinds") && strcmp(sub, "list") && strcmp(sub, "counts") && strcmp(sub, "add") &&
	    strcmp(sub, "status") && strcmp(sub, "link"))
		return cli_usage_error("platform", "kinds|list|counts|add|status|link --db PATH ...");
	if (!db)
		return cli_usage_error("platform", "--db PATH is required");
	if ((rc = app_open(db, 1, &applied, &st)))
		return fprintf(stderr, "techbridge platform: cannot open %s: %s\n", app_url_shown(db), app_open_error(rc)), CLI_EXIT_FAIL;
	arena_init(&a, 64 << 20);
	if (!strcmp(sub, "kinds")) {
		struct platform_kind *k;
		if ((rc = platform_kinds(st, &a, &k, &n)))
			out = fail("kinds", rc, NULL);
		for (int i = 0; !rc && i < n; i++)
			printf("%s\t%s\t%s\n", k[i].key, k[i].zh, k[i].en);
	} else if (!strcmp(sub, "list") || !strcmp(sub, "counts")) {
		if (query(argc, argv, &q)) {
			out = CLI_EXIT_USAGE;
		} else if (!strcmp(sub, "counts")) {
			struct platform_count *c;
			const char *by = cli_opt(argc, argv, "--by", "kind");
			int64_t sum = 0;
			rc = platform_counts(st, &a, by, &q, &c, &n);
			if (rc == TB_EINVAL) {
				fprintf(stderr, "by: must be kind, level, city, district, field, year or status\n");
				out = CLI_EXIT_USAGE;
			} else if (rc) {
				out = fail("counts", rc, NULL);
			} else {
				for (int i = 0; i < n; i++, sum += c[i - 1].count)
					printf("%s,%lld\n", c[i].key, (long long)c[i].count);
				printf("total,%lld\n", (long long)sum);
			}
		} else {
			struct platform *p;
			int64_t total;
			if ((rc = platform_list(st, &a, &q, &p, &n, &total)))
				out = fail("list", rc, NULL);
			for (int i = 0; !rc && i < n; i++)
				printf("%lld\t%s\t%s\t%s\t%d\t%s\t%s\n", (long long)p[i].id, p[i].kind, p[i].level,
				       p[i].city ? p[i].city : "", p[i].year, p[i].status, p[i].name);
			if (!rc)
				printf("(%d of %lld)\n", n, (long long)total);
		}
	} else if (!strcmp(sub, "add")) {
		struct platform p;
		int64_t year, host;
		memset(&p, 0, sizeof(p));
		p.name = cli_opt(argc, argv, "--name", NULL);
		p.name_en = cli_opt(argc, argv, "--name-en", NULL);
		p.kind = cli_opt(argc, argv, "--kind", NULL);
		p.level = cli_opt(argc, argv, "--level", NULL);
		p.city = cli_opt(argc, argv, "--city", NULL);
		p.district = cli_opt(argc, argv, "--district", NULL);
		p.approval_body = cli_opt(argc, argv, "--approval-body", NULL);
		p.batch = cli_opt(argc, argv, "--batch", NULL);
		p.field = cli_opt(argc, argv, "--field", NULL);
		if (num(argc, argv, "--year", &year) || num(argc, argv, "--host", &host)) {
			fprintf(stderr, "year: must be a year; host: an organisation id\n");
			out = CLI_EXIT_USAGE;
		} else {
			p.year = (int)year;
			if (host) {
				p.hosts = &host;
				p.nhosts = 1;
			}
			if ((rc = platform_create(st, &a, &p, 0, &fe)))
				out = fail("add", rc, &fe);
			else
				printf("platform %lld\n", (long long)p.id);
		}
	} else {
		int64_t id, ref;
		if (num(argc, argv, "--id", &id) || id <= 0) {
			fprintf(stderr, "id: must be a platform id\n");
			out = CLI_EXIT_USAGE;
		} else if (!strcmp(sub, "status")) {
			if ((rc = platform_change_status(st, &a, id, cli_opt(argc, argv, "--status", ""),
			                                 cli_opt(argc, argv, "--evaluation", NULL), 0, &fe)))
				out = fail("status", rc, &fe);
		} else {
			struct platform_link l = { id, cli_opt(argc, argv, "--kind", ""), 0 };
			if (num(argc, argv, "--ref", &ref)) {
				fprintf(stderr, "ref_id: must be an id\n");
				out = CLI_EXIT_USAGE;
			} else {
				l.ref_id = ref;
				if ((rc = platform_link(st, &a, &l, 0, &fe)))
					out = fail("link", rc, &fe);
			}
		}
	}
	arena_release(&a);
	app_close(st);
	return out;
}

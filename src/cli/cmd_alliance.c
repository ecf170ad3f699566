/* cmd_alliance.c - `techbridge alliance ...` and `techbridge agency ...`:
 * the registries of industry-university-research alliances and of service
 * agencies (issue #15, domain/alliance.h) from the command line, with the
 * filters of the API, the same validation and transactions as its writes
 * (every API write has a command here), and --json printing the API's
 * objects (api/present.h). Exit 0 ok, 1 runtime failure, 2 bad input. */
#include "api/present.h"
#include "cli/cli.h"
#include "cli/demo.h"
#include "core/arena.h"
#include "core/err.h"
#include "core/util.h"
#include "domain/alliance.h"
#include "domain/app.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int fail(const char *cmd, const char *what, int rc, const struct tb_field_error *fe)
{
	if (fe && fe->field[0])
		fprintf(stderr, "%s: %s\n", fe->field, fe->message);
	else
		fprintf(stderr, "techbridge %s %s: %s\n", cmd, what, tb_strerror(rc));
	return rc == TB_EINVAL || rc == TB_ENOTFOUND || rc == TB_ESTATE || rc == TB_ECONFLICT
	               ? CLI_EXIT_USAGE
	               : CLI_EXIT_FAIL;
}

/* --key N: 0 when absent; -1 (after a message) when not a non-negative integer. */
static int num(int argc, char **argv, const char *key, int64_t *out)
{
	const char *v = cli_opt(argc, argv, key, NULL);
	*out = 0;
	if (v && (!parse_i64(v, out) || *out < 0)) {
		fprintf(stderr, "%s: must be a number\n", key + 2);
		return -1;
	}
	return 0;
}

static int a_list(int argc, char **argv, struct store *st, struct arena *a)
{
	struct alliance_query q;
	struct alliance *rows;
	int64_t v, total;
	int n, rc;
	const char *sub = cli_opt(argc, argv, "--substantive", NULL);
	memset(&q, 0, sizeof(q));
	q.field = cli_opt(argc, argv, "--field", NULL);
	q.level = cli_opt(argc, argv, "--level", NULL);
	q.city = cli_opt(argc, argv, "--city", NULL);
	q.q = cli_opt(argc, argv, "--q", NULL);
	q.substantive = sub ? (sub[0] == '1') : -1;
	if (num(argc, argv, "--year", &v))
		return CLI_EXIT_USAGE;
	q.year = (int)v;
	if (num(argc, argv, "--member", &q.member_org))
		return CLI_EXIT_USAGE;
	if (num(argc, argv, "--offset", &v))
		return CLI_EXIT_USAGE;
	q.offset = (int)v;
	q.limit = 500;
	if (!strcmp(argv[1], "stats")) {
		struct alliance_stats s;
		if ((rc = alliance_stats(st, &q, &s)))
			return fail("alliance", "stats", rc, NULL);
		printf("year,%d\nalliances,%lld\nmemberships,%lld\nmember_orgs,%lld\nsubstantive,%lld\n", q.year,
		       (long long)s.alliances, (long long)s.memberships, (long long)s.member_orgs,
		       (long long)s.substantive);
		return CLI_EXIT_OK;
	}
	if ((rc = alliance_list(st, a, &q, &rows, &n, &total)))
		return fail("alliance", "list", rc, NULL);
	if (cli_flag(argc, argv, "--json")) {
		json_t *arr = json_array();
		for (int i = 0; i < n; i++)
			json_array_append_new(arr, alliance_json(&rows[i]));
		cli_print_json("alliance", json_pack("{s:o,s:I}", "items", arr, "total",
		                                     (json_int_t)total));
		return CLI_EXIT_OK;
	}
	for (int i = 0; i < n; i++)
		printf("%lld\t%s\t%s\t%s\t%lld members\t%s\t%s\n", (long long)rows[i].id, rows[i].founded_on,
		       rows[i].level, rows[i].field ? rows[i].field : "", (long long)rows[i].member_count,
		       rows[i].substantive ? "substantive" : "-", rows[i].name);
	printf("(%d of %lld)\n", n, (long long)total);
	return CLI_EXIT_OK;
}

static int a_show(int argc, char **argv, struct store *st, struct arena *a)
{
	struct alliance x;
	int64_t id, year;
	int rc;
	if (num(argc, argv, "--id", &id) || num(argc, argv, "--year", &year))
		return CLI_EXIT_USAGE;
	if (id <= 0)
		return cli_usage_error("alliance", "--id N is required");
	if ((rc = alliance_get(st, a, id, (int)year, &x)))
		return fail("alliance", "show", rc, NULL);
	if (cli_flag(argc, argv, "--json")) {
		cli_print_json("alliance", alliance_json(&x));
		return CLI_EXIT_OK;
	}
	printf("%s (%s, %s, founded %s, lead %s)%s\n", x.name, x.level, x.field ? x.field : "-",
	       x.founded_on, x.lead_name ? x.lead_name : "?", x.substantive ? " substantive" : "");
	for (int i = 0; i < x.nmembers; i++)
		printf("  %lld\t%s\t%s\n", (long long)x.members[i].org_id, x.members[i].role,
		       x.members[i].org_name ? x.members[i].org_name : "");
	return CLI_EXIT_OK;
}

/* --member ORG[:ROLE] may repeat. */
static int a_add(int argc, char **argv, struct store *st, struct arena *a)
{
	struct tb_field_error fe = { 0 };
	struct alliance x;
	int64_t lead;
	int rc;
	memset(&x, 0, sizeof(x));
	x.name = cli_opt(argc, argv, "--name", NULL);
	x.name_en = cli_opt(argc, argv, "--name-en", NULL);
	x.field = cli_opt(argc, argv, "--field", NULL);
	x.level = cli_opt(argc, argv, "--level", NULL);
	x.city = cli_opt(argc, argv, "--city", NULL);
	x.founded_on = cli_opt(argc, argv, "--founded-on", NULL);
	x.description = cli_opt(argc, argv, "--description", NULL);
	if (num(argc, argv, "--lead", &lead))
		return CLI_EXIT_USAGE;
	x.lead_org_id = lead;
	if (!(x.members = arena_alloc(a, sizeof(*x.members) * (size_t)argc)))
		return fail("alliance", "add", TB_ENOMEM, NULL);
	for (int i = 1; i + 1 < argc; i++) {
		struct alliance_member *m;
		char *colon, *v;
		if (strcmp(argv[i], "--member"))
			continue;
		v = arena_strdup(a, argv[++i]);
		m = &x.members[x.nmembers++];
		memset(m, 0, sizeof(*m));
		m->role = "member";
		if (v && (colon = strchr(v, ':'))) {
			*colon = '\0';
			m->role = colon + 1;
		}
		if (!v || !parse_i64(v, &m->org_id) || m->org_id <= 0)
			return fprintf(stderr, "members: --member takes ORG_ID[:ROLE]\n"), CLI_EXIT_USAGE;
	}
	if ((rc = alliance_create(st, a, &x, 0, &fe)))
		return fail("alliance", "add", rc, &fe);
	printf("alliance %lld\n", (long long)x.id);
	return CLI_EXIT_OK;
}

static int a_member(int argc, char **argv, struct store *st, struct arena *a)
{
	struct tb_field_error fe = { 0 };
	struct alliance_member m = { 0, NULL, NULL, NULL, NULL };
	int64_t id;
	int rc;
	if (num(argc, argv, "--id", &id) || num(argc, argv, "--org", &m.org_id))
		return CLI_EXIT_USAGE;
	if (id <= 0)
		return cli_usage_error("alliance", "--id N is required");
	m.role = cli_opt(argc, argv, "--role", "member");
	m.joined_on = cli_opt(argc, argv, "--joined-on", NULL);
	if ((rc = alliance_member_add(st, a, id, &m, 0, &fe)))
		return fail("alliance", "member", rc, &fe);
	return CLI_EXIT_OK;
}

static int a_activity(int argc, char **argv, struct store *st, struct arena *a)
{
	struct tb_field_error fe = { 0 };
	struct alliance_activity v = { 0, 0, NULL, NULL };
	int rc;
	if (num(argc, argv, "--id", &v.alliance_id))
		return CLI_EXIT_USAGE;
	if (v.alliance_id <= 0)
		return cli_usage_error("alliance", "--id N is required");
	v.held_on = cli_opt(argc, argv, "--held-on", NULL);
	v.title = cli_opt(argc, argv, "--title", NULL);
	if ((rc = alliance_activity_add(st, a, &v, 0, &fe)))
		return fail("alliance", "activity", rc, &fe);
	printf("activity %lld\n", (long long)v.id);
	return CLI_EXIT_OK;
}

/* The demo's alliances and agencies on an existing database (after the
 * catalogue and brokers), as `techbridge demo` runs them. */
static int a_seed(int argc, char **argv, struct store *st, struct arena *a)
{
	struct demo_ctx d;
	int rc;
	(void)a;
	memset(&d, 0, sizeof(d));
	d.st = st;
	d.rng = 0xa111a9ceULL;
	d.small = cli_flag(argc, argv, "--small");
	d.quiet = cli_flag(argc, argv, "--quiet");
	if ((rc = demo_seed_registries(&d)))
		return fail("alliance", "seed", rc, NULL);
	return CLI_EXIT_OK;
}

int cmd_alliance(int argc, char **argv)
{
	static const struct cli_sub subs[] = {
		{ "list", a_list }, { "stats", a_list }, { "show", a_show }, { "add", a_add },
		{ "member", a_member }, { "activity", a_activity }, { "seed", a_seed },
	};
	return cli_run_sub("alliance", argc, argv, subs, ARRAY_SIZE(subs),
	                   "list|stats|show|add|member|activity|seed --db PATH ...", 64 << 20);
}

/* ---- agencies ---- */

static int g_query(int argc, char **argv, struct agency_query *q)
{
	int64_t v;
	memset(q, 0, sizeof(*q));
	q->service = cli_opt(argc, argv, "--service", NULL);
	q->region = cli_opt(argc, argv, "--region", NULL);
	q->city = cli_opt(argc, argv, "--city", NULL);
	q->district = cli_opt(argc, argv, "--district", NULL);
	q->q = cli_opt(argc, argv, "--q", NULL);
	if (num(argc, argv, "--year-to", &v))
		return -1;
	q->year_to = (int)v;
	if (num(argc, argv, "--offset", &v))
		return -1;
	q->offset = (int)v;
	q->limit = 500;
	return 0;
}

static int g_list(int argc, char **argv, struct store *st, struct arena *a)
{
	struct agency_query q;
	struct agency *rows;
	int64_t total;
	int n, rc;
	if (g_query(argc, argv, &q))
		return CLI_EXIT_USAGE;
	if ((rc = agency_list(st, a, &q, &rows, &n, &total)))
		return fail("agency", "list", rc, NULL);
	if (cli_flag(argc, argv, "--json")) {
		json_t *arr = json_array();
		for (int i = 0; i < n; i++)
			json_array_append_new(arr, agency_json(&rows[i]));
		cli_print_json("alliance", json_pack("{s:o,s:I}", "items", arr, "total",
		                                     (json_int_t)total));
		return CLI_EXIT_OK;
	}
	for (int i = 0; i < n; i++)
		printf("%lld\t%d\t%s\t%s\t%lld served\t%s\n", (long long)rows[i].org_id, rows[i].year,
		       rows[i].district ? rows[i].district : (rows[i].city ? rows[i].city : ""),
		       rows[i].services, (long long)rows[i].served, rows[i].name ? rows[i].name : "");
	printf("(%d of %lld)\n", n, (long long)total);
	return CLI_EXIT_OK;
}

static int g_counts(int argc, char **argv, struct store *st, struct arena *a)
{
	struct agency_query q;
	struct agency_count *c;
	int n, rc;
	const char *by = cli_opt(argc, argv, "--by", "service");
	if (g_query(argc, argv, &q))
		return CLI_EXIT_USAGE;
	rc = agency_counts(st, a, by, &q, &c, &n);
	if (rc == TB_EINVAL)
		return fprintf(stderr, "by: must be service, city, district or year\n"), CLI_EXIT_USAGE;
	if (rc)
		return fail("agency", "counts", rc, NULL);
	for (int i = 0; i < n; i++)
		printf("%s,%lld\n", c[i].key, (long long)c[i].count);
	return CLI_EXIT_OK;
}

static int g_show(int argc, char **argv, struct store *st, struct arena *a)
{
	struct agency x;
	struct agency_client *cl;
	int64_t id;
	int n, rc;
	if (num(argc, argv, "--id", &id))
		return CLI_EXIT_USAGE;
	if (id <= 0)
		return cli_usage_error("agency", "--id ORG_ID is required");
	if ((rc = agency_get(st, a, id, &x)) || (rc = agency_clients(st, a, id, 200, &cl, &n)))
		return fail("agency", "show", rc, NULL);
	if (cli_flag(argc, argv, "--json")) {
		cli_print_json("alliance", agency_json(&x));
		return CLI_EXIT_OK;
	}
	printf("%s (%s, since %d): %s; regions %s; %lld enterprises served\n", x.name ? x.name : "",
	       x.level, x.year, x.services, x.regions ? x.regions : "-", (long long)x.served);
	for (int i = 0; i < n; i++)
		printf("  %lld\t%lld cases\t%lld contracts\t%s\n", (long long)cl[i].org_id,
		       (long long)cl[i].cases, (long long)cl[i].contracts, cl[i].name ? cl[i].name : "");
	return CLI_EXIT_OK;
}

static int g_put(int argc, char **argv, struct store *st, struct arena *a)
{
	struct tb_field_error fe = { 0 };
	struct agency x;
	int64_t year;
	int rc;
	memset(&x, 0, sizeof(x));
	if (num(argc, argv, "--id", &x.org_id) || num(argc, argv, "--year", &year))
		return CLI_EXIT_USAGE;
	if (x.org_id <= 0)
		return cli_usage_error("agency", "--id ORG_ID is required");
	x.year = (int)year;
	x.level = cli_opt(argc, argv, "--level", "city");
	x.services = cli_opt(argc, argv, "--services", NULL);
	x.regions = cli_opt(argc, argv, "--regions", NULL);
	x.description = cli_opt(argc, argv, "--description", NULL);
	if ((rc = agency_put(st, a, &x, 0, &fe)))
		return fail("agency", "put", rc, &fe);
	return CLI_EXIT_OK;
}

int cmd_agency(int argc, char **argv)
{
	static const struct cli_sub subs[] = {
		{ "list", g_list }, { "counts", g_counts }, { "show", g_show }, { "put", g_put },
	};
	return cli_run_sub("agency", argc, argv, subs, ARRAY_SIZE(subs),
	                   "list|counts|show|put --db PATH ...", 64 << 20);
}

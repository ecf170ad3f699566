/* commands.c - the command table and the option helpers every command uses. */
#include "cli/cli.h"
#include "domain/account.h"
#include "domain/app.h"
#include "core/arena.h"
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int cmd_version(int argc, char **argv)
{
	puts("techbridge 0.1.0");
	return CLI_EXIT_OK;
}

static int cmd_help(int argc, char **argv);

const struct cli_command cli_commands[] = {
	{ "help", "[command]", "show commands and their usage", cmd_help },
	{ "version", "", "print the version", cmd_version },
	{ "migrate", "--db PATH | --from URL --to URL", "apply pending schema migrations; with --from/--to copy every table into another database", cmd_migrate },
	{ "backup", "--db PATH --to FILE", "online backup of a SQLite database while it is served", cmd_backup },

	/* == import / export / demo == */
	{ "import", "--db PATH --kind K --format csv|jsonl [--dry-run] FILE", "bulk-load orgs, achievements or demands (one transaction)", cmd_import },
	{ "export", "--db PATH --kind K --format csv|jsonl [--status S] [--out FILE] [--bom]", "stream orgs, achievements or demands out", cmd_export },
	{ "demo", "--db PATH [--small] [--seed N] [--force] [--quiet]", "create a demo province database", cmd_demo },

	/* == match == */
	{ "match", "--db PATH (--demand ID | --achievement ID | --text T [--want achievements|demands]) [--limit N] [--locality W] [--json]", "explained two-way matches", cmd_match },

	/* == accounts: user, org == */
	{ "user", "add|passwd|role|list|link --db PATH --email E [--org ID|NAME] [--role R] [--password P|--generate]",
	  "manage accounts (password prompted or generated when not given)", cmd_user },
	{ "org", "add|list --db PATH [--name N --kind K --city C]", "manage organisations", cmd_org },
	{ "admin-init", "--db PATH [--email E]", "create the first administrator; prints its password once", cmd_admin_init },
	{ "token", "add --db PATH --email E [--name N] [--days N|--expires-in S]", "create an API token (printed once)", cmd_token },
	{ "demo-users", "--db PATH", "create the documented demo user for each role", cmd_demo_users },

	/* == instruments and bookings == */
	{ "instrument", "list|add|show|seed|free|stats [options] --db PATH", "shared instruments: catalogue", cmd_instrument },
	{ "booking", "list|create|approve|reject|cancel|accept|usage ...", "book instruments, approve, record use", cmd_booking },
	{ "statement", "--org ID --month YYYY-MM [--db PATH]", "monthly instrument-use statement (CSV)", cmd_statement },

	/* == contracts and stats == */
	{ "contract", "register|list|seed|amend|terminate --db PATH [...]", "register and list technology contracts", cmd_contract },
	{ "stats", "turnover|conversion|funnel|enterprises|summary|targets [--year Y] [--region R] [--by ...] [--format table|csv|json]", "official technology-market indicators", cmd_stats },

	/* == revisions of public listings == */
	/* == brokers, cases, feedback == */
	{ "broker", "list|set|consent|decline|revoke|case-open|case-advance|feedback --db PATH [options, docs/docking.md]", "brokers, consent, docking cases and match feedback", cmd_broker },
	{ "revision", "list|accept|reject --db PATH [--status S] [--kind achievement|demand --id N] [--reason R]", "review pending edits of published listings", cmd_revision },
	/* == challenges (揭榜挂帅) == */
	{ "challenge", "list|show|create|apply|app-edit|expert|score|select|confirm|report|pay|... --db PATH [--as EMAIL] [--json]", "open competitions: challenges, applications, review, award, milestones", cmd_challenge },

	/* == enterprise tiers == */
	{ "tier", "rules|rule-add|retire|import|evaluate|status|pipeline|certify|seed|collection --db PATH [--tier T] [--region R] [--file RULE.json] [--id N --valid-to D] [FILE.csv] [--year Y] [--org ID] [--lang zh|en] [--name N]",
	  "enterprise tiers: rule sets as data, facts, evaluation, gap, pipeline, certifications", cmd_tier },
	{ "platform", "kinds|list|counts|add|status|link --db PATH [--kind K] [--level L] [--city C] [--district D] [--field F] [--year Y] [--year-to Y] [--by kind|level|city|district|field|year|status] [--name N --year Y --host ORG] [--id N --status S --evaluation E] [--id N --kind achievement|instrument|expert --ref ID]",
	  "registry of innovation platforms: browse, count, register, evaluate, link", cmd_platform },
	/* == alliances and service agencies (issue #15) == */
	{ "alliance", "list|stats|show|add|member|activity|seed --db PATH [--field F] [--level L] [--city C] [--year Y] [--member ORG] [--substantive 1|0] [--json] [--id N] [--name N --level L --founded-on D --lead ORG --member ORG[:ROLE]...] [--org ORG --role R] [--held-on D --title T]",
	  "industry-university-research alliances: browse, totals, register, members, activities", cmd_alliance },
	{ "agency", "list|counts|show|put --db PATH [--service S] [--region R] [--city C] [--district D] [--year-to Y] [--by service|city|district|year] [--json] [--id ORG --level L --year Y --services a,b --regions r,s]",
	  "service agencies: services, regions served, enterprises served (from cases and contracts)", cmd_agency },
	/* == events and contact requests (issue #14) == */
	{ "event", "list|show|add|edit|status|register|checkin|attendees|agenda-add|agenda-remove|outcomes --db PATH [--as EMAIL] [--id N] [--kind K --title T --starts-on D --place P|--online] [--status held|cancelled --outcome T] [--attendee A] [--kind achievement|demand --item ID] [--json]",
	  "events: calendar, create, edit, held/cancelled, agenda, registration, check-in, outcomes", cmd_event },
	{ "contact", "add|list|accept|decline --db PATH --as EMAIL [--kind achievement|demand --listing ID --message T] [--box in|out] [--id N --reason R]",
	  "contact requests (我要对接): ask to be put in touch, the owner accepts or declines", cmd_contact },

	/* == release: listing life cycle (issue #16) == */
	{ "maintain", "--db PATH [--validity-days N] [--remind-days N] [--smtp URL --mail-from ADDR --public-url URL] [--json]", "one life-cycle pass: validity, reminders, expiry, closing demands (for cron)", cmd_maintain },
	{ "achievement", "submit|publish|return|withdraw|renew|show ID --db PATH [--reason R] [--expected-status S] [--validity-days N] [--json]", "status changes of an achievement, as the API's actions", cmd_listing },
	{ "demand", "submit|publish|return|withdraw|close|renew|show ID --db PATH [--reason R] [--expected-status S] [--validity-days N] [--json]", "status changes of a demand, as the API's actions", cmd_listing },
	{ "audit", "export --db PATH [--user ID] [--action A] [--resource R] [--outcome O] [--since D] [--until D] [--out FILE]", "the audit log as CSV (GET /api/audit.csv)", cmd_audit },
	{ "bulletin", "make --period 2026-W48|2026-11 | list [--kind weekly|monthly] | show PERIOD --db PATH [--json]", "weekly and monthly bulletins: make one for an ended period, the archive", cmd_bulletin },
	/* == web2 (issue #18): the browser's attachments, favourites and batch review == */
	{ "attachment", "add|list|get|remove --db PATH [--kind achievement|demand|challenge|case --id N FILE [--name N] [--type MIME]] [--out FILE] [--as EMAIL] [--json]", "files on listings, challenges and cases: attach (type checked by content), list, download, remove", cmd_attachment },
	{ "favourite", "add|list|remove --db PATH --as EMAIL [--kind achievement|demand --id N] [--json]", "an account's saved listings", cmd_favourite },
	{ "review", "batch --action publish|return [--reason R] achievement:ID|demand:ID ... --db PATH [--json]", "publish or return many submitted listings with one reason", cmd_review },
	{ "subscription", "add|list|delete --db PATH --email E [--kind search|org|own_matches] [--target achievement|demand] [--q Q] [--field F] [--city C] [--trl-min N] [--org ID] [--min-score S] [--id N] [--json]", "saved searches, followed organisations, own-match alerts", cmd_subscription },

	{ NULL, NULL, NULL, NULL },
};

/* Commands of the program's top (the server's: serve, routes), handed in by
 * the entry point: cli lists and runs them but does not know the API. */
static const struct cli_command *more_commands;

static int cmd_help(int argc, char **argv)
{
	printf("usage: techbridge <command> [options]\n\ncommands:\n");
	for (const struct cli_command *c = cli_commands; c->name; c++)
		printf("  %-12s %-40s %s\n", c->name, c->usage, c->summary);
	for (const struct cli_command *c = more_commands; c && c->name; c++)
		printf("  %-12s %-40s %s\n", c->name, c->usage, c->summary);
	return CLI_EXIT_OK;
}

const char *cli_opt(int argc, char **argv, const char *key, const char *dflt)
{
	size_t kl = strlen(key);
	for (int i = 1; i < argc; i++) {
		if (strncmp(argv[i], key, kl) != 0)
			continue;
		if (argv[i][kl] == '=')
			return argv[i] + kl + 1;
		if (argv[i][kl] == '\0' && i + 1 < argc)
			return argv[i + 1];
	}
	return dflt;
}

int cli_flag(int argc, char **argv, const char *key)
{
	for (int i = 1; i < argc; i++)
		if (strcmp(argv[i], key) == 0)
			return 1;
	return 0;
}

int cli_require_db(const char *cmd, const char *url)
{
	const char *path = strncmp(url, "sqlite:", 7) ? url : url + 7;
	if (!strncmp(url, "postgres://", 11) || !strncmp(url, "postgresql://", 13) || access(path, R_OK) == 0)
		return 0;
	fprintf(stderr, "techbridge %s: cannot open %s: no such file\n", cmd, url);
	return CLI_EXIT_FAIL;
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "techbridge %s: ", cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return CLI_EXIT_USAGE;
}

/* The language of validation messages (issue #16): --lang zh|en anywhere on
 * the command line (removed before the command sees it), else LC_ALL,
 * LC_MESSAGES, LANG; English when none names Chinese. */
static enum tb_lang cli_lang_v = TB_LANG_EN;

enum tb_lang cli_lang(void)
{
	return cli_lang_v;
}

void cli_field_error(const struct tb_field_error *fe)
{
	char msg[400];
	tb_msg_full(fe, cli_lang_v, msg, sizeof(msg));
	fprintf(stderr, "%s\n", msg);
}

static void lang_init(int *argc, char **argv)
{
	const char *env = getenv("LC_ALL");
	if (!env || !*env)
		env = getenv("LC_MESSAGES");
	if (!env || !*env)
		env = getenv("LANG");
	cli_lang_v = tb_lang_parse(env, TB_LANG_EN);
	for (int i = 1; i < *argc; i++) {
		const char *v = NULL;
		int drop = 0;
		if (!strcmp(argv[i], "--lang") && i + 1 < *argc)
			v = argv[i + 1], drop = 2;
		else if (!strncmp(argv[i], "--lang=", 7))
			v = argv[i] + 7, drop = 1;
		if (!drop)
			continue;
		cli_lang_v = tb_lang_parse(v, TB_LANG_EN);
		for (int j = i; j + drop <= *argc; j++)
			argv[j] = argv[j + drop];
		*argc -= drop;
		i--;
	}
}

/* TB_PWHASH=test: the test suite's cheap password hashes (docs/security.md).
 * Read once, here, before any command runs; any other non-empty value is a
 * mistake that must not silently mean "normal cost". serve checks that a
 * test clock goes with it (server/serve.c). */
static int pwhash_setting(void)
{
	const char *v = getenv("TB_PWHASH");
	if (!v || !*v)
		return 0;
	if (strcmp(v, "test") != 0) {
		fprintf(stderr, "techbridge: TB_PWHASH must be 'test' or unset, not '%s'\n", v);
		return CLI_EXIT_USAGE;
	}
	password_cost_set_test(true);
	return 0;
}

int cli_main(int argc, char **argv, const struct cli_command *more)
{
	int rc;
	more_commands = more;
	lang_init(&argc, argv);
	if ((rc = pwhash_setting()))
		return rc;
	if (argc < 2)
		return cmd_help(argc, argv), CLI_EXIT_USAGE;
	for (const struct cli_command *c = cli_commands; c->name; c++)
		if (strcmp(c->name, argv[1]) == 0)
			return c->run(argc - 1, argv + 1);
	for (const struct cli_command *c = more; c && c->name; c++)
		if (strcmp(c->name, argv[1]) == 0)
			return c->run(argc - 1, argv + 1);
	fprintf(stderr, "techbridge: unknown command '%s' (try 'techbridge help')\n", argv[1]);
	return CLI_EXIT_USAGE;
}

int cli_print_json(const char *cmd, json_t *o)
{
	char *s = o ? json_dumps(o, JSON_INDENT(2) | JSON_SORT_KEYS) : NULL;
	json_decref(o);
	if (!s)
		return fprintf(stderr, "techbridge %s: out of memory\n", cmd), CLI_EXIT_FAIL;
	puts(s);
	free(s);
	return CLI_EXIT_OK;
}

int cli_open_db(const char *cmd, const char *db, struct store **st)
{
	int rc, applied;
	if (!db)
		return cli_usage_error(cmd, "--db PATH is required");
	if ((rc = app_open(db, 1, &applied, st)))
		return fprintf(stderr, "techbridge %s: cannot open %s: %s\n", cmd, app_url_shown(db),
		               app_open_error(rc)), CLI_EXIT_FAIL;
	return CLI_EXIT_OK;
}

const void *cli_sub_find(int argc, char **argv, const void *table, size_t n, size_t size)
{
	for (size_t i = 0; argc > 1 && i < n; i++) {
		const void *e = (const char *)table + i * size;
		if (!strcmp(argv[1], *(const char *const *)e))
			return e;
	}
	return NULL;
}

int cli_run_sub(const char *cmd, int argc, char **argv, const struct cli_sub *subs, size_t n,
                const char *usage, size_t arena_cap)
{
	const struct cli_sub *s = cli_sub_find(argc, argv, subs, n, sizeof(*subs));
	struct store *st;
	struct arena a;
	int rc;
	if (!s)
		return cli_usage_error(cmd, "%s", usage);
	if ((rc = cli_open_db(cmd, cli_opt(argc, argv, "--db", NULL), &st)))
		return rc;
	arena_init(&a, arena_cap);
	rc = s->fn(argc, argv, st, &a);
	arena_release(&a);
	app_close(st);
	return rc;
}

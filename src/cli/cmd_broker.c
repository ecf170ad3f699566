/* cmd_broker.c - `techbridge broker ...`: the brokerage writes of the API from
 * the command line, as a trusted operator (role admin, user 0 in the audit
 * log), with the same domain rules (docs/docking.md):
 *   broker list  [--field F] [--region R] [--grade G]   (tab-separated)
 *   broker set   --user ID --institution ID --name N --grade G [--fields a,b]
 *                [--regions a,b] [--cert-no X] [--cert-date D] [--cert-expiry D]
 *   broker consent|decline|revoke --user ID --org ID
 *   broker case-open --achievement ID --demand ID [--broker ID] [--note T]
 *   broker case-advance --case ID --status S [--date D] [--note T]
 *                [--reason R] [--contract ID]
 *   broker feedback --achievement ID --demand ID --party ORG --verdict V [--reason R] [--note T]
 * Exit 0 ok, 1 runtime failure, 2 bad input (field: message on stderr). The
 * store is reached through domain/brokerage.h (no new cli -> store include). */
#include "cli/cli.h"
#include "core/arena.h"
#include "core/err.h"
#include "core/util.h"
#include "domain/app.h"
#include "domain/brokerage.h"
#include "model/names.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int64_t opt_id(int argc, char **argv, const char *name)
{
	const char *s = cli_opt(argc, argv, name, NULL);
	int64_t v;
	return s && parse_i64(s, &v) && v > 0 ? v : 0;
}

static int done(int rc, const struct tb_field_error *fe)
{
	if (!rc)
		return CLI_EXIT_OK;
	if (fe->field[0])
		fprintf(stderr, "%s: %s\n", fe->field, fe->message);
	else
		fprintf(stderr, "techbridge broker: %s\n", tb_strerror(rc));
	return rc == TB_EINVAL || rc == TB_ENOTFOUND || rc == TB_ESTATE || rc == TB_EPERM ? CLI_EXIT_USAGE
											   : CLI_EXIT_FAIL;
}

static int b_list(int argc, char **argv, struct store *st, struct arena *a)
{
	struct broker_query q = { 0 };
	struct broker *rows;
	int n, rc;
	int64_t total;
	q.field = cli_opt(argc, argv, "--field", NULL);
	q.region = cli_opt(argc, argv, "--region", NULL);
	q.grade = cli_opt(argc, argv, "--grade", NULL);
	q.limit = 1000;
	if (q.grade && !name_in(broker_grades, q.grade))
		return fprintf(stderr, "grade: must be junior, middle or senior\n"), CLI_EXIT_USAGE;
	if ((rc = brokerage_broker_list(st, a, &q, &rows, &n, &total)))
		return fprintf(stderr, "techbridge broker list: %s\n", tb_strerror(rc)), CLI_EXIT_FAIL;
	for (int i = 0; i < n; i++) {
		printf("%lld\t%s\t%s\t%s\t%s\t%s\n", (long long)rows[i].user_id, rows[i].name, rows[i].grade,
		       rows[i].institution_name ? rows[i].institution_name : "-", rows[i].fields ? rows[i].fields : "-",
		       rows[i].regions ? rows[i].regions : "-");
	}
	return CLI_EXIT_OK;
}

int cmd_broker(int argc, char **argv)
{
	const char *db = cli_opt(argc, argv, "--db", "techbridge.db");
	const char *sub = argc > 1 ? argv[1] : NULL;
	struct tb_field_error fe = { { 0 }, { 0 } };
	struct actor by = { 0, 0, "admin" };
	struct store *st = NULL;
	struct arena a;
	int rc, out;

	if (!sub)
		return cli_usage_error("broker", "a subcommand is required");
	if ((rc = app_open(db, 0, NULL, &st)))
		return fprintf(stderr, "techbridge broker: cannot open %s: %s\n", app_url_shown(db), app_open_error(rc)), CLI_EXIT_FAIL;
	arena_init(&a, 64 << 20);
	if (!strcmp(sub, "list")) {
		out = b_list(argc, argv, st, &a);
	} else if (!strcmp(sub, "set")) {
		struct broker b = { 0 };
		b.user_id = opt_id(argc, argv, "--user");
		b.institution_id = opt_id(argc, argv, "--institution");
		b.name = cli_opt(argc, argv, "--name", NULL);
		b.grade = cli_opt(argc, argv, "--grade", NULL);
		b.fields = cli_opt(argc, argv, "--fields", NULL);
		b.regions = cli_opt(argc, argv, "--regions", NULL);
		b.cert_no = cli_opt(argc, argv, "--cert-no", NULL);
		b.cert_date = cli_opt(argc, argv, "--cert-date", NULL);
		b.cert_expiry = cli_opt(argc, argv, "--cert-expiry", NULL);
		out = done(broker_save(st, &a, &by, &b, &fe), &fe);
		if (out == CLI_EXIT_OK)
			printf("broker %lld saved\n", (long long)b.user_id);
	} else if (!strcmp(sub, "consent") || !strcmp(sub, "decline") || !strcmp(sub, "revoke")) {
		int64_t u = opt_id(argc, argv, "--user"), o = opt_id(argc, argv, "--org");
		if (!u || !o)
			out = (fprintf(stderr, "%s: is required\n", u ? "org" : "user"), CLI_EXIT_USAGE);
		else if ((out = done(rep_decide(st, &a, &by, u, o, sub, NULL, &fe), &fe)) == CLI_EXIT_OK)
			printf("representation of org %lld by broker %lld: %s\n", (long long)o, (long long)u, sub);
	} else if (!strcmp(sub, "case-open")) {
		struct dcase k = { 0 };
		k.achievement_id = opt_id(argc, argv, "--achievement");
		k.demand_id = opt_id(argc, argv, "--demand");
		k.broker_id = opt_id(argc, argv, "--broker");
		k.origin = "manual";
		k.match_score = -1;
		k.match_strength = -1;
		by.user_id = k.broker_id; /* the case's broker is its actor; 0 = the operator */
		by.role = k.broker_id ? "broker" : "admin";
		if (!k.broker_id)
			by.user_id = 0;
		out = done(case_open(st, &a, &by, &k, cli_opt(argc, argv, "--note", NULL), &fe), &fe);
		if (out == CLI_EXIT_OK)
			printf("case %lld opened\n", (long long)k.id);
	} else if (!strcmp(sub, "case-advance")) {
		struct dcase k;
		struct dcase cur;
		int64_t id = opt_id(argc, argv, "--case");
		if (!id || brokerage_case_get(st, &a, id, &cur))
			out = (fprintf(stderr, "case: no such case\n"), CLI_EXIT_USAGE);
		else {
			by.user_id = cur.broker_id; /* acts as the case's broker, or as the operator */
			by.role = cur.broker_id ? "broker" : "admin";
			out = done(case_advance(st, &a, &by, id, cli_opt(argc, argv, "--status", NULL),
						cli_opt(argc, argv, "--date", NULL), cli_opt(argc, argv, "--note", NULL), NULL,
						cli_opt(argc, argv, "--reason", NULL), opt_id(argc, argv, "--contract"), &k,
						&fe),
				   &fe);
			if (out == CLI_EXIT_OK)
				printf("case %lld: %s\n", (long long)id, k.status);
		}
	} else if (!strcmp(sub, "feedback")) {
		struct match_feedback f;
		int created = 0;
		by.user_id = 1;
		by.org_id = opt_id(argc, argv, "--party");
		out = done(feedback_put(st, &a, &by, by.org_id, opt_id(argc, argv, "--achievement"),
					opt_id(argc, argv, "--demand"), cli_opt(argc, argv, "--verdict", ""),
					cli_opt(argc, argv, "--reason", NULL), cli_opt(argc, argv, "--note", NULL), &f,
					&created, &fe),
			   &fe);
		if (out == CLI_EXIT_OK)
			printf("feedback %lld %s\n", (long long)f.id, created ? "recorded" : "replaced");
	} else {
		out = cli_usage_error("broker", "unknown subcommand");
	}
	arena_release(&a);
	app_close(st);
	return out;
}

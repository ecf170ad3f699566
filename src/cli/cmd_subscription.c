/* cmd_subscription.c - `techbridge subscription add|list|delete`: a user's
 * saved searches, followed organisations and own-match alerts (issue #16),
 * the same rules as /api/subscriptions (domain/alerts.h). Exit 0 ok, 1
 * runtime failure, 2 bad input (field: message). */
#include "cli/cli.h"
#include "core/arena.h"
#include "core/err.h"
#include "core/util.h"
#include "domain/account_ops.h"
#include "domain/alerts.h"
#include "domain/app.h"
#include <stdio.h>
#include <string.h>

static int find_user(struct store *st, struct arena *a, const char *email, struct user *u)
{
	if (!email)
		return fprintf(stderr, "email: is required (--email)\n"), TB_EINVAL;
	if (account_user_find(st, a, email, u))
		return fprintf(stderr, "email: no such user\n"), TB_EINVAL;
	return TB_OK;
}

int cmd_subscription(int argc, char **argv)
{
	const char *db = cli_opt(argc, argv, "--db", "techbridge.db");
	const char *verb = argc > 1 ? argv[1] : "";
	const char *email = cli_opt(argc, argv, "--email", NULL);
	bool json = cli_flag(argc, argv, "--json");
	struct store *st;
	struct arena a;
	struct user u;
	int rc, exit_code = CLI_EXIT_OK;

	if (strcmp(verb, "add") && strcmp(verb, "list") && strcmp(verb, "delete"))
		return cli_usage_error("subscription", "add|list|delete --db PATH --email E ...");
	if ((rc = app_open(db, 0, NULL, &st)))
		return fprintf(stderr, "techbridge subscription: cannot open %s: %s\n", app_url_shown(db),
		               app_open_error(rc)), CLI_EXIT_FAIL;
	arena_init(&a, 16u << 20);
	if ((rc = find_user(st, &a, email, &u))) {
		exit_code = CLI_EXIT_USAGE;
		goto out;
	}
	if (!strcmp(verb, "add")) {
		struct subscription x;
		struct tb_field_error fe;
		const char *v;
		int64_t n;
		double d;
		memset(&x, 0, sizeof(x));
		x.user_id = u.id;
		x.kind = cli_opt(argc, argv, "--kind", "search");
		x.target = cli_opt(argc, argv, "--target", "achievement");
		x.q = cli_opt(argc, argv, "--q", NULL);
		x.field = cli_opt(argc, argv, "--field", NULL);
		x.city = cli_opt(argc, argv, "--city", NULL);
		if ((v = cli_opt(argc, argv, "--trl-min", NULL))) {
			if (!parse_i64(v, &n) || n < 0 || n > 9) {
				fprintf(stderr, "trl_min: must be 0 (any) or 1 to 9\n");
				exit_code = CLI_EXIT_USAGE;
				goto out;
			}
			x.trl_min = (int)n;
		}
		if ((v = cli_opt(argc, argv, "--org", NULL)) && (!parse_i64(v, &x.org_id) || x.org_id < 1)) {
			fprintf(stderr, "org_id: must be an organisation id\n");
			exit_code = CLI_EXIT_USAGE;
			goto out;
		}
		if ((v = cli_opt(argc, argv, "--min-score", NULL))) {
			if (!parse_double(v, &d)) {
				fprintf(stderr, "min_score: must be a number\n");
				exit_code = CLI_EXIT_USAGE;
				goto out;
			}
			x.min_score = d;
		}
		if ((rc = subscription_add(st, &x, &fe))) {
			fprintf(stderr, "%s: %s\n", fe.field, fe.message);
			exit_code = rc == TB_EINVAL || rc == TB_ELIMIT ? CLI_EXIT_USAGE : CLI_EXIT_FAIL;
			goto out;
		}
		printf(json ? "{\"id\":%lld}\n" : "subscription %lld saved\n", (long long)x.id);
	} else if (!strcmp(verb, "list")) {
		struct subscription *rows;
		int n;
		if ((rc = subscription_list(st, &a, u.id, NULL, &rows, &n))) {
			fprintf(stderr, "techbridge subscription: %s\n", tb_strerror(rc));
			exit_code = CLI_EXIT_FAIL;
			goto out;
		}
		for (int i = 0; i < n; i++)
			printf("%lld\t%s\t%s\tq=%s\tfield=%s\tcity=%s\ttrl_min=%d\torg=%lld\tmin_score=%g\n",
			       (long long)rows[i].id, rows[i].kind, rows[i].target,
			       rows[i].q ? rows[i].q : "", rows[i].field ? rows[i].field : "",
			       rows[i].city ? rows[i].city : "", rows[i].trl_min, (long long)rows[i].org_id,
			       rows[i].min_score);
	} else {
		int64_t id;
		const char *v = cli_opt(argc, argv, "--id", NULL);
		if (!v || !parse_i64(v, &id) || id < 1) {
			fprintf(stderr, "id: is required (--id N)\n");
			exit_code = CLI_EXIT_USAGE;
			goto out;
		}
		if ((rc = subscription_delete(st, u.id, id))) {
			fprintf(stderr, rc == TB_ENOTFOUND ? "id: no such subscription of this user\n"
			                                   : "techbridge subscription: failed\n");
			exit_code = rc == TB_ENOTFOUND ? CLI_EXIT_USAGE : CLI_EXIT_FAIL;
			goto out;
		}
		printf("subscription %lld deleted\n", (long long)id);
	}
out:
	arena_release(&a);
	app_close(st);
	return exit_code;
}

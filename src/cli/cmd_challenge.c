/* cmd_challenge.c - `techbridge challenge ...`: the 揭榜挂帅 service
 * (domain/challenge.h) from the command line, one subcommand per API write
 * action, with the same rules: sealed applications, conflict exclusion,
 * guarded transitions, tranches paid once. Without --as the operator acts as
 * the science bureau; --as EMAIL acts as that account (a team applies,
 * reports milestones; an expert scores; the end user accepts). Lists take
 * repeated options whose parts are separated by '|', e.g.
 * --indicator '重复定位精度|0.02|mm'. --json prints the API's objects. */
#include "api/present.h"
#include "cli/cli.h"
#include "core/err.h"
#include "core/util.h"
#include "domain/account_ops.h"
#include "domain/app.h"
#include "domain/challenge.h"
#include "domain/contract.h"
#include "domain/money.h"
#include <jansson.h>
#include <stdio.h>
#include <string.h>

static int fail(int rc, const struct tb_field_error *fe)
{
	if (fe->field[0])
		cli_field_error(fe);
	else
		fprintf(stderr, "techbridge challenge: %s\n", tb_strerror(rc));
	return rc == TB_EINVAL || rc == TB_ECONFLICT || rc == TB_ESTATE || rc == TB_EPERM ||
	       rc == TB_ENOTFOUND ? CLI_EXIT_USAGE : CLI_EXIT_FAIL;
}

static const char *now_iso(struct arena *a)
{
	char b[32];
	fmt_iso8601(now_unix(), b);
	return arena_strdup(a, b);
}

/* "a|b|c" -> parts (arena copies); missing parts are NULL. */
static void split(struct arena *a, const char *s, const char **p, int max)
{
	char *c = arena_strdup(a, s);
	for (int i = 0; i < max; i++) {
		char *bar = c ? strchr(c, '|') : NULL;
		p[i] = c && *c ? c : NULL;
		if (bar)
			*bar = 0;
		c = bar ? bar + 1 : NULL;
	}
}

static bool fen(const char *s, int64_t *out)
{
	return s && parse_i64(s, out) && *out >= 0 && *out <= MONEY_MAX_FEN;
}

/* Every "--key value" occurrence turned into a line of `kind`. layout: the
 * order of the parts, each one of n(ame) v(alue) u(nit) o(note) w(eight)
 * f(en amount) r(ef id). */
static int lines_of(int argc, char **argv, struct arena *a, const char *key, const char *kind,
                    const char *layout, struct ch_line *out, int *n, int max)
{
	for (int i = 1; i + 1 < argc; i++) {
		const char *p[6];
		struct ch_line *l;
		int64_t v;
		if (strcmp(argv[i], key))
			continue;
		if (*n >= max)
			return cli_usage_error("challenge", "too many %s", key);
		l = &out[(*n)++];
		memset(l, 0, sizeof(*l));
		l->kind = kind;
		split(a, argv[++i], p, 6);
		for (int k = 0; layout[k]; k++) {
			switch (layout[k]) {
			case 'n': l->name = p[k]; break;
			case 'v': l->value = p[k]; break;
			case 'u': l->unit = p[k]; break;
			case 'o': l->note = p[k]; break;
			case 'w':
				if (p[k] && (!parse_i64(p[k], &v) || v < 0 || v > 100))
					return cli_usage_error("challenge", "%s: weight must be 0..100", key);
				l->weight = p[k] ? (int)v : 0;
				break;
			case 'f':
				if (!fen(p[k], &l->amount_fen))
					return cli_usage_error("challenge", "%s: amount must be fen 0..%lld", key,
					                       (long long)MONEY_MAX_FEN);
				break;
			case 'r':
				if (!p[k] || !parse_i64(p[k], &l->ref_id) || l->ref_id <= 0)
					return cli_usage_error("challenge", "%s: needs an id", key);
				break;
			}
		}
	}
	return CLI_EXIT_OK;
}

static int id_arg(int argc, char **argv, int64_t *id)
{
	if (argc < 3 || !parse_i64(argv[2], id) || *id <= 0)
		return cli_usage_error("challenge", "%s needs an id", argv[1]);
	return CLI_EXIT_OK;
}

static int opt_id(int argc, char **argv, const char *key, bool required, int64_t *out)
{
	const char *v = cli_opt(argc, argv, key, NULL);
	if (!v)
		return required ? cli_usage_error("challenge", "%s ID is required", key) : CLI_EXIT_OK;
	if (!parse_i64(v, out) || *out <= 0)
		return cli_usage_error("challenge", "%s takes an id", key);
	return CLI_EXIT_OK;
}

static int show(struct store *st, struct arena *a, const struct ch_actor *by, int64_t id, bool js)
{
	struct ch_full x;
	struct tb_field_error fe = { 0 };
	int rc;
	if ((rc = challenge_get(st, a, by, id, &x)))
		return fail(rc, &fe);
	if (js) {
		cli_print_json("challenge", challenge_json(&x.c, x.lines, x.nlines));
	} else {
		char m[32];
		money_format(x.c.budget_fen, m);
		printf("%lld\t%s\t%s\t%s\t%s\n", (long long)x.c.id, x.c.status,
		       x.c.title_zh ? x.c.title_zh : x.c.title_en, m, x.c.deadline);
	}
	return CLI_EXIT_OK;
}

static int ch_list(int argc, char **argv, struct store *st, struct arena *a)
{
	struct ch_query q;
	struct challenge *rows;
	int64_t total;
	int n, rc;
	json_t *arr = NULL;
	memset(&q, 0, sizeof(q));
	q.status = cli_opt(argc, argv, "--status", NULL);
	q.field = cli_opt(argc, argv, "--field", NULL);
	q.limit = 1000;
	if (q.status && !name_in(challenge_statuses, q.status))
		return cli_usage_error("challenge", "--status: unknown status");
	if ((rc = ch_read_list(st, a, &q, &rows, &n, &total)))
		return fprintf(stderr, "techbridge challenge: %s\n", tb_strerror(rc)), CLI_EXIT_FAIL;
	if (cli_flag(argc, argv, "--json"))
		arr = json_array();
	else
		printf("id\tstatus\ttitle\tbudget_yuan\tdeadline\n");
	for (int i = 0; i < n; i++) {
		char m[32];
		if (arr) {
			json_array_append_new(arr, challenge_json(&rows[i], NULL, 0));
			continue;
		}
		money_format(rows[i].budget_fen, m);
		printf("%lld\t%s\t%s\t%s\t%s\n", (long long)rows[i].id, rows[i].status,
		       rows[i].title_zh ? rows[i].title_zh : rows[i].title_en, m, rows[i].deadline);
	}
	if (arr)
		cli_print_json("challenge", arr);
	return CLI_EXIT_OK;
}

static int ch_create(int argc, char **argv, struct store *st, struct arena *a,
                     const struct ch_actor *by)
{
	struct ch_full x;
	/* Each line takes two arguments: argc/2 bounds them (no fixed array). */
	struct ch_line *lines = arena_alloc(a, sizeof(*lines) * (size_t)(argc / 2 + 1));
	struct tb_field_error fe = { 0 };
	const char *v;
	int64_t num;
	int n = 0, rc;

	if (!lines)
		return fail(TB_ENOMEM, &fe);
	memset(&x, 0, sizeof(x));
	x.c.notice_days = -1;
	x.c.max_winners = 1;
	if ((rc = opt_id(argc, argv, "--issuer", false, &x.c.issuer_org_id)) ||
	    (rc = opt_id(argc, argv, "--demand", false, &x.c.demand_id)) ||
	    (rc = opt_id(argc, argv, "--end-user", false, &x.c.end_user_org_id)))
		return rc;
	x.c.title_zh = cli_opt(argc, argv, "--title", NULL);
	x.c.title_en = cli_opt(argc, argv, "--title-en", NULL);
	x.c.problem = cli_opt(argc, argv, "--problem", NULL);
	x.c.field = cli_opt(argc, argv, "--field", NULL);
	x.c.region = cli_opt(argc, argv, "--region", NULL);
	x.c.deadline = cli_opt(argc, argv, "--deadline", NULL);
	x.c.period_start = cli_opt(argc, argv, "--period-start", NULL);
	x.c.period_end = cli_opt(argc, argv, "--period-end", NULL);
	x.c.acceptance = cli_opt(argc, argv, "--acceptance", NULL);
	x.c.eligibility = cli_opt(argc, argv, "--eligibility", NULL);
	if (!fen(cli_opt(argc, argv, "--budget-fen", NULL), &x.c.budget_fen))
		return cli_usage_error("challenge", "--budget-fen N (0..%lld) is required", (long long)MONEY_MAX_FEN);
	if ((v = cli_opt(argc, argv, "--max-winners", NULL))) {
		if (!parse_i64(v, &num) || num < 1 || num > 10)
			return cli_usage_error("challenge", "--max-winners must be 1..10");
		x.c.max_winners = (int)num;
	}
	if ((v = cli_opt(argc, argv, "--notice-days", NULL))) {
		if (!parse_i64(v, &num) || num < 0 || num > 30)
			return cli_usage_error("challenge", "--notice-days must be 0..30");
		x.c.notice_days = (int)num;
	}
	if ((rc = lines_of(argc, argv, a, "--indicator", "indicator", "nvu", lines, &n, argc / 2 + 1)) ||
	    (rc = lines_of(argc, argv, a, "--deliverable", "deliverable", "n", lines, &n, argc / 2 + 1)) ||
	    (rc = lines_of(argc, argv, a, "--stage", "stage", "nuf", lines, &n, argc / 2 + 1)) ||
	    (rc = lines_of(argc, argv, a, "--criterion", "criterion", "nw", lines, &n, argc / 2 + 1)) ||
	    (rc = lines_of(argc, argv, a, "--contact", "contact", "nv", lines, &n, argc / 2 + 1)))
		return rc;
	x.lines = lines;
	x.nlines = n;
	if ((rc = challenge_create(st, a, by, &x, &fe)))
		return fail(rc, &fe);
	return show(st, a, by, x.c.id, cli_flag(argc, argv, "--json"));
}

static int ch_apply(int argc, char **argv, struct store *st, struct arena *a,
                    const struct ch_actor *by)
{
	struct ch_app_full x;
	struct ch_line *lines = arena_alloc(a, sizeof(*lines) * (size_t)(argc / 2 + 1));
	struct tb_field_error fe = { 0 };
	int n = 0, rc;
	if (!lines)
		return fail(TB_ENOMEM, &fe);
	memset(&x, 0, sizeof(x));
	if ((rc = id_arg(argc, argv, &x.app.challenge_id)) ||
	    (rc = opt_id(argc, argv, "--team", true, &x.app.team_org_id)))
		return rc;
	x.app.plan = cli_opt(argc, argv, "--plan", NULL);
	if ((rc = lines_of(argc, argv, a, "--member", "member", "nv", lines, &n, argc / 2 + 1)) ||
	    (rc = lines_of(argc, argv, a, "--consortium", "consortium", "rw", lines, &n, argc / 2 + 1)) ||
	    (rc = lines_of(argc, argv, a, "--achievement", "achievement", "r", lines, &n, argc / 2 + 1)) ||
	    (rc = lines_of(argc, argv, a, "--budget", "budget", "nf", lines, &n, argc / 2 + 1)) ||
	    (rc = lines_of(argc, argv, a, "--milestone", "milestone", "nvufo", lines, &n, argc / 2 + 1)))
		return rc;
	x.lines = lines;
	x.nlines = n;
	if ((rc = challenge_apply(st, a, by, &x, now_iso(a), &fe)))
		return fail(rc, &fe);
	if (cli_flag(argc, argv, "--json"))
		cli_print_json("challenge", ch_app_json(&x.app, x.lines, x.nlines));
	else
		printf("%lld\t%s\t%lld\n", (long long)x.app.id, x.app.status, (long long)x.app.requested_fen);
	return CLI_EXIT_OK;
}

/* `challenge app-edit APP_ID --plan P [--member ...]`: the team edits its
 * submitted application before the deadline (PUT /api/challenge-applications/
 * {id}), the whole application as `apply` takes it; the version it replaces
 * is kept. --as names the team's account (the application is sealed from
 * everyone else: another team's id is "not found"). */
static int ch_app_edit(int argc, char **argv, struct store *st, struct arena *a,
                       const struct ch_actor *by)
{
	struct ch_app_full x;
	struct ch_line lines[200];
	struct tb_field_error fe = { 0 };
	int64_t id;
	int n = 0, version = 0, rc;
	memset(&x, 0, sizeof(x));
	if ((rc = id_arg(argc, argv, &id)))
		return rc;
	x.app.plan = cli_opt(argc, argv, "--plan", NULL);
	if ((rc = lines_of(argc, argv, a, "--member", "member", "nv", lines, &n, 200)) ||
	    (rc = lines_of(argc, argv, a, "--consortium", "consortium", "rw", lines, &n, 200)) ||
	    (rc = lines_of(argc, argv, a, "--achievement", "achievement", "r", lines, &n, 200)) ||
	    (rc = lines_of(argc, argv, a, "--budget", "budget", "nf", lines, &n, 200)) ||
	    (rc = lines_of(argc, argv, a, "--milestone", "milestone", "nvufo", lines, &n, 200)))
		return rc;
	x.lines = lines;
	x.nlines = n;
	if ((rc = challenge_app_edit(st, a, by, id, &x, now_iso(a), &version, &fe)))
		return fail(rc, &fe);
	if (cli_flag(argc, argv, "--json")) {
		json_t *o = ch_app_json(&x.app, x.lines, x.nlines);
		json_object_set_new(o, "version", json_integer(version));
		cli_print_json("challenge", o);
	} else {
		printf("%lld\t%s\t%lld\tversion %d\n", (long long)x.app.id, x.app.status,
		       (long long)x.app.requested_fen, version);
	}
	return CLI_EXIT_OK;
}

static int ch_apps(int argc, char **argv, struct store *st, struct arena *a, const struct ch_actor *by)
{
	struct ch_app *apps;
	struct tb_field_error fe = { 0 };
	int64_t id;
	bool sealed;
	int n, rc;
	if ((rc = id_arg(argc, argv, &id)))
		return rc;
	if ((rc = challenge_apps_visible(st, a, by, id, now_iso(a), &apps, &n, &sealed)))
		return fail(rc, &fe);
	if (sealed)
		fprintf(stderr, "sealed until the deadline: only your team's applications are shown\n");
	for (int i = 0; i < n; i++)
		printf("%lld\t%s\t%s\t%lld\n", (long long)apps[i].id, apps[i].team_name, apps[i].status,
		       (long long)apps[i].requested_fen);
	return CLI_EXIT_OK;
}

static int ch_ranking(int argc, char **argv, struct store *st, struct arena *a, const struct ch_actor *by)
{
	struct ch_rank *rk;
	struct tb_field_error fe = { 0 };
	int64_t id;
	int n, rc;
	if ((rc = id_arg(argc, argv, &id)))
		return rc;
	if ((rc = challenge_ranking(st, a, by, id, &rk, &n)))
		return fail(rc, &fe);
	printf("rank\tapp_id\tteam\ttotal\tspread\texperts\n");
	for (int i = 0; i < n; i++)
		printf("%d\t%lld\t%s\t%.2f\t%.2f\t%d\n", rk[i].rank, (long long)rk[i].app_id, rk[i].team_name,
		       rk[i].total, rk[i].spread, rk[i].experts);
	return CLI_EXIT_OK;
}

static int ch_write(int argc, char **argv, struct store *st, struct arena *a, const struct ch_actor *by)
{
	const char *sub = argv[1], *now = now_iso(a);
	struct tb_field_error fe = { 0 };
	struct challenge c;
	struct ch_milestone m;
	int64_t id;
	int rc;
	char day[16];
	snprintf(day, sizeof(day), "%.10s", now);
	if ((rc = id_arg(argc, argv, &id)))
		return rc;
	if (!strcmp(sub, "expert")) {
		struct ch_expert e;
		int64_t uid = 0;
		if ((rc = opt_id(argc, argv, "--user", true, &uid)))
			return rc;
		if ((rc = challenge_assign_expert(st, a, by, id, uid, cli_opt(argc, argv, "--conflict", NULL), &e, &fe)))
			return fail(rc, &fe);
		printf("%lld\t%lld\t%s\t%s\n", (long long)id, (long long)uid, e.status, e.reason ? e.reason : "");
		return CLI_EXIT_OK;
	}
	if (!strcmp(sub, "score")) {
		/* every --score given (a fixed 64 dropped the rest, issue #13) */
		struct ch_score *sc = arena_alloc(a, sizeof(*sc) * (size_t)(argc / 2 + 1));
		int n = 0;
		if (!sc)
			return fail(TB_ENOMEM, &fe);
		for (int i = 3; i + 1 < argc; i++) {
			const char *p[3];
			int64_t k, s;
			if (strcmp(argv[i], "--score"))
				continue;
			split(a, argv[++i], p, 3);
			if (!p[0] || !p[1] || !parse_i64(p[0], &k) || !parse_i64(p[1], &s) || k < 1 || k > 1000)
				return cli_usage_error("challenge", "--score 'CRITERION|SCORE[|COMMENT]'");
			memset(&sc[n], 0, sizeof(sc[n]));
			sc[n].criterion = (int)k;
			sc[n].score = (int)(s < 0 || s > 100 ? -1 : s);
			sc[n].comment = p[2];
			n++;
		}
		if ((rc = challenge_score(st, a, by, id, sc, n, &fe)))
			return fail(rc, &fe);
		printf("%lld\tscored %d\n", (long long)id, n);
		return CLI_EXIT_OK;
	}
	if (!strcmp(sub, "select")) {
		int64_t ids[10], days = -1;
		int n = 0;
		const char *w = cli_opt(argc, argv, "--winners", NULL), *v;
		const char *p[10];
		if (!w)
			return cli_usage_error("challenge", "--winners APP[,APP...] is required");
		{
			char *cp = arena_strdup(a, w);
			for (char *t = cp; t && n < 10; n++) {
				char *comma = strchr(t, ',');
				if (comma)
					*comma = 0;
				p[n] = t;
				t = comma ? comma + 1 : NULL;
			}
		}
		for (int i = 0; i < n; i++)
			if (!parse_i64(p[i], &ids[i]) || ids[i] <= 0)
				return cli_usage_error("challenge", "--winners takes application ids");
		if ((v = cli_opt(argc, argv, "--notice-days", NULL)) && (!parse_i64(v, &days) || days < 0 || days > 30))
			return cli_usage_error("challenge", "--notice-days must be 0..30");
		rc = challenge_select(st, a, by, id, ids, n, (int)days, day, &c, &fe);
	} else if (!strcmp(sub, "object")) {
		struct ch_objection o;
		int64_t app = 0;
		if ((rc = opt_id(argc, argv, "--app", false, &app)))
			return rc;
		if ((rc = challenge_object(st, a, by, id, app, cli_opt(argc, argv, "--text", NULL), &o, &fe)))
			return fail(rc, &fe);
		printf("%lld\t%s\n", (long long)o.id, o.status);
		return CLI_EXIT_OK;
	} else if (!strcmp(sub, "uphold") || !strcmp(sub, "dismiss")) {
		if ((rc = challenge_objection_decide(st, a, by, id, !strcmp(sub, "uphold"),
		                                     cli_opt(argc, argv, "--resolution", NULL), &fe)))
			return fail(rc, &fe);
		printf("%lld\t%s\n", (long long)id, !strcmp(sub, "uphold") ? "upheld" : "dismissed");
		return CLI_EXIT_OK;
	} else if (!strcmp(sub, "confirm")) {
		rc = challenge_confirm(st, a, by, id, day, &c, &fe);
	} else if (!strcmp(sub, "contract")) {
		struct contract k;
		if ((rc = challenge_register_contract(st, a, by, id, cli_opt(argc, argv, "--reg-no", NULL),
		                                      cli_opt(argc, argv, "--signed-on", NULL), &k, &fe)))
			return fail(rc, &fe);
		printf("%lld\t%s\t%lld\n", (long long)k.id, k.reg_no, (long long)k.amount_fen);
		return CLI_EXIT_OK;
	} else if (!strcmp(sub, "report") || !strcmp(sub, "milestone-accept") ||
	           !strcmp(sub, "milestone-reject") || !strcmp(sub, "pay")) {
		if (!strcmp(sub, "report"))
			rc = challenge_ms_report(st, a, by, id, cli_opt(argc, argv, "--evidence", NULL), now, &m, &fe);
		else if (!strcmp(sub, "pay"))
			rc = challenge_ms_pay(st, a, by, id, now, &m, &fe);
		else
			rc = challenge_ms_decide(st, a, by, id, !strcmp(sub, "milestone-accept"),
			                         cli_opt(argc, argv, "--reason", NULL), now, &m, &fe);
		if (rc)
			return fail(rc, &fe);
		if (cli_flag(argc, argv, "--json"))
			cli_print_json("challenge", ch_milestone_json(&m, day));
		else
			printf("%lld\t%s\n", (long long)m.id, m.status);
		return CLI_EXIT_OK;
	} else {
		/* submit publish return close-applications start-review start accept fail reopen close */
		char action[32];
		snprintf(action, sizeof(action), "%s", sub);
		for (char *p = action; *p; p++)
			if (*p == '-')
				*p = '_';
		rc = challenge_act(st, a, by, id, action, cli_opt(argc, argv, "--reason", NULL),
		                   cli_opt(argc, argv, "--deadline", NULL), now, &c, &fe);
	}
	if (rc)
		return fail(rc, &fe);
	return show(st, a, by, id, cli_flag(argc, argv, "--json"));
}

int cmd_challenge(int argc, char **argv)
{
	static const char *const subs[] = {
		"list", "show", "create", "submit", "publish", "return", "close-applications",
		"start-review", "start", "accept", "fail", "reopen", "close", "apply", "app-edit", "applications",
		"expert", "score", "ranking", "select", "object", "uphold", "dismiss", "confirm",
		"contract", "report", "milestone-accept", "milestone-reject", "pay", NULL };
	const char *sub = argc > 1 ? argv[1] : "", *db = cli_opt(argc, argv, "--db", "techbridge.db");
	const char *as = cli_opt(argc, argv, "--as", NULL);
	struct ch_actor who, *by = NULL;
	struct store *st;
	struct arena a;
	int rc, applied;
	int64_t id;

	if (!name_in(subs, sub))
		return cli_usage_error("challenge", "usage: challenge list|show|create|submit|publish|return|"
		                       "close-applications|start-review|start|accept|fail|reopen|close|apply|app-edit|"
		                       "applications|expert|score|ranking|select|object|uphold|dismiss|confirm|"
		                       "contract|report|milestone-accept|milestone-reject|pay ... --db PATH "
		                       "[--as EMAIL] [--json] (docs/challenges.md)");
	if ((rc = app_open(db, 0, NULL, &st)))
		return fprintf(stderr, "techbridge challenge: cannot open %s: %s\n", app_url_shown(db), app_open_error(rc)),
		       CLI_EXIT_FAIL;
	if ((rc = app_migrate(st, &applied))) {
		app_close(st);
		return fprintf(stderr, "techbridge challenge: migration failed: %s\n", tb_strerror(rc)), CLI_EXIT_FAIL;
	}
	arena_init(&a, 64u << 20);
	if (as) {
		struct user u;
		if ((rc = account_user_find(st, &a, as, &u))) {
			rc = cli_usage_error("challenge", "--as: no account %s", as);
			goto out;
		}
		memset(&who, 0, sizeof(who));
		who.user_id = u.id;
		who.org_id = u.org_id;
		who.email = u.email;
		who.role = u.role;
		who.bureau = !strcmp(u.role, "reviewer") || !strcmp(u.role, "admin");
		by = &who;
	}
	if (!strcmp(sub, "list"))
		rc = ch_list(argc, argv, st, &a);
	else if (!strcmp(sub, "show"))
		rc = (rc = id_arg(argc, argv, &id)) ? rc : show(st, &a, by, id, cli_flag(argc, argv, "--json"));
	else if (!strcmp(sub, "create"))
		rc = ch_create(argc, argv, st, &a, by);
	else if (!strcmp(sub, "apply"))
		rc = ch_apply(argc, argv, st, &a, by);
	else if (!strcmp(sub, "app-edit"))
		rc = ch_app_edit(argc, argv, st, &a, by);
	else if (!strcmp(sub, "applications"))
		rc = ch_apps(argc, argv, st, &a, by);
	else if (!strcmp(sub, "ranking"))
		rc = ch_ranking(argc, argv, st, &a, by);
	else
		rc = ch_write(argc, argv, st, &a, by);
out:
	arena_release(&a);
	app_close(st);
	return rc;
}

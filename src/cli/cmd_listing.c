/* cmd_listing.c - `techbridge achievement|demand ACTION ID`: the status
 * changes of a listing from the command line (issue #16, CLI parity), one
 * subcommand per API action: submit, publish, return, withdraw, close
 * (demands), renew, and show. Same service, same rules, same messages as
 * POST /api/{achievements,demands}/{id}/ACTION: the quality gate on submit and
 * renewal (each missing item named, exit 2), the expected-status guard
 * (--expected-status, else the status read), the return reason, the validity
 * written in the publishing transaction, subscribers alerted on publication.
 * The operator acts as role "cli" in the audit log (as `revision` does).
 * --json prints the API's object (the record with its quality checklist);
 * a refused submit with --json prints the API's 400 body on stdout. */
#include "api/present.h"
#include "cli/cli.h"
#include "core/arena.h"
#include "core/err.h"
#include "core/util.h"
#include "domain/account_ops.h"
#include "domain/alerts.h"
#include "domain/app.h"
#include "domain/catalog_ops.h"
#include "domain/lifecycle.h"
#include "domain/quality.h"
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const actions[] = { "submit", "publish", "return", "withdraw", "close", "renew",
                                       "show", NULL };

/* The record as the API returns it: its JSON with the quality checklist. */
static json_t *record_json(bool is_ach, const struct achievement *a, const struct demand *d)
{
	struct quality_report q;
	json_t *o;
	if (is_ach)
		quality_achievement(a, &q);
	else
		quality_demand(d, &q);
	o = is_ach ? achievement_json(a) : demand_json(d);
	if (o)
		json_object_set_new(o, "quality", quality_json(&q));
	return o;
}

/* The API's 400 for a listing under the threshold (api_fail_quality), as
 * lines "field: text" on stderr, or the same JSON body on stdout. */
static int refuse_quality(const char *cmd, const struct quality_report *q, bool js)
{
	const char *first = NULL;
	json_t *errors = js ? json_array() : NULL;
	for (int i = 0; i < q->n; i++) {
		const struct quality_item *it = &q->items[i];
		if (it->ok)
			continue;
		if (!first)
			first = it->field;
		if (js)
			json_array_append_new(errors, json_pack("{s:s,s:s,s:s,s:s,s:s,s:b}", "field",
			                                        it->field, "code", it->code, "error", it->en,
			                                        "zh", it->zh, "en", it->en, "blocking",
			                                        it->blocking));
	}
	if (!first)
		first = "status";
	if (js) {
		char msg[200];
		snprintf(msg, sizeof(msg), "%s: the listing scores %d of %d needed to submit; add what "
		         "the checklist names", first, q->score, q->threshold);
		cli_print_json(cmd, json_pack("{s:s,s:s,s:s,s:i,s:i,s:o,s:o}", "error", msg,
		                              "field", first, "code", "quality_below_threshold",
		                              "score", q->score, "threshold", q->threshold,
		                              "errors", errors, "quality", quality_json(q)));
		return CLI_EXIT_USAGE;
	}
	fprintf(stderr, "%s: the listing scores %d of %d needed to submit; add what the checklist "
	        "names\n", first, q->score, q->threshold);
	for (int i = 0; i < q->n; i++)
		if (!q->items[i].ok)
			fprintf(stderr, "%s: %s\n", q->items[i].field, q->items[i].en);
	return CLI_EXIT_USAGE;
}

static int fail(const char *cmd, int rc, const struct tb_field_error *fe)
{
	if (fe->field[0])
		fprintf(stderr, "%s: %s\n", fe->field, fe->message);
	else
		fprintf(stderr, "techbridge %s: %s\n", cmd, tb_strerror(rc));
	/* Bad input or a refused change (the caller's to fix): 2; the rest: 1. */
	return rc == TB_EINVAL || rc == TB_ENOTFOUND || rc == TB_ESTATE || rc == TB_ECONFLICT
	       ? CLI_EXIT_USAGE : CLI_EXIT_FAIL;
}

static int audit(struct store *st, const char *kind, int64_t id, const char *action,
                 const char *detail)
{
	struct audit_entry e;
	const char *who = getenv("USER");
	memset(&e, 0, sizeof(e));
	e.email = who ? who : "cli";
	e.role = "cli";
	e.action = action;
	e.resource = kind;
	e.resource_id = id;
	e.outcome = "ok";
	e.client_ip = "local";
	e.detail = detail;
	return audit_append(st, &e);
}

int cli_listing_decide(struct store *st, struct arena *a, bool is_ach, int64_t id,
                       const char *action, const char *reason, const char *seen,
                       const struct life_settings *ls, const char **status,
                       struct tb_field_error *fe)
{
	const char *kind = is_ach ? "achievement" : "demand";
	struct achievement x;
	struct demand d;
	char until[11];
	int rc;

	if ((rc = is_ach ? catalog_ach_get(st, a, id, &x) : catalog_dem_get(st, a, id, &d)))
		return rc;
	if (!seen)
		seen = is_ach ? x.status : d.status;
	if ((rc = lifecycle_valid_until(ls, now_unix(), until)))
		return rc;
	if ((rc = is_ach ? catalog_ach_transition(st, a, id, seen, action, reason, until, &x, fe)
	                 : catalog_dem_transition(st, a, id, seen, action, reason, until, &d, fe)))
		return rc;
	if ((rc = audit(st, kind, id, action, reason))) {
		fprintf(stderr, "techbridge %s: audit: %s\n", kind, tb_strerror(rc));
		return rc;
	}
	*status = is_ach ? x.status : d.status;
	if (!strcmp(*status, "published")) {
		int sent = 0;
		/* The server's match index is not this process's: no own_matches alerts
		 * here; the saved searches and followed organisations are alerted. */
		if (alerts_on_published(st, NULL, is_ach, id, &sent))
			fprintf(stderr, "techbridge %s: alerts for %lld failed\n", kind, (long long)id);
	}
	return TB_OK;
}

static int run(const char *cmd, int argc, char **argv, struct store *st, struct arena *a)
{
	bool is_ach = !strcmp(cmd, "achievement"), js = cli_flag(argc, argv, "--json");
	const char *action = argv[1];
	const char *reason = cli_opt(argc, argv, "--reason", NULL);
	const char *seen = cli_opt(argc, argv, "--expected-status", NULL);
	struct tb_field_error fe = { 0 };
	struct life_settings ls;
	struct achievement x;
	struct demand d;
	struct quality_report q;
	int64_t id;
	int rc;

	if (argc < 3 || !parse_i64(argv[2], &id) || id <= 0)
		return cli_usage_error(cmd, "%s needs the %s's id", action, cmd);
	if ((rc = cli_life_settings(cmd, argc, argv, &ls)))
		return rc;
	if ((rc = is_ach ? catalog_ach_get(st, a, id, &x) : catalog_dem_get(st, a, id, &d)))
		return fail(cmd, rc, &fe);
	if (is_ach)
		quality_achievement(&x, &q);
	else
		quality_demand(&d, &q);
	if (!strcmp(action, "show")) {
		if (js)
			cli_print_json(cmd, record_json(is_ach, &x, &d));
		else
			printf("%s %lld: %s, quality %d/%d%s%s\n", cmd, (long long)id,
			       is_ach ? x.status : d.status, q.score, q.threshold,
			       (is_ach ? x.expires_at : d.expires_at) ? ", valid until " : "",
			       (is_ach ? x.expires_at : d.expires_at) ? (is_ach ? x.expires_at : d.expires_at)
			                                              : "");
		return CLI_EXIT_OK;
	}
	if (!strcmp(action, "close") && is_ach)
		return cli_usage_error(cmd, "close applies to demands (an achievement is withdrawn)");
	if (strcmp(action, "return"))
		reason = NULL;
	if (reason && catalog_check_reason(reason, &fe))
		return fail(cmd, TB_EINVAL, &fe);
	if (!seen)
		seen = is_ach ? x.status : d.status;
	/* Issue #16: a vague listing is stopped before review (and renewal). */
	if ((!strcmp(action, "submit") || !strcmp(action, "renew")) && !q.ready)
		return refuse_quality(cmd, &q, js);
	if (!strcmp(action, "renew")) {
		const char *status = NULL;
		rc = lifecycle_renew(st, is_ach, is_ach ? (void *)&x : (void *)&d, false, &ls, 0, "cli",
		                     now_unix(), &status, &fe);
	} else {
		const char *status = NULL;
		rc = cli_listing_decide(st, a, is_ach, id, action, reason, seen, &ls, &status, &fe);
	}
	if (rc)
		return fail(cmd, rc, &fe);
	if ((rc = is_ach ? catalog_ach_get(st, a, id, &x) : catalog_dem_get(st, a, id, &d)))
		return fail(cmd, rc, &fe);
	if (js)
		cli_print_json(cmd, record_json(is_ach, &x, &d));
	else
		printf("%s %lld: %s%s%s\n", cmd, (long long)id, is_ach ? x.status : d.status,
		       (is_ach ? x.expires_at : d.expires_at) ? ", valid until " : "",
		       (is_ach ? x.expires_at : d.expires_at) ? (is_ach ? x.expires_at : d.expires_at)
		                                              : "");
	return CLI_EXIT_OK;
}

int cmd_listing(int argc, char **argv)
{
	const char *cmd = argv[0];
	const char *db = cli_opt(argc, argv, "--db", NULL);
	struct store *st;
	struct arena a;
	bool known = false;
	int rc;

	for (int i = 0; argc >= 2 && actions[i]; i++)
		known |= !strcmp(argv[1], actions[i]);
	if (!known)
		return cli_usage_error(cmd, "submit|publish|return|withdraw|close|renew|show ID --db PATH "
		                            "[--reason R] [--expected-status S] [--json]");
	if (!db)
		return cli_usage_error(cmd, "--db PATH is required");
	if ((rc = app_open(db, 1, NULL, &st)))
		return fprintf(stderr, "techbridge %s: cannot open %s: %s\n", cmd, db, tb_strerror(rc)),
		       CLI_EXIT_FAIL;
	arena_init(&a, 64 << 20);
	rc = run(cmd, argc, argv, st, &a);
	arena_release(&a);
	app_close(st);
	return rc;
}

/* cmd_event.c - `techbridge event ...` and `techbridge contact ...`: every
 * write of the events API (create, edit, held/cancelled with the outcome,
 * agenda, registration, check-in) and of contact requests ("我要对接": ask,
 * accept, decline) from the command line, with the same domain rules
 * (docs/docking.md). `--as EMAIL` acts as that account (required where the
 * API needs a person: registering, asking, answering); without it the
 * command acts as a trusted operator (role admin, user 0 in the audit log).
 * --json prints the API's objects. Exit 0 ok, 1 runtime failure, 2 bad
 * input (field: message on stderr). */
#include "api/present.h"
#include "cli/cli.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "core/util.h"
#include "domain/account_ops.h"
#include "domain/app.h"
#include "domain/brokerage.h"
#include "domain/event_ops.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int done(const char *cmd, int rc, const struct tb_field_error *fe)
{
	if (!rc)
		return CLI_EXIT_OK;
	if (fe && fe->field[0])
		fprintf(stderr, "%s: %s\n", fe->field, fe->message);
	else
		fprintf(stderr, "techbridge %s: %s\n", cmd, tb_strerror(rc));
	return rc == TB_EINVAL || rc == TB_ENOTFOUND || rc == TB_ESTATE || rc == TB_EPERM ||
	               rc == TB_ECONFLICT || rc == TB_EAUTH
	               ? CLI_EXIT_USAGE
	               : CLI_EXIT_FAIL;
}

/* --key N (> 0): 0 when absent, -1 when malformed (message printed). */
static int64_t id_opt(int argc, char **argv, const char *key)
{
	const char *s = cli_opt(argc, argv, key, NULL);
	int64_t v;
	if (!s)
		return 0;
	if (!parse_i64(s, &v) || v <= 0) {
		fprintf(stderr, "%s: must be a positive id\n", key + 2);
		return -1;
	}
	return v;
}

static int need_id(int argc, char **argv, const char *key, int64_t *out)
{
	*out = id_opt(argc, argv, key);
	if (*out == 0)
		fprintf(stderr, "%s: is required\n", key + 2);
	return *out > 0 ? 0 : -1;
}

struct ctx {
	struct store *st;
	struct arena *a;
	struct actor by;
	int as_user;   /* --as given */
	int json;
};

static void print_event(const struct ctx *x, const struct event *e)
{
	if (x->json)
		cli_print_json("event", event_json(e));
	else
		printf("%lld\t%s\t%s\t%s\t%s\t%lld/%d registered\t%s\n", (long long)e->id, e->starts_on, e->kind,
		       e->status, e->online ? "online" : (e->place ? e->place : "-"), (long long)e->registered,
		       e->capacity, e->title);
}

static int ev_list(int argc, char **argv, struct ctx *x)
{
	struct event *rows;
	int n, rc;
	if ((rc = brokerage_event_list(x->st, x->a, cli_opt(argc, argv, "--since", NULL),
	                               cli_opt(argc, argv, "--until", NULL), cli_opt(argc, argv, "--kind", NULL),
	                               500, &rows, &n)))
		return done("event list", rc, NULL);
	if (x->json) {
		json_t *arr = json_array();
		for (int i = 0; i < n; i++)
			json_array_append_new(arr, event_json(&rows[i]));
		cli_print_json("event", json_pack("{s:o}", "items", arr));
		return CLI_EXIT_OK;
	}
	for (int i = 0; i < n; i++)
		print_event(x, &rows[i]);
	return CLI_EXIT_OK;
}

static int ev_show(int argc, char **argv, struct ctx *x)
{
	struct event e;
	struct event_item *it;
	int64_t id;
	int n, rc;
	if (need_id(argc, argv, "--id", &id))
		return CLI_EXIT_USAGE;
	if ((rc = brokerage_event_get(x->st, x->a, id, &e)) || (rc = event_agenda(x->st, x->a, id, &it, &n)))
		return done("event show", rc, NULL);
	print_event(x, &e);
	if (!x->json) {
		if (e.outcome)
			printf("outcome: %s\n", e.outcome);
		for (int i = 0; i < n; i++)
			printf("  %s %lld\t%s\n", it[i].kind, (long long)it[i].item_id, it[i].title ? it[i].title : "");
	}
	return CLI_EXIT_OK;
}

static int ev_add(int argc, char **argv, struct ctx *x)
{
	struct tb_field_error fe = { 0 };
	struct event e = { 0 };
	const char *cap = cli_opt(argc, argv, "--capacity", NULL);
	int64_t v = 0;
	e.kind = cli_opt(argc, argv, "--kind", NULL);
	e.title = cli_opt(argc, argv, "--title", NULL);
	e.starts_on = cli_opt(argc, argv, "--starts-on", NULL);
	e.ends_on = cli_opt(argc, argv, "--ends-on", NULL);
	e.place = cli_opt(argc, argv, "--place", NULL);
	e.fields = cli_opt(argc, argv, "--fields", NULL);
	e.online = cli_flag(argc, argv, "--online");
	if ((e.organiser_org_id = id_opt(argc, argv, "--organiser")) < 0)
		return CLI_EXIT_USAGE;
	if (cap && (!parse_i64(cap, &v) || v < 0 || v > 100000))
		return fprintf(stderr, "capacity: must be 0 (unlimited) to 100000\n"), CLI_EXIT_USAGE;
	e.capacity = (int)v;
	int rc = event_create(x->st, x->a, &x->by, &e, &fe);
	if (rc)
		return done("event add", rc, &fe);
	print_event(x, &e);
	return CLI_EXIT_OK;
}

static int ev_edit(int argc, char **argv, struct ctx *x)
{
	struct tb_field_error fe = { 0 };
	struct event_patch p = { .online = -1, .capacity = -1 };
	struct event e;
	const char *cap = cli_opt(argc, argv, "--capacity", NULL), *on = cli_opt(argc, argv, "--online", NULL);
	int64_t id, v;
	int rc;
	if (need_id(argc, argv, "--id", &id))
		return CLI_EXIT_USAGE;
	p.kind = cli_opt(argc, argv, "--kind", NULL);
	p.title = cli_opt(argc, argv, "--title", NULL);
	p.starts_on = cli_opt(argc, argv, "--starts-on", NULL);
	p.ends_on = cli_opt(argc, argv, "--ends-on", NULL);
	p.place = cli_opt(argc, argv, "--place", NULL);
	p.fields = cli_opt(argc, argv, "--fields", NULL);
	if (cap) {
		if (!parse_i64(cap, &v) || v < 0 || v > 100000)
			return fprintf(stderr, "capacity: must be 0 (unlimited) to 100000\n"), CLI_EXIT_USAGE;
		p.capacity = (int)v;
	}
	if (on) {
		if (strcmp(on, "0") && strcmp(on, "1"))
			return fprintf(stderr, "online: must be 1 or 0\n"), CLI_EXIT_USAGE;
		p.online = on[0] == '1';
	}
	if ((rc = event_edit(x->st, x->a, &x->by, id, &p, &e, &fe)))
		return done("event edit", rc, &fe);
	print_event(x, &e);
	return CLI_EXIT_OK;
}

static int ev_status(int argc, char **argv, struct ctx *x)
{
	struct tb_field_error fe = { 0 };
	struct event e;
	int64_t id;
	int rc;
	if (need_id(argc, argv, "--id", &id))
		return CLI_EXIT_USAGE;
	if ((rc = event_set_outcome(x->st, x->a, &x->by, id, cli_opt(argc, argv, "--status", NULL),
	                            cli_opt(argc, argv, "--outcome", NULL), &e, &fe)))
		return done("event status", rc, &fe);
	print_event(x, &e);
	return CLI_EXIT_OK;
}

static int ev_register(int argc, char **argv, struct ctx *x)
{
	struct tb_field_error fe = { 0 };
	struct event_attendee at;
	int64_t id;
	int rc;
	if (need_id(argc, argv, "--id", &id))
		return CLI_EXIT_USAGE;
	if (!x->as_user)
		return fprintf(stderr, "as: registering needs --as EMAIL (the person who attends)\n"), CLI_EXIT_USAGE;
	if ((rc = event_signup(x->st, x->a, &x->by, id, cli_opt(argc, argv, "--name", x->by.role), &at, &fe)))
		return done("event register", rc, &fe);
	printf("attendee %lld\n", (long long)at.id);
	return CLI_EXIT_OK;
}

static int ev_checkin(int argc, char **argv, struct ctx *x)
{
	struct tb_field_error fe = { 0 };
	int64_t id, att;
	if (need_id(argc, argv, "--id", &id) || need_id(argc, argv, "--attendee", &att))
		return CLI_EXIT_USAGE;
	return done("event checkin", event_check_in(x->st, x->a, &x->by, id, att, &fe), &fe);
}

/* The organiser's attendee list, CSV (brokerage_attendees_csv, as the API writes it). */
static int ev_attendees(int argc, char **argv, struct ctx *x)
{
	struct event e;
	struct event_attendee *rows;
	struct buf b = BUF_INIT(16u << 20);
	int64_t id;
	int n, rc;
	if (need_id(argc, argv, "--id", &id))
		return CLI_EXIT_USAGE;
	if ((rc = brokerage_event_get(x->st, x->a, id, &e)))
		return done("event attendees", rc, NULL);
	if (!event_organises(&x->by, &e))
		return done("event attendees", TB_EPERM, NULL);
	if ((rc = brokerage_event_attendees(x->st, x->a, id, &rows, &n)))
		return done("event attendees", rc, NULL);
	brokerage_attendees_csv(&b, rows, n);
	rc = b.failed ? TB_ETOOBIG : TB_OK;
	if (!rc)
		fwrite(b.ptr ? b.ptr : "", 1, b.len, stdout);
	buf_release(&b);
	return done("event attendees", rc, NULL);
}

static int ev_agenda(int argc, char **argv, struct ctx *x, bool add)
{
	struct tb_field_error fe = { 0 };
	int64_t id, item;
	int rc;
	if (need_id(argc, argv, "--id", &id) || need_id(argc, argv, "--item", &item))
		return CLI_EXIT_USAGE;
	rc = add ? event_agenda_add(x->st, x->a, &x->by, id, cli_opt(argc, argv, "--kind", NULL), item, &fe)
	         : event_agenda_remove(x->st, x->a, &x->by, id, cli_opt(argc, argv, "--kind", NULL), item, &fe);
	return done(add ? "event agenda-add" : "event agenda-remove", rc, &fe);
}
static int ev_agenda_add(int argc, char **argv, struct ctx *x) { return ev_agenda(argc, argv, x, true); }
static int ev_agenda_rm(int argc, char **argv, struct ctx *x) { return ev_agenda(argc, argv, x, false); }

static int ev_outcomes(int argc, char **argv, struct ctx *x)
{
	struct tb_field_error fe = { 0 };
	struct kpi sum;
	struct kpi_row *rows;
	int64_t id;
	int n, rc;
	if (need_id(argc, argv, "--id", &id))
		return CLI_EXIT_USAGE;
	if ((rc = event_outcomes(x->st, x->a, id, &sum, &rows, &n, &fe)))
		return done("event outcomes", rc, &fe);
	printf("cases_opened,%lld\ncases_contracted,%lld\ncontracts,%lld\ntx_amount,%lld.%02lld\n",
	       (long long)sum.cases_opened, (long long)sum.cases_contracted, (long long)sum.contracts,
	       (long long)(sum.tx_amount_fen / 100), (long long)(sum.tx_amount_fen % 100));
	for (int i = 0; i < n; i++)
		printf("case %lld\t%s\t%s\tcontract %lld\n", (long long)rows[i].case_id, rows[i].opened_on,
		       rows[i].status, (long long)rows[i].contract_id);
	return CLI_EXIT_OK;
}

struct sub { const char *name; int (*fn)(int, char **, struct ctx *); };

static int run(const char *cmd, int argc, char **argv, const struct sub *subs, size_t nsubs,
               const char *usage)
{
	const char *as = cli_opt(argc, argv, "--as", NULL);
	const struct sub *s = cli_sub_find(argc, argv, subs, nsubs, sizeof(*subs));
	struct ctx x = { 0 };
	struct arena a;
	struct user u;
	int rc, out;
	if (!s)
		return cli_usage_error(cmd, "%s", usage);
	if ((rc = cli_open_db(cmd, cli_opt(argc, argv, "--db", NULL), &x.st)))
		return rc;
	arena_init(&a, 64 << 20);
	x.a = &a;
	x.json = cli_flag(argc, argv, "--json");
	x.by = (struct actor){ 0, 0, "admin" };
	if (as) {
		if ((rc = account_user_find(x.st, &a, as, &u))) {
			out = cli_usage_error(cmd, "--as: no account %s", as);
			goto end;
		}
		x.by = (struct actor){ u.id, u.org_id, u.role };
		x.as_user = 1;
	}
	out = s->fn(argc, argv, &x);
end:
	arena_release(&a);
	app_close(x.st);
	return out;
}

int cmd_event(int argc, char **argv)
{
	static const struct sub subs[] = {
		{ "list", ev_list }, { "show", ev_show }, { "add", ev_add }, { "edit", ev_edit },
		{ "status", ev_status }, { "register", ev_register }, { "checkin", ev_checkin },
		{ "attendees", ev_attendees }, { "agenda-add", ev_agenda_add }, { "agenda-remove", ev_agenda_rm },
		{ "outcomes", ev_outcomes },
	};
	return run("event", argc, argv, subs, ARRAY_SIZE(subs),
	           "list|show|add|edit|status|register|checkin|attendees|agenda-add|agenda-remove|outcomes"
	           " --db PATH [--as EMAIL] ... (docs/docking.md)");
}

/* ---- contact requests ("我要对接") */

static void print_contact(const struct ctx *x, const struct contact_request *r)
{
	if (x->json)
		cli_print_json("event", contact_json(r));
	else
		printf("%lld\t%s %lld\tcase %lld\t%s%s%s\n", (long long)r->id, r->listing_kind, (long long)r->listing_id,
		       (long long)r->case_id, r->status, r->reason ? " " : "", r->reason ? r->reason : "");
}

static int ct_add(int argc, char **argv, struct ctx *x)
{
	struct tb_field_error fe = { 0 };
	struct contact_request r;
	int64_t listing;
	int rc;
	if (!x->as_user)
		return fprintf(stderr, "as: asking needs --as EMAIL (the person asking)\n"), CLI_EXIT_USAGE;
	if (need_id(argc, argv, "--listing", &listing))
		return CLI_EXIT_USAGE;
	if ((rc = contact_create(x->st, x->a, &x->by, cli_opt(argc, argv, "--kind", NULL), listing,
	                         cli_opt(argc, argv, "--message", NULL), &r, &fe)))
		return done("contact add", rc, &fe);
	print_contact(x, &r);
	return CLI_EXIT_OK;
}

static int ct_list(int argc, char **argv, struct ctx *x)
{
	struct contact_request *rows;
	const char *box = cli_opt(argc, argv, "--box", "in");
	int n, rc;
	if (!x->as_user)
		return fprintf(stderr, "as: the inbox is an account's: --as EMAIL\n"), CLI_EXIT_USAGE;
	if (strcmp(box, "in") && strcmp(box, "out"))
		return fprintf(stderr, "box: must be in or out\n"), CLI_EXIT_USAGE;
	if (!strcmp(box, "out"))
		rc = brokerage_contact_list(x->st, x->a, 0, x->by.user_id, cli_opt(argc, argv, "--status", NULL), &rows, &n);
	else
		rc = brokerage_contact_list(x->st, x->a, x->by.org_id > 0 ? x->by.org_id : -1, 0,
		                            cli_opt(argc, argv, "--status", NULL), &rows, &n);
	if (rc)
		return done("contact list", rc, NULL);
	for (int i = 0; i < n; i++)
		print_contact(x, &rows[i]);
	return CLI_EXIT_OK;
}

static int ct_decide(int argc, char **argv, struct ctx *x, bool accept)
{
	struct tb_field_error fe = { 0 };
	struct contact_request r;
	int64_t id;
	int rc;
	if (!x->as_user)
		return fprintf(stderr, "as: the owner organisation answers: --as EMAIL\n"), CLI_EXIT_USAGE;
	if (need_id(argc, argv, "--id", &id))
		return CLI_EXIT_USAGE;
	if ((rc = contact_decide(x->st, x->a, &x->by, id, accept, cli_opt(argc, argv, "--reason", NULL), &r, &fe)))
		return done(accept ? "contact accept" : "contact decline", rc, &fe);
	print_contact(x, &r);
	return CLI_EXIT_OK;
}
static int ct_accept(int argc, char **argv, struct ctx *x) { return ct_decide(argc, argv, x, true); }
static int ct_decline(int argc, char **argv, struct ctx *x) { return ct_decide(argc, argv, x, false); }

int cmd_contact(int argc, char **argv)
{
	static const struct sub subs[] = {
		{ "add", ct_add }, { "list", ct_list }, { "accept", ct_accept }, { "decline", ct_decline },
	};
	return run("contact", argc, argv, subs, ARRAY_SIZE(subs),
	           "add|list|accept|decline --db PATH --as EMAIL [--kind achievement|demand --listing ID"
	           " --message T] [--box in|out] [--id N] [--reason R]");
}

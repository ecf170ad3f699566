/* cmd_instrument.c - `techbridge instrument list|add|show|seed`: the shared
 * instrument catalogue from the command line. `seed` runs the demo seeder
 * (demo_seed_instruments) on an existing database, for trying statistics and
 * benchmarks before `techbridge demo` wires it in. */
#include "cli/cli.h"
#include "cli/demo.h"
#include "core/err.h"
#include "core/util.h"
#include "domain/catalog.h"
#include "domain/instrument.h"
#include "domain/app.h"
#include "domain/org.h"
#include "domain/instrument_ops.h"
#include "domain/bulk.h"
#include "domain/booking.h"
#include "api/present.h"
#include <jansson.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

static int open_db(const char *cmd, int argc, char **argv, struct store **st)
{
	const char *db = cli_opt(argc, argv, "--db", "techbridge.db");
	int rc, applied;
	if ((rc = app_open(db, 0, NULL, st)))
		return fprintf(stderr, "techbridge %s: cannot open %s: %s\n", cmd, app_url_shown(db), app_open_error(rc)), rc;
	if ((rc = app_migrate(*st, &applied))) {
		app_close(*st);
		return fprintf(stderr, "techbridge %s: migration failed: %s\n", cmd, tb_strerror(rc)), rc;
	}
	return TB_OK;
}

static int opt_i64(int argc, char **argv, const char *key, int64_t dflt, int64_t *out)
{
	const char *v = cli_opt(argc, argv, key, NULL);
	*out = dflt;
	if (v && !parse_i64(v, out))
		return cli_usage_error("instrument", "%s must be an integer", key);
	return 0;
}

static int opt_num(int argc, char **argv, const char *key, double *out)
{
	const char *v = cli_opt(argc, argv, key, NULL);
	if (v && !parse_double(v, out))
		return cli_usage_error("instrument", "%s must be a number", key);
	return 0;
}

static void print_instrument(const struct instrument *x)
{
	printf("id:               %lld\n", (long long)x->id);
	printf("name:             %s / %s\n", x->name_zh ? x->name_zh : "-", x->name_en ? x->name_en : "-");
	printf("owner:            %s (org %lld)\n", x->org_name ? x->org_name : "-", (long long)x->org_id);
	printf("category:         %s\n", x->category ? x->category : "-");
	printf("model:            %s %s\n", x->manufacturer ? x->manufacturer : "", x->model ? x->model : "");
	printf("location:         %s\n", x->location ? x->location : "-");
	printf("specs:            %s\n", x->specs ? x->specs : "-");
	printf("services:         %s\n", x->services);
	printf("fee per %-6s    internal %.2f  academic %.2f  enterprise %.2f yuan\n", x->fee_unit,
	       x->rate_internal, x->rate_academic, x->rate_enterprise);
	printf("opening hours:    %s (mon..sun)\n", x->hours);
	printf("closed dates:     %s\n", x->closed_dates ? x->closed_dates : "-");
	printf("slot:             %d-%d min, lead %d h, cancel %d h before, offer %d h\n",
	       x->min_slot_min, x->max_slot_min, x->lead_hours, x->cancel_hours, x->offer_hours);
	printf("approval:         %s; training %s\n", x->requires_approval ? "required" : "no",
	       x->training_required ? "required" : "no");
	printf("status:           %s\n", x->status);
	printf("value:            %.0f yuan%s\n", x->value, x->value >= TB_KPI_VALUE ? " (KPI)" : "");
}

static int inst_list(int argc, char **argv, struct store *st, struct arena *a)
{
	struct instr_query q;
	struct instrument *rows;
	int64_t v, total;
	int n, rc;

	memset(&q, 0, sizeof(q));
	q.value_min = -1;
	q.category = cli_opt(argc, argv, "--category", NULL);
	q.status = cli_opt(argc, argv, "--status", NULL);
	q.q = cli_opt(argc, argv, "--q", NULL);
	if (opt_i64(argc, argv, "--org", 0, &q.org_id) || opt_i64(argc, argv, "--limit", 50, &v))
		return CLI_EXIT_USAGE;
	q.limit = v < 1 ? 1 : v > 100000 ? 100000 : (int)v;
	if ((rc = instrument_list(st, a, &q, &rows, &n, &total)))
		return fprintf(stderr, "techbridge instrument: %s\n", tb_strerror(rc)), CLI_EXIT_FAIL;
	printf("id\tname\tcategory\towner\tstatus\tvalue\n");
	for (int i = 0; i < n; i++)
		printf("%lld\t%s\t%s\t%s\t%s\t%.0f\n", (long long)rows[i].id,
		       rows[i].name_zh ? rows[i].name_zh : rows[i].name_en,
		       rows[i].category ? rows[i].category : "-", rows[i].org_name, rows[i].status,
		       rows[i].value);
	fprintf(stderr, "%d of %lld instruments\n", n, (long long)total);
	return CLI_EXIT_OK;
}

static int inst_add(int argc, char **argv, struct store *st, struct arena *a)
{
	struct instrument x;
	struct tb_field_error fe = { 0 };
	struct org o;
	int64_t v;
	int rc;

	instrument_defaults(&x);
	if (opt_i64(argc, argv, "--org", 0, &x.org_id))
		return CLI_EXIT_USAGE;
	x.name_zh = cli_opt(argc, argv, "--name-zh", NULL);
	x.name_en = cli_opt(argc, argv, "--name-en", NULL);
	x.category = cli_opt(argc, argv, "--category", NULL);
	x.model = cli_opt(argc, argv, "--model", NULL);
	x.manufacturer = cli_opt(argc, argv, "--manufacturer", NULL);
	x.location = cli_opt(argc, argv, "--location", NULL);
	x.specs = cli_opt(argc, argv, "--specs", NULL);
	x.services = cli_opt(argc, argv, "--services", x.services);
	x.fee_unit = cli_opt(argc, argv, "--fee-unit", x.fee_unit);
	x.hours = cli_opt(argc, argv, "--hours", x.hours);
	x.closed_dates = cli_opt(argc, argv, "--closed", NULL);
	x.status = cli_opt(argc, argv, "--status", x.status);
	x.requires_approval = cli_flag(argc, argv, "--approval");
	x.training_required = cli_flag(argc, argv, "--training");
	if (opt_num(argc, argv, "--value", &x.value) ||
	    opt_num(argc, argv, "--rate-internal", &x.rate_internal) ||
	    opt_num(argc, argv, "--rate-academic", &x.rate_academic) ||
	    opt_num(argc, argv, "--rate-enterprise", &x.rate_enterprise))
		return CLI_EXIT_USAGE;
	if (opt_i64(argc, argv, "--min-slot", x.min_slot_min, &v))
		return CLI_EXIT_USAGE;
	x.min_slot_min = (int)v;
	if (opt_i64(argc, argv, "--max-slot", x.max_slot_min, &v))
		return CLI_EXIT_USAGE;
	x.max_slot_min = (int)v;
	if (opt_i64(argc, argv, "--lead-hours", x.lead_hours, &v))
		return CLI_EXIT_USAGE;
	x.lead_hours = (int)v;
	if (opt_i64(argc, argv, "--cancel-hours", x.cancel_hours, &v))
		return CLI_EXIT_USAGE;
	x.cancel_hours = (int)v;
	if ((rc = instrument_validate(&x, &fe)))
		return cli_field_error(&fe), CLI_EXIT_USAGE;
	if (org_get(st, a, x.org_id, &o))
		return fprintf(stderr, "org_id: no such organisation\n"), CLI_EXIT_USAGE;
	if ((rc = instrument_create(st, &x)) || (rc = instrument_get(st, a, x.id, &x)))
		return fprintf(stderr, "techbridge instrument: %s\n", tb_strerror(rc)), CLI_EXIT_FAIL;
	print_instrument(&x);
	return CLI_EXIT_OK;
}

static int inst_show(int argc, char **argv, struct store *st, struct arena *a)
{
	struct instrument x;
	int64_t id;
	int rc;
	if (argc < 3 || !parse_i64(argv[2], &id))
		return cli_usage_error("instrument", "show needs an instrument id");
	if ((rc = instrument_get(st, a, id, &x)))
		return fprintf(stderr, "techbridge instrument: %s\n", tb_strerror(rc)),
		       rc == TB_ENOTFOUND ? CLI_EXIT_USAGE : CLI_EXIT_FAIL;
	print_instrument(&x);
	return CLI_EXIT_OK;
}

static int inst_seed(int argc, char **argv, struct store *st)
{
	struct demo_ctx d;
	int rc;
	memset(&d, 0, sizeof(d));
	d.st = st;
	d.rng = 0x5eed1157u;
	d.small = cli_flag(argc, argv, "--small");
	bulk_mode(st, 1); /* as `techbridge demo` does */
	rc = demo_seed_instruments(&d);
	bulk_mode(st, 0);
	if (rc)
		return fprintf(stderr, "techbridge instrument seed: %s\n", tb_strerror(rc)), CLI_EXIT_FAIL;
	return CLI_EXIT_OK;
}

/* `instrument free --from T --to T [--category C] [--limit N] [--json]`: the
 * free-slot search of GET /api/instruments/free, same rules and messages. */
static int inst_free(int argc, char **argv, struct store *st, struct arena *a)
{
	const char *fs = cli_opt(argc, argv, "--from", NULL), *ts = cli_opt(argc, argv, "--to", NULL);
	const char *lim = cli_opt(argc, argv, "--limit", NULL);
	struct tb_field_error fe = { 0 };
	struct instrument *rows;
	char from[32], to[32];
	int64_t f, t, limit = 50;
	int n, rc;

	if ((rc = instrument_range(fs, ts, 0, 31, from, to, &f, &t, &fe)))
		return fprintf(stderr, "%s: %s\n", fe.field, fe.message), CLI_EXIT_USAGE;
	if (!fs || !ts)
		return fprintf(stderr, "%s: is required\n", fs ? "to" : "from"), CLI_EXIT_USAGE;
	if (lim && (!parse_i64(lim, &limit) || limit < 1 || limit > 500))
		return fprintf(stderr, "limit: must be between 1 and 500\n"), CLI_EXIT_USAGE;
	if ((rc = instrument_free(st, a, f, t, from, to, cli_opt(argc, argv, "--category", NULL),
	                          (int)limit, &rows, &n)))
		return fprintf(stderr, "techbridge instrument free: %s\n", tb_strerror(rc)), CLI_EXIT_FAIL;
	if (cli_flag(argc, argv, "--json")) {
		json_t *items = json_array();
		for (int i = 0; i < n; i++)
			json_array_append_new(items, instrument_json(&rows[i]));
		cli_print_json("instrument", json_pack("{s:s,s:s,s:o,s:i}", "from", from, "to", to,
		                                       "items", items, "count", n));
		return CLI_EXIT_OK;
	}
	for (int i = 0; i < n; i++)
		printf("%lld\t%s\t%s\n", (long long)rows[i].id, rows[i].name_zh ? rows[i].name_zh : "-",
		       rows[i].category ? rows[i].category : "-");
	return CLI_EXIT_OK;
}

/* `instrument stats [--from D] [--to D] [--limit N] [--json]`: GET /api/instruments/stats. */
static int inst_stats(int argc, char **argv, struct store *st, struct arena *a)
{
	const char *lim = cli_opt(argc, argv, "--limit", NULL);
	struct tb_field_error fe = { 0 };
	struct instr_stats s;
	int64_t limit = 20;
	int rc;

	if (lim && (!parse_i64(lim, &limit) || limit < 1 || limit > 100000))
		return fprintf(stderr, "limit: must be between 1 and 100000\n"), CLI_EXIT_USAGE;
	if ((rc = instrument_stats(st, a, cli_opt(argc, argv, "--from", NULL),
	                           cli_opt(argc, argv, "--to", NULL), &s, &fe))) {
		if (fe.field[0])
			return fprintf(stderr, "%s: %s\n", fe.field, fe.message), CLI_EXIT_USAGE;
		return fprintf(stderr, "techbridge instrument stats: %s\n", tb_strerror(rc)), CLI_EXIT_FAIL;
	}
	if (cli_flag(argc, argv, "--json")) {
		cli_print_json("instrument", instr_stats_json(&s, limit));
		return CLI_EXIT_OK;
	}
	printf("from %s to %s: %lld instruments, %lld institutions, %.2f of %.2f hours used "
	       "(utilisation %.4f), %lld uses, revenue %.2f yuan\n", s.from, s.to,
	       (long long)s.instruments, (long long)s.institutions, s.used_hours, s.open_hours,
	       s.utilisation, (long long)s.uses, s.revenue);
	return CLI_EXIT_OK;
}

int cmd_instrument(int argc, char **argv)
{
	struct store *st;
	struct arena a;
	int rc;
	const char *sub = argc > 1 ? argv[1] : NULL;

	if (!sub || (strcmp(sub, "list") && strcmp(sub, "add") && strcmp(sub, "show") &&
	             strcmp(sub, "seed") && strcmp(sub, "free") && strcmp(sub, "stats")))
		return cli_usage_error("instrument", "usage: instrument list [--category C] [--org ID] "
		                       "[--status S] [--q TEXT] | add --org ID --name-zh N [--name-en N] "
		                       "[--category C] [--value Y] [--fee-unit hour|sample] "
		                       "[--rate-academic Y ...] [--hours TEXT] [--approval] [--training] "
		                       "| show ID | seed [--small] | free --from T --to T [--category C] "
		                       "[--limit N] [--json] | stats [--from D] [--to D] [--limit N] "
		                       "[--json]  (all take --db PATH)");
	if (open_db("instrument", argc, argv, &st))
		return CLI_EXIT_FAIL;
	arena_init(&a, 256u << 20);
	if (!strcmp(sub, "list"))
		rc = inst_list(argc, argv, st, &a);
	else if (!strcmp(sub, "add"))
		rc = inst_add(argc, argv, st, &a);
	else if (!strcmp(sub, "show"))
		rc = inst_show(argc, argv, st, &a);
	else if (!strcmp(sub, "free"))
		rc = inst_free(argc, argv, st, &a);
	else if (!strcmp(sub, "stats"))
		rc = inst_stats(argc, argv, st, &a);
	else
		rc = inst_seed(argc, argv, st);
	arena_release(&a);
	app_close(st);
	return rc;
}

/* cmd_demo.c - `techbridge demo --db PATH [--small] [--seed N] [--force]
 * [--quiet]`: create a database (migrations) and fill it with a living
 * Liaoning-like province by running the seeders in order. The catalogue
 * seeder comes first because every other module's seeder finds its
 * organisations through the store. --small is for tests (under a second). */
#include "cli/cli.h"
#include "cli/demo.h"
#include "core/err.h"
#include "core/util.h"
#include "domain/org.h"
#include "domain/app.h"
#include "domain/catalog_ops.h"
#include "domain/bulk.h"
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

struct seeder {
	const char *name;
	int (*run)(struct demo_ctx *d);
};

static const struct seeder seeders[] = {
	{ "catalogue", demo_seed_catalog },
	/* == more seeders == (one line each: { "name", demo_seed_x },) */
	{ "users", demo_seed_users },            /* accounts: one demo user per role */
	{ "instruments", demo_seed_instruments }, /* 2,540 instruments, a year of bookings */
	{ "contracts", demo_seed_contracts },    /* contracts reproducing the seed figures */
	{ "challenges", demo_seed_challenges },  /* 揭榜挂帅: 40 challenges in every status */
	{ "sources", demo_seed_sources },        /* the seeds' other figures, tier facts */
	{ "brokers", demo_seed_brokers },        /* institutions, brokers, cases, feedback */
	{ "registries", demo_seed_registries },  /* alliances and service agencies (issue #15) */
	{ "life cycle", demo_seed_release },     /* issue #16: last, over everything seeded */

};

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static int64_t org_count(struct store *st, const char *kind)
{
	struct org_query q = { kind, NULL, NULL, 1, 0 };
	struct arena a;
	struct org *rows;
	int n;
	int64_t total = 0;
	arena_init(&a, 1u << 20);
	if (bulk_org_list(st, &a, &q, &rows, &n, &total))
		total = -1;
	arena_release(&a);
	return total;
}

struct counter { int64_t n; };
static int count_ach(void *ctx, const struct achievement *x) { ((struct counter *)ctx)->n++; return 0; }
static int count_dem(void *ctx, const struct demand *x) { ((struct counter *)ctx)->n++; return 0; }

static void summary(struct store *st, double secs)
{
	struct counter a = { 0 }, ap = { 0 }, dm = { 0 }, dp = { 0 };
	catalog_ach_each(st, NULL, count_ach, &a);
	catalog_ach_each(st, "published", count_ach, &ap);
	catalog_dem_each(st, NULL, count_dem, &dm);
	catalog_dem_each(st, "published", count_dem, &dp);
	printf("demo province created in %.2f s:\n", secs);
	printf("  organisations: %lld universities, %lld institutes, %lld enterprises, %lld agencies, "
	       "%lld transfer institutions, %lld government bodies\n",
	       (long long)org_count(st, "university"), (long long)org_count(st, "institute"),
	       (long long)org_count(st, "enterprise"), (long long)org_count(st, "agency"),
	       (long long)org_count(st, "transfer"), (long long)org_count(st, "government"));
	printf("  achievements:  %lld (%lld published)\n", (long long)a.n, (long long)ap.n);
	printf("  demands:       %lld (%lld published)\n", (long long)dm.n, (long long)dp.n);
}

static int demo_run(int argc, char **argv)
{
	const char *db = cli_opt(argc, argv, "--db", "techbridge.db");
	const char *seed_s = cli_opt(argc, argv, "--seed", "1");
	struct demo_ctx d;
	int64_t seed;
	int rc, applied;
	double t0 = now_s();

	memset(&d, 0, sizeof(d));
	if (!parse_i64(seed_s, &seed) || seed < 0)
		return cli_usage_error("demo", "--seed must be a non-negative integer");
	d.small = cli_flag(argc, argv, "--small");
	d.quiet = cli_flag(argc, argv, "--quiet");
	d.rng = ((uint64_t)seed + 1) * 0x9E3779B97F4A7C15ULL;
	if (!d.rng)
		d.rng = 1;
	if (access(db, F_OK) == 0) {
		char side[4096];
		if (!cli_flag(argc, argv, "--force"))
			return fprintf(stderr, "techbridge demo: %s exists; remove it or pass --force\n", db),
			       CLI_EXIT_FAIL;
		unlink(db);
		snprintf(side, sizeof(side), "%s-wal", db);
		unlink(side);
		snprintf(side, sizeof(side), "%s-shm", db);
		unlink(side);
	}
	if ((rc = app_open(db, 0, NULL, &d.st)))
		return fprintf(stderr, "techbridge demo: cannot open %s: %s\n", app_url_shown(db), app_open_error(rc)), CLI_EXIT_FAIL;
	if ((rc = app_migrate(d.st, &applied))) {
		fprintf(stderr, "techbridge demo: migration failed: %s\n", tb_strerror(rc));
		app_close(d.st);
		return CLI_EXIT_FAIL;
	}
	bulk_mode(d.st, 1);
	for (size_t i = 0; i < sizeof(seeders) / sizeof(seeders[0]); i++) {
		double ts = now_s();
		if ((rc = seeders[i].run(&d))) {
			fprintf(stderr, "techbridge demo: seeding %s failed: %s (%s)\n", seeders[i].name,
			        tb_strerror(rc), app_errmsg(d.st));
			app_close(d.st);
			return CLI_EXIT_FAIL;
		}
		if (!d.quiet)
			fprintf(stderr, "  seeded %s in %.2f s\n", seeders[i].name, now_s() - ts);
	}
	if (!d.quiet)
		summary(d.st, now_s() - t0);
	app_close(d.st);
	return CLI_EXIT_OK;
}

/* The whole generator runs on the demo's own day (DEMO_NOW, cli/demo.h): the
 * domain's date rules read now_unix(), and a demo made on another day would
 * otherwise differ in its bookings, deadlines, matches and therefore in every
 * row the PRNG draws after them. */
int cmd_demo(int argc, char **argv)
{
	int rc;
	now_pin(DEMO_NOW);
	rc = demo_run(argc, argv);
	now_pin(0);
	return rc;
}

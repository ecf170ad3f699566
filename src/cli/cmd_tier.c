/* cmd_tier.c - `techbridge tier ...`: the enterprise-tier engine (issue #15,
 * domain/tier.h) from the command line, with the same validation and
 * transactions as /api/tiers and /api/enterprises/{id}/...: list and add rule
 * sets (a JSON file shaped like the API body), retire one, import a year of
 * facts from CSV (errors as `import` prints them, FILE:LINE: field: message;
 * nothing stored when any line is bad), evaluate, an enterprise's standing
 * and gap, the pipeline, and certifications. Reads and writes go through
 * domain/tier.h (the store is only opened here). */
#include "cli/cli.h"
#include "cli/demo.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "core/util.h"
#include "domain/app.h"
#include "domain/indicators.h"
#include "domain/tier.h"
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int fail(const char *what, int rc, const struct tb_field_error *fe)
{
	if (fe && fe->field[0])
		cli_field_error(fe);
	else
		fprintf(stderr, "techbridge tier %s: %s\n", what, tb_strerror(rc));
	return rc == TB_EINVAL || rc == TB_ENOTFOUND ? CLI_EXIT_USAGE : CLI_EXIT_FAIL;
}

static int opt_int(int argc, char **argv, const char *key, int64_t lo, int64_t hi, int64_t dflt,
                   int64_t *out)
{
	const char *v = cli_opt(argc, argv, key, NULL);
	if (!v) {
		*out = dflt;
		return dflt < lo ? -1 : 0;
	}
	if (!parse_i64(v, out) || *out < lo || *out > hi)
		return -1;
	return 0;
}

static int t_rules(int argc, char **argv, struct store *st, struct arena *a)
{
	struct tier_rule *r;
	int n, rc;
	if ((rc = tier_rules(st, a, cli_opt(argc, argv, "--tier", NULL),
	                      cli_opt(argc, argv, "--region", NULL), &r, &n)))
		return fail("rules", rc, NULL);
	for (int i = 0; i < n; i++) {
		printf("%lld\t%s\t%s\tv%d\t%s..%s\t%d criteria, %d bands\t%s\n", (long long)r[i].id, r[i].tier,
		       r[i].region_code, r[i].version, r[i].valid_from, r[i].valid_to ? r[i].valid_to : "",
		       r[i].ncrit, r[i].nbands, r[i].source ? r[i].source : "");
	}
	return CLI_EXIT_OK;
}

static int t_rule_add(int argc, char **argv, struct store *st, struct arena *a)
{
	const char *file = cli_opt(argc, argv, "--file", NULL);
	struct tb_field_error fe = { 0 };
	struct tier_rule r;
	json_error_t jerr;
	json_t *o, *crit, *bands, *v;
	size_t i;
	int rc;
	if (!file)
		return cli_usage_error("tier rule-add", "--file RULE.json is required");
	if (!(o = json_load_file(file, JSON_REJECT_DUPLICATES, &jerr)) || !json_is_object(o))
		return fprintf(stderr, "%s:%d: %s\n", file, jerr.line, o ? "not an object" : jerr.text),
		       json_decref(o), CLI_EXIT_USAGE;
	memset(&r, 0, sizeof(r));
#define S(k) (json_is_string(json_object_get(o, k)) ? arena_strdup(a, json_string_value(json_object_get(o, k))) : NULL)
	r.tier = S("tier");
	r.region_code = S("region_code");
	r.valid_from = S("valid_from");
	r.valid_to = S("valid_to");
	r.source = S("source");
#undef S
	crit = json_object_get(o, "criteria");
	bands = json_object_get(o, "bands");
	r.crit = arena_alloc(a, sizeof(*r.crit) * (json_array_size(crit) + 1));
	r.bands = arena_alloc(a, sizeof(*r.bands) * (json_array_size(bands) + 1));
	if (!r.crit || !r.bands || json_array_size(crit) > 64 || json_array_size(bands) > 64) {
		json_decref(o);
		return fprintf(stderr, "criteria: at most 64 criteria and 64 bands\n"), CLI_EXIT_USAGE;
	}
	json_array_foreach(crit, i, v) {
		const char *m = json_string_value(json_object_get(v, "metric"));
		const char *op = json_string_value(json_object_get(v, "op"));
		r.crit[r.ncrit++] = (struct tier_criterion){ (int)json_integer_value(json_object_get(v, "group")),
		                                             m ? arena_strdup(a, m) : NULL,
		                                             op ? arena_strdup(a, op) : NULL,
		                                             json_number_value(json_object_get(v, "value")) };
	}
	json_array_foreach(bands, i, v) {
		const char *c = json_string_value(json_object_get(v, "component"));
		const char *m = json_string_value(json_object_get(v, "metric"));
		r.bands[r.nbands++] = (struct tier_band){ c ? arena_strdup(a, c) : NULL, m ? arena_strdup(a, m) : NULL,
		                                          json_number_value(json_object_get(v, "lower")),
		                                          (int)json_integer_value(json_object_get(v, "points")) };
	}
	json_decref(o);
	if ((rc = tier_rule_create(st, &r, 0, &fe)))
		return fail("rule-add", rc, &fe);
	printf("rule %lld: %s %s version %d\n", (long long)r.id, r.tier, r.region_code, r.version);
	return CLI_EXIT_OK;
}

static int t_retire(int argc, char **argv, struct store *st, struct arena *a)
{
	struct tb_field_error fe = { 0 };
	int64_t id;
	int rc;
	if (opt_int(argc, argv, "--id", 1, INT64_MAX, 0, &id))
		return fprintf(stderr, "id: must be a rule id\n"), CLI_EXIT_USAGE;
	if ((rc = tier_rule_end(st, id, cli_opt(argc, argv, "--valid-to", NULL), 0, &fe)))
		return fail("retire", rc, &fe);
	printf("rule %lld valid to %s\n", (long long)id, cli_opt(argc, argv, "--valid-to", ""));
	return CLI_EXIT_OK;
}

static int t_import(int argc, char **argv, struct store *st, struct arena *a)
{
	const char *file = argc > 2 && argv[argc - 1][0] != '-' ? argv[argc - 1] : NULL;
	struct tier_import_report rep;
	struct buf b;
	FILE *fp;
	char chunk[65536];
	size_t got;
	int rc;
	if (!file)
		return cli_usage_error("tier import", "--db PATH FILE.csv");
	if (!(fp = fopen(file, "rb")))
		return fprintf(stderr, "%s: cannot open\n", file), CLI_EXIT_USAGE;
	buf_init(&b, 64u << 20);
	while ((got = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		if (buf_add(&b, chunk, got)) {
			fclose(fp);
			buf_release(&b);
			return fprintf(stderr, "%s: larger than 64 MiB\n", file), CLI_EXIT_USAGE;
		}
	fclose(fp);
	rc = tier_facts_import_csv(st, a, b.len ? b.ptr : "", b.len, 0, &rep);
	buf_release(&b);
	if (rc == TB_EINVAL) {
		for (int i = 0; i < rep.nerrors; i++) {
			fprintf(stderr, "%s:%ld: ", file, rep.errors[i].line);
			if (rep.errors[i].field[0])
				fprintf(stderr, "%s: ", rep.errors[i].field);
			fprintf(stderr, "%s\n", rep.errors[i].message);
		}
		fprintf(stderr, "%s: %ld error(s); nothing imported\n", file, rep.total_errors);
		return CLI_EXIT_USAGE;
	}
	if (rc)
		return fail("import", rc, NULL);
	printf("%s: %ld rows imported\n", file, rep.rows);
	return CLI_EXIT_OK;
}

static int t_evaluate(int argc, char **argv, struct store *st, struct arena *a)
{
	int64_t year, org;
	int ents, results, rc;
	if (opt_int(argc, argv, "--year", 1980, 2100, 0, &year))
		return fprintf(stderr, "year: must be a year 1980..2100\n"), CLI_EXIT_USAGE;
	if (opt_int(argc, argv, "--org", 0, INT64_MAX, 0, &org))
		return fprintf(stderr, "org: must be an organisation id\n"), CLI_EXIT_USAGE;
	if ((rc = tier_evaluate_year(st, a, (int)year, org, 0, &ents, &results)))
		return fail("evaluate", rc, NULL);
	printf("%d: %d enterprises, %d results\n", (int)year, ents, results);
	return CLI_EXIT_OK;
}

static int t_status(int argc, char **argv, struct store *st, struct arena *a)
{
	const char *lang = cli_opt(argc, argv, "--lang", "en");
	struct tier_standing *v;
	int64_t year, org;
	int n, rc;
	if (opt_int(argc, argv, "--year", 1980, 2100, 0, &year))
		return fprintf(stderr, "year: must be a year 1980..2100\n"), CLI_EXIT_USAGE;
	if (opt_int(argc, argv, "--org", 1, INT64_MAX, 0, &org))
		return fprintf(stderr, "org: must be an organisation id\n"), CLI_EXIT_USAGE;
	rc = tier_status(st, a, org, (int)year, &v, &n);
	if (rc == TB_ENOTFOUND)
		return fprintf(stderr, "year: no facts for organisation %lld in %d\n", (long long)org, (int)year),
		       CLI_EXIT_USAGE;
	if (rc)
		return fail("status", rc, NULL);
	for (int i = 0; i < n; i++) {
		const struct tier_name *t = tier_name_find(v[i].tier);
		printf("%s%s: %s%s (rule %s v%d)\n", v[i].next ? "-> " : "   ",
		       strcmp(lang, "zh") ? t->en : t->zh,
		       v[i].ev.eligible ? (strcmp(lang, "zh") ? "eligible" : "符合") : (strcmp(lang, "zh") ? "not eligible" : "不符合"),
		       v[i].certified ? (strcmp(lang, "zh") ? ", certified" : "，已认定") : "",
		       v[i].ev.rule->region_code, v[i].ev.rule->version);
		for (int k = 0; k < v[i].ev.nfails; k++)
			printf("      %s\n", strcmp(lang, "zh") ? v[i].ev.fails[k].gap_en : v[i].ev.fails[k].gap_zh);
	}
	return CLI_EXIT_OK;
}

static int t_pipeline(int argc, char **argv, struct store *st, struct arena *a)
{
	struct tier_pipe_row *rows;
	int64_t year;
	int n, rc;
	if (opt_int(argc, argv, "--year", 1980, 2100, 0, &year))
		return fprintf(stderr, "year: must be a year 1980..2100\n"), CLI_EXIT_USAGE;
	if ((rc = tier_pipeline(st, a, (int)year, &rows, &n)))
		return fail("pipeline", rc, NULL);
	printf("tier\tevaluated\teligible\twithin %.0f %%\n", TIER_NEAR_PCT);
	for (int i = 0; i < n; i++)
		printf("%s\t%lld\t%lld\t%lld\n", rows[i].tier, (long long)rows[i].evaluated,
		       (long long)rows[i].eligible, (long long)rows[i].near);
	return CLI_EXIT_OK;
}

static int t_certify(int argc, char **argv, struct store *st, struct arena *a)
{
	struct tb_field_error fe = { 0 };
	struct tier_cert c;
	int64_t year, org;
	int rc;
	if (opt_int(argc, argv, "--year", 1980, 2100, 0, &year))
		return fprintf(stderr, "year: must be a year 1980..2100\n"), CLI_EXIT_USAGE;
	if (opt_int(argc, argv, "--org", 1, INT64_MAX, 0, &org))
		return fprintf(stderr, "org_id: must be an organisation id\n"), CLI_EXIT_USAGE;
	c = (struct tier_cert){ org, cli_opt(argc, argv, "--tier", NULL), (int)year,
	                        cli_opt(argc, argv, "--valid-from", NULL),
	                        cli_opt(argc, argv, "--valid-to", NULL), cli_opt(argc, argv, "--source", NULL),
	                        NULL };
	if ((rc = tier_cert_record(st, &c, 0, &fe)))
		return fail("certify", rc, &fe);
	printf("organisation %lld: %s on the %d list\n", (long long)org, c.tier, c.year);
	return CLI_EXIT_OK;
}

/* tier certs [--tier T] [--year Y] [--org ID] [--region CODE|NAME]: the
 * official list, as GET /api/tiers/certifications answers it (one line per
 * entry, tab-separated). */
static int t_certs(int argc, char **argv, struct store *st, struct arena *a)
{
	const char *reg = cli_opt(argc, argv, "--region", NULL);
	struct ind_region region;
	struct tier_cert *rows;
	int64_t year, org;
	int n, rc;
	if (opt_int(argc, argv, "--year", 0, 2100, 0, &year) || (year && year < 1980))
		return fprintf(stderr, "year: must be a year 1980..2100\n"), CLI_EXIT_USAGE;
	if (opt_int(argc, argv, "--org", 0, INT64_MAX, 0, &org))
		return fprintf(stderr, "org: must be an organisation id\n"), CLI_EXIT_USAGE;
	if (reg && ind_region_resolve(reg, &region))
		return fprintf(stderr, "region: not a known region (a code such as 210100, or a name)\n"),
		       CLI_EXIT_USAGE;
	if ((rc = tier_cert_list(st, a, org, cli_opt(argc, argv, "--tier", NULL), (int)year,
	                         reg ? &region : NULL, -1, 0, &rows, &n, NULL)))
		return fail("certs", rc, NULL);
	for (int i = 0; i < n; i++)
		printf("%d\t%s\t%lld\t%s\t%s\n", rows[i].year, rows[i].tier, (long long)rows[i].org_id,
		       rows[i].org_name ? rows[i].org_name : "", rows[i].valid_to ? rows[i].valid_to : "");
	fprintf(stderr, "%d entries\n", n);
	return CLI_EXIT_OK;
}

static int t_collection(int argc, char **argv, struct store *st, struct arena *a)
{
	const char *name = cli_opt(argc, argv, "--name", NULL);
	int64_t n;
	int rc;
	if (!name)
		return fprintf(stderr, "name: is required\n"), CLI_EXIT_USAGE;
	if ((rc = tier_collection_count(st, name, &n)))
		return fail("collection", rc, NULL);
	printf("%s,%lld\n", name, (long long)n);
	return CLI_EXIT_OK;
}

/* The demo's tier facts and the seeds' other figures on an existing database
 * (after `instrument seed` and `contract seed`), as `techbridge demo` runs it. */
static int t_seed(int argc, char **argv, struct store *st, struct arena *a)
{
	struct demo_ctx d;
	int rc;
	memset(&d, 0, sizeof(d));
	d.st = st;
	d.rng = 0x5eed715eULL;
	d.small = cli_flag(argc, argv, "--small");
	if ((rc = demo_seed_sources(&d)))
		return fail("seed", rc, NULL);
	return CLI_EXIT_OK;
}

int cmd_tier(int argc, char **argv)
{
	static const struct cli_sub subs[] = {
		{ "rules", t_rules }, { "rule-add", t_rule_add }, { "retire", t_retire },
		{ "import", t_import }, { "evaluate", t_evaluate }, { "status", t_status },
		{ "pipeline", t_pipeline }, { "certify", t_certify }, { "certs", t_certs }, { "seed", t_seed },
		{ "collection", t_collection },
	};
	return cli_run_sub("tier", argc, argv, subs, ARRAY_SIZE(subs),
	                   "rules|rule-add|retire|import|evaluate|status|pipeline|certify|certs|seed|collection --db PATH ...",
	                   256 << 20);
}

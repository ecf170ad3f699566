/* cmd_stats.c - `techbridge stats turnover|conversion|funnel|enterprises|
 * summary|targets`: the official indicators (docs/indicators.md) as an aligned
 * table (display-width aware, so Chinese names line up), CSV or JSON. Also
 * the table printer `techbridge contract list` shares. */
#include "cli/cli.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "core/util.h"
#include "model/region.h"
#include "domain/catalog.h"
#include "domain/contract.h"
#include "domain/indicators.h"
#include "domain/app.h"
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Terminal columns of one code point: East Asian wide/fullwidth take two. */
static int cp_width(unsigned cp)
{
	if ((cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
	    (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
	    (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
	    (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x20000 && cp <= 0x3FFFD))
		return 2;
	return 1;
}

static int display_width(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	int w = 0;
	while (p && *p) {
		unsigned cp;
		int n;
		if (*p < 0x80) { cp = *p; n = 1; }
		else if ((*p & 0xE0) == 0xC0) { cp = *p & 0x1F; n = 2; }
		else if ((*p & 0xF0) == 0xE0) { cp = *p & 0x0F; n = 3; }
		else { cp = *p & 0x07; n = 4; }
		for (int i = 1; i < n && p[i]; i++)
			cp = (cp << 6) | (p[i] & 0x3F);
		w += cp_width(cp);
		for (int i = 0; i < n && *p; i++)
			p++;
	}
	return w;
}

static void cell_text(const struct ind_val *v, char *out, size_t n)
{
	switch (v->t) {
	case IV_NULL: snprintf(out, n, "-"); break;
	case IV_STR: snprintf(out, n, "%s", v->s); break;
	case IV_INT: snprintf(out, n, "%lld", (long long)v->i); break;
	case IV_MONEY: { char m[32]; money_format(v->i, m); snprintf(out, n, "%s", m); break; }
	case IV_PCT: snprintf(out, n, "%.2f", v->d); break;
	}
}

static json_t *cell_json(const struct ind_val *v)
{
	switch (v->t) {
	case IV_NULL: return json_null();
	case IV_STR: return json_string(v->s);
	case IV_INT: return json_integer(v->i);
	case IV_MONEY: { char m[32]; money_format(v->i, m); return json_string(m); }
	case IV_PCT: return json_real(nearbyint(v->d * 10000.0) / 10000.0);
	}
	return json_null();
}

int cli_print_table(const struct ind_table *t, const char *format)
{
	char cell[256];
	if (!strcmp(format, "csv")) {
		struct buf b = BUF_INIT(64u << 20);
		int rc = ind_table_csv(t, &b);
		if (!rc)
			fwrite(b.ptr ? b.ptr : "", 1, b.len, stdout);
		buf_release(&b);
		return rc ? CLI_EXIT_FAIL : CLI_EXIT_OK;
	}
	if (!strcmp(format, "json")) {
		json_t *rows = json_array();
		char *s;
		for (int i = 0; i < t->nrows; i++) {
			json_t *o = json_object();
			for (int j = 0; j < t->ncols; j++)
				json_object_set_new(o, t->cols[j].name, cell_json(&t->vals[(size_t)i * (size_t)t->ncols + (size_t)j]));
			json_array_append_new(rows, o);
		}
		s = json_dumps(rows, JSON_INDENT(2) | JSON_REAL_PRECISION(10));
		json_decref(rows);
		if (!s)
			return CLI_EXIT_FAIL;
		puts(s);
		free(s);
		return CLI_EXIT_OK;
	}
	/* table: column widths in display columns; numbers right-aligned. */
	{
		int w[32] = { 0 }, nc = t->ncols < 32 ? t->ncols : 32;
		for (int j = 0; j < nc; j++) {
			w[j] = display_width(t->cols[j].name);
			if (t->cols[j].t == IV_MONEY)
				w[j] += 5; /* "_yuan" */
		}
		for (int i = 0; i < t->nrows; i++)
			for (int j = 0; j < nc; j++) {
				cell_text(&t->vals[(size_t)i * (size_t)t->ncols + (size_t)j], cell, sizeof(cell));
				if (display_width(cell) > w[j])
					w[j] = display_width(cell);
			}
		for (int j = 0; j < nc; j++) {
			const char *name = t->cols[j].name;
			printf("%s%s%s%*s", j ? "  " : "", name, t->cols[j].t == IV_MONEY ? "_yuan" : "",
			       w[j] - display_width(name) - (t->cols[j].t == IV_MONEY ? 5 : 0), "");
		}
		putchar('\n');
		for (int j = 0; j < nc; j++) {
			printf("%s", j ? "  " : "");
			for (int k = 0; k < w[j]; k++)
				putchar('-');
		}
		putchar('\n');
		for (int i = 0; i < t->nrows; i++) {
			for (int j = 0; j < nc; j++) {
				const struct ind_val *v = &t->vals[(size_t)i * (size_t)t->ncols + (size_t)j];
				int pad;
				cell_text(v, cell, sizeof(cell));
				pad = w[j] - display_width(cell);
				if (v->t == IV_INT || v->t == IV_MONEY || v->t == IV_PCT)
					printf("%s%*s%s", j ? "  " : "", pad, "", cell);
				else
					printf("%s%s%*s", j ? "  " : "", cell, j == nc - 1 ? 0 : pad, "");
			}
			putchar('\n');
		}
	}
	return CLI_EXIT_OK;
}

static int opt_year(int argc, char **argv, const char *key, int dflt, int *out)
{
	const char *s = cli_opt(argc, argv, key, NULL);
	int64_t v;
	if (!s) {
		*out = dflt;
		return TB_OK;
	}
	if (!parse_i64(s, &v) || v < 1980 || v > 2100)
		return TB_EINVAL;
	*out = (int)v;
	return TB_OK;
}

/* --set "commercialised=1200,local_conversion_rate=60,turnover=50000000000" */
static int set_targets(struct store *st, int year, const struct ind_region *r, const char *spec)
{
	char buf[512];
	char *p = buf;
	struct ind_target targets[64];
	int rc = TB_OK, n = 0;
	snprintf(buf, sizeof(buf), "%s", spec);
	while (p && *p) {
		char *comma = strchr(p, ','), *eq;
		struct ind_target t = { year, r->code, NULL, 0 };
		double x;
		int64_t fen;
		if (comma)
			*comma = '\0';
		eq = strchr(p, '=');
		if (!eq) {
			fprintf(stderr, "targets: '%s' is not metric=value\n", p);
			rc = TB_EINVAL;
			break;
		}
		*eq = '\0';
		t.metric = p;
		if (!name_in(ind_target_metrics, p)) {
			fprintf(stderr, "targets.%s: is not a metric (contract_count, turnover, "
			                "commercialised, local_conversion_rate, high_tech)\n", p);
			rc = TB_EINVAL;
			break;
		}
		if (!strcmp(p, "turnover")) {
			if (!money_parse_yuan(eq + 1, &fen)) {
				fprintf(stderr, "targets.turnover: must be yuan\n");
				rc = TB_EINVAL;
				break;
			}
			t.value = fen;
		} else if (!parse_double(eq + 1, &x) || x < 0 ||
		           (!strcmp(p, "local_conversion_rate") && x > 100)) {
			fprintf(stderr, "targets.%s: must be a non-negative number\n", p);
			rc = TB_EINVAL;
			break;
		} else {
			t.value = (int64_t)nearbyint(!strcmp(p, "local_conversion_rate") ? x * 100.0 : x);
		}
		if (n == (int)ARRAY_SIZE(targets)) {
			fprintf(stderr, "targets: at most %d metrics at once\n", (int)ARRAY_SIZE(targets));
			rc = TB_EINVAL;
			break;
		}
		targets[n++] = t;
		p = comma ? comma + 1 : NULL;
	}
	return rc ? rc : ind_targets_put(st, targets, n);
}

int cmd_stats(int argc, char **argv)
{
	const char *db = cli_opt(argc, argv, "--db", "techbridge.db");
	const char *format = cli_opt(argc, argv, "--format", "table");
	const char *what = argc > 1 && argv[1][0] != '-' ? argv[1] : NULL;
	const char *side = cli_opt(argc, argv, "--side", "seller");
	struct ind_query q;
	struct ind_table t;
	struct store *st;
	struct arena a;
	int rc, ret = CLI_EXIT_OK, year, to, from;

	if (!what)
		return cli_usage_error("stats", "which indicator? turnover, conversion, funnel, "
		                                 "enterprises, summary or targets");
	if (strcmp(format, "table") && strcmp(format, "csv") && strcmp(format, "json"))
		return cli_usage_error("stats", "--format must be table, csv or json");
	memset(&q, 0, sizeof(q));
	if (opt_year(argc, argv, "--year", region_this_year() - 1, &year) ||
	    opt_year(argc, argv, "--to", cli_opt(argc, argv, "--year", NULL) ? year : region_this_year(), &to) ||
	    opt_year(argc, argv, "--from", cli_opt(argc, argv, "--year", NULL) ? to : to - 4, &from) ||
	    from > to)
		return fprintf(stderr, "year: must be 1980..2100 (and --from <= --to)\n"), CLI_EXIT_USAGE;
	q.from_year = from;
	q.to_year = to;
	if (ind_period_parse(cli_opt(argc, argv, "--period", NULL), &q.period))
		return fprintf(stderr, "period: must be year, quarter or month\n"), CLI_EXIT_USAGE;
	if (ind_by_parse(cli_opt(argc, argv, "--by", NULL), &q.by))
		return fprintf(stderr, "by: must be type, city, district or field\n"), CLI_EXIT_USAGE;
	if (ind_region_resolve(cli_opt(argc, argv, "--region", NULL), &q.region))
		return fprintf(stderr, "region: is not a known region\n"), CLI_EXIT_USAGE;
	if (strcmp(side, "seller") && strcmp(side, "buyer"))
		return fprintf(stderr, "side: must be seller or buyer\n"), CLI_EXIT_USAGE;
	q.buyer_side = !strcmp(side, "buyer");

	if ((rc = app_open(db, 0, NULL, &st)))
		return fprintf(stderr, "techbridge stats: cannot open %s: %s\n", app_url_shown(db), app_open_error(rc)), CLI_EXIT_FAIL;
	arena_init(&a, 256u << 20);
	if (!strcmp(what, "turnover"))
		rc = ind_turnover(st, &a, &q, &t);
	else if (!strcmp(what, "conversion"))
		rc = ind_conversion(st, &a, &q, &t);
	else if (!strcmp(what, "funnel"))
		rc = ind_funnel(st, &a, &q, &t);
	else if (!strcmp(what, "enterprises"))
		rc = ind_enterprises(st, &a, &q, &t);
	else if (!strcmp(what, "summary")) {
		struct ind_summary s;
		rc = ind_summary_compute(st, &a, year, &q.region, &s);
		if (!rc)
			rc = ind_summary_table(st, &a, &s, &t);
	} else if (!strcmp(what, "targets")) {
		const char *set = cli_opt(argc, argv, "--set", NULL);
		rc = set ? set_targets(st, year, &q.region, set) : TB_OK;
		if (rc == TB_EINVAL)
			ret = CLI_EXIT_USAGE;
		if (!rc)
			rc = ind_targets_table(st, &a, year, &q.region, &t);
	} else {
		ret = cli_usage_error("stats", "unknown indicator '%s'", what);
		goto out;
	}
	if (rc) {
		fprintf(stderr, "techbridge stats %s: %s\n", what, tb_strerror(rc));
		if (ret == CLI_EXIT_OK)
			ret = CLI_EXIT_FAIL;
		goto out;
	}
	if (format[0] == 't' && (!strcmp(what, "summary") || !strcmp(what, "targets")))
		printf("%s %s (%s), %d\n", ind_region_level_name(q.region.level), q.region.zh,
		       q.region.en, year);
	else if (format[0] == 't' && !strcmp(what, "turnover"))
		printf("%s %s (%s), %d-%d, by signing date and the %s's region\n",
		       ind_region_level_name(q.region.level), q.region.zh, q.region.en, from, to, side);
	else if (format[0] == 't')
		printf("%s %s (%s), %d-%d\n", ind_region_level_name(q.region.level), q.region.zh,
		       q.region.en, from, to);
	ret = cli_print_table(&t, format);
out:
	arena_release(&a);
	app_close(st);
	return ret;
}

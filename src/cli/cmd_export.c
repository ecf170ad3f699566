/* cmd_export.c - `techbridge export --db PATH --kind orgs|achievements|demands
 * --format csv|jsonl [--status S] [--out FILE] [--bom]`: stream the catalogue
 * out, row by row (store_achievement_each / store_demand_each, orgs page by page), so a
 * million-row export needs no more memory than one row. CSV columns are those
 * of transfer.h (what import reads); JSONL lines are the API's JSON objects.
 * Either output imports back into a fresh database unchanged. */
#include "cli/cli.h"
#include "core/csv.h"
#include "present/present.h"
#include "core/buf.h"
#include "core/err.h"
#include "domain/transfer.h"
#include "domain/app.h"
#include "domain/org.h"
#include "domain/catalog_ops.h"
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

struct exporter {
	FILE *out;
	enum xfer_kind kind;
	int jsonl;
	struct buf line;
	struct arena a;
	long rows;
};

static int write_line(struct exporter *ex)
{
	if (fwrite(ex->line.ptr, 1, ex->line.len, ex->out) != ex->line.len)
		return TB_EIO;
	return TB_OK;
}

static int emit_csv(struct exporter *ex, const char *const *v)
{
	int n = xfer_ncolumns(ex->kind), rc = TB_OK;
	buf_reset(&ex->line);
	for (int i = 0; i < n && !rc; i++) {
		if (i)
			rc = buf_addc(&ex->line, ',');
		if (!rc)
			rc = csv_cell(&ex->line, v[i]);
	}
	if (!rc)
		rc = buf_addc(&ex->line, '\n');
	return rc ? rc : write_line(ex);
}

static int emit_json(struct exporter *ex, json_t *j)
{
	char *s;
	int rc;
	if (!j)
		return TB_ENOMEM;
	s = json_dumps(j, JSON_COMPACT);
	json_decref(j);
	if (!s)
		return TB_ENOMEM;
	buf_reset(&ex->line);
	rc = buf_adds(&ex->line, s);
	free(s);
	if (!rc)
		rc = buf_addc(&ex->line, '\n');
	return rc ? rc : write_line(ex);
}

static int on_ach(void *ctx, const struct achievement *x)
{
	struct exporter *ex = ctx;
	const char *v[XFER_MAX_COLS];
	int rc;
	ex->rows++;
	if (ex->jsonl)
		return emit_json(ex, achievement_json(x));
	xfer_ach_to_row(&ex->a, x, v);
	rc = emit_csv(ex, v);
	arena_release(&ex->a);
	return rc;
}

static int on_dem(void *ctx, const struct demand *x)
{
	struct exporter *ex = ctx;
	const char *v[XFER_MAX_COLS];
	int rc;
	ex->rows++;
	if (ex->jsonl)
		return emit_json(ex, demand_json(x));
	xfer_dem_to_row(&ex->a, x, v);
	rc = emit_csv(ex, v);
	arena_release(&ex->a);
	return rc;
}

static int export_orgs(struct exporter *ex, struct store *st)
{
	struct org_query q = { NULL, NULL, NULL, 500, 0 };
	struct arena page;
	int rc = TB_OK;

	arena_init(&page, 64u << 20);
	for (;;) {
		struct org *rows;
		int n = 0;
		int64_t total;
		if ((rc = org_list(st, &page, &q, &rows, &n, &total)))
			break;
		for (int i = 0; i < n && !rc; i++) {
			const char *v[XFER_MAX_COLS];
			ex->rows++;
			if (ex->jsonl) {
				rc = emit_json(ex, org_json(&rows[i]));
			} else {
				xfer_org_to_row(&ex->a, &rows[i], v);
				rc = emit_csv(ex, v);
				arena_release(&ex->a);
			}
		}
		arena_release(&page);
		if (rc || n < q.limit)
			break;
		q.offset += n;
	}
	arena_release(&page);
	return rc;
}

int cmd_export(int argc, char **argv)
{
	const char *db = cli_opt(argc, argv, "--db", "techbridge.db");
	const char *kind_s = cli_opt(argc, argv, "--kind", NULL);
	const char *fmt = cli_opt(argc, argv, "--format", "csv");
	const char *status = cli_opt(argc, argv, "--status", NULL);
	const char *out_path = cli_opt(argc, argv, "--out", NULL);
	struct exporter ex;
	struct store *st = NULL;
	int rc, version = 0, exit_code = CLI_EXIT_OK;

	memset(&ex, 0, sizeof(ex));
	if (!kind_s || !xfer_kind_parse(kind_s, &ex.kind))
		return cli_usage_error("export", "--kind must be orgs, achievements or demands");
	if (strcmp(fmt, "csv") && strcmp(fmt, "jsonl"))
		return cli_usage_error("export", "--format must be csv or jsonl");
	ex.jsonl = !strcmp(fmt, "jsonl");
	if (status && ex.kind == XFER_ORGS)
		return cli_usage_error("export", "--status applies to achievements and demands only");
	if (status && !name_in(ex.kind == XFER_ACHIEVEMENTS ? ach_statuses : demand_statuses, status))
		return cli_usage_error("export", "--status '%s' is not a known %s status", status,
		                       ex.kind == XFER_ACHIEVEMENTS ? "achievement" : "demand");
	if (access(db, F_OK) != 0 && strncmp(db, "postgres", 8))
		return fprintf(stderr, "techbridge export: no database at %s\n", db), CLI_EXIT_FAIL;
	/* Read-only: no migration (that would take the write lock); just check the schema exists. */
	if ((rc = app_open(db, 0, NULL, &st)) || (rc = app_schema_version(st, &version)) || version < 1) {
		fprintf(stderr, "techbridge export: %s is not a techbridge database%s%s\n", db,
		        rc ? ": " : "", rc ? tb_strerror(rc) : "");
		app_close(st);
		return CLI_EXIT_FAIL;
	}
	ex.out = out_path ? fopen(out_path, "w") : stdout;
	if (!ex.out) {
		fprintf(stderr, "techbridge export: cannot write %s: %s\n", out_path, strerror(errno));
		app_close(st);
		return CLI_EXIT_FAIL;
	}
	buf_init(&ex.line, 8u << 20);
	arena_init(&ex.a, 64u << 20);
	rc = TB_OK;
	if (!ex.jsonl) {
		const char *const *cols = xfer_columns(ex.kind);
		if (cli_flag(argc, argv, "--bom")) /* Excel needs it to read UTF-8 */
			fputs("\xEF\xBB\xBF", ex.out);
		rc = emit_csv(&ex, cols);
		ex.rows = 0;
	}
	if (!rc) {
		if (ex.kind == XFER_ORGS)
			rc = export_orgs(&ex, st);
		else if (ex.kind == XFER_ACHIEVEMENTS)
			rc = catalog_ach_each(st, status, on_ach, &ex);
		else
			rc = catalog_dem_each(st, status, on_dem, &ex);
	}
	if (fflush(ex.out) != 0 || ferror(ex.out))
		rc = rc ? rc : TB_EIO;
	if (out_path && fclose(ex.out) != 0)
		rc = rc ? rc : TB_EIO;
	if (rc) {
		fprintf(stderr, "techbridge export: %s\n", tb_strerror(rc));
		if (out_path)
			unlink(out_path);
		exit_code = CLI_EXIT_FAIL;
	} else if (out_path) {
		fprintf(stderr, "exported %ld %s to %s\n", ex.rows, xfer_kind_name(ex.kind), out_path);
	}
	buf_release(&ex.line);
	arena_release(&ex.a);
	app_close(st);
	return exit_code;
}

/* cmd_import.c - `techbridge import --db PATH --kind orgs|achievements|demands
 * --format csv|jsonl [--dry-run] FILE`: bulk-load rows through the same validators as the
 * API. The whole file is one transaction: the first bad row is reported as
 * FILE:LINE: field: message, everything is rolled back and the exit code is 2,
 * so a half-imported catalogue never exists. Organisation names in the
 * owner_org / org columns are resolved through a cache, because 100,000 rows
 * usually name a few hundred owners. */
#include "cli/cli.h"
#include "cli/import.h"
#include "core/arena.h"
#include "core/csv.h"
#include "core/err.h"
#include "core/util.h"
#include "domain/transfer.h"
#include "domain/app.h"
#include "domain/bulk.h"
#include <errno.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define JSONL_MAX_LINE (4u << 20)
#define PROGRESS_EVERY 10000

/* ---------------------------------------------------- org name cache */

struct name_cache {
	char **keys;
	int64_t *ids;
	size_t cap, n;
};

static uint64_t fnv(const char *s)
{
	uint64_t h = 1469598103934665603ULL;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

static void cache_release(struct name_cache *c)
{
	for (size_t i = 0; i < c->cap; i++)
		free(c->keys ? c->keys[i] : NULL);
	free(c->keys);
	free(c->ids);
	memset(c, 0, sizeof(*c));
}

static int64_t *cache_slot(struct name_cache *c, const char *name, int *found)
{
	size_t i = fnv(name) & (c->cap - 1);
	while (c->keys[i]) {
		if (!strcmp(c->keys[i], name))
			return *found = 1, &c->ids[i];
		i = (i + 1) & (c->cap - 1);
	}
	*found = 0;
	return &c->ids[i];
}

static int cache_put(struct name_cache *c, const char *name, int64_t id)
{
	int found;
	int64_t *slot;
	if (c->n * 2 >= c->cap) {
		struct name_cache g = { 0 };
		g.cap = c->cap ? c->cap * 2 : 1024;
		g.keys = calloc(g.cap, sizeof(*g.keys));
		g.ids = calloc(g.cap, sizeof(*g.ids));
		if (!g.keys || !g.ids) {
			free(g.keys);
			free(g.ids);
			return TB_ENOMEM;
		}
		for (size_t i = 0; i < c->cap; i++)
			if (c->keys[i]) {
				int64_t *s = cache_slot(&g, c->keys[i], &found);
				g.keys[s - g.ids] = c->keys[i];
				*s = c->ids[i];
				g.n++;
			}
		free(c->keys);
		free(c->ids);
		*c = g;
	}
	slot = cache_slot(c, name, &found);
	if (!found) {
		if (!(c->keys[slot - c->ids] = strdup(name)))
			return TB_ENOMEM;
		c->n++;
	}
	*slot = id;
	return TB_OK;
}

struct importer {
	const char *file;
	enum xfer_kind kind;
	struct store *st;
	struct arena row_arena;   /* per row, released after each insert */
	struct arena look_arena;  /* scratch for lookups */
	struct name_cache names;  /* org name -> id; 0 = known missing */
	long rows;
	int tty;
	int quiet;                /* no row messages (fuzzing) */
	double t0;
};

static int resolve_org(void *ctx, const char *name, int64_t *id)
{
	struct importer *im = ctx;
	struct org o;
	int found = 0, rc;
	int64_t *slot;

	if (im->names.cap && (slot = cache_slot(&im->names, name, &found)) && found) {
		*id = *slot;
		return *id ? TB_OK : TB_ENOTFOUND;
	}
	rc = bulk_org_find(im->st, &im->look_arena, name, &o);
	arena_release(&im->look_arena);
	if (rc && rc != TB_ENOTFOUND)
		return rc;
	*id = rc ? 0 : o.id;
	cache_put(&im->names, name, *id);
	return *id ? TB_OK : TB_ENOTFOUND;
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Reported problem: "FILE:LINE: field: message". */
static int row_error(struct importer *im, long line, const char *field, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static int row_error(struct importer *im, long line, const char *field, const char *fmt, ...)
{
	va_list ap;
	if (im->quiet)
		return TB_EINVAL;
	fprintf(stderr, "%s%s:%ld: ", im->tty && im->rows >= PROGRESS_EVERY ? "\n" : "", im->file, line);
	if (field && *field)
		fprintf(stderr, "%s: ", field);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return TB_EINVAL;
}

/* Map, validate and insert one row. Returns TB_EINVAL for the row's fault
 * (already reported), another rc for a failure of ours. */
static int import_row(struct importer *im, long line, const char *const *v)
{
	struct tb_field_error fe = { "", "" };
	struct arena *a = &im->row_arena;
	int rc;

	if (im->kind == XFER_ORGS) {
		struct org o;
		if ((rc = xfer_row_to_org(a, v, &o, &fe)))
			return row_error(im, line, fe.field, "%s", fe.message);
		if ((rc = bulk_org_insert(im->st, &o)) == TB_ECONFLICT)
			return row_error(im, line, "name", "an organisation named '%s' already exists", o.name);
		if (!rc)
			cache_put(&im->names, o.name, o.id);
	} else if (im->kind == XFER_ACHIEVEMENTS) {
		struct achievement x;
		if ((rc = xfer_row_to_ach(a, v, resolve_org, im, &x, &fe)))
			return rc == TB_EINVAL ? row_error(im, line, fe.field, "%s", fe.message) : rc;
		if ((rc = bulk_ach_insert(im->st, &x)) == TB_ECONFLICT) {
			struct org o;
			if (bulk_org_get(im->st, &im->look_arena, x.owner_org_id, &o) == TB_ENOTFOUND)
				return row_error(im, line, "owner_org_id", "unknown organisation %lld",
				                 (long long)x.owner_org_id);
			return row_error(im, line, "reg_no", "registration number %s already exists",
			                 x.reg_no ? x.reg_no : "");
		}
	} else {
		struct demand x;
		if ((rc = xfer_row_to_dem(a, v, resolve_org, im, &x, &fe)))
			return rc == TB_EINVAL ? row_error(im, line, fe.field, "%s", fe.message) : rc;
		if ((rc = bulk_dem_insert(im->st, &x)) == TB_ECONFLICT)
			return row_error(im, line, "org_id", "unknown organisation %lld", (long long)x.org_id);
	}
	if (rc)
		return rc == TB_EINVAL ? row_error(im, line, "", "rejected by the database") : rc;
	arena_release(a);
	arena_release(&im->look_arena);
	im->rows++;
	if (im->tty && im->rows % PROGRESS_EVERY == 0) {
		double dt = now_s() - im->t0;
		fprintf(stderr, "\r%s: %ld rows, %.0f rows/s", im->file, im->rows, dt > 0 ? im->rows / dt : 0.0);
		fflush(stderr);
	}
	return TB_OK;
}

/* ------------------------------------------------------------ CSV */

static int import_csv(struct importer *im, FILE *fp)
{
	struct csv_reader r;
	const char *const *f;
	const char *v[XFER_MAX_COLS];
	int colmap[CSV_MAX_FIELDS_DEFAULT];
	int n, ncols, rc;

	csv_init_file(&r, fp);
	rc = csv_next(&r, &f, &n);
	if (rc == TB_ENOTFOUND) {
		rc = row_error(im, 1, "header", "the file is empty (expected a header row of column names)");
		goto out;
	}
	if (rc) {
		rc = rc == TB_EIO ? rc : row_error(im, csv_line(&r), "", "%s", csv_error(&r));
		goto out;
	}
	ncols = n;
	for (int i = 0; i < n; i++) {
		/* Header names tolerate the blanks spreadsheets leave around them. */
		const char *name = f[i];
		size_t len;
		char *t;
		while (*name == ' ' || *name == '\t')
			name++;
		len = strlen(name);
		while (len && (name[len - 1] == ' ' || name[len - 1] == '\t'))
			len--;
		t = arena_strndup(&im->look_arena, name, len);
		colmap[i] = t ? xfer_column_index(im->kind, t) : -1;
		if (colmap[i] < 0) {
			rc = row_error(im, 1, "header", "unknown column '%.60s' for %s", f[i], xfer_kind_name(im->kind));
			goto out;
		}
		for (int j = 0; j < i; j++)
			if (colmap[j] == colmap[i]) {
				rc = row_error(im, 1, "header", "column '%s' appears twice", f[i]);
				goto out;
			}
	}
	while ((rc = csv_next(&r, &f, &n)) == TB_OK) {
		if (n != ncols) {
			rc = row_error(im, csv_line(&r), "", "the row has %d fields but the header has %d", n, ncols);
			goto out;
		}
		memset(v, 0, sizeof(v));
		for (int i = 0; i < n; i++)
			v[colmap[i]] = f[i];
		if ((rc = import_row(im, csv_line(&r), v)))
			goto out;
	}
	if (rc == TB_ENOTFOUND)
		rc = TB_OK;
	else if (rc != TB_EIO)
		rc = row_error(im, csv_line(&r), "", "%s", csv_error(&r));
out:
	csv_release(&r);
	return rc;
}

/* ---------------------------------------------------------- JSONL */

static const char *json_scalar(struct arena *a, json_t *j)
{
	if (json_is_string(j))
		return arena_strndup(a, json_string_value(j), json_string_length(j));
	if (json_is_integer(j))
		return arena_printf(a, "%lld", (long long)json_integer_value(j));
	if (json_is_real(j))
		return xfer_fmt_num(a, json_real_value(j));
	return NULL;
}

/* The API's JSON shape -> a row: arrays become ';' lists, contact{} becomes
 * contact_* columns, owner{}/org{} give the organisation by name. */
static int flatten(struct importer *im, long line, json_t *obj, const char **v)
{
	struct arena *a = &im->row_arena;
	const char *key;
	json_t *val;

	json_object_foreach(obj, key, val) {
		int col;
		if (json_is_null(val))
			continue;
		if (!strcmp(key, "contact") && json_is_object(val) && im->kind != XFER_ORGS) {
			static const char *const sub[] = { "name", "email", "phone" };
			for (int i = 0; i < 3; i++) {
				json_t *s = json_object_get(val, sub[i]);
				char colname[32];
				snprintf(colname, sizeof(colname), "contact_%s", sub[i]);
				if (s && !json_is_null(s)) {
					if (!json_is_string(s))
						return row_error(im, line, colname, "must be a string");
					v[xfer_column_index(im->kind, colname)] = json_string_value(s);
				}
			}
			continue;
		}
		if (((!strcmp(key, "owner") && im->kind == XFER_ACHIEVEMENTS) ||
		     (!strcmp(key, "org") && im->kind == XFER_DEMANDS)) && json_is_object(val)) {
			json_t *nm = json_object_get(val, "name");
			if (json_is_string(nm))
				v[xfer_column_index(im->kind, im->kind == XFER_DEMANDS ? "org" : "owner_org")] =
					json_string_value(nm);
			continue;
		}
		if ((col = xfer_column_index(im->kind, key)) < 0) {
			if (!strcmp(key, "score"))
				continue; /* search output, harmless */
			return row_error(im, line, key, "unknown field for %s", xfer_kind_name(im->kind));
		}
		if (json_is_array(val)) {
			struct buf b = BUF_INIT(1 << 20);
			size_t i;
			json_t *e;
			json_array_foreach(val, i, e) {
				if (!json_is_string(e)) {
					buf_release(&b);
					return row_error(im, line, key, "must be a list of strings");
				}
				if ((i && buf_addc(&b, ';')) || buf_adds(&b, json_string_value(e))) {
					buf_release(&b);
					return row_error(im, line, key, "is too long");
				}
			}
			v[col] = arena_strdup(a, b.ptr ? b.ptr : "");
			buf_release(&b);
		} else if (!(v[col] = json_scalar(a, val))) {
			return row_error(im, line, key, "must be a string or a number");
		}
	}
	return TB_OK;
}

static int import_jsonl(struct importer *im, FILE *fp)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	long lineno = 0;
	int rc = TB_OK;

	while ((len = getline(&line, &cap, fp)) >= 0) {
		const char *v[XFER_MAX_COLS];
		json_error_t jerr;
		json_t *obj;
		size_t sp;

		lineno++;
		if ((size_t)len > JSONL_MAX_LINE) {
			rc = row_error(im, lineno, "", "line is longer than %u bytes", JSONL_MAX_LINE);
			break;
		}
		if (lineno == 1 && len >= 3 && !memcmp(line, "\xEF\xBB\xBF", 3))
			memmove(line, line + 3, (size_t)(len -= 3) + 1);
		sp = strspn(line, " \t\r\n");
		if (sp == (size_t)len)
			continue;
		if (!utf8_valid(line, (size_t)len)) {
			rc = row_error(im, lineno, "", "invalid UTF-8 or NUL byte");
			break;
		}
		obj = json_loadb(line, (size_t)len, JSON_REJECT_DUPLICATES, &jerr);
		if (!obj) {
			rc = row_error(im, lineno, "json", "%s (column %d)", jerr.text, jerr.column);
			break;
		}
		if (!json_is_object(obj)) {
			json_decref(obj);
			rc = row_error(im, lineno, "json", "each line must be one JSON object");
			break;
		}
		memset(v, 0, sizeof(v));
		rc = flatten(im, lineno, obj, v);
		if (!rc)
			rc = import_row(im, lineno, v);
		json_decref(obj);
		if (rc)
			break;
	}
	if (!rc && ferror(fp))
		rc = TB_EIO;
	free(line);
	return rc;
}

int import_stream(struct store *st, enum xfer_kind kind, bool jsonl, FILE *fp, bool quiet, long *rows)
{
	struct importer im;
	int rc;
	memset(&im, 0, sizeof(im));
	im.file = "<stream>";
	im.kind = kind;
	im.st = st;
	im.quiet = quiet;
	arena_init(&im.row_arena, 64u << 20);
	arena_init(&im.look_arena, 1u << 20);
	im.t0 = now_s();
	rc = jsonl ? import_jsonl(&im, fp) : import_csv(&im, fp);
	*rows = im.rows;
	arena_release(&im.row_arena);
	arena_release(&im.look_arena);
	cache_release(&im.names);
	return rc;
}

/* ------------------------------------------------------------ command */

/* The one argument that is neither an option nor an option's value. */
static const char *positional(int argc, char **argv, const char *const *valued)
{
	for (int i = 1; i < argc; i++) {
		int takes = 0;
		if (!strcmp(argv[i], "-"))
			return argv[i];
		if (!strncmp(argv[i], "--", 2)) {
			for (int k = 0; valued[k]; k++)
				if (!strcmp(argv[i], valued[k]))
					takes = 1;
			i += takes;
			continue;
		}
		return argv[i];
	}
	return NULL;
}

static const char *format_of(const char *fmt, const char *file)
{
	size_t n = file ? strlen(file) : 0;
	if (fmt)
		return fmt;
	if (n > 6 && !strcmp(file + n - 6, ".jsonl"))
		return "jsonl";
	if (n > 4 && !strcmp(file + n - 4, ".csv"))
		return "csv";
	return NULL;
}

int cmd_import(int argc, char **argv)
{
	static const char *const valued[] = { "--db", "--kind", "--format", NULL };
	const char *db = cli_opt(argc, argv, "--db", "techbridge.db");
	const char *kind_s = cli_opt(argc, argv, "--kind", NULL);
	const char *file = positional(argc, argv, valued);
	const char *fmt = format_of(cli_opt(argc, argv, "--format", NULL), file);
	struct importer im;
	FILE *fp;
	int rc, applied, exit_code = CLI_EXIT_OK, dry_run = cli_flag(argc, argv, "--dry-run");
	double dt;

	memset(&im, 0, sizeof(im));
	if (!kind_s || !xfer_kind_parse(kind_s, &im.kind))
		return cli_usage_error("import", "--kind must be orgs, achievements or demands");
	if (!file)
		return cli_usage_error("import", "name the FILE to import ('-' for standard input)");
	if (!fmt || (strcmp(fmt, "csv") && strcmp(fmt, "jsonl")))
		return cli_usage_error("import", "--format must be csv or jsonl");
	fp = strcmp(file, "-") ? fopen(file, "r") : stdin;
	if (!fp)
		return fprintf(stderr, "techbridge import: cannot open %s: %s\n", file, strerror(errno)), CLI_EXIT_FAIL;
	im.file = strcmp(file, "-") ? file : "<stdin>";
	im.tty = isatty(STDERR_FILENO);
	arena_init(&im.row_arena, 64u << 20);
	arena_init(&im.look_arena, 1u << 20);
	if ((rc = app_open(db, 0, NULL, &im.st))) {
		fprintf(stderr, "techbridge import: cannot open %s: %s\n", app_url_shown(db), app_open_error(rc));
		exit_code = CLI_EXIT_FAIL;
		goto out;
	}
	if ((rc = app_migrate(im.st, &applied)) || (rc = bulk_mode(im.st, 1)) ||
	    (rc = bulk_begin(im.st))) {
		fprintf(stderr, "techbridge import: %s\n", tb_strerror(rc));
		exit_code = CLI_EXIT_FAIL;
		goto out;
	}
	im.t0 = now_s();
	rc = !strcmp(fmt, "csv") ? import_csv(&im, fp) : import_jsonl(&im, fp);
	arena_release(&im.look_arena);
	if (!rc && dry_run) {
		/* Every row was validated and inserted; undo it all. */
		bulk_rollback(im.st);
		printf("%ld %s in %s are valid (dry run: nothing imported)\n", im.rows,
		       xfer_kind_name(im.kind), im.file);
		goto out;
	}
	if (!rc)
		rc = bulk_commit(im.st);
	if (rc) {
		bulk_rollback(im.st);
		if (rc == TB_EINVAL) {
			fprintf(stderr, "techbridge import: nothing imported (the whole file is rolled back)\n");
			exit_code = CLI_EXIT_USAGE;
		} else {
			fprintf(stderr, "techbridge import: %s: %s; nothing imported\n", im.file, tb_strerror(rc));
			exit_code = CLI_EXIT_FAIL;
		}
		goto out;
	}
	dt = now_s() - im.t0;
	if (im.tty && im.rows >= PROGRESS_EVERY)
		fputc('\n', stderr);
	printf("imported %ld %s from %s in %.2f s (%.0f rows/s)\n", im.rows, xfer_kind_name(im.kind),
	       im.file, dt, dt > 0 ? im.rows / dt : 0.0);
out:
	if (fp != stdin)
		fclose(fp);
	app_close(im.st);
	arena_release(&im.row_arena);
	arena_release(&im.look_arena);
	cache_release(&im.names);
	return exit_code;
}

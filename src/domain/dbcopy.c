/* dbcopy.c - see dbcopy.h. Rows stream from the source in batches into the
 * target; the change log (`changes`) is copied last, after the target's own
 * triggers have logged the copy's inserts, so the target's log is the
 * source's, seq for seq, and a node that followed the source can follow the
 * target from the same position. */
#include "domain/dbcopy.h"
#include "domain/app.h"
#include "store/store.h"
#include "core/arena.h"
#include "core/err.h"
#include <stdio.h>
#include <string.h>

#define BATCH 256

struct sink {
	struct store *dst;
	const char *table;
	struct arena a;          /* the batch's copies of the values */
	struct copy_row rows[BATCH];
	int n;
	int64_t total;
};

static int flush(struct sink *k)
{
	int rc = store_copy_put(k->dst, k->table, k->rows, k->n);
	k->total += k->n;
	k->n = 0;
	arena_release(&k->a);
	arena_init(&k->a, 256u << 20);
	return rc;
}

/* Values are valid during the callback only: the batch keeps copies. */
static int take_row(void *ctx, const struct copy_row *r)
{
	struct sink *k = ctx;
	struct copy_row *c = &k->rows[k->n];
	const char **cols = arena_alloc(&k->a, sizeof(*cols) * (size_t)(r->n ? r->n : 1));
	struct copy_val *v = arena_alloc(&k->a, sizeof(*v) * (size_t)(r->n ? r->n : 1));
	if (!cols || !v)
		return TB_ENOMEM;
	for (int i = 0; i < r->n; i++) {
		v[i] = r->v[i];
		if (!(cols[i] = arena_strdup(&k->a, r->cols[i])))
			return TB_ENOMEM;
		if (r->v[i].t == COPY_TEXT || r->v[i].t == COPY_BLOB) {
			char *p = arena_alloc(&k->a, (size_t)r->v[i].len + 1);
			if (!p)
				return TB_ENOMEM;
			memcpy(p, r->v[i].p, (size_t)r->v[i].len);
			v[i].p = p;
		}
	}
	c->n = r->n;
	c->cols = cols;
	c->v = v;
	if (++k->n == BATCH)
		return flush(k);
	return TB_OK;
}

static int copy_table(struct store *src, struct sink *k, const char *table, bool log)
{
	int rc;
	if (log && (rc = store_copy_clear(k->dst, table)))
		return rc;
	k->table = table;
	if ((rc = store_copy_rows(src, table, take_row, k)))
		return rc;
	return flush(k);
}

static bool listed(const char *const *names, int n, const char *name)
{
	for (int i = 0; i < n; i++)
		if (!strcmp(names[i], name))
			return true;
	return false;
}

int dbcopy_run(const char *from, const char *to, struct dbcopy_report *r, char *err, size_t errlen)
{
	struct store *src = NULL, *dst = NULL;
	struct arena a;
	const char **st_names = NULL, **dt_names = NULL;
	int ns = 0, nd = 0, vs = 0, rc, began = 0;
	int64_t first, last;
	struct sink k = { 0 };

	memset(r, 0, sizeof(*r));
	arena_init(&a, 1 << 20);
	arena_init(&k.a, 256u << 20);
	if ((rc = app_open(from, 0, NULL, &src))) {
		snprintf(err, errlen, "cannot open the source %s: %s", from, tb_strerror(rc));
		goto out;
	}
	if ((rc = app_open(to, 1, NULL, &dst))) {
		snprintf(err, errlen, "cannot open or migrate the target %s: %s", to, tb_strerror(rc));
		goto out;
	}
	if ((rc = store_schema_version(src, &vs)) || (rc = store_schema_version(dst, &r->version))) {
		snprintf(err, errlen, "cannot read the schema versions: %s", tb_strerror(rc));
		goto out;
	}
	if (vs != r->version) {
		rc = TB_EINVAL;
		snprintf(err, errlen, "the source is at schema version %d, this build at %d: run "
		         "`techbridge migrate --db %s` first", vs, r->version, from);
		goto out;
	}
	/* New means: nothing was ever written that the change log records. */
	if ((rc = store_changes_last(dst, &first, &last)) || last > 0) {
		rc = rc ? rc : TB_ECONFLICT;
		snprintf(err, errlen, "the target %s is not empty (it has data of its own): give a new database", to);
		goto out;
	}
	if ((rc = store_copy_tables(src, &a, &st_names, &ns)) || (rc = store_copy_tables(dst, &a, &dt_names, &nd))) {
		snprintf(err, errlen, "cannot list the tables: %s", tb_strerror(rc));
		goto out;
	}
	for (int i = 0; i < ns; i++)
		if (!listed(dt_names, nd, st_names[i])) {
			rc = TB_EINVAL;
			snprintf(err, errlen, "the target has no table %s", st_names[i]);
			goto out;
		}
	if ((rc = store_copy_begin(dst))) {
		snprintf(err, errlen, "cannot start the copy: %s", tb_strerror(rc));
		goto out;
	}
	began = 1;
	/* The target's migrations seeded some tables (tier rules, platform
	 * kinds): emptied, children first, so that the source's rows and ids
	 * are the only ones. */
	for (int i = nd - 1; i >= 0; i--)
		if ((rc = store_copy_clear(dst, dt_names[i]))) {
			snprintf(err, errlen, "cannot empty %s on the target: %s", dt_names[i], tb_strerror(rc));
			goto out;
		}
	k.dst = dst;
	/* The log last, replacing what the copy's own inserts logged. */
	for (int pass = 0; pass < 2 && !rc; pass++)
		for (int i = 0; i < ns && !rc; i++) {
			bool log = !strcmp(st_names[i], "changes");
			if (log == (pass == 1) && (rc = copy_table(src, &k, st_names[i], log)))
				snprintf(err, errlen, "copying %s failed: %s", st_names[i], tb_strerror(rc));
			else if (log == (pass == 1))
				r->tables++;
		}
	if (rc)
		goto out;
	r->rows = k.total;
	if ((rc = store_copy_finish(dst)) || (rc = store_commit(dst))) {
		snprintf(err, errlen, "the copy does not hold together (%s): nothing was written", tb_strerror(rc));
		goto out;
	}
	began = 0;
out:
	if (began)
		store_rollback(dst);
	arena_release(&k.a);
	arena_release(&a);
	store_close(src);
	store_close(dst);
	return rc;
}

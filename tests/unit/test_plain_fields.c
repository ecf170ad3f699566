/* test_plain_fields.c - the plain-field tables of model/catalog.h
 * (ach_plain_fields, dem_plain_fields) reach every layer: for each entry, a
 * distinct value survives the store (item and pending revision), appears in
 * the presenter's JSON under the field's name, is a named import/export column
 * that exports and re-imports it, is a key the API body accepts, and is
 * length/range-checked by validation. Issue #11: adding an achievement field
 * touched ~9 C files and any one could be forgotten (the revisions column was,
 * once: accepting a revision erased the field); now a field is one table line,
 * and this test fails for a line that some layer does not honour. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "tmpdir.h"

#include "api/api.h"
#include "core/arena.h"
#include "core/err.h"
#include "domain/catalog.h"
#include "domain/transfer.h"
#include "store/store.h"

struct fx { struct store *st; struct arena a; char path[64]; int64_t org; };

static int setup(void **state)
{
	static struct fx f;
	struct org o = { 0 };
	int applied;
	memset(&f, 0, sizeof(f));
	snprintf(f.path, sizeof(f.path), "%s/tb-plain-%d.db", test_tmpdir(), (int)getpid());
	unlink(f.path);
	assert_int_equal(store_open(f.path, &f.st), TB_OK);
	assert_int_equal(store_migrate(f.st, &applied), TB_OK);
	arena_init(&f.a, 16 << 20);
	o.name = "大学"; o.kind = "university"; o.city = "沈阳";
	assert_int_equal(store_org_insert(f.st, &o), TB_OK);
	f.org = o.id;
	*state = &f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	arena_release(&f->a);
	store_close(f->st);
	unlink(f->path);
	return 0;
}

/* Puts a value of field i that no default has into rec. */
static void set_value(const struct plain_field *f, int i, void *rec, char *text, size_t len)
{
	char *p = rec;
	if (f->type == PLAIN_TEXT) {
		snprintf(text, len, "v%d-%s", i, f->name);
		*(const char **)(void *)(p + f->off) = text;
	} else {
		*(int *)(void *)(p + f->off) = f->max > 0 ? 1 : 0;
	}
}

static void check_value(const struct plain_field *f, const void *rec, const void *want)
{
	const char *p = rec, *w = want;
	if (f->type == PLAIN_TEXT)
		assert_string_equal(*(const char *const *)(const void *)(p + f->off),
		                    *(const char *const *)(const void *)(w + f->off));
	else
		assert_int_equal(*(const int *)(const void *)(p + f->off),
		                 *(const int *)(const void *)(w + f->off));
}

static void check_json(const struct plain_field *f, json_t *o, const void *want)
{
	const char *w = want;
	json_t *v = json_object_get(o, f->name);
	assert_non_null(v);
	if (f->type == PLAIN_TEXT)
		assert_string_equal(json_string_value(v), *(const char *const *)(const void *)(w + f->off));
	else
		assert_int_equal(json_integer_value(v), *(const int *)(const void *)(w + f->off));
}

/* The row of an export holds the value under the field's column name. */
static void check_row(const struct plain_field *f, enum xfer_kind k, const char *const *v,
                      const void *want)
{
	const char *w = want;
	int i = xfer_column_index(k, f->name);
	assert_true(i >= 0 && i < xfer_ncolumns(k));
	assert_string_equal(xfer_columns(k)[i], f->name);
	if (f->type == PLAIN_TEXT)
		assert_string_equal(v[i], *(const char *const *)(const void *)(w + f->off));
	else
		assert_int_equal(atoi(v[i]), *(const int *)(const void *)(w + f->off));
}

/* The API body accepts every plain name (and still refuses an unknown key). */
static void check_api_keys(const struct plain_field *plain)
{
	static const char *const none[] = { NULL };
	struct api_ctx c;
	memset(&c, 0, sizeof(c));
	c.body = json_object();
	for (const struct plain_field *f = plain; f->name; f++)
		json_object_set_new(c.body, f->name, json_null());
	assert_int_equal(api_only_keys_plain(&c, none, plain), TB_OK);
	json_object_set_new(c.body, "no_such_field", json_null());
	assert_int_equal(api_only_keys_plain(&c, none, plain), TB_EINVAL);
	assert_string_equal(c.fe.field, "no_such_field");
	json_decref(c.body);
}

/* The export names the owner; the import resolves it back to the same id. */
static int the_org(void *ctx, const char *name, int64_t *id)
{
	(void)name;
	*id = *(const int64_t *)ctx;
	return TB_OK;
}

static void test_achievement_fields(void **state)
{
	struct fx *f = *state;
	struct achievement x = { 0 }, got, back;
	struct revision r = { 0 }, pend;
	struct tb_field_error fe;
	const char *row[XFER_MAX_COLS];
	char text[16][64];
	int i = 0;
	json_t *o;

	assert_non_null(ach_plain_fields[0].name);
	x.title_zh = "成果"; x.owner_org_id = f->org; x.status = "draft"; x.trl = 5;
	x.modes = 1; x.price = -1;
	for (const struct plain_field *p = ach_plain_fields; p->name; p++, i++)
		set_value(p, i, &x, text[i % 16], sizeof(text[0]));
	assert_int_equal(achievement_validate(&x, &fe), TB_OK);
	assert_int_equal(store_achievement_insert(f->st, &x), TB_OK);
	assert_int_equal(store_achievement_get(f->st, &f->a, x.id, &got), TB_OK);
	r.is_ach = true; r.item_id = x.id; r.ach = x;
	assert_int_equal(store_revision_put(f->st, &r), TB_OK);
	assert_int_equal(store_revision_pending(f->st, &f->a, true, x.id, &pend), TB_OK);
	o = achievement_json(&got);
	assert_non_null(o);
	xfer_ach_to_row(&f->a, &got, row);
	assert_int_equal(xfer_row_to_ach(&f->a, row, the_org, &f->org, &back, &fe), TB_OK);
	for (const struct plain_field *p = ach_plain_fields; p->name; p++) {
		check_value(p, &got, &x);
		check_value(p, &pend.ach, &x);
		check_json(p, o, &x);
		check_row(p, XFER_ACHIEVEMENTS, row, &x);
		check_value(p, &back, &x);
	}
	json_decref(o);
	check_api_keys(ach_plain_fields);
}

static void test_demand_fields(void **state)
{
	struct fx *f = *state;
	struct demand x = { 0 }, got, back;
	struct revision r = { 0 }, pend;
	struct tb_field_error fe;
	const char *row[XFER_MAX_COLS];
	char text[16][64];
	int i = 0;
	json_t *o;

	assert_non_null(dem_plain_fields[0].name);
	x.title_zh = "需求"; x.desc_zh = "问题"; x.org_id = f->org; x.status = "draft";
	x.budget_min = x.budget_max = -1;
	for (const struct plain_field *p = dem_plain_fields; p->name; p++, i++)
		set_value(p, i, &x, text[i % 16], sizeof(text[0]));
	assert_int_equal(demand_validate(&x, &fe), TB_OK);
	assert_int_equal(store_demand_insert(f->st, &x), TB_OK);
	assert_int_equal(store_demand_get(f->st, &f->a, x.id, &got), TB_OK);
	r.is_ach = false; r.item_id = x.id; r.dem = x;
	assert_int_equal(store_revision_put(f->st, &r), TB_OK);
	assert_int_equal(store_revision_pending(f->st, &f->a, false, x.id, &pend), TB_OK);
	o = demand_json(&got);
	assert_non_null(o);
	xfer_dem_to_row(&f->a, &got, row);
	assert_int_equal(xfer_row_to_dem(&f->a, row, the_org, &f->org, &back, &fe), TB_OK);
	for (const struct plain_field *p = dem_plain_fields; p->name; p++) {
		check_value(p, &got, &x);
		check_value(p, &pend.dem, &x);
		check_json(p, o, &x);
		check_row(p, XFER_DEMANDS, row, &x);
		check_value(p, &back, &x);
	}
	json_decref(o);
	check_api_keys(dem_plain_fields);
}

/* Validation reads the table: a text one character over its max is refused
 * naming the field. */
static void test_limits(void **state)
{
	struct fx *f = *state;
	struct tb_field_error fe;
	for (const struct plain_field *p = ach_plain_fields; p->name; p++) {
		struct achievement x = { 0 };
		char *long_text;
		if (p->type != PLAIN_TEXT)
			continue;
		long_text = arena_alloc(&f->a, (size_t)p->max + 2);
		memset(long_text, 'x', (size_t)p->max + 1);
		long_text[p->max + 1] = '\0';
		x.title_zh = "成果"; x.owner_org_id = f->org; x.trl = 5; x.modes = 1; x.price = -1;
		*(const char **)(void *)((char *)&x + p->off) = long_text;
		memset(&fe, 0, sizeof(fe));
		assert_int_equal(achievement_validate(&x, &fe), TB_EINVAL);
		assert_string_equal(fe.field, p->name);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_achievement_fields, setup, teardown),
		cmocka_unit_test_setup_teardown(test_demand_fields, setup, teardown),
		cmocka_unit_test_setup_teardown(test_limits, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

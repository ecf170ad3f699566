/* test_catalog_ops.c - the catalogue service (domain/catalog_ops.h) through
 * two store connections on one database, as two server workers would hold
 * them. Guards the defect of issue #11: a status change read, checked and
 * wrote without a transaction and without checking the expected status in
 * the UPDATE, so two reviewers (or a reviewer and the owner) acting on the
 * same submitted item at once could both succeed. */
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

#include "core/arena.h"
#include "core/err.h"
#include "domain/catalog_ops.h"
#include "store/store.h"

struct fx {
	char path[64];
	struct store *one, *two;   /* two connections to the same database */
	struct arena a;
	int64_t org;
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	int applied;
	struct org o = { 0 };
	snprintf(f->path, sizeof(f->path), "%s/tb-unit-cops-%d.db", test_tmpdir(), (int)getpid());
	unlink(f->path);
	assert_int_equal(store_open(f->path, &f->one), TB_OK);
	assert_int_equal(store_migrate(f->one, &applied), TB_OK);
	assert_int_equal(store_open(f->path, &f->two), TB_OK);
	arena_init(&f->a, 4 << 20);
	o.name = "东北大学"; o.kind = "university"; o.city = "沈阳"; o.province = "辽宁";
	assert_int_equal(store_org_insert(f->one, &o), TB_OK);
	f->org = o.id;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	char p[80];
	arena_release(&f->a);
	store_close(f->one);
	store_close(f->two);
	unlink(f->path);
	snprintf(p, sizeof(p), "%s-wal", f->path); unlink(p);
	snprintf(p, sizeof(p), "%s-shm", f->path); unlink(p);
	free(f);
	return 0;
}

static int64_t submitted_ach(struct fx *f)
{
	struct achievement x;
	struct tb_field_error fe = { 0 };
	memset(&x, 0, sizeof(x));
	x.title_zh = "镁合金轧制";
	x.trl = 6;
	x.modes = MODE_TRANSFER;
	x.price = PRICE_NEGOTIABLE;
	x.owner_org_id = f->org;
	x.status = "submitted";
	assert_int_equal(catalog_ach_create(f->one, &f->a, &x, NULL, &fe), TB_OK);
	assert_string_equal(x.status, "submitted");
	return x.id;
}

/* Reviewer A publishes and reviewer B returns the item both read as
 * submitted: A wins, B gets TB_ESTATE naming the status it has now, and the
 * item keeps A's outcome. */
static void test_publish_and_return_race(void **state)
{
	struct fx *f = *state;
	struct achievement seen_a, seen_b, out;
	struct tb_field_error fe = { 0 };
	int64_t id = submitted_ach(f);

	assert_int_equal(catalog_ach_get(f->one, &f->a, id, &seen_a), TB_OK);
	assert_int_equal(catalog_ach_get(f->two, &f->a, id, &seen_b), TB_OK);
	assert_int_equal(catalog_ach_transition(f->one, &f->a, id, seen_a.status, "publish", NULL,
	                                        NULL, &out, &fe), TB_OK);
	assert_string_equal(out.status, "published");
	assert_int_equal(catalog_ach_transition(f->two, &f->a, id, seen_b.status, "return",
	                                        "缺少对比", NULL, &out, &fe), TB_ESTATE);
	assert_string_equal(fe.field, "status");
	assert_non_null(strstr(fe.message, "published"));
	assert_int_equal(catalog_ach_get(f->two, &f->a, id, &out), TB_OK);
	assert_string_equal(out.status, "published");
	assert_null(out.review_note);
}

/* Withdraw is allowed from published too, so only the expected status keeps
 * the owner's "withdraw what I saw as submitted" from landing on top of the
 * reviewer's publication. */
static void test_publish_and_withdraw_race(void **state)
{
	struct fx *f = *state;
	struct achievement out;
	struct tb_field_error fe = { 0 };
	int64_t id = submitted_ach(f);

	assert_int_equal(catalog_ach_transition(f->one, &f->a, id, "submitted", "publish", NULL, NULL,
	                                        &out, &fe), TB_OK);
	assert_int_equal(catalog_ach_transition(f->two, &f->a, id, "submitted", "withdraw", NULL, NULL,
	                                        &out, &fe), TB_ESTATE);
	assert_int_equal(catalog_ach_get(f->one, &f->a, id, &out), TB_OK);
	assert_string_equal(out.status, "published");
}

/* The same for demands, and the store's own guard: a stale expectation
 * written straight through the second connection changes nothing. */
static void test_demand_publish_twice(void **state)
{
	struct fx *f = *state;
	struct demand d, out;
	struct tb_field_error fe = { 0 };

	memset(&d, 0, sizeof(d));
	d.title_zh = "需要轻量化材料";
	d.desc_zh = "车身减重百分之二十。";
	d.budget_min = d.budget_max = -1;
	d.org_id = f->org;
	d.status = "submitted";
	assert_int_equal(catalog_dem_create(f->one, &f->a, &d, NULL, &fe), TB_OK);
	assert_int_equal(catalog_dem_transition(f->one, &f->a, d.id, "submitted", "publish", NULL, NULL,
	                                        &out, &fe), TB_OK);
	assert_int_equal(catalog_dem_transition(f->two, &f->a, d.id, "submitted", "publish", NULL, NULL,
	                                        &out, &fe), TB_ESTATE);
	assert_int_equal(store_demand_set_status(f->two, d.id, "submitted", "draft", "x"), TB_ESTATE);
	assert_int_equal(catalog_dem_get(f->two, &f->a, d.id, &out), TB_OK);
	assert_string_equal(out.status, "published");
	assert_null(out.review_note);
}

/* Returning needs a reason; an unknown item is not found; a failed change
 * leaves no transaction open on the connection. */
static void test_rules(void **state)
{
	struct fx *f = *state;
	struct achievement out;
	struct tb_field_error fe = { 0 };
	int64_t id = submitted_ach(f);

	assert_int_equal(catalog_ach_transition(f->one, &f->a, id, "submitted", "return", NULL, NULL,
	                                        &out, &fe), TB_EINVAL);
	assert_string_equal(fe.field, "reason");
	assert_int_equal(catalog_ach_transition(f->one, &f->a, 99999999, "submitted", "publish", NULL,
	                                        NULL, &out, &fe), TB_ENOTFOUND);
	assert_int_equal(catalog_ach_transition(f->one, &f->a, id, "submitted", "close", NULL, NULL,
	                                        &out, &fe), TB_ESTATE);
	assert_int_equal(catalog_ach_transition(f->two, &f->a, id, "submitted", "return", "理由", NULL,
	                                        &out, &fe), TB_OK);
	assert_string_equal(out.status, "draft");
	assert_string_equal(out.review_note, "理由");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_publish_and_return_race, setup, teardown),
		cmocka_unit_test_setup_teardown(test_publish_and_withdraw_race, setup, teardown),
		cmocka_unit_test_setup_teardown(test_demand_publish_twice, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rules, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* test_visibility.c - the domain's rule for reading catalogue listings the
 * public does not see (domain/visibility.h). The rule used to live only in
 * the API's policy rows (read_any / read_draft) and in api/catalog.c's
 * can_see(), so the CLI or any other reader had nothing to ask; these cases
 * pin it at the domain: anonymous, a member of the owner, a member of another
 * organisation, a reviewer, a broker with and without the owner's consent,
 * and the public statuses. */
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
#include "domain/brokerage.h"
#include "domain/visibility.h"
#include "store/store.h"

struct fx { struct store *st; struct arena a; char path[64]; int64_t inst, uni, ent, broker, draft, pub; };

static int64_t org(struct fx *f, const char *name, const char *kind)
{
	struct org o = { 0 };
	o.name = name; o.kind = kind; o.city = "沈阳";
	assert_int_equal(store_org_insert(f->st, &o), TB_OK);
	return o.id;
}

static int64_t ach(struct fx *f, const char *status)
{
	struct achievement x = { 0 };
	x.title_zh = "成果"; x.owner_org_id = f->uni; x.status = status; x.trl = 6; x.modes = 1; x.price = -1;
	assert_int_equal(store_achievement_insert(f->st, &x), TB_OK);
	return x.id;
}

static int setup(void **state)
{
	static struct fx f;
	struct user u = { 0 };
	struct broker b = { 0 };
	int applied;
	memset(&f, 0, sizeof(f));
	snprintf(f.path, sizeof(f.path), "%s/tb-visibility-%d.db", test_tmpdir(), (int)getpid());
	unlink(f.path);
	assert_int_equal(store_open(f.path, &f.st), TB_OK);
	assert_int_equal(store_migrate(f.st, &applied), TB_OK);
	arena_init(&f.a, 16 << 20);
	f.inst = org(&f, "转移中心", "transfer");
	f.uni = org(&f, "大学", "university");
	f.ent = org(&f, "企业", "enterprise");
	u.email = "b@x.cn"; u.name = "B"; u.role = "broker"; u.org_id = f.inst; u.pw_hash = "$argon2id$x";
	assert_int_equal(store_user_insert(f.st, &u), TB_OK);
	f.broker = u.id;
	b.user_id = u.id; b.institution_id = f.inst; b.name = "B"; b.grade = "senior";
	assert_int_equal(store_broker_put(f.st, &b), TB_OK);
	f.draft = ach(&f, "submitted");
	f.pub = ach(&f, "published");
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

/* A submitted item: 401 for nobody, 403 for another organisation's member,
 * readable by the owner's member and by a reviewer; a published one by all. */
static void test_item_reads(void **state)
{
	struct fx *f = *state;
	struct actor anon = { 0, 0, NULL }, own = { 50, f->uni, "member" },
		     other = { 51, f->ent, "member" }, reviewer = { 52, 0, "reviewer" };
	struct achievement x;

	assert_int_equal(catalog_ach_read(f->st, &f->a, &anon, f->draft, &x), TB_EAUTH);
	assert_int_equal(catalog_ach_read(f->st, &f->a, &other, f->draft, &x), TB_EPERM);
	assert_int_equal(catalog_ach_read(f->st, &f->a, &own, f->draft, &x), TB_OK);
	assert_int_equal(x.id, f->draft);
	assert_int_equal(catalog_ach_read(f->st, &f->a, &reviewer, f->draft, &x), TB_OK);
	assert_int_equal(catalog_ach_read(f->st, &f->a, &anon, f->pub, &x), TB_OK);
	assert_int_equal(catalog_ach_read(f->st, &f->a, &other, f->pub, &x), TB_OK);
	assert_int_equal(catalog_ach_read(f->st, &f->a, &anon, 999999, &x), TB_ENOTFOUND);

	/* commercialised and closed stay public for one item; matches are public
	 * for a published item only. */
	assert_int_equal(listing_read_check(f->st, &anon, "commercialised", f->uni), TB_OK);
	assert_int_equal(listing_read_check(f->st, &anon, "closed", f->ent), TB_OK);
	assert_int_equal(listing_read_check(f->st, &anon, "withdrawn", f->uni), TB_EAUTH);
	assert_int_equal(listing_match_check(f->st, &anon, "commercialised", f->uni), TB_EAUTH);
	assert_int_equal(listing_match_check(f->st, &own, "submitted", f->uni), TB_OK);
}

/* Listing a hidden status needs the organisation named (members) or the
 * reviewer role; the published listing is everyone's. */
static void test_list_reads(void **state)
{
	struct fx *f = *state;
	struct actor anon = { 0, 0, NULL }, own = { 50, f->uni, "member" },
		     admin = { 1, 0, "admin" }, reviewer = { 52, 0, "reviewer" };

	assert_int_equal(listing_list_check(f->st, &anon, NULL, 0), TB_OK);
	assert_int_equal(listing_list_check(f->st, &anon, "published", 0), TB_OK);
	assert_int_equal(listing_list_check(f->st, &anon, "draft", f->uni), TB_EAUTH);
	assert_int_equal(listing_list_check(f->st, &own, "draft", 0), TB_EPERM);
	assert_int_equal(listing_list_check(f->st, &own, "draft", f->ent), TB_EPERM);
	assert_int_equal(listing_list_check(f->st, &own, "draft", f->uni), TB_OK);
	assert_int_equal(listing_list_check(f->st, &reviewer, "submitted", 0), TB_OK);
	assert_int_equal(listing_list_check(f->st, &admin, "submitted", 0), TB_OK);
	assert_int_equal(listing_role_reads_hidden(NULL), 0);
	assert_int_equal(listing_role_reads_hidden("reviewer"), 1);
	assert_int_equal(listing_role_reads_hidden("org_admin"), 2);
}

/* A broker reads a represented organisation's drafts only while its consent
 * with the "listings" scope stands; revoking it ends that at once. */
static void test_broker_consent(void **state)
{
	struct fx *f = *state;
	struct tb_field_error fe = { 0 };
	struct actor broker = { f->broker, f->inst, "broker" }, admin_uni = { 53, f->uni, "org_admin" };
	struct achievement x;

	assert_int_equal(catalog_ach_read(f->st, &f->a, &broker, f->draft, &x), TB_EPERM);
	assert_int_equal(rep_request(f->st, &f->a, &broker, f->uni, "listings", &fe), TB_OK);
	assert_int_equal(catalog_ach_read(f->st, &f->a, &broker, f->draft, &x), TB_EPERM);
	assert_int_equal(rep_decide(f->st, &f->a, &admin_uni, f->broker, f->uni, "consent", NULL, &fe), TB_OK);
	assert_int_equal(catalog_ach_read(f->st, &f->a, &broker, f->draft, &x), TB_OK);
	assert_int_equal(rep_decide(f->st, &f->a, &broker, f->broker, f->uni, "revoke", NULL, &fe), TB_OK);
	assert_int_equal(catalog_ach_read(f->st, &f->a, &broker, f->draft, &x), TB_EPERM);
}

/* Challenges (issue #13): drafts are listed to the bureau, and to an
 * organisation's side only when the query names that organisation. */
static void test_challenge_listing(void **state)
{
	struct fx *f = *state;
	struct actor anon = { 0, 0, NULL }, own = { 50, f->uni, "member" },
		     other = { 51, f->ent, "org_admin" }, reviewer = { 52, 0, "reviewer" };

	assert_true(challenge_list_public_only(f->st, &anon, 0));
	assert_true(challenge_list_public_only(f->st, &anon, f->uni));
	assert_true(challenge_list_public_only(f->st, &own, 0));
	assert_false(challenge_list_public_only(f->st, &own, f->uni));
	assert_true(challenge_list_public_only(f->st, &other, f->uni));
	assert_false(challenge_list_public_only(f->st, &reviewer, 0));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_item_reads, setup, teardown),
		cmocka_unit_test_setup_teardown(test_list_reads, setup, teardown),
		cmocka_unit_test_setup_teardown(test_broker_consent, setup, teardown),
		cmocka_unit_test_setup_teardown(test_challenge_listing, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* test_alliance.c - the rules of the alliance and service-agency registries
 * (issue #15, domain/alliance.c) on a fresh database: every invalid input is
 * refused with its field named and nothing written; the lead organisation
 * is always a member with the role lead and no one else holds it; an
 * activity cannot predate the alliance; only an agency or transfer
 * institution gets a service profile, with services from the fixed list.
 * Guards against an alliance whose lead is not among its members (the seeds
 * count members), and against service profiles on enterprises (they would be
 * counted among the 400+ service institutions). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "tmpdir.h"

#include "core/arena.h"
#include "domain/alliance.h"
#include "store/store.h"

static struct store *st;
static struct arena A;
static char path[64];
static int64_t uni, ent, ent2, agency_org;

static int64_t add_org(const char *name, const char *kind)
{
	struct org o;
	memset(&o, 0, sizeof(o));
	o.name = name;
	o.kind = kind;
	o.city = "沈阳";
	return store_org_insert(st, &o) ? -1 : o.id;
}

static int setup(void **state)
{
	int applied;
	snprintf(path, sizeof(path), "%s/tb-alliance-%d.db", test_tmpdir(), (int)getpid());
	unlink(path);
	if (store_open(path, &st) || store_migrate(st, &applied))
		return -1;
	arena_init(&A, 16 << 20);
	uni = add_org("东北大学", "university");
	ent = add_org("沈阳新松", "enterprise");
	ent2 = add_org("沈阳机床", "enterprise");
	agency_org = add_org("浑南知识产权服务中心", "agency");
	return uni > 0 && ent > 0 && ent2 > 0 && agency_org > 0 ? 0 : -1;
}

static int teardown(void **state)
{
	char p[80];
	arena_release(&A);
	store_close(st);
	unlink(path);
	snprintf(p, sizeof(p), "%s-wal", path); unlink(p);
	snprintf(p, sizeof(p), "%s-shm", path); unlink(p);
	return 0;
}

static struct alliance base(struct alliance_member *m, int n)
{
	struct alliance x;
	memset(&x, 0, sizeof(x));
	x.name = "辽宁省机器人产业技术创新战略联盟";
	x.level = "provincial";
	x.founded_on = "2016-03-01";
	x.lead_org_id = uni;
	x.members = m;
	x.nmembers = n;
	return x;
}

static int64_t count_alliances(void)
{
	struct alliance_query q;
	struct alliance_stats s;
	memset(&q, 0, sizeof(q));
	q.substantive = -1;
	return alliance_stats(st, &q, &s) ? -1 : s.alliances;
}

static void test_alliance_rejects_naming_the_field(void **state)
{
	struct alliance_member dup[2] = { { ent, "member", NULL, NULL, NULL }, { ent, "member", NULL, NULL, NULL } };
	struct alliance_member lead_other[1] = { { ent, "lead", NULL, NULL, NULL } };
	struct alliance_member lead_demoted[1] = { { uni, "member", NULL, NULL, NULL } };
	struct alliance_member ghost[1] = { { 999999, "member", NULL, NULL, NULL } };
	struct alliance_member badrole[1] = { { ent, "chair", NULL, NULL, NULL } };
	struct {
		struct alliance x;
		const char *field;
	} cases[7];
	int64_t before = count_alliances();
	cases[0].x = base(NULL, 0); cases[0].x.name = ""; cases[0].field = "name";
	cases[1].x = base(NULL, 0); cases[1].x.level = "county"; cases[1].field = "level";
	cases[2].x = base(NULL, 0); cases[2].x.founded_on = "2016-02-30"; cases[2].field = "founded_on";
	cases[3].x = base(NULL, 0); cases[3].x.lead_org_id = 999999; cases[3].field = "lead_org_id";
	cases[4].x = base(dup, 2); cases[4].field = "members";
	cases[5].x = base(lead_other, 1); cases[5].field = "members";
	cases[6].x = base(ghost, 1); cases[6].field = "members";
	for (int i = 0; i < 7; i++) {
		struct tb_field_error fe = { 0 };
		assert_int_equal(alliance_create(st, &A, &cases[i].x, 1, &fe), TB_EINVAL);
		assert_string_equal(fe.field, cases[i].field);
	}
	{
		struct tb_field_error fe = { 0 };
		struct alliance x = base(lead_demoted, 1);
		assert_int_equal(alliance_create(st, &A, &x, 1, &fe), TB_EINVAL);
		assert_string_equal(fe.field, "members");
		x = base(badrole, 1);
		assert_int_equal(alliance_create(st, &A, &x, 1, &fe), TB_EINVAL);
		assert_string_equal(fe.field, "members");
	}
	assert_int_equal(count_alliances(), before); /* nothing written */
}

static void test_lead_is_a_member_and_keeps_the_role(void **state)
{
	struct alliance_member m[1] = { { ent, "member", NULL, NULL, NULL } };
	struct alliance x = base(m, 1), got;
	struct tb_field_error fe = { 0 };
	struct alliance_member add;
	struct alliance_activity v;
	assert_int_equal(alliance_create(st, &A, &x, 1, &fe), TB_OK);
	assert_int_equal(alliance_get(st, &A, x.id, 2024, &got), TB_OK);
	assert_int_equal(got.nmembers, 2);
	assert_int_equal(got.members[0].org_id, uni);
	assert_string_equal(got.members[0].role, "lead");
	assert_string_equal(got.members[0].joined_on, "2016-03-01");
	/* the lead cannot be re-added as a member; no one else becomes lead */
	add = (struct alliance_member){ uni, "member", NULL, NULL, NULL };
	assert_int_equal(alliance_member_add(st, &A, x.id, &add, 1, &fe), TB_EINVAL);
	assert_string_equal(fe.field, "org_id");
	add = (struct alliance_member){ ent2, "lead", NULL, NULL, NULL };
	assert_int_equal(alliance_member_add(st, &A, x.id, &add, 1, &fe), TB_EINVAL);
	assert_string_equal(fe.field, "role");
	add = (struct alliance_member){ 999999, "member", NULL, NULL, NULL };
	assert_int_equal(alliance_member_add(st, &A, x.id, &add, 1, &fe), TB_EINVAL);
	assert_string_equal(fe.field, "org_id");
	assert_int_equal(alliance_member_add(st, &A, 999999, &add, 1, &fe), TB_ENOTFOUND);
	add = (struct alliance_member){ ent2, "vice_lead", "2020-01-01", NULL, NULL };
	assert_int_equal(alliance_member_add(st, &A, x.id, &add, 1, &fe), TB_OK);
	/* three members from both sides, but no activity in 2024: not substantive */
	assert_int_equal(alliance_get(st, &A, x.id, 2024, &got), TB_OK);
	assert_int_equal(got.member_count, 3);
	assert_int_equal(got.substantive, 0);
	v = (struct alliance_activity){ 0, x.id, "2015-12-31", "成立前" };
	assert_int_equal(alliance_activity_add(st, &A, &v, 1, &fe), TB_EINVAL);
	assert_string_equal(fe.field, "held_on");
	v = (struct alliance_activity){ 0, x.id, "2024-04-01", "" };
	assert_int_equal(alliance_activity_add(st, &A, &v, 1, &fe), TB_EINVAL);
	assert_string_equal(fe.field, "title");
	v = (struct alliance_activity){ 0, x.id, "2024-04-01", "机器人技术对接会" };
	assert_int_equal(alliance_activity_add(st, &A, &v, 1, &fe), TB_OK);
	assert_int_equal(alliance_get(st, &A, x.id, 2024, &got), TB_OK);
	assert_int_equal(got.substantive, 1);
	assert_int_equal(alliance_get(st, &A, x.id, 2025, &got), TB_OK);
	assert_int_equal(got.substantive, 0);
}

static void test_agency_profile_rules(void **state)
{
	struct agency g, got;
	struct tb_field_error fe = { 0 };
	memset(&g, 0, sizeof(g));
	g.org_id = ent; g.level = "city"; g.year = 2019; g.services = "ip";
	assert_int_equal(agency_put(st, &A, &g, 1, &fe), TB_EINVAL);
	assert_string_equal(fe.field, "org_id");
	g.org_id = 999999;
	assert_int_equal(agency_put(st, &A, &g, 1, &fe), TB_ENOTFOUND);
	assert_string_equal(fe.field, "org_id");
	g.org_id = agency_org;
	const char *bad_services[] = { NULL, "", "ip,", "ip,astrology", "ip,,finance" };
	for (size_t i = 0; i < sizeof(bad_services) / sizeof(bad_services[0]); i++) {
		g.services = bad_services[i];
		assert_int_equal(agency_put(st, &A, &g, 1, &fe), TB_EINVAL);
		assert_string_equal(fe.field, "services");
	}
	g.services = "ip,testing";
	g.level = "township";
	assert_int_equal(agency_put(st, &A, &g, 1, &fe), TB_EINVAL);
	assert_string_equal(fe.field, "level");
	g.level = "city";
	g.year = 1900;
	assert_int_equal(agency_put(st, &A, &g, 1, &fe), TB_EINVAL);
	assert_string_equal(fe.field, "year");
	g.year = 2019;
	g.regions = "沈阳,,大连";
	assert_int_equal(agency_put(st, &A, &g, 1, &fe), TB_EINVAL);
	assert_string_equal(fe.field, "regions");
	assert_int_equal(agency_get(st, &A, agency_org, &got), TB_ENOTFOUND); /* nothing written */
	g.regions = "沈阳,浑南区";
	assert_int_equal(agency_put(st, &A, &g, 1, &fe), TB_OK);
	assert_int_equal(agency_get(st, &A, agency_org, &got), TB_OK);
	assert_string_equal(got.services, "ip,testing");
	assert_string_equal(agency_service_label("testing", "en"), "inspection and testing");
	assert_string_equal(agency_service_label("ip", "zh"), "知识产权");
	assert_null(agency_service_label("astrology", "en"));
}

/* The cap counts the lead: 200 organisations in all; the 201st is refused
 * with a conflict naming the cap (guards the mutant alliance-cap-off-by-one,
 * which let one more in). */
static void test_member_cap(void **state)
{
	static struct alliance_member m[ALLIANCE_MAX_MEMBERS];
	struct alliance x, got;
	struct alliance_member add;
	struct tb_field_error fe = { 0 };
	char name[64];
	int64_t extra;
	for (int i = 0; i < ALLIANCE_MAX_MEMBERS - 1; i++) {
		snprintf(name, sizeof(name), "成员单位%03d", i);
		m[i] = (struct alliance_member){ add_org(name, "enterprise"), "member", NULL, NULL, NULL };
		assert_true(m[i].org_id > 0);
	}
	x = base(m, ALLIANCE_MAX_MEMBERS - 1);
	x.name = "满员联盟";
	assert_int_equal(alliance_create(st, &A, &x, 1, &fe), TB_OK);
	assert_int_equal(alliance_get(st, &A, x.id, 2024, &got), TB_OK);
	assert_int_equal(got.nmembers, ALLIANCE_MAX_MEMBERS);
	extra = add_org("第二百零一家成员单位", "enterprise");
	add = (struct alliance_member){ extra, "member", NULL, NULL, NULL };
	assert_int_equal(alliance_member_add(st, &A, x.id, &add, 1, &fe), TB_ECONFLICT);
	assert_string_equal(fe.field, "org_id");
	assert_string_equal(fe.code, "alliance_full");
	assert_int_equal(fe.n, ALLIANCE_MAX_MEMBERS);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_alliance_rejects_naming_the_field),
		cmocka_unit_test(test_lead_is_a_member_and_keeps_the_role),
		cmocka_unit_test(test_agency_profile_rules),
		cmocka_unit_test(test_member_cap),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}

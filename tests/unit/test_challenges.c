/* test_challenges.c - unit tests for the 揭榜挂帅 rules (domain/challenge.h):
 * working-day arithmetic of the public notice, validation (weights add up to
 * 100, measurable indicators, stages add up to the ceiling, the money bound),
 * weighted totals, overdue milestones, the status table, and - against a
 * real SQLite store - sealed applications, conflict-of-interest exclusion,
 * the notice/confirm rule and the exactly-once tranche payment. */
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
#include "core/err.h"
#include "domain/challenge.h"
#include "domain/money.h"
#include "store/store.h"

/* Guards: a notice counted in calendar days (Friday + 5 = Wednesday) would
 * cut the public's objection window short. */
static void test_working_days(void **state)
{
	char out[16];
	assert_true(challenge_add_working_days("2026-12-04", 5, out)); /* Friday */
	assert_string_equal(out, "2026-12-11");
	assert_true(challenge_add_working_days("2026-12-02", 5, out)); /* Wednesday */
	assert_string_equal(out, "2026-12-09");
	assert_true(challenge_add_working_days("2026-12-05", 1, out)); /* Saturday -> Monday */
	assert_string_equal(out, "2026-12-07");
	assert_true(challenge_add_working_days("2026-12-31", 2, out)); /* over the year end */
	assert_string_equal(out, "2027-01-04");
	assert_true(challenge_add_working_days("2026-12-02", 0, out));
	assert_string_equal(out, "2026-12-02");
	assert_false(challenge_add_working_days("2026-02-30", 1, out));
	assert_false(challenge_add_working_days("2026-12-02", -1, out));
}

static void test_deadline_norm(void **state)
{
	char out[32];
	assert_true(challenge_deadline_norm("2027-03-31", out));
	assert_string_equal(out, "2027-03-31T23:59:59Z");
	assert_true(challenge_deadline_norm("2027-03-31T08:00:00Z", out));
	assert_string_equal(out, "2027-03-31T08:00:00Z");
	assert_false(challenge_deadline_norm("2027-03-31T25:00:00Z", out));
	assert_false(challenge_deadline_norm("2027-03-31 08:00", out));
	assert_false(challenge_deadline_norm(NULL, out));
}

static struct ch_line L(const char *kind, const char *name, const char *value, const char *unit,
                        int weight, int64_t fen)
{
	struct ch_line l;
	memset(&l, 0, sizeof(l));
	l.kind = kind; l.name = name; l.value = value; l.unit = unit; l.weight = weight; l.amount_fen = fen;
	return l;
}

static void base(struct challenge *c)
{
	memset(c, 0, sizeof(*c));
	c->issuer_org_id = 1;
	c->title_zh = "高温合金单晶叶片";
	c->problem = "承温能力不足";
	c->deadline = "2027-03-31";
	c->budget_fen = 1000000000; /* 10 M yuan */
	c->max_winners = 1;
	c->notice_days = 5;
}

/* Guards: criteria whose weights do not add up to 100 make weighted totals
 * incomparable; an indicator without a unit is not measurable; stages that
 * do not add up to the ceiling; an amount above the platform's money bound. */
static void test_validate(void **state)
{
	struct challenge c;
	struct tb_field_error fe = { 0 };
	struct ch_line l[4] = {
		L("indicator", "承温能力", "1100", "°C", 0, 0), L("criterion", "技术路线", NULL, NULL, 60, 0),
		L("criterion", "团队能力", NULL, NULL, 40, 0), L("stage", "首期", NULL, "initial", 0, 1000000000),
	};
	base(&c);
	assert_int_equal(challenge_validate(&c, l, 4, &fe), TB_OK);
	l[2].weight = 30;
	assert_int_equal(challenge_validate(&c, l, 4, &fe), TB_EINVAL);
	assert_string_equal(fe.field, "criteria");
	l[2].weight = 40;
	l[0].unit = NULL;
	l[0].seq = 1;
	assert_int_equal(challenge_validate(&c, l, 4, &fe), TB_EINVAL);
	assert_string_equal(fe.field, "indicators[1]");
	l[0].unit = "°C";
	l[3].amount_fen = 900000000;
	assert_int_equal(challenge_validate(&c, l, 4, &fe), TB_EINVAL);
	assert_string_equal(fe.field, "stages");
	l[3].amount_fen = 1000000000;
	c.budget_fen = MONEY_MAX_FEN + 1;
	assert_int_equal(challenge_validate(&c, l, 3, &fe), TB_EINVAL);
	assert_string_equal(fe.field, "budget");
	base(&c);
	c.deadline = "31/03/2027";
	assert_int_equal(challenge_validate(&c, l, 4, &fe), TB_EINVAL);
	assert_string_equal(fe.field, "deadline");
}

static void test_weighted_and_overdue(void **state)
{
	struct ch_line crit[2] = { L("criterion", "a", NULL, NULL, 60, 0), L("criterion", "b", NULL, NULL, 40, 0) };
	struct ch_score sc[3] = { { 1, 7, 9, 1, 80, NULL }, { 1, 7, 9, 2, 50, NULL }, { 1, 7, 10, 1, 90, NULL } };
	struct ch_milestone m;
	double t = 0;
	crit[0].seq = 1;
	crit[1].seq = 2;
	assert_true(challenge_weighted(crit, 2, sc, 3, 7, 9, &t));
	assert_true(t > 67.99 && t < 68.01); /* 0.6*80 + 0.4*50 */
	assert_false(challenge_weighted(crit, 2, sc, 3, 7, 10, &t)); /* criterion b missing */
	memset(&m, 0, sizeof(m));
	m.due_on = "2026-11-30";
	m.status = "pending";
	assert_true(challenge_ms_overdue(&m, "2026-12-01"));
	assert_false(challenge_ms_overdue(&m, "2026-11-30"));
	m.status = "accepted";
	assert_false(challenge_ms_overdue(&m, "2026-12-01"));
	m.status = "rejected";
	assert_true(challenge_ms_overdue(&m, "2026-12-01"));
}

static void test_status_table(void **state)
{
	assert_string_equal(challenge_next("draft", "submit"), "submitted");
	assert_string_equal(challenge_next("submitted", "publish"), "published");
	assert_string_equal(challenge_next("failed", "reopen"), "published");
	assert_string_equal(challenge_next("failed", "close"), "closed");
	assert_null(challenge_next("draft", "publish"));
	assert_null(challenge_next("published", "start"));
	assert_null(challenge_next("accepted", "reopen"));
}

/* ---- against a store */

struct fx { char path[64]; struct store *st; struct arena a; int64_t issuer, team, rival, expert_u,
	    outsider_u, team_u, issuer_u; };

static int64_t org(struct fx *f, const char *name, const char *kind)
{
	struct org o;
	memset(&o, 0, sizeof(o));
	o.name = name; o.kind = kind; o.city = "沈阳"; o.province = "辽宁";
	assert_int_equal(store_org_insert(f->st, &o), TB_OK);
	return o.id;
}

static int64_t user(struct fx *f, const char *email, int64_t org_id, const char *role)
{
	struct user u;
	memset(&u, 0, sizeof(u));
	u.email = email; u.org_id = org_id; u.role = role; u.pw_hash = "x";
	assert_int_equal(store_user_insert(f->st, &u), TB_OK);
	return u.id;
}

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	int applied;
	snprintf(f->path, sizeof(f->path), "%s/tb-ch-%d.db", test_tmpdir(), (int)getpid());
	unlink(f->path);
	assert_int_equal(store_open(f->path, &f->st), TB_OK);
	assert_int_equal(store_migrate(f->st, &applied), TB_OK);
	arena_init(&f->a, 64 << 20);
	f->issuer = org(f, "沈阳机床", "enterprise");
	f->team = org(f, "东北大学", "university");
	f->rival = org(f, "中科院金属所", "institute");
	f->expert_u = user(f, "expert@imr.cn", f->rival, "member");
	f->outsider_u = user(f, "prof@dlut.cn", 0, "member");
	f->team_u = user(f, "t@neu.cn", f->team, "member");
	f->issuer_u = user(f, "i@sy.cn", f->issuer, "member");
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	char p[80];
	arena_release(&f->a);
	store_close(f->st);
	unlink(f->path);
	snprintf(p, sizeof(p), "%s-wal", f->path); unlink(p);
	snprintf(p, sizeof(p), "%s-shm", f->path); unlink(p);
	free(f);
	return 0;
}

static struct ch_actor A(int64_t user_id, int64_t org_id, bool bureau)
{
	struct ch_actor a = { user_id, org_id, "x@y", bureau ? "reviewer" : "member", bureau };
	return a;
}

static int64_t apply(struct fx *f, int64_t team, int64_t user_id, const char *now)
{
	struct ch_line l[2] = { L("budget", "首期", NULL, NULL, 0, 400000000),
	                        L("milestone", "样机", "2027-06-30", "initial", 0, 400000000) };
	struct ch_app_full x;
	struct ch_actor by = A(user_id, team, false);
	struct tb_field_error fe = { 0 };
	memset(&x, 0, sizeof(x));
	x.app.challenge_id = 1;
	x.app.team_org_id = team;
	x.app.plan = "方案";
	x.lines = l;
	x.nlines = 2;
	assert_int_equal(challenge_apply(f->st, &f->a, &by, &x, now, &fe), TB_OK);
	return x.app.id;
}

/* The whole rule set on one challenge: sealed until the deadline (for the
 * bureau too), conflict exclusion by organisation, no scoring by an excluded
 * expert, the notice must run before confirm, a tranche is paid once. */
static void test_lifecycle_rules(void **state)
{
	struct fx *f = *state;
	struct ch_line l[3] = { L("indicator", "承温能力", "1100", "°C", 0, 0),
	                        L("criterion", "技术路线", NULL, NULL, 60, 0),
	                        L("criterion", "团队", NULL, NULL, 40, 0) };
	struct ch_full x;
	struct ch_app *apps;
	struct ch_app_full got;
	struct ch_expert ex;
	struct ch_score sc[2] = { { 0, 0, 0, 1, 80, NULL }, { 0, 0, 0, 2, 60, NULL } };
	struct ch_rank *rk;
	struct challenge c;
	struct ch_milestone *ms, m;
	struct tb_field_error fe = { 0 };
	struct ch_actor team = A(f->team_u, f->team, false), bureau = A(99, 0, true);
	struct ch_actor issuer = A(f->issuer_u, f->issuer, false);
	struct ch_actor expert = A(f->expert_u, f->rival, false), outsider = A(f->outsider_u, 0, false);
	int64_t app1, app2;
	bool sealed;
	int n;

	memset(&x, 0, sizeof(x));
	base(&x.c);
	x.c.issuer_org_id = f->issuer;
	x.c.deadline = "2027-01-10T00:00:00Z";
	x.lines = l;
	x.nlines = 3;
	assert_int_equal(challenge_create(f->st, &f->a, &issuer, &x, &fe), TB_OK);
	assert_int_equal(x.c.id, 1);
	/* illegal transition names the current status */
	assert_int_equal(challenge_act(f->st, &f->a, &bureau, 1, "publish", NULL, NULL,
	                               "2027-01-01T00:00:00Z", &c, &fe), TB_ESTATE);
	assert_string_equal(fe.field, "status");
	assert_non_null(strstr(fe.message, "draft"));
	assert_int_equal(challenge_act(f->st, &f->a, &issuer, 1, "submit", NULL, NULL,
	                               "2027-01-01T00:00:00Z", &c, &fe), TB_OK);
	assert_int_equal(challenge_act(f->st, &f->a, &issuer, 1, "publish", NULL, NULL,
	                               "2027-01-01T00:00:00Z", &c, &fe), TB_EPERM);
	assert_int_equal(challenge_act(f->st, &f->a, &bureau, 1, "publish", NULL, NULL,
	                               "2027-01-01T00:00:00Z", &c, &fe), TB_OK);
	app1 = apply(f, f->team, f->team_u, "2027-01-02T00:00:00Z");
	app2 = apply(f, f->rival, f->expert_u, "2027-01-02T00:00:00Z");

	/* Sealed: before the deadline the bureau, the issuer and outsiders see none. */
	assert_int_equal(challenge_apps_visible(f->st, &f->a, &bureau, 1, "2027-01-05T00:00:00Z", &apps, &n,
	                                        &sealed), TB_OK);
	assert_true(sealed);
	assert_int_equal(n, 0);
	assert_int_equal(challenge_apps_visible(f->st, &f->a, &issuer, 1, "2027-01-05T00:00:00Z", &apps, &n,
	                                        &sealed), TB_OK);
	assert_int_equal(n, 0);
	assert_int_equal(challenge_app_get(f->st, &f->a, NULL, app1, "2027-01-05T00:00:00Z", &got),
	                 TB_ENOTFOUND);
	assert_int_equal(challenge_apps_visible(f->st, &f->a, &team, 1, "2027-01-05T00:00:00Z", &apps, &n,
	                                        &sealed), TB_OK);
	assert_int_equal(n, 1);
	assert_int_equal(apps[0].id, app1);
	/* closing before the deadline is refused */
	assert_int_equal(challenge_act(f->st, &f->a, &bureau, 1, "close_applications", NULL, NULL,
	                               "2027-01-05T00:00:00Z", &c, &fe), TB_ESTATE);
	assert_string_equal(fe.field, "deadline");
	/* At the deadline instant itself the applications are closed and
	 * unsealed: "before the deadline" is strictly before (guards the
	 * mutant challenge-deadline-inclusive, which kept them sealed and open
	 * for one more instant). */
	assert_int_equal(challenge_apps_visible(f->st, &f->a, &issuer, 1, "2027-01-10T00:00:00Z", &apps, &n,
	                                        &sealed), TB_OK);
	assert_false(sealed);
	assert_int_equal(n, 2);
	/* after the deadline the issuer sees both */
	assert_int_equal(challenge_apps_visible(f->st, &f->a, &issuer, 1, "2027-01-11T00:00:00Z", &apps, &n,
	                                        &sealed), TB_OK);
	assert_false(sealed);
	assert_int_equal(n, 2);
	assert_int_equal(challenge_app_get(f->st, &f->a, &outsider, app1, "2027-01-11T00:00:00Z", &got),
	                 TB_ENOTFOUND);
	assert_int_equal(challenge_act(f->st, &f->a, &bureau, 1, "close_applications", NULL, NULL,
	                               "2027-01-11T00:00:00Z", &c, &fe), TB_OK);
	assert_int_equal(challenge_act(f->st, &f->a, &bureau, 1, "start_review", NULL, NULL,
	                               "2027-01-11T00:00:00Z", &c, &fe), TB_OK);

	/* Conflict of interest: the expert works at the rival applicant. */
	assert_int_equal(challenge_assign_expert(f->st, &f->a, &bureau, 1, f->expert_u, NULL, &ex, &fe), TB_OK);
	assert_string_equal(ex.status, "excluded");
	assert_int_equal(challenge_score(f->st, &f->a, &expert, app1, sc, 2, &fe), TB_EPERM);
	assert_int_equal(challenge_assign_expert(f->st, &f->a, &bureau, 1, f->outsider_u, NULL, &ex, &fe), TB_OK);
	assert_string_equal(ex.status, "assigned");
	assert_int_equal(challenge_score(f->st, &f->a, &outsider, app1, sc, 2, &fe), TB_OK);
	assert_int_equal(challenge_ranking(f->st, &f->a, &outsider, 1, &rk, &n), TB_OK);
	assert_int_equal(n, 2);
	assert_int_equal(rk[0].app_id, app1);
	assert_true(rk[0].total > 71.99 && rk[0].total < 72.01);
	assert_int_equal(rk[1].experts, 0);
	/* Checked per application, not only at assignment: the assigned expert
	 * has since joined the team's organisation, so scoring that team is a
	 * conflict of interest (guards the mutant challenge-expert-team-conflict,
	 * which dropped the per-application check). */
	{
		struct ch_actor moved = A(f->outsider_u, f->team, false);
		memset(&fe, 0, sizeof(fe));
		assert_int_equal(challenge_score(f->st, &f->a, &moved, app1, sc, 2, &fe), TB_EPERM);
		assert_string_equal(fe.field, "expert");
		assert_string_equal(fe.code, "team_conflict");
	}

	assert_int_equal(challenge_select(f->st, &f->a, &bureau, 1, &app1, 1, 5, "2027-01-15", &c, &fe), TB_OK);
	assert_string_equal(c.notice_end, "2027-01-22");
	assert_int_equal(challenge_confirm(f->st, &f->a, &bureau, 1, "2027-01-21", &c, &fe), TB_ESTATE);
	assert_string_equal(fe.field, "notice_end");
	/* Staged funding: the winner's milestone tranches no longer add up to
	 * the award (lines written past the application's own check, as an
	 * import could): confirming is refused and names the application
	 * (guards the mutant challenge-stage-tranches-unchecked). */
	{
		struct ch_line bad = L("milestone", "样机", "2027-06-30", "initial", 0, 300000000);
		struct ch_line good = L("milestone", "样机", "2027-06-30", "initial", 0, 400000000);
		assert_int_equal(store_ch_lines_put(f->st, 1, app1, "milestone", &bad, 1), TB_OK);
		memset(&fe, 0, sizeof(fe));
		assert_int_equal(challenge_confirm(f->st, &f->a, &bureau, 1, "2027-01-22", &c, &fe), TB_EINVAL);
		assert_string_equal(fe.field, "budget");
		assert_string_equal(fe.code, "award_mismatch");
		assert_int_equal(fe.n, app1);
		assert_int_equal(store_ch_lines_put(f->st, 1, app1, "milestone", &good, 1), TB_OK);
	}
	assert_int_equal(challenge_confirm(f->st, &f->a, &bureau, 1, "2027-01-22", &c, &fe), TB_OK);
	assert_int_equal(c.awarded_fen, 400000000);
	assert_int_equal(challenge_act(f->st, &f->a, &bureau, 1, "start", NULL, NULL,
	                               "2027-01-23T00:00:00Z", &c, &fe), TB_OK);
	assert_int_equal(store_ch_ms_list(f->st, &f->a, 1, &ms, &n), TB_OK);
	assert_int_equal(n, 1);
	/* Nothing reported yet: the end user cannot accept the milestone
	 * (guards the mutant challenge-ms-decide-any-status). */
	memset(&fe, 0, sizeof(fe));
	assert_int_equal(challenge_ms_decide(f->st, &f->a, &issuer, ms[0].id, true, NULL, "2027-04-30", &m, &fe),
	                 TB_ESTATE);
	assert_string_equal(fe.field, "status");
	assert_string_equal(fe.code, "state_is");
	assert_int_equal(challenge_ms_report(f->st, &f->a, &team, ms[0].id, "样机报告", "2027-05-01", &m, &fe), TB_OK);
	assert_int_equal(challenge_ms_pay(f->st, &f->a, &bureau, ms[0].id, "2027-05-02", &m, &fe), TB_ESTATE);
	/* the bureau is not the end user */
	assert_int_equal(challenge_ms_decide(f->st, &f->a, &bureau, ms[0].id, true, NULL, "2027-05-02", &m, &fe),
	                 TB_EPERM);
	assert_int_equal(challenge_ms_decide(f->st, &f->a, &issuer, ms[0].id, true, NULL, "2027-05-02", &m, &fe),
	                 TB_OK);
	assert_int_equal(challenge_ms_pay(f->st, &f->a, &bureau, ms[0].id, "2027-05-03", &m, &fe), TB_OK);
	assert_int_equal(challenge_ms_pay(f->st, &f->a, &bureau, ms[0].id, "2027-05-03", &m, &fe), TB_ESTATE);
	assert_int_equal(challenge_act(f->st, &f->a, &issuer, 1, "accept", NULL, NULL,
	                               "2027-06-01T00:00:00Z", &c, &fe), TB_OK);
	(void)app2;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_working_days),
		cmocka_unit_test(test_deadline_norm),
		cmocka_unit_test(test_validate),
		cmocka_unit_test(test_weighted_and_overdue),
		cmocka_unit_test(test_status_table),
		cmocka_unit_test_setup_teardown(test_lifecycle_rules, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

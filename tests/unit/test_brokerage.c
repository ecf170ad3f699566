/* test_brokerage.c - the rules of domain/brokerage.c against a fresh SQLite
 * store: the case state machine (forward only, contract needs a registered
 * contract, close needs a reason, illegal moves name the current state),
 * consent decided only by the represented organisation's org_admin, feedback
 * that cannot be given in another organisation's name, and KPIs that count a
 * contract only through a case. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "tmpdir.h"

#include "core/arena.h"
#include "core/err.h"
#include "domain/brokerage.h"
#include "store/store.h"

struct fx { struct store *st; struct arena a; char path[64]; int64_t inst, uni, ent, broker, ach, dem; };

static int64_t org(struct fx *f, const char *name, const char *kind)
{
	struct org o = { 0 };
	o.name = name; o.kind = kind; o.city = "沈阳";
	assert_int_equal(store_org_insert(f->st, &o), TB_OK);
	return o.id;
}

static int setup(void **state)
{
	static struct fx f;
	struct user u = { 0 };
	struct broker b = { 0 };
	struct achievement x = { 0 };
	struct demand d = { 0 };
	int applied;
	memset(&f, 0, sizeof(f));
	snprintf(f.path, sizeof(f.path), "%s/tb-brokerage-%d.db", test_tmpdir(), (int)getpid());
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
	x.title_zh = "成果"; x.owner_org_id = f.uni; x.status = "published"; x.trl = 6; x.modes = 1; x.price = -1;
	assert_int_equal(store_achievement_insert(f.st, &x), TB_OK);
	d.title_zh = "需求"; d.org_id = f.ent; d.status = "published"; d.budget_min = d.budget_max = -1;
	assert_int_equal(store_demand_insert(f.st, &d), TB_OK);
	f.ach = x.id;
	f.dem = d.id;
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

/* Defect guarded: a case could jump backwards or be marked contracted with no
 * registered contract; the error must name the current state. */
static void test_case_machine(void **state)
{
	struct fx *f = *state;
	struct actor by = { f->broker, f->inst, "broker" }, stranger = { 999, f->inst, "member" };
	struct tb_field_error fe = { 0 };
	struct dcase k = { 0 }, out;
	k.achievement_id = f->ach; k.demand_id = f->dem; k.broker_id = f->broker; k.opened_on = "2030-01-01";
	/* Neither its broker nor a party nor consented to: a stranger cannot
	 * open a case between two other organisations (guards the mutant
	 * case-open-any, which dropped the opener check). */
	{
		struct dcase x = k;
		assert_int_equal(case_open(f->st, &f->a, &stranger, &x, "hello", &fe), TB_EPERM);
		assert_int_equal(x.id, 0); /* nothing stored */
	}
	assert_int_equal(case_open(f->st, &f->a, &by, &k, "hello", &fe), TB_OK);
	assert_int_equal(k.institution_id, f->inst);
	assert_int_equal(k.seeker_org_id, f->ent);
	assert_int_equal(k.owner_org_id, f->uni);
	assert_int_equal(case_advance(f->st, &f->a, &stranger, k.id, "meeting", NULL, NULL, NULL, NULL, 0, &out, &fe),
			 TB_EPERM);
	assert_int_equal(case_advance(f->st, &f->a, &by, k.id, "contracted", "2030-02-01", NULL, NULL, NULL, 0, &out, &fe),
			 TB_EINVAL);
	assert_string_equal(fe.field, "contract_id");
	assert_int_equal(case_advance(f->st, &f->a, &by, k.id, "closed", NULL, NULL, NULL, "bored", 0, &out, &fe),
			 TB_EINVAL);
	assert_string_equal(fe.field, "close_reason");
	assert_int_equal(case_advance(f->st, &f->a, &by, k.id, "evaluation", "2030-01-10", NULL, NULL, NULL, 0, &out, &fe),
			 TB_OK);
	memset(&fe, 0, sizeof(fe));
	assert_int_equal(case_advance(f->st, &f->a, &by, k.id, "meeting", NULL, NULL, NULL, NULL, 0, &out, &fe),
			 TB_ESTATE);
	assert_string_equal(fe.field, "status");
	/* Nor a "move" to the step it is at (guards case-move-to-same: a
	 * repeated step was logged twice). */
	memset(&fe, 0, sizeof(fe));
	assert_int_equal(case_advance(f->st, &f->a, &by, k.id, "evaluation", "2030-01-11", NULL, NULL, NULL, 0, &out, &fe),
			 TB_ESTATE);
	assert_string_equal(fe.field, "status");
	assert_string_equal(fe.code, "status_move");
	assert_non_null(strstr(fe.message, "evaluation"));
	assert_int_equal(case_advance(f->st, &f->a, &by, k.id, "closed", NULL, NULL, NULL, "price", 0, &out, &fe), TB_OK);
	assert_string_equal(out.close_reason, "price");
	assert_int_equal(case_advance(f->st, &f->a, &by, k.id, "closed", NULL, NULL, NULL, "price", 0, &out, &fe),
			 TB_ESTATE);
}

/* Defect guarded: representation without the organisation's consent. */
static void test_consent(void **state)
{
	struct fx *f = *state;
	struct actor broker = { f->broker, f->inst, "broker" }, member = { 50, f->uni, "member" },
		     admin_other = { 51, f->ent, "org_admin" }, admin_uni = { 52, f->uni, "org_admin" };
	struct tb_field_error fe = { 0 };
	int ok = -1;
	assert_int_equal(rep_request(f->st, &f->a, &member, f->uni, NULL, &fe), TB_EPERM);
	assert_int_equal(rep_request(f->st, &f->a, &broker, f->uni, "listings,payroll", &fe), TB_EINVAL);
	assert_string_equal(fe.field, "scope");
	assert_int_equal(rep_request(f->st, &f->a, &broker, f->uni, "listings", &fe), TB_OK);
	assert_int_equal(rep_decide(f->st, &f->a, &member, f->broker, f->uni, "consent", NULL, &fe), TB_EPERM);
	assert_int_equal(rep_decide(f->st, &f->a, &admin_other, f->broker, f->uni, "consent", NULL, &fe), TB_EPERM);
	assert_int_equal(rep_decide(f->st, &f->a, &broker, f->broker, f->uni, "consent", NULL, &fe), TB_EPERM);
	assert_int_equal(rep_decide(f->st, &f->a, &admin_uni, f->broker, f->uni, "consent", NULL, &fe), TB_OK);
	assert_int_equal(store_rep_allows(f->st, f->broker, f->uni, "listings", &ok), TB_OK);
	assert_int_equal(ok, 1);
	assert_int_equal(rep_decide(f->st, &f->a, &broker, f->broker, f->uni, "revoke", NULL, &fe), TB_OK);
	assert_int_equal(store_rep_allows(f->st, f->broker, f->uni, "listings", &ok), TB_OK);
	assert_int_equal(ok, 0);
}

/* Defect guarded: feedback given in another organisation's name. */
static void test_feedback_party(void **state)
{
	struct fx *f = *state;
	struct actor ent = { 60, f->ent, "member" }, uni = { 61, f->uni, "member" }, other = { 62, f->inst, "member" };
	struct tb_field_error fe = { 0 };
	struct match_feedback out;
	int created = -1;
	assert_int_equal(feedback_put(f->st, &f->a, &other, 0, f->ach, f->dem, "interested", NULL, NULL, &out, &created, &fe),
			 TB_EPERM);
	assert_int_equal(feedback_put(f->st, &f->a, &ent, f->uni, f->ach, f->dem, "interested", NULL, NULL, &out, &created,
				      &fe),
			 TB_EPERM);
	assert_int_equal(feedback_put(f->st, &f->a, &ent, 0, f->ach, f->dem, "not_interested", NULL, NULL, &out, &created,
				      &fe),
			 TB_EINVAL);
	assert_string_equal(fe.field, "reason");
	assert_int_equal(feedback_put(f->st, &f->a, &ent, 0, f->ach, f->dem, "not_interested", "too_vague", NULL, &out,
				      &created, &fe),
			 TB_OK);
	assert_int_equal(created, 1);
	assert_int_equal(out.party_org_id, f->ent);
	assert_int_equal(feedback_put(f->st, &f->a, &uni, 0, f->ach, f->dem, "interested", NULL, NULL, &out, &created, &fe),
			 TB_OK); /* the owner judging the demand: its own row */
	assert_int_equal(created, 1);
}

/* Must hold: KPIs count a contract only through a case. */
static void test_kpi_only_through_cases(void **state)
{
	struct fx *f = *state;
	struct actor by = { f->broker, f->inst, "broker" };
	struct tb_field_error fe = { 0 };
	struct dcase k = { 0 }, out;
	struct contract c = { 0 }, lone = { 0 };
	struct kpi *rows;
	int n;
	k.achievement_id = f->ach; k.demand_id = f->dem; k.broker_id = f->broker; k.opened_on = "2030-01-01";
	assert_int_equal(case_open(f->st, &f->a, &by, &k, NULL, &fe), TB_OK);
	assert_int_equal(case_advance(f->st, &f->a, &by, k.id, "negotiation", "2030-02-01", NULL, NULL, NULL, 0, &out, &fe),
			 TB_OK);
	c.reg_no = "2030210112000001"; c.type = "licensing"; c.seller.org_id = f->uni; c.buyer.org_id = f->ent;
	c.amount_fen = 50000000; c.tx_amount_fen = 40000000; c.signed_on = "2030-03-03"; c.status = "registered";
	assert_int_equal(store_contract_insert(f->st, &c), TB_OK);
	lone = c;
	lone.reg_no = "2030210112000002";
	lone.amount_fen = lone.tx_amount_fen = 90000000;
	assert_int_equal(store_contract_insert(f->st, &lone), TB_OK);
	assert_int_equal(case_advance(f->st, &f->a, &by, k.id, "contracted", "2030-03-03", NULL, NULL, NULL, c.id, &out, &fe),
			 TB_OK);
	assert_int_equal(kpi_compute(f->st, &f->a, "broker", "2030-01-01", "2030-12-31", 0, &rows, &n, &fe), TB_OK);
	assert_int_equal(n, 1);
	assert_int_equal(rows[0].key, f->broker);
	assert_int_equal(rows[0].contracts, 1);
	assert_int_equal(rows[0].tx_amount_fen, 40000000); /* not the lone contract */
	assert_int_equal(rows[0].cases_opened, 1);
	assert_true(rows[0].median_days == 61);
	assert_int_equal(kpi_compute(f->st, &f->a, "institution", "2030-01-01", "2030-12-31", f->inst, &rows, &n, &fe),
			 TB_OK);
	assert_int_equal(rows[0].amount_fen, 50000000);
	assert_int_equal(kpi_compute(f->st, &f->a, "team", "2030-01-01", "2030-12-31", 0, &rows, &n, &fe), TB_EINVAL);
	assert_string_equal(fe.field, "by");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_case_machine, setup, teardown),
		cmocka_unit_test_setup_teardown(test_consent, setup, teardown),
		cmocka_unit_test_setup_teardown(test_feedback_party, setup, teardown),
		cmocka_unit_test_setup_teardown(test_kpi_only_through_cases, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

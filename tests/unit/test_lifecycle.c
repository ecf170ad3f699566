/* test_lifecycle.c - the rules of issue #16 that need no server: payment
 * schedules (Civil Code art. 846; instalments add up to the contract amount,
 * 400 naming the field otherwise) and the listing life cycle over a real
 * SQLite store with a fixed clock (expiry, one reminder, demands closed at
 * their deadline or by a contract, the expected-status guard, the system as
 * audit actor, one runner at a time by the lease). Guards against: nothing
 * expiring, 703 of 1,292 published demo demands past their deadline and
 * still matched, a demand left published after the contract that realised
 * it, and schedules that do not add up. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "model/region.h"
#include "tmpdir.h"

#include "core/util.h"
#include "domain/lifecycle.h"
#include "domain/payment.h"
#include "domain/digest.h"
#include "domain/alerts.h"

/* 2031-03-01T12:00:00+08:00 */
#define NOW 1930104000LL

static void schedules(void **state)
{
	struct tb_field_error fe;
	struct instalment ok[2] = { { 1, "2031-01-31", 600000 }, { 2, "2031-06-30", 400000 } };
	struct instalment bad_order[2] = { { 1, "2031-06-30", 600000 }, { 2, "2031-01-31", 400000 } };
	struct instalment zero[2] = { { 1, "2031-01-31", 1000000 }, { 2, "2031-06-30", 0 } };
	struct instalment fee[1] = { { 1, "2031-01-31", 200000 } };
	unsigned mask;
	const char *bad = NULL;
	(void)state;

	assert_int_equal(payment_check_schedule("instalments", 1000000, ok, 2, &fe), TB_OK);
	assert_int_equal(payment_check_schedule("instalments", 1000001, ok, 2, &fe), TB_EINVAL);
	assert_string_equal(fe.field, "schedule");
	assert_string_equal(fe.message, "the instalments add up to 1000000 fen, the contract amount is "
	                                "1000001 fen");
	assert_int_equal(payment_check_schedule("instalments", 1000000, ok, 1, &fe), TB_EINVAL);
	assert_string_equal(fe.field, "schedule");
	assert_int_equal(payment_check_schedule("instalments", 1000000, bad_order, 2, &fe), TB_EINVAL);
	assert_string_equal(fe.field, "schedule[1].due_on");
	assert_int_equal(payment_check_schedule("instalments", 1000000, zero, 2, &fe), TB_EINVAL);
	assert_string_equal(fe.field, "schedule[1].amount_fen");
	assert_int_equal(payment_check_schedule("royalty", 1000000, NULL, 0, &fe), TB_OK);
	assert_int_equal(payment_check_schedule("royalty", 1000000, fee, 1, &fe), TB_EINVAL);
	assert_int_equal(payment_check_schedule("royalty_entry_fee", 1000000, fee, 1, &fe), TB_OK);
	assert_int_equal(payment_check_schedule("royalty_entry_fee", 100000, fee, 1, &fe), TB_EINVAL);
	assert_string_equal(fe.field, "schedule[0].amount_fen");
	assert_int_equal(payment_check_schedule("lump_sum", 200000, fee, 1, &fe), TB_OK);
	assert_int_equal(payment_check_schedule("barter", 200000, NULL, 0, &fe), TB_EINVAL);
	assert_string_equal(fe.field, "payment_mode");
	assert_int_equal(payment_check_schedule(NULL, 200000, fee, 1, &fe), TB_EINVAL);
	assert_string_equal(fe.field, "payment_mode");
	assert_int_equal(payment_check_schedule(NULL, 200000, NULL, 0, &fe), TB_OK);
	assert_true(payment_modes_parse("lump_sum, royalty_entry_fee", &mask, &bad));
	assert_int_equal(mask, PAY_LUMP_SUM | PAY_ROYALTY_ENTRY_FEE);
	assert_false(payment_modes_parse("lump_sum,barter", &mask, &bad));
	assert_string_equal(bad, "barter");
}

static void dates(void **state)
{
	char out[11];
	(void)state;
	region_local_date(NOW, out);
	assert_string_equal(out, "2031-03-01");
	region_local_date(1930060800LL - 1, out); /* 2031-02-28T23:59:59+08:00 */
	assert_string_equal(out, "2031-02-28");
	assert_true(date_add_days("2031-02-28", 1, out));
	assert_string_equal(out, "2031-03-01");
	assert_true(date_add_days("2032-03-01", -1, out));
	assert_string_equal(out, "2032-02-29");
	assert_false(date_add_days("2031-02-30", 1, out));
}

/* ---- the life cycle over a store */

struct fx { char path[64]; struct store *st; struct arena a; int64_t org; };

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	struct org o;
	int applied;
	snprintf(f->path, sizeof(f->path), "%s/tb-life-%d.db", test_tmpdir(), (int)getpid());
	unlink(f->path);
	assert_int_equal(store_open(f->path, &f->st), TB_OK);
	assert_int_equal(store_migrate(f->st, &applied), TB_OK);
	arena_init(&f->a, 8u << 20);
	memset(&o, 0, sizeof(o));
	o.name = "生命周期测试企业";
	o.kind = "enterprise";
	o.city = "沈阳";
	assert_int_equal(store_org_insert(f->st, &o), TB_OK);
	f->org = o.id;
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

static int64_t ach(struct fx *f, const char *title, const char *status, const char *expires)
{
	struct achievement x;
	memset(&x, 0, sizeof(x));
	x.title_zh = title;
	x.trl = 5;
	x.modes = MODE_LICENCE;
	x.price = -1;
	x.owner_org_id = f->org;
	x.status = status;
	x.expires_at = expires;
	x.published_at = "2030-02-01T00:00:00Z";
	assert_int_equal(store_achievement_insert(f->st, &x), TB_OK);
	return x.id;
}

static int64_t dem(struct fx *f, const char *title, const char *deadline, const char *expires)
{
	struct demand x;
	memset(&x, 0, sizeof(x));
	x.title_zh = title;
	x.desc_zh = "描述";
	x.org_id = f->org;
	x.budget_min = x.budget_max = -1;
	x.deadline = deadline;
	x.status = "published";
	x.expires_at = expires;
	assert_int_equal(store_demand_insert(f->st, &x), TB_OK);
	return x.id;
}

static const char *ach_status(struct fx *f, int64_t id)
{
	struct achievement x;
	assert_int_equal(store_achievement_get(f->st, &f->a, id, &x), TB_OK);
	return x.status;
}

static const char *dem_status(struct fx *f, int64_t id)
{
	struct demand x;
	assert_int_equal(store_demand_get(f->st, &f->a, id, &x), TB_OK);
	return x.status;
}

static int system_audits(struct fx *f, const char *action)
{
	struct audit_query q;
	struct audit_entry *rows;
	int n, count = 0;
	int64_t total;
	memset(&q, 0, sizeof(q));
	q.limit = 500;
	assert_int_equal(store_audit_list(f->st, &f->a, &q, &rows, &n, &total), TB_OK);
	for (int i = 0; i < n; i++)
		if (!strcmp(rows[i].action, action) && rows[i].email && !strcmp(rows[i].email, "system"))
			count++;
	return count;
}

static void run_expires_reminds_and_closes(void **state)
{
	struct fx *f = *state;
	struct life_settings ls;
	struct life_report r;
	int64_t past = ach(f, "已过期成果", "published", "2031-02-28");
	int64_t last_day = ach(f, "今天到期成果", "published", "2031-03-01");
	int64_t soon = ach(f, "即将到期成果", "published", "2031-03-20");
	int64_t later = ach(f, "明年到期成果", "published", "2032-01-01");
	int64_t draft = ach(f, "草稿成果", "draft", "2030-01-01");
	int64_t undated = ach(f, "无有效期成果", "published", NULL);
	int64_t late = dem(f, "截止已过需求", "2031-02-28", "2032-01-01");
	int64_t open = dem(f, "截止未到需求", "2031-03-01", "2032-01-01");
	struct notification *nts;
	int n;

	life_settings_default(&ls);
	assert_int_equal(lifecycle_run(f->st, NULL, &ls, NOW, &r), TB_OK);
	assert_int_equal(r.assigned, 1);      /* undated: published 2030-02-01 + 365 days */
	assert_int_equal(r.expired, 2);       /* past, and undated (ended 2031-02-01) */
	assert_int_equal(r.reminded, 2);      /* last_day and soon: within 30 days */
	assert_int_equal(r.closed_deadline, 1);
	assert_string_equal(ach_status(f, past), "expired");
	assert_string_equal(ach_status(f, undated), "expired");
	assert_string_equal(ach_status(f, last_day), "published"); /* valid through its last day */
	assert_string_equal(ach_status(f, soon), "published");
	assert_string_equal(ach_status(f, later), "published");
	assert_string_equal(ach_status(f, draft), "draft");
	assert_string_equal(dem_status(f, late), "closed");
	assert_string_equal(dem_status(f, open), "published");
	assert_int_equal(system_audits(f, "expire"), 2);
	assert_int_equal(system_audits(f, "close"), 1);
	assert_int_equal(system_audits(f, "remind"), 2);
	assert_int_equal(store_notify_list(f->st, &f->a, 0, f->org, 10, &nts, &n), TB_OK);
	assert_int_equal(n, 2);
	assert_string_equal(nts[0].kind, "expiry_reminder");
	assert_non_null(strstr(nts[0].text_en, "expires on 2031-03-"));

	/* A second run (another node, a restart) changes nothing and reminds no one twice. */
	assert_int_equal(lifecycle_run(f->st, NULL, &ls, NOW, &r), TB_OK);
	assert_int_equal(r.expired + r.reminded + r.closed_deadline + r.assigned, 0);
	assert_int_equal(store_notify_list(f->st, &f->a, 0, f->org, 10, &nts, &n), TB_OK);
	assert_int_equal(n, 2);
	assert_int_equal(system_audits(f, "remind"), 2);
	(void)later;
}

static void renewal(void **state)
{
	struct fx *f = *state;
	struct life_settings ls;
	struct life_report r;
	struct tb_field_error fe;
	struct achievement x;
	const char *status = NULL;
	int64_t id = ach(f, "续期成果", "published", "2031-02-01");

	life_settings_default(&ls);
	assert_int_equal(lifecycle_run(f->st, NULL, &ls, NOW, &r), TB_OK);
	assert_string_equal(ach_status(f, id), "expired");
	/* unchanged: published again for a year from today */
	assert_int_equal(store_achievement_get(f->st, &f->a, id, &x), TB_OK);
	assert_int_equal(lifecycle_renew(f->st, true, &x, false, &ls, 7, "o@x.cn", NOW, &status, &fe),
	                 TB_OK);
	assert_string_equal(status, "published");
	assert_int_equal(store_achievement_get(f->st, &f->a, id, &x), TB_OK);
	assert_string_equal(x.status, "published");
	assert_string_equal(x.expires_at, "2032-02-29");
	/* changed: saved and back to review */
	x.title_zh = "续期成果（修订）";
	assert_int_equal(lifecycle_renew(f->st, true, &x, true, &ls, 7, "o@x.cn", NOW, &status, &fe),
	                 TB_OK);
	assert_string_equal(status, "submitted");
	assert_int_equal(store_achievement_get(f->st, &f->a, id, &x), TB_OK);
	assert_string_equal(x.status, "submitted");
	assert_string_equal(x.title_zh, "续期成果（修订）");
	/* not from submitted */
	assert_int_equal(lifecycle_renew(f->st, true, &x, false, &ls, 7, "o@x.cn", NOW, &status, &fe),
	                 TB_ESTATE);
	assert_string_equal(fe.field, "status");
	/* Nor from withdrawn: the owner took it down, a renewal must not put it
	 * back on the market (guards the mutant renew-any-status, which let a
	 * withdrawn listing be renewed and published). */
	assert_int_equal(store_cat_set_status_if(f->st, true, id, "submitted", "withdrawn", NULL), TB_OK);
	assert_int_equal(store_achievement_get(f->st, &f->a, id, &x), TB_OK);
	memset(&fe, 0, sizeof(fe));
	assert_int_equal(lifecycle_renew(f->st, true, &x, false, &ls, 7, "o@x.cn", NOW, &status, &fe),
	                 TB_ESTATE);
	assert_string_equal(fe.field, "status");
	assert_string_equal(fe.code, "renew_status");
	assert_string_equal(ach_status(f, id), "withdrawn");
}

static void realised_and_lease(void **state)
{
	struct fx *f = *state;
	struct life_settings ls;
	struct life_report r;
	int64_t d = dem(f, "已签合同需求", "2032-01-01", "2032-01-01");
	int ran = -1, got = 0;

	life_settings_default(&ls);
	assert_int_equal(store_begin(f->st), TB_OK);
	assert_int_equal(lifecycle_demand_realised(f->st, d, 77), TB_OK);
	assert_int_equal(store_commit(f->st), TB_OK);
	assert_string_equal(dem_status(f, d), "closed");
	assert_int_equal(system_audits(f, "close"), 1);
	/* again: not published any more, nothing to do */
	assert_int_equal(lifecycle_demand_realised(f->st, d, 77), TB_OK);
	assert_int_equal(system_audits(f, "close"), 1);

	/* one runner at a time: a node holding the lease keeps the others out */
	assert_int_equal(store_lease_acquire(f->st, LIFE_LEASE, "node-a", NOW, 60, &got), TB_OK);
	assert_int_equal(got, 1);
	assert_int_equal(lifecycle_maintain(f->st, NULL, &ls, "node-b", NOW, NULL, NULL, &ran, &r), TB_OK);
	assert_int_equal(ran, 0);
	assert_int_equal(lifecycle_maintain(f->st, NULL, &ls, "node-b", NOW + 61, NULL, NULL, &ran, &r), TB_OK);
	assert_int_equal(ran, 1);
	/* and it gives the lease back when done */
	assert_int_equal(store_lease_acquire(f->st, LIFE_LEASE, "node-a", NOW + 62, 60, &got), TB_OK);
	assert_int_equal(got, 1);
}

/* The unsubscribe token: the user's own, not forgeable, not another user's;
 * the digest back-off doubles from a minute up to six hours. */
static void digest_tokens_and_backoff(void **state)
{
	struct fx *f = *state;
	char t1[DIGEST_TOKEN_HEX + 1], t2[DIGEST_TOKEN_HEX + 1];
	assert_int_equal(digest_token(f->st, 7, t1), TB_OK);
	assert_int_equal(digest_token(f->st, 7, t2), TB_OK);
	assert_string_equal(t1, t2);                     /* one stored key */
	assert_int_equal(digest_token_verify(f->st, 7, t1), TB_OK);
	assert_int_equal(digest_token_verify(f->st, 8, t1), TB_EPERM);
	t1[0] = t1[0] == 'a' ? 'b' : 'a';
	assert_int_equal(digest_token_verify(f->st, 7, t1), TB_EPERM);
	assert_int_equal(digest_token_verify(f->st, 7, "zz"), TB_EPERM);
	assert_int_equal(digest_token_verify(f->st, 7, NULL), TB_EPERM);
	assert_int_equal(digest_backoff(1), 60);
	assert_int_equal(digest_backoff(2), 120);
	assert_int_equal(digest_backoff(3), 240);
	assert_int_equal(digest_backoff(30), 6 * 3600);
}

/* Who is alerted when a listing is published: a follower of the owner in
 * another organisation, never a user of the owner itself ("one's own listing
 * is no news"), and nobody for a listing that is not published. Guards the
 * mutants alert-own-listing (the user's id compared with the owner
 * organisation's, so colleagues were alerted) and alert-unpublished (the
 * status guard dropped: a submitted listing was announced). */
static int64_t user_in(struct fx *f, const char *email, int64_t org_id)
{
	struct user u;
	memset(&u, 0, sizeof(u));
	u.email = email; u.org_id = org_id; u.role = "member"; u.pw_hash = "x";
	assert_int_equal(store_user_insert(f->st, &u), TB_OK);
	return u.id;
}

static void alerts_reach_others_only(void **state)
{
	struct fx *f = *state;
	struct org o;
	struct subscription s;
	int64_t users[2], published, submitted;
	int sent = -1;

	memset(&o, 0, sizeof(o));
	o.name = "关注方企业"; o.kind = "enterprise"; o.city = "大连";
	assert_int_equal(store_org_insert(f->st, &o), TB_OK);
	/* a first user, so that no user id equals the owner organisation's id */
	(void)user_in(f, "nobody@x.cn", 0);
	users[0] = user_in(f, "colleague@x.cn", f->org);
	users[1] = user_in(f, "follower@x.cn", o.id);
	assert_true(users[0] != f->org && users[1] != f->org);
	for (int i = 0; i < 2; i++) {
		memset(&s, 0, sizeof(s));
		s.user_id = users[i]; s.kind = "org"; s.target = "achievement"; s.org_id = f->org;
		assert_int_equal(store_sub_insert(f->st, &s), TB_OK);
	}
	published = ach(f, "关注单位的新成果", "published", "2031-01-01");
	submitted = ach(f, "尚在审核的成果", "submitted", NULL);
	assert_int_equal(alerts_on_published(f->st, NULL, true, published, &sent), TB_OK);
	assert_int_equal(sent, 1);   /* the follower; not the colleague */
	sent = -1;
	assert_int_equal(alerts_on_published(f->st, NULL, true, submitted, &sent), TB_OK);
	assert_int_equal(sent, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(schedules),
		cmocka_unit_test(dates),
		cmocka_unit_test_setup_teardown(run_expires_reminds_and_closes, setup, teardown),
		cmocka_unit_test_setup_teardown(renewal, setup, teardown),
		cmocka_unit_test_setup_teardown(realised_and_lease, setup, teardown),
		cmocka_unit_test_setup_teardown(digest_tokens_and_backoff, setup, teardown),
		cmocka_unit_test_setup_teardown(alerts_reach_others_only, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

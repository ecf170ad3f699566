/* test_challenge_race.c - two registrations of one award's contract at once
 * (issue #13 leftover), against a real SQLite file with one connection per
 * thread, as the server's pool has. The link to the application was checked
 * before the contract was inserted and written in a second transaction: two
 * registrations that both read "not linked yet" each inserted a contract row
 * (the registry and the indicators counted the award twice). The insert and
 * the link are now one transaction. A third connection holding the write
 * lock while the racers start makes the interleaving certain. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <pthread.h>
#include <cmocka.h>

#include "tmpdir.h"
#include "core/err.h"
#include "domain/challenge.h"
#include "domain/contract_ops.h"
#include "store/store.h"

#define RACERS 8
#define ROUNDS 2

struct fx { char path[64]; struct store *st; struct arena a; int64_t issuer, team, expert_org, expert_u,
	    team_u, issuer_u; };

static struct ch_line L(const char *kind, const char *name, const char *value, const char *unit,
                        int weight, int64_t fen)
{
	struct ch_line l;
	memset(&l, 0, sizeof(l));
	l.kind = kind; l.name = name; l.value = value; l.unit = unit; l.weight = weight; l.amount_fen = fen;
	return l;
}

static int64_t org(struct fx *f, const char *name, const char *kind)
{
	struct org o;
	memset(&o, 0, sizeof(o));
	o.name = name; o.kind = kind; o.city = "沈阳"; o.province = "辽宁";
	assert_int_equal(store_org_insert(f->st, &o), TB_OK);
	return o.id;
}

static int64_t user(struct fx *f, const char *email, int64_t org_id)
{
	struct user u;
	memset(&u, 0, sizeof(u));
	u.email = email; u.org_id = org_id; u.role = "member"; u.pw_hash = "x";
	assert_int_equal(store_user_insert(f->st, &u), TB_OK);
	return u.id;
}

static struct ch_actor A(int64_t user_id, int64_t org_id, bool bureau)
{
	struct ch_actor a = { user_id, org_id, "x@y", bureau ? "reviewer" : "member", bureau };
	return a;
}

/* An awarded challenge with one winning application; returns the application id. */
static int64_t awarded(struct fx *f, int round)
{
	struct ch_line cl[2] = { L("indicator", "承温能力", "1100", "°C", 0, 0),
	                         L("criterion", "技术路线", NULL, NULL, 100, 0) };
	struct ch_line al[2] = { L("budget", "首期", NULL, NULL, 0, 400000000),
	                         L("milestone", "样机", "2027-06-30", "initial", 0, 400000000) };
	struct ch_actor bureau = A(99, 0, true), issuer = A(f->issuer_u, f->issuer, false);
	struct ch_actor team = A(f->team_u, f->team, false), expert = A(f->expert_u, f->expert_org, false);
	struct ch_score sc = { 0, 0, 0, 1, 80, NULL };
	struct tb_field_error fe = { 0 };
	struct ch_full x;
	struct ch_app_full ap;
	struct ch_expert ex;
	struct challenge c;

	memset(&x, 0, sizeof(x));
	x.c.issuer_org_id = f->issuer;
	x.c.title_zh = arena_printf(&f->a, "单晶叶片第%d轮", round);
	x.c.problem = "承温能力不足";
	x.c.deadline = "2027-01-10T00:00:00Z";
	x.c.budget_fen = 1000000000;
	x.c.max_winners = 1;
	x.c.notice_days = 5;
	x.lines = cl;
	x.nlines = 2;
	assert_int_equal(challenge_create(f->st, &f->a, &issuer, &x, &fe), TB_OK);
	int64_t id = x.c.id;
	assert_int_equal(challenge_act(f->st, &f->a, &issuer, id, "submit", NULL, NULL, "2027-01-01T00:00:00Z", &c, &fe), TB_OK);
	assert_int_equal(challenge_act(f->st, &f->a, &bureau, id, "publish", NULL, NULL, "2027-01-01T00:00:00Z", &c, &fe), TB_OK);
	memset(&ap, 0, sizeof(ap));
	ap.app.challenge_id = id;
	ap.app.team_org_id = f->team;
	ap.app.plan = "方案";
	ap.lines = al;
	ap.nlines = 2;
	assert_int_equal(challenge_apply(f->st, &f->a, &team, &ap, "2027-01-02T00:00:00Z", &fe), TB_OK);
	assert_int_equal(challenge_act(f->st, &f->a, &bureau, id, "close_applications", NULL, NULL, "2027-01-11T00:00:00Z", &c, &fe), TB_OK);
	assert_int_equal(challenge_act(f->st, &f->a, &bureau, id, "start_review", NULL, NULL, "2027-01-11T00:00:00Z", &c, &fe), TB_OK);
	assert_int_equal(challenge_assign_expert(f->st, &f->a, &bureau, id, f->expert_u, NULL, &ex, &fe), TB_OK);
	assert_string_equal(ex.status, "assigned");
	assert_int_equal(challenge_score(f->st, &f->a, &expert, ap.app.id, &sc, 1, &fe), TB_OK);
	assert_int_equal(challenge_select(f->st, &f->a, &bureau, id, &ap.app.id, 1, 0, "2027-01-15", &c, &fe), TB_OK);
	assert_int_equal(challenge_confirm(f->st, &f->a, &bureau, id, "2027-01-15", &c, &fe), TB_OK);
	return ap.app.id;
}

struct racer {
	const char *path;
	int64_t app;
	char reg_no[40];
	pthread_barrier_t *go;
	int rc;
};

static void *race(void *p)
{
	struct racer *r = p;
	struct store *st;
	struct arena a;
	struct contract k;
	struct tb_field_error fe = { 0 };
	struct ch_actor bureau = A(99, 0, true);
	r->rc = store_open(r->path, &st);
	arena_init(&a, 8 << 20);
	pthread_barrier_wait(r->go);
	if (!r->rc)
		r->rc = challenge_register_contract(st, &a, &bureau, r->app, r->reg_no, "2026-12-01", &k, &fe);
	arena_release(&a);
	store_close(st);
	return NULL;
}

static void test_one_contract_per_award(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	int applied;
	char p[96];

	snprintf(f->path, sizeof(f->path), "%s/tb-chrace-%d.db", test_tmpdir(), (int)getpid());
	unlink(f->path);
	assert_int_equal(store_open(f->path, &f->st), TB_OK);
	assert_int_equal(store_migrate(f->st, &applied), TB_OK);
	arena_init(&f->a, 64 << 20);
	f->issuer = org(f, "沈阳机床", "enterprise");
	f->team = org(f, "东北大学", "university");
	f->expert_org = org(f, "大连理工大学", "university");
	f->expert_u = user(f, "ex@dlut.cn", f->expert_org);
	f->team_u = user(f, "t@neu.cn", f->team);
	f->issuer_u = user(f, "i@sy.cn", f->issuer);

	for (int round = 0; round < ROUNDS; round++) {
		pthread_t th[RACERS];
		struct racer r[RACERS];
		pthread_barrier_t go;
		struct contract_query q;
		struct contract *rows;
		int64_t total = 0;
		int n, ok = 0, conflicts = 0, linked = 0;
		int64_t app = awarded(f, round);

		/* A third connection holds the write lock while the racers start:
		 * they all read "not linked yet" (WAL readers are not blocked), then
		 * queue on the lock, and get it one after another - the interleaving
		 * that two requests can meet in production, made certain. */
		struct store *blocker;
		assert_int_equal(store_open(f->path, &blocker), TB_OK);
		assert_int_equal(store_begin(blocker), TB_OK);
		pthread_barrier_init(&go, NULL, RACERS + 1);
		for (int i = 0; i < RACERS; i++) {
			memset(&r[i], 0, sizeof(r[i]));
			r[i].path = f->path;
			r[i].app = app;
			r[i].go = &go;
			snprintf(r[i].reg_no, sizeof(r[i].reg_no), "2026210100%03d%03d", round, i);
			assert_int_equal(pthread_create(&th[i], NULL, race, &r[i]), 0);
		}
		pthread_barrier_wait(&go);
		usleep(300 * 1000);
		store_rollback(blocker);
		store_close(blocker);
		for (int i = 0; i < RACERS; i++) {
			pthread_join(th[i], NULL);
			ok += r[i].rc == TB_OK;
			conflicts += r[i].rc == TB_ECONFLICT;
		}
		pthread_barrier_destroy(&go);
		assert_int_equal(ok, 1);
		assert_int_equal(conflicts, RACERS - 1);
		/* exactly one contract row for this award */
		for (int i = 0; i < RACERS; i++) {
			memset(&q, 0, sizeof(q));
			q.q = r[i].reg_no;
			q.limit = 10;
			assert_int_equal(contract_list(f->st, &f->a, &q, &rows, &n, &total), TB_OK);
			linked += (int)total;
		}
		assert_int_equal(linked, 1);
	}
	arena_release(&f->a);
	store_close(f->st);
	unlink(f->path);
	snprintf(p, sizeof(p), "%s-wal", f->path); unlink(p);
	snprintf(p, sizeof(p), "%s-shm", f->path); unlink(p);
	free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_one_contract_per_award),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

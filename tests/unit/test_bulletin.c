/* test_bulletin.c - the periodic bulletin's rules (issue #16): periods
 * (ISO weeks, months, the window after them), the last ended period, and
 * making a bulletin over a real SQLite store: its content, once per period
 * (a second make is refused, so the scheduler on two nodes makes it once),
 * never for a period that has not ended. Guards against: no bulletin at all
 * (the "Feeds and bulletins" item), and one bulletin per node. */
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

#include "core/util.h"
#include "domain/bulletin.h"
#include "store/store.h"

/* 2026-12-02T12:00:00+08:00, a Wednesday */
#define NOW 1796184000LL

static void periods(void **state)
{
	struct tb_field_error fe;
	const char *kind = NULL;
	char from[11], to[11], win[11], p[9];
	(void)state;

	assert_int_equal(bulletin_period("2026-W48", &kind, from, to, win, &fe), TB_OK);
	assert_string_equal(kind, "weekly");
	assert_string_equal(from, "2026-11-23");   /* a Monday */
	assert_string_equal(to, "2026-11-30");
	assert_string_equal(win, "2026-12-14");
	assert_int_equal(bulletin_period("2026-W01", &kind, from, to, win, &fe), TB_OK);
	assert_string_equal(from, "2025-12-29");   /* week 1 holds 4 January */
	assert_int_equal(bulletin_period("2026-W53", &kind, from, to, win, &fe), TB_OK);
	assert_string_equal(from, "2026-12-28");   /* 2026 has 53 ISO weeks ... */
	assert_int_equal(bulletin_period("2027-W53", &kind, from, to, win, &fe), TB_EINVAL);
	assert_string_equal(fe.field, "period");   /* ... 2027 has 52 */
	assert_int_equal(bulletin_period("2026-11", &kind, from, to, win, &fe), TB_OK);
	assert_string_equal(kind, "monthly");
	assert_string_equal(from, "2026-11-01");
	assert_string_equal(to, "2026-12-01");
	assert_string_equal(win, "2026-12-31");
	assert_int_equal(bulletin_period("2026-12", &kind, from, to, win, &fe), TB_OK);
	assert_string_equal(to, "2027-01-01");
	assert_int_equal(bulletin_period("2024-02", &kind, from, to, win, &fe), TB_OK);
	assert_string_equal(to, "2024-03-01");
	{
		static const char *const bads[] = { "2026-13", "2026-00", "2026-W00", "2026-W5",
		                                    "1999-11", "2026/11", "2026-11-01", "", "2026-w48",
		                                    "２０２６-11" };
		for (size_t i = 0; i < sizeof(bads) / sizeof(bads[0]); i++) {
			fe.field[0] = 0;
			assert_int_equal(bulletin_period(bads[i], &kind, from, to, win, &fe), TB_EINVAL);
			assert_string_equal(fe.field, "period");
		}
	}
	assert_int_equal(bulletin_period(NULL, &kind, from, to, win, &fe), TB_EINVAL);
	bulletin_last_ended("weekly", NOW, p);
	assert_string_equal(p, "2026-W48");        /* this week (W49) has not ended */
	bulletin_last_ended("monthly", NOW, p);
	assert_string_equal(p, "2026-11");
	bulletin_last_ended("weekly", 1767196800LL, p); /* 2026-01-01 00:00+08:00, a Thursday */
	assert_string_equal(p, "2025-W52");
	bulletin_last_ended("monthly", 1767196800LL, p);
	assert_string_equal(p, "2025-12");
}

struct fx { char path[64]; struct store *st; struct arena a; int64_t org; };

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	struct org o;
	int applied;
	snprintf(f->path, sizeof(f->path), "%s/tb-bulletin-%d.db", test_tmpdir(), (int)getpid());
	unlink(f->path);
	assert_int_equal(store_open(f->path, &f->st), TB_OK);
	assert_int_equal(store_migrate(f->st, &applied), TB_OK);
	arena_init(&f->a, 8u << 20);
	memset(&o, 0, sizeof(o));
	o.name = "简报测试大学";
	o.kind = "university";
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

static void add_ach(struct fx *f, const char *title, const char *field, const char *published_at,
                    const char *status)
{
	struct achievement x;
	memset(&x, 0, sizeof(x));
	x.title_zh = title;
	x.field = field;
	x.trl = 5;
	x.price = -1;
	x.ip_status = "none";
	x.modes = MODE_LICENCE;
	x.owner_org_id = f->org;
	x.status = status;
	x.published_at = published_at;
	assert_int_equal(store_achievement_insert(f->st, &x), TB_OK);
}

static void make_once(void **state)
{
	struct fx *f = *state;
	struct tb_field_error fe = { 0 };
	struct bulletin b, got, *rows;
	struct demand d;
	int n, made;

	add_ach(f, "新材料甲", "新材料", "2026-11-24T03:00:00Z", "published");
	add_ach(f, "智能制造乙", "智能制造", "2026-11-25T03:00:00Z", "published");
	add_ach(f, "新材料丙", "新材料", "2026-11-26T03:00:00Z", "published");
	add_ach(f, "已撤回", "新材料", "2026-11-26T04:00:00Z", "withdrawn");
	add_ach(f, "上周的", "新材料", "2026-11-20T03:00:00Z", "published");
	memset(&d, 0, sizeof(d));
	d.title_zh = "即将截止的需求";
	d.field = "新材料";
	d.org_id = f->org;
	d.budget_min = d.budget_max = -1;
	d.deadline = "2026-12-05";
	d.status = "published";
	d.published_at = "2026-10-01T00:00:00Z";
	assert_int_equal(store_demand_insert(f->st, &d), TB_OK);
	/* Two events in the week after: one planned, one cancelled. Only the
	 * planned one is announced (guards the mutant bulletin-cancelled-events,
	 * which listed cancelled events too). */
	{
		struct event ev;
		memset(&ev, 0, sizeof(ev));
		ev.kind = "roadshow"; ev.title = "新材料路演"; ev.starts_on = "2026-12-02"; ev.place = "沈阳";
		ev.organiser_org_id = f->org; ev.status = "planned";
		assert_int_equal(store_event_insert(f->st, &ev), TB_OK);
		ev.id = 0; ev.title = "已取消的路演"; ev.starts_on = "2026-12-03";
		assert_int_equal(store_event_insert(f->st, &ev), TB_OK);
		assert_int_equal(store_event_set_status(f->st, ev.id, "planned", "cancelled", NULL), TB_OK);
	}

	assert_int_equal(bulletin_make(f->st, &f->a, "2026-W49", NOW, "cli", &b, &fe), TB_EINVAL);
	assert_string_equal(fe.field, "period");
	assert_string_equal(fe.message, "2026-W49 has not ended yet (it ends on 2026-12-07)");
	assert_int_equal(bulletin_make(f->st, &f->a, "2026-W48", NOW, "cli", &b, &fe), TB_OK);
	assert_string_equal(b.generated_by, "cli");
	assert_int_equal(b.fig.new_achievements, 3);   /* not the withdrawn, not last week's */
	assert_int_equal(b.fig.new_demands, 0);
	assert_int_equal(b.fig.closing_demands, 1);
	assert_int_equal(b.fig.upcoming_events, 1);   /* not the cancelled one */
	assert_int_equal(b.n_items, 5);
	/* By field, then date: 新材料甲, 新材料丙 before 智能制造乙 (UTF-8 order). */
	assert_string_equal(b.items[0].section, "new_achievement");
	assert_string_equal(b.items[0].title_zh, "新材料甲");
	assert_string_equal(b.items[1].title_zh, "新材料丙");
	assert_string_equal(b.items[2].title_zh, "智能制造乙");
	assert_string_equal(b.items[3].section, "closing_demand");
	assert_string_equal(b.items[3].date, "2026-12-05");
	assert_string_equal(b.items[4].section, "event");
	assert_string_equal(b.items[4].title_zh, "新材料路演");
	assert_string_equal(b.items[4].date, "2026-12-02");
	/* Once per period: a second make (another node, or the operator again). */
	fe.field[0] = 0;
	assert_int_equal(bulletin_make(f->st, &f->a, "2026-W48", NOW, "cli", &b, &fe), TB_ECONFLICT);
	assert_string_equal(fe.field, "period");
	assert_int_equal(bulletin_get(f->st, &f->a, "2026-W48", &got), TB_OK);
	assert_int_equal(got.n_items, 5);
	assert_string_equal(got.items[2].title_zh, "智能制造乙");
	/* The maintenance step makes what is missing (the month), and nothing twice. */
	assert_int_equal(bulletin_due(f->st, NOW, &made), TB_OK);
	assert_int_equal(made, 1);
	assert_int_equal(bulletin_due(f->st, NOW, &made), TB_OK);
	assert_int_equal(made, 0);
	assert_int_equal(bulletin_get(f->st, &f->a, "2026-11", &got), TB_OK);
	assert_string_equal(got.generated_by, "system");
	assert_int_equal(got.fig.new_achievements, 4);  /* 20 to 26 November */
	assert_int_equal(bulletin_list(f->st, &f->a, NULL, 10, &rows, &n), TB_OK);
	assert_int_equal(n, 2);
	assert_string_equal(rows[0].period, "2026-W48"); /* newest first */
	assert_string_equal(rows[1].period, "2026-11");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(periods),
		cmocka_unit_test_setup_teardown(make_once, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

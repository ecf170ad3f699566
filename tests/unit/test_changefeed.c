/* test_changefeed.c - the change log's follower (domain/changefeed.h): the
 * position logic alone (catch-up, duplicates, gaps that fill late or never),
 * and a follower on a real SQLite file written by another connection, as a
 * CLI import or another app node would write it. Guards against: a node
 * whose match index missed writes of other processes (issue #12: an import
 * stayed invisible until restart), a change applied twice that double
 * counts or resurrects, a seq skipped for good because its transaction
 * committed late, and a node that fell behind the pruning horizon and
 * silently kept a stale index. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
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
#include "domain/changefeed.h"
#include "domain/docking.h"
#include "store/store.h"

/* ------------------------------------------------------------ position */

static void test_follow_catch_up_and_duplicates(void **state)
{
	struct follow_pos p;
	follow_init(&p, 10);
	assert_false(follow_is_new(&p, 5));
	assert_false(follow_is_new(&p, 10));
	assert_true(follow_is_new(&p, 11));
	assert_int_equal(follow_mark(&p, 11, 0), TB_OK);
	assert_int_equal(follow_mark(&p, 12, 0), TB_OK);
	assert_false(follow_is_new(&p, 11)); /* a duplicate: already applied */
	assert_false(follow_is_new(&p, 12));
	assert_int_equal(p.hi, 12);
	assert_int_equal(p.nholes, 0);
	follow_settle(&p, 0, 1000, -1);
	assert_int_equal(p.pos, 12);
	/* marking an old seq again changes nothing */
	assert_int_equal(follow_mark(&p, 11, 0), TB_OK);
	assert_int_equal(p.pos, 12);
	assert_int_equal(p.hi, 12);
}

static void test_follow_gap_filled_late(void **state)
{
	struct follow_pos p;
	follow_init(&p, 0);
	assert_int_equal(follow_mark(&p, 1, 0), TB_OK);
	/* 2 and 3 not committed yet (PostgreSQL: taken, not committed) */
	assert_int_equal(follow_mark(&p, 4, 0), TB_OK);
	assert_int_equal(p.nholes, 2);
	assert_true(follow_is_new(&p, 2));
	assert_true(follow_is_new(&p, 3));
	assert_false(follow_is_new(&p, 4));
	follow_settle(&p, 10, 1000, -1);
	assert_int_equal(p.pos, 1); /* held below the first hole */
	assert_int_equal(follow_mark(&p, 3, 20), TB_OK);
	follow_settle(&p, 20, 1000, -1);
	assert_int_equal(p.pos, 1);
	assert_int_equal(follow_mark(&p, 2, 30), TB_OK);
	follow_settle(&p, 30, 1000, -1);
	assert_int_equal(p.pos, 4);
	assert_int_equal(p.nholes, 0);
}

static void test_follow_gap_never_filled(void **state)
{
	struct follow_pos p;
	follow_init(&p, 100);
	assert_int_equal(follow_mark(&p, 103, 5000), TB_OK); /* 101, 102: a rolled-back write */
	follow_settle(&p, 5999, 1000, -1);
	assert_int_equal(p.pos, 100);
	assert_int_equal(p.nholes, 2);
	follow_settle(&p, 6000, 1000, -1); /* grace over: given up */
	assert_int_equal(p.pos, 103);
	assert_int_equal(p.nholes, 0);
	assert_false(follow_is_new(&p, 101));
}

/* Issue #12: on PostgreSQL a hole was given up after a 30 s grace, so the
 * seq of a transaction open longer than that was never applied (a missed
 * write). With transaction fences a hole is kept, however old, while a
 * transaction that was running when it was seen may still commit (done <
 * fence), and given up at once when they have all ended (done >= fence). */
static void test_follow_fenced_hole(void **state)
{
	struct follow_pos p;
	follow_init(&p, 100);
	assert_int_equal(follow_mark(&p, 103, 0), TB_OK); /* 101, 102 held by open transactions */
	follow_fence(&p, 5000);                            /* xmax when the log was read */
	follow_settle(&p, 10 * 60 * 1000, 1000, 4999);     /* ten minutes on: still running */
	assert_int_equal(p.pos, 100);
	assert_int_equal(p.nholes, 2);
	assert_true(follow_is_new(&p, 101));
	/* 101 commits late: applied; 102's transaction rolls back */
	assert_int_equal(follow_mark(&p, 101, 0), TB_OK);
	follow_settle(&p, 10 * 60 * 1000, 1000, 4999);
	assert_int_equal(p.pos, 101);
	/* a new hole seen later gets its own, later fence */
	assert_int_equal(follow_mark(&p, 105, 0), TB_OK); /* 104 */
	follow_fence(&p, 6000);
	follow_settle(&p, 0, 1000, 5000); /* 102's fence passed: final; 104's not */
	assert_int_equal(p.nholes, 1);
	assert_int_equal(p.holes[0].seq, 104);
	assert_int_equal(p.pos, 103);
	assert_false(follow_is_new(&p, 102));
	follow_settle(&p, 0, 1000, 6000);
	assert_int_equal(p.nholes, 0);
	assert_int_equal(p.pos, 105);
}

static void test_follow_too_many_holes(void **state)
{
	struct follow_pos p;
	follow_init(&p, 0);
	assert_int_equal(follow_mark(&p, FOLLOW_MAX_HOLES + 1, 0), TB_OK); /* exactly the cap */
	assert_int_equal(p.nholes, FOLLOW_MAX_HOLES);
	assert_int_equal(follow_mark(&p, FOLLOW_MAX_HOLES + 3, 0), TB_ELIMIT);
	assert_int_equal(p.hi, FOLLOW_MAX_HOLES + 1); /* unchanged: the caller resynchronises */
}

/* ------------------------------------------------------------ on a database */

struct fx {
	char path[64];
	struct store *writer;     /* "another process" */
	struct store *reader;     /* what the node built its index with */
	struct catalog_index *ix;
	struct changefeed *feed;
	struct arena a;
	int64_t org;
	int64_t base;             /* listings indexed at start */
};

static int64_t publish_text(struct fx *f, const char *title, const char *abstract, const char *kw);

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	struct docking_settings ds;
	struct org o = { 0 };
	int64_t start;
	int applied;
	snprintf(f->path, sizeof(f->path), "%s/tb-unit-feed-%d.db", test_tmpdir(), (int)getpid());
	unlink(f->path);
	assert_int_equal(store_open(f->path, &f->writer), TB_OK);
	assert_int_equal(store_migrate(f->writer, &applied), TB_OK);
	assert_int_equal(store_open(f->path, &f->reader), TB_OK);
	arena_init(&f->a, 8 << 20);
	o.name = "东北大学"; o.kind = "university"; o.city = "沈阳"; o.province = "辽宁";
	assert_int_equal(store_org_insert(f->writer, &o), TB_OK);
	f->org = o.id;
	/* other listings, so that ranking has a corpus (a term in every document
	 * has no weight) */
	publish_text(f, "数控机床热误差补偿", "数控机床主轴热变形的实时补偿方法。", "数控机床,热误差");
	publish_text(f, "钠离子电池正极材料", "储能电站用层状氧化物钠离子电池正极。", "钠离子,储能");
	publish_text(f, "风电齿轮箱故障预警", "基于振动信号的风电齿轮箱轴承故障预警。", "风电,齿轮箱");
	/* as `serve` starts: the position first, then the index */
	assert_int_equal(store_public_version(f->reader, &start), TB_OK);
	docking_settings_default(&ds);
	assert_int_equal(catalog_index_build(f->reader, &ds, &f->ix), TB_OK);
	assert_int_equal(changefeed_new(f->path, f->ix, start, &f->feed), TB_OK);
	catalog_index_counts(f->ix, &f->base, &start);
	assert_int_equal(f->base, 3);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	char p[80];
	changefeed_free(f->feed);
	catalog_index_free(f->ix);
	store_close(f->writer);
	store_close(f->reader);
	arena_release(&f->a);
	unlink(f->path);
	snprintf(p, sizeof(p), "%s-wal", f->path); unlink(p);
	snprintf(p, sizeof(p), "%s-shm", f->path); unlink(p);
	free(f);
	return 0;
}

static int64_t publish_text(struct fx *f, const char *title, const char *abstract, const char *kw)
{
	struct achievement x;
	memset(&x, 0, sizeof(x));
	x.title_zh = title;
	x.abstract_zh = abstract;
	x.keywords = kw;
	x.field = "新材料";
	x.trl = 6;
	x.price = 100000;
	x.ip_status = "granted";
	x.modes = MODE_TRANSFER;
	x.owner_org_id = f->org;
	x.status = "published";
	assert_int_equal(store_achievement_insert(f->writer, &x), TB_OK);
	return x.id;
}

static int64_t publish(struct fx *f, const char *title)
{
	return publish_text(f, title, "面向汽车轻量化的板材轧制与焊接工艺。", "轧制,焊接");
}

static int64_t found(struct fx *f, const char *q)
{
	struct catalog_query cq;
	struct achievement *rows;
	struct docking_hit *hits;
	int64_t total = 0;
	int n = 0;
	memset(&cq, 0, sizeof(cq));
	cq.q = q;
	cq.limit = 10;
	cq.price_min = cq.price_max = -1; /* no price filter */
	assert_int_equal(docking_search_achievements(f->ix, f->reader, &f->a, &cq, &rows, &hits, &n, &total),
	                 TB_OK);
	return n ? rows[0].id : 0;
}

static int64_t indexed(struct fx *f)
{
	int64_t a, d;
	catalog_index_counts(f->ix, &a, &d);
	return a;
}

static void test_feed_catch_up_duplicates_and_removal(void **state)
{
	struct fx *f = *state;
	struct changefeed_stats st;
	struct changefeed *replay;
	int64_t id;
	int applied = -1;

	id = publish(f, "镁锭真空熔炼技术");
	assert_int_equal(indexed(f), f->base + 0); /* written by another connection: not there yet */
	assert_int_equal(changefeed_catch_up(f->feed, -1, &applied), TB_OK);
	assert_int_equal(applied, 1);
	assert_int_equal(indexed(f), f->base + 1);
	assert_int_equal(found(f, "真空熔炼"), id);
	/* nothing new: nothing applied */
	assert_int_equal(changefeed_catch_up(f->feed, -1, &applied), TB_OK);
	assert_int_equal(applied, 0);
	/* a second follower replays the whole log into the same index:
	 * duplicates are harmless (same count, same answer) */
	assert_int_equal(changefeed_new(f->path, f->ix, 0, &replay), TB_OK);
	assert_int_equal(changefeed_catch_up(replay, -1, &applied), TB_OK);
	assert_int_equal(applied, 5); /* the organisation, three listings and this one */
	changefeed_free(replay);
	assert_int_equal(indexed(f), f->base + 1);
	assert_int_equal(found(f, "真空熔炼"), id);
	/* withdrawn elsewhere: removed here */
	assert_int_equal(store_achievement_set_status(f->writer, id, "published", "withdrawn", NULL), TB_OK);
	assert_int_equal(changefeed_catch_up(f->feed, -1, &applied), TB_OK);
	assert_int_equal(applied, 1);
	assert_int_equal(indexed(f), f->base + 0);
	assert_int_equal(found(f, "真空熔炼"), 0);
	changefeed_get_stats(f->feed, &st);
	assert_int_equal(st.resyncs, 0);
	assert_int_equal(st.errors, 0);
	assert_int_equal(st.holes, 0);
	assert_int_equal(st.pos, st.hi);
}

static void test_feed_behind_horizon_resyncs(void **state)
{
	struct fx *f = *state;
	struct changefeed_stats st;
	int64_t gone, kept, deleted;
	int applied;

	gone = publish(f, "镁锭真空熔炼技术");
	assert_int_equal(changefeed_catch_up(f->feed, -1, &applied), TB_OK);
	assert_int_equal(indexed(f), f->base + 1);
	/* the node is away: one listing withdrawn, another published, and the
	 * log pruned past its position */
	assert_int_equal(store_achievement_set_status(f->writer, gone, "published", "withdrawn", NULL), TB_OK);
	kept = publish(f, "钛板激光焊接技术");
	assert_int_equal(store_changes_prune(f->writer, "9999-12-31T00:00:00Z", 1, &deleted), TB_OK);
	assert_true(deleted >= 2);
	assert_int_equal(changefeed_catch_up(f->feed, -1, &applied), TB_OK);
	changefeed_get_stats(f->feed, &st);
	assert_int_equal(st.resyncs, 1);
	assert_int_equal(indexed(f), f->base + 1);
	assert_int_equal(found(f, "激光焊接"), kept);
	assert_int_equal(found(f, "真空熔炼"), 0);
	/* and it follows normally afterwards */
	assert_int_equal(store_achievement_set_status(f->writer, kept, "published", "withdrawn", NULL), TB_OK);
	assert_int_equal(changefeed_catch_up(f->feed, -1, &applied), TB_OK);
	assert_int_equal(applied, 1);
	assert_int_equal(indexed(f), f->base + 0);
	changefeed_get_stats(f->feed, &st);
	assert_int_equal(st.resyncs, 1);
}

/* The log went backwards (a restored backup; a replica promoted without the
 * last changes): seqs this node applied may be reused, so it resynchronises
 * instead of skipping them as duplicates. */
static void test_feed_log_went_backwards_resyncs(void **state)
{
	struct fx *f = *state;
	struct changefeed_stats st;
	int64_t id;
	int applied;

	id = publish(f, "镁锭真空熔炼技术");
	assert_int_equal(changefeed_catch_up(f->feed, -1, &applied), TB_OK);
	assert_int_equal(indexed(f), f->base + 1);
	/* the restored database: the listing withdrawn, the log emptied */
	assert_int_equal(store_copy_begin(f->writer), TB_OK);
	assert_int_equal(store_copy_clear(f->writer, "changes"), TB_OK);
	assert_int_equal(store_commit(f->writer), TB_OK);
	assert_int_equal(store_begin(f->writer), TB_OK);
	assert_int_equal(store_achievement_set_status(f->writer, id, "published", "withdrawn", NULL), TB_OK);
	assert_int_equal(store_copy_clear(f->writer, "changes"), TB_OK);
	assert_int_equal(store_commit(f->writer), TB_OK);
	assert_int_equal(changefeed_catch_up(f->feed, -1, &applied), TB_OK);
	changefeed_get_stats(f->feed, &st);
	assert_int_equal(st.resyncs, 1);
	assert_int_equal(indexed(f), f->base);
	assert_int_equal(found(f, "真空熔炼"), 0);
}

static void test_feed_thread_follows(void **state)
{
	struct fx *f = *state;
	int64_t id;
	int i;
	assert_int_equal(changefeed_start(f->feed), TB_OK);
	id = publish(f, "镁锭真空熔炼技术");
	/* the background thread applies it; 1 s is the documented bound */
	for (i = 0; i < 100 && indexed(f) == f->base; i++)
		usleep(10000);
	assert_true(i < 100);
	assert_int_equal(found(f, "真空熔炼"), id);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_follow_catch_up_and_duplicates),
		cmocka_unit_test(test_follow_gap_filled_late),
		cmocka_unit_test(test_follow_gap_never_filled),
		cmocka_unit_test(test_follow_fenced_hole),
		cmocka_unit_test(test_follow_too_many_holes),
		cmocka_unit_test_setup_teardown(test_feed_catch_up_duplicates_and_removal, setup, teardown),
		cmocka_unit_test_setup_teardown(test_feed_behind_horizon_resyncs, setup, teardown),
		cmocka_unit_test_setup_teardown(test_feed_log_went_backwards_resyncs, setup, teardown),
		cmocka_unit_test_setup_teardown(test_feed_thread_follows, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* test_overlap.c - the no-overlap guarantee for instrument bookings, one layer
 * at a time. Two layers refuse a second slot-holding booking on the same
 * instrument: the store's probe (store_booking_create answers TB_ECONFLICT)
 * and two SQLite triggers (bookings_no_overlap_ins / _upd). Each exists for
 * when the other is bypassed, so each is tested on its own against the same
 * table of slot layouts: the probe with both triggers dropped, each trigger
 * through raw SQL that never runs the probe.
 *
 * Guards against (issue #19 mutation run): the trigger's rule written wrongly
 * (`end_at > NEW.end_at` for `> NEW.start_at`), the probe or one trigger
 * removed, and a cancelled, rejected, expired or completed booking still
 * holding its slot (the probe counted cancelled bookings). */
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
#include <sqlite3.h>

#include "core/err.h"
#include "core/util.h"
#include "domain/instrument.h"
#include "domain/org.h"
#include "store/store.h"

/* The existing booking holds 10:00-12:00 on 2027-03-01 (local time). */
#define DAY "2027-03-01T"
#define TZ ":00+08:00"
static const char *const HELD_START = DAY "10:00" TZ, *const HELD_END = DAY "12:00" TZ;

struct layout {
	const char *name, *start, *end;
	int conflict; /* 1: must be refused */
};
static const struct layout LAYOUTS[] = {
	{ "identical", DAY "10:00" TZ, DAY "12:00" TZ, 1 },
	{ "contains", DAY "09:00" TZ, DAY "13:00" TZ, 1 },
	{ "contained", DAY "10:30" TZ, DAY "11:30" TZ, 1 },
	{ "same start, shorter", DAY "10:00" TZ, DAY "11:00" TZ, 1 },
	{ "same end, later start", DAY "11:00" TZ, DAY "12:00" TZ, 1 },
	{ "overlaps left", DAY "09:00" TZ, DAY "11:00" TZ, 1 },
	{ "overlaps right", DAY "11:00" TZ, DAY "13:00" TZ, 1 },
	{ "overlaps right by a minute", DAY "11:59" TZ, DAY "13:00" TZ, 1 },
	{ "touching before", DAY "09:00" TZ, DAY "10:00" TZ, 0 },
	{ "touching after", DAY "12:00" TZ, DAY "13:00" TZ, 0 },
	{ "adjacent before", DAY "08:00" TZ, DAY "09:00" TZ, 0 },
	{ "adjacent after", DAY "13:00" TZ, DAY "14:00" TZ, 0 },
	{ "next day", "2027-03-02T10:00" TZ, "2027-03-02T12:00" TZ, 0 },
};
#define NLAYOUT (sizeof(LAYOUTS) / sizeof(LAYOUTS[0]))

/* Statuses that hold a slot, and those that must not. */
static const char *const HOLDING[] = { "pending", "approved", "offered" };
static const char *const RELEASED[] = { "cancelled", "rejected", "expired", "completed", "waitlisted" };

struct fx {
	char path[64];
	struct store *st;
	sqlite3 *db; /* raw connection: bypasses the store (and its probe) */
	int64_t org, instr, other_instr;
};

static void exec_ok(sqlite3 *db, const char *sql)
{
	char *err = NULL;
	int rc = sqlite3_exec(db, sql, NULL, NULL, &err);
	if (rc != SQLITE_OK)
		fail_msg("%s: %s", sql, err ? err : "?");
	sqlite3_free(err);
}

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	struct org o = { 0 };
	struct instrument in;
	int applied, fd;
	snprintf(f->path, sizeof(f->path), "%s/tb-overlap-XXXXXX", test_tmpdir());
	fd = mkstemp(f->path);
	assert_true(fd >= 0);
	close(fd);
	assert_int_equal(store_open(f->path, &f->st), TB_OK);
	assert_int_equal(store_migrate(f->st, &applied), TB_OK);
	o.name = "测试大学";
	o.kind = "university";
	assert_int_equal(store_org_insert(f->st, &o), TB_OK);
	f->org = o.id;
	for (int i = 0; i < 2; i++) {
		instrument_defaults(&in);
		in.org_id = o.id;
		in.name_zh = i ? "另一台仪器" : "扫描电子显微镜";
		assert_int_equal(store_instrument_insert(f->st, &in), TB_OK);
		*(i ? &f->other_instr : &f->instr) = in.id;
	}
	assert_int_equal(sqlite3_open(f->path, &f->db), SQLITE_OK);
	sqlite3_busy_timeout(f->db, 5000);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	char p[80];
	sqlite3_close(f->db);
	store_close(f->st);
	unlink(f->path);
	snprintf(p, sizeof(p), "%s-wal", f->path); unlink(p);
	snprintf(p, sizeof(p), "%s-shm", f->path); unlink(p);
	free(f);
	return 0;
}

/* Raw INSERT (no probe). Returns the SQLite result code. */
static int raw_insert(struct fx *f, int64_t instr, const char *status, const char *s, const char *e)
{
	sqlite3_stmt *st;
	int rc;
	assert_int_equal(sqlite3_prepare_v2(f->db,
		"INSERT INTO bookings(instrument_id,org_id,user_class,start_at,end_at,status,created_at,"
		"updated_at) VALUES(?1,?2,'internal',?3,?4,?5,'2027-01-01T00:00:00Z','2027-01-01T00:00:00Z')",
		-1, &st, NULL), SQLITE_OK);
	sqlite3_bind_int64(st, 1, instr);
	sqlite3_bind_int64(st, 2, f->org);
	sqlite3_bind_text(st, 3, s, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, e, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, status, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc;
}

static int raw_set_status(struct fx *f, int64_t id, const char *status)
{
	sqlite3_stmt *st;
	int rc;
	assert_int_equal(sqlite3_prepare_v2(f->db, "UPDATE bookings SET status=?2 WHERE id=?1", -1, &st,
	                                    NULL), SQLITE_OK);
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, status, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc;
}

/* Through the store: the probe (and whatever triggers are left). Rolled back. */
static int store_try(struct fx *f, int64_t instr, const char *status, const char *s, const char *e,
                     int keep)
{
	struct booking b;
	int rc;
	memset(&b, 0, sizeof(b));
	b.instrument_id = instr;
	b.org_id = f->org;
	b.user_class = "internal";
	b.start_at = s;
	b.end_at = e;
	b.status = status;
	assert_int_equal(store_begin(f->st), TB_OK);
	rc = store_booking_create(f->st, &b);
	if (keep && rc == TB_OK)
		assert_int_equal(store_commit(f->st), TB_OK);
	else
		assert_int_equal(store_rollback(f->st), TB_OK);
	return rc;
}

static void hold(struct fx *f, const char *status)
{
	assert_int_equal(raw_insert(f, f->instr, status, HELD_START, HELD_END), SQLITE_DONE);
}

static void drop_triggers(struct fx *f)
{
	exec_ok(f->db, "DROP TRIGGER bookings_no_overlap_ins; DROP TRIGGER bookings_no_overlap_upd;");
}

/* Layer 1, the probe alone: triggers dropped, every layout against every
 * slot-holding status, and against a booking on another instrument. */
static void test_probe_alone(void **state)
{
	struct fx *f = *state;
	drop_triggers(f);
	for (size_t h = 0; h < ARRAY_SIZE(HOLDING); h++) {
		exec_ok(f->db, "DELETE FROM bookings");
		hold(f, HOLDING[h]);
		for (size_t i = 0; i < NLAYOUT; i++) {
			const struct layout *l = &LAYOUTS[i];
			int rc = store_try(f, f->instr, "pending", l->start, l->end, 0);
			if (rc != (l->conflict ? TB_ECONFLICT : TB_OK))
				fail_msg("probe, held %s, layout '%s': got %d", HOLDING[h], l->name, rc);
			/* another instrument is never in the way */
			assert_int_equal(store_try(f, f->other_instr, "pending", l->start, l->end, 0), TB_OK);
			/* a request that does not hold a slot is never refused */
			assert_int_equal(store_try(f, f->instr, "waitlisted", l->start, l->end, 0), TB_OK);
		}
	}
}

/* Layer 2, the INSERT trigger alone: raw INSERTs never run the probe. */
static void test_insert_trigger_alone(void **state)
{
	struct fx *f = *state;
	for (size_t h = 0; h < ARRAY_SIZE(HOLDING); h++) {
		exec_ok(f->db, "DELETE FROM bookings");
		hold(f, HOLDING[h]);
		for (size_t i = 0; i < NLAYOUT; i++) {
			const struct layout *l = &LAYOUTS[i];
			int rc;
			exec_ok(f->db, "SAVEPOINT t");
			rc = raw_insert(f, f->instr, "approved", l->start, l->end);
			exec_ok(f->db, "ROLLBACK TO t; RELEASE t");
			if (rc != (l->conflict ? SQLITE_CONSTRAINT : SQLITE_DONE))
				fail_msg("insert trigger, held %s, layout '%s': got %d", HOLDING[h], l->name, rc);
		}
	}
}

/* Layer 3, the UPDATE trigger alone: a waitlisted row (never checked on
 * insert) is turned into a slot-holding one by a raw UPDATE. */
static void test_update_trigger_alone(void **state)
{
	struct fx *f = *state;
	exec_ok(f->db, "DROP TRIGGER bookings_no_overlap_ins");
	hold(f, "approved");
	for (size_t i = 0; i < NLAYOUT; i++) {
		const struct layout *l = &LAYOUTS[i];
		int64_t id;
		int rc;
		exec_ok(f->db, "SAVEPOINT t");
		assert_int_equal(raw_insert(f, f->instr, "waitlisted", l->start, l->end), SQLITE_DONE);
		id = sqlite3_last_insert_rowid(f->db);
		for (size_t h = 0; h < ARRAY_SIZE(HOLDING); h++) {
			rc = raw_set_status(f, id, HOLDING[h]);
			if (rc != (l->conflict ? SQLITE_CONSTRAINT : SQLITE_DONE))
				fail_msg("update trigger, -> %s, layout '%s': got %d", HOLDING[h], l->name, rc);
			if (rc == SQLITE_DONE)
				assert_int_equal(raw_set_status(f, id, "waitlisted"), SQLITE_DONE);
		}
		exec_ok(f->db, "ROLLBACK TO t; RELEASE t");
	}
}

/* Released slots: after cancel, reject, expiry or completion the same slot is
 * free again - for the probe and for each trigger. */
static void test_released_slot_rebooked(void **state)
{
	struct fx *f = *state;
	for (size_t r = 0; r < ARRAY_SIZE(RELEASED); r++) {
		int64_t id;
		exec_ok(f->db, "DELETE FROM bookings");
		/* booked, then released through an UPDATE as the domain does */
		hold(f, "approved");
		id = sqlite3_last_insert_rowid(f->db);
		assert_int_equal(raw_set_status(f, id, RELEASED[r]), SQLITE_DONE);
		/* the probe (with the triggers in place) */
		if (store_try(f, f->instr, "approved", HELD_START, HELD_END, 0) != TB_OK)
			fail_msg("store: a %s booking still holds its slot", RELEASED[r]);
		/* the INSERT trigger */
		exec_ok(f->db, "SAVEPOINT t");
		if (raw_insert(f, f->instr, "approved", HELD_START, HELD_END) != SQLITE_DONE)
			fail_msg("insert trigger: a %s booking still holds its slot", RELEASED[r]);
		exec_ok(f->db, "ROLLBACK TO t; RELEASE t");
		/* the UPDATE trigger */
		exec_ok(f->db, "SAVEPOINT t");
		assert_int_equal(raw_insert(f, f->instr, "waitlisted", HELD_START, HELD_END), SQLITE_DONE);
		if (raw_set_status(f, sqlite3_last_insert_rowid(f->db), "offered") != SQLITE_DONE)
			fail_msg("update trigger: a %s booking still holds its slot", RELEASED[r]);
		exec_ok(f->db, "ROLLBACK TO t; RELEASE t");
	}
	/* and the probe alone */
	drop_triggers(f);
	for (size_t r = 0; r < ARRAY_SIZE(RELEASED); r++) {
		exec_ok(f->db, "DELETE FROM bookings");
		hold(f, RELEASED[r]);
		if (store_try(f, f->instr, "approved", HELD_START, HELD_END, 0) != TB_OK)
			fail_msg("probe alone: a %s booking still holds its slot", RELEASED[r]);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_probe_alone, setup, teardown),
		cmocka_unit_test_setup_teardown(test_insert_trigger_alone, setup, teardown),
		cmocka_unit_test_setup_teardown(test_update_trigger_alone, setup, teardown),
		cmocka_unit_test_setup_teardown(test_released_slot_rebooked, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

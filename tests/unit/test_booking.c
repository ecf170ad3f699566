/* test_booking.c - unit tests for the instrument booking rules: local time
 * parsing, opening hours, lead time, min/max slot, closed dates, status,
 * cancellation deadline, fees (greater of reserved and used), available
 * hours, and the no-overlap guarantee in the SQLite store (probe + trigger). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "core/err.h"
#include "domain/instrument.h"
#include "domain/org.h"
#include "store/store.h"

static int64_t T(const char *s)
{
	int64_t t = 0;
	assert_true(tb_time_parse(s, &t));
	return t;
}

static void sem(struct instrument *in)
{
	instrument_defaults(in);
	in->org_id = 1;
	in->name_zh = "扫描电子显微镜";
	in->hours = "08:00-18:00,08:00-18:00,08:00-18:00,08:00-18:00,08:00-18:00,09:00-12:00,-";
	in->closed_dates = "2026-12-31,2027-01-01";
	in->min_slot_min = 60;
	in->max_slot_min = 240;
	in->lead_hours = 24;
	in->cancel_hours = 12;
	in->rate_internal = 100;
	in->rate_academic = 200;
	in->rate_enterprise = 400;
}

static void test_time(void **state)
{
	char out[32];
	int64_t a = T("2026-12-01T09:00"), b = T("2026-12-01T01:00:00Z"), c = T("2026-12-01 09:00:00+08:00");
	assert_true(a == b && b == c);
	assert_int_equal(T("2026-12-01T02:00:00+01:00"), a);
	tb_time_fmt(a, out);
	assert_string_equal(out, "2026-12-01T09:00:00+08:00");
	int64_t t;
	assert_false(tb_time_parse("2026-12-01", &t));
	assert_false(tb_time_parse("2026-13-01T09:00", &t));
	assert_false(tb_time_parse("2026-12-01T25:00", &t));
	assert_false(tb_time_parse("2026-12-01T09:00+8", &t));
	assert_false(tb_time_parse("2026-12-01T09:00junk", &t));
}

static void test_opening_parse(void **state)
{
	struct opening o;
	char txt[128];
	assert_true(opening_parse(OPENING_DEFAULT, &o));
	assert_int_equal(o.from[0], 480);
	assert_int_equal(o.to[4], 1080);
	assert_int_equal(o.to[6], 0);
	opening_fmt(&o, txt);
	assert_string_equal(txt, OPENING_DEFAULT);
	assert_false(opening_parse("08:00-18:00", &o));                 /* needs 7 days */
	assert_false(opening_parse("18:00-08:00,-,-,-,-,-,-", &o));      /* end before start */
	assert_true(opening_parse("00:00-24:00,-,-,-,-,-,-", &o));
}

static void test_rules(void **state)
{
	struct instrument in;
	struct tb_field_error fe;
	int64_t now = T("2026-11-30T08:00"); /* Monday */
	sem(&in);
	assert_int_equal(instrument_validate(&in, &fe), TB_OK);
	/* Tuesday 09:00-11:00: fine. */
	assert_int_equal(booking_check(&in, T("2026-12-01T09:00"), T("2026-12-01T11:00"), now, &fe), TB_OK);
	/* opening hours */
	assert_int_equal(booking_check(&in, T("2026-12-01T07:00"), T("2026-12-01T09:00"), now, &fe), TB_EINVAL);
	assert_string_equal(fe.field, "start");
	assert_int_equal(booking_check(&in, T("2026-12-01T17:00"), T("2026-12-01T19:00"), now, &fe), TB_EINVAL);
	assert_string_equal(fe.field, "end");
	/* Saturday has 09:00-12:00, Sunday is closed */
	assert_int_equal(booking_check(&in, T("2026-12-05T09:00"), T("2026-12-05T11:00"), now, &fe), TB_OK);
	assert_int_equal(booking_check(&in, T("2026-12-05T11:00"), T("2026-12-05T13:00"), now, &fe), TB_EINVAL);
	assert_int_equal(booking_check(&in, T("2026-12-06T09:00"), T("2026-12-06T11:00"), now, &fe), TB_EINVAL);
	assert_string_equal(fe.field, "start");
	/* min / max slot */
	assert_int_equal(booking_check(&in, T("2026-12-01T09:00"), T("2026-12-01T09:30"), now, &fe), TB_EINVAL);
	assert_string_equal(fe.field, "end");
	assert_non_null(strstr(fe.message, "at least 60"));
	assert_int_equal(booking_check(&in, T("2026-12-01T09:00"), T("2026-12-01T14:00"), now, &fe), TB_EINVAL);
	assert_non_null(strstr(fe.message, "at most 240"));
	assert_int_equal(booking_check(&in, T("2026-12-01T11:00"), T("2026-12-01T10:00"), now, &fe), TB_EINVAL);
	/* lead time: 24 h */
	assert_int_equal(booking_check(&in, T("2026-11-30T10:00"), T("2026-11-30T11:00"), now, &fe), TB_EINVAL);
	assert_string_equal(fe.field, "start");
	assert_non_null(strstr(fe.message, "lead time"));
	assert_int_equal(booking_check(&in, T("2026-12-01T08:00"), T("2026-12-01T09:00"), now, &fe), TB_OK);
	/* closed dates */
	assert_int_equal(booking_check(&in, T("2026-12-31T09:00"), T("2026-12-31T10:00"), now, &fe), TB_EINVAL);
	assert_non_null(strstr(fe.message, "closed on 2026-12-31"));
	/* status */
	in.status = "maintenance";
	assert_int_equal(booking_check(&in, T("2026-12-01T09:00"), T("2026-12-01T11:00"), now, &fe), TB_ESTATE);
	assert_string_equal(fe.field, "instrument");
}

static void test_cancel(void **state)
{
	struct instrument in;
	struct tb_field_error fe;
	sem(&in);
	assert_int_equal(booking_check_cancel(&in, T("2026-12-01T09:00"), T("2026-11-30T20:59"), &fe), TB_OK);
	assert_int_equal(booking_check_cancel(&in, T("2026-12-01T09:00"), T("2026-11-30T21:01"), &fe), TB_ESTATE);
}

static void test_fees(void **state)
{
	struct instrument in;
	double q;
	sem(&in);
	assert_string_equal(user_class_for(1, "university", 1), "internal");
	assert_string_equal(user_class_for(2, "institute", 1), "academic");
	assert_string_equal(user_class_for(3, "enterprise", 1), "enterprise");
	/* reserved 2 h, used 1 h: bill 2 h (greater of) */
	assert_true(booking_fee(&in, "academic", T("2026-12-01T09:00"), T("2026-12-01T11:00"),
	                        T("2026-12-01T09:00"), T("2026-12-01T10:00"), 0, &q) == 400.0);
	assert_true(q == 2.0);
	/* reserved 2 h, used 2.5 h: bill 2.5 h */
	assert_true(booking_fee(&in, "enterprise", T("2026-12-01T09:00"), T("2026-12-01T11:00"),
	                        T("2026-12-01T09:00"), T("2026-12-01T11:30"), 0, &q) == 1000.0);
	assert_true(q == 2.5);
	assert_true(booking_fee(&in, "internal", T("2026-12-01T09:00"), T("2026-12-01T10:00"), 0, 0, 0, &q) == 100.0);
	/* per sample */
	in.fee_unit = "sample";
	assert_true(booking_fee(&in, "academic", T("2026-12-01T09:00"), T("2026-12-01T11:00"),
	                        T("2026-12-01T09:00"), T("2026-12-01T13:00"), 7, &q) == 1400.0);
	assert_true(q == 7.0);
}

static void test_open_hours(void **state)
{
	struct instrument in;
	sem(&in);
	/* Week of 2026-11-30 (Mon) .. 2026-12-07: 5 x 10 h + Saturday 3 h. */
	assert_true(instrument_open_hours(&in, T("2026-11-30T00:00"), T("2026-12-07T00:00")) == 53.0);
	/* partial day */
	assert_true(instrument_open_hours(&in, T("2026-11-30T12:00"), T("2026-11-30T14:00")) == 2.0);
	/* closed date excluded: Thu 2026-12-31 + Fri 2027-01-01 */
	assert_true(instrument_open_hours(&in, T("2026-12-31T00:00"), T("2027-01-02T00:00")) == 0.0);
}

/* The store refuses overlaps: probe (ECONFLICT) and, bypassing the probe by
 * turning a waitlisted row into an active one, the trigger. */
static void test_store_overlap(void **state)
{
	char path[] = "/tmp/tb-booking-XXXXXX";
	int fd = mkstemp(path);
	struct store *st;
	struct org o = { 0 };
	struct instrument in;
	struct booking b;
	int applied;
	assert_true(fd >= 0);
	close(fd);
	assert_int_equal(store_open(path, &st), TB_OK);
	assert_int_equal(store_migrate(st, &applied), TB_OK);
	o.name = "测试大学";
	o.kind = "university";
	assert_int_equal(store_org_insert(st, &o), TB_OK);
	sem(&in);
	in.org_id = o.id;
	assert_int_equal(store_instrument_insert(st, &in), TB_OK);

	memset(&b, 0, sizeof(b));
	b.instrument_id = in.id;
	b.org_id = o.id;
	b.user_class = "internal";
	b.start_at = "2026-12-01T09:00:00+08:00";
	b.end_at = "2026-12-01T11:00:00+08:00";
	b.status = "pending";
	assert_int_equal(store_begin(st), TB_OK);
	assert_int_equal(store_booking_create(st, &b), TB_OK);
	assert_int_equal(store_commit(st), TB_OK);
	int64_t first = b.id;

	/* overlapping: probe refuses */
	b.start_at = "2026-12-01T10:00:00+08:00";
	b.end_at = "2026-12-01T12:00:00+08:00";
	assert_int_equal(store_begin(st), TB_OK);
	assert_int_equal(store_booking_create(st, &b), TB_ECONFLICT);
	assert_int_equal(store_rollback(st), TB_OK);
	/* touching end-to-start is fine */
	b.start_at = "2026-12-01T11:00:00+08:00";
	b.end_at = "2026-12-01T12:00:00+08:00";
	assert_int_equal(store_begin(st), TB_OK);
	assert_int_equal(store_booking_create(st, &b), TB_OK);
	assert_int_equal(store_commit(st), TB_OK);
	/* a waitlisted overlap may exist; activating it hits the trigger */
	b.start_at = "2026-12-01T09:30:00+08:00";
	b.end_at = "2026-12-01T10:30:00+08:00";
	b.status = "waitlisted";
	assert_int_equal(store_begin(st), TB_OK);
	assert_int_equal(store_booking_create(st, &b), TB_OK);
	assert_int_equal(store_commit(st), TB_OK);
	assert_int_equal(store_booking_set_status(st, b.id, "waitlisted", "offered", NULL,
	                                          "2026-11-30T20:00:00+08:00"), TB_ECONFLICT);
	/* after the holder cancels, the waitlisted request is next and can be offered */
	assert_int_equal(store_booking_set_status(st, first, "pending", "cancelled", NULL, NULL), TB_OK);
	{
		struct arena a;
		struct booking nx;
		arena_init(&a, 1 << 20);
		assert_int_equal(store_booking_next_waitlisted(st, &a, in.id, "2026-11-30T08:00:00+08:00", &nx), TB_OK);
		assert_int_equal(nx.id, b.id);
		arena_release(&a);
	}
	assert_int_equal(store_booking_set_status(st, b.id, "waitlisted", "offered", NULL,
	                                          "2026-11-30T20:00:00+08:00"), TB_OK);
	/* stale expectation */
	assert_int_equal(store_booking_set_status(st, b.id, "waitlisted", "offered", NULL, NULL), TB_ESTATE);
	store_close(st);
	unlink(path);
	{
		char side[64];
		snprintf(side, sizeof(side), "%s-wal", path);
		unlink(side);
		snprintf(side, sizeof(side), "%s-shm", path);
		unlink(side);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_time),
		cmocka_unit_test(test_opening_parse),
		cmocka_unit_test(test_rules),
		cmocka_unit_test(test_cancel),
		cmocka_unit_test(test_fees),
		cmocka_unit_test(test_open_hours),
		cmocka_unit_test(test_store_overlap),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

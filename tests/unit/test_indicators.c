/* test_indicators.c - the contract rules and every indicator on a small
 * dataset whose expected figures were worked out by hand (see the table in
 * the comment below), on a real in-memory SQLite store: period and region
 * boundaries, yoy growth with a zero base, share of the parent region, local
 * conversion, the funnel, targets and high-tech enterprises.
 *
 * Dataset (amounts in yuan; sellers: U=org1 沈阳/浑南区 (Hunnan zone),
 * S=org2 沈阳/铁西区, D=org3 大连; buyers: E=org4 鞍山 (local),
 * BJ = free-text party 110108 Beijing (not local)):
 *   c1 U->E  transfer     100.00  2022-06-01  A1   local
 *   c2 U->BJ service      300.00  2023-12-31  -
 *   c3 S->E  development  200.00  2023-01-01  A2   local
 *   c4 D->BJ licensing    500.00  2023-07-15  A3   not local
 *   c5 D->E  consulting    50.00  2024-01-01  -
 *   c6 U->E  transfer    1000.00  2023-03-01  A1   (A1's second contract)
 *   c7 S->E  service      999.99  2023-05-05  -    terminated: never counted
 *   c8 U->E  transfer      10.00  2023-06-01  A4   terminated: A4 back to published
 * Expected 2023: province 4 contracts / 2000.00; 2022 1 / 100.00 -> yoy +1900 %;
 * Shenyang 3 / 1500.00 = 75 % of the province; Hunnan 2 / 1300.00 = 86.67 % of
 * Shenyang, yoy +1200 %; Dalian 1 / 500.00, 2022 base 0 -> yoy null.
 * Conversion 2023: A2 (local), A3 (not) -> 2, 1 local, 50 %; 2022: A1 -> 100 %. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "core/arena.h"
#include "core/err.h"
#include "domain/catalog.h"
#include "domain/contract.h"
#include "domain/contract_ops.h"
#include "domain/indicators.h"
#include "domain/money.h"
#include "store/store.h"

static struct store *st;
static struct arena A;
static int64_t ach[5];

static int64_t mk_org(const char *name, const char *city, const char *district)
{
	struct org o = { 0 };
	o.name = name;
	o.kind = "enterprise";
	o.city = city;
	o.district = district;
	o.province = "辽宁";
	assert_int_equal(store_org_insert(st, &o), TB_OK);
	return o.id;
}

static int64_t mk_ach(int64_t owner, const char *published_at)
{
	struct achievement x = { 0 };
	x.title_zh = "测试成果";
	x.trl = 5;
	x.modes = MODE_TRANSFER;
	x.price = -1;
	x.owner_org_id = owner;
	x.status = "published";
	x.field = "新材料";
	x.published_at = published_at;
	assert_int_equal(store_achievement_insert(st, &x), TB_OK);
	return x.id;
}

static int64_t mk_contract(const char *reg, const char *type, int64_t seller, int64_t buyer,
                           int64_t fen, const char *date, int64_t ach_id)
{
	struct contract c = { 0 };
	struct tb_field_error fe = { 0 };
	int64_t changed;
	c.reg_no = reg;
	c.type = type;
	c.seller.org_id = seller;
	if (buyer)
		c.buyer.org_id = buyer;
	else {
		c.buyer.name = "北京某科技公司";
		c.buyer.region_code = "110108";
	}
	c.amount_fen = fen;
	c.tx_amount_fen = -1;
	c.signed_on = date;
	c.achievement_id = ach_id;
	assert_int_equal(contract_register(st, &A, &c, NULL, &fe, &changed), TB_OK);
	return c.id;
}

static int setup(void **state)
{
	int64_t u, s, d, e, c7, c8, changed;
	int applied;
	struct tb_field_error fe;
	struct ind_target t;

	arena_init(&A, 64 << 20);
	assert_int_equal(store_open(":memory:", &st), TB_OK);
	assert_int_equal(store_migrate(st, &applied), TB_OK);
	u = mk_org("U大学", "沈阳", "浑南区");
	s = mk_org("S公司", "沈阳", "铁西区");
	d = mk_org("D研究所", "大连", NULL);
	e = mk_org("E钢铁", "鞍山", NULL);
	ach[1] = mk_ach(u, "2022-03-01T00:00:00Z");
	ach[2] = mk_ach(s, "2023-02-01T00:00:00Z");
	ach[3] = mk_ach(d, "2023-02-01T00:00:00Z");
	ach[4] = mk_ach(u, "2023-05-01T00:00:00Z");
	mk_contract("2022210100000001", "transfer", u, e, 10000, "2022-06-01", ach[1]);
	mk_contract("2023210100000002", "service", u, 0, 30000, "2023-12-31", 0);
	mk_contract("2023210100000003", "development", s, e, 20000, "2023-01-01", ach[2]);
	mk_contract("2023210200000004", "licensing", d, 0, 50000, "2023-07-15", ach[3]);
	mk_contract("2024210200000005", "consulting", d, e, 5000, "2024-01-01", 0);
	mk_contract("2023210100000006", "transfer", u, e, 100000, "2023-03-01", ach[1]);
	c7 = mk_contract("2023210100000007", "service", s, e, 99999, "2023-05-05", 0);
	c8 = mk_contract("2023210100000008", "transfer", u, e, 1000, "2023-06-01", ach[4]);
	assert_int_equal(contract_terminate(st, &A, c7, "cancelled", &fe, &changed), TB_OK);
	assert_int_equal(changed, 0);
	assert_int_equal(contract_terminate(st, &A, c8, NULL, &fe, &changed), TB_OK);
	assert_int_equal(changed, ach[4]);
	/* enterprise certifications: 2022 {E}, 2023 {D, E} */
	assert_int_equal(store_cert_put(st, e, "high_tech", 2022), TB_OK);
	assert_int_equal(store_cert_put(st, e, "high_tech", 2023), TB_OK);
	assert_int_equal(store_cert_put(st, d, "high_tech", 2023), TB_OK);
	t = (struct ind_target){ 2023, IND_PROVINCE_CODE, "commercialised", 4 };
	assert_int_equal(store_target_put(st, &t), TB_OK);
	t = (struct ind_target){ 2023, IND_PROVINCE_CODE, "local_conversion_rate", 5700 };
	assert_int_equal(store_target_put(st, &t), TB_OK);
	return 0;
}

static int teardown(void **state)
{
	store_close(st);
	arena_release(&A);
	return 0;
}

/* The row of `t` whose first column is `period` (and column 1 is `group`, if given). */
static const struct ind_val *row_of(const struct ind_table *t, const char *period, const char *group)
{
	for (int i = 0; i < t->nrows; i++) {
		const struct ind_val *r = &t->vals[(size_t)i * (size_t)t->ncols];
		if (r[0].t == IV_STR && !strcmp(r[0].s, period) &&
		    (!group || (r[1].t == IV_STR && !strcmp(r[1].s, group))))
			return r;
	}
	return NULL;
}

static void q_init(struct ind_query *q, int from, int to, const char *region)
{
	memset(q, 0, sizeof(*q));
	q->from_year = from;
	q->to_year = to;
	assert_int_equal(ind_region_resolve(region, &q->region), TB_OK);
}

#define assert_pct(v, expect) do { assert_int_equal((v).t, IV_PCT); \
	assert_true((v).d > (expect) - 0.005 && (v).d < (expect) + 0.005); } while (0)

/* turnover columns: 0 period 1 group 2 zh 3 en 4 count 5 amount 6 tx 7 yoy_amt 8 yoy_cnt
 * 9 share_amt 10 share_cnt */
static void test_turnover_province(void **state)
{
	struct ind_query q;
	struct ind_table t;
	const struct ind_val *r;
	q_init(&q, 2022, 2024, NULL);
	assert_int_equal(ind_turnover(st, &A, &q, &t), TB_OK);
	assert_int_equal(t.nrows, 3);
	r = row_of(&t, "2023", NULL);
	assert_non_null(r);
	assert_int_equal(r[4].i, 4);          /* c2 c3 c4 c6; c7 terminated; c5 is 2024 */
	assert_int_equal(r[5].i, 200000);     /* 2000.00 yuan in fen */
	assert_pct(r[7], 1900.0);             /* (2000-100)/100 */
	assert_pct(r[8], 300.0);              /* (4-1)/1 */
	assert_int_equal(r[9].t, IV_NULL);    /* the province has no parent */
	r = row_of(&t, "2022", NULL);
	assert_int_equal(r[5].i, 10000);
	assert_int_equal(r[7].t, IV_NULL);    /* 2021 base is zero: growth undefined */
	r = row_of(&t, "2024", NULL);
	assert_int_equal(r[4].i, 1);          /* 1 Jan belongs to the new year */
	assert_int_equal(r[5].i, 5000);
}

static void test_turnover_city_and_zone(void **state)
{
	struct ind_query q;
	struct ind_table t;
	const struct ind_val *r;
	q_init(&q, 2023, 2023, "沈阳");
	assert_int_equal(ind_turnover(st, &A, &q, &t), TB_OK);
	r = row_of(&t, "2023", NULL);
	assert_int_equal(r[4].i, 3);
	assert_int_equal(r[5].i, 150000);
	assert_pct(r[9], 75.0);               /* 1500 / 2000 */
	assert_pct(r[10], 75.0);              /* 3 / 4 */

	q_init(&q, 2023, 2023, "沈阳浑南");     /* the zone inside Shenyang */
	assert_int_equal(q.region.level, IND_UNIT);
	assert_int_equal(ind_turnover(st, &A, &q, &t), TB_OK);
	r = row_of(&t, "2023", NULL);
	assert_int_equal(r[4].i, 2);          /* c2 (31 Dec) and c6 */
	assert_int_equal(r[5].i, 130000);
	assert_pct(r[7], 1200.0);             /* vs c1 100.00 in 2022 */
	assert_pct(r[9], 86.6667);            /* 1300 / 1500 of Shenyang */

	q_init(&q, 2023, 2023, "Dalian");
	assert_int_equal(ind_turnover(st, &A, &q, &t), TB_OK);
	r = row_of(&t, "2023", NULL);
	assert_int_equal(r[5].i, 50000);
	assert_int_equal(r[7].t, IV_NULL);    /* zero base in 2022 */
	assert_pct(r[9], 25.0);
}

static void test_turnover_breakdowns(void **state)
{
	struct ind_query q;
	struct ind_table t;
	const struct ind_val *r;
	q_init(&q, 2023, 2023, NULL);
	q.by = IND_BY_CITY;
	assert_int_equal(ind_turnover(st, &A, &q, &t), TB_OK);
	assert_int_equal(t.nrows, 2);
	r = row_of(&t, "2023", "210100");
	assert_int_equal(r[5].i, 150000);
	assert_string_equal(r[2].s, "沈阳");
	assert_pct(r[9], 75.0);               /* a city's share of the province */
	r = row_of(&t, "2023", "210200");
	assert_int_equal(r[5].i, 50000);

	q_init(&q, 2023, 2023, "Shenyang");
	q.by = IND_BY_DISTRICT;
	assert_int_equal(ind_turnover(st, &A, &q, &t), TB_OK);
	r = row_of(&t, "2023", "210112");
	assert_int_equal(r[4].i, 2);
	assert_pct(r[10], 66.6667);           /* 2 of Shenyang's 3 contracts */
	r = row_of(&t, "2023", "210106");     /* Tiexi */
	assert_int_equal(r[5].i, 20000);

	q_init(&q, 2023, 2023, NULL);
	q.by = IND_BY_TYPE;
	assert_int_equal(ind_turnover(st, &A, &q, &t), TB_OK);
	assert_int_equal(t.nrows, 4);
	assert_int_equal(row_of(&t, "2023", "transfer")[5].i, 100000);
	assert_int_equal(row_of(&t, "2023", "licensing")[5].i, 50000);
	assert_string_equal(row_of(&t, "2023", "service")[2].s, "技术服务");

	q_init(&q, 2023, 2023, NULL);
	q.period = IND_QUARTER;
	assert_int_equal(ind_turnover(st, &A, &q, &t), TB_OK);
	assert_int_equal(row_of(&t, "2023-Q1", NULL)[5].i, 120000); /* c3 + c6 */
	assert_int_equal(row_of(&t, "2023-Q3", NULL)[5].i, 50000);
	assert_int_equal(row_of(&t, "2023-Q4", NULL)[5].i, 30000);  /* 31 Dec */
	assert_null(row_of(&t, "2023-Q2", NULL));                    /* only c7 (terminated) */
}

static void test_conversion_and_funnel(void **state)
{
	struct ind_query q;
	struct ind_table t;
	const struct ind_val *r;
	q_init(&q, 2022, 2023, NULL);
	assert_int_equal(ind_conversion(st, &A, &q, &t), TB_OK);
	r = row_of(&t, "2023", NULL);
	assert_int_equal(r[1].i, 2);          /* A2, A3 (A1's second contract is not counted) */
	assert_int_equal(r[2].i, 1);
	assert_pct(r[3], 50.0);
	r = row_of(&t, "2022", NULL);
	assert_int_equal(r[1].i, 1);
	assert_pct(r[3], 100.0);

	q_init(&q, 2023, 2023, "沈阳");
	assert_int_equal(ind_conversion(st, &A, &q, &t), TB_OK);
	r = row_of(&t, "2023", NULL);
	assert_int_equal(r[1].i, 1);          /* A2 only */
	assert_pct(r[3], 100.0);

	/* funnel: 0 period 1 published 2 commercialised 3 local 4 pct */
	q_init(&q, 2022, 2023, NULL);
	assert_int_equal(ind_funnel(st, &A, &q, &t), TB_OK);
	r = row_of(&t, "2023", NULL);
	assert_int_equal(r[1].i, 3);          /* A2 A3 A4 published in 2023 */
	assert_int_equal(r[2].i, 2);
	assert_pct(r[4], 66.6667);
	r = row_of(&t, "2022", NULL);
	assert_int_equal(r[1].i, 1);
	assert_int_equal(r[2].i, 1);
}

static void test_status_side_effects(void **state)
{
	struct achievement a;
	assert_int_equal(store_achievement_get(st, &A, ach[1], &a), TB_OK);
	assert_string_equal(a.status, "commercialised");
	assert_int_equal(store_achievement_get(st, &A, ach[4], &a), TB_OK);
	assert_string_equal(a.status, "published"); /* its only contract was terminated */
}

static void test_summary_targets_enterprises(void **state)
{
	struct ind_summary s;
	struct ind_region r;
	struct ind_table t;
	struct ind_query q;
	const struct ind_val *row;
	assert_int_equal(ind_region_resolve("210112", &r), TB_OK);
	assert_int_equal(ind_summary_compute(st, &A, 2023, &r, &s), TB_OK);
	assert_int_equal(s.count, 2);
	assert_int_equal(s.amount_fen, 130000);
	assert_int_equal(s.parent_amount_fen, 150000);
	assert_int_equal(s.prev_amount_fen, 10000);

	assert_int_equal(ind_region_resolve(NULL, &r), TB_OK);
	assert_int_equal(ind_summary_compute(st, &A, 2023, &r, &s), TB_OK);
	assert_false(s.has_parent);
	assert_int_equal(s.commercialised, 2);
	assert_int_equal(s.commercialised_local, 1);
	assert_int_equal(s.published, 3);
	assert_int_equal(s.high_tech, 2);
	assert_int_equal(s.service_revenue_fen, 0); /* no instruments module in this build */

	/* targets: 0 year 1 region 2 metric 3 target 4 actual 5 progress 6 met (sorted by metric) */
	assert_int_equal(ind_targets_table(st, &A, 2023, &r, &t), TB_OK);
	assert_int_equal(t.nrows, 2);
	row = &t.vals[0];
	assert_string_equal(row[2].s, "commercialised");
	assert_int_equal(row[4].i, 2);
	assert_pct(row[5], 50.0);
	assert_string_equal(row[6].s, "no");
	row = &t.vals[t.ncols];
	assert_string_equal(row[2].s, "local_conversion_rate");
	assert_pct(row[3], 57.0);
	assert_pct(row[4], 50.0);
	assert_pct(row[5], 87.7193);          /* 5000 / 5700 basis points */

	q_init(&q, 2022, 2023, NULL);
	assert_int_equal(ind_enterprises(st, &A, &q, &t), TB_OK);
	assert_int_equal(row_of(&t, "2023", NULL)[1].i, 2);
	assert_pct(row_of(&t, "2023", NULL)[2], 100.0);
	assert_int_equal(row_of(&t, "2022", NULL)[2].t, IV_NULL); /* 2021 had none */
}

static void test_csv(void **state)
{
	struct ind_query q;
	struct ind_table t;
	struct buf b = BUF_INIT(1 << 20);
	q_init(&q, 2023, 2023, "Hunnan zone");
	assert_int_equal(ind_turnover(st, &A, &q, &t), TB_OK);
	assert_int_equal(ind_table_csv(&t, &b), TB_OK);
	assert_non_null(strstr(b.ptr, "period,group,group_zh,group_en,count,amount_yuan,tx_amount_yuan"));
	assert_non_null(strstr(b.ptr, "2023,,,,2,1300.00,1300.00,1200.00,100.00,86.67,66.67"));
	buf_release(&b);
}

static void test_arithmetic_and_periods(void **state)
{
	double p;
	char k[IND_KEYLEN];
	assert_false(ind_growth(5, 0, &p));   /* zero base */
	assert_true(ind_growth(0, 5, &p));
	assert_true(p == -100.0);
	assert_true(ind_growth(13083, 10002, &p));
	assert_true(p > 30.80 && p < 30.81);
	assert_false(ind_share(1, 0, &p));
	assert_true(ind_share(47, 100, &p) && p == 47.0);
	assert_true(ind_period_key("2023-12-31", IND_YEAR, k));
	assert_string_equal(k, "2023");
	assert_true(ind_period_key("2023-12-31", IND_QUARTER, k));
	assert_string_equal(k, "2023-Q4");
	assert_true(ind_period_key("2024-01-01", IND_QUARTER, k));
	assert_string_equal(k, "2024-Q1");
	assert_true(ind_period_key("2023-12-31", IND_MONTH, k));
	assert_string_equal(k, "2023-12");
	assert_false(ind_period_key("2023-02-30", IND_YEAR, k));
	assert_true(ind_period_prev_year("2023-Q4", k));
	assert_string_equal(k, "2022-Q4");
}

/* Issue #10, item 2: a contract of INT64_MAX fen made the province turnover
 * wrap to -9.2e16 yuan (and the sanitizer build abort). The aggregation must
 * report the overflow as an error and leave the sum as it was. */
static void test_aggregation_overflow_is_an_error(void **state)
{
	struct arena a;
	struct ind_agg g;
	struct contract c;
	const struct ind_cell *cell;
	arena_init(&a, 1 << 20);
	ind_agg_init(&g, &a, IND_YEAR, IND_BY_NONE);
	memset(&c, 0, sizeof(c));
	c.id = 1;
	c.signed_on = "2023-06-01";
	c.amount_fen = INT64_MAX / 100 * 100;   /* the probe's 92233720368547758 yuan */
	c.tx_amount_fen = 0;
	assert_int_equal(ind_agg_add(&g, &c), TB_OK);
	c.id = 2;
	c.amount_fen = 100000;                  /* 1,000 yuan more cannot be represented */
	assert_int_equal(ind_agg_add(&g, &c), TB_EOVERFLOW);
	cell = ind_agg_find(&g, "2023", NULL);
	assert_non_null(cell);
	assert_int_equal(cell->count, 1);
	assert_true(cell->amount_fen == INT64_MAX / 100 * 100);
	/* The bound on input keeps realistic totals far from the limit. */
	assert_true(money_add(&(int64_t){ 0 }, MONEY_MAX_FEN));
	arena_release(&a);
}

static void test_regions(void **state)
{
	struct ind_region r, p;
	assert_int_equal(ind_region_resolve("Hunnan zone", &r), TB_OK);
	assert_string_equal(r.code, "210112");
	assert_int_equal(ind_region_parent(&r, &p), TB_OK);
	assert_string_equal(p.code, "210100");
	assert_int_equal(ind_region_parent(&p, &r), TB_OK);
	assert_int_equal(r.level, IND_PROVINCE);
	assert_int_equal(ind_region_parent(&r, &p), TB_ENOTFOUND);
	assert_int_equal(ind_region_resolve("210200", &r), TB_OK);
	assert_string_equal(r.zh, "大连");
	assert_int_equal(ind_region_resolve("沈阳市", &r), TB_OK);
	assert_int_equal(r.level, IND_CITY);
	assert_int_equal(ind_region_resolve("Atlantis", &r), TB_ENOTFOUND);
	assert_non_null(ind_unit_for("沈阳", "浑南区"));
	assert_null(ind_unit_for("大连", "浑南区")); /* a unit belongs to one city */
}

static void test_contract_rules(void **state)
{
	struct contract c = { 0 };
	struct tb_field_error fe;
	int64_t fen;
	char m[32];
	assert_true(contract_reg_no_valid("2023210100000001"));
	assert_false(contract_reg_no_valid("202321010000001"));   /* 15 digits */
	assert_false(contract_reg_no_valid("20232101000000A1"));
	assert_false(contract_reg_no_valid("1023210100000001"));  /* year 1023 */
	c.reg_no = "2023210100000001";
	c.type = "transfer";
	c.subtype = "patent_right";
	c.seller.org_id = 1;
	c.buyer.name = "Acme GmbH";
	c.buyer.country = "276";
	c.amount_fen = 100;
	c.tx_amount_fen = 100;
	c.signed_on = "2023-12-31";
	c.status = "registered";
	assert_int_equal(contract_validate(&c, &fe), TB_OK);
	c.tx_amount_fen = 101;
	assert_int_equal(contract_validate(&c, &fe), TB_EINVAL);
	assert_string_equal(fe.field, "tx_amount");
	c.tx_amount_fen = 100;
	c.subtype = "patent";                                       /* a licensing subtype */
	assert_int_equal(contract_validate(&c, &fe), TB_EINVAL);
	assert_string_equal(fe.field, "subtype");
	c.subtype = NULL;
	c.type = "gift";
	assert_int_equal(contract_validate(&c, &fe), TB_EINVAL);
	assert_string_equal(fe.field, "type");
	c.type = "service";
	c.signed_on = "2023-13-01";
	assert_int_equal(contract_validate(&c, &fe), TB_EINVAL);
	assert_string_equal(fe.field, "signed_on");
	c.signed_on = "2023-01-01";
	c.buyer.country = "DE";
	assert_int_equal(contract_validate(&c, &fe), TB_EINVAL);
	assert_string_equal(fe.field, "buyer.country");
	assert_null(contract_transition("terminated", "amend"));
	assert_string_equal(contract_transition("registered", "amend"), "amended");
	assert_true(money_parse_yuan("1234.5", &fen) && fen == 123450);
	assert_true(money_parse_yuan("130830000000", &fen) && fen == 13083000000000LL);
	assert_false(money_parse_yuan("1.234", &fen));
	assert_false(money_parse_yuan("-1", &fen));
	assert_false(money_parse_yuan("1e5", &fen));
	assert_true(money_from_double(1234.56, &fen) && fen == 123456);
	assert_false(money_from_double(0.001, &fen));
	money_format(123456, m);
	assert_string_equal(m, "1234.56");
	assert_true(contract_code_in_province("210112", "156"));
	assert_false(contract_code_in_province("110108", "156"));
	assert_false(contract_code_in_province("210112", "276"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_arithmetic_and_periods),
		cmocka_unit_test(test_regions),
		cmocka_unit_test(test_aggregation_overflow_is_an_error),
		cmocka_unit_test(test_contract_rules),
		cmocka_unit_test(test_turnover_province),
		cmocka_unit_test(test_turnover_city_and_zone),
		cmocka_unit_test(test_turnover_breakdowns),
		cmocka_unit_test(test_conversion_and_funnel),
		cmocka_unit_test(test_status_side_effects),
		cmocka_unit_test(test_summary_targets_enterprises),
		cmocka_unit_test(test_csv),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}

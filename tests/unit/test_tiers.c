/* test_tiers.c - the enterprise-tier engine (issue #15) against the default
 * rule sets the migration stores (shared/domain.md, "Enterprise tiers"): every
 * threshold band edge, the alternatives of a rule, the choice of a rule by
 * region, version and validity, the validation of facts naming the field, and
 * the gap text in both languages. Guards against thresholds drifting into code
 * or an off-by-one at a band edge. */
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
#include "domain/tier.h"
#include "store/store.h"

static struct store *st;
static struct arena A;
static struct tier_rule *rules;
static int nrules;
static char path[64];

static int setup(void **state)
{
	int applied;
	snprintf(path, sizeof(path), "%s/tb-tiers-%d.db", test_tmpdir(), (int)getpid());
	unlink(path);
	if (store_open(path, &st) || store_migrate(st, &applied))
		return -1;
	arena_init(&A, 64 << 20);
	return store_tier_rule_list(st, &A, NULL, NULL, &rules, &nrules);
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

static const struct tier_rule *rule(const char *tier)
{
	static const char *const liaoning[] = { "210100", "210000", NULL };
	return tier_rule_for(rules, nrules, tier, liaoning, "2023-12-31");
}

/* A year of facts: everything "not reported" but the org and year. */
static struct ent_facts facts(int year)
{
	struct ent_facts f;
	tier_facts_init(&f);
	f.org_id = 1;
	f.year = year;
	f.source = "test";
	return f;
}

static double metric(const char *tier, const struct ent_facts *h, int n, const char *name)
{
	double v;
	int known;
	assert_int_equal(tier_metric(rule(tier), h, n, h[n - 1].year, name, &v, &known), TB_OK);
	assert_true(known);
	return v;
}

static int eligible(const char *tier, const struct ent_facts *h, int n)
{
	struct tier_eval ev;
	assert_int_equal(tier_evaluate(&A, rule(tier), h, n, h[n - 1].year, &ev), TB_OK);
	return ev.eligible;
}

static void test_tech_sme_bands(void **state)
{
	struct ent_facts f = facts(2023);
	/* S&T staff share: >=30 20, 25-30 16, 20-25 12, 15-20 8, 10-15 4, <10 0 */
	static const struct { int st; double pts; } sts[] = {
		{ 300, 20 }, { 299, 16 }, { 250, 16 }, { 249, 12 }, { 200, 12 }, { 199, 8 },
		{ 150, 8 }, { 149, 4 }, { 100, 4 }, { 99, 0 },
	};
	/* R&D / revenue: >=6 50, 5 40, 4 30, 3 20, 2 10, <2 0 (revenue 10,000 yuan) */
	static const struct { int64_t rd; double pts; } rds[] = {
		{ 60000, 50 }, { 59999, 40 }, { 50000, 40 }, { 40000, 30 }, { 39999, 20 },
		{ 30000, 20 }, { 20000, 10 }, { 19999, 0 },
	};
	f.staff = 1000;
	for (size_t i = 0; i < sizeof(sts) / sizeof(sts[0]); i++) {
		f.st_staff = sts[i].st;
		assert_true(metric("tech_sme", &f, 1, "score_st_staff") == sts[i].pts);
	}
	f.revenue_fen = 1000000;
	for (size_t i = 0; i < sizeof(rds) / sizeof(rds[0]); i++) {
		f.rd_fen = rds[i].rd;
		assert_true(metric("tech_sme", &f, 1, "score_rd") == rds[i].pts);
	}
	/* or R&D / total cost: >=30 % 50 ... 10-15 10; the better of the two counts */
	f.rd_fen = 0;
	f.total_cost_fen = 1000000;
	f.rd_fen = 300000;  /* 30 % of cost, 30 % of revenue too */
	assert_true(metric("tech_sme", &f, 1, "score_rd") == 50);
	f.revenue_fen = 100000000; /* 0.3 % of revenue; cost share 30 % still scores 50 */
	assert_true(metric("tech_sme", &f, 1, "score_rd") == 50);
	f.rd_fen = 299999;
	assert_true(metric("tech_sme", &f, 1, "score_rd") == 40);
	f.rd_fen = 99999;
	assert_true(metric("tech_sme", &f, 1, "score_rd") == 0);
	/* IP: >=1 class-I 30; class-II 4+ 24, 3 18, 2 12, 1 6 */
	f.ip_class1 = 0;
	static const struct { int c2; double pts; } ips[] = { { 5, 24 }, { 4, 24 }, { 3, 18 }, { 2, 12 }, { 1, 6 }, { 0, 0 } };
	for (size_t i = 0; i < sizeof(ips) / sizeof(ips[0]); i++) {
		f.ip_class2 = ips[i].c2;
		assert_true(metric("tech_sme", &f, 1, "score_ip") == ips[i].pts);
	}
	f.ip_class1 = 1;
	assert_true(metric("tech_sme", &f, 1, "score_ip") == 30);
}

static void test_tech_sme_eligibility(void **state)
{
	struct ent_facts f = facts(2023);
	f.staff = 500;           /* <= 500 */
	f.st_staff = 150;        /* 30 %: 20 points */
	f.revenue_fen = 20000000000LL; /* 200 M yuan: at the cap */
	f.assets_fen = 20000000000LL;
	f.rd_fen = 1000000000;   /* 5 %: 40 points -> 60 */
	f.ip_class1 = 0;
	f.ip_class2 = 0;
	assert_true(metric("tech_sme", &f, 1, "score") == 60);
	assert_true(eligible("tech_sme", &f, 1));
	f.rd_fen = 999999999;    /* 4.99 %: 30 points -> 50 */
	assert_false(eligible("tech_sme", &f, 1));
	f.rd_fen = 1000000000;
	f.staff = 501;           /* 29.9 % S&T: 16 + 40 = 56, and over 500 staff */
	assert_false(eligible("tech_sme", &f, 1));
	f.staff = 500;
	f.revenue_fen = 20000000001LL; /* 200 M + 0.01 yuan */
	assert_false(eligible("tech_sme", &f, 1));
	f.revenue_fen = 20000000000LL;
	/* S&T staff score 0 disqualifies whatever the total */
	f.st_staff = 49;         /* 9.8 % */
	f.ip_class1 = 1;         /* 0 + 40 + 30 = 70 */
	assert_true(metric("tech_sme", &f, 1, "score") == 70);
	assert_false(eligible("tech_sme", &f, 1));
}

static struct ent_facts hightech(int64_t revenue_fen, int64_t rd_fen, const char *founded)
{
	struct ent_facts f = facts(2023);
	f.staff = 100;
	f.st_staff = 10;         /* 10 %: at the edge */
	f.ip_class2 = 1;
	f.rd_china_pct = 60;
	f.hightech_rev_pct = 60;
	f.founded_on = founded;
	f.revenue_fen = revenue_fen;
	f.rd_fen = rd_fen;
	return f;
}

static void test_high_tech_bands(void **state)
{
	/* <= 50 M: 5 %; 50-200 M: 4 %; > 200 M: 3 % (one year of facts = the actual years) */
	struct ent_facts f = hightech(5000000000LL, 250000000LL, "2022-06-01");
	assert_true(eligible("high_tech", &f, 1));
	f.rd_fen = 249999999;
	assert_false(eligible("high_tech", &f, 1));
	f = hightech(5000000001LL, 200000001LL, "2022-06-01"); /* just over 50 M: 4 % suffices */
	assert_true(eligible("high_tech", &f, 1));
	f = hightech(20000000000LL, 800000000LL, "2022-06-01"); /* 200 M: 4 % */
	assert_true(eligible("high_tech", &f, 1));
	f.rd_fen = 799999999;
	assert_false(eligible("high_tech", &f, 1));
	f = hightech(20000000001LL, 600000001LL, "2022-06-01"); /* over 200 M: 3 % */
	assert_true(eligible("high_tech", &f, 1));
	f.rd_fen = 599999999;
	assert_false(eligible("high_tech", &f, 1));
	/* registered >= 1 year; S&T staff >= 10 %; shares >= 60 % */
	f = hightech(5000000000LL, 250000000LL, "2023-01-01");
	assert_false(eligible("high_tech", &f, 1));
	f = hightech(5000000000LL, 250000000LL, "2022-06-01");
	f.st_staff = 9;
	assert_false(eligible("high_tech", &f, 1));
	f.st_staff = 10;
	f.hightech_rev_pct = 59.9;
	assert_false(eligible("high_tech", &f, 1));
	f.hightech_rev_pct = 60;
	f.ip_class2 = 0;
	assert_false(eligible("high_tech", &f, 1));
	/* the 3-year intensity sums the years: 6 % then 4 % then 4.5 % on equal revenue = 4.83 % */
	struct ent_facts h[3] = { hightech(4000000000LL, 240000000LL, "2015-01-01"),
	                          hightech(4000000000LL, 160000000LL, "2015-01-01"),
	                          hightech(4000000000LL, 180000000LL, "2015-01-01") };
	h[0].year = 2021; h[1].year = 2022;
	assert_false(eligible("high_tech", h, 3));
	h[2].rd_fen = 200000000; /* (240+160+200)/1200 = 5 % */
	assert_true(eligible("high_tech", h, 3));
}

static struct ent_facts gazelle(const char *founded, int64_t revenue_fen)
{
	struct ent_facts f = facts(2023);
	f.founded_on = founded;
	f.revenue_fen = revenue_fen;
	f.rd_fen = (revenue_fen + 39) / 40; /* 2.5 %, rounded up to whole fen */
	return f;
}

static void test_gazelle_liaoning(void **state)
{
	/* <= 5 years with >= 500 M; <= 10 years with >= 1 bn; 4-year S&T >= 2.5 % */
	struct ent_facts f = gazelle("2018-01-01", 50000000000LL);
	assert_true(eligible("gazelle", &f, 1));
	f.rd_fen -= 1;
	assert_false(eligible("gazelle", &f, 1));
	f = gazelle("2018-01-01", 49999999999LL);
	assert_false(eligible("gazelle", &f, 1));
	f = gazelle("2017-01-01", 50000000000LL); /* 6 years: needs 1 bn */
	assert_false(eligible("gazelle", &f, 1));
	f = gazelle("2013-01-01", 100000000000LL); /* 10 years, 1 bn */
	assert_true(eligible("gazelle", &f, 1));
	f = gazelle("2012-01-01", 100000000000LL); /* 11 years */
	assert_false(eligible("gazelle", &f, 1));
	/* <= 20 years, revenue CAGR >= 20 % on a base > 10 M: 1.728x in 3 years */
	struct ent_facts h[2] = { gazelle("2003-01-01", 1000000100LL), gazelle("2003-01-01", 1728000173LL) };
	h[0].year = 2020;
	assert_true(eligible("gazelle", h, 2));
	h[0].revenue_fen = 1000000000LL; /* base exactly 10 M: not > 10 M */
	h[1].revenue_fen = 1728000000LL;
	assert_false(eligible("gazelle", h, 2));
	/* or one VC round >= 10 M yuan */
	f = gazelle("2003-01-01", 100000000LL);
	f.vc_round_fen = 1000000000LL;
	assert_true(eligible("gazelle", &f, 1));
	f.vc_round_fen = 999999999LL;
	assert_false(eligible("gazelle", &f, 1));
}

static struct ent_facts giant(int64_t revenue_fen, int64_t rd_fen)
{
	struct ent_facts h = facts(2023);
	h.founded_on = "2015-01-01";
	h.main_business_pct = 70;
	h.assets_fen = 1000;
	h.liabilities_fen = 700;  /* 70 % */
	h.niche_share_pct = 10;
	h.rd_institution = 1;
	h.ip_class1 = 2;
	h.revenue_fen = revenue_fen;
	h.rd_fen = rd_fen;
	return h;
}

static void test_little_giant(void **state)
{
	/* main business growing >= 5 %/yr: 3-year CAGR from the facts of 2020 */
	struct ent_facts h[2] = { giant(8638375985LL, 0), giant(10000000001LL, 300000001LL) };
	h[0].year = 2020;
	assert_true(eligible("little_giant", h, 2));        /* > 100 M, 3 % */
	h[1].rd_fen = 300000000 - 1;
	assert_false(eligible("little_giant", h, 2));
	h[1] = giant(10000000000LL, 600000000LL);           /* 100 M: the 6 % band */
	h[0].revenue_fen = 8638375985LL;
	assert_true(eligible("little_giant", h, 2));
	h[1].rd_fen = 599999999;
	assert_false(eligible("little_giant", h, 2));
	h[1] = giant(10000000001LL, 300000001LL);
	h[1].liabilities_fen = 701;                         /* debt ratio 70.1 % */
	assert_false(eligible("little_giant", h, 2));
	h[1].liabilities_fen = 700;
	h[1].ip_class1 = 1;
	assert_false(eligible("little_giant", h, 2));
}

static void test_unicorns(void **state)
{
	struct ent_facts f = facts(2023);
	f.founded_on = "2013-05-01";   /* 10 years */
	f.listed = 0;
	f.valuation_usd = 1000000001;
	assert_true(eligible("unicorn", &f, 1));
	f.valuation_usd = 1000000000;  /* "> USD 1 bn" */
	assert_false(eligible("unicorn", &f, 1));
	f.valuation_usd = 2000000000;
	f.listed = 1;
	assert_false(eligible("unicorn", &f, 1));
	f.listed = 0;
	f.founded_on = "2012-05-01";   /* 11 years */
	assert_false(eligible("unicorn", &f, 1));
	/* potential: < 5 years and >= USD 50 M; 5-9 years and USD 100 M - 1 bn */
	f.founded_on = "2019-01-01";   /* 4 */
	f.valuation_usd = 50000000;
	assert_true(eligible("potential_unicorn", &f, 1));
	f.valuation_usd = 49999999;
	assert_false(eligible("potential_unicorn", &f, 1));
	f.founded_on = "2018-01-01";   /* 5: needs 100 M */
	f.valuation_usd = 99999999;
	assert_false(eligible("potential_unicorn", &f, 1));
	f.valuation_usd = 100000000;
	assert_true(eligible("potential_unicorn", &f, 1));
	f.founded_on = "2014-01-01";   /* 9 */
	f.valuation_usd = 999999999;
	assert_true(eligible("potential_unicorn", &f, 1));
	f.founded_on = "2013-01-01";   /* 10 */
	assert_false(eligible("potential_unicorn", &f, 1));
}

/* A region's own thresholds take precedence, newest version first, within validity. */
static void test_rule_choice(void **state)
{
	struct tier_criterion c[] = { { 0, "revenue", ">=", 1 } };
	struct tier_rule dl = { .tier = "gazelle", .region_code = "210200", .valid_from = "2023-01-01",
	                        .source = "Dalian", .crit = c, .ncrit = 1 };
	struct tb_field_error fe;
	struct tier_rule *all;
	int n;
	static const char *const dalian[] = { "210200", "210000", NULL };
	static const char *const shenyang[] = { "210100", "210000", NULL };
	static const char *const beijing[] = { "110000", NULL };
	assert_int_equal(tier_rule_create(st, &dl, 0, &fe), TB_OK);
	assert_int_equal(tier_rule_create(st, &dl, 0, &fe), TB_OK);
	assert_int_equal(dl.version, 2);
	assert_int_equal(store_tier_rule_list(st, &A, NULL, NULL, &all, &n), TB_OK);
	const struct tier_rule *r = tier_rule_for(all, n, "gazelle", dalian, "2023-12-31");
	assert_string_equal(r->region_code, "210200");
	assert_int_equal(r->version, 2);
	assert_string_equal(tier_rule_for(all, n, "gazelle", shenyang, "2023-12-31")->region_code, "210000");
	assert_null(tier_rule_for(all, n, "gazelle", dalian, "2019-12-31"));  /* before any validity */
	assert_null(tier_rule_for(all, n, "gazelle", beijing, "2023-12-31")); /* no national gazelle rule */
	assert_string_equal(tier_rule_for(all, n, "unicorn", beijing, "2023-12-31")->region_code, "100000");
	assert_int_equal(tier_rule_end(st, dl.id, "2023-06-30", 0, &fe), TB_OK);
	assert_int_equal(store_tier_rule_list(st, &A, NULL, NULL, &all, &n), TB_OK);
	assert_int_equal(tier_rule_for(all, n, "gazelle", dalian, "2023-12-31")->version, 1);
	/* rules are validated */
	struct tier_criterion bad[] = { { 0, "turnover", ">=", 1 } };
	dl.crit = bad;
	assert_int_equal(tier_rule_create(st, &dl, 0, &fe), TB_EINVAL);
	assert_string_equal(fe.field, "criteria");
	dl.crit = c;
	dl.region_code = "2102";
	assert_int_equal(tier_rule_create(st, &dl, 0, &fe), TB_EINVAL);
	assert_string_equal(fe.field, "region_code");
}

static void test_facts_validation(void **state)
{
	struct tb_field_error fe;
	struct ent_facts f = facts(2023);
	assert_int_equal(tier_facts_validate(&f, &fe), TB_OK);
	f.revenue_fen = -100;
	assert_int_equal(tier_facts_validate(&f, &fe), TB_EINVAL);
	assert_string_equal(fe.field, "revenue");
	f = facts(2023);
	f.staff = 10;
	f.st_staff = 11;
	assert_int_equal(tier_facts_validate(&f, &fe), TB_EINVAL);
	assert_string_equal(fe.field, "st_staff");
	f = facts(2023);
	f.hightech_rev_pct = 100.5;
	assert_int_equal(tier_facts_validate(&f, &fe), TB_EINVAL);
	assert_string_equal(fe.field, "hightech_rev_pct");
	f = facts(2023);
	f.source = NULL;
	assert_int_equal(tier_facts_validate(&f, &fe), TB_EINVAL);
	assert_string_equal(fe.field, "source");
	f = facts(2023);
	f.founded_on = "2024-01-01";
	assert_int_equal(tier_facts_validate(&f, &fe), TB_EINVAL);
	assert_string_equal(fe.field, "founded_on");
}

/* The example: R&D intensity 3.2 % where 4.0 % is needed. */
static void test_gap_text(void **state)
{
	struct tier_criterion c[] = { { 0, "rd_intensity", ">=", 4 } };
	struct tier_rule r = { .tier = "little_giant", .region_code = "100000", .valid_from = "2020-01-01",
	                       .crit = c, .ncrit = 1 };
	struct ent_facts f = facts(2023);
	struct tier_eval ev;
	f.revenue_fen = 15000000000LL; /* 150 M yuan */
	f.rd_fen = 480000000LL;        /* 4.8 M yuan = 3.2 % */
	assert_int_equal(tier_evaluate(&A, &r, &f, 1, 2023, &ev), TB_OK);
	assert_false(ev.eligible);
	assert_int_equal(ev.nfails, 1);
	assert_string_equal(ev.fails[0].gap_en,
	                    "R&D intensity 3.2 %, needs 4.0 %: +1.2 M yuan R&D at this revenue");
	assert_string_equal(ev.fails[0].gap_zh,
	                    "研发强度 3.2 %，需 4.0 %：按当前收入需增加研发投入 120.0 万元");
	assert_true(ev.max_rel_gap > 0.199 && ev.max_rel_gap < 0.201);
	f.rd_fen = -1;
	assert_int_equal(tier_evaluate(&A, &r, &f, 1, 2023, &ev), TB_OK);
	assert_string_equal(ev.fails[0].gap_en, "R&D intensity: not reported");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tech_sme_bands),
		cmocka_unit_test(test_tech_sme_eligibility),
		cmocka_unit_test(test_high_tech_bands),
		cmocka_unit_test(test_gazelle_liaoning),
		cmocka_unit_test(test_little_giant),
		cmocka_unit_test(test_unicorns),
		cmocka_unit_test(test_rule_choice),
		cmocka_unit_test(test_facts_validation),
		cmocka_unit_test(test_gap_text),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}

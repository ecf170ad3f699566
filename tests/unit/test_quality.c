/* test_quality.c - the listing quality score (domain/quality.c, issue #16).
 * Guards against the defect found by the outside check: an achievement titled
 * "空" with no abstract, field or contact went draft -> submitted ->
 * published, and `ip_status: granted` with no patents was accepted. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "domain/catalog.h"
#include "domain/quality.h"

static const struct quality_item *item(const struct quality_report *r, const char *code)
{
	for (int i = 0; i < r->n; i++)
		if (!strcmp(r->items[i].code, code))
			return &r->items[i];
	fail_msg("no item %s", code);
	return NULL;
}

static void good_achievement(struct achievement *a)
{
	memset(a, 0, sizeof(*a));
	a->title_zh = "高效低成本钠离子电池正极材料";
	a->abstract_zh = "针对储能电站中锂资源成本高的问题，本成果提出了一种基于层状氧化物的钠离子电池正极材料。"
	                 "与磷酸铁锂电池相比，循环寿命提高20%，综合成本降低30%。"
	                 "已建成中试线，并在3家企业开展示范应用（TRL 7）。"
	                 "可通过许可方式与沈阳及周边储能企业合作推广。";
	a->field = "新能源";
	a->keywords = "钠离子电池,正极材料,储能";
	a->trl = 7;
	a->ip_status = "granted";
	a->patents = "ZL202110000001.X";
	a->modes = MODE_LICENCE;
	a->owner_org_id = 1;
	a->contact_name = "王工";
	a->contact_email = "wang@example.cn";
}

/* The listing of the outside check scores 10 (only "IP consistent") and is not ready. */
static void empty_listing_scores_low(void **state)
{
	struct achievement a;
	struct quality_report r;
	(void)state;
	memset(&a, 0, sizeof(a));
	a.title_zh = "空";
	a.ip_status = "none";
	quality_achievement(&a, &r);
	assert_int_equal(r.score, 10);
	assert_int_equal(r.threshold, QUALITY_THRESHOLD);
	assert_false(r.ready);
	assert_false(item(&r, "title")->ok);
	assert_true(item(&r, "title")->blocking);
	assert_false(item(&r, "field")->ok);
	assert_false(item(&r, "abstract_length")->ok);
	assert_false(item(&r, "contact")->ok);
	assert_true(item(&r, "ip_consistent")->ok);
	assert_string_equal(item(&r, "contact")->field, "contact.email");
	/* every item speaks both languages */
	for (int i = 0; i < r.n; i++) {
		assert_non_null(r.items[i].zh);
		assert_non_null(r.items[i].en);
	}
}

static void complete_listing_scores_full(void **state)
{
	struct achievement a;
	struct quality_report r;
	int total = 0;
	(void)state;
	good_achievement(&a);
	quality_achievement(&a, &r);
	for (int i = 0; i < r.n; i++)
		total += r.items[i].points;
	assert_int_equal(total, 100);
	assert_int_equal(r.score, 100);
	assert_true(r.ready);
}

/* Benefit without figures, no route to market: 75, still ready (>= 60);
 * dropping the contact makes it not ready although the score stays 70. */
static void blocking_item_refuses_whatever_the_score(void **state)
{
	struct achievement a;
	struct quality_report r;
	(void)state;
	good_achievement(&a);
	a.abstract_zh = "针对储能电站中锂资源成本高的问题，本成果提出了一种基于层状氧化物的钠离子电池正极材料，"
	                "性能优良，具有良好的前景。已完成实验室样机验证（TRL 5）。进一步的工作正在进行。";
	quality_achievement(&a, &r);
	assert_false(item(&r, "benefit_numbers")->ok);
	assert_false(item(&r, "route_to_market")->ok);
	assert_int_equal(r.score, 75);
	assert_true(r.ready);
	a.contact_name = NULL;
	quality_achievement(&a, &r);
	assert_int_equal(r.score, 70);
	assert_false(r.ready);
}

/* ip_status granted with no patent: not consistent, not ready, and refused on save. */
static void granted_without_patents(void **state)
{
	struct achievement a;
	struct quality_report r;
	struct catalog_errors errs;
	(void)state;
	good_achievement(&a);
	a.patents = NULL;
	quality_achievement(&a, &r);
	assert_false(item(&r, "ip_consistent")->ok);
	assert_int_equal(r.score, 90);
	assert_false(r.ready);
	assert_int_equal(achievement_check(&a, &errs), TB_EINVAL);
	assert_int_equal(errs.n, 1);
	assert_string_equal(errs.e[0].field, "patents");
	a.ip_status = "none";
	assert_int_equal(achievement_check(&a, &errs), TB_OK);
}

static void demand_rules(void **state)
{
	struct demand d;
	struct quality_report r;
	(void)state;
	memset(&d, 0, sizeof(d));
	d.title_zh = "数控机床主轴热变形补偿";
	d.desc_zh = "我单位主要面向数控机床领域，现有主轴存在热变形大等问题，制约了产品竞争力。"
	            "希望与高校合作，采用实时补偿等技术路线，目标使加工精度提高30%以上。";
	d.field = "智能制造";
	d.keywords = "数控机床,热变形,补偿";
	d.budget_min = 500000;
	d.budget_max = 2000000;
	d.deadline = "2027-06-30";
	d.trl_min = 5;
	d.contact_name = "李工";
	d.contact_phone = "024-12345678";
	quality_demand(&d, &r);
	assert_int_equal(r.score, 100);
	assert_true(r.ready);
	d.budget_min = d.budget_max = -1;
	d.deadline = NULL;
	d.desc_zh = "需要热变形补偿。";
	quality_demand(&d, &r);
	/* title 10 + field 10 + solution 5 + keywords 5 + contact 10 */
	assert_int_equal(r.score, 40);
	assert_false(r.ready);
	assert_false(item(&r, "desc_length")->ok);
	assert_false(item(&r, "target_numbers")->ok);
}

static void probes(void **state)
{
	(void)state;
	assert_true(quality_has_figure("能耗降低20%"));
	assert_true(quality_has_figure("it is 3.5 times faster"));
	assert_true(quality_has_figure("效率提高2倍"));
	assert_false(quality_has_figure("version 2 of the design"));
	assert_false(quality_has_figure(NULL));
	assert_int_equal(quality_sentences("一。二！三？"), 3);
	assert_int_equal(quality_sentences("Costs 3.5 yuan. It works."), 2);
	assert_int_equal(quality_sentences("no punctuation"), 1);
	assert_int_equal(quality_sentences(""), 0);
}

/* The threshold itself: every blocking item met, the optional ones adding up
 * to exactly 60 is ready, to 55 is not. Guards against the threshold lowered
 * (60 -> 50) or turned exclusive (`<=`): no other test scored a listing
 * between 50 and 60 or exactly at it (issue #19 mutation check). */
static void threshold_is_sixty_inclusive(void **state)
{
	struct demand d;
	struct quality_report r;
	(void)state;
	memset(&d, 0, sizeof(d));
	d.title_zh = "数控机床主轴热变形补偿";
	d.field = "装备制造";
	/* one sentence, no figures, at least 60 characters */
	d.desc_zh = "我单位主要面向数控机床领域现有主轴存在热变形大的问题制约了产品竞争力希望寻求成熟可靠的"
	            "热变形补偿技术并与高校或科研院所开展长期合作共同推进产业化应用和示范推广工作";
	d.budget_min = -1;
	d.budget_max = -1;
	d.contact_name = "李工";
	d.contact_email = "li@example.cn";
	d.deadline = "2031-03-31";
	d.trl_min = 6; /* solution_kind */
	quality_demand(&d, &r);
	assert_false(item(&r, "desc_structure")->ok);
	assert_false(item(&r, "target_numbers")->ok);
	assert_false(item(&r, "budget")->ok);
	assert_false(item(&r, "keywords")->ok);
	assert_int_equal(r.threshold, 60);
	assert_int_equal(r.score, 60);
	assert_true(r.ready);
	d.trl_min = 0; /* 55: one item short */
	quality_demand(&d, &r);
	assert_int_equal(r.score, 55);
	assert_false(r.ready);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(empty_listing_scores_low),
		cmocka_unit_test(complete_listing_scores_full),
		cmocka_unit_test(blocking_item_refuses_whatever_the_score),
		cmocka_unit_test(granted_without_patents),
		cmocka_unit_test(demand_rules),
		cmocka_unit_test(probes),
		cmocka_unit_test(threshold_is_sixty_inclusive),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

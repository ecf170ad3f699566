/* tier.c - name tables of the enterprise tiers and of the metrics their rules
 * may test, with the labels users see in both languages. */
#include "model/tier.h"
#include <string.h>

const struct tier_name tier_names[] = {
	{ "tech_sme", "科技型中小企业", "tech-based SME" },
	{ "high_tech", "高新技术企业", "high-tech enterprise" },
	{ "gazelle", "瞪羚企业", "gazelle enterprise" },
	{ "little_giant", "专精特新\"小巨人\"", "\"little giant\"" },
	{ "potential_unicorn", "潜在独角兽企业", "potential unicorn" },
	{ "unicorn", "独角兽企业", "unicorn" },
	{ NULL, NULL, NULL },
};

const struct tier_metric tier_metrics[] = {
	{ "staff", "职工总数", "staff", "" },
	{ "st_staff_share", "科技人员占比", "S&T staff share", "%" },
	{ "revenue", "销售收入", "revenue", "yuan" },
	{ "assets", "资产总额", "total assets", "yuan" },
	{ "rd_intensity", "研发强度", "R&D intensity", "%" },
	{ "rd_cost_share", "研发费用占成本费用比", "R&D share of total cost", "%" },
	{ "rd_intensity_3y", "近三年研发强度", "3-year R&D intensity", "%" },
	{ "rd_intensity_4y", "近四年研发强度", "4-year R&D intensity", "%" },
	{ "rd_china_share", "境内研发费用占比", "R&D spent in China", "%" },
	{ "ip_class1", "I类知识产权", "class-I IP", "" },
	{ "ip_class2", "II类知识产权", "class-II IP", "" },
	{ "ip_total", "知识产权总数", "IP items", "" },
	{ "age", "成立年限", "years since founding", "years" },
	{ "valuation_usd", "估值", "valuation", "USD" },
	{ "listed", "已上市", "listed", "" },
	{ "hightech_rev_share", "高新技术产品收入占比", "high-tech product revenue share", "%" },
	{ "main_business_share", "主营业务收入占比", "main-business revenue share", "%" },
	{ "niche_share", "细分市场占有率", "national niche share", "%" },
	{ "debt_ratio", "资产负债率", "debt ratio", "%" },
	{ "rd_institution", "自建研发机构", "own R&D institution", "" },
	{ "revenue_cagr3", "近三年收入复合增长率", "3-year revenue CAGR", "%" },
	{ "revenue_base3", "三年前收入", "revenue three years before", "yuan" },
	{ "staff_cagr3", "近三年职工复合增长率", "3-year staff CAGR", "%" },
	{ "staff_base3", "三年前职工数", "staff three years before", "" },
	{ "vc_round", "单轮风险投资", "largest VC round", "yuan" },
	{ "score", "评价得分", "score", "points" },
	{ "score_st_staff", "科技人员得分", "S&T staff score", "points" },
	{ NULL, NULL, NULL, NULL },
};

const char *const tier_ops[] = { ">=", ">", "<=", "<", "=", NULL };

const struct tier_name *tier_name_find(const char *name)
{
	for (const struct tier_name *t = tier_names; name && t->name; t++)
		if (!strcmp(t->name, name))
			return t;
	return NULL;
}

const struct tier_metric *tier_metric_find(const char *name)
{
	for (const struct tier_metric *m = tier_metrics; name && m->name; m++)
		if (!strcmp(m->name, name))
			return m;
	return NULL;
}

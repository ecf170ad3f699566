/* tier.c - the enterprise-tier engine (tier.h): metrics from annual facts,
 * evaluation of a rule (criteria and score bands read from the store, never
 * constants here), the choice of the rule by region and date, the gap to the
 * next tier in both languages, the bureau's pipeline, and the transactions
 * that write rules, facts, results and certifications. */
#include "domain/tier.h"
#include "domain/account_ops.h"
#include "store/store.h"
#include "core/csv.h"
#include "core/util.h"
#include "domain/contract.h"
#include "domain/indicators.h"
#include "domain/money.h"
#include "model/region.h"
#include <math.h>
#include <stdio.h>
#include <string.h>

#define UNKNOWN_GAP 1e9

void tier_facts_init(struct ent_facts *f)
{
	memset(f, 0, sizeof(*f));
	f->staff = f->st_staff = -1;
	f->revenue_fen = f->total_cost_fen = f->rd_fen = f->assets_fen = -1;
	f->liabilities_fen = f->vc_round_fen = -1;
	f->ip_class1 = f->ip_class2 = f->valuation_usd = -1;
	f->listed = f->rd_institution = -1;
	f->hightech_rev_pct = f->rd_china_pct = f->main_business_pct = f->niche_share_pct = -1;
}

/* ---------------------------------------------------------------- validation */

static int is_date(const char *s)
{
	int y, m, d;
	return s && parse_date(s, &y, &m, &d);
}

static bool metric_ok(const struct tier_rule *r, const char *name)
{
	if (tier_metric_find(name))
		return true;
	/* score_<component>: the score of one component of the rule's bands */
	if (!strncmp(name, "score_", 6))
		for (int i = 0; i < r->nbands; i++)
			if (!strcmp(r->bands[i].component, name + 6))
				return true;
	return false;
}

int tier_rule_validate(const struct tier_rule *r, struct tb_field_error *fe)
{
	if (!tier_name_find(r->tier))
		return tb_fe_code(fe, "tier", "one_of_list", 0, 0,
		                  "tech_sme, high_tech, gazelle, little_giant, potential_unicorn, "
		                  "unicorn",
		                  NULL), TB_EINVAL;
	if (!r->region_code || strlen(r->region_code) != 6 ||
	    strspn(r->region_code, "0123456789") != 6)
		return TB_FE(fe, "region_code", "region_code_format"),
		       TB_EINVAL;
	if (!is_date(r->valid_from))
		return TB_FE(fe, "valid_from", "invalid_date"), TB_EINVAL;
	if (r->valid_to && (!is_date(r->valid_to) || strcmp(r->valid_to, r->valid_from) < 0))
		return TB_FE(fe, "valid_to", "date_before_valid_from"),
		       TB_EINVAL;
	if (r->source && strlen(r->source) > 300)
		return TB_FE_N(fe, "source", "too_long_bytes", 300), TB_EINVAL;
	if (r->ncrit < 1 || r->ncrit > 64)
		return TB_FE_NM(fe, "criteria", "items_range", 1, 64), TB_EINVAL;
	if (r->nbands > 64)
		return TB_FE_N(fe, "bands", "too_many_items", 64), TB_EINVAL;
	for (int i = 0; i < r->nbands; i++) {
		const struct tier_band *b = &r->bands[i];
		if (!b->component || !*b->component || strlen(b->component) > 32)
			return TB_FE_N(fe, "bands", "band_component", i + 1), TB_EINVAL;
		if (!tier_metric_find(b->metric) || !strncmp(b->metric, "score", 5))
			return tb_fe_code(fe, "bands", "band_metric", i + 1, 0, b->metric, NULL),
			       TB_EINVAL;
		if (b->points < 0 || b->points > 100 || !isfinite(b->lower))
			return TB_FE_N(fe, "bands", "band_points", i + 1), TB_EINVAL;
	}
	for (int i = 0; i < r->ncrit; i++) {
		const struct tier_criterion *c = &r->crit[i];
		bool op = false;
		for (int k = 0; tier_ops[k]; k++)
			op = op || (c->op && !strcmp(c->op, tier_ops[k]));
		if (!c->metric || !metric_ok(r, c->metric))
			return tb_fe_code(fe, "criteria", "criterion_metric", i + 1, 0, c->metric, NULL),
			       TB_EINVAL;
		if (!op)
			return TB_FE_N(fe, "criteria", "criterion_op", i + 1), TB_EINVAL;
		if (c->grp < 0 || c->grp > 16 || !isfinite(c->value))
			return TB_FE_N(fe, "criteria", "criterion_group", i + 1), TB_EINVAL;
	}
	return TB_OK;
}

static int pct_field(double v, const char *name, struct tb_field_error *fe)
{
	if (v != -1 && (v < 0 || v > 100 || !isfinite(v)))
		return TB_FE(fe, name, "percentage"), TB_EINVAL;
	return TB_OK;
}

int tier_facts_validate(const struct ent_facts *f, struct tb_field_error *fe)
{
	static const struct { const char *name; size_t off; } money[] = {
		{ "revenue", offsetof(struct ent_facts, revenue_fen) },
		{ "total_cost", offsetof(struct ent_facts, total_cost_fen) },
		{ "rd", offsetof(struct ent_facts, rd_fen) },
		{ "assets", offsetof(struct ent_facts, assets_fen) },
		{ "liabilities", offsetof(struct ent_facts, liabilities_fen) },
		{ "vc_round", offsetof(struct ent_facts, vc_round_fen) },
	};
	static const struct { const char *name; size_t off; } counts[] = {
		{ "staff", offsetof(struct ent_facts, staff) },
		{ "st_staff", offsetof(struct ent_facts, st_staff) },
		{ "ip_class1", offsetof(struct ent_facts, ip_class1) },
		{ "ip_class2", offsetof(struct ent_facts, ip_class2) },
		{ "valuation_usd", offsetof(struct ent_facts, valuation_usd) },
	};
	int y, m, d, rc;
	if (f->org_id <= 0)
		return TB_FE(fe, "org_id", "field_required"), TB_EINVAL;
	if (f->year < 1980 || f->year > 2100)
		return TB_FE(fe, "year", "year_range"), TB_EINVAL;
	if (str_empty(f->source))
		return TB_FE(fe, "source", "source_required"), TB_EINVAL;
	if (strlen(f->source) > 300)
		return TB_FE_N(fe, "source", "too_long_bytes", 300), TB_EINVAL;
	/* -1 is "not reported"; any other negative figure is an error. */
	for (size_t i = 0; i < ARRAY_SIZE(money); i++) {
		int64_t v = *(const int64_t *)((const char *)f + money[i].off);
		if (v < -1)
			return TB_FE(fe, money[i].name, "not_negative"), TB_EINVAL;
		if (v > MONEY_MAX_FEN)
			return TB_FE(fe, money[i].name, "money_too_large"), TB_EINVAL;
	}
	for (size_t i = 0; i < ARRAY_SIZE(counts); i++) {
		int64_t v = *(const int64_t *)((const char *)f + counts[i].off);
		if (v < -1)
			return TB_FE(fe, counts[i].name, "not_negative"), TB_EINVAL;
		if (v > 10000000000000LL)
			return TB_FE(fe, counts[i].name, "implausible"), TB_EINVAL;
	}
	if (f->st_staff >= 0 && f->staff >= 0 && f->st_staff > f->staff)
		return TB_FE(fe, "st_staff", "st_staff_above_staff"), TB_EINVAL;
	if (f->listed < -1 || f->listed > 1)
		return TB_FE(fe, "listed", "zero_or_one"), TB_EINVAL;
	if (f->rd_institution < -1 || f->rd_institution > 1)
		return TB_FE(fe, "rd_institution", "zero_or_one"), TB_EINVAL;
	if ((rc = pct_field(f->hightech_rev_pct, "hightech_rev_pct", fe)) ||
	    (rc = pct_field(f->rd_china_pct, "rd_china_pct", fe)) ||
	    (rc = pct_field(f->main_business_pct, "main_business_pct", fe)) ||
	    (rc = pct_field(f->niche_share_pct, "niche_share_pct", fe)))
		return rc;
	if (f->founded_on) {
		if (!parse_date(f->founded_on, &y, &m, &d))
			return TB_FE(fe, "founded_on", "invalid_date"), TB_EINVAL;
		if (y > f->year)
			return TB_FE(fe, "founded_on", "after_facts_year"), TB_EINVAL;
	}
	return TB_OK;
}

/* ------------------------------------------------------------------- metrics */

static const struct ent_facts *year_facts(const struct ent_facts *h, int n, int year)
{
	for (int i = 0; i < n; i++)
		if (h[i].year == year)
			return &h[i];
	return NULL;
}

/* Sum of rd / sum of revenue over [year - span + 1, year]: the years reported
 * (a firm younger than the span uses its actual years, as the high-tech rules do). */
static int rd_window(const struct ent_facts *h, int n, int year, int span, double *v)
{
	double rd = 0, rev = 0;
	int years = 0;
	for (int y = year - span + 1; y <= year; y++) {
		const struct ent_facts *f = year_facts(h, n, y);
		if (!f || f->rd_fen < 0 || f->revenue_fen < 0)
			continue;
		rd += (double)f->rd_fen;
		rev += (double)f->revenue_fen;
		years++;
	}
	if (!years || rev <= 0 || !year_facts(h, n, year))
		return 0;
	*v = rd * 100.0 / rev;
	return 1;
}

static int cagr3(int64_t now, int64_t base, double *v)
{
	if (now < 0 || base <= 0)
		return 0;
	*v = (pow((double)now / (double)base, 1.0 / 3.0) - 1.0) * 100.0;
	return 1;
}

static int band_score(const struct tier_rule *r, const struct ent_facts *h, int n, int year,
                      const char *component, double *out)
{
	/* Components in order of first appearance; each scores its best band. */
	double total = 0;
	int rc;
	for (int i = 0; i < r->nbands; i++) {
		const char *comp = r->bands[i].component;
		double best = 0;
		bool first = true;
		for (int k = 0; k < i; k++)
			if (!strcmp(r->bands[k].component, comp))
				first = false;
		if (!first || (component && strcmp(component, comp)))
			continue;
		for (int k = i; k < r->nbands; k++) {
			double v;
			int known;
			if (strcmp(r->bands[k].component, comp))
				continue;
			if ((rc = tier_metric(r, h, n, year, r->bands[k].metric, &v, &known)))
				return rc;
			if (known && v >= r->bands[k].lower - 1e-9 && r->bands[k].points > best)
				best = r->bands[k].points;
		}
		total += best;
	}
	*out = total;
	return TB_OK;
}

int tier_metric(const struct tier_rule *r, const struct ent_facts *h, int n, int year,
                const char *name, double *v, int *known)
{
	const struct ent_facts *f = year_facts(h, n, year), *b3 = year_facts(h, n, year - 3);
	int k = 0;
	*known = 0;
	*v = 0;
	if (!strcmp(name, "score"))
		return r->nbands ? (*known = 1, band_score(r, h, n, year, NULL, v)) : TB_OK;
	if (!strncmp(name, "score_", 6))
		return (*known = 1, band_score(r, h, n, year, name + 6, v));
	if (!tier_metric_find(name))
		return TB_EINVAL;
	if (!f)
		return TB_OK;
	if (!strcmp(name, "staff")) { k = f->staff >= 0; *v = (double)f->staff; }
	else if (!strcmp(name, "st_staff_share")) {
		k = f->st_staff >= 0 && f->staff > 0;
		if (k) *v = (double)f->st_staff * 100.0 / (double)f->staff;
	} else if (!strcmp(name, "revenue")) { k = f->revenue_fen >= 0; *v = (double)f->revenue_fen / 100.0; }
	else if (!strcmp(name, "assets")) { k = f->assets_fen >= 0; *v = (double)f->assets_fen / 100.0; }
	else if (!strcmp(name, "rd_intensity")) {
		k = f->rd_fen >= 0 && f->revenue_fen > 0;
		if (k) *v = (double)f->rd_fen * 100.0 / (double)f->revenue_fen;
	} else if (!strcmp(name, "rd_cost_share")) {
		k = f->rd_fen >= 0 && f->total_cost_fen > 0;
		if (k) *v = (double)f->rd_fen * 100.0 / (double)f->total_cost_fen;
	} else if (!strcmp(name, "rd_intensity_3y")) k = rd_window(h, n, year, 3, v);
	else if (!strcmp(name, "rd_intensity_4y")) k = rd_window(h, n, year, 4, v);
	else if (!strcmp(name, "rd_china_share")) { k = f->rd_china_pct >= 0; *v = f->rd_china_pct; }
	else if (!strcmp(name, "ip_class1")) { k = f->ip_class1 >= 0; *v = (double)f->ip_class1; }
	else if (!strcmp(name, "ip_class2")) { k = f->ip_class2 >= 0; *v = (double)f->ip_class2; }
	else if (!strcmp(name, "ip_total")) {
		k = f->ip_class1 >= 0 || f->ip_class2 >= 0;
		*v = (double)(f->ip_class1 > 0 ? f->ip_class1 : 0) + (double)(f->ip_class2 > 0 ? f->ip_class2 : 0);
	} else if (!strcmp(name, "age")) {
		int y, m, d;
		/* Completed calendar years at the end of the year of the facts. */
		k = f->founded_on && parse_date(f->founded_on, &y, &m, &d);
		if (k) *v = (double)(year - y);
	} else if (!strcmp(name, "valuation_usd")) { k = f->valuation_usd >= 0; *v = (double)f->valuation_usd; }
	else if (!strcmp(name, "listed")) { k = f->listed >= 0; *v = f->listed; }
	else if (!strcmp(name, "rd_institution")) { k = f->rd_institution >= 0; *v = f->rd_institution; }
	else if (!strcmp(name, "hightech_rev_share")) { k = f->hightech_rev_pct >= 0; *v = f->hightech_rev_pct; }
	else if (!strcmp(name, "main_business_share")) { k = f->main_business_pct >= 0; *v = f->main_business_pct; }
	else if (!strcmp(name, "niche_share")) { k = f->niche_share_pct >= 0; *v = f->niche_share_pct; }
	else if (!strcmp(name, "debt_ratio")) {
		k = f->liabilities_fen >= 0 && f->assets_fen > 0;
		if (k) *v = (double)f->liabilities_fen * 100.0 / (double)f->assets_fen;
	} else if (!strcmp(name, "revenue_cagr3")) k = b3 && cagr3(f->revenue_fen, b3->revenue_fen, v);
	else if (!strcmp(name, "revenue_base3")) { k = b3 && b3->revenue_fen >= 0; if (k) *v = (double)b3->revenue_fen / 100.0; }
	else if (!strcmp(name, "staff_cagr3")) k = b3 && cagr3(f->staff, b3->staff, v);
	else if (!strcmp(name, "staff_base3")) { k = b3 && b3->staff >= 0; if (k) *v = (double)b3->staff; }
	else if (!strcmp(name, "vc_round")) { k = f->vc_round_fen >= 0; *v = (double)f->vc_round_fen / 100.0; }
	*known = k;
	return TB_OK;
}

/* Comparisons tolerate rounding of computed shares (6 * 100 / 100 is 6 here,
 * but a 3-year sum need not be); the band edges of the tests sit on them. */
static bool holds(double v, const char *op, double t)
{
	double eps = 1e-12 * (fabs(t) > 1 ? fabs(t) : 1);
	if (!strcmp(op, ">=")) return v >= t - eps;
	if (!strcmp(op, ">")) return v > t + eps;
	if (!strcmp(op, "<=")) return v <= t + eps;
	if (!strcmp(op, "<")) return v < t - eps;
	return fabs(v - t) <= eps;
}

/* ---- the explanation of a failing check, in both languages */

static void fmt_val(struct arena *a, const struct tier_metric *m, double v, const char **zh,
                    const char **en)
{
	if (!strcmp(m->unit, "%")) {
		*zh = *en = arena_printf(a, "%.1f %%", v);
	} else if (!strcmp(m->unit, "yuan")) {
		*zh = arena_printf(a, "%.1f 万元", v / 1e4);
		*en = arena_printf(a, "%.2f M yuan", v / 1e6);
	} else if (!strcmp(m->unit, "USD")) {
		*zh = arena_printf(a, "%.0f 万美元", v / 1e4);
		*en = arena_printf(a, "USD %.1f M", v / 1e6);
	} else if (!strcmp(m->unit, "years")) {
		*zh = arena_printf(a, "%.0f 年", v);
		*en = arena_printf(a, "%.0f years", v);
	} else if (!strcmp(m->unit, "points")) {
		*zh = arena_printf(a, "%.0f 分", v);
		*en = arena_printf(a, "%.0f points", v);
	} else {
		*zh = *en = arena_printf(a, "%.0f", v);
	}
}

static const char *op_en(const char *op)
{
	return !strcmp(op, ">") ? "more than " : !strcmp(op, "<=") ? "at most " : !strcmp(op, "<") ? "less than " : "";
}
static const char *op_zh(const char *op)
{
	return !strcmp(op, ">") ? "高于 " : !strcmp(op, "<=") ? "不超过 " : !strcmp(op, "<") ? "低于 " : "";
}

/* R&D and revenue summed over the window of an rd_intensity metric (1, 3 or 4 years). */
static int rd_sums(const struct ent_facts *h, int n, int year, const char *metric, double *rd,
                   double *rev)
{
	int span = !strcmp(metric, "rd_intensity") ? 1 : !strcmp(metric, "rd_intensity_3y") ? 3
	         : !strcmp(metric, "rd_intensity_4y") ? 4 : 0;
	*rd = *rev = 0;
	for (int y = year - span + 1; span && y <= year; y++) {
		const struct ent_facts *f = year_facts(h, n, y);
		if (!f || f->rd_fen < 0 || f->revenue_fen < 0)
			continue;
		*rd += (double)f->rd_fen / 100.0;
		*rev += (double)f->revenue_fen / 100.0;
	}
	return span && *rev > 0;
}

static void explain(struct arena *a, const struct ent_facts *h, int n, int year, struct tier_check *k)
{
	const struct tier_criterion *c = k->c;
	struct tier_metric score = { c->metric, "评价得分", "score", "points" };
	const struct tier_metric *m = tier_metric_find(c->metric);
	const char *vz, *ve, *tz, *te;
	double rd, rev;
	if (!m) {
		/* score_<component> */
		score.zh = arena_printf(a, "%s 得分", c->metric + 6);
		score.en = arena_printf(a, "%s score", c->metric + 6);
		m = &score;
	}
	if (!k->known) {
		k->gap_zh = arena_printf(a, "%s：未填报", m->zh);
		k->gap_en = arena_printf(a, "%s: not reported", m->en);
		return;
	}
	fmt_val(a, m, k->value, &vz, &ve);
	fmt_val(a, m, c->value, &tz, &te);
	if (c->op[0] == '>' && rd_sums(h, n, year, c->metric, &rd, &rev)) {
		/* The money it takes: threshold x revenue of the window - R&D spent in it. */
		double need = c->value / 100.0 * rev - rd;
		k->gap_zh = arena_printf(a, "%s %s，需 %s%s：按当前收入需增加研发投入 %.1f 万元", m->zh, vz,
		                         op_zh(c->op), tz, need / 1e4);
		k->gap_en = arena_printf(a, "%s %s, needs %s%s: +%.1f M yuan R&D at this revenue", m->en,
		                         ve, op_en(c->op), te, need / 1e6);
		return;
	}
	k->gap_zh = arena_printf(a, "%s %s，需 %s%s", m->zh, vz, op_zh(c->op), tz);
	k->gap_en = arena_printf(a, "%s %s, needs %s%s", m->en, ve, op_en(c->op), te);
}

int tier_evaluate(struct arena *a, const struct tier_rule *r, const struct ent_facts *h, int n,
                  int year, struct tier_eval *out)
{
	struct tier_check *checks;
	int maxgrp = 0, rc, best = 0, best_fails = 0;
	double best_gap = 0;
	bool g0_ok = true;

	memset(out, 0, sizeof(*out));
	out->rule = r;
	out->score = -1;
	if (r->nbands && (rc = band_score(r, h, n, year, NULL, &out->score)))
		return rc;
	if (!(checks = arena_alloc(a, sizeof(*checks) * (size_t)(r->ncrit ? r->ncrit : 1))))
		return TB_ENOMEM;
	for (int i = 0; i < r->ncrit; i++) {
		struct tier_check *k = &checks[i];
		k->c = &r->crit[i];
		if ((rc = tier_metric(r, h, n, year, k->c->metric, &k->value, &k->known)))
			return rc;
		k->ok = k->known && holds(k->value, k->c->op, k->c->value);
		if (!k->ok) {
			double t = fabs(k->c->value);
			k->rel_gap = !k->known ? UNKNOWN_GAP
			           : t > 0 ? fabs(k->c->value - k->value) / t : UNKNOWN_GAP;
		}
		if (k->c->grp > maxgrp)
			maxgrp = k->c->grp;
		if (k->c->grp == 0 && !k->ok)
			g0_ok = false;
	}
	/* Alternatives: the one that holds, else the closest (fewest unknowns,
	 * then the smallest largest shortfall). */
	for (int g = 1; g <= maxgrp; g++) {
		double gap = 0;
		int fails = 0, present = 0;
		for (int i = 0; i < r->ncrit; i++) {
			if (checks[i].c->grp != g)
				continue;
			present = 1;
			if (!checks[i].ok) {
				fails++;
				if (checks[i].rel_gap > gap)
					gap = checks[i].rel_gap;
			}
		}
		if (!present)
			continue;
		if (!best || gap < best_gap || (gap == best_gap && fails < best_fails)) {
			best = g;
			best_gap = gap;
			best_fails = fails;
		}
	}
	out->grp = best;
	out->eligible = g0_ok && (!best || best_fails == 0);
	if (!(out->fails = arena_alloc(a, sizeof(*out->fails) * (size_t)(r->ncrit ? r->ncrit : 1))))
		return TB_ENOMEM;
	for (int i = 0; i < r->ncrit; i++) {
		struct tier_check *k = &checks[i];
		if (k->ok || (k->c->grp != 0 && k->c->grp != best))
			continue;
		explain(a, h, n, year, k);
		if (k->rel_gap > out->max_rel_gap)
			out->max_rel_gap = k->rel_gap;
		out->fails[out->nfails++] = *k;
	}
	return TB_OK;
}

const struct tier_rule *tier_rule_for(const struct tier_rule *rules, int n, const char *tier,
                                      const char *const *codes, const char *date)
{
	const struct tier_rule *best = NULL;
	int best_rank = 1000;
	for (int i = 0; i < n; i++) {
		const struct tier_rule *r = &rules[i];
		int rank = -1;
		if (strcmp(r->tier, tier) || strcmp(r->valid_from, date) > 0 ||
		    (r->valid_to && strcmp(r->valid_to, date) < 0))
			continue;
		for (int k = 0; codes && codes[k]; k++)
			if (!strcmp(codes[k], r->region_code)) {
				rank = k;
				break;
			}
		if (rank < 0 && !strcmp(r->region_code, TIER_NATIONAL))
			rank = 999;
		if (rank < 0)
			continue;
		if (rank < best_rank || (rank == best_rank && r->version > best->version)) {
			best = r;
			best_rank = rank;
		}
	}
	return best;
}

/* ------------------------------------------------------------------ services */

int tier_rules(struct store *st, struct arena *a, const char *tier, const char *region_code,
               struct tier_rule **out, int *n)
{
	return store_tier_rule_list(st, a, tier, region_code, out, n);
}

int tier_collection_count(struct store *st, const char *name, int64_t *count)
{
	return store_collection_count(st, name, count);
}

static int audit(struct store *st, int64_t actor, const char *action, const char *resource,
                 int64_t id, const char *detail)
{
	return audit_ok(st, actor, actor > 0 ? NULL : "system", NULL, resource, action, id, detail);
}

/* Runs the write in one transaction: commit on TB_OK, roll back otherwise. */
static int finish(struct store *st, int rc)
{
	if (rc) {
		store_rollback(st);
		return rc;
	}
	return store_commit(st);
}

int tier_rule_create(struct store *st, struct tier_rule *r, int64_t actor,
                     struct tb_field_error *fe)
{
	char detail[96];
	int rc;
	if ((rc = tier_rule_validate(r, fe)))
		return rc;
	if ((rc = store_begin(st)))
		return rc;
	rc = store_tier_rule_insert(st, r);
	snprintf(detail, sizeof(detail), "%s %s v%d", r->tier, r->region_code, r->version);
	if (!rc)
		rc = audit(st, actor, "create", "tier_rule", r->id, detail);
	return finish(st, rc);
}

int tier_rule_end(struct store *st, int64_t id, const char *valid_to, int64_t actor,
                  struct tb_field_error *fe)
{
	struct arena a;
	struct tier_rule r;
	int rc;
	if (!is_date(valid_to))
		return TB_FE(fe, "valid_to", "invalid_date"), TB_EINVAL;
	arena_init(&a, 1 << 16);
	if ((rc = store_begin(st)))
		goto out;
	rc = store_tier_rule_get(st, &a, id, &r);
	if (!rc && strcmp(valid_to, r.valid_from) < 0) {
		TB_FE_S(fe, "valid_to", "before_rule_valid_from", r.valid_from);
		rc = TB_EINVAL;
	}
	if (!rc)
		rc = store_tier_rule_retire(st, id, valid_to);
	if (!rc)
		rc = audit(st, actor, "retire", "tier_rule", id, valid_to);
	rc = finish(st, rc);
out:
	arena_release(&a);
	return rc;
}

static int check_enterprise(struct store *st, struct arena *a, int64_t org_id,
                            struct tb_field_error *fe)
{
	struct org o;
	int rc = store_org_get(st, a, org_id, &o);
	if (rc == TB_ENOTFOUND)
		return TB_FE(fe, "org_id", "no_such_org"), TB_EINVAL;
	if (!rc && strcmp(o.kind, "enterprise"))
		return tb_fe_code(fe, "org_id", "not_enterprise", org_id, 0, o.kind, NULL),
		       TB_EINVAL;
	return rc;
}

int tier_facts_record(struct store *st, struct arena *a, const struct ent_facts *f, int64_t actor,
                      struct tb_field_error *fe)
{
	int rc;
	if ((rc = tier_facts_validate(f, fe)))
		return rc;
	if ((rc = store_begin(st)))
		return rc;
	rc = check_enterprise(st, a, f->org_id, fe);
	if (!rc)
		rc = store_facts_put(st, f);
	if (!rc)
		rc = audit(st, actor, "facts", "enterprise", f->org_id, arena_printf(a, "year %d", f->year));
	return finish(st, rc);
}

/* ---- CSV import */

const char *const tier_fact_columns[] = {
	"org_id", "org", "year", "staff", "st_staff", "revenue", "total_cost", "rd", "assets",
	"liabilities", "vc_round", "ip_class1", "ip_class2", "valuation_usd", "listed",
	"rd_institution", "hightech_rev_pct", "rd_china_pct", "main_business_pct", "niche_share_pct",
	"founded_on", "source", NULL,
};

static void import_err(struct tier_import_report *rep, long line, const char *field, const char *msg)
{
	rep->total_errors++;
	if (rep->nerrors >= TIER_IMPORT_MAX_ERRORS)
		return;
	struct tier_import_error *e = &rep->errors[rep->nerrors++];
	e->line = line;
	snprintf(e->field, sizeof(e->field), "%s", field ? field : "");
	snprintf(e->message, sizeof(e->message), "%s", msg);
}

/* One cell into the facts; a message naming what is wrong, or NULL. */
const char *tier_fact_set(struct store *st, struct arena *a, struct ent_facts *f, const char *col,
                          const char *v)
{
	int64_t i;
	double d;
	if (!*v)
		return NULL;  /* empty = not reported */
	if (!strcmp(col, "org_id"))
		return parse_i64(v, &f->org_id) && f->org_id > 0 ? NULL : "must be an organisation id";
	if (!strcmp(col, "org")) {
		struct org o;
		if (store_org_find_by_name(st, a, v, &o))
			return arena_printf(a, "unknown organisation '%s'", v);
		f->org_id = o.id;
		return NULL;
	}
	if (!strcmp(col, "year"))
		return parse_i64(v, &i) && i >= 1980 && i <= 2100 ? (f->year = (int)i, NULL)
		                                                  : "must be a year 1980..2100";
	if (!strcmp(col, "founded_on")) {
		f->founded_on = arena_strdup(a, v);
		return NULL;
	}
	if (!strcmp(col, "source")) {
		f->source = arena_strdup(a, v);
		return NULL;
	}
#define MONEY(name, member)                                                                       \
	if (!strcmp(col, name)) {                                                                     \
		if (v[0] == '-')                                                                          \
			return "must not be negative";                                                        \
		return money_parse_yuan(v, &f->member) ? NULL : "must be an amount in yuan (at most 2 decimals)"; \
	}
	MONEY("revenue", revenue_fen) MONEY("total_cost", total_cost_fen) MONEY("rd", rd_fen)
	MONEY("assets", assets_fen) MONEY("liabilities", liabilities_fen) MONEY("vc_round", vc_round_fen)
#undef MONEY
#define COUNT(name, member)                                                                       \
	if (!strcmp(col, name)) {                                                                     \
		if (!parse_i64(v, &i))                                                                    \
			return "must be a whole number";                                                      \
		if (i < 0)                                                                                \
			return "must not be negative";                                                        \
		f->member = i;                                                                            \
		return NULL;                                                                              \
	}
	COUNT("staff", staff) COUNT("st_staff", st_staff) COUNT("ip_class1", ip_class1)
	COUNT("ip_class2", ip_class2) COUNT("valuation_usd", valuation_usd)
#undef COUNT
	if (!strcmp(col, "listed") || !strcmp(col, "rd_institution")) {
		int b = !strcmp(v, "1") || !strcmp(v, "yes") || !strcmp(v, "true") ? 1
		      : !strcmp(v, "0") || !strcmp(v, "no") || !strcmp(v, "false") ? 0 : -2;
		if (b < 0)
			return "must be 0 or 1";
		*(col[0] == 'l' ? &f->listed : &f->rd_institution) = b;
		return NULL;
	}
	if (strcmp(col, "hightech_rev_pct") && strcmp(col, "rd_china_pct") &&
	    strcmp(col, "main_business_pct") && strcmp(col, "niche_share_pct"))
		return "unknown column";
	/* the percentages */
	if (!parse_double(v, &d))
		return "must be a number";
	if (d < 0 || d > 100)
		return "must be a percentage between 0 and 100";
	if (!strcmp(col, "hightech_rev_pct")) f->hightech_rev_pct = d;
	else if (!strcmp(col, "rd_china_pct")) f->rd_china_pct = d;
	else if (!strcmp(col, "main_business_pct")) f->main_business_pct = d;
	else f->niche_share_pct = d;
	return NULL;
}

int tier_facts_import_csv(struct store *st, struct arena *a, const char *csv, size_t len,
                          int64_t actor, struct tier_import_report *rep)
{
	struct csv_reader r;
	const char *const *fields;
	const char **hdr = NULL;
	int n, nh = 0, rc;
	struct tb_field_error fe;

	memset(rep, 0, sizeof(*rep));
	if (!(rep->errors = arena_alloc(a, sizeof(*rep->errors) * TIER_IMPORT_MAX_ERRORS)))
		return TB_ENOMEM;
	csv_init_mem(&r, csv, len);
	if ((rc = store_begin(st))) {
		csv_release(&r);
		return rc;
	}
	while ((rc = csv_next(&r, &fields, &n)) == TB_OK) {
		long line = csv_line(&r);
		if (!hdr) {
			if (!(hdr = arena_alloc(a, sizeof(*hdr) * (size_t)n))) {
				rc = TB_ENOMEM;
				break;
			}
			nh = n;
			for (int i = 0; i < n; i++) {
				bool known = false;
				for (int k = 0; tier_fact_columns[k]; k++)
					known = known || !strcmp(fields[i], tier_fact_columns[k]);
				if (!known)
					import_err(rep, line, fields[i], "unknown column");
				hdr[i] = arena_strdup(a, fields[i]);
			}
			continue;
		}
		if (n != nh) {
			import_err(rep, line, "", arena_printf(a, "the row has %d fields but the header has %d",
			                                       n, nh));
			continue;
		}
		struct ent_facts f;
		const char *bad = NULL, *badcol = NULL;
		tier_facts_init(&f);
		for (int i = 0; i < n && !bad; i++) {
			bad = tier_fact_set(st, a, &f, hdr[i], fields[i]);
			badcol = hdr[i];
		}
		if (bad) {
			import_err(rep, line, badcol, bad);
			continue;
		}
		memset(&fe, 0, sizeof(fe));
		if ((rc = tier_facts_validate(&f, &fe)) == TB_OK)
			rc = check_enterprise(st, a, f.org_id, &fe);
		if (rc == TB_EINVAL) {
			import_err(rep, line, fe.field, fe.message);
			rc = TB_OK;
			continue;
		}
		if (rc || (rc = store_facts_put(st, &f)))
			break;
		rep->rows++;
	}
	if (rc == TB_ENOTFOUND)
		rc = TB_OK; /* end of input */
	else if (rc == TB_EINVAL || rc == TB_ETOOBIG)
		import_err(rep, csv_line(&r), "", csv_error(&r));
	csv_release(&r);
	if (!rc && !hdr)
		import_err(rep, 1, "", "the file is empty (a header row is required)");
	if (!rc && rep->total_errors) {
		rep->rows = 0;
		store_rollback(st);
		return TB_EINVAL;
	}
	if (!rc)
		rc = audit(st, actor, "import", "enterprise_facts", 0,
		           arena_printf(a, "%ld rows", rep->rows));
	return finish(st, rc);
}

/* ---- evaluation */

/* The region codes of an enterprise, most specific first. */
static void org_codes(struct store *st, struct arena *a, int64_t org_id, const char **codes)
{
	struct org o;
	int k = 0;
	if (store_org_get(st, a, org_id, &o) == TB_OK) {
		const struct city *c = o.city ? region_city_by_zh(region_city_canonical(o.city)) : NULL;
		const struct ind_unit *u = c ? ind_unit_for(c->zh, o.district) : NULL;
		if (o.region_code)
			codes[k++] = o.region_code;
		if (u)
			codes[k++] = u->code;
		if (c)
			codes[k++] = c->code;
		if (c || (o.province && region_in_province(o.city ? o.city : "")))
			codes[k++] = IND_PROVINCE_CODE;
	}
	codes[k] = NULL;
}

static int org_facts(const struct ent_facts *all, int n, int64_t org, int *first)
{
	int i = *first, cnt = 0;
	while (i < n && all[i].org_id == org) {
		i++;
		cnt++;
	}
	return cnt;
}

int tier_evaluate_year(struct store *st, struct arena *a, int year, int64_t org_id, int64_t actor,
                       int *enterprises, int *results)
{
	struct tier_rule *rules;
	struct ent_facts *all;
	int nrules, nall, rc;
	const char *date = arena_printf(a, "%04d-12-31", year);

	*enterprises = *results = 0;
	if ((rc = store_begin(st)))
		return rc;
	if ((rc = store_tier_rule_list(st, a, NULL, NULL, &rules, &nrules)) ||
	    (rc = store_facts_list(st, a, org_id, 0, &all, &nall)))
		goto out;
	for (int i = 0; i < nall;) {
		int cnt = org_facts(all, nall, all[i].org_id, &i);
		const char *codes[6];
		if (!year_facts(&all[i], cnt, year)) {
			i += cnt;
			continue;
		}
		org_codes(st, a, all[i].org_id, codes);
		(*enterprises)++;
		for (const struct tier_name *t = tier_names; t->name; t++) {
			const struct tier_rule *r = tier_rule_for(rules, nrules, t->name, codes, date);
			struct tier_eval ev;
			struct tier_result res;
			if (!r)
				continue;
			if ((rc = tier_evaluate(a, r, &all[i], cnt, year, &ev)))
				goto out;
			res = (struct tier_result){ all[i].org_id, year, t->name, r->id, r->version,
			                            ev.eligible, ev.score, NULL };
			if ((rc = store_tier_result_put(st, &res)))
				goto out;
			(*results)++;
		}
		i += cnt;
	}
	rc = audit(st, actor, "evaluate", "tier", org_id,
	           arena_printf(a, "year %d: %d enterprises, %d results", year, *enterprises, *results));
out:
	return finish(st, rc);
}

int tier_status(struct store *st, struct arena *a, int64_t org_id, int year,
                struct tier_standing **out, int *n)
{
	struct tier_rule *rules;
	struct ent_facts *hist;
	struct tier_cert *certs;
	struct tier_standing *v;
	const char *codes[6];
	int nrules, nhist, ncert, rc, cnt = 0, top = -1;
	const char *date = arena_printf(a, "%04d-12-31", year);

	if ((rc = store_tier_rule_list(st, a, NULL, NULL, &rules, &nrules)) ||
	    (rc = store_facts_list(st, a, org_id, 0, &hist, &nhist)) ||
	    (rc = store_tier_cert_list(st, a, &(struct cert_query){ org_id, NULL, year, NULL, -1, 0 },
	                               &certs, &ncert, NULL)))
		return rc;
	if (!year_facts(hist, nhist, year))
		return TB_ENOTFOUND;
	org_codes(st, a, org_id, codes);
	if (!(v = arena_alloc(a, sizeof(*v) * 16)))
		return TB_ENOMEM;
	for (const struct tier_name *t = tier_names; t->name; t++) {
		const struct tier_rule *r = tier_rule_for(rules, nrules, t->name, codes, date);
		if (!r)
			continue;
		v[cnt].tier = t->name;
		if ((rc = tier_evaluate(a, r, hist, nhist, year, &v[cnt].ev)))
			return rc;
		for (int k = 0; k < ncert; k++)
			if (!strcmp(certs[k].tier, t->name))
				v[cnt].certified = 1;
		if (v[cnt].ev.eligible || v[cnt].certified)
			top = cnt;
		cnt++;
	}
	/* Next: the first tier above the highest one held (eligible or certified). */
	for (int k = top + 1; k < cnt; k++)
		if (!v[k].ev.eligible) {
			v[k].next = 1;
			break;
		}
	*out = v;
	*n = cnt;
	return TB_OK;
}

int tier_pipeline(struct store *st, struct arena *a, int year, struct tier_pipe_row **out, int *n)
{
	struct tier_rule *rules;
	struct ent_facts *all;
	struct tier_pipe_row *rows;
	int nrules, nall, rc, nt = 0;
	const char *date = arena_printf(a, "%04d-12-31", year);

	for (const struct tier_name *t = tier_names; t->name; t++)
		nt++;
	if ((rc = store_tier_rule_list(st, a, NULL, NULL, &rules, &nrules)) ||
	    (rc = store_facts_list(st, a, 0, 0, &all, &nall)))
		return rc;
	if (!(rows = arena_alloc(a, sizeof(*rows) * (size_t)nt)))
		return TB_ENOMEM;
	for (int t = 0; t < nt; t++) {
		rows[t].tier = tier_names[t].name;
		/* every criterion of every rule of the tier may be met: one slot per criterion */
		for (int k = 0; k < nrules; k++)
			if (!strcmp(rules[k].tier, rows[t].tier))
				rows[t].ncrit += rules[k].ncrit;
		rows[t].crit = arena_alloc(a, sizeof(*rows[t].crit) * (size_t)(rows[t].ncrit + 1));
		rows[t].near_orgs = arena_alloc(a, sizeof(int64_t) * (size_t)(nall + 1));
		if (!rows[t].crit || !rows[t].near_orgs)
			return TB_ENOMEM;
		rows[t].ncrit = 0;
	}
	for (int i = 0; i < nall;) {
		int cnt = org_facts(all, nall, all[i].org_id, &i);
		const char *codes[6];
		if (!year_facts(&all[i], cnt, year)) {
			i += cnt;
			continue;
		}
		org_codes(st, a, all[i].org_id, codes);
		for (int t = 0; t < nt; t++) {
			struct tier_pipe_row *row = &rows[t];
			const struct tier_rule *r = tier_rule_for(rules, nrules, row->tier, codes, date);
			struct tier_eval ev;
			if (!r)
				continue;
			if ((rc = tier_evaluate(a, r, &all[i], cnt, year, &ev)))
				return rc;
			row->evaluated++;
			if (ev.eligible) {
				row->eligible++;
				continue;
			}
			if (ev.max_rel_gap * 100.0 <= TIER_NEAR_PCT + 1e-9) {
				row->near++;
				row->near_orgs[row->nnear++] = all[i].org_id;
			}
			for (int k = 0; k < ev.nfails; k++) {
				int slot = -1;
				if (ev.fails[k].rel_gap * 100.0 > TIER_NEAR_PCT + 1e-9)
					continue;
				for (int s = 0; s < row->ncrit; s++)
					if (row->crit[s].c == ev.fails[k].c)
						slot = s;
				if (slot < 0) {
					slot = row->ncrit++;
					row->crit[slot].c = ev.fails[k].c;
					row->crit[slot].near = 0;
				}
				row->crit[slot].near++;
			}
		}
		i += cnt;
	}
	*out = rows;
	*n = nt;
	return TB_OK;
}

int tier_cert_record(struct store *st, const struct tier_cert *c, int64_t actor,
                     struct tb_field_error *fe)
{
	struct arena a;
	struct org o;
	char detail[64];
	int rc;
	if (!tier_name_find(c->tier))
		return tb_fe_code(fe, "tier", "one_of_list", 0, 0,
		                  "tech_sme, high_tech, gazelle, little_giant, potential_unicorn, "
		                  "unicorn",
		                  NULL), TB_EINVAL;
	if (c->year < 1980 || c->year > 2100)
		return TB_FE(fe, "year", "year_range"), TB_EINVAL;
	if (c->valid_from && !is_date(c->valid_from))
		return TB_FE(fe, "valid_from", "invalid_date"), TB_EINVAL;
	if (c->valid_to && (!is_date(c->valid_to) ||
	                    (c->valid_from && strcmp(c->valid_to, c->valid_from) < 0)))
		return TB_FE(fe, "valid_to", "date_before_valid_from"),
		       TB_EINVAL;
	arena_init(&a, 1 << 14);
	if ((rc = store_begin(st)))
		goto out;
	rc = store_org_get(st, &a, c->org_id, &o);
	if (rc == TB_ENOTFOUND) {
		TB_FE(fe, "org_id", "no_such_org");
		rc = TB_EINVAL;
	}
	if (!rc)
		rc = store_tier_cert_put(st, c);
	snprintf(detail, sizeof(detail), "%s %d", c->tier, c->year);
	if (!rc)
		rc = audit(st, actor, "certify", "enterprise", c->org_id, detail);
	rc = finish(st, rc);
out:
	arena_release(&a);
	return rc;
}

int tier_rule_get(struct store *st, struct arena *a, int64_t id, struct tier_rule *out)
{
	return store_tier_rule_get(st, a, id, out);
}

int tier_facts_list(struct store *st, struct arena *a, int64_t org_id, int year,
                    struct ent_facts **out, int *n)
{
	return store_facts_list(st, a, org_id, year, out, n);
}

int tier_result_list(struct store *st, struct arena *a, int64_t org_id, int year,
                     const char *tier, struct tier_result **out, int *n)
{
	return store_tier_result_list(st, a, org_id, year, tier, out, n);
}

int tier_cert_list(struct store *st, struct arena *a, int64_t org_id, const char *tier, int year,
                   const struct ind_region *region, int limit, int offset,
                   struct tier_cert **out, int *n, int64_t *total)
{
	struct ach_region_filter f;
	struct cert_query cq = { org_id, tier, year, NULL, limit, offset };
	if (region) {
		ind_owner_filter(region, &f);
		cq.region = &f;
	}
	return store_tier_cert_list(st, a, &cq, out, n, total);
}

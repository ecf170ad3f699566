/* quality.c - the listing quality rules (domain/quality.h): a table per kind
 * of what an industry reader needs (shared/domain.md: listings are declined
 * as "too early, benefit unclear, route to market unclear, vague"), scored
 * so that an author sees, item by item, what to add before submitting. */
#include "domain/quality.h"
#include "core/util.h"
#include <ctype.h>
#include <string.h>

static long chars(const char *s)
{
	long n = s ? utf8_len(s, strlen(s)) : 0;
	return n < 0 ? 0 : n;
}

int quality_sentences(const char *s)
{
	static const char *const ends[] = { "。", "！", "？", "；", NULL };
	int n = 0;
	for (const char *p = s; p && *p; p++) {
		if ((*p == '.' || *p == '!' || *p == '?') && (p[1] == ' ' || p[1] == '\0' || p[1] == '\n')) {
			/* "3.5" is not a sentence end: the dot must be followed by space or end */
			n++;
			continue;
		}
		for (int i = 0; ends[i]; i++)
			if (!strncmp(p, ends[i], strlen(ends[i]))) {
				n++;
				break;
			}
	}
	/* A text that does not end with punctuation still has its last sentence. */
	if (s && *s && n == 0)
		n = 1;
	return n;
}

bool quality_has_figure(const char *s)
{
	static const char *const units[] = { "%", "％", "倍", "个百分点", "times", "-fold", "fold",
	                                     "percent", "x ", NULL };
	const char *p = s;
	while (p && *p) {
		if (!isdigit((unsigned char)*p)) {
			p++;
			continue;
		}
		while (isdigit((unsigned char)*p) || *p == '.' || *p == ',')
			p++;
		while (*p == ' ')
			p++;
		for (int i = 0; units[i]; i++)
			if (!strncmp(p, units[i], strlen(units[i])))
				return true;
	}
	return false;
}

/* Case-insensitive for ASCII words; Chinese words match as bytes. */
bool quality_has_any(const char *s, const char *const *words)
{
	if (!s)
		return false;
	for (int i = 0; words[i]; i++) {
		size_t wl = strlen(words[i]);
		for (const char *p = s; *p; p++) {
			size_t k = 0;
			while (k < wl && p[k] && tolower((unsigned char)p[k]) == (unsigned char)words[i][k])
				k++;
			if (k == wl)
				return true;
		}
	}
	return false;
}

static const char *const comparison_words[] = {
	"相比", "比", "提高", "降低", "提升", "减少", "缩短", "节约", "优于", "than", "compared",
	"raise", "lower", "improv", "reduc", "increas", "cut", "saves", "faster", NULL
};
static const char *const market_words[] = {
	"应用", "推广", "市场", "产业化", "客户", "企业", "合作", "许可", "转让", "market", "customer",
	"compan", "licen", "deploy", "offered", "commerciali", "industr", NULL
};
static const char *const evidence_words[] = {
	"验证", "试验", "测试", "样机", "中试", "示范", "小试", "量产", "规模化", "trl", "prototype",
	"pilot", "test", "trial", "validat", "proof", "production", NULL
};

static int keyword_count(const char *csv)
{
	int n = 0;
	if (str_empty(csv))
		return 0;
	for (const char *p = csv; *p; p++)
		n += *p == ',';
	return n + 1;
}

static bool email_ok(const char *s)
{
	const char *at = s ? strchr(s, '@') : NULL;
	return at && at != s && strchr(at, '.') && !strchr(s, ' ');
}

static bool phone_ok(const char *s)
{
	int digits = 0;
	for (const char *p = s; p && *p; p++)
		digits += isdigit((unsigned char)*p) != 0;
	return digits >= 7;
}

static void add(struct quality_report *r, const char *code, const char *field, int points,
                bool blocking, bool ok, const char *zh, const char *en)
{
	struct quality_item *it;
	if (r->n >= QUALITY_MAX_ITEMS)
		return;
	it = &r->items[r->n++];
	*it = (struct quality_item){ code, field, points, blocking, ok, zh, en };
}

static void finish(struct quality_report *r)
{
	r->score = 0;
	r->ready = true;
	r->threshold = QUALITY_THRESHOLD;
	for (int i = 0; i < r->n; i++) {
		if (r->items[i].ok)
			r->score += r->items[i].points;
		else if (r->items[i].blocking)
			r->ready = false;
	}
	if (r->score < r->threshold)
		r->ready = false;
}

/* The joined text of both languages, for the probes that accept either. */
static bool either(const char *zh, const char *en, bool (*probe)(const char *))
{
	return probe(zh) || probe(en);
}

static bool has_comparison(const char *s)
{
	return quality_has_figure(s) && quality_has_any(s, comparison_words);
}

void quality_achievement(const struct achievement *x, struct quality_report *r)
{
	const char *zh = x->abstract_zh, *en = x->abstract_en;
	bool granted = x->ip_status && (!strcmp(x->ip_status, "granted") ||
	                                 !strcmp(x->ip_status, "pending"));
	bool has_patents = !str_empty(x->patents);
	int sentences = quality_sentences(zh) > quality_sentences(en) ? quality_sentences(zh)
	                                                               : quality_sentences(en);

	memset(r, 0, sizeof(*r));
	add(r, "title", "title_zh", 10, true, chars(x->title_zh) >= 4 || chars(x->title_en) >= 10,
	    "填写能说明成果内容的标题（中文至少4个字）",
	    "Give a title that says what the result is (at least 4 Chinese or 10 English characters)");
	add(r, "field", "field", 10, true, !str_empty(x->field),
	    "选择所属技术领域", "Choose the technical field");
	add(r, "abstract_length", "abstract_zh", 15, true, chars(zh) >= 80 || chars(en) >= 240,
	    "补充摘要：至少80个汉字（或240个英文字符）",
	    "Write an abstract of at least 80 Chinese (or 240 English) characters");
	add(r, "abstract_structure", "abstract_zh", 10, false, sentences >= 3,
	    "摘要分句写出：解决的问题、技术方案、成熟度与应用（至少3句）",
	    "Structure the abstract: problem, solution, maturity and use (at least 3 sentences)");
	add(r, "benefit_numbers", "abstract_zh", 15, false, either(zh, en, has_comparison),
	    "用数字说明相对现有技术的优势（如“能耗降低20%”）",
	    "State the benefit over the incumbent with numbers (e.g. \"20% less energy\")");
	add(r, "route_to_market", "abstract_zh", 10, false,
	    quality_has_any(zh, market_words) || quality_has_any(en, market_words),
	    "说明应用场景与推广路径（面向哪些企业、以何种方式合作）",
	    "Say how it reaches the market (which companies, what kind of deal)");
	add(r, "trl_evidence", "trl", 10, false,
	    x->trl >= 1 && (quality_has_any(zh, evidence_words) || quality_has_any(en, evidence_words)),
	    "给出成熟度（TRL）及其证据：验证、样机、中试或应用情况",
	    "Give the TRL and its evidence: validation, prototype, pilot or use");
	add(r, "keywords", "keywords", 5, false, keyword_count(x->keywords) >= 3,
	    "至少填写3个关键词", "Give at least 3 keywords");
	add(r, "ip_consistent", "patents", 10, true, granted ? has_patents : true,
	    "知识产权状态为已授权或申请中时，须列出专利号",
	    "List the patent numbers when the IP status is granted or pending");
	add(r, "contact", "contact.email", 5, true,
	    !str_empty(x->contact_name) && (email_ok(x->contact_email) || phone_ok(x->contact_phone)),
	    "填写联系人姓名及有效的电子邮箱或电话",
	    "Give a contact name and a valid e-mail address or phone number");
	finish(r);
}

static bool has_figure(const char *s) { return quality_has_figure(s); }

void quality_demand(const struct demand *x, struct quality_report *r)
{
	const char *zh = x->desc_zh, *en = x->desc_en;
	int sentences = quality_sentences(zh) > quality_sentences(en) ? quality_sentences(zh)
	                                                               : quality_sentences(en);

	memset(r, 0, sizeof(*r));
	add(r, "title", "title_zh", 10, true, chars(x->title_zh) >= 4 || chars(x->title_en) >= 10,
	    "填写能说明需求内容的标题（中文至少4个字）",
	    "Give a title that says what is needed (at least 4 Chinese or 10 English characters)");
	add(r, "field", "field", 10, true, !str_empty(x->field),
	    "选择所属技术领域", "Choose the technical field");
	add(r, "desc_length", "desc_zh", 15, true, chars(zh) >= 60 || chars(en) >= 180,
	    "补充需求描述：至少60个汉字（或180个英文字符）",
	    "Describe the need in at least 60 Chinese (or 180 English) characters");
	add(r, "desc_structure", "desc_zh", 10, false, sentences >= 2,
	    "分句写出现状、问题和期望的技术路线（至少2句）",
	    "Describe the current state, the problem and the wanted approach (at least 2 sentences)");
	add(r, "target_numbers", "desc_zh", 15, false, either(zh, en, has_figure),
	    "用数字写出目标指标（如“良率提高到98%”）",
	    "State the target with numbers (e.g. \"yield up to 98%\")");
	add(r, "budget", "budget_min", 10, false, x->budget_min >= 0 || x->budget_max >= 0,
	    "给出预算范围", "Give a budget range");
	add(r, "deadline", "deadline", 10, false, !str_empty(x->deadline),
	    "给出截止日期", "Give a deadline");
	add(r, "solution_kind", "trl_min", 5, false, x->trl_min > 0 || x->modes != 0,
	    "说明可接受的成熟度或合作方式", "Say the maturity or the kinds of deal you accept");
	add(r, "keywords", "keywords", 5, false, keyword_count(x->keywords) >= 3,
	    "至少填写3个关键词", "Give at least 3 keywords");
	add(r, "contact", "contact.email", 10, true,
	    !str_empty(x->contact_name) && (email_ok(x->contact_email) || phone_ok(x->contact_phone)),
	    "填写联系人姓名及有效的电子邮箱或电话",
	    "Give a contact name and a valid e-mail address or phone number");
	finish(r);
}

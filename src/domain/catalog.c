/* catalog.c - rules for achievements and demands: enumerations, keyword
 * normalisation, and field-by-field validation with messages users can act on. */
#include "domain/catalog.h"
#include "domain/money.h"
#include "core/util.h"
#include <stdio.h>
#include <string.h>

bool modes_parse(const char *csv, unsigned *mask, const char **bad)
{
	/* the American spelling is accepted too */
	return names_mask_parse(csv, mode_names, "license", MODE_LICENCE, mask, bad);
}

/* Separators: ASCII , ; and the full-width ， ； 、 */
static size_t sep_len(const char *p)
{
	if (*p == ',' || *p == ';' || *p == '\n')
		return 1;
	if (!strncmp(p, "，", 3) || !strncmp(p, "；", 3) || !strncmp(p, "、", 3))
		return 3;
	return 0;
}

int keywords_normalize(const char *in, char *out, size_t outsz, int max, struct tb_field_error *fe,
                       const char *field)
{
	size_t o = 0;
	int count = 0;
	const char *p = in;

	out[0] = '\0';
	while (p && *p) {
		const char *start = p, *end;
		size_t n;
		while (*p && !sep_len(p))
			p++;
		end = p;
		if (*p)
			p += sep_len(p);
		while (start < end && (*start == ' ' || *start == '\t'))
			start++;
		while (end > start && (end[-1] == ' ' || end[-1] == '\t'))
			end--;
		n = (size_t)(end - start);
		if (!n)
			continue;
		if (n > 60)
			return TB_FE_N(fe, field, "keyword_too_long", 60), TB_EINVAL;
		/* dedupe */
		{
			int dup = 0;
			const char *q = out;
			while (*q) {
				const char *c = strchr(q, ',');
				size_t ql = c ? (size_t)(c - q) : strlen(q);
				if (ql == n && !strncmp(q, start, n))
					dup = 1;
				q = c ? c + 1 : q + ql;
			}
			if (dup)
				continue;
		}
		if (++count > max)
			return TB_FE_N(fe, field, "too_many_keywords", (long long)(max)), TB_EINVAL;
		if (o + n + 2 > outsz)
			return TB_FE(fe, field, "list_too_long"), TB_EINVAL;
		if (o)
			out[o++] = ',';
		memcpy(out + o, start, n);
		o += n;
		out[o] = '\0';
	}
	return TB_OK;
}

/* A coded error (issue #16): the API and CLI render it in the caller's language. */
static void add_code(struct catalog_errors *errs, const char *field, const char *code, long long n,
                     long long m, const char *s)
{
	if (errs->n >= CATALOG_MAX_ERRORS)
		return;
	tb_fe_code(&errs->e[errs->n++], field, code, n, m, s, NULL);
}

/* Validation collects every failing field (one message per field), so a form
 * can show them all at once instead of one per submit. */
static void check_text(const char *s, const char *field, size_t max_chars,
                       struct catalog_errors *errs)
{
	long n;
	if (!s)
		return;
	n = utf8_len(s, strlen(s));
	if (n < 0)
		add_code(errs, field, "invalid_utf8", 0, 0, NULL);
	else if ((size_t)n > max_chars)
		add_code(errs, field, "too_long", (long long)(max_chars), 0, NULL);
}

static void check_email(const char *s, const char *field, struct catalog_errors *errs)
{
	const char *at;
	if (!s)
		return;
	at = strchr(s, '@');
	if (!at || at == s || !strchr(at, '.') || strchr(s, ' ') || strlen(s) > 254)
		add_code(errs, field, "invalid_email", 0, 0, NULL);
}

/* The first error into fe (callers that answer one field), TB_EINVAL if any. */
static int first_error(const struct catalog_errors *errs, struct tb_field_error *fe)
{
	if (!errs->n)
		return TB_OK;
	if (fe)
		*fe = errs->e[0];
	return TB_EINVAL;
}

/* The plain fields of a record (model/catalog.h): length or range only. */
static void check_plain(const struct plain_field *f, const void *rec, struct catalog_errors *errs)
{
	const char *p = rec;
	for (; f->name; f++) {
		if (f->type == PLAIN_TEXT)
			check_text(*(const char *const *)(p + f->off), f->name, (size_t)f->max, errs);
		else if (*(const int *)(p + f->off) < 0 || *(const int *)(p + f->off) > f->max)
			add_code(errs, f->name, "int_range", 0, f->max, NULL);
	}
}

/* The titles (one at least) and the long texts (fields zh, en) both kinds
 * have, checked in the order their errors are listed. */
static void check_texts(const char *title_zh, const char *title_en, const char *zh,
                        const char *long_zh, const char *en, const char *long_en,
                        struct catalog_errors *errs)
{
	if (str_empty(title_zh) && str_empty(title_en))
		add_code(errs, "title_zh", "title_required", 0, 0, NULL);
	check_text(title_zh, "title_zh", 200, errs);
	check_text(title_en, "title_en", 300, errs);
	check_text(long_zh, zh, 20000, errs);
	check_text(long_en, en, 40000, errs);
}

/* The contact and the keywords both kinds have. */
static void check_contact(const char *name, const char *email, const char *phone,
                          const char *keywords, struct catalog_errors *errs)
{
	check_text(name, "contact_name", 64, errs);
	check_email(email, "contact_email", errs);
	check_text(phone, "contact_phone", 32, errs);
	check_text(keywords, "keywords", 400, errs);
}

int achievement_check(const struct achievement *a, struct catalog_errors *errs)
{
	errs->n = 0;
	check_texts(a->title_zh, a->title_en, "abstract_zh", a->abstract_zh, "abstract_en",
	            a->abstract_en, errs);
	check_plain(ach_plain_fields, a, errs);
	check_contact(a->contact_name, a->contact_email, a->contact_phone, a->keywords, errs);
	check_text(a->patents, "patents", 2000, errs);
	if (a->reg_no && (strlen(a->reg_no) != 12 || strspn(a->reg_no, "0123456789") != 12))
		add_code(errs, "reg_no", "reg_no_format", 0, 0, NULL);
	if (a->trl < 1 || a->trl > 9)
		add_code(errs, "trl", "int_range", 1, 9, NULL);
	if (a->modes == 0 || a->modes > MODE_ALL)
		add_code(errs, "modes", "modes_required", 0, 0, NULL);
	if (!(a->price >= 0 || a->price == PRICE_NEGOTIABLE))
		add_code(errs, "price", "invalid_price", 0, 0, NULL);
	else if (a->price > (double)MONEY_MAX_YUAN)
		add_code(errs, "price", "money_too_large", 0, 0, NULL);
	if (a->ip_status && !name_in(ip_statuses, a->ip_status))
		add_code(errs, "ip_status", "one_of", 0, 0, "none, pending or granted");
	else if (a->ip_status && strcmp(a->ip_status, "none") && str_empty(a->patents))
		/* Issue #16: "granted" with no patent was accepted; the claim must be checkable. */
		add_code(errs, "patents", "patents_required", 0, 0, a->ip_status);
	if (a->attribute && !name_in(ach_attributes, a->attribute))
		add_code(errs, "attribute", "one_of", 0, 0,
		         "original, imported_absorbed or secondary");
	if (a->owner_org_id <= 0)
		add_code(errs, "owner_org_id", "field_required", 0, 0, NULL);
	if (a->status && !name_in(ach_statuses, a->status))
		add_code(errs, "status", "unknown_status", 0, 0, NULL);
	return errs->n ? TB_EINVAL : TB_OK;
}

int achievement_validate(const struct achievement *a, struct tb_field_error *fe)
{
	struct catalog_errors errs;
	achievement_check(a, &errs);
	return first_error(&errs, fe);
}

int demand_check(const struct demand *d, struct catalog_errors *errs)
{
	struct tb_field_error fe;
	errs->n = 0;
	check_texts(d->title_zh, d->title_en, "desc_zh", d->desc_zh, "desc_en", d->desc_en, errs);
	check_plain(dem_plain_fields, d, errs);
	check_text(d->region, "region", 64, errs);
	check_contact(d->contact_name, d->contact_email, d->contact_phone, d->keywords, errs);
	if (str_empty(d->desc_zh) && str_empty(d->desc_en))
		add_code(errs, "desc_zh", "desc_required", 0, 0, NULL);
	if (d->budget_min > (double)MONEY_MAX_YUAN)
		add_code(errs, "budget_min", "money_too_large", 0, 0, NULL);
	else if (d->budget_max > (double)MONEY_MAX_YUAN)
		add_code(errs, "budget_max", "money_too_large", 0, 0, NULL);
	else if (catalog_check_range(d->budget_min, d->budget_max, "budget_min", "budget_max", &fe))
		if (errs->n < CATALOG_MAX_ERRORS)
			errs->e[errs->n++] = fe;
	if (d->deadline && !parse_date(d->deadline, NULL, NULL, NULL))
		add_code(errs, "deadline", "invalid_date", 0, 0, NULL);
	if (d->trl_min < 0 || d->trl_min > 9)
		add_code(errs, "trl_min", "trl_min_range", 0, 0, NULL);
	if (d->modes > MODE_ALL)
		add_code(errs, "modes", "unknown_mode", 0, 0, NULL);
	if (d->org_id <= 0)
		add_code(errs, "org_id", "field_required", 0, 0, NULL);
	if (d->status && !name_in(demand_statuses, d->status))
		add_code(errs, "status", "unknown_status", 0, 0, NULL);
	return errs->n ? TB_EINVAL : TB_OK;
}

int demand_validate(const struct demand *d, struct tb_field_error *fe)
{
	struct catalog_errors errs;
	demand_check(d, &errs);
	return first_error(&errs, fe);
}

int catalog_check_range(double lo, double hi, const char *lo_field, const char *hi_field,
                        struct tb_field_error *fe)
{
	if (lo >= 0 && hi >= 0 && lo > hi)
		return TB_FE_S(fe, lo_field, "min_exceeds_max", hi_field), TB_EINVAL;
	return TB_OK;
}

int catalog_check_deadline(const char *deadline, const char *today, struct tb_field_error *fe)
{
	/* Both are YYYY-MM-DD, so byte order is date order. */
	if (deadline && today && parse_date(deadline, NULL, NULL, NULL) && strcmp(deadline, today) < 0)
		return TB_FE_S(fe, "deadline", "date_past", today),
		       TB_EINVAL;
	return TB_OK;
}

int catalog_check_reason(const char *reason, struct tb_field_error *fe)
{
	long n = reason ? utf8_len(reason, strlen(reason)) : 0;
	if (n < 0)
		return TB_FE(fe, "reason", "invalid_utf8"), TB_EINVAL;
	if (n > CATALOG_REASON_MAX)
		return TB_FE_N(fe, "reason", "too_long", (long long)(CATALOG_REASON_MAX)),
		       TB_EINVAL;
	return TB_OK;
}

/* Status machine. Reviewers publish or return submitted items; owners
 * submit drafts, withdraw, and (demands) close. Who may do each is the
 * policy's business (api/policy.c); this table says only what is possible. */
const char *catalog_transition(int is_ach, const char *from, const char *action)
{
	static const struct { const char *from, *action, *to; int side; /* 1 ach, 2 dem, 3 both */ } t[] = {
		{ "draft", "submit", "submitted", 3 },
		{ "submitted", "publish", "published", 3 },
		{ "draft", "publish", "published", 3 },      /* reviewers/admins may publish directly */
		{ "submitted", "return", "draft", 3 },
		{ "draft", "withdraw", "withdrawn", 3 },
		{ "submitted", "withdraw", "withdrawn", 3 },
		{ "published", "withdraw", "withdrawn", 3 },
		{ "withdrawn", "submit", "submitted", 3 },     /* renewal goes through review again */
		{ "published", "commercialise", "commercialised", 1 },
		{ "published", "close", "closed", 2 },
		/* Issue #16: the life cycle expires listings (domain/lifecycle.c) and
		 * renews them (POST /renew); an owner may still take one down. */
		{ "expired", "withdraw", "withdrawn", 3 },
	};
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if ((t[i].side & (is_ach ? 1 : 2)) && !strcmp(t[i].from, from) && !strcmp(t[i].action, action))
			return t[i].to;
	return NULL;
}

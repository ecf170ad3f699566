/* contract.c - technology-contract rules: types and subtypes (Civil Code art.
 * 843), registration-number format, party and amount checks, status
 * transitions, and exact yuan <-> fen conversion. */
#include "domain/contract.h"
#include "domain/catalog.h"
#include "domain/region.h"
#include "domain/money.h"
#include "core/util.h"
#include <math.h>
#include <stdio.h>
#include <string.h>

static const char *const transfer_subtypes[] = { "patent_right", "patent_application",
                                                 "technical_secret", NULL };
static const char *const licensing_subtypes[] = { "patent", "technical_secret", NULL };

const char *const *contract_subtypes(const char *type)
{
	if (str_eq(type, "transfer"))
		return transfer_subtypes;
	if (str_eq(type, "licensing"))
		return licensing_subtypes;
	return NULL;
}

static bool all_digits(const char *s, size_t n)
{
	return s && strlen(s) == n && strspn(s, "0123456789") == n;
}

bool contract_reg_no_valid(const char *s)
{
	int year;
	if (!all_digits(s, 16))
		return false;
	year = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	return year >= 1980 && year <= 2099;
}

bool contract_code_in_province(const char *region_code, const char *country)
{
	if (country && strcmp(country, CONTRACT_COUNTRY_CHINA))
		return false;
	/* The province is the first two digits of any of its cities' codes. */
	return region_code && strlen(region_code) == 6 &&
	       !strncmp(region_code, region_cities[0].code, 2);
}

static int party_validate(const struct contract_party *p, const char *side, struct tb_field_error *fe)
{
	char f[32];
	if (p->org_id <= 0 && str_empty(p->name)) {
		snprintf(f, sizeof(f), "%s", side);
		TB_FE(fe, f, "party_required");
		return TB_EINVAL;
	}
	if (p->name && utf8_len(p->name, strlen(p->name)) > 200) {
		snprintf(f, sizeof(f), "%s.name", side);
		TB_FE_N(fe, f, "too_long", 200);
		return TB_EINVAL;
	}
	if (p->region_code && !all_digits(p->region_code, 6)) {
		snprintf(f, sizeof(f), "%s.region_code", side);
		TB_FE(fe, f, "region_code_format");
		return TB_EINVAL;
	}
	if (p->country && !all_digits(p->country, 3)) {
		snprintf(f, sizeof(f), "%s.country", side);
		TB_FE(fe, f, "country_code_format");
		return TB_EINVAL;
	}
	return TB_OK;
}

int contract_validate(const struct contract *c, struct tb_field_error *fe)
{
	const char *const *subs;
	int rc;

	if (!c->reg_no)
		return TB_FE(fe, "reg_no", "field_required"), TB_EINVAL;
	if (!contract_reg_no_valid(c->reg_no))
		return TB_FE(fe, "reg_no", "contract_reg_no_format"), TB_EINVAL;
	if (c->title && utf8_len(c->title, strlen(c->title)) > 200)
		return TB_FE_N(fe, "title", "too_long", 200), TB_EINVAL;
	if (!name_in(contract_types, c->type))
		return tb_fe_code(fe, "type", "one_of_list", 0, 0,
		                  "development, transfer, licensing, consulting, service",
		                  NULL), TB_EINVAL;
	subs = contract_subtypes(c->type);
	if (c->subtype && (!subs || !name_in(subs, c->subtype)))
		return TB_FE(fe, "subtype", !subs ? "subtype_unused"
		                            : str_eq(c->type, "transfer") ? "subtype_transfer"
		                                                          : "subtype_licensing"),
		       TB_EINVAL;
	if ((rc = party_validate(&c->seller, "seller", fe)) || (rc = party_validate(&c->buyer, "buyer", fe)))
		return rc;
	if (c->seller.org_id > 0 && c->seller.org_id == c->buyer.org_id)
		return TB_FE(fe, "buyer", "same_as_seller"), TB_EINVAL;
	if (c->amount_fen <= 0)
		return TB_FE(fe, "amount", "positive_yuan"), TB_EINVAL;
	if (c->amount_fen > MONEY_MAX_FEN)
		return TB_FE(fe, "amount", "money_too_large"), TB_EINVAL;
	if (c->tx_amount_fen < 0)
		return TB_FE(fe, "tx_amount", "not_negative"), TB_EINVAL;
	if (c->tx_amount_fen > MONEY_MAX_FEN)
		return TB_FE(fe, "tx_amount", "money_too_large"), TB_EINVAL;
	if (c->tx_amount_fen > c->amount_fen)
		return TB_FE(fe, "tx_amount", "above_contract_amount"), TB_EINVAL;
	if (!c->signed_on)
		return TB_FE(fe, "signed_on", "field_required"), TB_EINVAL;
	if (!parse_date(c->signed_on, NULL, NULL, NULL))
		return TB_FE(fe, "signed_on", "invalid_date"), TB_EINVAL;
	if (c->valid_from && !parse_date(c->valid_from, NULL, NULL, NULL))
		return TB_FE(fe, "valid_from", "invalid_date"), TB_EINVAL;
	if (c->valid_to && !parse_date(c->valid_to, NULL, NULL, NULL))
		return TB_FE(fe, "valid_to", "invalid_date"), TB_EINVAL;
	if (c->valid_from && c->valid_to && strcmp(c->valid_to, c->valid_from) < 0)
		return TB_FE(fe, "valid_to", "date_before_valid_from"), TB_EINVAL;
	if (c->field && utf8_len(c->field, strlen(c->field)) > 64)
		return TB_FE_N(fe, "field", "too_long", 64), TB_EINVAL;
	if (c->note && utf8_len(c->note, strlen(c->note)) > 2000)
		return TB_FE_N(fe, "note", "too_long", 2000), TB_EINVAL;
	if (!name_in(contract_statuses, c->status))
		return TB_FE_S(fe, "status", "one_of", "registered, amended or terminated"),
		       TB_EINVAL;
	return TB_OK;
}

const char *contract_transition(const char *from, const char *action)
{
	if (!from || str_eq(from, "terminated"))
		return NULL;
	if (str_eq(action, "amend"))
		return "amended";
	if (str_eq(action, "terminate"))
		return "terminated";
	return NULL;
}

bool money_parse_yuan(const char *s, int64_t *fen)
{
	int64_t whole = 0, frac = 0;
	int nfrac = 0, nwhole = 0;
	if (!s || !*s)
		return false;
	for (; *s >= '0' && *s <= '9'; s++, nwhole++) {
		if (whole > (INT64_MAX / 100 - 9) / 10)
			return false;
		whole = whole * 10 + (*s - '0');
	}
	if (*s == '.') {
		s++;
		for (; *s >= '0' && *s <= '9'; s++) {
			if (++nfrac > 2)
				return false;
			frac = frac * 10 + (*s - '0');
		}
		if (!nfrac)
			return false;
	}
	if (*s || !nwhole)
		return false;
	if (nfrac == 1)
		frac *= 10;
	*fen = whole * 100 + frac;
	return true;
}

bool money_from_double(double yuan, int64_t *fen)
{
	double x = yuan * 100.0, r;
	if (!isfinite(x) || x < 0 || x > 9.0e15)
		return false;
	r = nearbyint(x);
	/* A decimal like 1234.56 is not exact in binary; accept a tiny error only. */
	if (fabs(x - r) > 1e-15 * r + 1e-6)
		return false;
	*fen = (int64_t)r;
	return true;
}

void money_format(int64_t fen, char out[32])
{
	const char *sign = fen < 0 ? "-" : "";
	uint64_t v = fen < 0 ? (uint64_t)0 - (uint64_t)fen : (uint64_t)fen;
	snprintf(out, 32, "%s%llu.%02llu", sign, (unsigned long long)(v / 100),
	         (unsigned long long)(v % 100));
}

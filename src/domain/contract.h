/* contract.h - technology contracts (技术合同) as registered with the
 * province's contract registry: the Civil Code art. 843 types, the parties
 * (an organisation in the orgs table, or a free-text party outside it with a
 * GB/T 2260 region code and a 3-digit country code), exact money amounts, the
 * signing date that decides the statistical period, and the status rules.
 * Plain structs and validation; no JSON, no SQL.
 *
 * Money: every amount is an int64 count of fen (0.01 yuan). Amounts are summed
 * as integers, never as floating point, so official totals are exact. */
#ifndef TB_CONTRACT_H
#define TB_CONTRACT_H

#include <stdbool.h>
#include <stdint.h>
#include "core/err.h"

extern const char *const contract_types[];    /* development transfer licensing consulting service */
extern const char *const contract_statuses[]; /* registered amended terminated */
/* Subtypes allowed per type (NULL-terminated); NULL for types without subtypes. */
const char *const *contract_subtypes(const char *type);

#define CONTRACT_COUNTRY_CHINA "156" /* ISO 3166-1 numeric */

/* One side of a contract. With org_id > 0 the org row supplies name and
 * location; otherwise name/region_code/country describe a party that is not
 * (or not yet) registered as an organisation, typically outside the province. */
struct contract_party {
	int64_t org_id;
	const char *name;
	const char *region_code;  /* 6-digit GB/T 2260; optional */
	const char *country;      /* 3-digit ISO 3166-1 numeric; default 156 */
	/* Location snapshot taken at registration (statistics follow where the
	 * party was when the contract was registered, not where it moved later). */
	const char *city;         /* canonical Chinese city name, or NULL */
	const char *city_code;    /* GB/T 2260 city code, or NULL */
	const char *unit_code;    /* district/zone code inside the city (domain/indicators.h), or NULL */
	int in_province;
};

struct contract {
	int64_t id;
	const char *reg_no;       /* 16 digits, see contract_reg_no_valid */
	const char *title;        /* project name */
	const char *type;
	const char *subtype;      /* transfer: patent_right patent_application technical_secret;
	                             licensing: patent technical_secret */
	struct contract_party seller, buyer;
	int64_t amount_fen;       /* contract amount (合同成交额) */
	int64_t tx_amount_fen;    /* verified technology-transaction amount (技术交易额) <= amount */
	const char *signed_on;    /* YYYY-MM-DD: decides the statistical period */
	const char *valid_from, *valid_to;
	int64_t achievement_id;   /* 0 = none */
	int64_t demand_id;        /* 0 = none */
	const char *field;
	const char *status;
	const char *note;
	int local;                /* buyer in the province: a local conversion */
	const char *created_at, *updated_at;
};

/* 16 ASCII digits, the first four a year 1980..2099 (the registry's number
 * starts with its registration year). */
bool contract_reg_no_valid(const char *s);
int contract_validate(const struct contract *c, struct tb_field_error *fe);
/* Status after `action` (amend, terminate) from `from`, or NULL when not allowed. */
const char *contract_transition(const char *from, const char *action);

/* Money: "1234.5", "1234.56" (yuan) -> fen; false on junk, >2 decimals, negative or overflow. */
bool money_parse_yuan(const char *s, int64_t *fen);
/* A JSON-style double in yuan -> fen; false when not a whole number of fen. */
bool money_from_double(double yuan, int64_t *fen);
/* fen -> "1234.56" */
void money_format(int64_t fen, char out[32]);

/* True when a free-text party with this GB/T 2260 code and country is in the province. */
bool contract_code_in_province(const char *region_code, const char *country);

#endif

/* contract.h - technology contracts (技术合同): the record, its two parties,
 * the type and status names. Money is int64 fen (see domain/contract.h). No
 * rules here. */
#ifndef TB_MODEL_CONTRACT_H
#define TB_MODEL_CONTRACT_H

#include <stdint.h>

extern const char *const contract_types[];    /* development transfer licensing consulting service */
extern const char *const contract_statuses[]; /* registered amended terminated */

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
	/* == release (issue #16): Civil Code art. 846 payment == */
	const char *payment_mode; /* model/release.h payment_mode_names; NULL = not stated */
	const struct instalment *schedule; /* written on register when nschedule > 0 */
	int nschedule;
};

/* Listing filter (store_contract_list), the statistics filters
 * (store_contract_each, store_achievement_published_each) and indicator targets. */
struct contract_query {
	const char *status, *type, *q;   /* q: reg_no prefix or title/party substring */
	int64_t org_id;                  /* seller or buyer */
	int64_t achievement_id;
	const char *from, *to;           /* signing date [from, to) */
	int limit, offset;
};
struct contract_filter {
	const char *from, *to;
	int buyer_side;
	int in_province;          /* 1 = only parties in the province */
	const char *city_code, *unit_code;
	int first_per_achievement; /* only each achievement's first live contract */
};
struct ach_region_filter {
	const char *from, *to;
	int in_province;
	const char *city;
	const char *district_names[3];
};
struct ind_target { int year; const char *region_code, *metric; int64_t value; };

/* Contracts summed in the database, one row per (period, group): period
 * CS_YEAR "2023", CS_QUARTER "2023-Q4", CS_MONTH "2023-12" (of signed_on);
 * group by nothing (key NULL), type, the side's city or unit code, or field
 * ("other" when absent). Indicators read these sums instead of streaming
 * every contract row (store op contract_sums). */
enum contract_sum_period { CS_YEAR, CS_QUARTER, CS_MONTH };
enum contract_sum_by { CS_BY_NONE, CS_BY_TYPE, CS_BY_CITY, CS_BY_UNIT, CS_BY_FIELD };
struct contract_sum {
	const char *period, *key;
	int64_t count, amount_fen, tx_fen, local_count;
};

#endif

/* contract.h - technology contracts (技术合同) as registered with the
 * province's contract registry: the Civil Code art. 843 types, the parties
 * (an organisation in the orgs table, or a free-text party outside it with a
 * GB/T 2260 region code and a 3-digit country code), exact money amounts, the
 * signing date that decides the statistical period, and the status rules.
 * Validation and rules; the records are in model/contract.h. No JSON, no SQL.
 *
 * Money: every amount is an int64 count of fen (0.01 yuan). Amounts are summed
 * as integers, never as floating point, so official totals are exact. */
#ifndef TB_CONTRACT_H
#define TB_CONTRACT_H

#include <stdbool.h>
#include <stdint.h>
#include "core/err.h"
#include "model/contract.h"

/* Subtypes allowed per type (NULL-terminated); NULL for types without subtypes. */
const char *const *contract_subtypes(const char *type);

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

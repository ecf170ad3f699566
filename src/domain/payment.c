/* payment.c - payment modes and schedules (domain/payment.h). Money is
 * integer fen, bounded by MONEY_MAX_FEN per amount, so a sum of at most
 * PAYMENT_MAX_INSTALMENTS amounts cannot overflow int64. */
#include "domain/payment.h"
#include "domain/money.h"
#include "core/util.h"
#include <stdio.h>
#include <string.h>

bool payment_mode_valid(const char *mode)
{
	for (int i = 0; mode && payment_mode_names[i]; i++)
		if (!strcmp(payment_mode_names[i], mode))
			return true;
	return false;
}

bool payment_modes_parse(const char *csv, unsigned *mask, const char **bad)
{
	return names_mask_parse(csv, payment_mode_names, NULL, 0, mask, bad);
}

int payment_check_schedule(const char *mode, int64_t amount_fen, const struct instalment *items,
                           int n, struct tb_field_error *fe)
{
	int64_t sum = 0;
	if (!mode) {
		if (n > 0)
			return TB_FE_S(fe, "payment_mode", "required_with", "schedule"), TB_EINVAL;
		return TB_OK;
	}
	if (!payment_mode_valid(mode))
		return tb_fe_code(fe, "payment_mode", "one_of_list", 0, 0,
		                  "lump_sum, instalments, royalty, royalty_entry_fee",
		                  NULL), TB_EINVAL;
	if (n > PAYMENT_MAX_INSTALMENTS)
		return TB_FE_N(fe, "schedule", "too_many_items", PAYMENT_MAX_INSTALMENTS), TB_EINVAL;
	for (int i = 0; i < n; i++) {
		char f[64];
		if (!items[i].due_on || !parse_date(items[i].due_on, NULL, NULL, NULL)) {
			snprintf(f, sizeof(f), "schedule[%d].due_on", i);
			return TB_FE(fe, f, "invalid_date"), TB_EINVAL;
		}
		if (i && strcmp(items[i].due_on, items[i - 1].due_on) <= 0) {
			snprintf(f, sizeof(f), "schedule[%d].due_on", i);
			return TB_FE_S(fe, f, "after_previous_payment", items[i - 1].due_on), TB_EINVAL;
		}
		if (items[i].amount_fen <= 0 || items[i].amount_fen > MONEY_MAX_FEN) {
			snprintf(f, sizeof(f), "schedule[%d].amount_fen", i);
			return TB_FE(fe, f, "positive_fen"), TB_EINVAL;
		}
		sum += items[i].amount_fen;
	}
	if (!strcmp(mode, "instalments")) {
		if (n < 2)
			return TB_FE_N(fe, "schedule", "instalments_min", 2), TB_EINVAL;
		if (sum != amount_fen)
			return TB_FE_NM(fe, "schedule", "instalments_sum", sum, amount_fen), TB_EINVAL;
	} else if (!strcmp(mode, "lump_sum")) {
		if (n > 1)
			return TB_FE(fe, "schedule", "lump_sum_one"), TB_EINVAL;
		if (n == 1 && sum != amount_fen)
			return TB_FE_N(fe, "schedule[0].amount_fen", "equal_contract_amount", amount_fen),
			       TB_EINVAL;
	} else if (!strcmp(mode, "royalty")) {
		if (n)
			return TB_FE(fe, "schedule", "royalty_no_schedule"), TB_EINVAL;
	} else { /* royalty_entry_fee: the schedule is the entry fee */
		if (n != 1)
			return TB_FE(fe, "schedule", "entry_fee_one"), TB_EINVAL;
		if (sum > amount_fen)
			return TB_FE_N(fe, "schedule[0].amount_fen", "entry_fee_exceeds", amount_fen), TB_EINVAL;
	}
	return TB_OK;
}

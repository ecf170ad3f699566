/* payment.h - payment modes (Civil Code art. 846: lump sum, instalments,
 * royalty, royalty plus an entry fee) and the rules of a contract's payment
 * schedule: the instalments add up to the contract amount. No JSON, no SQL. */
#ifndef TB_PAYMENT_H
#define TB_PAYMENT_H

#include <stdbool.h>
#include <stdint.h>
#include "core/err.h"
#include "model/release.h"

/* "lump_sum,royalty" -> mask; false naming the bad word in *bad. */
bool payment_modes_parse(const char *csv, unsigned *mask, const char **bad);
bool payment_mode_valid(const char *mode);

/* The schedule against the mode and the amount (fen), field by field:
 * payment_mode, schedule, schedule[i].due_on, schedule[i].amount_fen. */
int payment_check_schedule(const char *mode, int64_t amount_fen, const struct instalment *items,
                           int n, struct tb_field_error *fe);

#define PAYMENT_MAX_INSTALMENTS 120

#endif

/* release.c - name tables of the regular-release module (model/release.h). */
#include "model/release.h"
#include <stddef.h>

const char *const payment_mode_names[] = { "lump_sum", "instalments", "royalty",
                                           "royalty_entry_fee", NULL };
const char *const subscription_kinds[] = { "search", "org", "own_matches", NULL };
const char *const payment_mode_zh[] = { "一次总付", "分期支付", "提成支付", "入门费加提成", NULL };

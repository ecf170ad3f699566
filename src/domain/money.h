/* money.h - the one realistic bound on every money amount the platform
 * accepts, and checked arithmetic for sums of amounts. An outside probe
 * registered a contract of 92,233,720,368,547,758 yuan (INT64_MAX fen): the
 * province turnover wrapped to a negative figure and the sanitizer build
 * aborted (issue #10). The largest single technology contract in China is in
 * the tens of billions of yuan, so one trillion yuan per amount leaves two
 * orders of magnitude of headroom while keeping any realistic total of
 * amounts far inside int64 fen. docs/security.md documents the bound. */
#ifndef TB_MONEY_H
#define TB_MONEY_H

#include <stdbool.h>
#include <stdint.h>

#define MONEY_MAX_YUAN 1000000000000LL               /* 1e12 yuan, per amount */
#define MONEY_MAX_FEN (MONEY_MAX_YUAN * 100)
#define MONEY_MAX_TEXT "1000000000000 yuan (one trillion)"

/* *acc += v; false (and *acc unchanged) when the sum does not fit in int64. */
static inline bool money_add(int64_t *acc, int64_t v)
{
	int64_t r;
	if (__builtin_add_overflow(*acc, v, &r))
		return false;
	*acc = r;
	return true;
}

#endif

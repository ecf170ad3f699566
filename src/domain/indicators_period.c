/* indicators_period.c - period keys (the signing date decides; 31 Dec
 * belongs to its own year), the same period a year earlier, and growth and
 * share arithmetic that is undefined (null) on a zero base. */
#include "domain/indicators.h"
#include "core/util.h"
#include <stdio.h>
#include <string.h>

/* ------------------------------------------------------------ periods */

int ind_period_parse(const char *s, enum ind_period *p)
{
	if (!s || !strcmp(s, "year"))
		*p = IND_YEAR;
	else if (!strcmp(s, "quarter"))
		*p = IND_QUARTER;
	else if (!strcmp(s, "month"))
		*p = IND_MONTH;
	else
		return TB_EINVAL;
	return TB_OK;
}

bool ind_period_key(const char *date, enum ind_period p, char out[IND_KEYLEN])
{
	int y, m, d;
	if (!date || !parse_date(date, &y, &m, &d))
		return false;
	if (p == IND_YEAR)
		snprintf(out, IND_KEYLEN, "%04d", y);
	else if (p == IND_QUARTER)
		snprintf(out, IND_KEYLEN, "%04d-Q%d", y, (m - 1) / 3 + 1);
	else
		snprintf(out, IND_KEYLEN, "%04d-%02d", y, m);
	return true;
}

bool ind_period_prev_year(const char *key, char out[IND_KEYLEN])
{
	int64_t y;
	char ys[5];
	if (!key || strlen(key) < 4)
		return false;
	memcpy(ys, key, 4);
	ys[4] = '\0';
	if (!parse_i64(ys, &y))
		return false;
	snprintf(out, IND_KEYLEN, "%04d%s", (int)(y - 1), key + 4);
	return true;
}

bool ind_growth(int64_t cur, int64_t prev, double *pct)
{
	if (prev == 0)
		return false;
	*pct = ((double)cur - (double)prev) * 100.0 / (double)prev;
	return true;
}

bool ind_share(int64_t part, int64_t whole, double *pct)
{
	if (whole == 0)
		return false;
	*pct = (double)part * 100.0 / (double)whole;
	return true;
}

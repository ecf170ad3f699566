/* bulletin.c - making and reading the periodic bulletin (domain/bulletin.h).
 * Calendar arithmetic is on day numbers (days since 1970-01-01, proleptic
 * Gregorian), so no time zone or DST enters a period's bounds. */
#include "model/region.h"
#include "domain/bulletin.h"
#include "core/util.h"
#include "store/store.h"
#include <stdio.h>
#include <string.h>

/* Howard Hinnant's days_from_civil / civil_from_days. */
static int64_t days_from_civil(int y, int m, int d)
{
	int64_t era, yoe, doy, doe;
	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void civil_from_days(int64_t z, int *y, int *m, int *d)
{
	int64_t era, doe, yoe, doy, mp;
	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

/* Copies a formatted text into a fixed field (the formats below are made in
 * a roomy buffer: the compiler cannot see that a year has 4 digits). */
static void copy_out(char *out, size_t cap, const char *tmp)
{
	size_t n = strlen(tmp);
	if (n >= cap)
		n = cap - 1;
	memcpy(out, tmp, n);
	out[n] = 0;
}

static void fmt_day(int64_t z, char out[11])
{
	char tmp[48];
	int y, m, d;
	civil_from_days(z, &y, &m, &d);
	snprintf(tmp, sizeof(tmp), "%04d-%02d-%02d", y, m, d);
	copy_out(out, 11, tmp);
}

/* 0 = Monday .. 6 = Sunday (1970-01-01 was a Thursday). */
static int weekday(int64_t z)
{
	return (int)(((z % 7) + 7 + 3) % 7);
}

/* The Monday of ISO week 1 of year y: the week holding 4 January. */
static int64_t iso_week1(int y)
{
	int64_t jan4 = days_from_civil(y, 1, 4);
	return jan4 - weekday(jan4);
}

/* The ISO year and week of day z. */
static void iso_week_of(int64_t z, int *year, int *week)
{
	int64_t thu = z - weekday(z) + 3;
	int y, m, d;
	civil_from_days(thu, &y, &m, &d);
	*year = y;
	*week = (int)((thu - iso_week1(y)) / 7) + 1;
}

static bool digits(const char *s, int n)
{
	for (int i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

int bulletin_period(const char *period, const char **kind, char from[11], char to[11],
                    char window_to[11], struct tb_field_error *fe)
{
	size_t len = period ? strlen(period) : 0;
	int y, n;
	int64_t start, end, window;

	if (len < 7 || !digits(period, 4) || period[4] != '-')
		goto bad;
	y = (period[0] - '0') * 1000 + (period[1] - '0') * 100 + (period[2] - '0') * 10 +
	    (period[3] - '0');
	if (y < 2000 || y > 2099)
		goto bad;
	if (len == 8 && period[5] == 'W' && digits(period + 6, 2)) {
		int wy, ww;
		n = (period[6] - '0') * 10 + (period[7] - '0');
		start = iso_week1(y) + (int64_t)(n - 1) * 7;
		iso_week_of(start, &wy, &ww);
		if (n < 1 || wy != y || ww != n) /* week 53 of a 52-week year */
			goto bad;
		end = start + 7;
		window = end + 14;
		*kind = "weekly";
	} else if (len == 7 && digits(period + 5, 2)) {
		n = (period[5] - '0') * 10 + (period[6] - '0');
		if (n < 1 || n > 12)
			goto bad;
		start = days_from_civil(y, n, 1);
		end = n == 12 ? days_from_civil(y + 1, 1, 1) : days_from_civil(y, n + 1, 1);
		window = end + 30;
		*kind = "monthly";
	} else {
		goto bad;
	}
	fmt_day(start, from);
	fmt_day(end, to);
	fmt_day(window, window_to);
	return TB_OK;
bad:
	return TB_FE(fe, "period", "period_format"), TB_EINVAL;
}

void bulletin_last_ended(const char *kind, int64_t now, char period[9])
{
	char today[11], tmp[48];
	int y, m, d, wy, ww;
	int64_t z;
	region_local_date(now, today);
	parse_date(today, &y, &m, &d);
	z = days_from_civil(y, m, d);
	if (!strcmp(kind, "weekly")) {
		iso_week_of(z - 7, &wy, &ww);
		snprintf(tmp, sizeof(tmp), "%04d-W%02d", wy, ww);
	} else {
		civil_from_days(days_from_civil(y, m, 1) - 1, &y, &m, &d);
		snprintf(tmp, sizeof(tmp), "%04d-%02d", y, m);
	}
	copy_out(period, 9, tmp);
}

/* Appends src[0..n) to the growing item list. */
static int append(struct arena *a, struct bulletin *b, const struct bulletin_item *src, int n)
{
	struct bulletin_item *all;
	if (!n)
		return TB_OK;
	if (!(all = arena_alloc(a, sizeof(*all) * (size_t)(b->n_items + n))))
		return TB_ENOMEM;
	if (b->n_items)
		memcpy(all, b->items, sizeof(*all) * (size_t)b->n_items);
	memcpy(all + b->n_items, src, sizeof(*all) * (size_t)n);
	b->items = all;
	b->n_items += n;
	return TB_OK;
}

static int collect(struct store *st, struct arena *a, struct bulletin *b)
{
	struct bulletin_item *rows;
	struct event *ev;
	char last[11];
	int n, rc;

	if ((rc = store_bulletin_figures(st, b->date_from, b->date_to, b->window_to, &b->fig)))
		return rc;
	for (int k = 0; k < 2; k++) {
		if ((rc = store_bulletin_new_listings(st, a, k == 0, b->date_from, b->date_to,
		                                      BULLETIN_MAX_LISTINGS, &rows, &n)) ||
		    (rc = append(a, b, rows, n)))
			return rc;
	}
	if ((rc = store_bulletin_closing_demands(st, a, b->date_to, b->window_to,
	                                         BULLETIN_MAX_CLOSING, &rows, &n)) ||
	    (rc = append(a, b, rows, n)))
		return rc;
	/* event_list takes an inclusive range: the window's last day. */
	if (!date_add_days(b->window_to, -1, last))
		return TB_EINVAL;
	if ((rc = store_event_list(st, a, b->date_to, last, NULL, BULLETIN_MAX_EVENTS, &ev, &n)))
		return rc;
	for (int i = 0; i < n; i++) {
		struct bulletin_item it;
		if (strcmp(ev[i].status, "planned"))
			continue;
		memset(&it, 0, sizeof(it));
		it.section = "event";
		it.field = ev[i].kind;
		it.ref_id = ev[i].id;
		it.title_zh = ev[i].title;
		it.org = ev[i].organiser_name;
		it.date = ev[i].starts_on;
		if ((rc = append(a, b, &it, 1)))
			return rc;
	}
	return TB_OK;
}

int bulletin_make(struct store *st, struct arena *a, const char *period, int64_t now,
                  const char *by, struct bulletin *out, struct tb_field_error *fe)
{
	char from[11], to[11], window[11], today[11], at[32];
	const char *kind;
	int rc;

	if ((rc = bulletin_period(period, &kind, from, to, window, fe)))
		return rc;
	region_local_date(now, today);
	if (strcmp(to, today) > 0)
		return TB_FE_ST(fe, "period", "period_not_ended", period, to), TB_EINVAL;
	memset(out, 0, sizeof(*out));
	out->period = arena_strdup(a, period);
	out->kind = kind;
	out->date_from = arena_strdup(a, from);
	out->date_to = arena_strdup(a, to);
	out->window_to = arena_strdup(a, window);
	fmt_iso8601(now, at);
	out->generated_at = arena_strdup(a, at);
	out->generated_by = by ? by : "system";
	if (!out->period || !out->date_from || !out->date_to || !out->window_to || !out->generated_at)
		return TB_ENOMEM;
	/* One transaction: the content is read and archived at one moment, and
	 * of two makers of the same period the second meets the UNIQUE period. */
	if ((rc = store_begin(st)))
		return rc;
	if (!(rc = collect(st, a, out)))
		rc = store_bulletin_insert(st, out);
	if (!rc && !(rc = store_commit(st)))
		return TB_OK;
	store_rollback(st);
	if (rc == TB_ECONFLICT)
		TB_FE_S(fe, "period", "bulletin_exists", period);
	return rc;
}

int bulletin_due(struct store *st, int64_t now, int *made)
{
	static const char *const kinds[] = { "weekly", "monthly" };
	struct arena a;
	int rc = TB_OK;

	*made = 0;
	arena_init(&a, 16u << 20);
	for (int k = 0; k < 2 && !rc; k++) {
		struct tb_field_error fe = { 0 };
		struct bulletin b;
		char period[9];
		bulletin_last_ended(kinds[k], now, period);
		rc = store_bulletin_get(st, &a, period, &b);
		if (rc == TB_ENOTFOUND) {
			rc = bulletin_make(st, &a, period, now, "system", &b, &fe);
			if (!rc)
				(*made)++;
			else if (rc == TB_ECONFLICT) /* another node made it meanwhile */
				rc = TB_OK;
		}
		arena_release(&a);
	}
	arena_release(&a);
	return rc;
}

int bulletin_get(struct store *st, struct arena *a, const char *period, struct bulletin *out)
{
	return store_bulletin_get(st, a, period, out);
}

int bulletin_list(struct store *st, struct arena *a, const char *kind, int limit,
                  struct bulletin **out, int *n)
{
	return store_bulletin_list(st, a, kind, limit, out, n);
}

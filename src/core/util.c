/* util.c - see util.h. */
#include "core/util.h"
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

bool parse_i64(const char *s, int64_t *out)
{
	char *end;
	long long v;
	if (!s || !*s)
		return false;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno || *end)
		return false;
	*out = v;
	return true;
}

bool parse_double(const char *s, double *out)
{
	char *end;
	double v;
	if (!s || !*s)
		return false;
	errno = 0;
	v = strtod(s, &end);
	if (errno || *end || !isfinite(v))
		return false;
	*out = v;
	return true;
}

long utf8_len(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s, *e = p + n;
	long count = 0;

	while (p < e) {
		unsigned c = *p, need;
		uint32_t cp;
		if (c == 0)
			return -1;
		if (c < 0x80) { p++; count++; continue; }
		if (c >= 0xC2 && c <= 0xDF) { need = 1; cp = c & 0x1F; }
		else if (c >= 0xE0 && c <= 0xEF) { need = 2; cp = c & 0x0F; }
		else if (c >= 0xF0 && c <= 0xF4) { need = 3; cp = c & 0x07; }
		else return -1;
		if ((size_t)(e - p) < need + 1)
			return -1;
		for (unsigned i = 1; i <= need; i++) {
			if ((p[i] & 0xC0) != 0x80)
				return -1;
			cp = (cp << 6) | (p[i] & 0x3F);
		}
		if ((need == 2 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
		    (need == 3 && (cp < 0x10000 || cp > 0x10FFFF)))
			return -1;
		p += need + 1;
		count++;
	}
	return count;
}

bool utf8_valid(const char *s, size_t n) { return utf8_len(s, n) >= 0; }

bool parse_date(const char *s, int *y, int *m, int *d)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int yy, mm, dd, dim;
	if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return false;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return false;
	yy = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	mm = (s[5] - '0') * 10 + (s[6] - '0');
	dd = (s[8] - '0') * 10 + (s[9] - '0');
	if (yy < 1900 || mm < 1 || mm > 12)
		return false;
	dim = mdays[mm - 1];
	if (mm == 2 && ((yy % 4 == 0 && yy % 100 != 0) || yy % 400 == 0))
		dim = 29;
	if (dd < 1 || dd > dim)
		return false;
	if (y) *y = yy;
	if (m) *m = mm;
	if (d) *d = dd;
	return true;
}

/* The test clock: tests move time forward instead of sleeping (a token's
 * expiry, an offer's window). TB_TEST_CLOCK_OFFSET adds a fixed number of
 * seconds for a whole process; TB_TEST_CLOCK_FILE names a file holding a
 * number of seconds that is re-read on every call, so a test can move a
 * running server's clock by rewriting it. Neither is set in production, where
 * this costs two getenv calls. A missing or unparsable value counts as 0:
 * the clock never fails. docs/testing.md describes both. */
static int64_t test_clock_offset(void)
{
	const char *env = getenv("TB_TEST_CLOCK_OFFSET"), *path = getenv("TB_TEST_CLOCK_FILE");
	int64_t off = 0, v;
	char txt[32];
	ssize_t n;
	int fd;

	if (env && parse_i64(env, &v))
		off += v;
	if (path && *path && (fd = open(path, O_RDONLY | O_CLOEXEC)) >= 0) {
		n = read(fd, txt, sizeof(txt) - 1);
		close(fd);
		if (n > 0) {
			txt[n] = '\0';
			while (n > 0 && (txt[n - 1] == '\n' || txt[n - 1] == ' '))
				txt[--n] = '\0';
			if (parse_i64(txt, &v))
				off += v;
		}
	}
	return off;
}

/* Every read of the wall clock in techbridge goes through here (tb_now).
 * A pinned instant (now_pin, the demo's own day) wins over everything.
 * TB_TEST_CLOCK=<unix seconds> instead fixes "now" for one process: the
 * life-cycle and digest tests (issue #16) run `techbridge maintain` at exact
 * instants (the day after a validity ends, just inside a back-off). */
static int64_t pinned; /* now_pin: set before threads start, read-only after */

void now_pin(int64_t t) { pinned = t > 0 ? t : 0; }

int64_t now_unix(void)
{
	const char *fixed = getenv("TB_TEST_CLOCK");
	int64_t t;
	if (pinned)
		return pinned;
	if (fixed && parse_i64(fixed, &t) && t > 0)
		return t;
	return (int64_t)time(NULL) + test_clock_offset();
}

void fmt_iso8601(int64_t t, char out[32])
{
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

bool str_empty(const char *s) { return !s || !*s; }

bool str_eq(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return strcmp(a, b) == 0;
}

bool names_mask_parse(const char *csv, const char *const *names, const char *alias,
                      unsigned alias_mask, unsigned *mask, const char **bad)
{
	static char badword[32];
	const char *p = csv;
	*mask = 0;
	while (p && *p) {
		const char *e = strchr(p, ',');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		bool found = false;
		while (n && *p == ' ') { p++; n--; }
		while (n && p[n - 1] == ' ') n--;
		for (int i = 0; n && names[i]; i++)
			if (strlen(names[i]) == n && !strncmp(names[i], p, n)) {
				*mask |= 1u << i;
				found = true;
			}
		if (n && !found && alias && strlen(alias) == n && !strncmp(alias, p, n)) {
			*mask |= alias_mask;
			found = true;
		}
		if (n && !found) {
			snprintf(badword, sizeof(badword), "%.*s", (int)(n < 31 ? n : 31), p);
			if (bad)
				*bad = badword;
			return false;
		}
		p = e ? e + 1 : NULL;
	}
	return true;
}

uint64_t fnv1a(const void *p, size_t n, uint64_t h)
{
	const unsigned char *s = p;
	for (size_t i = 0; i < n; i++) {
		h ^= s[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

bool date_utc(const char *date, int hour, int64_t *out)
{
	int y, m, d;
	struct tm tm;
	if (!date || !parse_date(date, &y, &m, &d))
		return false;
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	tm.tm_hour = hour;
	*out = (int64_t)timegm(&tm);
	return true;
}

bool date_add_days(const char *date, int days, char out[11])
{
	int64_t t0;
	time_t t;
	struct tm tm;
	/* From noon: adding whole days never crosses a date boundary twice. */
	if (!date_utc(date, 12, &t0))
		return false;
	t = (time_t)(t0 + (int64_t)days * 86400);
	gmtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
	return true;
}

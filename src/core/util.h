/* util.h - small helpers shared by every layer: checked number parsing (no
 * atoi), UTF-8 validation, time formatting. */
#ifndef TB_UTIL_H
#define TB_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Whole-string parses; return false on junk, overflow or empty input. */
bool parse_i64(const char *s, int64_t *out);
bool parse_double(const char *s, double *out);

/* True when s[0..n) is well-formed UTF-8 without NUL bytes. */
bool utf8_valid(const char *s, size_t n);
/* Number of code points, or -1 if invalid. */
long utf8_len(const char *s, size_t n);

/* Strict calendar date "YYYY-MM-DD". */
bool parse_date(const char *s, int *y, int *m, int *d);
/* YYYY-MM-DD at `hour` o'clock, read as UTC, in Unix seconds; false on a bad date. */
bool date_utc(const char *date, int hour, int64_t *out);
/* date + days (days may be negative), YYYY-MM-DD; false on a bad date. */
bool date_add_days(const char *date, int days, char out[11]);
/* Unix seconds now, and ISO-8601 UTC "YYYY-MM-DDTHH:MM:SSZ" into out[21].
 * now_unix() is the one wall-clock read (tests shift it with
 * TB_TEST_CLOCK_OFFSET / TB_TEST_CLOCK_FILE, see docs/testing.md). */
int64_t now_unix(void);
/* Fixes now_unix() at t for the rest of the process (0 releases it), before
 * any other thread starts. For a command that builds a world as of its own
 * date: `techbridge demo` runs every date rule of the domain on the demo's
 * day, so the same seed gives the same province whatever the real date. */
void now_pin(int64_t t);
void fmt_iso8601(int64_t t, char out[32]);

bool str_empty(const char *s);
bool str_eq(const char *a, const char *b); /* NULL-safe */
/* FNV-1a, 64 bits, over n bytes continuing from h (FNV1A_OFFSET to start):
 * the hash of the answer caches' keys and of ETags. */
/* A comma-separated list of names (spaces around each ignored, empty items
 * skipped) as a bit mask over the NULL-terminated table `names` (bit i =
 * names[i]); `alias` (or NULL) is one more spelling that sets alias_mask.
 * false at the first unknown name, *bad (when bad) naming it, cut to 31
 * bytes, in a static buffer. */
bool names_mask_parse(const char *csv, const char *const *names, const char *alias,
                      unsigned alias_mask, unsigned *mask, const char **bad);
#define FNV1A_OFFSET 0xcbf29ce484222325ULL
uint64_t fnv1a(const void *p, size_t n, uint64_t h);

#endif

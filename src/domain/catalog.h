/* catalog.h - the rules for achievements (科技成果) and technology demands
 * (技术需求): required fields, ranges, keywords, status transitions. The
 * records, modes and status names are in model/catalog.h. No JSON, no SQL. */
#ifndef TB_CATALOG_H
#define TB_CATALOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "core/err.h"
#include "model/catalog.h"

/* Parse "transfer,licence" -> mask; false naming the bad word in *bad. */
bool modes_parse(const char *csv, unsigned *mask, const char **bad);

/* New status after `action` from `from`, or NULL when not allowed. */
const char *catalog_transition(int is_ach, const char *from, const char *action);

/* Every failing field at once (a form shows them all); *_validate: the first. */
#define CATALOG_MAX_ERRORS 24
struct catalog_errors {
	struct tb_field_error e[CATALOG_MAX_ERRORS];
	int n;
};
int achievement_check(const struct achievement *a, struct catalog_errors *errs);
int demand_check(const struct demand *d, struct catalog_errors *errs);
int achievement_validate(const struct achievement *a, struct tb_field_error *fe);
int demand_validate(const struct demand *d, struct tb_field_error *fe);
/* lo must not exceed hi (each < 0 = not given): price and budget ranges. */
int catalog_check_range(double lo, double hi, const char *lo_field, const char *hi_field,
                        struct tb_field_error *fe);
/* A deadline set on a demand must not lie before today (local YYYY-MM-DD). */
int catalog_check_deadline(const char *deadline, const char *today, struct tb_field_error *fe);
/* A reviewer's return reason: at most CATALOG_REASON_MAX characters. */
#define CATALOG_REASON_MAX 1000
int catalog_check_reason(const char *reason, struct tb_field_error *fe);
/* Keywords: split on , ; 、 ， ；, trim, dedupe; at most `max` -> "a,b,c". */
int keywords_normalize(const char *in, char *out, size_t outsz, int max, struct tb_field_error *fe,
                       const char *field);

#endif

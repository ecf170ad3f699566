/* dbcopy.h - `techbridge migrate --from URL --to URL` (issue #12): moves a
 * province's whole database into another one (SQLite to PostgreSQL, or any
 * two backends): every table in dependency order, ids kept, in one
 * transaction on the target, which must be new (migrated here, nothing
 * written yet). The source is only read. docs/deploy.md, "Moving to
 * PostgreSQL". */
#ifndef TB_DBCOPY_H
#define TB_DBCOPY_H

#include <stddef.h>
#include <stdint.h>

struct dbcopy_report {
	int tables;
	int64_t rows;
	int version;          /* schema version of both */
};
/* On failure nothing is written to the target (beyond its migrations) and
 * err holds one line naming the cause. */
int dbcopy_run(const char *from, const char *to, struct dbcopy_report *r, char *err, size_t errlen);

#endif

/* copy.h - one row of any table, as `techbridge migrate --from --to` moves
 * it between two databases without knowing the table (issue #12): column
 * names and typed values, in the source's column order. Data only. */
#ifndef TB_MODEL_COPY_H
#define TB_MODEL_COPY_H

#include <stdint.h>

enum copy_type { COPY_NULL, COPY_INT, COPY_REAL, COPY_TEXT, COPY_BLOB };
struct copy_val {
	enum copy_type t;
	int64_t i;
	double d;
	const char *p;   /* TEXT (NUL-terminated) or BLOB bytes */
	int len;         /* bytes of p */
};
struct copy_row {
	int n;
	const char *const *cols;
	const struct copy_val *v;
};

#endif

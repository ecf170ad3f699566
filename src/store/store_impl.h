/* store_impl.h - the backend vtable behind store.h, one member per entry of
 * STORE_OPS (store_ops.h). Only store.c and the backends include this. A
 * backend fills it from the same list, so none can leave an entry out. */
#ifndef TB_STORE_IMPL_H
#define TB_STORE_IMPL_H

#include <stddef.h>

#include "store/store.h"

struct store_ops {
	const char *name;
	void (*close)(struct store *s);
	const char *(*errmsg)(struct store *s);
#define X(ret, name, params, args) ret (*name) params;
	STORE_OPS(X)
#undef X
};

struct store {
	const struct store_ops *ops;
};

/* The SQL backend (src/store/sql/) over one driver (sqd.h) and that
 * driver's schema (sql/migrate.h). */
struct sqd_driver;
struct sq_migrations;
/* On failure `err` (errlen bytes) says why in one line (store_open_error). */
int sq_store_open(const struct sqd_driver *drv, const struct sq_migrations *m, const char *url,
                  struct store **out, char *err, size_t errlen);

#endif

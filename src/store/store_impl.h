/* store_impl.h - the backend vtable behind store.h. Only store.c and the
 * backends include this. A backend leaves an entry NULL when it lacks the
 * operation; store.c then answers TB_EDB with a clear log line. */
#ifndef TB_STORE_IMPL_H
#define TB_STORE_IMPL_H

#include "store/store.h"

struct store_ops {
	const char *name;
	void (*close)(struct store *s);
	const char *(*errmsg)(struct store *s);
	int (*migrate)(struct store *s, int *applied);
	int (*schema_version)(struct store *s, int *version);
	int (*begin)(struct store *s);
	int (*commit)(struct store *s);
	int (*rollback)(struct store *s);

	int (*org_insert)(struct store *s, struct org *o);
	int (*org_update)(struct store *s, const struct org *o);
	int (*org_get)(struct store *s, struct arena *a, int64_t id, struct org *out);
	int (*org_find_by_name)(struct store *s, struct arena *a, const char *name, struct org *out);
	int (*org_list)(struct store *s, struct arena *a, const struct org_query *q,
	                struct org **out, int *n, int64_t *total);

	int (*ach_insert)(struct store *s, struct achievement *x);
	int (*ach_update)(struct store *s, const struct achievement *x);
	int (*ach_set_status)(struct store *s, int64_t id, const char *status, const char *note);
	int (*ach_get)(struct store *s, struct arena *a, int64_t id, struct achievement *out);
	int (*ach_list)(struct store *s, struct arena *a, const struct catalog_query *q,
	                struct achievement **out, int *n, int64_t *total);
	int (*ach_each)(struct store *s, const char *status,
	                int (*cb)(void *ctx, const struct achievement *x), void *ctx);
	int (*ach_facet)(struct store *s, struct arena *a, const char *facet,
	                 const struct catalog_query *q, struct facet **out, int *n);

	int (*dem_insert)(struct store *s, struct demand *x);
	int (*dem_update)(struct store *s, const struct demand *x);
	int (*dem_set_status)(struct store *s, int64_t id, const char *status, const char *note);
	int (*dem_get)(struct store *s, struct arena *a, int64_t id, struct demand *out);
	int (*dem_list)(struct store *s, struct arena *a, const struct catalog_query *q,
	                struct demand **out, int *n, int64_t *total);
	int (*dem_each)(struct store *s, const char *status,
	                int (*cb)(void *ctx, const struct demand *x), void *ctx);
	/* == bulk loading: import and demo == */
	int (*bulk_mode)(struct store *s, int on);

	/* == accounts: users, sessions, tokens, audit == */


	/* == instruments and bookings == */


	/* == contracts and indicators == */


};

struct store {
	const struct store_ops *ops;
};

int sqlite_store_open(const char *path, struct store **out);

#endif

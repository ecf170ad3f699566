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
	int (*contract_insert)(struct store *s, struct contract *c);
	int (*contract_update)(struct store *s, const struct contract *c);
	int (*contract_get)(struct store *s, struct arena *a, int64_t id, struct contract *out);
	int (*contract_list)(struct store *s, struct arena *a, const struct contract_query *q,
	                     struct contract **out, int *n, int64_t *total);
	int (*contract_each)(struct store *s, const struct contract_filter *f,
	                     int (*cb)(void *ctx, const struct contract *c), void *ctx);
	int (*contract_live_for_ach)(struct store *s, int64_t achievement_id, int64_t *count);
	int (*ach_published_each)(struct store *s, const struct ach_region_filter *f,
	                          int (*cb)(void *ctx, const char *published_at), void *ctx);
	int (*target_put)(struct store *s, const struct ind_target *t);
	int (*target_list)(struct store *s, struct arena *a, int year, const char *region_code,
	                   struct ind_target **out, int *n);
	int (*cert_put)(struct store *s, int64_t org_id, const char *tier, int year);
	int (*cert_count)(struct store *s, const char *tier, int year,
	                  const struct ach_region_filter *f, int64_t *count);


};

struct store {
	const struct store_ops *ops;
};

int sqlite_store_open(const char *path, struct store **out);

#endif

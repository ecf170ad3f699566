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
	int (*instr_insert)(struct store *s, struct instrument *x);
	int (*instr_update)(struct store *s, const struct instrument *x);
	int (*instr_get)(struct store *s, struct arena *a, int64_t id, struct instrument *out);
	int (*instr_list)(struct store *s, struct arena *a, const struct instr_query *q,
	                  struct instrument **out, int *n, int64_t *total);
	int (*instr_free)(struct store *s, struct arena *a, const char *from, const char *to,
	                  const char *category, int limit, struct instrument **out, int *n);
	int (*instr_counts)(struct store *s, int64_t *instruments, int64_t *institutions,
	                    int64_t *kpi_instruments);
	int (*instr_usage)(struct store *s, struct arena *a, const char *from, const char *to,
	                   struct instr_usage **out, int *n);
	int (*instr_revenue)(struct store *s, const char *from, const char *to, int64_t owner_org,
	                     double *yuan, int64_t *uses);
	int (*booking_create)(struct store *s, struct booking *b);
	int (*booking_get)(struct store *s, struct arena *a, int64_t id, struct booking *out);
	int (*booking_list)(struct store *s, struct arena *a, const struct booking_query *q,
	                    struct booking **out, int *n, int64_t *total);
	int (*booking_busy)(struct store *s, struct arena *a, int64_t instrument_id, const char *from,
	                    const char *to, struct booking **out, int *n);
	int (*booking_set_status)(struct store *s, int64_t id, const char *expect, const char *status,
	                          const char *note, const char *offer_expires);
	int (*booking_record_usage)(struct store *s, const struct booking *b);
	int (*booking_next_waitlisted)(struct store *s, struct arena *a, int64_t instrument_id,
	                               const char *now, struct booking *out);
	int (*booking_expire_offers)(struct store *s, const char *now, int64_t *instruments, int max,
	                             int *n);
	int (*qual_insert)(struct store *s, struct qualification *q);
	int (*qual_valid)(struct store *s, int64_t instrument_id, const char *email, const char *date,
	                  int *valid);
	int (*qual_list)(struct store *s, struct arena *a, int64_t instrument_id,
	                 struct qualification **out, int *n);


	/* == contracts and indicators == */


};

struct store {
	const struct store_ops *ops;
};

int sqlite_store_open(const char *path, struct store **out);

#endif

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
	int (*user_insert)(struct store *s, struct user *u);
	int (*user_update)(struct store *s, const struct user *u);
	int (*user_set_password)(struct store *s, int64_t id, const char *pw_hash);
	int (*user_get)(struct store *s, struct arena *a, int64_t id, struct user *out);
	int (*user_find_by_email)(struct store *s, struct arena *a, const char *email, struct user *out);
	int (*user_list)(struct store *s, struct arena *a, const struct user_query *q,
	                 struct user **out, int *n, int64_t *total);
	int (*user_org_link)(struct store *s, int64_t user_id, int64_t org_id);
	int (*user_org_linked)(struct store *s, int64_t user_id, int64_t org_id, int *linked);
	int (*user_org_list)(struct store *s, struct arena *a, int64_t user_id, int64_t **out, int *n);
	int (*cred_insert)(struct store *s, struct credential *c);
	int (*cred_find)(struct store *s, struct arena *a, const char *token_hash, int64_t now,
	                 struct credential *out);
	int (*cred_list)(struct store *s, struct arena *a, int64_t user_id, const char *kind,
	                 int64_t now, struct credential **out, int *n);
	int (*cred_delete)(struct store *s, int64_t user_id, int64_t id);
	int (*cred_delete_user)(struct store *s, int64_t user_id, int64_t except_id, int *deleted);
	int (*cred_purge)(struct store *s, int64_t now);
	int (*login_fail_add)(struct store *s, const char *key, int64_t at);
	int (*login_fail_count)(struct store *s, const char *key, int64_t since, int *count,
	                        int64_t *oldest);
	int (*login_fail_clear)(struct store *s, const char *key);
	int (*audit_append)(struct store *s, const struct audit_entry *e);
	int (*audit_list)(struct store *s, struct arena *a, const struct audit_query *q,
	                  struct audit_entry **out, int *n, int64_t *total);
	int (*audit_each)(struct store *s, const struct audit_query *q,
	                  int (*cb)(void *ctx, const struct audit_entry *e), void *ctx);


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
	int (*instr_revenue_by_org)(struct store *s, struct arena *a, const char *from, const char *to,
	                            const char *city, struct instr_org_revenue **out, int *n);
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
	int (*contract_insert)(struct store *s, struct contract *c);
	int (*contract_update)(struct store *s, const struct contract *c);
	int (*contract_get)(struct store *s, struct arena *a, int64_t id, struct contract *out);
	int (*contract_list)(struct store *s, struct arena *a, const struct contract_query *q,
	                     struct contract **out, int *n, int64_t *total);
	int (*public_version)(struct store *s, int64_t *version);
	int (*contract_sums)(struct store *s, const struct contract_filter *f,
	                     enum contract_sum_period period, enum contract_sum_by by,
	                     int (*cb)(void *, const struct contract_sum *), void *ctx);
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

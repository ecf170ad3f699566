/* bulk.h - the bulk loader behind `techbridge import` and the demo province:
 * many rows written in the caller's transaction (bulk_begin .. bulk_commit),
 * records the caller has validated with the domain's *_validate rules. It
 * is the only way the CLI writes rows in bulk (issue #11: api and cli reach
 * the store only through domain). No JSON, no SQL. */
#ifndef TB_BULK_H
#define TB_BULK_H

#include <stdbool.h>
#include <stdint.h>
#include "core/arena.h"
#include "model/account.h"
#include "model/booking.h"
#include "model/catalog.h"
#include "model/contract.h"
#include "model/instrument.h"
#include "model/org.h"
#include "model/platform.h"
#include "model/tier.h"

struct store;

/* one transaction around many rows */
int bulk_begin(struct store *st);
int bulk_commit(struct store *st);
int bulk_rollback(struct store *st);
/* a large page cache while loading (store_ops.h) */
int bulk_mode(struct store *st, int on);
int bulk_org_insert(struct store *st, struct org *o);
int bulk_org_find(struct store *st, struct arena *a, const char *name, struct org *out);
int bulk_org_get(struct store *st, struct arena *a, int64_t id, struct org *out);
int bulk_org_list(struct store *st, struct arena *a, const struct org_query *q, struct org **out,
                  int *n, int64_t *total);
int bulk_ach_insert(struct store *st, struct achievement *x);
int bulk_ach_set_status(struct store *st, int64_t id, const char *expect, const char *status,
                        const char *note);
int bulk_dem_insert(struct store *st, struct demand *x);
int bulk_user_insert(struct store *st, struct user *u);
int bulk_user_find(struct store *st, struct arena *a, const char *email, struct user *out);
int bulk_user_org_link(struct store *st, int64_t user_id, int64_t org_id);
int bulk_instr_insert(struct store *st, struct instrument *x);
int bulk_qual_insert(struct store *st, struct qualification *q);
/* inside bulk_begin/bulk_commit (store_booking_create) */
int bulk_booking_create(struct store *st, struct booking *b);
/* n bookings in few statements (store_booking_insert_many): the caller has
 * ruled out overlaps among them and with what is stored; no ids come back */
int bulk_booking_insert_many(struct store *st, const struct booking *b, int n);
int bulk_contract_insert(struct store *st, struct contract *c);
int bulk_cert_put(struct store *st, int64_t org_id, const char *tier, int year);
int bulk_target_put(struct store *st, const struct ind_target *t);
/* the demo's source figures (issue #15): official lists with validity, facts,
 * platforms, collections, instrument lookups and an achievement walk */
int bulk_tier_cert_put(struct store *st, const struct tier_cert *c);
int bulk_facts_put(struct store *st, const struct ent_facts *f);
int bulk_platform_insert(struct store *st, struct platform *p);
int bulk_collection_add(struct store *st, const char *name, int64_t achievement_id,
                        const char *added_on);
int bulk_instr_list(struct store *st, struct arena *a, const struct instr_query *q,
                    struct instrument **out, int *n, int64_t *total);
int bulk_ach_each(struct store *st, const char *status,
                  int (*cb)(void *ctx, const struct achievement *x), void *ctx);

#endif

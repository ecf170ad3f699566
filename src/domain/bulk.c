/* bulk.c - the bulk loader (see bulk.h). */
#include "domain/bulk.h"
#include "store/store.h"

int bulk_begin(struct store *st)
{
	return store_begin(st);
}

int bulk_commit(struct store *st)
{
	return store_commit(st);
}

int bulk_rollback(struct store *st)
{
	return store_rollback(st);
}

int bulk_mode(struct store *st, int on)
{
	return store_bulk_mode(st, on);
}

int bulk_org_insert(struct store *st, struct org *o)
{
	return store_org_insert(st, o);
}

int bulk_org_find(struct store *st, struct arena *a, const char *name, struct org *out)
{
	return store_org_find_by_name(st, a, name, out);
}

int bulk_org_get(struct store *st, struct arena *a, int64_t id, struct org *out)
{
	return store_org_get(st, a, id, out);
}

int bulk_org_list(struct store *st, struct arena *a, const struct org_query *q, struct org **out,
                  int *n, int64_t *total)
{
	return store_org_list(st, a, q, out, n, total);
}

int bulk_ach_insert(struct store *st, struct achievement *x)
{
	return store_achievement_insert(st, x);
}

int bulk_ach_set_status(struct store *st, int64_t id, const char *expect, const char *status,
                        const char *note)
{
	return store_achievement_set_status(st, id, expect, status, note);
}

int bulk_dem_insert(struct store *st, struct demand *x)
{
	return store_demand_insert(st, x);
}

int bulk_user_insert(struct store *st, struct user *u)
{
	return store_user_insert(st, u);
}

int bulk_user_find(struct store *st, struct arena *a, const char *email, struct user *out)
{
	return store_user_find_by_email(st, a, email, out);
}

int bulk_user_org_link(struct store *st, int64_t user_id, int64_t org_id)
{
	return store_user_org_link(st, user_id, org_id);
}

int bulk_instr_insert(struct store *st, struct instrument *x)
{
	return store_instrument_insert(st, x);
}

int bulk_qual_insert(struct store *st, struct qualification *q)
{
	return store_qualification_insert(st, q);
}

int bulk_booking_create(struct store *st, struct booking *b)
{
	return store_booking_create(st, b);
}

int bulk_booking_insert_many(struct store *st, const struct booking *b, int n)
{
	return store_booking_insert_many(st, b, n);
}

int bulk_contract_insert(struct store *st, struct contract *c)
{
	return store_contract_insert(st, c);
}

int bulk_cert_put(struct store *st, int64_t org_id, const char *tier, int year)
{
	return store_cert_put(st, org_id, tier, year);
}

int bulk_target_put(struct store *st, const struct ind_target *t)
{
	return store_target_put(st, t);
}

int bulk_tier_cert_put(struct store *st, const struct tier_cert *c)
{
	return store_tier_cert_put(st, c);
}

int bulk_facts_put(struct store *st, const struct ent_facts *f)
{
	return store_facts_put(st, f);
}

int bulk_platform_insert(struct store *st, struct platform *p)
{
	return store_platform_insert(st, p);
}

int bulk_collection_add(struct store *st, const char *name, int64_t achievement_id,
                        const char *added_on)
{
	return store_collection_add(st, name, achievement_id, added_on);
}

int bulk_instr_list(struct store *st, struct arena *a, const struct instr_query *q,
                    struct instrument **out, int *n, int64_t *total)
{
	return store_instrument_list(st, a, q, out, n, total);
}

int bulk_ach_each(struct store *st, const char *status,
                  int (*cb)(void *ctx, const struct achievement *x), void *ctx)
{
	return store_achievement_each(st, status, cb, ctx);
}

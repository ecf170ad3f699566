/* catalog_ops.c - the catalogue service (see catalog_ops.h): creation, edits,
 * pending revisions and status changes of achievements and demands, each in
 * one store transaction with an expected-status guard on status changes. */
#include "domain/catalog_ops.h"
#include "store/store.h"
#include <string.h>

int catalog_ach_get(struct store *st, struct arena *a, int64_t id, struct achievement *out)
{
	return store_achievement_get(st, a, id, out);
}

int catalog_dem_get(struct store *st, struct arena *a, int64_t id, struct demand *out)
{
	return store_demand_get(st, a, id, out);
}

int catalog_ach_list(struct store *st, struct arena *a, const struct catalog_query *q,
                     struct achievement **out, int *n, int64_t *total)
{
	return store_achievement_list(st, a, q, out, n, total);
}

int catalog_dem_list(struct store *st, struct arena *a, const struct catalog_query *q,
                     struct demand **out, int *n, int64_t *total)
{
	return store_demand_list(st, a, q, out, n, total);
}

int catalog_ach_facet(struct store *st, struct arena *a, const char *facet,
                      const struct catalog_query *q, struct facet **out, int *n)
{
	return store_achievement_facet(st, a, facet, q, out, n);
}

int catalog_pending(struct store *st, struct arena *a, bool is_ach, int64_t item_id,
                    struct revision *out)
{
	return store_revision_pending(st, a, is_ach, item_id, out);
}

/* Ends a write transaction: commit when everything before succeeded, roll
 * back otherwise; returns the first failure. */
static int finish(struct store *st, int rc)
{
	if (!rc && !(rc = store_commit(st)))
		return TB_OK;
	store_rollback(st);
	return rc;
}

/* A listing this transaction made published gets its validity end here,
 * before the commit (issue #16). */
static int set_validity(struct store *st, bool is_ach, int64_t id, const char *status,
                        const char *valid_until)
{
	if (!valid_until || strcmp(status, "published"))
		return TB_OK;
	return store_cat_set_expiry(st, is_ach, id, valid_until);
}

int catalog_ach_create(struct store *st, struct arena *a, struct achievement *x,
                       const char *valid_until, struct tb_field_error *fe)
{
	int rc;
	if ((rc = achievement_validate(x, fe)) || (rc = store_begin(st)))
		return rc;
	rc = store_achievement_insert(st, x);
	if (rc == TB_ECONFLICT)
		TB_FE(fe, "owner_org_id", "org_or_reg_no");
	if (!rc)
		rc = set_validity(st, true, x->id, x->status, valid_until);
	if (!rc)
		rc = store_achievement_get(st, a, x->id, x);
	return finish(st, rc);
}

int catalog_dem_create(struct store *st, struct arena *a, struct demand *x,
                       const char *valid_until, struct tb_field_error *fe)
{
	int rc;
	if ((rc = demand_validate(x, fe)) || (rc = store_begin(st)))
		return rc;
	rc = store_demand_insert(st, x);
	if (rc == TB_ECONFLICT)
		TB_FE(fe, "org_id", "unknown_org");
	if (!rc)
		rc = set_validity(st, false, x->id, x->status, valid_until);
	if (!rc)
		rc = store_demand_get(st, a, x->id, x);
	return finish(st, rc);
}

int catalog_ach_edit(struct store *st, struct arena *a, struct achievement *x,
                     struct tb_field_error *fe)
{
	int rc;
	if ((rc = achievement_validate(x, fe)) || (rc = store_begin(st)))
		return rc;
	if (!(rc = store_achievement_update(st, x)))
		rc = store_achievement_get(st, a, x->id, x);
	return finish(st, rc);
}

int catalog_dem_edit(struct store *st, struct arena *a, struct demand *x,
                     struct tb_field_error *fe)
{
	int rc;
	if ((rc = demand_validate(x, fe)) || (rc = store_begin(st)))
		return rc;
	if (!(rc = store_demand_update(st, x)))
		rc = store_demand_get(st, a, x->id, x);
	return finish(st, rc);
}

int catalog_propose(struct store *st, struct arena *a, struct revision *r,
                    struct tb_field_error *fe)
{
	int rc = r->is_ach ? achievement_validate(&r->ach, fe) : demand_validate(&r->dem, fe);
	if (rc || (rc = store_begin(st)))
		return rc;
	if (!(rc = store_revision_put(st, r)))
		rc = store_revision_pending(st, a, r->is_ach, r->item_id, r);
	return finish(st, rc);
}

/* Both kinds: read the current status inside the transaction, check it is
 * the one the caller decided on and that the action is allowed from it, then
 * write guarded by it. The guard in the UPDATE is what holds when another
 * connection changed the item between our read and our write (a backend
 * without SQLite's IMMEDIATE lock). */
static int transition(struct store *st, struct arena *a, bool is_ach, int64_t id,
                      const char *expect, const char *action, const char *note,
                      const char *valid_until, struct achievement *ach, struct demand *dem,
                      struct tb_field_error *fe)
{
	const char *cur, *to;
	int rc;

	if (!strcmp(action, "return") && (!note || !*note))
		return TB_FE(fe, "reason", "reason_required"), TB_EINVAL;
	if ((rc = store_begin(st)))
		return rc;
	if ((rc = is_ach ? store_achievement_get(st, a, id, ach) : store_demand_get(st, a, id, dem)))
		goto out;
	cur = is_ach ? ach->status : dem->status;
	to = catalog_transition(is_ach, cur, action);
	if (!to || (expect && strcmp(cur, expect))) {
		TB_FE_ST(fe, "status", "status_transition", action, cur);
		rc = TB_ESTATE;
		goto out;
	}
	rc = is_ach ? store_achievement_set_status(st, id, cur, to, note)
	            : store_demand_set_status(st, id, cur, to, note);
	if (rc == TB_ESTATE)
		TB_FE_S(fe, "status", "status_changed", action);
	if (!rc)
		rc = set_validity(st, is_ach, id, to, valid_until);
	if (!rc)
		rc = is_ach ? store_achievement_get(st, a, id, ach) : store_demand_get(st, a, id, dem);
out:
	return finish(st, rc);
}

int catalog_ach_transition(struct store *st, struct arena *a, int64_t id, const char *expect,
                           const char *action, const char *note, const char *valid_until,
                           struct achievement *out, struct tb_field_error *fe)
{
	return transition(st, a, true, id, expect, action, note, valid_until, out, NULL, fe);
}

int catalog_dem_transition(struct store *st, struct arena *a, int64_t id, const char *expect,
                           const char *action, const char *note, const char *valid_until,
                           struct demand *out, struct tb_field_error *fe)
{
	return transition(st, a, false, id, expect, action, note, valid_until, NULL, out, fe);
}

int catalog_ach_each(struct store *st, const char *status, int (*cb)(void *ctx,
                     const struct achievement *x), void *ctx)
{
	return store_achievement_each(st, status, cb, ctx);
}

int catalog_dem_each(struct store *st, const char *status, int (*cb)(void *ctx,
                     const struct demand *x), void *ctx)
{
	return store_demand_each(st, status, cb, ctx);
}

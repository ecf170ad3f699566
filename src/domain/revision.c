/* revision.c - accepting and rejecting pending revisions of public listings
 * (see revision.h). Both run in one store transaction so the item and the
 * revision's status never disagree. */
#include "domain/revision.h"
#include "store/store.h"
#include <string.h>

bool catalog_status_public(const char *status)
{
	return status && (!strcmp(status, "published") || !strcmp(status, "commercialised") ||
	                  !strcmp(status, "closed"));
}

/* The proposed record takes the live item's place except for what the review
 * workflow owns: id, status, review note and dates. */
static int apply(struct store *st, struct arena *a, struct revision *r, struct tb_field_error *fe)
{
	int rc;
	if (r->is_ach) {
		struct achievement live, x = r->ach;
		if ((rc = store_achievement_get(st, a, r->item_id, &live)))
			return rc;
		x.id = live.id;
		x.status = live.status;
		x.review_note = live.review_note;
		if ((rc = achievement_validate(&x, fe)))
			return rc;
		return store_achievement_update(st, &x);
	}
	struct demand live, x = r->dem;
	if ((rc = store_demand_get(st, a, r->item_id, &live)))
		return rc;
	x.id = live.id;
	x.status = live.status;
	x.review_note = live.review_note;
	if ((rc = demand_validate(&x, fe)))
		return rc;
	return store_demand_update(st, &x);
}

static int decide(struct store *st, struct arena *a, bool is_ach, int64_t item_id, int64_t reviewer,
                  bool accept, const char *reason, struct revision *out, struct tb_field_error *fe)
{
	int rc;
	if (!accept && (!reason || !*reason))
		return TB_FE_S(fe, "reason", "required_to", "reject"), TB_EINVAL;
	if ((rc = store_begin(st)))
		return rc;
	if ((rc = store_revision_pending(st, a, is_ach, item_id, out))) {
		if (rc == TB_ENOTFOUND)
			TB_FE(fe, "revision", "no_pending_revision");
		goto fail;
	}
	if (accept && (rc = apply(st, a, out, fe)))
		goto fail;
	if ((rc = store_revision_decide(st, out->id, accept ? "accepted" : "rejected", reason, reviewer)))
		goto fail;
	if ((rc = store_commit(st)))
		goto fail;
	out->status = accept ? "accepted" : "rejected";
	out->reason = reason;
	out->decided_by = reviewer;
	return TB_OK;
fail:
	store_rollback(st);
	return rc;
}

int revision_accept(struct store *st, struct arena *a, bool is_ach, int64_t item_id,
                    int64_t reviewer, struct revision *out, struct tb_field_error *fe)
{
	return decide(st, a, is_ach, item_id, reviewer, true, NULL, out, fe);
}

int revision_reject(struct store *st, struct arena *a, bool is_ach, int64_t item_id,
                    int64_t reviewer, const char *reason, struct revision *out,
                    struct tb_field_error *fe)
{
	return decide(st, a, is_ach, item_id, reviewer, false, reason, out, fe);
}

int revision_queue(struct store *st, struct arena *a, const char *status, int limit,
                  struct revision **out, int *n)
{
	return store_revision_list(st, a, status, limit, out, n);
}

int revision_history(struct store *st, struct arena *a, bool is_ach, int64_t item_id, int limit,
                     struct revision **out, int *n)
{
	return store_revision_of_item(st, a, is_ach, item_id, limit, out, n);
}

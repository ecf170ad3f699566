/* contract_ops.c - registration, amendment and termination of technology
 * contracts, with the achievement status side effect kept in the same
 * transaction as the contract write (so the catalogue and the statistics can
 * never disagree after a crash). */
#include "domain/contract_ops.h"
#include "store/store.h"
#include "domain/catalog.h"
#include "domain/indicators.h"
#include "domain/lifecycle.h"
#include "domain/payment.h"
#include "core/util.h"
#include <stdio.h>
#include <string.h>

static int resolve_party(struct store *st, struct arena *a, struct contract_party *p,
                         const char *side, struct tb_field_error *fe)
{
	struct org o;
	int rc;
	if (p->org_id > 0) {
		if ((rc = store_org_get(st, a, p->org_id, &o))) {
			if (rc == TB_ENOTFOUND) {
				char f[32];
				snprintf(f, sizeof(f), "%s.org_id", side);
				TB_FE(fe, f, "not_known_org");
				return TB_EINVAL;
			}
			return rc;
		}
		p->name = o.name;
		if (!p->region_code)
			p->region_code = o.region_code;
		p->country = CONTRACT_COUNTRY_CHINA;
		ind_party_locate(p, o.city, o.district);
		/* An org outside the province's city list is located by its region code. */
		if (!p->in_province && o.region_code && contract_code_in_province(o.region_code, NULL)) {
			p->city = NULL;
			ind_party_locate(p, NULL, NULL);
		}
		return TB_OK;
	}
	if (!p->country)
		p->country = CONTRACT_COUNTRY_CHINA;
	ind_party_locate(p, NULL, NULL);
	return TB_OK;
}

int contract_resolve_parties(struct store *st, struct arena *a, struct contract *c,
                             struct tb_field_error *fe)
{
	int rc;
	if ((rc = resolve_party(st, a, &c->seller, "seller", fe)) ||
	    (rc = resolve_party(st, a, &c->buyer, "buyer", fe)))
		return rc;
	c->local = c->buyer.in_province;
	return TB_OK;
}

/* The caller's own organisation, or one linked to them (brokers). */
static int actor_has_org(struct store *st, const struct contract_actor *by, int64_t org, bool *yes)
{
	int linked = 0, rc;
	*yes = false;
	if (org <= 0 || by->user_id <= 0)
		return TB_OK;
	if (org == by->org_id) {
		*yes = true;
		return TB_OK;
	}
	if ((rc = store_user_org_linked(st, by->user_id, org, &linked)))
		return rc;
	*yes = linked != 0;
	return TB_OK;
}

/* Issue #10, item 3: a contract links only a listing owned by one of its
 * parties (or by an organisation its registering broker represents), and a
 * listing the caller may not read answers exactly like a missing one, so the
 * endpoint cannot be used to learn that a draft exists or what status it has. */
static int check_link_owner(struct store *st, const struct contract *c, const struct contract_actor *by,
                            const char *status, int64_t owner, const char *field, const char *what,
                            struct tb_field_error *fe)
{
	bool mine = false;
	int rc;
	bool is_public = !strcmp(status, "published") || !strcmp(status, "commercialised") ||
	                 !strcmp(status, "closed");
	if (by && !by->reads_all && !is_public) {
		if ((rc = actor_has_org(st, by, owner, &mine)))
			return rc;
		if (!mine)
			return TB_FE_S(fe, field, "no_such", what), TB_ENOTFOUND;
	}
	if (owner == c->seller.org_id || owner == c->buyer.org_id)
		return TB_OK;
	if (by && by->broker) {
		if ((rc = actor_has_org(st, by, owner, &mine)))
			return rc;
		if (mine)
			return TB_OK;
	}
	return TB_FE(fe, field, "listing_not_party"), TB_EINVAL;
}

static int check_links(struct store *st, struct arena *a, struct contract *c,
                       const struct contract_actor *by, struct achievement *ach,
                       struct tb_field_error *fe)
{
	struct demand d;
	int rc;
	if (c->achievement_id > 0) {
		if ((rc = store_achievement_get(st, a, c->achievement_id, ach))) {
			if (rc == TB_ENOTFOUND)
				TB_FE_S(fe, "achievement_id", "no_such", "achievement");
			return rc;
		}
		if ((rc = check_link_owner(st, c, by, ach->status, ach->owner_org_id, "achievement_id",
		                           "achievement", fe)))
			return rc;
		if (strcmp(ach->status, "published") && strcmp(ach->status, "commercialised"))
			return TB_FE_S(fe, "achievement_id", "not_published", ach->status), TB_ESTATE;
		if (!c->field)
			c->field = ach->field;
	}
	if (c->demand_id > 0) {
		if ((rc = store_demand_get(st, a, c->demand_id, &d))) {
			if (rc == TB_ENOTFOUND)
				TB_FE_S(fe, "demand_id", "no_such", "demand");
			return rc;
		}
		if ((rc = check_link_owner(st, c, by, d.status, d.org_id, "demand_id", "demand", fe)))
			return rc;
		if (!c->field)
			c->field = d.field;
	}
	return TB_OK;
}

int contract_register(struct store *st, struct arena *a, struct contract *c,
                      const struct contract_actor *by, struct tb_field_error *fe,
                      int64_t *ach_changed)
{
	return contract_register_linked(st, a, c, by, fe, ach_changed, NULL, NULL);
}

int contract_register_linked(struct store *st, struct arena *a, struct contract *c,
                             const struct contract_actor *by, struct tb_field_error *fe,
                             int64_t *ach_changed,
                             int (*link)(void *ctx, struct store *st, const struct contract *c),
                             void *ctx)
{
	struct achievement ach;
	int rc;

	*ach_changed = 0;
	c->status = "registered";
	if (c->tx_amount_fen < 0)
		c->tx_amount_fen = c->amount_fen; /* not stated: the whole amount is technology */
	if ((rc = contract_validate(c, fe)) ||
	    (rc = payment_check_schedule(c->payment_mode, c->amount_fen, c->schedule, c->nschedule,
	                                 fe)) ||
	    (rc = contract_resolve_parties(st, a, c, fe)) ||
	    (rc = check_links(st, a, c, by, &ach, fe)))
		return rc;
	if ((rc = store_begin(st)))
		return rc;
	if ((rc = store_contract_insert(st, c))) {
		if (rc == TB_ECONFLICT)
			TB_FE(fe, "reg_no", "contract_reg_taken");
		goto fail;
	}
	/* Issue #16: the payment schedule, and the demand the contract realises closes. */
	if (c->nschedule > 0 &&
	    (rc = store_contract_schedule_put(st, c->id, c->schedule, c->nschedule)))
		goto fail;
	if (c->demand_id > 0 && (rc = lifecycle_demand_realised(st, c->demand_id, c->id)))
		goto fail;
	/* review_note is the reviewer's reason; the contract itself links the achievement. */
	if (c->achievement_id > 0 && strcmp(ach.status, "commercialised")) {
		if ((rc = store_achievement_set_status(st, c->achievement_id, ach.status, "commercialised",
		                                NULL)))
			goto fail;
		*ach_changed = c->achievement_id;
	}
	if (link && (rc = link(ctx, st, c)))
		goto fail;
	if ((rc = store_commit(st)))
		goto fail;
	return TB_OK;
fail:
	store_rollback(st);
	*ach_changed = 0;
	return rc;
}

int contract_amend(struct store *st, struct arena *a, struct contract *c, struct tb_field_error *fe)
{
	const char *to = contract_transition(c->status, "amend");
	int rc;
	if (!to)
		return TB_FE_ST(fe, "status", "contract_transition", "amend", c->status), TB_ESTATE;
	c->status = to;
	/* Parties and links are not amendable: the location snapshot stays as registered. */
	if ((rc = contract_validate(c, fe)))
		return rc;
	rc = store_contract_update(st, c);
	if (rc == TB_ECONFLICT)
		TB_FE(fe, "reg_no", "contract_reg_taken");
	return rc;
}

int contract_terminate(struct store *st, struct arena *a, int64_t id, const char *reason,
                       struct tb_field_error *fe, int64_t *ach_changed)
{
	struct contract c;
	struct achievement ach;
	int64_t live = 0;
	int rc;

	*ach_changed = 0;
	if ((rc = store_begin(st)))
		return rc;
	if ((rc = store_contract_get(st, a, id, &c)))
		goto fail;
	if (!contract_transition(c.status, "terminate")) {
		TB_FE_ST(fe, "status", "contract_transition", "terminate", c.status);
		rc = TB_ESTATE;
		goto fail;
	}
	c.status = "terminated";
	if (reason)
		c.note = reason;
	if ((rc = store_contract_update(st, &c)))
		goto fail;
	if (c.achievement_id > 0) {
		if ((rc = store_contract_live_for_ach(st, c.achievement_id, &live)))
			goto fail;
		if (!live && store_achievement_get(st, a, c.achievement_id, &ach) == TB_OK &&
		    !strcmp(ach.status, "commercialised")) {
			if ((rc = store_achievement_set_status(st, c.achievement_id, "commercialised",
			                                "published", NULL)))
				goto fail;
			*ach_changed = c.achievement_id;
		}
	}
	if ((rc = store_commit(st)))
		goto fail;
	return TB_OK;
fail:
	store_rollback(st);
	*ach_changed = 0;
	return rc;
}

int contract_get(struct store *st, struct arena *a, int64_t id, struct contract *out)
{
	return store_contract_get(st, a, id, out);
}

int contract_list(struct store *st, struct arena *a, const struct contract_query *q,
                  struct contract **out, int *n, int64_t *total)
{
	return store_contract_list(st, a, q, out, n, total);
}

int contract_schedule(struct store *st, struct arena *a, int64_t contract_id,
                      struct instalment **out, int *n)
{
	return store_contract_schedule_get(st, a, contract_id, out, n);
}

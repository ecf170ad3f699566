/* contract_ops.c - registration, amendment and termination of technology
 * contracts, with the achievement status side effect kept in the same
 * transaction as the contract write (so the catalogue and the statistics can
 * never disagree after a crash). */
#include "domain/contract_ops.h"
#include "domain/catalog.h"
#include "domain/indicators.h"
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
				tb_field_error_set(fe, f, "is not a known organisation");
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

static int check_links(struct store *st, struct arena *a, struct contract *c, struct achievement *ach,
                       struct tb_field_error *fe)
{
	struct demand d;
	int rc;
	if (c->achievement_id > 0) {
		if ((rc = store_ach_get(st, a, c->achievement_id, ach))) {
			if (rc == TB_ENOTFOUND)
				return tb_field_error_set(fe, "achievement_id", "is not a known achievement"), TB_EINVAL;
			return rc;
		}
		if (strcmp(ach->status, "published") && strcmp(ach->status, "commercialised"))
			return tb_field_error_set(fe, "achievement_id", "is %s; only a published achievement "
			                          "can be commercialised", ach->status), TB_ESTATE;
		if (!c->field)
			c->field = ach->field;
	}
	if (c->demand_id > 0) {
		if ((rc = store_dem_get(st, a, c->demand_id, &d))) {
			if (rc == TB_ENOTFOUND)
				return tb_field_error_set(fe, "demand_id", "is not a known demand"), TB_EINVAL;
			return rc;
		}
		if (!c->field)
			c->field = d.field;
	}
	return TB_OK;
}

int contract_register(struct store *st, struct arena *a, struct contract *c,
                      struct tb_field_error *fe, int64_t *ach_changed)
{
	struct achievement ach;
	int rc;

	*ach_changed = 0;
	c->status = "registered";
	if (c->tx_amount_fen < 0)
		c->tx_amount_fen = c->amount_fen; /* not stated: the whole amount is technology */
	if ((rc = contract_validate(c, fe)) || (rc = contract_resolve_parties(st, a, c, fe)) ||
	    (rc = check_links(st, a, c, &ach, fe)))
		return rc;
	if ((rc = store_begin(st)))
		return rc;
	if ((rc = store_contract_insert(st, c))) {
		if (rc == TB_ECONFLICT)
			tb_field_error_set(fe, "reg_no", "a contract with this registration number exists");
		goto fail;
	}
	/* review_note is the reviewer's reason; the contract itself links the achievement. */
	if (c->achievement_id > 0 && strcmp(ach.status, "commercialised")) {
		if ((rc = store_ach_set_status(st, c->achievement_id, "commercialised", NULL)))
			goto fail;
		*ach_changed = c->achievement_id;
	}
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
		return tb_field_error_set(fe, "status", "a %s contract cannot be amended", c->status), TB_ESTATE;
	c->status = to;
	/* Parties and links are not amendable: the location snapshot stays as registered. */
	if ((rc = contract_validate(c, fe)))
		return rc;
	rc = store_contract_update(st, c);
	if (rc == TB_ECONFLICT)
		tb_field_error_set(fe, "reg_no", "a contract with this registration number exists");
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
		tb_field_error_set(fe, "status", "the contract is already terminated");
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
		if (!live && store_ach_get(st, a, c.achievement_id, &ach) == TB_OK &&
		    !strcmp(ach.status, "commercialised")) {
			if ((rc = store_ach_set_status(st, c.achievement_id, "published", NULL)))
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

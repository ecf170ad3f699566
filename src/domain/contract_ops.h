/* contract_ops.h - the registration workflow shared by the API and the CLI:
 * resolve the parties (org rows or free-text parties) and snapshot their
 * location, check the achievement/demand the contract realises, then insert
 * the contract and mark the achievement commercialised in ONE transaction.
 * Amend and terminate keep the achievement's status consistent. */
#ifndef TB_CONTRACT_OPS_H
#define TB_CONTRACT_OPS_H

#include "domain/contract.h"
#include "core/arena.h"
struct store; /* opaque above domain; the operations are store.h's, used in domain only */

/* Fills the party snapshots (city, unit, in_province) and c->local from the
 * store; unknown org ids -> TB_EINVAL naming seller.org_id / buyer.org_id. */
int contract_resolve_parties(struct store *st, struct arena *a, struct contract *c,
                             struct tb_field_error *fe);
/* Validates and registers (status registered). When c->achievement_id is set,
 * the achievement must be published or commercialised; it becomes
 * commercialised in the same transaction. Sets c->id. Duplicate reg_no ->
 * TB_ECONFLICT naming reg_no. *ach_changed = achievement id whose status changed.
 * Unknown or unreadable achievement_id / demand_id: TB_ENOTFOUND naming it. */
/* Who registers. A linked achievement or demand must belong to the seller or
 * the buyer (or, for a broker, to an organisation linked to them); one the
 * actor may not read (not public, not their organisation's, and reads_all
 * unset) is TB_ENOTFOUND exactly like a missing id. NULL = a trusted operator
 * (the CLI), who reads every listing; the ownership rule still applies. */
struct contract_actor {
	int64_t user_id, org_id;
	bool reads_all;   /* reviewer, admin */
	bool broker;      /* linked organisations count as represented */
};
int contract_register(struct store *st, struct arena *a, struct contract *c,
                      const struct contract_actor *by, struct tb_field_error *fe,
                      int64_t *ach_changed);
/* The same, with `link` run inside the registration's transaction after the
 * insert (c->id set): a caller that ties the contract to another record
 * checks and writes that tie there, so that of two registrations at once the
 * second sees the first's tie and rolls its contract back (a non-zero return
 * rolls everything back and is returned). */
int contract_register_linked(struct store *st, struct arena *a, struct contract *c,
                             const struct contract_actor *by, struct tb_field_error *fe,
                             int64_t *ach_changed,
                             int (*link)(void *ctx, struct store *st, const struct contract *c),
                             void *ctx);
/* Saves an edited contract as amended (not allowed once terminated). */
int contract_amend(struct store *st, struct arena *a, struct contract *c, struct tb_field_error *fe);
/* Terminates; an achievement with no live contract left returns to published. */
int contract_terminate(struct store *st, struct arena *a, int64_t id, const char *reason,
                       struct tb_field_error *fe, int64_t *ach_changed);

/* Reads for the API and the CLI. */
int contract_get(struct store *st, struct arena *a, int64_t id, struct contract *out);
int contract_list(struct store *st, struct arena *a, const struct contract_query *q,
                  struct contract **out, int *n, int64_t *total);

/* A contract's instalment schedule (issue #16). */
int contract_schedule(struct store *st, struct arena *a, int64_t contract_id,
                      struct instalment **out, int *n);

#endif

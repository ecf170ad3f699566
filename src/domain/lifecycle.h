/* lifecycle.h - the life cycle of a published listing (issue #16): a
 * validity period from publication or renewal, a reminder before it ends,
 * automatic expiry (status `expired`: out of search and matches, visible to
 * the owner), renewal by the owner (back to review when changed), and a
 * demand closing at its deadline or when a registered contract realises it.
 * Every automatic change is one transaction with an expected-status guard
 * and an audit row whose actor is `system`. The maintenance run takes a
 * lease row first, so one app node (or cron) runs it at a time. */
#ifndef TB_LIFECYCLE_H
#define TB_LIFECYCLE_H

#include <stdbool.h>
#include <stdint.h>
#include "core/arena.h"
#include "core/err.h"
#include "model/catalog.h"
#include "model/release.h"
#include "store/store.h"

struct catalog_index; /* domain/docking.h; may be NULL */

#define LIFE_LEASE "maintenance"
#define LIFE_LEASE_TTL 600       /* seconds: a crashed runner's lease lapses */

void life_settings_default(struct life_settings *ls);

struct life_report {
	int assigned;            /* published rows given a validity */
	int reminded;
	int expired;
	int closed_deadline;
	int closed_realised;
	int skipped;             /* changed by someone else meanwhile */
	int bulletins;           /* bulletins made (lifecycle_maintain: the last ended week/month) */
};

/* One pass over everything due at `now`. */
int lifecycle_run(struct store *st, struct catalog_index *ix, const struct life_settings *ls,
                  int64_t now, struct life_report *r);
/* lifecycle_run under the lease: *ran = 0 when another node holds it. Then,
 * under the same lease, the bulletins of the last ended week and month
 * (domain/bulletin.h, each made once) and `then` (may be NULL): the e-mail
 * digest. */
typedef int (*life_then_fn)(struct store *st, int64_t now, void *ctx);
int lifecycle_maintain(struct store *st, struct catalog_index *ix, const struct life_settings *ls,
                       const char *holder, int64_t now, life_then_fn then, void *then_ctx,
                       int *ran, struct life_report *r);

/* The validity end of a listing published at `now` (today + validity_days),
 * for the catalogue service to write in the publishing transaction. */
int lifecycle_valid_until(const struct life_settings *ls, int64_t now, char out[11]);

/* Renewal by the owner of a published or expired listing. changed = the
 * caller applied edits to x (then x is saved and goes back to review:
 * submitted); otherwise it is (re)published for another validity period.
 * *status gets the new status. Refused (TB_ESTATE naming status) from other
 * statuses. x is the achievement or demand as loaded (and edited). */
int lifecycle_renew(struct store *st, bool is_ach, void *x, bool changed,
                    const struct life_settings *ls, int64_t user_id, const char *email,
                    int64_t now, const char **status, struct tb_field_error *fe);

/* Inside the caller's transaction (contract registration): the demand a
 * contract realises closes, audited as system. Not published: nothing. */
int lifecycle_demand_realised(struct store *st, int64_t demand_id, int64_t contract_id);

/* Sets the validity end of published achievements, n ids with until[i]
 * (NULL = left as is), in one transaction (the demo dates its data). */
int lifecycle_set_expiry(struct store *st, const int64_t *ids, const char *const *until, int n);

#endif

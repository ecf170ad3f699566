/* catalog_ops.h - the catalogue service: the one writer of achievements and
 * demands, shared by the API and the CLI. Every operation is one store
 * transaction, and every status change is guarded by the status the caller
 * decided on (UPDATE ... WHERE status = expected), so two reviewers who both
 * saw "submitted" cannot both publish, or one publish while the other returns
 * (issue #11): the second gets TB_ESTATE naming the current status. Who may
 * do what (RBAC) is the caller's decision; the rules and the writes are here.
 * No JSON, no SQL. */
#ifndef TB_CATALOG_OPS_H
#define TB_CATALOG_OPS_H

#include <stdbool.h>
#include <stdint.h>
#include "core/arena.h"
#include "core/err.h"
#include "domain/catalog.h"
#include "model/revision.h"

struct store;

/* ---- reads */
int catalog_ach_get(struct store *st, struct arena *a, int64_t id, struct achievement *out);
int catalog_dem_get(struct store *st, struct arena *a, int64_t id, struct demand *out);
int catalog_ach_list(struct store *st, struct arena *a, const struct catalog_query *q,
                     struct achievement **out, int *n, int64_t *total);
int catalog_dem_list(struct store *st, struct arena *a, const struct catalog_query *q,
                     struct demand **out, int *n, int64_t *total);
/* facet: field|city|trl|status (store_achievement_facet). */
int catalog_ach_facet(struct store *st, struct arena *a, const char *facet,
                      const struct catalog_query *q, struct facet **out, int *n);
/* The item's pending revision; TB_ENOTFOUND when none. */
int catalog_pending(struct store *st, struct arena *a, bool is_ach, int64_t item_id,
                    struct revision *out);

/* ---- writes. x is validated (TB_EINVAL naming the field), written, and read
 * back into *x (ids, timestamps, joined owner) in one transaction. */
/* valid_until (YYYY-MM-DD, lifecycle_valid_until; NULL = none): the
 * validity end a listing gets when this operation publishes it, written in
 * the same transaction, so a listing is never published without one. */
/* An unknown owner or a duplicate reg_no: TB_ECONFLICT naming owner_org_id. */
int catalog_ach_create(struct store *st, struct arena *a, struct achievement *x,
                       const char *valid_until, struct tb_field_error *fe);
/* An unknown org: TB_ECONFLICT naming org_id. */
int catalog_dem_create(struct store *st, struct arena *a, struct demand *x,
                       const char *valid_until, struct tb_field_error *fe);
/* A direct edit (drafts, or a reviewer's edit of a public item); the status
 * is not an editable field and stays as stored. */
int catalog_ach_edit(struct store *st, struct arena *a, struct achievement *x,
                     struct tb_field_error *fe);
int catalog_dem_edit(struct store *st, struct arena *a, struct demand *x,
                     struct tb_field_error *fe);
/* An edit of a public item that needs review: r->ach (or r->dem) is validated
 * and stored as the item's pending revision (replacing one that is pending),
 * and *r is read back. The live item does not change. */
int catalog_propose(struct store *st, struct arena *a, struct revision *r,
                    struct tb_field_error *fe);

/* ---- status changes: submit, publish, return, withdraw, close (demands),
 * commercialise (achievements). `expect` is the status the caller read and
 * decided on; when the item has another status by now, or the action is not
 * allowed from it, TB_ESTATE with fe naming "status" and the current status.
 * "return" requires a note (TB_EINVAL naming "reason"). *out gets the item
 * after the change. A change to published sets valid_until (see above) in
 * the same transaction (issue #16: publish and validity used to be two). */
int catalog_ach_transition(struct store *st, struct arena *a, int64_t id, const char *expect,
                           const char *action, const char *note, const char *valid_until,
                           struct achievement *out, struct tb_field_error *fe);
int catalog_dem_transition(struct store *st, struct arena *a, int64_t id, const char *expect,
                           const char *action, const char *note, const char *valid_until,
                           struct demand *out, struct tb_field_error *fe);

/* ---- streams (export) */
/* every row (status NULL = all) in id order; cb non-zero stops with that rc */
int catalog_ach_each(struct store *st, const char *status, int (*cb)(void *ctx,
                     const struct achievement *x), void *ctx);
int catalog_dem_each(struct store *st, const char *status, int (*cb)(void *ctx,
                     const struct demand *x), void *ctx);

#endif

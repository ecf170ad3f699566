/* revision.h - pending revisions of public listings. An outside probe found
 * that an owner's edit of a published achievement went live at once, without
 * review (issue #10). Now such an edit is stored as a revision: the whole
 * proposed record, invisible to the public, until a reviewer accepts it (the
 * record is copied onto the item in one transaction) or rejects it. One
 * pending revision per item; a newer edit replaces it. No JSON, no SQL. */
#ifndef TB_REVISION_H
#define TB_REVISION_H

#include <stdbool.h>
#include <stdint.h>
#include "core/arena.h"
#include "core/err.h"
#include "domain/catalog.h"
#include "model/revision.h"

struct store;


/* Public statuses: an edit of an item in one of these needs review. */
bool catalog_status_public(const char *status);

/* Applies the item's pending revision (its editable fields; status, notes and
 * dates stay the item's) after validating it, and marks it accepted, in one
 * transaction. TB_ENOTFOUND when the item has none; TB_EINVAL naming the field
 * when the proposed record no longer validates. *out gets the revision. */
int revision_accept(struct store *st, struct arena *a, bool is_ach, int64_t item_id,
                    int64_t reviewer, struct revision *out, struct tb_field_error *fe);
/* Drops the pending revision with a reason (required). */
int revision_reject(struct store *st, struct arena *a, bool is_ach, int64_t item_id,
                    int64_t reviewer, const char *reason, struct revision *out,
                    struct tb_field_error *fe);

/* newest first; status NULL = any */
int revision_queue(struct store *st, struct arena *a, const char *status, int limit,
                  struct revision **out, int *n);
/* Every revision of one item, newest first (its history, issue #18). */
int revision_history(struct store *st, struct arena *a, bool is_ach, int64_t item_id, int limit,
                     struct revision **out, int *n);

#endif

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

struct store;

struct revision {
	int64_t id;
	bool is_ach;              /* kind: achievement or demand */
	int64_t item_id;
	int64_t author_id;        /* user who proposed it (0 = unknown) */
	const char *status;       /* pending, accepted, rejected */
	const char *reason;       /* the reviewer's reason on reject */
	int64_t decided_by;
	const char *decided_at, *created_at;
	struct achievement ach;   /* the proposed record when is_ach */
	struct demand dem;        /* the proposed record otherwise */
};

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

#endif

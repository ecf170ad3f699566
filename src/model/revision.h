/* revision.h - a pending revision of a public listing: the whole proposed
 * record, kept apart from the item until a reviewer accepts or rejects it
 * (issue #10: an owner's edit of a published item used to go live at once).
 * Plain record; the rules are in domain/revision_ops.h. */
#ifndef TB_MODEL_REVISION_H
#define TB_MODEL_REVISION_H

#include <stdbool.h>
#include <stdint.h>
#include "model/catalog.h"

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

#endif

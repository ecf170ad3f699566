/* visibility.h - who may read catalogue listings that the public does not
 * see (draft, submitted, returned, withdrawn, expired achievements and
 * demands). The rule is the domain's: the API and the CLI ask here and only
 * turn the answer into 401/403 or a message.
 *
 * Rule (docs/security.md, "read_any" / "read_draft"): admins and reviewers
 * read every item; members, org_admins and brokers read their own
 * organisation's items, and a broker also those of organisations that
 * consented to be represented with the "listings" scope; anonymous readers
 * and any other role read public items only. */
#ifndef TB_DOMAIN_VISIBILITY_H
#define TB_DOMAIN_VISIBILITY_H

#include <stdbool.h>
#include <stdint.h>
#include "core/arena.h"
#include "domain/actor.h"
#include "model/catalog.h"

struct store;

/* How a role reads hidden listings: 0 never, 1 every one, 2 its own
 * organisation's (and represented ones). For role-only listings such as
 * /api/auth/me's capabilities. */
int listing_role_reads_hidden(const char *role);
/* May `who` read hidden listings of owner_org (0 = of any organisation)? */
bool listing_reads_hidden(struct store *st, const struct actor *who, int64_t owner_org);
/* One item in `status` owned by owner_org: TB_OK, or TB_EAUTH (nobody is
 * logged in) / TB_EPERM (logged in, not allowed). Published, commercialised
 * and closed items are public. */
int listing_read_check(struct store *st, const struct actor *who, const char *status,
                       int64_t owner_org);
/* A listing filtered by `status` (NULL = published) and org_id (0 = any): a
 * status other than published needs hidden reads of that organisation. */
int listing_list_check(struct store *st, const struct actor *who, const char *status,
                       int64_t org_id);
/* Matches of one item: only a published item is public here. */
int listing_match_check(struct store *st, const struct actor *who, const char *status,
                        int64_t owner_org);

/* A challenge listing (issue #13): draft and submitted challenges are listed
 * to the bureau (reviewers, admins) and, when the query names issuer_org, to
 * that organisation's side (as for listings above). true: only the statuses
 * the public may see. */
bool challenge_list_public_only(struct store *st, const struct actor *who, int64_t issuer_org);

/* The reads: the item, or TB_ENOTFOUND / TB_EAUTH / TB_EPERM. */
int catalog_ach_read(struct store *st, struct arena *a, const struct actor *who, int64_t id,
                     struct achievement *out);
int catalog_dem_read(struct store *st, struct arena *a, const struct actor *who, int64_t id,
                     struct demand *out);

#endif

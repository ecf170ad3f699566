/* visibility.c - see visibility.h. The one statement of who reads hidden
 * catalogue listings; api/policy.c asks listing_reads_hidden() for its
 * read_any/read_draft actions instead of keeping rows of its own. */
#include "domain/visibility.h"
#include "domain/account_ops.h"
#include "domain/catalog_ops.h"
#include "core/err.h"
#include <string.h>

static bool is(const char *role, const char *name) { return role && !strcmp(role, name); }

int listing_role_reads_hidden(const char *role)
{
	if (is(role, "admin") || is(role, "reviewer"))
		return 1;
	if (is(role, "member") || is(role, "org_admin") || is(role, "broker"))
		return 2;
	return 0;
}

bool listing_reads_hidden(struct store *st, const struct actor *who, int64_t owner_org)
{
	int ok = 0;
	switch (who ? listing_role_reads_hidden(who->role) : 0) {
	case 1:
		return true;
	case 2:
		if (owner_org <= 0 || who->user_id <= 0)
			return false;
		if (owner_org == who->org_id)
			return true;
		/* A broker's consent is read on every request: revoking it ends the
		 * access at once. */
		return account_rep_allows(st, who->user_id, owner_org, "listings", &ok) == TB_OK && ok;
	}
	return false;
}

static int verdict(struct store *st, const struct actor *who, int64_t owner_org)
{
	if (listing_reads_hidden(st, who, owner_org))
		return TB_OK;
	return who && who->user_id > 0 ? TB_EPERM : TB_EAUTH;
}

int listing_read_check(struct store *st, const struct actor *who, const char *status,
                       int64_t owner_org)
{
	if (status && (!strcmp(status, "published") || !strcmp(status, "commercialised") ||
	               !strcmp(status, "closed")))
		return TB_OK;
	return verdict(st, who, owner_org);
}

int listing_list_check(struct store *st, const struct actor *who, const char *status,
                       int64_t org_id)
{
	if (!status || !strcmp(status, "published"))
		return TB_OK;
	return verdict(st, who, org_id);
}

int listing_match_check(struct store *st, const struct actor *who, const char *status,
                        int64_t owner_org)
{
	if (status && !strcmp(status, "published"))
		return TB_OK;
	return verdict(st, who, owner_org);
}

bool challenge_list_public_only(struct store *st, const struct actor *who, int64_t issuer_org)
{
	return !listing_reads_hidden(st, who, issuer_org > 0 ? issuer_org : 0);
}

int catalog_ach_read(struct store *st, struct arena *a, const struct actor *who, int64_t id,
                     struct achievement *out)
{
	int rc = catalog_ach_get(st, a, id, out);
	return rc ? rc : listing_read_check(st, who, out->status, out->owner_org_id);
}

int catalog_dem_read(struct store *st, struct arena *a, const struct actor *who, int64_t id,
                     struct demand *out)
{
	int rc = catalog_dem_get(st, a, id, out);
	return rc ? rc : listing_read_check(st, who, out->status, out->org_id);
}

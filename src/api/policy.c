/* policy.c - the one place that decides who may do what: a table of
 * role x resource x action -> allow / allow-if-own-organisation / deny, read
 * by api_allow(). There is no "open" mode. Rules (docs/security.md):
 * anonymous reads published items only; members and org_admins create, edit
 * and submit their own organisation's drafts; only reviewers (and admin)
 * publish or return; only the owner organisation withdraws, closes or marks
 * commercialised; brokers act for every organisation linked to them; admin may
 * do everything. A (resource, action) pair with no row is denied to everyone
 * but admin, so a new resource is closed until someone writes its rows. */
#include "api/api.h"
#include "domain/account_ops.h"
#include "core/util.h"
#include <stdio.h>
#include <string.h>

enum effect { DENY = 0, ALLOW, OWN };

struct rule { const char *role, *resource, *action; enum effect e; };

/* "*" as action matches any action of the resource; "*" as resource any resource. */
static const struct rule rules[] = {
	{ "admin", "*", "*", ALLOW },

	/* ---- catalogue: achievements and demands */
	{ "anonymous", "achievement", "read", ALLOW },
	{ "anonymous", "demand", "read", ALLOW },
#define OWNER_SIDE(role, res)                                                                     \
	{ role, res, "read", ALLOW }, { role, res, "read_any", OWN }, { role, res, "read_draft", OWN }, \
	{ role, res, "create", OWN }, { role, res, "update", OWN }, { role, res, "submit", OWN },     \
	{ role, res, "withdraw", OWN }, { role, res, "close", OWN }, { role, res, "commercialise", OWN }
	OWNER_SIDE("member", "achievement"), OWNER_SIDE("member", "demand"),
	OWNER_SIDE("org_admin", "achievement"), OWNER_SIDE("org_admin", "demand"),
	OWNER_SIDE("broker", "achievement"), OWNER_SIDE("broker", "demand"),
#undef OWNER_SIDE
#define REVIEW_SIDE(res)                                                                          \
	{ "reviewer", res, "read", ALLOW }, { "reviewer", res, "read_any", ALLOW },                   \
	{ "reviewer", res, "read_draft", ALLOW }, { "reviewer", res, "publish", ALLOW },              \
	{ "reviewer", res, "return", ALLOW }
	REVIEW_SIDE("achievement"), REVIEW_SIDE("demand"),
#undef REVIEW_SIDE

	/* == release (issue #16): the live quality checklist of an unsaved form
	 * (computes, stores nothing); renewal by the owner organisation == */
#define RELEASE_SIDE(res)                                                                         \
	{ "member", res, "score", ALLOW }, { "org_admin", res, "score", ALLOW },                      \
	{ "broker", res, "score", ALLOW }, { "reviewer", res, "score", ALLOW },                       \
	{ "member", res, "renew", OWN }, { "org_admin", res, "renew", OWN },                          \
	{ "broker", res, "renew", OWN }
	RELEASE_SIDE("achievement"), RELEASE_SIDE("demand"),
#undef RELEASE_SIDE
	/* one's own subscriptions and notifications (the store scopes them to the user) */
#define SUBSCRIBER(role)                                                                          \
	{ role, "subscription", "read", ALLOW }, { role, "subscription", "create", ALLOW },           \
	{ role, "subscription", "delete", ALLOW }, { role, "notification", "read", ALLOW },           \
	{ role, "notification", "update", ALLOW }, { role, "mail", "read", ALLOW },                 \
	{ role, "mail", "update", ALLOW }, { role, "mail", "unsubscribe", ALLOW }
	SUBSCRIBER("member"), SUBSCRIBER("org_admin"), SUBSCRIBER("broker"), SUBSCRIBER("reviewer"),
#undef SUBSCRIBER
	/* the digest's unsubscribe link works without login (a signed token) */
	{ "anonymous", "mail", "unsubscribe", ALLOW },

	/* ---- organisations: public directory; an org_admin edits their own */
	{ "anonymous", "org", "read", ALLOW },
	{ "member", "org", "read", ALLOW },
	{ "broker", "org", "read", ALLOW },
	{ "reviewer", "org", "read", ALLOW },
	{ "org_admin", "org", "read", ALLOW },
	{ "org_admin", "org", "update", OWN },

	/* ---- users: an org_admin manages the accounts of their own organisation,
	 * and may grant only the roles below ("role" resource, action = the role). */
	{ "org_admin", "user", "read", OWN },
	{ "org_admin", "user", "create", OWN },
	{ "org_admin", "user", "update", OWN },
	{ "org_admin", "user", "password", OWN },
	{ "org_admin", "role", "member", ALLOW },
	{ "org_admin", "role", "org_admin", ALLOW },

	/* ---- one's own account and API tokens (the store scopes them to the user) */
	{ "member", "account", "password", ALLOW },
	{ "org_admin", "account", "password", ALLOW },
	{ "broker", "account", "password", ALLOW },
	{ "reviewer", "account", "password", ALLOW },
	{ "member", "token", "*", ALLOW },
	{ "org_admin", "token", "*", ALLOW },
	{ "broker", "token", "*", ALLOW },
	{ "reviewer", "token", "*", ALLOW },

	/* ---- audit: admin only (the admin row above); no other row on purpose. */

	/* == instruments and bookings == */
	/* The catalogue and its statistics are public; the owner organisation
	 * manages its instruments and bills their use; its org_admins (not its
	 * members) see the approval queue and approve or reject - and the domain
	 * (booking_act) also refuses anyone approving their own request; a booker
	 * books, cancels and accepts offers for their own organisation;
	 * reviewers (science bureau) read every booking and statement. */
#define INSTR_ANYONE(role) { role, "instrument", "read", ALLOW }, { role, "instrument", "stats", ALLOW }
	INSTR_ANYONE("anonymous"), INSTR_ANYONE("member"), INSTR_ANYONE("org_admin"),
	INSTR_ANYONE("broker"), INSTR_ANYONE("reviewer"),
#undef INSTR_ANYONE
#define INSTR_STAFF(role)                                                                         \
	{ role, "booking", "create", OWN }, { role, "booking", "read", OWN },                         \
	{ role, "booking", "cancel", OWN }, { role, "booking", "accept", OWN },                       \
	{ role, "statement", "read", OWN }
	INSTR_STAFF("member"), INSTR_STAFF("org_admin"),
#undef INSTR_STAFF
	{ "org_admin", "booking", "approve", OWN },
	{ "org_admin", "booking", "reject", OWN },
	/* Recording actual use (and so the fee) is managing a booking: the
	 * instrument organisation's org_admins, not its members (README roles). */
	{ "org_admin", "booking", "usage", OWN },
	{ "org_admin", "instrument", "create", OWN },
	{ "org_admin", "instrument", "update", OWN },
	{ "broker", "booking", "create", OWN },
	{ "broker", "booking", "read", OWN },
	{ "broker", "booking", "cancel", OWN },
	{ "broker", "booking", "accept", OWN },
	/* A broker acts as a member for the organisations linked to them (README):
	 * members read their organisation's statements, so may the broker. */
	{ "broker", "statement", "read", OWN },
	{ "reviewer", "booking", "read", ALLOW },
	{ "reviewer", "statement", "read", ALLOW },

	/* == contracts and indicators == */
	/* Official indicators are public. A seller organisation registers and
	 * reads its own contracts; the science bureau (reviewer) reads all,
	 * amends and terminates registrations and sets the year's targets. */
	{ "anonymous", "indicator", "read", ALLOW },
	{ "member", "indicator", "read", ALLOW },
	{ "org_admin", "indicator", "read", ALLOW },
	{ "broker", "indicator", "read", ALLOW },
	{ "reviewer", "indicator", "read", ALLOW },
	{ "member", "contract", "create", OWN },
	{ "member", "contract", "read", OWN },
	{ "org_admin", "contract", "create", OWN },
	{ "org_admin", "contract", "read", OWN },
	{ "org_admin", "contract", "update", OWN },
	{ "broker", "contract", "create", OWN },
	{ "broker", "contract", "read", OWN },
	{ "reviewer", "contract", "read", ALLOW },
	{ "reviewer", "contract", "update", ALLOW },
	{ "reviewer", "contract", "terminate", ALLOW },
	{ "reviewer", "target", "update", ALLOW },

};

static enum effect lookup(const char *role, const char *resource, const char *action)
{
	const struct rule *any_action = NULL, *any = NULL;
	for (size_t i = 0; i < ARRAY_SIZE(rules); i++) {
		const struct rule *r = &rules[i];
		if (strcmp(r->role, role))
			continue;
		if (!strcmp(r->resource, resource)) {
			if (!strcmp(r->action, action))
				return r->e;
			if (!strcmp(r->action, "*"))
				any_action = r;
		} else if (!strcmp(r->resource, "*") && !strcmp(r->action, "*")) {
			any = r;
		}
	}
	return any_action ? any_action->e : any ? any->e : DENY;
}

/* Own organisation: the primary one, or one linked in user_orgs (brokers). */
static bool owns(struct api_ctx *c, int64_t owner_org)
{
	int linked = 0;
	if (owner_org <= 0 || c->who.user_id <= 0)
		return false;
	if (owner_org == c->who.org_id)
		return true;
	if (account_user_org_linked(c->st, c->who.user_id, owner_org, &linked))
		return false;
	return linked != 0;
}

bool api_may(struct api_ctx *c, const char *resource, const char *action, int64_t owner_org)
{
	enum effect e = lookup(c->who.role ? c->who.role : "anonymous", resource, action);
	return e == ALLOW || (e == OWN && owns(c, owner_org));
}

int api_role_may(const char *role, const char *resource, const char *action)
{
	enum effect e = lookup(role ? role : "anonymous", resource, action);
	return e == ALLOW ? 1 : e == OWN ? 2 : 0;
}

bool api_allow(struct api_ctx *c, const char *resource, const char *action, int64_t owner_org)
{
	bool ok = api_may(c, resource, action, owner_org);
	/* Reads are too many to log; every decision about a write is recorded. */
	if (strncmp(action, "read", 4)) {
		char detail[48] = "";
		if (owner_org > 0)
			snprintf(detail, sizeof(detail), "org %lld", (long long)owner_org);
		api_audit(c, action, resource, c->nids > 0 ? c->ids[0] : 0, ok ? "allow" : "deny",
		          detail[0] ? detail : NULL);
	}
	if (ok)
		return true;
	if (c->who.user_id <= 0)
		api_error(c, 401, "login required", NULL);
	else
		api_error(c, 403, "not allowed for your role or organisation", NULL);
	return false;
}

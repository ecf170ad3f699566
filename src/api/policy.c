/* policy.c - the one place that decides who may do what: a table of
 * role x resource x action -> allow / allow-if-own-organisation / deny, read
 * by api_allow(). There is no "open" mode. Rules (docs/security.md):
 * anonymous reads published items only; members and org_admins create, edit
 * and submit their own organisation's drafts; only reviewers (and admin)
 * publish or return; only the owner organisation withdraws, closes or marks
 * commercialised; brokers act for organisations that consented to them, within
 * the consent's scope (listings, contracts, bookings, cases); admin may
 * do everything. A (resource, action) pair with no row is denied to everyone
 * but admin, so a new resource is closed until someone writes its rows. */
#include "api/api.h"
#include "domain/account_ops.h"
#include "domain/visibility.h"
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
	{ role, res, "read", ALLOW },                                                                \
	{ role, res, "create", OWN }, { role, res, "update", OWN }, { role, res, "submit", OWN },     \
	{ role, res, "withdraw", OWN }, { role, res, "close", OWN }, { role, res, "commercialise", OWN }
	OWNER_SIDE("member", "achievement"), OWNER_SIDE("member", "demand"),
	OWNER_SIDE("org_admin", "achievement"), OWNER_SIDE("org_admin", "demand"),
	OWNER_SIDE("broker", "achievement"), OWNER_SIDE("broker", "demand"),
#undef OWNER_SIDE
#define REVIEW_SIDE(res)                                                                          \
	{ "reviewer", res, "read", ALLOW }, { "reviewer", res, "publish", ALLOW },                    \
	{ "reviewer", res, "return", ALLOW }
	REVIEW_SIDE("achievement"), REVIEW_SIDE("demand"),
#undef REVIEW_SIDE

	/* ---- brokers (docs/docking.md): a public directory; the institution's
	 * org_admin keeps its brokers' profiles; consent to representation is the
	 * represented organisation's (checked again in domain/brokerage.c) */
	{ "anonymous", "broker", "read", ALLOW },
	{ "member", "broker", "read", ALLOW },
	{ "org_admin", "broker", "read", ALLOW },
	{ "broker", "broker", "read", ALLOW },
	{ "reviewer", "broker", "read", ALLOW },
	{ "org_admin", "broker", "update", OWN },
	{ "broker", "representation", "request", ALLOW },
	{ "org_admin", "representation", "read", OWN },
	/* cases: parties and brokers open them (the domain checks they are a party);
	 * reviewers see all of them for the KPIs */
	{ "member", "case", "create", ALLOW },
	{ "org_admin", "case", "create", ALLOW },
	{ "broker", "case", "create", ALLOW },
	{ "reviewer", "case", "read_any", ALLOW },
	/* KPIs counted from registered contracts: the bureau's reviewers (a broker
	 * their own figures, checked in api/brokers.c) */
	{ "reviewer", "kpi", "read", ALLOW },
	/* events: a public calendar (creation, check-in: domain/brokerage.c) */
	{ "anonymous", "event", "read", ALLOW },
	{ "member", "event", "read", ALLOW },
	{ "org_admin", "event", "read", ALLOW },
	{ "broker", "event", "read", ALLOW },
	{ "reviewer", "event", "read", ALLOW },
	{ "org_admin", "event", "create", OWN },
	{ "reviewer", "event", "create", ALLOW },
	/* contact requests and match feedback: any logged-in account (the domain
	 * fixes the party: the actor's own organisation or one that consented) */
	{ "member", "contact", "create", ALLOW },
	{ "org_admin", "contact", "create", ALLOW },
	{ "broker", "contact", "create", ALLOW },
	{ "reviewer", "contact", "create", ALLOW },
	{ "member", "feedback", "put", ALLOW },
	{ "org_admin", "feedback", "put", ALLOW },
	{ "broker", "feedback", "put", ALLOW },
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
	/* bulletins: public like the published listings they are made of; the
	 * science bureau makes one the scheduler has not (issue #16) */
	{ "anonymous", "bulletin", "read", ALLOW }, { "member", "bulletin", "read", ALLOW },
	{ "org_admin", "bulletin", "read", ALLOW }, { "broker", "bulletin", "read", ALLOW },
	{ "reviewer", "bulletin", "read", ALLOW }, { "reviewer", "bulletin", "create", ALLOW },
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

	/* == challenges (揭榜挂帅, docs/challenges.md) == */
	/* Published challenges are public. An organisation drafts and submits its
	 * own (create/update/submit OWN the issuer), closes applications after the
	 * deadline, applies as a team (apply OWN the team), reports its milestones
	 * (report OWN the team) and, as end user, accepts milestones and the
	 * result (OWN the end user). The science bureau (reviewer) runs the
	 * review: publish/return, experts, winners, notice, confirm, tranches.
	 * "score" is allowed to every account because experts are not a role:
	 * the domain lets only the challenge's assigned, non-excluded experts
	 * score, and seals applications until the deadline for everyone. */
#define CH_ORG(role)                                                                              \
	{ role, "challenge", "read", ALLOW }, { role, "challenge", "create", OWN },                   \
	{ role, "challenge", "update", OWN }, { role, "challenge", "submit", OWN },                   \
	{ role, "challenge", "close_applications", OWN }, { role, "challenge", "apply", OWN },        \
	{ role, "challenge", "report", OWN }, { role, "challenge", "accept_milestone", OWN },         \
	{ role, "challenge", "accept", OWN }, { role, "challenge", "object", ALLOW },                 \
	{ role, "challenge", "score", ALLOW }
	CH_ORG("member"), CH_ORG("org_admin"), CH_ORG("broker"),
#undef CH_ORG
	{ "org_admin", "challenge", "register_contract", OWN },
	{ "anonymous", "challenge", "read", ALLOW },
#define CH_BUREAU(action) { "reviewer", "challenge", action, ALLOW }
	CH_BUREAU("read"), CH_BUREAU("create"), CH_BUREAU("update"), CH_BUREAU("submit"),
	CH_BUREAU("publish"), CH_BUREAU("return"), CH_BUREAU("close_applications"),
	CH_BUREAU("start_review"), CH_BUREAU("assign_expert"), CH_BUREAU("score"),
	CH_BUREAU("select"), CH_BUREAU("object"), CH_BUREAU("decide_objection"),
	CH_BUREAU("confirm"), CH_BUREAU("register_contract"), CH_BUREAU("start"),
	CH_BUREAU("pay"), CH_BUREAU("fail"), CH_BUREAU("reopen"), CH_BUREAU("close"),
	CH_BUREAU("accept"),
#undef CH_BUREAU
	/* == enterprise tiers (issue #15) == */
	/* Rule sets and the certification list are published: anyone reads them;
	 * the science bureau (reviewer) writes them, imports facts, evaluates and
	 * sees the pipeline. An enterprise's facts and standing are its own: its
	 * members and org_admins read them, its org_admins report them, and a
	 * broker reads them only for organisations linked to the broker (the link
	 * is the enterprise's consent, docs/registries.md). */
#define TIER_PUBLIC(role) { role, "tier_rule", "read", ALLOW }, { role, "certification", "read", ALLOW }, \
	                  { role, "platform", "read", ALLOW }
	TIER_PUBLIC("anonymous"), TIER_PUBLIC("member"), TIER_PUBLIC("org_admin"),
	TIER_PUBLIC("broker"), TIER_PUBLIC("reviewer"),
#undef TIER_PUBLIC
	{ "member", "facts", "read", OWN },
	{ "org_admin", "facts", "read", OWN },
	{ "org_admin", "facts", "create", OWN },
	{ "broker", "facts", "read", OWN },
	{ "reviewer", "facts", "read", ALLOW },
	{ "reviewer", "facts", "create", ALLOW },
	{ "reviewer", "facts", "import", ALLOW },
	{ "reviewer", "tier_rule", "create", ALLOW },
	{ "reviewer", "tier_rule", "retire", ALLOW },
	{ "reviewer", "tier", "evaluate", ALLOW },
	{ "reviewer", "tier", "pipeline", ALLOW },
	{ "reviewer", "certification", "create", ALLOW },
	/* the platform registry: public; the bureau registers, evaluates and links */
	{ "reviewer", "platform", "create", ALLOW },
	{ "reviewer", "platform", "update", ALLOW },
	/* == alliances and service agencies (issue #15) == */
	/* Both registries are public. The bureau (reviewer) registers alliances;
	 * the bureau or an org_admin of the lead organisation adds members and
	 * records activities (OWN = the lead). An agency's profile is written by
	 * the bureau or by the agency's own org_admin (OWN = the agency). */
#define REG_PUBLIC(role) { role, "alliance", "read", ALLOW }, { role, "agency", "read", ALLOW }
	REG_PUBLIC("anonymous"), REG_PUBLIC("member"), REG_PUBLIC("org_admin"), REG_PUBLIC("broker"),
	REG_PUBLIC("reviewer"),
#undef REG_PUBLIC
	{ "reviewer", "alliance", "create", ALLOW },
	{ "reviewer", "alliance", "update", ALLOW },
	{ "org_admin", "alliance", "update", OWN },
	{ "reviewer", "agency", "update", ALLOW },
	{ "org_admin", "agency", "update", OWN },
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

/* The consent scope a resource falls under when a broker acts for an
 * organisation (docs/docking.md); NULL: never through representation. */
static const char *rep_scope(const char *resource)
{
	/* A challenge is a published need like a demand, and an enterprise's
	 * annual facts are read for its listings' sake (issue #15: "with consent,
	 * its brokers"): both fall under the listings consent. */
	if (!strcmp(resource, "achievement") || !strcmp(resource, "demand") ||
	    !strcmp(resource, "feedback") || !strcmp(resource, "contact") ||
	    !strcmp(resource, "challenge") || !strcmp(resource, "facts") || !strcmp(resource, "tier"))
		return "listings";
	if (!strcmp(resource, "contract"))
		return "contracts";
	if (!strcmp(resource, "booking") || !strcmp(resource, "statement"))
		return "bookings";
	if (!strcmp(resource, "case"))
		return "cases";
	return NULL;
}

/* Own organisation: the primary one, or one that consented to be represented
 * by this user (brokers) for this kind of resource; revoking the consent ends
 * it at once, since it is read on every request. */
static bool owns(struct api_ctx *c, const char *resource, int64_t owner_org)
{
	const char *scope = rep_scope(resource);
	int ok = 0;
	if (owner_org <= 0 || c->who.user_id <= 0)
		return false;
	if (owner_org == c->who.org_id)
		return true;
	if (!scope || account_rep_allows(c->st, c->who.user_id, owner_org, scope, &ok))
		return false;
	return ok != 0;
}

/* Reading hidden listings (read_any: list a non-published status; read_draft:
 * get a non-published item) is the domain's rule (domain/visibility.h); the
 * table holds no rows for it, so the two cannot disagree. */
static bool hidden_listing_read(const char *resource, const char *action)
{
	return (!strcmp(resource, "achievement") || !strcmp(resource, "demand")) &&
	       (!strcmp(action, "read_any") || !strcmp(action, "read_draft"));
}

struct actor api_actor(const struct api_ctx *c)
{
	struct actor a = { c->who.user_id, c->who.org_id, c->who.role };
	return a;
}

bool api_may(struct api_ctx *c, const char *resource, const char *action, int64_t owner_org)
{
	enum effect e;
	if (hidden_listing_read(resource, action)) {
		struct actor a = api_actor(c);
		/* read_any without an organisation: "of any organisation" (reviewers). */
		return listing_reads_hidden(c->st, &a, owner_org);
	}
	e = lookup(c->who.role ? c->who.role : "anonymous", resource, action);
	return e == ALLOW || (e == OWN && owns(c, resource, owner_org));
}

int api_role_may(const char *role, const char *resource, const char *action)
{
	enum effect e;
	if (hidden_listing_read(resource, action))
		return listing_role_reads_hidden(role);
	e = lookup(role ? role : "anonymous", resource, action);
	return e == ALLOW ? 1 : e == OWN ? 2 : 0;
}

bool api_answer_denied(struct api_ctx *c, int rc)
{
	if (rc == TB_OK)
		return false;
	if (rc == TB_EAUTH)
		api_error(c, 401, "login required", NULL);
	else if (rc == TB_EPERM)
		api_error(c, 403, "not allowed for your role or organisation", NULL);
	else
		api_fail(c, rc);
	return true;
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

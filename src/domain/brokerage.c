/* brokerage.c - see brokerage.h. State machines are the tables below; every
 * status change goes through a store UPDATE guarded by the expected current
 * status, inside one transaction with its audit row. */
#include "model/region.h"
#include "domain/brokerage.h"
#include "domain/account_ops.h"
#include "store/store.h"
#include "core/util.h"
#include "model/names.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int audit(struct store *st, const struct actor *by, const char *action, const char *resource,
		 int64_t id, const char *detail)
{
	return audit_ok(st, by ? by->user_id : 0, NULL, by && by->role ? by->role : "system", resource,
	                action, id, detail);
}

/* The end of a write: its audit row, then commit; when either fails the
 * transaction is rolled back and that error returned. */
static int audit_commit(struct store *st, const struct actor *by, const char *action,
                        const char *resource, int64_t id, const char *detail)
{
	int rc;
	if ((rc = audit(st, by, action, resource, id, detail)) || (rc = store_commit(st)))
		store_rollback(st);
	return rc;
}

static bool is_date(const char *s) { return s && parse_date(s, NULL, NULL, NULL); }

/* Every element of a comma-separated list is one of names. */
static bool list_in(const char *list, const char *const *names, char *bad, size_t badn)
{
	const char *p = list;
	while (p && *p) {
		const char *e = strchr(p, ',');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		bool ok = false;
		for (size_t i = 0; names[i]; i++)
			if (strlen(names[i]) == n && !strncmp(names[i], p, n))
				ok = true;
		if (!ok) {
			snprintf(bad, badn, "%.*s", (int)(n < 40 ? n : 40), p);
			return false;
		}
		p = e ? e + 1 : NULL;
	}
	return true;
}

/* ---------------------------------------------------------------- brokers */

int broker_validate(const struct broker *b, struct tb_field_error *fe)
{
	if (b->user_id <= 0)
		return TB_FE(fe, "user_id", "field_required"), TB_EINVAL;
	if (b->institution_id <= 0)
		return TB_FE(fe, "institution_id", "field_required"), TB_EINVAL;
	if (!b->name || !*b->name || strlen(b->name) > 100)
		return TB_FE_N(fe, "name", "required_max_bytes", 100), TB_EINVAL;
	if (!name_in(broker_grades, b->grade))
		return TB_FE_S(fe, "grade", "one_of", "junior, middle or senior"), TB_EINVAL;
	if (b->cert_date && !is_date(b->cert_date))
		return TB_FE(fe, "cert_date", "invalid_date"), TB_EINVAL;
	if (b->cert_expiry && !is_date(b->cert_expiry))
		return TB_FE(fe, "cert_expiry", "invalid_date"), TB_EINVAL;
	if (b->cert_date && b->cert_expiry && strcmp(b->cert_expiry, b->cert_date) < 0)
		return TB_FE_S(fe, "cert_expiry", "before_field", "cert_date"), TB_EINVAL;
	if ((b->fields && strlen(b->fields) > 500) || (b->regions && strlen(b->regions) > 500))
		return TB_FE_N(fe, b->fields && strlen(b->fields) > 500 ? "fields" : "regions",
		               "too_long_bytes", 500), TB_EINVAL;
	return TB_OK;
}

int broker_save(struct store *st, struct arena *a, const struct actor *by, const struct broker *b,
		struct tb_field_error *fe)
{
	struct user u;
	struct org o;
	int rc;
	if ((rc = broker_validate(b, fe)))
		return rc;
	if ((rc = store_begin(st)))
		return rc;
	if ((rc = store_user_get(st, a, b->user_id, &u))) {
		if (rc == TB_ENOTFOUND)
			TB_FE_S(fe, "user_id", "no_such", "user"), rc = TB_EINVAL;
		goto fail;
	}
	if (strcmp(u.role, "broker")) {
		TB_FE_S(fe, "user_id", "role_not_broker", u.role);
		rc = TB_EINVAL;
		goto fail;
	}
	if ((rc = store_org_get(st, a, b->institution_id, &o))) {
		if (rc == TB_ENOTFOUND)
			TB_FE(fe, "institution_id", "no_such_org"), rc = TB_EINVAL;
		goto fail;
	}
	if (strcmp(o.kind, "transfer") && strcmp(o.kind, "agency")) {
		TB_FE(fe, "institution_id", "institution_kind");
		rc = TB_EINVAL;
		goto fail;
	}
	if ((rc = store_broker_put(st, b)))
		goto fail;
	return audit_commit(st, by, "broker_save", "broker", b->user_id, b->grade);
fail:
	store_rollback(st);
	return rc;
}

/* -------------------------------------------------------- representation */

struct rep_move { const char *action, *from, *to; bool by_org, by_broker; };
static const struct rep_move rep_moves[] = {
	{ "consent", "requested", "consented", true, false },
	{ "decline", "requested", "declined", true, false },
	{ "revoke", "consented", "revoked", true, true },
	{ "revoke", "requested", "revoked", true, true }, /* the broker withdraws the request */
};

int rep_request(struct store *st, struct arena *a, const struct actor *by, int64_t org_id,
		const char *scope, struct tb_field_error *fe)
{
	char bad[48];
	struct broker b;
	struct org o;
	int rc;
	if (!by->role || strcmp(by->role, "broker"))
		return TB_FE(fe, "role", "brokers_only"), TB_EPERM;
	if (!scope || !*scope)
		scope = "listings,contracts,bookings,cases";
	if (!list_in(scope, rep_scopes, bad, sizeof(bad)))
		return TB_FE_ST(fe, "scope", "unknown_value", "scope", bad), TB_EINVAL;
	if (org_id == by->org_id)
		return TB_FE(fe, "org_id", "is_own_org"), TB_EINVAL;
	if ((rc = store_begin(st)))
		return rc;
	if ((rc = store_broker_get(st, a, by->user_id, &b))) {
		if (rc == TB_ENOTFOUND)
			TB_FE(fe, "broker", "no_broker_profile"), rc = TB_ESTATE;
		goto fail;
	}
	if ((rc = store_org_get(st, a, org_id, &o))) {
		if (rc == TB_ENOTFOUND)
			TB_FE(fe, "org_id", "no_such_org"), rc = TB_EINVAL;
		goto fail;
	}
	if ((rc = store_rep_request(st, by->user_id, org_id, scope))) {
		if (rc == TB_ESTATE) {
			struct representation r;
			if (!store_rep_get(st, a, by->user_id, org_id, &r))
				TB_FE_ST(fe, "status", "already_state", "representation", r.status);
		}
		goto fail;
	}
	return audit_commit(st, by, "rep_request", "representation", org_id, scope);
fail:
	store_rollback(st);
	return rc;
}

int rep_decide(struct store *st, struct arena *a, const struct actor *by, int64_t broker_id,
	       int64_t org_id, const char *action, const char *note, struct tb_field_error *fe)
{
	struct representation r;
	const struct rep_move *m = NULL;
	bool is_org = by->org_id == org_id, is_broker = by->user_id == broker_id,
	     admin = by->role && !strcmp(by->role, "admin");
	int rc;
	if ((rc = store_begin(st)))
		return rc;
	if ((rc = store_rep_get(st, a, broker_id, org_id, &r)))
		goto fail;
	for (size_t i = 0; i < sizeof(rep_moves) / sizeof(rep_moves[0]); i++)
		if (action && !strcmp(rep_moves[i].action, action) && !strcmp(rep_moves[i].from, r.status))
			m = &rep_moves[i];
	if (!m) {
		TB_FE_ST(fe, "status", "state_is", "representation", r.status);
		rc = TB_ESTATE;
		goto fail;
	}
	/* consent is the organisation's own decision: its org_admin (or admin) */
	if (!admin && !((m->by_org && is_org && by->role && !strcmp(by->role, "org_admin")) ||
			(m->by_broker && is_broker))) {
		rc = TB_EPERM;
		goto fail;
	}
	if ((rc = store_rep_decide(st, broker_id, org_id, m->from, m->to, by->user_id, note)))
		goto fail;
	return audit_commit(st, by, action, "representation", broker_id,
	                    arena_printf(a, "org %lld: %s -> %s", (long long)org_id, m->from, m->to));
fail:
	store_rollback(st);
	return rc;
}

/* ------------------------------------------------------------------ cases */

static int case_rank(const char *s)
{
	for (int i = 0; case_statuses[i]; i++)
		if (!strcmp(case_statuses[i], s))
			return i;
	return -1;
}

bool case_may(struct store *st, const struct actor *by, const struct dcase *c)
{
	int ok = 0;
	if (by->role && !strcmp(by->role, "admin"))
		return true; /* also the CLI operator (user 0) */
	if (by->user_id <= 0)
		return false;
	if (c->broker_id == by->user_id)
		return true;
	if (by->org_id > 0 && (by->org_id == c->seeker_org_id || by->org_id == c->owner_org_id))
		return true;
	if (c->seeker_org_id > 0 && !store_rep_allows(st, by->user_id, c->seeker_org_id, "cases", &ok) && ok)
		return true;
	if (c->owner_org_id > 0 && !store_rep_allows(st, by->user_id, c->owner_org_id, "cases", &ok) && ok)
		return true;
	return false;
}

int case_open(struct store *st, struct arena *a, const struct actor *by, struct dcase *c,
	      const char *note, struct tb_field_error *fe)
{
	char d[11];
	struct case_step s = { 0 };
	int rc;
	if (c->achievement_id <= 0 && c->demand_id <= 0)
		return TB_FE(fe, "achievement_id", "listing_required"),
		       TB_EINVAL;
	if (!c->origin)
		c->origin = "manual";
	if (!name_in(case_origins, c->origin))
		return TB_FE_S(fe, "origin", "not_known", "origin"), TB_EINVAL;
	if (c->opened_on && !is_date(c->opened_on))
		return TB_FE(fe, "opened_on", "invalid_date"), TB_EINVAL;
	if (note && strlen(note) > 4000)
		return TB_FE_N(fe, "note", "too_long_bytes", 4000), TB_EINVAL;
	region_today(d);
	if (!c->opened_on)
		c->opened_on = arena_strdup(a, d);
	c->status = "first_contact";
	c->created_by = by->user_id;
	if (c->match_strength == 0 && c->match_score <= 0) {
		c->match_score = -1;
		c->match_strength = -1;
	}
	if ((rc = store_begin(st)))
		return rc;
	if (c->achievement_id > 0) {
		struct achievement x;
		if ((rc = store_achievement_get(st, a, c->achievement_id, &x))) {
			if (rc == TB_ENOTFOUND)
				TB_FE_S(fe, "achievement_id", "no_such", "achievement"),
					rc = TB_EINVAL;
			goto fail;
		}
		if (!c->owner_org_id)
			c->owner_org_id = x.owner_org_id;
	}
	if (c->demand_id > 0) {
		struct demand x;
		if ((rc = store_demand_get(st, a, c->demand_id, &x))) {
			if (rc == TB_ENOTFOUND)
				TB_FE_S(fe, "demand_id", "no_such", "demand"), rc = TB_EINVAL;
			goto fail;
		}
		if (!c->seeker_org_id)
			c->seeker_org_id = x.org_id;
	}
	if (c->broker_id > 0) {
		struct broker b;
		if ((rc = store_broker_get(st, a, c->broker_id, &b))) {
			if (rc == TB_ENOTFOUND)
				TB_FE_S(fe, "broker_id", "no_such", "broker"), rc = TB_EINVAL;
			goto fail;
		}
		c->institution_id = b.institution_id;
	}
	/* the opener is its broker, a party (or a broker with their consent), or admin */
	if (!case_may(st, by, c)) {
		rc = TB_EPERM;
		goto fail;
	}
	if ((rc = store_case_insert(st, c)))
		goto fail;
	s.case_id = c->id;
	s.status = c->status;
	s.on_date = c->opened_on;
	s.note = note;
	s.by_user = by->user_id;
	if ((rc = store_case_step_add(st, &s)))
		goto fail;
	return audit_commit(st, by, "open", "case", c->id, c->origin);
fail:
	store_rollback(st);
	return rc;
}

int case_advance(struct store *st, struct arena *a, const struct actor *by, int64_t id, const char *to,
		 const char *on_date, const char *note, const char *attachments, const char *close_reason,
		 int64_t contract_id, struct dcase *out, struct tb_field_error *fe)
{
	struct case_step s = { 0 };
	char d[11];
	int rc, from, dest = to ? case_rank(to) : -1;
	if (dest < 0)
		return TB_FE(fe, "status", "unknown_status"), TB_EINVAL;
	if (on_date && !is_date(on_date))
		return TB_FE(fe, "on_date", "invalid_date"), TB_EINVAL;
	if (note && strlen(note) > 4000)
		return TB_FE_N(fe, "note", "too_long_bytes", 4000), TB_EINVAL;
	if (attachments && strlen(attachments) > 4000)
		return TB_FE(fe, "attachments", "list_too_long"), TB_EINVAL;
	if (!strcmp(to, "closed") && !name_in(case_close_reasons, close_reason))
		return TB_FE_S(fe, "close_reason", "required_to", "close"), TB_EINVAL;
	if (!strcmp(to, "contracted") && contract_id <= 0)
		return TB_FE(fe, "contract_id", "field_required"), TB_EINVAL;
	region_today(d);
	if (!on_date)
		on_date = arena_strdup(a, d);
	if ((rc = store_begin(st)))
		return rc;
	if ((rc = store_case_get(st, a, id, out)))
		goto fail;
	if (!case_may(st, by, out)) {
		rc = TB_EPERM;
		goto fail;
	}
	from = case_rank(out->status);
	/* forward only, from an open state; the contract comes after the talks */
	if (!strcmp(out->status, "contracted") || !strcmp(out->status, "closed") ||
	    (dest <= from && strcmp(to, "closed")) ||
	    (!strcmp(to, "contracted") && from < case_rank("evaluation"))) {
		TB_FE_ST(fe, "status", "status_move", out->status, to);
		rc = TB_ESTATE;
		goto fail;
	}
	if (contract_id > 0) {
		struct contract k;
		if ((rc = store_contract_get(st, a, contract_id, &k))) {
			if (rc == TB_ENOTFOUND)
				TB_FE_S(fe, "contract_id", "no_such", "registered contract"),
					rc = TB_EINVAL;
			goto fail;
		}
		if (strcmp(on_date, out->opened_on) < 0) {
			TB_FE_S(fe, "on_date", "before_field", "opened_on");
			rc = TB_EINVAL;
			goto fail;
		}
	}
	if ((rc = store_case_move(st, id, out->status, to, !strcmp(to, "closed") ? close_reason : NULL,
				  !strcmp(to, "contracted") ? contract_id : 0,
				  !strcmp(to, "contracted") ? on_date : NULL)))
		goto fail;
	s.case_id = id;
	s.status = to;
	s.on_date = on_date;
	s.note = note;
	s.attachments = attachments;
	s.by_user = by->user_id;
	if ((rc = store_case_step_add(st, &s)) ||
	    (rc = audit(st, by, to, "case", id, arena_printf(a, "%s -> %s", out->status, to))) ||
	    (rc = store_case_get(st, a, id, out)) || (rc = store_commit(st)))
		goto fail;
	return TB_OK;
fail:
	store_rollback(st);
	return rc;
}

/* ------------------------------------------------------- contact requests */

int contact_create(struct store *st, struct arena *a, const struct actor *by, const char *kind,
		   int64_t listing_id, const char *message, struct contact_request *out,
		   struct tb_field_error *fe)
{
	struct dcase c = { 0 };
	struct case_step s = { 0 };
	bool is_ach = kind && !strcmp(kind, "achievement");
	int64_t owner;
	char d[11];
	int rc;
	if (by->user_id <= 0)
		return TB_EAUTH;
	if (!is_ach && !(kind && !strcmp(kind, "demand")))
		return TB_FE_S(fe, "kind", "one_of", "achievement or demand"), TB_EINVAL;
	if (!message || !*message || strlen(message) > 2000)
		return TB_FE_N(fe, "message", "required_max_bytes", 2000), TB_EINVAL;
	if ((rc = store_begin(st)))
		return rc;
	if (is_ach) {
		struct achievement x;
		if ((rc = store_achievement_get(st, a, listing_id, &x)))
			goto fail;
		if (strcmp(x.status, "published")) {
			rc = TB_ENOTFOUND;
			goto fail;
		}
		owner = x.owner_org_id;
		c.achievement_id = listing_id;
		c.owner_org_id = owner;
		c.seeker_org_id = by->org_id;
	} else {
		struct demand x;
		if ((rc = store_demand_get(st, a, listing_id, &x)))
			goto fail;
		if (strcmp(x.status, "published")) {
			rc = TB_ENOTFOUND;
			goto fail;
		}
		owner = x.org_id;
		c.demand_id = listing_id;
		c.seeker_org_id = owner; /* the demand's enterprise seeks; the asker offers */
		c.owner_org_id = by->org_id;
	}
	if (owner == by->org_id) {
		TB_FE(fe, "listing_id", "own_listing");
		rc = TB_EINVAL;
		goto fail;
	}
	region_today(d);
	c.origin = "contact";
	c.status = "first_contact";
	c.opened_on = arena_strdup(a, d);
	c.created_by = by->user_id;
	c.match_score = -1;
	c.match_strength = -1;
	if (by->role && !strcmp(by->role, "broker")) {
		struct broker b;
		if (!store_broker_get(st, a, by->user_id, &b)) {
			c.broker_id = by->user_id;
			c.institution_id = b.institution_id;
		}
	}
	if ((rc = store_case_insert(st, &c)))
		goto fail;
	memset(out, 0, sizeof(*out));
	out->case_id = c.id;
	out->listing_kind = is_ach ? "achievement" : "demand";
	out->listing_id = listing_id;
	out->from_user = by->user_id;
	out->from_org = by->org_id;
	out->to_org = owner;
	out->message = message;
	s.case_id = c.id;
	s.status = "first_contact";
	s.on_date = c.opened_on;
	s.note = message; /* the first message, relayed to the owner */
	s.by_user = by->user_id;
	if ((rc = store_contact_insert(st, out)) ||
	    (rc = store_case_step_add(st, &s)))
		goto fail;
	return audit_commit(st, by, "create", "contact", out->id, kind);
fail:
	store_rollback(st);
	return rc;
}

int contact_decide(struct store *st, struct arena *a, const struct actor *by, int64_t id, bool accept,
		   const char *reason, struct contact_request *out, struct tb_field_error *fe)
{
	int ok = 0, rc;
	if (!accept && !name_in(contact_decline_reasons, reason))
		return TB_FE_S(fe, "reason", "required_to", "decline"), TB_EINVAL;
	if ((rc = store_begin(st)))
		return rc;
	if ((rc = store_contact_get(st, a, id, out)))
		goto fail;
	if (!(by->role && !strcmp(by->role, "admin")) && by->org_id != out->to_org &&
	    !(!store_rep_allows(st, by->user_id, out->to_org, "listings", &ok) && ok)) {
		rc = TB_EPERM;
		goto fail;
	}
	if ((rc = store_contact_decide(st, id, accept ? "accepted" : "declined", accept ? NULL : reason,
				       by->user_id))) {
		if (rc == TB_ESTATE)
			TB_FE_ST(fe, "status", "already_state", "request", out->status);
		goto fail;
	}
	if (!accept && out->case_id > 0) {
		/* a declined request ends its case; the reason code is kept */
		if ((rc = store_case_move(st, out->case_id, "first_contact", "closed", "chose_other", 0, NULL)) &&
		    rc != TB_ESTATE)
			goto fail;
	}
	if ((rc = audit(st, by, accept ? "accept" : "decline", "contact", id, reason)) ||
	    (rc = store_contact_get(st, a, id, out)) || (rc = store_commit(st)))
		goto fail;
	return TB_OK;
fail:
	store_rollback(st);
	return rc;
}

bool contact_visible(struct store *st, const struct actor *by, const char *kind, int64_t listing_id,
		     int64_t owner_org)
{
	int ok = 0;
	if (by->user_id <= 0)
		return false; /* anonymous visitors never: that was the scrapers' source */
	if (by->role && (!strcmp(by->role, "admin") || !strcmp(by->role, "reviewer")))
		return true;
	if (owner_org > 0 && by->org_id == owner_org)
		return true;
	if (owner_org > 0 && !store_rep_allows(st, by->user_id, owner_org, "listings", &ok) && ok)
		return true;
	return !store_contact_accepted(st, by->user_id, by->org_id, kind, listing_id, &ok) && ok;
}

/* --------------------------------------------------------------- feedback */

int feedback_put(struct store *st, struct arena *a, const struct actor *by, int64_t party_org,
		 int64_t ach_id, int64_t dem_id, const char *verdict, const char *reason,
		 const char *note, struct match_feedback *out, int *created, struct tb_field_error *fe)
{
	struct achievement x;
	struct demand d;
	int ok = 0, rc;
	if (by->user_id <= 0)
		return TB_EAUTH;
	if (!name_in(feedback_verdicts, verdict))
		return TB_FE_S(fe, "verdict", "one_of", "interested or not_interested"), TB_EINVAL;
	if (!strcmp(verdict, "not_interested") && !name_in(feedback_reasons, reason))
		return TB_FE(fe, "reason", "field_required"), TB_EINVAL;
	if (reason && !name_in(feedback_reasons, reason))
		return TB_FE_S(fe, "reason", "not_known", "reason code"), TB_EINVAL;
	if (reason && !strcmp(reason, "other") && (!note || !*note))
		return TB_FE(fe, "note", "note_required_other"), TB_EINVAL;
	if (note && strlen(note) > 1000)
		return TB_FE_N(fe, "note", "too_long_bytes", 1000), TB_EINVAL;
	if (party_org <= 0)
		party_org = by->org_id;
	/* the party is the actor's own organisation or one that consented to them */
	if (party_org != by->org_id &&
	    (store_rep_allows(st, by->user_id, party_org, "listings", &ok) || !ok))
		return TB_EPERM;
	if ((rc = store_begin(st)))
		return rc;
	if ((rc = store_achievement_get(st, a, ach_id, &x))) {
		if (rc == TB_ENOTFOUND)
			TB_FE(fe, "achievement_id", "not_found"), rc = TB_EINVAL;
		goto fail;
	}
	if ((rc = store_demand_get(st, a, dem_id, &d))) {
		if (rc == TB_ENOTFOUND)
			TB_FE(fe, "demand_id", "not_found"), rc = TB_EINVAL;
		goto fail;
	}
	/* the receiving side: the enterprise of the demand judging an achievement,
	 * or the owner of the achievement judging a demand */
	if (party_org != d.org_id && party_org != x.owner_org_id) {
		rc = TB_EPERM;
		goto fail;
	}
	memset(out, 0, sizeof(*out));
	out->party_org_id = party_org;
	out->achievement_id = ach_id;
	out->demand_id = dem_id;
	out->verdict = verdict;
	out->reason = reason;
	out->note = note;
	out->by_user = by->user_id;
	if ((rc = store_fb_put(st, out, created)) ||
	    (rc = audit(st, by, verdict, "feedback", out->id, reason)) ||
	    (rc = store_fb_get(st, a, party_org, ach_id, dem_id, out)) || (rc = store_commit(st)))
		goto fail;
	return TB_OK;
fail:
	store_rollback(st);
	return rc;
}

/* ------------------------------------------------------------------- KPIs */

static int64_t key_of(const struct kpi_row *r, char by)
{
	return by == 'b' ? r->broker_id : by == 'i' ? r->institution_id : r->event_id;
}

static long days_between(const char *from, const char *to)
{
	int y1, m1, d1, y2, m2, d2;
	struct tm a = { 0 }, b = { 0 };
	if (!parse_date(from, &y1, &m1, &d1) || !parse_date(to, &y2, &m2, &d2))
		return 0;
	a.tm_year = y1 - 1900; a.tm_mon = m1 - 1; a.tm_mday = d1;
	b.tm_year = y2 - 1900; b.tm_mon = m2 - 1; b.tm_mday = d2;
	return (long)((timegm(&b) - timegm(&a)) / 86400);
}

static int cmp_long(const void *x, const void *y)
{
	long a = *(const long *)x, b = *(const long *)y;
	return (a > b) - (a < b);
}

static int cmp_kpi(const void *x, const void *y)
{
	const struct kpi *a = x, *b = y;
	if (a->tx_amount_fen != b->tx_amount_fen)
		return (a->tx_amount_fen < b->tx_amount_fen) - (a->tx_amount_fen > b->tx_amount_fen);
	return (a->key > b->key) - (a->key < b->key);
}

static int kpi_args(const char *by, const char *since, const char *until, struct tb_field_error *fe)
{
	if (!by || (strcmp(by, "broker") && strcmp(by, "institution") && strcmp(by, "event")))
		return TB_FE_S(fe, "by", "one_of", "broker, institution or event"), TB_EINVAL;
	if (!is_date(since))
		return TB_FE(fe, "since", "invalid_date"), TB_EINVAL;
	if (!is_date(until) || strcmp(until, since) < 0)
		return TB_FE_S(fe, "until", "date_not_before", "since"), TB_EINVAL;
	return TB_OK;
}

static bool in_period(const char *d, const char *since, const char *until)
{
	return d && strcmp(d, since) >= 0 && strcmp(d, until) <= 0;
}

int kpi_compute(struct store *st, struct arena *a, const char *by, const char *since, const char *until,
		int64_t only, struct kpi **out, int *n, struct tb_field_error *fe)
{
	struct kpi_row *rows;
	struct kpi *k;
	long *days;
	int nr, nk = 0, rc;
	if ((rc = kpi_args(by, since, until, fe)) || (rc = store_kpi_rows(st, a, since, until, &rows, &nr)))
		return rc;
	k = arena_alloc(a, sizeof(*k) * (size_t)(nr + 1));
	days = arena_alloc(a, sizeof(*days) * (size_t)(nr + 1));
	if (!k || !days)
		return TB_ENOMEM;
	/* rows are few (cases of a period); a linear scan per key keeps it simple */
	for (int i = 0; i < nr; i++) {
		int64_t key = key_of(&rows[i], by[0]);
		int j;
		if (key <= 0 || (only > 0 && key != only))
			continue;
		for (j = 0; j < nk && k[j].key != key; j++)
			;
		if (j == nk) {
			memset(&k[nk], 0, sizeof(k[nk]));
			k[nk].key = key;
			k[nk++].median_days = -1;
		}
	}
	for (int j = 0; j < nk; j++) {
		int nd = 0;
		for (int i = 0; i < nr; i++) {
			const struct kpi_row *r = &rows[i];
			bool dup = false;
			if (key_of(r, by[0]) != k[j].key)
				continue;
			if (in_period(r->opened_on, since, until))
				k[j].cases_opened++;
			if (r->contract_id <= 0 || !in_period(r->signed_on, since, until))
				continue;
			k[j].cases_contracted++;
			days[nd++] = days_between(r->opened_on, r->signed_on);
			for (int p = 0; p < i; p++) /* one contract counts once per key */
				dup |= rows[p].contract_id == r->contract_id && key_of(&rows[p], by[0]) == k[j].key;
			if (dup)
				continue;
			k[j].contracts++;
			if (k[j].amount_fen > INT64_MAX - r->amount_fen || k[j].tx_amount_fen > INT64_MAX - r->tx_amount_fen)
				return TB_EOVERFLOW;
			k[j].amount_fen += r->amount_fen;
			k[j].tx_amount_fen += r->tx_amount_fen;
		}
		if (nd) {
			qsort(days, (size_t)nd, sizeof(*days), cmp_long);
			k[j].median_days = nd % 2 ? (double)days[nd / 2] : (days[nd / 2 - 1] + days[nd / 2]) / 2.0;
		}
	}
	qsort(k, (size_t)nk, sizeof(*k), cmp_kpi);
	*out = k;
	*n = nk;
	return TB_OK;
}

int kpi_trace(struct store *st, struct arena *a, const char *by, int64_t key, const char *since,
	      const char *until, struct kpi_row **out, int *n, struct tb_field_error *fe)
{
	struct kpi_row *rows;
	int nr, k = 0, rc;
	if ((rc = kpi_args(by, since, until, fe)) || (rc = store_kpi_rows(st, a, since, until, &rows, &nr)))
		return rc;
	for (int i = 0; i < nr; i++)
		if (key_of(&rows[i], by[0]) == key) {
			if (!in_period(rows[i].signed_on, since, until))
				rows[i].contract_id = 0; /* not counted in this period */
			rows[k++] = rows[i];
		}
	*out = rows;
	*n = k;
	return TB_OK;
}

/* ----------------------------------------------------------------- events */

bool event_organises(const struct actor *by, const struct event *e)
{
	if (by->role && (!strcmp(by->role, "admin") || !strcmp(by->role, "reviewer")))
		return true;
	return by->role && !strcmp(by->role, "org_admin") && by->org_id > 0 && by->org_id == e->organiser_org_id;
}

int event_create(struct store *st, struct arena *a, const struct actor *by, struct event *e,
		 struct tb_field_error *fe)
{
	struct org o;
	int rc;
	if (!name_in(event_kinds, e->kind))
		return TB_FE_S(fe, "kind", "one_of",
		               "roadshow, expert_tour, docking_meeting or field_event"),
		       TB_EINVAL;
	if (!e->title || !*e->title || strlen(e->title) > 200)
		return TB_FE_N(fe, "title", "required_max_bytes", 200), TB_EINVAL;
	if (!is_date(e->starts_on))
		return TB_FE(fe, "starts_on", "invalid_date"), TB_EINVAL;
	if (e->ends_on && (!is_date(e->ends_on) || strcmp(e->ends_on, e->starts_on) < 0))
		return TB_FE_S(fe, "ends_on", "date_not_before", "starts_on"), TB_EINVAL;
	if (!e->online && (!e->place || !*e->place))
		return TB_FE(fe, "place", "place_required"), TB_EINVAL;
	if (e->capacity < 0 || e->capacity > 100000)
		return TB_FE_NM(fe, "capacity", "int_range", 0, 100000), TB_EINVAL;
	if (e->organiser_org_id <= 0)
		e->organiser_org_id = by->org_id;
	if (!event_organises(by, e))
		return TB_EPERM;
	e->status = "planned";
	e->created_by = by->user_id;
	if ((rc = store_begin(st)))
		return rc;
	if (e->organiser_org_id > 0 && (rc = store_org_get(st, a, e->organiser_org_id, &o))) {
		if (rc == TB_ENOTFOUND)
			TB_FE(fe, "organiser_org_id", "no_such_org"), rc = TB_EINVAL;
		goto fail;
	}
	if ((rc = store_event_insert(st, e)) || (rc = audit(st, by, "create", "event", e->id, e->kind)) ||
	    (rc = store_event_get(st, a, e->id, e)) || (rc = store_commit(st)))
		goto fail;
	return TB_OK;
fail:
	store_rollback(st);
	return rc;
}

int event_signup(struct store *st, struct arena *a, const struct actor *by, int64_t event_id, const char *name,
		 struct event_attendee *out, struct tb_field_error *fe)
{
	struct event e;
	char d[11];
	int rc;
	if (by->user_id <= 0)
		return TB_EAUTH;
	if (!name || !*name || strlen(name) > 100)
		return TB_FE_N(fe, "name", "required_max_bytes", 100), TB_EINVAL;
	region_today(d);
	if ((rc = store_begin(st)))
		return rc;
	if ((rc = store_event_get(st, a, event_id, &e)))
		goto fail;
	if (strcmp(e.status, "planned") || strcmp(e.ends_on ? e.ends_on : e.starts_on, d) < 0) {
		TB_FE_ST(fe, "status", "state_is", "event", strcmp(e.status, "planned") ? e.status : "over");
		rc = TB_ESTATE;
		goto fail;
	}
	if (e.capacity > 0 && e.registered >= e.capacity) {
		TB_FE_N(fe, "capacity", "event_full", e.capacity);
		rc = TB_ESTATE;
		goto fail;
	}
	memset(out, 0, sizeof(*out));
	out->event_id = event_id;
	out->user_id = by->user_id;
	out->org_id = by->org_id;
	out->name = name;
	if ((rc = store_event_register(st, out))) {
		if (rc == TB_ECONFLICT)
			TB_FE(fe, "user", "already_registered");
		goto fail;
	}
	return audit_commit(st, by, "register", "event", event_id, NULL);
fail:
	store_rollback(st);
	return rc;
}

int event_check_in(struct store *st, struct arena *a, const struct actor *by, int64_t event_id,
		   int64_t attendee_id, struct tb_field_error *fe)
{
	struct event e;
	int rc;
	if ((rc = store_begin(st)))
		return rc;
	if ((rc = store_event_get(st, a, event_id, &e)))
		goto fail;
	if (!event_organises(by, &e)) {
		rc = TB_EPERM;
		goto fail;
	}
	if ((rc = store_event_checkin(st, event_id, attendee_id))) {
		if (rc == TB_ESTATE)
			TB_FE(fe, "attendee", "not_registered");
		goto fail;
	}
	return audit_commit(st, by, "checkin", "event", event_id, NULL);
fail:
	store_rollback(st);
	return rc;
}

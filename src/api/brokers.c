/* brokers.c - the brokerage resources (docs/docking.md): the public broker
 * directory and profiles, consented representation, docking cases with
 * their steps, contact requests ("我要对接") and match feedback. JSON in and
 * out only; the rules are in domain/brokerage.h. */
#include "api/api.h"
#include "core/util.h"
#include "domain/brokerage.h"
#include "domain/catalog_ops.h"
#include "domain/docking.h"
#include "domain/org.h"
#include <string.h>

static struct actor actor_of(struct api_ctx *c)
{
	struct actor a = { c->who.user_id, c->who.org_id, c->who.role };
	return a;
}

static bool logged_in(struct api_ctx *c)
{
	if (c->who.user_id > 0)
		return true;
	api_error(c, 401, "login required", NULL);
	return false;
}

/* Staff e-mail and phone only for those who may see them (brokerage.h:
 * contact_visible); anonymous visitors never get them. */
void api_redact_contact(struct api_ctx *c, const char *kind, int64_t id, int64_t owner_org,
			const char **email, const char **phone)
{
	struct actor by = actor_of(c);
	if ((*email || *phone) && !contact_visible(c->st, &by, kind, id, owner_org)) {
		*email = NULL;
		*phone = NULL;
	}
}

/* ---------------------------------------------------------------- brokers */

json_t *broker_json(const struct broker *b)
{
	return json_pack("{s:I,s:I,s:o,s:s,s:s,s:o,s:o,s:o,s:o,s:o,s:o}", "user_id", (json_int_t)b->user_id,
			 "institution_id", (json_int_t)b->institution_id, "institution", jstr(b->institution_name),
			 "name", b->name, "grade", b->grade, "fields", jlist(b->fields), "regions",
			 jlist(b->regions), "cert_no", jstr(b->cert_no), "cert_date", jstr(b->cert_date),
			 "cert_expiry", jstr(b->cert_expiry), "bio", jstr(b->bio));
}

json_t *representation_json(const struct representation *r)
{
	return json_pack("{s:I,s:I,s:o,s:o,s:s,s:o,s:o,s:o,s:o}", "broker_id", (json_int_t)r->user_id,
			 "org_id", (json_int_t)r->org_id, "org", jstr(r->org_name), "broker",
			 jstr(r->broker_name), "status", r->status, "scope", jlist(r->scope), "requested_at",
			 jstr(r->requested_at), "decided_at", jstr(r->decided_at), "note", jstr(r->note));
}

static void list_brokers(struct api_ctx *c)
{
	struct broker_query q = { 0 };
	struct broker *rows;
	int64_t v, total;
	int n, rc;
	json_t *items;
	q.field = qs_str(c, "field");
	q.region = qs_str(c, "region");
	q.grade = qs_str(c, "grade");
	q.q = qs_str(c, "q");
	if (q.grade && !name_in(broker_grades, q.grade))
		return TB_FE_S(&c->fe, "grade", "one_of", "junior, middle or senior"),
		       api_fail(c, TB_EINVAL);
	if ((rc = qs_int(c, "institution_id", 1, INT64_MAX, 0, &v)))
		return api_fail(c, rc);
	q.institution_id = v;
	if ((rc = qs_page(c, 100, 20, 100000, &q.limit, &q.offset)))
		return api_fail(c, rc);
	if (!api_allow(c, "broker", "read", 0))
		return;
	if ((rc = brokerage_broker_list(c->st, c->a, &q, &rows, &n, &total)))
		return api_fail(c, rc);
	items = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(items, broker_json(&rows[i]));
	api_json(c, 200, json_pack("{s:I,s:o}", "total", (json_int_t)total, "items", items));
}

static void get_broker(struct api_ctx *c)
{
	struct broker b;
	struct representation *reps;
	int n, rc;
	json_t *o, *orgs;
	if (!api_allow(c, "broker", "read", 0))
		return;
	if ((rc = brokerage_broker_get(c->st, c->a, c->ids[0], &b)) ||
	    (rc = brokerage_rep_list(c->st, c->a, b.user_id, 0, "consented", &reps, &n)))
		return api_fail(c, rc);
	o = broker_json(&b);
	orgs = json_array(); /* whom they represent, publicly: consented links only */
	for (int i = 0; i < n; i++)
		json_array_append_new(orgs, json_pack("{s:I,s:o}", "org_id", (json_int_t)reps[i].org_id, "name",
						      jstr(reps[i].org_name)));
	json_object_set_new(o, "represents", orgs);
	api_json(c, 200, o);
}

/* PUT /api/brokers/{user_id}: admin, or the org_admin of the institution. */
static void put_broker(struct api_ctx *c)
{
	static const char *const keys[] = { "institution_id", "name", "grade", "fields", "regions", "cert_no",
					    "cert_date", "cert_expiry", "bio", NULL };
	struct broker b = { 0 };
	struct actor by = actor_of(c);
	int64_t v = 0;
	int rc;
	b.user_id = c->ids[0];
	if ((rc = api_body_keys(c, keys)) ||
	    (rc = jin_int(c, "institution_id", true, 1, INT64_MAX, &v)) || (rc = jin_str(c, "name", true, &b.name)) ||
	    (rc = jin_str(c, "grade", true, &b.grade)) || (rc = jin_list(c, "fields", &b.fields)) ||
	    (rc = jin_list(c, "regions", &b.regions)) || (rc = jin_str(c, "cert_no", false, &b.cert_no)) ||
	    (rc = jin_str(c, "cert_date", false, &b.cert_date)) ||
	    (rc = jin_str(c, "cert_expiry", false, &b.cert_expiry)) || (rc = jin_str(c, "bio", false, &b.bio)))
		return api_fail(c, rc);
	b.institution_id = v;
	if (!api_allow(c, "broker", "update", b.institution_id))
		return;
	if ((rc = broker_save(c->st, c->a, &by, &b, &c->fe)) || (rc = brokerage_broker_get(c->st, c->a, b.user_id, &b)))
		return api_fail(c, rc);
	api_json(c, 200, broker_json(&b));
}

/* --------------------------------------------------------- representation */

static void request_rep(struct api_ctx *c)
{
	static const char *const keys[] = { "org_id", "scope", NULL };
	struct actor by = actor_of(c);
	struct representation r;
	const char *scope = NULL;
	int64_t org = 0;
	int rc;
	if ((rc = api_body_keys(c, keys)) || (rc = jin_int(c, "org_id", true, 1, INT64_MAX, &org)) ||
	    (rc = jin_list(c, "scope", &scope)))
		return api_fail(c, rc);
	if (!api_allow(c, "representation", "request", 0))
		return;
	if ((rc = rep_request(c->st, c->a, &by, org, scope, &c->fe)) ||
	    (rc = brokerage_rep_get(c->st, c->a, by.user_id, org, &r)))
		return api_fail(c, rc);
	api_json(c, 201, representation_json(&r));
}

/* GET /api/representations?org_id=N (that org's admin) or ?broker_id=N (the broker). */
static void list_reps(struct api_ctx *c)
{
	struct representation *rows;
	int64_t org, brk;
	int n, rc;
	if (!logged_in(c))
		return;
	if ((rc = qs_int(c, "org_id", 1, INT64_MAX, 0, &org)) || (rc = qs_int(c, "broker_id", 1, INT64_MAX, 0, &brk)))
		return api_fail(c, rc);
	if (!org && !brk)
		brk = c->who.user_id;
	if (org && !api_allow(c, "representation", "read", org))
		return;
	if (brk && brk != c->who.user_id && !api_allow(c, "representation", "read_any", 0))
		return;
	if ((rc = brokerage_rep_list(c->st, c->a, brk, org, qs_str(c, "status"), &rows, &n)))
		return api_fail(c, rc);
	API_ITEMS(c, rows, n, representation_json);
}

static void decide_rep(struct api_ctx *c, const char *action)
{
	static const char *const keys[] = { "note", NULL };
	struct actor by = actor_of(c);
	struct representation r;
	const char *note = NULL;
	int rc;
	if (!logged_in(c))
		return;
	if ((rc = api_body_keys(c, keys)) || (rc = jin_str(c, "note", false, &note)))
		return api_fail(c, rc);
	if ((rc = rep_decide(c->st, c->a, &by, c->ids[0], c->ids[1], action, note, &c->fe))) {
		api_audit(c, action, "representation", c->ids[0], rc == TB_EPERM ? "deny" : "fail", NULL);
		return api_fail(c, rc);
	}
	if ((rc = brokerage_rep_get(c->st, c->a, c->ids[0], c->ids[1], &r)))
		return api_fail(c, rc);
	api_json(c, 200, representation_json(&r));
}
static void consent_rep(struct api_ctx *c) { decide_rep(c, "consent"); }
static void decline_rep(struct api_ctx *c) { decide_rep(c, "decline"); }
static void revoke_rep(struct api_ctx *c) { decide_rep(c, "revoke"); }

/* ------------------------------------------------------------------ cases */

json_t *case_json(const struct dcase *k)
{
#define ID(x) ((x) > 0 ? json_integer(x) : json_null())
	return json_pack("{s:I,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:s,s:o,s:o,s:o,s:s,s:o,s:o,s:s,s:o,s:o}",
			 "id", (json_int_t)k->id, "achievement_id", ID(k->achievement_id), "demand_id",
			 ID(k->demand_id), "seeker_org_id", ID(k->seeker_org_id), "owner_org_id",
			 ID(k->owner_org_id), "broker_id", ID(k->broker_id), "institution_id",
			 ID(k->institution_id), "event_id", ID(k->event_id), "origin", k->origin,
			 "match_score", k->match_score >= 0 ? json_real(k->match_score) : json_null(),
			 "match_strength", k->match_strength >= 0 ? json_integer(k->match_strength) : json_null(),
			 "match_explanation", jstr(k->match_explanation), "status", k->status, "close_reason",
			 jstr(k->close_reason), "contract_id", ID(k->contract_id), "opened_on", k->opened_on,
			 "contracted_on", jstr(k->contracted_on), "updated_at", jstr(k->updated_at));
#undef ID
}

json_t *case_step_json(const struct case_step *s)
{
	return json_pack("{s:I,s:s,s:s,s:o,s:o,s:o}", "id", (json_int_t)s->id, "status", s->status, "on_date",
			 s->on_date, "note", jstr(s->note), "attachments", jstr(s->attachments), "by_user",
			 s->by_user > 0 ? json_integer(s->by_user) : json_null());
}

/* The match as it is now, frozen into the case: score, strength and the words
 * and factors shown ("word=weight; ..."). */
static int snapshot_match(struct api_ctx *c, struct dcase *k)
{
	struct catalog_query q;
	struct achievement *rows = NULL;
	struct docking_hit *hits = NULL;
	struct buf b = BUF_INIT(4096);
	int n = 0, rc;
	if (!c->app->index || k->achievement_id <= 0 || k->demand_id <= 0)
		return TB_OK;
	catalog_query_init(&q);
	q.limit = 100;
	if ((rc = docking_for_demand(c->app->index, c->st, c->a, k->demand_id, &q, &rows, &hits, &n)))
		return rc == TB_ENOTFOUND ? TB_OK : rc;
	for (int i = 0; i < n; i++) {
		if (rows[i].id != k->achievement_id)
			continue;
		k->match_score = hits[i].score;
		k->match_strength = hits[i].strength;
		for (int f = 0; f < hits[i].nfactors; f++) {
			const char *nm = hits[i].factors[f].name;
			buf_printf(&b, "%s%s=%.2f", f ? "; " : "",
				   !strncmp(nm, "term:", 5) ? nm + 5 : nm, hits[i].factors[f].weight);
		}
		for (int f = 0; f < hits[i].nconds; f++)
			buf_printf(&b, "; %s", hits[i].conds[f].code);
		k->match_explanation = arena_strdup(c->a, b.ptr ? b.ptr : "");
	}
	buf_release(&b);
	return TB_OK;
}

static void create_case(struct api_ctx *c)
{
	static const char *const keys[] = { "achievement_id", "demand_id", "broker_id", "origin", "note",
					    "event_id", "opened_on", NULL };
	struct actor by = actor_of(c);
	struct dcase k = { 0 };
	const char *note = NULL;
	int rc;
	if (!logged_in(c))
		return;
	if ((rc = api_body_keys(c, keys)) ||
	    (rc = jin_int(c, "achievement_id", false, 1, INT64_MAX, &k.achievement_id)) ||
	    (rc = jin_int(c, "demand_id", false, 1, INT64_MAX, &k.demand_id)) ||
	    (rc = jin_int(c, "broker_id", false, 1, INT64_MAX, &k.broker_id)) ||
	    (rc = jin_int(c, "event_id", false, 1, INT64_MAX, &k.event_id)) ||
	    (rc = jin_str(c, "origin", false, &k.origin)) || (rc = jin_str(c, "note", false, &note)) ||
	    (rc = jin_str(c, "opened_on", false, &k.opened_on)))
		return api_fail(c, rc);
	if (!api_allow(c, "case", "create", 0))
		return;
	/* a broker opening a case is its broker; nobody names another broker but admin */
	if (c->who.role && !strcmp(c->who.role, "broker"))
		k.broker_id = c->who.user_id;
	else if (k.broker_id > 0 && !api_may(c, "case", "assign", 0))
		return TB_FE(&c->fe, "broker_id", "admin_assigns_broker"), api_fail(c, TB_EPERM);
	if (k.origin && !strcmp(k.origin, "match") && (rc = snapshot_match(c, &k)))
		return api_fail(c, rc);
	if (k.match_score <= 0 && !k.match_explanation) {
		k.match_score = -1;
		k.match_strength = -1;
	}
	if ((rc = case_open(c->st, c->a, &by, &k, note, &c->fe)))
		return api_fail(c, rc);
	api_json(c, 201, case_json(&k));
}

static void list_cases(struct api_ctx *c)
{
	struct case_query q = { 0 };
	struct dcase *rows;
	int64_t total;
	int n, rc;
	json_t *items;
	if (!logged_in(c))
		return;
	q.status = qs_str(c, "status");
	q.since = qs_str(c, "since");
	q.until = qs_str(c, "until");
	if (q.status && !name_in(case_statuses, q.status))
		return TB_FE(&c->fe, "status", "unknown_status"), api_fail(c, TB_EINVAL);
	if ((rc = qs_page(c, 200, 50, 100000, &q.limit, &q.offset)))
		return api_fail(c, rc);
	if ((rc = qs_int(c, "broker_id", 1, INT64_MAX, 0, &q.broker_id)) ||
	    (rc = qs_int(c, "institution_id", 1, INT64_MAX, 0, &q.institution_id)) ||
	    (rc = qs_int(c, "event_id", 1, INT64_MAX, 0, &q.event_id)))
		return api_fail(c, rc);
	/* who sees which cases: admin and reviewers all; a broker their own; others
	 * their organisation's */
	if (!api_may(c, "case", "read_any", 0)) {
		if (c->who.role && !strcmp(c->who.role, "broker"))
			q.broker_id = c->who.user_id;
		else
			q.org_id = c->who.org_id > 0 ? c->who.org_id : -1;
	}
	if ((rc = brokerage_case_list(c->st, c->a, &q, &rows, &n, &total)))
		return api_fail(c, rc);
	items = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(items, case_json(&rows[i]));
	api_json(c, 200, json_pack("{s:I,s:o}", "total", (json_int_t)total, "items", items));
}

static void get_case(struct api_ctx *c)
{
	struct actor by = actor_of(c);
	struct dcase k;
	struct case_step *steps;
	int n, rc;
	json_t *o, *arr;
	if (!logged_in(c))
		return;
	if ((rc = brokerage_case_get(c->st, c->a, c->ids[0], &k)))
		return api_fail(c, rc);
	if (!case_may(c->st, &by, &k) && !api_may(c, "case", "read_any", 0))
		return api_fail(c, TB_EPERM);
	if ((rc = brokerage_case_steps(c->st, c->a, k.id, &steps, &n)))
		return api_fail(c, rc);
	o = case_json(&k);
	arr = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(arr, case_step_json(&steps[i]));
	json_object_set_new(o, "steps", arr);
	api_json(c, 200, o);
}

/* attachments: [{name, bytes, sha256}] -> "name|bytes|sha256" lines (metadata only). */
static int read_attachments(struct api_ctx *c, const char **out)
{
	json_t *arr = json_object_get(c->body, "attachments"), *v;
	struct buf b = BUF_INIT(4000);
	size_t i;
	*out = NULL;
	if (!arr)
		return TB_OK;
	if (!json_is_array(arr) || json_array_size(arr) > 20)
		return tb_fe_code(&c->fe, "attachments", "shape_list_max", 20, 0,
		                  "{name, bytes, sha256}", NULL), TB_EINVAL;
	json_array_foreach(arr, i, v) {
		const char *nm = json_string_value(json_object_get(v, "name"));
		const char *sha = json_string_value(json_object_get(v, "sha256"));
		json_int_t bytes = json_integer_value(json_object_get(v, "bytes"));
		if (!nm || !*nm || strlen(nm) > 200 || strpbrk(nm, "|\n") || bytes < 0 ||
		    (sha && (strlen(sha) != 64 || strspn(sha, "0123456789abcdef") != 64))) {
			buf_release(&b);
			return TB_FE(&c->fe, "attachments", "attachment_shape"), TB_EINVAL;
		}
		buf_printf(&b, "%s%s|%lld|%s", i ? "\n" : "", nm, (long long)bytes, sha ? sha : "");
	}
	*out = arena_strdup(c->a, b.ptr ? b.ptr : "");
	buf_release(&b);
	return TB_OK;
}

static void advance_case(struct api_ctx *c)
{
	static const char *const keys[] = { "status", "on_date", "note", "attachments", "close_reason",
					    "contract_id", NULL };
	struct actor by = actor_of(c);
	struct dcase k;
	const char *to = NULL, *on = NULL, *note = NULL, *att = NULL, *reason = NULL;
	int64_t contract = 0;
	int rc;
	if (!logged_in(c))
		return;
	if ((rc = api_body_keys(c, keys)) || (rc = jin_str(c, "status", true, &to)) ||
	    (rc = jin_str(c, "on_date", false, &on)) || (rc = jin_str(c, "note", false, &note)) ||
	    (rc = read_attachments(c, &att)) || (rc = jin_str(c, "close_reason", false, &reason)) ||
	    (rc = jin_int(c, "contract_id", false, 1, INT64_MAX, &contract)))
		return api_fail(c, rc);
	if ((rc = case_advance(c->st, c->a, &by, c->ids[0], to, on, note, att, reason, contract, &k, &c->fe))) {
		if (rc == TB_EPERM)
			api_audit(c, "advance", "case", c->ids[0], "deny", NULL);
		return api_fail(c, rc);
	}
	/* a contract reached through the case raises similar pairs (docs/docking.md) */
	if (!strcmp(k.status, "contracted") && c->app->index)
		docking_contract_changed(c->app->index, c->st, k.achievement_id, k.demand_id);
	api_json(c, 200, case_json(&k));
}

/* ------------------------------------------------------- contact requests */

json_t *contact_json(const struct contact_request *r)
{
	return json_pack("{s:I,s:o,s:s,s:I,s:I,s:o,s:I,s:s,s:s,s:o,s:o,s:o}", "id", (json_int_t)r->id, "case_id",
			 r->case_id > 0 ? json_integer(r->case_id) : json_null(), "kind", r->listing_kind,
			 "listing_id", (json_int_t)r->listing_id, "from_user", (json_int_t)r->from_user,
			 "from_org", r->from_org > 0 ? json_integer(r->from_org) : json_null(), "to_org",
			 (json_int_t)r->to_org, "message", r->message, "status", r->status, "reason",
			 jstr(r->reason), "created_at", jstr(r->created_at), "decided_at", jstr(r->decided_at));
}

static void create_contact(struct api_ctx *c)
{
	static const char *const keys[] = { "kind", "listing_id", "message", NULL };
	struct actor by = actor_of(c);
	struct contact_request r;
	const char *kind = NULL, *msg = NULL;
	int64_t id = 0;
	int rc;
	if (!logged_in(c))
		return;
	if ((rc = api_body_keys(c, keys)) || (rc = jin_str(c, "kind", true, &kind)) ||
	    (rc = jin_int(c, "listing_id", true, 1, INT64_MAX, &id)) || (rc = jin_str(c, "message", true, &msg)))
		return api_fail(c, rc);
	if (!api_allow(c, "contact", "create", 0))
		return;
	if ((rc = contact_create(c->st, c->a, &by, kind, id, msg, &r, &c->fe)))
		return api_fail(c, rc);
	api_json(c, 201, contact_json(&r));
}

/* GET /api/contacts?box=in (to my organisation) | out (mine) */
static void list_contacts(struct api_ctx *c)
{
	struct contact_request *rows;
	const char *box = qs_str(c, "box");
	int n, rc;
	if (!logged_in(c))
		return;
	if (box && strcmp(box, "in") && strcmp(box, "out"))
		return TB_FE_S(&c->fe, "box", "one_of", "in or out"), api_fail(c, TB_EINVAL);
	if (box && !strcmp(box, "out"))
		rc = brokerage_contact_list(c->st, c->a, 0, c->who.user_id, qs_str(c, "status"), &rows, &n);
	else
		rc = brokerage_contact_list(c->st, c->a, c->who.org_id > 0 ? c->who.org_id : -1, 0, qs_str(c, "status"),
					&rows, &n);
	if (rc)
		return api_fail(c, rc);
	API_ITEMS(c, rows, n, contact_json);
}

static void decide_contact(struct api_ctx *c, bool accept)
{
	static const char *const keys[] = { "reason", NULL };
	struct actor by = actor_of(c);
	struct contact_request r;
	const char *reason = NULL;
	int rc;
	if (!logged_in(c))
		return;
	if ((rc = api_body_keys(c, keys)) || (rc = jin_str(c, "reason", !accept, &reason)))
		return api_fail(c, rc);
	if ((rc = contact_decide(c->st, c->a, &by, c->ids[0], accept, reason, &r, &c->fe)))
		return api_fail(c, rc);
	api_json(c, 200, contact_json(&r));
}
static void accept_contact(struct api_ctx *c) { decide_contact(c, true); }
static void decline_contact(struct api_ctx *c) { decide_contact(c, false); }

/* --------------------------------------------------------------- feedback */

json_t *feedback_json(const struct match_feedback *f)
{
	return json_pack("{s:I,s:I,s:I,s:I,s:s,s:o,s:o,s:o}", "id", (json_int_t)f->id, "party_org_id",
			 (json_int_t)f->party_org_id, "achievement_id", (json_int_t)f->achievement_id,
			 "demand_id", (json_int_t)f->demand_id, "verdict", f->verdict, "reason", jstr(f->reason),
			 "note", jstr(f->note), "updated_at", jstr(f->updated_at));
}

/* PUT /api/feedback: idempotent, one row per party and pair. */
static void put_feedback(struct api_ctx *c)
{
	static const char *const keys[] = { "achievement_id", "demand_id", "verdict", "reason", "note",
					    "party_org_id", NULL };
	struct actor by = actor_of(c);
	struct match_feedback f;
	const char *verdict = NULL, *reason = NULL, *note = NULL;
	int64_t ach = 0, dem = 0, party = 0;
	int created = 0, rc;
	if (!logged_in(c))
		return;
	if ((rc = api_body_keys(c, keys)) ||
	    (rc = jin_int(c, "achievement_id", true, 1, INT64_MAX, &ach)) ||
	    (rc = jin_int(c, "demand_id", true, 1, INT64_MAX, &dem)) ||
	    (rc = jin_int(c, "party_org_id", false, 1, INT64_MAX, &party)) ||
	    (rc = jin_str(c, "verdict", true, &verdict)) || (rc = jin_str(c, "reason", false, &reason)) ||
	    (rc = jin_str(c, "note", false, &note)))
		return api_fail(c, rc);
	if (!api_allow(c, "feedback", "put", 0))
		return;
	if ((rc = feedback_put(c->st, c->a, &by, party, ach, dem, verdict, reason, note, &f, &created, &c->fe))) {
		if (rc == TB_EPERM)
			api_audit(c, "put", "feedback", 0, "deny", "not the receiving party");
		return api_fail(c, rc);
	}
	if (c->app->index)
		docking_feedback_changed(c->app->index, c->st, &f);
	api_json(c, created ? 201 : 200, feedback_json(&f));
}

/* Aggregate feedback about a listing: for its owner (and admin). */
static void listing_feedback(struct api_ctx *c, bool is_ach)
{
	struct feedback_count *rows;
	int64_t owner;
	int n, rc;
	json_t *items;
	if (is_ach) {
		struct achievement x;
		if ((rc = catalog_ach_get(c->st, c->a, c->ids[0], &x)))
			return api_fail(c, rc);
		owner = x.owner_org_id;
	} else {
		struct demand x;
		if ((rc = catalog_dem_get(c->st, c->a, c->ids[0], &x)))
			return api_fail(c, rc);
		owner = x.org_id;
	}
	if (!api_allow(c, is_ach ? "achievement" : "demand", "read_draft", owner))
		return;
	if ((rc = brokerage_fb_summary(c->st, c->a, is_ach, c->ids[0], &rows, &n)))
		return api_fail(c, rc);
	items = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(items, json_pack("{s:s,s:o,s:I}", "verdict", rows[i].verdict, "reason",
						       *rows[i].reason ? json_string(rows[i].reason) : json_null(),
						       "count", (json_int_t)rows[i].count));
	api_json(c, 200, json_pack("{s:o}", "items", items));
}
static void ach_feedback(struct api_ctx *c) { listing_feedback(c, true); }
static void dem_feedback(struct api_ctx *c) { listing_feedback(c, false); }

/* ------------------------------------------------------------------- KPIs */

static json_t *yuan(int64_t fen) { return json_real((double)fen / 100.0); }

/* A broker sees their own figures; reviewers and admin everyone's. */
static bool kpi_allowed(struct api_ctx *c, const char *by, int64_t key)
{
	if (api_may(c, "kpi", "read", 0))
		return true;
	if (by && !strcmp(by, "broker") && key > 0 && key == c->who.user_id)
		return true;
	return api_allow(c, "kpi", "read", 0);
}

/* The name of a KPI key: the broker's, the institution's, the event's title. */
static const char *kpi_name(struct api_ctx *c, const char *by, int64_t key)
{
	if (!strcmp(by, "broker")) {
		struct broker b;
		return brokerage_broker_get(c->st, c->a, key, &b) ? NULL : b.name;
	}
	if (!strcmp(by, "institution")) {
		struct org o;
		return org_get(c->st, c->a, key, &o) ? NULL : o.name;
	}
	{
		struct event e;
		return brokerage_event_get(c->st, c->a, key, &e) ? NULL : e.title;
	}
}

/* GET /api/kpi?by=broker|institution|event&since=&until=[&id=] */
static void get_kpi(struct api_ctx *c)
{
	const char *by = qs_str(c, "by"), *since = qs_str(c, "since"), *until = qs_str(c, "until");
	struct kpi *rows;
	int64_t id;
	int n, rc;
	json_t *items;
	if ((rc = qs_int(c, "id", 1, INT64_MAX, 0, &id)))
		return api_fail(c, rc);
	if (!kpi_allowed(c, by, id))
		return;
	if ((rc = kpi_compute(c->st, c->a, by, since, until, id, &rows, &n, &c->fe)))
		return api_fail(c, rc);
	items = json_array();
	for (int i = 0; i < n; i++) {
		json_t *it = json_pack("{s:I,s:I,s:I,s:I,s:o,s:o,s:o}", "id", (json_int_t)rows[i].key,
						       "cases_opened", (json_int_t)rows[i].cases_opened,
						       "cases_contracted", (json_int_t)rows[i].cases_contracted,
						       "contracts", (json_int_t)rows[i].contracts, "amount",
						       yuan(rows[i].amount_fen), "tx_amount", yuan(rows[i].tx_amount_fen),
						       "median_days", rows[i].median_days < 0 ? json_null()
											      : json_real(rows[i].median_days));
		/* the key's name, so that a table of figures can be read (dashboard) */
		json_object_set_new(it, "name", jstr(kpi_name(c, by, rows[i].key)));
		json_array_append_new(items, it);
	}
	api_json(c, 200, json_pack("{s:s,s:s,s:s,s:o}", "by", by, "since", since, "until", until, "items", items));
}

/* GET /api/kpi/trace?by=&id=&since=&until=: the cases and contracts behind a figure. */
static void trace_kpi(struct api_ctx *c)
{
	const char *by = qs_str(c, "by"), *since = qs_str(c, "since"), *until = qs_str(c, "until");
	struct kpi_row *rows;
	int64_t id;
	int n, rc;
	json_t *items;
	if ((rc = qs_int(c, "id", 1, INT64_MAX, 0, &id)))
		return api_fail(c, rc);
	if (!id)
		return TB_FE(&c->fe, "id", "field_required"), api_fail(c, TB_EINVAL);
	if (!kpi_allowed(c, by, id))
		return;
	if ((rc = kpi_trace(c->st, c->a, by, id, since, until, &rows, &n, &c->fe)))
		return api_fail(c, rc);
	items = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(items, json_pack("{s:I,s:s,s:s,s:o,s:o,s:o,s:o}", "case_id",
						       (json_int_t)rows[i].case_id, "opened_on", rows[i].opened_on,
						       "status", rows[i].status, "contract_id",
						       rows[i].contract_id > 0 ? json_integer(rows[i].contract_id) : json_null(),
						       "signed_on", rows[i].contract_id > 0 ? jstr(rows[i].signed_on) : json_null(),
						       "amount", rows[i].contract_id > 0 ? yuan(rows[i].amount_fen) : json_null(),
						       "tx_amount", rows[i].contract_id > 0 ? yuan(rows[i].tx_amount_fen) : json_null()));
	api_json(c, 200, json_pack("{s:o}", "items", items));
}

const struct api_route api_broker_routes[] = {
	{ "GET", "/api/kpi", get_kpi,
	  { .en = "Broker KPIs", .zh = "技术经纪人绩效指标", .access = "kpi:read",
	    .query = "by!,since!,until!,id:integer", .ok = "200" } },
	{ "GET", "/api/kpi/trace", trace_kpi,
	  { .en = "The contracts behind a KPI figure", .zh = "绩效指标所依据的合同", .access = "kpi:read",
	    .query = "by!,since!,until!,id:integer!", .ok = "200" } },
	{ "GET", "/api/brokers", list_brokers,
	  { .en = "List brokers", .zh = "技术经纪人列表", .access = "broker:read",
	    .query = "field,region,grade,q,institution_id:integer,limit:integer,offset:integer",
	    .ok = "200:[#Broker" } },
	{ "GET", "/api/brokers/{id}", get_broker,
	  { .en = "Get one broker", .zh = "查看技术经纪人", .access = "broker:read",
	    .ok = "200:#Broker" } },
	{ "PUT", "/api/brokers/{id}", put_broker,
	  { .en = "Update a broker's profile", .zh = "修改技术经纪人资料", .access = "broker:update",
	    .body = "institution_id:integer!,name:string!,grade:string!,fields:array,"
	             "regions:array,cert_no:string,cert_date:string,cert_expiry:string,bio:string",
	    .ok = "200:#Broker" } },
	{ "POST", "/api/representations", request_rep,
	  { .en = "Ask to represent an organisation", .zh = "申请代理机构",
	    .access = "representation:request", .body = "org_id:integer!,scope:array",
	    .ok = "201:#Representation" } },
	{ "GET", "/api/representations", list_reps,
	  { .en = "List representations", .zh = "经纪代理关系列表", .access = "representation:read",
	    .query = "org_id:integer,broker_id:integer,status", .ok = "200:[#Representation" } },
	{ "POST", "/api/representations/{id}/{id}/consent", consent_rep,
	  { .en = "Consent to a broker's representation", .zh = "同意经纪人代理", .access = "login",
	    .body = "note:string", .ok = "200:#Representation" } },
	{ "POST", "/api/representations/{id}/{id}/decline", decline_rep,
	  { .en = "Decline a broker's representation", .zh = "拒绝经纪人代理", .access = "login",
	    .body = "note:string", .ok = "200:#Representation" } },
	{ "POST", "/api/representations/{id}/{id}/revoke", revoke_rep,
	  { .en = "Revoke a broker's representation", .zh = "撤销经纪人代理", .access = "login",
	    .body = "note:string", .ok = "200:#Representation" } },
	{ "POST", "/api/cases", create_case,
	  { .en = "Open a docking case", .zh = "新建对接案例", .access = "case:create",
	    .body = "achievement_id:integer,demand_id:integer,broker_id:integer,event_id:integer,"
	             "origin:string,note:string,opened_on:string", .ok = "201:#DockingCase" } },
	{ "GET", "/api/cases", list_cases,
	  { .en = "List docking cases", .zh = "对接案例列表", .access = "case:read_any",
	    .query = "status,since,until,limit:integer,offset:integer,broker_id:integer,"
	             "institution_id:integer,event_id:integer", .ok = "200:[#DockingCase" } },
	{ "GET", "/api/cases/{id}", get_case,
	  { .en = "Get one docking case", .zh = "查看对接案例", .access = "case:read_any",
	    .ok = "200:#DockingCase" } },
	{ "POST", "/api/cases/{id}/advance", advance_case,
	  { .en = "Advance a docking case to its next step", .zh = "推进对接案例到下一步", .access = "login",
	    .body = "status:string!,on_date:string,note:string,close_reason:string,"
	             "contract_id:integer", .ok = "200:#DockingCase" } },
	{ "POST", "/api/contacts", create_contact,
	  { .en = "Ask for contact (我要对接)", .zh = "发起对接请求（我要对接）", .access = "contact:create",
	    .body = "kind:string!,listing_id:integer!,message:string!",
	    .ok = "201:#ContactRequest" } },
	{ "GET", "/api/contacts", list_contacts,
	  { .en = "List contact requests", .zh = "对接请求列表", .access = "login", .query = "box,status",
	    .ok = "200:[#ContactRequest" } },
	{ "POST", "/api/contacts/{id}/accept", accept_contact,
	  { .en = "Accept a contact request", .zh = "接受对接请求", .access = "login",
	    .body = "reason:string", .errors = "409", .ok = "200:#ContactRequest" } },
	{ "POST", "/api/contacts/{id}/decline", decline_contact,
	  { .en = "Decline a contact request", .zh = "拒绝对接请求", .access = "login",
	    .body = "reason:string", .ok = "200:#ContactRequest" } },
	{ "PUT", "/api/feedback", put_feedback,
	  { .en = "Give feedback on a match", .zh = "对匹配结果提交反馈", .access = "feedback:put",
	    .body = "achievement_id:integer!,demand_id:integer!,party_org_id:integer,"
	             "verdict:string!,reason:string,note:string", .ok = "200:#MatchFeedback" } },
	{ "GET", "/api/achievements/{id}/feedback", ach_feedback,
	  { .en = "Match feedback on an achievement", .zh = "成果的匹配反馈",
	    .access = "achievement:read_draft", .ok = "200:[#MatchFeedback" } },
	{ "GET", "/api/demands/{id}/feedback", dem_feedback,
	  { .en = "Match feedback on a demand", .zh = "需求的匹配反馈", .access = "demand:read_draft",
	    .ok = "200:[#MatchFeedback" } },
	{ NULL, NULL, NULL, { 0 } },
};

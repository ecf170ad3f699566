/* challenges.c - the 揭榜挂帅 open-competition resource (issue #13): JSON in,
 * domain/challenge.h, JSON out. Challenges, applications (sealed until the
 * deadline by the domain), expert assignment and scores, ranking, winners,
 * the public notice with objections, confirmation, the task book (JSON and
 * CSV), the contract draft and its registration, milestones and tranches,
 * and the list of challenges assigned to the calling expert. Money is read
 * and written as integer fen (`*_fen`), with a yuan string for display.
 * Experts are not a role: any account the bureau assigns to a challenge is
 * its expert there (docs/challenges.md). */
#include "api/api.h"
#include "core/log.h"
#include "core/buf.h"
#include "core/csv.h"
#include "core/util.h"
#include "domain/catalog_ops.h"
#include "domain/challenge.h"
#include "domain/visibility.h"
#include "domain/docking.h"
#include "domain/contract.h"
#include "domain/money.h"
#include "model/names.h"
#include <stdio.h>
#include <string.h>

/* ---------------------------------------------------------- who asks */

static struct ch_actor actor(struct api_ctx *c)
{
	struct ch_actor a = { c->who.user_id, c->who.org_id, c->who.email, c->who.role, false };
	a.bureau = c->who.role && (!strcmp(c->who.role, "reviewer") || !strcmp(c->who.role, "admin"));
	return a;
}

static const char *now_iso(struct api_ctx *c)
{
	char b[32];
	fmt_iso8601(now_unix(), b);
	return arena_strdup(c->a, b);
}

static const char *today(struct api_ctx *c)
{
	const char *n = now_iso(c);
	return arena_printf(c->a, "%.10s", n);
}

/* An illegal transition answers 409 naming the current status as a field of its own. */
static void ch_fail(struct api_ctx *c, int rc, int64_t challenge_id)
{
	struct challenge cur;
	if (rc == TB_ESTATE && challenge_id > 0 && !ch_read_get(c->st, c->a, challenge_id, &cur)) {
		json_t *o = json_pack("{s:s,s:s,s:s}", "error",
		                      c->fe.message[0] ? c->fe.message : "not allowed in the current status",
		                      "field", c->fe.field[0] ? c->fe.field : "status", "current", cur.status);
		api_json(c, 409, o);
		return;
	}
	api_fail(c, rc);
}

/* ---------------------------------------------------------- lines <-> JSON */

/* How a sub-list maps between JSON objects and line columns. */
struct lmap {
	const char *key, *kind;
	const char *name, *value, *unit, *note, *weight, *amount, *ref;
	bool plain;   /* items may be a bare string (name) or integer (ref) */
};
static const struct lmap ch_maps[] = {
	{ "indicators", "indicator", "name", "target", "unit", NULL, NULL, NULL, NULL, false },
	{ "deliverables", "deliverable", "name", NULL, NULL, NULL, NULL, NULL, NULL, true },
	{ "stages", "stage", "name", NULL, "kind", NULL, NULL, "amount_fen", NULL, false },
	{ "criteria", "criterion", "name", NULL, NULL, NULL, "weight", NULL, NULL, false },
	{ "contacts", "contact", "name", "contact", NULL, NULL, NULL, NULL, NULL, false },
	{ NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, false },
};
static const struct lmap app_maps[] = {
	{ "members", "member", "name", "role", NULL, NULL, NULL, NULL, NULL, true },
	{ "consortium", "consortium", NULL, NULL, NULL, NULL, "lead", NULL, "org_id", false },
	{ "achievements", "achievement", NULL, NULL, NULL, NULL, NULL, NULL, "id", true },
	{ "budget", "budget", "stage", NULL, NULL, NULL, NULL, "amount_fen", NULL, false },
	{ "milestones", "milestone", "title", "due_on", "tranche", "indicators", NULL, "amount_fen",
	  NULL, false },
	{ NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, false },
};

/* An entry of a list names itself in the field ("scores[2].criterion"); the
 * code and its bounds say what is wrong (lo/hi for int_range). */
static int item_err(struct api_ctx *c, const char *key, size_t i, const char *sub, const char *code,
                    int64_t lo, int64_t hi)
{
	char f[64];
	if (sub)
		snprintf(f, sizeof(f), "%s[%zu].%s", key, i, sub);
	else
		snprintf(f, sizeof(f), "%s[%zu]", key, i);
	TB_FE_NM(&c->fe, f, code, lo, hi);
	return TB_EINVAL;
}

static int item_str(struct api_ctx *c, json_t *o, const char *key, size_t i, const char *sub,
                    const char **out)
{
	json_t *v;
	if (!sub)
		return TB_OK;
	v = json_object_get(o, sub);
	if (!v || json_is_null(v))
		return TB_OK;
	if (!json_is_string(v) || json_string_length(v) > 20000)
		return item_err(c, key, i, sub, "not_string", 0, 0);
	*out = arena_strdup(c->a, json_string_value(v));
	return TB_OK;
}

static int item_int(struct api_ctx *c, json_t *o, const char *key, size_t i, const char *sub,
                    int64_t lo, int64_t hi, int64_t *out)
{
	json_t *v;
	if (!sub)
		return TB_OK;
	v = json_object_get(o, sub);
	if (!v || json_is_null(v))
		return TB_OK;
	if (json_is_boolean(v)) {
		*out = json_is_true(v);
		return TB_OK;
	}
	if (!json_is_integer(v) || json_integer_value(v) < lo || json_integer_value(v) > hi)
		return item_err(c, key, i, sub, "int_range", lo, hi);
	*out = json_integer_value(v);
	return TB_OK;
}

static int read_lines(struct api_ctx *c, const struct lmap *maps, struct ch_line **out, int *n)
{
	size_t total = 0;
	int rc;
	*n = 0;
	for (const struct lmap *m = maps; m->key; m++) {
		json_t *arr = json_object_get(c->body, m->key);
		if (arr && !json_is_array(arr))
			return TB_FE(&c->fe, m->key, "not_array"), TB_EINVAL;
		total += arr ? json_array_size(arr) : 0;
		/* The list that crosses the bound is the field named. */
		if (total > CH_MAX_LINES)
			return TB_FE_N(&c->fe, m->key, "max_entries", CH_MAX_LINES), TB_EINVAL;
	}
	*out = arena_alloc(c->a, sizeof(**out) * (total ? total : 1));
	if (!*out)
		return TB_ENOMEM;
	for (const struct lmap *m = maps; m->key; m++) {
		json_t *arr = json_object_get(c->body, m->key), *o;
		size_t i;
		if (!arr)
			continue;
		json_array_foreach(arr, i, o) {
			struct ch_line *l = &(*out)[(*n)++];
			int64_t w = 0, amt = 0, ref = 0;
			memset(l, 0, sizeof(*l));
			l->kind = m->kind;
			l->seq = (int)i + 1;
			if (m->plain && json_is_string(o) && m->name) {
				l->name = arena_strdup(c->a, json_string_value(o));
				continue;
			}
			if (m->plain && json_is_integer(o) && m->ref) {
				l->ref_id = json_integer_value(o);
				continue;
			}
			if (!json_is_object(o))
				return item_err(c, m->key, i, NULL, "body_not_object", 0, 0);
			if ((rc = item_str(c, o, m->key, i, m->name, &l->name)) ||
			    (rc = item_str(c, o, m->key, i, m->value, &l->value)) ||
			    (rc = item_str(c, o, m->key, i, m->unit, &l->unit)) ||
			    (rc = item_str(c, o, m->key, i, m->note, &l->note)) ||
			    (rc = item_int(c, o, m->key, i, m->weight, 0, 100, &w)) ||
			    (rc = item_int(c, o, m->key, i, m->amount, 0, MONEY_MAX_FEN, &amt)) ||
			    (rc = item_int(c, o, m->key, i, m->ref, 1, INT64_MAX, &ref)))
				return rc;
			l->weight = (int)w;
			l->amount_fen = amt;
			l->ref_id = ref;
		}
	}
	return TB_OK;
}

static json_t *yuan(int64_t fen)
{
	char b[32];
	money_format(fen, b);
	return json_string(b);
}

static void lines_json(json_t *into, const struct lmap *maps, const struct ch_line *l, int n)
{
	for (const struct lmap *m = maps; m->key; m++) {
		json_t *arr = json_array();
		for (int i = 0; i < n; i++) {
			json_t *o;
			if (strcmp(l[i].kind, m->kind))
				continue;
			o = json_object();
			if (m->name) json_object_set_new(o, m->name, jstr(l[i].name));
			if (m->value) json_object_set_new(o, m->value, jstr(l[i].value));
			if (m->unit) json_object_set_new(o, m->unit, jstr(l[i].unit));
			if (m->note) json_object_set_new(o, m->note, jstr(l[i].note));
			if (m->weight) json_object_set_new(o, m->weight, !strcmp(m->weight, "lead") ?
			                                   json_boolean(l[i].weight) : json_integer(l[i].weight));
			if (m->amount) {
				json_object_set_new(o, m->amount, json_integer(l[i].amount_fen));
				json_object_set_new(o, "amount", yuan(l[i].amount_fen));
			}
			if (m->ref) json_object_set_new(o, m->ref, json_integer(l[i].ref_id));
			json_object_set_new(o, "seq", json_integer(l[i].seq));
			json_array_append_new(arr, o);
		}
		json_object_set_new(into, m->key, arr);
	}
}

/* ---------------------------------------------------------- presenters */

json_t *challenge_json(const struct challenge *x, const struct ch_line *lines, int n)
{
	json_t *o = json_pack(
		"{s:I,s:o,s:I,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:I,s:o,s:I,s:o,s:i,"
		"s:i,s:o,s:o,s:s,s:s,s:s,s:o,s:o,s:o}",
		"id", (json_int_t)x->id,
		"demand_id", x->demand_id > 0 ? json_integer(x->demand_id) : json_null(),
		"issuer_org_id", (json_int_t)x->issuer_org_id,
		"issuer_name", jstr(x->issuer_name),
		"end_user_org_id", x->end_user_org_id > 0 ? json_integer(x->end_user_org_id) : json_null(),
		"end_user_name", jstr(x->end_user_name ? x->end_user_name : x->issuer_name),
		"title_zh", jstr(x->title_zh), "title_en", jstr(x->title_en), "problem", jstr(x->problem),
		"field", jstr(x->field), "region", jstr(x->region), "eligibility", jstr(x->eligibility),
		"acceptance", jstr(x->acceptance), "deadline", jstr(x->deadline),
		"period_start", jstr(x->period_start), "period_end", jstr(x->period_end),
		"budget_fen", (json_int_t)x->budget_fen, "budget", yuan(x->budget_fen),
		"awarded_fen", (json_int_t)x->awarded_fen, "awarded", yuan(x->awarded_fen),
		"max_winners", x->max_winners, "notice_days", x->notice_days,
		"notice_start", jstr(x->notice_start), "notice_end", jstr(x->notice_end),
		"status", x->status, "status_zh", challenge_status_label(x->status, true),
		"status_en", challenge_status_label(x->status, false),
		"note", jstr(x->note), "published_at", jstr(x->published_at), "created_at", jstr(x->created_at));
	if (o && lines)
		lines_json(o, ch_maps, lines, n);
	return o;
}

json_t *ch_app_json(const struct ch_app *x, const struct ch_line *lines, int n)
{
	json_t *o = json_pack("{s:I,s:I,s:I,s:o,s:o,s:s,s:I,s:o,s:I,s:o,s:o,s:o}",
	                      "id", (json_int_t)x->id, "challenge_id", (json_int_t)x->challenge_id,
	                      "team_org_id", (json_int_t)x->team_org_id, "team_name", jstr(x->team_name),
	                      "plan", jstr(x->plan), "status", x->status,
	                      "requested_fen", (json_int_t)x->requested_fen, "requested", yuan(x->requested_fen),
	                      "award_fen", (json_int_t)x->award_fen, "award", yuan(x->award_fen),
	                      "contract_id", x->contract_id > 0 ? json_integer(x->contract_id) : json_null(),
	                      "created_at", jstr(x->created_at));
	if (o && lines)
		lines_json(o, app_maps, lines, n);
	return o;
}

json_t *ch_milestone_json(const struct ch_milestone *m, const char *today_date)
{
	return json_pack("{s:I,s:I,s:I,s:i,s:o,s:o,s:o,s:o,s:I,s:o,s:s,s:o,s:o,s:o,s:o,s:o,s:b}",
	                 "id", (json_int_t)m->id, "challenge_id", (json_int_t)m->challenge_id,
	                 "app_id", (json_int_t)m->app_id, "seq", m->seq, "title", jstr(m->title),
	                 "due_on", jstr(m->due_on), "indicators", jstr(m->indicators),
	                 "tranche", jstr(m->tranche_kind), "tranche_fen", (json_int_t)m->tranche_fen,
	                 "tranche_amount", yuan(m->tranche_fen), "status", m->status,
	                 "evidence", jstr(m->evidence), "reason", jstr(m->reason),
	                 "reported_at", jstr(m->reported_at), "decided_at", jstr(m->decided_at),
	                 "paid_at", jstr(m->paid_at), "overdue", challenge_ms_overdue(m, today_date));
}

static json_t *expert_json(const struct ch_expert *e)
{
	return json_pack("{s:I,s:I,s:o,s:o,s:o,s:s,s:o}", "challenge_id", (json_int_t)e->challenge_id,
	                 "user_id", (json_int_t)e->user_id, "email", jstr(e->email), "name", jstr(e->name),
	                 "org_id", e->org_id > 0 ? json_integer(e->org_id) : json_null(),
	                 "status", e->status, "reason", jstr(e->reason));
}

/* ---------------------------------------------------------- challenges */

static int read_challenge(struct api_ctx *c, struct ch_full *x, bool create)
{
	static const char *const keys[] = {
		"demand_id", "issuer_org_id", "end_user_org_id", "title_zh", "title_en", "problem", "field",
		"region", "eligibility", "acceptance", "deadline", "period_start", "period_end",
		"budget_fen", "max_winners", "notice_days", "indicators", "deliverables", "stages",
		"criteria", "contacts", NULL };
	int64_t v;
	int rc;
	memset(x, 0, sizeof(*x));
	x->c.notice_days = -1;
	x->c.max_winners = 1;
	if ((rc = api_body_keys(c, keys)) ||
	    (rc = jin_int(c, "demand_id", false, 1, INT64_MAX, &x->c.demand_id)) ||
	    (rc = jin_int(c, "issuer_org_id", false, 1, INT64_MAX, &x->c.issuer_org_id)) ||
	    (rc = jin_int(c, "end_user_org_id", false, 1, INT64_MAX, &x->c.end_user_org_id)) ||
	    (rc = jin_str(c, "title_zh", false, &x->c.title_zh)) ||
	    (rc = jin_str(c, "title_en", false, &x->c.title_en)) ||
	    (rc = jin_str(c, "problem", false, &x->c.problem)) ||
	    (rc = jin_str(c, "field", false, &x->c.field)) ||
	    (rc = jin_str(c, "region", false, &x->c.region)) ||
	    (rc = jin_str(c, "eligibility", false, &x->c.eligibility)) ||
	    (rc = jin_str(c, "acceptance", false, &x->c.acceptance)) ||
	    (rc = jin_str(c, "deadline", true, &x->c.deadline)) ||
	    (rc = jin_str(c, "period_start", false, &x->c.period_start)) ||
	    (rc = jin_str(c, "period_end", false, &x->c.period_end)) ||
	    (rc = jin_int(c, "budget_fen", true, 1, MONEY_MAX_FEN, &x->c.budget_fen)))
		return rc;
	v = 1;
	if ((rc = jin_int(c, "max_winners", false, 1, 10, &v)))
		return rc;
	x->c.max_winners = (int)v;
	v = CH_DEFAULT_NOTICE_DAYS;
	if ((rc = jin_int(c, "notice_days", false, 0, 30, &v)))
		return rc;
	x->c.notice_days = (int)v;
	(void)create;
	return read_lines(c, ch_maps, &x->lines, &x->nlines);
}

static void list(struct api_ctx *c)
{
	struct ch_query q;
	struct challenge *rows;
	struct actor who;
	int64_t total;
	json_t *items;
	int n, rc;

	if (!api_allow(c, "challenge", "read", 0))
		return;
	memset(&q, 0, sizeof(q));
	q.status = qs_str(c, "status");
	q.field = qs_str(c, "field");
	q.region = qs_str(c, "region");
	q.q = qs_str(c, "q");
	if (q.status && !name_in(challenge_statuses, q.status))
		return TB_FE(&c->fe, "status", "unknown_status_value"), api_fail(c, TB_EINVAL);
	if ((rc = qs_int(c, "issuer_org", 1, INT64_MAX, 0, &q.issuer_org)))
		return api_fail(c, rc);
	/* Drafts: the bureau sees all; an organisation its own (issuer_org=its id):
	 * the domain's rule (domain/visibility.h). */
	who = api_actor(c);
	q.public_only = challenge_list_public_only(c->st, &who, q.issuer_org);
	if ((rc = qs_page(c, 200, 50, 1000000, &q.limit, &q.offset)))
		return api_fail(c, rc);
	if ((rc = ch_read_list(c->st, c->a, &q, &rows, &n, &total)))
		return api_fail(c, rc);
	items = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(items, challenge_json(&rows[i], NULL, 0));
	api_json(c, 200, json_pack("{s:o,s:I}", "items", items, "total", (json_int_t)total));
}

static void detail_answer(struct api_ctx *c, int64_t id, int status)
{
	struct ch_actor by = actor(c);
	struct ch_full x;
	struct ch_milestone *ms;
	struct ch_app *apps;
	json_t *o, *arr, *winners;
	const char *t = today(c);
	int n, na, rc;
	if ((rc = challenge_get(c->st, c->a, &by, id, &x)))
		return api_fail(c, rc);
	o = challenge_json(&x.c, x.lines, x.nlines);
	/* Winners and milestones are public once the notice starts (公示). */
	winners = json_array();
	arr = json_array();
	if (!strcmp(x.c.status, "notice") || !strcmp(x.c.status, "awarded") ||
	    !strcmp(x.c.status, "in_progress") || !strcmp(x.c.status, "accepted") ||
	    !strcmp(x.c.status, "failed") || !strcmp(x.c.status, "closed")) {
		if ((rc = ch_read_app_list(c->st, c->a, id, 0, &apps, &na)))
			return json_decref(o), api_fail(c, rc);
		for (int i = 0; i < na; i++)
			if (!strcmp(apps[i].status, "won"))
				json_array_append_new(winners, json_pack("{s:I,s:I,s:o,s:I,s:o}", "app_id",
				                      (json_int_t)apps[i].id, "team_org_id", (json_int_t)apps[i].team_org_id,
				                      "team_name", jstr(apps[i].team_name), "award_fen",
				                      (json_int_t)apps[i].award_fen, "contract_id", apps[i].contract_id > 0 ?
				                      json_integer(apps[i].contract_id) : json_null()));
		if ((rc = ch_read_ms_list(c->st, c->a, id, &ms, &n)))
			return json_decref(o), api_fail(c, rc);
		for (int i = 0; i < n; i++)
			json_array_append_new(arr, ch_milestone_json(&ms[i], t));
	}
	json_object_set_new(o, "winners", winners);
	json_object_set_new(o, "milestones", arr);
	api_json(c, status, o);
}

static void get(struct api_ctx *c)
{
	if (!api_allow(c, "challenge", "read", 0))
		return;
	detail_answer(c, c->ids[0], 200);
}

static void create(struct api_ctx *c)
{
	struct ch_actor by = actor(c);
	struct ch_full x;
	int rc;
	if ((rc = read_challenge(c, &x, true)))
		return api_fail(c, rc);
	if (x.c.demand_id > 0 && x.c.issuer_org_id <= 0) {
		struct demand d;
		if ((rc = catalog_dem_get(c->st, c->a, x.c.demand_id, &d)) == TB_OK)
			x.c.issuer_org_id = d.org_id;
	}
	if (x.c.issuer_org_id <= 0 && !by.bureau)
		x.c.issuer_org_id = c->who.org_id;
	if (!api_allow(c, "challenge", "create", x.c.issuer_org_id))
		return;
	if ((rc = challenge_create(c->st, c->a, &by, &x, &c->fe)))
		return api_fail(c, rc);
	detail_answer(c, x.c.id, 201);
}

static void edit(struct api_ctx *c)
{
	struct ch_actor by = actor(c);
	struct ch_full x, cur;
	int rc;
	if ((rc = challenge_get(c->st, c->a, &by, c->ids[0], &cur)))
		return api_fail(c, rc);
	if (!api_allow(c, "challenge", "update", cur.c.issuer_org_id))
		return;
	if ((rc = read_challenge(c, &x, false)))
		return api_fail(c, rc);
	x.c.id = c->ids[0];
	if ((rc = challenge_edit(c->st, c->a, &by, &x, &c->fe)))
		return ch_fail(c, rc, c->ids[0]);
	detail_answer(c, x.c.id, 200);
}

/* ---------------------------------------------------------- matching help */

static json_t *proposal_json(const struct ch_proposal *p)
{
	json_t *achs = json_array();
	for (int i = 0; i < p->nach; i++) {
		json_t *f = json_array();
		for (int k = 0; k < p->hit[i]->nfactors; k++)
			json_array_append_new(f, json_pack("{s:s,s:f}", "name", p->hit[i]->factors[k].name,
			                                   "weight", p->hit[i]->factors[k].weight));
		json_array_append_new(achs, json_pack("{s:I,s:o,s:o,s:i,s:f,s:o}", "id",
		                      (json_int_t)p->ach[i].id, "title_zh", jstr(p->ach[i].title_zh),
		                      "title_en", jstr(p->ach[i].title_en), "trl", p->ach[i].trl,
		                      "score", p->hit[i]->score, "factors", f));
	}
	return json_pack("{s:I,s:o,s:f,s:o}", "org_id", (json_int_t)p->org_id, "org_name",
	                 jstr(p->org_name), "score", p->score, "achievements", achs);
}

/* Teams proposed from the catalogue once a challenge is public. */
static void proposals(struct api_ctx *c)
{
	struct ch_proposal *p;
	int64_t lim;
	int n, rc;
	if (!api_allow(c, "challenge", "read", 0))
		return;
	if ((rc = qs_int(c, "limit", 1, 50, 10, &lim)))
		return api_fail(c, rc);
	if (!c->app->index)
		return api_error_code(c, 503, "index_not_loaded", NULL);
	if ((rc = challenge_propose(c->app->index, c->st, c->a, c->ids[0], (int)lim, &p, &n)))
		return api_fail(c, rc);
	API_ITEMS(c, p, n, proposal_json);
}

/* ---------------------------------------------------------- indicators */

static json_t *ind_json(const struct ch_ind *r)
{
	return json_pack("{s:s,s:I,s:I,s:f,s:I,s:I,s:o,s:I,s:o,s:I,s:I,s:I}", "key", r->key,
	                 "published", (json_int_t)r->published, "applications", (json_int_t)r->applications,
	                 "applications_per_challenge", r->published ? (double)r->applications / r->published : 0.0,
	                 "awarded", (json_int_t)r->awarded, "committed_fen", (json_int_t)r->committed_fen,
	                 "committed", yuan(r->committed_fen), "released_fen", (json_int_t)r->released_fen,
	                 "released", yuan(r->released_fen), "milestones_accepted", (json_int_t)r->ms_accepted,
	                 "milestones_on_time", (json_int_t)r->ms_on_time,
	                 "milestones_overdue", (json_int_t)r->ms_overdue);
}

/* Programme indicators; drill down with GET /api/challenges?field=..&region=.. */
static void indicators(struct api_ctx *c)
{
	struct ch_ind total, *bf, *br;
	json_t *f, *r;
	int nf, nr, rc;
	if (!api_allow(c, "indicator", "read", 0))
		return;
	if ((rc = challenge_indicators(c->st, c->a, today(c), &total, &bf, &nf, &br, &nr)))
		return api_fail(c, rc);
	f = json_array();
	r = json_array();
	for (int i = 0; i < nf; i++)
		json_array_append_new(f, ind_json(&bf[i]));
	for (int i = 0; i < nr; i++)
		json_array_append_new(r, ind_json(&br[i]));
	api_json(c, 200, json_pack("{s:o,s:o,s:o}", "total", ind_json(&total), "by_field", f, "by_region", r));
}

/* ---------------------------------------------------------- applications */

static void apps_list(struct api_ctx *c)
{
	struct ch_actor by = actor(c);
	struct ch_app *apps;
	struct ch_rank *rk = NULL;
	json_t *items;
	bool sealed;
	int n, nr = 0, rc;
	if (!api_allow(c, "challenge", "read", 0))
		return;
	if ((rc = challenge_apps_visible(c->st, c->a, &by, c->ids[0], now_iso(c), &apps, &n, &sealed)))
		return api_fail(c, rc);
	struct ch_proposal *pr = NULL;
	int npr = 0;
	/* Weighted totals for those who may see the ranking (bureau, issuer, experts). */
	if (!sealed && challenge_ranking(c->st, c->a, &by, c->ids[0], &rk, &nr))
		nr = 0;
	/* Each applicant's match evidence: how the catalogue ranks its organisation. */
	if (n && c->app->index &&
	    challenge_propose(c->app->index, c->st, c->a, c->ids[0], 50, &pr, &npr))
		npr = 0;
	items = json_array();
	for (int i = 0; i < n; i++) {
		struct ch_app_full f;
		json_t *o;
		if ((rc = challenge_app_get(c->st, c->a, &by, apps[i].id, now_iso(c), &f)))
			return json_decref(items), api_fail(c, rc);
		o = ch_app_json(&f.app, f.lines, f.nlines);
		for (int k = 0; k < nr; k++)
			if (rk[k].app_id == apps[i].id && rk[k].experts)
				json_object_set_new(o, "score", json_pack("{s:f,s:f,s:i,s:i}", "total", rk[k].total,
				                    "spread", rk[k].spread, "experts", rk[k].experts, "rank", rk[k].rank));
		json_object_set_new(o, "match", json_null());
		for (int k = 0; k < npr; k++)
			if (pr[k].org_id == apps[i].team_org_id) {
				json_t *m = proposal_json(&pr[k]);
				json_object_set_new(m, "rank", json_integer(k + 1));
				json_object_set_new(o, "match", m);
			}
		json_array_append_new(items, o);
	}
	api_json(c, 200, json_pack("{s:o,s:b}", "items", items, "sealed", sealed));
}

static void apply(struct api_ctx *c)
{
	static const char *const keys[] = { "team_org_id", "plan", "members", "consortium",
	                                    "achievements", "budget", "milestones", NULL };
	struct ch_actor by = actor(c);
	struct ch_app_full x;
	int rc;
	memset(&x, 0, sizeof(x));
	x.app.challenge_id = c->ids[0];
	x.app.team_org_id = c->who.org_id;
	if ((rc = api_body_keys(c, keys)) ||
	    (rc = jin_int(c, "team_org_id", false, 1, INT64_MAX, &x.app.team_org_id)) ||
	    (rc = jin_str(c, "plan", true, &x.app.plan)) ||
	    (rc = read_lines(c, app_maps, &x.lines, &x.nlines)))
		return api_fail(c, rc);
	if (x.app.team_org_id <= 0)
		return TB_FE(&c->fe, "team_org_id", "field_required"), api_fail(c, TB_EINVAL);
	if (!api_allow(c, "challenge", "apply", x.app.team_org_id))
		return;
	if ((rc = challenge_apply(c->st, c->a, &by, &x, now_iso(c), &c->fe)))
		return ch_fail(c, rc, c->ids[0]);
	api_json(c, 201, ch_app_json(&x.app, x.lines, x.nlines));
}

/* PUT /api/challenge-applications/{id}: the team edits its application
 * until the deadline (issue #13 leftover); the body is an application's
 * (without team_org_id, which stays). The replaced version is kept. */
static void app_edit(struct api_ctx *c)
{
	static const char *const keys[] = { "plan", "members", "consortium", "achievements", "budget",
	                                    "milestones", NULL };
	struct ch_actor by = actor(c);
	struct ch_app_full x;
	json_t *o;
	int version = 0, rc;
	memset(&x, 0, sizeof(x));
	if (!api_allow(c, "challenge", "apply", by.org_id))
		return;
	if ((rc = api_body_keys(c, keys)) ||
	    (rc = jin_str(c, "plan", true, &x.app.plan)) ||
	    (rc = read_lines(c, app_maps, &x.lines, &x.nlines)))
		return api_fail(c, rc);
	if ((rc = challenge_app_edit(c->st, c->a, &by, c->ids[0], &x, now_iso(c), &version, &c->fe)))
		return api_fail(c, rc);
	o = ch_app_json(&x.app, x.lines, x.nlines);
	json_object_set_new(o, "version", json_integer(version));
	api_json(c, 200, o);
}

/* GET /api/challenge-applications/{id}/versions: the versions edits replaced,
 * sealed like the application (its team before the deadline). */
static void app_versions(struct api_ctx *c)
{
	struct ch_actor by = actor(c);
	struct ch_app_version *v;
	json_t *items;
	int n, rc;
	if (!api_allow(c, "challenge", "read", 0))
		return;
	if ((rc = challenge_app_versions(c->st, c->a, &by, c->ids[0], now_iso(c), &v, &n)))
		return api_fail(c, rc);
	items = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(items, json_pack("{s:i,s:s,s:I,s:s,s:s,s:o}", "version", v[i].version,
		                                       "plan", v[i].plan, "requested_fen",
		                                       (json_int_t)v[i].requested_fen, "lines", v[i].lines,
		                                       "replaced_at", v[i].replaced_at, "replaced_by",
		                                       v[i].replaced_by > 0 ? json_integer(v[i].replaced_by)
		                                                            : json_null()));
	api_json(c, 200, json_pack("{s:I,s:i,s:o}", "app_id", (json_int_t)c->ids[0], "current_version",
	                           n + 1, "items", items));
}

static void app_get(struct api_ctx *c)
{
	struct ch_actor by = actor(c);
	struct ch_app_full f;
	int rc;
	if (!api_allow(c, "challenge", "read", 0))
		return;
	if ((rc = challenge_app_get(c->st, c->a, &by, c->ids[0], now_iso(c), &f)))
		return api_fail(c, rc);
	api_json(c, 200, ch_app_json(&f.app, f.lines, f.nlines));
}

/* ---------------------------------------------------------- experts, scores, ranking */

static void experts_list(struct api_ctx *c)
{
	struct ch_expert *e;
	int n, rc;
	if (!api_allow(c, "challenge", "assign_expert", 0))
		return;
	if ((rc = ch_read_experts(c->st, c->a, c->ids[0], 0, &e, &n)))
		return api_fail(c, rc);
	API_ITEMS(c, e, n, expert_json);
}

static void expert_assign(struct api_ctx *c)
{
	static const char *const keys[] = { "user_id", "conflict", NULL };
	struct ch_actor by = actor(c);
	struct ch_expert e;
	const char *conflict = NULL;
	int64_t uid = 0;
	int rc;
	if (!api_allow(c, "challenge", "assign_expert", 0))
		return;
	if ((rc = api_body_keys(c, keys)) ||
	    (rc = jin_int(c, "user_id", true, 1, INT64_MAX, &uid)) ||
	    (rc = jin_str(c, "conflict", false, &conflict)))
		return api_fail(c, rc);
	if ((rc = challenge_assign_expert(c->st, c->a, &by, c->ids[0], uid, conflict, &e, &c->fe)))
		return ch_fail(c, rc, c->ids[0]);
	api_json(c, 200, expert_json(&e));
}

static void my_assignments(struct api_ctx *c)
{
	struct ch_expert *e;
	json_t *items;
	int n, rc;
	if (c->who.user_id <= 0)
		return api_error(c, 401, "login required", NULL);
	if ((rc = challenge_expert_assigned(c->st, c->a, c->who.user_id, &e, &n)))
		return api_fail(c, rc);
	items = json_array();
	for (int i = 0; i < n; i++) {
		struct challenge ch;
		if ((rc = ch_read_get(c->st, c->a, e[i].challenge_id, &ch)))
			return json_decref(items), api_fail(c, rc);
		json_array_append_new(items, challenge_json(&ch, NULL, 0));
	}
	api_json(c, 200, json_pack("{s:o}", "items", items));
}

static void score(struct api_ctx *c)
{
	static const char *const keys[] = { "scores", NULL };
	struct ch_actor by = actor(c);
	struct ch_score *sc;
	struct ch_app p;
	json_t *arr, *o;
	size_t i;
	int n = 0, rc;
	if ((rc = ch_read_app_get(c->st, c->a, c->ids[0], &p)))
		return api_fail(c, rc);
	if (!api_allow(c, "challenge", "score", 0))
		return;
	if ((rc = api_body_keys(c, keys)))
		return api_fail(c, rc);
	arr = json_object_get(c->body, "scores");
	/* One score per criterion: up to CH_MAX_CRITERIA (a fixed 64 refused a
	 * challenge with more criteria, issue #13). */
	if (!json_is_array(arr) || !json_array_size(arr) || json_array_size(arr) > CH_MAX_CRITERIA)
		return tb_fe_code(&c->fe, "scores", "list_size", 1, CH_MAX_CRITERIA, "scores", NULL),
		       api_fail(c, TB_EINVAL);
	if (!(sc = arena_alloc(c->a, sizeof(*sc) * json_array_size(arr))))
		return api_fail(c, TB_ENOMEM);
	json_array_foreach(arr, i, o) {
		int64_t crit = 0, s = -1;
		const char *comment = NULL;
		if (!json_is_object(o))
			return item_err(c, "scores", i, NULL, "body_not_object", 0, 0), api_fail(c, TB_EINVAL);
		if ((rc = item_int(c, o, "scores", i, "criterion", 1, 1000, &crit)) ||
		    (rc = item_int(c, o, "scores", i, "score", 0, 100, &s)) ||
		    (rc = item_str(c, o, "scores", i, "comment", &comment)))
			return api_fail(c, rc);
		if (crit <= 0 || s < 0)
			return item_err(c, "scores", i, crit <= 0 ? "criterion" : "score", "field_required", 0,
			                0),
			       api_fail(c, TB_EINVAL);
		memset(&sc[n], 0, sizeof(sc[n]));
		sc[n].criterion = (int)crit;
		sc[n].score = (int)s;
		sc[n].comment = comment;
		n++;
	}
	if ((rc = challenge_score(c->st, c->a, &by, c->ids[0], sc, n, &c->fe)))
		return ch_fail(c, rc, p.challenge_id);
	api_json(c, 200, json_pack("{s:I,s:i}", "app_id", (json_int_t)c->ids[0], "scored", n));
}

static void ranking(struct api_ctx *c)
{
	struct ch_actor by = actor(c);
	struct ch_rank *rk;
	json_t *items;
	int n, rc;
	if (!api_allow(c, "challenge", "read", 0))
		return;
	if ((rc = challenge_ranking(c->st, c->a, &by, c->ids[0], &rk, &n)))
		return rc == TB_EPERM && c->who.user_id <= 0 ? api_error(c, 401, "login required", NULL)
		                                              : api_fail(c, rc);
	items = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(items, json_pack("{s:i,s:I,s:I,s:o,s:f,s:f,s:i,s:s}", "rank", rk[i].rank,
		                      "app_id", (json_int_t)rk[i].app_id, "team_org_id", (json_int_t)rk[i].team_org_id,
		                      "team_name", jstr(rk[i].team_name), "total", rk[i].total,
		                      "spread", rk[i].spread, "experts", rk[i].experts, "status", rk[i].status));
	api_json(c, 200, json_pack("{s:o}", "items", items));
}

/* ---------------------------------------------------------- winners, notice, objections */

static void select_winners(struct api_ctx *c)
{
	static const char *const keys[] = { "winners", "notice_days", NULL };
	struct ch_actor by = actor(c);
	struct challenge out;
	int64_t ids[10], days = -1;
	json_t *arr, *v;
	size_t i;
	int rc;
	if (!api_allow(c, "challenge", "select", 0))
		return;
	if ((rc = api_body_keys(c, keys)) ||
	    (rc = jin_int(c, "notice_days", false, 0, 30, &days)))
		return api_fail(c, rc);
	arr = json_object_get(c->body, "winners");
	if (!json_is_array(arr) || !json_array_size(arr) || json_array_size(arr) > 10)
		return tb_fe_code(&c->fe, "winners", "list_size", 1, 10, "application ids", NULL),
		       api_fail(c, TB_EINVAL);
	json_array_foreach(arr, i, v) {
		if (!json_is_integer(v) || json_integer_value(v) <= 0)
			return item_err(c, "winners", i, NULL, "int_range", 1, INT64_MAX),
			       api_fail(c, TB_EINVAL);
		ids[i] = json_integer_value(v);
	}
	if ((rc = challenge_select(c->st, c->a, &by, c->ids[0], ids, (int)json_array_size(arr), (int)days,
	                           today(c), &out, &c->fe)))
		return ch_fail(c, rc, c->ids[0]);
	detail_answer(c, c->ids[0], 200);
}

static json_t *objection_json(const struct ch_objection *o)
{
	return json_pack("{s:I,s:I,s:o,s:s,s:s,s:o,s:o}", "id", (json_int_t)o->id,
	                 "challenge_id", (json_int_t)o->challenge_id,
	                 "app_id", o->app_id > 0 ? json_integer(o->app_id) : json_null(),
	                 "text", o->text, "status", o->status, "resolution", jstr(o->resolution),
	                 "created_at", jstr(o->created_at));
}

static void object(struct api_ctx *c)
{
	static const char *const keys[] = { "app_id", "text", NULL };
	struct ch_actor by = actor(c);
	struct ch_objection o;
	const char *text = NULL;
	int64_t app_id = 0;
	int rc;
	if (!api_allow(c, "challenge", "object", 0))
		return;
	if ((rc = api_body_keys(c, keys)) ||
	    (rc = jin_int(c, "app_id", false, 1, INT64_MAX, &app_id)) ||
	    (rc = jin_str(c, "text", true, &text)))
		return api_fail(c, rc);
	if ((rc = challenge_object(c->st, c->a, &by, c->ids[0], app_id, text, &o, &c->fe)))
		return ch_fail(c, rc, c->ids[0]);
	api_json(c, 201, objection_json(&o));
}

static void objections(struct api_ctx *c)
{
	struct ch_objection *o;
	int n, rc;
	/* Objections name people's concerns about teams: the bureau reads them. */
	if (!api_allow(c, "challenge", "decide_objection", 0))
		return;
	if ((rc = ch_read_objections(c->st, c->a, c->ids[0], &o, &n)))
		return api_fail(c, rc);
	API_ITEMS(c, o, n, objection_json);
}

static void confirm(struct api_ctx *c)
{
	struct ch_actor by = actor(c);
	struct challenge out;
	int rc;
	if (!api_allow(c, "challenge", "confirm", 0))
		return;
	if ((rc = challenge_confirm(c->st, c->a, &by, c->ids[0], today(c), &out, &c->fe)))
		return ch_fail(c, rc, c->ids[0]);
	detail_answer(c, c->ids[0], 200);
}

/* ---------------------------------------------------------- task book and contract */

static int task_book_load(struct api_ctx *c, struct ch_full *ch, struct ch_app_full *app,
                          struct ch_milestone **ms, int *nms)
{
	struct ch_actor by = actor(c);
	struct ch_milestone *all;
	int n, rc;
	if ((rc = challenge_app_get(c->st, c->a, &by, c->ids[0], now_iso(c), app)) ||
	    (rc = challenge_get(c->st, c->a, &by, app->app.challenge_id, ch)))
		return rc;
	if (strcmp(app->app.status, "won") || app->app.award_fen <= 0)
		return TB_FE_S(&c->fe, "app_id", "awarded_only", "a task book"), TB_ESTATE;
	if ((rc = ch_read_ms_list(c->st, c->a, ch->c.id, &all, &n)))
		return rc;
	*ms = all;
	*nms = 0;
	for (int i = 0; i < n; i++)
		if (all[i].app_id == app->app.id)
			(*ms)[(*nms)++] = all[i];
	return TB_OK;
}

/* One CSV record of four text cells, every cell through the one writer. */
static int csv_row(struct buf *b, const char *a1, const char *a2, const char *a3, const char *a4)
{
	int rc = csv_cell(b, a1);
	if (!rc) rc = buf_addc(b, ',');
	if (!rc) rc = csv_cell(b, a2 ? a2 : "");
	if (!rc) rc = buf_addc(b, ',');
	if (!rc) rc = csv_cell(b, a3 ? a3 : "");
	if (!rc) rc = buf_addc(b, ',');
	if (!rc) rc = csv_cell(b, a4 ? a4 : "");
	if (!rc) rc = buf_adds(b, "\r\n");
	return rc;
}

static void task_book(struct api_ctx *c)
{
	struct ch_full ch;
	struct ch_app_full app;
	struct ch_milestone *ms;
	const char *t = today(c);
	json_t *o, *arr;
	int n, rc;
	if (!api_allow(c, "challenge", "read", 0))
		return;
	if ((rc = task_book_load(c, &ch, &app, &ms, &n)))
		return api_fail(c, rc);
	if (api_want_csv(c)) {
		struct buf csv;
		char m[32];
		buf_init(&csv, 1u << 20);
		rc = 0;
		rc |= csv_row(&csv, "section", "item", "value", "unit");
		rc |= csv_row(&csv, "challenge", ch.c.title_zh ? ch.c.title_zh : ch.c.title_en, ch.c.status, "");
		rc |= csv_row(&csv, "team", app.app.team_name, "", "");
		money_format(app.app.award_fen, m);
		rc |= csv_row(&csv, "award", "total", m, "yuan");
		for (int i = 0; i < ch.nlines; i++)
			if (!strcmp(ch.lines[i].kind, "indicator"))
				rc |= csv_row(&csv, "indicator", ch.lines[i].name, ch.lines[i].value, ch.lines[i].unit);
		for (int i = 0; i < app.nlines; i++)
			if (!strcmp(app.lines[i].kind, "budget")) {
				money_format(app.lines[i].amount_fen, m);
				rc |= csv_row(&csv, "stage budget", app.lines[i].name, m, "yuan");
			}
		for (int i = 0; i < n; i++) {
			money_format(ms[i].tranche_fen, m);
			rc |= csv_row(&csv, "milestone", ms[i].title, ms[i].due_on, "");
			rc |= csv_row(&csv, "tranche", ms[i].tranche_kind, m, "yuan");
		}
		rc |= csv_row(&csv, "acceptance", ch.c.acceptance ? ch.c.acceptance : "", "", "");
		if (rc) {
			buf_release(&csv);
			return api_error_code(c, 413, "task_book_too_large", NULL);
		}
		api_send_csv(c, &csv, arena_printf(c->a, "task-book-%lld.csv", (long long)app.app.id));
		buf_release(&csv);
		return;
	}
	o = json_object();
	json_object_set_new(o, "challenge", challenge_json(&ch.c, ch.lines, ch.nlines));
	json_object_set_new(o, "application", ch_app_json(&app.app, app.lines, app.nlines));
	arr = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(arr, ch_milestone_json(&ms[i], t));
	json_object_set_new(o, "milestones", arr);
	json_object_set_new(o, "acceptance", jstr(ch.c.acceptance));
	api_json(c, 200, o);
}

static void contract_draft(struct api_ctx *c)
{
	struct ch_full ch;
	struct ch_app_full app;
	struct ch_milestone *ms;
	struct contract k;
	int n, rc;
	if (!api_allow(c, "challenge", "read", 0))
		return;
	if ((rc = task_book_load(c, &ch, &app, &ms, &n)) ||
	    (rc = challenge_contract_draft(c->st, c->a, c->ids[0], &k, &c->fe)))
		return api_fail(c, rc);
	api_json(c, 200, contract_json(&k));
}

static void contract_register_h(struct api_ctx *c)
{
	static const char *const keys[] = { "reg_no", "signed_on", NULL };
	struct ch_actor by = actor(c);
	struct ch_app p;
	struct challenge ch;
	struct contract k;
	const char *reg_no = NULL, *signed_on = NULL;
	int rc;
	if ((rc = ch_read_app_get(c->st, c->a, c->ids[0], &p)) ||
	    (rc = ch_read_get(c->st, c->a, p.challenge_id, &ch)))
		return api_fail(c, rc);
	if (!api_allow(c, "challenge", "register_contract", ch.issuer_org_id))
		return;
	if ((rc = api_body_keys(c, keys)) ||
	    (rc = jin_str(c, "reg_no", true, &reg_no)) || (rc = jin_str(c, "signed_on", true, &signed_on)))
		return api_fail(c, rc);
	if ((rc = challenge_register_contract(c->st, c->a, &by, c->ids[0], reg_no, signed_on, &k, &c->fe)))
		return ch_fail(c, rc, p.challenge_id);
	api_json(c, 201, contract_json(&k));
}

/* ---------------------------------------------------------- milestones */

static void milestones(struct api_ctx *c)
{
	struct ch_actor by = actor(c);
	struct ch_full ch;
	struct ch_milestone *ms;
	const char *t = today(c);
	json_t *items;
	int n, rc;
	if (!api_allow(c, "challenge", "read", 0))
		return;
	if ((rc = challenge_get(c->st, c->a, &by, c->ids[0], &ch)) ||
	    (rc = ch_read_ms_list(c->st, c->a, c->ids[0], &ms, &n)))
		return api_fail(c, rc);
	items = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(items, ch_milestone_json(&ms[i], t));
	api_json(c, 200, json_pack("{s:o}", "items", items));
}

/* ---------------------------------------------------------- actions */

/* Every POST that moves a challenge, a milestone or an objection is one row
 * of CH_ACTIONS: X(path, target, domain action, policy action, whose
 * organisation the policy checks, access, summary en, zh, body, errors).
 * The rows make both the route table's entries (with their .doc) and the
 * table the one handler below reads; the handler finds its row by the
 * matched route's pattern. Targets: CH (challenge_act; body reason,
 * deadline), MS (a milestone: report, accept, reject, pay; body evidence or
 * reason), OBJ (an objection: uphold, dismiss; body resolution). Owners:
 * ISSUER (the issuer; for accept the end user), TEAM (the milestone's team),
 * END_USER (the milestone's end user), ANY (the policy's role alone). */
#define MS_BODY "evidence:string,reason:string"
#define CH_ACTIONS(X)                                                                            \
	X("/api/challenges/{id}/submit", CH, "submit", "submit", ISSUER, "challenge:submit",       \
	  "Submit a challenge for review", "提交榜单审核", NULL, "409")                            \
	X("/api/challenges/{id}/publish", CH, "publish", "publish", ISSUER, "challenge:publish",   \
	  "Publish a challenge", "发布榜单", NULL, "409")                                          \
	X("/api/challenges/{id}/return", CH, "return", "return", ISSUER, "challenge:return",       \
	  "Return a challenge to its issuer", "退回榜单", NULL, "409")                             \
	X("/api/challenges/{id}/close-applications", CH, "close_applications", "close_applications", \
	  ISSUER, "challenge:close_applications", "Close a challenge's applications", "截止榜单申报", \
	  NULL, NULL)                                                                              \
	X("/api/challenges/{id}/start-review", CH, "start_review", "start_review", ISSUER,         \
	  "challenge:start_review", "Start the expert review", "开始专家评审", NULL, NULL)         \
	X("/api/challenges/{id}/start", CH, "start", "start", ISSUER, "challenge:start",           \
	  "Start the task (after the contract)", "启动攻关任务", NULL, NULL)                       \
	X("/api/challenges/{id}/accept", CH, "accept", "accept", ISSUER, "challenge:accept",       \
	  "Accept the task's result", "验收攻关成果", NULL, "409")                                 \
	X("/api/challenges/{id}/fail", CH, "fail", "fail", ISSUER, "challenge:fail",               \
	  "Declare the task failed", "宣告攻关失败", NULL, NULL)                                   \
	X("/api/challenges/{id}/reopen", CH, "reopen", "reopen", ISSUER, "challenge:reopen",       \
	  "Reopen a challenge", "重新开放榜单", NULL, NULL)                                        \
	X("/api/challenges/{id}/close", CH, "close", "close", ISSUER, "challenge:close",           \
	  "Close a challenge", "关闭榜单", NULL, "409")
#define OBJ_ACTIONS(X)                                                                           \
	X("/api/challenge-objections/{id}/uphold", OBJ, "uphold", "decide_objection", ANY,         \
	  "challenge:decide_objection", "Uphold an objection", "支持异议", "resolution:string!", NULL) \
	X("/api/challenge-objections/{id}/dismiss", OBJ, "dismiss", "decide_objection", ANY,       \
	  "challenge:decide_objection", "Dismiss an objection", "驳回异议", "resolution:string!", NULL)
#define MS_ACTIONS(X)                                                                            \
	X("/api/challenge-milestones/{id}/report", MS, "report", "report", TEAM, "challenge:report", \
	  "Report a milestone", "提交里程碑报告", MS_BODY, NULL)                                   \
	X("/api/challenge-milestones/{id}/accept", MS, "accept", "accept_milestone", END_USER,     \
	  "challenge:accept", "Accept a milestone", "验收里程碑", MS_BODY, "409")                  \
	X("/api/challenge-milestones/{id}/reject", MS, "reject", "accept_milestone", END_USER,     \
	  "challenge:reject", "Reject a milestone", "驳回里程碑", MS_BODY, "409")                  \
	X("/api/challenge-milestones/{id}/pay", MS, "pay", "pay", ANY, "challenge:pay",            \
	  "Pay a milestone's funding", "拨付里程碑经费", MS_BODY, NULL)

enum act_target { CH, MS, OBJ };
enum act_owner { ISSUER, TEAM, END_USER, ANY };
struct ch_action {
	const char *path;
	enum act_target on;
	const char *action, *policy;
	enum act_owner owner;
};
static const struct ch_action ch_actions[] = {
#define X(path, on, action, policy, owner, ...) { path, on, action, policy, owner },
	CH_ACTIONS(X) OBJ_ACTIONS(X) MS_ACTIONS(X)
#undef X
};

/* A challenge transition (challenge_act). */
static void run_challenge(struct api_ctx *c, const struct ch_action *x)
{
	static const char *const keys[] = { "reason", "deadline", NULL };
	struct ch_actor by = actor(c);
	struct challenge cur, out;
	const char *reason = NULL, *deadline = NULL;
	int64_t owner;
	int rc;
	if ((rc = ch_read_get(c->st, c->a, c->ids[0], &cur)))
		return api_fail(c, rc);
	/* The result is accepted by the end user (the issuer when none is named). */
	owner = !strcmp(x->action, "accept") && cur.end_user_org_id > 0 ? cur.end_user_org_id
	                                                                : cur.issuer_org_id;
	if (!api_allow(c, "challenge", x->policy, owner))
		return;
	if (c->req->body_len && ((rc = api_body_keys(c, keys)) ||
	                         (rc = jin_str(c, "reason", false, &reason)) ||
	                         (rc = jin_str(c, "deadline", false, &deadline))))
		return api_fail(c, rc);
	if ((rc = challenge_act(c->st, c->a, &by, c->ids[0], x->action, reason, deadline, now_iso(c),
	                        &out, &c->fe)))
		return ch_fail(c, rc, c->ids[0]);
	/* Issue #13: the proposed teams hear of a published challenge. The
	 * publication stands if this fails; the log says so. */
	if (!strcmp(out.status, "published")) {
		int sent = 0;
		if (challenge_notify_fits(c->app->index, c->st, c->a, c->ids[0], &sent))
			tb_error("challenge %lld: notifying the proposed teams failed", (long long)c->ids[0]);
	}
	detail_answer(c, c->ids[0], 200);
}

/* An objection upheld or dismissed by the bureau. */
static void run_objection(struct api_ctx *c, const struct ch_action *x)
{
	static const char *const keys[] = { "resolution", NULL };
	struct ch_actor by = actor(c);
	bool uphold = !strcmp(x->action, "uphold");
	const char *res = NULL;
	int rc;
	if (!api_allow(c, "challenge", x->policy, 0))
		return;
	if ((rc = api_body_keys(c, keys)) ||
	    (rc = jin_str(c, "resolution", true, &res)))
		return api_fail(c, rc);
	if ((rc = challenge_objection_decide(c->st, c->a, &by, c->ids[0], uphold, res, &c->fe)))
		return api_fail(c, rc);
	api_json(c, 200, json_pack("{s:I,s:s}", "id", (json_int_t)c->ids[0], "status",
	                           uphold ? "upheld" : "dismissed"));
}

/* A milestone reported by the team, accepted or rejected by the end user, paid by the bureau. */
static void run_milestone(struct api_ctx *c, const struct ch_action *x)
{
	static const char *const keys[] = { "evidence", "reason", NULL };
	struct ch_actor by = actor(c);
	struct ch_milestone m;
	struct ch_app p;
	struct challenge ch;
	const char *text = NULL;
	int64_t owner = 0;
	int rc;
	if ((rc = ch_read_ms_get(c->st, c->a, c->ids[0], &m)) ||
	    (rc = ch_read_app_get(c->st, c->a, m.app_id, &p)) ||
	    (rc = ch_read_get(c->st, c->a, m.challenge_id, &ch)))
		return api_fail(c, rc);
	if (x->owner == TEAM)
		owner = p.team_org_id;
	else if (x->owner == END_USER)
		owner = ch.end_user_org_id > 0 ? ch.end_user_org_id : ch.issuer_org_id;
	if (!api_allow(c, "challenge", x->policy, owner))
		return;
	if (c->req->body_len && ((rc = api_body_keys(c, keys)) ||
	                         (rc = jin_str(c, "evidence", false, &text)) ||
	                         (!text && (rc = jin_str(c, "reason", false, &text)))))
		return api_fail(c, rc);
	if (!strcmp(x->action, "report"))
		rc = challenge_ms_report(c->st, c->a, &by, c->ids[0], text, now_iso(c), &m, &c->fe);
	else if (!strcmp(x->action, "pay"))
		rc = challenge_ms_pay(c->st, c->a, &by, c->ids[0], now_iso(c), &m, &c->fe);
	else
		rc = challenge_ms_decide(c->st, c->a, &by, c->ids[0], !strcmp(x->action, "accept"), text,
		                         now_iso(c), &m, &c->fe);
	/* A milestone's own state conflict names no challenge status. */
	if (rc)
		return ch_fail(c, rc, rc == TB_ESTATE && !strcmp(c->fe.field, "status") &&
		               strstr(c->fe.message, "milestone") ? 0 : m.challenge_id);
	api_json(c, 200, ch_milestone_json(&m, today(c)));
}

/* The one handler of every CH_ACTIONS row: its row is the matched route's. */
static void run_action(struct api_ctx *c)
{
	for (size_t i = 0; i < ARRAY_SIZE(ch_actions); i++) {
		const struct ch_action *x = &ch_actions[i];
		if (strcmp(x->path, c->route->pattern))
			continue;
		switch (x->on) {
		case CH: return run_challenge(c, x);
		case OBJ: return run_objection(c, x);
		case MS: return run_milestone(c, x);
		}
	}
	api_fail(c, TB_EINVAL); /* a route of this file without a row: a programming error */
}

/* What each kind of action answers (the OpenAPI schema of its 200). */
#define ROUTE_OK_CH "200:#Challenge"
#define ROUTE_OK_OBJ "200"
#define ROUTE_OK_MS "200:#ChallengeMilestone"
#define ROUTE(path, on, action, policy, owner, acc, en_, zh_, body_, errors_)                      \
	{ "POST", path, run_action,                                                                \
	  { .en = en_, .zh = zh_, .access = acc, .body = body_, .errors = errors_, .ok = ROUTE_OK_##on } },

const struct api_route api_challenge_routes[] = {
	{ "GET", "/api/challenges", list,
	  { .en = "List open challenges (揭榜挂帅)", .zh = "揭榜挂帅榜单列表", .access = "challenge:read",
	    .query = "status,field,region,q,issuer_org:integer,limit:integer,offset:integer",
	    .ok = "200:[#Challenge" } },
	{ "POST", "/api/challenges", create,
	  { .en = "Create a challenge", .zh = "新建榜单", .access = "challenge:create",
	    .body = "demand_id:integer,issuer_org_id:integer,end_user_org_id:integer,"
	             "title_zh:string,title_en:string,problem:string,field:string,region:string,"
	             "eligibility:string,acceptance:string,deadline:string!,period_start:string,"
	             "period_end:string,budget_fen:integer!,max_winners:integer,"
	             "notice_days:integer", .ok = "201:#Challenge" } },
	{ "GET", "/api/challenges/{id}", get,
	  { .en = "Get one challenge", .zh = "查看榜单", .access = "challenge:read", .ok = "200:#Challenge" } },
	{ "PUT", "/api/challenges/{id}", edit,
	  { .en = "Edit a challenge", .zh = "修改榜单", .access = "challenge:update",
	    .body = "demand_id:integer,issuer_org_id:integer,end_user_org_id:integer,"
	             "title_zh:string,title_en:string,problem:string,field:string,region:string,"
	             "eligibility:string,acceptance:string,deadline:string!,period_start:string,"
	             "period_end:string,budget_fen:integer!,max_winners:integer,"
	             "notice_days:integer", .ok = "200:#Challenge" } },
	CH_ACTIONS(ROUTE)
	{ "GET", "/api/challenges/{id}/applications", apps_list,
	  { .en = "List a challenge's applications", .zh = "榜单的揭榜申请列表", .access = "challenge:read",
	    .ok = "200:[#ChallengeApplication" } },
	{ "POST", "/api/challenges/{id}/applications", apply,
	  { .en = "Apply for a challenge (sealed)", .zh = "揭榜申请（密封）", .access = "challenge:apply",
	    .body = "team_org_id:integer,plan:string!", .ok = "201:#ChallengeApplication" } },
	{ "GET", "/api/challenges/{id}/experts", experts_list,
	  { .en = "List a challenge's experts", .zh = "榜单的评审专家",
	    .access = "challenge:assign_expert", .ok = "200" } },
	{ "POST", "/api/challenges/{id}/experts", expert_assign,
	  { .en = "Assign experts to a challenge", .zh = "指派评审专家",
	    .access = "challenge:assign_expert", .body = "user_id:integer!,conflict:string",
	    .ok = "200" } },
	{ "GET", "/api/challenges/{id}/ranking", ranking,
	  { .en = "The experts' ranking of the applications", .zh = "专家评审排名",
	    .access = "challenge:read", .ok = "200" } },
	{ "POST", "/api/challenges/{id}/select", select_winners,
	  { .en = "Select the winning applications", .zh = "确定揭榜方", .access = "challenge:select",
	    .body = "notice_days:integer", .ok = "200:#Challenge" } },
	{ "GET", "/api/challenges/{id}/objections", objections,
	  { .en = "List objections during the public notice", .zh = "公示期异议列表",
	    .access = "challenge:decide_objection", .ok = "200" } },
	{ "POST", "/api/challenges/{id}/objections", object,
	  { .en = "Raise an objection during the public notice", .zh = "公示期提出异议",
	    .access = "challenge:object", .body = "app_id:integer,text:string!", .ok = "201" } },
	{ "POST", "/api/challenges/{id}/confirm", confirm,
	  { .en = "Confirm the winners after the notice", .zh = "公示期满确认揭榜方",
	    .access = "challenge:confirm", .ok = "200:#Challenge" } },
	{ "GET", "/api/challenges/{id}/milestones", milestones,
	  { .en = "List a challenge's milestones", .zh = "榜单的里程碑", .access = "challenge:read",
	    .ok = "200:[#ChallengeMilestone" } },
	{ "GET", "/api/challenges/{id}/proposals", proposals,
	  { .en = "Public proposals of a challenge", .zh = "榜单的公开方案", .access = "challenge:read",
	    .query = "limit:integer", .ok = "200" } },
	{ "GET", "/api/challenge-applications/{id}", app_get,
	  { .en = "Get one application", .zh = "查看揭榜申请", .access = "challenge:read",
	    .ok = "200:#ChallengeApplication" } },
	{ "POST", "/api/challenge-applications/{id}/scores", score,
	  { .en = "Score an application (expert)", .zh = "专家评分", .access = "challenge:score",
	    .ok = "200" } },
	{ "GET", "/api/challenge-applications/{id}/task-book", task_book,
	  { .en = "The winner's task book", .zh = "任务书", .access = "challenge:read",
	    .ok = "200" } },
	{ "GET", "/api/challenge-applications/{id}/contract-draft", contract_draft,
	  { .en = "Draft contract of a winning application", .zh = "揭榜合同草稿",
	    .access = "challenge:read", .ok = "200:#Contract" } },
	{ "POST", "/api/challenge-applications/{id}/contract", contract_register_h,
	  { .en = "Register the contract of a winning application", .zh = "登记揭榜合同",
	    .access = "challenge:register_contract", .body = "reg_no:string!,signed_on:string!",
	    .ok = "201:#Contract" } },
	OBJ_ACTIONS(ROUTE)
	MS_ACTIONS(ROUTE)
	{ "GET", "/api/expert/challenges", my_assignments,
	  { .en = "Challenges the expert reviews", .zh = "专家负责评审的榜单", .access = "login",
	    .ok = "200:[#Challenge" } },
	{ "GET", "/api/indicators/challenges", indicators,
	  { .en = "Challenge indicators", .zh = "揭榜挂帅指标", .access = "indicator:read",
	    .ok = "200" } },
	{ "PUT", "/api/challenge-applications/{id}", app_edit,
	  { .en = "Edit an application before the deadline (the replaced one is kept as a version)",
	    .zh = "截止前修改申报（原申报保留为历史版本）", .access = "challenge:apply",
	    .errors = "409", .ok = "200:#ChallengeApplication" } },
	{ "GET", "/api/challenge-applications/{id}/versions", app_versions,
	  { .en = "The earlier versions of an application", .zh = "申报的历史版本",
	    .access = "challenge:read", .ok = "200" } },
	{ NULL, NULL, NULL, { 0 } },
};

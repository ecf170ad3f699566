/* challenge.c - the 揭榜挂帅 open-competition service (see challenge.h):
 * validation, the status table, sealed reads, conflict-of-interest exclusion,
 * scoring, notice and award, contracts and milestones. Each write is one
 * transaction: begin, guarded writes, an audit row, commit - or rollback. */
#include "domain/challenge.h"
#include "domain/account_ops.h"
#include "store/store.h"
#include "domain/contract_ops.h"
#include "domain/docking.h"
#include "model/region.h"
#include "domain/money.h"
#include "core/buf.h"
#include "core/util.h"
#include "model/names.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- the status table: action, from, to, who may */

enum who { W_ISSUER = 1, W_BUREAU = 2, W_END_USER = 4 };
struct step { const char *action, *from, *to; int who; };
static const struct step steps[] = {
	{ "submit", "draft", "submitted", W_ISSUER | W_BUREAU },
	{ "publish", "submitted", "published", W_BUREAU },
	{ "return", "submitted", "draft", W_BUREAU },
	{ "close_applications", "published", "applications_closed", W_ISSUER | W_BUREAU },
	{ "start_review", "applications_closed", "under_review", W_BUREAU },
	{ "start", "awarded", "in_progress", W_BUREAU },
	{ "accept", "in_progress", "accepted", W_END_USER | W_BUREAU },
	{ "fail", "in_progress", "failed", W_BUREAU },
	{ "reopen", "failed", "published", W_BUREAU },
	{ "close", "accepted", "closed", W_BUREAU },
	{ "close", "failed", "closed", W_BUREAU },
};

const char *challenge_next(const char *from, const char *action)
{
	for (size_t i = 0; from && action && i < ARRAY_SIZE(steps); i++)
		if (!strcmp(steps[i].action, action) && !strcmp(steps[i].from, from))
			return steps[i].to;
	return NULL;
}

static const struct step *step_of(const char *action)
{
	for (size_t i = 0; action && i < ARRAY_SIZE(steps); i++)
		if (!strcmp(steps[i].action, action))
			return &steps[i];
	return NULL;
}

bool challenge_is_public(const char *status)
{
	return status && strcmp(status, "draft") && strcmp(status, "submitted");
}

/* The illegal-transition answer always names the current status. */
static int bad_state(struct tb_field_error *fe, const char *current, const char *what)
{
	TB_FE_ST(fe, "status", "challenge_state", current, what);
	return TB_ESTATE;
}

/* ---- small rules */

bool challenge_deadline_norm(const char *in, char out[32])
{
	int y, m, d, hh, mm, ss;
	char date[11];
	if (!in)
		return false;
	if (strlen(in) == 10)
		return parse_date(in, &y, &m, &d) && snprintf(out, 32, "%sT23:59:59Z", in) > 0;
	if (strlen(in) != 20 || in[10] != 'T' || in[19] != 'Z')
		return false;
	memcpy(date, in, 10);
	date[10] = 0;
	if (!parse_date(date, &y, &m, &d) || sscanf(in + 11, "%2d:%2d:%2d", &hh, &mm, &ss) != 3 ||
	    in[13] != ':' || in[16] != ':' || hh > 23 || mm > 59 || ss > 59 || hh < 0 || mm < 0 || ss < 0)
		return false;
	memcpy(out, in, 21);
	return true;
}

bool challenge_add_working_days(const char *date, int n, char out[16])
{
	struct tm t;
	int64_t t0;
	time_t tt;
	if (n < 0 || !date_utc(date, 12, &t0))
		return false;
	tt = (time_t)t0;
	/* Count forward over Monday..Friday only: a notice published on a Friday
	 * with 5 working days ends the next Friday, not on Wednesday. */
	while (n > 0) {
		tt += 86400;
		gmtime_r(&tt, &t);
		if (t.tm_wday != 0 && t.tm_wday != 6)
			n--;
	}
	gmtime_r(&tt, &t);
	return strftime(out, 16, "%Y-%m-%d", &t) == 10;
}

bool challenge_ms_overdue(const struct ch_milestone *m, const char *today)
{
	return m->due_on && today && strcmp(m->due_on, today) < 0 &&
	       (!strcmp(m->status, "pending") || !strcmp(m->status, "rejected"));
}

bool challenge_weighted(const struct ch_line *criteria, int ncrit, const struct ch_score *sc, int nsc,
                        int64_t app_id, int64_t expert_id, double *total)
{
	double sum = 0;
	int found = 0, ncriteria = 0;
	for (int i = 0; i < ncrit; i++) {
		if (strcmp(criteria[i].kind, "criterion"))
			continue;
		ncriteria++;
		for (int j = 0; j < nsc; j++)
			if (sc[j].app_id == app_id && sc[j].expert_id == expert_id &&
			    sc[j].criterion == criteria[i].seq) {
				sum += (double)criteria[i].weight * sc[j].score;
				found++;
				break;
			}
	}
	if (!ncriteria || found != ncriteria)
		return false;
	*total = sum / 100.0;
	return true;
}

static bool text_ok(const char *s, size_t max) { return s && *s && strlen(s) <= max; }

static int line_field(struct tb_field_error *fe, const char *kind, int i, const char *code)
{
	char f[48];
	snprintf(f, sizeof(f), "%ss[%d]", kind, i);
	TB_FE(fe, f, code);
	return TB_EINVAL;
}

int challenge_validate(const struct challenge *c, const struct ch_line *l, int n,
                       struct tb_field_error *fe)
{
	int64_t stages = 0;
	int weights = 0, nind = 0, ncrit = 0, nstage = 0, i;
	char dl[32];
	int y, m, d;

	if (!text_ok(c->title_zh, 400) && !text_ok(c->title_en, 400))
		return TB_FE(fe, "title_zh", "title_required"), TB_EINVAL;
	if (!text_ok(c->problem, 20000))
		return TB_FE(fe, "problem", "problem_required"), TB_EINVAL;
	if (c->issuer_org_id <= 0)
		return TB_FE(fe, "issuer_org_id", "field_required"), TB_EINVAL;
	if (c->budget_fen <= 0 || c->budget_fen > MONEY_MAX_FEN)
		return TB_FE(fe, "budget", "money_positive"), TB_EINVAL;
	if (!challenge_deadline_norm(c->deadline, dl))
		return TB_FE(fe, "deadline", "date_or_time"),
		       TB_EINVAL;
	if (c->period_start && !parse_date(c->period_start, &y, &m, &d))
		return TB_FE(fe, "period_start", "invalid_date"), TB_EINVAL;
	if (c->period_end && (!parse_date(c->period_end, &y, &m, &d) ||
	                      (c->period_start && strcmp(c->period_end, c->period_start) < 0)))
		return TB_FE_S(fe, "period_end", "date_not_before", "period_start"), TB_EINVAL;
	if (c->max_winners < 1 || c->max_winners > 10)
		return TB_FE_NM(fe, "max_winners", "int_range", 1, 10), TB_EINVAL;
	if (c->notice_days < 0 || c->notice_days > 30)
		return TB_FE(fe, "notice_days", "working_days_range"), TB_EINVAL;
	for (i = 0; i < n; i++) {
		const struct ch_line *x = &l[i];
		if (!name_in(challenge_line_kinds, x->kind))
			return line_field(fe, "line", i, "unknown_kind");
		if (!text_ok(x->name, 2000))
			return line_field(fe, x->kind, x->seq, "line_name_required");
		if (!strcmp(x->kind, "indicator")) {
			nind++;
			if (!text_ok(x->value, 200) || !text_ok(x->unit, 50))
				return line_field(fe, x->kind, x->seq, "target_unit_required");
		} else if (!strcmp(x->kind, "criterion")) {
			ncrit++;
			if (x->weight < 1 || x->weight > 100)
				return line_field(fe, x->kind, x->seq, "weight_range");
			weights += x->weight;
		} else if (!strcmp(x->kind, "stage")) {
			nstage++;
			if (!name_in(challenge_tranche_kinds, x->unit))
				return line_field(fe, x->kind, x->seq, "tranche_kind");
			if (x->amount_fen < 0 || x->amount_fen > MONEY_MAX_FEN || !money_add(&stages, x->amount_fen))
				return line_field(fe, x->kind, x->seq, "amount_range");
		}
	}
	if (!nind)
		return TB_FE(fe, "indicators", "indicator_required"), TB_EINVAL;
	if (!ncrit || weights != 100)
		return TB_FE_N(fe, "criteria", "weights_sum", weights), TB_EINVAL;
	if (nstage && stages != c->budget_fen)
		return TB_FE(fe, "stages", "stages_sum"), TB_EINVAL;
	return TB_OK;
}

/* ---- who is who */

static int in_org(struct store *st, const struct ch_actor *by, int64_t org, bool *yes)
{
	int linked = 0, rc;
	*yes = false;
	if (!by || org <= 0 || by->user_id <= 0)
		return TB_OK;
	if (by->org_id == org) {
		*yes = true;
		return TB_OK;
	}
	if ((rc = store_user_org_linked(st, by->user_id, org, &linked)))
		return rc;
	*yes = linked != 0;
	return TB_OK;
}

static bool is_bureau(const struct ch_actor *by) { return !by || by->bureau; }

static int64_t end_user_of(const struct challenge *c)
{
	return c->end_user_org_id > 0 ? c->end_user_org_id : c->issuer_org_id;
}

static int may_step(struct store *st, const struct ch_actor *by, const struct challenge *c, int who,
                    bool *ok)
{
	bool mine = false;
	int rc;
	*ok = false;
	if ((who & W_BUREAU) && is_bureau(by))
		return *ok = true, TB_OK;
	if ((who & W_ISSUER) && (rc = in_org(st, by, c->issuer_org_id, &mine)))
		return rc;
	if (!mine && (who & W_END_USER) && (rc = in_org(st, by, end_user_of(c), &mine)))
		return rc;
	*ok = mine;
	return TB_OK;
}

static int audit(struct store *st, const struct ch_actor *by, const char *action, int64_t id,
                 const char *detail)
{
	return audit_ok(st, by ? by->user_id : 0, by ? by->email : "cli", by ? by->role : "operator",
	                "challenge", action, id, detail);
}

/* The end of a write: its audit row, then commit; when either fails the
 * transaction is rolled back and that error returned. */
/* A bureau-only write begins: TB_EPERM for anyone else, else the transaction. */
static int bureau_begin(struct store *st, const struct ch_actor *by)
{
	return is_bureau(by) ? store_begin(st) : TB_EPERM;
}

static int audit_commit(struct store *st, const struct ch_actor *by, const char *action, int64_t id,
                        const char *detail)
{
	int rc;
	if ((rc = audit(st, by, action, id, detail)) || (rc = store_commit(st)))
		store_rollback(st);
	return rc;
}

/* Organisations of an application: the team and every consortium member,
 * as many as the application names (an arena array: a fixed one of 32 let a
 * 33rd member's expert through the conflict check, issue #13). */
static int app_orgs(struct store *st, struct arena *a, const struct ch_app *p, int64_t **orgs, int *n)
{
	struct ch_line *l;
	int nl, rc;
	*n = 0;
	if ((rc = store_ch_lines_get(st, a, p->challenge_id, p->id, &l, &nl)))
		return rc;
	if (!(*orgs = arena_alloc(a, sizeof(**orgs) * (size_t)(nl + 1))))
		return TB_ENOMEM;
	(*orgs)[(*n)++] = p->team_org_id;
	for (int i = 0; i < nl; i++)
		if (!strcmp(l[i].kind, "consortium") && l[i].ref_id > 0)
			(*orgs)[(*n)++] = l[i].ref_id;
	return TB_OK;
}

static int in_app_team(struct store *st, struct arena *a, const struct ch_actor *by,
                       const struct ch_app *p, bool *yes)
{
	int64_t *orgs;
	int n, rc;
	*yes = false;
	if (!by)
		return TB_OK;
	if ((rc = app_orgs(st, a, p, &orgs, &n)))
		return rc;
	for (int i = 0; i < n && !*yes; i++)
		if ((rc = in_org(st, by, orgs[i], yes)))
			return rc;
	return TB_OK;
}

static int expert_status(struct store *st, struct arena *a, int64_t challenge_id, int64_t user_id,
                         const char **status)
{
	struct ch_expert *e;
	int n, rc;
	*status = NULL;
	if (user_id <= 0)
		return TB_OK;
	if ((rc = store_ch_expert_list(st, a, challenge_id, user_id, &e, &n)))
		return rc;
	if (n)
		*status = e[0].status;
	return TB_OK;
}

/* ---- reads */

int challenge_get(struct store *st, struct arena *a, const struct ch_actor *by, int64_t id,
                  struct ch_full *out)
{
	bool mine = false;
	int rc;
	memset(out, 0, sizeof(*out));
	if ((rc = store_ch_get(st, a, id, &out->c)))
		return rc;
	if (!challenge_is_public(out->c.status) && !is_bureau(by)) {
		if ((rc = in_org(st, by, out->c.issuer_org_id, &mine)))
			return rc;
		if (!mine)
			return TB_ENOTFOUND;
	}
	return store_ch_lines_get(st, a, id, 0, &out->lines, &out->nlines);
}

static bool before_deadline(const struct challenge *c, const char *now)
{
	char dl[32];
	if (!challenge_deadline_norm(c->deadline, dl))
		return false;
	return !strcmp(c->status, "published") && strcmp(now, dl) < 0;
}

/* May `by` read every application of c (after the deadline)? */
static int reads_all_apps(struct store *st, struct arena *a, const struct ch_actor *by,
                          const struct challenge *c, bool *yes)
{
	const char *es;
	int rc;
	*yes = false;
	if (is_bureau(by))
		return *yes = true, TB_OK;
	if ((rc = in_org(st, by, c->issuer_org_id, yes)) || *yes)
		return rc;
	if ((rc = expert_status(st, a, c->id, by->user_id, &es)))
		return rc;
	*yes = es && !strcmp(es, "assigned");
	return TB_OK;
}

int challenge_apps_visible(struct store *st, struct arena *a, const struct ch_actor *by,
                           int64_t challenge_id, const char *now, struct ch_app **out, int *n,
                           bool *sealed)
{
	struct challenge c;
	struct ch_app *all;
	bool all_ok = false, mine;
	int na, rc;
	*n = 0;
	*out = NULL;
	if ((rc = store_ch_get(st, a, challenge_id, &c)))
		return rc;
	if (!challenge_is_public(c.status))
		return TB_ENOTFOUND;
	*sealed = before_deadline(&c, now);
	if ((rc = store_ch_app_list(st, a, challenge_id, 0, &all, &na)))
		return rc;
	/* Sealed: nobody but the team - the bureau and admin included. */
	if (!*sealed && (rc = reads_all_apps(st, a, by, &c, &all_ok)))
		return rc;
	*out = arena_alloc(a, sizeof(**out) * (size_t)(na ? na : 1));
	if (!*out)
		return TB_ENOMEM;
	for (int i = 0; i < na; i++) {
		mine = all_ok;
		if (!mine && (rc = in_app_team(st, a, by, &all[i], &mine)))
			return rc;
		if (mine)
			(*out)[(*n)++] = all[i];
	}
	return TB_OK;
}

int challenge_app_get(struct store *st, struct arena *a, const struct ch_actor *by, int64_t app_id,
                      const char *now, struct ch_app_full *out)
{
	struct challenge c;
	bool ok = false;
	int rc;
	memset(out, 0, sizeof(*out));
	if ((rc = store_ch_app_get(st, a, app_id, &out->app)) ||
	    (rc = store_ch_get(st, a, out->app.challenge_id, &c)))
		return rc;
	if ((rc = in_app_team(st, a, by, &out->app, &ok)))
		return rc;
	if (!ok && !before_deadline(&c, now) && (rc = reads_all_apps(st, a, by, &c, &ok)))
		return rc;
	if (!ok)
		return TB_ENOTFOUND; /* sealed or not theirs: indistinguishable from missing */
	return store_ch_lines_get(st, a, c.id, app_id, &out->lines, &out->nlines);
}

int challenge_expert_assigned(struct store *st, struct arena *a, int64_t user_id,
                              struct ch_expert **out, int *n)
{
	struct ch_expert *all;
	int na, rc;
	*n = 0;
	*out = NULL;
	if (user_id <= 0)
		return TB_OK;
	if ((rc = store_ch_expert_list(st, a, 0, user_id, &all, &na)))
		return rc;
	*out = all;
	for (int i = 0; i < na; i++)
		if (!strcmp(all[i].status, "assigned"))
			(*out)[(*n)++] = all[i];
	return TB_OK;
}

static int cmp_rank(const void *x, const void *y)
{
	const struct ch_rank *p = x, *q = y;
	if (p->experts && !q->experts)
		return -1;
	if (!p->experts && q->experts)
		return 1;
	if (p->total != q->total)
		return p->total > q->total ? -1 : 1;
	return p->app_id < q->app_id ? -1 : p->app_id > q->app_id;
}

int challenge_ranking(struct store *st, struct arena *a, const struct ch_actor *by,
                      int64_t challenge_id, struct ch_rank **out, int *n)
{
	struct challenge c;
	struct ch_line *crit;
	struct ch_app *apps;
	struct ch_score *sc;
	struct ch_expert *ex;
	int ncrit, na, nsc, nex, rc;
	bool ok = false;

	*n = 0;
	if ((rc = store_ch_get(st, a, challenge_id, &c)))
		return rc;
	if (!challenge_is_public(c.status))
		return TB_ENOTFOUND;
	/* While applications are open even the team names are sealed. */
	if (!strcmp(c.status, "published"))
		return TB_EPERM;
	if ((rc = reads_all_apps(st, a, by, &c, &ok)))
		return rc;
	if (!ok)
		return TB_EPERM;
	if ((rc = store_ch_lines_get(st, a, challenge_id, 0, &crit, &ncrit)) ||
	    (rc = store_ch_app_list(st, a, challenge_id, 0, &apps, &na)) ||
	    (rc = store_ch_score_list(st, a, challenge_id, &sc, &nsc)) ||
	    (rc = store_ch_expert_list(st, a, challenge_id, 0, &ex, &nex)))
		return rc;
	*out = arena_alloc(a, sizeof(**out) * (size_t)(na ? na : 1));
	if (!*out)
		return TB_ENOMEM;
	for (int i = 0; i < na; i++) {
		struct ch_rank *r = &(*out)[(*n)++];
		double sum = 0, lo = 0, hi = 0, t;
		memset(r, 0, sizeof(*r));
		r->app_id = apps[i].id;
		r->team_name = apps[i].team_name;
		r->team_org_id = apps[i].team_org_id;
		r->status = apps[i].status;
		for (int e = 0; e < nex; e++) {
			/* An excluded expert's scores never count, whenever they were given. */
			if (strcmp(ex[e].status, "assigned") ||
			    !challenge_weighted(crit, ncrit, sc, nsc, apps[i].id, ex[e].user_id, &t))
				continue;
			if (!r->experts || t < lo)
				lo = t;
			if (!r->experts || t > hi)
				hi = t;
			sum += t;
			r->experts++;
		}
		if (r->experts) {
			r->total = sum / r->experts;
			r->spread = hi - lo;
		}
	}
	qsort(*out, (size_t)*n, sizeof(**out), cmp_rank);
	for (int i = 0; i < *n; i++)
		(*out)[i].rank = i + 1;
	return TB_OK;
}

/* ---- writes */

/* Stores the lines kind by kind, renumbered 1.. within each kind. The
 * per-kind copy is an arena array as long as the input (a fixed one of 256
 * refused a longer list, issue #13). */
static int put_lines(struct store *st, struct arena *a, int64_t cid, int64_t app_id,
                     const struct ch_line *l, int n, const char *const *kinds)
{
	struct ch_line *buf = arena_alloc(a, sizeof(*buf) * (size_t)(n ? n : 1));
	int rc;
	if (!buf)
		return TB_ENOMEM;
	for (int k = 0; kinds[k]; k++) {
		int m = 0;
		for (int i = 0; i < n; i++)
			if (!strcmp(l[i].kind, kinds[k])) {
				buf[m] = l[i];
				buf[m].seq = m + 1;
				m++;
			}
		if ((rc = store_ch_lines_put(st, cid, app_id, kinds[k], buf, m)))
			return rc;
	}
	return TB_OK;
}

static const char *const ch_kinds[] = { "indicator", "deliverable", "stage", "criterion", "contact",
                                        NULL };
static const char *const app_kinds[] = { "member", "consortium", "achievement", "budget",
                                         "milestone", NULL };

/* Lines are numbered per kind (criterion seq 1, 2, ...) before validation so
 * that the field an error names is the one the caller sent. */
static void number_lines(struct ch_line *l, int n)
{
	for (int i = 0; i < n; i++) {
		int seq = 1;
		for (int j = 0; j < i; j++)
			seq += l[j].kind && l[i].kind && !strcmp(l[j].kind, l[i].kind);
		l[i].seq = seq;
	}
}

static int fill_from_demand(struct store *st, struct arena *a, struct challenge *c,
                            struct tb_field_error *fe)
{
	struct demand d;
	int rc;
	if (c->demand_id <= 0)
		return TB_OK;
	if ((rc = store_demand_get(st, a, c->demand_id, &d)) == TB_ENOTFOUND ||
	    (!rc && strcmp(d.status, "published")))
		return TB_FE_S(fe, "demand_id", "must_be_published", "demand"), TB_EINVAL;
	if (rc)
		return rc;
	c->issuer_org_id = d.org_id;
	if (!c->title_zh && !c->title_en) {
		c->title_zh = d.title_zh;
		c->title_en = d.title_en;
	}
	if (!c->problem)
		c->problem = d.desc_zh ? d.desc_zh : d.desc_en;
	if (!c->field)
		c->field = d.field;
	if (!c->region)
		c->region = d.region;
	return TB_OK;
}

static int check_orgs(struct store *st, struct arena *a, const struct challenge *c,
                      struct tb_field_error *fe)
{
	struct org o;
	int rc;
	if ((rc = store_org_get(st, a, c->issuer_org_id, &o)) == TB_ENOTFOUND)
		return TB_FE(fe, "issuer_org_id", "not_known_org"), TB_EINVAL;
	if (rc)
		return rc;
	if (c->end_user_org_id > 0 &&
	    (rc = store_org_get(st, a, c->end_user_org_id, &o)) == TB_ENOTFOUND)
		return TB_FE(fe, "end_user_org_id", "not_known_org"), TB_EINVAL;
	return rc;
}

int challenge_create(struct store *st, struct arena *a, const struct ch_actor *by,
                     struct ch_full *x, struct tb_field_error *fe)
{
	struct challenge *c = &x->c;
	bool mine = false;
	char dl[32];
	int rc;

	if (!c->eligibility)
		c->eligibility = "不设学历、职称门槛，任何团队均可揭榜 (open to any team: no degree or title required)";
	if (!c->max_winners)
		c->max_winners = 1;
	if (c->notice_days < 0)
		c->notice_days = CH_DEFAULT_NOTICE_DAYS;
	c->awarded_fen = 0;
	c->notice_start = c->notice_end = NULL;
	c->status = "draft";
	c->created_by = by ? by->user_id : 0;
	number_lines(x->lines, x->nlines);
	if ((rc = store_begin(st)))
		return rc;
	if ((rc = fill_from_demand(st, a, c, fe)))
		goto fail;
	if ((rc = challenge_validate(c, x->lines, x->nlines, fe)) || (rc = check_orgs(st, a, c, fe)))
		goto fail;
	challenge_deadline_norm(c->deadline, dl);
	c->deadline = arena_strdup(a, dl);
	if (!is_bureau(by)) {
		if ((rc = in_org(st, by, c->issuer_org_id, &mine)))
			goto fail;
		if (!mine) {
			TB_FE(fe, "issuer_org_id", "own_org_only");
			rc = TB_EPERM;
			goto fail;
		}
	}
	if ((rc = store_ch_insert(st, c)) ||
	    (rc = put_lines(st, a, c->id, 0, x->lines, x->nlines, ch_kinds)))
		goto fail;
	return audit_commit(st, by, "challenge_create", c->id,
	                    c->demand_id > 0 ? arena_printf(a, "from demand %lld", (long long)c->demand_id)
	                                      : NULL);
fail:
	store_rollback(st);
	return rc;
}

int challenge_edit(struct store *st, struct arena *a, const struct ch_actor *by,
                   struct ch_full *x, struct tb_field_error *fe)
{
	struct challenge cur;
	bool mine = false;
	char dl[32];
	int rc;

	number_lines(x->lines, x->nlines);
	if ((rc = store_begin(st)))
		return rc;
	if ((rc = store_ch_get(st, a, x->c.id, &cur)))
		goto fail;
	if (!is_bureau(by) && ((rc = in_org(st, by, cur.issuer_org_id, &mine)) || !mine)) {
		rc = rc ? rc : TB_ENOTFOUND;
		goto fail;
	}
	if (strcmp(cur.status, "draft")) {
		rc = bad_state(fe, cur.status, "editing (only a draft is edited)");
		goto fail;
	}
	/* What the workflow owns is not editable. */
	x->c.status = cur.status;
	x->c.issuer_org_id = cur.issuer_org_id;
	x->c.demand_id = cur.demand_id;
	x->c.created_by = cur.created_by;
	x->c.awarded_fen = 0;
	x->c.notice_start = x->c.notice_end = NULL;
	if ((rc = challenge_validate(&x->c, x->lines, x->nlines, fe)) ||
	    (rc = check_orgs(st, a, &x->c, fe)))
		goto fail;
	challenge_deadline_norm(x->c.deadline, dl);
	x->c.deadline = arena_strdup(a, dl);
	if ((rc = store_ch_update(st, &x->c)) ||
	    (rc = put_lines(st, a, x->c.id, 0, x->lines, x->nlines, ch_kinds)))
		goto fail;
	return audit_commit(st, by, "challenge_edit", x->c.id, NULL);
fail:
	store_rollback(st);
	return rc;
}

/* All milestones of the winners delivered (accepted or paid). */
static int all_delivered(struct store *st, struct arena *a, int64_t cid, bool *yes)
{
	struct ch_milestone *m;
	int n, rc;
	*yes = false;
	if ((rc = store_ch_ms_list(st, a, cid, &m, &n)))
		return rc;
	*yes = n > 0;
	for (int i = 0; i < n; i++) {
		struct ch_app p;
		if ((rc = store_ch_app_get(st, a, m[i].app_id, &p)))
			return rc;
		if (!strcmp(p.status, "won") && strcmp(m[i].status, "accepted") &&
		    strcmp(m[i].status, "paid"))
			*yes = false;
	}
	return TB_OK;
}

int challenge_act(struct store *st, struct arena *a, const struct ch_actor *by, int64_t id,
                  const char *action, const char *note, const char *deadline, const char *now,
                  struct challenge *out, struct tb_field_error *fe)
{
	const struct step *s = step_of(action);
	const char *to;
	char dl[32];
	bool ok, done;
	int rc;

	if (!s)
		return TB_FE_S(fe, "action", "not_known", "action"), TB_EINVAL;
	if ((!strcmp(action, "return") || !strcmp(action, "fail")) && str_empty(note))
		return TB_FE_S(fe, "reason", "required_to", action), TB_EINVAL;
	if (!strcmp(action, "reopen") && (!challenge_deadline_norm(deadline, dl) || strcmp(dl, now) <= 0))
		return TB_FE(fe, "deadline", "deadline_future"), TB_EINVAL;
	if ((rc = store_begin(st)))
		return rc;
	if ((rc = store_ch_get(st, a, id, out)))
		goto fail;
	if ((rc = may_step(st, by, out, s->who, &ok)))
		goto fail;
	if (!ok) {
		/* A draft is invisible to outsiders: not found, not forbidden. */
		bool issuer = false;
		if ((rc = in_org(st, by, out->issuer_org_id, &issuer)))
			goto fail;
		rc = challenge_is_public(out->status) || issuer ? TB_EPERM : TB_ENOTFOUND;
		goto fail;
	}
	if (!(to = challenge_next(out->status, action))) {
		rc = bad_state(fe, out->status, strcmp(action, "start") ? action : "start work");
		goto fail;
	}
	if (!strcmp(action, "close") && !strcmp(out->status, "failed") && str_empty(note)) {
		TB_FE_S(fe, "reason", "required_to", "close a failed challenge");
		rc = TB_EINVAL;
		goto fail;
	}
	if (!strcmp(action, "close_applications")) {
		challenge_deadline_norm(out->deadline, dl);
		if (strcmp(now, dl) < 0) {
			TB_FE_S(fe, "deadline", "open_until", dl);
			rc = TB_ESTATE;
			goto fail;
		}
	}
	if (!strcmp(action, "accept")) {
		if ((rc = all_delivered(st, a, id, &done)))
			goto fail;
		if (!done) {
			TB_FE(fe, "milestones", "milestones_pending");
			rc = TB_ESTATE;
			goto fail;
		}
	}
	if (!strcmp(action, "reopen")) {
		/* A new round: the failed round's applications stay as history (lost),
		 * teams may apply again, nothing is awarded until a new confirm. */
		struct ch_app *apps;
		int na;
		if ((rc = store_ch_app_list(st, a, id, 0, &apps, &na)))
			goto fail;
		for (int i = 0; i < na; i++) {
			apps[i].status = "lost";
			if ((rc = store_ch_app_update(st, &apps[i])))
				goto fail;
		}
		out->deadline = arena_strdup(a, dl);
		out->awarded_fen = 0;
		out->notice_start = out->notice_end = NULL;
		if ((rc = store_ch_update(st, out)))
			goto fail;
	}
	if ((rc = store_ch_set_status(st, id, out->status, to, note)))
		goto fail;
	if ((rc = audit(st, by, arena_printf(a, "challenge_%s", action), id,
	                arena_printf(a, "%s -> %s%s%s", out->status, to, note ? ": " : "",
	                             note ? note : ""))) ||
	    (rc = store_commit(st)))
		goto fail;
	out->status = to;
	if (note)
		out->note = note;
	return TB_OK;
fail:
	store_rollback(st);
	/* Lost a race to another actor: name the status it is in now. */
	if (rc == TB_ESTATE && !fe->field[0] && !store_ch_get(st, a, id, out))
		bad_state(fe, out->status, strcmp(action, "start") ? action : "start work");
	return rc;
}

/* The application's own rules (plan, lines, budget = tranches, one lead):
 * for a new application and for an edit alike. */
static int app_validate(struct ch_app_full *x, struct tb_field_error *fe)
{
	struct ch_app *p = &x->app;
	int64_t budget = 0, tranches = 0;
	int nbudget = 0, nms = 0, nlead = 0;

	if (!text_ok(p->plan, 50000))
		return TB_FE(fe, "plan", "field_required"), TB_EINVAL;
	number_lines(x->lines, x->nlines);
	for (int i = 0; i < x->nlines; i++) {
		struct ch_line *l = &x->lines[i];
		int y, m, d;
		if (!name_in(app_kinds, l->kind))
			return line_field(fe, "line", i, "unknown_kind");
		if (!strcmp(l->kind, "consortium") || !strcmp(l->kind, "achievement")) {
			if (l->ref_id <= 0)
				return line_field(fe, l->kind, l->seq, "needs an id");
			if (!strcmp(l->kind, "consortium") && l->weight)
				nlead++;
			continue;
		}
		if (!text_ok(l->name, 2000))
			return line_field(fe, l->kind, l->seq, "needs a name");
		if (!strcmp(l->kind, "budget")) {
			nbudget++;
			if (l->amount_fen <= 0 || l->amount_fen > MONEY_MAX_FEN || !money_add(&budget, l->amount_fen))
				return line_field(fe, l->kind, l->seq, "amount must be more than 0 and in range");
		} else if (!strcmp(l->kind, "milestone")) {
			nms++;
			if (!l->value || !parse_date(l->value, &y, &m, &d))
				return line_field(fe, l->kind, l->seq, "needs a due date YYYY-MM-DD");
			if (!name_in(challenge_tranche_kinds, l->unit))
				return line_field(fe, l->kind, l->seq, "tranche must be initial, milestone or reward");
			if (l->amount_fen < 0 || l->amount_fen > MONEY_MAX_FEN || !money_add(&tranches, l->amount_fen))
				return line_field(fe, l->kind, l->seq, "tranche out of range");
		}
	}
	if (!nbudget)
		return TB_FE(fe, "budget", "stage_budget_required"), TB_EINVAL;
	if (!nms)
		return TB_FE(fe, "milestones", "field_required"), TB_EINVAL;
	if (tranches != budget)
		return TB_FE(fe, "milestones", "tranches_sum"), TB_EINVAL;
	if (nlead > 1)
		return TB_FE(fe, "consortium", "one_lead"), TB_EINVAL;
	p->requested_fen = budget;
	return TB_OK;
}

/* Inside the write transaction: the budget ceiling, and the consortium's
 * organisations and the cited achievements exist (achievements published). */
static int app_check_refs(struct store *st, struct arena *a, const struct challenge *c,
                          const struct ch_app_full *x, struct tb_field_error *fe)
{
	int rc = TB_OK;
	if (x->app.requested_fen > c->budget_fen)
		return TB_FE_S(fe, "budget", "exceeds_ceiling", "the request"), TB_EINVAL;
	for (int i = 0; i < x->nlines; i++) {
		const struct ch_line *l = &x->lines[i];
		struct org o;
		struct achievement ach;
		if (!strcmp(l->kind, "consortium") &&
		    (rc = store_org_get(st, a, l->ref_id, &o)) == TB_ENOTFOUND)
			return line_field(fe, l->kind, l->seq, "is not a known organisation");
		if (!strcmp(l->kind, "achievement") &&
		    ((rc = store_achievement_get(st, a, l->ref_id, &ach)) == TB_ENOTFOUND ||
		     (!rc && strcmp(ach.status, "published") && strcmp(ach.status, "commercialised"))))
			return line_field(fe, l->kind, l->seq, "must be a published achievement");
		if (rc)
			return rc;
	}
	return TB_OK;
}

int challenge_apply(struct store *st, struct arena *a, const struct ch_actor *by,
                    struct ch_app_full *x, const char *now, struct tb_field_error *fe)
{
	struct ch_app *p = &x->app, *mine_apps;
	struct challenge c;
	int nmine, rc;
	bool mine = false;

	if ((rc = app_validate(x, fe)))
		return rc;
	p->status = "submitted";
	p->award_fen = 0;
	p->contract_id = 0;
	p->created_by = by ? by->user_id : 0;

	if ((rc = store_begin(st)))
		return rc;
	if ((rc = store_ch_get(st, a, p->challenge_id, &c)))
		goto fail;
	if (!challenge_is_public(c.status)) {
		rc = TB_ENOTFOUND;
		goto fail;
	}
	if (!before_deadline(&c, now)) {
		rc = bad_state(fe, c.status, "applying (deadline passed or closed)");
		goto fail;
	}
	if ((rc = in_org(st, by, p->team_org_id, &mine)))
		goto fail;
	if (!mine) {
		TB_FE(fe, "team_org_id", "own_org_only");
		rc = TB_EPERM;
		goto fail;
	}
	if (p->team_org_id == c.issuer_org_id) {
		TB_FE(fe, "team_org_id", "own_challenge");
		rc = TB_EINVAL;
		goto fail;
	}
	if ((rc = app_check_refs(st, a, &c, x, fe)))
		goto fail;
	if ((rc = store_ch_app_list(st, a, c.id, p->team_org_id, &mine_apps, &nmine)))
		goto fail;
	for (int i = 0; i < nmine; i++)
		if (!strcmp(mine_apps[i].status, "submitted")) {
			TB_FE(fe, "team_org_id", "already_applied");
			rc = TB_ECONFLICT;
			goto fail;
		}
	if ((rc = store_ch_app_insert(st, p)) ||
	    (rc = put_lines(st, a, c.id, p->id, x->lines, x->nlines, app_kinds)))
		goto fail;
	return audit_commit(st, by, "challenge_apply", c.id,
	                    arena_printf(a, "application %lld by org %lld", (long long)p->id,
	                                 (long long)p->team_org_id));
fail:
	store_rollback(st);
	return rc;
}

/* The stored form of a version's lines: one line of text per application
 * line, tab-separated kind, seq, name, value, unit, weight, amount_fen,
 * ref_id (tabs and newlines in text become spaces). A record for the
 * history, read by people; not parsed back. */
static const char *lines_text(struct arena *a, const struct ch_line *l, int n)
{
	struct buf b;
	const char *out;
	buf_init(&b, 1u << 20);
	for (int i = 0; i < n; i++) {
		const char *txt[3] = { l[i].name, l[i].value, l[i].unit };
		buf_printf(&b, "%s\t%d", l[i].kind ? l[i].kind : "", l[i].seq);
		for (int k = 0; k < 3; k++) {
			buf_addc(&b, '\t');
			for (const char *p = txt[k] ? txt[k] : ""; *p; p++)
				buf_addc(&b, *p == '\t' || *p == '\n' || *p == '\r' ? ' ' : *p);
		}
		buf_printf(&b, "\t%d\t%lld\t%lld\n", l[i].weight, (long long)l[i].amount_fen,
		           (long long)l[i].ref_id);
	}
	out = arena_strndup(a, b.ptr ? b.ptr : "", b.len);
	buf_release(&b);
	return out;
}

int challenge_app_edit(struct store *st, struct arena *a, const struct ch_actor *by, int64_t app_id,
                       struct ch_app_full *x, const char *now, int *version,
                       struct tb_field_error *fe)
{
	struct ch_app cur;
	struct ch_app_version v, *vs;
	struct ch_line *old;
	struct challenge c;
	int nold, nv, rc;
	bool mine = false;

	if ((rc = app_validate(x, fe)))
		return rc;
	if ((rc = store_begin(st)))
		return rc;
	if ((rc = store_ch_app_get(st, a, app_id, &cur)) || (rc = store_ch_get(st, a, cur.challenge_id, &c)))
		goto fail;
	if ((rc = in_org(st, by, cur.team_org_id, &mine)))
		goto fail;
	if (!mine) {
		rc = TB_ENOTFOUND; /* sealed: another team's application is not there for them */
		goto fail;
	}
	if (!before_deadline(&c, now)) {
		rc = bad_state(fe, c.status, "editing an application (deadline passed)");
		goto fail;
	}
	if (strcmp(cur.status, "submitted")) {
		TB_FE_ST(fe, "status", "state_is", "application", cur.status);
		rc = TB_ESTATE;
		goto fail;
	}
	if ((rc = app_check_refs(st, a, &c, x, fe)) ||
	    (rc = store_ch_lines_get(st, a, c.id, app_id, &old, &nold)) ||
	    (rc = store_ch_app_version_list(st, a, app_id, &vs, &nv)))
		goto fail;
	/* the version being replaced is kept whole: plan, amount and lines */
	memset(&v, 0, sizeof(v));
	v.app_id = app_id;
	v.version = nv + 1;
	v.plan = cur.plan;
	v.requested_fen = cur.requested_fen;
	v.lines = lines_text(a, old, nold);
	v.replaced_by = by ? by->user_id : 0;
	cur.plan = x->app.plan;
	cur.requested_fen = x->app.requested_fen;
	if (!v.lines) {
		rc = TB_ENOMEM;
		goto fail;
	}
	if ((rc = store_ch_app_version_add(st, &v)) || (rc = store_ch_app_update(st, &cur)) ||
	    (rc = put_lines(st, a, c.id, app_id, x->lines, x->nlines, app_kinds)) ||
	    (rc = audit(st, by, "challenge_app_edit", c.id, arena_printf(a, "application %lld version %d",
	                (long long)app_id, nv + 2))) ||
	    (rc = store_commit(st)))
		goto fail;
	x->app = cur;
	*version = nv + 2;
	return TB_OK;
fail:
	store_rollback(st);
	return rc;
}

int challenge_app_versions(struct store *st, struct arena *a, const struct ch_actor *by,
                           int64_t app_id, const char *now, struct ch_app_version **out, int *n)
{
	struct ch_app_full f;
	int rc;
	/* the same seal as the application itself */
	if ((rc = challenge_app_get(st, a, by, app_id, now, &f)))
		return rc;
	return store_ch_app_version_list(st, a, app_id, out, n);
}

int challenge_assign_expert(struct store *st, struct arena *a, const struct ch_actor *by,
                            int64_t challenge_id, int64_t user_id, const char *conflict,
                            struct ch_expert *out, struct tb_field_error *fe)
{
	struct challenge c;
	struct user u;
	struct ch_app *apps;
	int64_t *linked;
	int na, nl, rc;

	if ((rc = bureau_begin(st, by)))
		return rc;
	if ((rc = store_ch_get(st, a, challenge_id, &c)))
		goto fail;
	if (strcmp(c.status, "applications_closed") && strcmp(c.status, "under_review")) {
		rc = bad_state(fe, c.status, "assigning experts");
		goto fail;
	}
	if ((rc = store_user_get(st, a, user_id, &u))) {
		if (rc == TB_ENOTFOUND)
			TB_FE_S(fe, "user_id", "no_such", "user"), rc = TB_EINVAL;
		goto fail;
	}
	memset(out, 0, sizeof(*out));
	out->challenge_id = challenge_id;
	out->user_id = user_id;
	out->org_id = u.org_id;
	out->email = u.email;
	out->name = u.name;
	out->status = "assigned";
	if (!str_empty(conflict)) {
		out->status = "excluded";
		out->reason = arena_printf(a, "declared: %s", conflict);
	}
	/* Conflict of interest, decided here and not by the page: an expert whose
	 * organisation (or any organisation linked to the account) is an applicant
	 * team or consortium member is excluded. */
	if ((rc = store_ch_app_list(st, a, challenge_id, 0, &apps, &na)) ||
	    (rc = store_user_org_list(st, a, user_id, &linked, &nl)))
		goto fail;
	for (int i = 0; i < na && !strcmp(out->status, "assigned"); i++) {
		int64_t *orgs;
		int no;
		if (strcmp(apps[i].status, "submitted") && strcmp(apps[i].status, "won"))
			continue;
		if ((rc = app_orgs(st, a, &apps[i], &orgs, &no)))
			goto fail;
		for (int k = 0; k < no; k++) {
			bool hit = u.org_id > 0 && orgs[k] == u.org_id;
			for (int j = 0; j < nl && !hit; j++)
				hit = linked[j] == orgs[k];
			if (hit) {
				out->status = "excluded";
				out->reason = arena_printf(a, "member of applicant organisation %lld (application %lld)",
				                           (long long)orgs[k], (long long)apps[i].id);
				break;
			}
		}
	}
	if ((rc = store_ch_expert_put(st, out)))
		goto fail;
	return audit_commit(st, by, "challenge_assign_expert", challenge_id,
	                    arena_printf(a, "user %lld %s%s%s", (long long)user_id, out->status,
	                                 out->reason ? ": " : "", out->reason ? out->reason : ""));
fail:
	store_rollback(st);
	return rc;
}

int challenge_score(struct store *st, struct arena *a, const struct ch_actor *by, int64_t app_id,
                    const struct ch_score *scores, int n, struct tb_field_error *fe)
{
	struct ch_app p;
	struct challenge c;
	struct ch_line *crit;
	const char *es;
	bool team = false;
	int ncrit, rc;

	if (!by || by->user_id <= 0)
		return TB_EPERM;
	if (n <= 0)
		return TB_FE(fe, "scores", "field_required"), TB_EINVAL;
	if ((rc = store_begin(st)))
		return rc;
	if ((rc = store_ch_app_get(st, a, app_id, &p)) || (rc = store_ch_get(st, a, p.challenge_id, &c)))
		goto fail;
	if ((rc = expert_status(st, a, c.id, by->user_id, &es)))
		goto fail;
	if (!es || strcmp(es, "assigned")) {
		TB_FE(fe, "expert", es ? "expert_excluded" : "not_expert");
		rc = TB_EPERM;
		goto fail;
	}
	/* Checked again per application: a consortium may name the expert's organisation. */
	if ((rc = in_app_team(st, a, by, &p, &team)))
		goto fail;
	if (team) {
		TB_FE(fe, "expert", "team_conflict");
		rc = TB_EPERM;
		goto fail;
	}
	if (strcmp(c.status, "under_review")) {
		rc = bad_state(fe, c.status, "scoring");
		goto fail;
	}
	if ((rc = store_ch_lines_get(st, a, c.id, 0, &crit, &ncrit)))
		goto fail;
	for (int i = 0; i < n; i++) {
		struct ch_score s = scores[i];
		bool known = false;
		for (int k = 0; k < ncrit; k++)
			known |= !strcmp(crit[k].kind, "criterion") && crit[k].seq == s.criterion;
		if (!known || s.score < 0 || s.score > 100) {
			rc = line_field(fe, "score", i, known ? "score must be 0..100" : "no such criterion");
			goto fail;
		}
		s.challenge_id = c.id;
		s.app_id = app_id;
		s.expert_id = by->user_id;
		if ((rc = store_ch_score_put(st, &s)))
			goto fail;
	}
	return audit_commit(st, by, "challenge_score", c.id,
	                    arena_printf(a, "application %lld, %d criteria", (long long)app_id, n));
fail:
	store_rollback(st);
	return rc;
}

int challenge_select(struct store *st, struct arena *a, const struct ch_actor *by, int64_t id,
                     const int64_t *app_ids, int n, int notice_days, const char *today,
                     struct challenge *out, struct tb_field_error *fe)
{
	int64_t sum = 0;
	char end[16];
	int rc;

	if ((rc = bureau_begin(st, by)))
		return rc;
	if ((rc = store_ch_get(st, a, id, out)))
		goto fail;
	if (strcmp(out->status, "under_review")) {
		rc = bad_state(fe, out->status, "selecting winners");
		goto fail;
	}
	if (n < 1 || n > out->max_winners) {
		TB_FE_N(fe, "winners", "winners_count", out->max_winners);
		rc = TB_EINVAL;
		goto fail;
	}
	for (int i = 0; i < n; i++) {
		struct ch_app p;
		for (int j = 0; j < i; j++)
			if (app_ids[j] == app_ids[i]) {
				tb_fe_code(fe, "winners", "listed_twice", app_ids[i], 0, "application", NULL);
				rc = TB_EINVAL;
				goto fail;
			}
		if ((rc = store_ch_app_get(st, a, app_ids[i], &p)) == TB_ENOTFOUND || (!rc &&
		    (p.challenge_id != id || strcmp(p.status, "submitted")))) {
			TB_FE_N(fe, "winners", "not_live_app", app_ids[i]);
			rc = TB_EINVAL;
			goto fail;
		}
		if (rc)
			goto fail;
		if (!money_add(&sum, p.requested_fen) || sum > out->budget_fen) {
			TB_FE_S(fe, "winners", "exceeds_ceiling", "the winners' budgets");
			rc = TB_EINVAL;
			goto fail;
		}
		p.status = "won";
		if ((rc = store_ch_app_update(st, &p)))
			goto fail;
	}
	if (notice_days < 0)
		notice_days = out->notice_days;
	if (notice_days > 30 || !challenge_add_working_days(today, notice_days, end)) {
		TB_FE(fe, "notice_days", "working_days_range");
		rc = TB_EINVAL;
		goto fail;
	}
	out->notice_days = notice_days;
	out->notice_start = arena_strdup(a, today);
	out->notice_end = arena_strdup(a, end);
	if ((rc = store_ch_update(st, out)) ||
	    (rc = store_ch_set_status(st, id, "under_review", "notice", NULL)) ||
	    (rc = audit(st, by, "challenge_select", id, arena_printf(a, "%d winner(s); notice until %s",
	                n, end))) ||
	    (rc = store_commit(st)))
		goto fail;
	out->status = "notice";
	return TB_OK;
fail:
	store_rollback(st);
	return rc;
}

int challenge_object(struct store *st, struct arena *a, const struct ch_actor *by, int64_t id,
                     int64_t app_id, const char *text, struct ch_objection *out,
                     struct tb_field_error *fe)
{
	struct challenge c;
	int rc;
	if (!text_ok(text, 5000))
		return TB_FE(fe, "text", "field_required"), TB_EINVAL;
	if ((rc = store_begin(st)))
		return rc;
	if ((rc = store_ch_get(st, a, id, &c)))
		goto fail;
	if (strcmp(c.status, "notice")) {
		rc = bad_state(fe, c.status, "objecting (only during the public notice)");
		goto fail;
	}
	if (app_id > 0) {
		struct ch_app p;
		if ((rc = store_ch_app_get(st, a, app_id, &p)) == TB_ENOTFOUND || (!rc && p.challenge_id != id)) {
			TB_FE(fe, "app_id", "not_app_of_challenge");
			rc = TB_EINVAL;
			goto fail;
		}
		if (rc)
			goto fail;
	}
	memset(out, 0, sizeof(*out));
	out->challenge_id = id;
	out->app_id = app_id;
	out->user_id = by ? by->user_id : 0;
	out->text = text;
	if ((rc = store_ch_obj_insert(st, out)))
		goto fail;
	return audit_commit(st, by, "challenge_object", id,
	                    arena_printf(a, "objection %lld", (long long)out->id));
fail:
	store_rollback(st);
	return rc;
}

int challenge_objection_decide(struct store *st, struct arena *a, const struct ch_actor *by,
                               int64_t objection_id, bool uphold, const char *resolution,
                               struct tb_field_error *fe)
{
	struct ch_objection *all, *o = NULL;
	struct challenge c;
	struct ch_app *apps;
	int64_t cid = 0;
	int n, na, rc;

	if (!is_bureau(by))
		return TB_EPERM;
	if (str_empty(resolution))
		return TB_FE(fe, "resolution", "field_required"), TB_EINVAL;
	if ((rc = store_begin(st)))
		return rc;
	/* The objection's challenge: objections are listed per challenge. */
	{
		struct challenge *cs;
		int nc;
		int64_t total;
		struct ch_query q = { .status = "notice", .limit = CH_QUERY_ALL };
		if ((rc = store_ch_list(st, a, &q, &cs, &nc, &total)))
			goto fail;
		for (int i = 0; i < nc && !o; i++) {
			if ((rc = store_ch_obj_list(st, a, cs[i].id, &all, &n)))
				goto fail;
			for (int k = 0; k < n; k++)
				if (all[k].id == objection_id) {
					o = &all[k];
					cid = cs[i].id;
				}
		}
	}
	if (!o) {
		TB_FE(fe, "objection", "no_open_objection");
		rc = TB_ENOTFOUND;
		goto fail;
	}
	if ((rc = store_ch_obj_decide(st, objection_id, uphold ? "upheld" : "dismissed", resolution))) {
		if (rc == TB_ESTATE)
			TB_FE_ST(fe, "status", "already_state", "objection", o->status);
		goto fail;
	}
	if (uphold) {
		/* The notice ends: winners go back to the pool and the bureau reviews again. */
		if ((rc = store_ch_get(st, a, cid, &c)) || (rc = store_ch_app_list(st, a, cid, 0, &apps, &na)))
			goto fail;
		for (int i = 0; i < na; i++)
			if (!strcmp(apps[i].status, "won")) {
				apps[i].status = "submitted";
				if ((rc = store_ch_app_update(st, &apps[i])))
					goto fail;
			}
		c.notice_start = c.notice_end = NULL;
		if ((rc = store_ch_update(st, &c)) ||
		    (rc = store_ch_set_status(st, cid, "notice", "under_review", resolution)))
			goto fail;
	}
	return audit_commit(st, by, uphold ? "challenge_objection_uphold" : "challenge_objection_dismiss",
	                    cid, arena_printf(a, "objection %lld: %s", (long long)objection_id, resolution));
fail:
	store_rollback(st);
	return rc;
}

int challenge_confirm(struct store *st, struct arena *a, const struct ch_actor *by, int64_t id,
                      const char *today, struct challenge *out, struct tb_field_error *fe)
{
	struct ch_objection *obj;
	struct ch_app *apps;
	int64_t awarded = 0;
	int nobj, na, nwin = 0, rc;

	if ((rc = bureau_begin(st, by)))
		return rc;
	if ((rc = store_ch_get(st, a, id, out)))
		goto fail;
	if (strcmp(out->status, "notice")) {
		rc = bad_state(fe, out->status, "confirming the award");
		goto fail;
	}
	if (out->notice_end && strcmp(today, out->notice_end) < 0) {
		TB_FE_S(fe, "notice_end", "notice_until", out->notice_end);
		rc = TB_ESTATE;
		goto fail;
	}
	if ((rc = store_ch_obj_list(st, a, id, &obj, &nobj)))
		goto fail;
	for (int i = 0; i < nobj; i++)
		if (!strcmp(obj[i].status, "open")) {
			TB_FE_N(fe, "objections", "objection_open", obj[i].id);
			rc = TB_ESTATE;
			goto fail;
		}
	if ((rc = store_ch_app_list(st, a, id, 0, &apps, &na)))
		goto fail;
	for (int i = 0; i < na; i++) {
		struct ch_line *l;
		int64_t stages = 0, tranches = 0;
		int nl, seq = 0;
		if (strcmp(apps[i].status, "won")) {
			if (!strcmp(apps[i].status, "submitted")) {
				apps[i].status = "lost";
				if ((rc = store_ch_app_update(st, &apps[i])))
					goto fail;
			}
			continue;
		}
		nwin++;
		if ((rc = store_ch_lines_get(st, a, id, apps[i].id, &l, &nl)))
			goto fail;
		for (int k = 0; k < nl; k++) {
			if (!strcmp(l[k].kind, "budget") && !money_add(&stages, l[k].amount_fen))
				rc = TB_EOVERFLOW;
			if (!strcmp(l[k].kind, "milestone") && !money_add(&tranches, l[k].amount_fen))
				rc = TB_EOVERFLOW;
		}
		/* The stage budgets and the tranches both add up to the award. */
		if (rc || stages != apps[i].requested_fen || tranches != apps[i].requested_fen) {
			TB_FE_N(fe, "budget", "award_mismatch", apps[i].id);
			rc = TB_EINVAL;
			goto fail;
		}
		apps[i].award_fen = apps[i].requested_fen;
		if (!money_add(&awarded, apps[i].award_fen) || awarded > out->budget_fen) {
			TB_FE_S(fe, "budget", "exceeds_ceiling", "the awards");
			rc = TB_EINVAL;
			goto fail;
		}
		if ((rc = store_ch_app_update(st, &apps[i])))
			goto fail;
		for (int k = 0; k < nl; k++) {
			struct ch_milestone m;
			if (strcmp(l[k].kind, "milestone"))
				continue;
			memset(&m, 0, sizeof(m));
			m.challenge_id = id;
			m.app_id = apps[i].id;
			m.seq = ++seq;
			m.title = l[k].name;
			m.due_on = l[k].value;
			m.indicators = l[k].note;
			m.tranche_kind = l[k].unit;
			m.tranche_fen = l[k].amount_fen;
			if ((rc = store_ch_ms_insert(st, &m)))
				goto fail;
		}
	}
	if (!nwin) {
		TB_FE(fe, "winners", "no_winner");
		rc = TB_ESTATE;
		goto fail;
	}
	out->awarded_fen = awarded;
	if ((rc = store_ch_update(st, out)) ||
	    (rc = store_ch_set_status(st, id, "notice", "awarded", NULL)) ||
	    (rc = audit(st, by, "challenge_confirm", id, arena_printf(a, "%d winner(s), %lld fen awarded",
	                nwin, (long long)awarded))) ||
	    (rc = store_commit(st)))
		goto fail;
	out->status = "awarded";
	return TB_OK;
fail:
	store_rollback(st);
	return rc;
}

int challenge_contract_draft(struct store *st, struct arena *a, int64_t app_id, struct contract *out,
                             struct tb_field_error *fe)
{
	struct ch_app p;
	struct challenge c;
	int rc;
	if ((rc = store_ch_app_get(st, a, app_id, &p)) || (rc = store_ch_get(st, a, p.challenge_id, &c)))
		return rc;
	if (strcmp(p.status, "won") || p.award_fen <= 0)
		return TB_FE_S(fe, "app_id", "awarded_only", "a contract"), TB_ESTATE;
	memset(out, 0, sizeof(*out));
	out->type = "development";
	out->title = arena_printf(a, "揭榜挂帅: %s", c.title_zh ? c.title_zh : c.title_en);
	out->seller.org_id = p.team_org_id;
	out->buyer.org_id = c.issuer_org_id;
	out->amount_fen = p.award_fen;
	out->tx_amount_fen = -1;
	out->demand_id = c.demand_id;
	out->field = c.field;
	out->valid_from = c.period_start;
	out->valid_to = c.period_end;
	out->status = "draft";
	out->note = arena_printf(a, "challenge %lld, application %lld", (long long)c.id, (long long)p.id);
	return TB_OK;
}

struct link_ctx {
	struct arena *a;
	int64_t app_id;
	const struct ch_actor *by;
	int64_t challenge_id;
	struct tb_field_error *fe;
};

/* Inside the contract's transaction: the application is linked to no
 * contract yet (re-read under the write lock), then it is, audited. */
static int link_contract(void *ctx, struct store *st, const struct contract *k)
{
	struct link_ctx *lc = ctx;
	struct ch_app p;
	int rc;
	if ((rc = store_ch_app_get(st, lc->a, lc->app_id, &p)))
		return rc;
	if (p.contract_id > 0)
		return TB_FE_N(lc->fe, "contract_id", "contract_registered_as", p.contract_id), TB_ECONFLICT;
	p.contract_id = k->id;
	if ((rc = store_ch_app_update(st, &p)))
		return rc;
	return audit(st, lc->by, "challenge_contract", lc->challenge_id,
	             arena_printf(lc->a, "application %lld -> contract %lld", (long long)lc->app_id,
	                          (long long)k->id));
}

int challenge_register_contract(struct store *st, struct arena *a, const struct ch_actor *by,
                                int64_t app_id, const char *reg_no, const char *signed_on,
                                struct contract *out, struct tb_field_error *fe)
{
	struct ch_app p;
	struct challenge c;
	struct contract_actor ca = { 0, 0, true, false };
	int64_t ach_changed;
	bool mine = false;
	int rc;

	if ((rc = store_ch_app_get(st, a, app_id, &p)) || (rc = store_ch_get(st, a, p.challenge_id, &c)))
		return rc;
	if (!is_bureau(by) && ((rc = in_org(st, by, c.issuer_org_id, &mine)) || !mine))
		return rc ? rc : TB_EPERM;
	if (strcmp(c.status, "awarded") && strcmp(c.status, "in_progress"))
		return bad_state(fe, c.status, "registering the contract");
	if (p.contract_id > 0)
		return TB_FE_N(fe, "contract_id", "contract_registered_as", p.contract_id), TB_ECONFLICT;
	if ((rc = challenge_contract_draft(st, a, app_id, out, fe)))
		return rc;
	out->reg_no = reg_no;
	out->signed_on = signed_on;
	out->status = NULL;
	if (by) {
		ca.user_id = by->user_id;
		ca.org_id = by->org_id;
	}
	/* The link is checked and written inside the registration's transaction
	 * (issue #13): two registrations of one award at once each inserted a
	 * contract row when the link was written afterwards in a transaction of
	 * its own; now the second sees the first's link and its contract is
	 * rolled back with it. */
	struct link_ctx lc = { a, app_id, by, c.id, fe };
	return contract_register_linked(st, a, out, &ca, fe, &ach_changed, link_contract, &lc);
}

static int ms_load(struct store *st, struct arena *a, int64_t ms_id, struct ch_milestone *m,
                   struct ch_app *p, struct challenge *c)
{
	int rc;
	if ((rc = store_ch_ms_get(st, a, ms_id, m)) || (rc = store_ch_app_get(st, a, m->app_id, p)) ||
	    (rc = store_ch_get(st, a, m->challenge_id, c)))
		return rc;
	return TB_OK;
}

int challenge_ms_report(struct store *st, struct arena *a, const struct ch_actor *by, int64_t ms_id,
                        const char *evidence, const char *now, struct ch_milestone *out,
                        struct tb_field_error *fe)
{
	struct ch_app p;
	struct challenge c;
	const char *expect;
	bool team = false;
	int rc;
	if (!text_ok(evidence, 20000))
		return TB_FE(fe, "evidence", "field_required"), TB_EINVAL;
	if ((rc = store_begin(st)))
		return rc;
	if ((rc = ms_load(st, a, ms_id, out, &p, &c)) || (rc = in_app_team(st, a, by, &p, &team)))
		goto fail;
	if (!team) {
		rc = TB_EPERM;
		goto fail;
	}
	if (strcmp(c.status, "in_progress")) {
		rc = bad_state(fe, c.status, "reporting a milestone");
		goto fail;
	}
	if (strcmp(out->status, "pending") && strcmp(out->status, "rejected")) {
		TB_FE_ST(fe, "status", "state_is", "milestone", out->status);
		rc = TB_ESTATE;
		goto fail;
	}
	expect = out->status;
	out->status = "reported";
	out->evidence = evidence;
	out->reported_at = now;
	if ((rc = store_ch_ms_set(st, out, expect)))
		goto fail;
	return audit_commit(st, by, "challenge_ms_report", c.id,
	                    arena_printf(a, "milestone %lld", (long long)ms_id));
fail:
	store_rollback(st);
	return rc;
}

int challenge_ms_decide(struct store *st, struct arena *a, const struct ch_actor *by, int64_t ms_id,
                        bool accept, const char *reason, const char *now, struct ch_milestone *out,
                        struct tb_field_error *fe)
{
	struct ch_app p;
	struct challenge c;
	bool eu = false;
	int rc;
	if (!accept && str_empty(reason))
		return TB_FE_S(fe, "reason", "required_to", "reject"), TB_EINVAL;
	if ((rc = store_begin(st)))
		return rc;
	if ((rc = ms_load(st, a, ms_id, out, &p, &c)))
		goto fail;
	/* The end user accepts: not the bureau, not the team. */
	if (by && ((rc = in_org(st, by, end_user_of(&c), &eu)) || !eu)) {
		rc = rc ? rc : TB_EPERM;
		goto fail;
	}
	if (strcmp(c.status, "in_progress")) {
		rc = bad_state(fe, c.status, "deciding a milestone");
		goto fail;
	}
	if (strcmp(out->status, "reported")) {
		TB_FE_ST(fe, "status", "state_is", "milestone", out->status);
		rc = TB_ESTATE;
		goto fail;
	}
	out->status = accept ? "accepted" : "rejected";
	out->reason = reason;
	out->decided_at = now;
	if ((rc = store_ch_ms_set(st, out, "reported")))
		goto fail;
	return audit_commit(st, by, accept ? "challenge_ms_accept" : "challenge_ms_reject", c.id,
	                    arena_printf(a, "milestone %lld%s%s", (long long)ms_id, reason ? ": " : "",
	                                 reason ? reason : ""));
fail:
	store_rollback(st);
	return rc;
}

int challenge_ms_pay(struct store *st, struct arena *a, const struct ch_actor *by, int64_t ms_id,
                     const char *now, struct ch_milestone *out, struct tb_field_error *fe)
{
	struct ch_app p;
	struct challenge c;
	int rc;
	if ((rc = bureau_begin(st, by)))
		return rc;
	if ((rc = ms_load(st, a, ms_id, out, &p, &c)))
		goto fail;
	if (strcmp(c.status, "in_progress") && strcmp(c.status, "accepted")) {
		rc = bad_state(fe, c.status, "paying a tranche");
		goto fail;
	}
	if ((rc = store_ch_ms_pay(st, ms_id, by ? by->user_id : 0, now))) {
		if (rc == TB_ESTATE)
			TB_FE_S(fe, "status", "milestone_paid_once", out->status);
		goto fail;
	}
	if ((rc = audit(st, by, "challenge_ms_pay", c.id, arena_printf(a, "milestone %lld, %lld fen",
	                (long long)ms_id, (long long)out->tranche_fen))) ||
	    (rc = store_commit(st)))
		goto fail;
	out->status = "paid";
	out->paid_at = now;
	return TB_OK;
fail:
	store_rollback(st);
	return rc;
}

/* ---- matching help */

int challenge_propose(struct catalog_index *ix, struct store *st, struct arena *a, int64_t id,
                      int limit, struct ch_proposal **out, int *n)
{
	struct challenge c;
	struct ch_line *l;
	struct catalog_query q;
	struct docking_evidence ev;
	struct achievement *rows;
	struct docking_hit *hits;
	struct buf text;
	void *vrows;
	int64_t total;
	int nl, nh, rc;

	*n = 0;
	*out = NULL;
	if (!ix)
		return TB_ENOTFOUND;
	if ((rc = store_ch_get(st, a, id, &c)))
		return rc;
	if (!challenge_is_public(c.status))
		return TB_ENOTFOUND;
	if ((rc = store_ch_lines_get(st, a, id, 0, &l, &nl)))
		return rc;
	/* The need as the issuer wrote it: title, problem and the indicators to reach. */
	buf_init(&text, 8000);
	buf_printf(&text, "%s %s %s", c.title_zh ? c.title_zh : "", c.title_en ? c.title_en : "",
	           c.problem ? c.problem : "");
	for (int i = 0; i < nl; i++)
		if (!strcmp(l[i].kind, "indicator"))
			buf_printf(&text, " %s", l[i].name);
	catalog_query_init(&q);
	q.limit = 60;
	memset(&ev, 0, sizeof(ev));
	ev.field = c.field;
	ev.city = c.region ? region_city_canonical(c.region) : NULL;
	ev.province = ev.city && region_in_province(ev.city) ? region_province_zh : NULL;
	rc = docking_free_text(ix, st, a, 0, text.ptr ? text.ptr : "", &q, &ev, &vrows, &hits, &nh, &total);
	buf_release(&text);
	if (rc)
		return rc;
	rows = vrows;
	*out = arena_alloc(a, sizeof(**out) * (size_t)(nh ? nh : 1));
	if (!*out)
		return TB_ENOMEM;
	/* Hits come best first, so an organisation's first hit is its best. */
	for (int i = 0; i < nh; i++) {
		struct ch_proposal *p = NULL;
		if (rows[i].owner_org_id == c.issuer_org_id)
			continue; /* the issuer cannot apply to its own challenge */
		for (int k = 0; k < *n && !p; k++)
			if ((*out)[k].org_id == rows[i].owner_org_id)
				p = &(*out)[k];
		if (!p) {
			if (*n >= limit)
				continue;
			p = &(*out)[(*n)++];
			memset(p, 0, sizeof(*p));
			p->org_id = rows[i].owner_org_id;
			p->org_name = rows[i].owner_name;
			p->score = hits[i].score;
		}
		if (p->nach < 3) {
			p->ach[p->nach] = rows[i];
			p->hit[p->nach] = &hits[i];
			p->nach++;
		}
	}
	return TB_OK;
}

/* ---- indicators */

static struct ch_ind *ind_slot(struct ch_ind *rows, int *n, int max, const char *key)
{
	key = key && *key ? key : "-";
	for (int i = 0; i < *n; i++)
		if (!strcmp(rows[i].key, key))
			return &rows[i];
	if (*n >= max)
		return NULL;
	memset(&rows[*n], 0, sizeof(rows[*n]));
	rows[*n].key = key;
	return &rows[(*n)++];
}

static bool ind_add(struct ch_ind *r, const struct ch_ind *d)
{
	r->published += d->published;
	r->applications += d->applications;
	r->awarded += d->awarded;
	r->ms_accepted += d->ms_accepted;
	r->ms_on_time += d->ms_on_time;
	r->ms_overdue += d->ms_overdue;
	return money_add(&r->committed_fen, d->committed_fen) && money_add(&r->released_fen, d->released_fen);
}

int challenge_indicators(struct store *st, struct arena *a, const char *today, struct ch_ind *total,
                         struct ch_ind **by_field, int *nfield, struct ch_ind **by_region,
                         int *nregion)
{
	struct ch_query q = { .public_only = 1, .limit = CH_QUERY_ALL };
	struct challenge *cs;
	struct ch_app *apps;
	struct ch_milestone *ms;
	int64_t ctotal;
	int nc, na, nm, rc;

	memset(total, 0, sizeof(*total));
	total->key = "";
	*nfield = *nregion = 0;
	if ((rc = store_ch_list(st, a, &q, &cs, &nc, &ctotal)) ||
	    (rc = store_ch_app_list(st, a, 0, 0, &apps, &na)) ||
	    (rc = store_ch_ms_list(st, a, 0, &ms, &nm)))
		return rc;
	*by_field = arena_alloc(a, sizeof(**by_field) * (size_t)(nc + 1));
	*by_region = arena_alloc(a, sizeof(**by_region) * (size_t)(nc + 1));
	if (!*by_field || !*by_region)
		return TB_ENOMEM;
	for (int i = 0; i < nc; i++) {
		struct ch_ind d, *f, *r;
		memset(&d, 0, sizeof(d));
		d.published = 1;
		d.committed_fen = cs[i].awarded_fen;
		d.awarded = cs[i].awarded_fen > 0;
		for (int k = 0; k < na; k++)
			d.applications += apps[k].challenge_id == cs[i].id;
		for (int k = 0; k < nm; k++) {
			if (ms[k].challenge_id != cs[i].id)
				continue;
			if (ms[k].paid_at && !money_add(&d.released_fen, ms[k].tranche_fen))
				return TB_EOVERFLOW;
			if (!strcmp(ms[k].status, "accepted") || !strcmp(ms[k].status, "paid")) {
				d.ms_accepted++;
				d.ms_on_time += ms[k].decided_at && ms[k].due_on &&
				                strncmp(ms[k].decided_at, ms[k].due_on, 10) <= 0;
			}
			d.ms_overdue += challenge_ms_overdue(&ms[k], today);
		}
		f = ind_slot(*by_field, nfield, nc, cs[i].field);
		r = ind_slot(*by_region, nregion, nc, cs[i].region);
		if (!f || !r || !ind_add(total, &d) || !ind_add(f, &d) || !ind_add(r, &d))
			return TB_EOVERFLOW;
	}
	return TB_OK;
}

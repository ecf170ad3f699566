/* matches.c - docking endpoints: ranked, explained matches for a demand
 * (achievements that could solve it), for an achievement (demands it could
 * serve), and for free text from either side. Each hit carries its 0-100
 * strength, its raw score and the factors that made it: the listing's own
 * matched words ("镁合金", "compensation") and structured evidence
 * (same_field, trl_fit, ..., same_city), and the asker's conditions, met or not
 * (docs/matching.md). */
#include "api/api.h"
#include "domain/visibility.h"
#include "domain/catalog_ops.h"
#include "domain/docking.h"
#include "domain/region.h"
#include <string.h>

/* The hit's factors: the listing's own matched words ("term") and the
 * structured evidence ("factor"). */
static int factors_write(struct buf *b, const struct docking_hit *h)
{
	int rc = buf_addc(b, '[');
	for (int f = 0; !rc && f < h->nfactors; f++) {
		const char *nm = h->factors[f].name;
		int term = !strncmp(nm, "term:", 5);
		if (f)
			buf_addc(b, ',');
		buf_adds(b, "{\"name\":");
		if (!(rc = jw_str(b, term ? nm + 5 : nm))) {
			buf_adds(b, term ? ",\"kind\":\"term\",\"weight\":" : ",\"kind\":\"factor\",\"weight\":");
			rc = jw_real(b, h->factors[f].weight);
		}
		buf_addc(b, '}');
	}
	return rc ? rc : buf_addc(b, ']');
}

/* Satisfied and unsatisfied conditions, kept apart for the reader. */
static int conditions_write(struct buf *b, const struct docking_hit *h)
{
	int rc = buf_addc(b, '[');
	for (int i = 0; !rc && i < h->nconds; i++) {
		const struct docking_condition *k = &h->conds[i];
		if (i)
			buf_addc(b, ',');
		buf_adds(b, "{\"name\":");
		if (!(rc = jw_str(b, k->name))) {
			buf_adds(b, ",\"code\":");
			rc = jw_str(b, k->code);
		}
		buf_adds(b, k->met < 0 ? ",\"met\":null}" : k->met ? ",\"met\":true}" : ",\"met\":false}");
	}
	return rc ? rc : buf_addc(b, ']');
}

static int match_filters(struct api_ctx *c, struct catalog_query *q)
{
	int64_t v;
	int rc;
	const char *modes, *bad = NULL;
	catalog_query_init(q);
	q->field = qs_str(c, "field");
	q->city = region_city_canonical(qs_str(c, "city"));
	if ((rc = qs_int(c, "trl_min", 1, 9, 0, &v)))
		return rc;
	q->trl_min = (int)v;
	if ((rc = qs_int(c, "trl_max", 1, 9, 0, &v)))
		return rc;
	q->trl_max = (int)v;
	if ((rc = qs_int(c, "limit", 1, 100, 10, &v)))
		return rc;
	q->limit = (int)v;
	if ((rc = qs_int(c, "offset", 0, 10000, 0, &v)))
		return rc;
	q->offset = (int)v;
	modes = qs_str(c, "mode");
	if (modes && !modes_parse(modes, &q->modes, &bad))
		return TB_FE_S(&c->fe, "mode", "unknown_mode_value", bad), TB_EINVAL;
	return TB_OK;
}

/* "items":[...] written straight into the response (api/json_out.c: the
 * trees of ~150 small objects a page cost more than the matching once the
 * match cache has the ranking). The listing itself still goes through its
 * presenter, the one every other answer and the export use. */
static int items_write(struct api_ctx *c, struct buf *b, int want_demands, void *rows,
                       struct docking_hit *hits, int n)
{
	int rc = buf_adds(b, "\"items\":[");
	for (int i = 0; !rc && i < n; i++) {
		json_t *o;
		if (want_demands) {
			struct demand *d = &((struct demand *)rows)[i];
			api_redact_contact(c, "demand", d->id, d->org_id, &d->contact_email, &d->contact_phone);
			o = demand_json(d);
		} else {
			struct achievement *x = &((struct achievement *)rows)[i];
			api_redact_contact(c, "achievement", x->id, x->owner_org_id, &x->contact_email,
			                   &x->contact_phone);
			o = achievement_json(x);
		}
		buf_adds(b, i ? ",{\"" : "{\"");
		buf_adds(b, want_demands ? "demand\":" : "achievement\":");
		if ((rc = jw_tree(b, o)))
			break;
		buf_printf(b, ",\"strength\":%d,\"score\":", hits[i].strength);
		if ((rc = jw_real(b, hits[i].score)))
			break;
		buf_adds(b, ",\"factors\":");
		if ((rc = factors_write(b, &hits[i])))
			break;
		buf_adds(b, ",\"conditions\":");
		if ((rc = conditions_write(b, &hits[i])))
			break;
		buf_addc(b, '}');
	}
	return rc ? rc : buf_addc(b, ']');
}

static bool index_ready(struct api_ctx *c)
{
	if (c->app->index)
		return true;
	api_error_code(c, 503, "index_not_loaded", NULL);
	return false;
}

static void demand_matches(struct api_ctx *c)
{
	struct catalog_query q;
	struct achievement *rows = NULL;
	struct docking_hit *hits = NULL;
	struct actor who;
	struct demand d;
	int n = 0, rc;

	if (!index_ready(c))
		return;
	if ((rc = match_filters(c, &q)) || (rc = catalog_dem_get(c->st, c->a, c->ids[0], &d)))
		return api_fail(c, rc);
	who = api_actor(c);
	if (api_answer_denied(c, listing_match_check(c->st, &who, d.status, d.org_id)))
		return;
	if ((rc = docking_for_demand(c->app->index, c->st, c->a, c->ids[0], &q, &rows, &hits, &n)))
		return api_fail(c, rc);
	buf_reset(&c->resp->body);
	buf_printf(&c->resp->body, "{\"demand_id\":%lld,", (long long)c->ids[0]);
	rc = items_write(c, &c->resp->body, 0, rows, hits, n);
	buf_addc(&c->resp->body, '}');
	api_json_written(c, 200, rc);
}

static void achievement_matches(struct api_ctx *c)
{
	struct catalog_query q;
	struct demand *rows = NULL;
	struct docking_hit *hits = NULL;
	struct actor who;
	struct achievement x;
	int n = 0, rc;

	if (!index_ready(c))
		return;
	if ((rc = match_filters(c, &q)) || (rc = catalog_ach_get(c->st, c->a, c->ids[0], &x)))
		return api_fail(c, rc);
	who = api_actor(c);
	if (api_answer_denied(c, listing_match_check(c->st, &who, x.status, x.owner_org_id)))
		return;
	if ((rc = docking_for_achievement(c->app->index, c->st, c->a, c->ids[0], &q, &rows, &hits, &n)))
		return api_fail(c, rc);
	buf_reset(&c->resp->body);
	buf_printf(&c->resp->body, "{\"achievement_id\":%lld,", (long long)c->ids[0]);
	rc = items_write(c, &c->resp->body, 1, rows, hits, n);
	buf_addc(&c->resp->body, '}');
	api_json_written(c, 200, rc);
}

/* POST /api/match {text, want:"achievements"|"demands", filters..., evidence...} */
static void free_match(struct api_ctx *c)
{
	static const char *const keys[] = { "text", "want", "field", "trl", "trl_min", "trl_max", "modes",
	                                    "budget_min", "budget_max", "city", "limit", "offset", NULL };
	struct catalog_query q;
	struct docking_evidence ev = { 0 };
	struct docking_hit *hits = NULL;
	const char *text = NULL, *want = NULL, *modes = NULL, *bad = NULL;
	void *rows = NULL;
	int64_t v, total = 0;
	int n = 0, rc, wd;

	if (!index_ready(c))
		return;
	catalog_query_init(&q);
	q.limit = 10;
	ev.price_lo = ev.price_hi = -1;
	if ((rc = api_body(c)) || (rc = api_only_keys(c, keys)) || (rc = jin_str(c, "text", true, &text)) ||
	    (rc = jin_str(c, "want", false, &want)) || (rc = jin_str(c, "field", false, &q.field)) ||
	    (rc = jin_str(c, "city", false, &q.city)) || (rc = jin_list(c, "modes", &modes)) ||
	    (rc = jin_num(c, "budget_min", false, &ev.price_lo)) ||
	    (rc = jin_num(c, "budget_max", false, &ev.price_hi)))
		return api_fail(c, rc);
	wd = want && !strcmp(want, "demands");
	if (want && !wd && strcmp(want, "achievements"))
		return TB_FE_S(&c->fe, "want", "one_of", "achievements or demands"),
		       api_fail(c, TB_EINVAL);
	if (modes && !modes_parse(modes, &ev.modes, &bad))
		return TB_FE_S(&c->fe, "modes", "unknown_mode_value", bad), api_fail(c, TB_EINVAL);
	v = 0;
	if ((rc = jin_int(c, "trl", false, 1, 9, &v)))
		return api_fail(c, rc);
	ev.trl = (int)v;
	v = 0;
	if ((rc = jin_int(c, "trl_min", false, 1, 9, &v)))
		return api_fail(c, rc);
	q.trl_min = (int)v;
	v = 0;
	if ((rc = jin_int(c, "trl_max", false, 1, 9, &v)))
		return api_fail(c, rc);
	q.trl_max = (int)v;
	v = 10;
	if ((rc = jin_int(c, "limit", false, 1, 100, &v)))
		return api_fail(c, rc);
	q.limit = (int)v;
	v = 0;
	if ((rc = jin_int(c, "offset", false, 0, 10000, &v)))
		return api_fail(c, rc);
	q.offset = (int)v;
	if (!api_allow(c, wd ? "demand" : "achievement", "read", 0))
		return;
	/* The asker's field and city are evidence; filters stay only what was asked as filters. */
	ev.field = q.field;
	ev.city = q.city ? region_city_canonical(q.city) : NULL;
	ev.province = ev.city && region_in_province(ev.city) ? region_province_zh : NULL;
	q.field = NULL;
	q.city = NULL;
	if ((rc = docking_free_text(c->app->index, c->st, c->a, wd, text, &q, &ev, &rows, &hits, &n, &total)))
		return api_fail(c, rc);
	buf_reset(&c->resp->body);
	buf_printf(&c->resp->body, "{\"want\":\"%s\",\"total\":%lld,", wd ? "demands" : "achievements",
	           (long long)total);
	rc = items_write(c, &c->resp->body, wd, rows, hits, n);
	buf_addc(&c->resp->body, '}');
	api_json_written(c, 200, rc);
}

const struct api_route api_match_routes[] = {
	{ "GET", "/api/demands/{id}/matches", demand_matches,
	  { .en = "Achievements that could solve a demand, explained", .zh = "可解决需求的成果（附匹配理由）",
	    .access = "demand:matches",
	    .query = "field,city,trl_min:integer,trl_max:integer,limit:integer,offset:integer,mode",
	    .ok = "200" } },
	{ "GET", "/api/achievements/{id}/matches", achievement_matches,
	  { .en = "Demands an achievement could solve, explained", .zh = "成果可满足的需求（附匹配理由）",
	    .access = "achievement:matches",
	    .query = "field,city,trl_min:integer,trl_max:integer,limit:integer,offset:integer,mode",
	    .ok = "200" } },
	{ "POST", "/api/match", free_match,
	  { .en = "Match free text against the catalogue", .zh = "用一段文字匹配成果或需求",
	    .access = "match:read",
	    .body = "text:string!,want:string,field:string,city:string,modes:array,"
	             "budget_min:number,budget_max:number,trl:integer,trl_min:integer,"
	             "trl_max:integer,limit:integer,offset:integer", .ok = "200" } },
	{ NULL, NULL, NULL, { 0 } },
};

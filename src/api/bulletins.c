/* bulletins.c - /api/bulletins (issue #16): the archive of weekly and monthly
 * bulletins (public, like the published listings they are made of), one
 * bulletin by its period (/api/bulletins/2026-W48, /api/bulletins/2026-11),
 * and POST /api/bulletins {"period"} for the science bureau to make one that
 * the scheduler has not made (a period that has ended, once). */
#include "api/api.h"
#include "api/present.h"
#include "domain/bulletin.h"
#include "core/util.h"
#include <string.h>

static json_t *figures_json(const struct bulletin_figures *f)
{
	return json_pack("{s:I,s:I,s:I,s:I,s:f,s:I,s:I,s:I,s:I}",
	                 "new_achievements", (json_int_t)f->new_achievements,
	                 "new_demands", (json_int_t)f->new_demands,
	                 "contracts", (json_int_t)f->contracts,
	                 "contract_amount_fen", (json_int_t)f->contract_amount_fen,
	                 "contract_amount", (double)f->contract_amount_fen / 100.0,
	                 "published_achievements", (json_int_t)f->published_achievements,
	                 "published_demands", (json_int_t)f->published_demands,
	                 "closing_demands", (json_int_t)f->closing_demands,
	                 "upcoming_events", (json_int_t)f->upcoming_events);
}

json_t *bulletin_summary_json(const struct bulletin *b)
{
	return json_pack("{s:s,s:s,s:s,s:s,s:s,s:o,s:o,s:o}", "period", b->period, "kind", b->kind,
	                 "from", b->date_from, "to", b->date_to, "window_to", b->window_to,
	                 "generated_at", jstr(b->generated_at), "generated_by", jstr(b->generated_by),
	                 "figures", figures_json(&b->fig));
}

/* The listings of one section grouped by field, in the order they were
 * archived (by field, then date): [{"field", "items": [...]}, ...]. */
static json_t *by_field(const struct bulletin *b, const char *section)
{
	json_t *groups = json_array(), *cur = NULL;
	const char *field = NULL;
	for (int i = 0; i < b->n_items; i++) {
		const struct bulletin_item *x = &b->items[i];
		const char *f = x->field ? x->field : "";
		if (strcmp(x->section, section))
			continue;
		if (!cur || strcmp(f, field)) {
			json_t *g = json_pack("{s:s,s:[]}", "field", f, "items");
			json_array_append_new(groups, g);
			cur = json_object_get(g, "items");
			field = f;
		}
		json_array_append_new(cur, json_pack("{s:I,s:o,s:o,s:o,s:o}", "id", (json_int_t)x->ref_id,
		                                     "title_zh", jstr(x->title_zh), "title_en",
		                                     jstr(x->title_en), "org", jstr(x->org), "date",
		                                     jstr(x->date)));
	}
	return groups;
}

json_t *bulletin_json(const struct bulletin *b)
{
	json_t *o = bulletin_summary_json(b), *closing = json_array(), *events = json_array();
	for (int i = 0; i < b->n_items; i++) {
		const struct bulletin_item *x = &b->items[i];
		if (!strcmp(x->section, "closing_demand"))
			json_array_append_new(closing, json_pack("{s:I,s:o,s:o,s:o,s:o,s:o}", "id",
			                                         (json_int_t)x->ref_id, "title_zh",
			                                         jstr(x->title_zh), "title_en",
			                                         jstr(x->title_en), "field", jstr(x->field),
			                                         "org", jstr(x->org), "deadline",
			                                         jstr(x->date)));
		else if (!strcmp(x->section, "event"))
			json_array_append_new(events, json_pack("{s:I,s:o,s:o,s:o,s:o}", "id",
			                                        (json_int_t)x->ref_id, "title",
			                                        jstr(x->title_zh), "kind", jstr(x->field),
			                                        "organiser", jstr(x->org), "starts_on",
			                                        jstr(x->date)));
	}
	json_object_set_new(o, "new_achievements", by_field(b, "new_achievement"));
	json_object_set_new(o, "new_demands", by_field(b, "new_demand"));
	json_object_set_new(o, "closing_demands", closing);
	json_object_set_new(o, "events", events);
	return o;
}

static void list_bulletins(struct api_ctx *c)
{
	const char *kind = qs_str(c, "kind");
	struct bulletin *rows;
	int64_t limit;
	int n, rc;

	if (kind && !name_in(bulletin_kinds, kind))
		return TB_FE_S(&c->fe, "kind", "one_of", "weekly or monthly"),
		       api_fail(c, TB_EINVAL);
	if ((rc = qs_int(c, "limit", 1, 200, 52, &limit)))
		return api_fail(c, rc);
	if (!api_allow(c, "bulletin", "read", 0))
		return;
	if ((rc = bulletin_list(c->st, c->a, kind, (int)limit, &rows, &n)))
		return api_fail(c, rc);
	API_ITEMS(c, rows, n, bulletin_summary_json);
}

static void get_bulletin(struct api_ctx *c)
{
	/* The router matched {period} (api_match_pattern): the last segment. */
	const char *period = strrchr(c->req->path, '/') + 1;
	struct bulletin b;
	int rc;
	if (!api_allow(c, "bulletin", "read", 0))
		return;
	if ((rc = bulletin_get(c->st, c->a, period, &b)))
		return api_fail(c, rc);
	api_json(c, 200, bulletin_json(&b));
}

static void make_bulletin(struct api_ctx *c)
{
	static const char *const keys[] = { "period", NULL };
	const char *period = NULL;
	struct bulletin b;
	int rc;
	if (!api_allow(c, "bulletin", "create", 0))
		return;
	if ((rc = api_body_keys(c, keys)) ||
	    (rc = jin_str(c, "period", true, &period)))
		return api_fail(c, rc);
	/* The archive is public: it names the maker's role, not their address
	 * (the audit row below names the account). */
	if ((rc = bulletin_make(c->st, c->a, period, now_unix(), c->who.role, &b, &c->fe)))
		return api_fail(c, rc);
	api_audit(c, "bulletin_make", "bulletin", b.id, "allow", period);
	api_json(c, 201, bulletin_json(&b));
}

const struct api_route api_bulletin_routes[] = {
	{ "GET", "/api/bulletins", list_bulletins,
	  { .en = "The archive of weekly and monthly bulletins", .zh = "周报与月报存档",
	    .access = "bulletin:read", .ok = "200:[#BulletinSummary" } },
	{ "POST", "/api/bulletins", make_bulletin,
	  { .en = "Make the bulletin of an ended period", .zh = "生成已结束周期的简报",
	    .access = "bulletin:create", .body = "period:string!", .errors = "409", .ok = "201:#Bulletin" } },
	{ "GET", "/api/bulletins/{period}", get_bulletin,
	  { .en = "One bulletin by its period (2026-W48, 2026-11)",
	    .zh = "按周期查看简报（2026-W48、2026-11）",
	    .access = "bulletin:read", .ok = "200:#Bulletin" } },
	{ NULL, NULL, NULL, { 0 } },
};

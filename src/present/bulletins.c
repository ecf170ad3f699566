/* bulletins.c - the JSON shape of weekly and monthly bulletins (archive row and the whole bulletin): one builder per record,
 * shared by the API's answers and the command line's --json/export output
 * (present/present.h). Builds values only: no request, no store, no policy. */
#include "present/present.h"
#include "core/util.h"
#include "domain/bulletin.h"
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

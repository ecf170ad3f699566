/* catalog.c - the JSON shape of achievements and demands (with their plain fields, modes, prices), a pending revision, a listing's quality report: one builder per record,
 * shared by the API's answers and the command line's --json/export output
 * (present/present.h). Builds values only: no request, no store, no policy. */
#include "present/present.h"
#include "core/log.h"
#include "core/util.h"
#include "domain/alerts.h"
#include "domain/catalog_ops.h"
#include "domain/docking.h"
#include "domain/lifecycle.h"
#include "domain/payment.h"
#include "domain/quality.h"
#include "domain/region.h"
#include "domain/revision_ops.h"
#include "domain/visibility.h"
#include <stdio.h>
#include <string.h>
#include <time.h>

static json_t *price_json(double p)
{
	return p < 0 ? json_string("negotiable") : json_real(p);
}

/* A bit mask over a NULL-ended name table (mode_names, payment_mode_names)
 * as the array of the names whose bits are set. */
static json_t *mask_json(const char *const *names, unsigned m)
{
	json_t *a = json_array();
	for (int i = 0; names[i]; i++)
		if (m & (1u << i))
			json_array_append_new(a, json_string(names[i]));
	return a;
}

/* Adds the plain fields (model/catalog.h) of `rec` to `o` under their names;
 * NULL stays NULL (a failed json_pack). */
static json_t *with_plain(json_t *o, const struct plain_field *f, const void *rec)
{
	const char *p = rec;
	for (; o && f->name; f++) {
		json_t *v = f->type == PLAIN_TEXT ? jstr(*(const char *const *)(p + f->off))
		                                  : json_integer(*(const int *)(p + f->off));
		if (json_object_set_new(o, f->name, v)) {
			json_decref(o);
			return NULL;
		}
	}
	return o;
}

json_t *achievement_json(const struct achievement *x)
{
	return with_plain(json_pack("{s:I,s:o,s:o,s:o,s:o,s:o,s:o,s:i,s:o,s:o,s:o,s:o,s:o,s:I,"
	                 "s:{s:o,s:o,s:o},s:o,s:o,s:o,s:o,s:o,s:{s:I,s:o,s:o,s:o},s:o,s:o}",
	                 "id", (json_int_t)x->id, "reg_no", jstr(x->reg_no),
	                 "title_zh", jstr(x->title_zh), "title_en", jstr(x->title_en),
	                 "abstract_zh", jstr(x->abstract_zh), "abstract_en", jstr(x->abstract_en),
	                 "keywords", jlist(x->keywords), "trl", x->trl,
	                 "ip_status", jstr(x->ip_status), "patents", jlist(x->patents),
	                 "attribute", jstr(x->attribute),
	                 "modes", mask_json(mode_names, x->modes), "price", price_json(x->price),
	                 "owner_org_id", (json_int_t)x->owner_org_id,
	                 "contact", "name", jstr(x->contact_name), "email", jstr(x->contact_email),
	                 "phone", jstr(x->contact_phone),
	                 "status", jstr(x->status), "review_note", jstr(x->review_note),
	                 "created_at", jstr(x->created_at), "updated_at", jstr(x->updated_at),
	                 "published_at", jstr(x->published_at),
	                 "owner", "id", (json_int_t)x->owner_org_id, "name", jstr(x->owner_name),
	                 "city", jstr(x->city), "city_en", jstr(region_city_en(x->city)),
	                 /* == release (issue #16) == */
	                 "payment_modes", mask_json(payment_mode_names, x->payment_modes),
	                 "expires_at", jstr(x->expires_at)), ach_plain_fields, x);
}

json_t *demand_json(const struct demand *x)
{
	return with_plain(json_pack("{s:I,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:i,s:o,s:I,s:o,s:{s:o,s:o,s:o},"
	                 "s:o,s:o,s:o,s:o,s:o,s:{s:I,s:o,s:o,s:o},s:o}",
	                 "id", (json_int_t)x->id, "title_zh", jstr(x->title_zh),
	                 "title_en", jstr(x->title_en), "desc_zh", jstr(x->desc_zh),
	                 "desc_en", jstr(x->desc_en), "keywords", jlist(x->keywords),
	                 "budget_min", x->budget_min < 0 ? json_null() : json_real(x->budget_min),
	                 "budget_max", x->budget_max < 0 ? json_null() : json_real(x->budget_max),
	                 "deadline", jstr(x->deadline), "trl_min", x->trl_min,
	                 "modes", mask_json(mode_names, x->modes), "org_id", (json_int_t)x->org_id,
	                 "region", jstr(x->region),
	                 "contact", "name", jstr(x->contact_name), "email", jstr(x->contact_email),
	                 "phone", jstr(x->contact_phone),
	                 "status", jstr(x->status), "review_note", jstr(x->review_note),
	                 "created_at", jstr(x->created_at), "updated_at", jstr(x->updated_at),
	                 "published_at", jstr(x->published_at),
	                 "org", "id", (json_int_t)x->org_id, "name", jstr(x->org_name),
	                 "city", jstr(x->city), "city_en", jstr(region_city_en(x->city)),
	                 "expires_at", jstr(x->expires_at)), dem_plain_fields, x);
}

json_t *revision_json(const struct revision *r)
{
	return json_pack("{s:I,s:s,s:I,s:o,s:o,s:o,s:o,s:o,s:o}", "id", (json_int_t)r->id,
	                 "kind", r->is_ach ? "achievement" : "demand", "item_id", (json_int_t)r->item_id,
	                 "author_id", r->author_id > 0 ? json_integer(r->author_id) : json_null(),
	                 "status", jstr(r->status), "reason", jstr(r->reason),
	                 "created_at", jstr(r->created_at), "decided_at", jstr(r->decided_at),
	                 "proposed", r->is_ach ? achievement_json(&r->ach) : demand_json(&r->dem));
}

json_t *quality_json(const struct quality_report *q)
{
	json_t *items = json_array();
	for (int i = 0; i < q->n; i++) {
		const struct quality_item *it = &q->items[i];
		json_array_append_new(items, json_pack("{s:s,s:s,s:i,s:b,s:b,s:s,s:s}", "code", it->code,
		                                       "field", it->field, "points", it->points,
		                                       "blocking", it->blocking, "ok", it->ok,
		                                       "zh", it->zh, "en", it->en));
	}
	return json_pack("{s:i,s:i,s:b,s:o}", "score", q->score, "threshold", q->threshold,
	                 "ready", q->ready, "items", items);
}

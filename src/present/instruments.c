/* instruments.c - the JSON shape of instruments, their usage statistics, bookings: one builder per record,
 * shared by the API's answers and the command line's --json/export output
 * (present/present.h). Builds values only: no request, no store, no policy. */
#include "present/present.h"
#include "core/util.h"
#include "domain/booking.h"
#include "domain/catalog.h"
#include "domain/instrument.h"
#include "domain/instrument_ops.h"
#include "domain/org.h"
#include "domain/region.h"
#include <math.h>
#include <string.h>

static double r2(double x) { return round(x * 100.0) / 100.0; }

static double r4(double x) { return round(x * 10000.0) / 10000.0; }

static json_t *util_json(const struct util_row *r, int is_cat)
{
	json_t *o = json_pack("{s:s,s:f,s:f,s:f,s:f,s:I}", is_cat ? "category" : "name",
	                      r->name ? r->name : "", "used_hours", r2(r->used_hours),
	                      "open_hours", r2(r->open_hours), "utilisation", r4(r->utilisation),
	                      "revenue", r2(r->fees), "uses", (json_int_t)r->uses);
	if (is_cat)
		json_object_set_new(o, "instruments", json_integer(r->instruments));
	else {
		json_object_set_new(o, "id", json_integer(r->instrument_id));
		json_object_set_new(o, "org", jstr(r->org_name));
	}
	return o;
}

json_t *opening_hours_json(const char *text)
{
	struct opening o;
	json_t *h = json_object();
	if (!text || !opening_parse(text, &o))
		return h;
	for (int d = 0; d < 7; d++) {
		char w[16];
		if (o.to[d] > o.from[d]) {
			snprintf(w, sizeof(w), "%02d:%02d-%02d:%02d", (o.from[d] / 60) % 100, o.from[d] % 60,
			         (o.to[d] / 60) % 100, o.to[d] % 60);
			json_object_set_new(h, weekday_keys[d], json_string(w));
		} else {
			json_object_set_new(h, weekday_keys[d], json_null());
		}
	}
	return h;
}

json_t *instrument_json(const struct instrument *x)
{
	return json_pack(
		"{s:I,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:b,s:{s:s,s:f,s:f,s:f},s:o,s:o,"
		"s:i,s:i,s:i,s:i,s:i,s:b,s:s,s:f,s:b,s:o,s:o,s:{s:I,s:o,s:o,s:o}}",
		"id", (json_int_t)x->id, "name_zh", jstr(x->name_zh), "name_en", jstr(x->name_en),
		"category", jstr(x->category), "model", jstr(x->model),
		"manufacturer", jstr(x->manufacturer), "location", jstr(x->location),
		"specs", jstr(x->specs), "services", jlist(x->services),
		"training_required", x->training_required,
		"fee", "unit", x->fee_unit ? x->fee_unit : "hour", "internal", x->rate_internal,
		"academic", x->rate_academic, "enterprise", x->rate_enterprise,
		"opening_hours", opening_hours_json(x->hours), "closed_dates", jlist(x->closed_dates),
		"min_slot_minutes", x->min_slot_min, "max_slot_minutes", x->max_slot_min,
		"lead_time_hours", x->lead_hours, "cancel_deadline_hours", x->cancel_hours,
		"offer_hours", x->offer_hours, "requires_approval", x->requires_approval,
		"status", x->status ? x->status : "available", "value", x->value,
		"kpi", x->value >= TB_KPI_VALUE,
		"created_at", jstr(x->created_at), "updated_at", jstr(x->updated_at),
		"org", "id", (json_int_t)x->org_id, "name", jstr(x->org_name), "city", jstr(x->org_city),
		"city_en", jstr(region_city_en(x->org_city)));
}

json_t *instr_stats_json(const struct instr_stats *s, int64_t limit)
{
	json_t *bi = json_array(), *bc = json_array();
	for (int i = 0; i < s->n_instrument && i < limit; i++)
		json_array_append_new(bi, util_json(&s->by_instrument[i], 0));
	for (int i = 0; i < s->n_category; i++)
		json_array_append_new(bc, util_json(&s->by_category[i], 1));
	return json_pack("{s:s,s:s,s:I,s:I,s:I,s:f,s:f,s:f,s:f,s:I,s:o,s:o}",
	                 "from", s->from, "to", s->to, "instruments", (json_int_t)s->instruments,
	                 "institutions", (json_int_t)s->institutions,
	                 "kpi_instruments", (json_int_t)s->kpi_instruments,
	                 "used_hours", r2(s->used_hours), "open_hours", r2(s->open_hours),
	                 "utilisation", r4(s->utilisation), "revenue", r2(s->revenue),
	                 "uses", (json_int_t)s->uses, "by_instrument", bi, "by_category", bc);
}

json_t *booking_json(const struct booking *b)
{
	json_t *o = json_pack(
		"{s:I,s:I,s:o,s:o,s:I,s:o,s:o,s:o,s:o,s:o,s:o,s:i,s:s,s:s,s:s,s:o,s:o,s:o,s:o,"
		"s:{s:I,s:o,s:o}}",
		"id", (json_int_t)b->id, "instrument_id", (json_int_t)b->instrument_id,
		"instrument", jstr(b->instrument_name ? b->instrument_name : b->instrument_name_en),
		"instrument_en", jstr(b->instrument_name_en),
		"org_id", (json_int_t)b->org_id, "org", jstr(b->org_name),
		"booker_name", jstr(b->booker_name), "booker_email", jstr(b->booker_email),
		"user_class", jstr(b->user_class), "service", jstr(b->service),
		"purpose", jstr(b->purpose), "samples", b->samples, "start", b->start_at,
		"end", b->end_at, "status", b->status, "note", jstr(b->note),
		"offer_expires", jstr(b->offer_expires), "created_at", jstr(b->created_at),
		"updated_at", jstr(b->updated_at),
		"owner", "id", (json_int_t)b->owner_org_id, "name", jstr(b->owner_org_name),
		"category", jstr(b->category));
	json_object_set_new(o, "booked_by", b->booked_by > 0 ? json_integer(b->booked_by) : json_null());
	if (b->used_start)
		json_object_set_new(o, "usage", json_pack("{s:s,s:o,s:i,s:f,s:s,s:f,s:f,s:f}",
		                                          "actual_start", b->used_start,
		                                          "actual_end", jstr(b->used_end),
		                                          "samples", b->used_samples,
		                                          "used_hours", b->used_hours,
		                                          "unit", b->fee_unit ? b->fee_unit : "hour",
		                                          "billed_quantity", b->billed_qty,
		                                          "rate", b->rate, "fee", b->fee));
	return o;
}

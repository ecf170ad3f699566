/* challenges.c - the JSON shape of open competitions (揭榜挂帅): a
 * challenge with its lines (indicators, deliverables, stages, criteria,
 * contacts), an application with its lines, a milestone. The line maps say
 * once how a sub-list maps between JSON and line columns: the API's body
 * reader (api/challenges.c) reads through the same maps. */
#include "present/present.h"
#include "core/buf.h"
#include "core/csv.h"
#include "core/log.h"
#include "core/util.h"
#include "domain/catalog_ops.h"
#include "domain/challenge.h"
#include "domain/contract.h"
#include "domain/docking.h"
#include "domain/money.h"
#include "domain/visibility.h"
#include "model/names.h"
#include <stdio.h>
#include <string.h>

const struct ch_lmap ch_line_maps[] = {
	{ "indicators", "indicator", "name", "target", "unit", NULL, NULL, NULL, NULL, false },
	{ "deliverables", "deliverable", "name", NULL, NULL, NULL, NULL, NULL, NULL, true },
	{ "stages", "stage", "name", NULL, "kind", NULL, NULL, "amount_fen", NULL, false },
	{ "criteria", "criterion", "name", NULL, NULL, NULL, "weight", NULL, NULL, false },
	{ "contacts", "contact", "name", "contact", NULL, NULL, NULL, NULL, NULL, false },
	{ NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, false },
};
const struct ch_lmap app_line_maps[] = {
	{ "members", "member", "name", "role", NULL, NULL, NULL, NULL, NULL, true },
	{ "consortium", "consortium", NULL, NULL, NULL, NULL, "lead", NULL, "org_id", false },
	{ "achievements", "achievement", NULL, NULL, NULL, NULL, NULL, NULL, "id", true },
	{ "budget", "budget", "stage", NULL, NULL, NULL, NULL, "amount_fen", NULL, false },
	{ "milestones", "milestone", "title", "due_on", "tranche", "indicators", NULL, "amount_fen",
	  NULL, false },
	{ NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, false },
};

static void lines_json(json_t *into, const struct ch_lmap *maps, const struct ch_line *l, int n)
{
	for (const struct ch_lmap *m = maps; m->key; m++) {
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
				json_object_set_new(o, "amount", present_yuan_text(l[i].amount_fen));
			}
			if (m->ref) json_object_set_new(o, m->ref, json_integer(l[i].ref_id));
			json_object_set_new(o, "seq", json_integer(l[i].seq));
			json_array_append_new(arr, o);
		}
		json_object_set_new(into, m->key, arr);
	}
}

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
		"budget_fen", (json_int_t)x->budget_fen, "budget", present_yuan_text(x->budget_fen),
		"awarded_fen", (json_int_t)x->awarded_fen, "awarded", present_yuan_text(x->awarded_fen),
		"max_winners", x->max_winners, "notice_days", x->notice_days,
		"notice_start", jstr(x->notice_start), "notice_end", jstr(x->notice_end),
		"status", x->status, "status_zh", challenge_status_label(x->status, true),
		"status_en", challenge_status_label(x->status, false),
		"note", jstr(x->note), "published_at", jstr(x->published_at), "created_at", jstr(x->created_at));
	if (o && lines)
		lines_json(o, ch_line_maps, lines, n);
	return o;
}

json_t *ch_app_json(const struct ch_app *x, const struct ch_line *lines, int n)
{
	json_t *o = json_pack("{s:I,s:I,s:I,s:o,s:o,s:s,s:I,s:o,s:I,s:o,s:o,s:o}",
	                      "id", (json_int_t)x->id, "challenge_id", (json_int_t)x->challenge_id,
	                      "team_org_id", (json_int_t)x->team_org_id, "team_name", jstr(x->team_name),
	                      "plan", jstr(x->plan), "status", x->status,
	                      "requested_fen", (json_int_t)x->requested_fen, "requested", present_yuan_text(x->requested_fen),
	                      "award_fen", (json_int_t)x->award_fen, "award", present_yuan_text(x->award_fen),
	                      "contract_id", x->contract_id > 0 ? json_integer(x->contract_id) : json_null(),
	                      "created_at", jstr(x->created_at));
	if (o && lines)
		lines_json(o, app_line_maps, lines, n);
	return o;
}

json_t *ch_milestone_json(const struct ch_milestone *m, const char *today_date)
{
	return json_pack("{s:I,s:I,s:I,s:i,s:o,s:o,s:o,s:o,s:I,s:o,s:s,s:o,s:o,s:o,s:o,s:o,s:b}",
	                 "id", (json_int_t)m->id, "challenge_id", (json_int_t)m->challenge_id,
	                 "app_id", (json_int_t)m->app_id, "seq", m->seq, "title", jstr(m->title),
	                 "due_on", jstr(m->due_on), "indicators", jstr(m->indicators),
	                 "tranche", jstr(m->tranche_kind), "tranche_fen", (json_int_t)m->tranche_fen,
	                 "tranche_amount", present_yuan_text(m->tranche_fen), "status", m->status,
	                 "evidence", jstr(m->evidence), "reason", jstr(m->reason),
	                 "reported_at", jstr(m->reported_at), "decided_at", jstr(m->decided_at),
	                 "paid_at", jstr(m->paid_at), "overdue", challenge_ms_overdue(m, today_date));
}

/* docking.c - the JSON shape of brokers, representations, docking cases and their steps, contact requests, match feedback, events: one builder per record,
 * shared by the API's answers and the command line's --json/export output
 * (present/present.h). Builds values only: no request, no store, no policy. */
#include "present/present.h"
#include "core/buf.h"
#include "core/util.h"
#include "domain/brokerage.h"
#include "domain/catalog_ops.h"
#include "domain/docking.h"
#include "domain/org.h"
#include <string.h>

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

json_t *contact_json(const struct contact_request *r)
{
	return json_pack("{s:I,s:o,s:s,s:I,s:I,s:o,s:I,s:s,s:s,s:o,s:o,s:o}", "id", (json_int_t)r->id, "case_id",
			 r->case_id > 0 ? json_integer(r->case_id) : json_null(), "kind", r->listing_kind,
			 "listing_id", (json_int_t)r->listing_id, "from_user", (json_int_t)r->from_user,
			 "from_org", r->from_org > 0 ? json_integer(r->from_org) : json_null(), "to_org",
			 (json_int_t)r->to_org, "message", r->message, "status", r->status, "reason",
			 jstr(r->reason), "created_at", jstr(r->created_at), "decided_at", jstr(r->decided_at));
}

json_t *feedback_json(const struct match_feedback *f)
{
	return json_pack("{s:I,s:I,s:I,s:I,s:s,s:o,s:o,s:o}", "id", (json_int_t)f->id, "party_org_id",
			 (json_int_t)f->party_org_id, "achievement_id", (json_int_t)f->achievement_id,
			 "demand_id", (json_int_t)f->demand_id, "verdict", f->verdict, "reason", jstr(f->reason),
			 "note", jstr(f->note), "updated_at", jstr(f->updated_at));
}

json_t *event_json(const struct event *e)
{
	return json_pack("{s:I,s:s,s:s,s:s,s:o,s:o,s:b,s:o,s:o,s:o,s:i,s:s,s:o,s:I,s:I}", "id", (json_int_t)e->id,
			 "kind", e->kind, "title", e->title, "starts_on", e->starts_on, "ends_on", jstr(e->ends_on),
			 "place", jstr(e->place), "online", e->online != 0, "organiser_org_id",
			 e->organiser_org_id > 0 ? json_integer(e->organiser_org_id) : json_null(), "organiser",
			 jstr(e->organiser_name), "fields", jlist(e->fields), "capacity", e->capacity, "status",
			 e->status, "outcome", jstr(e->outcome), "registered", (json_int_t)e->registered,
			 "checked_in", (json_int_t)e->checked_in);
}

/* broker.c - name tables of model/broker.h (the values the schema's CHECKs
 * and the API accept). */
#include "model/broker.h"
#include <stddef.h>

const char *const broker_grades[] = { "junior", "middle", "senior", NULL };
const char *const rep_statuses[] = { "requested", "consented", "declined", "revoked", NULL };
const char *const rep_scopes[] = { "listings", "contracts", "bookings", "cases", NULL };
const char *const case_statuses[] = { "first_contact", "meeting", "evaluation", "negotiation",
				      "contracted", "closed", NULL };
const char *const case_origins[] = { "match", "contact", "event", "manual", NULL };
const char *const case_close_reasons[] = { "no_response", "not_feasible", "price", "ip_issue",
					   "chose_other", "withdrawn", "duplicate", "other", NULL };
const char *const contact_statuses[] = { "pending", "accepted", "declined", NULL };
const char *const contact_decline_reasons[] = { "not_relevant", "too_early", "price", "already_solved",
						"no_capacity", "other", NULL };
const char *const feedback_verdicts[] = { "interested", "not_interested", NULL };
const char *const feedback_reasons[] = { "too_early", "benefit_unclear", "route_unclear", "too_vague",
					 "price", "location", "already_solved", "other", NULL };
const char *const event_kinds[] = { "roadshow", "expert_tour", "docking_meeting", "field_event", NULL };
const char *const event_statuses[] = { "planned", "held", "cancelled", NULL };

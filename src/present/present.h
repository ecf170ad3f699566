/* present.h - the JSON shape of each record, one builder per entity, shared
 * by the API (every resource that returns the record) and the command line
 * (`techbridge export` and every --json: JSONL lines are exactly the API's
 * objects, so clients need one parser). A layer of its own (src/present/,
 * docs/conventions.md): above domain, below both api and cli, so that
 * neither includes the other for a presenter. Each returns a new object (caller owns it) or NULL on no memory. */
#ifndef TB_PRESENT_H
#define TB_PRESENT_H

#include <jansson.h>
#include "model/booking.h"
#include "model/broker.h"
#include "model/catalog.h"
#include "model/challenge.h"
#include "model/contract.h"
#include "model/instrument.h"
#include "model/org.h"
#include "model/tier.h"
#include "model/platform.h"
#include "model/alliance.h"
#include "model/attachment.h"
#include "model/revision.h"

/* Values (present/values.c). */
json_t *jstr(const char *s);        /* NULL -> json null */
json_t *jlist(const char *csv);     /* "a,b" -> ["a","b"]; NULL -> [] */
json_t *present_yuan(int64_t fen);  /* an amount in fen as yuan (a number) */
json_t *present_yuan_text(int64_t fen); /* the same as exact text "1200000.50" */
/* The HTTP status of a result code (core/err.h): the one table. */
int present_status(int rc);

json_t *org_json(const struct org *o);                      /* present/orgs.c */
json_t *achievement_json(const struct achievement *x);      /* present/catalog.c */
json_t *demand_json(const struct demand *x);                /* present/catalog.c */
json_t *instrument_json(const struct instrument *x);
/* Opening hours "mon-fri 08:00-18:00" as {"mon":[...],...} ({} when unset). */
json_t *opening_hours_json(const char *text);        /* present/instruments.c */
struct instr_stats;
/* GET /api/instruments/stats; by_instrument cut at limit rows (api/instruments.c) */
json_t *instr_stats_json(const struct instr_stats *s, int64_t limit);
json_t *booking_json(const struct booking *b);              /* present/instruments.c */
json_t *contract_json(const struct contract *x);            /* present/contracts.c */
/* == enterprise tiers (api/tiers.c) == */
json_t *tier_rule_json(const struct tier_rule *r);
json_t *ent_facts_json(const struct ent_facts *f);
json_t *tier_cert_json(const struct tier_cert *c);
json_t *platform_json(const struct platform *p);            /* present/registries.c */
json_t *alliance_json(const struct alliance *x);            /* present/registries.c */
json_t *agency_json(const struct agency *x);                /* present/registries.c */
/* A pending revision with its proposed record (achievement_json or demand_json). */
json_t *revision_json(const struct revision *r);            /* present/catalog.c */
/* An attachment's metadata with its download url (api/attachments.c). */
json_t *attachment_json(const struct attachment *x);
/* == challenges == (present/challenges.c); lines may be NULL (list rows) */
/* How a sub-list maps between JSON objects and line columns. */
struct ch_lmap {
	const char *key, *kind;
	const char *name, *value, *unit, *note, *weight, *amount, *ref;
	bool plain;   /* items may be a bare string (name) or integer (ref) */
};
/* The maps of a challenge's and an application's sub-lists (NULL-key ended). */
extern const struct ch_lmap ch_line_maps[], app_line_maps[];
json_t *challenge_json(const struct challenge *x, const struct ch_line *lines, int n);
json_t *ch_app_json(const struct ch_app *x, const struct ch_line *lines, int n);
json_t *ch_milestone_json(const struct ch_milestone *m, const char *today_date);
/* == brokers (api/brokers.c) == */
json_t *broker_json(const struct broker *b);
json_t *representation_json(const struct representation *r);
json_t *case_json(const struct dcase *k);
json_t *case_step_json(const struct case_step *s);
json_t *contact_json(const struct contact_request *r);
json_t *feedback_json(const struct match_feedback *f);
json_t *event_json(const struct event *e);                  /* present/docking.c */

/* == release: listing quality, life cycle (issue #16) == */
struct quality_report;
json_t *quality_json(const struct quality_report *q);       /* present/catalog.c */
/* == bulletins (api/bulletins.c): the archive row, and the whole bulletin ==
 * (new listings grouped by field, closing demands, events, figures) */
struct bulletin;
json_t *bulletin_summary_json(const struct bulletin *b);
json_t *bulletin_json(const struct bulletin *b);

#endif

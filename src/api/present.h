/* present.h - the JSON shape of each record, one builder per entity, shared
 * by the API (every resource that returns the record) and `techbridge
 * export` (JSONL lines are exactly the API's objects, so clients need one
 * parser). Each returns a new object (caller owns it) or NULL on no memory. */
#ifndef TB_PRESENT_H
#define TB_PRESENT_H

#include <jansson.h>
#include "model/booking.h"
#include "model/catalog.h"
#include "model/contract.h"
#include "model/instrument.h"
#include "model/org.h"
#include "model/revision.h"

json_t *org_json(const struct org *o);                      /* api/orgs.c */
json_t *achievement_json(const struct achievement *x);      /* api/catalog.c */
json_t *demand_json(const struct demand *x);                /* api/catalog.c */
json_t *instrument_json(const struct instrument *x);        /* api/instruments.c */
json_t *booking_json(const struct booking *b);              /* api/bookings.c */
json_t *contract_json(const struct contract *x);            /* api/contracts.c */
/* A pending revision with its proposed record (achievement_json or demand_json). */
json_t *revision_json(const struct revision *r);            /* api/revisions.c */

/* == release: listing quality, life cycle (issue #16) == */
struct quality_report;
json_t *quality_json(const struct quality_report *q);       /* api/release.c */

#endif

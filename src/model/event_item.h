/* event_item.h - what an event (model/broker.h, docs/docking.md) presents and
 * discusses: the achievements presented and the demands discussed at a
 * roadshow, tour or docking meeting (issue #14). Plain record; strings point
 * into the caller's arena. */
#ifndef TB_MODEL_EVENT_ITEM_H
#define TB_MODEL_EVENT_ITEM_H

#include <stdint.h>

struct event_item {
	int64_t event_id;
	const char *kind;     /* achievement | demand */
	int64_t item_id;
	const char *title, *status; /* the listing's, read only */
	int64_t owner_org_id;       /* read only */
};

#endif

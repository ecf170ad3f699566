/* event_ops.h - an event after its creation (issue #14, docs/docking.md):
 * the organiser edits it while it is planned, records that it was held
 * (with its outcome text) or cancels it (a table of moves; cancelled is
 * final), and keeps its agenda: the achievements presented and the demands
 * discussed, which must be published listings. Its outcomes (cases opened at
 * the event, contracts later signed from them) are counted from the records,
 * as the per-event KPIs are. Each write is one transaction with an audit row;
 * only the organiser (event_organises) writes. */
#ifndef TB_DOMAIN_EVENT_OPS_H
#define TB_DOMAIN_EVENT_OPS_H

#include <stdbool.h>
#include "core/arena.h"
#include "core/err.h"
#include "domain/brokerage.h"
#include "model/event_item.h"

struct store;

/* NULL (or -1 for online and capacity) keeps the current value; clear_ends_on
 * removes the end date. */
struct event_patch {
	const char *kind, *title, *starts_on, *ends_on, *place, *fields;
	int online, capacity;
	bool clear_ends_on;
};

int event_edit(struct store *st, struct arena *a, const struct actor *by, int64_t id,
               const struct event_patch *p, struct event *out, struct tb_field_error *fe);
/* status held (not before the event starts) or cancelled from planned; held
 * -> held updates the outcome text. TB_ESTATE naming the current status. */
int event_set_outcome(struct store *st, struct arena *a, const struct actor *by, int64_t id,
                      const char *status, const char *outcome, struct event *out,
                      struct tb_field_error *fe);
bool event_move_ok(const char *from, const char *to);
int event_agenda_add(struct store *st, struct arena *a, const struct actor *by, int64_t event_id,
                     const char *kind, int64_t item_id, struct tb_field_error *fe);
int event_agenda_remove(struct store *st, struct arena *a, const struct actor *by, int64_t event_id,
                        const char *kind, int64_t item_id, struct tb_field_error *fe);
int event_agenda(struct store *st, struct arena *a, int64_t event_id, struct event_item **out,
                 int *n);
/* The event's outcomes: its cases (origin event) and the registered
 * contracts they reached, all time (kpi_compute / kpi_trace by event). */
int event_outcomes(struct store *st, struct arena *a, int64_t event_id, struct kpi *sum,
                   struct kpi_row **rows, int *n, struct tb_field_error *fe);

#endif

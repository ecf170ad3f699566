/* instrument_ops.h - the instrument service for the API and the CLI:
 * instruments, qualifications (training records) and booking reads. The
 * booking workflow (request, approve, cancel, use) is in booking.h; the
 * rules (opening hours, windows, validation) in instrument.h. No JSON, no SQL. */
#ifndef TB_INSTRUMENT_OPS_H
#define TB_INSTRUMENT_OPS_H

#include <stdint.h>
#include "core/arena.h"
#include "model/booking.h"
#include "model/instrument.h"

struct store;

/* sets id, timestamps */
int instrument_create(struct store *st, struct instrument *x);
int instrument_save(struct store *st, const struct instrument *x);
int instrument_get(struct store *st, struct arena *a, int64_t id, struct instrument *out);
int instrument_list(struct store *st, struct arena *a, const struct instr_query *q,
                    struct instrument **out, int *n, int64_t *total);
/* available instruments with no slot-holding booking in [from, to) */
int instrument_free_list(struct store *st, struct arena *a, const char *from, const char *to,
                         const char *category, int limit, struct instrument **out, int *n);
/* slot-holding bookings on one instrument overlapping [from, to) */
int instrument_busy(struct store *st, struct arena *a, int64_t instrument_id, const char *from,
                    const char *to, struct booking **out, int *n);
int qualification_add(struct store *st, struct qualification *q);
int qualification_list(struct store *st, struct arena *a, int64_t instrument_id,
                       struct qualification **out, int *n);
int booking_get(struct store *st, struct arena *a, int64_t id, struct booking *out);
int booking_list(struct store *st, struct arena *a, const struct booking_query *q,
                 struct booking **out, int *n, int64_t *total);

#endif

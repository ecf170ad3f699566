/* instrument_ops.h - the instrument service for the API and the CLI:
 * instruments, qualifications (training records) and booking reads. The
 * booking workflow (request, approve, cancel, use) is in booking.h; the
 * rules (opening hours, windows, validation) in instrument.h. No JSON, no SQL. */
#ifndef TB_INSTRUMENT_OPS_H
#define TB_INSTRUMENT_OPS_H

#include <stdint.h>
#include "core/arena.h"
#include "core/err.h"
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
/* A time range from text (ISO-8601 times or dates, local): from defaults to
 * now, to to from + days_default; at most days_max days. TB_EINVAL naming
 * "from" or "to". from/to get the normalised text. */
int instrument_range(const char *fs, const char *ts, int days_default, int days_max,
                     char from[32], char to[32], int64_t *f, int64_t *t,
                     struct tb_field_error *fe);
/* The free-slot search (API GET /api/instruments/free and `techbridge
 * instrument free`): instruments free of bookings over [f, t) (unix seconds;
 * from/to the same as ISO text) that are also open and bookable for the
 * whole range, lead time ignored (the caller asks what is free, not what is
 * bookable now); at most limit rows. */
int instrument_free(struct store *st, struct arena *a, int64_t f, int64_t t, const char *from,
                    const char *to, const char *category, int limit, struct instrument **out,
                    int *n);
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

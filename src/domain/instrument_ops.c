/* instrument_ops.c - the instrument service (see instrument_ops.h). */
#include "domain/instrument_ops.h"
#include "store/store.h"

int instrument_create(struct store *st, struct instrument *x)
{
	return store_instrument_insert(st, x);
}

int instrument_save(struct store *st, const struct instrument *x)
{
	return store_instrument_update(st, x);
}

int instrument_get(struct store *st, struct arena *a, int64_t id, struct instrument *out)
{
	return store_instrument_get(st, a, id, out);
}

int instrument_list(struct store *st, struct arena *a, const struct instr_query *q,
                    struct instrument **out, int *n, int64_t *total)
{
	return store_instrument_list(st, a, q, out, n, total);
}

int instrument_free_list(struct store *st, struct arena *a, const char *from, const char *to,
                         const char *category, int limit, struct instrument **out, int *n)
{
	return store_instrument_free(st, a, from, to, category, limit, out, n);
}

int instrument_busy(struct store *st, struct arena *a, int64_t instrument_id, const char *from,
                    const char *to, struct booking **out, int *n)
{
	return store_booking_busy(st, a, instrument_id, from, to, out, n);
}

int qualification_add(struct store *st, struct qualification *q)
{
	return store_qualification_insert(st, q);
}

int qualification_list(struct store *st, struct arena *a, int64_t instrument_id,
                       struct qualification **out, int *n)
{
	return store_qualification_list(st, a, instrument_id, out, n);
}

int booking_get(struct store *st, struct arena *a, int64_t id, struct booking *out)
{
	return store_booking_get(st, a, id, out);
}

int booking_list(struct store *st, struct arena *a, const struct booking_query *q,
                 struct booking **out, int *n, int64_t *total)
{
	return store_booking_list(st, a, q, out, n, total);
}

/* instrument_ops.c - the instrument service (see instrument_ops.h). */
#include "domain/instrument_ops.h"
#include "domain/instrument.h"
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

int instrument_range(const char *fs, const char *ts, int days_default, int days_max,
                     char from[32], char to[32], int64_t *f, int64_t *t,
                     struct tb_field_error *fe)
{
	if (fs && !tb_time_parse(fs, f)) {
		if (!tb_date_local(fs, f))
			return TB_FE(fe, "from", "time_format"), TB_EINVAL;
	} else if (!fs) {
		*f = tb_now_local();
	}
	if (ts && !tb_time_parse(ts, t)) {
		if (!tb_date_local(ts, t))
			return TB_FE(fe, "to", "time_format"), TB_EINVAL;
	} else if (!ts) {
		*t = *f + (int64_t)days_default * 86400;
	}
	if (*t <= *f)
		return TB_FE(fe, "to", "after_from"), TB_EINVAL;
	if (*t - *f > (int64_t)days_max * 86400)
		return TB_FE_N(fe, "to", "span_days", days_max), TB_EINVAL;
	tb_time_fmt(*f, from);
	tb_time_fmt(*t, to);
	return TB_OK;
}

int instrument_free(struct store *st, struct arena *a, int64_t f, int64_t t, const char *from,
                    const char *to, const char *category, int limit, struct instrument **out,
                    int *n)
{
	struct instrument *rows;
	struct tb_field_error fe;
	int got, kept = 0, rc;

	*out = NULL;
	*n = 0;
	/* Fetch more than asked: the opening-hours filter below drops some. */
	if ((rc = store_instrument_free(st, a, from, to, category, limit * 4 + 50, &rows, &got)))
		return rc;
	for (int i = 0; i < got && kept < limit; i++) {
		struct instrument x = rows[i];
		x.lead_hours = 0;
		x.min_slot_min = 1;
		x.max_slot_min = 1440;
		if (booking_check(&x, f, t, f, &fe))
			continue;
		rows[kept++] = x;
	}
	*out = rows;
	*n = kept;
	return TB_OK;
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

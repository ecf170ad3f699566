/* demo_util.c - the deterministic random helpers demo seeders share. */
#include "cli/demo.h"
#include "core/err.h"

uint64_t demo_rand(struct demo_ctx *d)
{
	uint64_t x = d->rng;
	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	d->rng = x;
	return x * 0x2545F4914F6CDD1DULL;
}

int demo_pick(struct demo_ctx *d, int n)
{
	return n > 0 ? (int)(demo_rand(d) % (uint64_t)n) : 0;
}

double demo_uniform(struct demo_ctx *d)
{
	return (double)(demo_rand(d) >> 11) * (1.0 / 9007199254740992.0);
}

const char *demo_choose(struct demo_ctx *d, const char *const *list)
{
	int n = 0;
	while (list[n])
		n++;
	return n ? list[demo_pick(d, n)] : NULL;
}

int demo_org_ids(struct store *st, struct arena *a, const char *kind, const char *city,
                 struct demo_ids *out)
{
	struct org_query q = { kind, city, NULL, 500, 0 };
	struct org *rows;
	int n, rc;
	out->n = 0;
	for (q.offset = 0;; q.offset += 500) {
		int64_t total;
		if ((rc = bulk_org_list(st, a, &q, &rows, &n, &total)))
			return rc;
		for (int i = 0; i < n && out->n < DEMO_MAX_IDS; i++)
			out->v[out->n++] = rows[i].id;
		if (n < 500 || out->n >= DEMO_MAX_IDS)
			return TB_OK;
	}
}

/* demo_util.c - the deterministic random helpers demo seeders share. */
#include "cli/demo.h"

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

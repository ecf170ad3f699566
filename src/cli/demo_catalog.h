/* demo_catalog.h - the catalogue part of the demo generator, exposed so
 * that bench/gen_csv can produce large achievement files with the same
 * bilingual text as `techbridge demo`. */
#ifndef TB_DEMO_CATALOG_H
#define TB_DEMO_CATALOG_H

#include <stdint.h>
#include "cli/demo.h"
#include "core/arena.h"
#include "domain/catalog.h"

/* The owner an achievement is generated for. */
struct demo_owner {
	int64_t id;
	const char *name;
	const char *city;     /* Chinese city name */
	int field;            /* index into the field vocabulary, -1 = any */
};

int demo_field_count(void);
/* Fills x (strings in a) with a plausible bilingual achievement owned by o.
 * serial makes reg_no unique: distinct serials give distinct numbers. */
void demo_make_achievement(struct demo_ctx *d, struct arena *a, const struct demo_owner *o,
                           long serial, struct achievement *x);
void demo_make_demand(struct demo_ctx *d, struct arena *a, const struct demo_owner *o,
                      struct demand *x);

#endif

/* region.h - the province's cities in both languages. Cities are stored in
 * Chinese (the registry's form); filters and imports accept either name. The
 * table is data, not logic: other provinces replace it. */
#ifndef TB_MODEL_REGION_H
#define TB_MODEL_REGION_H

#include <stdint.h>

struct city { const char *zh, *en, *code; };
extern const struct city region_cities[]; /* NULL-terminated */
extern const char *const region_province_zh, *const region_province_en;

/* "Shenyang", "shenyang", "沈阳", "沈阳市" -> "沈阳"; unknown names returned unchanged. */
const char *region_city_canonical(const char *name);
const char *region_city_en(const char *zh); /* NULL if unknown */
/* Exact lookups in region_cities: by GB/T 2260 code, by Chinese name; NULL if none. */
const struct city *region_city_by_code(const char *code);
const struct city *region_city_by_zh(const char *zh);
/* True when the city (either language) is in the province. */
int region_in_province(const char *city);

/* The province's local date of Unix time t, YYYY-MM-DD: the date a deadline,
 * a validity or an event day is judged by (UTC+08:00 for Liaoning; another
 * province sets its own offset here). */
#define REGION_UTC_OFFSET_S (8 * 3600)
void region_local_date(int64_t t, char out[11]);
/* The province's calendar year at t: "this year" of the indicators, the
 * statistics and the registries (the UTC year is a year behind from 00:00 to
 * 08:00 on 1 January in Shenyang). */
int region_local_year(int64_t t);
/* Both at now (now_unix, the one clock that tests move): the date and the
 * year every "today" and "this year" rule of the platform is judged by. */
void region_today(char out[11]);
int region_this_year(void);

#endif

/* org.h - organisations: universities, institutes, enterprises, service
 * agencies, transfer institutions, government bodies. Plain struct; strings
 * point into the caller's arena. */
#ifndef TB_MODEL_ORG_H
#define TB_MODEL_ORG_H

#include <stdint.h>

struct org {
	int64_t id;
	const char *name;        /* required: Chinese or English */
	const char *name_en;
	const char *kind;        /* see org_kinds */
	const char *province;
	const char *city;
	const char *district;
	const char *region_code; /* 6-digit GB/T 2260, optional */
	const char *created_at;
	const char *updated_at;
};

extern const char *const org_kinds[]; /* NULL-terminated */

/* Listing filter for organisations (store_org_list). */
struct org_query { const char *kind, *city, *q; int limit, offset; };

#endif

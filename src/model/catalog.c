/* catalog.c - the catalogue's name tables (modes, statuses, sorts) and the
 * listing query's defaults. */
#include "model/catalog.h"
#include <stddef.h>
#include <string.h>

const char *const mode_names[] = { "transfer", "licence", "equity", "codev", "service", NULL };
const char *const ach_statuses[] = { "draft", "submitted", "published", "withdrawn", "commercialised",
                                     "expired", NULL };
const char *const demand_statuses[] = { "draft", "submitted", "published", "withdrawn", "closed",
                                        "expired", NULL };
const char *const ip_statuses[] = { "none", "pending", "granted", NULL };
const char *const ach_attributes[] = { "original", "imported_absorbed", "secondary", NULL };

const struct plain_field ach_plain_fields[] = {
#define X(m, t, max) { #m, PLAIN_##t, offsetof(struct achievement, m), max },
	ACH_PLAIN_FIELDS(X)
#undef X
	{ NULL, PLAIN_TEXT, 0, 0 }
};
const struct plain_field dem_plain_fields[] = {
#define X(m, t, max) { #m, PLAIN_##t, offsetof(struct demand, m), max },
	DEM_PLAIN_FIELDS(X)
#undef X
	{ NULL, PLAIN_TEXT, 0, 0 }
};
const char *const catalog_sorts[] = { "newest", "oldest", "price", "-price", "trl", "-trl", "title",
                                      "deadline", "relevance", NULL };

void catalog_query_init(struct catalog_query *q)
{
	memset(q, 0, sizeof(*q));
	q->price_min = q->price_max = -1;
	q->limit = 20;
}

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
const char *const catalog_sorts[] = { "newest", "oldest", "price", "-price", "trl", "-trl", "title",
                                      "deadline", "relevance", NULL };

void catalog_query_init(struct catalog_query *q)
{
	memset(q, 0, sizeof(*q));
	q->price_min = q->price_max = -1;
	q->limit = 20;
}

/* docking.c - see docking.h. This first version has no in-memory index yet:
 * catalog_index_build reports that, and callers keep app->index NULL so that
 * listings use the store's text filter. */
#include "domain/docking.h"
#include "core/err.h"

void docking_settings_default(struct docking_settings *s) { s->w_locality = 1.0; }

int catalog_index_build(struct store *st, const struct docking_settings *set, struct catalog_index **out)
{
	*out = NULL;
	return TB_ENOTFOUND;
}
void catalog_index_free(struct catalog_index *ix) { (void)ix; }
void catalog_index_counts(struct catalog_index *ix, int64_t *a, int64_t *d) { *a = *d = 0; }
void docking_changed_achievement(struct catalog_index *ix, const struct achievement *x) { (void)ix; }
void docking_changed_demand(struct catalog_index *ix, const struct demand *x) { (void)ix; }

int docking_search_achievements(struct catalog_index *ix, struct store *st, struct arena *a,
                                const struct catalog_query *q, struct achievement **rows,
                                struct docking_hit **hits, int *n, int64_t *total)
{
	return TB_ENOTFOUND;
}
int docking_search_demands(struct catalog_index *ix, struct store *st, struct arena *a,
                           const struct catalog_query *q, struct demand **rows,
                           struct docking_hit **hits, int *n, int64_t *total)
{
	return TB_ENOTFOUND;
}
int docking_for_demand(struct catalog_index *ix, struct store *st, struct arena *a, int64_t demand_id,
                       const struct catalog_query *filters, struct achievement **rows,
                       struct docking_hit **hits, int *n)
{
	return TB_ENOTFOUND;
}
int docking_for_achievement(struct catalog_index *ix, struct store *st, struct arena *a,
                            int64_t ach_id, const struct catalog_query *filters, struct demand **rows,
                            struct docking_hit **hits, int *n)
{
	return TB_ENOTFOUND;
}

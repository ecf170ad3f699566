/* favourite.c - the rules for saved listings (issue #18): a listing that
 * exists, a bounded list per user, saving twice changes nothing; the count
 * and the insert share one transaction so two saves at once cannot pass the
 * bound together. */
#include "domain/favourite.h"
#include "store/store.h"
#include <string.h>

int favourite_add(struct store *st, struct arena *a, int64_t user_id, bool is_ach, int64_t item_id,
                  int *created, struct tb_field_error *fe)
{
	struct achievement x;
	struct demand d;
	struct favourite *have;
	int n, rc;

	*created = 0;
	rc = is_ach ? store_achievement_get(st, a, item_id, &x) : store_demand_get(st, a, item_id, &d);
	if (rc == TB_ENOTFOUND)
		return TB_FE_S(fe, "item_id", "no_such", "listing"), rc;
	if (rc || (rc = store_begin(st)))
		return rc;
	if ((rc = store_favourite_list(st, a, user_id, &have, &n)))
		goto fail;
	for (int i = 0; i < n; i++)
		if (have[i].is_ach == is_ach && have[i].item_id == item_id) {
			store_rollback(st);
			return TB_OK; /* already saved */
		}
	if (n >= FAVOURITES_MAX) {
		TB_FE_N(fe, "item_id", "max_favourites", FAVOURITES_MAX);
		rc = TB_ECONFLICT;
		goto fail;
	}
	if ((rc = store_favourite_put(st, user_id, is_ach, item_id, created)) || (rc = store_commit(st)))
		goto fail;
	return TB_OK;
fail:
	store_rollback(st);
	return rc;
}

int favourite_remove(struct store *st, int64_t user_id, bool is_ach, int64_t item_id)
{
	return store_favourite_delete(st, user_id, is_ach, item_id);
}

int favourite_list(struct store *st, struct arena *a, int64_t user_id, struct favourite **out,
                   int *n)
{
	return store_favourite_list(st, a, user_id, out, n);
}

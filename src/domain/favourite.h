/* favourite.h - a user's saved listings (issue #18): save, forget, list; the
 * one writer of favourites. At most FAVOURITES_MAX per user. No JSON, no SQL. */
#ifndef TB_DOMAIN_FAVOURITE_H
#define TB_DOMAIN_FAVOURITE_H

#include <stdbool.h>
#include <stdint.h>
#include "core/arena.h"
#include "core/err.h"
#include "model/attachment.h"

struct store;

/* The listing must exist (TB_ENOTFOUND naming item_id; the caller checks
 * that the user may see it). A full list: TB_ECONFLICT naming item_id.
 * Saving twice is fine (*created = 0). */
int favourite_add(struct store *st, struct arena *a, int64_t user_id, bool is_ach, int64_t item_id,
                  int *created, struct tb_field_error *fe);
int favourite_remove(struct store *st, int64_t user_id, bool is_ach, int64_t item_id);
int favourite_list(struct store *st, struct arena *a, int64_t user_id, struct favourite **out,
                   int *n);

#endif

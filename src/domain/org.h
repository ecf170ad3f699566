/* org.h - organisation rules (validation) and the organisation service. The record and the kinds table
 * are in model/org.h. */
#ifndef TB_ORG_H
#define TB_ORG_H

#include <stdint.h>
#include "core/arena.h"
#include "core/err.h"
#include "model/org.h"

int org_validate(const struct org *o, struct tb_field_error *fe);

/* The organisation service for the API and the CLI. */
struct store;
/* sets id, timestamps; a duplicate name is TB_ECONFLICT */
int org_create(struct store *st, struct org *o);
int org_save(struct store *st, const struct org *o);
int org_get(struct store *st, struct arena *a, int64_t id, struct org *out);
int org_find_by_name(struct store *st, struct arena *a, const char *name, struct org *out);
int org_list(struct store *st, struct arena *a, const struct org_query *q, struct org **out, int *n,
             int64_t *total);

#endif

/* alliance.h - rules of the alliance and service-agency registries (issue
 * #15): validation naming the field, the members' roles (one lead: the
 * alliance's lead organisation), activities, the substantive rule's year,
 * agency profiles (only organisations of kind agency or transfer; services
 * from the fixed list). Each write is one transaction with an audit row.
 * The enterprises an agency served are read, never written: they come
 * from docking cases and contracts. docs/registries.md documents them. */
#ifndef TB_DOMAIN_ALLIANCE_H
#define TB_DOMAIN_ALLIANCE_H

#include "core/arena.h"
#include "core/err.h"
#include "model/alliance.h"

struct store;

#define ALLIANCE_MAX_MEMBERS 200

int alliance_validate(struct store *st, struct arena *a, struct alliance *x,
                      struct tb_field_error *fe);
/* Validates, adds the lead organisation as member "lead" when the list lacks
 * it, inserts; sets x->id. */
int alliance_create(struct store *st, struct arena *a, struct alliance *x, int64_t actor,
                    struct tb_field_error *fe);
/* Adds a member or changes its role (vice_lead or member; the lead stays). */
int alliance_member_add(struct store *st, struct arena *a, int64_t alliance_id,
                        const struct alliance_member *m, int64_t actor, struct tb_field_error *fe);
int alliance_activity_add(struct store *st, struct arena *a, struct alliance_activity *v,
                          int64_t actor, struct tb_field_error *fe);
/* year 0 = the current year (the substantive rule looks at that year). */
int alliance_get(struct store *st, struct arena *a, int64_t id, int year, struct alliance *out);
int alliance_list(struct store *st, struct arena *a, struct alliance_query *q,
                  struct alliance **out, int *n, int64_t *total);
int alliance_stats(struct store *st, struct alliance_query *q, struct alliance_stats *out);
int alliance_activities(struct store *st, struct arena *a, int64_t id,
                        struct alliance_activity **out, int *n);

int agency_validate(struct store *st, struct arena *a, const struct agency *x,
                    struct tb_field_error *fe);
int agency_put(struct store *st, struct arena *a, const struct agency *x, int64_t actor,
               struct tb_field_error *fe);
int agency_get(struct store *st, struct arena *a, int64_t org_id, struct agency *out);
int agency_list(struct store *st, struct arena *a, const struct agency_query *q,
                struct agency **out, int *n, int64_t *total);
int agency_counts(struct store *st, struct arena *a, const char *by, const struct agency_query *q,
                  struct agency_count **out, int *n);
int agency_clients(struct store *st, struct arena *a, int64_t org_id, int max,
                   struct agency_client **out, int *n);
/* The label of a service key in "zh" or "en"; NULL when not a service. */
const char *agency_service_label(const char *key, const char *lang);

/* The demo's writes, inside the caller's bulk_begin .. bulk_commit. */
int alliance_seed_insert(struct store *st, struct alliance *x);
int alliance_seed_activity(struct store *st, struct alliance_activity *v);
int agency_seed_put(struct store *st, const struct agency *x);

#endif

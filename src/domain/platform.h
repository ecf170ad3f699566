/* platform.h - rules of the registry of innovation platforms (issue #15):
 * validation naming the field (the kind must be a row of platform_kinds),
 * the status machine (active <-> under_evaluation -> revoked; revoked is
 * final), links to achievements, instruments and experts. Each write is one
 * transaction with an audit row. docs/registries.md documents them. */
#ifndef TB_DOMAIN_PLATFORM_H
#define TB_DOMAIN_PLATFORM_H

#include "core/arena.h"
#include "core/err.h"
#include "model/platform.h"

struct store;

int platform_validate(struct store *st, struct arena *a, const struct platform *p,
                      struct tb_field_error *fe);
int platform_create(struct store *st, struct arena *a, struct platform *p, int64_t actor,
                    struct tb_field_error *fe);
/* TB_ESTATE with fe naming the current status when the transition is not allowed. */
int platform_change_status(struct store *st, struct arena *a, int64_t id, const char *status,
                           const char *evaluation, int64_t actor, struct tb_field_error *fe);
int platform_link(struct store *st, struct arena *a, const struct platform_link *l, int64_t actor,
                  struct tb_field_error *fe);
/* The registry, read for api and cli (which never include store.h, issue #11). */
int platform_kinds(struct store *st, struct arena *a, struct platform_kind **out, int *n);
int platform_get(struct store *st, struct arena *a, int64_t id, struct platform *out);
int platform_list(struct store *st, struct arena *a, const struct platform_query *q,
                  struct platform **out, int *n, int64_t *total);
int platform_counts(struct store *st, struct arena *a, const char *by,
                    const struct platform_query *q, struct platform_count **out, int *n);
int platform_links(struct store *st, struct arena *a, int64_t platform_id,
                   struct platform_link **out, int *n);
/* True when from -> to is a legal status change. */
int platform_transition_ok(const char *from, const char *to);

#endif

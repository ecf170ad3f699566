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
#include "store/store.h"

int platform_validate(struct store *st, struct arena *a, const struct platform *p,
                      struct tb_field_error *fe);
int platform_create(struct store *st, struct arena *a, struct platform *p, int64_t actor,
                    struct tb_field_error *fe);
/* TB_ESTATE with fe naming the current status when the transition is not allowed. */
int platform_change_status(struct store *st, struct arena *a, int64_t id, const char *status,
                           const char *evaluation, int64_t actor, struct tb_field_error *fe);
int platform_link(struct store *st, struct arena *a, const struct platform_link *l, int64_t actor,
                  struct tb_field_error *fe);
/* True when from -> to is a legal status change. */
int platform_transition_ok(const char *from, const char *to);

#endif

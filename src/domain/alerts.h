/* alerts.h - subscriptions and the alerts they raise (issue #16): a user
 * saves a search (field, city, TRL, words in either language) or follows an
 * organisation, or asks to hear of new matches of their organisation's own
 * listings above a strength; when a listing is published, each matching
 * subscriber gets one in-app notification for it (the notification's unique
 * key makes it once per user per listing, across restarts and app nodes). */
#ifndef TB_ALERTS_H
#define TB_ALERTS_H

#include <stdbool.h>
#include <stdint.h>
#include "core/err.h"
#include "model/release.h"
#include "store/store.h"

struct catalog_index; /* domain/docking.h; NULL: no own_matches alerts */

#define ALERTS_MAX_PER_USER 50   /* subscriptions a user may keep */

int subscription_check(const struct subscription *x, struct tb_field_error *fe);
/* Saves x for its user (at most ALERTS_MAX_PER_USER). */
int subscription_add(struct store *st, struct subscription *x, struct tb_field_error *fe);

/* A listing was published: notify every subscriber it matches. *sent = new
 * notifications (0 when all had been sent before). */
int alerts_on_published(struct store *st, struct catalog_index *ix, bool is_ach, int64_t id,
                        int *sent);

/* Whether a saved search or followed organisation matches the listing. */
bool alerts_matches_achievement(const struct subscription *s, const struct achievement *x);
bool alerts_matches_demand(const struct subscription *s, const struct demand *x);

/* Whether the listing an alert names is still worth reading at `now`:
 * published, within its validity and (a demand) not past its deadline. The
 * in-app list and the e-mail digest drop alerts for anything else (issue
 * #16, "Must hold": no expired listing or closed or past-deadline demand in
 * alerts, even when it was published when the alert was raised). */
bool alerts_item_live(struct store *st, struct arena *a, const char *item_kind, int64_t item_id,
                      int64_t now);
/* Keeps the notifications that are not alerts, and the alerts whose listing
 * is live; *n is updated in place. */
int alerts_keep_live(struct store *st, struct arena *a, struct notification *nt, int *n,
                     int64_t now);

/* Reads and per-user deletes for the API and the CLI, which reach the store
 * only through domain (issue #11). */
int subscription_list(struct store *st, struct arena *a, int64_t user_id, const char *target,
                      struct subscription **out, int *n);
int subscription_delete(struct store *st, int64_t user_id, int64_t id);
int notification_list(struct store *st, struct arena *a, int64_t user_id, int64_t org_id,
                      int limit, struct notification **out, int *n);
int notification_read(struct store *st, int64_t user_id, int64_t org_id, int64_t id);

#endif

/* challenge_read.c - the plain challenge reads the API and the CLI use
 * (domain/challenge.h): thin calls of the store operations, so that api and
 * cli do not include store headers (issue #11). Who may see a result is
 * decided by the callers through challenge_get/challenge_app_get. */
#include "domain/challenge.h"
#include "store/store.h"

int ch_read_get(struct store *st, struct arena *a, int64_t id, struct challenge *out)
{
	return store_ch_get(st, a, id, out);
}

int ch_read_list(struct store *st, struct arena *a, const struct ch_query *q,
                 struct challenge **out, int *n, int64_t *total)
{
	return store_ch_list(st, a, q, out, n, total);
}

int ch_read_app_get(struct store *st, struct arena *a, int64_t id, struct ch_app *out)
{
	return store_ch_app_get(st, a, id, out);
}

int ch_read_app_list(struct store *st, struct arena *a, int64_t challenge_id, int64_t team_org,
                     struct ch_app **out, int *n)
{
	return store_ch_app_list(st, a, challenge_id, team_org, out, n);
}

int ch_read_experts(struct store *st, struct arena *a, int64_t challenge_id, int64_t user_id,
                    struct ch_expert **out, int *n)
{
	return store_ch_expert_list(st, a, challenge_id, user_id, out, n);
}

int ch_read_objections(struct store *st, struct arena *a, int64_t challenge_id,
                       struct ch_objection **out, int *n)
{
	return store_ch_obj_list(st, a, challenge_id, out, n);
}

int ch_read_ms_get(struct store *st, struct arena *a, int64_t id, struct ch_milestone *out)
{
	return store_ch_ms_get(st, a, id, out);
}

int ch_read_ms_list(struct store *st, struct arena *a, int64_t challenge_id,
                    struct ch_milestone **out, int *n)
{
	return store_ch_ms_list(st, a, challenge_id, out, n);
}

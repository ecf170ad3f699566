/* release.c - the regular-release resources (issue #16): the quality
 * checklist of a listing as JSON, the 400 that refuses a submit under the
 * threshold (every missing item named, in Chinese and English, with a stable
 * code), and the routes of the listing life cycle (renew, maintenance). */
#include "api/api.h"
#include "domain/quality.h"
#include "domain/lifecycle.h"
#include <string.h>

json_t *quality_json(const struct quality_report *q)
{
	json_t *items = json_array();
	for (int i = 0; i < q->n; i++) {
		const struct quality_item *it = &q->items[i];
		json_array_append_new(items, json_pack("{s:s,s:s,s:i,s:b,s:b,s:s,s:s}", "code", it->code,
		                                       "field", it->field, "points", it->points,
		                                       "blocking", it->blocking, "ok", it->ok,
		                                       "zh", it->zh, "en", it->en));
	}
	return json_pack("{s:i,s:i,s:b,s:o}", "score", q->score, "threshold", q->threshold,
	                 "ready", q->ready, "items", items);
}

void api_fail_quality(struct api_ctx *c, const struct quality_report *q)
{
	json_t *errors = json_array();
	const char *first = NULL;
	for (int i = 0; i < q->n; i++) {
		const struct quality_item *it = &q->items[i];
		if (it->ok)
			continue;
		if (!first)
			first = it->field;
		json_array_append_new(errors, json_pack("{s:s,s:s,s:s,s:s,s:s,s:b}", "field", it->field,
		                                        "code", it->code, "error", it->en, "zh", it->zh,
		                                        "en", it->en, "blocking", it->blocking));
	}
	if (!first) { /* not ready with nothing missing cannot happen; answer loudly */
		json_decref(errors);
		return api_fail(c, TB_EINVAL);
	}
	api_json(c, 400, json_pack("{s:s,s:s,s:s,s:i,s:i,s:o,s:o}", "error",
	                           arena_printf(c->a, "%s: the listing scores %d of %d needed to submit; "
	                                              "add what the checklist names", first, q->score,
	                                        q->threshold),
	                           "field", first, "code", "quality_below_threshold", "score", q->score,
	                           "threshold", q->threshold, "errors", errors,
	                           "quality", quality_json(q)));
}

const struct life_settings *api_life(struct api_ctx *c)
{
	/* = life_settings_default(); a constant, so request threads share it safely */
	static const struct life_settings dflt = { 365, 30 };
	return c->app->life.validity_days > 0 ? &c->app->life : &dflt;
}

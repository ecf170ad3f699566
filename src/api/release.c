/* release.c - the regular-release resources (issue #16): the quality
 * checklist of a listing as JSON, the 400 that refuses a submit under the
 * threshold (every missing item named, in Chinese and English, with a stable
 * code), and the routes of the listing life cycle (renew, maintenance). */
#include "api/api.h"
#include "domain/quality.h"
#include "domain/lifecycle.h"
#include <string.h>

void api_fail_quality(struct api_ctx *c, const struct quality_report *q)
{
	json_t *errors = json_array();
	const char *first = NULL, *msg;
	bool zh = api_lang(c) == TB_LANG_ZH;
	for (int i = 0; i < q->n; i++) {
		const struct quality_item *it = &q->items[i];
		if (it->ok)
			continue;
		if (!first)
			first = it->field;
		json_array_append_new(errors, json_pack("{s:s,s:s,s:s,s:s,s:s,s:b}", "field", it->field,
		                                        "code", it->code, "error",
		                                        zh ? it->zh : it->en, "zh", it->zh, "en",
		                                        it->en, "blocking", it->blocking));
	}
	if (!first) { /* not ready with nothing missing cannot happen; answer loudly */
		json_decref(errors);
		return api_fail(c, TB_EINVAL);
	}
	/* In the caller's language like every error (issue #16); the items carry both. */
	if (zh)
		msg = arena_printf(c->a, "%s：条目信息不完整（得分 %d，提交需要 %d），请按检查清单补充",
		                   tb_field_label(first, TB_LANG_ZH), q->score, q->threshold);
	else
		msg = arena_printf(c->a, "%s: the listing scores %d of %d needed to submit; "
		                         "add what the checklist names",
		                   first, q->score, q->threshold);
	api_json(c, 400, json_pack("{s:s,s:s,s:s,s:i,s:i,s:o,s:o}", "error", msg,
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

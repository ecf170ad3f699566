/* alerts.c - subscriptions and alerts (domain/alerts.h). Matching a saved
 * search is a plain filter over the published listing (all given filters,
 * every word of q somewhere in the titles, keywords or text of either
 * language, ASCII case-folded); strength for own_matches is the docking
 * score the matches API shows. */
#include "model/region.h"
#include "domain/alerts.h"
#include "domain/docking.h"
#include "core/util.h"
#include <ctype.h>
#include <stdio.h>
#include <string.h>

int subscription_check(const struct subscription *x, struct tb_field_error *fe)
{
	if (!name_in(subscription_kinds, x->kind))
		return TB_FE_S(fe, "kind", "one_of", "search, org or own_matches"), TB_EINVAL;
	if (!x->target || (strcmp(x->target, "achievement") && strcmp(x->target, "demand")))
		return TB_FE_S(fe, "target", "one_of", "achievement or demand"), TB_EINVAL;
	if (x->trl_min < 0 || x->trl_min > 9)
		return TB_FE(fe, "trl_min", "trl_min_range"), TB_EINVAL;
	if (x->q && strlen(x->q) > 200)
		return TB_FE_N(fe, "q", "too_long_bytes", 200), TB_EINVAL;
	if (!strcmp(x->kind, "search") && str_empty(x->q) && str_empty(x->field) &&
	    str_empty(x->city) && !x->trl_min)
		return TB_FE(fe, "q", "search_filter_required"), TB_EINVAL;
	if (!strcmp(x->kind, "org") && x->org_id <= 0)
		return TB_FE_S(fe, "org_id", "required_to", "follow an organisation"), TB_EINVAL;
	if (!strcmp(x->kind, "own_matches") && !(x->min_score >= 0 && x->min_score <= 1000))
		return TB_FE_NM(fe, "min_score", "int_range", 0, 1000), TB_EINVAL;
	return TB_OK;
}

int subscription_add(struct store *st, struct subscription *x, struct tb_field_error *fe)
{
	struct arena a;
	struct subscription *mine;
	int n, rc;
	if ((rc = subscription_check(x, fe)))
		return rc;
	arena_init(&a, 4u << 20);
	if ((rc = store_begin(st)))
		goto out;
	if ((rc = store_sub_list(st, &a, x->user_id, NULL, &mine, &n)))
		goto fail;
	if (n >= ALERTS_MAX_PER_USER) {
		TB_FE_N(fe, "kind", "max_subscriptions", ALERTS_MAX_PER_USER);
		rc = TB_ELIMIT;
		goto fail;
	}
	if ((rc = store_sub_insert(st, x)) || (rc = store_commit(st)))
		goto fail;
	goto out;
fail:
	store_rollback(st);
out:
	arena_release(&a);
	return rc;
}

/* Every space-separated word of q occurs in one of the texts. */
static bool words_in(const char *q, const char *const *texts, int ntexts)
{
	const char *p = q;
	while (p && *p) {
		const char *e;
		size_t wl;
		bool found = false;
		while (*p == ' ')
			p++;
		e = p;
		while (*e && *e != ' ')
			e++;
		wl = (size_t)(e - p);
		for (int t = 0; wl && t < ntexts && !found; t++)
			for (const char *s = texts[t]; s && *s && !found; s++) {
				size_t k = 0;
				while (k < wl && s[k] &&
				       tolower((unsigned char)s[k]) == tolower((unsigned char)p[k]))
					k++;
				found = k == wl;
			}
		if (wl && !found)
			return false;
		p = e;
	}
	return true;
}

bool alerts_matches_achievement(const struct subscription *s, const struct achievement *x)
{
	const char *texts[] = { x->title_zh, x->title_en, x->keywords, x->abstract_zh, x->abstract_en };
	if (strcmp(s->target, "achievement"))
		return false;
	if (!strcmp(s->kind, "org"))
		return s->org_id == x->owner_org_id;
	if (strcmp(s->kind, "search"))
		return false;
	return (str_empty(s->field) || str_eq(s->field, x->field)) &&
	       (str_empty(s->city) || str_eq(s->city, x->city)) &&
	       (!s->trl_min || x->trl >= s->trl_min) &&
	       (str_empty(s->q) || words_in(s->q, texts, 5));
}

bool alerts_matches_demand(const struct subscription *s, const struct demand *x)
{
	const char *texts[] = { x->title_zh, x->title_en, x->keywords, x->desc_zh, x->desc_en };
	if (strcmp(s->target, "demand"))
		return false;
	if (!strcmp(s->kind, "org"))
		return s->org_id == x->org_id;
	if (strcmp(s->kind, "search"))
		return false;
	return (str_empty(s->field) || str_eq(s->field, x->field)) &&
	       (str_empty(s->city) || str_eq(s->city, x->city) || str_eq(s->city, x->region)) &&
	       (!s->trl_min || x->trl_min == 0 || x->trl_min >= s->trl_min) &&
	       (str_empty(s->q) || words_in(s->q, texts, 5));
}

static int notify(struct store *st, struct arena *a, int64_t user, const char *item_kind,
                  int64_t id, const char *title, const char *why_zh, const char *why_en, int *sent)
{
	struct notification nt;
	int created = 0, rc;
	memset(&nt, 0, sizeof(nt));
	nt.user_id = user;
	nt.kind = "alert";
	nt.item_kind = item_kind;
	nt.item_id = id;
	nt.text_zh = arena_printf(a, "新发布：“%s”（%s）", title ? title : "", why_zh);
	nt.text_en = arena_printf(a, "Newly published: \"%s\" (%s)", title ? title : "", why_en);
	if ((rc = store_notify_insert(st, &nt, &created)))
		return rc;
	*sent += created;
	return TB_OK;
}

/* own_matches: the new listing against the subscriber organisation's own
 * listings on the other side, through the match index. */
static int own_match(struct store *st, struct catalog_index *ix, struct arena *a, bool is_ach,
                     int64_t id, int64_t org, double min_score, bool *hit)
{
	struct docking_hit *hits = NULL;
	struct catalog_query f;
	int n = 0, rc;
	*hit = false;
	if (!ix || org <= 0)
		return TB_OK;
	catalog_query_init(&f);
	f.limit = 100;
	if (is_ach) {
		struct demand *rows;
		if ((rc = docking_for_achievement(ix, st, a, id, &f, &rows, &hits, &n)))
			return rc == TB_ENOTFOUND ? TB_OK : rc;
		for (int i = 0; i < n && !*hit; i++)
			*hit = rows[i].org_id == org && hits[i].score >= min_score;
	} else {
		struct achievement *rows;
		if ((rc = docking_for_demand(ix, st, a, id, &f, &rows, &hits, &n)))
			return rc == TB_ENOTFOUND ? TB_OK : rc;
		for (int i = 0; i < n && !*hit; i++)
			*hit = rows[i].owner_org_id == org && hits[i].score >= min_score;
	}
	return TB_OK;
}

int alerts_on_published(struct store *st, struct catalog_index *ix, bool is_ach, int64_t id,
                        int *sent)
{
	struct arena a;
	struct subscription *subs;
	struct achievement ax;
	struct demand dx;
	const char *title, *status;
	int64_t owner;
	int n, rc;

	*sent = 0;
	arena_init(&a, 16u << 20);
	if ((rc = is_ach ? store_achievement_get(st, &a, id, &ax) : store_demand_get(st, &a, id, &dx)))
		goto out;
	status = is_ach ? ax.status : dx.status;
	title = is_ach ? (ax.title_zh ? ax.title_zh : ax.title_en)
	               : (dx.title_zh ? dx.title_zh : dx.title_en);
	owner = is_ach ? ax.owner_org_id : dx.org_id;
	if (strcmp(status, "published"))
		goto out; /* expired, closed ... are never alerted */
	if ((rc = store_sub_list(st, &a, 0, is_ach ? "achievement" : "demand", &subs, &n)))
		goto out;
	for (int i = 0; i < n && !rc; i++) {
		const struct subscription *s = &subs[i];
		struct user u;
		bool hit;
		if (store_user_get(st, &a, s->user_id, &u) != TB_OK || (u.org_id && u.org_id == owner))
			continue; /* one's own listing is no news */
		if (!strcmp(s->kind, "own_matches")) {
			if ((rc = own_match(st, ix, &a, is_ach, id, u.org_id, s->min_score, &hit)))
				break;
			if (hit)
				rc = notify(st, &a, s->user_id, s->target, id, title, "与本单位条目匹配",
				            "matches one of your organisation's listings", sent);
			continue;
		}
		hit = is_ach ? alerts_matches_achievement(s, &ax) : alerts_matches_demand(s, &dx);
		if (hit)
			rc = notify(st, &a, s->user_id, s->target, id, title,
			            !strcmp(s->kind, "org") ? "关注的单位" : "保存的搜索",
			            !strcmp(s->kind, "org") ? "an organisation you follow" : "a saved search",
			            sent);
	}
out:
	arena_release(&a);
	return rc;
}

int subscription_list(struct store *st, struct arena *a, int64_t user_id, const char *target,
                      struct subscription **out, int *n)
{
	return store_sub_list(st, a, user_id, target, out, n);
}

int subscription_delete(struct store *st, int64_t user_id, int64_t id)
{
	return store_sub_delete(st, user_id, id);
}

bool alerts_item_live(struct store *st, struct arena *a, const char *item_kind, int64_t item_id,
                      int64_t now)
{
	struct achievement ax;
	struct demand dx;
	const char *status, *until, *deadline = NULL;
	char today[11];

	region_local_date(now, today);
	if (item_kind && !strcmp(item_kind, "achievement")) {
		if (store_achievement_get(st, a, item_id, &ax))
			return false;
		status = ax.status, until = ax.expires_at;
	} else if (item_kind && !strcmp(item_kind, "demand")) {
		if (store_demand_get(st, a, item_id, &dx))
			return false;
		status = dx.status, until = dx.expires_at, deadline = dx.deadline;
	} else {
		/* Other kinds (a published challenge proposed to a team, issue
		 * #13) are not listings: no validity to lapse, kept as they are. */
		return item_kind != NULL;
	}
	/* expires_at is the last valid day; a deadline is the last day to answer. */
	return !strcmp(status, "published") && (!until || strcmp(until, today) >= 0) &&
	       (!deadline || !*deadline || strcmp(deadline, today) >= 0);
}

int alerts_keep_live(struct store *st, struct arena *a, struct notification *nt, int *n,
                     int64_t now)
{
	int k = 0;
	for (int i = 0; i < *n; i++)
		if (strcmp(nt[i].kind, "alert") || alerts_item_live(st, a, nt[i].item_kind,
		                                                    nt[i].item_id, now))
			nt[k++] = nt[i];
	*n = k;
	return TB_OK;
}

int notification_list(struct store *st, struct arena *a, int64_t user_id, int64_t org_id,
                      int limit, struct notification **out, int *n)
{
	int rc = store_notify_list(st, a, user_id, org_id, limit, out, n);
	return rc ? rc : alerts_keep_live(st, a, *out, n, now_unix());
}

int notification_read(struct store *st, int64_t user_id, int64_t org_id, int64_t id)
{
	return store_notify_read(st, user_id, org_id, id);
}

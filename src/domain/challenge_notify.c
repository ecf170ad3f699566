/* challenge_notify.c - when a challenge is published, the teams the
 * catalogue proposes for it hear of it (issue #13 leftover): each user of a
 * proposed organisation gets one in-app notification (kind "alert", so the
 * e-mail digest of domain/digest.c carries it to those who asked for one).
 * The notification's unique key makes it once per user per challenge, also
 * when a failed challenge is re-opened and published again. */
#include "domain/challenge.h"
#include "store/store.h"
#include <string.h>

/* Proposed organisations notified: the best ten, each with at most 200 users. */
#define NOTIFY_ORGS 10
#define NOTIFY_USERS 200

int challenge_notify_fits(struct catalog_index *ix, struct store *st, struct arena *a, int64_t id,
                          int *sent)
{
	struct ch_proposal *p;
	struct challenge c;
	int n, rc;

	*sent = 0;
	if ((rc = store_ch_get(st, a, id, &c)))
		return rc;
	rc = challenge_propose(ix, st, a, id, NOTIFY_ORGS, &p, &n);
	if (rc == TB_ENOTFOUND && !ix)
		return TB_OK; /* no matching index (a CLI without one): nobody to propose */
	if (rc)
		return rc;
	for (int i = 0; i < n; i++) {
		struct user_query q = { p[i].org_id, NULL, NOTIFY_USERS, 0 };
		struct user *users;
		int64_t total;
		int nu;
		if ((rc = store_user_list(st, a, &q, &users, &nu, &total)))
			return rc;
		for (int k = 0; k < nu; k++) {
			struct notification nt;
			int created = 0;
			if (users[k].org_id != p[i].org_id)
				continue;
			memset(&nt, 0, sizeof(nt));
			nt.user_id = users[k].id;
			nt.kind = "alert";
			nt.item_kind = "challenge";
			nt.item_id = id;
			nt.text_zh = arena_printf(a, "新发布的揭榜挂帅榜单可能适合贵单位：“%s”（依据：%s 等成果）",
			                          c.title_zh ? c.title_zh : "",
			                          p[i].nach > 0 && p[i].ach[0].title_zh ? p[i].ach[0].title_zh : "");
			nt.text_en = arena_printf(a, "A newly published open challenge may fit your organisation: "
			                             "\"%s\" (based on your achievements)",
			                          c.title_en && *c.title_en ? c.title_en : c.title_zh ? c.title_zh : "");
			if ((rc = store_notify_insert(st, &nt, &created)))
				return rc;
			*sent += created;
		}
	}
	return TB_OK;
}

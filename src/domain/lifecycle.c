/* lifecycle.c - validity, reminders, expiry, renewal and automatic closing
 * of listings (domain/lifecycle.h). Each automatic change is its own
 * transaction, so one failure loses nothing else, and is guarded by the
 * status it expects (a listing withdrawn meanwhile is skipped, not clobbered). */
#include "domain/lifecycle.h"
#include "domain/account_ops.h"
#include "domain/bulletin.h"
#include "domain/docking.h"
#include "core/log.h"
#include "core/util.h"
#include "model/region.h"
#include <stdio.h>
#include <string.h>
#include <time.h>

#define LIFE_BATCH 500

void life_settings_default(struct life_settings *ls)
{
	ls->validity_days = 365;
	ls->remind_days = 30;
}

static int audit_system(struct store *st, const char *action, bool is_ach, int64_t id,
                        const char *detail)
{
	return audit_ok(st, 0, "system", "system", is_ach ? "achievement" : "demand", action, id,
	                detail);
}

/* Tells the in-memory match index (when serving) what changed. */
static void reindex(struct store *st, struct catalog_index *ix, bool is_ach, int64_t id)
{
	struct arena a;
	if (!ix)
		return;
	arena_init(&a, 1u << 20);
	if (is_ach) {
		struct achievement x;
		if (store_achievement_get(st, &a, id, &x) == TB_OK)
			docking_changed_achievement(ix, &x);
	} else {
		struct demand x;
		if (store_demand_get(st, &a, id, &x) == TB_OK)
			docking_changed_demand(ix, &x);
	}
	arena_release(&a);
}

/* One guarded status change with its audit row, in one transaction. The
 * reason goes to the audit detail; review_note stays the reviewers' field. */
static int change(struct store *st, bool is_ach, int64_t id, const char *expect, const char *to,
                  const char *action, const char *note, int *done, int *skipped)
{
	int rc;
	if ((rc = store_begin(st)))
		return rc;
	rc = store_cat_set_status_if(st, is_ach, id, expect, to, NULL);
	if (!rc)
		rc = audit_system(st, action, is_ach, id, note);
	if (rc) {
		store_rollback(st);
		if (rc == TB_ESTATE) {
			(*skipped)++;
			return TB_OK;
		}
		return rc;
	}
	if ((rc = store_commit(st))) {
		store_rollback(st);
		return rc;
	}
	(*done)++;
	return TB_OK;
}

static int remind(struct store *st, bool is_ach, int64_t id, const char *today, int *done)
{
	struct arena a;
	struct notification nt;
	const char *title = NULL, *expires = NULL;
	int64_t org = 0;
	int created = 0, rc;
	char at[32];

	arena_init(&a, 1u << 20);
	if (is_ach) {
		struct achievement x;
		if ((rc = store_achievement_get(st, &a, id, &x)))
			goto out;
		title = x.title_zh ? x.title_zh : x.title_en;
		expires = x.expires_at;
		org = x.owner_org_id;
	} else {
		struct demand x;
		if ((rc = store_demand_get(st, &a, id, &x)))
			goto out;
		title = x.title_zh ? x.title_zh : x.title_en;
		expires = x.expires_at;
		org = x.org_id;
	}
	memset(&nt, 0, sizeof(nt));
	nt.org_id = org;
	nt.kind = "expiry_reminder";
	nt.item_kind = is_ach ? "achievement" : "demand";
	nt.item_id = id;
	nt.text_zh = arena_printf(&a, "“%s”将于%s到期，请及时续期。", title ? title : "", expires);
	nt.text_en = arena_printf(&a, "\"%s\" expires on %s; renew it to keep it listed.",
	                          title ? title : "", expires);
	fmt_iso8601(now_unix(), at);
	if ((rc = store_begin(st)))
		goto out;
	/* The notification's unique key makes a second reminder (another node, a
	 * rerun after a crash) a no-op; reminded_at stops the query finding it. */
	if ((rc = store_notify_insert(st, &nt, &created)) ||
	    (rc = store_cat_mark_reminded(st, is_ach, id, at)) ||
	    (created && (rc = audit_system(st, "remind", is_ach, id,
	                                   arena_printf(&a, "expires %s", expires)))) ||
	    (rc = store_commit(st))) {
		store_rollback(st);
		goto out;
	}
	(*done)++;
out:
	(void)today;
	arena_release(&a);
	return rc;
}

int lifecycle_run(struct store *st, struct catalog_index *ix, const struct life_settings *ls,
                  int64_t now, struct life_report *r)
{
	char today[11], remind_by[11];
	struct arena a;
	int rc = TB_OK, n;
	int64_t *ids;

	memset(r, 0, sizeof(*r));
	region_local_date(now, today);
	if (!date_add_days(today, ls->remind_days, remind_by))
		return TB_EINVAL;
	arena_init(&a, 8u << 20);
	for (int k = 0; k < 2 && !rc; k++) {
		bool is_ach = k == 0;
		/* Published before validity existed (import, demo, migration): from published_at. */
		if ((rc = store_cat_assign_expiry(st, is_ach, ls->validity_days, &n)))
			break;
		r->assigned += n;
		/* Each pass changes what the next query finds, so loop until none is left. */
		do {
			arena_release(&a);
			if ((rc = store_cat_due(st, &a, is_ach, "expire", today, LIFE_BATCH, &ids, &n)))
				break;
			for (int i = 0; i < n && !rc; i++) {
				int before = r->expired;
				rc = change(st, is_ach, ids[i], "published", "expired", "expire",
				            arena_printf(&a, "validity ended before %s", today), &r->expired,
				            &r->skipped);
				if (!rc && r->expired > before)
					reindex(st, ix, is_ach, ids[i]);
			}
		} while (!rc && n == LIFE_BATCH);
		while (!rc) {
			arena_release(&a);
			if ((rc = store_cat_due(st, &a, is_ach, "remind", remind_by, LIFE_BATCH, &ids, &n)))
				break;
			for (int i = 0; i < n && !rc; i++)
				rc = remind(st, is_ach, ids[i], today, &r->reminded);
			if (n < LIFE_BATCH)
				break;
		}
	}
	for (int k = 0; k < 2 && !rc; k++) {
		const char *what = k == 0 ? "deadline" : "realised";
		int *count = k == 0 ? &r->closed_deadline : &r->closed_realised;
		do {
			arena_release(&a);
			if ((rc = store_cat_due(st, &a, false, what, today, LIFE_BATCH, &ids, &n)))
				break;
			for (int i = 0; i < n && !rc; i++) {
				int before = *count;
				rc = change(st, false, ids[i], "published", "closed", "close",
				            k == 0 ? arena_printf(&a, "deadline passed before %s", today)
				                   : "realised by a registered contract", count, &r->skipped);
				if (!rc && *count > before)
					reindex(st, ix, false, ids[i]);
			}
		} while (!rc && n == LIFE_BATCH);
	}
	arena_release(&a);
	return rc;
}

int lifecycle_maintain(struct store *st, struct catalog_index *ix, const struct life_settings *ls,
                       const char *holder, int64_t now, life_then_fn then, void *then_ctx,
                       int *ran, struct life_report *r)
{
	int rc, got = 0;
	*ran = 0;
	memset(r, 0, sizeof(*r));
	if ((rc = store_lease_acquire(st, LIFE_LEASE, holder, now, LIFE_LEASE_TTL, &got)))
		return rc;
	if (!got)
		return TB_OK;
	*ran = 1;
	rc = lifecycle_run(st, ix, ls, now, r);
	if (!rc)
		rc = bulletin_due(st, now, &r->bulletins);
	if (!rc && then)
		rc = then(st, now, then_ctx);
	store_lease_release(st, LIFE_LEASE, holder);
	return rc;
}

int lifecycle_valid_until(const struct life_settings *ls, int64_t now, char out[11])
{
	char today[11];
	region_local_date(now, today);
	return date_add_days(today, ls->validity_days, out) ? TB_OK : TB_EINVAL;
}

int lifecycle_renew(struct store *st, bool is_ach, void *x, bool changed,
                    const struct life_settings *ls, int64_t user_id, const char *email,
                    int64_t now, const char **status, struct tb_field_error *fe)
{
	const char *from = is_ach ? ((struct achievement *)x)->status : ((struct demand *)x)->status;
	int64_t id = is_ach ? ((struct achievement *)x)->id : ((struct demand *)x)->id;
	const char *to = changed ? "submitted" : "published";
	struct audit_entry e;
	char today[11], until[11];
	int rc;

	if (strcmp(from, "published") && strcmp(from, "expired"))
		return TB_FE_S(fe, "status", "renew_status", from), TB_ESTATE;
	region_local_date(now, today);
	if (!date_add_days(today, ls->validity_days, until))
		return TB_EINVAL;
	if ((rc = store_begin(st)))
		return rc;
	if (changed && (rc = is_ach ? store_achievement_update(st, x) : store_demand_update(st, x)))
		goto fail;
	if (strcmp(from, to) && (rc = store_cat_set_status_if(st, is_ach, id, from, to, NULL)))
		goto fail;
	/* Re-review sets the validity when it is published again. */
	if (!changed && (rc = store_cat_set_expiry(st, is_ach, id, until)))
		goto fail;
	memset(&e, 0, sizeof(e));
	e.user_id = user_id;
	e.email = email;
	e.role = "owner";
	e.action = "renew";
	e.resource = is_ach ? "achievement" : "demand";
	e.resource_id = id;
	e.outcome = "ok";
	e.detail = changed ? "changed: back to review" : until;
	if ((rc = store_audit_append(st, &e)) || (rc = store_commit(st)))
		goto fail;
	*status = to;
	return TB_OK;
fail:
	store_rollback(st);
	if (rc == TB_ESTATE)
		TB_FE(fe, "status", "listing_changed");
	return rc;
}

int lifecycle_demand_realised(struct store *st, int64_t demand_id, int64_t contract_id)
{
	char note[64];
	int rc;
	snprintf(note, sizeof(note), "realised by contract %lld", (long long)contract_id);
	rc = store_cat_set_status_if(st, false, demand_id, "published", "closed", note);
	if (rc == TB_ESTATE)
		return TB_OK; /* not published (draft, already closed): nothing to close */
	if (rc)
		return rc;
	return audit_system(st, "close", false, demand_id, note);
}

int lifecycle_set_expiry(struct store *st, const int64_t *ids, const char *const *until, int n)
{
	int rc = store_begin(st);
	for (int i = 0; i < n && !rc; i++)
		if (until[i])
			rc = store_cat_set_expiry(st, true, ids[i], until[i]);
	if (!rc)
		rc = store_commit(st);
	else
		store_rollback(st);
	return rc;
}

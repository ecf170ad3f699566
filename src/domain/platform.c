/* platform.c - the registry of innovation platforms: validation, the status
 * machine as a table, links, and the audited transactions (platform.h). */
#include "domain/platform.h"
#include "domain/account_ops.h"
#include "store/store.h"
#include "core/util.h"
#include <stdio.h>
#include <string.h>

/* from -> to: an evaluation may put a platform under review; the review ends
 * active again or revoked; revoked is final. */
static const struct { const char *from, *to; } transitions[] = {
	{ "active", "under_evaluation" },
	{ "under_evaluation", "active" },
	{ "under_evaluation", "revoked" },
	{ "active", "revoked" },
};

int platform_transition_ok(const char *from, const char *to)
{
	for (size_t i = 0; i < ARRAY_SIZE(transitions); i++)
		if (!strcmp(transitions[i].from, from) && !strcmp(transitions[i].to, to))
			return 1;
	return 0;
}

static int in_list(const char *const *l, const char *v)
{
	for (; v && *l; l++)
		if (!strcmp(*l, v))
			return 1;
	return 0;
}

int platform_validate(struct store *st, struct arena *a, const struct platform *p,
                      struct tb_field_error *fe)
{
	struct platform_kind *kinds;
	int n, rc, found = 0;
	if (str_empty(p->name) || strlen(p->name) > 600)
		return TB_FE_N(fe, "name", "required_max_bytes", 600), TB_EINVAL;
	if ((rc = store_platform_kinds(st, a, &kinds, &n)))
		return rc;
	for (int i = 0; i < n; i++)
		found = found || (p->kind && !strcmp(kinds[i].key, p->kind));
	if (!found)
		return TB_FE(fe, "kind", "platform_kind"), TB_EINVAL;
	if (!in_list(platform_levels, p->level))
		return TB_FE_S(fe, "level", "one_of", "national, provincial or city"), TB_EINVAL;
	if (p->year < 1950 || p->year > 2100)
		return TB_FE_NM(fe, "year", "int_range", 1950, 2100), TB_EINVAL;
	if (p->status && !in_list(platform_statuses, p->status))
		return TB_FE_S(fe, "status", "one_of", "active, under_evaluation or revoked"),
		       TB_EINVAL;
	for (int i = 0; i < p->nhosts; i++) {
		struct org o;
		if ((rc = store_org_get(st, a, p->hosts[i], &o)) == TB_ENOTFOUND)
			return tb_fe_code(fe, "hosts", "no_such_id", p->hosts[i], 0, "organisation", NULL),
			       TB_EINVAL;
		if (rc)
			return rc;
	}
	return TB_OK;
}

static int audit(struct store *st, int64_t actor, const char *action, int64_t id, const char *detail)
{
	return audit_ok(st, actor, actor > 0 ? NULL : "system", NULL, "platform", action, id, detail);
}

int platform_create(struct store *st, struct arena *a, struct platform *p, int64_t actor,
                    struct tb_field_error *fe)
{
	int rc;
	if ((rc = platform_validate(st, a, p, fe)))
		return rc;
	if (!p->status)
		p->status = "active";
	if ((rc = store_begin(st)))
		return rc;
	if (!(rc = store_platform_insert(st, p)))
		rc = audit(st, actor, "create", p->id, p->kind);
	if (rc) {
		store_rollback(st);
		return rc;
	}
	return store_commit(st);
}

int platform_change_status(struct store *st, struct arena *a, int64_t id, const char *status,
                           const char *evaluation, int64_t actor, struct tb_field_error *fe)
{
	struct platform p;
	int rc;
	if (!in_list(platform_statuses, status))
		return TB_FE_S(fe, "status", "one_of", "active, under_evaluation or revoked"),
		       TB_EINVAL;
	if ((rc = store_begin(st)))
		return rc;
	if ((rc = store_platform_get(st, a, id, &p)))
		goto out;
	if (!platform_transition_ok(p.status, status)) {
		TB_FE_ST(fe, "status", "status_move", p.status, status);
		rc = TB_ESTATE;
		goto out;
	}
	if (!(rc = store_platform_set_status(st, id, p.status, status, evaluation)))
		rc = audit(st, actor, "status", id, arena_printf(a, "%s -> %s", p.status, status));
out:
	if (rc) {
		store_rollback(st);
		return rc;
	}
	return store_commit(st);
}

int platform_link(struct store *st, struct arena *a, const struct platform_link *l, int64_t actor,
                  struct tb_field_error *fe)
{
	struct platform p;
	int rc;
	if (!in_list(platform_link_kinds, l->kind))
		return TB_FE_S(fe, "kind", "one_of", "achievement, instrument or expert"),
		       TB_EINVAL;
	if (l->ref_id <= 0)
		return TB_FE(fe, "ref_id", "field_required"), TB_EINVAL;
	if ((rc = store_begin(st)))
		return rc;
	if ((rc = store_platform_get(st, a, l->platform_id, &p)))
		goto out;
	/* the linked record must exist */
	if (!strcmp(l->kind, "achievement")) {
		struct achievement x;
		rc = store_achievement_get(st, a, l->ref_id, &x);
	} else if (!strcmp(l->kind, "instrument")) {
		struct instrument x;
		rc = store_instrument_get(st, a, l->ref_id, &x);
	} else {
		struct user u;
		rc = store_user_get(st, a, l->ref_id, &u);
	}
	if (rc == TB_ENOTFOUND) {
		TB_FE_S(fe, "ref_id", "no_such", l->kind);
		rc = TB_EINVAL;
	}
	if (!rc && !(rc = store_platform_link_add(st, l)))
		rc = audit(st, actor, "link", l->platform_id,
		           arena_printf(a, "%s %lld", l->kind, (long long)l->ref_id));
out:
	if (rc) {
		store_rollback(st);
		return rc;
	}
	return store_commit(st);
}

int platform_kinds(struct store *st, struct arena *a, struct platform_kind **out, int *n)
{
	return store_platform_kinds(st, a, out, n);
}

int platform_get(struct store *st, struct arena *a, int64_t id, struct platform *out)
{
	return store_platform_get(st, a, id, out);
}

int platform_list(struct store *st, struct arena *a, const struct platform_query *q,
                  struct platform **out, int *n, int64_t *total)
{
	return store_platform_list(st, a, q, out, n, total);
}

int platform_counts(struct store *st, struct arena *a, const char *by,
                    const struct platform_query *q, struct platform_count **out, int *n)
{
	return store_platform_counts(st, a, by, q, out, n);
}

int platform_links(struct store *st, struct arena *a, int64_t platform_id,
                   struct platform_link **out, int *n)
{
	return store_platform_links(st, a, platform_id, out, n);
}

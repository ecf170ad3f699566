/* alliance.c - the alliance and service-agency registries: validation, the
 * members' roles, activities, agency profiles, and the audited
 * transactions (alliance.h). */
#include "domain/alliance.h"
#include "domain/account_ops.h"
#include "store/store.h"
#include "core/util.h"
#include "model/region.h"
#include <stdio.h>
#include <string.h>

static int in_list(const char *const *l, const char *v)
{
	for (; v && *l; l++)
		if (!strcmp(*l, v))
			return 1;
	return 0;
}

static const char *const levels[] = { "national", "provincial", "city", NULL };


static int audit(struct store *st, int64_t actor, const char *resource, const char *action,
                 int64_t id, const char *detail)
{
	return audit_ok(st, actor, actor > 0 ? NULL : "system", NULL, resource, action, id, detail);
}

static int org_exists(struct store *st, struct arena *a, int64_t id, struct org *o)
{
	return id > 0 ? store_org_get(st, a, id, o) : TB_ENOTFOUND;
}

static int valid_day(const char *s)
{
	int y, m, d;
	return s && parse_date(s, &y, &m, &d) && y >= 1950 && y <= 2100;
}

int alliance_validate(struct store *st, struct arena *a, struct alliance *x,
                      struct tb_field_error *fe)
{
	struct org o;
	int rc, leads = 0;
	if (str_empty(x->name) || strlen(x->name) > 600)
		return TB_FE_N(fe, "name", "required_max_bytes", 600), TB_EINVAL;
	if (!in_list(levels, x->level))
		return TB_FE_S(fe, "level", "one_of", "national, provincial or city"), TB_EINVAL;
	if (!valid_day(x->founded_on))
		return TB_FE(fe, "founded_on", "invalid_date"), TB_EINVAL;
	if ((rc = org_exists(st, a, x->lead_org_id, &o)) == TB_ENOTFOUND)
		return TB_FE(fe, "lead_org_id", "no_such_org"), TB_EINVAL;
	if (rc)
		return rc;
	if (x->nmembers > ALLIANCE_MAX_MEMBERS)
		return TB_FE_N(fe, "members", "max_items", ALLIANCE_MAX_MEMBERS), TB_EINVAL;
	for (int i = 0; i < x->nmembers; i++) {
		const struct alliance_member *m = &x->members[i];
		if (!in_list(alliance_roles, m->role))
			return TB_FE_S(fe, "members", "member_role", "lead, vice_lead or member"), TB_EINVAL;
		if (m->joined_on && !valid_day(m->joined_on))
			return TB_FE(fe, "members", "member_date"), TB_EINVAL;
		/* the lead role belongs to the lead organisation, and only to it */
		if (!strcmp(m->role, "lead") && m->org_id != x->lead_org_id)
			return TB_FE(fe, "members", "lead_role_only"), TB_EINVAL;
		leads += m->org_id == x->lead_org_id;
		for (int k = 0; k < i; k++)
			if (x->members[k].org_id == m->org_id)
				return tb_fe_code(fe, "members", "listed_twice", m->org_id, 0, "organisation",
				                  NULL), TB_EINVAL;
		if ((rc = org_exists(st, a, m->org_id, &o)) == TB_ENOTFOUND)
			return tb_fe_code(fe, "members", "no_such_id", m->org_id, 0, "organisation", NULL),
			       TB_EINVAL;
		if (rc)
			return rc;
	}
	/* the lead organisation is a member with the role lead */
	for (int i = 0; i < x->nmembers; i++)
		if (x->members[i].org_id == x->lead_org_id && strcmp(x->members[i].role, "lead"))
			return TB_FE(fe, "members", "lead_must_lead"), TB_EINVAL;
	if (!leads) {
		struct alliance_member *mm = arena_alloc(a, sizeof(*mm) * (size_t)(x->nmembers + 1));
		if (!mm)
			return TB_ENOMEM;
		mm[0] = (struct alliance_member){ x->lead_org_id, "lead", x->founded_on, NULL, NULL };
		if (x->nmembers)
			memcpy(mm + 1, x->members, sizeof(*mm) * (size_t)x->nmembers);
		x->members = mm;
		x->nmembers++;
	}
	return TB_OK;
}

int alliance_create(struct store *st, struct arena *a, struct alliance *x, int64_t actor,
                    struct tb_field_error *fe)
{
	int rc;
	if ((rc = alliance_validate(st, a, x, fe)))
		return rc;
	if ((rc = store_begin(st)))
		return rc;
	if (!(rc = store_alliance_insert(st, x)))
		rc = audit(st, actor, "alliance", "create", x->id,
		           arena_printf(a, "%d members", x->nmembers));
	if (rc) {
		store_rollback(st);
		return rc;
	}
	return store_commit(st);
}

int alliance_member_add(struct store *st, struct arena *a, int64_t alliance_id,
                        const struct alliance_member *m, int64_t actor, struct tb_field_error *fe)
{
	struct alliance x;
	struct org o;
	int rc;
	if (!m->role || (strcmp(m->role, "vice_lead") && strcmp(m->role, "member")))
		return TB_FE_S(fe, "role", "one_of", "vice_lead or member"), TB_EINVAL;
	if (m->joined_on && !valid_day(m->joined_on))
		return TB_FE(fe, "joined_on", "invalid_date"), TB_EINVAL;
	if ((rc = store_begin(st)))
		return rc;
	if ((rc = store_alliance_get(st, a, alliance_id, 0, &x)))
		goto out;
	if (m->org_id == x.lead_org_id) {
		TB_FE(fe, "org_id", "is_lead_org");
		rc = TB_EINVAL;
		goto out;
	}
	if (x.nmembers >= ALLIANCE_MAX_MEMBERS) {
		TB_FE_N(fe, "org_id", "alliance_full", ALLIANCE_MAX_MEMBERS);
		rc = TB_ECONFLICT;
		goto out;
	}
	if ((rc = org_exists(st, a, m->org_id, &o)) == TB_ENOTFOUND) {
		TB_FE(fe, "org_id", "no_such_org");
		rc = TB_EINVAL;
	}
	if (!rc && !(rc = store_alliance_member_put(st, alliance_id, m)))
		rc = audit(st, actor, "alliance", "member", alliance_id,
		           arena_printf(a, "org %lld %s", (long long)m->org_id, m->role));
out:
	if (rc) {
		store_rollback(st);
		return rc;
	}
	return store_commit(st);
}

int alliance_activity_add(struct store *st, struct arena *a, struct alliance_activity *v,
                          int64_t actor, struct tb_field_error *fe)
{
	struct alliance x;
	int rc;
	if (!valid_day(v->held_on))
		return TB_FE(fe, "held_on", "invalid_date"), TB_EINVAL;
	if (str_empty(v->title) || strlen(v->title) > 600)
		return TB_FE_N(fe, "title", "required_max_bytes", 600), TB_EINVAL;
	if ((rc = store_begin(st)))
		return rc;
	if ((rc = store_alliance_get(st, a, v->alliance_id, 0, &x)))
		goto out;
	if (strcmp(v->held_on, x.founded_on) < 0) {
		TB_FE_S(fe, "held_on", "before_founded", x.founded_on);
		rc = TB_EINVAL;
		goto out;
	}
	if (!(rc = store_alliance_activity_add(st, v)))
		rc = audit(st, actor, "alliance", "activity", v->alliance_id, v->held_on);
out:
	if (rc) {
		store_rollback(st);
		return rc;
	}
	return store_commit(st);
}

int alliance_get(struct store *st, struct arena *a, int64_t id, int year, struct alliance *out)
{
	return store_alliance_get(st, a, id, year ? year : region_this_year(), out);
}

int alliance_list(struct store *st, struct arena *a, struct alliance_query *q,
                  struct alliance **out, int *n, int64_t *total)
{
	if (!q->year)
		q->year = region_this_year();
	return store_alliance_list(st, a, q, out, n, total);
}

int alliance_stats(struct store *st, struct alliance_query *q, struct alliance_stats *out)
{
	if (!q->year)
		q->year = region_this_year();
	return store_alliance_stats(st, q, out);
}

int alliance_activities(struct store *st, struct arena *a, int64_t id,
                        struct alliance_activity **out, int *n)
{
	return store_alliance_activities(st, a, id, out, n);
}

const char *agency_service_label(const char *key, const char *lang)
{
	for (int i = 0; key && agency_services[i].key; i++)
		if (!strcmp(agency_services[i].key, key))
			return lang && !strcmp(lang, "en") ? agency_services[i].en : agency_services[i].zh;
	return NULL;
}

/* Each element of a comma-separated list passes ok(); n counts them. */
static int each_in(struct arena *a, const char *csv, int max_len, int (*ok)(const char *),
                   int *n)
{
	char *copy, *p, *next;
	*n = 0;
	if (!csv)
		return 1;
	if (!(copy = arena_strdup(a, csv)))
		return 0;
	for (p = copy; p; p = next) {
		size_t len;
		next = strchr(p, ',');
		if (next)
			*next++ = '\0';
		len = strlen(p);
		if (!len || (int)len > max_len || (ok && !ok(p)))
			return 0;
		(*n)++;
	}
	return 1;
}

static int is_service(const char *s) { return agency_service_label(s, "zh") != NULL; }

int agency_validate(struct store *st, struct arena *a, const struct agency *x,
                    struct tb_field_error *fe)
{
	struct org o;
	int rc, n;
	if ((rc = org_exists(st, a, x->org_id, &o)) == TB_ENOTFOUND)
		return TB_FE(fe, "org_id", "no_such_org"), TB_ENOTFOUND;
	if (rc)
		return rc;
	if (strcmp(o.kind, "agency") && strcmp(o.kind, "transfer"))
		return TB_FE_S(fe, "org_id", "agency_kind", o.kind), TB_EINVAL;
	if (!in_list(levels, x->level))
		return TB_FE_S(fe, "level", "one_of", "national, provincial or city"), TB_EINVAL;
	if (x->year < 1950 || x->year > 2100)
		return TB_FE_NM(fe, "year", "int_range", 1950, 2100), TB_EINVAL;
	if (!x->services || !each_in(a, x->services, 32, is_service, &n) || n == 0)
		return TB_FE(fe, "services", "services_list"), TB_EINVAL;
	if (!each_in(a, x->regions, 60, NULL, &n) || n > 32)
		return TB_FE(fe, "regions", "regions_list"), TB_EINVAL;
	if (x->description && strlen(x->description) > 4000)
		return TB_FE_N(fe, "description", "too_long_bytes", 4000), TB_EINVAL;
	return TB_OK;
}

int agency_put(struct store *st, struct arena *a, const struct agency *x, int64_t actor,
               struct tb_field_error *fe)
{
	int rc;
	if ((rc = agency_validate(st, a, x, fe)))
		return rc;
	if ((rc = store_begin(st)))
		return rc;
	if (!(rc = store_agency_put(st, x)))
		rc = audit(st, actor, "agency", "put", x->org_id, x->services);
	if (rc) {
		store_rollback(st);
		return rc;
	}
	return store_commit(st);
}

int agency_get(struct store *st, struct arena *a, int64_t org_id, struct agency *out)
{
	return store_agency_get(st, a, org_id, out);
}

int agency_list(struct store *st, struct arena *a, const struct agency_query *q,
                struct agency **out, int *n, int64_t *total)
{
	return store_agency_list(st, a, q, out, n, total);
}

int agency_counts(struct store *st, struct arena *a, const char *by, const struct agency_query *q,
                  struct agency_count **out, int *n)
{
	return store_agency_counts(st, a, by, q, out, n);
}

int agency_clients(struct store *st, struct arena *a, int64_t org_id, int max,
                   struct agency_client **out, int *n)
{
	return store_agency_clients(st, a, org_id, max, out, n);
}

int alliance_seed_insert(struct store *st, struct alliance *x)
{
	return store_alliance_insert(st, x);
}

int alliance_seed_activity(struct store *st, struct alliance_activity *v)
{
	return store_alliance_activity_add(st, v);
}

int agency_seed_put(struct store *st, const struct agency *x)
{
	return store_agency_put(st, x);
}

/* demo_users.c - the accounts seeder: one demo user per role with a
 * documented password (docs/security.md, "Demo users"), so that a demo
 * database and the API tests can log in as each role. Idempotent: existing
 * users are left as they are. Never used for a production database. */
#include "domain/bulk.h"
#include "cli/demo.h"
#include "core/err.h"
#include "core/log.h"
#include "domain/account.h"
#include <stdio.h>
#include <string.h>

const char *demo_user_password(const char *role, char *out, unsigned outsz)
{
	snprintf(out, outsz, "demo-%s-2026", role);
	return out;
}

/* First org of `kind`, created from the fallback when there is none. */
static int org_of_kind(struct store *st, struct arena *a, const char *kind, const char *name,
                       const char *name_en, int64_t *id)
{
	struct org_query q = { 0 };
	struct org *rows, o;
	int n, rc;
	int64_t total;
	q.kind = kind;
	q.limit = 1;
	if ((rc = bulk_org_list(st, a, &q, &rows, &n, &total)))
		return rc;
	if (n > 0) {
		*id = rows[0].id;
		return TB_OK;
	}
	memset(&o, 0, sizeof(o));
	o.name = name;
	o.name_en = name_en;
	o.kind = kind;
	o.province = "辽宁";
	o.city = "沈阳";
	if ((rc = bulk_org_insert(st, &o)))
		return rc;
	*id = o.id;
	return TB_OK;
}

int demo_seed_users(struct demo_ctx *d)
{
	struct arena a;
	int64_t uni = 0, gov = 0, xfer = 0, ent = 0;
	int rc;
	struct { const char *role; int64_t *org; const char *name; } users[] = {
		{ "admin", NULL, "平台管理员 Platform Admin" },
		{ "reviewer", &gov, "科技厅审核员 Bureau Reviewer" },
		{ "org_admin", &uni, "单位管理员 Organisation Admin" },
		{ "member", &uni, "科研人员 Researcher" },
		{ "broker", &xfer, "技术经纪人 Technology Broker" },
	};

	arena_init(&a, 4 << 20);
	if ((rc = bulk_begin(d->st)))
		goto out;
	if ((rc = org_of_kind(d->st, &a, "university", "辽宁演示大学", "Liaoning Demo University", &uni)) ||
	    (rc = org_of_kind(d->st, &a, "government", "省科学技术厅（演示）",
	                      "Provincial Department of Science and Technology (demo)", &gov)) ||
	    (rc = org_of_kind(d->st, &a, "transfer", "演示技术转移中心", "Demo Technology Transfer Centre", &xfer)) ||
	    (rc = org_of_kind(d->st, &a, "enterprise", "演示装备制造有限公司", "Demo Equipment Manufacturing Co.", &ent)))
		goto out;
	for (size_t i = 0; i < sizeof(users) / sizeof(users[0]); i++) {
		struct user u, have;
		char email[64], pw[32], hash[ACCOUNT_HASH_MAX];
		snprintf(email, sizeof(email), "%s@demo.techbridge.cn", users[i].role);
		if (bulk_user_find(d->st, &a, email, &have) == TB_OK) {
			u = have;
		} else {
			memset(&u, 0, sizeof(u));
			u.email = email;
			u.name = users[i].name;
			u.role = users[i].role;
			u.org_id = users[i].org ? *users[i].org : 0;
			if ((rc = password_hash(demo_user_password(users[i].role, pw, sizeof(pw)), hash)))
				goto out;
			u.pw_hash = hash;
			if ((rc = bulk_user_insert(d->st, &u)))
				goto out;
		}
		/* The broker acts for the university and the enterprise. */
		if (!strcmp(users[i].role, "broker") &&
		    ((rc = bulk_user_org_link(d->st, u.id, uni)) || (rc = bulk_user_org_link(d->st, u.id, ent))))
			goto out;
	}
	rc = bulk_commit(d->st);
	if (!rc && !d->quiet)
		printf("demo users: admin, reviewer, org_admin, member, broker @demo.techbridge.cn "
		       "(passwords: docs/security.md)\n");
out:
	if (rc)
		bulk_rollback(d->st);
	arena_release(&a);
	return rc;
}

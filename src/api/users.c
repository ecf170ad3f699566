/* users.c - /api/users: list, create, update (role, organisation, name,
 * email) and password reset. Admin manages everyone; an org_admin manages the
 * accounts of their own organisation and may grant only member or org_admin
 * (policy.c, resource "role"). Role changes are audited. */
#include "api/api.h"
#include "domain/account_ops.h"
#include "core/util.h"
#include "domain/account.h"
#include <string.h>

static void list_users(struct api_ctx *c)
{
	struct user_query q = { 0 };
	struct user *rows;
	int n, rc;
	int64_t total, org;
	json_t *items;

	if ((rc = qs_int(c, "org", 1, INT64_MAX, 0, &org)) ||
	    (rc = qs_page(c, 500, 50, 10000000, &q.limit, &q.offset)))
		return api_fail(c, rc);
	q.role = qs_str(c, "role");
	if (q.role && !role_valid(q.role))
		return TB_FE(&c->fe, "role", "unknown_role"), api_fail(c, TB_EINVAL);
	/* Without ?org, a non-admin asks about their own organisation. */
	if (!org && !api_may(c, "user", "read", 0))
		org = c->who.org_id;
	if (!api_allow(c, "user", "read", org))
		return;
	q.org_id = org;
	if ((rc = account_user_list(c->st, c->a, &q, &rows, &n, &total)))
		return api_fail(c, rc);
	items = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(items, api_user_json(c, &rows[i]));
	api_json(c, 200, json_pack("{s:o,s:I,s:i,s:i}", "items", items, "total", (json_int_t)total,
	                           "limit", q.limit, "offset", q.offset));
}

static void get_user(struct api_ctx *c)
{
	struct user u;
	int rc = account_user_get(c->st, c->a, c->ids[0], &u);
	if (rc)
		return api_fail(c, rc);
	if (u.id != c->who.user_id && !api_allow(c, "user", "read", u.org_id))
		return;
	api_json(c, 200, api_user_json(c, &u));
}

static const char *const create_keys[] = { "email", "name", "role", "org_id", "password", NULL };

static void create_user(struct api_ctx *c)
{
	struct user u;
	const char *email = NULL, *password = NULL;
	char gen[32], hash[ACCOUNT_HASH_MAX];
	int64_t org = 0;
	int rc;
	json_t *o;

	memset(&u, 0, sizeof(u));
	if ((rc = api_body_keys(c, create_keys)) ||
	    (rc = jin_str(c, "email", true, &email)) || (rc = jin_str(c, "name", false, &u.name)) ||
	    (rc = jin_str(c, "role", true, &u.role)) ||
	    (rc = jin_int(c, "org_id", false, 1, INT64_MAX, &org)) ||
	    (rc = jin_secret(c, "password", false, &password)))
		return api_fail(c, rc);
	u.org_id = org;
	u.email = arena_strdup(c->a, email);
	account_email_normalize((char *)u.email);
	if (!api_allow(c, "user", "create", u.org_id))
		return;
	if (role_valid(u.role) && !api_allow(c, "role", u.role, u.org_id))
		return;
	if ((rc = user_validate(&u, &c->fe)))
		return api_fail(c, rc);
	if (!password) {
		password_generate(gen);
		password = gen;
	} else if ((rc = account_password_validate_for(password, u.email, u.name, &c->fe))) {
		return api_fail(c, rc);
	}
	if ((rc = password_hash(password, hash)))
		return api_fail(c, rc);
	u.pw_hash = hash;
	if ((rc = account_user_insert(c->st, &u))) {
		if (rc == TB_ECONFLICT)
			TB_FE(&c->fe, "email", "email_or_org");
		return api_fail(c, rc);
	}
	api_audit(c, "create", "user", u.id, "ok", arena_printf(c->a, "role %s", u.role));
	if ((rc = account_user_get(c->st, c->a, u.id, &u)))
		return api_fail(c, rc);
	o = api_user_json(c, &u);
	if (password == gen)
		json_object_set_new(o, "password", json_string(gen)); /* shown once */
	api_json(c, 201, o);
}

static const char *const update_keys[] = { "email", "name", "role", "org_id", NULL };

static void update_user(struct api_ctx *c)
{
	struct user u;
	const char *old_role, *email = NULL;
	int64_t old_org, org;
	int rc;

	if ((rc = api_body_keys(c, update_keys)) ||
	    (rc = account_user_get(c->st, c->a, c->ids[0], &u)))
		return api_fail(c, rc);
	old_role = u.role;
	old_org = org = u.org_id;
	/* You may manage only accounts you could have created. */
	if (!api_allow(c, "user", "update", u.org_id) || !api_allow(c, "role", u.role, u.org_id))
		return;
	if ((rc = jin_str(c, "email", false, &email)) || (rc = jin_str(c, "name", false, &u.name)) ||
	    (rc = jin_str(c, "role", false, &u.role)) || (rc = jin_int(c, "org_id", false, 1, INT64_MAX, &org)))
		return api_fail(c, rc);
	if (jin_has(c, "org_id") && json_is_null(json_object_get(c->body, "org_id")))
		org = 0;
	u.org_id = org;
	if (email) {
		u.email = arena_strdup(c->a, email);
		account_email_normalize((char *)u.email);
	}
	if (org != old_org && !api_allow(c, "user", "update", org))
		return;
	if (!str_eq(u.role, old_role) && role_valid(u.role) && !api_allow(c, "role", u.role, org))
		return;
	if ((rc = user_validate(&u, &c->fe)))
		return api_fail(c, rc);
	if ((rc = account_user_update(c->st, &u))) {
		if (rc == TB_ECONFLICT)
			TB_FE(&c->fe, "email", "email_or_org");
		return api_fail(c, rc);
	}
	if (!str_eq(u.role, old_role))
		api_audit(c, "role_change", "user", u.id, "ok", arena_printf(c->a, "%s -> %s", old_role, u.role));
	if (org != old_org)
		api_audit(c, "org_change", "user", u.id, "ok",
		          arena_printf(c->a, "%lld -> %lld", (long long)old_org, (long long)org));
	if ((rc = account_user_get(c->st, c->a, u.id, &u)))
		return api_fail(c, rc);
	api_json(c, 200, api_user_json(c, &u));
}

static void set_password(struct api_ctx *c)
{
	static const char *const keys[] = { "password", "current_password", NULL };
	const char *password = NULL, *current = NULL;
	char hash[ACCOUNT_HASH_MAX];
	struct user u;
	int self, rc, n = 0;

	if ((rc = api_body_keys(c, keys)) ||
	    (rc = account_user_get(c->st, c->a, c->ids[0], &u)))
		return api_fail(c, rc);
	self = u.id == c->who.user_id;
	if (self) {
		if (!api_allow(c, "account", "password", 0))
			return;
	} else if (!api_allow(c, "user", "password", u.org_id) || !api_allow(c, "role", u.role, u.org_id)) {
		return;
	}
	if ((rc = jin_secret(c, "password", true, &password)) ||
	    (rc = jin_secret(c, "current_password", self, &current)))
		return api_fail(c, rc);
	if (self && !password_verify(u.pw_hash, current)) {
		api_audit(c, "password", "user", u.id, "fail", "wrong current password");
		return TB_FE(&c->fe, "current_password", "wrong_password"), api_fail(c, TB_EINVAL);
	}
	if ((rc = account_password_validate_for(password, u.email, u.name, &c->fe)) || (rc = password_hash(password, hash)) ||
	    /* A new password ends every other session and token of that account. */
	    (rc = account_password_change(c->st, u.id, hash, self ? c->who.cred_id : 0, &n)))
		return api_fail(c, rc);
	api_audit(c, "password", "user", u.id, "ok", arena_printf(c->a, "%d credentials ended", n));
	api_json(c, 200, json_pack("{s:b,s:i}", "ok", 1, "ended", n));
}

const struct api_route api_user_routes[] = {
	{ "GET", "/api/users", list_users,
	  { .en = "List users", .zh = "用户列表", .access = "user:read",
	    .query = "org:integer,limit:integer,offset:integer,role", .ok = "200" } },
	{ "POST", "/api/users", create_user,
	  { .en = "Add a user", .zh = "新增用户", .access = "user:create",
	    .body = "email:string!,name:string,role:string!,org_id:integer,password:string",
	    .ok = "201" } },
	{ "GET", "/api/users/{id}", get_user,
	  { .en = "Get one user", .zh = "查看用户", .access = "user:read", .ok = "200" } },
	{ "PATCH", "/api/users/{id}", update_user,
	  { .en = "Update a user", .zh = "修改用户", .access = "user:update",
	    .body = "email:string,name:string,role:string,org_id:integer", .ok = "200" } },
	{ "POST", "/api/users/{id}/password", set_password,
	  { .en = "Set a user's password", .zh = "设置用户密码", .access = "account:password",
	    .body = "password:string!,current_password:string", .ok = "200" } },
	{ NULL, NULL, NULL, { 0 } },
};

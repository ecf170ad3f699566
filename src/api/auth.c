/* auth.c - authentication: principal resolution for every request (session
 * cookie or bearer API token) with CSRF enforcement, login with throttling,
 * logout, logout everywhere, /me, API tokens, and the audit helper. Secrets
 * (passwords, tokens) are never logged or audited; only hashes are stored. */
#include "api/api.h"
#include "domain/account_ops.h"
#include "core/log.h"
#include "core/util.h"
#include "domain/account.h"
#include "domain/brokerage.h"
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#define SESSION_COOKIE "tb_session"
#define SESSION_TTL (12 * 3600)
#define FAIL_WINDOW (15 * 60)
#define FAIL_MAX_ACCOUNT 5
#define FAIL_MAX_IP 20
#define FAIL_MAX_DEVICE 10
#define DEVICE_COOKIE "tb_device"
#define DEVICE_TTL (365 * 86400)

static bool unsafe_method(const char *m)
{
	return strcmp(m, "GET") && strcmp(m, "HEAD") && strcmp(m, "OPTIONS");
}

static void set_cookie(struct api_ctx *c, const char *value, int max_age)
{
	http_resp_header(c->resp, "Set-Cookie",
	                 arena_printf(c->a, SESSION_COOKIE "=%s; HttpOnly; SameSite=Strict; Path=/; Max-Age=%d%s",
	                              value, max_age, c->app->secure_cookies ? "; Secure" : ""));
}

bool auth_resolve(struct api_ctx *c)
{
	const char *authz = http_header(c->req, "Authorization");
	const char *cookie = http_cookie(c->req, SESSION_COOKIE);
	const char *secret = NULL;
	char h[TOKEN_HASH_HEX];
	struct credential cr;
	struct user u;
	int bearer = 0, rc;

	c->who.role = "anonymous";
	if (authz) {
		if (strncmp(authz, "Bearer ", 7) || !authz[7]) {
			http_resp_header(c->resp, "WWW-Authenticate", "Bearer");
			api_error_code(c, 401, "auth_header_format", "Authorization");
			return true;
		}
		secret = authz + 7;
		bearer = 1;
	} else if (cookie && *cookie) {
		secret = cookie;
	}
	if (!secret)
		return false;
	if (strlen(secret) >= TOKEN_STR_MAX) {
		cr.id = 0;
		goto invalid;
	}
	token_hash(secret, h);
	if ((rc = account_cred_find(c->st, c->a, h, now_unix(), &cr)) == TB_OK &&
	    strcmp(cr.kind, bearer ? "api" : "session") == 0)
		rc = account_user_get(c->st, c->a, cr.user_id, &u);
	else if (rc == TB_OK)
		rc = TB_ENOTFOUND;
	/* A lost database connection says nothing about the credential: answer
	 * 503 instead of dropping the session cookie or refusing the token. */
	if (rc == TB_EUNAVAIL) {
		api_fail(c, rc);
		return true;
	}
	if (rc)
		goto invalid;
	c->who.user_id = u.id;
	c->who.org_id = u.org_id;
	c->who.role = u.role;
	c->who.email = u.email;
	c->who.cred_id = cr.id;
	c->who.csrf = cr.csrf;
	c->who.via_cookie = !bearer;
	/* CSRF: a cookie rides along on cross-site requests; a header cannot. */
	if (!bearer && unsafe_method(c->req->method) && strcmp(c->req->path, "/api/auth/login")) {
		const char *sent = http_header(c->req, "X-CSRF-Token");
		if (!secret_equal(sent, cr.csrf)) {
			api_audit(c, "csrf", "session", 0, "deny", sent ? "wrong token" : "missing token");
			api_error_code(c, 403, "csrf_required", "X-CSRF-Token");
			return true;
		}
	}
	return false;
invalid:
	if (bearer) {
		api_audit(c, "authenticate", "token", 0, "fail", "invalid or expired API token");
		http_resp_header(c->resp, "WWW-Authenticate", "Bearer error=\"invalid_token\"");
		api_error_code(c, 401, "token_invalid", "Authorization");
		return true;
	}
	/* A stale or forged cookie: carry on as anonymous and tell the browser to
	 * drop it (login sets a fresh one instead). */
	if (strcmp(c->req->path, "/api/auth/login"))
		set_cookie(c, "", 0);
	return false;
}

/* ------------------------------------------------------------- JSON out */

static json_t *user_json(struct api_ctx *c, const struct user *u)
{
	json_t *o = json_pack("{s:I,s:o,s:o,s:o,s:o,s:o,s:o,s:o}", "id", (json_int_t)u->id,
	                      "email", jstr(u->email), "name", jstr(u->name),
	                      "role", jstr(u->role),
	                      "org_id", u->org_id > 0 ? json_integer(u->org_id) : json_null(),
	                      "org_name", jstr(u->org_name), "created_at", jstr(u->created_at),
	                      "updated_at", jstr(u->updated_at));
	int64_t *orgs;
	int n;
	json_t *linked = json_array();
	if (account_user_orgs(c->st, c->a, u->id, &orgs, &n) == TB_OK)
		for (int i = 0; i < n; i++)
			json_array_append_new(linked, json_integer(orgs[i]));
	json_object_set_new(o, "linked_orgs", linked);
	/* The organisations this user represents with their consent, and in
	 * what (issue #14's scopes): the pages offer a represented
	 * organisation's forms (a case's files) as the server will accept them. */
	{
		struct representation *reps;
		json_t *rep = json_array();
		if (brokerage_rep_list(c->st, c->a, u->id, 0, "consented", &reps, &n) == TB_OK)
			for (int i = 0; i < n; i++)
				json_array_append_new(rep, json_pack("{s:I,s:o}", "org_id", (json_int_t)reps[i].org_id,
				                                     "scope", jstr(reps[i].scope)));
		json_object_set_new(o, "represents", rep);
	}
	return o;
}

json_t *api_user_json(struct api_ctx *c, const struct user *u) { return user_json(c, u); }

static json_t *time_json(int64_t t)
{
	char s[32];
	fmt_iso8601(t, s);
	return json_string(s);
}

/* ---------------------------------------------------------------- login */

/* A fixed hash to verify against when the email is unknown, so that the
 * answer takes as long as for a known one (no user enumeration by timing). */
static char dummy_hash[ACCOUNT_HASH_MAX];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;
static void make_dummy(void)
{
	char pw[32];
	password_generate(pw);
	if (password_hash(pw, dummy_hash))
		dummy_hash[0] = '\0';
}

/* Throttling (docs/security.md, "Login throttling"). Every attempt is charged
 * before its password is checked, in one write transaction with the check
 * (store_login_charge), so 64 parallel guesses get exactly FAIL_MAX_ACCOUNT
 * password checks, not "as many as read the count before anyone wrote it".
 * An attempt from an unknown device counts against the account (5 per 15
 * minutes) and the source address (20). A device that has logged in to this
 * account before (a random device cookie, stored hashed) is counted on its
 * own (10 per 15 minutes) instead: a stranger's failed guesses against the
 * email, or from the same address, cannot lock the owner out of their own
 * device. A correct password takes its charges back. */
static void login(struct api_ctx *c)
{
	static const char *const keys[] = { "email", "password", NULL };
	const char *email = NULL, *password = NULL, *dev = http_cookie(c->req, DEVICE_COOKIE);
	char *em, tok[TOKEN_STR_MAX], csrf[TOKEN_STR_MAX], h[TOKEN_HASH_HEX], dh[TOKEN_HASH_HEX];
	const char *tkeys[2];
	int tmax[2], nkeys, known = 0;
	int64_t charged[2] = { 0, 0 }, blocked = 0;
	struct credential cr = { 0 };
	struct user u;
	int64_t now = now_unix(), retry;
	int rc, found;

	if ((rc = api_body_keys(c, keys)) ||
	    (rc = jin_str(c, "email", true, &email)) || (rc = jin_secret(c, "password", true, &password)))
		return api_fail(c, rc);
	/* Caps before anything is counted or audited: the log must not take megabytes. */
	if (strlen(email) > 254)
		return TB_FE_N(&c->fe, "email", "too_long_bytes", 254), api_fail(c, TB_EINVAL);
	if (strlen(password) > 1024)
		return TB_FE_N(&c->fe, "password", "too_long_bytes", 1024), api_fail(c, TB_EINVAL);
	em = arena_strdup(c->a, email);
	if (!em)
		return api_fail(c, TB_ENOMEM);
	account_email_normalize(em);
	/* Only "no such user" is a failed login; a store error (out of memory,
	 * I/O) is ours, must not count against the account, and answers 500. */
	rc = account_user_find(c->st, c->a, em, &u);
	if (rc && rc != TB_ENOTFOUND)
		return api_fail(c, rc);
	found = rc == TB_OK;
	if (found && dev && *dev && strlen(dev) < TOKEN_STR_MAX) {
		token_hash(dev, dh);
		if ((rc = account_device_known(c->st, u.id, dh, &known)))
			return api_fail(c, rc);
	}
	if (known) {
		tkeys[0] = arena_printf(c->a, "device:%s", dh);
		tmax[0] = FAIL_MAX_DEVICE;
		nkeys = 1;
	} else {
		tkeys[0] = arena_printf(c->a, "account:%s", em);
		tmax[0] = FAIL_MAX_ACCOUNT;
		tkeys[1] = arena_printf(c->a, "ip:%s", c->req->client_ip ? c->req->client_ip : "");
		tmax[1] = FAIL_MAX_IP;
		nkeys = 2;
	}
	if (!tkeys[0] || (nkeys > 1 && !tkeys[1]))
		return api_fail(c, TB_ENOMEM);
	/* Fails closed: when the count cannot be taken, nobody gets a guess. */
	if ((rc = account_login_charge(c->st, tkeys, tmax, nkeys, now - FAIL_WINDOW, now, &blocked, charged)))
		return api_fail(c, rc);
	if (blocked) {
		retry = blocked + FAIL_WINDOW - now;
		if (retry < 1)
			retry = 1;
		c->who.email = em;
		api_audit(c, "login", "session", 0, "throttled", known ? "known device" : NULL);
		http_resp_header(c->resp, "Retry-After", arena_printf(c->a, "%lld", (long long)retry));
		TB_FE_N(&c->fe, "email", "login_throttled", (long long)retry);
		api_error_fe(c, 429, &c->fe);
		return;
	}
	if (!found) {
		pthread_once(&dummy_once, make_dummy);
		password_verify(dummy_hash, password);
	}
	if (!found || !password_verify(u.pw_hash, password)) {
		/* The charges stay: they are this failure's record. */
		c->who.email = em;
		api_audit(c, "login", "session", 0, "fail", found ? "wrong password" : "unknown email");
		api_error_code(c, 401, "bad_credentials", NULL);
		return;
	}
	account_login_uncharge(c->st, charged, nkeys);
	account_login_clear(c->st, arena_printf(c->a, "account:%s", em));
	if (known)
		account_login_clear(c->st, tkeys[0]);
	if (password_needs_rehash(u.pw_hash)) {
		char nh[ACCOUNT_HASH_MAX];
		if (password_hash(password, nh) == TB_OK)
			account_user_set_password(c->st, u.id, nh);
	}
	/* Session fixation: whatever cookie came in is never adopted; a valid
	 * one is ended, and a fresh random id is issued. */
	if (c->who.cred_id && c->who.via_cookie)
		account_cred_delete(c->st, c->who.user_id, c->who.cred_id);
	account_cred_purge(c->st, now);
	token_generate("", tok);
	token_generate("", csrf);
	token_hash(tok, h);
	cr.user_id = u.id;
	cr.kind = "session";
	cr.token_hash = h;
	cr.csrf = csrf;
	cr.created_at = now;
	cr.expires_at = now + SESSION_TTL;
	if ((rc = account_cred_insert(c->st, &cr)))
		return api_fail(c, rc);
	c->who.user_id = u.id;
	c->who.org_id = u.org_id;
	c->who.role = u.role;
	c->who.email = u.email;
	c->who.cred_id = cr.id;
	api_audit(c, "login", "session", cr.id, "ok", known ? "known device" : NULL);
	set_cookie(c, tok, SESSION_TTL);
	if (!known) {
		/* Remember this device for this account; the cookie goes only to
		 * the login endpoint and is useless for anything but throttling. */
		char dtok[TOKEN_STR_MAX], dhash[TOKEN_HASH_HEX];
		token_generate("", dtok);
		token_hash(dtok, dhash);
		if (account_device_add(c->st, u.id, dhash, now) == TB_OK)
			http_resp_header(c->resp, "Set-Cookie",
			                 arena_printf(c->a, DEVICE_COOKIE "=%s; HttpOnly; SameSite=Strict; "
			                              "Path=/api/auth/login; Max-Age=%d%s", dtok, DEVICE_TTL,
			                              c->app->secure_cookies ? "; Secure" : ""));
	}
	api_json(c, 200, json_pack("{s:o,s:s,s:o}", "user", user_json(c, &u), "csrf_token", csrf,
	                           "expires_at", time_json(cr.expires_at)));
}

static bool need_login(struct api_ctx *c)
{
	if (c->who.user_id > 0)
		return true;
	api_error(c, 401, "login required", NULL);
	return false;
}

static void logout(struct api_ctx *c)
{
	if (!need_login(c))
		return;
	account_cred_delete(c->st, c->who.user_id, c->who.cred_id);
	api_audit(c, "logout", c->who.via_cookie ? "session" : "token", c->who.cred_id, "ok", NULL);
	set_cookie(c, "", 0);
	api_json(c, 200, json_pack("{s:b}", "ok", 1));
}

static void logout_all(struct api_ctx *c)
{
	int n = 0, rc;
	if (!need_login(c))
		return;
	if ((rc = account_cred_delete_user(c->st, c->who.user_id, 0, &n)))
		return api_fail(c, rc);
	api_audit(c, "logout_all", "session", 0, "ok", arena_printf(c->a, "%d credentials ended", n));
	set_cookie(c, "", 0);
	api_json(c, 200, json_pack("{s:b,s:i}", "ok", 1, "ended", n));
}

static void me(struct api_ctx *c)
{
	struct user u;
	int rc;
	json_t *o;
	if (!need_login(c))
		return;
	if ((rc = account_user_get(c->st, c->a, c->who.user_id, &u)))
		return api_fail(c, rc);
	o = json_pack("{s:o,s:s}", "user", user_json(c, &u), "auth", c->who.via_cookie ? "session" : "token");
	if (c->who.via_cookie && c->who.csrf)
		json_object_set_new(o, "csrf_token", json_string(c->who.csrf));
	api_json(c, 200, o);
}

/* The actions the web UI offers or hides, as "resource.action" -> "all" |
 * "own" (absent = not for this role). Read from the policy table, so the UI
 * never shows a button that can only answer 401/403, and never has to probe
 * endpoints (each probe's 401/403 is a console error in the browser). */
static json_t *can_json(const char *role)
{
	static const char *const acts[][2] = {
		{ "achievement", "create" }, { "achievement", "update" }, { "achievement", "read_any" },
		{ "achievement", "publish" }, { "achievement", "return" }, { "achievement", "withdraw" },
		{ "demand", "create" }, { "demand", "update" }, { "demand", "read_any" },
		{ "demand", "publish" }, { "demand", "return" }, { "demand", "withdraw" },
		{ "demand", "close" }, { "booking", "create" }, { "booking", "read" },
		{ "booking", "approve" }, { "statement", "read" }, { "contract", "read" },
		{ "contract", "create" }, { "instrument", "update" }, { "user", "read" },
		{ "audit", "read" },
		/* == enterprise tiers == */
		{ "facts", "read" }, { "facts", "import" }, { "tier", "pipeline" },
		{ "kpi", "read" }, { "event", "create" },
		/* == release (issue #16) == */
		{ "bulletin", "create" }, { "subscription", "create" }, { "notification", "read" },
		/* == issue #18: who is offered the attachment form on a challenge == */
		{ "challenge", "update" },
	};
	json_t *o = json_object();
	for (size_t i = 0; i < ARRAY_SIZE(acts); i++) {
		int m = api_role_may(role, acts[i][0], acts[i][1]);
		char key[48];
		snprintf(key, sizeof(key), "%s.%s", acts[i][0], acts[i][1]);
		if (m)
			json_object_set_new(o, key, json_string(m == 1 ? "all" : "own"));
	}
	return o;
}

/* GET /api/auth/session: who is asking and what they may do, 200 for everyone
 * (user null when anonymous). The web UI asks this once per load: /me answers
 * anonymous callers 401, which a browser logs as an error on every page. */
static void session_info(struct api_ctx *c)
{
	struct user u;
	int rc;
	json_t *o;
	if (c->who.user_id <= 0) {
		api_json(c, 200, json_pack("{s:n,s:s,s:o}", "user", "role", "anonymous", "can",
		                           can_json("anonymous")));
		return;
	}
	if ((rc = account_user_get(c->st, c->a, c->who.user_id, &u)))
		return api_fail(c, rc);
	o = json_pack("{s:o,s:s,s:o}", "user", user_json(c, &u), "role", u.role, "can", can_json(u.role));
	if (c->who.via_cookie && c->who.csrf)
		json_object_set_new(o, "csrf_token", json_string(c->who.csrf));
	api_json(c, 200, o);
}

/* ----------------------------------------------------------- API tokens */

static json_t *token_json(const struct credential *cr)
{
	return json_pack("{s:I,s:o,s:o,s:o}", "id", (json_int_t)cr->id, "name", jstr(cr->name),
	                 "created_at", time_json(cr->created_at), "expires_at", time_json(cr->expires_at));
}

static void token_create(struct api_ctx *c)
{
	static const char *const keys[] = { "name", "expires_days", NULL };
	const char *name = NULL;
	char tok[TOKEN_STR_MAX], h[TOKEN_HASH_HEX];
	struct credential cr = { 0 };
	int64_t days = 30;
	json_t *o;
	int rc;

	if ((rc = api_body_keys(c, keys)) || (rc = jin_str(c, "name", true, &name)) ||
	    (rc = jin_int(c, "expires_days", false, 1, 365, &days)))
		return api_fail(c, rc);
	if (str_empty(name) || utf8_len(name, strlen(name)) > 100)
		return TB_FE_NM(&c->fe, "name", "length_range", 1, 100), api_fail(c, TB_EINVAL);
	if (!api_allow(c, "token", "create", 0))
		return;
	token_generate("tbk_", tok);
	token_hash(tok, h);
	cr.user_id = c->who.user_id;
	cr.kind = "api";
	cr.token_hash = h;
	cr.name = name;
	cr.created_at = now_unix();
	cr.expires_at = cr.created_at + days * 86400;
	if ((rc = account_cred_insert(c->st, &cr)))
		return api_fail(c, rc);
	api_audit(c, "create", "token", cr.id, "ok", NULL);
	o = token_json(&cr);
	/* The only time the secret is ever shown. */
	json_object_set_new(o, "token", json_string(tok));
	api_json(c, 201, o);
}

static void token_list(struct api_ctx *c)
{
	struct credential *rows;
	int n, rc;
	if (!api_allow(c, "token", "read", 0))
		return;
	if ((rc = account_cred_list(c->st, c->a, c->who.user_id, "api", now_unix(), &rows, &n)))
		return api_fail(c, rc);
	API_ITEMS(c, rows, n, token_json);
}

static void token_revoke(struct api_ctx *c)
{
	int rc;
	if (!api_allow(c, "token", "revoke", 0))
		return;
	if ((rc = account_cred_delete(c->st, c->who.user_id, c->ids[0])))
		return api_fail(c, rc);
	api_audit(c, "revoke", "token", c->ids[0], "ok", NULL);
	api_json(c, 200, json_pack("{s:b}", "ok", 1));
}

const struct api_route api_auth_routes[] = {
	{ "POST", "/api/auth/login", login,
	  { .en = "Log in with e-mail and password", .zh = "用电子邮件和密码登录", .access = "public",
	    .body = "email:string!,password:string!", .ok = "200" } },
	{ "POST", "/api/auth/logout", logout,
	  { .en = "Log out of this session", .zh = "退出当前会话", .access = "login", .ok = "200" } },
	{ "POST", "/api/auth/logout-all", logout_all,
	  { .en = "End every session and token of the account", .zh = "结束账号的全部会话和令牌",
	    .access = "login", .ok = "200" } },
	{ "GET", "/api/auth/me", me,
	  { .en = "The logged-in account", .zh = "当前登录账号", .access = "login", .ok = "200" } },
	{ "GET", "/api/auth/session", session_info,
	  { .en = "The session's account and CSRF token", .zh = "当前会话的账号和 CSRF 令牌",
	    .access = "public", .ok = "200" } },
	{ "POST", "/api/auth/tokens", token_create,
	  { .en = "Create an API token", .zh = "创建 API 令牌", .access = "token:create",
	    .body = "name:string!,expires_days:integer", .ok = "201" } },
	{ "GET", "/api/auth/tokens", token_list,
	  { .en = "List the account's API tokens", .zh = "账号的 API 令牌列表", .access = "token:read",
	    .ok = "200" } },
	{ "DELETE", "/api/auth/tokens/{id}", token_revoke,
	  { .en = "Revoke an API token", .zh = "吊销 API 令牌", .access = "token:revoke",
	    .ok = "200" } },
	{ NULL, NULL, NULL, { 0 } },
};

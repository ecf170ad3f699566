/* account.h - users, credentials (sessions and API tokens), audit entries and
 * the role names: plain records, no rules (domain/account.h has those). */
#ifndef TB_MODEL_ACCOUNT_H
#define TB_MODEL_ACCOUNT_H

#include <stdint.h>

extern const char *const account_roles[]; /* admin reviewer org_admin member broker (NULL-terminated) */

struct user {
	int64_t id;
	const char *email;        /* stored lower-case; unique */
	const char *name;         /* display name, optional */
	int64_t org_id;           /* 0 = none (admin, reviewer may have none) */
	const char *role;
	const char *pw_hash;      /* argon2id string; never leaves the store layer except to verify */
	const char *created_at;
	const char *updated_at;
	const char *org_name;     /* joined, read-only */
};

/* A credential: a browser session (cookie) or an API token (bearer). Only the
 * hash of the secret is stored. */
struct credential {
	int64_t id;
	int64_t user_id;
	const char *kind;         /* "session" or "api" */
	const char *token_hash;   /* hex of crypto_generichash(secret) */
	const char *csrf;         /* sessions only: the per-session CSRF token */
	const char *name;         /* api tokens: label chosen by the user */
	int64_t created_at;       /* unix seconds */
	int64_t expires_at;       /* unix seconds */
};

struct audit_entry {
	int64_t id;
	const char *at;           /* ISO-8601 UTC */
	int64_t user_id;          /* 0 = anonymous */
	const char *email;
	const char *role;
	const char *action;
	const char *resource;
	int64_t resource_id;      /* 0 = none */
	const char *outcome;      /* allow deny ok fail */
	const char *client_ip;
	const char *detail;       /* never a secret */
};

/* Listing filters (store_user_list, store_audit_list). */
struct user_query { int64_t org_id; const char *role; int limit, offset; };
struct audit_query {
	int64_t user_id;
	const char *action, *resource, *outcome, *since, *until; /* NULL = any */
	int limit, offset;
	int64_t resource_id;      /* 0 = any (the history of one item, issue #18) */
};

#endif

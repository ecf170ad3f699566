/* account_ops.h - the account service: users, broker links, credentials
 * (sessions and API tokens), login throttling, known devices and the audit
 * log, for the API and the CLI. The API and the CLI reach accounts only
 * through here (issue #11: domain is the only writer); the rules (password
 * policy, roles) are in account.h, the crypto too. No JSON, no SQL. */
#ifndef TB_ACCOUNT_OPS_H
#define TB_ACCOUNT_OPS_H

#include <stdint.h>
#include "core/arena.h"
#include "core/err.h"
#include "model/account.h"

struct store;

int account_user_get(struct store *st, struct arena *a, int64_t id, struct user *out);
/* email is compared lower-case */
int account_user_find(struct store *st, struct arena *a, const char *email, struct user *out);
int account_user_list(struct store *st, struct arena *a, const struct user_query *q,
                      struct user **out, int *n, int64_t *total);
/* sets id, timestamps; a duplicate email is TB_ECONFLICT */
int account_user_insert(struct store *st, struct user *u);
/* email, name, org, role */
int account_user_update(struct store *st, const struct user *u);
/* the organisations a broker acts for */
int account_user_orgs(struct store *st, struct arena *a, int64_t user_id, int64_t **out, int *n);
int account_user_org_linked(struct store *st, int64_t user_id, int64_t org_id, int *linked);
int account_user_org_link(struct store *st, int64_t user_id, int64_t org_id);
/* a consented, unrevoked link whose scope names scope (issue #14: brokers
 * act for an organisation only with its consent, read on every request) */
int account_rep_allows(struct store *st, int64_t user_id, int64_t org_id, const char *scope,
                       int *ok);
/* sessions and API tokens, by the hash of the secret; sets id */
int account_cred_insert(struct store *st, struct credential *c);
/* TB_ENOTFOUND when expired */
int account_cred_find(struct store *st, struct arena *a, const char *token_hash, int64_t now,
                      struct credential *out);
int account_cred_list(struct store *st, struct arena *a, int64_t user_id, const char *kind,
                      int64_t now, struct credential **out, int *n);
/* TB_ENOTFOUND if not the user's */
int account_cred_delete(struct store *st, int64_t user_id, int64_t id);
/* all of a user's credentials but except_id */
int account_cred_delete_user(struct store *st, int64_t user_id, int64_t except_id, int *deleted);
/* drops expired rows */
int account_cred_purge(struct store *st, int64_t now);
/* throttling in one write transaction (store_ops.h, login_charge) */
int account_login_charge(struct store *st, const char *const *keys, const int *max, int n,
                         int64_t since, int64_t now, int64_t *blocked_oldest, int64_t *ids);
/* a correct password takes its charges back */
int account_login_uncharge(struct store *st, const int64_t *ids, int n);
int account_login_clear(struct store *st, const char *key);
int account_device_add(struct store *st, int64_t user_id, const char *token_hash, int64_t now);
int account_device_known(struct store *st, int64_t user_id, const char *token_hash, int *known);
/* the append-only audit log; never pass secrets in detail */
int audit_append(struct store *st, const struct audit_entry *e);
/* The "ok" row of a domain write (who, what, which record), in the caller's
 * transaction: the one builder behind each module's audit() shorthand. */
int audit_ok(struct store *st, int64_t user_id, const char *email, const char *role,
             const char *resource, const char *action, int64_t id, const char *detail);
int audit_list(struct store *st, struct arena *a, const struct audit_query *q,
               struct audit_entry **out, int *n, int64_t *total);
int audit_each(struct store *st, const struct audit_query *q, int (*cb)(void *ctx,
               const struct audit_entry *e), void *ctx);
/* The audit export's CSV (RFC 4180, CRLF), shared by GET /api/audit.csv and
 * `techbridge audit export`: the header line, then one row per entry (an
 * audit_each callback; ctx is a struct buf). */
#define AUDIT_CSV_HEADER \
	"id,at,user_id,email,role,action,resource,resource_id,outcome,client_ip,detail\r\n"
int audit_csv_row(void *buf, const struct audit_entry *e);
/* since/until: YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ (TB_EINVAL naming it). */
int audit_query_check(const struct audit_query *q, struct tb_field_error *fe);
/* a rehash on login (the other credentials stay) */
int account_user_set_password(struct store *st, int64_t id, const char *pw_hash);

/* A new password (hash) for the user, ending every other credential of the
 * account but except_id, in one transaction; *ended gets how many ended. */
int account_password_change(struct store *st, int64_t user_id, const char *pw_hash,
                            int64_t except_id, int *ended);

#endif

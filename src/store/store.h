/* store.h - the persistence interface. Domain code calls these functions and
 * never sees SQL; backends (sqlite/, later pg/) implement `struct store_ops`
 * (store_impl.h). Structs returned point into the caller's arena.
 *
 * Threads: a `struct store` is one connection, used by one thread at a time.
 * Servers take one from a `struct store_pool` per request. */
#ifndef TB_STORE_H
#define TB_STORE_H

#include <stdint.h>
#include "core/arena.h"
#include "domain/catalog.h"
#include "domain/org.h"
#include "domain/account.h"

struct store;

/* url: "sqlite:PATH", a plain PATH, or "postgres://..." (see docs/store.md). */
int store_open(const char *url, struct store **out);
void store_close(struct store *s);
const char *store_errmsg(struct store *s); /* backend's last message: for logs, never for users */

int store_migrate(struct store *s, int *applied);
int store_schema_version(struct store *s, int *version);

/* Write transaction (IMMEDIATE in SQLite so writers queue instead of failing late). */
int store_begin(struct store *s);
int store_commit(struct store *s);
int store_rollback(struct store *s);

/* Organisations */
int store_org_insert(struct store *s, struct org *o);             /* sets id, timestamps */
int store_org_update(struct store *s, const struct org *o);
int store_org_get(struct store *s, struct arena *a, int64_t id, struct org *out);
int store_org_find_by_name(struct store *s, struct arena *a, const char *name, struct org *out);
struct org_query { const char *kind, *city, *q; int limit, offset; };
int store_org_list(struct store *s, struct arena *a, const struct org_query *q,
                   struct org **out, int *n, int64_t *total);

/* Achievements */
int store_ach_insert(struct store *s, struct achievement *x);     /* sets id, timestamps */
int store_ach_update(struct store *s, const struct achievement *x);
int store_ach_set_status(struct store *s, int64_t id, const char *status, const char *note);
int store_ach_get(struct store *s, struct arena *a, int64_t id, struct achievement *out);
int store_ach_list(struct store *s, struct arena *a, const struct catalog_query *q,
                   struct achievement **out, int *n, int64_t *total);
/* Streams every row (status NULL = all) in id order; cb returning non-zero stops with that rc. */
int store_ach_each(struct store *s, const char *status,
                   int (*cb)(void *ctx, const struct achievement *x), void *ctx);

/* Demands */
int store_dem_insert(struct store *s, struct demand *x);
int store_dem_update(struct store *s, const struct demand *x);
int store_dem_set_status(struct store *s, int64_t id, const char *status, const char *note);
int store_dem_get(struct store *s, struct arena *a, int64_t id, struct demand *out);
int store_dem_list(struct store *s, struct arena *a, const struct catalog_query *q,
                   struct demand **out, int *n, int64_t *total);
int store_dem_each(struct store *s, const char *status,
                   int (*cb)(void *ctx, const struct demand *x), void *ctx);

/* Facet counts for a listing (same filters, ignoring the facet's own filter). */
struct facet { const char *value; int64_t count; };
int store_ach_facet(struct store *s, struct arena *a, const char *facet /* field|city|trl|status */,
                    const struct catalog_query *q, struct facet **out, int *n);

/* == accounts: users, sessions, tokens, audit == */
/* Users. Emails are stored lower-case; a duplicate email is TB_ECONFLICT. */
int store_user_insert(struct store *s, struct user *u);             /* sets id, timestamps */
int store_user_update(struct store *s, const struct user *u);       /* email, name, org, role */
int store_user_set_password(struct store *s, int64_t id, const char *pw_hash);
int store_user_get(struct store *s, struct arena *a, int64_t id, struct user *out);
int store_user_find_by_email(struct store *s, struct arena *a, const char *email, struct user *out);
struct user_query { int64_t org_id; const char *role; int limit, offset; };
int store_user_list(struct store *s, struct arena *a, const struct user_query *q,
                    struct user **out, int *n, int64_t *total);
/* Brokers act for several organisations: the user_orgs link table. */
int store_user_org_link(struct store *s, int64_t user_id, int64_t org_id);
int store_user_org_linked(struct store *s, int64_t user_id, int64_t org_id, int *linked);
int store_user_org_list(struct store *s, struct arena *a, int64_t user_id, int64_t **out, int *n);
/* Credentials (sessions and API tokens), looked up by the hash of the secret. */
int store_cred_insert(struct store *s, struct credential *c);       /* sets id */
int store_cred_find(struct store *s, struct arena *a, const char *token_hash, int64_t now,
                    struct credential *out);                         /* ENOTFOUND when expired */
int store_cred_list(struct store *s, struct arena *a, int64_t user_id, const char *kind,
                    int64_t now, struct credential **out, int *n);
int store_cred_delete(struct store *s, int64_t user_id, int64_t id); /* ENOTFOUND if not the user's */
int store_cred_delete_user(struct store *s, int64_t user_id, int64_t except_id, int *deleted);
int store_cred_purge(struct store *s, int64_t now);                  /* drops expired rows */
/* Failed logins, keyed "account:EMAIL" or "ip:ADDR". */
int store_login_fail_add(struct store *s, const char *key, int64_t at);
int store_login_fail_count(struct store *s, const char *key, int64_t since, int *count,
                           int64_t *oldest);
int store_login_fail_clear(struct store *s, const char *key);
/* Append-only audit log (UPDATE and DELETE raise in the database). */
int store_audit_append(struct store *s, const struct audit_entry *e);
struct audit_query {
	int64_t user_id;
	const char *action, *resource, *outcome, *since, *until; /* NULL = any */
	int limit, offset;
};
int store_audit_list(struct store *s, struct arena *a, const struct audit_query *q,
                     struct audit_entry **out, int *n, int64_t *total);
int store_audit_each(struct store *s, const struct audit_query *q,
                     int (*cb)(void *ctx, const struct audit_entry *e), void *ctx);


/* == instruments and bookings == */


/* == contracts and indicators == */


/* == bulk loading: import and demo == */
/* Large single-transaction loads (100,000 rows) spill SQLite's default 2 MB
 * page cache and re-read their own pages; bulk mode gives the connection a
 * large cache until it is switched off again. Durability is unchanged. */
int store_bulk_mode(struct store *s, int on);

/* A pool of connections for a multi-threaded server. */
struct store_pool;
int store_pool_new(const char *url, int max_conns, struct store_pool **out);
void store_pool_free(struct store_pool *p);
struct store *store_pool_get(struct store_pool *p);  /* blocks until one is free; NULL on error */
void store_pool_put(struct store_pool *p, struct store *s);

#endif

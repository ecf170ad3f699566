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


/* == instruments and bookings == */


/* == contracts and indicators == */
#include "domain/contract.h"

int store_contract_insert(struct store *s, struct contract *c);      /* sets id, timestamps */
int store_contract_update(struct store *s, const struct contract *c);
int store_contract_get(struct store *s, struct arena *a, int64_t id, struct contract *out);
struct contract_query {
	const char *status, *type, *q;   /* q: reg_no prefix or title/party substring */
	int64_t org_id;                  /* seller or buyer */
	int64_t achievement_id;
	const char *from, *to;           /* signing date [from, to) */
	int limit, offset;
};
int store_contract_list(struct store *s, struct arena *a, const struct contract_query *q,
                        struct contract **out, int *n, int64_t *total);
/* Statistics filter: live (not terminated) contracts signed in [from, to) whose
 * seller (or buyer) location matches every given field. */
struct contract_filter {
	const char *from, *to;
	int buyer_side;
	int in_province;          /* 1 = only parties in the province */
	const char *city_code, *unit_code;
	int first_per_achievement; /* only each achievement's first live contract */
};
int store_contract_each(struct store *s, const struct contract_filter *f,
                        int (*cb)(void *ctx, const struct contract *c), void *ctx);
/* Live contracts realising an achievement (to decide its status after a termination). */
int store_contract_live_for_ach(struct store *s, int64_t achievement_id, int64_t *count);
/* published_at dates of achievements published in [from, to) whose owner is in
 * the region: in_province, or city (zh), or district matching one of names[]. */
struct ach_region_filter {
	const char *from, *to;
	int in_province;
	const char *city;
	const char *district_names[3];
};
int store_ach_published_each(struct store *s, const struct ach_region_filter *f,
                             int (*cb)(void *ctx, const char *published_at), void *ctx);
/* Targets: (year, region code, metric) -> integer value in the metric's unit. */
struct ind_target { int year; const char *region_code, *metric; int64_t value; };
int store_target_put(struct store *s, const struct ind_target *t);
int store_target_list(struct store *s, struct arena *a, int year, const char *region_code,
                      struct ind_target **out, int *n);
/* Enterprise tiers (high_tech ...) per org and year. */
int store_cert_put(struct store *s, int64_t org_id, const char *tier, int year);
int store_cert_count(struct store *s, const char *tier, int year, const struct ach_region_filter *f,
                     int64_t *count);


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

/* sq.h - internals shared by the SQLite backend files: the connection
 * struct, a cache of prepared statements, binding and column helpers, and a
 * small query builder for filtered listings (bound parameters only). */
#ifndef TB_SQ_H
#define TB_SQ_H

#include <sqlite3.h>
#include "core/arena.h"
#include "core/buf.h"
#include "store/store_impl.h"

#define SQ_CACHE 96

struct sq {
	struct store base;
	sqlite3 *db;
	struct { const char *sql; sqlite3_stmt *st; } cache[SQ_CACHE];
	int ncache;
	int in_tx;
};

static inline struct sq *SQ(struct store *s) { return (struct sq *)s; }

/* Prepared once per connection, keyed by the SQL string's address (callers
 * pass string literals). Returned statement is reset and unbound. */
sqlite3_stmt *sq_prep(struct sq *q, const char *sql);
int sq_rc(struct sq *q, int sqlite_rc); /* SQLite rc -> tb_err, logs unexpected ones */
int sq_exec(struct sq *q, const char *sql);
void sq_now(char out[32]);

void sq_bind_text(sqlite3_stmt *st, int i, const char *s); /* NULL binds NULL */
void sq_bind_opt_double(sqlite3_stmt *st, int i, double v); /* <0 binds NULL */
const char *sq_col_text(struct arena *a, sqlite3_stmt *st, int i);
double sq_col_double_or(sqlite3_stmt *st, int i, double dflt);

/* Query builder: SQL text plus positional values. */
enum sqv_type { SQV_TEXT, SQV_INT, SQV_DOUBLE };
struct sqv { enum sqv_type t; const char *s; int64_t i; double d; };
struct sqb {
	struct buf sql;
	struct sqv v[32];
	int nv;
};
void sqb_init(struct sqb *b);
void sqb_release(struct sqb *b);
void sqb_sql(struct sqb *b, const char *s);
void sqb_text(struct sqb *b, const char *s);
void sqb_int(struct sqb *b, int64_t i);
void sqb_double(struct sqb *b, double d);
int sqb_prepare(struct sq *q, struct sqb *b, sqlite3_stmt **out); /* caller finalizes */

extern const struct store_ops sq_ops;
int sq_migrate(struct store *s, int *applied);
int sq_schema_version(struct store *s, int *version);

/* catalog.c */
int sq_org_insert(struct store *s, struct org *o);
int sq_org_update(struct store *s, const struct org *o);
int sq_org_get(struct store *s, struct arena *a, int64_t id, struct org *out);
int sq_org_find_by_name(struct store *s, struct arena *a, const char *name, struct org *out);
int sq_org_list(struct store *s, struct arena *a, const struct org_query *q, struct org **out,
                int *n, int64_t *total);
int sq_ach_insert(struct store *s, struct achievement *x);
int sq_ach_update(struct store *s, const struct achievement *x);
int sq_ach_set_status(struct store *s, int64_t id, const char *st, const char *note);
int sq_ach_get(struct store *s, struct arena *a, int64_t id, struct achievement *out);
int sq_ach_list(struct store *s, struct arena *a, const struct catalog_query *q,
                struct achievement **out, int *n, int64_t *total);
int sq_ach_each(struct store *s, const char *status, int (*cb)(void *, const struct achievement *),
                void *ctx);
int sq_ach_facet(struct store *s, struct arena *a, const char *facet, const struct catalog_query *q,
                 struct facet **out, int *n);
int sq_dem_insert(struct store *s, struct demand *x);
int sq_dem_update(struct store *s, const struct demand *x);
int sq_dem_set_status(struct store *s, int64_t id, const char *st, const char *note);
int sq_dem_get(struct store *s, struct arena *a, int64_t id, struct demand *out);
int sq_dem_list(struct store *s, struct arena *a, const struct catalog_query *q,
                struct demand **out, int *n, int64_t *total);
int sq_dem_each(struct store *s, const char *status, int (*cb)(void *, const struct demand *),
                void *ctx);

/* == accounts: users, sessions, tokens, audit == */


/* == instruments and bookings == */


/* == contracts and indicators == */
/* contracts.c */
int sq_contract_insert(struct store *s, struct contract *c);
int sq_contract_update(struct store *s, const struct contract *c);
int sq_contract_get(struct store *s, struct arena *a, int64_t id, struct contract *out);
int sq_contract_list(struct store *s, struct arena *a, const struct contract_query *q,
                     struct contract **out, int *n, int64_t *total);
int sq_contract_each(struct store *s, const struct contract_filter *f,
                     int (*cb)(void *, const struct contract *), void *ctx);
int sq_contract_live_for_ach(struct store *s, int64_t ach, int64_t *count);
int sq_ach_published_each(struct store *s, const struct ach_region_filter *f,
                          int (*cb)(void *, const char *), void *ctx);
int sq_target_put(struct store *s, const struct ind_target *t);
int sq_target_list(struct store *s, struct arena *a, int year, const char *region_code,
                   struct ind_target **out, int *n);
int sq_cert_put(struct store *s, int64_t org_id, const char *tier, int year);
int sq_cert_count(struct store *s, const char *tier, int year, const struct ach_region_filter *f,
                  int64_t *count);


#endif

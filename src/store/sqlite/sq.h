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
	struct buf *plan_log; /* see sq_plan_log */
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

/* Runs a built listing: at most `limit` rows, each read by `row` into an
 * arena array of `elem`-byte structs. */
int sq_list(struct sq *q, struct arena *a, struct sqb *b, size_t elem, int limit,
            void (*row)(struct arena *, sqlite3_stmt *, void *), void **out, int *n);
/* Runs a built "SELECT count(*) ..." into *total. */
int sq_count(struct sq *q, struct sqb *b, int64_t *total);
/* Steps a cached single-row statement: TB_OK on a row (read it, then reset),
 * TB_ENOTFOUND when there is none. */
int sq_step_one(struct sq *q, sqlite3_stmt *st);

/* Debug hook for tests (tests/unit/test_plans.c): while `log` is non-NULL,
 * every statement the backend prepares (sq_prep and the sqb builder: every
 * listing, count, facet and indicator query) is also run through EXPLAIN
 * QUERY PLAN, and its SQL and plan lines are appended to `log` as
 * "SQL: ...\n" followed by one "  detail\n" line per plan step. The test reads
 * the plans of the store's own SQL instead of a copy of it. */
void sq_plan_log(struct store *s, struct buf *log);

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
/* accounts.c */
int sq_user_insert(struct store *s, struct user *u);
int sq_user_update(struct store *s, const struct user *u);
int sq_user_set_password(struct store *s, int64_t id, const char *pw_hash);
int sq_user_get(struct store *s, struct arena *a, int64_t id, struct user *out);
int sq_user_find_by_email(struct store *s, struct arena *a, const char *email, struct user *out);
int sq_user_list(struct store *s, struct arena *a, const struct user_query *q, struct user **out,
                 int *n, int64_t *total);
int sq_user_org_link(struct store *s, int64_t user_id, int64_t org_id);
int sq_user_org_linked(struct store *s, int64_t user_id, int64_t org_id, int *linked);
int sq_user_org_list(struct store *s, struct arena *a, int64_t user_id, int64_t **out, int *n);
int sq_cred_insert(struct store *s, struct credential *c);
int sq_cred_find(struct store *s, struct arena *a, const char *token_hash, int64_t now,
                 struct credential *out);
int sq_cred_list(struct store *s, struct arena *a, int64_t user_id, const char *kind, int64_t now,
                 struct credential **out, int *n);
int sq_cred_delete(struct store *s, int64_t user_id, int64_t id);
int sq_cred_delete_user(struct store *s, int64_t user_id, int64_t except_id, int *deleted);
int sq_cred_purge(struct store *s, int64_t now);
int sq_login_fail_add(struct store *s, const char *key, int64_t at);
int sq_login_fail_count(struct store *s, const char *key, int64_t since, int *count, int64_t *oldest);
int sq_login_fail_clear(struct store *s, const char *key);
int sq_audit_append(struct store *s, const struct audit_entry *e);
int sq_audit_list(struct store *s, struct arena *a, const struct audit_query *q,
                  struct audit_entry **out, int *n, int64_t *total);
int sq_audit_each(struct store *s, const struct audit_query *q,
                  int (*cb)(void *, const struct audit_entry *), void *ctx);


/* == instruments and bookings == */
/* instruments.c */
int sq_instr_insert(struct store *s, struct instrument *x);
int sq_instr_update(struct store *s, const struct instrument *x);
int sq_instr_get(struct store *s, struct arena *a, int64_t id, struct instrument *out);
int sq_instr_list(struct store *s, struct arena *a, const struct instr_query *q,
                  struct instrument **out, int *n, int64_t *total);
int sq_instr_free(struct store *s, struct arena *a, const char *from, const char *to,
                  const char *category, int limit, struct instrument **out, int *n);
int sq_instr_counts(struct store *s, int64_t *instruments, int64_t *institutions, int64_t *kpi);
int sq_instr_usage(struct store *s, struct arena *a, const char *from, const char *to,
                   struct instr_usage **out, int *n);
int sq_instr_revenue(struct store *s, const char *from, const char *to, int64_t owner_org,
                     double *yuan, int64_t *uses);
int sq_instr_revenue_by_org(struct store *s, struct arena *a, const char *from, const char *to,
                            const char *city, struct instr_org_revenue **out, int *n);
int sq_booking_create(struct store *s, struct booking *b);
int sq_booking_get(struct store *s, struct arena *a, int64_t id, struct booking *out);
int sq_booking_list(struct store *s, struct arena *a, const struct booking_query *q,
                    struct booking **out, int *n, int64_t *total);
int sq_booking_busy(struct store *s, struct arena *a, int64_t instrument_id, const char *from,
                    const char *to, struct booking **out, int *n);
int sq_booking_set_status(struct store *s, int64_t id, const char *expect, const char *status,
                          const char *note, const char *offer_expires);
int sq_booking_record_usage(struct store *s, const struct booking *b);
int sq_booking_next_waitlisted(struct store *s, struct arena *a, int64_t instrument_id,
                               const char *now, struct booking *out);
int sq_booking_expire_offers(struct store *s, const char *now, int64_t *instruments, int max,
                             int *n);
int sq_qual_insert(struct store *s, struct qualification *q);
int sq_qual_valid(struct store *s, int64_t instrument_id, const char *email, const char *date,
                  int *valid);
int sq_qual_list(struct store *s, struct arena *a, int64_t instrument_id,
                 struct qualification **out, int *n);


/* == contracts and indicators == */
/* contracts.c */
int sq_contract_insert(struct store *s, struct contract *c);
int sq_contract_update(struct store *s, const struct contract *c);
int sq_contract_get(struct store *s, struct arena *a, int64_t id, struct contract *out);
int sq_contract_list(struct store *s, struct arena *a, const struct contract_query *q,
                     struct contract **out, int *n, int64_t *total);
int sq_contract_each(struct store *s, const struct contract_filter *f,
                     int (*cb)(void *, const struct contract *), void *ctx);
int sq_public_version(struct store *s, int64_t *version);
int sq_contract_sums(struct store *s, const struct contract_filter *f,
                     enum contract_sum_period period, enum contract_sum_by by,
                     int (*cb)(void *, const struct contract_sum *), void *ctx);
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

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
#include "domain/instrument.h"
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
/* Instruments (domain/instrument.h). Times are local text (see there). */
struct instr_query {
	const char *category, *status, *q;   /* q: substring of names, model, manufacturer */
	int64_t org_id;                      /* owner; 0 = any */
	double value_min;                    /* <0 = any */
	int limit, offset;
};
int store_instr_insert(struct store *s, struct instrument *x);    /* sets id, timestamps */
int store_instr_update(struct store *s, const struct instrument *x);
int store_instr_get(struct store *s, struct arena *a, int64_t id, struct instrument *out);
int store_instr_list(struct store *s, struct arena *a, const struct instr_query *q,
                     struct instrument **out, int *n, int64_t *total);
/* Instruments (status available, optional category) with no slot-holding
 * booking overlapping [from, to). */
int store_instr_free(struct store *s, struct arena *a, const char *from, const char *to,
                     const char *category, int limit, struct instrument **out, int *n);
/* Counts for statistics: instruments, owning institutions, instruments >= 500,000 yuan. */
int store_instr_counts(struct store *s, int64_t *instruments, int64_t *institutions,
                       int64_t *kpi_instruments);
/* Per instrument, usage recorded with used_start in [from, to): hours, fees, count. */
struct instr_usage { int64_t instrument_id; double used_hours, fees; int64_t uses; };
int store_instr_usage(struct store *s, struct arena *a, const char *from, const char *to,
                      struct instr_usage **out, int *n);
/* Technical-service revenue: the sum of fees of uses with used_start in
 * [from, to) (local times or dates "YYYY-MM-DD"); owner_org 0 = all. The
 * indicators module quotes this. */
int store_instr_revenue(struct store *s, const char *from, const char *to, int64_t owner_org,
                        double *yuan, int64_t *uses);
/* The same revenue per owning organisation, in one grouped query, for the
 * owners located in `city` (NULL: everywhere), with the owner's city and
 * district so that the caller can narrow to a district or zone. Replaces one
 * store_instr_revenue call per organisation (which made a city's indicator
 * summary take tens of seconds on the demo). Orgs without use are absent. */
struct instr_org_revenue { int64_t org_id; const char *city, *district; double fees; int64_t uses; };
int store_instr_revenue_by_org(struct store *s, struct arena *a, const char *from, const char *to,
                               const char *city, struct instr_org_revenue **out, int *n);

/* Bookings. store_booking_create must run inside store_begin/store_commit:
 * for a slot-holding status it probes for an overlap and inserts under the
 * write lock (TB_ECONFLICT on overlap); a trigger refuses overlaps too. */
int store_booking_create(struct store *s, struct booking *b);     /* sets id, timestamps */
int store_booking_get(struct store *s, struct arena *a, int64_t id, struct booking *out);
struct booking_query {
	int64_t org_id, instrument_id, owner_org_id;  /* 0 = any */
	const char *status;                           /* NULL = any */
	const char *from, *to;                        /* start_at range; NULL = open */
	const char *used_from, *used_to;              /* used_start range (statements) */
	int limit, offset;
};
int store_booking_list(struct store *s, struct arena *a, const struct booking_query *q,
                       struct booking **out, int *n, int64_t *total);
/* Slot-holding bookings on one instrument overlapping [from, to). */
int store_booking_busy(struct store *s, struct arena *a, int64_t instrument_id, const char *from,
                       const char *to, struct booking **out, int *n);
/* Status change guarded by the expected current status (TB_ESTATE when it
 * changed meanwhile); TB_ECONFLICT when the new status would overlap. */
int store_booking_set_status(struct store *s, int64_t id, const char *expect, const char *status,
                             const char *note, const char *offer_expires);
int store_booking_record_usage(struct store *s, const struct booking *b); /* -> completed */
/* First waitlisted request on the instrument starting after `now` whose slot
 * is free now; TB_ENOTFOUND when none. */
int store_booking_next_waitlisted(struct store *s, struct arena *a, int64_t instrument_id,
                                  const char *now, struct booking *out);
/* Offers whose acceptance window passed become expired; *instruments gets
 * the distinct instruments affected (up to max) so their waitlists can move. */
int store_booking_expire_offers(struct store *s, const char *now, int64_t *instruments, int max,
                                int *n);

/* Qualifications (training records). */
int store_qual_insert(struct store *s, struct qualification *q);
/* True when email holds a qualification for the instrument valid on date (YYYY-MM-DD). */
int store_qual_valid(struct store *s, int64_t instrument_id, const char *email, const char *date,
                     int *valid);
int store_qual_list(struct store *s, struct arena *a, int64_t instrument_id,
                    struct qualification **out, int *n);


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
/* The same contracts summed in the database, one row per (period, group):
 * period CS_YEAR "2023", CS_QUARTER "2023-Q4", CS_MONTH "2023-12" (of
 * signed_on); group by nothing (key NULL), type, the side's city or unit code,
 * or field ("other" when absent). Indicators read these sums instead of
 * streaming every contract row. */
enum contract_sum_period { CS_YEAR, CS_QUARTER, CS_MONTH };
/* A number that changes whenever data visible to anonymous readers changes
 * (published catalogue items, organisations, contracts, targets,
 * certifications, instruments, bookings), whoever wrote it. The API keeps
 * public answers while it stays the same (src/api/cache.c). */
int store_public_version(struct store *s, int64_t *version);
enum contract_sum_by { CS_BY_NONE, CS_BY_TYPE, CS_BY_CITY, CS_BY_UNIT, CS_BY_FIELD };
struct contract_sum {
	const char *period, *key;
	int64_t count, amount_fen, tx_fen, local_count;
};
int store_contract_sums(struct store *s, const struct contract_filter *f,
                        enum contract_sum_period period, enum contract_sum_by by,
                        int (*cb)(void *ctx, const struct contract_sum *sum), void *ctx);
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

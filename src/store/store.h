/* store.h - the persistence interface. Domain code calls these functions and
 * never sees SQL; records are the plain structs of src/model (never domain).
 * The operations are listed once, in store_ops.h; this header declares them
 * as store_<name>(). Backends (sqlite/, later pg/) implement every one.
 * Structs returned point into the caller's arena.
 *
 * Threads: a `struct store` is one connection, used by one thread at a time.
 * Servers take one from a `struct store_pool` per request. */
#ifndef TB_STORE_H
#define TB_STORE_H

#include <stdint.h>
#include "core/arena.h"
#include "model/account.h"
#include "model/booking.h"
#include "model/catalog.h"
#include "model/contract.h"
#include "model/instrument.h"
#include "model/org.h"
#include "model/revision.h"
#include "model/release.h"

struct store;

/* url: "sqlite:PATH", a plain PATH, or "postgres://..." (see docs/store.md). */
int store_open(const char *url, struct store **out);
void store_close(struct store *s);
const char *store_errmsg(struct store *s); /* backend's last message: for logs, never for users */

/* ---- query and result structs of the operations (store_ops.h documents them) */
struct org_query { const char *kind, *city, *q; int limit, offset; };
struct facet { const char *value; int64_t count; };
struct user_query { int64_t org_id; const char *role; int limit, offset; };
struct audit_query {
	int64_t user_id;
	const char *action, *resource, *outcome, *since, *until; /* NULL = any */
	int limit, offset;
};
struct instr_query {
	const char *category, *status, *q;   /* q: substring of names, model, manufacturer */
	int64_t org_id;                      /* owner; 0 = any */
	double value_min;                    /* <0 = any */
	int limit, offset;
};
struct instr_usage { int64_t instrument_id; double used_hours, fees; int64_t uses; };
struct booking_query {
	int64_t org_id, instrument_id, owner_org_id;  /* 0 = any */
	const char *status;                           /* NULL = any */
	const char *from, *to;                        /* start_at range; NULL = open */
	const char *used_from, *used_to;              /* used_start range (statements) */
	int limit, offset;
};
struct contract_query {
	const char *status, *type, *q;   /* q: reg_no prefix or title/party substring */
	int64_t org_id;                  /* seller or buyer */
	int64_t achievement_id;
	const char *from, *to;           /* signing date [from, to) */
	int limit, offset;
};
struct contract_filter {
	const char *from, *to;
	int buyer_side;
	int in_province;          /* 1 = only parties in the province */
	const char *city_code, *unit_code;
	int first_per_achievement; /* only each achievement's first live contract */
};
/* Contracts summed in the database, one row per (period, group): period
 * CS_YEAR "2023", CS_QUARTER "2023-Q4", CS_MONTH "2023-12" (of signed_on);
 * group by nothing (key NULL), type, the side's city or unit code, or field
 * ("other" when absent). Indicators read these sums instead of streaming
 * every contract row (store op contract_sums). */
enum contract_sum_period { CS_YEAR, CS_QUARTER, CS_MONTH };
enum contract_sum_by { CS_BY_NONE, CS_BY_TYPE, CS_BY_CITY, CS_BY_UNIT, CS_BY_FIELD };
struct contract_sum {
	const char *period, *key;
	int64_t count, amount_fen, tx_fen, local_count;
};
/* Instrument revenue per owning organisation (store op instr_revenue_by_org). */
struct instr_org_revenue { int64_t org_id; const char *city, *district; double fees; int64_t uses; };
struct ach_region_filter {
	const char *from, *to;
	int in_province;
	const char *city;
	const char *district_names[3];
};
struct ind_target { int year; const char *region_code, *metric; int64_t value; };

/* ---- the operations: int store_org_insert(struct store *s, struct org *o) ... */
#include "store/store_ops.h"
#define X(ret, name, params, args) ret store_##name params;
STORE_OPS(X)
#undef X

/* A pool of connections for a multi-threaded server. */
struct store_pool;
int store_pool_new(const char *url, int max_conns, struct store_pool **out);
void store_pool_free(struct store_pool *p);
struct store *store_pool_get(struct store_pool *p);  /* blocks until one is free; NULL on error */
void store_pool_put(struct store_pool *p, struct store *s);

#endif

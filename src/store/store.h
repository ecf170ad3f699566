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
#include "model/challenge.h"
#include "model/catalog.h"
#include "model/contract.h"
#include "model/instrument.h"
#include "model/org.h"
#include "model/revision.h"
#include "model/tier.h"
#include "model/platform.h"
#include "model/broker.h"
#include "model/release.h"
#include "model/bulletin.h"
#include "model/alliance.h"
#include "model/event_item.h"
#include "model/attachment.h"
#include "model/challenge_version.h"
#include "model/change.h"
#include "model/copy.h"

struct store;

/* url: "sqlite:PATH", a plain PATH, or "postgres://..." (see docs/store.md). */
int store_open(const char *url, struct store **out);
void store_close(struct store *s);
const char *store_errmsg(struct store *s); /* backend's last message: for logs, never for users */
/* Why the last store_open of this thread failed, one line (the driver's
 * message: "could not translate host name ..."), or "" when it did not say. */
const char *store_open_error(void);

/* The query and result structs of the operations are in src/model, next to
 * their records (struct org_query in model/org.h ...). */

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
/* Hands an open connection to the pool as one of its own (counts toward
 * max_conns); closes it when the pool is full. */
void store_pool_adopt(struct store_pool *p, struct store *s);

#endif

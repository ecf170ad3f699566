/* store.c - backend selection, vtable dispatch and the connection pool. */
#include "store/store_impl.h"
#include "core/err.h"
#include "core/log.h"
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

int store_open(const char *url, struct store **out)
{
	*out = NULL;
	if (!url || !*url)
		return TB_EINVAL;
	if (strncmp(url, "postgres://", 11) == 0 || strncmp(url, "postgresql://", 13) == 0) {
		tb_error("store: the PostgreSQL backend is not built yet (see docs/store.md)");
		return TB_EINVAL;
	}
	if (strncmp(url, "sqlite:", 7) == 0)
		url += 7;
	return sqlite_store_open(url, out);
}

/* Every wrapper: dispatch or report the gap. */
#define DISPATCH(s, fn, ...)                                                          \
	do {                                                                              \
		if (!(s)->ops->fn) {                                                          \
			tb_error("store: backend %s lacks " #fn, (s)->ops->name);                 \
			return TB_EDB;                                                            \
		}                                                                             \
		return (s)->ops->fn(__VA_ARGS__);                                             \
	} while (0)

void store_close(struct store *s) { if (s) s->ops->close(s); }
const char *store_errmsg(struct store *s) { return s->ops->errmsg ? s->ops->errmsg(s) : ""; }
int store_migrate(struct store *s, int *applied) { DISPATCH(s, migrate, s, applied); }
int store_schema_version(struct store *s, int *v) { DISPATCH(s, schema_version, s, v); }
int store_begin(struct store *s) { DISPATCH(s, begin, s); }
int store_commit(struct store *s) { DISPATCH(s, commit, s); }
int store_rollback(struct store *s) { DISPATCH(s, rollback, s); }

int store_org_insert(struct store *s, struct org *o) { DISPATCH(s, org_insert, s, o); }
int store_org_update(struct store *s, const struct org *o) { DISPATCH(s, org_update, s, o); }
int store_org_get(struct store *s, struct arena *a, int64_t id, struct org *out)
{ DISPATCH(s, org_get, s, a, id, out); }
int store_org_find_by_name(struct store *s, struct arena *a, const char *name, struct org *out)
{ DISPATCH(s, org_find_by_name, s, a, name, out); }
int store_org_list(struct store *s, struct arena *a, const struct org_query *q, struct org **out,
                   int *n, int64_t *total)
{ DISPATCH(s, org_list, s, a, q, out, n, total); }

int store_ach_insert(struct store *s, struct achievement *x) { DISPATCH(s, ach_insert, s, x); }
int store_ach_update(struct store *s, const struct achievement *x) { DISPATCH(s, ach_update, s, x); }
int store_ach_set_status(struct store *s, int64_t id, const char *st, const char *note)
{ DISPATCH(s, ach_set_status, s, id, st, note); }
int store_ach_get(struct store *s, struct arena *a, int64_t id, struct achievement *out)
{ DISPATCH(s, ach_get, s, a, id, out); }
int store_ach_list(struct store *s, struct arena *a, const struct catalog_query *q,
                   struct achievement **out, int *n, int64_t *total)
{ DISPATCH(s, ach_list, s, a, q, out, n, total); }
int store_ach_each(struct store *s, const char *status,
                   int (*cb)(void *, const struct achievement *), void *ctx)
{ DISPATCH(s, ach_each, s, status, cb, ctx); }
int store_ach_facet(struct store *s, struct arena *a, const char *facet,
                    const struct catalog_query *q, struct facet **out, int *n)
{ DISPATCH(s, ach_facet, s, a, facet, q, out, n); }

int store_dem_insert(struct store *s, struct demand *x) { DISPATCH(s, dem_insert, s, x); }
int store_dem_update(struct store *s, const struct demand *x) { DISPATCH(s, dem_update, s, x); }
int store_dem_set_status(struct store *s, int64_t id, const char *st, const char *note)
{ DISPATCH(s, dem_set_status, s, id, st, note); }
int store_dem_get(struct store *s, struct arena *a, int64_t id, struct demand *out)
{ DISPATCH(s, dem_get, s, a, id, out); }
int store_dem_list(struct store *s, struct arena *a, const struct catalog_query *q,
                   struct demand **out, int *n, int64_t *total)
{ DISPATCH(s, dem_list, s, a, q, out, n, total); }
int store_dem_each(struct store *s, const char *status,
                   int (*cb)(void *, const struct demand *), void *ctx)
{ DISPATCH(s, dem_each, s, status, cb, ctx); }

/* == bulk loading: import and demo == */
int store_bulk_mode(struct store *s, int on) { DISPATCH(s, bulk_mode, s, on); }

/* == accounts: users, sessions, tokens, audit == */


/* == instruments and bookings == */


/* == contracts and indicators == */
int store_contract_insert(struct store *s, struct contract *c) { DISPATCH(s, contract_insert, s, c); }
int store_contract_update(struct store *s, const struct contract *c)
{ DISPATCH(s, contract_update, s, c); }
int store_contract_get(struct store *s, struct arena *a, int64_t id, struct contract *out)
{ DISPATCH(s, contract_get, s, a, id, out); }
int store_contract_list(struct store *s, struct arena *a, const struct contract_query *q,
                        struct contract **out, int *n, int64_t *total)
{ DISPATCH(s, contract_list, s, a, q, out, n, total); }
int store_contract_each(struct store *s, const struct contract_filter *f,
                        int (*cb)(void *, const struct contract *), void *ctx)
{ DISPATCH(s, contract_each, s, f, cb, ctx); }
int store_contract_live_for_ach(struct store *s, int64_t ach, int64_t *count)
{ DISPATCH(s, contract_live_for_ach, s, ach, count); }
int store_ach_published_each(struct store *s, const struct ach_region_filter *f,
                             int (*cb)(void *, const char *), void *ctx)
{ DISPATCH(s, ach_published_each, s, f, cb, ctx); }
int store_target_put(struct store *s, const struct ind_target *t) { DISPATCH(s, target_put, s, t); }
int store_target_list(struct store *s, struct arena *a, int year, const char *region_code,
                      struct ind_target **out, int *n)
{ DISPATCH(s, target_list, s, a, year, region_code, out, n); }
int store_cert_put(struct store *s, int64_t org_id, const char *tier, int year)
{ DISPATCH(s, cert_put, s, org_id, tier, year); }
int store_cert_count(struct store *s, const char *tier, int year, const struct ach_region_filter *f,
                     int64_t *count)
{ DISPATCH(s, cert_count, s, tier, year, f, count); }


/* ---- pool: a fixed set of lazily opened connections behind a condition variable. */
struct store_pool {
	char *url;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int max, opened, nfree;
	struct store **free_list;
};

int store_pool_new(const char *url, int max_conns, struct store_pool **out)
{
	struct store_pool *p = calloc(1, sizeof(*p));
	if (!p || !(p->url = strdup(url)) || !(p->free_list = calloc((size_t)max_conns, sizeof(void *)))) {
		if (p) { free(p->url); free(p); }
		return TB_ENOMEM;
	}
	p->max = max_conns;
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->cv, NULL);
	*out = p;
	return TB_OK;
}

void store_pool_free(struct store_pool *p)
{
	if (!p)
		return;
	for (int i = 0; i < p->nfree; i++)
		store_close(p->free_list[i]);
	pthread_mutex_destroy(&p->mu);
	pthread_cond_destroy(&p->cv);
	free(p->free_list);
	free(p->url);
	free(p);
}

struct store *store_pool_get(struct store_pool *p)
{
	struct store *s = NULL;
	pthread_mutex_lock(&p->mu);
	for (;;) {
		if (p->nfree > 0) {
			s = p->free_list[--p->nfree];
			break;
		}
		if (p->opened < p->max) {
			p->opened++;
			pthread_mutex_unlock(&p->mu);
			if (store_open(p->url, &s) != TB_OK) {
				pthread_mutex_lock(&p->mu);
				p->opened--;
				pthread_cond_signal(&p->cv);
				pthread_mutex_unlock(&p->mu);
				return NULL;
			}
			return s;
		}
		pthread_cond_wait(&p->cv, &p->mu);
	}
	pthread_mutex_unlock(&p->mu);
	return s;
}

void store_pool_put(struct store_pool *p, struct store *s)
{
	if (!s)
		return;
	pthread_mutex_lock(&p->mu);
	p->free_list[p->nfree++] = s;
	pthread_cond_signal(&p->cv);
	pthread_mutex_unlock(&p->mu);
}

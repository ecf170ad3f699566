/* store.c - backend selection, vtable dispatch and the connection pool. */
#include "store/store_impl.h"
#include "core/err.h"
#include "core/fault.h"
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

/* Every wrapper: dispatch or report the gap. Once an allocation has failed in
 * the current request (core/fault.h), nothing more reaches the database: the
 * request answers 500 anyway, and a write built from a value that could not
 * be copied would store a row with that value missing. */
#define DISPATCH(s, fn, ...)                                                          \
	do {                                                                              \
		if (fault_request_failed())                                                   \
			return TB_ENOMEM;                                                         \
		if (!(s)->ops->fn) {                                                          \
			tb_error("store: backend %s lacks " #fn, (s)->ops->name);                 \
			return TB_EDB;                                                            \
		}                                                                             \
		return (s)->ops->fn(__VA_ARGS__);                                             \
	} while (0)

/* Wrappers that load rows into the caller's arena: a string the arena could
 * not copy comes back NULL from the backend, which a caller would take for
 * SQL NULL (and did: GET answered 200 with null fields, or crashed on a NULL
 * status). Since the arena's failure flag is sticky, one check here turns any
 * such load into TB_ENOMEM. */
#define DISPATCH_A(s, a, fn, ...)                                                     \
	do {                                                                              \
		int rc_;                                                                      \
		if (fault_request_failed())                                                   \
			return TB_ENOMEM;                                                         \
		if (!(s)->ops->fn) {                                                          \
			tb_error("store: backend %s lacks " #fn, (s)->ops->name);                 \
			return TB_EDB;                                                            \
		}                                                                             \
		rc_ = (s)->ops->fn(__VA_ARGS__);                                              \
		return rc_ == TB_OK && (a)->failed ? TB_ENOMEM : rc_;                         \
	} while (0)

void store_close(struct store *s) { if (s) s->ops->close(s); }
const char *store_errmsg(struct store *s) { return s->ops->errmsg ? s->ops->errmsg(s) : ""; }
int store_migrate(struct store *s, int *applied) { DISPATCH(s, migrate, s, applied); }
int store_schema_version(struct store *s, int *v) { DISPATCH(s, schema_version, s, v); }
int store_begin(struct store *s) { DISPATCH(s, begin, s); }
int store_commit(struct store *s)
{
	/* A transaction during which an allocation failed is never committed. */
	if (fault_request_failed()) {
		s->ops->rollback(s);
		return TB_ENOMEM;
	}
	DISPATCH(s, commit, s);
}
/* Rollback must work after a failure: it is how a failed request cleans up. */
int store_rollback(struct store *s) { return s->ops->rollback ? s->ops->rollback(s) : TB_EDB; }

int store_org_insert(struct store *s, struct org *o) { DISPATCH(s, org_insert, s, o); }
int store_org_update(struct store *s, const struct org *o) { DISPATCH(s, org_update, s, o); }
int store_org_get(struct store *s, struct arena *a, int64_t id, struct org *out)
{ DISPATCH_A(s, a, org_get, s, a, id, out); }
int store_org_find_by_name(struct store *s, struct arena *a, const char *name, struct org *out)
{ DISPATCH_A(s, a, org_find_by_name, s, a, name, out); }
int store_org_list(struct store *s, struct arena *a, const struct org_query *q, struct org **out,
                   int *n, int64_t *total)
{ DISPATCH_A(s, a, org_list, s, a, q, out, n, total); }

int store_ach_insert(struct store *s, struct achievement *x) { DISPATCH(s, ach_insert, s, x); }
int store_ach_update(struct store *s, const struct achievement *x) { DISPATCH(s, ach_update, s, x); }
int store_ach_set_status(struct store *s, int64_t id, const char *st, const char *note)
{ DISPATCH(s, ach_set_status, s, id, st, note); }
int store_ach_get(struct store *s, struct arena *a, int64_t id, struct achievement *out)
{ DISPATCH_A(s, a, ach_get, s, a, id, out); }
int store_ach_list(struct store *s, struct arena *a, const struct catalog_query *q,
                   struct achievement **out, int *n, int64_t *total)
{ DISPATCH_A(s, a, ach_list, s, a, q, out, n, total); }
int store_ach_each(struct store *s, const char *status,
                   int (*cb)(void *, const struct achievement *), void *ctx)
{ DISPATCH(s, ach_each, s, status, cb, ctx); }
int store_ach_facet(struct store *s, struct arena *a, const char *facet,
                    const struct catalog_query *q, struct facet **out, int *n)
{ DISPATCH_A(s, a, ach_facet, s, a, facet, q, out, n); }

int store_dem_insert(struct store *s, struct demand *x) { DISPATCH(s, dem_insert, s, x); }
int store_dem_update(struct store *s, const struct demand *x) { DISPATCH(s, dem_update, s, x); }
int store_dem_set_status(struct store *s, int64_t id, const char *st, const char *note)
{ DISPATCH(s, dem_set_status, s, id, st, note); }
int store_dem_get(struct store *s, struct arena *a, int64_t id, struct demand *out)
{ DISPATCH_A(s, a, dem_get, s, a, id, out); }
int store_dem_list(struct store *s, struct arena *a, const struct catalog_query *q,
                   struct demand **out, int *n, int64_t *total)
{ DISPATCH_A(s, a, dem_list, s, a, q, out, n, total); }
int store_dem_each(struct store *s, const char *status,
                   int (*cb)(void *, const struct demand *), void *ctx)
{ DISPATCH(s, dem_each, s, status, cb, ctx); }

/* == bulk loading: import and demo == */
int store_bulk_mode(struct store *s, int on) { DISPATCH(s, bulk_mode, s, on); }

/* == accounts: users, sessions, tokens, audit == */
int store_user_insert(struct store *s, struct user *u) { DISPATCH(s, user_insert, s, u); }
int store_user_update(struct store *s, const struct user *u) { DISPATCH(s, user_update, s, u); }
int store_user_set_password(struct store *s, int64_t id, const char *h)
{ DISPATCH(s, user_set_password, s, id, h); }
int store_user_get(struct store *s, struct arena *a, int64_t id, struct user *out)
{ DISPATCH_A(s, a, user_get, s, a, id, out); }
int store_user_find_by_email(struct store *s, struct arena *a, const char *email, struct user *out)
{ DISPATCH_A(s, a, user_find_by_email, s, a, email, out); }
int store_user_list(struct store *s, struct arena *a, const struct user_query *q,
                    struct user **out, int *n, int64_t *total)
{ DISPATCH_A(s, a, user_list, s, a, q, out, n, total); }
int store_user_org_link(struct store *s, int64_t user_id, int64_t org_id)
{ DISPATCH(s, user_org_link, s, user_id, org_id); }
int store_user_org_linked(struct store *s, int64_t user_id, int64_t org_id, int *linked)
{ DISPATCH(s, user_org_linked, s, user_id, org_id, linked); }
int store_user_org_list(struct store *s, struct arena *a, int64_t user_id, int64_t **out, int *n)
{ DISPATCH_A(s, a, user_org_list, s, a, user_id, out, n); }
int store_cred_insert(struct store *s, struct credential *c) { DISPATCH(s, cred_insert, s, c); }
int store_cred_find(struct store *s, struct arena *a, const char *h, int64_t now, struct credential *out)
{ DISPATCH_A(s, a, cred_find, s, a, h, now, out); }
int store_cred_list(struct store *s, struct arena *a, int64_t user_id, const char *kind, int64_t now,
                    struct credential **out, int *n)
{ DISPATCH_A(s, a, cred_list, s, a, user_id, kind, now, out, n); }
int store_cred_delete(struct store *s, int64_t user_id, int64_t id)
{ DISPATCH(s, cred_delete, s, user_id, id); }
int store_cred_delete_user(struct store *s, int64_t user_id, int64_t except_id, int *deleted)
{ DISPATCH(s, cred_delete_user, s, user_id, except_id, deleted); }
int store_cred_purge(struct store *s, int64_t now) { DISPATCH(s, cred_purge, s, now); }
int store_login_fail_add(struct store *s, const char *key, int64_t at)
{ DISPATCH(s, login_fail_add, s, key, at); }
int store_login_fail_count(struct store *s, const char *key, int64_t since, int *count, int64_t *oldest)
{ DISPATCH(s, login_fail_count, s, key, since, count, oldest); }
int store_login_fail_clear(struct store *s, const char *key) { DISPATCH(s, login_fail_clear, s, key); }
int store_audit_append(struct store *s, const struct audit_entry *e) { DISPATCH(s, audit_append, s, e); }
int store_audit_list(struct store *s, struct arena *a, const struct audit_query *q,
                     struct audit_entry **out, int *n, int64_t *total)
{ DISPATCH_A(s, a, audit_list, s, a, q, out, n, total); }
int store_audit_each(struct store *s, const struct audit_query *q,
                     int (*cb)(void *, const struct audit_entry *), void *ctx)
{ DISPATCH(s, audit_each, s, q, cb, ctx); }


/* == instruments and bookings == */
int store_instr_insert(struct store *s, struct instrument *x) { DISPATCH(s, instr_insert, s, x); }
int store_instr_update(struct store *s, const struct instrument *x)
{ DISPATCH(s, instr_update, s, x); }
int store_instr_get(struct store *s, struct arena *a, int64_t id, struct instrument *out)
{ DISPATCH_A(s, a, instr_get, s, a, id, out); }
int store_instr_list(struct store *s, struct arena *a, const struct instr_query *q,
                     struct instrument **out, int *n, int64_t *total)
{ DISPATCH_A(s, a, instr_list, s, a, q, out, n, total); }
int store_instr_free(struct store *s, struct arena *a, const char *from, const char *to,
                     const char *category, int limit, struct instrument **out, int *n)
{ DISPATCH_A(s, a, instr_free, s, a, from, to, category, limit, out, n); }
int store_instr_counts(struct store *s, int64_t *instruments, int64_t *institutions, int64_t *kpi)
{ DISPATCH(s, instr_counts, s, instruments, institutions, kpi); }
int store_instr_usage(struct store *s, struct arena *a, const char *from, const char *to,
                      struct instr_usage **out, int *n)
{ DISPATCH_A(s, a, instr_usage, s, a, from, to, out, n); }
int store_instr_revenue(struct store *s, const char *from, const char *to, int64_t owner_org,
                        double *yuan, int64_t *uses)
{ DISPATCH(s, instr_revenue, s, from, to, owner_org, yuan, uses); }
int store_booking_create(struct store *s, struct booking *b) { DISPATCH(s, booking_create, s, b); }
int store_booking_get(struct store *s, struct arena *a, int64_t id, struct booking *out)
{ DISPATCH_A(s, a, booking_get, s, a, id, out); }
int store_booking_list(struct store *s, struct arena *a, const struct booking_query *q,
                       struct booking **out, int *n, int64_t *total)
{ DISPATCH_A(s, a, booking_list, s, a, q, out, n, total); }
int store_booking_busy(struct store *s, struct arena *a, int64_t instrument_id, const char *from,
                       const char *to, struct booking **out, int *n)
{ DISPATCH_A(s, a, booking_busy, s, a, instrument_id, from, to, out, n); }
int store_booking_set_status(struct store *s, int64_t id, const char *expect, const char *status,
                             const char *note, const char *offer_expires)
{ DISPATCH(s, booking_set_status, s, id, expect, status, note, offer_expires); }
int store_booking_record_usage(struct store *s, const struct booking *b)
{ DISPATCH(s, booking_record_usage, s, b); }
int store_booking_next_waitlisted(struct store *s, struct arena *a, int64_t instrument_id,
                                  const char *now, struct booking *out)
{ DISPATCH_A(s, a, booking_next_waitlisted, s, a, instrument_id, now, out); }
int store_booking_expire_offers(struct store *s, const char *now, int64_t *instruments, int max,
                                int *n)
{ DISPATCH(s, booking_expire_offers, s, now, instruments, max, n); }
int store_qual_insert(struct store *s, struct qualification *q) { DISPATCH(s, qual_insert, s, q); }
int store_qual_valid(struct store *s, int64_t instrument_id, const char *email, const char *date,
                     int *valid)
{ DISPATCH(s, qual_valid, s, instrument_id, email, date, valid); }
int store_qual_list(struct store *s, struct arena *a, int64_t instrument_id,
                    struct qualification **out, int *n)
{ DISPATCH_A(s, a, qual_list, s, a, instrument_id, out, n); }


/* == contracts and indicators == */
int store_contract_insert(struct store *s, struct contract *c) { DISPATCH(s, contract_insert, s, c); }
int store_contract_update(struct store *s, const struct contract *c)
{ DISPATCH(s, contract_update, s, c); }
int store_contract_get(struct store *s, struct arena *a, int64_t id, struct contract *out)
{ DISPATCH_A(s, a, contract_get, s, a, id, out); }
int store_contract_list(struct store *s, struct arena *a, const struct contract_query *q,
                        struct contract **out, int *n, int64_t *total)
{ DISPATCH_A(s, a, contract_list, s, a, q, out, n, total); }
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
{ DISPATCH_A(s, a, target_list, s, a, year, region_code, out, n); }
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

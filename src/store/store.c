/* store.c - backend selection (a driver of the SQL backend, by URL), vtable
 * dispatch (generated from STORE_OPS) and the connection pool. */
#include "store/store_impl.h"
#include "store/sql/migrate.h"
#include "store/sql/sqd.h"
#include "core/err.h"
#include "core/fault.h"
#include "core/log.h"
#include "core/metrics.h"
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static _Thread_local char open_error[256];

const char *store_open_error(void) { return open_error; }

int store_open(const char *url, struct store **out)
{
	*out = NULL;
	open_error[0] = '\0';
	if (!url || !*url)
		return TB_EINVAL;
	/* postgresql:// and postgres:// select the PostgreSQL driver. */
	if (strncmp(url, "postgres://", 11) == 0 || strncmp(url, "postgresql://", 13) == 0)
		return sq_store_open(&sqd_pg, &pg_migrations, url, out, open_error, sizeof(open_error));
	/* sqlite:PATH or a plain path: the SQLite driver. */
	if (strncmp(url, "sqlite:", 7) == 0)
		url += 7;
	return sq_store_open(&sqd_sqlite, &sqlite_migrations, url, out, open_error, sizeof(open_error));
}

void store_close(struct store *s) { if (s) s->ops->close(s); }
const char *store_errmsg(struct store *s) { return s->ops->errmsg ? s->ops->errmsg(s) : ""; }

/* Once an allocation has failed in the current request (core/fault.h),
 * nothing more reaches the database: the request answers 500 anyway, and a
 * write built from a value that could not be copied would store a row with
 * that value missing. A transaction is then never committed, and rollback,
 * how a failed request cleans up, still runs. */
static int store_refuse(struct store *s, const char *op)
{
	if (!strcmp(op, "rollback"))
		return s->ops->rollback(s);
	if (!strcmp(op, "commit"))
		s->ops->rollback(s);
	return TB_ENOMEM;
}

/* Every operation of store_ops.h: store_<name>(s, ...) calls the backend's
 * entry. Backends fill every entry from the same list (see sq.c), so there is
 * no NULL to check for. A load into an arena that could not copy a string
 * gets NULL from the backend, which a caller would take for SQL NULL (GET once
 * answered 200 with null fields, or crashed on a NULL status): every allocator
 * counts its failures per thread (in a request or a CLI command alike), so a
 * count that moved during the call turns any such load into TB_ENOMEM. */
#define X(ret, name, params, args)                                                        \
	ret store_##name params                                                               \
	{                                                                                     \
		ret rc_;                                                                          \
		int failed_ = fault_failures();                                                   \
		if (fault_request_failed())                                                       \
			return store_refuse(s, #name);                                                \
		rc_ = s->ops->name args;                                                          \
		return rc_ == TB_OK && fault_failures() != failed_ ? TB_ENOMEM : rc_;             \
	}
STORE_OPS(X)
#undef X

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
	int waited = 0;
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
				/* The request answers 503; the log says why. */
				tb_warn("store: cannot open a connection: %s", store_open_error());
				pthread_mutex_lock(&p->mu);
				p->opened--;
				pthread_cond_signal(&p->cv);
				pthread_mutex_unlock(&p->mu);
				return NULL;
			}
			return s;
		}
		/* Every connection is in use: this request waits (core/metrics.h),
		 * counted once per request, as it starts waiting. */
		{
			uint64_t t0 = tbm_now_us();
			if (!waited++)
				tbm_inc(TBM_POOL_WAITS);
			pthread_cond_wait(&p->cv, &p->mu);
			tbm_add(TBM_POOL_WAIT_US, tbm_now_us() - t0);
		}
	}
	pthread_mutex_unlock(&p->mu);
	return s;
}

void store_pool_adopt(struct store_pool *p, struct store *s)
{
	if (!s)
		return;
	pthread_mutex_lock(&p->mu);
	if (p->opened >= p->max) {
		pthread_mutex_unlock(&p->mu);
		store_close(s);
		return;
	}
	p->opened++;
	p->free_list[p->nfree++] = s;
	pthread_cond_signal(&p->cv);
	pthread_mutex_unlock(&p->mu);
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

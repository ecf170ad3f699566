/* app.c - opening the platform's data (see app.h). */
#include "domain/app.h"
#include "core/err.h"
#include "store/store.h"
#include <stdio.h>
#include <string.h>

int app_open(const char *url, int migrate, int *applied, struct store **out)
{
	int n = 0, rc = store_open(url, out);
	if (rc)
		return rc;
	if (migrate && (rc = store_migrate(*out, &n))) {
		store_close(*out);
		*out = NULL;
		return rc;
	}
	if (applied)
		*applied = n;
	return TB_OK;
}

void app_close(struct store *st)
{
	store_close(st);
}

int app_migrate(struct store *st, int *applied)
{
	return store_migrate(st, applied);
}

int app_schema_version(struct store *st, int *version)
{
	return store_schema_version(st, version);
}

int app_public_version(struct store *st, int64_t *version)
{
	return store_public_version(st, version);
}

int app_backup(struct store *st, const char *dest)
{
	return store_backup(st, dest);
}

const char *app_errmsg(struct store *st)
{
	return store_errmsg(st);
}

const char *app_url_shown(const char *url)
{
	static _Thread_local char out[512];
	const char *scheme = url ? strstr(url, "://") : NULL;
	const char *at, *colon;

	snprintf(out, sizeof(out), "%s", url ? url : "");
	if (!scheme)
		return out;
	scheme += 3;
	at = strchr(scheme, '@');
	colon = strchr(scheme, ':');
	/* user:password@ before the host: keep the user, hide the password. */
	if (at && colon && colon < at && !memchr(scheme, '/', (size_t)(at - scheme)))
		snprintf(out, sizeof(out), "%.*s:***%s", (int)(colon - url), url, at);
	return out;
}

const char *app_open_error(int rc)
{
	const char *why = store_open_error();
	return why && *why ? why : tb_strerror(rc);
}

int app_pool_new(const char *url, int max_conns, struct store_pool **out)
{
	return store_pool_new(url, max_conns, out);
}

void app_pool_free(struct store_pool *p)
{
	store_pool_free(p);
}

struct store *app_pool_get(struct store_pool *p)
{
	return store_pool_get(p);
}

void app_pool_adopt(struct store_pool *p, struct store *st)
{
	store_pool_adopt(p, st);
}

void app_pool_put(struct store_pool *p, struct store *st)
{
	/* A handler that returned early inside a transaction (a failed step)
	 * must not hand the next request an open one; a no-op otherwise. */
	if (st)
		store_rollback(st);
	store_pool_put(p, st);
}

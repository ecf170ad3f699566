/* app.h - opening the platform's data for a program: the CLI and the server
 * open the database here (app_open), never through store.h, so that api and
 * cli depend on domain only (issue #11). A `struct store` stays an opaque
 * handle above domain. */
#ifndef TB_APP_H
#define TB_APP_H

#include <stdint.h>

struct store;
struct store_pool;

/* url: "sqlite:PATH" or a plain PATH (docs/store.md). With migrate set,
 * pending schema migrations are applied (*applied, may be NULL, gets how
 * many). On failure nothing stays open. */
int app_open(const char *url, int migrate, int *applied, struct store **out);
void app_close(struct store *st);
int app_migrate(struct store *st, int *applied);
int app_schema_version(struct store *st, int *version);
/* The counter every change to public data bumps in the same transaction
 * (store_public_version): the API's public answer cache keys on it. */
int app_public_version(struct store *st, int64_t *version);
/* An online backup of the database into the file dest (whole or absent);
 * TB_EINVAL where the backend has its own tools (docs/deploy.md). */
int app_backup(struct store *st, const char *dest);
/* The backend's last message: for logs, never for users. */
const char *app_errmsg(struct store *st);
/* For a CLI's "cannot open URL: CAUSE" line: the URL with any password
 * replaced by *** (postgresql://user:***@host/db), and the cause of the last
 * failed app_open of this thread (the driver's one-line message, else
 * tb_strerror(rc)). Both point to per-thread buffers. */
const char *app_url_shown(const char *url);
const char *app_open_error(int rc);

/* A server's pool of connections (one per request). */
int app_pool_new(const char *url, int max_conns, struct store_pool **out);
void app_pool_free(struct store_pool *p);
struct store *app_pool_get(struct store_pool *p);  /* blocks until one is free; NULL on error */
/* Returns a connection, rolling back a transaction left open. */
void app_pool_put(struct store_pool *p, struct store *st);
/* The connection a program opened to migrate and load becomes the pool's
 * first, so the first request does not wait for a new one (a PostgreSQL
 * connection is a new server process). */
void app_pool_adopt(struct store_pool *p, struct store *st);

#endif

/* digest.h - the opt-in e-mail digest of alerts (issue #16) and its
 * unsubscribe link. A user chooses daily or weekly; the maintenance run
 * (under the lease, never a request) mails each due user their unmailed
 * alerts in one UTF-8 message and marks them mailed only after the server
 * accepted it, so a failing SMTP server delays the digest (back-off 1, 2, 4
 * ... minutes up to 6 hours) but loses nothing. The unsubscribe link carries
 * the user id and crypto_auth(key, "unsubscribe:<id>") with a server key kept
 * in the database: it works without login, cannot be forged, and cannot be
 * replayed for another user. */
#ifndef TB_DIGEST_H
#define TB_DIGEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "store/store.h"

extern const char *const digest_names[]; /* none daily weekly */

/* Sends one message; 0 = accepted by the server. */
typedef int (*digest_send_fn)(void *ctx, const char *to, const char *msg, size_t len);

struct digest_config {
	const char *from;         /* --mail-from */
	const char *public_url;   /* --public-url: links in the message */
	digest_send_fn send;
	void *ctx;
};

struct digest_report { int sent, failed, empty; };

#define DIGEST_TOKEN_HEX 64      /* crypto_auth_BYTES * 2 */
/* The unsubscribe token of a user, hex. */
int digest_token(struct store *st, int64_t user_id, char out[DIGEST_TOKEN_HEX + 1]);
/* TB_OK when token is user_id's; TB_EPERM otherwise. */
int digest_token_verify(struct store *st, int64_t user_id, const char *token);

int digest_run(struct store *st, int64_t now, const struct digest_config *cfg,
               struct digest_report *r);

/* Seconds until the retry after `failures` consecutive failures. */
int64_t digest_backoff(int failures);

/* The digest preference (none daily weekly), for the API (issue #11). */
int digest_pref_get(struct store *st, struct arena *a, int64_t user_id, const char **digest);
int digest_pref_put(struct store *st, int64_t user_id, const char *digest);

#endif

/* digest.c - e-mail digests of alerts and signed unsubscribe links
 * (domain/digest.h). The message is plain text, UTF-8, base64 body and an
 * RFC 2047 encoded subject, so any SMTP server carries it unchanged. */
#include "domain/digest.h"
#include "domain/alerts.h"
#include "core/buf.h"
#include "core/err.h"
#include "core/log.h"
#include "core/util.h"
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

const char *const digest_names[] = { "none", "daily", "weekly", NULL };

static int server_key(struct store *st, unsigned char key[crypto_auth_KEYBYTES])
{
	unsigned char cand[crypto_auth_KEYBYTES];
	if (sodium_init() < 0)
		return TB_EIO;
	crypto_auth_keygen(cand);
	/* The first node's candidate is stored; every node then reads the same key. */
	return store_server_key(st, "unsubscribe", cand, sizeof(cand), key);
}

static void message_of(int64_t user_id, char *m, size_t msz)
{
	snprintf(m, msz, "unsubscribe:%lld", (long long)user_id);
}

int digest_token(struct store *st, int64_t user_id, char out[DIGEST_TOKEN_HEX + 1])
{
	unsigned char key[crypto_auth_KEYBYTES], mac[crypto_auth_BYTES];
	char m[48];
	int rc;
	if ((rc = server_key(st, key)))
		return rc;
	message_of(user_id, m, sizeof(m));
	crypto_auth(mac, (const unsigned char *)m, strlen(m), key);
	sodium_bin2hex(out, DIGEST_TOKEN_HEX + 1, mac, sizeof(mac));
	sodium_memzero(key, sizeof(key));
	return TB_OK;
}

int digest_token_verify(struct store *st, int64_t user_id, const char *token)
{
	unsigned char key[crypto_auth_KEYBYTES], mac[crypto_auth_BYTES];
	size_t len = 0;
	char m[48];
	int rc;
	if (!token || strlen(token) != DIGEST_TOKEN_HEX ||
	    sodium_hex2bin(mac, sizeof(mac), token, DIGEST_TOKEN_HEX, NULL, &len, NULL) || len != sizeof(mac))
		return TB_EPERM;
	if ((rc = server_key(st, key)))
		return rc;
	message_of(user_id, m, sizeof(m));
	rc = crypto_auth_verify(mac, (const unsigned char *)m, strlen(m), key) == 0 ? TB_OK : TB_EPERM;
	sodium_memzero(key, sizeof(key));
	return rc;
}

int64_t digest_backoff(int failures)
{
	int64_t s = 60;
	for (int i = 1; i < failures && s < 6 * 3600; i++)
		s *= 2;
	return s < 6 * 3600 ? s : 6 * 3600;
}

static void b64(struct buf *b, const char *s, size_t n)
{
	char tmp[4096];
	/* 3000 input bytes per chunk (a multiple of 3) stay under tmp's size. */
	for (size_t off = 0; off < n; off += 3000) {
		size_t k = n - off < 3000 ? n - off : 3000;
		sodium_bin2base64(tmp, sizeof(tmp), (const unsigned char *)s + off, k,
		                  sodium_base64_VARIANT_ORIGINAL);
		buf_add(b, tmp, strlen(tmp));
	}
}

/* The body wrapped at 76 columns, as MIME asks of base64. */
static void b64_lines(struct buf *out, const char *s, size_t n)
{
	struct buf one = BUF_INIT(4u << 20);
	b64(&one, s, n);
	for (size_t i = 0; one.ptr && i < one.len; i += 76) {
		buf_add(out, one.ptr + i, one.len - i < 76 ? one.len - i : 76);
		buf_add(out, "\r\n", 2);
	}
	buf_release(&one);
}

static int compose(struct store *st, struct arena *a, const struct digest_config *cfg,
                   const struct mail_due *u, const struct notification *nt, int n, int64_t now,
                   struct buf *msg)
{
	struct buf body = BUF_INIT(2u << 20);
	char token[DIGEST_TOKEN_HEX + 1], date[64], subj[160];
	const char *unsub;
	struct tm tm;
	time_t t = (time_t)now;
	int rc;

	if ((rc = digest_token(st, u->user_id, token)))
		goto out;
	unsub = arena_printf(a, "%s/api/unsubscribe?u=%lld&t=%s", cfg->public_url,
	                     (long long)u->user_id, token);
	gmtime_r(&t, &tm);
	strftime(date, sizeof(date), "%a, %d %b %Y %H:%M:%S +0000", &tm);
	snprintf(subj, sizeof(subj), "科技成果与需求提醒 TechBridge alerts (%d)", n);
	buf_printf(&body, "您订阅的新发布条目 / New listings matching your subscriptions:\r\n\r\n");
	for (int i = 0; i < n; i++)
		buf_printf(&body, "- %s\r\n  %s\r\n  %s/%s/%lld\r\n", nt[i].text_zh, nt[i].text_en,
		           cfg->public_url, !strcmp(nt[i].item_kind, "achievement") ? "achievements" : "demands",
		           (long long)nt[i].item_id);
	buf_printf(&body, "\r\n退订 / Unsubscribe: %s\r\n", unsub);
	buf_printf(msg, "From: %s\r\nTo: %s\r\nDate: %s\r\nMessage-ID: <digest-%lld-%lld@techbridge>\r\n"
	                "Subject: =?UTF-8?B?", cfg->from, u->email, date, (long long)u->user_id,
	           (long long)now);
	b64(msg, subj, strlen(subj));
	buf_printf(msg, "?=\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n"
	                "Content-Transfer-Encoding: base64\r\nList-Unsubscribe: <%s>\r\n\r\n", unsub);
	b64_lines(msg, body.ptr ? body.ptr : "", body.len);
	if (msg->failed)
		rc = TB_ENOMEM;
out:
	buf_release(&body);
	return rc;
}

int digest_run(struct store *st, int64_t now, const struct digest_config *cfg,
               struct digest_report *r)
{
	struct arena a;
	struct mail_due *due;
	int n, rc;

	memset(r, 0, sizeof(*r));
	arena_init(&a, 32u << 20);
	if ((rc = store_mail_due(st, &a, now, 200, &due, &n)))
		goto out;
	for (int i = 0; i < n && !rc; i++) {
		const struct mail_due *u = &due[i];
		int64_t period = !strcmp(u->digest, "weekly") ? 7 * 86400 : 86400;
		struct notification *nt;
		struct buf msg = BUF_INIT(4u << 20);
		int64_t upto;
		int k;
		if ((rc = store_mail_pending(st, &a, u->user_id, 200, &nt, &k)))
			break;
		/* Alerts for listings that expired or closed since are not mailed
		 * (issue #16); they count as handled up to the last pending one. */
		upto = k ? nt[k - 1].id : 0;
		if ((rc = alerts_keep_live(st, &a, nt, &k, now)))
			break;
		if (!k) { /* nothing new: look again next period */
			rc = store_mail_sent(st, u->user_id, upto, now + period);
			r->empty++;
			continue;
		}
		rc = compose(st, &a, cfg, u, nt, k, now, &msg);
		if (!rc && cfg->send(cfg->ctx, u->email, msg.ptr, msg.len) == 0) {
			/* Marked only after the server took it: a crash before this line
			 * sends it again, which is better than never. */
			rc = store_mail_sent(st, u->user_id, upto, now + period);
			r->sent++;
		} else if (!rc) {
			rc = store_mail_failed(st, u->user_id, u->failures + 1,
			                       now + digest_backoff(u->failures + 1));
			r->failed++;
			tb_error("digest for user %lld not sent; retry in %lld s", (long long)u->user_id,
			         (long long)digest_backoff(u->failures + 1));
		}
		buf_release(&msg);
	}
out:
	arena_release(&a);
	return rc;
}

int digest_pref_get(struct store *st, struct arena *a, int64_t user_id, const char **digest)
{
	return store_mail_pref_get(st, a, user_id, digest);
}

int digest_pref_put(struct store *st, int64_t user_id, const char *digest)
{
	return store_mail_pref_put(st, user_id, digest);
}

/* smtp.c - one message over SMTP with libcurl's easy interface
 * (CURLOPT_MAIL_FROM, CURLOPT_MAIL_RCPT, the message read from memory).
 * Called from the maintenance scheduler, never from a request. */
#include "http/smtp.h"
#include "core/err.h"
#include <curl/curl.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

struct reader { const char *p; size_t left; };

static size_t read_cb(char *buf, size_t size, size_t n, void *ud)
{
	struct reader *r = ud;
	size_t want = size * n, k = r->left < want ? r->left : want;
	memcpy(buf, r->p, k);
	r->p += k;
	r->left -= k;
	return k;
}

static pthread_once_t once = PTHREAD_ONCE_INIT;
static void global_init(void) { curl_global_init(CURL_GLOBAL_DEFAULT); }

int smtp_send(const char *url, const char *from, const char *to, const char *msg, size_t len,
              long timeout_s, char *err, size_t errsz)
{
	struct reader r = { msg, len };
	struct curl_slist *rcpt = NULL;
	char ebuf[CURL_ERROR_SIZE] = "";
	CURL *c;
	CURLcode cc;
	int rc = TB_OK;

	pthread_once(&once, global_init);
	if (!(c = curl_easy_init()))
		return snprintf(err, errsz, "curl_easy_init failed"), TB_ENOMEM;
	if (!(rcpt = curl_slist_append(NULL, to))) {
		curl_easy_cleanup(c);
		return snprintf(err, errsz, "no memory"), TB_ENOMEM;
	}
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_MAIL_FROM, from);
	curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt);
	curl_easy_setopt(c, CURLOPT_READFUNCTION, read_cb);
	curl_easy_setopt(c, CURLOPT_READDATA, &r);
	curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, timeout_s);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, timeout_s);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L); /* a thread: no SIGALRM for timeouts */
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, ebuf);
	if ((cc = curl_easy_perform(c)) != CURLE_OK) {
		snprintf(err, errsz, "%s", ebuf[0] ? ebuf : curl_easy_strerror(cc));
		rc = TB_EIO;
	}
	curl_slist_free_all(rcpt);
	curl_easy_cleanup(c);
	return rc;
}

/* smtp.h - sending one prepared RFC 5322 message over SMTP with libcurl
 * (issue #16 e-mail digests). The only place that includes curl.h. */
#ifndef TB_SMTP_H
#define TB_SMTP_H

#include <stddef.h>

/* url: smtp://host:port (or smtps://); 0 = sent, otherwise TB_EIO with the
 * reason in err. Blocks at most timeout_s seconds. */
int smtp_send(const char *url, const char *from, const char *to, const char *msg, size_t len,
              long timeout_s, char *err, size_t errsz);

#endif

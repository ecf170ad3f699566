/* buf.h - growable byte buffer with a required size cap (curl's dynbuf,
 * git's strbuf verbs). The content is always NUL-terminated. A buffer that
 * would grow past `max` fails with TB_ETOOBIG and keeps its old content, so a
 * hostile input can never make us allocate without bound. */
#ifndef TB_BUF_H
#define TB_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct buf {
	char *ptr;
	size_t len;
	size_t cap;
	size_t max;
};

#define BUF_INIT(maxbytes) { NULL, 0, 0, (maxbytes) }

void buf_init(struct buf *b, size_t max);
void buf_release(struct buf *b);       /* free memory, back to empty */
void buf_reset(struct buf *b);         /* length 0, keep memory */
int buf_grow(struct buf *b, size_t extra);
int buf_add(struct buf *b, const void *p, size_t n);
int buf_adds(struct buf *b, const char *s);
int buf_addc(struct buf *b, char c);
int buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int buf_vprintf(struct buf *b, const char *fmt, va_list ap);
char *buf_detach(struct buf *b, size_t *len); /* caller frees */

#endif

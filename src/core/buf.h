/* buf.h - growable byte buffer with a required size cap (curl's dynbuf,
 * git's strbuf verbs). The content is always NUL-terminated. A buffer that
 * would grow past `max` fails with TB_ETOOBIG and keeps its old content, so a
 * hostile input can never make us allocate without bound. A failed growth
 * also sets the sticky `failed` flag (cleared only by reset/release), so code
 * that appends many pieces can check once at the end, and the API router
 * refuses to send a response body whose writing failed part-way. */
#ifndef TB_BUF_H
#define TB_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct buf {
	char *ptr;
	size_t len;
	size_t cap;
	size_t max;
	int failed;   /* sticky: a growth failed (cap, OOM or injected) since the last reset */
};

#define BUF_INIT(maxbytes) { NULL, 0, 0, (maxbytes), 0 }

void buf_init(struct buf *b, size_t max);
void buf_release(struct buf *b);       /* free memory, back to empty */
void buf_reset(struct buf *b);         /* length 0, keep memory, clear `failed` */
int buf_grow(struct buf *b, size_t extra);
int buf_add(struct buf *b, const void *p, size_t n);
int buf_adds(struct buf *b, const char *s);
int buf_addc(struct buf *b, char c);
int buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int buf_vprintf(struct buf *b, const char *fmt, va_list ap);
char *buf_detach(struct buf *b, size_t *len); /* caller frees */

#endif

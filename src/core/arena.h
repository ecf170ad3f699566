/* arena.h - per-request bump allocator (h2o's mem pool). Everything a request
 * or a CLI command allocates for its structs and strings comes from one arena
 * and is released at once, so handlers need no frees and cannot leak. */
#ifndef TB_ARENA_H
#define TB_ARENA_H

#include <stddef.h>

struct arena_chunk;

struct arena {
	struct arena_chunk *head;
	size_t used_total;
	size_t max;   /* cap on total bytes; allocation fails past it */
	/* Sticky: set by any failed allocation (cap, OOM, injected) and never
	 * cleared until release. A caller that got NULL may pass it on as "no
	 * value" (sq_col_text does); the API router checks this flag once after the
	 * handler and answers 500 instead of a 200 with missing fields. */
	int failed;
};

void arena_init(struct arena *a, size_t max);
void arena_release(struct arena *a);
void *arena_alloc(struct arena *a, size_t n);     /* zeroed, 16-byte aligned; NULL on cap/OOM */
char *arena_strdup(struct arena *a, const char *s); /* NULL in -> NULL out */
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_printf(struct arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif

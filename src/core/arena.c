/* arena.c - see arena.h. Chunks grow geometrically; large requests get their own chunk. */
#include "core/arena.h"
#include "core/fault.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct arena_chunk {
	struct arena_chunk *next;
	size_t cap, used;
	_Alignas(16) unsigned char data[];
};

void arena_init(struct arena *a, size_t max)
{
	a->head = NULL;
	a->used_total = 0;
	a->max = max;
	a->failed = 0;
}

void arena_release(struct arena *a)
{
	struct arena_chunk *c = a->head, *n;
	while (c) {
		n = c->next;
		free(c);
		c = n;
	}
	a->head = NULL;
	a->used_total = 0;
	a->failed = 0;
}

static void *fail(struct arena *a)
{
	a->failed = 1;
	fault_note_failure();
	return NULL;
}

void *arena_alloc(struct arena *a, size_t n)
{
	struct arena_chunk *c = a->head;
	size_t need = (n + 15) & ~(size_t)15;
	void *p;

	if (fault_should_fail() || need < n || need > a->max || a->used_total > a->max - need)
		return fail(a);
	if (!c || c->cap - c->used < need) {
		size_t cap = c ? c->cap * 2 : 4096;
		if (cap > 1 << 20)
			cap = 1 << 20;
		if (cap < need)
			cap = need;
		c = malloc(sizeof(*c) + cap);
		if (!c)
			return fail(a);
		c->cap = cap;
		c->used = 0;
		c->next = a->head;
		a->head = c;
	}
	p = c->data + c->used;
	c->used += need;
	a->used_total += need;
	memset(p, 0, n);
	return p;
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *p;
	if (!s)
		return NULL;
	p = arena_alloc(a, n + 1);
	if (!p)
		return NULL;
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *arena_strdup(struct arena *a, const char *s)
{
	return s ? arena_strndup(a, s, strlen(s)) : NULL;
}

char *arena_printf(struct arena *a, const char *fmt, ...)
{
	va_list ap, cp;
	int n;
	char *p;

	va_start(ap, fmt);
	va_copy(cp, ap);
	n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0 || !(p = arena_alloc(a, (size_t)n + 1))) {
		va_end(ap);
		return NULL;
	}
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

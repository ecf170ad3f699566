/* fault.h - allocation failure accounting and fault injection.
 *
 * Why: an allocation that fails deep inside a request (an arena string copy,
 * a jansson node, a buffer growth) used to vanish: the field came out NULL and
 * the API answered 200 with missing data. Every allocator we own (arena_alloc,
 * buf_grow, fault_malloc for jansson) reports failures here, per thread, so the
 * router can check once, after the handler, whether anything failed and answer
 * 500 instead (issue #10).
 *
 * The same hook injects failures for the torture run (docs/security.md): with
 * TB_FAIL_ALLOC=N in the environment the Nth counted allocation of every request
 * fails; with TB_FAIL_ALLOC=header each request chooses N with the
 * X-TB-Fail-Alloc header. Without TB_FAIL_ALLOC nothing is ever injected. */
#ifndef TB_FAULT_H
#define TB_FAULT_H

#include <stdbool.h>
#include <stddef.h>

#define FAULT_HEADER (-1L)

/* Reads TB_FAIL_ALLOC once: 0 = off, FAULT_HEADER, or N > 0. */
long fault_mode(void);
/* Starts counting for this thread's request; fail_at > 0 makes that allocation fail. */
void fault_begin(long fail_at);
/* Ends the request: returns how many allocations failed (real or injected) and
 * sets *injected when the injected failure was reached. */
int fault_end(bool *injected);
/* For allocators: true when this allocation must fail (injected). */
bool fault_should_fail(void);
/* For allocators: an allocation failed (cap, OOM or injected). */
void fault_note_failure(void);
/* Failures noted on this thread since fault_begin (or since the thread began). */
int fault_failures(void);
/* True between fault_begin and fault_end once an allocation has failed: the
 * store then refuses further work, so a request that lost a value on the way
 * can never write a row without it (no half-written data). */
bool fault_request_failed(void);
/* malloc through the hook (jansson's allocator in the server). */
void *fault_malloc(size_t n);

#endif

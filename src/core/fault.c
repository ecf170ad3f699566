/* fault.c - see fault.h. State is thread-local: the server answers each
 * request on one thread, so one request's counter never sees another's. */
#include "core/fault.h"
#include "core/util.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static _Thread_local long t_count;     /* counted allocations since fault_begin */
static _Thread_local long t_fail_at;   /* 0 = inject nothing */
static _Thread_local int t_failures;   /* failures noted since fault_begin */
static _Thread_local bool t_injected;
static _Thread_local bool t_in_request;

long fault_mode(void)
{
	const char *v = getenv("TB_FAIL_ALLOC");
	int64_t n;
	if (!v || !*v)
		return 0;
	if (!strcmp(v, "header"))
		return FAULT_HEADER;
	return parse_i64(v, &n) && n > 0 ? (long)n : 0;
}

void fault_begin(long fail_at)
{
	t_count = 0;
	t_fail_at = fail_at > 0 ? fail_at : 0;
	t_failures = 0;
	t_injected = false;
	t_in_request = true;
}

int fault_end(bool *injected)
{
	int n = t_failures;
	if (injected)
		*injected = t_injected;
	t_fail_at = 0;
	t_failures = 0;
	t_injected = false;
	t_in_request = false;
	return n;
}

bool fault_should_fail(void)
{
	if (!t_fail_at)
		return false;
	if (++t_count != t_fail_at)
		return false;
	t_injected = true;
	return true;
}

void fault_note_failure(void) { t_failures++; }

int fault_failures(void) { return t_failures; }

bool fault_request_failed(void) { return t_in_request && t_failures > 0; }

void *fault_malloc(size_t n)
{
	void *p = fault_should_fail() ? NULL : malloc(n);
	if (!p)
		fault_note_failure();
	return p;
}

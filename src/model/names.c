/* names.c - membership test for the NULL-terminated name tables in model/. */
#include "model/names.h"
#include <string.h>

bool name_in(const char *const *list, const char *s)
{
	if (!s)
		return false;
	for (; *list; list++)
		if (!strcmp(*list, s))
			return true;
	return false;
}

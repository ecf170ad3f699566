/* policy.c - the one place that decides who may do what. Until accounts
 * exist (docs/security.md), the server runs "open": reads are public and
 * writes are allowed, which is what the catalogue's first version and its
 * tests need. The accounts module replaces this with the role x resource x
 * action table. */
#include "api/api.h"

bool api_allow(struct api_ctx *c, const char *resource, const char *action, int64_t owner_org)
{
	return true;
}

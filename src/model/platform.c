/* platform.c - name tables of the platform registry (levels, statuses, link kinds). */
#include "model/platform.h"
#include <stddef.h>

const char *const platform_levels[] = { "national", "provincial", "city", NULL };
const char *const platform_statuses[] = { "active", "under_evaluation", "revoked", NULL };
const char *const platform_link_kinds[] = { "achievement", "instrument", "expert", NULL };

/* org.c - the organisation kinds table. */
#include "model/org.h"
#include <stddef.h>

const char *const org_kinds[] = { "university", "institute", "enterprise", "agency", "transfer",
                                  "government", NULL };

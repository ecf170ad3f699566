/* account.c - the role names. */
#include "model/account.h"
#include <stddef.h>

const char *const account_roles[] = { "admin", "reviewer", "org_admin", "member", "broker", NULL };

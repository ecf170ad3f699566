/* names.h - the one helper every name table (statuses, kinds, roles, modes)
 * needs: membership in a NULL-terminated list of names. */
#ifndef TB_MODEL_NAMES_H
#define TB_MODEL_NAMES_H

#include <stdbool.h>

bool name_in(const char *const *list, const char *s);

#endif

/* bulletin.c - name tables of the bulletin (model/bulletin.h). */
#include "model/bulletin.h"
#include <stddef.h>

const char *const bulletin_kinds[] = { "weekly", "monthly", NULL };
const char *const bulletin_sections[] = { "new_achievement", "new_demand", "closing_demand",
                                          "event", NULL };

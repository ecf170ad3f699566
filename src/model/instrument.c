/* instrument.c - the instrument name tables. */
#include "model/instrument.h"
#include <stddef.h>

const char *const weekday_keys[] = { "mon", "tue", "wed", "thu", "fri", "sat", "sun", NULL };
const char *const instrument_statuses[] = { "available", "maintenance", "retired", NULL };
const char *const instrument_services[] = { "self_operation", "staff_operated", "sample_testing",
                                            NULL };
const char *const fee_units[] = { "hour", "sample", NULL };
const char *const user_classes[] = { "internal", "academic", "enterprise", NULL };

/* booking.c - booking status names and the slot-holding set. The SQLite
 * backend's BOOKING_ACTIVE_SQL (store/sql/instruments.c) must list the
 * same statuses. */
#include "model/booking.h"
#include <stddef.h>
#include <string.h>

const char *const booking_statuses[] = { "pending", "approved", "rejected", "cancelled",
                                         "waitlisted", "offered", "completed", "expired", NULL };

bool booking_status_active(const char *s)
{
	return s && (!strcmp(s, "pending") || !strcmp(s, "approved") || !strcmp(s, "offered"));
}

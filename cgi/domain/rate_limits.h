/*
 * rate_limits.h — how much one account and one address may create in a window
 * (schema/016: the rate_limits counters, the limit_* settings): requests,
 * messages, complaints, uploaded photos. A page takes its share before it
 * creates anything; over a limit it answers 429 with Retry-After and
 * nothing is created or counted. Named for its table (limits.h is the C
 * library's). Sign-in, registration and reset codes have their own
 * throttles: accounts.h, resets.h.
 */
#ifndef AFTERCARE_RATE_LIMITS_H
#define AFTERCARE_RATE_LIMITS_H

#include <time.h>

#include "db.h"

enum limit_kind { LIMIT_REQUEST, LIMIT_MESSAGE, LIMIT_COMPLAINT, LIMIT_UPLOAD, LIMIT__MAX };

/* Settings read when a row is missing (schema/016's values). */
#define LIMIT_WINDOW_DEFAULT 600 /* seconds */

/* Counts n more of kind for account (e.g. "c:42") and address (NULL:
 * unknown, not counted). *wait = 0: taken. *wait > 0: the seconds until
 * the window that refused it is over; nothing was counted. n = 0 takes
 * nothing and always passes. */
enum db_err limit_take(struct db *db, struct arena *a, enum limit_kind kind,
                       const char *account, const char *address, int n, time_t now,
                       long *wait);

#endif

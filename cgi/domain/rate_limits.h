/*
 * rate_limits.h — how much one account and one address may create in a window
 * (schema/016: the rate_limits counters, the limit_* settings): requests,
 * messages, complaints, uploaded photos. A page takes its share before it
 * creates anything (a staff member's bulk assignment too); over a limit it
 * answers 429 with Retry-After and
 * nothing is created or counted. Named for its table (limits.h is the C
 * library's). Sign-in, registration and reset codes have their own
 * throttles: accounts.h, resets.h.
 */
#ifndef AFTERCARE_RATE_LIMITS_H
#define AFTERCARE_RATE_LIMITS_H

#include <time.h>

#include "db.h"

/* What customers create, and (LIMIT_BULK) the cases a staff member
 * assigns in bulk. */
enum limit_kind { LIMIT_REQUEST, LIMIT_MESSAGE, LIMIT_COMPLAINT, LIMIT_UPLOAD, LIMIT_BULK, LIMIT__MAX };

/* Settings read when a row is missing (schema/016's values). */
#define LIMIT_WINDOW_DEFAULT 600 /* seconds */

/* Counts n more of kind for account (e.g. "c:42") and address (NULL:
 * unknown, not counted). *wait = 0: taken. *wait > 0: the seconds until
 * the window that refused it is over; nothing was counted. n = 0 takes
 * nothing and always passes. */
enum db_err limit_take(struct db *db, struct arena *a, enum limit_kind kind,
                       const char *account, const char *address, int n, time_t now,
                       long *wait);

/* ---- the settings, for the manager's page (/staff/admin/limits) ---- */

/* Every limit_* setting by name, with the second-factor policy
 * (totp_required_roles, a comma list of role names): the names a page may
 * show and save, in order. */
#define LIMIT_SETTINGS 12
extern const char *const limit_setting_names[LIMIT_SETTINGS];
#define LIMIT_SETTING_MAX 1000000  /* the largest count or window a page takes */
#define TOTP_ROLES_SETTING "totp_required_roles"

/* values[i] of limit_setting_names[i] (NULL when the row is missing) and
 * *totp_roles. */
enum db_err limit_settings_get(struct db *db, struct arena *a, const char *values[LIMIT_SETTINGS],
                               const char **totp_roles);
/* All of them in one transaction (values already checked). */
/* Audited (audit.h AUDIT_SETTINGS) as staff_id's change. */
enum db_err limit_settings_save(struct db *db, struct arena *a, long long staff_id, time_t now,
                                const long long values[LIMIT_SETTINGS],
                                const char *totp_roles);

#endif

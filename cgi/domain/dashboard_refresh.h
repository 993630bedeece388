/*
 * dashboard_refresh.h — bringing the dashboard's summaries (schema/009) up
 * to date before dashboard.c reads them (dashboard_refresh.c).
 */
#ifndef AFTERCARE_DASHBOARD_REFRESH_H
#define AFTERCARE_DASHBOARD_REFRESH_H

#include <time.h>

#include "db.h"

#define DAY_SECS 86400

/* Recomputes the stale local days of [from, to) (starts of local days, as
 * dash_load takes them), then sums again the whole months of the period
 * that have ended by now where one of their days has changed. [*mfrom,
 * *mto): those months, to be read from the monthly rows (both `to` when
 * there are none); the rest of the period is read from the daily rows. */
enum db_err dash_refresh(struct db *db, struct arena *a, time_t from, time_t to, time_t now,
                         time_t *mfrom, time_t *mto);

#endif

/*
 * sla.h — a case's time limits in the database: the calendar overrides,
 * the timers of case_timers, and cases.next_due for the queue.
 */
#ifndef AFTERCARE_SLA_H
#define AFTERCARE_SLA_H

#include <stdbool.h>
#include <time.h>

#include "db.h"
#include "timers.h"

/* The calendar overrides, sorted, in the arena. */
enum db_err calendar_load(struct db *db, struct arena *a, struct calendar *cal);
/* Read, and write back with cases.next_due (inside the caller's tx). */
enum db_err sla_load(struct db *db, struct arena *a, long long case_id,
                     struct sla_clocks *c);
enum db_err sla_save(struct db *db, long long case_id, const struct sla_clocks *c);

/* Apply one event to a case's timers: load, sla_on_event, save. */
enum db_err sla_event(struct db *db, struct arena *a, long long case_id,
                      const char *type, const char *action, bool staff, time_t now);

#endif

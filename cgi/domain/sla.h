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
/* The calendar of generation gen (data_versions 'calendar', schema/011,
 * read by the caller with CALENDAR_GEN_SQL in a statement it runs anyway):
 * the one this connection kept when it is of that generation, else loaded
 * now and kept. *cal lives until the next call on this connection. gen <= 0
 * always loads. */
enum db_err calendar_current(struct db *db, long long gen, const struct calendar **cal);
#define CALENDAR_GEN_SQL "(SELECT gen FROM data_versions WHERE name = 'calendar')"
/* The overrides of one year for the manager's page. */
struct cal_day {
	const char *day;   /* "2026-10-01" */
	bool working;
	const char *note;
};
enum db_err calendar_year(struct db *db, struct arena *a, int year,
                          struct cal_day **days, size_t *n);
/* Sets (insert or replace) or removes one day's override. Due times
 * already computed stay as they are; new ones use the change. */
enum db_err calendar_set(struct db *db, const char *day, bool working, const char *note);
enum db_err calendar_remove(struct db *db, const char *day, bool *removed);

/* Read, and write back with cases.next_due (inside the caller's tx). */
enum db_err sla_load(struct db *db, struct arena *a, long long case_id,
                     struct sla_clocks *c);
enum db_err sla_save(struct db *db, long long case_id, const struct sla_clocks *c);

/* Apply one step to a case's timers: load, sla_on_event, save. */
enum db_err sla_event(struct db *db, struct arena *a, long long case_id,
                      const struct sla_step *s, time_t now);

#endif

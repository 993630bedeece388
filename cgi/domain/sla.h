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

/* The time limits (timers.h) from (name, value) rows of settings or of
 * sla_limits (schema/031): sla_default_limits for names absent. */
void sla_limits_set(struct sla_limits *l, const char *name, const char *value);
/* The limits the case was opened under, with its complex mark. */
enum db_err sla_limits_of(struct db *db, struct arena *a, long long case_id,
                          struct sla_limits *l);
/* The limits a case opened now gets (the settings). */
enum db_err sla_limits_current(struct db *db, struct arena *a, struct sla_limits *l);
/* The generation a case opened now keeps, as a column of its INSERT. */
#define SLA_LIMITS_GEN_SQL "(SELECT MAX(gen) FROM sla_limits)"

/* Staff marked the case complex: the flag, and its running first-response
 * and reply limits moved to the complex limit (inside the caller's tx).
 * *already: it was marked before (nothing changes). */
enum db_err sla_mark_complex(struct db *db, struct arena *a, long long case_id, time_t now,
                             bool *already);

/* POST /staff/cases/{no}/complex: sla_mark_complex in a transaction of
 * its own, recorded in the audit trail when it changed anything.
 * *found: the case exists. */
enum db_err case_mark_complex(struct db *db, struct arena *a, long long staff_id,
                              const char *case_no, time_t now, bool *found, bool *already);

/* Apply one step to a case's timers: load, sla_on_event, save. */
enum db_err sla_event(struct db *db, struct arena *a, long long case_id,
                      const struct sla_step *s, time_t now);

#endif

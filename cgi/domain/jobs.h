/*
 * jobs.h — the periodic jobs' lock in the database (schema/014 jobs): a
 * job runs at most once per period across every worker and node, and what
 * the jobs of the staff's messages find (the time limits that crossed into
 * at risk or breached, the managers' daily digest).
 */
#ifndef AFTERCARE_JOBS_H
#define AFTERCARE_JOBS_H

#include <stdbool.h>
#include <time.h>

#include "db.h"

/* Claims job name for lease seconds when it last ran before period_start
 * (or never) and no other claim is alive: one UPDATE, so that of several
 * workers at once exactly one sees *won. */
enum db_err job_claim(struct db *db, const char *name, time_t period_start, time_t now,
                      int lease, bool *won);
/* The job ran at now (inside the transaction of what it wrote). */
enum db_err job_done(struct db *db, const char *name, time_t now);
/* Gives a claim back without a run (the job failed: it is due again). */
enum db_err job_release(struct db *db, const char *name);

/* The open cases whose nearest running time limit crossed into at risk
 * (80 % of it used, the rule of the queue and of sla_state) or breached
 * within the last day: one e-mail per case, timer and crossing to the
 * case's assignee, or to the agents when it has none, never twice. Inside
 * the caller's transaction; *queued: the messages written now. */
enum db_err alerts_sla(struct db *db, struct arena *a, time_t now, int *queued);

/* The managers' digest of the shop day [day_start, day_start + 1 day)
 * (day: its "YYYY-MM-DD"): new cases, completed, refunds total, time
 * limits breached; and the open cases at risk now. One e-mail per active
 * manager; inside the caller's transaction. */
enum db_err alerts_digest(struct db *db, struct arena *a, time_t day_start, const char *day,
                          time_t now, int *queued);

#endif

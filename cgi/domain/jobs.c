/*
 * jobs.c — the periodic jobs' lock (jobs.h) and the staff's messages the
 * jobs write: time limits at risk or breached, the managers' digest.
 */
#include <stdio.h>
#include <string.h>

#include "cases.h"
#include "jobs.h"
#include "outbox.h"
#include "roles.h"

#define LOOKBACK (24 * 3600) /* an older crossing is not told any more */

enum db_err job_claim(struct db *db, const char *name, time_t period_start, time_t t,
                      int lease, bool *won)
{
	char start[20], now[20], until[20];
	struct dbres res;
	enum db_err e;

	*won = false;
	format_db_datetime(period_start, start);
	format_db_datetime(t, now);
	format_db_datetime(t + lease, until);
	if ((e = db_run(db, NULL, "INSERT IGNORE INTO jobs (name) VALUES (?)",
	                DB_ARGS(DB_STR(name)), NULL)) != DB_OK ||
	    (e = db_run(db, NULL,
	                "UPDATE jobs SET running_until = ?, runs = runs + 1 WHERE name = ? "
	                "AND (last_run IS NULL OR last_run < ?) "
	                "AND (running_until IS NULL OR running_until < ?)",
	                DB_ARGS(DB_STR(until), DB_STR(name), DB_STR(start), DB_STR(now)),
	                &res)) != DB_OK)
		return e;
	*won = res.affected == 1;
	return DB_OK;
}

enum db_err job_done(struct db *db, const char *name, time_t t)
{
	char now[20];

	format_db_datetime(t, now);
	return db_run(db, NULL, "UPDATE jobs SET last_run = ?, running_until = NULL WHERE name = ?",
	              DB_ARGS(DB_STR(now), DB_STR(name)), NULL);
}

enum db_err job_release(struct db *db, const char *name)
{
	return db_run(db, NULL, "UPDATE jobs SET running_until = NULL WHERE name = ?",
	              DB_ARGS(DB_STR(name)), NULL);
}

/* "YYYY-MM-DD HH:MM" in the shop's time. */
static const char *local_minute(struct arena *a, time_t t)
{
	struct tm tm;
	time_t local = t + LOCAL_UTC_OFFSET;
	char *out = amalloc(a, 20);

	gmtime_r(&local, &tm);
	strftime(out, 20, "%Y-%m-%d %H:%M", &tm);
	return out;
}

enum db_err alerts_sla(struct db *db, struct arena *a, time_t t, int *queued)
{
	char now[20], since[20];
	struct dbres res;
	enum db_err e;

	*queued = 0;
	format_db_datetime(t, now);
	format_db_datetime(t - LOOKBACK, since);
	/* Each open case's nearest running timer, when breached (due passed
	 * since `since`) or at risk by the queue's rule (queue.c: 80 % of the
	 * limit used) with that point passed since `since`. */
	e = db_run(db, a,
	           "SELECT c.id, c.case_no, c.assignee_id, t.timer, t.started_at, t.due_at, "
	           "t.due_at < ? FROM case_timers t JOIN cases c ON c.id = t.case_id "
	           "WHERE c.queue_closed = 0 AND t.stopped_at IS NULL "
	           "AND t.due_at = (SELECT MIN(n.due_at) FROM case_timers n "
	           "                WHERE n.case_id = t.case_id AND n.stopped_at IS NULL) "
	           "AND ((t.due_at < ? AND t.due_at >= ?) "
	           "  OR (t.due_at >= ? "
	           "      AND TIMESTAMPDIFF(SECOND, t.started_at, ?) * 5 >= "
	           "          TIMESTAMPDIFF(SECOND, t.started_at, t.due_at) * 4 "
	           "      AND TIMESTAMPDIFF(SECOND, t.started_at, ?) * 5 <= "
	           "          TIMESTAMPDIFF(SECOND, t.started_at, t.due_at) * 4)) "
	           "ORDER BY c.id, t.timer",
	           DB_ARGS(DB_STR(now), DB_STR(now), DB_STR(since), DB_STR(now), DB_STR(now),
	                   DB_STR(since)),
	           &res);
	for (size_t i = 0; e == DB_OK && i < res.nrows; i++) {
		const struct dbrow *r = &res.rows[i];
		struct notice n = NOTICE_INIT;
		int q;

		n.case_id = db_int(r, 0);
		n.case_no = r->col[1];
		n.timer = r->col[3];
		n.level = db_int(r, 6) ? "breached" : "at_risk";
		n.due = local_minute(a, db_time(r, 5));
		e = outbox_staff(db, a, db_int(r, 2), db_null(r, 2) ? ROLE_AGENT : 0, 0, "staff_sla",
		                 &n, aprintf(a, "sla\n%lld\n%s\n%s\n%s", n.case_id, n.timer,
		                             r->col[4], n.level),
		                 t, &q);
		*queued += q;
	}
	return e;
}

enum db_err alerts_digest(struct db *db, struct arena *a, time_t day_start, const char *day,
                          time_t t, int *queued)
{
	struct digest_counts dc = {.day = day};
	struct case_sla_counts sla;
	struct notice n = NOTICE_INIT;
	char from[20], to[20];
	struct dbrow *row;
	enum db_err e;

	*queued = 0;
	format_db_datetime(day_start, from);
	format_db_datetime(day_start + 24 * 3600, to);
	if ((e = db_row(db, a,
	                "SELECT (SELECT COUNT(*) FROM cases WHERE created_at >= ? AND created_at < ?), "
	                "(SELECT COUNT(DISTINCT case_id) FROM case_events WHERE to_state = 'completed' "
	                " AND at >= ? AND at < ?), "
	                "(SELECT COALESCE(SUM(amount_fen), 0) FROM refunds "
	                " WHERE created_at >= ? AND created_at < ? AND failed_at IS NULL), "
	                "(SELECT COUNT(*) FROM case_timers WHERE due_at >= ? AND due_at < ? "
	                " AND (stopped_at IS NULL OR stopped_at > due_at))",
	                DB_ARGS(DB_STR(from), DB_STR(to), DB_STR(from), DB_STR(to), DB_STR(from),
	                        DB_STR(to), DB_STR(from), DB_STR(to)),
	                &row)) != DB_OK || !row)
		return e == DB_OK ? DB_ERROR : e;
	dc.created = db_int(row, 0);
	dc.completed = db_int(row, 1);
	dc.refunds_fen = db_int(row, 2);
	dc.breached = db_int(row, 3);
	if ((e = cases_sla_counts(db, a, t, &sla)) != DB_OK)
		return e;
	dc.at_risk = sla.at_risk;
	n.digest = &dc;
	return outbox_staff(db, a, 0, ROLE_MANAGER, 0, "staff_digest", &n, NULL, t, queued);
}

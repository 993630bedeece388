/*
 * dashboard_refresh.c — keeps the dashboard's summaries (schema/009) up
 * to date for dashboard.c: recomputes the stale days of a period (dirty,
 * never computed, or moving with the clock), a run of days at a time, and
 * sums the whole months again where one of their days changed. Which case
 * rows count for which metric is stats.h's definition; "staff" is the
 * staff member of the case's first staff event.
 */
#include <string.h>

#include "dashboard.h"
#include "dashboard_refresh.h"

#define REFRESH_RUN_DAYS 31   /* days recomputed in one transaction */
#define CLOCK_SLACK 60        /* seconds a figure moved by running timers may lag */
#define WINDOW_SLACK 3600     /* seconds a figure moved by ending 90-day windows may lag */
#define WINDOW_DAYS 90        /* repurchase window */

/* ------------------------------------------------------------- refresh */

/* The staff member of case c (its first staff event). */
#define STAFF_OF_C                                                                     \
	"(SELECT e1.actor_id FROM case_events e1 WHERE e1.case_id = c.id "                 \
	"AND e1.actor_kind = 's' ORDER BY e1.id LIMIT 1)"
/* The value of row b under dimension d; NULL leaves the row out of d. */
#define DIMVAL                                                                         \
	"(CASE d.dim WHEN 'a' THEN '' WHEN 't' THEN b.type WHEN 'r' THEN b.reason "        \
	"WHEN 'c' THEN b.channel ELSE CAST(b.staff AS CHAR) END)"
#define SPREAD " JOIN stats_dims d ON " DIMVAL " IS NOT NULL "
/* Seconds b.x as minutes rounded down to two significant figures. */
#define BUCKET                                                                         \
	"(CASE WHEN b.x < 6000 THEN b.x DIV 60 WHEN b.x < 60000 THEN b.x DIV 600 * 10 "    \
	"WHEN b.x < 600000 THEN b.x DIV 6000 * 100 WHEN b.x < 6000000 THEN b.x DIV 60000 * 1000 " \
	"ELSE b.x DIV 600000 * 10000 END)"
#define FINAL "('completed', 'rejected', 'cancelled', 'closed')"
#define INTO_DAY "INSERT INTO stats_day (dim, day, val, metric, n, total, sumsq) "
#define INTO_HIST "INSERT INTO stats_hist (dim, day, val, metric, bucket, n) "

/* Cases submitted in [@f, @t) with their first response. */
#define CASES_B                                                                        \
	"FROM (SELECT DATE(c.created_at + INTERVAL 8 HOUR) day, c.type, c.reason, c.channel, " \
	STAFF_OF_C " staff, "                                                              \
	"GREATEST(TIMESTAMPDIFF(SECOND, t.started_at, t.stopped_at), 0) x, "               \
	"(t.case_id IS NOT NULL AND t.stopped_at IS NULL) waiting "                        \
	"FROM cases c LEFT JOIN case_timers t ON t.case_id = c.id AND t.timer = 'first_response' " \
	"WHERE c.created_at >= @f AND c.created_at < @t) b" SPREAD
/* Completions in [@f, @t): the events into 'completed' (not messages on a
 * completed case), with the time since submission and whether it was
 * resolved at first contact. */
#define DONE_B                                                                         \
	"FROM (SELECT DATE(e.at + INTERVAL 8 HOUR) day, c.type, c.reason, c.channel, "     \
	STAFF_OF_C " staff, GREATEST(TIMESTAMPDIFF(SECOND, c.created_at, e.at), 0) x, "    \
	"(c.revision = 1 AND NOT EXISTS (SELECT 1 FROM case_events r WHERE r.case_id = c.id " \
	"AND r.from_state IN " FINAL " AND r.to_state <> r.from_state) "                   \
	"AND NOT EXISTS (SELECT 1 FROM complaints k WHERE k.case_id = c.id)) fcr "         \
	"FROM case_events e JOIN cases c ON c.id = e.case_id "                             \
	"WHERE e.to_state = 'completed' AND e.at >= @f AND e.at < @t "                     \
	"AND (e.from_state IS NULL OR e.from_state <> 'completed')) b" SPREAD

/* The kinds of step a member is credited for (dashboard.h DM_STEP_*), by
 * the event's action. */
#define STEP_ACTIONS_SQL                                                               \
	"('approve', 'reject', 'assign', 'convert_to_refund', 'complete', 'close', "      \
	"'receive', 'inspect_pass', 'inspect_fail', 'refund', 'arrive', 'repaired', 'ship')"
#define STEP_METRIC_SQL                                                                \
	"(CASE WHEN b.action IN ('receive', 'inspect_pass', 'inspect_fail') THEN 61 "      \
	"WHEN b.action = 'refund' THEN 62 WHEN b.action IN ('arrive', 'repaired') THEN 63 " \
	"WHEN b.action = 'ship' THEN 64 ELSE 60 END)"
/* dashboard.h DASH_FRT_BANDS / DASH_RES_BANDS, on seconds x */
#define FRT_X "TIMESTAMPDIFF(SECOND, t.started_at, t.stopped_at)"
#define FRT_BANDS_SQL                                                                  \
	"WHEN " FRT_X " < 3600 THEN 0 WHEN " FRT_X " < 7200 THEN 1 WHEN " FRT_X " < 28800 " \
	"THEN 2 WHEN " FRT_X " < 86400 THEN 3 ELSE 4"
#define RES_BANDS_SQL                                                                  \
	"WHEN b.x < 86400 THEN 0 WHEN b.x < 259200 THEN 1 WHEN b.x < 604800 THEN 2 "        \
	"WHEN b.x < 1209600 THEN 3 ELSE 4"

static const char *const refresh_sql[] = {
	"DELETE FROM stats_day WHERE dim IN ('a', 't', 'r', 'c', 's') "
	"AND day >= DATE(@f + INTERVAL 8 HOUR) AND day < DATE(@t + INTERVAL 8 HOUR)",
	"DELETE FROM stats_hist WHERE dim IN ('a', 't', 'r', 'c', 's') "
	"AND day >= DATE(@f + INTERVAL 8 HOUR) AND day < DATE(@t + INTERVAL 8 HOUR)",
	/* cases, first response, still waiting */
	INTO_DAY "SELECT d.dim, b.day, " DIMVAL ", 1, COUNT(*), 0, 0 " CASES_B "GROUP BY 1, 2, 3",
	INTO_DAY "SELECT d.dim, b.day, " DIMVAL ", 2, COUNT(*), SUM(b.x), SUM(b.x * b.x) " CASES_B
	"WHERE b.x IS NOT NULL GROUP BY 1, 2, 3",
	INTO_DAY "SELECT d.dim, b.day, " DIMVAL ", 3, COUNT(*), 0, 0 " CASES_B
	"WHERE b.waiting GROUP BY 1, 2, 3",
	INTO_HIST "SELECT d.dim, b.day, " DIMVAL ", 2, " BUCKET ", COUNT(*) " CASES_B
	"WHERE b.x IS NOT NULL GROUP BY 1, 2, 3, 5",
	/* resolution time, first-contact resolution */
	INTO_DAY "SELECT d.dim, b.day, " DIMVAL ", 4, COUNT(*), SUM(b.x), SUM(b.x * b.x) " DONE_B
	"GROUP BY 1, 2, 3",
	INTO_DAY "SELECT d.dim, b.day, " DIMVAL ", 5, SUM(b.fcr), 0, 0 " DONE_B "GROUP BY 1, 2, 3",
	INTO_HIST "SELECT d.dim, b.day, " DIMVAL ", 4, " BUCKET ", COUNT(*) " DONE_B
	"GROUP BY 1, 2, 3, 5",
	/* resolution rate: cases now final whose last move into that state
	 * was in the period: n all, total completed */
	INTO_DAY "SELECT d.dim, b.day, " DIMVAL ", 6, COUNT(*), SUM(b.done), 0 "
	"FROM (SELECT DATE(e.at + INTERVAL 8 HOUR) day, c.type, c.reason, c.channel, "
	STAFF_OF_C " staff, c.state = 'completed' done "
	"FROM case_events e JOIN cases c ON c.id = e.case_id AND c.state = e.to_state "
	"WHERE e.to_state IN " FINAL " AND e.at >= @f AND e.at < @t "
	"AND (e.from_state IS NULL OR e.from_state <> e.to_state) "
	"AND NOT EXISTS (SELECT 1 FROM case_events e2 WHERE e2.case_id = c.id AND e2.id > e.id "
	"AND e2.to_state = c.state AND (e2.from_state IS NULL OR e2.from_state <> e2.to_state))) b"
	SPREAD "GROUP BY 1, 2, 3",
	/* complaints, not praise (general ones count under 'a' only) */
	INTO_DAY "SELECT d.dim, b.day, " DIMVAL ", 8, COUNT(*), 0, 0 "
	"FROM (SELECT DATE(k.created_at + INTERVAL 8 HOUR) day, c.type, c.reason, c.channel, "
	STAFF_OF_C " staff FROM complaints k LEFT JOIN cases c ON c.id = k.case_id "
	"WHERE k.created_at >= @f AND k.created_at < @t AND k.kind = 'complaint') b" SPREAD
	"GROUP BY 1, 2, 3",
	/* praise, credited to the member it names (not the case's first one) */
	INTO_DAY "SELECT d.dim, b.day, " DIMVAL ", 16, COUNT(*), 0, 0 "
	"FROM (SELECT DATE(k.created_at + INTERVAL 8 HOUR) day, c.type, c.reason, c.channel, "
	"k.staff_id staff FROM complaints k LEFT JOIN cases c ON c.id = k.case_id "
	"WHERE k.created_at >= @f AND k.created_at < @t AND k.kind = 'praise') b" SPREAD
	"GROUP BY 1, 2, 3",
	/* survey invitations: n sent, total answered */
	INTO_DAY "SELECT d.dim, b.day, " DIMVAL ", 9, COUNT(*), SUM(b.answered), 0 "
	"FROM (SELECT DATE(s.invited_at + INTERVAL 8 HOUR) day, c.type, c.reason, c.channel, "
	STAFF_OF_C " staff, s.answered_at IS NOT NULL answered "
	"FROM surveys s JOIN cases c ON c.id = s.case_id "
	"WHERE s.invited_at >= @f AND s.invited_at < @t) b" SPREAD "GROUP BY 1, 2, 3",
	/* answers per question: counts per rating */
	INTO_HIST "SELECT d.dim, b.day, " DIMVAL ", q.m, CASE q.m WHEN 11 THEN b.attitude "
	"WHEN 12 THEN b.speed WHEN 13 THEN b.resolution WHEN 14 THEN b.overall "
	"ELSE b.recommend END, COUNT(*) "
	"FROM (SELECT DATE(s.answered_at + INTERVAL 8 HOUR) day, c.type, c.reason, c.channel, "
	STAFF_OF_C " staff, s.attitude, s.speed, s.resolution, s.overall, s.recommend "
	"FROM surveys s JOIN cases c ON c.id = s.case_id "
	"WHERE s.answered_at >= @f AND s.answered_at < @t) b "
	"JOIN (SELECT 11 m UNION ALL SELECT 12 UNION ALL SELECT 13 UNION ALL SELECT 14 "
	"UNION ALL SELECT 15) q" SPREAD "GROUP BY 1, 2, 3, 4, 5",
	/* time limits due in the period and decided: n decided, total met */
	INTO_DAY "SELECT d.dim, b.day, " DIMVAL ", 19 + b.k, COUNT(*), SUM(b.met), 0 "
	"FROM (SELECT DATE(t.due_at + INTERVAL 8 HOUR) day, c.type, c.reason, c.channel, "
	STAFF_OF_C " staff, FIELD(t.timer, 'first_response', 'review', 'payout', 'handling', "
	"'followup', 'arrival') k, (t.stopped_at IS NOT NULL AND t.stopped_at <= t.due_at) met "
	"FROM case_timers t JOIN cases c ON c.id = t.case_id "
	"WHERE t.due_at >= @f AND t.due_at < @t AND (t.stopped_at IS NOT NULL OR t.due_at <= @now)) b"
	SPREAD "WHERE b.k > 0 GROUP BY 1, 2, 3, 4",
	/* refunds issued and not failed (schema/015 marks a failure's day) */
	INTO_DAY "SELECT d.dim, b.day, " DIMVAL ", 30, COUNT(*), SUM(b.x), SUM(b.x * b.x) "
	"FROM (SELECT DATE(f.created_at + INTERVAL 8 HOUR) day, c.type, c.reason, c.channel, "
	STAFF_OF_C " staff, f.amount_fen x FROM refunds f JOIN cases c ON c.id = f.case_id "
	"WHERE f.created_at >= @f AND f.created_at < @t AND f.failed_at IS NULL) b" SPREAD
	"GROUP BY 1, 2, 3",
	/* completions within 24 h of submission (seed 001's target) */
	INTO_DAY "SELECT d.dim, b.day, " DIMVAL ", 17, SUM(b.x <= 86400), 0, 0 " DONE_B
	"GROUP BY 1, 2, 3",
	/* the steps each member took (staff only, their own id, not the case's
	 * first handler): n steps of each role's kind, seconds since the case's
	 * previous event (how long the step waited for them) */
	INTO_DAY "SELECT 's', b.day, CAST(b.actor_id AS CHAR), " STEP_METRIC_SQL ", COUNT(*), "
	"SUM(b.x), SUM(b.x * b.x) FROM (SELECT DATE(e.at + INTERVAL 8 HOUR) day, e.actor_id, "
	"e.action, COALESCE(GREATEST(TIMESTAMPDIFF(SECOND, (SELECT MAX(p.at) FROM case_events p "
	"WHERE p.case_id = e.case_id AND p.id < e.id), e.at), 0), 0) x "
	/* the period's events by time: (actor_kind, …) would read every staff
	 * event of the shop's history */
	"FROM case_events e FORCE INDEX (case_events_at) "
	"WHERE e.actor_kind = 's' AND e.actor_id IS NOT NULL AND e.at >= @f AND e.at < @t "
	"AND e.action IN " STEP_ACTIONS_SQL ") b GROUP BY 2, 3, 4",
	/* overall answers by the case's first-response band and its resolution
	 * band (bucket band * 10 + answer; band 9: none), overall only */
	INTO_HIST "SELECT 'a', b.day, '', 66, b.fb * 10 + b.overall, COUNT(*) FROM ("
	"SELECT DATE(s.answered_at + INTERVAL 8 HOUR) day, s.overall, COALESCE((SELECT "
	"CASE WHEN t.stopped_at IS NULL THEN 9 " FRT_BANDS_SQL " END FROM case_timers t "
	"WHERE t.case_id = s.case_id AND t.timer = 'first_response'), 9) fb FROM surveys s "
	"WHERE s.answered_at >= @f AND s.answered_at < @t AND s.overall BETWEEN 1 AND 5) b "
	"GROUP BY 2, 5",
	INTO_HIST "SELECT 'a', b.day, '', 67, (CASE WHEN b.x IS NULL THEN 9 " RES_BANDS_SQL
	" END) * 10 + b.overall, COUNT(*) FROM (SELECT DATE(s.answered_at + INTERVAL 8 HOUR) day, "
	"s.overall, (SELECT TIMESTAMPDIFF(SECOND, c.created_at, MIN(e.at)) FROM case_events e "
	"WHERE e.case_id = s.case_id AND e.to_state = 'completed') x "
	"FROM surveys s JOIN cases c ON c.id = s.case_id "
	"WHERE s.answered_at >= @f AND s.answered_at < @t AND s.overall BETWEEN 1 AND 5) b "
	"GROUP BY 2, 5",
	/* units sold, and of them returned and received (orders: overall only) */
	INTO_DAY "SELECT 'a', DATE(o.placed_at + INTERVAL 8 HOUR), '', 40, COUNT(*), SUM(i.qty), 0 "
	"FROM orders o JOIN order_items i ON i.order_id = o.id "
	"WHERE o.placed_at >= @f AND o.placed_at < @t GROUP BY 2",
	INTO_DAY "SELECT 'a', DATE(o.placed_at + INTERVAL 8 HOUR), '', 41, COUNT(*), SUM(ci.qty), 0 "
	"FROM orders o JOIN order_items i ON i.order_id = o.id "
	"JOIN case_items ci ON ci.order_item_id = i.id JOIN cases c ON c.id = ci.case_id "
	"WHERE o.placed_at >= @f AND o.placed_at < @t AND c.type = 'return_refund' "
	"AND EXISTS (SELECT 1 FROM case_events e WHERE e.case_id = c.id AND e.action = 'receive') "
	"GROUP BY 2",
	/* 90-day repurchase: per day, the customers of that day's completions
	 * whose window (from their first completion that day) has ended */
	INTO_DAY "SELECT 'a', g.day, '', 50, COUNT(*), SUM(EXISTS (SELECT 1 FROM orders o "
	"WHERE o.customer_id = g.customer_id AND o.placed_at > g.first "
	"AND o.placed_at <= g.first + INTERVAL 90 DAY)), 0 "
	"FROM (SELECT DATE(e.at + INTERVAL 8 HOUR) day, c.customer_id, MIN(e.at) first "
	"FROM case_events e JOIN cases c ON c.id = e.case_id "
	"WHERE e.to_state = 'completed' AND e.at >= @f AND e.at < @t "
	"AND (e.from_state IS NULL OR e.from_state <> 'completed') GROUP BY 1, 2) g "
	"WHERE g.first + INTERVAL 90 DAY <= @now GROUP BY 2",
	"INSERT INTO stats_days (day, refreshed_at) "
	"SELECT DATE(@f + INTERVAL 8 HOUR) + INTERVAL s.seq DAY, @now FROM seq_0_to_1200 s "
	"WHERE s.seq < DATEDIFF(@t, @f) ON DUPLICATE KEY UPDATE refreshed_at = @now",
};

struct run {
	time_t from, to, now; /* UTC: [from, to) */
};

/* A refresh of the same days by another request at the same moment shows
 * here as a duplicate key: run again (db_tx retries deadlocks), after it. */
static int refresh_fail(enum db_err e)
{
	return db_fail(e == DB_DUPLICATE ? DB_DEADLOCK : e);
}

static int refresh_tx(struct db *db, void *ctx)
{
	const struct run *run = ctx;
	char f[20], t[20], n[20];
	enum db_err e;

	format_db_datetime(run->from, f);
	format_db_datetime(run->to, t);
	format_db_datetime(run->now, n);
	if ((e = db_run(db, NULL,
	                "SET @f = CAST(? AS DATETIME), @t = CAST(? AS DATETIME), "
	                "@now = CAST(? AS DATETIME)",
	                DB_ARGS(DB_STR(f), DB_STR(t), DB_STR(n)), NULL)) != DB_OK)
		return refresh_fail(e);
	for (size_t i = 0; i < sizeof refresh_sql / sizeof refresh_sql[0]; i++)
		if ((e = db_run(db, NULL, refresh_sql[i], DB_NOARGS, NULL)) != DB_OK)
			return refresh_fail(e);
	return 0;
}

/* Recomputes the local days [from, from + n days). The dirty marks go
 * first, in their own statement: a write committed after it marks its
 * day again, one committed before it is seen by the recomputation. */
static enum db_err refresh_days(struct db *db, time_t from, int ndays, time_t now)
{
	struct run run = {from, from + (time_t)ndays * DAY_SECS, now};
	char d0[11], d1[11];
	enum db_err e;
	int rc;

	format_local_date(run.from, d0);
	format_local_date(run.to - DAY_SECS, d1);
	if ((e = db_run(db, NULL, "DELETE FROM stats_dirty WHERE day BETWEEN ? AND ?",
	                DB_ARGS(DB_STR(d0), DB_STR(d1)), NULL)) != DB_OK)
		return e;
	/* Every connection reads committed (db.c): the INSERT … SELECTs read
	 * without locking the rows the case steps write. */
	rc = db_tx(db, refresh_tx, &run);
	if (rc != 0)
		return rc < 0 ? (enum db_err)-rc : DB_ERROR;
	return e;
}

static time_t min_time(time_t a, time_t b) { return a < b ? a : b; }

/* Whether day i (starting at start) must be recomputed: dirty, never
 * computed, or computed before the clock moved its figures — running
 * timers due that day (more than CLOCK_SLACK ago), 90-day windows from
 * that day (WINDOW_SLACK). Days that have not begun have nothing yet. */
static bool day_stale(time_t start, bool dirty, time_t refreshed, time_t now)
{
	time_t end = start + DAY_SECS, wstart = start + WINDOW_DAYS * DAY_SECS;

	if (start > now)
		return false;
	if (dirty || !refreshed)
		return true;
	if (refreshed < min_time(now, end) && now - refreshed > CLOCK_SLACK)
		return true;
	return now > wstart && refreshed < min_time(now, wstart + DAY_SECS) &&
	       now - refreshed > WINDOW_SLACK;
}

static enum db_err refresh_period(struct db *db, struct arena *a, time_t from, int ndays,
                                  time_t now)
{
	time_t *refreshed = amalloc(a, (size_t)ndays * sizeof *refreshed);
	bool *dirty = amalloc(a, (size_t)ndays);
	char d0[11], d1[11];
	struct dbres res;
	enum db_err e;
	int i, start;

	format_local_date(from, d0);
	format_local_date(from + (time_t)(ndays - 1) * DAY_SECS, d1);
	/* Each day of the period: when it was computed (refreshed_at is never
	 * NULL), or NULL when a write has marked it since. */
	if ((e = db_run(db, a,
	                "SELECT DATEDIFF(day, ?), refreshed_at FROM stats_days "
	                "WHERE day BETWEEN ? AND ? "
	                "UNION ALL SELECT DISTINCT DATEDIFF(day, ?), NULL FROM stats_dirty "
	                "WHERE day BETWEEN ? AND ?",
	                DB_ARGS(DB_STR(d0), DB_STR(d0), DB_STR(d1), DB_STR(d0), DB_STR(d0),
	                        DB_STR(d1)),
	                &res)) != DB_OK)
		return e;
	for (size_t k = 0; k < res.nrows; k++) {
		const struct dbrow *row = &res.rows[k];
		long long idx = db_int(row, 0);

		if (idx < 0 || idx >= ndays)
			continue;
		if (db_null(row, 1))
			dirty[idx] = true;
		else
			refreshed[idx] = db_time(row, 1);
	}
	for (i = 0; i < ndays; i = start) {
		time_t day = from + (time_t)i * DAY_SECS;

		start = i + 1;
		if (!day_stale(day, dirty[i], refreshed[i], now))
			continue;
		while (start < ndays && start - i < REFRESH_RUN_DAYS &&
		       day_stale(from + (time_t)start * DAY_SECS, dirty[start], refreshed[start], now))
			start++;
		if ((e = refresh_days(db, day, start - i, now)) != DB_OK)
			return e;
	}
	return DB_OK;
}

/* -------------------------------------------------------------- months */

static const char *const month_sql[] = {
	"DELETE FROM stats_day_m WHERE dim IN ('a', 't', 'r', 'c', 's') AND month = @m",
	"DELETE FROM stats_hist_m WHERE dim IN ('a', 't', 'r', 'c', 's') AND month = @m",
	"INSERT INTO stats_day_m (dim, month, val, metric, n, total, sumsq) "
	"SELECT dim, @m, val, metric, SUM(n), SUM(total), SUM(sumsq) FROM stats_day "
	"WHERE dim IN ('a', 't', 'r', 'c', 's') AND day >= @m AND day < @m + INTERVAL 1 MONTH "
	"GROUP BY dim, val, metric",
	"INSERT INTO stats_hist_m (dim, month, val, metric, bucket, n) "
	"SELECT dim, @m, val, metric, bucket, SUM(n) FROM stats_hist "
	"WHERE dim IN ('a', 't', 'r', 'c', 's') AND day >= @m AND day < @m + INTERVAL 1 MONTH "
	"GROUP BY dim, val, metric, bucket",
	"INSERT INTO stats_months (month, built_at) VALUES (@m, @now) "
	"ON DUPLICATE KEY UPDATE built_at = @now",
};

struct month_run {
	const char *month; /* "YYYY-MM-01" */
	time_t now;
};

static int month_tx(struct db *db, void *ctx)
{
	const struct month_run *run = ctx;
	char n[20];
	enum db_err e;

	format_db_datetime(run->now, n);
	if ((e = db_run(db, NULL, "SET @m = CAST(? AS DATE), @now = CAST(? AS DATETIME)",
	                DB_ARGS(DB_STR(run->month), DB_STR(n)), NULL)) != DB_OK)
		return refresh_fail(e);
	for (size_t i = 0; i < sizeof month_sql / sizeof month_sql[0]; i++)
		if ((e = db_run(db, NULL, month_sql[i], DB_NOARGS, NULL)) != DB_OK)
			return refresh_fail(e);
	return 0;
}

/* The local midnight of the first of t's month, and of the next month. */
static time_t month_start(time_t t)
{
	char d[11];
	time_t m;

	format_local_date(t, d);
	d[8] = '0';
	d[9] = '1';
	return parse_date(d, &m) == 0 ? m : t;
}

static time_t month_after(time_t start)
{
	return month_start(start + 32 * DAY_SECS);
}

/* Sums the months [mfrom, mto) again where one of their days has been
 * recomputed since they were last summed (or they never were). */
static enum db_err ensure_months(struct db *db, struct arena *a, time_t mfrom, time_t mto,
                                 time_t now)
{
	char m0[11], m1[11];
	struct dbres days, built;
	enum db_err e;

	if (mfrom >= mto)
		return DB_OK;
	format_local_date(mfrom, m0);
	format_local_date(mto, m1);
	if ((e = db_run(db, a,
	                "SELECT DATE_FORMAT(day, '%Y-%m-01'), MAX(refreshed_at) FROM stats_days "
	                "WHERE day >= ? AND day < ? GROUP BY 1",
	                DB_ARGS(DB_STR(m0), DB_STR(m1)), &days)) != DB_OK ||
	    (e = db_run(db, a,
	                "SELECT DATE_FORMAT(month, '%Y-%m-%d'), built_at FROM stats_months "
	                "WHERE month >= ? AND month < ?",
	                DB_ARGS(DB_STR(m0), DB_STR(m1)), &built)) != DB_OK)
		return e;
	for (time_t m = mfrom; m < mto; m = month_after(m)) {
		char month[11];
		time_t last = 0, at = 0;
		struct month_run run = {month, now};
		int rc;

		format_local_date(m, month);
		for (size_t i = 0; i < days.nrows; i++)
			if (strcmp(days.rows[i].col[0], month) == 0)
				last = db_time(&days.rows[i], 1);
		for (size_t i = 0; i < built.nrows; i++)
			if (strcmp(built.rows[i].col[0], month) == 0)
				at = db_time(&built.rows[i], 1);
		if (at && at > last) /* strictly: a day recomputed in the same second may be newer */
			continue;
		if ((rc = db_tx(db, month_tx, &run)) != 0)
			return rc < 0 ? (enum db_err)-rc : DB_ERROR;
	}
	return DB_OK;
}

enum db_err dash_refresh(struct db *db, struct arena *a, time_t from, time_t to, time_t now,
                         time_t *mfrom, time_t *mto)
{
	enum db_err e;

	if ((e = refresh_period(db, a, from, (int)((to - from) / DAY_SECS), now)) != DB_OK)
		return e;
	/* whole months of the period that have ended */
	*mfrom = month_start(from) == from ? from : month_after(month_start(from));
	*mto = month_start(min_time(to, month_start(now)));
	if (*mto <= *mfrom)
		*mfrom = *mto = to;
	return ensure_months(db, a, *mfrom, *mto, now);
}

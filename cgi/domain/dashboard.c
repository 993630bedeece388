/*
 * dashboard.c — the dashboard's summaries (schema/009) and the figures
 * read from them. A read first recomputes the stale days of its period
 * (dirty, never computed, or moving with the clock), a run of days at a
 * time, then sums the days with GROUP BY and turns the sums into figures
 * with stats.h. Which case rows count for which metric is stats.h's
 * definition; "staff" is the staff member of the case's first staff event.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dashboard.h"

#define DAY_SECS 86400
#define REFRESH_RUN_DAYS 31   /* days recomputed in one transaction */
#define CLOCK_SLACK 60        /* seconds a figure moved by running timers may lag */
#define WINDOW_SLACK 3600     /* seconds a figure moved by ending 90-day windows may lag */
#define WINDOW_DAYS 90        /* repurchase window */
#define MAX_DAYS 1100         /* 3 years and a bit: the pages' limit */

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
	/* complaints (general ones count under 'a' only) */
	INTO_DAY "SELECT d.dim, b.day, " DIMVAL ", 8, COUNT(*), 0, 0 "
	"FROM (SELECT DATE(k.created_at + INTERVAL 8 HOUR) day, c.type, c.reason, c.channel, "
	STAFF_OF_C " staff FROM complaints k LEFT JOIN cases c ON c.id = k.case_id "
	"WHERE k.created_at >= @f AND k.created_at < @t) b" SPREAD "GROUP BY 1, 2, 3",
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
	/* refunds issued */
	INTO_DAY "SELECT d.dim, b.day, " DIMVAL ", 30, COUNT(*), SUM(b.x), SUM(b.x * b.x) "
	"FROM (SELECT DATE(f.created_at + INTERVAL 8 HOUR) day, c.type, c.reason, c.channel, "
	STAFF_OF_C " staff, f.amount_fen x FROM refunds f JOIN cases c ON c.id = f.case_id "
	"WHERE f.created_at >= @f AND f.created_at < @t) b" SPREAD "GROUP BY 1, 2, 3",
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

/* ---------------------------------------------------------------- read */

static struct dash_group *group_of(struct dash *d, struct arena *a, char dim, const char *val,
                                   size_t *cap)
{
	for (size_t i = 0; i < d->ngroups; i++)
		if (d->groups[i].dim == dim && strcmp(d->groups[i].val, val) == 0)
			return &d->groups[i];
	if (d->ngroups == *cap) {
		struct dash_group *more = amalloc(a, (*cap = *cap ? 2 * *cap : 32) * sizeof *more);

		if (d->ngroups)
			memcpy(more, d->groups, d->ngroups * sizeof *more);
		d->groups = more;
	}
	d->groups[d->ngroups] = (struct dash_group){.dim = dim, .val = astrdup(a, val)};
	return &d->groups[d->ngroups++];
}

static struct dash_hist *hist_of(struct dash_group *g, int metric)
{
	if (metric == DM_FRT)
		return &g->frt;
	if (metric == DM_RES)
		return &g->res;
	if (metric >= DM_Q_FIRST && metric < DM_Q_FIRST + DASH_QUESTIONS)
		return &g->q[metric - DM_Q_FIRST];
	return NULL;
}

/* Rows (key..., bucket, n) sorted by key then bucket: each run of one key
 * becomes a histogram. key_cols: how many columns before bucket. */
static void fill_hists(struct dash *d, struct arena *a, char dim, const struct dbres *res,
                       size_t *cap)
{
	for (size_t i = 0, j; i < res->nrows; i = j) {
		const struct dbrow *r = &res->rows[i];
		const char *val = r->col[0] ? r->col[0] : "";
		int metric = (int)db_int(r, 1);
		struct dash_hist *h;

		for (j = i + 1; j < res->nrows && db_int(&res->rows[j], 1) == metric &&
		                strcmp(res->rows[j].col[0] ? res->rows[j].col[0] : "", val) == 0;
		     j++)
			;
		if (!(h = hist_of(group_of(d, a, dim, val, cap), metric)))
			continue;
		h->b = amalloc(a, (j - i) * sizeof *h->b);
		h->n = j - i;
		for (size_t k = i; k < j; k++)
			h->b[k - i] = (struct dash_bucket){db_int(&res->rows[k], 2),
			                                   db_int(&res->rows[k], 3)};
	}
}

/* The period's days are [d0, dm0) and [dm1, d1] from the daily rows, and
 * the whole months [dm0, dm1) from the monthly ones. */
struct span {
	char d0[11], dm0[11], dm1[11], d1[11];
};

static enum db_err load_dim(struct db *db, struct arena *a, char dim, const struct span *p,
                            struct dash *d, size_t *cap)
{
	char dimstr[2] = {dim, '\0'};
	struct dbres res;
	enum db_err e;

	if ((e = db_run(db, a,
	                "SELECT val, metric, SUM(n), SUM(total), SUM(sumsq) FROM ("
	                "SELECT val, metric, n, total, sumsq FROM stats_day WHERE dim = ? "
	                "AND ((day >= ? AND day < ?) OR (day >= ? AND day <= ?)) "
	                "UNION ALL SELECT val, metric, n, total, sumsq FROM stats_day_m "
	                "WHERE dim = ? AND month >= ? AND month < ?) u GROUP BY val, metric",
	                DB_ARGS(DB_STR(dimstr), DB_STR(p->d0), DB_STR(p->dm0), DB_STR(p->dm1),
	                        DB_STR(p->d1), DB_STR(dimstr), DB_STR(p->dm0), DB_STR(p->dm1)),
	                &res)) != DB_OK)
		return e;
	for (size_t i = 0; i < res.nrows; i++) {
		const struct dbrow *r = &res.rows[i];
		long long metric = db_int(r, 1);
		struct dash_group *g = group_of(d, a, dim, r->col[0] ? r->col[0] : "", cap);

		if (metric <= 0 || metric >= DM__MAX)
			continue;
		g->m[metric].n = db_int(r, 2);
		g->m[metric].sum = r->col[3] ? strtod(r->col[3], NULL) : 0;
		g->m[metric].sumsq = r->col[4] ? strtod(r->col[4], NULL) : 0;
	}
	if ((e = db_run(db, a,
	                "SELECT val, metric, bucket, SUM(n) FROM ("
	                "SELECT val, metric, bucket, n FROM stats_hist WHERE dim = ? "
	                "AND ((day >= ? AND day < ?) OR (day >= ? AND day <= ?)) "
	                "UNION ALL SELECT val, metric, bucket, n FROM stats_hist_m "
	                "WHERE dim = ? AND month >= ? AND month < ?) u "
	                "GROUP BY val, metric, bucket ORDER BY val, metric, bucket",
	                DB_ARGS(DB_STR(dimstr), DB_STR(p->d0), DB_STR(p->dm0), DB_STR(p->dm1),
	                        DB_STR(p->d1), DB_STR(dimstr), DB_STR(p->dm0), DB_STR(p->dm1)),
	                &res)) != DB_OK)
		return e;
	fill_hists(d, a, dim, &res, cap);
	return DB_OK;
}

/* Minutes to seconds, keeping "no data". */
static struct figure minutes(struct figure f)
{
	if (f.known)
		f.value *= 60;
	return f;
}

static struct figure hist_median(const struct dash_hist *h);

/* Weeks of 7 days from `from`: cases, median first response, CSAT. */
static enum db_err load_weeks(struct db *db, struct arena *a, const char *d0, const char *d1,
                              int ndays, struct dash *d, time_t from)
{
	struct dbres res;
	enum db_err e;
	size_t nweeks = (size_t)(ndays + 6) / 7;

	d->weeks = amalloc(a, nweeks * sizeof *d->weeks);
	d->nweeks = nweeks;
	for (size_t w = 0; w < nweeks; w++) {
		char day[11];

		format_local_date(from + (time_t)w * 7 * DAY_SECS, day);
		snprintf(d->weeks[w].label, sizeof d->weeks[w].label, "%.5s", day + 5);
		d->weeks[w].cases = FIGURE_NONE;
		d->weeks[w].frt_median = FIGURE_NONE;
		d->weeks[w].csat = FIGURE_NONE;
	}
	if ((e = db_run(db, a,
	                "SELECT DATEDIFF(day, ?) DIV 7, SUM(n) FROM stats_day "
	                "WHERE dim = 'a' AND day BETWEEN ? AND ? AND val = '' AND metric = 1 "
	                "GROUP BY 1",
	                DB_ARGS(DB_STR(d0), DB_STR(d0), DB_STR(d1)), &res)) != DB_OK)
		return e;
	for (size_t i = 0; i < res.nrows; i++) {
		long long w = db_int(&res.rows[i], 0);

		if (w >= 0 && (size_t)w < nweeks)
			d->weeks[w].cases = (struct figure){true, (double)db_int(&res.rows[i], 1)};
	}
	if ((e = db_run(db, a,
	                "SELECT DATEDIFF(day, ?) DIV 7 w, metric, bucket, SUM(n) FROM stats_hist "
	                "WHERE dim = 'a' AND day BETWEEN ? AND ? AND val = '' AND metric IN (2, 14) "
	                "GROUP BY 1, 2, 3 ORDER BY 1, 2, 3",
	                DB_ARGS(DB_STR(d0), DB_STR(d0), DB_STR(d1)), &res)) != DB_OK)
		return e;
	for (size_t i = 0, j; i < res.nrows; i = j) {
		long long w = db_int(&res.rows[i], 0), metric = db_int(&res.rows[i], 1);
		struct dash_hist h;

		for (j = i + 1; j < res.nrows && db_int(&res.rows[j], 0) == w &&
		                db_int(&res.rows[j], 1) == metric;
		     j++)
			;
		if (w < 0 || (size_t)w >= nweeks)
			continue;
		h.n = j - i;
		h.b = amalloc(a, h.n * sizeof *h.b);
		for (size_t k = i; k < j; k++)
			h.b[k - i] = (struct dash_bucket){db_int(&res.rows[k], 2), db_int(&res.rows[k], 3)};
		if (metric == DM_FRT) {
			d->weeks[w].frt_median = minutes(hist_median(&h));
		} else {
			long long c[5] = {0};

			for (size_t k = 0; k < h.n; k++)
				if (h.b[k].value >= 1 && h.b[k].value <= 5)
					c[h.b[k].value - 1] = h.b[k].n;
			d->weeks[w].csat = stats_csat(c);
		}
	}
	return DB_OK;
}

/* Distinct customers with an order placed in [f, t) (UTC), the local days
 * d0..d1: from stats_customers_cache while no order has changed since it
 * was counted, else counted over orders (placed_at, customer_id) and kept. */
static enum db_err ordering_customers(struct db *db, struct arena *a, const char *f,
                                      const char *t, const char *d0, const char *d1,
                                      time_t now, long long *out)
{
	struct dbrow *row, *cached;
	const char *max_id, *max_updated;
	char at[20];
	enum db_err e;

	if ((e = db_row(db, a,
	                "SELECT COALESCE(MAX(id), 0), COALESCE(MAX(updated_at), '1970-01-01') "
	                "FROM orders",
	                DB_NOARGS, &row)) != DB_OK)
		return e;
	max_id = row->col[0];
	max_updated = row->col[1];
	if ((e = db_row(db, a,
	                "SELECT customers FROM stats_customers_cache WHERE period_from = ? "
	                "AND period_to = ? AND max_order_id = ? AND max_updated = ? "
	                "AND computed_at > max_updated",
	                DB_ARGS(DB_STR(d0), DB_STR(d1), DB_STR(max_id), DB_STR(max_updated)),
	                &cached)) != DB_OK)
		return e;
	if (cached) {
		*out = db_int(cached, 0);
		return DB_OK;
	}
	if ((e = db_row(db, a,
	                "SELECT COUNT(DISTINCT customer_id) FROM orders "
	                "WHERE placed_at >= ? AND placed_at < ?",
	                DB_ARGS(DB_STR(f), DB_STR(t)), &row)) != DB_OK)
		return e;
	*out = row ? db_int(row, 0) : 0;
	format_db_datetime(now, at);
	/* entries of older orders can never be used again */
	if ((e = db_run(db, NULL,
	                "DELETE FROM stats_customers_cache WHERE max_order_id <> ? OR max_updated <> ?",
	                DB_ARGS(DB_STR(max_id), DB_STR(max_updated)), NULL)) != DB_OK)
		return e;
	return db_run(db, NULL,
	              "REPLACE INTO stats_customers_cache (period_from, period_to, max_order_id, "
	              "max_updated, computed_at, customers) VALUES (?, ?, ?, ?, ?, ?)",
	              DB_ARGS(DB_STR(d0), DB_STR(d1), DB_STR(max_id), DB_STR(max_updated),
	                      DB_STR(at), DB_INT(*out)),
	              NULL);
}

enum db_err dash_load(struct db *db, struct arena *a, time_t from, time_t to, time_t now,
                      const char *dims, bool weeks, struct dash *out)
{
	int ndays = (int)((to - from) / DAY_SECS);
	char d0[11], d1[11], f[20], t[20];
	struct span span;
	time_t mfrom, mto;
	size_t cap = 0;
	enum db_err e;

	memset(out, 0, sizeof *out);
	if (ndays < 1 || ndays > MAX_DAYS)
		return DB_ERROR;
	if ((e = refresh_period(db, a, from, ndays, now)) != DB_OK)
		return e;
	format_local_date(from, d0);
	format_local_date(to - DAY_SECS, d1);
	/* whole months of the period that have ended */
	mfrom = month_start(from) == from ? from : month_after(month_start(from));
	mto = month_start(min_time(to, month_start(now)));
	if (mto <= mfrom)
		mfrom = mto = to;
	if ((e = ensure_months(db, a, mfrom, mto, now)) != DB_OK)
		return e;
	memcpy(span.d0, d0, sizeof d0);
	memcpy(span.d1, d1, sizeof d1);
	format_local_date(mfrom, span.dm0);
	format_local_date(mto, span.dm1);
	for (const char *p = dims; *p; p++)
		if ((e = load_dim(db, a, *p, &span, out, &cap)) != DB_OK)
			return e;
	if (weeks && (e = load_weeks(db, a, d0, d1, ndays, out, from)) != DB_OK)
		return e;
	format_db_datetime(from, f);
	format_db_datetime(to, t);
	if (strchr(dims, 'a'))
		return ordering_customers(db, a, f, t, d0, d1, now, &out->ordering_customers);
	return DB_OK;
}

const struct dash_group *dash_group(const struct dash *d, char dim, const char *val)
{
	for (size_t i = 0; i < d->ngroups; i++)
		if (d->groups[i].dim == dim && strcmp(d->groups[i].val, val) == 0)
			return &d->groups[i];
	return NULL;
}

/* ------------------------------------------------------------- figures */

/* The value of rank (1-based) in h: walks the buckets through stats.h's
 * histogram over bucket indexes (lo 0, width 1). */
static struct figure hist_rank(const struct dash_hist *h, long long rank)
{
	long long seen = 0;

	for (size_t i = 0; i < h->n; i++) {
		seen += h->b[i].n;
		if (seen >= rank)
			return (struct figure){true, (double)h->b[i].value};
	}
	return FIGURE_NONE;
}

/* Nearest-rank percentile of a histogram, as stats.h computes it over the
 * buckets' indexes, mapped back to the bucket's value. */
static struct figure hist_percentile(const struct dash_hist *h, int p, struct arena *a)
{
	long long *counts;
	struct histogram hg;
	struct figure idx;

	if (h->n == 0)
		return FIGURE_NONE;
	counts = amalloc(a, h->n * sizeof *counts);
	for (size_t i = 0; i < h->n; i++)
		counts[i] = h->b[i].n;
	hg = (struct histogram){counts, h->n, 0, 1};
	idx = histogram_percentile(&hg, p);
	if (!idx.known)
		return idx;
	return (struct figure){true, (double)h->b[(size_t)idx.value].value};
}

static struct figure hist_median(const struct dash_hist *h)
{
	long long total = 0;

	for (size_t i = 0; i < h->n; i++)
		total += h->b[i].n;
	if (total == 0)
		return FIGURE_NONE;
	if (total % 2)
		return hist_rank(h, total / 2 + 1);
	return (struct figure){true,
	                       (hist_rank(h, total / 2).value + hist_rank(h, total / 2 + 1).value) / 2};
}

static struct figure count(long long n) { return (struct figure){true, (double)n}; }

static struct figure scaled(struct figure f, double by)
{
	if (f.known)
		f.value /= by;
	return f;
}

void dash_figures(const struct dash *d, const struct dash_group *g, struct dash_figures *f)
{
	struct arena *a;
	long long sla_n = 0, sla_met = 0;

	memset(f, 0, sizeof *f); /* every figure unknown */
	if (!g)
		return; /* no data at all: not even a count of 0 */
	a = arena_new();
	f->cases = count(g->m[DM_CASES].n);
	f->frt_n = count(g->m[DM_FRT].n);
	f->frt_mean = moments_mean(&g->m[DM_FRT]);
	f->frt_median = minutes(hist_median(&g->frt));
	f->frt_p90 = minutes(hist_percentile(&g->frt, 90, a));
	f->frt_waiting = count(g->m[DM_FRT_WAITING].n);
	f->res_n = count(g->m[DM_RES].n);
	f->res_mean = moments_mean(&g->m[DM_RES]);
	f->res_median = minutes(hist_median(&g->res));
	f->res_p90 = minutes(hist_percentile(&g->res, 90, a));
	f->resolution_rate = stats_rate((long long)g->m[DM_FINAL].sum, g->m[DM_FINAL].n);
	f->fcr_rate = stats_rate(g->m[DM_FCR].n, g->m[DM_RES].n);
	f->complaints = count(g->m[DM_COMPLAINTS].n);
	for (int q = 0; q < DASH_QUESTIONS; q++) {
		const struct dash_hist *h = &g->q[q];
		long long c[11] = {0}, total = 0;

		for (size_t k = 0; k < h->n; k++)
			if (h->b[k].value >= 0 && h->b[k].value <= 10)
				c[h->b[k].value] = h->b[k].n;
		if (q == DASH_QUESTIONS - 1) {
			f->nps = stats_nps(c);
			continue;
		}
		for (int v = 1; v <= 5; v++)
			total += c[v];
		f->q_mean[q] = stats_scale_mean(c + 1, 5, 1);
		f->q_sd[q] = stats_scale_stddev(c + 1, 5, 1);
		f->q_csat[q] = stats_csat(c + 1);
		for (int v = 0; v < 5; v++)
			f->q_share[q][v] = stats_rate(c[v + 1], total);
		if (q == DASH_QUESTIONS - 2)
			f->answers = count(total);
	}
	f->response_rate = stats_rate((long long)g->m[DM_INVITED].sum, g->m[DM_INVITED].n);
	for (int t = 0; t < DASH_TIMERS; t++) {
		const struct moments *m = &g->m[DM_SLA_FIRST + t];

		f->sla[t] = stats_rate((long long)m->sum, m->n);
		sla_n += m->n;
		sla_met += (long long)m->sum;
	}
	f->sla_all = stats_rate(sla_met, sla_n);
	f->refund_n = count(g->m[DM_REFUNDS].n);
	f->refund_total = count((long long)g->m[DM_REFUNDS].sum);
	f->refund_total.value /= 100;
	f->refund_mean = scaled(moments_mean(&g->m[DM_REFUNDS]), 100);
	f->return_rate = stats_rate((long long)g->m[DM_UNITS_BACK].sum, (long long)g->m[DM_UNITS_SOLD].sum);
	f->repurchase = stats_rate((long long)g->m[DM_REPURCHASE].sum, g->m[DM_REPURCHASE].n);
	arena_free(a);
}

/* ---------------------------------------------------------- the score */

const char *const dash_weight_names[DW__MAX] = {
	[DW_FIRST_RESPONSE] = "first_response",
	[DW_RESOLUTION] = "resolution",
	[DW_FCR] = "fcr",
	[DW_CSAT] = "csat",
};

enum db_err dash_weights_load(struct db *db, struct arena *a, int w[DW__MAX])
{
	struct dbres res;
	enum db_err e;

	for (int i = 0; i < DW__MAX; i++)
		w[i] = 0;
	if ((e = db_run(db, a,
	                "SELECT name, value FROM settings WHERE name LIKE 'score\\_weight\\_%'",
	                DB_NOARGS, &res)) != DB_OK)
		return e;
	for (size_t k = 0; k < res.nrows; k++) {
		const char *name = res.rows[k].col[0] + strlen("score_weight_");

		for (int i = 0; i < DW__MAX; i++)
			if (strcmp(name, dash_weight_names[i]) == 0)
				w[i] = (int)db_int(&res.rows[k], 1);
	}
	return DB_OK;
}

static int save_tx(struct db *db, void *ctx)
{
	const int *w = ctx;
	enum db_err e;

	for (int i = 0; i < DW__MAX; i++) {
		char name[64], val[16];

		snprintf(name, sizeof name, "score_weight_%s", dash_weight_names[i]);
		snprintf(val, sizeof val, "%d", w[i]);
		if ((e = db_run(db, NULL,
		                "INSERT INTO settings (name, value) VALUES (?, ?) "
		                "ON DUPLICATE KEY UPDATE value = VALUES(value)",
		                DB_ARGS(DB_STR(name), DB_STR(val)), NULL)) != DB_OK)
			return db_fail(e);
	}
	return 0;
}

enum db_err dash_weights_save(struct db *db, const int w[DW__MAX])
{
	int rc = db_tx(db, save_tx, (void *)w);

	return rc == 0 ? DB_OK : rc < 0 ? (enum db_err)-rc : DB_ERROR;
}

/* First response: 8 hours or more scores 0, instant 100; resolution: 14
 * days or more 0; first-contact resolution and CSAT: the rate itself. */
struct figure dash_score(const struct dash_figures *f, const int w[DW__MAX])
{
	const struct score_part parts[DW__MAX] = {
		[DW_FIRST_RESPONSE] = {f->frt_mean, 8 * 3600, 0, w[DW_FIRST_RESPONSE]},
		[DW_RESOLUTION] = {f->res_mean, 14 * DAY_SECS, 0, w[DW_RESOLUTION]},
		[DW_FCR] = {f->fcr_rate, 0, 100, w[DW_FCR]},
		[DW_CSAT] = {f->q_csat[DASH_QUESTIONS - 2], 0, 100, w[DW_CSAT]},
	};

	return stats_weighted_score(parts, DW__MAX);
}

/*
 * calendar.h — the business calendar behind every time limit (DESIGN.md §3
 * "Time limits (SLA)"): working days Monday–Friday, 09:00–18:00 Asia/Shanghai
 * (fixed UTC+8), corrected by a list of dated overrides (public holidays off,
 * make-up working weekend days 调休 on). Pure: the caller loads the overrides
 * from calendar_overrides; nothing here allocates, locks or reads the TZ.
 */
#ifndef AFTERCARE_CALENDAR_H
#define AFTERCARE_CALENDAR_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

/* Business hours, seconds after local midnight: [open, close]. */
#define CAL_OPEN_SEC (9 * 3600)
#define CAL_CLOSE_SEC (18 * 3600)
#define CAL_DAY_SEC (CAL_CLOSE_SEC - CAL_OPEN_SEC)

/* The longest deadline the functions compute, in working days (and
 * CAL_MAX_DAYS * CAL_DAY_SEC in working seconds); larger asks fail with
 * (time_t)-1 rather than loop for years. Real limits are a few days. */
#define CAL_MAX_DAYS 3660

/* One local (Asia/Shanghai) date whose status differs from the weekly rule,
 * or confirms it: working = false for a holiday, true for a make-up day. */
struct cal_override {
	int y, m, d;
	bool working;
};

/* The overrides, sorted by date ascending with no date twice (what
 * `SELECT … FROM calendar_overrides ORDER BY day` gives; cal_sort() orders a
 * list that is not). Lookups binary-search it. The calendar only reads v, so
 * one calendar may be shared by any number of threads. n = 0 (v may be NULL)
 * is the plain Monday–Friday week. */
struct calendar {
	const struct cal_override *v;
	size_t n;
};

/* Sort overrides by date in place: once after loading, not per lookup. */
void cal_sort(struct cal_override *v, size_t n);

/* Is the local date that contains t a working day? */
bool cal_is_working_day(const struct calendar *cal, time_t t);

/*
 * The instant at which `seconds` of working time have passed after start.
 * Working time runs only on working days between 09:00 and 18:00 local; a
 * start outside it counts from the next opening (a start at 18:00 exactly
 * counts from the next working day's 09:00). A result that falls exactly on
 * 18:00 stays at 18:00 of that day; it never becomes the next day's 09:00.
 * Example: 2 h from Friday 17:00 is Monday 10:00 when Monday is working.
 * seconds <= 0 returns start unchanged. (time_t)-1 when seconds exceeds
 * CAL_MAX_DAYS working days or start is outside years 1..9999.
 */
time_t cal_add_working_seconds(const struct calendar *cal, time_t start, long seconds);

/*
 * "Within N working days" of start: 18:00 local of the N-th working day
 * after the local date of start. The date of start is day 0 whatever the
 * hour and whether or not it is a working day, so a start before opening
 * does not make that day day 1: Monday 08:00 + 3 is Thursday 18:00, and so
 * is Monday 20:00 + 3; Saturday + 3 is Wednesday 18:00.
 * days = 0 means "same business day": 18:00 of start's date if that is a
 * working day and start is not after 18:00, otherwise 18:00 of the next
 * working day. (time_t)-1 when days < 0 or days > CAL_MAX_DAYS, or start is
 * outside years 1..9999.
 */
time_t cal_add_working_days(const struct calendar *cal, time_t start, int days);

/* Plain clock time: the 24 h / 48 h / 72 h timers ignore the calendar.
 * (time_t)-1 on overflow. */
time_t cal_add_hours(time_t start, long hours);

enum sla_state {
	SLA_OK,
	SLA_AT_RISK,
	SLA_BREACHED
};

/*
 * Where a timer running from start to due stands at now:
 *   SLA_BREACHED  now > due (strictly after: at due itself it is not late);
 *   SLA_AT_RISK   otherwise, once now - start >= 80 % of due - start
 *                 (exact integer arithmetic; 80 % itself is at risk);
 *   SLA_OK        before that.
 * A span of zero or less is at risk until due, then breached.
 */
enum sla_state sla_state(time_t start, time_t due, time_t now);

#endif

/*
 * test_calendar.c — the business calendar (DESIGN.md §3 "Time limits").
 * Every expected instant is a literal UTC second worked out outside the code
 * under test, e.g. `date -u -d '2026-10-10 02:00:00' +%s` for 10:00 Shanghai;
 * the comment beside it gives the local time. The overrides are the 2026
 * schedule of schema/002_calendar.sql.
 */
#include "calendar.h"
#include "t.h"

void tests_calendar(void);

#define H 3600L

static const struct cal_override y2026[] = {
	{2026, 1, 1, false},  {2026, 1, 2, false},  {2026, 1, 3, false},
	{2026, 1, 4, true},   {2026, 2, 14, true},  {2026, 2, 15, false},
	{2026, 2, 16, false}, {2026, 2, 17, false}, {2026, 2, 18, false},
	{2026, 2, 19, false}, {2026, 2, 20, false}, {2026, 2, 21, false},
	{2026, 2, 22, false}, {2026, 2, 23, false}, {2026, 2, 28, true},
	{2026, 4, 4, false},  {2026, 4, 5, false},  {2026, 4, 6, false},
	{2026, 5, 1, false},  {2026, 5, 2, false},  {2026, 5, 3, false},
	{2026, 5, 4, false},  {2026, 5, 5, false},  {2026, 5, 9, true},
	{2026, 6, 19, false}, {2026, 6, 20, false}, {2026, 6, 21, false},
	{2026, 9, 20, true},  {2026, 9, 25, false}, {2026, 9, 26, false},
	{2026, 9, 27, false}, {2026, 10, 1, false}, {2026, 10, 2, false},
	{2026, 10, 3, false}, {2026, 10, 4, false}, {2026, 10, 5, false},
	{2026, 10, 6, false}, {2026, 10, 7, false}, {2026, 10, 10, true},
};
static const struct calendar cn = {y2026, sizeof y2026 / sizeof y2026[0]};
static const struct calendar plain = {NULL, 0};

static void working_days(void)
{
	CHECK(cal_is_working_day(&plain, 1773108000), "Tue 2026-03-10 is a working day");
	CHECK(!cal_is_working_day(&plain, 1772852400), "Sat 2026-03-07 is not");
	CHECK(!cal_is_working_day(&cn, 1790827200), "Thu 2026-10-01 (国庆) is off");
	CHECK(cal_is_working_day(&plain, 1790827200),
	      "Thu 2026-10-01 is working without the overrides");
	CHECK(!cal_is_working_day(&cn, 1792209600), "an ordinary Sat 2026-10-17 is off");
	/* The local date, not the UTC one: 00:00 Shanghai is 16:00 UTC before. */
	CHECK(cal_is_working_day(&cn, 1791561600), "Sat 2026-10-10 00:00:00 (调休) is working");
	CHECK(cal_is_working_day(&cn, 1791647999), "Sat 2026-10-10 23:59:59 is working");
	CHECK(!cal_is_working_day(&cn, 1791648000), "Sun 2026-10-11 00:00:00 is off");
	CHECK(cal_is_working_day(&cn, 1791561599), "Fri 2026-10-09 23:59:59 is working");
	CHECK(cal_is_working_day(&cn, 1767492000), "Sun 2026-01-04 (元旦调休) is working");
	CHECK(cal_is_working_day(&plain, -72000),
	      "Wed 1969-12-31 12:00 is a working day (before the epoch too)");
}

static void working_hours(void)
{
	/* Across a weekend and a holiday week. */
	CHECK(cal_add_working_seconds(&cn, 1772787600, 2 * H) == 1773021600,
	      "Fri 2026-03-06 17:00 + 2h = Mon 03-09 10:00");
	CHECK(cal_add_working_seconds(&cn, 1790758800, 2 * H) == 1791424800,
	      "Wed 2026-09-30 17:00 + 2h = Thu 10-08 10:00 (国庆 Oct 1-7 off)");
	CHECK(cal_add_working_seconds(&cn, 1767171600, 2 * H) == 1767492000,
	      "Wed 2025-12-31 17:00 + 2h = Sun 2026-01-04 10:00 (元旦, then 调休)");
	CHECK(cal_add_working_seconds(&cn, 1773018000, 24 * H) == 1773212400,
	      "Mon 2026-03-09 09:00 + 24 working h = Wed 03-11 15:00");

	/* Onto make-up working weekend days. */
	CHECK(cal_add_working_seconds(&cn, 1791536400, 2 * H) == 1791597600,
	      "Fri 2026-10-09 17:00 + 2h = Sat 10-10 10:00 (调休 on)");
	CHECK(cal_add_working_seconds(&plain, 1791536400, 2 * H) == 1791770400,
	      "without the overrides the same is Mon 10-12 10:00");
	CHECK(cal_add_working_seconds(&cn, 1789810200, H / 2) == 1789867800,
	      "Sat 2026-09-19 17:30 + 30min = Sun 09-20 09:30 (调休 on)");

	/* Starting outside business hours. */
	CHECK(cal_add_working_seconds(&cn, 1773099000, 2 * H) == 1773111600,
	      "Tue 2026-03-10 07:30 + 2h = 11:00 (counts from 09:00)");
	CHECK(cal_add_working_seconds(&cn, 1773140400, 2 * H) == 1773198000,
	      "Tue 2026-03-10 19:00 + 2h = Wed 11:00");
	CHECK(cal_add_working_seconds(&cn, 1772942400, 2 * H) == 1773025200,
	      "Sun 2026-03-08 12:00 + 2h = Mon 03-09 11:00");

	/* Exact boundaries. */
	CHECK(cal_add_working_seconds(&cn, 1773136800, H) == 1773194400,
	      "start at 18:00 exactly: Tue 2026-03-10 18:00 + 1h = Wed 10:00");
	CHECK(cal_add_working_seconds(&cn, 1773129600, 2 * H) == 1773136800,
	      "Tue 2026-03-10 16:00 + 2h = Tue 18:00, not Wed 09:00");
	CHECK(cal_add_working_seconds(&cn, 1773104400, 9 * H) == 1773136800,
	      "Tue 2026-03-10 09:00 + 9h = Tue 18:00");
	CHECK(cal_add_working_seconds(&cn, 1773129600, 2 * H + 1) == 1773190801,
	      "Tue 2026-03-10 16:00 + 2h 1s = Wed 09:00:01");

	CHECK(cal_add_working_seconds(&cn, 1773099000, 0) == 1773099000,
	      "zero working seconds: start unchanged");
	CHECK(cal_add_working_seconds(&cn, 1773099000, -5) == 1773099000,
	      "negative working seconds: start unchanged");
	CHECK(cal_add_working_seconds(&cn, 1773099000, 3661L * 9 * H) == (time_t)-1,
	      "more than CAL_MAX_DAYS of working time fails");
}

static void working_day_deadlines(void)
{
	/* Spring Festival: Sat 02-14 on, 02-15..23 off, Sat 02-28 on. */
	CHECK(cal_add_working_days(&cn, 1770948000, 3) == 1772013600,
	      "Fri 2026-02-13 10:00 + 3 working days = Wed 02-25 18:00 (春节)");
	CHECK(cal_add_working_days(&cn, 1770948000, 5) == 1772186400,
	      "Fri 2026-02-13 10:00 + 5 working days = Fri 02-27 18:00");
	CHECK(cal_add_working_days(&cn, 1770948000, 6) == 1772272800,
	      "Fri 2026-02-13 10:00 + 6 working days = Sat 02-28 18:00 (调休)");
	CHECK(cal_add_working_days(&cn, 1770861600, 5) == 1772100000,
	      "Thu 2026-02-12 10:00 + 5 working days = Thu 02-26 18:00");
	/* 国庆: Oct 1-7 off, Sat 10-10 on. */
	CHECK(cal_add_working_days(&cn, 1790733600, 3) == 1791626400,
	      "Wed 2026-09-30 10:00 + 3 working days = Sat 10-10 18:00");
	CHECK(cal_add_working_days(&cn, 1790733600, 5) == 1791885600,
	      "Wed 2026-09-30 10:00 + 5 working days = Tue 10-13 18:00");

	/* The date of start is day 0 whatever the hour. */
	CHECK(cal_add_working_days(&cn, 1773014400, 3) == 1773309600,
	      "Mon 2026-03-09 08:00 (before opening) + 3 = Thu 03-12 18:00");
	CHECK(cal_add_working_days(&cn, 1773057600, 3) == 1773309600,
	      "Mon 2026-03-09 20:00 (after closing) + 3 = Thu 03-12 18:00");
	CHECK(cal_add_working_days(&cn, 1772852400, 3) == 1773223200,
	      "Sat 2026-03-07 11:00 + 3 = Wed 03-11 18:00");

	/* Same business day. */
	CHECK(cal_add_working_days(&cn, 1773021600, 0) == 1773050400,
	      "Mon 2026-03-09 10:00 + 0 = Mon 18:00");
	CHECK(cal_add_working_days(&cn, 1773050400, 0) == 1773050400,
	      "Mon 2026-03-09 18:00 + 0 = Mon 18:00");
	CHECK(cal_add_working_days(&cn, 1773050401, 0) == 1773136800,
	      "Mon 2026-03-09 18:00:01 + 0 = Tue 03-10 18:00");
	CHECK(cal_add_working_days(&cn, 1772852400, 0) == 1773050400,
	      "Sat 2026-03-07 11:00 + 0 = Mon 03-09 18:00");
	CHECK(cal_add_working_days(&cn, 1772852400, -1) == (time_t)-1,
	      "negative working days fail");
}

static void overrides_sorted_by_cal_sort(void)
{
	struct cal_override v[] = {
		{2026, 10, 10, true}, {2026, 10, 1, false}, {2026, 10, 7, false},
		{2026, 10, 2, false}, {2026, 10, 6, false}, {2026, 10, 3, false},
		{2026, 10, 5, false}, {2026, 10, 4, false},
	};
	struct calendar c = {v, sizeof v / sizeof v[0]};

	cal_sort(v, c.n);
	CHECK(v[0].d == 1 && v[7].d == 10, "cal_sort orders the overrides by date");
	CHECK(cal_add_working_seconds(&c, 1790758800, 2 * H) == 1791424800,
	      "a sorted shuffled list: Wed 09-30 17:00 + 2h = Thu 10-08 10:00");
	CHECK(cal_add_working_seconds(&c, 1791536400, 2 * H) == 1791597600,
	      "a sorted shuffled list: Fri 10-09 17:00 + 2h = Sat 10-10 10:00");
}

static void clock_hours(void)
{
	CHECK(cal_add_hours(1772787600, 24) == 1772874000,
	      "Fri 2026-03-06 17:00 + 24 h = Sat 03-07 17:00 (calendar hours)");
	CHECK(cal_add_hours(1790758800, 72) == 1791018000,
	      "Wed 2026-09-30 17:00 + 72 h = Sat 10-03 17:00 (holidays count)");
	CHECK(cal_add_hours(1772787600, 0) == 1772787600, "+0 h is start");
}

static void sla_edges(void)
{
	/* A 10 h span: 80 % is 8 h = 28800 s. */
	time_t s = 1773104400, due = s + 36000;

	CHECK(sla_state(s, due, s) == SLA_OK, "sla: at start OK");
	CHECK(sla_state(s, due, s + 28440) == SLA_OK, "sla: 79 % OK");
	CHECK(sla_state(s, due, s + 28799) == SLA_OK, "sla: 1 s before 80 % OK");
	CHECK(sla_state(s, due, s + 28800) == SLA_AT_RISK, "sla: 80 % at risk");
	CHECK(sla_state(s, due, due) == SLA_AT_RISK, "sla: at due at risk, not breached");
	CHECK(sla_state(s, due, due + 1) == SLA_BREACHED, "sla: due + 1 s breached");
	/* 7 s: 80 % is 5.6 s, so 5 s is OK and 6 s at risk (no rounding down). */
	CHECK(sla_state(100, 107, 105) == SLA_OK, "sla: 5 of 7 s OK");
	CHECK(sla_state(100, 107, 106) == SLA_AT_RISK, "sla: 6 of 7 s at risk");
	CHECK(sla_state(100, 100, 100) == SLA_AT_RISK, "sla: zero span at due at risk");
	CHECK(sla_state(100, 100, 101) == SLA_BREACHED, "sla: zero span after due breached");
}

void tests_calendar(void)
{
	working_days();
	working_hours();
	working_day_deadlines();
	overrides_sorted_by_cal_sort();
	clock_hours();
	sla_edges();
}

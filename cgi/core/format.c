/*
 * format.c — typed values back into text for pages and SQL: money in
 * yuan, local (Asia/Shanghai) times and dates, and UTC DATETIMEs. The
 * caller owns the fixed-size buffers.
 */
#include <stdio.h>

#include "util.h"

void format_money(long long fen, char out[32])
{
	unsigned long long mag = fen < 0 ? 0ULL - (unsigned long long)fen
	                                 : (unsigned long long)fen;

	snprintf(out, 32, "%s%llu.%02llu", fen < 0 ? "-" : "", mag / 100, mag % 100);
}

/* Broken-down UTC of t + shift; false when gmtime cannot represent it. */
static bool broken_down(time_t t, long shift, struct tm *tm)
{
	time_t local;

	if (__builtin_add_overflow(t, shift, &local))
		return false;
	return gmtime_r(&local, tm) != NULL;
}

void format_local_time(time_t t, char out[20])
{
	struct tm tm;

	if (!broken_down(t, LOCAL_UTC_OFFSET, &tm) ||
	    snprintf(out, 20, "%04d-%02d-%02d %02d:%02d", tm.tm_year + 1900,
	             tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min) >= 20)
		snprintf(out, 20, "0000-00-00 00:00");
}

void format_local_date(time_t t, char out[11])
{
	struct tm tm;

	if (!broken_down(t, LOCAL_UTC_OFFSET, &tm) ||
	    snprintf(out, 11, "%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1,
	             tm.tm_mday) >= 11)
		snprintf(out, 11, "0000-00-00");
}

void format_db_datetime(time_t t, char out[20])
{
	struct tm tm;

	/* A DATETIME MariaDB would refuse rather than a truncated one. */
	if (!broken_down(t, 0, &tm) ||
	    snprintf(out, 20, "%04d-%02d-%02d %02d:%02d:%02d", tm.tm_year + 1900,
	             tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
	             tm.tm_sec) >= 20)
		snprintf(out, 20, "0000-00-00 00:00:00");
}

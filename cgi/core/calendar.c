/*
 * calendar.c — working days and working hours in Asia/Shanghai. Time is
 * split into a local day number (days since 1970-01-01 local) and seconds
 * into that day with our own civil-date arithmetic: no TZ, no localtime.
 */
#include <stdlib.h>

#include "calendar.h"
#include "util.h"

#define DAY 86400LL

/* Years 1..9999 in UTC seconds: keeps every sum below far from overflow. */
#define T_MIN (-62135596800LL)
#define T_MAX (253402300799LL)

/* Floor division: local days before 1970 still start at local midnight. */
static long long floor_div(long long a, long long b)
{
	long long q = a / b;

	return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

/* Proleptic Gregorian date of a day number (H. Hinnant's civil_from_days). */
static void civil_from_days(long long z, int *y, int *m, int *d)
{
	long long era, doe, yoe, doy, mp;

	z += 719468;
	era = floor_div(z, 146097);
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

static long date_key(int y, int m, int d)
{
	return (long)y * 10000 + m * 100 + d;
}

static int cmp_override(const void *a, const void *b)
{
	const struct cal_override *x = a, *y = b;
	long kx = date_key(x->y, x->m, x->d), ky = date_key(y->y, y->m, y->d);

	return (kx > ky) - (kx < ky);
}

void cal_sort(struct cal_override *v, size_t n)
{
	if (n > 1)
		qsort(v, n, sizeof *v, cmp_override);
}

/* Working day by local day number: an override wins over the weekday. */
static bool working_day(const struct calendar *cal, long long day)
{
	int y, m, d;
	long key;
	size_t lo = 0, hi = cal ? cal->n : 0;
	long long wd = day + 4 - floor_div(day + 4, 7) * 7; /* 0 = Sunday */

	civil_from_days(day, &y, &m, &d);
	key = date_key(y, m, d);
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct cal_override *o = &cal->v[mid];
		long k = date_key(o->y, o->m, o->d);

		if (k == key)
			return o->working;
		if (k < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	return wd >= 1 && wd <= 5;
}

/* Local day number and seconds into it; false outside years 1..9999. */
static bool split(time_t t, long long *day, long long *sod)
{
	long long local;

	if ((long long)t < T_MIN || (long long)t > T_MAX)
		return false;
	local = (long long)t + LOCAL_UTC_OFFSET;
	*day = floor_div(local, DAY);
	*sod = local - *day * DAY;
	return true;
}

static time_t join(long long day, long long sod)
{
	return (time_t)(day * DAY + sod - LOCAL_UTC_OFFSET);
}

bool cal_is_working_day(const struct calendar *cal, time_t t)
{
	long long day, sod;

	return split(t, &day, &sod) && working_day(cal, day);
}

time_t cal_add_working_seconds(const struct calendar *cal, time_t start, long seconds)
{
	long long day, sod, left = seconds;

	if (seconds <= 0)
		return start;
	if (left > (long long)CAL_MAX_DAYS * CAL_DAY_SEC || !split(start, &day, &sod))
		return (time_t)-1;
	if (sod < CAL_OPEN_SEC)
		sod = CAL_OPEN_SEC;
	for (;;) {
		if (working_day(cal, day) && sod < CAL_CLOSE_SEC) {
			/* <=: a result on 18:00 stays on this day. */
			if (left <= CAL_CLOSE_SEC - sod)
				return join(day, sod + left);
			left -= CAL_CLOSE_SEC - sod;
		}
		day++;
		sod = CAL_OPEN_SEC;
	}
}

time_t cal_add_working_days(const struct calendar *cal, time_t start, int days)
{
	long long day, sod;

	if (days < 0 || days > CAL_MAX_DAYS || !split(start, &day, &sod))
		return (time_t)-1;
	if (days == 0) {
		while (!working_day(cal, day) || sod > CAL_CLOSE_SEC) {
			day++;
			sod = 0;
		}
		return join(day, CAL_CLOSE_SEC);
	}
	while (days > 0) {
		day++;
		if (working_day(cal, day))
			days--;
	}
	return join(day, CAL_CLOSE_SEC);
}

time_t cal_add_hours(time_t start, long hours)
{
	time_t secs, out;

	if (__builtin_mul_overflow(hours, 3600L, &secs) ||
	    __builtin_add_overflow(start, secs, &out))
		return (time_t)-1;
	return out;
}

enum sla_state sla_state(time_t start, time_t due, time_t now)
{
	/* 128 bits: exact for any pair of 64-bit times, no rounding of 80 %. */
	__int128 span = (__int128)due - start, elapsed = (__int128)now - start;

	if (now > due)
		return SLA_BREACHED;
	if (span <= 0)
		return SLA_AT_RISK;
	return 5 * elapsed >= 4 * span ? SLA_AT_RISK : SLA_OK;
}

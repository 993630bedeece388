/*
 * parse.c — the strict parsers that turn edge input into typed values:
 * integers, money in yuan, dates and timestamps. Each rejects trailing
 * junk, signs and spaces it does not expect, and out-of-range values.
 */
#include <limits.h>

#include "util.h"

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

int parse_int(const char *s, long long min, long long max, long long *out)
{
	/* Magnitude limit: |LLONG_MIN| for negatives, LLONG_MAX otherwise. */
	unsigned long long mag = 0, lim;
	bool neg = false;
	const char *p = s;
	long long v;

	if (!s)
		return -1;
	if (*p == '-') {
		neg = true;
		p++;
	}
	if (!is_digit(*p))
		return -1;
	if (*p == '0' && (p[1] != '\0' || neg))
		return -1; /* "01", "-0" */
	lim = neg ? (unsigned long long)LLONG_MAX + 1 : (unsigned long long)LLONG_MAX;
	for (; *p; p++) {
		unsigned d;

		if (!is_digit(*p))
			return -1;
		d = (unsigned)(*p - '0');
		if (mag > (lim - d) / 10)
			return -1;
		mag = mag * 10 + d;
	}
	if (neg)
		v = mag == (unsigned long long)LLONG_MAX + 1 ? LLONG_MIN : -(long long)mag;
	else
		v = (long long)mag;
	if (v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

int parse_money(const char *s, long long *fen)
{
	long long yuan = 0, cents = 0;
	int digits = 0;
	const char *p = s;

	if (!s || !is_digit(*p))
		return -1;
	if (*p == '0' && is_digit(p[1]))
		return -1; /* "012" */
	for (; is_digit(*p); p++) {
		if (++digits > 10)
			return -1;
		yuan = yuan * 10 + (*p - '0');
	}
	if (*p == '.') {
		p++;
		if (!is_digit(*p))
			return -1; /* "12." */
		cents = (*p++ - '0') * 10;
		if (is_digit(*p))
			cents += *p++ - '0';
	}
	if (*p)
		return -1;
	*fen = yuan * 100 + cents;
	return 0;
}

static bool is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int y, int m)
{
	static const unsigned char dim[12] = {31, 28, 31, 30, 31, 30,
	                                      31, 31, 30, 31, 30, 31};

	return m == 2 && is_leap(y) ? 29 : dim[m - 1];
}

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian, y >= 1): whole years
 * since 0001-01-01, then whole months, then days; 719162 is the day number
 * of 1970-01-01 counted the same way. */
static long long days_from_civil(int y, int m, int d)
{
	static const unsigned short before[12] = {0,   31,  59,  90,  120, 151,
	                                          181, 212, 243, 273, 304, 334};
	long long py = y - 1;
	long long days = py * 365 + py / 4 - py / 100 + py / 400;

	days += before[m - 1] + (m > 2 && is_leap(y)) + (d - 1);
	return days - 719162;
}

/* n decimal digits exactly, no sign. */
static bool read_digits(const char *s, int n, int *out)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (!is_digit(s[i]))
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return true;
}

/* "YYYY-MM-DD" at s, years 0001-9999; days since the epoch. */
static bool read_date(const char *s, long long *days)
{
	int y, m, d;

	if (!read_digits(s, 4, &y) || s[4] != '-' || !read_digits(s + 5, 2, &m) ||
	    s[7] != '-' || !read_digits(s + 8, 2, &d))
		return false;
	if (y < 1 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
		return false;
	*days = days_from_civil(y, m, d);
	return true;
}

/* "HH:MM:SS" at s; seconds into the day. No leap second. */
static bool read_time(const char *s, long long *secs)
{
	int h, mi, sec;

	if (!read_digits(s, 2, &h) || s[2] != ':' || !read_digits(s + 3, 2, &mi) ||
	    s[5] != ':' || !read_digits(s + 6, 2, &sec))
		return false;
	if (h > 23 || mi > 59 || sec > 59)
		return false;
	*secs = h * 3600LL + mi * 60LL + sec;
	return true;
}

/* Optional ".digits"; returns the position after it, or NULL on "." alone. */
static const char *skip_fraction(const char *p)
{
	if (*p != '.')
		return p;
	if (!is_digit(*++p))
		return NULL;
	while (is_digit(*p))
		p++;
	return p;
}

int parse_date(const char *s, time_t *out)
{
	long long days;

	if (!s || !read_date(s, &days) || s[10] != '\0')
		return -1;
	*out = (time_t)(days * 86400 - LOCAL_UTC_OFFSET);
	return 0;
}

int parse_iso8601(const char *s, time_t *out)
{
	long long days, secs, offset = 0;
	const char *p;

	if (!s || !read_date(s, &days) || s[10] != 'T' || !read_time(s + 11, &secs))
		return -1;
	p = skip_fraction(s + 19);
	if (!p)
		return -1;
	if (*p == 'Z') {
		p++;
	} else if (*p == '+' || *p == '-') {
		int oh, om;

		if (!read_digits(p + 1, 2, &oh) || p[3] != ':' ||
		    !read_digits(p + 4, 2, &om) || oh > 23 || om > 59)
			return -1;
		offset = oh * 3600LL + om * 60LL;
		if (*p == '-')
			offset = -offset;
		p += 6;
	} else {
		return -1;
	}
	if (*p)
		return -1;
	/* Local time east of UTC is ahead of it: subtract the offset. */
	*out = (time_t)(days * 86400 + secs - offset);
	return 0;
}

int parse_db_datetime(const char *s, time_t *out)
{
	long long days, secs;
	const char *p;

	if (!s || !read_date(s, &days) || s[10] != ' ' || !read_time(s + 11, &secs))
		return -1;
	/* DATETIME(n) columns come back with a fraction: not junk, ignored. */
	p = skip_fraction(s + 19);
	if (!p || *p)
		return -1;
	*out = (time_t)(days * 86400 + secs);
	return 0;
}

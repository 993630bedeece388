/*
 * fuzz_date.c — parse_date, parse_iso8601, parse_db_datetime and the
 * formatters. Properties: an accepted string is the formatter's own
 * spelling of the parsed time (one spelling per value); an ISO 8601 time
 * equals its wall-clock part minus its offset; every time from year 1 to
 * 9999 survives formatting and parsing.
 */
#include "fuzz.h"
#include "util.h"

#define T_MIN (-62135596800LL) /* 0001-01-01 00:00:00 UTC */
#define T_MAX 253402300799LL   /* 9999-12-31 23:59:59 UTC */

static int digit(char c)
{
	return c - '0';
}

static void check_date(const char *s)
{
	time_t t = 12345, back;
	char out[20];

	if (parse_date(s, &t) != 0) {
		PROPERTY(t == 12345);
		return;
	}
	/* 00:00 Shanghai time */
	PROPERTY(((long long)t + LOCAL_UTC_OFFSET) % 86400 == 0);
	format_local_date(t, out);
	PROPERTY(strcmp(out, s) == 0);
	PROPERTY(parse_date(out, &back) == 0 && back == t);
}

static void check_db_datetime(const char *s)
{
	time_t t = 12345;
	char out[20];

	if (parse_db_datetime(s, &t) != 0) {
		PROPERTY(t == 12345);
		return;
	}
	PROPERTY(t >= T_MIN && t <= T_MAX);
	format_db_datetime(t, out);
	PROPERTY(strncmp(out, s, 19) == 0);
	/* what follows is a fraction: '.' and at least one digit */
	PROPERTY(s[19] == '\0' || (s[19] == '.' && strspn(s + 20, "0123456789") ==
	                                                   strlen(s + 20) && s[20]));
}

static void check_iso8601(const char *s)
{
	time_t t = 12345, wall;
	char local[20];
	const char *z;
	long long offset = 0;

	if (parse_iso8601(s, &t) != 0) {
		PROPERTY(t == 12345);
		return;
	}
	PROPERTY(strlen(s) >= 20 && s[10] == 'T');
	memcpy(local, s, 19);
	local[10] = ' ';
	local[19] = '\0';
	PROPERTY(parse_db_datetime(local, &wall) == 0);
	z = s + 19 + strspn(s + 19, ".0123456789");
	if (*z != 'Z') {
		PROPERTY((*z == '+' || *z == '-') && strlen(z) == 6);
		offset = (digit(z[1]) * 10 + digit(z[2])) * 3600LL +
		         (digit(z[4]) * 10 + digit(z[5])) * 60LL;
		if (*z == '-')
			offset = -offset;
	} else {
		PROPERTY(z[1] == '\0');
	}
	PROPERTY((long long)t == (long long)wall - offset);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_copy(data, size, 1);
	char out[20];
	unsigned long long u = 0;
	time_t t, back;

	check_date(s);
	check_db_datetime(s);
	check_iso8601(s);

	/* A time from the first bytes, anywhere in years 1..9999. */
	for (size_t i = 0; i < size && i < 8; i++)
		u = u << 8 | data[i];
	t = (time_t)(T_MIN + (long long)(u % (unsigned long long)(T_MAX - T_MIN + 1)));
	format_db_datetime(t, out);
	PROPERTY(parse_db_datetime(out, &back) == 0 && back == t);
	if (t <= T_MAX - LOCAL_UTC_OFFSET) {
		format_local_date(t, out);
		PROPERTY(parse_date(out, &back) == 0);
		PROPERTY(back <= t && t - back < 86400);
	}
	free(s);
	return 0;
}

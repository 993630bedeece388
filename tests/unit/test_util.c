/*
 * test_util.c — the arena, the buffer, the strict parsers, formatting,
 * UTF-8 and base64url. Expected timestamps were computed with
 * `date -u -d ... +%s`, base64 vectors come from RFC 4648 section 10.
 */
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>

#include "t.h"
#include "util.h"

void tests_util(void);

/* ---------------------------------------------------------------- arena */

static bool aligned16(const void *p)
{
	return (uintptr_t)p % 16 == 0;
}

static bool all_zero(const unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i])
			return false;
	return true;
}

static void test_arena(void)
{
	struct arena *a = arena_new();
	unsigned char *p1, *p2, *big, *after;
	unsigned char *many[3000];
	char *s, *longs;
	bool ok;

	CHECK(a != NULL, "arena_new returns an arena");

	p1 = amalloc(a, 1);
	p2 = amalloc(a, 3);
	CHECK(p1 && p2 && p1 != p2, "amalloc gives distinct blocks");
	CHECK(aligned16(p1) && aligned16(p2), "amalloc of small sizes is 16-byte aligned");
	CHECK(p2 - p1 >= 1, "second block starts after the first");
	CHECK(aligned16(amalloc(a, 17)) && aligned16(amalloc(a, 33)),
	      "odd sizes keep the next block 16-byte aligned");
	CHECK(amalloc(a, 0) != NULL, "amalloc of 0 still returns a pointer");

	p1 = amalloc(a, 1000);
	CHECK(all_zero(p1, 1000), "amalloc memory is zeroed");

	big = amalloc(a, 1u << 20);
	CHECK(aligned16(big) && all_zero(big, 1u << 20),
	      "a 1 MiB allocation is aligned and zeroed");
	memset(big, 0xAB, 1u << 20);
	after = amalloc(a, 64);
	CHECK(all_zero(after, 64), "a small block after a big one is untouched by it");

	/* ~300 KB in 100-byte blocks: many chunks; each keeps its own bytes. */
	for (int i = 0; i < 3000; i++) {
		many[i] = amalloc(a, 100);
		memset(many[i], i & 0xFF, 100);
	}
	ok = true;
	for (int i = 0; i < 3000 && ok; i++)
		for (int k = 0; k < 100; k++)
			if (many[i][k] != (unsigned char)(i & 0xFF))
				ok = false;
	CHECK(ok, "3000 blocks across many chunks do not overlap");
	ok = true;
	for (int i = 0; i < 3000; i++)
		ok = ok && aligned16(many[i]);
	CHECK(ok, "every block across chunks is 16-byte aligned");
	CHECK(big[0] == 0xAB && big[(1u << 20) - 1] == 0xAB,
	      "the big block is untouched by later small ones");

	s = astrdup(a, "hello");
	CHECK_STR(s, "hello", "astrdup copies the string");
	CHECK(astrdup(a, NULL) == NULL, "astrdup(NULL) is NULL");
	CHECK_STR(astrndup(a, "hello", 3), "hel", "astrndup copies at most n bytes");
	CHECK_STR(astrndup(a, "hi", 10), "hi", "astrndup stops at the NUL");
	CHECK_STR(astrndup(a, "abc", 0), "", "astrndup of 0 bytes is empty");
	CHECK_STR(aprintf(a, "%s-%d-%zu", "a", -5, (size_t)7), "a--5-7",
	          "aprintf formats like printf (%s %d %zu)");
	CHECK_STR(aprintf(a, "%s", ""), "", "aprintf of an empty result");

	longs = aprintf(a, "%40000d|", 7);
	CHECK(longs && strlen(longs) == 40001 && longs[39999] == '7' && longs[40000] == '|' &&
	          longs[0] == ' ',
	      "aprintf builds a 40 KB string bigger than a chunk");

	arena_free(a);
	arena_free(NULL); /* a no-op, like free(NULL) */
}

/* ------------------------------------------------------------------ buf */

static void test_buf(void)
{
	struct buf b = {0};
	char big[5000];
	bool ok;

	buf_add(&b, "", 0);
	CHECK(b.p != NULL && b.len == 0 && b.p[0] == '\0',
	      "buf_add of nothing leaves an empty, terminated string");

	buf_add(&b, "abc", 3);
	buf_puts(&b, "def");
	CHECK(b.len == 6 && strcmp(b.p, "abcdef") == 0, "buf_add and buf_puts append");

	buf_printf(&b, "[%d:%s:%zu]", 42, "x", (size_t)9);
	CHECK_STR(b.p, "abcdef[42:x:9]", "buf_printf appends formatted text");
	CHECK(b.len == 14, "buf_printf updates len");

	memset(big, 'z', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	buf_printf(&b, "%s!", big);
	CHECK(b.len == 14 + 4999 + 1 && b.p[b.len - 1] == '!' && b.p[b.len] == '\0' &&
	          b.p[14] == 'z' && strncmp(b.p, "abcdef[42:x:9]", 14) == 0,
	      "buf_printf grows the buffer when the text does not fit");
	CHECK(b.cap > b.len, "capacity leaves room for the NUL");
	buf_free(&b);
	CHECK(b.p == NULL && b.len == 0 && b.cap == 0, "buf_free resets the buffer");

	for (int i = 0; i < 100000; i++)
		buf_add(&b, &"0123456789"[i % 10], 1);
	ok = b.len == 100000 && b.p[100000] == '\0';
	for (int i = 0; i < 100000 && ok; i++)
		ok = b.p[i] == '0' + i % 10;
	CHECK(ok, "100000 one-byte appends keep every byte in order");
	buf_free(&b);

	buf_add(&b, "a\0b", 3);
	CHECK(b.len == 3 && memcmp(b.p, "a\0b", 4) == 0, "buf_add keeps embedded NUL bytes");
	buf_free(&b);

	buf_puts(&b, "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcd");
	buf_add(&b, b.p, b.len); /* forces a realloc while reading itself */
	CHECK(b.len == 124 &&
	          memcmp(b.p + 62, "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcd",
	                 62) == 0,
	      "appending a buffer to itself survives the growth");
	buf_free(&b);
}

/* ------------------------------------------------------------ parse_int */

static bool int_ok(const char *s, long long min, long long max, long long want)
{
	long long v = 12345;

	return parse_int(s, min, max, &v) == 0 && v == want;
}

static bool int_bad(const char *s, long long min, long long max)
{
	long long v = 12345;

	return parse_int(s, min, max, &v) == -1 && v == 12345;
}

static void test_parse_int(void)
{
	CHECK(int_ok("0", 0, 10, 0), "parse_int: \"0\"");
	CHECK(int_ok("42", 0, 100, 42), "parse_int: \"42\"");
	CHECK(int_ok("-7", -10, 10, -7), "parse_int: negative \"-7\"");
	CHECK(int_ok("9223372036854775807", LLONG_MIN, LLONG_MAX, LLONG_MAX),
	      "parse_int: LLONG_MAX exactly");
	CHECK(int_ok("-9223372036854775808", LLONG_MIN, LLONG_MAX, LLONG_MIN),
	      "parse_int: LLONG_MIN exactly");
	CHECK(int_bad("9223372036854775808", LLONG_MIN, LLONG_MAX),
	      "parse_int rejects LLONG_MAX + 1 (overflow)");
	CHECK(int_bad("-9223372036854775809", LLONG_MIN, LLONG_MAX),
	      "parse_int rejects LLONG_MIN - 1 (overflow)");
	CHECK(int_bad("99999999999999999999", LLONG_MIN, LLONG_MAX),
	      "parse_int rejects a 20-digit number");
	CHECK(int_bad("", 0, 10), "parse_int rejects \"\"");
	CHECK(int_bad(NULL, 0, 10), "parse_int rejects NULL");
	CHECK(int_bad("+1", 0, 10), "parse_int rejects \"+1\"");
	CHECK(int_bad(" 1", 0, 10), "parse_int rejects a leading space");
	CHECK(int_bad("1 ", 0, 10), "parse_int rejects a trailing space");
	CHECK(int_bad("01", 0, 10), "parse_int rejects a leading zero \"01\"");
	CHECK(int_bad("00", 0, 10), "parse_int rejects \"00\"");
	CHECK(int_bad("-0", -10, 10), "parse_int rejects \"-0\"");
	CHECK(int_bad("-01", -10, 10), "parse_int rejects \"-01\"");
	CHECK(int_bad("1e3", 0, 10000), "parse_int rejects \"1e3\"");
	CHECK(int_bad("0x1", 0, 10), "parse_int rejects \"0x1\"");
	CHECK(int_bad("-", -10, 10), "parse_int rejects a lone \"-\"");
	CHECK(int_bad("1-", -10, 10), "parse_int rejects \"1-\"");
	CHECK(int_bad("1.0", 0, 10), "parse_int rejects \"1.0\"");
	CHECK(int_bad("1\n", 0, 10), "parse_int rejects a trailing newline");
	CHECK(int_ok("10", 0, 10, 10), "parse_int accepts max exactly");
	CHECK(int_bad("11", 0, 10), "parse_int rejects max + 1");
	CHECK(int_ok("1", 1, 5, 1), "parse_int accepts min exactly");
	CHECK(int_bad("0", 1, 5), "parse_int rejects min - 1");
	CHECK(int_bad("-1", 0, 10), "parse_int rejects a negative below min 0");
}

/* ---------------------------------------------------------- parse_money */

static bool money_ok(const char *s, long long want)
{
	long long v = -99;

	return parse_money(s, &v) == 0 && v == want;
}

static bool money_bad(const char *s)
{
	long long v = -99;

	return parse_money(s, &v) == -1 && v == -99;
}

static void test_parse_money(void)
{
	CHECK(money_ok("12", 1200), "parse_money: \"12\" is 1200 fen");
	CHECK(money_ok("12.3", 1230), "parse_money: \"12.3\" is 1230 fen");
	CHECK(money_ok("12.34", 1234), "parse_money: \"12.34\" is 1234 fen");
	CHECK(money_ok("12.30", 1230), "parse_money: \"12.30\" is 1230 fen");
	CHECK(money_ok("0", 0), "parse_money: \"0\"");
	CHECK(money_ok("0.00", 0), "parse_money: \"0.00\"");
	CHECK(money_ok("0.50", 50), "parse_money: \"0.50\" (leading zero before the point)");
	CHECK(money_ok("0.05", 5), "parse_money: \"0.05\" is 5 fen");
	CHECK(money_ok("199", 19900), "parse_money: \"199\"");
	CHECK(money_ok("1234567890", 123456789000LL), "parse_money: 10 integer digits");
	CHECK(money_ok("9999999999.99", 999999999999LL), "parse_money: the largest amount");
	CHECK(money_bad("12345678901"), "parse_money rejects 11 integer digits");
	CHECK(money_bad("12."), "parse_money rejects \"12.\"");
	CHECK(money_bad(".5"), "parse_money rejects \".5\"");
	CHECK(money_bad("12.345"), "parse_money rejects 3 decimals");
	CHECK(money_bad("-1"), "parse_money rejects a sign \"-1\"");
	CHECK(money_bad("+1"), "parse_money rejects a sign \"+1\"");
	CHECK(money_bad("1,000"), "parse_money rejects \"1,000\"");
	CHECK(money_bad("1e2"), "parse_money rejects \"1e2\"");
	CHECK(money_bad(""), "parse_money rejects \"\"");
	CHECK(money_bad(NULL), "parse_money rejects NULL");
	CHECK(money_bad("012"), "parse_money rejects a leading zero \"012\"");
	CHECK(money_bad("00"), "parse_money rejects \"00\"");
	CHECK(money_bad("00.50"), "parse_money rejects \"00.50\"");
	CHECK(money_bad(" 1"), "parse_money rejects a leading space");
	CHECK(money_bad("1 "), "parse_money rejects a trailing space");
	CHECK(money_bad("12.3a"), "parse_money rejects trailing junk");
	CHECK(money_bad("1.2.3"), "parse_money rejects two points");
	CHECK(money_bad("\xEF\xBC\x91"), "parse_money rejects a full-width digit");
}

/* -------------------------------------------------------- dates and time */

static bool date_ok(const char *s, time_t want)
{
	time_t t = 777;

	return parse_date(s, &t) == 0 && t == want;
}

static bool date_bad(const char *s)
{
	time_t t = 777;

	return parse_date(s, &t) == -1 && t == 777;
}

static bool iso_ok(const char *s, time_t want)
{
	time_t t = 777;

	return parse_iso8601(s, &t) == 0 && t == want;
}

static bool iso_bad(const char *s)
{
	time_t t = 777;

	return parse_iso8601(s, &t) == -1 && t == 777;
}

static bool dbt_ok(const char *s, time_t want)
{
	time_t t = 777;

	return parse_db_datetime(s, &t) == 0 && t == want;
}

static bool dbt_bad(const char *s)
{
	time_t t = 777;

	return parse_db_datetime(s, &t) == -1 && t == 777;
}

static void test_dates(void)
{
	time_t a = 0, b = 0;

	/* date -u -d 2026-11-19T16:00:00Z +%s */
	CHECK(date_ok("2026-11-20", 1795104000), "parse_date: 2026-11-20 is 2026-11-19T16:00Z");
	CHECK(date_ok("2025-11-20", 1763568000), "parse_date: 2025-11-20 is 2025-11-19T16:00Z");
	CHECK(date_ok("2024-02-29", 1709136000), "parse_date: leap day 2024-02-29");
	CHECK(date_ok("2000-02-29", 951753600), "parse_date: 2000 is a leap year (400 rule)");
	CHECK(date_ok("1970-01-01", -28800), "parse_date: 1970-01-01 local is before the epoch");
	CHECK(date_ok("9999-12-31", 253402185600LL), "parse_date: 9999-12-31");
	CHECK(date_ok("0001-01-01", -62135625600LL), "parse_date: 0001-01-01");
	CHECK(date_bad("2026-02-29"), "parse_date rejects 2026-02-29");
	CHECK(date_bad("2100-02-29"), "parse_date rejects 2100-02-29 (100 rule)");
	CHECK(date_bad("1900-02-29"), "parse_date rejects 1900-02-29");
	CHECK(date_bad("2026-04-31"), "parse_date rejects April 31");
	CHECK(date_bad("2026-13-01"), "parse_date rejects month 13");
	CHECK(date_bad("2026-00-10"), "parse_date rejects month 0");
	CHECK(date_bad("2026-01-00"), "parse_date rejects day 0");
	CHECK(date_bad("2026-01-32"), "parse_date rejects day 32");
	CHECK(date_bad("0000-01-01"), "parse_date rejects year 0");
	CHECK(date_bad("2026-1-01"), "parse_date rejects a one-digit month");
	CHECK(date_bad("2026-01-1"), "parse_date rejects a one-digit day");
	CHECK(date_bad("2026/01/01"), "parse_date rejects slashes");
	CHECK(date_bad("2026-01-01 "), "parse_date rejects trailing space");
	CHECK(date_bad(" 2026-01-01"), "parse_date rejects leading space");
	CHECK(date_bad("2026-01-01T00:00:00Z"), "parse_date rejects a time part");
	CHECK(date_bad("20260101"), "parse_date rejects the basic format");
	CHECK(date_bad("+2026-01-01"), "parse_date rejects a sign");
	CHECK(date_bad(""), "parse_date rejects \"\"");
	CHECK(date_bad(NULL), "parse_date rejects NULL");
	CHECK(parse_date("2024-03-01", &a) == 0 && parse_date("2024-02-28", &b) == 0 &&
	          a - b == 2 * 86400,
	      "parse_date: 2024-02-28 to 03-01 is two days");
	CHECK(parse_date("2026-03-01", &a) == 0 && parse_date("2026-02-28", &b) == 0 &&
	          a - b == 86400,
	      "parse_date: 2026-02-28 to 03-01 is one day");

	CHECK(iso_ok("2026-11-20T02:02:00Z", 1795140120), "parse_iso8601: Z");
	CHECK(iso_ok("2026-11-20T10:02:00+08:00", 1795140120), "parse_iso8601: +08:00");
	CHECK(iso_ok("2026-11-19T20:32:00-05:30", 1795140120),
	      "parse_iso8601: -05:30 across midnight");
	CHECK(iso_ok("2026-11-20T02:02:00-05:30", 1795159920), "parse_iso8601: -05:30");
	CHECK(iso_ok("2026-11-20T02:02:00+14:00", 1795089720), "parse_iso8601: +14:00");
	CHECK(iso_ok("2026-11-20T02:02:00-00:00", 1795140120), "parse_iso8601: -00:00");
	CHECK(iso_ok("2026-11-20T02:02:00.123Z", 1795140120),
	      "parse_iso8601: fraction ignored");
	CHECK(iso_ok("2026-11-20T10:02:00.999999+08:00", 1795140120),
	      "parse_iso8601: fraction before an offset");
	CHECK(iso_ok("1969-12-31T23:59:59Z", -1), "parse_iso8601: one second before the epoch");
	CHECK(iso_ok("1970-01-01T00:00:00Z", 0), "parse_iso8601: the epoch");
	CHECK(iso_ok("2038-01-19T03:14:08Z", 2147483648LL), "parse_iso8601: past 2038");
	CHECK(iso_ok("2024-02-29T12:34:56Z", 1709210096), "parse_iso8601: leap day");
	CHECK(iso_ok("2024-03-01T00:00:00+08:00", 1709222400), "parse_iso8601: +08:00 midnight");
	CHECK(iso_bad("2026-11-20T02:02:00"), "parse_iso8601 rejects a missing zone");
	CHECK(iso_bad("2026-11-20T02:02:00z"), "parse_iso8601 rejects lowercase z");
	CHECK(iso_bad("2026-11-20t02:02:00Z"), "parse_iso8601 rejects lowercase t");
	CHECK(iso_bad("2026-11-20 02:02:00Z"), "parse_iso8601 rejects a space for T");
	CHECK(iso_bad("2026-11-20T24:00:00Z"), "parse_iso8601 rejects hour 24");
	CHECK(iso_bad("2026-11-20T23:60:00Z"), "parse_iso8601 rejects minute 60");
	CHECK(iso_bad("2026-11-20T23:59:60Z"), "parse_iso8601 rejects second 60");
	CHECK(iso_bad("2026-11-20T02:02Z"), "parse_iso8601 rejects missing seconds");
	CHECK(iso_bad("2026-11-20T02:02:00+0800"), "parse_iso8601 rejects +0800");
	CHECK(iso_bad("2026-11-20T02:02:00+08"), "parse_iso8601 rejects +08");
	CHECK(iso_bad("2026-11-20T02:02:00+24:00"), "parse_iso8601 rejects offset hour 24");
	CHECK(iso_bad("2026-11-20T02:02:00+08:60"), "parse_iso8601 rejects offset minute 60");
	CHECK(iso_bad("2026-11-20T02:02:00.Z"), "parse_iso8601 rejects an empty fraction");
	CHECK(iso_bad("2026-11-20T02:02:00Z "), "parse_iso8601 rejects a trailing space");
	CHECK(iso_bad("2026-11-20T02:02:00Zjunk"), "parse_iso8601 rejects trailing junk");
	CHECK(iso_bad("2026-02-29T00:00:00Z"), "parse_iso8601 rejects 2026-02-29");
	CHECK(iso_bad(""), "parse_iso8601 rejects \"\"");
	CHECK(iso_bad(NULL), "parse_iso8601 rejects NULL");

	CHECK(dbt_ok("2026-11-20 02:02:00", 1795140120), "parse_db_datetime: read as UTC");
	CHECK(dbt_ok("1970-01-01 00:00:00", 0), "parse_db_datetime: the epoch");
	CHECK(dbt_ok("2024-02-29 12:34:56", 1709210096), "parse_db_datetime: leap day");
	CHECK(dbt_ok("2026-11-20 02:02:00.123456", 1795140120),
	      "parse_db_datetime: DATETIME(6) fraction ignored");
	CHECK(dbt_bad("0000-00-00 00:00:00"), "parse_db_datetime rejects the zero date");
	CHECK(dbt_bad("2026-11-20T02:02:00"), "parse_db_datetime rejects T");
	CHECK(dbt_bad("2026-11-20 02:02"), "parse_db_datetime rejects missing seconds");
	CHECK(dbt_bad("2026-11-20 02:02:00Z"), "parse_db_datetime rejects a zone");
	CHECK(dbt_bad("2026-11-20 24:00:00"), "parse_db_datetime rejects hour 24");
	CHECK(dbt_bad("2026-02-29 00:00:00"), "parse_db_datetime rejects 2026-02-29");
	CHECK(dbt_bad("2026-11-20 02:02:00."), "parse_db_datetime rejects an empty fraction");
	CHECK(dbt_bad(""), "parse_db_datetime rejects \"\"");
	CHECK(dbt_bad(NULL), "parse_db_datetime rejects NULL");
}

static void test_format(void)
{
	char m[32], t[20], d[11];
	static const long long amounts[] = {0, 1, 5, 50, 99, 100, 1234, 19900,
	                                    999999999999LL};
	bool ok = true;
	time_t back;

	format_money(19900, m);
	CHECK_STR(m, "199.00", "format_money: 19900 fen");
	format_money(0, m);
	CHECK_STR(m, "0.00", "format_money: 0");
	format_money(5, m);
	CHECK_STR(m, "0.05", "format_money: 5 fen");
	format_money(50, m);
	CHECK_STR(m, "0.50", "format_money: 50 fen");
	format_money(1234, m);
	CHECK_STR(m, "12.34", "format_money: 1234 fen");
	format_money(-150, m);
	CHECK_STR(m, "-1.50", "format_money: -150 fen");
	format_money(-5, m);
	CHECK_STR(m, "-0.05", "format_money: -5 fen");
	format_money(LLONG_MAX, m);
	CHECK_STR(m, "92233720368547758.07", "format_money: LLONG_MAX");
	format_money(LLONG_MIN, m);
	CHECK_STR(m, "-92233720368547758.08", "format_money: LLONG_MIN");
	for (size_t i = 0; i < sizeof amounts / sizeof amounts[0]; i++) {
		long long v = -1;

		format_money(amounts[i], m);
		ok = ok && parse_money(m, &v) == 0 && v == amounts[i];
	}
	CHECK(ok, "parse_money reads back what format_money writes");

	format_local_time(1795140120, t);
	CHECK_STR(t, "2026-11-20 10:02", "format_local_time is UTC+8");
	format_local_time(0, t);
	CHECK_STR(t, "1970-01-01 08:00", "format_local_time of the epoch");
	format_local_date(1795140120, d);
	CHECK_STR(d, "2026-11-20", "format_local_date");
	format_local_date(1795104000, d);
	CHECK_STR(d, "2026-11-20", "format_local_date at local midnight");
	format_local_date(1795103999, d);
	CHECK_STR(d, "2026-11-19", "format_local_date one second before local midnight");
	format_db_datetime(1795140120, t);
	CHECK_STR(t, "2026-11-20 02:02:00", "format_db_datetime is UTC");
	format_db_datetime(0, t);
	CHECK_STR(t, "1970-01-01 00:00:00", "format_db_datetime of the epoch");
	format_db_datetime(1709210096, t);
	CHECK_STR(t, "2024-02-29 12:34:56", "format_db_datetime on a leap day");
	format_db_datetime(253402300799LL, t);
	CHECK_STR(t, "9999-12-31 23:59:59", "format_db_datetime of the last second of 9999");
	format_db_datetime(1795140120, t);
	CHECK(parse_db_datetime(t, &back) == 0 && back == 1795140120,
	      "parse_db_datetime reads back format_db_datetime");
	format_local_date(1795140120, d);
	CHECK(parse_date(d, &back) == 0 && back == 1795104000,
	      "parse_date of a formatted local date is that day's local midnight");
}

/* ----------------------------------------------------------------- text */

#define U8(s) (s), (sizeof(s) - 1)

static void test_utf8(void)
{
	char s1[] = "  a b \t\n", s2[] = "", s3[] = " \r\n\t ", s4[] = "x",
	     s5[] = "\t\xE4\xB8\xAD ";

	CHECK(utf8_valid(U8("")), "utf8_valid: empty");
	CHECK(utf8_valid(U8("plain ascii ~")), "utf8_valid: ASCII");
	CHECK(utf8_valid(U8("\xC3\xA9")), "utf8_valid: 2-byte e-acute");
	CHECK(utf8_valid(U8("\xE4\xB8\xAD\xE6\x96\x87")), "utf8_valid: Chinese");
	CHECK(utf8_valid(U8("\xF0\x9F\x98\x80")), "utf8_valid: 4-byte emoji");
	CHECK(utf8_valid(U8("\xC2\x80")), "utf8_valid: U+0080, smallest 2-byte");
	CHECK(utf8_valid(U8("\xE0\xA0\x80")), "utf8_valid: U+0800, smallest 3-byte");
	CHECK(utf8_valid(U8("\xF0\x90\x80\x80")), "utf8_valid: U+10000, smallest 4-byte");
	CHECK(utf8_valid(U8("\xED\x9F\xBF")), "utf8_valid: U+D7FF, just below surrogates");
	CHECK(utf8_valid(U8("\xEE\x80\x80")), "utf8_valid: U+E000, just above surrogates");
	CHECK(utf8_valid(U8("\xEF\xBF\xBF")), "utf8_valid: U+FFFF");
	CHECK(utf8_valid(U8("\xF4\x8F\xBF\xBF")), "utf8_valid: U+10FFFF, the last");
	CHECK(!utf8_valid(U8("\xC0\xAF")), "utf8_valid rejects overlong C0 AF");
	CHECK(!utf8_valid(U8("\xC1\xBF")), "utf8_valid rejects overlong C1 BF");
	CHECK(!utf8_valid(U8("\xE0\x80\xAF")), "utf8_valid rejects overlong 3-byte '/'");
	CHECK(!utf8_valid(U8("\xE0\x9F\xBF")), "utf8_valid rejects overlong U+07FF");
	CHECK(!utf8_valid(U8("\xF0\x80\x80\xAF")), "utf8_valid rejects overlong 4-byte '/'");
	CHECK(!utf8_valid(U8("\xF0\x8F\xBF\xBF")), "utf8_valid rejects overlong U+FFFF");
	CHECK(!utf8_valid(U8("\xED\xA0\x80")), "utf8_valid rejects surrogate U+D800");
	CHECK(!utf8_valid(U8("\xED\xBF\xBF")), "utf8_valid rejects surrogate U+DFFF");
	CHECK(!utf8_valid(U8("\xF4\x90\x80\x80")), "utf8_valid rejects U+110000");
	CHECK(!utf8_valid(U8("\xF5\x80\x80\x80")), "utf8_valid rejects lead byte F5");
	CHECK(!utf8_valid(U8("\xFF")), "utf8_valid rejects FF");
	CHECK(!utf8_valid(U8("\xFE")), "utf8_valid rejects FE");
	CHECK(!utf8_valid(U8("\xC3")), "utf8_valid rejects a truncated 2-byte sequence");
	CHECK(!utf8_valid(U8("\xE4\xB8")), "utf8_valid rejects a truncated 3-byte sequence");
	CHECK(!utf8_valid(U8("\xF0\x9F\x98")), "utf8_valid rejects a truncated 4-byte sequence");
	CHECK(!utf8_valid(U8("\xE4\xB8" "a")), "utf8_valid rejects ASCII inside a sequence");
	CHECK(!utf8_valid(U8("\xC3(")), "utf8_valid rejects a bad continuation");
	CHECK(!utf8_valid(U8("\x80")), "utf8_valid rejects a lone continuation byte");
	CHECK(!utf8_valid(U8("a\xBF" "b")), "utf8_valid rejects a stray continuation byte");
	CHECK(!utf8_valid(U8("a\0b")), "utf8_valid rejects an embedded NUL");
	CHECK(!utf8_valid("\xC3\xA9", 1), "utf8_valid honours n (cut mid-character)");
	CHECK(utf8_valid("ab\xFF", 2), "utf8_valid looks only at n bytes");

	CHECK(utf8_len(U8("\xE4\xB8\xAD\xE6\x96\x87" "ab")) == 4,
	      "utf8_len counts code points, not bytes");
	CHECK(utf8_len(U8("")) == 0, "utf8_len of empty");
	CHECK(utf8_len(U8("\xF0\x9F\x98\x80")) == 1, "utf8_len: one emoji is one");

	CHECK(str_trim(s1) == s1 && strcmp(s1, "a b") == 0, "str_trim both ends, in place");
	CHECK_STR(str_trim(s2), "", "str_trim of empty");
	CHECK_STR(str_trim(s3), "", "str_trim of only whitespace");
	CHECK_STR(str_trim(s4), "x", "str_trim without whitespace");
	CHECK_STR(str_trim(s5), "\xE4\xB8\xAD", "str_trim leaves UTF-8 alone");
	CHECK(str_trim(NULL) == NULL, "str_trim(NULL) is NULL");
}

/* ---------------------------------------------------------------- bytes */

static bool b64_enc_is(const char *in, const char *want)
{
	char out[64];
	size_t n = b64url_encode((const unsigned char *)in, strlen(in), out);

	return n == strlen(want) && strcmp(out, want) == 0;
}

static bool b64_dec_is(const char *in, const char *want)
{
	unsigned char out[64];
	long n = b64url_decode(in, strlen(in), out);

	return n == (long)strlen(want) && memcmp(out, want, (size_t)n) == 0;
}

static bool b64_rejects(const char *in, size_t len)
{
	unsigned char out[64];

	return b64url_decode(in, len, out) == -1;
}

static void test_bytes(void)
{
	static const unsigned char url_bytes[] = {0xFB, 0xFF};
	static const unsigned char ones[] = {0xFF, 0xFF, 0xFF};
	static const unsigned char hexin[] = {0x00, 0x0F, 0xA5, 0xFF};
	unsigned char raw[64], back[64 * 3 / 4 + 64], r1[32], r2[32];
	char enc[100], hex[9];
	bool ok = true;

	CHECK(b64_enc_is("", ""), "b64url_encode: \"\"");
	CHECK(b64_enc_is("f", "Zg"), "b64url_encode: f (RFC 4648)");
	CHECK(b64_enc_is("fo", "Zm8"), "b64url_encode: fo");
	CHECK(b64_enc_is("foo", "Zm9v"), "b64url_encode: foo");
	CHECK(b64_enc_is("foob", "Zm9vYg"), "b64url_encode: foob");
	CHECK(b64_enc_is("fooba", "Zm9vYmE"), "b64url_encode: fooba");
	CHECK(b64_enc_is("foobar", "Zm9vYmFy"), "b64url_encode: foobar");
	CHECK(b64url_encode(url_bytes, 2, enc) == 3 && strcmp(enc, "-_8") == 0,
	      "b64url_encode uses - and _ (FB FF is \"-_8\")");
	CHECK(b64url_encode(ones, 3, enc) == 4 && strcmp(enc, "____") == 0,
	      "b64url_encode: FF FF FF is \"____\"");

	CHECK(b64_dec_is("", ""), "b64url_decode: \"\"");
	CHECK(b64_dec_is("Zg", "f"), "b64url_decode: Zg");
	CHECK(b64_dec_is("Zm8", "fo"), "b64url_decode: Zm8");
	CHECK(b64_dec_is("Zm9v", "foo"), "b64url_decode: Zm9v");
	CHECK(b64_dec_is("Zm9vYmE", "fooba"), "b64url_decode: Zm9vYmE");
	CHECK(b64_dec_is("Zm9vYmFy", "foobar"), "b64url_decode: Zm9vYmFy");
	CHECK(b64url_decode("-_8", 3, back) == 2 && back[0] == 0xFB && back[1] == 0xFF,
	      "b64url_decode reads - and _");

	CHECK(b64_rejects("Zm9vYg==", 8), "b64url_decode rejects padding \"==\"");
	CHECK(b64_rejects("Zm8=", 4), "b64url_decode rejects padding \"=\"");
	CHECK(b64_rejects("Zm9+", 4), "b64url_decode rejects '+'");
	CHECK(b64_rejects("Zm9/", 4), "b64url_decode rejects '/'");
	CHECK(b64_rejects("Zm 9v", 5), "b64url_decode rejects a space");
	CHECK(b64_rejects("Zm\0v", 4), "b64url_decode rejects a NUL");
	CHECK(b64_rejects("Zm9v\n", 5), "b64url_decode rejects a newline");
	CHECK(b64_rejects("Z", 1), "b64url_decode rejects length 1");
	CHECK(b64_rejects("Zm9vY", 5), "b64url_decode rejects length 5 (len % 4 == 1)");
	CHECK(b64_rejects("Zh", 2), "b64url_decode rejects non-zero leftover bits (Zh)");
	CHECK(b64_rejects("Zm9", 3), "b64url_decode rejects non-zero leftover bits (Zm9)");

	for (size_t n = 0; n <= 64; n++) {
		size_t elen;
		long dlen;

		random_bytes(raw, n);
		elen = b64url_encode(raw, n, enc);
		dlen = b64url_decode(enc, elen, back);
		ok = ok && elen == (n * 4 + 2) / 3 && strlen(enc) == elen &&
		     dlen == (long)n && memcmp(raw, back, n) == 0 &&
		     strspn(enc, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
		                 "0123456789-_") == elen;
	}
	CHECK(ok, "b64url round-trips random data of every length 0..64");

	hex_encode(hexin, sizeof hexin, hex);
	CHECK_STR(hex, "000fa5ff", "hex_encode is lowercase, two digits a byte");
	hex_encode(hexin, 0, hex);
	CHECK_STR(hex, "", "hex_encode of nothing is empty");

	random_bytes(r1, sizeof r1);
	random_bytes(r2, sizeof r2);
	CHECK(memcmp(r1, r2, sizeof r1) != 0, "random_bytes differs between calls");
	CHECK(!all_zero(r1, sizeof r1), "random_bytes is not all zeros");
	memcpy(r2, r1, sizeof r1);
	random_bytes(r1, 0);
	CHECK(memcmp(r1, r2, sizeof r1) == 0, "random_bytes of 0 bytes writes nothing");
}

static void test_utf8_prefix(void)
{
	struct arena *a = arena_new();

	/* "中文ab" is 3+3+1+1 bytes: cutting at 1 keeps one whole character. */
	CHECK_STR(utf8_prefix(a, "中文ab", 1), "中", "utf8_prefix never cuts a character in half");
	CHECK_STR(utf8_prefix(a, "中文ab", 3), "中文a", "utf8_prefix counts code points, not bytes");
	CHECK_STR(utf8_prefix(a, "中文ab", 4), "中文ab", "utf8_prefix keeps a string of exactly max code points");
	CHECK_STR(utf8_prefix(a, "ab", 10), "ab", "utf8_prefix keeps a shorter string");
	CHECK_STR(utf8_prefix(a, "ab", 0), "", "utf8_prefix with max 0 is empty");
	arena_free(a);
}

static void test_url_encode(void)
{
	struct buf b = {0};

	buf_url_encode(&b, "a-Z_9.~ &=/?#%\xe4\xb8\xad");
	CHECK(b.p && strcmp(b.p, "a-Z_9.~%20%26%3D%2F%3F%23%25%E4%B8%AD") == 0,
	      "url encoding keeps the unreserved bytes and encodes every other");
	buf_free(&b);
	buf_url_encode(&b, "");
	CHECK(b.len == 0, "an empty string encodes to nothing");
	buf_free(&b);
}

void tests_util(void)
{
	test_url_encode();
	test_arena();
	test_buf();
	test_parse_int();
	test_parse_money();
	test_dates();
	test_format();
	test_utf8();
	test_bytes();
	test_utf8_prefix();
}

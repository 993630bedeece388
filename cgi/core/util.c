/*
 * util.c — the arena and buffer every request allocates from, the strict
 * parsers that turn edge input into typed values, and the small text, time
 * and byte helpers. Nothing here knows about HTTP, SQL or templates.
 */
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/rand.h>

#include "util.h"

/* ------------------------------------------------------------------ arena */

#define ARENA_ALIGN 16
#define ARENA_CHUNK (16 * 1024)
/* Anything bigger than this gets a chunk of its own, so one large body does
 * not waste the rest of the current chunk. */
#define ARENA_BIG (ARENA_CHUNK / 4)

struct chunk {
	struct chunk *next;
	size_t used, size;
	_Alignas(ARENA_ALIGN) unsigned char data[];
};

struct arena {
	struct chunk *head; /* the chunk small allocations come from */
};

static void out_of_memory(size_t n)
{
	fprintf(stderr, "aftercare: out of memory allocating %zu bytes\n", n);
	abort();
}

static struct chunk *chunk_new(size_t size)
{
	struct chunk *c;

	if (size > SIZE_MAX - sizeof *c)
		out_of_memory(size);
	c = calloc(1, sizeof *c + size); /* zeroed: amalloc promises it */
	if (!c)
		out_of_memory(sizeof *c + size);
	c->size = size;
	return c;
}

struct arena *arena_new(void)
{
	struct arena *a = calloc(1, sizeof *a);

	if (!a)
		out_of_memory(sizeof *a);
	a->head = chunk_new(ARENA_CHUNK);
	return a;
}

void arena_free(struct arena *a)
{
	struct chunk *c, *next;

	if (!a)
		return;
	for (c = a->head; c; c = next) {
		next = c->next;
		free(c);
	}
	free(a);
}

void *amalloc(struct arena *a, size_t n)
{
	struct chunk *c;
	void *p;

	if (n > SIZE_MAX - ARENA_ALIGN)
		out_of_memory(n);
	n = n ? (n + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1) : ARENA_ALIGN;

	if (n > ARENA_BIG) {
		/* Own chunk, linked behind the head so the head keeps serving
		 * small allocations. */
		c = chunk_new(n);
		c->used = n;
		c->next = a->head->next;
		a->head->next = c;
		return c->data;
	}
	c = a->head;
	if (c->size - c->used < n) {
		c = chunk_new(ARENA_CHUNK);
		c->next = a->head;
		a->head = c;
	}
	p = c->data + c->used;
	c->used += n;
	return p;
}

char *astrdup(struct arena *a, const char *s)
{
	return s ? astrndup(a, s, strlen(s)) : NULL;
}

char *astrndup(struct arena *a, const char *s, size_t n)
{
	char *p;

	if (!s)
		return NULL;
	n = strnlen(s, n);
	p = amalloc(a, n + 1); /* zeroed, so already terminated */
	memcpy(p, s, n);
	return p;
}

char *aprintf(struct arena *a, const char *fmt, ...)
{
	va_list ap;
	int n;
	char *p;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return amalloc(a, 1); /* a bad format is a bug, not a crash */
	p = amalloc(a, (size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

/* -------------------------------------------------------------------- buf */

/* Room for `extra` more bytes plus the terminating NUL. */
static void buf_reserve(struct buf *b, size_t extra)
{
	size_t need, cap;
	char *p;

	if (extra > SIZE_MAX - b->len - 1)
		out_of_memory(extra);
	need = b->len + extra + 1;
	if (need <= b->cap)
		return;
	cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap = cap > SIZE_MAX / 2 ? need : cap * 2;
	p = realloc(b->p, cap);
	if (!p)
		out_of_memory(cap);
	b->p = p;
	b->cap = cap;
}

void buf_add(struct buf *b, const void *data, size_t n)
{
	const char *src = data;
	size_t off = 0;
	bool inside = b->p && src >= b->p && src < b->p + b->cap;

	/* Appending part of the buffer to itself survives the realloc. */
	if (inside)
		off = (size_t)(src - b->p);
	buf_reserve(b, n);
	if (inside)
		src = b->p + off;
	if (n)
		memcpy(b->p + b->len, src, n);
	b->len += n;
	b->p[b->len] = '\0';
}

void buf_puts(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

void buf_url_encode(struct buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";

	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		    c == '-' || c == '.' || c == '_' || c == '~') {
			buf_add(b, s, 1);
		} else {
			char e[3] = {'%', hex[c >> 4], hex[c & 15]};

			buf_add(b, e, 3);
		}
	}
}

void buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	buf_reserve(b, 0);
	va_start(ap, fmt);
	n = vsnprintf(b->p + b->len, b->cap - b->len, fmt, ap);
	va_end(ap);
	if (n < 0) {
		b->p[b->len] = '\0';
		return;
	}
	if ((size_t)n >= b->cap - b->len) {
		buf_reserve(b, (size_t)n);
		va_start(ap, fmt);
		vsnprintf(b->p + b->len, b->cap - b->len, fmt, ap);
		va_end(ap);
	}
	b->len += (size_t)n;
}

void buf_free(struct buf *b)
{
	free(b->p);
	b->p = NULL;
	b->len = b->cap = 0;
}

/* ---------------------------------------------------------------- parsers */

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

/* ------------------------------------------------------------- formatting */

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

/* ------------------------------------------------------------------- text */

bool utf8_valid(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;

	while (i < n) {
		unsigned c = p[i], need;
		unsigned long cp;

		if (c == 0)
			return false;
		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xC2 && c <= 0xDF) { /* C0, C1 would be overlong */
			need = 1;
			cp = c & 0x1F;
		} else if (c >= 0xE0 && c <= 0xEF) {
			need = 2;
			cp = c & 0x0F;
		} else if (c >= 0xF0 && c <= 0xF4) { /* F5+ is past U+10FFFF */
			need = 3;
			cp = c & 0x07;
		} else {
			return false; /* stray continuation, C0/C1, F5-FF */
		}
		if (n - i - 1 < need)
			return false; /* truncated */
		for (unsigned k = 1; k <= need; k++) {
			if ((p[i + k] & 0xC0) != 0x80)
				return false;
			cp = (cp << 6) | (p[i + k] & 0x3F);
		}
		if ((need == 2 && cp < 0x800) || (need == 3 && cp < 0x10000))
			return false; /* overlong */
		if ((cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
			return false;
		i += need + 1;
	}
	return true;
}

size_t utf8_len(const char *s, size_t n)
{
	size_t count = 0;

	for (size_t i = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			count++;
	return count;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' ||
	       c == '\r';
}

char *str_trim(char *s)
{
	size_t start = 0, end;

	if (!s)
		return NULL;
	end = strlen(s);
	while (start < end && is_space(s[start]))
		start++;
	while (end > start && is_space(s[end - 1]))
		end--;
	memmove(s, s + start, end - start);
	s[end - start] = '\0';
	return s;
}

/* ------------------------------------------------------------------ bytes */

static const char b64url_alphabet[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

size_t b64url_encode(const unsigned char *in, size_t n, char *out)
{
	size_t o = 0, i;

	for (i = 0; i + 3 <= n; i += 3) {
		unsigned long v = (unsigned long)in[i] << 16 | in[i + 1] << 8 | in[i + 2];

		out[o++] = b64url_alphabet[v >> 18 & 63];
		out[o++] = b64url_alphabet[v >> 12 & 63];
		out[o++] = b64url_alphabet[v >> 6 & 63];
		out[o++] = b64url_alphabet[v & 63];
	}
	if (n - i == 1) {
		out[o++] = b64url_alphabet[in[i] >> 2];
		out[o++] = b64url_alphabet[(in[i] & 3) << 4];
	} else if (n - i == 2) {
		out[o++] = b64url_alphabet[in[i] >> 2];
		out[o++] = b64url_alphabet[(in[i] & 3) << 4 | in[i + 1] >> 4];
		out[o++] = b64url_alphabet[(in[i + 1] & 15) << 2];
	}
	out[o] = '\0';
	return o;
}

int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static int b64url_value(char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '-')
		return 62;
	if (c == '_')
		return 63;
	return -1;
}

long b64url_decode(const char *in, size_t len, unsigned char *out)
{
	unsigned long acc = 0;
	unsigned bits = 0;
	size_t o = 0;

	if (len % 4 == 1 || len / 4 * 3 > (size_t)LONG_MAX)
		return -1;
	for (size_t i = 0; i < len; i++) {
		int v = b64url_value(in[i]);

		if (v < 0)
			return -1;
		acc = (acc << 6 | (unsigned)v) & 0xFFFFFF;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			out[o++] = (unsigned char)(acc >> bits);
		}
	}
	/* Left-over bits must be zero: one encoding per byte string, so a
	 * signed token cannot be re-spelt. */
	if (acc & ((1UL << bits) - 1))
		return -1;
	return (long)o;
}

void hex_encode(const unsigned char *in, size_t n, char *out)
{
	static const char digits[] = "0123456789abcdef";

	for (size_t i = 0; i < n; i++) {
		out[2 * i] = digits[in[i] >> 4];
		out[2 * i + 1] = digits[in[i] & 15];
	}
	out[2 * n] = '\0';
}

void random_bytes(void *out, size_t n)
{
	unsigned char *p = out;

	while (n > 0) {
		int step = n > INT_MAX ? INT_MAX : (int)n;

		if (RAND_bytes(p, step) != 1) {
			fprintf(stderr, "aftercare: RAND_bytes failed\n");
			abort();
		}
		p += step;
		n -= (size_t)step;
	}
}

const char *utf8_prefix(struct arena *a, const char *s, size_t max)
{
	size_t i = 0, chars = 0;

	while (s[i] && chars < max) {
		i++;
		while (((unsigned char)s[i] & 0xC0) == 0x80) /* continuation bytes */
			i++;
		chars++;
	}
	return s[i] ? astrndup(a, s, i) : s;
}

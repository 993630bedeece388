/*
 * util.h — small pieces every other file stands on: the per-request arena,
 * a growable byte buffer, strict parsers for input at the edge (integers,
 * money in yuan, dates), UTF-8 validation, base64url and time formatting.
 * Pure functions only: no I/O except random_bytes(). One header for all of
 * them; each section names the file that implements it.
 */
#ifndef AFTERCARE_UTIL_H
#define AFTERCARE_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

/* Asia/Shanghai has had no daylight saving since 1991: a fixed offset. */
#define LOCAL_UTC_OFFSET (8 * 3600)

/* ---- arena.c: a request owns everything it allocates, freed at once ---- */
struct arena;
struct arena *arena_new(void);
void arena_free(struct arena *a);
/* Never returns NULL: aborts on out-of-memory (like xmalloc). Zeroed. */
void *amalloc(struct arena *a, size_t n);
char *astrdup(struct arena *a, const char *s);          /* NULL -> NULL */
char *astrndup(struct arena *a, const char *s, size_t n); /* NUL-terminates */
char *aprintf(struct arena *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* ---- arena.c: growable buffer (heap, not arena: responses can be large) ---- */
struct buf {
	char *p;    /* always NUL-terminated when len > 0 or after buf_add */
	size_t len;
	size_t cap;
};
void buf_add(struct buf *b, const void *data, size_t n);
void buf_puts(struct buf *b, const char *s);
/* s percent-encoded for a URL's query: everything but A-Z a-z 0-9 - . _ ~ */
void buf_url_encode(struct buf *b, const char *s);
void buf_printf(struct buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void buf_free(struct buf *b);

/* ---- parse.c, strict: 0 on success, -1 on any junk; *out untouched on error ---- */
/* Decimal integer, optional leading '-', no spaces, no '+', no leading
 * zeros except "0" itself, within [min, max]. */
int parse_int(const char *s, long long min, long long max, long long *out);
/* Money in yuan: "12", "12.3", "12.30"; no sign, at most 2 decimals,
 * at most 10 integer digits; result in fen. "0" and "0.00" are valid (0). */
int parse_money(const char *s, long long *fen);
/* "YYYY-MM-DD", a real calendar date; *out = 00:00 Asia/Shanghai as UTC. */
int parse_date(const char *s, time_t *out);
/* ISO 8601 "YYYY-MM-DDTHH:MM:SS" followed by "Z" or "+HH:MM"/"-HH:MM";
 * optional ".fraction" ignored. */
int parse_iso8601(const char *s, time_t *out);
/* "YYYY-MM-DD HH:MM:SS" as MariaDB returns a DATETIME, read as UTC. */
int parse_db_datetime(const char *s, time_t *out);

/* ---- format.c: formatting (buffers are caller's) ---- */
void format_money(long long fen, char out[32]);          /* 19900 -> "199.00" */
void format_local_time(time_t t, char out[20]);           /* "2026-11-20 10:02" */
void format_local_date(time_t t, char out[11]);           /* "2026-11-20" */
void format_db_datetime(time_t t, char out[20]);          /* UTC "2026-11-20 02:02:00" */

/* ---- text.c ---- */
/* Well-formed UTF-8: no overlong forms, no surrogates, nothing past
 * U+10FFFF, no NUL bytes. */
bool utf8_valid(const char *s, size_t n);
/* Number of code points in valid UTF-8. */
size_t utf8_len(const char *s, size_t n);
/* The first max code points of valid UTF-8 s (s itself when shorter). */
const char *utf8_prefix(struct arena *a, const char *s, size_t max);
/* Trim ASCII whitespace at both ends, in place; returns s. */
char *str_trim(char *s);
/* Printable text: no ASCII control characters. */
bool text_printable(const char *s);
/* An e-mail address's shape (name@host, one '@', no blanks or control
 * characters, valid UTF-8 of at most max characters). */
bool email_shape_ok(const char *s, size_t max);

/* ---- encode.c: bytes as text ---- */
/* base64url without padding. enc: out must hold 4*ceil(n/3)+1 bytes.
 * dec: returns decoded length, or -1 on a character outside the alphabet,
 * an impossible length or non-zero leftover bits (a second spelling of the
 * same bytes); out must hold 3*len/4+3 bytes. */
size_t b64url_encode(const unsigned char *in, size_t n, char *out);
long b64url_decode(const char *in, size_t len, unsigned char *out);
void hex_encode(const unsigned char *in, size_t n, char *out); /* 2n+1 */
/* 0..15 for a hex digit (either case), else -1. */
int hex_digit(char c);

/* ---- random.c ---- */
/* OpenSSL RAND_bytes; aborts if the generator fails. */
void random_bytes(void *out, size_t n);

#endif

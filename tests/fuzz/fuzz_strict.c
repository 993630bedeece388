/*
 * fuzz_strict.c — the other strict edge parsers (parse.c, encode.c,
 * text.c): parse_int, base64url, hex_digit and str_trim. Properties: an
 * accepted integer is printf's own spelling of it and respects the
 * bounds; a base64url string that decodes is the encoding of what it
 * decodes to (no second spelling), and any bytes survive encode + decode;
 * str_trim leaves the middle untouched and no space at either end.
 */
#include <ctype.h>
#include <limits.h>

#include "fuzz.h"
#include "util.h"

static void check_int(const char *s, const uint8_t *data, size_t size)
{
	long long v = 42, lo = LLONG_MIN, hi = LLONG_MAX, w = 42;
	char out[32];

	if (parse_int(s, LLONG_MIN, LLONG_MAX, &v) != 0) {
		PROPERTY(v == 42);
		/* Not an integer at all: no bounds make it one. */
		PROPERTY(parse_int(s, -10, 10, &w) != 0 && w == 42);
		return;
	}
	snprintf(out, sizeof out, "%lld", v);
	PROPERTY(strcmp(out, s) == 0);
	/* Bounds from the input's first bytes. */
	if (size >= 2) {
		lo = (signed char)data[0] * 1000LL;
		hi = lo + data[1] * 100LL;
	}
	PROPERTY((parse_int(s, lo, hi, &w) == 0) == (v >= lo && v <= hi));
	PROPERTY(w == 42 || w == v);
}

static void check_b64(const uint8_t *data, size_t size)
{
	char *in = fuzz_copy(data, size, 0);
	/* Exactly the room the contract asks for, so ASan sees more. */
	unsigned char *out = malloc(3 * size / 4 + 3);
	char *enc = malloc(4 * (size / 3 + 1) + 1);
	unsigned char *back;
	long n = b64url_decode(in, size, out);

	if (n >= 0) {
		PROPERTY((size_t)n == size * 3 / 4);
		PROPERTY(b64url_encode(out, (size_t)n, enc) == size);
		PROPERTY(memcmp(enc, in, size) == 0);
	}
	/* Any bytes round-trip. */
	n = (long)b64url_encode(data, size, enc);
	PROPERTY(strlen(enc) == (size_t)n);
	back = malloc(3 * (size_t)n / 4 + 3);
	PROPERTY(b64url_decode(enc, (size_t)n, back) == (long)size);
	PROPERTY(size == 0 || memcmp(back, data, size) == 0);
	free(back);
	free(enc);
	free(out);
	free(in);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_copy(data, size, 1), *t = fuzz_copy(data, size, 1);
	size_t len = strlen(s), tl;
	const char *mid;

	check_int(s, data, size);
	check_b64(data, size);

	for (size_t i = 0; i < size; i++) {
		const char *hex = "0123456789abcdef", *HEX = "0123456789ABCDEF";
		const char *p = data[i] ? strchr(hex, data[i]) : NULL;
		const char *P = data[i] ? strchr(HEX, data[i]) : NULL;
		int want = p ? (int)(p - hex) : P ? (int)(P - HEX) : -1;

		PROPERTY(hex_digit((char)data[i]) == want);
	}

	PROPERTY(str_trim(t) == t);
	tl = strlen(t);
	PROPERTY(tl == 0 || (!isspace((unsigned char)t[0]) &&
	                     !isspace((unsigned char)t[tl - 1])));
	mid = s + strspn(s, " \t\n\v\f\r");
	PROPERTY(tl <= len && strncmp(mid, t, tl) == 0);
	PROPERTY(strspn(mid + tl, " \t\n\v\f\r") == strlen(mid + tl));
	free(t);
	free(s);
	return 0;
}

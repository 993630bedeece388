/*
 * fuzz_utf8.c — utf8_valid, utf8_len and utf8_prefix. utf8_valid is
 * checked against a second decoder written from the Unicode standard's
 * table of well-formed byte sequences (Table 3-7); utf8_prefix must never
 * cut inside a sequence and must keep exactly min(max, length) characters.
 * Input: one byte for max, then the text.
 */
#include <stdbool.h>

#include "fuzz.h"
#include "util.h"

/* Table 3-7: first byte range, then the allowed range of each next byte. */
static bool reference_valid(const unsigned char *s, size_t n, size_t *chars)
{
	static const struct {
		unsigned char lo, hi, len, b2lo, b2hi;
	} rows[] = {
		{0x01, 0x7F, 1, 0, 0},       {0xC2, 0xDF, 2, 0x80, 0xBF},
		{0xE0, 0xE0, 3, 0xA0, 0xBF}, {0xE1, 0xEC, 3, 0x80, 0xBF},
		{0xED, 0xED, 3, 0x80, 0x9F}, {0xEE, 0xEF, 3, 0x80, 0xBF},
		{0xF0, 0xF0, 4, 0x90, 0xBF}, {0xF1, 0xF3, 4, 0x80, 0xBF},
		{0xF4, 0xF4, 4, 0x80, 0x8F},
	};
	size_t i = 0;

	*chars = 0;
	while (i < n) {
		size_t r = 0, k;

		while (r < sizeof rows / sizeof rows[0] &&
		       !(s[i] >= rows[r].lo && s[i] <= rows[r].hi))
			r++;
		if (r == sizeof rows / sizeof rows[0] || n - i < rows[r].len)
			return false;
		if (rows[r].len > 1 && !(s[i + 1] >= rows[r].b2lo && s[i + 1] <= rows[r].b2hi))
			return false;
		for (k = 2; k < rows[r].len; k++)
			if (s[i + k] < 0x80 || s[i + k] > 0xBF)
				return false;
		i += rows[r].len;
		++*chars;
	}
	return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena *a;
	size_t max, chars, n;
	const char *pre;
	char *s;
	bool valid;

	if (size < 1)
		return 0;
	max = data[0];
	data++, size--;
	s = fuzz_copy(data, size, 1);
	valid = utf8_valid(s, size);
	PROPERTY(valid == reference_valid(data, size, &chars));
	if (!valid) {
		free(s);
		return 0;
	}
	PROPERTY(utf8_len(s, size) == chars);

	a = arena_new();
	pre = utf8_prefix(a, s, max);
	n = strlen(pre);
	PROPERTY(n <= size && memcmp(pre, s, n) == 0);
	PROPERTY(utf8_valid(pre, n)); /* no sequence cut in two */
	PROPERTY(utf8_len(pre, n) == (chars < max ? chars : max));
	PROPERTY((chars <= max) == (pre == s)); /* s itself only when short */
	arena_free(a);
	free(s);
	return 0;
}

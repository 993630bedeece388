/*
 * text.c — UTF-8 checks and counts, cutting text to a number of
 * characters, and trimming whitespace.
 */
#include <string.h>

#include "util.h"

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

bool text_printable(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return false;
	return true;
}

bool email_shape_ok(const char *s, size_t max)
{
	const char *at = strchr(s, '@');
	size_t n = strlen(s);

	return utf8_valid(s, n) && utf8_len(s, n) <= max && at && at != s && at[1] &&
	       !strchr(at + 1, '@') && !strpbrk(s, " \t") && text_printable(s);
}

/*
 * phone.c — phone numbers as typed, to the digits the records hold
 * (phone.h).
 */
#include <string.h>

#include "phone.h"

bool phone_normalize(const char *s, char out[PHONE_MAX + 1])
{
	char d[64];
	size_t n = 0;
	const unsigned char *p = (const unsigned char *)s;
	bool plus = false;

	out[0] = '\0';
	if (!s)
		return false;
	while (*p) {
		if (*p >= '0' && *p <= '9') {
			if (n == sizeof d - 1)
				return false;
			d[n++] = (char)*p++;
		} else if (p[0] == 0xEF && p[1] == 0xBC && p[2] >= 0x90 && p[2] <= 0x99) {
			if (n == sizeof d - 1) /* U+FF10..FF19, full-width digits */
				return false;
			d[n++] = (char)('0' + p[2] - 0x90);
			p += 3;
		} else if (p[0] == 0xEF && p[1] == 0xBC && p[2] == 0x8B && n == 0 && !plus) {
			plus = true; /* U+FF0B, a full-width '+' */
			p += 3;
		} else if (p[0] == 0xE3 && p[1] == 0x80 && p[2] == 0x80) {
			p += 3;      /* U+3000, the ideographic space */
		} else if (*p == '+' && n == 0 && !plus) {
			plus = true;
			p++;
		} else if (*p == ' ' || *p == '-' || *p == '.' || *p == '(' || *p == ')' || *p == '\t') {
			p++;
		} else {
			return false;
		}
	}
	d[n] = '\0';
	/* The country code of the mainland before a mobile number. */
	if (n == 13 && strncmp(d, "86", 2) == 0 && d[2] == '1')
		memmove(d, d + 2, (n -= 2) + 1);
	else if (n == 15 && strncmp(d, "0086", 4) == 0 && d[4] == '1' && !plus)
		memmove(d, d + 4, (n -= 4) + 1);
	if (n < 6 || n > PHONE_MAX)
		return false;
	memcpy(out, d, n + 1);
	return true;
}

const char *phone_or_login(const char *s, char out[PHONE_MAX + 1])
{
	if (!s || strchr(s, '@'))
		return s;
	return phone_normalize(s, out) ? out : s;
}

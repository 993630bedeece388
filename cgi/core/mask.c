/*
 * mask.c — contact details masked (mask.h).
 */
#include <string.h>

#include "mask.h"

const char *mask_phone(struct arena *a, const char *phone)
{
	size_t n = phone ? strlen(phone) : 0;

	if (n < 8)
		return "****";
	return aprintf(a, "%.3s****%s", phone, phone + n - 4);
}

const char *mask_email(struct arena *a, const char *email)
{
	const char *at = email ? strrchr(email, '@') : NULL;

	if (!at || at == email)
		return "***";
	return aprintf(a, "%.1s***%s", email, at);
}

const char *mask_recipient(struct arena *a, const char *to)
{
	if (!to)
		return "";
	if (strncmp(to, "http://", 7) == 0 || strncmp(to, "https://", 8) == 0)
		return to;
	return strchr(to, '@') ? mask_email(a, to) : mask_phone(a, to);
}

const char *mask_city(struct arena *a, const char *city)
{
	size_t n = 1;

	if (!city || !*city)
		return "";
	while (((unsigned char)city[n] & 0xC0) == 0x80) /* the whole first character */
		n++;
	return aprintf(a, "%.*s**", (int)n, city);
}

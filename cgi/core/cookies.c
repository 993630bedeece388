/*
 * cookies.c — the Cookie header into name/value pairs (RFC 6265): lenient
 * by design, a malformed pair is dropped rather than failing the request.
 */
#include <string.h>

#include "request_internal.h"

#define MAX_COOKIES 32

static bool cookie_name_char(char c)
{
	/* RFC 7230 tchar */
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	       (c >= 'A' && c <= 'Z') || (c && strchr("!#$%&'*+-.^_`|~", c));
}

void parse_cookies(struct arena *a, const char *header, struct params *out)
{
	const char *p = header;
	int kept = 0;

	while (p && *p && kept < MAX_COOKIES) {
		const char *pair = p, *semi = strchr(p, ';'), *end, *eq, *ne, *v, *ve;
		bool ok;

		end = semi ? semi : p + strlen(p);
		p = semi ? semi + 1 : end;

		while (pair < end && is_ows(*pair))
			pair++;
		eq = memchr(pair, '=', (size_t)(end - pair));
		if (!eq)
			continue;
		for (ne = eq; ne > pair && is_ows(ne[-1]);)
			ne--;
		for (v = eq + 1; v < end && is_ows(*v);)
			v++;
		for (ve = end; ve > v && is_ows(ve[-1]);)
			ve--;
		if (ve - v >= 2 && *v == '"' && ve[-1] == '"')
			v++, ve--; /* RFC 6265 allows a quoted value */
		ok = ne > pair;
		for (const char *c = pair; ok && c < ne; c++)
			ok = cookie_name_char(*c);
		for (const char *c = v; ok && c < ve; c++)
			ok = (unsigned char)*c >= 0x20 && *c != 0x7f && *c != '"';
		if (!ok || !utf8_valid(v, (size_t)(ve - v)))
			continue;
		params_push(a, out, astrndup(a, pair, (size_t)(ne - pair)),
		            astrndup(a, v, (size_t)(ve - v)), (size_t)(ve - v));
		kept++;
	}
}

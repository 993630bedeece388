/*
 * urlencoded.c — application/x-www-form-urlencoded pairs, from a query
 * string or a POST body: percent-decoded, bounded, checked as UTF-8.
 */
#include <string.h>

#include "request_internal.h"

/* Decodes one name or value into the arena; checks length, then UTF-8. */
static enum req_err url_decode(struct arena *a, const char *s, size_t n,
                               size_t max, const char **out, size_t *outlen)
{
	char *d = amalloc(a, n + 1);
	size_t o = 0;

	for (size_t i = 0; i < n; i++) {
		if (s[i] == '+') {
			d[o++] = ' ';
		} else if (s[i] == '%') {
			int hi, lo;

			if (n - i < 3 || (hi = hex_digit(s[i + 1])) < 0 ||
			    (lo = hex_digit(s[i + 2])) < 0)
				return REQ_BAD;
			d[o++] = (char)(hi << 4 | lo);
			i += 2;
		} else {
			d[o++] = s[i];
		}
	}
	if (o > max)
		return REQ_TOO_LONG;
	if (!utf8_valid(d, o)) /* also refuses %00 and raw NULs */
		return REQ_BAD_UTF8;
	*out = d;
	*outlen = o;
	return REQ_OK;
}

/* max_fields bounds *out as a whole, so parsing twice into the same
 * params cannot double the allowance. */
enum req_err parse_urlencoded(struct arena *a, const char *s, size_t n,
                              const struct limits *lim, struct params *out)
{
	size_t n0 = out->n, pos = 0;
	enum req_err e = REQ_OK;

	if (!lim)
		lim = &req_no_limits;
	while (s && pos < n) {
		const char *pair = s + pos, *amp, *eq, *name, *value = "";
		size_t plen, nlen, vlen = 0;

		amp = memchr(pair, '&', n - pos);
		plen = amp ? (size_t)(amp - pair) : n - pos;
		pos += plen + 1;
		if (plen == 0)
			continue; /* "a=1&&b=2" */
		if (out->n >= lim->max_fields) {
			e = REQ_TOO_MANY;
			goto out;
		}
		eq = memchr(pair, '=', plen);
		nlen = eq ? (size_t)(eq - pair) : plen;
		if (eq)
			e = url_decode(a, eq + 1, plen - nlen - 1, lim->max_field_len,
			               &value, &vlen);
		if (e == REQ_OK)
			e = url_decode(a, pair, nlen, lim->max_field_len, &name, &nlen);
		if (e != REQ_OK)
			goto out;
		params_push(a, out, name, value, vlen);
	}
out:
	if (e != REQ_OK)
		out->n = n0; /* nothing half-parsed reaches a handler */
	return e;
}

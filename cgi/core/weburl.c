/*
 * weburl.c — webhook URLs the form accepts (weburl.h).
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "netaddr.h"
#include "util.h"
#include "weburl.h"

bool weburl_ip_private(const char *host)
{
	struct sockaddr_in v4 = {.sin_family = AF_INET};
	struct sockaddr_in6 v6 = {.sin6_family = AF_INET6};

	if (inet_pton(AF_INET, host, &v4.sin_addr) == 1)
		return addr_kind((const struct sockaddr *)&v4, sizeof v4) != ADDR_GLOBAL;
	if (inet_pton(AF_INET6, host, &v6.sin6_addr) == 1)
		return addr_kind((const struct sockaddr *)&v6, sizeof v6) != ADDR_GLOBAL;
	return false;
}

/* Does the comma list hold host (case-insensitive)? */
static bool listed(const char *allow, const char *host)
{
	size_t n = strlen(host);

	for (const char *p = allow; p && *p;) {
		size_t len = strcspn(p, ",");

		while (len && *p == ' ')
			p++, len--;
		if (len == n && strncasecmp(p, host, n) == 0)
			return true;
		p += len + (p[len] == ',');
	}
	return false;
}

static bool ends_with(const char *s, size_t n, const char *tail)
{
	size_t t = strlen(tail);

	return n >= t && strncasecmp(s + n - t, tail, t) == 0;
}

const char *weburl_problem(const char *url, bool production, const char *allow)
{
	const char *p, *end, *at;
	char host[256];
	size_t hlen;

	if (!url || !*url)
		return "err_required";
	if (strlen(url) > WEBURL_MAX)
		return "err_url_long";
	for (p = url; *p; p++)
		if ((unsigned char)*p <= 0x20 || *p == 0x7f || *p == '\\')
			return "err_url_form";
	if (strncasecmp(url, "https://", 8) == 0)
		p = url + 8;
	else if (strncasecmp(url, "http://", 7) == 0)
		p = url + 7;
	else
		return "err_url_scheme";
	end = p + strcspn(p, "/?#");
	at = memchr(p, '@', (size_t)(end - p));
	if (at)
		return "err_url_credentials";
	if (*p == '[') { /* an IPv6 literal */
		const char *close = memchr(p, ']', (size_t)(end - p));

		if (!close || (close + 1 != end && close[1] != ':'))
			return "err_url_form";
		hlen = (size_t)(close - p - 1);
		p++;
	} else {
		const char *colon = memchr(p, ':', (size_t)(end - p));

		hlen = (size_t)((colon ? colon : end) - p);
	}
	if (hlen == 0 || hlen >= sizeof host)
		return "err_url_form";
	memcpy(host, p, hlen);
	host[hlen] = '\0';
	if (!production || listed(allow, host))
		return NULL;
	{
		unsigned char bin[16];

		if (inet_pton(AF_INET, host, bin) == 1 || inet_pton(AF_INET6, host, bin) == 1)
			return weburl_ip_private(host) ? "err_url_private" : NULL;
	}
	/* A name: local ones, and one word alone (an intranet host, or a
	 * number some resolvers read as an address). */
	if (strcasecmp(host, "localhost") == 0 || ends_with(host, hlen, ".localhost") ||
	    ends_with(host, hlen, ".local") || ends_with(host, hlen, ".internal") ||
	    strchr(host, '.') == NULL)
		return "err_url_private";
	return NULL;
}

/* One pass of local_path_ok over n bytes of s. */
static bool local_path_shape(const char *s, size_t n)
{
	if (n == 0 || s[0] != '/' || (n > 1 && (s[1] == '/' || s[1] == '\\')))
		return false;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] <= 0x20 || s[i] == 0x7f || s[i] == '\\')
			return false;
	return true;
}

bool local_path_ok(const char *path)
{
	char dec[LOCALPATH_MAX + 1];
	size_t n, m = 0;

	if (!path || (n = strlen(path)) > LOCALPATH_MAX || !utf8_valid(path, n) ||
	    !local_path_shape(path, n))
		return false;
	for (size_t i = 0; i < n; i++) {
		int hi, lo;

		if (path[i] == '%' && i + 2 < n && (hi = hex_digit(path[i + 1])) >= 0 &&
		    (lo = hex_digit(path[i + 2])) >= 0) {
			dec[m++] = (char)(hi * 16 + lo);
			i += 2;
		} else {
			dec[m++] = path[i];
		}
	}
	/* Decoded, a NUL is as bad as any other control character. */
	return local_path_shape(dec, m);
}

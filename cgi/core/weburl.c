/*
 * weburl.c — webhook URLs the form accepts (weburl.h).
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "weburl.h"

bool weburl_ip_private(const char *host)
{
	unsigned char a[16];

	if (inet_pton(AF_INET, host, a) == 1)
		return a[0] == 0 || a[0] == 10 || a[0] == 127 ||                /* this, private, loopback */
		       (a[0] == 100 && (a[1] & 0xc0) == 64) ||                  /* CGNAT 100.64/10 */
		       (a[0] == 169 && a[1] == 254) ||                          /* link-local */
		       (a[0] == 172 && (a[1] & 0xf0) == 16) ||                  /* 172.16/12 */
		       (a[0] == 192 && a[1] == 168) ||                          /* 192.168/16 */
		       (a[0] == 192 && a[1] == 0 && (a[2] == 0 || a[2] == 2)) || /* IETF, TEST-NET-1 */
		       (a[0] == 198 && (a[1] & 0xfe) == 18) ||                  /* benchmarking */
		       a[0] >= 224;                                             /* multicast, reserved */
	if (inet_pton(AF_INET6, host, a) == 1) {
		static const unsigned char zero[10];

		if (memcmp(a, zero, 10) == 0 && a[10] == 0xff && a[11] == 0xff)
			return true; /* IPv4-mapped: never an endpoint */
		return memcmp(a, zero, 10) == 0 ||            /* ::, ::1, IPv4-compatible */
		       (a[0] & 0xfe) == 0xfc ||               /* unique-local fc00::/7 */
		       (a[0] == 0xfe && (a[1] & 0xc0) == 0x80) || /* link-local fe80::/10 */
		       a[0] == 0xff ||                        /* multicast */
		       (a[0] == 0x20 && a[1] == 0x01 && a[2] == 0x0d && a[3] == 0xb8) || /* documentation */
		       (a[0] == 0x00 && a[1] == 0x64 && a[2] == 0xff && a[3] == 0x9b);   /* NAT64 */
	}
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

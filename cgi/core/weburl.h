/*
 * weburl.h — is a URL one the shop may register as a webhook endpoint?
 * Pure: the form's check. The worker checks the address it actually
 * connects to again (a name may resolve anywhere later).
 */
#ifndef AFTERCARE_WEBURL_H
#define AFTERCARE_WEBURL_H

#include <stdbool.h>

#define WEBURL_MAX 500

/* NULL when url may be registered, else a language key saying why: not
 * http(s), too long, user:password@, no host, spaces or control
 * characters; with production, a host that is a loopback, private,
 * link-local, CGNAT, unique-local or IPv4-mapped literal address or a
 * local name (localhost, *.localhost, *.local, *.internal), unless the
 * host is in allow (a comma list, may be NULL). */
const char *weburl_problem(const char *url, bool production, const char *allow);

/* Is this IPv4/IPv6 literal (no brackets) an address outside the public
 * internet? false for names and malformed text. */
bool weburl_ip_private(const char *host);

#endif

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

/* A path of this site to send a browser back to (the language switch's back, the
 * sign-in's next): starts with one '/', then no second '/' or '\\' (a
 * browser reads "//host" and "/\\host" as another site), no '\\', no
 * control characters or spaces, valid UTF-8 of at most LOCALPATH_MAX bytes;
 * and the same holds once its %XX escapes are decoded ("/%2F%2Fhost",
 * "/%0d%0a"). Anything else (NULL, "https:x", "") is not one. */
#define LOCALPATH_MAX 1000
bool local_path_ok(const char *path);

#endif

/*
 * webhook.c — a webhook to the shop, as Standard Webhooks 1.0 says: the
 * payload outbox.c wrote, signed with the endpoint's secret read now (a
 * disabled endpoint gets nothing more), POSTed with a 3 s connect and 10 s
 * total limit. Outside demo mode only a global address is connected to,
 * unless the host is listed in the webhook_allow setting.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "notify.h"
#include "webhook_sig.h"

/* Is host one of the comma list's names? */
static bool listed(const char *list, const char *host)
{
	size_t n = strlen(host);

	for (const char *p = list; *p;) {
		size_t len = strcspn(p, ","), lead = strspn(p, " "), k = len;

		while (k > lead && p[k - 1] == ' ')
			k--;
		if (k - lead == n && strncasecmp(p + lead, host, n) == 0)
			return true;
		p += len + (p[len] == ',');
	}
	return false;
}

/* The URL's scheme and host (arena); -1 when it is not http(s) with a host. */
static int url_host(struct job *j, const char *url, const char **host)
{
	CURLU *u = curl_url();
	char *scheme = NULL, *h = NULL;
	int rc = -1;

	if (u && curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_HOST, &h, 0) == CURLUE_OK &&
	    (strcmp(scheme, "http") == 0 || strcmp(scheme, "https") == 0)) {
		*host = astrdup(j->a, h);
		rc = 0;
	}
	curl_free(scheme);
	curl_free(h);
	curl_url_cleanup(u);
	return rc;
}

void webhook_prepare(struct notifier *nf, struct job *j)
{
	const struct delivery *d = j->d;
	const char *secret, *host, *allow;
	char sig[WEBHOOK_SIG_MAX], line[128];
	long long ts = (long long)time(NULL);

	if (delivery_endpoint_secret(nf->db, j->a, d->endpoint_id, &secret) != DB_OK ||
	    delivery_webhook_allow(nf->db, j->a, &allow) != DB_OK) {
		j->later = "database unavailable";
		return;
	}
	if (!secret) {
		j->verdict = "endpoint disabled";
		return;
	}
	if (!d->body || url_host(j, d->recipient, &host) != 0) {
		j->verdict = !d->body ? "no payload" : "not an http(s) URL";
		return;
	}
	if (webhook_sign(secret, d->msg_key, ts, d->body, strlen(d->body), sig) != 0) {
		j->verdict = "bad endpoint secret";
		return;
	}
	j->guard = !listed(allow, host);
	j->allow_loopback = nf->cfg.demo;
	if (!transfer_handle(j, d->recipient, 3, 10))
		return;
	buf_puts(&j->payload, d->body);
	snprintf(line, sizeof line, "webhook-id: %s", d->msg_key);
	j->list = curl_slist_append(j->list, line);
	snprintf(line, sizeof line, "webhook-timestamp: %lld", ts);
	j->list = curl_slist_append(j->list, line);
	snprintf(line, sizeof line, "webhook-signature: %s", sig);
	j->list = curl_slist_append(j->list, line);
	transfer_post(j, "application/json");
}

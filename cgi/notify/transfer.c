/*
 * transfer.c — every message leaves through libcurl: HTTP(S) POSTs (webhooks,
 * the SMS gateway) and SMTP (e-mail). Every transfer in flight shares one
 * multi handle and each is settled the moment it ends, so a slow receiver
 * holds up nothing but its own messages. Nothing
 * a receiver answers is kept or printed; a redirect is an answer, not a way.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#include "netaddr.h"
#include "notify.h"

static size_t discard(char *p, size_t size, size_t n, void *ctx)
{
	(void)p;
	(void)ctx;
	return size * n;
}

/* The address curl is about to connect to, checked when the job asks:
 * this sees what a name resolved to at connect time (DNS rebinding gets
 * no second look-up past it). */
static curl_socket_t open_socket(void *ctx, curlsocktype purpose, struct curl_sockaddr *addr)
{
	struct job *j = ctx;
	enum addr_kind k;

	(void)purpose;
	if (j->guard) {
		k = addr_kind(&addr->addr, addr->addrlen);
		if (!(k == ADDR_GLOBAL || (k == ADDR_LOOPBACK && j->allow_loopback))) {
			j->refused = true;
			return CURL_SOCKET_BAD;
		}
	}
	return socket(addr->family, addr->socktype, addr->protocol);
}

CURL *transfer_handle(struct job *j, const char *url, long connect_s, long total_s)
{
	CURL *h = curl_easy_init();

	if (!h) {
		j->verdict = "out of memory";
		return NULL;
	}
	if (curl_easy_setopt(h, CURLOPT_URL, url) != CURLE_OK) {
		curl_easy_cleanup(h);
		j->verdict = "bad URL";
		return NULL;
	}
	curl_easy_setopt(h, CURLOPT_PRIVATE, j);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_PROXY, ""); /* never an environment's proxy */
	curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, connect_s);
	curl_easy_setopt(h, CURLOPT_TIMEOUT, total_s);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, discard);
	curl_easy_setopt(h, CURLOPT_OPENSOCKETFUNCTION, open_socket);
	curl_easy_setopt(h, CURLOPT_OPENSOCKETDATA, j);
	curl_easy_setopt(h, CURLOPT_USERAGENT, "Aftercare-Notify/1");
	j->h = h;
	return h;
}

void transfer_post(struct job *j, const char *content_type)
{
	char ct[80];

	snprintf(ct, sizeof ct, "Content-Type: %s", content_type);
	j->list = curl_slist_append(j->list, ct);
	j->list = curl_slist_append(j->list, "Expect:"); /* no 100-continue round */
	curl_easy_setopt(j->h, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(j->h, CURLOPT_HTTPHEADER, j->list);
	curl_easy_setopt(j->h, CURLOPT_POST, 1L);
	curl_easy_setopt(j->h, CURLOPT_POSTFIELDS, j->payload.p ? j->payload.p : "");
	curl_easy_setopt(j->h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)j->payload.len);
}

static size_t read_payload(char *p, size_t size, size_t n, void *ctx)
{
	struct job *j = ctx;
	size_t k = j->payload.len - j->sent;

	if (k > size * n)
		k = size * n;
	memcpy(p, j->payload.p + j->sent, k);
	j->sent += k;
	return k;
}

void transfer_upload(struct job *j)
{
	curl_easy_setopt(j->h, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
	curl_easy_setopt(j->h, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(j->h, CURLOPT_READFUNCTION, read_payload);
	curl_easy_setopt(j->h, CURLOPT_READDATA, j);
	curl_easy_setopt(j->h, CURLOPT_INFILESIZE_LARGE, (curl_off_t)j->payload.len);
}

CURLM *transfer_multi(void)
{
	return curl_multi_init();
}

void transfer_multi_free(CURLM *m)
{
	if (m)
		curl_multi_cleanup(m);
}

int transfer_start(CURLM *m, struct job *j)
{
	if (curl_multi_add_handle(m, j->h) != CURLM_OK) {
		j->code = CURLE_OUT_OF_MEMORY;
		return -1;
	}
	return 0;
}

int transfer_step(CURLM *m, int wait_ms, void (*done)(struct job *j, void *ctx), void *ctx)
{
	int running = 0, left;
	CURLMsg *msg;

	if (curl_multi_perform(m, &running) == CURLM_OK && running && wait_ms > 0) {
		curl_multi_poll(m, NULL, 0, wait_ms, NULL);
		curl_multi_perform(m, &running);
	}
	while ((msg = curl_multi_info_read(m, &left)))
		if (msg->msg == CURLMSG_DONE) {
			CURL *h = msg->easy_handle;
			CURLcode result = msg->data.result;
			struct job *j = NULL;

			curl_easy_getinfo(h, CURLINFO_PRIVATE, (char **)&j);
			curl_multi_remove_handle(m, h);
			if (j) {
				j->code = result;
				done(j, ctx);
			}
		}
	return running;
}

const char *transfer_error(struct job *j)
{
	long status = 0;
	const char *scheme = NULL;

	if (j->refused)
		return "address not allowed";
	curl_easy_getinfo(j->h, CURLINFO_RESPONSE_CODE, &status);
	curl_easy_getinfo(j->h, CURLINFO_SCHEME, &scheme);
	if (scheme && (strcasecmp(scheme, "smtp") == 0 || strcasecmp(scheme, "smtps") == 0)) {
		if (j->code == CURLE_OK)
			return NULL;
		return status ? aprintf(j->a, "SMTP %ld: %s", status, curl_easy_strerror(j->code))
		              : curl_easy_strerror(j->code);
	}
	if (j->code != CURLE_OK)
		return curl_easy_strerror(j->code);
	if (status >= 200 && status <= 299)
		return NULL;
	if (status >= 300 && status <= 399)
		return aprintf(j->a, "HTTP %ld (a redirect is not followed)", status);
	return aprintf(j->a, "HTTP %ld", status);
}

void transfer_done(struct job *j)
{
	if (j->h)
		curl_easy_cleanup(j->h);
	curl_slist_free_all(j->list);
	buf_free(&j->payload);
	j->h = NULL;
	j->list = NULL;
}

/*
 * test_notify.c — the pure parts of the notification worker: the retry
 * table, the Standard Webhooks signature (the spec's own example), the
 * address classes a webhook may connect to, and the e-mail's headers.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "mime.h"
#include "netaddr.h"
#include "retry.h"
#include "t.h"
#include "webhook_sig.h"

void tests_notify(void);

static enum addr_kind kind_of(const char *ip)
{
	struct sockaddr_in v4 = {.sin_family = AF_INET};
	struct sockaddr_in6 v6 = {.sin6_family = AF_INET6};

	if (inet_pton(AF_INET, ip, &v4.sin_addr) == 1)
		return addr_kind((struct sockaddr *)&v4, sizeof v4);
	if (inet_pton(AF_INET6, ip, &v6.sin6_addr) == 1)
		return addr_kind((struct sockaddr *)&v6, sizeof v6);
	abort();
}

/* The decoded text of a Subject header of encoded words. */
static char *decode_words(const char *h)
{
	static char out[4096];
	size_t n = 0;

	while ((h = strstr(h, "=?UTF-8?B?"))) {
		const char *end = strstr(h += 10, "?=");
		unsigned char tmp[512];
		int len, pad = 0;

		if (!end)
			break;
		len = EVP_DecodeBlock(tmp, (const unsigned char *)h, (int)(end - h));
		while (pad < 2 && end - h > pad && h[end - h - 1 - pad] == '=')
			pad++;
		memcpy(out + n, tmp, (size_t)(len - pad));
		n += (size_t)(len - pad);
		h = end + 2;
	}
	out[n] = '\0';
	return out;
}

void tests_notify(void)
{
	char sig[WEBHOOK_SIG_MAX];
	long total = 0;
	int n = 0;

	/* the schedule: 7 waits after the first attempt, more than a day in all */
	for (int k = 1; retry_wait(k) >= 0; k++) {
		CHECK(k == 1 || retry_wait(k) >= retry_wait(k - 1), "retry waits never shrink");
		total += retry_wait(k);
		n++;
	}
	CHECK(n + 1 == RETRY_ATTEMPTS, "retry: RETRY_ATTEMPTS attempts in all");
	CHECK(retry_wait(1) == 5 && retry_wait(2) == 300 && retry_wait(7) == 36000,
	      "retry: Standard Webhooks' waits");
	CHECK(total > 24 * 3600, "retry: the waits cover more than 24 hours");
	CHECK(retry_wait(0) < 0 && retry_wait(RETRY_ATTEMPTS) < 0, "retry: none outside the table");

	/* the example of the Standard Webhooks specification */
	CHECK(webhook_sign("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek",
	                   1614265330, "{\"test\": 2432232314}", 20, sig) == 0,
	      "webhook_sign: the spec's example signs");
	CHECK_STR(sig, "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
	          "webhook_sign: the spec's example signature");
	CHECK(webhook_sign("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "m", 1, "", 0, sig) < 0,
	      "webhook_sign: a secret without whsec_ is refused");
	CHECK(webhook_sign("whsec_MfKQ9r8G*YqrTwjUPD8ILPZIo2LaLaSw", "m", 1, "", 0, sig) < 0,
	      "webhook_sign: a secret outside base64 is refused");
	CHECK(webhook_sign("whsec_", "m", 1, "", 0, sig) < 0, "webhook_sign: an empty key is refused");
	CHECK(webhook_sign("whsec_QUJD=A==", "m", 1, "", 0, sig) < 0,
	      "webhook_sign: padding inside the key is refused");

	/* addresses */
	CHECK(kind_of("93.184.216.34") == ADDR_GLOBAL, "netaddr: a public IPv4 address is global");
	CHECK(kind_of("2606:2800:220:1::1") == ADDR_GLOBAL, "netaddr: a public IPv6 address is global");
	CHECK(kind_of("127.0.0.1") == ADDR_LOOPBACK && kind_of("127.9.9.9") == ADDR_LOOPBACK &&
	          kind_of("::1") == ADDR_LOOPBACK,
	      "netaddr: loopback");
	{
		static const char *const other[] = {
			"0.0.0.0", "10.1.2.3", "100.64.0.1", "100.127.255.254", "169.254.169.254",
			"172.16.0.1", "172.31.255.255", "192.168.1.1", "192.0.0.8", "198.18.0.1",
			"224.0.0.1", "255.255.255.255", "::", "::ffff:127.0.0.1", "::ffff:8.8.8.8",
			"64:ff9b::808:808", "fc00::1", "fd12:3456::1", "fe80::1", "ff02::1",
			"2001:db8::1", "2002:7f00:1::1", "2001::1",
		};

		for (size_t i = 0; i < sizeof other / sizeof other[0]; i++) {
			char name[80];

			snprintf(name, sizeof name, "netaddr: %s is not global", other[i]);
			CHECK(kind_of(other[i]) == ADDR_OTHER, name);
		}
	}
	CHECK(kind_of("100.63.255.255") == ADDR_GLOBAL && kind_of("100.128.0.0") == ADDR_GLOBAL &&
	          kind_of("172.32.0.1") == ADDR_GLOBAL,
	      "netaddr: the edges of CGNAT and 172.16/12 are global");

	/* the message */
	{
		struct buf b = {0}, s = {0};
		const char *subject = "售后申请已通过 AS202612050001 一二三四五六七八九十一二三四五六七八九十";
		struct mail m = {
			.from = "shop@example.com",
			.to = "li@example.com\r\nBcc: evil@example.com",
			.subject = subject,
			.message_id = "msg_1@shop.example.com",
			.date = 1764892800, /* 2025-12-05 00:00:00 UTC, a Friday */
			.text = "hello\r\n",
			.html = "<p>hello</p>",
		};
		char *head;

		mail_compose(&b, &m);
		head = strndup(b.p, (size_t)(strstr(b.p, "\r\n\r\n") - b.p));
		CHECK(strstr(head, "\nBcc:") == NULL && strstr(head, "To: li@example.com  Bcc: evil") != NULL,
		      "mime: CR LF in a header value become spaces");
		CHECK(strstr(head, "Date: Fri, 05 Dec 2025 00:00:00 +0000") != NULL, "mime: the date");
		CHECK(strstr(head, "Message-ID: <msg_1@shop.example.com>") != NULL, "mime: the Message-ID");
		CHECK(strstr(head, "MIME-Version: 1.0") != NULL &&
		          strstr(head, "Content-Type: multipart/alternative; boundary=") != NULL,
		      "mime: multipart/alternative");
		mail_header_text(&s, subject);
		CHECK_STR(decode_words(s.p), subject, "mime: the encoded subject decodes to itself");
		CHECK(strstr(s.p, "\r\n ") != NULL, "mime: a long subject is folded");
		for (const char *w = s.p; (w = strstr(w, "=?UTF-8?B?")); w += 10) {
			const char *end = strstr(w, "?=");
			CHECK(end && end + 2 - w <= 75, "mime: each encoded word within 75 characters");
		}
		buf_free(&s);
		mail_header_text(&s, "Request approved AS1");
		CHECK_STR(s.p, "Request approved AS1", "mime: an ASCII subject stays as it is");
		buf_free(&s);
		mail_header_text(&s, "a\r\nBcc: x");
		CHECK(strstr(s.p, "=?UTF-8?B?") && !strchr(s.p, '\n') && !strchr(decode_words(s.p), '\n'),
		      "mime: CR LF in a subject never reach the header");
		free(head);
		buf_free(&s);
		buf_free(&b);
	}
}

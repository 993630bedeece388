/*
 * mime.c — composing an e-mail (mime.h). Pure: the caller gives the date
 * and the Message-ID; the boundary is made from the Message-ID (it cannot
 * occur in a base64 body, whose alphabet has no "_").
 */
#include <string.h>

#include <openssl/evp.h>

#include "mime.h"

/* A header value's own text: control characters (CR and LF above all)
 * become spaces, so nothing can start a header of its own. */
static void put_clean(struct buf *out, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char c = (unsigned char)s[i] < 0x20 || s[i] == 0x7f ? ' ' : s[i];

		buf_add(out, &c, 1);
	}
}

static void header(struct buf *out, const char *name, const char *value)
{
	buf_puts(out, name);
	buf_puts(out, ": ");
	put_clean(out, value ? value : "", value ? strlen(value) : 0);
	buf_puts(out, "\r\n");
}

static bool plain_ascii(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || (unsigned char)*s > 0x7e)
			return false;
	return true;
}

#define WORD_BYTES 39 /* 52 base64 characters: a word of 64 */

void mail_header_text(struct buf *out, const char *s)
{
	size_t n = strlen(s), i = 0;

	if (plain_ascii(s)) {
		buf_puts(out, s);
		return;
	}
	while (i < n) {
		unsigned char raw[WORD_BYTES], b64[4 * WORD_BYTES / 3 + 4];
		size_t k = n - i < WORD_BYTES ? n - i : WORD_BYTES;
		struct buf clean = {0};

		/* never cut a UTF-8 character in two: each word decodes alone */
		while (i + k < n && k > 1 && ((unsigned char)s[i + k] & 0xc0) == 0x80)
			k--;
		put_clean(&clean, s + i, k);
		memcpy(raw, clean.p, k);
		buf_free(&clean);
		EVP_EncodeBlock(b64, raw, (int)k);
		if (i)
			buf_puts(out, "\r\n ");
		buf_printf(out, "=?UTF-8?B?%s?=", (const char *)b64);
		i += k;
	}
}

/* "Fri, 04 Dec 2026 03:41:00 +0000", without the locale's words. */
static void put_date(struct buf *out, time_t t)
{
	static const char days[][4] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
	static const char months[][4] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
	                                 "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
	struct tm tm;

	gmtime_r(&t, &tm);
	buf_printf(out, "%s, %02d %s %04d %02d:%02d:%02d +0000", days[tm.tm_wday], tm.tm_mday,
	           months[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

/* A UTF-8 part in base64, 76 characters a line. */
static void put_part(struct buf *out, const char *boundary, const char *type, const char *body)
{
	size_t n = strlen(body);

	buf_printf(out, "--%s\r\nContent-Type: %s; charset=UTF-8\r\n"
	                "Content-Transfer-Encoding: base64\r\n\r\n", boundary, type);
	for (size_t i = 0; i < n; i += 57) {
		unsigned char line[77];
		int k = (int)(n - i < 57 ? n - i : 57);

		EVP_EncodeBlock(line, (const unsigned char *)body + i, k);
		buf_puts(out, (const char *)line);
		buf_puts(out, "\r\n");
	}
}

void mail_compose(struct buf *out, const struct mail *m)
{
	struct buf b = {0};

	/* the boundary: from the Message-ID's characters that are safe in it */
	buf_puts(&b, "=_aftercare_");
	for (const char *p = m->message_id; *p && b.len < 60; p++)
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9'))
			buf_add(&b, p, 1);

	header(out, "From", m->from);
	header(out, "To", m->to);
	buf_puts(out, "Subject: ");
	mail_header_text(out, m->subject);
	buf_puts(out, "\r\nDate: ");
	put_date(out, m->date);
	buf_puts(out, "\r\nMessage-ID: <");
	put_clean(out, m->message_id, strlen(m->message_id));
	buf_puts(out, ">\r\nMIME-Version: 1.0\r\n");
	buf_printf(out, "Content-Type: multipart/alternative; boundary=\"%s\"\r\n\r\n", b.p);
	put_part(out, b.p, "text/plain", m->text);
	put_part(out, b.p, "text/html", m->html);
	buf_printf(out, "--%s--\r\n", b.p);
	buf_free(&b);
}

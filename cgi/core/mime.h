/*
 * mime.h — an e-mail as RFC 5322 and MIME want it: CRLF line ends, a
 * Subject in RFC 2047 encoded words when it is not plain ASCII, and a
 * multipart/alternative body of a text and an HTML part, both UTF-8 in
 * base64. No header value can end its line: CR, LF and other control
 * characters become spaces.
 */
#ifndef AFTERCARE_MIME_H
#define AFTERCARE_MIME_H

#include <time.h>

#include "util.h"

struct mail {
	const char *from, *to;   /* addresses */
	const char *subject;     /* UTF-8 */
	const char *message_id;  /* without the angle brackets: "key@host" */
	time_t date;
	const char *text, *html; /* the two parts, UTF-8 */
};

/* Appends the whole message to out. */
void mail_compose(struct buf *out, const struct mail *m);

/* Appends the value of an unstructured header (RFC 2047 "B" encoded words
 * of at most 39 bytes each, folded with CRLF SP, when s is not printable
 * ASCII). */
void mail_header_text(struct buf *out, const char *s);

#endif

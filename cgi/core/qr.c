/*
 * qr.c — see qr.h. libqrencode gives a width × width grid of bytes whose
 * lowest bit says "dark"; each dark run of a row becomes one "M x yh n v1h-n
 * z" rectangle, so a case number's code is a few hundred bytes of path.
 */
#include <errno.h>
#include <qrencode.h>
#include <string.h>

#include "qr.h"

#define QR_QUIET 4 /* modules of white around the code (ISO/IEC 18004) */

static void xml_escape(struct buf *b, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&': buf_puts(b, "&amp;"); break;
		case '<': buf_puts(b, "&lt;"); break;
		case '>': buf_puts(b, "&gt;"); break;
		case '"': buf_puts(b, "&quot;"); break;
		default: buf_add(b, s, 1);
		}
	}
}

char *qr_svg(struct arena *a, const char *text, const char *label)
{
	size_t n = text ? strlen(text) : 0;
	if (n == 0 || n > QR_TEXT_MAX)
		return NULL;
	QRcode *q = QRcode_encodeData((int)n, (const unsigned char *)text, 0, QR_ECLEVEL_M);
	if (!q)
		return NULL;
	int side = q->width + 2 * QR_QUIET;
	struct buf b = {0};
	buf_printf(&b, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" "
	               "class=\"qr\" shape-rendering=\"crispEdges\"", side, side);
	if (label) {
		buf_puts(&b, " role=\"img\" aria-label=\"");
		xml_escape(&b, label);
		buf_puts(&b, "\"><title>");
		xml_escape(&b, label);
		buf_puts(&b, "</title>");
	} else {
		buf_puts(&b, " aria-hidden=\"true\">");
	}
	buf_printf(&b, "<rect width=\"%d\" height=\"%d\" fill=\"#fff\"/><path fill=\"#000\" d=\"", side, side);
	for (int y = 0; y < q->width; y++) {
		const unsigned char *row = q->data + (size_t)y * (size_t)q->width;
		for (int x = 0; x < q->width;) {
			if (!(row[x] & 1)) {
				x++;
				continue;
			}
			int start = x;
			while (x < q->width && (row[x] & 1))
				x++;
			buf_printf(&b, "M%d %dh%dv1h-%dz", start + QR_QUIET, y + QR_QUIET,
			           x - start, x - start);
		}
	}
	buf_puts(&b, "\"/></svg>");
	QRcode_free(q);
	char *out = astrndup(a, b.p, b.len);
	buf_free(&b);
	return out;
}

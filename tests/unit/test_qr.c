/* test_qr.c — the QR drawing: every module libqrencode sets is drawn, no
 * other; the quiet zone; the label escaped; empty and over-long text
 * refused. (tests/http/slip.test.mjs decodes a served code with zbarimg.) */
#include <qrencode.h>
#include <stdbool.h>
#include <stdlib.h>

#include "qr.h"
#include "t.h"

void tests_qr(void);

/* Paints the path's "Mx yhNv1h-Nz" rectangles into a side × side grid. */
static bool paint(const char *svg, unsigned char *grid, int side)
{
	const char *d = strstr(svg, " d=\"");
	if (!d)
		return false;
	for (d += 4; *d == 'M';) {
		int x, y, w, w2, used = 0;
		if (sscanf(d, "M%d %dh%dv1h-%dz%n", &x, &y, &w, &w2, &used) != 4 || used == 0 ||
		    w != w2 || x < 0 || y < 0 || x + w > side || y >= side)
			return false;
		for (int i = 0; i < w; i++)
			grid[y * side + x + i]++;
		d += used;
	}
	return *d == '"';
}

void tests_qr(void)
{
	struct arena *a = arena_new();
	const char *text = "AS202611220001";
	char *svg = qr_svg(a, text, "退货单 <AS202611220001> & \"x\"");
	CHECK(svg && strncmp(svg, "<svg ", 5) == 0, "qr: an svg element");
	CHECK(svg && strstr(svg, "</svg>") && !strstr(svg, "style="), "qr: closed, no style attribute");
	CHECK(svg && strstr(svg, "aria-label=\"退货单 &lt;AS202611220001&gt; &amp; &quot;x&quot;\""),
	      "qr: label escaped");

	QRcode *q = QRcode_encodeData((int)strlen(text), (const unsigned char *)text, 0, QR_ECLEVEL_M);
	int side = q->width + 8;
	char vb[64];
	snprintf(vb, sizeof vb, "viewBox=\"0 0 %d %d\"", side, side);
	CHECK(svg && strstr(svg, vb), "qr: viewBox is the code plus a quiet zone of 4");
	unsigned char *grid = calloc((size_t)side * (size_t)side, 1);
	bool parsed = svg && paint(svg, grid, side);
	CHECK(parsed, "qr: the path is rectangles of one row each");
	int wrong = 0;
	for (int y = 0; y < side; y++)
		for (int x = 0; x < side; x++) {
			int mx = x - 4, my = y - 4;
			bool dark = mx >= 0 && my >= 0 && mx < q->width && my < q->width &&
			            (q->data[my * q->width + mx] & 1);
			wrong += grid[y * side + x] != (dark ? 1 : 0);
		}
	CHECK(parsed && wrong == 0, "qr: exactly libqrencode's dark modules, each once");
	free(grid);
	QRcode_free(q);

	CHECK(qr_svg(a, "", NULL) == NULL && qr_svg(a, NULL, NULL) == NULL, "qr: empty text refused");
	char *longtext = amalloc(a, QR_TEXT_MAX + 2);
	memset(longtext, 'A', QR_TEXT_MAX + 1);
	CHECK(qr_svg(a, longtext, NULL) == NULL, "qr: over-long text refused");
	longtext[QR_TEXT_MAX] = '\0';
	char *big = qr_svg(a, longtext, NULL);
	CHECK(big && strstr(big, "aria-hidden=\"true\""), "qr: the longest text drawn, hidden without label");
	arena_free(a);
}

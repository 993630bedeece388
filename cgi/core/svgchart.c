/*
 * svgchart.c — the trend chart. Layout in viewBox units: the title on top,
 * the legend under it, the y tick labels decide the left margin, the x
 * labels sit under the plot. Text widths are estimated (0.6 em a Latin
 * character, 1 em a Chinese one), which is enough to keep labels apart.
 */
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "svgchart.h"

#define FONT 11.0       /* tick and legend labels */
#define TITLE_FONT 14.0
#define PAD 8.0         /* plot inset so end points are not on the axis */

/* Okabe–Ito colours, told apart by colour-blind readers too; the dashes
 * tell the lines apart without colour. */
static const char *const colours[CHART_MAX_SERIES] = {"#0b6bcb", "#d55e00", "#009e73"};
static const char *const dashes[CHART_MAX_SERIES] = {"", " stroke-dasharray=\"6 3\"",
                                                     " stroke-dasharray=\"2 3\""};

static void put_escaped(struct buf *b, const char *s)
{
	size_t run = 0;

	for (; s[run] != '\0';) {
		const char *rep = NULL;

		switch (s[run]) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		default:
			/* XML 1.0 has no C0 controls: a space instead. */
			if ((unsigned char)s[run] < 0x20)
				rep = " ";
		}
		if (!rep) {
			run++;
			continue;
		}
		buf_add(b, s, run);
		buf_puts(b, rep);
		s += run + 1;
		run = 0;
	}
	buf_add(b, s, run);
}

static double text_width(const char *s, double font)
{
	double w = 0;

	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p < 0x80)
			w += 0.6 * font;
		else if (*p >= 0xc0)
			w += 1.0 * font; /* a lead byte: one wide character */
	}
	return w;
}

void chart_nice_scale(double min, double max, int max_ticks, struct chart_scale *s)
{
	static const double steps[] = {1, 2, 5, 10};
	double lo = min < 0 ? min : 0, hi = max > 0 ? max : 0, raw, mag;

	if (max_ticks < 1)
		max_ticks = 1;
	if (!isfinite(hi - lo)) {
		lo = 0;
		hi = 0; /* beyond any chart: a plain 0..1 rather than NaN */
	}
	if (hi - lo <= 0)
		hi = lo + 1;
	raw = (hi - lo) / max_ticks;
	mag = pow(10, floor(log10(raw)));
	s->step = 10 * mag;
	for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++) {
		if (steps[i] * mag >= raw * (1 - 1e-9)) {
			s->step = steps[i] * mag;
			break;
		}
	}
	/* The small slack keeps 0.3 / 0.1 from rounding up to a fourth step. */
	s->lo = floor(lo / s->step + 1e-9) * s->step;
	s->hi = ceil(hi / s->step - 1e-9) * s->step;
	s->ticks = (int)lround((s->hi - s->lo) / s->step);
	s->decimals = s->step >= 1 ? 0 : (int)ceil(-log10(s->step) - 1e-9);
}

static void tick_label(const struct chart_scale *s, int i, const char *unit, char out[48])
{
	double v = s->lo + i * s->step;

	if (fabs(v) < s->step * 1e-6)
		v = 0; /* no "-0" */
	snprintf(out, 48, "%.*f%s", s->decimals, v, unit ? unit : "");
}

static bool usable(const struct figure *f)
{
	return f->known && isfinite(f->value);
}

struct layout {
	double left, right, top, bottom;
	struct chart_scale scale;
};

static double x_at(const struct layout *l, size_t n, size_t i)
{
	if (n < 2)
		return (l->left + l->right) / 2;
	return l->left + PAD + (l->right - l->left - 2 * PAD) * (double)i / (double)(n - 1);
}

static double y_at(const struct layout *l, double v)
{
	const struct chart_scale *s = &l->scale;

	if (v < s->lo)
		v = s->lo; /* a fixed axis: drawn at its edge */
	if (v > s->hi)
		v = s->hi;
	return l->bottom - (v - s->lo) / (s->hi - s->lo) * (l->bottom - l->top);
}

/* The legend under the title, wrapped onto more rows when the names do not
 * fit the width; draws when b is not NULL. Returns the number of rows. */
static int legend(struct buf *b, const struct chart *c, double y)
{
	double x = 8;
	int rows = 1;

	for (size_t k = 0; k < c->nseries; k++) {
		const char *name = c->series[k].name ? c->series[k].name : "";
		double w = 22 + text_width(name, FONT);

		if (x > 8 && x + w > c->width - 8) {
			x = 8;
			y += 16;
			rows++;
		}
		if (b) {
			buf_printf(b,
			           "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
			           "stroke=\"%s\" stroke-width=\"2\"%s/>",
			           x, y - 4, x + 18, y - 4, colours[k], dashes[k]);
			buf_printf(b, "<text x=\"%.1f\" y=\"%.1f\">", x + 22, y);
			put_escaped(b, name);
			buf_puts(b, "</text>");
		}
		x += w + 14;
	}
	return rows;
}

static void draw_y_axis(struct buf *b, const struct layout *l, const char *unit)
{
	char label[48];

	for (int i = 0; i <= l->scale.ticks; i++) {
		double y = y_at(l, l->scale.lo + i * l->scale.step);

		tick_label(&l->scale, i, unit, label);
		buf_printf(b,
		           "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>"
		           "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">",
		           l->left, y, l->right, y, l->left - 4, y + 4);
		put_escaped(b, label);
		buf_puts(b, "</text>");
	}
}

/* Every stride-th label, the stride wide enough for the widest label. */
static void draw_x_labels(struct buf *b, const struct chart *c, const struct layout *l)
{
	double widest = 0, spacing;
	size_t stride = 1;

	for (size_t i = 0; i < c->npoints; i++) {
		double w = c->labels[i] ? text_width(c->labels[i], FONT) : 0;

		if (w > widest)
			widest = w;
	}
	if (c->npoints > 1) {
		spacing = x_at(l, c->npoints, 1) - x_at(l, c->npoints, 0);
		stride = (size_t)ceil((widest + 6) / spacing);
		if (stride < 1)
			stride = 1;
	}
	for (size_t i = 0; i < c->npoints; i += stride) {
		if (!c->labels[i])
			continue;
		buf_printf(b, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">",
		           x_at(l, c->npoints, i), l->bottom + 16);
		put_escaped(b, c->labels[i]);
		buf_puts(b, "</text>");
	}
}

/* A polyline for each run of two or more known points, a dot on each. */
static void draw_series(struct buf *b, const struct chart *c, const struct layout *l, size_t k)
{
	const struct figure *v = c->series[k].values;
	size_t i = 0;

	while (i < c->npoints) {
		size_t end = i;

		if (!usable(&v[i])) {
			i++;
			continue;
		}
		while (end < c->npoints && usable(&v[end]))
			end++;
		if (end - i >= 2) {
			buf_printf(b, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\"%s points=\"",
			           colours[k], dashes[k]);
			for (size_t j = i; j < end; j++)
				buf_printf(b, "%s%.1f,%.1f", j > i ? " " : "", x_at(l, c->npoints, j),
				           y_at(l, v[j].value));
			buf_puts(b, "\"/>");
		}
		for (size_t j = i; j < end; j++)
			buf_printf(b, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2.5\" fill=\"%s\"/>",
			           x_at(l, c->npoints, j), y_at(l, v[j].value), colours[k]);
		i = end;
	}
}

int chart_svg(struct buf *out, const struct chart *c)
{
	struct layout l;
	double min = 0, max = 0, widest = 0, last = 0;
	bool any = false;
	const char *title = c->title ? c->title : "";
	char label[48];

	if (c->nseries > CHART_MAX_SERIES || c->width < CHART_MIN_WIDTH ||
	    c->height < CHART_MIN_HEIGHT || (c->npoints > 0 && !c->labels))
		return -1;
	for (size_t k = 0; k < c->nseries; k++) {
		if (c->npoints > 0 && !c->series[k].values)
			return -1;
		for (size_t i = 0; i < c->npoints; i++) {
			const struct figure *f = &c->series[k].values[i];

			if (!usable(f))
				continue;
			if (!any || f->value < min)
				min = f->value;
			if (!any || f->value > max)
				max = f->value;
			any = true;
		}
	}

	l.top = c->nseries > 1 ? 36 + 16 * legend(NULL, c, 0) : 34;
	l.bottom = c->height - 24;
	if (c->y_max > c->y_min)
		chart_nice_scale(c->y_min, c->y_max, l.bottom - l.top >= 120 ? 5 : 3, &l.scale);
	else
		chart_nice_scale(min, max, l.bottom - l.top >= 120 ? 5 : 3, &l.scale);
	for (int i = 0; any && i <= l.scale.ticks; i++) {
		tick_label(&l.scale, i, c->unit, label);
		if (text_width(label, FONT) > widest)
			widest = text_width(label, FONT);
	}
	l.left = 8 + widest + 6;
	if (c->npoints > 0 && c->labels[c->npoints - 1])
		last = text_width(c->labels[c->npoints - 1], FONT) / 2 - PAD;
	l.right = c->width - (last > 12 ? last : 12);

	buf_printf(out,
	           "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" width=\"100%%\" "
	           "role=\"img\" aria-label=\"",
	           c->width, c->height);
	put_escaped(out, title);
	buf_printf(out, "\" font-family=\"sans-serif\" font-size=\"%.0f\" fill=\"#333\"><title>", FONT);
	put_escaped(out, title);
	buf_printf(out, "</title><text x=\"8\" y=\"18\" font-size=\"%.0f\" font-weight=\"bold\">",
	           TITLE_FONT);
	put_escaped(out, title);
	buf_puts(out, "</text>");
	if (c->nseries > 1)
		legend(out, c, 38);
	if (any)
		draw_y_axis(out, &l, c->unit);
	buf_printf(out,
	           "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#666\"/>"
	           "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#666\"/>",
	           l.left, l.top, l.left, l.bottom, l.left, l.bottom, l.right, l.bottom);
	draw_x_labels(out, c, &l);
	for (size_t k = 0; any && k < c->nseries; k++)
		draw_series(out, c, &l, k);
	if (!any) {
		buf_printf(out, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">",
		           (l.left + l.right) / 2, (l.top + l.bottom) / 2);
		put_escaped(out, c->empty_text ? c->empty_text : "\xe2\x80\x94");
		buf_puts(out, "</text>");
	}
	buf_puts(out, "</svg>");
	return 0;
}

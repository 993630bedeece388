/*
 * svgchart.h — the dashboard's weekly trend lines as one inline <svg>
 * element drawn on the server (DESIGN.md §3 "Metrics"): a title, y ticks at
 * round steps, x labels thinned when crowded, one line per series (1 to 3,
 * with a legend), gaps where a week has no data. Pure: text in, text out.
 *
 * The element has a viewBox and width 100 %, so it shrinks to a 360 px
 * phone; it uses presentation attributes only (no style attribute or
 * <style>, which the CSP default-src 'self' would block) and no script or
 * outside reference. Its <title> and aria-label carry the chart's title for
 * screen readers. All text is XML-escaped; it must be UTF-8.
 */
#ifndef AFTERCARE_SVGCHART_H
#define AFTERCARE_SVGCHART_H

#include <stddef.h>

#include "stats.h"
#include "util.h"

#define CHART_MAX_SERIES 3
#define CHART_MIN_WIDTH 160
#define CHART_MIN_HEIGHT 120

struct chart_series {
	const char *name;             /* legend text (shown with 2 or 3 series) */
	const struct figure *values;  /* npoints of them; !known is a gap */
};

struct chart {
	const char *title;
	const char *const *labels;    /* npoints x labels, e.g. "11-02" */
	size_t npoints;
	const struct chart_series *series;
	size_t nseries;               /* 0..CHART_MAX_SERIES */
	int width, height;            /* the viewBox, at least the minimums above */
	const char *unit;             /* after each y tick, e.g. "%"; NULL none */
	const char *empty_text;       /* shown when no value is known; NULL "—" */
	/* A fixed y axis (e.g. a percentage 0..100) when y_max > y_min: the
	 * ticks are those of that range whatever the values are; values
	 * outside it are drawn at its edge. Zero: from the values. */
	double y_min, y_max;
};

/* The y axis: from lo to hi in steps of step (1, 2 or 5 times a power of
 * ten), with ticks + 1 tick marks and `decimals` places in their labels.
 * The range always holds 0, min and max, and is never empty: all values
 * equal to 0 give 0..1. */
struct chart_scale {
	double lo, hi, step;
	int ticks;    /* intervals */
	int decimals;
};
void chart_nice_scale(double min, double max, int max_ticks, struct chart_scale *s);

/* Appends the <svg> element to out: 0, or -1 (out untouched) when nseries
 * is over the maximum, a series has no values array, or the size is too
 * small. */
int chart_svg(struct buf *out, const struct chart *c);

#endif

/*
 * colour.c — the accent colour's checks (colour.h).
 */
#include <math.h>
#include <string.h>

#include "colour.h"
#include "util.h"

/* sRGB channel (0..255) to linear light (WCAG 2 relative luminance). */
static double linear(int c)
{
	double v = c / 255.0;

	return v <= 0.04045 ? v / 12.92 : pow((v + 0.055) / 1.055, 2.4);
}

int accent_contrast_x100(const char *s)
{
	int rgb[3];
	double l;

	if (!s || strlen(s) != 7 || s[0] != '#')
		return -1;
	for (int i = 0; i < 3; i++) {
		int hi = hex_digit(s[1 + 2 * i]), lo = hex_digit(s[2 + 2 * i]);

		if (hi < 0 || lo < 0)
			return -1;
		rgb[i] = hi * 16 + lo;
	}
	l = 0.2126 * linear(rgb[0]) + 0.7152 * linear(rgb[1]) + 0.0722 * linear(rgb[2]);
	return (int)floor(1.05 / (l + 0.05) * 100.0);
}

const char *accent_problem(const char *s)
{
	int c;

	if (!s || !*s)
		return NULL;
	if ((c = accent_contrast_x100(s)) < 0)
		return "err_accent_form";
	return c < 450 ? "err_accent_contrast" : NULL;
}

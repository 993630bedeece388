/*
 * colour.h — the shop's accent colour (policies page, issue 13): exactly
 * "#rrggbb", and dark enough that white text on it and it as text on white
 * stay readable (WCAG AA, 4.5:1), since links and primary buttons use it.
 */
#ifndef AFTERCARE_COLOUR_H
#define AFTERCARE_COLOUR_H

/* NULL when s may be the accent ("" too: the neutral default), else a
 * language key: err_accent_form (not #rrggbb: "red", "red;}", "#fff",
 * "#12345g") or err_accent_contrast (too light). */
const char *accent_problem(const char *s);

/* Contrast ratio of #rrggbb against white, times 100 (white: 100,
 * black: 2100); -1 when s is not #rrggbb. */
int accent_contrast_x100(const char *s);

#endif

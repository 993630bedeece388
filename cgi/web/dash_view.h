/*
 * dash_view.h — what the dashboard (page_dashboard.c) and the monthly
 * report (page_monthly.c) share to show a figure: its text and raw value,
 * the previous period beside it (arrow and difference) and its target
 * (settings target_*) with met / not met. The tile markup is the one
 * macro dash_tile of templates/dash_macros.cs.
 */
#ifndef AFTERCARE_DASH_VIEW_H
#define AFTERCARE_DASH_VIEW_H

#include <stddef.h>

#include "dashboard.h"
#include "pages.h"
#include "settings.h"

enum unit { U_COUNT, U_MINUTES, U_HOURS, U_PERCENT, U_SCORE, U_YUAN, U_MEAN };

/* A figure of struct dash_figures: where it is, what it is called. */
struct fig_def {
	const char *key;   /* id on the page: f-<key>; label L.dash_<key> */
	size_t offset;
	enum unit unit;
};
#define F(field) offsetof(struct dash_figures, field)

void format_fig(struct figure f, enum unit u, char text[32], char value[32]);
/* <prefix>.text, .value, .id = key */
void set_fig(struct req *r, const char *prefix, const char *id, struct figure f, enum unit u);
struct figure fig_at(const struct dash_figures *f, const struct fig_def *def);
const char *unit_label(struct req *r, enum unit u);
/* <prefix>.prev.text/.value, .delta.text/.value/.unit (percentage points
 * for rates), .dir "up" / "down" / "same" ("" when either is unknown). */
void set_cmp(struct req *r, const char *prefix, struct figure now, struct figure before,
             enum unit u);
/* The target of a figure key (enum target), or -1. */
int fig_target_of(const char *key);
/* 1 met, 0 not met, -1 no target or no data; *target the target as a %. */
int target_met(struct figure f, const int targets[TG__MAX], int t, struct figure *target);
/* set_fig + .label + .unit + set_cmp + .target.text/.value/.at_most and .met. */
void set_tile(struct req *r, const char *prefix, const char *id, const char *label_text,
              struct figure now, struct figure before, enum unit u, const int targets[TG__MAX]);

#endif

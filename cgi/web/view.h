/*
 * view.h — the only door to ClearSilver. Pages put values into a tree
 * (names are built by code, never from user data) and render a template
 * with html escaping on. Language strings live under "L." from
 * templates/lang/<lang>.hdf, loaded once at start and shared read-only.
 */
#ifndef AFTERCARE_VIEW_H
#define AFTERCARE_VIEW_H

#include <time.h>

#include "util.h"

struct view;

/* Once in main, before threads: loads every language file. 0 ok. */
int view_init(const char *templates_dir);
void view_shutdown(void);

/* One per thread, like its database connection: the thread's parsed
 * templates, reused by every render of that thread. */
struct view_cache;
struct view_cache *view_cache_new(void);
void view_cache_free(struct view_cache *c);

/* "zh-CN" or "en"; anything else is zh-CN. cache: the calling thread's
 * (NULL: parse on every render). */
struct view *view_new(struct view_cache *cache, const char *lang);
void view_free(struct view *v);

/* Set name to value (value NULL: nothing set). */
void view_set(struct view *v, const char *name, const char *value);
void view_set_int(struct view *v, const char *name, long long value);
/* A UTC time shown as local "YYYY-MM-DD HH:MM"; 0: nothing set. */
void view_set_time(struct view *v, const char *name, time_t t);
/* Name from a format of code-made parts (indexes, fixed words):
 * view_setf(v, value, "Page.items.%d.name", i). */
void view_setf(struct view *v, const char *value, const char *name_fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Markup made by our own code (an SVG chart from svgchart.c), never user
 * data: the template shows it with var:name like any value, and it reaches
 * the page unescaped. The node holds a placeholder with a per-view random
 * nonce that view_render replaces, so no user text can stand for it. */
void view_set_markup(struct view *v, const char *name, const char *markup);
/* The value at name, or def. */
const char *view_get(struct view *v, const char *name, const char *def);
/* A language string ("L.<key>"), or the key itself when missing. */
const char *view_lang(struct view *v, const char *key);

/* Renders templates/<tmpl>; appends to out. 0 ok, -1 error (logged). */
int view_render(struct view *v, const char *tmpl, struct buf *out);

#endif

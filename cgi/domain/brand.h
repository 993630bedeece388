/*
 * brand.h — the shop's own look (schema/036): its name, logo and accent
 * colour, set on the policies page. Every page shows them, so a
 * connection keeps them while data_versions' 'brand' generation stays the
 * same: one point lookup per page, the row itself only after a change.
 */
#ifndef AFTERCARE_BRAND_H
#define AFTERCARE_BRAND_H

#include <stdbool.h>

#include "db.h"

#define BRAND_NAME_MAX 60          /* characters */
#define BRAND_LOGO_MAX (256 * 1024) /* bytes */

struct brand {
	long long gen;       /* the generation it was read at */
	const char *name;    /* "": the site's own name */
	const char *accent;  /* "#rrggbb" or "": the neutral default */
	bool logo;           /* a logo was uploaded */
};

/* The brand as this connection keeps it, checked against the current
 * generation (one statement). *b lives until the next call on this
 * connection; on an error it is NULL. */
enum db_err brand_current(struct db *db, const struct brand **b);

/* Name and accent (checked by the caller: colour.h, length). */
enum db_err brand_save(struct db *db, struct arena *a, const char *name, const char *accent);
/* A new logo (bytes already sniffed as an image, type its MIME type), or
 * none (data NULL). */
enum db_err brand_set_logo(struct db *db, struct arena *a, const unsigned char *data,
                           size_t len, const char *type);
/* The logo's bytes and type; *len 0 when there is none. */
enum db_err brand_logo(struct db *db, struct arena *a, const char **data, size_t *len,
                       const char **type);

#endif

/*
 * request.h — bounded parsing of what a client sends: query strings,
 * application/x-www-form-urlencoded and multipart/form-data bodies, and the
 * Cookie header. Pure functions over bytes; everything lands in the arena.
 * Every value is validated as UTF-8 (file contents excepted).
 * One header for request.c (the arrays), urlencoded.c, multipart.c,
 * cookies.c and sniff.c.
 */
#ifndef AFTERCARE_REQUEST_H
#define AFTERCARE_REQUEST_H

#include <stdbool.h>
#include <stddef.h>

#include "util.h"

struct param {
	const char *name;  /* NUL-terminated, valid UTF-8 */
	const char *value; /* NUL-terminated, valid UTF-8, no embedded NUL */
	size_t len;        /* strlen(value) */
};

struct params {
	struct param *v;
	size_t n;
};

struct upload {
	const char *field;    /* form field name */
	const char *filename; /* base name only: path separators and control
	                         characters removed; never empty ("upload") */
	const char *ctype;    /* as sent by the client; never trusted */
	const unsigned char *data;
	size_t len;
	bool too_large;       /* over max_file with keep_oversize: data NULL,
	                         len is its size */
};

struct uploads {
	struct upload *v;
	size_t n;
};

struct limits {
	size_t max_body;      /* whole body; checked by the caller before reading */
	size_t max_fields;    /* non-file fields */
	size_t max_field_len; /* bytes of one non-file value */
	size_t max_file;      /* bytes of one file */
	size_t max_files;     /* file parts (empty file parts are not counted) */
	bool keep_oversize;   /* a file over max_file is kept as too_large (no
	                         data) instead of failing with REQ_TOO_LARGE */
};

enum req_err {
	REQ_OK = 0,
	REQ_BAD,      /* malformed: 400 */
	REQ_BAD_UTF8, /* a name or value is not valid UTF-8: 400 */
	REQ_TOO_MANY, /* too many fields or files: 400 */
	REQ_TOO_LONG, /* a field over max_field_len: 400 */
	REQ_TOO_LARGE /* a file over max_file: 413 */
};

/* "a=1&b=%E4%B8%AD+x": '+' is a space, %XX decoded (bad escapes are
 * REQ_BAD). Empty pairs ("a=1&&b=2") are skipped; a name without '=' has
 * the empty value. Appends to *out. */
enum req_err parse_urlencoded(struct arena *a, const char *s, size_t n,
                              const struct limits *lim, struct params *out);

/* content_type is the full header, e.g.
 * "multipart/form-data; boundary=----x" (quoted boundary allowed).
 * Parts with a filename= go to *files (a part with filename="" and no
 * data is ignored), others to *fields. */
enum req_err parse_multipart(struct arena *a, const char *content_type,
                             const char *body, size_t n,
                             const struct limits *lim, struct params *fields,
                             struct uploads *files);

/* "sid=abc; lang=en". Malformed pairs are skipped, never an error; at most
 * 32 cookies are kept. Values are not URL-decoded. */
void parse_cookies(struct arena *a, const char *header, struct params *out);

/* First value of name, or NULL. */
const char *params_get(const struct params *p, const char *name);

/* Human text for an error (English, for logs). */
const char *req_err_str(enum req_err e);

/* What an upload really is, from its first bytes: "image/jpeg",
 * "image/png", "image/webp", or NULL for anything else. */
const char *image_sniff(const unsigned char *data, size_t len);

#endif

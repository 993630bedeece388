/*
 * fuzz_multipart.c — parse_multipart. Input: the Content-Type header, a
 * newline, then the body. Properties: an error leaves fields and files as
 * they were; on success every limit holds, fields are valid UTF-8 with
 * len == strlen(value), uploads point inside the body, and file names are
 * non-empty base names without separators or control characters; and
 * what was parsed, written out again as a body of our own, parses to the
 * same fields and files.
 */
#include <stdbool.h>

#include "fuzz.h"
#include "request.h"

static void check_filename(const char *f)
{
	PROPERTY(*f != '\0' && strcmp(f, ".") != 0 && strcmp(f, "..") != 0);
	PROPERTY(utf8_valid(f, strlen(f)));
	for (; *f; f++) {
		PROPERTY(*f != '/' && *f != '\\' && (unsigned char)*f >= 0x20 && *f != 0x7f);
		/* nor the C1 controls U+0080..U+009F (C2 80..C2 9F) */
		PROPERTY(!((unsigned char)f[0] == 0xC2 && (unsigned char)f[1] >= 0x80 &&
		           (unsigned char)f[1] <= 0x9F));
	}
}

#define RT_BOUNDARY "fuzz-RT.boundary"

/* A quoted-string the parser reads back as s; false if s cannot be one
 * (a line break would end the header line). */
static bool put_quoted(struct buf *b, const char *s)
{
	if (strpbrk(s, "\r\n"))
		return false;
	buf_add(b, "\"", 1);
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			buf_add(b, "\\", 1);
		buf_add(b, s, 1);
	}
	buf_add(b, "\"", 1);
	return true;
}

static bool holds_delimiter(const void *p, size_t n)
{
	return memmem(p, n, "--" RT_BOUNDARY, sizeof RT_BOUNDARY + 1) != NULL;
}

/* Writes fields [1, n) and the files as one body, parses it, compares. */
static void round_trip(struct arena *a, const struct params *fields,
                       const struct uploads *files)
{
	struct params f2 = {0};
	struct uploads u2 = {0};
	struct buf b = {0};
	bool ok = true;

	for (size_t i = 1; ok && i < fields->n; i++) {
		buf_puts(&b, "--" RT_BOUNDARY "\r\nContent-Disposition: form-data; name=");
		ok = put_quoted(&b, fields->v[i].name) &&
		     !holds_delimiter(fields->v[i].value, fields->v[i].len);
		buf_puts(&b, "\r\n\r\n");
		buf_add(&b, fields->v[i].value, fields->v[i].len);
		buf_puts(&b, "\r\n");
	}
	for (size_t i = 0; ok && i < files->n; i++) {
		const struct upload *u = &files->v[i];

		buf_puts(&b, "--" RT_BOUNDARY "\r\nContent-Disposition: form-data; name=");
		ok = put_quoted(&b, u->field);
		buf_puts(&b, "; filename=");
		ok = ok && put_quoted(&b, u->filename) && !holds_delimiter(u->data, u->len);
		buf_printf(&b, "\r\nContent-Type: %s\r\n\r\n", u->ctype);
		buf_add(&b, u->data, u->len);
		buf_puts(&b, "\r\n");
	}
	buf_puts(&b, "--" RT_BOUNDARY "--\r\n");
	if (ok) {
		PROPERTY(parse_multipart(a, "multipart/form-data; boundary=" RT_BOUNDARY,
		                         b.p, b.len, NULL, &f2, &u2) == REQ_OK);
		PROPERTY(f2.n == fields->n - 1 && u2.n == files->n);
		for (size_t i = 0; i < f2.n; i++) {
			PROPERTY(strcmp(f2.v[i].name, fields->v[i + 1].name) == 0);
			PROPERTY(f2.v[i].len == fields->v[i + 1].len);
			PROPERTY(strcmp(f2.v[i].value, fields->v[i + 1].value) == 0);
		}
		for (size_t i = 0; i < u2.n; i++) {
			const struct upload *x = &u2.v[i], *y = &files->v[i];

			PROPERTY(strcmp(x->field, y->field) == 0);
			PROPERTY(strcmp(x->filename, y->filename) == 0);
			PROPERTY(strcmp(x->ctype, y->ctype) == 0);
			PROPERTY(x->len == y->len && memcmp(x->data, y->data, x->len) == 0);
		}
	}
	buf_free(&b);
}

static void parse(struct arena *a, const char *ctype, const char *body,
                  size_t n, const struct limits *lim)
{
	struct limits none = {SIZE_MAX, SIZE_MAX, SIZE_MAX, SIZE_MAX, SIZE_MAX, false};
	const struct limits *l = lim ? lim : &none;
	struct params fields = {0};
	struct uploads files = {0};
	enum req_err e;

	/* Something parsed before (the query string) must survive. */
	PROPERTY(parse_urlencoded(a, "q=1", 3, NULL, &fields) == REQ_OK);
	e = parse_multipart(a, ctype, body, n, lim, &fields, &files);
	PROPERTY(strcmp(fields.v[0].name, "q") == 0);
	if (e != REQ_OK) {
		PROPERTY(fields.n == 1 && files.n == 0);
		return;
	}
	PROPERTY(fields.n - 1 <= l->max_fields && files.n <= l->max_files);
	for (size_t i = 1; i < fields.n; i++) {
		const struct param *f = &fields.v[i];

		PROPERTY(strlen(f->value) == f->len && f->len <= l->max_field_len);
		PROPERTY(utf8_valid(f->name, strlen(f->name)));
		PROPERTY(utf8_valid(f->value, f->len));
	}
	for (size_t i = 0; i < files.n; i++) {
		const struct upload *u = &files.v[i];

		PROPERTY(u->field && u->ctype && u->filename);
		PROPERTY(u->len <= l->max_file);
		PROPERTY((const char *)u->data >= body &&
		         (const char *)u->data + u->len <= body + n);
		PROPERTY(utf8_valid(u->field, strlen(u->field)));
		check_filename(u->filename);
	}
	if (!lim)
		round_trip(a, &fields, &files);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena *a = arena_new();
	struct limits lim = {.max_body = 4096, .max_fields = 3, .max_field_len = 32,
	                     .max_file = 64, .max_files = 2};
	char *ctype = fuzz_take(&data, &size, '\n');
	char *body = fuzz_copy(data, size, 0); /* exact size: ASan sees overreads */

	parse(a, ctype, body, size, NULL);
	parse(a, ctype, body, size, &lim);
	free(body);
	free(ctype);
	arena_free(a);
	return 0;
}

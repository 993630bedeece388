/*
 * fuzz_multipart.c — parse_multipart. Input: the Content-Type header, a
 * newline, then the body. Properties: an error leaves fields and files as
 * they were; on success every limit holds, fields are valid UTF-8 with
 * len == strlen(value), uploads point inside the body, and file names are
 * non-empty base names without separators or control characters.
 */
#include "fuzz.h"
#include "request.h"

static void check_filename(const char *f)
{
	PROPERTY(*f != '\0' && strcmp(f, ".") != 0 && strcmp(f, "..") != 0);
	PROPERTY(utf8_valid(f, strlen(f)));
	for (; *f; f++)
		PROPERTY(*f != '/' && *f != '\\' && (unsigned char)*f >= 0x20 && *f != 0x7f);
}

static void parse(struct arena *a, const char *ctype, const char *body,
                  size_t n, const struct limits *lim)
{
	struct limits none = {SIZE_MAX, SIZE_MAX, SIZE_MAX, SIZE_MAX, SIZE_MAX};
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

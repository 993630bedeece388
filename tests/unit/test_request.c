/*
 * test_request.c — urlencoded, multipart and cookie parsing under their
 * limits, and image sniffing. Multipart bodies are built byte by byte here,
 * CRLFs and all, so each test shows exactly what the client sent.
 */
#include <stdio.h>
#include <stdlib.h>

#include "request.h"
#include "t.h"

void tests_request(void);

#define LIT(s) (s), (sizeof(s) - 1)

static const struct limits lim_test = {
	.max_body = 1u << 20,
	.max_fields = 20,
	.max_field_len = 100,
	.max_file = 10000,
	.max_files = 3,
};

/* ----------------------------------------------------------- urlencoded */

/* Parses an exact-size heap copy of s, so a read past n is caught. */
static enum req_err ue(struct arena *a, const char *s, size_t n,
                       const struct limits *lim, struct params *out)
{
	char *copy = NULL;
	enum req_err e;

	if (s) {
		copy = malloc(n ? n : 1);
		if (!copy)
			abort();
		memcpy(copy, s, n);
	}
	*out = (struct params){0};
	e = parse_urlencoded(a, copy, n, lim, out);
	free(copy);
	return e;
}

static void test_urlencoded(void)
{
	struct arena *a = arena_new();
	struct params p;
	struct limits lim = lim_test;
	struct buf b = {0};
	bool ok;

	CHECK(ue(a, LIT("a=1&b=%E4%B8%AD+x"), &lim_test, &p) == REQ_OK && p.n == 2,
	      "urlencoded: two pairs");
	CHECK_STR(p.v[0].name, "a", "urlencoded: first name");
	CHECK_STR(p.v[0].value, "1", "urlencoded: first value");
	CHECK_STR(p.v[1].value, "\xE4\xB8\xAD x", "urlencoded: %XX decoded and + is a space");
	CHECK(p.v[1].len == 5, "urlencoded: len is the decoded byte count");
	CHECK_STR(params_get(&p, "b"), "\xE4\xB8\xAD x", "params_get finds a value by name");
	CHECK(params_get(&p, "c") == NULL, "params_get of a missing name is NULL");

	CHECK(ue(a, LIT("a=1&&b=2"), &lim_test, &p) == REQ_OK && p.n == 2,
	      "urlencoded: empty pair skipped");
	CHECK(ue(a, LIT("&a=1&"), &lim_test, &p) == REQ_OK && p.n == 1,
	      "urlencoded: leading and trailing & skipped");
	CHECK(ue(a, LIT("flag&x=1"), &lim_test, &p) == REQ_OK && p.n == 2 &&
	          strcmp(p.v[0].name, "flag") == 0 && strcmp(p.v[0].value, "") == 0 &&
	          p.v[0].len == 0,
	      "urlencoded: a name without '=' has the empty value");
	CHECK(ue(a, LIT("a="), &lim_test, &p) == REQ_OK && p.n == 1 &&
	          strcmp(p.v[0].value, "") == 0,
	      "urlencoded: \"a=\" has the empty value");
	CHECK(ue(a, LIT("a=1=2"), &lim_test, &p) == REQ_OK && strcmp(p.v[0].value, "1=2") == 0,
	      "urlencoded: only the first '=' splits");
	CHECK(ue(a, LIT("%41%62=%7e%7E"), &lim_test, &p) == REQ_OK &&
	          strcmp(p.v[0].name, "Ab") == 0 && strcmp(p.v[0].value, "~~") == 0,
	      "urlencoded: names decoded too, hex in either case");
	CHECK(ue(a, LIT("a=%2B+%26"), &lim_test, &p) == REQ_OK &&
	          strcmp(p.v[0].value, "+ &") == 0,
	      "urlencoded: %2B is '+', + is ' ', %26 is '&'");
	CHECK(ue(a, LIT("x=1&x=2"), &lim_test, &p) == REQ_OK && p.n == 2 &&
	          strcmp(params_get(&p, "x"), "1") == 0,
	      "urlencoded: repeated name kept twice, params_get gives the first");
	CHECK(ue(a, NULL, 0, &lim_test, &p) == REQ_OK && p.n == 0, "urlencoded: NULL input");
	CHECK(ue(a, LIT(""), &lim_test, &p) == REQ_OK && p.n == 0, "urlencoded: empty input");
	CHECK(ue(a, "a=1&b=2", 3, &lim_test, &p) == REQ_OK && p.n == 1 &&
	          strcmp(p.v[0].value, "1") == 0,
	      "urlencoded: reads only n bytes");

	p = (struct params){0};
	CHECK(parse_urlencoded(a, LIT("a=1"), &lim_test, &p) == REQ_OK &&
	          parse_urlencoded(a, LIT("b=2"), &lim_test, &p) == REQ_OK && p.n == 2 &&
	          strcmp(params_get(&p, "a"), "1") == 0 &&
	          strcmp(params_get(&p, "b"), "2") == 0,
	      "urlencoded appends to what is already there");

	CHECK(ue(a, LIT("a=%"), &lim_test, &p) == REQ_BAD, "urlencoded rejects a lone %");
	CHECK(ue(a, LIT("a=%4"), &lim_test, &p) == REQ_BAD, "urlencoded rejects a truncated %4");
	CHECK(ue(a, LIT("a=%4&b=1"), &lim_test, &p) == REQ_BAD,
	      "urlencoded rejects %4 cut by '&'");
	CHECK(ue(a, LIT("a=%G1"), &lim_test, &p) == REQ_BAD, "urlencoded rejects %G1");
	CHECK(ue(a, LIT("a=%4G"), &lim_test, &p) == REQ_BAD, "urlencoded rejects %4G");
	CHECK(ue(a, LIT("%zz=1"), &lim_test, &p) == REQ_BAD, "urlencoded rejects a bad % in a name");
	CHECK(ue(a, LIT("a=%%41"), &lim_test, &p) == REQ_BAD, "urlencoded rejects %%");
	CHECK(ue(a, LIT("a=%00"), &lim_test, &p) == REQ_BAD_UTF8, "urlencoded rejects %00");
	CHECK(ue(a, LIT("a%00=1"), &lim_test, &p) == REQ_BAD_UTF8,
	      "urlencoded rejects %00 in a name");
	CHECK(ue(a, LIT("a=x\0y"), &lim_test, &p) == REQ_BAD_UTF8,
	      "urlencoded rejects a raw NUL byte");
	CHECK(ue(a, LIT("a=%C0%AF"), &lim_test, &p) == REQ_BAD_UTF8,
	      "urlencoded rejects overlong %C0%AF");
	CHECK(ue(a, LIT("a=%ED%A0%80"), &lim_test, &p) == REQ_BAD_UTF8,
	      "urlencoded rejects surrogate %ED%A0%80");
	CHECK(ue(a, LIT("a=%E4%B8"), &lim_test, &p) == REQ_BAD_UTF8,
	      "urlencoded rejects a truncated sequence");
	CHECK(ue(a, LIT("a=\xC0\xAF"), &lim_test, &p) == REQ_BAD_UTF8,
	      "urlencoded rejects raw invalid UTF-8");
	CHECK(ue(a, LIT("%FF=1"), &lim_test, &p) == REQ_BAD_UTF8,
	      "urlencoded rejects invalid UTF-8 in a name");

	lim.max_fields = 3;
	CHECK(ue(a, LIT("a=1&b=2&c=3"), &lim, &p) == REQ_OK && p.n == 3,
	      "urlencoded: exactly max_fields pairs pass");
	CHECK(ue(a, LIT("a=1&b=2&c=3&d=4"), &lim, &p) == REQ_TOO_MANY,
	      "urlencoded: max_fields + 1 pairs is REQ_TOO_MANY");
	CHECK(ue(a, LIT("a=1&&&b=2&&c=3&"), &lim, &p) == REQ_OK && p.n == 3,
	      "urlencoded: empty pairs do not count against max_fields");
	p = (struct params){0};
	parse_urlencoded(a, LIT("q=1&r=2"), &lim, &p);
	CHECK(parse_urlencoded(a, LIT("s=1&t=2"), &lim, &p) == REQ_TOO_MANY,
	      "urlencoded: max_fields counts what *out already holds");
	CHECK(p.n == 2 && params_get(&p, "s") == NULL,
	      "urlencoded: a failed parse adds nothing to *out");

	lim = lim_test;
	lim.max_field_len = 5;
	CHECK(ue(a, LIT("a=12345"), &lim, &p) == REQ_OK && p.v[0].len == 5,
	      "urlencoded: a value of exactly max_field_len passes");
	CHECK(ue(a, LIT("a=123456"), &lim, &p) == REQ_TOO_LONG,
	      "urlencoded: max_field_len + 1 is REQ_TOO_LONG");
	CHECK(ue(a, LIT("a=%41%41%41%41%41"), &lim, &p) == REQ_OK && strcmp(p.v[0].value, "AAAAA") == 0,
	      "urlencoded: the limit is on decoded bytes");
	CHECK(ue(a, LIT("abcdef=1"), &lim, &p) == REQ_TOO_LONG,
	      "urlencoded: a name over max_field_len is REQ_TOO_LONG");

	/* Growth in the arena: 1000 pairs, every one still in place. */
	lim = lim_test;
	lim.max_fields = 1000;
	for (int i = 0; i < 1000; i++)
		buf_printf(&b, "%sf%d=%d", i ? "&" : "", i, i * 7);
	CHECK(ue(a, b.p, b.len, &lim, &p) == REQ_OK && p.n == 1000, "urlencoded: 1000 pairs");
	ok = true;
	for (int i = 0; i < 1000 && ok; i++) {
		char name[16], value[16];

		snprintf(name, sizeof name, "f%d", i);
		snprintf(value, sizeof value, "%d", i * 7);
		ok = strcmp(p.v[i].name, name) == 0 && strcmp(p.v[i].value, value) == 0;
	}
	CHECK(ok, "urlencoded: all 1000 pairs kept in order as the array grows");
	buf_puts(&b, "&one=more");
	CHECK(ue(a, b.p, b.len, &lim, &p) == REQ_TOO_MANY, "urlencoded: pair 1001 is too many");
	buf_free(&b);
	arena_free(a);
}

/* -------------------------------------------------------------- cookies */

static void test_cookies(void)
{
	struct arena *a = arena_new();
	struct params p = {0};
	struct buf b = {0};

	parse_cookies(a, "sid=abc; lang=en", &p);
	CHECK(p.n == 2, "cookies: two cookies");
	CHECK_STR(params_get(&p, "sid"), "abc", "cookies: sid");
	CHECK_STR(params_get(&p, "lang"), "en", "cookies: lang");
	CHECK(p.v[0].len == 3, "cookies: len of the value");

	p = (struct params){0};
	parse_cookies(a, "  sid = abc ;lang=en  ", &p);
	CHECK(p.n == 2 && strcmp(params_get(&p, "sid"), "abc") == 0 &&
	          strcmp(params_get(&p, "lang"), "en") == 0,
	      "cookies: spaces around names and values are ignored");

	p = (struct params){0};
	parse_cookies(a, "v=a%20b+c; t=v1.x_y-z.Q=", &p);
	CHECK_STR(params_get(&p, "v"), "a%20b+c", "cookies: values are not URL-decoded");
	CHECK_STR(params_get(&p, "t"), "v1.x_y-z.Q=", "cookies: '=' inside a value is kept");

	p = (struct params){0};
	parse_cookies(a, "q=\"hello\"; e=", &p);
	CHECK_STR(params_get(&p, "q"), "hello", "cookies: a quoted value loses its quotes");
	CHECK(params_get(&p, "e") && strcmp(params_get(&p, "e"), "") == 0,
	      "cookies: an empty value is kept");

	p = (struct params){0};
	parse_cookies(a, "novalue; =x; a b=1; ok=1; bad\x01=2; c=\x01; d=\xC0\xAF; ;", &p);
	CHECK(p.n == 1 && strcmp(p.v[0].name, "ok") == 0,
	      "cookies: malformed pairs skipped (no '=', empty name, space or control "
	      "in the name, control or bad UTF-8 in the value)");

	p = (struct params){0};
	parse_cookies(a, "a=1; a=2", &p);
	CHECK(p.n == 2 && strcmp(params_get(&p, "a"), "1") == 0,
	      "cookies: a repeated name gives the first");

	p = (struct params){0};
	parse_cookies(a, NULL, &p);
	CHECK(p.n == 0, "cookies: NULL header");
	parse_cookies(a, "", &p);
	CHECK(p.n == 0, "cookies: empty header");

	for (int i = 0; i < 40; i++)
		buf_printf(&b, "c%d=%d; ", i, i);
	p = (struct params){0};
	parse_cookies(a, b.p, &p);
	CHECK(p.n == 32, "cookies: at most 32 kept");
	CHECK(params_get(&p, "c31") && strcmp(params_get(&p, "c31"), "31") == 0 &&
	          params_get(&p, "c32") == NULL,
	      "cookies: the first 32 are the ones kept");
	buf_free(&b);
	arena_free(a);
}

/* ------------------------------------------------------------ multipart */

#define CT "multipart/form-data; boundary=XyZ123"
#define BND "XyZ123"

/* One part: delimiter line, header lines, blank line, data, CRLF. */
static void part(struct buf *b, const char *bnd, const char *headers,
                 const void *data, size_t n)
{
	buf_printf(b, "--%s\r\n%s\r\n", bnd, headers);
	buf_add(b, data, n);
	buf_puts(b, "\r\n");
}

static void close_body(struct buf *b, const char *bnd)
{
	buf_printf(b, "--%s--\r\n", bnd);
}

/* Parses b. The body is an exact-size heap copy so ASan and valgrind see
 * any read past its end; file data is moved to the arena afterwards. */
static enum req_err mp(struct arena *a, const char *ct, const struct buf *b,
                       const struct limits *lim, struct params *f, struct uploads *u)
{
	char *body = malloc(b->len ? b->len : 1);
	enum req_err e;

	if (!body)
		abort();
	if (b->len)
		memcpy(body, b->p, b->len);
	*f = (struct params){0};
	*u = (struct uploads){0};
	e = parse_multipart(a, ct, body, b->len, lim, f, u);
	for (size_t i = 0; i < u->n; i++) {
		unsigned char *copy;

		if (u->v[i].too_large)
			continue;
		copy = amalloc(a, u->v[i].len);

		if (u->v[i].len)
			memcpy(copy, u->v[i].data, u->v[i].len);
		u->v[i].data = copy;
	}
	free(body);
	return e;
}

/* Binary data that looks like framing but is not: CRLF--, CRLF--boundary
 * prefixes, the boundary followed by other bytes, NULs and lone CR/LF. */
static const char tricky[] =
	"\xFF\xD8\xFF\xE0\0\r\n--\r\n--XyZ12\r\n--XyZ1234x\r\n--XyZ123x\0"
	"\r\n--XyZ123 x\r\na--XyZ123--\r\r\n\n--\r\n\r\n\0\xFF\r\n";

static void test_multipart_basic(void)
{
	struct arena *a = arena_new();
	struct buf b = {0};
	struct params f;
	struct uploads u;

	part(&b, BND, "Content-Disposition: form-data; name=\"title\"\r\n",
	     LIT("Hello \xE4\xB8\x96\xE7\x95\x8C"));
	part(&b, BND,
	     "Content-Disposition: form-data; name=\"photo\"; filename=\"a.jpg\"\r\n"
	     "Content-Type: image/jpeg\r\n",
	     tricky, sizeof tricky - 1);
	part(&b, BND, "Content-Disposition: form-data; name=\"note\"\r\n",
	     LIT("line1\r\nline2\r\n"));
	close_body(&b, BND);

	CHECK(mp(a, CT, &b, &lim_test, &f, &u) == REQ_OK, "multipart: a form with a file parses");
	CHECK(f.n == 2 && u.n == 1, "multipart: two fields and one file");
	CHECK_STR(params_get(&f, "title"), "Hello \xE4\xB8\x96\xE7\x95\x8C",
	          "multipart: UTF-8 field value");
	CHECK(f.v[0].len == 12, "multipart: field len in bytes");
	CHECK_STR(params_get(&f, "note"), "line1\r\nline2\r\n",
	          "multipart: CRLFs inside a value are data, only the last one is framing");
	CHECK_STR(u.v[0].field, "photo", "multipart: file field name");
	CHECK_STR(u.v[0].filename, "a.jpg", "multipart: file name");
	CHECK_STR(u.v[0].ctype, "image/jpeg", "multipart: file content type as sent");
	CHECK(u.v[0].len == sizeof tricky - 1 &&
	          memcmp(u.v[0].data, tricky, sizeof tricky - 1) == 0,
	      "multipart: binary data with NUL, CR/LF and boundary look-alikes kept exactly");
	CHECK(image_sniff(u.v[0].data, u.v[0].len) != NULL &&
	          strcmp(image_sniff(u.v[0].data, u.v[0].len), "image/jpeg") == 0,
	      "multipart: the uploaded bytes sniff as JPEG");
	buf_free(&b);

	/* Preamble, transport padding after a boundary, epilogue. */
	buf_puts(&b, "This is the preamble.\r\n--XyZ123 is not a boundary here\r\n");
	part(&b, BND, "Content-Disposition: form-data; name=\"a\"\r\n", LIT("1"));
	buf_puts(&b, "--XyZ123 \t \r\n"
	             "Content-Disposition: form-data; name=\"b\"\r\n\r\n2\r\n");
	buf_puts(&b, "--XyZ123--\r\nepilogue\r\n--XyZ123\r\nContent-Disposition: "
	             "form-data; name=\"c\"\r\n\r\n3\r\n");
	CHECK(mp(a, CT, &b, &lim_test, &f, &u) == REQ_OK && f.n == 2 &&
	          strcmp(params_get(&f, "a"), "1") == 0 &&
	          strcmp(params_get(&f, "b"), "2") == 0 && params_get(&f, "c") == NULL,
	      "multipart: preamble, padding after the boundary and epilogue are ignored");
	buf_free(&b);

	/* The body may also open with CRLF then the delimiter. */
	buf_puts(&b, "\r\n");
	part(&b, BND, "Content-Disposition: form-data; name=\"a\"\r\n", LIT("1"));
	close_body(&b, BND);
	CHECK(mp(a, CT, &b, &lim_test, &f, &u) == REQ_OK && f.n == 1,
	      "multipart: a CRLF before the first delimiter");
	buf_free(&b);

	buf_puts(&b, "--XyZ123--");
	CHECK(mp(a, CT, &b, &lim_test, &f, &u) == REQ_OK && f.n == 0 && u.n == 0,
	      "multipart: a body with only the close delimiter has no parts");
	buf_free(&b);

	/* Empty values, with and without the optional blank line. */
	buf_puts(&b, "--XyZ123\r\nContent-Disposition: form-data; name=\"e1\"\r\n\r\n\r\n"
	             "--XyZ123\r\nContent-Disposition: form-data; name=\"e2\"\r\n\r\n"
	             "--XyZ123--");
	CHECK(mp(a, CT, &b, &lim_test, &f, &u) == REQ_OK && f.n == 2 &&
	          strcmp(params_get(&f, "e1"), "") == 0 && f.v[0].len == 0 &&
	          strcmp(params_get(&f, "e2"), "") == 0,
	      "multipart: empty values (headers CRLF CRLF, and headers CRLF alone)");
	buf_free(&b);

	/* Values ending in CR or '-' right before the delimiter. */
	part(&b, BND, "Content-Disposition: form-data; name=\"cr\"\r\n", LIT("x\r"));
	part(&b, BND, "Content-Disposition: form-data; name=\"dash\"\r\n", LIT("x--"));
	close_body(&b, BND);
	CHECK(mp(a, CT, &b, &lim_test, &f, &u) == REQ_OK &&
	          strcmp(params_get(&f, "cr"), "x\r") == 0 &&
	          strcmp(params_get(&f, "dash"), "x--") == 0,
	      "multipart: a trailing CR or dashes stay in the value");
	buf_free(&b);

	/* Header names and the disposition type are case-insensitive; a field
	 * may carry its own Content-Type; unknown headers are ignored. */
	part(&b, BND,
	     "content-disposition: FORM-DATA; NAME=\"x\"\r\n"
	     "Content-Type: text/plain; charset=utf-8\r\n"
	     "X-Whatever: 1\r\n",
	     LIT("v"));
	close_body(&b, BND);
	CHECK(mp(a, "Multipart/Form-Data; BOUNDARY=XyZ123", &b, &lim_test, &f, &u) == REQ_OK &&
	          f.n == 1 && strcmp(params_get(&f, "x"), "v") == 0,
	      "multipart: case-insensitive names, field Content-Type, unknown headers");
	buf_free(&b);

	/* Quoted names with an escaped quote, unquoted values, spacing. */
	part(&b, BND, "Content-Disposition: form-data ;name=\"a\\\"b\" ; x=1\r\n", LIT("1"));
	part(&b, BND, "Content-Disposition: form-data; name=bare\r\n", LIT("2"));
	close_body(&b, BND);
	CHECK(mp(a, CT, &b, &lim_test, &f, &u) == REQ_OK && f.n == 2 &&
	          strcmp(f.v[0].name, "a\"b") == 0 && strcmp(f.v[1].name, "bare") == 0,
	      "multipart: quoted name with \\\" and an unquoted name");
	buf_free(&b);

	/* A big binary file: every byte value, 9000 bytes. */
	{
		unsigned char data[9000];
		unsigned x = 12345;

		for (size_t i = 0; i < sizeof data; i++) {
			x = x * 1103515245u + 12345u;
			data[i] = (unsigned char)(x >> 16);
		}
		part(&b, BND,
		     "Content-Disposition: form-data; name=\"f\"; filename=\"r.bin\"\r\n",
		     data, sizeof data);
		close_body(&b, BND);
		CHECK(mp(a, CT, &b, &lim_test, &f, &u) == REQ_OK && u.n == 1 &&
		          u.v[0].len == sizeof data &&
		          memcmp(u.v[0].data, data, sizeof data) == 0,
		      "multipart: 9000 pseudo-random bytes come back unchanged");
		CHECK_STR(u.v[0].ctype, "application/octet-stream",
		          "multipart: a file without Content-Type is application/octet-stream");
		buf_free(&b);
	}
	arena_free(a);
}

static void test_multipart_boundary(void)
{
	struct arena *a = arena_new();
	struct buf b = {0};
	struct params f;
	struct uploads u;
	char ct[200], bnd[80];

	part(&b, "q=1:x y?", "Content-Disposition: form-data; name=\"a\"\r\n", LIT("1"));
	close_body(&b, "q=1:x y?");
	CHECK(mp(a, "multipart/form-data; charset=utf-8; boundary=\"q=1:x y?\"", &b,
	         &lim_test, &f, &u) == REQ_OK &&
	          f.n == 1 && strcmp(params_get(&f, "a"), "1") == 0,
	      "multipart: quoted boundary with '=', ':', '?' and a space, after another parameter");
	CHECK(mp(a, "multipart/form-data; boundary=\"q=1:x y?\"; charset=utf-8", &b,
	         &lim_test, &f, &u) == REQ_OK && f.n == 1,
	      "multipart: quoted boundary followed by another parameter");
	CHECK(mp(a, "multipart/form-data; boundary=q=1:x", &b, &lim_test, &f, &u) == REQ_BAD,
	      "multipart: a boundary that is only a prefix of the one in the body does not match");
	CHECK(mp(a, "multipart/form-data; boundary=\"a;b\"", &b, &lim_test, &f, &u) == REQ_BAD,
	      "multipart: ';' is not a boundary character even quoted");
	buf_free(&b);

	part(&b, "----WebKitFormBoundary7MA4YWxkTrZu0gW",
	     "Content-Disposition: form-data; name=\"a\"\r\n", LIT("1"));
	close_body(&b, "----WebKitFormBoundary7MA4YWxkTrZu0gW");
	CHECK(mp(a, "multipart/form-data; boundary=----WebKitFormBoundary7MA4YWxkTrZu0gW",
	         &b, &lim_test, &f, &u) == REQ_OK && f.n == 1,
	      "multipart: a browser-style boundary starting with dashes");
	buf_free(&b);

	memset(bnd, 'b', 70);
	bnd[70] = '\0';
	snprintf(ct, sizeof ct, "multipart/form-data; boundary=%s", bnd);
	part(&b, bnd, "Content-Disposition: form-data; name=\"a\"\r\n", LIT("1"));
	close_body(&b, bnd);
	CHECK(mp(a, ct, &b, &lim_test, &f, &u) == REQ_OK && f.n == 1,
	      "multipart: a 70-character boundary is accepted");
	buf_free(&b);

	memset(bnd, 'b', 71);
	bnd[71] = '\0';
	snprintf(ct, sizeof ct, "multipart/form-data; boundary=%s", bnd);
	part(&b, bnd, "Content-Disposition: form-data; name=\"a\"\r\n", LIT("1"));
	close_body(&b, bnd);
	CHECK(mp(a, ct, &b, &lim_test, &f, &u) == REQ_BAD,
	      "multipart: a 71-character boundary is REQ_BAD");
	buf_free(&b);

	part(&b, "XyZ123 ", "Content-Disposition: form-data; name=\"a\"\r\n", LIT("1"));
	close_body(&b, "XyZ123 ");
	CHECK(mp(a, "multipart/form-data; boundary=\"XyZ123 \"", &b, &lim_test, &f, &u) ==
	          REQ_BAD,
	      "multipart: a boundary ending in a space is REQ_BAD (RFC 2046)");
	buf_free(&b);

	part(&b, BND, "Content-Disposition: form-data; name=\"a\"\r\n", LIT("1"));
	close_body(&b, BND);
	CHECK(mp(a, "multipart/form-data", &b, &lim_test, &f, &u) == REQ_BAD,
	      "multipart: no boundary parameter");
	CHECK(mp(a, "multipart/form-data; boundary=", &b, &lim_test, &f, &u) == REQ_BAD,
	      "multipart: empty boundary");
	CHECK(mp(a, "multipart/form-data; boundary=\"\"", &b, &lim_test, &f, &u) == REQ_BAD,
	      "multipart: empty quoted boundary");
	CHECK(mp(a, "multipart/form-data; boundary=\"XyZ123", &b, &lim_test, &f, &u) == REQ_BAD,
	      "multipart: unterminated quoted boundary");
	CHECK(mp(a, "multipart/form-data; boundary=Xy@123", &b, &lim_test, &f, &u) == REQ_BAD,
	      "multipart: '@' is not a boundary character");
	CHECK(mp(a, "multipart/mixed; boundary=XyZ123", &b, &lim_test, &f, &u) == REQ_BAD,
	      "multipart: multipart/mixed is not a form");
	CHECK(mp(a, "application/x-www-form-urlencoded; boundary=XyZ123", &b, &lim_test, &f,
	         &u) == REQ_BAD,
	      "multipart: a urlencoded content type");
	CHECK(mp(a, NULL, &b, &lim_test, &f, &u) == REQ_BAD, "multipart: no content type");
	CHECK(mp(a, "multipart/form-data; boundary=other", &b, &lim_test, &f, &u) == REQ_BAD,
	      "multipart: a boundary the body does not use is REQ_BAD");
	buf_free(&b);

	arena_free(a);
}

static void test_multipart_malformed(void)
{
	struct arena *a = arena_new();
	struct buf b = {0};
	struct params f;
	struct uploads u;

	part(&b, BND, "Content-Disposition: form-data; name=\"a\"\r\n", LIT("1"));
	CHECK(mp(a, CT, &b, &lim_test, &f, &u) == REQ_BAD,
	      "multipart: missing final boundary (data then nothing)");
	buf_puts(&b, "--XyZ123\r\n");
	CHECK(mp(a, CT, &b, &lim_test, &f, &u) == REQ_BAD,
	      "multipart: missing final boundary (a delimiter opening nothing)");
	buf_free(&b);

	buf_puts(&b, "--XyZ123\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nvalue--XyZ123--");
	CHECK(mp(a, CT, &b, &lim_test, &f, &u) == REQ_BAD,
	      "multipart: a close delimiter without its CRLF is data, so no final boundary");
	buf_free(&b);

	buf_puts(&b, "hello world");
	CHECK(mp(a, CT, &b, &lim_test, &f, &u) == REQ_BAD, "multipart: no boundary in the body");
	buf_free(&b);
	buf_add(&b, "", 0);
	CHECK(mp(a, CT, &b, &lim_test, &f, &u) == REQ_BAD, "multipart: empty body");
	buf_free(&b);

	buf_puts(&b, "--XyZ123\nContent-Disposition: form-data; name=\"a\"\n\n1\n--XyZ123--\n");
	CHECK(mp(a, CT, &b, &lim_test, &f, &u) == REQ_BAD,
	      "multipart: bare LF line ends are not CRLF");
	buf_free(&b);

	part(&b, BND, "Content-Type: text/plain\r\n", LIT("1"));
	close_body(&b, BND);
	CHECK(mp(a, CT, &b, &lim_test, &f, &u) == REQ_BAD,
	      "multipart: a part without Content-Disposition");
	buf_free(&b);

	buf_puts(&b, "--XyZ123\r\n\r\n1\r\n--XyZ123--");
	CHECK(mp(a, CT, &b, &lim_test, &f, &u) == REQ_BAD, "multipart: a part with no headers");
	buf_free(&b);

	part(&b, BND, "Content-Disposition: attachment; name=\"a\"\r\n", LIT("1"));
	close_body(&b, BND);
	CHECK(mp(a, CT, &b, &lim_test, &f, &u) == REQ_BAD,
	      "multipart: disposition other than form-data");
	buf_free(&b);

	part(&b, BND, "Content-Disposition: form-data; filename=\"x.jpg\"\r\n", LIT("1"));
	close_body(&b, BND);
	CHECK(mp(a, CT, &b, &lim_test, &f, &u) == REQ_BAD, "multipart: a part without name=");
	buf_free(&b);

	part(&b, BND, "Content-Disposition: form-data; name=\"a\r\n", LIT("1"));
	close_body(&b, BND);
	CHECK(mp(a, CT, &b, &lim_test, &f, &u) == REQ_BAD,
	      "multipart: an unterminated quoted name");
	buf_free(&b);

	part(&b, BND, "Content-Disposition: form-data; name=\"a\"\r\nno colon here\r\n", LIT("1"));
	close_body(&b, BND);
	CHECK(mp(a, CT, &b, &lim_test, &f, &u) == REQ_BAD, "multipart: a header line without ':'");
	buf_free(&b);

	part(&b, BND, "Content-Disposition: form-data; name=\"a\"\r\n X-Folded: y\r\n",
	     LIT("1"));
	close_body(&b, BND);
	CHECK(mp(a, CT, &b, &lim_test, &f, &u) == REQ_BAD,
	      "multipart: a header line starting with a space (obsolete folding)");
	buf_free(&b);

	buf_puts(&b, "--XyZ123\r\nContent-Disposition: form-data; name=\"a\"\r\n1\r\n--XyZ123--");
	CHECK(mp(a, CT, &b, &lim_test, &f, &u) == REQ_BAD,
	      "multipart: no blank line between headers and data");
	buf_free(&b);

	part(&b, BND, "Content-Disposition: form-data; name=\"a\" junk\r\n", LIT("1"));
	close_body(&b, BND);
	CHECK(mp(a, CT, &b, &lim_test, &f, &u) == REQ_BAD,
	      "multipart: junk after a parameter value");
	buf_free(&b);

	/* On failure nothing reaches the caller, even the parts before. */
	part(&b, BND, "Content-Disposition: form-data; name=\"good\"\r\n", LIT("1"));
	part(&b, BND, "Content-Disposition: form-data; name=\"f\"; filename=\"a.png\"\r\n",
	     LIT("\x89PNG\r\n\x1A\n...."));
	part(&b, BND, "Content-Disposition: form-data; name=\"bad\"\r\n", LIT("\xC0\xAF"));
	close_body(&b, BND);
	CHECK(mp(a, CT, &b, &lim_test, &f, &u) == REQ_BAD_UTF8 && f.n == 0 && u.n == 0,
	      "multipart: an error leaves fields and files as they were");
	buf_free(&b);

	arena_free(a);
}

static void test_multipart_text(void)
{
	struct arena *a = arena_new();
	struct buf b = {0};
	struct params f;
	struct uploads u;

	part(&b, BND, "Content-Disposition: form-data; name=\"a\"\r\n", LIT("\xC0\xAF"));
	close_body(&b, BND);
	CHECK(mp(a, CT, &b, &lim_test, &f, &u) == REQ_BAD_UTF8,
	      "multipart: overlong C0 AF in a value is REQ_BAD_UTF8");
	buf_free(&b);

	part(&b, BND, "Content-Disposition: form-data; name=\"a\"\r\n", LIT("\xED\xA0\x80"));
	close_body(&b, BND);
	CHECK(mp(a, CT, &b, &lim_test, &f, &u) == REQ_BAD_UTF8,
	      "multipart: surrogate ED A0 80 in a value is REQ_BAD_UTF8");
	buf_free(&b);

	part(&b, BND, "Content-Disposition: form-data; name=\"a\"\r\n", LIT("x\0y"));
	close_body(&b, BND);
	CHECK(mp(a, CT, &b, &lim_test, &f, &u) == REQ_BAD_UTF8,
	      "multipart: a NUL in a value is REQ_BAD_UTF8");
	buf_free(&b);

	part(&b, BND, "Content-Disposition: form-data; name=\"\xC0\xAF\"\r\n", LIT("1"));
	close_body(&b, BND);
	CHECK(mp(a, CT, &b, &lim_test, &f, &u) == REQ_BAD_UTF8,
	      "multipart: invalid UTF-8 in a field name");
	buf_free(&b);

	part(&b, BND,
	     "Content-Disposition: form-data; name=\"\xED\xA0\x80\"; filename=\"a.jpg\"\r\n",
	     LIT("\xFF\xD8\xFF\xE0"));
	close_body(&b, BND);
	CHECK(mp(a, CT, &b, &lim_test, &f, &u) == REQ_BAD_UTF8,
	      "multipart: invalid UTF-8 in a file's field name");
	buf_free(&b);

	part(&b, BND,
	     "Content-Disposition: form-data; name=\"f\"; filename=\"a.jpg\"\r\n"
	     "Content-Type: image/\xC0\xAF\r\n",
	     LIT("\xFF\xD8\xFF\xE0"));
	close_body(&b, BND);
	CHECK(mp(a, CT, &b, &lim_test, &f, &u) == REQ_BAD_UTF8,
	      "multipart: invalid UTF-8 in a part's Content-Type");
	buf_free(&b);

	arena_free(a);
}

/* The file name the parser keeps for a Content-Disposition tail. */
static const char *kept_name(struct arena *a, const char *disp, enum req_err *e)
{
	struct buf b = {0};
	struct params f;
	struct uploads u;
	char *h = aprintf(a, "Content-Disposition: form-data; name=\"f\"; %s\r\n", disp);

	part(&b, BND, h, LIT("\x89PNG\r\n\x1A\n"));
	close_body(&b, BND);
	*e = mp(a, CT, &b, &lim_test, &f, &u);
	buf_free(&b);
	return *e == REQ_OK && u.n == 1 ? u.v[0].filename : NULL;
}

static void test_multipart_filenames(void)
{
	struct arena *a = arena_new();
	enum req_err e;

	CHECK_STR(kept_name(a, "filename=\"C:\\Users\\me\\photo.jpg\"", &e), "photo.jpg",
	          "filename: a Windows path keeps only the base name");
	CHECK_STR(kept_name(a, "filename=\"../../etc/passwd\"", &e), "passwd",
	          "filename: a Unix path keeps only the base name");
	CHECK_STR(kept_name(a, "filename=\"dir/sub\\\\x.png\"", &e), "x.png",
	          "filename: an escaped backslash is a separator too");
	CHECK_STR(kept_name(a, "filename=\"a\tb\x01" "c\x7f.jpg\"", &e), "abc.jpg",
	          "filename: control characters (tab, 0x01, 0x7f) dropped");
	CHECK_STR(kept_name(a, "filename=\"a\xC2\x85" "b\xC2\x9B" "c\xC2\xA0.jpg\"", &e),
	          "ab" "c\xC2\xA0.jpg",
	          "filename: C1 controls (U+0085, U+009B) dropped, U+00A0 kept");
	CHECK(kept_name(a, "filename=\"\xE4\xC2\x85\xB8\xAD.jpg\"", &e) == NULL &&
	          e == REQ_BAD_UTF8,
	      "filename: a C1 control inside a UTF-8 sequence does not repair it");
	CHECK_STR(kept_name(a, "filename=\"a\\\"b.png\"", &e), "a\"b.png",
	          "filename: an escaped quote is part of the name");
	CHECK_STR(kept_name(a, "filename=\"\xE7\x85\xA7\xE7\x89\x87.jpg\"", &e),
	          "\xE7\x85\xA7\xE7\x89\x87.jpg", "filename: Chinese name kept");
	CHECK_STR(kept_name(a, "filename=\"\x01\x02\"", &e), "upload",
	          "filename: nothing left after cleaning is \"upload\"");
	CHECK_STR(kept_name(a, "filename=\"photos/\"", &e), "upload",
	          "filename: a path ending in '/' is \"upload\"");
	CHECK_STR(kept_name(a, "filename=\"..\"", &e), "upload", "filename: \"..\" is \"upload\"");
	CHECK_STR(kept_name(a, "filename=bare.png", &e), "bare.png", "filename: unquoted");
	CHECK_STR(kept_name(a, "filename*=UTF-8''evil.exe; filename=\"plain.png\"", &e),
	          "plain.png", "filename: filename*= is ignored");
	CHECK(kept_name(a, "filename=\"\xC0\xAF.jpg\"", &e) == NULL && e == REQ_BAD_UTF8,
	      "filename: invalid UTF-8 is REQ_BAD_UTF8");
	CHECK(kept_name(a, "filename=\"\xE4\xB8\x01\xAD.jpg\"", &e) == NULL &&
	          e == REQ_BAD_UTF8,
	      "filename: a control byte inside a UTF-8 sequence does not repair it");
	CHECK(kept_name(a, "filename=\"ok.jpg", &e) == NULL && e == REQ_BAD,
	      "filename: unterminated quote is REQ_BAD");

	{
		/* A NUL inside the quoted name is a control character. */
		static const char h[] =
			"--XyZ123\r\nContent-Disposition: form-data; name=\"f\"; "
			"filename=\"a\0b.png\"\r\n\r\nDATA\r\n--XyZ123--";
		struct buf b = {0};
		struct params f;
		struct uploads u;

		buf_add(&b, h, sizeof h - 1);
		CHECK(mp(a, CT, &b, &lim_test, &f, &u) == REQ_OK && u.n == 1 &&
		          strcmp(u.v[0].filename, "ab.png") == 0,
		      "filename: a NUL byte is dropped like other control characters");
		buf_free(&b);
	}
	arena_free(a);
}

static void test_multipart_limits(void)
{
	struct arena *a = arena_new();
	struct buf b = {0};
	struct params f;
	struct uploads u;
	struct limits lim = lim_test;
	char data[64];

	memset(data, 'd', sizeof data);

	/* An empty file input: filename="" and no bytes. */
	part(&b, BND,
	     "Content-Disposition: form-data; name=\"photo\"; filename=\"\"\r\n"
	     "Content-Type: application/octet-stream\r\n",
	     "", 0);
	close_body(&b, BND);
	CHECK(mp(a, CT, &b, &lim_test, &f, &u) == REQ_OK && u.n == 0 && f.n == 0,
	      "multipart: an empty file input is skipped, not a field");
	buf_free(&b);

	part(&b, BND, "Content-Disposition: form-data; name=\"photo\"; filename=\"\"\r\n",
	     LIT("abc"));
	close_body(&b, BND);
	CHECK(mp(a, CT, &b, &lim_test, &f, &u) == REQ_OK && u.n == 1 &&
	          strcmp(u.v[0].filename, "upload") == 0 && u.v[0].len == 3,
	      "multipart: an empty filename with data is kept as \"upload\"");
	buf_free(&b);

	part(&b, BND, "Content-Disposition: form-data; name=\"photo\"; filename=\"e.jpg\"\r\n",
	     "", 0);
	close_body(&b, BND);
	CHECK(mp(a, CT, &b, &lim_test, &f, &u) == REQ_OK && u.n == 1 && u.v[0].len == 0,
	      "multipart: a named empty file is kept (len 0)");
	buf_free(&b);

	/* max_files = 2 */
	lim.max_files = 2;
	for (int i = 0; i < 2; i++)
		part(&b, BND, "Content-Disposition: form-data; name=\"p\"; filename=\"x.jpg\"\r\n",
		     LIT("\xFF\xD8\xFF\xE0"));
	part(&b, BND, "Content-Disposition: form-data; name=\"p\"; filename=\"\"\r\n", "", 0);
	for (int i = 0; i < 3; i++)
		part(&b, BND, "Content-Disposition: form-data; name=\"t\"\r\n", LIT("x"));
	close_body(&b, BND);
	CHECK(mp(a, CT, &b, &lim, &f, &u) == REQ_OK && u.n == 2 && f.n == 3,
	      "multipart: exactly max_files files (an empty one not counted, fields apart)");
	buf_free(&b);
	for (int i = 0; i < 3; i++)
		part(&b, BND, "Content-Disposition: form-data; name=\"p\"; filename=\"x.jpg\"\r\n",
		     LIT("\xFF\xD8\xFF\xE0"));
	close_body(&b, BND);
	CHECK(mp(a, CT, &b, &lim, &f, &u) == REQ_TOO_MANY && u.n == 0,
	      "multipart: max_files + 1 files is REQ_TOO_MANY");
	buf_free(&b);

	/* max_file = 10 bytes */
	lim = lim_test;
	lim.max_file = 10;
	part(&b, BND, "Content-Disposition: form-data; name=\"p\"; filename=\"x.bin\"\r\n",
	     data, 10);
	close_body(&b, BND);
	CHECK(mp(a, CT, &b, &lim, &f, &u) == REQ_OK && u.n == 1 && u.v[0].len == 10,
	      "multipart: a file of exactly max_file bytes passes");
	buf_free(&b);
	part(&b, BND, "Content-Disposition: form-data; name=\"p\"; filename=\"x.bin\"\r\n",
	     data, 11);
	close_body(&b, BND);
	CHECK(mp(a, CT, &b, &lim, &f, &u) == REQ_TOO_LARGE,
	      "multipart: max_file + 1 bytes is REQ_TOO_LARGE");
	lim.keep_oversize = true;
	CHECK(mp(a, CT, &b, &lim, &f, &u) == REQ_OK && u.n == 1 && u.v[0].too_large &&
	          !u.v[0].data && u.v[0].len == 11 && strcmp(u.v[0].filename, "x.bin") == 0,
	      "multipart: keep_oversize keeps an oversize file as too_large, without data");
	buf_free(&b);

	/* max_fields = 2 */
	lim = lim_test;
	lim.max_fields = 2;
	part(&b, BND, "Content-Disposition: form-data; name=\"a\"\r\n", LIT("1"));
	part(&b, BND, "Content-Disposition: form-data; name=\"p\"; filename=\"x.jpg\"\r\n",
	     LIT("\xFF\xD8\xFF\xE0"));
	part(&b, BND, "Content-Disposition: form-data; name=\"b\"\r\n", LIT("2"));
	close_body(&b, BND);
	CHECK(mp(a, CT, &b, &lim, &f, &u) == REQ_OK && f.n == 2 && u.n == 1,
	      "multipart: exactly max_fields fields (files not counted)");
	buf_free(&b);
	for (int i = 0; i < 3; i++)
		part(&b, BND, "Content-Disposition: form-data; name=\"a\"\r\n", LIT("1"));
	close_body(&b, BND);
	CHECK(mp(a, CT, &b, &lim, &f, &u) == REQ_TOO_MANY,
	      "multipart: max_fields + 1 fields is REQ_TOO_MANY");
	buf_free(&b);

	/* max_field_len = 5 */
	lim = lim_test;
	lim.max_field_len = 5;
	part(&b, BND, "Content-Disposition: form-data; name=\"a\"\r\n", LIT("12345"));
	close_body(&b, BND);
	CHECK(mp(a, CT, &b, &lim, &f, &u) == REQ_OK && f.v[0].len == 5,
	      "multipart: a value of exactly max_field_len passes");
	buf_free(&b);
	part(&b, BND, "Content-Disposition: form-data; name=\"a\"\r\n", LIT("123456"));
	close_body(&b, BND);
	CHECK(mp(a, CT, &b, &lim, &f, &u) == REQ_TOO_LONG,
	      "multipart: max_field_len + 1 is REQ_TOO_LONG");
	buf_free(&b);
	part(&b, BND, "Content-Disposition: form-data; name=\"abcdef\"\r\n", LIT("1"));
	close_body(&b, BND);
	CHECK(mp(a, CT, &b, &lim, &f, &u) == REQ_TOO_LONG,
	      "multipart: a field name over max_field_len is REQ_TOO_LONG");
	buf_free(&b);
	part(&b, BND, "Content-Disposition: form-data; name=\"p\"; filename=\"x.bin\"\r\n",
	     data, 64);
	close_body(&b, BND);
	CHECK(mp(a, CT, &b, &lim, &f, &u) == REQ_OK && u.n == 1 && u.v[0].len == 64,
	      "multipart: max_field_len does not apply to file data");
	buf_free(&b);

	/* Growth: 100 fields, each where it belongs. */
	lim = lim_test;
	lim.max_fields = 100;
	for (int i = 0; i < 100; i++) {
		char h[80], v[16];

		snprintf(h, sizeof h, "Content-Disposition: form-data; name=\"f%d\"\r\n", i);
		snprintf(v, sizeof v, "v%d", i);
		part(&b, BND, h, v, strlen(v));
	}
	close_body(&b, BND);
	CHECK(mp(a, CT, &b, &lim, &f, &u) == REQ_OK && f.n == 100 &&
	          strcmp(params_get(&f, "f0"), "v0") == 0 &&
	          strcmp(params_get(&f, "f63"), "v63") == 0 &&
	          strcmp(params_get(&f, "f99"), "v99") == 0,
	      "multipart: 100 fields, all retrievable as the array grows");
	buf_free(&b);

	arena_free(a);
}

/* ----------------------------------------------------------------- misc */

static void test_misc(void)
{
	static const unsigned char jpeg[] = {0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10};
	static const unsigned char png[] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n',
	                                    0, 0, 0, 13, 'I', 'H', 'D', 'R'};
	static const unsigned char webp[] = "RIFF\x24\0\0\0WEBPVP8 ";
	static const unsigned char wave[] = "RIFF\x24\0\0\0WAVEfmt ";
	static const unsigned char gif[] = "GIF89a\x01\0\x01\0";
	static const unsigned char notjpeg[] = {0xFF, 0xD8, 0x00, 0xE0};
	unsigned char badpng[sizeof png];
	const char *errs[6];
	bool distinct = true;

	CHECK_STR(image_sniff(jpeg, sizeof jpeg), "image/jpeg", "image_sniff: JPEG");
	CHECK(image_sniff(jpeg, 3) == NULL, "image_sniff: 3 JPEG bytes are too short");
	CHECK(image_sniff(notjpeg, sizeof notjpeg) == NULL, "image_sniff: FF D8 00 is not JPEG");
	CHECK_STR(image_sniff(png, sizeof png), "image/png", "image_sniff: PNG");
	CHECK_STR(image_sniff(png, 8), "image/png", "image_sniff: the 8-byte PNG signature");
	CHECK(image_sniff(png, 7) == NULL, "image_sniff: 7 PNG bytes are too short");
	memcpy(badpng, png, sizeof png);
	badpng[4] = '\n';
	CHECK(image_sniff(badpng, sizeof badpng) == NULL,
	      "image_sniff: a PNG signature with CR turned to LF is not PNG");
	CHECK_STR(image_sniff(webp, sizeof webp - 1), "image/webp", "image_sniff: WebP");
	CHECK_STR(image_sniff(webp, 12), "image/webp", "image_sniff: WebP at 12 bytes");
	CHECK(image_sniff(webp, 11) == NULL, "image_sniff: 11 WebP bytes are too short");
	CHECK(image_sniff(wave, sizeof wave - 1) == NULL, "image_sniff: RIFF WAVE is not an image");
	CHECK(image_sniff(gif, sizeof gif - 1) == NULL, "image_sniff: GIF is not accepted");
	CHECK(image_sniff((const unsigned char *)"<svg xmlns=", 11) == NULL,
	      "image_sniff: SVG is not accepted");
	CHECK(image_sniff(jpeg, 0) == NULL, "image_sniff: empty");
	CHECK(image_sniff(NULL, 10) == NULL, "image_sniff: NULL");

	for (int i = 0; i < 6; i++)
		errs[i] = req_err_str((enum req_err)i);
	for (int i = 0; i < 6; i++)
		for (int k = 0; k < 6; k++)
			if (!errs[i] || !*errs[i] || (i != k && strcmp(errs[i], errs[k]) == 0))
				distinct = false;
	CHECK(distinct, "req_err_str: a distinct text for every error");
	CHECK(req_err_str((enum req_err)99) != NULL, "req_err_str: an unknown code still has text");
	CHECK(params_get(NULL, "a") == NULL, "params_get(NULL) is NULL");
}

void tests_request(void)
{
	test_urlencoded();
	test_cookies();
	test_multipart_basic();
	test_multipart_boundary();
	test_multipart_malformed();
	test_multipart_text();
	test_multipart_filenames();
	test_multipart_limits();
	test_misc();
}

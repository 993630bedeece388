/*
 * fuzz_cookies.c — parse_cookies on any Cookie header. Properties: at most
 * 32 cookies; names are non-empty RFC 7230 tokens; values are valid UTF-8
 * without controls or quotes and len == strlen(value); the cookies kept,
 * written out again as a header, parse to the same cookies.
 */
#include "fuzz.h"
#include "request.h"

static int tchar(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	       (c >= 'A' && c <= 'Z') || (c && strchr("!#$%&'*+-.^_`|~", c));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena *a = arena_new();
	struct params p = {0}, again = {0};
	struct buf b = {0};
	char *h = fuzz_copy(data, size, 1);

	parse_cookies(a, h, &p);
	PROPERTY(p.n <= 32);
	for (size_t i = 0; i < p.n; i++) {
		const char *n = p.v[i].name, *v = p.v[i].value;

		PROPERTY(*n != '\0');
		for (; *n; n++)
			PROPERTY(tchar(*n));
		PROPERTY(strlen(v) == p.v[i].len);
		PROPERTY(utf8_valid(v, p.v[i].len));
		for (; *v; v++)
			PROPERTY((unsigned char)*v >= 0x20 && *v != 0x7f && *v != '"');
		/* The first cookie of a name is the one params_get returns. */
		PROPERTY(params_get(&p, p.v[i].name) != NULL);
		/* Quoted, so spaces at either end of the value stay. */
		buf_printf(&b, "%s%s=\"%s\"", i ? "; " : "", p.v[i].name, p.v[i].value);
	}
	parse_cookies(a, b.p ? b.p : "", &again);
	PROPERTY(again.n == p.n);
	for (size_t i = 0; i < p.n; i++) {
		PROPERTY(strcmp(again.v[i].name, p.v[i].name) == 0);
		PROPERTY(strcmp(again.v[i].value, p.v[i].value) == 0);
	}
	buf_free(&b);
	free(h);
	arena_free(a);
	return 0;
}

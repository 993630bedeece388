/*
 * fuzz_urlencoded.c — parse_urlencoded (query strings and form bodies).
 * Properties: every pair is valid UTF-8 with len == strlen(value); limits
 * hold; an error leaves the params as they were; re-encoding the pairs and
 * parsing again gives the same pairs.
 */
#include "fuzz.h"
#include "request.h"

/* Percent-encodes everything but unreserved characters. */
static void encode(struct buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";

	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '-' || *p == '_' || *p == '.')
			buf_add(b, p, 1);
		else
			buf_printf(b, "%%%c%c", hex[*p >> 4], hex[*p & 15]);
	}
}

static void check_pairs(const struct params *p, size_t from, size_t max_len)
{
	for (size_t i = from; i < p->n; i++) {
		PROPERTY(p->v[i].name && p->v[i].value);
		PROPERTY(strlen(p->v[i].value) == p->v[i].len);
		PROPERTY(p->v[i].len <= max_len && strlen(p->v[i].name) <= max_len);
		PROPERTY(utf8_valid(p->v[i].name, strlen(p->v[i].name)));
		PROPERTY(utf8_valid(p->v[i].value, p->v[i].len));
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena *a = arena_new();
	struct limits lim = {.max_fields = 8, .max_field_len = 64};
	struct params p = {0}, small = {0}, again = {0};
	struct buf b = {0};
	char *s = fuzz_copy(data, size, 0);
	enum req_err e;

	/* No limits: the parse that round-trips. */
	e = parse_urlencoded(a, s, size, NULL, &p);
	PROPERTY(e == REQ_OK || e == REQ_BAD || e == REQ_BAD_UTF8);
	if (e != REQ_OK) {
		PROPERTY(p.n == 0);
	} else {
		check_pairs(&p, 0, SIZE_MAX);
		for (size_t i = 0; i < p.n; i++) {
			if (i)
				buf_add(&b, "&", 1);
			encode(&b, p.v[i].name);
			buf_add(&b, "=", 1);
			encode(&b, p.v[i].value);
		}
		PROPERTY(parse_urlencoded(a, b.p, b.len, NULL, &again) == REQ_OK);
		PROPERTY(again.n == p.n);
		for (size_t i = 0; i < p.n; i++) {
			PROPERTY(strcmp(again.v[i].name, p.v[i].name) == 0);
			PROPERTY(strcmp(again.v[i].value, p.v[i].value) == 0);
		}
	}

	/* Small limits, appending to params that already hold one pair. */
	parse_urlencoded(a, "x=1", 3, NULL, &small);
	PROPERTY(small.n == 1);
	e = parse_urlencoded(a, s, size, &lim, &small);
	if (e == REQ_OK) {
		PROPERTY(small.n <= lim.max_fields);
		check_pairs(&small, 1, lim.max_field_len);
	} else {
		PROPERTY(small.n == 1);
	}
	PROPERTY(strcmp(small.v[0].name, "x") == 0 && strcmp(small.v[0].value, "1") == 0);
	PROPERTY(*req_err_str(e) != '\0');

	buf_free(&b);
	free(s);
	arena_free(a);
	return 0;
}

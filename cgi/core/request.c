/*
 * request.c — where parsed input lands: the params and uploads arrays,
 * grown in the arena, looked up by name, and the text of a parse error.
 * The parsers that fill them are urlencoded.c, multipart.c and cookies.c.
 */
#include <stdint.h>
#include <string.h>

#include "request_internal.h"

const struct limits req_no_limits = {
	.max_body = SIZE_MAX,
	.max_fields = SIZE_MAX,
	.max_field_len = SIZE_MAX,
	.max_file = SIZE_MAX,
	.max_files = SIZE_MAX,
};

/* ------------------------------------------------------- growing arrays */

/*
 * struct params and struct uploads carry no capacity, and arena memory is
 * never reallocated: the capacity is implied by n (8, then powers of two),
 * and the array is copied into a fresh block whenever n reaches it.
 */
static void *grow(struct arena *a, void *v, size_t n, size_t size)
{
	void *nv;

	if (n != 0 && (n < 8 || (n & (n - 1)) != 0))
		return v; /* room left */
	nv = amalloc(a, (n ? 2 * n : 8) * size);
	if (n)
		memcpy(nv, v, n * size);
	return nv;
}

void params_push(struct arena *a, struct params *p, const char *name,
                 const char *value, size_t len)
{
	p->v = grow(a, p->v, p->n, sizeof *p->v);
	p->v[p->n++] = (struct param){.name = name, .value = value, .len = len};
}

void uploads_push(struct arena *a, struct uploads *u, const struct upload *up)
{
	u->v = grow(a, u->v, u->n, sizeof *u->v);
	u->v[u->n++] = *up;
}

const char *params_get(const struct params *p, const char *name)
{
	if (!p || !name)
		return NULL;
	for (size_t i = 0; i < p->n; i++)
		if (strcmp(p->v[i].name, name) == 0)
			return p->v[i].value;
	return NULL;
}

const char *req_err_str(enum req_err e)
{
	static const char *const text[] = {
		[REQ_OK] = "ok",
		[REQ_BAD] = "malformed request body",
		[REQ_BAD_UTF8] = "a name or value is not valid UTF-8",
		[REQ_TOO_MANY] = "too many fields or files",
		[REQ_TOO_LONG] = "a field is too long",
		[REQ_TOO_LARGE] = "a file is too large",
	};

	if ((unsigned)e >= sizeof text / sizeof text[0] || !text[e])
		return "unknown error";
	return text[e];
}

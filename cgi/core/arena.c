/*
 * arena.c — where memory comes from: the per-request arena (freed in one
 * go) and the growable heap buffer responses are built in. Both abort on
 * out-of-memory, so no caller checks for NULL.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/* ------------------------------------------------------------------ arena */

#define ARENA_ALIGN 16
#define ARENA_CHUNK (16 * 1024)
/* Anything bigger than this gets a chunk of its own, so one large body does
 * not waste the rest of the current chunk. */
#define ARENA_BIG (ARENA_CHUNK / 4)

struct chunk {
	struct chunk *next;
	size_t used, size;
	_Alignas(ARENA_ALIGN) unsigned char data[];
};

struct arena {
	struct chunk *head; /* the chunk small allocations come from */
};

static void out_of_memory(size_t n)
{
	fprintf(stderr, "aftercare: out of memory allocating %zu bytes\n", n);
	abort();
}

static struct chunk *chunk_new(size_t size)
{
	struct chunk *c;

	if (size > SIZE_MAX - sizeof *c)
		out_of_memory(size);
	c = calloc(1, sizeof *c + size); /* zeroed: amalloc promises it */
	if (!c)
		out_of_memory(sizeof *c + size);
	c->size = size;
	return c;
}

struct arena *arena_new(void)
{
	struct arena *a = calloc(1, sizeof *a);

	if (!a)
		out_of_memory(sizeof *a);
	a->head = chunk_new(ARENA_CHUNK);
	return a;
}

void arena_free(struct arena *a)
{
	struct chunk *c, *next;

	if (!a)
		return;
	for (c = a->head; c; c = next) {
		next = c->next;
		free(c);
	}
	free(a);
}

void *amalloc(struct arena *a, size_t n)
{
	struct chunk *c;
	void *p;

	if (n > SIZE_MAX - ARENA_ALIGN)
		out_of_memory(n);
	n = n ? (n + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1) : ARENA_ALIGN;

	if (n > ARENA_BIG) {
		/* Own chunk, linked behind the head so the head keeps serving
		 * small allocations. */
		c = chunk_new(n);
		c->used = n;
		c->next = a->head->next;
		a->head->next = c;
		return c->data;
	}
	c = a->head;
	if (c->size - c->used < n) {
		c = chunk_new(ARENA_CHUNK);
		c->next = a->head;
		a->head = c;
	}
	p = c->data + c->used;
	c->used += n;
	return p;
}

char *astrdup(struct arena *a, const char *s)
{
	return s ? astrndup(a, s, strlen(s)) : NULL;
}

char *astrndup(struct arena *a, const char *s, size_t n)
{
	char *p;

	if (!s)
		return NULL;
	n = strnlen(s, n);
	p = amalloc(a, n + 1); /* zeroed, so already terminated */
	memcpy(p, s, n);
	return p;
}

char *aprintf(struct arena *a, const char *fmt, ...)
{
	va_list ap;
	int n;
	char *p;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return amalloc(a, 1); /* a bad format is a bug, not a crash */
	p = amalloc(a, (size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

/* -------------------------------------------------------------------- buf */

/* Room for `extra` more bytes plus the terminating NUL. */
static void buf_reserve(struct buf *b, size_t extra)
{
	size_t need, cap;
	char *p;

	if (extra > SIZE_MAX - b->len - 1)
		out_of_memory(extra);
	need = b->len + extra + 1;
	if (need <= b->cap)
		return;
	cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap = cap > SIZE_MAX / 2 ? need : cap * 2;
	p = realloc(b->p, cap);
	if (!p)
		out_of_memory(cap);
	b->p = p;
	b->cap = cap;
}

void buf_add(struct buf *b, const void *data, size_t n)
{
	const char *src = data;
	size_t off = 0;
	bool inside = b->p && src >= b->p && src < b->p + b->cap;

	/* Appending part of the buffer to itself survives the realloc. */
	if (inside)
		off = (size_t)(src - b->p);
	buf_reserve(b, n);
	if (inside)
		src = b->p + off;
	if (n)
		memcpy(b->p + b->len, src, n);
	b->len += n;
	b->p[b->len] = '\0';
}

void buf_puts(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

void buf_url_encode(struct buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";

	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		    c == '-' || c == '.' || c == '_' || c == '~') {
			buf_add(b, s, 1);
		} else {
			char e[3] = {'%', hex[c >> 4], hex[c & 15]};

			buf_add(b, e, 3);
		}
	}
}

void buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	buf_reserve(b, 0);
	va_start(ap, fmt);
	n = vsnprintf(b->p + b->len, b->cap - b->len, fmt, ap);
	va_end(ap);
	if (n < 0) {
		b->p[b->len] = '\0';
		return;
	}
	if ((size_t)n >= b->cap - b->len) {
		buf_reserve(b, (size_t)n);
		va_start(ap, fmt);
		vsnprintf(b->p + b->len, b->cap - b->len, fmt, ap);
		va_end(ap);
	}
	b->len += (size_t)n;
}

void buf_free(struct buf *b)
{
	free(b->p);
	b->p = NULL;
	b->len = b->cap = 0;
}

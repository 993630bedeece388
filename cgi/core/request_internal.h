/*
 * request_internal.h — what the request parsers in core share (request.c,
 * urlencoded.c, multipart.c, cookies.c). Callers elsewhere include
 * request.h, never this.
 */
#ifndef AFTERCARE_REQUEST_INTERNAL_H
#define AFTERCARE_REQUEST_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include "request.h"

/* For a caller that passes no limits. */
extern const struct limits req_no_limits;

/* Append one entry, growing the array in the arena. */
void params_push(struct arena *a, struct params *p, const char *name,
                 const char *value, size_t len);
void uploads_push(struct arena *a, struct uploads *u, const struct upload *up);

/* RFC 7230 optional whitespace. */
static inline bool is_ows(char c)
{
	return c == ' ' || c == '\t';
}

#endif

/*
 * fuzz.h — what every libFuzzer harness shares: a property check that
 * aborts (so libFuzzer keeps the input as a crash), and a way to cut the
 * fuzzer's bytes into NUL-terminated strings the parsers expect.
 */
#ifndef AFTERCARE_FUZZ_H
#define AFTERCARE_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define PROPERTY(cond)                                                        \
	do {                                                                  \
		if (!(cond)) {                                                \
			fprintf(stderr, "%s:%d: property violated: %s\n",     \
			        __FILE__, __LINE__, #cond);                   \
			abort();                                              \
		}                                                             \
	} while (0)

/* A heap copy of exactly n bytes (so ASan sees any read past them), or of
 * n bytes plus a NUL when terminate is set. Never NULL. */
static inline char *fuzz_copy(const uint8_t *data, size_t n, int terminate)
{
	char *p = malloc(n + (terminate ? 1 : 0) + (n == 0));

	if (!p)
		abort();
	if (n)
		memcpy(p, data, n);
	if (terminate)
		p[n] = '\0';
	return p;
}

/* Splits [*data, *data + *size) at the first byte sep: the part before
 * it as a fresh NUL-terminated string (the whole rest if sep is absent);
 * *data and *size move past the separator. */
static inline char *fuzz_take(const uint8_t **data, size_t *size, uint8_t sep)
{
	const uint8_t *hit = memchr(*data, sep, *size);
	size_t n = hit ? (size_t)(hit - *data) : *size;
	char *s = fuzz_copy(*data, n, 1);

	*data += hit ? n + 1 : n;
	*size -= hit ? n + 1 : n;
	return s;
}

#endif

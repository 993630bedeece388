/*
 * random.c — the one source of randomness (session ids, CSRF tokens,
 * keys): OpenSSL's CSPRNG, and no silent fallback when it fails.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>

#include <openssl/rand.h>

#include "util.h"

void random_bytes(void *out, size_t n)
{
	unsigned char *p = out;

	while (n > 0) {
		int step = n > INT_MAX ? INT_MAX : (int)n;

		if (RAND_bytes(p, step) != 1) {
			fprintf(stderr, "aftercare: RAND_bytes failed\n");
			abort();
		}
		p += step;
		n -= (size_t)step;
	}
}

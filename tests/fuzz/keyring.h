/*
 * keyring.h — the fixed key ring the session harnesses sign with: three
 * keys with fixed bytes, so a crash replays the same way anywhere.
 */
#ifndef AFTERCARE_FUZZ_KEYRING_H
#define AFTERCARE_FUZZ_KEYRING_H

#include "session.h"

static const int fuzz_key_ids[] = {1, 7, 999999};

static inline void fuzz_keyring(struct keyring *kr)
{
	memset(kr, 0, sizeof *kr);
	kr->n = (int)(sizeof fuzz_key_ids / sizeof fuzz_key_ids[0]);
	for (int i = 0; i < kr->n; i++) {
		kr->keys[i].id = fuzz_key_ids[i];
		for (int k = 0; k < KEY_LEN; k++)
			kr->keys[i].k[k] = (unsigned char)(31 * i + 7 * k + 1);
	}
}

/* The same ring with key i first: the ring that signs with key i. */
static inline void fuzz_keyring_first(struct keyring *kr, int i)
{
	struct key first;

	fuzz_keyring(kr);
	first = kr->keys[i];
	kr->keys[i] = kr->keys[0];
	kr->keys[0] = first;
}

#endif

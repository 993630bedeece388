/*
 * fuzz_token.c — token_verify, the session-token decoder, with a fixed
 * key ring. Random tokens cannot forge a MAC, so the input is read two
 * ways: as a whole token, and as a payload ("kid.kind.subject.iat.exp.
 * epoch" in any bytes) that the harness signs itself with the right key,
 * which drives the payload parser behind the MAC check.
 * Properties: a token that verifies re-signs to exactly the same bytes
 * (one spelling per session), and touching any byte of it breaks it.
 */
#include <openssl/hmac.h>

#include "fuzz.h"
#include "keyring.h"

/* Which key of the fuzz ring has this id, or -1. */
static int key_index(long long kid)
{
	for (int i = 0; i < (int)(sizeof fuzz_key_ids / sizeof fuzz_key_ids[0]); i++)
		if (fuzz_key_ids[i] == kid)
			return i;
	return -1;
}

/* The kid as the payload spells it, if it is one of ours; else key 0. */
static int payload_key(const uint8_t *p, size_t n)
{
	long long kid = 0;

	for (size_t i = 0; i < n && i < 7 && p[i] >= '0' && p[i] <= '9'; i++)
		kid = kid * 10 + (p[i] - '0');
	return key_index(kid) < 0 ? 0 : key_index(kid);
}

static void check_verified(const struct keyring *kr, const char *tok,
                           const struct session *s, time_t now)
{
	struct arena *a = arena_new();
	struct keyring signer;
	long long kid = 0;
	struct session again;
	const char *p;
	char *re, *bad;
	size_t len = strlen(tok);
	unsigned char payload[200];
	long n;

	/* The kid inside the token picks the key that re-signs it. */
	p = strchr(tok + 3, '.');
	PROPERTY(p != NULL);
	n = b64url_decode(tok + 3, (size_t)(p - tok - 3), payload);
	PROPERTY(n > 0);
	for (long i = 0; i < n && payload[i] != '.'; i++)
		kid = kid * 10 + (payload[i] - '0');
	PROPERTY(key_index(kid) >= 0);
	fuzz_keyring_first(&signer, key_index(kid));

	PROPERTY(s->kind == SUBJECT_CUSTOMER || s->kind == SUBJECT_STAFF);
	PROPERTY(now < s->exp && now < s->iat + SESSION_ABSOLUTE);
	re = token_sign(a, &signer, s);
	PROPERTY(re != NULL && strcmp(re, tok) == 0);

	/* Any single changed byte is refused. */
	bad = astrdup(a, tok);
	for (size_t i = 0; i < len; i += 1 + len / 16) {
		bad[i] ^= 0x01;
		PROPERTY(token_verify(kr, bad, now, &again) != TOKEN_OK);
		bad[i] ^= 0x01;
	}
	PROPERTY(token_verify(kr, bad, now, &again) == TOKEN_OK);
	arena_free(a);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct keyring kr;
	struct session s;
	unsigned char mac[32];
	unsigned int maclen = 0;
	char *tok, *signed_tok, *b64;
	size_t blen;
	enum token_err e;
	/* A time before any token's exp and iat + ABSOLUTE: whatever parses
	 * verifies, so every accepted payload reaches the properties. */
	const time_t early = -(time_t)SESSION_ABSOLUTE - 1;

	fuzz_keyring(&kr);

	/* 1. The bytes as a token. */
	tok = fuzz_copy(data, size, 1);
	e = token_verify(&kr, tok, early, &s);
	PROPERTY(e >= TOKEN_OK && e <= TOKEN_EXPIRED);
	if (e == TOKEN_OK)
		check_verified(&kr, tok, &s, early);
	free(tok);

	/* 2. The bytes as a payload, correctly signed. */
	if (size > 128)
		return 0;
	b64 = malloc(4 * (size / 3 + 1) + 1);
	blen = b64url_encode(data, size, b64);
	signed_tok = malloc(3 + blen + 1 + 43 + 1);
	memcpy(signed_tok, "v1.", 3);
	memcpy(signed_tok + 3, b64, blen + 1);
	if (!HMAC(EVP_sha256(), kr.keys[payload_key(data, size)].k, KEY_LEN,
	          (const unsigned char *)signed_tok, 3 + blen, mac, &maclen) ||
	    maclen != 32)
		abort();
	signed_tok[3 + blen] = '.';
	b64url_encode(mac, 32, signed_tok + 3 + blen + 1);
	e = token_verify(&kr, signed_tok, early, &s);
	PROPERTY(e != TOKEN_BADMAC);
	if (e == TOKEN_OK) {
		check_verified(&kr, signed_tok, &s, early);
		/* And it expires: at exp, and at iat + ABSOLUTE. */
		PROPERTY(token_verify(&kr, signed_tok, s.exp, &s) == TOKEN_EXPIRED);
	}
	free(signed_tok);
	free(b64);
	return 0;
}

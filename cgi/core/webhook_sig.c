/*
 * webhook_sig.c — Standard Webhooks signing (webhook_sig.h) with OpenSSL's
 * HMAC and standard base64; the receiver verifies with its own library.
 */
#include <stdio.h>
#include <string.h>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include "webhook_sig.h"

#define KEY_MAX 64

/* The secret's key bytes into key; their number, or -1. */
static int secret_key(const char *secret, unsigned char key[KEY_MAX + 3])
{
	const char *b64;
	size_t n, pad = 0;
	int len;

	if (strncmp(secret, "whsec_", 6) != 0)
		return -1;
	b64 = secret + 6;
	n = strlen(b64);
	if (n == 0 || n % 4 != 0 || n / 4 * 3 > KEY_MAX + 3 || strspn(b64,
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=") != n)
		return -1;
	while (pad < 2 && b64[n - 1 - pad] == '=')
		pad++;
	if (memchr(b64, '=', n - pad))
		return -1;
	/* EVP_DecodeBlock counts the padding's zero bytes too */
	if ((len = EVP_DecodeBlock(key, (const unsigned char *)b64, (int)n)) < 0 ||
	    len - (int)pad < 1 || len - (int)pad > KEY_MAX)
		return -1;
	return len - (int)pad;
}

int webhook_sign(const char *secret, const char *msg_id, long long timestamp,
                 const char *body, size_t body_len, char out[WEBHOOK_SIG_MAX])
{
	unsigned char key[KEY_MAX + 3], mac[EVP_MAX_MD_SIZE];
	OSSL_PARAM params[] = {
		OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, (char *)"SHA256", 0),
		OSSL_PARAM_construct_end(),
	};
	EVP_MAC *hmac = NULL;
	EVP_MAC_CTX *c = NULL;
	size_t maclen = 0;
	char ts[24];
	int keylen, tslen, ok;

	if ((keylen = secret_key(secret, key)) < 0)
		return -1;
	tslen = snprintf(ts, sizeof ts, ".%lld.", timestamp);
	/* id "." timestamp "." body, fed in pieces: the body is not copied */
	ok = (hmac = EVP_MAC_fetch(NULL, "HMAC", NULL)) && (c = EVP_MAC_CTX_new(hmac)) &&
	     EVP_MAC_init(c, key, (size_t)keylen, params) &&
	     EVP_MAC_update(c, (const unsigned char *)msg_id, strlen(msg_id)) &&
	     EVP_MAC_update(c, (const unsigned char *)ts, (size_t)tslen) &&
	     EVP_MAC_update(c, (const unsigned char *)body, body_len) &&
	     EVP_MAC_final(c, mac, &maclen, sizeof mac) && maclen == 32;
	EVP_MAC_CTX_free(c);
	EVP_MAC_free(hmac);
	OPENSSL_cleanse(key, sizeof key);
	if (!ok)
		return -1;
	memcpy(out, "v1,", 3);
	EVP_EncodeBlock((unsigned char *)out + 3, mac, (int)maclen);
	return 0;
}

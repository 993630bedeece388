/*
 * totp.c — see totp.h. liboath needs oath_init() once before use; it is
 * called once per process (pthread_once), never oath_done().
 */
#include <ctype.h>
#include <liboath/oath.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "session.h"
#include "totp.h"

static pthread_once_t oath_once = PTHREAD_ONCE_INIT;
static int oath_status;

static void oath_start(void)
{
	oath_status = oath_init();
}

static bool oath_ready(void)
{
	pthread_once(&oath_once, oath_start);
	return oath_status == OATH_OK;
}

void totp_secret_new(char out[TOTP_SECRET_B32 + 1])
{
	unsigned char raw[TOTP_SECRET_BYTES];
	char *b32 = NULL;
	size_t n = 0;

	random_bytes(raw, sizeof raw);
	if (!oath_ready() ||
	    oath_base32_encode((const char *)raw, sizeof raw, &b32, &n) != OATH_OK ||
	    n < TOTP_SECRET_B32)
		abort(); /* 20 bytes always encode to 32 characters */
	memcpy(out, b32, TOTP_SECRET_B32);
	out[TOTP_SECRET_B32] = '\0';
	free(b32);
}

bool totp_check(const char *secret_b32, const char *code, time_t now, long long *step)
{
	char *secret = NULL;
	size_t n = 0;
	int pos = 0, rc;
	uint64_t counter = 0;

	*step = 0;
	if (!code || strlen(code) != TOTP_DIGITS || !secret_b32 || !*secret_b32)
		return false;
	for (const char *p = code; *p; p++)
		if (!isdigit((unsigned char)*p))
			return false;
	if (!oath_ready() ||
	    oath_base32_decode(secret_b32, strlen(secret_b32), &secret, &n) != OATH_OK)
		return false;
	rc = oath_totp_validate3(secret, n, now, TOTP_STEP, 0, TOTP_WINDOW, &pos, &counter, code);
	free(secret);
	if (rc < 0)
		return false;
	*step = (long long)counter;
	return true;
}

char *totp_uri(struct arena *a, const char *issuer, const char *account,
               const char *secret_b32)
{
	struct buf b = {0};
	char *s;

	buf_puts(&b, "otpauth://totp/");
	buf_url_encode(&b, issuer);
	buf_puts(&b, ":");
	buf_url_encode(&b, account);
	buf_printf(&b, "?secret=%s&issuer=", secret_b32);
	buf_url_encode(&b, issuer);
	buf_printf(&b, "&algorithm=SHA1&digits=%d&period=%d", TOTP_DIGITS, TOTP_STEP);
	s = astrdup(a, b.p);
	buf_free(&b);
	return s;
}

char *totp_secret_grouped(struct arena *a, const char *secret_b32)
{
	size_t n = strlen(secret_b32);
	char *out = amalloc(a, n + n / 4 + 1), *o = out;

	for (size_t i = 0; i < n; i++) {
		if (i && i % 4 == 0)
			*o++ = ' ';
		*o++ = secret_b32[i];
	}
	*o = '\0';
	return out;
}

static const char recovery_alphabet[] = "abcdefghjkmnpqrstuvwxyz23456789"; /* 31 */

void recovery_code_new(char out[RECOVERY_LEN + 1])
{
	unsigned char raw[RECOVERY_LEN];
	size_t k = sizeof recovery_alphabet - 1;

	for (size_t i = 0; i < RECOVERY_LEN; i++) {
		if (i == 5) {
			out[i] = '-';
			continue;
		}
		/* rejection sampling: no bias towards the first letters */
		do
			random_bytes(&raw[i], 1);
		while (raw[i] >= 256 - 256 % k);
		out[i] = recovery_alphabet[raw[i] % k];
	}
	out[RECOVERY_LEN] = '\0';
}

bool recovery_code_hash(const char *typed, char out[65])
{
	char plain[RECOVERY_LEN];
	size_t n = 0;

	if (!typed)
		return false;
	for (const char *p = typed; *p; p++) {
		char c = (char)tolower((unsigned char)*p);

		if (c == '-' || c == ' ')
			continue;
		if (n == RECOVERY_LEN - 1 || !strchr(recovery_alphabet, c) || c == '\0')
			return false;
		plain[n++] = c;
	}
	if (n != RECOVERY_LEN - 1)
		return false;
	sha256_hex(plain, n, out);
	return true;
}

/*
 * totp.h — the staff's second factor: TOTP (RFC 6238: SHA-1, 6 digits, 30 s
 * steps) through Debian's liboath, which does the HOTP arithmetic and the
 * base32; this file only chooses the parameters, makes secrets and
 * one-time recovery codes, and spells the otpauth:// URI an authenticator
 * app scans. Pure apart from random_bytes().
 */
#ifndef AFTERCARE_TOTP_H
#define AFTERCARE_TOTP_H

#include <stdbool.h>
#include <time.h>

#include "util.h"

#define TOTP_STEP 30       /* seconds of one code */
#define TOTP_DIGITS 6
#define TOTP_WINDOW 1      /* steps either side of now still accepted (clock drift) */
#define TOTP_SECRET_BYTES 20
#define TOTP_SECRET_B32 32 /* base32 characters of a secret, no padding */
#define RECOVERY_CODES 10  /* made at each enrolment */
#define RECOVERY_LEN 11    /* "xxxxx-xxxxx" */

/* A new random secret as base32 (A-Z2-7), NUL-terminated. */
void totp_secret_new(char out[TOTP_SECRET_B32 + 1]);
/* Is code (exactly six digits) the code of secret (base32) at a step within
 * TOTP_WINDOW of now? *step: the time step it belongs to (for the replay
 * check: a step is accepted at most once). */
bool totp_check(const char *secret_b32, const char *code, time_t now, long long *step);
/* otpauth://totp/ISSUER:ACCOUNT?secret=…&issuer=ISSUER&… (label and
 * issuer percent-encoded). */
char *totp_uri(struct arena *a, const char *issuer, const char *account,
               const char *secret_b32);
/* The secret in groups of four for reading aloud or typing. */
char *totp_secret_grouped(struct arena *a, const char *secret_b32);
/* A new recovery code "xxxxx-xxxxx" (lower-case letters and digits without
 * 0, 1, i, l, o: about 49 bits). */
void recovery_code_new(char out[RECOVERY_LEN + 1]);
/* A typed recovery code in its stored form (lower case, dashes and blanks
 * dropped) as SHA-256 hex; false when it cannot be one. */
bool recovery_code_hash(const char *typed, char out[65]);

#endif

/*
 * session.h — who is asking: signed session tokens, CSRF tokens bound to a
 * session, and scrypt password hashes (DESIGN.md §4). No I/O except loading
 * or creating the key file.
 */
#ifndef AFTERCARE_SESSION_H
#define AFTERCARE_SESSION_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "util.h"

#define KEY_LEN 32
#define KEYRING_MAX 4

#define SESSION_IDLE (30 * 60)         /* idle timeout */
#define SESSION_ABSOLUTE (12 * 3600)   /* absolute lifetime from sign-in */

struct key {
	int id;                       /* key id, 1..999999 */
	unsigned char k[KEY_LEN];
};

/* keys[0] signs; every key verifies (rotation: add a new first line). */
struct keyring {
	struct key keys[KEYRING_MAX];
	int n;
};

/* Key file: one key per line, "ID HEX64", newest first, mode 0600.
 * If the file does not exist it is created with one fresh key (mode 0600,
 * O_EXCL so two starting daemons cannot both write it). 0 ok, -1 error. */
int keyring_load(const char *path, struct keyring *kr);

enum subject_kind { SUBJECT_CUSTOMER = 'c', SUBJECT_STAFF = 's' };

struct session {
	long long subject; /* customers.id or staff.id */
	char kind;         /* SUBJECT_CUSTOMER or SUBJECT_STAFF */
	time_t iat;        /* sign-in time: absolute limit counts from here */
	time_t exp;        /* idle expiry: min(last use + IDLE, iat + ABSOLUTE) */
	long long epoch;   /* must equal the account's session_epoch */
};

/* "v1.<payload>.<mac>", payload and mac base64url; payload carries kid,
 * kind, subject, iat, exp, epoch as "kid.kind.subject.iat.exp.epoch"
 * (decimal, no leading zeros); mac = HMAC(key, "v1." + payload).
 * NULL if s cannot be signed (empty ring, kind not c/s, negative field). */
char *token_sign(struct arena *a, const struct keyring *kr,
                 const struct session *s);

enum token_err {
	TOKEN_OK = 0,
	TOKEN_MALFORMED, /* wrong version, shape, base64, or payload fields */
	TOKEN_BADKEY,    /* unknown key id */
	TOKEN_BADMAC,    /* MAC does not match */
	TOKEN_EXPIRED    /* now >= exp or now >= iat + ABSOLUTE */
};
enum token_err token_verify(const struct keyring *kr, const char *tok,
                            time_t now, struct session *out);

/* A session seen again: a new exp = min(now + IDLE, iat + ABSOLUTE). */
void session_touch(struct session *s, time_t now);

/* CSRF token bound to a string that names the session (see
 * session_binding) or, before sign-in, the anonymous "pre" cookie.
 * base64url(HMAC(key0, "csrf\n" + binding)); NULL for an empty binding. */
char *csrf_token(struct arena *a, const struct keyring *kr,
                 const char *binding);
/* Constant-time check against every key of the ring. */
bool csrf_valid(const struct keyring *kr, const char *binding,
                const char *token);
/* "c:42:1700000000:3" — kind, subject, iat, epoch: stable for one sign-in. */
char *session_binding(struct arena *a, const struct session *s);

/* HMAC-SHA256 over "link\n" + data with keys[0], base64url; used for
 * signed links (the prefix keeps these MACs apart from tokens and CSRF).
 * sign_valid accepts a MAC from any key of the ring, in constant time. */
char *sign_string(struct arena *a, const struct keyring *kr, const char *data);
bool sign_valid(const struct keyring *kr, const char *data, const char *mac);

/* scrypt N=2^15 r=8 p=1, 16-byte salt, 32-byte hash, stored as
 * "scrypt$15$8$1$<salt b64url>$<hash b64url>". */
#define PASSWORD_MIN 8      /* characters of a new password, at least */
#define PASSWORD_MAX 128    /* bytes, at most */
#define PASSWORD_HASH_MAX 128
int password_hash(const char *pw, char out[PASSWORD_HASH_MAX]);
/* False for a wrong password or a stored string of another shape. */
bool password_verify(const char *pw, const char *stored);
/* Burn the same time as a verify, for accounts that do not exist. */
void password_dummy_verify(const char *pw);

/* SHA-256 hex of data (API keys, attachment digests). out: 65 bytes. */
void sha256_hex(const void *data, size_t n, char out[65]);

#endif

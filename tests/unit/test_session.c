/*
 * test_session.c — session tokens, CSRF tokens, signed links, passwords and
 * the key file. Tokens with a chosen payload are forged here with OpenSSL's
 * own HMAC() so the strict payload parser can be probed behind a good MAC.
 * The scrypt vector was computed with both `openssl kdf ... SCRYPT` and
 * Python's hashlib.scrypt (N=32768, r=8, p=1, salt 00..0f, 32 bytes).
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "session.h"
#include "t.h"

void tests_session(void);

#define T0 ((time_t)1763600000) /* 2025-11-20 00:53:20 UTC */

static void ring_one(struct keyring *kr, int id, unsigned char fill)
{
	memset(kr, 0, sizeof *kr);
	kr->n = 1;
	kr->keys[0].id = id;
	for (int i = 0; i < KEY_LEN; i++)
		kr->keys[0].k[i] = (unsigned char)(fill + i);
}

static struct session sess(char kind, long long subject, time_t iat, time_t exp,
                           long long epoch)
{
	struct session s = {.subject = subject, .kind = kind, .iat = iat, .exp = exp,
	                    .epoch = epoch};
	return s;
}

/* "v1.<b64 payload>.<b64 HMAC(key, "v1." + b64 payload)>", built without
 * session.c; payload may hold any bytes (n of them). */
static char *forge(struct arena *a, const struct key *k, const char *payload,
                   size_t n)
{
	char *p64 = amalloc(a, n * 4 / 3 + 4), *m64 = amalloc(a, 48);
	char *signed_part;
	unsigned char mac[EVP_MAX_MD_SIZE];
	unsigned int maclen = 0;

	b64url_encode((const unsigned char *)payload, n, p64);
	signed_part = aprintf(a, "v1.%s", p64);
	HMAC(EVP_sha256(), k->k, KEY_LEN, (const unsigned char *)signed_part,
	     strlen(signed_part), mac, &maclen);
	b64url_encode(mac, maclen, m64);
	return aprintf(a, "%s.%s", signed_part, m64);
}

static enum token_err verify_forged(struct arena *a, const struct keyring *kr,
                                    const char *payload)
{
	struct session s;

	return token_verify(kr, forge(a, &kr->keys[0], payload, strlen(payload)),
	                    T0 + 60, &s);
}

/* Replace the character at i with another alphabet character. */
static char *flip(struct arena *a, const char *tok, size_t i)
{
	char *t = astrdup(a, tok);

	t[i] = t[i] == 'A' ? 'B' : 'A';
	return t;
}

/* ---------------------------------------------------------------- tokens */

static void test_token_shape(struct arena *a)
{
	struct keyring kr;
	struct session s = sess(SUBJECT_CUSTOMER, 42, T0, T0 + SESSION_IDLE, 3), got;
	char *tok = NULL, *dot, payload[128], want[128];
	long n;

	ring_one(&kr, 7, 0x10);
	tok = token_sign(a, &kr, &s);
	CHECK(tok != NULL, "token_sign signs a session");
	if (!tok)
		return;
	CHECK(strncmp(tok, "v1.", 3) == 0, "token starts with v1.");
	dot = strchr(tok + 3, '.');
	CHECK(dot && strchr(dot + 1, '.') == NULL && strlen(dot + 1) == 43,
	      "token is v1.<payload>.<43-char mac>");
	if (!dot)
		return;
	n = b64url_decode(tok + 3, (size_t)(dot - (tok + 3)), (unsigned char *)payload);
	if (n >= 0)
		payload[n] = '\0';
	snprintf(want, sizeof want, "7.c.42.%lld.%lld.3", (long long)T0,
	         (long long)(T0 + SESSION_IDLE));
	CHECK_STR(n >= 0 ? payload : NULL, want, "payload is kid.kind.subject.iat.exp.epoch");
	CHECK_STR(tok, forge(a, &kr.keys[0], want, strlen(want)),
	          "mac is HMAC-SHA256(key, \"v1.\" + payload) in base64url");

	CHECK(token_verify(&kr, tok, T0 + 1, &got) == TOKEN_OK, "round trip verifies");
	CHECK(got.subject == 42 && got.kind == SUBJECT_CUSTOMER && got.iat == T0 &&
	      got.exp == T0 + SESSION_IDLE && got.epoch == 3,
	      "round trip gives back every field");

	s = sess(SUBJECT_STAFF, 9000000000000LL, T0, T0 + 5, 0);
	tok = token_sign(a, &kr, &s);
	CHECK(token_verify(&kr, tok, T0, &got) == TOKEN_OK && got.kind == SUBJECT_STAFF &&
	      got.subject == 9000000000000LL && got.epoch == 0,
	      "staff token with a large subject and epoch 0 round-trips");

	s.kind = 'x';
	CHECK(token_sign(a, &kr, &s) == NULL, "token_sign refuses an unknown kind");
	s = sess(SUBJECT_CUSTOMER, -1, T0, T0 + 5, 0);
	CHECK(token_sign(a, &kr, &s) == NULL, "token_sign refuses a negative subject");
	kr.n = 0;
	s = sess(SUBJECT_CUSTOMER, 1, T0, T0 + 5, 0);
	CHECK(token_sign(a, &kr, &s) == NULL, "token_sign refuses an empty key ring");
}

static void test_token_tampering(struct arena *a)
{
	struct keyring kr, other_key, other_id;
	struct session s = sess(SUBJECT_CUSTOMER, 42, T0, T0 + SESSION_IDLE, 3), got;
	char *tok, *dot, *t, *forged, want[128];
	size_t plen;

	ring_one(&kr, 1, 0x10);
	ring_one(&other_key, 1, 0x80); /* same id, another secret */
	ring_one(&other_id, 2, 0x10);  /* same secret, another id */
	tok = token_sign(a, &kr, &s);
	if (!tok) {
		CHECK(0, "token_sign for tampering tests");
		return;
	}
	dot = strchr(tok + 3, '.');
	plen = (size_t)(dot - tok);

	CHECK(token_verify(&kr, flip(a, tok, plen - 8), T0, &got) == TOKEN_BADMAC,
	      "a changed payload character fails the MAC");
	/* A well-formed payload for someone else under the old MAC. */
	snprintf(want, sizeof want, "1.c.43.%lld.%lld.3", (long long)T0,
	         (long long)(T0 + SESSION_IDLE));
	forged = forge(a, &other_key.keys[0], want, strlen(want));
	t = aprintf(a, "%.*s%s", (int)(strchr(forged + 3, '.') - forged), forged, dot);
	CHECK(token_verify(&kr, t, T0, &got) == TOKEN_BADMAC,
	      "another subject's payload with this token's MAC fails");
	CHECK(got.subject == 0 && got.kind == 0, "a refused token leaves out zeroed");
	CHECK(token_verify(&kr, flip(a, tok, plen + 1), T0, &got) == TOKEN_BADMAC,
	      "a changed MAC character fails");

	CHECK(token_verify(&kr, astrndup(a, tok, strlen(tok) - 1), T0, &got) ==
	      TOKEN_MALFORMED, "a token missing its last character is malformed");
	CHECK(token_verify(&kr, astrndup(a, tok, plen), T0, &got) == TOKEN_MALFORMED,
	      "a token without its MAC is malformed");
	CHECK(token_verify(&kr, "v1.", T0, &got) == TOKEN_MALFORMED, "\"v1.\" is malformed");
	CHECK(token_verify(&kr, "", T0, &got) == TOKEN_MALFORMED, "empty token is malformed");
	CHECK(token_verify(&kr, NULL, T0, &got) == TOKEN_MALFORMED, "NULL token is malformed");

	t = astrdup(a, tok);
	t[1] = '2';
	CHECK(token_verify(&kr, t, T0, &got) == TOKEN_MALFORMED, "version v2 is refused");
	t = astrdup(a, tok);
	t[0] = 'V';
	CHECK(token_verify(&kr, t, T0, &got) == TOKEN_MALFORMED, "version V1 is refused");
	CHECK(token_verify(&kr, tok + 3, T0, &got) == TOKEN_MALFORMED,
	      "a token without version prefix is refused");

	CHECK(token_verify(&kr, aprintf(a, "%s.", tok), T0, &got) == TOKEN_MALFORMED,
	      "a trailing dot is refused");
	CHECK(token_verify(&kr, aprintf(a, "%s.AAAA", tok), T0, &got) == TOKEN_MALFORMED,
	      "a fourth part is refused");
	CHECK(token_verify(&kr, aprintf(a, "v1.%s", tok + 2), T0, &got) == TOKEN_MALFORMED,
	      "an empty payload part (v1..) is refused");
	CHECK(token_verify(&kr, aprintf(a, "%s=", tok), T0, &got) == TOKEN_MALFORMED,
	      "base64 padding is refused");
	t = aprintf(a, "%.*s+%s", (int)(plen - 1), tok, tok + plen);
	CHECK(token_verify(&kr, t, T0, &got) == TOKEN_MALFORMED,
	      "a character outside base64url is refused");
	t = amalloc(a, 700);
	memset(t, 'A', 699);
	memcpy(t, "v1.", 3);
	t[600] = '.';
	CHECK(token_verify(&kr, t, T0, &got) == TOKEN_MALFORMED,
	      "a 699-byte token is refused unread");

	CHECK(token_verify(&other_id, tok, T0, &got) == TOKEN_BADKEY,
	      "a token whose key id is not in the ring is BADKEY");
	CHECK(token_verify(&other_key, tok, T0, &got) == TOKEN_BADMAC,
	      "a token signed by another key with the same id is BADMAC");
}

static void test_token_payload_strict(struct arena *a)
{
	struct keyring kr;
	char ok[128];
	static const char *const bad[] = {
		"1.c.042.1763600000.1763601800.3",       /* leading zero */
		"1.c.-42.1763600000.1763601800.3",       /* sign */
		"1.c.+42.1763600000.1763601800.3",
		"1.c.42.1763600000.1763601800",          /* five fields */
		"1.c.42.1763600000.1763601800.3.4",      /* seven fields */
		"1.c.42.1763600000.1763601800.3.",
		"1.c..1763600000.1763601800.3",          /* empty field */
		"1.x.42.1763600000.1763601800.3",        /* unknown kind */
		"1.cs.42.1763600000.1763601800.3",
		"1.c.99999999999999999999.1763600000.1763601800.3", /* overflow */
		"1.c.9223372036854775808.1763600000.1763601800.3",  /* LLONG_MAX + 1 */
		"1.c.42.253402300800.253402300800.3",    /* past year 9999 */
		"1.c.42.1763600000.1763601800.3 ",
		" 1.c.42.1763600000.1763601800.3",
		"1.c.4 2.1763600000.1763601800.3",
		"01.c.42.1763600000.1763601800.3",       /* kid with a leading zero */
	};

	ring_one(&kr, 1, 0x33);
	snprintf(ok, sizeof ok, "1.c.42.%lld.%lld.3", (long long)T0,
	         (long long)(T0 + SESSION_IDLE));
	CHECK(verify_forged(a, &kr, ok) == TOKEN_OK, "forged well-formed payload verifies");
	CHECK(verify_forged(a, &kr, "1.c.9223372036854775807.1763600000.1763601800."
	                            "9223372036854775807") == TOKEN_OK,
	      "LLONG_MAX subject and epoch are accepted");
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		CHECK(verify_forged(a, &kr, bad[i]) == TOKEN_MALFORMED,
		      aprintf(a, "payload \"%s\" behind a good MAC is malformed", bad[i]));
	{
		char nul[64];
		int n = snprintf(nul, sizeof nul, "1.c.42.%lld.%lld.3", (long long)T0,
		                 (long long)(T0 + SESSION_IDLE));
		struct session s;

		nul[6] = '\0'; /* "1.c.42\0..." */
		CHECK(token_verify(&kr, forge(a, &kr.keys[0], nul, (size_t)n), T0 + 60, &s) ==
		      TOKEN_MALFORMED, "a NUL byte inside the payload is malformed");
	}
}

static void test_token_expiry(struct arena *a)
{
	struct keyring kr;
	struct session s = sess(SUBJECT_CUSTOMER, 5, T0, 0, 1), got;
	char *tok;

	ring_one(&kr, 1, 0x44);
	session_touch(&s, T0);
	CHECK(s.exp == T0 + 30 * 60, "a new session expires 30 minutes after sign-in");
	tok = token_sign(a, &kr, &s);
	CHECK(token_verify(&kr, tok, T0 + 30 * 60 - 1, &got) == TOKEN_OK,
	      "valid one second before exp");
	CHECK(token_verify(&kr, tok, T0 + 30 * 60, &got) == TOKEN_EXPIRED,
	      "expired at exactly exp");

	/* A token whose exp lies past the absolute limit (not made by
	 * session_touch) still dies 12 hours after sign-in. */
	s = sess(SUBJECT_CUSTOMER, 5, T0, T0 + 24 * 3600, 1);
	tok = token_sign(a, &kr, &s);
	CHECK(token_verify(&kr, tok, T0 + 12 * 3600 - 1, &got) == TOKEN_OK,
	      "valid one second before iat + 12 h");
	CHECK(token_verify(&kr, tok, T0 + 12 * 3600, &got) == TOKEN_EXPIRED,
	      "expired at iat + 12 h whatever exp says");

	s = sess(SUBJECT_CUSTOMER, 5, T0, 0, 1);
	session_touch(&s, T0 + 3600);
	CHECK(s.exp == T0 + 3600 + 30 * 60, "touch moves exp to now + 30 min");
	session_touch(&s, T0 + 12 * 3600 - 100);
	CHECK(s.exp == T0 + 12 * 3600, "touch near the end stops at iat + 12 h");
	session_touch(&s, T0 + 13 * 3600);
	CHECK(s.exp == T0 + 12 * 3600, "touch after the end never extends past iat + 12 h");
}

/* ------------------------------------------------------ CSRF and links */

static void test_csrf(struct arena *a)
{
	struct keyring kr, other, rotated;
	struct session s = sess(SUBJECT_CUSTOMER, 42, 1700000000, 1700001800, 3);
	const char *b1, *b2, *tok;

	ring_one(&kr, 1, 0x50);
	ring_one(&other, 1, 0x60);
	rotated = other;
	rotated.keys[1] = kr.keys[0];
	rotated.keys[0].id = 2;
	rotated.n = 2;

	b1 = session_binding(a, &s);
	CHECK_STR(b1, "c:42:1700000000:3", "session_binding is kind:subject:iat:epoch");
	s.epoch = 4;
	b2 = session_binding(a, &s);

	tok = csrf_token(a, &kr, b1);
	CHECK(tok && strlen(tok) == 43, "csrf token is 43 base64url characters");
	CHECK(csrf_valid(&kr, b1, tok), "csrf token valid for its binding");
	CHECK(!csrf_valid(&kr, b2, tok), "csrf token invalid after the epoch changed");
	CHECK(!csrf_valid(&kr, "pre:AAAAAAAAAAAAAAAAAAAAAA", tok),
	      "csrf token invalid for another binding");
	CHECK(!csrf_valid(&kr, b1, flip(a, tok, 0)), "a changed csrf token is invalid");
	CHECK(!csrf_valid(&kr, b1, astrndup(a, tok, 42)), "a truncated csrf token is invalid");
	CHECK(!csrf_valid(&kr, b1, ""), "an empty csrf token is invalid");
	CHECK(!csrf_valid(&kr, b1, NULL), "a missing csrf token is invalid");
	CHECK(!csrf_valid(&kr, "", csrf_token(a, &kr, "x")), "an empty binding never validates");
	CHECK(csrf_token(a, &kr, "") == NULL, "no csrf token for an empty binding");
	CHECK(!csrf_valid(&other, b1, tok), "csrf token invalid under another key");
	CHECK(csrf_valid(&rotated, b1, tok), "csrf token from the previous key still valid");
	CHECK(strcmp(csrf_token(a, &rotated, b1), tok) != 0,
	      "new csrf tokens use the newest key");

	tok = sign_string(a, &kr, "survey:17:1766200000");
	CHECK(tok && strlen(tok) == 43, "sign_string gives 43 base64url characters");
	CHECK(sign_valid(&kr, "survey:17:1766200000", tok), "signed string verifies");
	CHECK(!sign_valid(&kr, "survey:18:1766200000", tok), "other data does not verify");
	CHECK(!sign_valid(&kr, "survey:17:1766200000", flip(a, tok, 3)),
	      "a changed signature does not verify");
	CHECK(!sign_valid(&other, "survey:17:1766200000", tok),
	      "a signature under another key does not verify");
	CHECK(sign_valid(&rotated, "survey:17:1766200000", tok),
	      "a signature from the previous key still verifies");
	CHECK(!csrf_valid(&kr, "survey:17:1766200000", tok) &&
	      !sign_valid(&kr, b1, csrf_token(a, &kr, b1)),
	      "link signatures and csrf tokens are not interchangeable");
}

/* ------------------------------------------------------------- passwords */

static double seconds_since(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) + (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

static void test_passwords(struct arena *a)
{
	static const char vector[] = "scrypt$15$8$1$AAECAwQFBgcICQoLDA0ODw$"
	                             "XGYmKKxOsQaKKH4qoqICriSOmNsE1h0zJ-c0LbbscJc";
	char h[PASSWORD_HASH_MAX];
	struct timespec t0;
	double verify_s, dummy_s;
	char *bad;

	CHECK(password_hash("秘密 password", h) == 0, "password_hash succeeds");
	CHECK(strncmp(h, "scrypt$15$8$1$", 14) == 0 && strlen(h) == 14 + 22 + 1 + 43 &&
	      h[36] == '$', "stored hash is scrypt$15$8$1$<22 salt>$<43 hash>");
	CHECK(password_verify("秘密 password", h), "the right password verifies");
	CHECK(!password_verify("秘密 passworD", h), "a wrong password does not verify");

	clock_gettime(CLOCK_MONOTONIC, &t0);
	CHECK(password_verify("correct horse", vector),
	      "verifies an independently computed scrypt N=2^15 r=8 p=1 hash");
	verify_s = seconds_since(&t0);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	password_dummy_verify("correct horse");
	dummy_s = seconds_since(&t0);
	CHECK(dummy_s * 3 > verify_s, "dummy verify costs about as much as a real one");

	/* Malformed stored strings: refused before any scrypt work. */
	CHECK(!password_verify("correct horse", NULL), "NULL stored hash is refused");
	CHECK(!password_verify(NULL, vector), "NULL password is refused");
	CHECK(!password_verify("correct horse", ""), "empty stored hash is refused");
	CHECK(!password_verify("", "!"), "a locked-account marker is refused");
	bad = astrdup(a, vector);
	bad[8] = '4';
	CHECK(!password_verify("correct horse", bad), "N=2^14 is refused");
	bad = aprintf(a, "scrypt$15$8$2$%s", vector + 14);
	CHECK(!password_verify("correct horse", bad), "p=2 is refused");
	CHECK(!password_verify("correct horse", astrndup(a, vector, strlen(vector) - 1)),
	      "a truncated hash is refused");
	CHECK(!password_verify("correct horse", aprintf(a, "%sA", vector)),
	      "a hash with an extra character is refused");
	CHECK(!password_verify("correct horse", aprintf(a, "%s$", vector)),
	      "a trailing $ is refused");
	bad = astrdup(a, vector);
	bad[36] = '.';
	CHECK(!password_verify("correct horse", bad), "a wrong separator is refused");
	bad = astrdup(a, vector);
	bad[35] = 'x'; /* last salt character: non-zero leftover bits */
	CHECK(!password_verify("correct horse", bad),
	      "a second spelling of the salt is refused");
	bad = astrdup(a, vector);
	bad[20] = '/';
	CHECK(!password_verify("correct horse", bad), "standard-base64 characters are refused");
	bad = astrdup(a, vector);
	memcpy(bad, "SCRYPT", 6);
	CHECK(!password_verify("correct horse", bad), "another scheme name is refused");
}

static void test_sha256(void)
{
	char hex[65];

	sha256_hex("", 0, hex);
	CHECK_STR(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
	          "sha256 of the empty string (FIPS 180-2)");
	sha256_hex("abc", 3, hex);
	CHECK_STR(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
	          "sha256 of \"abc\" (FIPS 180-2)");
}

/* -------------------------------------------------------------- key file */

static int write_file(const char *path, const char *text, mode_t mode)
{
	size_t n = strlen(text);
	int fd, rc;

	unlink(path); /* it may be read-only from the test before */
	fd = open(path, O_CREAT | O_EXCL | O_WRONLY, 0600);
	if (fd < 0)
		return -1;
	rc = write(fd, text, n) == (ssize_t)n ? 0 : -1;
	close(fd);
	return rc || chmod(path, mode) ? -1 : 0;
}

static size_t read_file(const char *path, char *buf, size_t cap)
{
	int fd = open(path, O_RDONLY);
	ssize_t n;

	if (fd < 0)
		return 0;
	n = read(fd, buf, cap - 1);
	close(fd);
	buf[n > 0 ? n : 0] = '\0';
	return n > 0 ? (size_t)n : 0;
}

/* keyring_load with stderr sent to a file; *said: something was written. */
static int load_quietly(const char *dir, const char *path, struct keyring *kr,
                        bool *said)
{
	char errpath[512];
	int saved = dup(STDERR_FILENO), fd, rc;
	struct stat st;

	snprintf(errpath, sizeof errpath, "%s/stderr", dir);
	fflush(stderr);
	fd = open(errpath, O_CREAT | O_TRUNC | O_WRONLY, 0600);
	dup2(fd, STDERR_FILENO);
	close(fd);
	rc = keyring_load(path, kr);
	fflush(stderr);
	dup2(saved, STDERR_FILENO);
	close(saved);
	*said = stat(errpath, &st) == 0 && st.st_size > 0;
	unlink(errpath);
	return rc;
}

static const char hex1[] = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
static const char hex2[] = "F0E1D2C3B4A5968778695A4B3C2D1E0FF0E1D2C3B4A5968778695A4B3C2D1E0F";

struct race {
	const char *path;
	struct keyring kr;
	int rc;
};

static void *race_load(void *arg)
{
	struct race *r = arg;

	r->rc = keyring_load(r->path, &r->kr);
	return NULL;
}

static void test_keyring(struct arena *a)
{
	char dir[] = "/tmp/aftercare-keys-XXXXXX", text[512], hex[65];
	const char *path, *p;
	struct keyring kr, kr2, old;
	struct session s = sess(SUBJECT_STAFF, 8, T0, T0 + 600, 2), got;
	struct stat st;
	char *tok;
	bool said;
	int rc;

	if (!mkdtemp(dir)) {
		CHECK(0, "mkdtemp for key file tests");
		return;
	}
	path = aprintf(a, "%s/secret.key", dir);

	rc = load_quietly(dir, path, &kr, &said);
	CHECK(rc == 0 && kr.n == 1 && kr.keys[0].id == 1,
	      "a missing key file is created with one key, id 1");
	CHECK(stat(path, &st) == 0 && (st.st_mode & 0777) == 0600,
	      "the new key file has mode 0600");
	read_file(path, text, sizeof text);
	hex_encode(kr.keys[0].k, KEY_LEN, hex);
	CHECK_STR(text, aprintf(a, "1 %s\n", hex), "the file holds \"1 HEX64\\n\" of the key");
	CHECK(load_quietly(dir, path, &kr2, &said) == 0 && kr2.n == 1 &&
	      memcmp(kr2.keys[0].k, kr.keys[0].k, KEY_LEN) == 0 && !said,
	      "loading again gives the same key, silently");

	chmod(path, 0644);
	CHECK(load_quietly(dir, path, &kr2, &said) == -1 && said,
	      "a world-readable key file (0644) is refused with a message");
	CHECK(kr2.n == 0, "a refused key file leaves no keys");
	chmod(path, 0640);
	CHECK(load_quietly(dir, path, &kr2, &said) == -1 && said,
	      "a group-readable key file (0640) is refused");
	chmod(path, 0400);
	CHECK(load_quietly(dir, path, &kr2, &said) == 0, "a read-only 0400 key file is fine");

	/* Rotation: a new key on the first line; tokens of the old one still
	 * verify, new tokens carry the new id. */
	write_file(path, aprintf(a, "1 %s\n", hex1), 0600);
	CHECK(load_quietly(dir, path, &old, &said) == 0 && old.n == 1, "one-key file loads");
	tok = token_sign(a, &old, &s);
	write_file(path, aprintf(a, "2 %s\n1 %s\n", hex2, hex1), 0600);
	rc = load_quietly(dir, path, &kr, &said);
	CHECK(rc == 0 && kr.n == 2 && kr.keys[0].id == 2 && kr.keys[1].id == 1,
	      "two keys load newest first");
	CHECK(kr.keys[0].k[0] == 0xf0 && kr.keys[0].k[31] == 0x0f && kr.keys[1].k[0] == 0x00 &&
	      kr.keys[1].k[31] == 0x1f, "upper- and lower-case hex decode to the key bytes");
	CHECK(token_verify(&kr, tok, T0, &got) == TOKEN_OK && got.subject == 8,
	      "a token from the second (older) key verifies after rotation");
	tok = token_sign(a, &kr, &s);
	CHECK(token_verify(&old, tok, T0, &got) == TOKEN_BADKEY,
	      "a token from the new key carries the new key id");
	write_file(path, aprintf(a, "2 %s\n1 %s", hex2, hex1), 0600);
	CHECK(load_quietly(dir, path, &kr, &said) == 0 && kr.n == 2,
	      "a missing final newline is accepted");

	{
		static const char *const malformed[] = {
			"",
			"\n",
			"1 %s\n\n",            /* blank line */
			"1 %s\n1 %s\n",        /* id twice */
			"0 %s\n",              /* id 0 */
			"01 %s\n",             /* leading zero */
			"1000000 %s\n",        /* id too large */
			"1  %s\n",             /* two spaces */
			"1\t%s\n",
			" 1 %s\n",
			"1 %s \n",
			"1 %s\r\n",
			"1 %.62s\n",           /* short key */
			"1 %sab\n",            /* long key */
			"1 %.63sg\n",          /* not hex */
			"x %s\n",
			"1 %s\n2 %s\n3 %s\n4 %s\n5 %s\n", /* five keys */
		};

		for (size_t i = 0; i < sizeof malformed / sizeof malformed[0]; i++) {
			char body[512];

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
			snprintf(body, sizeof body, malformed[i], hex1, hex1, hex1, hex1, hex1);
#pragma GCC diagnostic pop
			write_file(path, body, 0600);
			p = malformed[i][0] == '\0' ? "(empty)" : malformed[i];
			CHECK(load_quietly(dir, path, &kr, &said) == -1 && said && kr.n == 0,
			      aprintf(a, "key file \"%.*s\" is refused with a message",
			              (int)strcspn(p, "\n"), p));
		}
	}
	write_file(path, aprintf(a, "1 %s\n2 %s\n3 %s\n4 %s\n", hex1,
	                         hex2, hex1, hex2), 0600);
	CHECK(load_quietly(dir, path, &kr, &said) == 0 && kr.n == 4 && kr.keys[3].id == 4,
	      "four keys (the maximum) load");
	unlink(path);

	CHECK(load_quietly(dir, aprintf(a, "%s/no/such/dir/key", dir), &kr, &said) == -1 &&
	      said, "an uncreatable key file is refused with a message");

	/* Daemons starting together: one creates the file, all get its key. */
	{
		enum { THREADS = 4, ROUNDS = 10 };
		bool same = true, ok = true;
		int saved = dup(STDERR_FILENO), devnull = open("/dev/null", O_WRONLY);

		fflush(stderr); /* quiet: each round announces its new file */
		dup2(devnull, STDERR_FILENO);
		close(devnull);

		for (int round = 0; round < ROUNDS; round++) {
			struct race r[THREADS];
			pthread_t th[THREADS];
			const char *rp = aprintf(a, "%s/race%d.key", dir, round);

			for (int i = 0; i < THREADS; i++) {
				r[i].path = rp;
				pthread_create(&th[i], NULL, race_load, &r[i]);
			}
			for (int i = 0; i < THREADS; i++)
				pthread_join(th[i], NULL);
			for (int i = 0; i < THREADS; i++) {
				ok &= r[i].rc == 0 && r[i].kr.n == 1;
				same &= memcmp(r[i].kr.keys[0].k, r[0].kr.keys[0].k, KEY_LEN) == 0;
			}
			unlink(rp);
		}
		fflush(stderr);
		dup2(saved, STDERR_FILENO);
		close(saved);
		CHECK(ok && same, "threads creating the key file at once all load the same key");
	}
	CHECK(rmdir(dir) == 0, "key file tests leave nothing behind");
}

void tests_session(void)
{
	struct arena *a = arena_new();

	test_token_shape(a);
	test_token_tampering(a);
	test_token_payload_strict(a);
	test_token_expiry(a);
	test_csrf(a);
	test_passwords(a);
	test_sha256();
	test_keyring(a);
	arena_free(a);
}

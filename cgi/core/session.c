/*
 * session.c — signed session tokens, CSRF tokens, signed links and scrypt
 * password hashes (DESIGN.md §4). Every MAC is HMAC-SHA256 under a key of
 * the ring loaded at start-up; nothing here keeps state between calls.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include <openssl/rand.h>

#include "session.h"

_Static_assert(sizeof(time_t) >= 8, "token times need a 64-bit time_t");

#define MAC_LEN 32
#define MAC_B64_LEN 43          /* 32 bytes, base64url without padding */
#define TOKEN_MAX 512           /* longer cookies are not ours: refused unread */
#define PAYLOAD_MAX 128         /* "kid.kind.subject.iat.exp.epoch" is < 80 */
#define PAYLOAD_B64_MAX 171     /* 4 * PAYLOAD_MAX / 3, rounded down */
#define TOKEN_TIME_MAX 253402300799LL /* 9999-12-31 23:59:59 UTC */
#define KEY_ID_MAX 999999
#define KEYFILE_MAX 4096

/* ------------------------------------------------------------------ MACs */

/* HMAC-SHA256(key, a || b). The two parts keep every use of a key in its
 * own domain ("v1.", "csrf\n", "link\n") without copying the data. */
static int hmac2(const unsigned char key[KEY_LEN], const void *a, size_t alen,
                 const void *b, size_t blen, unsigned char out[MAC_LEN])
{
	char digest[] = "SHA256";
	OSSL_PARAM params[2];
	EVP_MAC *mac = EVP_MAC_fetch(NULL, "HMAC", NULL);
	EVP_MAC_CTX *ctx = mac ? EVP_MAC_CTX_new(mac) : NULL;
	size_t outl = 0;
	int rc = -1;

	params[0] = OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0);
	params[1] = OSSL_PARAM_construct_end();
	if (ctx && EVP_MAC_init(ctx, key, KEY_LEN, params) == 1 &&
	    EVP_MAC_update(ctx, a, alen) == 1 && EVP_MAC_update(ctx, b, blen) == 1 &&
	    EVP_MAC_final(ctx, out, &outl, MAC_LEN) == 1 && outl == MAC_LEN)
		rc = 0;
	EVP_MAC_CTX_free(ctx);
	EVP_MAC_free(mac);
	return rc;
}

static const struct key *keyring_find(const struct keyring *kr, long long id)
{
	for (int i = 0; i < kr->n && i < KEYRING_MAX; i++)
		if (kr->keys[i].id == id)
			return &kr->keys[i];
	return NULL;
}

/* base64url(HMAC(keys[0], prefix || data)) in the arena; NULL on failure. */
static char *mac_b64(struct arena *a, const struct keyring *kr,
                     const char *prefix, const char *data)
{
	unsigned char mac[MAC_LEN];
	char *out;

	if (!kr || kr->n < 1 || !data)
		return NULL;
	if (hmac2(kr->keys[0].k, prefix, strlen(prefix), data, strlen(data), mac) != 0)
		return NULL;
	out = amalloc(a, MAC_B64_LEN + 1);
	b64url_encode(mac, MAC_LEN, out);
	return out;
}

/* Does given == base64url(HMAC(k, prefix || data)) for any key of the ring?
 * Every key is tried, whatever the outcome, with a constant-time compare. */
static bool mac_b64_valid(const struct keyring *kr, const char *prefix,
                          const char *data, const char *given)
{
	unsigned char mac[MAC_LEN + 3], want[MAC_LEN];
	size_t plen, dlen;
	bool ok = false;

	if (!kr || !data || !given || strnlen(given, MAC_B64_LEN + 1) != MAC_B64_LEN)
		return false;
	if (b64url_decode(given, MAC_B64_LEN, mac) != MAC_LEN)
		return false;
	plen = strlen(prefix);
	dlen = strlen(data);
	for (int i = 0; i < kr->n && i < KEYRING_MAX; i++) {
		if (hmac2(kr->keys[i].k, prefix, plen, data, dlen, want) != 0)
			return false;
		ok |= CRYPTO_memcmp(want, mac, MAC_LEN) == 0;
	}
	return ok;
}

/* ------------------------------------------------------- strict numbers */

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* A decimal number at *p (before end): digits only, no sign, no leading
 * zero (one spelling per value), at most max. Advances *p past it. */
static int take_number(const char **p, const char *end, long long max,
                       long long *out)
{
	const char *s = *p;
	long long v = 0;

	if (s == end || !is_digit(*s))
		return -1;
	if (*s == '0' && s + 1 < end && is_digit(s[1]))
		return -1;
	for (; s < end && is_digit(*s); s++) {
		int d = *s - '0';

		if (v > (max - d) / 10)
			return -1;
		v = v * 10 + d;
	}
	*p = s;
	*out = v;
	return 0;
}

static int take_char(const char **p, const char *end, char c)
{
	if (*p == end || **p != c)
		return -1;
	(*p)++;
	return 0;
}

/* ---------------------------------------------------------------- tokens */

static bool session_signable(const struct session *s)
{
	return (s->kind == SUBJECT_CUSTOMER || s->kind == SUBJECT_STAFF) &&
	       s->subject >= 0 && s->epoch >= 0 && s->iat >= 0 &&
	       s->iat <= TOKEN_TIME_MAX && s->exp >= 0 && s->exp <= TOKEN_TIME_MAX;
}

char *token_sign(struct arena *a, const struct keyring *kr,
                 const struct session *s)
{
	char payload[PAYLOAD_MAX], pb64[PAYLOAD_B64_MAX + 4];
	unsigned char mac[MAC_LEN];
	char mb64[MAC_B64_LEN + 1];
	int n;

	if (!kr || kr->n < 1 || kr->keys[0].id < 1 || kr->keys[0].id > KEY_ID_MAX ||
	    !s || !session_signable(s))
		return NULL;
	n = snprintf(payload, sizeof payload, "%d.%c.%lld.%lld.%lld.%lld",
	             kr->keys[0].id, s->kind, s->subject, (long long)s->iat,
	             (long long)s->exp, s->epoch);
	if (n < 0 || (size_t)n >= sizeof payload)
		return NULL;
	b64url_encode((const unsigned char *)payload, (size_t)n, pb64);
	if (hmac2(kr->keys[0].k, "v1.", 3, pb64, strlen(pb64), mac) != 0)
		return NULL;
	b64url_encode(mac, MAC_LEN, mb64);
	return aprintf(a, "v1.%s.%s", pb64, mb64);
}

/* "kid.kind.subject.iat.exp.epoch", nothing before, between or after. */
static int parse_payload(const char *p, const char *end, struct session *s,
                         long long *kid)
{
	long long subject, iat, exp, epoch;
	char kind;

	if (take_number(&p, end, KEY_ID_MAX, kid) || *kid < 1 || take_char(&p, end, '.'))
		return -1;
	if (p == end || (*p != SUBJECT_CUSTOMER && *p != SUBJECT_STAFF))
		return -1;
	kind = *p++;
	if (take_char(&p, end, '.') || take_number(&p, end, LLONG_MAX, &subject) ||
	    take_char(&p, end, '.') || take_number(&p, end, TOKEN_TIME_MAX, &iat) ||
	    take_char(&p, end, '.') || take_number(&p, end, TOKEN_TIME_MAX, &exp) ||
	    take_char(&p, end, '.') || take_number(&p, end, LLONG_MAX, &epoch) ||
	    p != end)
		return -1;
	s->subject = subject;
	s->kind = kind;
	s->iat = (time_t)iat;
	s->exp = (time_t)exp;
	s->epoch = epoch;
	return 0;
}

enum token_err token_verify(const struct keyring *kr, const char *tok,
                            time_t now, struct session *out)
{
	unsigned char payload[PAYLOAD_B64_MAX * 3 / 4 + 3], mac[MAC_LEN + 3];
	unsigned char want[MAC_LEN];
	const char *p, *dot, *end, *pend;
	const struct key *key;
	struct session s;
	long long kid;
	size_t len;
	long n;

	memset(out, 0, sizeof *out);
	if (!kr || !tok)
		return TOKEN_MALFORMED;
	len = strnlen(tok, TOKEN_MAX + 1);
	if (len > TOKEN_MAX || strncmp(tok, "v1.", 3) != 0)
		return TOKEN_MALFORMED;
	p = tok + 3;
	end = tok + len;
	dot = memchr(p, '.', (size_t)(end - p));
	/* The MAC part is exactly 43 alphabet characters: a further '.' or
	 * anything else fails its decode below. */
	if (!dot || dot == p || dot - p > PAYLOAD_B64_MAX || end - (dot + 1) != MAC_B64_LEN)
		return TOKEN_MALFORMED;
	n = b64url_decode(p, (size_t)(dot - p), payload);
	if (n <= 0 || b64url_decode(dot + 1, MAC_B64_LEN, mac) != MAC_LEN)
		return TOKEN_MALFORMED;

	/* The key id comes first, so it can be read before the MAC is known
	 * good; nothing else of the payload is trusted until then. */
	pend = (const char *)payload + n;
	p = (const char *)payload;
	if (take_number(&p, pend, KEY_ID_MAX, &kid) || kid < 1)
		return TOKEN_MALFORMED;
	if (!(key = keyring_find(kr, kid)))
		return TOKEN_BADKEY;
	if (hmac2(key->k, tok, (size_t)(dot - tok), "", 0, want) != 0 ||
	    CRYPTO_memcmp(want, mac, MAC_LEN) != 0)
		return TOKEN_BADMAC;

	if (parse_payload((const char *)payload, pend, &s, &kid) != 0)
		return TOKEN_MALFORMED;
	if (now >= s.exp || now >= s.iat + SESSION_ABSOLUTE)
		return TOKEN_EXPIRED;
	*out = s;
	return TOKEN_OK;
}

void session_touch(struct session *s, time_t now)
{
	time_t idle = now + SESSION_IDLE, absolute = s->iat + SESSION_ABSOLUTE;

	s->exp = idle < absolute ? idle : absolute;
}

/* ------------------------------------------------------ CSRF and links */

char *csrf_token(struct arena *a, const struct keyring *kr, const char *binding)
{
	if (!binding || !*binding)
		return NULL;
	return mac_b64(a, kr, "csrf\n", binding);
}

bool csrf_valid(const struct keyring *kr, const char *binding, const char *token)
{
	if (!binding || !*binding)
		return false;
	return mac_b64_valid(kr, "csrf\n", binding, token);
}

char *session_binding(struct arena *a, const struct session *s)
{
	return aprintf(a, "%c:%lld:%lld:%lld", s->kind, s->subject,
	               (long long)s->iat, s->epoch);
}

char *sign_string(struct arena *a, const struct keyring *kr, const char *data)
{
	return mac_b64(a, kr, "link\n", data);
}

bool sign_valid(const struct keyring *kr, const char *data, const char *mac)
{
	return mac_b64_valid(kr, "link\n", data, mac);
}

/* ------------------------------------------------------------- passwords */

#define SCRYPT_PREFIX "scrypt$15$8$1$"
#define SCRYPT_N (UINT64_C(1) << 15)
#define SCRYPT_R 8
#define SCRYPT_P 1
#define SCRYPT_MAXMEM (UINT64_C(64) << 20) /* N=2^15, r=8 needs 32 MiB + a bit */
#define SALT_LEN 16
#define HASH_LEN 32
#define SALT_B64_LEN 22
#define HASH_B64_LEN 43
#define STORED_LEN (sizeof SCRYPT_PREFIX - 1 + SALT_B64_LEN + 1 + HASH_B64_LEN)

_Static_assert(STORED_LEN < PASSWORD_HASH_MAX, "PASSWORD_HASH_MAX too small");

static int scrypt(const char *pw, const unsigned char salt[SALT_LEN],
                  unsigned char out[HASH_LEN])
{
	return EVP_PBE_scrypt(pw, strlen(pw), salt, SALT_LEN, SCRYPT_N, SCRYPT_R,
	                      SCRYPT_P, SCRYPT_MAXMEM, out, HASH_LEN) == 1 ? 0 : -1;
}

int password_hash(const char *pw, char out[PASSWORD_HASH_MAX])
{
	unsigned char salt[SALT_LEN], hash[HASH_LEN];
	char s64[SALT_B64_LEN + 1], h64[HASH_B64_LEN + 1];
	int rc = -1;

	out[0] = '\0';
	if (!pw || RAND_bytes(salt, SALT_LEN) != 1 || scrypt(pw, salt, hash) != 0)
		goto out;
	b64url_encode(salt, SALT_LEN, s64);
	b64url_encode(hash, HASH_LEN, h64);
	snprintf(out, PASSWORD_HASH_MAX, SCRYPT_PREFIX "%s$%s", s64, h64);
	rc = 0;
out:
	OPENSSL_cleanse(hash, sizeof hash);
	return rc;
}

bool password_verify(const char *pw, const char *stored)
{
	const size_t pre = sizeof SCRYPT_PREFIX - 1;
	unsigned char salt[SALT_B64_LEN * 3 / 4 + 3], want[HASH_B64_LEN * 3 / 4 + 3];
	unsigned char got[HASH_LEN];
	bool ok;

	if (!pw || !stored || strnlen(stored, STORED_LEN + 1) != STORED_LEN ||
	    memcmp(stored, SCRYPT_PREFIX, pre) != 0 || stored[pre + SALT_B64_LEN] != '$')
		return false;
	if (b64url_decode(stored + pre, SALT_B64_LEN, salt) != SALT_LEN ||
	    b64url_decode(stored + pre + SALT_B64_LEN + 1, HASH_B64_LEN, want) != HASH_LEN)
		return false;
	if (scrypt(pw, salt, got) != 0)
		return false;
	ok = CRYPTO_memcmp(got, want, HASH_LEN) == 0;
	OPENSSL_cleanse(got, sizeof got);
	return ok;
}

void password_dummy_verify(const char *pw)
{
	static const unsigned char salt[SALT_LEN] = "no such account";
	static const unsigned char want[HASH_LEN];
	unsigned char got[HASH_LEN];
	volatile int sink;

	if (!pw || scrypt(pw, salt, got) != 0)
		return;
	sink = CRYPTO_memcmp(got, want, HASH_LEN);
	(void)sink;
	OPENSSL_cleanse(got, sizeof got);
}

void sha256_hex(const void *data, size_t n, char out[65])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;

	if (EVP_Digest(n ? data : "", n, md, &mdlen, EVP_sha256(), NULL) != 1 ||
	    mdlen != 32) {
		fputs("aftercare: SHA-256 failed\n", stderr);
		abort();
	}
	hex_encode(md, 32, out);
}

/* -------------------------------------------------------------- key file */

static int write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Creates the key file with one fresh key. 0 created, 1 another process
 * created it first (then its file is read), -1 error (reported). */
static int keyfile_create(const char *path)
{
	unsigned char k[KEY_LEN];
	char hex[2 * KEY_LEN + 1], line[2 * KEY_LEN + 4];
	int fd, n, rc = -1;

	fd = open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0600);
	if (fd < 0) {
		if (errno == EEXIST)
			return 1;
		fprintf(stderr, "aftercare: cannot create key file %s: %s\n", path,
		        strerror(errno));
		return -1;
	}
	random_bytes(k, KEY_LEN);
	hex_encode(k, KEY_LEN, hex);
	n = snprintf(line, sizeof line, "1 %s\n", hex);
	if (n > 0 && (size_t)n < sizeof line && write_all(fd, line, (size_t)n) == 0 &&
	    fsync(fd) == 0) {
		rc = 0;
	} else {
		fprintf(stderr, "aftercare: cannot write key file %s: %s\n", path,
		        strerror(errno));
	}
	if (close(fd) != 0 && rc == 0) {
		fprintf(stderr, "aftercare: cannot write key file %s: %s\n", path,
		        strerror(errno));
		rc = -1;
	}
	if (rc != 0)
		unlink(path); /* never leave an empty key file behind */
	else
		fprintf(stderr, "aftercare: created a new key file %s\n", path);
	OPENSSL_cleanse(k, sizeof k);
	OPENSSL_cleanse(hex, sizeof hex);
	OPENSSL_cleanse(line, sizeof line);
	return rc;
}

/* "ID HEX64" lines, newest first; the last newline may be missing. */
static int keyfile_parse(const char *path, const char *p, const char *end,
                         struct keyring *kr)
{
	int lineno = 0;

	if (p == end) {
		fprintf(stderr, "aftercare: key file %s is empty\n", path);
		return -1;
	}
	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		struct key *key;
		long long id;

		if (!eol)
			eol = end;
		lineno++;
		if (kr->n == KEYRING_MAX) {
			fprintf(stderr, "aftercare: key file %s has more than %d keys\n",
			        path, KEYRING_MAX);
			return -1;
		}
		key = &kr->keys[kr->n];
		if (take_number(&p, eol, KEY_ID_MAX, &id) || id < 1 ||
		    take_char(&p, eol, ' ') || eol - p != 2 * KEY_LEN)
			goto malformed;
		for (int i = 0; i < KEY_LEN; i++) {
			int hi = hex_digit(p[2 * i]), lo = hex_digit(p[2 * i + 1]);

			if (hi < 0 || lo < 0)
				goto malformed;
			key->k[i] = (unsigned char)(hi << 4 | lo);
		}
		if (keyring_find(kr, id)) {
			fprintf(stderr, "aftercare: key file %s line %d: key id %lld twice\n",
			        path, lineno, id);
			return -1;
		}
		key->id = (int)id;
		kr->n++;
		p = eol < end ? eol + 1 : end;
	}
	return 0;
malformed:
	fprintf(stderr, "aftercare: key file %s line %d: expected \"ID HEX64\" "
	        "(ID 1..%d, 64 hex digits)\n", path, lineno, KEY_ID_MAX);
	return -1;
}

static int keyfile_read(int fd, const char *path, struct keyring *kr)
{
	char buf[KEYFILE_MAX + 1];
	struct stat st;
	size_t len = 0;
	int rc = -1;

	if (fstat(fd, &st) != 0) {
		fprintf(stderr, "aftercare: %s: %s\n", path, strerror(errno));
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		fprintf(stderr, "aftercare: key file %s is not a regular file\n", path);
		return -1;
	}
	if (st.st_mode & 077) {
		fprintf(stderr, "aftercare: key file %s has mode %03o: group and "
		        "others must have no access (chmod 600 %s)\n",
		        path, (unsigned)(st.st_mode & 0777), path);
		return -1;
	}
	for (;;) {
		ssize_t r = read(fd, buf + len, sizeof buf - len);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			fprintf(stderr, "aftercare: %s: %s\n", path, strerror(errno));
			goto out;
		}
		if (r == 0)
			break;
		len += (size_t)r;
		if (len == sizeof buf) {
			fprintf(stderr, "aftercare: key file %s is larger than %d bytes\n",
			        path, KEYFILE_MAX);
			goto out;
		}
	}
	rc = keyfile_parse(path, buf, buf + len, kr);
out:
	OPENSSL_cleanse(buf, sizeof buf);
	return rc;
}

int keyring_load(const char *path, struct keyring *kr)
{
	bool tried_create = false;
	int rc = -1;

	memset(kr, 0, sizeof *kr);
	for (int tries = 0;; tries++) {
		int fd = open(path, O_RDONLY | O_CLOEXEC);
		struct stat st;

		if (fd < 0 && errno == ENOENT && !tried_create) {
			if (keyfile_create(path) < 0)
				return -1;
			tried_create = true;
			continue;
		}
		if (fd < 0) {
			fprintf(stderr, "aftercare: cannot open key file %s: %s\n", path,
			        strerror(errno));
			return -1;
		}
		/* A daemon starting at the same moment may have created the file
		 * (O_EXCL) and not yet written its line: an empty file gets half
		 * a second to fill before it is refused as empty. */
		if (tries < 50 && fstat(fd, &st) == 0 && st.st_size == 0) {
			struct timespec ms10 = {0, 10 * 1000 * 1000};

			close(fd);
			nanosleep(&ms10, NULL);
			continue;
		}
		rc = keyfile_read(fd, path, kr);
		close(fd);
		break;
	}
	if (rc != 0)
		OPENSSL_cleanse(kr, sizeof *kr);
	return rc;
}

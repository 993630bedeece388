/*
 * api_key.c — `aftercare-admin api-key NAME`: makes a random key for
 * /api/v1, stores only its SHA-256 and prints the key once.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "admin.h"
#include "session.h"

int cmd_api_key(struct ctx *c, char **argv)
{
	static const char name_chars[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-";
	const char *name = argv[0];
	unsigned char raw[32];
	char key[4 * ((sizeof raw + 2) / 3) + 1], hex[65], now[20];
	size_t n = strlen(name);
	enum db_err e;

	if (n == 0 || n > 64 || strspn(name, name_chars) != n) {
		fprintf(stderr, PROG ": api-key: NAME: 1..64 letters, digits, _ . -\n");
		return 1;
	}
	random_bytes(raw, sizeof raw);
	b64url_encode(raw, sizeof raw, key);
	explicit_bzero(raw, sizeof raw);
	sha256_hex(key, strlen(key), hex);
	format_db_datetime(time(NULL), now);
	if ((e = db_run(c->db, c->a,
	                "INSERT INTO api_keys (name, key_sha256, created_at) VALUES (?, ?, ?)",
	                DB_ARGS(DB_STR(name), DB_STR(hex), DB_STR(now)), NULL)) != DB_OK)
		return fail_db("api-key", e);
	fprintf(stderr, PROG ": API key %s created; only its SHA-256 is stored, so keep it "
	        "now: it is not shown again\n", name);
	printf("%s\n", key);
	explicit_bzero(key, sizeof key);
	return 0;
}

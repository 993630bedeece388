/* test_totp.c — the second factor's parameters over liboath: the SHA-1
 * test vectors of RFC 6238 (appendix B, cut to six digits), the window of
 * one step either side and the step a code belongs to, malformed codes,
 * secrets, the otpauth:// URI, and recovery codes (shape, hashing of what
 * a person types). tests/http/totp.test.mjs checks against oathtool. */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "session.h"
#include "t.h"
#include "totp.h"

void tests_totp(void);

/* base32 of the RFC's ASCII key "12345678901234567890" */
#define RFC_KEY "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"

void tests_totp(void)
{
	static const struct {
		long long t;
		const char *code; /* the RFC's 8 digits, last 6 */
	} rfc[] = {
		{59, "287082"},         {1111111109, "081804"}, {1111111111, "050471"},
		{1234567890, "005924"}, {2000000000, "279037"},
	};
	struct arena *a = arena_new();
	long long step;
	char secret[TOTP_SECRET_B32 + 1], secret2[TOTP_SECRET_B32 + 1];
	char code[RECOVERY_LEN + 1], hash[65], hash2[65];

	for (size_t i = 0; i < sizeof rfc / sizeof rfc[0]; i++) {
		CHECK(totp_check(RFC_KEY, rfc[i].code, (time_t)rfc[i].t, &step) &&
		          step == rfc[i].t / 30,
		      "totp: an RFC 6238 vector at its own time, its step");
		CHECK(totp_check(RFC_KEY, rfc[i].code, (time_t)rfc[i].t + 30, &step) &&
		          step == rfc[i].t / 30,
		      "totp: a vector one step later still taken (drift), same step");
		CHECK(!totp_check(RFC_KEY, rfc[i].code, (time_t)rfc[i].t + 90, &step),
		      "totp: a vector three steps later refused");
		CHECK(!totp_check(RFC_KEY, rfc[i].code, (time_t)rfc[i].t - 90, &step),
		      "totp: a vector three steps early refused");
	}
	CHECK(!totp_check(RFC_KEY, "28708", 59, &step), "totp: five digits refused");
	CHECK(!totp_check(RFC_KEY, "2870820", 59, &step), "totp: seven digits refused");
	CHECK(!totp_check(RFC_KEY, "28708a", 59, &step), "totp: a letter refused");
	CHECK(!totp_check(RFC_KEY, " 287082", 59, &step), "totp: a blank refused");
	CHECK(!totp_check(RFC_KEY, NULL, 59, &step), "totp: no code refused");
	CHECK(!totp_check("", "287082", 59, &step), "totp: no secret refused");
	CHECK(!totp_check("not base32!", "287082", 59, &step), "totp: a broken secret refused");

	totp_secret_new(secret);
	totp_secret_new(secret2);
	CHECK(strlen(secret) == TOTP_SECRET_B32 &&
	          strspn(secret, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567") == TOTP_SECRET_B32,
	      "totp: a new secret is 32 base32 characters");
	CHECK(strcmp(secret, secret2) != 0, "totp: two secrets differ");
	CHECK(strcmp(totp_secret_grouped(a, RFC_KEY), "GEZD GNBV GY3T QOJQ GEZD GNBV GY3T QOJQ") == 0,
	      "totp: the secret in groups of four");
	{
		const char *uri = totp_uri(a, "Aftercare", "li lei@example.com", RFC_KEY);

		CHECK_STR(uri, "otpauth://totp/Aftercare:li%20lei%40example.com?secret=" RFC_KEY
		               "&issuer=Aftercare&algorithm=SHA1&digits=6&period=30",
		          "totp: the otpauth URI, label percent-encoded");
	}

	recovery_code_new(code);
	CHECK(strlen(code) == RECOVERY_LEN && code[5] == '-' &&
	          strspn(code, "abcdefghjkmnpqrstuvwxyz23456789-") == RECOVERY_LEN,
	      "recovery: shape xxxxx-xxxxx without 0 1 i l o");
	CHECK(recovery_code_hash(code, hash), "recovery: a new code hashes");
	{
		char typed[32], plain[16];

		snprintf(typed, sizeof typed, " %c%c%c%c%c %c%c%c%c%c ", code[0] - 32 * (code[0] >= 'a'),
		         code[1], code[2], code[3], code[4], code[6], code[7], code[8], code[9], code[10]);
		CHECK(recovery_code_hash(typed, hash2) && strcmp(hash, hash2) == 0,
		      "recovery: typed in upper case with blanks, same hash");
		snprintf(plain, sizeof plain, "%.5s%.5s", code, code + 6);
		sha256_hex(plain, 10, hash2);
		CHECK(strcmp(hash, hash2) == 0, "recovery: the hash is SHA-256 of the ten characters");
	}
	CHECK(!recovery_code_hash("abcde-fghj", hash), "recovery: nine characters refused");
	CHECK(!recovery_code_hash("abcde-fghjkm", hash), "recovery: eleven characters refused");
	CHECK(!recovery_code_hash("abcd0-fghjk", hash), "recovery: a zero refused");
	CHECK(!recovery_code_hash("287082", hash), "recovery: a TOTP code is none");
	CHECK(!recovery_code_hash(NULL, hash), "recovery: nothing refused");
	arena_free(a);
}

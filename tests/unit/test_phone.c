/* test_phone.c — phone numbers as people type them, to the digits kept. */
#include "phone.h"
#include "t.h"

void tests_phone(void);

void tests_phone(void)
{
	static const char *const same[] = {
		"13800000001", "138 0000 0001", "138-0000-0001", "+86 13800000001", "+86-138-0000-0001",
		"86 13800000001", "0086 13800000001", "(+86) 138 0000 0001", "\xef\xbc\x91\xef\xbc\x93\xef\xbc\x98"
		"\xef\xbc\x90\xef\xbc\x90\xef\xbc\x90\xef\xbc\x90\xef\xbc\x90\xef\xbc\x90\xef\xbc\x90\xef\xbc\x91",
		"138\xe3\x80\x80" "0000\xe3\x80\x80" "0001", "\xef\xbc\x8b" "86 138 0000 0001", " 13800000001 ",
	};
	char out[PHONE_MAX + 1];

	for (size_t i = 0; i < sizeof same / sizeof same[0]; i++) {
		char name[160];

		snprintf(name, sizeof name, "\"%s\" is 13800000001", same[i]);
		CHECK(phone_normalize(same[i], out) && strcmp(out, "13800000001") == 0, name);
	}
	CHECK(phone_normalize("021-6123 4567", out) && strcmp(out, "02161234567") == 0,
	      "a landline keeps its area code");
	CHECK(phone_normalize("8613800000001", out) && strcmp(out, "13800000001") == 0,
	      "86 run into the number is the country code");
	CHECK(phone_normalize("861234567", out) && strcmp(out, "861234567") == 0,
	      "86 before a short number is part of it");
	CHECK(!phone_normalize("138abc0001", out) && out[0] == '\0', "letters are no phone");
	CHECK(!phone_normalize("12345", out), "under 6 digits is no phone");
	CHECK(!phone_normalize("123456789012345678901", out), "over 20 digits is no phone");
	CHECK(!phone_normalize("13800000001+1", out), "a '+' after digits is no phone");
	CHECK(!phone_normalize("", out) && !phone_normalize(NULL, out), "nothing is no phone");
	CHECK(!phone_normalize("\xef\xbc", out), "a cut UTF-8 sequence is no phone");
	CHECK_STR(phone_or_login("li@example.com", out), "li@example.com", "an e-mail stays as typed");
	CHECK_STR(phone_or_login("138 0000 0001", out), "13800000001", "a phone is normalised");
	CHECK_STR(phone_or_login("no phone", out), "no phone", "anything else stays (and fails sign-in)");
}

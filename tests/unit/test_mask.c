/*
 * test_mask.c — contact details as staff see them by default (mask.c).
 */
#include "mask.h"
#include "t.h"

void tests_mask(void);

void tests_mask(void)
{
	struct arena *a = arena_new();

	CHECK_STR(mask_phone(a, "13800000001"), "138****0001", "a phone keeps its first 3 and last 4");
	CHECK_STR(mask_phone(a, "1380000"), "****", "under 8 characters: nothing shown");
	CHECK_STR(mask_phone(a, NULL), "****", "no phone");
	CHECK_STR(mask_email(a, "li@example.com"), "l***@example.com", "an e-mail keeps its first letter and domain");
	CHECK_STR(mask_email(a, "@example.com"), "***", "nothing before the @");
	CHECK_STR(mask_email(a, NULL), "***", "no e-mail");
	CHECK_STR(mask_city(a, "上海"), "上**", "a city keeps its whole first character");
	CHECK_STR(mask_city(a, "Hangzhou"), "H**", "ASCII too");
	CHECK_STR(mask_city(a, ""), "", "no city");
	CHECK_STR(mask_city(a, NULL), "", "none");
	CHECK_STR(mask_recipient(a, "https://hooks.example/x"), "https://hooks.example/x", "the shop's endpoint as it is");
	CHECK_STR(mask_recipient(a, "13800000001"), "138****0001", "a phone recipient");
	arena_free(a);
}

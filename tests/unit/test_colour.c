/* test_colour.c — the shop's accent colour: only #rrggbb, dark enough. */
#include "t.h"
#include "colour.h"

void tests_colour(void);

void tests_colour(void)
{
	static const char *const bad_form[] = {
		"red", "red;}", "#fff", "#12345g", "#0b6bcb;}", "#0b6bcb ", " #0b6bcb", "0b6bcb0",
		"#0b6bcb}body{x:y", "url(x)", "#0B6BCBX", "var(--x)",
	};
	char name[80];

	CHECK(accent_problem("") == NULL, "empty: the neutral default");
	CHECK(accent_problem(NULL) == NULL, "none: the neutral default");
	CHECK(accent_problem("#0b6bcb") == NULL, "the default blue is fine");
	CHECK(accent_problem("#B3261E") == NULL, "upper-case hex is fine");
	CHECK(accent_problem("#000000") == NULL, "black is fine");
	CHECK_STR(accent_problem("#ffff00"), "err_accent_contrast", "yellow is too light");
	CHECK_STR(accent_problem("#ffffff"), "err_accent_contrast", "white is too light");
	CHECK(accent_contrast_x100("#ffffff") == 100, "white on white is 1:1");
	CHECK(accent_contrast_x100("#000000") == 2100, "black on white is 21:1");
	for (size_t i = 0; i < sizeof bad_form / sizeof bad_form[0]; i++) {
		snprintf(name, sizeof name, "not #rrggbb: %s", bad_form[i]);
		CHECK_STR(accent_problem(bad_form[i]), "err_accent_form", name);
	}
}

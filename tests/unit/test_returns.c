/* test_returns.c — the carriers' tracking-number shapes (numbers of the
 * shapes each carrier prints, and near misses), the typed number made
 * plain, the pick-up windows and who pays the return postage. */
#include "returns.h"
#include "t.h"

void tests_returns(void);

static const struct {
	const char *carrier, *tracking;
	bool ok;
} shapes[] = {
	{"sf", "SF1234567890123", true},  {"sf", "SF123456789012", true},
	{"sf", "123456789012", true},     {"sf", "SF12345678901", false},
	{"sf", "SF12345678901234", false}, {"sf", "YT1234567890123", false},
	{"jd", "JDVA00012345678", true},  {"jd", "JDX000123456789", true},
	{"jd", "JD123", false},           {"jd", "1234567890123", false},
	{"ems", "EA123456789CN", true},   {"ems", "1123456789012", true},
	{"ems", "EA12345678CN", false},   {"ems", "E1123456789CN", false},
	{"yto", "YT1234567890123", true}, {"yto", "YT123456789012", false},
	{"zto", "731234567890", true},    {"zto", "731234567890123", true},
	{"zto", "73123456789", false},    {"zto", "7312345678901234", false},
	{"zto", "ZT1234567890", false},
	{"sto", "773123456789012", true}, {"sto", "77312345678A", false},
	{"yunda", "4312345678901", true}, {"yunda", "431234567890123", true},
	{"yunda", "43123456789012", false},
	{"other", "ABC123", true},        {"other", "AB12", false},
	{"other", "A234567890123456789012345678901", false},
	{"dhl", "1234567890", false},
};

void tests_returns(void)
{
	char plain[TRACKING_MAX + 1];

	for (size_t i = 0; i < sizeof shapes / sizeof shapes[0]; i++) {
		char name[96];

		snprintf(name, sizeof name, "tracking: %s %s %s", shapes[i].carrier,
		         shapes[i].tracking, shapes[i].ok ? "fits" : "does not fit");
		CHECK(tracking_shape_ok(shapes[i].carrier, shapes[i].tracking) == shapes[i].ok, name);
	}
	CHECK(tracking_normalize(" sf 1234-5678-9012 3 ", plain, sizeof plain) &&
	          strcmp(plain, "SF1234567890123") == 0,
	      "tracking: blanks and dashes dropped, upper case");
	CHECK(!tracking_normalize("SF12345<script>", plain, sizeof plain), "tracking: markup refused");
	CHECK(!tracking_normalize("顺丰123456", plain, sizeof plain), "tracking: non-ASCII refused");
	CHECK(!tracking_normalize(" - ", plain, sizeof plain), "tracking: nothing left refused");
	CHECK(!tracking_normalize("12345678901234567890123456789012345678901", plain, sizeof plain),
	      "tracking: 41 characters refused");
	CHECK_STR(carrier_from_name("SF"), "sf", "carrier: code case-insensitive");
	CHECK_STR(carrier_from_name("Yunda"), "yunda", "carrier: yunda");
	CHECK(carrier_from_name("顺丰") == NULL && carrier_from_name("") == NULL &&
	          carrier_from_name(NULL) == NULL,
	      "carrier: a name or nothing is not a code");
	CHECK_STR(carrier_code(7), "other", "carrier: other last");
	CHECK(carrier_code(8) == NULL, "carrier: eight codes");
	CHECK(pickup_window_start("09-12") == 9 && pickup_window_start("15-18") == 15 &&
	          pickup_window_start("18-21") == -1 && pickup_window_start(NULL) == -1,
	      "pickup: window start hours");
	CHECK(pickup_window(2) && !pickup_window(3), "pickup: three windows");
	CHECK_STR(postage_payer("quality_defect", "shop", "customer"), "shop",
	          "postage: quality problem, shop pays");
	CHECK_STR(postage_payer("no_reason", "shop", "customer"), "customer",
	          "postage: no reason, customer pays");
	CHECK_STR(postage_payer("no_reason", "shop", "shop"), "shop",
	          "postage: a shop that pays no-reason returns too");
	CHECK_STR(postage_payer("wrong_item", "bogus", NULL), "shop", "postage: unknown policy: shop");
}

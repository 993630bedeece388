/*
 * test_rules.c — eligibility (DESIGN.md §3). Every expected date is worked
 * out here from the policy numbers: a window of D days after delivery at T
 * has its last second at T + D*86400 - 1. Two policies run the window
 * edges: the shop's defaults and one where every window differs, so a
 * window read from the wrong setting shows.
 */
#include "rules.h"
#include "t.h"
#include "util.h"

void tests_rules(void);

#define DAY 86400
#define T ((time_t)1763600000) /* delivered: 2025-11-20 08:53:20 Shanghai */

static const struct policy shop = {
	.no_reason_days = 7, .quality_return_days = 7, .quality_exchange_days = 15,
	.quality_repair_days = 15, .refund_only_days = 15,
};
static const struct policy odd = {
	.no_reason_days = 3, .quality_return_days = 5, .quality_exchange_days = 10,
	.quality_repair_days = 20, .refund_only_days = 30,
};

static const struct category_rule clothing = {.no_reason_ok = true, .returnable = true};
static const struct category_rule customised = {.no_reason_ok = false, .returnable = true};
static const struct category_rule digital = {.no_reason_ok = false, .returnable = false};
static const struct category_rule electronics = {.no_reason_ok = true, .returnable = true,
                                                 .warranty_days = 365};
static const struct category_rule short_warranty = {.no_reason_ok = true, .returnable = true,
                                                    .warranty_days = 10};

static struct item_facts one_item(void)
{
	struct item_facts f = {.delivered_at = T, .qty = 1, .paid_fen = 19900};
	return f;
}

static struct verdict check(const struct policy *p, const struct category_rule *c,
                            const struct item_facts *f, time_t now,
                            enum case_type t, int reason)
{
	struct verdict v;

	rules_check(p, c, f, now, t, reason, &v);
	return v;
}

static time_t last_second(int days)
{
	return T + (time_t)days * DAY - 1;
}

/* ---------------------------------------------------------------- names */

static void test_names(struct arena *a)
{
	static const char *const types[] = {"return_refund", "exchange", "refund_only",
	                                    "repair"};
	static const char *const reasons[] = {"quality_defect", "not_as_described",
	                                      "damaged_in_transit", "wrong_item",
	                                      "missing_parts", "no_reason", "other"};
	static const char *const whys[] = {"why_ok", "why_not_delivered",
	                                   "why_window_passed", "why_category",
	                                   "why_in_open_case", "why_nothing_left",
	                                   "why_reason_type"};

	for (int i = 0; i < 4; i++) {
		CHECK_STR(case_type_names[i], types[i], aprintf(a, "case type %d is %s", i, types[i]));
		CHECK(case_type_from_name(types[i]) == i, aprintf(a, "\"%s\" parses", types[i]));
	}
	for (int i = 0; i < 7; i++) {
		CHECK_STR(reason_names[i], reasons[i], aprintf(a, "reason %d is %s", i, reasons[i]));
		CHECK(reason_from_name(reasons[i]) == i, aprintf(a, "\"%s\" parses", reasons[i]));
	}
	for (int i = 0; i < 7; i++)
		CHECK_STR(why_not_key((enum why_not)i), whys[i],
		          aprintf(a, "why_not %d has key %s", i, whys[i]));
	CHECK(TYPE__MAX == 4 && REASON__MAX == 8, "four types, eight reasons");
	CHECK(case_type_from_name("Return_refund") == -1 && case_type_from_name("") == -1 &&
	      case_type_from_name("return_refund ") == -1 && case_type_from_name(NULL) == -1,
	      "unknown type names give -1");
	CHECK(reason_from_name("no-reason") == -1 && reason_from_name("") == -1 &&
	      reason_from_name(NULL) == -1, "unknown reason names give -1");
}

/* ------------------------------------------------------- window edges */

struct edge {
	enum case_type type;
	int reason;
	const struct category_rule *cat;
	const char *what;
};

/* Days of the window each row must get, read from the policy by hand. */
static int expected_days(const struct policy *p, const struct edge *e)
{
	switch (e->type) {
	case TYPE_RETURN_REFUND:
		return e->reason == REASON_NO_REASON ? p->no_reason_days
		                                     : p->quality_return_days;
	case TYPE_EXCHANGE:
		return p->quality_exchange_days;
	case TYPE_REFUND_ONLY:
		return p->refund_only_days;
	default:
		if (e->cat == &electronics)
			return 365;               /* warranty beats 15 and 20 */
		return p->quality_repair_days; /* 0 and 10 days lose to it */
	}
}

static void test_window_edges(struct arena *a)
{
	static const struct edge edges[] = {
		{TYPE_RETURN_REFUND, REASON_NO_REASON, &clothing, "no-reason return"},
		{TYPE_RETURN_REFUND, REASON_QUALITY_DEFECT, &clothing, "quality return"},
		{TYPE_RETURN_REFUND, REASON_WRONG_ITEM, &customised, "wrong-item return, customised"},
		{TYPE_EXCHANGE, REASON_QUALITY_DEFECT, &clothing, "quality exchange"},
		{TYPE_EXCHANGE, REASON_NOT_AS_DESCRIBED, &clothing, "not-as-described exchange"},
		{TYPE_EXCHANGE, -1, &clothing, "exchange for some reason"},
		{TYPE_REFUND_ONLY, REASON_DAMAGED_IN_TRANSIT, &clothing, "refund only"},
		{TYPE_REFUND_ONLY, REASON_OTHER, &digital, "refund only, digital"},
		{TYPE_REFUND_ONLY, -1, &clothing, "refund only for some reason"},
		{TYPE_REPAIR, REASON_QUALITY_DEFECT, &clothing, "repair, no warranty"},
		{TYPE_REPAIR, REASON_MISSING_PARTS, &short_warranty, "repair, 10-day warranty"},
		{TYPE_REPAIR, REASON_QUALITY_DEFECT, &electronics, "repair, 365-day warranty"},
		{TYPE_REPAIR, -1, &electronics, "repair for some reason, 365-day warranty"},
		{TYPE_REPAIR, REASON_OTHER, &digital, "repair, digital"},
	};
	static const struct {
		const struct policy *p;
		const char *name;
	} policies[] = {{&shop, "shop defaults"}, {&odd, "odd policy"}};
	struct item_facts f = one_item();

	for (size_t pi = 0; pi < 2; pi++) {
		const struct policy *p = policies[pi].p;

		for (size_t i = 0; i < sizeof edges / sizeof edges[0]; i++) {
			const struct edge *e = &edges[i];
			time_t last = last_second(expected_days(p, e));
			struct verdict in = check(p, e->cat, &f, last, e->type, e->reason);
			struct verdict out = check(p, e->cat, &f, last + 1, e->type, e->reason);
			struct verdict first = check(p, e->cat, &f, T, e->type, e->reason);

			CHECK(first.why == WHY_OK,
			      aprintf(a, "%s (%s): allowed at delivery", e->what, policies[pi].name));
			CHECK(in.why == WHY_OK && in.until == last,
			      aprintf(a, "%s (%s): allowed at its last second, until = it",
			              e->what, policies[pi].name));
			CHECK(out.why == WHY_WINDOW_PASSED && out.until == last,
			      aprintf(a, "%s (%s): window passed one second later, until = last second",
			              e->what, policies[pi].name));
		}
	}
}

/* Return for "some reason" (what /my/orders shows): no-reason or quality. */
static void test_return_some_reason(void)
{
	static const struct policy generous = {
		.no_reason_days = 10, .quality_return_days = 5, .quality_exchange_days = 15,
		.quality_repair_days = 15, .refund_only_days = 15,
	};
	struct item_facts f = one_item();
	struct verdict v;

	/* odd: no-reason 3 days, quality return 5 days. */
	v = check(&odd, &clothing, &f, last_second(3), TYPE_RETURN_REFUND, -1);
	CHECK(v.why == WHY_OK && v.no_reason && v.until == last_second(5),
	      "return, some reason, last no-reason second: no-reason too, until quality end");
	v = check(&odd, &clothing, &f, last_second(3) + 1, TYPE_RETURN_REFUND, -1);
	CHECK(v.why == WHY_OK && !v.no_reason && v.until == last_second(5),
	      "return, some reason, after the no-reason window: quality reasons only");
	v = check(&odd, &clothing, &f, last_second(5) + 1, TYPE_RETURN_REFUND, -1);
	CHECK(v.why == WHY_WINDOW_PASSED && v.until == last_second(5),
	      "return, some reason, after both windows: passed at the quality end");

	/* generous: the no-reason window (10) outlasts the quality one (5). */
	v = check(&generous, &clothing, &f, last_second(5) + 1, TYPE_RETURN_REFUND, -1);
	CHECK(v.why == WHY_OK && v.no_reason && v.until == last_second(10),
	      "longer no-reason window: still OK by no-reason, until its end");
	v = check(&generous, &clothing, &f, last_second(10) + 1, TYPE_RETURN_REFUND, -1);
	CHECK(v.why == WHY_WINDOW_PASSED && v.until == last_second(10),
	      "both passed: reports the window that ended last");
	v = check(&generous, &customised, &f, last_second(5) + 1, TYPE_RETURN_REFUND, -1);
	CHECK(v.why == WHY_WINDOW_PASSED && v.until == last_second(5),
	      "customised, quality window passed: passed at quality end, not category");

	/* The examples of the brief, with the shop's defaults. */
	v = check(&shop, &customised, &f, T + 2 * DAY, TYPE_RETURN_REFUND, -1);
	CHECK(v.why == WHY_OK && !v.no_reason && v.until == last_second(7),
	      "customised item 2 days after delivery: return OK, but not without reason");
	v = check(&shop, &clothing, &f, T + 2 * DAY, TYPE_RETURN_REFUND, -1);
	CHECK(v.why == WHY_OK && v.no_reason && v.until == last_second(7),
	      "clothing 2 days after delivery: return OK, no-reason too");
	{
		time_t now = T + 40 * DAY;
		enum why_not rr = check(&shop, &electronics, &f, now, TYPE_RETURN_REFUND, -1).why;
		enum why_not ex = check(&shop, &electronics, &f, now, TYPE_EXCHANGE, -1).why;
		enum why_not ro = check(&shop, &electronics, &f, now, TYPE_REFUND_ONLY, -1).why;

		v = check(&shop, &electronics, &f, now, TYPE_REPAIR, -1);
		CHECK(rr == WHY_WINDOW_PASSED && ex == WHY_WINDOW_PASSED &&
		      ro == WHY_WINDOW_PASSED,
		      "electronics 40 days after delivery: return, exchange, refund passed");
		CHECK(v.why == WHY_OK && v.until == last_second(365),
		      "electronics 40 days after delivery: repair OK under the 365-day warranty");
	}
	v = check(&shop, &digital, &f, T + DAY, TYPE_RETURN_REFUND, -1);
	CHECK(v.why == WHY_CATEGORY && !v.no_reason && v.until == 0,
	      "digital goods: return for any reason refused by category");
	v = check(&shop, &clothing, &f, T, TYPE_RETURN_REFUND, REASON_NO_REASON);
	CHECK(v.why == WHY_OK && v.no_reason, "an allowed no-reason return sets no_reason");
	v = check(&shop, &clothing, &f, T, TYPE_RETURN_REFUND, REASON_QUALITY_DEFECT);
	CHECK(v.why == WHY_OK && !v.no_reason, "a quality return leaves no_reason false");
	v = check(&shop, &clothing, &f, T, TYPE_EXCHANGE, -1);
	CHECK(v.why == WHY_OK && !v.no_reason, "exchange for some reason: no_reason false");
}

/* ------------------------------------------------------------ categories */

static void test_categories(void)
{
	struct item_facts f = one_item();
	time_t now = T + 2 * DAY;
	struct verdict v;

	v = check(&shop, &customised, &f, now, TYPE_RETURN_REFUND, REASON_NO_REASON);
	CHECK(v.why == WHY_CATEGORY && v.until == 0,
	      "customised: no-reason return refused by category");
	v = check(&shop, &customised, &f, now, TYPE_RETURN_REFUND, REASON_QUALITY_DEFECT);
	CHECK(v.why == WHY_OK, "customised: quality return allowed");
	v = check(&shop, &customised, &f, now, TYPE_EXCHANGE, REASON_WRONG_ITEM);
	CHECK(v.why == WHY_OK, "customised: exchange for the wrong item allowed");

	for (int t = 0; t < TYPE__MAX; t++) {
		enum why_not want = t == TYPE_RETURN_REFUND || t == TYPE_EXCHANGE ? WHY_CATEGORY
		                                                                  : WHY_OK;

		v = check(&shop, &digital, &f, now, (enum case_type)t, REASON_QUALITY_DEFECT);
		CHECK(v.why == want, want == WHY_CATEGORY
		                         ? "digital: not returnable, no return or exchange"
		                         : "digital: refund only and repair still possible");
	}
	v = check(&shop, &digital, &f, now, TYPE_RETURN_REFUND, REASON_NO_REASON);
	CHECK(v.why == WHY_CATEGORY, "digital: no-reason return refused by category");

	v = check(&shop, NULL, &f, now, TYPE_RETURN_REFUND, REASON_QUALITY_DEFECT);
	CHECK(v.why == WHY_CATEGORY, "no category rule: treated as not returnable");
	v = check(&shop, NULL, &f, last_second(shop.quality_repair_days), TYPE_REPAIR, -1);
	CHECK(v.why == WHY_OK && v.until == last_second(shop.quality_repair_days),
	      "no category rule: repair within the shop's quality window");

	{
		struct policy closed = shop;

		closed.no_reason_days = 0;
		v = check(&closed, &clothing, &f, T, TYPE_RETURN_REFUND, REASON_NO_REASON);
		CHECK(v.why == WHY_WINDOW_PASSED,
		      "a 0-day no-reason window refuses even at the moment of delivery");
		v = check(&closed, &clothing, &f, T, TYPE_RETURN_REFUND, -1);
		CHECK(v.why == WHY_OK && !v.no_reason,
		      "with no-reason returns off, a quality return is still offered");
	}
}

/* ------------------------------------------------- quantities and money */

static void test_quantities(void)
{
	time_t now = T + DAY;
	struct item_facts f;
	struct verdict v;

	f = one_item();
	f.delivered_at = 0;
	for (int t = 0; t < TYPE__MAX; t++) {
		if (t != TYPE_REFUND_ONLY)
			CHECK(check(&shop, &clothing, &f, now, (enum case_type)t, -1).why ==
			      WHY_NOT_DELIVERED, "not delivered: every type but refund-only says so");
		else
			CHECK(check(&shop, &clothing, &f, now, (enum case_type)t, -1).why == WHY_OK,
			      "not delivered: a refund-only request (not received) is open");
		CHECK(check(&shop, &clothing, &f, now, (enum case_type)t, REASON_NOT_RECEIVED).why ==
		      (t == TYPE_REFUND_ONLY ? WHY_OK : WHY_REASON_TYPE),
		      "not received: refund-only alone, no delivery needed");
		CHECK(check(&shop, &digital, &f, now, (enum case_type)t, REASON_NO_REASON).why ==
		      WHY_NOT_DELIVERED, "not delivered comes before reason and category");
	}
	v = check(&shop, &clothing, &f, now, TYPE_REFUND_ONLY, REASON_OTHER);
	CHECK(v.until == 0 && v.qty_available == 1 && v.refundable_fen == 19900,
	      "not delivered: until 0, quantities still reported");
	v = check(&shop, &clothing, &f, last_second(400), TYPE_REFUND_ONLY, REASON_NOT_RECEIVED);
	CHECK(v.why == WHY_OK && v.until == 0, "not received: no window without a delivery");
	f.refunded_fen = f.paid_fen;
	CHECK(check(&shop, &clothing, &f, now, TYPE_REFUND_ONLY, REASON_NOT_RECEIVED).why ==
	      WHY_NOTHING_LEFT, "not received: nothing left to refund");
	f = one_item();
	CHECK(check(&shop, &clothing, &f, last_second(30), TYPE_REFUND_ONLY, REASON_NOT_RECEIVED)
	              .why == WHY_WINDOW_PASSED,
	      "not received on a delivered order (lost): the refund-only window");
	f.delivered_at = 0;

	f = one_item();
	f.qty_open = 1;
	for (int t = 0; t < TYPE__MAX; t++) {
		v = check(&shop, &clothing, &f, now, (enum case_type)t, -1);
		CHECK(v.why == WHY_IN_OPEN_CASE && v.qty_available == 0 && v.until == 0,
		      "the only unit in an open case: every type says open case");
	}
	v = check(&shop, &clothing, &f, last_second(30), TYPE_EXCHANGE, -1);
	CHECK(v.why == WHY_IN_OPEN_CASE, "open case is explained before a passed window");
	v = check(&shop, &digital, &f, now, TYPE_EXCHANGE, REASON_QUALITY_DEFECT);
	CHECK(v.why == WHY_CATEGORY, "category is explained before an open case");

	f = one_item();
	f.qty = 2;
	f.qty_open = 1;
	v = check(&shop, &clothing, &f, now, TYPE_RETURN_REFUND, REASON_QUALITY_DEFECT);
	CHECK(v.why == WHY_OK && v.qty_available == 1, "2 bought, 1 in an open case: 1 left");

	f = one_item();
	f.qty = 3;
	f.qty_open = 1;
	f.qty_returned = 1;
	v = check(&shop, &clothing, &f, now, TYPE_EXCHANGE, REASON_QUALITY_DEFECT);
	CHECK(v.why == WHY_OK && v.qty_available == 3 - 1 - 1,
	      "3 bought, 1 open, 1 returned: 1 available");

	f = one_item();
	f.qty = 2;
	f.qty_open = 1;
	f.qty_returned = 1;
	v = check(&shop, &clothing, &f, now, TYPE_REPAIR, REASON_QUALITY_DEFECT);
	CHECK(v.why == WHY_IN_OPEN_CASE, "1 returned, the other open: open case");

	f = one_item();
	f.qty_returned = 1;
	f.refunded_fen = f.paid_fen;
	for (int t = 0; t < TYPE__MAX; t++) {
		v = check(&shop, &clothing, &f, now, (enum case_type)t, -1);
		CHECK(v.why == WHY_NOTHING_LEFT && v.qty_available == 0 && v.refundable_fen == 0,
		      "returned and refunded in full: nothing left for any type");
	}
	v = check(&shop, &clothing, &f, last_second(30), TYPE_REPAIR, -1);
	CHECK(v.why == WHY_NOTHING_LEFT, "nothing left is explained before a passed window");

	/* Partial refunds leave money that refund_only may still ask for. */
	f = one_item();
	f.refunded_fen = 5000;
	v = check(&shop, &clothing, &f, now, TYPE_REFUND_ONLY, REASON_NOT_AS_DESCRIBED);
	CHECK(v.why == WHY_OK && v.refundable_fen == 19900 - 5000 && v.qty_available == 1,
	      "partial refund so far: the rest is refundable");
	v = check(&shop, &clothing, &f, now, TYPE_RETURN_REFUND, REASON_QUALITY_DEFECT);
	CHECK(v.why == WHY_OK && v.refundable_fen == 19900 - 5000,
	      "partial refund so far: the unit can still be returned");

	f = one_item();
	f.qty_returned = 1;
	f.refunded_fen = 10000;
	v = check(&shop, &clothing, &f, now, TYPE_REFUND_ONLY, REASON_OTHER);
	CHECK(v.why == WHY_OK && v.refundable_fen == 19900 - 10000 && v.qty_available == 0,
	      "returned but only part refunded: refund only for the leftover money");
	v = check(&shop, &clothing, &f, now, TYPE_RETURN_REFUND, REASON_QUALITY_DEFECT);
	CHECK(v.why == WHY_NOTHING_LEFT, "returned unit: cannot be returned again");

	f = one_item();
	f.refunded_fen = f.paid_fen;
	v = check(&shop, &clothing, &f, now, TYPE_REFUND_ONLY, REASON_OTHER);
	CHECK(v.why == WHY_NOTHING_LEFT, "refunded in full without return: no more refund");

	f = one_item();
	f.qty = 2;
	f.qty_open = 2;
	f.refunded_fen = 3000;
	v = check(&shop, &clothing, &f, now, TYPE_REFUND_ONLY, REASON_OTHER);
	CHECK(v.why == WHY_IN_OPEN_CASE && v.refundable_fen == 19900 - 3000,
	      "refund only with every unit in open cases: open case");

	f = one_item();
	f.refunded_fen = 20000;
	f.qty_open = 1;
	f.qty_returned = 1;
	v = check(&shop, &clothing, &f, now, TYPE_REFUND_ONLY, REASON_OTHER);
	CHECK(v.refundable_fen == 0 && v.qty_available == 0 && v.why == WHY_NOTHING_LEFT,
	      "over-refunded, over-counted: refundable and available never negative");
}

/* --------------------------------------------------- reason/type fit */

static void test_reason_type(void)
{
	struct item_facts f = one_item();
	time_t now = T + DAY;
	struct verdict v;

	for (int t = 0; t < TYPE__MAX; t++) {
		if (t == TYPE_RETURN_REFUND)
			continue;
		v = check(&shop, &clothing, &f, now, (enum case_type)t, REASON_NO_REASON);
		CHECK(v.why == WHY_REASON_TYPE && v.until == 0 && !v.no_reason,
		      "no_reason goes with return_refund only");
	}
	v = check(&shop, &digital, &f, now, TYPE_EXCHANGE, REASON_NO_REASON);
	CHECK(v.why == WHY_REASON_TYPE, "reason/type mismatch is explained before category");
	f.qty_open = 1;
	v = check(&shop, &clothing, &f, now, TYPE_REPAIR, REASON_NO_REASON);
	CHECK(v.why == WHY_REASON_TYPE, "reason/type mismatch is explained before open case");
	f = one_item();
	CHECK(check(&shop, &clothing, &f, now, TYPE_RETURN_REFUND, REASON__MAX).why ==
	      WHY_REASON_TYPE, "an out-of-range reason is refused");
	CHECK(check(&shop, &clothing, &f, now, TYPE_RETURN_REFUND, -2).why == WHY_REASON_TYPE,
	      "reason -2 is refused");
	CHECK(check(&shop, &clothing, &f, now, TYPE__MAX, REASON_QUALITY_DEFECT).why ==
	      WHY_REASON_TYPE, "an out-of-range type is refused");
	for (int r = 0; r < REASON__MAX; r++) {
		if (r == REASON_NO_REASON || r == REASON_NOT_RECEIVED)
			continue;
		CHECK(check(&shop, &clothing, &f, now, TYPE_EXCHANGE, r).why == WHY_OK,
		      "every other reason fits an exchange");
	}
}

void tests_rules(void)
{
	struct arena *a = arena_new();

	test_names(a);
	test_window_edges(a);
	test_return_some_reason();
	test_categories();
	test_quantities();
	test_reason_type();
	arena_free(a);
}

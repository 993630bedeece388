/* test_timers.c — which event starts and stops which time limit. Instants
 * are literal UTC seconds from `date -u -d ... +%s`; 2026-11-23 is a Monday
 * and Shanghai is UTC+8, so 09:00 local is 01:00 UTC. */
#include "t.h"
#include "timers.h"

void tests_timers(void);

#define MON_0900 1795395600L /* 2026-11-23 09:00 local */
#define MON_1100 1795402800L /* 2026-11-23 11:00 local */
#define THU_1800 1795687200L /* 2026-11-26 18:00 local */
#define TUE_0900 1795482000L /* 2026-11-24 09:00 local */
#define TUE2_1800 1796119200L /* 2026-12-01 18:00 local: Tue + 5 working days */
#define WED_0900 1795568400L /* 2026-11-25 09:00 local */

static const struct calendar week = {NULL, 0};

static void test_refund_only(void)
{
	struct sla_clocks c = {0};
	enum sla_timer next;

	sla_on_event(&c, &week, "refund_only", "submit", false, MON_0900);
	CHECK(c.t[SLA_FIRST_RESPONSE].due == MON_1100, "submit: first response due 2 working hours later");
	CHECK(c.t[SLA_REVIEW].due == THU_1800, "submit of a refund type: review due at the end of the 3rd working day");
	CHECK(c.t[SLA_PAYOUT].start == 0 && c.t[SLA_HANDLING].start == 0, "submit: payout and handling not started");
	CHECK(sla_next(&c, &next) && next == SLA_FIRST_RESPONSE, "the first response is due first");

	sla_on_event(&c, &week, "refund_only", "approve", true, TUE_0900);
	CHECK(c.t[SLA_FIRST_RESPONSE].stopped == TUE_0900, "a staff action stops the first-response timer");
	CHECK(c.t[SLA_REVIEW].stopped == TUE_0900, "approval stops the review timer");
	CHECK(c.t[SLA_PAYOUT].start == TUE_0900 && c.t[SLA_PAYOUT].due == TUE2_1800,
	      "approval starts the payout timer: 5 working days, across the weekend");
	CHECK(c.t[SLA_HANDLING].due == TUE_0900 + 24 * 3600, "refund-only: handling runs 24 h from approval");
	CHECK(sla_next(&c, &next) && next == SLA_HANDLING, "handling (24 h) is now due before payout");

	sla_on_event(&c, &week, "refund_only", "refund", true, WED_0900);
	CHECK(c.t[SLA_PAYOUT].stopped == WED_0900 && c.t[SLA_HANDLING].stopped == WED_0900,
	      "the refund stops payout and handling");
	CHECK(!sla_next(&c, &next), "nothing runs after the refund");

	sla_on_event(&c, &week, "refund_only", "complete", true, WED_0900 + 60);
	CHECK(c.t[SLA_FOLLOWUP].due == WED_0900 + 60 + 48 * 3600, "completion starts the 48 h follow-up");
}

static void test_return_waits_for_goods(void)
{
	struct sla_clocks c = {0};

	sla_on_event(&c, &week, "return_refund", "submit", false, MON_0900);
	sla_on_event(&c, &week, "return_refund", "approve", true, TUE_0900);
	CHECK(c.t[SLA_HANDLING].start == 0, "a return's handling does not run while the parcel travels");
	sla_on_event(&c, &week, "return_refund", "receive", true, WED_0900);
	CHECK(c.t[SLA_HANDLING].start == WED_0900 && c.t[SLA_HANDLING].due == WED_0900 + 24 * 3600,
	      "handling starts when the goods are received");
}

static void test_exchange_and_stops(void)
{
	struct sla_clocks c = {0};
	enum sla_timer next;

	sla_on_event(&c, &week, "exchange", "submit", false, MON_0900);
	CHECK(c.t[SLA_REVIEW].start == 0, "an exchange has no refund-review timer");
	sla_on_event(&c, &week, "exchange", "approve", true, TUE_0900);
	CHECK(c.t[SLA_PAYOUT].start == 0, "an exchange has no payout timer");
	sla_on_event(&c, &week, "exchange", "convert_to_refund", true, WED_0900);
	CHECK(c.t[SLA_PAYOUT].start == WED_0900, "converting to a refund starts the payout timer");

	sla_on_event(&c, &week, "exchange", "cancel", false, WED_0900 + 1);
	CHECK(!sla_next(&c, &next), "a cancelled case has no running timer");
	CHECK(c.t[SLA_PAYOUT].stopped == WED_0900 + 1, "cancelling stops what ran");

	struct sla_clocks d = {0};

	sla_on_event(&d, &week, "repair", "submit", false, MON_0900);
	sla_on_event(&d, &week, "repair", "submit", false, TUE_0900);
	CHECK(d.t[SLA_FIRST_RESPONSE].start == MON_0900, "a running timer is not restarted");
	sla_on_event(&d, &week, "repair", "submit", false, TUE_0900);
	sla_on_event(&d, &week, "repair", "reject", true, TUE_0900);
	CHECK(d.t[SLA_FIRST_RESPONSE].stopped == TUE_0900, "a rejection is a first response too");
}

void tests_timers(void)
{
	test_refund_only();
	test_return_waits_for_goods();
	test_exchange_and_stops();
}

/* test_timers.c — which event starts and stops which time limit. Instants
 * are literal UTC seconds from `date -u -d ... +%s`; 2026-11-23 is a Monday
 * and Shanghai is UTC+8, so 09:00 local is 01:00 UTC. */
#include <string.h>

#include "t.h"
#include "timers.h"

void tests_timers(void);

#define MON_0900 1795395600L /* 2026-11-23 09:00 local */
#define MON_1100 1795402800L /* 2026-11-23 11:00 local */
#define THU_1800 1795687200L /* 2026-11-26 18:00 local */
#define TUE_0900 1795482000L /* 2026-11-24 09:00 local */
#define TUE2_1800 1796119200L /* 2026-12-01 18:00 local: Tue + 5 working days */
#define WED_0900 1795568400L /* 2026-11-25 09:00 local */
#define THU_0900 (WED_0900 + 86400)

static const struct calendar week = {NULL, 0};

static void ev(struct sla_clocks *c, const char *type, const char *action, const char *to,
               bool staff, time_t now)
{
	struct sla_step s = {type, action, to, staff, false, 0};

	sla_on_event(c, &week, &sla_default_limits, &s, now);
}

static void test_refund_only(void)
{
	struct sla_clocks c = {0};
	enum sla_timer next;

	ev(&c, "refund_only", "submit", "submitted", false, MON_0900);
	CHECK(c.t[SLA_FIRST_RESPONSE].due == MON_1100, "submit: first response due 2 working hours later");
	CHECK(c.t[SLA_REVIEW].due == THU_1800, "submit of a refund type: review due at the end of the 3rd working day");
	CHECK(c.t[SLA_PAYOUT].start == 0 && c.t[SLA_HANDLING].start == 0, "submit: payout and handling not started");
	CHECK(sla_next(&c, &next) && next == SLA_FIRST_RESPONSE, "the first response is due first");

	ev(&c, "refund_only", "approve", "refund_pending", true, TUE_0900);
	CHECK(c.t[SLA_FIRST_RESPONSE].stopped == TUE_0900, "a staff action stops the first-response timer");
	CHECK(c.t[SLA_REVIEW].stopped == TUE_0900, "approval stops the review timer");
	CHECK(c.t[SLA_PAYOUT].start == TUE_0900 && c.t[SLA_PAYOUT].due == TUE2_1800,
	      "approval starts the payout timer: 5 working days, across the weekend");
	CHECK(c.t[SLA_HANDLING].due == TUE_0900 + 24 * 3600, "refund-only: handling runs 24 h from approval");
	CHECK(sla_next(&c, &next) && next == SLA_HANDLING, "handling (24 h) is now due before payout");

	ev(&c, "refund_only", "refund", "refunded", true, WED_0900);
	CHECK(c.t[SLA_PAYOUT].stopped == WED_0900 && c.t[SLA_HANDLING].stopped == WED_0900,
	      "the refund stops payout and handling");
	CHECK(!sla_next(&c, &next), "nothing runs after the refund");

	ev(&c, "refund_only", "complete", "completed", true, WED_0900 + 60);
	CHECK(c.t[SLA_FOLLOWUP].due == WED_0900 + 60 + 48 * 3600, "completion starts the 48 h follow-up");
	ev(&c, "refund_only", "survey_invite", NULL, false, WED_0900 + 60);
	CHECK(c.t[SLA_FOLLOWUP].stopped == 0, "the survey's invitation does not meet the follow-up");
	ev(&c, "refund_only", "followup_done", NULL, true, THU_0900);
	CHECK(c.t[SLA_FOLLOWUP].stopped == THU_0900, "a follow-up that reached the customer meets it");

	struct sla_clocks s = {0};

	ev(&s, "refund_only", "complete", "completed", true, WED_0900);
	ev(&s, "refund_only", "survey_answer", NULL, false, WED_0900 + 3600);
	CHECK(s.t[SLA_FOLLOWUP].stopped == WED_0900 + 3600, "so does the customer's own answer");
}

static void test_refund_failed(void)
{
	struct sla_clocks c = {0};
	enum sla_timer next;

	ev(&c, "refund_only", "submit", "submitted", false, MON_0900);
	ev(&c, "refund_only", "approve", "refund_pending", true, MON_0900 + 60);
	ev(&c, "refund_only", "refund", "refunded", true, MON_0900 + 120);
	ev(&c, "refund_only", "refund_failed", "refund_pending", false, TUE_0900);
	CHECK(c.t[SLA_PAYOUT].start == TUE_0900 && c.t[SLA_PAYOUT].due == TUE2_1800 &&
	      c.t[SLA_PAYOUT].stopped == 0,
	      "a failed refund starts the payout timer again: 5 working days from the failure");
	CHECK(sla_next(&c, &next) && next == SLA_PAYOUT, "payout is what runs");
	ev(&c, "refund_only", "refund", "refunded", true, WED_0900);
	CHECK(c.t[SLA_PAYOUT].stopped == WED_0900, "the new refund stops it");
}

static void test_return_waits_for_goods(void)
{
	struct sla_clocks c = {0};

	ev(&c, "return_refund", "submit", "submitted", false, MON_0900);
	ev(&c, "return_refund", "approve", "awaiting_return", true, TUE_0900);
	CHECK(c.t[SLA_HANDLING].start == 0, "a return's handling does not run while the parcel travels");
	ev(&c, "return_refund", "receive", "received", true, WED_0900);
	CHECK(c.t[SLA_HANDLING].start == WED_0900 && c.t[SLA_HANDLING].due == WED_0900 + 24 * 3600,
	      "handling starts when the goods are received");
}

static void test_registered_by_staff(void)
{
	struct sla_clocks c = {0};

	ev(&c, "refund_only", "submit", "submitted", true, MON_0900);
	CHECK(c.t[SLA_FIRST_RESPONSE].start == MON_0900 && c.t[SLA_FIRST_RESPONSE].stopped == MON_0900,
	      "a case staff register as the customer talks to them has its first response at once");
	CHECK(c.t[SLA_REVIEW].start == MON_0900 && c.t[SLA_REVIEW].stopped == 0, "its review still runs");
}

static void test_fast_refund(void)
{
	struct sla_clocks c = {0};
	enum sla_timer next;

	ev(&c, "return_refund", "submit", "submitted", false, MON_0900);
	ev(&c, "return_refund", "approve", "refund_pending", true, MON_1100);
	ev(&c, "return_refund", "refund", "awaiting_return", true, TUE_0900);
	CHECK(c.t[SLA_PAYOUT].stopped == TUE_0900, "a fast refund stops the payout timer before the goods are back");
	CHECK(!sla_next(&c, &next), "nothing runs while the parcel travels");
	ev(&c, "return_refund", "receive", "received", true, WED_0900);
	ev(&c, "return_refund", "inspect_pass", "completed", true, WED_0900 + 5);
	CHECK(c.t[SLA_HANDLING].stopped == WED_0900 + 5 && c.t[SLA_FOLLOWUP].start == WED_0900 + 5,
	      "any step into completed stops everything and starts the follow-up");

	struct sla_clocks h = {0};

	ev(&h, "refund_only", "submit", "submitted", false, MON_0900);
	ev(&h, "refund_only", "approve", "refund_pending", true, MON_1100);
	ev(&h, "refund_only", "refund", "refund_approval", true, TUE_0900);
	CHECK(h.t[SLA_PAYOUT].stopped == 0, "a refund waiting for a manager is not paid: payout still runs");
}

static void test_exchange_and_stops(void)
{
	struct sla_clocks c = {0};
	enum sla_timer next;

	ev(&c, "exchange", "submit", "submitted", false, MON_0900);
	CHECK(c.t[SLA_REVIEW].start == 0, "an exchange has no refund-review timer");
	ev(&c, "exchange", "approve", "awaiting_return", true, TUE_0900);
	CHECK(c.t[SLA_PAYOUT].start == 0, "an exchange has no payout timer");
	ev(&c, "exchange", "convert_to_refund", "refund_pending", true, WED_0900);
	CHECK(c.t[SLA_PAYOUT].start == WED_0900, "converting to a refund starts the payout timer");

	ev(&c, "exchange", "cancel", "cancelled", false, WED_0900 + 1);
	CHECK(!sla_next(&c, &next), "a cancelled case has no running timer");
	CHECK(c.t[SLA_PAYOUT].stopped == WED_0900 + 1, "cancelling stops what ran");

	struct sla_clocks d = {0};

	ev(&d, "repair", "submit", "submitted", false, MON_0900);
	ev(&d, "repair", "submit", "submitted", false, TUE_0900);
	CHECK(d.t[SLA_FIRST_RESPONSE].start == MON_0900, "a running timer is not restarted");
	ev(&d, "repair", "submit", "submitted", false, TUE_0900);
	ev(&d, "repair", "reject", "rejected", true, TUE_0900);
	CHECK(d.t[SLA_FIRST_RESPONSE].stopped == TUE_0900, "a rejection is a first response too");
}

static void test_repairs(void)
{
	struct sla_clocks c = {0}, m = {0};
	struct sla_step on_site = {"repair", "approve", "approved", true, true, 72};
	enum sla_timer next;

	ev(&c, "repair", "submit", "submitted", false, MON_0900);
	sla_on_event(&c, &week, &sla_default_limits, &on_site, TUE_0900);
	CHECK(c.t[SLA_ARRIVAL].start == TUE_0900 && c.t[SLA_ARRIVAL].due == TUE_0900 + 72 * 3600,
	      "an on-site repair's approval starts the arrival limit it was given");
	CHECK(c.t[SLA_HANDLING].due == TUE_0900 + 24 * 3600, "an on-site repair's handling runs from approval");
	ev(&c, "repair", "assign", "technician_assigned", true, TUE_0900 + 60);
	CHECK(c.t[SLA_ARRIVAL].stopped == 0, "assigning a technician is not arriving");
	on_site.action = "arrive";
	on_site.to = "on_site";
	sla_on_event(&c, &week, &sla_default_limits, &on_site, WED_0900);
	CHECK(c.t[SLA_ARRIVAL].stopped == WED_0900, "arrival stops the arrival limit");
	CHECK(sla_next(&c, &next) && next == SLA_HANDLING, "then handling is what runs");
	ev(&c, "repair", "repaired", "repaired", true, WED_0900 + 60);
	CHECK(c.t[SLA_HANDLING].stopped == WED_0900 + 60, "the repair done stops handling");

	ev(&m, "repair", "submit", "submitted", false, MON_0900);
	ev(&m, "repair", "approve", "awaiting_return", true, TUE_0900);
	CHECK(m.t[SLA_ARRIVAL].start == 0 && m.t[SLA_HANDLING].start == 0,
	      "a mailed-in repair has no arrival limit and waits for the parcel");
	ev(&m, "repair", "receive", "received", true, WED_0900);
	CHECK(m.t[SLA_HANDLING].start == WED_0900, "its handling starts when it is received");
	ev(&m, "repair", "repaired", "repaired", true, WED_0900 + 5);
	CHECK(m.t[SLA_HANDLING].stopped == WED_0900 + 5, "and stops when it is repaired");

	CHECK(sla_arrival_hours("上海, 北京", "北京", 24, 72) == 24, "a city of the list is the same city");
	CHECK(sla_arrival_hours("上海，北京", " 北京 ", 24, 72) == 24, "a full-width comma separates too");
	CHECK(sla_arrival_hours("上海,北京", "南京", 24, 72) == 72, "another city is another city");
	CHECK(sla_arrival_hours("上海,北京", "北", 24, 72) == 72, "a prefix of a name is not the name");
	CHECK(sla_arrival_hours("上海,,", "", 24, 72) == 72, "no city is another city");
	CHECK(sla_arrival_hours("", "上海", 24, 72) == 72, "an empty list has no same city");
	CHECK(sla_arrival_hours_at("上海, 北京", "北京市海淀区中关村大街 27 号", 24, 72) == 24,
	      "an address in a city of the list is the same city");
	CHECK(sla_arrival_hours_at("上海，北京", "江苏省南京市玄武区 1 号", 24, 72) == 72,
	      "an address elsewhere is another city");
	CHECK(sla_arrival_hours_at("上海,,", "", 24, 72) == 72, "no address is another city");
	CHECK(sla_arrival_hours_at("", "上海市", 24, 72) == 72, "an empty list has no same city (address)");
}

/* A customer's message starts the reply limit (2 working hours, the
 * first-response rule); a second one does not move it; the team's
 * message stops it; another customer message starts it anew. */
static void test_reply_limit(void)
{
	struct sla_clocks c = {0};
	enum sla_timer next;

	ev(&c, "exchange", "submit", "submitted", false, MON_0900 - 3 * 86400);
	ev(&c, "exchange", "approve", "awaiting_return", true, MON_0900 - 3 * 86400 + 60);
	ev(&c, "exchange", "customer_message", NULL, false, MON_0900);
	CHECK(c.t[SLA_REPLY].start == MON_0900 && c.t[SLA_REPLY].due == MON_1100,
	      "a customer's message: reply due 2 working hours later");
	CHECK(sla_next(&c, &next) && next == SLA_REPLY, "the reply is the next limit");
	ev(&c, "exchange", "customer_message", NULL, false, MON_0900 + 600);
	CHECK(c.t[SLA_REPLY].start == MON_0900, "a second message keeps the first one's limit");
	ev(&c, "exchange", "approve", "awaiting_return", true, MON_0900 + 700);
	CHECK(!c.t[SLA_REPLY].stopped, "another staff step is no reply");
	ev(&c, "exchange", "message", NULL, true, MON_0900 + 900);
	CHECK(c.t[SLA_REPLY].stopped == MON_0900 + 900, "the team's message meets the reply limit");
	ev(&c, "exchange", "customer_message", NULL, false, TUE_0900);
	CHECK(c.t[SLA_REPLY].start == TUE_0900 && c.t[SLA_REPLY].stopped == 0,
	      "the next customer message starts it again");
	ev(&c, "exchange", "reject", "rejected", true, TUE_0900 + 60);
	CHECK(c.t[SLA_REPLY].stopped == TUE_0900 + 60, "a final state stops it");
}

/* The limits a case was opened under, not the constants: another
 * generation's first response, review and follow-up; a complex case's
 * longer response (seed 001's 24 h / 48 h policy). */
static void test_limits_of_the_case(void)
{
	struct sla_limits l = sla_default_limits;
	struct sla_step submit = {"refund_only", "submit", "submitted", false, false, 0};
	struct sla_step mark = {"refund_only", "mark_complex", NULL, true, false, 0};
	struct sla_step done = {"refund_only", "complete", "completed", true, false, 0};
	struct sla_clocks c = {0};

	l.first_response_hours = 4;
	l.review_days = 1;
	l.followup_hours = 12;
	sla_on_event(&c, &week, &l, &submit, MON_0900);
	CHECK(c.t[SLA_FIRST_RESPONSE].due == MON_0900 + 4 * 3600, "4 working hours when the policy says 4");
	CHECK(c.t[SLA_REVIEW].due == TUE_0900 + 9 * 3600, "review in 1 working day when the policy says 1");
	sla_on_event(&c, &week, &l, &done, TUE_0900);
	CHECK(c.t[SLA_FOLLOWUP].due == TUE_0900 + 12 * 3600, "follow-up in the policy's 12 hours");

	memset(&c, 0, sizeof c);
	l = sla_default_limits;
	l.clock_response = true;
	sla_on_event(&c, &week, &l, &submit, MON_0900);
	CHECK(c.t[SLA_FIRST_RESPONSE].due == MON_0900 + 24 * 3600, "seed 001: an ordinary case gets 24 h");
	l.complex = true;
	sla_on_event(&c, &week, &l, &mark, MON_0900 + 600);
	CHECK(c.t[SLA_FIRST_RESPONSE].due == MON_0900 + 48 * 3600 && !c.t[SLA_FIRST_RESPONSE].stopped,
	      "marked complex: 48 h from the submission, and marking is no response");
	CHECK(sla_response_due(&sla_default_limits, &week, MON_0900) == MON_1100,
	      "the default stays 2 working hours");
}

void tests_timers(void)
{
	test_limits_of_the_case();
	test_reply_limit();
	test_repairs();
	test_fast_refund();
	test_registered_by_staff();
	test_refund_only();
	test_refund_failed();
	test_return_waits_for_goods();
	test_exchange_and_stops();
}

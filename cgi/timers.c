/*
 * timers.c — which event starts and stops which time limit of a case
 * (DESIGN.md §3). Handling starts when the solution can be executed: at
 * approval for a refund-only or repair case, when the goods are in
 * (received) for a return or exchange — the customer's parcel is not the
 * team's time. Pure: unit-tested alone.
 */
#include <string.h>

#include "timers.h"

const char *const sla_timer_names[SLA__MAX] = {
	[SLA_FIRST_RESPONSE] = "first_response",
	[SLA_REVIEW] = "review",
	[SLA_PAYOUT] = "payout",
	[SLA_HANDLING] = "handling",
	[SLA_FOLLOWUP] = "followup",
};

#define FIRST_RESPONSE_SECONDS (2 * 3600) /* working time */
#define REVIEW_DAYS 3
#define PAYOUT_DAYS 5
#define HANDLING_HOURS 24
#define FOLLOWUP_HOURS 48

static void start(struct sla_clock *k, time_t now, time_t due)
{
	if (k->start && !k->stopped)
		return; /* already running */
	k->start = now;
	k->due = due;
	k->stopped = 0;
}

static void stop(struct sla_clock *k, time_t now)
{
	if (k->start && !k->stopped)
		k->stopped = now;
}

static bool is(const char *a, const char *b)
{
	return strcmp(a, b) == 0;
}

void sla_on_event(struct sla_clocks *c, const struct calendar *cal,
                  const char *type, const char *action, bool staff, time_t now)
{
	bool refund_type = is(type, "return_refund") || is(type, "refund_only");
	bool goods_back = is(type, "return_refund") || is(type, "exchange");

	if (staff)
		stop(&c->t[SLA_FIRST_RESPONSE], now);
	if (is(action, "submit")) {
		start(&c->t[SLA_FIRST_RESPONSE], now,
		      cal_add_working_seconds(cal, now, FIRST_RESPONSE_SECONDS));
		if (refund_type)
			start(&c->t[SLA_REVIEW], now, cal_add_working_days(cal, now, REVIEW_DAYS));
	} else if (is(action, "approve")) {
		stop(&c->t[SLA_REVIEW], now);
		if (refund_type)
			start(&c->t[SLA_PAYOUT], now, cal_add_working_days(cal, now, PAYOUT_DAYS));
		if (!goods_back)
			start(&c->t[SLA_HANDLING], now, cal_add_hours(now, HANDLING_HOURS));
	} else if (is(action, "receive")) {
		start(&c->t[SLA_HANDLING], now, cal_add_hours(now, HANDLING_HOURS));
	} else if (is(action, "convert_to_refund")) {
		start(&c->t[SLA_PAYOUT], now, cal_add_working_days(cal, now, PAYOUT_DAYS));
	} else if (is(action, "refund")) {
		stop(&c->t[SLA_PAYOUT], now);
		stop(&c->t[SLA_HANDLING], now);
	} else if (is(action, "ship")) {
		stop(&c->t[SLA_HANDLING], now);
	} else if (is(action, "complete")) {
		for (int i = 0; i < SLA__MAX; i++)
			stop(&c->t[i], now);
		start(&c->t[SLA_FOLLOWUP], now, cal_add_hours(now, FOLLOWUP_HOURS));
	} else if (is(action, "reject") || is(action, "cancel") || is(action, "close") ||
	           is(action, "inspect_fail")) {
		for (int i = 0; i < SLA__MAX; i++)
			stop(&c->t[i], now);
	}
}

bool sla_next(const struct sla_clocks *c, enum sla_timer *which)
{
	bool found = false;

	for (int i = 0; i < SLA__MAX; i++) {
		const struct sla_clock *k = &c->t[i];

		if (!k->start || k->stopped)
			continue;
		if (!found || k->due < c->t[*which].due) {
			*which = (enum sla_timer)i;
			found = true;
		}
	}
	return found;
}


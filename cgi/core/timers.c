/*
 * timers.c — which event starts and stops which time limit of a case
 * (DESIGN.md §3). Handling starts when the solution can be executed: at
 * approval for a refund-only or on-site repair case, when the goods are
 * in (received) for a return, an exchange or a mailed-in repair — the
 * customer's parcel is not the team's time. Pure: unit-tested alone.
 */
#include <string.h>

#include "timers.h"
#include "workflow.h"

const char *const sla_timer_names[SLA__MAX] = {
	[SLA_FIRST_RESPONSE] = "first_response",
	[SLA_REVIEW] = "review",
	[SLA_PAYOUT] = "payout",
	[SLA_HANDLING] = "handling",
	[SLA_FOLLOWUP] = "followup",
	[SLA_ARRIVAL] = "arrival",
	[SLA_REPLY] = "reply",
};

const struct sla_limits sla_default_limits = {
	.first_response_hours = 2,
	.clock_response = false,
	.ordinary_hours = 24,
	.complex_hours = 48,
	.review_days = 3,
	.payout_days = 5,
	.handling_hours = 24,
	.followup_hours = 48,
	.complaint_days = 1,
	.credit_days = 3,
	.complex = false,
};

time_t sla_response_due(const struct sla_limits *l, const struct calendar *cal, time_t start)
{
	time_t due = l->clock_response
	                 ? cal_add_hours(start, l->ordinary_hours)
	                 : cal_add_working_seconds(cal, start, (long)l->first_response_hours * 3600);

	if (l->complex) {
		time_t longer = cal_add_hours(start, l->complex_hours);

		if (longer > due)
			due = longer;
	}
	return due;
}

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

static void stop_all(struct sla_clocks *c, time_t now)
{
	for (int i = 0; i < SLA__MAX; i++)
		stop(&c->t[i], now);
}

void sla_on_event(struct sla_clocks *c, const struct calendar *cal,
                  const struct sla_limits *l, const struct sla_step *s, time_t now)
{
	bool refund_type = is(s->type, "return_refund") || is(s->type, "refund_only");
	bool repair = is(s->type, "repair");
	bool goods_back = is(s->type, "return_refund") || is(s->type, "exchange") ||
	                  (repair && !s->on_site);
	const char *a = s->action;

	if (is(a, "mark_complex")) {
		static const enum sla_timer longer[] = {SLA_FIRST_RESPONSE, SLA_REPLY};

		for (size_t i = 0; i < sizeof longer / sizeof longer[0]; i++) {
			struct sla_clock *k = &c->t[longer[i]];

			if (k->start && !k->stopped)
				k->due = sla_response_due(l, cal, k->start);
		}
		return;
	}
	if (s->to && is(s->to, "completed")) {
		stop_all(c, now);
		start(&c->t[SLA_FOLLOWUP], now, cal_add_hours(now, l->followup_hours));
		return;
	}
	if ((s->to && case_state_final(s->to)) || is(a, "inspect_fail")) {
		stop_all(c, now);
		return;
	}
	if (is(a, "submit")) {
		start(&c->t[SLA_FIRST_RESPONSE], now,
		      sla_response_due(l, cal, now));
		if (refund_type)
			start(&c->t[SLA_REVIEW], now, cal_add_working_days(cal, now, l->review_days));
	} else if (is(a, "approve")) {
		stop(&c->t[SLA_REVIEW], now);
		if (refund_type)
			start(&c->t[SLA_PAYOUT], now, cal_add_working_days(cal, now, l->payout_days));
		if (!goods_back)
			start(&c->t[SLA_HANDLING], now, cal_add_hours(now, l->handling_hours));
		if (repair && s->on_site)
			start(&c->t[SLA_ARRIVAL], now, cal_add_hours(now, s->arrival_hours));
	} else if (is(a, "claim")) { /* not received: the check with the carrier answers */
		stop(&c->t[SLA_REVIEW], now);
	} else if (is(a, "receive")) {
		start(&c->t[SLA_HANDLING], now, cal_add_hours(now, l->handling_hours));
	} else if (is(a, "convert_to_refund") || is(a, "refund_failed")) {
		/* a refund the payment system could not pay is due again, in
		 * full, from the failure: finance pays it anew */
		start(&c->t[SLA_PAYOUT], now, cal_add_working_days(cal, now, l->payout_days));
	} else if (is(a, "refund") && s->to && !is(s->to, "refund_approval")) {
		stop(&c->t[SLA_PAYOUT], now);
		stop(&c->t[SLA_HANDLING], now);
	} else if (is(a, "ship") || is(a, "repaired")) {
		stop(&c->t[SLA_HANDLING], now);
	} else if (is(a, "arrive")) {
		stop(&c->t[SLA_ARRIVAL], now);
	} else if (is(a, "survey_answer") || is(a, "followup_done")) {
		/* the follow-up is met by the customer's answer or by a call that
		 * reached them (or that they declined), never by the invitation */
		stop(&c->t[SLA_FOLLOWUP], now);
	} else if (is(a, "customer_message")) {
		/* the first unanswered message starts the reply limit */
		start(&c->t[SLA_REPLY], now, sla_response_due(l, cal, now));
	} else if (is(a, "message") && s->staff) {
		stop(&c->t[SLA_REPLY], now);
	}
	/* Staff responding, or registering the case as the customer talks
	 * to them: the first response is given. */
	if (s->staff)
		stop(&c->t[SLA_FIRST_RESPONSE], now);
}

/* The next name of a list separated by ',' or '，' (U+FF0C), without the
 * blanks around it: its start and length; NULL at the end. */
static const char *next_name(const char **list, size_t *len)
{
	const char *p = *list, *start, *end;

	while (*p == ' ')
		p++;
	if (!*p)
		return NULL;
	start = p;
	while (*p && *p != ',' && strncmp(p, "\xef\xbc\x8c", 3) != 0)
		p++;
	end = p;
	while (end > start && end[-1] == ' ')
		end--;
	*len = (size_t)(end - start);
	*list = *p == ',' ? p + 1 : *p ? p + 3 : p;
	return start;
}

int sla_arrival_hours(const char *cities, const char *city, int same_city, int other_city)
{
	const char *name;
	size_t len, clen;

	while (*city == ' ')
		city++;
	clen = strlen(city);
	while (clen && city[clen - 1] == ' ')
		clen--;
	if (clen)
		while ((name = next_name(&cities, &len)))
			if (len == clen && strncmp(name, city, len) == 0)
				return same_city;
	return other_city;
}

int sla_arrival_hours_at(const char *cities, const char *address, int same_city,
                         int other_city)
{
	const char *name;
	size_t len, alen = strlen(address);

	while ((name = next_name(&cities, &len)))
		for (size_t i = 0; len > 0 && i + len <= alen; i++)
			if (memcmp(address + i, name, len) == 0)
				return same_city;
	return other_city;
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


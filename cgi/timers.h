/*
 * timers.h — the six time limits of a case (DESIGN.md §3) as pure
 * functions: which event starts and stops which timer, with due times on
 * the business calendar, and the timer due first.
 */
#ifndef AFTERCARE_TIMERS_H
#define AFTERCARE_TIMERS_H

#include <stdbool.h>
#include <time.h>

#include "calendar.h"

enum sla_timer {
	SLA_FIRST_RESPONSE, /* submitted → first staff action: 2 working hours */
	SLA_REVIEW,         /* refund types: submitted → approved/rejected: 3 working days */
	SLA_PAYOUT,         /* refund due: approved → refund issued: 5 working days */
	SLA_HANDLING,       /* solution executed within 24 h of being possible */
	SLA_FOLLOWUP,       /* completed → survey invitation: 48 h */
	SLA__MAX
};
extern const char *const sla_timer_names[SLA__MAX];

struct sla_clock {
	time_t start;    /* 0: never started */
	time_t due;
	time_t stopped;  /* 0: running */
};

struct sla_clocks {
	struct sla_clock t[SLA__MAX];
};

/* What the event `action` (a case_events action: "submit", "approve", …)
 * on a case of `type` does to the clocks at now. staff: a staff member
 * took it (the first one stops the first-response timer). */
void sla_on_event(struct sla_clocks *c, const struct calendar *cal,
                  const char *type, const char *action, bool staff, time_t now);

/* The running timer due first; false when none runs. */
bool sla_next(const struct sla_clocks *c, enum sla_timer *which);

#endif

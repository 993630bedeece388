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
	SLA_FOLLOWUP,       /* completed → survey answered or follow-up made: 48 h */
	SLA_ARRIVAL,        /* on-site repair approved → technician arrived: 24 h / 72 h */
	SLA_REPLY,          /* a customer's message → the team's reply: 2 working hours
	                     * (the first-response rule; not on the dashboard) */
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

/* One event on a case: a case_events action ("submit", "approve", …, or
 * "message") and the state it led to. */
struct sla_step {
	const char *type;     /* the case's type */
	const char *action;   /* … "customer_message": a customer wrote */
	const char *to;       /* the state after it; NULL: none (a message) */
	bool staff;           /* a staff member took it: the first one stops
	                       * the first-response timer */
	bool on_site;         /* a repair at the customer's */
	int arrival_hours;    /* its arrival limit (sla_arrival_hours) */
};

/* The limits a case was opened under (policies, schema/031): each case
 * keeps the generation of the limits current at its creation. */
struct sla_limits {
	int first_response_hours; /* working hours: an ordinary case's first
	                           * response and reply (the default policy) */
	bool clock_response;      /* seed 001's policy: an ordinary case gets
	                           * ordinary_hours (clock hours) instead */
	int ordinary_hours;
	int complex_hours;        /* clock hours: a case staff marked complex */
	int review_days;          /* working days */
	int payout_days;          /* working days */
	int handling_hours;
	int followup_hours;
	int complaint_days;       /* working days to a complaint's first reply */
	int credit_days;          /* working days a refund takes to be credited */
	bool complex;             /* this case was marked complex */
};
/* The limits of a database without policies: DESIGN.md §3. */
extern const struct sla_limits sla_default_limits;

/* The first-response (and reply) due time of a case started at start. */
time_t sla_response_due(const struct sla_limits *l, const struct calendar *cal, time_t start);

/* What the step does to the clocks at now. The action "mark_complex"
 * (staff marked the case complex, l->complex already set) moves the
 * running first-response and reply limits to the complex one; it is not
 * a response. */
void sla_on_event(struct sla_clocks *c, const struct calendar *cal,
                  const struct sla_limits *l, const struct sla_step *s, time_t now);

/* The on-site arrival limit for a customer in city: same_city hours when
 * the city is one of cities (names separated by ',' or '，', blanks around
 * them ignored), else other_city hours. */
int sla_arrival_hours(const char *cities, const char *city, int same_city, int other_city);
/* The same rule for a visit address as typed ("上海市徐汇区…"): the same
 * city when the address begins with one of the cities' names (a leading
 * province or "中国" aside: any name occurring in it counts). */
int sla_arrival_hours_at(const char *cities, const char *address, int same_city,
                         int other_city);

/* The running timer due first; false when none runs. */
bool sla_next(const struct sla_clocks *c, enum sla_timer *which);

#endif

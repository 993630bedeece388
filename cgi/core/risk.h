/*
 * risk.h — a customer's risk score from the last 90 days (DESIGN.md §3
 * "Risk"): how many refunds and how much money, the share of returned goods
 * that failed inspection, and complaints. Pure.
 */
#ifndef AFTERCARE_RISK_H
#define AFTERCARE_RISK_H

#define RISK_DAYS 90

struct risk_facts {
	int refunds;            /* refunds in the window */
	long long refunded_fen; /* their total */
	int inspected;          /* returns inspected */
	int failed;             /* of which failed */
	int complaints;
};

enum risk_level { RISK_LOW, RISK_MEDIUM, RISK_HIGH };

/* 0..100: 8 a refund (up to 40), 1 per 100 yuan refunded (up to 20), the
 * failed share of inspections × 30, 5 a complaint (up to 10). Low below
 * 30, high from 60. */
int risk_score(const struct risk_facts *f);
enum risk_level risk_level(int score);
extern const char *const risk_level_names[3];

#endif

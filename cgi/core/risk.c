/*
 * risk.c — the risk score: a few capped terms that a service manager can
 * read off the case page and check by hand.
 */
#include "risk.h"

const char *const risk_level_names[3] = {"low", "medium", "high"};

static int cap(long long v, int max)
{
	return v > max ? max : (int)v;
}

int risk_score(const struct risk_facts *f)
{
	int score = cap(8LL * f->refunds, 40) + cap(f->refunded_fen / 10000, 20) +
	            cap(f->complaints * 5LL, 10);

	if (f->inspected > 0)
		score += 30 * f->failed / f->inspected;
	return score > 100 ? 100 : score;
}

enum risk_level risk_level(int score)
{
	return score >= 60 ? RISK_HIGH : score >= 30 ? RISK_MEDIUM : RISK_LOW;
}

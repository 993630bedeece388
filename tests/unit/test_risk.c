/* test_risk.c — the risk score's terms and caps, worked out by hand. */
#include "risk.h"
#include "t.h"

void tests_risk(void);

void tests_risk(void)
{
	struct risk_facts none = {0};
	struct risk_facts some = {2, 35000, 4, 1, 1};   /* 16 + 3 + 7 (30*1/4) + 5 = 31 */
	struct risk_facts many = {9, 900000, 2, 2, 4};  /* 40 + 20 + 30 + 10 = 100 */

	CHECK(risk_score(&none) == 0, "a customer with no history scores 0");
	CHECK(risk_level(risk_score(&none)) == RISK_LOW, "and is low risk");
	CHECK(risk_score(&some) == 31, "2 refunds, 350 yuan, 1 of 4 failed, 1 complaint: 31");
	CHECK(risk_level(31) == RISK_MEDIUM, "31 is medium");
	CHECK(risk_score(&many) == 100, "every term at its cap: 100");
	CHECK(risk_level(59) == RISK_MEDIUM && risk_level(60) == RISK_HIGH, "high from 60");
	CHECK(risk_level(29) == RISK_LOW && risk_level(30) == RISK_MEDIUM, "medium from 30");
}

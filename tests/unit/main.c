/* main.c — runs every unit test group; TAP on stdout. */
#include <stdlib.h>

#include "t.h"

int t_count, t_failed;

void tests_util(void);
void tests_request(void);
void tests_session(void);
void tests_rules(void);
void tests_calendar(void);
void tests_timers(void);
void tests_risk(void);
void tests_workflow(void);
void tests_stats(void);
void tests_csv(void);
void tests_svgchart(void);
void tests_weburl(void);
void tests_phone(void);
void tests_notify(void);
void tests_qr(void);
void tests_totp(void);
void tests_returns(void);
void tests_mask(void);
void tests_colour(void);

int main(void)
{
	tests_util();
	tests_request();
	tests_session();
	tests_rules();
	tests_calendar();
	tests_timers();
	tests_risk();
	tests_workflow();
	tests_stats();
	tests_csv();
	tests_svgchart();
	tests_weburl();
	tests_phone();
	tests_notify();
	tests_qr();
	tests_totp();
	tests_returns();
	tests_mask();
	tests_colour();
	printf("1..%d\n", t_count);
	return t_failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

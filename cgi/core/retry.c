/*
 * retry.c — the table of waits between attempts (retry.h). One table for
 * every channel: a mail server or SMS gateway that is down recovers on the
 * same scale as a shop's endpoint.
 */
#include "retry.h"

static const long waits[RETRY_ATTEMPTS - 1] = {
	5, 5 * 60, 30 * 60, 2 * 3600, 5 * 3600, 10 * 3600, 10 * 3600,
};

long retry_wait(int failed)
{
	if (failed < 1 || failed > (int)(sizeof waits / sizeof waits[0]))
		return -1;
	return waits[failed - 1];
}

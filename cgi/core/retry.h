/*
 * retry.h — when a message that could not be delivered is tried again:
 * Standard Webhooks' schedule (immediately, then 5 s, 5 min, 30 min, 2 h,
 * 5 h, 10 h, 10 h: more than 24 hours in all), for every channel.
 */
#ifndef AFTERCARE_RETRY_H
#define AFTERCARE_RETRY_H

/* Attempts in all, the first included. */
#define RETRY_ATTEMPTS 8

/* Seconds to wait after failed attempt number `failed` (1 for the first),
 * or -1 when that was the last: the message has failed. */
long retry_wait(int failed);

#endif

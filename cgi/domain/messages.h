/*
 * messages.h — the thread of a case between its customer and the service
 * team, each message with an optional photo.
 */
#ifndef AFTERCARE_MESSAGES_H
#define AFTERCARE_MESSAGES_H

#include <time.h>

#include "cases.h"
#include "db.h"

#define MESSAGE_MAX 2000 /* characters */

/* Adds a message to case_no. customer_id != 0: the author is that customer
 * and the case must be theirs (CASE_NOT_FOUND otherwise); 0: staff_id
 * writes. A staff message is a first response (stops that timer) and the
 * reply (clears cases.awaiting_reply, stops the reply limit); a customer's
 * sets awaiting_reply and, on an open case, starts the reply limit. */
int message_add(struct db *db, struct arena *a, const char *case_no,
                long long customer_id, long long staff_id, const char *body,
                const struct photo *photo, time_t now, struct case_result *res);

#endif

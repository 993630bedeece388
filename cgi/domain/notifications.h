/*
 * notifications.h — the outbox as the manager sees it
 * (/staff/admin/notifications): every message and webhook delivery,
 * newest first, and a resend. Never a message's data: a reset code is
 * shown as "a code was sent", not the code.
 */
#ifndef AFTERCARE_NOTIFICATIONS_H
#define AFTERCARE_NOTIFICATIONS_H

#include <stdbool.h>
#include <time.h>

#include "db.h"

#define NOTIFICATIONS_PAGE 50

struct notification {
	long long id;
	const char *event_type, *channel, *recipient, *tmpl, *status, *last_error, *case_no;
	int attempts;
	time_t created_at, next_at, sent_at;
};

/* Page `page` (1-based) of NOTIFICATIONS_PAGE rows; *more when there are
 * further pages. */
enum db_err notifications_list(struct db *db, struct arena *a, int page,
                               struct notification **list, size_t *n, bool *more);

/* The counts by status, for /metrics: queued, sent, failed. */
enum db_err notifications_counts(struct db *db, struct arena *a, long long counts[3]);

enum resend_result { RESEND_OK, RESEND_NOT_FOUND, RESEND_QUEUED, RESEND_NEVER };
/* Queues a sent or failed message again, due now, with its key (a
 * receiver that saw it will know it). A reset code never (it is gone). */
enum db_err notification_resend(struct db *db, long long id, time_t now,
                                enum resend_result *result);

#endif

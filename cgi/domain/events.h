/*
 * events.h — the shop's events as the feed shows them (GET /api/v1/events):
 * the rows outbox.c writes with each change, in order of their id.
 */
#ifndef AFTERCARE_EVENTS_H
#define AFTERCARE_EVENTS_H

#include <time.h>

#include "db.h"

#define EVENTS_PAGE 100

struct event {
	long long id;
	const char *type;
	const char *case_no; /* NULL: none */
	const char *data;    /* a JSON object's text */
	time_t created_at;
};

/* Up to EVENTS_PAGE events after id `after` (0: from the oldest kept). */
enum db_err events_after(struct db *db, struct arena *a, long long after,
                         struct event **list, size_t *n);

#endif

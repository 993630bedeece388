/*
 * audit.h — the manager's audit trail: the timeline events of every case
 * (case_events), newest first, narrowed by case, staff member and period.
 */
#ifndef AFTERCARE_AUDIT_H
#define AFTERCARE_AUDIT_H

#include <stdbool.h>
#include <time.h>

#include "db.h"

#define AUDIT_PAGE 20 /* events a page */

struct audit_filter {
	const char *case_no; /* "" any */
	long long staff_id;  /* 0 any: else events this staff member made */
	time_t from, to;     /* [from, to) UTC; 0 open */
	int page;            /* from 1 */
};

struct audit_event {
	time_t at;
	const char *case_no;
	char actor_kind;        /* c customer, s staff, x system */
	const char *staff_name; /* actor_kind 's' */
	const char *action;
	const char *from_state; /* NULL: the first event of a case */
	const char *to_state;
	const char *note;
};

/* One page of events; *more when another page follows. */
enum db_err audit_events(struct db *db, struct arena *a, const struct audit_filter *f,
                         struct audit_event **list, size_t *n, bool *more);

#endif

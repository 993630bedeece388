/*
 * desk.h — the staff desk (issue 14): internal notes on a case (staff
 * only: never in the timeline, the messages, the outbox or any customer
 * output), the role views of the queue with their counts, and the bulk
 * assignment of queue rows.
 */
#ifndef AFTERCARE_DESK_H
#define AFTERCARE_DESK_H

#include <stdbool.h>
#include <time.h>

#include "cases.h"
#include "db.h"

#define NOTE_BODY_MAX 2000 /* characters */

struct case_note {
	const char *author;   /* the member's name */
	const char *body;
	time_t at;
};

/* Adds staff_id's note to case_no; *found false (nothing written) when
 * there is no such case. */
enum db_err note_add(struct db *db, struct arena *a, const char *case_no, long long staff_id,
                     const char *body, time_t now, bool *found);
/* The case's notes, oldest first. */
enum db_err notes_of_case(struct db *db, struct arena *a, long long case_id,
                          struct case_note **list, size_t *n);

/* The customer opened their case: a team reply newer than their last look
 * is now seen (one UPDATE by primary key, nothing when there is none). */
enum db_err case_seen_by_customer(struct db *db, long long case_id);

#endif

/*
 * complaints.h — customers' complaints, about a case or in general, and
 * the team's reply. A complaint has its own first-response limit: one
 * working day on the business calendar (DESIGN.md §3).
 */
#ifndef AFTERCARE_COMPLAINTS_H
#define AFTERCARE_COMPLAINTS_H

#include <stdbool.h>
#include <time.h>

#include "db.h"

#define COMPLAINT_SUBJECT_MAX 100 /* characters */
#define COMPLAINT_BODY_MAX 2000   /* characters, the reply too */
#define COMPLAINT_RESPONSE_DAYS 1 /* working days to the first reply */
#define COMPLAINTS_PAGE 20

struct complaint {
	long long id;
	const char *customer_name;
	const char *phone;
	const char *case_no;      /* NULL: in general */
	const char *subject, *body;
	time_t created_at, due_at;
	time_t replied_at;        /* 0: not yet */
	const char *reply;
	const char *replied_by;   /* the staff member's name */
};

enum complaint_result {
	COMPLAINT_OK,
	COMPLAINT_NO_CASE,   /* case_no is not one of the customer's */
	COMPLAINT_NOT_FOUND,
	COMPLAINT_ANSWERED,  /* replied already: nothing changed */
	COMPLAINT_DB
};

/* A new complaint of the customer's; case_no NULL or "" for none. */
enum complaint_result complaint_create(struct db *db, struct arena *a, long long customer_id,
                                       const char *case_no, const char *subject,
                                       const char *body, time_t now, long long *id,
                                       enum db_err *err);
/* The team's reply: once. */
enum complaint_result complaint_reply(struct db *db, struct arena *a, long long id,
                                      long long staff_id, const char *body, time_t now,
                                      enum db_err *err);

/* A customer's (customer_id), newest first; or the team's (0): the
 * unanswered first by due time, then the answered, newest first
 * (open_only: only the unanswered). */
enum db_err complaints_list(struct db *db, struct arena *a, long long customer_id,
                            bool open_only, int page, struct complaint **list, size_t *n,
                            bool *more);

#endif

/*
 * complaints.h — customers' complaints, about a case or in general, to the
 * end (000 §2, 002 §6.3.1): received → handling (the team's first reply,
 * due in one working day) → resolved (a resolution and any compensation,
 * due COMPLAINT_RESOLVE_DAYS working days after the reply) → closed (the
 * customer confirms, or COMPLAINT_CLOSE_DAYS pass); the customer may
 * reopen a resolved or closed complaint once, with a reason. Praise (表扬)
 * is filed the same way, has no steps and credits a staff member.
 */
#ifndef AFTERCARE_COMPLAINTS_H
#define AFTERCARE_COMPLAINTS_H

#include <stdbool.h>
#include <time.h>

#include "db.h"

#define COMPLAINT_SUBJECT_MAX 100 /* characters */
#define COMPLAINT_BODY_MAX 2000   /* characters: the reply, resolution and reason too */
/* The working days to the first reply (and after a reopening) are the
 * policy sla_complaint_days (sla.h sla_limits_current). */
#define COMPLAINT_RESOLVE_DAYS 2  /* working days from the first reply to the resolution */
#define COMPLAINT_CLOSE_DAYS 7    /* days a resolution waits for the customer, then closes */
#define COMPLAINT_COMPENSATION_MAX 10000000 /* fen: ¥100 000 */
#define COMPLAINTS_PAGE 20

enum complaint_kind { CK_COMPLAINT, CK_PRAISE };
enum complaint_state { CS_RECEIVED, CS_HANDLING, CS_RESOLVED, CS_CLOSED, CS__MAX };
enum complaint_action { CA_REPLY, CA_RESOLVE, CA_CONFIRM, CA_REOPEN, CA__MAX };

/* The words of the database and the pages, indexed by the enums. */
extern const char *const complaint_kinds[2];
extern const char *const complaint_states[CS__MAX];
extern const char *const complaint_categories[]; /* NULL-terminated */

struct complaint {
	long long id;
	const char *kind, *category, *status;
	const char *customer_name;
	const char *phone;
	const char *case_no;      /* NULL: in general */
	const char *subject, *body;
	time_t created_at, due_at;
	time_t replied_at;        /* 0: not yet */
	const char *reply;
	const char *replied_by;   /* the staff member's name */
	const char *resolution;   /* NULL: not resolved */
	long long compensation_fen; /* -1: none */
	time_t resolved_at, closed_at, reopened_at; /* 0: not */
	const char *resolved_by, *closed_by, *reopen_reason;
	const char *praised;      /* praise: the member's name */
};

enum complaint_result {
	COMPLAINT_OK,
	COMPLAINT_NO_CASE,   /* case_no is not one of the customer's */
	COMPLAINT_NOT_FOUND, /* no such complaint (of this customer) */
	COMPLAINT_NO_TEXT,   /* the step's text is missing (or too long) */
	COMPLAINT_STATE,     /* not in a state this step starts from: nothing changed */
	COMPLAINT_REOPENED,  /* reopened once already */
	COMPLAINT_DB
};

/* A new complaint (or praise) of the customer's; case_no NULL or "" for
 * none. Praise about a case credits its handler (the member assigned, or
 * the first who acted on it). */
enum complaint_result complaint_create(struct db *db, struct arena *a, long long customer_id,
                                       enum complaint_kind kind, const char *category,
                                       const char *case_no, const char *subject,
                                       const char *body, time_t now, long long *id,
                                       enum db_err *err);

/* One step of a complaint (the table in complaints.c): by the staff
 * member staff_id (reply, resolve) or by its customer customer_id
 * (confirm, reopen; another customer's complaint is NOT_FOUND). text: the
 * reply, resolution or reason (NULL: NO_TEXT, once the complaint is known
 * to be theirs); compensation_fen: resolve only, -1 none. */
struct complaint_step {
	long long id;
	enum complaint_action action;
	long long staff_id, customer_id;
	const char *text;
	long long compensation_fen;
	time_t now;
};
enum complaint_result complaint_step(struct db *db, struct arena *a,
                                     const struct complaint_step *s, enum db_err *err);

/* Resolved complaints whose days ran out, closed (at most limit of them);
 * *closed: how many. The worker's daily job. */
enum db_err complaints_expire(struct db *db, time_t now, int limit, int *closed);

/* Which complaints a list shows. */
enum complaint_filter {
	CF_MINE,     /* the customer's (customer_id), newest first */
	CF_OPEN,     /* the team's: received or handling, the one due soonest first */
	CF_OVERDUE,  /* … of those, past their limit (the manager's view) */
	CF_ALL,      /* the team's: everything, praise too, newest first */
};
enum db_err complaints_list(struct db *db, struct arena *a, enum complaint_filter f,
                            long long customer_id, time_t now, int page,
                            struct complaint **list, size_t *n, bool *more);
/* Received or handling complaints past their limit now. */
enum db_err complaints_overdue(struct db *db, struct arena *a, time_t now, long long *n);

#endif

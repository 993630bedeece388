/*
 * followups.h — the satisfaction follow-up of a completed case (回访,
 * 002 §2.1(6), §9.1): an agent calls, writes, or visits; a follow-up that
 * reached the customer records the survey's answers as the customer gave
 * them, with its method. The follow-up timer (48 h from completion) is met
 * by a follow-up that reached the customer or that they declined, or by
 * the customer's own answer; an unreachable one is an attempt.
 */
#ifndef AFTERCARE_FOLLOWUPS_H
#define AFTERCARE_FOLLOWUPS_H

#include <stdbool.h>
#include <time.h>

#include "db.h"
#include "surveys.h"

#define FOLLOWUPS_PAGE 20

/* The words of the form and the table, indexed by the enums. */
enum followup_method { FM_PHONE, FM_ONLINE, FM_VISIT, FM__MAX };
enum followup_outcome { FO_REACHED, FO_UNREACHABLE, FO_DECLINED, FO__MAX };
extern const char *const followup_methods[FM__MAX];
extern const char *const followup_outcomes[FO__MAX];

struct followup {
	const char *case_no;
	long long version;        /* the case version the form showed */
	long long staff_id;
	enum followup_method method;
	enum followup_outcome outcome;
	int score[SQ__MAX];       /* reached only */
	const char *comment;      /* reached only; NULL none */
	time_t now;
};

enum followup_result {
	FOLLOWUP_OK,
	FOLLOWUP_NO_CASE,
	FOLLOWUP_NOT_DUE,  /* not completed, or its follow-up met already */
	FOLLOWUP_STALE,    /* the case moved on from version */
	FOLLOWUP_DB
};

/* One follow-up, in one transaction with its timeline event and the
 * case's next version. */
enum followup_result followup_record(struct db *db, struct arena *a, const struct followup *f,
                                     enum db_err *err);

/* The follow-ups due, the soonest first: completed cases whose timer
 * runs. */
struct followup_task {
	const char *case_no, *customer, *phone;
	time_t completed_at, due_at;
	int attempts;             /* unreachable calls so far */
};
enum db_err followups_due(struct db *db, struct arena *a, int page, struct followup_task **list,
                          size_t *n, bool *more);

#endif

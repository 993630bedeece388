/*
 * surveys.h — the satisfaction survey of a completed case (DESIGN.md §3):
 * the invitation made at completion, valid 30 days, answered once, by the
 * signed-in customer or through a signed link.
 */
#ifndef AFTERCARE_SURVEYS_H
#define AFTERCARE_SURVEYS_H

#include <time.h>

#include "db.h"

#define SURVEY_DAYS 30
#define SURVEY_COMMENT_MAX 1000 /* characters */

/* The questions, in the order of the form and the tables. */
enum survey_q { SQ_ATTITUDE, SQ_SPEED, SQ_RESOLUTION, SQ_OVERALL, SQ_RECOMMEND, SQ__MAX };
extern const char *const survey_q_names[SQ__MAX]; /* the form's field names */
/* The highest answer of a question: 5, or 10 for recommend (lowest 1, or 0). */
int survey_q_max(enum survey_q q);
int survey_q_min(enum survey_q q);

struct survey {
	long long case_id;      /* 0: no invitation */
	long long customer_id;
	const char *case_no;
	time_t invited_at, expires_at;
	time_t answered_at;     /* 0: not yet */
	int score[SQ__MAX];
	const char *comment;
};

/* The invitation of a case that just completed (inside its tx): valid
 * SURVEY_DAYS, with its timeline event. */
enum db_err survey_invite(struct db *db, struct arena *a, long long case_id, time_t now);
/* The survey columns of SURVEY_COLS from column f of row on; an
 * all-NULL (LEFT JOINed) survey leaves s->case_id 0. */
#define SURVEY_COLS "sv.case_id, c.customer_id, c.case_no, sv.invited_at, sv.expires_at, sv.answered_at, sv.attitude, sv.speed, sv.resolution, sv.overall, sv.recommend, sv.comment"
void survey_from_row(const struct dbrow *row, size_t f, struct survey *s);
/* By case number; s->case_id == 0 when the case has no invitation. */
enum db_err survey_get(struct db *db, struct arena *a, const char *case_no, struct survey *s);

enum survey_result {
	SURVEY_OK,
	SURVEY_NONE,     /* no such case or no invitation */
	SURVEY_EXPIRED,  /* past expires_at */
	SURVEY_ANSWERED, /* answered already: nothing changed */
	SURVEY_DB
};
/* The answers into the case's invitation (inside the caller's
 * transaction, its row locked): method "self" (the customer), "phone",
 * "online" or "visit" (an agent's follow-up); a timeline event by who, the
 * shop told (survey.answered), the follow-up timer stopped. */
struct actor;
enum db_err survey_write(struct db *db, struct arena *a, long long case_id, const char *case_no,
                         long long customer_id, const struct actor *who, const char *method,
                         const int score[SQ__MAX], const char *comment, time_t now);

/* How the answers of [from, to) were taken (answered_at in the period),
 * by method in the order of survey_methods: how many, and of them how
 * many rated overall 4 or 5 (CSAT). */
#define SURVEY_METHODS 4
extern const char *const survey_methods[SURVEY_METHODS]; /* self, phone, online, visit */
enum db_err survey_by_method(struct db *db, struct arena *a, time_t from, time_t to,
                             long long n[SURVEY_METHODS], long long satisfied[SURVEY_METHODS]);

/* Records the answer once (one transaction, with a timeline event by the
 * customer). customer_id: the case must be theirs. */
enum survey_result survey_answer(struct db *db, struct arena *a, const char *case_no,
                                 long long customer_id, const int score[SQ__MAX],
                                 const char *comment, time_t now, enum db_err *err);

#endif

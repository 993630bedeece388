/*
 * surveys.c — survey invitations and answers (surveys table, schema/007).
 * The invitation is all here (its row, timeline event and the end of the
 * follow-up timer): case_step.c only calls it when a case completes.
 */
#include <string.h>

#include "cases.h"
#include "outbox.h"
#include "sla.h"
#include "surveys.h"

const char *const survey_q_names[SQ__MAX] = {
	[SQ_ATTITUDE] = "attitude",     [SQ_SPEED] = "speed",
	[SQ_RESOLUTION] = "resolution", [SQ_OVERALL] = "overall",
	[SQ_RECOMMEND] = "recommend",
};

int survey_q_max(enum survey_q q)
{
	return q == SQ_RECOMMEND ? 10 : 5;
}

int survey_q_min(enum survey_q q)
{
	return q == SQ_RECOMMEND ? 0 : 1;
}

/* A completed case invites its customer to the survey at once: that is
 * the follow-up, so its timer stops here. */
enum db_err survey_invite(struct db *db, struct arena *a, long long case_id, time_t now)
{
	static const struct actor system = {'x', 0, 0};
	struct sla_step s = {"", "survey_invite", NULL, false, false, 0};
	char at[20], until[20];
	enum db_err e;

	format_db_datetime(now, at);
	format_db_datetime(now + SURVEY_DAYS * 86400L, until);
	if ((e = db_run(db, NULL,
	                "INSERT IGNORE INTO surveys (case_id, invited_at, expires_at) VALUES (?, ?, ?)",
	                DB_ARGS(DB_INT(case_id), DB_STR(at), DB_STR(until)), NULL)) != DB_OK ||
	    (e = case_event_add(db, case_id, at, &system, "survey_invite", "completed", "completed",
	                        NULL)) != DB_OK)
		return e;
	return sla_event(db, a, case_id, &s, now);
}

void survey_from_row(const struct dbrow *row, size_t f, struct survey *s)
{
	memset(s, 0, sizeof *s);
	if (db_null(row, f))
		return;
	s->case_id = db_int(row, f);
	s->customer_id = db_int(row, f + 1);
	s->case_no = row->col[f + 2];
	s->invited_at = db_time(row, f + 3);
	s->expires_at = db_time(row, f + 4);
	s->answered_at = db_null(row, f + 5) ? 0 : db_time(row, f + 5);
	for (size_t q = 0; q < SQ__MAX; q++)
		s->score[q] = db_null(row, f + 6 + q) ? -1 : (int)db_int(row, f + 6 + q);
	s->comment = row->col[f + 11];
}

enum db_err survey_get(struct db *db, struct arena *a, const char *case_no, struct survey *s)
{
	struct dbrow *row;
	enum db_err e;

	memset(s, 0, sizeof *s);
	e = db_row(db, a,
	           "SELECT s.case_id, c.customer_id, c.case_no, s.invited_at, s.expires_at, "
	           "s.answered_at, s.attitude, s.speed, s.resolution, s.overall, s.recommend, "
	           "s.comment FROM surveys s JOIN cases c ON c.id = s.case_id WHERE c.case_no = ?",
	           DB_ARGS(DB_STR(case_no)), &row);
	if (e == DB_OK && row)
		survey_from_row(row, 0, s);
	return e;
}

struct answer_tx {
	struct arena *a;
	const char *case_no;
	long long customer_id;
	const int *score;
	const char *comment;
	time_t now;
};

static int answer_body(struct db *db, void *ctx)
{
	struct answer_tx *t = ctx;
	struct actor who = {'c', t->customer_id, 0};
	struct survey s;
	struct dbrow *row;
	char now[20];
	enum db_err e;

	format_db_datetime(t->now, now);
	e = db_row(db, t->a,
	           "SELECT s.case_id, c.customer_id, c.case_no, s.invited_at, s.expires_at, "
	           "s.answered_at, s.attitude, s.speed, s.resolution, s.overall, s.recommend, "
	           "s.comment FROM surveys s JOIN cases c ON c.id = s.case_id WHERE c.case_no = ? "
	           "FOR UPDATE",
	           DB_ARGS(DB_STR(t->case_no)), &row);
	if (e != DB_OK)
		return db_fail(e);
	if (!row)
		return SURVEY_NONE;
	survey_from_row(row, 0, &s);
	if (s.customer_id != t->customer_id)
		return SURVEY_NONE;
	if (s.answered_at)
		return SURVEY_ANSWERED;
	if (t->now > s.expires_at)
		return SURVEY_EXPIRED;
	if ((e = db_run(db, NULL,
	                "UPDATE surveys SET answered_at = ?, attitude = ?, speed = ?, resolution = ?, "
	                "overall = ?, recommend = ?, comment = ? WHERE case_id = ?",
	                DB_ARGS(DB_STR(now), DB_INT(t->score[SQ_ATTITUDE]), DB_INT(t->score[SQ_SPEED]),
	                        DB_INT(t->score[SQ_RESOLUTION]), DB_INT(t->score[SQ_OVERALL]),
	                        DB_INT(t->score[SQ_RECOMMEND]),
	                        t->comment && *t->comment ? DB_STR(t->comment) : DB_NULLV,
	                        DB_INT(s.case_id)),
	                NULL)) != DB_OK ||
	    (e = case_event_add(db, s.case_id, now, &who, "survey_answer", "completed", "completed",
	                        NULL)) != DB_OK)
		return db_fail(e);
	{
		struct notice n = NOTICE_INIT;

		n.type = "survey.answered";
		n.case_id = s.case_id;
		n.case_no = t->case_no;
		n.customer_id = t->customer_id;
		if ((e = outbox_notice(db, t->a, &n, t->now)) != DB_OK)
			return db_fail(e);
	}
	return SURVEY_OK;
}

enum survey_result survey_answer(struct db *db, struct arena *a, const char *case_no,
                                 long long customer_id, const int score[SQ__MAX],
                                 const char *comment, time_t now, enum db_err *err)
{
	struct answer_tx t = {a, case_no, customer_id, score, comment, now};
	int rc = db_tx(db, answer_body, &t);

	*err = DB_OK;
	if (rc < 0) {
		*err = (enum db_err)-rc;
		return SURVEY_DB;
	}
	return (enum survey_result)rc;
}

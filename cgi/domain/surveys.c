/*
 * surveys.c — survey invitations and answers (surveys table, schema/007).
 * The invitation is all here (its row and timeline event): case_step.c
 * only calls it when a case completes. An answer, the customer's own or
 * taken on a follow-up (followups.c), meets the follow-up timer.
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

const char *const survey_methods[SURVEY_METHODS] = {"self", "phone", "online", "visit"};

enum db_err survey_by_method(struct db *db, struct arena *a, time_t from, time_t to,
                             long long n[SURVEY_METHODS], long long satisfied[SURVEY_METHODS])
{
	char f[20], t[20];
	struct dbres res;
	enum db_err e;

	format_db_datetime(from, f);
	format_db_datetime(to, t);
	memset(n, 0, SURVEY_METHODS * sizeof *n);
	memset(satisfied, 0, SURVEY_METHODS * sizeof *satisfied);
	if ((e = db_run(db, a,
	                "SELECT method, COUNT(*), SUM(overall >= 4) FROM surveys "
	                "WHERE answered_at >= ? AND answered_at < ? GROUP BY method",
	                DB_ARGS(DB_STR(f), DB_STR(t)), &res)) != DB_OK)
		return e;
	for (size_t i = 0; i < res.nrows; i++)
		for (int m = 0; m < SURVEY_METHODS; m++)
			if (strcmp(res.rows[i].col[0], survey_methods[m]) == 0) {
				n[m] = db_int(&res.rows[i], 1);
				satisfied[m] = db_int(&res.rows[i], 2);
			}
	return DB_OK;
}

int survey_q_max(enum survey_q q)
{
	return q == SQ_RECOMMEND ? 10 : 5;
}

int survey_q_min(enum survey_q q)
{
	return q == SQ_RECOMMEND ? 0 : 1;
}

/* A completed case invites its customer to the survey at once; the
 * follow-up timer runs on until an answer or an agent's follow-up. */
enum db_err survey_invite(struct db *db, struct arena *a, long long case_id, time_t now)
{
	static const struct actor system = {'x', 0, 0};
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
	return DB_OK;
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

enum db_err survey_write(struct db *db, struct arena *a, long long case_id, const char *case_no,
                         long long customer_id, const struct actor *who, const char *method,
                         const int score[SQ__MAX], const char *comment, time_t now)
{
	struct sla_step step = {"", "survey_answer", NULL, false, false, 0};
	struct notice n = NOTICE_INIT;
	char at[20];
	enum db_err e;

	format_db_datetime(now, at);
	if ((e = db_run(db, NULL,
	                "UPDATE surveys SET answered_at = ?, attitude = ?, speed = ?, resolution = ?, "
	                "overall = ?, recommend = ?, comment = ?, method = ? WHERE case_id = ?",
	                DB_ARGS(DB_STR(at), DB_INT(score[SQ_ATTITUDE]), DB_INT(score[SQ_SPEED]),
	                        DB_INT(score[SQ_RESOLUTION]), DB_INT(score[SQ_OVERALL]),
	                        DB_INT(score[SQ_RECOMMEND]),
	                        comment && *comment ? DB_STR(comment) : DB_NULLV, DB_STR(method),
	                        DB_INT(case_id)),
	                NULL)) != DB_OK ||
	    (e = case_event_add(db, case_id, at, who, "survey_answer", "completed", "completed",
	                        NULL)) != DB_OK ||
	    (e = sla_event(db, a, case_id, &step, now)) != DB_OK)
		return e;
	n.type = "survey.answered";
	n.case_id = case_id;
	n.case_no = case_no;
	n.customer_id = customer_id;
	return outbox_notice(db, a, &n, now);
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
	if ((e = survey_write(db, t->a, s.case_id, t->case_no, t->customer_id, &who, "self",
	                      t->score, t->comment, t->now)) != DB_OK)
		return db_fail(e);
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

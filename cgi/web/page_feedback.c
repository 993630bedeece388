/*
 * page_feedback.c — the satisfaction survey of a completed case (signed
 * in, or through a signed link that needs no sign-in). Complaints are
 * page_complaints.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pages.h"
#include "session.h"
#include "surveys.h"
#include "view.h"

/* ---- the survey ---- */

/* The case number of a valid link's token; NULL when forged or malformed,
 * with *expires its expiry (checked by the caller). */
static const char *token_case(struct req *r, const char *tok, time_t *expires)
{
	const char *dot1 = strchr(tok, '.'), *dot2 = dot1 ? strchr(dot1 + 1, '.') : NULL;
	const char *case_no;
	long long exp;

	if (!dot2 || dot1 - tok > 20 || dot1 == tok)
		return NULL;
	case_no = astrndup(r->a, tok, (size_t)(dot1 - tok));
	if (strspn(case_no, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") != strlen(case_no) ||
	    parse_int(astrndup(r->a, dot1 + 1, (size_t)(dot2 - dot1 - 1)), 0, (long long)1 << 40,
	              &exp) != 0 ||
	    !sign_valid(&r->app->keys, aprintf(r->a, "survey\n%s\n%lld", case_no, exp), dot2 + 1))
		return NULL;
	*expires = (time_t)exp;
	return case_no;
}

static void survey_page(struct req *r, int status, const struct survey *s, const char *action)
{
	view_set(r->v, "Page.survey.case_no", s->case_no);
	view_set(r->v, "Page.survey.action", action);
	view_set_time(r->v, "Page.survey.expires", s->expires_at);
	if (s->answered_at) {
		view_set_time(r->v, "Page.survey.answered_at", s->answered_at);
		for (int q = 0; q < SQ__MAX; q++)
			view_set_int(r->v, aprintf(r->a, "Page.survey.answer.%s", survey_q_names[q]),
			             s->score[q]);
		view_set(r->v, "Page.survey.comment", s->comment);
	} else if (r->now > s->expires_at) {
		view_set(r->v, "Page.survey.expired", "1");
	}
	fill_survey_questions(r);
	view_set(r->v, "Page.form.comment", req_form(r, "comment"));
	view_set(r->v, "Page.title_key", "survey_title");
	http_page(r, status, "survey.cs");
}

/* GET: the form, the thanks, or why not. customer_id: whose it must be. */
static void show_survey(struct req *r, const char *case_no, long long customer_id,
                        const char *action)
{
	struct survey s;
	enum db_err e;

	if ((e = survey_get(r->db, r->a, case_no, &s)) != DB_OK) {
		http_db_error(r, e);
		return;
	}
	if (!s.case_id || s.customer_id != customer_id) {
		http_error(r, 404, "err_no_survey");
		return;
	}
	survey_page(r, 200, &s, action);
}

/* POST: the answer, once; then back to where the customer came from. */
static void answer_survey(struct req *r, const char *case_no, long long customer_id,
                          const char *action, const char *done)
{
	int score[SQ__MAX] = {0};
	const char *comment;
	struct survey s;
	enum db_err e;

	if (!read_survey_answers(r, score, &comment)) {
		if ((e = survey_get(r->db, r->a, case_no, &s)) != DB_OK)
			http_db_error(r, e);
		else if (!s.case_id || s.customer_id != customer_id)
			http_error(r, 404, "err_no_survey");
		else
			survey_page(r, 400, &s, action);
		return;
	}
	switch (survey_answer(r->db, r->a, case_no, customer_id, score, comment, r->now, &e)) {
	case SURVEY_OK:
		http_redirect(r, done);
		return;
	case SURVEY_NONE:
		http_error(r, 404, "err_no_survey");
		return;
	case SURVEY_EXPIRED:
		http_error(r, 410, "err_survey_expired");
		return;
	case SURVEY_ANSWERED:
		http_error(r, 409, "err_survey_answered");
		return;
	default:
		http_db_error(r, e);
		return;
	}
}

void page_request_survey(struct req *r)
{
	show_survey(r, r->arg[0], r->customer_id, aprintf(r->a, "/my/requests/%s/survey", r->arg[0]));
}

void page_request_survey_post(struct req *r)
{
	const char *self = aprintf(r->a, "/my/requests/%s/survey", r->arg[0]);

	answer_survey(r, r->arg[0], r->customer_id, self, self);
}

/* The signed link: whoever holds it answers for the case's customer. */
static const char *link_case(struct req *r, struct survey *s)
{
	time_t expires;
	const char *case_no = strlen(r->arg[0]) <= 200 ? token_case(r, r->arg[0], &expires) : NULL;
	enum db_err e;

	if (!case_no) {
		http_error(r, 404, "err_no_survey");
		return NULL;
	}
	if (r->now > expires) {
		http_error(r, 410, "err_survey_expired");
		return NULL;
	}
	if ((e = survey_get(r->db, r->a, case_no, s)) != DB_OK) {
		http_db_error(r, e);
		return NULL;
	}
	if (!s->case_id || s->expires_at != expires) {
		http_error(r, 404, "err_no_survey");
		return NULL;
	}
	return case_no;
}

void page_survey_link(struct req *r)
{
	struct survey s;
	const char *case_no = link_case(r, &s);

	if (case_no)
		show_survey(r, case_no, s.customer_id, aprintf(r->a, "/survey/%s", r->arg[0]));
}

void page_survey_link_post(struct req *r)
{
	struct survey s;
	const char *case_no = link_case(r, &s);
	const char *self = aprintf(r->a, "/survey/%s", r->arg[0]);

	if (case_no)
		answer_survey(r, case_no, s.customer_id, self, self);
}

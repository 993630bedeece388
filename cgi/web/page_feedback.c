/*
 * page_feedback.c — what customers tell the shop: the satisfaction survey
 * of a completed case (signed in, or through a signed link that needs no
 * sign-in) and complaints, with the team's side of both.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "complaints.h"
#include "rate_limits.h"
#include "pages.h"
#include "session.h"
#include "sla.h"
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
	for (int q = 0; q < SQ__MAX; q++) {
		const char *p = aprintf(r->a, "Page.questions.%d", q);

		view_setf(r->v, survey_q_names[q], "%s.name", p);
		view_setf(r->v, view_lang(r->v, aprintf(r->a, "survey_%s", survey_q_names[q])), "%s.label", p);
		for (int v = survey_q_min((enum survey_q)q); v <= survey_q_max((enum survey_q)q); v++)
			view_setf(r->v, aprintf(r->a, "%d", v), "%s.values.%d", p, v);
		view_setf(r->v, req_form(r, survey_q_names[q]), "%s.chosen", p);
	}
	view_set(r->v, "Page.form.comment", req_form(r, "comment"));
	view_set(r->v, "Page.title_key", "survey_title");
	http_page(r, status, "survey.cs");
}

/* The answers of the form into score; false with field errors. */
static bool read_answers(struct req *r, int score[SQ__MAX], const char **comment)
{
	int errors = r->field_errors;

	for (int q = 0; q < SQ__MAX; q++) {
		const char *v = req_form(r, survey_q_names[q]);
		long long n;

		if (!v || parse_int(v, survey_q_min((enum survey_q)q), survey_q_max((enum survey_q)q),
		                    &n) != 0)
			http_field_error(r, survey_q_names[q], "err_survey_choose");
		else
			score[q] = (int)n;
	}
	*comment = req_form(r, "comment");
	if (*comment && utf8_len(*comment, strlen(*comment)) > SURVEY_COMMENT_MAX)
		http_field_error(r, "comment", "err_too_long");
	return r->field_errors == errors;
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

	if (!read_answers(r, score, &comment)) {
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

/* ---- complaints ---- */

static void fill_complaints(struct req *r, const struct complaint *list, size_t n)
{
	static const char *const marks[] = {"ok", "at_risk", "breached"};

	for (size_t i = 0; i < n; i++) {
		const struct complaint *c = &list[i];
		const char *p = aprintf(r->a, "Page.complaints.%zu", i);

		view_setf(r->v, aprintf(r->a, "%lld", c->id), "%s.id", p);
		view_setf(r->v, c->subject, "%s.subject", p);
		view_setf(r->v, c->body, "%s.body", p);
		view_setf(r->v, c->case_no, "%s.case_no", p);
		view_set_time(r->v, aprintf(r->a, "%s.created_at", p), c->created_at);
		if (r->staff_id) {
			view_setf(r->v, c->customer_name, "%s.customer", p);
			view_set_time(r->v, aprintf(r->a, "%s.due", p), c->due_at);
			if (!c->replied_at) {
				const char *m = marks[sla_state(c->created_at, c->due_at, r->now)];

				view_setf(r->v, m, "%s.sla", p);
				view_setf(r->v, label(r, "sla", m), "%s.sla_label", p);
			}
		}
		if (c->replied_at) {
			view_setf(r->v, c->reply, "%s.reply", p);
			view_set_time(r->v, aprintf(r->a, "%s.replied_at", p), c->replied_at);
			if (r->staff_id)
				view_setf(r->v, c->replied_by, "%s.replied_by", p);
		}
	}
}

static void complaints_page(struct req *r, int status)
{
	struct complaint *list;
	size_t n;
	bool more;
	int page = req_page(r);
	enum db_err e;

	if ((e = complaints_list(r->db, r->a, r->customer_id, false, page, &list, &n, &more)) != DB_OK) {
		http_db_error(r, e);
		return;
	}
	fill_complaints(r, list, n);
	view_set(r->v, "Page.form.subject", req_form(r, "subject"));
	view_set(r->v, "Page.form.body", req_form(r, "body"));
	view_set(r->v, "Page.form.case_no",
	         req_form(r, "case_no") ? req_form(r, "case_no") : req_query(r, "case_no"));
	view_set(r->v, "Page.title_key", "complaints_title");
	http_paging(r, page, more);
	http_page(r, status, "complaints.cs");
}

void page_complaints(struct req *r)
{
	complaints_page(r, 200);
}

/* A required text field of at most max characters. */
static const char *text(struct req *r, const char *name, size_t max)
{
	const char *v = req_form(r, name);
	size_t n = v ? strlen(v) : 0;

	while (n && (v[n - 1] == ' ' || v[n - 1] == '\n' || v[n - 1] == '\r'))
		n--;
	if (!n || utf8_len(v, strlen(v)) > max) {
		http_field_error(r, name, "err_required_text");
		return NULL;
	}
	return v;
}

void page_complaint_create(struct req *r)
{
	const char *subject = text(r, "subject", COMPLAINT_SUBJECT_MAX);
	const char *body = text(r, "body", COMPLAINT_BODY_MAX);
	const char *case_no = req_form(r, "case_no");
	long long id;
	enum db_err e;

	if (case_no && strlen(case_no) > 20)
		http_field_error(r, "case_no", "err_no_case");
	if (r->field_errors) {
		complaints_page(r, 400);
		return;
	}
	if (!req_limit(r, LIMIT_COMPLAINT, 1))
		return;
	switch (complaint_create(r->db, r->a, r->customer_id, case_no, subject, body, r->now, &id, &e)) {
	case COMPLAINT_OK:
		http_redirect(r, aprintf(r->a, "/my/complaints#complaint-%lld", id));
		return;
	case COMPLAINT_NO_CASE:
		http_field_error(r, "case_no", "err_no_case");
		complaints_page(r, 400);
		return;
	default:
		http_db_error(r, e);
		return;
	}
}

void page_staff_complaints(struct req *r)
{
	const char *show = req_query(r, "show");
	bool open_only = !show || strcmp(show, "all") != 0;
	struct complaint *list;
	size_t n;
	bool more;
	int page = req_page(r);
	enum db_err e;

	if (show && *show && strcmp(show, "all") != 0 && strcmp(show, "open") != 0) {
		http_error(r, 400, "err_bad_filter");
		return;
	}
	if ((e = complaints_list(r->db, r->a, 0, open_only, page, &list, &n, &more)) != DB_OK) {
		http_db_error(r, e);
		return;
	}
	fill_complaints(r, list, n);
	view_set(r->v, "Page.filter.show", open_only ? "open" : "all");
	view_set(r->v, "Page.title_key", "complaints_title");
	http_paging(r, page, more);
	http_page(r, 200, "staff_complaints.cs");
}

void page_staff_complaint_reply(struct req *r)
{
	const char *body = text(r, "body", COMPLAINT_BODY_MAX);
	long long id;
	enum db_err e;

	if (parse_int(r->arg[0], 1, (long long)1 << 53, &id) != 0) {
		http_error(r, 404, "err_no_complaint");
		return;
	}
	if (!body) {
		http_error(r, 400, "err_required_text");
		return;
	}
	switch (complaint_reply(r->db, r->a, id, r->staff_id, body, r->now, &e)) {
	case COMPLAINT_OK:
		http_redirect(r, aprintf(r->a, "/staff/complaints#complaint-%lld", id));
		return;
	case COMPLAINT_NOT_FOUND:
		http_error(r, 404, "err_no_complaint");
		return;
	case COMPLAINT_ANSWERED:
		http_error(r, 409, "err_complaint_answered");
		return;
	default:
		http_db_error(r, e);
		return;
	}
}

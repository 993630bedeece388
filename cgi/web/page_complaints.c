/*
 * page_complaints.c — complaints and praise: the customer files them,
 * confirms a resolution or reopens it once (/my/complaints); the team
 * replies and resolves, open ones first, the overdue in a view of their own
 * (/staff/complaints). The steps are domain/complaints.c's table.
 */
#include <string.h>

#include "complaints.h"
#include "pages.h"
#include "rate_limits.h"
#include "sla.h"
#include "view.h"

static void fill_one(struct req *r, const struct complaint *c, const char *p)
{
	static const char *const marks[] = {"ok", "at_risk", "breached"};
	char money[32];

	view_setf(r->v, aprintf(r->a, "%lld", c->id), "%s.id", p);
	view_setf(r->v, c->kind, "%s.kind", p);
	view_setf(r->v, c->status, "%s.status", p);
	view_setf(r->v, label(r, "complaint_state", c->status), "%s.status_label", p);
	view_setf(r->v, label(r, "complaint_cat", c->category), "%s.category", p);
	view_setf(r->v, c->subject, "%s.subject", p);
	view_setf(r->v, c->body, "%s.body", p);
	view_setf(r->v, c->case_no, "%s.case_no", p);
	view_set_time(r->v, aprintf(r->a, "%s.created_at", p), c->created_at);
	if (c->replied_at && c->reply) {
		view_setf(r->v, c->reply, "%s.reply", p);
		view_set_time(r->v, aprintf(r->a, "%s.replied_at", p), c->replied_at);
	}
	if (c->resolution) {
		view_setf(r->v, c->resolution, "%s.resolution", p);
		view_set_time(r->v, aprintf(r->a, "%s.resolved_at", p), c->resolved_at);
		if (c->compensation_fen > 0) {
			format_money(c->compensation_fen, money);
			view_setf(r->v, money, "%s.compensation", p);
		}
	}
	if (c->reopened_at) {
		view_setf(r->v, c->reopen_reason, "%s.reopen_reason", p);
		view_set_time(r->v, aprintf(r->a, "%s.reopened_at", p), c->reopened_at);
	}
	if (c->closed_at && c->closed_by)
		view_setf(r->v, label(r, "complaint_closed_by", c->closed_by), "%s.closed", p);
	if (!r->staff_id) {
		/* what the customer may do next: confirm a resolution, reopen once */
		bool resolved = strcmp(c->status, "resolved") == 0;
		bool reopenable = !c->reopened_at && (resolved || strcmp(c->status, "closed") == 0) &&
		                  strcmp(c->kind, "complaint") == 0;

		view_setf(r->v, resolved ? "1" : "0", "%s.can_confirm", p);
		view_setf(r->v, reopenable ? "1" : "0", "%s.can_reopen", p);
		if (resolved)
			view_set_time(r->v, aprintf(r->a, "%s.closes_at", p), c->due_at);
		return;
	}
	view_setf(r->v, c->customer_name, "%s.customer", p);
	view_setf(r->v, c->replied_by, "%s.replied_by", p);
	view_setf(r->v, c->resolved_by, "%s.resolved_by", p);
	view_setf(r->v, c->praised, "%s.praised", p);
	if (strcmp(c->status, "received") == 0 || strcmp(c->status, "handling") == 0) {
		const char *m = marks[sla_state(c->created_at, c->due_at, r->now)];

		view_set_time(r->v, aprintf(r->a, "%s.due", p), c->due_at);
		view_setf(r->v, m, "%s.sla", p);
		view_setf(r->v, label(r, "sla", m), "%s.sla_label", p);
	}
}

static void fill_complaints(struct req *r, const struct complaint *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		fill_one(r, &list[i], aprintf(r->a, "Page.complaints.%zu", i));
}

/* ---- the customer's side */

static void complaints_page(struct req *r, int status)
{
	struct complaint *list;
	size_t n;
	bool more;
	int page = req_page(r);
	enum db_err e;

	if ((e = complaints_list(r->db, r->a, CF_MINE, r->customer_id, r->now, page, &list, &n,
	                         &more)) != DB_OK) {
		http_db_error(r, e);
		return;
	}
	fill_complaints(r, list, n);
	for (size_t i = 0; complaint_categories[i]; i++) {
		view_setf(r->v, complaint_categories[i], "Page.categories.%zu.code", i);
		view_setf(r->v, label(r, "complaint_cat", complaint_categories[i]),
		          "Page.categories.%zu.label", i);
	}
	view_set(r->v, "Page.form.kind", req_form(r, "kind") ? req_form(r, "kind") : "complaint");
	view_set(r->v, "Page.form.category", req_form(r, "category"));
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

/* A required text field of at most max characters; NULL when missing or
 * too long. */
static const char *text(struct req *r, const char *name, size_t max)
{
	const char *v = req_form(r, name);

	return v && *v && utf8_len(v, strlen(v)) <= max ? v : NULL;
}

/* The same for a form shown again: NULL with the field's message. */
static const char *field_text(struct req *r, const char *name, size_t max)
{
	const char *v = text(r, name, max);

	if (!v)
		http_field_error(r, name, "err_required_text");
	return v;
}

/* The index of v in the NULL-terminated words, -1 when it is none. */
static int word_index(const char *const *words, const char *v)
{
	for (int i = 0; v && words[i]; i++)
		if (strcmp(words[i], v) == 0)
			return i;
	return -1;
}

void page_complaint_create(struct req *r)
{
	static const char *const kinds[] = {"complaint", "praise", NULL};
	const char *subject = field_text(r, "subject", COMPLAINT_SUBJECT_MAX);
	const char *body = field_text(r, "body", COMPLAINT_BODY_MAX);
	const char *case_no = req_form(r, "case_no");
	const char *kind = req_form(r, "kind") ? req_form(r, "kind") : "complaint";
	const char *category = req_form(r, "category") ? req_form(r, "category") : "other";
	int k = word_index(kinds, kind);
	long long id;
	enum db_err e;

	if (case_no && strlen(case_no) > 20)
		http_field_error(r, "case_no", "err_no_case");
	if (k < 0)
		http_field_error(r, "kind", "err_bad_choice");
	if (word_index(complaint_categories, category) < 0)
		http_field_error(r, "category", "err_bad_choice");
	if (r->field_errors) {
		complaints_page(r, 400);
		return;
	}
	if (!req_limit(r, LIMIT_COMPLAINT, 1))
		return;
	switch (complaint_create(r->db, r->a, r->customer_id, k == 1 ? CK_PRAISE : CK_COMPLAINT,
	                         category, case_no, subject, body, r->now, &id, &e)) {
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

/* ---- one step, from either side */

static const char *const refusals[] = {
	[COMPLAINT_STATE] = "err_complaint_state",
	[COMPLAINT_REOPENED] = "err_complaint_reopened",
};

static void step(struct req *r, struct complaint_step *s, const char *back)
{
	enum complaint_result res;
	enum db_err e;

	if (!req_arg_id(r, 0, &s->id))
		return;
	s->staff_id = r->staff_id;
	s->customer_id = r->customer_id;
	s->now = r->now;
	switch ((res = complaint_step(r->db, r->a, s, &e))) {
	case COMPLAINT_OK:
		http_redirect(r, aprintf(r->a, "%s#complaint-%lld", back, s->id));
		return;
	case COMPLAINT_NOT_FOUND:
	case COMPLAINT_NO_CASE:
		http_error(r, 404, "err_no_complaint");
		return;
	case COMPLAINT_NO_TEXT:
		http_error(r, 400, "err_complaint_text");
		return;
	case COMPLAINT_STATE:
	case COMPLAINT_REOPENED:
		http_error(r, 409, refusals[res]);
		return;
	default:
		http_db_error(r, e);
		return;
	}
}

void page_complaint_confirm(struct req *r)
{
	struct complaint_step s = {.action = CA_CONFIRM, .compensation_fen = -1};

	step(r, &s, "/my/complaints");
}

void page_complaint_reopen(struct req *r)
{
	struct complaint_step s = {.action = CA_REOPEN, .compensation_fen = -1};

	s.text = text(r, "reason", COMPLAINT_BODY_MAX);
	step(r, &s, "/my/complaints");
}

/* ---- the team's side */

void page_staff_complaints(struct req *r)
{
	static const char *const shows[] = {"open", "overdue", "all", NULL};
	static const enum complaint_filter filters[] = {CF_OPEN, CF_OVERDUE, CF_ALL};
	const char *show = req_query(r, "show") && *req_query(r, "show") ? req_query(r, "show") : "open";
	int k = word_index(shows, show);
	struct complaint *list;
	size_t n;
	bool more;
	int page = req_page(r);
	enum db_err e;

	if (k < 0) {
		http_error(r, 400, "err_bad_filter");
		return;
	}
	if ((e = complaints_list(r->db, r->a, filters[k], 0, r->now, page, &list, &n, &more)) !=
	    DB_OK) {
		http_db_error(r, e);
		return;
	}
	fill_complaints(r, list, n);
	view_set(r->v, "Page.filter.show", show);
	view_set(r->v, "Page.title_key", "complaints_title");
	http_paging(r, page, more);
	http_page(r, 200, "staff_complaints.cs");
}

void page_staff_complaint_reply(struct req *r)
{
	struct complaint_step s = {.action = CA_REPLY, .compensation_fen = -1};

	s.text = text(r, "body", COMPLAINT_BODY_MAX);
	step(r, &s, "/staff/complaints");
}

void page_staff_complaint_resolve(struct req *r)
{
	struct complaint_step s = {.action = CA_RESOLVE, .compensation_fen = -1};
	const char *amount = req_form(r, "compensation");

	s.text = text(r, "resolution", COMPLAINT_BODY_MAX);
	if (amount && *amount &&
	    (parse_money(amount, &s.compensation_fen) != 0 ||
	     s.compensation_fen > COMPLAINT_COMPENSATION_MAX)) {
		http_error(r, 400, "err_complaint_amount");
		return;
	}
	step(r, &s, "/staff/complaints?show=all");
}

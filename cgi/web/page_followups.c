/*
 * page_followups.c — the agents' follow-ups of completed cases (回访):
 * the list of those due (/staff/followups, the soonest first) and the
 * record of one (POST /staff/cases/{no}/followup), with the answers the
 * customer gave when the follow-up reached them.
 */
#include <string.h>

#include "followups.h"
#include "mask.h"
#include "pages.h"
#include "sla.h"
#include "view.h"

void page_staff_followups(struct req *r)
{
	static const char *const marks[] = {"ok", "at_risk", "breached"};
	struct followup_task *list;
	size_t n;
	bool more;
	int page = req_page(r);
	enum db_err e;

	if ((e = followups_due(r->db, r->a, page, &list, &n, &more)) != DB_OK) {
		http_db_error(r, e);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		const char *p = aprintf(r->a, "Page.tasks.%zu", i);
		const char *m = marks[sla_state(list[i].completed_at, list[i].due_at, r->now)];

		view_setf(r->v, list[i].case_no, "%s.case_no", p);
		view_setf(r->v, list[i].customer, "%s.customer", p);
		view_setf(r->v, mask_phone(r->a, list[i].phone), "%s.phone", p);
		view_set_time(r->v, aprintf(r->a, "%s.completed_at", p), list[i].completed_at);
		view_set_time(r->v, aprintf(r->a, "%s.due", p), list[i].due_at);
		view_setf(r->v, m, "%s.sla", p);
		view_setf(r->v, label(r, "sla", m), "%s.sla_label", p);
		view_setf(r->v, aprintf(r->a, "%d", list[i].attempts), "%s.attempts", p);
	}
	view_set(r->v, "Page.title_key", "followups_title");
	http_paging(r, page, more);
	http_page(r, 200, "staff_followups.cs");
}

/* The index of v among words (n of them), -1 when none. */
static int pick(const char *const *words, int n, const char *v)
{
	for (int i = 0; v && i < n; i++)
		if (strcmp(words[i], v) == 0)
			return i;
	return -1;
}

void page_staff_followup(struct req *r)
{
	struct followup f = {.case_no = r->arg[0], .staff_id = r->staff_id, .now = r->now};
	int method = pick(followup_methods, FM__MAX, req_form(r, "method"));
	int outcome = pick(followup_outcomes, FO__MAX, req_form(r, "outcome"));
	enum db_err e;

	if (parse_int(req_form(r, "version"), 0, (long long)1 << 53, &f.version) != 0 ||
	    method < 0 || outcome < 0 ||
	    (outcome == FO_REACHED && !read_survey_answers(r, f.score, &f.comment))) {
		http_error(r, 400, "err_followup_form");
		return;
	}
	f.method = (enum followup_method)method;
	f.outcome = (enum followup_outcome)outcome;
	switch (followup_record(r->db, r->a, &f, &e)) {
	case FOLLOWUP_OK:
		http_redirect(r, aprintf(r->a, "/staff/cases/%s#followup", f.case_no));
		return;
	case FOLLOWUP_NO_CASE:
		http_error(r, 404, "err_no_case");
		return;
	case FOLLOWUP_NOT_DUE:
		http_error(r, 409, "err_followup_not_due");
		return;
	case FOLLOWUP_STALE:
		http_error(r, 409, "err_already_handled");
		return;
	default:
		http_db_error(r, e);
		return;
	}
}

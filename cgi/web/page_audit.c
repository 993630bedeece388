/*
 * page_audit.c — the manager's audit page: every case's timeline events,
 * newest first, narrowed by case number, staff member and period (local
 * dates, Asia/Shanghai), a page at a time.
 */
#include <string.h>

#include "audit.h"
#include "pages.h"
#include "staff.h"
#include "view.h"

#define CASE_NO_MAX 20 /* as cases.case_no */

/* The filters of the query; false when one is not valid. */
static bool read_filter(struct req *r, struct audit_filter *f)
{
	const char *case_no = req_query(r, "case_no"), *staff = req_query(r, "staff_id");
	const char *from = req_query(r, "from"), *to = req_query(r, "to");

	*f = (struct audit_filter){"", 0, 0, 0, req_page(r)};
	if (case_no && *case_no) {
		if (strlen(case_no) > CASE_NO_MAX ||
		    strspn(case_no, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789") !=
		        strlen(case_no))
			return false;
		f->case_no = case_no;
	}
	if (staff && *staff && parse_int(staff, 1, (long long)1 << 53, &f->staff_id) != 0)
		return false;
	if (from && *from && parse_date(from, &f->from) != 0)
		return false;
	if (to && *to) {
		if (parse_date(to, &f->to) != 0)
			return false;
		f->to += 86400; /* the whole of that day */
	}
	return !(f->from && f->to && f->from >= f->to);
}

void page_audit(struct req *r)
{
	struct audit_filter f;
	struct audit_event *ev;
	struct staff_account *team;
	size_t n, nteam;
	bool more;
	enum db_err e;

	if (!read_filter(r, &f)) {
		http_error(r, 400, "err_bad_filter");
		return;
	}
	if ((e = audit_events(r->db, r->a, &f, &ev, &n, &more)) != DB_OK ||
	    (e = staff_all(r->db, r->a, &team, &nteam)) != DB_OK) {
		http_db_error(r, e);
		return;
	}
	for (size_t i = 0; i < nteam; i++) {
		view_setf(r->v, aprintf(r->a, "%lld", team[i].id), "Page.team.%zu.id", i);
		view_setf(r->v, team[i].name, "Page.team.%zu.name", i);
	}
	for (size_t i = 0; i < n; i++) {
		const char *who = ev[i].actor_kind == 'c' ? view_lang(r->v, "actor_customer")
		                  : ev[i].actor_kind != 's' ? view_lang(r->v, "actor_system")
		                  : ev[i].staff_name        ? ev[i].staff_name
		                                            : view_lang(r->v, "actor_staff");

		view_set_time(r->v, aprintf(r->a, "Page.events.%zu.at", i), ev[i].at);
		view_setf(r->v, ev[i].case_no, "Page.events.%zu.case_no", i);
		view_setf(r->v, (char[]){ev[i].actor_kind, '\0'}, "Page.events.%zu.actor", i);
		view_setf(r->v, who, "Page.events.%zu.who", i);
		view_setf(r->v, ev[i].action, "Page.events.%zu.action", i);
		view_setf(r->v, label(r, "action", ev[i].action), "Page.events.%zu.action_label", i);
		if (ev[i].from_state)
			view_setf(r->v, label(r, "state", ev[i].from_state), "Page.events.%zu.from", i);
		if (ev[i].to_state) /* audit_log's rows have no state */
			view_setf(r->v, label(r, "state", ev[i].to_state), "Page.events.%zu.to", i);
		view_setf(r->v, ev[i].note, "Page.events.%zu.note", i);
	}
	view_set(r->v, "Page.filter.case_no", f.case_no);
	view_set(r->v, "Page.filter.staff_id", req_query(r, "staff_id"));
	view_set(r->v, "Page.filter.from", req_query(r, "from"));
	view_set(r->v, "Page.filter.to", req_query(r, "to"));
	view_set(r->v, "Page.title_key", "audit_title");
	http_paging(r, f.page, more);
	http_page(r, 200, "audit.cs");
}

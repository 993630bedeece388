/*
 * page_staff.c — the service team's side: signing in, the work queue of
 * open cases, one case with its customer and the steps this member may
 * take (the state table in workflow.c, applied by case_step.c), and a case
 * registered for a customer who called, wrote or chatted.
 */
#include <string.h>
#include <strings.h>

#include "accounts.h"
#include "cases.h"
#include "orders.h"
#include "mask.h"
#include "pages.h"
#include "phone.h"
#include "returns.h"
#include "privacy.h"
#include "roles.h"
#include "settings.h"
#include "sla.h"
#include "staff.h"
#include "view.h"

void page_staff_login(struct req *r)
{
	login_page(r, 's');
}

void page_staff_login_post(struct req *r)
{
	login_post(r, 's');
}

void page_staff_home(struct req *r)
{
	http_redirect(r, "/staff/queue");
}

/* The queue's filter from the query (ROUTES.md /staff/queue: status,
 * type, sla, assignee, q, view, sort; page), for the queue page and its
 * export alike; phone and tracking hold q's normal forms. false: a field
 * is not valid. f->view < 0: the member's landing view (roles needed). */
bool queue_filter_read(struct req *r, struct queue_filter *f, char *phone, char *tracking)
{
	const char *state = req_query(r, "status"), *type = req_query(r, "type");
	const char *q = req_query(r, "q"), *sla = req_query(r, "sla");
	const char *assignee = req_query(r, "assignee");
	const char *view = req_query(r, "view"), *sort = req_query(r, "sort");

	*f = (struct queue_filter){.state = "", .type = "", .q = "", .sla = "", .now = r->now,
	                           .page = req_page(r), .viewer = r->staff_id,
	                           .view = QUEUE_VIEWS - 1};
	if ((state && *state && !case_state_valid(state)) ||
	    (type && *type && case_type_from_name(type) < 0) || (q && strlen(q) > 40) ||
	    (sla && *sla && strcmp(sla, "at_risk") != 0 && strcmp(sla, "breached") != 0) ||
	    (assignee && *assignee && strcmp(assignee, "me") != 0 &&
	     parse_int(assignee, 1, (long long)1 << 53, &f->assignee) != 0) ||
	    !queue_view_sort(r, view, sort, f))
		return false;
	if (assignee && strcmp(assignee, "me") == 0)
		f->assignee = r->staff_id;
	f->state = state ? state : "";
	f->type = type ? type : "";
	f->q = q ? phone_or_login(q, phone) : ""; /* a phone as typed: "138 0000 0001" */
	if (q && tracking_normalize(q, tracking, TRACKING_MAX + 1))
		f->tracking = tracking; /* as scanned or typed: "sf 1234 5678 9012 3" */
	f->sla = sla ? sla : "";
	return true;
}

void page_staff_queue(struct req *r)
{
	struct queue_filter f;
	const char *assignee = req_query(r, "assignee");
	const char *open = req_query(r, "open");
	char phone[PHONE_MAX + 1], tracking[TRACKING_MAX + 1];
	struct queue_row *rows;
	const struct staff_brief *team;
	size_t n, nteam;
	bool more;
	long long staff_gen;
	const char *session;
	enum db_err e;

	if (!queue_filter_read(r, &f, phone, tracking)) {
		if (req_session_confirm(r, NULL)) /* no statement ran: the account alone */
			http_error(r, 400, "err_bad_filter");
		return;
	}
	if (f.view < 0) { /* the landing view: the member's roles, read now */
		if (!req_session_confirm(r, NULL))
			return;
		f.view = queue_view_landing(r->roles);
	}
	if ((e = cases_queue(r->db, r->a, &f, &rows, &n, &more, &staff_gen, &session)) != DB_OK) {
		http_db_error(r, e);
		return;
	}
	if (!req_session_confirm(r, session))
		return;
	/* the scan box (open=1): a slip's case number or a parcel's tracking
	 * number goes straight to the case; the search box always lists */
	if (open && strcmp(open, "1") == 0 && n == 1 && !more &&
	    (strcasecmp(rows[0].case_no, f.q) == 0 ||
	                        (f.tracking && rows[0].return_tracking &&
	                         strcmp(rows[0].return_tracking, f.tracking) == 0))) {
		http_redirect(r, aprintf(r->a, "/staff/cases/%s", rows[0].case_no));
		return;
	}
	if ((e = staff_active_current(r->db, staff_gen, &team, &nteam)) != DB_OK) {
		http_db_error(r, e);
		return;
	}
	if ((e = fill_my_improvements(r)) != DB_OK) { /* the member's own actions */
		http_db_error(r, e);
		return;
	}
	for (size_t i = 0; i < nteam; i++) {
		view_setf(r->v, aprintf(r->a, "%lld", team[i].id), "Page.team.%zu.id", i);
		view_setf(r->v, team[i].name, "Page.team.%zu.name", i);
	}
	for (size_t i = 0; i < n; i++) {
		view_setf(r->v, rows[i].case_no, "Page.cases.%zu.case_no", i);
		view_setf(r->v, rows[i].order_no, "Page.cases.%zu.order_no", i);
		view_setf(r->v, mask_phone(r->a, rows[i].phone), "Page.cases.%zu.phone", i);
		view_setf(r->v, rows[i].customer_name, "Page.cases.%zu.customer", i);
		view_setf(r->v, rows[i].assignee, "Page.cases.%zu.assignee", i);
		view_setf(r->v, rows[i].state, "Page.cases.%zu.state", i);
		view_setf(r->v, label(r, "type", rows[i].type), "Page.cases.%zu.type", i);
		view_setf(r->v, label(r, "state", rows[i].state), "Page.cases.%zu.state_label", i);
		view_set_time(r->v, aprintf(r->a, "Page.cases.%zu.created_at", i), rows[i].created_at);
		if (rows[i].next_due) {
			static const char *const marks[] = {"ok", "at_risk", "breached"};
			enum sla_state st = sla_state(rows[i].next_due_start, rows[i].next_due, r->now);

			view_set_time(r->v, aprintf(r->a, "Page.cases.%zu.due", i), rows[i].next_due);
			view_setf(r->v, marks[st], "Page.cases.%zu.sla", i);
			view_setf(r->v, label(r, "sla", marks[st]), "Page.cases.%zu.sla_label", i);
		}
	}
	for (size_t i = 0; case_state_name(i); i++) {
		view_setf(r->v, case_state_name(i), "Page.states.%zu.name", i);
		view_setf(r->v, label(r, "state", case_state_name(i)), "Page.states.%zu.label", i);
	}
	for (int t = 0; t < TYPE__MAX; t++) {
		view_setf(r->v, case_type_names[t], "Page.types.%d.name", t);
		view_setf(r->v, label(r, "type", case_type_names[t]), "Page.types.%d.label", t);
	}
	view_set(r->v, "Page.filter.status", f.state);
	view_set(r->v, "Page.filter.type", f.type);
	view_set(r->v, "Page.filter.q", f.q);
	view_set(r->v, "Page.filter.sla", f.sla);
	view_set(r->v, "Page.filter.assignee", assignee);
	if (!fill_queue_desk(r, &f, rows, n))
		return;
	view_set(r->v, "Page.title_key", "queue_title");
	http_paging(r, f.page, more);
	http_page(r, 200, "staff_queue.cs");
}

/* The steps this staff member may take now, with what their forms need:
 * the refund cap (or the amount waiting for a manager), whom to assign. */
static bool fill_actions(struct req *r, const struct case_view *cv,
                         const struct case_customer *cu)
{
	struct actor me = {'s', r->staff_id, r->roles};
	unsigned flags = case_flags(cv);
	enum db_err e;

	for (int act = 0; act < ACT__MAX; act++)
		if (case_action_allowed(cv->state, cv->type, flags, &me, (enum case_action)act))
			view_setf(r->v, "1", "Page.actions.%s", case_action_names[act]);
	if (case_action_allowed(cv->state, cv->type, flags, &me, ACT_REFUND)) {
		struct service_policy sp;
		long long cap;
		char m[32];

		if ((e = case_refund_cap(r->db, r->a, cv->id, &cap)) != DB_OK ||
		    (e = service_policy_load(r->db, r->a, &sp)) != DB_OK)
			return http_db_error(r, e), false;
		format_money(cap, m);
		view_set(r->v, "Page.refund_cap", m);
		format_money(cv->pending_refund_fen >= 0 ? cv->pending_refund_fen : cap, m);
		view_set(r->v, "Page.refund_amount", m);
		if (*view_get(r->v, "Page.refund_refused", "")) {
			/* The amount typed comes back with the most that may go. */
			format_money(cap, m);
			view_set(r->v, "Page.refund_amount", req_form(r, "amount"));
			view_set(r->v, "Page.errors.amount",
			         aprintf(r->a, "%s ¥%s", view_lang(r->v, "err_refund_max"), m));
			view_set(r->v, "Page.has_errors", "1");
		}
		if (risk_level(risk_score(&cu->risk)) == RISK_HIGH && !(r->roles & ROLE_MANAGER)) {
			format_money(sp.refund_approval_fen, m);
			view_set(r->v, "Page.refund_hold_over", m);
		}
	}
	if (case_action_allowed(cv->state, cv->type, flags, &me, ACT_SHIP))
		fill_choices(r); /* the carriers, offered as the name is typed */
	if (case_action_allowed(cv->state, cv->type, flags, &me, ACT_ASSIGN)) {
		/* Sending someone on-site takes a technician. */
		bool on_site = strcmp(case_next_state(cv->state, cv->type, flags, ACT_ASSIGN),
		                      "technician_assigned") == 0;
		const struct staff_brief *list;
		size_t n, k = 0;

		/* the whole team as this connection keeps it, the technicians
		 * alone for on-site */
		if ((e = staff_active_current(r->db, cv->staff_gen, &list, &n)) != DB_OK)
			return http_db_error(r, e), false;
		for (size_t i = 0; i < n; i++) {
			if (on_site && !(list[i].roles & ROLE_TECH))
				continue;
			view_setf(r->v, aprintf(r->a, "%lld", list[i].id), "Page.staff.%zu.id", k);
			view_setf(r->v, list[i].name, "Page.staff.%zu.name", k);
			if (list[i].id == cv->assignee_id)
				view_setf(r->v, "1", "Page.staff.%zu.current", k);
			k++;
		}
		if (on_site)
			view_set(r->v, "Page.assign_on_site", "1");
	}
	return true;
}

/* Page.timers: each time limit the case has started, when it is due and
 * how it stands: met, late, or running on time, at risk or breached. */
static enum db_err fill_timers(struct req *r, const struct case_view *cv)
{
	static const char *const marks[] = {"ok", "at_risk", "breached"};
	struct sla_clocks c;
	enum db_err e;
	size_t n = 0;

	if ((e = sla_load(r->db, r->a, cv->id, &c)) != DB_OK)
		return e;
	for (int i = 0; i < SLA__MAX; i++) {
		const struct sla_clock *k = &c.t[i];
		const char *mark;

		if (!k->start)
			continue;
		if (k->stopped)
			mark = k->stopped <= k->due ? "met" : "late";
		else
			mark = marks[sla_state(k->start, k->due, r->now)];
		view_setf(r->v, label(r, "sla", sla_timer_names[i]), "Page.timers.%zu.name", n);
		view_set_time(r->v, aprintf(r->a, "Page.timers.%zu.due", n), k->due);
		view_setf(r->v, mark, "Page.timers.%zu.mark", n);
		view_setf(r->v, label(r, "sla", mark), "Page.timers.%zu.mark_label", n);
		n++;
		if (i == SLA_FOLLOWUP && !k->stopped && (r->roles & ROLE_AGENT)) {
			/* the agents' follow-up is due: its form (staff_followup.cs) */
			view_set_time(r->v, "Page.followup.due", k->due);
			view_set(r->v, "Page.followup.mark", mark);
			fill_survey_questions(r);
		}
	}
	return DB_OK;
}

/* The case page; reveal: the customer's contact details in full (the
 * reveal already recorded), else masked, with the reveal button for the
 * roles that contact customers. */
/* Page.siblings: the other cases of the same order. */
static enum db_err fill_siblings(struct req *r, const struct case_view *cv)
{
	struct case_sibling *list;
	size_t n;
	enum db_err e = case_siblings(r->db, r->a, cv->id, &list, &n);

	for (size_t i = 0; e == DB_OK && i < n; i++) {
		const char *p = aprintf(r->a, "Page.siblings.%zu", i);

		view_setf(r->v, list[i].case_no, "%s.no", p);
		view_setf(r->v, label(r, "type", list[i].type), "%s.type", p);
		view_setf(r->v, list[i].state, "%s.state", p);
		view_setf(r->v, label(r, "state", list[i].state), "%s.state_label", p);
		view_set_time(r->v, aprintf(r->a, "%s.created", p), list[i].created_at);
	}
	return e;
}

static void staff_case_show(struct req *r, bool reveal, int status)
{
	struct case_view cv;
	struct case_customer cu;
	enum db_err e;

	if (!case_page(r, 0, &cv))
		return;
	if ((e = case_customer_get(r->db, r->a, cv.customer_id, r->now, &cu)) != DB_OK ||
	    (e = fill_timers(r, &cv)) != DB_OK || (e = fill_notes(r, &cv)) != DB_OK ||
	    (e = fill_costs(r, cv.id, true)) != DB_OK || (e = fill_siblings(r, &cv)) != DB_OK) {
		http_db_error(r, e);
		return;
	}
	fill_survey(r, cv.case_no, &cv.survey);
	if (!fill_actions(r, &cv, &cu) || !fill_return(r, &cv) || !fill_replies(r, &cv, cu.name))
		return;
	view_set(r->v, "Page.customer.name", cu.name);
	view_set(r->v, "Page.customer.phone", reveal ? cu.phone : mask_phone(r->a, cu.phone));
	if (cu.email)
		view_set(r->v, "Page.customer.email", reveal ? cu.email : mask_email(r->a, cu.email));
	view_set(r->v, "Page.customer.city", reveal || !*cu.city ? cu.city : mask_city(r->a, cu.city));
	if (reveal)
		view_set(r->v, "Page.customer.revealed", "1");
	else if (r->roles & ROLES_CONTACT)
		view_set(r->v, "Page.reveal_action",
		         aprintf(r->a, "/staff/cases/%s/reveal", cv.case_no));
	{
		int score = risk_score(&cu.risk);
		char money[32];

		format_money(cu.risk.refunded_fen, money);
		view_set_int(r->v, "Page.risk.score", score);
		view_set(r->v, "Page.risk.level", risk_level_names[risk_level(score)]);
		view_set(r->v, "Page.risk.label",
		         label(r, "risk", risk_level_names[risk_level(score)]));
		view_set_int(r->v, "Page.risk.refunds", cu.risk.refunds);
		view_set(r->v, "Page.risk.refunded", money);
		view_set_int(r->v, "Page.risk.inspected", cu.risk.inspected);
		view_set_int(r->v, "Page.risk.failed", cu.risk.failed);
	}
	view_set(r->v, "Page.message_action", aprintf(r->a, "/staff/cases/%s/message", cv.case_no));
	if (cv.complex)
		view_set(r->v, "Page.case.complex", "1");
	else if (r->roles & (ROLE_AGENT | ROLE_MANAGER))
		view_set(r->v, "Page.complex_action",
		         aprintf(r->a, "/staff/cases/%s/complex", cv.case_no));
	desk_done_show(r);
	view_set(r->v, "Page.title_key", "staff_case_title");
	http_page(r, status, "staff_case.cs");
}

void page_staff_case(struct req *r)
{
	staff_case_show(r, false, 200);
}

/* POST /staff/cases/{no}/reveal (ROLES_CONTACT): recorded in the audit
 * trail, then the case page with the contact details in full. */
void page_staff_reveal(struct req *r)
{
	bool found;
	enum db_err e = privacy_reveal(r->db, r->a, r->staff_id, r->arg[0], r->now, &found);

	if (e != DB_OK)
		http_db_error(r, e);
	else if (!found)
		http_error(r, 404, "err_no_case");
	else
		staff_case_show(r, true, 200);
}

/* POST /staff/cases/{no}/complex (agents): the case is a complex
 * question; it gets the longer response limit (sla_complex_hours).
 * Marking twice changes nothing. */
void page_staff_complex(struct req *r)
{
	bool found, already;
	enum db_err e =
	    case_mark_complex(r->db, r->a, r->staff_id, r->arg[0], r->now, &found, &already);

	if (e != DB_OK)
		http_db_error(r, e);
	else if (!found)
		http_error(r, 404, "err_no_case");
	else
		http_redirect(r, aprintf(r->a, "/staff/cases/%s#complex", r->arg[0]));
}

/* The actions of ROUTES.md's POST /staff/cases/{no}/{action}; "inspect"
 * becomes a pass or a fail by its `result` field. */
static int staff_action(struct req *r, const char *name)
{
	const char *result = req_form(r, "result");
	int act;

	if (strcmp(name, "inspect") == 0) {
		if (result && strcmp(result, "pass") == 0)
			return ACT_INSPECT_PASS;
		if (result && strcmp(result, "fail") == 0)
			return ACT_INSPECT_FAIL;
		if (result && strcmp(result, "partial") == 0)
			return ACT_INSPECT_PARTIAL;
		return -2;
	}
	act = case_action_from_name(name);
	/* Customer steps and the inspect parts are not staff URLs. */
	if (act == ACT_CANCEL || act == ACT_SHIPMENT || act == ACT_INSPECT_PASS ||
	    act == ACT_INSPECT_FAIL || act == ACT_INSPECT_PARTIAL || act == ACT_APPEAL)
		return -1;
	return act;
}

/* POST /staff/cases/{no}/{action}: one step of the state table. */
void page_staff_action(struct req *r)
{
	struct actor me = {'s', r->staff_id, r->roles};
	int act = staff_action(r, r->arg[1]);
	struct case_result res;
	struct step s;

	if (strcmp(r->arg[1], "message") == 0) {
		post_message(r, aprintf(r->a, "/staff/cases/%s#messages", r->arg[0]));
		return;
	}
	if (act == -1) {
		http_error(r, 404, NULL);
		return;
	}
	if (act == -2 || !read_step(r, (enum case_action)act, &s) || s.expected_version < 0) {
		http_error(r, 400, act == ACT_REJECT ? "err_reason_required" : "err_bad_input");
		return;
	}
	{
		int rc = case_transition(r->db, r->a, r->arg[0], &me, &s, r->now, &res);

		if (rc == CASE_OK)
			desk_done(r, r->arg[1]); /* the one-line confirmation on the case page */
		if (rc == CASE_BAD_AMOUNT && act == ACT_REFUND) {
			view_set(r->v, "Page.refund_refused", "1");
			staff_case_show(r, false, 400);
			return;
		}
		step_answer(r, rc, &res, aprintf(r->a, "/staff/cases/%s", r->arg[0]));
	}
}

/* ---- registering a case for a customer (phone, e-mail, chat, social) ---- */

/* The customer named by the `customer` field or query (phone or e-mail);
 * 0 when there is none, with a field error. -1: answered (database). */
static long long named_customer(struct req *r, const char *login)
{
	char phone[PHONE_MAX + 1];
	struct account acct;
	enum db_err e;

	if (!login || !*login || strlen(login) > 190) {
		http_field_error(r, "customer", "err_no_customer");
		return 0;
	}
	if ((e = account_by_login(r->db, r->a, 'c', phone_or_login(login, phone), &acct)) != DB_OK) {
		http_db_error(r, e);
		return -1;
	}
	if (!acct.id)
		http_field_error(r, "customer", "err_no_customer");
	return acct.id;
}

/* The customer's orders, newest first, each a link to its request form:
 * a caller rarely knows the order number by heart. -1: answered. */
static int list_orders(struct req *r, long long customer_id, const char *login)
{
	struct order *orders;
	size_t n;
	bool more;
	long long rules_gen;
	const char *session;
	int page = req_page(r);
	enum db_err e = orders_of_customer(r->db, r->a, customer_id, page, &orders, &n, &more,
	                                   &rules_gen, &session);

	if (e != DB_OK) {
		http_db_error(r, e);
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		const char *p = aprintf(r->a, "Page.orders.%zu", i);
		char placed[11];

		format_local_date(orders[i].placed_at, placed);
		view_setf(r->v, orders[i].order_no, "%s.no", p);
		view_setf(r->v, placed, "%s.placed", p);
		view_setf(r->v, orders[i].delivered_at ? "1" : "0", "%s.delivered", p);
		for (size_t j = 0; j < orders[i].nitems; j++)
			view_setf(r->v, orders[i].items[j].name, "%s.items.%zu", p, j);
	}
	view_set(r->v, "Page.listed", "1");
	view_set(r->v, "Page.customer_q", login);
	http_paging(r, page, more);
	return 0;
}

/* GET /staff/cases/new: who and which order; then the request form. With
 * the customer alone, their orders to choose from. */
void page_staff_case_new(struct req *r)
{
	const char *login = req_query(r, "customer"), *order_no = req_query(r, "order_no");
	long long id = 0;

	if (login || order_no) {
		if ((id = named_customer(r, login)) < 0)
			return;
		if (id == 0)
			; /* their orders are not looked at */
		else if (!order_no || !*order_no) {
			if (list_orders(r, id, login) < 0)
				return;
		} else if (strlen(order_no) > 40)
			http_field_error(r, "order_no", "err_no_order");
		else {
			struct order o;
			enum db_err e = order_of_customer(r->db, r->a, id, order_no, false, &o);

			if (e != DB_OK) {
				http_db_error(r, e);
				return;
			}
			if (o.id) {
				request_form(r, 200, id, order_no, NULL);
				return;
			}
			http_field_error(r, "order_no", "err_no_order");
		}
	}
	view_set(r->v, "Page.form.customer", login);
	view_set(r->v, "Page.form.order_no", order_no);
	view_set(r->v, "Page.title_key", "register_case_title");
	http_page(r, r->field_errors ? 400 : 200, "staff_case_new.cs");
}

/* POST /staff/cases: the request form plus `customer` and `channel`. */
void page_staff_case_create(struct req *r)
{
	long long id = named_customer(r, req_form(r, "customer"));

	if (id < 0)
		return;
	if (id == 0) {
		http_error(r, 400, "err_no_customer");
		return;
	}
	submit_case(r, id, NULL);
}

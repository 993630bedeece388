/*
 * pages.h — every page handler, one group per page_*.c file. A handler
 * checks what only it can check, reads validated input, calls the domain,
 * fills the view and answers. Access and CSRF were checked by routes.c.
 */
#ifndef AFTERCARE_PAGES_H
#define AFTERCARE_PAGES_H

#include "http.h"

typedef void (*page_fn)(struct req *r);

/* routes.c: a page of an A_CUSTOMER_READ or A_STAFF_READ route calls
 * this right after its first statement, which read CUSTOMER_SESSION_SQL
 * or STAFF_SESSION_SQL (accounts.h) into column (NULL: no row came, the
 * account is read now), and before it answers anything. false: the
 * session is gone (the sign-in page is the answer) or the database failed
 * (answered); the page stops and shows nothing it read. */
bool req_session_confirm(struct req *r, const char *column);
/* caller.c: a signed-in customer takes n of what rate_limits.h counts
 * (kind: enum limit_kind) for the account and the address, before the
 * page creates anything. false: answered — 429 with Retry-After (over a
 * limit; nothing counted) or the database's error. Staff are not counted. */
bool req_limit(struct req *r, int kind, int n);


/* page_auth.c */
/* The sign-in page and form of customers ('c') or staff ('s'). */
void login_page(struct req *r, char kind);
void login_post(struct req *r, char kind);
void page_home(struct req *r);
void page_lang(struct req *r);
void page_login(struct req *r);
void page_login_post(struct req *r);
void page_register(struct req *r);
void page_register_post(struct req *r);
void page_logout(struct req *r);
/* page_admin_limits.c */
void page_admin_limits(struct req *r);
void page_admin_limits_post(struct req *r);
/* page_staff_account.c */
void page_staff_account(struct req *r);
void page_staff_otp_start(struct req *r);
void page_staff_otp_confirm(struct req *r);
void page_staff_sessions_end(struct req *r);
/* page_forgot.c */
void page_forgot(struct req *r);
void page_forgot_post(struct req *r);
void page_forgot_reset(struct req *r);

/* page_orders.c */
struct order;
struct rulebook;
/* Page.<prefix>: the order and each item's verdict per request type. */
bool fill_order(struct req *r, const char *prefix, const struct order *o,
                const struct rulebook *rb);
/* The request form for customer_id's order, fresh or with what was
 * posted; with resubmit_of (a rejected case's number) it posts a new
 * revision of it; for staff it registers a case for the customer. */
void request_form(struct req *r, int status, long long customer_id, const char *order_no,
                  const char *resubmit_of);
void page_orders(struct req *r);
void page_request_form(struct req *r);

/* page_requests.c */
void page_requests(struct req *r);
void page_request_create(struct req *r);
void page_request_view(struct req *r);
void page_request_cancel(struct req *r);
void page_request_shipment(struct req *r);
void page_request_appeal(struct req *r);
void page_request_cancel_form(struct req *r);
void page_request_slip(struct req *r);
void page_request_pickup(struct req *r);
void page_request_resubmit(struct req *r);
void page_request_message(struct req *r);
/* The request form posted for customer_id (a customer's own, or staff's
 * on the customer's behalf); resubmit_of: a rejected case to revise. */
void submit_case(struct req *r, long long customer_id, const char *resubmit_of);
/* Adds the posted message to r->arg[0]'s case, then 303 to back. */
void post_message(struct req *r, const char *back);
struct step;
struct case_result;
/* Reads the fields of a step's form (ROUTES.md); false: a field is wrong. */
bool read_step(struct req *r, int act, struct step *s);
/* 303 to back, or the 403/404/409/400 page of a refused step. */
void step_answer(struct req *r, int rc, const struct case_result *res, const char *back);
void page_attachment(struct req *r);

struct case_view;
/* Page.case: the facts, items, timeline and photos of a case. */
void fill_case(struct req *r, const struct case_view *cv);
/* Loads the case of r->arg[0] (customer_id 0: anyone's) and fills
 * Page.case; false when answered already (404, database). */
bool case_page(struct req *r, long long customer_id, struct case_view *cv);
/* Page.ret: how the goods of a case waiting for them (or on their way)
 * come back; false when answered already (database). */
bool fill_return(struct req *r, const struct case_view *cv);
/* Page.carriers, Page.windows and the pick-up days' bounds: the choices
 * of the shipment and pick-up forms. */
void fill_choices(struct req *r);
/* L.<group>_<name>: the label of a type, state, reason … */
const char *label(struct req *r, const char *group, const char *name);

/* page_improvements.c */
void page_staff_improvements(struct req *r);
void page_staff_improvement_create(struct req *r);
void page_staff_improvement(struct req *r);
void page_staff_improvement_status(struct req *r);
/* Page.improvements: the signed-in member's open improvement actions. */
enum db_err fill_my_improvements(struct req *r);

/* page_staff.c */
struct queue_filter;
/* The queue's filter from the query string (the queue page and its CSV
 * export); phone: PHONE_MAX + 1 bytes, tracking: TRACKING_MAX + 1. false:
 * a field is not valid. f->view < 0: the member's landing view. */
bool queue_filter_read(struct req *r, struct queue_filter *f, char *phone, char *tracking);
void page_staff_login(struct req *r);
void page_staff_pickups(struct req *r);
void page_staff_pickup_move(struct req *r);
void page_staff_login_post(struct req *r);
void page_staff_home(struct req *r);
void page_staff_queue(struct req *r);
void page_staff_case(struct req *r);
void page_staff_action(struct req *r);
void page_staff_reveal(struct req *r);
void page_staff_case_new(struct req *r);
void page_staff_case_create(struct req *r);

/* page_costs.c: compensation and the cost of service (issue 15) */
void page_staff_compensate(struct req *r);
void page_staff_compensation_approve(struct req *r);
void page_staff_cost(struct req *r);
/* Page.compensations of a case; staff: also Page.costs and the forms. */
enum db_err fill_costs(struct req *r, long long case_id, bool staff);
/* The dashboard's cost section (templates/dash_costs.cs). */
enum db_err fill_dash_costs(struct req *r, time_t from, time_t to);

/* page_desk.c */
void page_staff_note(struct req *r);
void page_staff_complex(struct req *r);
/* The one-line confirmation of a step that worked (action: its URL name),
 * shown once by the next staff case page (desk_done_show: Page.done). */
void desk_done(struct req *r, const char *action);
void desk_done_show(struct req *r);
void page_staff_bulk_assign(struct req *r);
void page_admin_replies(struct req *r);
void page_admin_replies_post(struct req *r);
void page_admin_reply_remove(struct req *r);
/* Page.replies (the page language's templates) and, for ?reply=ID, the
 * filled-in draft of the message form; false: answered. */
bool fill_replies(struct req *r, const struct case_view *cv, const char *customer);
/* Page.notes: the case's internal notes and the form's address (staff). */
enum db_err fill_notes(struct req *r, const struct case_view *cv);
struct queue_filter;
struct queue_row;
/* /staff/queue's view and sort fields into f; false: not in the lists. */
bool queue_view_sort(struct req *r, const char *view, const char *sort, struct queue_filter *f);
/* Page.views (with counts), Page.sorts, the rows' desk fields; false: answered. */
bool fill_queue_desk(struct req *r, const struct queue_filter *f, const struct queue_row *rows,
                     size_t n);

/* page_feedback.c */
/* The signed survey link of a case's invitation that expires then. */
const char *survey_link(struct req *r, const char *case_no, time_t expires);
/* Page.survey of a case: invited (staff: with the link), answered (staff:
 * with the answers) or expired; nothing without an invitation. */
struct survey;
void fill_survey(struct req *r, const char *case_no, const struct survey *s);
/* page_requests.c's checks for the customer's posts on a case (also
 * page_returns.c's): own_case sends the 404 for another's case; a field
 * error that also remembers the first one's words for the error page. */
bool own_case(struct req *r);
void field_wrong(struct req *r, const char *field, const char *key);
const char *first_error(struct req *r);
/* "YYYY-MM-DD" of t in the shop's time zone (the request's arena). */
const char *shop_day(struct req *r, time_t t);
/* Page.questions for a survey form (the customer's, an agent's follow-up). */
void fill_survey_questions(struct req *r);
/* The form's answers into score and *comment; false with field errors. */
bool read_survey_answers(struct req *r, int score[], const char **comment);
void page_request_survey(struct req *r);
void page_request_survey_post(struct req *r);
void page_survey_link(struct req *r);
void page_survey_link_post(struct req *r);
void page_complaints(struct req *r);
void page_complaint_create(struct req *r);
void page_account(struct req *r);
void page_account_post(struct req *r);
/* page_account.c (the rest of it) */
void page_account_export(struct req *r);
void page_account_erase(struct req *r);
/* page_privacy.c: the manager's erasure on a written request, retention */
void page_admin_privacy(struct req *r);
void page_admin_privacy_erase(struct req *r);
void page_admin_privacy_retention(struct req *r);
void page_staff_complaints(struct req *r);
void page_staff_followups(struct req *r);
void page_staff_followup(struct req *r);
void page_staff_complaint_reply(struct req *r);
void page_staff_complaint_resolve(struct req *r);
void page_complaint_confirm(struct req *r);
void page_complaint_reopen(struct req *r);

/* page_reports.c */
/* ?from&to (local days, both included; default the last 30) as [from, to)
 * UTC, and Page.period; false when a 400 page was sent. */
void page_staff_surveys(struct req *r);
void page_staff_export(struct req *r);

/* page_admin.c */
void page_admin_calendar(struct req *r);
void page_admin_calendar_post(struct req *r);
void page_admin_users(struct req *r);
void page_admin_users_create(struct req *r);
/* POST /staff/admin/users/{id}/{roles,disable,enable,password} */
void page_admin_user_change(struct req *r);
void page_admin_policies(struct req *r);
void page_admin_policies_post(struct req *r);
/* The policies page with the saved values (status: 200, or 400 after a
 * refused form of its own, whose fields and errors are already set). */
void policies_show(struct req *r, int status);
/* page_brand.c: the shop's name, logo and accent (brand.h) — saved from
 * the policies page, served to every page as /brand.css and /brand/logo. */
void page_admin_brand_post(struct req *r);
void page_brand_css(struct req *r);
void page_brand_logo(struct req *r);
/* page_webhooks.c, page_notifications.c */
void page_admin_webhooks(struct req *r);
void page_admin_webhooks_create(struct req *r);
void page_admin_webhook_change(struct req *r);
void page_admin_notifications(struct req *r);
void page_admin_notification_resend(struct req *r);

/* page_audit.c */
void page_audit(struct req *r);

/* page_dashboard.c */
void page_staff_dashboard(struct req *r);
void page_staff_report_monthly(struct req *r);
void page_staff_performance(struct req *r);
void page_staff_performance_weights(struct req *r);

/* page_api.c */
void page_healthz(struct req *r);
void page_hello(struct req *r);
void page_metrics(struct req *r);
void page_api_orders(struct req *r);
void page_api_case(struct req *r);
void page_api_events(struct req *r);
void page_api_refund_credited(struct req *r);
void page_api_refund_failed(struct req *r);

#endif

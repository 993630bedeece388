/*
 * routes.c — the one table of every URL: method, path pattern ("*" takes
 * one segment into r->arg[]), who may use it, handler. Dispatch identifies
 * the caller from the session cookie, enforces the route's access and the
 * CSRF check on every POST, then runs the handler.
 */
#include <stdio.h>
#include <string.h>

#include "caller.h"
#include "metrics.h"
#include "pages.h"
#include "roles.h"
#include "routes.h"
#include "view.h"

enum access {
	A_PUBLIC,   /* anyone; forms carry an anonymous CSRF token */
	A_CUSTOMER, /* a signed-in customer */
	A_STAFF,    /* a signed-in staff member with one of .roles */
	/* The same for a page that only reads (GET) and, for staff, lets every
	 * role in: the token is taken at its word until the page's first
	 * statement, which reads the account too (accounts.h's *_SESSION_SQL),
	 * confirms it (req_session_confirm). One round trip less. */
	A_CUSTOMER_READ,
	A_STAFF_READ,
	A_SIGNED,   /* a signed-in customer or staff member */
	A_API,      /* Authorization: Bearer <api key>; no cookies, no CSRF */
	A_MACHINE   /* health checks and the like: no session work at all */
};

struct route {
	const char *method;
	const char *pattern;
	enum access access;
	unsigned roles;
	page_fn fn;
};

static const struct route routes[] = {
	{"GET", "/", A_PUBLIC, 0, page_home},
	{"GET", "/lang/*", A_PUBLIC, 0, page_lang},
	{"GET", "/login", A_PUBLIC, 0, page_login},
	{"POST", "/login", A_PUBLIC, 0, page_login_post},
	{"GET", "/register", A_PUBLIC, 0, page_register},
	{"POST", "/register", A_PUBLIC, 0, page_register_post},
	{"GET", "/forgot", A_PUBLIC, 0, page_forgot},
	{"POST", "/forgot", A_PUBLIC, 0, page_forgot_post},
	{"POST", "/forgot/reset", A_PUBLIC, 0, page_forgot_reset},
	{"POST", "/logout", A_CUSTOMER, 0, page_logout},
	{"GET", "/my/orders", A_CUSTOMER_READ, 0, page_orders},
	{"GET", "/my/orders/*/new", A_CUSTOMER, 0, page_request_form},
	{"GET", "/my/requests", A_CUSTOMER_READ, 0, page_requests},
	{"POST", "/my/requests", A_CUSTOMER, 0, page_request_create},
	{"GET", "/my/requests/*", A_CUSTOMER_READ, 0, page_request_view},
	{"GET", "/my/requests/*/cancel", A_CUSTOMER_READ, 0, page_request_cancel_form},
	{"POST", "/my/requests/*/cancel", A_CUSTOMER, 0, page_request_cancel},
	{"POST", "/my/requests/*/shipment", A_CUSTOMER, 0, page_request_shipment},
	{"POST", "/my/requests/*/appeal", A_CUSTOMER, 0, page_request_appeal},
	{"POST", "/my/requests/*/pickup", A_CUSTOMER, 0, page_request_pickup},
	{"GET", "/my/requests/*/slip", A_CUSTOMER_READ, 0, page_request_slip},
	{"POST", "/my/requests/*/resubmit", A_CUSTOMER, 0, page_request_resubmit},
	{"POST", "/my/requests/*/messages", A_CUSTOMER, 0, page_request_message},
	{"GET", "/my/requests/*/survey", A_CUSTOMER, 0, page_request_survey},
	{"POST", "/my/requests/*/survey", A_CUSTOMER, 0, page_request_survey_post},
	{"GET", "/survey/*", A_PUBLIC, 0, page_survey_link},
	{"POST", "/survey/*", A_PUBLIC, 0, page_survey_link_post},
	{"GET", "/my/account", A_CUSTOMER, 0, page_account},
	{"POST", "/my/account", A_CUSTOMER, 0, page_account_post},
	{"GET", "/my/account/export", A_CUSTOMER, 0, page_account_export},
	{"POST", "/my/account/erase", A_CUSTOMER, 0, page_account_erase},
	{"GET", "/my/complaints", A_CUSTOMER, 0, page_complaints},
	{"POST", "/my/complaints", A_CUSTOMER, 0, page_complaint_create},
	{"POST", "/my/complaints/*/confirm", A_CUSTOMER, 0, page_complaint_confirm},
	{"POST", "/my/complaints/*/reopen", A_CUSTOMER, 0, page_complaint_reopen},
	{"GET", "/attachments/*", A_SIGNED, 0, page_attachment},
	{"GET", "/staff", A_STAFF, 0, page_staff_home},
	{"GET", "/staff/login", A_PUBLIC, 0, page_staff_login},
	{"POST", "/staff/login", A_PUBLIC, 0, page_staff_login_post},
	{"POST", "/staff/logout", A_STAFF, 0, page_logout},
	{"GET", "/staff/account", A_STAFF, 0, page_staff_account},
	{"POST", "/staff/account/otp", A_STAFF, 0, page_staff_otp_start},
	{"POST", "/staff/account/otp/confirm", A_STAFF, 0, page_staff_otp_confirm},
	{"POST", "/staff/account/sessions/end", A_STAFF, 0, page_staff_sessions_end},
	{"GET", "/staff/queue", A_STAFF_READ, 0, page_staff_queue},
	{"POST", "/staff/queue/assign", A_STAFF, 0, page_staff_bulk_assign},
	{"GET", "/staff/cases/new", A_STAFF, ROLE_AGENT, page_staff_case_new},
	{"POST", "/staff/cases", A_STAFF, ROLE_AGENT, page_staff_case_create},
	{"GET", "/staff/cases/*", A_STAFF, 0, page_staff_case},
	{"POST", "/staff/cases/*/followup", A_STAFF, ROLE_AGENT, page_staff_followup},
	{"POST", "/staff/cases/*/reveal", A_STAFF, ROLES_CONTACT, page_staff_reveal},
	{"POST", "/staff/cases/*/note", A_STAFF, 0, page_staff_note},
	{"POST", "/staff/cases/*/complex", A_STAFF, ROLE_AGENT, page_staff_complex},
	{"POST", "/staff/cases/*/compensate", A_STAFF, ROLE_FINANCE, page_staff_compensate},
	{"POST", "/staff/cases/*/approve_compensation", A_STAFF, ROLE_MANAGER,
	 page_staff_compensation_approve},
	{"POST", "/staff/cases/*/cost", A_STAFF, ROLE_LOGISTICS | ROLE_TECH | ROLE_FINANCE,
	 page_staff_cost},
	{"POST", "/staff/cases/*/*", A_STAFF, 0, page_staff_action},
	{"GET", "/staff/followups", A_STAFF, ROLE_AGENT, page_staff_followups},
	{"GET", "/staff/pickups", A_STAFF, ROLE_LOGISTICS, page_staff_pickups},
	{"POST", "/staff/pickups/*/move", A_STAFF, ROLE_LOGISTICS, page_staff_pickup_move},
	{"GET", "/staff/complaints", A_STAFF, ROLE_AGENT, page_staff_complaints},
	{"POST", "/staff/complaints/*/reply", A_STAFF, ROLE_AGENT, page_staff_complaint_reply},
	{"POST", "/staff/complaints/*/resolve", A_STAFF, ROLE_AGENT, page_staff_complaint_resolve},
	{"GET", "/staff/surveys", A_STAFF, ROLE_MANAGER, page_staff_surveys},
	{"GET", "/staff/export/*", A_STAFF, ROLE_MANAGER, page_staff_export},
	{"GET", "/staff/admin/calendar", A_STAFF, ROLE_MANAGER, page_admin_calendar},
	{"POST", "/staff/admin/calendar", A_STAFF, ROLE_MANAGER, page_admin_calendar_post},
	{"GET", "/staff/dashboard", A_STAFF, ROLE_MANAGER, page_staff_dashboard},
	{"GET", "/staff/reports/monthly", A_STAFF, ROLE_MANAGER, page_staff_report_monthly},
	{"GET", "/staff/performance", A_STAFF, ROLE_MANAGER, page_staff_performance},
	{"GET", "/staff/improvements", A_STAFF, ROLE_MANAGER, page_staff_improvements},
	{"POST", "/staff/improvements", A_STAFF, ROLE_MANAGER, page_staff_improvement_create},
	{"GET", "/staff/improvements/*", A_STAFF, 0, page_staff_improvement},
	{"POST", "/staff/improvements/*", A_STAFF, 0, page_staff_improvement_status},
	{"POST", "/staff/performance/weights", A_STAFF, ROLE_MANAGER, page_staff_performance_weights},
	{"GET", "/staff/admin/users", A_STAFF, ROLE_MANAGER, page_admin_users},
	{"POST", "/staff/admin/users", A_STAFF, ROLE_MANAGER, page_admin_users_create},
	{"POST", "/staff/admin/users/*/*", A_STAFF, ROLE_MANAGER, page_admin_user_change},
	{"GET", "/staff/admin/policies", A_STAFF, ROLE_MANAGER, page_admin_policies},
	{"POST", "/staff/admin/policies", A_STAFF, ROLE_MANAGER, page_admin_policies_post},
	{"POST", "/staff/admin/brand", A_STAFF, ROLE_MANAGER, page_admin_brand_post},
	{"GET", "/staff/admin/limits", A_STAFF, ROLE_MANAGER, page_admin_limits},
	{"POST", "/staff/admin/limits", A_STAFF, ROLE_MANAGER, page_admin_limits_post},
	{"GET", "/staff/admin/replies", A_STAFF, ROLE_MANAGER, page_admin_replies},
	{"POST", "/staff/admin/replies", A_STAFF, ROLE_MANAGER, page_admin_replies_post},
	{"POST", "/staff/admin/replies/*/remove", A_STAFF, ROLE_MANAGER, page_admin_reply_remove},
	{"GET", "/staff/admin/webhooks", A_STAFF, ROLE_MANAGER, page_admin_webhooks},
	{"POST", "/staff/admin/webhooks", A_STAFF, ROLE_MANAGER, page_admin_webhooks_create},
	{"POST", "/staff/admin/webhooks/*/*", A_STAFF, ROLE_MANAGER, page_admin_webhook_change},
	{"GET", "/staff/admin/notifications", A_STAFF, ROLE_MANAGER, page_admin_notifications},
	{"POST", "/staff/admin/notifications/*/resend", A_STAFF, ROLE_MANAGER, page_admin_notification_resend},
	{"GET", "/staff/admin/privacy", A_STAFF, ROLE_MANAGER, page_admin_privacy},
	{"POST", "/staff/admin/privacy/erase", A_STAFF, ROLE_MANAGER, page_admin_privacy_erase},
	{"POST", "/staff/admin/privacy/retention", A_STAFF, ROLE_MANAGER, page_admin_privacy_retention},
	{"GET", "/staff/audit", A_STAFF, ROLE_MANAGER, page_audit},
	{"GET", "/brand.css", A_MACHINE, 0, page_brand_css},
	{"GET", "/brand/logo", A_MACHINE, 0, page_brand_logo},
	{"GET", "/healthz", A_MACHINE, 0, page_healthz},
	{"GET", "/hello", A_MACHINE, 0, page_hello},
	{"GET", "/metrics", A_MACHINE, 0, page_metrics},
	{"POST", "/api/v1/orders", A_API, 0, page_api_orders},
	{"GET", "/api/v1/cases/*", A_API, 0, page_api_case},
	{"GET", "/api/v1/events", A_API, 0, page_api_events},
	{"POST", "/api/v1/cases/*/refunds/*/credited", A_API, 0, page_api_refund_credited},
	{"POST", "/api/v1/cases/*/refunds/*/failed", A_API, 0, page_api_refund_failed},
};
_Static_assert(sizeof routes / sizeof routes[0] <= METRICS_ROUTES_MAX,
               "/metrics counts each route: raise METRICS_ROUTES_MAX");

#define NROUTES (sizeof routes / sizeof routes[0])

void routes_print(FILE *out)
{
	static const char *const access_names[] = {
		[A_PUBLIC] = "public", [A_CUSTOMER] = "customer", [A_CUSTOMER_READ] = "customer",
		[A_STAFF] = "staff",   [A_STAFF_READ] = "staff",
		[A_SIGNED] = "signed", [A_API] = "api",           [A_MACHINE] = "machine",
	};

	fprintf(out, "method\tpattern\taccess\troles\n");
	for (size_t i = 0; i < NROUTES; i++) {
		char roles[80];

		roles_format(routes[i].roles, roles, sizeof roles);
		fprintf(out, "%s\t%s\t%s\t%s\n", routes[i].method, routes[i].pattern,
		        access_names[routes[i].access], roles);
	}
}
/* Does path fit pattern? Captures "*" segments into r->arg[]. */
static bool match(struct req *r, const char *pattern, const char *path,
                  bool capture)
{
	size_t n = 0;

	while (*pattern && *path) {
		if (*pattern == '*') {
			size_t len = strcspn(path, "/");

			if (len == 0 || n == sizeof r->arg / sizeof r->arg[0])
				return false;
			if (capture)
				r->arg[n] = astrndup(r->a, path, len);
			n++;
			pattern++;
			path += len;
		} else if (*pattern++ != *path++) {
			return false;
		}
	}
	return *pattern == '\0' && *path == '\0';
}

/* A photo over the limit (http.c keeps it, without its bytes) answers 413
 * everywhere but on the request form, which says which one next to the
 * photo field and keeps what was typed. */
static bool takes_oversize(page_fn fn)
{
	return fn == page_request_create || fn == page_request_resubmit ||
	       fn == page_staff_case_create;
}

static bool too_large_file(const struct req *r)
{
	for (size_t i = 0; i < r->files.n; i++)
		if (r->files.v[i].too_large)
			return true;
	return false;
}

void routes_dispatch(struct req *r)
{
	const struct route *rt = NULL;
	const char *method = strcmp(r->method, "HEAD") == 0 ? "GET" : r->method;
	struct buf allow = {0};
	const char *binding;
	enum access access;

	for (size_t i = 0; i < NROUTES && !rt; i++) {
		if (!match(r, routes[i].pattern, r->path, false))
			continue;
		if (strcmp(routes[i].method, method) == 0) {
			rt = &routes[i];
			r->route = (int)i;
			r->route_method = rt->method;
			r->route_pattern = rt->pattern;
		}
		else
			buf_printf(&allow, "%s%s", allow.len ? ", " : "",
			           strcmp(routes[i].method, "GET") == 0 ? "GET, HEAD" : routes[i].method);
	}
	if (!rt) {
		if (allow.len)
			http_header(r, "Allow", allow.p);
		http_error(r, allow.len ? 405 : 404, NULL);
		buf_free(&allow);
		return;
	}
	buf_free(&allow);
	match(r, rt->pattern, r->path, true);

	/* as when the body was read, before who is asking */
	if (!takes_oversize(rt->fn) && too_large_file(r)) {
		http_error(r, 413, "err_too_large");
		return;
	}
	if (rt->access == A_MACHINE || rt->access == A_API) {
		rt->fn(r);
		return;
	}
	/* A *_READ route is its plain access with the session confirmed by
	 * the page, when nothing but the account decides (a GET, any role). */
	access = rt->access == A_CUSTOMER_READ ? A_CUSTOMER
	         : rt->access == A_STAFF_READ  ? A_STAFF
	                                       : rt->access;
	if (!caller_identify(r, access != rt->access && !rt->roles && strcmp(method, "GET") == 0))
		return;
	if (access == A_CUSTOMER && !r->customer_id) {
		caller_sign_in(r, false);
		return;
	}
	if (access == A_SIGNED && !r->customer_id && !r->staff_id) {
		caller_sign_in(r, false);
		return;
	}
	if (access == A_STAFF && !r->staff_id) {
		caller_sign_in(r, true);
		return;
	}
	if (access == A_STAFF && caller_enrol_first(r))
		return;
	if (access == A_STAFF && rt->roles && !(r->roles & (rt->roles | ROLE_MANAGER))) {
		http_error(r, 403, NULL);
		return;
	}
	binding = caller_csrf_binding(r, strcmp(method, "GET") == 0);
	if (strcmp(method, "POST") == 0 &&
	    (!binding || !caller_same_origin(r) ||
	     !csrf_valid(&r->app->keys, binding, params_get(&r->form, "csrf")))) {
		http_error(r, 403, "err_csrf");
		return;
	}
	if (binding)
		r->csrf = csrf_token(r->a, &r->app->keys, binding);
	rt->fn(r);
	/* A page that answered without confirming its session: the answer is
	 * thrown away (a bug, unless it is the database's error page). */
	if (r->session_pending && r->status < 500) {
		fprintf(stderr, "%s: %s answered without req_session_confirm\n", r->id, rt->pattern);
		r->session_pending = false;
		http_error(r, 500, NULL);
	}
}

/*
 * routes.c — the one table of every URL: method, path pattern ("*" takes
 * one segment into r->arg[]), who may use it, handler. Dispatch identifies
 * the caller from the session cookie, enforces the route's access and the
 * CSRF check on every POST, then runs the handler.
 */
#include <stdio.h>
#include <string.h>

#include "accounts.h"
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
	{"POST", "/logout", A_CUSTOMER, 0, page_logout},
	{"GET", "/my/orders", A_CUSTOMER_READ, 0, page_orders},
	{"GET", "/my/orders/*/new", A_CUSTOMER, 0, page_request_form},
	{"GET", "/my/requests", A_CUSTOMER_READ, 0, page_requests},
	{"POST", "/my/requests", A_CUSTOMER, 0, page_request_create},
	{"GET", "/my/requests/*", A_CUSTOMER_READ, 0, page_request_view},
	{"POST", "/my/requests/*/cancel", A_CUSTOMER, 0, page_request_cancel},
	{"POST", "/my/requests/*/shipment", A_CUSTOMER, 0, page_request_shipment},
	{"POST", "/my/requests/*/resubmit", A_CUSTOMER, 0, page_request_resubmit},
	{"POST", "/my/requests/*/messages", A_CUSTOMER, 0, page_request_message},
	{"GET", "/my/requests/*/survey", A_CUSTOMER, 0, page_request_survey},
	{"POST", "/my/requests/*/survey", A_CUSTOMER, 0, page_request_survey_post},
	{"GET", "/survey/*", A_PUBLIC, 0, page_survey_link},
	{"POST", "/survey/*", A_PUBLIC, 0, page_survey_link_post},
	{"GET", "/my/complaints", A_CUSTOMER, 0, page_complaints},
	{"POST", "/my/complaints", A_CUSTOMER, 0, page_complaint_create},
	{"GET", "/attachments/*", A_SIGNED, 0, page_attachment},
	{"GET", "/staff", A_STAFF, 0, page_staff_home},
	{"GET", "/staff/login", A_PUBLIC, 0, page_staff_login},
	{"POST", "/staff/login", A_PUBLIC, 0, page_staff_login_post},
	{"POST", "/staff/logout", A_STAFF, 0, page_logout},
	{"GET", "/staff/queue", A_STAFF_READ, 0, page_staff_queue},
	{"GET", "/staff/cases/new", A_STAFF, ROLE_AGENT, page_staff_case_new},
	{"POST", "/staff/cases", A_STAFF, ROLE_AGENT, page_staff_case_create},
	{"GET", "/staff/cases/*", A_STAFF, 0, page_staff_case},
	{"POST", "/staff/cases/*/*", A_STAFF, 0, page_staff_action},
	{"GET", "/staff/complaints", A_STAFF, ROLE_AGENT, page_staff_complaints},
	{"POST", "/staff/complaints/*/reply", A_STAFF, ROLE_AGENT, page_staff_complaint_reply},
	{"GET", "/staff/surveys", A_STAFF, ROLE_MANAGER, page_staff_surveys},
	{"GET", "/staff/export/*", A_STAFF, ROLE_MANAGER, page_staff_export},
	{"GET", "/staff/admin/calendar", A_STAFF, ROLE_MANAGER, page_admin_calendar},
	{"POST", "/staff/admin/calendar", A_STAFF, ROLE_MANAGER, page_admin_calendar_post},
	{"GET", "/staff/dashboard", A_STAFF, ROLE_MANAGER, page_staff_dashboard},
	{"GET", "/staff/performance", A_STAFF, ROLE_MANAGER, page_staff_performance},
	{"POST", "/staff/performance/weights", A_STAFF, ROLE_MANAGER, page_staff_performance_weights},
	{"GET", "/staff/admin/users", A_STAFF, ROLE_MANAGER, page_admin_users},
	{"POST", "/staff/admin/users", A_STAFF, ROLE_MANAGER, page_admin_users_create},
	{"POST", "/staff/admin/users/*/*", A_STAFF, ROLE_MANAGER, page_admin_user_change},
	{"GET", "/staff/admin/policies", A_STAFF, ROLE_MANAGER, page_admin_policies},
	{"POST", "/staff/admin/policies", A_STAFF, ROLE_MANAGER, page_admin_policies_post},
	{"GET", "/staff/audit", A_STAFF, ROLE_MANAGER, page_audit},
	{"GET", "/healthz", A_MACHINE, 0, page_healthz},
	{"GET", "/hello", A_MACHINE, 0, page_hello},
	{"GET", "/metrics", A_MACHINE, 0, page_metrics},
	{"POST", "/api/v1/orders", A_API, 0, page_api_orders},
	{"GET", "/api/v1/cases/*", A_API, 0, page_api_case},
};

#define NROUTES (sizeof routes / sizeof routes[0])

void routes_name(int i, const char **method, const char **pattern)
{
	if (i >= 0 && (size_t)i < NROUTES) {
		*method = routes[i].method;
		*pattern = routes[i].pattern;
	}
}

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
#define SID_COOKIE "sid"
#define PRE_COOKIE "pre"

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

/* Does the authority at s ("host[:port]" up to '/' or the end) equal want? */
static bool authority_is(const char *s, const char *want)
{
	size_t n = strlen(want);

	return strncmp(s, want, n) == 0 && (s[n] == '\0' || s[n] == '/');
}

/* Same origin when the Origin (or, lacking it, the Referer) names our host.
 * nginx's fastcgi_params may pass Host without its port, so host:port from
 * SERVER_PORT counts too. */
static bool same_origin(struct req *r)
{
	const char *o = r->origin ? r->origin : r->referer;
	const char *auth;

	if (!o)
		return true; /* not a browser's cross-site form: the token decides */
	if (!r->host)
		return false;
	if (strncmp(o, "http://", 7) == 0)
		auth = o + 7;
	else if (strncmp(o, "https://", 8) == 0)
		auth = o + 8;
	else
		return false;
	if (authority_is(auth, r->host))
		return true;
	return r->server_port && !strchr(r->host, ':') &&
	       authority_is(auth, aprintf(r->a, "%s:%s", r->host, r->server_port));
}

/* r's identity from the session s when acct (read now) still holds it:
 * the epoch logout bumps, not disabled. */
static bool accept_account(struct req *r, const struct session *s, const struct account *acct)
{
	if (acct->id == 0 || acct->epoch != s->epoch || acct->disabled)
		return false;
	r->signed_in = true;
	r->sess = *s;
	r->user_name = acct->name;
	if (s->kind == SUBJECT_CUSTOMER) {
		r->customer_id = acct->id;
	} else {
		r->staff_id = acct->id;
		r->roles = acct->roles;
	}
	/* Sliding idle timeout: re-issue once a minute at most. */
	if (s->exp - r->now < SESSION_IDLE - 60) {
		session_touch(&r->sess, r->now);
		http_cookie(r, SID_COOKIE, token_sign(r->a, &r->app->keys, &r->sess), -1);
	}
	return true;
}

/* Fills r's identity from a valid session cookie. false: the database is
 * down (answered already). With provisional (the *_READ routes) the token
 * is taken at its word for now, without roles: the page reads the account
 * with its first statement and calls req_session_confirm. */
static bool identify(struct req *r, bool provisional)
{
	const char *tok = params_get(&r->cookies, SID_COOKIE);
	struct session s;
	struct account acct;
	enum db_err e;

	if (!tok || token_verify(&r->app->keys, tok, r->now, &s) != TOKEN_OK)
		return true;
	if (provisional) {
		r->signed_in = true;
		r->sess = s;
		if (s.kind == SUBJECT_CUSTOMER)
			r->customer_id = s.subject;
		else
			r->staff_id = s.subject;
		r->session_pending = true;
		return true;
	}
	if ((e = account_by_id(r->db, r->a, s.kind, s.subject, &acct)) != DB_OK) {
		http_db_error(r, e);
		return false;
	}
	accept_account(r, &s, &acct);
	return true;
}

static void sign_in_page(struct req *r, bool staff)
{
	http_redirect(r, staff ? "/staff/login" : "/login");
}

bool req_session_confirm(struct req *r, const char *column)
{
	struct session s = r->sess;
	struct account acct;
	enum db_err e;

	if (!r->session_pending)
		return true;
	r->session_pending = false;
	r->signed_in = false;
	r->customer_id = r->staff_id = 0;
	if (column)
		account_from_column(column, s.kind, s.subject, &acct);
	else if ((e = account_by_id(r->db, r->a, s.kind, s.subject, &acct)) != DB_OK) {
		http_db_error(r, e);
		return false;
	}
	if (!accept_account(r, &s, &acct)) {
		sign_in_page(r, s.kind != SUBJECT_CUSTOMER);
		return false;
	}
	return true;
}

/* The string a CSRF token is bound to: the session, or before sign-in the
 * anonymous "pre" cookie (set here when missing). */
static const char *csrf_binding(struct req *r, bool create)
{
	const char *pre;

	if (r->signed_in)
		return session_binding(r->a, &r->sess);
	pre = params_get(&r->cookies, PRE_COOKIE);
	if (pre && strlen(pre) == 22)
		return aprintf(r->a, "pre:%s", pre);
	if (!create)
		return NULL;
	{
		unsigned char raw[16];
		char *b = amalloc(r->a, 24);

		random_bytes(raw, sizeof raw);
		b64url_encode(raw, sizeof raw, b);
		http_cookie(r, PRE_COOKIE, b, -1);
		return aprintf(r->a, "pre:%s", b);
	}
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

	if (rt->access == A_MACHINE || rt->access == A_API) {
		rt->fn(r);
		return;
	}
	/* A *_READ route is its plain access with the session confirmed by
	 * the page, when nothing but the account decides (a GET, any role). */
	access = rt->access == A_CUSTOMER_READ ? A_CUSTOMER
	         : rt->access == A_STAFF_READ  ? A_STAFF
	                                       : rt->access;
	if (!identify(r, access != rt->access && !rt->roles && strcmp(method, "GET") == 0))
		return;
	if (access == A_CUSTOMER && !r->customer_id) {
		sign_in_page(r, false);
		return;
	}
	if (access == A_SIGNED && !r->customer_id && !r->staff_id) {
		sign_in_page(r, false);
		return;
	}
	if (access == A_STAFF && !r->staff_id) {
		sign_in_page(r, true);
		return;
	}
	if (access == A_STAFF && rt->roles && !(r->roles & (rt->roles | ROLE_MANAGER))) {
		http_error(r, 403, NULL);
		return;
	}
	binding = csrf_binding(r, strcmp(method, "GET") == 0);
	if (strcmp(method, "POST") == 0 &&
	    (!binding || !same_origin(r) ||
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

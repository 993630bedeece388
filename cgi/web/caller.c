/*
 * caller.c — who is calling: the session cookie (checked against the
 * account, or taken at its word until the page's first statement confirms
 * it: req_session_confirm), the sliding idle timeout, the origin of a POST
 * and the string its CSRF token is bound to.
 */
#include <stdio.h>
#include <string.h>

#include "accounts.h"
#include "caller.h"
#include "pages.h"
#include "rate_limits.h"
#include "roles.h"
#include "view.h"
#include "weburl.h"

#define SID_COOKIE "sid"
#define PRE_COOKIE "pre"

/* Does the authority at s ("host[:port]" up to '/' or the end) equal want? */
static bool authority_is(const char *s, const char *want)
{
	size_t n = strlen(want);

	return strncmp(s, want, n) == 0 && (s[n] == '\0' || s[n] == '/');
}

/* Same origin when the Origin (or, lacking it, the Referer) names our host.
 * nginx's fastcgi_params may pass Host without its port, so host:port from
 * SERVER_PORT counts too. */
bool caller_same_origin(struct req *r)
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

unsigned caller_totp_roles(const struct req *r, const struct account *acct)
{
	return acct->totp_roles | (r->app->cfg.demo ? 0u : (unsigned)(ROLE_MANAGER | ROLE_FINANCE));
}

/* May a member who must enrol a second factor and has none use this
 * route? Only their account page (to enrol) and signing out. */
static bool enrol_route(const struct req *r)
{
	return r->route_pattern && (strncmp(r->route_pattern, "/staff/account", 14) == 0 ||
	                            strcmp(r->route_pattern, "/staff/logout") == 0);
}

bool caller_enrol_first(struct req *r)
{
	if (!r->must_enrol || enrol_route(r))
		return false;
	http_redirect(r, "/staff/account?enrol=1");
	return true;
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
		r->must_enrol = !acct->totp && (acct->roles & caller_totp_roles(r, acct)) != 0;
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
bool caller_identify(struct req *r, bool provisional)
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

/* To the sign-in, which comes back here afterwards (`next`): for a page
 * that was read (GET), its path and query; a form sent without a session
 * is not sent again, so a POST just goes to the sign-in. */
void caller_sign_in(struct req *r, bool staff)
{
	const char *door = staff ? "/staff/login" : "/login";
	const char *here;
	struct buf to = {0};

	if (strcmp(r->method, "GET") != 0 && strcmp(r->method, "HEAD") != 0) {
		http_redirect(r, door);
		return;
	}
	here = req_here(r);
	buf_puts(&to, door);
	if (local_path_ok(here) && strcmp(here, "/") != 0) {
		buf_puts(&to, "?next=");
		buf_url_encode(&to, here);
	}
	http_redirect(r, astrdup(r->a, to.p));
	buf_free(&to);
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
		caller_sign_in(r, s.kind != SUBJECT_CUSTOMER);
		return false;
	}
	return !caller_enrol_first(r);
}

/* The string a CSRF token is bound to: the session, or before sign-in the
 * anonymous "pre" cookie (set here when missing). */
const char *caller_csrf_binding(struct req *r, bool create)
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


bool req_limit(struct req *r, int kind, int n)
{
	long wait;
	enum db_err e;

	/* what customers create counts for customers only; a bulk action
	 * for the staff member who takes it */
	bool staff = kind == LIMIT_BULK;

	if (n <= 0 || (staff ? !r->staff_id : (!r->customer_id || r->staff_id)))
		return true;
	e = limit_take(r->db, r->a, (enum limit_kind)kind,
	               staff ? aprintf(r->a, "s:%lld", r->staff_id)
	                     : aprintf(r->a, "c:%lld", r->customer_id),
	               r->remote_addr, n, r->now, &wait);
	if (e != DB_OK) {
		http_db_error(r, e);
		return false;
	}
	if (!wait)
		return true;
	http_header(r, "Retry-After", aprintf(r->a, "%ld", wait));
	view_set_int(r->v, "Page.retry_minutes", (wait + 59) / 60);
	http_error(r, 429, "err_limit");
	return false;
}

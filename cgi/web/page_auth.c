/*
 * page_auth.c — signing in and out, first registration by order number and
 * phone, the language switch, and "/" (where to go first).
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "accounts.h"
#include "pages.h"
#include "phone.h"
#include "twofactor.h"
#include "view.h"
#include "weburl.h"

void page_home(struct req *r)
{
	http_redirect(r, r->customer_id ? "/my/orders" : r->staff_id ? "/staff/queue" : "/login");
}

/* GET /lang/{code}?back=/path: remember the language, go back. */
void page_lang(struct req *r)
{
	const char *back = req_query(r, "back");

	if (strcmp(r->arg[0], "en") != 0 && strcmp(r->arg[0], "zh-CN") != 0) {
		http_error(r, 404, NULL);
		return;
	}
	/* Only a local path: never an open redirect (weburl.h). */
	if (!local_path_ok(back))
		back = "/";
	if (r->customer_id && account_set_lang(r->db, r->customer_id, r->arg[0]) != DB_OK)
		fprintf(stderr, "%s: the customer's language was not kept\n", r->id);
	http_cookie(r, "lang", r->arg[0], 365L * 86400);
	http_redirect(r, back);
}

/* The two doors: customers and staff sign in the same way, each to their
 * own side (a token of one kind is never accepted on the other's pages). */
struct door {
	char kind;
	const char *title_key, *action, *home;
};
static const struct door doors[] = {
	{'c', "login_title", "/login", "/my/orders"},
	{'s', "staff_login_title", "/staff/login", "/staff/queue"},
};

static const struct door *door_of(char kind)
{
	return &doors[kind == 's'];
}

/* Where a sign-in goes on to: the page asked for (`next`, from the form or
 * the query string) when it is a path of this site (local_path_ok) on the
 * door's own side, staff pages for staff and the others for customers;
 * else NULL (the door's home). */
static const char *next_of(struct req *r, char kind)
{
	const char *next = req_form(r, "next");
	bool staff_page;

	if (!next || !*next)
		next = req_query(r, "next");
	if (!local_path_ok(next))
		return NULL;
	staff_page = strncmp(next, "/staff", 6) == 0 && strchr("/?", next[6]) != NULL;
	if (kind == 's' ? !staff_page && strncmp(next, "/attachments/", 13) != 0 : staff_page)
		return NULL;
	return next;
}

static void login_form(struct req *r, const struct door *d, int status, const char *login)
{
	const char *next = next_of(r, d->kind);

	view_set(r->v, "Page.title_key", d->title_key);
	view_set(r->v, "Page.action", d->action);
	if (d->kind == 's')
		view_set(r->v, "Page.staff", "1");
	view_set(r->v, "Page.form.login", login);
	view_set(r->v, "Page.next_path", next);
	/* The language switch comes back here with a checked next only:
	 * whatever else the query held is not echoed into the page. */
	if (next) {
		struct buf b = {0};

		buf_puts(&b, d->action);
		buf_puts(&b, "?next=");
		buf_url_encode(&b, next);
		view_set(r->v, "Site.here", b.p);
		buf_free(&b);
	} else {
		view_set(r->v, "Site.here", d->action);
	}
	if (d->kind == 'c' && status == 200 && params_get(&r->query, "reset"))
		view_set(r->v, "Page.reset_done", "1");
	http_page(r, status, "login.cs");
}

void login_page(struct req *r, char kind)
{
	const struct door *d = door_of(kind);

	const char *next = next_of(r, kind);

	if (kind == 's' ? r->staff_id != 0 : r->customer_id != 0)
		http_redirect(r, next ? next : d->home);
	else
		login_form(r, d, 200, NULL);
}

void page_login(struct req *r)
{
	login_page(r, 'c');
}

/* Sign the session in and set its cookie. */
static void start_session(struct req *r, char kind, long long id,
                          long long epoch)
{
	struct session s = {.subject = id, .kind = kind, .iat = r->now, .epoch = epoch};

	session_touch(&s, r->now);
	http_cookie(r, "sid", token_sign(r->a, &r->app->keys, &s), -1);
}

/* 429 with the seconds to wait; the message is the same whatever is
 * throttled (an account, a name that does not exist, the address). */
static void throttled(struct req *r, const char *field, long wait)
{
	http_header(r, "Retry-After", aprintf(r->a, "%ld", wait));
	http_field_error(r, field, "err_login_locked");
	r->status = 429;
}

/* True when the account may start a session; otherwise the field error
 * is set (and r->status) or the page answered. */
static bool sign_in(struct req *r, char kind, const char *login, const char *password,
             struct account *acct, bool *recovery)
{
	char *lkey, *akey, *idkey, phone[PHONE_MAX + 1];
	const char *failed = "login";
	long wait = 0;
	bool ok;
	enum db_err e;

	memset(acct, 0, sizeof *acct);
	if (kind == 'c') /* a phone as typed: "138 0000 0001", "+86 …" */
		login = phone_or_login(login, phone);
	if (!login || !*login || !password || !*password ||
	    strlen(login) > 190 || strlen(password) > PASSWORD_MAX) {
		http_field_error(r, "login", "err_login_failed");
		return false;
	}
	lkey = aprintf(r->a, "login:%c:%s", kind, login);
	for (char *p = lkey; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	akey = aprintf(r->a, "addr:%s", r->remote_addr ? r->remote_addr : "-");

	if ((e = throttle_wait(r->db, r->a, akey, r->now, &wait)) != DB_OK ||
	    (!wait && (e = throttle_wait(r->db, r->a, lkey, r->now, &wait)) != DB_OK) ||
	    (e = account_by_login(r->db, r->a, kind, login, acct)) != DB_OK) {
		http_db_error(r, e);
		return false;
	}
	/* The account is locked too, not only the name used: a customer's
	 * phone and e-mail must not give an attacker two sets of tries. */
	idkey = acct->id ? aprintf(r->a, "account:%c:%lld", kind, acct->id) : NULL;
	if (!wait && idkey && (e = throttle_wait(r->db, r->a, idkey, r->now, &wait)) != DB_OK) {
		http_db_error(r, e);
		return false;
	}
	if (wait) {
		throttled(r, "login", wait);
		return false;
	}
	if (acct->id && acct->password_hash && !acct->disabled)
		ok = password_verify(password, acct->password_hash);
	else
		ok = (password_dummy_verify(password), false);
	/* The second factor, when enrolled: checked only after the password,
	 * and a wrong, missing or reused code counts as a failed sign-in. */
	*recovery = false;
	if (ok && kind == 's' && acct->totp) {
		const char *otp = req_form(r, "otp");
		enum twofactor_result res = TF_WRONG;

		if (otp && *otp && strlen(otp) <= 32 &&
		    (e = twofactor_verify(r->db, r->a, acct->id, otp, r->now, &res, recovery)) != DB_OK) {
			http_db_error(r, e);
			return false;
		}
		if (res != TF_OK) {
			ok = false;
			failed = "otp";
		}
	}
	if (ok) {
		throttle_clear(r->db, lkey);
		if (idkey)
			throttle_clear(r->db, idkey);
		return true;
	}
	if ((e = throttle_fail(r->db, r->a, lkey, THROTTLE_LOGIN_MAX, r->now)) != DB_OK ||
	    (idkey && (e = throttle_fail(r->db, r->a, idkey, THROTTLE_LOGIN_MAX, r->now)) != DB_OK) ||
	    (e = throttle_slow(r->db, r->a, akey, THROTTLE_ADDR_FREE, r->now)) != DB_OK) {
		http_db_error(r, e);
		return false;
	}
	http_field_error(r, failed, strcmp(failed, "otp") == 0 ? "err_otp_failed" : "err_login_failed");
	r->status = 401;
	return false;
}

void login_post(struct req *r, char kind)
{
	const struct door *d = door_of(kind);
	const char *login = req_form(r, "login");
	struct account acct;
	bool recovery;

	r->status = 400;
	if (sign_in(r, kind, login, params_get(&r->form, "password"), &acct, &recovery)) {
		/* Their messages speak the language they sign in with. */
		if (kind == 'c' && account_set_lang(r->db, acct.id, r->lang) != DB_OK)
			fprintf(stderr, "%s: the customer's language was not kept\n", r->id);
		/* The staff's sign-in log (/staff/account): when, where, which browser. */
		if (kind == 's' &&
		    staff_log_add(r->db, acct.id, 0, recovery ? STAFF_EV_SIGNIN_RECOVERY : STAFF_EV_SIGNIN,
		                  r->remote_addr, r->user_agent, r->now) != DB_OK)
			fprintf(stderr, "%s: the sign-in was not logged\n", r->id);
		start_session(r, kind, acct.id, acct.epoch);
		{
			const char *next = next_of(r, kind);

			http_redirect(r, next ? next : d->home);
		}
	} else if (!r->answered) {
		login_form(r, d, r->status, login);
	}
}

void page_login_post(struct req *r)
{
	login_post(r, 'c');
}

void page_logout(struct req *r)
{
	enum db_err e = account_bump_epoch(r->db, r->sess.kind, r->sess.subject);

	if (e != DB_OK) {
		http_db_error(r, e);
		return;
	}
	http_cookie(r, "sid", "", 0);
	http_redirect(r, r->sess.kind == 's' ? "/staff/login" : "/login");
}

static void register_form(struct req *r, int status)
{
	view_set(r->v, "Page.title_key", "register_title");
	view_set(r->v, "Page.form.order_no", req_form(r, "order_no"));
	view_set(r->v, "Page.form.phone", req_form(r, "phone"));
	http_page(r, status, "register.cs");
}

void page_register(struct req *r)
{
	register_form(r, 200);
}

void page_register_post(struct req *r)
{
	const char *order_no = req_form(r, "order_no");
	const char *phone = req_form(r, "phone");
	const char *pw = params_get(&r->form, "password");
	const char *pw2 = params_get(&r->form, "password2");
	char *akey = aprintf(r->a, "register:%s", r->remote_addr ? r->remote_addr : "-");
	char hash[PASSWORD_HASH_MAX], digits[PHONE_MAX + 1];
	enum register_result result;
	long long id;
	long wait;
	enum db_err e;

	if (!order_no || !*order_no || strlen(order_no) > 40)
		http_field_error(r, "order_no", "err_required");
	if (!phone_normalize(phone, digits))
		http_field_error(r, "phone", "err_phone");
	phone = digits;
	if (!pw || utf8_len(pw, strlen(pw)) < PASSWORD_MIN || strlen(pw) > PASSWORD_MAX)
		http_field_error(r, "password", "err_password_short");
	else if (!pw2 || strcmp(pw, pw2) != 0)
		http_field_error(r, "password2", "err_password_mismatch");
	if (r->field_errors) {
		register_form(r, 400);
		return;
	}
	if ((e = throttle_wait(r->db, r->a, akey, r->now, &wait)) != DB_OK) {
		http_db_error(r, e);
		return;
	}
	if (wait) {
		throttled(r, "order_no", wait);
		register_form(r, 429);
		return;
	}
	if (password_hash(pw, hash) != 0) {
		http_error(r, 500, NULL);
		return;
	}
	e = account_register(r->db, r->a, order_no, phone, hash, r->now, &id, &result);
	if (e != DB_OK) {
		http_db_error(r, e);
		return;
	}
	if (result != REGISTER_OK) {
		if (result == REGISTER_NO_MATCH &&
		    (e = throttle_fail(r->db, r->a, akey, THROTTLE_LOGIN_MAX, r->now)) != DB_OK) {
			http_db_error(r, e);
			return;
		}
		http_field_error(r, "order_no", result == REGISTER_ALREADY ? "err_already_registered"
		                                                     : "err_no_such_order");
		register_form(r, result == REGISTER_ALREADY ? 409 : 400);
		return;
	}
	{
		struct account acct;

		if ((e = account_by_id(r->db, r->a, 'c', id, &acct)) != DB_OK) {
			http_db_error(r, e);
			return;
		}
		start_session(r, 'c', id, acct.epoch);
	}
	http_redirect(r, "/my/orders");
}

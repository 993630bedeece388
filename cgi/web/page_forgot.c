/*
 * page_forgot.c — a customer who forgot the password: /forgot asks for the
 * phone or e-mail and sends a 6-digit code to the customer alone (through
 * the outbox: e-mail or SMS as they chose); /forgot/reset takes the code
 * and the new password, and every earlier session ends. The answers are the
 * same whether or not the account exists; both forms are throttled like
 * sign-in (per address, per login name and per account).
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "accounts.h"
#include "pages.h"
#include "phone.h"
#include "resets.h"
#include "session.h"
#include "view.h"

static void forgot_form(struct req *r, int status, const char *tmpl)
{
	view_set(r->v, "Page.title_key", "forgot_title");
	view_set(r->v, "Page.form.login", req_form(r, "login"));
	http_page(r, status, tmpl);
}

void page_forgot(struct req *r)
{
	forgot_form(r, 200, "forgot.cs");
}

/* The code's MAC under the app's key, bound to the account: what is kept. */
static const char *code_mac(struct req *r, long long customer_id, const char *code)
{
	return sign_string(r->a, &r->app->keys, aprintf(r->a, "reset\n%lld\n%s", customer_id, code));
}

/* Six random digits, uniformly. */
static void new_code(char out[7])
{
	unsigned v;

	do
		random_bytes(&v, sizeof v);
	while (v >= 4294000000u); /* a multiple of 10^6: no digit favoured */
	snprintf(out, 7, "%06u", v % 1000000u);
}

/* The throttle keys of a login name, its account and the address. */
struct keys {
	char *login, *account, *addr;
};

static void throttle_keys(struct req *r, const char *what, const char *login, long long id,
                          struct keys *k)
{
	k->login = aprintf(r->a, "%s:login:%s", what, login);
	for (char *p = k->login; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	k->account = id ? aprintf(r->a, "%s:account:%lld", what, id) : NULL;
	k->addr = aprintf(r->a, "%s:addr:%s", what, r->remote_addr ? r->remote_addr : "-");
}

/* The account behind login and its throttle keys, when none of the keys
 * must wait; false when answered (the database, or 429 on the form). */
static bool may_try(struct req *r, const char *what, const char *login, const char *field,
                    const char *tmpl, struct account *acct, struct keys *k)
{
	long wait = 0;
	enum db_err e;

	if ((e = account_by_login(r->db, r->a, 'c', login, acct)) != DB_OK) {
		http_db_error(r, e);
		return false;
	}
	throttle_keys(r, what, login, acct->id, k);
	if ((e = throttle_wait(r->db, r->a, k->addr, r->now, &wait)) != DB_OK ||
	    (!wait && (e = throttle_wait(r->db, r->a, k->login, r->now, &wait)) != DB_OK) ||
	    (!wait && k->account &&
	     (e = throttle_wait(r->db, r->a, k->account, r->now, &wait)) != DB_OK)) {
		http_db_error(r, e);
		return false;
	}
	if (wait) {
		http_header(r, "Retry-After", aprintf(r->a, "%ld", wait));
		http_field_error(r, field, "err_login_locked");
		forgot_form(r, 429, tmpl);
		return false;
	}
	return true;
}

/* A login that can be looked up: what sign-in takes. */
static bool login_ok(const char *login)
{
	return login && *login && strlen(login) <= 190;
}

/* POST /forgot: a code when the account exists and has a password; the
 * same page either way. */
void page_forgot_post(struct req *r)
{
	char phone[PHONE_MAX + 1];
	const char *login = phone_or_login(req_form(r, "login"), phone);
	struct account acct;
	struct keys k;
	char code[7];
	bool sent;
	enum db_err e;

	if (!login_ok(login)) {
		http_field_error(r, "login", "err_required");
		forgot_form(r, 400, "forgot.cs");
		return;
	}
	if (!may_try(r, "forgot", login, "login", "forgot.cs", &acct, &k))
		return;
	/* Every request counts against the address, known account or not:
	 * asking is not free, and the answer tells nothing. */
	if ((e = throttle_slow(r->db, r->a, k.addr, THROTTLE_ADDR_FREE, r->now)) != DB_OK) {
		http_db_error(r, e);
		return;
	}
	if (acct.id && acct.password_hash) {
		new_code(code);
		if ((e = reset_request(r->db, r->a, acct.id, code, code_mac(r, acct.id, code), r->now,
		                       &sent)) != DB_OK) {
			http_db_error(r, e);
			return;
		}
	}
	forgot_form(r, 200, "forgot_reset.cs");
}

/* POST /forgot/reset: the code and the new password. */
void page_forgot_reset(struct req *r)
{
	char phone[PHONE_MAX + 1];
	const char *login = phone_or_login(req_form(r, "login"), phone), *code = req_form(r, "code");
	const char *pw = params_get(&r->form, "password");
	const char *pw2 = params_get(&r->form, "password2");
	enum reset_result result = RESET_WRONG;
	char hash[PASSWORD_HASH_MAX];
	struct account acct;
	struct keys k;
	enum db_err e;

	if (!login_ok(login))
		http_field_error(r, "login", "err_required");
	if (!code || strlen(code) != 6 || strspn(code, "0123456789") != 6)
		http_field_error(r, "code", "err_reset_code");
	if (!pw || utf8_len(pw, strlen(pw)) < PASSWORD_MIN || strlen(pw) > PASSWORD_MAX)
		http_field_error(r, "password", "err_password_short");
	else if (!pw2 || strcmp(pw, pw2) != 0)
		http_field_error(r, "password2", "err_password_mismatch");
	if (r->field_errors) {
		forgot_form(r, 400, "forgot_reset.cs");
		return;
	}
	if (!may_try(r, "reset", login, "code", "forgot_reset.cs", &acct, &k))
		return;
	if (acct.id && acct.password_hash) {
		if (password_hash(pw, hash) != 0) {
			http_error(r, 500, NULL);
			return;
		}
		if ((e = reset_confirm(r->db, r->a, acct.id, code_mac(r, acct.id, code), hash, r->now,
		                       &result)) != DB_OK) {
			http_db_error(r, e);
			return;
		}
	}
	if (result == RESET_OK) {
		throttle_clear(r->db, k.login);
		throttle_clear(r->db, k.account);
		http_redirect(r, "/login?reset=1");
		return;
	}
	if ((e = throttle_fail(r->db, r->a, k.login, THROTTLE_LOGIN_MAX, r->now)) != DB_OK ||
	    (k.account && (e = throttle_fail(r->db, r->a, k.account, THROTTLE_LOGIN_MAX, r->now)) != DB_OK) ||
	    (e = throttle_slow(r->db, r->a, k.addr, THROTTLE_ADDR_FREE, r->now)) != DB_OK) {
		http_db_error(r, e);
		return;
	}
	http_field_error(r, "code", result == RESET_LOCKED ? "err_reset_locked" : "err_reset_code");
	forgot_form(r, 400, "forgot_reset.cs");
}

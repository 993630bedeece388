/*
 * page_account.c — the customer's own account (/my/account): the phone
 * the shop knows them by, the e-mail they can change, and whether they
 * want to hear from the shop by e-mail and by SMS (a channel the shop has
 * not configured is shown as unavailable); everything the shop holds
 * about them as a JSON download, and erasure of their personal data.
 */
#include <string.h>

#include "accounts.h"
#include "privacy.h"
#include "session.h"
#include "pages.h"
#include "view.h"

#define EMAIL_MAX 190

static void account_page(struct req *r, int status, const struct contact *c)
{
	view_set(r->v, "Page.title_key", "account_title");
	view_set(r->v, "Page.account.phone", c->phone);
	view_set(r->v, "Page.account.email", c->email);
	view_set(r->v, "Page.account.notify_email", c->notify_email ? "1" : "0");
	view_set(r->v, "Page.account.notify_sms", c->notify_sms ? "1" : "0");
	if (r->app->cfg.smtp_url && *r->app->cfg.smtp_url)
		view_set(r->v, "Page.channels.email", "1");
	if (r->app->cfg.sms_url && *r->app->cfg.sms_url)
		view_set(r->v, "Page.channels.sms", "1");
	view_set(r->v, "Page.erase_action", "/my/account/erase");
	if (status == 200 && req_query(r, "saved"))
		view_set(r->v, "Page.saved", "1");
	http_page(r, status, "account.cs");
}

void page_account(struct req *r)
{
	struct contact c;
	enum db_err e = contact_get(r->db, r->a, r->customer_id, &c);

	if (e != DB_OK) {
		http_db_error(r, e);
		return;
	}
	account_page(r, 200, &c);
}

/* POST /my/account: email (empty: none), notify_email, notify_sms. */
void page_account_post(struct req *r)
{
	const char *email = req_form(r, "email");
	const char *ne = params_get(&r->form, "notify_email"), *ns = params_get(&r->form, "notify_sms");
	struct contact c;
	enum db_err e;

	if ((e = contact_get(r->db, r->a, r->customer_id, &c)) != DB_OK) {
		http_db_error(r, e);
		return;
	}
	c.email = email && *email ? email : NULL;
	c.notify_email = ne && strcmp(ne, "1") == 0;
	c.notify_sms = ns && strcmp(ns, "1") == 0;
	if (c.email && !email_shape_ok(c.email, EMAIL_MAX))
		http_field_error(r, "email", "err_email");
	else if ((e = contact_set(r->db, r->customer_id, c.email, c.notify_email, c.notify_sms)) ==
	         DB_DUPLICATE)
		http_field_error(r, "email", "err_email_taken");
	else if (e != DB_OK) {
		http_db_error(r, e);
		return;
	}
	if (r->field_errors) {
		account_page(r, 400, &c);
		return;
	}
	http_redirect(r, "/my/account?saved=1");
}

/* GET /my/account/export: only ever the signed-in customer's (no id in
 * the path), as an attachment. */
void page_account_export(struct req *r)
{
	const char *json;
	enum db_err e = privacy_export(r->db, r->a, r->customer_id, r->now, &json);
	char day[20];

	if (e != DB_OK) {
		http_db_error(r, e);
		return;
	}
	format_db_datetime(r->now, day);
	day[10] = '\0';
	http_header(r, "Content-Disposition",
	            aprintf(r->a, "attachment; filename=\"my-data-%s.json\"", day));
	http_header(r, "Cache-Control", "no-store");
	http_send(r, 200, "application/json; charset=utf-8", json, strlen(json));
}

/* The page an erasure ends on: what happened, when, and when the refund
 * records the law keeps go too. */
static void erased_page(struct req *r, time_t at, int refund_days)
{
	view_set_time(r->v, "Page.erased.at", at);
	view_set_time(r->v, "Page.erased.refunds_until", at + (time_t)refund_days * 86400);
	view_set_int(r->v, "Page.erased.refund_days", refund_days);
	view_set(r->v, "Page.title_key", "erase_done_title");
	http_page(r, 200, "account_erased.cs");
}

/* POST /my/account/erase: password. A wrong or missing one changes
 * nothing (and counts against the account as at sign-in); afterwards the
 * account cannot sign in and every session of it has ended. */
void page_account_erase(struct req *r)
{
	const char *password = req_form(r, "password");
	const char *idkey = aprintf(r->a, "account:c:%lld", r->customer_id);
	struct account acct;
	struct contact c;
	struct retention rp;
	enum erase_result res;
	time_t at;
	long wait = 0;
	enum db_err e;

	if ((e = account_by_id(r->db, r->a, 'c', r->customer_id, &acct)) != DB_OK ||
	    (e = throttle_wait(r->db, r->a, idkey, r->now, &wait)) != DB_OK ||
	    (e = contact_get(r->db, r->a, r->customer_id, &c)) != DB_OK ||
	    (e = retention_load(r->db, r->a, &rp)) != DB_OK) {
		http_db_error(r, e);
		return;
	}
	if (wait) {
		http_header(r, "Retry-After", aprintf(r->a, "%ld", wait));
		http_field_error(r, "password", "err_login_locked");
		account_page(r, 429, &c);
		return;
	}
	if (!password || !*password || !acct.password_hash ||
	    !password_verify(password, acct.password_hash)) {
		if (password && *password &&
		    (e = throttle_fail(r->db, r->a, idkey, THROTTLE_LOGIN_MAX, r->now)) != DB_OK) {
			http_db_error(r, e);
			return;
		}
		http_field_error(r, "password", password && *password ? "err_erase_password"
		                                                       : "err_erase_no_password");
		account_page(r, 400, &c);
		return;
	}
	if ((e = privacy_erase(r->db, r->a, r->customer_id, 0, NULL, r->now, &res, &at)) != DB_OK) {
		http_db_error(r, e);
		return;
	}
	throttle_clear(r->db, idkey);
	if (res == ERASE_NO_CUSTOMER) {
		http_error(r, 404, NULL);
		return;
	}
	http_cookie(r, "sid", "", 0);
	r->customer_id = 0; /* the page that follows is a signed-out one */
	erased_page(r, at, rp.refund_days);
}

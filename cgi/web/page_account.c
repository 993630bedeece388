/*
 * page_account.c — the customer's own account (/my/account): the phone
 * the shop knows them by, the e-mail they can change, and whether they
 * want to hear from the shop by e-mail and by SMS (a channel the shop has
 * not configured is shown as unavailable).
 */
#include <string.h>

#include "accounts.h"
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

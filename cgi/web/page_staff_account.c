/*
 * page_staff_account.c — a staff member's own account (/staff/account):
 * the second factor (enrolment with the secret as text beside its QR code,
 * confirmed with a code; the recovery codes, shown once), the account's
 * recent sign-ins and security events, and ending every other session.
 */
#include <stdio.h>
#include <string.h>

#include "accounts.h"
#include "caller.h"
#include "pages.h"
#include "qr.h"
#include "twofactor.h"
#include "view.h"

#define TOTP_ISSUER "Aftercare"

/* The page; codes (RECOVERY_CODES of them) when an enrolment was just
 * confirmed: the only time they are ever shown. */
static void account_page(struct req *r, int status, char codes[][RECOVERY_LEN + 1])
{
	struct twofactor tf;
	struct staff_log_entry *log;
	struct account acct;
	size_t n;
	enum db_err e;

	if ((e = twofactor_get(r->db, r->a, r->staff_id, &tf)) != DB_OK ||
	    (e = staff_log_recent(r->db, r->a, r->staff_id, &log, &n)) != DB_OK ||
	    (e = account_by_id(r->db, r->a, 's', r->staff_id, &acct)) != DB_OK) {
		http_db_error(r, e);
		return;
	}
	view_set(r->v, "Page.title_key", "staff_account_title");
	view_set(r->v, "Page.otp.enabled", tf.enabled ? "1" : "0");
	view_set_int(r->v, "Page.otp.recovery_left", tf.recovery_left);
	if ((acct.roles & caller_totp_roles(r, &acct)) != 0)
		view_set(r->v, "Page.otp.required", "1");
	if (tf.pending) {
		const char *uri = totp_uri(r->a, TOTP_ISSUER, tf.email ? tf.email : "staff", tf.pending);
		const char *svg = qr_svg(r->a, uri, view_lang(r->v, "otp_qr_label"));

		view_set(r->v, "Page.otp.pending", "1");
		view_set(r->v, "Page.otp.secret", totp_secret_grouped(r->a, tf.pending));
		view_set(r->v, "Page.otp.uri", uri);
		if (svg)
			view_set_markup(r->v, "Page.otp.qr", svg);
	}
	for (int i = 0; codes && i < RECOVERY_CODES; i++)
		view_setf(r->v, codes[i], "Page.otp.codes.%d", i);
	for (size_t i = 0; i < n; i++) {
		view_set_time(r->v, aprintf(r->a, "Page.log.%zu.at", i), log[i].at);
		view_setf(r->v, view_lang(r->v, aprintf(r->a, "staff_ev_%s", log[i].event)),
		          "Page.log.%zu.event", i);
		view_setf(r->v, log[i].event, "Page.log.%zu.kind", i);
		view_setf(r->v, log[i].addr, "Page.log.%zu.addr", i);
		view_setf(r->v, log[i].agent, "Page.log.%zu.agent", i);
		view_setf(r->v, log[i].actor_name, "Page.log.%zu.by", i);
	}
	if (req_query(r, "ended"))
		view_set(r->v, "Page.ended", "1");
	http_page(r, status, "staff_account.cs");
}

void page_staff_account(struct req *r)
{
	account_page(r, 200, NULL);
}

/* The `otp` of the form is a code of the enrolled secret (or a recovery
 * code), under the account's sign-in throttle. false: answered (400 with
 * the field's error, 429, or the database's error). */
static bool current_code_ok(struct req *r)
{
	char *key = aprintf(r->a, "account:s:%lld", r->staff_id);
	const char *otp = req_form(r, "otp");
	enum twofactor_result res = TF_WRONG;
	bool recovery;
	long wait;
	enum db_err e;

	if ((e = throttle_wait(r->db, r->a, key, r->now, &wait)) != DB_OK ||
	    (!wait && otp && *otp && strlen(otp) <= 32 &&
	     (e = twofactor_verify(r->db, r->a, r->staff_id, otp, r->now, &res, &recovery)) != DB_OK)) {
		http_db_error(r, e);
		return false;
	}
	if (wait) {
		http_header(r, "Retry-After", aprintf(r->a, "%ld", wait));
		http_field_error(r, "otp_current", "err_login_locked");
		account_page(r, 429, NULL);
		return false;
	}
	if (res == TF_OK)
		return true;
	if ((e = throttle_fail(r->db, r->a, key, THROTTLE_LOGIN_MAX, r->now)) != DB_OK) {
		http_db_error(r, e);
		return false;
	}
	http_field_error(r, "otp_current", "err_otp_failed");
	account_page(r, 400, NULL);
	return false;
}

/* POST /staff/account/otp: a new secret waits for its first code. An
 * enrolled second factor stays until the new one is confirmed. */
void page_staff_otp_start(struct req *r)
{
	char secret[TOTP_SECRET_B32 + 1];
	struct twofactor tf;
	enum db_err e;

	if ((e = twofactor_get(r->db, r->a, r->staff_id, &tf)) != DB_OK) {
		http_db_error(r, e);
		return;
	}
	/* Enrolled: moving to a new key takes a code of the current one (or a
	 * recovery code), counted against the account as at sign-in, so that
	 * a stolen session cannot quietly move the second factor elsewhere. */
	if (tf.enabled && !current_code_ok(r))
		return;
	totp_secret_new(secret);
	if ((e = twofactor_start(r->db, r->staff_id, secret)) != DB_OK) {
		http_db_error(r, e);
		return;
	}
	http_redirect(r, "/staff/account#otp");
}

/* POST /staff/account/otp/confirm (otp): the pending secret becomes the
 * account's; the recovery codes are on this answer and nowhere else. */
void page_staff_otp_confirm(struct req *r)
{
	char codes[RECOVERY_CODES][RECOVERY_LEN + 1];
	enum twofactor_result res;
	enum db_err e;

	e = twofactor_confirm(r->db, r->a, r->staff_id, req_form(r, "otp"), r->remote_addr,
	                      r->user_agent, r->now, codes, &res);
	if (e != DB_OK) {
		http_db_error(r, e);
		return;
	}
	switch (res) {
	case TF_OK:
		r->must_enrol = false;
		account_page(r, 200, codes);
		return;
	case TF_NONE: /* confirmed already, or never started: nothing to confirm */
		http_error(r, 409, "err_otp_no_enrolment");
		return;
	default:
		http_field_error(r, "otp", "err_otp_wrong");
		account_page(r, 400, NULL);
		return;
	}
}

/* POST /staff/account/sessions/end: every other session of the member
 * ends (the account's epoch moves on); this one goes on with a cookie of
 * the new epoch. Only one's own: a staff_id naming someone else is refused
 * (a manager ends another member's from /staff/admin/users). */
void page_staff_sessions_end(struct req *r)
{
	const char *who = req_form(r, "staff_id");
	long long id, epoch;
	enum db_err e;

	if (who && (parse_int(who, 1, (long long)1 << 53, &id) != 0 || id != r->staff_id)) {
		http_error(r, 403, "err_not_your_sessions");
		return;
	}
	if ((e = staff_end_sessions(r->db, r->a, r->staff_id, 0, r->remote_addr, r->user_agent,
	                            r->now, &epoch)) != DB_OK) {
		http_db_error(r, e);
		return;
	}
	r->sess.epoch = epoch;
	session_touch(&r->sess, r->now);
	http_cookie(r, "sid", token_sign(r->a, &r->app->keys, &r->sess), -1);
	http_redirect(r, "/staff/account?ended=1#sessions");
}

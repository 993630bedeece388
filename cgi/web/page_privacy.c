/*
 * page_privacy.c — the manager's side of personal data
 * (/staff/admin/privacy): erasing a customer's personal data on their
 * written request (audited with the request's reference), and the
 * retention policy the worker's daily job applies.
 */
#include <stddef.h>
#include <string.h>

#include "pages.h"
#include "phone.h"
#include "privacy.h"
#include "view.h"

#define REF_MAX 200 /* bytes of the written request's reference */

static const struct {
	const char *field;
	size_t off;
} retention_fields[] = {
	{"photo_days", offsetof(struct retention, photo_days)},
	{"message_days", offsetof(struct retention, message_days)},
	{"personal_days", offsetof(struct retention, personal_days)},
	{"refund_days", offsetof(struct retention, refund_days)},
};
#define NFIELDS (sizeof retention_fields / sizeof retention_fields[0])

static int *field_of(struct retention *rp, size_t i)
{
	return (int *)((char *)rp + retention_fields[i].off);
}

/* The page; the retention fields from rp unless a posted form set them. */
static void privacy_page(struct req *r, int status, struct retention *rp)
{
	for (size_t i = 0; i < NFIELDS; i++)
		if (!view_get(r->v, aprintf(r->a, "Page.form.%s", retention_fields[i].field), NULL))
			view_setf(r->v, aprintf(r->a, "%d", *field_of(rp, i)), "Page.form.%s",
			          retention_fields[i].field);
	if (req_query(r, "saved"))
		view_set(r->v, "Page.saved", "1");
	view_set(r->v, "Page.title_key", "privacy_title");
	http_page(r, status, "admin_privacy.cs");
}

void page_admin_privacy(struct req *r)
{
	struct retention rp;
	enum db_err e = retention_load(r->db, r->a, &rp);

	if (e != DB_OK) {
		http_db_error(r, e);
		return;
	}
	privacy_page(r, 200, &rp);
}

/* POST /staff/admin/privacy/erase: customer (phone or e-mail), reference
 * (of the written request), confirm = "1". */
void page_admin_privacy_erase(struct req *r)
{
	const char *login = req_form(r, "customer"), *ref = req_form(r, "reference");
	const char *confirm = req_form(r, "confirm");
	char phone[PHONE_MAX + 1];
	struct retention rp;
	long long id = 0;
	enum erase_result res = ERASE_NO_CUSTOMER;
	time_t at = 0;
	enum db_err e;

	if ((e = retention_load(r->db, r->a, &rp)) != DB_OK) {
		http_db_error(r, e);
		return;
	}
	view_set(r->v, "Page.form.customer", login);
	view_set(r->v, "Page.form.reference", ref);
	if (!login || !*login || strlen(login) > 190)
		http_field_error(r, "customer", "err_no_customer");
	if (!ref || !*ref || strlen(ref) > REF_MAX || !utf8_valid(ref, strlen(ref)))
		http_field_error(r, "reference", "err_erase_reference");
	if (!confirm || strcmp(confirm, "1") != 0)
		http_field_error(r, "confirm", "err_erase_confirm");
	if (!r->field_errors &&
	    (e = privacy_customer(r->db, r->a, phone_or_login(login, phone), &id)) != DB_OK) {
		http_db_error(r, e);
		return;
	}
	if (!r->field_errors && !id)
		http_field_error(r, "customer", "err_no_customer");
	if (r->field_errors) {
		privacy_page(r, 400, &rp);
		return;
	}
	if ((e = privacy_erase(r->db, r->a, id, r->staff_id, ref, r->now, &res, &at)) != DB_OK) {
		http_db_error(r, e);
		return;
	}
	view_set(r->v, "Page.erased.state", res == ERASE_DONE ? "done" : "already");
	view_set_time(r->v, "Page.erased.at", at);
	view_set_time(r->v, "Page.erased.refunds_until", at + (time_t)rp.refund_days * 86400);
	view_set(r->v, "Page.form.customer", "");
	view_set(r->v, "Page.form.reference", "");
	privacy_page(r, res == ERASE_DONE ? 200 : 409, &rp);
}

/* POST /staff/admin/privacy/retention: the four day counts (0: off). */
void page_admin_privacy_retention(struct req *r)
{
	struct retention rp = {0};
	enum db_err e;

	for (size_t i = 0; i < NFIELDS; i++) {
		const char *v = req_form(r, retention_fields[i].field);
		long long n;

		view_setf(r->v, v, "Page.form.%s", retention_fields[i].field);
		if (!v || parse_int(v, 0, RETENTION_DAYS_MAX, &n) != 0)
			http_field_error(r, retention_fields[i].field, "err_retention_days");
		else
			*field_of(&rp, i) = (int)n;
	}
	if (r->field_errors) {
		privacy_page(r, 400, &rp);
		return;
	}
	if ((e = retention_save(r->db, &rp)) != DB_OK) {
		http_db_error(r, e);
		return;
	}
	http_redirect(r, "/staff/admin/privacy?saved=1");
}

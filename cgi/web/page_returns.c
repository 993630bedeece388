/*
 * page_returns.c — sending the goods back, the customer's side: the
 * cancel confirmation page, the printable return slip with its QR code,
 * and booking a pick-up instead of shipping (domain/sendback.c).
 */
#include <string.h>

#include "cases.h"
#include "pages.h"
#include "qr.h"
#include "returns.h"
#include "sendback.h"
#include "sla.h"
#include "view.h"

/* GET /my/requests/{no}/cancel: are you sure? (a page, no script). Once
 * the goods are on their way it says so instead, with 409. */
void page_request_cancel_form(struct req *r)
{
	struct case_view cv;
	struct actor me = {'c', r->customer_id, 0};

	if (!case_page(r, r->customer_id, &cv))
		return;
	view_set(r->v, "Page.title_key", "cancel_title");
	if (!case_action_allowed(cv.state, cv.type, case_flags(&cv), &me, ACT_CANCEL)) {
		view_set(r->v, "Page.refused", "1");
		http_page(r, 409, "cancel.cs");
		return;
	}
	http_page(r, 200, "cancel.cs");
}

/* GET /my/requests/{no}/slip: the printable return slip, while the goods
 * are to come back (or on their way). */
void page_request_slip(struct req *r)
{
	struct case_view cv;
	const char *svg;

	if (!case_page(r, r->customer_id, &cv))
		return;
	if (strcmp(cv.state, "awaiting_return") != 0 && strcmp(cv.state, "return_in_transit") != 0) {
		http_error(r, 404, "err_no_slip");
		return;
	}
	if (!fill_return(r, &cv))
		return;
	if ((svg = qr_svg(r->a, cv.case_no, aprintf(r->a, "%s %s", view_lang(r->v, "slip_qr"),
	                                           cv.case_no))))
		view_set_markup(r->v, "Page.qr", svg);
	view_set(r->v, "Page.title_key", "slip_title");
	http_page(r, 200, "slip.cs");
}

#define PICKUP_DAYS_AHEAD 14 /* how far ahead a pick-up may be booked */
#define ADDRESS_MAX 255      /* bytes, as pickups.address */

/* A pick-up day and window: a working day of the business calendar, the
 * window not begun yet, within PICKUP_DAYS_AHEAD days. Field errors. */
static void check_pickup_time(struct req *r, const char *day, const char *window)
{
	const struct calendar *cal;
	int start = pickup_window_start(window);
	time_t midnight;
	enum db_err e;

	if (start < 0)
		field_wrong(r, "window", "err_pickup_window");
	if (!day || parse_date(day, &midnight) != 0) {
		field_wrong(r, "day", "err_pickup_day");
		return;
	}
	if (start >= 0 && midnight + start * 3600 <= r->now) {
		field_wrong(r, "day", "err_pickup_past");
		return;
	}
	if (midnight > r->now + PICKUP_DAYS_AHEAD * 86400) {
		field_wrong(r, "day", "err_pickup_far");
		return;
	}
	if ((e = calendar_current(r->db, 0, &cal)) != DB_OK) {
		field_wrong(r, "day", "err_pickup_day");
		return;
	}
	if (!cal_is_working_day(cal, midnight + 12 * 3600))
		field_wrong(r, "day", "err_pickup_holiday");
}

/* POST /my/requests/{no}/pickup: a courier comes for the goods instead
 * of the customer shipping them. */
void page_request_pickup(struct req *r)
{
	const char *day = req_form(r, "day"), *window = req_form(r, "window");
	const char *address = req_form(r, "address"), *v = req_form(r, "version");
	long long version = -1;
	struct case_result res;
	int rc;

	if (!own_case(r))
		return;
	if (v && parse_int(v, 1, 1000000000, &version) != 0)
		field_wrong(r, "version", "err_bad_input");
	if (!address || !*address || strlen(address) > ADDRESS_MAX || !text_printable(address))
		field_wrong(r, "address", "err_pickup_address");
	check_pickup_time(r, day, window);
	if (r->field_errors) {
		http_error(r, 400, first_error(r));
		return;
	}
	rc = pickup_book(r->db, r->a, r->arg[0], r->customer_id, (int)version, day, window, address,
	                 r->now, &res);
	step_answer(r, rc, &res, aprintf(r->a, "/my/requests/%s#return", r->arg[0]));
}

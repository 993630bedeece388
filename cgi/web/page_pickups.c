/*
 * page_pickups.c — the logistics role's pick-ups (上门取件) of a day:
 * each booking with its window and address, confirmed when the courier
 * has the parcel (the case's pickup step, POST /staff/cases/{no}/pickup)
 * or moved to another day or window.
 */
#include <string.h>

#include "cases.h"
#include "mask.h"
#include "pages.h"
#include "returns.h"
#include "sendback.h"
#include "view.h"

/* GET /staff/pickups?day=YYYY-MM-DD (today by default). */
void page_staff_pickups(struct req *r)
{
	const char *day = req_query(r, "day");
	struct pickup_row *rows;
	time_t at;
	size_t n;
	enum db_err e;

	if (!day || !*day)
		day = shop_day(r, r->now);
	if (parse_date(day, &at) != 0) {
		http_error(r, 400, "err_pickup_day");
		return;
	}
	if ((e = pickups_of_day(r->db, r->a, day, &rows, &n)) != DB_OK) {
		http_db_error(r, e);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		const char *p = aprintf(r->a, "Page.pickups.%zu", i);

		view_setf(r->v, rows[i].case_no, "%s.case_no", p);
		view_setf(r->v, aprintf(r->a, "%d", rows[i].version), "%s.version", p);
		view_setf(r->v, rows[i].window, "%s.window", p);
		view_setf(r->v, rows[i].address, "%s.address", p);
		view_setf(r->v, rows[i].state, "%s.state", p);
		view_setf(r->v, label(r, "pickup", rows[i].state), "%s.state_label", p);
		view_setf(r->v, rows[i].customer_name, "%s.customer", p);
		view_setf(r->v, mask_phone(r->a, rows[i].phone), "%s.phone", p);
		if (strcmp(rows[i].state, "booked") == 0 &&
		    strcmp(rows[i].case_state, "awaiting_return") == 0)
			view_setf(r->v, "1", "%s.open", p);
	}
	view_set(r->v, "Page.day", day);
	view_set(r->v, "Page.prev", shop_day(r, at - 12 * 3600));
	view_set(r->v, "Page.next", shop_day(r, at + 36 * 3600));
	fill_choices(r);
	view_set(r->v, "Page.title_key", "pickups_title");
	http_page(r, 200, "staff_pickups.cs");
}

/* POST /staff/pickups/{no}/move: day, window. */
void page_staff_pickup_move(struct req *r)
{
	struct actor me = {'s', r->staff_id, r->roles};
	const char *day = req_form(r, "day"), *window = req_form(r, "window");
	struct case_result res;
	time_t at;

	if (!day || parse_date(day, &at) != 0 || at + 86400 <= r->now ||
	    pickup_window_start(window) < 0) {
		http_error(r, 400, "err_pickup_day");
		return;
	}
	step_answer(r, pickup_move(r->db, r->a, r->arg[0], &me, day, window, r->now, &res), &res,
	            aprintf(r->a, "/staff/pickups?day=%s", day));
}

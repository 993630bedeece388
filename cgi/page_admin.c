/*
 * page_admin.c — the manager's settings pages. The business calendar: the
 * days that differ from the Monday–Friday week (public holidays off,
 * make-up working weekends 调休 on), one year at a time.
 */
#include <stdio.h>
#include <string.h>

#include "pages.h"
#include "sla.h"
#include "view.h"

#define NOTE_MAX 100 /* characters, as the column */

/* ?year=, or the year of now; 0 when the value is not a year we keep. */
static int chosen_year(struct req *r, const char *v)
{
	char today[11];
	long long y;

	if (!v || !*v) {
		format_local_date(r->now, today);
		return (today[0] - '0') * 1000 + (today[1] - '0') * 100 + (today[2] - '0') * 10 +
		       (today[3] - '0');
	}
	return parse_int(v, 2000, 2100, &y) == 0 ? (int)y : 0;
}

static void calendar_page(struct req *r, int status, int year)
{
	struct cal_day *days;
	size_t n;
	enum db_err e;

	if ((e = calendar_year(r->db, r->a, year, &days, &n)) != DB_OK) {
		http_db_error(r, e);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		view_setf(r->v, days[i].day, "Page.days.%zu.day", i);
		view_setf(r->v, days[i].working ? "1" : "0", "Page.days.%zu.working", i);
		view_setf(r->v, days[i].note, "Page.days.%zu.note", i);
	}
	view_set_int(r->v, "Page.year", year);
	view_set_int(r->v, "Page.prev_year", year - 1);
	view_set_int(r->v, "Page.next_year", year + 1);
	view_set(r->v, "Page.form.day", req_form(r, "day"));
	view_set(r->v, "Page.form.kind", req_form(r, "kind"));
	view_set(r->v, "Page.form.note", req_form(r, "note"));
	view_set(r->v, "Page.title_key", "calendar_title");
	http_page(r, status, "admin_calendar.cs");
}

void page_admin_calendar(struct req *r)
{
	int year = chosen_year(r, req_query(r, "year"));

	if (!year) {
		http_error(r, 400, "err_bad_filter");
		return;
	}
	calendar_page(r, 200, year);
}

/* POST: `day` and `kind` (off, work) and `note` set a day; `day` and
 * `remove` take its override away. Back to that day's year. */
void page_admin_calendar_post(struct req *r)
{
	const char *day = req_form(r, "day"), *kind = req_form(r, "kind");
	const char *note = req_form(r, "note");
	bool removing = req_form(r, "remove") != NULL, removed;
	int year = 0;
	time_t t;
	enum db_err e;

	if (parse_date(day, &t) != 0)
		http_field_error(r, "day", "err_date");
	else
		year = chosen_year(r, aprintf(r->a, "%.4s", day));
	if (!removing) {
		if (!kind || (strcmp(kind, "off") != 0 && strcmp(kind, "work") != 0))
			http_field_error(r, "kind", "err_bad_input");
		if (!note)
			note = "";
		if (utf8_len(note, strlen(note)) > NOTE_MAX)
			http_field_error(r, "note", "err_too_long");
	}
	if (r->field_errors) {
		calendar_page(r, 400, year ? year : chosen_year(r, NULL));
		return;
	}
	if (removing)
		e = calendar_remove(r->db, day, &removed);
	else
		e = calendar_set(r->db, day, strcmp(kind, "work") == 0, note);
	if (e != DB_OK) {
		http_db_error(r, e);
		return;
	}
	if (removing && !removed) {
		http_error(r, 404, "err_no_override");
		return;
	}
	http_redirect(r, aprintf(r->a, "/staff/admin/calendar?year=%d", year));
}

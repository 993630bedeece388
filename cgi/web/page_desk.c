/*
 * page_desk.c — the staff desk's additions to the case page and the queue
 * (issue 14): internal notes.
 */
#include <string.h>

#include "cases.h"
#include "desk.h"
#include "pages.h"
#include "view.h"

/* POST /staff/cases/{no}/note: `body`; no version (notes never conflict). */
void page_staff_note(struct req *r)
{
	const char *body = req_form(r, "body");
	bool found;
	enum db_err e;

	if (!body || !*body || utf8_len(body, strlen(body)) > NOTE_BODY_MAX) {
		http_error(r, 400, "err_note");
		return;
	}
	if ((e = note_add(r->db, r->a, r->arg[0], r->staff_id, body, r->now, &found)) != DB_OK) {
		http_db_error(r, e);
		return;
	}
	if (!found) {
		http_error(r, 404, "err_no_case");
		return;
	}
	http_redirect(r, aprintf(r->a, "/staff/cases/%s?done=note#notes", r->arg[0]));
}

enum db_err fill_notes(struct req *r, const struct case_view *cv)
{
	struct case_note *list;
	size_t n;
	enum db_err e;

	if ((e = notes_of_case(r->db, r->a, cv->id, &list, &n)) != DB_OK)
		return e;
	for (size_t i = 0; i < n; i++) {
		view_setf(r->v, list[i].author, "Page.notes.%zu.author", i);
		view_setf(r->v, list[i].body, "Page.notes.%zu.body", i);
		view_set_time(r->v, aprintf(r->a, "Page.notes.%zu.at", i), list[i].at);
	}
	view_set(r->v, "Page.note_action", aprintf(r->a, "/staff/cases/%s/note", cv->case_no));
	return DB_OK;
}

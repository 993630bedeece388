/*
 * page_notifications.c — the manager's view of everything the shop sent
 * or is sending: each message and webhook delivery with its event,
 * channel, recipient (masked), attempts, last error and times, newest
 * first, paged; a resend of one.
 */
#include <stdio.h>

#include "mask.h"
#include "notifications.h"
#include "pages.h"
#include "view.h"

void page_admin_notifications(struct req *r)
{
	int page = req_page(r);
	struct notification *list;
	size_t n;
	bool more;
	enum db_err e;

	if ((e = notifications_list(r->db, r->a, page, &list, &n, &more)) != DB_OK) {
		http_db_error(r, e);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		const struct notification *m = &list[i];
		const char *p = aprintf(r->a, "Page.messages.%zu", i);

		view_setf(r->v, aprintf(r->a, "%lld", m->id), "%s.id", p);
		view_setf(r->v, m->event_type, "%s.event", p);
		view_setf(r->v, m->channel, "%s.channel", p);
		view_setf(r->v, mask_recipient(r->a, m->recipient), "%s.to", p);
		/* What it was, never what it said: a reset code stays unseen. */
		view_setf(r->v, m->tmpl, "%s.template", p);
		view_setf(r->v, m->status, "%s.status", p);
		view_setf(r->v, m->last_error, "%s.error", p);
		view_setf(r->v, m->case_no, "%s.case_no", p);
		view_setf(r->v, aprintf(r->a, "%d", m->attempts), "%s.attempts", p);
		view_set_time(r->v, aprintf(r->a, "%s.created_at", p), m->created_at);
		view_set_time(r->v, aprintf(r->a, "%s.sent_at", p), m->sent_at);
		if (m->status[0] == 'q')
			view_set_time(r->v, aprintf(r->a, "%s.next_at", p), m->next_at);
	}
	if (req_query(r, "resent"))
		view_set(r->v, "Page.resent", "1");
	view_set(r->v, "Page.title_key", "notifications_title");
	http_paging(r, page, more);
	http_page(r, 200, "admin_notifications.cs");
}

/* POST /staff/admin/notifications/{id}/resend */
void page_admin_notification_resend(struct req *r)
{
	enum resend_result result;
	long long id;
	enum db_err e;

	if (!req_arg_id(r, 0, &id))
		return;
	if ((e = notification_resend(r->db, id, r->now, &result)) != DB_OK) {
		http_db_error(r, e);
		return;
	}
	switch (result) {
	case RESEND_OK:
	case RESEND_QUEUED:
		http_redirect(r, "/staff/admin/notifications?resent=1");
		return;
	case RESEND_NEVER:
		http_error(r, 409, "err_resend_code");
		return;
	default:
		http_error(r, 404, NULL);
		return;
	}
}

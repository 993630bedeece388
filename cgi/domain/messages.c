/*
 * messages.c — writes and reads a case's message thread. A photo is stored
 * as an attachment of the case owned by its customer, so both sides may
 * open it and nobody else.
 */
#include <string.h>

#include "attachments.h"
#include "messages.h"
#include "outbox.h"
#include "sla.h"

struct message_tx {
	struct arena *a;
	const char *case_no;
	long long customer_id, staff_id;
	const char *body;
	const struct photo *photo;
	time_t now;
};

static int message_body(struct db *db, void *ctx)
{
	struct message_tx *t = ctx;
	struct dbrow *row;
	long long case_id, owner;
	struct dbv attachment = DB_NULLV;
	char now[20];
	enum db_err e;

	format_db_datetime(t->now, now);
	if ((e = db_row(db, t->a,
	                "SELECT id, customer_id, type, assignee_id, state FROM cases WHERE case_no = ? "
	                "FOR UPDATE",
	                DB_ARGS(DB_STR(t->case_no)), &row)) != DB_OK)
		return db_fail(e);
	if (!row || (t->customer_id && db_int(row, 1) != t->customer_id))
		return CASE_NOT_FOUND;
	case_id = db_int(row, 0);
	owner = db_int(row, 1);
	if (t->photo) {
		long long id;

		if ((e = attachment_add(db, case_id, owner, t->photo, now, &id)) != DB_OK)
			return db_fail(e);
		attachment = DB_INT(id);
	}
	if ((e = db_run(db, NULL,
	                "INSERT INTO messages (case_id, author_kind, author_id, body, "
	                "attachment_id, created_at) VALUES (?, ?, ?, ?, ?, ?)",
	                DB_ARGS(DB_INT(case_id), DB_STR(t->customer_id ? "c" : "s"),
	                        DB_INT(t->customer_id ? t->customer_id : t->staff_id),
	                        DB_STR(t->body), attachment, DB_STR(now)),
	                NULL)) != DB_OK)
		return db_fail(e);
	/* "Waiting for our reply" (schema/023): set by the customer's message,
	 * cleared by the team's; the reply limit runs in between (an open case's
	 * only). The team's message is also a first response. */
	if (t->customer_id)
		e = db_run(db, NULL, "UPDATE cases SET awaiting_reply = 1, replies_seen = staff_replies WHERE id = ?",
		           DB_ARGS(DB_INT(case_id)), NULL);
	else
		e = db_run(db, NULL, "UPDATE cases SET awaiting_reply = 0, staff_replied_at = ?, "
		           "staff_replies = staff_replies + 1 WHERE id = ?",
		           DB_ARGS(DB_STR(now), DB_INT(case_id)), NULL);
	if (e != DB_OK)
		return db_fail(e);
	if (!t->customer_id || !case_state_final(row->col[4])) {
		struct sla_step s = {row->col[2], t->customer_id ? "customer_message" : "message", NULL,
		                     !t->customer_id, false, 0};

		if ((e = sla_event(db, t->a, case_id, &s, t->now)) != DB_OK)
			return db_fail(e);
	}
	/* The customer's message is the shop's event; the team's goes to the
	 * customer. */
	{
		struct notice n = NOTICE_INIT;

		n.case_id = case_id;
		n.case_no = t->case_no;
		n.customer_id = owner;
		if (t->customer_id) {
			n.type = "message.created";
		} else {
			n.tmpl = "message_staff";
			n.text = t->body;
		}
		if ((e = outbox_notice(db, t->a, &n, t->now)) != DB_OK)
			return db_fail(e);
		/* … and the member the case is assigned to hears of it. */
		if (t->customer_id && !db_null(row, 3)) {
			int queued;

			n.text = t->body;
			if ((e = outbox_staff(db, t->a, db_int(row, 3), 0, 0, "staff_reply", &n, NULL,
			                      t->now, &queued)) != DB_OK)
				return db_fail(e);
		}
	}
	return CASE_OK;
}

int message_add(struct db *db, struct arena *a, const char *case_no,
                long long customer_id, long long staff_id, const char *body,
                const struct photo *photo, time_t now, struct case_result *res)
{
	struct message_tx t = {a, case_no, customer_id, staff_id, body, photo, now};
	return case_tx(db, message_body, &t, res);
}

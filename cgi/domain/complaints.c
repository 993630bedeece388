/*
 * complaints.c — complaints and replies (complaints table, schema/007).
 */
#include <string.h>

#include "complaints.h"
#include "outbox.h"
#include "sla.h"

struct complaint_tx {
	struct arena *a;
	long long id, customer_id, staff_id;
	const char *case_no, *subject, *body;
	time_t now;
};

/* The complaint row, due in one working day, and the shop's event. */
static int create_body(struct db *db, void *ctx)
{
	struct complaint_tx *t = ctx;
	struct notice n = NOTICE_INIT;
	struct calendar cal;
	struct dbrow *row;
	struct dbres res;
	struct dbv case_id = DB_NULLV;
	char at[20], due[20];
	enum db_err e;

	if (t->case_no && *t->case_no) {
		if ((e = db_row(db, t->a, "SELECT id FROM cases WHERE case_no = ? AND customer_id = ?",
		                DB_ARGS(DB_STR(t->case_no), DB_INT(t->customer_id)), &row)) != DB_OK)
			return db_fail(e);
		if (!row)
			return COMPLAINT_NO_CASE;
		case_id = DB_INT(db_int(row, 0));
		n.case_id = case_id.i;
		n.case_no = t->case_no;
	}
	if ((e = calendar_load(db, t->a, &cal)) != DB_OK)
		return db_fail(e);
	format_db_datetime(t->now, at);
	format_db_datetime(cal_add_working_days(&cal, t->now, COMPLAINT_RESPONSE_DAYS), due);
	if ((e = db_run(db, t->a,
	                "INSERT INTO complaints (customer_id, case_id, subject, body, created_at, "
	                "due_at) VALUES (?, ?, ?, ?, ?, ?)",
	                DB_ARGS(DB_INT(t->customer_id), case_id, DB_STR(t->subject), DB_STR(t->body),
	                        DB_STR(at), DB_STR(due)),
	                &res)) != DB_OK)
		return db_fail(e);
	t->id = (long long)res.insert_id;
	n.type = "complaint.created";
	n.customer_id = t->customer_id;
	n.reason = t->subject;
	return (e = outbox_notice(db, t->a, &n, t->now)) != DB_OK ? db_fail(e) : COMPLAINT_OK;
}

/* A complaint's result from a transaction's: DB errors into *err. */
static enum complaint_result tx_result(int rc, enum db_err *err)
{
	*err = rc < 0 ? (enum db_err)-rc : DB_OK;
	return rc < 0 ? COMPLAINT_DB : (enum complaint_result)rc;
}

enum complaint_result complaint_create(struct db *db, struct arena *a, long long customer_id,
                                       const char *case_no, const char *subject,
                                       const char *body, time_t now, long long *id,
                                       enum db_err *err)
{
	struct complaint_tx t = {a, 0, customer_id, 0, case_no, subject, body, now};
	enum complaint_result r = tx_result(db_tx(db, create_body, &t), err);

	*id = t.id;
	return r;
}

/* The first reply answers it; the customer is told. */
static int reply_body(struct db *db, void *ctx)
{
	struct complaint_tx *t = ctx;
	struct notice n = NOTICE_INIT;
	struct dbrow *row;
	char at[20];
	enum db_err e;

	format_db_datetime(t->now, at);
	if ((e = db_row(db, t->a,
	                "SELECT p.customer_id, p.subject, p.replied_at, c.id, c.case_no "
	                "FROM complaints p LEFT JOIN cases c ON c.id = p.case_id "
	                "WHERE p.id = ? FOR UPDATE",
	                DB_ARGS(DB_INT(t->id)), &row)) != DB_OK)
		return db_fail(e);
	if (!row)
		return COMPLAINT_NOT_FOUND;
	if (row->col[2])
		return COMPLAINT_ANSWERED;
	if ((e = db_run(db, NULL,
	                "UPDATE complaints SET reply = ?, replied_by = ?, replied_at = ? WHERE id = ?",
	                DB_ARGS(DB_STR(t->body), DB_INT(t->staff_id), DB_STR(at), DB_INT(t->id)),
	                NULL)) != DB_OK)
		return db_fail(e);
	n.tmpl = "complaint_answered";
	n.customer_id = db_int(row, 0);
	n.reason = row->col[1];
	n.text = t->body;
	n.case_id = db_int(row, 3);
	n.case_no = row->col[4];
	return (e = outbox_notice(db, t->a, &n, t->now)) != DB_OK ? db_fail(e) : COMPLAINT_OK;
}

enum complaint_result complaint_reply(struct db *db, struct arena *a, long long id,
                                      long long staff_id, const char *body, time_t now,
                                      enum db_err *err)
{
	struct complaint_tx t = {a, id, 0, staff_id, NULL, NULL, body, now};

	return tx_result(db_tx(db, reply_body, &t), err);
}

static void read_list(struct arena *a, const struct dbres *res, struct complaint **list,
                      size_t *n, bool *more)
{
	*more = res->nrows > COMPLAINTS_PAGE;
	*n = *more ? COMPLAINTS_PAGE : res->nrows;
	*list = amalloc(a, (*n + 1) * sizeof **list);
	for (size_t i = 0; i < *n; i++) {
		const struct dbrow *row = &res->rows[i];
		struct complaint *c = &(*list)[i];

		c->id = db_int(row, 0);
		c->customer_name = row->col[1];
		c->phone = row->col[2];
		c->case_no = row->col[3];
		c->subject = row->col[4];
		c->body = row->col[5];
		c->created_at = db_time(row, 6);
		c->due_at = db_time(row, 7);
		c->replied_at = db_null(row, 8) ? 0 : db_time(row, 8);
		c->reply = row->col[9];
		c->replied_by = row->col[10];
	}
}

enum db_err complaints_list(struct db *db, struct arena *a, long long customer_id,
                            bool open_only, int page, struct complaint **list, size_t *n,
                            bool *more)
{
	struct dbres res;
	enum db_err e;

	if (page < 1)
		page = 1;
	/* A customer's newest first; the team's unanswered first, the one due
	 * soonest on top. */
	e = db_run(db, a,
	           "SELECT k.id, u.name, u.phone, c.case_no, k.subject, k.body, k.created_at, "
	           "k.due_at, k.replied_at, k.reply, s.name FROM complaints k "
	           "JOIN customers u ON u.id = k.customer_id "
	           "LEFT JOIN cases c ON c.id = k.case_id LEFT JOIN staff s ON s.id = k.replied_by "
	           "WHERE (? = 0 OR k.customer_id = ?) AND (? = 0 OR k.replied_at IS NULL) "
	           "ORDER BY ? = 0 AND k.replied_at IS NULL DESC, "
	           "CASE WHEN ? = 0 AND k.replied_at IS NULL THEN k.due_at END, "
	           "k.created_at DESC, k.id DESC LIMIT ? OFFSET ?",
	           DB_ARGS(DB_INT(customer_id), DB_INT(customer_id), DB_INT(open_only),
	                   DB_INT(customer_id), DB_INT(customer_id), DB_INT(COMPLAINTS_PAGE + 1),
	                   DB_INT((long long)(page - 1) * COMPLAINTS_PAGE)),
	           &res);
	if (e == DB_OK)
		read_list(a, &res, list, n, more);
	return e;
}

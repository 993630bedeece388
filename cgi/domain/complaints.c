/*
 * complaints.c — complaints and replies (complaints table, schema/007).
 */
#include <string.h>

#include "complaints.h"
#include "sla.h"

enum complaint_result complaint_create(struct db *db, struct arena *a, long long customer_id,
                                       const char *case_no, const char *subject,
                                       const char *body, time_t now, long long *id,
                                       enum db_err *err)
{
	struct calendar cal;
	struct dbrow *row;
	struct dbres res;
	struct dbv case_id = DB_NULLV;
	char at[20], due[20];

	*err = DB_OK;
	if (case_no && *case_no) {
		*err = db_row(db, a, "SELECT id FROM cases WHERE case_no = ? AND customer_id = ?",
		              DB_ARGS(DB_STR(case_no), DB_INT(customer_id)), &row);
		if (*err != DB_OK)
			return COMPLAINT_DB;
		if (!row)
			return COMPLAINT_NO_CASE;
		case_id = DB_INT(db_int(row, 0));
	}
	if ((*err = calendar_load(db, a, &cal)) != DB_OK)
		return COMPLAINT_DB;
	format_db_datetime(now, at);
	format_db_datetime(cal_add_working_days(&cal, now, COMPLAINT_RESPONSE_DAYS), due);
	*err = db_run(db, a,
	              "INSERT INTO complaints (customer_id, case_id, subject, body, created_at, due_at) "
	              "VALUES (?, ?, ?, ?, ?, ?)",
	              DB_ARGS(DB_INT(customer_id), case_id, DB_STR(subject), DB_STR(body),
	                      DB_STR(at), DB_STR(due)),
	              &res);
	if (*err != DB_OK)
		return COMPLAINT_DB;
	*id = (long long)res.insert_id;
	return COMPLAINT_OK;
}

enum complaint_result complaint_reply(struct db *db, struct arena *a, long long id,
                                      long long staff_id, const char *body, time_t now,
                                      enum db_err *err)
{
	struct dbres res;
	struct dbrow *row;
	char at[20];

	format_db_datetime(now, at);
	*err = db_run(db, NULL,
	              "UPDATE complaints SET reply = ?, replied_by = ?, replied_at = ? "
	              "WHERE id = ? AND replied_at IS NULL",
	              DB_ARGS(DB_STR(body), DB_INT(staff_id), DB_STR(at), DB_INT(id)), &res);
	if (*err != DB_OK)
		return COMPLAINT_DB;
	if (res.affected == 1)
		return COMPLAINT_OK;
	*err = db_row(db, a, "SELECT 1 FROM complaints WHERE id = ?", DB_ARGS(DB_INT(id)), &row);
	if (*err != DB_OK)
		return COMPLAINT_DB;
	return row ? COMPLAINT_ANSWERED : COMPLAINT_NOT_FOUND;
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

/*
 * queue.c — the staff's work queue of open cases (filtered, searched,
 * nearest due time first) and the open cases counted by the state of
 * their nearest time limit for /metrics.
 */
#include "accounts.h"
#include "cases.h"
#include "staff.h"

enum db_err cases_queue(struct db *db, struct arena *a, const struct queue_filter *f,
                        struct queue_row **rows, size_t *n, bool *more,
                        long long *staff_gen, const char **session)
{
	int page = f->page < 1 ? 1 : f->page;
	char now[20];
	struct dbres res;
	enum db_err e;

	format_db_datetime(f->now, now);
	e = db_run(db, a,
	           /* Cases first and by cases_queue (006): a page's rows, no sort. */
	           "SELECT STRAIGHT_JOIN c.case_no, o.order_no, cu.phone, cu.name, c.type, c.state, "
	           "c.created_at, c.next_due, c.next_due_start, s.name, " STAFF_GEN_SQL ", "
	           STAFF_SESSION_SQL ", c.return_tracking "
	           "FROM cases c JOIN orders o ON o.id = c.order_id "
	           "JOIN customers cu ON cu.id = c.customer_id "
	           "LEFT JOIN staff s ON s.id = c.assignee_id "
	           "WHERE ((? = '' AND c.queue_closed = 0) "
	           "       OR c.state = ?) "
	           "AND (? = '' OR c.type = ?) "
	           "AND (? = 0 OR c.assignee_id = ?) "
	           "AND (? = '' OR c.case_no = ? OR o.order_no = ? OR cu.phone = ? "
	           "     OR c.return_tracking = ?) "
	           "AND (? = '' "
	           "  OR (? = 'breached' AND c.next_due < ?) "
	           "  OR (? = 'at_risk' AND c.next_due >= ? AND "
	           "      TIMESTAMPDIFF(SECOND, c.next_due_start, ?) * 5 >= "
	           "      TIMESTAMPDIFF(SECOND, c.next_due_start, c.next_due) * 4)) "
	           "ORDER BY c.queue_closed, c.queue_due, c.created_at, c.id LIMIT ? OFFSET ?",
	           DB_ARGS(DB_INT(f->viewer), DB_STR(f->state), DB_STR(f->state), DB_STR(f->type),
	                   DB_STR(f->type),
	                   DB_INT(f->assignee), DB_INT(f->assignee), DB_STR(f->q), DB_STR(f->q),
	                   DB_STR(f->q), DB_STR(f->q), DB_STR(f->tracking),
	                   DB_STR(f->sla), DB_STR(f->sla), DB_STR(now), DB_STR(f->sla),
	                   DB_STR(now), DB_STR(now),
	                   DB_INT(QUEUE_PAGE + 1), DB_INT((long long)(page - 1) * QUEUE_PAGE)),
	           &res);
	if (e != DB_OK)
		return e;
	*more = res.nrows > QUEUE_PAGE;
	*n = *more ? QUEUE_PAGE : res.nrows;
	*staff_gen = res.nrows > 0 ? db_int(&res.rows[0], 10) : 0;
	*session = res.nrows > 0 ? res.rows[0].col[11] : NULL;
	*rows = amalloc(a, (*n + 1) * sizeof **rows);
	for (size_t i = 0; i < *n; i++) {
		const struct dbrow *row = &res.rows[i];
		struct queue_row *q = &(*rows)[i];

		q->case_no = row->col[0];
		q->order_no = row->col[1];
		q->phone = row->col[2];
		q->customer_name = row->col[3];
		q->type = row->col[4];
		q->state = row->col[5];
		q->created_at = db_time(row, 6);
		q->next_due = db_time(row, 7);
		q->next_due_start = db_time(row, 8);
		q->assignee = row->col[9];
		q->return_tracking = row->col[12];
	}
	return DB_OK;
}

enum db_err cases_sla_counts(struct db *db, struct arena *a, time_t now,
                             struct case_sla_counts *out)
{
	struct dbrow *row;
	char at[20];
	enum db_err e;

	format_db_datetime(now, at);
	/* The same 80 % rule as sla_state (calendar.c) and the queue's filter. */
	e = db_row(db, a,
	           "SELECT COALESCE(SUM(c.next_due IS NULL), 0), COALESCE(SUM(c.next_due < ?), 0), "
	           "COALESCE(SUM(c.next_due >= ? AND TIMESTAMPDIFF(SECOND, c.next_due_start, ?) * 5 >= "
	           "TIMESTAMPDIFF(SECOND, c.next_due_start, c.next_due) * 4), 0), COUNT(*) "
	           "FROM cases c WHERE c.queue_closed = 0",
	           DB_ARGS(DB_STR(at), DB_STR(at), DB_STR(at)), &row);
	if (e != DB_OK || !row)
		return e == DB_OK ? DB_ERROR : e;
	out->no_timer = db_int(row, 0);
	out->breached = db_int(row, 1);
	out->at_risk = db_int(row, 2);
	out->ok = db_int(row, 3) - out->no_timer - out->breached - out->at_risk;
	return DB_OK;
}

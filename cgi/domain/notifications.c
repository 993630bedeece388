/*
 * notifications.c — reads and resends outbox rows for the manager
 * (notifications.h).
 */
#include <string.h>

#include "notifications.h"

enum db_err notifications_list(struct db *db, struct arena *a, int page,
                               struct notification **list, size_t *n, bool *more)
{
	struct dbres res;
	enum db_err e = db_run(db, a,
	                       "SELECT o.id, o.event_type, o.channel, o.recipient, o.template, "
	                       "o.status, o.last_error, c.case_no, o.attempts, o.created_at, "
	                       "o.next_at, o.sent_at FROM outbox o LEFT JOIN cases c ON "
	                       "c.id = o.case_id ORDER BY o.id DESC LIMIT ? OFFSET ?",
	                       DB_ARGS(DB_INT(NOTIFICATIONS_PAGE + 1),
	                               DB_INT((long long)(page - 1) * NOTIFICATIONS_PAGE)),
	                       &res);

	*n = 0;
	*more = false;
	*list = NULL;
	if (e != DB_OK)
		return e;
	*more = res.nrows > NOTIFICATIONS_PAGE;
	*n = *more ? NOTIFICATIONS_PAGE : res.nrows;
	*list = amalloc(a, (*n ? *n : 1) * sizeof **list);
	for (size_t i = 0; i < *n; i++) {
		const struct dbrow *row = &res.rows[i];

		(*list)[i] = (struct notification){
			db_int(row, 0),   row->col[1],     row->col[2],     row->col[3],
			row->col[4],      row->col[5],     row->col[6],     row->col[7],
			(int)db_int(row, 8), db_time(row, 9), db_time(row, 10), db_time(row, 11)};
	}
	return DB_OK;
}

enum db_err notifications_counts(struct db *db, struct arena *a, long long counts[3])
{
	static const char *const names[3] = {"queued", "sent", "failed"};
	struct dbres res;
	enum db_err e = db_run(db, a, "SELECT status, COUNT(*) FROM outbox GROUP BY status",
	                       DB_NOARGS, &res);

	counts[0] = counts[1] = counts[2] = 0;
	for (size_t i = 0; e == DB_OK && i < res.nrows; i++)
		for (int k = 0; k < 3; k++)
			if (strcmp(res.rows[i].col[0], names[k]) == 0)
				counts[k] = db_int(&res.rows[i], 1);
	return e;
}

enum db_err notification_resend(struct db *db, long long id, time_t now,
                                enum resend_result *result)
{
	struct arena *a = arena_new();
	struct dbrow *row;
	struct dbres res;
	char at[20];
	enum db_err e;

	format_db_datetime(now, at);
	*result = RESEND_NOT_FOUND;
	e = db_row(db, a, "SELECT status, template FROM outbox WHERE id = ?", DB_ARGS(DB_INT(id)),
	           &row);
	if (e == DB_OK && row) {
		if (row->col[1] && strcmp(row->col[1], "reset_code") == 0)
			*result = RESEND_NEVER;
		else if (strcmp(row->col[0], "queued") == 0)
			*result = RESEND_QUEUED;
		else if ((e = db_run(db, NULL,
		                     "UPDATE outbox SET status = 'queued', attempts = 0, next_at = ?, "
		                     "claimed_until = NULL, claimed_by = NULL, last_error = NULL "
		                     "WHERE id = ? AND status <> 'queued'",
		                     DB_ARGS(DB_STR(at), DB_INT(id)), &res)) == DB_OK)
			*result = res.affected == 1 ? RESEND_OK : RESEND_QUEUED;
	}
	arena_free(a);
	return e;
}

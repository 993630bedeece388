/*
 * audit.c — reads the timeline of every case for the audit page. Rows of
 * case_events are only ever inserted (case_events.c), so this is the
 * record of who did what and when; audit_log adds what staff did with
 * personal data (contact details revealed, erasures).
 */
#include "audit.h"

enum db_err audit_events(struct db *db, struct arena *a, const struct audit_filter *f,
                         struct audit_event **list, size_t *n, bool *more)
{
	int page = f->page < 1 ? 1 : f->page;
	char from[20] = "", to[20] = "";
	struct dbres res;
	enum db_err e;

	if (f->from)
		format_db_datetime(f->from, from);
	if (f->to)
		format_db_datetime(f->to, to);
	long long upto = (long long)page * AUDIT_PAGE + 1;

	/* The empty and zero filters fold away when the statement runs, so
	 * each filter gets its index: cases_no, case_events_actor, _at. Each
	 * branch sorts and cuts its own rows (the index order), the union
	 * sorts at most twice a page's worth. audit_log (schema/018) holds
	 * what staff did with personal data outside a case's steps. */
	e = db_run(db, a,
	           "SELECT at, case_no, actor_kind, name, action, from_state, to_state, note FROM ("
	           "(SELECT e.at, e.id, 0 src, c.case_no, e.actor_kind, s.name, e.action, "
	           "e.from_state, e.to_state, e.note FROM case_events e JOIN cases c ON c.id = e.case_id "
	           "LEFT JOIN staff s ON e.actor_kind = 's' AND s.id = e.actor_id "
	           "WHERE (? = '' OR c.case_no = ?) "
	           "AND (? = 0 OR (e.actor_kind = 's' AND e.actor_id = ?)) "
	           "AND (? = '' OR e.at >= ?) AND (? = '' OR e.at < ?) "
	           "ORDER BY e.at DESC, e.id DESC LIMIT ?) "
	           "UNION ALL "
	           "(SELECT l.at, l.id, 1 src, c.case_no, IF(l.staff_id IS NULL, 'c', 's'), s.name, "
	           "l.action, NULL, NULL, IF(l.case_id IS NULL AND l.customer_id IS NOT NULL, "
	           "CONCAT('#', l.customer_id, "
	           "IF(l.note IS NULL, '', CONCAT(': ', l.note))), l.note) FROM audit_log l "
	           "LEFT JOIN cases c ON c.id = l.case_id LEFT JOIN staff s ON s.id = l.staff_id "
	           "WHERE (? = '' OR c.case_no = ?) AND (? = 0 OR l.staff_id = ?) "
	           "AND (? = '' OR l.at >= ?) AND (? = '' OR l.at < ?) "
	           "ORDER BY l.at DESC, l.id DESC LIMIT ?)) x "
	           "ORDER BY at DESC, src DESC, id DESC LIMIT ? OFFSET ?",
	           DB_ARGS(DB_STR(f->case_no), DB_STR(f->case_no), DB_INT(f->staff_id),
	                   DB_INT(f->staff_id), DB_STR(from), DB_STR(from), DB_STR(to), DB_STR(to),
	                   DB_INT(upto), DB_STR(f->case_no), DB_STR(f->case_no), DB_INT(f->staff_id),
	                   DB_INT(f->staff_id), DB_STR(from), DB_STR(from), DB_STR(to), DB_STR(to),
	                   DB_INT(upto), DB_INT(AUDIT_PAGE + 1),
	                   DB_INT((long long)(page - 1) * AUDIT_PAGE)),
	           &res);
	if (e != DB_OK)
		return e;
	*more = res.nrows > AUDIT_PAGE;
	*n = *more ? AUDIT_PAGE : res.nrows;
	*list = amalloc(a, (*n + 1) * sizeof **list);
	for (size_t i = 0; i < *n; i++) {
		const struct dbrow *row = &res.rows[i];

		(*list)[i] = (struct audit_event){db_time(row, 0), row->col[1],
		                                  row->col[2] ? row->col[2][0] : 'x', row->col[3],
		                                  row->col[4], row->col[5], row->col[6], row->col[7]};
	}
	return DB_OK;
}

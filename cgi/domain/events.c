/*
 * events.c — reads the shop's events feed (events.h).
 */
#include "events.h"

enum db_err events_after(struct db *db, struct arena *a, long long after,
                         struct event **list, size_t *n)
{
	struct dbres res;
	enum db_err e = db_run(db, a,
	                       "SELECT id, type, case_no, data, created_at FROM events "
	                       "WHERE id > ? ORDER BY id LIMIT ?",
	                       DB_ARGS(DB_INT(after), DB_INT(EVENTS_PAGE)), &res);

	*list = NULL;
	*n = 0;
	if (e != DB_OK)
		return e;
	*list = amalloc(a, (res.nrows ? res.nrows : 1) * sizeof **list);
	for (size_t i = 0; i < res.nrows; i++) {
		const struct dbrow *row = &res.rows[i];

		(*list)[i] = (struct event){db_int(row, 0), row->col[1], row->col[2], row->col[3],
		                            db_time(row, 4)};
	}
	*n = res.nrows;
	return DB_OK;
}

/*
 * followups.c — the agents' follow-ups of completed cases (followups
 * table, schema/027) and the list of those due.
 */
#include <string.h>

#include "cases.h"
#include "followups.h"
#include "sla.h"

const char *const followup_methods[FM__MAX] = {"phone", "online", "visit"};
const char *const followup_outcomes[FO__MAX] = {"reached", "unreachable", "declined"};

struct followup_tx {
	struct arena *a;
	const struct followup *f;
};

static int record_body(struct db *db, void *ctx)
{
	struct followup_tx *t = ctx;
	const struct followup *f = t->f;
	struct actor who = {'s', f->staff_id, 0};
	struct sla_step done = {"", "followup_done", NULL, true, false, 0};
	long long case_id, customer_id;
	struct dbrow *row;
	char at[20];
	enum db_err e;

	if ((e = db_row(db, t->a,
	                "SELECT c.id, c.customer_id, c.state, c.version, "
	                "(t.case_id IS NOT NULL AND t.stopped_at IS NULL) FROM cases c "
	                "LEFT JOIN case_timers t ON t.case_id = c.id AND t.timer = 'followup' "
	                "WHERE c.case_no = ? FOR UPDATE",
	                DB_ARGS(DB_STR(f->case_no)), &row)) != DB_OK)
		return db_fail(e);
	if (!row)
		return FOLLOWUP_NO_CASE;
	if (db_int(row, 3) != f->version)
		return FOLLOWUP_STALE;
	if (strcmp(row->col[2], "completed") != 0 || db_int(row, 4) != 1)
		return FOLLOWUP_NOT_DUE;
	case_id = db_int(row, 0);
	customer_id = db_int(row, 1);
	format_db_datetime(f->now, at);
	if ((e = db_run(db, NULL,
	                "INSERT INTO followups (case_id, staff_id, method, outcome, at) "
	                "VALUES (?, ?, ?, ?, ?)",
	                DB_ARGS(DB_INT(case_id), DB_INT(f->staff_id),
	                        DB_STR(followup_methods[f->method]),
	                        DB_STR(followup_outcomes[f->outcome]), DB_STR(at)),
	                NULL)) != DB_OK ||
	    (e = db_run(db, NULL, "UPDATE cases SET version = version + 1, updated_at = ? WHERE id = ?",
	                DB_ARGS(DB_STR(at), DB_INT(case_id)), NULL)) != DB_OK)
		return db_fail(e);
	/* the customer's timeline shows a follow-up that reached them */
	if (f->outcome != FO_UNREACHABLE &&
	    (e = case_event_add(db, case_id, at, &who, "followup", "completed", "completed", NULL)) !=
	        DB_OK)
		return db_fail(e);
	/* the answers stop the timer with the survey; a declined call stops it
	 * here; an unreachable one leaves it running */
	if (f->outcome == FO_REACHED)
		e = survey_write(db, t->a, case_id, f->case_no, customer_id, &who,
		                 followup_methods[f->method], f->score, f->comment, f->now);
	else if (f->outcome == FO_DECLINED)
		e = sla_event(db, t->a, case_id, &done, f->now);
	return e != DB_OK ? db_fail(e) : FOLLOWUP_OK;
}

enum followup_result followup_record(struct db *db, struct arena *a, const struct followup *f,
                                     enum db_err *err)
{
	struct followup_tx t = {a, f};
	int rc = db_tx(db, record_body, &t);

	*err = rc < 0 ? (enum db_err)-rc : DB_OK;
	return rc < 0 ? FOLLOWUP_DB : (enum followup_result)rc;
}

enum db_err followups_due(struct db *db, struct arena *a, int page, struct followup_task **list,
                          size_t *n, bool *more)
{
	struct dbres res;
	enum db_err e;

	if (page < 1)
		page = 1;
	e = db_run(db, a,
	           "SELECT c.case_no, u.name, u.phone, t.started_at, t.due_at, "
	           "(SELECT COUNT(*) FROM followups f WHERE f.case_id = c.id) "
	           "FROM case_timers t JOIN cases c ON c.id = t.case_id "
	           "JOIN customers u ON u.id = c.customer_id "
	           "WHERE t.timer = 'followup' AND t.stopped_at IS NULL "
	           "ORDER BY t.due_at, t.case_id LIMIT ? OFFSET ?",
	           DB_ARGS(DB_INT(FOLLOWUPS_PAGE + 1), DB_INT((long long)(page - 1) * FOLLOWUPS_PAGE)),
	           &res);
	if (e != DB_OK)
		return e;
	*more = res.nrows > FOLLOWUPS_PAGE;
	*n = *more ? FOLLOWUPS_PAGE : res.nrows;
	*list = amalloc(a, (*n + 1) * sizeof **list);
	for (size_t i = 0; i < *n; i++) {
		const struct dbrow *row = &res.rows[i];

		(*list)[i] = (struct followup_task){row->col[0], row->col[1], row->col[2],
		                                    db_time(row, 3), db_time(row, 4),
		                                    (int)db_int(row, 5)};
	}
	return DB_OK;
}

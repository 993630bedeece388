/*
 * sendback.c — sending the goods back: the case page's return details,
 * pick-up bookings, and the ship-by job (reminder, then close).
 */
#include <string.h>

#include "outbox.h"
#include "returns.h"
#include "sendback.h"
#include "settings.h"

#define OVERDUE_BATCH 200 /* cases a run handles; the next run takes the rest */

/* "YYYY-MM-DD" of t in the shop's time. */
static const char *local_day(struct arena *a, time_t t)
{
	char *day = amalloc(a, 11);

	format_local_date(t, day);
	return day;
}

enum db_err return_view_load(struct db *db, struct arena *a, const struct case_view *cv,
                             struct return_view *rv)
{
	struct service_policy sp;
	struct dbrow *row;
	enum db_err e;

	memset(rv, 0, sizeof *rv);
	if ((e = service_policy_load(db, a, &sp)) != DB_OK ||
	    (e = return_address_of(db, a, cv->id, &sp, &rv->address)) != DB_OK ||
	    (e = db_row(db, a,
	                "SELECT c.ship_by, c.return_carrier, c.return_tracking, "
	                "DATE_FORMAT(p.day, '%Y-%m-%d'), p.time_window, p.address, p.state "
	                "FROM cases c LEFT JOIN pickups p ON p.case_id = c.id WHERE c.id = ?",
	                DB_ARGS(DB_INT(cv->id)), &row)) != DB_OK)
		return e;
	rv->payer = postage_payer(cv->reason, sp.postage_quality, sp.postage_no_reason);
	if (!row)
		return DB_OK;
	rv->ship_by = db_time(row, 0);
	rv->carrier = row->col[1];
	rv->tracking_no = row->col[2];
	rv->pickup = (struct pickup){row->col[3], row->col[4], row->col[5], row->col[6]};
	return DB_OK;
}

struct book_tx {
	struct arena *a;
	const char *case_no;
	long long customer_id;
	int expected_version;
	const char *day, *window, *address;
	time_t now;
};

static int book_body(struct db *db, void *ctx)
{
	struct book_tx *t = ctx;
	struct actor me = {'c', t->customer_id, 0};
	struct case_view cv = {0};
	struct dbrow *row;
	char now[20];
	enum db_err e;

	format_db_datetime(t->now, now);
	if ((e = db_row(db, t->a,
	                "SELECT c.id, c.customer_id, c.state, c.version, c.type, c.repair_mode, "
	                "c.fast_refund, p.state FROM cases c "
	                "LEFT JOIN pickups p ON p.case_id = c.id WHERE c.case_no = ? FOR UPDATE",
	                DB_ARGS(DB_STR(t->case_no)), &row)) != DB_OK)
		return db_fail(e);
	if (!row || db_int(row, 1) != t->customer_id)
		return CASE_NOT_FOUND;
	cv.id = db_int(row, 0);
	cv.state = row->col[2];
	cv.type = row->col[4];
	cv.repair_mode = row->col[5];
	cv.fast_refund = db_int(row, 6) != 0;
	/* a pick-up is a way of sending: offered while a shipment would be */
	if ((t->expected_version >= 0 && db_int(row, 3) != t->expected_version) ||
	    !case_action_allowed(cv.state, cv.type, case_flags(&cv), &me, ACT_SHIPMENT) ||
	    (row->col[7] && strcmp(row->col[7], "confirmed") == 0))
		return CASE_CONFLICT;
	if ((e = db_run(db, NULL,
	                "REPLACE INTO pickups (case_id, day, time_window, address, state, booked_at) "
	                "VALUES (?, ?, ?, ?, 'booked', ?)",
	                DB_ARGS(DB_INT(cv.id), DB_STR(t->day), DB_STR(t->window), DB_STR(t->address),
	                        DB_STR(now)),
	                NULL)) != DB_OK ||
	    (e = db_run(db, NULL,
	                "UPDATE cases SET version = version + 1, updated_at = ? WHERE id = ?",
	                DB_ARGS(DB_STR(now), DB_INT(cv.id)), NULL)) != DB_OK ||
	    (e = case_event_add(db, cv.id, now, &me, "pickup_booked", cv.state, cv.state,
	                        aprintf(t->a, "%s %s · %s", t->day, t->window, t->address))) != DB_OK)
		return db_fail(e);
	return CASE_OK;
}

int pickup_book(struct db *db, struct arena *a, const char *case_no, long long customer_id,
                int expected_version, const char *day, const char *window,
                const char *address, time_t now, struct case_result *res)
{
	struct book_tx t = {a, case_no, customer_id, expected_version, day, window, address, now};

	return case_tx(db, book_body, &t, res);
}

struct move_tx {
	struct arena *a;
	const char *case_no;
	const struct actor *who;
	const char *day, *window;
	time_t now;
};

static int move_body(struct db *db, void *ctx)
{
	struct move_tx *t = ctx;
	struct dbrow *row;
	char now[20];
	enum db_err e;

	format_db_datetime(t->now, now);
	if ((e = db_row(db, t->a,
	                "SELECT c.id, c.state FROM cases c JOIN pickups p ON p.case_id = c.id "
	                "WHERE c.case_no = ? AND p.state = 'booked' FOR UPDATE",
	                DB_ARGS(DB_STR(t->case_no)), &row)) != DB_OK)
		return db_fail(e);
	if (!row)
		return CASE_NOT_FOUND;
	if ((e = db_run(db, NULL, "UPDATE pickups SET day = ?, time_window = ? WHERE case_id = ?",
	                DB_ARGS(DB_STR(t->day), DB_STR(t->window), DB_INT(db_int(row, 0))),
	                NULL)) != DB_OK ||
	    (e = db_run(db, NULL,
	                "UPDATE cases SET version = version + 1, updated_at = ? WHERE id = ?",
	                DB_ARGS(DB_STR(now), DB_INT(db_int(row, 0))), NULL)) != DB_OK ||
	    (e = case_event_add(db, db_int(row, 0), now, t->who, "pickup_moved", row->col[1],
	                        row->col[1], aprintf(t->a, "%s %s", t->day, t->window))) != DB_OK)
		return db_fail(e);
	return CASE_OK;
}

int pickup_move(struct db *db, struct arena *a, const char *case_no, const struct actor *who,
                const char *day, const char *window, time_t now, struct case_result *res)
{
	struct move_tx t = {a, case_no, who, day, window, now};

	return case_tx(db, move_body, &t, res);
}

enum db_err pickups_of_day(struct db *db, struct arena *a, const char *day,
                           struct pickup_row **rows, size_t *n)
{
	struct dbres res;
	enum db_err e;

	if ((e = db_run(db, a,
	                "SELECT c.case_no, c.state, c.version, p.time_window, p.address, p.state, "
	                "cu.name, cu.phone FROM pickups p JOIN cases c ON c.id = p.case_id "
	                "JOIN customers cu ON cu.id = c.customer_id "
	                "WHERE p.day = ? ORDER BY p.time_window, c.case_no LIMIT 500",
	                DB_ARGS(DB_STR(day)), &res)) != DB_OK)
		return e;
	*n = res.nrows;
	*rows = amalloc(a, (res.nrows + 1) * sizeof **rows);
	for (size_t i = 0; i < res.nrows; i++) {
		const struct dbrow *row = &res.rows[i];

		(*rows)[i] = (struct pickup_row){row->col[0], row->col[1], (int)db_int(row, 2),
		                                 row->col[3], row->col[4], row->col[5],
		                                 row->col[6], row->col[7]};
	}
	return DB_OK;
}

/* The customers whose ship-by passed: told once. */
static enum db_err remind(struct db *db, struct arena *a, const struct service_policy *sp,
                          const char *now, time_t t, int *queued)
{
	struct dbres res;
	enum db_err e;

	if ((e = db_run(db, a,
	                "SELECT c.id, c.case_no, c.customer_id, c.ship_by FROM cases c "
	                "WHERE c.state = 'awaiting_return' AND c.ship_by < ? "
	                "AND c.ship_by_reminded = 0 AND NOT EXISTS (SELECT 1 FROM pickups p "
	                "WHERE p.case_id = c.id AND p.state = 'booked') "
	                "ORDER BY c.ship_by LIMIT ? FOR UPDATE",
	                DB_ARGS(DB_STR(now), DB_INT(OVERDUE_BATCH)), &res)) != DB_OK)
		return e;
	for (size_t i = 0; i < res.nrows; i++) {
		const struct dbrow *row = &res.rows[i];
		struct notice n = NOTICE_INIT;

		n.tmpl = "ship_by_reminder";
		n.case_id = db_int(row, 0);
		n.case_no = row->col[1];
		n.customer_id = db_int(row, 2);
		n.action = "ship_by_reminder";
		n.due = local_day(a, db_time(row, 3));
		if ((e = return_address_of(db, a, n.case_id, sp, &n.address)) != DB_OK ||
		    (e = outbox_notice(db, a, &n, t)) != DB_OK ||
		    (e = db_run(db, NULL, "UPDATE cases SET ship_by_reminded = 1 WHERE id = ?",
		                DB_ARGS(DB_INT(n.case_id)), NULL)) != DB_OK)
			return e;
		++*queued;
	}
	return DB_OK;
}

/* The cases still waiting grace days after their ship-by: closed. */
static enum db_err close_overdue(struct db *db, struct arena *a, const struct service_policy *sp,
                                 time_t t, int *queued)
{
	static const struct actor system = {'x', 0, 0};
	const struct step s = {.act = ACT_CLOSE, .expected_version = -1};
	char before[20];
	struct dbres res;
	enum db_err e;

	format_db_datetime(t - (time_t)sp->ship_by_grace_days * 86400, before);
	if ((e = db_run(db, a,
	                "SELECT c.case_no FROM cases c "
	                "WHERE c.state = 'awaiting_return' AND c.fast_refund = 0 AND c.ship_by < ? "
	                "AND NOT EXISTS (SELECT 1 FROM pickups p "
	                "WHERE p.case_id = c.id AND p.state = 'booked') "
	                "ORDER BY c.ship_by LIMIT ?",
	                DB_ARGS(DB_STR(before), DB_INT(OVERDUE_BATCH)), &res)) != DB_OK)
		return e;
	for (size_t i = 0; i < res.nrows; i++) {
		struct case_result cr = {0};
		int rc = case_transition_in_tx(db, a, res.rows[i].col[0], &system, &s, t, &cr);

		if (rc == CASE_DB)
			return cr.db;
		if (rc == CASE_OK)
			++*queued;
	}
	return DB_OK;
}

enum db_err returns_overdue(struct db *db, struct arena *a, time_t t, int *queued)
{
	struct service_policy sp;
	char now[20];
	enum db_err e;

	format_db_datetime(t, now);
	if ((e = service_policy_load(db, a, &sp)) != DB_OK ||
	    (e = remind(db, a, &sp, now, t, queued)) != DB_OK)
		return e;
	return close_overdue(db, a, &sp, t, queued);
}

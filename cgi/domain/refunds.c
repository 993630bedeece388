/*
 * refunds.c — the refund step of a case: never past what an item was
 * paid, never twice. A refund is recorded and split over the case's
 * items, or held for a manager's approval. The payment system confirms
 * one credited, or says it could not pay it: a failed refund stays on
 * record but counts as paid nowhere, and the case waits for finance again.
 */
#include <string.h>

#include "outbox.h"
#include "refunds.h"

/* The most that may still be refunded on a case: per item, what its units
 * in the case cost, less what live refunds (not failed) took from the
 * item already; for a
 * refund-only case also no more than was asked. Locks the item rows, so
 * two cases on one item refund one after the other. */
static enum db_err refund_cap(struct db *db, struct arena *a, long long case_id,
                              struct dbres *items, long long *cap)
{
	struct dbrow *row;
	enum db_err e;

	*cap = 0;
	if ((e = db_run(db, a,
	                "SELECT i.id FROM order_items i JOIN case_items ci ON ci.order_item_id = i.id "
	                "WHERE ci.case_id = ? ORDER BY i.id FOR UPDATE",
	                DB_ARGS(DB_INT(case_id)), NULL)) != DB_OK)
		return e;
	if ((e = db_run(db, a,
	                "SELECT i.id, LEAST(i.paid_fen * ci.qty DIV i.qty, i.paid_fen - "
	                "  COALESCE((SELECT SUM(ri.amount_fen) FROM refund_items ri "
	                "            JOIN refunds r ON r.id = ri.refund_id "
	                "            WHERE ri.order_item_id = i.id AND r.failed_at IS NULL), 0)) "
	                "FROM case_items ci JOIN order_items i ON i.id = ci.order_item_id "
	                "WHERE ci.case_id = ? ORDER BY i.id",
	                DB_ARGS(DB_INT(case_id)), items)) != DB_OK)
		return e;
	for (size_t i = 0; i < items->nrows; i++)
		if (db_int(&items->rows[i], 1) > 0)
			*cap += db_int(&items->rows[i], 1);
	/* a partial inspection's deduction: never more than the units'
	 * price less it (schema/035) */
	if ((e = db_row(db, a,
	                "SELECT c.amount_fen, c.deduction_fen, "
	                "(SELECT COALESCE(SUM(oi.paid_fen * ci.qty DIV oi.qty), 0) FROM case_items ci "
	                " JOIN order_items oi ON oi.id = ci.order_item_id WHERE ci.case_id = c.id) "
	                "FROM cases c WHERE c.id = ?",
	                DB_ARGS(DB_INT(case_id)), &row)) != DB_OK)
		return e;
	if (row && !db_null(row, 0) && db_int(row, 0) < *cap)
		*cap = db_int(row, 0);
	if (row && !db_null(row, 1) && db_int(row, 2) - db_int(row, 1) < *cap)
		*cap = db_int(row, 2) - db_int(row, 1) > 0 ? db_int(row, 2) - db_int(row, 1) : 0;
	return DB_OK;
}

enum db_err case_refund_cap(struct db *db, struct arena *a, long long case_id,
                            long long *cap_fen)
{
	struct dbres items;

	return refund_cap(db, a, case_id, &items, cap_fen);
}

/* The amount asked against what may still be refunded (items: the cap of
 * each item): CASE_OK, CASE_BAD_AMOUNT with the cap in res->bad_item. */
static int check_refund(struct db *db, struct arena *a, long long case_id,
                        const struct step *s, struct dbres *items, struct case_result *res)
{
	long long cap;
	enum db_err e;

	if ((e = refund_cap(db, a, case_id, items, &cap)) != DB_OK)
		return db_fail(e);
	if (s->amount_fen <= 0 || s->amount_fen > cap) {
		res->bad_item = cap;
		return CASE_BAD_AMOUNT;
	}
	return CASE_OK;
}

int refund_record(struct db *db, struct arena *a, long long case_id,
                  const struct actor *who, const struct step *s,
                  const char *now, struct case_result *res)
{
	struct dbres items, ins;
	long long left = s->amount_fen, refund_id;
	enum db_err e;
	int rc;

	if ((rc = check_refund(db, a, case_id, s, &items, res)) != CASE_OK)
		return rc;
	e = db_run(db, a,
	           "INSERT INTO refunds (case_id, amount_fen, reference, staff_id, created_at) "
	           "VALUES (?, ?, ?, ?, ?)",
	           DB_ARGS(DB_INT(case_id), DB_INT(s->amount_fen), DB_STR(s->reference),
	                   DB_INT(who->id), DB_STR(now)),
	           &ins);
	if (e == DB_DUPLICATE)
		return CASE_CONFLICT; /* refunds_live_case: this case has a live refund */
	if (e != DB_OK)
		return db_fail(e);
	refund_id = (long long)ins.insert_id;
	/* Split over the items in order, each up to its own cap. */
	for (size_t i = 0; i < items.nrows && left > 0; i++) {
		long long part = db_int(&items.rows[i], 1);

		if (part <= 0)
			continue;
		if (part > left)
			part = left;
		if ((e = db_run(db, NULL,
		                "INSERT INTO refund_items (refund_id, order_item_id, amount_fen) "
		                "VALUES (?, ?, ?)",
		                DB_ARGS(DB_INT(refund_id), DB_INT(db_int(&items.rows[i], 0)),
		                        DB_INT(part)),
		                NULL)) != DB_OK)
			return db_fail(e);
		left -= part;
	}
	return CASE_OK;
}

/* A refund waiting for a manager: checked against the cap as a real one
 * would be, and kept for the manager's form. */
int refund_hold(struct db *db, struct arena *a, long long case_id,
                const struct step *s, struct case_result *res)
{
	struct dbres items;
	enum db_err e;
	int rc;

	if ((rc = check_refund(db, a, case_id, s, &items, res)) != CASE_OK)
		return rc;
	if ((e = db_run(db, NULL, "UPDATE cases SET pending_refund_fen = ? WHERE id = ?",
	                DB_ARGS(DB_INT(s->amount_fen), DB_INT(case_id)), NULL)) != DB_OK)
		return db_fail(e);
	return CASE_OK;
}

int refund_fail_check(struct db *db, struct arena *a, long long case_id, const struct step *s,
                      bool *done, struct refund_paid *paid)
{
	struct dbrow *row;
	enum db_err e;

	*done = false;
	if ((e = db_row(db, a,
	                "SELECT credited_at, failed_at, fail_reason, amount_fen, reference "
	                "FROM refunds WHERE id = ? AND case_id = ? FOR UPDATE",
	                DB_ARGS(DB_INT(s->refund_id), DB_INT(case_id)), &row)) != DB_OK)
		return db_fail(e);
	if (!row)
		return CASE_NOT_FOUND;
	if (row->col[1]) {
		/* told before: the same word again changes nothing */
		*done = row->col[2] && s->note && strcmp(row->col[2], s->note) == 0;
		return *done ? CASE_OK : CASE_CONFLICT;
	}
	if (row->col[0])
		return CASE_CONFLICT; /* credited: the money did arrive */
	paid->amount_fen = db_int(row, 3);
	paid->reference = row->col[4];
	return CASE_OK;
}

int refund_fail(struct db *db, const struct step *s, const char *now)
{
	enum db_err e = db_run(db, NULL,
	                       "UPDATE refunds SET failed_at = ?, fail_reason = ? "
	                       "WHERE id = ? AND failed_at IS NULL AND credited_at IS NULL",
	                       DB_ARGS(DB_STR(now), DB_STR(s->note), DB_INT(s->refund_id)), NULL);

	return e == DB_OK ? CASE_OK : db_fail(e);
}

struct credit_tx {
	struct arena *a;
	const char *case_no;
	long long refund_id;
	time_t at, now;
};

static int credit_body(struct db *db, void *ctx)
{
	struct credit_tx *t = ctx;
	struct notice n = NOTICE_INIT;
	struct dbrow *row;
	char at[20];
	enum db_err e;

	if ((e = db_row(db, t->a,
	                "SELECT r.created_at, r.credited_at, c.id, r.amount_fen, r.reference, "
	                "r.failed_at FROM refunds r JOIN cases c ON c.id = r.case_id "
	                "WHERE c.case_no = ? AND r.id = ? FOR UPDATE",
	                DB_ARGS(DB_STR(t->case_no), DB_INT(t->refund_id)), &row)) != DB_OK)
		return db_fail(e);
	if (!row)
		return CASE_NOT_FOUND;
	if (row->col[1])
		return db_time(row, 1) == t->at ? CASE_OK : CASE_CONFLICT;
	if (row->col[5])
		return CASE_CONFLICT; /* it failed: no money reached anyone */
	if (t->at < db_time(row, 0) || t->at > t->now + 300)
		return CASE_BAD_AMOUNT;
	format_db_datetime(t->at, at);
	if ((e = db_run(db, NULL, "UPDATE refunds SET credited_at = ? WHERE id = ?",
	                DB_ARGS(DB_STR(at), DB_INT(t->refund_id)), NULL)) != DB_OK)
		return db_fail(e);
	n.type = "refund.credited";
	n.case_id = db_int(row, 2);
	n.case_no = t->case_no;
	n.amount_fen = db_int(row, 3);
	n.reference = row->col[4];
	return (e = outbox_notice(db, t->a, &n, t->now)) != DB_OK ? db_fail(e) : CASE_OK;
}

int refund_credit(struct db *db, struct arena *a, const char *case_no, long long refund_id,
                  time_t credited_at, time_t now, struct case_result *res)
{
	struct credit_tx t = {a, case_no, refund_id, credited_at, now};

	return case_tx(db, credit_body, &t, res);
}

enum db_err refund_credited_at(struct db *db, struct arena *a, long long case_id, time_t *at,
                               long long *amount_fen)
{
	struct dbrow *row;
	enum db_err e = db_row(db, a,
	                       "SELECT credited_at, amount_fen FROM refunds WHERE live_case_id = ?",
	                       DB_ARGS(DB_INT(case_id)), &row);

	*at = e == DB_OK && row && !db_null(row, 0) ? db_time(row, 0) : 0;
	*amount_fen = e == DB_OK && row ? db_int(row, 1) : -1;
	return e;
}
